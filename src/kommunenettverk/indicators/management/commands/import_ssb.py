from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators import ssb
from kommunenettverk.indicators.management.progress import ProgressBar
from kommunenettverk.indicators.services import (
    FileKind,
    FileOptions,
    indicator_file_import,
    ssb_fetch,
)


class Command(BaseCommand):
    help = (
        "Import indicator values from an SSB PxWebApi v2 table (JSON-stat 2.0). Content codes "
        "are matched to the catalogue's SSB table and content code, or all go to --indicator. "
        "Example: import_ssb 12134 --query KOKkommuneregion0000=* --query "
        "ContentsCode=KOSAG110000 --query Tid=top(5). All or nothing per run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", help="SSB table number, e.g. 12134")
        parser.add_argument(
            "--query",
            action="append",
            default=[],
            metavar="DIM=CODES",
            help="a selection, e.g. Tid=2023,2024 or Region=* (repeatable)",
        )
        parser.add_argument("--indicator", default="", help="catalogue code for every cell")
        parser.add_argument(
            "--select",
            action="append",
            default=[],
            metavar="DIM=CODE",
            help="fix an extra dimension to one category (repeatable)",
        )
        parser.add_argument("--file", type=Path, help="a saved response instead of the API")
        parser.add_argument(
            "--skip-rejected",
            action="store_true",
            help="write the valid rows and list the rejected ones (default: all or nothing)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report only")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            selection = ssb.parse_query(options["query"])
            select = {k: v[0] for k, v in ssb.parse_query(options["select"]).items()}
            if options["file"]:
                raw = options["file"].read_bytes()
            else:
                self.stderr.write(f"Henter tabell {options['table']} fra SSB …")
                raw = ssb_fetch(table=options["table"], selection=selection)
            report = indicator_file_import(
                data=raw,
                kind=FileKind.JSON_STAT,  # PxWebApi v2 answers in JSON-stat 2.0
                options=FileOptions(indicator_code=options["indicator"], select=select),
                strict=not options["skip_rejected"],
                dry_run=options["dry_run"],
                progress=ProgressBar(self.stderr),
            )
        except DomainError as exc:  # ssb.QueryError, ImportRefused
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Kan ikke lese {options['file']}: {exc.strerror}") from exc
        for rejected in report.rejected[:50]:
            self.stdout.write(f"  avvist: {rejected.reason}")
        if report.rejected_count > 50:
            self.stdout.write(f"  … og {report.rejected_count - 50} avviste rader til.")
        self.stdout.write(self.style.SUCCESS(report.summary()))
