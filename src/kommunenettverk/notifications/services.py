"""Writes of the outbox: queue a message (inside the caller's transaction), send one (the task),
resend (the admin). See docs/architecture.md, "Email is an outbox"."""

from __future__ import annotations

import base64
import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from kommunenettverk.core.tasks import enqueue, enqueue_on_commit
from kommunenettverk.notifications import tasks
from kommunenettverk.notifications.models import Message

logger = logging.getLogger(__name__)

MAX_RETRY_SECONDS = 3600


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def max_attempts() -> int:
    return int(settings.EMAIL_MAX_ATTEMPTS)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: EMAIL_RETRY_SECONDS after the first failure, doubling after each
    further one, at most an hour."""
    seconds = settings.EMAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(MAX_RETRY_SECONDS, seconds))


@transaction.atomic
def message_queue(
    *,
    to: str,
    kind: str,
    key: str,
    subject: str,
    body: str,
    about: models.Model | None = None,
    reference: str = "",
    html: str = "",
    attachments: Iterable[Attachment] = (),
) -> Message:
    """Put one email in the outbox, in the caller's transaction; a task sends it once the
    transaction commits. `key` names the message's purpose for this recipient (e.g.
    `gathering-invitation:<gathering>:<invitation>:<email>:1`): queuing the same key again
    returns the message already there and sends nothing more."""
    existing = Message.objects.filter(key=key).first()
    if existing is not None:
        return existing
    message = Message(
        key=key,
        kind=kind,
        to=to,
        subject=" ".join(subject.split())[:300],
        body=body,
        html=html,
        attachments=[
            {
                "filename": a.filename,
                "mimetype": a.mimetype,
                "content": base64.b64encode(a.content).decode("ascii"),
            }
            for a in attachments
        ],
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None,
        reference=reference[:200],
    )
    message.full_clean()
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # queued by a concurrent transaction a moment ago
        return Message.objects.get(key=key)
    enqueue_on_commit(tasks.message_send_task, message.pk)
    return message


def _email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(message.subject, message.body, None, [message.to])
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        email.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return email


def message_send(*, message_id: int) -> Message | None:
    """Send one queued message (the outbox task). The row is claimed first (queued → sending),
    so two tasks for one message send it once. On failure the message goes back to the queue
    with the error and is tried again after `retry_delay` (EMAIL_MAX_ATTEMPTS times in all),
    or is marked failed; a recipient the server refuses fails at once. Returns the message, or
    None when there was nothing to send (already sent, not due, gone)."""
    now = timezone.now()
    claimed = Message.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=message_id,
        status=Message.Status.QUEUED,
    ).update(status=Message.Status.SENDING, attempts=F("attempts") + 1, heartbeat_at=now)
    if not claimed:
        return None
    message = Message.objects.get(pk=message_id)
    try:
        _email(message).send()
    except Exception as exc:  # the mail server's refusal or absence is the message's error
        error = f"{type(exc).__name__}: {exc}"[:1000]
        logger.warning("Email %s to %s not sent: %s", message.pk, message.to, error)
        permanent = isinstance(exc, smtplib.SMTPRecipientsRefused)
        if permanent or message.attempts >= max_attempts():
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.FAILED, last_error=error, next_attempt_at=None
            )
        else:
            due = timezone.now() + retry_delay(message.attempts)
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.QUEUED,
                last_error=error,
                next_attempt_at=due,
                heartbeat_at=due,
            )
            enqueue(tasks.message_send_task, message.pk, run_after=due)
    else:
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
        )
    message.refresh_from_db()
    return message


@transaction.atomic
def message_resend(*, messages: Iterable[Message]) -> int:
    """Queue messages again now (the admin's "send again"): failed ones, ones waiting for a
    retry, and even sent ones, on purpose. Returns how many were queued."""
    ids = [m.pk for m in messages]
    now = timezone.now()
    count = (
        Message.objects.filter(pk__in=ids)
        .exclude(status=Message.Status.SENDING)
        .exclude(to="")  # pruned: its address is gone (messages_prune)
        .update(status=Message.Status.QUEUED, next_attempt_at=None, heartbeat_at=now, attempts=0)
    )
    for pk in ids:
        enqueue_on_commit(tasks.message_send_task, pk)
    return count


@transaction.atomic
def messages_prune(*, now: datetime.datetime | None = None) -> int:
    """Forget the personal data of old mail: messages sent or failed more than
    OUTBOX_RETENTION_DAYS ago lose their address, text, HTML, attachments and error. The row
    stays (kind, key, subject, status, times), so pages still tell the truth about what was
    sent and a key is never used twice. Queued messages are kept whole. Returns how many were
    cleared; `manage.py prune_outbox` runs it (cron, daily)."""
    before = (now or timezone.now()) - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    return (
        Message.objects.filter(
            Q(status=Message.Status.SENT, sent_at__lt=before)
            | Q(status=Message.Status.FAILED, created_at__lt=before)
        )
        .exclude(to="")
        .update(to="", body="", html="", attachments=[], last_error="")
    )
