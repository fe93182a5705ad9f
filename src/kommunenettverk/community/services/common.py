"""Shared by the citizen portal's services: limits, the error type and small helpers."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.crypto import salted_hmac

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.notifications.services import message_queue

LOGIN_LINK_MINUTES = 30
MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR = 5
MAX_PROPOSALS_PER_CITIZEN_PER_HOUR = 5
MAX_PROPOSALS_PER_IP_PER_HOUR = 10
ANONYMOUS_NAME = "Anonym innbygger"
SIGN_UP_RETENTION_DAYS = 30


class CommunityError(DomainError):
    """An action was refused; the message is for the person (in Norwegian)."""


class RateLimited(CommunityError):
    pass


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address: enough to count requests, useless to identify anyone."""
    # The salt keeps the name of the app this came from: hashes stored before the split into
    # community and policy must keep matching, or the hourly rate limits would reset.
    return salted_hmac("dialogue.ip", ip).hexdigest() if ip else ""


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(subject: str, body: str, to: str, *, key: str, about: models.Model) -> None:
    """Put the email in the outbox (sent by a task once the transaction commits, once per
    `key`: "<kind>:<id>")."""
    message_queue(
        to=to, kind=key.split(":", 1)[0], key=key, subject=subject, body=body, about=about
    )


def _public_pages_changed() -> None:
    """After this transaction, drop the cached public pages (the municipality portal shows
    proposals, consultations, arenas, activities with free places and partnerships)."""
    transaction.on_commit(public_pages_changed)


def _apply(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
