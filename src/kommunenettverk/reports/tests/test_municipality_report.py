from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from kommunenettverk.plans import services as plan_services
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(bodo: Municipality) -> None:
    goal = plan_services.goal_save(
        municipality=bodo, fields={"statement": "Renere luft", "published": True}
    )
    plan_services.measure_save(
        goal=goal,
        fields={
            "title": "Elbusser",
            "dimension": "practice",
            "published": True,
            "budget_amount": 5_000_000,
            "budget_year": 2026,
        },
        partners=[],
    )
    plan_services.measure_save(
        goal=goal, fields={"title": "Internt utkast", "dimension": "plan"}, partners=[]
    )


def test_html_report_shows_published_data_only(client: Client, published: None) -> None:
    response = client.get("/rapporter/kommuner/1804/2026/")
    assert response.status_code == 200
    assert "Årsrapport 2026: Bodø" in response.text
    assert "Elbusser" in response.text
    assert "Internt utkast" not in response.text


def test_pdf_is_tagged_and_has_the_same_content(client: Client, published: None) -> None:
    response = client.get("/rapporter/kommuner/1804/2026.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged, so screen readers get headings and tables
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nb"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Elbusser" in text
    assert "Internt utkast" not in text


def test_xlsx_has_one_sheet_per_table(client: Client, published: None) -> None:
    response = client.get("/rapporter/kommuner/1804/2026.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["Om rapporten", "Mål og tiltak", "Plansyklus"]
    rows = list(workbook["Mål og tiltak"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Mål", "Tiltak")
    assert rows[1][:2] == ("Renere luft", "Elbusser")
    assert rows[1][5] == 5_000_000
    assert len(rows) == 2


CYCLE_CODES = {
    "planstrategi",
    "folkehelseoversikt",
    "handlingsdel",
    "fulfilled",
    "overdue",
    "upcoming",
}


@pytest.mark.parametrize(
    ("language", "sheets", "header", "kinds", "states", "dimension"),
    [
        (
            "nb",
            ["Om rapporten", "Mål og tiltak", "Plansyklus"],
            ("Plan", "Gjelder år", "Frist", "Status", "Vedtatt plan"),
            {"Kommunal planstrategi", "Folkehelseoversikt", "Handlingsdel / økonomiplan"},
            {"Vedtatt", "Forsinket", "Kommer"},
            "Praksis",
        ),
        (
            "en",
            ["About the report", "Goals and measures", "Plan cycle"],
            ("Plan", "For year", "Due", "Status", "Adopted plan"),
            {
                "Municipal planning strategy",
                "Public health overview",
                "Action programme / financial plan",
            },
            {"Adopted", "Delayed", "Upcoming"},
            "Practice",
        ),
    ],
)
def test_xlsx_speaks_the_language_asked_for(
    client: Client,
    published: None,
    language: str,
    sheets: list[str],
    header: tuple[str, ...],
    kinds: set[str],
    states: set[str],
    dimension: str,
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/rapporter/kommuner/1804/2026.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == sheets
    about = list(workbook[sheets[0]].iter_rows(values_only=True))
    assert about[0][0] == ("Kommune" if language == "nb" else "Municipality")
    measures = list(workbook[sheets[1]].iter_rows(values_only=True))
    assert measures[1][2] == dimension
    cycle = list(workbook[sheets[2]].iter_rows(values_only=True))
    assert cycle[0] == header
    assert {row[0] for row in cycle[1:]} == kinds  # labels, not codes
    assert {row[3] for row in cycle[1:]} <= states
    values = {
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    }
    assert not values & CYCLE_CODES


@pytest.mark.parametrize(
    "url", ["/rapporter/kommuner/1804/1999/", "/rapporter/kommuner/9998/2026/"]
)
def test_unknown_year_or_municipality_is_a_clear_404(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Det finnes ingen" in response.text


def test_latest_redirects_to_this_year(client: Client) -> None:
    response = client.get("/rapporter/kommuner/1804/")
    assert response.status_code == 302
    assert response["Location"].startswith("/rapporter/kommuner/1804/20")


def test_a_past_year_shows_goals_and_measures_as_they_stood_at_its_end(
    client: Client, bodo: Municipality, make_user: Any
) -> None:
    """From the kept history: a measure renamed and finished later shows its old title and
    the status of its last update that year; a goal added later is not there."""
    import datetime

    from django.utils import timezone

    from kommunenettverk.accounts.models import Role
    from kommunenettverk.plans.models import Goal, Measure

    author = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    goal = plan_services.goal_save(
        municipality=bodo, fields={"statement": "Renere luft", "published": True}
    )
    measure = plan_services.measure_save(
        goal=goal,
        fields={"title": "Elbusser", "dimension": "practice", "published": True},
        partners=[],
    )
    back_then = timezone.make_aware(datetime.datetime(2024, 3, 1, 12))
    Goal.history.filter(id=goal.pk).update(history_date=back_then)
    Measure.history.filter(id=measure.pk).update(history_date=back_then)
    plan_services.measure_status_record(
        measure=measure,
        status="in_progress",
        progress=40,
        note="Halvveis",
        author=author,
        date=datetime.date(2024, 10, 1),
    )
    plan_services.measure_status_record(
        measure=measure, status="done", progress=100, note="Ferdig", author=author
    )
    measure.refresh_from_db()
    plan_services.measure_save(
        goal=goal,
        fields={
            "title": "Elektriske busser i hele byen",
            "dimension": "practice",
            "published": True,
        },
        partners=[],
        measure=measure,
    )
    plan_services.goal_save(
        municipality=bodo, fields={"statement": "Mer sykkel", "published": True}
    )

    past = client.get("/rapporter/kommuner/1804/2024/").text
    assert "slik de sto 31.12.2024" in past
    assert "Elbusser" in past and "Elektriske busser i hele byen" not in past
    assert "Pågår" in past and "40 %" in past
    assert "Mer sykkel" not in past
    # The workbook of that year shows the same: the date it shows, the old title and status.
    workbook = load_workbook(io.BytesIO(client.get("/rapporter/kommuner/1804/2024.xlsx").content))
    about = {row[0]: row[1] for row in workbook["Om rapporten"].iter_rows(values_only=True)}
    assert about["Mål og tiltak per"] == "31.12.2024"
    lines = list(workbook["Mål og tiltak"].iter_rows(values_only=True))[1:]
    assert [(row[1], row[3], row[4]) for row in lines] == [("Elbusser", "Pågår", 40)]

    now = timezone.localdate().year
    current = client.get(f"/rapporter/kommuner/1804/{now}/").text
    assert "slik de står i dag" in current
    assert "Elektriske busser i hele byen" in current and "Mer sykkel" in current
    assert "100 %" in current
