"""Writes for citizens, proposals, consultations, volunteering and partnerships. Each is one
transaction. Emails are sent inside it: if sending fails, nothing is written and the person
sees an error, rather than a sign-up or rejection they were never told about."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation, User
from kommunenettverk.community import content
from kommunenettverk.community.models import (
    Activity,
    Citizen,
    CitizenLoginToken,
    Consultation,
    Partner,
    Partnership,
    Proposal,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.community.selectors import volunteer_effort
from kommunenettverk.community.validators import validate_org_number
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.services import OwnIndicator, own_indicator_values_record
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import KsRegion, Municipality

LOGIN_LINK_MINUTES = 30
MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR = 5
MAX_PROPOSALS_PER_CITIZEN_PER_HOUR = 5
MAX_PROPOSALS_PER_IP_PER_HOUR = 10
ANONYMOUS_NAME = "Anonym innbygger"
SIGN_UP_RETENTION_DAYS = 30


class DialogueError(DomainError):
    """An action was refused; the message is for the person (in Norwegian)."""


class RateLimited(DialogueError):
    pass


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address: enough to count requests, useless to identify anyone."""
    # The salt keeps the name of the app this came from: hashes stored before the split into
    # community and policy must keep matching, or the hourly rate limits would reset.
    return salted_hmac("dialogue.ip", ip).hexdigest() if ip else ""


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(subject: str, body: str, to: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def _public_pages_changed() -> None:
    """After this transaction, drop the cached public pages (the municipality portal shows
    proposals, consultations, arenas, activities with free places and partnerships)."""
    transaction.on_commit(public_pages_changed)


def _apply(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


# --- citizens and sign-in by email link ------------------------------------------------------
@transaction.atomic
def citizen_login_request(*, email: str, display_name: str = "", next_url: str = "") -> None:
    """Email a single-use sign-in link that expires after LOGIN_LINK_MINUTES.

    Only a hash of the token is stored, so a copy of the database cannot be used to sign in.
    """
    email = email.strip().lower()
    since = timezone.now() - datetime.timedelta(hours=1)
    if (
        CitizenLoginToken.objects.filter(email=email, created_at__gte=since).count()
        >= MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR
    ):
        raise RateLimited(
            _(
                "Vi har allerede sendt %(n)s innloggingslenker til denne adressen den siste "
                "timen. Bruk en av dem, eller vent en time."
            )
            % {"n": MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR}
        )
    token = secrets.token_urlsafe(32)
    CitizenLoginToken.objects.create(
        email=email,
        display_name=display_name.strip(),
        token_hash=_hash(token),
        next_url=next_url if next_url.startswith("/") and not next_url.startswith("//") else "",
    )
    link = _absolute(reverse("community:citizen_login_confirm", args=[token]))
    _mail(
        _("Logg inn på Kommunenettverk"),
        _(
            "Hei!\n\nNoen (forhåpentligvis du) ba om å logge inn for å sende forslag til "
            "kommunen. Åpne lenken for å logge inn:\n\n%(link)s\n\nLenken virker én gang og i "
            "%(minutes)s minutter. Har du ikke bedt om dette, kan du se bort fra e-posten.\n"
        )
        % {"link": link, "minutes": LOGIN_LINK_MINUTES},
        email,
    )


@transaction.atomic
def citizen_login_consume(*, token: str) -> tuple[Citizen, str]:
    """Use a sign-in link: return the citizen (created on first sign-in) and where to go next."""
    login = CitizenLoginToken.objects.select_for_update().filter(token_hash=_hash(token)).first()
    expired_before = timezone.now() - datetime.timedelta(minutes=LOGIN_LINK_MINUTES)
    if login is None or login.used_at is not None or login.created_at < expired_before:
        raise DialogueError(
            _(
                "Innloggingslenken er ugyldig, allerede brukt eller utløpt (den virker i "
                "%(minutes)s minutter). Be om en ny lenke."
            )
            % {"minutes": LOGIN_LINK_MINUTES}
        )
    login.used_at = timezone.now()
    login.save(update_fields=["used_at"])
    citizen, _created = Citizen.objects.get_or_create(
        email=login.email,
        defaults={"display_name": login.display_name or login.email.split("@")[0][:60]},
    )
    citizen.last_login_at = timezone.now()
    citizen.save(update_fields=["last_login_at"])
    return citizen, login.next_url


@transaction.atomic
def citizen_update(*, citizen: Citizen, display_name: str) -> Citizen:
    """Change the public display name; already published proposals keep the name they had."""
    citizen.display_name = display_name.strip()
    citizen.full_clean()
    citizen.save(update_fields=["display_name"])
    return citizen


@transaction.atomic
def citizen_delete(*, citizen: Citizen) -> None:
    """Delete a citizen's personal data (the right to erasure).

    Published proposals stay, because the municipality's public answers refer to them, but
    lose every link to the person: the name shown becomes "Anonym innbygger". Proposals not
    published (waiting or rejected) are deleted. Sign-ups for coming activities are cancelled
    (the waiting list moves up); sign-ups for past activities lose name, email and phone but
    are kept as anonymous rows, so the counts of volunteer effort stay right. Sign-in links
    sent to the address are deleted.
    """
    proposals = Proposal.objects.filter(citizen=citizen)
    proposals.exclude(status=Proposal.Status.APPROVED).delete()
    proposals.update(citizen=None, author_name=ANONYMOUS_NAME)
    now = timezone.now()
    for sign_up in SignUp.objects.filter(email=citizen.email, anonymised=False).select_related(
        "activity"
    ):
        if sign_up.activity.starts_at > now:
            _sign_up_remove(sign_up)
        else:
            _anonymise(sign_up)
    CitizenLoginToken.objects.filter(email=citizen.email).delete()
    citizen.delete()
    _public_pages_changed()


# --- proposals and comments ------------------------------------------------------------------
def check_text(*, field: str, text: str) -> None:
    """Refuse HTML and spam in text an inhabitant sends (raises ValidationError on `field`)."""
    if content.has_html(text):
        raise ValidationError(
            {field: _("Teksten kan ikke inneholde HTML-koder (tegn som «<b>» eller «<a>»).")}
        )
    if content.link_count(text) > content.MAX_LINKS:
        raise ValidationError(
            {
                field: _("Teksten har for mange lenker (høyst %(n)s er tillatt).")
                % {"n": content.MAX_LINKS}
            }
        )
    if content.spam_words(text):
        raise ValidationError(
            {field: _("Teksten ser ut som reklame eller søppelpost og kan ikke sendes.")}
        )


Target = Goal | Measure | Consultation


def _target_municipality(target: Target) -> Municipality:
    if isinstance(target, Measure):
        return target.goal.municipality
    return target.municipality


def _check_target_open(target: Target) -> None:
    if isinstance(target, Goal) and not target.published:
        raise DialogueError(_("Målet er ikke publisert og kan ikke kommenteres."))
    if isinstance(target, Measure) and not (target.published and target.goal.published):
        raise DialogueError(_("Tiltaket er ikke publisert og kan ikke kommenteres."))
    if isinstance(target, Consultation) and not target.is_open():
        raise DialogueError(
            _("Høringsfristen gikk ut %(date)s; det kan ikke sendes flere innspill.")
            % {"date": target.deadline.strftime("%d.%m.%Y")}
        )


@transaction.atomic
def proposal_submit(
    *,
    citizen: Citizen,
    target: Target,
    kind: str,
    title: str,
    text: str,
    ip: str = "",
) -> Proposal:
    """Receive a citizen's proposal or comment; it waits for moderation before it is shown."""
    _check_target_open(target)
    check_text(field="title", text=title)
    check_text(field="text", text=text)
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Proposal.objects.filter(created_at__gte=since)
    if recent.filter(citizen=citizen).count() >= MAX_PROPOSALS_PER_CITIZEN_PER_HOUR:
        raise RateLimited(
            _(
                "Du har sendt %(n)s forslag eller kommentarer den siste timen, som er grensen. "
                "Prøv igjen om en time."
            )
            % {"n": MAX_PROPOSALS_PER_CITIZEN_PER_HOUR}
        )
    hashed_ip = ip_hash(ip)
    if hashed_ip and recent.filter(ip_hash=hashed_ip).count() >= MAX_PROPOSALS_PER_IP_PER_HOUR:
        raise RateLimited(
            _(
                "Det er sendt mange forslag fra din nettverksadresse den siste timen. "
                "Prøv igjen om en time."
            )
        )
    proposal = Proposal(
        municipality=_target_municipality(target),
        citizen=citizen,
        author_name=citizen.display_name,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        ip_hash=hashed_ip,
        goal=target if isinstance(target, Goal) else None,
        measure=target if isinstance(target, Measure) else None,
        consultation=target if isinstance(target, Consultation) else None,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _moderated(proposal: Proposal, by: User, status: str) -> None:
    if proposal.status != Proposal.Status.PENDING:
        raise DialogueError(_("Forslaget er allerede moderert."))
    proposal.status = status
    proposal.moderated_by = by
    proposal.moderated_at = timezone.now()


@transaction.atomic
def proposal_approve(*, proposal: Proposal, by: User) -> Proposal:
    """Publish a waiting proposal."""
    _moderated(proposal, by, Proposal.Status.APPROVED)
    proposal.save(update_fields=["status", "moderated_by", "moderated_at"])
    _public_pages_changed()
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """Refuse a waiting proposal; the reason is emailed to the citizen (never shown publicly)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en begrunnelse for avvisningen.")})
    _moderated(proposal, by, Proposal.Status.REJECTED)
    proposal.rejection_reason = reason.strip()
    proposal.save(update_fields=["status", "moderated_by", "moderated_at", "rejection_reason"])
    if proposal.citizen is not None:
        _mail(
            _("Forslaget ditt ble ikke publisert"),
            _(
                "Hei %(name)s!\n\n%(municipality)s har vurdert forslaget ditt «%(title)s» og "
                "valgt ikke å publisere det.\n\nBegrunnelse: %(reason)s\n\nDu kan sende et nytt "
                "forslag når som helst.\n"
            )
            % {
                "name": proposal.citizen.display_name,
                "municipality": proposal.municipality.name,
                "title": str(proposal),
                "reason": proposal.rejection_reason,
            },
            proposal.citizen.email,
        )
    return proposal


@transaction.atomic
def proposal_answer(*, proposal: Proposal, by: User, answer: str) -> Proposal:
    """Give (or change) the municipality's public answer to a published proposal."""
    if proposal.status != Proposal.Status.APPROVED:
        raise DialogueError(_("Bare publiserte forslag kan besvares."))
    if not answer.strip():
        raise ValidationError({"answer": _("Skriv kommunens svar.")})
    proposal.answer = answer.strip()
    proposal.answered_at = timezone.now()
    proposal.save(update_fields=["answer", "answered_at"])
    _public_pages_changed()
    return proposal


# --- consultations ---------------------------------------------------------------------------
@transaction.atomic
def consultation_save(
    *,
    municipality: Municipality,
    fields: dict[str, Any],
    consultation: Consultation | None = None,
) -> Consultation:
    """Open (or change) a consultation of the municipality."""
    consultation = consultation or Consultation(municipality=municipality)
    _apply(consultation, fields)
    consultation.full_clean()
    consultation.save()
    _public_pages_changed()
    return consultation


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
    )


@transaction.atomic
def sign_up_create(*, activity: Activity, name: str, email: str, phone: str = "") -> SignUp:
    """Sign a person up: a place if there is one, else the waiting list. One sign-up per email
    address and activity. A confirmation with a cancellation link is emailed."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.starts_at <= timezone.now():
        raise DialogueError(_("Aktiviteten har allerede startet; påmeldingen er stengt."))
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
        raise DialogueError(_("Påmeldingen finnes ikke. Kanskje den allerede er avmeldt?"))
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


# --- partners and partnerships ---------------------------------------------------------------
@transaction.atomic
def partner_save(
    *,
    name: str,
    kind: str,
    level: str,
    description: str,
    org_number: str = "",
    website: str = "",
    municipality: Municipality | None = None,
    region: KsRegion | None = None,
    partner: Partner | None = None,
) -> Partner:
    """Create or update a partner in the directory, with its organisation.

    The organisation number, when given, must pass Brønnøysundregistrene's mod-11 check.
    `municipality` is a local partner's municipality, `region` a regional partner's KS region.
    """
    org_number = org_number.replace(" ", "")
    try:
        validate_org_number(org_number)
    except ValidationError as error:
        raise ValidationError({"org_number": error.messages}) from None
    organisation = (
        partner.organisation
        if partner is not None
        else Organisation.objects.filter(name=name).first() or Organisation()
    )
    _apply(
        organisation,
        {
            "name": name.strip(),
            "kind": kind,
            "org_number": org_number,
            "website": website,
            "municipality": municipality,
        },
    )
    organisation.full_clean()
    organisation.save()
    partner = partner or Partner.objects.filter(organisation=organisation).first() or Partner()
    partner.organisation = organisation
    partner.level = level
    partner.region = region
    partner.description = description
    partner.full_clean()
    partner.save()
    _public_pages_changed()
    return partner


@transaction.atomic
def partnership_save(
    *,
    municipality: Municipality,
    fields: dict[str, Any],
    partnership: Partnership | None = None,
) -> Partnership:
    """Create or update a partnership agreement between the municipality and a partner."""
    ends_on, starts_on = fields.get("ends_on"), fields.get("starts_on")
    if ends_on and starts_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Sluttdatoen kan ikke være før startdatoen.")})
    partnership = partnership or Partnership(municipality=municipality)
    _apply(partnership, fields)
    partnership.full_clean()
    partnership.save()
    _public_pages_changed()
    return partnership


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
