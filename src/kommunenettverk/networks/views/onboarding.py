"""Moving a programme in from spreadsheets: templates, upload, the preview and import job
pages, and the export in the same layout (networks.services.onboarding)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.jobs import job_recover_if_stale
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.networks import onboarding as layout
from kommunenettverk.networks import selectors
from kommunenettverk.networks.forms import OnboardingExportForm, OnboardingUploadForm
from kommunenettverk.networks.services import onboarding as services

ONBOARD = "networks.onboard"
REFUSED = _("Bare nasjonal koordinator og regionale rådgivere kan flytte inn et program.")
FILES = {
    "deltakelser": ("participations", layout.PARTICIPATION_COLUMNS, "Deltakelser"),
    "nettverk": ("networks", layout.NETWORK_COLUMNS, "Nettverk"),
}
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _file(
    columns: tuple[str, ...],
    rows: list[dict[str, str]],
    title: str,
    fmt: str,
    *,
    name: str,
    guide: bool = False,
) -> HttpResponse:
    if fmt not in TYPES:
        raise Http404
    data = (
        layout.write_xlsx(columns, rows, title=title, guide=guide)
        if fmt == "xlsx"
        else layout.write_csv(columns, rows)
    )
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def onboarding_upload(request: AuthedRequest) -> HttpResponse:
    require_perm(request, ONBOARD, message=REFUSED)
    form = OnboardingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = {
            key: (upload.name or key, upload.read()) if upload else None
            for key, upload in (
                ("participations", form.cleaned_data["participations"]),
                ("networks", form.cleaned_data["networks"]),
            )
        }
        with reported(request, form=form) as outcome:
            job = services.onboarding_job_create(
                user=request.user,
                participations=files["participations"],
                networks=files["networks"],
                preview=True,
            )
        if outcome.ok:
            return redirect("networks:onboarding_job", pk=job.pk)
    return render(
        request,
        "networks/onboarding_upload.html",
        {
            "form": form,
            "export_form": OnboardingExportForm(),
            "jobs": selectors.onboarding_job_list(request.user),
        },
    )


@require_safe
def onboarding_template(request: AuthedRequest, which: str, fmt: str) -> HttpResponse:
    require_perm(request, ONBOARD, message=REFUSED)
    if which not in FILES:
        raise Http404
    _kind, columns, title = FILES[which]
    return _file(columns, [], title, fmt, name=f"mal-{which}", guide=True)


@require_safe
def onboarding_export(request: AuthedRequest, which: str, fmt: str) -> HttpResponse:
    require_perm(request, ONBOARD, message=REFUSED)
    form = OnboardingExportForm(request.GET)
    if which not in FILES or not form.is_valid():
        raise Http404
    programme = form.cleaned_data["programme"]
    participations, networks = services.onboarding_export_rows(
        programme=programme, user=request.user
    )
    _kind, columns, title = FILES[which]
    rows = participations if which == "deltakelser" else networks
    return _file(columns, rows, title, fmt, name=f"{programme.slug}-{which}")


@require_safe
def onboarding_job(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request, ONBOARD, message=REFUSED)
    job = get_or_404(
        lambda key: selectors.onboarding_job_get(request.user, key),
        pk,
        _("Fant ikke innflyttingen."),
    )
    if job_recover_if_stale(job):  # its worker died: the page says so, not "running" for ever
        job = selectors.onboarding_job_get(request.user, pk)
    template = "networks/onboarding_job.html"
    if request.htmx and not request.htmx.boosted:
        template += "#job-status"
    return render(request, template, {"job": job})


@require_POST
def onboarding_job_import(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request, ONBOARD, message=REFUSED)
    job = get_or_404(
        lambda key: selectors.onboarding_job_get(request.user, key),
        pk,
        _("Fant ikke innflyttingen."),
    )
    with reported(request) as outcome:
        imported = services.onboarding_job_import(job=job, user=request.user)
    if outcome.ok:
        return redirect("networks:onboarding_job", pk=imported.pk)
    return redirect("networks:onboarding_job", pk=pk)
