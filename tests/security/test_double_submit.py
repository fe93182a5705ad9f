"""A create form posted twice (a double click, a retry, two tabs) creates one object; the
second post goes to what the first made (security issue 15, finding 5; core.submissions)."""

from __future__ import annotations

import pytest

from kommunenettverk.core.models import FormSubmission
from tests.security.forms import CREATE_FORMS, World, form_token, world

__all__ = ["world"]  # the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", sorted(CREATE_FORMS))
def test_the_same_form_posted_twice_creates_one_object(world: World, kind: str) -> None:
    spec = CREATE_FORMS[kind]
    client, url = spec.client(world), spec.url(world)
    data = {**spec.data(world), "submit_once": form_token(client, url)}
    before = spec.model._default_manager.count()
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert spec.model._default_manager.count() == before + 1
    # A fresh form (a new token) creates another: the token, not the content, is the key.
    again = {**data, "submit_once": form_token(client, url)}
    assert client.post(url, again).status_code == 302
    assert spec.model._default_manager.count() == before + 2


def test_a_refused_post_does_not_use_up_the_token(world: World) -> None:
    spec = CREATE_FORMS["goal"]
    client, url = spec.client(world), spec.url(world)
    token = form_token(client, url)
    refused = client.post(url, {**spec.data(world), "statement": "", "submit_once": token})
    assert refused.status_code == 200
    assert f'name="submit_once" value="{token}"' in refused.text  # shown again with the form
    assert not FormSubmission.objects.filter(token=token).exists()
    assert client.post(url, {**spec.data(world), "submit_once": token}).status_code == 302
