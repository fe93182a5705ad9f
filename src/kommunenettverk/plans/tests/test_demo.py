"""The demo shows shared goals, measures in projects, reports per programme, a withdrawn
participation that left its network and emailed invitations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from kommunenettverk.accounts.demo import DEMO_DOMAIN, demo_accounts_load
from kommunenettverk.networks.demo import demo_networks_load
from kommunenettverk.networks.models import Invitation, NetworkMembership
from kommunenettverk.plans.demo import demo_plans_load
from kommunenettverk.plans.models import AnnualReport, Goal, Measure
from kommunenettverk.programmes.models import ParticipationStatus

pytestmark = pytest.mark.django_db


def test_demo_links_plans_to_networks(
    registry: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    demo_accounts_load()
    with django_capture_on_commit_callbacks(execute=True):
        demo_networks_load(full=False)
    demo_plans_load()
    shared = Goal.objects.filter(network__slug="helse-og-miljo-salten")
    assert set(shared.values_list("municipality__number", flat=True)) == {"1804", "1841"}
    linked = Measure.objects.filter(goal__municipality__number="1804").exclude(
        development_project=None
    )
    slugs = linked.values_list("development_project__network__slug", flat=True)
    assert set(slugs) == {"helse-og-miljo-salten"}
    programmes = AnnualReport.objects.filter(municipality__number="1804").values_list(
        "participation__programme__slug", flat=True
    )
    assert set(programmes) == {"helse-og-miljokommuner", "livskraftige-kommuner"}
    withdrawn = NetworkMembership.objects.filter(
        participation__status=ParticipationStatus.WITHDRAWN
    )
    assert withdrawn.exists() and not withdrawn.filter(left_on=None).exists()
    assert Invitation.objects.exclude(emailed_at=None).exists()
    assert any(f"koordinator.bodo@{DEMO_DOMAIN}" in message.to for message in mail.outbox)
