"""The idea bank: good-practice examples, their files, links, review history and digests."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.plans.models import Measure
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import KsRegion, Municipality


class SizeBand(models.TextChoices):
    """Municipality size by population, for search filters and "similar municipalities"."""

    SMALL = "small", _("Under 5 000 innbyggere")
    MEDIUM = "medium", _("5 000–19 999 innbyggere")
    LARGE = "large", _("20 000–49 999 innbyggere")
    CITY = "city", _("50 000 innbyggere eller flere")


SIZE_BAND_LIMITS: dict[str, tuple[int, int | None]] = {
    SizeBand.SMALL: (0, 5_000),
    SizeBand.MEDIUM: (5_000, 20_000),
    SizeBand.LARGE: (20_000, 50_000),
    SizeBand.CITY: (50_000, None),
}


def size_band_of(population: int | None) -> str:
    for band, (low, high) in SIZE_BAND_LIMITS.items():
        if population is not None and population >= low and (high is None or population < high):
            return band
    return ""


class ExampleQuerySet(models.QuerySet["Example"]):
    def published(self) -> ExampleQuerySet:
        return self.filter(status=Example.Status.PUBLISHED)


class Example(models.Model):
    """One good-practice case told by a municipality: what it did, how, and what it achieved.

    `body` is the Markdown the author wrote; `body_html` is its rendered and sanitised HTML and
    `body_text` its plain text (for search and snippets). Both are written by the services only.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        IN_REVIEW = "in_review", _("Til vurdering")
        PUBLISHED = "published", _("Publisert")

    title = models.CharField(_("tittel"), max_length=200)
    summary = models.TextField(
        _("sammendrag"), max_length=600, help_text=_("To–tre setninger som vises i søkeresultater.")
    )
    body = models.TextField(
        _("beskrivelse"),
        help_text=_(
            "Skriv i Markdown: **fet**, *kursiv*, lister med - og lenker [tekst](https://…)."
        ),
    )
    body_html = models.TextField(_("beskrivelse (HTML)"), blank=True, editable=False)
    body_text = models.TextField(_("beskrivelse (ren tekst)"), blank=True, editable=False)
    results = models.TextField(_("resultater"), blank=True, help_text=_("Hva dere har oppnådd."))
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="examples",
    )
    # Optional: the network the example came out of, and the network's development project.
    # The services check that the project belongs to the network and that the municipality
    # is (or was) a member of both.
    network = models.ForeignKey(
        Network,
        verbose_name=_("nettverk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    development_project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("utviklingsprosjekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    tags = models.JSONField(_("stikkord"), default=list, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    show_contact_name = models.BooleanField(_("vis navnet offentlig"), default=True)
    show_contact_email = models.BooleanField(_("vis e-postadressen offentlig"), default=False)
    show_contact_phone = models.BooleanField(_("vis telefonnummeret offentlig"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    # PostgreSQL only: the weighted 'norwegian' tsvector, kept fresh by the services (GIN index
    # made in the initial migration). On SQLite the column stays empty; FTS5 does the work.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "body_html", "body_text"])
    objects = ExampleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("eksempel")
        verbose_name_plural = _("eksempler")
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "in_review", "published"]),
                name="example_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="example_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideabank:example_detail", args=[self.pk])

    def permission_scopes(self) -> list[Any]:
        """The municipality's scopes and, when the example came out of a network, the
        network's (so the network's adviser reviews it)."""
        scopes = self.municipality.permission_scopes()
        network = self.network
        if network is not None:
            scopes = [*scopes, *network.permission_scopes()]
        return scopes

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[code]) for code in self.themes if code in labels]

    @property
    def public_contact(self) -> dict[str, str]:
        """Only the contact details the author chose to publish."""
        contact = {}
        if self.show_contact_name and self.contact_name:
            contact["name"] = self.contact_name
        if self.show_contact_email and self.contact_email:
            contact["email"] = self.contact_email
        if self.show_contact_phone and self.contact_phone:
            contact["phone"] = self.contact_phone
        return contact


class ExampleStatusChange(models.Model):
    """One step of an example's review: who moved it from one status to another, and why."""

    example = models.ForeignKey(
        Example, verbose_name=_("eksempel"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("fra status"), max_length=20, choices=Example.Status.choices, blank=True
    )
    to_status = models.CharField(_("til status"), max_length=20, choices=Example.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")

    def __str__(self) -> str:
        return f"{self.example}: {self.from_status} → {self.to_status}"


def attachment_path(instance: ExampleAttachment, filename: str) -> str:
    # A random folder keeps names unguessable and lets two files share a name.
    return f"ideabank/{instance.example_id}/{secrets.token_hex(8)}/{filename}"


class ExampleAttachment(models.Model):
    """A file that belongs to an example (PDF, image or office document), checked on upload."""

    example = models.ForeignKey(
        Example, verbose_name=_("eksempel"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("tittel"), max_length=200)
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=300)
    content_type = models.CharField(_("filtype"), max_length=120)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideabank:attachment_download", args=[self.pk])


class ExampleLink(models.Model):
    """A link from an example to a plan, report, news story or web page."""

    example = models.ForeignKey(
        Example, verbose_name=_("eksempel"), on_delete=models.CASCADE, related_name="links"
    )
    title = models.CharField(_("lenketekst"), max_length=200)
    url = models.URLField(_("adresse"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lenke")
        verbose_name_plural = _("lenker")

    def __str__(self) -> str:
        return self.title


class Adoption(models.Model):
    """One take-up of an idea: a municipality took `origin` (a published example of another
    municipality) into one of its measures or into an example of its own, in `year`, and says
    what it changed. Exactly one of `measure` and `adopting_example` is set."""

    origin = models.ForeignKey(
        Example, verbose_name=_("tatt fra"), on_delete=models.CASCADE, related_name="adoptions"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    adopting_example = models.ForeignKey(
        Example,
        verbose_name=_("eksempel som bygger på det"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="adopted_from",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="adoptions"
    )
    year = models.PositiveSmallIntegerField(_("år tatt i bruk"))
    what_changed = models.TextField(
        _("hva dere endret"), blank=True, help_text=_("Hva dere gjorde annerledes enn opphavet.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("bruk av eksempel")
        verbose_name_plural = _("bruk av eksempler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False, adopting_example__isnull=True)
                | models.Q(measure__isnull=True, adopting_example__isnull=False),
                name="adoption_measure_or_example",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2100),
                name="adoption_year_plausible",
            ),
            models.UniqueConstraint(
                fields=["origin", "measure"], name="unique_adoption_per_measure"
            ),
            models.UniqueConstraint(
                fields=["origin", "adopting_example"], name="unique_adoption_per_example"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ← {self.origin}"

    def get_absolute_url(self) -> str:
        """The adopting measure's or example's page."""
        target = self.measure or self.adopting_example
        return target.get_absolute_url() if target is not None else ""

    def permission_scopes(self) -> list[Any]:
        return self.municipality.permission_scopes()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """Someone who wants an email digest of new examples in a KS region (and optionally one
    theme). Nothing is sent before the address is confirmed through the emailed link."""

    email = models.EmailField(_("e-postadresse"))
    region = models.ForeignKey(
        KsRegion, verbose_name=_("KS-region"), on_delete=models.CASCADE, related_name="+"
    )
    theme = models.CharField(_("tema"), max_length=40, choices=Theme.choices, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("sist sendt"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "region", "theme"], name="unique_ideabank_subscription"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.region} {self.theme}".strip()
