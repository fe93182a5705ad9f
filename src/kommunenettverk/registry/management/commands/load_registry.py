from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kommunenettverk.registry.services import registry_load_snapshot


class Command(BaseCommand):
    help = "Load the bundled registry snapshot (KS regions, counties, municipalities, changes)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = registry_load_snapshot()
        self.stdout.write(self.style.SUCCESS(f"Kommuneregisteret er lastet: {report.summary()}"))
