"""PostgreSQL: leave half of each page of the value table free, so that a re-import's
updates stay on the row's own page (HOT updates: no new index entries for the two indexes).
A full re-import of 1.5 M values took 2.8 times longer without it (docs/performance.md).
Pages written before this migration keep their old fill until the table is rewritten
(VACUUM FULL). SQLite has no such setting."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "indicators_indicatorvalue"


def _set(schema_editor: Any, value: int) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {value})")


def forward(_apps: Any, schema_editor: Any) -> None:
    _set(schema_editor, 50)


def backward(_apps: Any, schema_editor: Any) -> None:
    _set(schema_editor, 100)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_set_measure_of_totals")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
