from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.management.progress import ProgressBar
from kommunenettverk.indicators.models import ImportRecipe
from kommunenettverk.indicators.services import FileKind, FileOptions, indicator_file_import


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV, XLSX or JSON-stat 2.0 file. CSV and XLSX need a "
        "column mapping: --area, --period, --value and --indicator-column (or --indicator for "
        "a file with one indicator); --status is optional; or --recipe NAME. All or nothing unless "
        "--skip-rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--area", default="kommunenummer", help="column of area codes")
        parser.add_argument("--period", default="år", help="column of years or periods")
        parser.add_argument("--value", default="verdi", help="column of values")
        parser.add_argument("--status", default="", help="column of SSB status symbols")
        parser.add_argument("--indicator-column", default="", help="column of indicator codes")
        parser.add_argument("--indicator", default="", help="one indicator code for the file")
        parser.add_argument("--sheet", default="", help="XLSX sheet (default: the first)")
        parser.add_argument(
            "--recipe", default="", help="a saved import recipe's name (instead of the columns)"
        )
        parser.add_argument(
            "--skip-rejected",
            action="store_true",
            help="write the valid rows and list the rejected ones (default: all or nothing)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report only")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        progress = ProgressBar(self.stderr)
        file_options = FileOptions(
            indicator_code=options["indicator"],
            area=options["area"],
            period=options["period"],
            value=options["value"],
            status=options["status"],
            indicator=options["indicator_column"],
            sheet=options["sheet"],
        )
        if options["recipe"]:
            recipe = ImportRecipe.objects.filter(name=options["recipe"]).first()
            if recipe is None:
                raise CommandError(f"Fant ingen importoppskrift med navnet «{options['recipe']}».")
            file_options = FileOptions.from_dict(recipe.file_options())
        try:
            report = indicator_file_import(
                data=path.read_bytes(),
                kind=FileKind.for_filename(path.name),
                options=file_options,
                strict=not options["skip_rejected"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Kan ikke lese {path}: {exc.strerror}") from exc
        for rejected in report.rejected[:50]:
            self.stdout.write(f"  avvist: {rejected.reason}")
        if report.rejected_count > 50:
            self.stdout.write(f"  … og {report.rejected_count - 50} avviste rader til.")
        self.stdout.write(self.style.SUCCESS(report.summary()))
