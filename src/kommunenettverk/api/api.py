"""The NinjaAPI instance: versioned routes, consistent error objects, rate limits."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from ninja.throttling import AnonRateThrottle, AuthRateThrottle
from redis.exceptions import RedisError

from kommunenettverk.api.endpoints import router
from kommunenettverk.core.client import client_ip

logger = logging.getLogger(__name__)


def _allowed_without_cache(request: HttpRequest) -> bool:
    # The counts live in the shared cache (CACHE_URL); while Redis is unreachable the API
    # answers unthrottled rather than not at all (docs/deployment.md).
    logger.warning("API throttling skipped: the cache is unreachable (%s)", request.path)
    return True


class ClientAnonRateThrottle(AnonRateThrottle):
    """Ninja's own ident trusts a client's X-Forwarded-For; ours is core.client.client_ip."""

    def get_ident(self, request: HttpRequest) -> str | None:
        return client_ip(request)

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return super().allow_request(request)
        except RedisError:
            return _allowed_without_cache(request)


class ClientAuthRateThrottle(AuthRateThrottle):
    def get_ident(self, request: HttpRequest) -> str | None:
        return client_ip(request)

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return super().allow_request(request)
        except RedisError:
            return _allowed_without_cache(request)


class _Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The ids published while the endpoints were one module (`api.endpoints`): clients
        generate code from them, so moving an operation between modules keeps its id."""
        return f"kommunenettverk_api_endpoints_{operation.view_func.__name__}"


api = _Api(
    title="Kommunenettverk API",
    version="1",
    description=(
        "Public read API for municipalities, goals and measures, and an authenticated write "
        "API with personal tokens (`Authorization: Bearer kn_…`). Errors are "
        "`{detail, code, errors}`; texts are in Norwegian bokmål."
    ),
    urls_namespace="api",
    docs_url=None,  # our own accessible documentation page (api/views.py), not Swagger UI
    openapi_url="/openapi.json",
    throttle=[
        ClientAnonRateThrottle(settings.API_RATE_ANONYMOUS),
        ClientAuthRateThrottle(settings.API_RATE_AUTHENTICATED),
    ],
)
api.add_router("/v1/", router)


def _error(
    request: HttpRequest, status: int, code: str, detail: str, errors: list[Any] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "code": code, "errors": errors or []}, status=status
    )


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", [])]
        # ["query", "page"] → "page"; ["body", "data", "status"] → "status"
        field = location[2:] if location[:1] == ["body"] else location[1:]
        errors.append({"field": ".".join(field) or "body", "message": str(error.get("msg", ""))})
    return _error(request, 422, "invalid", "Forespørselen har ugyldige verdier.", errors)


@api.exception_handler(ValidationError)
def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": field, "message": str(message)}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
    return _error(request, 422, "invalid", "Forespørselen har ugyldige verdier.", errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    detail = str(exc) if exc.args else "Finnes ikke."
    if detail.startswith("No ") and "matches the given query" in detail:
        detail = "Finnes ikke (eller er ikke publisert)."
    return _error(request, 404, "not_found", detail)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, "unauthenticated", "Mangler gyldig API-nøkkel (Authorization: Bearer …)."
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "Ingen tilgang.")


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(
        request, 429, "rate_limited", "For mange forespørsler. Vent litt og prøv igjen."
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # DATA_UPLOAD_MAX_MEMORY_SIZE follows UPLOAD_MAX_MB: one limit for every upload.
    return _error(
        request,
        413,
        "too_large",
        f"Forespørselen er for stor. Største tillatte størrelse er {settings.UPLOAD_MAX_MB} MB.",
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "invalid"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))
