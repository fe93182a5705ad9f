"""The worker queues the daily and weekly tasks (core.schedule): due from their local time to
the end of their period (a day, an ISO week), across midnight and summer time; each period's
run is queued exactly once however often (and from however many workers) it is asked; a run
missed while no worker ran is queued once later in its period, never for earlier periods."""

from __future__ import annotations

import contextlib
import datetime
import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kommunenettverk.core.models import ScheduledRun
from kommunenettverk.core.schedule import (
    Schedule,
    due_period,
    schedules,
    schedules_enqueue_due,
)
from kommunenettverk.core.tasks import TaskResultStatus
from kommunenettverk.ideabank.tasks import digests_send_task
from kommunenettverk.notifications.tasks import notice_digests_send_task

UTC = datetime.UTC

DAILY_0700 = Schedule(name="daily", task=notice_digests_send_task, at=datetime.time(7, 0))
DAILY_0015 = Schedule(name="late", task=notice_digests_send_task, at=datetime.time(0, 15))
MONDAY_0700 = Schedule(name="weekly", task=digests_send_task, at=datetime.time(7, 0), weekday=0)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_daily_is_due_from_its_local_time_to_the_end_of_the_day() -> None:
    # 4 December 2026, Oslo is UTC+1: 07:00 there is 06:00 UTC.
    assert due_period(DAILY_0700, utc(2026, 12, 4, 5, 59)) is None
    assert due_period(DAILY_0700, utc(2026, 12, 4, 6, 0)) == "2026-12-04"
    assert due_period(DAILY_0700, utc(2026, 12, 4, 22, 59)) == "2026-12-04"


def test_the_day_is_the_local_day_across_midnight() -> None:
    # 23:30 UTC on the 4th is 00:30 on the 5th in Oslo: a new day, before 07:00 there.
    assert due_period(DAILY_0700, utc(2026, 12, 4, 23, 30)) is None
    assert due_period(DAILY_0015, utc(2026, 12, 4, 23, 10)) is None
    assert due_period(DAILY_0015, utc(2026, 12, 4, 23, 30)) == "2026-12-05"


def test_weekly_is_due_from_its_weekday_and_time_to_the_end_of_the_iso_week() -> None:
    # Monday 7 December 2026 (ISO week 50), 07:00 in Oslo = 06:00 UTC.
    assert due_period(MONDAY_0700, utc(2026, 12, 6, 23, 30)) is None  # Monday 00:30 in Oslo
    assert due_period(MONDAY_0700, utc(2026, 12, 7, 5, 59)) is None
    assert due_period(MONDAY_0700, utc(2026, 12, 7, 6, 0)) == "2026-W50"
    assert due_period(MONDAY_0700, utc(2026, 12, 11, 12, 0)) == "2026-W50"  # Friday
    assert due_period(MONDAY_0700, utc(2026, 12, 13, 22, 59)) == "2026-W50"  # Sunday 23:59
    assert due_period(MONDAY_0700, utc(2026, 12, 13, 23, 0)) is None  # Monday 00:00, week 51
    # The week of New Year: Monday 28 December 2026 starts ISO week 53 of 2026.
    assert due_period(MONDAY_0700, utc(2027, 1, 1, 12, 0)) == "2026-W53"


def test_local_time_holds_across_summer_time() -> None:
    # Summer time starts Sunday 29 March 2026 at 02:00 (UTC+1 → UTC+2).
    assert due_period(DAILY_0700, utc(2026, 3, 28, 5, 30)) is None  # 06:30 CET
    assert due_period(DAILY_0700, utc(2026, 3, 28, 6, 0)) == "2026-03-28"  # 07:00 CET
    assert due_period(DAILY_0700, utc(2026, 3, 29, 4, 59)) is None  # 06:59 CEST
    assert due_period(DAILY_0700, utc(2026, 3, 29, 5, 0)) == "2026-03-29"  # 07:00 CEST
    assert due_period(MONDAY_0700, utc(2026, 3, 30, 5, 0)) == "2026-W14"
    # 02:30 does not exist that night: it falls an hour later, at 03:30 CEST.
    at_0230 = Schedule(name="night", task=notice_digests_send_task, at=datetime.time(2, 30))
    assert due_period(at_0230, utc(2026, 3, 29, 1, 15)) is None  # 03:15 CEST
    assert due_period(at_0230, utc(2026, 3, 29, 1, 30)) == "2026-03-29"
    # Summer time ends Sunday 25 October 2026 at 03:00 (UTC+2 → UTC+1): 07:00 is 06:00 UTC.
    assert due_period(DAILY_0700, utc(2026, 10, 25, 5, 30)) is None  # 06:30 CET
    assert due_period(DAILY_0700, utc(2026, 10, 25, 6, 0)) == "2026-10-25"
    # 02:30 happens twice that night: the first counts (00:30 UTC).
    assert due_period(at_0230, utc(2026, 10, 25, 0, 29)) is None
    assert due_period(at_0230, utc(2026, 10, 25, 0, 30)) == "2026-10-25"


def _queued(task_name: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=f".{task_name}").count()


@pytest.mark.django_db
def test_each_period_is_queued_once_and_missed_runs_are_not_caught_up(
    database_queue: None,
) -> None:
    names = {schedule.name for schedule in schedules()}
    assert {"ideabank.digests", "notifications.notice_digests"} <= names

    # Wednesday 9 December 2026 at noon: every daily schedule and Monday's digest are due
    # (no worker ran on Monday: the week's digest is queued now, once).
    wednesday = utc(2026, 12, 9, 11, 0)
    assert set(schedules_enqueue_due(wednesday)) == names
    assert schedules_enqueue_due(wednesday) == []
    assert schedules_enqueue_due(wednesday + datetime.timedelta(hours=5)) == []
    assert _queued("digests_send_task") == 1
    assert _queued("notice_digests_send_task") == 1
    assert ScheduledRun.objects.filter(name="ideabank.digests", period="2026-W50").exists()

    # Thursday: the daily ones again, not the weekly one.
    queued = schedules_enqueue_due(wednesday + datetime.timedelta(days=1))
    assert "notifications.notice_digests" in queued
    assert "ideabank.digests" not in queued
    assert _queued("notice_digests_send_task") == 2

    # No worker until Monday 21 December 06:00 (Oslo 07:00 is 06:00 UTC): last week's digest
    # and the missed days are not caught up; the new week's digest waits for 07:00.
    queued = schedules_enqueue_due(utc(2026, 12, 21, 5, 0))
    assert "ideabank.digests" not in queued
    assert _queued("digests_send_task") == 1
    assert _queued("notice_digests_send_task") == 3  # Monday's, from 06:00 local
    assert schedules_enqueue_due(utc(2026, 12, 21, 6, 0)) == ["ideabank.digests"]
    assert _queued("digests_send_task") == 2


@pytest.mark.django_db
def test_the_task_gets_the_arguments_of_its_day(database_queue: None) -> None:
    schedules_enqueue_due(utc(2027, 1, 4, 12, 0))
    publish = DBTaskResult.objects.get(task_path__endswith=".volunteer_effort_publish_task")
    assert publish.args_kwargs["args"] == [[2026, 2027]]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_queue_each_run_once(database_queue: None) -> None:
    """Each thread has its own database connection, as two worker processes would. On
    PostgreSQL they insert at the same moment; SQLite's in-memory test database refuses a
    second writer instead of waiting for it (a database file waits: its busy timeout), so there
    the threads take turns, as SQLite's one writer at a time makes them."""
    now = utc(2026, 12, 9, 11, 0)
    barrier = threading.Barrier(2)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            with turns:
                results.append(schedules_enqueue_due(now))
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    first, second = results
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(schedule.name for schedule in schedules())
    assert _queued("digests_send_task") == 1
    assert ScheduledRun.objects.count() == len(schedules())


# The worker closes its database connection as a process does: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_and_runs_what_is_due(database_queue: None, settings: Any) -> None:
    settings.TASK_SCHEDULE_ENABLED = True  # the default outside the test suite
    now = timezone.now()
    due = {schedule.name for schedule in schedules() if due_period(schedule, now)}
    task_of = {schedule.task.name: schedule.name for schedule in schedules()}

    call_command("worker", "--batch", stdout=io.StringIO())

    assert set(ScheduledRun.objects.values_list("name", flat=True)) == due
    runs = DBTaskResult.objects.all()
    assert {task_of[run.task_path.rsplit(".", 1)[1]] for run in runs} == due
    assert {run.status for run in runs} <= {TaskResultStatus.SUCCESSFUL}

    call_command("worker", "--batch", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == len(due)


# The worker closes its database connection as a process does: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_nothing_when_cron_does_it(database_queue: None, settings: Any) -> None:
    settings.TASK_SCHEDULE_ENABLED = False
    call_command("worker", "--batch", stdout=io.StringIO())
    assert not ScheduledRun.objects.exists()
    assert not DBTaskResult.objects.exists()
