"""An entry's opening hours as a reader sees them: a small table of the week in the page's
language, days and times as Babel writes them there (9:00 a.m. in English, 09:00 in French,
Arabic's own marks), consecutive days with the same hours on one row ("Monday to Friday"), one
group of rows per season when the hours change in the year ("November to March").

Whether a place is open now is not here: the static page would go stale. The reader's browser
works it out from the syntax (``docs/javascripts/hours.js``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_interval, format_time

from assetmap.inventory import hours
from assetmap.inventory.schema import N_
from assetmap.language import Reader

TO = N_("%(first)s to %(last)s")  # "Monday to Friday", "November to March"
CLOSED = N_("Closed")
ALL_DAY = N_("Open 24 hours")
EVERY_DAY = N_("Every day")


@dataclass(frozen=True)
class Row:
    days: str  # "Monday to Friday"
    times: str  # "9:00 a.m. – 5:00 p.m., 6:00 – 8:00 p.m.", or "Closed"
    closed: bool = False


@dataclass(frozen=True)
class SeasonView:
    months: str  # "November to March"; empty when the hours are the same all year
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Week:
    """The table of an entry's hours: its seasons, each with its rows."""

    seasons: tuple[SeasonView, ...]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _span(reader: Reader, span: hours.Span) -> str:
    locale = reader.babel_locale
    if span.opens == dt.time() and span.closes is None:
        return reader.gettext(ALL_DAY)
    closes = span.closes or dt.time()
    skeleton = "Hm" if locale.time_formats["short"].pattern.startswith("H") else "hm"
    if closes > span.opens:
        return format_interval(span.opens, closes, skeleton, locale=locale)
    return f"{format_time(span.opens, 'short', locale=locale)} – " \
           f"{format_time(closes, 'short', locale=locale)}"


def _range(reader: Reader, names: list[str], first: int, last: int) -> str:
    if first == last:
        return _capital(names[first])
    return _capital(reader.gettext(TO) % {"first": names[first], "last": names[last]})


def _rows(reader: Reader, week: hours.Week) -> tuple[Row, ...]:
    days = reader.babel_locale.days["format"]["wide"]  # 0 is Monday
    names = [days[i] for i in range(hours.WEEK)]
    if len(set(week)) == 1:
        return (Row(reader.gettext(EVERY_DAY), _times(reader, week[0]), not week[0]),)
    rows = []
    first = 0
    for index in range(1, hours.WEEK + 1):
        if index < hours.WEEK and week[index] == week[first]:
            continue
        rows.append(Row(_range(reader, names, first, index - 1), _times(reader, week[first]),
                        not week[first]))
        first = index
    return tuple(rows)


def _times(reader: Reader, spans: tuple[hours.Span, ...]) -> str:
    if not spans:
        return reader.gettext(CLOSED)
    return ", ".join(_span(reader, span) for span in spans)


def _months(reader: Reader, months: tuple[int, ...]) -> str:
    """'November to March' for months that follow each other; else each run, by commas."""
    names = reader.babel_locale.months["stand-alone"]["wide"]  # 1 is January
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] % 12 + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    labels = [_capital(names[run[0]]) if len(run) == 1 else
              _capital(reader.gettext(TO) % {"first": names[run[0]], "last": names[run[-1]]})
              for run in runs]
    return ", ".join(labels)


def make_week(value: str, reader: Reader) -> Week | None:
    """The table of ``value`` (checked opening_hours) for ``reader``; None when it has none
    (empty), or when no usual week says it (the second Tuesday of the month)."""
    if not value:
        return None
    found = hours.seasons(value)
    if not found:
        return None
    if len(found) == 1:
        return Week((SeasonView("", _rows(reader, found[0].week)),))
    return Week(tuple(SeasonView(_months(reader, season.months), _rows(reader, season.week))
                      for season in found))
