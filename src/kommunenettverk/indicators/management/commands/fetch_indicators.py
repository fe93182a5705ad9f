from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators.services.catalogue import (
    FetchOutcome,
    indicator_catalogue_load,
    indicators_fetch_by_recipe,
    indicators_fetch_from_ssb,
)


class Command(BaseCommand):
    help = (
        "Load the indicator catalogue, then fetch every SSB-sourced indicator through "
        "PxWebApi v2 for today's municipalities and import it (all or nothing per indicator). "
        "Indicators from other sources are fetched by downloading the published file named by "
        "their import recipe and reading it with that recipe; those without a download "
        "address are listed, to be imported by hand on the import page."
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
        by_file = indicators_fetch_by_recipe(codes=options["codes"], dry_run=options["dry_run"])
        labels = {"written": "hentet", "refused": "AVVIST", "skipped": "hoppet over"}
        for title, group in (("SSB (PxWebApi v2):", outcomes), ("Publisert fil:", by_file)):
            if group:
                self.stdout.write(title)
            for outcome in group:
                line = f"  {outcome.code}: {labels[outcome.state]} – {outcome.message}"
                style = self.style.SUCCESS if outcome.state == "written" else self.style.WARNING
                self.stdout.write(style(line))

        def counts(group: list[FetchOutcome]) -> str:
            states = [o.state for o in group]
            return (
                f"{states.count('written')} hentet, {states.count('refused')} avvist, "
                f"{states.count('skipped')} hoppet over"
            )

        summary = f"SSB: {counts(outcomes)}; publisert fil: {counts(by_file)}."
        if any(o.state == "refused" for o in outcomes + by_file):
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
