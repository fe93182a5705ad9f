"""Citizens, their proposals and comments, consultations, volunteer arenas and activities with
sign-ups, partners (resource organisations) and partnerships with municipalities.

Personal data of inhabitants lives only in `Citizen`, `CitizenLoginToken` and `SignUp`; the
public pages show a citizen's display name, never an email address or phone number.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import KsRegion, Municipality


class Citizen(models.Model):
    """An inhabitant who signed in by email link. Not a `User`: no password, no roles."""

    email = models.EmailField(_("e-postadresse"), unique=True)
    display_name = models.CharField(
        _("visningsnavn"),
        max_length=60,
        help_text=_("Vises offentlig sammen med forslagene dine. E-postadressen vises aldri."),
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    last_login_at = models.DateTimeField(_("sist innlogget"), null=True, blank=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("innbygger")
        verbose_name_plural = _("innbyggere")

    def __str__(self) -> str:
        return self.display_name


class CitizenLoginToken(models.Model):
    """One emailed sign-in link. Only a hash of the token is stored; it expires and is used once."""

    email = models.EmailField(_("e-postadresse"))
    display_name = models.CharField(_("visningsnavn"), max_length=60, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    next_url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("innloggingslenke")
        verbose_name_plural = _("innloggingslenker")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class Consultation(models.Model):
    """A question the municipality opens for comments from inhabitants, until a deadline."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("tittel"), max_length=200)
    text = models.TextField(_("tekst"), help_text=_("Hva kommunen ønsker innspill på, og hvorfor."))
    deadline = models.DateField(_("frist"), help_text=_("Siste dag for å komme med innspill."))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-deadline", "title"]
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:consultation_detail", args=[self.pk])

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()

    def is_open(self, today: datetime.date | None = None) -> bool:
        return self.deadline >= (today or timezone.localdate())


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def published(self) -> ProposalQuerySet:
        return self.filter(status=Proposal.Status.APPROVED)


class Proposal(models.Model):
    """A citizen's proposal or comment on a published goal, a published measure or an open
    consultation of a municipality. Shown publicly only after a coordinator approved it."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Forslag")
        COMMENT = "comment", _("Kommentar")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på moderering")
        APPROVED = "approved", _("Publisert")
        REJECTED = "rejected", _("Avvist")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="proposals"
    )
    citizen = models.ForeignKey(
        Citizen,
        verbose_name=_("innbygger"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    # A copy of the display name at the time of writing; replaced by "Anonym innbygger" when
    # the citizen deletes their data (see services.citizen_delete).
    author_name = models.CharField(_("navn som vises"), max_length=60)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PROPOSAL)
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citizen_proposals",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citizen_proposals",
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("høring"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(_("tittel"), max_length=150, blank=True)
    text = models.TextField(_("tekst"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.TextField(_("begrunnelse for avvisning"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderert"), null=True, blank=True)
    answer = models.TextField(_("kommunens svar"), blank=True)
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    # A keyed hash of the sender's IP address, only for rate limiting; never the address itself.
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["ip_hash"])
    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("innbyggerforslag")
        verbose_name_plural = _("innbyggerforslag")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(goal__isnull=False, measure__isnull=True, consultation__isnull=True)
                    | models.Q(goal__isnull=True, measure__isnull=False, consultation__isnull=True)
                    | models.Q(goal__isnull=True, measure__isnull=True, consultation__isnull=False)
                ),
                name="proposal_has_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="proposal_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()

    @property
    def target_label(self) -> str:
        if self.goal_id:
            return str(_("Mål: %(title)s") % {"title": self.goal})
        if self.measure_id:
            return str(_("Tiltak: %(title)s") % {"title": self.measure})
        return str(_("Høring: %(title)s") % {"title": self.consultation})


class VolunteerArena(models.Model):
    """A place or a standing effort where inhabitants volunteer, e.g. a trail-clearing group."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="volunteer_arenas",
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("frivillige organisasjoner"),
        blank=True,
        related_name="volunteer_arenas",
        limit_choices_to={"kind": Organisation.Kind.VOLUNTARY},
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("frivillighetsarena")
        verbose_name_plural = _("frivillighetsarenaer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:arena_detail", args=[self.pk])

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()


class Activity(models.Model):
    """One volunteer activity of an arena, on a date, at a place, for a number of people."""

    arena = models.ForeignKey(
        VolunteerArena,
        verbose_name=_("arena"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    starts_at = models.DateTimeField(_("starter"))
    duration_hours = models.DecimalField(
        _("varighet (timer)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Brukes til å telle frivillige timer."),
    )
    place = models.CharField(_("oppmøtested"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("antall plasser"), validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="activity_capacity")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:activity_detail", args=[self.pk])

    def permission_scopes(self) -> list[object]:
        return self.arena.municipality.permission_scopes()

    @property
    def free_places(self) -> int:
        """Places left; uses `confirmed_count` when the selector annotated it."""
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.sign_ups.filter(status=SignUp.Status.CONFIRMED).count()
        return max(self.capacity - int(confirmed), 0)


class SignUp(models.Model):
    """One person's sign-up for an activity: confirmed or on the waiting list.

    A cancelled sign-up is deleted (no need to keep the person's data); the first on the
    waiting list then takes the place. Name, email and phone are seen only by the person
    themself and the municipality's coordinator.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Påmeldt")
        WAITING = "waiting", _("På venteliste")

    activity = models.ForeignKey(
        Activity, verbose_name=_("aktivitet"), on_delete=models.CASCADE, related_name="sign_ups"
    )
    name = models.CharField(_("navn"), max_length=120)
    email = models.EmailField(_("e-postadresse"))
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    cancel_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("påmeldt"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    # Set when the person deleted their data after the activity took place: the row stays
    # (without name, email and phone) so the counts of volunteer effort do not change.
    anonymised = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=models.Q(anonymised=False),
                name="sign_up_once_per_activity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.get_status_display()}"

    def permission_scopes(self) -> list[object]:
        return self.activity.permission_scopes()


class Partner(models.Model):
    """An organisation in the directory of resource partners, at one level."""

    class Level(models.TextChoices):
        LOCAL = "local", _("Lokalt")
        REGIONAL = "regional", _("Regionalt")
        NATIONAL = "national", _("Nasjonalt")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="partner",
    )
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices)
    # Only for regional partners: the KS region they work in, whose regional advisers keep
    # the entry. A regional partner without a region is kept by the national coordinator.
    region = models.ForeignKey(
        KsRegion,
        verbose_name=_("KS-region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
    )
    description = models.TextField(_("hva de kan bidra med"))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("ressursmiljø")
        verbose_name_plural = _("ressursmiljøer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=True) | models.Q(level="regional"),
                name="partner_region_only_when_regional",
                violation_error_message=_("Bare regionale ressursmiljøer har en region."),
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("community:partner_detail", args=[self.pk])

    def permission_scopes(self) -> list[object]:
        """A regional partner is reached through its KS region; a national one only by roles
        held nationally; a local one through its municipality."""
        if self.level == self.Level.REGIONAL:
            return [self.region] if self.region_id else []
        if self.level == self.Level.LOCAL and self.organisation.municipality_id:
            return self.organisation.municipality.permission_scopes()  # type: ignore[union-attr]  # checked
        return []


class Partnership(models.Model):
    """A partnership agreement between a municipality and a partner."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="partnerships"
    )
    theme = models.CharField(_("tema"), max_length=120)
    purpose = models.TextField(_("formål"))
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)
    contact = models.CharField(
        _("kontakt i kommunen"),
        max_length=160,
        help_text=_("En funksjon eller enhet, for eksempel «Miljørådgiver». Vises offentlig."),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "theme"]
        verbose_name = _("partnerskap")
        verbose_name_plural = _("partnerskap")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partnership_period_in_order",
                violation_error_message=_("Sluttdatoen kan ikke være før startdatoen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.partner}: {self.theme}"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Sluttdatoen kan ikke være før startdatoen.")})

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()

    @property
    def period_label(self) -> str:
        end = self.ends_on.strftime("%d.%m.%Y") if self.ends_on else str(_("løpende"))
        return f"{self.starts_on:%d.%m.%Y}–{end}"
