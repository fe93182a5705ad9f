"""The signed-in pages `make bench` measures (bench/bench_signedin.py) run as many queries with
more data as with the demo's (issue 20): more goals and measures, more people registered for
the gathering, more indicator values, more reports and notices waiting."""

from __future__ import annotations

import pytest
from bench.bench_signedin import PAGES
from bench.core import PageBench
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kommunenettverk.accounts.models import User
from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.networks.models import Gathering
from kommunenettverk.networks.services import registration_add
from kommunenettverk.notifications.models import Notice
from kommunenettverk.plans import services as plans
from kommunenettverk.plans.models import Goal
from kommunenettverk.programmes.models import Participation
from kommunenettverk.registry.models import Municipality


def _queries(page: PageBench) -> int:
    client = Client()
    client.force_login(User.objects.get(email=page.as_user))
    url = page.url()
    assert client.get(url).status_code == 200  # warm: content types, templates
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _more_data() -> None:
    bodo = Municipality.objects.get(number="1804")
    goal = Goal.objects.filter(municipality=bodo).order_by("pk").first()
    assert goal is not None
    for n in range(6):
        extra = plans.goal_save(
            municipality=bodo, fields={"statement": f"Ekstra mål {n}", "published": True}
        )
        for target in (extra, goal):
            plans.measure_save(
                goal=target,
                fields={"title": f"Ekstra tiltak {n}", "dimension": "plan", "published": True},
                partners=[],
            )
    gathering = Gathering.objects.get(network__slug="helse-og-miljo-salten", number=3)
    participation = Participation.objects.filter(
        municipality=bodo, programme=gathering.network.programme
    ).first()
    assert participation is not None
    for n in range(5):
        registration_add(
            gathering=gathering,
            by=None,
            participation=participation,
            name=f"Ekstra deltaker {n}",
            role="professional",
        )
    codes = list(
        Goal.objects.filter(municipality=bodo)
        .exclude(indicator_targets=None)
        .values_list("indicator_targets__indicator__code", flat=True)
    ) or ["klimagassutslipp-vei"]
    lines = ["i;k;år;v"] + [
        f"{code};1804;{year};{year - 2000}" for code in set(codes) for year in range(2010, 2024)
    ]
    mapping = ColumnMapping(area="k", period="år", value="v", indicator="i")
    indicator_values_import(rows=read_csv("\n".join(lines).encode(), mapping))
    for user in User.objects.filter(email__endswith="@demo.kommunenettverk.no"):
        for n in range(4):
            Notice.objects.create(recipient=user, kind="test", text=f"Varsel {n}", link="/")


@pytest.mark.django_db
def test_signed_in_pages_run_the_same_queries_with_more_data(demo_module: None) -> None:
    before = {page.label: _queries(page) for page in PAGES}
    _more_data()
    after = {page.label: _queries(page) for page in PAGES}
    assert after == before
