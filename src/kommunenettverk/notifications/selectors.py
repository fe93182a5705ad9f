"""Reads of the outbox (what became of the messages about some objects) and of notices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kommunenettverk.accounts.models import User
from kommunenettverk.notifications.kinds import NoticeKind, notice_kinds
from kommunenettverk.notifications.models import Frequency, Message, Notice, NoticePreference


@dataclass(frozen=True)
class Delivery:
    """What a page says about the email(s) about one object: `state` is "sent" (every
    message went out), "failed" (one failed for good; `reason` says why), "queued" (waiting,
    perhaps for a retry after `reason`) or "none" (no message: nobody to send to)."""

    state: str
    reason: str = ""
    count: int = 0


def _delivery(messages: list[Message]) -> Delivery:
    if not messages:
        return Delivery("none")
    failed = [m for m in messages if m.status == Message.Status.FAILED]
    if failed:
        return Delivery("failed", failed[0].last_error, len(messages))
    if all(m.status == Message.Status.SENT for m in messages):
        return Delivery("sent", count=len(messages))
    waiting = [m.last_error for m in messages if m.last_error and m.status != Message.Status.SENT]
    return Delivery("queued", waiting[0] if waiting else "", len(messages))


def delivery_by_about(model: type[models.Model], ids: Iterable[int]) -> dict[int, Delivery]:
    """Object id → the delivery of the messages about it; one query."""
    ids = list(ids)
    found: dict[int, list[Message]] = {pk: [] for pk in ids}
    for message in Message.objects.filter(
        about_type=ContentType.objects.get_for_model(model), about_id__in=ids
    ).only("about_id", "status", "last_error"):
        if message.about_id is not None:
            found.setdefault(message.about_id, []).append(message)
    return {pk: _delivery(messages) for pk, messages in found.items()}


def message_list(*, kind: str = "", to: str = "") -> models.QuerySet[Message]:
    messages = Message.objects.all()
    if kind:
        messages = messages.filter(kind=kind)
    if to:
        messages = messages.filter(to=to)
    return messages


def notice_list_for_user(user: User) -> models.QuerySet[Notice]:
    """The user's own notices, newest first (nobody else's)."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notice_unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_get_for_user(user: User, pk: int) -> Notice:
    """One of the user's notices; DoesNotExist for anyone else's (the view answers 404)."""
    return notice_list_for_user(user).get(pk=pk)


@dataclass(frozen=True)
class PreferenceRow:
    kind: NoticeKind
    delivery: str


def notice_preference_list(user: User) -> list[PreferenceRow]:
    """Every registered kind with the user's choice ("now" where they made none)."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [PreferenceRow(kind, chosen.get(kind.key, Frequency.NOW)) for kind in notice_kinds()]
