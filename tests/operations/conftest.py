"""Operations tests: a private PostgreSQL cluster and gunicorn, stopped and killed on purpose;
backups restored.

They never touch the machine's shared PostgreSQL server: the cluster is made with initdb in a
temporary folder on its own port (tests/stack.py).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stack import Postgres, postgres_cluster, prepare_database, site_env, static_root

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.operations)
            # One xdist worker runs them all, so one private cluster serves them; the fresh clone
            # needs no cluster and takes minutes, so it runs beside them.
            fresh = Path(str(item.fspath)).name == "test_fresh_clone.py"
            item.add_marker(pytest.mark.xdist_group("fresh_clone" if fresh else "operations"))


@pytest.fixture(scope="session")
def cluster() -> Iterator[Postgres]:
    with postgres_cluster() as running:
        yield running


@pytest.fixture(scope="session")
def static(cluster: Postgres) -> Path:
    return static_root(site_env(cluster.url("postgres"), Path("unused")))


@pytest.fixture(scope="session")
def site_template(cluster: Postgres) -> str:
    """A migrated database with the registry; tests copy it (CREATE DATABASE … TEMPLATE)."""
    prepare_database(site_env(cluster.createdb("kn_template"), Path("unused")))
    return "kn_template"


@pytest.fixture(scope="session")
def sqlite_template() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kn-sqlite-"))
    path = folder / "template.sqlite3"
    prepare_database(site_env(f"sqlite:///{path}", folder / "static"))
    yield path
    shutil.rmtree(folder, ignore_errors=True)
