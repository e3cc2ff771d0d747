"""HSDS ``schedules`` read back as opening hours: the syntax an assetmap export left in a
schedule's notes, or another directory's weekly rows (byday, opens_at, closes_at)."""

from __future__ import annotations

import re

from assetmap.imports.mapping import cell_text
from assetmap.inventory import hours

# The notes of an assetmap export's first schedule: the syntax as written (assetmap.export.hsds)
SYNTAX_NOTE = re.compile(r"^OpenStreetMap opening_hours(?: \([^)]*\))?: (.+)$", re.S)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})")


def weekly_row(schedule: dict) -> hours.Weekly | None:
    """A weekly schedule row as days and local times (an offset such as '-05:00' after the
    time is left: the hours are the site's time zone's); None for any other row."""
    if cell_text(schedule.get("freq")).upper() not in ("", "WEEKLY"):
        return None
    days = [hours.ICAL_DAYS.index(day) for day in
            (d.strip().upper() for d in cell_text(schedule.get("byday")).split(","))
            if day in hours.ICAL_DAYS]
    opens = _TIME.match(cell_text(schedule.get("opens_at")))
    closes = _TIME.match(cell_text(schedule.get("closes_at")))
    if not days or not opens or not closes:
        return None
    return hours.Weekly(tuple(days), f"{int(opens[1]):02d}:{opens[2]}",
                        f"{int(closes[1]):02d}:{closes[2]}")
