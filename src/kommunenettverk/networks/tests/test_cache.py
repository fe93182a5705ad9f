"""The public network pages come from the page cache (core/cache.py) and change at once when
a network, a membership or a participation changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.networks import services
from kommunenettverk.networks.tests.factories import nord_network
from kommunenettverk.programmes.tests.factories import make_participation, make_programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
PAGE = reverse("networks:municipality_networks", args=["1804"])


@pytest.fixture(autouse=True)
def page_cache() -> Iterator[None]:
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def test_second_anonymous_visit_needs_no_database(
    bodo: Municipality, django_assert_num_queries: Callable[..., Any]
) -> None:
    Client().get(PAGE)
    with django_assert_num_queries(0):
        assert Client().get(PAGE).status_code == 200


def test_a_new_participation_shows_at_once(
    bodo: Municipality, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    programme = make_programme(name="Helt nytt program")
    assert "Helt nytt program" not in Client().get(PAGE).text
    with django_capture_on_commit_callbacks(execute=True):
        make_participation(programme, bodo)
    assert "Helt nytt program" in Client().get(PAGE).text


def test_a_new_network_and_a_member_leaving_show_at_once(
    bodo: Municipality, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        network = nord_network()
    before = Client().get(PAGE).text
    assert network.name in before
    today = timezone.localdate()
    left = f"{today.day}.{today.month}.{today.year}"
    assert left not in before
    membership = network.memberships.get(participation__municipality=bodo)
    with django_capture_on_commit_callbacks(execute=True):
        services.network_remove_member(membership=membership)
    assert left in Client().get(PAGE).text
