"""Two web nodes on one PostgreSQL and one Redis (docs/deployment.md): what one node changes,
the other shows at once; the API limit and the login lock-out count across both.

The last test runs the same checks on nodes without the shared cache (each process its own
memory) and shows what goes wrong there: why CACHE_URL is needed with more than one process.
"""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import redis as redis_client

from tests.operations.conftest import (
    API_LIMIT,
    COORDINATOR,
    LOCKED,
    LOCKOUT_LIMIT,
    PASSWORD,
    PEOPLE,
    Deployment,
)
from tests.stack import Postgres, Redis, manage, site_env, web_nodes

BODO = "/kommuner/1804/"
API = "/api/v1/counties"


def _get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _post_form(
    browser: urllib.request.OpenerDirector, url: str, fields: dict[str, str]
) -> tuple[int, str]:
    """GET the form page (for its CSRF token and cookie), then POST the fields to it."""
    status, page = _get(url, browser)
    assert status == 200, f"{url}: {status}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, url
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
    try:
        request = urllib.request.Request(url, data=body)  # noqa: S310 - 127.0.0.1 only
        with browser.open(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _change_description_through(node: str) -> str:
    """The municipal coordinator signs in on `node` and writes a new description; returns it."""
    browser = _browser()
    status, page = _post_form(
        browser, node + "/konto/logg-inn/", {"username": COORDINATOR, "password": PASSWORD}
    )
    assert status == 200 and "Logg ut" in page, "the coordinator could not sign in"
    text = f"Beskrivelse skrevet på node A ({secrets.token_hex(4)})."
    status, page = _post_form(
        browser, node + BODO + "rediger/", {"website": "", "description": text}
    )
    assert status == 200 and text in page  # redirected to the municipality's page
    return text


def _api_statuses(nodes: list[str], requests: int) -> Counter[int]:
    return Counter(_get(nodes[n % len(nodes)] + API)[0] for n in range(requests))


def test_a_change_through_node_a_shows_on_node_b_at_once(deployment: Deployment) -> None:
    a, b = deployment.nodes
    for node in (a, b, b):  # both nodes (and both of B's workers, likely) hold the page
        status, page = _get(node + BODO)
        assert status == 200 and "Bodø" in page
    text = _change_description_through(a)
    for _ in range(4):  # whichever of B's workers answers
        status, page = _get(b + BODO)
        assert status == 200
        assert text in page


def test_the_api_limit_holds_across_both_nodes(deployment: Deployment) -> None:
    redis_client.Redis.from_url(deployment.redis.url()).flushdb()  # a fresh minute for us
    extra = 3
    statuses = _api_statuses(deployment.nodes, API_LIMIT + extra)
    assert statuses == Counter({200: API_LIMIT, 429: extra})


def test_the_lock_out_counts_wrong_passwords_on_every_node(deployment: Deployment) -> None:
    a, b = deployment.nodes
    for n in range(LOCKOUT_LIMIT):
        node = (a, b)[n % 2]
        status, _page = _post_form(
            _browser(), node + "/konto/logg-inn/", {"username": LOCKED, "password": "feil"}
        )
        assert status in (200, 429)
    # The right password, on either node, is refused now.
    for node in (a, b):
        status, _page = _post_form(
            _browser(), node + "/konto/logg-inn/", {"username": LOCKED, "password": PASSWORD}
        )
        assert status == 429, f"{node} let a locked-out person in"


def test_without_the_shared_cache_each_node_has_its_own_state(
    cluster: Postgres, site_template: str, static: Path, redis: Redis
) -> None:
    """The issue's symptoms, kept as a test so the shared cache keeps its reason to exist."""
    env = site_env(
        cluster.createdb("kn_nodes_local", template=site_template),
        static,
        CACHE_URL="",
        PUBLIC_PAGE_CACHE_SECONDS="60",
        API_RATE_ANONYMOUS=f"{API_LIMIT}/m",
    )
    manage(env, "shell", "-c", PEOPLE)
    with web_nodes(env, count=2, workers=1) as nodes:
        a, b = nodes
        assert _get(b + BODO)[0] == 200  # B keeps this page in its own memory
        text = _change_description_through(a)
        assert text not in _get(b + BODO)[1]  # stale on B until the page expires
        statuses = _api_statuses(nodes, API_LIMIT + 3)
        assert statuses == Counter({200: API_LIMIT + 3})  # each node counted only its half
