"""Email each person yesterday's notices they chose to get as a daily digest.

The workers queue it daily at 06:00 (core.schedule); with TASK_SCHEDULE_ENABLED=false run it
from cron once a day. A second run the same day sends nothing again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kommunenettverk.core.tasks import run_from_command
from kommunenettverk.notifications.tasks import notice_digests_send_task


class Command(BaseCommand):
    help = "Send gårsdagens varsler som daglig oppsummering til dem som har valgt det."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Kjør i denne prosessen i stedet for i køen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = run_from_command(notice_digests_send_task, now=options["now"])
        if sent is None:
            self.stdout.write("Lagt i kø; `manage.py worker` kjører jobben.")
            return
        self.stdout.write(f"La {sent} oppsummeringer i utboksen.")
