"""The user's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunenettverk.api import services
from kommunenettverk.api.api import api
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


@require_GET
@login_not_required
def docs(request: HttpRequest) -> HttpResponse:
    """Human-readable API documentation from the OpenAPI schema (accessible, no scripts)."""
    schema = api.get_openapi_schema(path_params={})
    operations = []
    for url, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
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
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return render(
        request,
        "api/docs.html",
        {"schema": schema, "operations": operations, "components": schema.get("components", {})},
    )
