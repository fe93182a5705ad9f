"""The pages `make bench` measures all answer 200, so its figures stay meaningful."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from bench.core import PageBench
from django.test import Client

from kommunenettverk.accounts.models import User
from kommunenettverk.web.demo import demo_load

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench_pages() -> list[PageBench]:
    pages: list[PageBench] = []
    for info in pkgutil.iter_modules([str(BENCH)]):
        if info.name.startswith("bench_"):
            pages += getattr(importlib.import_module(f"bench.{info.name}"), "PAGES", [])
    return pages


@pytest.mark.django_db
def test_bench_pages_answer_200(registry: None) -> None:
    demo_load()
    pages = _bench_pages()
    assert any(page.path == "/kommuner/1804/" for page in pages)
    for page in pages:
        client = Client()
        if page.as_user:
            client.force_login(User.objects.get(email=page.as_user))
        assert client.get(page.url()).status_code == 200, page
