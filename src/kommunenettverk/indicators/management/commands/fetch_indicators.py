from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.services.catalogue import (
    indicator_catalogue_load,
    indicators_fetch_from_ssb,
    indicators_fetched_by_file,
)


class Command(BaseCommand):
    help = (
        "Load the indicator catalogue, then fetch every SSB-sourced indicator through "
        "PxWebApi v2 for today's municipalities and import it (all or nothing per indicator). "
        "Indicators from other sources are listed: they are imported from their published "
        "file through a recipe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="only these catalogue codes")
        parser.add_argument("--years", type=int, default=5, help="the last N periods (top(N))")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["years"] < 1:
            raise CommandError("--years må være minst 1.")
        try:
            self.stdout.write(indicator_catalogue_load().summary())
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        outcomes = indicators_fetch_from_ssb(
            codes=options["codes"], years=options["years"], dry_run=options["dry_run"]
        )
        labels = {"written": "hentet", "refused": "AVVIST", "skipped": "hoppet over"}
        for outcome in outcomes:
            line = f"{outcome.code}: {labels[outcome.state]} – {outcome.message}"
            style = self.style.SUCCESS if outcome.state == "written" else self.style.WARNING
            self.stdout.write(style(line))
        by_file = [i for i in indicators_fetched_by_file() if not options["codes"]]
        if by_file:
            self.stdout.write("Hentes som fil gjennom en importoppskrift:")
            for indicator in by_file:
                where = indicator.source_url or indicator.get_source_display()
                self.stdout.write(f"  {indicator.code}: {indicator.source_reference} ({where})")
        written = sum(o.state == "written" for o in outcomes)
        refused = sum(o.state == "refused" for o in outcomes)
        skipped = sum(o.state == "skipped" for o in outcomes)
        summary = (
            f"SSB: {written} hentet, {refused} avvist, {skipped} hoppet over; "
            f"{len(by_file)} hentes som fil."
        )
        if refused:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
