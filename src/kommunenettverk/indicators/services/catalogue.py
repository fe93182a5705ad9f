"""The real indicator catalogue (indicators/data/catalogue.toml) written to the database, and
the SSB-sourced part of it fetched through PxWebApi v2 (`manage.py fetch_indicators`).

Fetched values go through the one import code path (`indicator_file_import`, JSON-stat 2.0),
strictly, one indicator at a time: an indicator is written whole or not at all, and one
indicator's failure does not stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.catalogue import CatalogueEntry, catalogue_read
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.indicators.services.imports import (
    FileKind,
    FileOptions,
    ImportReport,
    indicator_file_import,
    ssb_fetch,
)
from kommunenettverk.registry.models import Municipality

AREA_WILDCARD = "*"  # in Indicator.ssb_selection: the area dimension, all municipalities


class CatalogueRefused(DomainError):
    """An entry of the catalogue does not fit the database (nothing was written)."""


@dataclass(frozen=True)
class CatalogueLoadReport:
    created: list[str]
    updated: list[str]

    def summary(self) -> str:
        return (
            f"{len(self.created) + len(self.updated)} indikatorer i katalogen: "
            f"{len(self.created)} nye, {len(self.updated)} oppdatert."
        )


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
    nothing. `is_demo` is left as it is, and an indicator whose values the demo invented keeps
    its demo attribution, so a reload never labels invented numbers with a real source."""
    created: list[str] = []
    updated: list[str] = []
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
    return CatalogueLoadReport(created=created, updated=updated)


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
