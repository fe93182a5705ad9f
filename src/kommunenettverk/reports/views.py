"""Report pages and their PDF and XLSX downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.jobs import job_recover_if_stale
from kommunenettverk.core.shortcuts import get_or_404, require_perm
from kommunenettverk.networks.selectors import network_get
from kommunenettverk.programmes.models import Programme
from kommunenettverk.programmes.selectors import programme_get
from kommunenettverk.registry.selectors import municipality_get_or_404
from kommunenettverk.reports import render as report_render
from kommunenettverk.reports import services
from kommunenettverk.reports.builders import municipality_report, national_report, network_report
from kommunenettverk.reports.forms import RegionForm, ReportJobForm
from kommunenettverk.reports.models import ReportJob
from kommunenettverk.reports.selectors import (
    report_job_get,
    report_job_get_for_user,
    report_job_list,
)

CANCEL_JOB = "reports.cancel_report_job"
QUESTION_CANCEL = gettext_lazy(
    "Avbryte rapporten? Ingen fil blir laget, og du må bestille den på nytt."
)
FIRST_YEAR = 2006  # Livskraftige kommuner started in 2006


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(
            _("Det finnes ingen årsrapport for %(year)s. Velg et år fra %(first)s til i år.")
            % {"year": year, "first": FIRST_YEAR}
        )
    return year


@require_safe
@login_not_required
def municipality_latest(request: HttpRequest, number: str) -> HttpResponse:
    return redirect("reports:municipality", number=number, year=timezone.localdate().year)


@require_safe
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def network(request: AuthedRequest, slug: str, fmt: str = "html") -> HttpResponse:
    found = get_or_404(network_get, slug, _("Fant ikke nettverket."))
    require_perm(
        request,
        "reports.view_network_report",
        found,
        _(
            "Nettverksrapporten er for nettverkets rådgiver, nasjonal koordinator og "
            "kommunekoordinatorene i medlemskommunene."
        ),
    )
    report = network_report(found)
    if fmt == "pdf":
        pdf = report_render.sectioned_pdf(report, base_url=request.build_absolute_uri("/"))
        return _attachment(pdf, "application/pdf", f"nettverksrapport-{slug}.pdf")
    if fmt == "xlsx":
        xlsx = report_render.sectioned_xlsx(report)
        return _attachment(xlsx, XLSX, f"nettverksrapport-{slug}.xlsx")
    return render(request, "reports/network.html", {"report": report, "network": found})


def _programme_for_report(request: AuthedRequest, slug: str) -> Programme:
    programme = get_or_404(programme_get, slug, _("Fant ikke programmet."))
    require_perm(
        request,
        "reports.view_national_report",
        programme,
        _(
            "Den nasjonale rapporten er for nasjonal koordinator, regionale rådgivere og "
            "statlige representanter."
        ),
    )
    return programme


def _national_page(
    request: AuthedRequest, programme: Programme, region_form: RegionForm, form: ReportJobForm
) -> HttpResponse:
    region = region_form.cleaned_data["region"] if region_form.is_valid() else None
    context = {
        "report": national_report(programme, region=region),
        "programme": programme,
        "region": region,
        "region_form": region_form,
        "form": form,
        "jobs": report_job_list(request.user),
    }
    return render(request, "reports/national.html", context)


@require_safe
def national(request: AuthedRequest, slug: str) -> HttpResponse:
    """The national report for the whole programme, or for one KS region (`?region=code`)."""
    programme = _programme_for_report(request, slug)
    region_form = RegionForm(request.GET or None)
    region = region_form.cleaned_data["region"] if region_form.is_valid() else None
    form = ReportJobForm(initial={"region": region.code if region else ""})
    return _national_page(request, programme, region_form, form)


@require_POST
def national_job_create(request: AuthedRequest, slug: str) -> HttpResponse:
    programme = _programme_for_report(request, slug)
    form = ReportJobForm(request.POST)
    if not form.is_valid():
        return _national_page(request, programme, RegionForm(request.POST), form)
    region = form.cleaned_data["region"]
    title = _("Nasjonal rapport: %(name)s") % {"name": programme.name}
    if region is not None:
        title += f" – {region.name}"
    job = services.report_job_create(
        user=request.user,
        kind=ReportJob.Kind.NATIONAL,
        fmt=form.cleaned_data["fmt"],
        params={
            "programme": programme.slug,
            "region": region.code if region else "",
            # The worker thread makes the file in the language the page was asked in.
            "language": get_language() or settings.LANGUAGE_CODE,
        },
        title=title,
    )
    return redirect("reports:job", pk=job.pk)


def _job_or_404(request: AuthedRequest, pk: int) -> ReportJob:
    try:
        return get_or_404(
            lambda key: report_job_get_for_user(request.user, key),
            pk,
            _("Fant ikke rapportjobben."),
        )
    except PermissionDenied:
        raise PermissionDenied(
            _("Bare den som bestilte rapporten og nasjonal koordinator kan hente den.")
        ) from None


@require_safe
def job(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _job_or_404(request, pk)
    if job_recover_if_stale(found):  # its worker died: the page says so, not "running" for ever
        found = _job_or_404(request, pk)
    template = "reports/job.html"
    if request.htmx and not request.htmx.boosted:
        template += "#job-status"
    return render(
        request,
        template,
        {
            "job": found,
            "can_cancel": request.user.has_perm(CANCEL_JOB, found),
            "question_cancel": QUESTION_CANCEL,
        },
    )


@require_POST
def job_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """Its creator or the national coordinator stops a job that is queued or being made."""
    found = get_or_404(report_job_get, pk, _("Fant ikke rapportjobben."))
    require_perm(
        request,
        CANCEL_JOB,
        found,
        _("Bare den som bestilte rapporten og nasjonal koordinator kan avbryte den."),
    )
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=QUESTION_CANCEL,
            button=_("Avbryt rapporten"),
            back_url=reverse("reports:job", args=[pk]),
        )
    services.report_job_cancel(job=found)
    return redirect("reports:job", pk=pk)


@require_safe
def job_download(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _job_or_404(request, pk)
    if found.status != ReportJob.Status.DONE:
        raise Http404(_("Rapporten er ikke ferdig ennå."))
    content = ReportJob.objects.values_list("content", flat=True).get(pk=found.pk)
    return _attachment(bytes(content), found.content_type, found.filename)
