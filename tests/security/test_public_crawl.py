"""The site as the probe saw it, with the whole demo loaded: every URL that answers GET answers
HEAD too (uptime monitors use HEAD; security issue 15, finding 6 — views use Django's
`require_safe`, never `require_GET`), and nothing an anonymous visitor can fetch (pages, open
data, feeds, the public API) holds private persons' addresses and phone numbers or unpublished
drafts."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.api.views import OPEN_TABLES
from tests.browser.pages import PAGES
from tests.security.helpers import demo_client, page_url

# Every URL name of the site is in the page index (tests/test_page_index.py), the API's too.
NAMES = sorted(PAGES)


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/helse/", "/helse/database/"])
def test_the_monitored_urls_answer_head(client: Client, path: str) -> None:
    assert client.head(path).status_code == 200


@pytest.mark.django_db
def test_every_url_that_answers_get_answers_head(demo: None) -> None:
    refused = []
    for name in NAMES:
        client = demo_client(PAGES[name].as_user)
        url = page_url(name)
        got = client.get(url).status_code
        if got == 405:
            continue  # a POST-only action
        head = client.head(url)
        if head.status_code != got:
            refused.append(f"{name} {url}: GET {got}, HEAD {head.status_code}")
    assert not refused, "\n".join(refused)


def _private_strings() -> dict[str, str]:
    """What must never be public, from the demo's database: text → what it is."""
    from kommunenettverk.community.models import Citizen, Proposal, SignUp
    from kommunenettverk.ideabank.models import Example
    from kommunenettverk.plans.models import Goal
    from kommunenettverk.policy.models import PolicyInput

    private: dict[str, str] = {}
    for email in Citizen.objects.values_list("email", flat=True):
        private[email] = "a citizen's email address"
    for email, phone in SignUp.objects.filter(anonymised=False).values_list("email", "phone"):
        private[email] = "a volunteer's email address"
        private[phone] = "a volunteer's phone number"
    for email, show_email, phone, show_phone in Example.objects.values_list(
        "contact_email", "show_contact_email", "contact_phone", "show_contact_phone"
    ):
        if not show_email:
            private[email] = "an example's contact email not shown publicly"
        if not show_phone:
            private[phone] = "an example's contact phone not shown publicly"
    for title in Example.objects.exclude(status=Example.Status.PUBLISHED).values_list(
        "title", flat=True
    ):
        private[title] = "the title of an unpublished example"
    for statement in Goal.objects.filter(published=False).values_list("statement", flat=True):
        private[statement] = "an unpublished goal"
    for title in PolicyInput.objects.filter(status=PolicyInput.Status.DRAFT).values_list(
        "title", flat=True
    ):
        private[title] = "a draft of policy input"
    for title in Proposal.objects.exclude(status=Proposal.Status.APPROVED).values_list(
        "title", flat=True
    ):
        private[title] = "a citizen proposal not approved"
    # Texts that also belong to something public are not secrets (an address one example
    # shows and another does not, a draft titled like a published example).
    published = Example.objects.filter(status=Example.Status.PUBLISHED)
    public = set(published.values_list("title", flat=True))
    public |= set(published.filter(show_contact_email=True).values_list("contact_email", flat=True))
    public |= set(published.filter(show_contact_phone=True).values_list("contact_phone", flat=True))
    public |= set(Goal.objects.filter(published=True).values_list("statement", flat=True))
    return {
        text: what
        for text, what in private.items()
        if len(text.strip()) >= 6 and text not in public
    }


def _anonymous_urls() -> list[str]:
    urls = [page_url(name) for name, spec in PAGES.items() if spec.as_user is None]
    for _title, name, args, slug in OPEN_TABLES:
        page = reverse(name, args=[args] if args else [])
        urls += [f"{page}?last_ned={slug}&format=csv", f"{page}?last_ned={slug}&format=json-stat"]
    return urls


@pytest.mark.django_db
def test_nothing_public_holds_private_data_or_drafts(demo: None) -> None:
    private = _private_strings()
    assert any("email" in what for what in private.values())  # the demo has private persons
    assert any("unpublished" in what for what in private.values())  # and drafts
    found = []
    client = Client()
    for url in _anonymous_urls():
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        text = response.content.decode("utf-8", errors="replace")
        text = html.unescape(text)
        found += [
            f"{url}: {what} ({secret!r})" for secret, what in private.items() if secret in text
        ]
    assert not found, "\n".join(found)
