"""What networks adds to pages it does not own (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link


def register() -> None:
    register_link(
        Page.MUNICIPALITY, _("Program og nettverk"), "networks:municipality_networks", order=10
    )
