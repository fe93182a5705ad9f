"""Idea bank pages about ideas that travelled: "Bruk dette eksempelet", "taken from" links on
measures, an example's spread on a map and a timeline, the spread in a network, a county and
the country, and the similar examples shown while an example is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.ideabank import adoption_services, charts, opendata, selectors
from kommunenettverk.ideabank import spread_selectors as spread
from kommunenettverk.ideabank.forms import AdoptForm, AdoptionAddForm, SimilarForm
from kommunenettverk.ideabank.models import Adoption, Example
from kommunenettverk.networks.models import Network
from kommunenettverk.plans import selectors as plan_selectors
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import County, Municipality

RECORD = "ideabank.record_adoption"
RECORD_REFUSED = _("Bare kommunekoordinatoren i kommunen som tok det i bruk kan registrere dette.")


def _published_or_404(request: HtmxRequest, pk: int) -> Example:
    example = get_or_404(
        lambda key: selectors.example_get_for_user(request.user, key),
        pk,
        _("Fant ikke eksempelet."),
    )
    if example.status != Example.Status.PUBLISHED:
        raise Http404(_("Bare publiserte eksempler kan tas i bruk og spres."))
    return example


@require_http_methods(["GET", "HEAD", "POST"])
def example_adopt(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Bruk dette eksempelet": a measure in one of the coordinator's goals, pre-filled from
    the example, with the "taken from" link set when it is saved."""
    example = _published_or_404(request, pk)
    municipalities = [
        m
        for m in Municipality.objects.current().exclude(pk=example.municipality_id)
        if request.user.has_perm(RECORD, m)
    ]
    if not municipalities:
        raise PermissionDenied(RECORD_REFUSED)
    goals = Goal.objects.filter(municipality__in=municipalities).select_related("municipality")
    same_theme = next((g for g in goals if set(g.themes) & set(example.themes)), None)
    form = AdoptForm(
        request.POST or None,
        goals=goals,
        initial={
            "goal": (same_theme or goals.first()),
            "title": example.title,
            "description": example.summary,
            "dimension": "practice",
            "year": timezone.localdate().year,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require_perm(request, RECORD, data["goal"], RECORD_REFUSED)
        with reported(request, form=form) as outcome:
            measure = adoption_services.example_adopt(
                example=example,
                goal=data["goal"],
                title=data["title"],
                description=data["description"],
                dimension=data["dimension"],
                year=data["year"],
                what_changed=data["what_changed"],
                user=request.user,
            )
        if outcome.ok:
            messages.success(
                request, _("Tiltaket er lagret, med lenke til eksempelet det er tatt fra.")
            )
            return redirect(measure)
    return render(
        request,
        "ideabank/example_adopt.html",
        {
            "example": example,
            "form": form,
            "municipalities": municipalities,
            "has_goals": goals.exists(),
        },
    )


@require_POST
def adoption_add(request: AuthedRequest, measure_pk: int) -> HttpResponse:
    """Record that an existing measure was taken from an example."""
    measure = get_or_404(plan_selectors.measure_get, measure_pk, _("Tiltaket finnes ikke."))
    require_perm(request, RECORD, measure, RECORD_REFUSED)
    form = AdoptionAddForm(request.POST)
    if form.is_valid():
        with reported(request) as outcome:
            adoption_services.adoption_record(
                origin=form.cleaned_data["origin"],
                measure=measure,
                year=form.cleaned_data["year"],
                what_changed=form.cleaned_data["what_changed"],
                user=request.user,
            )
        if outcome.ok:
            messages.success(request, _("Lenken til eksempelet er registrert."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect(measure.get_absolute_url() + "#tatt-fra")


@require_http_methods(["GET", "HEAD", "POST"])
def adoption_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask first, then remove a "taken from" link (the measure or example stays)."""
    adoption = get_or_404(
        lambda key: Adoption.objects.select_related(
            "origin__municipality", "measure", "adopting_example", "municipality"
        ).get(pk=key),
        pk,
        _("Fant ikke lenken."),
    )
    require_perm(request, RECORD, adoption, RECORD_REFUSED)
    target = adoption.measure or adoption.adopting_example
    assert target is not None
    if request.method == "POST":
        with reported(request) as outcome:
            adoption_services.adoption_delete(adoption=adoption)
        if outcome.ok:
            messages.success(request, _("Lenken til eksempelet er fjernet."))
        return redirect(target.get_absolute_url())
    return render(
        request, "ideabank/adoption_delete.html", {"adoption": adoption, "target": target}
    )


@require_safe
@login_not_required
@public_page_cache
def example_spread(request: HtmxRequest, pk: int) -> HttpResponse:
    """Where an example was taken up: a map, a timeline and the table."""
    example = _published_or_404(request, pk)
    rows = spread.example_adoption_rows(example)
    table = opendata.adoption_table(rows)
    if download := open_table_response(request, table):
        return download
    labels = spread.reach_labels()
    kinds = [_("Opphav"), *labels.values()]
    name = example.municipality.name_nb
    return render(
        request,
        "ideabank/example_spread.html",
        {
            "example": example,
            "rows": rows,
            "open_table": open_table_links(request, table),
            "map_spec": charts.spread_map(
                spread.example_map_rows(example, rows),
                _("Kart: %(m)s og kommunene som har tatt i bruk «%(t)s»")
                % {"m": name, "t": example.title},
                geo_url=static("indicators/kommuner.geojson"),
                kinds=kinds,
            ),
            "timeline": spread.example_timeline_rows(rows),
            "timeline_spec": charts.timeline_chart(
                spread.example_timeline_rows(rows),
                _("Antall kommuner som tok i bruk «%(t)s», per år") % {"t": example.title},
            ),
        },
    )


@require_safe
@login_not_required
@public_page_cache
def spread_overview(request: HtmxRequest, network_slug: str = "") -> HttpResponse:
    """The spread of examples in the country, a county (?fylke=) or a network."""
    county = network = None
    if network_slug:
        network = get_or_404(
            lambda key: Network.objects.get(slug=key), network_slug, _("Fant ikke nettverket.")
        )
    elif request.GET.get("fylke"):
        county = County.objects.filter(number=request.GET["fylke"], valid_to__isnull=True).first()
        if county is None:
            raise Http404(_("Ukjent fylke."))
    summary = spread.spread_summary(county=county, network=network)
    table = opendata.adoption_table(summary.rows)
    if download := open_table_response(request, table):
        return download
    return render(
        request,
        "ideabank/spread_overview.html",
        {
            "spread": summary,
            "county": county,
            "network": network,
            "counties": County.objects.filter(valid_to__isnull=True).order_by("name"),
            "open_table": open_table_links(request, table),
            "reach_rows": spread.spread_chart_rows(summary),
            "reach_spec": charts.reach_chart(
                spread.spread_chart_rows(summary),
                _("%(t)s: antall ganger eksemplene er tatt i bruk, etter avstand")
                % {"t": summary.title},
            ),
        },
    )


@require_safe
def example_similar(request: HtmxRequest) -> HttpResponse:
    """The similar-examples fragment of the example form, updated as the author types."""
    form = SimilarForm(request.GET)
    similar: list[Example] = []
    if form.is_valid():
        similar = selectors.example_similar(
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            exclude=form.cleaned_data["similar_example"],
        )
    return render(request, "ideabank/example_form.html#similar", {"similar": similar})
