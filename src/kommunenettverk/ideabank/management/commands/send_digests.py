"""Email each confirmed idea bank subscriber the examples published since their last digest.

The workers queue it every Monday at 07:00 (core.schedule); with TASK_SCHEDULE_ENABLED=false run
it from cron. It sends nothing to those with nothing new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kommunenettverk.core.tasks import run_from_command
from kommunenettverk.ideabank.tasks import digests_send_task


class Command(BaseCommand):
    help = "Send idébankens e-postoversikter over nye eksempler til abonnentene."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Kjør i denne prosessen i stedet for i køen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = run_from_command(digests_send_task, now=options["now"])
        if sent is None:
            self.stdout.write("Lagt i kø; `manage.py worker` kjører jobben.")
            return
        self.stdout.write(f"La {sent} oversikter i utboksen.")
