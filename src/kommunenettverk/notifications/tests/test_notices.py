"""Notices: the one entry point `notify`, each person's choice per kind, the daily digest, and
the pages (only one's own notices; another's cannot be opened or marked read)."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.notifications import services
from kommunenettverk.notifications.kinds import GENERAL, notice_kinds
from kommunenettverk.notifications.models import Frequency, Message, Notice, NoticePreference
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

VIEW = "plans.view_municipality_strategy"


def _notify(recipients: list[User], about: Municipality, **kwargs: object) -> list[Notice]:
    return services.notify(
        recipients,
        GENERAL,
        about,
        "Planstrategien er klar for høring.",
        "/planer/",
        perm=VIEW,
        **kwargs,  # type: ignore[arg-type]
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_notice_goes_only_to_those_who_may_see_the_object(
    make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    mine = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    elsewhere = make_user(Role.MUNICIPAL_COORDINATOR, voss)
    notices = _notify([mine, elsewhere], bodo)
    assert [n.recipient for n in notices] == [mine]
    assert [m.to for m in delivered()] == [[mine.email]]
    assert "http://127.0.0.1:8000/planer/" in mail.outbox[0].body


def test_the_actor_and_inactive_users_are_left_out(make_user: MakeUser, bodo: Municipality) -> None:
    actor = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    gone = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    gone.is_active = False
    gone.save()
    assert _notify([actor, gone], bodo, actor=actor) == []


def test_never_sends_nothing_at_all(make_user: MakeUser, bodo: Municipality) -> None:
    user = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    services.notice_preferences_set(user=user, choices={GENERAL: Frequency.NEVER})
    assert _notify([user], bodo) == []
    assert not Notice.objects.exists()
    assert delivered() == []


def test_digest_sends_one_email_the_next_day_and_only_once(
    make_user: MakeUser, bodo: Municipality
) -> None:
    user = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    now_user = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    services.notice_preferences_set(user=user, choices={GENERAL: Frequency.DIGEST})
    _notify([user, now_user], bodo)
    services.notify([user], GENERAL, bodo, "Nytt utkast til handlingsdel.", "/b/", perm=VIEW)
    assert [m.to for m in delivered()] == [[now_user.email]]  # the digest user waits
    assert Notice.objects.filter(recipient=user).count() == 2

    today = timezone.localdate()
    assert services.notice_digests_send(day=today - datetime.timedelta(days=1)) == 0
    call_command("send_notice_digests", "--now")  # yesterday: nothing yet
    assert services.notice_digests_send(day=today) == 1
    assert services.notice_digests_send(day=today) == 0  # a second run sends nothing again
    digests = [m for m in delivered() if m.to == [user.email]]
    assert len(digests) == 1
    assert "Planstrategien er klar for høring." in digests[0].body
    assert "Nytt utkast til handlingsdel." in digests[0].body
    assert Message.objects.filter(kind="notice:digest").count() == 1


def test_every_kind_is_registered_once_with_a_label() -> None:
    keys = [kind.key for kind in notice_kinds()]
    assert len(keys) == len(set(keys))
    for expected in (
        "application_sent",
        "application_decided",
        "report_submitted",
        "report_commented",
        "example_submitted",
        "example_published",
        "example_returned",
        "input_forwarded",
        "input_answered",
        "gathering_new",
        "gathering_time_changed",
        "follow_up_assigned",
        GENERAL,
    ):
        assert expected in keys


def test_notice_page_shows_only_your_notices(make_user: MakeUser, bodo: Municipality) -> None:
    me = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    other = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    services.notify([me], GENERAL, bodo, "Til meg", "/mitt/", perm=VIEW)
    services.notify([other], GENERAL, bodo, "Til en annen", "/annet/", perm=VIEW)
    page = _client(me).get(reverse("notifications:notice_list")).content.decode()
    assert "Til meg" in page
    assert "Til en annen" not in page
    header = _client(me).get(reverse("web:tasks")).content.decode()
    assert '<span aria-hidden="true">1</span><span class="ds-sr-only">Varsler, 1 ulest' in header


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(
    make_user: MakeUser, bodo: Municipality
) -> None:
    me = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    (notice,) = services.notify([me], GENERAL, bodo, "Se planen", "/planer/", perm=VIEW)
    response = _client(me).get(reverse("notifications:notice_open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/planer/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_another_persons_notice_cannot_be_opened_or_marked_read(
    make_user: MakeUser, bodo: Municipality
) -> None:
    me = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    intruder = make_user(Role.NATIONAL_COORDINATOR)
    (notice,) = services.notify([me], GENERAL, bodo, "Privat", "/planer/", perm=VIEW)
    client = _client(intruder)
    assert client.get(reverse("notifications:notice_open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("notifications:notice_read", args=[notice.pk])).status_code == 404
    client.post(reverse("notifications:notice_read_all"))
    notice.refresh_from_db()
    assert notice.read_at is None
    with pytest.raises(services.NoticeError):
        services.notice_mark_read(notice=notice, user=intruder)


def test_mark_one_and_all_read(make_user: MakeUser, bodo: Municipality) -> None:
    me = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    first, *_rest = [
        services.notify([me], GENERAL, bodo, f"Varsel {i}", "/x/", perm=VIEW)[0] for i in range(3)
    ]
    client = _client(me)
    client.post(reverse("notifications:notice_read", args=[first.pk]))
    assert Notice.objects.filter(recipient=me, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:notice_read_all"))
    assert Notice.objects.filter(recipient=me, read_at__isnull=True).count() == 0


def test_preferences_page_saves_a_choice_per_kind(make_user: MakeUser) -> None:
    me = make_user()
    client = _client(me)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Daglig oppsummering" in page
    data = {kind.key: Frequency.NOW for kind in notice_kinds()}
    data["report_submitted"] = Frequency.DIGEST
    data["gathering_new"] = Frequency.NEVER
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    saved = dict(NoticePreference.objects.filter(user=me).values_list("kind", "delivery"))
    assert saved["report_submitted"] == Frequency.DIGEST
    assert saved["gathering_new"] == Frequency.NEVER
    bad = client.post(reverse("notifications:preferences"), {**data, "gathering_new": "hourly"})
    assert bad.status_code == 200
    assert "gathering_new" in bad.content.decode()
    assert NoticePreference.objects.get(user=me, kind="gathering_new").delivery == Frequency.NEVER
