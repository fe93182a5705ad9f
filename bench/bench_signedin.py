"""The pages people work on, signed in as the role that uses each (issue 20).

Measured at national size (bench_national.py's setup loads the data) against the minimal
signed-in page of the same user (bench/urls.py): each at >= 50 % of its throughput.
"""

from __future__ import annotations

from bench.core import PageBench

DEMO = "demo.kommunenettverk.no"
NATIONAL, ADVISER = f"nasjonal@{DEMO}", f"radgiver.nord@{DEMO}"
COORDINATOR = f"koordinator.bodo@{DEMO}"
GATHERING = "/nettverk/helse-og-miljo-salten/samlinger/3/"

PAGES = [
    PageBench("Mine oppgaver (nasjonal koordinator)", "/oppgaver/", NATIONAL),
    PageBench("Mine oppgaver (rådgiver)", "/oppgaver/", ADVISER),
    PageBench("Nettverksside (rådgiver)", "/nettverk/helse-og-miljo-salten/", ADVISER),
    PageBench("Samling (koordinator)", GATHERING, COORDINATOR),
    PageBench("Påmeldingsskjema (koordinator)", f"{GATHERING}pamelding/", COORDINATOR),
    PageBench("Strategioversikt Bodø (koordinator)", "/planer/kommuner/1804/", COORDINATOR),
    PageBench("Målside (koordinator)", "/planer/mal/<goal:1804>/", COORDINATOR),
    PageBench("Indikatorer i Bodø (koordinator)", "/indikatorer/kommuner/1804/", COORDINATOR),
]
