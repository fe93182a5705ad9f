"""Demo policy input to the state: input in every status from Bodø, Voss, two networks and the
programme, answered by the demo state representative `stat`. Demo titles end with "(demo)"."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, User
from kommunenettverk.community.demo import DOMAIN
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.networks.models import Network
from kommunenettverk.policy import services as policy_services
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.programmes.models import Programme
from kommunenettverk.registry.models import Municipality

# (sender kind, sender key, author, addressee, title, themes, final status, outcome)
POLICY_INPUTS: list[tuple[str, str, str, str, str, list[str], str, str]] = [
    (
        "municipality",
        "1804",
        "koordinator.bodo",
        "Miljødirektoratet",
        "Enklere Klimasats-søknad for mindre tiltak",
        ["climate_energy"],
        "draft",
        "",
    ),
    (
        "municipality",
        "4621",
        "koordinator.voss",
        "Helsedirektoratet",
        "Folkehelseoversikten bør kunne deles mellom nabokommuner",
        ["quality_of_life_health"],
        "submitted",
        "",
    ),
    (
        # Under review at the ministry: on the demo state representative's Mine oppgaver.
        "municipality",
        "4621",
        "koordinator.voss",
        "Klima- og miljødepartementet",
        "Statlige midler til klimatilpasning av kommunale veier",
        ["climate_energy"],
        "reviewing",
        "",
    ),
    (
        "network",
        "helse-og-miljo-salten",
        "radgiver.nord",
        # Another body's: not on the demo state representative's list (policy.rules).
        "Helsedirektoratet",
        "Langsiktig finansiering av friskliv i små kommuner",
        ["quality_of_life_health"],
        "forwarded",
        "",
    ),
    (
        "programme",
        "livskraftige-kommuner",
        "nasjonal",
        "Klima- og miljødepartementet",
        "Klimabudsjett som del av økonomiplanen",
        ["climate_energy", "land_use"],
        "answered",
        "guidance",
    ),
    (
        "municipality",
        "1804",
        "koordinator.bodo",
        "Klima- og miljødepartementet",
        "Arealnøytralitet i kommuneplanens arealdel",
        ["land_use"],
        "closed",
        "regulation",
    ),
    (
        "network",
        "salten-livskraft",
        "radgiver.nord",
        "Klima- og miljødepartementet",
        "Rapportering av klimagassutslipp fra kommunale bygg",
        ["climate_energy", "production_consumption"],
        "closed",
        "none",
    ),
]
# Every input the ministry answers was first "Under vurdering" there.
POLICY_STEPS = ["submitted", "forwarded", "reviewing", "answered", "closed"]


def _demo_user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


@transaction.atomic
def demo_policy_input_load() -> None:
    """Policy input in every status from municipalities, networks and the programme, with
    answers from the demo state representative `stat`. Runs after the idea bank's demo (the
    input refers to published examples). Idempotent."""
    if PolicyInput.objects.filter(is_demo=True).exists():
        return
    national, state = _demo_user("nasjonal"), _demo_user("stat")
    now = timezone.now()
    indicators = list(Indicator.objects.order_by("pk")[:2])
    for n, (kind, key, author, to, title, themes, final, outcome) in enumerate(POLICY_INPUTS):
        sender: Municipality | Network | Programme
        if kind == "municipality":
            sender = Municipality.objects.get(number=key)
            examples = Example.objects.published().filter(municipality=sender)
        else:
            model = Network if kind == "network" else Programme
            sender = model.objects.get(slug=key)
            examples = Example.objects.published()
        addressee = Organisation.objects.filter(name=to).first() or Organisation.objects.create(
            name=to, kind=Organisation.Kind.DIRECTORATE
        )
        start = now - datetime.timedelta(days=120 - 12 * n)
        policy_input = policy_services.policy_input_save(
            by=_demo_user(author),
            sender=sender,
            fields={
                "title": f"{title} (demo)",
                "problem": (
                    "Demodata: dagens nasjonale rammer gjør det unødvendig tungt for kommunene "
                    "å gjennomføre tiltakene de har vedtatt i planene sine."
                ),
                "proposal": (
                    "Demodata: vi foreslår at staten forenkler ordningen og gir kommunene "
                    "felles veiledning, gjerne utviklet sammen med nettverkene."
                ),
                "addressee": addressee,
            },
            themes=themes,
            examples=list(examples.order_by("pk")[:2]),
            indicators=indicators,
            is_demo=True,
        )
        PolicyInput.objects.filter(pk=policy_input.pk).update(created_at=start)
        policy_input.status_changes.update(at=start)
        outcome_text = (
            "Demodata: ny veileder kommer neste år." if outcome not in ("", "none") else ""
        )
        steps = POLICY_STEPS[: POLICY_STEPS.index(final) + 1] if final != "draft" else []
        for i, step in enumerate(steps):
            at = start + datetime.timedelta(days=5 + 14 * i)
            by = {"submitted": _demo_user(author), "reviewing": state, "answered": state}.get(
                step, national
            )
            if step == "submitted":
                policy_input = policy_services.policy_input_submit(
                    policy_input=policy_input, by=by, at=at
                )
            elif step == "forwarded":
                policy_input = policy_services.policy_input_forward(
                    policy_input=policy_input,
                    by=by,
                    at=at,
                    comment="Demodata: videresendt med anbefaling.",
                )
            elif step == "reviewing":
                policy_input = policy_services.policy_input_review(
                    policy_input=policy_input,
                    by=by,
                    at=at,
                    comment="Demodata: departementet vurderer innspillet.",
                )
            elif step == "answered":
                policy_input = policy_services.policy_input_answer(
                    policy_input=policy_input,
                    by=by,
                    at=at,
                    answer=(
                        "Demodata: departementet takker for innspillet og vil følge det opp i "
                        "arbeidet med ny veiledning."
                    ),
                    outcome=outcome,
                    outcome_text=outcome_text,
                )
            else:
                policy_input = policy_services.policy_input_close(
                    policy_input=policy_input,
                    by=by,
                    at=at,
                    outcome=outcome,
                    outcome_text=outcome_text,
                )
