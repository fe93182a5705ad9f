"""Forget the addresses and texts of mail sent more than OUTBOX_RETENTION_DAYS ago, and the
replies by email received more than REPLY_MAX_AGE_DAYS ago.

The workers queue both daily at 03:30 and 03:35 (core.schedule); with
TASK_SCHEDULE_ENABLED=false run it from cron once a day (docs/operations.md). It queues the
tasks for the workers, or with `--now` runs them in this process.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kommunenettverk.core.tasks import run_from_command
from kommunenettverk.notifications.tasks import (
    inbound_messages_prune_task,
    messages_prune_task,
)


class Command(BaseCommand):
    help = (
        "Slett adresse og tekst i e-poster sendt for over OUTBOX_RETENTION_DAYS dager siden, "
        "og svar på e-post mottatt for over REPLY_MAX_AGE_DAYS dager siden."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Kjør i denne prosessen i stedet for i køen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = run_from_command(messages_prune_task, now=options["now"])
        deleted = run_from_command(inbound_messages_prune_task, now=options["now"])
        if cleared is None or deleted is None:
            self.stdout.write("Lagt i kø; `manage.py worker` kjører jobben.")
            return
        self.stdout.write(f"Tømte {cleared} gamle e-poster for personopplysninger.")
        self.stdout.write(f"Slettet {deleted} gamle svar på e-post.")
