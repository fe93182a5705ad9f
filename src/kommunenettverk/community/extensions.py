"""What the citizen portal adds to pages of other apps (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.community import worklist
from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.worklist import register_task_source


def register() -> None:
    register_task_source(worklist.proposal_moderation_tasks)
    """The municipality page links to the municipality's portal for inhabitants."""
    register_link(Page.MUNICIPALITY, _("For innbyggere"), "community:portal", order=10)
