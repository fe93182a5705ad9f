"""Links that apps below the registry add to each municipality's page.

The registry knows no other app; an app that has a page per municipality registers it here
in its AppConfig.ready(), and the municipality page lists it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ProfileLink:
    label: str | Promise
    url_name: str  # takes the municipality number as its only argument
    order: int = 100


_LINKS: list[ProfileLink] = []


def register_profile_link(label: str | Promise, url_name: str, *, order: int = 100) -> None:
    if all(link.url_name != url_name for link in _LINKS):
        _LINKS.append(ProfileLink(label=label, url_name=url_name, order=order))


def profile_links(number: str) -> list[tuple[str, str]]:
    """(label, url) of every registered page for the municipality with this number."""
    return [
        (str(link.label), reverse(link.url_name, args=[number]))
        for link in sorted(_LINKS, key=lambda link: link.order)
    ]
