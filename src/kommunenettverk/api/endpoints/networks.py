"""Programmes, networks and gatherings (public parts only).

No `from __future__ import annotations`: django-ninja reads the operations' annotations at run
time to build the request parsing and the OpenAPI schema.
"""

import datetime
import re
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator, Field

from kommunenettverk.api.endpoints.common import ERRORS, Pages
from kommunenettverk.api.schemas import GatheringOut, NetworkOut, ProgrammeOut
from kommunenettverk.networks import selectors as network_selectors
from kommunenettverk.networks.models import AgendaItem, Gathering, Network, NetworkMembership
from kommunenettverk.programmes import selectors as programme_selectors
from kommunenettverk.programmes.models import Programme, Theme

router = Router()


def _themes_out(themes: list[Theme]) -> list[dict[str, str]]:
    return [{"slug": t.slug, "name": t.name} for t in themes]


def _programme_out(p: Programme) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "name": p.name,
        "description": p.description,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "period": p.period_label,
        "capacity": p.capacity,
        "occupied": p.occupied,  # type: ignore[attr-defined]  # annotated by programme_list
        "active": p.active_count,  # type: ignore[attr-defined]  # annotated by programme_list
        "agreement_parties": [o.name for o in p.agreement_parties.all()],
        "themes": _themes_out(list(p.themes.all())),
        "network_size_min": p.network_size_min,
        "network_size_max": p.network_size_max,
        "url": p.get_absolute_url(),
    }


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **ERRORS},
    tags=["Program og nettverk"],
    summary="Programmes with their period, capacity, agreement parties and allowed themes",
)
@paginate(Pages, page_size=50)
def programme_list(request: HttpRequest) -> Any:
    programmes = programme_selectors.programme_list().prefetch_related("themes")
    return [_programme_out(p) for p in programmes]


@router.get(
    "/programmes/{slug}",
    response={200: ProgrammeOut, **ERRORS},
    tags=["Program og nettverk"],
    summary="One programme",
)
def programme_detail(request: HttpRequest, slug: str) -> Any:
    try:
        return _programme_out(programme_selectors.programme_get(slug))
    except Programme.DoesNotExist:
        raise Http404(f"Det finnes ikke noe program «{slug}».") from None


def _networks() -> QuerySet[Network]:
    current = NetworkMembership.objects.filter(left_on__isnull=True).select_related(
        "participation__municipality", "participation__county"
    )
    return network_selectors.network_list().prefetch_related(
        "themes",
        Prefetch(
            "memberships",
            queryset=current.order_by("joined_on", "pk"),
            to_attr="current_memberships",
        ),
    )


def _network_out(n: Network) -> dict[str, Any]:
    members = []
    for membership in n.current_memberships:  # type: ignore[attr-defined]  # _networks()
        participant = membership.participation.municipality or membership.participation.county
        members.append(
            {
                "number": participant.number,
                "name": getattr(participant, "name_nb", None) or participant.name,
                "joined_on": membership.joined_on,
            }
        )
    return {
        "slug": n.slug,
        "name": n.name,
        "description": n.description,
        "programme": n.programme.name,
        "programme_slug": n.programme.slug,
        "region": n.ks_region.name,
        "adviser": (n.adviser.full_name or None) if n.adviser else None,  # never the email
        "themes": _themes_out(list(n.themes.all())),
        "established_on": n.established_on,
        "members": members,
    }


class NetworkFilter(Schema):
    programme: str = ""
    municipality: str = ""


@router.get(
    "/networks",
    response={200: list[NetworkOut], **ERRORS},
    tags=["Program og nettverk"],
    summary="Networks with programme, region, adviser, themes and current members",
)
@paginate(Pages, page_size=50)
def network_list(request: HttpRequest, filters: Query[NetworkFilter]) -> Any:
    networks = _networks()
    if filters.programme:
        networks = networks.filter(programme__slug=filters.programme)
    if filters.municipality:
        networks = networks.filter(
            memberships__left_on__isnull=True,
            memberships__participation__municipality__number=filters.municipality,
        )
    return [_network_out(n) for n in networks]


@router.get(
    "/networks/{slug}",
    response={200: NetworkOut, **ERRORS},
    tags=["Program og nettverk"],
    summary="One network",
)
def network_detail(request: HttpRequest, slug: str) -> Any:
    network = _networks().filter(slug=slug).first()
    if network is None:
        raise Http404(f"Det finnes ikke noe nettverk «{slug}».")
    return _network_out(network)


def _gathering_out(g: Gathering) -> dict[str, Any]:
    """The public parts only: no registrations, invitations, minutes, evaluations or names of
    persons."""
    return {
        "network": g.network.slug,
        "number": g.number,
        "title": g.title,
        "starts_at": g.starts_at,
        "ends_at": g.ends_at,
        "place": g.place,
        "agenda": [
            {"title": a.title, "kind": a.kind, "partner": a.partner.name if a.partner else None}
            for a in g.agenda_items.all()
        ],
    }


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic's lax mode would read "0" as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("Datoen må skrives ÅÅÅÅ-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


class GatheringFilter(Schema):
    network: str = ""
    date_from: IsoDate | None = Field(None, description="Fra dato (ÅÅÅÅ-MM-DD)")
    date_to: IsoDate | None = Field(None, description="Til dato (ÅÅÅÅ-MM-DD)")


@router.get(
    "/gatherings",
    response={200: list[GatheringOut], **ERRORS},
    tags=["Program og nettverk"],
    summary="Gatherings (public parts: number, time, place and agenda)",
)
@paginate(Pages, page_size=50)
def gathering_list(request: HttpRequest, filters: Query[GatheringFilter]) -> Any:
    gatherings = network_selectors.gathering_list().prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("partner"))
    )
    if filters.network:
        gatherings = gatherings.filter(network__slug=filters.network)
    if filters.date_from:
        gatherings = gatherings.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        gatherings = gatherings.filter(starts_at__date__lte=filters.date_to)
    return [_gathering_out(g) for g in gatherings]


@router.get(
    "/networks/{slug}/gatherings/{number}",
    response={200: GatheringOut, **ERRORS},
    tags=["Program og nettverk"],
    summary="One gathering (public parts)",
)
def gathering_detail(
    request: HttpRequest,
    slug: str,
    number: int = Path(..., ge=0, le=32767),  # type: ignore[type-arg]  # ninja's Path marker
) -> Any:
    try:
        return _gathering_out(network_selectors.gathering_get(slug, number))
    except Gathering.DoesNotExist:
        raise Http404(f"Nettverket «{slug}» har ingen samling nummer {number}.") from None
