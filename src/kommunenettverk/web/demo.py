"""The demo scenario: each app's demo loader, called in dependency order. Idempotent."""

from __future__ import annotations

from collections.abc import Callable

from kommunenettverk.accounts.demo import DemoUser, demo_accounts_load, demo_invitation_load
from kommunenettverk.community.demo import demo_community_load
from kommunenettverk.discussions.demo import demo_discussions_load
from kommunenettverk.ideabank.demo import demo_ideabank_load
from kommunenettverk.ideabank.demo_adoptions import demo_adoptions_load
from kommunenettverk.indicators.demo import demo_indicators_load
from kommunenettverk.networks.demo import (
    demo_close_out_load,
    demo_close_out_outcomes_load,
    demo_dialogue_forum_load,
    demo_networks_load,
    demo_onboarding_job_load,
)
from kommunenettverk.notifications.services import notices_muted
from kommunenettverk.plans.demo import demo_plans_load
from kommunenettverk.policy.demo import demo_policy_input_load
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.services import registry_load_snapshot
from kommunenettverk.reports.demo import demo_reports_load
from kommunenettverk.web.demo_notices import demo_notices_load
from kommunenettverk.web.demo_tasks import demo_tasks_load


def demo_load(progress: Callable[[str], object] = lambda _: None) -> list[DemoUser]:
    if not Municipality.objects.exists():
        progress("Laster kommuneregisteret …")
        registry_load_snapshot()
    progress("Laster demobrukere …")
    users = demo_accounts_load()
    # The scenario's history happened long ago: nobody is notified of it while it loads.
    with notices_muted():
        _demo_history_load(progress)
    progress("Lager varsler om det som venter nå …")
    demo_notices_load()
    return users


def _demo_history_load(progress: Callable[[str], object]) -> None:
    progress("Laster demoprogram, nettverk og samlinger …")
    demo_networks_load()
    demo_dialogue_forum_load()
    demo_close_out_load()
    demo_invitation_load()
    demo_onboarding_job_load()
    progress("Laster planer, mål, tiltak og årsrapporter …")
    demo_plans_load()
    progress("Laster demoindikatorer (demodata) …")
    demo_indicators_load()
    progress("Laster innbyggerforslag, frivillighet og partnerskap …")
    demo_community_load()
    progress("Laster demoeksempler i idébanken …")
    demo_ideabank_load()
    progress("Laster eksempler som er tatt i bruk i andre kommuner …")
    demo_adoptions_load()  # after the examples and the measures exist
    demo_close_out_outcomes_load()  # the closed gathering's measures and examples
    progress("Laster diskusjoner i nettverket Helse og miljø Salten …")
    demo_discussions_load()  # after the goals and the examples exist
    progress("Laster innspill til nasjonal politikk …")
    demo_policy_input_load()
    progress("Lager en eksempelrapport …")
    demo_reports_load()
    progress("Lager oppgaver som venter på demobrukerne …")
    demo_tasks_load()  # last: builds on the networks, plans and indicators above
