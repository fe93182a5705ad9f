"""`manage.py worker`: run queued tasks (imports, report files, email, digests, reminders).

This is django-tasks-db's own worker (`db_worker`), run in batches so that between batches it
can look for jobs whose worker died (core.jobs.jobs_recover_stale) and queue the daily and
weekly tasks that are due (core.schedule, unless TASK_SCHEDULE_ENABLED is off): at start and
every TASK_SWEEP_SECONDS. Run as many as you like on one database: each task is claimed by exactly
one worker (row locks on PostgreSQL, an exclusive transaction on SQLite). SIGTERM or Ctrl+C
finishes the task in hand and stops; a second one stops at once (the job is then recovered).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import signals, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from kommunenettverk.core.jobs import jobs_recover_stale
from kommunenettverk.core.schedule import schedules_enqueue_due
from kommunenettverk.core.tasks import TaskResultStatus

logger = logging.getLogger("kommunenettverk.worker")


def _log_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    failed = task_result.status == TaskResultStatus.FAILED
    logger.log(
        logging.WARNING if failed else logging.INFO,
        "%s %s (%s)",
        task_result.task.name,
        "failed" if failed else "done",
        task_result.id,
    )


class Command(BaseCommand):
    help = (
        "Kjør bakgrunnsjobbene i køen (import, rapporter, e-post), "
        "og ta opp igjen jobber som stoppet."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is queued now, then stop (for cron)."
        )
        parser.add_argument(
            "--queue-name", default="default", help="Queues to run, comma-separated, or '*'."
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="Unique name of this worker (default: host, process id and a random part).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "TASKS_BACKEND is not 'database': tasks run where they are queued, "
                "so there is nothing for a worker to do."
            )
        if not logging.getLogger().handlers and not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
        logger.setLevel(logging.INFO)
        # Its own "starting"/"no more tasks" lines would repeat every batch.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        signals.task_finished.connect(_log_finished)
        worker_id = (
            options["worker_id"]
            or (f"{socket.gethostname()}-{os.getpid()}-{get_random_string(6)}")[:64]
        )
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=min(options["interval"], 0.5),
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        logger.info("Worker %s started (pid %s)", worker_id, os.getpid())
        next_sweep = 0.0
        while worker.running:
            if time.monotonic() >= next_sweep:
                self._tick()
                next_sweep = time.monotonic() + settings.TASK_SWEEP_SECONDS
            worker.run()  # every task queued now, then back here
            if options["batch"]:
                break
            time.sleep(options["interval"])
        logger.info("Worker %s stopped", worker_id)

    def _tick(self) -> None:
        recovered = {kind: n for kind, n in jobs_recover_stale().items() if n}
        if recovered:
            logger.warning("Recovered stale jobs: %s", recovered)
        if settings.TASK_SCHEDULE_ENABLED:
            for name in schedules_enqueue_due():
                logger.info("Scheduled %s queued", name)
