"""Discussion pages: a network's threads and search, a thread with its answers, the adviser's
moderation, the public summary, the conversion to an idea-bank draft, and comments posted
from a goal's, measure's or project's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.http import HtmxRequest
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.core.submissions import submit_once
from kommunenettverk.core.uploads import stored_file_response
from kommunenettverk.discussions import selectors, services
from kommunenettverk.discussions.forms import (
    CommentForm,
    HideForm,
    ModerateForm,
    MoveForm,
    PostForm,
    SearchForm,
    SummaryForm,
    ThreadForm,
)
from kommunenettverk.discussions.models import Post, Thread
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.selectors import network_get
from kommunenettverk.plans.models import Goal, Measure


def _network(slug: str) -> Network:
    return get_or_404(network_get, slug, _("Fant ikke nettverket."))


def _post(request: AuthedRequest, pk: int) -> Post:
    post = (
        Post.objects.select_related(
            "thread__network", "network", "goal", "measure__goal", "project"
        )
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404(_("Fant ikke innlegget."))
    about = post.about
    perm = "discussions.view_thread" if post.thread_id else "discussions.view_comments"
    if not request.user.has_perm(perm, about):
        raise Http404(_("Fant ikke innlegget."))
    return post


@require_safe
def network_threads(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network(network_slug)
    require_perm(request, "discussions.view_discussions", network)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "discussions/network_threads.html",
        {
            "network": network,
            "form": form,
            "query": query,
            "hits": selectors.thread_search(request.user, query, network=network)
            if query
            else None,
            "threads": selectors.thread_list(network),
            "can_start": request.user.has_perm("discussions.start_thread", network),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def thread_create(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = _network(network_slug)
    require_perm(
        request,
        "discussions.start_thread",
        network,
        _("Bare nettverkets medlemmer og rådgiver kan starte tråder her."),
    )
    form = ThreadForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with reported(request, form=form) as outcome:
            url = submit_once(
                request,
                lambda: services.thread_start(
                    network=network,
                    author=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    audience=data["audience"],
                    partner=data["partner"],
                    measures=list(data["measures"]),
                    projects=list(data["projects"]),
                    examples=list(data["examples"]),
                    indicators=list(data["indicators"]),
                    attachments=[data["attachment"]] if data["attachment"] else [],
                ).get_absolute_url(),
            )
        if outcome.ok:
            messages.success(request, _("Tråden er startet, og nettverket er varslet."))
            return redirect(url)
    return render(request, "discussions/thread_form.html", {"network": network, "form": form})


def _thread_page(
    request: AuthedRequest, thread: Thread, form: PostForm | None = None
) -> HttpResponse:
    user = request.user
    reply_to = request.POST.get("parent") or request.GET.get("svar") or ""
    parent = (
        Post.objects.select_related("author").filter(pk=reply_to, thread=thread).first()
        if reply_to.isdigit()
        else None
    )
    context: dict[str, Any] = {
        "thread": thread,
        "network": thread.network,
        "parent": parent,
        "form": form or PostForm(initial={"parent": parent.pk if parent else None}),
        "can_answer": user.has_perm("discussions.answer_thread", thread) and not thread.is_closed,
        "can_mark": user.has_perm("discussions.mark_helpful", thread),
        "can_moderate": user.has_perm("discussions.moderate", thread),
        "can_see_example": thread.example is not None
        and (
            thread.example.status == "published"
            or user.has_perm("ideabank.view_unpublished_example", thread.example)
        ),
        "can_convert": user.has_perm("discussions.convert_thread", thread)
        and thread.municipality_id is not None
        and not thread.example_id,
        **selectors.thread_detail(thread),
    }
    return render(request, "discussions/thread_detail.html", context)


@require_safe
def thread_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _thread_page(request, selectors.thread_get_for_user(request.user, pk))


@require_POST
def post_create(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, pk)
    require_perm(request, "discussions.answer_thread", thread)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        parent = (
            Post.objects.filter(pk=data["parent"], thread=thread).first()
            if data["parent"]
            else None
        )
        with reported(request, form=form) as outcome:
            url = submit_once(
                request,
                lambda: "{}#innlegg-{}".format(
                    thread.get_absolute_url(),
                    services.post_answer(
                        thread,
                        request.user,
                        data["body"],
                        attachments=[data["attachment"]] if data["attachment"] else [],
                        parent=parent,
                    ).pk,
                ),
            )
        if outcome.ok:
            messages.success(request, _("Svaret er lagt inn."))
            return redirect(url)
    return _thread_page(request, thread, form)


@require_POST
def post_helpful(request: AuthedRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if post.thread is None:
        raise Http404
    require_perm(
        request,
        "discussions.mark_helpful",
        post.thread,
        _("Bare den som spurte kan merke svar som nyttige."),
    )
    helpful = request.POST.get("helpful") == "1"
    with reported(request):
        services.post_mark_helpful(post=post, user=request.user, helpful=helpful)
    return redirect(f"{post.thread.get_absolute_url()}#innlegg-{post.pk}")


def _back(post: Post) -> str:
    return f"{post.about.get_absolute_url()}#innlegg-{post.pk}"  # type: ignore[attr-defined]


@require_http_methods(["GET", "HEAD", "POST"])
def post_hide(request: AuthedRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    require_perm(
        request, "discussions.moderate", post, _("Bare nettverkets rådgiver kan skjule innlegg.")
    )
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.post_hide(post=post, user=request.user, reason=form.cleaned_data["reason"])
        if outcome.ok:
            messages.success(request, _("Innlegget er skjult."))
            return redirect(_back(post))
    return render(
        request, "discussions/post_hide.html", {"post": post, "form": form, "back": _back(post)}
    )


@require_POST
def thread_moderate(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, pk)
    require_perm(
        request, "discussions.moderate", thread, _("Bare nettverkets rådgiver kan gjøre dette.")
    )
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ukjent handling."))
        return redirect(thread)
    action = form.cleaned_data["action"]
    if action == "close" and needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Lukke tråden «%(title)s»? Ingen kan svare etterpå.")
            % {"title": thread.title},
            button=_("Lukk tråden"),
            back_url=thread.get_absolute_url(),
        )
    with reported(request):
        if action in ("pin", "unpin"):
            services.thread_pin(thread=thread, user=request.user, pinned=action == "pin")
        else:
            services.thread_close(thread=thread, user=request.user, closed=action == "close")
        messages.success(request, _("Tråden er oppdatert."))
    return redirect(thread)


@require_http_methods(["GET", "HEAD", "POST"])
def thread_move(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, pk)
    require_perm(
        request, "discussions.moderate", thread, _("Bare nettverkets rådgiver kan flytte tråden.")
    )
    form = MoveForm(
        request.POST or None, targets=services.move_targets(thread=thread, user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.thread_move(
                thread=thread, user=request.user, network=form.cleaned_data["network"]
            )
        if outcome.ok:
            messages.success(request, _("Tråden er flyttet."))
            return redirect(thread)
    return render(request, "discussions/thread_move.html", {"thread": thread, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def thread_summary(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, pk)
    require_perm(
        request,
        "discussions.moderate",
        thread,
        _("Bare nettverkets rådgiver kan skrive sammendraget."),
    )
    form = SummaryForm(
        request.POST or None,
        initial={"summary": thread.summary, "publish": thread.summary_published_at is not None},
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            services.thread_summary_set(
                thread=thread,
                user=request.user,
                summary=form.cleaned_data["summary"],
                publish=form.cleaned_data["publish"],
            )
        if outcome.ok:
            messages.success(request, _("Sammendraget er lagret."))
            return redirect(thread)
    return render(request, "discussions/thread_summary.html", {"thread": thread, "form": form})


@require_safe
@login_not_required
def summary_public(request: HtmxRequest, pk: int) -> HttpResponse:
    thread = (
        Thread.objects.select_related("network")
        .filter(pk=pk, summary_published_at__isnull=False)
        .first()
    )
    if thread is None:
        raise Http404(_("Fant ikke sammendraget."))
    return render(request, "discussions/summary_public.html", {"thread": thread})


@require_http_methods(["GET", "HEAD", "POST"])
def thread_convert(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, pk)
    require_perm(
        request,
        "discussions.convert_thread",
        thread,
        _("Bare den som spurte og kommunens koordinator kan gjøre tråden om til et eksempel."),
    )
    if request.method == "POST":
        with reported(request) as outcome:
            example = services.thread_convert(thread=thread, user=request.user)
        if outcome.ok:
            if request.user.has_perm("ideabank.change_example", example):
                messages.success(
                    request,
                    _("Utkastet er laget i idébanken. Se over teksten og send det til vurdering."),
                )
                return redirect(example)
            messages.success(
                request,
                _(
                    "Utkastet er laget i idébanken. Kommunekoordinatoren er varslet, ser over "
                    "teksten og sender det til vurdering."
                ),
            )
            return redirect(thread)
    return render(
        request,
        "discussions/thread_convert.html",
        {"thread": thread, "draft": services.draft_data(thread)},
    )


@require_safe
def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    attachment = get_or_404(selectors.attachment_get, pk, _("Fant ikke vedlegget."))
    if not request.user.has_perm("discussions.view_thread", attachment.thread):
        raise Http404(_("Fant ikke vedlegget."))
    post = attachment.post
    if post is not None and post.is_hidden:
        raise Http404(_("Fant ikke vedlegget."))
    return stored_file_response(attachment.file)


@require_safe
def search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    hits = selectors.thread_search(request.user, query) if query else None
    return render(request, "discussions/search.html", {"form": form, "query": query, "hits": hits})


COMMENT_MODELS: dict[str, Any] = {"mal": Goal, "tiltak": Measure, "prosjekt": DevelopmentProject}


@require_http_methods(["GET", "HEAD", "POST"])
def comment_create(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    """The comment form on its own page: the object's page posts here, and a refused comment
    is shown again with what was typed."""
    if kind not in COMMENT_MODELS:
        raise Http404
    about = COMMENT_MODELS[kind].objects.filter(pk=pk).first()
    if about is None or not request.user.has_perm("discussions.view_comments", about):
        raise Http404
    require_perm(
        request, "discussions.comment", about, _("Bare medlemmer av nettverket kan kommentere.")
    )
    form = CommentForm(request.POST or None, initial={"parent": request.GET.get("svar")})
    parent_id = str(form.data.get("parent") or request.GET.get("svar") or "")
    parent = Post.objects.filter(pk=int(parent_id)).first() if parent_id.isdigit() else None
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            post = services.comment_post(
                about=about, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        if outcome.ok:
            messages.success(request, _("Kommentaren er lagt inn."))
            return redirect(f"{about.get_absolute_url()}#innlegg-{post.pk}")
    return render(
        request,
        "discussions/comment_form.html",
        {"about": about, "form": form, "parent": parent},
    )
