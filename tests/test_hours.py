"""Opening hours as data: the week a syntax makes (overnight, seasons, round the clock), and
its table in English, French and Arabic, as Babel writes days and times in each."""

from __future__ import annotations

import datetime as dt

import pytest

from assetmap.inventory.hours import HoursSyntaxError, Span, parse, seasons
from assetmap.language import Reader
from assetmap.pages.hours import make_week

NINE_TO_FIVE = (Span(dt.time(9), dt.time(17)),)


def rows(value, lang):
    week = make_week(value, Reader.of(lang, "en"))
    return [(season.months, [(row.days, row.times, row.closed) for row in season.rows])
            for season in week.seasons]


def test_weekdays_and_saturday_make_one_season():
    (season,) = seasons("Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off")
    assert season.months == tuple(range(1, 13))
    assert season.week[:5] == (NINE_TO_FIVE,) * 5
    assert season.week[5] == (Span(dt.time(10), dt.time(12)),)
    assert season.week[6] == ()


def test_overnight_hours_stay_on_the_day_they_begin():
    (season,) = seasons("Fr-Sa 22:00-02:00")
    overnight = (Span(dt.time(22), dt.time(2)),)
    assert season.week == ((), (), (), (), overnight, overnight, ())


def test_sunday_night_into_monday_is_sunday_s():
    (season,) = seasons("Su 22:00-02:00")
    assert season.week == ((), (), (), (), (), (), (Span(dt.time(22), dt.time(2)),))


def test_a_seasonal_closure_makes_two_seasons_across_the_new_year():
    closed, open_ = seasons("Nov-Mar: Mo-Fr 09:00-17:00")
    assert closed.months == (4, 5, 6, 7, 8, 9, 10) and closed.closed
    assert open_.months == (11, 12, 1, 2, 3)
    assert open_.week == (NINE_TO_FIVE,) * 5 + ((), ())


def test_a_month_s_second_tuesday_has_no_usual_week():
    assert seasons("Tu[2] 10:00-12:00") is None
    assert make_week("Tu[2] 10:00-12:00", Reader.of("en", "en")) is None


def test_syntax_errors_say_where():
    with pytest.raises(HoursSyntaxError) as caught:
        parse("Mo-Fx 09:00-17:00")
    assert (caught.value.position, caught.value.near) == (4, "Fx 09:00-17:…")


@pytest.mark.parametrize("lang, expected", [
    ("en", [("Monday to Friday", "9:00\u202fAM\u2009–\u20095:00\u202fPM", False),
            ("Saturday", "10:00\u202fPM – 2:00\u202fAM", False),
            ("Sunday", "Closed", True)]),
    ("fr", [("Lundi à vendredi", "09:00\u2009–\u200917:00", False),
            ("Samedi", "22:00 – 02:00", False),
            ("Dimanche", "Fermé", True)]),
    ("ar", [("من الاثنين إلى الجمعة", "9:00 ص\u2009–\u20095:00 م", False),
            ("السبت", "10:00 م – 2:00 ص", False),
            ("الأحد", "مغلق", True)]),
])
def test_the_week_in_each_language(lang, expected):
    """Day names and times as each language writes them: 12 hours in English and Arabic
    (with Arabic's own marks for morning and evening), 24 in French; overnight on the day it
    begins."""
    assert rows("Mo-Fr 09:00-17:00; Sa 22:00-02:00", lang) == [("", expected)]


@pytest.mark.parametrize("lang, months, every_day", [
    ("en", ["April to October", "November to March"], "Every day"),
    ("fr", ["Avril à octobre", "Novembre à mars"], "Tous les jours"),
    ("ar", ["من أبريل إلى أكتوبر", "من نوفمبر إلى مارس"], "كل يوم"),
])
def test_seasons_are_named_by_their_months(lang, months, every_day):
    found = rows("Nov-Mar: Mo-Su 09:00-17:00", lang)
    assert [season for season, _ in found] == months
    assert [rows_[0][0] for _, rows_ in found] == [every_day, every_day]
    assert found[0][1][0][2] is True  # closed all week from April to October


def test_round_the_clock():
    assert rows("24/7", "en") == [("", [("Every day", "Open 24 hours", False)])]
