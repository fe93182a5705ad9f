"""The plan cycle, with hand-worked dates (see plans/cycle.py for the rules)."""

from __future__ import annotations

import datetime

from kommunenettverk.plans.cycle import (
    AdoptedPlan,
    CycleItem,
    CycleKind,
    CycleState,
    election_years,
    plan_cycle,
)

D = datetime.date


def _state(
    items: list[CycleItem], kind: CycleKind, year: int
) -> tuple[CycleState, int | None, bool]:
    item = next(i for i in items if i.kind == kind and i.label_year == year)
    return item.state, item.document_id, item.late


def test_election_years() -> None:
    assert election_years(until=2026) == [2019, 2023]
    assert election_years(until=2027) == [2019, 2023, 2027]


def test_nothing_adopted_makes_past_due_plans_overdue() -> None:
    items = plan_cycle([], today=D(2024, 11, 1))
    assert _state(items, CycleKind.PLANSTRATEGI, 2023)[0] == CycleState.OVERDUE  # due 1.10.2024
    assert _state(items, CycleKind.PLANSTRATEGI, 2019)[0] == CycleState.OVERDUE
    assert _state(items, CycleKind.HANDLINGSDEL, 2025)[0] == CycleState.UPCOMING  # due 31.12.2024
    assert _state(items, CycleKind.HANDLINGSDEL, 2024)[0] == CycleState.OVERDUE


def test_due_date_itself_is_not_overdue() -> None:
    items = plan_cycle([], today=D(2024, 10, 1))
    assert _state(items, CycleKind.PLANSTRATEGI, 2023)[0] == CycleState.UPCOMING


def test_each_document_fulfils_the_plan_of_its_own_period() -> None:
    adopted = [
        AdoptedPlan("planstrategi", D(2020, 9, 17), 1),
        AdoptedPlan("planstrategi", D(2024, 6, 20), 2),
        AdoptedPlan("folkehelseoversikt", D(2023, 9, 1), 3),
    ]
    items = plan_cycle(adopted, today=D(2024, 11, 1))
    assert _state(items, CycleKind.PLANSTRATEGI, 2019) == (CycleState.FULFILLED, 1, False)
    assert _state(items, CycleKind.PLANSTRATEGI, 2023) == (CycleState.FULFILLED, 2, False)
    assert _state(items, CycleKind.FOLKEHELSEOVERSIKT, 2023) == (CycleState.FULFILLED, 3, False)
    # The 2019 overview window is 1.10.2015–1.10.2019: nothing there.
    assert _state(items, CycleKind.FOLKEHELSEOVERSIKT, 2019)[0] == CycleState.OVERDUE


def test_late_adoption_still_fulfils_but_is_marked_late() -> None:
    items = plan_cycle([AdoptedPlan("planstrategi", D(2025, 2, 1), 7)], today=D(2025, 3, 1))
    assert _state(items, CycleKind.PLANSTRATEGI, 2023) == (CycleState.FULFILLED, 7, True)


def test_okonomiplan_counts_as_handlingsdel_once_per_year() -> None:
    adopted = [
        AdoptedPlan("okonomiplan", D(2023, 12, 14), 1),
        AdoptedPlan("handlingsdel", D(2024, 12, 12), 2),
    ]
    items = plan_cycle(adopted, today=D(2025, 1, 10))
    assert _state(items, CycleKind.HANDLINGSDEL, 2024) == (CycleState.FULFILLED, 1, False)
    assert _state(items, CycleKind.HANDLINGSDEL, 2025) == (CycleState.FULFILLED, 2, False)
    assert _state(items, CycleKind.HANDLINGSDEL, 2026)[0] == CycleState.UPCOMING


def test_other_kinds_never_fulfil_the_cycle() -> None:
    items = plan_cycle([AdoptedPlan("temaplan", D(2024, 1, 1), 1)], today=D(2024, 11, 1))
    assert all(item.document_id is None for item in items)


def test_items_are_newest_first() -> None:
    items = plan_cycle([], today=D(2024, 11, 1))
    dues = [item.due for item in items]
    assert dues == sorted(dues, reverse=True)
