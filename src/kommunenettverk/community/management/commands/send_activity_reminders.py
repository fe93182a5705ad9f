"""Email a reminder to everyone with a place on an activity that starts tomorrow.

Run once a day (cron or systemd timer); each person is reminded once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kommunenettverk.community.services import activity_reminders_send


class Command(BaseCommand):
    help = "Send påminnelser til alle som er påmeldt en frivillig aktivitet i morgen."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = activity_reminders_send()
        self.stdout.write(f"Sendte {sent} påminnelser.")
