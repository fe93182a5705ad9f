"""Voluntary effort feeds two indicators (hours, people) through the indicators app's service."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.community import services
from kommunenettverk.community.models import Activity, SignUp, VolunteerArena
from kommunenettverk.indicators.models import Indicator, IndicatorResult, IndicatorValue
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

HOURS, PEOPLE = services.VOLUNTEER_HOURS.code, services.VOLUNTEERS.code


def _held(
    arena: VolunteerArena, starts_at: datetime.datetime, hours: str, emails: list[str]
) -> None:
    activity = Activity.objects.create(
        arena=arena,
        title=f"Dugnad {starts_at:%Y-%m-%d}",
        starts_at=starts_at,
        duration_hours=Decimal(hours),
        place="Marka",
        capacity=20,
    )
    for email in emails:
        SignUp.objects.create(
            activity=activity,
            name="N",
            email=email,
            status=SignUp.Status.CONFIRMED,
            cancel_token=secrets.token_urlsafe(16),
        )


def _value(code: str, number: str, year: int) -> float | None:
    return IndicatorValue.objects.get(
        indicator__code=code, area_kind="K", area_code=number, period=str(year)
    ).value


def test_publish_writes_hours_and_people_per_year(
    arena: VolunteerArena, bodo: Municipality
) -> None:
    year = timezone.localdate().year - 1
    tz = timezone.get_current_timezone()
    _held(arena, datetime.datetime(year, 5, 1, 10, tzinfo=tz), "3", ["a@x.no", "b@x.no"])
    _held(arena, datetime.datetime(year, 9, 1, 10, tzinfo=tz), "2", ["a@x.no"])

    written = services.volunteer_effort_publish(years=[year - 1, year])

    assert written == 4  # two indicators × two years for the one municipality with an arena
    assert _value(HOURS, "1804", year) == 8.0  # 2 × 3 h + 1 × 2 h
    assert _value(PEOPLE, "1804", year) == 2.0  # a@ twice counts once
    assert _value(HOURS, "1804", year - 1) == 0.0
    hours = Indicator.objects.get(code=HOURS)
    assert hours.source == Indicator.Source.OWN
    assert hours.aggregation == Indicator.Aggregation.SUM and hours.per_inhabitant
    # The analytics were refreshed in the same step.
    result = IndicatorResult.objects.get(indicator=hours, area_code="1804")
    assert (result.latest_year, result.latest_value) == (year, 8.0)


def test_publishing_again_replaces_the_values(arena: VolunteerArena, bodo: Municipality) -> None:
    year = timezone.localdate().year - 1
    tz = timezone.get_current_timezone()
    _held(arena, datetime.datetime(year, 5, 1, 10, tzinfo=tz), "3", ["a@x.no"])
    services.volunteer_effort_publish(years=[year])
    _held(arena, datetime.datetime(year, 6, 1, 10, tzinfo=tz), "1", ["c@x.no"])
    services.volunteer_effort_publish(years=[year])
    assert _value(HOURS, "1804", year) == 4.0
    assert _value(PEOPLE, "1804", year) == 2.0
    assert IndicatorValue.objects.filter(indicator__code=HOURS).count() == 1


def test_command_publishes_the_given_year(arena: VolunteerArena, bodo: Municipality) -> None:
    tz = timezone.get_current_timezone()
    _held(arena, datetime.datetime(2023, 5, 1, 10, tzinfo=tz), "2.5", ["a@x.no", "b@x.no"])
    call_command("publish_volunteer_effort", "--year", "2023")
    assert _value(HOURS, "1804", 2023) == 5.0
    assert not IndicatorValue.objects.filter(indicator__code=HOURS, period="2024").exists()


def test_command_defaults_to_this_year_and_last(arena: VolunteerArena, bodo: Municipality) -> None:
    call_command("publish_volunteer_effort")
    year = timezone.localdate().year
    periods = set(
        IndicatorValue.objects.filter(indicator__code=PEOPLE).values_list("period", flat=True)
    )
    assert periods == {str(year - 1), str(year)}


def test_portal_and_indicator_pages_show_the_effort(
    client: Client, arena: VolunteerArena, bodo: Municipality
) -> None:
    year = timezone.localdate().year - 1
    tz = timezone.get_current_timezone()
    _held(arena, datetime.datetime(year, 5, 1, 10, tzinfo=tz), "3", ["a@x.no", "b@x.no"])
    services.volunteer_effort_publish(years=[year])

    portal = client.get(reverse("community:portal", args=["1804"])).text
    assert "Frivillig innsats: timer" in portal
    assert reverse("indicators:municipality_indicator", args=["1804", HOURS]) in portal
    overview = client.get(reverse("indicators:municipality", args=["1804"])).text
    assert "Frivillig innsats: personer" in overview
    detail = client.get(reverse("indicators:municipality_indicator", args=["1804", HOURS]))
    assert detail.status_code == 200
    assert str(year) in detail.text
