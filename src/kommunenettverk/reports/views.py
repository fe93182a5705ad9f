"""Report pages and their PDF and XLSX downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kommunenettverk.registry.selectors import municipality_get_or_404
from kommunenettverk.reports import render as report_render
from kommunenettverk.reports.selectors import municipality_report

FIRST_YEAR = 2006  # Livskraftige kommuner started in 2006


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(
            _("Det finnes ingen årsrapport for %(year)s. Velg et år fra %(first)s til i år.")
            % {"year": year, "first": FIRST_YEAR}
        )
    return year


@require_GET
@login_not_required
def municipality_latest(request: HttpRequest, number: str) -> HttpResponse:
    return redirect("reports:municipality", number=number, year=timezone.localdate().year)


@require_GET
@login_not_required
def municipality(request: HttpRequest, number: str, year: int, fmt: str = "html") -> HttpResponse:
    report = municipality_report(municipality_get_or_404(number), _year(year))
    context = {"report": report, "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1)}
    filename = f"arsrapport-{number}-{year}"
    if fmt == "pdf":
        pdf = report_render.pdf_from_template(
            "reports/municipality_print.html", context, base_url=request.build_absolute_uri("/")
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            report_render.municipality_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return render(request, "reports/municipality.html", context)
