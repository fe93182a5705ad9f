"""Load test: locust (headless) against gunicorn with PostgreSQL, all on 127.0.0.1.

    python -m loadtest [--users 50] [--seconds 60] [--workers 3] [--no-redis]

A private PostgreSQL cluster (tests/stack.py) gets the registry and demo data, unless
LOADTEST_DATABASE_URL points at a prepared database. The workers share a private Redis as their
cache (CACHE_URL), as in production (docs/deployment.md); `--no-redis` gives each worker its own
memory cache instead. Prints throughput and p50/p95/p99 per page; exits 1 on any error
response. Besides the anonymous visitors, signed-in people work (loadtest/signed_in.py):
coordinators edit goals and measures and register people for a gathering, advisers read their
network and comment annual reports, one national coordinator imports a file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "src")]

from tests.stack import (  # noqa: E402
    demo_site_database,
    gunicorn,
    redis_server,
    stop,
    task_worker,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", 50)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOADTEST_SECONDS", 60)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument(
        "--no-redis", action="store_true", help="each worker its own memory cache, no Redis"
    )
    options = parser.parse_args()

    with (
        contextlib.ExitStack() as stack,
        demo_site_database("LOADTEST_DATABASE_URL", "kn_load") as env,
        tempfile.TemporaryDirectory(prefix="kn-load-") as folder,
    ):
        cache = "memory cache per worker"
        if not options.no_redis:
            env["CACHE_URL"] = stack.enter_context(redis_server()).url()
            cache = "Redis cache"
        from loadtest.paths import load_paths
        from loadtest.signed_in import signed_in_plan

        paths_file = Path(folder) / "paths.json"
        plan = {
            "public": [asdict(p) for p in load_paths()],
            "signed_in": signed_in_plan(min(options.users, 50)),
        }
        paths_file.write_text(json.dumps(plan), encoding="utf-8")
        prefix = Path(folder) / "stats"
        # A task worker runs the national coordinator's imports, as in production.
        worker = task_worker(env, Path(folder) / "worker.log")
        with contextlib.ExitStack() as running:
            running.callback(stop, worker)
            base = running.enter_context(gunicorn(env, workers=options.workers))
            print(
                f"locust: {options.users} users for {options.seconds} s against {base} "
                f"(gunicorn, {options.workers} sync workers, PostgreSQL, {cache}) …",
                flush=True,
            )
            locust = subprocess.run(  # noqa: S603 - our own locust, on 127.0.0.1
                [
                    str(Path(sys.executable).parent / "locust"),
                    "-f",
                    str(Path(__file__).parent / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(options.users),
                    "--spawn-rate",
                    str(max(1, options.users // 5)),
                    "--run-time",
                    f"{options.seconds}s",
                    "--host",
                    base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={**env, "LOADTEST_PATHS_FILE": str(paths_file)},
                check=False,
                capture_output=True,
                text=True,
            )
        if not Path(f"{prefix}_stats.csv").exists():
            print(locust.stdout + locust.stderr)
            return 1
        return _report(prefix, options.users, options.seconds, options.workers)


def _report(prefix: Path, users: int, seconds: int, workers: int) -> int:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print()
    print(f"{'side':<42} {'antall':>7} {'feil':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    failures = 0
    for row in rows:
        label = row["Name"] if row["Name"] != "Aggregated" else "TOTALT"
        failures += int(row["Failure Count"]) if label != "TOTALT" else 0
        print(
            f"{label[:42]:<42} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    print(
        f"\n{users} users, {seconds} s, gunicorn with {workers} sync workers and PostgreSQL on "
        "127.0.0.1; times in ms."
    )
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            print(f"FEIL: {row['Occurrences']} × {row['Name']}: {row['Error']}")
    if failures or not rows:
        print("The load test failed: error responses (see above).")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
