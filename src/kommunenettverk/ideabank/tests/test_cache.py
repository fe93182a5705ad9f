"""The public idea-bank pages (search, examples, a municipality's examples) come from the page
cache (core/cache.py) and change at once when an example is published or taken back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
SEARCH = reverse("ideabank:example_list") + "?q=solcellepanel"


@pytest.fixture(autouse=True)
def page_cache() -> Iterator[None]:
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def test_a_repeated_search_needs_no_database(
    bodo: Municipality, django_assert_num_queries: Callable[..., Any]
) -> None:
    Client().get(SEARCH)
    with django_assert_num_queries(0):
        assert Client().get(SEARCH).status_code == 200
    # Another query string is another page.
    assert Client().get(SEARCH + "&tema=climate_energy").status_code == 200


def test_a_published_example_is_found_at_once(
    bodo: Municipality, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # Fauske borders Bodø: its page shows Bodø's examples.
    municipality_page = reverse("ideabank:municipality_examples", args=["1841"])
    assert "Solcellepanel på skolen" not in Client().get(SEARCH).text
    Client().get(municipality_page)
    with django_capture_on_commit_callbacks(execute=True):
        make_example(bodo, title="Solcellepanel på skolen", body="Vi satte opp solcellepanel.")
    assert "Solcellepanel på skolen" in Client().get(SEARCH).text
    assert "Solcellepanel på skolen" in Client().get(municipality_page).text


def test_an_example_taken_back_disappears_at_once(
    bodo: Municipality, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    example = make_example(bodo, title="Solcellepanel på skolen")
    page = reverse("ideabank:example_detail", args=[example.pk])
    assert Client().get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.example_return(example=example, user=None, comment="Trenger kilder.")
    assert Client().get(page).status_code == 404
