"""The user's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kommunenettverk.api import services
from kommunenettverk.api.forms import ApiTokenForm
from kommunenettverk.api.models import ApiToken
from kommunenettverk.core.http import AuthedRequest


@require_http_methods(["GET", "POST"])
def token_list(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "form": form,
            "new_token": new_token,
        },
    )


@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404(_("Fant ingen aktiv nøkkel med dette nummeret."))
    services.api_token_revoke(token=token)
    messages.success(request, _("Nøkkelen er trukket tilbake og virker ikke lenger."))
    return redirect("api_tokens:list")
