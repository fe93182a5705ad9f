"""What apps below networks add to network and project pages.

networks may not import the apps below it (plans, …). Such an app registers, in its
AppConfig.ready(), a link on every network page (`register_network_link`, a URL name that
takes the network's slug) or a section on every development project page
(`register_project_section`: a template and a function that builds its context from the
project and the user). The pages list whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NetworkLink:
    label: str | Promise
    url_name: str  # takes the network slug as its only argument
    order: int = 100


@dataclass(frozen=True)
class ProjectSection:
    template: str
    context: Callable[[Any, Any], dict[str, Any]]  # (project, user) -> template context
    order: int = 100


_LINKS: list[NetworkLink] = []
_SECTIONS: list[ProjectSection] = []


def register_network_link(label: str | Promise, url_name: str, *, order: int = 100) -> None:
    if all(link.url_name != url_name for link in _LINKS):
        _LINKS.append(NetworkLink(label=label, url_name=url_name, order=order))


def network_links(slug: str) -> list[tuple[str, str]]:
    """(label, url) of every registered page for the network with this slug."""
    return [
        (str(link.label), reverse(link.url_name, args=[slug]))
        for link in sorted(_LINKS, key=lambda link: link.order)
    ]


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
