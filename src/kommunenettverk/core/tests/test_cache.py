from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import MakeUser
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.services import municipality_update_profile

pytestmark = pytest.mark.django_db
BODO = reverse("registry:municipality_detail", args=["1804"])


@pytest.fixture(autouse=True)
def page_cache() -> Iterator[None]:
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_second_anonymous_visit_needs_no_database(
    client: Client, bodo: Municipality, django_assert_num_queries: Callable[..., Any]
) -> None:
    first = client.get(BODO)
    with django_assert_num_queries(0):
        second = Client().get(BODO)
    assert second.status_code == 200
    assert second.text.replace(_token(second.text), "") == first.text.replace(
        _token(first.text), ""
    )


def test_each_visitor_gets_a_working_csrf_token_of_their_own(bodo: Municipality) -> None:
    Client().get(BODO)  # fills the cache
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(BODO)
        response = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": BODO, "csrfmiddlewaretoken": _token(page.text)},
        )
        assert response.status_code == 302


def test_a_profile_change_shows_at_once(
    client: Client,
    bodo: Municipality,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.get(BODO)
    with django_capture_on_commit_callbacks(execute=True):
        municipality_update_profile(
            municipality=bodo, website="", description="Helt ny beskrivelse av Bodø."
        )
    assert "Helt ny beskrivelse av Bodø." in Client().get(BODO).text


def test_signed_in_visitors_and_languages_get_their_own_pages(
    client: Client, bodo: Municipality, make_user: MakeUser
) -> None:
    client.get(BODO)
    coordinator = Client()
    coordinator.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    assert reverse("registry:municipality_edit", args=["1804"]) in coordinator.get(BODO).text
    english = Client()
    english.cookies["django_language"] = "en"
    assert 'lang="en"' in english.get(BODO).text


def test_htmx_fragments_are_kept_apart_from_pages(client: Client, bodo: Municipality) -> None:
    url = reverse("registry:municipality_list") + "?q=Bodø"
    page = client.get(url)
    fragment = Client().get(url, headers={"HX-Request": "true"})
    assert "<html" in page.text
    assert "<html" not in fragment.text
    assert "<html" in Client().get(url).text


def test_downloads_are_not_stored_so_they_stay_attachments(bodo: Municipality) -> None:
    url = reverse("registry:municipality_list") + "?last_ned=kommuner&format=csv"
    for _ in range(2):
        response = Client().get(url)
        assert response["Content-Disposition"] == 'attachment; filename="kommuner.csv"'
