"""`manage.py fetch_indicators` against recorded PxWebApi v2 responses and published files served
by a local HTTP server (never the network): the one import path, all or nothing per
indicator."""

from __future__ import annotations

import io
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from kommunenettverk.indicators import ssb
from kommunenettverk.indicators.models import Indicator, IndicatorValue
from kommunenettverk.indicators.services import imports
from kommunenettverk.indicators.services.catalogue import (
    indicator_catalogue_load,
    indicators_fetch_from_ssb,
)
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
# (table, content code) → recorded response; anything else gets SSB's 400 answer.
RESPONSES = {
    ("12134", "KOSAG110000"): DATA / "ssb_pxwebapi_v2_12134_kostra_jsonstat2_real.json",
    ("07459", "Personer1"): DATA / "ssb_pxwebapi_v2_07459_modelled.json",
    ("09817", "AndelBefolkning"): DATA / "ssb_pxwebapi_v2_09817_modelled.json",
}
# Published files by their path at the source (settings.PUBLISHED_FILES_MIRROR keeps the path).
PUBLISHED = {
    "/globalassets/netttjenester/klimagassutslipp-kommuner/utslippsstatistikk_alle_kommuner.xlsx": (
        DATA / "miljodirektoratet_utslippsstatistikk_alle_kommuner.xlsx"
    ),
}


class _PxWebApi(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def _answer(self, selection: dict[str, list[str]]) -> None:
        table = self.path.split("/tables/")[1].split("/")[0]
        self.requests.append({"method": self.command, "table": table, "selection": selection})
        path = RESPONSES.get((table, (selection.get("ContentsCode") or [""])[0]))
        if path is None:
            body = json.dumps({"type": "Parameter error", "title": "Non-existent value"})
            self.send_response(400)
            payload = body.encode()
        else:
            self.send_response(200)
            payload = path.read_bytes()
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _published(self, path: Path) -> None:
        self.requests.append({"method": self.command, "file": self.path})
        payload = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        if self.path in PUBLISHED:
            self._published(PUBLISHED[self.path])
            return
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        selection = {
            key[len("valueCodes[") : -1]: value[0].split(",")
            for key, value in query.items()
            if key.startswith("valueCodes[")
        }
        self._answer(selection)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self._answer({s["variableCode"]: s["valueCodes"] for s in body["selection"]})

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def pxwebapi(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    # A fresh 30-a-minute window for each test, so tests never wait on earlier tests' calls.
    monkeypatch.setattr(imports, "_ssb_limiter", ssb.RateLimiter())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PxWebApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SSB_PXWEBAPI_URL = f"http://127.0.0.1:{server.server_address[1]}/api/pxwebapi/v2"
    settings.PUBLISHED_FILES_MIRROR = f"http://127.0.0.1:{server.server_address[1]}"
    _PxWebApi.requests = []
    try:
        yield _PxWebApi.requests
    finally:
        server.shutdown()
        server.server_close()


def _values(code: str) -> dict[tuple[str, str], tuple[float | None, str]]:
    rows = IndicatorValue.objects.filter(indicator__code=code)
    return {(v.area_code, v.period): (v.value, v.status) for v in rows}


def test_fetch_writes_the_recorded_values_and_refuses_a_failing_indicator_alone(
    pxwebapi: list[dict[str, Any]],
) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 hentet, 2 avvist"):
        call_command(
            "fetch_indicators",
            "frie-inntekter",
            "folkemengde",
            "innvandrere-andel",
            "netto-driftsresultat",
            stdout=out,
        )
    # Hand-checked against the real 12134 response: Oslo 81 240, Bergen 66 605, Trondheim
    # 62 853 kr in 2024.
    assert _values("frie-inntekter") == {
        ("0301", "2024"): (81240.0, ""),
        ("4601", "2024"): (66605.0, ""),
        ("5001", "2024"): (62853.0, ""),
    }
    # The modelled 07459 response: SSB's ".." is kept as a status, never as zero.
    population = _values("folkemengde")
    assert population[("0301", "2026")] == (726000.0, "")
    assert population[("5001", "2026")] == (None, "..")
    assert len(population) == 6
    # 09817 has a cell for the unknown area 9999: the whole indicator is refused, nothing
    # of it written; 12134 KOSAGD230000 got SSB's 400 answer.
    assert not IndicatorValue.objects.filter(indicator__code="innvandrere-andel").exists()
    assert not IndicatorValue.objects.filter(indicator__code="netto-driftsresultat").exists()
    text = out.getvalue()
    assert "frie-inntekter: hentet – 3 rader lest, 3 skrevet" in text
    assert "innvandrere-andel: AVVIST – 1 rader ble avvist; ingenting er lagret" in text
    assert "netto-driftsresultat: AVVIST – SSB svarte 400 for tabell 12134" in text


def test_fetch_asks_for_todays_municipalities_the_content_code_and_fixed_dimensions(
    pxwebapi: list[dict[str, Any]],
) -> None:
    indicator_catalogue_load()
    outcomes = indicators_fetch_from_ssb(codes=["innvandrere-andel", "frie-inntekter"], years=3)
    assert [(o.code, o.state) for o in outcomes] == [
        ("frie-inntekter", "written"),
        ("innvandrere-andel", "refused"),
    ]
    municipalities = sorted(Municipality.objects.current().values_list("number", flat=True))
    assert len(municipalities) == 357
    kostra, immigrants = pxwebapi  # in code order
    assert kostra["method"] == "POST"  # 357 codes do not fit a GET URL
    assert kostra["table"] == "12134"
    assert kostra["selection"] == {
        "KOKkommuneregion0000": municipalities,
        "ContentsCode": ["KOSAG110000"],
        "Tid": ["top(3)"],
    }
    assert immigrants["selection"]["InnvandrKat"] == ["B"]
    assert immigrants["selection"]["Landbakgrunn"] == ["999"]
    assert immigrants["selection"]["Region"] == municipalities


def test_fetch_skips_an_unverified_ssb_indicator_and_lists_the_file_sources(
    pxwebapi: list[dict[str, Any]],
) -> None:
    out = io.StringIO()
    call_command("fetch_indicators", "husholdningsavfall", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "husholdningsavfall: hoppet over – statistikkvariabelen er ikke kontrollert" in text
    assert pxwebapi == []  # nothing was asked of SSB for it
    out = io.StringIO()
    # The unrecorded SSB tables answer 400; the published file is read with its recipes.
    with pytest.raises(CommandError, match="publisert fil: 8 hentet, 0 avvist, 12 hoppet over"):
        call_command("fetch_indicators", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Publisert fil:" in text
    assert (
        "  klimagassutslipp-vei: hentet – Miljødirektoratet: klimagassutslipp, veitrafikk: "
        "Forhåndsvisning: 4 rader lest, 4 verdier blir skrevet" in text
    )
    assert "  forventet-levealder: hoppet over – importoppskriften «FHI Kommunehelsa" in text
    assert not IndicatorValue.objects.exists()  # a dry run writes nothing
    files = [r["file"] for r in pxwebapi if "file" in r]
    assert files == list(PUBLISHED)  # the one Miljødirektoratet file, downloaded once
    fetched = {r["table"] for r in pxwebapi if "table" in r}
    assert fetched == {
        i.ssb_table for i in Indicator.objects.filter(source="ssb") if i.is_fetchable_from_ssb
    }
