"""What policy adds to what other apps gather (core.tasks)."""

from __future__ import annotations

from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.policy import worklist


def register() -> None:
    register_task_source(worklist.policy_input_tasks)
