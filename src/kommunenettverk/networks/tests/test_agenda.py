"""Agenda items have a start time and duration and are moved up and down by buttons."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import User
from kommunenettverk.networks import services
from kommunenettverk.networks.tests.factories import make_gathering, nord_network

pytestmark = pytest.mark.django_db


def test_agenda_items_have_times_and_move_up_and_down(registry: None) -> None:
    adviser = User.objects.create_user("radgiver@ks.no")
    network = nord_network(size=4, adviser=adviser)
    gathering = make_gathering(network)
    client = Client()
    client.force_login(adviser)
    add = reverse("networks:agenda_item_add", args=[network.slug, 1])
    for title, start in (("Velkommen", "10:00"), ("Klima", "10:15"), ("Lunsj", "11:30")):
        client.post(
            add,
            {
                "agenda-title": title,
                "agenda-kind": "input",
                "agenda-start_time": start,
                "agenda-duration_minutes": "15",
            },
        )
    items = list(gathering.agenda_items.order_by("order"))
    assert [i.title for i in items] == ["Velkommen", "Klima", "Lunsj"]
    assert items[1].start_time == datetime.time(10, 15) and items[1].duration_minutes == 15
    move = reverse("networks:agenda_item_move", args=[network.slug, 1, items[2].pk])
    response = client.post(move, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith("/rediger/program/#agenda")
    titles = list(gathering.agenda_items.order_by("order").values_list("title", flat=True))
    assert titles == ["Velkommen", "Lunsj", "Klima"]
    first = reverse("networks:agenda_item_move", args=[network.slug, 1, items[0].pk])
    client.post(first, {"direction": "up"})  # already first: nothing moves
    client.post(first, {"direction": "down"})
    titles = list(gathering.agenda_items.order_by("order").values_list("title", flat=True))
    assert titles == ["Lunsj", "Velkommen", "Klima"]
    page = client.get(reverse("networks:gathering_agenda", args=[network.slug, 1])).text
    assert "Flytt opp" in page and "10:15 Klima" in page


def test_only_the_adviser_moves_agenda_items(registry: None) -> None:
    network = nord_network(size=4)
    gathering = make_gathering(network)
    a = services.agenda_item_add(gathering=gathering, title="A", kind="input")
    services.agenda_item_add(gathering=gathering, title="B", kind="input")
    client = Client()
    client.force_login(User.objects.create_user("noen@x.no"))
    move = reverse("networks:agenda_item_move", args=[network.slug, 1, a.pk])
    assert client.post(move, {"direction": "down"}).status_code == 403
    assert list(gathering.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "A",
        "B",
    ]
