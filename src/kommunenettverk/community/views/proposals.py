"""Citizens' proposals and comments, consultations, and the coordinator's moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.community import selectors, services
from kommunenettverk.community.forms import (
    AnswerForm,
    CitizenLoginForm,
    ConsultationForm,
    ProposalForm,
    RejectForm,
)
from kommunenettverk.community.models import (
    Consultation,
    Proposal,
)
from kommunenettverk.community.views.common import (
    CONSULTATIONS,
    MODERATE,
    REFUSALS,
    citizen_from,
)
from kommunenettverk.core.client import client_ip
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.submissions import submit_once
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.plans.selectors import goal_get, measure_get
from kommunenettverk.registry.selectors import municipality_get_or_404

# --- proposals -------------------------------------------------------------------------------
TARGETS = {"mal": "goal", "tiltak": "measure", "horing": "consultation"}


def _target(kind: str, pk: int) -> Goal | Measure | Consultation:
    missing = _("Det du vil kommentere, finnes ikke eller er ikke publisert.")
    if kind == "mal":
        goal: Goal = get_or_404(goal_get, pk, missing)
        if not goal.published:
            raise Http404(missing)
        return goal
    if kind == "tiltak":
        measure: Measure = get_or_404(measure_get, pk, missing)
        if not (measure.published and measure.goal.published):
            raise Http404(missing)
        return measure
    if kind == "horing":
        consultation: Consultation = get_or_404(selectors.consultation_get, pk, missing)
        return consultation
    raise Http404(missing)


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def proposal_create(request: HtmxRequest, target: str, pk: int) -> HttpResponse:
    """A citizen sends a proposal or comment; it waits for moderation."""
    obj = _target(target, pk)
    municipality = obj.goal.municipality if isinstance(obj, Measure) else obj.municipality
    citizen = citizen_from(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and citizen is not None and form.is_valid():

        def send() -> str:
            services.proposal_submit(
                citizen=citizen,
                target=obj,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                ip=client_ip(request),
            )
            return reverse("community:portal", args=[municipality.number])

        with reported(request, form=form) as outcome:
            url = submit_once(request, send)
        if outcome.ok:
            messages.success(
                request,
                _(
                    "Takk! Forslaget er sendt til kommunen og blir publisert når en moderator "
                    "har godkjent det."
                ),
            )
            return redirect(url)
    closed = isinstance(obj, Consultation) and not obj.is_open()
    return render(
        request,
        "community/proposal_form.html",
        {
            "municipality": municipality,
            "target": obj,
            "target_kind": target,
            "citizen": citizen,
            "form": form,
            "closed": closed,
            "login_form": CitizenLoginForm(),
            "next": request.get_full_path(),
        },
    )


@require_safe
@login_not_required
def consultation_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    consultation: Consultation = get_or_404(
        selectors.consultation_get, pk, _("Høringen finnes ikke.")
    )
    return render(
        request,
        "community/consultation_detail.html",
        {
            "consultation": consultation,
            "municipality": consultation.municipality,
            "proposals": consultation.proposals.published(),
            "can_edit": request.user.has_perm(CONSULTATIONS, consultation),
        },
    )


# --- moderation ------------------------------------------------------------------------------
@require_safe
def moderation(request: AuthedRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    require_perm(request, MODERATE, municipality, REFUSALS[MODERATE])
    return render(
        request,
        "community/moderation.html",
        {
            "municipality": municipality,
            "queue": selectors.moderation_queue(municipality),
            "awaiting_answer": selectors.awaiting_answer(municipality),
            "recent": selectors.recently_moderated(municipality),
            "consultations": selectors.consultation_list(municipality),
            "reject_form": RejectForm(),
            "answer_form": AnswerForm(),
        },
    )


def _moderate(request: AuthedRequest, pk: int) -> Proposal:
    proposal: Proposal = get_or_404(selectors.proposal_get, pk, _("Forslaget finnes ikke."))
    require_perm(request, MODERATE, proposal, REFUSALS[MODERATE])
    return proposal


def _back_to_moderation(proposal: Proposal) -> HttpResponse:
    return redirect("community:moderation", number=proposal.municipality.number)


@require_POST
def proposal_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _moderate(request, pk)
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Godkjenne og publisere forslaget «%(title)s»?") % {"title": proposal},
            button=_("Godkjenn og publiser"),
            back_url=reverse("community:moderation", args=[proposal.municipality.number]),
        )
    with reported(request) as outcome:
        services.proposal_approve(proposal=proposal, by=request.user)
    if outcome.ok:
        messages.success(request, _("Forslaget er publisert."))
    return _back_to_moderation(proposal)


@require_POST
def proposal_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _moderate(request, pk)
    if request.POST.get("reason", "").strip() and needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Avvise forslaget «%(title)s»?") % {"title": proposal},
            detail=_("Begrunnelsen sendes til innbyggeren på e-post."),
            button=_("Avvis"),
            back_url=reverse("community:moderation", args=[proposal.municipality.number]),
        )
    with reported(request) as outcome:
        services.proposal_reject(
            proposal=proposal, by=request.user, reason=request.POST.get("reason", "")
        )
    if outcome.ok:
        messages.success(request, _("Forslaget er avvist, og begrunnelsen er sendt på e-post."))
    return _back_to_moderation(proposal)


@require_POST
def proposal_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _moderate(request, pk)
    with reported(request) as outcome:
        services.proposal_answer(
            proposal=proposal, by=request.user, answer=request.POST.get("answer", "")
        )
    if outcome.ok:
        messages.success(request, _("Svaret er publisert."))
    return _back_to_moderation(proposal)


# --- consultations ---------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_edit(
    request: AuthedRequest, number: str | None = None, pk: int | None = None
) -> HttpResponse:
    consultation: Consultation | None = None
    if pk is not None:
        consultation = get_or_404(selectors.consultation_get, pk, _("Høringen finnes ikke."))
        municipality = consultation.municipality
    else:
        municipality = municipality_get_or_404(number or "")
    require_perm(request, CONSULTATIONS, consultation or municipality, REFUSALS[CONSULTATIONS])
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        saved = services.consultation_save(
            municipality=municipality, fields=form.cleaned_data, consultation=consultation
        )
        messages.success(request, _("Høringen er lagret."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "community/consultation_form.html",
        {"municipality": municipality, "form": form, "consultation": consultation},
    )
