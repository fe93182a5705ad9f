"""Good-practice examples as outcomes of a gathering (networks.outcomes): the adviser links the
examples (published, or drafts being written) that came out of it at close-out."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.models import Gathering
from kommunenettverk.networks.outcomes import OutcomeKind
from kommunenettverk.registry.models import Municipality

LINKABLE = (Example.Status.PUBLISHED, Example.Status.DRAFT)


def _examples() -> QuerySet[Example]:
    return Example.objects.select_related("municipality__county__ks_region", "network__ks_region")


def example_visible(user: Any, example: Example) -> bool:
    """Published examples for everyone; a draft for those who may see unpublished examples."""
    if example.status == Example.Status.PUBLISHED:
        return True
    return bool(user.has_perm("ideabank.view_unpublished_example", example))


def example_candidates(user: Any, gathering: Gathering) -> list[Example]:
    """Published examples and drafts of the municipalities invited to the gathering or of its
    network that `user` may see."""
    invited = gathering.invitations.filter(participation__municipality__isnull=False).values(
        "participation__municipality"
    )
    examples = _examples().filter(
        Q(municipality__in=invited) | Q(network=gathering.network_id), status__in=LINKABLE
    )
    return [
        e
        for e in examples.order_by("municipality__name_nb", "title", "pk")
        if example_visible(user, e)
    ]


def _municipality(example: Any) -> Municipality:
    municipality: Municipality = example.municipality
    return municipality


def _describe(example: Any) -> str:
    status = "" if example.status == Example.Status.PUBLISHED else f", {_('utkast')}"
    return f"{example.title} ({example.municipality.name_nb}{status})"


EXAMPLES = OutcomeKind(
    key="example",
    label=_("Eksempler i idébanken"),
    candidates=example_candidates,
    visible=example_visible,  # type: ignore[arg-type]  # called with this kind's objects only
    municipality_of=_municipality,
    describe=_describe,
    queryset=_examples,
    order=20,
)
