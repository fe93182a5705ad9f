"""`manage.py sync_registry` killed (SIGKILL) halfway through its transaction leaves no trace."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg

from kommunenettverk.registry.services import DATA_DIR
from tests.stack import BASE_DIR, Postgres, site_env

# Runs the real command in a child process; a post_save hook (test code, not the product's)
# pauses it after 100 saved municipalities, inside the open transaction, so the kill lands
# mid-import every time.
CHILD = """
import sys, time
import django
django.setup()
from django.core.management import call_command
from django.db.models.signals import post_save
from kommunenettverk.registry.models import Municipality
saved = 0
def pause(**kwargs):
    global saved
    saved += 1
    if saved == 100:
        print("MIDWAY", flush=True)
        time.sleep(120)
post_save.connect(pause, sender=Municipality)
call_command("sync_registry", "--codes-file", sys.argv[1], "--date", "2027-01-01")
"""

QUERIES = {
    "municipalities": "SELECT number, name, valid_to FROM registry_municipality ORDER BY number",
    "history": "SELECT count(*) FROM registry_historicalmunicipality",
}


def _codes_file(folder: Path) -> Path:
    """Every municipality renamed, plus 50 new ones: far more than 100 saves."""
    snapshot = json.loads((DATA_DIR / "klass_131_codesAt_2026-01-01.json").read_bytes())
    codes = [{**entry, "name": entry["name"] + " (avbrutt)"} for entry in snapshot["codes"]]
    codes += [{"code": f"18{n:02d}", "name": f"Ny kommune {n}"} for n in range(90, 100)]
    path = folder / "codes.json"
    path.write_text(json.dumps({"codes": codes}), encoding="utf-8")
    return path


def _kill_midway(database_url: str, codes: Path, static: Path) -> None:
    env = {
        **site_env(database_url, static),
        "DJANGO_SETTINGS_MODULE": "kommunenettverk.config.settings",
    }
    env["PYTHONPATH"] = str(BASE_DIR / "src")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(codes)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "MIDWAY", child.stderr.read() if child.stderr else line
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def _state_sqlite(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return {name: db.execute(sql).fetchall() for name, sql in QUERIES.items()}


def _state_postgres(url: str) -> dict[str, list[tuple[object, ...]]]:
    with psycopg.connect(url) as db:
        return {name: db.execute(sql).fetchall() for name, sql in QUERIES.items()}


def _assert_untouched(
    before: dict[str, list[tuple[object, ...]]], after: dict[str, list[tuple[object, ...]]]
) -> None:
    assert len(after["municipalities"]) == 357
    assert after == before
    assert not any("(avbrutt)" in str(row[1]) for row in after["municipalities"])


def test_killed_import_leaves_sqlite_as_it_was(sqlite_template: Path, tmp_path: Path) -> None:
    database = tmp_path / "killed.sqlite3"
    with sqlite3.connect(sqlite_template) as source, sqlite3.connect(database) as target:
        source.backup(target)
    before = _state_sqlite(database)
    _kill_midway(f"sqlite:///{database}", _codes_file(tmp_path), tmp_path)
    _assert_untouched(before, _state_sqlite(database))


def test_killed_import_leaves_postgresql_as_it_was(
    cluster: Postgres, site_template: str, tmp_path: Path
) -> None:
    url = cluster.createdb("kn_killed", template=site_template)
    before = _state_postgres(url)
    _kill_midway(url, _codes_file(tmp_path), tmp_path)
    _assert_untouched(before, _state_postgres(url))
    # The killed session's locks are gone: a normal import runs at once.
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("SET lock_timeout = '5s'")
        db.execute("UPDATE registry_municipality SET description = 'x' WHERE number = '1804'")
