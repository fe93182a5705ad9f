"""The request of a signed-in user: narrows `request.user` to our User (STYLE.md §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kommunenettverk.core.http import HtmxRequest

if TYPE_CHECKING:
    from kommunenettverk.accounts.models import User


class AuthedRequest(HtmxRequest):
    user: User
