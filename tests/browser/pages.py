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


PAGES: dict[str, Page] = {
    "web:home": Page(),
    "web:about": Page(),
    "web:accessibility": Page(),
    "web:health": Page(not_a_page="plain-text health check for operations (make bench)"),
    "web:health_database": Page(not_a_page="plain-text database health check for operations"),
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
}
