"""Property-based tests (hypothesis): arbitrary and news-like text through ``Coder.code``,
arbitrary bytes and text through every reader.

Invariants: no exception escapes; every reported span lies inside the normalised text and
``text[start:end]`` equals the span's text; readers yield only ``Article`` or ``Skipped``.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from newsevents.ingest import MAX_CHARS, Skipped, normalize_date, normalize_text, read_inputs
from newsevents.models import Article, Event

CODER_SETTINGS = settings(max_examples=60, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
READER_SETTINGS = settings(max_examples=100, deadline=None, database=None)


def _spans(event: Event) -> Iterator[tuple[str, str, int, int]]:
    """Every ``(what, text, start, end)`` an event reports."""
    d = event.to_dict()
    yield "sentence", d["sentence"], d["sentence_start"], d["sentence_end"]
    yield "action", d["action"]["text"], d["action"]["start"], d["action"]["end"]
    for side in ("source", "target"):
        if d[side] is not None:
            yield side, d[side]["text"], d[side]["start"], d[side]["end"]
    loc = d["location"]
    if loc is not None and loc["start"] is not None:
        yield "location", loc["text"], loc["start"], loc["end"]
    if d["attributed_to"] is not None:
        a = d["attributed_to"]
        yield "attributed_to", a["text"], a["start"], a["end"]
    if d["quote"] is not None:
        q = d["quote"]
        yield "quote", q["text"], q["start"], q["end"]
        if q.get("speaker") is not None:
            sp = q["speaker"]
            yield "quote speaker", sp["text"], sp["start"], sp["end"]


def _check_events(coder, raw: str) -> list[Event]:
    """Code ``raw`` and check every offset against its normalised text."""
    text = normalize_text(raw)
    events = coder.code(raw, published="2024-05-07")
    for event in events:
        assert event.article_id and event.cameo and event.cameo_root == event.cameo[:2]
        assert 0 <= event.sentence_start <= event.action["start"] < event.action["end"] <= event.sentence_end
        for what, span, start, end in _spans(event):
            assert isinstance(start, int) and isinstance(end, int), (what, start, end)
            assert 0 <= start <= end <= len(text), (what, start, end, len(text))
            assert text[start:end] == span, (what, span, text[start:end])
    return events


# --------------------------------------------------------------------------- arbitrary text


@CODER_SETTINGS
@given(raw=st.text(max_size=400))
def test_properties_coder_arbitrary_unicode(coder, raw):
    _check_events(coder, raw)


_WEIRD = st.sampled_from([
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\u202e", "\u0301", "e\u0301", "\t", "\r\n", "\u3000", "\xa0",
    "（", "）", "【", "】", "「", "」", "，", "。", "“", "”", "‘", "’", '"', "'", "—", "…", "🔥", "🇫🇷", "👍🏽",
    "\n\n", "\x00", "\x1b", "\ud7ff", "ﬁ", "Ⅻ", "²", "İ", "ß", "\u0627\u0644",
])


@CODER_SETTINGS
@given(parts=st.lists(st.one_of(_WEIRD, st.text(alphabet="AaZz.,;:- ()\"'", max_size=8),
                                st.sampled_from(["France", "attacked", "met", "Japan", "said", "the"])),
                      max_size=60))
def test_properties_coder_punctuation_and_format_characters(coder, parts):
    _check_events(coder, " ".join(parts))


# --------------------------------------------------------------------------- news-like text

ACTORS = ["France", "Japan", "the United States", "North Korea", "Iran", "Israel", "Ukraine", "Germany",
          "Brazil", "Kenyan police", "the Egyptian army", "Turkish officials", "the United Nations", "NATO",
          "President of Chile", "India's foreign minister", "Polish troops", "Chinese diplomats"]
VERBS = ["attacked", "met", "condemned", "accused", "praised", "threatened", "visited", "criticised",
         "rejected", "urged", "signed an agreement with", "sent troops to", "imposed sanctions on",
         "met with", "called on", "bombed", "thanked", "warned", "expelled diplomats from", "hosted"]
WHEN = ["", " on Tuesday", " on March 3", " on 12 May 2024", " last week", " yesterday", " next month",
        " earlier this year"]
WHERE = ["", " in Geneva", " in Nairobi", " near the border", " in the capital", " at the United Nations"]
SAID = ["", ", officials said", ", according to state media", ", a spokesman said",
        ", a diplomat who asked not to be named said"]
DATELINE = ["", "GENEVA (Wire) — ", "NAIROBI, Kenya — ", "Tokyo（Wire）— ", "【Wire】"]
QUOTES = [("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("‘", "’")]
SEPARATORS = [" ", "\n", "\n\n", "  ", "\t", "\u3000", "\r\n\r\n"]


@st.composite
def news_text(draw) -> str:
    """A few news sentences built from fragments, some quoted, with odd whitespace and marks."""
    sentences = []
    for _ in range(draw(st.integers(1, 5))):
        a, b = draw(st.sampled_from(ACTORS)), draw(st.sampled_from(ACTORS))
        clause = f"{a} {draw(st.sampled_from(VERBS))} {b}{draw(st.sampled_from(WHEN))}{draw(st.sampled_from(WHERE))}"
        kind = draw(st.integers(0, 3))
        if kind == 0:
            sentence = f"{clause}{draw(st.sampled_from(SAID))}."
        elif kind == 1:
            op, cl = draw(st.sampled_from(QUOTES))
            sentence = f"{op}{clause},{cl} {draw(st.sampled_from(ACTORS))} said{draw(st.sampled_from(WHEN))}."
        elif kind == 2:
            op, cl = draw(st.sampled_from(QUOTES))
            sentence = f"{draw(st.sampled_from(ACTORS))} said {op}{clause}{cl}，and left."
        else:
            sentence = f"（{clause}）。"
        if draw(st.booleans()):
            sentence += "".join(draw(st.lists(_WEIRD, max_size=2)))
        sentences.append(sentence)
        sentences.append(draw(st.sampled_from(SEPARATORS)))
    return draw(st.sampled_from(DATELINE)) + "".join(sentences)


@settings(CODER_SETTINGS, max_examples=100)
@given(raw=news_text())
def test_properties_coder_news_like_offsets(coder, raw):
    _check_events(coder, raw)


def test_properties_news_strategy_yields_events(coder):
    """The news-like strategy reaches the event code: some drawn texts give several events
    with actors, a quote and an attribution (so the offset checks above check something)."""
    def rich(raw: str) -> bool:
        events = coder.code(raw)
        return (len(events) >= 3 and any(e.source and e.target for e in events)
                and any(e.quote for e in events) and any(e.attributed_to for e in events))

    raw = find(news_text(), rich, settings=settings(max_examples=300, deadline=None, database=None,
                                                    phases=[Phase.generate]))
    _check_events(coder, raw)


# --------------------------------------------------------------------------- readers


def _check_items(items: list) -> None:
    for item in items:
        assert isinstance(item, (Article, Skipped)), item
        if isinstance(item, Skipped):
            assert item.source and item.reason
            continue
        assert item.id and isinstance(item.id, str)
        assert item.text and normalize_text(item.text) == item.text and len(item.text) <= MAX_CHARS
        assert item.published is None or normalize_date(item.published) == item.published
        for value in (item.title, item.url, item.source):
            assert value is None or (value and "\n" not in value)


def _read_file(suffix: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"item{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([path]))
        _check_items(items)
        # the same file found in a directory gives the same items, named the same way
        assert [str(i) for i in read_inputs([tmp])] == [str(i) for i in items]
    return items


SUFFIXES = st.sampled_from([".txt", ".html", ".htm", ".jsonl", ".json", ".md", ""])


@READER_SETTINGS
@given(text=st.text(max_size=600), suffix=SUFFIXES, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_properties_readers_arbitrary_text(text, suffix, encoding):
    _read_file(suffix, text.encode(encoding, errors="surrogatepass"))


@READER_SETTINGS
@given(data=st.binary(max_size=1500), suffix=SUFFIXES)
def test_properties_readers_arbitrary_bytes(data, suffix):
    _read_file(suffix, data)


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": JSON_VALUES, "text": st.one_of(st.text(max_size=300), JSON_VALUES),
    "title": JSON_VALUES, "published": st.one_of(st.dates().map(str), st.text(max_size=30), JSON_VALUES),
    "url": JSON_VALUES, "source": JSON_VALUES,
})
JSON_LINES = st.one_of(
    RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps), st.text(max_size=80),
    st.sampled_from(['{"text": ' + "1" * 5000 + "}", "[" * 5000 + "]" * 5000, '{"text": "a', "NaN", "\ufeff{}"]),
)


@READER_SETTINGS
@given(lines=st.lists(JSON_LINES, max_size=8), suffix=st.sampled_from([".jsonl", ".json"]))
def test_properties_readers_json_structures(lines, suffix):
    data = "\n".join(lines) if suffix == ".jsonl" else (lines[0] if lines else "")
    items = _read_file(suffix, data.encode("utf-8", errors="surrogatepass"))
    assert items, "every input file gives at least one item (an article or why it was skipped)"


@READER_SETTINGS
@given(lines=st.lists(st.one_of(JSON_LINES, st.binary(max_size=60)), max_size=8), published=st.text(max_size=12))
def test_properties_readers_stdin(lines, published):
    raw = b"\n".join(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass") for line in lines)
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    _check_items(list(read_inputs(["-"], published=published, stdin=stream)))
    _check_items(list(read_inputs(["-"], stdin=io.StringIO(raw.decode("utf-8", "replace")))))


@pytest.mark.parametrize("line, reason", [
    ('{"id": "n", "text": "Japan met Brazil.", "n": ' + "9" * 5000 + "}", "invalid JSON"),
    ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
    (b"\xff\xfe\xfa garbage \xff\xff\xff".decode("latin-1"), "invalid JSON"),
])
def test_properties_readers_jsonl_hostile_lines(tmp_path, line, reason):
    """Hostile lines are skipped with file and line number; the lines around them are read
    (an integer longer than Python's int-string limit once escaped as ValueError)."""
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "ok", "text": "France condemned Japan on Tuesday for the border clash."})
    path.write_text(f"{good}\n{line}\n{good.replace('ok', 'ok2')}\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert items[1].source == f"{path}:2" and items[1].reason.startswith(reason)


def test_properties_stdin_bad_bytes_line_keeps_the_rest():
    good = json.dumps({"id": "s1", "text": "France condemned Japan on Tuesday for the border clash."})
    raw = f"{good}\n".encode() + bytes(range(0x80, 0x100)) + b"\n" + good.replace("s1", "s2").encode() + b"\n"
    items = list(read_inputs(["-"], stdin=io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")))
    assert [getattr(i, "id", None) for i in items] == ["s1", None, "s2"]
    assert str(items[1]).startswith("<stdin>:2: not valid UTF-8")
