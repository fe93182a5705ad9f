"""A municipality's portal for inhabitants, its published proposals, and the privacy page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kommunenettverk.community import opendata, selectors, services
from kommunenettverk.community.views.common import (
    CONSULTATIONS,
    MODERATE,
    PARTNERSHIPS,
    VOLUNTEERING,
)
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.registry.selectors import municipality_get_or_404


# --- the portal ------------------------------------------------------------------------------
@require_safe
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
        "community/portal.html",
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


@require_safe
@login_not_required
def proposal_list(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    return render(
        request,
        "community/proposal_list.html",
        {
            "municipality": municipality,
            "proposals": selectors.published_proposals(municipality)[:200],
        },
    )


@require_safe
@login_not_required
def privacy(request: HtmxRequest) -> HttpResponse:
    return render(
        request,
        "community/privacy.html",
        {
            "login_minutes": services.LOGIN_LINK_MINUTES,
            "max_per_hour": services.MAX_PROPOSALS_PER_CITIZEN_PER_HOUR,
        },
    )
