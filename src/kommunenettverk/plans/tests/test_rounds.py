"""Reporting rounds and the hand-offs around an annual report: the round in the coordinator's
tasks, the adviser's table per network and reminders, comments per measure, sending a report
back for revision, and a draft refreshed from the current measures."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.tests.factories import nord_network
from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.plans import selectors, services, worklist
from kommunenettverk.plans.models import AnnualReport, Goal, ReportingRound
from kommunenettverk.programmes.models import Participation
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def network(bodo: Municipality) -> Network:
    return nord_network(size=4)


@pytest.fixture
def goal(bodo: Municipality) -> Goal:
    goal = services.goal_save(
        municipality=bodo, fields={"statement": "Mindre utslipp", "themes": ["climate_energy"]}
    )
    services.measure_save(
        goal=goal, fields={"title": "Ladeplasser", "dimension": "practice"}, partners=[]
    )
    return goal


def _participation(network: Network, municipality: Municipality) -> Participation:
    return Participation.objects.get(programme=network.programme, municipality=municipality)


def _open(network: Network, make_user: MakeUser, *, days: int = 30) -> ReportingRound:
    return services.reporting_round_open(
        programme=network.programme,
        year=YEAR,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        user=make_user(Role.NATIONAL_COORDINATOR),
    )


def test_one_round_per_programme_and_year(network: Network, make_user: MakeUser) -> None:
    _open(network, make_user)
    with pytest.raises(services.ReportError, match="har allerede en rapporteringsrunde for 2026"):
        _open(network, make_user)
    with pytest.raises(ValidationError):
        services.reporting_round_open(
            programme=network.programme,
            year=YEAR + 1,
            deadline=datetime.date(YEAR, 12, 1),
            user=make_user(Role.NATIONAL_COORDINATOR),
        )


def test_round_is_the_coordinators_task_until_submitted(
    network: Network, bodo: Municipality, goal: Goal, make_user: MakeUser
) -> None:
    round_ = _open(network, make_user)
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    [task] = worklist.coordinator_round_tasks(coordinator)
    assert (task.kind, task.due) == ("report_round", round_.deadline)
    assert task.url == reverse("plans:report_list", args=["1804"])

    report = services.annual_report_start(
        municipality=bodo, year=YEAR, participation=_participation(network, bodo)
    )
    [task] = worklist.coordinator_round_tasks(coordinator)
    assert task.url == report.get_absolute_url()
    services.annual_report_submit(report=report, user=coordinator)
    assert worklist.coordinator_round_tasks(coordinator) == []
    # Another municipality's coordinator is asked about their own report only.
    other = network.memberships.exclude(participation__municipality=bodo).first()
    assert other is not None and other.participation.municipality is not None
    outsider = make_user(Role.MUNICIPAL_COORDINATOR, other.participation.municipality)
    [task] = worklist.coordinator_round_tasks(outsider)
    assert other.participation.municipality.name_nb in task.title


def test_round_closing_shows_for_those_who_follow(network: Network, make_user: MakeUser) -> None:
    _open(network, make_user, days=40)
    national = make_user(Role.NATIONAL_COORDINATOR)
    assert worklist.round_closing_tasks(national) == []
    closing = services.reporting_round_open(
        programme=network.programme,
        year=YEAR - 1,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        user=national,
    )
    [task] = worklist.round_closing_tasks(national)
    assert (task.url, task.due) == (closing.get_absolute_url(), closing.deadline)
    assert [t.url for t in worklist.round_closing_tasks(make_user(Role.REGIONAL_ADVISER))] == [
        closing.get_absolute_url()
    ]
    assert worklist.round_closing_tasks(make_user(Role.MUNICIPAL_COORDINATOR)) == []


def test_status_table_per_network_and_reminders_once_a_day(
    network: Network, bodo: Municipality, goal: Goal, make_user: MakeUser
) -> None:
    round_ = _open(network, make_user)
    members = [m.participation for m in network.memberships.select_related("participation")]
    for participation in members:
        assert participation.municipality is not None
        make_user(
            Role.MUNICIPAL_COORDINATOR,
            participation.municipality,
            email=f"koordinator.{participation.municipality.number}@example.org",
        )
    report = services.annual_report_start(
        municipality=bodo, year=YEAR, participation=_participation(network, bodo)
    )
    services.annual_report_submit(report=report, user=make_user())

    [table] = selectors.round_status(round_, networks=[network])
    assert table.network == network
    assert table.submitted_count == 1
    states = {row.participation.participant_name: row.state for row in table.rows}
    assert states["Bodø"] == "Sendt inn"

    adviser = make_user(Role.REGIONAL_ADVISER, network)
    assert services.reporting_round_remind(round_=round_, participations=members, user=adviser) == (
        len(members) - 1
    )
    assert services.reporting_round_remind(round_=round_, participations=members, user=adviser)
    # (The adviser's notice of Bodø's submitted report is mail too; only reminders count here.)
    sent = [m for m in delivered() if "Påminnelse" in m.subject]
    assert len(sent) == len(members) - 1  # the same day: nothing more
    assert "koordinator.1804@example.org" not in {m.to[0] for m in sent}  # Bodø submitted
    assert all("Påminnelse: årsrapport 2026" in m.subject for m in sent)


def test_send_back_keeps_the_old_version_and_tells_the_coordinator(
    network: Network, bodo: Municipality, goal: Goal, make_user: MakeUser
) -> None:
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo, email="koordinator@bodo.example")
    adviser = make_user(Role.REGIONAL_ADVISER, network)
    report = services.annual_report_start(
        municipality=bodo, year=YEAR, participation=_participation(network, bodo)
    )
    entry = report.entries.get()
    services.annual_report_save_entries(
        report=report,
        summary="Et godt år",
        entries={entry.pk: {"status": "in_progress", "results": "To ladere", "obstacles": ""}},
    )
    with pytest.raises(services.ReportError, match="Bare en innsendt"):
        services.annual_report_send_back(report=report, user=adviser, reason="Mangler tall")
    services.annual_report_submit(report=report, user=coordinator)
    report.refresh_from_db()
    services.report_comment_add(report=report, author=adviser, text="Hvor mange?", entry=entry)
    with pytest.raises(ValidationError):
        services.annual_report_send_back(report=report, user=adviser, reason="  ")

    draft = services.annual_report_send_back(
        report=report, user=adviser, reason="Tallene for ladere mangler."
    )
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("returned", "Tallene for ladere mangler.")
    assert report.is_locked and report.entries.get().results == "To ladere"
    assert (draft.version, draft.status) == (2, "draft")
    assert draft.entries.get().results == "To ladere"
    assert entry.comments.get().text == "Hvor mange?"
    # The comment was a notice of its own; the send-back is one more mail, with the reason.
    [mail] = [m for m in delivered() if "sendt tilbake til" in m.subject]
    assert mail.to == ["koordinator@bodo.example"]
    assert "Tallene for ladere mangler." in mail.body
    assert draft.get_absolute_url() in mail.body
    [task] = [
        t for t in worklist.coordinator_round_tasks(coordinator) if t.kind == "report_returned"
    ]
    assert task.url == draft.get_absolute_url()
    with pytest.raises(services.ReportError, match="Bare en innsendt"):
        services.annual_report_send_back(report=report, user=adviser, reason="Igjen")
    # Submitting the new version takes the task away.
    services.annual_report_submit(report=draft, user=coordinator)
    assert [
        t for t in worklist.coordinator_round_tasks(coordinator) if t.kind == "report_returned"
    ] == []


def test_comment_on_a_line_of_another_report_is_refused(
    network: Network, bodo: Municipality, goal: Goal, make_user: MakeUser
) -> None:
    first = services.annual_report_start(municipality=bodo, year=YEAR)
    second = services.annual_report_start(municipality=bodo, year=YEAR - 1)
    services.annual_report_submit(report=second, user=make_user())
    second.refresh_from_db()
    with pytest.raises(services.ReportError, match="hører ikke til"):
        services.report_comment_add(
            report=second, author=make_user(), text="Hei", entry=first.entries.get()
        )


def test_draft_gets_measures_added_after_it_was_started(
    bodo: Municipality, goal: Goal, make_user: MakeUser
) -> None:
    report = services.annual_report_start(municipality=bodo, year=YEAR)
    other_goal = services.goal_save(
        municipality=bodo, fields={"statement": "Bedre folkehelse", "themes": []}
    )
    services.measure_save(
        goal=other_goal, fields={"title": "Turstier", "dimension": "practice"}, partners=[]
    )
    goal.statement = "Mindre utslipp innen 2030"
    goal.save()
    entry = report.entries.get()
    added = services.annual_report_save_entries(
        report=report,
        summary="",
        entries={entry.pk: {"status": "in_progress", "results": "Skrevet", "obstacles": ""}},
    )
    assert added == 1
    lines = {e.measure_title: e for e in report.entries.all()}
    assert set(lines) == {"Ladeplasser", "Turstier"}
    assert lines["Ladeplasser"].results == "Skrevet"  # what was written stays
    assert lines["Ladeplasser"].goal_statement == "Mindre utslipp innen 2030"
    assert lines["Turstier"].goal_statement == "Bedre folkehelse"
    # One more measure just before submitting is in the submitted report too.
    services.measure_save(
        goal=other_goal, fields={"title": "Sykkelveier", "dimension": "practice"}, partners=[]
    )
    services.annual_report_submit(report=report, user=make_user())
    assert report.entries.count() == 3


def test_report_page_groups_lines_by_goal_and_send_back_asks_first(
    client: Client, network: Network, bodo: Municipality, goal: Goal, make_user: MakeUser
) -> None:
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    report = services.annual_report_start(
        municipality=bodo, year=YEAR, participation=_participation(network, bodo)
    )
    services.measure_save(
        goal=goal, fields={"title": "Elbiler i kommunen", "dimension": "practice"}, partners=[]
    )
    client.force_login(coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.count("Mål: Mindre utslipp") == 1  # one heading for the goal's two lines
    assert "Elbiler i kommunen" in page  # added to the draft when it was opened
    services.annual_report_submit(report=report, user=coordinator)

    url = reverse("plans:report_send_back", args=[report.pk])
    assert client.post(url, {"reason": "Mangler tall"}).status_code == 403
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    asked = client.post(url, {"reason": "Mangler tall"})
    assert asked.status_code == 200 and "Send tilbake" in asked.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).status == "submitted"
    done = client.post(url, {"reason": "Mangler tall", "confirmed": "1"})
    assert done.status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).status == "returned"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Mangler tall" in page and "Gå til den nyeste versjonen" in page


def test_round_pages_and_reminder_refused_to_other_advisers(
    client: Client, network: Network, make_user: MakeUser
) -> None:
    round_ = _open(network, make_user)
    client.force_login(make_user(Role.REGIONAL_ADVISER, network))
    page = client.get(round_.get_absolute_url()).content.decode()
    assert network.name in page and "0 av 4 har sendt inn" in page
    remind = reverse("plans:round_remind", args=[round_.pk, network.slug])
    assert client.post(remind).status_code == 302
    client.force_login(
        make_user(
            Role.REGIONAL_ADVISER,
            Network.objects.create(
                programme=network.programme,
                ks_region=network.ks_region,
                name="Et annet nettverk",
                slug="et-annet",
                established_on=datetime.date(2007, 1, 1),
            ),
        )
    )
    assert client.post(remind).status_code == 403
    assert network.name not in client.get(round_.get_absolute_url()).content.decode()
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR))
    assert client.get(reverse("plans:round_list")).status_code == 403
    assert Message.objects.filter(kind="notice:report_reminder").count() == 0  # nobody to remind
