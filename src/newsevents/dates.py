"""Event dates: find the date expression that belongs to an event and resolve it.

:func:`event_date` looks for a DATE entity attached to the event trigger's clause
(``"on Tuesday"``, ``"yesterday"``, ``"last week"``), resolves it relative to the
publication date, and falls back to the dateline date or the publication date.

Resolution uses our own rules for what news text says most often (weekdays, "last
week", "earlier this month", "Oct. 30", "in 2019", "three years ago") and `dateparser`
for the rest.  Results carry a precision: for ``week`` the date is the Monday of that
week (the Saturday for "weekend"), for ``month`` the first of the month, for ``year``
January 1.

Tense rule: a past-tense clause never yields a date after publication (an ``"Oct. 30"``
that would be in the future moves to the previous year); a planned clause ("will meet",
"is scheduled for") prefers dates on or after publication.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsevents import factuality as _factuality
from newsevents.datafiles import read_yaml

Precision = Literal["day", "week", "month", "year"]
Tense = Literal["past", "present", "future"]
DateResult = tuple[str | None, str | None, str | None]

__all__ = ["event_date", "resolve_date_text"]

_MAX_HEAD_STEPS = 40
_ENTS_KEY = "newsevents.date_ents"


@functools.cache
def _words() -> dict:
    """The date word lists from ``data/dates.yaml`` plus calendar names (loaded once)."""
    raw = read_yaml("dates.yaml")
    months = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    months.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
    months.update(raw.get("month_aliases") or {})
    weekdays = {name.lower(): i for i, name in enumerate(calendar.day_name)}
    weekdays.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
    raw["months"] = months
    raw["weekdays"] = weekdays
    raw["qualifiers"] = set(raw["qualifiers"])
    raw["parts_of_day"] = set(raw["parts_of_day"])
    raw["ignore_prepositions"] = set(raw["ignore_prepositions"])
    raw["span_prepositions"] = set(raw["span_prepositions"])
    return raw


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Regular expressions built from the word lists (compiled once)."""
    w = _words()
    month = "|".join(sorted(map(re.escape, w["months"]), key=len, reverse=True))
    weekday = "|".join(sorted(map(re.escape, w["weekdays"]), key=len, reverse=True))
    shift = "|".join(map(re.escape, w["shift_words"]))
    number = "|".join([r"\d+", *map(re.escape, w["numbers"])])
    unit = r"(day|week|month|year)s?"
    return {
        "weekday": re.compile(rf"^(?:(?P<shift>{shift})\s+)?(?P<wd>{weekday})$"),
        "weekday_prefix": re.compile(rf"^(?:{weekday}),?\s+"),
        "unit": re.compile(rf"^(?P<shift>{shift})\s+(?P<unit>week|weekend|month|year)$"),
        "ago": re.compile(rf"^(?:(?:a|an)\s+)?(?P<n>{number})\s+{unit}\s+(?:ago|earlier|before)$"),
        "duration": re.compile(rf"\b(?:{number})\s+{unit}\b"),
        "month_day": re.compile(
            rf"^(?P<month>{month})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$"
        ),
        "day_month": re.compile(
            rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{month})(?:,?\s+(?P<year>\d{{4}}))?$"
        ),
        "month": re.compile(
            rf"^(?:(?P<shift>{shift})\s+)?(?P<month>{month})(?:,?\s+(?:of\s+)?(?P<year>\d{{4}}))?$"
        ),
        "year": re.compile(r"^(?:the\s+year\s+)?(?P<year>(?:19|20)\d{2})$"),
        "decade": re.compile(r"\d0s\b|'\d0s\b"),
        # worth asking dateparser: a 4-digit year, a numeric date, or a calendar word
        "useful": re.compile(
            rf"\b\d{{4}}\b|\b\d{{1,2}}[/.-]\d{{1,2}}\b|\b(?:{month}|{weekday}|ago|week|month|year)\b"
        ),
    }


def _normalise(text: str) -> str:
    """Lowercase a date expression and strip words that do not change the resolved unit."""
    w = _words()
    t = text.lower().replace("\u2019", "'").strip(" ,.;:")
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"\b([a-z]{3,5})\.", r"\1", t)  # "oct." -> "oct", "sept." -> "sept"
    t = re.sub(r"[-\u2013\u2014]", " ", t)  # "mid-october" -> "mid october"
    t = re.sub(r"\s+", " ", t).strip()
    words = t.split(" ")
    while words and words[0] in {"on", "in", "the", "at", "of", "during", "as", "recently"}:
        words = words[1:]
    t = " ".join(words)
    if t in w["relative_days"]:
        return t
    words = t.split(" ")
    while words and (words[0] in w["qualifiers"] or words[0] in {"of", "the", "in"}):
        words = words[1:]
    while len(words) > 1 and (words[-1] in w["parts_of_day"] or words[-1] in w["qualifiers"]):
        words = words[:-1]
    return " ".join(words)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_weekday(wd: int, shift: str | None, base: date, tense: Tense) -> date:
    """The date of weekday ``wd`` relative to ``base`` (see module doc for the rule)."""
    back = (base.weekday() - wd) % 7  # days back to the most recent such day, 0 = today
    ahead = (wd - base.weekday()) % 7
    step = _words()["shift_words"].get(shift, 0) if shift else 0
    if step < 0:
        return base - timedelta(days=back or 7)
    if step > 0:
        return base + timedelta(days=ahead or 7)
    if tense == "future":
        return base + timedelta(days=ahead)
    return base - timedelta(days=back)


def _pick_year(month: int, day: int, base: date, tense: Tense) -> date | None:
    """A month-day without a year: the publication year, moved so past stays past."""
    d = _safe_date(base.year, month, day)
    if d is None:
        return None
    if tense == "past" and d > base:
        d = _safe_date(base.year - 1, month, day)
    elif tense == "future" and d < base:
        d = _safe_date(base.year + 1, month, day)
    return d


def _rules(t: str, base: date | None, tense: Tense) -> tuple[date, Precision] | None | bool:
    """Resolve a normalised expression with our own rules.

    Returns ``(date, precision)``, ``None`` when a rule recognised the expression as
    not a date (a duration, a decade), or ``False`` when no rule applies.
    """
    w, p = _words(), _patterns()
    if p["decade"].search(t):
        return None
    # explicit calendar dates first: they need no base when the year is given
    t = p["weekday_prefix"].sub("", t) if p["weekday_prefix"].match(t) and re.search(r"\d", t) else t
    for key in ("month_day", "day_month"):
        m = p[key].match(t)
        if m:
            month, day = w["months"][m["month"]], int(m["day"])
            if m["year"]:
                d = _safe_date(int(m["year"]), month, day)
            elif base is not None:
                d = _pick_year(month, day, base, tense)
            else:
                return None
            return (d, "day") if d else None
    m = p["year"].match(t)
    if m:
        return date(int(m["year"]), 1, 1), "year"
    m = p["month"].match(t)
    if m:
        month = w["months"][m["month"]]
        if m["year"]:
            return date(int(m["year"]), month, 1), "month"
        if base is None:
            return None
        step = w["shift_words"].get(m["shift"], 0) if m["shift"] else 0
        year = base.year
        if step < 0 or (step == 0 and tense != "future"):
            if month > base.month or (step < 0 and month == base.month):
                year -= 1
        elif month < base.month or (step > 0 and month == base.month):
            year += 1
        return date(year, month, 1), "month"
    if base is None:
        return False
    if t in w["relative_days"]:
        return base + timedelta(days=w["relative_days"][t]), "day"
    m = p["weekday"].match(t)
    if m:
        return _resolve_weekday(w["weekdays"][m["wd"]], m["shift"], base, tense), "day"
    m = p["unit"].match(t)
    if m:
        step = w["shift_words"][m["shift"]]
        unit = m["unit"]
        if unit == "week":
            return _monday(base) + timedelta(weeks=step), "week"
        if unit == "weekend":
            saturday = _monday(base) + timedelta(days=5)
            if step < 0:
                saturday -= timedelta(weeks=1)
            elif step > 0 and base.weekday() >= 5:
                saturday += timedelta(weeks=1)
            return saturday, "week"
        if unit == "month":
            return _add_months(base.replace(day=1), step), "month"
        return date(base.year + step, 1, 1), "year"
    m = p["ago"].match(t)
    if m:
        n = int(m["n"]) if m["n"].isdigit() else w["numbers"][m["n"]]
        unit = m[2]
        if unit == "day":
            return base - timedelta(days=n), "day"
        if unit == "week":
            return _monday(base - timedelta(weeks=n)), "week"
        if unit == "month":
            return _add_months(base.replace(day=1), -n), "month"
        return date(base.year - n, 1, 1), "year"
    if p["duration"].search(t):
        return None  # "20 years", "the past two weeks": a span, not a date
    return False


@functools.lru_cache(maxsize=4096)
def _dateparser(t: str, base: date | None, prefer: str) -> tuple[date, Precision] | None:
    """Resolve with dateparser (cached per text, base date and preference)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(t)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period if data.period in ("day", "week", "month", "year") else "day"
    if period == "week":
        d = _monday(d)
    elif period == "month":
        d = d.replace(day=1)
    elif period == "year":
        d = date(d.year, 1, 1)
    return d, period


@functools.lru_cache(maxsize=8192)
def resolve_date_text(text: str, base: date | None, tense: Tense = "past") -> tuple[date, Precision] | None:
    """Resolve one date expression.

    Args:
        text: the expression as written ("on Tuesday", "Oct. 30", "earlier this month").
        base: the publication date relative expressions count from; ``None`` resolves only
            expressions that carry their own year.
        tense: ``past`` (the default: news reports what happened), ``present`` or ``future``
            (a planned event); past never yields a date after ``base``.

    Returns:
        ``(date, precision)`` or ``None`` when the text is not a resolvable date.
    """
    t = _normalise(text)
    if not t:
        return None
    if any(marker in text.lower() for marker in _words()["age_markers"]):
        return None
    result = _rules(t, base, tense)
    if result is False:
        if not _patterns()["useful"].search(t):
            return None
        result = _dateparser(t, base, "future" if tense == "future" else "past")
    if result is None:
        return None
    if tense == "past" and base is not None and result[0] > base:
        return None
    return result


# --- finding the date expression of an event -------------------------------------------


def _is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass"))


def _governors(trigger: Token) -> list[Token]:
    """Verbs whose date also dates the trigger: the verb a nominal trigger hangs from,
    the verbs an xcomp trigger ("agreed to meet") depends on, and the first conjunct of a
    subject-less conjunct verb."""
    out: list[Token] = []
    node = trigger
    if not _is_verb(node):
        steps = 0
        while node.head.i != node.i and not _is_verb(node) and steps < _MAX_HEAD_STEPS:
            node = node.head
            steps += 1
        if not _is_verb(node):
            return out
        out.append(node)
    while node.head.i != node.i and len(out) < 6:
        if node.dep_ == "xcomp" or (
            node.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
        ):
            node = node.head
            out.append(node)
        else:
            break
    return out


def _first_verb_above(ent: Span, trigger: Token) -> tuple[Token | None, bool]:
    """Walk up from the entity root to the trigger or the first other verb.

    Returns that word (``None`` at the sentence root, or when the walk passes through
    more than one noun: "the acquittal of X on charges of violence in 2010" dates the
    violence) and whether the walk passed through a noun ("attended the hearing on
    Monday" parsed with "on" under "hearing"): such a date may describe the noun.
    """
    node, nouns = ent.root, 0
    for _ in range(_MAX_HEAD_STEPS):
        head = node.head
        if head.i == node.i:
            return None, nouns > 0
        if head == trigger:
            return trigger, nouns > 0
        if ent.start <= head.i < ent.end:
            node = head
            continue
        if _is_verb(head):
            return head, nouns > 0
        if head.pos_ in ("NOUN", "PROPN", "PRON"):
            nouns += 1
            if nouns > 1:
                return None, True
        node = head
    return None, nouns > 0


def _preposition(ent: Span) -> str | None:
    """The preposition governing a date entity ("on", "for", "since"), if any."""
    head = ent.root.head
    if head.dep_ in ("prep", "agent") and head.i < ent.start:
        return head.lower_
    if ent.start > 0 and ent.doc[ent.start - 1].dep_ == "prep":
        return ent.doc[ent.start - 1].lower_
    return None


def _is_ignored(ent: Span, trigger: Token) -> bool:
    """Ages, bounds and dates that describe another noun ("72-year-old", "since 2019",
    "the 2021 election") are not the event's date."""
    w = _words()
    if _preposition(ent) in w["ignore_prepositions"]:
        return True
    root, head = ent.root, ent.root.head
    if root.dep_ in ("amod", "appos") or head.lower_ == "aged":
        return True  # "a 72-year-old activist", "Zamora, 67,"
    return (
        root.dep_ in ("compound", "nummod", "nmod", "poss")
        and head != trigger
        and head.ent_type_ not in ("DATE", "TIME")
        and head.lower_ not in w["parts_of_day"]
    )


def _clause_tense(doc: Doc, trigger: Token) -> Tense:
    """past / present / future of the trigger's clause (future = planned)."""
    if _factuality.factuality(doc, trigger) == "planned":
        return "future"
    verbs = [trigger] if _is_verb(trigger) else _governors(trigger)[:1]
    for v in verbs:
        if "Past" in v.morph.get("Tense") or any(
            c.dep_ in ("aux", "auxpass") and "Past" in c.morph.get("Tense") for c in v.children
        ):
            return "past"
        if v.tag_ in ("VBD", "VBN"):
            return "past"
    return "present" if verbs else "past"


def _date_ents(doc: Doc) -> dict[int, list[tuple[int, int]]]:
    """DATE/TIME entity token ranges by sentence start (computed once per Doc and kept in
    ``doc.user_data``; the context stage runs after entity recognition)."""
    table = doc.user_data.get(_ENTS_KEY)
    if table is None:
        table = {}
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                table.setdefault(_factuality.sentence_bounds(doc, ent.start)[0], []).append((ent.start, ent.end))
        doc.user_data[_ENTS_KEY] = table
    return table


def _candidates(doc: Doc, trigger: Token) -> list[Span]:
    """DATE (and relative-day TIME) entities attached to the trigger's clause, best first."""
    sent_start = _factuality.sentence_bounds(doc, trigger.i)[0]
    governors = _governors(trigger)
    nominal = not _is_verb(trigger)
    ranked: list[tuple[int, int, Span]] = []
    for start, end in _date_ents(doc).get(sent_start, ()):
        ent = doc[start:end]
        if _is_ignored(ent, trigger):
            continue
        if ent.label_ == "TIME" and _normalise(ent.text) not in _words()["relative_days"]:
            continue
        verb, via_noun = _first_verb_above(ent, trigger)
        if verb is None:
            continue
        if verb == trigger:
            rank = 0
        elif nominal and verb.head == trigger and verb.dep_ in ("relcl", "acl"):
            rank = 0  # "the strike, which took place on Monday"
        elif verb in governors:
            rank = 2 + governors.index(verb)
        else:
            continue
        if via_noun:
            rank += 1
        ranked.append((rank, abs(ent.root.i - trigger.i), ent))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [ent for _, _, ent in ranked]


def event_date(
    doc: Doc, trigger: Token, published: date | None, dateline_date: date | None = None
) -> DateResult:
    """The date of the event whose trigger is ``trigger``.

    Args:
        doc: the parsed article (its ents carry DATE labels).
        trigger: the event's trigger token (a verb such as "attacked" or a noun such as
            "talks").
        published: the article's publication date; relative expressions count from it.
        dateline_date: a date given in the article's dateline, used when the clause has no
            date of its own.

    Returns:
        ``(YYYY-MM-DD, precision, source)`` with precision ``day|week|month|year`` and
        source ``text`` (an expression in the clause), ``dateline`` or ``published``;
        ``(None, None, None)`` when nothing is known.
    """
    base = published or dateline_date
    candidates = _candidates(doc, trigger)
    if candidates:
        tense = _clause_tense(doc, trigger)
        spans = _words()["span_prepositions"]
        for ent in candidates:
            resolved = resolve_date_text(ent.text, base, tense)
            if resolved is not None and resolved[1] != "day" and _preposition(ent) in spans:
                continue  # "for the past week" is a duration
            if resolved is not None:
                return resolved[0].isoformat(), resolved[1], "text"
    if dateline_date is not None:
        return dateline_date.isoformat(), "day", "dateline"
    if published is not None:
        return published.isoformat(), "day", "published"
    return None, None, None
