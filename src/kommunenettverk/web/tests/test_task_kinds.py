"""Mine oppgaver, task type by task type: each appears for the role it belongs to, links to the
page where it is done, leaves the list when the work is done, and no other role sees it.

`test_tasks.py` walks one role at a time; here one scenario holds a task of every type at once,
so the role-by-kind table is checked whole (a task shown to a role it does not belong to
fails it), and the types not walked there are done one by one."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.community.models import Proposal
from kommunenettverk.community.services.proposals import proposal_approve
from kommunenettverk.core.worklist import Task, task_list
from kommunenettverk.ideabank import services as ideabank_services
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.indicators.models import AreaKind, GoalIndicator, Indicator, IndicatorValue
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.networks import services as network_services
from kommunenettverk.networks.models import Gathering, Registration
from kommunenettverk.networks.tests.factories import make_gathering, make_network
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.cycle import CycleState, plan_cycle
from kommunenettverk.plans.models import AnnualReport
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.programmes import services as programme_services
from kommunenettverk.programmes.models import Participation, Programme
from kommunenettverk.programmes.tests.factories import (
    APPLICATION,
    make_participation,
    make_programme,
    municipalities,
)
from kommunenettverk.registry.models import KsRegion, Municipality

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def kinds(user: User) -> dict[str, list[Task]]:
    user = User.objects.get(pk=user.pk)  # a fresh object: roles read anew
    found: dict[str, list[Task]] = {}
    for task in task_list(user):
        found.setdefault(task.kind, []).append(task)
    return found


def _report(municipality: Municipality, year: int) -> AnnualReport:
    return AnnualReport.objects.create(
        municipality=municipality,
        year=year,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )


def _policy_input(bodo: Municipality, addressee: Organisation, status: str) -> PolicyInput:
    return PolicyInput.objects.create(
        municipality=bodo,
        title=f"Innspill ({status})",
        problem="Problem",
        proposal="Forslag",
        addressee=addressee,
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=10),
    )


def _register(gathering: Gathering, user: User, municipality: Municipality) -> None:
    network_services.gathering_register(
        gathering=gathering,
        user=user,
        participation=Participation.objects.get(
            municipality=municipality, programme=gathering.network.programme
        ),
        name=user.full_name,
        role=Registration._meta.get_field("role").choices[0][0],  # type: ignore[index]
    )


def _followed_own_indicator(bodo: Municipality, *, months: int | None) -> Indicator:
    indicator = make_indicator(
        "test-ladepunkter", name="Kommunale ladepunkter", update_interval_months=months
    )
    goal = plan_services.goal_save(municipality=bodo, fields={"statement": "Flere ladepunkter"})
    GoalIndicator.objects.create(
        goal=goal,
        indicator=indicator,
        baseline_year=2020,
        baseline_value=10,
        target_year=2030,
        target_value=100,
    )
    return indicator


def _value(indicator: Indicator, number: str, year: int) -> None:
    IndicatorValue.objects.create(
        indicator=indicator,
        area_kind=AreaKind.MUNICIPALITY,
        area_code=number,
        period=str(year),
        year_from=year,
        year=year,
        value=12,
    )


class People:
    def __init__(self, make_user: MakeUser, bodo: Municipality, voss: Municipality) -> None:
        self.ministry = Organisation.objects.create(
            name="Klimadepartementet", kind=Organisation.Kind.MINISTRY
        )
        self.national = make_user(Role.NATIONAL_COORDINATOR)
        self.adviser = make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="nord"))
        self.adviser_vest = make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="vest"))
        self.coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
        self.coordinator_voss = make_user(Role.MUNICIPAL_COORDINATOR, voss)
        self.state = make_user(Role.STATE_REPRESENTATIVE, self.ministry)
        self.participant = make_user(Role.PARTICIPANT, bodo)
        self.participant_voss = make_user(Role.PARTICIPANT, voss)


@pytest.fixture
def people(make_user: MakeUser, bodo: Municipality, voss: Municipality) -> People:
    return People(make_user, bodo, voss)


def test_each_role_sees_its_own_task_types_and_no_other(
    people: People, bodo: Municipality, voss: Municipality
) -> None:
    """One scenario with a task of every type; each role sees exactly its types."""
    year = TODAY().year
    programme = make_programme()
    make_participation(programme, voss, active=False)  # an application from KS Vest
    # Bodø alone in a network of KS Nord led by the adviser: outside the 4–7 rule.
    network = make_network(programme, members=[bodo], adviser=people.adviser)
    past = make_gathering(network, days=-30)  # no attendance, minutes or evaluation
    network_services.follow_up_add(
        gathering=past,
        text="Sende malen",
        deadline=TODAY() - datetime.timedelta(days=2),
        owner_user=people.participant,
    )
    coming = make_gathering(network, days=20)
    network_services.gathering_invite(gathering=coming)
    _register(coming, people.participant, bodo)
    _policy_input(bodo, people.ministry, PolicyInput.Status.SUBMITTED)
    _policy_input(bodo, people.ministry, PolicyInput.Status.FORWARDED)
    make_example("1804", status="in_review")
    _report(bodo, year - 1)  # submitted, not commented
    commented = _report(bodo, year - 2)
    plan_services.report_comment_add(report=commented, author=people.adviser, text="Tall?")
    plan_services.reporting_round_open(
        programme=programme,
        year=year,
        deadline=TODAY() + datetime.timedelta(days=7),
        user=people.national,
    )
    Proposal.objects.create(
        municipality=bodo,
        author_name="Ola",
        goal=plan_services.goal_save(municipality=bodo, fields={"statement": "Mer sykkel"}),
        text="Sykkelvei, takk",
    )
    _followed_own_indicator(bodo, months=12)

    expected = {
        people.national: {
            "participation_decide",
            "network_size",
            "policy_forward",
            "example_review",
            "report_comment",
            "round_closing",
        },
        people.adviser: {
            "network_size",
            "example_review",
            "report_comment",
            "round_closing",
            "gathering_wrap_up",
            "follow_up_overdue",
        },
        people.adviser_vest: {"participation_decide", "round_closing"},
        people.coordinator: {
            "report_round",
            "report_sent_back",
            "proposal_moderate",
            "indicator_update",
            "gathering_register",
        },
        people.coordinator_voss: set(),
        people.state: {"policy_answer"},
        people.participant: {"gathering_attend", "follow_up_assigned"},
        people.participant_voss: set(),
    }
    for user, want in expected.items():
        found = set(kinds(user))
        if user in (people.coordinator, people.coordinator_voss):
            # The plan cycle's overdue plans depend on today's date (tested on their own).
            found.discard("plan_overdue")
        assert found == want, user.email
        for task in task_list(User.objects.get(pk=user.pk)):
            assert task.url.startswith("/"), task  # each links to a page of the site


def test_an_application_waiting_for_its_decision_is_apart_until_the_decision_is_there(
    people: People, bodo: Municipality
) -> None:
    programme = make_programme()
    application = {
        k: v
        for k, v in APPLICATION.items()
        if k not in ("decision_body", "decision_date", "decision_case_ref", "decision_url")
    }
    participation = programme_services.participation_apply(
        programme=programme,
        municipality=bodo,
        themes=list(programme.themes.all()[:2]),
        decision_pending=True,
        **application,
    )
    for user in (people.national, people.adviser):
        [task] = kinds(user)["participation_pending"]
        assert task.url == participation.get_absolute_url()
        assert "participation_decide" not in kinds(user)
    assert "participation_pending" not in kinds(people.adviser_vest)
    assert "participation_pending" not in kinds(people.coordinator)

    programme_services.participation_update(
        participation=participation,
        themes=list(participation.themes.all()),
        decision_body="Kommunestyret",
        decision_date=datetime.date(2026, 3, 12),
        decision_case_ref="2026/311",
        decision_url="https://innsyn.example.no/sak/2026-311",
    )
    tasks = kinds(people.national)
    assert "participation_pending" not in tasks
    assert [t.url for t in tasks["participation_decide"]] == [participation.get_absolute_url()]


def test_only_running_networks_outside_the_size_rule_are_tasks(
    people: People, bodo: Municipality
) -> None:
    ended = make_programme(
        name="Avsluttet program", slug="avsluttet", ends_on=datetime.date(2010, 12, 31)
    )
    make_network(ended, members=[bodo], name="Gammelt nettverk")
    running = make_network(make_programme(), members=[bodo], name="Lite nettverk")

    for user in (people.national, people.adviser):
        assert [(t.title, t.url) for t in kinds(user)["network_size"]] == [
            ("Lite nettverk", running.get_absolute_url())
        ]
    for user in (people.adviser_vest, people.coordinator, people.participant):
        assert "network_size" not in kinds(user)

    others = [m for m in municipalities("18", 6) if m.number != "1804"][:3]
    for municipality in others:
        network_services.network_add_member(
            network=running,
            participation=make_participation(running.programme, municipality),
        )
    assert "network_size" not in kinds(people.national)  # four members now: inside the rule


def test_examples_to_review_leave_the_list_when_published(people: People) -> None:
    example = make_example("1804", status="in_review", title="Ombruk i skolene")
    for user in (people.national, people.adviser):
        [task] = kinds(user)["example_review"]
        assert task.url == example.get_absolute_url()
        assert task.title == "Ombruk i skolene (Bodø)"
    for user in (people.adviser_vest, people.coordinator, people.participant):
        assert "example_review" not in kinds(user)

    ideabank_services.example_publish(example=example, user=people.adviser)
    assert "example_review" not in kinds(people.national)
    assert "example_review" not in kinds(people.adviser)


def test_citizen_proposals_to_moderate_leave_the_list_when_moderated(
    people: People, bodo: Municipality
) -> None:
    goal = plan_services.goal_save(
        municipality=bodo, fields={"statement": "Renere luft", "published": True}
    )
    proposal = Proposal.objects.create(
        municipality=bodo, author_name="Ola", goal=goal, title="Sykkelvei", text="Langs fjorden"
    )
    [task] = kinds(people.coordinator)["proposal_moderate"]
    assert task.url == reverse("community:moderation", args=["1804"])
    for user in (people.coordinator_voss, people.national, people.adviser, people.participant):
        assert "proposal_moderate" not in kinds(user)

    proposal_approve(proposal=proposal, by=people.coordinator)
    assert "proposal_moderate" not in kinds(people.coordinator)


def test_indicator_values_are_expected_at_the_indicators_own_interval(
    people: People, bodo: Municipality
) -> None:
    year = TODAY().year
    indicator = _followed_own_indicator(bodo, months=36)
    _value(indicator, "1804", year - 3)
    # Every third year: the value for three years ago is still up to date.
    assert "indicator_update" not in kinds(people.coordinator)

    Indicator.objects.filter(pk=indicator.pk).update(update_interval_months=12)
    [task] = kinds(people.coordinator)["indicator_update"]
    assert task.url == reverse(
        "indicators:municipality_indicator", args=["1804", "test-ladepunkter"]
    )
    assert str(year - 3) in task.detail
    for user in (people.coordinator_voss, people.national, people.adviser, people.participant):
        assert "indicator_update" not in kinds(user)
    # An imported indicator is not the municipality's to keep.
    Indicator.objects.filter(pk=indicator.pk).update(source=Indicator.Source.SSB)
    assert "indicator_update" not in kinds(people.coordinator)
    Indicator.objects.filter(pk=indicator.pk).update(source=Indicator.Source.OWN)

    _value(indicator, "1804", year - 1)
    assert "indicator_update" not in kinds(people.coordinator)


def test_plans_overdue_by_the_plan_cycle_leave_the_list_when_adopted(
    people: People, bodo: Municipality
) -> None:
    today = timezone.localdate()
    open_overdue = [
        item
        for item in plan_cycle([], today=today)
        if item.state == CycleState.OVERDUE and item.window_end >= today
    ]
    tasks = kinds(people.coordinator).get("plan_overdue", [])
    assert sorted(t.title for t in tasks) == sorted(
        f"Bodø: {item.kind} {item.label_year}" for item in open_overdue
    )
    assert {t.url for t in tasks} <= {reverse("plans:plan_list", args=["1804"])}
    assert all(
        "Bodø" not in t.title for t in kinds(people.coordinator_voss).get("plan_overdue", [])
    )
    for user in (people.national, people.adviser, people.participant):
        assert "plan_overdue" not in kinds(user)
    for item in open_overdue:
        plan_services.plan_document_save(
            municipality=bodo,
            fields={
                "title": f"{item.kind} {item.label_year}",
                "kind": str(item.kind),
                "status": "adopted",
                "adopted_on": item.due,  # adopted late, but in its window
                "adopting_body": "Kommunestyret",
            },
        )
    assert "plan_overdue" not in kinds(people.coordinator)


def test_a_participants_gathering_leaves_the_list_once_it_has_ended(
    people: People, bodo: Municipality
) -> None:
    network = make_network(make_programme(), members=[bodo])
    coming = make_gathering(network, days=3)
    network_services.gathering_invite(gathering=coming)
    _register(coming, people.participant, bodo)
    [task] = kinds(people.participant)["gathering_attend"]
    assert task.url == reverse("networks:gathering_detail", args=[network.slug, coming.number])
    assert "gathering_attend" not in kinds(people.participant_voss)

    Gathering.objects.filter(pk=coming.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=8),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    assert "gathering_attend" not in kinds(people.participant)


def test_reports_of_a_programme_ended_long_ago_ask_nothing(
    people: People, bodo: Municipality
) -> None:
    ended = make_programme(
        name="Gammelt program", slug="gammelt", ends_on=datetime.date(2010, 12, 31)
    )
    participation = make_participation(ended, bodo)
    old = _report(bodo, 2010)
    AnnualReport.objects.filter(pk=old.pk).update(participation=participation)
    assert "report_comment" not in kinds(people.national)
    assert "report_comment" not in kinds(people.adviser)

    Programme.objects.filter(pk=ended.pk).update(ends_on=TODAY() - datetime.timedelta(days=60))
    # Ended two months ago: its last report is still to be commented.
    assert [t.url for t in kinds(people.adviser)["report_comment"]] == [old.get_absolute_url()]
