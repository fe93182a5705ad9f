"""Sections that apps below networks add to the network page and the project page.

`networks` sits above ideabank (and the other later apps) and must not import them. An app
that has something to show for a network or a development project registers a provider in its
AppConfig.ready(); the page calls every provider (each should run a fixed, small number of
queries) and renders the sections it returns. Public data only: the pages are seen by every
signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from kommunenettverk.networks.models import DevelopmentProject, Network


@dataclass(frozen=True)
class SectionItem:
    title: str
    url: str
    text: str = ""


@dataclass(frozen=True)
class Section:
    """One titled list on the page: items with a link, an empty text and an optional link on."""

    key: str  # used as the heading's id
    heading: str | Promise
    items: list[SectionItem] = field(default_factory=list)
    empty: str | Promise = ""
    more_label: str | Promise = ""
    more_url: str = ""


SectionProvider = Callable[["Network", "DevelopmentProject | None"], Section | None]

_PROVIDERS: list[tuple[int, str, SectionProvider]] = []


def register_network_section(key: str, provider: SectionProvider, *, order: int = 100) -> None:
    """Add a section to every network page (project None) and project page. Idempotent by key."""
    if all(existing != key for _order, existing, _provider in _PROVIDERS):
        _PROVIDERS.append((order, key, provider))


def network_sections(network: Network, project: DevelopmentProject | None = None) -> list[Section]:
    """The registered sections for a network's page, or for one of its projects' pages."""
    sections = []
    for _order, _key, provider in sorted(_PROVIDERS, key=lambda row: (row[0], row[1])):
        section = provider(network, project)
        if section is not None:
            sections.append(section)
    return sections
