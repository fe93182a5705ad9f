"""Writes after a gathering: check-in at the door by code, walk-ins added on the spot, and
the adviser's close-out (summary, minutes and whether they are public, outcomes, the
adviser's evaluation). Attendance and close-out wait until the gathering has started; check-in
opens a little before, when people arrive."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.networks.models import (
    CHECK_IN_ALPHABET,
    AttendeeRole,
    Gathering,
    GatheringOutcome,
    Registration,
)
from kommunenettverk.networks.outcomes import outcome_kind
from kommunenettverk.networks.services.common import NetworkError
from kommunenettverk.programmes.models import Participation

# People arrive before the start: the door opens for check-in this long before.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(hours=3)


def _check_started(gathering: Gathering, message: str) -> None:
    if gathering.starts_at > timezone.now():
        raise NetworkError(message)


def check_in_is_open(gathering: Gathering) -> bool:
    """Check-in opens three hours before the gathering starts and closes when it ends."""
    now = timezone.now()
    return gathering.starts_at - CHECK_IN_OPENS_BEFORE <= now <= gathering.ends_at


def check_in_code_normalise(code: str) -> str:
    """What a person typed or a scanner read, as stored: upper case, without spaces or
    dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


@transaction.atomic
def registration_check_in(*, gathering: Gathering, code: str) -> Registration:
    """Mark the registration with this check-in code as attended. Opens three hours before
    the gathering starts and closes when it ends; a cancelled registration or a code of
    another gathering is refused. Checking in twice is harmless (the same registration)."""
    now = timezone.now()
    if now < gathering.starts_at - CHECK_IN_OPENS_BEFORE:
        raise NetworkError(_("Innsjekkingen åpner tre timer før samlingen starter."))
    if now > gathering.ends_at:
        raise NetworkError(_("Samlingen er over; registrer oppmøtet i listen i stedet."))
    normal = check_in_code_normalise(code)
    if not normal or set(normal) - set(CHECK_IN_ALPHABET):
        raise NetworkError(_("Innsjekkingskoden «%(code)s» finnes ikke.") % {"code": code})
    registration = (
        Registration.objects.filter(gathering=gathering)
        .select_for_update(of=("self",))
        .select_related("participation__municipality", "participation__county")
        .filter(check_in_code=normal)
        .first()
    )
    if registration is None:
        raise NetworkError(
            _("Innsjekkingskoden «%(code)s» hører ikke til denne samlingen.") % {"code": code}
        )
    if registration.status == Registration.Status.CANCELLED:
        raise NetworkError(_("Påmeldingen til %(name)s er trukket.") % {"name": registration.name})
    if registration.attended is not True:
        registration.attended = True
        registration.save(update_fields=["attended"])
    return registration


@transaction.atomic
def walk_in_add(
    *,
    gathering: Gathering,
    by: User,
    participation: Participation,
    name: str,
    role: str,
) -> Registration:
    """Add someone who came without registering, from an invited municipality: recorded
    as attended, outside the capacity (they are in the room already)."""
    _check_started(gathering, _("Oppmøte kan registreres når samlingen har startet."))
    if not gathering.invitations.filter(participation=participation).exists():
        raise NetworkError(
            _("%(name)s er ikke invitert til denne samlingen.")
            % {"name": participation.participant_name}
        )
    if role not in AttendeeRole.values:
        raise NetworkError(_("Rolle: velg en rolle."))
    if not name.strip():
        raise NetworkError(_("Navn: skriv navnet på den som møtte."))
    registration = Registration(
        gathering=gathering,
        participation=participation,
        registered_by=by,
        name=name.strip(),
        role=role,
        walk_in=True,
        attended=True,
    )
    registration.full_clean(validate_constraints=False)
    registration.save()
    return registration


@transaction.atomic
def gathering_close_out(
    *,
    gathering: Gathering,
    by: User,
    summary: str,
    minutes: str,
    minutes_public: bool,
    outcomes: str,
    adviser_evaluation: str,
) -> Gathering:
    """Save the close-out of a gathering that has started: summary, minutes (public on the
    network's public pages when `minutes_public`), outcomes and the adviser's evaluation. The
    first save marks the gathering closed (when and by whom); later saves correct the text.
    Public minutes need text."""
    _check_started(gathering, _("Samlingen kan avsluttes når den har startet."))
    if minutes_public and not minutes.strip():
        raise NetworkError(_("Referat: skriv referatet før det gjøres offentlig."))
    gathering.summary, gathering.minutes = summary.strip(), minutes.strip()
    gathering.minutes_public = minutes_public
    gathering.outcomes, gathering.adviser_evaluation = outcomes.strip(), adviser_evaluation.strip()
    fields = ["summary", "minutes", "minutes_public", "outcomes", "adviser_evaluation"]
    if gathering.closed_at is None:
        gathering.closed_at, gathering.closed_by = timezone.now(), by
        fields += ["closed_at", "closed_by"]
    gathering.full_clean(validate_constraints=False)
    gathering.save(update_fields=fields)
    return gathering


@transaction.atomic
def gathering_outcomes_set(
    *, gathering: Gathering, by: User, picks: Mapping[str, Collection[int]]
) -> list[GatheringOutcome]:
    """Link the measures, examples (each kind registered in networks.outcomes) that came out
    of a gathering that has started: for each kind in `picks`, the links become exactly the
    ids picked. Every id must be one the kind offers `by` for this gathering (a member's
    measure, an example they may see); anything else refuses the whole change. Kinds not in
    `picks` keep their links. Returns the links now stored."""
    _check_started(gathering, _("Resultatene kan lenkes når samlingen har startet."))
    Gathering.objects.select_for_update().filter(pk=gathering.pk).first()
    for key, ids in picks.items():
        kind = outcome_kind(key)
        if kind is None:
            raise NetworkError(_("Ukjent type resultat: %(kind)s.") % {"kind": key})
        offered = {obj.pk: obj for obj in kind.candidates(by, gathering)}
        wanted = set(ids)
        refused = wanted - offered.keys()
        if refused:
            raise NetworkError(
                _("%(kind)s: du kan ikke lenke til det valgte fra denne samlingen.")
                % {"kind": kind.label}
            )
        existing = {link.object_id: link for link in gathering.outcome_links.filter(kind=key)}
        gathering.outcome_links.filter(kind=key).exclude(object_id__in=wanted).delete()
        for pk in sorted(wanted - existing.keys()):
            obj = offered[pk]
            GatheringOutcome.objects.create(
                gathering=gathering,
                kind=key,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=pk,
                municipality=kind.municipality_of(obj),
                added_by=by,
            )
    return list(gathering.outcome_links.all())
