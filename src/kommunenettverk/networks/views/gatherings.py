"""Gatherings: planning, agenda, invitations, documents, registration, attendance,
evaluation, the dialogue with the state and follow-up actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.shortcuts import get_or_404, reported
from kommunenettverk.core.uploads import stored_file_response
from kommunenettverk.networks import selectors, services
from kommunenettverk.networks.forms import (
    AgendaItemForm,
    DocumentForm,
    EvaluationForm,
    FollowUpForm,
    GatheringDialogueForm,
    GatheringForm,
    MinutesForm,
    RegistrationForm,
)
from kommunenettverk.networks.models import Gathering
from kommunenettverk.networks.views.common import form_errors, gathering_for, network_for


@require_http_methods(["GET", "POST"])
def gathering_create(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = network_for(request, network_slug, write=True)
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
    gathering = gathering_for(request, network_slug, number)
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        services.agenda_item_add(gathering=gathering, **form.cleaned_data)
        messages.success(request, _("Programposten er lagt til."))
    else:
        messages.error(request, form_errors(form))
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = GatheringDialogueForm(
        request.POST, prefix="dialog", state_bodies=selectors.state_body_list()
    )
    if not form.is_valid():
        messages.error(request, form_errors(form))
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = FollowUpForm(request.POST, prefix="followup")
    if not form.is_valid():
        messages.error(request, form_errors(form))
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
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
        messages.error(request, form_errors(form))
    return redirect(
        "networks:gathering_edit", network_slug=gathering.network.slug, number=gathering.number
    )


@require_http_methods(["GET", "POST"])
def gathering_register(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = gathering_for(request, network_slug, number, "networks.register_for_gathering")
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
    gathering = gathering_for(request, network_slug, number)
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
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
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
    gathering = gathering_for(request, network_slug, number)
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


@require_GET
def gathering_document(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> FileResponse:
    """A gathering's uploaded document, for those who can see the gathering, as a download."""
    gathering = gathering_for(request, network_slug, number)
    document = gathering.documents.exclude(file="").filter(pk=pk).first()
    if document is None:
        raise Http404(_("Dokumentet finnes ikke (eller er en lenke)."))
    return stored_file_response(document.file)
