"""The real indicator catalogue (indicators/data/catalogue.toml) written to the database, with
the import recipes its entries describe, and the catalogue fetched (`manage.py
fetch_indicators`): the SSB-sourced part through PxWebApi v2, the others by downloading the
published file and reading it with the indicator's recipe.

Fetched values go through the one import code path (`indicator_file_import`), strictly, one
indicator at a time: an indicator is written whole or not at all, and one indicator's failure
does not stop the others.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.catalogue import CatalogueEntry, RecipeSpec, catalogue_read
from kommunenettverk.indicators.models import ImportRecipe, Indicator
from kommunenettverk.indicators.services.imports import (
    FileKind,
    FileOptions,
    ImportRefused,
    ImportReport,
    indicator_file_import,
    ssb_fetch,
)
from kommunenettverk.indicators.services.recipes import import_recipe_save
from kommunenettverk.registry.models import Municipality

AREA_WILDCARD = "*"  # in Indicator.ssb_selection: the area dimension, all municipalities


class CatalogueRefused(DomainError):
    """An entry of the catalogue does not fit the database (nothing was written)."""


@dataclass(frozen=True)
class CatalogueLoadReport:
    created: list[str]
    updated: list[str]
    recipes_created: list[str] = field(default_factory=list)
    recipes_updated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created) + len(self.updated)} indikatorer i katalogen: "
            f"{len(self.created)} nye, {len(self.updated)} oppdatert. "
            f"{len(self.recipes_created) + len(self.recipes_updated)} importoppskrifter: "
            f"{len(self.recipes_created)} nye, {len(self.recipes_updated)} oppdatert."
        )


def _recipe_description(entry: CatalogueEntry, spec: RecipeSpec) -> str:
    parts = [f"Fra indikatorkatalogen ({entry.code}): {entry.source_reference or entry.name}."]
    if spec.url:
        parts.append(f"Filen lastes ned fra {spec.url}.")
    elif entry.source_url:
        parts.append(f"Filen lastes ned for hånd fra {entry.source_url}.")
    if spec.checked_by:
        parts.append(f"Kolonnene er kontrollert: {spec.checked_by}")
    else:
        parts.append("Kolonnenavnene er ikke kontrollert mot et offentlig dokument.")
    if spec.note:
        parts.append(spec.note)
    return " ".join(parts)


def _recipe_values(entry: CatalogueEntry, spec: RecipeSpec, indicator: Indicator) -> dict[str, Any]:
    return {
        "name": spec.name,
        "source": entry.source,
        "description": _recipe_description(entry, spec),
        "indicator": indicator,
        "layout": spec.layout,
        "sheet": spec.sheet,
        "area_column": spec.area,
        "county_column": spec.county,
        "period_column": spec.period,
        "value_column": spec.value,
        "indicator_column": "",
        "status_column": spec.status,
        "flag_column": spec.flag,
        "flags": {},
        "filters": {column: list(values) for column, values in spec.filters.items()},
        "sums": list(spec.sums),
        "value_columns": {},
        "source_url": spec.url,
        "catalogue_code": entry.code,
    }


def _recipe_load(
    entry: CatalogueEntry, indicator: Indicator, created: list[str], updated: list[str]
) -> None:
    """Create or update the import recipe an entry describes (found by the entry's code, or
    by its name), so a coordinator chooses it by name on the import page. An entry whose
    recipe is incomplete (columns not checked) makes none."""
    spec = entry.recipe
    if spec is None or not spec.is_complete:
        return
    recipe = (
        ImportRecipe.objects.filter(catalogue_code=entry.code).first()
        or ImportRecipe.objects.filter(name=spec.name).first()
    )
    try:
        import_recipe_save(recipe=recipe, **_recipe_values(entry, spec, indicator))
    except ValidationError as exc:
        raise CatalogueRefused(
            f"Importoppskriften «{spec.name}» i katalogen kan ikke lagres: "
            + "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from exc
    (updated if recipe is not None else created).append(spec.name)


def _attribution(entry: CatalogueEntry) -> str:
    if entry.source == Indicator.Source.SSB:
        return f"Kilde: Statistisk sentralbyrå (SSB), statistikkbanktabell {entry.ssb_table}."
    if entry.source == Indicator.Source.OWN:
        return "Kilde: kommunenes egen registrering i Kommunenettverk."
    label = str(Indicator.Source(entry.source).label)
    return f"Kilde: {label}: {entry.source_reference}"[:300]


@transaction.atomic
def indicator_catalogue_load(*, entries: list[CatalogueEntry] | None = None) -> CatalogueLoadReport:
    """Create or update every catalogue entry (by code) from the shipped catalogue file, all or
    nothing, with the import recipes the entries describe (created or updated, so loading twice
    changes nothing). `is_demo` is left as it is, and an indicator whose values the demo
    invented keeps its demo attribution, so a reload never labels invented numbers with a real
    source."""
    created: list[str] = []
    updated: list[str] = []
    recipes_created: list[str] = []
    recipes_updated: list[str] = []
    for entry in catalogue_read() if entries is None else entries:
        indicator = Indicator.objects.filter(code=entry.code).first()
        if indicator is None:
            indicator = Indicator(code=entry.code)
        for name, value in entry.model_fields().items():
            setattr(indicator, name, value)
        if not indicator.is_demo:
            indicator.attribution = _attribution(entry)
        try:
            indicator.full_clean()
        except ValidationError as exc:
            raise CatalogueRefused(
                f"Indikatoren «{entry.code}» i katalogen kan ikke lagres: "
                + "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        (updated if indicator.pk else created).append(entry.code)
        indicator.save()
        _recipe_load(entry, indicator, recipes_created, recipes_updated)
    return CatalogueLoadReport(
        created=created,
        updated=updated,
        recipes_created=recipes_created,
        recipes_updated=recipes_updated,
    )


# --- fetching the SSB-sourced indicators -----------------------------------------------------


@dataclass(frozen=True)
class FetchOutcome:
    """What happened to one indicator: `state` is "written", "refused" (nothing written for
    it, `message` says why) or "skipped" (it cannot be fetched, `message` says why)."""

    code: str
    state: str
    message: str
    report: ImportReport | None = None


def ssb_selection(indicator: Indicator, *, areas: list[str], years: int) -> dict[str, list[str]]:
    """The PxWebApi v2 selection for one indicator: its content code, the last `years`
    periods, the area dimension with `areas`, and every other dimension fixed to its code."""
    selection: dict[str, list[str]] = {}
    for dimension, code in indicator.ssb_selection.items():
        selection[dimension] = list(areas) if code == AREA_WILDCARD else [code]
    selection["ContentsCode"] = [indicator.ssb_content_code]
    selection["Tid"] = [f"top({years})"]
    return selection


def _skip_reason(indicator: Indicator) -> str:
    if not indicator.ssb_content_code:
        return "statistikkvariabelen er ikke kontrollert og står ikke i katalogen"
    if AREA_WILDCARD not in indicator.ssb_selection.values():
        return "SSB-utvalget i katalogen mangler områdedimensjonen («*»)"
    return ""


def indicators_fetch_from_ssb(
    *, codes: list[str] | None = None, years: int = 5, dry_run: bool = False
) -> list[FetchOutcome]:
    """Fetch every SSB-sourced catalogue indicator (or those in `codes`) for today's
    municipalities and the last `years` periods, and import each through
    `indicator_file_import` with strict checks in its own transaction: all or nothing per
    indicator. Returns one outcome per indicator, in code order."""
    indicators = Indicator.objects.filter(source=Indicator.Source.SSB).order_by("code")
    if codes:
        indicators = indicators.filter(code__in=codes)
    areas = sorted(Municipality.objects.current().values_list("number", flat=True))
    outcomes: list[FetchOutcome] = []
    for indicator in indicators:
        reason = _skip_reason(indicator)
        if reason:
            outcomes.append(FetchOutcome(indicator.code, "skipped", reason))
            continue
        try:
            raw = ssb_fetch(
                table=indicator.ssb_table,
                selection=ssb_selection(indicator, areas=areas, years=years),
            )
            report = indicator_file_import(
                data=raw,
                kind=FileKind.JSON_STAT,
                options=FileOptions(indicator_code=indicator.code),
                strict=True,
                dry_run=dry_run,
            )
        except DomainError as exc:
            outcomes.append(FetchOutcome(indicator.code, "refused", str(exc)))
            continue
        outcomes.append(FetchOutcome(indicator.code, "written", report.summary(), report))
    return outcomes


def indicators_fetched_by_file() -> list[Indicator]:
    """Catalogue indicators that are not fetched from SSB: their published file is imported
    through a recipe (FHI, Miljødirektoratet, other sources)."""
    return list(
        Indicator.objects.exclude(source__in=[Indicator.Source.SSB, Indicator.Source.OWN]).order_by(
            "source", "code"
        )
    )


# --- fetching the others by their published file, read with the recipe ----------------------

MAX_PUBLISHED_FILE = 200 * 1024 * 1024  # bytes; a national file is some tens of megabytes


def published_file_download(url: str) -> bytes:
    """The file a source publishes at `url` (http or https; from settings.PUBLISHED_FILES_MIRROR
    when that is set). Refused (ImportRefused, nothing
    written) when the source does not answer or the file is larger than MAX_PUBLISHED_FILE."""
    if not url.lower().startswith(("https://", "http://")):
        raise ImportRefused(f"«{url}» er ikke en nettadresse. Ingenting er lagret.")
    if settings.PUBLISHED_FILES_MIRROR:
        parts = urllib.parse.urlsplit(url)
        url = settings.PUBLISHED_FILES_MIRROR.rstrip("/") + parts.path
        url += f"?{parts.query}" if parts.query else ""
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, headers={"User-Agent": "Kommunenettverk"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            body: bytes = response.read(MAX_PUBLISHED_FILE + 1)
    except urllib.error.HTTPError as exc:
        raise ImportRefused(f"Kilden svarte {exc.code} for {url}. Ingenting er lagret.") from exc
    except OSError as exc:
        raise ImportRefused(f"Fikk ikke kontakt med kilden ({url}): {exc}") from exc
    if len(body) > MAX_PUBLISHED_FILE:
        raise ImportRefused(f"Filen fra {url} er større enn grensen. Ingenting er lagret.")
    return body


def _file_kind(recipe: ImportRecipe) -> FileKind:
    if recipe.sheet:
        return FileKind.XLSX
    return FileKind.for_filename(recipe.source_url.split("?", 1)[0])


def indicators_fetch_by_recipe(
    *,
    codes: list[str] | None = None,
    dry_run: bool = False,
    download: Callable[[str], bytes] = published_file_download,
) -> list[FetchOutcome]:
    """Fetch every catalogue indicator from another source than SSB (or those in `codes`)
    whose import recipe names a download address: the file is downloaded once per address and
    read with the indicator's recipe through `indicator_file_import`, strictly, all or nothing
    per indicator. An indicator without such a recipe is "skipped" with the reason (its file
    is imported by hand on the import page, through its recipe when it has one)."""
    indicators = Indicator.objects.exclude(
        source__in=[Indicator.Source.SSB, Indicator.Source.OWN]
    ).order_by("source", "code")
    if codes:
        indicators = indicators.filter(code__in=codes)
    recipes: dict[int, list[ImportRecipe]] = {}
    for recipe in ImportRecipe.objects.filter(indicator__in=indicators).order_by("name"):
        recipes.setdefault(recipe.indicator_id or 0, []).append(recipe)
    files: dict[str, bytes | ImportRefused] = {}
    outcomes: list[FetchOutcome] = []
    for indicator in indicators:
        own = recipes.get(indicator.pk, [])
        with_url = [r for r in own if r.source_url]
        if not with_url:
            reason = (
                f"importoppskriften «{own[0].name}» har ingen nedlastingsadresse; last ned "
                "filen og importer den med oppskriften"
                if own
                else "ingen importoppskrift (filens kolonner er ikke kontrollert)"
            )
            outcomes.append(FetchOutcome(indicator.code, "skipped", reason))
            continue
        recipe = with_url[0]
        if recipe.source_url not in files:
            try:
                files[recipe.source_url] = download(recipe.source_url)
            except ImportRefused as exc:
                files[recipe.source_url] = exc
        data = files[recipe.source_url]
        if isinstance(data, ImportRefused):
            outcomes.append(FetchOutcome(indicator.code, "refused", str(data)))
            continue
        try:
            report = indicator_file_import(
                data=data,
                kind=_file_kind(recipe),
                options=FileOptions.from_dict(recipe.file_options()),
                strict=True,
                dry_run=dry_run,
            )
        except DomainError as exc:
            outcomes.append(FetchOutcome(indicator.code, "refused", f"{recipe.name}: {exc}"))
            continue
        outcomes.append(
            FetchOutcome(indicator.code, "written", f"{recipe.name}: {report.summary()}", report)
        )
    return outcomes
