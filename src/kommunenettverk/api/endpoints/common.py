"""What the endpoint modules share: the error responses, the bounded pagination and the
municipality lookup.

No `from __future__ import annotations`: django-ninja reads the operations' annotations at run
time to build the request parsing and the OpenAPI schema.
"""

from django.http import Http404
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field

from kommunenettverk.api.schemas import ErrorOut
from kommunenettverk.registry import selectors as registry_selectors
from kommunenettverk.registry.models import Municipality

ERRORS: dict[int, type[ErrorOut]] = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class Pages(PageNumberPagination):
    """Page-number pagination ({items, count}) with a bounded page number: an offset beyond a
    64-bit integer is a database error, not an empty page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)


def municipality_or_404(number: str) -> Municipality:
    try:
        return registry_selectors.municipality_get(number)
    except Municipality.DoesNotExist:
        raise Http404(f"Det finnes ingen kommune med nummer «{number}».") from None
