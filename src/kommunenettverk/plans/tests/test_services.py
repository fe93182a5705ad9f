from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kommunenettverk.plans import services
from kommunenettverk.plans.models import AnnualReport, Goal, Measure, PlanDocument
from kommunenettverk.plans.selectors import goal_list, strategy_overview
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(bodo: Municipality) -> PlanDocument:
    return services.plan_document_save(
        municipality=bodo,
        fields={
            "kind": "handlingsdel",
            "title": "Handlingsdel 2026",
            "status": "adopted",
            "adopted_on": datetime.date(2025, 12, 11),
        },
    )


@pytest.fixture
def goal(bodo: Municipality, plan: PlanDocument) -> Goal:
    return services.goal_save(
        municipality=bodo,
        fields={"statement": "Mindre utslipp", "themes": ["climate_energy"], "plan_document": plan},
    )


def test_adopted_plan_needs_a_date(bodo: Municipality) -> None:
    with pytest.raises(ValidationError) as error:
        services.plan_document_save(
            municipality=bodo, fields={"kind": "temaplan", "title": "X", "status": "adopted"}
        )
    assert "Oppgi datoen planen ble vedtatt." in error.value.message_dict["adopted_on"]


def test_goal_cannot_be_anchored_in_another_municipalitys_plan(
    voss: Municipality, plan: PlanDocument
) -> None:
    with pytest.raises(ValidationError) as error:
        services.goal_save(municipality=voss, fields={"statement": "Kapret", "plan_document": plan})
    assert "tilhører Bodø, ikke Voss" in error.value.message_dict["plan_document"][0]
    assert not Goal.objects.filter(statement="Kapret").exists()


def test_measure_end_before_start_is_refused(goal: Goal) -> None:
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            goal=goal,
            fields={
                "title": "Baklengs",
                "dimension": "practice",
                "start": datetime.date(2026, 5, 1),
                "end": datetime.date(2026, 1, 1),
            },
            partners=[],
        )
    assert error.value.message_dict["end"] == ["Slutt kan ikke være før start."]


def test_database_refuses_end_before_start_too(goal: Goal) -> None:
    with pytest.raises(IntegrityError):
        Measure.objects.create(
            goal=goal,
            title="x",
            dimension="plan",
            start=datetime.date(2026, 5, 1),
            end=datetime.date(2026, 1, 1),
        )


def test_measure_in_another_municipalitys_plan_is_refused(goal: Goal, voss: Municipality) -> None:
    voss_plan = services.plan_document_save(
        municipality=voss, fields={"kind": "temaplan", "title": "Vossaplan"}
    )
    with pytest.raises(ValidationError, match="Vossaplan"):
        services.measure_save(
            goal=goal,
            fields={"title": "Feil plan", "dimension": "plan", "plan_document": voss_plan},
            partners=[],
        )


def test_status_update_keeps_history(goal: Goal, make_user: MakeUser) -> None:
    measure = services.measure_save(
        goal=goal, fields={"title": "Ladeplasser", "dimension": "practice"}, partners=[]
    )
    user = make_user()
    services.measure_status_record(
        measure=measure, status="in_progress", progress=30, note="Godt i gang", author=user
    )
    services.measure_status_record(
        measure=measure, status="done", progress=100, note="", author=user
    )
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("done", 100)
    assert [u.status for u in measure.status_updates.order_by("created_at")] == [
        "in_progress",
        "done",
    ]
    with pytest.raises(ValidationError, match="framdrift 100"):
        services.measure_status_record(
            measure=measure, status="done", progress=50, note="", author=user
        )


def test_report_is_prefilled_locked_and_versioned(goal: Goal, make_user: MakeUser) -> None:
    measure = services.measure_save(
        goal=goal, fields={"title": "Ladeplasser", "dimension": "practice"}, partners=[]
    )
    report = services.annual_report_start(municipality=goal.municipality, year=2026)
    entry = report.entries.get()
    assert entry.measure == measure
    assert entry.goal_statement == "Mindre utslipp"
    with pytest.raises(services.ReportError, match="har allerede en årsrapport for 2026"):
        services.annual_report_start(municipality=goal.municipality, year=2026)

    services.annual_report_save_entries(
        report=report,
        summary="Bra år",
        entries={entry.pk: {"status": "in_progress", "results": "Tre ladere", "obstacles": ""}},
    )
    user = make_user()
    services.annual_report_submit(report=report, user=user)
    with pytest.raises(services.ReportError, match="kan ikke endres"):
        services.annual_report_save_entries(report=report, summary="Endret", entries={})

    draft = services.annual_report_new_version(report=report)
    assert (draft.version, draft.status) == (2, "draft")
    assert draft.entries.get().results == "Tre ladere"
    with pytest.raises(services.ReportError, match="nyere versjon"):
        services.annual_report_new_version(report=report)
    report.refresh_from_db()
    assert report.summary == "Bra år"
    assert AnnualReport.objects.filter(municipality=goal.municipality, year=2026).count() == 2


def test_comments_only_on_submitted_reports(goal: Goal, make_user: MakeUser) -> None:
    report = services.annual_report_start(municipality=goal.municipality, year=2025)
    with pytest.raises(services.ReportError, match="ikke utkast"):
        services.report_comment_add(report=report, author=make_user(), text="Hei")


def test_strategy_overview_counts_anchoring(
    goal: Goal, plan: PlanDocument, bodo: Municipality
) -> None:
    services.measure_save(
        goal=goal,
        fields={"title": "I plan", "dimension": "plan", "plan_document": plan, "published": True},
        partners=[],
    )
    services.measure_save(
        goal=goal,
        fields={
            "title": "I budsjett",
            "dimension": "practice",
            "budget_amount": 1000,
            "budget_year": 2026,
        },
        partners=[],
    )
    services.measure_save(goal=goal, fields={"title": "Løst", "dimension": "politics"}, partners=[])
    services.goal_save(municipality=bodo, fields={"statement": "Uten tiltak"})
    municipalities = Municipality.objects.filter(pk=bodo.pk)
    overview = strategy_overview(goal_list(municipalities, public=False))
    assert (overview.goal_count, overview.measure_count) == (2, 3)
    assert overview.adopted_plan_share == 33
    assert overview.budget_share == 33
    assert [m.title for m in overview.measures_without_anchoring] == ["Løst"]
    assert [g.statement for g in overview.goals_without_measures] == ["Uten tiltak"]
    assert overview.goals_by_theme == [("Klima og energi", 1)]
    public = strategy_overview(goal_list(municipalities, public=True))
    assert public.goal_count == 0  # nothing published yet
