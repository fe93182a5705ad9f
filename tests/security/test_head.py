"""Every URL that answers GET answers HEAD too (uptime monitors use HEAD; security issue 15,
finding 6). Views allow HEAD with Django's `require_safe`, never `require_GET`."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.browser.pages import PAGES
from tests.security.helpers import demo_client, page_url

# Every URL name of the site is in the page index (tests/test_page_index.py). The API
# (django-ninja) declares its methods per operation in the OpenAPI schema; HEAD is not one.
NAMES = sorted(name for name in PAGES if not name.startswith("api:"))


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/helse/", "/helse/database/"])
def test_the_monitored_urls_answer_head(client: Client, path: str) -> None:
    assert client.head(path).status_code == 200


@pytest.mark.django_db
def test_every_url_that_answers_get_answers_head(demo: None) -> None:
    refused = []
    for name in NAMES:
        client = demo_client(PAGES[name].as_user)
        url = page_url(name)
        got = client.get(url).status_code
        if got == 405:
            continue  # a POST-only action
        head = client.head(url)
        if head.status_code != got:
            refused.append(f"{name} {url}: GET {got}, HEAD {head.status_code}")
    assert not refused, "\n".join(refused)
