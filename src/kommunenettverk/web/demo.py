"""The demo scenario: each app's demo loader, called in dependency order. Idempotent."""

from __future__ import annotations

from collections.abc import Callable

from kommunenettverk.accounts.demo import DemoUser, demo_accounts_load
from kommunenettverk.ideabank.demo import demo_ideabank_load
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.services import registry_load_snapshot


def demo_load(progress: Callable[[str], object] = lambda _: None) -> list[DemoUser]:
    if not Municipality.objects.exists():
        progress("Laster kommuneregisteret …")
        registry_load_snapshot()
    progress("Laster demobrukere …")
    users = demo_accounts_load()
    progress("Laster demoeksempler i idébanken …")
    demo_ideabank_load()
    return users
