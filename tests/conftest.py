"""Fixtures for the cross-app tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The whole demo scenario, loaded once per test module inside a transaction that is rolled
    back at the module's end; each test runs in a savepoint inside it. Demo files (uploads)
    go to a temporary folder."""
    from django.test.utils import override_settings

    from kommunenettverk.web.demo import demo_load

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
