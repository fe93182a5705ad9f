"""Replies by email: the registry of reply handlers and the signed reply addresses.

An app whose objects take answers (comments on a report, answers in a thread …) registers a
handler for the object's model in its `extensions.py`:

    register_reply_handler("plans.annualreport", handler, perm="plans.comment_report",
                           hint=_("Svar på denne e-posten for å kommentere rapporten."))

`handler(obj, user, text)` makes the answer through the app's own service, which checks that
`user` may; a refusal is the app's `DomainError` (or `PermissionDenied`/`ValidationError`) and
is mailed back to the person. `perm` (checked on the object with the recipient as user)
decides who gets a reply address at all; `hint` is the line the email adds under the notice.

A notice emailed about such an object (notifications.services.notify) carries `Reply-To:
svar+<token>@REPLY_DOMAIN`. The token names the recipient, the object and the time it was
made, with an HMAC of Django's signing machinery (`salted_hmac` with its own salt, the
SECRET_KEY and its fallbacks), in lower-case base 32 and base 36 so the address fits the 64
characters a local part may have and survives mail servers that change its case. It is valid
REPLY_MAX_AGE_DAYS. `reply_target(address)` reads an address back or raises `ReplyRefused`.
"""

from __future__ import annotations

import base64
import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import Promise
from django.utils.http import base36_to_int, int_to_base36

from kommunenettverk.accounts.models import User

ReplyHandler = Callable[[models.Model, User, str], object]

SALT = "kommunenettverk.notifications.reply"
LOCAL_PREFIX = "svar+"


@dataclass(frozen=True)
class ReplyKind:
    model_label: str
    handler: ReplyHandler
    perm: str | None = None
    hint: str | Promise = ""


_HANDLERS: dict[str, ReplyKind] = {}


def register_reply_handler(
    model_label: str,
    handler: ReplyHandler,
    *,
    perm: str | None = None,
    hint: str | Promise = "",
) -> None:
    """Let replies by email to notices about `model_label` objects ("app_label.modelname")
    become answers through `handler(obj, user, text)`. Registering a model twice keeps the
    first, like the other registries."""
    label = model_label.lower()
    _HANDLERS.setdefault(label, ReplyKind(label, handler, perm=perm, hint=hint))


def reply_kind(obj: models.Model | type[models.Model]) -> ReplyKind | None:
    """The registered handler for the object's model, or None."""
    return _HANDLERS.get(obj._meta.label_lower)


def reply_enabled() -> bool:
    return bool(settings.REPLY_DOMAIN)


# --- tokens -------------------------------------------------------------------------------------


class ReplyRefused(Exception):
    """A reply address or a delivered reply that is not taken. `code` and `message` are the
    LMTP answer (an enhanced status code and a reason in English, plain ASCII as SMTP wants);
    they tell the sender what is wrong and nothing about who or what the address names."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


UNKNOWN_ADDRESS = ReplyRefused("550 5.1.1", "Unknown reply address")
EXPIRED = ReplyRefused(
    "550 5.7.1", "This reply address has expired; please answer on the website instead"
)


def _signature(value: str, secret: str) -> str:
    digest = salted_hmac(SALT, value, secret=secret, algorithm="sha256").digest()[:16]
    return base64.b32encode(digest).decode("ascii").rstrip("=").lower()


def reply_token(obj: models.Model, user: User, *, at: datetime.datetime | None = None) -> str:
    """The signed token naming `user`, `obj` and the time (now, or `at`)."""
    when = int(at.timestamp() if at is not None else time.time())
    content_type = ContentType.objects.get_for_model(obj)
    parts = [int_to_base36(n) for n in (user.pk, content_type.pk, int(obj.pk), when)]
    value = ".".join(parts)
    return f"{value}.{_signature(value, settings.SECRET_KEY)}"


def reply_address(obj: models.Model, user: User) -> str | None:
    """The Reply-To address for an email to `user` about `obj`, or None: replies are off
    (REPLY_DOMAIN empty), nobody registered a handler for the object's model, or `user` may
    not answer (the handler's `perm`)."""
    kind = reply_kind(obj)
    if not reply_enabled() or kind is None or obj.pk is None:
        return None
    if kind.perm is not None and not user.has_perm(kind.perm, obj):
        return None
    return f"{LOCAL_PREFIX}{reply_token(obj, user)}@{settings.REPLY_DOMAIN}"


@dataclass(frozen=True)
class ReplyTarget:
    user: User
    obj: models.Model
    kind: ReplyKind
    signed_at: datetime.datetime


def _token_of(address: str) -> str:
    local, at, domain = address.strip().strip("<>").rpartition("@")
    if not at or domain.lower() != settings.REPLY_DOMAIN or not reply_enabled():
        raise UNKNOWN_ADDRESS
    if not local.lower().startswith(LOCAL_PREFIX):
        raise UNKNOWN_ADDRESS
    return local[len(LOCAL_PREFIX) :].lower()


def reply_target(address: str, *, now: datetime.datetime | None = None) -> ReplyTarget:
    """Who and what a reply address names, after checking its signature (with the SECRET_KEY
    and its fallbacks) and age; `ReplyRefused` for anything else: another domain, a forged or
    damaged token, a user or object gone, a model without handler, an expired address."""
    token = _token_of(address)
    value, _dot, signature = token.rpartition(".")
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not value or not any(constant_time_compare(signature, _signature(value, k)) for k in keys):
        raise UNKNOWN_ADDRESS
    try:
        user_id, type_id, obj_id, when = (base36_to_int(part) for part in value.split("."))
    except ValueError:
        raise UNKNOWN_ADDRESS from None
    signed_at = datetime.datetime.fromtimestamp(when, tz=datetime.UTC)
    current = now or datetime.datetime.now(tz=datetime.UTC)
    if current - signed_at > datetime.timedelta(days=settings.REPLY_MAX_AGE_DAYS):
        raise EXPIRED
    user = User.objects.filter(pk=user_id).first()
    try:
        content_type = ContentType.objects.get_for_id(type_id)
    except ContentType.DoesNotExist:
        raise UNKNOWN_ADDRESS from None
    model = content_type.model_class()
    kind = reply_kind(model) if model is not None else None
    obj = model._default_manager.filter(pk=obj_id).first() if model is not None else None
    if user is None or kind is None or obj is None:
        raise UNKNOWN_ADDRESS
    return ReplyTarget(user=user, obj=obj, kind=kind, signed_at=signed_at)
