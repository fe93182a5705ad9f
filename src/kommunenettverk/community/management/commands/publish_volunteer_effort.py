"""Publish the voluntary effort (hours and people per municipality) as indicator values.

The workers queue it daily at 04:00 (core.schedule); with TASK_SCHEDULE_ENABLED=false run it
once a day from cron, after activities have taken place: by default it
writes this year and last year, so late changes to last year's activities are picked up.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kommunenettverk.community.tasks import volunteer_effort_publish_task
from kommunenettverk.core.tasks import run_from_command


class Command(BaseCommand):
    help = "Skriv frivillig innsats (timer og personer per kommune og år) som indikatorverdier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Kjør i denne prosessen i stedet for i køen."
        )
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="År som skal skrives (kan gjentas). Standard: i år og i fjor.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = options["years"] or [this_year - 1, this_year]
        written = run_from_command(
            volunteer_effort_publish_task, sorted(set(years)), now=options["now"]
        )
        if written is None:
            self.stdout.write("Lagt i kø; `manage.py worker` kjører jobben.")
            return
        self.stdout.write(
            f"Skrev {written} verdier for frivillig innsats ({', '.join(map(str, years))})."
        )
