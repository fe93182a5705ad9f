"""The indicator catalogue, values, and value uploads (token, all or nothing).

No `from __future__ import annotations`: django-ninja reads the operations' annotations at run
time to build the request parsing and the OpenAPI schema.
"""

from collections.abc import Callable
from typing import Any, Literal

import polars as pl
from django.db.models import F
from django.http import Http404, HttpRequest
from ninja import Body, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from kommunenettverk.api.auth import TokenAuth
from kommunenettverk.api.endpoints.common import ERRORS, Pages
from kommunenettverk.api.schemas import (
    ErrorOut,
    ImportReportOut,
    IndicatorOut,
    IndicatorValueOut,
    IndicatorValuesIn,
    JsonStatIn,
)
from kommunenettverk.indicators import selectors as indicator_selectors
from kommunenettverk.indicators import services as indicator_services
from kommunenettverk.indicators.models import Indicator, IndicatorValue
from kommunenettverk.indicators.tabular import LONG_SCHEMA, TabularError

router = Router()


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
    return Status(200, report.as_dict())  # the import cleared the page cache on commit


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
    options = indicator_services.FileOptions(
        indicator="indicator",
        area="area",
        period="period",
        value="value",
        status="status" if "status" in header else "",
    )
    return _report_or_error(
        lambda: indicator_services.indicator_file_import(
            data=data,
            kind=indicator_services.FileKind.CSV,
            options=options,
            strict=True,
            dry_run=dry_run,
        )
    )
