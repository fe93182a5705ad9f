from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kommunenettverk.registry.services import RegistryError, klass_fetch, registry_sync


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"«{value}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Sync municipalities with SSB KLASS classification 131: the live API by default, "
        "or saved responses with --codes-file/--changes-file. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=datetime.date.today().isoformat())
        parser.add_argument("--changes-from", default="2020-01-01")
        parser.add_argument("--codes-file", type=Path, help="saved codesAt response (JSON)")
        parser.add_argument("--changes-file", type=Path, help="saved changes response (JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = _date(options["date"])
        try:
            if options["codes_file"]:
                codes_raw = self._read(options["codes_file"])
                changes_raw = (
                    self._read(options["changes_file"]) if options["changes_file"] else None
                )
            else:
                params = {"date": on.isoformat(), "language": "nb"}
                codes_raw = klass_fetch("codesAt", params)
                changes_raw = klass_fetch(
                    "changes",
                    {"from": _date(options["changes_from"]).isoformat(), "to": on.isoformat()},
                )
            report = registry_sync(codes_raw=codes_raw, changes_raw=changes_raw, on=on)
        except RegistryError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Synkronisert med KLASS: {report.summary()}"))

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan ikke lese {path}: {exc.strerror}") from exc
