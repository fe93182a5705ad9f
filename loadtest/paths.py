"""What the load test requests: every public page of the page index, plus the extra paths below.

New public pages join by their entry in tests/browser/pages.py (pages that need a login are
left out). Add searches, API endpoints and other paths worth weighting to EXTRA.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class LoadPath:
    label: str
    path: str
    weight: int = 1


EXTRA = [
    LoadPath("kommunesøk «berg»", "/kommuner/?q=berg", 3),
    LoadPath("kommunesøk nummer", "/kommuner/?q=18", 2),
    LoadPath("kommuneoversikt side 3", "/kommuner/?side=3", 1),
    LoadPath("kommuneprofil Oslo", "/kommuner/0301/", 2),
    LoadPath("kommuneprofil Tromsø", "/kommuner/5501/", 2),
    LoadPath("fylke Vestland", "/kommuner/fylker/46/", 1),
]
HEAVIER = {"web:home": 5, "registry:municipality_list": 4, "registry:municipality_detail": 4}


def check_host(host: str) -> None:
    """The load test targets this machine's own server only (http://127.0.0.1:PORT)."""
    parts = urlsplit(host)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or parts.username:
        raise SystemExit(f"The load test only targets http://127.0.0.1, not {host!r}")


def load_paths() -> list[LoadPath]:
    """The public pages of the page index (needs Django set up and the demo data), then EXTRA."""
    from django.urls import reverse
    from tests.browser.pages import PAGES, resolve_args

    paths = []
    for name, spec in sorted(PAGES.items()):
        if spec.as_user or spec.not_a_page:
            continue
        url = reverse(name.split("?")[0], args=resolve_args(spec.args))
        if spec.query:
            url += f"?{spec.query}"
        paths.append(LoadPath(name, url, HEAVIER.get(name, 1)))
    return paths + EXTRA
