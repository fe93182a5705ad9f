"""Deprecated: use `kommunenettverk.core.extensions` (`register_link(Page.MUNICIPALITY, …)`).

Kept only while the dialogue app still registers its link through it; it goes when that
registration moves to the dialogue app's own `extensions.py`.
"""

from __future__ import annotations

from django.utils.functional import Promise

from kommunenettverk.core.extensions import Page, register_link


def register_profile_link(label: str | Promise, url_name: str, *, order: int = 100) -> None:
    register_link(Page.MUNICIPALITY, label, url_name, order=order)
