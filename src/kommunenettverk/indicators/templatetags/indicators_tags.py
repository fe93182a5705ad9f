"""Formatting of indicator numbers (Norwegian grouping and decimals) and status symbols."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

from kommunenettverk.indicators.models import STATUS_SYMBOLS

register = template.Library()


@register.filter
def num(value: float | None, decimals: int = 1) -> str:
    """1234.5 → "1 234,5" (grouped, with the indicator's decimals); missing → "–"."""
    if value is None:
        return "–"
    return str(floatformat(value, f"{int(decimals)}g"))


@register.filter
def signed(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = num(value, decimals)
    return f"+{text}" if value > 0 else text


@register.filter
def status_text(status: str) -> str:
    return str(STATUS_SYMBOLS.get(status, status))
