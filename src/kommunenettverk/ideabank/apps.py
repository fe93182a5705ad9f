from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kommunenettverk.networks.extensions import Section
    from kommunenettverk.networks.models import DevelopmentProject, Network


class IdeabankConfig(AppConfig):
    """Good-practice examples, their search, dissemination to neighbours and digests."""

    name = "kommunenettverk.ideabank"
    label = "ideabank"
    verbose_name = _("Idébank")

    def ready(self) -> None:
        from kommunenettverk.registry.extensions import register_profile_link

        register_profile_link(
            _("Eksempler fra naboer og lignende kommuner"),
            "ideabank:municipality_examples",
            order=50,
        )
        from kommunenettverk.networks.extensions import register_section

        register_section(
            "eksempler", "networks/_list_section.html", _network_examples_section, order=50
        )


def _network_examples_section(
    network: Network, project: DevelopmentProject | None, user: object
) -> Section:
    """The network's (or project's) published examples, for the networks app's pages."""
    from kommunenettverk.ideabank.selectors import network_examples
    from kommunenettverk.networks.extensions import Section, SectionItem

    examples = network_examples(network, project)
    return Section(
        key="eksempler",
        heading=_("Eksempler i idébanken"),
        items=[
            SectionItem(title=e.title, url=e.get_absolute_url(), text=e.municipality.name)
            for e in examples
        ],
        empty=_("Prosjektet har ingen publiserte eksempler i idébanken ennå.")
        if project is not None
        else _("Nettverket har ingen publiserte eksempler i idébanken ennå."),
    )
