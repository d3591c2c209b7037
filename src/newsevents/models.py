"""Data model: the records every stage reads and writes.

All character offsets (``start``/``end``) refer to the article's *normalised* text
(see :func:`newsevents.ingest.normalize_text`), so ``article.text[start:end] == text``
holds for every span the product reports.  The JSON shape of these records is
documented in ``docs/event-schema.md``; :meth:`Event.to_dict` produces it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass(slots=True)
class Article:
    """One news article after ingest.

    Args:
        id: stable identifier (given by the input, else a hash of source + text).
        text: normalised body text; every offset refers to it.
        title: headline, if known.
        published: publication date as ``YYYY-MM-DD``, if known.
        url: where the article came from, if known.
        source: publisher or file path it was read from.
        dateline: place/date line parsed from the lead ("KYIV, Ukraine (AP) --"), if any.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    dateline: str | None = None

    @property
    def text_hash(self) -> str:
        """Hash of the text, used by the store to notice changed articles."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> Record:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Actor:
    """A coded actor mention.

    Args:
        text: the span as written ("Chinese Foreign Minister Wang Yi").
        start, end: character offsets of ``text`` in the article.
        code: CAMEO-style actor code, country + sectors ("CHNGOV", "USAGOVMIL"), or a
            known-group/IGO code ("NATO" -> "IGOWSTNAT"?), or sectors alone when the
            country is unknown ("---MIL" is never produced: the code is just "MIL").
        country: ISO3/CAMEO country code, or None when unknown (never guessed).
        sectors: CAMEO sector/type codes ("GOV", "MIL", ...).
        name: canonical name (a person's full name, a country's or organisation's name).
        resolved_by: how the code was found: ``gazetteer``, ``title``, ``coreference``,
            ``user_dictionary``, ``unknown_country``.
        refers_to: for a coreference mention ("he", "the minister", a surname), the mention
            that introduced the actor: ``{text, start, end}``; else None.
    """

    text: str
    start: int
    end: int
    code: str | None
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    name: str | None = None
    resolved_by: str = "gazetteer"
    refers_to: Record | None = None

    def to_dict(self) -> Record:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Location:
    """A resolved place.

    Args:
        name: canonical place name ("Jakarta").
        country: ISO3 country code.
        lat, lon: WGS84 coordinates.
        geonameid: GeoNames id when the place came from GeoNames, else None.
        feature: ``city`` | ``admin1`` | ``country`` | ``region`` (seas, straits, disputed areas).
        admin1: first-level division code as GeoNames gives it ("09"), when known.
        text, start, end: the mention in the article, when there is one.
    """

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    feature: str = "city"
    admin1: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> Record:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Event:
    """One coded event with its evidence. See ``docs/event-schema.md``."""

    event_id: str
    article_id: str
    sentence_index: int
    sentence: str
    sentence_start: int
    sentence_end: int
    source: Actor | None
    target: Actor | None
    action: Record  # {text, start, end}
    cameo: str
    cameo_root: str
    cameo_name: str | None
    quad_class: int
    pentaclass: int
    goldstein: float | None
    plover: Record  # {type, mode}
    date: str | None = None
    date_precision: str | None = None
    date_source: str | None = None
    location: Location | None = None
    factuality: str | None = None
    attributed_to: Record | None = None  # {text, start, end, anonymous}
    quote: Record | None = None  # {text, start, end, speaker}
    confidence: float | None = None
    is_root_event: bool = False
    negated: bool = False
    rule: str | None = None  # the lexicon entry / pattern that produced the event

    def to_dict(self) -> Record:
        d = dataclasses.asdict(self)
        return d


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, stable hex id from the given parts."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]
