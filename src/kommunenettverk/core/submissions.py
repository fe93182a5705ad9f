"""Create forms that create one object however often they are posted (security issue 15,
finding 5: a form posted twice at once made two goals).

A create form carries a one-time token, `{% load submit_once %}{% submit_once_token %}` in its
`<form>` (a new random token each time the empty form is shown, the posted one when it is shown
again with errors). The view runs the service through `submit_once`:

    with reported(request, form=form) as outcome:
        url = submit_once(request, lambda: services.goal_save(...).get_absolute_url())
    if outcome.ok:
        return redirect(url)

`submit_once` writes the token (unique) and the created object's address in the service's
transaction. A second post of the same form finds the token and answers with the first
object's address without creating anything; if the two posts arrive at once, the database makes
the second wait for the first's commit (the unique index) and then do the same. A refusal rolls
the token back with the rest, so the corrected form can be sent again. Tokens older than a day
are deleted as new ones are written. A post without a token (an old page, a script) is created
as before.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from kommunenettverk.core.models import FormSubmission

FIELD = "submit_once"
KEEP = datetime.timedelta(days=1)


def submit_once_token_new() -> str:
    return secrets.token_urlsafe(32)


def submit_once(request: HttpRequest, create: Callable[[], str]) -> str:
    """Run `create` (which makes the object and returns where to go next) once per form token
    and return that address; a repeated post gets the first post's address."""
    token = str(request.POST.get(FIELD, ""))[:64]
    if not token:
        return create()
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(token=token, url="")
            submission.url = create()
            submission.save(update_fields=["url"])
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token).values_list("url", flat=True).first()
        if earlier is None:
            raise  # not our token's row: an integrity error of the service itself
        return earlier
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return submission.url
