"""What the citizen portal adds to pages of other apps (core.extensions)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from kommunenettverk.community import worklist
from kommunenettverk.community.services import SIGN_UP_RETENTION_DAYS
from kommunenettverk.community.tasks import (
    activity_reminders_send_task,
    sign_ups_anonymise_task,
    volunteer_effort_publish_task,
)
from kommunenettverk.community.views.common import CITIZEN_SESSION_KEY
from kommunenettverk.core.cache import personal_session_key_register
from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.schedule import register_schedule
from kommunenettverk.core.worklist import register_task_source


def register() -> None:
    """The municipality page links to the municipality's portal for inhabitants, and a
    signed-in citizen's pages (their name in the header) stay out of the public page cache."""
    register_task_source(worklist.proposal_moderation_tasks)
    register_link(Page.MUNICIPALITY, _("For innbyggere"), "community:portal", order=10)
    personal_session_key_register(CITIZEN_SESSION_KEY)
    # Daily, as the management commands of the same names: tomorrow's activity reminders, the
    # sign-ups of activities held over SIGN_UP_RETENTION_DAYS ago anonymised, and the
    # voluntary effort of last year and this year published as indicator values.
    register_schedule(
        "community.activity_reminders", activity_reminders_send_task, at=datetime.time(8, 0)
    )
    register_schedule(
        "community.anonymise_sign_ups",
        sign_ups_anonymise_task,
        at=datetime.time(3, 45),
        args=lambda day: (SIGN_UP_RETENTION_DAYS,),
    )
    register_schedule(
        "community.volunteer_effort",
        volunteer_effort_publish_task,
        at=datetime.time(4, 0),
        args=lambda day: ([day.year - 1, day.year],),
    )
