"""Operations tests: a private PostgreSQL cluster and gunicorn, stopped and killed on purpose;
backups restored; several web nodes on one database and one Redis.

They never touch the machine's shared PostgreSQL or Redis server: the cluster is made with
initdb in a temporary folder on its own port, and Redis is a private redis-server on a free
port without persistence (tests/stack.py).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.stack import (
    Postgres,
    Redis,
    manage,
    postgres_cluster,
    prepare_database,
    redis_server,
    site_env,
    static_root,
    task_workers,
    web_nodes,
)

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


@pytest.fixture(scope="session")
def redis() -> Iterator[Redis]:
    with redis_server() as running:
        yield running


# People the many-node tests sign in as (made by `deployment`); password for both.
COORDINATOR = "koordinator.bodo@noder.example.org"
LOCKED = "laast.ute@noder.example.org"
PASSWORD = "riktig-passord-for-noder-123"
PEOPLE = f"""
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.registry.models import Municipality
coordinator = User.objects.create_user("{COORDINATOR}", password="{PASSWORD}", full_name="K B")
role_assign(user=coordinator, role=Role.MUNICIPAL_COORDINATOR,
            scope=Municipality.objects.get(number="1804"))
User.objects.create_user("{LOCKED}", password="{PASSWORD}", full_name="L U")
"""

# What the many-node deployment is set to, so the tests can count on it.
API_LIMIT = 10
LOCKOUT_LIMIT = 3


@dataclass
class Deployment:
    """The production topology on one machine (docs/deployment.md): two web nodes on one
    PostgreSQL database and one Redis, all on 127.0.0.1."""

    env: dict[str, str]
    database_url: str
    redis: Redis
    nodes: list[str]
    # Process ids of the task workers (`manage.py worker`) on the same database; the
    # SIGKILL-import and SMTP-down checks with real workers are in test_workers.py.
    workers: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def deployment(
    cluster: Postgres, site_template: str, static: Path, redis: Redis
) -> Iterator[Deployment]:
    """Two gunicorn nodes (two workers each) sharing a fresh database and the private Redis,
    with the page cache on, a small anonymous API limit and a small lock-out limit."""
    database_url = cluster.createdb("kn_nodes", template=site_template)
    env = site_env(
        database_url,
        static,
        CACHE_URL=redis.url(),
        PUBLIC_PAGE_CACHE_SECONDS="60",
        API_RATE_ANONYMOUS=f"{API_LIMIT}/m",
        AXES_FAILURE_LIMIT=str(LOCKOUT_LIMIT),
    )
    manage(env, "shell", "-c", PEOPLE)
    log = Path(tempfile.mkdtemp(prefix="kn-workers-")) / "worker.log"
    with web_nodes(env, count=2, workers=2) as nodes, task_workers(env, log) as workers:
        yield Deployment(
            env=env, database_url=database_url, redis=redis, nodes=nodes, workers=workers
        )
    shutil.rmtree(log.parent, ignore_errors=True)
