"""The invitation table tells the truth from the outbox: "i kø" while a message waits,
"feilet: <grunn>" when it failed for good, "sendt" only when it went out; and a gathering is
saved even when the mail server is down."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from tests.stack import free_port

from kommunenettverk.accounts.models import Role
from kommunenettverk.networks.models import Invitation
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.services import message_send
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _column(page: str) -> str:
    """The Bodø row's email cell of the invitation table."""
    row = page.split("Inviterte kommuner", 1)[1].split("Bodø", 1)[1].split("</tr>", 1)[0]
    return row.rsplit("<td>", 1)[1].split("</td>", 1)[0]


def test_the_table_shows_queued_failed_and_sent_from_the_outbox(
    client: Client,
    make_user: MakeUser,
    settings: Any,
    database_queue: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    adviser = make_user(Role.REGIONAL_ADVISER, email="radgiver@example.org")
    network = nord_network(size=4, adviser=adviser)
    make_user(
        Role.MUNICIPAL_COORDINATOR,
        Municipality.objects.get(number="1804"),
        email="koordinator@bodo.example.org",
    )
    # The mail server is down (nothing listens on the port): the gathering is saved anyway.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with django_capture_on_commit_callbacks(execute=True):
        gathering = make_gathering(network)
    client.force_login(adviser)
    url = reverse("networks:gathering_invitations", args=[network.slug, gathering.number])
    message = Message.objects.get(to="koordinator@bodo.example.org")
    assert (
        message.about_id
        == Invitation.objects.get(
            gathering=gathering, participation__municipality__number="1804"
        ).pk
    )
    page = client.get(url).text
    assert _column(page) == "i kø"
    assert "Sendt på e-post" not in page

    settings.EMAIL_MAX_ATTEMPTS = 1
    message_send(message_id=message.pk)
    cell = _column(client.get(url).text)
    assert cell.startswith("feilet: ConnectionRefusedError"), cell

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.filter(pk=message.pk).update(status=Message.Status.QUEUED, attempts=0)
    message_send(message_id=message.pk)
    assert _column(client.get(url).text) == "sendt"
