from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kommunenettverk.accounts.selectors import home_municipality_get
from kommunenettverk.core.dataversion import versioned
from kommunenettverk.notifications.selectors import notice_unread_count
from kommunenettverk.web.worklist import TaskCount, request_tasks


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"SITE_NAME": "Kommunenettverk", "DEBUG": settings.DEBUG}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazy: read only when a page draws the signed-in menu (error pages may not).
        # Each kept in the shared cache until its tables change (core.dataversion): with the
        # task list below, the signed-in header then costs no SQL beyond session and user.
        context["HOME_MUNICIPALITY"] = SimpleLazyObject(
            lambda: versioned(f"home:{user.pk}", lambda: home_municipality_get(user))
        )
        # Lazy too: the count of "Mine oppgaver" in the header runs each app's task source.
        context["TASKS"] = SimpleLazyObject(lambda: TaskCount(len(request_tasks(request))))
        # The unread notices beside it: one count query, when the header is drawn.
        context["NOTICES"] = SimpleLazyObject(
            lambda: TaskCount(versioned(f"notices:{user.pk}", lambda: notice_unread_count(user)))
        )
    return context
