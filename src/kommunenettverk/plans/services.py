"""Writes to plans, goals, measures and annual reports. Each is one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.selectors import user_list_with_role
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.networks.models import DevelopmentProject, Network, NetworkMembership
from kommunenettverk.notifications.models import Notice
from kommunenettverk.notifications.services import notify
from kommunenettverk.plans.models import (
    AnnualReport,
    AnnualReportEntry,
    Goal,
    Measure,
    MeasureStatusUpdate,
    PlanDocument,
    ReportComment,
    ReportingRound,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.registry.models import Municipality


class ReportError(DomainError):
    """An annual-report action was refused; the message is for the user."""


def _check_plan_belongs(plan: PlanDocument | None, municipality: Municipality) -> None:
    if plan is not None and plan.municipality_id != municipality.pk:
        raise ValidationError(
            {
                "plan_document": _(
                    "Planen «%(plan)s» tilhører %(other)s, ikke %(own)s. Velg en av kommunens "
                    "egne planer."
                )
                % {
                    "plan": plan.title,
                    "other": plan.municipality.name_nb,
                    "own": municipality.name_nb,
                }
            }
        )


def _check_network_member(network: Network | None, municipality: Municipality) -> None:
    """A goal is shared only with a network the municipality is a current member of."""
    if network is None:
        return
    member = NetworkMembership.objects.filter(
        network=network, participation__municipality=municipality, left_on__isnull=True
    ).exists()
    if not member:
        raise ValidationError(
            {
                "network": _(
                    "%(own)s er ikke medlem av nettverket %(network)s nå. Et mål kan bare deles "
                    "med et nettverk kommunen er med i."
                )
                % {"own": municipality.name_nb, "network": network.name}
            }
        )


def _check_project_includes(project: DevelopmentProject | None, municipality: Municipality) -> None:
    """A measure links only to a development project its municipality takes part in."""
    if project is None:
        return
    if not project.participations.filter(municipality=municipality).exists():
        raise ValidationError(
            {
                "development_project": _(
                    "Utviklingsprosjektet «%(project)s» omfatter ikke %(own)s. Velg et prosjekt "
                    "kommunen er med i."
                )
                % {"project": project.title, "own": municipality.name_nb}
            }
        )


def _apply(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def plan_document_save(
    *, municipality: Municipality, fields: dict[str, Any], plan: PlanDocument | None = None
) -> PlanDocument:
    """Create or update one of the municipality's plan documents."""
    plan = plan or PlanDocument(municipality=municipality)
    _apply(plan, fields)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def goal_save(
    *, municipality: Municipality, fields: dict[str, Any], goal: Goal | None = None
) -> Goal:
    """Create or update a goal; its plan must be one of the municipality's own, and a network
    it is shared with must have the municipality as a current member (checked when the
    sharing is set or changed, so a goal shared before the municipality left can still be
    edited)."""
    _check_plan_belongs(fields.get("plan_document"), municipality)
    network = fields.get("network")
    if network is not None and (goal is None or goal.network_id != network.pk):
        _check_network_member(network, municipality)
    goal = goal or Goal(municipality=municipality)
    _apply(goal, fields)
    goal.full_clean()
    goal.save()
    transaction.on_commit(public_pages_changed)  # the public portal lists published goals
    return goal


@transaction.atomic
def measure_save(
    *,
    goal: Goal,
    fields: dict[str, Any],
    partners: list[Any],
    measure: Measure | None = None,
    author: User | None = None,
) -> Measure:
    """Create or update a measure under `goal`, anchored in the goal municipality's plans and
    linked only to a development project that includes the municipality.

    A new measure may start in any status (`fields` "status" and "progress"); with an
    `author`, that first status is the first row of its history. Later changes of status go
    through `measure_status_record`, so they are refused here."""
    _check_plan_belongs(fields.get("plan_document"), goal.municipality)
    _check_project_includes(fields.get("development_project"), goal.municipality)
    creating = measure is None
    if not creating and {"status", "progress"} & fields.keys():
        raise ValidationError(
            {"status": _("Status endres med en statusoppdatering på tiltakets side.")}
        )
    measure = measure or Measure(goal=goal)
    _apply(measure, fields)
    _check_done_is_complete(measure.status, measure.progress)
    measure.full_clean()
    measure.save()
    measure.partners.set(partners)
    if creating and author is not None:
        first = MeasureStatusUpdate(
            measure=measure,
            date=timezone.localdate(),
            status=measure.status,
            progress=measure.progress,
            note="",
            author=author,
        )
        first.full_clean()
        first.save()
    transaction.on_commit(public_pages_changed)
    return measure


def _check_done_is_complete(status: str, progress: int) -> None:
    if status == Measure.Status.DONE and progress < 100:
        raise ValidationError(
            {
                "progress": _(
                    "Et gjennomført tiltak har framdrift 100 %. Rett status eller framdrift."
                )
            }
        )


@transaction.atomic
def measure_status_record(
    *,
    measure: Measure,
    status: str,
    progress: int,
    note: str,
    author: User,
    date: datetime.date | None = None,
) -> MeasureStatusUpdate | None:
    """Record a dated status update and make it the measure's current status. Saving the
    status and progress the measure already has, without a comment, records nothing and
    returns None (the history holds changes, not repeated saves)."""
    _check_done_is_complete(status, progress)
    current = Measure.objects.select_for_update().values_list("status", "progress")
    if current.get(pk=measure.pk) == (status, progress) and not note.strip():
        return None
    update = MeasureStatusUpdate(
        measure=measure,
        date=date or timezone.localdate(),
        status=status,
        progress=progress,
        note=note,
        author=author,
    )
    update.full_clean()
    update.save()
    measure.status = status
    measure.progress = progress
    measure.full_clean()
    measure.save(update_fields=["status", "progress"])
    transaction.on_commit(public_pages_changed)
    return update


@transaction.atomic
def annual_report_start(
    *, municipality: Municipality, year: int, participation: Participation | None = None
) -> AnnualReport:
    """Start the report for a programme (the municipality's `participation`) and year,
    pre-filled with every goal and measure of the municipality.

    Refused when that programme and year already have a report (a change after submission
    is a new version), or when the participation is another municipality's.
    """
    if participation is not None and participation.municipality_id != municipality.pk:
        raise ReportError(
            _("Deltakelsen i %(programme)s gjelder ikke %(municipality)s.")
            % {"programme": participation.programme.name, "municipality": municipality.name_nb}
        )
    if AnnualReport.objects.filter(
        municipality=municipality, participation=participation, year=year
    ).exists():
        if participation is None:
            message = _(
                "%(municipality)s har allerede en årsrapport for %(year)s. Åpne den i stedet."
            )
        else:
            message = _(
                "%(municipality)s har allerede en årsrapport for %(programme)s %(year)s. "
                "Åpne den i stedet."
            )
        raise ReportError(
            message
            % {
                "municipality": municipality.name_nb,
                "year": year,
                "programme": participation.programme.name if participation else "",
            }
        )
    report = AnnualReport(municipality=municipality, participation=participation, year=year)
    report.full_clean()
    report.save()
    _refresh(report)
    return report


def _refresh(report: AnnualReport) -> int:
    """Bring a draft's lines up to the municipality's current goals and measures: a line for
    every measure that has none (with the measure's status), and each line's goal and title
    as they read now. What the coordinator wrote stays. Returns how many lines were added."""
    measures = Measure.objects.filter(goal__municipality=report.municipality_id).select_related(
        "goal"
    )
    entries = {e.measure_id: e for e in report.entries.all() if e.measure_id is not None}
    added = []
    for measure in measures:
        entry = entries.get(measure.pk)
        if entry is None:
            added.append(
                AnnualReportEntry(
                    report=report,
                    measure=measure,
                    goal_statement=measure.goal.statement,
                    measure_title=measure.title,
                    status=measure.status,
                )
            )
        elif (entry.goal_statement, entry.measure_title) != (measure.goal.statement, measure.title):
            entry.goal_statement, entry.measure_title = measure.goal.statement, measure.title
            entry.save(update_fields=["goal_statement", "measure_title"])
    AnnualReportEntry.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def annual_report_refresh(*, report: AnnualReport) -> int:
    """Refresh a draft from the current goals and measures (see `_refresh`): measures added
    after the draft was started get their line. Submitted versions are left as they were."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_locked:
        return 0
    return _refresh(report)


@transaction.atomic
def annual_report_save_entries(
    *, report: AnnualReport, summary: str, entries: dict[int, dict[str, str]]
) -> int:
    """Save the coordinator's answers: {entry id: {status, results, obstacles}}, then refresh
    the draft from the current measures. Returns how many lines that added (measures added
    since the draft was started), for the page to say so before the report is submitted."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_locked:
        raise ReportError(_("Rapporten er sendt inn og kan ikke endres. Lag en ny versjon."))
    report.summary = summary
    report.save(update_fields=["summary"])
    for entry in report.entries.all():
        answer = entries.get(entry.pk)
        if answer is None:
            continue
        entry.status = answer["status"]
        entry.results = answer["results"]
        entry.obstacles = answer["obstacles"]
        entry.full_clean()
        entry.save(update_fields=["status", "results", "obstacles"])
    return _refresh(report)


@transaction.atomic
def annual_report_submit(*, report: AnnualReport, user: User) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_locked:
        raise ReportError(_("Rapporten er allerede sendt inn."))
    # Measures added since the draft was started get their line before it locks.
    _refresh(report)
    report.status = AnnualReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.save(update_fields=["status", "submitted_at", "submitted_by"])
    annual_report_notify_submitted(report=report, actor=user)
    return report


def annual_report_notify_submitted(*, report: AnnualReport, actor: User | None) -> None:
    """The region's advisers hear of a report to comment (the national coordinator where the
    region has none)."""
    advisers = user_list_with_role(roles=[Role.REGIONAL_ADVISER], over=[report], national=False)
    if not advisers.exists():
        advisers = user_list_with_role(roles=[Role.NATIONAL_COORDINATOR])
    notify(
        advisers,
        "report_submitted",
        report,
        _("%(municipality)s har sendt inn årsrapporten for %(year)s.")
        % {"municipality": report.municipality.name_nb, "year": report.year},
        report.get_absolute_url(),
        actor=actor,
    )


@transaction.atomic
def annual_report_new_version(*, report: AnnualReport) -> AnnualReport:
    """Copy a submitted report into a new draft version; the submitted one stays as it was."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_locked:
        raise ReportError(_("Bare en innsendt rapport kan få en ny versjon."))
    return _next_version(report)


def _next_version(report: AnnualReport) -> AnnualReport:
    """The new draft after `report` (locked by the caller), with its lines copied and
    refreshed from the current measures."""
    latest = (
        AnnualReport.objects.filter(
            municipality=report.municipality,
            participation=report.participation_id,
            year=report.year,
        )
        .order_by("-version")
        .first()
    )
    if latest is None or latest.pk != report.pk:
        raise ReportError(_("Det finnes allerede en nyere versjon av rapporten."))
    draft = AnnualReport(
        municipality=report.municipality,
        participation_id=report.participation_id,
        year=report.year,
        version=report.version + 1,
        summary=report.summary,
    )
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        raise ReportError(_("Det finnes allerede et utkast for dette året.")) from None
    AnnualReportEntry.objects.bulk_create(
        AnnualReportEntry(
            report=draft,
            measure_id=entry.measure_id,
            goal_statement=entry.goal_statement,
            measure_title=entry.measure_title,
            status=entry.status,
            results=entry.results,
            obstacles=entry.obstacles,
        )
        for entry in report.entries.all()
    )
    _refresh(draft)
    return draft


@transaction.atomic
def report_comment_add(
    *,
    report: AnnualReport,
    author: User,
    text: str,
    entry: AnnualReportEntry | None = None,
) -> ReportComment:
    """The adviser comments on a submitted report, or on one measure's line in it."""
    if not report.is_locked:
        raise ReportError(_("Rådgiveren kommenterer innsendte rapporter, ikke utkast."))
    if not text.strip():
        raise ReportError(_("Skriv en kommentar før du lagrer."))
    if entry is not None and entry.report_id != report.pk:
        raise ReportError(_("Tiltaket hører ikke til denne rapporten."))
    comment = ReportComment(report=report, author=author, text=text.strip(), entry=entry)
    comment.full_clean()
    comment.save()
    notify(
        user_list_with_role(roles=[Role.MUNICIPAL_COORDINATOR], over=[report.municipality]),
        "report_commented",
        report,
        _("%(author)s har kommentert årsrapporten for %(year)s fra %(municipality)s.")
        % {"author": author, "year": report.year, "municipality": report.municipality.name_nb},
        report.get_absolute_url(),
        actor=author,
    )
    return comment


def report_comment_reply(*, report: models.Model, user: User, text: str) -> ReportComment:
    """A reply by email to a notice about a report becomes the adviser's comment on the whole
    report (notifications.inbound; registered in plans.extensions). The same rule as the
    report page's comment form: only who may comment the report, only a submitted one."""
    if not isinstance(report, AnnualReport) or not user.has_perm("plans.comment_report", report):
        raise ReportError(_("Du kan ikke kommentere denne rapporten."))
    return report_comment_add(report=report, author=user, text=text)


def _coordinators(municipality: Municipality) -> QuerySet[User]:
    """The municipality's coordinators, who act on its reports."""
    return user_list_with_role(
        roles=[Role.MUNICIPAL_COORDINATOR], over=[municipality], national=False
    )


@transaction.atomic
def annual_report_send_back(*, report: AnnualReport, user: User, reason: str) -> AnnualReport:
    """The adviser sends the newest submitted version back for revision with a reason: it is
    kept as it was (status `returned`, with the reason), a new draft version follows it, and
    the municipality's coordinators (and who submitted it) get a notice with the reason,
    linking to the new draft. Returns the new draft."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor rapporten sendes tilbake.")})
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != AnnualReport.Status.SUBMITTED:
        raise ReportError(_("Bare en innsendt rapport kan sendes tilbake."))
    report.status = AnnualReport.Status.RETURNED
    report.returned_reason = reason.strip()
    report.returned_at = timezone.now()
    report.returned_by = user
    report.save(update_fields=["status", "returned_reason", "returned_at", "returned_by"])
    draft = _next_version(report)
    submitter = [report.submitted_by] if report.submitted_by is not None else []
    notify(
        [*_coordinators(report.municipality), *submitter],
        "report_commented",
        report,
        _(
            "Årsrapporten for %(year)s er sendt tilbake til %(municipality)s for endring. "
            "Begrunnelse: %(reason)s"
        )
        % {
            "year": report.year,
            "municipality": report.municipality.name_nb,
            "reason": report.returned_reason,
        },
        draft.get_absolute_url(),
        actor=user,
    )
    return draft


# --- reporting rounds ------------------------------------------------------------------------
@transaction.atomic
def reporting_round_open(
    *, programme: Programme, year: int, deadline: datetime.date, user: User
) -> ReportingRound:
    """The national coordinator opens the round for a programme and year, with a deadline."""
    if ReportingRound.objects.filter(programme=programme, year=year).exists():
        raise ReportError(
            _("%(programme)s har allerede en rapporteringsrunde for %(year)s.")
            % {"programme": programme.name, "year": year}
        )
    if deadline.year < year:
        raise ValidationError(
            {"deadline": _("Fristen må være etter at rapporteringsåret har begynt.")}
        )
    round_ = ReportingRound(programme=programme, year=year, deadline=deadline, opened_by=user)
    round_.full_clean()
    round_.save()
    return round_


def round_participations(round_: ReportingRound) -> list[Participation]:
    """The municipalities asked to report in the round: active (or paused) participations."""
    return list(
        Participation.objects.filter(
            programme=round_.programme_id,
            municipality__isnull=False,
            status__in=(ParticipationStatus.ACTIVE, ParticipationStatus.PAUSED),
        ).select_related("municipality")
    )


@transaction.atomic
def reporting_round_remind(
    *, round_: ReportingRound, participations: list[Participation], user: User
) -> int:
    """Remind the coordinators of `participations` that have not submitted the round's report,
    with a notice (and email, as each chose). Once a day per municipality: a second click the
    same day reminds nobody again. Returns how many municipalities are reminded today."""
    today = timezone.localdate()
    submitted = set(
        AnnualReport.objects.filter(
            participation__in=participations,
            year=round_.year,
            status__in=(AnnualReport.Status.SUBMITTED, AnnualReport.Status.RETURNED),
        ).values_list("participation_id", flat=True)
    )
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    already = set(
        Notice.objects.filter(
            kind="report_reminder",
            about_type=ContentType.objects.get_for_model(Participation),
            about_id__in=[p.pk for p in participations],
            created_at__gte=start,
        ).values_list("about_id", flat=True)
    )
    reminded = 0
    for participation in participations:
        if participation.pk in submitted or participation.municipality is None:
            continue
        if participation.pk in already:
            reminded += 1
            continue
        municipality = participation.municipality
        notices = notify(
            _coordinators(municipality),
            "report_reminder",
            participation,
            _(
                "Påminnelse: årsrapport %(year)s for %(programme)s. %(municipality)s har ikke "
                "sendt inn årsrapporten ennå. Fristen er %(deadline)s."
            )
            % {
                "municipality": municipality.name_nb,
                "year": round_.year,
                "programme": round_.programme.name,
                "deadline": round_.deadline.strftime("%d.%m.%Y"),
            },
            reverse("plans:report_list", args=[municipality.number]),
            actor=user,
        )
        reminded += bool(notices)
    return reminded
