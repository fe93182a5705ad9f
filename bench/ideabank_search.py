"""Benchmark: idea bank search over 20,000 generated examples (target p95 ≤ 50 ms).

    make bench-search                                   # SQLite (FTS5 twin)
    DATABASE_URL=postgres://…/kommunenettverk make bench-search   # PostgreSQL

Builds a throw-away test database (a temp SQLite file, or test_<name> on PostgreSQL, dropped
afterwards), loads the registry, generates the examples in bulk from the demo cases with
random sentences mixed in, builds the search index, then times `example_search()` — the same
call the search page makes, snippets included — for a mix of queries with and without filters.
Prints the figures; `main()` is what `make bench` calls.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `bench` must be importable

from bench.size import pick  # noqa: E402

EXAMPLES = int(os.environ.get("BENCH_EXAMPLES", pick(20_000, 200)))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", pick(3, 1)))
TARGET_P95_MS = 50.0

EXTRA_SENTENCES = [
    "Kommunestyret vedtok tiltaket enstemmig etter en bred høring.",
    "Prosjektet ble finansiert med midler fra statsforvalteren og fylkeskommunen.",
    "Innbyggerne ble invitert til åpne møter på skolen og biblioteket.",
    "Vi samarbeidet med nabokommunene om felles innkjøp og kompetanse.",
    "Ungdomsrådet kom med flere forslag som ble tatt inn i planen.",
    "Arbeidet er forankret i kommuneplanens samfunnsdel og handlingsdelen.",
    "Frivillige lag og foreninger bidro med dugnad og lokalkunnskap.",
    "Resultatene rapporteres årlig til kommunestyret i årsmeldingen.",
    "Næringslivet deltok i arbeidsgruppen fra starten.",
    "Tiltaket er evaluert av et regionalt forskningsmiljø.",
    "Erfaringene er delt i nettverket og på regionale samlinger.",
    "Vi la vekt på universell utforming og tilgjengelighet for alle.",
    "Sykkelveiene ble bygget sammen med Statens vegvesen.",
    "Skolene brukte prosjektet i undervisningen om bærekraft.",
    "Fjernvarmeanlegget forsynes med flis fra lokale skogeiere.",
    "Biblioteket ble en møteplass for eldre og nye innbyggere.",
    "Reindriften og landbruket ble tatt med i arealplanleggingen.",
    "Havnen fikk landstrøm slik at skipene slår av motorene ved kai.",
    "Kommunen innførte krav om fossilfrie byggeplasser i anbudene.",
    "Mattilsynet og helsestasjonen bidro med råd om kosthold.",
]

QUERIES: list[dict[str, Any]] = [
    {"query": "klimaplanen"},
    {"query": "turstier"},
    {"query": "frisklivssentralen"},
    {"query": "kulturminneplan"},
    {"query": "lokalmat sykehjem"},
    {"query": "ombruk møbler"},
    {"query": "vennskapskommunen"},
    {"query": "solceller skole"},
    {"query": "fjernvarmeanlegget"},
    {"query": "landstrøm"},
    {"query": "energi", "theme": "climate_energy"},
    {"query": "klimaplan", "county": "46"},
    {"query": "folkehelse", "size": "small"},
    {"query": "skolevei sykkel", "county": "18", "size": "city"},
    {"query": "kommunestyret"},  # in a quarter of all examples: a large result to rank
    {"query": "samarbeid nabokommunene"},
    {"query": "matsvinn", "theme": "production_consumption"},
    {"query": "bærekraftsmål samfunnsdel"},
    {"query": "", "theme": "cultural_heritage"},
    {"query": "", "county": "50", "size": "medium"},
]


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunenettverk.config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def examples_generate(count: int) -> None:
    """`count` examples (nine in ten published) and the search index, in bulk."""
    from django.utils import timezone

    from kommunenettverk.ideabank import services, text
    from kommunenettverk.ideabank.demo import CASES
    from kommunenettverk.ideabank.models import Example
    from kommunenettverk.registry.models import Municipality

    rng = random.Random(6)  # noqa: S311 - reproducible benchmark data
    municipalities = list(Municipality.objects.current().exclude(number="9999"))
    rendered = {case[3]: text.markdown_to_safe_html(case[3]) for case in CASES}
    now = timezone.now()
    batch: list[Example] = []
    for i in range(count):
        _number, title, summary, body, results, themes, tags = rng.choice(CASES)
        municipality = rng.choice(municipalities)
        extra = " ".join(rng.sample(EXTRA_SENTENCES, 3))
        body_html = rendered[body] + f"<p>{extra}</p>"
        published = i % 10 != 0
        batch.append(
            Example(
                title=f"{title} i {municipality.name_nb} ({i})",
                summary=summary,
                body=body + "\n\n" + extra,
                body_html=body_html,
                body_text=text.html_to_text(body_html),
                results=results,
                municipality=municipality,
                themes=list(themes),
                tags=list(tags),
                status="published" if published else "draft",
                published_at=now - datetime.timedelta(minutes=i) if published else None,
                is_demo=True,
            )
        )
        if len(batch) == 2000:
            Example.objects.bulk_create(batch)
            batch = []
    Example.objects.bulk_create(batch)
    services.search_index_update()
    # What autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) does for a live site after a
    # bulk load: fresh planner statistics, and no dead rows left by the index update.
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            table = services.FTS_TABLE
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
            cursor.execute("ANALYZE")


def main() -> dict[str, float]:
    _setup()
    from django.db import connection

    from kommunenettverk.ideabank.selectors import example_search
    from kommunenettverk.registry.services import registry_load_snapshot

    tmp = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":
        # A file, as in production, not the in-memory database Django tests use on SQLite.
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        registry_load_snapshot()
        started = time.perf_counter()
        examples_generate(EXAMPLES)
        build_s = time.perf_counter() - started
        for spec in QUERIES:  # warm caches and the connection once
            example_search(**spec)
        timings: list[float] = []
        totals: dict[str, int] = {}
        per_query: dict[str, list[float]] = {}
        for _ in range(ROUNDS):
            for spec in QUERIES:
                started = time.perf_counter()
                result = example_search(**spec)
                elapsed = (time.perf_counter() - started) * 1000
                timings.append(elapsed)
                name = " ".join(f"{k}={v}" for k, v in spec.items())
                totals[name] = result.total
                per_query.setdefault(name, []).append(elapsed)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        figures = {
            "examples": float(EXAMPLES),
            "searches": float(len(timings)),
            "build_s": round(build_s, 1),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(timings[-1], 1),
        }
        print(
            f"idea bank search on {connection.vendor}: {EXAMPLES} examples, {len(timings)} searches"
        )
        print(f"  index built in {build_s:.1f} s (bulk insert + search index)")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        print(f"  load average {load:.1f} on {os.cpu_count()} cores while measuring")
        for name, total in totals.items():
            median = statistics.median(per_query[name])
            print(f"  {total:6d} hits  {median:6.1f} ms median  {name}")
        print(
            f"  p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms"
            f" (target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'MISSED'})"
        )
        return figures
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        tmp.cleanup()


if __name__ == "__main__":
    main()
