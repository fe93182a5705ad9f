"""Plans, goals, measures, strategy overview and annual reports of a municipality."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.extensions import Page, page_sections
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.submissions import submit_once
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.selectors import network_get
from kommunenettverk.plans import opendata, selectors, services
from kommunenettverk.plans.forms import (
    GoalForm,
    MeasureForm,
    MeasureStatusForm,
    PlanDocumentForm,
    ReportCommentForm,
    ReportEntryForm,
    ReportingRoundForm,
    ReportSendBackForm,
    ReportStartForm,
    ReportSummaryForm,
)
from kommunenettverk.plans.models import AnnualReport, Measure
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.selectors import municipality_get_or_404

EDIT = "plans.edit_municipality_plans"
VIEW = "plans.view_municipality_strategy"


EDIT_REFUSED = gettext_lazy(
    "Bare kommunens koordinator kan endre kommunens planer, mål, tiltak og rapporter."
)


# --- strategy overview -----------------------------------------------------------------------
@require_safe
@login_not_required
def strategy_overview(request: HtmxRequest, number: str) -> HttpResponse:
    """The integration view; the public version shows only published goals and measures."""
    municipality = municipality_get_or_404(number)
    private = request.user.has_perm(VIEW, municipality)
    goals = selectors.goal_list(Municipality.objects.filter(pk=municipality.pk), public=not private)
    table = opendata.goal_measure_table(municipality)  # published only, also for coordinators
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "plans/strategy_overview.html",
        {
            "municipality": municipality,
            "goals": goals,
            "overview": selectors.strategy_overview(goals),
            "shared_goals": selectors.shared_goals_for(municipality, public=not private),
            "open_table": open_table_links(request, table),
            "private": private,
            "can_edit": request.user.has_perm(EDIT, municipality),
        },
    )


@require_safe
@login_not_required
def network_strategy(request: HtmxRequest, network_slug: str) -> HttpResponse:
    """The strategy overview of a network's member municipalities, in total and per member,
    with the goals shared in the network. The public version shows published goals and
    measures only; the national coordinator and the advisers see everything."""
    network = get_or_404(network_get, network_slug, _("Nettverket finnes ikke."))
    private = request.user.has_perm("plans.view_network_strategy", network)
    table = opendata.network_strategy_table(network)  # published only, also for advisers
    if download := open_table_response(request, table):
        return download
    strategy = selectors.network_strategy(network, public=not private)
    if not private:
        table = opendata.network_strategy_table(network, strategy)
    return render(
        request,
        "plans/network_strategy.html",
        {
            "network": network,
            "strategy": strategy,
            "private": private,
            "open_table": open_table_links(request, table),
        },
    )


# --- plan documents ----------------------------------------------------------------------------
@require_safe
@login_not_required
def plan_list(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    plans = selectors.plan_list(municipality)
    table = opendata.plan_table(municipality, plans)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "plans/plan_list.html",
        {
            "municipality": municipality,
            "plans": plans,
            "open_table": open_table_links(request, table),
            "cycle": selectors.plan_cycle_for(municipality, today=timezone.localdate()),
            "can_edit": request.user.has_perm(EDIT, municipality),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: AuthedRequest, number: str, pk: int | None = None) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    plan = None
    if pk is not None:
        plan = get_or_404(selectors.plan_get, pk, _("Planen finnes ikke."))
        if plan.municipality_id != municipality.pk:
            raise Http404(_("Planen finnes ikke i denne kommunen."))
    require_perm(request, EDIT, municipality, EDIT_REFUSED)
    form = PlanDocumentForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():

        def save() -> str:
            services.plan_document_save(
                municipality=municipality, fields=form.cleaned_data, plan=plan
            )
            return reverse("plans:plan_list", args=[number])

        url = submit_once(request, save)
        messages.success(request, _("Planen er lagret."))
        return redirect(url)
    return render(
        request, "plans/plan_form.html", {"municipality": municipality, "form": form, "plan": plan}
    )


# --- goals -------------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request: AuthedRequest, number: str, pk: int | None = None) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    goal = None
    if pk is not None:
        goal = get_or_404(selectors.goal_get, pk, _("Målet finnes ikke."))
        if goal.municipality_id != municipality.pk:
            raise Http404(_("Målet finnes ikke i denne kommunen."))
    require_perm(request, EDIT, municipality, EDIT_REFUSED)
    form = GoalForm(request.POST or None, instance=goal, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            url = submit_once(
                request,
                lambda: services.goal_save(
                    municipality=municipality, fields=form.cleaned_data, goal=goal
                ).get_absolute_url(),
            )
        if outcome.ok:
            messages.success(request, _("Målet er lagret."))
            return redirect(url)
    return render(
        request, "plans/goal_form.html", {"municipality": municipality, "form": form, "goal": goal}
    )


@require_safe
@login_not_required
def goal_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    goal = get_or_404(selectors.goal_get, pk, _("Målet finnes ikke."))
    private = request.user.has_perm(VIEW, goal)
    if not goal.published and not private:
        raise Http404(_("Målet finnes ikke."))
    measures = goal.measures.select_related("plan_document")
    if not private:
        measures = measures.filter(published=True)
    can_edit = request.user.has_perm(EDIT, goal)
    # Open data only for a published goal, and only its published measures.
    table = opendata.goal_measures_table(goal) if goal.published else None
    if table and (download := open_table_response(request, table)):
        return download
    return render(
        request,
        "plans/goal_detail.html",
        {
            "open_table": open_table_links(request, table) if table else None,
            "goal": goal,
            "municipality": goal.municipality,
            "measures": measures,
            "can_edit": can_edit,
            "sections": page_sections(Page.GOAL, request, goal),
        },
    )


# --- measures ----------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def measure_edit(request: AuthedRequest, goal_pk: int, pk: int | None = None) -> HttpResponse:
    goal = get_or_404(selectors.goal_get, goal_pk, _("Målet finnes ikke."))
    measure = None
    if pk is not None:
        measure = get_or_404(selectors.measure_get, pk, _("Tiltaket finnes ikke."))
        if measure.goal_id != goal.pk:
            raise Http404(_("Tiltaket hører ikke til dette målet."))
    require_perm(request, EDIT, goal, EDIT_REFUSED)
    form = MeasureForm(request.POST or None, instance=measure, municipality=goal.municipality)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "partners"}
        with reported(request, form=form) as outcome:
            url = submit_once(
                request,
                lambda: services.measure_save(
                    goal=goal,
                    fields=fields,
                    partners=list(form.cleaned_data["partners"]),
                    measure=measure,
                    author=request.user,
                ).get_absolute_url(),
            )
        if outcome.ok:
            messages.success(request, _("Tiltaket er lagret."))
            return redirect(url)
    return render(
        request,
        "plans/measure_form.html",
        {"goal": goal, "municipality": goal.municipality, "form": form, "measure": measure},
    )


@require_safe
@login_not_required
def measure_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    measure = get_or_404(selectors.measure_get, pk, _("Tiltaket finnes ikke."))
    private = request.user.has_perm(VIEW, measure)
    if not (measure.published and measure.goal.published) and not private:
        raise Http404(_("Tiltaket finnes ikke."))
    can_edit = request.user.has_perm(EDIT, measure)
    context = _measure_context(request, measure, can_edit=can_edit, form=None)
    # Open data only while the measure is public (an unpublished one answers 404 to the public).
    if measure.published and measure.goal.published:
        table = opendata.measure_history_table(measure, context["history"])
        if download := open_table_response(request, table):
            return download
        context["open_table"] = open_table_links(request, table)
    return render(request, "plans/measure_detail.html", context)


def _measure_context(
    request: HtmxRequest, measure: Measure, *, can_edit: bool, form: Any, saved: str = ""
) -> dict[str, Any]:
    return {
        "measure": measure,
        "municipality": measure.goal.municipality,
        "history": selectors.measure_status_history(measure),
        # Sections later apps add (core.extensions), e.g. the idea bank's "Tatt fra".
        "sections": page_sections(Page.MEASURE, request, measure),
        "can_edit": can_edit,
        "status_form": form
        or MeasureStatusForm(initial={"status": measure.status, "progress": measure.progress}),
        # Said in the page's live region (an HTMX answer fills it out of band).
        "saved_message": saved,
    }


@require_POST
def measure_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a status update; an HTMX request gets the status section back, and the page's
    live region (role="status") says whether it was saved."""
    measure = get_or_404(selectors.measure_get, pk, _("Tiltaket finnes ikke."))
    require_perm(request, EDIT, measure, EDIT_REFUSED)
    form: MeasureStatusForm | None = MeasureStatusForm(request.POST)
    assert form is not None
    saved = ""
    if form.is_valid():
        with reported(request, form=form) as outcome:
            update = services.measure_status_record(
                measure=measure,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                author=request.user,
            )
        if outcome.ok:
            saved = (
                _("Status er lagret: %(status)s, %(progress)s %% gjennomført.")
                % {"status": measure.get_status_display(), "progress": measure.progress}
                if update
                else _("Status og framdrift er uendret, så ingenting nytt er lagret.")
            )
            if not request.htmx:
                messages.success(request, saved)
                return redirect(measure)
            form = None
    template = "plans/measure_detail.html" + ("#status" if request.htmx else "")
    return render(
        request, template, _measure_context(request, measure, can_edit=True, form=form, saved=saved)
    )


# --- annual reports ----------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def report_list(request: AuthedRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    if request.method == "POST":
        require_perm(request, EDIT, municipality, EDIT_REFUSED)
    else:
        require_perm(request, VIEW, municipality)
    participations = selectors.report_participations(municipality)
    form = ReportStartForm(
        request.POST or None,
        participations=participations,
        initial={"year": timezone.localdate().year, "participation": participations.first()},
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form, field="year") as outcome:
            report = services.annual_report_start(
                municipality=municipality,
                year=form.cleaned_data["year"],
                participation=form.cleaned_data.get("participation"),
            )
        if outcome.ok:
            return redirect(report)
    return render(
        request,
        "plans/report_list.html",
        {
            "municipality": municipality,
            "reports": selectors.report_list(municipality),
            "form": form,
            "can_edit": request.user.has_perm(EDIT, municipality),
        },
    )


def _report_for(request: HtmxRequest, pk: int, perm: str) -> AnnualReport:
    report = get_or_404(selectors.report_get, pk, _("Rapporten finnes ikke."))
    require_perm(request, perm, report, EDIT_REFUSED if perm == EDIT else None)
    return report


@require_http_methods(["GET", "HEAD", "POST"])
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The guided form (draft, coordinator) or the locked report with comments."""
    report = _report_for(request, pk, EDIT if request.method == "POST" else VIEW)
    editable = not report.is_locked and request.user.has_perm(EDIT, report)
    if editable and request.method == "GET" and services.annual_report_refresh(report=report):
        # Measures added since the draft was started: their lines are there now.
        report = selectors.report_get(pk)
    entries = list(report.entries.all())
    data = request.POST if request.method == "POST" else None
    summary_form = ReportSummaryForm(data, initial={"summary": report.summary})
    entry_forms = [
        (
            entry,
            ReportEntryForm(
                data,
                prefix=f"e{entry.pk}",
                initial={
                    "status": entry.status,
                    "results": entry.results,
                    "obstacles": entry.obstacles,
                },
            ),
        )
        for entry in entries
    ]
    if request.method == "POST":
        if report.is_locked:
            raise PermissionDenied(_("Rapporten er sendt inn og kan ikke endres."))
        if summary_form.is_valid() and all(form.is_valid() for _, form in entry_forms):
            added = services.annual_report_save_entries(
                report=report,
                summary=summary_form.cleaned_data["summary"],
                entries={entry.pk: form.cleaned_data for entry, form in entry_forms},
            )
            if added:
                messages.warning(
                    request,
                    _(
                        "Utkastet er lagret. Kommunen har fått %(n)s nye tiltak siden utkastet "
                        "ble startet; de er lagt til i rapporten. Fyll dem ut før du sender inn."
                    )
                    % {"n": added},
                )
                return redirect(report)
            if "submit" in request.POST and needs_confirmation(request):
                # The draft is saved; submitting locks it, so ask first.
                return confirmation_page(
                    request,
                    question=_("Sende inn årsrapporten for %(year)s?") % {"year": report.year},
                    detail=_(
                        "Utkastet er lagret. En innsendt rapport kan ikke endres; "
                        "en endring etterpå blir en ny versjon."
                    ),
                    button=_("Send inn rapporten"),
                    back_url=report.get_absolute_url(),
                )
            if "submit" in request.POST:
                services.annual_report_submit(report=report, user=request.user)
                messages.success(request, _("Rapporten er sendt inn. Rådgiveren får den nå."))
            else:
                messages.success(request, _("Utkastet er lagret."))
            return redirect(report)
    versions = list(
        AnnualReport.objects.filter(
            municipality=report.municipality,
            participation=report.participation_id,
            year=report.year,
        )
        .select_related("returned_by")
        .order_by("version")
    )
    return render(
        request,
        "plans/report_detail.html",
        {
            "report": report,
            "municipality": report.municipality,
            "summary_form": summary_form,
            "entry_forms": entry_forms,
            "editable": editable,
            "can_edit": request.user.has_perm(EDIT, report),
            "can_comment": report.is_locked
            and request.user.has_perm("plans.comment_report", report),
            "comment_form": ReportCommentForm(report=report),
            "can_send_back": report.status == AnnualReport.Status.SUBMITTED
            and request.user.has_perm("plans.comment_report", report),
            "send_back_form": ReportSendBackForm(),
            "groups": _by_goal(entry_forms),
            "general_comments": [c for c in report.comments.all() if c.entry_id is None],
            "versions": versions,
            "previous": next((v for v in versions if v.version == report.version - 1), None),
        },
    )


@require_POST
def report_new_version(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk, EDIT)
    with reported(request) as outcome:
        draft = services.annual_report_new_version(report=report)
    if not outcome.ok:
        return redirect(report)
    messages.success(request, _("Ny versjon er opprettet som utkast."))
    return redirect(draft)


@require_POST
def report_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk, "plans.comment_report")
    form = ReportCommentForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, _("Skriv en kommentar før du lagrer."))
        return redirect(report)
    with reported(request) as outcome:
        services.report_comment_add(
            report=report,
            author=request.user,
            text=form.cleaned_data["text"],
            entry=form.cleaned_data["entry"],
        )
    if outcome.ok:
        messages.success(request, _("Kommentaren er lagret."))
    return redirect(report)


def _by_goal(entry_forms: list[tuple[Any, Any]]) -> list[tuple[str, list[tuple[Any, Any]]]]:
    """The report's lines grouped by goal (the lines are ordered by goal already)."""
    groups: list[tuple[str, list[tuple[Any, Any]]]] = []
    for entry, form in entry_forms:
        if not groups or groups[-1][0] != entry.goal_statement:
            groups.append((entry.goal_statement, []))
        groups[-1][1].append((entry, form))
    return groups


@require_POST
def report_send_back(request: AuthedRequest, pk: int) -> HttpResponse:
    """The adviser sends a submitted report back for revision with a reason (asks first)."""
    report = _report_for(request, pk, "plans.comment_report")
    form = ReportSendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv hvorfor rapporten sendes tilbake."))
        return redirect(report)
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Sende årsrapporten for %(year)s tilbake til %(municipality)s?")
            % {"year": report.year, "municipality": report.municipality.name_nb},
            detail=_(
                "Denne versjonen blir stående som den er. Kommunen får en ny versjon å rette "
                "i, og koordinatorene får begrunnelsen på e-post."
            ),
            button=_("Send tilbake"),
            back_url=report.get_absolute_url(),
        )
    with reported(request) as outcome:
        services.annual_report_send_back(
            report=report, user=request.user, reason=form.cleaned_data["reason"]
        )
    if outcome.ok:
        messages.success(
            request, _("Rapporten er sendt tilbake. Kommunens koordinatorer har fått beskjed.")
        )
    return redirect(report)


# --- reporting rounds --------------------------------------------------------------------------
FOLLOW = "plans.follow_round"


@require_http_methods(["GET", "HEAD", "POST"])
def round_list(request: AuthedRequest) -> HttpResponse:
    """The reporting rounds; the national coordinator opens a new one here."""
    require_perm(request, FOLLOW, None)
    can_open = request.user.has_perm("plans.open_round")
    today = timezone.localdate()
    form = ReportingRoundForm(
        request.POST or None, initial={"year": today.year, "deadline": f"{today.year + 1}-02-01"}
    )
    if request.method == "POST":
        require_perm(request, "plans.open_round", None)
        if form.is_valid():
            with reported(request, form=form) as outcome:
                round_ = services.reporting_round_open(user=request.user, **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("Rapporteringsrunden er åpnet."))
                return redirect(round_)
    return render(
        request,
        "plans/round_list.html",
        {"rounds": selectors.round_list(), "form": form, "can_open": can_open},
    )


@require_safe
def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Who has submitted in the round: a table per network the reader follows."""
    round_ = get_or_404(selectors.round_get, pk, _("Rapporteringsrunden finnes ikke."))
    require_perm(request, FOLLOW, None)
    networks = [
        n
        for n in Network.objects.filter(programme=round_.programme_id).select_related("ks_region")
        if request.user.has_perm(FOLLOW, n)
    ]
    national = request.user.has_perm("plans.open_round")
    return render(
        request,
        "plans/round_detail.html",
        {
            "round": round_,
            "tables": selectors.round_status(round_, networks=networks, loose=national),
            "today": timezone.localdate(),
        },
    )


@require_POST
def round_remind(request: AuthedRequest, pk: int, network_slug: str) -> HttpResponse:
    """Remind the network's members that have not submitted (one email a day at most)."""
    round_ = get_or_404(selectors.round_get, pk, _("Rapporteringsrunden finnes ikke."))
    network = get_or_404(network_get, network_slug, _("Nettverket finnes ikke."))
    require_perm(request, FOLLOW, network)
    if network.programme_id != round_.programme_id:
        raise Http404(_("Nettverket er ikke med i denne runden."))
    participations = [
        m.participation
        for m in network.memberships.filter(left_on__isnull=True).select_related(
            "participation__municipality"
        )
    ]
    with reported(request) as outcome:
        count = services.reporting_round_remind(
            round_=round_, participations=participations, user=request.user
        )
    if outcome.ok and count:
        messages.success(
            request,
            _("Påminnelse er sendt til koordinatorene i %(n)s kommuner i %(network)s.")
            % {"n": count, "network": network.name},
        )
    elif outcome.ok:
        messages.info(
            request, _("Ingen i %(network)s mangler rapporten.") % {"network": network.name}
        )
    return redirect(round_)
