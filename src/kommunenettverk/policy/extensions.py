"""What policy adds to what other apps gather (core.tasks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.notifications.kinds import register_notice_kind
from kommunenettverk.policy import worklist


def register() -> None:
    register_task_source(worklist.policy_input_tasks)
    register_notice_kind(
        "input_forwarded",
        _("Innspill til staten er videresendt til ditt organ"),
        perm="policy.answer_input",
        order=50,
    )
    register_notice_kind(
        "input_answered",
        _("Innspill til staten er besvart"),
        perm="policy.change_input",
        order=51,
    )
