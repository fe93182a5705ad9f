from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.models import Example, Subscription
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.registry.models import KsRegion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem(settings: object) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]


def _link(body: str, name: str) -> str:
    """The path of the confirm or cancel link in an email."""
    match = re.search(rf"https?://\S+(/idebank/abonner/{name}/\S+/)", body)
    assert match, body
    return match.group(1)


def _send_digests() -> None:
    call_command("send_digests", stdout=io.StringIO())


def test_subscribe_confirm_digest_and_unsubscribe(client: Client, registry: None) -> None:
    response = client.post(
        reverse("ideabank:subscription_create"),
        {"email": "Leser@Example.org", "region": "nord", "theme": "climate_energy"},
        follow=True,
    )
    assert "Abonnementet starter når du har bekreftet" in response.text
    assert len(delivered()) == 1
    make_example("1804", title="Før bekreftelsen")
    _send_digests()
    assert len(delivered()) == 1  # nothing before confirming

    confirm = _link(str(delivered()[0].body), "bekreft")
    assert "Vi sender nye eksempler fra KS Nord-Norge" in client.get(confirm).text
    subscription = Subscription.objects.get()
    assert subscription.email == "leser@example.org" and subscription.confirmed_at

    make_example("1804", title="Klima i Bodø", themes=["climate_energy"])
    make_example("1804", title="Turstier i Bodø", themes=["quality_of_life_health"])
    make_example("4621", title="Klima på Voss", themes=["climate_energy"])
    make_example("1841", title="Klimautkast", themes=["climate_energy"], status="draft")
    _send_digests()
    assert len(delivered()) == 2
    digest = delivered()[1]
    assert digest.to == ["leser@example.org"]
    assert "Klima i Bodø" in digest.body
    for absent in ["Turstier i Bodø", "Klima på Voss", "Klimautkast", "Før bekreftelsen"]:
        assert absent not in digest.body
    _send_digests()
    assert len(delivered()) == 2  # nothing new, nothing sent

    cancel = _link(str(digest.body), "avslutt")
    assert "Avslutt abonnementet" in client.get(cancel).text
    client.post(cancel)
    assert not Subscription.objects.exists()
    assert client.get(cancel).status_code == 404


def test_subscription_form_names_bad_fields(client: Client, registry: None) -> None:
    response = client.post(
        reverse("ideabank:subscription_create"), {"email": "ikke-epost", "region": "mars"}
    )
    assert "E-postadresse:" in response.text and "KS-region:" in response.text
    assert not Subscription.objects.exists() and not delivered()


def test_digest_examples_since(registry: None) -> None:
    region = KsRegion.objects.get(code="nord")
    example = make_example("1804")
    Example.objects.filter(pk=example.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = timezone.now() - datetime.timedelta(days=5)
    assert services.digest_examples(region=region, theme="", since=since) == []


def test_atom_feed_per_region_and_theme(client: Client, registry: None) -> None:
    make_example("1804", title="Klima i Bodø", themes=["climate_energy"])
    make_example("1804", title="Turstier i Bodø", themes=["quality_of_life_health"])
    make_example("4621", title="Klima på Voss", themes=["climate_energy"])
    make_example("1804", title="Utkast i Bodø", status="draft")
    response = client.get(reverse("ideabank:feed_region_theme", args=["nord", "climate_energy"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Klima i Bodø" in response.text
    assert "Turstier i Bodø" not in response.text and "Klima på Voss" not in response.text
    response = client.get(reverse("ideabank:feed_region", args=["nord"]))
    assert "Turstier i Bodø" in response.text and "Utkast i Bodø" not in response.text
    assert client.get(reverse("ideabank:feed_region", args=["mars"])).status_code == 404
    assert client.get(reverse("ideabank:feed_region_theme", args=["nord", "x"])).status_code == 404
