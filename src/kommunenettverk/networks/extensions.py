"""What networks adds to pages it does not own (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.tasks import register_task_source
from kommunenettverk.networks import tasks


def register() -> None:
    register_task_source(tasks.network_size_tasks)
    register_task_source(tasks.adviser_gathering_tasks)
    register_task_source(tasks.register_tasks)
    register_task_source(tasks.participant_tasks)
    register_link(
        Page.MUNICIPALITY, _("Program og nettverk"), "networks:municipality_networks", order=10
    )
