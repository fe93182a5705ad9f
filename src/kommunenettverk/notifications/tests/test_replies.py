"""Replies by email, end to end: a notice's email carries a signed Reply-To; a reply delivered
over LMTP to the real listener (notifications.lmtp on 127.0.0.1, a random port, Python's LMTP
client, no network) becomes an answer through the object's reply handler — an adviser's reply
to "report submitted" is a comment on the report. And the refusals: a forged or expired
address, another sender, an empty reply, a reply delivered twice, an automatic reply, and
a person no longer allowed to answer.

The listener works in threads of its own with their own database connections, as the real
one does in its own process, so these tests commit (transactional tests)."""

from __future__ import annotations

import datetime
import io
import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from conftest import MakeUser
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper
from tests.stack import HOST, free_port

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.notifications.inbound import reply_address, reply_target, reply_token
from kommunenettverk.notifications.lmtp import lmtp_controller
from kommunenettverk.notifications.models import InboundMessage, Message, Notice
from kommunenettverk.notifications.services import inbound_messages_prune
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import AnnualReport, ReportComment
from kommunenettverk.registry.models import KsRegion, Municipality

pytestmark = pytest.mark.django_db(transaction=True)

DOMAIN = "svar.kommunenettverk.test"


@pytest.fixture
def replies_on(settings: SettingsWrapper) -> None:
    settings.REPLY_DOMAIN = DOMAIN
    settings.REPLY_MAX_AGE_DAYS = 90


@pytest.fixture
def listener(replies_on: None) -> Iterator[int]:
    """The real LMTP listener on a free port of 127.0.0.1; yields the port."""
    port = free_port()
    controller = lmtp_controller(HOST, port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


class Scene:
    def __init__(self, make_user: MakeUser, bodo: Municipality) -> None:
        nord = KsRegion.objects.get(code="nord")
        self.adviser = make_user(Role.REGIONAL_ADVISER, nord, email="Ola.Radgiver@Example.no")
        self.coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
        report = plan_services.annual_report_start(municipality=bodo, year=2026)
        self.report = plan_services.annual_report_submit(report=report, user=self.coordinator)


@pytest.fixture
def scene(make_user: MakeUser, bodo: Municipality, replies_on: None) -> Scene:
    return Scene(make_user, bodo)


def _notice_mail(user: User) -> mail.EmailMessage:
    (sent,) = [m for m in mail.outbox if m.to == [user.email]]
    return sent


def _reply(
    to: str,
    sender: str,
    text: str,
    *,
    message_id: str | None = None,
    quote: str = "Bodø har sendt inn årsrapporten for 2026.",
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: Bodø har sendt inn årsrapporten for 2026."
    message["Message-ID"] = message_id or make_msgid(domain="example.no")
    plain = f"{text}\n\nOn Fri, 4 Dec 2026 at 10:00, Kommunenettverk <x@example.no> wrote:\n"
    message.set_content(plain + "\n".join(f"> {line}" for line in quote.splitlines()))
    message.add_alternative(
        f"<p>{text}</p><div class='gmail_quote'><blockquote>{quote}</blockquote></div>",
        subtype="html",
    )
    return message.as_bytes()


def _deliver(port: int, to: str, raw: bytes, sender: str = "x@example.no") -> dict[str, object]:
    """Deliver over LMTP as a mail server does; returns smtplib's refusals (empty: taken)."""
    with smtplib.LMTP(HOST, port, timeout=10) as client:
        return dict(client.sendmail(sender, [to], raw))


def test_an_advisers_reply_to_report_submitted_becomes_a_comment(
    scene: Scene, listener: int
) -> None:
    notice_mail = _notice_mail(scene.adviser)
    (address,) = notice_mail.reply_to
    local, _at, domain = address.partition("@")
    assert domain == DOMAIN and local.startswith("svar+") and len(local) <= 64
    assert "Svar på denne e-posten for å kommentere rapporten" in notice_mail.body
    assert notice_mail.extra_headers["Auto-Submitted"] == "auto-generated"
    mail.outbox.clear()

    # Upper case in the address (some servers change it) and another case in From: both fine.
    raw = _reply(address.upper(), "Ola Rådgiver <ola.radgiver@example.NO>", "Hvor mange deltok?")
    assert _deliver(listener, address.upper(), raw) == {}

    (comment,) = ReportComment.objects.filter(report=scene.report)
    assert (comment.author, comment.text, comment.entry) == (
        scene.adviser,
        "Hvor mange deltok?",
        None,
    )
    row = InboundMessage.objects.get()
    assert (row.status, row.user, bytes(row.raw)) == (
        InboundMessage.Status.DONE,
        scene.adviser,
        b"",
    )
    # The comment is a hand-off like any other: the coordinator hears of it.
    assert Notice.objects.filter(kind="report_commented", recipient=scene.coordinator).exists()
    assert [m.to for m in mail.outbox] == [[scene.coordinator.email]]


def test_the_same_message_delivered_again_makes_no_second_comment(
    scene: Scene, listener: int
) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    raw = _reply(address, scene.adviser.email, "Godt jobbet.", message_id="<en@example.no>")
    with smtplib.LMTP(HOST, listener, timeout=10) as client:
        client.ehlo_or_helo_if_needed()
        client.mail(scene.adviser.email)
        client.rcpt(address)
        assert client.data(raw) == (250, b"2.0.0 Reply received")
        client.mail(scene.adviser.email)
        client.rcpt(address)
        assert client.data(raw) == (250, b"2.0.0 Reply already received")
    assert ReportComment.objects.filter(report=scene.report).count() == 1
    assert InboundMessage.objects.count() == 1


def test_lmtp_answers_once_per_recipient(scene: Scene, listener: int) -> None:
    """One message to two reply addresses (two notices about the report): LMTP answers DATA
    for each recipient in turn, and each address gets its answer."""
    now = timezone.now()
    first, second = (
        f"svar+{reply_token(scene.report, scene.adviser, at=now - datetime.timedelta(days=d))}"
        f"@{DOMAIN}"
        for d in (1, 2)
    )
    forged = f"svar+1.2.3.4.abc@{DOMAIN}"
    raw = _reply(first, scene.adviser.email, "Til begge varslene")
    with smtplib.LMTP(HOST, listener, timeout=10) as client:
        client.ehlo_or_helo_if_needed()
        client.mail(scene.adviser.email)
        assert client.rcpt(first)[0] == 250
        assert client.rcpt(forged)[0] == 550
        assert client.rcpt(second)[0] == 250
        assert client.data(raw) == (250, b"2.0.0 Reply received")
        assert client.getreply() == (250, b"2.0.0 Reply received")
    texts = list(ReportComment.objects.values_list("text", flat=True))
    assert texts == ["Til begge varslene", "Til begge varslene"]


def test_forged_foreign_and_expired_addresses_are_refused(
    scene: Scene, listener: int, make_user: MakeUser
) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    local, _at, domain = address.partition("@")

    # A forged signature (one character changed), and an address of another domain.
    forged = f"{local[:-1]}{'a' if local[-1] != 'a' else 'b'}@{domain}"
    for bad in (forged, f"{local}@example.no", f"svar+1.2.3.4.abc@{domain}"):
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            _deliver(listener, bad, _reply(bad, scene.adviser.email, "Hei"))
        code, reason = refused.value.recipients[bad]
        assert (code, reason) == (550, b"5.1.1 Unknown reply address")

    # The adviser's own address, sent from someone else's mailbox (another user's, too).
    other = make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="nord"))
    for sender in (other.email, "angriper@example.org"):
        with pytest.raises(smtplib.SMTPDataError) as data_refused:
            _deliver(listener, address, _reply(address, sender, "Falsk kommentar"))
        assert data_refused.value.smtp_code == 550
        assert data_refused.value.smtp_error == b"5.7.1 Sender may not reply to this address"

    # Signed 91 days ago: expired (the limit is 90).
    old = timezone.now() - datetime.timedelta(days=91)
    expired = f"svar+{reply_token(scene.report, scene.adviser, at=old)}@{DOMAIN}"
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _deliver(listener, expired, _reply(expired, scene.adviser.email, "For sent"))
    code, reason = refused.value.recipients[expired]
    assert code == 550 and reason.startswith(b"5.7.1 This reply address has expired")

    # Only a quote, no text of one's own.
    with pytest.raises(smtplib.SMTPDataError) as empty:
        _deliver(listener, address, _reply(address, scene.adviser.email, ""))
    assert empty.value.smtp_error == b"5.6.0 No reply text found above the quoted message"

    assert not ReportComment.objects.exists()
    assert not InboundMessage.objects.exists()


def test_replies_in_windows_1252_and_html_only_are_read(scene: Scene, listener: int) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    cp1252 = (
        f"From: =?windows-1252?Q?Ola_R=E5dgiver?= <{scene.adviser.email}>\r\n"
        f"To: {address}\r\n"
        "Subject: =?windows-1252?Q?Re:_=C5rsrapport?=\r\n"
        "Message-ID: <cp1252@example.no>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=windows-1252\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
    ).encode("ascii") + (
        "Målene for Ørsta er nådd – særlig bra.\r\n\r\n"
        "-----Opprinnelig melding-----\r\nFra: Kommunenettverk\r\nSendt: fredag\r\n"
    ).encode("cp1252")
    html_only = (
        f"From: {scene.adviser.email}\r\nTo: {address}\r\nMessage-ID: <html@example.no>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<html><body><p>Tallene for <b>2026</b> mangler.</p>"
        "<div id='divRplyFwdMsg'><b>Fra:</b> Kommunenettverk</div><p>Bodø har …</p>"
        "</body></html>\r\n"
    ).encode()
    assert _deliver(listener, address, cp1252) == {}
    assert _deliver(listener, address, html_only) == {}
    texts = list(ReportComment.objects.order_by("pk").values_list("text", flat=True))
    assert texts == ["Målene for Ørsta er nådd – særlig bra.", "Tallene for 2026 mangler."]


def test_an_automatic_reply_is_dropped_without_a_bounce(scene: Scene, listener: int) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    message = EmailMessage()
    message["From"] = scene.adviser.email
    message["To"] = address
    message["Auto-Submitted"] = "auto-replied"
    message["Subject"] = "Fraværsmelding"
    message.set_content("Jeg er på ferie til 4. januar.")
    with smtplib.LMTP(HOST, listener, timeout=10) as client:
        client.ehlo_or_helo_if_needed()
        client.mail("")
        client.rcpt(address)
        assert client.data(message.as_bytes()) == (250, b"2.0.0 Automatic reply ignored")
    assert not ReportComment.objects.exists()


def test_who_may_no_longer_comment_is_told_by_email_with_their_text(
    scene: Scene, listener: int
) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    scene.adviser.role_assignments.all().delete()
    mail.outbox.clear()
    # The address itself is still good (signed, not expired): the message is taken, and the
    # task finds that the adviser may no longer comment.
    assert _deliver(listener, address, _reply(address, scene.adviser.email, "Mitt svar")) == {}
    assert not ReportComment.objects.exists()
    row = InboundMessage.objects.get()
    assert row.status == InboundMessage.Status.REFUSED
    assert row.error == "Du har ikke lenger tilgang til å svare på dette."
    (told,) = mail.outbox
    assert told.to == [scene.adviser.email] and told.subject == "Svaret ditt ble ikke lagret"
    assert "Mitt svar" in told.body and not told.reply_to


@pytest.mark.django_db  # no listener: the test's transaction suffices
def test_reply_to_only_for_who_may_answer_and_only_when_switched_on(
    scene: Scene, settings: SettingsWrapper
) -> None:
    # The coordinator hears of the comment but may not comment: no reply address.
    plan_services.report_comment_add(report=scene.report, author=scene.adviser, text="Bra.")
    coordinator_mail = Message.objects.get(to=scene.coordinator.email)
    assert coordinator_mail.reply_to == ""
    delivered()  # this test's transaction never commits: send as the worker would
    assert _notice_mail(scene.coordinator).reply_to == []
    (adviser_reply_to,) = _notice_mail(scene.adviser).reply_to
    assert reply_target(adviser_reply_to).user == scene.adviser
    # A notice about an object nobody takes replies for (a participation): none either.
    assert reply_address(scene.coordinator, scene.adviser) is None
    assert reply_address(scene.report, scene.adviser) is not None
    settings.REPLY_DOMAIN = ""
    assert reply_address(scene.report, scene.adviser) is None


@pytest.mark.django_db  # no listener: the test's transaction suffices
def test_an_address_names_its_user_and_report(scene: Scene) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    target = reply_target(address)
    assert (target.user, target.obj) == (scene.adviser, scene.report)
    assert isinstance(target.obj, AnnualReport)


def test_old_replies_are_deleted_after_their_addresses_expired(scene: Scene, listener: int) -> None:
    address = reply_address(scene.report, scene.adviser)
    assert address is not None
    _deliver(listener, address, _reply(address, scene.adviser.email, "Første"))
    _deliver(listener, address, _reply(address, scene.adviser.email, "Andre"))
    old, recent = InboundMessage.objects.order_by("pk")
    InboundMessage.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=91)
    )
    assert inbound_messages_prune() == 1
    assert list(InboundMessage.objects.all()) == [recent]
    assert ReportComment.objects.count() == 2  # the answers stay


@pytest.mark.django_db  # no listener: the test's transaction suffices
def test_the_listener_command_does_nothing_when_replies_are_off(
    settings: SettingsWrapper,
) -> None:
    settings.REPLY_DOMAIN = ""
    out = io.StringIO()
    call_command("mail_receive", stdout=out)
    assert "slått av" in out.getvalue()
