"""Writes to programmes: themes, applications for participation, approval and status changes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    S.APPLIED: (S.ACTIVE, S.WITHDRAWN),
    S.ACTIVE: (S.PAUSED, S.WITHDRAWN, S.COMPLETED),
    S.PAUSED: (S.ACTIVE, S.WITHDRAWN, S.COMPLETED),
    S.WITHDRAWN: (S.APPLIED,),
    S.COMPLETED: (),
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
)


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
    if taken >= programme.capacity:
        raise ProgrammeError(
            _("%(programme)s er fullt: alle %(capacity)s plassene er tatt.")
            % {"programme": programme.name, "capacity": programme.capacity}
        )


def _check_themes(programme: Programme, themes: list[Theme]) -> None:
    if not themes:
        raise ProgrammeError(_("Velg minst ett tema."))
    allowed = set(programme.themes.values_list("pk", flat=True))
    wrong = [theme.name for theme in themes if theme.pk not in allowed]
    if wrong:
        raise ProgrammeError(
            _("Temaet «%(theme)s» hører ikke til %(programme)s.")
            % {"theme": wrong[0], "programme": programme.name}
        )


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
    decision_document: UploadedFile[bytes] | None = None,
    applied_on: datetime.date | None = None,
    **application: Any,
) -> Participation:
    """Record an application from a municipality (or a county municipality) to `programme`.

    Refused with a message when the participant already takes part, the programme is full or
    over, the themes do not belong to the programme, or the expectations are not accepted.
    """
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    if (municipality is None) == (county is None):
        raise ProgrammeError(_("En deltakelse gjelder enten én kommune eller én fylkeskommune."))
    unknown = set(application) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    programme = _lock(programme)
    applied_on = applied_on or _today()
    if programme.ends_on and applied_on > programme.ends_on:
        raise ProgrammeError(
            _("%(programme)s er avsluttet og tar ikke imot nye søknader.")
            % {"programme": programme.name}
        )
    existing = Participation.objects.filter(
        programme=programme, municipality=municipality, county=county
    ).first()
    if existing is not None:
        raise ProgrammeError(
            _("%(participant)s deltar allerede i %(programme)s (status: %(status)s).")
            % {
                "participant": existing.participant_name,
                "programme": programme.name,
                "status": existing.get_status_display(),
            }
        )
    _check_capacity(programme)
    themes = list(themes)
    _check_themes(programme, themes)
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
    decision_document: UploadedFile[bytes] | None = None,
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
    if last is not None and on < last.changed_on:
        raise ProgrammeError(
            _("Datoen kan ikke være før forrige statusendring (%(date)s).")
            % {"date": last.changed_on.strftime("%d.%m.%Y")}
        )
    if status in OCCUPYING_STATUSES and current not in OCCUPYING_STATUSES:
        _check_capacity(_lock(participation.programme))
    participation.status = status
    fields = ["status"]
    if current == S.APPLIED and status == S.ACTIVE:
        participation.approved_on, participation.approved_by = on, user
        fields += ["approved_on", "approved_by"]
    participation.save(update_fields=fields)
    ParticipationStatusChange.objects.create(
        participation=participation, status=status, changed_on=on, changed_by=user, note=note
    )
    if current == S.APPLIED and status in (S.ACTIVE, S.WITHDRAWN):
        _notify_decided(participation, user)
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


def _notify_decided(participation: Participation, user: User | None) -> None:
    """The applicant's coordinators hear that the application was approved or refused."""
    names = {
        "participant": participation.participant_name,
        "programme": participation.programme.name,
    }
    text = (
        _("Søknaden fra %(participant)s om å delta i %(programme)s er godkjent.")
        if participation.status == S.ACTIVE
        else _("Søknaden fra %(participant)s om å delta i %(programme)s er ikke godkjent.")
    )
    notify(
        user_list_with_role(roles=[Role.MUNICIPAL_COORDINATOR], over=[participation]),
        "application_decided",
        participation,
        text % names,
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
    return participation_set_status(
        participation=participation, status=S.ACTIVE, user=user, on=on, note=_("Godkjent")
    )
