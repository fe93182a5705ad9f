"""Network pages: networks and members, gatherings (registration, attendance, evaluation),
development projects, the municipality's networks, dashboards and calendar feeds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.extensions import Page, page_links, page_sections
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.uploads import stored_file_response
from kommunenettverk.networks import ical, opendata, selectors, services
from kommunenettverk.networks.forms import (
    AgendaItemForm,
    DocumentForm,
    EvaluationForm,
    FollowUpForm,
    GatheringDialogueForm,
    GatheringForm,
    MemberAddForm,
    MilestoneForm,
    MinutesForm,
    NetworkForm,
    ProjectForm,
    RegistrationForm,
)
from kommunenettverk.networks.models import (
    DevelopmentProject,
    Gathering,
    Network,
)
from kommunenettverk.programmes.forms import DateForm
from kommunenettverk.programmes.models import ParticipationStatus, Programme
from kommunenettverk.programmes.selectors import participation_list_for_municipality
from kommunenettverk.registry.selectors import municipality_get_or_404

EDIT_REFUSED = _("Bare nettverkets rådgiver og nasjonal koordinator kan endre nettverket.")


def _form_errors(form: forms.Form) -> str:
    parts = [" ".join(str(e) for e in form.non_field_errors())]
    for name, errors in form.errors.items():
        if name != "__all__":
            parts.append(f"{form[name].label}: {' '.join(str(e) for e in errors)}")
    return " ".join(p for p in parts if p)


def _network_for(request: AuthedRequest, slug: str, *, write: bool = False) -> Network:
    network = get_or_404(selectors.network_get, slug, _("Nettverket finnes ikke."))
    if write:
        require_perm(request, "networks.change_network", network, EDIT_REFUSED)
    return network


def _gathering_for(
    request: AuthedRequest, network_slug: str, number: int, perm: str = ""
) -> Gathering:
    gathering = get_or_404(
        lambda n: selectors.gathering_get(network_slug, n), number, _("Samlingen finnes ikke.")
    )
    if perm:
        refused = (
            _("Bare deltakere og koordinatorer fra inviterte kommuner kan melde seg på.")
            if perm == "networks.register_for_gathering"
            else EDIT_REFUSED
        )
        require_perm(request, perm, gathering, refused)
    return gathering


def _project_for(
    request: AuthedRequest, network: str, project: str, *, write: bool = False
) -> DevelopmentProject:
    found = get_or_404(
        lambda slug: selectors.project_get(network, slug), project, _("Prosjektet finnes ikke.")
    )
    if write:
        require_perm(request, "networks.change_project", found, EDIT_REFUSED)
    return found


def _may_create_networks(request: AuthedRequest) -> bool:
    return request.user.has_perm("networks.add_network")


# --- networks -----------------------------------------------------------------------------


@require_GET
def network_list(request: AuthedRequest) -> HttpResponse:
    programmes = list(Programme.objects.order_by("starts_on"))
    chosen = next((p for p in programmes if p.slug == request.GET.get("program")), None)
    networks = list(selectors.network_list(programme=chosen))
    rows = [(network, selectors.network_size_check(network)) for network in networks]
    return render(
        request,
        "networks/network_list.html",
        {
            "rows": rows,
            "programmes": programmes,
            "chosen": chosen,
            "can_create": _may_create_networks(request),
        },
    )


def _network_form_save(form: NetworkForm, network: Network | None) -> Network:
    data = form.cleaned_data
    return services.network_save(
        network=network,
        programme=data["programme"],
        ks_region=data["ks_region"],
        name=data["name"],
        adviser=data["adviser"],
        themes=data["themes"],
        established_on=data["established_on"],
        description=data["description"],
    )


@require_http_methods(["GET", "POST"])
def network_create(request: AuthedRequest) -> HttpResponse:
    require_perm(
        request,
        "networks.add_network",
        message=_("Bare rådgivere og nasjonal koordinator kan opprette nettverk."),
    )
    form = NetworkForm(
        request.POST or None,
        initial={"established_on": timezone.localdate(), "adviser": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            network = _network_form_save(form, None)
        if outcome.ok:
            messages.success(request, _("Nettverket %(name)s er opprettet.") % {"name": network})
            return redirect(network)
    return render(request, "networks/network_form.html", {"form": form, "network": None})


@require_http_methods(["GET", "POST"])
def network_edit(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network_for(request, network_slug, write=True)
    initial = {
        "name": network.name,
        "programme": network.programme_id,
        "ks_region": network.ks_region_id,
        "adviser": network.adviser_id,
        "themes": list(network.themes.all()),
        "established_on": network.established_on,
        "description": network.description,
    }
    form = NetworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            _network_form_save(form, network)
        if outcome.ok:
            messages.success(request, _("Nettverket er oppdatert."))
            return redirect(network)
    return render(request, "networks/network_form.html", {"form": form, "network": network})


@require_GET
def network_detail(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network_for(request, network_slug)
    can_edit = request.user.has_perm("networks.change_network", network)
    gatherings, attendance_rows = selectors.network_attendance_summary(network)
    context: dict[str, Any] = {
        "network": network,
        "size": selectors.network_size_check(network),
        "theme_warning": selectors.network_theme_check(network),
        "members": selectors.membership_list(network),
        "former": selectors.membership_list(network, current_only=False).exclude(
            left_on__isnull=True
        ),
        "gatherings": selectors.gathering_list(network=network),
        "projects": selectors.project_list(network=network),
        "follow_ups": selectors.follow_up_list(network=network),
        "today": timezone.localdate(),
        "past_gatherings": gatherings,
        "attendance_rows": attendance_rows,
        "can_edit": can_edit,
        "now": timezone.now(),
        "extra_links": page_links(Page.NETWORK, request.user, network, network.slug),
        "sections": page_sections(Page.NETWORK, request, network),
    }
    if can_edit:
        context["member_form"] = MemberAddForm(
            candidates=selectors.candidate_participations(network),
            initial={"joined_on": timezone.localdate()},
        )
    return render(request, "networks/network_detail.html", context)


@require_POST
def network_member_add(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network_for(request, network_slug, write=True)
    form = MemberAddForm(request.POST, candidates=selectors.candidate_participations(network))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(network)
    with reported(request) as outcome:
        services.network_add_member(
            network=network,
            participation=form.cleaned_data["participation"],
            joined_on=form.cleaned_data["joined_on"],
        )
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s er med i nettverket.")
            % {"name": form.cleaned_data["participation"].participant_name},
        )
        size = selectors.network_size_check(
            network, network.memberships.filter(left_on=None).count()
        )
        if not size.ok:
            messages.warning(request, size.message)
    return redirect(network)


@require_POST
def network_member_remove(
    request: AuthedRequest, network_slug: str, membership: int
) -> HttpResponse:
    network = _network_for(request, network_slug, write=True)
    member = get_or_404(
        lambda pk: network.memberships.select_related("participation__municipality").get(pk=pk),
        membership,
        _("Medlemskapet finnes ikke."),
    )
    with reported(request) as outcome:
        services.network_remove_member(membership=member)
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s har gått ut av nettverket.")
            % {"name": member.participation.participant_name},
        )
    return redirect(network)


# --- gatherings ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def gathering_create(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network_for(request, network_slug, write=True)
    form = GatheringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with reported(request, form=form) as outcome:
            gathering = services.gathering_create(
                network=network,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                title=data["title"],
            )
        if outcome.ok:
            messages.success(
                request,
                _("Samling %(n)s er opprettet, og medlemmene er invitert.")
                % {"n": gathering.number},
            )
            return redirect(
                "networks:gathering_edit",
                network_slug=gathering.network.slug,
                number=gathering.number,
            )
    return render(
        request, "networks/gathering_form.html", {"form": form, "network": network, "new": True}
    )


@require_GET
def gathering_detail(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number)
    user = request.user
    mine = gathering.registrations.filter(user=user).first()
    evaluated = gathering.evaluations.filter(user=user).exists()
    return render(
        request,
        "networks/gathering_detail.html",
        {
            "gathering": gathering,
            "network": gathering.network,
            "registrations": selectors.registration_list(gathering),
            "attendance": selectors.attendance_summary(gathering),
            "evaluation": selectors.evaluation_summary(gathering),
            "follow_ups": selectors.follow_up_list(gathering=gathering),
            "today": timezone.localdate(),
            "can_edit": user.has_perm("networks.change_gathering", gathering),
            "can_register": mine is None
            and gathering.ends_at > timezone.now()
            and user.has_perm("networks.register_for_gathering", gathering),
            "my_registration": mine,
            "can_evaluate": mine is not None
            and not evaluated
            and gathering.starts_at <= timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def gathering_edit(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    local_start = timezone.localtime(gathering.starts_at)
    local_end = timezone.localtime(gathering.ends_at)
    initial = {
        "title": gathering.title,
        "date": local_start.date(),
        "start": local_start.time(),
        "end": local_end.time(),
        "end_date": local_end.date() if local_end.date() != local_start.date() else None,
        "place": gathering.place,
    }
    form = GatheringForm(request.POST or None, initial=initial)
    minutes = MinutesForm(request.POST or None, initial={"minutes": gathering.minutes})
    if request.method == "POST" and form.is_valid() and minutes.is_valid():
        data = form.cleaned_data
        with reported(request, form=form) as outcome:
            services.gathering_update(
                gathering=gathering,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                title=data["title"],
                minutes=minutes.cleaned_data["minutes"],
            )
        if outcome.ok:
            messages.success(request, _("Samlingen er oppdatert."))
            return redirect(gathering)
    return render(
        request,
        "networks/gathering_form.html",
        {
            "form": form,
            "minutes_form": minutes,
            "network": gathering.network,
            "gathering": gathering,
            "agenda_form": AgendaItemForm(prefix="agenda"),
            "document_form": DocumentForm(prefix="doc"),
            "invitations": selectors.invitation_list(gathering),
            "dialogue_form": GatheringDialogueForm(
                prefix="dialog",
                state_bodies=selectors.state_body_list(),
                initial={
                    "kind": gathering.kind,
                    "outcomes": gathering.outcomes,
                    "state_bodies_invited": list(gathering.state_bodies_invited.all()),
                    "state_bodies_present": list(gathering.state_bodies_present.all()),
                },
            ),
            "follow_up_form": FollowUpForm(prefix="followup"),
            "follow_ups": selectors.follow_up_list(gathering=gathering),
            "today": timezone.localdate(),
            "new": False,
        },
    )


@require_POST
def gathering_invite(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Invite members who joined after the gathering was planned; every invitation not yet
    emailed is emailed (once) when this commits."""
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    if gathering.ends_at < timezone.now():
        messages.error(request, _("Samlingen er over; det sendes ikke flere invitasjoner."))
    else:
        added = services.gathering_invite(gathering=gathering)
        messages.success(
            request,
            _("%(n)s nye kommuner er invitert. Invitasjoner som ikke er sendt, sendes på e-post.")
            % {"n": added},
        )
    return redirect(
        "networks:gathering_edit", network_slug=gathering.network.slug, number=gathering.number
    )


@require_POST
def agenda_item_add(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        services.agenda_item_add(gathering=gathering, **form.cleaned_data)
        messages.success(request, _("Programposten er lagt til."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(
        "networks:gathering_edit", network_slug=gathering.network.slug, number=gathering.number
    )


def _back_to_edit(gathering: Gathering) -> HttpResponse:
    return redirect(
        "networks:gathering_edit", network_slug=gathering.network.slug, number=gathering.number
    )


@require_POST
def gathering_dialogue(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Kind of meeting, state bodies invited and present, and outcomes."""
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    form = GatheringDialogueForm(
        request.POST, prefix="dialog", state_bodies=selectors.state_body_list()
    )
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back_to_edit(gathering)
    with reported(request) as outcome:
        services.gathering_dialogue_update(
            gathering=gathering,
            kind=form.cleaned_data["kind"],
            outcomes=form.cleaned_data["outcomes"],
            invited=form.cleaned_data["state_bodies_invited"],
            present=form.cleaned_data["state_bodies_present"],
        )
    if outcome.ok:
        messages.success(request, _("Deltakere fra staten og resultater er lagret."))
    return _back_to_edit(gathering)


@require_POST
def follow_up_add(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    form = FollowUpForm(request.POST, prefix="followup")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back_to_edit(gathering)
    with reported(request) as outcome:
        services.follow_up_add(gathering=gathering, **form.cleaned_data)
    if outcome.ok:
        messages.success(request, _("Oppfølgingspunktet er lagt til."))
    return _back_to_edit(gathering)


@require_POST
def follow_up_status(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> HttpResponse:
    """Mark a follow-up action done, or open again (`done=0`)."""
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    action = get_or_404(
        lambda key: gathering.follow_ups.get(pk=key), pk, _("Oppfølgingspunktet finnes ikke.")
    )
    done = request.POST.get("done", "1") != "0"
    services.follow_up_set_status(action=action, done=done)
    messages.success(
        request,
        _("Oppfølgingspunktet er merket utført.")
        if done
        else _("Oppfølgingspunktet er åpnet igjen."),
    )
    return redirect(gathering)


@require_POST
def document_add(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    form = DocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        services.gathering_document_add(
            gathering=gathering,
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("Dokumentet er lagt til."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(
        "networks:gathering_edit", network_slug=gathering.network.slug, number=gathering.number
    )


@require_http_methods(["GET", "POST"])
def gathering_register(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number, "networks.register_for_gathering")
    participations = selectors.registrable_participations(gathering, request.user)
    form = RegistrationForm(
        request.POST or None,
        participations=participations,
        initial={"name": request.user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.gathering_register(
                gathering=gathering,
                user=request.user,
                participation=form.cleaned_data["participation"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
            )
        if outcome.ok:
            messages.success(request, _("Du er påmeldt samlingen."))
            return redirect(gathering)
    return render(
        request, "networks/gathering_register.html", {"gathering": gathering, "form": form}
    )


@require_POST
def gathering_unregister(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number)
    registration = gathering.registrations.filter(user=request.user).first()
    if registration is None:
        messages.error(request, _("Du er ikke påmeldt denne samlingen."))
        return redirect(gathering)
    with reported(request) as outcome:
        services.gathering_unregister(registration=registration)
    if outcome.ok:
        messages.success(request, _("Påmeldingen er trukket."))
    return redirect(gathering)


@require_http_methods(["GET", "POST"])
def gathering_attendance(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number, "networks.change_gathering")
    registrations = list(selectors.registration_list(gathering))
    if request.method == "POST":
        attended = {r.pk: request.POST.get(f"attended-{r.pk}") == "on" for r in registrations}
        changed = services.gathering_record_attendance(gathering=gathering, attended=attended)
        messages.success(request, _("Oppmøtet er registrert (%(n)s endringer).") % {"n": changed})
        return redirect(gathering)
    return render(
        request,
        "networks/gathering_attendance.html",
        {"gathering": gathering, "registrations": registrations},
    )


@require_http_methods(["GET", "POST"])
def gathering_evaluate(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = _gathering_for(request, network_slug, number)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.evaluation_submit(gathering=gathering, user=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Takk for evalueringen!"))
            return redirect(gathering)
    return render(
        request, "networks/gathering_evaluate.html", {"gathering": gathering, "form": form}
    )


# --- development projects -----------------------------------------------------------------


def _project_save(
    form: ProjectForm, network: Network, project: DevelopmentProject | None
) -> DevelopmentProject:
    data = form.cleaned_data
    return services.project_save(project=project, network=network, **data)


@require_http_methods(["GET", "POST"])
def project_create(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network_for(request, network_slug, write=True)
    form = ProjectForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            project = _project_save(form, network, None)
        if outcome.ok:
            messages.success(request, _("Prosjektet er opprettet."))
            return redirect(project)
    return render(
        request, "networks/project_form.html", {"form": form, "network": network, "project": None}
    )


@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, network_slug: str, project_slug: str) -> HttpResponse:
    project = _project_for(request, network_slug, project_slug, write=True)
    initial = {
        "title": project.title,
        "scope": project.scope,
        "participations": list(project.participations.all()),
        "themes": list(project.themes.all()),
        "goals": project.goals,
        "status": project.status,
        "results": project.results,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
    }
    form = ProjectForm(request.POST or None, network=project.network, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            _project_save(form, project.network, project)
        if outcome.ok:
            messages.success(request, _("Prosjektet er oppdatert."))
            return redirect(project)
    return render(
        request,
        "networks/project_form.html",
        {"form": form, "network": project.network, "project": project},
    )


@require_GET
def project_detail(request: AuthedRequest, network_slug: str, project_slug: str) -> HttpResponse:
    project = _project_for(request, network_slug, project_slug)
    can_edit = request.user.has_perm("networks.change_project", project)
    return render(
        request,
        "networks/project_detail.html",
        {
            "project": project,
            "can_edit": can_edit,
            "milestone_form": MilestoneForm() if can_edit else None,
            "today": timezone.localdate(),
            "sections": page_sections(Page.PROJECT, request, project),
        },
    )


@require_POST
def milestone_add(request: AuthedRequest, network_slug: str, project_slug: str) -> HttpResponse:
    project = _project_for(request, network_slug, project_slug, write=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(project=project, **form.cleaned_data)
        messages.success(request, _("Milepælen er lagt til."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(project)


@require_POST
def milestone_done(
    request: AuthedRequest, network_slug: str, project_slug: str, milestone: int
) -> HttpResponse:
    project = _project_for(request, network_slug, project_slug, write=True)
    item = get_or_404(
        lambda pk: project.milestones.get(pk=pk), milestone, _("Milepælen finnes ikke.")
    )
    services.milestone_mark_done(milestone=item)
    messages.success(request, _("Milepælen «%(title)s» er nådd.") % {"title": item.title})
    return redirect(project)


# --- municipality page --------------------------------------------------------------------


@require_GET
@login_not_required
@public_page_cache
def municipality_networks(request: HtmxRequest, number: str) -> HttpResponse:
    """A municipality's programmes, networks and development projects (public)."""
    municipality = municipality_get_or_404(number)
    memberships = selectors.membership_list_for_municipality(municipality)
    table = opendata.membership_table(municipality, memberships)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "networks/municipality_networks.html",
        {
            "municipality": municipality,
            "participations": participation_list_for_municipality(municipality),
            "memberships": memberships,
            "open_table": open_table_links(request, table),
            "projects": selectors.project_list(municipality=municipality),
        },
    )


# --- dashboards -----------------------------------------------------------------------------


@require_GET
def programme_dashboard(request: AuthedRequest, slug: str) -> HttpResponse:
    programme = get_or_404(
        lambda s: Programme.objects.get(slug=s),
        slug,
        _("Det finnes ikke noe program «%(slug)s».") % {"slug": slug},
    )
    require_perm(
        request,
        "programmes.view_programme_dashboard",
        programme,
        _("Bare nasjonal koordinator ser programoversikten."),
    )
    form = DateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_valid() and form.cleaned_data["dato"]:
        on = form.cleaned_data["dato"]
    return render(
        request,
        "networks/programme_dashboard.html",
        {
            "programme": programme,
            "form": form,
            "dashboard": selectors.programme_dashboard(programme, on),
            "statuses": ParticipationStatus.choices,
            "extra_links": page_links(Page.PROGRAMME, request.user, programme, programme.slug),
        },
    )


@require_GET
def my_overview(request: AuthedRequest) -> HttpResponse:
    """The signed-in user's gatherings and calendar feed; for advisers, their networks."""
    user = request.user
    is_adviser = user_has_role(user, (Role.REGIONAL_ADVISER,))
    return render(
        request,
        "networks/my_overview.html",
        {
            "is_adviser": is_adviser,
            "dashboard": selectors.adviser_dashboard(user) if is_adviser else None,
            "gatherings": selectors.gathering_list_for_user(user).filter(
                ends_at__gte=timezone.now()
            ),
            "invited": selectors.gathering_list_invited(user),
            "feed_url": request.build_absolute_uri(
                reverse("networks:user_calendar", args=[calendar_token(user)])
            ),
            "programmes": Programme.objects.order_by("starts_on")
            if user.has_perm("programmes.view_programme_dashboard", None)
            else [],
        },
    )


# --- calendar feeds -------------------------------------------------------------------------

_SIGNER_SALT = "networks.calendar"


def calendar_token(user: User) -> str:
    """A stable secret token for the user's feed (calendar apps cannot sign in)."""
    return signing.Signer(salt=_SIGNER_SALT, sep=".").sign(str(user.pk))


def _ics_response(name: str, gatherings: Any, request: HttpRequest) -> HttpResponse:
    host = request.get_host().split(":")[0]
    events = [
        ical.Event(
            uid=f"samling-{g.pk}@{host}",
            starts_at=g.starts_at,
            ends_at=g.ends_at,
            summary=f"{g.network.name}: " + (g.title or _("samling %(n)s") % {"n": g.number}),
            location=g.place,
            url=request.build_absolute_uri(g.get_absolute_url()),
        )
        for g in gatherings
    ]
    body = ical.calendar(name, events, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samlinger.ics"'
    return response


@require_GET
@login_not_required
def network_calendar(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The network's gatherings as an iCalendar feed (time and place only; public)."""
    found = get_or_404(
        lambda slug: Network.objects.get(slug=slug), network_slug, _("Nettverket finnes ikke.")
    )
    return _ics_response(found.name, selectors.gathering_list(network=found), request)


@require_GET
@login_not_required
def user_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The gatherings a person is registered for or leads, by secret token."""
    try:
        pk = signing.Signer(salt=_SIGNER_SALT, sep=".").unsign(token)
        user = User.objects.get(pk=int(pk), is_active=True)
    except (signing.BadSignature, ValueError, User.DoesNotExist):
        raise Http404(_("Kalenderlenken er ugyldig.")) from None
    return _ics_response(_("Mine samlinger"), selectors.gathering_list_for_user(user), request)


@require_GET
def gathering_document(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> FileResponse:
    """A gathering's uploaded document, for those who can see the gathering, as a download."""
    gathering = _gathering_for(request, network_slug, number)
    document = gathering.documents.exclude(file="").filter(pk=pk).first()
    if document is None:
        raise Http404(_("Dokumentet finnes ikke (eller er en lenke)."))
    return stored_file_response(document.file)
