"""The municipality portal for inhabitants, citizen sign-in and proposals, moderation,
volunteering, partners and partnerships, privacy."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.client import client_ip
from kommunenettverk.core.forms import form_add_validation_error
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.dialogue import opendata, selectors, services
from kommunenettverk.dialogue.forms import (
    ActivityForm,
    AnswerForm,
    ArenaForm,
    CitizenLoginForm,
    ConsultationForm,
    DirectoryPartnerForm,
    DisplayNameForm,
    LocalPartnerForm,
    PartnershipForm,
    ProposalForm,
    RejectForm,
    SignUpForm,
    level_choices,
)
from kommunenettverk.dialogue.models import (
    Activity,
    Citizen,
    Consultation,
    Partner,
    Partnership,
    Proposal,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.plans.selectors import goal_get, measure_get
from kommunenettverk.registry.models import KsRegion
from kommunenettverk.registry.selectors import municipality_get_or_404

MODERATE = "dialogue.moderate_proposals"
CONSULTATIONS = "dialogue.manage_consultations"
VOLUNTEERING = "dialogue.manage_volunteering"
PARTNERSHIPS = "dialogue.manage_partnerships"
PARTNERS = "dialogue.manage_partners"
CITIZEN_SESSION_KEY = "dialogue_citizen_id"
REFUSALS = {
    MODERATE: gettext_lazy("Bare kommunens koordinator kan moderere innbyggerforslag."),
    CONSULTATIONS: gettext_lazy("Bare kommunens koordinator kan åpne og endre høringer."),
    VOLUNTEERING: gettext_lazy("Bare kommunens koordinator kan endre arenaer og aktiviteter."),
    PARTNERSHIPS: gettext_lazy("Bare kommunens koordinator kan endre kommunens partnerskap."),
    PARTNERS: gettext_lazy(
        "Bare nasjonal koordinator kan endre nasjonale ressursmiljøer, og regionale rådgivere "
        "regionale ressursmiljøer i sin region."
    ),
}


def _get_or_404(getter: Any, pk: int | None, message: str) -> Any:
    try:
        return getter(pk)
    except ObjectDoesNotExist:
        raise Http404(message) from None


def _require(request: HttpRequest, perm: str, obj: models.Model) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(str(REFUSALS[perm]))


def citizen_from(request: HttpRequest) -> Citizen | None:
    """The citizen signed in by email link in this session, if any."""
    pk = request.session.get(CITIZEN_SESSION_KEY)
    return Citizen.objects.filter(pk=pk).first() if pk else None


# --- the portal ------------------------------------------------------------------------------
@require_GET
@login_not_required
@public_page_cache
def portal(request: HtmxRequest, number: str) -> HttpResponse:
    """A municipality's page for inhabitants: goals and measures, indicators, examples,
    volunteering, partners, consultations and proposals. Public data only, so the page is the
    same for every anonymous visitor and is served from the public page cache (the services
    behind each section drop the cache when they change it)."""
    municipality = municipality_get_or_404(number)
    user = request.user
    name = municipality.name_nb
    activity_table = opendata.activity_table(
        selectors.upcoming_activities(municipality),
        slug="aktiviteter",
        filename=f"frivillige-aktiviteter-{number}",
        title=_("Kommende frivillige aktiviteter i %(m)s") % {"m": name},
    )
    partnership_table = opendata.partnership_table(
        selectors.partnerships_of(municipality).select_related("municipality"),
        slug="partnerskap",
        filename=f"partnerskap-{number}",
        title=_("Partnerskapene til %(m)s") % {"m": name},
    )
    for table in (activity_table, partnership_table):
        if download := open_table_response(request, table):
            return download
    return render(
        request,
        "dialogue/portal.html",
        {
            "municipality": municipality,
            "portal": selectors.portal(municipality),
            "activity_table": open_table_links(request, activity_table),
            "partnership_table": open_table_links(request, partnership_table),
            "other_tables": opendata.portal_other_tables(municipality),
            "can_moderate": user.has_perm(MODERATE, municipality),
            "can_consult": user.has_perm(CONSULTATIONS, municipality),
            "can_volunteer": user.has_perm(VOLUNTEERING, municipality),
            "can_partner": user.has_perm(PARTNERSHIPS, municipality),
        },
    )


@require_GET
@login_not_required
def proposal_list(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    return render(
        request,
        "dialogue/proposal_list.html",
        {
            "municipality": municipality,
            "proposals": selectors.published_proposals(municipality)[:200],
        },
    )


@require_GET
@login_not_required
def privacy(request: HtmxRequest) -> HttpResponse:
    return render(
        request,
        "dialogue/privacy.html",
        {
            "login_minutes": services.LOGIN_LINK_MINUTES,
            "max_per_hour": services.MAX_PROPOSALS_PER_CITIZEN_PER_HOUR,
        },
    )


# --- citizen sign-in by email link -----------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_not_required
def citizen_login(request: HtmxRequest) -> HttpResponse:
    form = CitizenLoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        try:
            services.citizen_login_request(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                next_url=next_url,
            )
        except services.DialogueError as error:
            form.add_error("email", str(error))
        else:
            return redirect("dialogue:citizen_login_sent")
    return render(request, "dialogue/citizen_login.html", {"form": form, "next": next_url})


@require_GET
@login_not_required
def citizen_login_sent(request: HtmxRequest) -> HttpResponse:
    return render(
        request, "dialogue/citizen_login_sent.html", {"minutes": services.LOGIN_LINK_MINUTES}
    )


@require_http_methods(["GET", "POST"])
@login_not_required
def citizen_login_confirm(request: HtmxRequest, token: str) -> HttpResponse:
    """GET shows a button; POST signs in. (Mail scanners follow links, so a GET must not
    use up the single-use token.)"""
    if request.method == "POST":
        try:
            citizen, next_url = services.citizen_login_consume(token=token)
        except services.DialogueError as error:
            messages.error(request, str(error))
            return redirect("dialogue:citizen_login")
        request.session.cycle_key()
        request.session[CITIZEN_SESSION_KEY] = citizen.pk
        messages.success(
            request, _("Du er logget inn som %(name)s.") % {"name": citizen.display_name}
        )
        return redirect(next_url or "dialogue:citizen_data")
    return render(request, "dialogue/citizen_login_confirm.html", {"token": token})


@require_POST
@login_not_required
def citizen_logout(request: HtmxRequest) -> HttpResponse:
    request.session.pop(CITIZEN_SESSION_KEY, None)
    messages.success(request, _("Du er logget ut."))
    return redirect("web:home")


# --- a citizen's own data --------------------------------------------------------------------
def _citizen_or_prompt(request: HtmxRequest, template: str) -> tuple[Citizen | None, HttpResponse]:
    citizen = citizen_from(request)
    prompt = render(
        request,
        template,
        {"citizen": None, "login_form": CitizenLoginForm(), "next": request.get_full_path()},
    )
    return citizen, prompt


@require_http_methods(["GET", "POST"])
@login_not_required
def citizen_data(request: HtmxRequest) -> HttpResponse:
    """What we hold about the signed-in citizen, with export, deletion and the display name."""
    citizen, prompt = _citizen_or_prompt(request, "dialogue/citizen_data.html")
    if citizen is None:
        return prompt
    form = DisplayNameForm(request.POST or None, initial={"display_name": citizen.display_name})
    if request.method == "POST" and form.is_valid():
        services.citizen_update(citizen=citizen, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Visningsnavnet er endret."))
        return redirect("dialogue:citizen_data")
    return render(
        request,
        "dialogue/citizen_data.html",
        {
            "citizen": citizen,
            "form": form,
            "proposals": selectors.citizen_proposals(citizen),
            "sign_ups": selectors.citizen_sign_ups(citizen),
        },
    )


@require_GET
@login_not_required
def citizen_export(request: HtmxRequest) -> HttpResponse:
    citizen = citizen_from(request)
    if citizen is None:
        return redirect(f"{reverse('dialogue:citizen_login')}?next={request.path}")
    body = json.dumps(selectors.citizen_data(citizen), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data-kommunenettverk.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_not_required
def citizen_delete(request: HtmxRequest) -> HttpResponse:
    citizen, prompt = _citizen_or_prompt(request, "dialogue/citizen_delete.html")
    if citizen is None:
        return prompt
    if request.method == "POST":
        services.citizen_delete(citizen=citizen)
        request.session.pop(CITIZEN_SESSION_KEY, None)
        messages.success(request, _("Opplysningene dine er slettet."))
        return redirect("web:home")
    return render(request, "dialogue/citizen_delete.html", {"citizen": citizen})


# --- proposals -------------------------------------------------------------------------------
TARGETS = {"mal": "goal", "tiltak": "measure", "horing": "consultation"}


def _target(kind: str, pk: int) -> Goal | Measure | Consultation:
    missing = _("Det du vil kommentere, finnes ikke eller er ikke publisert.")
    if kind == "mal":
        goal: Goal = _get_or_404(goal_get, pk, missing)
        if not goal.published:
            raise Http404(missing)
        return goal
    if kind == "tiltak":
        measure: Measure = _get_or_404(measure_get, pk, missing)
        if not (measure.published and measure.goal.published):
            raise Http404(missing)
        return measure
    if kind == "horing":
        consultation: Consultation = _get_or_404(selectors.consultation_get, pk, missing)
        return consultation
    raise Http404(missing)


@require_http_methods(["GET", "POST"])
@login_not_required
def proposal_create(request: HtmxRequest, target: str, pk: int) -> HttpResponse:
    """A citizen sends a proposal or comment; it waits for moderation."""
    obj = _target(target, pk)
    municipality = obj.goal.municipality if isinstance(obj, Measure) else obj.municipality
    citizen = citizen_from(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and citizen is not None and form.is_valid():
        try:
            services.proposal_submit(
                citizen=citizen,
                target=obj,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        except services.DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Takk! Forslaget er sendt til kommunen og blir publisert når en moderator "
                    "har godkjent det."
                ),
            )
            return redirect("dialogue:portal", number=municipality.number)
    closed = isinstance(obj, Consultation) and not obj.is_open()
    return render(
        request,
        "dialogue/proposal_form.html",
        {
            "municipality": municipality,
            "target": obj,
            "target_kind": target,
            "citizen": citizen,
            "form": form,
            "closed": closed,
            "login_form": CitizenLoginForm(),
            "next": request.get_full_path(),
        },
    )


@require_GET
@login_not_required
def consultation_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    consultation: Consultation = _get_or_404(
        selectors.consultation_get, pk, _("Høringen finnes ikke.")
    )
    return render(
        request,
        "dialogue/consultation_detail.html",
        {
            "consultation": consultation,
            "municipality": consultation.municipality,
            "proposals": consultation.proposals.published(),
            "can_edit": request.user.has_perm(CONSULTATIONS, consultation),
        },
    )


# --- moderation ------------------------------------------------------------------------------
@require_GET
def moderation(request: AuthedRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    _require(request, MODERATE, municipality)
    return render(
        request,
        "dialogue/moderation.html",
        {
            "municipality": municipality,
            "queue": selectors.moderation_queue(municipality),
            "awaiting_answer": selectors.awaiting_answer(municipality),
            "recent": selectors.recently_moderated(municipality),
            "consultations": selectors.consultation_list(municipality),
            "reject_form": RejectForm(),
            "answer_form": AnswerForm(),
        },
    )


def _moderate(request: AuthedRequest, pk: int) -> Proposal:
    proposal: Proposal = _get_or_404(selectors.proposal_get, pk, _("Forslaget finnes ikke."))
    _require(request, MODERATE, proposal)
    return proposal


def _back_to_moderation(proposal: Proposal) -> HttpResponse:
    return redirect("dialogue:moderation", number=proposal.municipality.number)


@require_POST
def proposal_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _moderate(request, pk)
    try:
        services.proposal_approve(proposal=proposal, by=request.user)
    except services.DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Forslaget er publisert."))
    return _back_to_moderation(proposal)


@require_POST
def proposal_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _moderate(request, pk)
    try:
        services.proposal_reject(
            proposal=proposal, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Forslaget er avvist, og begrunnelsen er sendt på e-post."))
    return _back_to_moderation(proposal)


@require_POST
def proposal_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _moderate(request, pk)
    try:
        services.proposal_answer(
            proposal=proposal, by=request.user, answer=request.POST.get("answer", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Svaret er publisert."))
    return _back_to_moderation(proposal)


# --- consultations ---------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def consultation_edit(
    request: AuthedRequest, number: str | None = None, pk: int | None = None
) -> HttpResponse:
    consultation: Consultation | None = None
    if pk is not None:
        consultation = _get_or_404(selectors.consultation_get, pk, _("Høringen finnes ikke."))
        municipality = consultation.municipality
    else:
        municipality = municipality_get_or_404(number or "")
    _require(request, CONSULTATIONS, consultation or municipality)
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        saved = services.consultation_save(
            municipality=municipality, fields=form.cleaned_data, consultation=consultation
        )
        messages.success(request, _("Høringen er lagret."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "dialogue/consultation_form.html",
        {"municipality": municipality, "form": form, "consultation": consultation},
    )


# --- volunteering ----------------------------------------------------------------------------
@require_GET
@login_not_required
def arena_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    arena: VolunteerArena = _get_or_404(selectors.arena_get, pk, _("Arenaen finnes ikke."))
    activities = selectors.arena_activities(arena)
    table = opendata.activity_table(
        activities,
        slug="aktiviteter",
        filename=f"frivillighetsarena-{arena.pk}-aktiviteter",
        title=_("Aktiviteter i frivillighetsarenaen %(a)s") % {"a": arena.name},
    )
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "dialogue/arena_detail.html",
        {
            "arena": arena,
            "municipality": arena.municipality,
            "activities": activities,
            "open_table": open_table_links(request, table),
            "now": timezone.now(),
            "can_edit": request.user.has_perm(VOLUNTEERING, arena),
        },
    )


@require_http_methods(["GET", "POST"])
def arena_edit(
    request: AuthedRequest, number: str | None = None, pk: int | None = None
) -> HttpResponse:
    arena: VolunteerArena | None = None
    if pk is not None:
        arena = _get_or_404(selectors.arena_get, pk, _("Arenaen finnes ikke."))
        municipality = arena.municipality
    else:
        municipality = municipality_get_or_404(number or "")
    _require(request, VOLUNTEERING, arena or municipality)
    form = ArenaForm(request.POST or None, instance=arena)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "organisations"}
        try:
            saved = services.arena_save(
                municipality=municipality,
                fields=fields,
                organisations=list(form.cleaned_data["organisations"]),
                arena=arena,
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, _("Arenaen er lagret."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "dialogue/arena_form.html",
        {"municipality": municipality, "form": form, "arena": arena},
    )


@require_http_methods(["GET", "POST"])
@login_not_required
def activity_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    """An activity with its sign-up form (name, email, optional phone)."""
    activity: Activity = _get_or_404(selectors.activity_get, pk, _("Aktiviteten finnes ikke."))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_up = services.sign_up_create(
                activity=activity,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        except services.DialogueError as error:
            form.add_error(None, str(error))
        else:
            if sign_up.status == SignUp.Status.CONFIRMED:
                messages.success(
                    request,
                    _("Du er påmeldt. Vi har sendt en bekreftelse med avmeldingslenke på e-post."),
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Aktiviteten er full, så du står på venteliste. Vi sender e-post hvis "
                        "du får plass."
                    ),
                )
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "dialogue/activity_detail.html",
        {
            "activity": activity,
            "arena": activity.arena,
            "municipality": activity.arena.municipality,
            "form": form,
            "started": activity.starts_at <= timezone.now(),
            "can_edit": request.user.has_perm(VOLUNTEERING, activity),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_edit(
    request: AuthedRequest, arena_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    activity: Activity | None = None
    if pk is not None:
        activity = _get_or_404(selectors.activity_get, pk, _("Aktiviteten finnes ikke."))
        arena = activity.arena
    else:
        arena = _get_or_404(selectors.arena_get, arena_pk, _("Arenaen finnes ikke."))
    _require(request, VOLUNTEERING, activity or arena)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(arena=arena, fields=form.cleaned_data, activity=activity)
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, _("Aktiviteten er lagret."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "dialogue/activity_form.html",
        {
            "municipality": arena.municipality,
            "arena": arena,
            "form": form,
            "activity": activity,
        },
    )


@require_GET
def activity_sign_ups(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coordinator's list of who signed up (personal data: coordinator only)."""
    activity: Activity = _get_or_404(selectors.activity_get, pk, _("Aktiviteten finnes ikke."))
    _require(request, VOLUNTEERING, activity)
    return render(
        request,
        "dialogue/activity_sign_ups.html",
        {
            "activity": activity,
            "municipality": activity.arena.municipality,
            "sign_ups": selectors.activity_sign_ups(activity),
        },
    )


@require_http_methods(["GET", "POST"])
@login_not_required
def sign_up_cancel(request: HtmxRequest, token: str) -> HttpResponse:
    """The cancellation link from the confirmation email: GET asks, POST cancels."""
    sign_up = (
        SignUp.objects.select_related("activity")
        .filter(cancel_token=token, anonymised=False)
        .first()
    )
    if request.method == "POST":
        try:
            activity = services.sign_up_cancel(token=token)
        except services.DialogueError as error:
            messages.error(request, str(error))
            return redirect("web:home")
        messages.success(request, _("Du er meldt av. Takk for beskjed!"))
        return redirect(activity.get_absolute_url())
    return render(request, "dialogue/sign_up_cancel.html", {"sign_up": sign_up, "token": token})


# --- partners and partnerships ---------------------------------------------------------------
@require_GET
@login_not_required
def partner_list(request: HtmxRequest) -> HttpResponse:
    level = request.GET.get("niva", "")
    if level not in Partner.Level.values:
        level = ""
    partners = selectors.partner_list(level)
    table = opendata.partner_table(partners)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "dialogue/partner_list.html",
        {
            "partners": partners,
            "open_table": open_table_links(request, table),
            "level": level,
            "levels": level_choices(),
            "can_add": request.user.has_perm(PARTNERS),
        },
    )


@require_GET
@login_not_required
def partner_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    partner: Partner = _get_or_404(selectors.partner_get, pk, _("Ressursmiljøet finnes ikke."))
    table = opendata.partnership_table(
        partner.partnerships.all(),
        slug="partnerskap",
        filename=f"ressursmiljo-{partner.pk}-partnerskap",
        title=_("Partnerskapene til %(p)s") % {"p": partner.organisation.name},
    )
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "dialogue/partner_detail.html",
        {
            "partner": partner,
            "can_edit": _may_edit_partner(request.user, partner),
            "open_table": open_table_links(request, table),
        },
    )


def _may_edit_partner(user: Any, partner: Partner) -> bool:
    """Local partners are kept by their municipality's coordinator, the others by the national
    coordinator and (regional ones) the regional advisers of their KS region."""
    municipality = partner.organisation.municipality
    if partner.level == Partner.Level.LOCAL and municipality is not None:
        return bool(user.has_perm(PARTNERSHIPS, municipality))
    return bool(user.has_perm(PARTNERS, partner))


def _directory_form(request: AuthedRequest, initial: dict[str, Any]) -> DirectoryPartnerForm:
    """The form with the levels and KS regions this user may choose."""
    national = Partner(level=Partner.Level.NATIONAL)
    regions = [
        r.pk
        for r in KsRegion.objects.all()
        if request.user.has_perm(PARTNERS, Partner(level=Partner.Level.REGIONAL, region=r))
    ]
    levels = [Partner.Level.REGIONAL.value] if regions else []
    if request.user.has_perm(PARTNERS, national):
        levels.insert(0, Partner.Level.NATIONAL.value)
    return DirectoryPartnerForm(
        request.POST or None,
        initial=initial,
        levels=levels,
        regions=KsRegion.objects.filter(pk__in=regions),
    )


def _directory_partner_save(
    request: AuthedRequest, form: DirectoryPartnerForm, partner: Partner | None
) -> Partner | None:
    """Save the form's partner; None (with the errors on the form) when refused."""
    data = form.cleaned_data
    # The choices already limit level and region; check the result as well.
    _require(request, PARTNERS, Partner(level=data["level"], region=data["region"]))
    try:
        return services.partner_save(partner=partner, **data)
    except ValidationError as error:
        form_add_validation_error(form, error)
        return None


@require_http_methods(["GET", "POST"])
def partner_directory_create(request: AuthedRequest) -> HttpResponse:
    """The national coordinator or a regional adviser adds a national or regional partner."""
    if not request.user.has_perm(PARTNERS):
        raise PermissionDenied(str(REFUSALS[PARTNERS]))
    form = _directory_form(request, initial={"level": Partner.Level.REGIONAL})
    if request.method == "POST" and form.is_valid():
        partner = _directory_partner_save(request, form, None)
        if partner is not None:
            messages.success(request, _("Ressursmiljøet er lagt til i katalogen."))
            return redirect(partner.get_absolute_url())
    return render(request, "dialogue/partner_directory_form.html", {"form": form, "partner": None})


@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a partner: local ones by their municipality's coordinator, the others by the
    national coordinator or the regional adviser of their region."""
    partner: Partner = _get_or_404(selectors.partner_get, pk, _("Ressursmiljøet finnes ikke."))
    municipality = partner.organisation.municipality
    if partner.level == Partner.Level.LOCAL and municipality is not None:
        _require(request, PARTNERSHIPS, municipality)
        local = LocalPartnerForm(
            request.POST or None, initial=DirectoryPartnerForm.initial_from(partner)
        )
        if request.method == "POST" and local.is_valid():
            try:
                services.partner_save(
                    level=Partner.Level.LOCAL,
                    municipality=municipality,
                    partner=partner,
                    **local.cleaned_data,
                )
            except ValidationError as error:
                form_add_validation_error(local, error)
            else:
                messages.success(request, _("Ressursmiljøet er lagret."))
                return redirect(partner.get_absolute_url())
        return render(
            request,
            "dialogue/partner_form.html",
            {"municipality": municipality, "form": local, "partner": partner},
        )
    _require(request, PARTNERS, partner)
    form = _directory_form(request, initial=DirectoryPartnerForm.initial_from(partner))
    saved = request.method == "POST" and form.is_valid()
    if saved and _directory_partner_save(request, form, partner) is not None:
        messages.success(request, _("Ressursmiljøet er lagret."))
        return redirect(partner.get_absolute_url())
    return render(
        request, "dialogue/partner_directory_form.html", {"form": form, "partner": partner}
    )


@require_http_methods(["GET", "POST"])
def partner_create(request: AuthedRequest, number: str) -> HttpResponse:
    """A coordinator adds a local partner (voluntary organisation or business)."""
    municipality = municipality_get_or_404(number)
    _require(request, PARTNERSHIPS, municipality)
    form = LocalPartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_save(
                level=Partner.Level.LOCAL, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, _("Ressursmiljøet er lagt til i katalogen."))
            return redirect(partner.get_absolute_url())
    return render(
        request, "dialogue/partner_form.html", {"municipality": municipality, "form": form}
    )


@require_http_methods(["GET", "POST"])
def partnership_edit(
    request: AuthedRequest, number: str | None = None, pk: int | None = None
) -> HttpResponse:
    partnership: Partnership | None = None
    if pk is not None:
        partnership = _get_or_404(selectors.partnership_get, pk, _("Partnerskapet finnes ikke."))
        municipality = partnership.municipality
    else:
        municipality = municipality_get_or_404(number or "")
    _require(request, PARTNERSHIPS, partnership or municipality)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_save(
                municipality=municipality, fields=form.cleaned_data, partnership=partnership
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, _("Partnerskapet er lagret."))
            return redirect(f"{reverse('dialogue:portal', args=[municipality.number])}#partnere")
    return render(
        request,
        "dialogue/partnership_form.html",
        {"municipality": municipality, "form": form, "partnership": partnership},
    )
