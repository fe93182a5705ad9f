from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from kommunenettverk.registry.klass import (
    KlassFormatError,
    parse_changes,
    parse_codes_at,
    split_name,
)
from kommunenettverk.registry.services import DATA_DIR

SAMPLE_CHANGES = Path(__file__).parent / "data" / "klass_131_changes_2020_sample.json"


def test_parses_real_codes_at_response_without_the_unknown_placeholder() -> None:
    codes = parse_codes_at((DATA_DIR / "klass_131_codesAt_2026-01-01.json").read_bytes())
    assert len(codes) == 357
    assert "9999" not in {code.code for code in codes}
    oslo = next(code for code in codes if code.code == "0301")
    assert oslo.name == "Oslo - Oslove"
    assert oslo.valid_from is None


def test_parses_changes_and_leaves_out_rows_without_both_codes() -> None:
    data = json.loads(SAMPLE_CHANGES.read_text(encoding="utf-8"))
    data["codeChanges"].append(
        {"oldCode": None, "newCode": "5001", "changeOccurred": "2020-01-01", "newName": "x"}
    )
    changes = parse_changes(data)
    assert len(changes) == 7
    assert changes[0].old_code == "0602"
    assert changes[0].new_code == "3005"
    assert changes[0].changed_on == datetime.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "ikke gyldig JSON"),
        (b"[]", "JSON-objekt"),
        (b'{"foo": []}', "«codes»"),
        (b'{"codes": []}', "ingen kommuner"),
        (b'{"codes": [{"code": "12a4", "name": "X"}]}', "Kode nr. 1: «12a4» er ikke et firesifret"),
        (b'{"codes": [{"code": "1804", "name": ""}]}', "Kode nr. 1 (1804): mangler navn"),
        (
            b'{"codes": [{"code": "1804", "name": "A"}, {"code": "1804", "name": "B"}]}',
            "Kode nr. 2: kommunenummer 1804 står to ganger",
        ),
        (
            b'{"codes": [{"code": "1804", "name": "A", "validFrom": "1.1.2024"}]}',
            "«1.1.2024» er ikke en dato",
        ),
    ],
)
def test_malformed_codes_at_names_the_problem(raw: bytes, message: str) -> None:
    with pytest.raises(KlassFormatError, match=re.escape(message)):
        parse_codes_at(raw)


def test_change_without_date_is_refused() -> None:
    with pytest.raises(KlassFormatError, match=r"Endring nr. 1: mangler «changeOccurred»"):
        parse_changes({"codeChanges": [{"oldCode": "0602", "newCode": "3005"}]})


@pytest.mark.parametrize(
    ("official", "parts"),
    [
        ("Bodø", ["Bodø"]),
        ("Kárášjohka - Karasjok", ["Kárášjohka", "Karasjok"]),
        ("Lyngen - Ivgu - Yykeä", ["Lyngen", "Ivgu", "Yykeä"]),
        ("Herøy (Nordland)", ["Herøy (Nordland)"]),
    ],
)
def test_split_name(official: str, parts: list[str]) -> None:
    assert split_name(official) == parts


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"code": "1804", "name": "B" * 201}, "Kode nr. 1 (1804): «name» er lengre enn 200 tegn."),
        (
            {"code": "1804", "name": "Bod\x00ø"},
            "Kode nr. 1 (1804): «name» inneholder kontrolltegn.",
        ),
        (
            {"code": "1804", "name": "Bodø", "validFrom": "2024-01-01", "validTo": "2020-01-01"},
            "Kode nr. 1 (1804): «validTo» må være etter «validFrom».",
        ),
    ],
)
def test_codes_at_refuses_what_the_registry_cannot_store(
    entry: dict[str, str], message: str
) -> None:
    with pytest.raises(KlassFormatError) as info:
        parse_codes_at({"codes": [entry]})
    assert str(info.value) == message


def test_changes_refuse_control_characters_in_names() -> None:
    raw = {
        "codeChanges": [
            {
                "oldCode": "1804",
                "newCode": "1805",
                "oldName": "\x00",
                "changeOccurred": "2024-01-01",
            }
        ]
    }
    with pytest.raises(
        KlassFormatError, match=r"Endring nr\. 1: «oldName» inneholder kontrolltegn"
    ):
        parse_changes(raw)


def test_deeply_nested_json_is_a_format_error() -> None:
    with pytest.raises(KlassFormatError, match="nøstet for dypt"):
        parse_codes_at(b"[" * 100_000 + b"]" * 100_000)
