from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["web:home", "web:about", "web:accessibility"])
def test_public_pages_render_in_norwegian(client: Client, name: str) -> None:
    response = client.get(reverse(name), headers={"Accept-Language": "en-US,en"})
    assert response.status_code == 200
    assert '<html lang="nb"' in response.text
    assert 'href="#main"' in response.text
    assert "Hopp til hovedinnhold" in response.text


def test_home_counts_the_registry(client: Client) -> None:
    response = client.get(reverse("web:home"))
    assert "<strong>357</strong>" in response.text
    assert "<strong>15</strong>" in response.text


def test_about_gives_attribution(client: Client) -> None:
    response = client.get(reverse("web:about"))
    assert "Statistisk sentralbyrå (SSB), KLASS" in response.text
    assert "CC BY 4.0" in response.text


def test_language_switch_to_english_and_back(client: Client) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("web:about")}
    )
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("web:about"))
    assert '<html lang="en"' in response.text
    assert "About the service" in response.text
    client.post(reverse("set_language"), {"language": "nb"})
    assert '<html lang="nb"' in client.get(reverse("web:about")).text


def test_strict_content_security_policy(client: Client) -> None:
    response = client.get(reverse("web:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.text


def test_unknown_page_gives_norwegian_404(client: Client) -> None:
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.text
