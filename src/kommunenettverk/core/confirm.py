"""Irreversible actions ask first (approve, refuse, remove a member, submit a report, revoke).

Two ways, so it works with and without JavaScript:
- The button's form carries `data-confirm="<question>"`; web/static/web/confirm.js opens a
  `<dialog>` with the question (focus on "Avbryt", Escape closes it and focus returns to the
  button) and, on "Bekreft", posts the form with `confirmed=1`.
- Without JavaScript the form posts without `confirmed=1`; the view (after its permission
  check) answers with `confirmation_page`, which repeats the question and posts the same
  fields again with `confirmed=1`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

_NOT_REPEATED = {"csrfmiddlewaretoken", "confirmed"}


def needs_confirmation(request: HttpRequest) -> bool:
    """The POST has not been confirmed yet (the dialog or the confirmation page adds it)."""
    return request.POST.get("confirmed") != "1"


def confirmation_page(
    request: HttpRequest,
    *,
    question: str | Promise,
    button: str | Promise,
    back_url: str,
    detail: str | Promise = "",
) -> HttpResponse:
    """The page that asks before an irreversible action, posting the same fields again."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in _NOT_REPEATED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "question": question,
            "detail": detail,
            "button": button,
            "back_url": back_url,
            "action": request.get_full_path(),
            "fields": fields,
        },
    )
