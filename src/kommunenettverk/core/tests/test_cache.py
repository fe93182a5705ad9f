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
from tests.stack import Redis, free_port, redis_server

from kommunenettverk.accounts.models import Role
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.services import municipality_update_profile

pytestmark = pytest.mark.django_db
BODO = reverse("registry:municipality_detail", args=["1804"])
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


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


def test_a_lost_version_key_never_brings_back_older_pages(bodo: Municipality) -> None:
    Client().get(BODO)  # stored under the first version
    bodo.description = "Etter endringen."
    bodo.save(update_fields=["description"])
    public_pages_changed()
    # Redis evicted or restarted: the version key is gone, but the old page may still be there.
    cache.delete("public-pages:version")
    assert "Etter endringen." in Client().get(BODO).text


@pytest.fixture(scope="module")
def redis() -> Iterator[Redis]:
    with redis_server() as server:
        yield server


def test_pages_are_stored_in_the_shared_redis_cache(
    redis: Redis,
    bodo: Municipality,
    django_assert_num_queries: Callable[..., Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    import redis as redis_client

    with override_settings(CACHES={"default": {"BACKEND": REDIS_CACHE, "LOCATION": redis.url()}}):
        cache.clear()
        Client().get(BODO)
        stored = redis_client.Redis.from_url(redis.url()).keys("*public-page:*")
        assert len(stored) == 1
        with django_assert_num_queries(0):
            assert Client().get(BODO).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            municipality_update_profile(municipality=bodo, website="", description="Via Redis.")
        assert "Via Redis." in Client().get(BODO).text
        cache.clear()


def test_pages_still_render_when_redis_is_down(
    bodo: Municipality, caplog: pytest.LogCaptureFixture
) -> None:
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": REDIS_CACHE,
                "LOCATION": nobody,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    ):
        response = Client().get(BODO)
        public_pages_changed()
    assert response.status_code == 200
    assert "Bodø" in response.text
    assert "Public page cache unreachable" in caplog.text
