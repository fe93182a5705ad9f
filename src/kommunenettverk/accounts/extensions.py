"""What accounts adds to pages it does not own (core.extensions): the roles of a
municipality, for those who may see them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link


def register() -> None:
    register_link(
        Page.MUNICIPALITY,
        _("Roller i kommunen"),
        "accounts:municipality_roles",
        perm="registry.view_municipality_roles",
        order=100,
    )
