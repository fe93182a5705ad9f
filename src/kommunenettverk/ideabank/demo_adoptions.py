"""Demo take-ups of idea-bank examples (ideas that spread), in a module of their own so the
demo example texts (ideabank/demo.py) can change without touching them. Examples are found by
words of their titles and measures by their titles, never by id, and a chain whose example or
measure is missing is left out. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kommunenettverk.ideabank import adoption_services
from kommunenettverk.ideabank.models import Adoption, Example
from kommunenettverk.ideabank.selectors import neighbour_table
from kommunenettverk.plans.models import Measure


@dataclass(frozen=True)
class Chain:
    adopter: str  # municipality number
    measure: str  # start of the adopting measure's title ("" for an example-to-example link)
    origin_words: str  # a word in the origin example's title (case-insensitive)
    near: bool  # take the origin from a neighbour when there is one, else from far away
    year: int
    what_changed: str


CHAINS = [
    # Bodø and Trondheim take Sandefjord's energy performance contract (both far away).
    Chain("1804", "Energisparing i skoler", "Energisparekontrakt", False, 2019,
          "Demodata: startet med sykehjemmene, der driftstiden er lengst."),
    Chain("5001", "Energisparing i skoler", "Energisparekontrakt", False, 2020,
          "Demodata: energioppfølging i alle byggene samtidig, med eget driftsteam."),
    # Bodø's trails take the neighbour Fauske's heritage trail along the old railway.
    Chain("1804", "Turstier", "Kulturminnesti", True, 2021,
          "Demodata: skilting og nærturkart i hver grend i stedet for én lang sti."),
    Chain("5501", "Klimabudsjett", "Klimabudsjett", False, 2020,
          "Demodata: klimabudsjettet ble lagt fram sammen med økonomiplanen fra første år."),
    Chain("4621", "Frisklivssentral", "Frisklivssentral", False, 2021,
          "Demodata: ett tilbud per grend, med frivillige turvenner."),
]  # fmt: skip


def _origin(chain: Chain, exclude: str) -> Example | None:
    examples = Example.objects.published().exclude(municipality__number=exclude)
    if chain.origin_words:
        examples = examples.filter(title__icontains=chain.origin_words)
    neighbours = neighbour_table().get(chain.adopter, [])
    near = examples.filter(municipality__number__in=neighbours).order_by("pk").first()
    far = examples.exclude(municipality__number__in=neighbours).order_by("pk").first()
    return (near or far) if chain.near else (far or near)


@transaction.atomic
def demo_adoptions_load() -> int:
    """Record the demo chains (only those not recorded yet); returns how many take-ups the
    demo has."""
    for chain in CHAINS:
        measure = (
            Measure.objects.filter(
                goal__municipality__number=chain.adopter, title__startswith=chain.measure
            )
            .select_related("goal__municipality")
            .order_by("pk")
            .first()
        )
        if measure is None or Adoption.objects.filter(measure=measure).exists():
            continue
        origin = _origin(chain, exclude=chain.adopter)
        if origin is None:
            continue
        adoption_services.adoption_record(
            origin=origin,
            measure=measure,
            year=chain.year,
            what_changed=chain.what_changed,
            user=None,
        )
    _example_builds_on_example()
    return Adoption.objects.count()


def _example_builds_on_example() -> None:
    """One published example says it builds on an older one from another municipality."""
    if Adoption.objects.filter(adopting_example__isnull=False).exists():
        return
    published = Example.objects.published().filter(is_demo=True).order_by("published_at", "pk")
    newest = published.last()
    if newest is None:
        return
    origin = (
        published.exclude(municipality=newest.municipality)
        .filter(title__icontains=newest.title.split(" ")[0])
        .first()
    )
    if origin is None or origin.published_at == newest.published_at:
        return
    adoption_services.adoption_record(
        origin=origin,
        adopting_example=newest,
        year=newest.published_at.year if newest.published_at else origin.created_at.year,
        what_changed="Demodata: tilpasset en mindre kommune.",
        user=None,
    )
