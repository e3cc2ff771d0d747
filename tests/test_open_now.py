"""'Open now' and 'Open on…', worked out in a real browser whose clock Playwright sets, on the
built sample: the Find page's filters and an entry's status line, in the site's time zone
(America/Toronto) while the browser is in Tokyo's. What should be open is worked out here by
another implementation of the syntax, opening-hours-py (the one `assetmap check` uses), not
written down by hand."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from opening_hours import OpeningHours

from .support.project import PREFIX, SAMPLE, SETTINGS

ZONE = ZoneInfo(SETTINGS.time_zone)
WEDNESDAY_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZONE)
SUNDAY_23_30 = dt.datetime(2026, 12, 6, 23, 30, tzinfo=ZONE)
SATURDAY_00_30 = dt.datetime(2026, 12, 5, 0, 30, tzinfo=ZONE)  # Friday night's, till 01:00


def sample_hours() -> dict[str, str]:
    with (SAMPLE / "assets.csv").open(encoding="utf-8") as f:
        return {row["id"]: row["opening_hours"] for row in csv.DictReader(f)}


def open_at(moment: dt.datetime) -> set[str]:
    return {asset_id for asset_id, hours in sample_hours().items()
            if hours and OpeningHours(hours, timezone=ZONE, auto_country=False,
                                      auto_timezone=False).is_open(moment)}


UNLISTED = {asset_id for asset_id, hours in sample_hours().items() if not hours}


@pytest.fixture
def tokyo(browser):
    """A tab whose clock is in another zone than the site's: the hours are the site's."""
    context = browser.new_context(timezone_id="Asia/Tokyo")
    yield context.new_page()
    context.close()


def find(page, base: str, query: str, lang: str = "en") -> tuple[list[str], list[str]]:
    """The results of the Find page for ``query``: (before the heading "Hours not listed",
    after it), every result shown."""
    page.goto(f"{base}/{PREFIX[lang]}find/?{query}")
    page.wait_for_function("""() => document.querySelector('[data-am-status]').dataset.amQuery
        === location.search.slice(1)""")
    while page.is_visible("[data-am-more]"):
        before = int(page.get_attribute("[data-am-list]", "data-am-shown"))
        page.click("[data-am-more]")
        page.wait_for_function("""(n) => Number(document.querySelector('[data-am-list]')
            .dataset.amShown) > n""", arg=before)
    return page.evaluate("""() => {
        const open = [], unlisted = [];
        let after = false;
        for (const node of document.querySelector('[data-am-list]').children) {
            if (node.matches('[data-am-unlisted]')) after = true;
            else (after ? unlisted : open).push(node.getAttribute('aria-labelledby'));
        }
        return [open, unlisted];
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("moment", [WEDNESDAY_10, SUNDAY_23_30, SATURDAY_00_30],
                         ids=["weekday-10h", "sunday-23h30", "overnight-00h30"])
def test_open_now_lists_what_is_open_then_the_entries_without_hours(tokyo, sample_url, moment):
    tokyo.clock.set_fixed_time(moment)
    open_, unlisted = find(tokyo, sample_url, "open=now")
    expected = open_at(moment)
    assert expected  # each moment has something open (the helplines at least)
    assert sorted(open_) == sorted(expected)
    assert sorted(unlisted) == sorted(UNLISTED)  # never hidden as closed
    heading = tokyo.get_attribute("[data-am-unlisted]", "data-am-unlisted")
    assert int(heading) == len(UNLISTED)
    total = int(tokyo.inner_text("[data-am-status]").split()[0])
    assert total == len(expected) + len(UNLISTED)


@pytest.mark.browser
def test_overnight_hours_are_open_after_midnight(tokyo, sample_url):
    tokyo.clock.set_fixed_time(SATURDAY_00_30)
    open_, _ = find(tokyo, sample_url, "open=now")
    assert "maple-heights-youth-drop-in" in open_  # Fr-Sa 21:00-01:00
    tokyo.clock.set_fixed_time(SATURDAY_00_30 + dt.timedelta(hours=1))
    open_, _ = find(tokyo, sample_url, "open=now")
    assert "maple-heights-youth-drop-in" not in open_


@pytest.mark.browser
def test_open_on_a_day_and_time_narrows(tokyo, sample_url):
    tokyo.clock.set_fixed_time(WEDNESDAY_10)
    saturday_10 = WEDNESDAY_10 + dt.timedelta(days=3)
    open_, unlisted = find(tokyo, sample_url, "open=on&day=5&at=10:00")
    assert sorted(open_) == sorted(open_at(saturday_10))
    assert sorted(unlisted) == sorted(UNLISTED)
    whole_day, _ = find(tokyo, sample_url, "open=on&day=5")
    assert set(open_) < set(whole_day)  # the whole Saturday has more than 10 o'clock
    assert "riverbend-furniture-bank" in whole_day  # Sa 09:00-12:00
    assert "riverbend-food-bank" not in whole_day  # Tu,Th


@pytest.mark.browser
@pytest.mark.parametrize("lang, moment, expected", [
    ("en", WEDNESDAY_10, "Open now"),
    ("en", SUNDAY_23_30, "Closed now, opens Monday 9:00 AM"),
    ("fr", SUNDAY_23_30, "Fermé maintenant, ouvre lundi 09:00"),
    ("ar", WEDNESDAY_10, "مفتوح الآن"),
])
def test_an_entry_page_says_whether_it_is_open(tokyo, sample_url, lang, moment, expected):
    tokyo.clock.set_fixed_time(moment)
    tokyo.goto(f"{sample_url}/{PREFIX[lang]}assets/housing-help-centre/")  # Mo-Fr 09:00-16:00
    tokyo.wait_for_function("() => document.querySelector('[data-am-hours]').dataset.amState")
    assert tokyo.inner_text("[data-am-hours]").replace("\u202f", " ") == expected


@pytest.mark.browser
def test_an_entry_without_hours_is_never_said_closed(tokyo, sample_url):
    tokyo.clock.set_fixed_time(SUNDAY_23_30)
    tokyo.goto(f"{sample_url}/assets/friendly-visiting-program/")
    assert tokyo.inner_text(".am-hours__now") == "Hours: see details"
    assert tokyo.locator("[data-am-hours]").count() == 0
