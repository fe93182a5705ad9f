"""Citizen sign-in by email link, and a citizen's own data (view, export, delete)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.community import selectors, services
from kommunenettverk.community.forms import (
    CitizenLoginForm,
    DisplayNameForm,
)
from kommunenettverk.community.models import (
    Citizen,
)
from kommunenettverk.community.views.common import CITIZEN_SESSION_KEY, citizen_from
from kommunenettverk.core.client import client_ip
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.shortcuts import reported


# --- citizen sign-in by email link -----------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def citizen_login(request: HtmxRequest) -> HttpResponse:
    form = CitizenLoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form, field="email") as outcome:
            services.citizen_login_request(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                next_url=next_url,
                ip=client_ip(request),
            )
        if outcome.ok:
            return redirect("community:citizen_login_sent")
    return render(request, "community/citizen_login.html", {"form": form, "next": next_url})


@require_safe
@login_not_required
def citizen_login_sent(request: HtmxRequest) -> HttpResponse:
    return render(
        request, "community/citizen_login_sent.html", {"minutes": services.LOGIN_LINK_MINUTES}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def citizen_login_confirm(request: HtmxRequest, token: str) -> HttpResponse:
    """GET shows a button; POST signs in. (Mail scanners follow links, so a GET must not
    use up the single-use token.)"""
    if request.method == "POST":
        with reported(request) as outcome:
            citizen, next_url = services.citizen_login_consume(token=token)
        if not outcome.ok:
            return redirect("community:citizen_login")
        request.session.cycle_key()
        request.session[CITIZEN_SESSION_KEY] = citizen.pk
        messages.success(
            request, _("Du er logget inn som %(name)s.") % {"name": citizen.display_name}
        )
        return redirect(next_url or "community:citizen_data")
    return render(request, "community/citizen_login_confirm.html", {"token": token})


@require_POST
@login_not_required
def citizen_logout(request: HtmxRequest) -> HttpResponse:
    request.session.pop(CITIZEN_SESSION_KEY, None)
    messages.success(request, _("Du er logget ut."))
    return redirect("web:home")


# --- a citizen's own data --------------------------------------------------------------------
def _citizen_or_prompt(request: HtmxRequest, template: str) -> tuple[Citizen | None, HttpResponse]:
    citizen = citizen_from(request)
    prompt = render(
        request,
        template,
        {"citizen": None, "login_form": CitizenLoginForm(), "next": request.get_full_path()},
    )
    return citizen, prompt


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def citizen_data(request: HtmxRequest) -> HttpResponse:
    """What we hold about the signed-in citizen, with export, deletion and the display name."""
    citizen, prompt = _citizen_or_prompt(request, "community/citizen_data.html")
    if citizen is None:
        return prompt
    form = DisplayNameForm(request.POST or None, initial={"display_name": citizen.display_name})
    if request.method == "POST" and form.is_valid():
        services.citizen_update(citizen=citizen, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Visningsnavnet er endret."))
        return redirect("community:citizen_data")
    return render(
        request,
        "community/citizen_data.html",
        {
            "citizen": citizen,
            "form": form,
            "proposals": selectors.citizen_proposals(citizen),
            "sign_ups": selectors.citizen_sign_ups(citizen),
        },
    )


@require_safe
@login_not_required
def citizen_export(request: HtmxRequest) -> HttpResponse:
    citizen = citizen_from(request)
    if citizen is None:
        return redirect(f"{reverse('community:citizen_login')}?next={request.path}")
    body = json.dumps(selectors.citizen_data(citizen), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data-kommunenettverk.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def citizen_delete(request: HtmxRequest) -> HttpResponse:
    citizen, prompt = _citizen_or_prompt(request, "community/citizen_delete.html")
    if citizen is None:
        return prompt
    if request.method == "POST":
        services.citizen_delete(citizen=citizen)
        request.session.pop(CITIZEN_SESSION_KEY, None)
        messages.success(request, _("Opplysningene dine er slettet."))
        return redirect("web:home")
    return render(request, "community/citizen_delete.html", {"citizen": citizen})
