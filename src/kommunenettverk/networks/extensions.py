"""What apps below networks add to network, programme and project pages.

networks may not import the apps below it (plans, ideabank, reports, …). Such an app registers,
in its AppConfig.ready():

- a link on every network page (`register_network_link`, a URL name that takes the network's
  slug) or on every programme dashboard (`register_programme_link`, the programme's slug),
  optionally with a permission rule checked on the network or programme (without one, everyone
  who sees the page sees the link);
- a section on every network page and development project page (`register_section`: a
  template and a function that builds what the template gets as `section` from the network,
  the project on a project page (None on the network page) and the user; it returns None to
  show nothing, and should run a fixed, small number of queries). A section that is a plain
  list of links can use the `Section` data and the `networks/_list_section.html` template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class PageLink:
    label: str | Promise
    url_name: str  # takes the network's or programme's slug as its only argument
    perm: str | None = None  # a rule checked on the network or programme
    order: int = 100


_NETWORK_LINKS: list[PageLink] = []
_PROGRAMME_LINKS: list[PageLink] = []


def _register(links: list[PageLink], link: PageLink) -> None:
    if all(existing.url_name != link.url_name for existing in links):
        links.append(link)


def register_network_link(
    label: str | Promise, url_name: str, *, perm: str | None = None, order: int = 100
) -> None:
    _register(_NETWORK_LINKS, PageLink(label, url_name, perm, order))


def register_programme_link(
    label: str | Promise, url_name: str, *, perm: str | None = None, order: int = 100
) -> None:
    _register(_PROGRAMME_LINKS, PageLink(label, url_name, perm, order))


def _links(links: list[PageLink], user: Any, obj: Any) -> list[tuple[str, str]]:
    return [
        (str(link.label), reverse(link.url_name, args=[obj.slug]))
        for link in sorted(links, key=lambda link: link.order)
        if link.perm is None or user.has_perm(link.perm, obj)
    ]


def network_links(user: Any, network: Any) -> list[tuple[str, str]]:
    """(label, url) of the registered pages for this network that the user may see."""
    return _links(_NETWORK_LINKS, user, network)


def programme_links(user: Any, programme: Any) -> list[tuple[str, str]]:
    """(label, url) of the registered pages for this programme that the user may see."""
    return _links(_PROGRAMME_LINKS, user, programme)


@dataclass(frozen=True)
class SectionItem:
    title: str
    url: str
    text: str = ""


@dataclass(frozen=True)
class Section:
    """A titled list for `networks/_list_section.html`: items with a link, a text when empty
    and an optional link onwards."""

    key: str  # used as the heading's id
    heading: str | Promise
    items: list[SectionItem] = field(default_factory=list)
    empty: str | Promise = ""
    more_label: str | Promise = ""
    more_url: str = ""


# (network, project or None, user) -> what the template gets as `section`, or None
SectionContext = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class PageSection:
    key: str
    template: str
    context: SectionContext
    order: int = 100


_SECTIONS: list[PageSection] = []


def register_section(key: str, template: str, context: SectionContext, *, order: int = 100) -> None:
    """Add a section to every network page and project page. Idempotent by key."""
    if all(section.key != key for section in _SECTIONS):
        _SECTIONS.append(PageSection(key, template, context, order))


def page_sections(user: Any, network: Any, project: Any = None) -> list[tuple[str, Any]]:
    """(template, section) of every registered section that has something for this page."""
    shown = []
    for section in sorted(_SECTIONS, key=lambda section: (section.order, section.key)):
        value = section.context(network, project, user)
        if value is not None:
            shown.append((section.template, value))
    return shown
