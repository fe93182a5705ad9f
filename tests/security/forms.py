"""The create forms of the site that people write free text in, each with how to reach it as
the role allowed to use it, valid data, and the pages that then show what was written. Shared by
the double-submit and the stored-XSS tests of the security suite."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from conftest import MakeUser
from django.db import models
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.community.models import Citizen, Proposal
from kommunenettverk.community.views import CITIZEN_SESSION_KEY
from kommunenettverk.ideabank.models import Example
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.registry.models import Municipality


@dataclass
class World:
    bodo: Municipality
    coordinator: User
    goal: Goal
    ministry: Organisation
    citizen: Citizen

    def as_coordinator(self) -> Client:
        client = Client()
        client.force_login(self.coordinator)
        return client

    def as_citizen(self) -> Client:
        client = Client()
        session = client.session
        session[CITIZEN_SESSION_KEY] = self.citizen.pk
        session.save()
        return client


@pytest.fixture
def world(bodo: Municipality, make_user: MakeUser) -> World:
    return World(
        bodo=bodo,
        coordinator=make_user(Role.MUNICIPAL_COORDINATOR, bodo),
        goal=plan_services.goal_save(
            municipality=bodo, fields={"statement": "Et grønnere Bodø", "published": True}
        ),
        ministry=Organisation.objects.create(
            name="Klima- og miljødepartementet", kind=Organisation.Kind.MINISTRY
        ),
        citizen=Citizen.objects.create(email="innbygger@example.org", display_name="Kari B."),
    )


@dataclass(frozen=True)
class CreateForm:
    url: Callable[[World], str]
    client: Callable[[World], Client]
    data: Callable[[World], dict[str, object]]
    model: type[models.Model]
    text_fields: tuple[str, ...]
    # The pages that show what was written, as the one who wrote it or moderates it.
    shown_on: Callable[[World, models.Model], list[tuple[Client, str]]]


def _coordinator_pages(
    *urls: Callable[[World], str],
) -> Callable[[World, models.Model], list[tuple[Client, str]]]:
    """The object's own page and `urls`, as the municipal coordinator."""

    def pages(world: World, obj: models.Model) -> list[tuple[Client, str]]:
        client = world.as_coordinator()
        own: str = obj.get_absolute_url()  # type: ignore[attr-defined]
        return [(client, own)] + [(client, url(world)) for url in urls]

    return pages


def _proposal_pages(world: World, obj: models.Model) -> list[tuple[Client, str]]:
    return [
        (world.as_coordinator(), reverse("community:moderation", args=[world.bodo.number])),
        (world.as_citizen(), reverse("community:citizen_data")),
    ]


CREATE_FORMS: dict[str, CreateForm] = {
    "goal": CreateForm(
        url=lambda w: reverse("plans:goal_create", args=[w.bodo.number]),
        client=World.as_coordinator,
        data=lambda w: {
            "statement": "Mål",
            "rationale": "Fordi.",
            "themes": ["climate_energy"],
            "plan_section": "3.1",
            "published": "on",
        },
        model=Goal,
        text_fields=("statement", "rationale"),
        shown_on=_coordinator_pages(
            lambda w: reverse("plans:strategy_overview", args=[w.bodo.number])
        ),
    ),
    "measure": CreateForm(
        url=lambda w: reverse("plans:measure_create", args=[w.goal.pk]),
        client=World.as_coordinator,
        data=lambda w: {
            "title": "Tiltak",
            "description": "Slik.",
            "responsible_unit": "Teknisk",
            "dimension": "practice",
            "status": "planned",
            "progress": 0,
            "published": "on",
        },
        model=Measure,
        text_fields=("title", "description", "responsible_unit"),
        shown_on=_coordinator_pages(
            lambda w: w.goal.get_absolute_url(),
            lambda w: reverse("plans:strategy_overview", args=[w.bodo.number]),
        ),
    ),
    "example": CreateForm(
        url=lambda w: reverse("ideabank:example_create"),
        client=World.as_coordinator,
        data=lambda w: {
            "municipality": w.bodo.pk,
            "title": "Turstier",
            "summary": "Vi merket turstier.",
            "body": "Frivillige merket turstiene.",
            "results": "Flere går tur.",
            "themes": ["quality_of_life_health"],
            "tags": "turstier",
            "contact_name": "Kari Koordinator",
            "show_contact_name": "on",
        },
        model=Example,
        text_fields=("title", "summary", "body", "results", "tags", "contact_name"),
        shown_on=_coordinator_pages(),
    ),
    "policy_input": CreateForm(
        url=lambda w: reverse("policy_input:create_municipal", args=[w.bodo.number]),
        client=World.as_coordinator,
        data=lambda w: {
            "title": "Enklere Klimasats",
            "problem": "Søknaden er for tung.",
            "proposal": "Lag en enklere søknad.",
            "addressee": w.ministry.pk,
        },
        model=PolicyInput,
        text_fields=("title", "problem", "proposal"),
        shown_on=_coordinator_pages(),
    ),
    "proposal": CreateForm(
        url=lambda w: reverse("community:proposal_create", args=["mal", w.goal.pk]),
        client=World.as_citizen,
        data=lambda w: {"kind": "proposal", "title": "Forslag", "text": "Tekst", "website": ""},
        model=Proposal,
        text_fields=("title", "text"),
        shown_on=_proposal_pages,
    ),
}

_TOKEN = re.compile(r'name="submit_once" value="([^"]+)"')


def form_token(client: Client, url: str) -> str:
    """The one-time token of the create form at `url` (core.submissions)."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    match = _TOKEN.search(page.text)
    assert match, f"{url} has no one-time form token"
    return match.group(1)
