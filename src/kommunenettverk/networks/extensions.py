"""What apps below networks add to network, programme and project pages.

networks may not import the apps below it (plans, reports, …). Such an app registers, in its
AppConfig.ready(), a link on every network page (`register_network_link`, a URL name that
takes the network's slug), a link on every programme dashboard (`register_programme_link`,
a URL name that takes the programme's slug), or a section on every development project page
(`register_project_section`: a template and a function that builds its context from the
project and the user). A link may name a permission rule, checked on the network or the
programme; without one everybody who sees the page sees the link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class PageLink:
    label: str | Promise
    url_name: str  # takes the network's or programme's slug as its only argument
    perm: str | None = None  # a rule checked on the network or programme
    order: int = 100


@dataclass(frozen=True)
class ProjectSection:
    template: str
    context: Callable[[Any, Any], dict[str, Any]]  # (project, user) -> template context
    order: int = 100


_NETWORK_LINKS: list[PageLink] = []
_PROGRAMME_LINKS: list[PageLink] = []
_SECTIONS: list[ProjectSection] = []


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


def register_project_section(
    template: str, context: Callable[[Any, Any], dict[str, Any]], *, order: int = 100
) -> None:
    if all(section.template != template for section in _SECTIONS):
        _SECTIONS.append(ProjectSection(template=template, context=context, order=order))


def project_sections(project: Any, user: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every registered section, for one project page."""
    return [
        (section.template, section.context(project, user))
        for section in sorted(_SECTIONS, key=lambda section: section.order)
    ]
