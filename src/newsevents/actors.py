"""Actors: find and code who acts in an article (countries, sectors, people, organisations).

The knowledge is in ``data/actors/*.tsv`` (documented in ``docs/actors.md``); this module
holds the mechanism:

1. match gazetteer names (countries, demonyms, capitals, seats of power, organisations,
   user dictionaries) and role words ("foreign minister", "troops") over the tokens;
2. group the matches by the noun phrase they modify (dependency parse), one mention per
   phrase (or per conjoined country: "Hungarian and Romanian officials" -> two);
3. complete a phrase from its "of/for/in X" complement, its apposition ("Kamikawa, the
   foreign minister of Japan") or its relative clause ("who heads the ministry");
4. register people for the article and resolve surnames, pronouns, "the minister" and
   "the two"/"both sides" to registered actors (coreference).

The result is a list of :class:`Mention` stored in ``doc.user_data["mentions"]``;
:func:`mentions_for` answers, for an argument token, which actor(s) it refers to.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, Token

from newsevents.datafiles import read_table, split_list, word_list
from newsevents.doccache import LatestDoc
from newsevents.errors import LexiconError
from newsevents.models import Actor

MENTIONS_KEY = "mentions"
INDEX_KEY = "actor_index"

# Dependencies that attach a left modifier to the noun phrase it belongs to.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "case",
                           "flat", "npadvmod", "punct", "predet"})
# Prepositions whose object completes a role phrase ("the foreign minister of Japan").
COMPLEMENT_PREPS = frozenset({"of", "for", "from", "in", "across", "throughout"})
# Prepositions of place: for bodies and groups only ("police in Kosovo", "students across Iran").
PLACE_PREPS = frozenset({"in", "across", "throughout"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})  # a country or organisation named shortly before
THING_PRONOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative"})
THING_PRONOUN_REACH = 60  # tokens back to look for the antecedent
BOTH_WORDS = frozenset({"both", "two"})
DEFINITE_DETS = frozenset({"the", "these", "those", "their"})
# Entity labels that are never actors, and labels whose span hides a gazetteer word inside it.
NON_ACTOR_ENTS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME",
                            "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# Parts of speech a role word never has ("heads" the verb is not "head" the role).
NON_ROLE_POS = frozenset({"VERB", "AUX", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PART", "NUM"})
# Leaders of an organisation: "who heads X", "who leads X".
HEAD_VERBS = frozenset({"head", "lead", "run", "chair", "command"})
ROLE_KINDS = frozenset({"title", "person", "group", "deployed", "inherit", "counterpart", "former"})
# Sectors of the state that a "former" role turns into its own (ELI: former office-holders).
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})
# "pro-Iranian", "anti-Syria": an orientation, not a nationality.
ORIENTATION_PREFIXES = frozenset({"pro", "anti"})
# Role kinds without sectors of their own when the phrase or its complement gives some.
BORROWING_KINDS = frozenset({"inherit", "counterpart", "former"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Entity labels of named things that are not political actors by themselves (companies and
# other organisations the gazetteers do not know are ORG; products, events, laws ...).
NAMED_NON_ACTOR = frozenset({"ORG", "FAC", *NON_ACTOR_ENTS})
# Modifiers that make a demonym an ethnicity rather than a nationality ("ethnic Albanians").
ETHNIC_WORDS = frozenset({"ethnic"})
# Sectors of the members of an ethnic group named without a country ("ethnic Albanians").
ETHNIC_SECTORS = ("CVL",)
# Entity labels the NER gives to foreign surnames ("Oshima" as GPE); with no gazetteer id
# such a word may end a name described by an apposition.
MISTAGGED_NAME_ENTS = frozenset({"GPE", "ORG", "NORP", "LOC"})
# Left modifiers of a title that name its portfolio ("Planning and Investment Minister").
TITLE_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
# Entity labels of dates and times: never the head of an actor phrase.
TIME_ENTS = frozenset({"DATE", "TIME"})
# "Damascus-based", "London-based": a place of business, not a nationality.
LOCATION_SUFFIXES = frozenset({"based", "headquartered"})
# Possessive pronouns of a phrase that can take its possessor's country ("its troops").
THING_POSSESSIVES = frozenset({"its"})
# Entity labels a one-word leader name may carry (the NER often tags a foreign surname as a
# place or a body: "Erdogan" as ORG); any other entity around the word hides it.
LEADER_NAME_ENTS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC"})
# The Arabic article before a capitalised name part ("al-Assad", "El Bashir", "Al Thani") and
# the ways news copy writes it.
ARABIC_ARTICLE = re.compile(r"\b(?:al|Al|el|El)[- ](?=[A-Z])")
ARTICLE_FORMS = ("al-", "Al-", "el-", "El-", "al ", "Al ", "el ", "El ")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Atom kinds that name a person: an unknown name, a leader from ``leaders.tsv``.
PERSON_KINDS = frozenset({"person", "leader"})
GROUP_POSSESSIVES = frozenset({"their"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: what a name stands for.

    Args:
        code: full actor code ("CHN", "RUSGOV", "IGOUNO"), or None for a country adjective
            whose code is its country.
        country: country code, or None for international bodies.
        sectors: CAMEO sector/type codes the name carries by itself.
        name: canonical name.
        kind: ``country`` | ``adjective`` | ``capital`` | ``region`` | ``metonym`` | ``organisation`` |
            ``leader`` | ``user``.
        start, end: optional validity dates (inclusive) for user-dictionary entries and for a
            leader's term of office.
    """

    code: str | None
    country: str | None
    sectors: tuple[str, ...]
    name: str
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        """Whether the entry applies on ``day`` (undated entries always apply)."""
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True, slots=True)
class Role:
    """One role-table row: a title word or noun and the sectors it gives."""

    term: str
    sectors: tuple[str, ...]
    kind: str  # title | person | group | inherit | counterpart
    user: bool = False
    noun_only: bool = False  # only when tagged NOUN/PROPN ("officials", not "an official visit")


@dataclass(slots=True)
class Mention:
    """One actor mention in a Doc (token offsets).

    Args:
        start: first token index (inclusive).
        end: token index after the mention (exclusive).
        head: token index of the phrase head the mention describes.
        code: actor code ("USAGOVMIL", "CHN", "IGOUNO", "MIL" when the country is unknown).
        country: country code or None (never guessed).
        sectors: CAMEO sector codes.
        name: canonical name ("Wang Yi", "China", "United Nations").
        resolved_by: ``gazetteer`` | ``title`` | ``coreference`` | ``user_dictionary`` |
            ``unknown_country``.
        antecedent: for a coreference mention ("he", "the minister", a surname), the token
            span ``(start, end)`` of the mention that introduced the actor.
    """

    start: int
    end: int
    head: int
    code: str | None
    country: str | None
    sectors: list[str]
    name: str | None
    resolved_by: str
    antecedent: tuple[int, int] | None = None

    def to_actor(self, doc: Doc) -> Actor:
        """The :class:`~newsevents.models.Actor` record, with character offsets from ``doc``."""
        span = doc[self.start:self.end]
        refers_to = None
        if self.antecedent is not None:
            ante = doc[self.antecedent[0]:self.antecedent[1]]
            refers_to = {"text": ante.text, "start": ante.start_char, "end": ante.end_char}
        return Actor(text=span.text, start=span.start_char, end=span.end_char, code=self.code,
                     country=self.country, sectors=list(self.sectors), name=self.name,
                     resolved_by=self.resolved_by, refers_to=refers_to)


@dataclass(slots=True)
class _Atom:
    """A matched name or role word inside one sentence (internal)."""

    start: int
    end: int
    kind: str  # entry kinds ("leader" too), "role", "person", "unknown"
    entry: Entry | None = None
    role: Role | None = None
    name: str | None = None


@dataclass(slots=True)
class _Person:
    """A person registered for the article (internal)."""

    name: str
    mention: Mention
    terms: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------- data


@cache
def _tokenizer():
    return spacy.blank("en").tokenizer


def tokens_of(name: str) -> tuple[str, ...]:
    """Split a name the way the pipeline's tokenizer does (leading "the" dropped)."""
    name = name.strip()
    if name.replace(" ", "").isalnum():  # fast path: plain words split like the tokenizer does
        toks = tuple(name.split())
    else:
        toks = tuple(t.text for t in _tokenizer()(name))
    if len(toks) > 1 and toks[0].lower() == "the":
        toks = toks[1:]
    return toks


def split_code(code: str, countries: Iterable[str] | None = None) -> tuple[str | None, list[str]]:
    """Split a CAMEO-style code into (country, sectors): "USAGOVMIL" -> ("USA", ["GOV", "MIL"]).

    Args:
        code: the actor code.
        countries: known country codes (default: the country gazetteer's).
    """
    known = set(countries) if countries is not None else country_codes()
    code = code.strip().upper()
    country = code[:3] if code[:3] in known else None
    rest = code[3:] if country else code
    return country, [rest[i:i + 3] for i in range(0, len(rest), 3) if len(rest[i:i + 3]) == 3]


@cache
def country_codes() -> frozenset[str]:
    """Country codes in the country gazetteer."""
    return frozenset(row["code"] for _, row in read_table("actors/countries.tsv"))


@cache
def gazetteer_entries() -> tuple[tuple[str, Entry], ...]:
    """All built-in (name, entry) pairs: countries, demonyms, capitals, seats, organisations."""
    out: list[tuple[str, Entry]] = []
    for _, row in read_table("actors/countries.tsv"):
        code, name = row["code"], row["name"]
        for n in [name, *split_list(row["aliases"])]:
            out.append((n, Entry(code, code, (), name, "country")))
        for n in split_list(row["adjectives"]):
            out.append((n, Entry(code, code, (), name, "adjective")))
        for n in split_list(row["capitals"]):
            out.append((n, Entry(code + "GOV", code, ("GOV",), name, "capital")))
    for _, row in read_table("actors/metonyms.tsv"):
        sectors = tuple(split_list(row["sectors"]))
        out.append((row["name"], Entry(row["country"] + "".join(sectors), row["country"], sectors,
                                       row["name"], "metonym")))
    for _, row in read_table("actors/organisations.tsv"):
        entry = Entry(row["code"], row["country"] or None, tuple(split_list(row["sectors"])), row["name"],
                      "organisation")
        for n in [row["name"], *split_list(row["aliases"])]:
            out.append((n, entry))
    taken = {n for n, _ in out}
    out.extend((n, e) for n, e in region_entries() if n not in taken)
    return tuple(out)


def _plain_region_name(name: str) -> bool:
    """A region name safe to match as written: no abbreviation ("Ga.", "Miss.") and no short
    all-capital alias ("KP", "BC")."""
    return "." not in name and not (name.isupper() and len(name) <= 4)


@cache
def region_entries() -> tuple[tuple[str, Entry], ...]:
    """First-level regions (states, provinces) from the geo stage's ``geo_admin1.tsv`` as
    (name, entry) pairs of kind ``region``: a region stands for its country ("Darfur rebels"
    -> SDNREB, "the governor of Sindh" -> PAKGOV). Names that belong to regions of two
    countries ("Punjab") and abbreviations are left out."""
    owners: dict[str, set[str]] = {}
    canonical: dict[str, str] = {}
    for _, row in read_table("geo_admin1.tsv"):
        name, country = row["name"].strip(), row["iso3"].strip()
        if not country:
            continue
        for n in [name, *split_list(row["aliases"])]:
            if _plain_region_name(n):
                owners.setdefault(n, set()).add(country)
                canonical.setdefault(n, name)
    return tuple((n, Entry(next(iter(cs)), next(iter(cs)), (), canonical[n], "region"))
                 for n, cs in owners.items() if len(cs) == 1)


@cache
def leader_terms() -> tuple[tuple[str, tuple[str, ...], Entry], ...]:
    """Terms of office of well-known leaders (``leaders.tsv``) as (canonical name, name
    variants, entry of kind ``leader``) triples, one per row; the entry's ``start``/``end``
    bound the term, its code is country + sectors ("RUSGOV", "IGONAT" for an international
    office). Variants given on any row of a person apply to all of that person's rows.

    Raises:
        LexiconError: a row without a name or sectors, or with a bad date or country code.
    """
    countries = country_codes()
    rows: list[tuple[str, Entry]] = []
    variants: dict[str, list[str]] = {}
    for lineno, row in read_table("actors/leaders.tsv"):
        name, country = row["name"].strip(), row["country"].strip()
        sectors = tuple(split_list(row["sectors"]))
        where = f"leaders.tsv:{lineno}"
        if not name or not sectors or (country and country not in countries):
            raise LexiconError(f"{where}: bad row {row!r}")
        start, end = _parse_date(row["start"], where), _parse_date(row["end"], where)
        code = country + "".join(sectors)
        rows.append((name, Entry(code, country or None, sectors, name, "leader", start, end)))
        names = variants.setdefault(name, [name])
        names.extend(v for v in split_list(row["variants"]) if v not in names)
    return tuple((name, tuple(variants[name]), entry) for name, entry in rows)


@cache
def _leader_table(excluded: frozenset[tuple[str, ...]] = frozenset()) -> PhraseTable:
    """Case-sensitive phrase table of leader names -> their terms (entries of kind ``leader``).

    A variant that names people of different countries ("King Abdullah": Jordan and Saudi
    Arabia) is left out, and so is a one-word variant that is also a role word, a non-actor
    noun or an English function word (a safety net for the data). People with a name in
    ``excluded`` (lower-cased token tuples of user-dictionary names) are left out entirely:
    the user's entry overrides the built-in one.
    """
    common = {t[0] for t in role_table() if len(t) == 1} | non_actor_heads() | word_list("english_stopwords.txt")
    people: dict[tuple[str, ...], dict[str, list[Entry]]] = {}
    dropped: set[str] = set()
    for name, names, entry in leader_terms():
        toks = [tokens_of(x) for n in names for x in sorted(spellings(n))]
        if any(tuple(t.lower() for t in x) in excluded for x in toks):
            dropped.add(name)
            continue
        for x in toks:
            if len(x) == 1 and x[0].lower() in common:
                continue
            people.setdefault(x, {}).setdefault(name, []).append(entry)
    table = PhraseTable()
    for toks, by_person in people.items():
        if len(by_person) > 1 and len({e.country for es in by_person.values() for e in es if e.country}) > 1:
            continue  # the name is not distinctive
        keys = [toks]
        if toks[0][:1].islower():  # "al-Assad" also at a sentence start
            keys.append((toks[0][:1].upper() + toks[0][1:], *toks[1:]))
        for key in keys:
            for entry in (e for es in by_person.values() for e in es):
                table.add(key, entry)
    return table


def spellings(name: str) -> set[str]:
    """Common spellings of a name in news copy: the Arabic article written ``al-``, ``Al-``,
    ``el-``, ``El-`` or as a word ("Omar al-Bashir", "Omar El Bashir"), and hyphens as spaces
    ("Jean-Bertrand Aristide", "Jean Bertrand Aristide")."""
    out = {name}
    if ARABIC_ARTICLE.search(name):
        out.update(ARABIC_ARTICLE.sub(form, name) for form in ARTICLE_FORMS)
    out.update(n.replace("-", " ") for n in list(out) if "-" in n)
    return out


def former_term(entry: Entry) -> Entry:
    """A leader's entry outside its term: the state sectors (GOV, MIL, LEG, JUD, COP) become
    ``ELI`` (CAMEO's former elites: "Obama" in 2025 -> USAELI); other sectors (OPP, REB,
    IGO ...) are kept as they are."""
    if not any(s in STATE_SECTORS for s in entry.sectors):
        return entry
    sectors = (*(s for s in entry.sectors if s not in STATE_SECTORS), "ELI")
    return Entry((entry.country or "") + "".join(sectors), entry.country, sectors, entry.name, "leader",
                 entry.start, entry.end)


def pick_leader_term(entries: list[Entry], day: dt.date | None) -> Entry:
    """The entry a leader's name stands for on ``day``.

    Args:
        entries: the terms of office behind one name (one or several people of one country).
        day: the article's publication date, or None.

    Returns:
        the term that includes ``day`` (the latest-starting one if several do); without a
        date, the most recent term (its country is certain even when its role is not); on a
        date outside every term, the last term ended before it (or, before the first term,
        the first one) as a former elite (:func:`former_term`).
    """
    latest = max(entries, key=lambda e: e.start or dt.date.min)
    if day is None:
        return latest
    current = [e for e in entries if e.valid_on(day)]
    if current:
        return max(current, key=lambda e: e.start or dt.date.min)
    before = [e for e in entries if e.end is not None and e.end < day]
    if before:
        return former_term(max(before, key=lambda e: e.end))
    return former_term(min(entries, key=lambda e: e.start or dt.date.min))


def plural(term: str) -> str:
    """English plural of a role term's last word ("minister" -> "ministers")."""
    words = term.split(" ")
    last = words[-1]
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


@cache
def role_table() -> dict[tuple[str, ...], Role]:
    """Role terms (lower-case token tuples, singular and plural) -> :class:`Role`."""
    table: dict[tuple[str, ...], Role] = {}
    for lineno, row in read_table("actors/roles.tsv"):
        forms = split_list(row["term"])
        if not forms or row["kind"] not in ROLE_KINDS or (row.get("pos") or "") not in {"", "NOUN"}:
            raise LexiconError(f"roles.tsv:{lineno}: bad row {row!r}")
        role = Role(forms[0], tuple(split_list(row["sectors"])), row["kind"], noun_only=row.get("pos") == "NOUN")
        for form in {forms[0], forms[1] if len(forms) > 1 else plural(forms[0])}:
            # the tokenizer splits abbreviations by case ("Gen." is one token, "gen." two)
            capitalised = " ".join(w[:1].upper() + w[1:] for w in form.split(" "))
            for variant in (form, capitalised):
                table[tuple(t.lower() for t in tokens_of(variant))] = role
    return table


@cache
def non_actor_heads() -> frozenset[str]:
    """Head nouns that are never actors ("storm", "exports")."""
    words = [row["term"].strip().lower() for _, row in read_table("actors/nonactors.tsv")]
    return frozenset(words + [plural(w) for w in words])


def entity_ruler_patterns() -> list[dict]:
    """Entity-ruler patterns for the NLP pipeline: country names (GPE), demonyms (NORP),
    organisations and seats of power (ORG); ``id`` is the actor code."""
    labels = {"country": "GPE", "adjective": "NORP", "organisation": "ORG", "metonym": "ORG"}
    seen: set[tuple[str, str]] = set()
    patterns: list[dict] = []
    for name, entry in gazetteer_entries():
        label = labels.get(entry.kind)
        if label is None:
            continue
        toks = tokens_of(name)
        text = " ".join(toks)
        if (text, label) in seen:
            continue
        seen.add((text, label))
        patterns.append({"label": label, "pattern": [{"ORTH": t} for t in toks], "id": entry.code})
    return patterns


# ------------------------------------------------------------------ phrase matching


class PhraseTable:
    """Token-sequence dictionary with longest-match lookup.

    Args:
        lower: match on lower-cased token text (else exact text).
    """

    def __init__(self, lower: bool = False) -> None:
        self.lower = lower
        self.phrases: dict[tuple[str, ...], list] = {}
        self.max_len: dict[str, int] = {}

    def add(self, toks: tuple[str, ...], value) -> None:
        if not toks:
            return
        if self.lower:
            toks = tuple(t.lower() for t in toks)
        self.phrases.setdefault(toks, []).append(value)
        self.max_len[toks[0]] = max(self.max_len.get(toks[0], 0), len(toks))

    def match_at(self, words: list[str], i: int, stop: int) -> tuple[int, list] | None:
        """Longest phrase starting at ``words[i]`` and ending before ``stop``."""
        n = self.max_len.get(words[i])
        if n is None:
            return None
        for j in range(min(i + n, stop), i, -1):
            hit = self.phrases.get(tuple(words[i:j]))
            if hit is not None:
                return j, hit
        return None


@cache
def _builtin_table() -> PhraseTable:
    table = PhraseTable()
    for name, entry in gazetteer_entries():
        toks = tokens_of(name)
        table.add(toks, entry)
        if toks[0][:1].islower():  # "mainland China" also at a sentence start
            table.add((toks[0][:1].upper() + toks[0][1:], *toks[1:]), entry)
    return table


@cache
def _role_phrase_table() -> PhraseTable:
    table = PhraseTable(lower=True)
    for toks, role in role_table().items():
        table.add(toks, role)
    return table


# ------------------------------------------------------------------ user dictionaries


def _parse_date(value: str | None, where: str) -> dt.date | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise LexiconError(f"{where}: bad date {value!r} (want YYYY-MM-DD)") from exc


def _user_entry(code: str, where: str, start=None, end=None, name: str | None = None) -> Entry:
    code = code.strip().upper()
    if not code or not code.isalnum():
        raise LexiconError(f"{where}: bad actor code {code!r}")
    country, sectors = split_code(code)
    return Entry(code, country, tuple(sectors), name or code, "user",
                 _parse_date(start, where), _parse_date(end, where))


def load_user_dictionary(path: str | Path) -> tuple[list[tuple[str, Entry]], list[tuple[str, Role]]]:
    """Read one user dictionary: newsevents CSV/YAML, or a PETRARCH actors/agents file.

    Args:
        path: ``.csv`` / ``.tsv`` (columns ``names,code[,start,end]``), ``.yaml`` / ``.yml``
            (a list of ``{names, code, start, end}``), or a PETRARCH ``.txt`` dictionary.

    Returns:
        (actor names with entries, agent terms with roles).

    Raises:
        LexiconError: the file is missing or malformed (message names file and line).
    """
    p = Path(path)
    if not p.is_file():
        raise LexiconError(f"{p}: no such actor dictionary")
    suffix = p.suffix.lower()
    if suffix in {".csv", ".tsv"}:
        return _load_csv(p, "\t" if suffix == ".tsv" else ","), []
    if suffix in {".yaml", ".yml"}:
        return _load_yaml(p), []
    from newsevents import petrarch_dicts

    return petrarch_dicts.load(p)


def _load_csv(p: Path, delimiter: str) -> list[tuple[str, Entry]]:
    out: list[tuple[str, Entry]] = []
    with p.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.lstrip().startswith("#")), delimiter=delimiter)
        if not rows.fieldnames or not {"names", "code"} <= set(rows.fieldnames):
            raise LexiconError(f"{p}: header must have 'names' and 'code' columns")
        for lineno, row in enumerate(rows, 2):
            names = split_list(row.get("names") or "")
            if not names:
                raise LexiconError(f"{p}:{lineno}: no names")
            entry = _user_entry(row.get("code") or "", f"{p}:{lineno}", row.get("start"), row.get("end"),
                                names[0])
            out.extend((n, entry) for n in names)
    return out


def _load_yaml(p: Path) -> list[tuple[str, Entry]]:
    import yaml

    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise LexiconError(f"{p}: invalid YAML: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("actors") or []
    out: list[tuple[str, Entry]] = []
    for i, item in enumerate(data, 1):
        where = f"{p}: actor #{i}"
        if not isinstance(item, dict) or "code" not in item or "names" not in item:
            raise LexiconError(f"{where}: needs 'names' and 'code'")
        names = item["names"] if isinstance(item["names"], list) else [item["names"]]
        periods = item.get("periods") or [{"code": item["code"], "start": item.get("start"),
                                           "end": item.get("end")}]
        for period in periods:
            entry = _user_entry(str(period.get("code") or item["code"]), where, period.get("start"),
                                period.get("end"), str(names[0]))
            out.extend((str(n), entry) for n in names)
    return out


@cache
def _user_tables(paths: tuple[str, ...]) -> tuple[PhraseTable, PhraseTable, PhraseTable, frozenset]:
    """(case-sensitive names, case-insensitive names, agent roles, all names as lower-cased
    token tuples) of the given dictionaries."""
    exact, folded, roles = PhraseTable(), PhraseTable(lower=True), PhraseTable(lower=True)
    seen: set[tuple[str, ...]] = set()
    for path in paths:
        names, agents = load_user_dictionary(path)
        for name, entry in names:
            toks = tokens_of(name)
            seen.add(tuple(t.lower() for t in toks))
            if len(toks) == 1 and toks[0].isupper() and len(toks[0]) <= 4:
                exact.add(toks, entry)  # acronyms ("UN", "US") only as written
            else:
                folded.add(toks, entry)
        for term, role in agents:
            roles.add(tokens_of(term), role)
    return exact, folded, roles, frozenset(seen)


def _pick(entries: list[Entry], day: dt.date | None) -> Entry | None:
    """The entry valid on ``day``: a matching dated entry first, else an undated one."""
    for e in entries:
        if e.dated and day is not None and e.valid_on(day):
            return e
    for e in entries:
        if not e.dated:
            return e
    if day is None and entries:
        return entries[0]
    return None


# ------------------------------------------------------------------------ resolver


def _phrase_head(tok: Token) -> Token:
    """The noun a (left) modifier belongs to: climb compound/amod/poss/... links to the right."""
    seen = 0
    while seen < 8:
        if tok.dep_ in MODIFIER_DEPS and tok.head.i > tok.i:
            if tok.head.ent_type_ in TIME_ENTS and tok.ent_type_ not in TIME_ENTS:
                break  # "met Bashar Assad Tuesday" parsed with the date as head: the name ends here
            tok = tok.head
        elif tok.dep_ == "conj" and tok.head.dep_ in {"amod", "compound", "nmod"} and tok.head.head.i > tok.i:
            tok = tok.head.head  # "Hungarian and Romanian officials"
        else:
            break
        seen += 1
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ == "of":
        # "Secretary of State" inside a title: the phrase continues to the title's head
        title = tok.head.head
        if title.i < tok.i and title.dep_ in MODIFIER_DEPS and title.head.i > tok.i:
            return _phrase_head(title)
    return tok


def _span_head(doc: Doc, start: int, end: int) -> Token:
    """The token of doc[start:end] whose head lies outside the span."""
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return doc[i]
    return doc[end - 1]


class _DocTokens:
    """Token texts and entities of one Doc, read once (``Doc.ents`` builds new Spans on
    every access and iterating a Doc builds new Tokens)."""

    __slots__ = ("doc", "ent_of", "ents", "lower", "pos", "words")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        toks = list(doc)
        self.words = [t.text for t in toks]
        self.lower = [t.lower_ for t in toks]
        self.pos = [t.pos_ for t in toks]
        self.ents = doc.ents
        self.ent_of: list = [None] * len(toks)
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent


_doc_tokens: LatestDoc[_DocTokens] = LatestDoc(_DocTokens)


def _today(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


class ActorResolver:
    """Find and code every actor mention in an article's Doc.

    Args:
        dictionaries: user actor dictionaries (newsevents CSV/YAML, PETRARCH actors/agents
            ``.txt``); their names override the built-in gazetteer.
    """

    def __init__(self, dictionaries: Iterable[str | Path] = ()) -> None:
        paths = tuple(str(Path(p)) for p in dictionaries)
        self.builtin = _builtin_table()
        self.roles = _role_phrase_table()
        self.user_exact, self.user_folded, self.user_roles, user_names = _user_tables(paths)
        self.leaders = _leader_table(user_names)
        self.non_actor = non_actor_heads()
        self.countries = country_codes()

    # 1. matching ---------------------------------------------------------------
    def match(self, doc: Doc, day: dt.date | None) -> list[_Atom]:
        """Gazetteer, user-dictionary, role and person atoms of the Doc, left to right."""
        info = _doc_tokens(doc)
        words, lower, ent_of, pos = info.words, info.lower, info.ent_of, info.pos
        # first words of every table: a token that starts none, is in no entity and is no
        # proper noun can start nothing below
        exact_first, folded_first = self.builtin.max_len, self.user_exact.max_len
        lower_first, roles_first = self.user_folded.max_len, self.roles.max_len
        user_roles_first, leader_first = self.user_roles.max_len, self.leaders.max_len
        atoms: list[_Atom] = []
        n = len(doc)
        i = 0
        while i < n:
            if (ent_of[i] is None and pos[i] != "PROPN" and words[i] not in exact_first
                    and words[i] not in folded_first and lower[i] not in lower_first
                    and lower[i] not in roles_first and lower[i] not in user_roles_first
                    and words[i] not in leader_first):
                i += 1
                continue
            hit = self._match_names(words, lower, i, n, day)
            lead = self._match_leader(info, i, n, day, atoms) if words[i] in leader_first else None
            if lead is not None and (hit is None or lead[0] > hit[0]):
                j, entry = lead
                atoms.append(_Atom(i, j, "leader", entry=entry, name=entry.name))
                i = j
                continue
            if hit is not None:
                j, entry = hit
                ent = ent_of[i]
                if not self._hidden(ent, i, j, entry):
                    atoms.append(_Atom(i, j, entry.kind, entry=entry))
                    i = j
                    continue
            role_hit = self.user_roles.match_at(lower, i, n) if self.user_roles.max_len else None
            role_hit = role_hit or self.roles.match_at(lower, i, n)
            if role_hit is not None and self._role_ok(doc, i, role_hit, ent_of[i]):
                j, roles = role_hit
                atoms.append(_Atom(i, j, "role", role=roles[-1]))
                i = j
                continue
            ent = ent_of[i]
            if ent is not None and ent.label_ == "PERSON" and (
                    ent.start == i or (atoms and atoms[-1].end == i and atoms[-1].start == ent.start)):
                atoms.append(_Atom(i, ent.end, "person", name=doc[i:ent.end].text))
                i = ent.end
                continue
            if ent is None and pos[i] == "PROPN" and doc[i].is_title:
                j = self._unnamed_person(doc, i, ent_of, lower)
                if j:
                    atoms.append(_Atom(i, j, "person", name=doc[i:j].text))
                    i = j
                    continue
            i += 1
        atoms = [a for a in atoms if not self._orientation(doc, a)]
        # organisations the gazetteers do not know (NER ORG/NORP): actors with an unknown code
        taken = {k for a in atoms for k in range(a.start, a.end)}
        for ent in info.ents:
            if ent.label_ in {"ORG", "NORP"} and not ent.ent_id_ and not any(k in taken for k in range(ent.start, ent.end)):
                atoms.append(_Atom(ent.start, ent.end, "unknown", name=ent.text))
        atoms.sort(key=lambda a: a.start)
        return atoms

    @staticmethod
    def _orientation(doc: Doc, atom: _Atom) -> bool:
        """A country name used as an orientation: "pro-Iranian", "anti-Syria"."""
        if atom.entry is None or atom.entry.kind not in {"country", "adjective"} or atom.start < 2:
            return False
        return doc[atom.start - 1].text == "-" and doc[atom.start - 2].lower_ in ORIENTATION_PREFIXES

    @staticmethod
    def _location_modifier(doc: Doc, atom: _Atom) -> bool:
        """A place in "Damascus-based", "a London-based group": where a body sits, not whose it is."""
        if atom.entry is None or atom.entry.kind == "organisation" or atom.end + 1 >= len(doc):
            return False
        return doc[atom.end].text == "-" and doc[atom.end + 1].lower_ in LOCATION_SUFFIXES

    @staticmethod
    def _role_ok(doc: Doc, i: int, hit: tuple[int, list[Role]], ent) -> bool:
        """Whether a role-table match is a role here (part of speech, surrounding entity); a
        title may open a PERSON entity ("Archbishop Desmond Tutu" tagged as one name)."""
        j, roles = hit
        last = doc[j - 1]
        if last.pos_ in NON_ROLE_POS or (roles[-1].noun_only and last.pos_ not in NOUN_POS):
            return False
        if roles[-1].noun_only and last.dep_ in {"compound", "amod"} and last.head.pos_ == "PROPN":
            return False  # part of a name: "Christian Democratic Union", "Catholic Church"
        if ent is not None and ent.label_ == "PERSON":
            return roles[-1].kind == "title" and ent.start == i and j < ent.end
        return ent is None or ent.label_ not in NON_ACTOR_ENTS

    def _unnamed_person(self, doc: Doc, i: int, ent_of, lower: list[str]) -> int:
        """End of a capitalised name the NER missed that an apposition describes
        ("Ana Lopez, the defense minister"), else 0. A title word ends the name ("Federal
        Minister" is no name), and a word the NER mis-tagged as an unknown place or body
        may belong to it ("Kenzo Oshima" with "Oshima" as GPE)."""
        if self.roles.match_at(lower, i, len(doc)) is not None:
            return 0
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j - i < 4 and (
                ent_of[j] is None or (ent_of[j].label_ in MISTAGGED_NAME_ENTS and not ent_of[j].ent_id_
                                      and ent_of[j].start >= i)):
            if j > i and self.roles.match_at(lower, j, len(doc)) is not None:
                break
            j += 1
        head = doc[j - 1]
        if j - i >= 2 and any(c.dep_ == "appos" for c in head.children):
            return j
        return 0

    def _match_names(self, words, lower, i, n, day) -> tuple[int, Entry] | None:
        best: tuple[int, Entry] | None = None
        for table, seq in ((self.user_exact, words), (self.user_folded, lower), (self.builtin, words)):
            if not table.max_len:
                continue
            hit = table.match_at(seq, i, n)
            if hit is None:
                continue
            j, entries = hit
            entry = _pick(entries, day) if table is not self.builtin else entries[0]
            if entry is not None and (best is None or j > best[0]):
                best = (j, entry)
        return best

    def _match_leader(self, info: _DocTokens, i: int, n: int, day: dt.date | None,
                      atoms: list[_Atom]) -> tuple[int, Entry] | None:
        """A leader's name at token ``i``: (end, the term picked for ``day``), else None.

        A one-word name must be a proper noun or a PERSON (or mis-tagged place/body) entity of
        its own ("Bush said", not "a bush"); a name inside a longer entity does not count
        ("Laura Bush", "The Hague"), except after the title that opens the entity ("President
        Bush" tagged as one PERSON).
        """
        hit = self.leaders.match_at(info.words, i, n)
        if hit is None:
            return None
        j, entries = hit
        for ent in {info.ent_of[i], info.ent_of[j - 1]} - {None}:
            if ent.start >= i and ent.end <= j:
                continue  # the entity lies inside the name
            if ent.label_ not in LEADER_NAME_ENTS or ent.end > j:
                return None
            if ent.start < i and not (atoms and atoms[-1].end == i and atoms[-1].role is not None
                                      and atoms[-1].start <= ent.start):
                return None
        if j - i == 1 and info.pos[i] != "PROPN" and info.ent_of[i] is None:
            # the tagger often reads a rare foreign surname as a common noun ("Guterres urged"):
            # a capitalised noun is a name mid-sentence, and at the start only as the subject
            # ("Bush fires raged" is no name)
            tok = info.doc[i]
            if info.pos[i] != "NOUN" or (tok.is_sent_start and tok.dep_ not in SUBJECT_DEPS):
                return None
        return j, pick_leader_term(entries, day)

    @staticmethod
    def _hidden(ent, i: int, j: int, entry: Entry) -> bool:
        """A name inside a larger entity that is not about it ("Michael Jordan", "Washington Post")."""
        if ent is None or (ent.start >= i and ent.end <= j):
            return False
        if ent.label_ in {"PERSON", *NON_ACTOR_ENTS}:
            return True
        return entry.kind in {"capital", "region"} and ent.label_ in {"ORG", "FAC"}

    # 2.-4. mentions -------------------------------------------------------------
    def __call__(self, doc: Doc, published: str | None = None) -> list[Mention]:
        """Find and code every actor mention in one article's Doc.

        Registers people for coreference, stores the list in ``doc.user_data["mentions"]``
        (and the token index :func:`mentions_for` reads) and returns it.

        Args:
            doc: the parsed article.
            published: publication date ``YYYY-MM-DD`` (selects date-restricted dictionary entries).
        """
        day = _today(published)
        atoms = self.match(doc, day)
        bases: dict[int, str] = {}  # phrase head -> country of its "X-based" place
        for a in [a for a in atoms if self._location_modifier(doc, a)]:
            atoms.remove(a)
            country = _place(a).entry.country
            if country:
                bases.setdefault(_phrase_head(doc[a.end + 1]).i, country)
        groups: dict[int, list[_Atom]] = {}
        person_at = {a.start: a for a in atoms if a.kind in PERSON_KINDS}
        moved: dict[int, int] = {}
        for atom in atoms:
            head = _phrase_head(_span_head(doc, atom.start, atom.end))
            if atom.role is not None and atom.role.kind == "title" and atom.end in person_at:
                # a title right before a name belongs to it, however the parser attached it
                # ("the Minister for Interior Ana Lopez": "Lopez" parsed as the object of "for"),
                # and so does the rest of the title's phrase ("Ruritania's Minister for ...")
                named = person_at[atom.end]
                target = _phrase_head(_span_head(doc, named.start, named.end))
                if target.i != head.i:
                    moved[head.i] = target.i
                head = target
            if atom.role is not None and atom.role.kind == "former" and atom.end + 1 < len(doc) \
                    and doc[atom.end].text == "-":  # "ex-president": the parser often splits it
                head = _phrase_head(doc[atom.end + 1])
            groups.setdefault(head.i, []).append(atom)
        for old_head, new_head in moved.items():
            if old_head in groups and new_head in groups and old_head != new_head:
                groups[new_head] = sorted([*groups.pop(old_head), *groups[new_head]], key=lambda a: a.start)
        state = _ArticleState()
        mentions: list[Mention] = []
        by_head: dict[int, list[Mention]] = {}
        for head_i in sorted(groups, key=lambda h: min(a.start for a in groups[h])):
            made = self._mentions_for_group(doc, doc[head_i], groups[head_i], groups, state, bases)
            if made:
                by_head[head_i] = made
                mentions.extend(made)
        superseded: set[int] = set()
        mentions.extend(self._coreference(doc, by_head, groups, state, superseded))
        mentions = [m for m in mentions if id(m) not in superseded]
        mentions.sort(key=lambda m: (m.start, m.end))
        _store(doc, mentions)
        return mentions

    def _mentions_for_group(self, doc: Doc, head: Token, atoms: list[_Atom], groups, state,
                            bases: dict[int, str] | None = None) -> list[Mention]:
        made = self._group_mentions(doc, head, atoms, groups, state)
        if len(made) == 1 and made[0].head == head.i:
            self._residence(doc, head, atoms, groups, made[0])
            self._possessor(doc, head, atoms, state, made[0])
            self._base(doc, head, atoms, groups, made[0], (bases or {}).get(head.i))
        return made

    @staticmethod
    def _base(doc: Doc, head: Token, atoms: list[_Atom], groups, m: Mention, based: str | None) -> None:
        """A group described only by role words takes the country it is based in when nothing
        else gives one: "a terror group based in Ruritania", "a Nairobi-based rights group"
        (-> KENNGOHRI, never GOV). A nationality or a named body always wins: "a Damascus-based
        Palestinian group" stays PSE."""
        if m.country or m.code is None or m.resolved_by == "user_dictionary":
            return
        if any(a.entry is not None or a.kind in {"person", "unknown"} for a in atoms):
            return
        if based is None:
            for acl in head.children:
                if acl.dep_ != "acl" or acl.lemma_.lower() not in {"base", "headquarter", "headquartered"}:
                    continue
                for prep in acl.children:
                    if prep.dep_ == "prep" and prep.lower_ == "in":
                        for obj in prep.children:
                            found = [_place(a).entry.country for a in groups.get(obj.i, [])
                                     if a.entry is not None and a.entry.country]
                            based = based or (found[0] if found else None)
        if based is None:
            return
        m.country = based
        m.code = based + "".join(m.sectors)
        m.resolved_by = "title"

    @staticmethod
    def _possessor(doc: Doc, head: Token, atoms: list[_Atom], state: _ArticleState, m: Mention) -> None:
        """A role phrase owned by a pronoun takes the country of the pronoun's antecedent:
        "Israel has strengthened its forces" -> ISRMIL, "the Serbian president and his
        troops" -> SRBMIL. "its"/"their" point to a country or named body (whose code the
        phrase extends: "Hamas and its fighters" -> PSEREBHMS), "his"/"her" to a person
        (only the country). Sets ``antecedent`` and ``resolved_by`` = coreference."""
        if m.country or m.resolved_by == "user_dictionary" or any(a.entry is not None for a in atoms):
            return
        if not any(a.role is not None for a in atoms):
            return
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is None:
            return
        low = poss.lower_
        history = [(h, [b]) for h, b in sorted(state.built.items())]
        if low in THING_POSSESSIVES:
            found = _last_thing(history, poss.i)
        elif low in GROUP_POSSESSIVES:
            found = [b for b in _last_group(history, poss.i) if b.country or b.resolved_by == "gazetteer"]
        elif low in POSSESSIVE_PRONOUNS:
            person = state.last_person_before(poss.i)
            found = [person] if person is not None else []
        else:
            return
        if not found or len({b.country for b in found}) != 1:
            return
        ante = found[0]
        if not ante.country and ante.resolved_by not in {"gazetteer", "user_dictionary"}:
            armed = [x for x in ante.sectors if x not in STATE_SECTORS]
            if low in POSSESSIVE_PRONOUNS and armed and set(m.sectors) <= {"MIL", "UAF"}:
                # "rebel leader X said his forces ...": a non-state leader's forces are his
                # movement's (REB), country still unknown
                m.sectors = armed
                m.code = "".join(armed)
                m.resolved_by = "coreference"
                m.antecedent = ante.antecedent or (ante.start, ante.end)
            return
        named = low not in POSSESSIVE_PRONOUNS and ante.resolved_by in {"gazetteer", "user_dictionary"}
        sectors = [*ante.sectors] if named else []
        sectors += [x for x in m.sectors if x not in sectors]
        m.country = ante.country
        m.sectors = sectors
        m.code = ((ante.code if named else ante.country) or "") + "".join(
            x for x in sectors if not named or x not in ante.sectors) or None
        m.resolved_by = "coreference"
        m.antecedent = ante.antecedent or (ante.start, ante.end)

    def _non_actor(self, doc: Doc, head: Token, atoms: list[_Atom]) -> bool:
        """A phrase about a thing, not an actor: "Chinese exports", "Hurricane Ian", a product."""
        if head.lemma_.lower() in self.non_actor or head.lower_ in self.non_actor:
            return True
        if head.pos_ == "PROPN" and any(c.dep_ == "compound" and c.pos_ != "PROPN" and c.lower_ in self.non_actor
                                        or c.dep_ == "compound" and c.lemma_.lower() in self.non_actor
                                        for c in head.children):
            return True  # "Hurricane Ian", "Typhoon Haiyan"
        return head.ent_type_ in NON_ACTOR_ENTS and not any(a.start <= head.i < a.end for a in atoms)

    @staticmethod
    def _unknown_organisation(doc: Doc, head: Token, atoms: list[_Atom], state: _ArticleState) -> bool:
        """The phrase names an organisation the gazetteers do not know (a company, a club...)
        and nothing in it says it is a political body: "Chinese tech giant Huawei", "Russian
        oil company Rosneft" (a country modifier does not make a company an actor; a demonym
        inside the name does: "Rwandan Patriotic Front")."""
        if head.pos_ == "PROPN" and not head.ent_type_ and not any(a.start <= head.i < a.end for a in atoms):
            # a name the NER missed, described by business words only: "energy company Statkraft"
            roles = [a.role for a in atoms if a.role is not None]
            return bool(roles) and all(set(r.sectors) <= {"BUS"} for r in roles)
        if head.ent_type_ not in NAMED_NON_ACTOR or head.ent_id_:
            return False
        ent = _doc_tokens(doc).ent_of[head.i]
        if ent is None or any(a.entry is not None and a.start < ent.end and ent.start < a.end for a in atoms):
            return False
        if ent.text in state.people or ent[-1].text in state.surnames:  # a registered person, mis-tagged
            return False
        return all(a.role is None or set(a.role.sectors) <= {"BUS"} for a in atoms)

    def _residence(self, doc: Doc, head: Token, atoms: list[_Atom], groups, m: Mention) -> None:
        """People named by a demonym take the country their phrase ties them to: "the Albanians
        of southern Serbia" and "ethnic Albanians in Serbia" -> SRB; "ethnic Albanians" alone
        has no country (an ethnicity is not a nationality)."""
        demonym = next((a for a in atoms if a.entry is not None and a.entry.kind == "adjective"
                        and a.start <= head.i < a.end), None)
        if demonym is None or m.resolved_by == "user_dictionary":
            return
        ethnic = any(c.lower_ in ETHNIC_WORDS for c in head.children if c.dep_ in {"amod", "compound"})
        preps = {"of", "in"} if ethnic else {"of"}
        where = None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    found = [a for a in groups.get(obj.i, []) if a.entry is not None
                             and a.entry.kind in {"country", "region"}]
                    if obj.dep_ == "pobj" and found:
                        where = found[0].entry.country
        if where is None and not ethnic:
            return
        m.country = where
        if not m.sectors:  # "ethnic Albanians": members of a people, civilians unless a role says more
            m.sectors = list(ETHNIC_SECTORS)
        m.code = (where or "") + "".join(m.sectors) or None
        if where is None:
            m.resolved_by = "unknown_country"

    def _borrowed_sectors(self, doc: Doc, head: Token, state: _ArticleState) -> list[str] | None:
        """Sectors of the actor a "counterpart" is the counterpart of: the possessor ("her
        counterpart" -> the person "her" refers to, "Japan's counterpart") or the subject of the
        clause ("Wang met his Japanese counterpart")."""
        for child in head.children:
            if child.dep_ == "poss":
                if child.lower_ in POSSESSIVE_PRONOUNS:
                    m = state.last_person_before(child.i)
                    if m is not None:
                        return list(m.sectors)
                elif (m := state.built.get(_phrase_head(child).i)) is not None:
                    return list(m.sectors)
        t = head
        for _ in range(4):  # up through prepositions and conjunctions to the clause's verb
            if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
                break
            t = t.head
        for child in t.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                if child.lower_ in PERSON_PRONOUNS:
                    m = state.last_person_before(child.i)
                else:
                    m = state.built.get(child.i)
                if m is not None and m.sectors:
                    return list(m.sectors)
        return None

    def _group_mentions(self, doc: Doc, head: Token, atoms: list[_Atom], groups, state) -> list[Mention]:
        if self._non_actor(doc, head, atoms):
            return []
        if self._unknown_organisation(doc, head, atoms, state):
            ent = _doc_tokens(doc).ent_of[head.i]
            name = ent.text if ent is not None else head.text
            start = min(a.start for a in atoms)
            end = max(head.i + 1, *(a.end for a in atoms))
            return [Mention(start, end, head.i, None, None, [], name, "unknown_country")]
        # a leader is the person of the phrase when the phrase is about them ("President Erdogan"),
        # not when the name only modifies it ("Putin's spokesman", "the Bush administration")
        person = next((a for a in atoms if a.kind == "leader" and a.start <= head.i < a.end), None) or next(
            (a for a in atoms if a.kind == "person"), None)
        if all(a.role is not None and a.role.kind == "former" for a in atoms):
            return []  # "the former" alone
        names = [a for a in atoms if a.entry is not None]
        roles = [a for a in atoms if a.role is not None]
        borrow = (self._borrowed_sectors(doc, head, state)
                  if any(r.role.kind == "counterpart" for r in roles) else None)
        # Complete the phrase from "of/for/in X", apposition and "who heads X" when it has no
        # country or organisation of its own.
        extra: list[_Atom] = []
        if not any(a.entry is not None and (a.entry.country or a.entry.kind == "organisation") for a in atoms):
            groupish = person is None and any(a.role is not None and a.role.kind == "group" for a in atoms)
            extra = self._complements(doc, head, groups, with_in=groupish)
            if head.dep_ == "appos" and head.head.i in state.built:
                anchor = state.built[head.head.i]
                if anchor.country or anchor.code:
                    extra = []
                    if person is not None or not atoms:
                        m = _copy(anchor, min(a.start for a in atoms), max(a.end for a in atoms), head.i,
                                  anchor.resolved_by)
                        m.name = person.name if person else anchor.name
                        if person is not None:
                            state.register(_Person(person.name, m, set(state.terms.get(head.head.i, ()))),
                                           doc, person)
                        return [m]
        named = person or next((a for a in atoms if a.kind == "unknown"), None)
        if named is not None and not names and not roles and not extra:
            known = state.people.get(named.name) or state.people.get(named.name.split()[-1])
            if known is not None:  # a registered person named again ("Marsudi")
                m = _copy(known.mention, named.start, named.end, head.i, "coreference")
                state.seen.append((named.start, m))
                return [m]
        # "The presidents of Iraq and Egypt": one mention per conjoined complement country.
        if person is None and roles and not names:
            by_country = {}
            for a in extra:
                if a.entry is not None and a.entry.country and a.entry.kind in {"country", "adjective", "region"}:
                    by_country.setdefault(a.entry.country, a)
            if len(by_country) > 1:
                out = []
                for a in by_country.values():
                    m = self._build(doc, head, [*roles], [a], None)
                    if m is not None:
                        if a is not next(iter(by_country.values())):
                            m.start, m.end = a.start, a.end
                        out.append(m)
                return out
        # Conjoined countries modifying one head: "Hungarian and Romanian officials".
        country_atoms = [a for a in names if a.entry.kind in {"country", "adjective", "region"}]
        if len(country_atoms) > 1 and not person and all(doc[a.end - 1].i < head.i for a in country_atoms):
            linked = [a for a in country_atoms[1:] if _span_head(doc, a.start, a.end).dep_ == "conj"]
            if linked:
                out = []
                for a in country_atoms:
                    m = self._build(doc, head, [a, *roles], [], None)
                    m.start, m.end = a.start, a.end
                    if a is country_atoms[-1]:
                        m.end = max(m.end, max(r.end for r in roles) if roles else m.end)
                    out.append(m)
                return out
        m = self._build(doc, head, atoms, extra, person, borrow)
        if m is None:
            return []
        state.built[head.i] = m
        state.terms[head.i] = {a.role.term for a in [*atoms, *extra] if a.role is not None}
        if person is not None:
            p = _Person(person.name, m, {r.role.term for r in roles if r.role})
            for a in extra:
                if a.role is not None:
                    p.terms.add(a.role.term)
            state.register(p, doc, person)
        return [m]

    def _complements(self, doc: Doc, head: Token, groups, with_in: bool = False) -> list[_Atom]:
        """Atoms of phrases that complete ``head``: of/for-objects ("in" too for groups: "police
        in Kosovo"), appositions, "who heads X"."""
        out: list[_Atom] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS and (with_in or child.lower_ not in PLACE_PREPS):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = [*groups.get(obj.i, []), *(a for c in obj.conjuncts for a in groups.get(c.i, []))]
                        if child.lower_ in PLACE_PREPS:  # "a think tank in Washington": the place, not its government
                            found = [_place(a) for a in found]
                        out.extend(found)
            elif child.dep_ == "appos":
                out.extend(groups.get(child.i, []))
                out.extend(self._complements(doc, child, groups))
            elif child.dep_ == "relcl" and child.lemma_.lower() in HEAD_VERBS:
                for obj in child.children:
                    if obj.dep_ in {"dobj", "obj"}:
                        out.extend(groups.get(obj.i, []))
                        out.extend(self._complements(doc, obj, groups))
        return [a for a in out if a.kind != "person"]

    def _build(self, doc: Doc, head: Token, atoms: list[_Atom], extra: list[_Atom],
               person: _Atom | None, borrow: list[str] | None = None) -> Mention | None:
        """Code one phrase from its atoms (own first, then complements).

        Args:
            borrow: sectors of the actor a "counterpart" role refers to (see
                :meth:`_borrowed_sectors`), used when the phrase has no firm role of its own.
        """
        own_names = [a for a in atoms if a.entry is not None]
        own_roles = [a for a in atoms if a.role is not None]
        names = own_names + [a for a in extra if a.entry is not None]
        # "leaders of the opposition coalition": an inherit role takes its complement's roles
        borrowing = all(a.role.kind in BORROWING_KINDS for a in own_roles)
        roles = own_roles + [a for a in extra if a.role is not None and borrowing]
        unknown = next((a for a in atoms if a.kind == "unknown"), None)
        if not names and not roles and person is None:
            if unknown is None:
                return None
            return Mention(unknown.start, unknown.end, head.i, None, None, [], unknown.name, "unknown_country")
        own_head = next((a for a in own_names if a.start <= head.i < a.end), None)
        if own_head is not None and own_head.entry.kind in {"country", "region"}:
            # the phrase is the country it names: "NATO-member Norway" is Norway, not NATO
            names = [a for a in names if a.entry.kind in {"country", "adjective", "region"}]
            names.sort(key=lambda a: a is not own_head)
        country = next((a.entry.country for a in names if a.entry.country), None)
        org = next((a.entry for a in names if (a.entry.kind in {"organisation", "metonym", "capital", "user"}
                    or (a.entry.kind == "leader" and a.entry.country is None)) and a.entry.code), None)
        # a leader's term gives the country, and the sectors when no role of the phrase names a
        # state office: "Putin's spokesman" -> RUSGOV, "President Obama" -> the title's GOV,
        # "the Bush administration" -> the role's GOV whatever the date
        leader = next((a.entry for a in names if a.entry.kind == "leader" and a.entry.country), None)
        sectors: list[str] = []
        firm = [r.role for r in roles if r.role.kind not in BORROWING_KINDS]
        for role in firm:
            sectors.extend(s for s in role.sectors if s not in sectors)
        if not firm and borrow:
            sectors.extend(s for s in borrow if s not in sectors)
        if leader is not None and org is None and not any(s in STATE_SECTORS for s in sectors):
            sectors.extend(s for s in leader.sectors if s not in sectors)
        if org is not None:
            if org.country:  # "pro-Western Hezbollah", "Iranian-backed Hezbollah": the group's own country
                country = org.country
            base = org.code
            own = set(split_code(org.code, self.countries)[1])
            extra_sectors = [s for s in sectors if s not in own]
            code = base + "".join(extra_sectors)
            sectors = [*split_code(org.code, self.countries)[1], *extra_sectors]
            if org.country and org.country != country and not org.code.startswith(org.country):
                country = country or org.country
        else:
            if not sectors:
                for r in roles:
                    sectors.extend(s for s in r.role.sectors if s not in sectors)
            code = (country or "") + "".join(sectors) or None
        former = [r.role for r in roles if r.role.kind == "former"]
        if former and any(s in STATE_SECTORS for s in sectors):  # "former president X" -> ELI
            kept = [s for s in sectors if s not in STATE_SECTORS]
            sectors = [*kept, *(s for r in former for s in r.sectors if s not in kept)]
            code = (org.code if org is not None else (country or "")) + "".join(
                s for s in sectors if org is None or s not in split_code(org.code, self.countries)[1]) or None
        spans = [(a.start, a.end) for a in atoms]
        start = min(s for s, _ in spans)
        end = max(e for _, e in spans)
        start = min([start, *(_title_left_edge(doc, a) for a in own_roles)])
        # the span is the evidence: when the code comes from a complement ("leaders of the
        # opposition coalition", "Kenzo Oshima, the UN relief coordinator"), it reaches to it
        lent = [a for a in extra if a.start >= end
                and ((a.entry is not None and a.entry not in [o.entry for o in own_names])
                     or (a.role is not None and borrowing))]
        if lent and not any(a.entry is not None and (a.entry.country or a.entry.code) for a in own_names):
            end = max(end, *(a.end for a in lent))
        if person is not None:
            name = person.name
        elif org is not None and org.kind != "capital":
            name = org.name
        else:
            name = next((a.entry.name for a in names), None)
        if any(a.entry.kind == "user" for a in names if a.entry):
            how = "user_dictionary"
        elif country is None and org is None:
            how = "unknown_country"
        elif person is not None and person.kind == "leader" and not roles:
            how = "gazetteer"  # a leader named alone: "Putin said"
        elif roles or person is not None:
            how = "title"
        else:
            how = "gazetteer"
        if person is not None and code is None:
            how = "unknown_country"
        return Mention(start, end, head.i, code, country, sectors, name, how)

    def _coreference(self, doc: Doc, by_head, groups, state: _ArticleState,
                     superseded: set[int]) -> list[Mention]:
        """Mentions for surnames, pronouns, "the minister" and "the two" (resolved_by coreference).

        Adds the ids of mentions replaced by a coreferent one to ``superseded``.
        """
        out: list[Mention] = []
        covered = {i for ms in by_head.values() for m in ms for i in range(m.start, m.end)}
        history: list[tuple[int, list[Mention]]] = sorted(by_head.items())  # by head index
        info = _doc_tokens(doc)
        words, lower = info.words, info.lower
        for i in range(len(words)):
            if i in covered:
                continue
            low = lower[i]
            if not (low in PERSON_PRONOUNS or low in PLURAL_PRONOUNS or low in BOTH_WORDS
                    or low in THING_PRONOUNS or words[i] in state.surnames):
                continue  # no coreference word: skip before making a Token
            tok = doc[i]
            found: list[Mention] = []
            if low in PERSON_PRONOUNS:
                p = _matrix_subject(tok, by_head) or state.last_person_before(tok.i)
                found = [p] if p else []
            elif low in PLURAL_PRONOUNS:
                found = _last_group(history, tok.i)
                if len(found) == 1:  # "Obama and Putin said they ...": the whole conjunction
                    found = _with_conjuncts(doc, found[0], by_head)
            elif low in THING_PRONOUNS:
                if tok.dep_ in THING_PRONOUN_DEPS and not _expletive(tok):
                    found = _last_thing(history, tok.i)
            elif low in BOTH_WORDS and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "nummod", "det", "ROOT"} \
                    and (low == "both" or _definite(tok)):
                found = state.last_two_people(tok.i) or _last_pair(history, tok.i)
                if low == "two" and tok.dep_ == "nummod" and tok.head.i not in by_head:
                    tok = tok.head
            elif tok.text in state.surnames and not tok.is_lower:
                found = [state.surnames[tok.text].mention]
                state.seen.append((tok.i, found[0]))
            if not found:
                continue
            head = tok if tok.dep_ not in MODIFIER_DEPS else _phrase_head(tok)
            if tok.dep_ == "poss" and head.i in by_head:  # "her counterpart": the possessor is another actor
                head = tok
            for m in found:
                out.append(_copy(m, tok.i, tok.i + 1, head.i, "coreference"))
            by_head.setdefault(head.i, []).extend(out[-len(found):])
        # "the minister": a definite role phrase without country -> the registered person
        for head_i, ms in list(by_head.items()):
            if len(ms) != 1 or ms[0].country or ms[0].resolved_by == "coreference":
                continue
            atoms = groups.get(head_i, [])
            if len(atoms) != 1 or atoms[0].role is None or atoms[0].role.kind not in {"title", "person"}:
                continue
            det = [c for c in doc[head_i].children if c.dep_ == "det" and c.lower_ == "the"]
            if not det:
                continue
            p = state.last_person_with(atoms[0].role.term, head_i)
            if p is not None:
                m = ms[0]
                ms[0] = _copy(p.mention, m.start, m.end, m.head, "coreference")
                out.append(ms[0])
                superseded.add(id(m))
        return out


class _ArticleState:
    """People registered while reading one article."""

    def __init__(self) -> None:
        self.people: dict[str, _Person] = {}
        self.surnames: dict[str, _Person] = {}
        self.order: list[_Person] = []
        self.built: dict[int, Mention] = {}
        self.seen: list[tuple[int, Mention]] = []  # later mentions of registered people
        self.terms: dict[int, set[str]] = {}

    def register(self, p: _Person, doc: Doc, atom: _Atom) -> None:
        self.people[p.name] = p
        last = p.name.split()[-1]
        self.people.setdefault(last, p)
        self.surnames[last] = p
        prefix, _, bare = last.partition("-")
        if bare and prefix.islower():  # "al-Sudani" is also "Sudani"
            self.surnames.setdefault(bare, p)
            self.people.setdefault(bare, p)
        self.order.append(p)
        # "Wang Yi (ALIAS)": the bracketed alias names the same person
        k = atom.end
        if k + 2 < len(doc) and doc[k].text == "(":
            close = next((j for j in range(k + 1, min(k + 6, len(doc))) if doc[j].text == ")"), None)
            if close is not None and close > k + 1:
                alias = doc[k + 1:close].text
                self.people[alias] = p
                self.surnames[alias] = p

    def last_person_before(self, i: int) -> Mention | None:
        """The person mentioned last before token ``i`` (by name or surname)."""
        best: tuple[int, Mention] | None = None
        for p in self.order:
            if p.mention.start < i and p.mention.code and (best is None or p.mention.start > best[0]):
                best = (p.mention.start, p.mention)
        for pos, m in self.seen:
            if pos < i and m.code and (best is None or pos > best[0]):
                best = (pos, m)
        return best[1] if best else None

    def last_two_people(self, i: int) -> list[Mention]:
        """The two people named last before token ``i`` ("the two" after a meeting)."""
        events = [(p.mention.start, p.name, p.mention) for p in self.order if p.mention.code]
        events += [(pos, m.name, m) for pos, m in self.seen if m.code]
        out: list[Mention] = []
        for _, name, m in sorted((e for e in events if e[0] < i), key=lambda e: e[0], reverse=True):
            if all(name != o.name for o in out):
                out.append(m)
            if len(out) == 2:
                rank = {p.name: k for k, p in enumerate(self.order)}
                return sorted(out, key=lambda m: rank.get(m.name or "", 0))
        return []

    def last_person_with(self, term: str, i: int) -> _Person | None:
        best = None
        for p in self.order:
            if p.mention.start < i and any(term == t or t.endswith(" " + term) for t in p.terms):
                best = p
        return best


def _last_group(history: list[tuple[int, list[Mention]]], i: int) -> list[Mention]:
    """The latest compound (several mentions on one head) or non-person group before token i."""
    best: list[Mention] = []
    for head_i, ms in history:
        if head_i >= i:
            break
        if len(ms) > 1 or (ms and ms[0].resolved_by != "coreference" and ms[0].code):
            best = ms
    return best


def _matrix_subject(tok: Token, by_head) -> Mention | None:
    """The actor "he"/"she" most likely is when it is the subject of a reported clause: the
    reporting verb's own singular subject ("the judge said he had been threatened" -> the
    judge, even when another person was named in between)."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
        return None
    subj = next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i > tok.i or subj.tag_ in ("NNS", "NNPS") or subj.lower_ in PLURAL_PRONOUNS:
        return None
    found = [m for m in by_head.get(subj.i, []) if m.code]
    return found[0] if len(found) == 1 else None


def _with_conjuncts(doc: Doc, m: Mention, by_head) -> list[Mention]:
    """A mention together with the mentions conjoined with it, in text order ("X and Y")."""
    out = [m]
    for c in doc[m.head].conjuncts:
        for other in by_head.get(c.i, []):
            if other.resolved_by != "coreference" and other.code and other not in out:
                out.append(other)
    return sorted(out, key=lambda x: x.start)


def _last_pair(history: list[tuple[int, list[Mention]]], i: int) -> list[Mention]:
    """The latest two distinct actors before token i ("the two", "both sides")."""
    seen: list[Mention] = []
    for head_i, ms in reversed(history):
        if head_i >= i:
            continue
        for m in reversed(ms):
            if m.code and all(m.code != s.code or m.name != s.name for s in seen):
                seen.append(m)
            if len(seen) == 2:
                return list(reversed(seen))
    return []


def _definite(tok: Token) -> bool:
    """ "the two (leaders)", not "two men": a definite determiner on the number or its noun."""
    holders = [tok, tok.head] if tok.dep_ == "nummod" else [tok]
    return any(c.dep_ in {"det", "poss"} and c.lower_ in DEFINITE_DETS for h in holders for c in h.children)


def _title_left_edge(doc: Doc, atom: _Atom) -> int:
    """Start of a title with its portfolio words: "Planning and Investment Minister" (the role
    table knows "minister"; its compound/nmod modifiers name the ministry)."""
    if atom.role is None or atom.role.kind != "title":
        return atom.start
    edge = atom.start
    for i in range(atom.start, atom.end):
        for child in doc[i].lefts:
            if child.i < edge and child.dep_ in TITLE_MODIFIER_DEPS and child.pos_ in NOUN_POS | {"ADJ"} \
                    and child.right_edge.i == edge - 1:
                edge = child.left_edge.i
    first = doc[atom.start]
    if first.dep_ == "conj" and first.head.i < edge and first.head.pos_ in NOUN_POS \
            and all(doc[k].dep_ in {"cc", "compound"} for k in range(first.head.i + 1, edge)):
        edge = first.head.left_edge.i  # parsed as "Energy and (Mines Minister)"
    return edge


def _place(atom: _Atom) -> _Atom:
    """A capital named as a place ("police in Kabul") stands for its country, not its government."""
    e = atom.entry
    if e is None or e.kind != "capital":
        return atom
    return _Atom(atom.start, atom.end, "country", entry=Entry(e.country, e.country, (), e.name, "country"))


def _expletive(tok: Token) -> bool:
    """"It is unclear whether ...", "it seems that ...": a dummy subject, not a reference."""
    head = tok.head
    return tok.dep_ == "nsubj" and (
        any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children if c.i > head.i)
        and head.lemma_ in ("be", "seem", "appear", "remain")
    )


def _last_thing(history: list[tuple[int, list[Mention]]], i: int) -> list[Mention]:
    """The last single country/organisation actor (a gazetteer or user-dictionary name)
    within reach before token ``i``: the antecedent of "it"."""
    for head_i, ms in reversed(history):
        if head_i >= i:
            continue
        if i - head_i > THING_PRONOUN_REACH:
            break
        if len(ms) == 1 and ms[0].code and ms[0].resolved_by in ("gazetteer", "user_dictionary"):
            return [ms[0]]
    return []


def _copy(m: Mention, start: int, end: int, head: int, how: str) -> Mention:
    antecedent = m.antecedent
    if how == "coreference" and antecedent is None and (m.start, m.end) != (start, end):
        antecedent = (m.start, m.end)
    return Mention(start, end, head, m.code, m.country, list(m.sectors), m.name, how, antecedent)


def _store(doc: Doc, mentions: list[Mention]) -> None:
    """Keep the list and the token index on the Doc."""
    token_index: dict[int, list[Mention]] = {}
    head_index: dict[int, list[Mention]] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            token_index.setdefault(i, []).append(m)
        head_index.setdefault(m.head, []).append(m)
    doc.user_data[MENTIONS_KEY] = mentions
    doc.user_data[INDEX_KEY] = (token_index, head_index)
    if Doc.has_extension("mentions"):
        doc._.mentions = mentions


if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)


def _own(doc: Doc, tok: Token, token_index, head_index) -> list[Mention]:
    found = head_index.get(tok.i)
    if found:
        return list(found)
    found = token_index.get(tok.i)
    if found:
        return list(found)
    if tok.ent_type_ in TIME_ENTS:  # "met Bashar Assad Tuesday": the name hangs on the date
        for child in tok.children:
            if child.dep_ == "compound" and child.ent_type_ not in TIME_ENTS and head_index.get(child.i):
                return list(head_index[child.i])
    if tok.tag_ in {"WP", "WDT"} and tok.dep_.startswith("nsubj") and tok.head.dep_ == "relcl":
        anchor = tok.head.head
        return list(head_index.get(anchor.i) or token_index.get(anchor.i) or [])
    for child in tok.children:  # "a group of Liberians", "dozens of journalists"
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = list(head_index.get(obj.i) or token_index.get(obj.i) or [])
                    for conj in obj.conjuncts:
                        found += [m for m in head_index.get(conj.i, []) if m not in found]
                    return found
    return []


def mentions_for(doc: Doc, token: Token) -> list[Mention]:
    """The actor(s) an argument head token refers to.

    The mention containing the token, or the mention(s) describing the token's noun phrase
    ("the foreign minister of Japan" -> JPNGOV), plus its conjuncts ("X and Y" -> both);
    pronouns, "the minister" and surnames come resolved by coreference.

    Args:
        doc: a Doc the :class:`ActorResolver` has processed.
        token: the argument's head token.

    Returns:
        The mentions, [] when none (or when the Doc was not resolved).
    """
    index = doc.user_data.get(INDEX_KEY)
    if index is None:
        return []
    token_index, head_index = index
    out = _own(doc, token, token_index, head_index)
    if token.dep_ != "conj":
        for conj in token.conjuncts:
            for m in _own(doc, conj, token_index, head_index):
                if m not in out:
                    out.append(m)
    return out
