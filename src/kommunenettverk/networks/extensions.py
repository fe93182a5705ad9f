"""Links that apps below networks add to a network's page and a programme's dashboard.

Networks may not import the apps below it; an app with a page per network or per programme
(e.g. the reports) registers it here in its AppConfig.ready(), with the permission rule that
decides who sees the link (checked on the network or the programme).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class PageLink:
    label: str | Promise
    url_name: str  # takes the network's or programme's slug as its only argument
    perm: str  # a rule checked on the network or programme


_NETWORK_LINKS: list[PageLink] = []
_PROGRAMME_LINKS: list[PageLink] = []


def _register(links: list[PageLink], link: PageLink) -> None:
    if all(existing.url_name != link.url_name for existing in links):
        links.append(link)


def register_network_link(label: str | Promise, url_name: str, *, perm: str) -> None:
    _register(_NETWORK_LINKS, PageLink(label, url_name, perm))


def register_programme_link(label: str | Promise, url_name: str, *, perm: str) -> None:
    _register(_PROGRAMME_LINKS, PageLink(label, url_name, perm))


def _links(links: list[PageLink], user: Any, obj: Any) -> list[tuple[str, str]]:
    return [
        (str(link.label), reverse(link.url_name, args=[obj.slug]))
        for link in links
        if user.has_perm(link.perm, obj)
    ]


def network_links(user: Any, network: Any) -> list[tuple[str, str]]:
    """(label, url) of the registered pages for this network that the user may see."""
    return _links(_NETWORK_LINKS, user, network)


def programme_links(user: Any, programme: Any) -> list[tuple[str, str]]:
    """(label, url) of the registered pages for this programme that the user may see."""
    return _links(_PROGRAMME_LINKS, user, programme)
