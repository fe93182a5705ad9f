"""Examples made through the services, as the site makes them."""

from __future__ import annotations

from typing import Any

from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.models import Example
from kommunenettverk.registry.models import Municipality


def make_example(
    municipality: Municipality | str = "1804", *, status: str = "published", **fields: Any
) -> Example:
    if isinstance(municipality, str):
        municipality = Municipality.objects.get(number=municipality)
    data = services.ExampleData(
        title=fields.pop("title", "Ny klimaplan med innbyggerne"),
        summary=fields.pop("summary", "Kommunen laget klimaplanen sammen med innbyggerne."),
        body=fields.pop("body", "Vi holdt **folkemøter** i alle bygdene."),
        themes=fields.pop("themes", ["climate_energy"]),
        **fields,
    )
    example = services.example_create(municipality=municipality, data=data, created_by=None)
    if status in ("in_review", "published"):
        services.example_submit(example=example, user=None)
    if status == "published":
        services.example_publish(example=example, user=None)
    return example
