"""What programmes adds to what other apps gather (core.tasks)."""

from __future__ import annotations

from kommunenettverk.core.tasks import register_task_source
from kommunenettverk.programmes import tasks


def register() -> None:
    register_task_source(tasks.participation_tasks)
