"""Event coding: lexicon entries matched over the dependency parse.

The knowledge is in ``data/lexicon.tsv`` (triggers) and ``data/frames.tsv``
(complement chains such as "agreed to hold talks"); the format is documented in
``docs/lexicon.md``.  This module holds only the mechanism:

1. find trigger tokens (verbs and nouns whose lemma has lexicon entries) and pick
   the most specific entry whose constraints hold;
2. fold complement chains ("threatened to impose sanctions") through the frames table;
3. drop negated triggers ("did not attack");
4. find the arguments: subject (or passive "by" agent) -> source, object / dative /
   "with", "to", "against", "on" -> target, inheriting subjects through conjoined and
   complement verbs, possessors and nationality adjectives for nominal triggers;
5. fold statements: a speech verb whose reported clause holds an event yields that event
   (attributed to the speaker), otherwise a statement event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from newsevents import cameo
from newsevents.actors import Mention, mentions_for
from newsevents.errors import LexiconError

POS_CLASSES = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "noun"}
CONSTRAINT_KINDS = {"prt", "prep", "obj", "pobj", "mod", "xcomp", "ccomp", "passive"}
TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "upon", "into")
SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj")
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
SPEECH_CODE = "010"


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line."""

    code: str
    pos: str
    lemmas: tuple[str, ...]
    constraints: tuple[tuple[str, frozenset[str]], ...]
    frame: str | None
    target: str
    origin: str  # "lexicon.tsv:12"
    user: bool = False  # from a user lexicon: wins over packaged entries for the same lemma

    @property
    def specificity(self) -> int:
        return len(self.constraints)

    @property
    def rank(self) -> tuple[bool, int, int]:
        return (self.user, self.specificity, len(self.code))

    def describe(self) -> str:
        cons = " ".join(k if not v else f"{k}={'|'.join(sorted(v))}" for k, v in self.constraints)
        parts = [self.code, self.pos, "|".join(self.lemmas)]
        if cons:
            parts.append(cons)
        if self.frame:
            parts.append(f"frame={self.frame}")
        return f"{' '.join(parts)} ({self.origin})"


@dataclass(slots=True)
class RawEvent:
    """An event found in a Doc before context (date, place, factuality) is attached."""

    trigger: Token
    entry: Entry
    code: str
    source: Mention | None
    target: Mention | None
    rule: str
    confidence: float
    complement: Token | None = None
    speaker: Token | None = None  # the speech verb whose reported clause holds this event


@dataclass(slots=True)
class Trace:
    """Why a trigger did or did not become an event (for ``newsevents explain``)."""

    token: Token
    entry: Entry | None
    outcome: str
    events: list[RawEvent] = field(default_factory=list)


def _read_rows(path: Path | str, text: str | None = None) -> Iterable[tuple[int, list[str]]]:
    lines = text.splitlines() if text is not None else Path(path).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, line.rstrip("\n").split("\t")


def _parse_constraints(spec: str, origin: str) -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for part in spec.split():
        kind, _, values = part.partition("=")
        if kind not in CONSTRAINT_KINDS:
            raise LexiconError(f"{origin}: unknown constraint {kind!r} (known: {sorted(CONSTRAINT_KINDS)})")
        vals = frozenset(v.replace("_", " ").lower() for v in values.split("|") if v)
        out.append((kind, vals))
    return tuple(out)


class Lexicon:
    """Trigger entries and frames, the packaged files plus user files that add or override.

    Args:
        paths: user lexicon files (same TSV format as ``data/lexicon.tsv``); when a user entry
            matches a token it wins over every packaged entry for that lemma.
        frames_paths: user frames files (same format as ``data/frames.tsv``).
    """

    def __init__(self, paths: Iterable[str | Path] = (), frames_paths: Iterable[str | Path] = ()) -> None:
        data = resources.files("newsevents").joinpath("data")
        self._entries: dict[tuple[str, str], dict[tuple, Entry]] = {}
        self.frames: dict[str, list[tuple[str, str]]] = {}
        self._load_lexicon("lexicon.tsv", data.joinpath("lexicon.tsv").read_text(encoding="utf-8"))
        self._load_frames("frames.tsv", data.joinpath("frames.tsv").read_text(encoding="utf-8"))
        for p in paths:
            self._load_lexicon(str(p), None, Path(p), user=True)
        for p in frames_paths:
            self._load_frames(str(p), None, Path(p))

    def _load_lexicon(self, name: str, text: str | None, path: Path | None = None, user: bool = False) -> None:
        if path is not None and not path.exists():
            raise LexiconError(f"lexicon file not found: {path}")
        for n, cols in _read_rows(path or name, text):
            origin = f"{Path(name).name}:{n}"
            if cols[0] == "code":
                continue
            cols += [""] * (6 - len(cols))
            code, pos, lemmas, cons, frame, target = (c.strip() for c in cols[:6])
            if not cameo.is_code(code):
                raise LexiconError(f"{origin}: unknown CAMEO code {code!r}")
            if pos not in ("verb", "noun"):
                raise LexiconError(f"{origin}: pos must be 'verb' or 'noun', got {pos!r}")
            if not lemmas:
                raise LexiconError(f"{origin}: empty lemma")
            entry = Entry(
                code=code,
                pos=pos,
                lemmas=tuple(lem.strip().lower() for lem in lemmas.split("|") if lem.strip()),
                constraints=_parse_constraints(cons, origin),
                frame=frame or None,
                target=target or "auto",
                origin=origin,
                user=user,
            )
            for lemma in entry.lemmas:
                key = (pos, lemma)
                self._entries.setdefault(key, {})[(entry.constraints, entry.frame)] = entry

    def _load_frames(self, name: str, text: str | None, path: Path | None = None) -> None:
        if path is not None and not path.exists():
            raise LexiconError(f"frames file not found: {path}")
        for n, cols in _read_rows(path or name, text):
            if cols[0] == "frame":
                continue
            if len(cols) < 3:
                raise LexiconError(f"{Path(name).name}:{n}: expected frame<TAB>complement<TAB>code")
            frame, prefix, code = (c.strip() for c in cols[:3])
            if not cameo.is_code(code):
                raise LexiconError(f"{Path(name).name}:{n}: unknown CAMEO code {code!r}")
            rows = [r for r in self.frames.get(frame, []) if r[0] != prefix]
            rows.append((prefix, code))
            rows.sort(key=lambda r: -len(r[0]))
            self.frames[frame] = rows

    @property
    def codes(self) -> set[str]:
        return {e.code for d in self._entries.values() for e in d.values()}

    def __len__(self) -> int:
        return sum(len(d) for d in self._entries.values())

    def candidates(self, token: Token) -> list[Entry]:
        pos = POS_CLASSES.get(token.pos_)
        if pos is None:
            return []
        found = self._entries.get((pos, token.lemma_.lower()))
        if found is None and pos == "noun":
            found = self._entries.get((pos, token.lower_))
        return list(found.values()) if found else []

    def match(self, token: Token) -> Entry | None:
        """The most specific entry whose constraints hold for ``token``."""
        best: Entry | None = None
        for entry in self.candidates(token):
            better = best is None or entry.rank > best.rank
            if better and all(_holds(token, kind, values) for kind, values in entry.constraints):
                best = entry
        return best

    def frame_code(self, frame: str, complement_code: str) -> str | None:
        for prefix, code in self.frames.get(frame, ()):
            if complement_code.startswith(prefix):
                return code
        return None


# -- constraint tests ------------------------------------------------------------------


def _lemma_set(tokens: Iterable[Token]) -> set[str]:
    out = set()
    for t in tokens:
        out.add(t.lemma_.lower())
        out.add(t.lower_)
    return out


def _objects(token: Token) -> list[Token]:
    objs = [c for c in token.children if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "attr", "oprd")]
    objs += [cc for o in objs for cc in o.conjuncts]
    return objs


def _holds(token: Token, kind: str, values: frozenset[str]) -> bool:
    if kind == "prt":
        return bool(values & _lemma_set(c for c in token.children if c.dep_ == "prt"))
    if kind == "prep":
        preps = [c for c in token.children if c.dep_ in ("prep", "agent", "dative", "prt")]
        return bool(values & _lemma_set(preps))
    if kind == "obj":
        objs = _objects(token)
        words = _lemma_set(objs) | _lemma_set(m for o in objs for m in o.children if m.dep_ in ("compound", "amod"))
        return bool(values & words)
    if kind == "pobj":
        pobjs = [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return bool(values & _lemma_set(pobjs))
    if kind == "mod":
        heads = [token, *_objects(token)]
        return bool(values & _lemma_set(m for h in heads for m in h.children if m.dep_ in ("compound", "amod")))
    if kind in ("xcomp", "ccomp"):
        return _complement(token, kind) is not None
    if kind == "passive":
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
    return False


def _complement(token: Token, kind: str = "") -> Token | None:
    for c in token.children:
        if (c.dep_ == kind if kind else c.dep_ in ("xcomp", "ccomp")) and c.pos_ in ("VERB", "AUX"):
            return c
    # "call on X to withdraw": the infinitive hangs off the preposition's object
    for c in token.children:
        if c.dep_ in ("prep", "dobj"):
            for g in c.subtree:
                if (g.dep_ in ("xcomp", "acl", "relcl") and g.pos_ == "VERB" and g.i != token.i
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in g.children)):
                    return g
    return None


def _coded_complement(comp: Token, codes: dict[int, str]) -> Token | None:
    """The coded token a frame's complement stands for: the complement itself, or, when its
    verb is uncoded ("hold talks", "resume negotiations"), the coded noun it governs."""
    if comp.i in codes:
        return comp
    for c in comp.children:
        if c.dep_ in (*OBJECT_DEPS, "attr", "oprd") and c.i in codes:
            return c
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj" and g.i in codes:
                    return g
    return None


def _nominal_complement(token: Token) -> Token | None:
    for c in token.children:
        if c.dep_ in OBJECT_DEPS:
            return c
        if c.dep_ == "prep" and c.lower_ in ("for", "on", "to"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def is_negated(token: Token) -> bool:
    """True when the trigger (or the auxiliary chain it heads) carries a negation."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.pos_ in ("NOUN", "PROPN"):
        return any(c.dep_ == "det" and c.lower_ in ("no",) for c in token.children)
    return False


# -- argument finding ----------------------------------------------------------------


def _first_mention(doc: Doc, tokens: Iterable[Token]) -> list[Mention]:
    for t in tokens:
        found = mentions_for(doc, t)
        if found:
            return found
    return []


def _subject_tokens(verb: Token) -> list[Token]:
    """Subject head(s) of a verb, following conjunction, control and relative clauses."""
    seen = 0
    t = verb
    while t is not None and seen < 6:
        seen += 1
        passive = any(c.dep_ == "auxpass" for c in t.children)
        if passive:
            agents = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents
        else:
            subj = [c for c in t.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                return subj
        if t.dep_ in ("relcl", "acl") and not passive:
            return [t.head]
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            if t.dep_ == "xcomp":
                # object control: "urged Seoul to resume" -> Seoul resumes
                objs = [c for c in t.head.children if c.dep_ in OBJECT_DEPS]
                if objs:
                    return objs
            t = t.head
            continue
        break
    return []


def _target_tokens(trigger: Token, slot: str, exclude: set[int]) -> list[Token]:
    children = list(trigger.children)
    if slot == "none":
        return []
    if slot.startswith("prep:"):
        prep = slot[5:]
        return [g for c in children if c.dep_ == "prep" and c.lower_ == prep for g in c.children if g.dep_ == "pobj"]
    out: list[Token] = []
    if slot in ("auto", "dobj"):
        if any(c.dep_ == "auxpass" for c in children):
            out += [c for c in children if c.dep_ == "nsubjpass"]
        out += [c for c in children if c.dep_ in OBJECT_DEPS]
    if slot in ("auto", "dative"):
        out += [c for c in children if c.dep_ == "dative" and c.pos_ != "ADP"]
        out += [g for c in children if c.dep_ == "dative" and c.pos_ == "ADP" for g in c.children if g.dep_ == "pobj"]
    if slot == "auto":
        for prep in TARGET_PREPS:
            out += [g for c in children if c.dep_ == "prep" and c.lower_ == prep for g in c.children if g.dep_ == "pobj"]
        # "met her counterpart" / "talks with X" on a nominal object: look one level down
        for o in [c for c in children if c.dep_ in OBJECT_DEPS]:
            for prep in TARGET_PREPS:
                out += [g for c in o.children if c.dep_ == "prep" and c.lower_ == prep for g in c.children
                        if g.dep_ == "pobj"]
    return [t for t in out if t.i not in exclude]


def _noun_source_tokens(noun: Token) -> list[Token]:
    """Source of a nominal trigger: possessor / nationality modifier, else the governing verb's subject."""
    mods = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    if mods:
        return mods
    by = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.children
          if g.dep_ == "pobj"]
    if by:
        return by
    head = noun.head
    if head.i != noun.i and head.pos_ in ("VERB", "AUX"):
        return _subject_tokens(head)
    if head.i != noun.i and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return _subject_tokens(head.head)
    return []


# -- the matcher -----------------------------------------------------------------------


class EventMatcher:
    """Find events in a parsed Doc whose actors have been resolved.

    Args:
        lexicon: the trigger lexicon (defaults to the packaged one).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> list[RawEvent]:
        events: list[RawEvent] = []
        for sent in doc.sents:
            events.extend(self.sentence_events(doc, sent))
        return events

    def sentence_events(self, doc: Doc, sent: Span, traces: list[Trace] | None = None) -> list[RawEvent]:
        """Events of one sentence; when ``traces`` is given, record why each trigger fired or not."""
        matched: dict[int, Entry] = {}
        for tok in sent:
            entry = self.lexicon.match(tok)
            if entry is not None:
                matched[tok.i] = entry
            elif traces is not None and self.lexicon.candidates(tok):
                traces.append(Trace(tok, None, "lemma in lexicon but no entry's constraints hold"))
        consumed: set[int] = set()
        codes: dict[int, str] = {}
        # complements first (deepest tokens first) so frames can read their codes
        order = sorted(matched, key=lambda i: -_depth(doc[i]))
        for i in order:
            tok, entry = doc[i], matched[i]
            code = entry.code
            comp = _complement(tok) if entry.frame else None
            if comp is None and entry.frame:
                comp = _nominal_complement(tok)
            inner = _coded_complement(comp, codes) if comp is not None else None
            if inner is not None:
                folded = self.lexicon.frame_code(entry.frame, codes[inner.i])
                if folded:
                    code = folded
                    consumed.add(inner.i)
            codes[i] = code
        out: list[RawEvent] = []
        speech_with_content: set[int] = set()
        for i in sorted(matched):
            tok, entry = doc[i], matched[i]
            if i in consumed:
                if traces is not None:
                    traces.append(Trace(tok, entry, "folded into its governing frame verb"))
                continue
            if is_negated(tok):
                if traces is not None:
                    traces.append(Trace(tok, entry, "negated: no event"))
                continue
            code = codes[i]
            evs = self._events_for(doc, tok, entry, code)
            if not evs:
                if traces is not None:
                    traces.append(Trace(tok, entry, "no source or target actor found"))
                continue
            speaker = _speech_governor(tok, matched)
            for ev in evs:
                ev.speaker = speaker
            if speaker is not None:
                speech_with_content.add(speaker.i)
            out.extend(evs)
            if traces is not None:
                traces.append(Trace(tok, entry, f"event {code}", evs))
        # a speech verb whose reported clause holds an event is subordinate to it
        kept = [e for e in out if not (e.code == SPEECH_CODE and e.trigger.i in speech_with_content)]
        if traces is not None:
            for e in out:
                if e not in kept:
                    for tr in traces:
                        if tr.token is e.trigger:
                            tr.outcome = "statement folded: its reported clause holds an event"
        return kept

    def _events_for(self, doc: Doc, tok: Token, entry: Entry, code: str) -> list[RawEvent]:
        if entry.pos == "verb":
            src_tokens = _subject_tokens(tok)
        else:
            src_tokens = _noun_source_tokens(tok)
        sources = _first_mention(doc, src_tokens)
        src_idx = {t.i for m in sources for t in doc[m.start:m.end]}
        targets = _first_mention(doc, _target_tokens(tok, entry.target, src_idx))
        if entry.frame and not targets:
            comp = _complement(tok)
            if comp is not None:
                targets = _first_mention(doc, _target_tokens(comp, "auto", src_idx))
        targets = [t for t in targets if (t.start, t.end) not in {(s.start, s.end) for s in sources}]
        if not any(m.code for m in (*sources, *targets)):
            return []  # no coded actor: nothing to say who did what to whom
        rule = entry.describe()
        conf = min(0.95, 0.55 + 0.1 * entry.specificity + (0.1 if sources and targets else 0.0)
                   + (0.05 if code != entry.code else 0.0))
        pairs: list[tuple[Mention | None, Mention | None]] = []
        if len(sources) > 1 and not targets and code[:2] in RECIPROCAL_ROOTS:
            # reciprocal: "X and Y met" -> X->Y and Y->X
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        else:
            for s in sources or [None]:
                for t in targets or [None]:
                    pairs.append((s, t))
        return [RawEvent(trigger=tok, entry=entry, code=code, source=s, target=t, rule=rule, confidence=round(conf, 2))
                for s, t in pairs]


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _speech_governor(tok: Token, matched: dict[int, Entry]) -> Token | None:
    """The speech verb (a matched 010-class trigger) whose reported clause contains ``tok``."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return None
        if t.dep_ in ("ccomp", "parataxis"):
            h = t.head
            e = matched.get(h.i)
            if e is not None and e.code == SPEECH_CODE:
                return h
        t = t.head
    return None


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once."""
    return Lexicon()

