"""Every URL pattern of the site has an entry in the browser tests' page index."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser.pages import PAGES


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin, for staff; not our pages
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_page_index() -> None:
    indexed = {name.split("?")[0] for name in PAGES}
    missing = _names(get_resolver().url_patterns) - indexed
    assert not missing, f"Add these URL names to tests/browser/pages.py: {sorted(missing)}"


def test_page_index_has_no_stale_entries() -> None:
    known = _names(get_resolver().url_patterns)
    stale = {name.split("?")[0] for name in PAGES} - known
    assert not stale, f"No such URL names: {sorted(stale)}"
