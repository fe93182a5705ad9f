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
