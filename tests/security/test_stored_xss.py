"""Stored XSS: script written into every free-text field of the create forms, as the role
allowed to write it, comes back escaped on every page that shows it (security issue 15, the
probe's stored-XSS attempts); and the create forms refuse other municipalities' people."""

from __future__ import annotations

import re

import pytest
from conftest import MakeUser
from django.test import Client

from kommunenettverk.accounts.models import Role
from kommunenettverk.registry.models import Municipality
from tests.security.forms import CREATE_FORMS, World, form_token, world

__all__ = ["world"]  # the fixture

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
RAW = (SCRIPT, "<img src=x onerror")  # as markup, not as text
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


@pytest.mark.parametrize("kind", sorted(CREATE_FORMS))
def test_script_in_every_text_field_is_shown_escaped(world: World, kind: str) -> None:
    spec = CREATE_FORMS[kind]
    client, url = spec.client(world), spec.url(world)
    data = {**spec.data(world), "submit_once": form_token(client, url)}
    for field in spec.text_fields:
        data[field] = f"xss-{field} {SCRIPT} {IMAGE}"
    before = spec.model._default_manager.count()
    response = client.post(url, data)
    if response.status_code == 200:
        # Refusing markup is the other safe answer: a message naming the field, nothing saved,
        # and the form shown again with what was typed as text.
        errors = re.findall(r'href="#id_([^"]+)"', response.text)
        assert errors and set(errors) <= set(spec.text_fields), errors
        assert spec.model._default_manager.count() == before
        for raw in RAW:
            assert raw not in response.text
        return
    assert response.status_code == 302
    obj = spec.model._default_manager.order_by("-pk").first()
    assert obj is not None
    html = ""
    for viewer, page_url in spec.shown_on(world, obj):
        page = viewer.get(page_url)
        assert page.status_code == 200, f"{page_url} answered {page.status_code}"
        text = page.content.decode()
        for raw in RAW:
            assert raw not in text, f"{kind}: {page_url} shows {raw!r} unescaped"
        html += text
    # Each field is shown somewhere (so the check above saw it), and what it holds is text.
    for field in spec.text_fields:
        assert f"xss-{field}" in html, f"{kind}: no page shows the field {field}"
    assert any(escaped in html for escaped in ESCAPED) or SCRIPT not in str(
        [getattr(obj, field) for field in spec.text_fields]
    ), f"{kind}: stored markup is neither escaped nor removed"


@pytest.mark.parametrize("kind", ["goal", "measure", "policy_input"])
def test_a_coordinator_of_another_municipality_is_refused(
    world: World, kind: str, voss: Municipality, make_user: MakeUser
) -> None:
    spec = CREATE_FORMS[kind]
    client = Client()
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    before = spec.model._default_manager.count()
    response = client.post(spec.url(world), spec.data(world))
    assert response.status_code == 403
    assert spec.model._default_manager.count() == before
