"""Threads, answers, notices, moderation, comments, search and the idea-bank draft, on a real
database with a network of Bodø and three neighbours."""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import MakeUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.discussions import selectors, services
from kommunenettverk.discussions.models import Post, Thread
from kommunenettverk.discussions.tests.conftest import World
from kommunenettverk.ideabank.models import Example
from kommunenettverk.networks.tests.factories import make_network
from kommunenettverk.notifications.models import Notice
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _start(world: World, **kwargs: object) -> Thread:
    data: dict[str, object] = {
        "network": world.network,
        "author": world.asker,
        "kind": Thread.Kind.QUESTION,
        "title": "Hvordan lager dere klimabudsjett?",
        "body": "Vi skal lage klimabudsjettet for første gang. Hvem har gjort det?",
    }
    data.update(kwargs)
    return services.thread_start(**data)  # type: ignore[arg-type]


def test_a_member_starts_a_thread_and_the_network_is_told(world: World) -> None:
    thread = _start(world)
    assert thread.municipality.number == "1804"  # type: ignore[union-attr]
    told = set(Notice.objects.filter(kind="discussion_thread").values_list("recipient", flat=True))
    assert told == {world.colleague.pk, world.adviser.pk}  # not the asker, not outsiders


def test_outsiders_may_neither_start_nor_answer(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _start(world, author=world.outsider)
    thread = _start(world)
    with pytest.raises(PermissionDenied):
        services.post_answer(thread, world.outsider, "Hei")
    assert not world.outsider.has_perm("discussions.view_thread", thread)


def test_an_answer_from_another_municipality_tells_the_asker(world: World) -> None:
    thread = _start(world)
    post = services.post_answer(thread, world.colleague, "Vi brukte KS sin mal.")
    assert post.municipality == world.colleague.role_assignments.get().scope
    notice = Notice.objects.get(kind="discussion_answer")
    assert notice.recipient == world.asker
    assert f"#innlegg-{post.pk}" in notice.link


def test_a_mention_tells_the_person_named(world: World) -> None:
    thread = _start(world)
    services.post_answer(thread, world.asker, "Takk! @Fia Fauske, har dere regnearket?")
    assert Notice.objects.filter(kind="discussion_mention", recipient=world.colleague).exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("body", "   ", "«Tekst» kan ikke være tomt"),
        ("body", "Se <script>alert(1)</script>", "«Tekst» kan ikke inneholde HTML"),
        ("title", "<b>Fet</b>", "«Tittel» kan ikke inneholde HTML"),
    ],
)
def test_bad_text_is_refused_naming_the_field(
    world: World, field: str, value: str, words: str
) -> None:
    with pytest.raises(services.ThreadError) as error:
        _start(world, **{field: value})
    assert words in error.value.message
    assert error.value.field == field
    assert not Thread.objects.exists()


def test_an_empty_answer_and_a_huge_attachment_are_refused(world: World, settings: object) -> None:
    thread = _start(world)
    with pytest.raises(services.ThreadError, match="«Svar» kan ikke være tomt"):
        services.post_answer(thread, world.colleague, "")
    huge = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024))
    with pytest.raises(services.ThreadError, match="for stor"):
        services.post_answer(thread, world.colleague, "Se vedlegg", attachments=[huge])
    assert not Post.objects.exists()


def test_a_real_pdf_is_attached(world: World) -> None:
    pdf = SimpleUploadedFile("mal.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    thread = _start(world, attachments=[pdf])
    attachment = thread.attachments.get()
    assert (attachment.name, attachment.kind) == ("mal.pdf", "pdf")
    assert attachment.file.read().startswith(b"%PDF")


def test_a_closed_thread_takes_no_answers(world: World) -> None:
    thread = _start(world)
    with pytest.raises(PermissionDenied):
        services.thread_close(thread=thread, user=world.colleague, closed=True)
    services.thread_close(thread=thread, user=world.adviser, closed=True)
    with pytest.raises(services.ThreadError, match="lukket"):
        services.post_answer(thread, world.colleague, "Sent svar")


def test_the_adviser_hides_a_post_with_a_reason(world: World) -> None:
    thread = _start(world)
    post = services.post_answer(thread, world.colleague, "Reklame for firmaet mitt")
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, user=world.asker, reason="Nei")
    with pytest.raises(services.ThreadError, match="«Grunn»"):
        services.post_hide(post=post, user=world.adviser, reason="")
    services.post_hide(post=post, user=world.adviser, reason="Reklame")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Reklame"


def test_the_adviser_moves_a_thread_to_another_network_they_lead(world: World) -> None:
    thread = _start(world)
    services.post_answer(thread, world.colleague, "Svar")
    other = make_network(world.network.programme, adviser=world.adviser, name="Annet")
    foreign = make_network(world.network.programme, name="Fremmed")
    with pytest.raises(services.ThreadError):
        services.thread_move(thread=thread, user=world.adviser, network=foreign)
    services.thread_move(thread=thread, user=world.adviser, network=other)
    assert Post.objects.get().network == other


def test_a_thread_opened_to_the_programme_is_answered_from_another_network(
    world: World, make_user: MakeUser
) -> None:
    tromso = Municipality.objects.get(number="5501")
    make_network(world.network.programme, members=[tromso], name="Troms")
    far = make_user(Role.PARTICIPANT, tromso)
    closed = _start(world)
    assert not far.has_perm("discussions.view_thread", closed)
    thread = _start(world, audience=Thread.Audience.PROGRAMME)
    post = services.post_answer(thread, far, "Vi i Tromsø gjorde det slik.")
    assert post.municipality == tromso


def test_a_partner_asked_can_answer_for_its_organisation(world: World, make_user: MakeUser) -> None:
    idebanken = Organisation.objects.create(name="Idébanken (test)", kind=Organisation.Kind.PARTNER)
    other = Organisation.objects.create(name="Annet miljø", kind=Organisation.Kind.PARTNER)
    pia = make_user()
    role_assign(user=pia, role=Role.PARTNER, organisation=idebanken)
    stranger = make_user()
    role_assign(user=stranger, role=Role.PARTNER, organisation=other)
    thread = _start(world, partner=idebanken)
    assert Notice.objects.filter(kind="discussion_thread", recipient=pia).exists()
    assert not stranger.has_perm("discussions.view_thread", thread)
    post = services.post_answer(thread, pia, "Vi har en veileder.")
    assert post.organisation == idebanken and post.speaks_for == "Idébanken (test)"


def test_helpful_answers_become_an_idea_bank_draft_with_credit(
    world: World, make_user: MakeUser
) -> None:
    bodo_coordinator = make_user(
        Role.MUNICIPAL_COORDINATOR, Municipality.objects.get(number="1804")
    )
    thread = _start(world)
    good = services.post_answer(thread, world.colleague, "Start med de største utslippene.")
    services.post_answer(thread, world.colleague, "Lykke til!")
    with pytest.raises(services.ThreadError, match="Merk minst ett svar"):
        services.thread_convert(thread=thread, user=world.asker)
    with pytest.raises(PermissionDenied):
        services.post_mark_helpful(post=good, user=world.colleague, helpful=True)
    services.post_mark_helpful(post=good, user=world.asker, helpful=True)
    example = services.thread_convert(thread=thread, user=world.asker)
    assert example.status == Example.Status.DRAFT
    assert example.municipality == thread.municipality and example.network == world.network
    assert example.title == thread.title
    assert "Start med de største utslippene." in example.body
    assert "Lykke til" not in example.body
    assert "Fia Fauske" in example.body  # credit
    notice = Notice.objects.get(kind="discussion_draft")
    assert notice.recipient == bodo_coordinator and notice.link == example.get_absolute_url()
    with pytest.raises(services.ThreadError, match="allerede"):
        services.thread_convert(thread=thread, user=world.asker)


def test_search_finds_threads_by_norwegian_stem_for_members_only(world: World) -> None:
    thread = _start(world)
    services.post_answer(thread, world.colleague, "Sykkelveiene ble ferdige i fjor.")
    hits = selectors.thread_search(world.colleague, "klimabudsjettene")
    assert [h.thread for h in hits] == [thread]
    assert "<mark>" in hits[0].snippet
    assert [h.thread for h in selectors.thread_search(world.colleague, "sykkelvei")] == [thread]
    assert selectors.thread_search(world.outsider, "klimabudsjett") == []


def test_comments_on_a_colleagues_published_goal(world: World) -> None:
    bodo = Municipality.objects.get(number="1804")
    goal = Goal.objects.create(municipality=bodo, statement="Halvere utslippene", published=True)
    draft = Goal.objects.create(municipality=bodo, statement="Utkast", published=False)
    with pytest.raises(services.ThreadError, match="publisert"):
        services.comment_post(about=draft, author=world.colleague, body="Hei")
    with pytest.raises(PermissionDenied):
        services.comment_post(about=goal, author=world.outsider, body="Hei")
    first = services.comment_post(about=goal, author=world.colleague, body="Godt mål!")
    reply = services.comment_post(about=goal, author=world.asker, body="Takk", parent=first)
    tree = selectors.comments_for(goal)
    assert tree[0].post == first and tree[0].replies[0].post == reply
    assert Notice.objects.filter(kind="discussion_answer", recipient=world.colleague).exists()


def test_post_answer_is_one_function_for_other_callers(world: World) -> None:
    """The email-reply handler calls post_answer with a file-like attachment."""
    thread = _start(world)
    note = io.BytesIO(b"Notater fra moetet\n")
    note.name = "notater.txt"
    post = services.post_answer(thread, world.colleague, "Se notatene", attachments=[note])
    assert post.attachments.get().kind == "txt"


def test_an_unanswered_question_waits_on_the_members_task_list(world: World) -> None:
    from kommunenettverk.core.worklist import task_list

    thread = _start(world)
    colleague = User.objects.get(pk=world.colleague.pk)  # a fresh object: roles read anew
    tasks = [t for t in task_list(colleague) if t.kind == "discussion_unanswered"]
    assert [t.url for t in tasks] == [thread.get_absolute_url()]
    assert not [t for t in task_list(world.asker) if t.kind == "discussion_unanswered"]
    assert not [t for t in task_list(world.outsider) if t.kind == "discussion_unanswered"]
    services.post_answer(thread, world.colleague, "Her er svaret.")
    colleague = User.objects.get(pk=world.colleague.pk)
    assert not [t for t in task_list(colleague) if t.kind == "discussion_unanswered"]


def test_a_reply_by_email_to_a_thread_notice_is_an_answer(
    world: World, settings: object, django_capture_on_commit_callbacks: Any
) -> None:
    from email.message import EmailMessage

    from kommunenettverk.notifications import inbound
    from kommunenettverk.notifications.services import inbound_message_receive

    settings.REPLY_DOMAIN = "svar.kommunenettverk.test"  # type: ignore[attr-defined]
    thread = _start(world)
    address = inbound.reply_address(thread, world.colleague)
    assert address is not None
    assert inbound.reply_address(thread, world.outsider) is None  # may not answer: no address
    message = EmailMessage()
    message["From"] = world.colleague.email.upper()
    message["To"] = address
    message["Subject"] = f"Re: {thread.title}"
    message.set_content(
        "Vi brukte KS sin mal, den ligger i idébanken.\n\n"
        "Den 4. des. 2026 kl. 10:00 skrev Kommunenettverk <x@example.no>:\n> Ny tråd"
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound_message_receive(raw=message.as_bytes(), recipient=address)
    answer = Post.objects.get(thread=thread, author=world.colleague)
    assert answer.body == "Vi brukte KS sin mal, den ligger i idébanken."
    assert Notice.objects.filter(kind="discussion_answer", recipient=world.asker).exists()
