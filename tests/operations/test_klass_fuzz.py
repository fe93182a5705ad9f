"""Malformed KLASS files, fuzzed: a Norwegian CommandError and an untouched registry, or a
complete sync — never a crash and never half an import."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunenettverk.registry.models import CodeChange, Municipality
from kommunenettverk.registry.services import DATA_DIR

SNAPSHOT = json.loads((DATA_DIR / "klass_131_codesAt_2026-01-01.json").read_bytes())
NUMBERS = [entry["code"] for entry in SNAPSHOT["codes"]]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
codes = st.one_of(
    st.sampled_from(NUMBERS), st.from_regex(r"\A[0-9]{4}\Z"), st.text(max_size=6), st.integers()
)
names = st.one_of(st.text(max_size=40), st.text(min_size=190, max_size=260), json_value)
dates = st.one_of(
    st.none(),
    st.dates().map(str),
    st.text(max_size=12),
    st.sampled_from(["2026-13-01", "1.1.2026"]),
)
entry = st.fixed_dictionaries(
    {},
    optional={"code": codes, "name": names, "validFrom": dates, "validTo": dates, "x": json_value},
)
change = st.fixed_dictionaries(
    {},
    optional={
        "oldCode": codes,
        "newCode": codes,
        "oldName": names,
        "newName": names,
        "changeOccurred": dates,
    },
)


def _state() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        list(Municipality.objects.order_by("number").values_list()),
        list(CodeChange.objects.order_by("pk").values_list()),
    )


def _sync(codes_raw: bytes, changes_raw: bytes | None = None) -> None:
    """Run the command on the bytes; check the all-or-nothing promise; roll back after."""
    with tempfile.TemporaryDirectory() as folder:
        codes_file = Path(folder) / "codes.json"
        codes_file.write_bytes(codes_raw)
        args = ["sync_registry", "--codes-file", str(codes_file), "--date", "2026-06-01"]
        if changes_raw is not None:
            changes_file = Path(folder) / "changes.json"
            changes_file.write_bytes(changes_raw)
            args += ["--changes-file", str(changes_file)]
        with transaction.atomic():
            before = _state()
            try:
                call_command(*args, stdout=open(Path(folder) / "out", "w"))  # noqa: SIM115
            except CommandError as exc:
                assert "Ingenting er endret" in str(exc), str(exc)
                assert _state() == before, "a refused import changed the registry"
            else:
                _assert_complete(json.loads(codes_raw))
            transaction.set_rollback(True)


def _assert_complete(data: dict[str, Any]) -> None:
    present = {
        str(e["code"]).strip(): str(e["name"]).strip()
        for e in data["codes"]
        if str(e["code"]).strip() != "9999"
    }
    stored = dict(Municipality.objects.filter(number__in=present).values_list("number", "name"))
    assert stored == present
    assert set(Municipality.objects.current().values_list("number", flat=True)) <= set(present)


pytestmark = pytest.mark.django_db


@FUZZ
@given(raw=st.binary(max_size=200))
def test_random_bytes(registry: None, raw: bytes) -> None:
    _sync(raw)


@FUZZ
@given(data=json_value)
def test_random_json(registry: None, data: Any) -> None:
    _sync(json.dumps(data).encode())


@FUZZ
@given(extra=st.lists(entry, min_size=1, max_size=4), position=st.integers(0, 356))
def test_real_file_with_malformed_entries(registry: None, extra: list[Any], position: int) -> None:
    entries = list(SNAPSHOT["codes"])
    entries[position:position] = extra
    _sync(json.dumps({"codes": entries}).encode())


@FUZZ
@given(changes=st.lists(change, max_size=4), cut=st.integers(1, 2000))
def test_malformed_changes_and_truncated_files(
    registry: None, changes: list[Any], cut: int
) -> None:
    codes_raw = json.dumps(SNAPSHOT).encode()
    _sync(codes_raw, json.dumps({"codeChanges": changes}).encode())
    _sync(codes_raw[:-cut])  # a download cut short
