from __future__ import annotations

import datetime

import pytest

from kommunenettverk.core.workdays import (
    easter_sunday,
    is_gathering_day,
    is_public_holiday,
    is_working_day,
    next_gathering_day,
    next_working_day,
    previous_working_day,
    public_holidays,
    within_office_hours,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2006, D(2006, 4, 16)),
        (2007, D(2007, 4, 8)),
        (2008, D(2008, 3, 23)),  # early: Maundy Thursday in March
        (2010, D(2010, 4, 4)),
        (2011, D(2011, 4, 24)),  # late
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),  # the latest possible date
        (2285, D(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_easter_sunday_matches_the_almanac(year: int, easter: datetime.date) -> None:
    assert easter_sunday(year) == easter


def test_holidays_of_2008_are_the_twelve_of_the_almanac() -> None:
    assert sorted(public_holidays(2008)) == [
        D(2008, 1, 1),
        D(2008, 3, 20),  # skjærtorsdag
        D(2008, 3, 21),  # langfredag
        D(2008, 3, 23),
        D(2008, 3, 24),  # andre påskedag
        D(2008, 5, 1),  # also Kristi himmelfartsdag that year: the two coincide
        D(2008, 5, 11),  # første pinsedag
        D(2008, 5, 12),  # andre pinsedag
        D(2008, 5, 17),
        D(2008, 12, 25),
        D(2008, 12, 26),
    ]
    assert public_holidays(2008)[D(2008, 5, 1)] == "Kristi himmelfartsdag"


def test_working_days_exclude_weekends_and_holidays() -> None:
    assert is_working_day(D(2026, 5, 18))  # Monday after 17 May
    assert not is_working_day(D(2026, 5, 14))  # Kristi himmelfartsdag, a Thursday
    assert not is_working_day(D(2026, 5, 16))  # Saturday
    assert is_public_holiday(D(2026, 4, 2)) and not is_public_holiday(D(2026, 4, 8))
    assert next_working_day(D(2026, 12, 24)) == D(2026, 12, 24)  # Christmas Eve is a Thursday
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 28)
    assert previous_working_day(D(2026, 4, 6)) == D(2026, 4, 1)  # before Easter


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (D(2026, 7, 1), False),  # July, a Wednesday
        (D(2026, 6, 30), True),
        (D(2026, 8, 3), True),
        (D(2026, 12, 22), False),  # Christmas week, a Tuesday
        (D(2027, 1, 4), True),
        (D(2026, 3, 30), False),  # Monday of Easter week
        (D(2026, 4, 7), True),  # Tuesday after Easter
        (D(2026, 5, 17), False),
    ],
)
def test_gathering_days_avoid_the_holiday_seasons(day: datetime.date, ok: bool) -> None:
    assert is_gathering_day(day) is ok


def test_next_gathering_day_finds_consecutive_days() -> None:
    # Thursday 5 March 2026: a two-day gathering cannot run over the weekend.
    assert next_gathering_day(D(2026, 3, 5)) == D(2026, 3, 5)
    assert next_gathering_day(D(2026, 3, 6), days=2) == D(2026, 3, 9)
    # Starting in July moves to August.
    assert next_gathering_day(D(2026, 7, 10), days=2) == D(2026, 8, 3)


def test_office_hours() -> None:
    t = datetime.time
    assert within_office_hours(t(9, 0), t(15, 30))
    assert within_office_hours(t(8, 0), t(17, 0))
    assert not within_office_hours(t(7, 30), t(12, 0))
    assert not within_office_hours(t(10, 0), t(18, 0))
