"""Indicator pages: content, CSV downloads, 404s and a query count that does not grow."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
MAPPING = ColumnMapping(area="k", period="år", value="v", indicator="i")


def _load(codes: list[str], indicators: tuple[str, ...] = ("utslipp", "andel")) -> None:
    lines = ["i,k,år,v"]
    for code in indicators:
        for n, number in enumerate(codes):
            lines += [f"{code},{number},{year},{n + year - 2000}" for year in range(2015, 2024)]
    indicator_values_import(rows=read_csv("\n".join(lines).encode(), MAPPING))


@pytest.fixture
def catalogue(registry: None) -> None:
    make_indicator("utslipp", name="Utslipp", better="lower", aggregation="sum")
    make_indicator(
        "andel",
        name="Andel vernet",
        better="higher",
        aggregation="weighted_mean",
        themes=["land_use"],
        unit="prosent",
    )


def _numbers(count: int) -> list[str]:
    numbers = [
        "1804",
        *Municipality.objects.current()
        .exclude(number="1804")
        .values_list("number", flat=True)[: count - 1],
    ]
    return numbers


def test_municipality_overview_lists_results(client: Client, catalogue: None) -> None:
    _load(_numbers(3))
    response = client.get(reverse("indicators:municipality", args=["1804"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indikatorer for Bodø" in html
    assert "Andel vernet" in html and "Bedring" in html  # rising, higher is better


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("indicators:municipality", ["1804"], ""),
        ("indicators:municipality_indicator", ["1804", "utslipp"], ""),
        ("indicators:national", [], "indikator=andel"),
        ("indicators:national", [], "tema=climate_energy"),
    ],
)
def test_page_queries_do_not_grow_with_data(
    client: Client,
    catalogue: None,
    django_assert_num_queries: Any,
    name: str,
    args: list[str],
    query: str,
) -> None:
    url = reverse(name, args=args) + (f"?{query}" if query else "")
    _load(_numbers(3))
    client.get(url)  # warm caches (content types, chart templates)
    small = _count(client, url)
    # 12, two for the KOSTRA group and its members, and a fixed few for sections other apps
    # add (the idea bank's peers on the indicator page)
    assert small <= 19
    _load(_numbers(150))
    make_indicator("ekstra", name="Ekstra", themes=["climate_energy"])
    _load(_numbers(150), indicators=("ekstra",))
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _csv_lines(content: bytes) -> list[str]:
    """The CSV's lines after its metadata comments (title, source, licence)."""
    lines = content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("# Lisens: ") for line in lines)
    return [line for line in lines if not line.startswith("# ")]


def test_municipality_indicator_page_has_charts_tables_and_csv(
    client: Client, catalogue: None
) -> None:
    _load(_numbers(3))
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    html = client.get(url).content.decode()
    assert 'id="series-spec" type="application/json"' in html
    assert 'id="ranking-spec" type="application/json"' in html
    assert "Tallene i figuren «Utvikling over tid»" in html
    assert "Hele landet (beregnet)" not in html  # a sum needs every municipality
    csv = client.get(url + "?csv=tidsserie")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = _csv_lines(csv.content)
    assert lines[0] == "område;periode;verdi;statuskode"
    assert "Bodø;2015;15,0;" in lines
    ranking = _csv_lines(client.get(url + "?csv=rangering").content)
    assert ranking[1].startswith("1804;Bodø;2023;23,0;1")  # lowest is best


class _Tables(HTMLParser):
    """Each <table> with whether it sits inside a <details>, and what comes before the first
    chart (the first screen)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.tables: list[bool] = []
        self.first_screen: list[str] = []
        self.seen_chart = False
        self.downloads: list[bool] = []  # for each download link: inside a <details>?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "details"
        if tag == "a" and "last_ned=" in (dict(attrs).get("href") or ""):
            self.downloads.append(self.depth > 0)
        self.seen_chart |= tag == "figure"
        if tag == "table":
            self.tables.append(self.depth > 0)

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "details"

    def handle_data(self, data: str) -> None:
        if not self.seen_chart and data.strip():
            self.first_screen.append(data.strip())


def test_indicator_page_opens_with_value_trend_comparison_and_target(
    client: Client, catalogue: None, bodo: Municipality
) -> None:
    from kommunenettverk.indicators.models import Indicator
    from kommunenettverk.indicators.services import goal_indicator_save
    from kommunenettverk.plans.services import goal_save

    _load(_numbers(3))
    goal = goal_save(municipality=bodo, fields={"statement": "Mindre utslipp", "published": True})
    goal_indicator_save(
        goal=goal,
        indicator=Indicator.objects.get(code="utslipp"),
        baseline_year=2015,
        baseline_value=None,
        target_year=2030,
        target_value=10,
    )
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    html = client.get(url).content.decode()
    parsed = _Tables()
    parsed.feed(html)
    first = " ".join(parsed.first_screen)
    for words in ("Siste verdi", "23", "Trend", "Forverring", "Sammenligning", "Fylket", "Landet"):
        assert words in first, words
    assert "Mål" in first and "10" in first and "innen 2030" in first
    # Every table under a chart is collapsed; the goal's target table below is not a chart's.
    assert parsed.tables == [True, True, False]
    assert html.count('<details class="ds-details data-details">') == 2
    # Still downloadable: the links stay outside the collapsed tables.
    assert len(parsed.downloads) >= 4 and not any(parsed.downloads)
    without_target = client.get(
        reverse("indicators:municipality_indicator", args=["1804", "andel"])
    ).content.decode()
    assert "Ingen mål i kommunens planer." in without_target


def test_weighted_mean_series_shows_computed_county_and_country(
    client: Client, catalogue: None
) -> None:
    _load(_numbers(3))
    url = reverse("indicators:municipality_indicator", args=["1804", "andel"])
    html = client.get(url).content.decode()
    assert "Nordland (beregnet)" in html and "Hele landet (beregnet)" in html


def test_national_page_counts_trends_and_totals(client: Client, catalogue: None) -> None:
    _load(_numbers(3))
    response = client.get(reverse("indicators:national") + "?indikator=andel")
    html = response.content.decode()
    assert 'id="map-spec"' in html
    assert 'id="distribution-deltar-spec"' in html and 'id="distribution-andre-spec"' in html
    assert "Bedring og forverring per indikator" in html
    csv = client.get(reverse("indicators:national") + "?indikator=andel&csv=totalt")
    # No programme yet: every municipality is in the group that does not participate.
    assert _csv_lines(csv.content)[1].startswith("2015;Deltar ikke;")
    group = client.get(reverse("indicators:national") + "?indikator=andel&csv=fordeling-andre")
    assert _csv_lines(group.content)[0].startswith("kommunenummer;kommune;periode;")
    partial = client.get(
        reverse("indicators:national") + "?indikator=andel", headers={"HX-Request": "true"}
    )
    assert partial.content.decode().lstrip().startswith('<div id="indication">')


def test_unknown_municipality_or_indicator_is_404(client: Client, catalogue: None) -> None:
    assert client.get(reverse("indicators:municipality", args=["9998"])).status_code == 404
    url = reverse("indicators:municipality_indicator", args=["1804", "finnes-ikke"])
    assert client.get(url).status_code == 404


def test_catalogue_filters_by_theme(client: Client, catalogue: None) -> None:
    html = client.get(reverse("indicators:catalogue") + "?tema=land_use").content.decode()
    assert "Andel vernet" in html and "Utslipp" not in html
