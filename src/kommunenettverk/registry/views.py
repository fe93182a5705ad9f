"""Public registry pages (directory, municipality, county, KS region) and the profile edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.extensions import Page, page_links, page_sections
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, require_perm
from kommunenettverk.registry import opendata, selectors, services
from kommunenettverk.registry.forms import DirectoryFilterForm, MunicipalityProfileForm

PAGE_SIZE = 50


@require_safe
@login_not_required
@public_page_cache
def municipality_list(request: HtmxRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    query, county = "", ""
    if form.is_valid():
        query, county = form.cleaned_data["q"], form.cleaned_data["fylke"]
    municipalities = selectors.municipality_list(query=query, county=county)
    table = opendata.municipality_table(municipalities)
    if download := open_table_response(request, table):
        return download
    page = Paginator(municipalities, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "open_table": open_table_links(request, table),
    }
    template = "registry/municipality_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_safe
@login_not_required
@public_page_cache
def municipality_detail(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = selectors.municipality_get_or_404(number)
    changes_from = selectors.code_changes_from(number)
    changes_into = selectors.code_changes_into(number)
    table = opendata.code_change_table(municipality, [*changes_into, *changes_from])
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "registry/municipality_detail.html",
        {
            "municipality": municipality,
            "changes_from": changes_from,
            "changes_into": changes_into,
            "kostra_group": selectors.kostra_group_of(number),
            "open_table": open_table_links(request, table),
            "profile_links": page_links(Page.MUNICIPALITY, request.user, municipality, number)
            if municipality.valid_to is None
            else [],
            "can_edit": request.user.has_perm("registry.change_municipality_profile", municipality),
            "sections": page_sections(Page.MUNICIPALITY, request, municipality),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def municipality_edit(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = selectors.municipality_get_or_404(number)
    require_perm(
        request,
        "registry.change_municipality_profile",
        municipality,
        _("Bare kommunens koordinator kan endre kommunens side."),
    )
    form = MunicipalityProfileForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        services.municipality_update_profile(
            municipality=municipality,
            website=form.cleaned_data["website"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Kommunens side er oppdatert."))
        return redirect(municipality)
    return render(
        request, "registry/municipality_edit.html", {"municipality": municipality, "form": form}
    )


@require_safe
@login_not_required
@public_page_cache
def county_list(request: HtmxRequest) -> HttpResponse:
    counties = selectors.county_list()
    table = opendata.county_table(counties)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "registry/county_list.html",
        {
            "counties": counties,
            "regions": selectors.region_list(),
            "open_table": open_table_links(request, table),
        },
    )


@require_safe
@login_not_required
@public_page_cache
def county_detail(request: HtmxRequest, number: str) -> HttpResponse:
    county = get_or_404(
        selectors.county_get,
        number,
        _("Det finnes ikke noe fylke med nummer «%(number)s».") % {"number": number},
    )
    municipalities = selectors.municipality_list(county=number)
    table = opendata.municipality_table(
        municipalities, slug=f"kommuner-{number}", title=_("Kommuner i %(c)s") % {"c": county.name}
    )
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "registry/county_detail.html",
        {
            "county": county,
            "municipalities": municipalities,
            "open_table": open_table_links(request, table),
        },
    )


@require_safe
@login_not_required
@public_page_cache
def region_detail(request: HtmxRequest, code: str) -> HttpResponse:
    region = get_or_404(
        selectors.region_get, code, _("Det finnes ingen KS-region «%(code)s».") % {"code": code}
    )
    counties = selectors.county_list().filter(ks_region=region)
    table = opendata.county_table(
        counties, slug=f"fylker-{code}", title=_("Fylker i %(r)s") % {"r": region.name}
    )
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "registry/region_detail.html",
        {"region": region, "counties": counties, "open_table": open_table_links(request, table)},
    )
