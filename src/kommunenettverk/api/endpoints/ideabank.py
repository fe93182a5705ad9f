"""Published idea-bank examples (never their contact persons).

No `from __future__ import annotations`: django-ninja reads the operations' annotations at run
time to build the request parsing and the OpenAPI schema.
"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema
from pydantic import Field

from kommunenettverk.api.endpoints.common import ERRORS
from kommunenettverk.api.schemas import ExampleOut
from kommunenettverk.ideabank import selectors as ideabank_selectors
from kommunenettverk.ideabank.models import Example

router = Router()


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
