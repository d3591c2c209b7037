"""Tests for newsevents.ingest: readers, checks, normalisation, datelines, ids."""

from __future__ import annotations

import codecs
import io
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents import ingest
from newsevents.errors import IngestError
from newsevents.ingest import (
    MAX_CHARS,
    Skipped,
    is_english,
    normalize_date,
    normalize_text,
    parse_dateline,
    read_inputs,
)
from newsevents.models import Article

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
SHARED = REPO.parent / "shared"
VOA = SHARED / "corpora" / "voa_stories.jsonl"

ENGLISH = (
    "The foreign ministers of both countries met in the capital on Tuesday and agreed to "
    "resume talks that had been frozen since the border clash. “We have turned a page,” the "
    "minister told reporters after the meeting, adding that a new round would be held next month."
)

FOREIGN = {
    "french": "Le ministre des Affaires étrangères a rencontré son homologue à Paris mardi pour "
    "discuter de la crise, selon un communiqué publié par le gouvernement.",
    "spanish": "El ministro de Asuntos Exteriores se reunió el martes con su homólogo en Madrid "
    "para hablar de la crisis, según un comunicado del gobierno.",
    "german": "Der Außenminister traf am Dienstag seinen Amtskollegen in Berlin, um über die "
    "Krise zu sprechen, wie die Regierung in einer Mitteilung erklärte.",
    "italian": "Il ministro degli Esteri ha incontrato martedì il suo omologo a Roma per "
    "discutere della crisi, secondo una nota diffusa dal governo.",
    "chinese": "外交部长周二在北京会见了来访的同行，双方就地区局势交换了意见，并同意加强合作。",
    "arabic": "التقى وزير الخارجية نظيره في القاهرة يوم الثلاثاء لبحث الأزمة، وفق بيان صادر عن الحكومة.",
    "russian": "Министр иностранных дел во вторник встретился со своим коллегой в Москве, "
    "чтобы обсудить кризис, говорится в заявлении правительства.",
}


def _read(*inputs, **kwargs) -> list[Article | Skipped]:
    return list(read_inputs(list(inputs), **kwargs))


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Wang Yi（王毅）said", "Wang Yi(王毅)said"),
        ("【Breaking】 talks", "[Breaking] talks"),
        ("「Peace」，now。", "“Peace”,now."),
        ("ＡＢＣ１２３！？：；", "ABC123!?:;"),
        ("cafe\u0301", "café"),
        ("Kyiv\u00a0\u00a0and\tOdesa", "Kyiv and Odesa"),
        ("zero\u200bwidth\u00adsoft\ufeff", "zerowidthsoft"),
        ("bell\x07 and\x1b escape", "bell and escape"),
        ("line one\r\nline two", "line one line two"),
        ("para one\r\n\r\n\r\n  para two  ", "para one\n\npara two"),
        ("a\n \t \nb", "a\n\nb"),
        ("  many    spaces   here  ", "many spaces here"),
        ("“curly” and ‘single’ quotes", "“curly” and ‘single’ quotes"),
        ("line\u2028sep\u2029para", "line sep\n\npara"),
        ("中文字符保持不变", "中文字符保持不变"),
        ("\n\n  \n", ""),
    ],
)
def test_ingest_normalize_text_cases(raw, expected):
    assert normalize_text(raw) == expected


def test_ingest_normalize_text_is_idempotent_on_examples():
    for article in _read(EXAMPLES):
        assert isinstance(article, Article)
        assert normalize_text(article.text) == article.text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_ingest_normalize_text_property(text):
    out = normalize_text(text)
    assert normalize_text(out) == out
    assert out == out.strip()
    assert "  " not in out and "\n\n\n" not in out and "\t" not in out
    assert unicodedata.is_normalized("NFC", out)


# --------------------------------------------------------------------------- .txt


def test_ingest_txt_headers(tmp_path):
    path = _write(
        tmp_path / "a.txt",
        "Title: Talks resume\nPUBLISHED: March 4, 2025\nsource: Example Wire\n"
        "url: https://example.org/a?x=1\nid: story-7\n\n" + ENGLISH,
    )
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.published) == ("story-7", "Talks resume", "2025-03-04")
    assert (article.source, article.url) == ("Example Wire", "https://example.org/a?x=1")
    assert article.text == normalize_text(ENGLISH)


@pytest.mark.parametrize(
    "first_line",
    ["Update: the talks were moved to Wednesday.", "The talks were moved to Wednesday."],
)
def test_ingest_txt_without_headers_is_all_body(tmp_path, first_line):
    path = _write(tmp_path / "b.txt", first_line + "\n\n" + ENGLISH)
    (article,) = _read(path)
    assert article.text.startswith(first_line)
    assert article.title is None and article.published is None
    assert article.source == str(path)


def test_ingest_txt_headers_only_is_empty(tmp_path):
    path = _write(tmp_path / "c.txt", "title: Nothing here\n\n\n")
    assert _read(path) == [Skipped(str(path), "empty")]


def test_ingest_published_default_and_override(tmp_path):
    plain = _write(tmp_path / "plain.txt", ENGLISH)
    dated = _write(tmp_path / "dated.txt", "published: 2025-05-06\n\n" + ENGLISH)
    bad = _write(tmp_path / "bad.txt", "published: sometime soon\n\n" + ENGLISH)
    articles = _read(plain, dated, bad, published="1 February 2025")
    assert [a.published for a in articles] == ["2025-02-01", "2025-05-06", "2025-02-01"]


# --------------------------------------------------------------------------- .html


def test_ingest_html_metadata_and_body():
    (article,) = _read(EXAMPLES / "08-un-security-council-statement.html")
    assert isinstance(article, Article)
    assert article.title == "Security Council urges ceasefire in eastern Congo"
    assert article.published == "2025-07-17"
    assert article.source == "Example World News"
    assert article.url == "https://news.example.com/world/africa/security-council-congo-ceasefire"
    assert article.dateline == "UNITED NATIONS"
    assert article.text.startswith("UNITED NATIONS (Wire) — The U.N. Security Council")
    for boilerplate in ("Privacy", "All rights reserved", "Related coverage", "Opinion"):
        assert boilerplate not in article.text
    assert article.text.count("\n\n") >= 4  # paragraphs kept


def test_ingest_html_malformed_markup_is_recovered(tmp_path):
    path = _write(tmp_path / "open.html", "<html><body><div><p>" + ENGLISH + " <b>unclosed <i>tags")
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert article.text.startswith(normalize_text(ENGLISH)[:60])


@pytest.mark.parametrize(
    "html",
    [
        "<<<>>><html></head><p></p></body></html></html>",
        "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
    ],
)
def test_ingest_html_without_article_is_skipped(tmp_path, html):
    path = _write(tmp_path / "bad.html", html)
    (item,) = _read(path)
    assert isinstance(item, Skipped)
    assert item.source == str(path) and item.reason


# --------------------------------------------------------------------------- .jsonl / .json / stdin


def test_ingest_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path):
    good = {"id": 42, "title": "Talks", "published": "2025-03-01T10:00:00Z", "text": ENGLISH}
    lines = [
        json.dumps(good),
        "{not json",
        "",
        json.dumps({"id": "x", "title": "no text here"}),
        json.dumps({"text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"text": ENGLISH + " Extra sentence.", "source": "Wire"}),
    ]
    path = _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = _read(path)
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Skipped",
        "Skipped",
        "Skipped",
        "Skipped",
        "Article",
    ]
    first, bad_json, no_text, blank_text, not_object, last = items
    assert (first.id, first.published, first.source) == ("42", "2025-03-01", str(path))
    assert bad_json.source == f"{path}:2" and bad_json.reason.startswith("invalid JSON: ")
    assert no_text == Skipped(f"{path}:4", "no text")
    assert blank_text == Skipped(f"{path}:5", "no text")
    assert not_object.source == f"{path}:6" and "JSON object" in not_object.reason
    assert last.source == "Wire" and len(last.id) == 16


def test_ingest_json_object_and_list(tmp_path):
    one = _write(tmp_path / "one.json", json.dumps({"id": "a", "text": ENGLISH}))
    many = _write(
        tmp_path / "many.json",
        json.dumps([{"id": "b", "text": ENGLISH}, {"title": "no text"}, 7]),
    )
    broken = _write(tmp_path / "broken.json", '{"text": ')
    items = _read(one, many, broken)
    assert [getattr(i, "id", None) for i in items[:2]] == ["a", "b"]
    assert items[2] == Skipped(f"{many}[1]", "no text")
    assert items[3].source == f"{many}[2]"
    assert items[4].source == str(broken) and items[4].reason.startswith("invalid JSON")


def test_ingest_stdin_jsonl():
    stream = io.StringIO(
        json.dumps({"id": "s1", "text": ENGLISH}) + "\n\nnot json\n" + json.dumps({"text": ENGLISH}) + "\n"
    )
    items = _read("-", stdin=stream)
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert items[0].id == "s1"
    assert items[1].source == "<stdin>:3"
    assert items[2].source == "<stdin>" and items[2].id == ingest.stable_id("<stdin>", items[2].text)


# --------------------------------------------------------------------------- directories and errors


def test_ingest_directory_recursion(tmp_path):
    _write(tmp_path / "b.txt", ENGLISH)
    _write(tmp_path / "sub" / "deeper" / "a.txt", ENGLISH + " More.")
    _write(tmp_path / "a.txt", "title: first\n\n" + ENGLISH)
    _write(tmp_path / "notes.csv", "a,b\n1,2\n")
    _write(tmp_path / "README", "hello")
    _write(tmp_path / ".hidden.txt", ENGLISH)
    _write(tmp_path / ".git" / "x.txt", ENGLISH)
    _write(tmp_path / "sub" / "blob.txt", b"\x00\x01\x02\x03binary\x00")
    items = _read(tmp_path)
    assert [i.source for i in items] == [
        str(tmp_path / "README"),
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "notes.csv"),
        str(tmp_path / "sub" / "blob.txt"),
        str(tmp_path / "sub" / "deeper" / "a.txt"),
    ]
    reasons = {i.source: i.reason for i in items if isinstance(i, Skipped)}
    assert reasons == {
        str(tmp_path / "README"): "unsupported file type (none)",
        str(tmp_path / "notes.csv"): "unsupported file type .csv",
        str(tmp_path / "sub" / "blob.txt"): "binary file",
    }


def test_ingest_missing_path_raises_before_reading(tmp_path):
    good = _write(tmp_path / "ok.txt", ENGLISH)
    missing = tmp_path / "nope" / "missing.txt"
    items = read_inputs([good, missing])
    with pytest.raises(IngestError, match="missing.txt"):
        next(items)


# --------------------------------------------------------------------------- content checks


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("zero.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n  ", "empty"),
        ("blank.jsonl", b"\n\n", "empty"),
        ("nul.txt", b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)), "binary file"),
        ("ctrl.txt", bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 20 + b"text", "binary file"),
        ("nul.html", b"<html>\x00\x00\x00</html>", "binary file"),
        ("nul.jsonl", b'{"text": "\x00\x00"}\n', "binary file"),
        (
            "latin1.txt",
            ("Les négociations à Genève étaient très tendues. " * 10).encode("latin-1"),
            "not valid UTF-8 text",
        ),
        ("symbols.txt", "12:30 — 4,500 $ !!! ??? 🚀🚀 … 2025-01-01".encode(), "no words"),
    ],
)
def test_ingest_unreadable_items_are_skipped(tmp_path, name, content, reason):
    path = _write(tmp_path / name, content)
    (item,) = _read(path)
    assert isinstance(item, Skipped)
    assert item.source == str(path)
    assert item.reason.startswith(reason)


def test_ingest_few_invalid_bytes_are_replaced(tmp_path):
    path = _write(tmp_path / "mostly.txt", ENGLISH.encode() + b" caf\xe9 " + ENGLISH.encode())
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert "caf\ufffd" in article.text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_ingest_byte_order_marks(tmp_path, bom):
    codec = "utf-8" if bom == codecs.BOM_UTF8 else "utf-16-le"
    path = _write(tmp_path / "bom.txt", bom + ("title: With BOM\n\n" + ENGLISH).encode(codec))
    (article,) = _read(path)
    assert article.title == "With BOM"
    assert article.text == normalize_text(ENGLISH)


def test_ingest_too_large(tmp_path):
    sentence = "The minister said the talks would resume after the holiday. "
    text = sentence * (MAX_CHARS // len(sentence) + 2)
    path = _write(tmp_path / "huge.txt", text)
    (item,) = _read(path)
    assert item == Skipped(str(path), f"too large ({len(text.strip())} chars > {MAX_CHARS})")


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_ingest_non_english_is_skipped(tmp_path, language):
    path = _write(tmp_path / f"{language}.txt", FOREIGN[language])
    (item,) = _read(path)
    assert isinstance(item, Skipped)
    assert item.reason.startswith("not English (")
    expected = (
        "non-Latin script" if language in {"chinese", "arabic", "russian"} else "English function words"
    )
    assert expected in item.reason


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        (
            "Indonesian Foreign Minister Ratna Kusumawati met Philippine counterpart Rafael Santos "
            "in Jakarta on Tuesday. “We agreed to expand joint maritime patrols,” Kusumawati said."
        ),
        (
            "Wang Yi（王毅）, China's foreign minister, said Beijing would not accept what he called "
            "interference by outside powers in the South China Sea."
        ),
    ],
)
def test_ingest_is_english_keeps_news(text):
    ok, evidence = is_english(normalize_text(text))
    assert ok, evidence


@pytest.mark.skipif(not VOA.exists(), reason="../shared/corpora/voa_stories.jsonl not available")
def test_ingest_voa_corpus_is_read_as_english():
    items = _read(VOA)
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert not skipped
    assert len(items) == sum(1 for line in VOA.open(encoding="utf-8") if line.strip())
    assert all(a.published and len(a.published) == 10 for a in items)


# --------------------------------------------------------------------------- dates and datelines


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-01", "2025-03-01"),
        ("2025-03-01T10:00:00Z", "2025-03-01"),
        ("2025-03-01T23:30:00-05:00", "2025-03-01"),
        ("2025-03-14 20:30:26Z", "2025-03-14"),
        ("March 1, 2025", "2025-03-01"),
        ("1 March 2025", "2025-03-01"),
        ("Tue, 04 Mar 2025 10:00:00 GMT", "2025-03-04"),
        ("2025-02-30", None),
        ("yesterday", None),
        ("March 2025", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (20250301, None),
    ],
)
def test_ingest_normalize_date(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("KYIV, Ukraine (AP) — Russian drones struck", "KYIV, Ukraine", None),
        ("WASHINGTON (Reuters) - The State Department said", "WASHINGTON", None),
        ("JAKARTA, Oct 3 (Reuters) - Indonesia pledged", "JAKARTA", "Oct 3"),
        ("LONDON, 3 March 2025 (Wire) — Britain said", "LONDON", "3 March 2025"),
        ("BEIJING — China said", "BEIJING", None),
        ("BEIJING—China said", "BEIJING", None),
        ("Seoul, South Korea — North Korea fired", "Seoul, South Korea", None),
        ("SEOUL, South Korea (Wire) — Japan's minister", "SEOUL, South Korea", None),
        ("PORT-AU-PRINCE, Haiti (AP) — Gangs attacked", "PORT-AU-PRINCE, Haiti", None),
        ("UNITED NATIONS (AP) — The council voted", "UNITED NATIONS", None),
        ("Seoul (Yonhap) — South Korea's military", "Seoul", None),
        ("The minister — who spoke on Tuesday — said", None, None),
        ("Meanwhile, President Novak — who arrived late — said", None, None),
        ("US officials said on Tuesday", None, None),
        ("Seoul — the capital — was quiet", None, None),
    ],
)
def test_ingest_parse_dateline(text, place, date):
    assert parse_dateline(text) == (place, date)


def test_ingest_dateline_does_not_change_text(tmp_path):
    body = "KYIV, Ukraine (AP) — " + ENGLISH
    (article,) = _read(_write(tmp_path / "k.txt", body))
    assert article.dateline == "KYIV, Ukraine"
    assert article.text == normalize_text(body)


# --------------------------------------------------------------------------- ids


def test_ingest_stable_ids(tmp_path):
    path = _write(tmp_path / "dir" / "story.txt", ENGLISH)
    other = _write(tmp_path / "dir" / "other.txt", ENGLISH + " Another sentence.")
    first = _read(path)[0].id
    assert _read(path)[0].id == first  # same input twice
    assert _read(tmp_path / "dir")[1].id == first  # read through its directory
    assert _read(other)[0].id != first
    assert first == ingest.stable_id("story.txt", normalize_text(ENGLISH))


# --------------------------------------------------------------------------- examples


def test_ingest_example_articles_all_load():
    items = _read(EXAMPLES)
    assert not [i for i in items if isinstance(i, Skipped)]
    assert len(items) >= 9
    assert len({a.id for a in items}) == len(items)
    for article in items:
        assert is_english(article.text)[0]
        assert article.title and article.url
        assert article.published and article.published.startswith("2025-")
        assert 150 <= len(article.text.split()) <= 400, article.id
        assert article.dateline, article.id
    files = sorted(p.suffix for p in EXAMPLES.iterdir())
    assert files.count(".html") == 1 and files.count(".jsonl") == 1


# --------------------------------------------------------------------------- robustness


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json"]))
def test_ingest_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    path = _write(tmp_path / f"fuzz{suffix}", data)
    for item in read_inputs([path]):
        assert isinstance(item, (Article, Skipped))
        if isinstance(item, Article):
            assert normalize_text(item.text) == item.text
