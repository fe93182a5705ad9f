"""Gatherings as networks run them, in a real browser: a municipality that joins a network
finds the network's coming gathering in its coordinator's "Mine oppgaver"; minutes typed on
the close-out page survive an agenda change made meanwhile; the participant's check-in code
(text and QR) and the adviser's check-in at the door work on a phone's width."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LoginAs, Site, axe_violations, describe

VESTLANDET_NETWORK = "helse-og-miljo-vestlandet-1"


def _shell(site: Site, code: str) -> str:
    """Run `code` in the site's `manage.py shell`; its last printed line (the shell may print
    what it imported before it)."""
    return site.manage("shell", "-c", code).strip().splitlines()[-1]


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"


def test_a_municipality_that_joins_finds_the_coming_gathering_in_its_tasks(
    page: Page, login_as: LoginAs, site: Site
) -> None:
    # Voss joins Helse- og miljøkommuner today (its Livskraftige years ended in 2010; this file
    # runs after the keyboard walks, which send its application): not yet in a network, so
    # not invited to the coming gathering of Helse og miljø Vestlandet 1.
    title = _shell(
        site,
        f"""
from django.utils import timezone
from kommunenettverk.accounts.models import User
from kommunenettverk.networks.models import Network
from kommunenettverk.programmes import services as programmes
from kommunenettverk.programmes.models import Programme
from kommunenettverk.registry.models import Municipality
from kommunenettverk.programmes.models import Participation
programme = Programme.objects.get(slug="helse-og-miljokommuner")
today = timezone.localdate()
# The keyboard walk (test_keyboard_networks) may have sent Voss's application already.
participation = Participation.objects.filter(
    programme=programme, municipality__number="4621").first()
participation = participation or programmes.participation_apply(
    programme=programme, municipality=Municipality.objects.get(number="4621"),
    themes=list(programme.themes.all()[:2]),
    user=User.objects.get(email__startswith="koordinator.voss@"),
    local_challenges="Folkehelseoversikten viser lite fysisk aktivitet blant unge.",
    decision_body="Kommunestyret", decision_date=today, decision_case_ref="26/101",
    decision_url="https://innsyn.example.no/voss/sak/26-101",
    anchored_by="Kommunedirektøren", anchored_on=today, contact_elected="Ordførar",
    contact_manager="Kommunedirektør", contact_professional="Folkehelsekoordinator",
    accepts_expectations=True)
if participation.status == "applied":
    # The council has decided meanwhile (the keyboard walk sent it as "vedtak kommer").
    participation.decision_body = participation.decision_body or "Kommunestyret"
    participation.decision_date = today
    participation.decision_case_ref = "26/101"
    participation.decision_url = "https://innsyn.example.no/voss/sak/26-101"
    participation.decision_pending = False
    participation.save()
    programmes.participation_approve(participation=participation,
        user=User.objects.get(email__startswith="nasjonal@"))
network = Network.objects.get(slug="{VESTLANDET_NETWORK}")
print(network.gatherings.filter(starts_at__gt=timezone.now()).order_by("starts_at").first())
""",
    )
    login_as("koordinator.voss")
    page.goto("/oppgaver/")
    expect(page.get_by_role("main")).not_to_contain_text(title)
    # The adviser adds Voss to the network again from the network page.
    login_as("radgiver.vest")
    page.goto(f"/nettverk/{VESTLANDET_NETWORK}/")
    option = page.locator("#id_participation option", has_text="Voss").first
    page.select_option("#id_participation", value=option.get_attribute("value"))
    page.fill("#id_joined_on", datetime.date.today().isoformat())
    page.get_by_role("button", name="Legg til medlem").click()
    expect(page.get_by_role("status")).to_contain_text("Voss")
    # Voss's coordinator finds the coming gathering among the tasks and opens it.
    login_as("koordinator.voss")
    page.goto("/oppgaver/")
    link = page.get_by_role("link", name=title)
    expect(link).to_be_visible()
    assert not axe_violations(page), describe(axe_violations(page))
    link.click()
    expect(page.get_by_role("link", name="Meld deg på")).to_be_visible()


def test_minutes_survive_an_agenda_change_made_meanwhile(
    browser: Browser, page: Page, login_as: LoginAs, site: Site
) -> None:
    login_as("radgiver.nord")
    close_out = site.pages["networks:gathering_close_out"]
    page.goto(close_out)
    typed = "Skrevet mens programmet ble endret (test)."
    minutes = page.locator("#id_minutes")
    minutes.fill(minutes.input_value() + "\n" + typed)
    # Meanwhile, in another tab of the same session, an agenda item is added and saved.
    other = page.context.new_page()
    other.goto(close_out.replace("/rediger/etter/", "/rediger/program/"))
    other.fill("#id_agenda-title", "Ekstra post (test)")
    other.select_option("#id_agenda-kind", label="Erfaringsutveksling")
    other.get_by_role("button", name="Legg til programpost").click()
    expect(other.get_by_role("status")).to_be_visible()
    expect(other.get_by_role("main")).to_contain_text("Ekstra post (test)")
    other.close()
    # The minutes are still in the form, and saving keeps them next to the new agenda item.
    expect(minutes).to_have_value(re.compile(re.escape(typed)))
    page.get_by_role("button", name="Lagre avslutningen").click()
    expect(page.get_by_role("status")).to_contain_text("Avslutningen er oppdatert.")
    expect(page.locator("#id_minutes")).to_have_value(re.compile(re.escape(typed)))
    page.goto(close_out.replace("/rediger/etter/", "/"))
    expect(page.get_by_role("main")).to_contain_text("Ekstra post (test)")
    expect(page.get_by_role("main")).to_contain_text(typed)


def test_check_in_code_and_qr_on_a_phone_and_the_adviser_checks_in_at_the_door(
    page: Page, login_as: LoginAs, site: Site
) -> None:
    # A gathering of Bodø's network Helse og miljø Salten starts in an hour: Dina is registered.
    url = _shell(
        site,
        """
import datetime
from django.utils import timezone
from kommunenettverk.accounts.models import User
from kommunenettverk.networks import services
from kommunenettverk.networks.models import Network
network = Network.objects.get(slug="helse-og-miljo-salten")
start = timezone.now() + datetime.timedelta(hours=1)
g = services.gathering_create(network=network, starts_at=start,
    ends_at=start + datetime.timedelta(hours=5), place="Bodø rådhus (test)", title="Dør (test)")
dina = User.objects.get(email__startswith="deltaker.bodo@")
bodo = g.invitations.get(participation__municipality__number="1804").participation
services.registration_add(gathering=g, by=dina, participation=bodo, name="Dina Deltaker",
    role="professional", myself=True)
print(g.get_absolute_url())
""",
    )
    login_as("deltaker.bodo")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    code = page.locator("[data-check-in-code]").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    qr = page.get_by_role("img", name=f"QR-kode for innsjekkingskoden {code}")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and 120 <= box["width"] <= 320 - 16
    expect(page.locator("[data-check-in-qr] figcaption")).to_contain_text(code)
    _no_sideways_scroll(page)
    assert not axe_violations(page), describe(axe_violations(page))
    # The adviser at the door, on a phone: types the code as the participant reads it out.
    login_as("radgiver.nord")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url + "innsjekk/")
    field = page.locator("#id_checkin-code")
    field.fill(code.lower()[:3] + " " + code.lower()[3:])
    field.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Dina Deltaker")
    expect(page.get_by_role("status")).to_contain_text("er sjekket inn")
    _no_sideways_scroll(page)
    assert not axe_violations(page), describe(axe_violations(page))
    # What the QR holds: the same page with the code filled in, one press to check in.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url + f"innsjekk/?kode={code}")
    expect(field).to_have_value(code)
    _no_sideways_scroll(page)


def test_a_member_municipality_page_shows_what_it_took_home(page: Page) -> None:
    # Anyone: the demo's closed Salten gathering has public minutes and links Bodø's measures
    # and examples.
    page.goto("/kommuner/1804/")
    section = page.get_by_role("region", name="Det vi tok med hjem")
    expect(section).to_contain_text("Helse og miljø Salten")
    expect(section).to_contain_text("fra kommunen møtte")
    assert section.get_by_role("link").count() >= 2  # the gathering's minutes and a link
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        _no_sideways_scroll(page)
        assert not axe_violations(page), describe(axe_violations(page))
    section.get_by_role("link", name=re.compile("Samling")).first.click()
    expect(page.get_by_role("main")).to_contain_text("Referat")
