"""After a gathering: the adviser's close-out, walk-ins, check-in at the door by code, and
the public minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.shortcuts import get_or_404, reported
from kommunenettverk.networks import selectors, services
from kommunenettverk.networks.forms import (
    CheckInForm,
    CloseOutForm,
    FollowUpForm,
    OutcomesForm,
    WalkInForm,
)
from kommunenettverk.networks.models import Gathering
from kommunenettverk.networks.outcomes import outcome_kinds
from kommunenettverk.networks.views.common import form_errors, gathering_for
from kommunenettverk.networks.views.gatherings import edit_context, edit_part_url


@require_http_methods(["GET", "HEAD", "POST"])
def gathering_close_out(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Summary, minutes (public or not), outcomes and the adviser's evaluation; below, the
    follow-up actions (a form of their own) and the participants' evaluations."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = CloseOutForm(
        request.POST or None,
        initial={
            "summary": gathering.summary,
            "minutes": gathering.minutes,
            "minutes_public": gathering.minutes_public,
            "outcomes": gathering.outcomes,
            "adviser_evaluation": gathering.adviser_evaluation,
        },
    )
    if request.method == "POST" and form.is_valid():
        first = gathering.closed_at is None
        with reported(request, form=form) as outcome:
            services.gathering_close_out(gathering=gathering, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request,
                _("Samlingen er avsluttet.") if first else _("Avslutningen er oppdatert."),
            )
            return redirect(request.path)
    return render(
        request,
        "networks/gathering_close_out.html",
        {
            **edit_context(gathering, "networks:gathering_close_out"),
            "form": form,
            "attendance": selectors.attendance_summary(gathering),
            "evaluation": selectors.evaluation_summary(gathering),
            "follow_ups": selectors.follow_up_list(gathering=gathering),
            "follow_up_form": FollowUpForm(
                prefix="followup", people=selectors.follow_up_people(gathering)
            ),
            "outcomes_form": _outcomes_form(request, gathering),
        },
    )


def _outcomes_form(request: AuthedRequest, gathering: Gathering, data: Any = None) -> OutcomesForm:
    offers = [(kind, list(kind.candidates(request.user, gathering))) for kind in outcome_kinds()]
    current: dict[str, list[int]] = {}
    for link in gathering.outcome_links.all():
        current.setdefault(link.kind, []).append(link.object_id)
    return OutcomesForm(data, prefix="outcomes", offers=offers, initial=current)


@require_POST
def gathering_outcomes(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Save which measures and examples came out of the gathering (the close-out page's form
    of its own); each id is checked against what the adviser may link."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = _outcomes_form(request, gathering, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        with reported(request) as outcome:
            services.gathering_outcomes_set(
                gathering=gathering, by=request.user, picks=form.cleaned_data
            )
        if outcome.ok:
            messages.success(request, _("Resultatene er lenket til samlingen."))
    return redirect(edit_part_url(gathering, "networks:gathering_close_out") + "#resultater")


@require_POST
def walk_in_add(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = WalkInForm(
        request.POST, prefix="walkin", participations=selectors.invited_participations(gathering)
    )
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        with reported(request) as outcome:
            person = services.walk_in_add(gathering=gathering, by=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request,
                _("%(name)s fra %(place)s er registrert som møtt.")
                % {"name": person.name, "place": person.participation.participant_name},
            )
    return redirect(edit_part_url(gathering, "networks:gathering_attendance") + "#uten-pamelding")


@require_http_methods(["GET", "HEAD", "POST"])
def gathering_check_in(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Check someone in at the door by their code: typed into the form, or from the link
    in a participant's code (`?kode=`), which fills the form so one press checks in."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = CheckInForm(
        request.POST or None, prefix="checkin", initial={"code": request.GET.get("kode", "")}
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            person = services.registration_check_in(
                gathering=gathering, code=form.cleaned_data["code"]
            )
        if outcome.ok:
            messages.success(
                request,
                _("%(name)s (%(role)s, %(place)s) er sjekket inn.")
                % {
                    "name": person.name,
                    "role": person.get_role_display().lower(),
                    "place": person.participation.participant_name,
                },
            )
            return redirect(request.path)
    return render(
        request,
        "networks/gathering_check_in.html",
        {
            **edit_context(gathering, "networks:gathering_attendance"),
            "form": form,
            "check_in_open": services.check_in_is_open(gathering),
        },
    )


@login_not_required
@require_safe
def gathering_minutes(request: HttpRequest, network_slug: str, number: int) -> HttpResponse:
    """A closed gathering's summary, minutes and outcomes, when the adviser made them public."""
    gathering = get_or_404(
        lambda n: selectors.public_minutes_get(network_slug, n),
        number,
        _("Referatet finnes ikke, eller det er ikke offentlig."),
    )
    return render(request, "networks/gathering_minutes.html", {"gathering": gathering})
