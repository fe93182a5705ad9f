"""The indicator catalogue as data: indicators/data/catalogue.toml read into plain entries.

Pure parsing and shape checks, no Django: `services.indicator_catalogue_load` writes the
entries (and `Indicator.full_clean` checks themes, choices and the SSB rule), the demo reads
their `demo` parameters, `manage.py fetch_indicators` their SSB selection. The file's header
says what each key means.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kommunenettverk.core.errors import DomainError

CATALOGUE_FILE = Path(__file__).parent / "data" / "catalogue.toml"

_REQUIRED = ("code", "name", "unit", "themes", "better", "measure", "aggregation", "source")
_OPTIONAL = {
    "decimals": 1,
    "per_inhabitant": False,
    "ssb_table": "",
    "ssb_content_code": "",
    "ssb_selection": {},
    "source_reference": "",
    "source_url": "",
    "update_interval_months": None,
    "licence": "",
    "description": "",
    "verified_by": "",
    "source_note": "",
    "recipe": {},
    "demo": None,
}
_DEMO_KEYS = {"level", "spread", "trend", "noise", "per_capita", "first_year", "trend_spread"}
# [indicator.recipe]: how the published file is read. Text keys, then `filters` (a table of
# column → list of wanted values) and `sums` (a list of columns).
_RECIPE_TEXT = (
    "name",
    "format",
    "url",
    "sheet",
    "layout",
    "area",
    "county",
    "period",
    "value",
    "status",
    "flag",
    "checked_by",
    "note",
)
_RECIPE_FORMATS = ("csv", "xlsx")
_RECIPE_LAYOUTS = ("long", "wide_years", "wide_indicators")


class CatalogueError(DomainError, ValueError):
    """The catalogue file is malformed; the message names the entry and the key."""


@dataclass(frozen=True)
class DemoSpec:
    """How the demo invents plausible values: a level per municipality in the last year
    around today's national `level` (times the municipality's population when `per_capita`),
    `spread` between municipalities (log-normal), a yearly relative `trend` back to
    `first_year`, `noise`, and the plausible range `bounds`."""

    level: float
    spread: float
    trend: float
    noise: float
    per_capita: bool = False
    first_year: int = 2005
    trend_spread: float | None = None
    bounds: tuple[float, float] | None = None


@dataclass(frozen=True)
class RecipeSpec:
    """How an indicator's published file is read, as the catalogue describes it: the columns,
    the filters on other dimensions and the columns summed over. `name` is the import recipe
    it becomes (chosen by that name on the import page); without a name, or without the
    columns a layout needs, the entry only describes the file (`is_complete` is False) and no
    recipe is made. `checked_by` says where the column names were checked; empty means they
    were not, and the recipe's description says so. `url` is where the file is downloaded
    (`manage.py fetch_indicators`); empty when the file is only downloaded by hand."""

    name: str = ""
    format: str = "csv"
    url: str = ""
    sheet: str = ""
    layout: str = "long"
    area: str = ""
    county: str = ""
    period: str = ""
    value: str = ""
    status: str = ""
    flag: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sums: tuple[str, ...] = ()
    checked_by: str = ""
    note: str = ""

    @property
    def is_complete(self) -> bool:
        needed = {"long": (self.area, self.period, self.value), "wide_years": (self.area,)}
        return bool(self.name) and all(needed.get(self.layout, (self.area, self.period)))


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str
    themes: tuple[str, ...]
    better: str
    measure: str
    aggregation: str
    source: str
    decimals: int = 1
    per_inhabitant: bool = False
    ssb_table: str = ""
    ssb_content_code: str = ""
    ssb_selection: dict[str, str] = field(default_factory=dict)
    source_reference: str = ""
    source_url: str = ""
    update_interval_months: int | None = None
    licence: str = ""
    description: str = ""
    verified_by: str = ""
    source_note: str = ""
    recipe: RecipeSpec | None = None
    demo: DemoSpec | None = None

    @property
    def is_verified(self) -> bool:
        return bool(self.verified_by.strip())

    def model_fields(self) -> dict[str, Any]:
        """The Indicator fields this entry sets (not `is_demo` or `attribution`)."""
        return {
            "name": self.name,
            "description": self.description,
            "unit": self.unit,
            "decimals": self.decimals,
            "themes": list(self.themes),
            "better": self.better,
            "measure": self.measure,
            "aggregation": self.aggregation,
            "per_inhabitant": self.per_inhabitant,
            "source": self.source,
            "ssb_table": self.ssb_table,
            "ssb_content_code": self.ssb_content_code,
            "ssb_selection": dict(self.ssb_selection),
            "source_reference": self.source_reference,
            "source_url": self.source_url,
            "update_interval_months": self.update_interval_months,
            "licence": self.licence,
            "verified_by": self.verified_by,
            "source_note": self.source_note,
        }


def _demo(code: str, raw: Any) -> DemoSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise CatalogueError(f"Indikator «{code}»: [demo] må være en tabell.")
    unknown = set(raw) - _DEMO_KEYS - {"bounds"}
    if unknown:
        raise CatalogueError(f"Indikator «{code}»: ukjent nøkkel i [demo]: {sorted(unknown)[0]}.")
    bounds = raw.get("bounds")
    if bounds is not None and (len(bounds) != 2 or bounds[0] >= bounds[1]):
        raise CatalogueError(f"Indikator «{code}»: demo.bounds må være [min, maks].")
    try:
        return DemoSpec(
            level=float(raw["level"]),
            spread=float(raw["spread"]),
            trend=float(raw["trend"]),
            noise=float(raw["noise"]),
            per_capita=bool(raw.get("per_capita", False)),
            first_year=int(raw.get("first_year", 2005)),
            trend_spread=None if raw.get("trend_spread") is None else float(raw["trend_spread"]),
            bounds=None if bounds is None else (float(bounds[0]), float(bounds[1])),
        )
    except KeyError as exc:
        raise CatalogueError(f"Indikator «{code}»: [demo] mangler «{exc.args[0]}».") from exc


def _recipe(code: str, raw: Any) -> RecipeSpec | None:
    if not raw:
        return None
    if not isinstance(raw, dict):
        raise CatalogueError(f"Indikator «{code}»: [recipe] må være en tabell.")
    unknown = set(raw) - set(_RECIPE_TEXT) - {"filters", "sums"}
    if unknown:
        raise CatalogueError(f"Indikator «{code}»: ukjent nøkkel i [recipe]: {sorted(unknown)[0]}.")
    text = {key: str(raw.get(key, "")).strip() for key in _RECIPE_TEXT}
    text["format"] = text["format"] or "csv"
    text["layout"] = text["layout"] or "long"
    if text["format"] not in _RECIPE_FORMATS:
        raise CatalogueError(f"Indikator «{code}»: recipe.format må være csv eller xlsx.")
    if text["layout"] not in _RECIPE_LAYOUTS:
        raise CatalogueError(f"Indikator «{code}»: ukjent recipe.layout «{text['layout']}».")
    filters = raw.get("filters", {})
    sums = raw.get("sums", [])
    if not isinstance(filters, dict) or not all(isinstance(v, list) for v in filters.values()):
        raise CatalogueError(
            f"Indikator «{code}»: recipe.filters må være en tabell kolonne = [verdier]."
        )
    if not isinstance(sums, list):
        raise CatalogueError(f"Indikator «{code}»: recipe.sums må være en liste med kolonner.")
    return RecipeSpec(
        **text,
        filters={str(k): tuple(str(v) for v in vs) for k, vs in filters.items()},
        sums=tuple(str(s) for s in sums),
    )


def catalogue_parse(text: str) -> list[CatalogueEntry]:
    """Entries from the catalogue's TOML text, in file order. Refuses a missing or unknown
    key, a repeated code, and an SSB entry without a table."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"Katalogfilen kan ikke leses: {exc}") from exc
    entries: list[CatalogueEntry] = []
    seen: set[str] = set()
    for number, raw in enumerate(doc.get("indicator", []), start=1):
        code = str(raw.get("code", f"nr. {number}"))
        missing = [key for key in _REQUIRED if key not in raw]
        if missing:
            raise CatalogueError(f"Indikator «{code}» mangler «{missing[0]}».")
        unknown = set(raw) - set(_REQUIRED) - set(_OPTIONAL)
        if unknown:
            raise CatalogueError(f"Indikator «{code}»: ukjent nøkkel «{sorted(unknown)[0]}».")
        if code in seen:
            raise CatalogueError(f"Indikatorkoden «{code}» står to ganger.")
        seen.add(code)
        values = {**_OPTIONAL, **raw}
        if values["source"] == "ssb" and not values["ssb_table"]:
            raise CatalogueError(f"SSB-indikatoren «{code}» mangler tabellnummer.")
        entries.append(
            CatalogueEntry(
                code=code,
                name=values["name"],
                unit=values["unit"],
                themes=tuple(values["themes"]),
                better=values["better"],
                measure=values["measure"],
                aggregation=values["aggregation"],
                source=values["source"],
                decimals=int(values["decimals"]),
                per_inhabitant=bool(values["per_inhabitant"]),
                ssb_table=values["ssb_table"],
                ssb_content_code=values["ssb_content_code"],
                ssb_selection={str(k): str(v) for k, v in values["ssb_selection"].items()},
                source_reference=values["source_reference"],
                source_url=values["source_url"],
                update_interval_months=values["update_interval_months"],
                licence=values["licence"],
                description=values["description"],
                verified_by=values["verified_by"].strip(),
                source_note=values["source_note"],
                recipe=_recipe(code, values["recipe"]),
                demo=_demo(code, values["demo"]),
            )
        )
    return entries


def catalogue_read(path: Path = CATALOGUE_FILE) -> list[CatalogueEntry]:
    """The shipped catalogue (or another file in the same format)."""
    return catalogue_parse(path.read_text(encoding="utf-8"))
