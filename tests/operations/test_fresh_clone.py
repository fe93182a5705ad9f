"""A fresh clone needs nothing but README's "What you need" (issue 22).

The repository at HEAD (commit first: uncommitted changes are not in the clone) is cloned into a
temporary folder: no `.venv`, no `node_modules`, no `var/`, none of the caller's virtualenv or
database settings, and every SMTP attempt refused (EMAIL_HOST and EMAIL_PORT point at a closed
port). There `make run` must install everything and serve the demo, printing a short start and no
email, and `make bench BENCH_SMALL=1` and `make loadtest USERS=5 SECONDS=5` must run to a clean
exit. It needs PyPI and npm (uv's and npm's caches make it quicker) and takes minutes: it runs
once per CI run, in `make test` on SQLite (marker `operations`, excluded from `make test-fast`),
in an xdist group of its own (conftest.py) so it runs beside the rest of the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stack import BASE_DIR, HOST, free_port

# What a newcomer's shell would not have: our virtualenv, make's own state when the suite runs
# under `make test`, and settings that would point the clone at our databases or mail.
_NOT_FRESH = (
    "VIRTUAL_ENV",
    "UV_",
    "PYTHON",
    "MAKE",
    "MFLAGS",
    "DATABASE_URL",
    "BENCH_",
    "LOADTEST_",
    "DJANGO_",
    "PYTEST",
    "EMAIL_",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "STATIC_ROOT",
    "MEDIA_ROOT",
)


def _fresh_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_FRESH)}
    env["PATH"] = os.pathsep.join(
        entry
        for entry in os.environ.get("PATH", "").split(os.pathsep)
        if entry and not Path(entry, "activate").exists()  # no virtualenv's bin folder
    )
    # Nothing listens there: any attempt to send email over SMTP fails loudly.
    env["EMAIL_HOST"] = HOST
    env["EMAIL_PORT"] = str(free_port())
    return env


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = tmp_path_factory.mktemp("fresh-clone") / "kommunenettverk"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-checkout", str(BASE_DIR), str(folder)], check=True
    )
    subprocess.run(["git", "checkout", "--quiet", head], cwd=folder, check=True)
    for missing in (".venv", ".tools", "node_modules", "static_build", "var"):
        assert not (folder / missing).exists(), missing
    yield folder
    shutil.rmtree(folder, ignore_errors=True)  # about 1 GB; make-run.log stays beside it


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_make_run_installs_everything_and_serves_the_demo(clone: Path) -> None:
    port = free_port()
    log_path = clone.parent / "make-run.log"
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=_fresh_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: runserver and its reloader child
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = started + 25 * 60
        while _status(base + "/helse/") != 200:
            assert process.poll() is None, "make run stopped:\n" + _tail(log_path.read_text())
            assert time.monotonic() < deadline, "no answer:\n" + _tail(log_path.read_text())
            time.sleep(2)
        assert _status(base + "/") == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    print(f"make run answered after {time.monotonic() - started:.0f} s")
    output = log_path.read_text(encoding="utf-8")
    assert (clone / ".venv" / "bin" / "python").exists()
    assert (clone / "static_build" / "vendor" / "htmx.min.js").exists()
    assert (clone / "var" / "kommunenettverk.sqlite3").exists()
    # A short, readable start: progress lines, the demo users and the address; no email.
    assert "Installing the Python packages" in output
    assert "Demoscenariet er lastet. Demobrukere:" in output
    assert "koordinator.bodo@demo.kommunenettverk.no" in output
    assert f"http://{HOST}:{port}/" in output
    for mail_part in ("Content-Type:", "MIME-Version", "BEGIN:VCALENDAR", "Subject:"):
        assert mail_part not in output, _tail(output)
    assert len(output.splitlines()) < 60, output


def _make(clone: Path, *args: str, timeout: float) -> str:
    started = time.monotonic()
    result = subprocess.run(
        ["make", *args],
        cwd=clone,
        env=_fresh_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"make {' '.join(args)} failed:\n" + _tail(output)
    print(f"make {' '.join(args)}: {time.monotonic() - started:.0f} s")
    return output


def test_make_bench_runs_small_without_a_mail_server(clone: Path) -> None:
    output = _make(clone, "bench", "BENCH_SMALL=1", timeout=25 * 60)
    assert "Minimal side (/helse/)" in output  # python -m bench's table
    assert "Nasjonale indikasjoner" in output
    assert "Raw limit (executemany into a bare table" in output  # scripts/bench_indicators.py
    assert "CSV import, preview + import:" in output
    assert "5 indicators" in output
    assert "idea bank search on sqlite: 200 examples" in output  # bench/ideabank_search.py


def test_make_loadtest_runs_a_few_seconds(clone: Path) -> None:
    output = _make(clone, "loadtest", "USERS=5", "SECONDS=5", timeout=20 * 60)
    assert "locust: 5 users for 5 s" in output
    assert "TOTALT" in output
