"""Task workers on the production stack (a private PostgreSQL, real `manage.py worker`
processes, a real SMTP server on 127.0.0.1):

- a worker killed with SIGKILL in the middle of an import's write leaves no value behind; a
  second worker finds the job stale and imports it whole;
- with the mail server down, the password reset page answers as usual and its email waits in
  the outbox; when the server comes back, every queued message arrives exactly once, though
  two workers share the queue.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.smtp import SmtpServer
from tests.stack import BASE_DIR, Postgres, gunicorn, manage, site_env, task_workers

STALE_SECONDS = 3
YEARS = 4  # every municipality, four years

SETUP = """
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.indicators.services import import_job_confirm, import_job_create
from kommunenettverk.indicators.services.jobs import import_job_run
from kommunenettverk.registry.models import Municipality
user = User.objects.create_user("nasjonal@drift.example.org", password="x" * 20, full_name="N")
role_assign(user=user, role=Role.NATIONAL_COORDINATOR, scope=None)
make_indicator("utslipp")
numbers = Municipality.objects.values_list("number", flat=True)
lines = ["kommunenummer;år;verdi"]
lines += [f"{n};{year};{i},5" for i, n in enumerate(numbers) for year in range(2020, 2024)]
job = import_job_create(
    user=user, filename="utslipp.csv", data="\\n".join(lines).encode(),
    options={"area": "kommunenummer", "period": "år", "value": "verdi",
             "indicator_code": "utslipp"},
    start=False,
)
# As on the page: the preview first (run here, in this process), then "Importer", which
# queues the import for the workers.
import_job_run(job_id=job.pk)
job.refresh_from_db()
assert job.state == "previewed", (job.state, job.message)
import_job_confirm(job=job)
"""

# A real worker whose import pauses after it has written every value inside its open
# transaction (test code wrapping the product's bulk write), so the kill lands mid-write.
PAUSING_WORKER = """
import sys, time
import django
django.setup()
from django.core.management import call_command
from kommunenettverk.indicators.services import bulk
real = bulk.values_upsert
def paused(frame, progress):
    written = real(frame, progress)
    print("MIDWAY", flush=True)
    time.sleep(300)
    return written
bulk.values_upsert = paused
call_command("worker", "--interval", "0.2")
"""


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(sql).fetchall()


def _wait(what: str, check: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.3)


@pytest.fixture
def site(cluster: Postgres, site_template: str, static: Path) -> Iterator[dict[str, str]]:
    name = f"kn_workers_{os.getpid()}_{time.monotonic_ns()}"
    url = cluster.createdb(name, template=site_template)
    yield site_env(
        url,
        static,
        TASKS_BACKEND="database",
        TASK_STALE_SECONDS=str(STALE_SECONDS),
        TASK_SWEEP_SECONDS="1",
        EMAIL_RETRY_SECONDS="1",
    )


def test_an_import_killed_mid_write_leaves_nothing_and_a_second_worker_finishes_it(
    site: dict[str, str], tmp_path: Path
) -> None:
    url = site["DATABASE_URL"]
    manage(site, "shell", "-c", SETUP)
    assert _query(url, "SELECT state FROM indicators_importjob") == [("queued",)]
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSING_WORKER],
        cwd=BASE_DIR,
        env={
            **site,
            "DJANGO_SETTINGS_MODULE": "kommunenettverk.config.settings",
            "PYTHONPATH": str(BASE_DIR / "src"),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Never wait for ever: a worker that does not reach the write is stopped, and the
    # assertion below shows why.
    watchdog = threading.Timer(240, child.kill)
    watchdog.start()
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        watchdog.cancel()
        assert line.strip() == "MIDWAY", child.stderr.read() if child.stderr else line
        # Every value is written, but inside the worker's open transaction.
        assert _query(url, "SELECT count(*) FROM indicators_indicatorvalue") == [(0,)]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    # Nothing half written; the job still says running, for now.
    assert _query(url, "SELECT count(*) FROM indicators_indicatorvalue") == [(0,)]
    assert _query(url, "SELECT state, attempts FROM indicators_importjob") == [("running", 1)]

    log = tmp_path / "worker.log"
    with task_workers(site, log, count=1):
        _wait(
            "the second worker to finish the job",
            lambda: (
                _query(url, "SELECT state FROM indicators_importjob")[0][0] in ("done", "failed")
            ),
        )
    job = _query(url, "SELECT state, attempts, message FROM indicators_importjob")[0]
    assert job[:2] == ("done", 2), (job, log.read_text())
    rows = YEARS * int(str(_query(url, "SELECT count(*) FROM registry_municipality")[0][0]))
    assert _query(url, "SELECT count(*) FROM indicators_indicatorvalue") == [(rows,)]
    assert "Recovered stale jobs" in log.read_text()


def _password_reset(base: str, email: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/konto/glemt-passord/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "email": email})
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        base + "/konto/glemt-passord/", data=data.encode(), headers={"Referer": base + "/"}
    )
    with opener.open(request, timeout=30) as response:
        return int(response.status)


def test_mail_waits_while_the_server_is_down_and_arrives_once_when_it_is_back(
    site: dict[str, str], tmp_path: Path
) -> None:
    url = site["DATABASE_URL"]
    smtp = SmtpServer()  # not started: the mail server is down
    env = {**site, **smtp.env()}
    people = ["kari@drift.example.org", "ola@drift.example.org", "per@drift.example.org"]
    manage(
        env,
        "shell",
        "-c",
        "from kommunenettverk.accounts.models import User\n"
        + "".join(
            f"User.objects.create_user({p!r}, password='x' * 20, full_name='P')\n" for p in people
        ),
    )
    log = tmp_path / "worker.log"
    try:
        with gunicorn(env, workers=2) as base, task_workers(env, log, count=2):
            for person in people:
                assert _password_reset(base, person) == 200  # followed to the "sent" page
            assert _password_reset(base, "ukjent@drift.example.org") == 200
            _wait(
                "every message to have failed once",
                lambda: (
                    _query(
                        url,
                        "SELECT count(*) FROM notifications_message "
                        "WHERE attempts >= 1 AND last_error LIKE '%Connection%'",
                    )
                    == [(len(people),)]
                ),
            )
            assert smtp.received == []
            smtp.start()  # the server is back
            _wait(
                "every message to be sent",
                lambda: (
                    _query(url, "SELECT count(*) FROM notifications_message WHERE status = 'sent'")
                    == [(len(people),)]
                ),
            )
            time.sleep(3)  # time for any duplicate to arrive
    finally:
        smtp.stop()
    received = sorted(str(message["To"]) for message in smtp.received)
    assert received == sorted(people), log.read_text()
    bodies = [m.get_body() for m in smtp.received]
    assert all(b is not None and "/konto/nytt-passord/" in b.get_content() for b in bodies)
