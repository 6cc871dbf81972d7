"""An iCalendar file (RFC 5545) for one event, written by hand: the few properties a calendar needs.

Pure: plain values in, bytes out. Lines end in CRLF (3.1), text values escape backslash, semicolon,
comma and line breaks (3.3.11), and lines longer than 75 octets are folded with CRLF and a space, never
inside a UTF-8 character (3.1). Times are written in UTC ("Z" form, 3.3.5), so no VTIMEZONE is needed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

PRODID = "-//Spets//Events//SV"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # globally unique and stable: a calendar updates the entry instead of adding a second
    summary: str
    starts_at: datetime.datetime  # aware
    ends_at: datetime.datetime  # aware
    stamp: datetime.datetime  # aware: when the file was written (DTSTAMP)
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("give an aware datetime: a floating time means a different moment in each calendar")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets (continuation lines start with a space, so 74 octets of
    content), never splitting a multi-byte character."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out).encode("utf-8") + b"\r\n"


def calendar(event: CalendarEvent) -> bytes:
    """A VCALENDAR with one VEVENT."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc(event.stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return b"".join(fold(line) for line in lines)
