"""Who may read, write and moderate discussions (docs/permissions.md has the table).

A *member* of a network is a participant or municipal coordinator of a municipality (or county
municipality) that is a current member of it. Threads are seen by the network's members, its
adviser and the national coordinator; a thread opened to the programme also by the members and
advisers of the programme's other networks, and one asked of a resource partner by the people
who hold the partner role for that organisation. Comments on a goal, measure or project are
seen and written in the networks the owning municipality (or the project) belongs to.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from rules.permissions import add_perm
from rules.predicates import predicate

from kommunenettverk.accounts.models import Role, RoleAssignment
from kommunenettverk.accounts.rules import is_municipal_coordinator, is_national_coordinator
from kommunenettverk.networks.models import DevelopmentProject, Network, NetworkMembership
from kommunenettverk.networks.rules import is_network_adviser
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import County, Municipality

_MEMBER_CACHE = "_discussion_member_networks"
_NETWORKS_CACHE = "_discussion_networks"


def member_network_ids(user: Any) -> dict[int, int | None]:
    """The networks the user is a member of (through a participant or coordinator role over a
    current member), each with the municipality the user speaks for there (None for a county
    municipality). Read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached: dict[int, int | None] | None = getattr(user, _MEMBER_CACHE, None)
    if cached is not None:
        return cached
    roles = RoleAssignment.objects.filter(
        user=user, role__in=(Role.PARTICIPANT, Role.MUNICIPAL_COORDINATOR)
    )
    municipalities = roles.filter(scope_type=ContentType.objects.get_for_model(Municipality))
    counties = roles.filter(scope_type=ContentType.objects.get_for_model(County))
    rows = NetworkMembership.objects.filter(left_on__isnull=True).filter(
        Q(participation__municipality_id__in=municipalities.values("scope_id"))
        | Q(participation__county_id__in=counties.values("scope_id"))
    )
    cached = {}
    for network_id, municipality_id in rows.values_list(
        "network_id", "participation__municipality_id"
    ).order_by("pk"):
        cached.setdefault(network_id, municipality_id)
    setattr(user, _MEMBER_CACHE, cached)
    return cached


def forget_membership(user: Any) -> None:
    if hasattr(user, _MEMBER_CACHE):
        delattr(user, _MEMBER_CACHE)


def networks_of(obj: Any) -> list[Network]:
    """The networks in which `obj` is discussed: a network itself, a thread's or post's
    network, a project's network, or the current networks of a goal's or measure's
    municipality."""
    if isinstance(obj, Network):
        return [obj]
    if isinstance(obj, DevelopmentProject):
        return [obj.network]
    if isinstance(obj, Goal | Measure):
        cached: list[Network] | None = getattr(obj, _NETWORKS_CACHE, None)
        if cached is None:
            municipality_id = (
                obj.municipality_id if isinstance(obj, Goal) else obj.goal.municipality_id
            )
            cached = list(
                Network.objects.filter(
                    memberships__left_on__isnull=True,
                    memberships__participation__municipality_id=municipality_id,
                ).distinct()
            )
            setattr(obj, _NETWORKS_CACHE, cached)
        return cached
    network = getattr(obj, "network", None)
    return [network] if isinstance(network, Network) else []


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_member(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return False
    mine = member_network_ids(user)
    return bool(mine) and any(n.pk in mine for n in networks_of(obj))


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_adviser_of(user: Any, obj: Any = None) -> bool:
    """The user leads a network in which `obj` is discussed."""
    if obj is None:
        return False
    return any(is_network_adviser(user, network) for network in networks_of(obj))


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def reaches_programme(user: Any, thread: Any = None) -> bool:
    """A thread opened to the programme: members and advisers of its other networks."""
    if thread is None or getattr(thread, "audience", "") != "programme":
        return False
    programme_id = thread.network.programme_id
    mine = member_network_ids(user)
    if mine and Network.objects.filter(pk__in=mine, programme_id=programme_id).exists():
        return True
    led = Network.objects.filter(programme_id=programme_id).filter(adviser=user)
    return getattr(user, "is_authenticated", False) and led.exists()


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_asked_partner(user: Any, thread: Any = None) -> bool:
    """The user holds the partner role for the organisation the thread was asked of."""
    if thread is None or not getattr(thread, "partner_id", None):
        return False
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return RoleAssignment.objects.filter(
        user=user, role=Role.PARTNER, organisation_id=thread.partner_id
    ).exists()


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_thread_author(user: Any, thread: Any = None) -> bool:
    return (
        thread is not None
        and getattr(user, "is_authenticated", False)
        and getattr(thread, "author_id", None) == user.pk
    )


can_take_part = is_adviser_of | is_member

# On a network: its discussion page, list and search.
add_perm("discussions.view_discussions", is_national_coordinator | can_take_part)
# On a network: start a thread in it.
add_perm("discussions.start_thread", can_take_part)
# On a thread: read it and its attachments.
add_perm(
    "discussions.view_thread",
    is_national_coordinator | can_take_part | reaches_programme | is_asked_partner,
)
# On a thread: answer it (a closed thread takes no answers: the service refuses).
add_perm("discussions.answer_thread", can_take_part | reaches_programme | is_asked_partner)
# On a thread: mark answers that helped (the asker).
add_perm("discussions.mark_helpful", is_thread_author)
# On a thread or post: pin, close, move, hide with a reason, publish a summary.
add_perm("discussions.moderate", is_national_coordinator | is_adviser_of)
# On a thread: turn it into an idea-bank draft of the asker's municipality.
add_perm("discussions.convert_thread", is_thread_author | is_municipal_coordinator)
# On a goal, measure or development project: read the comments, and write them.
add_perm("discussions.view_comments", is_national_coordinator | can_take_part)
add_perm("discussions.comment", can_take_part)
