"""The demo's discussions (clearly demo data): a few believable threads in *Helse og miljø
Salten* between Bodø and Fauske, with answers, one that helped, a published summary, a comment
on Bodø's goal, and a question nobody has answered yet. Written through the services, so the
demo obeys the rules it shows. Idempotent."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import forget_roles
from kommunenettverk.discussions import services
from kommunenettverk.discussions.models import Post, Thread
from kommunenettverk.discussions.rules import forget_membership
from kommunenettverk.networks.models import Network
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import Municipality

NETWORK = "helse-og-miljo-salten"
# Two more people in the network (the page index and the browser test sign in as them): a
# participant in Fauske who answers Bodø, and a public-health adviser in Bodø who asks.
PEOPLE = [
    ("deltaker.fauske", "Frida Fjell", "1841"),
    ("folkehelse.bodo", "Bjørn Berg", "1804"),
]

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _person(local: str, name: str, number: str) -> User:
    user, _created = User.objects.update_or_create(
        email=f"{local}@{DEMO_DOMAIN}", defaults={"full_name": name}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    municipality = Municipality.objects.get(number=number)
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.PARTICIPANT,
        scope_type=ContentType.objects.get_for_model(Municipality),
        scope_id=municipality.pk,
    )
    forget_roles(user)
    forget_membership(user)
    return user


def _demo(email: str) -> User:
    return User.objects.get(email=f"{email}@{DEMO_DOMAIN}")


def _age(thread: Thread, days: int) -> None:
    """Date the thread and its posts back, keeping their order."""
    start = timezone.now() - datetime.timedelta(days=days)
    Thread.objects.filter(pk=thread.pk).update(created_at=start)
    last = start
    for n, post in enumerate(Post.objects.filter(thread=thread).order_by("pk"), start=1):
        last = start + datetime.timedelta(hours=5 * n)
        Post.objects.filter(pk=post.pk).update(created_at=last)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=last)


@transaction.atomic
def demo_discussions_load() -> int:
    """Create the demo threads once; returns how many threads the demo network has."""
    network = Network.objects.filter(slug=NETWORK).first()
    if network is None:
        return 0
    frida, bjorn = (_person(*p) for p in PEOPLE)
    if Thread.objects.filter(network=network).exists():
        return Thread.objects.filter(network=network).count()
    dina, kari, rune = _demo("deltaker.bodo"), _demo("koordinator.bodo"), _demo("radgiver.nord")

    overview = services.thread_start(
        network=network,
        author=bjorn,
        kind=Thread.Kind.QUESTION,
        title="Hvordan holder dere folkehelseoversikten oppdatert mellom planperiodene?",
        body=(
            "Vi i Bodø lager folkehelseoversikten hvert fjerde år, men tallene er gamle lenge "
            "før neste runde. Hvordan gjør dere det i Fauske, Beiarn og Saltdal? Har dere faste "
            "rutiner for å oppdatere indikatorene, og hvem har ansvaret?"
        ),
    )
    helpful = services.post_answer(
        overview,
        frida,
        "Vi har gjort det til en årlig sak i helse- og omsorgsutvalget i mars. "
        "Folkehelsekoordinatoren henter nye tall fra Folkehelseprofilen og kommunebarometeret, "
        "og vi skriver bare det som er endret: to sider, ikke en ny rapport. Det tar om lag "
        "tre dagsverk i året.",
    )
    services.post_answer(
        overview,
        rune,
        "Flere i nettverket har spurt om det samme. Jeg tar det opp på samlingen i Fauske, "
        "så kan Frida vise malen de bruker.",
    )
    services.post_answer(
        overview,
        bjorn,
        "Takk, Frida! @Frida Fjell, kan du dele malen for de to sidene?",
        parent=helpful,
    )
    services.post_mark_helpful(post=helpful, user=bjorn, helpful=True)
    services.thread_pin(thread=overview, user=rune, pinned=True)
    services.thread_summary_set(
        thread=overview,
        user=rune,
        summary=(
            "Kommunene i Helse og miljø Salten holder folkehelseoversikten oppdatert med en "
            "årlig, kort oppdatering til det politiske utvalget: bare endringene i "
            "indikatorene siden sist, hentet fra Folkehelseprofilen. Det tar om lag tre "
            "dagsverk i året og gjør neste fullstendige oversikt lettere."
        ),
        publish=True,
    )
    _age(overview, 20)

    draft = services.thread_start(
        network=network,
        author=frida,
        kind=Thread.Kind.FEEDBACK,
        title="Innspill på utkast: plan for fysisk aktivitet og naturopplevelser",
        body=(
            "Vedlagt er utkastet til temaplanen vår for fysisk aktivitet. Vi er usikre på om "
            "tiltakene for eldre er konkrete nok. Kommentarer før 1. februar er hjertelig "
            "velkomne. @Dina Deltaker, dere hadde vel noe lignende i Bodø?"
        ),
        attachments=[SimpleUploadedFile("utkast-plan-fysisk-aktivitet.pdf", DEMO_PDF)],
    )
    services.post_answer(
        draft,
        dina,
        "Ja! Vi fikk god effekt av turvenn-ordningen med frivilligsentralen. Jeg ville gjort "
        "tiltak 4 mer konkret: hvem gjør hva, og hvor mange turer i uka?",
    )
    _age(draft, 9)

    partners = services.thread_start(
        network=network,
        author=frida,
        kind=Thread.Kind.PARTNERS,
        title="Søker partnere: felles søknad om midler til trafikksikre skoleveier",
        body=(
            "Fauske vil søke fylkeskommunen om midler til trafikksikre skoleveier og "
            "aktiv skolevei. Vil noen søke sammen med oss? Vi spør også Idébanken om de kjenner "
            "til gode eksempler."
        ),
        audience=Thread.Audience.PROGRAMME,
        partner=Organisation.objects.filter(name="Idébanken").first(),
    )
    _age(partners, 4)

    question = services.thread_start(
        network=network,
        author=frida,
        kind=Thread.Kind.QUESTION,
        title="Universell utforming av turstier: hvem har erfaring?",
        body=(
            "Vi skal oppgradere turstien rundt Fauskevannet. Har noen erfaring med "
            "grusdekke og stigning som rullestolbrukere faktisk kan bruke?"
        ),
    )
    _age(question, 2)

    goal = Goal.objects.filter(municipality__number="1804", published=True).order_by("pk").first()
    if goal is not None:
        first = services.comment_post(
            about=goal,
            author=frida,
            body="Godt mål! Hvordan måler dere fremgangen fra år til år?",
        )
        services.comment_post(
            about=goal,
            author=kari,
            body="Vi følger to indikatorer i kommunebarometeret og rapporterer i årsrapporten.",
            parent=first,
        )
    return Thread.objects.filter(network=network).count()
