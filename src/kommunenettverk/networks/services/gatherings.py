"""Writes to gatherings: invitations and their email, agenda, dialogue and follow-up,
registration and attendance, documents and evaluations."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.networks import ical
from kommunenettverk.networks.models import (
    AgendaItem,
    Evaluation,
    FollowUpAction,
    Gathering,
    GatheringDocument,
    Invitation,
    Network,
    NetworkMembership,
    Registration,
)
from kommunenettverk.networks.services.common import NetworkError
from kommunenettverk.notifications.services import Attachment, message_queue
from kommunenettverk.registry.models import County, Municipality


@transaction.atomic
def gathering_invite(*, gathering: Gathering, email: bool = True) -> int:
    """Invite every current member of the network that is not invited yet; returns how many
    invitations were added. With `email`, every invitation not emailed yet is emailed once
    the transaction commits (`gathering_invitations_email`)."""
    now = timezone.now()
    invited = set(gathering.invitations.values_list("participation_id", flat=True))
    members = NetworkMembership.objects.filter(
        network=gathering.network_id, left_on__isnull=True
    ).values_list("participation_id", flat=True)
    new = [
        Invitation(gathering=gathering, participation_id=pid, sent_at=now)
        for pid in members
        if pid not in invited
    ]
    Invitation.objects.bulk_create(new)
    gathering.invitations_sent_at = now
    gathering.save(update_fields=["invitations_sent_at"])
    if email:
        pk = gathering.pk
        transaction.on_commit(lambda: gathering_invitations_email(gathering=Gathering(pk=pk)))
    return len(new)


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _emails_in(text: str) -> list[str]:
    """The valid email addresses written in a contact field ("Kari Nordmann <kari@x.no>")."""
    found = []
    for candidate in _EMAIL_RE.findall(text):
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        found.append(candidate)
    return found


def invitation_recipients(invitations: list[Invitation]) -> dict[int, list[str]]:
    """Invitation id → email addresses: the active users who hold the municipal coordinator
    role over the invited municipality (or county municipality), and the addresses written
    in the participation's contact fields. One query for the roles, whatever the number."""
    scope_of: dict[int, tuple[int, int]] = {}
    types = ContentType.objects.get_for_models(Municipality, County)
    for invitation in invitations:
        participation = invitation.participation
        if participation.municipality_id is not None:
            scope_of[invitation.pk] = (types[Municipality].pk, participation.municipality_id)
        else:
            scope_of[invitation.pk] = (types[County].pk, participation.county_id or 0)
    coordinators: dict[tuple[int, int], list[str]] = {}
    for type_id, scope_id, address in RoleAssignment.objects.filter(
        role=Role.MUNICIPAL_COORDINATOR,
        user__is_active=True,
        scope_type__in=[t.pk for t in types.values()],
        scope_id__in={pair[1] for pair in scope_of.values()},
    ).values_list("scope_type_id", "scope_id", "user__email"):
        coordinators.setdefault((type_id, scope_id or 0), []).append(address)
    recipients = {}
    for invitation in invitations:
        p = invitation.participation
        addresses = coordinators.get(scope_of[invitation.pk], [])
        for contact in (p.contact_elected, p.contact_manager, p.contact_professional):
            addresses = [*addresses, *_emails_in(contact)]
        recipients[invitation.pk] = sorted(set(addresses), key=addresses.index)
    return recipients


@transaction.atomic
def gathering_invitations_email(*, gathering: Gathering) -> int:
    """Put an invitation email in the outbox (notifications) for every invitation of the
    gathering that has not had one: in Norwegian, to each of the invited municipality's
    coordinators and contacts, with time, place, the agenda, links to the gathering and its
    registration, and the gathering as an .ics file. Each invitation is queued once
    (`emailed_at`, set when queued; the rows are locked, so two runs at once cannot both
    queue), and each message has its own key, so queuing again sends nothing twice. Whether a
    message went out is the outbox's to say (selectors.invitation_list). An invitation with no
    address is marked too (nobody to tell); nothing is queued for a gathering that is over.
    Returns the number of messages queued."""
    gathering = Gathering.objects.select_related("network__adviser").get(pk=gathering.pk)
    if gathering.ends_at < timezone.now():
        return 0  # nobody is invited to a gathering that is over
    invitations = list(
        gathering.invitations.select_for_update(of=("self",))
        .filter(emailed_at__isnull=True)
        .select_related("participation__municipality", "participation__county")
    )
    if not invitations:
        return 0
    network = gathering.network
    site = settings.SITE_URL.rstrip("/")
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        title = gathering.title or _("samling %(n)s") % {"n": gathering.number}
        calendar = ical.calendar(
            network.name,
            [
                ical.Event(
                    uid=f"samling-{gathering.pk}@{urlsplit(site).hostname or 'kommunenettverk'}",
                    starts_at=gathering.starts_at,
                    ends_at=gathering.ends_at,
                    summary=f"{network.name}: {title}",
                    location=gathering.place,
                    url=site + gathering.get_absolute_url(),
                )
            ],
            stamp=timezone.now(),
        )
        subject = _("Invitasjon: samling %(n)s i %(network)s, %(date)s") % {
            "network": network.name,
            "n": gathering.number,
            "date": date_format(timezone.localtime(gathering.starts_at), "j. F Y"),
        }
        context = {
            "gathering": gathering,
            "network": network,
            "agenda": list(gathering.agenda_items.all()),
            "starts_at": timezone.localtime(gathering.starts_at),
            "ends_at": timezone.localtime(gathering.ends_at),
            "site_url": site,
        }
        recipients = invitation_recipients(invitations)
        ics = Attachment(
            f"samling-{gathering.number}.ics", calendar.encode("utf-8"), "text/calendar"
        )
        for invitation in invitations:
            body = render_to_string(
                "networks/email/invitation.txt",
                {**context, "participant": invitation.participation.participant_name},
            )
            for address in recipients[invitation.pk]:
                message_queue(
                    to=address,
                    kind="gathering-invitation",
                    key=(
                        f"gathering-invitation:{gathering.pk}:{invitation.pk}:{address.lower()}:"
                        f"{INVITATION_VERSION}"
                    ),
                    subject=subject,
                    body=body,
                    about=invitation,
                    attachments=[ics],
                )
                queued += 1
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(emailed_at=timezone.now())
    return queued


# Part of each invitation message's key: raise it if invitations must go out again to
# everyone (e.g. a changed text); the outbox sends each key once.
INVITATION_VERSION = 1


@transaction.atomic
def gathering_create(
    *,
    network: Network,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    title: str = "",
    registration_deadline: datetime.datetime | None = None,
    capacity: int | None = None,
    invite: bool = True,
    email: bool = True,
) -> Gathering:
    """Plan the network's next gathering (numbered 1, 2, … in order of creation) and invite
    the current members (by email too, unless `email` is False)."""
    network = Network.objects.select_for_update().get(pk=network.pk)
    if ends_at <= starts_at:
        raise NetworkError(_("Sluttidspunktet må være etter starttidspunktet."))
    last = network.gatherings.order_by("-number").values_list("number", flat=True).first()
    gathering = Gathering(
        network=network,
        number=(last or 0) + 1,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        title=title,
        registration_deadline=registration_deadline,
        capacity=capacity,
    )
    gathering.full_clean(validate_constraints=False)
    gathering.save()
    if invite:
        gathering_invite(gathering=gathering, email=email)
    return gathering


@transaction.atomic
def gathering_update(
    *,
    gathering: Gathering,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    title: str,
    registration_deadline: datetime.datetime | None = None,
    capacity: int | None = None,
) -> Gathering:
    """Change a gathering's time, place, title, registration deadline (None: until it
    starts) and capacity (None: no limit; lowering it does not move anyone to the waiting
    list, it only holds back those who register next). Minutes belong to the close-out
    (`gathering_close_out`)."""
    if ends_at <= starts_at:
        raise NetworkError(_("Sluttidspunktet må være etter starttidspunktet."))
    if registration_deadline is not None and registration_deadline > starts_at:
        raise NetworkError(_("Påmeldingsfristen kan ikke være etter at samlingen starter."))
    gathering.starts_at, gathering.ends_at, gathering.place = starts_at, ends_at, place
    gathering.title = title
    gathering.registration_deadline, gathering.capacity = registration_deadline, capacity
    gathering.full_clean(validate_constraints=False)
    gathering.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "place",
            "title",
            "registration_deadline",
            "capacity",
        ]
    )
    return gathering


@transaction.atomic
def gathering_dialogue_update(
    *,
    gathering: Gathering,
    kind: str,
    invited: Iterable[Organisation],
    present: Iterable[Organisation],
) -> Gathering:
    """Set a gathering's kind (network gathering, dialogue forum, consultation) and the state
    bodies invited and present (a body present was invited). Outcomes belong to the
    close-out (`gathering_close_out`)."""
    present = list(present)
    invited = {*invited, *present}
    if kind == Gathering.Kind.GATHERING and invited:
        raise NetworkError(
            _("Velg dialogforum eller konsultasjon når statlige organer er invitert.")
        )
    gathering.kind = kind
    gathering.full_clean(validate_constraints=False)
    gathering.save(update_fields=["kind"])
    gathering.state_bodies_invited.set(invited)
    gathering.state_bodies_present.set(present)
    return gathering


@transaction.atomic
def follow_up_add(
    *,
    gathering: Gathering,
    text: str,
    deadline: datetime.date,
    owner_name: str = "",
    owner_organisation: Organisation | None = None,
    owner_user: User | None = None,
) -> FollowUpAction:
    """A follow-up action agreed at a gathering; it needs an owner (person or organisation).
    With `owner_user` (a person with an account) it is in that person's "Mine oppgaver",
    and their name is the owner's name unless another is written."""
    if owner_user is not None and not owner_name.strip():
        owner_name = owner_user.get_full_name()
    if not owner_name.strip() and owner_organisation is None:
        raise NetworkError(
            _("Oppgi hvem som er ansvarlig: en person, en organisasjon eller begge.")
        )
    action = FollowUpAction(
        gathering=gathering,
        text=text,
        deadline=deadline,
        owner_name=owner_name.strip(),
        owner_organisation=owner_organisation,
        owner_user=owner_user,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def follow_up_set_status(
    *, action: FollowUpAction, done: bool, today: datetime.date | None = None
) -> FollowUpAction:
    """Mark a follow-up action done (today) or open again."""
    if done:
        action.status, action.done_on = FollowUpAction.Status.DONE, today or timezone.localdate()
    else:
        action.status, action.done_on = FollowUpAction.Status.OPEN, None
    action.save(update_fields=["status", "done_on"])
    return action


@transaction.atomic
def agenda_item_add(
    *,
    gathering: Gathering,
    title: str,
    kind: str,
    presenter: str = "",
    partner: Organisation | None = None,
    start_time: datetime.time | None = None,
    duration_minutes: int | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda (with a start time and duration if known)."""
    last = gathering.agenda_items.order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem(
        gathering=gathering,
        order=(last or 0) + 1,
        title=title,
        kind=kind,
        presenter=presenter,
        partner=partner,
        start_time=start_time,
        duration_minutes=duration_minutes,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool) -> bool:
    """Move an agenda item one place up or down (swapping with its neighbour); the agenda
    is renumbered 1, 2, … first, so equal orders from older data move too. Returns False
    when the item is already first (up) or last (down)."""
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(gathering_id=item.gathering_id)
        .order_by("order", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items, start=1):
        if other.order != order:
            other.order = order
            other.save(update_fields=["order"])
    return True


@transaction.atomic
def gathering_record_attendance(
    *, gathering: Gathering, attended: Mapping[int, bool | None]
) -> int:
    """Record who came (registration id → attended), once the gathering has started. Ids
    from another gathering are refused; returns the number of registrations changed."""
    if gathering.starts_at > timezone.now():
        raise NetworkError(_("Oppmøte kan registreres når samlingen har startet."))
    registrations = {r.pk: r for r in gathering.registrations.all()}
    unknown = set(attended) - set(registrations)
    if unknown:
        raise NetworkError(
            _("Påmelding %(id)s hører ikke til denne samlingen.") % {"id": min(unknown)}
        )
    changed = []
    for pk, value in attended.items():
        registration = registrations[pk]
        if registration.attended != value:
            registration.attended = value
            changed.append(registration)
    for registration in changed:
        registration.save(update_fields=["attended"])
    return len(changed)


@transaction.atomic
def gathering_document_add(
    *, gathering: Gathering, title: str, url: str = "", file: object = None
) -> GatheringDocument:
    if not url and file is None:
        raise NetworkError(_("Legg ved en fil eller oppgi en lenke."))
    document = GatheringDocument(gathering=gathering, title=title, url=url)
    if file is not None:
        document.file = file
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def evaluation_submit(
    *,
    gathering: Gathering,
    user: User,
    usefulness: int,
    organisation: int,
    exchange: int,
    comment: str = "",
) -> Evaluation:
    """A registered participant evaluates a gathering once, after it has started."""
    if not gathering.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists():
        raise NetworkError(_("Bare de som var påmeldt samlingen kan evaluere den."))
    if gathering.starts_at > timezone.now():
        raise NetworkError(_("Samlingen kan evalueres når den har startet."))
    if gathering.evaluations.filter(user=user).exists():
        raise NetworkError(_("Du har allerede evaluert denne samlingen."))
    for label, value in (
        (_("Nytte"), usefulness),
        (_("Opplegg"), organisation),
        (_("Erfaringsutveksling"), exchange),
    ):
        if not 1 <= value <= 5:
            raise NetworkError(_("%(field)s må være fra 1 til 5.") % {"field": label})
    evaluation = Evaluation(
        gathering=gathering,
        user=user,
        usefulness=usefulness,
        organisation=organisation,
        exchange=exchange,
        comment=comment,
    )
    evaluation.save()
    return evaluation
