"""Idea bank pages: public search and example pages, the author's and reviewer's pages,
dissemination to neighbours, and digest subscriptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.cache import public_page_cache
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.opendata import open_table_links, open_table_response
from kommunenettverk.core.shortcuts import get_or_404, reported
from kommunenettverk.core.submissions import submit_once
from kommunenettverk.ideabank import opendata, selectors, services, text
from kommunenettverk.ideabank import spread_selectors as spread
from kommunenettverk.ideabank.forms import (
    AttachmentForm,
    ExampleForm,
    MunicipalityChoiceForm,
    NeighbourLookupForm,
    SearchForm,
    SubscriptionForm,
    TransitionForm,
)
from kommunenettverk.ideabank.models import Example, ExampleAttachment, Subscription
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import KsRegion, Municipality
from kommunenettverk.registry.selectors import municipality_get_or_404

PAGE_SIZE = 20


def _example_or_404(request: HtmxRequest, pk: int, perm: str = "") -> Example:
    """The example if the user may see it (and holds `perm` on it, if given); 404 or 403."""
    if perm:
        return get_or_404(
            lambda key: selectors.example_get_for_change(request.user, key, perm=perm),
            pk,
            _("Fant ikke eksempelet."),
        )
    return get_or_404(
        lambda key: selectors.example_get_for_user(request.user, key),
        pk,
        _("Fant ikke eksempelet."),
    )


@require_safe
@login_not_required
@public_page_cache
def example_list(request: HtmxRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    empty_query = False
    page_number = max(1, int(request.GET["side"])) if request.GET.get("side", "").isdigit() else 1
    if form.is_valid():
        data = form.cleaned_data
        # Blank, or only words too common to search for ("og", "i"): explain, show the newest.
        empty_query = "q" in request.GET and not text.query_stems(data["q"])
        result = selectors.example_search(
            query=data["q"],
            theme=data["tema"],
            county=data["fylke"],
            size=data["storrelse"],
            offset=(page_number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
    elif not form.is_bound:
        result = selectors.example_search(limit=PAGE_SIZE)
    data = form.cleaned_data if form.is_valid() else {}
    table = opendata.example_table(
        query=data.get("q", ""),
        theme=data.get("tema", ""),
        county=data.get("fylke", ""),
        size=data.get("storrelse", ""),
    )
    if download := open_table_response(request, table):
        return download
    pages = -(-result.total // PAGE_SIZE) if result else 0
    context = {
        "open_table": open_table_links(request, table),
        "form": form,
        "result": result,
        "empty_query": empty_query,
        "page_number": page_number,
        "pages": pages,
        "neighbour_form": NeighbourLookupForm(),
        "can_create": user_has_role(
            request.user, (Role.MUNICIPAL_COORDINATOR, Role.NATIONAL_COORDINATOR)
        ),
    }
    template = "ideabank/example_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_safe
@login_not_required
@public_page_cache
def example_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    example = _example_or_404(request, pk)
    published = example.status == Example.Status.PUBLISHED
    return render(
        request,
        "ideabank/example_detail.html",
        {
            "example": example,
            **selectors.example_detail_related(example),
            "adoption_rows": spread.example_adoption_rows(example) if published else [],
            "origin": spread.example_origin(example),
            "can_adopt": published and user_has_role(request.user, (Role.MUNICIPAL_COORDINATOR,)),
            "can_change": example.status == Example.Status.DRAFT
            and request.user.has_perm("ideabank.change_example", example),
            "can_submit": example.status == Example.Status.DRAFT
            and request.user.has_perm("ideabank.change_example", example),
            "can_review": example.status != Example.Status.DRAFT
            and request.user.has_perm("ideabank.review_example", example),
            "can_see_history": request.user.has_perm("ideabank.view_unpublished_example", example),
        },
    )


PREVIEW = "forhandsvis"


def _form_preview(
    request: AuthedRequest, form: ExampleForm, context: dict[str, object]
) -> HttpResponse:
    """The form again, unsaved, with the published examples that look like it (the way to
    see them without JavaScript)."""
    example = context.get("example")
    similar = selectors.example_similar(
        title=request.POST.get("title", ""),
        summary=request.POST.get("summary", ""),
        exclude=example.pk if isinstance(example, Example) else None,
    )
    form.is_valid()  # show what is missing, without saving
    return render(
        request,
        "ideabank/example_form.html",
        {**context, "form": form, "similar": similar, "previewed": True},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def example_create(request: AuthedRequest) -> HttpResponse:
    allowed = [
        m
        for m in Municipality.objects.current().select_related("county__ks_region")
        if request.user.has_perm("ideabank.add_example", m)
    ]
    if not allowed:
        raise PermissionDenied(_("Bare kommunekoordinatorer kan skrive nye eksempler."))
    choices = Municipality.objects.filter(pk__in=[m.pk for m in allowed])
    owner_form = MunicipalityChoiceForm(request.POST or None, municipalities=choices)
    form = ExampleForm(
        request.POST or None, initial={"show_contact_name": True}, municipalities=choices
    )
    if request.method == "POST" and PREVIEW in request.POST:
        return _form_preview(request, form, {"owner_form": owner_form, "example": None})
    if request.method == "POST" and owner_form.is_valid() and form.is_valid():
        with reported(request, form=form) as outcome:
            url = submit_once(
                request,
                lambda: services.example_create(
                    municipality=owner_form.cleaned_data["municipality"],
                    data=form.to_data(),
                    created_by=request.user,
                ).get_absolute_url(),
            )
        if outcome.ok:
            messages.success(request, _("Utkastet er lagret. Det er ikke synlig for andre ennå."))
            return redirect(url)
    return render(
        request,
        "ideabank/example_form.html",
        {"form": form, "owner_form": owner_form, "example": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def example_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    example = _example_or_404(request, pk, perm="ideabank.change_example")
    if example.status != Example.Status.DRAFT:
        messages.error(request, _("Bare utkast kan endres."))
        return redirect(example)
    form = ExampleForm(
        request.POST or None,
        initial=ExampleForm.initial_from(example),
        municipalities=[example.municipality_id],
    )
    if request.method == "POST" and PREVIEW in request.POST:
        return _form_preview(
            request,
            form,
            {
                "example": example,
                "attachment_form": AttachmentForm(),
                "attachments": list(example.attachments.all()),
            },
        )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.example_update(example=example, data=form.to_data(), user=request.user)
        if outcome.ok:
            messages.success(request, _("Endringene er lagret."))
            return redirect(example)
    return render(
        request,
        "ideabank/example_form.html",
        {
            "form": form,
            "example": example,
            "attachment_form": AttachmentForm(),
            "attachments": list(example.attachments.all()),
        },
    )


@require_POST
def example_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    perm = "ideabank.change_example" if action == "submit" else "ideabank.review_example"
    example = _example_or_404(request, pk, perm=perm)
    # Publishing and sending back ask first (a return without a comment is refused anyway).
    asks = action == "publish" or (action == "return" and comment.strip())
    if asks and needs_confirmation(request):
        return confirmation_page(
            request,
            question=REVIEW_QUESTIONS[action] % {"title": example.title},
            button=REVIEW_BUTTONS[action],
            back_url=example.get_absolute_url(),
        )
    service = {
        "submit": services.example_submit,
        "publish": services.example_publish,
        "return": services.example_return,
    }[action]
    with reported(request) as outcome:
        service(example=example, user=request.user, comment=comment)
    if outcome.ok:
        messages.success(
            request,
            _("Eksempelet har nå status «%(status)s».") % {"status": example.get_status_display()},
        )
    return redirect(example)


REVIEW_QUESTIONS = {
    "publish": gettext_lazy("Publisere «%(title)s»? Alle kan lese det da."),
    "return": gettext_lazy("Sende «%(title)s» tilbake til forfatteren?"),
}
REVIEW_BUTTONS = {"publish": gettext_lazy("Publiser"), "return": gettext_lazy("Send tilbake")}


@require_POST
def attachment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    example = _example_or_404(request, pk, perm="ideabank.change_example")
    form = AttachmentForm(request.POST, request.FILES)
    if example.status != Example.Status.DRAFT:
        messages.error(request, _("Bare utkast kan endres."))
    elif not form.is_valid():
        messages.error(request, _("Vedlegg: velg en fil å laste opp."))
    else:
        with reported(request) as outcome:
            services.attachment_add(
                example=example, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        if outcome.ok:
            messages.success(request, _("Vedlegget er lastet opp."))
    return redirect("ideabank:example_edit", pk=example.pk)


def _attachment_or_404(request: HtmxRequest, pk: int) -> ExampleAttachment:
    attachment = get_or_404(lambda key: ExampleAttachment.objects.get(pk=key), pk, "")
    _example_or_404(request, attachment.example_id)  # the example's visibility decides
    return attachment


@require_safe
@login_not_required
def attachment_download(request: HtmxRequest, pk: int) -> FileResponse:
    attachment = _attachment_or_404(request, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=(attachment.file.name or "vedlegg").rsplit("/", 1)[-1],
        content_type=attachment.content_type,
    )
    return response


@require_POST
def attachment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    attachment = _attachment_or_404(request, pk)
    example = _example_or_404(request, attachment.example_id, perm="ideabank.change_example")
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Slette vedlegget %(title)s?") % {"title": attachment.title},
            button=_("Slett vedlegget"),
            back_url=reverse("ideabank:example_edit", args=[example.pk]),
        )
    with reported(request) as outcome:
        services.attachment_delete(attachment=attachment)
    if outcome.ok:
        messages.success(request, _("Vedlegget er slettet."))
    return redirect("ideabank:example_edit", pk=example.pk)


@require_safe
def example_worklist(request: AuthedRequest) -> HttpResponse:
    examples = selectors.example_worklist(request.user)
    return render(
        request,
        "ideabank/example_worklist.html",
        {
            "drafts": [e for e in examples if e.status == Example.Status.DRAFT],
            "in_review": [e for e in examples if e.status == Example.Status.IN_REVIEW],
        },
    )


@require_safe
@login_not_required
@public_page_cache
def municipality_examples(request: HtmxRequest, number: str) -> HttpResponse:
    municipality = municipality_get_or_404(number)
    return render(
        request,
        "ideabank/municipality_examples.html",
        {"d": selectors.municipality_dissemination(municipality)},
    )


@require_safe
@login_not_required
def municipality_lookup(request: HtmxRequest) -> HttpResponse:
    form = NeighbourLookupForm(request.GET)
    if form.is_valid():
        return redirect("ideabank:municipality_examples", number=form.cleaned_data["kommune"])
    return redirect("ideabank:example_list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def subscription_create(request: HtmxRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscription_create(
            email=form.cleaned_data["email"],
            region=form.cleaned_data["region"],
            theme=form.cleaned_data["theme"],
        )
        messages.success(
            request,
            _("Vi har sendt en e-post med en lenke. Abonnementet starter når du har bekreftet."),
        )
        return redirect("ideabank:subscription_create")
    regions = list(KsRegion.objects.all())
    return render(
        request,
        "ideabank/subscription_form.html",
        {"form": form, "regions": regions, "themes": Theme.choices},
    )


@require_safe
@login_not_required
def subscription_confirm(request: HtmxRequest, token: str) -> HttpResponse:
    subscription = get_or_404(
        lambda key: services.subscription_confirm(token=key),
        token,
        _("Lenken er ugyldig, eller abonnementet er avsluttet."),
    )
    return render(request, "ideabank/subscription_done.html", {"subscription": subscription})


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def subscription_cancel(request: HtmxRequest, token: str) -> HttpResponse:
    subscription = Subscription.objects.filter(token=token).select_related("region").first()
    if request.method == "POST":
        services.subscription_cancel(token=token)
        messages.success(request, _("Abonnementet er avsluttet."))
        return redirect(reverse("ideabank:example_list"))
    if subscription is None:
        raise Http404(_("Lenken er ugyldig, eller abonnementet er allerede avsluttet."))
    return render(request, "ideabank/subscription_cancel.html", {"subscription": subscription})
