"""Volunteer arenas and activities: sign-up, waiting list, cancellation, reminders, counts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.community import services
from kommunenettverk.community.models import Activity, SignUp, VolunteerArena
from kommunenettverk.community.selectors import volunteer_effort
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _sign_up(client: Client, activity: Activity, name: str, email: str, phone: str = "") -> str:
    response = client.post(
        activity.get_absolute_url(),
        {"name": name, "email": email, "phone": phone, "website": ""},
        follow=True,
    )
    assert response.status_code == 200
    return response.text


def _cancel_token(body: object) -> str:
    match = re.search(r"/innbyggere/avmelding/(\S+)/", str(body))
    assert match, body
    return match.group(1)


def test_sign_up_gets_a_place_and_a_confirmation_with_cancel_link(
    client: Client, activity: Activity
) -> None:
    page = client.get(activity.get_absolute_url()).text
    assert "Hvorfor vi spør:" in page  # the stated purpose of the form
    text = _sign_up(client, activity, "Per", "Per@Example.org", "+47 900 00 000")
    assert "Du er påmeldt" in text
    sign_up = SignUp.objects.get()
    assert (sign_up.status, sign_up.email) == (SignUp.Status.CONFIRMED, "per@example.org")
    assert delivered()[0].to == ["per@example.org"]
    assert _cancel_token(delivered()[0].body) == sign_up.cancel_token


def test_full_activity_puts_people_on_the_waiting_list(client: Client, activity: Activity) -> None:
    _sign_up(client, activity, "A", "a@example.org")
    _sign_up(client, activity, "B", "b@example.org")
    text = _sign_up(client, activity, "C", "c@example.org")
    assert "står på venteliste" in text
    assert SignUp.objects.get(email="c@example.org").status == SignUp.Status.WAITING
    assert "venteliste" in delivered()[-1].subject
    assert "Sett meg på venteliste" in client.get(activity.get_absolute_url()).text


def test_duplicate_sign_up_is_refused(client: Client, activity: Activity) -> None:
    _sign_up(client, activity, "A", "a@example.org")
    text = _sign_up(client, activity, "A igjen", "A@EXAMPLE.org")
    assert "allerede påmeldt aktiviteten" in text
    assert SignUp.objects.count() == 1


def test_cancelling_promotes_the_first_on_the_waiting_list(
    client: Client, activity: Activity
) -> None:
    for name in "ABCD":
        _sign_up(client, activity, name, f"{name.lower()}@example.org")
    token = SignUp.objects.get(email="a@example.org").cancel_token
    url = reverse("community:sign_up_cancel", args=[token])
    assert "Vil du melde deg av" in client.get(url).text
    assert SignUp.objects.filter(email="a@example.org").exists()  # GET changes nothing
    delivered().clear()
    response = client.post(url, follow=True)
    assert "Du er meldt av" in response.text
    assert not SignUp.objects.filter(email="a@example.org").exists()
    statuses = dict(SignUp.objects.values_list("email", "status"))
    assert statuses == {
        "b@example.org": "confirmed",
        "c@example.org": "confirmed",  # first in line
        "d@example.org": "waiting",
    }
    assert [m.to for m in delivered()] == [["c@example.org"]]
    assert "Du har fått plass" in delivered()[0].subject
    again = client.post(url, follow=True)
    assert "finnes ikke" in again.text


def test_more_places_promote_and_fewer_than_confirmed_is_refused(activity: Activity) -> None:
    for name in "ABC":
        services.sign_up_create(activity=activity, name=name, email=f"{name}@example.org")
    with pytest.raises(ValidationError, match="2 personer er allerede påmeldt"):
        services.activity_save(arena=activity.arena, fields={"capacity": 1}, activity=activity)
    services.activity_save(arena=activity.arena, fields={"capacity": 3}, activity=activity)
    assert SignUp.objects.filter(status=SignUp.Status.WAITING).count() == 0


def test_started_activity_refuses_sign_ups(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now())
    with pytest.raises(services.CommunityError, match="allerede startet"):
        services.sign_up_create(activity=activity, name="Sen", email="sen@example.org")


def test_reminders_go_out_the_day_before_once(arena: VolunteerArena) -> None:
    today = timezone.localdate()
    tomorrow_ten = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(10))
    )
    tomorrow = services.activity_save(
        arena=arena,
        fields={
            "title": "I morgen",
            "starts_at": tomorrow_ten,
            "duration_hours": Decimal("2"),
            "place": "Brygga",
            "capacity": 1,
        },
    )
    later = services.activity_save(
        arena=arena,
        fields={
            "title": "Om en uke",
            "starts_at": tomorrow_ten + datetime.timedelta(days=6),
            "duration_hours": Decimal("2"),
            "place": "Brygga",
            "capacity": 5,
        },
    )
    services.sign_up_create(activity=tomorrow, name="Ida", email="ida@example.org")
    services.sign_up_create(activity=tomorrow, name="Venter", email="venter@example.org")
    services.sign_up_create(activity=later, name="Ola", email="ola@example.org")
    delivered().clear()
    call_command("send_activity_reminders")
    assert [m.to for m in delivered()] == [["ida@example.org"]]  # not waiting list, not later
    assert "I morgen" in delivered()[0].subject
    assert "/innbyggere/avmelding/" in delivered()[0].body
    call_command("send_activity_reminders")
    assert len(delivered()) == 1  # once only


def test_volunteer_effort_counts_people_and_hours(
    arena: VolunteerArena, bodo: Municipality
) -> None:
    now = timezone.now()
    year = now.year
    held = Activity.objects.create(
        arena=arena,
        title="Holdt",
        starts_at=now - datetime.timedelta(hours=1),
        duration_hours=Decimal("2.5"),
        place="X",
        capacity=2,
    )
    for n, status in enumerate(["confirmed", "confirmed", "waiting"]):
        SignUp.objects.create(
            activity=held, name="N", email=f"{n}@example.org", status=status, cancel_token=str(n)
        )
    coming = services.activity_save(
        arena=arena,
        fields={
            "title": "Kommer",
            "starts_at": now + datetime.timedelta(days=3),
            "duration_hours": Decimal("5"),
            "place": "Y",
            "capacity": 5,
        },
    )
    services.sign_up_create(activity=coming, name="Z", email="z@example.org")
    effort = volunteer_effort(bodo, year)
    assert (effort.activities, effort.volunteers, effort.people) == (1, 2, 2)
    assert effort.hours == Decimal("5.0")
    assert volunteer_effort(bodo, year - 1).volunteers == 0


def test_coordinator_sees_sign_ups_but_the_public_never_does(
    client: Client, activity: Activity, coordinator: User
) -> None:
    _sign_up(client, activity, "Hemmelig Navn", "hemmelig@example.org", "+47 912 34 567")
    public = Client()
    urls = [
        activity.get_absolute_url(),
        activity.arena.get_absolute_url(),
        reverse("community:portal", args=["1804"]),
        reverse("community:proposal_list", args=["1804"]),
        reverse("community:partner_list"),
        reverse("registry:municipality_detail", args=["1804"]),
    ]
    for url in urls:
        text = public.get(url).text
        for secret in ("hemmelig@example.org", "912 34 567", "Hemmelig Navn"):
            assert secret not in text, f"{secret} on {url}"
    client.force_login(coordinator)
    text = client.get(reverse("community:activity_sign_ups", args=[activity.pk])).text
    assert "hemmelig@example.org" in text and "+47 912 34 567" in text


def test_coordinator_creates_arena_and_activity(
    client: Client, coordinator: User, bodo: Municipality
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("community:arena_create", args=["1804"]),
        {"name": "Strandrydderne", "description": "Vi rydder strender.", "place": "Kjerringøy"},
    )
    arena = VolunteerArena.objects.get(name="Strandrydderne")
    assert response["Location"] == arena.get_absolute_url()
    starts = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("community:activity_create", args=[arena.pk]),
        {
            "title": "Strandrydding",
            "starts_at": starts,
            "duration_hours": "3",
            "place": "Mjelle",
            "capacity": "0",
        },
    )
    assert response.status_code == 200
    assert "Antall plasser" in response.text  # the error names the field
    assert not Activity.objects.exists()
