"""Fixtures for the community tests: published plans, a consultation, a citizen, an activity."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from conftest import MakeUser
from django.test import Client
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.community import services
from kommunenettverk.community.models import Activity, Citizen, Consultation, VolunteerArena
from kommunenettverk.community.views import CITIZEN_SESSION_KEY
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality


@pytest.fixture
def goal(bodo: Municipality) -> Goal:
    return plan_services.goal_save(
        municipality=bodo, fields={"statement": "Mer sykling i Bodø", "published": True}
    )


@pytest.fixture
def hidden_goal(bodo: Municipality) -> Goal:
    return plan_services.goal_save(municipality=bodo, fields={"statement": "Hemmelig utkast"})


@pytest.fixture
def measure(goal: Goal) -> Measure:
    return plan_services.measure_save(
        goal=goal,
        fields={"title": "Sykkelveier langs fjorden", "dimension": "practice", "published": True},
        partners=[],
    )


@pytest.fixture
def consultation(bodo: Municipality) -> Consultation:
    return services.consultation_save(
        municipality=bodo,
        fields={
            "title": "Nye sykkelveier",
            "text": "Hvor savner du sykkelvei?",
            "deadline": timezone.localdate() + datetime.timedelta(days=10),
        },
    )


@pytest.fixture
def citizen(db: None) -> Citizen:
    return Citizen.objects.create(email="kari.innbygger@example.org", display_name="Kari B.")


def sign_in(client: Client, citizen: Citizen) -> Client:
    session = client.session
    session[CITIZEN_SESSION_KEY] = citizen.pk
    session.save()
    return client


@pytest.fixture
def citizen_client(client: Client, citizen: Citizen) -> Client:
    return sign_in(client, citizen)


@pytest.fixture
def coordinator(make_user: MakeUser, bodo: Municipality) -> User:
    return make_user(Role.MUNICIPAL_COORDINATOR, bodo)


@pytest.fixture
def arena(bodo: Municipality) -> VolunteerArena:
    club = Organisation.objects.create(name="Turlaget", kind=Organisation.Kind.VOLUNTARY)
    return services.arena_save(
        municipality=bodo,
        fields={"name": "Stiryddergruppa", "description": "Vi rydder stier.", "place": "Marka"},
        organisations=[club],
    )


@pytest.fixture
def activity(arena: VolunteerArena) -> Activity:
    return services.activity_save(
        arena=arena,
        fields={
            "title": "Stirydding",
            "starts_at": timezone.now() + datetime.timedelta(days=5),
            "duration_hours": Decimal("3"),
            "place": "Lysløypa",
            "capacity": 2,
        },
    )
