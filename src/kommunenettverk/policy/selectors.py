"""Reads for policy input: the public register and its summary, the sender's list, the
national coordinator's and the state representative's queues. Fixed numbers of queries."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.models import Network
from kommunenettverk.policy.models import PolicyInput, PolicyInputStatusChange, addressee_kinds
from kommunenettverk.policy.rules import state_bodies
from kommunenettverk.programmes.models import Programme
from kommunenettverk.registry.models import Municipality

Status = PolicyInput.Status


def _base() -> QuerySet[PolicyInput]:
    return PolicyInput.objects.select_related(
        "municipality", "network", "programme", "addressee", "answered_for"
    )


def policy_input_get(pk: int) -> PolicyInput:
    """One input with its sender, addressee, examples (published only), indicators and
    status history."""
    return (
        _base()
        .prefetch_related(
            Prefetch(
                "examples",
                queryset=Example.objects.published().select_related("municipality"),
            ),
            "indicators",
            Prefetch(
                "status_changes", queryset=PolicyInputStatusChange.objects.select_related("by")
            ),
        )
        .get(pk=pk)
    )


def addressee_list() -> QuerySet[Organisation]:
    """Ministries and directorates input can be addressed to."""
    return Organisation.objects.filter(kind__in=addressee_kinds()).order_by("name")


def policy_input_register(
    *, status: str = "", theme: str = "", addressee: int | None = None
) -> QuerySet[PolicyInput]:
    """Submitted and later input (never drafts), newest first, optionally filtered."""
    inputs: QuerySet[PolicyInput] = PolicyInput.objects.public().select_related(
        "municipality", "network", "programme", "addressee"
    )
    if status:
        inputs = inputs.filter(status=status)
    if theme and connection.vendor == "postgresql":
        inputs = inputs.filter(themes__contains=[theme])  # jsonb @>
    elif theme:
        # SQLite has no JSON containment: the JSON list as text holds the quoted code.
        inputs = inputs.annotate(themes_text=Cast("themes", TextField())).filter(
            themes_text__contains=f'"{theme}"'
        )
    if addressee:
        inputs = inputs.filter(addressee_id=addressee)
    return inputs.order_by("-submitted_at", "-pk")


@dataclass
class PolicyInputSummary:
    """The programme's summary of its input to the state."""

    counts: dict[str, int]
    total: int
    answered: int
    answer_rate: float | None  # answered or closed, as a share of all submitted input
    median_days_to_answer: float | None
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    changes: list[PolicyInput] = field(default_factory=list)


def policy_input_summary(inputs: QuerySet[PolicyInput]) -> PolicyInputSummary:
    """Counts by status, answer rate, median days from submission to answer, and what changed.

    `inputs` is a register queryset (no drafts). Days are whole calendar days; input without
    an answer is left out of the median. Two queries.
    """
    rows = list(inputs.values_list("status", "submitted_at", "answered_at", "outcome"))
    counts: dict[str, int] = dict.fromkeys(
        ["submitted", "forwarded", "reviewing", "answered", "closed"], 0
    )
    outcome_counts: dict[str, int] = {}
    days: list[int] = []
    for status, submitted_at, answered_at, outcome in rows:
        counts[status] = counts.get(status, 0) + 1
        if answered_at and submitted_at:
            days.append((answered_at.date() - submitted_at.date()).days)
        if outcome:
            outcome_counts[outcome] = outcome_counts.get(outcome, 0) + 1
    answered = counts[Status.ANSWERED.value] + counts[Status.CLOSED.value]
    labels = dict(PolicyInput.Outcome.choices)
    changes = list(
        inputs.exclude(outcome__in=["", PolicyInput.Outcome.NONE]).order_by("-answered_at")[:20]
    )
    return PolicyInputSummary(
        counts=counts,
        total=len(rows),
        answered=answered,
        answer_rate=answered / len(rows) if rows else None,
        median_days_to_answer=statistics.median(days) if days else None,
        outcomes=[
            (str(labels[code]), outcome_counts.get(code, 0)) for code in PolicyInput.Outcome.values
        ],
        changes=changes,
    )


@dataclass
class Senders:
    """What a user may send input for."""

    municipalities: list[Municipality]
    networks: list[Network]
    programmes: list[Programme]

    def __bool__(self) -> bool:
        return bool(self.municipalities or self.networks or self.programmes)


def senders_for_user(user: User) -> Senders:
    """Municipalities the user coordinates, networks they lead or whose member they
    coordinate, programmes they own."""
    assignments = RoleAssignment.objects.filter(user=user)
    municipality_ids = assignments.filter(
        role=Role.MUNICIPAL_COORDINATOR, scope_type=ContentType.objects.get_for_model(Municipality)
    ).values_list("scope_id", flat=True)
    network_ids = assignments.filter(
        role=Role.REGIONAL_ADVISER, scope_type=ContentType.objects.get_for_model(Network)
    ).values_list("scope_id", flat=True)
    programmes: list[Programme] = []
    if user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        programmes = list(Programme.objects.order_by("starts_on", "name"))
    return Senders(
        municipalities=list(Municipality.objects.filter(pk__in=list(municipality_ids))),
        networks=list(
            Network.objects.filter(
                Q(pk__in=list(network_ids))
                | Q(adviser=user)
                | Q(
                    memberships__left_on__isnull=True,
                    memberships__participation__municipality_id__in=list(municipality_ids),
                )
            ).distinct()
        ),
        programmes=programmes,
    )


def policy_input_list_for_senders(senders: Senders) -> QuerySet[PolicyInput]:
    """The input of these senders, drafts included, newest first."""
    return (
        _base()
        .filter(
            Q(municipality__in=senders.municipalities)
            | Q(network__in=senders.networks)
            | Q(programme__in=senders.programmes)
        )
        .order_by("-created_at", "-pk")
    )


def handling_queue() -> dict[str, QuerySet[PolicyInput]]:
    """The national coordinator's queue: submitted (to forward) and answered (to close)."""
    return {
        "submitted": _base().filter(status=Status.SUBMITTED).order_by("submitted_at", "pk"),
        "forwarded": _base().filter(status=Status.FORWARDED).order_by("submitted_at", "pk"),
        "answered": _base().filter(status=Status.ANSWERED).order_by("answered_at", "pk"),
    }


def answer_queue(user: User) -> QuerySet[PolicyInput]:
    """Forwarded input and input under review addressed to the body the state representative
    represents (policy.rules.state_bodies), oldest first."""
    return (
        _base()
        .filter(
            status__in=(Status.FORWARDED, Status.REVIEWING), addressee_id__in=state_bodies(user)
        )
        .order_by("submitted_at", "pk")
    )
