"""What the discussions ask of whom (core.worklist): questions in your network that nobody has
answered yet (the last 30 days; at most five, oldest first)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.discussions.selectors import unanswered_questions

UNANSWERED = gettext_lazy("Ubesvarte spørsmål i nettverket ditt")
LIMIT = 5


def unanswered_question_tasks(user: User) -> list[Task]:
    """Two queries for participants and coordinators (memberships, then the questions)."""
    if not user_has_role(user, (Role.PARTICIPANT, Role.MUNICIPAL_COORDINATOR)):
        return []
    return [
        Task(
            kind="discussion_unanswered",
            group=UNANSWERED,
            title=f"{t.title} ({t.municipality.name if t.municipality else t.network})",
            url=t.get_absolute_url(),
            detail=str(t.network),
            since=t.created_at.date(),
        )
        for t in unanswered_questions(user)[:LIMIT]
    ]
