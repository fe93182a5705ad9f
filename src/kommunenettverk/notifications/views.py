"""Notices ("Varsler"): the list of one's own notices, opening one (marks it read and goes to
the page where the work is done), marking read, and the per-kind choices."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.shortcuts import get_or_404, require_perm
from kommunenettverk.notifications import selectors, services
from kommunenettverk.notifications.forms import NoticePreferencesForm
from kommunenettverk.notifications.models import Notice

PAGE_SIZE = 50


def _own_notice(request: AuthedRequest, pk: int) -> Notice:
    """One of the user's notices; 404 for anyone else's (they are not told it exists)."""
    notice = get_or_404(
        lambda key: selectors.notice_get_for_user(request.user, key), pk, _("Fant ikke varselet.")
    )
    require_perm(request, "notifications.change_notice", notice)
    return notice


@require_safe
def notice_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.notice_list_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    unread = selectors.notice_unread_count(request.user)
    return render(request, "notifications/notice_list.html", {"page": page, "unread": unread})


@require_safe
def notice_open(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = _own_notice(request, pk)
    services.notice_mark_read(notice=notice, user=request.user)
    safe = url_has_allowed_host_and_scheme(
        notice.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notice.link if safe else "notifications:notice_list")


@require_POST
def notice_read(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = _own_notice(request, pk)
    services.notice_mark_read(notice=notice, user=request.user)
    return redirect("notifications:notice_list")


@require_POST
def notice_read_all(request: AuthedRequest) -> HttpResponse:
    count = services.notice_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext("%(n)d varsel er merket som lest.", "%(n)d varsler er merket som lest.", count)
        % {"n": count},
    )
    return redirect("notifications:notice_list")


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    rows = selectors.notice_preference_list(request.user)
    form = NoticePreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.notice_preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Varslingsinnstillingene er lagret."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
