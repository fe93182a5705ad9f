"""The paths `make loadtest` requests all answer 200, and it targets 127.0.0.1 only."""

from __future__ import annotations

import pytest
from django.test import Client
from loadtest.paths import check_host, load_paths


@pytest.mark.django_db
def test_load_test_paths_answer_200(demo_module: None) -> None:
    paths = load_paths()
    assert {"/", "/kommuner/", "/kommuner/5610/"} <= {p.path for p in paths}
    for entry in paths:
        assert Client().get(entry.path).status_code == 200, entry


@pytest.mark.parametrize(
    "host",
    [
        "http://example.org:8000",
        "https://127.0.0.1:8000",
        "http://127.0.0.1.evil.example:80",
        "http://user@127.0.0.1:80",
        "http://10.0.0.1:8000",
        "",
    ],
)
def test_load_test_refuses_any_host_but_loopback(host: str) -> None:
    with pytest.raises(SystemExit, match=r"only targets http://127\.0\.0\.1"):
        check_host(host)
    check_host("http://127.0.0.1:8123")


@pytest.mark.django_db
def test_signed_in_users_pages_answer_and_their_forms_post(demo_module: None) -> None:
    """What the signed-in locust users request answers 200 for their role, and each form they
    post, read from its page as they read it, is accepted (a redirect)."""
    from loadtest.forms import form_data
    from loadtest.signed_in import ROLES, signed_in_urls

    from kommunenettverk.accounts.models import User

    urls = signed_in_urls()
    clients = {}
    for role, email in ROLES.items():
        clients[role] = Client()
        clients[role].force_login(User.objects.get(email=email))
    reads = {
        "coordinator": ["tasks", "strategy", "goal", "indicators", "gathering", "register"],
        "adviser": ["tasks", "network", "gathering", "report"],
        "national": ["tasks", "upload", "import_file"],
    }
    for role, keys in reads.items():
        for key in keys:
            assert clients[role].get(urls[key]).status_code == 200, (role, key)
    writes: list[tuple[str, str, str, str, dict[str, str | None]]] = [
        ("coordinator", "goal_edit", "goal_edit", "statement", {"rationale": "Endret."}),
        ("coordinator", "measure_edit", "measure_edit", "title", {"description": "Endret."}),
        (
            "coordinator",
            "register",
            "register",
            "name",
            {"myself": None, "name": "Ny deltaker", "role": "professional", "email": ""},
        ),
        ("adviser", "report", "report_comment", "text", {"text": "Fint.", "entry": ""}),
    ]
    for role, page, target, field, changes in writes:
        html = clients[role].get(urls[page]).content.decode()
        data = {k: v for k, v in {**form_data(html, field), **changes}.items() if v is not None}
        response = clients[role].post(urls[target], data)
        assert response.status_code == 302, (target, response.content.decode()[:2000])
