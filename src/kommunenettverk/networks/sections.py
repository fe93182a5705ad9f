"""A titled list of links that apps below networks can show as a section on a network's or a
project's page (registered through `core.extensions`), rendered by `networks/_list_section.html`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise


@dataclass(frozen=True)
class ListItem:
    title: str
    url: str
    text: str = ""


@dataclass(frozen=True)
class ListSection:
    """Items with a link, a text shown when there are none and an optional link onwards."""

    key: str  # used as the heading's id
    heading: str | Promise
    items: list[ListItem] = field(default_factory=list)
    empty: str | Promise = ""
    more_label: str | Promise = ""
    more_url: str = ""


def list_section_render(request: HttpRequest, section: ListSection) -> str:
    """The section's HTML, for a section renderer to return."""
    return render_to_string("networks/_list_section.html", {"section": section}, request=request)
