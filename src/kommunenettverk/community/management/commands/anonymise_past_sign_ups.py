"""Remove names, emails and phones from sign-ups some days after the activity.

The workers queue it daily at 03:45 (core.schedule); with TASK_SCHEDULE_ENABLED=false run it
once a day from cron.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kommunenettverk.community.services import SIGN_UP_RETENTION_DAYS
from kommunenettverk.community.tasks import sign_ups_anonymise_task
from kommunenettverk.core.tasks import run_from_command


class Command(BaseCommand):
    help = "Anonymiser påmeldinger til aktiviteter som er holdt for mer enn 30 dager siden."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Kjør i denne prosessen i stedet for i køen."
        )
        parser.add_argument("--days", type=int, default=SIGN_UP_RETENTION_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        count = run_from_command(sign_ups_anonymise_task, options["days"], now=options["now"])
        if count is None:
            self.stdout.write("Lagt i kø; `manage.py worker` kjører jobben.")
            return
        self.stdout.write(f"Anonymiserte {count} påmeldinger.")
