"""The citizen portal's public tables as open data (core.opendata)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.community.models import Activity, Partner, Partnership
from kommunenettverk.core.opendata import (
    CC_BY,
    CC_BY_URL,
    NLOD,
    NLOD_URL,
    Column,
    OpenTable,
    OpenTableLinks,
)
from kommunenettverk.registry.models import Municipality


def partner_table(partners: Iterable[Partner]) -> OpenTable:
    """The partner directory: organisations only, no contact persons."""
    return OpenTable(
        slug="ressursmiljoer",
        title=_("Ressursmiljøer og partnere"),
        columns=[
            Column("ressursmiljo", _("id"), key=True),
            Column("navn", _("navn")),
            Column("type", _("type")),
            Column("niva", _("nivå")),
            Column("orgnr", _("organisasjonsnummer")),
            Column("partnerskap", _("partnerskap"), decimals=0),
        ],
        rows=(
            (
                p.pk,
                p.organisation.name,
                str(p.organisation.get_kind_display()),
                str(p.get_level_display()),
                p.organisation.org_number,
                p.partnership_count,  # type: ignore[attr-defined]  # selectors.partner_list
            )
            for p in partners
        ),
    )


def _lazy(row: Callable[[Any], Sequence[Any]], items: Iterable[Any]) -> Iterator[Sequence[Any]]:
    """Rows read only when the file is asked for (a queryset is not run for the page)."""
    for item in items:
        yield row(item)


def activity_table(
    activities: Iterable[Activity], *, slug: str, title: str, filename: str = ""
) -> OpenTable:
    """Volunteer activities as listed publicly (selectors.activity_queryset): what, when, where
    and how many places are free; never who signed up."""
    return OpenTable(
        slug=slug,
        filename=filename,
        title=title,
        columns=[
            Column("aktivitet", _("id"), key=True),
            Column("tittel", _("aktivitet")),
            Column("arena", _("frivillighetsarena")),
            Column("kommune", _("kommunenummer")),
            Column("starter", _("starter")),
            Column("varighet", _("varighet (timer)"), unit=_("timer"), decimals=1),
            Column("sted", _("oppmøtested")),
            Column("plasser", _("antall plasser"), decimals=0),
            Column("ledige", _("ledige plasser"), decimals=0),
            Column("lenke", _("lenke")),
        ],
        rows=_lazy(
            lambda a: (
                a.pk,
                a.title,
                a.arena.name,
                a.arena.municipality.number,
                timezone.localtime(a.starts_at).isoformat(timespec="minutes"),
                float(a.duration_hours),
                a.place,
                a.capacity,
                a.free_places,
                a.get_absolute_url(),
            ),
            activities,
        ),
        notes=[_("Ingen opplysninger om hvem som har meldt seg på.")],
    )


def partnership_table(
    partnerships: Iterable[Partnership], *, slug: str, title: str, filename: str = ""
) -> OpenTable:
    """Partnerships between municipalities and partners. The contact is left out: it may name
    a person, and open data files are copied and kept where nobody can correct them."""
    return OpenTable(
        slug=slug,
        filename=filename,
        title=title,
        columns=[
            Column("partnerskap", _("id"), key=True),
            Column("kommune", _("kommunenummer")),
            Column("kommunenavn", _("kommune")),
            Column("partner", _("partner")),
            Column("tema", _("tema")),
            Column("formal", _("formål")),
            Column("fra", _("fra")),
            Column("til", _("til")),
        ],
        rows=_lazy(
            lambda p: (
                p.pk,
                p.municipality.number,
                p.municipality.name,
                p.partner.organisation.name,
                p.theme,
                p.purpose,
                p.starts_on,
                p.ends_on,
            ),
            partnerships,
        ),
    )


def portal_other_tables(municipality: Municipality) -> list[OpenTableLinks]:
    """The downloads of the portal's goals and measures and its indicators, which live on the
    strategy overview and the indicator overview (same content, published data only)."""
    number = municipality.number

    def links(url: str, slug: str, title: str, licence: str, licence_url: str) -> OpenTableLinks:
        return OpenTableLinks(
            title=title,
            csv=f"{url}?last_ned={slug}&format=csv",
            jsonstat=f"{url}?last_ned={slug}&format=json-stat",
            licence=licence,
            licence_url=licence_url,
        )

    return [
        links(
            reverse("plans:strategy_overview", args=[number]),
            "mal-og-tiltak",
            _("Publiserte mål og tiltak i %(m)s") % {"m": municipality.name_nb},
            NLOD,
            NLOD_URL,
        ),
        links(
            reverse("indicators:municipality", args=[number]),
            "oversikt",
            _("Indikatorer for kommune %(n)s: siste verdi og trend") % {"n": number},
            CC_BY,
            CC_BY_URL,
        ),
    ]
