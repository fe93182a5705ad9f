"""Policy input to the state: the public register with the programme's summary, an input's
page with its history, the sender's list and form, and the national coordinator's and the
state representative's queues. Each move is a form and a service of its own; the services
check who may make it, the views check first so that a refusal is a plain 403."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.submissions import submit_once
from kommunenettverk.networks.models import Network
from kommunenettverk.policy import selectors, services
from kommunenettverk.policy.forms import (
    AnswerForm,
    CloseForm,
    ForwardForm,
    PolicyInputForm,
    RegisterFilterForm,
    ReviewForm,
    SendBackForm,
    SubmitForm,
)
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.opendata import history_table, register_table
from kommunenettverk.programmes.models import Programme
from kommunenettverk.registry.selectors import municipality_get_or_404

CHANGE, HANDLE, ANSWER, SEND = services.CHANGE, services.HANDLE, services.ANSWER, services.SEND
MISSING = gettext_lazy("Innspillet finnes ikke.")


def _input_or_404(request: HtmxRequest | AuthedRequest, pk: int) -> PolicyInput:
    """The input; a draft only for its sender (404 for everyone else, as if it did not exist)."""
    policy_input = get_or_404(selectors.policy_input_get, pk, MISSING)
    if policy_input.status == PolicyInput.Status.DRAFT and not request.user.has_perm(
        CHANGE, policy_input
    ):
        raise Http404(str(MISSING))
    return policy_input


def _input_for(request: AuthedRequest, pk: int, perm: str) -> PolicyInput:
    """The input for a write: 404 if it does not exist, 403 without `perm` on it."""
    policy_input = get_or_404(selectors.policy_input_get, pk, MISSING)
    require_perm(request, perm, policy_input, services.REFUSALS[perm])
    return policy_input


# --- public ----------------------------------------------------------------------------------
@require_safe
@login_not_required
@public_page_cache
def register(request: HtmxRequest) -> HttpResponse:
    """Every submitted input with its answer, filterable, and the programme's summary."""
    form = RegisterFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        addressee = form.cleaned_data["til"]
        filters = {
            "status": form.cleaned_data["status"],
            "theme": form.cleaned_data["tema"],
            "addressee": addressee.pk if addressee else None,
        }
    inputs = selectors.policy_input_register(**filters)
    table = register_table(inputs)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "policy/register.html",
        {
            "form": form,
            "open_table": open_table_links(request, table),
            "inputs": inputs[:200],
            "summary": selectors.policy_input_summary(inputs),
            "filtered": any(filters.values()),
            "can_handle": request.user.has_perm(HANDLE),
            "can_answer": request.user.has_perm(ANSWER),
        },
    )


@require_safe
@login_not_required
@public_page_cache
def detail(request: HtmxRequest, pk: int) -> HttpResponse:
    policy_input = _input_or_404(request, pk)
    user = request.user
    moves = services.policy_input_allowed_moves(policy_input)
    status = PolicyInput.Status
    history = policy_input.status_changes.all()
    open_table = None
    if policy_input.status != status.DRAFT:  # a draft is its sender's alone: no open data
        table = history_table(policy_input, history)
        if download := open_table_response(request, table):
            return download
        open_table = open_table_links(request, table)
    return render(
        request,
        "policy/detail.html",
        {
            "policy_input": policy_input,
            "history": history,
            "open_table": open_table,
            "can_edit": status.SUBMITTED in moves and user.has_perm(CHANGE, policy_input),
            "can_handle": user.has_perm(HANDLE, policy_input),
            "can_forward": status.FORWARDED in moves and user.has_perm(HANDLE, policy_input),
            "can_answer": status.ANSWERED in moves and user.has_perm(ANSWER, policy_input),
            "can_review": status.REVIEWING in moves and user.has_perm(ANSWER, policy_input),
            "review_form": ReviewForm(prefix="review"),
            "can_close": status.CLOSED in moves and user.has_perm(HANDLE, policy_input),
            "forward_form": ForwardForm(prefix="forward"),
            "send_back_form": SendBackForm(prefix="back"),
            "close_form": CloseForm(
                prefix="close",
                initial={
                    "outcome": policy_input.outcome,
                    "outcome_text": policy_input.outcome_text,
                },
            ),
        },
    )


# --- the sender ------------------------------------------------------------------------------
@require_safe
def mine(request: AuthedRequest) -> HttpResponse:
    """The input of the municipalities, networks and programmes the user writes for."""
    senders = selectors.senders_for_user(request.user)
    return render(
        request,
        "policy/mine.html",
        {
            "senders": senders,
            "inputs": selectors.policy_input_list_for_senders(senders) if senders else [],
        },
    )


def _sender(kind: str, key: str) -> services.Sender:
    if kind == "municipality":
        return municipality_get_or_404(key)
    model: type[Network] | type[Programme] = Network if kind == "network" else Programme
    return get_or_404(lambda slug: model.objects.get(slug=slug), key, _("Avsenderen finnes ikke."))


def _form_page(
    request: AuthedRequest,
    form: PolicyInputForm,
    sender_label: str,
    policy_input: PolicyInput | None = None,
) -> HttpResponse:
    return render(
        request,
        "policy/form.html",
        {"form": form, "sender_label": sender_label, "policy_input": policy_input},
    )


def _save(
    request: AuthedRequest,
    form: PolicyInputForm,
    *,
    sender: services.Sender | None = None,
    policy_input: PolicyInput | None = None,
) -> PolicyInput | None:
    """The saved input, or None with the service's refusal on the form."""
    data = dict(form.cleaned_data)
    with reported(request, form=form):
        return services.policy_input_save(
            by=request.user,
            fields=data,
            themes=data.pop("themes"),
            examples=data.pop("examples"),
            indicators=data.pop("indicators"),
            sender=sender,
            policy_input=policy_input,
        )
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def create(request: AuthedRequest, kind: str, key: str) -> HttpResponse:
    """A new draft for a municipality, a network or a programme."""
    sender = _sender(kind, key)
    require_perm(request, SEND[kind], sender, services.REFUSALS[SEND[kind]])
    form = PolicyInputForm(request.POST or None)
    label = PolicyInput(**{kind: sender}).sender_label
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with reported(request, form=form) as outcome:
            url = submit_once(
                request,
                lambda: services.policy_input_save(
                    by=request.user,
                    fields=data,
                    themes=data.pop("themes"),
                    examples=data.pop("examples"),
                    indicators=data.pop("indicators"),
                    sender=sender,
                ).get_absolute_url(),
            )
        if outcome.ok:
            messages.success(request, _("Utkastet er lagret. Send det inn når det er klart."))
            return redirect(url)
    return _form_page(request, form, label)


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    policy_input = _input_for(request, pk, CHANGE)
    if policy_input.status != PolicyInput.Status.DRAFT:
        messages.error(request, _("Innspillet er sendt inn og kan ikke endres."))
        return redirect(policy_input)
    initial = {
        "title": policy_input.title,
        "problem": policy_input.problem,
        "proposal": policy_input.proposal,
        "addressee": policy_input.addressee,
        "themes": policy_input.themes,
        "examples": list(policy_input.examples.all()),
        "indicators": list(policy_input.indicators.all()),
    }
    form = PolicyInputForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, policy_input=policy_input)
        if saved is not None:
            messages.success(request, _("Utkastet er lagret."))
            return redirect(saved)
    return _form_page(request, form, policy_input.sender_label, policy_input)


def _form_refused(request: AuthedRequest, form: forms.Form, *, labelled: bool = False) -> None:
    """Show an invalid move form's errors as messages (the form sits on the input's page)."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(str(error) for error in errors)
        parts.append(f"{form[name].label}: {text}" if labelled and name in form.fields else text)
    messages.error(request, " ".join(parts))


@require_POST
def submit(request: AuthedRequest, pk: int) -> HttpResponse:
    policy_input = _input_for(request, pk, CHANGE)
    if SubmitForm(request.POST).is_valid():
        with reported(request) as outcome:
            services.policy_input_submit(policy_input=policy_input, by=request.user)
        if outcome.ok:
            messages.success(request, _("Innspillet er sendt inn til nasjonal koordinator."))
    return redirect(policy_input)


# --- the national coordinator ----------------------------------------------------------------
@require_safe
def queue(request: AuthedRequest) -> HttpResponse:
    require_perm(request, HANDLE, None, services.REFUSALS[HANDLE])
    return render(request, "policy/queue.html", {"queue": selectors.handling_queue()})


@require_POST
def forward(request: AuthedRequest, pk: int) -> HttpResponse:
    policy_input = _input_for(request, pk, HANDLE)
    form = ForwardForm(request.POST, prefix="forward")
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(policy_input)
    with reported(request) as outcome:
        services.policy_input_forward(
            policy_input=policy_input, by=request.user, comment=form.cleaned_data["comment"]
        )
    if outcome.ok:
        messages.success(
            request, _("Innspillet er videresendt til %(to)s.") % {"to": policy_input.addressee}
        )
    return redirect(policy_input)


@require_POST
def send_back(request: AuthedRequest, pk: int) -> HttpResponse:
    policy_input = _input_for(request, pk, HANDLE)
    form = SendBackForm(request.POST, prefix="back")
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(policy_input)
    with reported(request) as outcome:
        services.policy_input_send_back(
            policy_input=policy_input, by=request.user, comment=form.cleaned_data["comment"]
        )
    if outcome.ok:
        messages.success(request, _("Innspillet er sendt tilbake til avsenderen som utkast."))
    return redirect(policy_input)


@require_POST
def close(request: AuthedRequest, pk: int) -> HttpResponse:
    policy_input = _input_for(request, pk, HANDLE)
    form = CloseForm(request.POST, prefix="close")
    if not form.is_valid():
        _form_refused(request, form, labelled=True)
        return redirect(policy_input)
    with reported(request) as outcome:
        services.policy_input_close(policy_input=policy_input, by=request.user, **form.cleaned_data)
    if outcome.ok:
        messages.success(request, _("Innspillet er avsluttet."))
    return redirect(policy_input)


# --- the state representative ----------------------------------------------------------------
@require_safe
def answer_queue(request: AuthedRequest) -> HttpResponse:
    require_perm(request, ANSWER, None, services.REFUSALS[ANSWER])
    return render(
        request, "policy/answer_queue.html", {"inputs": selectors.answer_queue(request.user)}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: AuthedRequest, pk: int) -> HttpResponse:
    policy_input = _input_for(request, pk, ANSWER)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.policy_input_answer(
                policy_input=policy_input, by=request.user, **form.cleaned_data
            )
        if outcome.ok:
            messages.success(request, _("Svaret er publisert i innspillsregisteret."))
            return redirect(policy_input)
    return render(request, "policy/answer.html", {"form": form, "policy_input": policy_input})


@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    """The state representative marks forwarded input as under review."""
    policy_input = _input_for(request, pk, ANSWER)
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(policy_input)
    with reported(request) as outcome:
        services.policy_input_review(
            policy_input=policy_input, by=request.user, comment=form.cleaned_data["comment"]
        )
    if outcome.ok:
        messages.success(request, _("Innspillet er merket «Under vurdering»."))
    return redirect(policy_input)
