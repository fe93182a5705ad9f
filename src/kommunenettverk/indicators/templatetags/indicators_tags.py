"""Formatting of indicator numbers (Norwegian grouping and decimals) and status symbols."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.translation import pgettext

from kommunenettverk.indicators.models import STATUS_SYMBOLS

register = template.Library()


@register.filter
def num(value: float | None, decimals: int = 1) -> str:
    """1234.5 → "1 234,5" in Norwegian (grouped, with the indicator's decimals); missing → "–".

    Formats with Python and the active language's separators: Django's floatformat costs
    about ten times as much, which shows on a page of 200 indicators.
    """
    if value is None:
        return "–"
    text = f"{value:,.{int(decimals)}f}"
    decimal = str(get_format("DECIMAL_SEPARATOR"))
    thousands = str(get_format("THOUSAND_SEPARATOR"))
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


@register.filter
def signed(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = num(value, decimals)
    return f"+{text}" if value > 0 else text


@register.filter
def pct(fraction: float | None, decimals: int = 1) -> str:
    """A growth rate as a fraction, 0.0436 → "+4,4 %"; missing → "–"."""
    if fraction is None:
        return "–"
    return f"{signed(100.0 * fraction, decimals)} %"


@register.filter
def status_text(status: str) -> str:
    return str(STATUS_SYMBOLS.get(status, status))


# Long tables are rendered row by row in Python: the template engine's per-variable lookups
# cost about 0.3 ms per row, which at 357 municipalities is most of the page's time.


@register.simple_tag
def distribution_rows(
    rows: list[dict[str, Any]], decimals: int, trend_labels: dict[str, str]
) -> str:
    return format_html_join(
        "\n",
        '<tr><td>{} {}</td><td>{}</td><td class="numeric">{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                r["number"],
                r["name"],
                r["period"],
                num(r["value"], decimals),
                trend_labels.get(r["trend"], r["trend"]),
                r["group"],
            )
            for r in rows
        ),
    )


@register.simple_tag
def trend_count_rows(rows: list[Any], link: str, group: str = "counts") -> str:
    """Rows of trend counts per indicator; `group` is "counts" (every municipality),
    "participating" or "others"."""

    def cells(t: Any) -> tuple[object, ...]:
        c = getattr(t, group)
        return (
            f"{link}{t.indicator.code}",
            t.indicator.name,
            c.get("improving", 0),
            c.get("worsening", 0),
            c.get("increasing", 0),
            c.get("decreasing", 0),
            c.get("no_clear", 0),
            c.get("too_little", 0),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a class="ds-link" href="{}">{}</a></th>'
        '<td class="numeric">{}</td><td class="numeric">{}</td>'
        '<td class="numeric">{} / {}</td><td class="numeric">{}</td>'
        '<td class="numeric">{}</td></tr>',
        (cells(t) for t in rows),
    )


@register.simple_tag
def overview_rows(results: list[Any], number: str) -> str:
    base = reverse("indicators:municipality_indicator", args=[number, "x"])[:-2]
    av = pgettext("rangering", "av")  # "350 of 357" (not "by": a rank, not an author)

    def cells(r: Any) -> tuple[object, ...]:
        d = r.indicator.decimals
        rank = f"{r.rank} {av} {r.rank_total}" if r.rank else "–"
        return (
            f"{base}{r.indicator.code}/",
            r.indicator.name,
            r.indicator.unit,
            r.latest_period,
            num(r.latest_value, d),
            signed(r.change, d),
            r.trend,
            r.get_trend_display(),
            rank,
            num(r.county_value, d),
            num(r.country_value, d),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a class="ds-link" href="{}">{}</a> <small>({})</small></th>'
        '<td>{}</td><td class="numeric">{}</td><td class="numeric">{}</td>'
        '<td><span class="trend trend--{}">{}</span></td><td class="numeric">{}</td>'
        '<td class="numeric">{}</td><td class="numeric">{}</td></tr>',
        (cells(r) for r in results),
    )
