"""Volunteer arenas and activities, sign-ups and cancelling them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.community import opendata, selectors, services
from kommunenettverk.community.forms import (
    ActivityForm,
    ArenaForm,
    SignUpForm,
)
from kommunenettverk.community.models import (
    Activity,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.community.views.common import REFUSALS, VOLUNTEERING
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.registry.selectors import municipality_get_or_404


# --- volunteering ----------------------------------------------------------------------------
@require_safe
@login_not_required
def arena_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    arena: VolunteerArena = get_or_404(selectors.arena_get, pk, _("Arenaen finnes ikke."))
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
        "community/arena_detail.html",
        {
            "arena": arena,
            "municipality": arena.municipality,
            "activities": activities,
            "open_table": open_table_links(request, table),
            "now": timezone.now(),
            "can_edit": request.user.has_perm(VOLUNTEERING, arena),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def arena_edit(
    request: AuthedRequest, number: str | None = None, pk: int | None = None
) -> HttpResponse:
    arena: VolunteerArena | None = None
    if pk is not None:
        arena = get_or_404(selectors.arena_get, pk, _("Arenaen finnes ikke."))
        municipality = arena.municipality
    else:
        municipality = municipality_get_or_404(number or "")
    require_perm(request, VOLUNTEERING, arena or municipality, REFUSALS[VOLUNTEERING])
    form = ArenaForm(request.POST or None, instance=arena)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "organisations"}
        with reported(request, form=form) as outcome:
            saved = services.arena_save(
                municipality=municipality,
                fields=fields,
                organisations=list(form.cleaned_data["organisations"]),
                arena=arena,
            )
        if outcome.ok:
            messages.success(request, _("Arenaen er lagret."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "community/arena_form.html",
        {"municipality": municipality, "form": form, "arena": arena},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def activity_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    """An activity with its sign-up form (name, email, optional phone)."""
    activity: Activity = get_or_404(selectors.activity_get, pk, _("Aktiviteten finnes ikke."))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            sign_up = services.sign_up_create(
                activity=activity,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        if outcome.ok:
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
        "community/activity_detail.html",
        {
            "activity": activity,
            "arena": activity.arena,
            "municipality": activity.arena.municipality,
            "form": form,
            "started": activity.starts_at <= timezone.now(),
            "can_edit": request.user.has_perm(VOLUNTEERING, activity),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(
    request: AuthedRequest, arena_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    activity: Activity | None = None
    if pk is not None:
        activity = get_or_404(selectors.activity_get, pk, _("Aktiviteten finnes ikke."))
        arena = activity.arena
    else:
        arena = get_or_404(selectors.arena_get, arena_pk or 0, _("Arenaen finnes ikke."))
    require_perm(request, VOLUNTEERING, activity or arena, REFUSALS[VOLUNTEERING])
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            saved = services.activity_save(arena=arena, fields=form.cleaned_data, activity=activity)
        if outcome.ok:
            messages.success(request, _("Aktiviteten er lagret."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "community/activity_form.html",
        {
            "municipality": arena.municipality,
            "arena": arena,
            "form": form,
            "activity": activity,
        },
    )


@require_safe
def activity_sign_ups(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coordinator's list of who signed up (personal data: coordinator only)."""
    activity: Activity = get_or_404(selectors.activity_get, pk, _("Aktiviteten finnes ikke."))
    require_perm(request, VOLUNTEERING, activity, REFUSALS[VOLUNTEERING])
    return render(
        request,
        "community/activity_sign_ups.html",
        {
            "activity": activity,
            "municipality": activity.arena.municipality,
            "sign_ups": selectors.activity_sign_ups(activity),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def sign_up_cancel(request: HtmxRequest, token: str) -> HttpResponse:
    """The cancellation link from the confirmation email: GET asks, POST cancels."""
    sign_up = (
        SignUp.objects.select_related("activity")
        .filter(cancel_token=token, anonymised=False)
        .first()
    )
    if request.method == "POST":
        with reported(request) as outcome:
            activity = services.sign_up_cancel(token=token)
        if not outcome.ok:
            return redirect("web:home")
        messages.success(request, _("Du er meldt av. Takk for beskjed!"))
        return redirect(activity.get_absolute_url())
    return render(request, "community/sign_up_cancel.html", {"sign_up": sign_up, "token": token})
