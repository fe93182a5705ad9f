"""The partner directory and the municipalities' partnerships."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.community import opendata, selectors, services
from kommunenettverk.community.forms import (
    DirectoryPartnerForm,
    LocalPartnerForm,
    PartnershipForm,
    level_choices,
)
from kommunenettverk.community.models import (
    Partner,
    Partnership,
)
from kommunenettverk.community.views.common import (
    PARTNERS,
    PARTNERSHIPS,
    REFUSALS,
)
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.registry.models import KsRegion
from kommunenettverk.registry.selectors import municipality_get_or_404


# --- partners and partnerships ---------------------------------------------------------------
@require_safe
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
        "community/partner_list.html",
        {
            "partners": partners,
            "open_table": open_table_links(request, table),
            "level": level,
            "levels": level_choices(),
            "can_add": request.user.has_perm(PARTNERS),
        },
    )


@require_safe
@login_not_required
def partner_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    partner: Partner = get_or_404(selectors.partner_get, pk, _("Ressursmiljøet finnes ikke."))
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
        "community/partner_detail.html",
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
    require_perm(
        request,
        PARTNERS,
        Partner(level=data["level"], region=data["region"]),
        REFUSALS[PARTNERS],
    )
    with reported(request, form=form):
        return services.partner_save(partner=partner, **data)
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def partner_directory_create(request: AuthedRequest) -> HttpResponse:
    """The national coordinator or a regional adviser adds a national or regional partner."""
    require_perm(request, PARTNERS, None, REFUSALS[PARTNERS])
    form = _directory_form(request, initial={"level": Partner.Level.REGIONAL})
    if request.method == "POST" and form.is_valid():
        partner = _directory_partner_save(request, form, None)
        if partner is not None:
            messages.success(request, _("Ressursmiljøet er lagt til i katalogen."))
            return redirect(partner.get_absolute_url())
    return render(request, "community/partner_directory_form.html", {"form": form, "partner": None})


@require_http_methods(["GET", "HEAD", "POST"])
def partner_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a partner: local ones by their municipality's coordinator, the others by the
    national coordinator or the regional adviser of their region."""
    partner: Partner = get_or_404(selectors.partner_get, pk, _("Ressursmiljøet finnes ikke."))
    municipality = partner.organisation.municipality
    if partner.level == Partner.Level.LOCAL and municipality is not None:
        require_perm(request, PARTNERSHIPS, municipality, REFUSALS[PARTNERSHIPS])
        local = LocalPartnerForm(
            request.POST or None, initial=DirectoryPartnerForm.initial_from(partner)
        )
        if request.method == "POST" and local.is_valid():
            with reported(request, form=local) as outcome:
                services.partner_save(
                    level=Partner.Level.LOCAL,
                    municipality=municipality,
                    partner=partner,
                    **local.cleaned_data,
                )
            if outcome.ok:
                messages.success(request, _("Ressursmiljøet er lagret."))
                return redirect(partner.get_absolute_url())
        return render(
            request,
            "community/partner_form.html",
            {"municipality": municipality, "form": local, "partner": partner},
        )
    require_perm(request, PARTNERS, partner, REFUSALS[PARTNERS])
    form = _directory_form(request, initial=DirectoryPartnerForm.initial_from(partner))
    saved = request.method == "POST" and form.is_valid()
    if saved and _directory_partner_save(request, form, partner) is not None:
        messages.success(request, _("Ressursmiljøet er lagret."))
        return redirect(partner.get_absolute_url())
    return render(
        request, "community/partner_directory_form.html", {"form": form, "partner": partner}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def partner_create(request: AuthedRequest, number: str) -> HttpResponse:
    """A coordinator adds a local partner (voluntary organisation or business)."""
    municipality = municipality_get_or_404(number)
    require_perm(request, PARTNERSHIPS, municipality, REFUSALS[PARTNERSHIPS])
    form = LocalPartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            partner = services.partner_save(
                level=Partner.Level.LOCAL, municipality=municipality, **form.cleaned_data
            )
        if outcome.ok:
            messages.success(request, _("Ressursmiljøet er lagt til i katalogen."))
            return redirect(partner.get_absolute_url())
    return render(
        request, "community/partner_form.html", {"municipality": municipality, "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def partnership_edit(
    request: AuthedRequest, number: str | None = None, pk: int | None = None
) -> HttpResponse:
    partnership: Partnership | None = None
    if pk is not None:
        partnership = get_or_404(selectors.partnership_get, pk, _("Partnerskapet finnes ikke."))
        municipality = partnership.municipality
    else:
        municipality = municipality_get_or_404(number or "")
    require_perm(request, PARTNERSHIPS, partnership or municipality, REFUSALS[PARTNERSHIPS])
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.partnership_save(
                municipality=municipality, fields=form.cleaned_data, partnership=partnership
            )
        if outcome.ok:
            messages.success(request, _("Partnerskapet er lagret."))
            return redirect(f"{reverse('community:portal', args=[municipality.number])}#partnere")
    return render(
        request,
        "community/partnership_form.html",
        {"municipality": municipality, "form": form, "partnership": partnership},
    )
