from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from conftest import MakeUser
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kommunenettverk.accounts.models import Role
from kommunenettverk.networks import services as network_services
from kommunenettverk.networks.models import DevelopmentProject, Gathering, Network
from kommunenettverk.networks.tests.factories import make_gathering, make_network, nord_network
from kommunenettverk.plans import services as plan_services
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(bodo: Municipality, make_user: MakeUser) -> Network:
    network = nord_network(size=4, adviser=make_user(Role.REGIONAL_ADVISER, email="r@x.no"))
    gathering = make_gathering(network, days=3)
    network_services.agenda_item_add(gathering=gathering, title="Klimaregnskap", kind="input")
    bodo_participation = network.memberships.get(participation__municipality=bodo).participation
    for role, name in (("elected", "Ordfører"), ("manager", "Rådmann"), ("professional", "Fag")):
        network_services.gathering_register(
            gathering=gathering,
            user=None,
            participation=bodo_participation,
            name=name,
            role=role,
        )
    past = timezone.now() - datetime.timedelta(days=3)  # registration closes when it is over
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=6)
    )
    project = network_services.project_save(
        network=network,
        title="Felles klimaplan",
        scope=DevelopmentProject.Scope.NETWORK,
        participations=[],
        themes=[],
        goals="Felles mål",
    )
    network_services.milestone_add(
        project=project, title="Utkast klart", due_on=datetime.date(2026, 3, 1)
    )
    goal = plan_services.goal_save(
        municipality=bodo, fields={"statement": "Renere luft", "published": True}
    )
    plan_services.measure_save(
        goal=goal,
        fields={"title": "Elbusser", "dimension": "practice", "published": True},
        partners=[],
    )
    plan_services.measure_save(
        goal=goal, fields={"title": "Internt utkast", "dimension": "plan"}, partners=[]
    )
    return network


def _url(network: Network, suffix: str = "/") -> str:
    return f"/rapporter/nettverk/{network.slug}{suffix}"


def test_adviser_sees_gatherings_attendance_projects_and_progress(
    client: Client, network: Network
) -> None:
    assert network.adviser is not None
    client.force_login(network.adviser)
    response = client.get(_url(network))
    assert response.status_code == 200
    html = response.text
    assert f"Nettverksrapport: {network.name}" in html
    assert "Klima og arealplanlegging" in html and "Bodø rådhus" in html
    assert "Faglig påfyll" in html  # the agenda's kinds
    assert "Oppmøte etter rolle, samling 1" in html
    assert "Felles klimaplan" in html and "Utkast klart" in html
    assert "0 av 1" in html  # milestones reached
    # Bodø: one published goal with one published measure; the draft measure is left out
    assert "Internt utkast" not in html
    assert 'data-vega-spec="chart-1-spec"' in html


def test_attendance_counts_the_three_key_roles(network: Network, bodo: Municipality) -> None:
    from kommunenettverk.reports.builders import network_report

    report = network_report(network)
    gatherings = next(s for s in report.sections if s.title == "Samlinger")
    overview = gatherings.tables[0]
    assert overview.rows[0][5:] == [4, 1]  # four invited, Bodø brought all three roles
    per_role = gatherings.tables[1]
    bodo_row = next(r for r in per_role.rows if r[0] == "Bodø")
    assert bodo_row[1:] == [1, 1, 1, 0, "ja"]
    progress = next(s for s in report.sections if s.title == "Medlemmenes framdrift")
    bodo_progress = next(r for r in progress.tables[0].rows if r[0] == "Bodø")
    assert bodo_progress[1:3] == [1, 1]


def test_pdf_is_tagged_with_the_chart_as_an_image(client: Client, network: Network) -> None:
    assert network.adviser is not None
    client.force_login(network.adviser)
    response = client.get(_url(network, ".pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nb"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Felles klimaplan" in text
    assert "Oppmøte etter rolle" in text


def test_xlsx_has_a_sheet_per_table(client: Client, network: Network) -> None:
    assert network.adviser is not None
    client.force_login(network.adviser)
    response = client.get(_url(network, ".xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["Om rapporten", "Medlemmer", "Samlinger"]
    rows = list(workbook["Prosjekter"].iter_rows(values_only=True))
    assert rows[1][0] == "Felles klimaplan"


def test_xlsx_in_english_has_english_sheets_headers_and_values(
    client: Client, network: Network
) -> None:
    assert network.adviser is not None
    client.force_login(network.adviser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    workbook = load_workbook(io.BytesIO(client.get(_url(network, ".xlsx")).content))
    assert workbook.sheetnames[:3] == ["About the report", "Members", "Gatherings"]
    about = [row[0] for row in workbook["About the report"].iter_rows(values_only=True)]
    assert about == ["Report", "Applies to", "Made", "Source"]
    for sheet in workbook.worksheets[1:]:
        header = next(sheet.iter_rows(values_only=True))
        assert not {"Kommune", "Dato", "Tittel", "Prosjekt"} & set(header), sheet.title
    norwegian = {"ja", "nei", "Planlagt", "Pågår", "Gjennomført"}
    values = {
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    }
    assert not values & norwegian


def test_member_coordinator_and_national_coordinator_may_read(
    client: Client, network: Network, bodo: Municipality, make_user: MakeUser
) -> None:
    for user in (make_user(Role.MUNICIPAL_COORDINATOR, bodo), make_user(Role.NATIONAL_COORDINATOR)):
        client.force_login(user)
        assert client.get(_url(network)).status_code == 200


def test_others_are_refused(
    client: Client, network: Network, bodo: Municipality, voss: Municipality, make_user: MakeUser
) -> None:
    other_adviser = make_user(Role.REGIONAL_ADVISER, make_network(network.programme))
    refused = [
        make_user(Role.MUNICIPAL_COORDINATOR, voss),
        make_user(Role.PARTICIPANT, bodo),
        make_user(Role.STATE_REPRESENTATIVE),
        make_user(Role.PARTNER),
        other_adviser,
    ]
    for user in refused:
        client.force_login(user)
        for suffix in ("/", ".pdf", ".xlsx"):
            response = client.get(_url(network, suffix))
            assert response.status_code == 403, (user, suffix)
    client.logout()
    assert client.get(_url(network)).status_code == 302  # to the login page


def test_unknown_network_is_a_404(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    assert client.get("/rapporter/nettverk/finnes-ikke/").status_code == 404


def test_network_page_links_to_the_report_for_those_who_may_read_it(
    client: Client, network: Network, bodo: Municipality, make_user: MakeUser
) -> None:
    link = f'href="{_url(network)}"'
    assert network.adviser is not None
    client.force_login(network.adviser)
    assert link in client.get(network.get_absolute_url()).text
    client.force_login(make_user(Role.PARTICIPANT, bodo))
    page = client.get(network.get_absolute_url())
    assert page.status_code == 200 and link not in page.text


def test_queries_grow_only_with_the_gatherings(network: Network, bodo: Municipality) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kommunenettverk.reports.builders import network_report

    def count() -> int:
        fresh = Network.objects.get(pk=network.pk)
        with CaptureQueriesContext(connection) as queries:
            network_report(fresh)
        return len(queries)

    before = count()
    make_gathering(network, days=20)
    plan_services.goal_save(
        municipality=bodo, fields={"statement": "Flere syklende", "published": True}
    )
    assert count() <= before + 2  # the new gathering's invitations; not per goal or member


def test_queries_do_not_grow_with_the_gatherings(network: Network) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kommunenettverk.reports.builders import network_report

    def count() -> int:
        fresh = Network.objects.get(pk=network.pk)
        with CaptureQueriesContext(connection) as queries:
            report = network_report(fresh)
        assert report.sections  # the report was built
        return len(queries)

    make_gathering(network, days=-10)
    before = count()
    make_gathering(network, days=-20)
    make_gathering(network, days=20)
    assert count() == before  # invitations and registrations are prefetched
