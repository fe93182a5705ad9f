"""Writes to gathering delegations: each invited municipality registers any number of people
in roles (by its coordinator, or a participant themselves), changes or cancels them until the
gathering's deadline; past the gathering's capacity people wait in line and move up when a
place is freed. Invitations follow network membership."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.networks.models import (
    AttendeeRole,
    Gathering,
    Invitation,
    Network,
    Registration,
)
from kommunenettverk.networks.services.common import NetworkError
from kommunenettverk.notifications.services import message_queue
from kommunenettverk.programmes.models import Participation

Status = Registration.Status


def registration_closes_at(gathering: Gathering) -> datetime.datetime:
    """Until when delegations can be changed: the deadline, or the start of the gathering."""
    return gathering.registration_deadline or gathering.starts_at


def _check_open(gathering: Gathering) -> None:
    if timezone.now() >= registration_closes_at(gathering):
        raise NetworkError(
            _("Påmeldingsfristen er ute; påmeldinger kan ikke legges til, endres eller trekkes.")
        )


def _check_fields(role: str, name: str) -> None:
    if role not in AttendeeRole.values:
        raise NetworkError(_("Velg en rolle."))
    if not name.strip():
        raise NetworkError(_("Skriv navnet på den som skal delta."))


@transaction.atomic
def registration_add(
    *,
    gathering: Gathering,
    by: User | None,
    participation: Participation,
    name: str,
    role: str,
    email: str = "",
    dietary_needs: str = "",
    accessibility_needs: str = "",
    myself: bool = False,
) -> Registration:
    """Add a person to an invited municipality's delegation. With `myself`, the person is the
    user `by` (one such registration per user and gathering). Confirmed while places are
    left, otherwise on the waiting list. Refused after the deadline."""
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if not gathering.invitations.filter(participation=participation).exists():
        raise NetworkError(
            _("%(name)s er ikke invitert til denne samlingen.")
            % {"name": participation.participant_name}
        )
    _check_open(gathering)
    _check_fields(role, name)
    active = gathering.registrations.exclude(status=Status.CANCELLED)
    if myself and by is not None and active.filter(user=by).exists():
        raise NetworkError(_("Du er allerede påmeldt denne samlingen."))
    full = (
        gathering.capacity is not None
        and active.filter(status=Status.CONFIRMED).count() >= gathering.capacity
    )
    registration = Registration(
        gathering=gathering,
        participation=participation,
        user=by if myself else None,
        registered_by=by,
        name=name.strip(),
        email=email,
        role=role,
        dietary_needs=dietary_needs,
        accessibility_needs=accessibility_needs,
        status=Status.WAITING if full else Status.CONFIRMED,
    )
    registration.full_clean(validate_constraints=False)
    registration.save()
    return registration


def gathering_register(
    *,
    gathering: Gathering,
    user: User | None,
    participation: Participation,
    name: str,
    role: str,
) -> Registration:
    """Register `user` themselves (or, without a user, a named person) for a gathering."""
    return registration_add(
        gathering=gathering,
        by=user,
        participation=participation,
        name=name,
        role=role,
        myself=user is not None,
    )


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    name: str,
    role: str,
    email: str = "",
    dietary_needs: str = "",
    accessibility_needs: str = "",
) -> Registration:
    """Change a delegation member's name, role, email or needs until the deadline."""
    if registration.status == Status.CANCELLED:
        raise NetworkError(_("Påmeldingen er trukket og kan ikke endres."))
    _check_open(registration.gathering)
    _check_fields(role, name)
    registration.name, registration.role, registration.email = name.strip(), role, email
    registration.dietary_needs = dietary_needs
    registration.accessibility_needs = accessibility_needs
    registration.full_clean(validate_constraints=False)
    registration.save(
        update_fields=["name", "role", "email", "dietary_needs", "accessibility_needs"]
    )
    return registration


def _cancel(registrations: Iterable[Registration]) -> list[Registration]:
    """Cancel the registrations (of one gathering each) and move the first waiting up into
    every confirmed place freed; returns those moved up."""
    now = timezone.now()
    promoted = []
    for registration in registrations:
        was_confirmed = registration.status == Status.CONFIRMED
        registration.status, registration.cancelled_at = Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at"])
        if not was_confirmed:
            continue
        first = (
            Registration.objects.select_for_update()
            .filter(gathering_id=registration.gathering_id, status=Status.WAITING)
            .order_by("registered_at", "pk")
            .first()
        )
        if first is not None:
            first.status = Status.CONFIRMED
            first.save(update_fields=["status"])
            promoted.append(first)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration | None:
    """Withdraw a delegation member until the deadline; the first on the waiting list gets
    the place (returned, or None)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise NetworkError(_("Påmeldingen er allerede trukket."))
    _check_open(registration.gathering)
    promoted = _cancel([registration])
    return promoted[0] if promoted else None


def gathering_unregister(*, registration: Registration) -> None:
    """A participant withdraws their own registration (see `registration_cancel`)."""
    registration_cancel(registration=registration)


def registrations_cancelled_notify(*, registrations: list[Registration]) -> None:
    """Tell each person whose registration was cancelled because their municipality left the
    network, by email through the outbox (one message per registration, never two). People
    registered without an email address and without an account are told by their
    coordinator; the cancellation shows on the gathering and registration pages."""
    for registration in registrations:
        to = registration.email or (registration.user.email if registration.user else "")
        if not to:
            continue
        gathering = registration.gathering
        message_queue(
            to=to,
            kind="registration-cancelled",
            key=f"registration-cancelled:{registration.pk}",
            subject=_("Påmeldingen til %(title)s er avlyst") % {"title": gathering.title},
            body=_(
                "Kommunen din har gått ut av nettverket %(network)s, så påmeldingen av "
                "%(name)s til %(title)s %(date)s er avlyst."
            )
            % {
                "network": gathering.network.name,
                "name": registration.name,
                "title": gathering.title,
                "date": timezone.localtime(gathering.starts_at).strftime("%d.%m.%Y"),
            },
            about=registration,
        )


@transaction.atomic
def memberships_invitations_add(*, network: Network, participations: list[Participation]) -> int:
    """New members are invited to the network's gatherings that have not started (each
    gathering and participation once); three queries however many. Returns how many
    invitations were added."""
    coming = list(network.gatherings.filter(starts_at__gt=timezone.now()))
    if not coming or not participations:
        return 0
    invited = set(
        Invitation.objects.filter(
            gathering__in=coming, participation__in=participations
        ).values_list("gathering_id", "participation_id")
    )
    now = timezone.now()
    new = [
        Invitation(gathering=g, participation=p, sent_at=now)
        for p in dict.fromkeys(participations)
        for g in coming
        if (g.pk, p.pk) not in invited
    ]
    Invitation.objects.bulk_create(new)
    return len(new)


def membership_invitations_follow(
    *, network: Network, participation: Participation, member: bool
) -> tuple[int, int]:
    """Invitations follow membership: a municipality that joins is invited to the network's
    gatherings that have not started (the invitation is emailed with the others when the
    adviser sends invitations); one that leaves is uninvited from them and its registrations
    for them are cancelled (`registrations_cancelled_notify`). Returns (invitations added or
    removed, registrations cancelled)."""
    if member:
        return memberships_invitations_add(network=network, participations=[participation]), 0
    coming = network.gatherings.filter(starts_at__gt=timezone.now())
    registrations = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(gathering__in=coming, participation=participation)
        .exclude(status=Status.CANCELLED)
        .select_related("gathering__network", "user")
        .order_by("registered_at", "pk")
    )
    _cancel(registrations)
    removed, _by_model = Invitation.objects.filter(
        gathering__in=coming, participation=participation
    ).delete()
    if registrations:
        registrations_cancelled_notify(registrations=registrations)
    return removed, len(registrations)
