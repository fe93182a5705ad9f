"""Results kept in the shared cache until the tables they were read from change.

`versioned(key, compute)` returns `compute()`'s result, kept in the cache under `key` together
with the tables its SQL read and each table's *version*. Every write that goes through Django's
database connection (INSERT, UPDATE, DELETE, in every process: web workers, task workers,
commands) gives each table it writes a new random version once it is committed; a result read
from a table that has since changed is computed again. So it is never stale, and it stays
valid for as long as nothing it depends on is written (no timeout decides that).

Two holes are closed explicitly: bulk COPY into a table (the indicator imports) bypasses the
connection's statements, and those imports call `core.cache.public_pages_changed()`, whose
version is part of every check here; and writes made outside Django (psql) are not seen, so
`MAX_AGE` bounds how long a result can outlive them.

Only with a cache that every process shares (`CACHE_URL=redis://…`, as in production,
docs/deployment.md) is it used: with the per-process memory cache one worker would not see
another's writes, so `compute()` simply runs every time (setting `DATA_VERSION_CACHE`).
Within a transaction that has written, too: what it read may still be rolled back.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from redis.exceptions import RedisError

from kommunenettverk.core.cache import _VERSION_KEY as _EPOCH_KEY  # bulk imports change it

T = TypeVar("T")
logger = logging.getLogger(__name__)

MAX_AGE = 3600  # seconds: the longest a kept result can outlive a write made outside Django
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"([^"]+)"', re.IGNORECASE)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)
_PREFIX = "table-version:"
# Tables whose writes never change a kept result (written on nearly every request).
IGNORED = frozenset(
    {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
)
_ATTR = "_kommunenettverk_reading"


def enabled() -> bool:
    return bool(getattr(settings, "DATA_VERSION_CACHE", False))


def _new_version() -> str:
    return secrets.token_hex(8)


def tables_changed(tables: Iterable[str]) -> None:
    """Give `tables` new versions now (called after the commit that wrote them)."""
    keys = {f"{_PREFIX}{table}": _new_version() for table in tables}
    if not keys or not enabled():
        return
    try:
        cache.set_many(keys, None)
    except RedisError:
        logger.warning("Cache unreachable: could not record changed tables %s", sorted(keys))


def _watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Execute wrapper on every connection: note the tables a statement writes or reads."""
    reading: set[str] | None = getattr(context["connection"], _ATTR, None)
    if reading is not None:
        reading.update(_READ.findall(sql))
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if enabled() else None
    if match and match.group(1) not in IGNORED:
        wrapper: BaseDatabaseWrapper = context["connection"]
        table = match.group(1)
        if wrapper.in_atomic_block:
            wrapper.on_commit(lambda: tables_changed([table]))
        else:
            tables_changed([table])
    return result


def _install(sender: Any, connection: BaseDatabaseWrapper, **_kwargs: Any) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch every database connection (called from CoreConfig.ready)."""
    connection_created.connect(_install, dispatch_uid="core.dataversion")
    for wrapper in connections.all(initialized_only=True):
        _install(None, wrapper)


def _versions(tables: Iterable[str]) -> dict[str, str]:
    """The current version of each table (a missing one gets a new version, so a result kept
    before it was lost never counts as current)."""
    keys = [f"{_PREFIX}{table}" for table in tables] + [_EPOCH_KEY]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_version(), None)
            found[key] = cache.get(key)
    return found


def _pending_writes() -> bool:
    return connection.in_atomic_block and bool(connection.run_on_commit)


def versioned(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its result kept under `key` while no table it read has changed."""
    if not enabled() or _pending_writes():
        return compute()
    try:
        kept = cache.get(key)
        tables: list[str] = kept["tables"] if kept else []
        current = _versions(tables)
    except RedisError:
        logger.warning("Cache unreachable: computing %s", key)
        return compute()
    outer: set[str] | None = getattr(connection, _ATTR, None)  # an enclosing versioned()
    if kept and kept["versions"] == current:
        if outer is not None:
            outer.update(tables)  # what the kept result depends on, the enclosing one too
        return kept["value"]  # type: ignore[no-any-return]  # what compute() returned
    reading: set[str] = set()
    setattr(connection, _ATTR, reading)
    try:
        value = compute()
    finally:
        setattr(connection, _ATTR, outer)
        if outer is not None:
            outer.update(reading)
    if _pending_writes():
        return value
    read = sorted(reading - IGNORED)
    # Versions taken *before* computing: a write committed meanwhile makes the next visit
    # compute again. A table read for the first time has no such version yet: it is kept
    # with one that never matches, and the next visit keeps it properly.
    versions = {f"{_PREFIX}{t}": current.get(f"{_PREFIX}{t}", "") for t in read}
    versions[_EPOCH_KEY] = current[_EPOCH_KEY]
    try:
        cache.set(key, {"tables": read, "versions": versions, "value": value}, MAX_AGE)
    except RedisError:
        logger.warning("Cache unreachable: could not keep %s", key)
    return value
