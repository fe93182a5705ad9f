"""A municipality's plans, the goals anchored in them, the measures that reach the goals, and
the yearly status report on all of it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.programmes.models import Participation, Programme
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import Municipality


class PlanDocument(models.Model):
    """One plan of a municipality: a planstrategi, a part of the kommuneplan, a thematic plan."""

    class Kind(models.TextChoices):
        PLANSTRATEGI = "planstrategi", _("Kommunal planstrategi")
        SAMFUNNSDEL = "samfunnsdel", _("Kommuneplanens samfunnsdel")
        AREALDEL = "arealdel", _("Kommuneplanens arealdel")
        HANDLINGSDEL = "handlingsdel", _("Handlingsdel")
        OKONOMIPLAN = "okonomiplan", _("Økonomiplan")
        TEMAPLAN = "temaplan", _("Temaplan")
        FOLKEHELSEOVERSIKT = "folkehelseoversikt", _("Folkehelseoversikt")

    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("Under arbeid")
        ADOPTED = "adopted", _("Vedtatt")
        REPLACED = "replaced", _("Erstattet")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="plan_documents",
    )
    kind = models.CharField(_("plantype"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("tittel"), max_length=200, help_text=_("For eksempel «Klima- og energiplan 2024–2030».")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PREPARATION
    )
    adopted_on = models.DateField(_("vedtatt dato"), null=True, blank=True)
    adopting_body = models.CharField(
        _("vedtatt av"), max_length=120, blank=True, help_text=_("For eksempel kommunestyret.")
    )
    case_reference = models.CharField(_("saksnummer"), max_length=60, blank=True)
    period_start = models.PositiveSmallIntegerField(_("gjelder fra år"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("gjelder til år"), null=True, blank=True)
    url = models.URLField(_("lenke til planen"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="adopted") | models.Q(adopted_on__isnull=False),
                name="plan_adopted_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.status == self.Status.ADOPTED and self.adopted_on is None:
            errors["adopted_on"] = _("Oppgi datoen planen ble vedtatt.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Sluttåret kan ikke være før startåret.")
        if errors:
            raise ValidationError(errors)

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or "")


class GoalQuerySet(models.QuerySet["Goal"]):
    def published(self) -> GoalQuerySet:
        return self.filter(published=True)


class Goal(models.Model):
    """A long-term goal of a municipality, anchored in one of its plans; optionally shared
    with a network the municipality is a member of (listed, read-only, for every member)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="goals"
    )
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    statement = models.CharField(_("mål"), max_length=300)
    rationale = models.TextField(
        _("begrunnelse"), blank=True, help_text=_("Hvilken lokal utfordring målet svarer på.")
    )
    plan_document = models.ForeignKey(
        PlanDocument,
        verbose_name=_("forankret i plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    plan_section = models.CharField(
        _("kapittel eller avsnitt"), max_length=120, blank=True, help_text=_("Hvor i planen.")
    )
    published = models.BooleanField(
        _("publisert"),
        default=False,
        help_text=_("Publiserte mål vises på kommunens offentlige side."),
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("delt med nettverket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_goals",
        help_text=_(
            "Et delt mål vises for alle kommunene i nettverket, men bare kommunen som eier det "
            "kan endre det."
        ),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    history = HistoricalRecords()
    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "statement"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.statement

    def get_absolute_url(self) -> str:
        return reverse("plans:goal_detail", args=[self.pk])

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(code).label) for code in self.themes if code in Theme.values]


class MeasureQuerySet(models.QuerySet["Measure"]):
    def published(self) -> MeasureQuerySet:
        return self.filter(published=True, goal__published=True)


class Measure(models.Model):
    """A measure (tiltak) towards a goal, in politics, plan or practice."""

    class Dimension(models.TextChoices):
        POLITICS = "politics", _("Politikk")
        PLAN = "plan", _("Plan")
        PRACTICE = "practice", _("Praksis")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Gjennomført")
        DELAYED = "delayed", _("Forsinket")
        STOPPED = "stopped", _("Stanset")

    goal = models.ForeignKey(
        Goal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("tiltak"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    dimension = models.CharField(_("dimensjon"), max_length=10, choices=Dimension.choices)
    responsible_unit = models.CharField(_("ansvarlig enhet"), max_length=160, blank=True)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("samarbeidspartnere"), blank=True, related_name="measures"
    )
    plan_document = models.ForeignKey(
        PlanDocument,
        verbose_name=_("forankret i plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        help_text=_("For eksempel handlingsdelen for et bestemt år."),
    )
    development_project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("utviklingsprosjekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        help_text=_("Et utviklingsprosjekt i nettverket som kommunen er med i."),
    )
    budget_amount = models.DecimalField(
        _("budsjett (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    budget_year = models.PositiveSmallIntegerField(_("budsjettår"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slutt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("framdrift (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    published = models.BooleanField(_("publisert"), default=False)

    history = HistoricalRecords()
    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "title"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="measure_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="measure_progress_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_amount__isnull=True)
                | models.Q(budget_year__isnull=False),
                name="measure_budget_has_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:measure_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Slutt kan ikke være før start.")
        if self.budget_amount is not None and self.budget_year is None:
            errors["budget_year"] = _("Oppgi hvilket år beløpet er budsjettert.")
        if errors:
            raise ValidationError(errors)

    def permission_scopes(self) -> list[object]:
        return self.goal.municipality.permission_scopes()


class MeasureStatusUpdate(models.Model):
    """A dated status report on a measure: the history of its progress."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="status_updates"
    )
    date = models.DateField(_("dato"))
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("framdrift (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("kommentar"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("statusoppdatering")
        verbose_name_plural = _("statusoppdateringer")

    def __str__(self) -> str:
        return f"{self.measure}: {self.get_status_display()} {self.date}"


class ReportingRound(models.Model):
    """The national coordinator asks every participant in a programme for its annual report
    for `year` by `deadline`. Reports are still `AnnualReport` rows (per participation and
    year); the round is what coordinators are asked to do and what advisers follow up."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="reporting_rounds",
    )
    year = models.PositiveSmallIntegerField(_("rapporteringsår"))
    deadline = models.DateField(_("frist"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("åpnet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("åpnet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "programme__name"]
        verbose_name = _("rapporteringsrunde")
        verbose_name_plural = _("rapporteringsrunder")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_round_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plans:round_detail", args=[self.pk])


class AnnualReport(models.Model):
    """A municipality's status report for one programme (its participation) and year.
    Submitted versions are locked; a change after submission is a new version. A version the
    adviser sent back for revision is `returned` (with the reason) and kept as it was; the
    new draft version follows it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        RETURNED = "returned", _("Sendt tilbake")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        help_text=_("Programmet rapporten gjelder, når kommunen deltar i flere."),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("oppsummering"), blank=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt inn av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_reason = models.TextField(_("hvorfor rapporten ble sendt tilbake"), blank=True)
    returned_at = models.DateTimeField(_("sendt tilbake"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt tilbake av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "-year", "-version"]
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        # One series of versions per municipality, programme and year (reports without a
        # programme form their own series); partial constraints because NULLs never clash.
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "participation", "year", "version"],
                condition=models.Q(participation__isnull=False),
                name="unique_programme_report_version",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year", "version"],
                condition=models.Q(participation__isnull=True),
                name="unique_report_version",
            ),
            models.UniqueConstraint(
                fields=["municipality", "participation", "year"],
                condition=models.Q(status="draft", participation__isnull=False),
                name="one_draft_programme_report_per_year",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=models.Q(status="draft", participation__isnull=True),
                name="one_draft_report_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name_nb} {self.year} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("plans:report_detail", args=[self.pk])

    def permission_scopes(self) -> list[object]:
        return self.municipality.permission_scopes()

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.RETURNED)


class AnnualReportEntry(models.Model):
    """One measure's line in an annual report (status, results and obstacles that year)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="entries"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    goal_statement = models.CharField(_("mål"), max_length=300)
    measure_title = models.CharField(_("tiltak"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    results = models.TextField(_("resultater"), blank=True)
    obstacles = models.TextField(_("hindringer"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "goal_statement", "measure_title"]
        verbose_name = _("rapportlinje")
        verbose_name_plural = _("rapportlinjer")

    def __str__(self) -> str:
        return self.measure_title


class ReportComment(models.Model):
    """The regional adviser's comment on a submitted report, on the whole report or on one
    measure's line (`entry`)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="comments"
    )
    entry = models.ForeignKey(
        AnnualReportEntry,
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skrevet av"), null=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return self.text[:60]
