"""Goals' indicators with baseline and target, the network comparison and the national split
between participating and other municipalities."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.indicators import selectors, stats
from kommunenettverk.indicators.models import GoalIndicator, Indicator
from kommunenettverk.indicators.services import goal_indicator_save, indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.networks.tests.factories import make_network
from kommunenettverk.plans.models import Goal
from kommunenettverk.programmes.tests.factories import make_participation, make_programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
MAPPING = ColumnMapping(area="k", period="år", value="v", indicator="i")


def _load(values: dict[str, list[float]], code: str = "utslipp", first: int = 2015) -> None:
    """values: municipality number → one value per year from `first`."""
    lines = ["i,k,år,v"]
    for number, series in values.items():
        lines += [f"{code},{number},{first + i},{v}" for i, v in enumerate(series)]
    indicator_values_import(rows=read_csv("\n".join(lines).encode(), MAPPING))


@pytest.fixture
def utslipp(registry: None) -> Indicator:
    return make_indicator("utslipp", name="Utslipp", better="lower", aggregation="sum")


@pytest.fixture
def goal(bodo: Municipality) -> Goal:
    return Goal.objects.create(municipality=bodo, statement="Mindre utslipp", published=True)


# --- stats.goal_progress (hand-computed) ----------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "slope", "status", "share", "required"),
    [
        # baseline 100 (2015), target 50 by 2030, latest year 2022: required (50 − latest) / 8
        (80.0, -5.0, "on_track", 0.4, -3.75),  # −5 per year beats −3.75
        (80.0, -2.0, "off_track", 0.4, -3.75),  # too slow
        (110.0, 1.0, "off_track", -0.2, -7.5),  # the wrong way
        (80.0, None, "unknown", 0.4, -3.75),  # too few values for a slope
        (45.0, 1.0, "reached", 1.1, 0.0),  # past the target, seen from the baseline
    ],
)
def test_goal_progress(
    latest: float, slope: float | None, status: str, share: float, required: float
) -> None:
    progress = stats.goal_progress(
        baseline_value=100.0,
        latest_year=2022,
        latest_value=latest,
        target_year=2030,
        target_value=50.0,
        actual_rate=slope,
    )
    assert progress.status.status == status
    assert progress.share_done == pytest.approx(share)
    assert progress.status.distance == pytest.approx(50.0 - latest)
    assert progress.status.required_rate == pytest.approx(required)


def test_goal_progress_after_the_target_year_is_off_track() -> None:
    progress = stats.goal_progress(
        baseline_value=10.0,
        latest_year=2024,
        latest_value=12.0,
        target_year=2023,
        target_value=20.0,
        actual_rate=1.0,
    )
    assert progress.status.status == "off_track" and progress.share_done == pytest.approx(0.2)


# --- the service ----------------------------------------------------------------------------


def test_save_takes_the_baseline_from_the_municipality_and_rates_the_trend(
    goal: Goal, utslipp: Indicator
) -> None:
    # 100, 95, …, 60 in 2015–2023: Theil–Sen −5 per year, latest 60 in 2023.
    _load({"1804": [100 - 5 * i for i in range(9)]})
    target = goal_indicator_save(
        goal=goal,
        indicator=utslipp,
        baseline_year=2015,
        baseline_value=None,
        target_year=2030,
        target_value=40.0,
    )
    assert target.baseline_value == 100.0
    [row] = selectors.goal_target_list(goal=goal)
    # required (40 − 60) / 7 = −2.86 per year; actual −5: on track, half way (40 of 60 done).
    assert row.status == "on_track"
    assert row.share_done_pct == pytest.approx(100 * 40 / 60)
    assert row.progress is not None and row.progress.status.actual_rate == pytest.approx(-5.0)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"baseline_year": 2010, "baseline_value": None}, "baseline_value"),  # no value then
        ({"target_year": 2015}, "target_year"),  # not after the baseline
        ({"target_value": float("nan")}, "target_value"),
    ],
)
def test_save_refuses(goal: Goal, utslipp: Indicator, fields: dict[str, Any], field: str) -> None:
    _load({"1804": [100, 90]})
    args: dict[str, Any] = {
        "baseline_year": 2015,
        "baseline_value": 100.0,
        "target_year": 2030,
        "target_value": 50.0,
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        goal_indicator_save(goal=goal, indicator=utslipp, **args)
    assert field in error.value.message_dict
    assert not GoalIndicator.objects.exists()


def test_save_puts_a_second_link_to_the_same_indicator_on_the_indicator_field(
    goal: Goal, utslipp: Indicator
) -> None:
    args: dict[str, Any] = {
        "baseline_year": 2015,
        "baseline_value": 100.0,
        "target_year": 2030,
        "target_value": 50.0,
    }
    goal_indicator_save(goal=goal, indicator=utslipp, **args)
    with pytest.raises(ValidationError) as error:
        goal_indicator_save(goal=goal, indicator=utslipp, **args)
    assert error.value.message_dict == {"indicator": ["Målet har allerede denne indikatoren."]}
    assert GoalIndicator.objects.count() == 1


# --- pages and permissions ------------------------------------------------------------------

FORM = {
    "indicator": "utslipp",
    "baseline_year": "2015",
    "baseline_value": "",
    "target_year": "2030",
    "target_value": "40",
}


def test_coordinator_sets_a_target_and_the_goal_pages_show_it(
    client: Client, goal: Goal, utslipp: Indicator, make_user: MakeUser
) -> None:
    _load({"1804": [100 - 5 * i for i in range(9)]})
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, goal.municipality))
    url = reverse("indicators:goal_targets", args=[goal.pk])
    response = client.post(url, FORM)
    assert response.status_code == 302
    target = GoalIndicator.objects.get()
    assert (target.baseline_value, target.target_value) == (100.0, 40.0)
    html = client.get(url).content.decode()
    assert "I rute" in html and "Slik regner vi ut om målet er i rute" in html
    duplicate = client.post(url, FORM)
    assert "Målet har allerede denne indikatoren." in duplicate.content.decode()
    client.logout()
    goal_html = client.get(goal.get_absolute_url()).content.decode()
    assert "Indikatorer og målverdier" in goal_html and "I rute" in goal_html
    detail = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    assert "Mål i kommunens planer" in client.get(detail).content.decode()
    overview = reverse("indicators:municipality", args=["1804"])
    assert "Mindre utslipp" in client.get(overview).content.decode()


def test_edit_and_delete(
    client: Client, goal: Goal, utslipp: Indicator, make_user: MakeUser
) -> None:
    _load({"1804": [100 - 5 * i for i in range(9)]})
    target = goal_indicator_save(
        goal=goal,
        indicator=utslipp,
        baseline_year=2015,
        baseline_value=None,
        target_year=2030,
        target_value=0.0,
    )
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, goal.municipality))
    edit = reverse("indicators:goal_target_edit", args=[goal.pk, target.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**FORM, "target_year": "2014"})
    assert "Målåret må komme etter basisåret." in response.content.decode()
    assert client.post(edit, {**FORM, "target_value": "10"}).status_code == 302
    target.refresh_from_db()
    assert target.target_value == 10.0
    delete = reverse("indicators:goal_target_delete", args=[goal.pk, target.pk])
    asked = client.post(delete)  # without JavaScript the page asks first
    assert asked.status_code == 200 and "fra målet?" in asked.content.decode()
    assert GoalIndicator.objects.exists()
    assert client.post(delete, {"confirmed": "1"}).status_code == 302
    assert not GoalIndicator.objects.exists()


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.NATIONAL_COORDINATOR, None),
        (Role.REGIONAL_ADVISER, None),
        (Role.PARTICIPANT, "1804"),
        (Role.STATE_REPRESENTATIVE, None),
        (Role.PARTNER, None),
        (Role.MUNICIPAL_COORDINATOR, "4621"),  # another municipality's coordinator
        (None, None),  # signed in without a role
    ],
)
def test_other_roles_cannot_set_targets(
    client: Client,
    goal: Goal,
    utslipp: Indicator,
    make_user: MakeUser,
    role: Role | None,
    scope: str | None,
) -> None:
    _load({"1804": [100, 90, 80]})
    target = goal_indicator_save(
        goal=goal,
        indicator=utslipp,
        baseline_year=2015,
        baseline_value=None,
        target_year=2030,
        target_value=0.0,
    )
    where = Municipality.objects.get(number=scope) if scope else None
    client.force_login(make_user(role, where))
    url = reverse("indicators:goal_targets", args=[goal.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="target_value"' not in page.content.decode()
    assert client.post(url, FORM).status_code == 403
    edit = reverse("indicators:goal_target_edit", args=[goal.pk, target.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, FORM).status_code == 403
    delete = reverse("indicators:goal_target_delete", args=[goal.pk, target.pk])
    assert client.post(delete).status_code == 403
    assert GoalIndicator.objects.get().target_value == 0.0


def test_anonymous_cannot_post_and_unpublished_goal_is_hidden(
    client: Client, goal: Goal, utslipp: Indicator
) -> None:
    url = reverse("indicators:goal_targets", args=[goal.pk])
    assert client.post(url, FORM).status_code == 403
    Goal.objects.filter(pk=goal.pk).update(published=False)
    assert client.get(url).status_code == 404


# --- network comparison and the national split ----------------------------------------------


def test_network_rank_and_aggregate(client: Client, utslipp: Indicator) -> None:
    bodo = Municipality.objects.get(number="1804")
    others = list(
        Municipality.objects.current().filter(county__number="18").exclude(number="1804")[:3]
    )
    make_network(members=[bodo, *others], name="Nordlandsnettverket")
    # 2023 values: Bodø 30, the others 10, 20, 40 (lower is better) → Bodø 3rd of 4, sum 100.
    _load(
        {"1804": [30], **{m.number: [v] for m, v in zip(others, (10, 20, 40), strict=True)}},
        first=2023,
    )
    comparison = selectors.network_comparison(utslipp, bodo)
    assert comparison is not None
    assert comparison.rank == 3 and comparison.aggregate == 100.0 and comparison.year == 2023
    assert [r["value"] for r in comparison.rows] == [10, 20, 30, 40]
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    html = client.get(url).content.decode()
    assert "Plass i nettverket" in html and 'id="network-spec"' in html
    csv = _data_lines(client.get(url + "?csv=nettverk").content)
    assert csv[3].startswith("1804;Bodø;2023;30,0;3")


def _data_lines(content: bytes) -> list[str]:
    """A downloaded CSV's header and rows, after its metadata comments (title, licence)."""
    return [line for line in content.decode("utf-8-sig").splitlines() if not line.startswith("# ")]


def test_network_sum_is_missing_when_a_member_has_no_value(utslipp: Indicator) -> None:
    bodo = Municipality.objects.get(number="1804")
    other = Municipality.objects.current().filter(county__number="18").exclude(number="1804")[0]
    make_network(members=[bodo, other])
    _load({"1804": [30]}, first=2023)
    comparison = selectors.network_comparison(utslipp, bodo)
    assert comparison is not None and comparison.aggregate is None and comparison.rank == 1


@override_settings(INDICATORS_NATIONAL_MIN_COVERAGE_PCT=1)  # a few municipalities have values
def test_national_page_splits_participants_from_the_others(
    client: Client, utslipp: Indicator
) -> None:
    programme = make_programme(name="Klimanettverk", slug="klima")
    quiet = make_programme(name="Stille program", slug="stille")
    numbers = list(Municipality.objects.current().values_list("number", flat=True)[:4])
    for number in numbers[:2]:
        make_participation(programme, Municipality.objects.get(number=number))
    make_participation(quiet, Municipality.objects.get(number=numbers[2]), active=False)
    _load({n: [10 + i, 11 + i, 12 + i] for i, n in enumerate(numbers)}, first=2021)
    url = reverse("indicators:national") + "?indikator=utslipp"
    html = client.get(url).content.decode()
    assert "Deltakende kommuner (Klimanettverk)" in html  # the programme with most active
    deltar = _data_lines(client.get(url + "&csv=fordeling-deltar").content)
    assert sorted(line.split(";")[0] for line in deltar[1:]) == sorted(numbers[:2])
    totals = _data_lines(client.get(url + "&csv=totalt").content)
    # 2021: participants 10 + 11 = 21; the sum of the others is missing (most have no value).
    assert "2021;Deltar;21,0;2" in totals
    other = _data_lines(client.get(url + "&program=stille&csv=fordeling-deltar").content)
    assert len(other) == 1  # no active participation: only the header


def test_indicator_page_queries_are_fixed_with_network_and_targets(
    client: Client, goal: Goal, utslipp: Indicator, django_assert_num_queries: Any
) -> None:
    bodo = goal.municipality
    others = list(
        Municipality.objects.current().filter(county__number="18").exclude(number="1804")[:3]
    )
    make_network(members=[bodo, *others])
    _load({m.number: [5, 4, 3] for m in [bodo, *others]}, first=2021)
    goal_indicator_save(
        goal=goal,
        indicator=utslipp,
        baseline_year=2021,
        baseline_value=None,
        target_year=2030,
        target_value=0.0,
    )
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    everyone = Municipality.objects.current().values_list("number", flat=True)[:120]
    _load({n: [5, 4, 3, 2] for n in everyone}, first=2021)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_goal_pages_show_progress_by_growth_rate(
    client: Client, goal: Goal, utslipp: Indicator
) -> None:
    # 100 in 2015 to 60 in 2023 (8 years, CAGR 0.6^(1/8) − 1 = −6.2 %); the target 40 in 2030
    # (15 years) needs 0.4^(1/15) − 1 = −5.9 %: ratio 1.05 ≥ 0.95 → "God framgang".
    _load({"1804": [100 - 5 * i for i in range(9)]})
    GoalIndicator.objects.create(
        goal=goal,
        indicator=utslipp,
        baseline_year=2015,
        baseline_value=100.0,
        target_year=2030,
        target_value=40.0,
    )
    for url in (reverse("indicators:goal_targets", args=[goal.pk]), goal.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Framdrift (vekstrate)" in html and "God framgang" in html
        assert "-6,2 % per år, trengs -5,9 %" in html
