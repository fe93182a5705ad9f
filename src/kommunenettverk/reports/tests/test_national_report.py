from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from conftest import MakeUser
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from kommunenettverk.accounts.models import Role
from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.tests.factories import make_network, nord_network
from kommunenettverk.programmes.models import Programme
from kommunenettverk.registry.models import KsRegion, Municipality
from kommunenettverk.reports.builders import national_report
from kommunenettverk.reports.models import ReportJob
from kommunenettverk.reports.services import report_job_create, report_job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(bodo: Municipality) -> Network:
    network = nord_network(size=4)
    make_indicator("andel", name="Andel gående", better="higher", aggregation="weighted_mean")
    lines = [
        f"andel,{number},{year},{50 + step * (year - 2018)}"
        for number, step in (("1804", 1), ("4621", -1))
        for year in range(2018, 2024)
    ]
    mapping = ColumnMapping(area="k", period="år", value="v", indicator="i")
    indicator_values_import(
        rows=read_csv(("i,k,år,v\n" + "\n".join(lines) + "\n").encode(), mapping)
    )
    return network


def test_sections_count_participants_networks_and_trends(network: Network) -> None:
    report = national_report(network.programme)
    titles = [s.title for s in report.sections]
    assert titles == [
        "Deltakere og nettverk over tid",
        "Etter KS-region",
        "Etter tema",
        "Nasjonale indikasjoner",
        "Innspill til staten og svar",
    ]
    over_time = report.sections[0].tables[0]
    assert over_time.rows[-1][1:] == [4, 1]  # four active participants, one network today
    region = report.sections[1].tables[0]
    assert ["KS Nord-Norge", 4, 1] in region.rows
    [indication] = report.sections[3].tables[0].rows
    assert indication[0] == "Andel gående"
    assert indication[1] == 2  # Bodø and Voss have results
    assert indication[-2:] == [1, 0]  # of the participants, Bodø improves, none worsen
    assert all(
        chart.table in report.sections[i].tables
        for i, s in enumerate(report.sections)
        for chart in s.charts
    )


def test_page_for_national_coordinator_advisers_and_state_representative(
    client: Client, network: Network, bodo: Municipality, make_user: MakeUser
) -> None:
    url = reverse("reports:national", args=[network.programme.slug])
    vest = KsRegion.objects.get(code="vest")
    for role, scope in (
        (Role.NATIONAL_COORDINATOR, None),
        (Role.REGIONAL_ADVISER, bodo.county.ks_region),
        (Role.REGIONAL_ADVISER, vest),  # a programme is national: every adviser works in it
        (Role.STATE_REPRESENTATIVE, None),
    ):
        client.force_login(make_user(role, scope))
        response = client.get(url)
        assert response.status_code == 200
        assert "Nasjonale indikasjoner" in response.text
        assert "Andel gående" in response.text


def test_the_report_filtered_to_a_region_counts_only_that_region(
    client: Client, network: Network, make_user: MakeUser
) -> None:
    make_network(
        network.programme, members=[Municipality.objects.get(number="4621")], region="vest"
    )
    client.force_login(make_user(Role.REGIONAL_ADVISER, network.ks_region))
    url = reverse("reports:national", args=[network.programme.slug])
    whole = client.get(url).context["report"]
    nord = client.get(url, {"region": "nord"}).context["report"]
    assert whole.sections[0].tables[0].rows[-1][1:] == [5, 2]
    assert nord.sections[0].tables[0].rows[-1][1:] == [4, 1]
    assert [row[0] for row in nord.sections[1].tables[0].rows] == ["KS Nord-Norge"]
    assert nord.subtitle.endswith("KS Nord-Norge")
    # Voss worsens; among Nord's participants only Bodø is counted (improving).
    assert nord.sections[3].tables[0].rows[0][-2:] == [1, 0]
    assert whole.sections[3].tables[0].rows[0][-2:] == [1, 1]
    # The file ordered from the filtered page is the region's too.
    page = client.get(url, {"region": "nord"})
    assert 'name="region" value="nord"' in page.text
    response = client.post(
        reverse("reports:national_job_create", args=[network.programme.slug]),
        {"fmt": "xlsx", "region": "nord"},
    )
    assert response.status_code == 302
    job = report_job_run(job_id=ReportJob.objects.get().pk)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.filename.endswith("-nord.xlsx")
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    workbook = load_workbook(io.BytesIO(bytes(content)))
    assert list(workbook["KS-region"].iter_rows(values_only=True))[1:] == [("KS Nord-Norge", 4, 1)]


def test_others_are_refused_the_page_and_the_order(
    client: Client, network: Network, bodo: Municipality, make_user: MakeUser
) -> None:
    slug = network.programme.slug
    for role, scope in (
        (Role.MUNICIPAL_COORDINATOR, bodo),
        (Role.PARTICIPANT, bodo),
        (Role.PARTNER, None),
    ):
        client.force_login(make_user(role, scope))
        assert client.get(reverse("reports:national", args=[slug])).status_code == 403
        response = client.post(reverse("reports:national_job_create", args=[slug]), {"fmt": "pdf"})
        assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_order_queues_a_job_and_the_worker_makes_the_pdf(
    client: Client,
    network: Network,
    make_user: MakeUser,
    django_capture_on_commit_callbacks: Any,
) -> None:
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    client.force_login(coordinator)
    url = reverse("reports:national_job_create", args=[network.programme.slug])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"fmt": "pdf"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    assert len(callbacks) == 1  # the worker thread starts after the commit
    page = client.get(response["Location"])
    assert 'role="status"' in page.text and "<progress" in page.text
    assert 'hx-trigger="every 1s"' in page.text  # polls while queued
    # Run the worker's work here (a thread would not see this test's transaction).
    job = report_job_run(job_id=job.pk)
    assert (job.status, job.progress) == (ReportJob.Status.DONE, 100)
    page = client.get(reverse("reports:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in page.text  # finished: the polling stops
    assert reverse("reports:job_download", args=[job.pk]) in page.text
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(download.content))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nb"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Nasjonale indikasjoner" in text and "Andel gående" in text


def test_a_workbook_ordered_in_english_is_english(
    client: Client, network: Network, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("reports:national_job_create", args=[network.programme.slug])
    client.post(url, {"fmt": "xlsx"})
    # The worker runs outside the request, in the default language unless told otherwise.
    with translation.override("nb"):
        job = report_job_run(job_id=ReportJob.objects.get().pk)
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    workbook = load_workbook(io.BytesIO(bytes(content)))
    assert workbook.sheetnames[:3] == ["About the report", "Over time", "Status"]
    over_time = list(workbook["Over time"].iter_rows(values_only=True))
    assert over_time[0] == ("Date", "Active participants", "Networks")
    statuses = [row[0] for row in workbook["Status"].iter_rows(values_only=True)][1:]
    assert "Active" in statuses and "Aktiv" not in statuses
    assert next(workbook["About the report"].iter_rows(values_only=True))[0] == "Report"


def test_only_the_creator_and_the_national_coordinator_download(
    client: Client, network: Network, make_user: MakeUser
) -> None:
    creator = make_user(Role.STATE_REPRESENTATIVE)
    job = report_job_create(
        user=creator,
        kind=ReportJob.Kind.NATIONAL,
        fmt=ReportJob.Format.XLSX,
        params={"programme": network.programme.slug},
        title="Nasjonal rapport",
        start=False,
    )
    report_job_run(job_id=job.pk)
    url = reverse("reports:job_download", args=[job.pk])
    for user in (creator, make_user(Role.NATIONAL_COORDINATOR)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames[:3] == ["Om rapporten", "Over tid", "Status"]
    for user in (make_user(Role.STATE_REPRESENTATIVE), make_user(Role.REGIONAL_ADVISER)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("reports:job", args=[job.pk])).status_code == 403


def test_a_failed_job_says_why(client: Client, network: Network, make_user: MakeUser) -> None:
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    job = report_job_create(
        user=coordinator,
        kind=ReportJob.Kind.NATIONAL,
        fmt=ReportJob.Format.PDF,
        params={"programme": "nedlagt"},
        title="Nasjonal rapport",
        start=False,
    )
    job = report_job_run(job_id=job.pk)
    assert job.status == ReportJob.Status.FAILED
    assert job.error == "Programmet «nedlagt» finnes ikke lenger. Bestill rapporten på nytt."
    client.force_login(coordinator)
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert "finnes ikke lenger" in page.text
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_an_unknown_format_is_refused_with_a_message(
    client: Client, network: Network, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    url = reverse("reports:national_job_create", args=[network.programme.slug])
    response = client.post(url, {"fmt": "docx"})
    assert response.status_code == 200
    assert "Skjemaet har feil" in response.text
    assert not ReportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_job(
    make_user: MakeUser, registry: None, database_queue: None
) -> None:
    programme = Programme.objects.create(name="Trådprogram", slug="trad", starts_on="2020-01-01")
    job = report_job_create(
        user=make_user(Role.NATIONAL_COORDINATOR),
        kind=ReportJob.Kind.NATIONAL,
        fmt=ReportJob.Format.XLSX,
        params={"programme": programme.slug},
        title="Nasjonal rapport",
    )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED  # nothing runs in the request
    call_command("worker", "--batch", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.progress) == (ReportJob.Status.DONE, 100)
    assert job.filename == "nasjonal-rapport-trad.xlsx"


def test_programme_dashboard_links_to_the_national_report(
    client: Client, network: Network, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    slug = network.programme.slug
    page = client.get(reverse("networks:programme_dashboard", args=[slug]))
    assert f'href="{reverse("reports:national", args=[slug])}"' in page.text


def test_policy_input_section_counts_the_programmes_input_and_never_drafts(
    network: Network,
) -> None:
    from kommunenettverk.accounts.models import Organisation
    from kommunenettverk.policy.models import PolicyInput

    ministry = Organisation.objects.create(name="Klima- og miljødepartementet", kind="ministry")
    when = timezone.now()
    common = {"problem": "Problem", "proposal": "Forslag", "addressee": ministry}
    PolicyInput.objects.create(
        network=network,
        title="Sendt fra nettverket",
        status=PolicyInput.Status.ANSWERED,
        submitted_at=when - datetime.timedelta(days=10),
        answered_at=when,
        answer="Svar",
        outcome=PolicyInput.Outcome.values[0],
        **common,
    )
    PolicyInput.objects.create(network=network, title="Et utkast", **common)
    other = Programme.objects.create(name="Annet program", slug="annet", starts_on=when.date())
    PolicyInput.objects.create(
        programme=other,
        title="Fra et annet program",
        status="submitted",
        submitted_at=when,
        **common,
    )
    section = national_report(network.programme).sections[-1]
    register = section.tables[-1]
    assert [row[1] for row in register.rows] == ["Sendt fra nettverket"]
    assert ["I alt", 1] in section.tables[0].rows
    assert "Svarandel: 100 %. Median tid til svar: 10 dager." in section.paragraphs
