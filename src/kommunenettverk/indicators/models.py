"""Indicators: the catalogue, values per area and period, stored analytics and import jobs."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.programmes.models import ThemeCode as Theme

# SSB's status symbols: the value is not a number, and must never be read as zero.
STATUS_SYMBOLS = {
    ".": _("Kan ikke forekomme"),
    "..": _("Tall mangler"),
    ":": _("Vises ikke (personvern)"),
    "-": _("Null (ingenting å registrere)"),
}


class AreaKind(models.TextChoices):
    MUNICIPALITY = "K", _("Kommune")
    COUNTY = "F", _("Fylke")
    COUNTRY = "L", _("Hele landet")


COUNTRY_CODE = "0"  # SSB's code for the whole country


class Indicator(models.Model):
    """One indicator in the catalogue: what is measured, where it comes from, how to read it."""

    class Better(models.TextChoices):
        HIGHER = "higher", _("Høyere er bedre")
        LOWER = "lower", _("Lavere er bedre")
        NEUTRAL = "neutral", _("Ingen retning")

    class Source(models.TextChoices):
        SSB = "ssb", _("Statistisk sentralbyrå (SSB)")
        MILJODIREKTORATET = "miljodirektoratet", _("Miljødirektoratet")
        FHI = "fhi", _("Folkehelseinstituttet (FHI)")
        OTHER = "other", _("Annen offentlig kilde")
        OWN = "own", _("Egen registrering")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        WEIGHTED_MEAN = "weighted_mean", _("Gjennomsnitt vektet med folketall")
        NONE = "none", _("Kan ikke slås sammen")

    class Measure(models.TextChoices):
        """What kind of number a value is: only values comparable across municipalities of
        different size are ranked and compared (every kind but TOTAL and UNKNOWN); a total
        is compared per inhabitant, with the population of the same year."""

        TOTAL = "total", _("Sum for kommunen")
        PER_INHABITANT = "per_inhabitant", _("Per innbygger")
        SHARE = "share", _("Andel")
        RATE = "rate", _("Rate (per 1 000 e.l.)")
        AVERAGE = "average", _("Gjennomsnitt eller nivå")
        INDEX = "index", _("Indeks")
        UNKNOWN = "unknown", _("Ikke angitt")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(_("desimaler"), default=1)
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    better = models.CharField(
        _("hva er bedre"), max_length=10, choices=Better.choices, default=Better.NEUTRAL
    )
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    ssb_table = models.CharField(_("SSB-tabell"), max_length=10, blank=True)
    ssb_content_code = models.CharField(_("SSB-statistikkvariabel"), max_length=40, blank=True)
    licence = models.CharField(_("lisens"), max_length=60, blank=True, default="CC BY 4.0")
    attribution = models.CharField(_("kreditering"), max_length=300, blank=True)
    aggregation = models.CharField(
        _("sammenslåing"), max_length=15, choices=Aggregation.choices, default=Aggregation.NONE
    )
    per_inhabitant = models.BooleanField(
        _("avledet per innbygger"),
        default=False,
        help_text=_("Vis også verdien delt på folketallet."),
    )
    measure = models.CharField(
        _("måltype"),
        max_length=15,
        choices=Measure.choices,
        default=Measure.UNKNOWN,
        help_text=_(
            "Summer sammenlignes per innbygger; andeler, rater, gjennomsnitt og verdier per "
            "innbygger sammenlignes direkte; ukjent måltype rangeres ikke."
        ),
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    # Where the numbers come from beyond SSB's table and content code (the catalogue in
    # indicators/data/catalogue.toml fills these): the FHI indicator or Miljødirektoratet
    # dataset by name, its page, the other dimensions an SSB fetch fixes, and how often it is
    # published.
    source_reference = models.CharField(
        _("kildehenvisning"),
        max_length=300,
        blank=True,
        help_text=_("Indikatoren eller datasettet slik kilden navngir det."),
    )
    source_url = models.URLField(_("kildens side"), max_length=300, blank=True)
    ssb_selection = models.JSONField(
        _("SSB-utvalg"),
        default=dict,
        blank=True,
        help_text=_(
            "Dimensjonene i SSB-tabellen ut over statistikkvariabel og tid: områdedimensjonen "
            'med «*» (alle kommuner), andre med den ene verdien som hentes, f.eks. {"Region": '
            '"*", "Kjonn": "0"}.'
        ),
    )
    update_interval_months = models.PositiveSmallIntegerField(
        _("oppdateres hver (måneder)"), null=True, blank=True
    )
    verified_by = models.TextField(
        _("kontrollert mot"),
        blank=True,
        help_text=_(
            "Hvor kildehenvisningen (tabell, statistikkvariabel, indikator) er kontrollert: "
            "adressen til et offentlig dokument eller en lagret respons. Tom: ikke kontrollert."
        ),
    )
    source_note = models.TextField(_("merknad om kilden"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["ssb_table", "ssb_content_code"],
                condition=~models.Q(ssb_table=""),
                name="indicator_unique_ssb_content",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:national") + f"?indikator={self.code}"

    def clean(self) -> None:
        if not isinstance(self.themes, list) or any(t not in Theme.values for t in self.themes):
            raise ValidationError(
                {"themes": _("Ukjent tema. Gyldige temaer: %s.") % ", ".join(Theme.values)}
            )
        # An SSB indicator names its table and content code; the content code may be missing
        # only while the reference is marked unverified (never guessed to fill the field).
        if self.source == self.Source.SSB and not (
            self.ssb_table and (self.ssb_content_code or not self.verified_by)
        ):
            raise ValidationError(
                {"ssb_table": _("SSB-indikatorer trenger tabellnummer og statistikkvariabel.")}
            )

    @property
    def is_verified(self) -> bool:
        """The source reference has been checked against a public document or a recorded
        response (`verified_by` says where)."""
        return bool(self.verified_by.strip())

    @property
    def is_fetchable_from_ssb(self) -> bool:
        """`manage.py fetch_indicators` can fetch it through PxWebApi v2."""
        return self.source == self.Source.SSB and bool(self.ssb_table and self.ssb_content_code)

    @property
    def measure_kind(self) -> str:
        """The measure, with an indicator that is summed or marked "per inhabitant" read as a
        total when its measure is not set (the own-registration import sets only those)."""
        if self.measure == self.Measure.UNKNOWN and (
            self.per_inhabitant or self.aggregation == self.Aggregation.SUM
        ):
            return self.Measure.TOTAL.value
        return str(self.measure)

    @property
    def is_total(self) -> bool:
        return self.measure_kind == self.Measure.TOTAL

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(t, t)) for t in self.themes]


class IndicatorValue(models.Model):
    """One published value of an indicator for one area (municipality, county or the whole
    country) and period (a year, or a multi-year period such as FHI's "2019-2021").

    `value` is NULL exactly when `status` holds one of SSB's symbols; never read as zero.
    Rows are written in bulk by services.indicator_values_import, never one by one.
    """

    # No index of its own: the unique constraint's index starts with the indicator. No database
    # foreign-key constraint either: its per-row check costs more than the bulk write itself
    # at 1.5 M rows (13 s at commit on PostgreSQL, measured). The importer writes only ids it
    # has just read from the catalogue in the same transaction, and deleting an indicator
    # deletes its values through on_delete (one DELETE … WHERE indicator_id IN …).
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    area_kind = models.CharField(_("områdetype"), max_length=1, choices=AreaKind.choices)
    area_code = models.CharField(_("områdenummer"), max_length=4)
    period = models.CharField(_("periode"), max_length=9)
    year_from = models.PositiveSmallIntegerField(_("fra år"))
    year = models.PositiveSmallIntegerField(_("år"), help_text=_("Periodens siste år."))
    value = models.FloatField(_("verdi"), null=True, blank=True)
    status = models.CharField(_("statuskode"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("indikatorverdi")
        verbose_name_plural = _("indikatorverdier")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_kind", "area_code", "period"],
                name="indicator_value_unique_area_period",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(value__isnull=True) & models.Q(status__in=[".", "..", ":", "-"])
                )
                | (models.Q(value__isnull=False) & models.Q(status="")),
                name="indicator_value_null_iff_status",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=models.F("year_from")),
                name="indicator_value_period_order",
            ),
        ]

    def __str__(self) -> str:
        shown = self.status if self.value is None else f"{self.value:g}"
        return f"{self.indicator_id} {self.area_code} {self.period}: {shown}"


class IndicatorResult(models.Model):
    """Stored analytics for one indicator in one municipality, refreshed after every import
    (services.indicator_results_refresh, computed with indicators.stats)."""

    class Trend(models.TextChoices):
        IMPROVING = "improving", _("Bedring")
        WORSENING = "worsening", _("Forverring")
        INCREASING = "increasing", _("Økende")
        DECREASING = "decreasing", _("Synkende")
        NO_CLEAR = "no_clear", _("Ingen klar trend")
        TOO_LITTLE = "too_little", _("For lite data")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    area_code = models.CharField(_("kommunenummer"), max_length=4)
    county_code = models.CharField(_("fylkesnummer"), max_length=2)
    n_values = models.PositiveSmallIntegerField(_("antall verdier"))
    latest_year = models.PositiveSmallIntegerField(_("siste år"), null=True)
    latest_period = models.CharField(_("siste periode"), max_length=9, blank=True)
    latest_value = models.FloatField(_("siste verdi"), null=True)
    baseline_year = models.PositiveSmallIntegerField(_("basisår"), null=True)
    baseline_value = models.FloatField(_("verdi i basisår"), null=True)
    change = models.FloatField(_("endring"), null=True)
    change_pct = models.FloatField(_("endring i prosent"), null=True)
    slope = models.FloatField(_("årlig endring (Theil–Sen)"), null=True)
    mk_s = models.IntegerField(_("Mann–Kendall S"), null=True)
    mk_p = models.FloatField(_("p-verdi"), null=True)
    trend = models.CharField(_("trend"), max_length=12, choices=Trend.choices)
    rank = models.PositiveSmallIntegerField(_("plass"), null=True)
    rank_total = models.PositiveSmallIntegerField(_("av"), null=True)
    comparable_value = models.FloatField(
        _("sammenlignbar verdi"),
        null=True,
        help_text=_(
            "Siste verdi per innbygger for summer, ellers siste verdi; tom når verdien ikke kan "
            "sammenlignes (ukjent måltype, eller folketall mangler for året)."
        ),
    )
    county_value = models.FloatField(_("fylket"), null=True)
    peer_group = models.CharField(_("sammenligningsgruppe"), max_length=10, blank=True)
    peer_value = models.FloatField(_("sammenligningsgruppens median"), null=True)
    peer_rank = models.PositiveSmallIntegerField(_("plass i gruppen"), null=True)
    peer_rank_total = models.PositiveSmallIntegerField(_("av i gruppen"), null=True)
    country_value = models.FloatField(_("landet"), null=True)

    class Meta:
        verbose_name = _("indikatorresultat")
        verbose_name_plural = _("indikatorresultater")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code"], name="indicator_result_unique_area"
            ),
        ]
        indexes = [
            models.Index(fields=["area_code"], name="indicator_result_area"),
            models.Index(fields=["indicator", "trend"], name="indicator_result_trend"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code}: {self.trend}"


class ImportRecipe(models.Model):
    """How to read the files one source publishes, described once and chosen by name, so next
    year's file imports in one step: the layout (long, or one column per year or per
    indicator), which column holds what, filters on other dimensions ("Kjønn samlet"), the
    columns to sum over (all gases) and the indicator. `mapping()` gives the pure
    tabular.ColumnMapping the readers apply; plain fields and JSON, so a recipe can also be
    made in a data migration or a fixture."""

    class Layout(models.TextChoices):
        LONG = "long", _("Lang: én rad per område og periode")
        WIDE_YEARS = "wide_years", _("Bred: én kolonne per år")
        WIDE_INDICATORS = "wide_indicators", _("Bred: én kolonne per indikator")

    name = models.CharField(_("navn"), max_length=120, unique=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Indicator.Source.choices)
    description = models.TextField(
        _("beskrivelse"), blank=True, help_text=_("Hvor filen lastes ned, og hva den inneholder.")
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipes",
        help_text=_("Indikatoren hele filen gjelder. Tom når en kolonne har indikatorkoden."),
    )
    layout = models.CharField(
        _("oppsett"), max_length=20, choices=Layout.choices, default=Layout.LONG
    )
    sheet = models.CharField(_("ark (XLSX)"), max_length=100, blank=True)
    area_column = models.CharField(_("kolonne med område"), max_length=100)
    county_column = models.CharField(_("kolonne med fylke"), max_length=100, blank=True)
    period_column = models.CharField(_("kolonne med år eller periode"), max_length=100, blank=True)
    value_column = models.CharField(_("kolonne med verdi"), max_length=100, blank=True)
    indicator_column = models.CharField(_("kolonne med indikatorkode"), max_length=100, blank=True)
    status_column = models.CharField(_("kolonne med statuskode"), max_length=100, blank=True)
    flag_column = models.CharField(_("kolonne med flagg"), max_length=100, blank=True)
    # {"1": "..", "2": ":"}: a flag value → the SSB symbol the value is stored with.
    flags = models.JSONField(_("flagg og symboler"), default=dict, blank=True)
    # {"Kjønn": ["Kjønn samlet"]}: only rows whose column holds one of the values are read.
    filters = models.JSONField(_("filtre"), default=dict, blank=True)
    # ["Gass"]: rows that differ only in these columns are summed.
    sums = models.JSONField(_("summer over"), default=list, blank=True)
    # Wide layout per indicator: {"column heading": "indicator code"}.
    value_columns = models.JSONField(_("verdikolonner"), default=dict, blank=True)
    # Where the source publishes the file; `manage.py fetch_indicators` downloads it from here.
    source_url = models.URLField(
        _("nedlastingsadresse"),
        max_length=500,
        blank=True,
        help_text=_("Adressen filen lastes ned fra. Tom når filen lastes ned for hånd."),
    )
    # The catalogue entry that made the recipe (indicators/data/catalogue.toml); empty for a
    # recipe made on the page. Loading the catalogue updates the recipes it made.
    catalogue_code = models.CharField(_("fra katalogen"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("importoppskrift")
        verbose_name_plural = _("importoppskrifter")

    def __str__(self) -> str:
        return self.name

    def file_options(self) -> dict[str, Any]:
        """The recipe as services.FileOptions' fields (what an import job stores)."""
        return {
            "indicator_code": self.indicator.code if self.indicator else "",
            "indicator": self.indicator_column,
            "area": self.area_column,
            "county": self.county_column,
            "period": self.period_column,
            "value": self.value_column,
            "status": self.status_column,
            "flag": self.flag_column,
            "flags": dict(self.flags),
            "filters": {k: list(v) for k, v in self.filters.items()},
            "sums": list(self.sums),
            "layout": self.layout,
            "value_columns": dict(self.value_columns),
            "sheet": self.sheet,
        }

    def permission_scopes(self) -> list[Any]:
        return []


class ImportJob(models.Model):
    """A file uploaded on the web, read by a background worker twice: first a preview
    (nothing written; the report says what would be), then, when the national coordinator
    presses "Importer", the import of exactly what was previewed. The report is what
    services.ImportReport.as_dict() gives; `previous` keeps what the import replaced, so it
    can be undone."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        PREVIEWED = "previewed", _("Klar til import")
        DONE = "done", _("Importert")
        FAILED = "failed", _("Feilet")
        CANCELLED = "cancelled", _("Avbrutt")
        UNDONE = "undone", _("Angret")

    class Step(models.TextChoices):
        PREVIEW = "preview", _("Forhåndsvisning")
        IMPORT = "import", _("Import")

    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("filnavn"), max_length=200)
    data = models.BinaryField(_("fil"))
    options = models.JSONField(_("valg"), default=dict)
    step = models.CharField(_("steg"), max_length=10, choices=Step.choices, default=Step.PREVIEW)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default="queued")
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    message = models.CharField(_("melding"), max_length=300, blank=True)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    # The preview's fingerprint of the rows to write; the import refuses to write others.
    digest = models.CharField(_("fingeravtrykk"), max_length=64, blank=True)
    # What the import replaced or added (Parquet: key, earlier value and status, whether the
    # row existed), read back by the undo.
    previous = models.BinaryField(_("verdier før importen"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importert"), null=True, blank=True)
    undone_at = models.DateTimeField(_("angret"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Liveness (core.jobs): tries so far, the worker's last sign of life, and the "Avbryt" flag
    # the import checks between chunks.
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    heartbeat_at = models.DateTimeField(_("siste livstegn"), default=timezone.now)
    cancel_requested = models.BooleanField(_("avbrytes"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importjobb")
        verbose_name_plural = _("importjobber")

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_preview(self) -> bool:
        return self.step == self.Step.PREVIEW

    def permission_scopes(self) -> list[Any]:
        return []


class GoalIndicator(models.Model):
    """An indicator that measures a municipality's goal (plans.Goal), with a baseline and a
    target: "from `baseline_value` in `baseline_year` to `target_value` by `target_year`".

    It lives here, not in plans, because plans sits above indicators in the app order; the
    goal's page shows it through core.extensions (indicators/extensions.py). Distance to
    target and on-track status
    come from the municipality's stored IndicatorResult (selectors.goal_indicator_statuses).
    """

    goal = models.ForeignKey(
        "plans.Goal",
        verbose_name=_("mål"),
        on_delete=models.CASCADE,
        related_name="indicator_targets",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="goal_targets",
    )
    baseline_year = models.PositiveSmallIntegerField(_("basisår"))
    baseline_value = models.FloatField(_("verdi i basisåret"))
    target_year = models.PositiveSmallIntegerField(_("målår"))
    target_value = models.FloatField(_("målverdi"))
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "indicator__name"]
        verbose_name = _("indikator for mål")
        verbose_name_plural = _("indikatorer for mål")
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator"], name="goal_indicator_unique"),
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="goal_indicator_target_after_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.indicator_id} → {self.target_value:g} ({self.target_year})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.baseline_year and self.target_year and self.target_year <= self.baseline_year:
            errors["target_year"] = _("Målåret må komme etter basisåret.")
        for name in ("baseline_value", "target_value"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                errors[name] = _("Oppgi et tall.")
        if errors:
            raise ValidationError(errors)

    def permission_scopes(self) -> list[Any]:
        return self.goal.permission_scopes()
