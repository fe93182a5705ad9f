"""Programmes, themes, programme goals and participations (with their status history)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.registry.models import County, Municipality


class ThemeCode(models.TextChoices):
    """The programme's six themes as codes. Goals, indicators and examples store these codes;
    `Theme.slug` uses the same codes, and the national coordinator edits the themes' texts."""

    CLIMATE_ENERGY = "climate_energy", _("Klima og energi")
    LAND_USE = "land_use", _("Arealpolitiske hensyn")
    QUALITY_OF_LIFE_HEALTH = "quality_of_life_health", _("Livskvalitet, friluftsliv og folkehelse")
    INTERNATIONAL = "international", _("Internasjonalt samarbeid med Sør og Øst")
    PRODUCTION_CONSUMPTION = (
        "production_consumption",
        _("Framtidsrettet produksjon og forbruk, miljøbasert næringsutvikling"),
    )
    CULTURAL_HERITAGE = (
        "cultural_heritage",
        _("Kulturminner som grunnlag for nærings- og samfunnsutvikling"),
    )


class Theme(models.Model):
    """A theme a network can work on (climate and energy, public health, …). The national
    coordinator keeps the list."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    active = models.BooleanField(_("i bruk"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A national programme (satsing) that municipalities join by political decision."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    starts_on = models.DateField(_("starter"))
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    agreement_parties = models.ManyToManyField(
        Organisation, verbose_name=_("avtaleparter"), blank=True, related_name="programmes"
    )
    capacity = models.PositiveIntegerField(
        _("kapasitet"),
        null=True,
        blank=True,
        help_text=_("Høyeste antall deltakere (kommuner og fylkeskommuner). Tom: ingen grense."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("tillatte temaer"), blank=True, related_name="programmes"
    )
    min_themes = models.PositiveSmallIntegerField(_("minste antall temaer per nettverk"), default=2)
    network_size_min = models.PositiveSmallIntegerField(_("minste nettverksstørrelse"), default=4)
    network_size_max = models.PositiveSmallIntegerField(_("største nettverksstørrelse"), default=7)

    history = HistoricalRecords(m2m_fields=[agreement_parties, themes])

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(network_size_min__gte=1)
                & models.Q(network_size_max__gte=models.F("network_size_min")),
                name="programme_network_size_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.slug])

    @property
    def period_label(self) -> str:
        end = f"{self.ends_on.year}" if self.ends_on else ""
        return f"{self.starts_on.year}–{end}"

    @property
    def has_ended(self) -> bool:
        """The programme's period is over (its participations are completed)."""
        return self.ends_on is not None and self.ends_on < timezone.localdate()


class ProgrammeGoal(models.Model):
    """A goal of a programme; a goal with a parent is a sub-goal."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="goals"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hovedmål"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subgoals",
    )
    text = models.TextField(_("mål"))
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("programmål")
        verbose_name_plural = _("programmål")

    def __str__(self) -> str:
        return self.text[:80]


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Søkt")
    ACTIVE = "active", _("Aktiv")
    PAUSED = "paused", _("Pause")
    WITHDRAWN = "withdrawn", _("Trukket")
    COMPLETED = "completed", _("Fullført")
    REFUSED = "refused", _("Avslått")


# Participations that take a place in the programme (count against its capacity).
OCCUPYING_STATUSES = (
    ParticipationStatus.APPLIED,
    ParticipationStatus.ACTIVE,
    ParticipationStatus.PAUSED,
)


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def occupying(self) -> ParticipationQuerySet:
        return self.filter(status__in=OCCUPYING_STATUSES)

    def missing_decision(self) -> ParticipationQuerySet:
        return self.filter(decision_date__isnull=True)


class Participation(models.Model):
    """One municipality (or county municipality) taking part in one programme, from its
    application, through approval, to its end. `status` is the current status; every change is
    a `ParticipationStatusChange` row, so the status on any date can be read back."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("fylkeskommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.APPLIED,
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("valgte temaer"), blank=True, related_name="participations"
    )
    local_challenges = models.TextField(
        _("lokale utfordringer"),
        blank=True,
        help_text=_("De reelle utfordringene i kommunen som ligger bak temaene dere har valgt."),
    )
    # The political decision.
    decision_body = models.CharField(_("vedtaksorgan"), max_length=120, blank=True)
    decision_date = models.DateField(_("vedtaksdato"), null=True, blank=True)
    decision_case_ref = models.CharField(_("saksnummer"), max_length=60, blank=True)
    decision_url = models.URLField(_("lenke til vedtaket"), blank=True)
    decision_document = models.FileField(
        _("vedtaksdokument"), upload_to="vedtak/%Y/", blank=True, max_length=200
    )
    decision_pending = models.BooleanField(
        _("vedtak kommer"),
        default=False,
        help_text=_(
            "Søknaden sendes før det politiske vedtaket er fattet. Deltakelsen kan ikke "
            "godkjennes før vedtaket er registrert."
        ),
    )
    # The administrative anchoring.
    anchored_by = models.CharField(_("administrativt forankret av"), max_length=200, blank=True)
    anchored_on = models.DateField(_("forankret dato"), null=True, blank=True)
    # Contacts.
    contact_elected = models.CharField(_("kontakt, folkevalgt"), max_length=200, blank=True)
    contact_manager = models.CharField(_("kontakt, toppleder"), max_length=200, blank=True)
    contact_professional = models.CharField(
        _("kontakt, faglig ansvarlig"), max_length=200, blank=True
    )
    accepts_expectations = models.BooleanField(_("godtar forventningene"), default=False)
    applied_on = models.DateField(_("søkt dato"), default=datetime.date.today)
    approved_on = models.DateField(_("godkjent dato"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[themes])
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "municipality__number", "county__number"]
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, county__isnull=True)
                | models.Q(municipality__isnull=True, county__isnull=False),
                name="participation_one_participant",
            ),
            models.UniqueConstraint(
                fields=["programme", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="unique_participation_municipality",
            ),
            models.UniqueConstraint(
                fields=["programme", "county"],
                condition=models.Q(county__isnull=False),
                name="unique_participation_county",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} – {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:participation_detail", args=[self.programme.slug, self.key])

    @property
    def key(self) -> str:
        """The participant's number in URLs: four digits for a municipality, two for a county."""
        if self.municipality_id is not None:
            return self.municipality.number  # type: ignore[union-attr]  # set when id is
        return self.county.number  # type: ignore[union-attr]  # one of them is set

    @property
    def participant_name(self) -> str:
        if self.municipality_id is not None:
            return self.municipality.name_nb  # type: ignore[union-attr]  # set when id is
        return f"{self.county.name} fylkeskommune"  # type: ignore[union-attr]  # one is set

    @property
    def has_decision(self) -> bool:
        return self.decision_date is not None

    @property
    def has_full_decision(self) -> bool:
        """The political decision is there in full: body, date, case number, and the document
        or a link to the municipality's archive case."""
        return bool(
            self.decision_body
            and self.decision_date
            and self.decision_case_ref
            and (self.decision_url or self.decision_document)
        )

    def permission_scopes(self) -> list[Any]:
        """A municipality's participation is reached through the municipality's scopes; a
        county municipality's through the county and its KS region."""
        if self.municipality_id is not None:
            return [self, *self.municipality.permission_scopes()]  # type: ignore[union-attr]
        return [self, *self.county.permission_scopes()]  # type: ignore[union-attr]

    @property
    def ks_region_id(self) -> int | None:
        if self.municipality_id is not None:
            return self.municipality.county.ks_region_id  # type: ignore[union-attr]
        return self.county.ks_region_id  # type: ignore[union-attr]


class ParticipationStatusChange(models.Model):
    """A participation entered `status` on `changed_on` (who did it, and why)."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("deltakelse"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=12, choices=ParticipationStatus.choices)
    changed_on = models.DateField(_("dato"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["participation", "changed_on", "pk"]
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.status} {self.changed_on}"
