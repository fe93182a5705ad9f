"""What networks asks of whom (core.tasks): networks outside their size range, gatherings
left without attendance, minutes or evaluations, overdue follow-up actions, gatherings to
register for, and a participant's own gatherings and follow-up actions."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.networks.models import (
    Evaluation,
    FollowUpAction,
    Gathering,
    Network,
    Registration,
)
from kommunenettverk.networks.selectors import (
    gathering_list_invited,
    network_list,
    network_size_check,
)

NETWORK_SIZE = gettext_lazy("Nettverk utenfor størrelsesregelen")
GATHERING_WRAP_UP = gettext_lazy("Samlinger som mangler oppmøte, referat eller evaluering")
FOLLOW_UP_OVERDUE = gettext_lazy("Oppfølgingspunkter på overtid")
REGISTER = gettext_lazy("Samlinger å melde seg på")
MY_GATHERINGS = gettext_lazy("Mine samlinger")
MY_FOLLOW_UPS = gettext_lazy("Oppfølgingspunkter du har ansvar for")

# A gathering's attendance, minutes and evaluations are expected within a week of its end.
WRAP_UP_DAYS = 7


def _running(today: datetime.date) -> Q:
    return Q(programme__ends_on__isnull=True) | Q(programme__ends_on__gte=today)


def _gathering_url(gathering: Gathering) -> str:
    return reverse("networks:gathering_detail", args=[gathering.network.slug, gathering.number])


def network_size_tasks(user: User) -> list[Task]:
    """Running networks outside their programme's size range (4–7): every one for the national
    coordinator, those of their KS regions or their own for a regional adviser. One query."""
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)):
        return []
    networks = network_list().filter(_running(timezone.localdate()))
    tasks = []
    for network in networks:
        check = network_size_check(network)
        if check.ok:
            continue
        if network.adviser_id != user.pk and not user_has_role(
            user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER), network
        ):
            continue
        tasks.append(
            Task(
                kind="network_size",
                group=NETWORK_SIZE,
                title=network.name,
                url=network.get_absolute_url(),
                detail=check.message,
            )
        )
    return tasks


def adviser_gathering_tasks(user: User) -> list[Task]:
    """For the adviser who leads a network: its gatherings that ended more than a week ago
    without attendance, minutes or any evaluation, and its follow-up actions past their
    deadline. Two queries."""
    if not user_has_role(user, (Role.REGIONAL_ADVISER,)):
        return []
    now = timezone.now()
    today = timezone.localdate()
    led = Network.objects.filter(_running(today), adviser=user)
    gatherings = (
        Gathering.objects.filter(
            network__in=led, ends_at__lt=now - datetime.timedelta(days=WRAP_UP_DAYS)
        )
        .select_related("network")
        .annotate(
            has_attendance=Exists(
                Registration.objects.filter(gathering=OuterRef("pk"), attended__isnull=False)
            ),
            has_evaluation=Exists(Evaluation.objects.filter(gathering=OuterRef("pk"))),
        )
        .filter(closed_at__isnull=True)
        .filter(Q(has_attendance=False) | Q(minutes="") | Q(has_evaluation=False))
    )
    tasks = []
    for g in gatherings:
        missing = [
            label
            for label, present in (
                (_("oppmøte"), g.has_attendance),
                (_("referat"), bool(g.minutes)),
                (_("evaluering"), g.has_evaluation),
            )
            if not present
        ]
        tasks.append(
            Task(
                kind="gathering_wrap_up",
                group=GATHERING_WRAP_UP,
                title=str(g),
                url=_gathering_url(g),
                due=(g.ends_at + datetime.timedelta(days=WRAP_UP_DAYS)).date(),
                detail=_("Mangler: %(missing)s") % {"missing": ", ".join(missing)},
            )
        )
    overdue = FollowUpAction.objects.filter(
        gathering__network__in=led, status=FollowUpAction.Status.OPEN, deadline__lt=today
    ).select_related("gathering__network")
    tasks.extend(
        Task(
            kind="follow_up_overdue",
            group=FOLLOW_UP_OVERDUE,
            title=action.text,
            url=_gathering_url(action.gathering),
            due=action.deadline,
            detail=action.owner_label,
        )
        for action in overdue
    )
    return tasks


def register_tasks(user: User) -> list[Task]:
    """Coming gatherings the municipal coordinator's municipality is invited to that nobody
    from it has registered for yet. One query."""
    if not user_has_role(user, (Role.MUNICIPAL_COORDINATOR,)):
        return []
    invited = gathering_list_invited(user).exclude(registrations__user=user)
    return [
        Task(
            kind="gathering_register",
            group=REGISTER,
            title=str(g),
            url=_gathering_url(g),
            due=g.starts_at.date(),
            detail=g.place,
        )
        for g in invited
    ]


def participant_tasks(user: User) -> list[Task]:
    """A participant's coming gatherings (registered for) and the open follow-up actions
    assigned to them: to their account, by name, or to an organisation they act for. Two
    queries."""
    if not user_has_role(user, (Role.PARTICIPANT,)):
        return []
    gatherings = (
        Gathering.objects.filter(registrations__user=user, ends_at__gte=timezone.now())
        .select_related("network")
        .distinct()
    )
    tasks = [
        Task(
            kind="gathering_attend",
            group=MY_GATHERINGS,
            title=str(g),
            url=_gathering_url(g),
            due=g.starts_at.date(),
            detail=g.place,
        )
        for g in gatherings
    ]
    organisations = RoleAssignment.objects.filter(user=user, organisation__isnull=False).values(
        "organisation_id"
    )
    owned = Q(owner_user=user) | Q(owner_organisation__in=organisations)
    if user.full_name:
        owned |= Q(owner_name__iexact=user.full_name)
    actions = FollowUpAction.objects.filter(
        owned, status=FollowUpAction.Status.OPEN
    ).select_related("gathering__network")
    tasks.extend(
        Task(
            kind="follow_up_assigned",
            group=MY_FOLLOW_UPS,
            title=action.text,
            url=_gathering_url(action.gathering),
            due=action.deadline,
            detail=str(action.gathering),
        )
        for action in actions
    )
    return tasks
