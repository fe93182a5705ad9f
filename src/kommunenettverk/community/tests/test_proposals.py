"""Sign-in by email link, proposals and comments, moderation, spam and injection refusals."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.community import services
from kommunenettverk.community.models import Citizen, CitizenLoginToken, Consultation, Proposal
from kommunenettverk.core.client import client_ip
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.plans.models import Goal, Measure

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db

PORTAL = reverse("community:portal", args=["1804"])


def _link(message: object) -> str:
    match = re.search(r"http://\S+/innbyggere/logg-inn/(\S+)/", str(message))
    assert match, message
    return match.group(1)


def _post_proposal(client: Client, target: str, pk: int, **data: str) -> _MonkeyPatchedWSGIResponse:
    payload = {"kind": "proposal", "title": "Tittel", "text": "Tekst", "website": ""}
    payload.update(data)
    return client.post(reverse("community:proposal_create", args=[target, pk]), payload)


# --- sign-in by email link -------------------------------------------------------------------
def test_sign_in_by_email_link_is_single_use(client: Client, goal: Goal) -> None:
    next_url = reverse("community:proposal_create", args=["mal", goal.pk])
    response = client.post(
        reverse("community:citizen_login"),
        {"email": "Ny.Innbygger@Example.org", "display_name": "Nina", "next": next_url},
    )
    assert response.status_code == 302
    assert len(delivered()) == 1
    assert delivered()[0].to == ["ny.innbygger@example.org"]
    token = _link(delivered()[0].body)
    # Only a hash is stored, never the token itself.
    assert not CitizenLoginToken.objects.filter(token_hash=token).exists()
    confirm = reverse("community:citizen_login_confirm", args=[token])
    assert client.get(confirm).status_code == 200  # a mail scanner's GET does not sign in
    assert not Citizen.objects.exists()
    response = client.post(confirm)
    assert response.status_code == 302
    assert response["Location"] == next_url
    citizen = Citizen.objects.get()
    assert (citizen.email, citizen.display_name) == ("ny.innbygger@example.org", "Nina")
    assert "Du sender som «Nina»" in client.get(next_url).text
    # Second use is refused.
    other = Client()
    response = other.post(confirm, follow=True)
    assert "ugyldig, allerede brukt eller utløpt" in response.text


def test_expired_sign_in_link_is_refused(client: Client) -> None:
    services.citizen_login_request(email="a@example.org", display_name="A")
    token = _link(delivered()[0].body)
    CitizenLoginToken.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=31))
    response = client.post(reverse("community:citizen_login_confirm", args=[token]), follow=True)
    assert "utløpt" in response.text
    assert not Citizen.objects.exists()


def test_sign_in_links_are_rate_limited(client: Client) -> None:
    url = reverse("community:citizen_login")
    for _ in range(services.MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR):
        assert client.post(url, {"email": "a@example.org"}).status_code == 302
    response = client.post(url, {"email": "a@example.org"})
    assert response.status_code == 200
    assert "innloggingslenker til denne adressen den siste timen" in response.text
    assert len(delivered()) == services.MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR


def test_open_redirect_after_sign_in_is_ignored(client: Client) -> None:
    services.citizen_login_request(email="a@example.org", next_url="//evil.example/")
    token = _link(delivered()[0].body)
    response = client.post(reverse("community:citizen_login_confirm", args=[token]))
    assert response["Location"] == reverse("community:citizen_data")


# --- proposals and moderation ----------------------------------------------------------------
def test_proposal_form_asks_anonymous_visitor_to_sign_in(client: Client, goal: Goal) -> None:
    response = client.get(reverse("community:proposal_create", args=["mal", goal.pk]))
    assert response.status_code == 200
    assert "Send meg en innloggingslenke" in response.text
    assert "Hvorfor vi spør:" in response.text  # the stated purpose
    _post_proposal(client, "mal", goal.pk)
    assert not Proposal.objects.exists()


def test_nothing_is_published_before_moderation(
    citizen_client: Client, client: Client, goal: Goal, coordinator: User
) -> None:
    response = _post_proposal(citizen_client, "mal", goal.pk, title="Sykkelparkering")
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.PENDING
    public = Client()
    assert "Sykkelparkering" not in public.get(PORTAL).text
    assert (
        "Sykkelparkering" not in public.get(reverse("community:proposal_list", args=["1804"])).text
    )
    client.force_login(coordinator)
    assert "Sykkelparkering" in client.get(reverse("community:moderation", args=["1804"])).text
    approve = reverse("community:proposal_approve", args=[proposal.pk])
    assert "Godkjenne og publisere" in client.post(approve).text  # asks first
    assert "Sykkelparkering" not in public.get(PORTAL).text
    client.post(approve, {"confirmed": "1"})
    page = public.get(PORTAL).text
    assert "Sykkelparkering" in page
    assert "Kari B." in page  # the display name
    assert "kari.innbygger@example.org" not in page  # never the email


def test_rejection_is_emailed_with_reason_and_never_published(
    citizen_client: Client, client: Client, consultation: Consultation, coordinator: User
) -> None:
    _post_proposal(citizen_client, "horing", consultation.pk, title="Utenfor tema")
    proposal = Proposal.objects.get()
    client.force_login(coordinator)
    url = reverse("community:proposal_reject", args=[proposal.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Skriv en begrunnelse" in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    client.post(url, {"reason": "Handler ikke om sykkelveier."})  # asks first
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    client.post(url, {"reason": "Handler ikke om sykkelveier.", "confirmed": "1"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    assert delivered()[-1].to == ["kari.innbygger@example.org"]
    assert "Handler ikke om sykkelveier." in delivered()[-1].body
    public = Client()
    assert "Utenfor tema" not in public.get(PORTAL).text
    detail = public.get(consultation.get_absolute_url()).text
    assert "Utenfor tema" not in detail
    assert "Handler ikke om sykkelveier" not in detail


def test_municipality_answers_a_published_proposal(
    citizen: Citizen, client: Client, measure: Measure, coordinator: User
) -> None:
    proposal = services.proposal_submit(
        citizen=citizen, target=measure, kind="proposal", title="Lys i løypa", text="Bra!"
    )
    client.force_login(coordinator)
    answer = reverse("community:proposal_answer", args=[proposal.pk])
    response = client.post(answer, {"answer": "Vi svarer"}, follow=True)
    assert "Bare publiserte forslag kan besvares" in response.text
    services.proposal_approve(proposal=proposal, by=coordinator)
    client.post(answer, {"answer": "Lyset kommer i 2027."})
    page = Client().get(PORTAL).text
    assert "Lys i løypa" in page
    assert "Lyset kommer i 2027." in page


def test_approving_twice_is_refused(citizen: Citizen, goal: Goal, coordinator: User) -> None:
    proposal = services.proposal_submit(
        citizen=citizen, target=goal, kind="comment", title="", text="Hei"
    )
    services.proposal_approve(proposal=proposal, by=coordinator)
    with pytest.raises(services.CommunityError, match="allerede moderert"):
        services.proposal_reject(proposal=proposal, by=coordinator, reason="Nei")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<script>alert('x')</script>", "HTML-koder"),
        ("Se <a href='https://x.no'>her</a>", "HTML-koder"),
        ("https://a.no https://b.no https://c.no", "for mange lenker"),
        ("Kjøp billig VIAGRA nå", "reklame eller søppelpost"),
    ],
)
def test_spam_and_html_are_refused_with_a_clear_message(
    citizen_client: Client, goal: Goal, text: str, message: str
) -> None:
    response = _post_proposal(citizen_client, "mal", goal.pk, text=text)
    assert response.status_code == 200
    assert message in response.text
    assert "<script>alert" not in response.text  # echoed back escaped, never as markup
    assert not Proposal.objects.exists()


def test_html_in_title_is_refused(citizen_client: Client, goal: Goal) -> None:
    response = _post_proposal(citizen_client, "mal", goal.pk, title="<b>Fet</b>")
    assert "HTML-koder" in response.text
    assert not Proposal.objects.exists()


def test_published_text_is_escaped(citizen: Citizen, goal: Goal, coordinator: User) -> None:
    # Written directly (bypassing the service's refusal) to prove the template escapes.
    proposal = Proposal.objects.create(
        municipality=goal.municipality,
        citizen=citizen,
        author_name="<i>Navn</i>",
        goal=goal,
        text="x <script>alert(1)</script>",
        status=Proposal.Status.APPROVED,
    )
    assert proposal.pk
    page = Client().get(PORTAL).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>Navn</i>" not in page


def test_honeypot_refuses_robots(citizen_client: Client, goal: Goal) -> None:
    response = _post_proposal(citizen_client, "mal", goal.pk, website="http://spam.example")
    assert "avvist som søppelpost" in response.text
    assert not Proposal.objects.exists()


def test_proposals_per_citizen_are_rate_limited(citizen_client: Client, goal: Goal) -> None:
    for n in range(services.MAX_PROPOSALS_PER_CITIZEN_PER_HOUR):
        assert _post_proposal(citizen_client, "mal", goal.pk, title=f"F{n}").status_code == 302
    response = _post_proposal(citizen_client, "mal", goal.pk, title="En for mye")
    assert response.status_code == 200
    assert "den siste timen, som er grensen" in response.text
    assert Proposal.objects.count() == services.MAX_PROPOSALS_PER_CITIZEN_PER_HOUR
    Proposal.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert _post_proposal(citizen_client, "mal", goal.pk, title="Senere").status_code == 302


def test_proposals_per_ip_are_rate_limited(goal: Goal) -> None:
    for n in range(services.MAX_PROPOSALS_PER_IP_PER_HOUR):
        citizen = Citizen.objects.create(email=f"c{n}@example.org", display_name=f"C{n}")
        services.proposal_submit(
            citizen=citizen, target=goal, kind="comment", title="", text="Hei", ip="10.0.0.1"
        )
    late = Citizen.objects.create(email="late@example.org", display_name="Sen")
    with pytest.raises(services.RateLimited, match="nettverksadresse"):
        services.proposal_submit(
            citizen=late, target=goal, kind="comment", title="", text="Hei", ip="10.0.0.1"
        )
    services.proposal_submit(
        citizen=late, target=goal, kind="comment", title="", text="Hei", ip="10.0.0.2"
    )
    assert "10.0.0.1" not in set(Proposal.objects.values_list("ip_hash", flat=True))


def test_closed_consultation_and_unpublished_goal_refuse_proposals(
    citizen_client: Client, consultation: Consultation, hidden_goal: Goal
) -> None:
    consultation.deadline = timezone.localdate() - datetime.timedelta(days=1)
    consultation.save()
    response = _post_proposal(citizen_client, "horing", consultation.pk)
    assert "Høringsfristen gikk ut" in response.text
    assert not Proposal.objects.exists()
    assert _post_proposal(citizen_client, "mal", hidden_goal.pk).status_code == 404


def test_coordinator_opens_a_consultation_shown_on_the_portal(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        reverse("community:consultation_create", args=["1804"]),
        {"title": "Nytt torg", "text": "Hva vil du ha?", "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    assert "Nytt torg" in Client().get(PORTAL).text


def test_client_ip_behind_our_proxy_is_the_last_forwarded_address(settings: Any) -> None:
    # The citizen limits use core.client.client_ip, the one address function (docs/security.md).
    factory = RequestFactory()
    request = factory.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # no proxy: the header is the client's word
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.7"


def test_proposal_counts_the_address_our_proxy_saw(
    citizen_client: Client, goal: Goal, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    citizen_client.defaults["HTTP_X_FORWARDED_FOR"] = "1.1.1.1, 10.0.0.7"  # 1.1.1.1: forged
    assert _post_proposal(citizen_client, "mal", goal.pk).status_code == 302
    assert Proposal.objects.get().ip_hash == services.ip_hash("10.0.0.7")


def test_proposal_on_a_goal_that_is_unpublished_again_is_hidden(
    citizen: Citizen, goal: Goal, coordinator: User
) -> None:
    proposal = services.proposal_submit(
        citizen=citizen, target=goal, kind="proposal", title="Om målet", text="Tekst"
    )
    services.proposal_approve(proposal=proposal, by=coordinator)
    assert "Om målet" in Client().get(PORTAL).text
    Goal.objects.filter(pk=goal.pk).update(published=False)
    assert "Om målet" not in Client().get(PORTAL).text
    assert "Mer sykling i Bodø" not in Client().get(PORTAL).text


def test_signed_in_proposal_form_states_its_purpose(citizen_client: Client, goal: Goal) -> None:
    text = citizen_client.get(reverse("community:proposal_create", args=["mal", goal.pk])).text
    assert "Hvorfor vi spør:" in text
    assert 'name="website"' in text and "<div hidden>" in text  # the honeypot, hidden
