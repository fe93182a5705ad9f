"""What community asks of whom (core.tasks): citizen proposals waiting for moderation."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.community.models import Proposal
from kommunenettverk.core.worklist import Task
from kommunenettverk.registry.models import Municipality

MODERATE = gettext_lazy("Innbyggerforslag å moderere")


def proposal_moderation_tasks(user: User) -> list[Task]:
    """Pending proposals to the municipalities the user coordinates, oldest first; each links
    to the municipality's moderation page. One query."""
    if not user_has_role(user, (Role.MUNICIPAL_COORDINATOR,)):
        return []
    coordinated = RoleAssignment.objects.filter(
        user=user,
        role=Role.MUNICIPAL_COORDINATOR,
        scope_type=ContentType.objects.get_for_model(Municipality),
    ).values("scope_id")
    pending = (
        Proposal.objects.filter(status=Proposal.Status.PENDING, municipality_id__in=coordinated)
        .select_related("municipality")
        .order_by("created_at", "pk")
    )
    return [
        Task(
            kind="proposal_moderate",
            group=MODERATE,
            title=f"{p} ({p.municipality.name_nb})",
            url=reverse("community:moderation", args=[p.municipality.number]),
            since=timezone.localdate(p.created_at),
        )
        for p in pending
    ]
