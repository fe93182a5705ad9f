"""The Norwegian working-day calendar: public holidays (the Easter-based ones computed), the
July holiday and the weeks around Christmas and Easter when nobody holds a gathering.

Pure functions of dates, no Django: the demo scenario plans gatherings with them, and the
demo test checks every gathering against them.
"""

from __future__ import annotations

import datetime
from functools import cache

# Gatherings run within office hours.
OFFICE_OPENS = datetime.time(8, 0)
OFFICE_CLOSES = datetime.time(17, 0)


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, also known
    as Meeus/Jones/Butcher), valid for every year from 1583."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[datetime.date, str]:
    """Norway's public holidays (helligdager and høytidsdager, lov om 1. og 17. mai) in
    `year`, by date, with their Norwegian names."""
    easter = easter_sunday(year)

    def after_easter(days: int) -> datetime.date:
        return easter + datetime.timedelta(days=days)

    return {
        datetime.date(year, 1, 1): "Første nyttårsdag",
        after_easter(-3): "Skjærtorsdag",
        after_easter(-2): "Langfredag",
        easter: "Første påskedag",
        after_easter(1): "Andre påskedag",
        datetime.date(year, 5, 1): "Offentlig høytidsdag",
        datetime.date(year, 5, 17): "Grunnlovsdag",
        after_easter(39): "Kristi himmelfartsdag",
        after_easter(49): "Første pinsedag",
        after_easter(50): "Andre pinsedag",
        datetime.date(year, 12, 25): "Første juledag",
        datetime.date(year, 12, 26): "Andre juledag",
    }


def is_public_holiday(day: datetime.date) -> bool:
    return day in public_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and not is_public_holiday(day)


def in_holiday_season(day: datetime.date) -> bool:
    """July (fellesferien), Christmas to New Year, and the Easter week from Palm Sunday: working
    days perhaps, but no time for a gathering."""
    if day.month == 7:
        return True
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
        return True
    easter = easter_sunday(day.year)
    return easter - datetime.timedelta(days=7) <= day <= easter + datetime.timedelta(days=1)


def is_gathering_day(day: datetime.date) -> bool:
    """A day a network could meet: a working day outside the holiday seasons."""
    return is_working_day(day) and not in_holiday_season(day)


def next_gathering_day(day: datetime.date, *, days: int = 1) -> datetime.date:
    """The first date on or after `day` that starts `days` consecutive gathering days."""
    while not all(is_gathering_day(day + datetime.timedelta(days=n)) for n in range(days)):
        day += datetime.timedelta(days=1)
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day on or after `day`."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    """The last working day on or before `day`."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def within_office_hours(start: datetime.time, end: datetime.time) -> bool:
    """Both times fall between 08:00 and 17:00."""
    return OFFICE_OPENS <= start <= OFFICE_CLOSES and OFFICE_OPENS <= end <= OFFICE_CLOSES
