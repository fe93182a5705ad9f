"""Demo values (labelled as demo data) for the real catalogue, for `manage.py load_demo`.

The catalogue is real (indicators/data/catalogue.toml); the values are made up: a level drawn
per municipality around the national level in the entry's [demo] parameters (times the
municipality's real population for totals), a trend and noise, clipped to the plausible range,
from a fixed random seed, so every run gives the same numbers. Idempotent.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from kommunenettverk.indicators.catalogue import CatalogueEntry, catalogue_read
from kommunenettverk.indicators.models import GoalIndicator, Indicator
from kommunenettverk.indicators.services import ImportReport, indicator_values_import
from kommunenettverk.indicators.services.catalogue import indicator_catalogue_load
from kommunenettverk.registry.models import Municipality

FIRST_YEAR, LAST_YEAR = 2005, 2024
ATTRIBUTION = "Demodata laget for Kommunenettverk – ikke ekte statistikk."
# Invented indicators of earlier demos that the real catalogue replaced; a reloaded demo
# database drops them (with their demo goal targets) so only catalogue indicators remain.
RETIRED_DEMO_CODES = ("energibruk-per-innbygger", "nedbygd-areal", "friluftsareal")


def demo_catalogue() -> list[CatalogueEntry]:
    """The catalogue entries the demo invents values for: every entry with demo parameters
    (national level, spread between municipalities, trend and plausible range)."""
    return [entry for entry in catalogue_read() if entry.demo is not None]


def _rows(entries: list[CatalogueEntry], populations: dict[str, float]) -> pl.DataFrame:
    rng = np.random.default_rng(2026)
    codes = sorted(populations)
    pop = np.array([populations[c] for c in codes])
    frames = []
    for entry in entries:
        spec = entry.demo
        assert spec is not None  # demo_catalogue() keeps only entries with demo parameters
        years = np.arange(spec.first_year, LAST_YEAR + 1)
        level = spec.level * np.exp(rng.normal(0, spec.spread, len(codes)))
        if spec.per_capita:
            level = level * pop
        spread = abs(spec.trend) * 0.8 + 0.003 if spec.trend_spread is None else spec.trend_spread
        trend = spec.trend + rng.normal(0, spread, len(codes))
        t = years - LAST_YEAR  # the level is today's: the series runs back from it
        noise = rng.normal(0, spec.noise, (len(codes), len(years)))
        values = level[:, None] * np.exp(trend[:, None] * t[None, :] + noise)
        if entry.unit == "prosent":
            values = np.clip(values, 0, 100)
        if spec.bounds is not None:
            values = np.clip(values, *spec.bounds)
        values = np.round(values, entry.decimals)
        frames.append(
            pl.DataFrame(
                {
                    "indicator": entry.code,
                    "area": np.repeat(codes, len(years)),
                    "period": np.tile(years.astype(str), len(codes)),
                    "value": values.ravel().astype(str),
                }
            )
        )
    frame = pl.concat(frames)
    return frame.with_columns(
        pl.lit(None, dtype=pl.String).alias("status"),
        pl.int_range(pl.len(), dtype=pl.Int64).alias("line") + 1,
    ).select("indicator", "area", "period", "value", "status", "line")


def demo_indicators_load() -> ImportReport:
    """Load the real catalogue (indicators/data/catalogue.toml), then invent plausible values
    for its entries with demo parameters and label those indicators as demo data (`is_demo`,
    the demo attribution), so no invented number carries a real source's name."""
    retired = Indicator.objects.filter(is_demo=True, code__in=RETIRED_DEMO_CODES)
    GoalIndicator.objects.filter(indicator__in=retired).delete()
    retired.delete()
    indicator_catalogue_load()
    entries = demo_catalogue()
    Indicator.objects.filter(code__in=[e.code for e in entries]).update(
        is_demo=True, attribution=ATTRIBUTION
    )
    populations = {
        number: float(population or 5000)
        for number, population in Municipality.objects.current().values_list("number", "population")
    }
    report = indicator_values_import(rows=_rows(entries, populations), line_word="rad")
    _demo_import_job()
    _demo_recipes_and_preview()
    demo_goal_targets_load()
    return report


# Which demo indicator measures the demo goals of each theme (plans.demo.GOALS), its baseline
# year, and how the target is set: "cut" = the goal's own wording (55 % below the baseline);
# "on_track" = half the municipality's actual annual improvement (when it improves, else as
# "off_track"); "off_track" = an improvement of 30 % of the baseline or three times the actual
# pace, whichever is larger. The demo shows every status whatever the synthetic numbers are.
GOAL_TARGETS = {
    "climate_energy": ("klimagassutslipp-vei", 2009, "cut"),
    "land_use": ("byggesoknader-restriksjonsomrader", 2015, "off_track"),
    "quality_of_life_health": ("fysisk-aktivitet", 2016, "on_track"),
}
TARGET_YEAR = 2030


def _target_value(
    how: str, direction: int, baseline: float, latest: float, slope: float, years: int
) -> float:
    """A target `years` after the latest value; `direction` is +1 when higher is better, −1
    when lower is better."""
    if how == "cut":
        return 0.45 * baseline
    if how == "on_track" and slope * direction > 0:
        target = latest + 0.5 * slope * years
        if (target - baseline) * direction > 0:
            return target
    best = max(baseline * direction, latest * direction) * direction
    step = max(0.3 * abs(baseline), 3.0 * abs(slope) * years)
    return best + direction * step


def demo_goal_targets_load() -> None:
    """Indicator targets for the demo municipalities' goals (after plans' demo and the
    values above). Idempotent: goals that already have the indicator are left alone."""
    from kommunenettverk.indicators.models import IndicatorResult
    from kommunenettverk.indicators.selectors import municipality_value_in_year
    from kommunenettverk.indicators.services import goal_indicator_save
    from kommunenettverk.plans.demo import DEMO_MUNICIPALITIES
    from kommunenettverk.plans.models import Goal

    indicators = {i.code: i for i in Indicator.objects.filter(is_demo=True)}
    for goal in Goal.objects.filter(municipality__number__in=DEMO_MUNICIPALITIES).select_related(
        "municipality"
    ):
        spec = next((GOAL_TARGETS[t] for t in goal.themes if t in GOAL_TARGETS), None)
        if spec is None or spec[0] not in indicators:
            continue
        code, baseline_year, how = spec
        indicator = indicators[code]
        if GoalIndicator.objects.filter(goal=goal, indicator=indicator).exists():
            continue
        number = goal.municipality.number
        result = IndicatorResult.objects.filter(indicator=indicator, area_code=number).first()
        baseline = municipality_value_in_year(indicator, number, baseline_year)
        if result is None or result.latest_value is None or result.slope is None or not baseline:
            continue
        direction = {"higher": 1, "lower": -1}.get(indicator.better, 0)
        if not direction:
            continue
        years = TARGET_YEAR - (result.latest_year or LAST_YEAR)
        target = _target_value(how, direction, baseline, result.latest_value, result.slope, years)
        if how != "cut" and (target < 0 or (indicator.unit == "prosent" and target > 100)):
            continue  # an impossible target would not be a credible demo
        goal_indicator_save(
            goal=goal,
            indicator=indicator,
            baseline_year=baseline_year,
            baseline_value=baseline,
            target_year=TARGET_YEAR,
            target_value=round(target, indicator.decimals),
        )


def _demo_import_job() -> None:
    """A finished upload with one rejected row, so the import report page has an example."""
    from kommunenettverk.indicators.models import ImportJob
    from kommunenettverk.indicators.services import import_job_run

    if ImportJob.objects.exists():
        return
    job = ImportJob.objects.create(
        filename="eksempelopplasting-demo.csv",
        data=b"kommunenummer;aar;verdi\n1804;2023;5\n9999;2023;1\n",
        options={
            "area": "kommunenummer",
            "period": "aar",
            "value": "verdi",
            "indicator_code": "fysisk-aktivitet",
        },
    )
    import_job_run(job_id=job.pk)


# A small part of Miljødirektoratet's "Klimagassutslipp fra kommuner" as it is downloaded:
# one row per municipality, source and gas, by name, with the county beside it. Demo values.
DEMO_GREENHOUSE_FILE = """Fylke;Kommune;Sektor;Kilde;Gass;År;Utslipp (tonn CO2-ekvivalenter)
Nordland;Bodø;Veitrafikk;Personbiler;CO2;2024;41 210,5
Nordland;Bodø;Veitrafikk;Personbiler;CH4;2024;39,8
Nordland;Bodø;Veitrafikk;Tunge kjøretøy;CO2;2024;28 904,1
Nordland;Bodø;Veitrafikk;Tunge kjøretøy;N2O;2024;102,6
Nordland;Fauske - Fuossko;Veitrafikk;Personbiler;CO2;2024;9 812,0
Nordland;Fauske - Fuossko;Veitrafikk;Tunge kjøretøy;CO2;2024;11 450,3
Nordland;Herøy;Veitrafikk;Personbiler;CO2;2024;1 204,9
Nordland;Herøy;Veitrafikk;Tunge kjøretøy;CO2;2024;-
Nordland;Bodø;Industri, olje og gass;Industri;CO2;2024;12 300,0
"""


def _demo_recipes_and_preview() -> None:
    """Besides the recipes the catalogue makes (indicator_catalogue_load: Miljødirektoratet's
    workbook, FHI's life expectancy), one for the CSV layout of the greenhouse gas file, and an
    upload through it that waits at its preview for "Importer"."""
    from kommunenettverk.accounts.models import User
    from kommunenettverk.indicators.models import ImportJob, ImportRecipe
    from kommunenettverk.indicators.services import import_job_create, import_recipe_save

    if ImportRecipe.objects.filter(catalogue_code="").exists():  # made by an earlier run
        return
    road = import_recipe_save(
        name="Miljødirektoratet: klimagassutslipp fra veitrafikk",
        source=Indicator.Source.MILJODIREKTORATET,
        description=(
            "Filen «Klimagassutslipp fra kommuner» fra miljostatus.no: én rad per kommune, "
            "kilde og gass. Vi tar sektoren Veitrafikk og summerer over gasser og kilder."
        ),
        indicator=Indicator.objects.get(code="klimagassutslipp-vei"),
        area_column="Kommune",
        county_column="Fylke",
        period_column="År",
        value_column="Utslipp (tonn CO2-ekvivalenter)",
        filters={"Sektor": ["Veitrafikk"]},
        sums=["Gass", "Kilde"],
    )
    nora = User.objects.filter(email__startswith="nasjonal@").first()
    if nora is None:  # the demo's people are loaded first; without them, no upload
        return
    job = import_job_create(
        user=nora,
        filename="klimagassutslipp-kommuner-2024.csv",
        data=DEMO_GREENHOUSE_FILE.encode("utf-8-sig"),
        options={},
        recipe=road,
        start=False,
    )
    from kommunenettverk.indicators.services import import_job_run

    import_job_run(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.PREVIEWED
