"""The municipal registry: who the platform's areas are, and how their codes changed."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class KsRegion(models.Model):
    """A KS region: a group of counties followed by one or more regional advisers."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("KS-region")
        verbose_name_plural = _("KS-regioner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:region_detail", args=[self.code])

    def permission_scopes(self) -> list[models.Model]:
        return [self]


class County(models.Model):
    """A county (fylke) as valid from its `valid_from` date; its number is the first two digits
    of its municipalities' numbers."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    official_name = models.CharField(
        _("offisielt navn"), max_length=200, help_text=_("Med samiske og kvenske parallellnavn.")
    )
    ks_region = models.ForeignKey(
        KsRegion,
        verbose_name=_("KS-region"),
        on_delete=models.PROTECT,
        related_name="counties",
        null=True,
        blank=True,
    )
    website = models.CharField(_("nettsted"), max_length=200, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:county_detail", args=[self.number])

    def permission_scopes(self) -> list[models.Model | None]:
        return [self, self.ks_region]


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def valid_on(self, date: datetime.date) -> MunicipalityQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=date),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=date),
        )

    def current(self) -> MunicipalityQuerySet:
        return self.filter(valid_to__isnull=True)


class Municipality(models.Model):
    """A municipality (kommune) with the number SSB gives it; `valid_to` is set when the number
    ceases (merger, split or renumbering), and `CodeChange` tells where it went."""

    class WrittenStandard(models.TextChoices):
        BOKMAL = "bokmal", _("Bokmål")
        NYNORSK = "nynorsk", _("Nynorsk")
        NEUTRAL = "noytral", _("Nøytral")

    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(
        _("offisielt navn"),
        max_length=200,
        help_text=_("Navnet slik SSB fører det, med samiske og kvenske parallellnavn."),
    )
    name_nb = models.CharField(_("norsk navn"), max_length=120)
    parallel_names = models.CharField(
        _("parallellnavn"),
        max_length=200,
        blank=True,
        help_text=_("Samiske og kvenske navn, skilt med komma."),
    )
    county = models.ForeignKey(
        County, verbose_name=_("fylke"), on_delete=models.PROTECT, related_name="municipalities"
    )
    admin_centre = models.CharField(_("administrasjonssenter"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("innbyggere"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("areal (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    written_standard = models.CharField(
        _("målform"), max_length=10, choices=WrittenStandard.choices, blank=True
    )
    website = models.CharField(_("nettsted"), max_length=200, blank=True)
    description = models.TextField(
        _("om kommunen"),
        blank=True,
        help_text=_("Kort presentasjon som vises på kommunens side. Redigeres av kommunen."),
    )
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_4_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="municipality_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("registry:municipality_detail", args=[self.number])

    @property
    def parallel_name_list(self) -> list[str]:
        return [name.strip() for name in self.parallel_names.split(",") if name.strip()]

    def permission_scopes(self) -> list[Any]:
        """The objects whose role holders reach this municipality (see accounts.rules)."""
        return [self, self.county, self.county.ks_region]


class CodeChange(models.Model):
    """One row of a structure change: `old_code` became (part of) `new_code` on `changed_on`.

    Mergers are several rows with the same `new_code`; splits several with the same `old_code`.
    """

    old_code = models.CharField(_("gammelt nummer"), max_length=4)
    old_name = models.CharField(_("gammelt navn"), max_length=200, blank=True)
    new_code = models.CharField(_("nytt nummer"), max_length=4)
    new_name = models.CharField(_("nytt navn"), max_length=200, blank=True)
    changed_on = models.DateField(_("endret fra"))
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        ordering = ["changed_on", "old_code", "new_code"]
        verbose_name = _("nummerendring")
        verbose_name_plural = _("nummerendringer")
        constraints = [
            models.UniqueConstraint(
                fields=["old_code", "new_code", "changed_on"], name="unique_code_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code} ({self.changed_on:%d.%m.%Y})"


class KostraGroup(models.Model):
    """One of SSB's 17 KOSTRA groups (KLASS 112, the grouping of 2020): municipalities of
    similar size and economic frame (bound costs, free disposable income), which SSB compares
    with each other. The criteria are copied from SSB's table."""

    code = models.CharField(_("kode"), max_length=5, unique=True)
    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("navn"), max_length=60)
    population_band = models.CharField(_("folkemengde"), max_length=120, blank=True)
    bound_costs = models.CharField(_("bundne kostnader"), max_length=40, blank=True)
    free_income = models.CharField(_("frie disponible inntekter"), max_length=40, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("KOSTRA-gruppe")
        verbose_name_plural = _("KOSTRA-grupper")

    def __str__(self) -> str:
        return self.name


class KostraMembershipQuerySet(models.QuerySet["KostraMembership"]):
    def valid_in(self, year: int) -> KostraMembershipQuerySet:
        """Memberships that hold in `year` (valid_from ≤ year ≤ valid_to, open-ended when
        valid_to is empty)."""
        return self.filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=year), valid_from__lte=year
        )


class KostraMembership(models.Model):
    """Municipality number `municipality_number` belongs to `group` in the years valid_from to
    valid_to (both included; open-ended when valid_to is empty). Numbers, not foreign keys:
    the 2020 grouping names numbers that ceased in the 2024 reform."""

    municipality_number = models.CharField(_("kommunenummer"), max_length=4)
    group = models.ForeignKey(
        KostraGroup, verbose_name=_("KOSTRA-gruppe"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.PositiveSmallIntegerField(_("gyldig fra år"))
    valid_to = models.PositiveSmallIntegerField(_("gyldig til og med år"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    objects = KostraMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["municipality_number", "valid_from"]
        verbose_name = _("medlemskap i KOSTRA-gruppe")
        verbose_name_plural = _("medlemskap i KOSTRA-grupper")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_number", "valid_from"], name="kostra_membership_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="kostra_membership_years_order",
            ),
        ]

    def __str__(self) -> str:
        years = f"{self.valid_from}–{self.valid_to or ''}"
        return f"{self.municipality_number} {self.group_id} ({years})"
