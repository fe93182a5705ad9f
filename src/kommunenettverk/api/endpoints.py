"""The v1 endpoints: one operation per function, reads through selectors, writes through
services. Public reads show only published data.

No `from __future__ import annotations` here: django-ninja reads the operations' annotations
at run time to build the request parsing and the OpenAPI schema.
"""

import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

import polars as pl
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import BeforeValidator, Field

from kommunenettverk.api.auth import TokenAuth
from kommunenettverk.api.schemas import (
    CodeChangeOut,
    CountyOut,
    CurrentCodesOut,
    ErrorOut,
    ExampleOut,
    GatheringOut,
    GoalOut,
    ImportReportOut,
    IndicatorOut,
    IndicatorValueOut,
    IndicatorValuesIn,
    JsonStatIn,
    MeasureOut,
    MeasureStatusIn,
    MunicipalityOut,
    NetworkOut,
    ProgrammeOut,
)
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.ideabank import selectors as ideabank_selectors
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators import selectors as indicator_selectors
from kommunenettverk.indicators import services as indicator_services
from kommunenettverk.indicators.models import Indicator, IndicatorValue
from kommunenettverk.indicators.tabular import LONG_SCHEMA, ColumnMapping, TabularError, read_csv
from kommunenettverk.networks import selectors as network_selectors
from kommunenettverk.networks.models import AgendaItem, Gathering, Network, NetworkMembership
from kommunenettverk.plans import selectors as plan_selectors
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.programmes import selectors as programme_selectors
from kommunenettverk.programmes.models import Programme, Theme
from kommunenettverk.registry import selectors as registry_selectors
from kommunenettverk.registry.models import County, Municipality

ERRORS: dict[int, type[ErrorOut]] = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
router = Router()


class Pages(PageNumberPagination):
    """Page-number pagination ({items, count}) with a bounded page number: an offset beyond a
    64-bit integer is a database error, not an empty page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)


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
@paginate(Pages, page_size=50)
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


# --- programmes, networks, gatherings -------------------------------------------------------


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


# --- indicators -----------------------------------------------------------------------------


def _indicator_out(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": i.name,
        "description": i.description,
        "unit": i.unit,
        "decimals": i.decimals,
        "themes": i.themes,
        "better": i.better,
        "source": i.source,
        "ssb_table": i.ssb_table,
        "licence": i.licence,
        "attribution": i.attribution,
        "aggregation": i.aggregation,
    }


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    tags=["Indikatorer"],
    summary="The indicator catalogue, optionally one theme's indicators",
)
@paginate(Pages, page_size=200)
def indicator_list(request: HttpRequest, theme: str = "") -> Any:
    return [_indicator_out(i) for i in indicator_selectors.indicator_list(theme=theme)]


@router.get(
    "/indicators/{code}",
    response={200: IndicatorOut, **ERRORS},
    tags=["Indikatorer"],
    summary="One indicator of the catalogue",
)
def indicator_detail(request: HttpRequest, code: str) -> Any:
    try:
        return _indicator_out(indicator_selectors.indicator_get(code))
    except Indicator.DoesNotExist:
        raise Http404(f"Det finnes ingen indikator med kode «{code}».") from None


class ValueFilter(Schema):
    indicator: str = ""
    area_kind: Literal["", "K", "F", "L"] = ""
    area_code: str = ""
    year_from: int | None = Field(None, ge=0, le=9999)
    year_to: int | None = Field(None, ge=0, le=9999)


@router.get(
    "/values",
    response={200: list[IndicatorValueOut], **ERRORS},
    tags=["Indikatorer"],
    summary="Indicator values by indicator, area and period (status symbols with null values)",
)
@paginate(Pages, page_size=500)
def value_list(request: HttpRequest, filters: Query[ValueFilter]) -> Any:
    values = IndicatorValue.objects.all()
    if filters.indicator:
        values = values.filter(indicator__code=filters.indicator)
    if filters.area_kind:
        values = values.filter(area_kind=filters.area_kind)
    if filters.area_code:
        values = values.filter(area_code=filters.area_code)
    if filters.year_from is not None:
        values = values.filter(year__gte=filters.year_from)
    if filters.year_to is not None:
        values = values.filter(year__lte=filters.year_to)
    # The unique constraint's index serves this order; the page is a slice of it.
    return values.order_by("indicator_id", "area_kind", "area_code", "period").values(
        "area_kind",
        "area_code",
        "period",
        "year",
        "value",
        "status",
        indicator_code=F("indicator__code"),
    )


def _report_or_error(run: Callable[[], indicator_services.ImportReport]) -> Status[Any]:
    """Run an import; its report, or a 422 error object listing every rejected row."""
    try:
        report = run()
    except indicator_services.ImportRefused as exc:
        rejected = exc.report.rejected if exc.report else []
        errors = [{"field": f"line {r.line}", "message": r.reason} for r in rejected]
        return Status(422, {"detail": str(exc), "code": "import_refused", "errors": errors})
    except TabularError as exc:
        return Status(422, {"detail": str(exc), "code": "invalid", "errors": []})
    if report.written:
        public_pages_changed()
    return Status(200, report.as_dict())


def _require_import_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("indicators.import_values"):
        raise HttpError(403, "Nøkkelens bruker kan ikke laste opp indikatorverdier.")


IMPORT_RESPONSES: dict[int, Any] = {
    200: ImportReportOut,
    401: ErrorOut,
    403: ErrorOut,
    **ERRORS,
}


@router.post(
    "/values",
    response=IMPORT_RESPONSES,
    auth=TokenAuth(),
    tags=["Indikatorer"],
    summary="Upload indicator values as JSON rows, all or nothing (national coordinator)",
)
def value_upload(request: HttpRequest, data: IndicatorValuesIn) -> Any:
    _require_import_permission(request)
    rows = pl.DataFrame(
        {
            "indicator": [r.indicator for r in data.rows],
            "area": [r.area for r in data.rows],
            "period": [r.period for r in data.rows],
            "value": [None if r.value is None else repr(r.value) for r in data.rows],
            "status": [r.status for r in data.rows],
            "line": list(range(1, len(data.rows) + 1)),
        },
        schema=LONG_SCHEMA,
    )
    return _report_or_error(
        lambda: indicator_services.indicator_values_import(
            rows=rows, line_word="rad", strict=True, dry_run=data.dry_run
        )
    )


@router.post(
    "/values/jsonstat",
    response=IMPORT_RESPONSES,
    auth=TokenAuth(),
    tags=["Indikatorer"],
    summary="Upload one JSON-stat 2.0 dataset, all or nothing (national coordinator)",
)
def value_upload_jsonstat(
    request: HttpRequest,
    dataset: Body[JsonStatIn],
    indicator: str = "",
    dry_run: bool = False,
) -> Any:
    _require_import_permission(request)
    raw = request.body
    return _report_or_error(
        lambda: indicator_services.indicator_values_import_jsonstat(
            raw=raw, indicator_code=indicator, strict=True, dry_run=dry_run
        )
    )


@router.post(
    "/values/csv",
    response=IMPORT_RESPONSES,
    auth=TokenAuth(),
    tags=["Indikatorer"],
    summary="Upload a CSV file (columns indicator, area, period, value, status), all or nothing",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def value_upload_csv(request: HttpRequest, dry_run: bool = False) -> Any:
    _require_import_permission(request)
    data = request.body
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    mapping = ColumnMapping(
        indicator="indicator",
        area="area",
        period="period",
        value="value",
        status="status" if "status" in header else "",
    )

    def run() -> indicator_services.ImportReport:
        return indicator_services.indicator_values_import(
            rows=read_csv(data, mapping), strict=True, dry_run=dry_run
        )

    return _report_or_error(run)


# --- idea bank ------------------------------------------------------------------------------


def _example_out(e: Example) -> dict[str, Any]:
    """Published examples only; contact persons are left out of the API altogether."""
    return {
        "id": e.pk,
        "title": e.title,
        "summary": e.summary,
        "results": e.results,
        "municipality": e.municipality.number,
        "municipality_name": e.municipality.name_nb,
        "county": e.municipality.county.number,
        "themes": e.themes,
        "tags": e.tags,
        "published_at": e.published_at,
        "url": e.get_absolute_url(),
    }


class ExampleFilter(Schema):
    q: str = Field("", max_length=200)
    theme: str = ""
    county: str = ""
    page: int = Field(1, ge=1, le=10_000)


class ExamplePageOut(Schema):
    items: list[ExampleOut]
    count: int


@router.get(
    "/examples",
    response={200: ExamplePageOut, **ERRORS},
    tags=["Idébank"],
    summary="Published examples, best match first for `q`, filterable by theme and county",
)
def example_list(request: HttpRequest, filters: Query[ExampleFilter]) -> Any:
    page_size = 20
    result = ideabank_selectors.example_search(
        query=filters.q,
        theme=filters.theme,
        county=filters.county,
        offset=(filters.page - 1) * page_size,
        limit=page_size,
    )
    return {"items": [_example_out(hit.example) for hit in result.hits], "count": result.total}


@router.get(
    "/examples/{example_id}",
    response={200: ExampleOut, **ERRORS},
    tags=["Idébank"],
    summary="One published example",
)
def example_detail(
    request: HttpRequest,
    example_id: int = Path(..., ge=1, le=2**31 - 1),  # type: ignore[type-arg]  # ninja's marker
) -> Any:
    example = get_object_or_404(
        Example.objects.published().select_related("municipality__county"), pk=example_id
    )
    return _example_out(example)
