"""What policy asks of whom (core.tasks): submitted input for the national coordinator to
forward, forwarded input for the state body it is addressed to (oldest first)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.rules import state_bodies

FORWARD = gettext_lazy("Innspill å videresende til staten")
ANSWER = gettext_lazy("Innspill å svare på")


def policy_input_tasks(user: User) -> list[Task]:
    """Submitted input for the national coordinator (one query) and forwarded input (or input
    under review) addressed to a state representative's own body only (two queries)."""
    tasks: list[Task] = []
    if user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        waiting = PolicyInput.objects.filter(status=PolicyInput.Status.SUBMITTED)
        tasks.extend(
            Task(
                kind="policy_forward",
                group=FORWARD,
                title=p.title,
                url=p.get_absolute_url(),
                since=timezone.localdate(p.submitted_at) if p.submitted_at else None,
            )
            for p in waiting.order_by("submitted_at", "pk")
            if user.has_perm("policy.handle_input", p)
        )
    bodies = state_bodies(user)
    if bodies:
        # Their own body only: a role held nationally does not widen it (policy.rules).
        forwarded = PolicyInput.objects.filter(
            status__in=(PolicyInput.Status.FORWARDED, PolicyInput.Status.REVIEWING),
            addressee_id__in=bodies,
        ).select_related("addressee")
        tasks.extend(
            Task(
                kind="policy_answer",
                group=ANSWER,
                title=p.title,
                url=p.get_absolute_url(),
                since=timezone.localdate(p.submitted_at) if p.submitted_at else None,
                detail=str(p.addressee),
            )
            for p in forwarded.order_by("submitted_at", "pk")
            if user.has_perm("policy.answer_input", p)
        )
    return tasks
