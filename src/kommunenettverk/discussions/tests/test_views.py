"""The discussion pages through their URLs: forms that keep input and name the field, escaped
text, members-only pages, the public summary, the network link and the goal's comments."""

from __future__ import annotations

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.discussions import services
from kommunenettverk.discussions.models import Post, Thread
from kommunenettverk.discussions.tests.conftest import World
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _thread(world: World) -> Thread:
    return services.thread_start(
        network=world.network,
        author=world.asker,
        kind=Thread.Kind.QUESTION,
        title="Erfaring med klimabudsjett?",
        body="Gjelder a < b & c, og ingen HTML her.",
    )


def test_starting_a_thread_with_html_keeps_the_input_and_names_the_field(world: World) -> None:
    url = reverse("discussions:thread_create", args=[world.network.slug])
    response = _client(world.asker).post(
        url,
        {"kind": "question", "title": "Spørsmål", "body": "<b>hei</b>", "audience": "network"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "«Tekst» kan ikke inneholde HTML-koder" in text
    assert "&lt;b&gt;hei&lt;/b&gt;" in text  # what was typed is shown again, escaped
    assert not Thread.objects.exists()
    response = _client(world.asker).post(
        url, {"kind": "question", "title": "Spørsmål", "body": "Hei alle", "audience": "network"}
    )
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()


def test_the_thread_page_escapes_text_and_hides_from_outsiders(world: World) -> None:
    thread = _thread(world)
    page = _client(world.colleague).get(thread.get_absolute_url())
    assert "a &lt; b &amp; c" in page.content.decode()
    assert _client(world.outsider).get(thread.get_absolute_url()).status_code == 404
    assert Client().get(thread.get_absolute_url()).status_code == 302  # to the login page


def test_an_empty_answer_is_refused_on_the_thread_page(world: World) -> None:
    thread = _thread(world)
    url = reverse("discussions:post_create", args=[thread.pk])
    response = _client(world.colleague).post(url, {"body": " "})
    assert response.status_code == 200
    assert "«Ditt svar» kan ikke være tomt." in response.content.decode()
    response = _client(world.colleague).post(url, {"body": "Vi har en mal."})
    post = Post.objects.get()
    assert response["Location"].endswith(f"#innlegg-{post.pk}")


def test_the_summary_is_public_only_when_published(world: World) -> None:
    thread = _thread(world)
    url = reverse("discussions:summary_public", args=[thread.pk])
    assert Client().get(url).status_code == 404
    response = _client(world.adviser).post(
        reverse("discussions:thread_summary", args=[thread.pk]),
        {"summary": "Kort om det viktigste.", "publish": "on"},
    )
    assert response.status_code == 302
    page = Client().get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kort om det viktigste." in text and "a &lt; b" not in text  # the summary only


def test_the_network_page_links_to_the_discussions_for_members_only(
    world: World, make_user: MakeUser
) -> None:
    link = reverse("discussions:network_threads", args=[world.network.slug])
    page = _client(world.asker).get(world.network.get_absolute_url())
    assert link in page.content.decode()
    state = make_user(Role.STATE_REPRESENTATIVE)
    assert link not in _client(state).get(world.network.get_absolute_url()).content.decode()
    assert _client(state).get(link).status_code == 403


def test_search_page_finds_for_members(world: World) -> None:
    _thread(world)
    url = reverse("discussions:search") + "?q=klimabudsjettet"
    assert "Erfaring med klimabudsjett?" in _client(world.colleague).get(url).content.decode()
    assert "Erfaring med klimabudsjett?" not in _client(world.outsider).get(url).content.decode()


def test_comments_show_next_to_the_goal(world: World) -> None:
    bodo = Municipality.objects.get(number="1804")
    goal = Goal.objects.create(municipality=bodo, statement="Flere går til skolen", published=True)
    url = reverse("discussions:comment_create", args=["mal", goal.pk])
    response = _client(world.colleague).post(url, {"body": ""})
    assert "«Kommentar» kan ikke være tomt." in response.content.decode()
    response = _client(world.colleague).post(url, {"body": "Hvordan teller dere?"})
    assert response.status_code == 302
    page = _client(world.asker).get(goal.get_absolute_url()).content.decode()
    assert "Kommentarer fra nettverket" in page and "Hvordan teller dere?" in page
    public = Client().get(goal.get_absolute_url()).content.decode()
    assert "Hvordan teller dere?" not in public


def test_the_asker_turns_the_thread_into_a_draft(world: World) -> None:
    thread = _thread(world)
    post = services.post_answer(thread, world.colleague, "Start med transport.")
    client = _client(world.asker)
    client.post(reverse("discussions:post_helpful", args=[post.pk]), {"helpful": "1"})
    url = reverse("discussions:thread_convert", args=[thread.pk])
    assert "Start med transport." in client.get(url).content.decode()
    response = client.post(url)
    thread.refresh_from_db()
    assert thread.example is not None
    assert response["Location"] == thread.get_absolute_url()  # a participant cannot see drafts
