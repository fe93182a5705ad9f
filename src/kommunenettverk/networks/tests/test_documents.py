"""Uploaded documents (gathering documents, political decisions) are served as downloads to
those who may see them, never from /media/ and never as pages of our site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeUser
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.accounts.models import Role
from kommunenettverk.networks.models import GatheringDocument
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.programmes.tests.factories import make_participation, make_programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% demo\n"


@pytest.fixture(autouse=True)
def media(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_gathering_document_is_a_protected_download(client: Client, make_user: MakeUser) -> None:
    gathering = make_gathering(nord_network())
    document = GatheringDocument.objects.create(
        gathering=gathering, title="Presentasjon", file=ContentFile(PDF, name="presentasjon.pdf")
    )
    link = GatheringDocument.objects.create(
        gathering=gathering, title="Lenke", url="https://example.org/"
    )
    base = f"/nettverk/{gathering.network.slug}/samlinger/{gathering.number}/dokumenter/"
    response = client.get(f"{base}{document.pk}/")
    assert response.status_code == 302  # anonymous: to the login page
    client.force_login(make_user())
    response = client.get(f"{base}{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert client.get(f"{base}{link.pk}/").status_code == 404
    page = client.get(f"/nettverk/{gathering.network.slug}/samlinger/{gathering.number}/")
    assert f"{base}{document.pk}/" in page.text
    assert "/media/" not in page.text


def test_decision_document_only_for_those_who_see_the_participation(
    client: Client, make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    participation = make_participation(make_programme(), bodo)
    participation.decision_document.save("vedtak.pdf", ContentFile(PDF))
    url = f"/programmer/{participation.programme.slug}/deltakere/1804/vedtak/"
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    for outsider in (
        make_user(Role.MUNICIPAL_COORDINATOR, voss),
        make_user(Role.PARTICIPANT, bodo),
        make_user(Role.PARTNER),
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
