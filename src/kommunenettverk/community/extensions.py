"""What the citizen portal adds to pages of other apps (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.community import worklist
from kommunenettverk.community.views.common import CITIZEN_SESSION_KEY
from kommunenettverk.core.cache import personal_session_key_register
from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.worklist import register_task_source


def register() -> None:
    """The municipality page links to the municipality's portal for inhabitants, and a
    signed-in citizen's pages (their name in the header) stay out of the public page cache."""
    register_task_source(worklist.proposal_moderation_tasks)
    register_link(Page.MUNICIPALITY, _("For innbyggere"), "community:portal", order=10)
    personal_session_key_register(CITIZEN_SESSION_KEY)
