"""Site-wide security promises: CSRF on every form, no open redirects, no media served as pages."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import User
from tests.browser.pages import PAGES, resolve_args

VISITABLE = sorted(name for name, spec in PAGES.items() if not spec.not_a_page)


class _Forms(HTMLParser):
    """Collects each <form method=post>: its action and the names of its inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form" and attr.get("method", "get").lower() == "post":
            self._current = (attr.get("action", ""), [])
            self.forms.append(self._current)
        elif tag in {"input", "button", "select", "textarea"} and self._current is not None:
            self._current[1].append(attr.get("name", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


def _client_for(name: str) -> tuple[Client, str]:
    spec = PAGES[name]
    client = Client(enforce_csrf_checks=True)
    if spec.as_user:
        client.force_login(User.objects.get(email=f"{spec.as_user}@{DEMO_DOMAIN}"))
    url = reverse(name.split("?")[0], args=resolve_args(spec.args)) + (
        f"?{spec.query}" if spec.query else ""
    )
    return client, url


@pytest.mark.django_db
@pytest.mark.parametrize("name", VISITABLE)
def test_every_post_form_carries_a_csrf_token_and_posts_without_it_fail(
    name: str, demo: None
) -> None:
    client, url = _client_for(name)
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    parser = _Forms()
    parser.feed(response.text)
    assert parser.forms, f"{url} has no POST form (every page has the language switch)"
    for action, inputs in parser.forms:
        assert "csrfmiddlewaretoken" in inputs, f"{url}: form to «{action}» has no CSRF token"
        target = urljoin(url, action)
        refused = client.post(
            target, {name: "x" for name in inputs if name != "csrfmiddlewaretoken"}
        )
        assert refused.status_code == 403, f"{url}: POST to {target} without token was accepted"
        assert "Skjemaet er utløpt" in refused.text


@pytest.mark.django_db
def test_csrf_failure_page_is_norwegian_and_helpful(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.text
    assert "Last inn siden på nytt" in response.text


OUTSIDE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "https:evil.example",
    "/\\evil.example/",
    "\\\\evil.example",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", OUTSIDE)
def test_login_never_redirects_outside_the_site(client: Client, target: str) -> None:
    User.objects.create_user("kari@example.org", "riktig-passord-123")
    response = client.post(
        reverse("accounts:login"),
        {"username": "kari@example.org", "password": "riktig-passord-123", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:tasks")
    client.post(reverse("accounts:logout"))
    response = client.post(
        reverse("accounts:login") + "?next=" + target,
        {"username": "kari@example.org", "password": "riktig-passord-123"},
    )
    assert response["Location"] == reverse("web:tasks")


@pytest.mark.django_db
@pytest.mark.parametrize("target", OUTSIDE)
def test_language_switch_never_redirects_outside_the_site(client: Client, target: str) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = client.post(reverse("set_language"), {"language": "en"}, headers={"referer": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_keeps_a_local_next(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/kommuner/"})
    assert response["Location"] == "/kommuner/"


@pytest.mark.django_db
def test_logout_ignores_an_outside_next(client: Client) -> None:
    client.force_login(User.objects.create_user("kari@example.org", "riktig-passord-123"))
    response = client.post(reverse("accounts:logout"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("web:home")


@pytest.mark.django_db
def test_uploaded_files_are_not_served_from_the_site(client: Client) -> None:
    # Uploads are served only through views that use core.uploads.attachment_response.
    assert client.get("/media/planer/plan.html").status_code == 404


@pytest.mark.django_db
def test_csrf_failure_page_has_the_site_layout() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert "<title>Skjemaet er utløpt – Kommunenettverk</title>" in response.text


@pytest.mark.django_db
def test_an_oversized_post_is_refused_with_a_norwegian_400(client: Client) -> None:
    # Past DATA_UPLOAD_MAX_MEMORY_SIZE (UPLOAD_MAX_MB, the one limit for every upload and
    # body) Django refuses to read the form fields.
    too_long = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("accounts:login"), {"username": too_long})
    assert response.status_code == 400
    assert "Vi kunne ikke ta imot forespørselen" in response.text
