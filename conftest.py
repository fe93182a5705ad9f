"""Fixtures shared by the whole suite: the registry in every test database, users with roles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import models

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.services import registry_load_snapshot


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the bundled registry once per test database; tests roll back around it."""
    with django_db_blocker.unblock():
        registry_load_snapshot()
    yield


@pytest.fixture
def registry(db: None) -> None:
    """Make sure the registry is there (a transactional test may have flushed it)."""
    if not Municipality.objects.exists():
        registry_load_snapshot()


@pytest.fixture
def bodo(registry: None) -> Municipality:
    return Municipality.objects.select_related("county__ks_region").get(number="1804")


@pytest.fixture
def voss(registry: None) -> Municipality:
    return Municipality.objects.select_related("county__ks_region").get(number="4621")


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    """Create a user, optionally holding `role` over `scope` (None = nationally)."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role | None = None, scope: models.Model | None = None, *, email: str = ""
    ) -> User:
        n = next(counter)
        user = User.objects.create_user(
            email or f"user{n}@example.org", password="riktig-passord-123", full_name=f"Bruker {n}"
        )
        if role is not None:
            role_assign(user=user, role=role, scope=scope)
        return user

    return make


@pytest.fixture
def database_queue(settings: Any) -> None:
    """Tasks go to the database queue as in production (django-tasks-db), not run at once; the
    test runs them with a real worker: `call_command("worker", "--batch")`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def norwegian_by_default() -> Iterator[None]:
    """Every test starts in Norwegian bokmål: a test (or a report job run in the test's
    thread) that switched to English must not leak it into the next test on the worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: rate limits (core.ratelimit) counted by one test
    must not refuse the next test's requests from the same address."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
