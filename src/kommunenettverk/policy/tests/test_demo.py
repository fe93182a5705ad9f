"""The demo shows policy input in every status and a dialogue forum with the state."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.demo import DEMO_DOMAIN, demo_accounts_load
from kommunenettverk.accounts.models import User
from kommunenettverk.networks.demo import demo_dialogue_forum_load, demo_networks_load
from kommunenettverk.networks.models import Gathering
from kommunenettverk.policy.demo import demo_policy_input_load
from kommunenettverk.policy.models import PolicyInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(registry: None) -> None:
    demo_accounts_load()
    demo_networks_load(full=False)
    demo_dialogue_forum_load()
    demo_policy_input_load()


def test_policy_input_in_every_status_from_every_kind_of_sender(demo: None) -> None:
    inputs = list(PolicyInput.objects.all())
    assert {i.status for i in inputs} == set(PolicyInput.Status.values)
    assert {i.sender_kind for i in inputs} == {"municipality", "network", "programme"}
    assert all(i.is_demo and i.title.endswith("(demo)") for i in inputs)
    stat = User.objects.get(email=f"stat@{DEMO_DOMAIN}")
    answered = [i for i in inputs if i.status in ("answered", "closed")]
    assert answered and all(i.answered_by == stat for i in answered)
    demo_policy_input_load()
    assert PolicyInput.objects.count() == len(inputs)


def test_demo_forum_has_state_participants_outcomes_and_one_overdue_action(demo: None) -> None:
    forum = Gathering.objects.get(kind=Gathering.Kind.DIALOGUE_FORUM)
    assert forum.state_bodies_present.exists() and forum.outcomes
    assert forum.registrations.filter(attended=True).exists()  # municipalities took part
    assert [a.is_overdue() for a in forum.follow_ups.all()].count(True) == 1
    demo_dialogue_forum_load()
    assert Gathering.objects.filter(kind=Gathering.Kind.DIALOGUE_FORUM).count() == 1


def test_senders_see_their_input_and_people_without_a_sender_are_told(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(email=f"koordinator.bodo@{DEMO_DOMAIN}"))
    page = client.get(reverse("policy_input:mine")).content.decode()
    assert "Enklere Klimasats-søknad for mindre tiltak (demo)" in page  # Bodø's draft
    assert "Folkehelseoversikten bør kunne deles" not in page  # Voss's input
    assert reverse("policy_input:create_municipal", args=["1804"]) in page
    client.force_login(User.objects.get(email=f"deltaker.bodo@{DEMO_DOMAIN}"))
    page = client.get(reverse("policy_input:mine")).content.decode()
    assert "Du skriver ikke innspill for noen kommune" in page
