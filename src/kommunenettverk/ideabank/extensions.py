"""What the idea bank adds to pages it does not own (core.extensions): examples from
neighbours on the municipality page, and the published examples of a network or project."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link, register_section
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.ideabank import worklist
from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.selectors import network_examples
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.sections import ListItem, ListSection, list_section_render


def register() -> None:
    register_task_source(worklist.example_review_tasks)
    register_link(
        Page.MUNICIPALITY,
        _("Eksempler fra naboer og lignende kommuner"),
        "ideabank:municipality_examples",
        order=50,
    )
    register_section(Page.NETWORK, "eksempler", network_examples_section, order=50)
    register_section(Page.PROJECT, "eksempler", project_examples_section, order=50)


def _examples_section(request: HttpRequest, examples: list[Example], empty: str | Promise) -> str:
    section = ListSection(
        key="eksempler",
        heading=_("Eksempler i idébanken"),
        items=[
            ListItem(title=e.title, url=e.get_absolute_url(), text=e.municipality.name)
            for e in examples
        ],
        empty=empty,
    )
    return list_section_render(request, section)


def network_examples_section(request: HttpRequest, network: Network) -> str:
    """The network's published examples."""
    return _examples_section(
        request,
        network_examples(network),
        _("Nettverket har ingen publiserte eksempler i idébanken ennå."),
    )


def project_examples_section(request: HttpRequest, project: DevelopmentProject) -> str:
    """The development project's published examples."""
    return _examples_section(
        request,
        network_examples(project.network, project),
        _("Prosjektet har ingen publiserte eksempler i idébanken ennå."),
    )
