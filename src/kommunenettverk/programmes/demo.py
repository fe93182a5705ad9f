"""Demo programmes and themes (clearly demo data: the descriptions say so). Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.programmes.models import Programme, ProgrammeGoal, Theme, ThemeCode

DEMO_NOTE = "Demodata: eksempelprogram laget for å vise løsningen."

THEMES = [(code.value, str(code.label)) for code in ThemeCode]

PARTIES = [
    ("Miljøverndepartementet (demo)", Organisation.Kind.MINISTRY),
    ("Kommunal- og regionaldepartementet (demo)", Organisation.Kind.MINISTRY),
    ("Olje- og energidepartementet (demo)", Organisation.Kind.MINISTRY),
    ("Helse- og omsorgsdepartementet (demo)", Organisation.Kind.MINISTRY),
]

HEALTH_GOALS = [
    (
        "Kommunene har helse og miljø som tydelig del av kommuneplanens samfunnsdel.",
        [
            "Folkehelseoversikten brukes i planstrategien.",
            "Tiltak følges opp i handlingsdel og økonomiplan.",
        ],
    ),
    ("Flere innbyggere er fysisk aktive i hverdagen og bruker nærnaturen.", []),
    ("Sosiale helseforskjeller reduseres gjennom lokal samfunnsplanlegging.", []),
    (
        "Miljøet der folk bor fremmer helse: ren luft, stille områder, trygge skoleveier.",
        ["Alle barn har trygg skolevei til fots eller på sykkel."],
    ),
]


@transaction.atomic
def demo_programmes_load() -> dict[str, Programme]:
    """The three demo programmes with themes, agreement parties and goals."""
    themes = {}
    for order, (slug, name) in enumerate(THEMES, start=1):
        themes[slug], _ = Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    parties = {"KS": Organisation.objects.get_or_create(name="KS", defaults={"kind": "ks"})[0]}
    for name, kind in PARTIES:
        parties[name] = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
    specs = [
        (
            "livskraftige-kommuner",
            "Livskraftige kommuner",
            "Kommuner som tar ansvar for lokal bærekraftig utvikling, sammen i regionale "
            "nettverk. Avtale mellom KS og Miljøverndepartementet.",
            (datetime.date(2006, 1, 1), datetime.date(2010, 12, 31)),
            200,
            ["KS", "Miljøverndepartementet (demo)"],
            list(themes),
        ),
        (
            "gronne-energikommuner",
            "Grønne energikommuner",
            "Tilleggsavtale om energi og klima med KRD, OED og MD: 21 kommuner og én "
            "fylkeskommune.",
            (datetime.date(2007, 1, 1), datetime.date(2010, 12, 31)),
            22,
            [
                "KS",
                "Kommunal- og regionaldepartementet (demo)",
                "Olje- og energidepartementet (demo)",
                "Miljøverndepartementet (demo)",
            ],
            ["climate_energy", "land_use", "production_consumption"],
        ),
        (
            "helse-og-miljokommuner",
            "Helse- og miljøkommuner",
            "Nettverk for kommuner som ser helse og miljø i sammenheng i planleggingen.",
            (datetime.date(2024, 1, 1), datetime.date(2028, 12, 31)),
            60,
            ["KS", "Helse- og omsorgsdepartementet (demo)", "Miljøverndepartementet (demo)"],
            ["quality_of_life_health", "land_use", "climate_energy"],
        ),
    ]
    programmes = {}
    for slug, name, description, (start, end), capacity, party_names, theme_slugs in specs:
        programme, _created = Programme.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": f"{description}\n\n{DEMO_NOTE}",
                "starts_on": start,
                "ends_on": end,
                "capacity": capacity,
            },
        )
        programme.agreement_parties.set([parties[n] for n in party_names])
        programme.themes.set([themes[s] for s in theme_slugs])
        programmes[slug] = programme
    health = programmes["helse-og-miljokommuner"]
    if not health.goals.exists():
        for order, (text, subgoals) in enumerate(HEALTH_GOALS, start=1):
            goal = ProgrammeGoal.objects.create(programme=health, text=text, order=order)
            for sub_order, sub in enumerate(subgoals, start=1):
                ProgrammeGoal.objects.create(
                    programme=health, parent=goal, text=sub, order=sub_order
                )
    return programmes
