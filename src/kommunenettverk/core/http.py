"""Request types that narrow what a view may rely on (see STYLE.md §7). The signed-in
variant, `AuthedRequest`, lives next to the user model in `accounts.http`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails
