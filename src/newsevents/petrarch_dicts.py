"""Import PETRARCH/TABARI actor and agent dictionaries as newsevents user dictionaries.

Actor files (``Phoenix.Countries.actors.txt``): a name line, optional ``+SYNONYM`` lines,
then one or more codes, on the name line or on indented lines::

    HAMID_KARZAI_  # comment
    +KARZAI_
        [AFGELI 750101-000101]
        [AFGGOV >011222]
        [AFGELI]

Words are joined by ``_``; a trailing ``_`` marks an exact word (without it PETRARCH
matches a stem: here the word itself and its ``s``/``es`` plural). Codes may carry a date
restriction: ``>YYMMDD`` (from that day), ``<YYMMDD`` (before it), ``YYMMDD-YYMMDD`` (a
range, inclusive); six-digit dates read years 00-29 as 20xx and 30-99 as 19xx, eight-digit
dates are ``YYYYMMDD``. For an article, a dated code valid on its publication date wins,
else the undated code (see :func:`newsevents.actors.load_user_dictionary`).

Agent files (``Phoenix.agents.txt``): ``NAME {PLURAL} [~CODE]`` lines (``{}``: no plural;
no braces: the regular plural), ``!MACRO! = A, B`` substitutions; ``~GOV`` is a sector
appended to the actor's country. Agents become role-table rows (kind ``group``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from newsevents.actors import Entry, Role, plural, split_code
from newsevents.errors import LexiconError

CODE_RE = re.compile(r"\[([^\]\}]*)[\]\}]")
MACRO_RE = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


def parse_date(text: str) -> dt.date:
    """A PETRARCH date (``YYMMDD`` or ``YYYYMMDD``) as a date."""
    text = text.strip()
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        yy, rest = int(text[:2]), text[2:]
        year = 2000 + yy if yy < 30 else 1900 + yy
    else:
        raise ValueError(text)
    return dt.date(year, int(rest[:2]), int(rest[2:4]))


def parse_code(cell: str, where: str) -> tuple[str, dt.date | None, dt.date | None] | None:
    """``"AFGGOV >011222"`` -> ("AFGGOV", 2001-12-22, None); None for empty codes (``[---]``)."""
    parts = cell.split()
    if not parts:
        return None
    code = parts[0].strip().lstrip("~").rstrip("~").upper()
    if not code or set(code) <= {"-"} or not code.isalnum():
        return None
    start = end = None
    if len(parts) > 1:
        rng = "".join(parts[1:])
        try:
            if rng.startswith(">"):
                start = parse_date(rng[1:])
            elif rng.startswith("<"):
                end = parse_date(rng[1:]) - dt.timedelta(days=1)
            elif "-" in rng:
                lo, hi = rng.split("-", 1)
                start, end = parse_date(lo), parse_date(hi)
        except ValueError:
            return None  # a malformed restriction in the source file: skip the code
    return code, start, end


def _name(raw: str) -> str:
    """``"HAMID_KARZAI_"`` -> ``"HAMID KARZAI"``."""
    return raw.strip().strip("_").replace("_", " ").strip()


def _read_lines(path: str | Path) -> list[str]:
    """The lines of a dictionary file (undecodable bytes replaced); LexiconError naming the file."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise LexiconError(f"{p}: {exc}") from exc


def load_actors(path: str | Path) -> list[tuple[str, Entry]]:
    """Read a PETRARCH actors file into (name, entry) pairs (one pair per name and code).

    Args:
        path: the ``.actors.txt`` file.

    Raises:
        LexiconError: the file cannot be read.
    """
    lines = _read_lines(path)
    out: list[tuple[str, Entry]] = []
    names: list[str] = []
    codes: list[tuple[str, dt.date | None, dt.date | None]] = []

    def flush() -> None:
        if names and codes:
            for code, start, end in codes:
                country, sectors = split_code(code)
                entry = Entry(code, country, tuple(sectors), names[0].title(), "user", start, end)
                out.extend((n, entry) for n in names)
        names.clear()
        codes.clear()

    for lineno, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        where = f"{Path(path)}:{lineno}"
        if line[0] in " \t[":  # code line of the current entry
            codes.extend(c for c in (parse_code(m, where) for m in CODE_RE.findall(line)) if c)
            continue
        if line.startswith("+"):
            names.extend(_variants(line[1:].split("[", 1)[0]))
            codes.extend(c for c in (parse_code(m, where) for m in CODE_RE.findall(line)) if c)
            continue
        flush()
        names.extend(_variants(line.split("[", 1)[0]))
        codes.extend(c for c in (parse_code(m, where) for m in CODE_RE.findall(line)) if c)
    flush()
    return out


def _variants(raw: str) -> list[str]:
    """A name and, for a stem (no trailing ``_``), its plural."""
    raw = raw.strip()
    if not raw:
        return []
    name = _name(raw)
    if not name:
        return []
    return [name] if raw.endswith("_") else [name, plural(name.lower()).upper()]


def load_agents(path: str | Path) -> list[tuple[str, Role]]:
    """Read a PETRARCH agents file into (term, role) pairs.

    Args:
        path: the ``agents.txt`` file.

    Raises:
        LexiconError: the file cannot be read.
    """
    lines = _read_lines(path)
    macros: dict[str, list[str]] = {}
    out: list[tuple[str, Role]] = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if m := MACRO_RE.match(line):
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = CODE_RE.findall(line)
        if not codes:
            continue
        body = line.split("[", 1)[0]
        plural_form = None
        if "{" in body:
            body, _, rest = body.partition("{")
            plural_form = rest.split("}", 1)[0].strip()
        sectors = [s for c in codes for s in split_code(c.strip().strip("~"), ())[1]]
        if not sectors:
            continue
        for term in _expand(body.strip(), macros):
            name = _name(term).lower()
            if not name:
                continue
            role = Role(name, tuple(dict.fromkeys(sectors)), "group", user=True)
            out.append((name, role))
            if plural_form is None:
                out.append((plural(name), role))
            elif plural_form:
                out.append((_name(plural_form).lower(), role))
    return out


def _expand(term: str, macros: dict[str, list[str]]) -> list[str]:
    """Substitute ``!MACRO!`` alternatives ("FIRE!PERSON!" -> "FIREMAN", "FIREWOMAN", ...)."""
    m = re.search(r"![A-Z]+!", term)
    if m is None:
        return [term]
    alts = macros.get(m.group(0), [])
    return [x for alt in alts for x in _expand(term[:m.start()] + alt + term[m.end():], macros)]


def is_agents_file(path: str | Path) -> bool:
    """Whether a PETRARCH file holds agents (``[~CODE]``) rather than actors."""
    with Path(path).open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if "[~" in line or "~]" in line:
                return True
            if CODE_RE.search(line.split("#", 1)[0]):
                return False
    return False


def load(path: str | Path) -> tuple[list[tuple[str, Entry]], list[tuple[str, Role]]]:
    """Read a PETRARCH dictionary: (actor names with entries, agent terms with roles)."""
    if is_agents_file(path):
        return [], load_agents(path)
    return load_actors(path), []
