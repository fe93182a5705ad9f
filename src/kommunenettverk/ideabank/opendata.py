"""The idea bank's public list as open data (core.opendata): published examples only, and
no contact persons."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.ideabank import selectors

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
