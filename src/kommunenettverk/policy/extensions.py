"""What policy adds to what other apps gather (core.tasks)."""

from __future__ import annotations

from kommunenettverk.core.tasks import register_task_source
from kommunenettverk.policy import tasks


def register() -> None:
    register_task_source(tasks.policy_input_tasks)
