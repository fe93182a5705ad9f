""" "Municipalities like yours did this" on the indicator page, and the similar examples shown
while an example is written."""

from __future__ import annotations

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.selectors import example_similar, peer_municipalities
from kommunenettverk.ideabank.spread_selectors import peer_practices
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.indicators.models import GoalIndicator, IndicatorResult, IndicatorValue
from kommunenettverk.indicators.services import indicator_results_refresh
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

# Lower is better. Bodø stays at 100; of its neighbours Fauske falls 5 a year, Saltdal 1 a
# year and Gildeskål rises 2 a year. Latest (2024): Fauske 35, Saltdal 61, Gildeskål 78, so
# the peers' median is 61 and Bodø (100) lags.
SERIES = {"1804": (100, 0), "1841": (80, -5), "1840": (70, -1), "1838": (60, 2)}


@pytest.fixture
def indicator(registry: None) -> int:
    indicator = make_indicator("utslipp", name="Klimagassutslipp")
    for number, (start, step) in SERIES.items():
        for n, year in enumerate(range(2015, 2025)):
            IndicatorValue.objects.create(
                indicator=indicator,
                area_kind="K",
                area_code=number,
                period=str(year),
                year_from=year,
                year=year,
                value=float(start + step * n),
            )
    goal = Goal.objects.create(
        municipality=Municipality.objects.get(number="1840"),
        statement="Mindre utslipp",
        published=True,
    )
    GoalIndicator.objects.create(
        goal=goal,
        indicator=indicator,
        baseline_year=2015,
        baseline_value=70,
        target_year=2030,
        target_value=40,
    )
    Measure.objects.create(goal=goal, title="Saltdals ladeplasser", dimension="practice",
                           published=True)  # fmt: skip
    make_example("1841", title="Fauskes klimaplan", themes=["climate_energy"])
    make_example("1841", title="Fauskes kulturarv", themes=["cultural_heritage"])
    indicator_results_refresh(indicator_ids=[indicator.pk])
    return indicator.pk


def test_peers_include_the_neighbours() -> None:
    bodo = Municipality.objects.get(number="1804")
    assert {"1838", "1840", "1841"} <= {m.number for m in peer_municipalities(bodo)}


def test_improving_peers_ranked_by_strength_with_their_work(indicator: int) -> None:
    bodo = Municipality.objects.get(number="1804")
    result = IndicatorResult.objects.get(indicator_id=indicator, area_code="1804")
    practices = peer_practices(bodo, result)
    assert practices is not None
    assert practices.peer_median == pytest.approx(61.0)
    assert [(p.municipality.number, round(p.improvement, 6)) for p in practices.peers] == [
        ("1841", 5.0),
        ("1840", 1.0),
    ]
    fauske, saltdal = practices.peers
    assert [e.title for e in fauske.examples] == ["Fauskes klimaplan"]  # on the theme only
    assert [m.title for m in saltdal.measures] == ["Saltdals ladeplasser"]
    fauske_result = IndicatorResult.objects.get(indicator_id=indicator, area_code="1841")
    assert peer_practices(Municipality.objects.get(number="1841"), fauske_result) is None


def test_indicator_page_shows_the_section_only_where_it_lags(
    client: Client, indicator: int
) -> None:
    page = client.get(reverse("indicators:municipality_indicator", args=["1804", "utslipp"]))
    text = page.text
    assert "Kommuner som ligner din gjorde dette" in text
    assert text.index("Fauskes klimaplan") < text.index("Saltdals ladeplasser")
    fauske = client.get(reverse("indicators:municipality_indicator", args=["1841", "utslipp"]))
    assert "Kommuner som ligner din gjorde dette" not in fauske.text


def test_similar_examples_while_writing(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    make_example("1841", title="Sykkelveier til skolen", summary="Tryggere skolevei med sykkel.")
    make_example("5501", title="Lokalmat i kantina", summary="Mer kortreist mat på sykehjem.")
    make_example("4621", title="Sykkelveier i sentrum", status="draft")
    similar = example_similar(title="Sykkelvei til skolen", summary="Trygg sykkel til skolen")
    assert [e.title for e in similar] == ["Sykkelveier til skolen"]
    assert example_similar(title="sykkel", summary="") == []  # one word is not enough
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    fragment = client.get(
        reverse("ideabank:example_similar"),
        {"title": "Sykkelvei til skolen", "summary": "Trygg skolevei"},
        headers={"HX-Request": "true"},
    )
    assert "Sykkelveier til skolen" in fragment.text and "<html" not in fragment.text
    preview = client.post(
        reverse("ideabank:example_create"),
        {
            "municipality": Municipality.objects.get(number="1804").pk,
            "title": "Sykkelvei til skolen",
            "summary": "Trygg skolevei",
            "forhandsvis": "1",
        },
    )
    assert preview.status_code == 200
    assert "Lignende eksempler som allerede er publisert" in preview.text
    assert not Example.objects.filter(title="Sykkelvei til skolen").exists()  # not saved
