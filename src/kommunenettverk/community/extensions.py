"""What the citizen portal adds to pages of other apps (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.community import tasks
from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.tasks import register_task_source


def register() -> None:
    register_task_source(tasks.proposal_moderation_tasks)
    """The municipality page links to the municipality's portal for inhabitants."""
    register_link(Page.MUNICIPALITY, _("For innbyggere"), "community:portal", order=10)
