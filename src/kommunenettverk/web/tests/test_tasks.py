"""Mine oppgaver: per role, what the data asks of the user, and a done task leaves the list."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.core.worklist import Task, task_list
from kommunenettverk.networks import services as network_services
from kommunenettverk.networks.models import Registration
from kommunenettverk.networks.tests.factories import make_gathering, make_network, nord_network
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import AnnualReport
from kommunenettverk.policy import services as policy_services
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.programmes.models import Participation
from kommunenettverk.programmes.services import participation_approve
from kommunenettverk.programmes.tests.factories import (
    make_participation,
    make_programme,
    municipalities,
)
from kommunenettverk.registry.models import Municipality


def kinds(user: User) -> dict[str, list[Task]]:
    user = User.objects.get(pk=user.pk)  # a fresh object: roles read anew
    found: dict[str, list[Task]] = {}
    for task in task_list(user):
        found.setdefault(task.kind, []).append(task)
    return found


def _submitted_report(municipality: Municipality) -> AnnualReport:
    return AnnualReport.objects.create(
        municipality=municipality,
        year=2025,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )


def _policy_input(municipality: Municipality, addressee: Organisation, status: str) -> PolicyInput:
    return PolicyInput.objects.create(
        municipality=municipality,
        title=f"Innspill til {addressee.name}",
        problem="Problem",
        proposal="Forslag",
        addressee=addressee,
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=10),
    )


@pytest.fixture
def ministry(db: None) -> Organisation:
    return Organisation.objects.create(name="Klimadepartementet", kind=Organisation.Kind.MINISTRY)


@pytest.fixture
def directorate(db: None) -> Organisation:
    return Organisation.objects.create(name="Helsedirektoratet", kind=Organisation.Kind.DIRECTORATE)


def test_national_coordinator_decides_applications_forwards_input_and_fixes_networks(
    make_user: MakeUser, bodo: Municipality, voss: Municipality, ministry: Organisation
) -> None:
    national = make_user(Role.NATIONAL_COORDINATOR)
    programme = make_programme()
    applied = make_participation(programme, voss, active=False)
    small = make_network(programme, members=[bodo], region="nord", name="Lite nettverk")
    submitted = _policy_input(bodo, ministry, PolicyInput.Status.SUBMITTED)

    tasks = kinds(national)
    assert [t.title for t in tasks["participation_decide"]] == [f"Voss – {programme.name}"]
    assert tasks["participation_decide"][0].url == applied.get_absolute_url()
    assert [t.title for t in tasks["network_size"]] == ["Lite nettverk"]
    assert tasks["network_size"][0].url == small.get_absolute_url()
    assert [t.url for t in tasks["policy_forward"]] == [submitted.get_absolute_url()]

    participation_approve(participation=applied, user=national)
    policy_services.policy_input_forward(policy_input=submitted, by=national)
    tasks = kinds(national)
    assert "participation_decide" not in tasks
    assert "policy_forward" not in tasks


def test_regional_adviser_sees_their_region_reports_and_overdue_follow_ups(
    make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    from kommunenettverk.registry.models import KsRegion

    adviser = make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="nord"))
    programme = make_programme()
    make_participation(programme, bodo, active=False)
    make_participation(programme, voss, active=False)  # KS Vest: not this adviser's
    network = nord_network(adviser=adviser)
    gathering = make_gathering(network, days=-30)
    action = network_services.follow_up_add(
        gathering=gathering,
        text="Sende klimabudsjettmal",
        deadline=timezone.localdate() - datetime.timedelta(days=1),
        owner_name="Kari",
    )
    report = _submitted_report(bodo)
    _submitted_report(voss)

    tasks = kinds(adviser)
    assert [t.title for t in tasks["participation_decide"]] == [f"Bodø – {programme.name}"]
    assert [t.url for t in tasks["report_comment"]] == [report.get_absolute_url()]
    assert [t.title for t in tasks["follow_up_overdue"]] == ["Sende klimabudsjettmal"]
    wrap_up = tasks["gathering_wrap_up"]
    assert len(wrap_up) == 1 and "referat" in wrap_up[0].detail

    plan_services.report_comment_add(report=report, author=adviser, text="Fint, men mangler tall.")
    network_services.follow_up_set_status(action=action, done=True)
    tasks = kinds(adviser)
    assert "report_comment" not in tasks
    assert "follow_up_overdue" not in tasks


def test_municipal_coordinator_sees_reports_sent_back_and_gatherings_to_register_for(
    make_user: MakeUser, bodo: Municipality
) -> None:
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    adviser = make_user(Role.REGIONAL_ADVISER)
    network = nord_network(adviser=adviser)
    gathering = make_gathering(network, days=20)
    network_services.gathering_invite(gathering=gathering)
    report = _submitted_report(bodo)
    plan_services.report_comment_add(report=report, author=adviser, text="Legg ved tall.")

    tasks = kinds(coordinator)
    assert [t.url for t in tasks["report_sent_back"]] == [report.get_absolute_url()]
    assert [t.title for t in tasks["gathering_register"]] == [str(gathering)]
    # Nothing adopted: the plan cycle counts plans due within an open window as overdue.
    assert all(t.title.startswith("Bodø") for t in tasks.get("plan_overdue", []))

    participation = Participation.objects.get(municipality=bodo, programme=network.programme)
    network_services.gathering_register(
        gathering=gathering,
        user=coordinator,
        participation=participation,
        name="Koordinator",
        role=Registration._meta.get_field("role").choices[0][0],  # type: ignore[index]
    )
    plan_services.annual_report_new_version(report=report)
    tasks = kinds(coordinator)
    assert "gathering_register" not in tasks
    assert "report_sent_back" not in tasks


def test_state_representative_sees_input_to_their_own_body_only_oldest_first(
    make_user: MakeUser, bodo: Municipality, ministry: Organisation, directorate: Organisation
) -> None:
    state = make_user(Role.STATE_REPRESENTATIVE, ministry)
    older = _policy_input(bodo, ministry, PolicyInput.Status.FORWARDED)
    newer = _policy_input(bodo, ministry, PolicyInput.Status.FORWARDED)
    PolicyInput.objects.filter(pk=newer.pk).update(submitted_at=timezone.now())
    _policy_input(bodo, directorate, PolicyInput.Status.FORWARDED)

    tasks = kinds(state)
    assert [t.url for t in tasks["policy_answer"]] == [
        older.get_absolute_url(),
        newer.get_absolute_url(),
    ]

    policy_services.policy_input_answer(
        policy_input=older, by=state, answer="Vi ser på det.", outcome="none"
    )
    assert [t.url for t in kinds(state)["policy_answer"]] == [newer.get_absolute_url()]


def test_participant_sees_their_gatherings_and_follow_ups_assigned_to_them(
    make_user: MakeUser, bodo: Municipality
) -> None:
    participant = make_user(Role.PARTICIPANT, bodo)
    network = nord_network()
    coming = make_gathering(network, days=5)
    network_services.gathering_invite(gathering=coming)
    participation = Participation.objects.get(municipality=bodo, programme=network.programme)
    network_services.gathering_register(
        gathering=coming,
        user=participant,
        participation=participation,
        name=participant.full_name,
        role=Registration._meta.get_field("role").choices[0][0],  # type: ignore[index]
    )
    action = network_services.follow_up_add(
        gathering=coming,
        text="Kartlegge ladepunkter",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        owner_name=participant.full_name,
    )

    tasks = kinds(participant)
    assert [t.title for t in tasks["gathering_attend"]] == [str(coming)]
    assert [t.title for t in tasks["follow_up_assigned"]] == ["Kartlegge ladepunkter"]

    network_services.follow_up_set_status(action=action, done=True)
    assert "follow_up_assigned" not in kinds(participant)


def test_signing_in_lands_on_mine_oppgaver_and_a_safe_next_wins(
    client: Client, make_user: MakeUser
) -> None:
    user = make_user(Role.NATIONAL_COORDINATOR, email="nk@example.org")
    login = reverse("accounts:login")
    response = client.post(login, {"username": user.email, "password": "riktig-passord-123"})
    assert response.status_code == 302 and response["Location"] == reverse("web:tasks")
    client.logout()
    response = client.post(
        f"{login}?next=/om/", {"username": user.email, "password": "riktig-passord-123"}
    )
    assert response["Location"] == "/om/"
    client.logout()
    response = client.post(
        f"{login}?next=https://evil.example/",
        {"username": user.email, "password": "riktig-passord-123"},
    )
    assert response["Location"] == reverse("web:tasks")


def test_page_and_header_show_the_count(
    client: Client, make_user: MakeUser, voss: Municipality
) -> None:
    national = make_user(Role.NATIONAL_COORDINATOR)
    programme = make_programme()
    make_participation(programme, voss, active=False)
    client.force_login(national)
    html = client.get(reverse("web:tasks")).content.decode()
    assert f"Voss – {programme.name}" in html
    assert '<span aria-hidden="true">(1)</span>' in html
    assert ", 1 oppgave</span>" in html


def test_the_count_costs_the_same_few_queries_whatever_the_data(
    make_user: MakeUser, registry: None
) -> None:
    """The header's count runs every source; each source runs a fixed number of queries, so
    five more applications, networks and reports cost not one query more."""
    national = make_user(Role.NATIONAL_COORDINATOR)
    programme = make_programme()
    batches = [municipalities("46", 10)[:5], municipalities("46", 10)[5:]]

    def count_queries() -> tuple[int, int]:
        user = User.objects.get(pk=national.pk)
        with CaptureQueriesContext(connection) as queries:
            count = len(task_list(user))
        return len(queries), count

    for municipality in batches[0][:1]:
        make_participation(programme, municipality, active=False)
        _submitted_report(municipality)
    few, count = count_queries()
    for municipality in batches[1]:
        make_participation(programme, municipality, active=False)
        _submitted_report(municipality)
    many, more = count_queries()
    assert more == count + 10
    assert many == few <= 16
