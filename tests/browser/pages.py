"""The index of every page of the site, for the browser tests.

Each URL name maps to how to reach a real page of it with demo objects, and as whom. A URL
pattern without an entry fails `tests/test_page_index.py`, so a new page cannot be forgotten.
Entries that are not pages (POST-only actions) say so, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    args: tuple[str, ...] = ()
    as_user: str | None = None  # a demo user's local part, e.g. "koordinator.bodo"
    query: str = ""
    not_a_page: str = ""  # reason, for actions that render nothing of their own
    needs: tuple[str, ...] = field(default_factory=tuple)  # fixtures to prepare


NET = ("demo_networks",)  # the fixture that loads the core demo networks

PAGES: dict[str, Page] = {
    "web:home": Page(),
    "web:about": Page(),
    "web:accessibility": Page(),
    "registry:municipality_list": Page(),
    "registry:municipality_list?search": Page(query="q=fjord&fylke=46"),
    "registry:municipality_detail": Page(args=("5610",)),
    "registry:municipality_edit": Page(args=("1804",), as_user="koordinator.bodo"),
    "registry:county_list": Page(),
    "registry:county_detail": Page(args=("18",)),
    "registry:region_detail": Page(args=("nord",)),
    "accounts:login": Page(),
    "accounts:logout": Page(not_a_page="POST action, redirects to the front page"),
    "accounts:password_reset": Page(),
    "accounts:password_reset_done": Page(),
    "accounts:password_reset_confirm": Page(args=("MQ", "ugyldig-lenke")),
    "accounts:password_reset_complete": Page(),
    "accounts:me": Page(as_user="koordinator.bodo"),
    "accounts:municipality_roles": Page(args=("1804",), as_user="radgiver.nord"),
    "accounts:municipality_role_revoke": Page(
        args=("1804", "1"), not_a_page="POST action, redirects to the roles page"
    ),
    "set_language": Page(not_a_page="POST action, redirects back"),
    # Programmes and networks (demo: networks.demo, core networks only).
    "programmes:programme_list": Page(needs=NET),
    "programmes:programme_detail": Page(args=("livskraftige-kommuner",), needs=NET),
    "programmes:participation_apply": Page(
        args=("helse-og-miljokommuner",), as_user="koordinator.voss", needs=NET
    ),
    "programmes:participation_detail": Page(
        args=("livskraftige-kommuner", "1804"), as_user="radgiver.nord", needs=NET
    ),
    "programmes:participation_edit": Page(
        args=("helse-og-miljokommuner", "1804"), as_user="koordinator.bodo", needs=NET
    ),
    "programmes:participation_approve": Page(not_a_page="POST action, redirects back"),
    "programmes:participation_status": Page(not_a_page="POST action, redirects back"),
    "programmes:theme_list": Page(as_user="nasjonal", needs=NET),
    "programmes:theme_edit": Page(args=("klima-og-energi",), as_user="nasjonal", needs=NET),
    "networks:network_list": Page(as_user="radgiver.nord", needs=NET),
    "networks:network_list?programme": Page(
        as_user="radgiver.nord", query="program=helse-og-miljokommuner", needs=NET
    ),
    "networks:network_create": Page(as_user="radgiver.nord", needs=NET),
    "networks:my_overview": Page(as_user="radgiver.nord", needs=NET),
    "networks:my_overview?participant": Page(as_user="deltaker.bodo", needs=NET),
    "networks:programme_dashboard": Page(
        args=("livskraftige-kommuner",), as_user="nasjonal", query="dato=2008-01-01", needs=NET
    ),
    "networks:user_calendar": Page(not_a_page="iCalendar feed (text/calendar), not HTML"),
    "networks:network_calendar": Page(not_a_page="iCalendar feed (text/calendar), not HTML"),
    "networks:municipality_networks": Page(args=("1804",), needs=NET),
    "networks:network_detail": Page(
        args=("helse-og-miljo-salten",), as_user="radgiver.nord", needs=NET
    ),
    "networks:network_detail?past": Page(
        args=("salten-livskraft",), as_user="deltaker.bodo", needs=NET
    ),
    "networks:network_edit": Page(args=("salten-livskraft",), as_user="radgiver.nord", needs=NET),
    "networks:network_member_add": Page(not_a_page="POST action, redirects to the network"),
    "networks:network_member_remove": Page(not_a_page="POST action, redirects to the network"),
    "networks:gathering_create": Page(
        args=("helse-og-miljo-salten",), as_user="radgiver.nord", needs=NET
    ),
    "networks:gathering_detail": Page(
        args=("helse-og-miljo-salten", "3"), as_user="deltaker.bodo", needs=NET
    ),
    "networks:gathering_detail?adviser": Page(
        args=("salten-livskraft", "1"), as_user="radgiver.nord", needs=NET
    ),
    "networks:gathering_edit": Page(
        args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord", needs=NET
    ),
    "networks:agenda_item_add": Page(not_a_page="POST action, redirects to the edit page"),
    "networks:document_add": Page(not_a_page="POST action, redirects to the edit page"),
    "networks:gathering_register": Page(
        args=("helse-og-miljo-salten", "3"), as_user="deltaker.bodo", needs=NET
    ),
    "networks:gathering_unregister": Page(not_a_page="POST action, redirects to the gathering"),
    "networks:gathering_attendance": Page(
        args=("salten-livskraft", "1"), as_user="radgiver.nord", needs=NET
    ),
    "networks:gathering_evaluate": Page(
        args=("helse-og-miljo-salten", "1"), as_user="deltaker.bodo", needs=NET
    ),
    "networks:project_create": Page(args=("salten-livskraft",), as_user="radgiver.nord", needs=NET),
    "networks:project_detail": Page(
        args=("salten-livskraft", "felles-klima-og-energiplan"), as_user="radgiver.nord", needs=NET
    ),
    "networks:project_edit": Page(
        args=("salten-livskraft", "bodo-gronn-skolevei"), as_user="radgiver.nord", needs=NET
    ),
    "networks:milestone_add": Page(not_a_page="POST action, redirects to the project"),
    "networks:milestone_done": Page(not_a_page="POST action, redirects to the project"),
}
