"""Fair comparisons on the indicator pages: totals per inhabitant, the KOSTRA group as the
peer group, national coverage with a threshold, small numbers, and progress by growth rate."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.selectors import kostra_group_members, kostra_group_of

pytestmark = pytest.mark.django_db
MAPPING = ColumnMapping(area="k", period="år", value="v", indicator="i")


def _csv(client: Client, url: str) -> dict[tuple[str, str], float | None]:
    """A CSV's rows as (first column, second column) → third column (semicolons, decimal
    comma): the time series (area, period, value) and the totals (year, group, value)."""
    text = client.get(url).content.decode("utf-8-sig").splitlines()
    rows = [line.split(";") for line in text if not line.startswith("#")][1:]
    return {(r[0], r[1]): float(r[2].replace(",", ".")) if r[2] else None for r in rows}


def _import(lines: list[str]) -> None:
    indicator_values_import(rows=read_csv("\n".join(["i,k,år,v", *lines]).encode(), MAPPING))


@pytest.fixture
def totals(registry: None) -> list[str]:
    """Emissions (a total) and population for Bodø's KOSTRA group (EKG11) in 2020–2023: the
    largest municipality has the largest total but the lowest value per inhabitant."""
    make_indicator("folkemengde", measure="total", better="neutral", unit="personer")
    make_indicator("utslipp", name="Utslipp", measure="total", better="lower")
    group = kostra_group_of("1804")
    assert group is not None
    members = kostra_group_members(group)
    people = dict(
        Municipality.objects.filter(number__in=members).values_list("number", "population")
    )
    lines = []
    for year in range(2020, 2024):
        for number in members:
            population = people[number] or 50_000
            lines.append(f"folkemengde,{number},{year},{population}")
            # Bodø: 1 tonne per inhabitant; the others 2 tonnes; everyone falls 1 % a year.
            per_head = (1.0 if number == "1804" else 2.0) * 0.99 ** (year - 2020)
            lines.append(f"utslipp,{number},{year},{round(per_head * population, 3)}")
    lines.append("utslipp,18,2023,999999")  # Nordland's own total: never beside Bodø's
    _import(lines)
    return members


def test_totals_are_ranked_per_inhabitant_in_the_kostra_group(
    client: Client, totals: list[str]
) -> None:
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    html = client.get(url).content.decode()
    assert "KOSTRA-gruppe 11" in html and "Plass i gruppen" in html
    lines = client.get(url + "?csv=rangering").content.decode("utf-8-sig").splitlines()
    ranking = [line for line in lines if not line.startswith("#")]
    # Bodø is the best (lowest per inhabitant, 0.99³ t) of the group's 10 municipalities.
    assert ranking[1].startswith("1804;Bodø;2023;0,9702") and ranking[1].endswith(";1")
    assert len(ranking) == 1 + len(totals) == 11


def test_series_never_puts_a_total_beside_the_countys_total(
    client: Client, totals: list[str]
) -> None:
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    series = _csv(client, url + "?csv=tidsserie")
    assert series[("Bodø", "2020")] == pytest.approx(1.0, abs=1e-6)
    assert series[("KOSTRA-gruppe 11 (median)", "2020")] == pytest.approx(2.0, abs=1e-6)
    # Nordland's imported total (999 999) is not in the series; its value per inhabitant is.
    assert ("Nordland", "2023") not in series
    assert 0.9 < (series[("Nordland (beregnet)", "2023")] or 0) < 2.0
    html = client.get(url).content.decode()
    assert "Utvikling over tid, per innbygger" in html


def test_a_total_without_population_is_shown_alone_and_not_ranked(client: Client) -> None:
    make_indicator("utslipp", name="Utslipp", measure="total", better="lower")
    _import(["utslipp,1804,2022,500", "utslipp,1804,2023,5", "utslipp,18,2023,9000"])
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    html = client.get(url).content.decode()
    assert "Rangeres ikke" in html and "Kan ikke regnes ut" in html
    assert "Lite tall" in html  # 5 is below INDICATORS_SMALL_NUMBER (10)
    assert 'id="ranking-spec"' not in html and "Nordland" not in html.split("Utvikling")[1]


def test_only_a_total_below_the_small_number_is_flagged(client: Client) -> None:
    make_indicator("utslipp", name="Utslipp", measure="total", better="lower")
    make_indicator("andel", name="Andel", measure="share", unit="prosent")
    _import(["utslipp,1804,2023,10", "utslipp,4601,2023,9.5", "andel,1804,2023,5"])

    def page(number: str, code: str) -> str:
        url = reverse("indicators:municipality_indicator", args=[number, code])
        return client.get(url).content.decode()

    assert "Lite tall" not in page("1804", "utslipp")  # 10 is the threshold, not below it
    assert "Lite tall" in page("4601", "utslipp")
    assert "Lite tall" not in page("1804", "andel")  # a share of 5 % is no small count


@override_settings(INDICATORS_NATIONAL_MIN_COVERAGE_PCT=2)
def test_national_page_states_coverage_and_shows_figures_above_the_threshold(
    client: Client, totals: list[str]
) -> None:
    html = client.get(reverse("indicators:national") + "?indikator=utslipp").content.decode()
    assert "Dekning: 10 av 357 kommuner (3 %) har en verdi for 2023." in html
    assert "vises ikke" not in html and "per innbygger" in html
    by_group = _csv(client, reverse("indicators:national") + "?indikator=utslipp&csv=totalt")
    # Σ tonnes / Σ inhabitants: between Bodø's 1 and the others' 2 tonnes per inhabitant.
    assert 1.0 < (by_group[("2020", "Deltar ikke")] or 0) < 2.0


def test_national_page_withholds_figures_below_the_threshold(
    client: Client, totals: list[str]
) -> None:
    html = client.get(reverse("indicators:national") + "?indikator=utslipp").content.decode()
    assert "Nasjonale tall vises ikke når færre enn 80 % av kommunene har en verdi." in html
    assert "vises ikke (for lav dekning)" in html


def test_indicator_page_shows_progress_by_growth_rate(client: Client, totals: list[str]) -> None:
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    html = client.get(url).content.decode()
    # The total falls about 1 % a year and lower is better: 0.5 % ≤ 1 % < 1.5 %.
    assert "Noe framgang" in html and "-1,0 % per år siden 2020" in html
