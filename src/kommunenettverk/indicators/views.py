"""Indicator pages: the catalogue, a municipality's indicators, one indicator in one
municipality, and the national indications. Each chart comes with a table, and each table is
open data (CSV and JSON-stat, see indicators/opendata.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kommunenettverk.core.http import AuthedRequest, HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.indicators import charts, opendata, selectors, services
from kommunenettverk.indicators.forms import ImportUploadForm, NationalFilterForm
from kommunenettverk.indicators.models import ImportJob, Indicator, IndicatorResult
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.selectors import municipality_get_or_404, municipality_list


def _indicator_or_404(code: str) -> Indicator:
    try:
        return selectors.indicator_get(code)
    except Indicator.DoesNotExist:
        raise Http404(_("Det finnes ingen indikator med kode «%(c)s».") % {"c": code}) from None


@require_GET
@login_not_required
def catalogue(request: HtmxRequest) -> HttpResponse:
    theme = request.GET.get("tema", "")
    theme = theme if theme in Theme.values else ""
    indicators = selectors.indicator_list(theme=theme)
    table = opendata.catalogue_table(indicators)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "indicators/catalogue.html",
        {
            "indicators": indicators,
            "themes": selectors.theme_choices(),
            "theme": theme,
            "open_table": open_table_links(request, table),
        },
    )


@require_GET
@login_not_required
def municipality_overview(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    results = list(selectors.municipality_results(number))
    table = opendata.overview_table(number, results)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "indicators/municipality_overview.html",
        {
            "municipality": municipality,
            "results": results,
            "open_table": open_table_links(request, table),
        },
    )


@require_GET
@login_not_required
def municipality_indicator(request: HtmxRequest, number: str, code: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    indicator = _indicator_or_404(code)
    ranking = selectors.county_ranking(indicator, municipality)
    series = selectors.indicator_series(
        indicator,
        municipality,
        county_numbers=list(
            municipality_list(county=municipality.county.number).values_list("number", flat=True)
        ),
    )
    tables = [
        opendata.series_table(indicator, number, series),
        opendata.ranking_table(indicator, municipality.county.number, ranking),
    ]
    for table in tables:
        if download := open_table_response(request, table):
            return download
    name = municipality.name_nb
    result = selectors.municipality_result(number, indicator)
    per_inhabitant = None
    if indicator.per_inhabitant and result and result.latest_value is not None:
        # Today's population: the registry keeps no population series yet.
        per_inhabitant = (
            result.latest_value / municipality.population if municipality.population else None
        )
    context = {
        "municipality": municipality,
        "indicator": indicator,
        "result": result,
        "per_inhabitant": per_inhabitant,
        "series": series,
        "ranking": ranking,
        "series_download": open_table_links(request, tables[0]),
        "ranking_download": open_table_links(request, tables[1]),
        "series_spec": charts.series_chart(
            [r for r in series if r["value"] is not None],
            _("%(i)s i %(m)s, fylket og landet over tid") % {"i": indicator.name, "m": name},
        ),
        "ranking_spec": charts.ranking_chart(
            ranking,
            _("%(i)s: kommunene i %(c)s, beste først")
            % {"i": indicator.name, "c": municipality.county.name},
        ),
    }
    return render(request, "indicators/municipality_indicator.html", context)


@require_GET
@login_not_required
def national(request: HtmxRequest) -> HttpResponse:
    theme = request.GET.get("tema", "")
    theme = theme if theme in Theme.values else ""
    indicators = selectors.indicator_list(theme=theme)
    form = NationalFilterForm(request.GET or None, indicators=indicators)
    code = request.GET.get("indikator") or (indicators[0].code if indicators else "")
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None and indicators:
        indicator = indicators[0]
    # TODO(issue 3): pass the programme's participating municipalities from programmes.
    participants: set[str] | None = None
    context: dict[str, Any] = {
        "form": form,
        "theme": theme,
        "indicator": indicator,
        "trend_counts": selectors.trend_counts(indicators, participants=participants),
        "trend_labels": dict(IndicatorResult.Trend.choices),
        "can_import": request.user.has_perm("indicators.import_values"),
        "trend_link": "?" + (f"tema={theme}&" if theme else "") + "indikator=",
    }
    if indicator is not None:
        distribution = selectors.indicator_distribution(indicator, participants=participants)
        totals = selectors.indicator_totals(indicator, participants=participants)
        tables = [
            opendata.distribution_table(indicator, distribution),
            opendata.totals_table(indicator, totals),
        ]
        for table in tables:
            if download := open_table_response(request, table):
                return download
        context.update(
            distribution_download=open_table_links(request, tables[0]),
            totals_download=open_table_links(request, tables[1]),
            distribution=sorted(distribution, key=lambda r: r["name"]),
            totals=totals,
            distribution_spec=charts.distribution_chart(
                distribution,
                _("Fordelingen av siste verdi for %(i)s i kommunene") % {"i": indicator.name},
            ),
            totals_spec=charts.totals_chart(
                [r for r in totals if r["value"] is not None],
                _("%(i)s for hele landet over tid") % {"i": indicator.name},
            ),
            map_spec=charts.map_chart(
                [
                    {"number": r["number"], "name": r["name"], "value": r["value"]}
                    for r in distribution
                ],
                _("Kart over Norge: siste verdi for %(i)s per kommune") % {"i": indicator.name},
                geo_url=static("indicators/kommuner.geojson"),
            ),
        )
    template = "indicators/national.html"
    if request.htmx and not request.htmx.boosted:
        template += "#indication"
    return render(request, template, context)


def _require_import_permission(request: AuthedRequest) -> None:
    if not request.user.has_perm("indicators.import_values"):
        raise PermissionDenied(_("Bare nasjonal koordinator kan importere indikatorverdier."))


@require_http_methods(["GET", "POST"])
def upload(request: AuthedRequest) -> HttpResponse:
    _require_import_permission(request)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, indicators=selectors.indicator_list()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = services.import_job_create(
            user=request.user,
            filename=data["file"].name,
            data=data["file"].read(),
            options={
                key: data[key]
                for key in (
                    "indicator_code",
                    "indicator",
                    "area",
                    "period",
                    "value",
                    "status",
                    "strict",
                )
            },
        )
        return redirect("indicators:import_job", pk=job.pk)
    return render(
        request, "indicators/upload.html", {"form": form, "jobs": selectors.import_job_list()}
    )


@require_GET
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_import_permission(request)
    try:
        job = selectors.import_job_get(pk)
    except ImportJob.DoesNotExist:
        raise Http404(_("Fant ikke importjobben.")) from None
    template = "indicators/import_job.html"
    if request.htmx and not request.htmx.boosted:
        template += "#job-status"
    return render(request, template, {"job": job})
