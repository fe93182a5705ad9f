"""The v1 endpoints: one operation per function, reads through selectors, writes through
services. Public reads show only published data.

No `from __future__ import annotations` here: django-ninja reads the operations' annotations
at run time to build the request parsing and the OpenAPI schema.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from kommunenettverk.api.auth import TokenAuth
from kommunenettverk.api.schemas import (
    CodeChangeOut,
    CountyOut,
    CurrentCodesOut,
    ErrorOut,
    GoalOut,
    MeasureOut,
    MeasureStatusIn,
    MunicipalityOut,
)
from kommunenettverk.plans import selectors as plan_selectors
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry import selectors as registry_selectors
from kommunenettverk.registry.models import County, Municipality

ERRORS: dict[int, type[ErrorOut]] = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
router = Router()


class MunicipalityFilter(Schema):
    q: str = ""
    county: str = ""


def _municipality_out(m: Municipality) -> dict[str, Any]:
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
    }


def _measure_out(m: Measure) -> dict[str, Any]:
    return {
        "id": m.pk,
        "goal_id": m.goal_id,
        "title": m.title,
        "description": m.description,
        "dimension": m.dimension,
        "status": m.status,
        "progress": m.progress,
        "responsible_unit": m.responsible_unit,
        "start": m.start,
        "end": m.end,
        "budget_amount": int(m.budget_amount) if m.budget_amount is not None else None,
        "budget_year": m.budget_year,
        "plan_document": m.plan_document.title if m.plan_document else None,
        "url": m.get_absolute_url(),
    }


def _goal_out(g: Goal) -> dict[str, Any]:
    return {
        "id": g.pk,
        "municipality": g.municipality.number,
        "statement": g.statement,
        "rationale": g.rationale,
        "themes": g.themes,
        "plan_document": g.plan_document.title if g.plan_document else None,
        "plan_section": g.plan_section,
        "measures": [_measure_out(m) for m in g.measures.all()],
        "url": g.get_absolute_url(),
    }


def _municipality_or_404(number: str) -> Municipality:
    try:
        return registry_selectors.municipality_get(number)
    except Municipality.DoesNotExist:
        raise Http404(f"Det finnes ingen kommune med nummer «{number}».") from None


@router.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **ERRORS},
    tags=["Kommuner"],
    summary="Today's municipalities, searchable and filterable by county",
)
@paginate(PageNumberPagination, page_size=50)
def municipality_list(request: HttpRequest, filters: Query[MunicipalityFilter]) -> Any:
    return [
        _municipality_out(m)
        for m in registry_selectors.municipality_list(query=filters.q, county=filters.county)
    ]


@router.get(
    "/municipalities/{number}",
    response={200: MunicipalityOut, **ERRORS},
    tags=["Kommuner"],
    summary="One municipality (also one whose number has ceased)",
)
def municipality_detail(request: HttpRequest, number: str) -> Any:
    return _municipality_out(_municipality_or_404(number))


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
@paginate(PageNumberPagination, page_size=200)
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


@router.get(
    "/municipalities/{number}/goals",
    response={200: list[GoalOut], **ERRORS},
    tags=["Mål og tiltak"],
    summary="The municipality's published goals with their published measures",
)
def goal_list(request: HttpRequest, number: str) -> Any:
    municipality = _municipality_or_404(number)
    goals = plan_selectors.goal_list(Municipality.objects.filter(pk=municipality.pk), public=True)
    return [_goal_out(g) for g in goals]


@router.get(
    "/measures/{measure_id}",
    response={200: MeasureOut, **ERRORS},
    tags=["Mål og tiltak"],
    summary="One published measure",
)
def measure_detail(request: HttpRequest, measure_id: int) -> Any:
    measure = get_object_or_404(
        Measure.objects.published().select_related("plan_document"), pk=measure_id
    )
    return _measure_out(measure)


@router.post(
    "/measures/{measure_id}/status",
    response={200: MeasureOut, 401: ErrorOut, 403: ErrorOut, **ERRORS},
    auth=TokenAuth(),
    tags=["Mål og tiltak"],
    summary="Record a status update on a measure (municipal coordinator's token)",
)
def measure_status_update(request: HttpRequest, measure_id: int, data: MeasureStatusIn) -> Any:
    try:
        measure = plan_selectors.measure_get(measure_id)
    except Measure.DoesNotExist:
        raise Http404(f"Tiltak {measure_id} finnes ikke.") from None
    if not request.user.has_perm("plans.edit_municipality_plans", measure):
        raise HttpError(403, "Nøkkelens bruker kan ikke endre tiltak i denne kommunen.")
    plan_services.measure_status_record(
        measure=measure,
        status=data.status,
        progress=data.progress,
        note=data.note,
        author=request.user,  # type: ignore[arg-type]  # set by TokenAuth
    )
    measure.refresh_from_db()
    return _measure_out(measure)
