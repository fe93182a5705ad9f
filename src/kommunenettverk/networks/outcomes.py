"""The kinds of things a gathering's close-out can link to (a member's measure, a
good-practice example). Those objects belong to apps above networks, so networks does not
import them: each app registers its kind here from its `extensions.py` (plans: measures,
ideabank: examples), saying which objects an adviser may link for a gathering, who may see a
linked object, and which member municipality it belongs to. networks stores the links
(models.GatheringOutcome) and shows them on the gathering's page, the municipality's "what we
took home" and the network report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from kommunenettverk.networks.models import Gathering
    from kommunenettverk.registry.models import Municipality


@dataclass(frozen=True)
class OutcomeKind:
    key: str  # stored in GatheringOutcome.kind
    label: str | Promise  # a plural heading: "Tiltak", "Eksempler i idébanken"
    # The objects `user` may link to `gathering` (few queries; ordered as the picker shows them).
    candidates: Callable[[Any, Gathering], Sequence[models.Model]]
    # May `user` (possibly anonymous) see a linked object? (A draft only for some.)
    visible: Callable[[Any, models.Model], bool]
    # The member municipality the object belongs to (None: the whole network).
    municipality_of: Callable[[models.Model], Municipality | None]
    # The picker's label for an object: its title and whose it is.
    describe: Callable[[models.Model], str]
    # The objects with what `visible`, `municipality_of` and `str()` read, for prefetching links.
    queryset: Callable[[], models.QuerySet[Any]]
    order: int = 100


_KINDS: dict[str, OutcomeKind] = {}


def register_outcome_kind(kind: OutcomeKind) -> None:
    """Add a kind of outcome; registering a key twice keeps the first."""
    _KINDS.setdefault(kind.key, kind)


def outcome_kinds() -> list[OutcomeKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.order)


def outcome_kind(key: str) -> OutcomeKind | None:
    return _KINDS.get(key)
