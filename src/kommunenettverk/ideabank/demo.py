"""Demo examples for the idea bank: 32 distinct made-up cases of real kinds of municipal work,
each in its own municipality, spread over all six themes and all three statuses. Every one is
marked `is_demo` and its pages say "Demodata"; none describes a real project or person."""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.core.demo import acting, backdate
from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.models import DevelopmentProject, NetworkMembership
from kommunenettverk.registry.models import KsRegion, Municipality

DEMO_COUNT = 200


# (municipality number, title, summary, body, results, themes, tags). Invented cases of real
# kinds of municipal work; no real people, and every page says "Demodata".
CASES: list[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "1804",
        "Klimabudsjett med ansvar for hver enhet",
        "Bodø gjorde klimaplanen om til et klimabudsjett der hver kommunalsjef står ansvarlig "
        "for sine tiltak og tonn.",
        "## Bakgrunn\nKlimaplanen hadde mange mål, men få tiltak med ansvar og penger.\n\n"
        "## Slik gjorde vi det\n- Utslipp fordelt på sektor og ansvarlig enhet\n- Klimabudsjettet "
        "vedtas sammen med **økonomiplanen**\n- Rapportering hvert tertial",
        "Tredje klimabudsjett er vedtatt; 34 tiltak har ansvarlig enhet og frist.",
        ("climate_energy",),
        ("klimabudsjett", "klimaplan", "økonomiplan"),
    ),
    (
        "4621",
        "Turveier fra hvert grendelag",
        "Grendalagene og kommunen merket 14 korte turveier som starter ved butikken, skolen "
        "eller bedehuset i grenda.",
        "Hvert grendalag foreslo en runde på 2–5 km. Kommunen betalte skilt og kart, "
        "grendalagene tok dugnaden.\n\n- Start ved et sted folk allerede samles\n- Benker ved "
        "utsiktspunktene\n- Kart på nett og oppslag på butikken",
        "Tellerne viser 28 000 passeringer det første året; sykehjemmet går en runde hver uke.",
        ("quality_of_life_health", "land_use"),
        ("turveier", "friluftsliv", "dugnad"),
    ),
    (
        "5001",
        "Miljøfyrtårn i alle barnehagene",
        "Alle 71 kommunale barnehager ble sertifisert som Miljøfyrtårn på to år, med en felles "
        "mal for avfall, innkjøp og transport.",
        "En miljøkoordinator i hver barnehage og felles opplæring gjorde sertifiseringen "
        "overkommelig.\n\nVi laget en mal som barnehagene kunne fylle ut i stedet for å starte "
        "fra null.",
        "71 barnehager sertifisert; restavfallet gikk ned 30 prosent.",
        ("production_consumption", "climate_energy"),
        ("miljøfyrtårn", "barnehage", "avfall"),
    ),
    (
        "3405",
        "Passivhusskole med solceller på taket",
        "Den nye barneskolen ble bygd som passivhus med solceller, og elevene følger "
        "energiproduksjonen i timene.",
        "Krav om passivhusnivå sto i konkurransegrunnlaget fra starten. Skjermen i gangen viser "
        "produksjon og forbruk time for time, og realfagslærerne har laget egne opplegg.",
        "Skolen bruker 60 prosent mindre energi per kvadratmeter enn skolen den erstattet.",
        ("climate_energy", "quality_of_life_health"),
        ("passivhus", "skolebygg", "solceller"),
    ),
    (
        "1841",
        "Kulturminnesti langs den gamle jernbanetraseen",
        "Historielaget og kommunen gjorde anleggsveien fra jernbanebyggingen om til en sti med "
        "skilt om anleggsarbeiderne og brakkebyene.",
        "Historielaget fant fram bilder og dagbøker; skolene skrev tekstene til skiltene. "
        "Stien er gruset og kan brukes med barnevogn.",
        "Stien har fått 9 informasjonsskilt og brukes av alle 5. klassene hvert år.",
        ("cultural_heritage", "quality_of_life_health"),
        ("kultursti", "kulturminner", "historielag"),
    ),
    (
        "4204",
        "Arealregnskap i kommuneplanens arealdel",
        "Kristiansand tok ut 900 dekar ubebygde boligreserver og viser et arealregnskap for hvert "
        "utbyggingsområde.",
        "Alle avsatte, ubebygde områder ble vurdert mot jordvern, natur og avstand til sentrum. "
        "Arealregnskapet ligger som vedlegg til planbeskrivelsen.",
        "900 dekar boligreserve tilbakeført til LNF; ny utbygging skjer innenfor tettstedene.",
        ("land_use", "climate_energy"),
        ("arealregnskap", "arealdel", "jordvern"),
    ),
    (
        "1108",
        "Reparasjonskafé på biblioteket",
        "Frivillige fikser klær, sykler og småelektronikk for naboene to kvelder i måneden.",
        "Biblioteket stiller lokaler og verktøy; frivilligsentralen rekrutterer. Vi teller hva "
        "som blir reparert, slik at vi kan vise nytten.",
        "1 200 ting reparert det første året; tre nye reparatører har kommet til.",
        ("production_consumption",),
        ("ombruk", "reparasjon", "frivillighet"),
    ),
    (
        "3301",
        "Overvann i åpne løsninger i sentrum",
        "Etter to flommer på tre år bygde Drammen regnbed, åpnet en bekk og stiller krav om "
        "fordrøyning på egen tomt.",
        "Overvannsplanen ble en temaplan med handlingsdel. Bekken i rør under parkeringsplassen "
        "ble åpnet og er nå en del av parken.",
        "Ingen skader på kommunale bygg ved de to siste store regnskyllene.",
        ("climate_energy", "land_use"),
        ("klimatilpasning", "overvann", "flom"),
    ),
    (
        "5501",
        "Vennskapsavtale om vannforsyning",
        "Tromsø deler erfaring med drift av vannverk med en vennskapskommune i Sør, og skolene "
        "har felles klasserom på nett.",
        "Samarbeidet begynte med skoleutveksling og har vokst til vann og helse.\n\n- Årlige "
        "besøk begge veier\n- Fagfolk fra vannverket på utveksling",
        "Et nytt vannverk gir 2 000 mennesker rent vann; tre skoler har faste vennskapsklasser.",
        ("international",),
        ("vennskapskommune", "vann", "internasjonalt samarbeid"),
    ),
    (
        "4601",
        "Matsvinn halvert i sykehjemmene",
        "Kjøkkenene veier det som kastes hver dag, og menyen planlegges etter det beboerne "
        "faktisk spiser.",
        "Vi startet med måling i fire uker før vi endret noe. Porsjonene ble mindre, og "
        "beboerne kan be om mer.",
        "Matsvinnet gikk ned fra 110 til 52 gram per beboer per dag.",
        ("production_consumption", "quality_of_life_health"),
        ("matsvinn", "sykehjem", "måling"),
    ),
    (
        "0301",
        "Utslippsfrie bygge- og anleggsplasser",
        "Kommunens egne byggeprosjekter krever elektriske gravemaskiner og fossilfri oppvarming.",
        "Kravene ble innført trinnvis, med markedsdialog før hver konkurranse, slik at "
        "entreprenørene fikk tid til å skaffe maskiner.",
        "Over halvparten av kommunens byggeplasser er nå utslippsfrie.",
        ("climate_energy", "production_consumption"),
        ("anlegg", "innkjøp", "utslippsfri"),
    ),
    (
        "1506",
        "Hjertesoner rundt alle barneskolene",
        "Molde stengte for biltrafikk nær skoleporten om morgenen og merket trygge skoleveier.",
        "Foreldre, elevråd og kommunen kartla farlige punkter. Vi bygde fortau der det manglet og "
        "satte opp overbygd sykkelparkering.",
        "Andelen elever som går eller sykler økte fra 55 til 72 prosent.",
        ("quality_of_life_health", "land_use"),
        ("hjertesone", "skolevei", "sykkel"),
    ),
    (
        "1508",
        "Landstrøm til hurtigruta og cruiseskipene",
        "Havnevesenet bygde landstrøm slik at skip ved kai slår av dieselaggregatene.",
        "Prosjektet fikk støtte fra Enova og ble planlagt sammen med nettselskapet.",
        "Utslippene fra skip ved kai er redusert med rundt 3 000 tonn CO₂ i året.",
        ("climate_energy",),
        ("landstrøm", "havn", "luftkvalitet"),
    ),
    (
        "4640",
        "Lokalmat i skolekantina",
        "Skolene kjøper frukt, grønt og fisk fra produsenter i dalen gjennom et delt anbud.",
        "Anbudet ble delt i små delkontrakter slik at lokale produsenter kunne gi tilbud. "
        "Bondelaget hjalp med leverandørmøtet.",
        "Andelen lokalmat økte fra 5 til 25 prosent av matinnkjøpene.",
        ("production_consumption", "quality_of_life_health"),
        ("lokalmat", "innkjøp", "skole"),
    ),
    (
        "3907",
        "Energisparekontrakt for 40 kommunale bygg",
        "Sandefjord inngikk en energisparekontrakt der leverandøren garanterer innsparingen.",
        "Byggene fikk nye styringssystemer, LED og varmepumper. Driftsteknikerne får månedlige "
        "rapporter per bygg.",
        "Energibruken gikk ned 23 prosent; tiltakene er betalt ned på sju år.",
        ("climate_energy",),
        ("enøk", "energisparekontrakt", "kommunale bygg"),
    ),
    (
        "4003",
        "Fritidskortet: aktivitet for alle barn",
        "Alle barn mellom 6 og 18 år får et kort som betaler kontingenten i én fritidsaktivitet.",
        "Idrettslag, korps og kulturskole ble med fra start. Skolene hjelper familier som ikke "
        "har registrert seg.",
        "Andelen barn i minst én organisert aktivitet økte fra 71 til 83 prosent.",
        ("quality_of_life_health",),
        ("fritidskort", "barn og unge", "utjevning"),
    ),
    (
        "3403",
        "Bryggerikvartalet: gammelt industribygg som ny bydel",
        "Et verneverdig bryggeri ble bibliotek, kulturskole og boliger i stedet for å rives.",
        "Kommunen kjøpte bygget og regulerte kvartalet sammen med fylkeskommunen. "
        "Restaureringen fulgte antikvariske råd.",
        "Besøket på biblioteket ble doblet, og 120 boliger er bygd i kvartalet.",
        ("cultural_heritage", "land_use"),
        ("gjenbruk", "kulturarv", "stedsutvikling"),
    ),
    (
        "5006",
        "Klimavennlig landbruk i kommuneplanen",
        "Landbrukskontoret og bondelaget laget en plan for grøfting, fangvekster og biogass.",
        "Planen ble en temaplan med tiltak som bøndene selv valgte ut. Kommunen gir tilskudd "
        "til rådgivning på gården.",
        "60 gårder har fått klimarådgivning; et felles biogassanlegg er under bygging.",
        ("climate_energy", "production_consumption"),
        ("landbruk", "biogass", "klimarådgivning"),
    ),
    (
        "1820",
        "Kystkultur i skolen: båtbygging med 7. trinn",
        "Elevene bygger en tradisjonell åttring sammen med det lokale kystlaget.",
        "Kystlaget har båtbyggeren og verktøyet; skolen har elevene og timene. Båten sjøsettes "
        "ved skoleslutt og brukes av kystlaget.",
        "Tre båter bygd; opplegget er med i skolens lokale læreplan.",
        ("cultural_heritage",),
        ("kystkultur", "skole", "båtbygging"),
    ),
    (
        "5601",
        "Samisk språk i barnehagen",
        "To barnehager har samiske avdelinger og språkreir for barn som ikke har samisk hjemme.",
        "Kommunen samarbeider med sametinget om midler og med foreldrene om innholdet. "
        "Duodji og joik er en del av hverdagen.",
        "36 barn i samiske avdelinger; venteliste for språkreirene.",
        ("cultural_heritage", "international"),
        ("samisk", "barnehage", "språk"),
    ),
    (
        "1865",
        "Sortering av fiskeredskap i havna",
        "Fiskere leverer utrangerte garn og tau gratis til en container i havna for gjenvinning.",
        "Ordningen ble startet med fiskarlaget og et gjenvinningsselskap. Havnevakta hjelper med "
        "levering.",
        "18 tonn fiskeredskap levert det første året i stedet for å havne i sjøen.",
        ("production_consumption",),
        ("marin forsøpling", "gjenvinning", "havn"),
    ),
    (
        "3201",
        "Sykkelstrategi med vinterdrift",
        "Bærum brøyter og strør hovedsykkelrutene først, slik at folk kan sykle hele året.",
        "Hovedrutene fikk egen driftsstandard. Tellepunkter viser hvor mange som sykler om "
        "vinteren.",
        "Vintersyklingen på hovedrutene er tredoblet på fire år.",
        ("land_use", "climate_energy", "quality_of_life_health"),
        ("sykkel", "vinterdrift", "transport"),
    ),
    (
        "4617",
        "Folkehelseoversikt med ungdata i planstrategien",
        "Ungdataundersøkelsen og egne kartlegginger avgjorde hva planstrategien prioriterte.",
        "Folkehelsekoordinatoren presenterte funnene for kommunestyret før arbeidet med "
        "planstrategien begynte.",
        "Planstrategien prioriterer psykisk helse blant unge og sosial utjevning.",
        ("quality_of_life_health", "land_use"),
        ("folkehelse", "planstrategi", "ungdata"),
    ),
    (
        "1875",
        "Elbilpool for hjemmetjenesten",
        "Hjemmetjenesten bytter ut leasede dieselbiler med elbiler som bookes i en felles pool.",
        "Vi kartla kjøremønsteret før vi byttet og satte opp ladere ved helsesenteret.",
        "Alle 22 biler i hjemmetjenesten er elektriske, og antall biler gikk ned med en firedel.",
        ("climate_energy",),
        ("elbil", "bildeling", "hjemmetjeneste"),
    ),
    (
        "3312",
        "Jordvern: matjord flyttes når vei bygges",
        "Matjorda fra veiutbyggingen ble flyttet til et nydyrkingsfelt i stedet for å deponeres.",
        "Landbrukskontoret fant arealet, og entreprenøren fikk krav om å ta vare på matjordlaget.",
        "42 dekar ny dyrka mark; metoden brukes nå i alle kommunens anlegg.",
        ("land_use", "production_consumption"),
        ("jordvern", "matjord", "anlegg"),
    ),
    (
        "3101",
        "Festningsbyen som levende kulturarv",
        "Halden bruker festningen og trehusbyen aktivt i sentrumsplanen i stedet for å frede "
        "dem inn i glass.",
        "Sentrumsplanen gir rom for nye boliger i bakgårdene med krav til form og materialer.",
        "Befolkningen i sentrum økte med 12 prosent på seks år.",
        ("cultural_heritage", "land_use"),
        ("trehusby", "sentrumsplan", "kulturarv"),
    ),
    (
        "5037",
        "Frisklivssentral i grendene",
        "Frisklivssentralen holder grupper i tre grender, ikke bare i sentrum.",
        "Deltakerne henvises fra fastlege eller NAV, eller kommer selv. Idrettslagene stiller "
        "lokaler.",
        "Over 200 deltakere i året, og seks av ti er fortsatt aktive etter ett år.",
        ("quality_of_life_health",),
        ("frisklivssentral", "fysisk aktivitet", "grender"),
    ),
    (
        "4213",
        "Ombrukslager for kommunale møbler",
        "Enhetene melder inn møbler de ikke trenger, og andre henter før noen kjøper nytt.",
        "Ombrukslageret er en enkel nettside og et rom i kjelleren på rådhuset. "
        "Innkjøpsreglementet sier at ombruk skal vurderes først.",
        "Over 1 500 møbler ombrukt det første året; innkjøp av nye møbler halvert.",
        ("production_consumption", "climate_energy"),
        ("ombruk", "sirkulærøkonomi", "innkjøp"),
    ),
    (
        "5503",
        "Bærekraftsmålene i kommuneplanens samfunnsdel",
        "Harstad valgte ut de bærekraftsmålene som betyr mest lokalt og koblet dem til "
        "indikatorer i årsrapporten.",
        "Samfunnsdelen har mål, strategier og indikatorer som følges opp hvert år.",
        "12 prioriterte delmål og 30 indikatorer i samfunnsdelen.",
        ("international", "land_use"),
        ("bærekraftsmål", "samfunnsdel", "indikatorer"),
    ),
    (
        "4647",
        "Seniortreff og digital hjelp på biblioteket",
        "Frivillige hjelper eldre med nettbank, helsenorge og videosamtaler hver torsdag.",
        "Frivilligsentralen og biblioteket startet tilbudet etter at mange eldre ba om hjelp i "
        "skranken.",
        "Over 100 besøk hver måned; flere har startet egne turgrupper.",
        ("quality_of_life_health",),
        ("eldre", "ensomhet", "digital hjelp"),
    ),
    (
        "1840",
        "Nærvarme fra flisfyring ved skolen",
        "Skolen, sykehjemmet og idrettshallen varmes med flis fra skogeierne i dalen.",
        "Skogeierlaget leverer flis på en tiårig avtale; kommunen eier anlegget.",
        "Oljefyringen er faset ut; 350 tonn CO₂ spart i året.",
        ("climate_energy", "production_consumption"),
        ("bioenergi", "nærvarme", "skog"),
    ),
    (
        "3105",
        "Internasjonal uke i skolene",
        "Elever med familie fra andre land viser mat, språk og musikk for hele skolen.",
        "Uka planlegges av elevrådet med hjelp fra voksenopplæringen og foreldre.",
        "Alle elleve skoler deltar; foreldremøtene har flere fremmøtte enn før.",
        ("international", "quality_of_life_health"),
        ("integrering", "skole", "mangfold"),
    ),
]

DEMO_COUNT = len(CASES)
# Most cases are published; every tenth waits for review and every tenth is still a draft.
STATUS_CYCLE = ["published"] * 8 + ["in_review", "draft"]


def _holder(role: str, scope: Municipality | KsRegion | None) -> User | None:
    """The first demo user holding `role` over exactly `scope`."""
    if scope is None:
        return None
    return (
        User.objects.filter(
            role_assignments__role=role,
            role_assignments__scope_type=ContentType.objects.get_for_model(scope),
            role_assignments__scope_id=scope.pk,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def demo_ideabank_load() -> int:
    """Create the demo examples once (idempotent: does nothing if they exist). Returns how many
    demo examples there are. Each is written by its municipality's coordinator where the demo
    has one and published by an adviser of its region, whom the rules let review it."""
    existing = Example.objects.filter(is_demo=True).count()
    if existing:
        _link_to_networks()
        return existing
    _bodo_in_every_status()
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not security
    municipalities = {
        m.number: m
        for m in Municipality.objects.current().select_related("county__ks_region")
        if m.number in {case[0] for case in CASES}
    }
    # The national coordinator reviews where the region has no demo adviser.
    national = User.objects.filter(role_assignments__role=Role.NATIONAL_COORDINATOR).first()
    now = timezone.now()
    for i, (number, title, summary, body, results, themes, tags) in enumerate(CASES):
        municipality = municipalities[number]
        data = services.ExampleData(
            title=title,
            summary=summary,
            body=body,
            results=results,
            themes=list(themes),
            tags=list(tags),
            contact_name="Demo Kontaktperson",
            contact_email=f"kontakt@{municipality.number}.{DEMO_DOMAIN}",
            show_contact_email=i % 3 == 0,
        )
        author = _holder(Role.MUNICIPAL_COORDINATOR, municipality)
        written = now - datetime.timedelta(days=rng.randint(30, 720), hours=i % 7)
        since = timezone.now()
        example = services.example_create(
            municipality=municipality, data=data, created_by=author, is_demo=True
        )
        status = "published" if number == "1804" else STATUS_CYCLE[i % len(STATUS_CYCLE)]
        if status in ("in_review", "published"):
            services.example_submit(example=example, user=author)
        backdate([example], written, since=since)
        example.status_changes.filter(changed_at__gte=since).update(changed_at=written)
        if status == "published":
            adviser = _holder(Role.REGIONAL_ADVISER, municipality.county.ks_region)
            reviewer = acting(adviser or national, "ideabank.review_example", example)
            since = timezone.now()
            services.example_publish(example=example, user=reviewer)
            published_at = written + datetime.timedelta(days=rng.randint(3, 20))
            backdate([example], published_at, since=since)
            example.status_changes.filter(changed_at__gte=since).update(changed_at=published_at)
            Example.objects.filter(pk=example.pk).update(
                published_at=published_at, created_at=written
            )
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
