"""The production stack on this machine, for fault tests, `make loadtest` and `make bench`.

A throwaway PostgreSQL cluster (initdb in a temporary folder, its own port, fsync off) that a
test may stop and start without disturbing anybody else's server, and gunicorn serving the site
against it with production settings (DEBUG off). Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found: "
        "install them with `apt-get install postgresql`."
    )


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root; CI and this machine run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class Postgres:
    """A private PostgreSQL cluster; `stop()` and `start()` simulate an outage."""

    root: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(pg_bin() / args[0]), *args[1:]]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses={HOST} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def createdb(self, name: str, *, template: str = "template1") -> str:
        self._run(
            "psql", "-h", HOST, "-p", str(self.port), "-U", "postgres", "-d", "postgres",
            "-c", f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
        )  # fmt: skip
        return self.url(name)


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Postgres]:
    root = Path(tempfile.mkdtemp(prefix="kn-pg-"))
    os.chmod(root, 0o755)  # noqa: S103 - the postgres user must reach its data folder
    cluster = Postgres(root)
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def redis_bin() -> Path:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found is None:
        raise RuntimeError(
            "redis-server was not found: install it with `apt-get install redis-server` "
            "(the tests start a private one; they never use a shared Redis)."
        )
    return Path(found)


@dataclass
class Redis:
    """A private redis-server on its own port, no persistence; `url()` for CACHE_URL."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self) -> None:
        args = [
            str(redis_bin()), "--bind", HOST, "--port", str(self.port), "--save", "",
            "--appendonly", "no", "--dir", str(self.root), "--loglevel", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@contextlib.contextmanager
def redis_server() -> Iterator[Redis]:
    """A private Redis for one test session: tests never depend on or pollute a shared one."""
    root = Path(tempfile.mkdtemp(prefix="kn-redis-"))
    server = Redis(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def site_env(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """Production settings for a site on this machine (plain HTTP on 127.0.0.1)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    keep.pop("DEBUG", None)
    return {
        **keep,
        "DEBUG": "false",
        "SECRET_KEY": "stack-test-secret-key-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # A site on this machine never needs a mail server: the demo only queues its email in
        # the outbox, and a task worker started here delivers into memory.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Its workers run what the test queued, not the daily and weekly tasks (core.schedule).
        "TASK_SCHEDULE_ENABLED": "false",
        **extra,
    }


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


_SETUP = """
import sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "--noinput", verbosity=0)
if "registry" in sys.argv:
    call_command("load_registry", verbosity=0)
if "demo" in sys.argv:
    call_command("load_demo", verbosity=0)
"""


def prepare_database(env: dict[str, str], *, registry: bool = True, demo: bool = False) -> None:
    """Create the tables, load the registry (and demo data): one process, for speed."""
    args = [a for a, wanted in (("registry", registry), ("demo", demo)) if wanted]
    result = subprocess.run(
        [sys.executable, "-c", _SETUP, *args],
        cwd=BASE_DIR,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "kommunenettverk.config.settings",
            "PYTHONPATH": str(BASE_DIR / "src"),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Preparing the database failed:\n{result.stderr}")


def _static_sources_key() -> str:
    digest = hashlib.sha256()
    folders = [
        BASE_DIR / "static_build",
        *sorted((BASE_DIR / "src").glob("kommunenettverk/*/static")),
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def static_root(env: dict[str, str]) -> Path:
    """Static files built as in production (hashed, compressed), cached in var/ between runs."""
    root = BASE_DIR / "var" / "stack-static" / _static_sources_key()
    if not (root / "staticfiles.json").exists():
        building = root.with_name(root.name + f".{os.getpid()}")
        manage({**env, "STATIC_ROOT": str(building)}, "collectstatic", "--noinput")
        with contextlib.suppress(OSError):  # another process may have built it meanwhile
            building.rename(root)
        shutil.rmtree(building, ignore_errors=True)
    return root


def wait_for(url: str, *, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - 127.0.0.1 only
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, port: int = 0) -> Iterator[str]:
    """Serve the site with gunicorn sync workers on 127.0.0.1; yields the base URL."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kommunenettverk.config.wsgi",
            "--chdir",
            "src",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    base = f"http://{HOST}:{port}"
    try:
        # Booting imports the whole site (altair, polars …): on a busy shared machine that
        # has taken close to a minute.
        wait_for(base + "/helse/", timeout=180)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def web_nodes(env: dict[str, str], *, count: int = 2, workers: int = 2) -> Iterator[list[str]]:
    """`count` gunicorn "machines" serving the same site (one database, one cache): each its own
    port and worker processes, sharing nothing but what `env` points at. Yields their URLs."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(gunicorn(env, workers=workers)) for _ in range(count)]


def task_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    """One `manage.py worker` process (django-tasks-db's worker with stale-job recovery) on the
    site's database queue, its output appended to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", *args],
            cwd=BASE_DIR,
            env={**env, "TASKS_BACKEND": "database"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a worker finishes its task and stops), SIGKILL after 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def task_workers(env: dict[str, str], log: Path, *, count: int = 2) -> Iterator[list[str]]:
    """`count` task workers on one database queue, as on `count` worker machines."""
    processes = [task_worker(env, log) for _ in range(count)]
    try:
        yield [str(p.pid) for p in processes]
    finally:
        for process in processes:
            stop(process)


@contextlib.contextmanager
def demo_site_database(url_variable: str, name: str) -> Iterator[dict[str, str]]:
    """For `make bench` and `make loadtest`: a database (the one in `url_variable`, or a new one
    on a private PostgreSQL) with the registry and the demo scenario, and Django set up in this
    process against it. Yields the site's environment."""
    with contextlib.ExitStack() as stack:
        url = os.environ.get(url_variable) or stack.enter_context(postgres_cluster()).createdb(name)
        # The demo queues gathering invitations in the outbox; should a worker send them, no
        # mail server runs here (DEBUG off → SMTP), so they go to memory.
        env = site_env(
            url, Path("unused"), EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        )
        env["STATIC_ROOT"] = str(static_root(env))
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "kommunenettverk.config.settings"
        import django

        django.setup()
        from django.core.management import call_command

        print("Preparing the database (registry and demo data) …", flush=True)
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_registry", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", verbosity=0, stdout=quiet)
        yield env
