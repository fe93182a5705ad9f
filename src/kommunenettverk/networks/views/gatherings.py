"""Gatherings: planning, agenda, invitations, documents, registration, attendance,
evaluation, the dialogue with the state and follow-up actions."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.uploads import stored_file_response
from kommunenettverk.networks import selectors, services
from kommunenettverk.networks.forms import (
    AgendaItemForm,
    CheckInForm,
    DelegateForm,
    DocumentForm,
    EvaluationForm,
    FollowUpForm,
    GatheringDialogueForm,
    GatheringForm,
    RegistrationForm,
    WalkInForm,
)
from kommunenettverk.networks.models import Gathering, Registration
from kommunenettverk.networks.qr import check_in_qr_svg
from kommunenettverk.networks.views.common import form_errors, gathering_for, network_for


@require_http_methods(["GET", "HEAD", "POST"])
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
                registration_deadline=data["registration_deadline"],
                capacity=data["capacity"],
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
    return render(request, "networks/gathering_create.html", {"form": form, "network": network})


@require_safe
def gathering_detail(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = gathering_for(request, network_slug, number)
    user = request.user
    mine = (
        gathering.registrations.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    evaluated = gathering.evaluations.filter(user=user).exists()
    qr = None
    if mine is not None and mine.status == Registration.Status.CONFIRMED:
        check_in = reverse("networks:gathering_check_in", args=[network_slug, number])
        url = request.build_absolute_uri(f"{check_in}?{urlencode({'kode': mine.check_in_code})}")
        qr = check_in_qr_svg(url, mine.check_in_code)
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
            "can_register": timezone.now() < services.registration_closes_at(gathering)
            and user.has_perm("networks.register_for_gathering", gathering),
            "my_registration": mine,
            "check_in_qr": qr,
            "outcome_links": selectors.outcome_links([gathering], user).get(gathering.pk, []),
            "can_evaluate": mine is not None
            and not evaluated
            and gathering.starts_at <= timezone.now(),
        },
    )


def _deadline_day(gathering: Gathering) -> datetime.date | None:
    """The last day of registration, as the form shows it (the deadline is the next midnight)."""
    if gathering.registration_deadline is None:
        return None
    deadline = timezone.localtime(gathering.registration_deadline)
    if deadline.time() == datetime.time(0):
        return deadline.date() - datetime.timedelta(days=1)
    return deadline.date()


def edit_part_url(gathering: Gathering, part: str) -> str:
    """The URL of one part of a gathering's edit pages (see EDIT_PARTS)."""
    return reverse(
        part, kwargs={"network_slug": gathering.network.slug, "number": gathering.number}
    )


# The parts of a gathering's edit pages, each saved on its own (no page holds another
# part's form, so saving one never discards what was typed in another): URL name, label.
EDIT_PARTS = (
    ("networks:gathering_edit", gettext_lazy("Detaljer")),
    ("networks:gathering_agenda", gettext_lazy("Program og dokumenter")),
    ("networks:gathering_invitations", gettext_lazy("Invitasjoner og påmeldte")),
    ("networks:gathering_attendance", gettext_lazy("Oppmøte")),
    ("networks:gathering_close_out", gettext_lazy("Etter samlingen")),
)


def edit_context(gathering: Gathering, part: str) -> dict[str, Any]:
    """What every part of the edit pages shows: the gathering and the parts' navigation."""
    return {
        "gathering": gathering,
        "network": gathering.network,
        "edit_parts": [
            {"url": edit_part_url(gathering, name), "label": label, "current": name == part}
            for name, label in EDIT_PARTS
        ],
        "started": gathering.starts_at <= timezone.now(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def gathering_edit(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """The gathering's details: title, time, place, deadline and capacity; and (a form of
    its own) the kind of meeting and the state bodies."""
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
        "deadline": _deadline_day(gathering),
        "capacity": gathering.capacity,
    }
    form = GatheringForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with reported(request, form=form) as outcome:
            services.gathering_update(
                gathering=gathering,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                title=data["title"],
                registration_deadline=data["registration_deadline"],
                capacity=data["capacity"],
            )
        if outcome.ok:
            messages.success(request, _("Detaljene er lagret."))
            return redirect(request.path)
    return render(
        request,
        "networks/gathering_form.html",
        {
            **edit_context(gathering, "networks:gathering_edit"),
            "form": form,
            "dialogue_form": GatheringDialogueForm(
                prefix="dialog",
                state_bodies=selectors.state_body_list(),
                initial={
                    "kind": gathering.kind,
                    "state_bodies_invited": list(gathering.state_bodies_invited.all()),
                    "state_bodies_present": list(gathering.state_bodies_present.all()),
                },
            ),
        },
    )


@require_safe
def gathering_agenda(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """The agenda (add, reorder) and the documents, each form saved on its own."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    return render(
        request,
        "networks/gathering_agenda.html",
        {
            **edit_context(gathering, "networks:gathering_agenda"),
            "agenda_form": AgendaItemForm(prefix="agenda"),
            "document_form": DocumentForm(prefix="doc"),
        },
    )


@require_safe
def gathering_invitations(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Who is invited (and whether the email went out), and who is registered, with their
    check-in codes (a door list)."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    return render(
        request,
        "networks/gathering_invitations.html",
        {
            **edit_context(gathering, "networks:gathering_invitations"),
            "invitations": selectors.invitation_list(gathering),
            "registrations": selectors.registration_list(gathering),
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
    return redirect(edit_part_url(gathering, "networks:gathering_invitations"))


@require_POST
def agenda_item_add(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        services.agenda_item_add(gathering=gathering, **form.cleaned_data)
        messages.success(request, _("Programposten er lagt til."))
    else:
        messages.error(request, form_errors(form))
    return redirect(edit_part_url(gathering, "networks:gathering_agenda"))


@require_POST
def agenda_item_move(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> HttpResponse:
    """Move an agenda item one place up (`direction=up`) or down."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    item = get_or_404(
        lambda key: gathering.agenda_items.get(pk=key), pk, _("Programposten finnes ikke.")
    )
    if services.agenda_item_move(item=item, up=request.POST.get("direction") == "up"):
        messages.success(request, _("«%(title)s» er flyttet.") % {"title": item.title})
    return redirect(edit_part_url(gathering, "networks:gathering_agenda") + "#agenda")


def _back_to_edit(gathering: Gathering) -> HttpResponse:
    return redirect(edit_part_url(gathering, "networks:gathering_edit"))


def _back_to_close_out(gathering: Gathering) -> HttpResponse:
    return redirect(edit_part_url(gathering, "networks:gathering_close_out") + "#oppfolging")


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
            invited=form.cleaned_data["state_bodies_invited"],
            present=form.cleaned_data["state_bodies_present"],
        )
    if outcome.ok:
        messages.success(request, _("Type møte og statlige deltakere er lagret."))
    return _back_to_edit(gathering)


@require_POST
def follow_up_add(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    form = FollowUpForm(
        request.POST, prefix="followup", people=selectors.follow_up_people(gathering)
    )
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back_to_close_out(gathering)
    with reported(request) as outcome:
        services.follow_up_add(gathering=gathering, **form.cleaned_data)
    if outcome.ok:
        messages.success(request, _("Oppfølgingspunktet er lagt til."))
    return _back_to_close_out(gathering)


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
    return redirect(edit_part_url(gathering, "networks:gathering_agenda") + "#dokumenter")


def _delegate_data(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "role", "email", "dietary_needs", "accessibility_needs")
    return {key: data[key] for key in keys}


@require_http_methods(["GET", "HEAD", "POST"])
def gathering_register(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Register for a gathering: a participant registers themselves; a municipal coordinator
    registers any number of people into the municipality's delegation, and sees it."""
    gathering = gathering_for(request, network_slug, number, "networks.register_for_gathering")
    user = request.user
    participations = selectors.registrable_participations(gathering, user)
    managed = [p for p in participations if user.has_perm("networks.manage_delegation", p)]
    form = RegistrationForm(
        request.POST or None,
        participations=participations,
        may_register_others=bool(managed),
        initial={"name": user.get_full_name(), "myself": not managed},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participation = data["participation"]
        myself = data.get("myself", True)
        if not myself:
            require_perm(
                request,
                "networks.manage_delegation",
                participation,
                _("Bare kommunekoordinatoren melder på andre fra kommunen."),
            )
        with reported(request, form=form) as outcome:
            registration = services.registration_add(
                gathering=gathering,
                by=user,
                participation=participation,
                myself=myself,
                **_delegate_data(data),
            )
        if outcome.ok:
            if registration.status == registration.Status.WAITING:
                messages.warning(
                    request,
                    _("Samlingen er full; %(name)s står på ventelisten.")
                    % {"name": registration.name},
                )
            elif registration.user_id == user.pk:
                messages.success(request, _("Du er påmeldt samlingen."))
            else:
                messages.success(request, _("%(name)s er påmeldt.") % {"name": registration.name})
            if managed:
                return redirect(request.path)
            return redirect(gathering)
    return render(
        request,
        "networks/gathering_register.html",
        {
            "gathering": gathering,
            "form": form,
            "delegation": selectors.delegation_list(gathering, managed),
            "closes_at": services.registration_closes_at(gathering),
            "is_open": timezone.now() < services.registration_closes_at(gathering),
        },
    )


def _registration_for(request: AuthedRequest, network_slug: str, number: int, pk: int) -> Any:
    """A registration the user may change: their own, or one of a delegation they manage."""
    gathering = gathering_for(request, network_slug, number)
    registration = get_or_404(
        lambda key: selectors.registration_get(gathering, key),
        pk,
        _("Påmeldingen finnes ikke."),
    )
    if registration.user_id != request.user.pk:
        require_perm(
            request,
            "networks.manage_delegation",
            registration.participation,
            _("Bare kommunekoordinatoren endrer kommunens delegasjon."),
        )
    return registration


def _after_registration_change(request: AuthedRequest, registration: Any) -> HttpResponse:
    gathering = registration.gathering
    if registration.user_id == request.user.pk:
        return redirect(gathering)
    return redirect(
        "networks:gathering_register",
        network_slug=gathering.network.slug,
        number=gathering.number,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_edit(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> HttpResponse:
    registration = _registration_for(request, network_slug, number, pk)
    form = DelegateForm(
        request.POST or None,
        initial={
            "name": registration.name,
            "role": registration.role,
            "email": registration.email,
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
        },
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.registration_update(
                registration=registration, **_delegate_data(form.cleaned_data)
            )
        if outcome.ok:
            messages.success(request, _("Påmeldingen er endret."))
            return _after_registration_change(request, registration)
    return render(
        request,
        "networks/registration_edit.html",
        {"gathering": registration.gathering, "registration": registration, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> HttpResponse:
    """Ask first, then withdraw the registration; the first on the waiting list moves up."""
    registration = _registration_for(request, network_slug, number, pk)
    if request.method == "POST":
        with reported(request) as outcome:
            promoted = services.registration_cancel(registration=registration)
        if outcome.ok:
            messages.success(
                request, _("Påmeldingen til %(name)s er trukket.") % {"name": registration.name}
            )
            if promoted is not None:
                messages.info(
                    request,
                    _("%(name)s har fått plassen fra ventelisten.") % {"name": promoted.name},
                )
            return _after_registration_change(request, registration)
    return render(
        request,
        "networks/registration_cancel.html",
        {"gathering": registration.gathering, "registration": registration},
    )


@require_POST
def gathering_unregister(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    gathering = gathering_for(request, network_slug, number)
    registration = (
        gathering.registrations.filter(user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        messages.error(request, _("Du er ikke påmeldt denne samlingen."))
        return redirect(gathering)
    with reported(request) as outcome:
        services.gathering_unregister(registration=registration)
    if outcome.ok:
        messages.success(request, _("Påmeldingen er trukket."))
    return redirect(gathering)


@require_http_methods(["GET", "HEAD", "POST"])
def gathering_attendance(request: AuthedRequest, network_slug: str, number: int) -> HttpResponse:
    """Who came: ticks per registration (once the gathering has started), people checked
    in at the door by code, and walk-ins added on the spot (forms of their own)."""
    gathering = gathering_for(request, network_slug, number, "networks.change_gathering")
    registrations = list(selectors.registration_list(gathering))
    if request.method == "POST":
        attended = {r.pk: request.POST.get(f"attended-{r.pk}") == "on" for r in registrations}
        with reported(request) as outcome:
            changed = services.gathering_record_attendance(gathering=gathering, attended=attended)
        if outcome.ok:
            messages.success(
                request, _("Oppmøtet er registrert (%(n)s endringer).") % {"n": changed}
            )
        return redirect(request.path)
    return render(
        request,
        "networks/gathering_attendance.html",
        {
            **edit_context(gathering, "networks:gathering_attendance"),
            "registrations": registrations,
            "walk_in_form": WalkInForm(
                prefix="walkin", participations=selectors.invited_participations(gathering)
            ),
            "check_in_form": CheckInForm(prefix="checkin"),
            "check_in_open": services.check_in_is_open(gathering),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
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


@require_safe
def gathering_document(
    request: AuthedRequest, network_slug: str, number: int, pk: int
) -> FileResponse:
    """A gathering's uploaded document, for those who can see the gathering, as a download."""
    gathering = gathering_for(request, network_slug, number)
    document = gathering.documents.exclude(file="").filter(pk=pk).first()
    if document is None:
        raise Http404(_("Dokumentet finnes ikke (eller er en lenke)."))
    return stored_file_response(document.file)
