"""Indicator pages: the catalogue, a municipality's indicators, one indicator in one
municipality, and the national indications. Each chart comes with a table, and each table is
open data (CSV and JSON-stat, see indicators/opendata.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.extensions import Page, page_sections
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.jobs import job_recover_if_stale
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.indicators import charts, comparisons, opendata, selectors, services, tabular
from kommunenettverk.indicators.forms import (
    GoalIndicatorForm,
    ImportRecipeForm,
    ImportUploadForm,
    NationalFilterForm,
)
from kommunenettverk.indicators.models import GoalIndicator, Indicator, IndicatorResult
from kommunenettverk.plans.models import Goal
from kommunenettverk.plans.selectors import goal_get
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.selectors import (
    kostra_group_of,
    municipality_get_or_404,
    municipality_list,
)

SET_TARGET = "indicators.set_goal_target"
VIEW_STRATEGY = "plans.view_municipality_strategy"
IMPORT_VALUES = "indicators.import_values"
IMPORT_REFUSED = gettext_lazy("Bare nasjonal koordinator kan importere indikatorverdier.")
UNDO_IMPORT = "indicators.undo_import"
UNDO_REFUSED = gettext_lazy("Bare den som importerte, eller nasjonal koordinator, kan angre.")
MANAGE_RECIPES = "indicators.manage_recipes"
RECIPES_REFUSED = gettext_lazy("Bare nasjonal koordinator kan endre importoppskrifter.")
SET_TARGET_REFUSED = gettext_lazy(
    "Bare kommunens koordinator kan knytte indikatorer og målverdier til kommunens mål."
)


def _indicator_or_404(code: str) -> Indicator:
    message = _("Det finnes ingen indikator med kode «%(c)s».") % {"c": code}
    return get_or_404(selectors.indicator_get, code, message)


@require_safe
@login_not_required
@public_page_cache
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


@require_safe
@login_not_required
@public_page_cache
def municipality_overview(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    results = list(selectors.municipality_results(number))
    table = opendata.overview_table(number, results)
    if download := open_table_response(request, table):
        return download
    targets = selectors.goal_target_list(
        municipality_number=number,
        published_only=not request.user.has_perm(VIEW_STRATEGY, municipality),
    )
    return render(
        request,
        "indicators/municipality_overview.html",
        {
            "municipality": municipality,
            "results": results,
            "targets": targets,
            "open_table": open_table_links(request, table),
        },
    )


@require_safe
@login_not_required
@public_page_cache
def municipality_indicator(request: HtmxRequest, number: str, code: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    indicator = _indicator_or_404(code)
    result = selectors.municipality_result(number, indicator)
    group = kostra_group_of(number)
    ranking = comparisons.peer_ranking(indicator, result)
    series = comparisons.comparison_series(
        indicator,
        municipality,
        county_numbers=list(
            municipality_list(county=municipality.county.number).values_list("number", flat=True)
        ),
        group=group,
    )
    network = selectors.network_comparison(indicator, municipality)
    tables = [
        opendata.series_table(indicator, number, series.rows, per_inhabitant=series.per_inhabitant),
        opendata.ranking_table(indicator, result.peer_group if result else "", ranking),
        opendata.network_table(indicator, number, network.rows if network else []),
    ]
    for table in tables:
        if download := open_table_response(request, table):
            return download
    name = municipality.name_nb
    group_name = group.name if group else _("sammenligningsgruppen")
    growth = selectors.growth_trend(indicator, result)
    context = {
        "municipality": municipality,
        "indicator": indicator,
        "result": result,
        "kostra_group": group,
        "comparable": result is not None and result.comparable_value is not None,
        # Values per inhabitant of a total are small numbers: three more decimals.
        "cmp_decimals": indicator.decimals + (3 if indicator.is_total else 0),
        "small": comparisons.is_small(indicator, result.latest_value if result else None),
        "growth": growth,
        "growth_label": selectors.PROGRESS_LABELS[growth.status if growth else "not_available"],
        "network": network,
        "network_spec": charts.ranking_chart(
            network.rows,
            _("%(i)s: kommunene i nettverket %(n)s, beste først")
            % {"i": indicator.name, "n": network.network.name},
        )
        if network
        else None,
        "targets": selectors.goal_target_list(
            municipality_number=number,
            indicator=indicator,
            published_only=not request.user.has_perm(VIEW_STRATEGY, municipality),
        ),
        "series": series,
        "ranking": ranking,
        # Sections later apps add (core.extensions): the idea bank's "municipalities like
        # yours did this" when the municipality lags its peers.
        "sections": page_sections(Page.MUNICIPALITY_INDICATOR, request, result) if result else [],
        "series_download": open_table_links(request, tables[0]),
        "ranking_download": open_table_links(request, tables[1]),
        "network_download": open_table_links(request, tables[2]),
        "series_spec": charts.series_chart(
            [r for r in series.rows if r["value"] is not None],
            (
                _("%(i)s per innbygger i %(m)s, fylket, landet og %(g)s over tid")
                if series.per_inhabitant
                else _("%(i)s i %(m)s over tid")
                if series.own_only
                else _("%(i)s i %(m)s, fylket, landet og %(g)s over tid")
            )
            % {"i": indicator.name, "m": name, "g": group_name},
        ),
        "ranking_spec": charts.ranking_chart(
            ranking,
            _("%(i)s: kommunene i %(g)s, beste først") % {"i": indicator.name, "g": group_name},
        ),
    }
    return render(request, "indicators/municipality_indicator.html", context)


@require_safe
@login_not_required
@public_page_cache
def national(request: HtmxRequest) -> HttpResponse:
    theme = request.GET.get("tema", "")
    theme = theme if theme in Theme.values else ""
    indicators = selectors.indicator_list(theme=theme)
    programmes = selectors.programme_choices()
    programme = request.GET.get("program", "")
    if programme not in {slug for slug, _name in programmes} | {selectors.ALL_PROGRAMMES}:
        programme = programmes[0][0] if programmes else selectors.ALL_PROGRAMMES
    form = NationalFilterForm(
        request.GET or None,
        initial={"program": programme},
        indicators=indicators,
        programmes=programmes,
    )
    code = request.GET.get("indikator") or (indicators[0].code if indicators else "")
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None and indicators:
        indicator = indicators[0]
    participants = selectors.participating_numbers(programme)
    programme_name = dict(programmes).get(programme, _("alle program"))
    context: dict[str, Any] = {
        "form": form,
        "theme": theme,
        "indicator": indicator,
        "programme_name": programme_name,
        "participant_count": len(participants),
        "trend_counts": selectors.trend_counts(indicators, participants=participants),
        "trend_groups": [
            ("participating", _("Deltakende kommuner (%(p)s)") % {"p": programme_name}),
            ("others", _("Andre kommuner")),
        ],
        "trend_labels": dict(IndicatorResult.Trend.choices),
        "can_import": request.user.has_perm(IMPORT_VALUES),
        "trend_link": "?"
        + (f"program={programme}&" if programme else "")
        + (f"tema={theme}&" if theme else "")
        + "indikator=",
    }
    if indicator is not None:
        distribution = selectors.indicator_distribution(indicator, participants=participants)
        coverage = comparisons.coverage_by_year(indicator)
        latest_coverage = list(coverage.values())[-1] if coverage else None
        if indicator.is_total:  # compared per inhabitant, or not at all
            totals = comparisons.totals_per_inhabitant(indicator, participants=participants) or []
        else:
            totals = selectors.indicator_totals(indicator, participants=participants)
        totals = comparisons.withhold_thin_years(totals, coverage)
        by_group = selectors.distribution_by_group(distribution)
        titles = {
            "deltar": _("Deltakende kommuner (%(p)s)") % {"p": programme_name},
            "andre": _("Andre kommuner"),
        }
        group_tables = {
            key: opendata.distribution_table(
                indicator, by_group[key], slug=f"fordeling-{key}", title=titles[key]
            )
            for key in selectors.GROUP_KEYS
        }
        tables = [
            opendata.distribution_table(indicator, distribution),
            opendata.totals_table(indicator, totals),
            *group_tables.values(),
        ]
        for table in tables:
            if download := open_table_response(request, table):
                return download
        context.update(
            coverage=latest_coverage,
            coverage_rows=list(coverage.values()),
            comparable=indicator.measure_kind != Indicator.Measure.UNKNOWN,
            withheld=latest_coverage is None or not latest_coverage.enough,
            cmp_decimals=indicator.decimals + (3 if indicator.is_total else 0),
            distribution_download=open_table_links(request, tables[0]),
            totals_download=open_table_links(request, tables[1]),
            distribution=sorted(distribution, key=lambda r: r["name"]),
            groups=[
                {
                    "key": key,
                    "title": titles[key],
                    "rows": by_group[key],
                    "summary": selectors.group_summary(by_group[key]),
                    "download": open_table_links(request, group_tables[key]),
                    "spec": charts.distribution_chart(
                        by_group[key],
                        _("Fordelingen av siste verdi for %(i)s: %(g)s")
                        % {"i": indicator.name, "g": titles[key].lower()},
                    ),
                }
                for key in selectors.GROUP_KEYS
            ],
            totals=totals,
            totals_spec=charts.totals_chart(
                [r for r in totals if r["value"] is not None],
                _("%(i)s over tid for deltakende og andre kommuner") % {"i": indicator.name},
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


@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: AuthedRequest) -> HttpResponse:
    require_perm(request, IMPORT_VALUES, message=IMPORT_REFUSED)
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        indicators=selectors.indicator_list(),
        recipes=list(selectors.import_recipe_list()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = services.import_job_create(
            user=request.user,
            filename=data["file"].name,
            data=data["file"].read(),
            options={
                key: data[key]
                for key in ("indicator_code", "indicator", "area", "period", "value", "status")
            },
            recipe=data["recipe"],
        )
        return redirect("indicators:import_job", pk=job.pk)
    context = {
        "form": form,
        "jobs": selectors.import_job_list(),
        "indicators": selectors.indicator_list(),
        "can_manage_recipes": request.user.has_perm(MANAGE_RECIPES),
    }
    return render(request, "indicators/upload.html", context)


@require_safe
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request, IMPORT_VALUES, message=IMPORT_REFUSED)
    job = get_or_404(selectors.import_job_get, pk, _("Fant ikke importjobben."))
    if job_recover_if_stale(job):  # its worker died: the page says so, not "running" for ever
        job = selectors.import_job_get(pk)
    template = "indicators/import_job.html"
    if request.htmx and not request.htmx.boosted:
        template += "#job-status"
    context = {"job": job, "can_undo": request.user.has_perm(UNDO_IMPORT, job)}
    return render(request, template, context)


@require_POST
def import_job_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Importer": write exactly what the preview showed."""
    job = get_or_404(selectors.import_job_get, pk, _("Fant ikke importjobben."))
    require_perm(request, IMPORT_VALUES, job, IMPORT_REFUSED)
    with reported(request):
        services.import_job_confirm(job=job)
    return redirect("indicators:import_job", pk=pk)


@require_POST
def import_job_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_or_404(selectors.import_job_get, pk, _("Fant ikke importjobben."))
    require_perm(request, IMPORT_VALUES, job, IMPORT_REFUSED)
    services.import_job_cancel(job=job)
    return redirect("indicators:import_job", pk=pk)


@require_POST
def import_job_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    """Undo an import (asks first: core.confirm)."""
    job = get_or_404(selectors.import_job_get, pk, _("Fant ikke importjobben."))
    require_perm(request, UNDO_IMPORT, job, UNDO_REFUSED)
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Angre importen av %(file)s?") % {"file": job.filename},
            detail=_(
                "Verdiene importen erstattet kommer tilbake, og verdiene den la til blir slettet."
            ),
            button=_("Angre importen"),
            back_url=reverse("indicators:import_job", args=[job.pk]),
        )
    with reported(request) as outcome:
        services.import_job_undo(job=job, user=request.user)
    if outcome.ok:
        messages.success(request, _("Importen er angret."))
    return redirect("indicators:import_job", pk=pk)


@require_safe
def import_template(request: AuthedRequest, code: str, fmt: str) -> HttpResponse:
    """A template file for one indicator (CSV or XLSX) that the upload form reads as is."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Malen finnes som .csv og .xlsx."))
    indicator = get_or_404(selectors.indicator_get, code, _("Fant ikke indikatoren."))
    rows = selectors.import_template_rows(indicator)
    if fmt == "xlsx":
        data = tabular.template_xlsx(selectors.TEMPLATE_HEADER, rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = tabular.template_csv(selectors.TEMPLATE_HEADER, rows)
        kind = "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="mal-{indicator.code}.{fmt}"'
    return response


# --- import recipes ----------------------------------------------------------------------------


@require_safe
def recipe_list(request: AuthedRequest) -> HttpResponse:
    require_perm(request, MANAGE_RECIPES, message=RECIPES_REFUSED)
    return render(
        request, "indicators/recipe_list.html", {"recipes": selectors.import_recipe_list()}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def recipe_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    """Create (no pk) or change an import recipe."""
    recipe = (
        get_or_404(selectors.import_recipe_get, pk, _("Fant ikke oppskriften.")) if pk else None
    )
    require_perm(request, MANAGE_RECIPES, recipe, RECIPES_REFUSED)
    form = ImportRecipeForm(
        request.POST or None,
        initial=ImportRecipeForm.initial_for(recipe) if recipe else None,
        indicators=selectors.indicator_list(),
    )
    if request.method == "POST" and form.is_valid():
        with reported(form=form) as outcome:
            services.import_recipe_save(recipe=recipe, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Oppskriften er lagret."))
            return redirect("indicators:recipe_list")
    return render(request, "indicators/recipe_form.html", {"form": form, "recipe": recipe})


# --- goals' indicators, baselines and targets ------------------------------------------------


def _goal_or_404(request: HtmxRequest, pk: int) -> Goal:
    """The goal, if the visitor may see it: published, or visible to their role."""
    goal = get_or_404(goal_get, pk, _("Målet finnes ikke."))
    if not goal.published and not request.user.has_perm(VIEW_STRATEGY, goal):
        raise Http404(_("Målet finnes ikke."))
    return goal


def _save_target(form: GoalIndicatorForm, goal: Goal, target: GoalIndicator | None = None) -> bool:
    """Save the valid form's target; False with the service's refusal on the form."""
    data = form.cleaned_data
    with reported(form=form) as outcome:
        services.goal_indicator_save(
            goal=goal,
            indicator=selectors.indicator_get(data["indicator"]),
            baseline_year=data["baseline_year"],
            baseline_value=data["baseline_value"],
            target_year=data["target_year"],
            target_value=data["target_value"],
            goal_indicator=target,
        )
    return outcome.ok


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def goal_targets(request: HtmxRequest, goal_pk: int) -> HttpResponse:
    """A goal's indicators with baseline, target, distance and on-track status; the
    municipality's coordinator adds indicators here."""
    goal = _goal_or_404(request, goal_pk)
    can_edit = request.user.has_perm(SET_TARGET, goal)
    form = GoalIndicatorForm(request.POST or None, indicators=selectors.indicator_list())
    if request.method == "POST":
        require_perm(request, SET_TARGET, goal, SET_TARGET_REFUSED)
        if form.is_valid() and _save_target(form, goal):
            messages.success(request, _("Indikatoren og målverdien er lagret."))
            return redirect("indicators:goal_targets", goal_pk=goal.pk)
    context = {
        "goal": goal,
        "municipality": goal.municipality,
        "targets": selectors.goal_target_list(goal=goal),
        "form": form if can_edit else None,
        "can_edit": can_edit,
    }
    return render(request, "indicators/goal_targets.html", context)


def _target_of(goal: Goal, pk: int) -> GoalIndicator:
    target = next(
        (t.target for t in selectors.goal_target_list(goal=goal) if t.target.pk == pk), None
    )
    if target is None:
        raise Http404(_("Målet har ingen slik indikator."))
    return target


@require_http_methods(["GET", "HEAD", "POST"])
def goal_target_edit(request: AuthedRequest, goal_pk: int, pk: int) -> HttpResponse:
    goal = _goal_or_404(request, goal_pk)
    require_perm(request, SET_TARGET, goal, SET_TARGET_REFUSED)
    target = _target_of(goal, pk)
    initial = {
        "indicator": target.indicator.code,
        "baseline_year": target.baseline_year,
        "baseline_value": target.baseline_value,
        "target_year": target.target_year,
        "target_value": target.target_value,
    }
    form = GoalIndicatorForm(
        request.POST or None, initial=initial, indicators=selectors.indicator_list()
    )
    if request.method == "POST" and form.is_valid() and _save_target(form, goal, target):
        messages.success(request, _("Indikatoren og målverdien er lagret."))
        return redirect("indicators:goal_targets", goal_pk=goal.pk)
    return render(
        request,
        "indicators/goal_target_form.html",
        {"goal": goal, "municipality": goal.municipality, "form": form, "target": target},
    )


@require_POST
def goal_target_delete(request: AuthedRequest, goal_pk: int, pk: int) -> HttpResponse:
    goal = _goal_or_404(request, goal_pk)
    require_perm(request, SET_TARGET, goal, SET_TARGET_REFUSED)
    target = _target_of(goal, pk)
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Fjerne «%(name)s» fra målet?") % {"name": target.indicator.name},
            detail=_("Målverdien og koblingen til målet slettes."),
            button=_("Fjern indikatoren"),
            back_url=reverse("indicators:goal_targets", args=[goal.pk]),
        )
    services.goal_indicator_delete(goal_indicator=target)
    messages.success(request, _("Indikatoren er fjernet fra målet."))
    return redirect("indicators:goal_targets", goal_pk=goal.pk)


def goal_section(request: HttpRequest, goal: Goal) -> SafeString:
    """The goal page's section (core.extensions, Page.GOAL): the goal's indicators and their
    status."""
    targets = selectors.goal_target_list(goal=goal)
    can_edit = request.user.has_perm(SET_TARGET, goal)
    if not targets and not can_edit:
        return SafeString("")
    return render_to_string(
        "indicators/_goal_section.html",
        {"goal": goal, "targets": targets, "can_edit": can_edit},
        request=request,
    )
