"""SSB PxWebApi v2: query building, the rate limit and the import commands (no network)."""

from __future__ import annotations

import io
import json
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kommunenettverk.indicators import ssb
from kommunenettverk.indicators.models import IndicatorValue
from kommunenettverk.indicators.tests.factories import make_indicator

DATA = Path(__file__).parent / "data"
BASE = "https://data.ssb.no/api/pxwebapi/v2"


def test_parse_query() -> None:
    assert ssb.parse_query(["Region=0301, 4601", "Tid=top(5)", "Region=5001"]) == {
        "Region": ["0301", "4601", "5001"],
        "Tid": ["top(5)"],
    }
    with pytest.raises(ssb.QueryError, match="DIMENSJON=KODE"):
        ssb.parse_query(["Region"])


def test_small_selection_is_a_get() -> None:
    request = ssb.build_request(BASE, "12134", {"ContentsCode": ["KOSAG110000"], "Tid": ["2024"]})
    assert request.method == "GET" and request.body is None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)
    assert request.url.startswith(f"{BASE}/tables/12134/data?")
    assert query["outputFormat"] == ["json-stat2"]
    assert query["valueCodes[ContentsCode]"] == ["KOSAG110000"]


def test_large_selection_is_a_post_with_a_json_body() -> None:
    regions = [f"{n:04d}" for n in range(300, 5700, 3)]
    request = ssb.build_request(BASE, "12134", {"KOKkommuneregion0000": regions})
    assert request.method == "POST"
    assert "valueCodes" not in request.url
    assert request.body is not None
    body = json.loads(request.body)
    assert body["selection"][0] == {"variableCode": "KOKkommuneregion0000", "valueCodes": regions}


def test_table_must_be_a_table_number() -> None:
    with pytest.raises(ssb.QueryError):
        ssb.build_request(BASE, "../x", {})


def test_rate_limiter_waits_for_the_oldest_call_to_leave_the_window() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = ssb.RateLimiter(limit=3, window=60.0, clock=lambda: now[0], sleep=sleep)
    for t in (0.0, 10.0, 20.0):
        now[0] = t
        assert limiter.wait() == 0.0
    now[0] = 30.0
    assert limiter.wait() == pytest.approx(30.0)  # the call at 0 s leaves the window at 60 s
    assert slept == [pytest.approx(30.0)]
    now[0] = 200.0
    assert limiter.wait() == 0.0


@pytest.mark.django_db
def test_import_ssb_command_reads_a_saved_response() -> None:
    make_indicator(
        "frie-inntekter",
        source="ssb",
        ssb_table="12134",
        ssb_content_code="KOSAG110000",
        aggregation="none",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_ssb",
        "12134",
        "--file",
        str(DATA / "ssb_pxwebapi_v2_12134_kostra_jsonstat2_real.json"),
        stdout=out,
        stderr=err,
    )
    assert "3 rader lest, 3 skrevet (0 erstattet), 0 avvist." in out.getvalue()
    assert "[##############################] 100%" in err.getvalue()
    assert IndicatorValue.objects.count() == 3


@pytest.mark.django_db
def test_import_ssb_command_is_all_or_nothing_by_default() -> None:
    make_indicator("utslipp", source="ssb", ssb_table="13931", ssb_content_code="Utslipp")
    with pytest.raises(CommandError, match="3 rader ble avvist; ingenting er lagret"):
        call_command(
            "import_ssb",
            "13931",
            "--file",
            str(DATA / "jsonstat_array_index_sparse.json"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_import_indicator_values_command_with_csv_mapping(tmp_path: Path) -> None:
    make_indicator("utslipp")
    path = tmp_path / "verdier.csv"
    path.write_text("knr;aar;tonn\n1804;2023;12,5\n9999;2023;1\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_indicator_values",
        str(path),
        "--area",
        "knr",
        "--period",
        "aar",
        "--value",
        "tonn",
        "--indicator",
        "utslipp",
        "--skip-rejected",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "avvist: Linje 3: Ukjent kommunenummer «9999»." in out.getvalue()
    assert IndicatorValue.objects.get().value == 12.5
    with pytest.raises(CommandError, match="Fant ikke kolonnen «kommunenummer»"):
        call_command(
            "import_indicator_values",
            str(path),
            "--indicator",
            "utslipp",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
