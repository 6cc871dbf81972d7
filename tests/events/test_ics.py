"""The .ics writer (RFC 5545): CRLF lines, escaped text, folding at 75 octets, UTC times."""

from __future__ import annotations

import datetime

import pytest

from spets.events.ics import CalendarEvent, calendar, escape_text, fold

STOCKHOLM_WINTER = datetime.timezone(datetime.timedelta(hours=1))


def event(**overrides) -> CalendarEvent:
    fields = dict(
        uid="event-7@spets",
        summary="Workshop: automation, robotar; och mer",
        starts_at=datetime.datetime(2025, 3, 10, 9, 0, tzinfo=STOCKHOLM_WINTER),
        ends_at=datetime.datetime(2025, 3, 10, 12, 0, tzinfo=STOCKHOLM_WINTER),
        stamp=datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC),
        location="IUC Dalarna, Borlänge",
        description="Rad ett\nRad två med \\ snedstreck",
    )
    fields.update(overrides)
    return CalendarEvent(**fields)


def test_every_line_ends_in_crlf_and_the_calendar_has_one_event():
    text = calendar(event())
    assert text.endswith(b"\r\n")
    assert b"\n" not in text.replace(b"\r\n", b"")
    lines = text.decode("utf-8").split("\r\n")
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert any(line.startswith("PRODID:") for line in lines)


def test_times_are_in_utc_with_z():
    lines = calendar(event()).decode().split("\r\n")
    assert "DTSTART:20250310T080000Z" in lines
    assert "DTEND:20250310T110000Z" in lines
    assert "DTSTAMP:20250303T090000Z" in lines
    assert "UID:event-7@spets" in lines


def test_text_escapes_commas_semicolons_backslashes_and_line_breaks():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    unfolded = calendar(event()).decode().replace("\r\n ", "")
    assert "SUMMARY:Workshop: automation\\, robotar\\; och mer\r\n" in unfolded
    assert "LOCATION:IUC Dalarna\\, Borlänge\r\n" in unfolded
    assert "DESCRIPTION:Rad ett\\nRad två med \\\\ snedstreck\r\n" in unfolded


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "åäö" * 60
    folded = fold(line)
    parts = folded.split(b"\r\n")[:-1]
    assert len(parts) > 1
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    for part in parts:
        part.decode("utf-8")  # no character cut in two
    assert b"".join([parts[0], *(p[1:] for p in parts[1:])]).decode() == line


def test_a_floating_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar(event(starts_at=datetime.datetime(2025, 3, 10, 9, 0)))
