"""Turning a report into a file: PDF from the report's HTML (WeasyPrint, tagged PDF/UA so
screen readers can read it) and an XLSX workbook with one sheet per table. Every XLSX row is
written with `core.spreadsheets.xlsx_append`, so no text becomes a formula."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kommunenettverk.core.spreadsheets import xlsx_append
from kommunenettverk.reports import charts
from kommunenettverk.reports.builders import MunicipalityReport, SectionedReport


def pdf_from_template(template: str, context: dict[str, Any], *, base_url: str | None) -> bytes:
    """Render `template` (a print version of the report page) to a tagged PDF."""
    from weasyprint import HTML  # imported here: needs the system's Pango only when used

    html = render_to_string(template, {**context, "print": True})
    document = HTML(string=html, base_url=base_url)
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    xlsx_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    for index, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[index - 1] or "")) for r in rows] + [8])
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"


def municipality_xlsx(report: MunicipalityReport) -> bytes:
    """The annual report's workbook in the active language: sheet names, headers and values."""
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = _("Om rapporten")
    m = report.municipality
    rows: list[list[Any]] = [
        [_("Kommune"), f"{m.number} {m.name}"],
        [_("År"), report.year],
        [_("Mål og tiltak per"), report.shows_date.strftime("%d.%m.%Y")],
        [_("Laget"), report.generated_at.strftime("%d.%m.%Y %H:%M")],
        [_("Innhold"), _("Publiserte mål og tiltak, plansyklus og innsendt årsrapport")],
        [_("Kilde"), _source()],
    ]
    for row in rows:
        xlsx_append(about, row)
    _sheet(
        workbook,
        _("Mål og tiltak"),
        [
            _("Mål"),
            _("Tiltak"),
            _("Dimensjon"),
            _("Status"),
            _("Framdrift (%)"),
            _("Budsjett (kr)"),
            _("Plan"),
        ],
        [
            [
                goal.statement,
                measure.title,
                measure.get_dimension_display(),
                measure.get_status_display(),
                measure.progress,
                int(measure.budget_amount) if measure.budget_amount is not None else None,
                measure.plan_document.title if measure.plan_document else None,
            ]
            for goal in report.goals
            for measure in goal.measures.all()
        ],
    )
    _sheet(
        workbook,
        _("Plansyklus"),
        [_("Plan"), _("Gjelder år"), _("Frist"), _("Status"), _("Vedtatt plan")],
        [
            [
                row.kind_label,
                row.item.label_year,
                row.item.due,
                row.state_label,
                row.document.title if row.document else None,
            ]
            for row in report.cycle
        ],
    )
    if report.status_report:
        _sheet(
            workbook,
            _("Årsrapport"),
            [_("Mål"), _("Tiltak"), _("Status"), _("Resultater"), _("Hindringer")],
            [
                [e.goal_statement, e.measure_title, e.get_status_display(), e.results, e.obstacles]
                for e in report.status_report.entries.all()
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _source() -> str:
    return _("Kommunenettverk; kommunedata fra SSB KLASS (CC BY 4.0)")


Progress = Callable[[float, str], object]


def _no_progress(fraction: float, message: str) -> None:
    return None


def sectioned_pdf(
    report: SectionedReport,
    *,
    base_url: str | None = None,
    progress: Progress = _no_progress,
) -> bytes:
    """The report as a tagged PDF, each chart drawn from its Vega-Lite spec as an SVG image
    (with the chart's description as its alternative text; the numbers follow in a table)."""
    chart_list = report.charts
    for index, chart in enumerate(chart_list, start=1):
        progress(
            index / (len(chart_list) + 1),
            _("Tegner figur %(n)s av %(total)s") % {"n": index, "total": len(chart_list)},
        )
        svg = charts.to_svg(chart.spec).encode("utf-8")
        chart.svg = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    progress(len(chart_list) / (len(chart_list) + 1), _("Setter sammen PDF-en …"))
    return pdf_from_template("reports/sectioned_print.html", {"report": report}, base_url=base_url)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sectioned_xlsx(report: SectionedReport) -> bytes:
    """An "about" sheet, then one sheet per table of every section, in the report's order.
    The report is built in the language asked for; the about sheet follows the active one."""
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = _("Om rapporten")
    for row in (
        [_("Rapport"), report.title],
        [_("Gjelder"), report.subtitle],
        [_("Laget"), report.generated_at.strftime("%d.%m.%Y %H:%M")],
        [_("Kilde"), _source()],
    ):
        xlsx_append(about, row)
    used = {about.title}
    for section in report.sections:
        for table in section.tables:
            name = _SHEET_FORBIDDEN.sub("-", table.sheet or table.caption)[:31]
            base, n = name, 2
            while name in used:
                suffix = f" ({n})"
                name, n = base[: 31 - len(suffix)] + suffix, n + 1
            used.add(name)
            _sheet(workbook, name, list(table.header), [list(r) for r in table.rows])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
