from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from kommunenettverk.registry.models import CodeChange, County, KsRegion, Municipality
from kommunenettverk.registry.selectors import municipality_current_codes
from kommunenettverk.registry.services import (
    DATA_DIR,
    RegistryError,
    registry_load_snapshot,
    registry_sync,
)

SAMPLE_CHANGES = Path(__file__).parent / "data" / "klass_131_changes_2020_sample.json"
CODES_AT = DATA_DIR / "klass_131_codesAt_2026-01-01.json"

pytestmark = pytest.mark.django_db


def test_snapshot_builds_counties_municipalities_and_changes_from_empty() -> None:
    CodeChange.objects.all().delete()
    Municipality.history.all().delete()
    Municipality.objects.all().delete()
    report = registry_load_snapshot()
    assert len(report.created) == 357
    assert County.objects.count() == 15
    assert Municipality.objects.current().count() == 357
    assert CodeChange.objects.count() == 115
    assert KsRegion.objects.filter(counties__isnull=False).distinct().count() == 7
    assert County.objects.filter(ks_region__isnull=True).count() == 0


def test_snapshot_keeps_sami_and_kven_names_and_facts() -> None:
    karasjok = Municipality.objects.get(number="5610")
    assert karasjok.name == "Kárášjohka - Karasjok"
    assert karasjok.name_nb == "Karasjok"
    assert karasjok.parallel_name_list == ["Kárášjohka"]
    lyngen = Municipality.objects.get(number="5536")
    assert lyngen.parallel_name_list == ["Ivgu", "Yykeä"]
    bodo = Municipality.objects.get(number="1804")
    assert bodo.county.number == "18"
    assert bodo.admin_centre == "Bodø"
    assert bodo.population and bodo.population > 50_000
    assert County.objects.get(number="55").official_name == "Troms - Romsa - Tromssa"


def test_snapshot_is_idempotent() -> None:
    report = registry_load_snapshot()
    assert report.created == report.updated == report.ended == []
    assert report.changes_added == 0


def test_any_code_since_2020_maps_to_todays_code() -> None:
    registry_sync(
        codes_raw=CODES_AT.read_bytes(),
        changes_raw=SAMPLE_CHANGES.read_bytes(),
        on=datetime.date(2026, 1, 1),
    )
    assert municipality_current_codes("0602") == ["3301"]  # Drammen 2020 → 3005 → 3301 (2024)
    assert municipality_current_codes("1246") == ["4626"]  # Fjell → Øygarden
    assert municipality_current_codes("1507") == ["1508", "1580"]  # Ålesund split in 2024
    assert municipality_current_codes("3018") == ["3114"]  # Våler renumbered and renamed
    assert municipality_current_codes("1804") == ["1804"]  # never changed
    assert municipality_current_codes("0602", on=datetime.date(2023, 12, 31)) == ["3005"]


def test_sync_ends_missing_municipalities_and_renames() -> None:
    data = json.loads(CODES_AT.read_text(encoding="utf-8"))
    data["codes"] = [c for c in data["codes"] if c["code"] != "1804"]
    next(c for c in data["codes"] if c["code"] == "4621")["name"] = "Voss herad"
    report = registry_sync(
        codes_raw=json.dumps(data).encode(), changes_raw=None, on=datetime.date(2027, 1, 1)
    )
    assert report.ended == ["1804"]
    assert report.updated == ["4621"]
    assert Municipality.objects.get(number="1804").valid_to == datetime.date(2027, 1, 1)
    assert Municipality.objects.get(number="4621").name == "Voss herad"
    assert Municipality.objects.get(number="4621").name_nb == "Voss"


def test_failed_sync_changes_nothing() -> None:
    data = json.loads(CODES_AT.read_text(encoding="utf-8"))
    data["codes"][0]["name"] = "Endret navn"
    data["codes"].append({"code": "9901", "name": "Ukjent fylke"})
    with pytest.raises(RegistryError, match=r"9901.*fylke 99"):
        registry_sync(
            codes_raw=json.dumps(data).encode(), changes_raw=None, on=datetime.date.today()
        )
    assert Municipality.objects.get(number="0301").name == "Oslo - Oslove"
    assert not Municipality.objects.filter(number="9901").exists()


def test_malformed_file_is_refused_with_a_norwegian_message() -> None:
    with pytest.raises(RegistryError, match=r"KLASS-filen kunne ikke leses.*Ingenting er endret"):
        registry_sync(codes_raw=b"{", changes_raw=None, on=datetime.date.today())
