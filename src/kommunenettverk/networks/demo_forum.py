"""The demo dialogue forum between a network and the state (demo data). Idempotent."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.core.demo import backdate
from kommunenettverk.core.workdays import is_gathering_day, next_working_day
from kommunenettverk.networks import services
from kommunenettverk.networks.models import (
    AgendaItem,
    AttendeeRole,
    Gathering,
    Network,
    Registration,
)

_rng = random.Random(2024)  # noqa: S311 - demo data, not for security
PEOPLE = ["Ola", "Kari", "Per", "Anne", "Jon", "Ingrid", "Lars", "Silje", "Nils", "Hilde"]

# State bodies in the demo dialogue forum: (name, kind, invited, present).
FORUM_STATE_BODIES = [
    ("Klima- og miljødepartementet", Organisation.Kind.MINISTRY, True, True),
    ("Miljødirektoratet", Organisation.Kind.DIRECTORATE, True, True),
    ("Helsedirektoratet", Organisation.Kind.DIRECTORATE, True, False),
    ("Statsforvalteren i Nordland", Organisation.Kind.COUNTY_GOVERNOR, True, True),
]


@transaction.atomic
def demo_dialogue_forum_load(network_slug: str = "helse-og-miljo-salten") -> None:
    """A dialogue forum between the network and the state, held six weeks ago, with state
    participants, outcomes and follow-up actions (one overdue, one done, one coming).
    Idempotent: does nothing if the network already has a dialogue forum."""
    network = Network.objects.filter(slug=network_slug).first()
    if network is None or network.gatherings.filter(kind=Gathering.Kind.DIALOGUE_FORUM).exists():
        return
    bodies = {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind, _invited, _present in FORUM_STATE_BODIES
    }
    # Held about six weeks ago on a gathering day (core.workdays), planned a month before.
    day = timezone.localdate() - datetime.timedelta(days=42)
    while not is_gathering_day(day):
        day -= datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    starts = datetime.datetime.combine(day, datetime.time(9, 0), tz)
    planned = starts - datetime.timedelta(days=30)
    since = timezone.now()
    forum = services.gathering_create(
        network=network,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        place="Bodø rådhus",
        title="Dialogforum med staten om folkehelse og klima (demo)",
    )
    services.agenda_item_add(
        gathering=forum,
        title="Kommunenes innspill om Klimasats og folkehelseprogrammet",
        kind=AgendaItem.Kind.EXCHANGE,
        presenter="Rådgiver i nettverket (demo)",
    )
    backdate([forum, *forum.agenda_items.all()], planned, since=since)
    forum.invitations.update(sent_at=planned)
    Gathering.objects.filter(pk=forum.pk).update(invitations_sent_at=planned)
    since = timezone.now()
    bulk_create_with_history(
        [
            Registration(
                gathering=forum,
                participation=invitation.participation,
                name=f"{_rng.choice(PEOPLE)} {invitation.participation.participant_name} (demo)",
                role=role,
                attended=True,
            )
            for invitation in forum.invitations.select_related(
                "participation__municipality", "participation__county"
            )
            for role in (AttendeeRole.ELECTED, AttendeeRole.PROFESSIONAL)
        ],
        Registration,
        default_date=planned + datetime.timedelta(days=14),
    )
    forum.registrations.update(registered_at=planned + datetime.timedelta(days=14))
    services.gathering_dialogue_update(
        gathering=forum,
        kind=Gathering.Kind.DIALOGUE_FORUM,
        invited=[bodies[name] for name, _k, invited, _p in FORUM_STATE_BODIES if invited],
        present=[bodies[name] for name, _k, _i, present in FORUM_STATE_BODIES if present],
    )
    assert network.adviser is not None
    services.gathering_close_out(
        gathering=forum,
        by=network.adviser,
        summary="",
        minutes="Demodata: referat fra dialogforumet.",
        minutes_public=False,
        outcomes=(
            "Demodata: Miljødirektoratet vurderer enklere søknad om Klimasats for små kommuner. "
            "Statsforvalteren tilbyr felles planveiledning for nettverket."
        ),
        adviser_evaluation="",
    )
    today = timezone.localdate()
    services.follow_up_add(
        gathering=forum,
        text="Sende samlet innspill om Klimasats-søknaden til Miljødirektoratet (demo)",
        owner_name="Rådgiver i nettverket",
        deadline=today - datetime.timedelta(days=10),
    )
    done = services.follow_up_add(
        gathering=forum,
        text="Avtale dato for felles planveiledning (demo)",
        owner_organisation=bodies["Statsforvalteren i Nordland"],
        deadline=today - datetime.timedelta(days=20),
    )
    services.follow_up_set_status(action=done, done=True, today=today - datetime.timedelta(days=25))
    # Assigned to the demo participant by name: on Dina Deltaker's Mine oppgaver.
    services.follow_up_add(
        gathering=forum,
        text="Kartlegge kommunale ladepunkter i Bodø til neste forum (demo)",
        owner_name="Dina Deltaker",
        deadline=today + datetime.timedelta(days=21),
    )
    services.follow_up_add(
        gathering=forum,
        text="Svare på kommunenes forslag om forenklet rapportering (demo)",
        owner_name="Seniorrådgiver",
        owner_organisation=bodies["Miljødirektoratet"],
        deadline=today + datetime.timedelta(days=30),
    )
    # The minutes, outcomes and follow-up actions were written in the days after the forum.
    written = datetime.datetime.combine(
        next_working_day(day + datetime.timedelta(days=2)), datetime.time(10, 0), tz
    )
    backdate([forum, *forum.follow_ups.all()], written, since=since)
    Gathering.objects.filter(pk=forum.pk).update(closed_at=written)
