"""Writes of the outbox: queue a message (inside the caller's transaction), send one (the task),
resend (the admin); and notices: `notify` (the one entry point for hand-offs), marking them
read, each person's choices and the daily digest. See docs/architecture.md, "Email is an
outbox" and "Notices"."""

from __future__ import annotations

import base64
import contextlib
import contextvars
import datetime
import enum
import hashlib
import logging
import smtplib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.jobs import job_claim
from kommunenettverk.core.tasks import enqueue, enqueue_on_commit
from kommunenettverk.notifications import inbound, tasks
from kommunenettverk.notifications.kinds import notice_kind, notice_kinds
from kommunenettverk.notifications.mailtext import message_parse, reply_text
from kommunenettverk.notifications.models import (
    Frequency,
    InboundMessage,
    Message,
    Notice,
    NoticePreference,
)

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
    reply_to: str = "",
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
        reply_to=reply_to,
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
    reply_to: str = "",
) -> Message:
    """Put one email in the outbox, in the caller's transaction; a task sends it once the
    transaction commits. `key` names the message's purpose for this recipient (e.g.
    `gathering-invitation:<gathering>:<invitation>:<email>:1`): queuing the same key again
    returns the message already there and sends nothing more. `reply_to` is the message's
    Reply-To (a signed reply address, notifications.inbound.reply_address)."""
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
        reply_to=reply_to,
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
    email = EmailMultiAlternatives(
        message.subject,
        message.body,
        None,
        [message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        # A message that takes replies asks out-of-office programs not to answer it (RFC 3834;
        # Exchange's own header); an automatic reply that comes anyway is dropped.
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
        if message.reply_to
        else None,
    )
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
    hint = _reply_hint(about)
    replies = {
        notice.pk: inbound.reply_address(about, notice.recipient) or ""
        for notice in notices
        if notice.email == Frequency.NOW
    }
    message_queue_many(
        {
            "to": notice.recipient.email,
            "kind": f"notice:{kind}",
            "key": f"notice:{notice.pk}",
            "subject": text,
            "body": _notice_body([notice], reply_hint=hint if replies[notice.pk] else ""),
            "about": about,
            "reply_to": replies[notice.pk],
        }
        for notice in notices
        if notice.email == Frequency.NOW
    )
    return notices


def _reply_hint(about: models.Model) -> str:
    kind = inbound.reply_kind(about)
    return str(kind.hint) if kind is not None and kind.hint else ""


def _notice_body(notices: list[Notice], *, reply_hint: str = "") -> str:
    lines = [f"{n.text}\n{_absolute(n.link)}" for n in notices]
    if reply_hint:
        lines.append(reply_hint)
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
        .update(to="", body="", html="", attachments=[], last_error="", reply_to="")
    )


# --- replies by email ---------------------------------------------------------------------------


class Received(enum.Enum):
    """What became of a delivered reply that was not refused."""

    ACCEPTED = "accepted"  # stored; a task hands it to the reply handler
    DUPLICATE = "duplicate"  # the same message to the same address came before: nothing new
    IGNORED = "ignored"  # an automatic reply (out of office …): dropped without a bounce


TOO_BIG = inbound.ReplyRefused("552 5.3.4", "Message too big")
UNREADABLE = inbound.ReplyRefused("550 5.6.0", "Message could not be read")
WRONG_SENDER = inbound.ReplyRefused("550 5.7.1", "Sender may not reply to this address")
EMPTY = inbound.ReplyRefused("550 5.6.0", "No reply text found above the quoted message")


def _automatic(message: EmailMessage) -> bool:
    """An automatic message (RFC 3834 and the common older headers): out of office, a
    mailing list's or a program's mail. It never becomes an answer."""
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto_submitted not in ("", "no")
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
    )


def _sender_is(message: EmailMessage, user: User) -> bool:
    addresses = [a for _name, a in getaddresses([str(v) for v in message.get_all("From", [])]) if a]
    return (
        user.is_active
        and len(addresses) == 1
        and addresses[0].strip().casefold() == user.email.strip().casefold()
    )


def _reply_key(message: EmailMessage, raw: bytes, recipient: str) -> tuple[str, str]:
    message_id = " ".join(str(message.get("Message-ID", "")).split())[:300]
    name = message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    key = hashlib.sha256(f"{name}\n{recipient.strip().lower()}".encode()).hexdigest()
    return key, message_id


def inbound_reply_text(message: EmailMessage) -> str:
    """The reply text of a delivered message, or `ReplyRefused` when there is none or too much
    of it (REPLY_MAX_TEXT_CHARS)."""
    text = reply_text(message)
    if not text:
        raise EMPTY
    if len(text) > settings.REPLY_MAX_TEXT_CHARS:
        raise inbound.ReplyRefused(
            "552 5.3.4", f"Reply text is too long (at most {settings.REPLY_MAX_TEXT_CHARS} chars)"
        )
    return text


def inbound_message_receive(*, raw: bytes, recipient: str) -> Received:
    """Take one reply delivered to `recipient` (a signed reply address) by the LMTP listener:
    check the address (signature, age), that the From address is the named user's (case does
    not matter), that there is reply text of a sane size, store the raw message and queue the
    task that hands it to the reply handler. Raises `inbound.ReplyRefused` with the LMTP answer
    for a bad or expired address, another sender, an empty reply, an unreadable or too big
    message. The same message to the same address again is stored once (Message-ID)."""
    if len(raw) > settings.REPLY_MAX_MESSAGE_BYTES:
        raise TOO_BIG
    target = inbound.reply_target(recipient)
    try:
        message = message_parse(raw)
        automatic = _automatic(message)
    except Exception:  # the email package's errors are many; any of them means unreadable
        raise UNREADABLE from None
    if automatic:
        return Received.IGNORED
    if not _sender_is(message, target.user):
        raise WRONG_SENDER
    inbound_reply_text(message)
    key, message_id = _reply_key(message, raw, recipient)
    row = InboundMessage(
        key=key,
        message_id=message_id,
        recipient=recipient.strip()[:254],
        sender=target.user.email,
        user=target.user,
        about_type=ContentType.objects.get_for_model(target.obj),
        about_id=target.obj.pk,
        raw=raw,
    )
    try:
        with transaction.atomic():
            row.save()
            enqueue_on_commit(tasks.inbound_message_process_task, row.pk)
    except IntegrityError:  # delivered before (the mail server tried again)
        return Received.DUPLICATE
    return Received.ACCEPTED


def _refusal_reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Du har ikke tilgang til å svare på dette.")


def inbound_message_process(*, inbound_id: int) -> InboundMessage | None:
    """Hand a stored reply to its object's reply handler, in one transaction (the task). The
    row is claimed first, so a reply is handled once however many tasks run for it. A refusal
    by the owning app (no longer allowed, the object closed, …) is mailed back to the person
    with the text they wrote; an unexpected error marks the row failed for staff. Returns the
    row, or None when there was nothing to do."""
    if not job_claim(InboundMessage, inbound_id):
        return None
    row = InboundMessage.objects.select_related("user", "about_type").get(pk=inbound_id)
    done = {"raw": b"", "processed_at": timezone.now()}
    text = ""
    try:
        with transaction.atomic():
            model = row.about_type.model_class() if row.about_type is not None else None
            obj = model._default_manager.filter(pk=row.about_id).first() if model else None
            kind = inbound.reply_kind(obj) if obj is not None else None
            user = row.user
            if obj is None or kind is None or user is None or not user.is_active:
                raise NoticeError(_("Det du svarte på, finnes ikke lenger."))
            text = inbound_reply_text(message_parse(bytes(row.raw)))
            if kind.perm is not None and not user.has_perm(kind.perm, obj):
                raise PermissionDenied(_("Du har ikke lenger tilgang til å svare på dette."))
            kind.handler(obj, user, text)
            InboundMessage.objects.filter(pk=row.pk).update(
                status=InboundMessage.Status.DONE, **done
            )
    except (DomainError, ValidationError, PermissionDenied, inbound.ReplyRefused) as exc:
        reason = _refusal_reason(exc) if not isinstance(exc, inbound.ReplyRefused) else exc.message
        with transaction.atomic():
            InboundMessage.objects.filter(pk=row.pk).update(
                status=InboundMessage.Status.REFUSED, error=reason[:1000], **done
            )
            if row.user is not None and row.user.email:
                _refusal_mail(row, row.user, reason, text)
    except Exception as exc:
        logger.exception("Reply by email %s not handled", row.pk)
        InboundMessage.objects.filter(pk=row.pk).update(
            status=InboundMessage.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000]
        )
    row.refresh_from_db()
    return row


def _refusal_mail(row: InboundMessage, user: User, reason: str, text: str) -> None:
    """Tell the person that their reply was not saved, why, and what they wrote."""
    body = _("Svaret du sendte på e-post ble ikke lagret: %(reason)s") % {"reason": reason}
    body += "\n\n" + _("Du kan svare på nettsiden i stedet.")
    if text:
        body += "\n\n" + _("Dette skrev du:") + "\n\n" + text
    message_queue(
        to=user.email,
        kind="notice:reply-refused",
        key=f"inbound-refused:{row.pk}",
        subject=_("Svaret ditt ble ikke lagret"),
        body=body + "\n",
        about=user,
    )


@transaction.atomic
def inbound_messages_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete replies received more than REPLY_MAX_AGE_DAYS ago (handled or not, never one in
    hand). Their reply addresses were signed before they came, so they are expired now and a
    copy delivered again is refused by its address: the Message-ID is no longer needed.
    Returns how many went; the workers queue it daily (core.schedule)."""
    before = (now or timezone.now()) - datetime.timedelta(days=settings.REPLY_MAX_AGE_DAYS)
    deleted, _by_model = (
        InboundMessage.objects.filter(received_at__lt=before)
        .exclude(status__in=[InboundMessage.Status.QUEUED, InboundMessage.Status.RUNNING])
        .delete()
    )
    return deleted
