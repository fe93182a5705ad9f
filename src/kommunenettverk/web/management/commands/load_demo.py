from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from kommunenettverk.web.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent); loads the registry first if it is empty."

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_load(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demoscenariet er lastet. Demobrukere:"))
        for user in users:
            role = user.role.label if user.role else "Administrator (admin-sidene)"
            where = user.scope or "hele landet"
            self.stdout.write(f"  {user.email}@{DEMO_DOMAIN:<24} {role} ({where})")
        self.stdout.write(f"  Passord for alle demobrukere: {DEMO_PASSWORD}")
