"""The one extension registry: links and sections that apps add to pages they do not own.

An app may not import the apps below it (DESIGN.md), yet the municipality page (registry), the
network, programme and project pages (networks) and the goal page (plans) show what later apps
know about them: the goals of a municipality, a network's report, the examples of a project.
Each such app registers its contributions in its own `extensions.py`, called from its
`AppConfig.ready()`; the page owner asks for them with `page_links` and `page_sections`.

- A **link** is a URL name reversed with the page's key (a municipality's number, a network's
  or programme's slug, a project's or goal's id) and shown if the user has `perm` on the object
  (or always, without a perm).
- A **section** is a function `(request, obj) -> html` that renders its own template; it
  returns "" to show nothing, and runs a small, fixed number of queries.

Registering the same link (URL name) or section (key) twice on a page keeps the first. Links
and sections are shown by `order`; equal orders keep the order of registration (the order of
INSTALLED_APPS).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


class Page(enum.StrEnum):
    MUNICIPALITY = "municipality"
    NETWORK = "network"
    PROGRAMME = "programme"
    PROJECT = "project"
    GOAL = "goal"
    MEASURE = "measure"
    # One indicator of one municipality; the section gets the municipality's IndicatorResult.
    MUNICIPALITY_INDICATOR = "municipality_indicator"


class PermissionHolder(Protocol):
    def has_perm(self, perm: str, obj: models.Model | None = ...) -> bool: ...


M = TypeVar("M", bound=models.Model)
SectionRenderer = Callable[[HttpRequest, M], str]


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url_name: str
    perm: str | None = None
    order: int = 100


@dataclass(frozen=True)
class PageLink:
    """A registered link resolved for one object: what a template shows."""

    label: str
    url: str


@dataclass(frozen=True)
class Section:
    key: str
    render: Callable[[HttpRequest, models.Model], str]
    order: int = 100


_LINKS: dict[Page, list[Link]] = {page: [] for page in Page}
_SECTIONS: dict[Page, list[Section]] = {page: [] for page in Page}


def register_link(
    page: Page,
    label: str | Promise,
    url_name: str,
    *,
    perm: str | None = None,
    order: int = 100,
) -> None:
    """Show a link to `url_name` (reversed with the page's key) on every `page`."""
    links = _LINKS[page]
    if all(link.url_name != url_name for link in links):
        links.append(Link(label=label, url_name=url_name, perm=perm, order=order))


def register_section(page: Page, key: str, render: SectionRenderer[M], *, order: int = 100) -> None:
    """Add a section rendered by `render(request, obj)` to every `page`."""
    sections = _SECTIONS[page]
    if all(section.key != key for section in sections):
        # The page owner passes the object the page is about; `render` is typed for it.
        generic = cast(Callable[[HttpRequest, models.Model], str], render)
        sections.append(Section(key=key, render=generic, order=order))


def page_links(
    page: Page, user: PermissionHolder, obj: models.Model, key: str | int
) -> list[PageLink]:
    """The registered links of `page` for `obj` that `user` may see, in order."""
    return [
        PageLink(label=str(link.label), url=reverse(link.url_name, args=[key]))
        for link in sorted(_LINKS[page], key=lambda link: link.order)
        if link.perm is None or user.has_perm(link.perm, obj)
    ]


def page_sections(page: Page, request: HttpRequest, obj: models.Model) -> list[SafeString]:
    """The HTML of every registered section of `page` that has something for `obj`."""
    rendered = (
        section.render(request, obj)
        for section in sorted(_SECTIONS[page], key=lambda section: section.order)
    )
    # Each renderer returns the output of its own template (autoescaped).
    return [mark_safe(html) for html in rendered if html]  # noqa: S308
