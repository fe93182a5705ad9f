"""Email a reminder to everyone with a place on an activity that starts tomorrow.

The workers queue it daily at 08:00 (core.schedule); with TASK_SCHEDULE_ENABLED=false run it
once a day from cron. Each person is reminded once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kommunenettverk.community.tasks import activity_reminders_send_task
from kommunenettverk.core.tasks import run_from_command


class Command(BaseCommand):
    help = "Send påminnelser til alle som er påmeldt en frivillig aktivitet i morgen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Kjør i denne prosessen i stedet for i køen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = run_from_command(activity_reminders_send_task, now=options["now"])
        if sent is None:
            self.stdout.write("Lagt i kø; `manage.py worker` kjører jobben.")
            return
        self.stdout.write(f"La {sent} påminnelser i utboksen.")
