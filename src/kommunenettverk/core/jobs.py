"""Background jobs that survive their worker: heartbeats, stale-job recovery and cancelling.

A job is a row (an import, a report file, an email in the outbox) with a state field, an
`attempts` count and a `heartbeat_at` time. The worker that runs it claims the row
(queued → running, attempts + 1) and writes `heartbeat_at` whenever it reports progress. A row
whose heartbeat is older than TASK_STALE_SECONDS is stale:

- running and stale: its worker died (killed, out of memory, machine gone). It is queued again
  and re-enqueued while it has had fewer than its kind's `max_attempts`, else failed with the
  reason. The work itself is one transaction, so the dead worker left nothing half written.
- queued and stale: its task was lost (the process died between the commit and the enqueue, or
  the queue was emptied). It is enqueued again; a task whose row is no longer queued does
  nothing, so a doubled task is harmless.

`jobs_recover_stale` does this for every registered kind. Each worker runs it when it starts and
every TASK_SWEEP_SECONDS (`manage.py worker`), and a job's own page runs it for that job
(`job_recover_if_stale`), so the page tells the truth even when no worker is left.

Apps register their kinds in `AppConfig.ready()` (`register_job_kind`); core knows no app.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone


class JobCancelled(Exception):
    """Raised between chunks of a job whose cancel flag is set; its transaction rolls back."""


@dataclass(frozen=True)
class JobKind:
    """How one model's rows are run as jobs.

    `fail` gives the fields that mark a row failed with a reason; `enqueue` puts a row's task on
    the queue; `stale_extra` narrows which rows count (e.g. messages waiting for a retry).
    """

    name: str
    model: type[models.Model]
    state_field: str
    queued: str
    running: str
    fail: Callable[[str], dict[str, Any]]
    enqueue: Callable[[int], None]
    max_attempts: Callable[[], int] = field(default=lambda: settings.TASK_MAX_ATTEMPTS)


_KINDS: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> None:
    _KINDS.setdefault(kind.name, kind)


def job_kinds() -> list[JobKind]:
    return list(_KINDS.values())


def _kind_for(model: type[models.Model]) -> JobKind:
    for kind in _KINDS.values():
        if kind.model is model:
            return kind
    raise LookupError(f"{model.__name__} is not a registered job kind")


def stale_before(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS)


def job_claim(model: type[models.Model], pk: int, **fields: Any) -> bool:
    """Take a queued row for this worker (queued → running): True if this worker got it. Two
    workers given the same row: exactly one claims it."""
    kind = _kind_for(model)
    claimed = model._default_manager.filter(pk=pk, **{kind.state_field: kind.queued}).update(
        **{kind.state_field: kind.running},
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
        **fields,
    )
    return claimed == 1


def job_heartbeat(model: type[models.Model], pk: int, **fields: Any) -> bool:
    """Write a sign of life (and e.g. progress) on a running row; returns whether the row has
    been asked to stop (`cancel_requested`), for the job to check between chunks."""
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)
    return bool(
        model._default_manager.filter(pk=pk, cancel_requested=True).exists()
        if any(f.name == "cancel_requested" for f in model._meta.get_fields())
        else False
    )


def _recover(kind: JobKind, rows: models.QuerySet[Any], now: datetime.datetime) -> int:
    recovered = 0
    state = kind.state_field
    for pk, current, attempts in rows.values_list("pk", state, "attempts"):
        with transaction.atomic():
            still = kind.model._default_manager.filter(
                pk=pk, **{state: current}, heartbeat_at__lt=stale_before(now)
            )
            if current == kind.running and attempts >= kind.max_attempts():
                reason = (
                    f"Arbeidsprosessen stoppet uten å gi livstegn på "
                    f"{settings.TASK_STALE_SECONDS} sekunder ({attempts} forsøk); "
                    "ingenting ble lagret."
                )
                done = still.update(heartbeat_at=now, **kind.fail(reason))
            else:
                done = still.update(**{state: kind.queued}, heartbeat_at=now)
                if done:
                    transaction.on_commit(functools.partial(kind.enqueue, pk))
        recovered += done
    return recovered


def jobs_recover_stale(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue again (or fail) every stale queued or running row of every kind; returns how
    many rows of each kind were touched."""
    now = now or timezone.now()
    counts = {}
    for kind in _KINDS.values():
        rows = kind.model._default_manager.filter(
            Q(**{kind.state_field: kind.queued}) | Q(**{kind.state_field: kind.running}),
            heartbeat_at__lt=stale_before(now),
        ).order_by("pk")
        counts[kind.name] = _recover(kind, rows, now)
    return counts


def job_recover_if_stale(obj: models.Model) -> bool:
    """For a job's page: recover this one row if it is stale; True if it was."""
    kind = _kind_for(type(obj))
    rows = kind.model._default_manager.filter(
        Q(**{kind.state_field: kind.queued}) | Q(**{kind.state_field: kind.running}),
        pk=obj.pk,
        heartbeat_at__lt=stale_before(),
    )
    return _recover(kind, rows, timezone.now()) > 0
