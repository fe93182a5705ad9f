"""After a gathering: check-in codes at the door, walk-ins, the adviser's close-out with
public or private minutes, follow-up actions owned by a person's account, and the edit
page's parts that each save their own forms."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.networks import selectors, services, worklist
from kommunenettverk.networks.models import CHECK_IN_ALPHABET, Gathering, Registration
from kommunenettverk.networks.services import NetworkError
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.programmes.models import Participation
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _user(email: str, role: str, number: str, name: str = "") -> User:
    user = User.objects.create_user(email, full_name=name)
    role_assign(user=user, role=role, scope=Municipality.objects.get(number=number))
    return user


def _start(gathering: Gathering, *, in_hours: float) -> None:
    """Move the gathering so that it starts in `in_hours` (negative: started) and lasts 6 h."""
    starts = timezone.now() + datetime.timedelta(hours=in_hours)
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=6)
    )
    gathering.refresh_from_db()


def _url(name: str, gathering: Gathering) -> str:
    return reverse(name, args=[gathering.network.slug, gathering.number])


@pytest.fixture
def adviser() -> User:
    return User.objects.create_user("radgiver@ks.no", full_name="Rita Rådgiver")


@pytest.fixture
def gathering(registry: None, adviser: User) -> Gathering:
    return make_gathering(nord_network(size=4, adviser=adviser))


@pytest.fixture
def bodo() -> Participation:
    return Participation.objects.get(municipality__number="1804")


def _register(gathering: Gathering, bodo: Participation, name: str, role: str) -> Registration:
    return services.registration_add(
        gathering=gathering, by=None, participation=bodo, name=name, role=role
    )


def test_each_registration_gets_its_own_random_code(
    gathering: Gathering, bodo: Participation
) -> None:
    people = [_register(gathering, bodo, f"Person {i}", "professional") for i in range(5)]
    codes = [p.check_in_code for p in people]
    assert len(set(codes)) == 5
    assert all(len(c) == 6 and set(c) <= set(CHECK_IN_ALPHABET) for c in codes)


def test_check_in_by_code_marks_attended_from_three_hours_before(
    gathering: Gathering, bodo: Participation
) -> None:
    ida = _register(gathering, bodo, "Ida Ordfører", "elected")
    per = _register(gathering, bodo, "Per Rådmann", "manager")
    services.registration_cancel(registration=per)
    with pytest.raises(NetworkError, match="åpner tre timer før"):
        services.registration_check_in(gathering=gathering, code=ida.check_in_code)
    _start(gathering, in_hours=1)
    typed = f" {ida.check_in_code[:3].lower()}-{ida.check_in_code[3:]} "
    assert services.registration_check_in(gathering=gathering, code=typed).pk == ida.pk
    ida.refresh_from_db()
    assert ida.attended is True
    with pytest.raises(NetworkError, match="er trukket"):
        services.registration_check_in(gathering=gathering, code=per.check_in_code)
    other = make_gathering(gathering.network)
    stranger = _register(other, bodo, "Kim Fag", "professional")
    with pytest.raises(NetworkError, match="hører ikke til denne samlingen"):
        services.registration_check_in(gathering=gathering, code=stranger.check_in_code)
    _start(gathering, in_hours=-7)
    with pytest.raises(NetworkError, match="Samlingen er over"):
        services.registration_check_in(gathering=gathering, code=ida.check_in_code)


def test_only_the_adviser_checks_in_at_the_door(
    gathering: Gathering, bodo: Participation, adviser: User
) -> None:
    ida = _register(gathering, bodo, "Ida Ordfører", "elected")
    _start(gathering, in_hours=0.5)
    url = _url("networks:gathering_check_in", gathering)
    for other in (
        _user("k@bodo.no", Role.MUNICIPAL_COORDINATOR, "1804"),
        _user("d@bodo.no", Role.PARTICIPANT, "1804"),
    ):
        client = Client()
        client.force_login(other)
        assert client.post(url, {"checkin-code": ida.check_in_code}).status_code == 403
    ida.refresh_from_db()
    assert ida.attended is None
    client = Client()
    client.force_login(adviser)
    page = client.get(url, {"kode": ida.check_in_code}).content.decode()
    assert f'value="{ida.check_in_code}"' in page  # the link in a participant's code fills it
    response = client.post(url, {"checkin-code": ida.check_in_code}, follow=True)
    assert "Ida Ordfører (folkevalgt, Bodø) er sjekket inn." in response.content.decode()
    ida.refresh_from_db()
    assert ida.attended is True


def test_a_participant_sees_their_code_on_the_gathering(
    gathering: Gathering, bodo: Participation
) -> None:
    dina = _user("dina@bodo.no", Role.PARTICIPANT, "1804", "Dina Deltaker")
    mine = services.registration_add(
        gathering=gathering,
        by=dina,
        participation=bodo,
        name="Dina",
        role="professional",
        myself=True,
    )
    client = Client()
    client.force_login(dina)
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert f"data-check-in-code>{mine.check_in_code}</strong>" in page


def test_walk_ins_are_added_once_started_and_count_by_role(
    gathering: Gathering, bodo: Participation, adviser: User
) -> None:
    _register(gathering, bodo, "Ida Ordfører", "elected")
    with pytest.raises(NetworkError, match="når samlingen har startet"):
        services.walk_in_add(
            gathering=gathering, by=adviser, participation=bodo, name="Ola", role="manager"
        )
    _start(gathering, in_hours=-1)
    client = Client()
    client.force_login(adviser)
    response = client.post(
        _url("networks:walk_in_add", gathering),
        {"walkin-participation": bodo.pk, "walkin-name": "Ola Rådmann", "walkin-role": "manager"},
    )
    assert response.status_code == 302
    walk_in = gathering.registrations.get(name="Ola Rådmann")
    assert walk_in.walk_in and walk_in.attended is True and walk_in.registered_by == adviser
    row = next(r for r in selectors.attendance_summary(gathering) if r.participation == bodo)
    assert row.count("manager") == 1
    stranger = Participation.objects.exclude(
        pk__in=gathering.invitations.values("participation_id")
    ).first()
    if stranger is None:  # every participation is invited: make one that is not
        stranger = Participation.objects.create(
            programme=bodo.programme, municipality=Municipality.objects.get(number="5001")
        )
    with pytest.raises(NetworkError, match="ikke invitert"):
        services.walk_in_add(
            gathering=gathering, by=adviser, participation=stranger, name="X Y", role="other"
        )


def test_close_out_waits_for_the_start_and_public_minutes_are_public(
    gathering: Gathering, adviser: User
) -> None:
    text = {
        "summary": "Tolv deltakere fra fire kommuner.",
        "minutes": "Vi gikk gjennom klimaregnskapene og ble enige om felles mal.",
        "outcomes": "Felles mal for klimaregnskap.",
        "adviser_evaluation": "For lite tid til erfaringsutveksling.",
    }
    with pytest.raises(NetworkError, match="når den har startet"):
        services.gathering_close_out(gathering=gathering, by=adviser, minutes_public=False, **text)
    _start(gathering, in_hours=-2)
    with pytest.raises(NetworkError, match="Referat: skriv referatet"):
        services.gathering_close_out(
            gathering=gathering, by=adviser, minutes_public=True, **{**text, "minutes": " "}
        )
    public_url = _url("networks:gathering_minutes", gathering)
    client = Client()
    client.force_login(adviser)
    response = client.post(
        _url("networks:gathering_close_out", gathering), {**text, "minutes_public": ""}
    )
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.closed_at is not None and gathering.closed_by == adviser
    assert gathering.minutes == text["minutes"] and not gathering.minutes_public
    assert Client().get(public_url).status_code == 404
    client.post(_url("networks:gathering_close_out", gathering), {**text, "minutes_public": "on"})
    page = Client().get(public_url).content.decode()
    assert text["minutes"] in page and text["outcomes"] in page
    assert text["adviser_evaluation"] not in page  # the adviser's evaluation stays inside


def test_only_the_adviser_closes_out(gathering: Gathering) -> None:
    _start(gathering, in_hours=-2)
    client = Client()
    client.force_login(_user("k@bodo.no", Role.MUNICIPAL_COORDINATOR, "1804"))
    response = client.post(
        _url("networks:gathering_close_out", gathering), {"minutes": "Uønsket referat"}
    )
    assert response.status_code == 403
    gathering.refresh_from_db()
    assert gathering.closed_at is None and gathering.minutes == ""


def test_a_follow_up_owned_by_an_account_is_in_that_persons_tasks(
    gathering: Gathering, bodo: Participation, adviser: User
) -> None:
    dina = _user("dina@bodo.no", Role.PARTICIPANT, "1804", "Dina Deltaker")
    services.registration_add(
        gathering=gathering,
        by=dina,
        participation=bodo,
        name="Dina Deltaker",
        role="professional",
        myself=True,
    )
    assert list(selectors.follow_up_people(gathering)) == [dina]
    client = Client()
    client.force_login(adviser)
    response = client.post(
        _url("networks:follow_up_add", gathering),
        {
            "followup-text": "Dele klimaregnskapsmalen med nettverket",
            "followup-owner_user": dina.pk,
            "followup-deadline": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(
        "/rediger/etter/#oppfolging"
    )
    action = gathering.follow_ups.get()
    assert action.owner_user == dina and action.owner_name == "Dina Deltaker"
    tasks = worklist.participant_tasks(dina)
    assert "Dele klimaregnskapsmalen med nettverket" in [t.title for t in tasks]


def test_each_part_of_the_edit_page_saves_only_its_own_form(
    gathering: Gathering, adviser: User
) -> None:
    _start(gathering, in_hours=-1)
    client = Client()
    client.force_login(adviser)
    for name in (
        "networks:gathering_edit",
        "networks:gathering_agenda",
        "networks:gathering_invitations",
        "networks:gathering_attendance",
        "networks:gathering_close_out",
    ):
        page = client.get(_url(name, gathering)).content.decode()
        assert 'aria-current="page"' in page and "web/unsaved.js" in page
        # No part holds another part's form: minutes are only on the close-out page.
        assert ('name="minutes"' in page) == (name == "networks:gathering_close_out"), name


def test_a_closed_gathering_leaves_the_advisers_wrap_up_tasks(
    gathering: Gathering, adviser: User
) -> None:
    _start(gathering, in_hours=-24 * 10)
    titles = [t.title for t in worklist.adviser_gathering_tasks(adviser)]
    assert str(gathering) in titles
    services.gathering_close_out(
        gathering=gathering,
        by=adviser,
        summary="",
        minutes="Kort referat.",
        minutes_public=False,
        outcomes="",
        adviser_evaluation="",
    )
    assert str(gathering) not in [t.title for t in worklist.adviser_gathering_tasks(adviser)]


def test_participant_page_shows_the_code_as_text_and_as_an_accessible_qr(
    gathering: Gathering, bodo: Participation
) -> None:
    import segno

    from kommunenettverk.networks.qr import check_in_qr_svg

    ida = _user("ida@bodo.kommune.no", Role.PARTICIPANT, "1804", "Ida Ordfører")
    mine = services.registration_add(
        gathering=gathering, by=ida, participation=bodo, name="Ida", role="elected", myself=True
    )
    client = Client()
    client.force_login(ida)
    page = client.get(gathering.get_absolute_url()).content.decode()
    code = mine.check_in_code
    # The code as text (the QR is never the only way) and the QR: an image with a name.
    assert f"data-check-in-code>{code}</strong>" in page
    assert f'<svg role="img" aria-label="QR-kode for innsjekkingskoden {code}"' in page
    assert f"<title>QR-kode for innsjekkingskoden {code}</title>" in page
    # The QR holds the adviser's check-in page with the code filled in.
    url = f"http://testserver{_url('networks:gathering_check_in', gathering)}?kode={code}"
    assert str(check_in_qr_svg(url, code)) in page
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=4, border=4)
    drawn = expected.split(' d="', 1)[1].split('"', 1)[0]
    assert drawn in page  # the same modules as segno draws for that address
    # That address fills the adviser's check-in form (open from three hours before).
    _start(gathering, in_hours=1)
    adviser = gathering.network.adviser
    assert adviser is not None
    client.force_login(adviser)
    form = client.get(url).content.decode()
    assert f'value="{code}"' in form
    # A cancelled registration shows no code and no QR.
    services.registration_cancel(registration=mine)
    client.force_login(ida)
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert "data-check-in-qr" not in page and code not in page
