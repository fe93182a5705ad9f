from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.services.catalogue import indicator_catalogue_load


class Command(BaseCommand):
    help = (
        "Create or update the indicator catalogue from indicators/data/catalogue.toml "
        "(all or nothing). Values are not touched."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = indicator_catalogue_load()
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
