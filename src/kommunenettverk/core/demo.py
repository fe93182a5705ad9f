"""Helpers the apps' demo loaders share: acting only as someone the permission rules allow,
and dating what happened in the past at the time it happened (rows and their history)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

U = TypeVar("U")


def acting(user: U | None, perm: str, obj: Any) -> U:
    """`user`, after checking that the rules let them do `perm` on `obj`: the demo must obey
    the permissions it demonstrates (a coordinator moderates only their own municipality's
    proposals). Raises PermissionDenied otherwise."""
    if user is None or not user.has_perm(perm, obj):  # type: ignore[attr-defined]  # a User
        raise PermissionDenied(f"Demo: {user} may not {perm} on {obj!r}")
    return user


def _timestamp_fields(model: type[models.Model]) -> list[str]:
    """The model's "when was this written" fields: auto_now(_add) or defaulting to now."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
        and (field.auto_now or field.auto_now_add or field.default is timezone.now)
    ]


def backdate(
    objects: Iterable[models.Model],
    at: datetime.datetime,
    *,
    since: datetime.datetime | None = None,
) -> None:
    """Date what the objects wrote (their creation timestamps and their history records) at
    `at`, so what the demo says happened in 2007 was also written in 2007. With `since`, only
    what was written at or after `since` (one step of a longer story). A few queries per
    model, whatever the number of objects."""
    by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj.pk)
    for model, pks in by_model.items():
        rows = model._default_manager.filter(pk__in=pks)
        for field in _timestamp_fields(model):
            written = rows if since is None else rows.filter(**{f"{field}__gte": since})
            written.update(**{field: at})
        history = getattr(model, "history", None)
        if history is not None:
            records = history.model.objects.filter(**{f"{model._meta.pk.attname}__in": pks})
            if since is not None:
                records = records.filter(history_date__gte=since)
            records.update(history_date=at)
