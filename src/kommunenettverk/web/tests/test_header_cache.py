"""The signed-in header (task count, unread notices, home municipality) is kept in the shared
cache until a table it was read from changes (core.dataversion): no SQL for it on the next page,
and never stale — each write through Django, committed, makes it read anew."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import MakeUser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.core.dataversion import versioned
from kommunenettverk.notifications.models import Notice
from kommunenettverk.programmes.tests.factories import make_participation, make_programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)  # commits happen, as in production


@pytest.fixture(autouse=True)
def shared_cache(settings: Any) -> None:
    settings.DATA_VERSION_CACHE = True


def counting(compute: Callable[[], Any]) -> tuple[Callable[[], Any], list[int]]:
    calls: list[int] = []

    def wrapped() -> Any:
        calls.append(1)
        return compute()

    return wrapped, calls


def test_a_result_is_kept_until_a_table_it_read_changes(make_user: MakeUser) -> None:
    make_user()
    compute, calls = counting(lambda: User.objects.filter(is_active=True).count())
    assert versioned("t:users", compute) == 1
    assert versioned("t:users", compute) == 1  # the table is now known: kept properly
    assert versioned("t:users", compute) == 1
    assert len(calls) == 2
    User.objects.update(is_active=False)  # a bulk update, no model signal
    assert versioned("t:users", compute) == 0
    make_user()
    assert versioned("t:users", compute) == 1
    Notice.objects.all().delete()  # a table it never read: still kept
    assert versioned("t:users", compute) == 1
    assert len(calls) == 4


def test_an_enclosing_result_depends_on_the_tables_of_a_kept_inner_one(
    make_user: MakeUser,
) -> None:
    make_user()

    def inner() -> int:
        return versioned("t:inner", lambda: User.objects.count())

    versioned("t:inner", lambda: User.objects.count())
    versioned("t:inner", lambda: User.objects.count())  # now kept with its table
    outer, calls = counting(lambda: inner() + 10)
    assert versioned("t:outer", outer) == 11  # inner kept: no SQL, its table still counts
    assert versioned("t:outer", outer) == 11
    make_user()
    assert versioned("t:outer", outer) == 12
    assert len(calls) == 3


def test_a_write_rolled_back_is_never_kept(make_user: MakeUser) -> None:
    make_user()
    compute, calls = counting(lambda: User.objects.count())
    versioned("t:count", compute)
    versioned("t:count", compute)
    with transaction.atomic():
        make_user()
        assert versioned("t:count", compute) == 2  # its own write, not yet committed
        transaction.set_rollback(True)
    assert versioned("t:count", compute) == 1  # the kept result, still true
    assert len(calls) == 3


def test_the_header_needs_no_sql_and_follows_every_change(
    make_user: MakeUser, registry: None
) -> None:
    national = make_user(Role.NATIONAL_COORDINATOR)
    voss = Municipality.objects.get(number="4621")
    client = Client()
    client.force_login(national)
    url = reverse("notifications:preferences")
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert '<span aria-hidden="true">(0)</span>' in html
    assert "Varsler, 0 uleste" in html
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"programmes_participation"' not in tables  # no task source ran
    assert '"notifications_notice"' not in tables

    make_participation(make_programme(), voss, active=False)  # an application to decide
    Notice.objects.create(recipient=national, kind="test", text="Se her", link="/")
    html = client.get(url).content.decode()
    assert '<span aria-hidden="true">(1)</span>' in html
    unread = Notice.objects.filter(recipient=national, read_at=None).count()
    assert unread >= 1  # ours, and any the application sent
    assert f"Varsler, {unread} ulest" in html
