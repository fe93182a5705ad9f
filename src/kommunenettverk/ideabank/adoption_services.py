"""Ideas that spread: recording that a measure or an example was taken from a published
example, and "Bruk dette eksempelet" (a measure made from an example, with the link back)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.ideabank import text
from kommunenettverk.ideabank.models import Adoption, Example
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure

# --- adoptions ----------------------------------------------------------------------------------


class AdoptionError(DomainError):
    """A "taken from" link was refused; the message is for the user."""


@transaction.atomic
def adoption_record(
    *,
    origin: Example,
    year: int,
    what_changed: str,
    user: User | None,
    measure: Measure | None = None,
    adopting_example: Example | None = None,
) -> Adoption:
    """Record that `measure` (or `adopting_example`) was taken from the published example
    `origin` of another municipality, in `year`, and what was changed."""
    if (measure is None) == (adopting_example is None):
        raise AdoptionError(_("Oppgi enten et tiltak eller et eksempel som bygger på eksempelet."))
    if measure is not None:
        municipality = measure.goal.municipality
    else:
        assert adopting_example is not None
        municipality = adopting_example.municipality
    if origin.status != Example.Status.PUBLISHED:
        raise AdoptionError(_("Bare publiserte eksempler kan tas i bruk."))
    if origin.municipality_id == municipality.pk:
        raise AdoptionError(
            _("Eksempelet er fra %(m)s selv. Velg et eksempel fra en annen kommune.")
            % {"m": municipality.name}
        )
    duplicate = Adoption.objects.filter(origin=origin)
    duplicate = (
        duplicate.filter(measure=measure)
        if measure is not None
        else duplicate.filter(adopting_example=adopting_example)
    )
    if duplicate.exists():
        raise AdoptionError(
            _("Det er allerede registrert at dette er tatt fra «%(title)s».")
            % {"title": origin.title}
        )
    adoption = Adoption(
        origin=origin,
        measure=measure,
        adopting_example=adopting_example,
        municipality=municipality,
        year=year,
        what_changed=text.strip_html(what_changed),
        created_by=user,
    )
    try:
        adoption.full_clean()
    except ValidationError as error:
        raise AdoptionError(" ".join(error.messages)) from None
    adoption.save()
    transaction.on_commit(public_pages_changed)  # the origin's page lists its take-ups
    return adoption


@transaction.atomic
def example_adopt(
    *,
    example: Example,
    goal: Goal,
    title: str,
    description: str,
    dimension: str,
    year: int,
    what_changed: str,
    user: User | None,
) -> Measure:
    """ "Bruk dette eksempelet": a new measure under `goal` (of the coordinator's municipality)
    taken from `example`, with the link recorded, all or nothing."""
    measure = plan_services.measure_save(
        goal=goal,
        fields={"title": title, "description": description, "dimension": dimension},
        partners=[],
    )
    adoption_record(
        origin=example, measure=measure, year=year, what_changed=what_changed, user=user
    )
    return measure


@transaction.atomic
def adoption_delete(*, adoption: Adoption) -> None:
    """Remove a "taken from" link (the measure or example itself stays)."""
    adoption.delete()
    transaction.on_commit(public_pages_changed)
