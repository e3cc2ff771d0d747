"""Opening hours as data: the ``opening_hours`` column, in OpenStreetMap's syntax
(https://wiki.openstreetmap.org/wiki/Key:opening_hours), read by ``opening-hours-py`` (the
Rust parser of opening-hours-rs), the same syntax the reader's browser evaluates for "Open now"
(``docs/javascripts/hours.js``).

The syntax says more than a week: months, holidays, the second Tuesday. The pages show it as
the weeks of a year: each month's usual week (its second full week, away from month ends), the
months whose weeks are alike grouped together ("November to March"). What a week cannot show
(a public holiday, one date) stays in the syntax, which the browser evaluates on the day, and
the free-text ``hours`` say it in words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from opening_hours import OpeningHours, ParserError, State

WEEK = 7
# The year whose weeks stand for every year's: any year would do, the syntax's months and
# weekdays are what count (no country is given, so no public holiday falls in it)
REFERENCE_YEAR = 2018
_WHERE = re.compile(r"-->\s*\d+:(\d+)")
_EXPECTED = re.compile(r"=\s*expected (.+)")


class HoursSyntaxError(ValueError):
    """A value that is not in the syntax: ``position`` is its 1-based character, ``expected``
    what the parser wanted there, in its words."""

    def __init__(self, value: str, position: int, expected: str) -> None:
        super().__init__(f"{value!r}: not opening_hours syntax at character {position}")
        self.value, self.position, self.expected = value, position, expected

    @property
    def near(self) -> str:
        """The value from the character where it goes wrong (a few characters of it)."""
        rest = self.value[self.position - 1:]
        return rest[:12] + ("…" if len(rest) > 12 else "") if rest else ""


def parse(value: str) -> OpeningHours:
    """The expression ``value``; ``HoursSyntaxError`` when it is not in the syntax."""
    try:
        return OpeningHours(value, auto_country=False, auto_timezone=False)
    except ParserError as exc:
        text = str(exc)
        where = _WHERE.search(text)
        expected = _EXPECTED.search(text)
        raise HoursSyntaxError(value, int(where.group(1)) if where else 1,
                               expected.group(1).strip() if expected else "") from None


@dataclass(frozen=True)
class Span:
    """Open from ``opens`` to ``closes`` on a day; ``closes`` may be the next day's (an
    overnight span, 22:00 to 02:00), or None for midnight at the day's end."""

    opens: dt.time
    closes: dt.time | None


# A week: for each day, Monday first, the spans it is open
Week = tuple[tuple[Span, ...], ...]


@dataclass(frozen=True)
class Season:
    """Months (1 to 12, in order, possibly across the new year: 11, 12, 1, 2, 3) whose usual
    week is ``week``."""

    months: tuple[int, ...]
    week: Week

    @property
    def closed(self) -> bool:
        return not any(self.week)


def _mondays(month: int) -> list[dt.datetime]:
    """The Mondays of the month's first three full weeks in the reference year."""
    day = dt.date(REFERENCE_YEAR, month, 1)
    first = day + dt.timedelta(days=-day.weekday() % WEEK)
    return [dt.datetime.combine(first + dt.timedelta(WEEK * n), dt.time()) for n in range(3)]


def _pieces(expression: OpeningHours, monday: dt.datetime) -> list[list[tuple[dt.time, bool]]]:
    """For each day of the week from ``monday``, its open pieces cut at midnight: (opens,
    whether it runs to midnight), and for the day after Sunday, to see overnight ends."""
    days: list[list] = [[] for _ in range(WEEK + 1)]
    ends: list[list] = [[] for _ in range(WEEK + 1)]
    for start, end, state, _ in expression.intervals(monday, monday + dt.timedelta(WEEK + 1)):
        if state != State.OPEN:
            continue
        while start < end:
            index = (start - monday).days
            midnight = dt.datetime.combine(start.date() + dt.timedelta(1), dt.time())
            piece_end = min(end, midnight)
            if index <= WEEK:
                days[index].append(start.time())
                ends[index].append(None if piece_end == midnight else piece_end.time())
            start = piece_end
    return [list(zip(d, e, strict=True)) for d, e in zip(days, ends, strict=True)]


def _week(expression: OpeningHours, monday: dt.datetime) -> Week:
    """The week's spans by day; a span to midnight that the next day continues from midnight
    ends when that piece ends (22:00 to 02:00), unless the day is open all day."""
    pieces = _pieces(expression, monday)
    week = []
    for index in range(WEEK):
        spans = []
        for opens, closes in pieces[index]:
            after = pieces[index + 1]
            if opens == dt.time() and index and closes and _spills(pieces[index - 1]):
                continue  # the end of last night's span, shown on the day it began
            if closes is None and after and after[0][0] == dt.time() and after[0][1] and \
                    opens != dt.time():
                closes = after[0][1]
            spans.append(Span(opens, closes))
        week.append(tuple(spans))
    # Monday's first piece from midnight is Sunday night's, when Sunday's span runs on
    if week[0] and week[0][0].opens == dt.time() and week[0][0].closes and _spills(pieces[6]):
        week[0] = week[0][1:]
    return tuple(week)


def _spills(day: list[tuple[dt.time, dt.time | None]]) -> bool:
    """Whether the day's last piece runs on past midnight, having begun after it."""
    return bool(day) and day[-1][1] is None and day[-1][0] != dt.time()


def seasons(value: str) -> tuple[Season, ...] | None:
    """The year of ``value`` as seasons: months whose usual weeks are alike, in the order of
    the year from the first month after a change (November to March, then April to October).
    None when a month's weeks differ ('Tu[2]', the second Tuesday): no usual week says it.
    ``HoursSyntaxError`` when it is not in the syntax."""
    expression = parse(value)
    weeks = []
    for month in range(1, 13):
        alike = {_week(expression, monday) for monday in _mondays(month)}
        if len(alike) > 1:
            return None
        weeks.append(alike.pop())
    # A season that runs across the new year starts in its first month after a change
    start = next((m for m in range(12) if weeks[m] != weeks[m - 1]), 0)
    found: list[Season] = []
    for index in ((start + i) % 12 for i in range(12)):
        same = next((s for s in found if s.week == weeks[index]), None)
        if same is None:
            found.append(Season((index + 1,), weeks[index]))
        else:
            found[found.index(same)] = Season((*same.months, index + 1), same.week)
    return tuple(found)


# iCal's names of the days (RFC 5545 BYDAY, HSDS's schedules), Monday first, and OSM's
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


@dataclass(frozen=True)
class Weekly:
    """Open on ``days`` (0 is Monday) from ``opens`` to ``closes`` ("HH:MM"; "24:00" for
    midnight at the day's end; before ``opens`` when it runs overnight), every week."""

    days: tuple[int, ...]
    opens: str
    closes: str


def _hhmm(time: dt.time | None) -> str:
    return "24:00" if time is None else time.strftime("%H:%M")


def weekly(value: str) -> tuple[Weekly, ...] | None:
    """``value`` as weekly times, the same all year, each span with the days it is on; None
    when the year has seasons or the month's weeks differ (what only the syntax says)."""
    found = seasons(value)
    if not found or len(found) != 1:
        return None
    days: dict[tuple[str, str], list[int]] = {}
    for day, spans in enumerate(found[0].week):
        for span in spans:
            days.setdefault((_hhmm(span.opens), _hhmm(span.closes)), []).append(day)
    return tuple(Weekly(tuple(on), opens, closes) for (opens, closes), on in days.items())


def _day_list(days: list[int]) -> str:
    """'Mo-We,Fr' for Monday, Tuesday, Wednesday and Friday."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(OSM_DAYS[r[0]] if len(r) == 1 else
                    f"{OSM_DAYS[r[0]]}{'-' if len(r) > 2 else ','}{OSM_DAYS[r[-1]]}"
                    for r in runs)


def from_weekly(times: list[Weekly]) -> str:
    """The syntax of weekly times: 'Mo-Fr 09:00-17:00; Sa 10:00-12:00'. Days with the same
    spans share a rule; '' when there are none."""
    spans: dict[int, list[tuple[str, str]]] = {}
    for time in times:
        for day in time.days:
            spans.setdefault(day, []).append((time.opens, time.closes))
    alike: dict[tuple, list[int]] = {}
    for day in sorted(spans):
        alike.setdefault(tuple(sorted(spans[day])), []).append(day)
    return "; ".join(f"{_day_list(days)} " + ",".join(f"{o}-{c}" for o, c in same)
                     for same, days in alike.items())
