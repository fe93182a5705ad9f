"""Sections that apps below plans add to a goal's page.

Plans knows no app below it; an app that has something to show about a goal (the indicators
app: the goal's indicators with baseline, target and whether it is on track) registers a
section here in its AppConfig.ready(), and the goal page renders each one in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kommunenettverk.plans.models import Goal

# Renders the section's HTML for the goal and the visitor (an empty string: nothing to show).
GoalSectionRenderer = Callable[[HttpRequest, Goal], SafeString]


@dataclass(frozen=True)
class GoalSection:
    key: str
    render: GoalSectionRenderer
    order: int = 100


_SECTIONS: list[GoalSection] = []


def register_goal_section(key: str, render: GoalSectionRenderer, *, order: int = 100) -> None:
    """Add a section to every goal's page; `render(request, goal)` returns its HTML.
    Registering the same key twice keeps the first."""
    if all(section.key != key for section in _SECTIONS):
        _SECTIONS.append(GoalSection(key=key, render=render, order=order))


def goal_sections(request: HttpRequest, goal: Goal) -> list[SafeString]:
    """The HTML of every registered section for this goal, in order, leaving out empty ones."""
    rendered = (
        section.render(request, goal)
        for section in sorted(_SECTIONS, key=lambda section: section.order)
    )
    return [html for html in rendered if html]
