"""Published goals and measures, and a measure's status update (token).

No `from __future__ import annotations`: django-ninja reads the operations' annotations at run
time to build the request parsing and the OpenAPI schema.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from kommunenettverk.api.auth import TokenAuth
from kommunenettverk.api.endpoints.common import ERRORS, municipality_or_404
from kommunenettverk.api.schemas import ErrorOut, GoalOut, MeasureOut, MeasureStatusIn
from kommunenettverk.plans import selectors as plan_selectors
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality

router = Router()


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


@router.get(
    "/municipalities/{number}/goals",
    response={200: list[GoalOut], **ERRORS},
    tags=["Mål og tiltak"],
    summary="The municipality's published goals with their published measures",
)
def goal_list(request: HttpRequest, number: str) -> Any:
    municipality = municipality_or_404(number)
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
