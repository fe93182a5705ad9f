"""The task list of the signed-in user, read once per request (the header's count and the
"Mine oppgaver" page share it). `core.tasks` holds the registry; each app registers its own
source, `web` only gathers. With a shared cache the list is kept between requests until a table
it was read from changes (core.dataversion), so the count on every signed-in page costs no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from kommunenettverk.core.dataversion import versioned
from kommunenettverk.core.worklist import Task, task_list

_ATTR = "_kommunenettverk_tasks"


def request_tasks(request: HttpRequest) -> list[Task]:
    cached: list[Task] | None = getattr(request, _ATTR, None)
    if cached is None:
        user = request.user
        if user.is_authenticated:
            # Kept until a table the task sources read changes (core.dataversion): the list
            # depends on the data, the day (deadlines) and the language of its titles.
            key = f"tasks:{user.pk}:{get_language()}:{timezone.localdate().isoformat()}"
            cached = versioned(key, lambda: task_list(user))
        else:
            cached = []
        setattr(request, _ATTR, cached)
    return cached


@dataclass(frozen=True)
class TaskCount:
    count: int


@dataclass(frozen=True)
class TaskGroup:
    heading: str
    tasks: list[Task]


def grouped(tasks: list[Task]) -> list[TaskGroup]:
    """Tasks under their headings, in the order `task_list` gives (already by group)."""
    return [
        TaskGroup(heading=heading, tasks=list(items))
        for heading, items in groupby(tasks, key=lambda t: str(t.group))
    ]
