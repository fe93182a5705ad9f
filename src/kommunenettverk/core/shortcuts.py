"""View helpers every app uses: permission checks, 404 for missing objects, and domain errors
turned into form errors or messages. Views stay four steps: parse, check, call, render."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.forms import form_add_validation_error

T = TypeVar("T")
K = TypeVar("K")


def require_perm(
    request: HttpRequest,
    perm: str,
    obj: models.Model | None = None,
    message: str | Promise | None = None,
) -> None:
    """Refuse with 403 and `message` unless the user has `perm` (on `obj`, if given)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(str(message or _("Rollen din gir ikke tilgang til dette.")))


def get_or_404(getter: Callable[[K], T], key: K, message: str | Promise) -> T:
    """`getter(key)`, or 404 with `message` when the object does not exist."""
    try:
        return getter(key)
    except ObjectDoesNotExist:
        raise Http404(str(message)) from None


@dataclass
class Outcome:
    """Whether the block inside `reported` ran to the end without a refusal."""

    ok: bool = True
    error: str = ""


@contextmanager
def reported(
    request: HttpRequest | None = None,
    *,
    form: forms.BaseForm | None = None,
    field: str | None = None,
) -> Iterator[Outcome]:
    """Run a service call and show its refusal to the user instead of failing.

    A `DomainError` or `ValidationError` raised inside the block goes onto `form` (on the
    error's field, `field`, or the top of the form) when a form is given, and otherwise into
    the messages of `request`. Check `outcome.ok` after the block:

        with reported(request, form=form) as outcome:
            services.network_create(...)
        if outcome.ok:
            return redirect(...)
    """
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as error:
        outcome.ok, outcome.error = False, error.message
        if form is not None:
            target = error.field or field
            form.add_error(target if target in form.fields else None, error.message)
        elif request is not None:
            messages.error(request, error.message)
        else:
            raise
    except ValidationError as error:
        outcome.ok, outcome.error = False, "; ".join(error.messages)
        if form is not None:
            if field and not hasattr(error, "error_dict"):
                form.add_error(field, error)
            else:
                form_add_validation_error(form, error)
        elif request is not None:
            for message in error.messages:
                messages.error(request, message)
        else:
            raise
