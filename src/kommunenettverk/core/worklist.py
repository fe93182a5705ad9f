"""The one task registry: what each app asks of whom, gathered on "Mine oppgaver".

A task list is never stored (a stored to-do list drifts from the data): each app registers a
*task source* in its own `extensions.py`, a function `(user) -> list[Task]` that reads what is
waiting for that user right now. When the work is done, the query no longer finds it and the
task leaves the list by itself. `web` only gathers: `task_list(user)` calls every source.

Each source runs a small, fixed number of queries whatever the data size (checks the user's
roles first, which `accounts.rules` reads once per user object) and returns [] for users it
asks nothing of.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Task:
    """One thing a person is asked to do, and the page where it is done."""

    kind: str  # a short, stable key ("participation_decide"), for tests and grouping
    group: str | Promise  # the heading it is shown under ("Søknader å behandle")
    title: str  # what it is about ("Bergen kommune – Klimanettverk 2025")
    url: str  # the page where it is done
    due: datetime.date | None = None  # by when, if there is a deadline (overdue shows first)
    detail: str = ""  # one more line, e.g. "Sendt inn 3. mars"
    since: datetime.date | None = None  # waiting since (oldest first among equal due dates)


TaskSource = Callable[[Any], list[Task]]

_SOURCES: list[TaskSource] = []


def register_task_source(source: TaskSource) -> None:
    """Ask `source(user)` for tasks on every task list (registering twice keeps one)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def task_list(user: Any) -> list[Task]:
    """Everything waiting for `user`: by group (order of registration), then by due date
    (those without one last), then oldest first, then by title."""
    if not getattr(user, "is_authenticated", False):
        return []
    tasks: list[Task] = []
    for source in _SOURCES:
        tasks.extend(source(user))
    order: dict[str, int] = {}
    for task in tasks:
        order.setdefault(str(task.group), len(order))
    return sorted(
        tasks,
        key=lambda t: (
            order[str(t.group)],
            t.due is None,
            t.due or datetime.date.min,
            t.since or datetime.date.min,
            t.title,
        ),
    )
