"""Networks whose programme is over break no size rule, and the adviser's overview shows the
running networks unless asked for the ended ones too."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.networks import selectors
from kommunenettverk.networks.dashboards import adviser_dashboard
from kommunenettverk.networks.tests.factories import make_network
from kommunenettverk.programmes.tests.factories import make_programme
from kommunenettverk.registry.models import KsRegion, Municipality

pytestmark = pytest.mark.django_db


def test_an_ended_network_breaks_no_size_rule_and_hides_from_the_overview(
    registry: None,
) -> None:
    adviser = User.objects.create_user("radgiver@ks.no")
    role_assign(user=adviser, role=Role.REGIONAL_ADVISER, scope=KsRegion.objects.get(code="nord"))
    bodo = Municipality.objects.get(number="1804")
    ended = make_network(
        make_programme(ends_on=datetime.date(2010, 12, 31)),
        members=[bodo],
        adviser=adviser,
        name="Avsluttet nettverk",
    )
    running = make_network(members=[bodo], adviser=adviser, name="Pågående nettverk")
    assert selectors.network_size_check(selectors.network_get(ended.slug)).message == ""
    assert not selectors.network_size_check(selectors.network_get(running.slug)).ok
    dashboard = adviser_dashboard(adviser)
    assert [n.name for n, _size, _themes in dashboard.networks] == ["Pågående nettverk"]
    assert dashboard.ended_count == 1
    client = Client()
    client.force_login(adviser)
    page = client.get(reverse("networks:my_overview")).content.decode()
    assert "Pågående nettverk" in page and "Avsluttet nettverk" not in page
    assert "programmet krever minst" in page  # the running one is too small
    assert "Vis også 1 avsluttet nettverk" in page
    page = client.get(reverse("networks:my_overview") + "?avsluttede=1").content.decode()
    assert "Avsluttet nettverk" in page
    assert page.count("programmet krever minst") == 1  # not for the ended one
