"""Helpers shared by the security suite: the page index's URLs and the demo's users."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import User
from tests.browser.pages import PAGES, resolve_args


def page_url(name: str) -> str:
    """The URL of a page index entry, with its demo objects and query."""
    spec = PAGES[name]
    url = reverse(name.split("?")[0], args=resolve_args(spec.args))
    return url + (f"?{spec.query}" if spec.query else "")


def demo_client(local_part: str | None) -> Client:
    """A client signed in as the demo user with this email local part (anonymous for None)."""
    client = Client()
    if local_part:
        client.force_login(User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}"))
    return client
