"""The indicator pages' public tables as open data (core.opendata): the catalogue, a
municipality's overview, a time series with SSB's status symbols, rankings and totals."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kommunenettverk.core.opendata import CC_BY, CC_BY_URL, NLOD, NLOD_URL, Column, OpenTable
from kommunenettverk.indicators.models import Indicator, IndicatorResult
from kommunenettverk.indicators.selectors import DistributionRow, RankRow, SeriesRow, TotalRow


def _licence(indicator: Indicator) -> tuple[str, str]:
    text = indicator.licence or ""
    if text.upper().startswith("CC BY"):
        return CC_BY, CC_BY_URL
    if text.upper().startswith("NLOD") or not text:
        return NLOD, NLOD_URL
    return text, ""


def _attribution(indicator: Indicator) -> str:
    return indicator.attribution or str(indicator.get_source_display())


def _indicator_table(indicator: Indicator, **fields: object) -> OpenTable:
    licence, url = _licence(indicator)
    source = str(indicator.get_source_display())
    if indicator.ssb_table:
        source += f", {_('tabell')} {indicator.ssb_table}"
    return OpenTable(
        licence=licence,
        licence_url=url,
        attribution=_attribution(indicator),
        source=source,
        extra={"indicator": indicator.code, "unit": indicator.unit},
        **fields,  # type: ignore[arg-type]  # the remaining OpenTable fields
    )


def catalogue_table(indicators: Iterable[Indicator]) -> OpenTable:
    return OpenTable(
        slug="katalog",
        filename="indikatorkatalog",
        title=_("Indikatorkatalogen"),
        columns=[
            Column("indikator", _("kode"), key=True),
            Column("navn", _("navn")),
            Column("enhet", _("enhet")),
            Column("temaer", _("temaer")),
            Column("kilde", _("kilde")),
            Column("ssb_tabell", _("SSB-tabell")),
            Column("lisens", _("lisens for tallene")),
            Column("kreditering", _("kreditering")),
        ],
        rows=(
            (
                i.code,
                i.name,
                i.unit,
                i.themes,
                str(i.get_source_display()),
                i.ssb_table,
                i.licence,
                _attribution(i),
            )
            for i in indicators
        ),
        notes=[_("Katalogen er Kommunenettverks egen; tallene har kildens lisens.")],
    )


def overview_table(number: str, results: Iterable[IndicatorResult]) -> OpenTable:
    results = list(results)
    attributions = sorted({_attribution(r.indicator) for r in results})
    return OpenTable(
        slug="oversikt",
        filename=f"indikatorer-{number}",
        title=_("Indikatorer for kommune %(n)s: siste verdi og trend") % {"n": number},
        columns=[
            Column("indikator", _("indikator"), key=True),
            Column("enhet", _("enhet")),
            Column("periode", _("periode")),
            Column("verdi", _("verdi")),
            Column("endring", _("endring")),
            Column("trend", _("trend")),
            Column("plass", _("plass")),
            Column("av", pgettext("rangering", "av")),
            Column("fylket", _("fylket")),
            Column("landet", _("landet")),
        ],
        rows=(
            (
                r.indicator.code,
                r.indicator.unit,
                r.latest_period,
                r.latest_value,
                r.change,
                r.get_trend_display(),
                r.rank,
                r.rank_total,
                r.county_value,
                r.country_value,
            )
            for r in results
        ),
        licence=CC_BY,
        licence_url=CC_BY_URL,
        attribution="; ".join(attributions) or "Kommunenettverk",
        source=", ".join(attributions) or "Kommunenettverk",
        notes=[_("Trend og plass er beregnet av Kommunenettverk fra kildenes tall.")],
    )


def series_table(
    indicator: Indicator,
    number: str,
    series: Iterable[SeriesRow],
    *,
    per_inhabitant: bool = False,
) -> OpenTable:
    unit = f"{indicator.unit} per innbygger" if per_inhabitant else indicator.unit
    decimals = indicator.decimals + 3 if per_inhabitant else indicator.decimals
    return _indicator_table(
        indicator,
        slug="tidsserie",
        filename=f"{indicator.code}-{number}-tidsserie",
        title=f"{indicator.name} ({unit})" if unit else indicator.name,
        columns=[
            Column("område", _("område"), key=True, role="geo"),
            Column("periode", _("periode"), key=True, role="time"),
            Column(indicator.code, _("verdi"), unit=unit, decimals=decimals),
            Column("statuskode", _("statuskode")),
        ],
        rows=((r["area"], r["period"], r["value"], r["status"]) for r in series),
        status_column="statuskode",
    )


def ranking_table(indicator: Indicator, group: str, ranking: Iterable[RankRow]) -> OpenTable:
    """The peer group's (KOSTRA group's) municipalities by comparable value: totals per
    inhabitant."""
    unit = f"{indicator.unit} per innbygger" if indicator.is_total else indicator.unit
    return _indicator_table(
        indicator,
        slug="rangering",
        filename=f"{indicator.code}-{group or 'gruppe'}-rangering",
        title=_("%(i)s: kommunene i sammenligningsgruppen %(g)s")
        % {"i": indicator.name, "g": group},
        columns=[
            Column("kommune", _("kommunenummer"), key=True, role="geo"),
            Column("navn", _("kommune")),
            Column("periode", _("periode")),
            Column(
                indicator.code,
                _("verdi"),
                unit=unit,
                decimals=indicator.decimals + (3 if indicator.is_total else 0),
            ),
            Column("plass", _("plass i gruppen")),
        ],
        rows=((r["number"], r["name"], r["period"], r["value"], r["rank"]) for r in ranking),
    )


def distribution_table(
    indicator: Indicator,
    rows: Iterable[DistributionRow],
    *,
    slug: str = "fordeling",
    title: str = "",
) -> OpenTable:
    """Every municipality's latest value (slug "fordeling"), or one group's ("fordeling-deltar")."""
    suffix = slug.removeprefix("fordeling")
    heading = _("%(i)s: siste verdi i kommunene") % {"i": indicator.name}
    return _indicator_table(
        indicator,
        slug=slug,
        filename=f"{indicator.code}-kommuner{suffix}",
        title=f"{heading} ({title})" if title else heading,
        columns=[
            Column("kommune", _("kommunenummer"), key=True, role="geo"),
            Column("navn", _("kommune")),
            Column("periode", _("periode")),
            Column(indicator.code, _("verdi"), unit=indicator.unit, decimals=indicator.decimals),
            Column("trend", _("trend")),
            Column("gruppe", _("gruppe")),
        ],
        rows=(
            (r["number"], r["name"], r["period"], r["value"], r["trend"], r["group"]) for r in rows
        ),
    )


def network_table(indicator: Indicator, number: str, rows: Iterable[RankRow]) -> OpenTable:
    return _indicator_table(
        indicator,
        slug="nettverk",
        filename=f"{indicator.code}-{number}-nettverk",
        title=_("%(i)s: kommunene i nettverket") % {"i": indicator.name},
        columns=[
            Column("kommune", _("kommunenummer"), key=True, role="geo"),
            Column("navn", _("kommune")),
            Column("periode", _("periode")),
            Column(indicator.code, _("verdi"), unit=indicator.unit, decimals=indicator.decimals),
            Column("plass", _("plass i nettverket")),
        ],
        rows=((r["number"], r["name"], r["period"], r["value"], r["rank"]) for r in rows),
    )


def totals_table(indicator: Indicator, rows: Iterable[TotalRow]) -> OpenTable:
    return _indicator_table(
        indicator,
        slug="totalt",
        filename=f"{indicator.code}-landet",
        title=_("%(i)s over tid for deltakende og andre kommuner") % {"i": indicator.name},
        columns=[
            Column("år", _("år"), key=True, role="time"),
            Column("gruppe", _("gruppe"), key=True, role="geo"),
            Column(indicator.code, _("verdi"), unit=indicator.unit, decimals=indicator.decimals),
            Column("kommuner", _("kommuner")),
        ],
        rows=((r["year"], r["group"], r["value"], r["areas"]) for r in rows),
        notes=[_("Beregnet av Kommunenettverk fra kommunenes tall.")],
    )
