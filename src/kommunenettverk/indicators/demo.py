"""Demo catalogue and synthetic values (labelled as demo data) for `manage.py load_demo`.

The values are made up: a level drawn per municipality around a realistic national level,
a trend and noise, from a fixed random seed, so every run gives the same numbers. Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from kommunenettverk.indicators.models import Indicator
from kommunenettverk.indicators.services import ImportReport, indicator_values_import
from kommunenettverk.registry.models import Municipality

FIRST_YEAR, LAST_YEAR = 2005, 2024
ATTRIBUTION = "Demodata laget for Kommunenettverk – ikke ekte statistikk."


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    unit: str
    themes: tuple[str, ...]
    better: str
    source: str
    aggregation: str
    level: float  # typical value per municipality in the first year
    spread: float  # relative spread between municipalities
    trend: float  # relative change per year
    noise: float
    measure: str = "unknown"  # Indicator.Measure: how values compare across municipalities
    per_capita: bool = False  # scale the level by population
    decimals: int = 1
    description: str = ""
    first_year: int = FIRST_YEAR
    trend_spread: float | None = None  # between municipalities; default |trend| · 0.8 + 0.003
    bounds: tuple[float, float] | None = None  # plausible range (e.g. life expectancy)


CATALOGUE = [
    DemoIndicator(
        "klimagassutslipp-vei",
        "Klimagassutslipp fra veitrafikk",
        "tonn CO₂-ekv.",
        ("climate_energy",),
        "lower",
        "miljodirektoratet",
        "sum",
        2.2,
        0.3,
        -0.02,
        0.03,
        per_capita=True,
        decimals=0,
        description="Utslipp fra veitrafikk i kommunen (Miljødirektoratets "
        "kommunefordelte utslipp).",
        measure="total",
    ),
    DemoIndicator(
        "klimagassutslipp-jordbruk",
        "Klimagassutslipp fra jordbruk",
        "tonn CO₂-ekv.",
        ("climate_energy", "land_use"),
        "lower",
        "miljodirektoratet",
        "sum",
        1.1,
        0.8,
        -0.005,
        0.04,
        per_capita=True,
        decimals=0,
        description="Utslipp fra husdyr, gjødsel og jordbruksarealer.",
        measure="total",
    ),
    DemoIndicator(
        "energibruk-per-innbygger",
        "Stasjonær energibruk per innbygger",
        "MWh",
        ("climate_energy",),
        "lower",
        "ssb",
        "weighted_mean",
        24.0,
        0.25,
        -0.01,
        0.03,
        description="Stasjonær energibruk i husholdninger, tjenesteyting og industri.",
        measure="per_inhabitant",
    ),
    DemoIndicator(
        "nedbygd-areal",
        "Nedbygd areal per år",
        "dekar",
        ("land_use",),
        "lower",
        "ssb",
        "sum",
        0.06,
        0.5,
        0.0,
        0.25,
        per_capita=True,
        decimals=0,
        description="Areal som er tatt i bruk til bebyggelse og anlegg i løpet av året.",
        measure="total",
    ),
    DemoIndicator(
        "andel-vernet-areal",
        "Andel vernet areal",
        "prosent",
        ("land_use",),
        "higher",
        "miljodirektoratet",
        "weighted_mean",
        12.0,
        0.8,
        0.015,
        0.01,
        description="Andel av kommunens landareal som er vernet etter naturmangfoldloven.",
        measure="share",
    ),
    DemoIndicator(
        "friluftsareal",
        "Areal sikret for friluftsliv per innbygger",
        "m²",
        ("land_use", "quality_of_life_health"),
        "higher",
        "ssb",
        "weighted_mean",
        45.0,
        0.6,
        0.01,
        0.02,
        decimals=0,
        description="Statlig sikrede friluftslivsområder per innbygger.",
        measure="per_inhabitant",
    ),
    DemoIndicator(
        "fysisk-aktivitet",
        "Fysisk aktive ungdommer",
        "prosent",
        ("quality_of_life_health",),
        "higher",
        "fhi",
        "weighted_mean",
        62.0,
        0.08,
        -0.003,
        0.03,
        first_year=2012,
        description="Andel ungdomsskoleelever som er fysisk aktive minst fire ganger i "
        "uka (Ungdata).",
        measure="share",
    ),
    DemoIndicator(
        "forventet-levealder",
        "Forventet levealder",
        "år",
        ("quality_of_life_health",),
        "higher",
        "fhi",
        "weighted_mean",
        80.0,
        0.012,
        0.002,
        0.003,
        description="Forventet levealder ved fødsel, begge kjønn, 15-årsgjennomsnitt.",
        # About +0.16 years a year, as in Norway 2005–2024, and never outside 78–86 years.
        trend_spread=0.0005,
        bounds=(78.0, 86.0),
        measure="average",
    ),
    DemoIndicator(
        "miljofyrtarn",
        "Miljøfyrtårn-sertifiserte virksomheter",
        "antall",
        ("production_consumption", "climate_energy"),
        "higher",
        "own",
        "sum",
        0.002,
        0.7,
        0.06,
        0.1,
        per_capita=True,
        decimals=0,
        description="Virksomheter med gyldig Miljøfyrtårn-sertifikat ved utgangen av året.",
        measure="total",
    ),
    DemoIndicator(
        "husholdningsavfall",
        "Husholdningsavfall per innbygger",
        "kg",
        ("production_consumption",),
        "lower",
        "ssb",
        "weighted_mean",
        430.0,
        0.15,
        -0.004,
        0.03,
        decimals=0,
        description="Innsamlet husholdningsavfall per innbygger.",
        measure="per_inhabitant",
    ),
    DemoIndicator(
        "internasjonale-samarbeid",
        "Internasjonale samarbeidsprosjekter",
        "antall",
        ("international",),
        "higher",
        "own",
        "sum",
        0.0001,
        1.0,
        0.05,
        0.3,
        per_capita=True,
        decimals=0,
        description="Prosjekter med vennskapskommuner, EØS-midler og Interreg.",
        measure="total",
    ),
    DemoIndicator(
        "kulturminner-tilstand",
        "Fredete bygg i god tilstand",
        "prosent",
        ("cultural_heritage",),
        "higher",
        "own",
        "weighted_mean",
        68.0,
        0.1,
        0.004,
        0.04,
        first_year=2016,
        description="Andel fredete bygninger i privat eie med god eller svært god tilstand.",
        measure="share",
    ),
    # The population series that totals are divided by (settings.INDICATORS_POPULATION_CODE):
    # growing about 0.7 % a year to about today's population in the registry.
    DemoIndicator(
        "folkemengde",
        "Folkemengde 1. januar",
        "personer",
        ("quality_of_life_health",),
        "neutral",
        "ssb",
        "sum",
        0.88,
        0.0,
        0.0067,
        0.002,
        measure="total",
        per_capita=True,
        decimals=0,
        description="Innbyggere i kommunen 1. januar (demodata, avledet av dagens folketall).",
        trend_spread=0.004,
    ),
]


def _rows(populations: dict[str, float]) -> pl.DataFrame:
    rng = np.random.default_rng(2026)
    codes = sorted(populations)
    pop = np.array([populations[c] for c in codes])
    frames = []
    for spec in CATALOGUE:
        years = np.arange(spec.first_year, LAST_YEAR + 1)
        level = spec.level * np.exp(rng.normal(0, spec.spread, len(codes)))
        if spec.per_capita:
            level = level * pop
        spread = abs(spec.trend) * 0.8 + 0.003 if spec.trend_spread is None else spec.trend_spread
        trend = spec.trend + rng.normal(0, spread, len(codes))
        t = years - spec.first_year
        noise = rng.normal(0, spec.noise, (len(codes), len(years)))
        values = level[:, None] * np.exp(trend[:, None] * t[None, :] + noise)
        if spec.unit == "prosent":
            values = np.clip(values, 0, 100)
        if spec.bounds is not None:
            values = np.clip(values, *spec.bounds)
        values = np.round(values, spec.decimals)
        frames.append(
            pl.DataFrame(
                {
                    "indicator": spec.code,
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
    """Create the demo catalogue (one indicator or more per theme) and its synthetic values."""
    for spec in CATALOGUE:
        Indicator.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "unit": spec.unit,
                "themes": list(spec.themes),
                "better": spec.better,
                "source": spec.source,
                "aggregation": spec.aggregation,
                "decimals": spec.decimals,
                "is_demo": True,
                "licence": "",
                "attribution": ATTRIBUTION,
                "per_inhabitant": spec.per_capita,
                "measure": spec.measure,
            },
        )
    populations = {
        number: float(population or 5000)
        for number, population in Municipality.objects.current().values_list("number", "population")
    }
    report = indicator_values_import(rows=_rows(populations), line_word="rad")
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
    "land_use": ("nedbygd-areal", 2015, "off_track"),
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
    from kommunenettverk.indicators.models import GoalIndicator, IndicatorResult
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
    """Two import recipes for the national coordinator's sources, and an upload through one
    of them that waits at its preview for "Importer"."""
    from kommunenettverk.accounts.models import User
    from kommunenettverk.indicators.models import ImportJob, ImportRecipe
    from kommunenettverk.indicators.services import import_job_create, import_recipe_save

    if ImportRecipe.objects.exists():
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
    import_recipe_save(
        name="FHI Kommunehelsa: forventet levealder",
        source=Indicator.Source.FHI,
        description=(
            "Tabellen fra Kommunehelsa statistikkbank, lastet ned som CSV. Vi tar «Kjønn "
            "samlet» og «alle utdanningsnivåer»."
        ),
        indicator=Indicator.objects.get(code="forventet-levealder"),
        area_column="Sted",
        period_column="År",
        value_column="Forventet levealder",
        filters={"Kjønn": ["Kjønn samlet"], "Utdanning": ["alle utdanningsnivåer"]},
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
