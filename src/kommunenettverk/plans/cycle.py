"""The municipal plan cycle: which plans are due when. Pure functions, no database.

Rules (plan- og bygningsloven and folkehelseloven), as the platform applies them:

- Municipal councils are elected every four years (2019, 2023, 2027, …) and constituted in
  the autumn of the election year; we count the constitution as 1 October.
- *Kommunal planstrategi* must be adopted within one year of the new council's constitution
  (pbl. § 10-1): due 1 October of the year after the election.
- *Folkehelseoversikt* (the public-health overview) must be ready when work on the planstrategi
  starts (folkehelseloven § 5): one per council period, due by the constitution date.
- *Handlingsdel* and *økonomiplan* are adopted every year for the next year (pbl. § 11-1,
  kommuneloven § 14-4): one adopted by 31 December for each coming year.

Each expected plan has a window: from the start of the period it belongs to until the start of
the next one (planstrategi: council period; folkehelseoversikt: the four years before the
constitution; handlingsdel for year Y: 1 January Y-1 to 31 December Y). It is *fulfilled* by the
earliest adopted document of a satisfying kind inside its window (marked *late* when adopted
after the due date), *overdue* when the due date has passed without one, and *upcoming* before.
A document fulfils one expected plan only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

FIRST_ELECTION = 2019
ELECTION_INTERVAL = 4


class CycleKind(StrEnum):
    PLANSTRATEGI = "planstrategi"
    FOLKEHELSEOVERSIKT = "folkehelseoversikt"
    HANDLINGSDEL = "handlingsdel"


class CycleState(StrEnum):
    FULFILLED = "fulfilled"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class AdoptedPlan:
    kind: str  # a PlanDocument.Kind value
    adopted_on: datetime.date
    document_id: int


@dataclass(frozen=True)
class CycleItem:
    kind: CycleKind
    label_year: int  # the election year, or the budget year for handlingsdel
    window_start: datetime.date
    due: datetime.date
    window_end: datetime.date
    state: CycleState
    document_id: int | None
    late: bool = False


def election_years(*, until: int) -> list[int]:
    """Municipal election years from 2019 up to and including `until`."""
    return list(range(FIRST_ELECTION, until + 1, ELECTION_INTERVAL))


def _constitution(election_year: int) -> datetime.date:
    return datetime.date(election_year, 10, 1)


Expected = tuple[CycleKind, int, datetime.date, datetime.date, datetime.date]


def _expected(today: datetime.date) -> list[Expected]:
    """(kind, label year, window start, due date, window end) of every plan expected from 2019
    up to a year ahead."""
    expected: list[Expected] = []
    for year in election_years(until=today.year + 1):
        constituted = _constitution(year)
        previous = _constitution(year - ELECTION_INTERVAL)
        following = _constitution(year + ELECTION_INTERVAL)
        expected.append((CycleKind.FOLKEHELSEOVERSIKT, year, previous, constituted, constituted))
        expected.append(
            (
                CycleKind.PLANSTRATEGI,
                year,
                constituted,
                constituted.replace(year=year + 1),
                following,
            )
        )
    for budget_year in range(FIRST_ELECTION + 1, today.year + 2):
        expected.append(
            (
                CycleKind.HANDLINGSDEL,
                budget_year,
                datetime.date(budget_year - 1, 1, 1),
                datetime.date(budget_year - 1, 12, 31),
                datetime.date(budget_year + 1, 1, 1),
            )
        )
    return expected


# Which document kinds satisfy each cycle kind.
SATISFIED_BY: dict[CycleKind, set[str]] = {
    CycleKind.PLANSTRATEGI: {"planstrategi"},
    CycleKind.FOLKEHELSEOVERSIKT: {"folkehelseoversikt"},
    CycleKind.HANDLINGSDEL: {"handlingsdel", "okonomiplan"},
}


def plan_cycle(adopted: list[AdoptedPlan], *, today: datetime.date) -> list[CycleItem]:
    """The municipality's plan cycle from 2019 to a year ahead, newest first.

    See the module docstring for the windows and states.
    """
    expected = sorted(_expected(today), key=lambda e: e[3])
    matches: dict[int, AdoptedPlan] = {}
    used: set[int] = set()
    # First the plans adopted on time, then late ones with what is left, so that a late
    # document never takes the place of one adopted on time for the next period.
    for on_time in (True, False):
        for index, (kind, _year, start, due, end) in enumerate(expected):
            if index in matches:
                continue
            candidates = sorted(
                (
                    plan
                    for plan in adopted
                    if plan.kind in SATISFIED_BY[kind]
                    and plan.document_id not in used
                    and (
                        start <= plan.adopted_on <= due if on_time else due < plan.adopted_on < end
                    )
                ),
                key=lambda plan: plan.adopted_on,
            )
            if candidates:
                matches[index] = candidates[0]
                used.add(candidates[0].document_id)
    items: list[CycleItem] = []
    for index, (kind, label_year, start, due, end) in enumerate(expected):
        match = matches.get(index)
        if match is not None:
            state = CycleState.FULFILLED
        elif today > due:
            state = CycleState.OVERDUE
        else:
            state = CycleState.UPCOMING
        items.append(
            CycleItem(
                kind=kind,
                label_year=label_year,
                window_start=start,
                due=due,
                window_end=end,
                state=state,
                document_id=match.document_id if match else None,
                late=match is not None and match.adopted_on > due,
            )
        )
    items.sort(key=lambda item: item.due, reverse=True)
    return items
