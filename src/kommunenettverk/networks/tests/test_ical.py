"""The hand-written iCalendar output against RFC 5545's rules (no database)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from kommunenettverk.networks import ical

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
STAMP = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Bodø, rådhus", "Bodø\\, rådhus"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("to\nlinjer", "to\\nlinjer"),
        ("", ""),
    ],
)
def test_text_is_escaped(raw: str, escaped: str) -> None:
    assert ical.escape_text(raw) == escaped


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "ø" * 80  # two octets each
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_short_line_is_not_folded() -> None:
    assert ical.fold("UID:1") == "UID:1"


def test_calendar_has_utc_times_and_crlf() -> None:
    event = ical.Event(
        uid="samling-1@example.org",
        starts_at=datetime.datetime(2008, 1, 10, 10, 0, tzinfo=OSLO),
        ends_at=datetime.datetime(2008, 1, 11, 13, 0, tzinfo=OSLO),
        summary="Salten: samling 1",
        location="Bodø, rådhus",
    )
    body = ical.calendar("Salten", [event], stamp=STAMP)
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "DTSTART:20080110T090000Z" in lines  # 10:00 in Oslo in winter is 09:00 UTC
    assert "DTEND:20080111T120000Z" in lines
    assert "DTSTAMP:20260101T120000Z" in lines
    assert "LOCATION:Bodø\\, rådhus" in lines
    assert "\n" not in body.replace("\r\n", "")


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ical.utc(datetime.datetime(2008, 1, 1, 10, 0))
