"""Writes of the outbox: queue a message (inside the caller's transaction), send one (the task),
resend (the admin); and notices: `notify` (the one entry point for hand-offs), marking them
read, each person's choices and the daily digest. See docs/architecture.md, "Email is an
outbox" and "Notices"."""

from __future__ import annotations

import base64
import contextlib
import contextvars
import datetime
import logging
import smtplib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.tasks import enqueue, enqueue_on_commit
from kommunenettverk.notifications import tasks
from kommunenettverk.notifications.kinds import notice_kind, notice_kinds
from kommunenettverk.notifications.models import Frequency, Message, Notice, NoticePreference

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


def _message_build(
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
    return Message(
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
    message = _message_build(
        to=to,
        kind=kind,
        key=key,
        subject=subject,
        body=body,
        about=about,
        reference=reference,
        html=html,
        attachments=attachments,
    )
    # The key was looked up just above and its unique index catches a race (below).
    message.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # queued by a concurrent transaction a moment ago
        return Message.objects.get(key=key)
    enqueue_on_commit(tasks.message_send_task, message.pk)
    return message


@transaction.atomic
def message_queue_many(messages: Iterable[dict[str, Any]]) -> list[Message]:
    """`message_queue` for many messages at once (each a dict of its keyword arguments), in a
    fixed number of statements: one lookup of the keys already queued, one insert, and the send
    tasks enqueued when the transaction commits. The same rules: a key already in the outbox
    (or twice in the batch) gives the message there and queues nothing more; each message is
    validated as `message_queue` does, the content types once for the batch. Returns the
    messages in the order given."""
    given = list(messages)
    wanted = [_message_build(**kwargs) for kwargs in given]
    if not wanted:
        return []
    keys = list(dict.fromkeys(m.key for m in wanted))
    found = {m.key: m for m in Message.objects.filter(key__in=keys)}
    new: dict[str, Message] = {}
    known_types = set()
    for message in wanted:
        if message.key in found or message.key in new:
            continue
        if message.about_type_id is not None and message.about_type_id not in known_types:
            # The foreign key is checked once per content type, not once per message.
            message.full_clean(validate_unique=False)
            known_types.add(message.about_type_id)
        else:
            message.full_clean(validate_unique=False, exclude=["about_type"])
        new[message.key] = message
    try:
        with transaction.atomic():
            created = Message.objects.bulk_create(list(new.values()))
    except IntegrityError:  # a concurrent transaction queued one of the keys: one at a time
        return [message_queue(**kwargs) for kwargs in given]
    if any(m.pk is None for m in created):  # a backend that returns no keys from bulk inserts
        raise RuntimeError("bulk_create returned no primary keys")
    for message in created:
        enqueue_on_commit(tasks.message_send_task, message.pk)
    found.update(new)
    return [found[m.key] for m in wanted]


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


# --- notices ----------------------------------------------------------------------------------


class NoticeError(DomainError):
    pass


_MUTED = contextvars.ContextVar("notices_muted", default=False)


@contextlib.contextmanager
def notices_muted() -> Iterator[None]:
    """Inside the block `notify` does nothing: for loading history (the demo scenario), whose
    hand-offs happened long ago and must not reach anyone now."""
    token = _MUTED.set(True)
    try:
        yield
    finally:
        _MUTED.reset(token)


def _absolute(link: str) -> str:
    return link if "://" in link else settings.SITE_URL.rstrip("/") + link


def _choices(users: list[User], kind: str) -> dict[int, str]:
    found = dict(
        NoticePreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: found.get(user.pk, Frequency.NOW) for user in users}


@transaction.atomic
def notify(
    recipients: Iterable[User],
    kind: str,
    about: models.Model,
    text: str,
    link: str,
    *,
    actor: User | None = None,
    perm: str | None = None,
) -> list[Notice]:
    """Tell `recipients` that something about `about` asks them to act: a notice in the
    platform, linking to `link` (the page where it is done), and an email through the outbox,
    at once or in the day's digest, as each recipient chose for `kind` ("never": nothing).

    `kind` is a registered kind (notifications.kinds). A recipient who may not see `about`
    gets nothing: the kind's permission (or `perm`, when given) is checked on `about` with the
    recipient as user. The person who acted (`actor`), inactive users and duplicates are left
    out. Call it inside the service's transaction; returns the notices made."""
    registered = notice_kind(kind)
    if _MUTED.get():
        return []
    perm = perm or registered.perm
    people: dict[int, User] = {}
    for user in recipients:
        if user.is_active and (actor is None or user.pk != actor.pk):
            people.setdefault(user.pk, user)
    allowed = [u for u in people.values() if perm is None or u.has_perm(perm, about)]
    choices = _choices(allowed, kind)
    text = " ".join(text.split())[:300]
    about_type = ContentType.objects.get_for_model(about)
    notices = Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                kind=kind,
                text=text,
                link=link,
                about_type=about_type,
                about_id=about.pk,
                email=choices[user.pk],
            )
            for user in allowed
            if choices[user.pk] != Frequency.NEVER
        ]
    )
    if any(n.pk is None for n in notices):  # a backend that returns no keys from bulk inserts
        raise RuntimeError("bulk_create returned no primary keys")
    message_queue_many(
        {
            "to": notice.recipient.email,
            "kind": f"notice:{kind}",
            "key": f"notice:{notice.pk}",
            "subject": text,
            "body": _notice_body([notice]),
            "about": about,
        }
        for notice in notices
        if notice.email == Frequency.NOW
    )
    return notices


def _notice_body(notices: list[Notice]) -> str:
    lines = [f"{n.text}\n{_absolute(n.link)}" for n in notices]
    footer = _("Alle varslene dine: %(url)s\nVelg hvordan du blir varslet: %(settings)s") % {
        "url": _absolute(reverse("notifications:notice_list")),
        "settings": _absolute(reverse("notifications:preferences")),
    }
    return "\n\n".join([*lines, footer]) + "\n"


def notice_mark_read(*, notice: Notice, user: User) -> Notice:
    """Mark one of the user's notices read (again: nothing changes)."""
    if notice.recipient_id != user.pk:
        raise NoticeError(_("Du kan bare merke dine egne varsler som lest."))
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notice_mark_all_read(*, user: User) -> int:
    """Mark every unread notice of the user read; returns how many."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notice_preferences_set(*, user: User, choices: dict[str, str]) -> None:
    """Store the user's choice per kind (kind key → "now", "digest" or "never")."""
    known = {kind.key for kind in notice_kinds()}
    for kind, delivery in choices.items():
        if kind not in known or delivery not in Frequency.values:
            raise NoticeError(_("Ukjent varslingsvalg: %(kind)s.") % {"kind": kind})
        NoticePreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


@transaction.atomic
def notice_digests_send(*, day: datetime.date | None = None) -> int:
    """Email each person the notices of `day` (default yesterday) they chose to get in the
    daily digest: one email per person and day (key `notice-digest:<user>:<day>`), so a second
    run sends nothing again. Returns how many digests were queued."""
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    start, end = _day_bounds(day)
    waiting = (
        Notice.objects.filter(
            email=Frequency.DIGEST, digest_key="", created_at__gte=start, created_at__lt=end
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notice]] = {}
    for notice in waiting:
        by_user.setdefault(notice.recipient_id, []).append(notice)
    for user_id, notices in by_user.items():
        key = f"notice-digest:{user_id}:{day.isoformat()}"
        recipient = notices[0].recipient
        message_queue(
            to=recipient.email,
            kind="notice:digest",
            key=key,
            subject=_("Varsler fra Kommunenettverk %(day)s (%(count)d)")
            % {"day": day.strftime("%d.%m.%Y"), "count": len(notices)},
            body=_notice_body(notices),
            about=recipient,
        )
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(digest_key=key)
    return len(by_user)


@transaction.atomic
def messages_prune(*, now: datetime.datetime | None = None) -> int:
    """Forget the personal data of old mail: messages sent or failed more than
    OUTBOX_RETENTION_DAYS ago lose their address, text, HTML, attachments and error. The row
    stays (kind, key, subject, status, times), so pages still tell the truth about what was
    sent and a key is never used twice. Queued messages are kept whole. Returns how many were
    cleared; the workers queue it daily (core.schedule)."""
    before = (now or timezone.now()) - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    return (
        Message.objects.filter(
            Q(status=Message.Status.SENT, sent_at__lt=before)
            | Q(status=Message.Status.FAILED, created_at__lt=before)
        )
        .exclude(to="")
        .update(to="", body="", html="", attachments=[], last_error="")
    )
