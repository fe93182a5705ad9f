"""Demo examples for the idea bank: about 200 made-up cases of real kinds of municipal work,
spread over all themes, many municipalities and all three statuses. Every one is marked
`is_demo` and its pages say "Demodata"; none describes a real project."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import User
from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.models import DevelopmentProject, NetworkMembership
from kommunenettverk.registry.models import Municipality

DEMO_COUNT = 200


@dataclass(frozen=True)
class Template:
    title: str  # "{name}" is the municipality's name
    summary: str
    body: str
    results: str
    themes: tuple[str, ...]
    tags: tuple[str, ...]


TEMPLATES = [
    Template(
        "Klimaplan laget sammen med innbyggerne i {name}",
        "Kommunen reviderte klimaplanen med folkemøter, ungdomsråd og næringsliv, og knyttet "
        "tiltakene til handlingsdelen og økonomiplanen.",
        "## Bakgrunn\nDen gamle klimaplanen hadde mange mål, men få tiltak med ansvar og "
        "budsjett.\n\n## Slik gjorde vi det\n- Folkemøter i alle grendene\n- Eget møte med "
        "ungdomsrådet\n- Klimabudsjett som del av **økonomiplanen**\n\nKlimaplanen ble vedtatt "
        "av kommunestyret med bred støtte.",
        "Klimabudsjett vedtatt for tredje år på rad. 34 tiltak har ansvarlig enhet og frist.",
        ("climate_energy",),
        ("klimaplan", "klimabudsjett", "medvirkning"),
    ),
    Template(
        "ENØK i kommunale bygg i {name}",
        "Energioppfølging og enkle tiltak i skoler, barnehager og sykehjem kuttet "
        "strømforbruket merkbart.",
        "Vi installerte energioppfølgingssystem i alle større bygg og lærte opp driftsteknikerne."
        "\n\n1. Kartlegging av forbruk per bygg\n2. Nattsenking av ventilasjon og varme\n"
        "3. LED-belysning med bevegelsessensorer\n\nDriftspersonellet får månedlige rapporter.",
        "Energibruken i kommunale bygg gikk ned 18 prosent på tre år. Tiltakene betalte seg "
        "tilbake på under fire år.",
        ("climate_energy",),
        ("enøk", "energi", "kommunale bygg"),
    ),
    Template(
        "Solceller på skoletaket i {name}",
        "Kommunen la solceller på to skoler og bruker produksjonen i undervisningen.",
        "Elevene følger produksjonen på en skjerm i gangen. Realfagslærerne har laget "
        "opplegg om energi og klima.\n\nProsjektet fikk støtte fra Enova.",
        "Anleggene dekker om lag 20 prosent av skolenes strømbehov.",
        ("climate_energy", "quality_of_life_health"),
        ("solceller", "skole", "energi"),
    ),
    Template(
        "Turstier nær der folk bor i {name}",
        "Frivillige og kommunen merket og skiltet korte turstier fra boligfelt, skoler og "
        "sykehjem.",
        "Vi kartla hvor folk bor og hvor det manglet turmuligheter. Sammen med turlaget og "
        "frivilligsentralen merket vi **12 turstier** på 1–5 km.\n\n- Universelt utformet der "
        "det er mulig\n- Benker med jevne mellomrom\n- Kart på nett og på infotavler",
        "Tellere viser over 40 000 passeringer i året. Sykehjemmet bruker stien ukentlig.",
        ("quality_of_life_health", "land_use"),
        ("turstier", "friluftsliv", "frivillighet"),
    ),
    Template(
        "Frisklivssentral for hele {name}",
        "Frisklivssentralen gir tilbud om fysisk aktivitet, kosthold og snus- og røykeslutt, "
        "også i grendene.",
        "Frisklivssentralen har fått faste grupper i tre grender, ikke bare i sentrum. "
        "Deltakerne henvises fra fastlege, NAV eller kommer selv.\n\nVi samarbeider med "
        "idrettslag og frivilligsentralen om aktivitetene.",
        "Over 200 deltakere i året, og seks av ti er fortsatt aktive etter ett år.",
        ("quality_of_life_health",),
        ("frisklivssentral", "folkehelse", "fysisk aktivitet"),
    ),
    Template(
        "Kulturminneplan for {name}",
        "Kommunen laget sin første kulturminneplan med registrering av verneverdige bygg, "
        "stier og kulturlandskap.",
        "Historielaget og skolene registrerte kulturminner i hele kommunen. Planen ble en "
        "temaplan med handlingsdel.\n\n> Kulturminnene er en ressurs for stedsutvikling og "
        "reiseliv.\n\nKulturminneplanen brukes nå i arealplanleggingen.",
        "312 kulturminner registrert og lagt inn i kommunens kartløsning.",
        ("cultural_heritage", "land_use"),
        ("kulturminneplan", "kulturarv", "historielag"),
    ),
    Template(
        "Lokalmat i kommunale kantiner i {name}",
        "Sykehjem og skolekantiner kjøper mer mat fra lokale produsenter gjennom nye "
        "innkjøpsavtaler.",
        "Vi delte opp anbudet slik at små produsenter kunne gi tilbud, og arrangerte "
        "leverandørmøte med bondelaget.\n\n- Lokale egg og grønnsaker\n- Fisk fra lokalt "
        "mottak\n- Sesongmeny på sykehjemmene",
        "Andelen lokalmat økte fra 5 til 25 prosent av innkjøpene.",
        ("production_consumption", "quality_of_life_health"),
        ("lokalmat", "innkjøp", "sykehjem"),
    ),
    Template(
        "Ombruk av møbler og utstyr i {name}",
        "Kommunen har fått en ombrukssentral der enhetene henter brukte møbler og utstyr "
        "før de kjøper nytt.",
        "Ombrukssentralen er en digital oversikt og et lager. Enheter melder inn det de ikke "
        "trenger, og andre kan hente.\n\nInnkjøpsreglementet sier nå at ombruk skal vurderes "
        "først.",
        "Over 1 500 møbler ombrukt det første året, og innkjøp av nye møbler halvert.",
        ("production_consumption", "climate_energy"),
        ("ombruk", "sirkulærøkonomi", "innkjøp"),
    ),
    Template(
        "Vennskapskommune med en kommune i Sør i {name}",
        "Skoler, helsetjeneste og kulturliv utveksler erfaringer med vennskapskommunen.",
        "Samarbeidet begynte med en skoleutveksling og har vokst til helse og vannforsyning."
        "\n\n- Årlige besøk begge veier\n- Digitale klasserom\n- Felles prosjekt om "
        "rent vann",
        "Tre skoler har faste vennskapsklasser. Et vannprosjekt gir 2 000 mennesker rent vann.",
        ("international",),
        ("vennskapskommune", "internasjonalt samarbeid", "skole"),
    ),
    Template(
        "Bærekraftsmål i kommuneplanens samfunnsdel i {name}",
        "FNs bærekraftsmål ble brukt som ramme for kommuneplanens samfunnsdel.",
        "Vi valgte ut de bærekraftsmålene som betyr mest lokalt og koblet dem til "
        "indikatorer.\n\nSamfunnsdelen har nå mål, strategier og indikatorer som følges opp i "
        "årsrapporten.",
        "Samfunnsdelen vedtatt med 12 prioriterte delmål og 30 indikatorer.",
        ("international", "land_use"),
        ("bærekraftsmål", "samfunnsdel", "indikatorer"),
    ),
    Template(
        "Fortetting rundt kollektivknutepunktet i {name}",
        "Arealplanen legger ny boligbygging nær stasjonen og sentrum i stedet for nye felt.",
        "Kommuneplanens arealdel ble revidert med tydelig senterstruktur. Nye boligfelt langt "
        "fra sentrum ble tatt ut.\n\nVi brukte gåavstand til skole og butikk som kriterium.",
        "80 prosent av nye boliger de siste tre årene ligger innenfor 1 km fra sentrum.",
        ("land_use", "climate_energy"),
        ("arealplan", "fortetting", "kollektiv"),
    ),
    Template(
        "Trygg skolevei og sykkelsatsing i {name}",
        "Flere barn går og sykler til skolen etter nye fortau, sykkelparkering og hjertesoner.",
        "Foreldre, skole og kommunen kartla farlige punkter. Vi bygde fortau og innførte "
        "hjertesoner rundt skolene.\n\nSykkelparkering under tak ble satt opp ved alle skolene.",
        "Andelen elever som går eller sykler økte fra 55 til 72 prosent.",
        ("land_use", "quality_of_life_health"),
        ("skolevei", "sykkel", "hjertesone"),
    ),
    Template(
        "Klimatilpasning og overvann i {name}",
        "Kommunen håndterer overvann med åpne løsninger og grønne tak i sentrum.",
        "Etter flere flommer laget vi en overvannsplan. Nye bygg skal fordrøye vann på egen "
        "tomt.\n\n- Regnbed langs gatene\n- Åpning av bekk i lukket rør\n- Grønne tak på "
        "kommunale bygg",
        "Ingen skader på kommunale bygg ved de to siste store regnskyllene.",
        ("climate_energy", "land_use"),
        ("klimatilpasning", "overvann", "flom"),
    ),
    Template(
        "Møteplasser for eldre i {name}",
        "Nye møteplasser og aktivitetstilbud motvirker ensomhet blant eldre.",
        "Frivilligsentralen og kommunen startet seniortreff, turgrupper og digital hjelp på "
        "biblioteket.\n\nTilbudene er gratis og åpne for alle.",
        "Seniortreffene samler over 100 personer hver uke.",
        ("quality_of_life_health",),
        ("eldre", "ensomhet", "møteplass"),
    ),
    Template(
        "Gjenbruk av historiske bygg i sentrum av {name}",
        "Verneverdige bygg i sentrum er tatt i bruk som bibliotek, kafé og kontorfellesskap.",
        "Kommunen kjøpte et gammelt meieri og satte det i stand sammen med fylkeskommunen. "
        "Bygget er nå en møteplass.\n\nRestaureringen fulgte antikvariske prinsipper.",
        "Sentrum har fått nytt liv, og besøket på biblioteket er doblet.",
        ("cultural_heritage", "land_use"),
        ("kulturarv", "stedsutvikling", "gjenbruk"),
    ),
    Template(
        "Miljøfyrtårn i alle kommunale enheter i {name}",
        "Alle kommunale enheter er sertifisert som Miljøfyrtårn, og kommunen stiller krav til "
        "leverandører.",
        "Sertifiseringen ga rutiner for avfall, innkjøp, energi og transport.\n\n"
        "Miljøkoordinatorene i enhetene har et eget nettverk.",
        "42 enheter sertifisert. Avfallsmengden per ansatt gikk ned 30 prosent.",
        ("production_consumption", "climate_energy"),
        ("miljøfyrtårn", "miljøledelse", "avfall"),
    ),
    Template(
        "Matsvinn ned i skoler og sykehjem i {name}",
        "Måling av matsvinn og bedre planlegging halverte mengden mat som kastes.",
        "Kjøkkenene veier matsvinnet hver dag. Elevrådene laget kampanje mot matsvinn.\n\n"
        "Overskuddsmat gis til frivilligsentralen.",
        "Matsvinnet ble halvert på to år.",
        ("production_consumption",),
        ("matsvinn", "skole", "sykehjem"),
    ),
    Template(
        "Folkehelseoversikt som grunnlag for planstrategien i {name}",
        "Oversikten over helsetilstand og påvirkningsfaktorer ble brukt til å velge hva "
        "planstrategien skulle prioritere.",
        "Folkehelsekoordinatoren samlet data fra Kommunehelsa, Ungdata og egne kartlegginger."
        "\n\nUtfordringene ble drøftet i kommunestyret før planstrategien ble vedtatt.",
        "Planstrategien prioriterer psykisk helse blant unge og sosial utjevning.",
        ("quality_of_life_health", "land_use"),
        ("folkehelse", "planstrategi", "ungdata"),
    ),
    Template(
        "Elektrifisering av kommunens bilpark i {name}",
        "Kommunen har byttet ut nesten alle fossile personbiler med elbiler og bildeling.",
        "Vi kartla hvordan bilene ble brukt og innførte felles bilpool med booking.\n\n"
        "Ladepunkter ble bygd ved rådhuset og helsesenteret.",
        "95 prosent av personbilene er elektriske, og antall biler gikk ned med en firedel.",
        ("climate_energy",),
        ("elbil", "transport", "bildeling"),
    ),
    Template(
        "Samisk kulturarv i skolen i {name}",
        "Elevene lærer om samisk kulturarv gjennom besøk hos reindriftsutøvere og duodji.",
        "Skolene samarbeider med det samiske kultursenteret. Alle trinn har minst ett "
        "opplegg om samisk historie og kultur i året.",
        "Alle elever har møtt samisk kulturarv i undervisningen hvert år.",
        ("cultural_heritage", "international"),
        ("samisk kulturarv", "skole", "duodji"),
    ),
]

STATUS_CYCLE = ["published"] * 8 + ["in_review", "draft"]
ALWAYS = ["1804", "4621", "1841", "1840", "1838", "1839", "1845", "4620", "4622", "4628", "4639"]


@transaction.atomic
def demo_ideabank_load() -> int:
    """Create the demo examples once (idempotent: does nothing if they exist). Returns how many
    demo examples there are."""
    existing = Example.objects.filter(is_demo=True).count()
    if existing:
        _link_to_networks()
        return existing
    _bodo_in_every_status()
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not security
    current = list(Municipality.objects.current().exclude(number="9999"))
    chosen = [m for m in current if m.number in ALWAYS]
    chosen += rng.sample([m for m in current if m.number not in ALWAYS], 110)
    authors = {
        "1804": User.objects.filter(email=f"koordinator.bodo@{DEMO_DOMAIN}").first(),
        "4621": User.objects.filter(email=f"koordinator.voss@{DEMO_DOMAIN}").first(),
    }
    now = timezone.now()
    for i in range(DEMO_COUNT):
        template = TEMPLATES[i % len(TEMPLATES)]
        municipality = chosen[i % len(chosen)] if i < 40 else rng.choice(chosen)
        name = municipality.name_nb
        data = services.ExampleData(
            title=template.title.format(name=name),
            summary=template.summary,
            body=template.body,
            results=template.results,
            themes=list(template.themes),
            tags=list(template.tags),
            contact_name="Demo Kontaktperson",
            contact_email=f"kontakt@{municipality.number}.{DEMO_DOMAIN}",
            show_contact_email=i % 3 == 0,
        )
        author = authors.get(municipality.number)
        example = services.example_create(
            municipality=municipality, data=data, created_by=author, is_demo=True
        )
        status = STATUS_CYCLE[i % len(STATUS_CYCLE)]
        if status in ("in_review", "published"):
            services.example_submit(example=example, user=author)
        if status == "published":
            services.example_publish(example=example, user=None)
            published_at = now - datetime.timedelta(days=rng.randint(0, 720), hours=i % 24)
            Example.objects.filter(pk=example.pk).update(published_at=published_at)
    _link_to_networks()
    return Example.objects.filter(is_demo=True).count()


def _link_to_networks() -> None:
    """Link the demo examples of every network member to its current network, and every other
    one to the network's joint project when the municipality takes part in it, so the network
    and project pages list examples. Only examples without a network are touched."""
    memberships = NetworkMembership.objects.filter(
        left_on__isnull=True, participation__municipality__isnull=False
    ).select_related("network", "participation")
    network_of = {m.participation.municipality_id: m.network for m in memberships}
    joint = {
        p.network_id: p
        for p in DevelopmentProject.objects.filter(
            scope=DevelopmentProject.Scope.NETWORK
        ).prefetch_related("participations")
    }
    examples = Example.objects.filter(
        is_demo=True,
        network__isnull=True,
        municipality_id__in=[pk for pk in network_of if pk is not None],
    ).order_by("pk")
    for n, example in enumerate(examples):
        network = network_of[example.municipality_id]
        project = joint.get(network.pk)
        in_project = project is not None and any(
            p.municipality_id == example.municipality_id for p in project.participations.all()
        )
        Example.objects.filter(pk=example.pk).update(
            network=network, development_project=project if in_project and n % 2 == 0 else None
        )


# A one-page PDF with the text "Demodata" (generated once; small enough to keep inline).
_DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (Demodata) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _bodo_in_every_status() -> None:
    """Bodø (which has demo users) always has an example in review and a draft, and the
    region has a digest subscriber, so every idea-bank page has something to show."""
    from kommunenettverk.ideabank.models import Subscription
    from kommunenettverk.registry.models import KsRegion

    bodo = Municipality.objects.get(number="1804")
    author = User.objects.filter(email=f"koordinator.bodo@{DEMO_DOMAIN}").first()
    for title, status in [
        ("Ombruk i skolene i Bodø", "in_review"),
        ("Lokalmat i kantina i Bodø", "draft"),
    ]:
        example = services.example_create(
            municipality=bodo,
            data=services.ExampleData(
                title=title,
                summary="Demodata: et eksempel som ennå ikke er publisert.",
                body="Demodata. Teksten er laget for å vise løsningen.",
                results="",
                themes=["production_consumption"],
                tags=["demo"],
                contact_name="Demo Kontaktperson",
                contact_email=f"kontakt@1804.{DEMO_DOMAIN}",
                show_contact_email=False,
            ),
            created_by=author,
            is_demo=True,
        )
        if status == "in_review":
            services.example_submit(example=example, user=author)
        else:  # the draft has a file, so its edit page shows attachments
            services.attachment_add(
                example=example,
                title="Demodata: menyplan",
                upload=SimpleUploadedFile("menyplan.pdf", _DEMO_PDF, "application/pdf"),
            )
    Subscription.objects.get_or_create(
        email=f"abonnent@{DEMO_DOMAIN}", region=KsRegion.objects.get(code="nord"), theme=""
    )
