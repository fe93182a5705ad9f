"""The demo is believable: gatherings on working days within office hours, the programme
counts it reported, what happened in the past dated then, and every actor one the
permission rules allow (issue 19 part 4, issue 15 finding 9)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.community.models import Proposal
from kommunenettverk.core.workdays import (
    in_holiday_season,
    is_working_day,
    within_office_hours,
)
from kommunenettverk.core.worklist import task_list
from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.dashboards import programme_dashboard
from kommunenettverk.networks.models import FollowUpAction, Gathering, Network, Registration
from kommunenettverk.networks.selectors import network_list, network_size_check
from kommunenettverk.plans.models import AnnualReport, ReportComment
from kommunenettverk.programmes.models import Participation, Programme
from kommunenettverk.web.demo_tasks import FOLLOW_UP_TEXT, FORMING_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The whole demo, loaded once for this module (tests/conftest.py)."""


def test_gatherings_fall_on_working_days_within_office_hours(demo: None) -> None:
    gatherings = list(Gathering.objects.all())
    assert len(gatherings) > 150
    for gathering in gatherings:
        starts = timezone.localtime(gathering.starts_at)
        ends = timezone.localtime(gathering.ends_at)
        day = starts.date()
        while day <= ends.date():
            assert is_working_day(day), (gathering, day)
            assert not in_holiday_season(day) and day.month != 7, (gathering, day)
            day += datetime.timedelta(days=1)
        assert within_office_hours(starts.time(), ends.time()), gathering


def test_programme_counts_match_what_the_programmes_reported(demo: None) -> None:
    livskraft = Programme.objects.get(slug="livskraftige-kommuner")
    dashboard = programme_dashboard(livskraft, datetime.date(2008, 1, 1))
    assert 145 <= dashboard.status_counts["active"] <= 155
    assert 38 <= dashboard.network_count <= 42
    green = Participation.objects.filter(programme__slug="gronne-energikommuner")
    assert green.filter(municipality__isnull=False).count() == 21
    assert green.filter(county__isnull=False).count() == 1
    # An ended programme still shows how many took part, per network and in all.
    counts = [network_size_check(n).size for n in network_list(programme=livskraft)]
    assert len(counts) >= 38 and min(counts) >= 3
    assert Programme.objects.get(slug="livskraftige-kommuner").has_ended


def test_network_names_read_as_real_ones(demo: None) -> None:
    names = list(Network.objects.values_list("name", flat=True))
    assert "Helse og miljø Vestlandet 1" in names
    assert not [n for n in names if "- " in n or n.endswith("-")]


def test_participants_choose_varied_themes(demo: None) -> None:
    choices = {
        tuple(sorted(p.themes.values_list("slug", flat=True)))
        for p in Participation.objects.filter(programme__slug="livskraftige-kommuner")
    }
    assert len(choices) >= 10


def test_the_past_was_written_in_its_own_time(demo: None) -> None:
    old = Gathering.objects.filter(network__programme__slug="livskraftige-kommuner")
    for gathering in old.order_by("pk")[:20]:
        assert gathering.history.earliest().history_date < gathering.starts_at
        assert gathering.history.earliest().history_date.year < 2011
    registrations = Registration.objects.filter(gathering__in=old[:20])
    assert all(r.registered_at < r.gathering.starts_at for r in registrations)
    finished = AnnualReport.objects.filter(
        participation__programme__slug="livskraftige-kommuner", status="submitted"
    )
    assert finished.exists()
    for report in finished:
        assert report.submitted_at is not None and report.submitted_at.year == report.year + 1
    participation = Participation.objects.filter(programme__slug="livskraftige-kommuner").first()
    assert participation is not None
    assert participation.history.earliest().history_date.date() == participation.applied_on


def test_every_actor_is_allowed_by_the_rules(demo: None) -> None:
    moderated = Proposal.objects.exclude(moderated_by=None).select_related(
        "moderated_by", "municipality"
    )
    assert {p.municipality.number for p in moderated} == {"1804", "4621"}
    for proposal in moderated:
        assert proposal.moderated_by is not None
        assert proposal.moderated_by.has_perm("community.moderate_proposals", proposal)
        assert proposal.moderated_by.has_perm("community.moderate_proposals", proposal.municipality)
    for report in AnnualReport.objects.exclude(submitted_by=None).select_related("submitted_by"):
        assert report.submitted_by is not None
        assert report.submitted_by.has_perm("plans.edit_municipality_plans", report.municipality)
    for comment in ReportComment.objects.select_related("author", "report"):
        assert comment.author is not None
        assert comment.author.has_perm("plans.comment_report", comment.report)
    for participation in Participation.objects.exclude(approved_by=None).select_related(
        "approved_by"
    ):
        assert participation.approved_by is not None
        assert participation.approved_by.has_perm("programmes.approve_participation", participation)
    published = Example.objects.filter(status="published", is_demo=True)
    for example in published:
        change = example.status_changes.filter(to_status="published").select_related("changed_by")
        publisher = change.get().changed_by
        assert isinstance(publisher, User)
        assert publisher.has_perm("ideabank.review_example", example)


def test_the_demo_shows_ideas_that_spread(demo: None) -> None:
    """Every demo chain finds its example and measure (the demo example texts may change)."""
    from kommunenettverk.ideabank.demo_adoptions import CHAINS
    from kommunenettverk.ideabank.models import Adoption

    by_measure = Adoption.objects.filter(measure__isnull=False)
    assert by_measure.count() == len(CHAINS)
    assert by_measure.filter(measure__goal__municipality__number="1804").count() == 2


# "Mine oppgaver": each demo role has the task types its walk-through shows (web.demo_tasks).
DEMO_TASKS = {
    "nasjonal": {"network_size", "round_closing"},
    "radgiver.nord": {"gathering_wrap_up", "report_comment", "network_size", "round_closing"},
    "koordinator.bodo": {"plan_overdue", "indicator_update"},
    "deltaker.bodo": {"gathering_attend", "follow_up_assigned"},
}


def _kinds(local: str) -> set[str]:
    user = User.objects.get(email=f"{local}@demo.kommunenettverk.no")
    return {task.kind for task in task_list(user)}


def test_each_demo_role_has_its_task_types(demo: None) -> None:
    for local, kinds in DEMO_TASKS.items():
        missing = kinds - _kinds(local)
        assert not missing, (local, missing)


def test_the_network_in_formation_has_three_members_and_the_participant_owns_an_action(
    demo: None,
) -> None:
    network = Network.objects.get(name=FORMING_NAME)
    assert network_size_check(network).size == 3
    action = FollowUpAction.objects.get(text=FOLLOW_UP_TEXT)
    dina = User.objects.get(email="deltaker.bodo@demo.kommunenettverk.no")
    assert action.owner_user == dina
    # She took part in the gathering the action came from, and is registered for a coming one.
    assert action.gathering.registrations.filter(user=dina).exists()
    assert Gathering.objects.filter(registrations__user=dina, starts_at__gt=timezone.now()).exists()


def test_loading_the_demo_tasks_again_changes_nothing(demo: None) -> None:
    from kommunenettverk.web.demo_tasks import demo_tasks_load

    counts = (Network.objects.count(), Gathering.objects.count(), FollowUpAction.objects.count())
    demo_tasks_load()
    assert counts == (
        Network.objects.count(),
        Gathering.objects.count(),
        FollowUpAction.objects.count(),
    )
