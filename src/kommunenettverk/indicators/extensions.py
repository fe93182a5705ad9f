"""What indicators adds to pages it does not own (core.extensions): the municipality's
indicator page and, on a goal's page, the goal's indicators with baseline, target and status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link, register_section
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.indicators import worklist
from kommunenettverk.indicators.views import goal_section


def register() -> None:
    register_task_source(worklist.indicator_update_tasks)
    register_link(Page.MUNICIPALITY, _("Indikatorer"), "indicators:municipality", order=40)
    register_section(Page.GOAL, "indicators", goal_section, order=10)
