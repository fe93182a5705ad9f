"""The idea bank's public list as open data (core.opendata): published examples only, and
no contact persons."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.ideabank import selectors
from kommunenettverk.ideabank.spread_selectors import AdoptionRow

MAX_ROWS = 10_000


def example_table(
    *, query: str = "", theme: str = "", county: str = "", size: str = ""
) -> OpenTable:
    """Every published example matching the search, read only when the file is asked for."""

    def rows() -> Iterator[Sequence[Any]]:
        result = selectors.example_search(
            query=query, theme=theme, county=county, size=size, limit=MAX_ROWS
        )
        for hit in result.hits:
            e = hit.example
            yield (
                e.pk,
                e.title,
                e.summary,
                e.municipality.number,
                e.municipality.name_nb,
                e.themes,
                e.tags,
                e.published_at.date() if e.published_at else None,
                e.get_absolute_url(),
            )

    return OpenTable(
        slug="eksempler",
        filename="idebank-eksempler",
        title=_("Eksempler i idébanken"),
        columns=[
            Column("eksempel", _("id"), key=True),
            Column("tittel", _("tittel")),
            Column("sammendrag", _("sammendrag")),
            Column("kommune", _("kommunenummer")),
            Column("kommunenavn", _("kommune")),
            Column("temaer", _("temaer")),
            Column("stikkord", _("stikkord")),
            Column("publisert", _("publisert")),
            Column("lenke", _("lenke")),
        ],
        rows=rows(),
        notes=[_("Bare publiserte eksempler; kontaktpersoner er ikke med.")],
    )


def adoption_table(rows: Sequence[AdoptionRow]) -> OpenTable:
    """Where published examples were taken up (public take-ups only), as open data."""

    def cells() -> Iterator[Sequence[Any]]:
        for row in rows:
            a = row.adoption
            yield (
                a.pk,
                a.origin_id,
                a.origin.title,
                a.origin.municipality.number,
                a.origin.municipality.name_nb,
                a.municipality.number,
                a.municipality.name_nb,
                a.year,
                "tiltak" if a.measure_id else "eksempel",
                row.title,
                row.status,
                row.reach.value,
                a.what_changed,
                row.url,
            )

    return OpenTable(
        slug="bruk",
        filename="idebank-bruk-av-eksempler",
        title=_("Eksempler tatt i bruk i andre kommuner"),
        columns=[
            Column("bruk", _("id"), key=True),
            Column("eksempel", _("eksempel-id")),
            Column("eksempeltittel", _("eksempel")),
            Column("fra_kommune", _("fra kommunenummer")),
            Column("fra_kommunenavn", _("fra kommune")),
            Column("kommune", _("kommunenummer")),
            Column("kommunenavn", _("kommune")),
            Column("aar", _("år tatt i bruk")),
            Column("type", _("tatt i bruk i")),
            Column("tittel", _("tiltak eller eksempel")),
            Column("status", _("status")),
            Column("avstand", _("avstand (network, neighbour, further)")),
            Column("endret", _("hva de endret")),
            Column("lenke", _("lenke")),
        ],
        rows=cells(),
        notes=[
            _(
                "Bare publiserte tiltak og eksempler. Avstand: network = kommunene er eller var "
                "med i samme nettverk, neighbour = nabokommune, further = lenger unna."
            )
        ],
    )
