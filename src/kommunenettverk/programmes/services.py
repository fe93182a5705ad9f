"""Writes to programmes: themes, applications for participation, approval and status changes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.selectors import user_list_with_role
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.slugs import unique_slug
from kommunenettverk.notifications.services import notify
from kommunenettverk.programmes.models import (
    OCCUPYING_STATUSES,
    Participation,
    ParticipationStatus,
    ParticipationStatusChange,
    Programme,
    Theme,
)
from kommunenettverk.programmes.signals import participation_status_changed
from kommunenettverk.registry.models import County, Municipality

S = ParticipationStatus
# Which status a participation may move to from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.APPLIED: (S.ACTIVE, S.WITHDRAWN, S.REFUSED),
    S.ACTIVE: (S.PAUSED, S.WITHDRAWN, S.COMPLETED),
    S.PAUSED: (S.ACTIVE, S.WITHDRAWN, S.COMPLETED),
    S.WITHDRAWN: (S.APPLIED,),
    S.COMPLETED: (),
    S.REFUSED: (S.APPLIED,),
}

# The fields of an application that the municipality fills in (and may later correct).
APPLICATION_FIELDS = (
    "local_challenges",
    "decision_body",
    "decision_date",
    "decision_case_ref",
    "decision_url",
    "anchored_by",
    "anchored_on",
    "contact_elected",
    "contact_manager",
    "contact_professional",
    "accepts_expectations",
    "decision_pending",
)
# The parts of the political decision an application must have unless it is "vedtak kommer".
DECISION_FIELDS = ("decision_body", "decision_date", "decision_case_ref")


class ProgrammeError(DomainError):
    """A programme write was refused; the message is for the user and says why."""


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def theme_save(
    *,
    theme: Theme | None = None,
    name: str,
    description: str = "",
    order: int = 0,
    active: bool = True,
) -> Theme:
    """Create a theme, or update `theme`. Names are unique (case-insensitive)."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    clash = Theme.objects.filter(name__iexact=name.strip())
    if theme is not None:
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise ProgrammeError(
            _("Det finnes allerede et tema som heter «%(name)s».") % {"name": name}
        )
    theme = theme or Theme()
    if not theme.slug:
        theme.slug = unique_slug(name, Theme.objects.all())
    theme.name, theme.description, theme.order, theme.active = (
        name.strip(),
        description,
        order,
        active,
    )
    theme.full_clean()
    theme.save()
    return theme


def _check_capacity(programme: Programme) -> None:
    if programme.capacity is None:
        return
    taken = Participation.objects.filter(programme=programme).occupying().count()
    _check_places(programme, taken)


def _check_places(programme: Programme, taken: int) -> None:
    if programme.capacity is not None and taken >= programme.capacity:
        raise ProgrammeError(
            _("%(programme)s er fullt: alle %(capacity)s plassene er tatt.")
            % {"programme": programme.name, "capacity": programme.capacity}
        )


def _check_themes(programme: Programme, themes: list[Theme]) -> None:
    _check_themes_in(programme, themes, set(programme.themes.values_list("pk", flat=True)))


def _check_themes_in(programme: Programme, themes: list[Theme], allowed: set[int]) -> None:
    if not themes:
        raise ProgrammeError(_("Velg minst ett tema."))
    wrong = [theme.name for theme in themes if theme.pk not in allowed]
    if wrong:
        raise ProgrammeError(
            _("Temaet «%(theme)s» hører ikke til %(programme)s.")
            % {"theme": wrong[0], "programme": programme.name}
        )


def _check_decision(participation: Participation) -> None:
    """An application has the political decision in full (body, date, case number, and the
    document or a link to the archive case), or says "vedtak kommer". A complete decision
    ends "vedtak kommer" by itself."""
    if participation.has_full_decision:
        participation.decision_pending = False
        return
    if participation.decision_pending:
        return
    messages = {
        "decision_body": _("Oppgi hvilket organ som fattet vedtaket."),
        "decision_date": _("Oppgi datoen for vedtaket."),
        "decision_case_ref": _("Oppgi saksnummeret i kommunens arkiv."),
    }
    errors = {
        name: message for name, message in messages.items() if not getattr(participation, name)
    }
    if not (participation.decision_url or participation.decision_document):
        errors["decision_url"] = _(
            "Legg ved vedtaksdokumentet eller en lenke til saken i kommunens arkiv."
        )
    errors["decision_pending"] = _(
        "Mangler vedtaket ennå? Kryss av for «vedtak kommer», så kan dere sende søknaden nå."
    )
    raise ValidationError(errors)


def _check_one_participant(municipality: Municipality | None, county: County | None) -> None:
    if (municipality is None) == (county is None):
        raise ProgrammeError(_("En deltakelse gjelder enten én kommune eller én fylkeskommune."))


def _check_fields(application: dict[str, Any]) -> None:
    unknown = set(application) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")


def _check_open(programme: Programme, applied_on: datetime.date) -> None:
    if programme.ends_on and applied_on > programme.ends_on:
        raise ProgrammeError(
            _("%(programme)s er avsluttet og tar ikke imot nye søknader.")
            % {"programme": programme.name}
        )


def _already_taking_part(existing: Participation, programme: Programme) -> ProgrammeError:
    return ProgrammeError(
        _("%(participant)s deltar allerede i %(programme)s (status: %(status)s).")
        % {
            "participant": existing.participant_name,
            "programme": programme.name,
            "status": existing.get_status_display(),
        }
    )


def _application(
    programme: Programme,
    municipality: Municipality | None,
    county: County | None,
    applied_on: datetime.date,
    decision_document: File[bytes] | None,
    application: dict[str, Any],
) -> Participation:
    """The new application, checked as far as it can be without the database (the political
    decision, the expectations); `full_clean` is the caller's."""
    if not application.get("accepts_expectations"):
        raise ProgrammeError(_("Kommunen må godta forventningene til deltakerne."))
    participation = Participation(
        programme=programme,
        municipality=municipality,
        county=county,
        status=S.APPLIED,
        applied_on=applied_on,
        **application,
    )
    if decision_document is not None:
        participation.decision_document = decision_document
    _check_decision(participation)
    return participation


def _lock(programme: Programme) -> Programme:
    """Lock the programme row so two applications cannot both take the last place."""
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def participation_apply(
    *,
    programme: Programme,
    municipality: Municipality | None = None,
    county: County | None = None,
    themes: Iterable[Theme],
    user: User | None = None,
    decision_document: File[bytes] | None = None,
    applied_on: datetime.date | None = None,
    **application: Any,
) -> Participation:
    """Record an application from a municipality (or a county municipality) to `programme`.

    Refused with a message when the participant already takes part, the programme is full or
    over, the themes do not belong to the programme, or the expectations are not accepted.
    """
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    _check_one_participant(municipality, county)
    _check_fields(application)
    programme = _lock(programme)
    applied_on = applied_on or _today()
    _check_open(programme, applied_on)
    existing = Participation.objects.filter(
        programme=programme, municipality=municipality, county=county
    ).first()
    if existing is not None:
        raise _already_taking_part(existing, programme)
    _check_capacity(programme)
    themes = list(themes)
    _check_themes(programme, themes)
    _check_fields(application)
    participation = _application(
        programme, municipality, county, applied_on, decision_document, application
    )
    participation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        # A parallel application won the race past the check above.
        raise ProgrammeError(_("Deltakeren har allerede søkt om å delta i programmet.")) from None
    participation.themes.set(themes)
    ParticipationStatusChange.objects.create(
        participation=participation, status=S.APPLIED, changed_on=applied_on, changed_by=user
    )
    participation_notify_applied(participation=participation, actor=user)
    return participation


def participation_notify_applied(*, participation: Participation, actor: User | None) -> None:
    """The national coordinator and the region's advisers hear of an application to decide
    (notifications.services.notify)."""
    notify(
        user_list_with_role(
            roles=[Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER], over=[participation]
        ),
        "application_sent",
        participation,
        _("%(participant)s har søkt om å delta i %(programme)s.")
        % {
            "participant": participation.participant_name,
            "programme": participation.programme.name,
        },
        participation.get_absolute_url(),
        actor=actor,
    )


@transaction.atomic
def participation_update(
    *,
    participation: Participation,
    themes: Iterable[Theme],
    decision_document: File[bytes] | None = None,
    **application: Any,
) -> Participation:
    """Correct the application details (decision, anchoring, contacts, challenges, themes)."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    unknown = set(application) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    themes = list(themes)
    _check_themes(participation.programme, themes)
    if not application.get("accepts_expectations", participation.accepts_expectations):
        raise ProgrammeError(_("Kommunen må godta forventningene til deltakerne."))
    for name, value in application.items():
        setattr(participation, name, value)
    fields = list(application)
    if decision_document is not None:
        participation.decision_document = decision_document
        fields.append("decision_document")
    if participation.status == S.APPLIED:
        _check_decision(participation)
        fields = sorted({*fields, "decision_pending"})
    participation.full_clean(validate_constraints=False)
    participation.save(update_fields=fields)
    participation.themes.set(themes)
    return participation


@transaction.atomic
def participation_set_status(
    *,
    participation: Participation,
    status: str,
    user: User | None = None,
    on: datetime.date | None = None,
    note: str = "",
) -> Participation:
    """Move a participation to `status` on date `on` and record the change in its history.

    Only the moves in TRANSITIONS are allowed; a move back into the programme (withdrawn →
    applied) needs a free place. Approval (→ active from applied) records who approved.
    Sends `signals.participation_status_changed` (networks ends the current membership when
    a participation is paused, withdrawn or completed).
    """
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    on = on or _today()
    current = ParticipationStatus(participation.status)
    if status not in TRANSITIONS[current]:
        raise ProgrammeError(
            _("En deltakelse med status «%(current)s» kan ikke settes til «%(new)s».")
            % {"current": current.label, "new": ParticipationStatus(status).label}
        )
    last = participation.status_changes.order_by("-changed_on", "-pk").first()
    if last is not None:
        _check_after(last.changed_on, on)
    if status in OCCUPYING_STATUSES and current not in OCCUPYING_STATUSES:
        _check_capacity(_lock(participation.programme))
    participation.status = status
    fields = ["status"]
    if current == S.APPLIED and status == S.ACTIVE:
        _check_approvable(participation)
        participation.approved_on, participation.approved_by = on, user
        fields += ["approved_on", "approved_by"]
    participation.save(update_fields=fields)
    ParticipationStatusChange.objects.create(
        participation=participation, status=status, changed_on=on, changed_by=user, note=note
    )
    if current == S.APPLIED and status in (S.ACTIVE, S.WITHDRAWN, S.REFUSED):
        _notify_decided(participation, user, reason=note if status == S.REFUSED else "")
    # Apps below (networks) react in the same transaction, e.g. by ending a membership.
    participation_status_changed.send(
        sender=Participation,
        participation=participation,
        old_status=str(current),
        new_status=status,
        on=on,
        user=user,
    )
    return participation


def _check_after(last_on: datetime.date, on: datetime.date) -> None:
    if on < last_on:
        raise ProgrammeError(
            _("Datoen kan ikke være før forrige statusendring (%(date)s).")
            % {"date": last_on.strftime("%d.%m.%Y")}
        )


def _check_approvable(participation: Participation) -> None:
    if not participation.has_full_decision:
        raise ProgrammeError(
            _(
                "%(name)s kan ikke godkjennes før det politiske vedtaket er registrert "
                "(organ, dato, saksnummer og dokument eller lenke til saken)."
            )
            % {"name": participation.participant_name}
        )


def _notify_decided(participation: Participation, user: User | None, reason: str = "") -> None:
    """The applicant (who sent the application) and the coordinators of the municipality that
    applied hear that it was approved, refused (with the reason) or not approved: the one
    place programmes tells the applicant, through notices (and email, as each one chose)."""
    names = {
        "participant": participation.participant_name,
        "programme": participation.programme.name,
    }
    if participation.status == S.ACTIVE:
        text = _("Søknaden fra %(participant)s om å delta i %(programme)s er godkjent.") % names
    elif participation.status == S.REFUSED:
        text = _(
            "Søknaden fra %(participant)s om å delta i %(programme)s er avslått. "
            "Begrunnelse: %(reason)s"
        ) % {**names, "reason": reason}
    else:
        text = _("Søknaden fra %(participant)s om å delta i %(programme)s er ikke godkjent.") % (
            names
        )
    recipients = list(user_list_with_role(roles=[Role.MUNICIPAL_COORDINATOR], over=[participation]))
    first = participation.status_changes.filter(status=S.APPLIED).order_by("pk").first()
    if first is not None and first.changed_by is not None:
        recipients.append(first.changed_by)
    notify(
        recipients,
        "application_decided",
        participation,
        text,
        participation.get_absolute_url(),
        actor=user,
    )


def participation_approve(
    *, participation: Participation, user: User, on: datetime.date | None = None
) -> Participation:
    """Approve an application: the participation becomes active."""
    if participation.status != S.APPLIED:
        raise ProgrammeError(
            _("Bare søknader kan godkjennes; denne deltakelsen har status «%(status)s».")
            % {"status": participation.get_status_display()}
        )
    participation = participation_set_status(
        participation=participation, status=S.ACTIVE, user=user, on=on, note=_("Godkjent")
    )
    return participation


@dataclass(frozen=True)
class Application:
    """One application for `participation_apply_many`: `participation_apply`'s arguments, and
    `approved_on` when the caller (who may decide) approves it at once on that date."""

    programme: Programme
    municipality: Municipality | None
    county: County | None
    themes: list[Theme]
    applied_on: datetime.date
    fields: dict[str, Any]
    approved_on: datetime.date | None = None


@dataclass(frozen=True)
class Refused:
    """Why `participation_apply_many` wrote nothing for an application; `approval` tells a
    refused approval from a refused application."""

    error: DomainError | ValidationError
    approval: bool = False


def _history_with_themes(participations: list[Participation]) -> None:
    """The "~" history records that `themes.set()` and `save()` write one at a time (a
    participation's history keeps its themes), for many participations at once."""
    records = Participation.history.bulk_history_create(participations, update=True)
    themes_history = apps.get_model("programmes", "HistoricalParticipation_themes")
    through = Participation.themes.through
    rows: dict[int, list[Any]] = {}
    for row in through.objects.filter(participation__in=participations).order_by("pk"):
        rows.setdefault(row.participation_id, []).append(row)
    themes_history.objects.bulk_create(
        [
            themes_history(
                history=record,
                id=row.pk,
                participation_id=row.participation_id,
                theme_id=row.theme_id,
            )
            for record in records
            for row in rows.get(record.id, [])
        ]
    )


@transaction.atomic
def participation_apply_many(
    *, applications: Sequence[Application], user: User | None
) -> list[Participation | Refused]:
    """`participation_apply` (and, where `approved_on` is given, `participation_approve`) for
    many applications at once, in order and with the same rules, each refused one on its own
    (`Refused`) while the others are written: the checks read the programmes, their themes,
    places and the participations already there once; the participations, their themes,
    history and status changes are written in bulk; the notices of the application and the
    decision and the `participation_status_changed` signal go out for each one as the single
    path sends them. The caller has checked that `user` may decide them."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    programme_ids = {a.programme.pk for a in applications}
    programmes = {
        p.pk: p for p in Programme.objects.select_for_update().filter(pk__in=programme_ids)
    }
    allowed: dict[int, set[int]] = {pk: set() for pk in programme_ids}
    for programme_id, theme_id in Programme.themes.through.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "theme_id"):
        allowed[programme_id].add(theme_id)
    taken = dict.fromkeys(programme_ids, 0)
    for row in (
        Participation.objects.filter(programme_id__in=programme_ids)
        .occupying()
        .values("programme_id")
        .annotate(n=Count("pk"))
    ):
        taken[row["programme_id"]] = row["n"]
    existing = {
        (p.programme_id, p.municipality_id, p.county_id): p
        for p in Participation.objects.filter(programme_id__in=programme_ids)
    }
    results: list[Participation | Refused] = []
    accepted: list[tuple[Participation, Application]] = []
    for item in applications:
        programme = programmes[item.programme.pk]
        try:
            _check_one_participant(item.municipality, item.county)
            _check_fields(item.fields)
            _check_open(programme, item.applied_on)
            key = (
                programme.pk,
                item.municipality.pk if item.municipality else None,
                item.county.pk if item.county else None,
            )
            if key in existing:
                raise _already_taking_part(existing[key], programme)
            _check_places(programme, taken[programme.pk])
            _check_themes_in(programme, list(item.themes), allowed[programme.pk])
            participation = _application(
                programme, item.municipality, item.county, item.applied_on, None, item.fields
            )
            # The programme (locked above) and the participant are rows already read; the
            # participant's uniqueness was looked up above and its constraint guards a race.
            participation.full_clean(
                exclude=["programme", "municipality", "county"], validate_constraints=False
            )
        except (DomainError, ValidationError) as exc:
            results.append(Refused(exc))
            continue
        if item.approved_on is not None:
            try:
                _check_after(item.applied_on, item.approved_on)
                _check_approvable(participation)
            except DomainError as exc:
                results.append(Refused(exc, approval=True))
                continue
        existing[key] = participation
        taken[programme.pk] += 1
        accepted.append((participation, item))
        results.append(participation)
    if not accepted:
        return results
    new = [p for p, _item in accepted]
    try:
        with transaction.atomic():
            created = bulk_create_with_history(new, Participation)
    except IntegrityError:  # a parallel application won the race past the checks above
        raise ProgrammeError(_("Deltakeren har allerede søkt om å delta i programmet.")) from None
    if any(p.pk is None for p in created):  # a backend that returns no keys from bulk inserts
        raise RuntimeError("bulk_create returned no primary keys")
    Participation.themes.through.objects.bulk_create(
        [
            Participation.themes.through(participation_id=p.pk, theme_id=theme.pk)
            for p, item in accepted
            for theme in dict.fromkeys(item.themes)
        ]
    )
    _history_with_themes(new)
    ParticipationStatusChange.objects.bulk_create(
        [
            ParticipationStatusChange(
                participation=p, status=S.APPLIED, changed_on=item.applied_on, changed_by=user
            )
            for p, item in accepted
        ]
    )
    for p in new:
        participation_notify_applied(participation=p, actor=user)
    approved = [(p, item.approved_on) for p, item in accepted if item.approved_on is not None]
    if not approved:
        return results
    for p, on in approved:
        p.status, p.approved_on, p.approved_by = S.ACTIVE, on, user
    Participation.objects.bulk_update(
        [p for p, _item in approved], ["status", "approved_on", "approved_by"]
    )
    _history_with_themes([p for p, _item in approved])
    ParticipationStatusChange.objects.bulk_create(
        [
            ParticipationStatusChange(
                participation=p,
                status=S.ACTIVE,
                changed_on=on,
                changed_by=user,
                note=_("Godkjent"),
            )
            for p, on in approved
        ]
    )
    for p, on in approved:
        _notify_decided(p, user)
        participation_status_changed.send(
            sender=Participation,
            participation=p,
            old_status=str(S.APPLIED),
            new_status=S.ACTIVE,
            on=on,
            user=user,
        )
    return results


@transaction.atomic
def participation_refuse(
    *, participation: Participation, user: User, reason: str, on: datetime.date | None = None
) -> Participation:
    """The adviser or the national coordinator refuses an application with a reason; the
    applicant is told with the reason (`_notify_decided`)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor søknaden avslås.")})
    if participation.status != S.APPLIED:
        raise ProgrammeError(
            _("Bare søknader kan avslås; denne deltakelsen har status «%(status)s».")
            % {"status": participation.get_status_display()}
        )
    participation = participation_set_status(
        participation=participation, status=S.REFUSED, user=user, on=on, note=reason.strip()
    )
    return participation
