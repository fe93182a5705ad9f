from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kommunenettverk.registry.models import CodeChange
from kommunenettverk.registry.services import DATA_DIR

SAMPLE_CHANGES = Path(__file__).parent / "data" / "klass_131_changes_2020_sample.json"

pytestmark = pytest.mark.django_db


def test_sync_registry_from_saved_files() -> None:
    out = io.StringIO()
    call_command(
        "sync_registry",
        "--codes-file",
        str(DATA_DIR / "klass_131_codesAt_2026-01-01.json"),
        "--changes-file",
        str(SAMPLE_CHANGES),
        "--date",
        "2026-01-01",
        stdout=out,
    )
    assert "7 nye nummerendringer" in out.getvalue()
    assert CodeChange.objects.filter(new_code="4626").count() == 3


def test_sync_registry_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Kan ikke lese"):
        call_command("sync_registry", "--codes-file", str(tmp_path / "nope.json"))


def test_sync_registry_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="er ikke en dato"):
        call_command("sync_registry", "--date", "24.11.2026", "--codes-file", "x")


def test_sync_registry_refuses_malformed_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"codes": [{"code": "18O4", "name": "Bodø"}]}', encoding="utf-8")
    before = CodeChange.objects.count()
    with pytest.raises(CommandError, match="«18O4» er ikke et firesifret kommunenummer"):
        call_command("sync_registry", "--codes-file", str(bad))
    assert CodeChange.objects.count() == before


def test_load_registry_command_reports() -> None:
    out = io.StringIO()
    call_command("load_registry", stdout=out)
    assert "Kommuneregisteret er lastet" in out.getvalue()
