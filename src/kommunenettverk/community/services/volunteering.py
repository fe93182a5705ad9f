"""Volunteer arenas, activities and sign-ups (waiting list, reminders, anonymising past
sign-ups), and the voluntary effort published as indicators."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.community.models import (
    Activity,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.community.selectors import volunteer_effort
from kommunenettverk.community.services.common import (
    SIGN_UP_RETENTION_DAYS,
    CommunityError,
    _absolute,
    _apply,
    _mail,
    _public_pages_changed,
)
from kommunenettverk.community.services.proposals import check_text
from kommunenettverk.indicators.services import OwnIndicator, own_indicator_values_record
from kommunenettverk.registry.models import Municipality


# --- volunteer arenas, activities and sign-ups -----------------------------------------------
@transaction.atomic
def arena_save(
    *,
    municipality: Municipality,
    fields: dict[str, Any],
    organisations: list[Organisation],
    arena: VolunteerArena | None = None,
) -> VolunteerArena:
    """Create or update a volunteer arena with its voluntary organisations."""
    wrong = [o.name for o in organisations if o.kind != Organisation.Kind.VOLUNTARY]
    if wrong:
        raise ValidationError(
            {
                "organisations": _("Bare frivillige organisasjoner kan knyttes til en arena: %s")
                % ", ".join(wrong)
            }
        )
    arena = arena or VolunteerArena(municipality=municipality)
    _apply(arena, fields)
    arena.full_clean()
    arena.save()
    arena.organisations.set(organisations)
    _public_pages_changed()
    return arena


@transaction.atomic
def activity_save(
    *, arena: VolunteerArena, fields: dict[str, Any], activity: Activity | None = None
) -> Activity:
    """Create or update an activity. More places move people up from the waiting list; fewer
    places than people already confirmed is refused."""
    if activity is not None:
        confirmed = activity.sign_ups.filter(status=SignUp.Status.CONFIRMED).count()
        capacity = fields.get("capacity", activity.capacity)
        if capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(n)s personer er allerede påmeldt; antall plasser kan ikke være lavere."
                    )
                    % {"n": confirmed}
                }
            )
    activity = activity or Activity(arena=arena)
    _apply(activity, fields)
    activity.full_clean()
    activity.save()
    _promote_waiting(activity)
    _public_pages_changed()
    return activity


def _cancel_link(sign_up: SignUp) -> str:
    return _absolute(reverse("community:sign_up_cancel", args=[sign_up.cancel_token]))


def _when(activity: Activity) -> str:
    return timezone.localtime(activity.starts_at).strftime("%d.%m.%Y kl. %H:%M")


def _send_confirmation(sign_up: SignUp) -> None:
    activity = sign_up.activity
    if sign_up.status == SignUp.Status.CONFIRMED:
        subject = _("Du er påmeldt: %(title)s") % {"title": activity.title}
        state = _("Du har fått plass.")
    else:
        subject = _("Du står på venteliste: %(title)s") % {"title": activity.title}
        state = _(
            "Aktiviteten er full, så du står på venteliste. Får du plass, sender vi en e-post."
        )
    _mail(
        subject,
        _(
            "Hei %(name)s!\n\n%(state)s\n\n%(title)s\nTid: %(when)s\nSted: %(place)s\n\n"
            "Kan du ikke komme? Meld deg av her, så får en annen plassen:\n%(link)s\n"
        )
        % {
            "name": sign_up.name,
            "state": state,
            "title": activity.title,
            "when": _when(activity),
            "place": activity.place,
            "link": _cancel_link(sign_up),
        },
        sign_up.email,
        key=f"sign-up-{sign_up.status}:{sign_up.pk}",
        about=sign_up,
    )


@transaction.atomic
def sign_up_create(*, activity: Activity, name: str, email: str, phone: str = "") -> SignUp:
    """Sign a person up: a place if there is one, else the waiting list. One sign-up per email
    address and activity. A confirmation with a cancellation link is emailed."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.starts_at <= timezone.now():
        raise CommunityError(_("Aktiviteten har allerede startet; påmeldingen er stengt."))
    email = email.strip().lower()
    if SignUp.objects.filter(activity=locked, email=email, anonymised=False).exists():
        raise ValidationError(
            {
                "email": _(
                    "Denne e-postadressen er allerede påmeldt aktiviteten. Se e-posten med "
                    "bekreftelsen for å melde deg av."
                )
            }
        )
    check_text(field="name", text=name)
    confirmed = locked.sign_ups.filter(status=SignUp.Status.CONFIRMED).count()
    sign_up = SignUp(
        activity=locked,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        status=SignUp.Status.CONFIRMED if confirmed < locked.capacity else SignUp.Status.WAITING,
        cancel_token=secrets.token_urlsafe(32),
    )
    sign_up.full_clean(exclude=["activity"])
    try:
        with transaction.atomic():
            sign_up.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("Denne e-postadressen er allerede påmeldt aktiviteten.")}
        ) from None
    _send_confirmation(sign_up)
    _public_pages_changed()
    return sign_up


def _promote_waiting(activity: Activity) -> list[SignUp]:
    """Give free places to the first on the waiting list, in sign-up order; email them."""
    confirmed = activity.sign_ups.filter(status=SignUp.Status.CONFIRMED).count()
    free = activity.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(
        activity.sign_ups.filter(status=SignUp.Status.WAITING).order_by("created_at", "pk")[:free]
    )
    for sign_up in promoted:
        sign_up.status = SignUp.Status.CONFIRMED
        sign_up.save(update_fields=["status"])
        _mail(
            _("Du har fått plass: %(title)s") % {"title": activity.title},
            _(
                "Hei %(name)s!\n\nEn plass ble ledig, og du har fått den.\n\n%(title)s\n"
                "Tid: %(when)s\nSted: %(place)s\n\nKan du ikke komme? Meld deg av her:\n%(link)s\n"
            )
            % {
                "name": sign_up.name,
                "title": activity.title,
                "when": _when(activity),
                "place": activity.place,
                "link": _cancel_link(sign_up),
            },
            sign_up.email,
            key=f"sign-up-promoted:{sign_up.pk}",
            about=sign_up,
        )
    return promoted


def _sign_up_remove(sign_up: SignUp) -> None:
    activity = Activity.objects.select_for_update().get(pk=sign_up.activity_id)
    sign_up.delete()
    _promote_waiting(activity)


@transaction.atomic
def sign_up_cancel(*, token: str) -> Activity:
    """Cancel the sign-up with this cancellation token; the waiting list moves up."""
    sign_up = (
        SignUp.objects.select_related("activity").filter(cancel_token=token, anonymised=False)
    ).first()
    if sign_up is None:
        raise CommunityError(_("Påmeldingen finnes ikke. Kanskje den allerede er avmeldt?"))
    activity = sign_up.activity
    _sign_up_remove(sign_up)
    _public_pages_changed()
    return activity


@transaction.atomic
def activity_reminders_send(*, today: datetime.date | None = None) -> int:
    """Email a reminder to everyone with a place on an activity that starts tomorrow.

    Each sign-up is reminded once (reminder_sent_at), so the command can run any number of
    times a day. Returns how many reminders were sent.
    """
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=tz)
    sign_ups = SignUp.objects.select_related("activity").filter(
        status=SignUp.Status.CONFIRMED,
        anonymised=False,
        reminder_sent_at__isnull=True,
        activity__starts_at__gte=start,
        activity__starts_at__lt=start + datetime.timedelta(days=1),
    )
    sent = 0
    for sign_up in sign_ups:
        activity = sign_up.activity
        _mail(
            _("Påminnelse: %(title)s i morgen") % {"title": activity.title},
            _(
                "Hei %(name)s!\n\nVi minner om at du er påmeldt i morgen:\n\n%(title)s\n"
                "Tid: %(when)s\nSted: %(place)s\n\nKan du ikke komme? Meld deg av her, så får en "
                "annen plassen:\n%(link)s\n"
            )
            % {
                "name": sign_up.name,
                "title": activity.title,
                "when": _when(activity),
                "place": activity.place,
                "link": _cancel_link(sign_up),
            },
            sign_up.email,
            key=f"activity-reminder:{sign_up.pk}",
            about=sign_up,
        )
        sent += 1
    sign_ups.update(reminder_sent_at=timezone.now())
    return sent


def _anonymise(sign_up: SignUp) -> None:
    sign_up.name = ""
    sign_up.email = ""
    sign_up.phone = ""
    sign_up.anonymised = True
    sign_up.cancel_token = secrets.token_urlsafe(32)
    sign_up.save(update_fields=["name", "email", "phone", "anonymised", "cancel_token"])


@transaction.atomic
def sign_ups_anonymise_past(
    *, days: int = SIGN_UP_RETENTION_DAYS, now: datetime.datetime | None = None
) -> int:
    """Storage limitation: `days` after an activity, drop the names, emails and phones.

    Confirmed sign-ups stay as anonymous rows so the counts of voluntary effort do not
    change; waiting-list rows (who never took part) are deleted. Returns how many rows were
    anonymised.
    """
    before = (now or timezone.now()) - datetime.timedelta(days=days)
    past = SignUp.objects.filter(activity__starts_at__lt=before, anonymised=False)
    past.filter(status=SignUp.Status.WAITING).delete()
    confirmed = list(past.filter(status=SignUp.Status.CONFIRMED))
    for sign_up in confirmed:
        _anonymise(sign_up)
    return len(confirmed)


# --- voluntary effort as indicators ----------------------------------------------------------
VOLUNTEER_HOURS = OwnIndicator(
    code="frivillig-innsats-timer",
    name="Frivillig innsats: timer",
    description=(
        "Timer med frivillig innsats på kommunens aktiviteter i Kommunenettverk: varigheten av "
        "hver aktivitet ganget med antall påmeldte som fikk plass. Året som pågår, telles "
        "fram til i dag."
    ),
    unit="timer",
    themes=("quality_of_life_health",),
    per_inhabitant=True,
)
VOLUNTEERS = OwnIndicator(
    code="frivillig-innsats-personer",
    name="Frivillig innsats: personer",
    description=(
        "Antall ulike personer som fikk plass på minst én av kommunens frivillige aktiviteter "
        "i Kommunenettverk i løpet av året."
    ),
    unit="personer",
    themes=("quality_of_life_health",),
    per_inhabitant=True,
)
VOLUNTEER_ATTRIBUTION = (
    "Egen registrering i Kommunenettverk (påmeldinger til frivillige aktiviteter)"
)


@transaction.atomic
def volunteer_effort_publish(
    *, years: list[int], municipalities: list[Municipality] | None = None
) -> int:
    """Write the voluntary effort (`selectors.volunteer_effort`) as two indicators: hours and
    distinct people, per municipality and year, both summed across municipalities and also
    shown per inhabitant by the indicator pages.

    Every municipality with a volunteer arena gets a value for each year (0 when nothing took
    place), so a removed activity also lowers the published number. All or nothing; the
    indicators' analytics are refreshed. Returns the number of values written.
    """
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(volunteer_arenas__isnull=False).distinct()
        )
    hours: list[tuple[str, int, float | None]] = []
    people: list[tuple[str, int, float | None]] = []
    for municipality in municipalities:
        for year in years:
            effort = volunteer_effort(municipality, year)
            hours.append((municipality.number, year, float(effort.hours)))
            people.append((municipality.number, year, float(effort.people)))
    written = own_indicator_values_record(
        indicator=VOLUNTEER_HOURS, values=hours, attribution=VOLUNTEER_ATTRIBUTION
    ).written
    written += own_indicator_values_record(
        indicator=VOLUNTEERS, values=people, attribution=VOLUNTEER_ATTRIBUTION
    ).written
    return written
