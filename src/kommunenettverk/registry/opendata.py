"""The registry's public tables as open data (core.opendata)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import CC_BY, CC_BY_URL, Column, OpenTable
from kommunenettverk.registry.models import CodeChange, County, Municipality

SOURCE = "Statistisk sentralbyrå (SSB), Klassifikasjonsdatabasen KLASS; Kartverket"
ATTRIBUTION = "Kommuneinndeling og folketall: SSB. Areal: Kartverket."


def municipality_table(
    municipalities: Iterable[Municipality], *, slug: str = "kommuner", title: str = ""
) -> OpenTable:
    return OpenTable(
        slug=slug,
        title=title or _("Kommuner"),
        columns=[
            Column("kommune", _("kommunenummer"), key=True, role="geo"),
            Column("navn", _("kommune")),
            Column("fylke", _("fylkesnummer")),
            Column("fylkesnavn", _("fylke")),
            Column("folketall", _("innbyggere"), unit=_("personer"), decimals=0),
            Column("areal", _("areal (km²)"), unit="km²", decimals=2),
        ],
        rows=(
            (
                m.number,
                m.name,
                m.county.number,
                m.county.name,
                m.population,
                float(m.area_km2) if m.area_km2 is not None else None,
            )
            for m in municipalities
        ),
        licence=CC_BY,
        licence_url=CC_BY_URL,
        attribution=ATTRIBUTION,
        source=SOURCE,
    )


def county_table(counties: Iterable[County], *, slug: str = "fylker", title: str = "") -> OpenTable:
    """Counties with their number of current municipalities (selectors.county_list)."""
    return OpenTable(
        slug=slug,
        title=title or _("Fylker med antall kommuner og KS-region"),
        columns=[
            Column("fylke", _("fylkesnummer"), key=True, role="geo"),
            Column("navn", _("fylke")),
            Column("kommuner", _("antall kommuner"), decimals=0),
            Column("ks_region", _("KS-region")),
        ],
        rows=(
            (
                c.number,
                c.official_name,
                c.municipality_count,  # type: ignore[attr-defined]  # selectors.county_list
                c.ks_region.name if c.ks_region else "",
            )
            for c in counties
        ),
        licence=CC_BY,
        licence_url=CC_BY_URL,
        attribution=ATTRIBUTION,
        source=SOURCE,
    )


def code_change_table(municipality: Municipality, changes: Iterable[CodeChange]) -> OpenTable:
    """The municipality page's table "Tidligere og senere kommunenummer" (SSB KLASS)."""
    return OpenTable(
        slug="nummerendringer",
        filename=f"nummerendringer-{municipality.number}",
        title=_("Tidligere og senere kommunenummer for %(m)s") % {"m": municipality.name_nb},
        columns=[
            Column("fra_nummer", _("fra nummer"), key=True),
            Column("til_nummer", _("til nummer"), key=True),
            Column("dato", _("dato"), key=True, role="time"),
            Column("fra_navn", _("fra navn")),
            Column("til_navn", _("til navn")),
        ],
        rows=((c.old_code, c.new_code, c.changed_on, c.old_name, c.new_name) for c in changes),
        licence=CC_BY,
        licence_url=CC_BY_URL,
        attribution="Kommunenummer og endringer: SSB.",
        source="Statistisk sentralbyrå (SSB), Klassifikasjonsdatabasen KLASS",
    )
