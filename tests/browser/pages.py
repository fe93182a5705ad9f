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


IB = ("ideabank_examples",)

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
    # Idea bank: "@…" arguments come from the `ideabank_examples` fixture (browser conftest).
    "ideabank:example_list": Page(needs=IB),
    "ideabank:example_list?search": Page(query="q=klimaplanen&tema=climate_energy", needs=IB),
    "ideabank:example_list?empty": Page(query="q=&fylke=18"),
    "ideabank:example_create": Page(as_user="koordinator.bodo"),
    "ideabank:example_worklist": Page(as_user="radgiver.nord", needs=IB),
    "ideabank:example_detail": Page(args=("@published",), needs=IB),
    "ideabank:example_detail?review": Page(args=("@in_review",), as_user="radgiver.nord", needs=IB),
    "ideabank:example_edit": Page(args=("@draft",), as_user="koordinator.bodo", needs=IB),
    "ideabank:example_transition": Page(
        args=("1",), not_a_page="POST action, redirects to the example"
    ),
    "ideabank:attachment_add": Page(
        args=("1",), not_a_page="POST action, redirects to the edit page"
    ),
    "ideabank:attachment_delete": Page(
        args=("1",), not_a_page="POST action, redirects to the edit page"
    ),
    "ideabank:attachment_download": Page(args=("1",), not_a_page="file download, not HTML"),
    "ideabank:municipality_lookup": Page(not_a_page="redirects to the municipality's page"),
    "ideabank:municipality_examples": Page(args=("1804",), needs=IB),
    "ideabank:subscription_create": Page(),
    "ideabank:subscription_confirm": Page(args=("@subscription",), needs=IB),
    "ideabank:subscription_cancel": Page(args=("@subscription",), needs=IB),
    "ideabank:feed_region": Page(args=("nord",), not_a_page="Atom feed (XML), not HTML"),
    "ideabank:feed_region_theme": Page(
        args=("nord", "climate_energy"), not_a_page="Atom feed (XML), not HTML"
    ),
}
