"""Moving a programme in from spreadsheets: real XLSX and CSV files built here, preview,
all or nothing, the refusal report, past years with dates, the export's round trip, pages."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from typing import Any

import pytest
from conftest import MakeUser
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kommunenettverk.accounts.models import Invitation, Role, RoleAssignment, User
from kommunenettverk.networks import onboarding as layout
from kommunenettverk.networks.models import Network, NetworkMembership, OnboardingJob
from kommunenettverk.networks.services.onboarding import (
    OnboardingRefused,
    onboarding_export_rows,
    onboarding_import,
)
from kommunenettverk.notifications.models import Message
from kommunenettverk.programmes.models import Participation, Programme, Theme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

P_HEAD = list(layout.PARTICIPATION_COLUMNS)
N_HEAD = list(layout.NETWORK_COLUMNS)


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def programme(registry: None) -> Programme:
    programme = Programme.objects.create(
        name="Livskraftige kommuner",
        slug="livskraftige-kommuner",
        starts_on=datetime.date(2007, 1, 1),
        ends_on=datetime.date(2031, 12, 31),
        min_themes=2,
    )
    programme.themes.set(
        [
            Theme.objects.create(name="Klima og energi", slug="climate_energy"),
            Theme.objects.create(name="Arealpolitiske hensyn", slug="land_use"),
            Theme.objects.create(
                name="Livskvalitet, friluftsliv og folkehelse", slug="quality_of_life_health"
            ),
        ]
    )
    return programme


def participations_rows() -> list[list[Any]]:
    return [
        P_HEAD,
        [
            "1804",
            "Livskraftige kommuner",
            "Aktiv",
            datetime.datetime(2024, 2, 1),
            "01.03.2024",
            "",
            "Bystyret",
            "15.02.2024",
            "2024/1187",
            "https://innsyn.example.no/sak/2024-1187",
            "Klima og energi; Arealpolitiske hensyn",
            "Siri Hansen <siri.hansen@bodo.kommune.no>",
            "Per Olsen <per.olsen@bodo.kommune.no>",
        ],
        [
            "Narvik",
            "Livskraftige kommuner",
            "Aktiv",
            "2024-02-03",
            "2024-03-01",
            "",
            "Kommunestyret",
            "2024-01-30",
            "24/311",
            "https://innsyn.example.no/sak/24-311",
            "Klima og energi; land_use",
            "Ola Nilsen <ola.nilsen@narvik.kommune.no>",
            "",
        ],
        [
            "Nordland fylkeskommune",
            "Livskraftige kommuner",
            "Søkt",
            "2024-04-02",
            "",
            "",
            "Fylkestinget",
            "2024-03-20",
            "2024/55",
            "https://innsyn.example.no/sak/2024-55",
            "Livskvalitet, friluftsliv og folkehelse",
            "",
            "",
        ],
    ]


def networks_rows() -> list[list[str]]:
    return [
        N_HEAD,
        [
            "Salten og Ofoten",
            "Livskraftige kommuner",
            "",
            "Ingrid Rådgiver <ingrid@ks.no>",
            "1804; Narvik",
            "Klima og energi; Arealpolitiske hensyn",
            "2024-03-15",
            "",
        ],
    ]


def read(kind: str, data: bytes, name: str) -> list[layout.Row]:
    return layout.read_table(data, name, kind)


def test_xlsx_and_csv_read_alike() -> None:
    rows = [[str(c) if c is not None else "" for c in row] for row in participations_rows()]
    rows[1][3] = "2024-02-01"  # a date cell in XLSX reads as the same ISO date
    from_xlsx = read("participations", xlsx(participations_rows()), "deltakelser.xlsx")
    from_csv = read("participations", csv_bytes(rows), "deltakelser.csv")
    assert from_xlsx == from_csv
    assert from_xlsx[0].line == 2 and from_xlsx[0].get(layout.APPLIED_ON) == "2024-02-01"
    with pytest.raises(layout.OnboardingFileError, match="fant ikke kolonnen «Status»"):
        read("participations", csv_bytes([["Deltaker", "Program"], ["1804", "X"]]), "a.csv")


def test_national_coordinator_moves_a_programme_in(
    make_user: MakeUser, programme: Programme
) -> None:
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    report = onboarding_import(
        user=coordinator,
        participations=read("participations", xlsx(participations_rows()), "d.xlsx"),
        networks=read("networks", csv_bytes(networks_rows()), "n.csv"),
        preview=False,
    )
    assert (report.participations, report.networks, report.memberships) == (3, 1, 2)
    assert report.refused == []
    bodo = Participation.objects.get(municipality__number="1804")
    assert (bodo.status, bodo.approved_on, bodo.decision_case_ref) == (
        "active",
        datetime.date(2024, 3, 1),
        "2024/1187",
    )
    assert Participation.objects.get(county__number="18").status == "applied"
    network = Network.objects.get(name="Salten og Ofoten")
    assert network.ks_region.code == "nord"
    assert network.adviser is not None and network.adviser.email == "ingrid@ks.no"
    assert sorted(m.participation.key for m in network.memberships.all()) == ["1804", "1806"]
    siri = User.objects.get(email="siri.hansen@bodo.kommune.no")
    assert siri.has_perm("registry.change_municipality_profile", bodo.municipality)
    assert RoleAssignment.objects.get(user__email="per.olsen@bodo.kommune.no").role == "participant"
    # Four new people (three contacts, one adviser): invitations queued, none sent yet.
    assert report.invitations == 4 == Invitation.objects.count()
    assert Message.objects.filter(kind="invitation", status=Message.Status.QUEUED).count() == 4


def test_a_bad_row_writes_nothing_and_each_refusal_names_line_and_column(
    make_user: MakeUser, programme: Programme
) -> None:
    rows = participations_rows()
    rows[2][2] = "Godkjent"  # not a status
    rows.append(
        [
            "9999",
            "Livskraftige kommuner",
            "Søkt",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Klima og energi",
            "",
            "",
        ]
    )
    rows.append(
        ["1833", "Livskraftige kommuner", "Søkt", "", "", "", "", "", "", "", "Kultur", "", ""]
    )
    networks = networks_rows()
    with pytest.raises(OnboardingRefused) as refused:
        onboarding_import(
            user=make_user(Role.NATIONAL_COORDINATOR),
            participations=read("participations", xlsx(rows), "d.xlsx"),
            networks=read("networks", csv_bytes(networks), "n.csv"),
            preview=False,
        )
    found = {(r.file, r.line, r.field): r.reason for r in refused.value.report.refused}
    assert "er ikke en status" in found[("Deltakelser", 3, "Status")]
    assert "fant ingen kommune" in found[("Deltakelser", 5, "Deltaker")]
    assert "fant ikke temaet «Kultur»" in found[("Deltakelser", 6, "Temaer")]
    # Narvik's row was refused, so the network cannot take it as a member.
    assert "Narvik deltar ikke" in found[("Nettverk", 2, "Medlemmer")]
    assert not Participation.objects.exists()
    assert not Network.objects.exists()
    assert not User.objects.filter(email__endswith="kommune.no").exists()
    assert not Message.objects.exists()


def test_a_decision_without_its_link_is_refused_in_the_link_column(
    make_user: MakeUser, programme: Programme
) -> None:
    rows = participations_rows()
    link = P_HEAD.index(layout.DECISION_URL)
    rows[1][link] = ""  # Bodø: body, date and case number, but no document or link
    with pytest.raises(OnboardingRefused) as refused:
        onboarding_import(
            user=make_user(Role.NATIONAL_COORDINATOR),
            participations=read("participations", xlsx(rows), "d.xlsx"),
            networks=[],
            preview=False,
        )
    found = {(r.file, r.line, r.field): r.reason for r in refused.value.report.refused}
    assert "lenke til saken" in found[("Deltakelser", 2, "Lenke til saken")]
    assert not any("vedtak kommer" in reason for reason in found.values())
    assert not Participation.objects.exists()


def test_preview_counts_everything_and_keeps_nothing(
    make_user: MakeUser, programme: Programme
) -> None:
    report = onboarding_import(
        user=make_user(Role.NATIONAL_COORDINATOR),
        participations=read("participations", xlsx(participations_rows()), "d.xlsx"),
        networks=read("networks", csv_bytes(networks_rows()), "n.csv"),
        preview=True,
    )
    assert (report.participations, report.networks, report.roles, report.invitations) == (
        3,
        1,
        4,
        4,
    )
    assert "Ingenting er lagret ennå" in report.summary()
    assert not Participation.objects.exists()
    assert not Invitation.objects.exists()
    assert not Message.objects.exists()


def test_past_programme_years_keep_their_dates(make_user: MakeUser, programme: Programme) -> None:
    rows = [
        P_HEAD,
        [
            "1804",
            "Livskraftige kommuner",
            "Fullført",
            "2008-01-10",
            "2008-03-01",
            "2011-12-31",
            "Bystyret",
            "2007-12-13",
            "07/2211",
            "https://innsyn.example.no/sak/07-2211",
            "Klima og energi",
            "",
            "",
        ],
        [
            "1806",
            "Livskraftige kommuner",
            "Trukket",
            "2008-01-15",
            "2008-03-01",
            "2009-06-30",
            "Kommunestyret",
            "2007-12-20",
            "07/901",
            "https://innsyn.example.no/sak/07-901",
            "Klima og energi",
            "",
            "",
        ],
    ]
    networks = [
        N_HEAD,
        [
            "Nordland 2008",
            "Livskraftige kommuner",
            "KS Nord-Norge",
            "",
            "1804; 1806",
            "Klima og energi; Arealpolitiske hensyn",
            "2008-04-01",
            "2011-12-31",
        ],
    ]
    onboarding_import(
        user=make_user(Role.NATIONAL_COORDINATOR),
        participations=read("participations", csv_bytes(rows), "d.csv"),
        networks=read("networks", csv_bytes(networks), "n.csv"),
        preview=False,
    )
    bodo = Participation.objects.get(municipality__number="1804")
    history = [(c.status, c.changed_on) for c in bodo.status_changes.order_by("changed_on", "pk")]
    assert history == [
        ("applied", datetime.date(2008, 1, 10)),
        ("active", datetime.date(2008, 3, 1)),
        ("completed", datetime.date(2011, 12, 31)),
    ]
    left = dict(
        NetworkMembership.objects.values_list("participation__municipality__number", "left_on")
    )
    # Narvik withdrew in 2009 and left the network then; Bodø stayed to the end.
    assert left == {"1804": datetime.date(2011, 12, 31), "1806": datetime.date(2009, 6, 30)}


def test_adviser_moves_in_their_own_region_only(
    make_user: MakeUser, programme: Programme, bodo: Municipality, voss: Municipality
) -> None:
    adviser = make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region)
    rows = participations_rows()[:2]
    rows.append(
        ["4621", "Livskraftige kommuner", "Søkt", "", "", "", "", "", "", "Klima og energi", "", ""]
    )
    with pytest.raises(OnboardingRefused) as refused:
        onboarding_import(
            user=adviser,
            participations=read("participations", xlsx(rows), "d.xlsx"),
            networks=[],
            preview=True,
        )
    [refusal] = refused.value.report.refused
    assert (refusal.line, refusal.field) == (3, "Deltaker")
    assert "din egen region" in refusal.reason
    # The same file without Voss goes through for the adviser.
    report = onboarding_import(
        user=adviser,
        participations=read("participations", xlsx(rows[:2]), "d.xlsx"),
        networks=[],
        preview=False,
    )
    assert report.participations == 1


def test_export_comes_back_as_the_same_programme(make_user: MakeUser, programme: Programme) -> None:
    coordinator = make_user(Role.NATIONAL_COORDINATOR)

    def export() -> tuple[bytes, bytes]:
        participations, networks = onboarding_export_rows(programme=programme, user=coordinator)
        return (
            layout.write_xlsx(layout.PARTICIPATION_COLUMNS, participations, title="Deltakelser"),
            layout.write_csv(layout.NETWORK_COLUMNS, networks),
        )

    with transaction.atomic():
        onboarding_import(
            user=coordinator,
            participations=read("participations", xlsx(participations_rows()), "d.xlsx"),
            networks=read("networks", csv_bytes(networks_rows()), "n.csv"),
            preview=False,
        )
        first = export()
        transaction.set_rollback(True)
    assert not Participation.objects.exists()
    onboarding_import(
        user=coordinator,
        participations=read("participations", first[0], "eksport.xlsx"),
        networks=read("networks", first[1], "eksport.csv"),
        preview=False,
    )
    second = export()
    assert read("participations", second[0], "a.xlsx") == read("participations", first[0], "b.xlsx")
    assert read("networks", second[1], "a.csv") == read("networks", first[1], "b.csv")
    exported = {
        row.get(layout.PARTICIPANT): row for row in read("participations", first[0], "b.xlsx")
    }
    assert sorted(exported) == ["18", "1804", "1806"]
    assert exported["1804"].get(layout.COORDINATORS) == "Siri Hansen <siri.hansen@bodo.kommune.no>"
    assert exported["1804"].get(layout.DECISION_CASE) == "2024/1187"
    assert exported["1806"].get(layout.THEMES) == "Arealpolitiske hensyn; Klima og energi"


def test_export_neutralises_formulas_and_reads_them_back() -> None:
    rows = [{layout.NAME: '=HYPERLINK("http://x")', layout.PROGRAMME: "-1+2"}]
    data = layout.write_xlsx(layout.NETWORK_COLUMNS, rows, title="Nettverk")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["B2"].value == "'-1+2"
    text = layout.write_csv(layout.NETWORK_COLUMNS, rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert read("networks", data, "n.xlsx")[0].get(layout.NAME) == '=HYPERLINK("http://x")'


# --- pages -------------------------------------------------------------------------------------


def test_upload_preview_then_import_through_the_pages(
    client: Client,
    make_user: MakeUser,
    programme: Programme,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    upload = reverse("networks:onboarding_upload")
    page = client.get(upload)
    assert reverse("networks:onboarding_template", args=["deltakelser", "xlsx"]) in page.text
    participations = io.BytesIO(xlsx(participations_rows()))
    participations.name = "deltakelser.xlsx"
    networks = io.BytesIO(csv_bytes(networks_rows()))
    networks.name = "nettverk.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload, {"participations": participations, "networks": networks})
    job = OnboardingJob.objects.get()
    assert response["Location"] == reverse("networks:onboarding_job", args=[job.pk])
    page = client.get(response["Location"])
    assert "Forhåndsvisning: 3 deltakelser, 1 nettverk" in page.text
    assert not Participation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("networks:onboarding_job_import", args=[job.pk]))
    imported = OnboardingJob.objects.exclude(pk=job.pk).get()
    assert (imported.preview, imported.state) == (False, "done")
    assert "Lagret: 3 deltakelser" in client.get(response["Location"]).text
    assert Participation.objects.count() == 3
    # The invitations wait in the outbox; the outbox's own task sends them.
    assert Message.objects.filter(kind="invitation").count() == 4


def test_refused_upload_shows_the_report_and_cannot_be_imported(
    client: Client,
    make_user: MakeUser,
    programme: Programme,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    rows = participations_rows()
    rows[1][4] = "31.02.2024"
    participations = io.BytesIO(xlsx(rows))
    participations.name = "deltakelser.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("networks:onboarding_upload"), {"participations": participations})
    job = OnboardingJob.objects.get()
    page = client.get(reverse("networks:onboarding_job", args=[job.pk]))
    assert job.state == "failed" or "Avvist" in page.text
    assert "<td>Deltakelser</td><td>2</td><td>Godkjent dato</td>" in page.text
    assert "«31.02.2024» er ikke en dato" in page.text
    client.post(reverse("networks:onboarding_job_import", args=[job.pk]))
    assert OnboardingJob.objects.count() == 1


def test_template_and_export_downloads(
    client: Client, make_user: MakeUser, programme: Programme
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.get(reverse("networks:onboarding_template", args=["nettverk", "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == N_HEAD
    assert workbook.sheetnames == ["Nettverk", "Veiledning"]
    response = client.get(reverse("networks:onboarding_template", args=["deltakelser", "csv"]))
    assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(P_HEAD)
    url = reverse("networks:onboarding_export", args=["deltakelser", "csv"])
    response = client.get(url, {"programme": programme.slug})
    assert response.status_code == 200
    assert 'filename="livskraftige-kommuner-deltakelser.csv"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    "role",
    [Role.MUNICIPAL_COORDINATOR, Role.PARTICIPANT, Role.STATE_REPRESENTATIVE, Role.PARTNER],
)
def test_other_roles_are_refused(
    client: Client, make_user: MakeUser, programme: Programme, bodo: Municipality, role: Role
) -> None:
    client.force_login(make_user(role, bodo))
    upload = reverse("networks:onboarding_upload")
    assert client.get(upload).status_code == 403
    participations = io.BytesIO(xlsx(participations_rows()))
    participations.name = "deltakelser.xlsx"
    assert client.post(upload, {"participations": participations}).status_code == 403
    template = reverse("networks:onboarding_template", args=["deltakelser", "xlsx"])
    assert client.get(template).status_code == 403
    export = reverse("networks:onboarding_export", args=["deltakelser", "xlsx"])
    assert client.get(export, {"programme": programme.slug}).status_code == 403
    assert not OnboardingJob.objects.exists()


def test_xlsx_that_unpacks_past_the_limit_is_refused_before_reading() -> None:
    rows: list[list[Any]] = [P_HEAD] + [
        ["1804", "Livskraftige kommuner", "Søkt", "", "", "", "Bystyret"] for _ in range(20_000)
    ]
    data = xlsx(rows)
    assert len(data) < 512 * 1024  # small on disk, much larger unpacked
    with pytest.raises(layout.OnboardingFileError, match="når den pakkes ut"):
        layout.read_table(data, "d.xlsx", "participations", max_unpacked_bytes=512 * 1024)
    with pytest.raises(layout.OnboardingFileError, match="flere enn 100 rader"):
        layout.read_table(data, "d.xlsx", "participations", max_rows=100)


def test_a_zip_that_is_no_workbook_gets_a_norwegian_message_without_python_text() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "ikke et regneark")
    with pytest.raises(layout.OnboardingFileError) as refused:
        layout.read_table(archive.getvalue(), "d.xlsx", "participations")
    message = refused.value.message
    assert message.startswith("Deltakelser: filen kunne ikke leses som et XLSX-regneark.")
    assert "KeyError" not in message and "zip" not in message.lower()
