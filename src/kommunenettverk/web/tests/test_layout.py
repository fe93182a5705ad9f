"""The layout every page shares: the menu (short for visitors, by task when signed in), the
menu button and its script, the favicon."""

from __future__ import annotations

import re

import pytest
from conftest import MakeUser
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Hovedmeny">(.*?)</nav>', html, re.S)
    assert nav is not None
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r">([^<>]+)</a>", nav[1])]


def test_visitors_get_a_short_menu(client: Client) -> None:
    html = client.get(reverse("web:about")).text
    assert _menu(html) == ["Kommuner", "Program", "Indikatorer", "Idébank", "Innspill til staten"]


def test_a_coordinators_menu_leads_to_their_municipality(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    html = client.get(reverse("web:about")).text
    # "Mine oppgaver (N)" comes first (its count is markup, so _menu leaves it out); Min side
    # sits with Logg ut among the tools.
    assert _menu(html) == ["Nettverk og samlinger", "Min kommune", "Idébank", "Innspill til staten"]
    nav = re.search(r'<nav aria-label="Hovedmeny">(.*?)</nav>', html, re.S)
    assert nav is not None and f'href="{reverse("web:tasks")}"' in nav[1]
    tools = re.search(r'<div class="site-tools">(.*?)</div>', html, re.S)
    assert tools is not None and f'href="{reverse("accounts:me")}">Min side' in tools[1]
    # Its page leads on to the goals and measures, plans, indicators and reports.
    assert f'href="{reverse("registry:municipality_detail", args=["1804"])}">Min kommune' in html


def test_without_a_municipality_the_menu_leads_to_the_national_indicators(
    client: Client, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    html = client.get(reverse("web:about")).text
    assert "Min kommune" not in _menu(html)
    assert f'href="{reverse("indicators:national")}">Indikatorer' in html


def test_the_menu_button_controls_the_menu_from_a_static_script(client: Client) -> None:
    html = client.get(reverse("web:home")).text
    button = re.search(r"<button[^>]*data-menu-button[^>]*>", html)
    assert button is not None
    assert 'aria-expanded="false"' in button[0]
    assert 'aria-controls="site-menu"' in button[0]
    assert 'id="site-menu"' in html
    assert re.search(r"<script>", html) is None  # the strict CSP allows no inline script
    assert finders.find("web/site.js") is not None


def test_favicon_is_linked_and_served_at_favicon_ico(client: Client) -> None:
    html = client.get(reverse("web:about")).text
    assert re.search(r'<link rel="icon" href="[^"]*web/favicon\.svg" type="image/svg\+xml">', html)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("web/favicon.svg")
    found = finders.find("web/favicon.svg")
    assert found is not None
    with open(found, encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")


def test_my_page_title_is_plain_text(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user())
    html = client.get(reverse("accounts:me")).text
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert title[1] == "Min side – Kommunenettverk"
