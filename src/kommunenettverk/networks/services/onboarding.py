"""Moving a programme in from spreadsheets ("Flytte inn et program"): participations with their
political decision, status history and contact people, and networks with their adviser,
members and period, read by `networks.onboarding` and written through the ordinary services
(which check the rules), all or nothing. A preview runs the very same writes and rolls back.

Order inside the one transaction: participations are applied for and approved; networks are
created and their members added (a member must be active); then participations move to their
final status (pause, withdrawn, completed: their membership ends on that date); last, contact
people and new advisers get their roles, and with them an invitation or a notice in the outbox
(sent by the outbox's task after the commit, never in the request).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Invitation, Role, RoleAssignment, User
from kommunenettverk.accounts.services import (
    RoleGrant,
    role_give_many,
    role_tell,
    user_get_or_create,
)
from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.jobs import job_claim, job_heartbeat
from kommunenettverk.core.tasks import enqueue_on_commit
from kommunenettverk.networks import onboarding as layout
from kommunenettverk.networks.models import Network, NetworkMembership, OnboardingJob
from kommunenettverk.networks.onboarding import Row
from kommunenettverk.networks.services.common import NetworkError, today
from kommunenettverk.networks.services.network import (
    network_add_members,
    network_remove_member,
    network_save,
)
from kommunenettverk.programmes.models import (
    Participation,
    ParticipationStatus,
    Programme,
    Theme,
)
from kommunenettverk.programmes.services import (
    Application,
    Refused,
    participation_apply_many,
    participation_set_status,
)
from kommunenettverk.registry.models import County, KsRegion, Municipality

S = ParticipationStatus
ONBOARD_IN = "networks.onboard_in"
PARTICIPATIONS = "Deltakelser"
NETWORKS = "Nettverk"


@dataclass(frozen=True)
class Refusal:
    file: str
    line: int
    field: str
    reason: str


@dataclass
class OnboardingReport:
    """What a run wrote (or, as a preview, would write) and every refused row."""

    preview: bool
    rows_read: int = 0
    participations: int = 0
    networks: int = 0
    memberships: int = 0
    roles: int = 0
    invitations: int = 0
    refused: list[Refusal] = field(default_factory=list)

    def refuse(self, file: str, line: int, column: str, reason: str) -> None:
        self.refused.append(Refusal(file, line, column, reason))

    def summary(self) -> str:
        if self.refused:
            return _("%(count)s rader ble avvist; ingenting er lagret.") % {
                "count": len(self.refused)
            }
        text = _(
            "%(p)s deltakelser, %(n)s nettverk, %(m)s medlemskap og %(r)s roller "
            "(%(i)s invitasjoner)."
        ) % {
            "p": self.participations,
            "n": self.networks,
            "m": self.memberships,
            "r": self.roles,
            "i": self.invitations,
        }
        if self.preview:
            return _("Forhåndsvisning: ") + text + _(" Ingenting er lagret ennå.")
        return _("Lagret: ") + text

    def as_dict(self) -> dict[str, Any]:
        return {
            "preview": self.preview,
            "rows_read": self.rows_read,
            "participations": self.participations,
            "networks": self.networks,
            "memberships": self.memberships,
            "roles": self.roles,
            "invitations": self.invitations,
            "refused": [r.__dict__ for r in self.refused],
        }


class OnboardingRefused(NetworkError):
    """A file had refused rows: nothing was written; `report` names every one."""

    def __init__(self, report: OnboardingReport) -> None:
        super().__init__(report.summary())
        self.report = report


class _Cell(Exception):
    """A cell that cannot be used: its column and why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


class _Preview(Exception):
    """Raised at the end of a preview to roll everything back."""


STATUS_WORDS = {
    **{str(status.label).lower(): status for status in S},
    **{status.value: status for status in S},
}


class _Lookup:
    """The registry, programmes and themes read once, to resolve cells by number or name."""

    def __init__(self) -> None:
        self.municipality_by_number: dict[str, Municipality] = {}
        self.municipality_by_name: dict[str, list[Municipality]] = defaultdict(list)
        for m in Municipality.objects.select_related("county__ks_region"):
            self.municipality_by_number[m.number] = m
            for name in {m.name_nb.lower(), m.name.lower(), *map(str.lower, m.parallel_name_list)}:
                self.municipality_by_name[name].append(m)
        self.county_by_number: dict[str, County] = {}
        self.county_by_name: dict[str, County] = {}
        for c in County.objects.select_related("ks_region"):
            self.county_by_number[c.number] = c
            self.county_by_name[c.name.lower()] = c
            self.county_by_name[f"{c.name.lower()} fylkeskommune"] = c
        self.programmes: dict[str, Programme] = {}
        for p in Programme.objects.prefetch_related("themes"):
            self.programmes[p.name.lower()] = self.programmes[p.slug] = p
        self.themes: dict[str, Theme] = {}
        for t in Theme.objects.all():
            self.themes[t.name.lower()] = self.themes[t.slug] = t
        self.regions: dict[str, KsRegion] = {}
        for r in KsRegion.objects.all():
            self.regions[r.name.lower()] = self.regions[r.code] = r

    def participant(
        self, text: str, column: str, *, on: datetime.date | None = None
    ) -> Municipality | County:
        key = text.strip()
        if not key:
            raise _Cell(column, _("mangler kommune eller fylkeskommune."))
        if key.isdigit() and len(key) == 4 and key in self.municipality_by_number:
            return self.municipality_by_number[key]
        if key.isdigit() and len(key) == 2 and key in self.county_by_number:
            return self.county_by_number[key]
        lowered = key.lower()
        if lowered in self.county_by_name and lowered.endswith("fylkeskommune"):
            return self.county_by_name[lowered]
        found = self.municipality_by_name.get(lowered, [])
        if len(found) > 1:  # the same name before and after a merger, or in two counties
            when = on or today()
            valid = [
                m
                for m in found
                if (m.valid_from is None or m.valid_from <= when)
                and (m.valid_to is None or m.valid_to > when)
            ]
            found = valid if len(valid) == 1 else found
        if len(found) == 1:
            return found[0]
        if found:
            raise _Cell(
                column,
                _("«%(name)s» gjelder flere kommuner (%(numbers)s); skriv kommunenummeret.")
                % {"name": key, "numbers": ", ".join(m.number for m in found)},
            )
        raise _Cell(column, _("fant ingen kommune eller fylkeskommune «%(name)s».") % {"name": key})

    def programme(self, text: str) -> Programme:
        found = self.programmes.get(text.strip().lower()) or self.programmes.get(text.strip())
        if found is None:
            raise _Cell(layout.PROGRAMME, _("fant ikke programmet «%(name)s».") % {"name": text})
        return found

    def themes_of(self, text: str, programme: Programme, column: str) -> list[Theme]:
        allowed = {t.pk for t in programme.themes.all()}
        themes = []
        for name in layout.split_list(text):
            theme = self.themes.get(name.lower()) or self.themes.get(name)
            if theme is None:
                raise _Cell(column, _("fant ikke temaet «%(name)s».") % {"name": name})
            if theme.pk not in allowed:
                raise _Cell(
                    column,
                    _("temaet «%(theme)s» hører ikke til %(programme)s.")
                    % {"theme": theme.name, "programme": programme.name},
                )
            themes.append(theme)
        return themes


def _date(row: Row, column: str, *, required: bool = False) -> datetime.date | None:
    text = row.get(column)
    if not text:
        if required:
            raise _Cell(column, _("mangler dato."))
        return None
    try:
        return layout.parse_date(text)
    except ValueError as exc:
        raise _Cell(column, str(exc)) from None


def _people(row: Row, column: str) -> list[tuple[str, str]]:
    try:
        people = layout.parse_people(row.get(column))
    except ValueError as exc:
        raise _Cell(column, str(exc)) from None
    for _name, email in people:
        try:
            validate_email(email)
        except ValidationError:
            raise _Cell(
                column, _("«%(email)s» er ikke en gyldig e-postadresse.") % {"email": email}
            ) from None
    return people


def _in_scope(user: User, obj: Any, column: str) -> None:
    if not user.has_perm(ONBOARD_IN, obj):
        raise _Cell(
            column,
            _("du kan bare flytte inn deltakere og nettverk i din egen region (%(what)s).")
            % {"what": obj},
        )


T = TypeVar("T")


def _step(
    report: OnboardingReport, file: str, row: Row, column: str, work: Callable[[], T]
) -> T | None:
    """Run one row's writes in a savepoint: a refusal is recorded against the row and the
    column (the cell's own, or `column` for a service's refusal) and the row leaves no trace."""
    try:
        with transaction.atomic():
            return work()
    except _Cell as exc:
        report.refuse(file, row.line, exc.column, exc.reason)
    except DomainError as exc:
        report.refuse(file, row.line, exc.field or column, exc.message)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            report.refuse(file, row.line, column, "; ".join(exc.messages))
            return None
        for field, errors in exc.message_dict.items():
            if field in _NOT_IN_FILES:
                continue
            report.refuse(file, row.line, _FIELD_COLUMNS.get(field, column), "; ".join(errors))
    return None


# A service's refusal of a model field names the file's column for it.
_FIELD_COLUMNS = {
    "decision_body": layout.DECISION_BODY,
    "decision_date": layout.DECISION_DATE,
    "decision_case_ref": layout.DECISION_CASE,
    "decision_url": layout.DECISION_URL,
}
# Advice for the web form ("tick «vedtak kommer»") that has no column in the files.
_NOT_IN_FILES = {"decision_pending"}


@dataclass
class _Pending:
    """What the later phases still do for a participation written in the first."""

    row: Row
    participation: Participation
    status: str
    status_on: datetime.date | None
    scope: Municipality | County
    people: list[tuple[Role, str, str]]  # (role, name, email)


@dataclass
class _Read:
    """A participations row read and checked, before it is written."""

    row: Row
    application: Application
    status: str
    status_on: datetime.date | None
    scope: Municipality | County
    people: list[tuple[Role, str, str]]  # (role, name, email)


def _participation_row(lookup: _Lookup, user: User, row: Row) -> _Read:
    programme = lookup.programme(row.get(layout.PROGRAMME))
    applied_on = _date(row, layout.APPLIED_ON) or today()
    participant = lookup.participant(row.get(layout.PARTICIPANT), layout.PARTICIPANT, on=applied_on)
    _in_scope(user, participant, layout.PARTICIPANT)
    status = STATUS_WORDS.get(row.get(layout.STATUS).lower())
    if status is None:
        raise _Cell(
            layout.STATUS,
            _("«%(value)s» er ikke en status (Søkt, Aktiv, Pause, Trukket eller Fullført).")
            % {"value": row.get(layout.STATUS)},
        )
    approved_on = _date(row, layout.APPROVED_ON)
    status_on = _date(row, layout.STATUS_ON)
    if status in (S.ACTIVE, S.PAUSED, S.COMPLETED) and approved_on is None:
        raise _Cell(
            layout.APPROVED_ON,
            _("må fylles ut når status er «%(status)s».") % {"status": S(status).label},
        )
    if status in (S.PAUSED, S.WITHDRAWN, S.COMPLETED) and status_on is None:
        raise _Cell(
            layout.STATUS_ON,
            _("må fylles ut når status er «%(status)s».") % {"status": S(status).label},
        )
    themes = lookup.themes_of(row.get(layout.THEMES), programme, layout.THEMES)
    if not themes:
        raise _Cell(layout.THEMES, _("velg minst ett tema."))
    people = [
        (Role.MUNICIPAL_COORDINATOR, name, email)
        for name, email in _people(row, layout.COORDINATORS)
    ] + [(Role.PARTICIPANT, name, email) for name, email in _people(row, layout.PARTICIPANTS)]
    application = Application(
        programme=programme,
        municipality=participant if isinstance(participant, Municipality) else None,
        county=participant if isinstance(participant, County) else None,
        themes=themes,
        applied_on=applied_on,
        fields={
            "accepts_expectations": True,
            "decision_body": row.get(layout.DECISION_BODY),
            "decision_date": _date(row, layout.DECISION_DATE),
            "decision_case_ref": row.get(layout.DECISION_CASE),
            "decision_url": row.get(layout.DECISION_URL),
        },
        approved_on=approved_on if status != S.APPLIED else None,
    )
    return _Read(row, application, status, status_on, participant, people)


def _refused(outcome: Refused) -> None:
    """Raise a refusal of `participation_apply_many` as the row's: an application's against
    the participant (or the decision's column), an approval's against «Godkjent»."""
    if isinstance(outcome.error, DomainError):
        raise _Cell(
            layout.APPROVED_ON if outcome.approval else layout.PARTICIPANT,
            outcome.error.message,
        )
    raise outcome.error


def _participations(read: list[_Read], user: User, report: OnboardingReport) -> list[_Pending]:
    """Apply for (and approve) every participation read, at once (`participation_apply_many`:
    the same rules and notices as one at a time); a refused one is reported against its row."""
    outcomes = participation_apply_many(applications=[r.application for r in read], user=user)
    pending = []
    for item, outcome in zip(read, outcomes, strict=True):
        if isinstance(outcome, Refused):
            _step(report, PARTICIPATIONS, item.row, layout.PARTICIPANT, partial(_refused, outcome))
            continue
        report.participations += 1
        pending.append(
            _Pending(item.row, outcome, item.status, item.status_on, item.scope, item.people)
        )
    return pending


def _network_row(
    lookup: _Lookup, user: User, row: Row, report: OnboardingReport
) -> tuple[datetime.date, list[NetworkMembership]] | None:
    """Create the network and add its members; returns the memberships to end on "Til" (done
    after the participations' final statuses, which end a membership on their own date)."""
    programme = lookup.programme(row.get(layout.PROGRAMME))
    name = row.get(layout.NAME)
    if not name:
        raise _Cell(layout.NAME, _("mangler navn."))
    start = _date(row, layout.FROM, required=True)
    assert start is not None
    end = _date(row, layout.TO)
    if end is not None and end < start:
        raise _Cell(layout.TO, _("kan ikke være før «Fra»."))
    members = []
    for text in layout.split_list(row.get(layout.MEMBERS)):
        participant = lookup.participant(text, layout.MEMBERS, on=start)
        participation = Participation.objects.filter(
            programme=programme,
            **{"municipality" if isinstance(participant, Municipality) else "county": participant},
        ).first()
        if participation is None:
            raise _Cell(
                layout.MEMBERS,
                _("%(name)s deltar ikke i %(programme)s (mangler i deltakelsesfilen?).")
                % {"name": participant, "programme": programme.name},
            )
        members.append(participation)
    if not members:
        raise _Cell(layout.MEMBERS, _("nettverket må ha minst ett medlem."))
    region_text = row.get(layout.REGION)
    if region_text:
        region = lookup.regions.get(region_text.lower()) or lookup.regions.get(region_text)
        if region is None:
            raise _Cell(
                layout.REGION, _("fant ikke KS-regionen «%(name)s».") % {"name": region_text}
            )
    else:
        first = members[0]
        place = first.municipality.county if first.municipality else first.county
        assert place is not None  # a participation has a municipality or a county
        found = place.ks_region
        if found is None:
            raise _Cell(layout.REGION, _("fyll ut KS-regionen."))
        region = found
    _in_scope(user, region, layout.REGION)
    themes = lookup.themes_of(row.get(layout.THEMES), programme, layout.THEMES)
    advisers = _people(row, layout.ADVISER)
    if len(advisers) > 1:
        raise _Cell(layout.ADVISER, _("et nettverk har én rådgiver."))
    adviser = None
    if advisers:
        adviser, _created = user_get_or_create(email=advisers[0][1], full_name=advisers[0][0])
    try:
        network = network_save(
            programme=programme,
            ks_region=region,
            name=name,
            adviser=adviser,
            themes=themes,
            established_on=start,
        )
    except DomainError as exc:
        raise _Cell(exc.field or layout.NAME, exc.message) from None
    try:
        memberships = network_add_members(network=network, participations=members, joined_on=start)
    except DomainError as exc:
        raise _Cell(layout.MEMBERS, exc.message) from None
    report.memberships += len(memberships)
    if adviser is not None:
        assignment = RoleAssignment.objects.get(
            user=adviser,
            role=Role.REGIONAL_ADVISER,
            scope_type=ContentType.objects.get_for_model(Network),
            scope_id=network.pk,
        )
        role_tell(assignment=assignment, by=user)
        report.roles += 1
    report.networks += 1
    return (end, memberships) if end is not None else None


def _network_end(end: datetime.date, memberships: list[NetworkMembership]) -> None:
    for membership in memberships:
        membership.refresh_from_db(fields=["left_on"])
        if membership.left_on is None:
            try:
                network_remove_member(membership=membership, left_on=end)
            except DomainError as exc:
                raise _Cell(layout.TO, exc.message) from None


def _final_status(pending: _Pending, user: User) -> None:
    if pending.status in (S.APPLIED, S.ACTIVE):
        return
    try:
        participation_set_status(
            participation=pending.participation,
            status=pending.status,
            user=user,
            on=pending.status_on,
        )
    except DomainError as exc:
        raise _Cell(layout.STATUS_ON, exc.message) from None


def _contacts(pending: list[_Pending], user: User, report: OnboardingReport) -> None:
    """Every contact person's role at once (a thousand of them: `role_give_many`); the cells
    were checked row by row when the participations were read."""
    report.roles += role_give_many(
        grants=[
            RoleGrant(email=email, full_name=name, role=role, scope=item.scope)
            for item in pending
            for role, name, email in item.people
        ],
        by=user,
    )


def onboarding_import(
    *,
    user: User,
    participations: list[Row],
    networks: list[Row],
    preview: bool,
    progress: Callable[[float, str], None] | None = None,
) -> OnboardingReport:
    """Write the rows of a participations file and a networks file (either may be empty), all
    or nothing; with `preview`, do every write and roll it all back, so the preview refuses
    exactly what the import would. Raises OnboardingRefused (nothing written) when any row is
    refused; its report names each row, its column and why. `user` must hold
    `networks.onboard_in` over every participant and every network's region."""
    report = OnboardingReport(preview=preview, rows_read=len(participations) + len(networks))
    step = progress or (lambda fraction, message: None)
    try:
        with transaction.atomic():
            invitations_before = Invitation.objects.count()
            lookup = _Lookup()
            read: list[_Read] = []
            for row in participations:
                done = _step(
                    report,
                    PARTICIPATIONS,
                    row,
                    layout.PARTICIPANT,
                    partial(_participation_row, lookup, user, row),
                )
                if done is not None:
                    read.append(done)
            pending = _participations(read, user, report) if read else []
            step(0.4, _("Nettverk …"))
            endings: list[tuple[Row, tuple[datetime.date, list[NetworkMembership]]]] = []
            for row in networks:
                ending = _step(
                    report,
                    NETWORKS,
                    row,
                    layout.NAME,
                    partial(_network_row, lookup, user, row, report),
                )
                if ending is not None:
                    endings.append((row, ending))
            step(0.6, _("Status og kontaktpersoner …"))
            for item in pending:
                _step(
                    report,
                    PARTICIPATIONS,
                    item.row,
                    layout.STATUS,
                    partial(_final_status, item, user),
                )
            for row, (end, memberships) in endings:
                _step(
                    report,
                    NETWORKS,
                    row,
                    layout.TO,
                    partial(_network_end, end, memberships),
                )
            if pending:
                _step(
                    report,
                    PARTICIPATIONS,
                    pending[0].row,
                    layout.COORDINATORS,
                    partial(_contacts, pending, user, report),
                )
            report.invitations = Invitation.objects.count() - invitations_before
            report.refused.sort(key=lambda r: (r.file != PARTICIPATIONS, r.line))
            if report.refused:
                raise OnboardingRefused(report)
            if preview:
                raise _Preview
    except _Preview:
        pass
    return report


# --- export ----------------------------------------------------------------------------------


def _participant_key(participation: Participation) -> str:
    return participation.key


def onboarding_export_rows(
    *, programme: Programme, user: User
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The programme's participations and networks in the files' layout (those the user may
    move in: an adviser gets their region's). A fixed number of queries."""
    participations = [
        p
        for p in Participation.objects.filter(programme=programme)
        .select_related("municipality__county__ks_region", "county__ks_region")
        .prefetch_related("themes", "status_changes")
        if user.has_perm(ONBOARD_IN, p.municipality or p.county)
    ]
    contacts: dict[tuple[int, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    municipality_type = ContentType.objects.get_for_model(Municipality)
    county_type = ContentType.objects.get_for_model(County)
    for assignment in (
        RoleAssignment.objects.filter(
            scope_type__in=[municipality_type, county_type],
            role__in=[Role.MUNICIPAL_COORDINATOR, Role.PARTICIPANT],
        )
        .select_related("user")
        .order_by("created_at", "pk")
    ):
        assert assignment.scope_type_id is not None and assignment.scope_id is not None
        contacts[(assignment.scope_type_id, assignment.scope_id)][assignment.role].append(
            layout.format_person(assignment.user.full_name, assignment.user.email)
        )
    participation_rows = []
    for p in participations:
        changes = list(p.status_changes.all())
        scope = (
            (municipality_type.pk, p.municipality_id)
            if p.municipality_id
            else (
                county_type.pk,
                p.county_id,
            )
        )
        people = contacts.get(scope, {})  # type: ignore[arg-type]  # one of the ids is set
        participation_rows.append(
            {
                layout.PARTICIPANT: p.key,
                layout.PROGRAMME: programme.name,
                layout.STATUS: str(S(p.status).label),
                layout.APPLIED_ON: p.applied_on.isoformat(),
                layout.APPROVED_ON: p.approved_on.isoformat() if p.approved_on else "",
                layout.STATUS_ON: changes[-1].changed_on.isoformat()
                if changes and p.status in (S.PAUSED, S.WITHDRAWN, S.COMPLETED)
                else "",
                layout.DECISION_BODY: p.decision_body,
                layout.DECISION_DATE: p.decision_date.isoformat() if p.decision_date else "",
                layout.DECISION_CASE: p.decision_case_ref,
                layout.DECISION_URL: p.decision_url,
                layout.THEMES: "; ".join(t.name for t in p.themes.all()),
                layout.COORDINATORS: "; ".join(people.get(Role.MUNICIPAL_COORDINATOR, [])),
                layout.PARTICIPANTS: "; ".join(people.get(Role.PARTICIPANT, [])),
            }
        )
    network_rows = []
    for network in (
        Network.objects.filter(programme=programme)
        .select_related("ks_region", "adviser")
        .prefetch_related(
            "themes",
            "memberships__participation__municipality",
            "memberships__participation__county",
        )
        .order_by("name")
    ):
        if not user.has_perm(ONBOARD_IN, network.ks_region):
            continue
        memberships: list[NetworkMembership] = list(network.memberships.all())
        # Members who left earlier (their participation ended) leave by their own status date
        # when the file comes back; "Til" is when the last one left.
        ends = [m.left_on for m in memberships]
        end = max(ends) if ends and None not in ends else None  # type: ignore[type-var]  # no None
        adviser = network.adviser
        network_rows.append(
            {
                layout.NAME: network.name,
                layout.PROGRAMME: programme.name,
                layout.REGION: network.ks_region.name,
                layout.ADVISER: layout.format_person(adviser.full_name, adviser.email)
                if adviser
                else "",
                layout.MEMBERS: "; ".join(dict.fromkeys(m.participation.key for m in memberships)),
                layout.THEMES: "; ".join(t.name for t in network.themes.all()),
                layout.FROM: network.established_on.isoformat(),
                layout.TO: end.isoformat() if end else "",
            }
        )
    return participation_rows, network_rows


# --- the background job ----------------------------------------------------------------------


@transaction.atomic
def onboarding_job_create(
    *,
    user: User,
    participations: tuple[str, bytes] | None,
    networks: tuple[str, bytes] | None,
    preview: bool = True,
) -> OnboardingJob:
    """Queue the two uploaded files (name, bytes; either may be missing) for a preview or an
    import; the task is enqueued when the transaction commits."""
    if participations is None and networks is None:
        raise NetworkError(_("Last opp minst én fil."), field="participations")
    job = OnboardingJob(
        created_by=user,
        preview=preview,
        participations_name=participations[0][:200] if participations else "",
        participations_data=participations[1] if participations else b"",
        networks_name=networks[0][:200] if networks else "",
        networks_data=networks[1] if networks else b"",
    )
    job.full_clean(exclude=["participations_data", "networks_data"])
    job.save()
    from kommunenettverk.networks import tasks

    enqueue_on_commit(tasks.onboarding_job_task, job.pk)
    return job


def onboarding_job_import(*, job: OnboardingJob, user: User) -> OnboardingJob:
    """After a clean preview: queue the same files for the import itself."""
    if not job.preview or job.state != OnboardingJob.State.DONE:
        raise NetworkError(_("Bare en forhåndsvisning uten avviste rader kan importeres."))
    return onboarding_job_create(
        user=user,
        participations=(job.participations_name, bytes(job.participations_data))
        if job.participations_name
        else None,
        networks=(job.networks_name, bytes(job.networks_data)) if job.networks_name else None,
        preview=False,
    )


def _job_update(job_id: int, **fields: Any) -> None:
    OnboardingJob.objects.filter(pk=job_id).update(**fields)


def onboarding_job_run(*, job_id: int) -> OnboardingJob:
    """Run a queued job: read both files, then preview or import them (one transaction; its
    progress cannot be written from inside it, so the row says "Kontrollerer og skriver").
    A job that is not queued (taken by another worker, finished) is left alone."""
    claimed = job_claim(OnboardingJob, job_id, progress=1, message=_("Leser filene …"))
    job = OnboardingJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    assert job.created_by is not None

    def progress(fraction: float, message: str) -> None:
        if not connection.in_atomic_block:
            job_heartbeat(OnboardingJob, job_id, progress=round(fraction * 100), message=message)

    try:
        limits = {
            "max_rows": int(settings.XLSX_MAX_ROWS),
            "max_unpacked_bytes": int(settings.XLSX_MAX_UNPACKED_MB) * 1024 * 1024,
        }
        participations = (
            layout.read_table(
                bytes(job.participations_data),
                job.participations_name,
                "participations",
                **limits,
            )
            if job.participations_name
            else []
        )
        networks = (
            layout.read_table(bytes(job.networks_data), job.networks_name, "networks", **limits)
            if job.networks_name
            else []
        )
        progress(
            0.2,
            _("Kontrollerer og skriver %(count)s rader …")
            % {"count": len(participations) + len(networks)},
        )
        report = onboarding_import(
            user=job.created_by,
            participations=participations,
            networks=networks,
            preview=job.preview,
            progress=progress,
        )
    except OnboardingRefused as exc:
        _job_update(
            job_id,
            state=OnboardingJob.State.FAILED,
            progress=100,
            message=exc.message[:300],
            report=exc.report.as_dict(),
        )
    except DomainError as exc:
        _job_update(
            job_id, state=OnboardingJob.State.FAILED, progress=100, message=exc.message[:300]
        )
    except Exception as exc:  # a worker must always leave the job in a final state
        _job_update(
            job_id,
            state=OnboardingJob.State.FAILED,
            progress=100,
            message=f"Uventet feil: {exc}"[:300],
        )
        raise
    else:
        _job_update(
            job_id,
            state=OnboardingJob.State.DONE,
            progress=100,
            message=report.summary()[:300],
            report=report.as_dict(),
        )
    job.refresh_from_db()
    return job
