"""The public API: :class:`Coder` turns articles into coded events.

Everything after parsing (actors, events, context) runs inside one spaCy component,
``newsevents_coder``, appended to the pipeline.  ``nlp.pipe(n_process=N)`` therefore
parallelises the whole job, and each worker hands back plain event records in
``doc.user_data`` (no Token objects cross process boundaries).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from newsevents import cameo, dates, factuality, geo
from newsevents.actors import ActorResolver, Mention
from newsevents.errors import CodingError
from newsevents.events import EventMatcher, Lexicon, RawEvent, Trace
from newsevents.ingest import Skipped, normalize_text
from newsevents.models import Actor, Article, Event, Location, Record, stable_id
from newsevents.nlp import load_nlp

COMPONENT = "newsevents_coder"
BATCH_SIZE = 32
WRITE_BATCH = 32


def _to_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _lead_end(text: str) -> int:
    """End offset of the lead paragraph (GDELT's IsRootEvent: events of the lead)."""
    end = text.find("\n\n")
    return len(text) if end < 0 else end


class CodingComponent:
    """spaCy component running actors -> events -> context on one article's Doc.

    Reads the article's metadata from ``doc.user_data["article"]`` (id, published,
    dateline) and writes ``doc.user_data["events"]`` (event records) and
    ``doc.user_data["toponyms"]`` (place records).
    """

    def __init__(self, actors: list[str], lexicons: list[str], min_population: int) -> None:
        self.resolver = ActorResolver(dictionaries=actors)
        self.matcher = EventMatcher(Lexicon(paths=lexicons))
        self.geoparser = geo.Geoparser(min_population=min_population)

    def __call__(self, doc: Doc) -> Doc:
        try:
            events, _ = self.code_doc(doc)
            records, error = [e.to_dict() for e in events], None
        except Exception as err:  # noqa: BLE001 - one bad article must not end a run: report it, code the rest
            records, error = [], f"coding failed: {type(err).__name__}: {err}"
        # Keep only plain records: the stages' per-Doc caches (mentions, parse walks) must not
        # travel back from worker processes (they are not serialisable, and not needed).
        toponyms = doc.user_data.get("toponyms", [])
        doc.user_data.clear()
        doc.user_data.update(events=records, toponyms=toponyms, error=error)
        return doc

    def code_doc(self, doc: Doc, traces: list[Trace] | None = None) -> tuple[list[Event], list[Mention]]:
        meta = doc.user_data.get("article") or {}
        text = factuality.doc_text(doc)  # Doc.text is rebuilt on every access: read once
        article_id = meta.get("id") or stable_id(text)
        published = meta.get("published")
        pub_date = _to_date(published)
        # 1. actors: every mention in the article, people registered for coreference
        mentions = self.resolver(doc, published=published)
        # 2. places: toponyms of the article, the dateline's place
        extra = {m.country for m in mentions if m.country}
        toponyms = self.geoparser.toponyms(doc, extra_context=extra)
        doc.user_data["toponyms"] = [t.to_dict() for t in toponyms]
        dateline = self.geoparser.resolve_dateline(meta["dateline"]) if meta.get("dateline") else None
        lead_end = _lead_end(text)
        # 3. events per sentence, then 4. context per event
        out: list[Event] = []
        for s_index, sent in enumerate(doc.sents):
            raws = self.matcher.sentence_events(doc, sent, traces)
            if not raws:
                continue
            bounds = (sent.start_char, sent.end_char)
            for raw in raws:
                out.append(self._event(doc, text, bounds, s_index, raw, article_id, pub_date, toponyms,
                                       dateline, lead_end))
        return _dedupe(out), mentions

    def _event(self, doc: Doc, text: str, bounds: tuple[int, int], s_index: int, raw: RawEvent,
               article_id: str, pub_date: dt.date | None, toponyms: list[Location],
               dateline: Location | None, lead_end: int) -> Event:
        trig = raw.trigger
        info = cameo.lookup(raw.code)
        source = raw.source.to_actor(doc) if raw.source else None
        target = raw.target.to_actor(doc) if raw.target else None
        date, precision, date_source = dates.event_date(doc, trig, pub_date)
        location = self.geoparser.event_location(doc, trig, toponyms, dateline)
        fact = factuality.factuality(doc, trig)
        attributed = factuality.attribution(doc, trig)
        quote = factuality.quote_for(doc, raw.speaker or trig) or factuality.quote_for(doc, trig)
        key = (article_id, str(s_index), str(trig.idx), raw.code, _actor_key(source), _actor_key(target))
        sent_start, sent_end = bounds
        trig_text = trig.text
        return Event(
            event_id=stable_id(*key),
            article_id=article_id,
            sentence_index=s_index,
            sentence=text[sent_start:sent_end],
            sentence_start=sent_start,
            sentence_end=sent_end,
            source=source,
            target=target,
            action={"text": trig_text, "start": trig.idx, "end": trig.idx + len(trig_text)},
            cameo=raw.code,
            cameo_root=info.root,
            cameo_name=info.name,
            quad_class=info.quad_class,
            pentaclass=info.pentaclass,
            goldstein=info.goldstein,
            plover={"type": info.plover_type, "mode": info.plover_mode},
            date=date,
            date_precision=precision,
            date_source=date_source,
            location=location,
            factuality=fact,
            attributed_to=attributed,
            quote=quote,
            confidence=raw.confidence,
            is_root_event=sent_start < lead_end,
            rule=raw.rule,
        )


def _actor_key(a: Actor | None) -> str:
    return "" if a is None else f"{a.code}@{a.start}"


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out = []
    for e in events:
        if e.event_id not in seen:
            seen.add(e.event_id)
            out.append(e)
    return out


@Language.factory(COMPONENT, default_config={"actors": [], "lexicons": [], "min_population": 15000})
def make_coding_component(nlp: Language, name: str, actors: list[str], lexicons: list[str],
                          min_population: int) -> CodingComponent:
    return CodingComponent(actors=actors, lexicons=lexicons, min_population=min_population)


def event_from_dict(d: Record) -> Event:
    """Rebuild an :class:`Event` from its ``to_dict()`` record."""
    d = dict(d)
    for k in ("source", "target"):
        if d.get(k) is not None:
            d[k] = Actor(**d[k])
    if d.get("location") is not None:
        d["location"] = Location(**d["location"])
    return Event(**d)


class Coded(NamedTuple):
    """One article's result from :meth:`Coder.pipe`."""

    article: Article
    events: list[Event]
    sentences: int
    error: str | None = None  # set when coding this article failed (its events are then empty)


@dataclass(slots=True)
class RunStats:
    """Counts for the end-of-run summary."""

    read: int = 0
    coded: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    sentences: int = 0
    events: int = 0
    seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


class Coder:
    """Code news articles into CAMEO/PLOVER events.

    Args:
        actors: user actor dictionaries (newsevents CSV/YAML format or PETRARCH ``.actors``/
            ``.agents`` files), added to and overriding the packaged gazetteers.
        lexicons: user event lexicons (the ``data/lexicon.tsv`` format, see docs/lexicon.md).
        min_population: smallest city population the geoparser considers.

    Example:
        >>> from newsevents import Coder
        >>> events = Coder().code("Japan's foreign minister met her Indonesian counterpart on Tuesday.")
    """

    def __init__(self, actors: Iterable[str | Path] = (), lexicons: Iterable[str | Path] = (),
                 min_population: int = 15000) -> None:
        self.nlp = _pipeline([str(p) for p in actors], [str(p) for p in lexicons], min_population)
        self.component: CodingComponent = self.nlp.get_pipe(COMPONENT)

    # -- documents ----------------------------------------------------------------------
    def _make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc.user_data["article"] = {"id": article.id, "published": article.published,
                                    "dateline": article.dateline}
        return doc

    @staticmethod
    def as_article(item: str | Article, published: str | None = None) -> Article:
        """Wrap raw text as an :class:`Article` (normalised, stable id); pass Articles through."""
        if isinstance(item, Article):
            return item
        text = normalize_text(item)
        return Article(id=stable_id("<text>", text), text=text, published=published)

    # -- API ----------------------------------------------------------------------------
    def code(self, item: str | Article, published: str | None = None) -> list[Event]:
        """Code one text or :class:`Article` and return its events."""
        article = self.as_article(item, published)
        doc = self.nlp(self._make_doc(article))
        if doc.user_data.get("error"):
            raise CodingError(f"article {article.id}: {doc.user_data['error']}")
        return [event_from_dict(d) for d in doc.user_data["events"]]

    def pipe(self, articles: Iterable[str | Article], n_process: int = 1,
             batch_size: int = BATCH_SIZE) -> Iterator[Coded]:
        """Code many articles; yields one :class:`Coded` ``(article, events, sentences, error)``
        per article, in input order. An article whose coding failed has ``error`` set and no
        events; the others are coded as usual.

        Args:
            articles: texts or Articles.
            n_process: worker processes for parsing and coding (spaCy multiprocessing).
            batch_size: documents per batch sent to each worker.
        """
        for art, records, n_sents, error in self._pipe_records(articles, n_process, batch_size):
            yield Coded(art, [event_from_dict(d) for d in records], n_sents, error)

    def _pipe_records(self, articles: Iterable[str | Article], n_process: int,
                      batch_size: int) -> Iterator[tuple[Article, list[Record], int, str | None]]:
        """As :meth:`pipe`, with events as plain records (what the store and exports take)."""
        pending: deque[Article] = deque()

        def docs() -> Iterator[Doc]:
            for item in articles:
                art = self.as_article(item)
                pending.append(art)
                yield self._make_doc(art)

        for doc in self.nlp.pipe(docs(), n_process=n_process, batch_size=batch_size):
            yield pending.popleft(), doc.user_data["events"], sum(1 for _ in doc.sents), doc.user_data.get("error")

    def explain(self, text: str, published: str | None = None) -> dict:
        """Parse ``text`` and report the parse, the actors and, per trigger, why it was or
        was not coded (lexicon entry, pattern, outcome)."""
        article = self.as_article(text, published)
        doc = self._make_doc(article)
        for _, proc in self.nlp.pipeline:
            if proc is not self.component:
                doc = proc(doc)
        traces: list[Trace] = []
        events, mentions = self.component.code_doc(doc, traces)
        return {
            "tokens": [{"i": t.i, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_,
                        "head": t.head.i, "ent": t.ent_type_} for t in doc],
            "actors": [m.to_actor(doc).to_dict() for m in mentions],
            "triggers": [{"token": tr.token.text, "i": tr.token.i,
                          "entry": tr.entry.describe() if tr.entry else None, "outcome": tr.outcome}
                         for tr in traces],
            "events": [e.to_dict() for e in events],
        }

    def geoparse(self, item: str | Article) -> list[Record]:
        """Toponyms of one text or Article: ``{article_id, text, start, end, name, country, lat, lon, ...}``."""
        article = self.as_article(item)
        doc = self.nlp(self._make_doc(article))
        return [{"article_id": article.id, **t} for t in doc.user_data["toponyms"]]

    def run(self, inputs: Iterable[str | Path], store=None, published: str | None = None, n_process: int = 1,
            on_article=None, on_events=None, write_batch: int = WRITE_BATCH) -> RunStats:
        """Read inputs, code every new or changed article, store and/or hand on its events.

        Articles already stored with the same text are skipped before parsing. Stored
        articles are written in batches of ``write_batch`` articles per transaction, each
        article all-or-nothing, so an interrupted run loses at most the open batch and can
        simply be rerun.

        Args:
            inputs: paths (files, directories) or ``"-"`` for JSONL on stdin.
            store: a :class:`newsevents.store.Store`, or None to keep nothing.
            published: default publication date (``YYYY-MM-DD``) for articles without one.
            n_process: worker processes.
            on_article: called with each Article or Skipped item once it is done (progress).
            on_events: called as ``on_events(article, records)`` for each coded article, with its
                events as records (``Event.to_dict()`` dicts).
            write_batch: articles per store transaction.
        """
        from newsevents.ingest import read_inputs

        stats = RunStats()
        t0 = time.perf_counter()

        def to_code() -> Iterator[Article]:
            for item in read_inputs(inputs, published=published):
                stats.read += 1
                if isinstance(item, Skipped):
                    stats.skipped.append(item)
                elif store is not None and store.has_article(item.id, item.text_hash):
                    stats.unchanged += 1
                else:
                    yield item
                    continue
                if on_article:
                    on_article(item)

        batch: list[tuple[Article, list[Record]]] = []
        for article, events, n_sents, error in self._pipe_records(to_code(), n_process, BATCH_SIZE):
            if error:  # reported like any bad item; not stored, so a rerun retries it
                stats.skipped.append(Skipped(f"article {article.id}", error))
                if on_article:
                    on_article(article)
                continue
            stats.coded += 1
            stats.sentences += n_sents
            stats.events += len(events)
            if store is not None:
                batch.append((article, events))
                if len(batch) >= write_batch:
                    store.write_many(batch)
                    batch = []
            if on_events:
                on_events(article, events)
            if on_article:
                on_article(article)
        if store is not None and batch:
            store.write_many(batch)
        stats.seconds = time.perf_counter() - t0
        return stats



def _pipeline(actors: list[str], lexicons: list[str], min_population: int) -> Language:
    """A fresh pipeline (model + entity ruler) with the coding component appended."""
    nlp = load_nlp.__wrapped__()
    nlp.add_pipe(COMPONENT, config={"actors": actors, "lexicons": lexicons, "min_population": min_population})
    return nlp

