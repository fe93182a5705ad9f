"""The public indicator pages come from the page cache (core/cache.py) and show new values at
once after an import; CSV downloads keep their headers (they are not stored)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
MAPPING = ColumnMapping(area="k", period="år", value="v", indicator="i")
OVERVIEW = reverse("indicators:municipality", args=["1804"])
NATIONAL = reverse("indicators:national") + "?indikator=utslipp"
VERSION_KEY = "public-pages:version"  # core/cache.py: one increment per clear


@pytest.fixture(autouse=True)
def page_cache() -> Iterator[None]:
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def _import(value: int) -> None:
    lines = ["i,k,år,v", *(f"utslipp,1804,{year},{value + year}" for year in range(2015, 2024))]
    indicator_values_import(rows=read_csv("\n".join(lines).encode(), MAPPING))


def test_second_anonymous_visit_needs_no_database(
    bodo: Municipality, django_assert_num_queries: Callable[..., Any]
) -> None:
    make_indicator("utslipp", name="Utslipp")
    _import(0)
    for page in (OVERVIEW, NATIONAL):
        Client().get(page)
        with django_assert_num_queries(0):
            assert Client().get(page).status_code == 200


def test_an_import_shows_at_once(
    bodo: Municipality, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_indicator("utslipp", name="Utslipp")
    with django_capture_on_commit_callbacks(execute=True):
        _import(0)
    assert "2023" in Client().get(OVERVIEW).text  # latest value 2023 (0 + 2023)
    with django_capture_on_commit_callbacks(execute=True):
        _import(5000)
    assert "7023" in Client().get(OVERVIEW).text.replace("\xa0", "").replace(" ", "")


def test_an_import_clears_the_page_cache_once(
    bodo: Municipality, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_indicator("utslipp", name="Utslipp")
    cache.set(VERSION_KEY, "before", None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _import(0)  # nine rows, values and analytics written
    assert [cb for cb in callbacks if cb is public_pages_changed] == [public_pages_changed]
    assert cache.get(VERSION_KEY) != "before"


def test_csv_downloads_keep_their_headers(bodo: Municipality) -> None:
    make_indicator("utslipp", name="Utslipp")
    _import(0)
    for _ in range(2):
        response = Client().get(OVERVIEW + "?csv=oversikt")
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
