"""Each hand-off that exists notifies the people who must act, and nobody else: applications,
annual reports, the idea bank's review, policy input, gatherings and follow-up actions."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.core import mail

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.ideabank import services as ideabank_services
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.networks import services as network_services
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.notifications.models import Frequency, Notice
from kommunenettverk.notifications.services import notice_preferences_set
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.plans import services as plan_services
from kommunenettverk.policy import services as policy_services
from kommunenettverk.programmes import services as programme_services
from kommunenettverk.programmes.models import ParticipationStatus
from kommunenettverk.programmes.tests.factories import APPLICATION, make_programme
from kommunenettverk.registry.models import KsRegion, Municipality

pytestmark = pytest.mark.django_db


class People:
    def __init__(self, make_user: MakeUser, bodo: Municipality, voss: Municipality) -> None:
        self.national = make_user(Role.NATIONAL_COORDINATOR)
        self.adviser = make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="nord"))
        self.adviser_elsewhere = make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="vest"))
        self.coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
        self.coordinator_elsewhere = make_user(Role.MUNICIPAL_COORDINATOR, voss)
        self.participant = make_user(Role.PARTICIPANT, bodo)
        self.participant_elsewhere = make_user(Role.PARTICIPANT, voss)

    @property
    def everyone(self) -> list[User]:
        return list(vars(self).values())


@pytest.fixture
def people(make_user: MakeUser, bodo: Municipality, voss: Municipality) -> People:
    return People(make_user, bodo, voss)


def told(kind: str) -> set[User]:
    """Who got a notice of `kind`."""
    return {n.recipient for n in Notice.objects.filter(kind=kind).select_related("recipient")}


def emailed() -> set[str]:
    return {address for message in delivered() for address in message.to}


def test_application_sent_tells_the_region_and_the_national_coordinator(
    people: People, bodo: Municipality
) -> None:
    programme = make_programme()
    participation = programme_services.participation_apply(
        programme=programme,
        municipality=bodo,
        themes=list(programme.themes.all()[:2]),
        user=people.coordinator,
        **APPLICATION,
    )
    assert told("application_sent") == {people.national, people.adviser}
    assert emailed() == {people.national.email, people.adviser.email}
    (notice,) = Notice.objects.filter(recipient=people.adviser)
    assert notice.link == participation.get_absolute_url()
    assert "Bodø" in notice.text

    mail.outbox.clear()
    programme_services.participation_approve(participation=participation, user=people.adviser)
    assert told("application_decided") == {people.coordinator}
    assert "er godkjent" in Notice.objects.get(kind="application_decided").text
    assert emailed() == {people.coordinator.email}


def test_a_refused_application_is_told_to_the_applicant(people: People, voss: Municipality) -> None:
    programme = make_programme()
    participation = programme_services.participation_apply(
        programme=programme,
        municipality=voss,
        themes=list(programme.themes.all()[:2]),
        **APPLICATION,
    )
    assert told("application_sent") == {people.national, people.adviser_elsewhere}
    programme_services.participation_set_status(
        participation=participation, status=ParticipationStatus.WITHDRAWN, user=people.national
    )
    assert told("application_decided") == {people.coordinator_elsewhere}
    assert "ikke godkjent" in Notice.objects.get(kind="application_decided").text


def test_report_submitted_tells_the_adviser_and_a_comment_tells_the_coordinator(
    people: People, bodo: Municipality
) -> None:
    report = plan_services.annual_report_start(municipality=bodo, year=2026)
    report = plan_services.annual_report_submit(report=report, user=people.coordinator)
    assert told("report_submitted") == {people.adviser}
    plan_services.report_comment_add(report=report, author=people.adviser, text="Flott, men…")
    assert told("report_commented") == {people.coordinator}
    assert emailed() == {people.adviser.email, people.coordinator.email}


def test_report_without_a_regional_adviser_goes_to_the_national_coordinator(
    people: People, voss: Municipality
) -> None:
    people.adviser_elsewhere.role_assignments.all().delete()
    report = plan_services.annual_report_start(municipality=voss, year=2026)
    plan_services.annual_report_submit(report=report, user=people.coordinator_elsewhere)
    assert told("report_submitted") == {people.national}


def test_example_review_hand_offs(people: People) -> None:
    example = make_example("1804", status="draft")
    ideabank_services.example_submit(example=example, user=people.coordinator)
    assert told("example_submitted") == {people.adviser}
    ideabank_services.example_return(example=example, user=people.adviser, comment="Mer om tall")
    assert told("example_returned") == {people.coordinator}
    ideabank_services.example_submit(example=example, user=people.coordinator)
    ideabank_services.example_publish(example=example, user=people.adviser)
    assert told("example_published") == {people.coordinator}
    assert Notice.objects.filter(kind="example_submitted", recipient=people.adviser).count() == 2


def test_policy_input_forwarded_to_the_addressed_body_and_answered_to_the_sender(
    people: People, bodo: Municipality, make_user: MakeUser
) -> None:
    ministry = Organisation.objects.create(
        name="Klima- og miljødepartementet", kind=Organisation.Kind.MINISTRY
    )
    other = Organisation.objects.create(
        name="Helsedirektoratet", kind=Organisation.Kind.DIRECTORATE
    )
    for_ministry = make_user(Role.STATE_REPRESENTATIVE, ministry)
    for_other = make_user(Role.STATE_REPRESENTATIVE, other)
    policy_input = policy_services.policy_input_save(
        by=people.coordinator,
        sender=bodo,
        fields={
            "title": "Enklere Klimasats",
            "problem": "Søknaden er for tung for små tiltak.",
            "proposal": "Lag en forenklet søknad.",
            "addressee": ministry,
        },
        themes=["climate_energy"],
        examples=[],
        indicators=[],
    )
    policy_services.policy_input_submit(policy_input=policy_input, by=people.coordinator)
    policy_services.policy_input_forward(policy_input=policy_input, by=people.national)
    assert told("input_forwarded") == {for_ministry}
    assert for_other not in told("input_forwarded")
    policy_services.policy_input_answer(
        policy_input=policy_input, by=for_ministry, answer="Vi ser på det.", outcome="guidance"
    )
    assert told("input_answered") == {people.coordinator, people.national}


def test_gathering_new_and_moved_tell_the_invited_municipalities(people: People) -> None:
    notice_preferences_set(
        user=people.coordinator, choices={"gathering_time_changed": Frequency.NEVER}
    )
    gathering = make_gathering(nord_network(adviser=people.adviser))
    # The coordinator gets the invitation email; the participant is told by a notice.
    assert told("gathering_new") == {people.participant}
    delivered()
    mail.outbox.clear()

    length = gathering.ends_at - gathering.starts_at

    def update(starts_at: datetime.datetime) -> None:
        network_services.gathering_update(
            gathering=gathering,
            starts_at=starts_at,
            ends_at=starts_at + length,
            place=gathering.place,
            title=gathering.title,
        )

    update(gathering.starts_at)  # same time: nothing to tell
    assert told("gathering_time_changed") == set()
    update(gathering.starts_at + datetime.timedelta(days=1))
    # The coordinator chose "never" for this kind: the participant alone is told.
    assert told("gathering_time_changed") == {people.participant}
    assert [m.subject for m in delivered()] == [
        Notice.objects.get(kind="gathering_time_changed").text
    ]


def test_follow_up_tells_the_named_person_and_the_owning_organisation(
    people: People, make_user: MakeUser, bodo: Municipality
) -> None:
    gathering = make_gathering(nord_network(adviser=people.adviser))
    nav = Organisation.objects.create(
        name="Nordland fylkeskommune", kind=Organisation.Kind.COUNTY_MUNICIPALITY
    )
    at_nav = make_user()
    role_assign(user=at_nav, role=Role.PARTNER, scope=bodo, organisation=nav)
    namesake = make_user(Role.PARTICIPANT, Municipality.objects.get(number="4621"))
    namesake.full_name = people.participant.full_name
    namesake.save()
    network_services.follow_up_add(
        gathering=gathering,
        text="Send ut kartleggingen",
        deadline=datetime.date(2030, 1, 15),
        owner_name=people.participant.full_name.upper(),
        owner_organisation=nav,
    )
    assert told("follow_up_assigned") == {people.participant, at_nav}
