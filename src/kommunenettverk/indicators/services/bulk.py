"""Bulk reads and writes in SQL for the imports and the stored analytics: COPY (and a staging
table to merge from) on PostgreSQL, the sqlite3 connection's own executemany of multi-row
statements on SQLite, and whole result sets joined into one
text (or one bytea) on the server and parsed by polars or numpy at once. Never the ORM row by
row (docs/performance.md)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
from django.db import connection

from kommunenettverk.indicators.models import IndicatorValue

VALUE_TABLE = IndicatorValue._meta.db_table
_COLUMNS = "indicator_id, area_kind, area_code, period, year_from, year, value, status"
# Only rows whose content changed are rewritten: a re-import mostly repeats earlier years.
_CHANGED = (
    "(t.year_from, t.year, t.value, t.status) IS DISTINCT FROM "
    "(excluded.year_from, excluded.year, excluded.value, excluded.status)"
)
_UPSERT = (
    "ON CONFLICT (indicator_id, area_kind, area_code, period) DO UPDATE SET "
    "year_from = excluded.year_from, year = excluded.year, value = excluded.value, "
    f"status = excluded.status WHERE {_CHANGED}"
)
# SQLite binds at most 32,766 parameters per statement; 1,000 rows of 8 stay well below and
# spread each statement's fixed cost (the AUTOINCREMENT bookkeeping, the upsert's set-up)
# over 1,000 rows: 2–2.5 times faster than one statement per row (docs/performance.md).
SQLITE_ROWS_PER_STATEMENT = 1_000


def _count_values(cursor: Any, ids: list[int]) -> int:
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f"SELECT COUNT(*) FROM {VALUE_TABLE} WHERE indicator_id IN ({marks})",  # noqa: S608 - constants
        ids,
    )
    return int(cursor.fetchone()[0])


def value_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The validated frame as the value table's columns (_COLUMNS), in the order of its
    unique key: index pages are then filled one after the other."""
    return frame.select(
        pl.col("iid").alias("indicator_id"),
        "area_kind",
        "area_code",
        "period",
        "year_from",
        "year",
        pl.col("number").alias("value"),
        "status",
    ).sort(["indicator_id", "area_kind", "area_code", "period"])


_KEY = ["indicator_id", "area_kind", "area_code", "period"]
_EXISTING_SCHEMA = {
    "indicator_id": pl.Int64,
    "area_kind": pl.String,
    "area_code": pl.String,
    "period": pl.String,
    "year_from": pl.Int32,
    "year": pl.Int32,
    "value": pl.Float64,
    "status": pl.String,
}


def values_existing(rows: pl.DataFrame) -> pl.DataFrame:
    """The stored values at the keys of `rows` (value_rows' columns), with the stored
    year_from, year, value and status suffixed `_old` and `existed`: one read of the touched
    indicators' values (none when they have none), joined in polars."""
    ids = rows.get_column("indicator_id").unique().to_list()
    with connection.cursor() as cursor:
        stored = _count_values(cursor, ids) if ids else 0
    if stored == 0:
        existing = pl.DataFrame(schema=_EXISTING_SCHEMA)
    else:
        marks = ", ".join(["%s"] * len(ids))
        existing = frame_read(
            f"SELECT {_COLUMNS} FROM {VALUE_TABLE} WHERE indicator_id IN ({marks})",  # noqa: S608 - constants
            ids,
            _EXISTING_SCHEMA,
        )
    existing = existing.with_columns(
        pl.col("status").fill_null(""), pl.lit(True).alias("existed")
    ).rename({c: f"{c}_old" for c in ("year_from", "year", "value", "status")})
    joined = rows.with_columns(pl.col("indicator_id").cast(pl.Int64)).join(
        existing, on=_KEY, how="left"
    )
    return joined.with_columns(pl.col("existed").fill_null(False))


def values_delete(keys: pl.DataFrame) -> None:
    """Delete the values at these keys (indicator_id, area_kind, area_code, period), in the
    caller's transaction, as batched statements."""
    if keys.height == 0:
        return
    sql = (
        f"DELETE FROM {VALUE_TABLE} WHERE indicator_id = %s AND area_kind = %s "  # noqa: S608 - constants
        "AND area_code = %s AND period = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, keys.select(_KEY).rows())


def values_upsert(frame: pl.DataFrame, progress: Callable[[float, str], object]) -> tuple[int, int]:
    """Upsert the typed rows in bulk, in the caller's transaction; returns (written, replaced).

    Stage and merge, never row by row. PostgreSQL: COPY straight into the table when none of
    these indicators has values yet; otherwise COPY into a temporary staging table, then one
    INSERT … SELECT … ON CONFLICT DO UPDATE. Ids come from one block of the table's identity
    sequence, reserved under a lock that keeps other writers of the table out until commit
    (readers are not held up), so no row calls nextval(). SQLite (no COPY): the same upsert
    through the sqlite3 connection's executemany, 1,000 rows per statement. Both rewrite only
    rows whose content changed. Replaced rows are counted as written rows minus the growth
    of the table for these indicators.
    """
    rows = value_rows(frame)
    ids = rows.get_column("indicator_id").unique().to_list()
    with connection.cursor() as cursor:
        before = _count_values(cursor, ids)
        if connection.vendor == "postgresql":
            _postgresql_upsert(cursor, rows, fresh=before == 0, progress=progress)
        else:
            connection.connection.execute("PRAGMA cache_size = -131072")  # 128 MiB for the index
            sqlite_insert_many(VALUE_TABLE, rows, suffix=_UPSERT)
        if before == 0:  # a first load replaces nothing: no second count
            return rows.height, 0
        after = _count_values(cursor, ids)
    return rows.height, rows.height - (after - before)


def _csv(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, null_value="", quote_style="non_numeric")
    return buffer.getvalue()


def _postgresql_upsert(
    cursor: Any, rows: pl.DataFrame, *, fresh: bool, progress: Callable[[float, str], object]
) -> None:
    # SHARE ROW EXCLUSIVE: no other session inserts (and so draws ids) until we commit;
    # concurrent imports queue here instead of deadlocking on each other's rows.
    cursor.execute(f"LOCK TABLE {VALUE_TABLE} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [VALUE_TABLE])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = int(cursor.fetchone()[0])
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + rows.height - 1])
    data = _csv(rows.select(pl.int_range(first, first + rows.height).alias("id"), pl.all()))
    columns = f"id, {_COLUMNS}"
    if fresh:  # nothing to replace (the usual first load): COPY straight into the table
        with cursor.cursor.copy(f"COPY {VALUE_TABLE} ({columns}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(data)
        return
    staging = "indicator_value_staging"
    cursor.execute(
        f"CREATE TEMPORARY TABLE {staging} (id bigint, indicator_id bigint, area_kind varchar(1), "
        "area_code varchar(4), period varchar(9), year_from smallint, year smallint, "
        "value double precision, status varchar(2)) ON COMMIT DROP"
    )
    with cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(data)
    progress(0.75, "Lagrer verdiene …")
    cursor.execute(
        f"INSERT INTO {VALUE_TABLE} AS t ({columns}) SELECT {columns} FROM {staging} {_UPSERT}"  # noqa: S608 - constants
    )
    cursor.execute(f"DROP TABLE {staging}")


def sqlite_insert_many(table: str, frame: pl.DataFrame, *, suffix: str = "") -> None:
    """INSERT the frame's rows (columns named as the table's) through the sqlite3 connection's
    own executemany (no per-row query rewriting by Django), SQLITE_ROWS_PER_STATEMENT rows per
    statement; `suffix` is appended to each statement (an ON CONFLICT clause)."""
    width, height = frame.width, frame.height
    if height == 0:
        return
    cells = np.empty((height, width), dtype=object)
    for index, name in enumerate(frame.columns):
        cells[:, index] = frame.get_column(name).to_list()
    row = "(" + ", ".join(["?"] * width) + ")"
    head = f"INSERT INTO {table} AS t ({', '.join(frame.columns)}) VALUES "  # noqa: S608 - constants
    per = SQLITE_ROWS_PER_STATEMENT
    full = height - height % per
    raw = connection.connection
    if full:
        raw.executemany(
            head + ", ".join([row] * per) + f" {suffix}",
            cells[:full].reshape(-1, per * width).tolist(),
        )
    if full < height:
        raw.execute(
            head + ", ".join([row] * (height - full)) + f" {suffix}", cells[full:].ravel().tolist()
        )


def frame_insert(table: str, columns: list[str], frame: pl.DataFrame) -> None:
    """COPY (PostgreSQL) or multi-row executemany (SQLite) a frame whose columns are
    `columns`."""
    frame = frame.select(columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(_csv(frame))
    else:
        connection.ensure_connection()
        sqlite_insert_many(table, frame)


def frame_read(sql: str, params: list[Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Run a read query into a polars frame.

    PostgreSQL: the server joins the rows into one CSV text (string_agg), which polars parses
    at once — a million rows through psycopg's COPY or fetchall cost seconds of Python per
    row.
    """
    if connection.vendor == "postgresql":
        columns = ", ".join(f"coalesce(q.{name}::text, '')" for name in schema)
        wrapped = f"SELECT string_agg(concat_ws(',', {columns}), E'\\n') FROM ({sql}) q"  # noqa: S608 - constants
        with connection.cursor() as cursor:
            cursor.execute(wrapped, params)
            text = cursor.fetchone()[0]
        if not text:
            return pl.DataFrame(schema=schema)
        # Bytes, not io.StringIO: polars re-reads a text stream in Python (2.1 s vs 0.4 s for
        # 1.5 M rows, measured).
        return pl.read_csv(text.encode(), has_header=False, new_columns=list(schema), schema=schema)
    # SQLite: the same idea, joined by group_concat (floats printed so they read back exactly,
    # NULL as an empty field); twice as fast as fetchall plus building the frame from tuples.
    fields = ", ".join(
        f"iif(q.{name} IS NULL, '', printf('%!.17g', q.{name}))"
        if kind == pl.Float64
        else f"coalesce(q.{name}, '')"
        for name, kind in schema.items()
    )
    pattern = ",".join(["%s"] * len(schema))
    inner = sql.replace("%s", "?")
    wrapped = f"SELECT group_concat(printf('{pattern}', {fields}), char(10)) FROM ({inner}) q"  # noqa: S608 - constants
    connection.ensure_connection()
    text = connection.connection.execute(wrapped, params).fetchone()[0]
    if not text:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(text.encode(), has_header=False, new_columns=list(schema), schema=schema)


_SEND = {
    pl.Int64: ("int8send", ">i8"),
    pl.Int32: ("int4send", ">i4"),
    pl.Float64: ("float8send", ">f8"),
}


def numbers_read(sql: str, params: list[Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Like frame_read for a query of numbers only, none of them NULL. PostgreSQL: the
    server packs every row into fixed-width big-endian binary (int8send, int4send,
    float8send) joined into one bytea, which numpy reads in place — faster than formatting
    and parsing text. SQLite: as frame_read, with one printf per row."""
    if connection.vendor != "postgresql":
        # One printf per row (%d needs no NULL check): a fifth less CPU than frame_read.
        pattern = ",".join("%!.17g" if kind == pl.Float64 else "%d" for kind in schema.values())
        names = ", ".join(f"q.{name}" for name in schema)
        inner = sql.replace("%s", "?")
        wrapped = f"SELECT group_concat(printf('{pattern}', {names}), char(10)) FROM ({inner}) q"  # noqa: S608 - constants
        connection.ensure_connection()
        text = connection.connection.execute(wrapped, params).fetchone()[0]
        if not text:
            return pl.DataFrame(schema=schema)
        return pl.read_csv(text.encode(), has_header=False, new_columns=list(schema), schema=schema)
    packed = " || ".join(f"{_SEND[kind][0]}(q.{name})" for name, kind in schema.items())
    wrapped = f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) q"  # noqa: S608 - constants
    import psycopg  # PostgreSQL only

    connection.ensure_connection()
    # Django's cursors bind on the client, which cannot ask for a binary result.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(wrapped, params, binary=True)
        row = cursor.fetchone()
    data = row[0] if row else None
    if not data:
        return pl.DataFrame(schema=schema)
    records = np.frombuffer(data, dtype=[(n, _SEND[k][1]) for n, k in schema.items()])
    return pl.DataFrame(
        {name: records[name].astype(_SEND[kind][1][1:]) for name, kind in schema.items()},
        schema=schema,
    )
