"""What plans asks of whom (core.tasks): submitted annual reports to comment and reporting
rounds closing (advisers and the national coordinator), the programme's reporting round and
its deadline, reports sent back (for revision or with comments) and plans overdue by the plan
cycle (municipal coordinators)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.plans.cycle import AdoptedPlan, CycleState, plan_cycle
from kommunenettverk.plans.models import (
    AnnualReport,
    PlanDocument,
    ReportComment,
    ReportingRound,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus
from kommunenettverk.registry.models import Municipality

REPORT_COMMENT = gettext_lazy("Årsrapporter å kommentere")
REPORT_SENT_BACK = gettext_lazy("Årsrapporter sendt tilbake med kommentar")
PLAN_OVERDUE = gettext_lazy("Planer på overtid etter plansyklusen")
REPORT_ROUND = gettext_lazy("Årsrapporter å sende inn")
ROUND_CLOSING = gettext_lazy("Rapporteringsrunder som lukkes")
# A round stays on a coordinator's list this long after its deadline (late reports are
# still wanted); a round closing within this many days shows for those who follow it.
ROUND_LATE_DAYS = 90
ROUND_CLOSING_DAYS = 14
# A report of a programme that ended longer ago than this asks nothing of anyone any more
# (the last year's report is sent after the programme's end).
ENDED_PROGRAMME_DAYS = 365


def _current_programme() -> Q:
    """Reports of no programme, or of a programme running or ended within a year."""
    since = timezone.localdate() - datetime.timedelta(days=ENDED_PROGRAMME_DAYS)
    return (
        Q(participation__isnull=True)
        | Q(participation__programme__ends_on__isnull=True)
        | Q(participation__programme__ends_on__gte=since)
    )


def _latest_submitted() -> Q:
    """The newest version of each report series, submitted: an older version, or one followed
    by a new draft, is no longer waiting for anyone."""
    # Reports without a programme form a series of their own (NULL never equals NULL).
    newer = AnnualReport.objects.annotate(series=Coalesce("participation_id", Value(0))).filter(
        municipality=OuterRef("municipality"),
        series=Coalesce(OuterRef("participation_id"), Value(0)),
        year=OuterRef("year"),
        version__gt=OuterRef("version"),
    )
    return Q(status=AnnualReport.Status.SUBMITTED) & ~Q(Exists(newer))


def _commented() -> Exists:
    return Exists(
        ReportComment.objects.filter(
            report=OuterRef("pk"), created_at__gte=OuterRef("submitted_at")
        )
    )


def report_comment_tasks(user: User) -> list[Task]:
    """Submitted reports (their newest version) nobody has commented on since submission, in
    the regions the user may comment in, of programmes still running (or ended within a
    year). One query."""
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)):
        return []
    reports = (
        AnnualReport.objects.filter(_latest_submitted(), _current_programme())
        .annotate(commented=_commented())
        .filter(commented=False)
        .select_related("municipality__county__ks_region", "participation__programme")
    )
    return [
        Task(
            kind="report_comment",
            group=REPORT_COMMENT,
            title=_("%(municipality)s, årsrapport %(year)s")
            % {
                "municipality": r.municipality.name_nb,
                "year": r.year,
            },
            url=r.get_absolute_url(),
            since=timezone.localdate(r.submitted_at) if r.submitted_at else None,
        )
        for r in reports
        if user.has_perm("plans.comment_report", r)
    ]


def _coordinated(user: User) -> list[int]:
    return [
        pk
        for pk in RoleAssignment.objects.filter(
            user=user,
            role=Role.MUNICIPAL_COORDINATOR,
            scope_type=ContentType.objects.get_for_model(Municipality),
        ).values_list("scope_id", flat=True)
        if pk is not None
    ]


def coordinator_plan_tasks(user: User) -> list[Task]:
    """For a municipal coordinator: their municipalities' submitted reports that came back
    with a comment (a new version answers them), and the plans the plan cycle counts as
    overdue while their window is still open. Three queries."""
    if not user_has_role(user, (Role.MUNICIPAL_COORDINATOR,)):
        return []
    ids = _coordinated(user)
    if not ids:
        return []
    reports = (
        AnnualReport.objects.filter(
            _latest_submitted(), _current_programme(), municipality_id__in=ids
        )
        .annotate(commented=_commented(), commented_at=Max("comments__created_at"))
        .filter(commented=True)
        .select_related("municipality")
    )
    tasks = [
        Task(
            kind="report_sent_back",
            group=REPORT_SENT_BACK,
            title=_("%(municipality)s, årsrapport %(year)s")
            % {
                "municipality": r.municipality.name_nb,
                "year": r.year,
            },
            url=r.get_absolute_url(),
        )
        for r in reports
    ]
    today = timezone.localdate()
    adopted: dict[int, list[AdoptedPlan]] = defaultdict(list)
    for plan in PlanDocument.objects.filter(
        municipality_id__in=ids, adopted_on__isnull=False
    ).exclude(status=PlanDocument.Status.IN_PREPARATION):
        adopted[plan.municipality_id].append(
            AdoptedPlan(kind=plan.kind, adopted_on=plan.adopted_on, document_id=plan.pk)  # type: ignore[arg-type]  # filtered not null
        )
    for municipality in Municipality.objects.filter(pk__in=ids):
        for item in plan_cycle(adopted[municipality.pk], today=today):
            if item.state != CycleState.OVERDUE or item.window_end < today:
                continue
            tasks.append(
                Task(
                    kind="plan_overdue",
                    group=PLAN_OVERDUE,
                    title=f"{municipality.name_nb}: {item.kind} {item.label_year}",
                    url=reverse("plans:plan_list", args=[municipality.number]),
                    due=item.due,
                )
            )
    return tasks


def _returned_before() -> Exists:
    """The version before this one was sent back for revision."""
    return Exists(
        AnnualReport.objects.annotate(series=Coalesce("participation_id", Value(0))).filter(
            municipality=OuterRef("municipality"),
            series=Coalesce(OuterRef("participation_id"), Value(0)),
            year=OuterRef("year"),
            version=OuterRef("version") - 1,
            status=AnnualReport.Status.RETURNED,
        )
    )


def coordinator_round_tasks(user: User) -> list[Task]:
    """For a municipal coordinator: each open reporting round of a programme their
    municipality takes part in, until the municipality has submitted (due: the deadline),
    and drafts that follow a version sent back for revision. Four queries."""
    if not user_has_role(user, (Role.MUNICIPAL_COORDINATOR,)):
        return []
    ids = _coordinated(user)
    if not ids:
        return []
    today = timezone.localdate()
    participations = list(
        Participation.objects.filter(
            municipality_id__in=ids,
            status__in=(ParticipationStatus.ACTIVE, ParticipationStatus.PAUSED),
        ).select_related("municipality", "programme")
    )
    rounds = ReportingRound.objects.filter(
        programme__in={p.programme_id for p in participations},
        deadline__gte=today - datetime.timedelta(days=ROUND_LATE_DAYS),
    )
    latest: dict[tuple[int, int], AnnualReport] = {}
    for report in AnnualReport.objects.filter(
        participation__in=participations, year__in={r.year for r in rounds}
    ).order_by("version"):
        latest[(report.participation_id, report.year)] = report  # type: ignore[index]  # not null
    tasks = []
    for round_ in rounds:
        for p in participations:
            if p.programme_id != round_.programme_id:
                continue
            found = latest.get((p.pk, round_.year))
            if found is not None and found.is_locked:
                continue
            assert p.municipality is not None  # filtered on municipality_id
            tasks.append(
                Task(
                    kind="report_round",
                    group=REPORT_ROUND,
                    title=_("%(municipality)s, årsrapport %(year)s for %(programme)s")
                    % {
                        "municipality": p.municipality.name_nb,
                        "year": round_.year,
                        "programme": p.programme.name,
                    },
                    url=found.get_absolute_url()
                    if found is not None
                    else reverse("plans:report_list", args=[p.municipality.number]),
                    due=round_.deadline,
                    detail=_("Utkast påbegynt") if found is not None else "",
                )
            )
    returned = (
        AnnualReport.objects.filter(
            municipality_id__in=ids, status=AnnualReport.Status.DRAFT, version__gt=1
        )
        .filter(_returned_before())
        .select_related("municipality")
    )
    tasks.extend(
        Task(
            kind="report_returned",
            group=REPORT_SENT_BACK,
            title=_("%(municipality)s, årsrapport %(year)s (versjon %(version)s)")
            % {"municipality": r.municipality.name_nb, "year": r.year, "version": r.version},
            url=r.get_absolute_url(),
            detail=_("Sendt tilbake for endring"),
        )
        for r in returned
    )
    return tasks


def round_closing_tasks(user: User) -> list[Task]:
    """Reporting rounds whose deadline is within two weeks, for the national coordinator and
    the advisers who follow them. One query."""
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)):
        return []
    today = timezone.localdate()
    rounds = ReportingRound.objects.filter(
        deadline__gte=today, deadline__lte=today + datetime.timedelta(days=ROUND_CLOSING_DAYS)
    ).select_related("programme")
    return [
        Task(
            kind="round_closing",
            group=ROUND_CLOSING,
            title=_("%(programme)s, årsrapport %(year)s")
            % {
                "programme": r.programme.name,
                "year": r.year,
            },
            url=r.get_absolute_url(),
            due=r.deadline,
        )
        for r in rounds
    ]
