"""Bearer-token authentication for the write API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from kommunenettverk.api.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kn_…`: the request acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user
