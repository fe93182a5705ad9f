"""What programmes adds to what other apps gather (core.tasks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.notifications.kinds import register_notice_kind
from kommunenettverk.programmes import worklist


def register() -> None:
    register_task_source(worklist.participation_tasks)
    register_notice_kind(
        "application_sent",
        _("En kommune har søkt om å delta i et program"),
        perm="programmes.approve_participation",
        order=10,
    )
    register_notice_kind(
        "application_decided",
        _("Søknaden om å delta er avgjort"),
        perm="programmes.view_participation",
        order=11,
    )
