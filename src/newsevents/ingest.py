"""Ingest: read text, HTML, JSON and JSONL news articles into :class:`~newsevents.models.Article`.

Every input item becomes either an ``Article`` whose text went through :func:`normalize_text`
(all later character offsets refer to that text) or a :class:`Skipped` record that names the
item and gives a human reason (``empty``, ``binary file``, ``not English (...)``, ...). A bad
item never stops the run; only an input path that does not exist raises
:class:`~newsevents.errors.IngestError`.

Inputs (see :func:`read_inputs`):

* ``.txt`` -- optional ``key: value`` header lines (``title``, ``published``/``date``,
  ``source``, ``url``, ``id``), a blank line, then the body;
* ``.html`` / ``.htm`` -- main text and metadata extracted with trafilatura (files larger
  than ``max_html_bytes`` in ``data/ingest.yaml`` are skipped as too large);
* ``.jsonl`` -- one JSON object per line with ``text`` and optional ``id``, ``title``,
  ``published``, ``url``, ``source``; ``.json`` -- one such object or a list of them;
* a directory -- every file below it (recursive, sorted, hidden files ignored);
* ``"-"`` -- JSONL on standard input.

Article ids: the input's own ``id`` when it has one, else ``models.stable_id(name, text)``
where *name* is the file's path relative to the input argument (a file given directly: its
file name; a file found in a directory: its ``/``-separated path below that directory;
standard input: ``"<stdin>"``). The id therefore depends only on what the user pointed at and
on the text, not on the working directory or the machine.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from newsevents.datafiles import read_yaml, word_list
from newsevents.errors import IngestError
from newsevents.models import Article, stable_id

__all__ = [
    "MAX_CHARS",
    "Skipped",
    "is_english",
    "normalize_date",
    "normalize_text",
    "parse_dateline",
    "read_inputs",
]

MAX_CHARS = 1_000_000
"""Articles whose normalised text is longer than this are skipped."""

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json")

_HEADER_KEYS = {
    "title": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "url": "url",
    "id": "id",
}
_HEADER = re.compile(r"^[ \t]*(" + "|".join(_HEADER_KEYS) + r")[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)
_KEEP_FORMAT_CHARS = {0x200C, 0x200D}  # ZWNJ and ZWJ spell words in several scripts (and emoji)
_SPACE_RUN = re.compile(" {2,}")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


@dataclass(slots=True)
class Skipped:
    """An input item that was not turned into an article.

    Args:
        source: the item: ``path``, ``path:line`` (JSONL), ``path[index]`` (JSON list) or
            ``<stdin>:line``.
        reason: why it was skipped, for people ("empty", "binary file", "not English (...)").
    """

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# --------------------------------------------------------------------------- data files


def _settings() -> dict[str, Any]:
    return read_yaml("ingest.yaml")


def _stopwords() -> frozenset[str]:
    return word_list("english_stopwords.txt")


class _CharMap(dict):
    """``str.translate`` table that works out (and remembers) each code point on first sight."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if 0xFF01 <= cp <= 0xFF5E:  # full-width ASCII: （ → (, ， → ,, Ａ → A
            out = unicodedata.normalize("NFKC", ch)
        elif ch.isspace():  # no-break, en/em, thin, ideographic ... spaces
            out = " "
        else:
            category = unicodedata.category(ch)
            if category in ("Cc", "Cs") or (category == "Cf" and cp not in _KEEP_FORMAT_CHARS):
                out = ""  # controls, lone surrogates, zero-width and bidi marks, soft hyphen, BOM
            else:
                out = ch
        self[cp] = out
        return out


@functools.cache
def _char_map() -> _CharMap:
    table = _CharMap({ord("\n"): "\n"})
    for src, dst in _settings()["punctuation"].items():
        table[ord(src)] = dst
    return table


# --------------------------------------------------------------------------- text


def normalize_text(text: str) -> str:
    """Normalise article text; every character offset in newsevents refers to the result.

    Steps: Unicode NFC; full-width ASCII and ideographic punctuation and brackets to ASCII
    (``（）`` → ``()``, ``，`` → ``,``, ``【】`` → ``[]``; CJK quotation brackets ``「」`` to curly
    quotes; CJK characters themselves are kept); curly quotes kept as they are; tabs and
    no-break/ideographic spaces to plain spaces; control, zero-width and bidi characters
    removed; line endings unified; runs of spaces collapsed; lines stripped; a blank line
    separates paragraphs (written as exactly ``"\\n\\n"``) while a single newline inside a
    paragraph becomes a space; leading and trailing whitespace removed. The function is
    idempotent.

    Args:
        text: raw text.

    Returns:
        The normalised text ("" when nothing but whitespace remains).
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").translate(_char_map())
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        line = _SPACE_RUN.sub(" ", line).strip(" ")
        if line:
            lines.append(line)
        elif lines:
            paragraphs.append(" ".join(lines))
            lines = []
    if lines:
        paragraphs.append(" ".join(lines))
    # a second NFC composes marks that were separated by characters removed above
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs))


def _is_latin(ch: str) -> bool:
    cp = ord(ch)
    return cp < 0x250 or 0x1E00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F or 0xA720 <= cp <= 0xA7FF


def is_english(text: str) -> tuple[bool, str]:
    """Guess cheaply whether ``text`` is English (no model).

    The text must be written mostly in Latin letters, and a fair share of its words must be
    common English function words (``data/english_stopwords.txt``; words that are also
    frequent in French, Spanish, Italian or German are left out of that list). Thresholds are
    in ``data/ingest.yaml``. Texts too short to judge by words are judged by script only.

    Args:
        text: the (normalised) article text; only its start is inspected.

    Returns:
        ``(is_english, evidence)``, e.g. ``(False, "2% English function words")`` or
        ``(False, "mostly non-Latin script (3% Latin letters)")``.
    """
    settings = _settings()
    sample = text[: settings["english_sample_chars"]]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return False, "no letters"
    latin_share = sum(1 for ch in letters if _is_latin(ch)) / len(letters)
    if latin_share < settings["min_latin_share"]:
        return False, f"mostly non-Latin script ({latin_share:.0%} Latin letters)"
    tokens = _WORD.findall(sample)
    if len(tokens) < settings["min_tokens_for_judging"]:
        return True, f"too short to judge by words ({len(tokens)} words)"
    stopwords = _stopwords()
    hits = sum(1 for tok in tokens if tok.lower().replace("\u2019", "'") in stopwords)
    share = hits / len(tokens)
    evidence = f"{share:.0%} English function words"
    return share >= settings["min_function_word_share"], evidence


@functools.cache
def _dateparser():  # imported lazily: dateparser takes a while to import
    import dateparser

    return dateparser


def normalize_date(value: Any) -> str | None:
    """Turn a publication date into ``YYYY-MM-DD``.

    Accepts ISO dates and datetimes (``2025-03-01``, ``2025-03-01T10:00:00Z``; the date is
    taken as written, not shifted to UTC), ``date``/``datetime`` objects, and English dates
    such as ``March 1, 2025`` or ``Tue, 04 Mar 2025 10:00:00 GMT`` (parsed by dateparser with
    English only, so it never tries language detection). Relative expressions ("yesterday")
    and dates without a day, month and year are refused.

    Args:
        value: the raw value (usually a string).

    Returns:
        The ISO date, or None when the value is missing or cannot be parsed.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 100:
        return None
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        parsed = _dateparser().parse(
            value,
            languages=["en"],
            settings={
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["timestamp", "absolute-time", "custom-formats"],
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # noqa: BLE001 -- dateparser raises assorted errors on odd strings
        return None
    return parsed.date().isoformat() if parsed else None


# --------------------------------------------------------------------------- datelines

_UC = "A-ZÀ-ÖØ-Þ"
_LC = "a-zß-öø-ÿ"
_CAPS_WORD = rf"[{_UC}][{_UC}'’.\-]*[{_UC}.]"
_TITLE_WORD = rf"[{_UC}][{_LC}{_UC}'’.\-]*[{_LC}.]|[{_UC}]\.(?:[{_UC}]\.)+"
_CONNECTOR = r"(?:of|the|and|de|del|da|do|al|el|la|upon)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s(?:{_CAPS_WORD})){{0,3}}"
_TITLE_PLACE = rf"(?:{_TITLE_WORD})(?:\s(?:{_CONNECTOR}\s)?(?:{_TITLE_WORD})){{0,3}}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\s\d{{1,2}}(?:,?\s\d{{4}})?|\d{{1,2}}\s{_MONTH}(?:,?\s\d{{4}})?)"
_DATELINE = re.compile(
    rf"""^(?:
        (?P<caps>{_CAPS_PLACE})(?:,\s(?P<caps_region>{_CAPS_PLACE}|{_TITLE_PLACE}))?
      | (?P<title>{_TITLE_PLACE}),\s(?P<title_region>{_TITLE_PLACE})
      | (?P<title_alone>{_TITLE_PLACE})(?=\s?\()
    )
    (?:,\s(?P<date>{_DATE}))?
    (?P<agency>\s?\([^()\n]{{1,40}}\))?
    (?:\s?(?:—|–|--)\s?|\s-\s)(?=[{_UC}\d"“'‘])
    """,
    re.VERBOSE,
)


def parse_dateline(text: str) -> tuple[str | None, str | None]:
    """Find a wire-service dateline at the start of an article body.

    Recognises an all-capitals place with optional region, date and agency
    (``KYIV, Ukraine (AP) — ``, ``WASHINGTON (Reuters) - ``, ``JAKARTA, Oct 3 (Reuters) - ``,
    ``BEIJING — ``) and a Title-case city followed by a region (``Seoul, South Korea — ``) or
    by an agency (``Seoul (Yonhap) — ``). A dash must end the dateline and the lead sentence
    must start after it (capital letter, digit or quote), which keeps openers such as
    ``Meanwhile, President X — who ...`` out. The text is not changed.

    Args:
        text: normalised article text.

    Returns:
        ``(place, date)``: the place text as written (``"KYIV, Ukraine"``) and the date text
        (``"Oct 3"``) when present; ``(None, None)`` when the text has no dateline.
    """
    match = _DATELINE.match(text)
    if not match:
        return None, None
    if match["caps"]:
        place = match["caps"] + (f", {match['caps_region']}" if match["caps_region"] else "")
    elif match["title"]:
        place = f"{match['title']}, {match['title_region']}"
    else:
        if not match["agency"]:
            return None, None
        place = match["title_alone"]
    return place, match["date"]


# --------------------------------------------------------------------------- reading


def read_inputs(
    inputs: Iterable[str | Path],
    published: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Article | Skipped]:
    """Read articles from files, directories and standard input.

    Args:
        inputs: file paths, directory paths (read recursively in sorted order; hidden files
            ignored; files of other types reported as skipped) or ``"-"`` for JSONL on stdin.
        published: publication date used for articles that carry none (any form
            :func:`normalize_date` accepts).
        stdin: stream read for ``"-"`` (default ``sys.stdin``).

    Yields:
        One ``Article`` or ``Skipped`` per item, in input order.

    Raises:
        IngestError: an input path does not exist (checked before anything is read).
    """
    items = [str(i) if str(i) == "-" else Path(i) for i in inputs]
    for item in items:
        if isinstance(item, Path) and not item.exists():
            raise IngestError(f"input not found: {item}")
    default = normalize_date(published)
    for item in items:
        if isinstance(item, str):
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, default)
        elif item.is_dir():
            for path in _walk(item):
                yield from _read_file(path, path.relative_to(item).as_posix(), default)
        else:
            yield from _read_file(item, item.name, default)


def _walk(root: Path) -> list[Path]:
    """Files below ``root``, sorted by relative path, hidden files and folders left out."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath) / f for f in filenames if not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _jsonl_line(raw: bytes, where: str, max_bytes: int) -> str | Skipped:
    """One JSONL line's bytes as text, or the reason it is skipped (too large, bad bytes)."""
    if len(raw) > max_bytes:
        return Skipped(where, f"too large ({len(raw)} bytes)")
    line, problem = _decode(raw)
    return Skipped(where, problem or "not valid UTF-8 text") if line is None else line


def _read_stdin(stream: TextIO, default: str | None) -> Iterator[Article | Skipped]:
    """JSONL on a stream; each line is decoded on its own (as in ``.jsonl`` files) when the
    stream has a byte buffer, so one line of bad bytes does not lose the lines after it."""
    lines: Iterable[bytes | str] = getattr(stream, "buffer", None) or stream
    max_bytes = _settings()["max_file_bytes"]
    try:
        for lineno, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"<stdin>:{lineno}"
            line = _jsonl_line(raw, where, max_bytes) if isinstance(raw, bytes) else raw
            if isinstance(line, Skipped):
                yield line
                continue
            yield _record_article(_parse_json_line(line), where, "<stdin>", "<stdin>", default)
    except UnicodeDecodeError:  # a text stream without a byte buffer
        yield Skipped("<stdin>", "not valid UTF-8 text")


def _read_file(path: Path, name: str, default: str | None) -> Iterator[Article | Skipped]:
    """Read one file; ``name`` is its path relative to the input argument (used for ids)."""
    display = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Skipped(
            display, f"unsupported file type {suffix}" if suffix else "unsupported file type (none)"
        )
        return
    settings = _settings()
    try:
        size = path.stat().st_size
        if suffix == ".jsonl":
            yield from _read_jsonl_file(path, name, default)
            return
        if size > settings["max_file_bytes"]:
            yield Skipped(display, f"too large ({size} bytes)")
            return
        if suffix in (".html", ".htm") and size > settings["max_html_bytes"]:
            # trafilatura needs about a second and 30 MB per MB of markup
            yield Skipped(display, f"too large ({size} bytes > {settings['max_html_bytes']} for HTML)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(display, f"cannot read ({exc.strerror or exc})")
        return
    if not data.strip():
        yield Skipped(display, "empty")
        return
    if _looks_binary(data):
        yield Skipped(display, "binary file")
        return
    if suffix in (".html", ".htm"):
        yield _html_article(data, display, name, default)
        return
    text, problem = _decode(data)
    if text is None:
        yield Skipped(display, problem or "not valid UTF-8 text")
    elif suffix == ".txt":
        yield _txt_article(text, display, name, default)
    else:
        yield from _json_articles(text, display, name, default)


def _looks_binary(data: bytes) -> bool:
    """True when the bytes hold a NUL or many control bytes (UTF-16 with a BOM is text)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    settings = _settings()
    sample = data[: settings["binary_sample_bytes"]]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > settings["binary_control_share"]


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """Decode UTF-8 (or UTF-16 with a BOM); a few bad bytes become U+FFFD, many refuse the text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "not valid UTF-16 text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") / max(len(text), 1)
    if bad < _settings()["max_replacement_share"]:
        return text, None
    return None, f"not valid UTF-8 text ({bad:.0%} undecodable)"


def _txt_article(text: str, display: str, name: str, default: str | None) -> Article | Skipped:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match:
            break
        headers.setdefault(_HEADER_KEYS[match[1].lower()], match[2])
        body_start = i + 1
    return _make_article(
        "\n".join(lines[body_start:]),
        display,
        name,
        default,
        id=headers.get("id"),
        title=headers.get("title"),
        published=headers.get("published"),
        url=headers.get("url"),
        source=headers.get("source"),
    )


def _html_article(data: bytes, display: str, name: str, default: str | None) -> Article | Skipped:
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # noqa: BLE001 -- malformed markup must not stop the run
        return Skipped(display, f"HTML could not be parsed ({type(exc).__name__}: {exc})")
    if doc is None:
        return Skipped(display, "no article text found in HTML")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = meta.get("title")
    lines = [line for line in (meta.get("text") or "").split("\n") if line.strip()]
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]  # the headline repeated as the body's first line
    return _make_article(
        "\n\n".join(lines),  # trafilatura writes one block element per line
        display,
        name,
        default,
        title=title,
        published=meta.get("date"),
        url=meta.get("url"),
        source=meta.get("sitename") or meta.get("hostname"),
    )


def _parse_json_line(line: str) -> Any | Skipped:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped("", f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Skipped("", "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer longer than Python's int-string limit
        return Skipped("", f"invalid JSON: {str(exc).split(':')[0]}")


def _read_jsonl_file(path: Path, name: str, default: str | None) -> Iterator[Article | Skipped]:
    display = str(path)
    settings = _settings()
    with open(path, "rb") as fh:
        head = fh.read(settings["binary_sample_bytes"])
        if not head.strip() and not fh.read(1):
            yield Skipped(display, "empty")
            return
        if _looks_binary(head):
            yield Skipped(display, "binary file")
            return
        fh.seek(0)
        seen = False
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            seen = True
            where = f"{display}:{lineno}"
            line = _jsonl_line(raw, where, settings["max_file_bytes"])
            if isinstance(line, Skipped):
                yield line
                continue
            yield _record_article(_parse_json_line(line), where, name, display, default)
        if not seen:
            yield Skipped(display, "empty")


def _json_articles(text: str, display: str, name: str, default: str | None) -> Iterator[Article | Skipped]:
    obj = _parse_json_line(text)
    if obj == []:
        yield Skipped(display, "empty (a JSON list without records)")
    elif isinstance(obj, list):
        for i, record in enumerate(obj):
            yield _record_article(record, f"{display}[{i}]", name, display, default)
    else:
        yield _record_article(obj, display, name, display, default)


def _record_article(
    record: Any, where: str, name: str, file_source: str, default: str | None
) -> Article | Skipped:
    """Turn one decoded JSON value into an article (``where`` names it in a Skipped)."""
    if isinstance(record, Skipped):
        return Skipped(where, record.reason)
    if not isinstance(record, dict):
        return Skipped(where, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, "no text")
    return _make_article(
        text,
        where,
        name,
        default,
        id=record.get("id"),
        title=record.get("title"),
        published=record.get("published"),
        url=record.get("url"),
        source=record.get("source") or file_source,
    )


def _one_line(value: Any) -> str | None:
    """A metadata value as one normalised line, or None."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    text = normalize_text(str(value)).replace("\n\n", " ")
    return text or None


def _make_article(
    raw: str,
    display: str,
    name: str,
    default: str | None,
    *,
    id: Any = None,
    title: Any = None,
    published: Any = None,
    url: Any = None,
    source: Any = None,
) -> Article | Skipped:
    """Normalise and check one body of text; return the Article or why it was skipped."""
    text = normalize_text(raw)
    if not text:
        return Skipped(display, "empty")
    if len(text) > MAX_CHARS:
        return Skipped(display, f"too large ({len(text)} chars > {MAX_CHARS})")
    if not any(ch.isalpha() for ch in text):
        return Skipped(display, "no words")
    english, evidence = is_english(text)
    if not english:
        return Skipped(display, f"not English ({evidence})")
    given_id = _one_line(id)
    place, _ = parse_dateline(text)
    return Article(
        id=given_id or stable_id(name, text),
        text=text,
        title=_one_line(title),
        published=normalize_date(published) or default,
        url=_one_line(url),
        source=_one_line(source) or display,
        dateline=place,
    )
