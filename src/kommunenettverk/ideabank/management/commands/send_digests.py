"""Email each confirmed idea bank subscriber the examples published since their last digest.

Run it from cron (e.g. every Monday morning); it sends nothing to those with nothing new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kommunenettverk.ideabank.services import digests_send


class Command(BaseCommand):
    help = "Send idébankens e-postoversikter over nye eksempler til abonnentene."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send()
        self.stdout.write(f"Sendte {sent} oversikter.")
