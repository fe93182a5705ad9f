"""Invitations: a role given to an address with no account sends a link to set a password."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Invitation, Role, User
from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

ROLES_URL = reverse("accounts:municipality_roles", args=["1804"])


def _give(client: Client, email: str, role: str = "municipal_coordinator") -> Any:
    return client.post(ROLES_URL, {"email": email, "full_name": "Siri Hansen", "role": role})


def _link(body: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/konto/invitasjon/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_new_address_gets_an_invitation_that_sets_the_password_and_signs_in(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    assert _give(client, "siri@bodo.kommune.no").status_code == 302
    invitation = Invitation.objects.get(user__email="siri@bodo.kommune.no")
    page = client.get(ROLES_URL)
    assert "Ikke tatt i bruk ennå" in page.text
    [mail] = delivered()
    assert mail.to == ["siri@bodo.kommune.no"]
    assert "Kommunekoordinator (1804 Bodø)" in mail.body
    link = _link(mail.body)
    # Only the token's hash is stored.
    assert link.split("/")[-2] not in invitation.token_hash

    stranger = Client()
    form = stranger.get(link)
    assert "Velg et passord for siri@bodo.kommune.no" in form.text
    response = stranger.post(
        link,
        {
            "new_password1": "Fjellvann-ved-Saltstraumen",
            "new_password2": "Fjellvann-ved-Saltstraumen",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:tasks")
    user = User.objects.get(email="siri@bodo.kommune.no")
    assert stranger.session["_auth_user_id"] == str(user.pk)
    assert user.check_password("Fjellvann-ved-Saltstraumen")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert "Tatt i bruk" in client.get(ROLES_URL).text

    # Single use: the same link refuses afterwards and changes nothing.
    again = Client().post(
        link, {"new_password1": "Annet-passord-99x", "new_password2": "Annet-passord-99x"}
    )
    assert "Invitasjonen er allerede brukt" in again.text
    user.refresh_from_db()
    assert user.check_password("Fjellvann-ved-Saltstraumen")


def test_expired_link_is_refused(
    client: Client, make_user: MakeUser, bodo: Municipality, settings: Any
) -> None:
    settings.INVITATION_VALID_DAYS = 3
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    _give(client, "per@bodo.kommune.no", "participant")
    link = _link(delivered()[0].body)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - timezone.now() < datetime.timedelta(days=3, minutes=1)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().post(
        link, {"new_password1": "Fjellvann-123x", "new_password2": "Fjellvann-123x"}
    )
    assert "Invitasjonen er utløpt" in response.text
    assert not User.objects.get(email="per@bodo.kommune.no").has_usable_password()
    assert "lenken er utløpt" in client.get(ROLES_URL).text
    assert "Lenken virker ikke" in Client().get("/konto/invitasjon/tull/").text


def test_resend_asks_first_makes_a_new_link_and_is_idempotent(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    _give(client, "siri@bodo.kommune.no")
    first_link = _link(delivered()[0].body)
    invitation = Invitation.objects.get()
    url = reverse("accounts:municipality_invitation_resend", args=["1804", invitation.pk])
    asked = client.post(url, {"sends": "1"})
    assert "Sende invitasjonen til Siri Hansen på nytt?" in asked.text
    assert Message.objects.filter(kind="invitation").count() == 1
    assert client.post(url, {"sends": "1", "confirmed": "1"}).status_code == 302
    # The same press arriving twice sends nothing more.
    assert client.post(url, {"sends": "1", "confirmed": "1"}).status_code == 302
    assert Message.objects.filter(kind="invitation").count() == 2
    second_link = _link(delivered()[-1].body)
    assert second_link != first_link
    assert "Lenken virker ikke" in Client().get(first_link).text
    assert "Velg et passord" in Client().get(second_link).text


def test_only_who_may_give_the_role_may_resend(
    client: Client, make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    _give(client, "siri@bodo.kommune.no")
    invitation = Invitation.objects.get()
    url = reverse("accounts:municipality_invitation_resend", args=["1804", invitation.pk])
    for role, scope in (
        (Role.REGIONAL_ADVISER, voss.county.ks_region),
        (Role.MUNICIPAL_COORDINATOR, bodo),
        (Role.PARTICIPANT, bodo),
    ):
        client.force_login(make_user(role, scope))
        assert client.post(url, {"sends": "1", "confirmed": "1"}).status_code == 403
    # Not through another municipality's page either.
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    other = reverse("accounts:municipality_invitation_resend", args=["4621", invitation.pk])
    assert client.post(other, {"sends": "1", "confirmed": "1"}).status_code == 404
    assert Invitation.objects.get().sends == 1


def test_existing_user_is_told_of_the_new_role_without_an_invitation(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    make_user(email="kari@bodo.kommune.no")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    _give(client, "kari@bodo.kommune.no", "participant")
    assert not Invitation.objects.exists()
    [mail] = delivered()
    assert mail.subject == "Du har fått en ny rolle i Kommunenettverk"
    assert "Deltaker (1804 Bodø)" in mail.body
    assert "/konto/invitasjon/" not in mail.body


def test_many_roles_at_once_invite_each_new_person_once(
    make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    from kommunenettverk.accounts.services import RoleGrant, role_give_many

    adviser = make_user(Role.NATIONAL_COORDINATOR)
    kari = make_user(email="kari@bodo.kommune.no")
    make_user(Role.PARTICIPANT, bodo, email="held@bodo.kommune.no")
    given = role_give_many(
        grants=[
            RoleGrant("Siri@Bodo.kommune.no", "Siri Hansen", Role.MUNICIPAL_COORDINATOR, bodo),
            RoleGrant("siri@bodo.kommune.no", "Siri Hansen", Role.PARTICIPANT, voss),
            RoleGrant("kari@bodo.kommune.no", "", Role.PARTICIPANT, bodo),
            RoleGrant("held@bodo.kommune.no", "", Role.PARTICIPANT, bodo),  # already held
        ],
        by=adviser,
    )
    assert given == 3
    siri = User.objects.get(email="siri@bodo.kommune.no")
    assert siri.full_name == "Siri Hansen" and not siri.has_usable_password()
    assert siri.has_perm("registry.change_municipality_profile", bodo)
    assert User.history.filter(email="siri@bodo.kommune.no").exists()
    mails = {m.to[0]: m for m in delivered()}
    assert set(mails) == {"siri@bodo.kommune.no", "kari@bodo.kommune.no"}
    invitation = mails["siri@bodo.kommune.no"].body
    assert "Kommunekoordinator (1804 Bodø), Deltaker (4621 Voss" in invitation
    assert Invitation.objects.filter(user=siri).count() == 1
    assert "/konto/invitasjon/" not in mails["kari@bodo.kommune.no"].body
    assert not Invitation.objects.filter(user=kari).exists()
