"""The demo's closed-out gathering (demo data): the latest past gathering of *Helse og miljø
Salten*, closed by its adviser with a summary, public minutes, outcomes, her evaluation, a
walk-in and follow-up actions, one of them Dina Deltaker's, and (once plans and the idea bank
have loaded) links to the measures and examples that came out of it. Idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.core.workdays import next_working_day
from kommunenettverk.networks import services
from kommunenettverk.networks.models import AttendeeRole, Gathering, Network
from kommunenettverk.networks.outcomes import outcome_kinds

SUMMARY = (
    "Alle fire kommunene stilte, tre av dem med folkevalgt, toppleder og fagperson. "
    "Samlingen handlet om klimaregnskap og om hvordan folkehelseoversikten kan brukes i "
    "kommuneplanens samfunnsdel."
)
MINUTES = (
    "1. Velkommen ved ordføreren i vertskommunen.\n"
    "2. Klimaregnskap: Bodø viste hvordan klimabudsjettet følges opp i tertialrapportene. "
    "Fauske og Saltdal vil prøve samme oppsett fra neste budsjettår.\n"
    "3. Folkehelseoversikten i samfunnsdelen: Idébanken la fram eksempler fra tre kommuner. "
    "Beiarn deler erfaringene fra sin medvirkning med eldre og ungdom.\n"
    "4. Erfaringsutveksling i grupper: felles utfordring er å få tiltakene inn i "
    "handlingsdelen.\n"
    "5. Neste samling: tema arealplanlegging og friluftsliv."
)
OUTCOMES = (
    "Nettverket lager en felles mal for klimaregnskap i tertialrapportene. "
    "Kommunene deler sine folkehelseoversikter med hverandre før neste samling."
)
EVALUATION = (
    "Godt oppmøte og god diskusjon om klimaregnskap. Gruppearbeidet fikk for lite tid; "
    "neste gang settes det av en time."
)


@transaction.atomic
def demo_close_out_load(network_slug: str = "helse-og-miljo-salten") -> None:
    """Close out the network's latest past gathering (see the module docstring). Does
    nothing if it is closed already or the network has no past gathering."""
    network = Network.objects.filter(slug=network_slug).select_related("adviser").first()
    if network is None or network.adviser is None:
        return
    gathering = (
        network.gatherings.filter(kind=Gathering.Kind.GATHERING, ends_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    if gathering is None or gathering.closed_at is not None:
        return
    adviser = network.adviser
    saltdal = gathering.invitations.get(participation__municipality__number="1840").participation
    services.walk_in_add(
        gathering=gathering,
        by=adviser,
        participation=saltdal,
        name="Marit Johansen (demo)",
        role=AttendeeRole.PROFESSIONAL,
    )
    services.gathering_close_out(
        gathering=gathering,
        by=adviser,
        summary=SUMMARY,
        minutes=MINUTES,
        minutes_public=True,
        outcomes=OUTCOMES,
        adviser_evaluation=EVALUATION,
    )
    ended = timezone.localtime(gathering.ends_at).date()
    dina = User.objects.filter(full_name="Dina Deltaker").first()
    services.follow_up_add(
        gathering=gathering,
        text="Lage utkast til felles mal for klimaregnskap i tertialrapportene (demo)",
        owner_user=adviser,
        deadline=ended + datetime.timedelta(days=60),
    )
    if dina is not None:
        services.follow_up_add(
            gathering=gathering,
            text="Sende Bodøs folkehelseoversikt til de andre kommunene i nettverket (demo)",
            owner_user=dina,
            deadline=max(ended + datetime.timedelta(days=90), timezone.localdate()),
        )
    closed = datetime.datetime.combine(
        next_working_day(ended + datetime.timedelta(days=2)),
        datetime.time(13, 0),
        timezone.get_current_timezone(),
    )
    Gathering.objects.filter(pk=gathering.pk).update(closed_at=closed)


@transaction.atomic
def demo_close_out_outcomes_load(network_slug: str = "helse-og-miljo-salten") -> None:
    """Link what came out of the demo's closed gathering: for each registered kind (measures,
    examples), up to two published ones of Bodø and one of another member, so Bodø's page
    shows "Det vi tok med hjem" with links. Runs after the plans and idea bank demos (the
    kinds' objects must exist); does nothing if links are there already."""
    gathering = (
        # The one with public minutes: Bodø's public page shows it to everyone.
        Gathering.objects.filter(
            network__slug=network_slug, closed_at__isnull=False, minutes_public=True
        )
        .select_related("network__adviser")
        .order_by("-starts_at")
        .first()
    )
    if gathering is None or gathering.network.adviser is None:
        return
    if gathering.outcome_links.exists():
        return
    adviser = gathering.network.adviser
    picks: dict[str, list[int]] = {}
    for kind in outcome_kinds():
        public = [
            obj for obj in kind.candidates(adviser, gathering) if kind.visible(AnonymousUser(), obj)
        ]
        bodo = [o for o in public if getattr(kind.municipality_of(o), "number", "") == "1804"]
        others = [o for o in public if o not in bodo]
        picks[kind.key] = [o.pk for o in [*bodo[:2], *others[:1]]]
    services.gathering_outcomes_set(gathering=gathering, by=adviser, picks=picks)
