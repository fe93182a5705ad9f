"""The user's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.api import services
from kommunenettverk.api.api import api
from kommunenettverk.api.forms import ApiTokenForm
from kommunenettverk.api.models import ApiToken
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.opendata import CC_BY_URL, NLOD_URL


@require_http_methods(["GET", "HEAD", "POST"])
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
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Trekke tilbake nøkkelen %(name)s?") % {"name": token.name},
            detail=_("Fagsystemer som bruker nøkkelen, mister tilgangen med en gang."),
            button=_("Trekk tilbake"),
            back_url=reverse("api_tokens:list"),
        )
    services.api_token_revoke(token=token)
    messages.success(request, _("Nøkkelen er trukket tilbake og virker ikke lenger."))
    return redirect("api_tokens:list")


def _schema_type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_type(part) for part in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list[{_schema_type(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    return str(schema.get("type", "object"))


@require_safe
@login_not_required
def docs(request: HttpRequest) -> HttpResponse:
    """Human-readable API documentation from the OpenAPI schema (accessible, no scripts)."""
    schema = api.get_openapi_schema(path_params={})
    operations = []
    for url, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            media_type, body = next(iter(content.items()), ("", {}))
            body = cast(dict[str, Any], body)
            operations.append(
                {
                    "method": method.upper(),
                    "path": url,
                    "summary": operation.get("summary", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "auth": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _schema_type(p.get("schema", {})),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _schema_type(body.get("schema", {})) if body else "",
                    "media_type": media_type,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return render(
        request,
        "api/docs.html",
        {"schema": schema, "operations": operations, "components": schema.get("components", {})},
    )


# One row per kind of public table: where it is shown, and (for tables that are the same for
# everyone) a direct link to the files. Tables of one municipality are linked for Bodø as an
# example; every municipality's page has the same links.
OPEN_TABLES: list[tuple[Any, str, str, str]] = [
    # (title, URL name of the page, its args as one string, table slug)
    (gettext_lazy("Kommuner"), "registry:municipality_list", "", "kommuner"),
    (gettext_lazy("Fylker og KS-regioner"), "registry:county_list", "", "fylker"),
    (gettext_lazy("Kommunene i et fylke"), "registry:county_detail", "18", "kommuner-18"),
    (gettext_lazy("Fylkene i en KS-region"), "registry:region_detail", "vest", "fylker-vest"),
    (gettext_lazy("Program"), "programmes:programme_list", "", "program"),
    (gettext_lazy("Indikatorkatalogen"), "indicators:catalogue", "", "katalog"),
    (gettext_lazy("Nasjonalt: siste verdi i kommunene"), "indicators:national", "", "fordeling"),
    (gettext_lazy("Nasjonalt: landet over tid"), "indicators:national", "", "totalt"),
    (gettext_lazy("En kommunes indikatorer"), "indicators:municipality", "1804", "oversikt"),
    (gettext_lazy("Eksempler i idébanken"), "ideabank:example_list", "", "eksempler"),
    (
        gettext_lazy("Eksempler tatt i bruk i andre kommuner"),
        "ideabank:spread_overview",
        "",
        "bruk",
    ),
    (gettext_lazy("Ressursmiljøer og partnere"), "community:partner_list", "", "ressursmiljoer"),
    (gettext_lazy("En kommunes frivillige aktiviteter"), "community:portal", "1804", "aktiviteter"),
    (gettext_lazy("En kommunes partnerskap"), "community:portal", "1804", "partnerskap"),
    (
        gettext_lazy("En kommunes publiserte mål og tiltak"),
        "plans:strategy_overview",
        "1804",
        "mal-og-tiltak",
    ),
    (
        gettext_lazy("Publiserte mål og tiltak per kommune i et nettverk"),
        "plans:network_strategy",
        "helse-og-miljo-salten",
        "medlemmer",
    ),
    (gettext_lazy("En kommunes nettverk"), "networks:municipality_networks", "1804", "nettverk"),
    (gettext_lazy("En kommunes planer"), "plans:plan_list", "1804", "planer"),
    (gettext_lazy("Innspill til staten og svar"), "policy_input:register", "", "innspill"),
]


@require_safe
@login_not_required
def open_data(request: HttpRequest) -> HttpResponse:
    """What can be downloaded, in which formats, under which licence, and the API."""
    tables = []
    for title, name, args, slug in OPEN_TABLES:
        page = reverse(name, args=[args] if args else [])
        tables.append(
            {
                "title": title,
                "page": page,
                "csv": f"{page}?last_ned={slug}&format=csv",
                "jsonstat": f"{page}?last_ned={slug}&format=json-stat",
            }
        )
    return render(
        request,
        "api/open_data.html",
        {"tables": tables, "nlod_url": NLOD_URL, "cc_by_url": CC_BY_URL},
    )
