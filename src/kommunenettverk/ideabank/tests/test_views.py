from __future__ import annotations

from html.parser import HTMLParser

import pytest
from conftest import MakeUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not dict(attrs).get("src"):
            self.bad.append("inline <script>")
        self.bad += [f"<{tag} {name}=…>" for name, _ in attrs if name.startswith("on")]
        self.bad += [
            f"<{tag} {name}=javascript:>"
            for name, value in attrs
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript")
        ]


def assert_no_injection(page: str) -> None:
    """No inline script, no on* handler and no javascript: URL reaches the page as HTML."""
    collector = _TagCollector()
    collector.feed(page)
    assert collector.bad == []


FORM = {
    "municipality": "",
    "title": "Turstier for alle",
    "summary": "Vi merket turstier nær skoler og sykehjem.",
    "body": "Frivillige merket **turstiene**.\n\n<script>alert(1)</script>",
    "themes": ["quality_of_life_health"],
    "tags": "turstier, friluftsliv",
    "links": "Kartet | https://kart.example.no",
    "contact_name": "Kari Koordinator",
    "show_contact_name": "on",
    "contact_email": "kari@bodo.kommune.no",
}


def test_published_example_is_public_and_safe(client: Client, bodo: Municipality) -> None:
    example = make_example(
        bodo, body='<script>alert(1)</script> <img src=x onerror="alert(1)"> ok',
        contact_email="skjult@bodo.kommune.no",
    )  # fmt: skip
    response = client.get(example.get_absolute_url())
    assert response.status_code == 200
    assert "Ny klimaplan med innbyggerne" in response.text
    assert_no_injection(response.text)
    assert "&lt;script&gt;" in response.text  # shown as text, harmless
    assert "skjult@bodo.kommune.no" not in response.text  # not chosen for publishing


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_unpublished_examples_never_appear_publicly(
    client: Client, bodo: Municipality, make_user: MakeUser, status: str
) -> None:
    example = make_example(bodo, status=status, title="Hemmelig utkast om klimaplan")
    assert client.get(example.get_absolute_url()).status_code == 404
    for url in [
        reverse("ideabank:example_list"),
        reverse("ideabank:example_list") + "?q=klimaplan",
        reverse("ideabank:municipality_examples", args=["1841"]),
        reverse("ideabank:feed_region", args=["nord"]),
    ]:
        assert "Hemmelig utkast" not in client.get(url).text, url
    participant = make_user(Role.PARTICIPANT, bodo)
    client.force_login(participant)
    assert client.get(example.get_absolute_url()).status_code == 404
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    assert client.get(example.get_absolute_url()).status_code == 200


def test_coordinator_creates_a_draft_for_own_municipality(
    client: Client, bodo: Municipality, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(reverse("ideabank:example_create"), {**FORM, "municipality": bodo.pk})
    example = Example.objects.get()
    assert response.status_code == 302
    assert example.status == Example.Status.DRAFT
    assert example.municipality == bodo
    assert example.tags == ["turstier", "friluftsliv"]
    assert example.links.get().url == "https://kart.example.no"
    assert "<script" not in example.body_html


def test_coordinator_cannot_create_for_another_municipality(
    client: Client, bodo: Municipality, voss: Municipality, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(reverse("ideabank:example_create"), {**FORM, "municipality": voss.pk})
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.text
    assert not Example.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.REGIONAL_ADVISER, Role.PARTNER])
def test_others_may_not_create(
    client: Client, bodo: Municipality, make_user: MakeUser, role: Role
) -> None:
    client.force_login(make_user(role, bodo if role == Role.PARTICIPANT else None))
    assert client.get(reverse("ideabank:example_create")).status_code == 403


def test_anonymous_is_sent_to_login_for_writes(client: Client, bodo: Municipality) -> None:
    example = make_example(bodo, status="draft")
    response = client.get(reverse("ideabank:example_edit", args=[example.pk]))
    assert response.status_code == 302 and "logg-inn" in response["Location"]


def test_bad_form_input_gets_named_errors(
    client: Client, bodo: Municipality, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(
        reverse("ideabank:example_create"),
        {**FORM, "municipality": bodo.pk, "title": "", "links": "Plan | ftp://x", "themes": []},
    )
    assert response.status_code == 200
    assert "Tittel: Feltet er påkrevet." in response.text
    assert "Linje 1" in response.text
    assert not Example.objects.exists()


def test_edit_by_owner_and_refused_for_neighbour(
    client: Client, bodo: Municipality, voss: Municipality, make_user: MakeUser
) -> None:
    example = make_example(bodo, status="draft")
    url = reverse("ideabank:example_edit", args=[example.pk])
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    assert client.get(url).status_code == 404  # cannot even see the draft
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    assert client.get(url).status_code == 403  # sees it, may not write it
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(url, {**FORM, "title": "Endret tittel"})
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Endret tittel"


def test_review_flow_through_the_pages(
    client: Client, bodo: Municipality, voss: Municipality, make_user: MakeUser
) -> None:
    example = make_example(bodo, status="draft")
    url = reverse("ideabank:example_transition", args=[example.pk])
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    client.force_login(coordinator)
    client.post(url, {"action": "submit"})
    example.refresh_from_db()
    assert example.status == Example.Status.IN_REVIEW
    assert client.post(url, {"action": "publish"}).status_code == 403  # author cannot publish
    client.force_login(make_user(Role.REGIONAL_ADVISER, voss.county.ks_region))
    assert client.post(url, {"action": "publish"}).status_code == 404  # other region
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    response = client.post(url, {"action": "return", "comment": ""}, follow=True)
    assert "skriv hva forfatteren bør endre" in response.text
    asked = client.post(url, {"action": "publish", "comment": "Fint"})  # asks first
    assert asked.status_code == 200 and "Alle kan lese det da." in asked.text
    example.refresh_from_db()
    assert example.status == Example.Status.IN_REVIEW
    client.post(url, {"action": "publish", "comment": "Fint", "confirmed": "1"})
    example.refresh_from_db()
    assert example.status == Example.Status.PUBLISHED
    client.logout()
    assert client.get(example.get_absolute_url()).status_code == 200


def test_worklist_shows_what_waits_for_review(
    client: Client, bodo: Municipality, make_user: MakeUser
) -> None:
    make_example(bodo, status="in_review", title="Venter på deg")
    make_example("4621", status="in_review", title="Fra Vestlandet")
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    response = client.get(reverse("ideabank:example_worklist"))
    assert "Venter på deg" in response.text
    assert "Fra Vestlandet" not in response.text


def test_attachment_upload_and_download_follow_visibility(
    client: Client, bodo: Municipality, make_user: MakeUser, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    example = make_example(bodo, status="draft")
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(
        reverse("ideabank:attachment_add", args=[example.pk]), {"title": "Plan", "file": upload}
    )
    attachment = example.attachments.get()
    bad = SimpleUploadedFile("plan.pdf", b"MZ nope")
    response = client.post(
        reverse("ideabank:attachment_add", args=[example.pk]), {"file": bad}, follow=True
    )
    assert "stemmer ikke med filtypen .pdf" in response.text
    assert example.attachments.count() == 1
    download = reverse("ideabank:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code == 200
    delete = reverse("ideabank:attachment_delete", args=[attachment.pk])
    asked = client.post(delete)  # without JavaScript the page asks first
    assert asked.status_code == 200 and "Slette vedlegget Plan?" in asked.text
    assert example.attachments.count() == 1
    client.logout()
    assert client.get(download).status_code == 404  # the example is still a draft


def test_deleting_an_attachment_asks_first(
    client: Client, bodo: Municipality, make_user: MakeUser, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    example = make_example(bodo, status="draft")
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(
        reverse("ideabank:attachment_add", args=[example.pk]), {"title": "Plan", "file": upload}
    )
    attachment = example.attachments.get()
    edit = client.get(reverse("ideabank:example_edit", args=[example.pk])).text
    assert 'data-confirm="Slette vedlegget Plan?"' in edit
    delete = reverse("ideabank:attachment_delete", args=[attachment.pk])
    assert client.post(delete).status_code == 200
    assert example.attachments.count() == 1
    assert client.post(delete, {"confirmed": "1"}).status_code == 302
    assert example.attachments.count() == 0


def test_staff_read_examples_and_history_in_the_admin(
    admin_client: Client, bodo: Municipality
) -> None:
    example = make_example(bodo)
    assert admin_client.get(reverse("admin:ideabank_example_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:ideabank_example_change", args=[example.pk]))
    assert page.status_code == 200 and "Publisert" in page.text
    history = admin_client.get(reverse("admin:ideabank_example_history", args=[example.pk]))
    assert history.status_code == 200
