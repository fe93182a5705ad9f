"""Placeholders in the page index's `args`, "<kind:param:…>", name demo objects; each kind's
resolver finds the object in the demo scenario and returns its key. Apps add their kinds here.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def _goal(number: str) -> str:
    from kommunenettverk.plans.models import Goal

    return str(
        Goal.objects.filter(municipality__number=number)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    )


def _goal_target(number: str) -> str:
    from kommunenettverk.indicators.models import GoalIndicator

    return str(
        GoalIndicator.objects.filter(goal__municipality__number=number, goal__published=True)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    )


def _target_goal(number: str) -> str:
    from kommunenettverk.indicators.models import GoalIndicator

    return str(
        GoalIndicator.objects.filter(goal__municipality__number=number, goal__published=True)
        .order_by("pk")
        .values_list("goal_id", flat=True)[0]
    )


def _measure(number: str) -> str:
    from kommunenettverk.plans.models import Measure

    measures = Measure.objects.filter(goal__municipality__number=number).order_by("pk")
    return str(measures.values_list("pk", flat=True)[0])


def _measure_goal(number: str) -> str:
    """The goal of the measure that `_measure` picks."""
    from kommunenettverk.plans.models import Measure

    measures = Measure.objects.filter(goal__municipality__number=number).order_by("pk")
    return str(measures.values_list("goal_id", flat=True)[0])


def _plan(number: str) -> str:
    from kommunenettverk.plans.models import PlanDocument

    plans = PlanDocument.objects.filter(municipality__number=number).order_by("pk")
    return str(plans.values_list("pk", flat=True)[0])


def _report(number: str, status: str) -> str:
    from kommunenettverk.plans.models import AnnualReport

    reports = AnnualReport.objects.filter(municipality__number=number, status=status)
    return str(reports.order_by("pk").values_list("pk", flat=True)[0])


def _import_job() -> str:
    from kommunenettverk.indicators.models import ImportJob

    return str(ImportJob.objects.order_by("-pk").values_list("pk", flat=True)[0])


def _onboarding_job() -> str:
    from kommunenettverk.networks.models import OnboardingJob

    return str(OnboardingJob.objects.order_by("-pk").values_list("pk", flat=True)[0])


def _invitation(number: str) -> str:
    """A pending invitation of someone holding a role in the municipality (demo: Sortland)."""
    from django.contrib.contenttypes.models import ContentType

    from kommunenettverk.accounts.models import Invitation, RoleAssignment
    from kommunenettverk.registry.models import Municipality

    municipality = Municipality.objects.get(number=number)
    holders = RoleAssignment.objects.filter(
        scope_type=ContentType.objects.get_for_model(Municipality), scope_id=municipality.pk
    ).values("user_id")
    pending = Invitation.objects.filter(user_id__in=holders, accepted_at=None)
    return str(pending.order_by("pk").values_list("pk", flat=True)[0])


def _import_recipe() -> str:
    from kommunenettverk.indicators.models import ImportRecipe

    return str(ImportRecipe.objects.order_by("pk").values_list("pk", flat=True)[0])


def _report_job() -> str:
    from kommunenettverk.reports.models import ReportJob

    return str(ReportJob.objects.order_by("-pk").values_list("pk", flat=True)[0])


def _consultation(number: str, state: str) -> str:
    from django.utils import timezone

    from kommunenettverk.community.models import Consultation

    consultations = Consultation.objects.filter(municipality__number=number).order_by("pk")
    today = timezone.localdate()
    if state == "open":
        consultations = consultations.filter(deadline__gte=today)
    else:
        consultations = consultations.filter(deadline__lt=today)
    return str(consultations.values_list("pk", flat=True)[0])


def _arena(number: str) -> str:
    from kommunenettverk.community.models import VolunteerArena

    arenas = VolunteerArena.objects.filter(municipality__number=number).order_by("pk")
    return str(arenas.values_list("pk", flat=True)[0])


def _activity(number: str, which: str) -> str:
    """ "full" (with a waiting list), "open" (free places) or "past"."""
    from django.db.models import Count, F, Q
    from django.utils import timezone

    from kommunenettverk.community.models import Activity

    activities = (
        Activity.objects.filter(arena__municipality__number=number)
        .annotate(confirmed=Count("sign_ups", filter=Q(sign_ups__status="confirmed")))
        .order_by("pk")
    )
    now = timezone.now()
    if which == "past":
        activities = activities.filter(starts_at__lt=now)
    elif which == "full":
        activities = activities.filter(starts_at__gte=now, confirmed__gte=F("capacity"))
    else:
        activities = activities.filter(starts_at__gte=now, confirmed__lt=F("capacity"))
    return str(activities.values_list("pk", flat=True)[0])


def _sign_up_token(number: str) -> str:
    from kommunenettverk.community.models import SignUp

    sign_ups = SignUp.objects.filter(activity__arena__municipality__number=number)
    return str(sign_ups.order_by("pk").values_list("cancel_token", flat=True)[0])


def _partner(name: str) -> str:
    from kommunenettverk.community.models import Partner

    return str(Partner.objects.values_list("pk", flat=True).get(organisation__name=name))


def _partnership(number: str) -> str:
    from kommunenettverk.community.models import Partnership

    partnerships = Partnership.objects.filter(municipality__number=number).order_by("pk")
    return str(partnerships.values_list("pk", flat=True)[0])


def _example(number: str, status: str) -> str:
    from kommunenettverk.ideabank.models import Example

    examples = Example.objects.filter(municipality__number=number, status=status).order_by("pk")
    return str(examples.values_list("pk", flat=True)[0])


def _role(number: str) -> str:
    """A role held over the municipality itself (the roles page can revoke it)."""
    from django.contrib.contenttypes.models import ContentType

    from kommunenettverk.accounts.models import RoleAssignment
    from kommunenettverk.registry.models import Municipality

    municipality = Municipality.objects.get(number=number)
    roles = RoleAssignment.objects.filter(
        scope_type=ContentType.objects.get_for_model(Municipality), scope_id=municipality.pk
    )
    return str(roles.order_by("pk").values_list("pk", flat=True)[0])


def _attachment(number: str, status: str) -> str:
    from kommunenettverk.ideabank.models import ExampleAttachment

    attachments = ExampleAttachment.objects.filter(
        example__municipality__number=number, example__status=status
    )
    return str(attachments.order_by("pk").values_list("pk", flat=True)[0])


def _proposal(number: str, status: str) -> str:
    from kommunenettverk.community.models import Proposal

    proposals = Proposal.objects.filter(municipality__number=number, status=status)
    return str(proposals.order_by("pk").values_list("pk", flat=True)[0])


def _membership(network: str) -> str:
    from kommunenettverk.networks.models import NetworkMembership

    members = NetworkMembership.objects.filter(network__slug=network, left_on=None)
    return str(members.order_by("pk").values_list("pk", flat=True)[0])


def _registration(network: str, number: str, municipality: str) -> str:
    """A delegation member (not cancelled) of a municipality to a gathering."""
    from kommunenettverk.networks.models import Registration

    registrations = Registration.objects.filter(
        gathering__network__slug=network,
        gathering__number=int(number),
        participation__municipality__number=municipality,
    ).exclude(status=Registration.Status.CANCELLED)
    return str(registrations.order_by("pk").values_list("pk", flat=True)[0])


def _agenda_item(network: str, number: str) -> str:
    from kommunenettverk.networks.models import AgendaItem

    items = AgendaItem.objects.filter(
        gathering__network__slug=network, gathering__number=int(number)
    )
    return str(items.order_by("order", "pk").values_list("pk", flat=True)[0])


def _milestone(network: str, project: str) -> str:
    from kommunenettverk.networks.models import Milestone

    milestones = Milestone.objects.filter(project__network__slug=network, project__slug=project)
    return str(milestones.order_by("pk").values_list("pk", flat=True)[0])


def _subscription() -> str:
    from kommunenettverk.ideabank.models import Subscription

    return str(Subscription.objects.order_by("pk").values_list("token", flat=True)[0])


def _policy_input(status: str) -> str:
    """The first demo policy input with this status (the draft is Bodø's)."""
    from kommunenettverk.policy.models import PolicyInput

    inputs = PolicyInput.objects.filter(status=status).order_by("pk")
    return str(inputs.values_list("pk", flat=True)[0])


def _forum(network: str) -> str:
    """The number of the network's demo dialogue forum."""
    from kommunenettverk.networks.models import Gathering

    forums = Gathering.objects.filter(network__slug=network, kind="dialogue_forum")
    return str(forums.order_by("pk").values_list("number", flat=True)[0])


def _closed(network: str) -> str:
    """The number of the network's demo gathering that is closed out with public minutes."""
    from kommunenettverk.networks.models import Gathering

    closed = Gathering.objects.filter(
        network__slug=network, closed_at__isnull=False, minutes_public=True
    )
    return str(closed.order_by("pk").values_list("number", flat=True)[0])


def _follow_up(network: str) -> str:
    from kommunenettverk.networks.models import FollowUpAction

    actions = FollowUpAction.objects.filter(gathering__network__slug=network).order_by("pk")
    return str(actions.values_list("pk", flat=True)[0])


def _origin(number: str) -> str:
    """A published example of another municipality (one that `number` could take up)."""
    from kommunenettverk.ideabank.models import Example

    examples = Example.objects.published().exclude(municipality__number=number).order_by("pk")
    return str(examples.values_list("pk", flat=True)[0])


def _adoption(number: str) -> str:
    """A take-up recorded on a measure of the municipality (ideabank/demo_adoptions.py)."""
    from kommunenettverk.ideabank.models import Adoption

    adoptions = Adoption.objects.filter(municipality__number=number, measure__isnull=False)
    return str(adoptions.order_by("pk").values_list("pk", flat=True)[0])


def _adopted_measure(number: str) -> str:
    """The measure of the municipality's first take-up."""
    from kommunenettverk.ideabank.models import Adoption

    adoptions = Adoption.objects.filter(municipality__number=number, measure__isnull=False)
    return str(adoptions.order_by("pk").values_list("measure_id", flat=True)[0])


def _adopted_example() -> str:
    """The example taken up most often."""
    from django.db.models import Count

    from kommunenettverk.ideabank.models import Example

    examples = Example.objects.annotate(n=Count("adoptions")).filter(n__gt=0)
    return str(examples.order_by("-n", "pk").values_list("pk", flat=True)[0])


def _notice(user: str) -> str:
    """A notice of the demo user `user` (local part of the address)."""
    from kommunenettverk.notifications.models import Notice

    notices = Notice.objects.filter(recipient__email__startswith=f"{user}@").order_by("pk")
    return str(notices.values_list("pk", flat=True)[0])


def _round() -> str:
    """The demo's reporting round (this year's reports)."""
    from kommunenettverk.plans.models import ReportingRound

    return str(ReportingRound.objects.order_by("-year", "pk").values_list("pk", flat=True)[0])


def _round_network() -> str:
    """A network of the demo round's programme in KS Nord-Norge (Bodø's, if it is one)."""
    from kommunenettverk.networks.models import Network
    from kommunenettverk.plans.models import ReportingRound

    round_ = ReportingRound.objects.order_by("-year", "pk").first()
    assert round_ is not None
    # In KS Nord-Norge, so the demo's adviser there follows it.
    networks = Network.objects.filter(programme=round_.programme_id, ks_region__code="nord")
    bodo = networks.filter(
        memberships__participation__municipality__number="1804", memberships__left_on=None
    )
    return str((bodo.first() or networks.order_by("pk").first()).slug)  # type: ignore[union-attr]


def _pending_application() -> str:
    """The municipality whose demo application waits with "vedtak kommer"."""
    from kommunenettverk.programmes.models import Participation

    pending = Participation.objects.filter(decision_pending=True, status="applied")
    return str(pending.order_by("pk").values_list("municipality__number", flat=True)[0])


def _thread(word: str) -> str:
    """The demo thread whose title holds `word` (discussions/demo.py)."""
    from kommunenettverk.discussions.models import Thread

    return str(Thread.objects.filter(title__icontains=word).values_list("pk", flat=True)[0])


def _thread_post(word: str) -> str:
    """The first answer in that thread."""
    from kommunenettverk.discussions.models import Post

    posts = Post.objects.filter(thread__title__icontains=word).order_by("pk")
    return str(posts.values_list("pk", flat=True)[0])


def _thread_attachment() -> str:
    from kommunenettverk.discussions.models import Attachment

    return str(Attachment.objects.order_by("pk").values_list("pk", flat=True)[0])


RESOLVERS: dict[str, Callable[..., str]] = {
    "thread": _thread,
    "thread_post": _thread_post,
    "thread_attachment": _thread_attachment,
    "notice": _notice,
    "pending_application": _pending_application,
    "round": _round,
    "round_network": _round_network,
    "origin": _origin,
    "adoption": _adoption,
    "adopted_measure": _adopted_measure,
    "adopted_example": _adopted_example,
    "policy_input": _policy_input,
    "forum": _forum,
    "closed": _closed,
    "follow_up": _follow_up,
    "example": _example,
    "subscription": _subscription,
    "attachment": _attachment,
    "role": _role,
    "proposal": _proposal,
    "membership": _membership,
    "milestone": _milestone,
    "agenda_item": _agenda_item,
    "registration": _registration,
    "import_job": _import_job,
    "onboarding_job": _onboarding_job,
    "invitation": _invitation,
    "import_recipe": _import_recipe,
    "report_job": _report_job,
    "goal": _goal,
    "goal_target": _goal_target,
    "target_goal": _target_goal,
    "measure": _measure,
    "measure_goal": _measure_goal,
    "plan": _plan,
    "report": _report,
    "consultation": _consultation,
    "arena": _arena,
    "activity": _activity,
    "sign_up_token": _sign_up_token,
    "partner": _partner,
    "partnership": _partnership,
}
PLACEHOLDER = re.compile(r"^<([a-z_]+)((?::[^:>]+)*)>$")


def resolve_args(args: tuple[str, ...]) -> list[str]:
    """Replace placeholders with the demo objects' keys (needs the demo database)."""
    resolved = []
    for arg in args:
        match = PLACEHOLDER.match(arg)
        if match:
            params = [p for p in match.group(2).split(":") if p]
            resolved.append(RESOLVERS[match.group(1)](*params))
        else:
            resolved.append(arg)
    return resolved
