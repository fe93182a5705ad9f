"""The one schedule registry: background tasks that run daily or weekly at a local time.

Each app registers its schedules in its own `extensions.py` (`register_schedule`). Every
`manage.py worker` calls `schedules_enqueue_due()` when it starts and every
TASK_SWEEP_SECONDS (unless TASK_SCHEDULE_ENABLED is off, for sites that run the management
commands from cron instead): each schedule that is due and not yet run in its period is queued.

- A **period** is a local calendar day (daily schedules) or an ISO week (weekly ones). A
  schedule is due from its time in the period (local wall-clock time, Europe/Oslo, so 07:00
  stays 07:00 across summer time) to the end of the period.
- **Exactly once per period**, however many workers share the database: queuing writes a
  `ScheduledRun(name, period)` row (unique) in the same transaction as the task; a worker that
  loses the race gets an IntegrityError and queues nothing.
- A run missed while no worker ran is queued once when a worker starts later in the same
  period; earlier periods are never caught up.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kommunenettverk.core.models import ScheduledRun
from kommunenettverk.core.tasks import Task, enqueue


def _no_args(day: datetime.date) -> tuple[Any, ...]:
    return ()


@dataclass(frozen=True)
class Schedule:
    name: str  # short and stable: the key of its ScheduledRun rows ("ideabank.digests")
    task: Task[Any, Any]
    at: datetime.time  # local time
    weekday: int | None = None  # 0 = Monday … 6 = Sunday for a weekly schedule; None = daily
    # The task's arguments for the run of the local day it is queued on.
    args: Callable[[datetime.date], tuple[Any, ...]] = _no_args


_SCHEDULES: list[Schedule] = []


def register_schedule(
    name: str,
    task: Task[Any, Any],
    *,
    at: datetime.time,
    weekday: int | None = None,
    args: Callable[[datetime.date], tuple[Any, ...]] = _no_args,
) -> None:
    """Queue `task(*args(today))` daily at `at` (local time), or weekly on `weekday` at `at`.
    Registering the same name twice keeps the first."""
    if weekday is not None and not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    if all(schedule.name != name for schedule in _SCHEDULES):
        _SCHEDULES.append(Schedule(name=name, task=task, at=at, weekday=weekday, args=args))


def schedules() -> list[Schedule]:
    return list(_SCHEDULES)


def due_period(schedule: Schedule, now: datetime.datetime) -> str | None:
    """The period ("2026-12-04" or "2026-W49") in which `schedule` is due at `now` (an aware
    datetime), or None before its time in the current period."""
    local = timezone.localtime(now)
    today = local.date()
    if schedule.weekday is None:
        day, period = today, today.isoformat()
    else:
        year, week, weekday = today.isocalendar()
        day = today + datetime.timedelta(days=schedule.weekday - (weekday - 1))
        period = f"{year}-W{week:02d}"
    # Aware datetimes with one tzinfo compare by wall time: compare instants in UTC. A time
    # that does not exist (the spring-forward hour) falls an hour later; one that occurs twice
    # (autumn) means the first.
    due = timezone.make_aware(datetime.datetime.combine(day, schedule.at))
    if now.astimezone(datetime.UTC) < due.astimezone(datetime.UTC):
        return None
    return period


def schedules_enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Queue every registered schedule that is due at `now` (default: now) and has not run in
    its period; returns the names queued by this call."""
    now = now or timezone.now()
    queued = []
    for schedule in _SCHEDULES:
        period = due_period(schedule, now)
        if period is None:
            continue
        if ScheduledRun.objects.filter(name=schedule.name, period=period).exists():
            continue  # the usual case, without a failed insert
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=schedule.name, period=period)
                enqueue(schedule.task, *schedule.args(timezone.localdate(now)))
        except IntegrityError:
            continue  # another worker took this period
        queued.append(schedule.name)
    return queued
