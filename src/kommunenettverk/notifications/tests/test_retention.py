"""The outbox keeps personal data only as long as needed: mail sent or failed more than
OUTBOX_RETENTION_DAYS ago loses its address, text and attachments (issue 14)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.services import message_queue, message_resend, messages_prune
from kommunenettverk.notifications.tests.outbox import delivered

pytestmark = pytest.mark.django_db


def _message(key: str, to: str = "kari@example.org") -> Message:
    message = message_queue(
        to=to, kind="test", key=key, subject="Hei", body=f"Hei, {to}!", reference="test"
    )
    assert isinstance(message, Message)
    return message


def _age(message: Message, days: int, **fields: object) -> None:
    at = timezone.now() - datetime.timedelta(days=days)
    Message.objects.filter(pk=message.pk).update(created_at=at, sent_at=at, **fields)


def test_old_sent_and_failed_mail_loses_address_and_text(settings: SettingsWrapper) -> None:
    settings.OUTBOX_RETENTION_DAYS = 90
    old, recent, failed, waiting = (_message(k) for k in ("old", "recent", "failed", "waiting"))
    delivered()
    attachment = {"filename": "a.ics", "mimetype": "text/calendar", "content": "QQ=="}
    Message.objects.filter(pk=old.pk).update(attachments=[attachment])
    _age(old, 91)
    _age(recent, 89)
    _age(failed, 120, status=Message.Status.FAILED, last_error="550 kari@example.org")
    _age(waiting, 120, status=Message.Status.QUEUED)

    assert messages_prune() == 2

    old.refresh_from_db()
    assert (old.to, old.body, old.html, old.attachments) == ("", "", "", [])
    # What is left still tells the truth: what kind of mail, that it was sent, and when.
    assert (old.kind, old.key, old.status) == ("test", "old", Message.Status.SENT)
    failed.refresh_from_db()
    assert (failed.to, failed.last_error) == ("", "")
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.to == "kari@example.org" and kept.body
    assert messages_prune() == 0  # nothing left to clear


def test_a_cleared_message_is_never_resent() -> None:
    message = _message("gammel")
    delivered()
    _age(message, 400)
    messages_prune()
    assert message_resend(messages=[message]) == 0


def test_the_command_clears_old_mail(settings: SettingsWrapper) -> None:
    settings.OUTBOX_RETENTION_DAYS = 30
    message = _message("kommando")
    delivered()
    _age(message, 31)
    call_command("prune_outbox", "--now")
    message.refresh_from_db()
    assert message.to == "" and message.body == ""
