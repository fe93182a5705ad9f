"""What the signed-in users of the load test request, and their sessions (issue 20).

A working day: municipal coordinators read their task list, strategy and goals, edit goals and
measures and register people for a gathering; advisers read their network's page and comment
annual reports; one national coordinator imports a file now and then. The demo's people are
signed in before the run (one session per simulated user, made here through Django), so the
load is the pages, not the login form (which the public part of the test already requests).
"""

from __future__ import annotations

from typing import Any

DEMO = "demo.kommunenettverk.no"
ROLES = {
    "coordinator": f"koordinator.bodo@{DEMO}",
    "adviser": f"radgiver.nord@{DEMO}",
    "national": f"nasjonal@{DEMO}",
}
NETWORK = "/nettverk/helse-og-miljo-salten/"
GATHERING = f"{NETWORK}samlinger/3/"


def signed_in_urls() -> dict[str, str]:
    """The demo pages each role works on (needs Django set up and the demo data)."""
    from tests.browser.placeholders import resolve_args

    goal, measure_goal, measure, report = resolve_args(
        ("<goal:1804>", "<measure_goal:1804>", "<measure:1804>", "<report:1804:submitted>")
    )
    return {
        "tasks": "/oppgaver/",
        "strategy": "/planer/kommuner/1804/",
        "goal": f"/planer/mal/{goal}/",
        "goal_edit": f"/planer/kommuner/1804/mal/{goal}/rediger/",
        "measure_edit": f"/planer/mal/{measure_goal}/tiltak/{measure}/rediger/",
        "indicators": "/indikatorer/kommuner/1804/",
        "network": NETWORK,
        "gathering": GATHERING,
        "register": f"{GATHERING}pamelding/",
        "report": f"/planer/rapporter/{report}/",
        "report_comment": f"/planer/rapporter/{report}/kommentar/",
        "upload": "/indikatorer/import/",
        "import_file": "/indikatorer/import/mal/klimagassutslipp-vei.csv",
    }


def signed_in_plan(users: int) -> dict[str, Any]:
    """URLs and one session cookie per simulated user of each role (for the locustfile)."""
    from django.conf import settings
    from django.test import Client

    from kommunenettverk.accounts.models import User

    sessions: dict[str, list[str]] = {}
    for role, email in ROLES.items():
        user = User.objects.get(email=email)
        sessions[role] = []
        for _ in range(max(1, users if role != "national" else 1)):
            client = Client()
            client.force_login(user)
            sessions[role].append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return {"urls": signed_in_urls(), "sessions": sessions, "cookie": settings.SESSION_COOKIE_NAME}
