"""Programme pages, applications for participation, approval and themes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.uploads import stored_file_response
from kommunenettverk.programmes import opendata, selectors, services
from kommunenettverk.programmes.forms import (
    EXPECTATIONS,
    ApplicationForm,
    ApplyForm,
    ParticipantFilterForm,
    RefuseForm,
    StatusForm,
    ThemeForm,
)
from kommunenettverk.programmes.models import Participation, Programme, Theme
from kommunenettverk.registry.models import County, Municipality


def _programme_or_404(slug: str) -> Programme:
    return get_or_404(
        selectors.programme_get, slug, _("Det finnes ikke noe program «%(slug)s».") % {"slug": slug}
    )


def _participation_for(request: AuthedRequest, slug: str, key: str, perm: str) -> Participation:
    """The participation if the user holds `perm` on it; 404 or 403 otherwise."""
    participation = get_or_404(
        lambda k: selectors.participation_get(slug, k), key, _("Deltakelsen finnes ikke.")
    )
    require_perm(
        request,
        perm,
        participation,
        _("Du har ikke tilgang til å gjøre dette med deltakelsen til %(name)s.")
        % {"name": participation.participant_name},
    )
    return participation


@require_safe
@login_not_required
@public_page_cache
def programme_list(request: HtmxRequest) -> HttpResponse:
    programmes = selectors.programme_list()
    table = opendata.programme_table(programmes)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "open_table": open_table_links(request, table)},
    )


@require_safe
@login_not_required
@public_page_cache
def programme_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    programme = _programme_or_404(slug)
    filter_form = ParticipantFilterForm(request.GET or None, programme=programme)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    participations = selectors.participation_list(
        programme=programme,
        status=filters.get("status", ""),
        region=filters.get("region"),
        theme=filters.get("tema"),
    ).order_by("status", "municipality__name_nb", "county__name")
    table = opendata.participation_table(programme, participations)
    if download := open_table_response(request, table):
        return download
    user = request.user
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "participations": participations,
            "filter_form": filter_form,
            "open_table": open_table_links(request, table),
            "can_apply": not programme.has_ended
            and user.is_authenticated
            and user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR)),
            # Advisers and the national coordinator follow up every application.
            "can_see_details": user.is_authenticated
            and user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)),
            "can_see_dashboard": user.has_perm("programmes.view_programme_dashboard", programme),
        },
    )


def _applicants(user: User) -> tuple[list[Municipality], list[County]]:
    """The municipalities and county municipalities the user may apply for."""
    municipalities = [
        m
        for m in Municipality.objects.current().select_related("county__ks_region")
        if user.has_perm("programmes.apply_participation", m)
    ]
    counties = [
        c
        for c in County.objects.select_related("ks_region")
        if user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR), c)
    ]
    return municipalities, counties


@require_http_methods(["GET", "HEAD", "POST"])
def participation_apply(request: AuthedRequest, slug: str) -> HttpResponse:
    programme = _programme_or_404(slug)
    municipalities, counties = _applicants(request.user)
    if not municipalities and not counties:
        raise PermissionDenied(_("Bare kommunens koordinator kan søke om deltakelse."))
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        programme=programme,
        municipalities=municipalities,
        counties=counties,
    )
    if request.method == "POST" and form.is_valid():
        municipality, county = form.participant_objects()
        data = {k: v for k, v in form.cleaned_data.items() if k in services.APPLICATION_FIELDS}
        with reported(request, form=form) as outcome:
            participation = services.participation_apply(
                programme=programme,
                municipality=municipality,
                county=county,
                themes=form.cleaned_data["themes"],
                user=request.user,
                decision_document=form.cleaned_data.get("decision_document") or None,
                **data,
            )
        if outcome.ok:
            messages.success(
                request,
                _("Søknaden fra %(name)s er registrert. Rådgiveren behandler den.")
                % {"name": participation.participant_name},
            )
            return redirect(participation)
    if request.method == "POST":
        form.keep_upload()
    return render(
        request,
        "programmes/participation_form.html",
        {"programme": programme, "form": form, "expectations": EXPECTATIONS, "new": True},
    )


@require_safe
def participation_detail(request: AuthedRequest, slug: str, key: str) -> HttpResponse:
    participation = _participation_for(request, slug, key, "programmes.view_participation")
    can_approve = request.user.has_perm("programmes.approve_participation", participation)
    return render(
        request,
        "programmes/participation_detail.html",
        {
            "participation": participation,
            "changes": selectors.participation_status_changes(participation),
            "can_edit": request.user.has_perm("programmes.change_participation", participation),
            "can_approve": can_approve,
            "status_form": StatusForm(initial={"on": timezone.localdate()})
            if can_approve
            else None,
            "refuse_form": RefuseForm()
            if can_approve and participation.status == "applied"
            else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def participation_edit(request: AuthedRequest, slug: str, key: str) -> HttpResponse:
    participation = _participation_for(request, slug, key, "programmes.change_participation")
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=participation,
        programme=participation.programme,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.APPLICATION_FIELDS}
        with reported(request, form=form) as outcome:
            services.participation_update(
                participation=participation,
                themes=form.cleaned_data["themes"],
                decision_document=form.cleaned_data.get("decision_document") or None,
                **data,
            )
        if outcome.ok:
            messages.success(request, _("Deltakelsen er oppdatert."))
            return redirect(participation)
    if request.method == "POST":
        form.keep_upload()
    return render(
        request,
        "programmes/participation_form.html",
        {
            "programme": participation.programme,
            "participation": participation,
            "form": form,
            "expectations": EXPECTATIONS,
            "new": False,
        },
    )


@require_POST
def participation_approve(request: AuthedRequest, slug: str, key: str) -> HttpResponse:
    participation = _participation_for(request, slug, key, "programmes.approve_participation")
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Godkjenne søknaden fra %(name)s?")
            % {"name": participation.participant_name},
            button=_("Godkjenn søknaden"),
            back_url=participation.get_absolute_url(),
        )
    with reported(request) as outcome:
        services.participation_approve(participation=participation, user=request.user)
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s er godkjent som deltaker.") % {"name": participation.participant_name},
        )
    return redirect(participation)


@require_POST
def participation_refuse(request: AuthedRequest, slug: str, key: str) -> HttpResponse:
    """The adviser or the national coordinator refuses an application with a reason (asks
    first); the applicant is told by email."""
    participation = _participation_for(request, slug, key, "programmes.approve_participation")
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv hvorfor søknaden avslås."))
        return redirect(participation)
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Avslå søknaden fra %(name)s?") % {"name": participation.participant_name},
            detail=_("Søkeren får begrunnelsen på e-post."),
            button=_("Avslå søknaden"),
            back_url=participation.get_absolute_url(),
        )
    with reported(request) as outcome:
        services.participation_refuse(
            participation=participation, user=request.user, reason=form.cleaned_data["reason"]
        )
    if outcome.ok:
        messages.success(
            request,
            _("Søknaden fra %(name)s er avslått, og søkeren har fått beskjed.")
            % {"name": participation.participant_name},
        )
    return redirect(participation)


@require_POST
def participation_status(request: AuthedRequest, slug: str, key: str) -> HttpResponse:
    participation = _participation_for(request, slug, key, "programmes.approve_participation")
    form = StatusForm(request.POST)
    if form.is_valid():
        if needs_confirmation(request):
            return confirmation_page(
                request,
                question=_("Endre statusen til %(name)s til «%(status)s»?")
                % {
                    "name": participation.participant_name,
                    "status": dict(form.fields["status"].choices).get(  # type: ignore[attr-defined]
                        form.cleaned_data["status"], form.cleaned_data["status"]
                    ),
                },
                button=_("Endre statusen"),
                back_url=participation.get_absolute_url(),
            )
        with reported(request) as outcome:
            services.participation_set_status(
                participation=participation,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        if outcome.ok:
            messages.success(request, _("Statusen er endret."))
    else:
        messages.error(
            request,
            " ".join(
                f"{form[n].label}: {' '.join(str(x) for x in e)}" for n, e in form.errors.items()
            ),
        )
    return redirect(participation)


THEME_REFUSED = gettext_lazy("Bare nasjonal koordinator kan endre temaene.")


@require_http_methods(["GET", "HEAD", "POST"])
def theme_list(request: AuthedRequest) -> HttpResponse:
    require_perm(request, "programmes.change_theme", message=THEME_REFUSED)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form, field="name") as outcome:
            services.theme_save(**form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Temaet er lagt til."))
            return redirect("programmes:theme_list")
    return render(
        request, "programmes/theme_list.html", {"themes": selectors.theme_list(), "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def theme_edit(request: AuthedRequest, theme: str) -> HttpResponse:
    require_perm(request, "programmes.change_theme", message=THEME_REFUSED)
    theme_obj = get_or_404(
        lambda slug: Theme.objects.get(slug=slug), theme, _("Temaet finnes ikke.")
    )
    form = ThemeForm(request.POST or None, instance=theme_obj)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form, field="name") as outcome:
            services.theme_save(theme=theme_obj, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Temaet er oppdatert."))
            return redirect("programmes:theme_list")
    return render(request, "programmes/theme_edit.html", {"theme": theme_obj, "form": form})


@require_safe
def participation_decision_document(request: AuthedRequest, slug: str, key: str) -> FileResponse:
    """The uploaded political decision, for those who may see the participation."""
    participation = _participation_for(request, slug, key, "programmes.view_participation")
    if not participation.decision_document:
        raise Http404(_("Det er ikke lastet opp noe vedtaksdokument."))
    return stored_file_response(participation.decision_document)
