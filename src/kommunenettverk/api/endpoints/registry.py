"""Municipalities, counties and municipal code changes.

No `from __future__ import annotations`: django-ninja reads the operations' annotations at run
time to build the request parsing and the OpenAPI schema.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from kommunenettverk.api.endpoints.common import ERRORS, Pages, municipality_or_404
from kommunenettverk.api.schemas import CodeChangeOut, CountyOut, CurrentCodesOut, MunicipalityOut
from kommunenettverk.registry import selectors as registry_selectors
from kommunenettverk.registry.models import County, KostraGroup, Municipality

router = Router()


class MunicipalityFilter(Schema):
    q: str = ""
    county: str = ""


def _kostra_out(group: KostraGroup | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "code": group.code,
        "number": group.number,
        "name": group.name,
        "population_band": group.population_band,
        "bound_costs": group.bound_costs,
        "free_income": group.free_income,
    }


def _municipality_out(m: Municipality, kostra: KostraGroup | None) -> dict[str, Any]:
    return {
        "number": m.number,
        "name": m.name,
        "name_nb": m.name_nb,
        "parallel_names": m.parallel_name_list,
        "county_number": m.county.number,
        "county_name": m.county.name,
        "admin_centre": m.admin_centre,
        "population": m.population,
        "area_km2": float(m.area_km2) if m.area_km2 is not None else None,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "url": m.get_absolute_url(),
        "kostra_group": _kostra_out(kostra),
    }


@router.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **ERRORS},
    tags=["Kommuner"],
    summary="Today's municipalities, searchable and filterable by county",
)
@paginate(Pages, page_size=50)
def municipality_list(request: HttpRequest, filters: Query[MunicipalityFilter]) -> Any:
    groups = registry_selectors.kostra_group_map()
    return [
        _municipality_out(m, groups.get(m.number))
        for m in registry_selectors.municipality_list(query=filters.q, county=filters.county)
    ]


@router.get(
    "/municipalities/{number}",
    response={200: MunicipalityOut, **ERRORS},
    tags=["Kommuner"],
    summary="One municipality (also one whose number has ceased)",
)
def municipality_detail(request: HttpRequest, number: str) -> Any:
    municipality = municipality_or_404(number)
    return _municipality_out(municipality, registry_selectors.kostra_group_of(number))


@router.get(
    "/counties", response={200: list[CountyOut], **ERRORS}, tags=["Kommuner"], summary="Counties"
)
def county_list(request: HttpRequest) -> Any:
    counties: list[County] = list(registry_selectors.county_list())
    return [
        {
            "number": c.number,
            "name": c.name,
            "official_name": c.official_name,
            "ks_region": c.ks_region.name if c.ks_region else None,
        }
        for c in counties
    ]


@router.get(
    "/code-changes",
    response={200: list[CodeChangeOut], **ERRORS},
    tags=["Kommuner"],
    summary="Municipal number changes (old code → new code)",
)
@paginate(Pages, page_size=200)
def code_change_list(request: HttpRequest, old_code: str = "", new_code: str = "") -> Any:
    changes = registry_selectors.code_change_list(old_code=old_code, new_code=new_code)
    return list(changes.values("old_code", "old_name", "new_code", "new_name", "changed_on"))


@router.get(
    "/codes/{code}/current",
    response={200: CurrentCodesOut, **ERRORS},
    tags=["Kommuner"],
    summary="Today's municipality number(s) for any number valid since 2020",
)
def code_current(
    request: HttpRequest,
    code: str = Path(..., pattern=r"^[0-9]{4}$"),  # type: ignore[type-arg]  # ninja's Path marker
) -> Any:
    return {"code": code, "current": registry_selectors.municipality_current_codes(code)}
