"""Networks and their members, a municipality's networks, the programme dashboard, the
signed-in user's overview and the calendar feeds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.accounts.selectors import calendar_token_user
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.extensions import Page, page_links, page_sections
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.networks import charts, ical, opendata, selectors, services
from kommunenettverk.networks.dashboards import adviser_dashboard
from kommunenettverk.networks.dashboards import programme_dashboard as programme_dashboard_get
from kommunenettverk.networks.forms import MemberAddForm, NetworkForm
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.views.common import form_errors, network_for
from kommunenettverk.programmes.forms import DateForm
from kommunenettverk.programmes.models import ParticipationStatus, Programme, Theme
from kommunenettverk.programmes.selectors import participation_list_for_municipality
from kommunenettverk.registry.models import KsRegion
from kommunenettverk.registry.selectors import municipality_get_or_404


def _may_create_networks(request: AuthedRequest) -> bool:
    return request.user.has_perm("networks.add_network")


@require_GET
def network_list(request: AuthedRequest) -> HttpResponse:
    """Networks, filtered by programme, KS region and theme (the dashboard links here)."""
    programmes = list(Programme.objects.order_by("starts_on"))
    regions = list(KsRegion.objects.order_by("name"))
    themes = list(Theme.objects.order_by("name"))
    chosen = next((p for p in programmes if p.slug == request.GET.get("program")), None)
    region = next((r for r in regions if r.code == request.GET.get("region")), None)
    theme = next((t for t in themes if t.slug == request.GET.get("tema")), None)
    with_members = request.GET.get("med_medlemmer") == "1"
    networks = list(
        selectors.network_list(
            programme=chosen, region=region, theme=theme, with_members=with_members
        )
    )
    rows = [(network, selectors.network_size_check(network)) for network in networks]
    return render(
        request,
        "networks/network_list.html",
        {
            "rows": rows,
            "programmes": programmes,
            "regions": regions,
            "themes": themes,
            "chosen": chosen,
            "chosen_region": region,
            "chosen_theme": theme,
            "with_members": with_members,
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
    network = network_for(request, network_slug, write=True)
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
    network = network_for(request, network_slug)
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
    network = network_for(request, network_slug, write=True)
    form = MemberAddForm(request.POST, candidates=selectors.candidate_participations(network))
    if not form.is_valid():
        messages.error(request, form_errors(form))
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
    network = network_for(request, network_slug, write=True)
    member = get_or_404(
        lambda pk: network.memberships.select_related("participation__municipality").get(pk=pk),
        membership,
        _("Medlemskapet finnes ikke."),
    )
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Melde %(name)s ut av %(network)s?")
            % {"name": member.participation.participant_name, "network": network.name},
            button=_("Meld ut"),
            back_url=network.get_absolute_url(),
        )
    with reported(request) as outcome:
        services.network_remove_member(membership=member)
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s har gått ut av nettverket. Du kan angre i dag under «Tidligere medlemmer».")
            % {"name": member.participation.participant_name},
        )
    return redirect(network)


@require_POST
def network_member_restore(
    request: AuthedRequest, network_slug: str, membership: int
) -> HttpResponse:
    """Undo today's removal of a member (no confirmation: it only brings the member back)."""
    network = network_for(request, network_slug, write=True)
    member = get_or_404(
        lambda pk: network.memberships.select_related(
            "participation__municipality", "participation__county", "network__programme"
        ).get(pk=pk),
        membership,
        _("Medlemskapet finnes ikke."),
    )
    with reported(request) as outcome:
        services.network_member_restore(membership=member)
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s er med i nettverket igjen.")
            % {"name": member.participation.participant_name},
        )
    return redirect(network)


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
            "public_minutes": selectors.public_minutes_list(municipality=municipality)[:10],
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
        _("Bare nasjonal koordinator og regionale rådgivere ser programoversikten."),
    )
    form = DateForm(request.GET or None)
    on, region = timezone.localdate(), None
    if form.is_valid():
        on = form.cleaned_data["dato"] or on
        region = form.cleaned_data["region"]
    dashboard = programme_dashboard_get(programme, on, region=region)
    return render(
        request,
        "networks/programme_dashboard.html",
        {
            "programme": programme,
            "form": form,
            "dashboard": dashboard,
            "statuses": ParticipationStatus.choices,
            "over_time_spec": charts.over_time_chart(programme, dashboard.over_time),
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
            "dashboard": adviser_dashboard(user, include_ended=request.GET.get("avsluttede") == "1")
            if is_adviser
            else None,
            "gatherings": selectors.gathering_list_for_user(user).filter(
                ends_at__gte=timezone.now()
            ),
            "invited": selectors.gathering_list_invited(user),
            "programmes": Programme.objects.order_by("starts_on")
            if user.has_perm("programmes.view_programme_dashboard", None)
            else [],
        },
    )


# --- calendar feeds -------------------------------------------------------------------------


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
    """The gatherings a person is registered for or leads, by the secret in their calendar
    address (accounts.CalendarToken; renewed on Min side, after which the old one is 404)."""
    user = calendar_token_user(token)
    if user is None:
        raise Http404(_("Kalenderlenken er ugyldig eller er byttet ut."))
    return _ics_response(_("Mine samlinger"), selectors.gathering_list_for_user(user), request)
