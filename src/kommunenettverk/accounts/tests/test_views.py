from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from tests.stack import free_port

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password(client: Client, make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    response = client.post(
        reverse("accounts:login"),
        {"username": "Kari@example.org", "password": "riktig-passord-123"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:tasks")


def test_wrong_login_gets_a_clear_norwegian_message(client: Client, make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "kari@example.org", "password": "feil"}
    )
    assert response.status_code == 200
    assert "Feil e-postadresse eller passord" in response.text
    assert "_auth_user_id" not in client.session


def test_login_refuses_an_outside_next_url(client: Client, make_user: MakeUser) -> None:
    make_user(email="kari@example.org")
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "kari@example.org", "password": "riktig-passord-123"},
    )
    assert response["Location"] == reverse("web:tasks")


def test_logout_is_a_post(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_flow(client: Client, make_user: MakeUser) -> None:
    user = make_user(email="kari@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "kari@example.org"})
    assert response.status_code == 302
    assert len(delivered()) == 1
    assert delivered()[0].subject == "Nytt passord til Kommunenettverk"
    match = re.search(r"http://testserver(/konto/nytt-passord/\S+/)", str(delivered()[0].body))
    assert match
    response = client.get(match.group(1), follow=True)
    assert "Lag nytt passord" in response.text
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Et-nytt-langt-passord-9", "new_password2": "Et-nytt-langt-passord-9"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Et-nytt-langt-passord-9")


def test_password_reset_does_not_reveal_unknown_addresses(client: Client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "ingen@example.org"})
    assert response.status_code == 302
    assert delivered() == []


def test_me_lists_roles(client: Client, make_user: MakeUser, bodo: Municipality) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.get(reverse("accounts:me"))
    assert "Kommunekoordinator" in response.text
    assert "1804 Bodø" in response.text


def test_adviser_appoints_a_coordinator_in_their_region(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    url = reverse("accounts:municipality_roles", args=["1804"])
    response = client.post(
        url,
        {
            "email": "ny@bodo.kommune.no",
            "full_name": "Ny Koordinator",
            "role": "municipal_coordinator",
        },
    )
    assert response.status_code == 302
    new = User.objects.get(email="ny@bodo.kommune.no")
    assert not new.has_usable_password()
    assert new.has_perm("registry.change_municipality_profile", bodo)
    response = client.post(url, {"email": "ny@bodo.kommune.no", "role": "municipal_coordinator"})
    assert response.status_code == 200
    assert "har allerede rollen Kommunekoordinator" in response.text


def test_adviser_of_another_region_cannot_appoint(
    client: Client, make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    client.force_login(make_user(Role.REGIONAL_ADVISER, voss.county.ks_region))
    url = reverse("accounts:municipality_roles", args=["1804"])
    response = client.post(url, {"email": "x@example.org", "role": "municipal_coordinator"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_coordinator_cannot_appoint_and_role_field_is_checked(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    url = reverse("accounts:municipality_roles", args=["1804"])
    assert client.post(url, {"email": "x@example.org", "role": "participant"}).status_code == 403
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.post(url, {"email": "x@example.org", "role": "national_coordinator"})
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.text


def test_revoke_role(
    client: Client, make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    holder = make_user(Role.PARTICIPANT, bodo)
    assignment = RoleAssignment.objects.get(user=holder)
    url = reverse("accounts:municipality_role_revoke", args=["1804", assignment.pk])
    client.force_login(make_user(Role.REGIONAL_ADVISER, voss.county.ks_region))
    assert client.post(url).status_code == 403
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    # Without JavaScript the first post asks on a page of its own, and nothing is removed yet.
    asked = client.post(url)
    assert asked.status_code == 200
    assert f"Fjerne rollen til {holder.get_full_name()}?" in asked.text
    assert 'name="confirmed" value="1"' in asked.text
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert RoleAssignment.history.filter(id=assignment.pk, history_type="-").exists()
    # An assignment of another municipality cannot be revoked through Bodø's page.
    other = RoleAssignment.objects.get(user=make_user(Role.PARTICIPANT, voss))
    url = reverse("accounts:municipality_role_revoke", args=["1804", other.pk])
    assert client.post(url).status_code == 404


def test_municipality_page_links_to_its_roles_for_advisers_only(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    roles_url = reverse("accounts:municipality_roles", args=["1804"])
    page = reverse("registry:municipality_detail", args=["1804"])
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    assert roles_url not in client.get(page).text
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    response = client.get(page)
    assert f'href="{roles_url}">Roller i kommunen</a>' in response.text


def test_password_reset_goes_through_the_outbox_and_answers_alike(
    client: Client, make_user: MakeUser, settings: Any
) -> None:
    # A mail server that is down does not fail the page: the mail waits in the outbox.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    make_user(email="kari@example.org")
    known = client.post(reverse("accounts:password_reset"), {"email": "kari@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "ingen@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    message = Message.objects.get()
    assert (message.to, message.kind, message.status) == (
        "kari@example.org",
        "password-reset",
        Message.Status.QUEUED,
    )
    assert "/konto/nytt-passord/" in message.body
