"""The email outbox against a real SMTP server on 127.0.0.1 (aiosmtpd): queued in the caller's
transaction, sent by the task, tried again with backoff while the server is down, sent once
when it is back, never twice for one key; the admin lists and resends."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import MakeUser
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.smtp import SmtpServer

from kommunenettverk.accounts.models import User
from kommunenettverk.core.jobs import jobs_recover_stale
from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.selectors import delivery_by_about
from kommunenettverk.notifications.services import (
    Attachment,
    message_queue,
    message_resend,
    message_send,
    retry_delay,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server, not started: the test starts it when the server is to be up."""
    server = SmtpServer()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def _queue(user: User, key: str = "test:1") -> Message:
    return message_queue(
        to="kari@example.org",
        kind="test",
        key=key,
        subject="Invitasjon",
        body="Hei Kari!",
        about=user,
        attachments=[Attachment("samling.ics", b"BEGIN:VCALENDAR\r\n", "text/calendar")],
    )


def test_send_task_retries_while_the_server_is_down_and_sends_once_when_it_is_up(
    smtp: SmtpServer, make_user: MakeUser, database_queue: None
) -> None:
    user = make_user()
    message = _queue(user)
    assert message.status == Message.Status.QUEUED

    # The server is down: the message goes back to the queue with the error and a later time.
    failed = message_send(message_id=message.pk)
    assert failed is not None
    assert failed.status == Message.Status.QUEUED and failed.attempts == 1
    assert "ConnectionRefusedError" in failed.last_error
    assert failed.next_attempt_at is not None
    assert failed.next_attempt_at > timezone.now() + retry_delay(1) - datetime.timedelta(seconds=5)
    # … and its retry is on the database queue, to run after the backoff.
    retry = DBTaskResult.objects.get(task_path__endswith=".message_send_task")
    assert retry.args_kwargs["args"] == [message.pk]
    assert retry.run_after > timezone.now()
    assert delivery_by_about(User, [user.pk])[user.pk].state == "queued"

    # Not due yet: a second run sends nothing, even with the server up.
    smtp.start()
    assert message_send(message_id=message.pk) is None
    assert smtp.received == []

    # Due: sent once, with its attachment; more runs send nothing more.
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    sent = message_send(message_id=message.pk)
    assert sent is not None and sent.status == Message.Status.SENT and sent.attempts == 2
    assert message_send(message_id=message.pk) is None
    assert len(smtp.received) == 1
    received = smtp.received[0]
    assert received["To"] == "kari@example.org" and received["Subject"] == "Invitasjon"
    names = [part.get_filename() for part in received.iter_attachments()]
    assert names == ["samling.ics"]
    assert delivery_by_about(User, [user.pk])[user.pk].state == "sent"


def test_a_message_fails_for_good_after_the_last_attempt(
    smtp: SmtpServer, make_user: MakeUser, settings: Any
) -> None:
    settings.EMAIL_MAX_ATTEMPTS = 2
    user = make_user()
    with transaction.atomic():
        message = _queue(user)
    for _ in range(2):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=None)
        message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 2
    delivery = delivery_by_about(User, [user.pk])[user.pk]
    assert delivery.state == "failed" and "ConnectionRefusedError" in delivery.reason


def test_queuing_the_same_key_twice_sends_one_message(
    make_user: MakeUser, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(user)
        second = _queue(user)
    assert first.pk == second.pk and Message.objects.count() == 1
    assert len(mail.outbox) == 1  # the immediate backend ran the send task once
    assert Message.objects.get().status == Message.Status.SENT


def test_nothing_is_queued_when_the_callers_transaction_rolls_back(make_user: MakeUser) -> None:
    user = make_user()

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        _queue(user)
        raise Refused
    assert not Message.objects.exists()


def test_a_message_whose_worker_died_while_sending_is_queued_again(
    make_user: MakeUser, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user()
    message = _queue(user)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS + 1)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, attempts=1, heartbeat_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_recover_stale()["email"] == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_admin_lists_the_outbox_and_resends(
    client: Client, make_user: MakeUser, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user()
    message = _queue(user)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.FAILED, last_error="SMTPServerDisconnected: nede"
    )
    admin = User.objects.create_superuser("drift@example.org", password="riktig-passord-123")
    client.force_login(admin)
    page = client.get(reverse("admin:notifications_message_changelist"))
    assert page.status_code == 200 and "kari@example.org" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:notifications_message_changelist"),
            {"action": "resend", "_selected_action": [message.pk]},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert [m.to for m in mail.outbox] == [["kari@example.org"]]


def test_resend_queues_a_sent_message_again(
    make_user: MakeUser, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert message_resend(messages=[message]) == 1
    assert len(mail.outbox) == 2
