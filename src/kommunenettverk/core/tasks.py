"""The one place the task queue is imported from: Django's Tasks API through the `django-tasks`
backport. On Django 6 the imports below become `from django.tasks import …` and nothing else
changes. Apps define their tasks in `<app>/tasks.py` as thin functions over services; the
settings choose the backend (TASKS_BACKEND: the database queue, or run at once)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.base import Task

__all__ = ["Task", "TaskResultStatus", "enqueue", "enqueue_on_commit", "task"]


def enqueue(
    queued: Task[Any, Any], *args: Any, run_after: datetime.datetime | None = None, **kwargs: Any
) -> None:
    """Put `queued(*args, **kwargs)` on the queue now, to run after `run_after` where the
    backend can wait (the database queue can; the immediate backend runs it at once)."""
    if run_after is not None and default_task_backend.supports_defer:
        queued = queued.using(run_after=run_after)
    queued.enqueue(*args, **kwargs)


def enqueue_on_commit(
    queued: Task[Any, Any], *args: Any, run_after: datetime.datetime | None = None, **kwargs: Any
) -> None:
    """Queue the task once the current transaction commits (at once outside one), so a worker
    never sees a row the transaction has not written, and a rolled-back write queues nothing."""
    transaction.on_commit(lambda: enqueue(queued, *args, run_after=run_after, **kwargs))


def run_from_command(queued: Task[Any, Any], *args: Any, now: bool = False, **kwargs: Any) -> Any:
    """For the management commands that cron runs: queue the task for the workers (the
    default), or with `now` run the same task function in this process. Returns the task's
    return value when it has run (at once, or on the immediate backend), else None."""
    if now:
        return queued.call(*args, **kwargs)
    result = queued.enqueue(*args, **kwargs)
    if result.status == TaskResultStatus.FAILED:
        raise RuntimeError(f"{queued.name} failed: {result.errors[-1].traceback}")
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    return None
