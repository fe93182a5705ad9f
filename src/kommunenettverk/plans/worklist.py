"""What plans asks of whom (core.tasks): submitted annual reports to comment (advisers and the
national coordinator), reports sent back with comments and plans overdue by the plan cycle
(municipal coordinators)."""

from __future__ import annotations

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
from kommunenettverk.plans.models import AnnualReport, PlanDocument, ReportComment
from kommunenettverk.registry.models import Municipality

REPORT_COMMENT = gettext_lazy("Årsrapporter å kommentere")
REPORT_SENT_BACK = gettext_lazy("Årsrapporter sendt tilbake med kommentar")
PLAN_OVERDUE = gettext_lazy("Planer på overtid etter plansyklusen")


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
    the regions the user may comment in. One query."""
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)):
        return []
    reports = (
        AnnualReport.objects.filter(_latest_submitted())
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
        AnnualReport.objects.filter(_latest_submitted(), municipality_id__in=ids)
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
