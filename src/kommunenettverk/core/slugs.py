"""Readable, unique slugs for URLs from Norwegian names."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def unique_slug(
    name: str, taken: QuerySet[Any], *, reserved: Collection[str] = (), max_length: int = 80
) -> str:
    """A slug for `name` ("Grønne Salten" → "gronne-salten") that no row of `taken` (a
    queryset of other rows with a `slug` field) and no reserved word uses; adds -2, -3, …"""
    base = slugify(name.translate(_NORWEGIAN))[: max_length - 4].strip("-") or "x"
    candidate, n = base, 1
    while candidate in reserved or taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
