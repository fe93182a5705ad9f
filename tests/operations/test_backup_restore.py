"""Backups restore into an empty database with every record of every table (docs/operations.md).

The commands are the documented ones: `pg_dump -Fc` / `pg_restore` for PostgreSQL and SQLite's
online backup (the `sqlite3` module's `backup()`, what `sqlite3 FILE ".backup COPY"` does).
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import psycopg

from tests.stack import Postgres, manage, pg_bin, site_env

Tables = dict[str, list[str]]

ADD_RECORDS = """
from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.services import role_assign, user_get_or_create
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.services import municipality_update_profile
municipality_update_profile(
    municipality=Municipality.objects.get(number="1804"),
    website="https://bodo.kommune.no/",
    description="Med æøå, «anførsel» og linjeskift\\nsist i teksten.",
)
user, _ = user_get_or_create(email="kari@example.org", full_name="Kari Nordmann")
bodo = Municipality.objects.get(number="1804")
role_assign(user=user, role=Role.MUNICIPAL_COORDINATOR, scope=bodo)
"""


def _rows(cursor: Any, tables: list[str]) -> Tables:
    result: Tables = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
        result[table] = sorted(repr(row) for row in cursor.fetchall())
    return result


def _sqlite_tables(path: Path) -> Tables:
    with sqlite3.connect(path) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return _rows(db.cursor(), names)


def _postgres_tables(url: str) -> Tables:
    with psycopg.connect(url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        return _rows(cursor, [row[0] for row in cursor.fetchall()])


def _assert_every_record(original: Tables, restored: Tables) -> None:
    assert set(restored) == set(original)
    assert original["registry_municipality"], "the source database should not be empty"
    assert original["accounts_user"]
    for table, rows in original.items():
        assert restored[table] == rows, f"{table}: {len(restored[table])} of {len(rows)} rows"


def test_sqlite_backup_restores_every_record(sqlite_template: Path, tmp_path: Path) -> None:
    live = tmp_path / "kommunenettverk.sqlite3"
    with sqlite3.connect(sqlite_template) as source, sqlite3.connect(live) as target:
        source.backup(target)
    env = site_env(f"sqlite:///{live}", tmp_path / "static")
    manage(env, "shell", "-c", ADD_RECORDS)
    original = _sqlite_tables(live)

    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(live) as source, sqlite3.connect(backup) as target:
        source.backup(target)  # online: the site may keep running
    restored = tmp_path / "restored.sqlite3"
    with sqlite3.connect(backup) as source, sqlite3.connect(restored) as target:
        source.backup(target)
    _assert_every_record(original, _sqlite_tables(restored))
    assert manage(site_env(f"sqlite:///{restored}", tmp_path / "static"), "check") != ""


def test_postgresql_dump_restores_every_record(
    cluster: Postgres, site_template: str, tmp_path: Path
) -> None:
    url = cluster.createdb("kn_backup", template=site_template)
    manage(site_env(url, tmp_path / "static"), "shell", "-c", ADD_RECORDS)
    original = _postgres_tables(url)

    dump = tmp_path / "kommunenettverk.dump"
    subprocess.run(
        [str(pg_bin() / "pg_dump"), "-Fc", "-f", str(dump), "--dbname", url],
        check=True,
        timeout=120,
    )
    empty = cluster.createdb("kn_restored", template="template0")
    assert _postgres_tables(empty) == {}
    subprocess.run(
        [str(pg_bin() / "pg_restore"), "--no-owner", "--exit-on-error", "-d", empty, str(dump)],
        check=True,
        timeout=120,
    )
    _assert_every_record(original, _postgres_tables(empty))
    # The restored database serves the site: the migrations see nothing left to do.
    out = manage(site_env(empty, tmp_path / "static"), "migrate", "--check", "--noinput")
    assert "error" not in out.lower()
