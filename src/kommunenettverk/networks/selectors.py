"""Reads of networks, gatherings and projects for pages, dashboards and calendar feeds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.networks.models import (
    KEY_ROLES,
    AgendaItem,
    AttendeeRole,
    DevelopmentProject,
    Evaluation,
    FollowUpAction,
    Gathering,
    GatheringOutcome,
    Invitation,
    Network,
    NetworkMembership,
    OnboardingJob,
    Registration,
)
from kommunenettverk.networks.outcomes import outcome_kind, outcome_kinds
from kommunenettverk.notifications.selectors import Delivery, delivery_by_about
from kommunenettverk.programmes.models import (
    Participation,
    Programme,
    Theme,
)
from kommunenettverk.registry.models import County, KsRegion, Municipality

CURRENT = Q(memberships__left_on__isnull=True)


def network_list(
    *,
    programme: Programme | None = None,
    adviser: User | None = None,
    region: KsRegion | None = None,
    theme: Theme | None = None,
    with_members: bool = False,
) -> QuerySet[Network]:
    """Networks with their programme, region, adviser and number of members (the current
    members, or for a programme that is over, the members it had when it ended), optionally
    of one programme, adviser, KS region or theme, or only those with members."""
    at_the_end = Q(
        programme__ends_on__lt=timezone.localdate(),
        memberships__left_on__gte=F("programme__ends_on"),
    )
    networks = Network.objects.select_related("programme", "ks_region", "adviser").annotate(
        member_count=Count("memberships", filter=CURRENT | at_the_end, distinct=True)
    )
    if programme is not None:
        networks = networks.filter(programme=programme)
    if adviser is not None:
        networks = networks.filter(adviser=adviser)
    if region is not None:
        networks = networks.filter(ks_region=region)
    if theme is not None:
        networks = networks.filter(themes=theme)
    if with_members:
        networks = networks.filter(member_count__gt=0)
    return networks.order_by("programme__starts_on", "ks_region__name", "name")


def network_get(slug: str) -> Network:
    return network_list().prefetch_related("themes").get(slug=slug)


def membership_list(network: Network, *, current_only: bool = True) -> QuerySet[NetworkMembership]:
    memberships = network.memberships.select_related(
        "participation__municipality__county", "participation__county"
    )
    if current_only:
        memberships = memberships.filter(left_on__isnull=True)
    return memberships.order_by("joined_on", "participation__municipality__name_nb")


@dataclass(frozen=True)
class SizeCheck:
    """Where a network stands against its programme's size range."""

    size: int
    minimum: int
    maximum: int
    # The programme is over: its participations are completed and have left their networks.
    ended: bool = False

    @property
    def ok(self) -> bool:
        return self.ended or self.minimum <= self.size <= self.maximum

    @property
    def message(self) -> str:
        if self.ended:
            return ""  # an ended network breaks no size rule
        if self.size < self.minimum:
            return _("Nettverket har %(size)s medlemmer; programmet krever minst %(min)s.") % {
                "size": self.size,
                "min": self.minimum,
            }
        if self.size > self.maximum:
            return _("Nettverket har %(size)s medlemmer; programmet tillater høyst %(max)s.") % {
                "size": self.size,
                "max": self.maximum,
            }
        return ""


def network_size_check(network: Network, size: int | None = None) -> SizeCheck:
    if size is None:
        size = getattr(network, "member_count", None)
    if size is None:
        size = network.memberships.filter(left_on__isnull=True).count()
    programme = network.programme
    ended = programme.ends_on is not None and programme.ends_on < timezone.localdate()
    return SizeCheck(size, programme.network_size_min, programme.network_size_max, ended)


def network_theme_check(network: Network) -> str:
    count = len(network.themes.all())
    if count < network.programme.min_themes:
        return _("Nettverket har valgt %(count)s temaer; programmet krever minst %(min)s.") % {
            "count": count,
            "min": network.programme.min_themes,
        }
    return ""


def candidate_participations(network: Network) -> QuerySet[Participation]:
    """Active participations of the network's programme that are in no network now."""
    return (
        Participation.objects.filter(programme=network.programme_id, status="active")
        .exclude(memberships__left_on__isnull=True, memberships__isnull=False)
        .select_related("municipality__county", "county")
        .order_by("municipality__number", "county__number")
    )


def gathering_list(
    *,
    network: Network | None = None,
    upcoming: bool = False,
    networks: QuerySet[Network] | None = None,
) -> QuerySet[Gathering]:
    gatherings = Gathering.objects.select_related("network__programme", "network__ks_region")
    if network is not None:
        gatherings = gatherings.filter(network=network)
    if networks is not None:
        gatherings = gatherings.filter(network__in=networks)
    if upcoming:
        gatherings = gatherings.filter(ends_at__gte=timezone.now())
    return gatherings.order_by("starts_at")


def gathering_get(network_slug: str, number: int) -> Gathering:
    return (
        Gathering.objects.select_related(
            "network__programme", "network__ks_region", "network__adviser"
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("partner")),
            "documents",
        )
        .get(network__slug=network_slug, number=number)
    )


def gathering_list_for_user(user: User) -> QuerySet[Gathering]:
    """Gatherings the user is registered for or leads (for the personal calendar)."""
    return (
        Gathering.objects.filter(Q(registrations__user=user) | Q(network__adviser=user))
        .select_related("network")
        .distinct()
        .order_by("starts_at")
    )


def gathering_list_invited(user: User) -> QuerySet[Gathering]:
    """Coming gatherings that a municipality (or county municipality) is invited to where
    the user is a participant or the municipal coordinator."""
    roles = RoleAssignment.objects.filter(
        user=user, role__in=(Role.PARTICIPANT, Role.MUNICIPAL_COORDINATOR)
    )
    municipalities = roles.filter(scope_type=ContentType.objects.get_for_model(Municipality))
    counties = roles.filter(scope_type=ContentType.objects.get_for_model(County))
    return (
        gathering_list(upcoming=True)
        .filter(
            Q(invitations__participation__municipality_id__in=municipalities.values("scope_id"))
            | Q(invitations__participation__county_id__in=counties.values("scope_id"))
        )
        .distinct()
    )


@dataclass(frozen=True)
class InvitationRow:
    """An invitation and what the outbox says of its email: `delivery.state` is "sent",
    "queued", "failed" (with `delivery.reason`) or "none" (not queued, or nobody to send to)."""

    invitation: Invitation
    delivery: Delivery


def invitation_list(gathering: Gathering) -> list[InvitationRow]:
    """The gathering's invitations with their municipality and the truth about their email,
    from the outbox (notifications); two queries whatever the number."""
    invitations = list(
        gathering.invitations.select_related(
            "participation__municipality", "participation__county"
        ).order_by("participation__municipality__name_nb", "participation__county__name")
    )
    deliveries = delivery_by_about(Invitation, [i.pk for i in invitations])
    return [InvitationRow(i, deliveries.get(i.pk, Delivery("none"))) for i in invitations]


def registration_list(gathering: Gathering) -> QuerySet[Registration]:
    """The gathering's registrations that are not cancelled (confirmed and waiting)."""
    return (
        gathering.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("participation__municipality", "participation__county", "user")
        .order_by("participation__municipality__name_nb", "role", "name")
    )


def delegation_list(
    gathering: Gathering, participations: list[Participation]
) -> list[Registration]:
    """The delegations of the given municipalities to the gathering, cancelled ones too (so
    the coordinator sees who withdrew), in municipality, status and name order."""
    return list(
        gathering.registrations.filter(participation__in=participations)
        .select_related("participation__municipality", "participation__county")
        .order_by("participation_id", "status", "name", "pk")
    )


def registration_get(gathering: Gathering, pk: int) -> Registration:
    return gathering.registrations.select_related(
        "gathering__network", "participation__municipality__county", "participation__county"
    ).get(pk=pk)


@dataclass
class AttendanceRow:
    """One invited municipality at one gathering: who came (or is registered) in each role."""

    participation: Participation
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def has_all_roles(self) -> bool:
        return all(self.counts.get(role, 0) > 0 for role in KEY_ROLES)

    @property
    def missing(self) -> list[str]:
        return [str(AttendeeRole(role).label) for role in KEY_ROLES if not self.counts.get(role)]

    def count(self, role: str) -> int:
        return self.counts.get(role, 0)


def _counts_for(
    registrations: list[Registration], *, attended_only: bool
) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    for r in registrations:
        if r.status != Registration.Status.CONFIRMED:
            continue  # waiting and cancelled do not come
        if attended_only and r.attended is not True:
            continue
        per = counts.setdefault(r.participation_id, {})
        per[r.role] = per.get(r.role, 0) + 1
    return counts


def invitations_prefetch() -> Prefetch[str, QuerySet[Invitation], str]:
    """Prefetch a list of gatherings' invitations the way attendance_summary reads them."""
    return Prefetch(
        "invitations",
        queryset=Invitation.objects.select_related(
            "participation__municipality", "participation__county"
        ),
    )


def attendance_summary(gathering: Gathering) -> list[AttendanceRow]:
    """Per invited municipality, the number of people by role: those who attended once
    attendance is recorded, otherwise those registered."""
    registrations = list(gathering.registrations.all())
    recorded = any(r.attended is not None for r in registrations)
    counts = _counts_for(registrations, attended_only=recorded)
    if "invitations" in getattr(gathering, "_prefetched_objects_cache", {}):
        # Prefetched with their participations (invitations_prefetch): no query here.
        invitations: Iterable[Invitation] = gathering.invitations.all()
    else:
        invitations = Invitation.objects.filter(gathering=gathering).select_related(
            "participation__municipality", "participation__county"
        )
    rows = [AttendanceRow(i.participation, counts.get(i.participation_id, {})) for i in invitations]
    return sorted(rows, key=lambda row: row.participation.participant_name)


@dataclass
class NetworkAttendanceRow:
    participation: Participation
    per_gathering: list[bool | None]  # None: not invited to that gathering

    @property
    def complete_count(self) -> int:
        return sum(1 for value in self.per_gathering if value)


def network_attendance_summary(
    network: Network,
) -> tuple[list[Gathering], list[NetworkAttendanceRow]]:
    """For every past gathering of the network and every municipality invited: did the
    municipality bring all three roles (elected official, top manager, professional)?"""
    gatherings = list(network.gatherings.filter(starts_at__lte=timezone.now()).order_by("number"))
    ids = [g.pk for g in gatherings]
    registrations = list(Registration.objects.filter(gathering_id__in=ids))
    invitations = list(
        Invitation.objects.filter(gathering_id__in=ids).select_related(
            "participation__municipality", "participation__county"
        )
    )
    by_gathering: dict[int, dict[int, dict[str, int]]] = {}
    for g in gatherings:
        mine = [r for r in registrations if r.gathering_id == g.pk]
        recorded = any(r.attended is not None for r in mine)
        by_gathering[g.pk] = _counts_for(mine, attended_only=recorded)
    invited: dict[int, set[int]] = {}
    participations: dict[int, Participation] = {}
    for i in invitations:
        invited.setdefault(i.participation_id, set()).add(i.gathering_id)
        participations[i.participation_id] = i.participation
    rows = []
    for pid, participation in participations.items():
        cells: list[bool | None] = []
        for g in gatherings:
            if g.pk not in invited[pid]:
                cells.append(None)
                continue
            counts = by_gathering[g.pk].get(pid, {})
            cells.append(all(counts.get(role, 0) > 0 for role in KEY_ROLES))
        rows.append(NetworkAttendanceRow(participation, cells))
    rows.sort(key=lambda row: row.participation.participant_name)
    return gatherings, rows


def registrable_participations(gathering: Gathering, user: User) -> list[Participation]:
    """The invited municipalities the user may register for (as participant or coordinator)."""
    invitations = Invitation.objects.filter(gathering=gathering).select_related(
        "participation__municipality__county__ks_region", "participation__county__ks_region"
    )
    roles = (Role.PARTICIPANT, Role.MUNICIPAL_COORDINATOR)
    return [i.participation for i in invitations if user_has_role(user, roles, i.participation)]


@dataclass(frozen=True)
class EvaluationSummary:
    count: int
    usefulness: float | None
    organisation: float | None
    exchange: float | None
    comments: list[str]


def evaluation_summary(gathering: Gathering) -> EvaluationSummary:
    """Average scores (1–5) and the comments; averages are None when nobody has answered."""
    evaluations = list(Evaluation.objects.filter(gathering=gathering))
    count = len(evaluations)

    def mean(name: str) -> float | None:
        if not count:
            return None
        total: int = sum(getattr(e, name) for e in evaluations)
        return round(total / count, 1)

    return EvaluationSummary(
        count,
        mean("usefulness"),
        mean("organisation"),
        mean("exchange"),
        [e.comment for e in evaluations if e.comment.strip()],
    )


def project_list(
    *, network: Network | None = None, municipality: Municipality | None = None
) -> QuerySet[DevelopmentProject]:
    projects = DevelopmentProject.objects.select_related("network").prefetch_related(
        "themes", "participations__municipality", "participations__county"
    )
    if network is not None:
        projects = projects.filter(network=network)
    if municipality is not None:
        projects = projects.filter(participations__municipality=municipality).distinct()
    return projects.order_by("network__name", "title")


def project_get(network_slug: str, slug: str) -> DevelopmentProject:
    return (
        project_list()
        .select_related("network__programme", "network__ks_region")
        .prefetch_related("milestones")
        .get(network__slug=network_slug, slug=slug)
    )


def membership_list_for_municipality(municipality: Municipality) -> QuerySet[NetworkMembership]:
    return (
        NetworkMembership.objects.filter(participation__municipality=municipality)
        .select_related("network__programme", "network__adviser", "network__ks_region")
        .order_by("-joined_on")
    )


def state_body_list() -> QuerySet[Organisation]:
    """Organisations that can take part in a dialogue forum for the state."""
    return Organisation.objects.filter(
        kind__in=[
            Organisation.Kind.MINISTRY,
            Organisation.Kind.DIRECTORATE,
            Organisation.Kind.COUNTY_GOVERNOR,
        ]
    ).order_by("name")


def follow_up_list(
    *, network: Network | None = None, gathering: Gathering | None = None
) -> QuerySet[FollowUpAction]:
    """Follow-up actions of a network's gatherings (or of one gathering): open ones first,
    by deadline. `FollowUpAction.is_overdue()` flags the open ones past their deadline."""
    actions = FollowUpAction.objects.select_related(
        "gathering__network", "owner_organisation"
    ).order_by("-status", "deadline", "pk")  # "open" sorts after "done": reverse puts it first
    if gathering is not None:
        return actions.filter(gathering=gathering)
    return actions.filter(gathering__network=network)


def invited_participations(gathering: Gathering) -> list[Participation]:
    """The municipalities (and county municipalities) invited to a gathering, by name."""
    participations = [
        i.participation
        for i in gathering.invitations.select_related(
            "participation__municipality", "participation__county"
        )
    ]
    return sorted(participations, key=lambda p: p.participant_name)


def follow_up_people(gathering: Gathering) -> QuerySet[User]:
    """People with an account who may own a gathering's follow-up action (and find it in
    their "Mine oppgaver"): those registered for it themselves, not cancelled."""
    registered = gathering.registrations.exclude(status=Registration.Status.CANCELLED).filter(
        user__isnull=False
    )
    return User.objects.filter(pk__in=registered.values("user_id"), is_active=True).order_by(
        "full_name", "email"
    )


def public_minutes_list(
    *, network: Network | None = None, municipality: Municipality | None = None
) -> QuerySet[Gathering]:
    """Closed gatherings whose minutes the adviser made public, newest first: of a network,
    or those a municipality was invited to ("what we took home")."""
    gatherings = Gathering.objects.filter(closed_at__isnull=False, minutes_public=True)
    if network is not None:
        gatherings = gatherings.filter(network=network)
    if municipality is not None:
        gatherings = gatherings.filter(invitations__participation__municipality=municipality)
    return gatherings.select_related("network").order_by("-starts_at")


@dataclass(frozen=True)
class OutcomeLink:
    """A linked measure or example as pages show it."""

    kind: str
    kind_label: str
    title: str
    url: str
    municipality: Municipality | None


def outcome_links(
    gatherings: Iterable[Gathering], user: object, *, municipality: Municipality | None = None
) -> dict[int, list[OutcomeLink]]:
    """The outcome links (measures, examples) of each gathering that `user` may see, by
    gathering id, grouped in the kinds' order; with `municipality`, only those that belong to
    it or to no one municipality. A fixed number of queries (one per kind of object)."""
    links = (
        GatheringOutcome.objects.filter(gathering__in=list(gatherings))
        .select_related("municipality")
        .prefetch_related(GenericPrefetch("target", [kind.queryset() for kind in outcome_kinds()]))
    )
    if municipality is not None:
        links = links.filter(Q(municipality=municipality) | Q(municipality__isnull=True))
    order = {kind.key: i for i, kind in enumerate(outcome_kinds())}
    result: dict[int, list[OutcomeLink]] = {}
    for link in sorted(links, key=lambda link: (order.get(link.kind, 99), link.pk)):
        kind = outcome_kind(link.kind)
        target = link.target
        if kind is None or target is None or not kind.visible(user, target):
            continue
        result.setdefault(link.gathering_id, []).append(
            OutcomeLink(
                kind=link.kind,
                kind_label=str(kind.label),
                title=str(target),
                url=target.get_absolute_url(),
                municipality=link.municipality,
            )
        )
    return result


@dataclass
class TookHome:
    """One closed gathering on a member municipality's page: what it took home."""

    gathering: Gathering
    attended: int
    links: list[OutcomeLink]


def took_home_list(municipality: Municipality, user: object, *, limit: int = 5) -> list[TookHome]:
    """The latest closed gatherings the municipality was invited to, with how many of its
    people came and the measures and examples linked at close-out that are its own (or the
    whole network's). Signed-in people see every closed gathering (their pages are open to
    them); others only those whose minutes are public."""
    gatherings = Gathering.objects.filter(
        closed_at__isnull=False, invitations__participation__municipality=municipality
    )
    if not getattr(user, "is_authenticated", False):
        gatherings = gatherings.filter(minutes_public=True)
    rows = list(
        gatherings.select_related("network")
        .annotate(
            came=Count(
                "registrations",
                filter=Q(
                    registrations__participation__municipality=municipality,
                    registrations__attended=True,
                ),
                distinct=True,
            )
        )
        .order_by("-starts_at")[:limit]
    )
    links = outcome_links(rows, user, municipality=municipality)
    return [TookHome(g, g.came, links.get(g.pk, [])) for g in rows]


def public_minutes_get(network_slug: str, number: int) -> Gathering:
    """A gathering with public minutes (DoesNotExist otherwise, also when not closed)."""
    return public_minutes_list().get(network__slug=network_slug, number=number)


def onboarding_job_list(user: User) -> QuerySet[OnboardingJob]:
    """The user's own latest onboarding jobs (the files hold personal data), without files."""
    return OnboardingJob.objects.filter(created_by=user).defer(
        "participations_data", "networks_data"
    )[:10]


def onboarding_job_get(user: User, pk: int) -> OnboardingJob:
    """One of the user's own onboarding jobs (the national coordinator sees every one);
    DoesNotExist for anyone else's."""
    jobs = OnboardingJob.objects.select_related("created_by")
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        jobs = jobs.filter(created_by=user)
    return jobs.get(pk=pk)
