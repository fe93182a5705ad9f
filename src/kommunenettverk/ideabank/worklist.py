"""What ideabank asks of whom (core.tasks): examples waiting for review."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.ideabank.models import Example

REVIEW = gettext_lazy("Eksempler til vurdering i idébanken")


def example_review_tasks(user: User) -> list[Task]:
    """Examples in review that the user may review (the national coordinator all, a regional
    adviser those of their region or networks). One query."""
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)):
        return []
    examples = Example.objects.filter(status=Example.Status.IN_REVIEW).select_related(
        "municipality__county__ks_region", "network__ks_region"
    )
    return [
        Task(
            kind="example_review",
            group=REVIEW,
            title=f"{e.title} ({e.municipality.name_nb})",
            url=e.get_absolute_url(),
        )
        for e in examples
        if user.has_perm("ideabank.review_example", e)
    ]
