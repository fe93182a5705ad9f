"""Applications rest on a real political decision: full, or "vedtak kommer" and then no
approval until it is there; refusal with a reason, and the applicant is told."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.programmes import services
from kommunenettverk.programmes.models import Participation, ParticipationStatus
from kommunenettverk.programmes.tests.factories import APPLICATION, make_programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
DECISION = ("decision_body", "decision_date", "decision_case_ref", "decision_url")


def _apply(municipality: Municipality, user: object = None, **fields: object) -> Participation:
    programme = make_programme()
    application = {k: v for k, v in APPLICATION.items() if k not in DECISION}
    return services.participation_apply(
        programme=programme,
        municipality=municipality,
        themes=list(programme.themes.all()[:2]),
        user=user,  # type: ignore[arg-type]  # a User or None
        **{**application, **fields},
    )


def test_application_needs_the_decision_or_vedtak_kommer(bodo: Municipality) -> None:
    with pytest.raises(ValidationError) as error:
        _apply(bodo, decision_body="Kommunestyret")
    assert set(error.value.message_dict) == {
        "decision_date",
        "decision_case_ref",
        "decision_url",
        "decision_pending",
    }
    assert not Participation.objects.exists()
    participation = _apply(bodo, decision_pending=True)
    assert participation.decision_pending and participation.status == ParticipationStatus.APPLIED


def test_vedtak_kommer_cannot_become_active_until_the_decision_is_there(
    bodo: Municipality, make_user: MakeUser
) -> None:
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo, email="koordinator@bodo.example")
    participation = _apply(bodo, coordinator, decision_pending=True)
    adviser = make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region)
    with pytest.raises(services.ProgrammeError, match="kan ikke godkjennes før det politiske"):
        services.participation_approve(participation=participation, user=adviser)
    with pytest.raises(services.ProgrammeError, match="kan ikke godkjennes"):
        services.participation_set_status(
            participation=participation, status=ParticipationStatus.ACTIVE, user=adviser
        )
    # A decision without its document or archive link is not yet the decision.
    with pytest.raises(ValidationError) as error:
        services.participation_update(
            participation=participation,
            themes=list(participation.themes.all()),
            decision_pending=False,
            decision_body="Kommunestyret",
            decision_date=datetime.date(2026, 3, 12),
            decision_case_ref="2026/311",
        )
    assert "decision_url" in error.value.message_dict
    participation = Participation.objects.get(pk=participation.pk)
    participation = services.participation_update(
        participation=participation,
        themes=list(participation.themes.all()),
        decision_body="Kommunestyret",
        decision_date=datetime.date(2026, 3, 12),
        decision_case_ref="2026/311",
        decision_url="https://bodo.kommune.no/innsyn/sak/2026-311",
    )
    assert not Participation.objects.get(pk=participation.pk).decision_pending
    services.participation_approve(participation=participation, user=adviser)
    assert Participation.objects.get(pk=participation.pk).status == ParticipationStatus.ACTIVE
    [mail] = delivered()
    assert mail.to == ["koordinator@bodo.example"] and "er godkjent" in mail.subject


def test_refusal_needs_a_reason_and_tells_the_applicant(
    client: Client, bodo: Municipality, make_user: MakeUser
) -> None:
    applicant = make_user(Role.MUNICIPAL_COORDINATOR, bodo, email="soker@bodo.example")
    participation = _apply(bodo, applicant, decision_pending=True)
    url = reverse("programmes:participation_refuse", args=[participation.programme.slug, "1804"])
    client.force_login(applicant)
    assert client.post(url, {"reason": "Ikke nå", "confirmed": "1"}).status_code == 403
    adviser = make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region)
    with pytest.raises(ValidationError):
        services.participation_refuse(participation=participation, user=adviser, reason=" ")
    client.force_login(adviser)
    asked = client.post(url, {"reason": "Programmet er fullt i regionen i år."})
    assert asked.status_code == 200 and "Avslå søknaden fra Bodø?" in asked.content.decode()
    assert Participation.objects.get(pk=participation.pk).status == ParticipationStatus.APPLIED
    done = client.post(url, {"reason": "Programmet er fullt i regionen i år.", "confirmed": "1"})
    assert done.status_code == 302
    refused = Participation.objects.get(pk=participation.pk)
    assert refused.status == ParticipationStatus.REFUSED
    assert refused.status_changes.last().note == "Programmet er fullt i regionen i år."  # type: ignore[union-attr]
    [mail] = delivered()
    assert mail.to == ["soker@bodo.example"]
    assert "Programmet er fullt i regionen i år." in mail.body
    with pytest.raises(services.ProgrammeError, match="Bare søknader kan avslås"):
        services.participation_refuse(participation=refused, user=adviser, reason="Igjen")
