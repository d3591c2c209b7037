"""Event coding: lexicon entries matched over the dependency parse.

The knowledge is in ``data/lexicon.tsv`` (triggers) and ``data/frames.tsv`` (complement
chains such as "agreed to hold talks", and the clause cues "will", "must" ...); the format
is documented in ``docs/lexicon.md``.  This module holds only the mechanism:

1. find trigger tokens (verbs and nouns whose lemma has lexicon entries) and pick the most
   specific entry whose constraints hold;
2. fold complement chains ("threatened to impose sanctions", "accused X of shelling",
   "asked the EU for aid") through the frames table, and fold a nominal trigger into the
   coded verb that governs it ("imposed sanctions", "held talks", "condemned the attack":
   one event, coded by the verb, refined by the noun when the noun's code is a more
   specific code of the verb's family);
3. re-frame a clause by its marking (frames.tsv ``cue`` rows): planned ("will release the
   prisoners" -> intent 0353, "will attack" -> threat 138), negated plans ("will not
   release" -> refusal 12x), obligation in reported speech ("X said Y must withdraw" ->
   X demands of Y, 10x); other negated triggers give no event ("did not attack");
4. find the arguments: subject (or passive "by" agent) -> source, object / dative /
   "with", "to", "against", "on" -> target, inheriting subjects through conjoined and
   complement verbs, possessors and nationality adjectives for nominal triggers;
5. fold statements: a speech verb whose reported clause (or object) holds an event yields
   that event (attributed to the speaker), otherwise a statement event.

Events of a sentence come root-most first (the trigger nearest the root of the dependency
tree; ties: the more specific code), so the first one is the sentence's main event.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import IDS
from spacy.tokens import Doc, Span, Token

from newsevents import cameo
from newsevents.actors import Mention, mentions_for
from newsevents.datafiles import read_text, read_yaml
from newsevents.errors import LexiconError

POS_CLASSES = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "noun"}
CONSTRAINT_KINDS = {"prt", "prep", "obj", "pobj", "mod", "xcomp", "ccomp", "passive", "stative"}
# word classes and CAMEO-root tables: data/event_grammar.yaml (comments there)
def _grammar_words(key: str) -> tuple[str, ...]:
    """One word list of ``data/event_grammar.yaml``, in file order."""
    words = read_yaml("event_grammar.yaml")[key]
    if not all(isinstance(w, str) for w in words):
        raise LexiconError(f"event_grammar.yaml: {key}: every entry must be a string (quote YAML keywords): {words}")
    return tuple(words)


TARGET_PREPS = _grammar_words("target_preps")
ADJUNCT_PREPS = frozenset(_grammar_words("adjunct_preps"))
RECIPIENT_FIRST = {str(root): tuple(preps) for root, preps in read_yaml("event_grammar.yaml")["recipient_first"].items()}
FORCE_ROOTS = frozenset(_grammar_words("force_roots"))
PURPOSE_TARGET_ROOTS = frozenset(_grammar_words("purpose_target_roots"))
FORCE_SECTORS = frozenset(_grammar_words("force_sectors"))
CULPABLE_ADJECTIVES = frozenset(_grammar_words("culpable_adjectives"))
BACKGROUND_MARKS = frozenset(_grammar_words("background_marks"))
CONDITION_MARKS = frozenset(_grammar_words("condition_marks"))
SUBJECT_TARGET_FRAMES = frozenset(_grammar_words("subject_target_frames"))
PARTITIVES = frozenset(_grammar_words("partitives"))
SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj")
OBJECT_LIKE = ("dobj", "obj", "attr", "oprd")
# codes whose compound subject with no object is reciprocal ("X and Y met", "X and Y agreed")
RECIPROCAL_PREFIXES = ("019", "03", "04", "05", "06")
# dependencies that open a new clause: the target fallback does not look inside them
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp"})
FALLBACK_TARGET_DEPS = frozenset({"pobj", "dobj", "obj", "dative", "appos", "poss", "attr", "oprd", "nsubjpass"})
SPEECH_CODE = "010"
CUE_WHERE = {"aux", "aux_reported", "governor", "governor_reported"}
CUE_NEGATED_FRAME = "refuse"  # a negated plan ("will not release") is a refusal


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
    def stative(self) -> bool:
        """A passive form whose subject is the actor ("Israel is opposed to ...")."""
        return any(k == "stative" for k, _ in self.constraints)

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


@dataclass(frozen=True, slots=True)
class Cue:
    """A clause-marking cue (frames.tsv ``cue`` row): words that re-frame a clause's event.

    ``where`` is ``aux`` (an auxiliary of the clause's verb: "will"), ``governor`` (the
    lemma of the word whose ``xcomp`` the clause is: "is expected to"), or either with
    ``_reported`` (only inside reported speech: "said it would ...", "said X must ...").
    ``code``, when given, codes the speech verb itself when its marked clause holds no coded
    event ("Russia said Sudan must return the helicopter" -> 100, Russia -> Sudan).
    """

    where: str
    frame: str
    words: frozenset[str]
    origin: str
    code: str | None = None  # the speech verb's code when the marked reported clause holds no event


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
    depth: int = 0  # the trigger's depth in the sentence's dependency tree (root = 0)


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
    """Trigger entries, frames and clause cues: the packaged files plus user files.

    Args:
        paths: user lexicon files (same TSV format as ``data/lexicon.tsv``); when a user entry
            matches a token it wins over every packaged entry for that lemma.
        frames_paths: user frames files (same format as ``data/frames.tsv``).
    """

    def __init__(self, paths: Iterable[str | Path] = (), frames_paths: Iterable[str | Path] = ()) -> None:
        self._entries: dict[tuple[str, str], dict[tuple, Entry]] = {}
        self._ranked: dict[tuple[str, str], tuple[Entry, ...]] = {}
        self.frames: dict[str, list[tuple[str, str]]] = {}
        self.cues: list[Cue] = []
        self._load_lexicon("lexicon.tsv", read_text("lexicon.tsv"))
        self._load_frames("frames.tsv", read_text("frames.tsv"))
        for p in paths:
            self._load_lexicon(str(p), None, Path(p), user=True)
        for p in frames_paths:
            self._load_frames(str(p), None, Path(p))
        # candidates per lemma, best rank first (ties keep file order), for match()
        self._ranked = {k: tuple(sorted(d.values(), key=lambda e: e.rank, reverse=True))
                        for k, d in self._entries.items()}
        # string hashes of every trigger lemma: a cheap array pre-filter over a whole Doc
        self.lemma_hashes = frozenset(get_string_id(lemma) for _, lemma in self._ranked)

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
            origin = f"{Path(name).name}:{n}"
            if cols[0] == "frame":
                continue
            if cols[0] == "cue":
                self._load_cue(cols, origin)
                continue
            if len(cols) < 3:
                raise LexiconError(f"{origin}: expected frame<TAB>complement<TAB>code")
            frame, prefix, code = (c.strip() for c in cols[:3])
            if not cameo.is_code(code):
                raise LexiconError(f"{origin}: unknown CAMEO code {code!r}")
            rows = [r for r in self.frames.get(frame, []) if r[0] != prefix]
            rows.append((prefix, code))
            rows.sort(key=lambda r: -len(r[0]))
            self.frames[frame] = rows

    def _load_cue(self, cols: list[str], origin: str) -> None:
        if len(cols) < 4:
            raise LexiconError(f"{origin}: expected cue<TAB>where<TAB>frame<TAB>words[<TAB>code]")
        where, frame, words = (c.strip() for c in cols[1:4])
        code = cols[4].strip() if len(cols) > 4 and cols[4].strip() else None
        if where not in CUE_WHERE:
            raise LexiconError(f"{origin}: cue position must be one of {sorted(CUE_WHERE)}, got {where!r}")
        if code is not None and not cameo.is_code(code):
            raise LexiconError(f"{origin}: unknown CAMEO code {code!r}")
        self.cues.append(Cue(where, frame, frozenset(w.strip().lower() for w in words.split("|") if w.strip()),
                             origin, code))

    @property
    def codes(self) -> set[str]:
        return {e.code for d in self._entries.values() for e in d.values()}

    def __len__(self) -> int:
        return sum(len(d) for d in self._entries.values())

    def _ranked_for(self, token: Token) -> tuple[Entry, ...]:
        pos = POS_CLASSES.get(token.pos_)
        if pos is None:
            return ()
        found = self._ranked.get((pos, token.lemma_.lower()))
        if found is None and pos == "noun":
            found = self._ranked.get((pos, token.lower_))
        return found or ()

    def candidates(self, token: Token) -> list[Entry]:
        """Every entry for the token's lemma (and part of speech), best rank first."""
        return list(self._ranked_for(token))

    def match(self, token: Token, view: _View | None = None) -> Entry | None:
        """The most specific entry whose constraints hold for ``token``."""
        ranked = self._ranked_for(token)
        if not ranked:
            return None
        view = view or _View()
        for entry in ranked:
            if all(view.holds(token, kind, values) for kind, values in entry.constraints):
                return entry
        return None

    def frame_code(self, frame: str, complement_code: str) -> str | None:
        for prefix, code in self.frames.get(frame, ()):
            if complement_code.startswith(prefix):
                return code
        return None


# -- parse views and constraint tests -------------------------------------------------------


def _words(tokens: Iterable[Token]) -> set[str]:
    out = set()
    for t in tokens:
        out.add(t.lemma_.lower())
        out.add(t.lower_)
    return out


def _is_particle(t: Token) -> bool:
    """A particle, or a particle parsed as an adverb / preposition ("stepped down", "pulled back")."""
    return t.dep_ == "prt" or (t.dep_ in ("advmod", "prep") and t.pos_ in ("ADV", "ADP", "PART")
                               and not any(c.dep_ == "pobj" for c in t.children))


def _pobjs_under(heads: Iterable[Token], preps: Container[str] | None = None,
                 deps: Container[str] = ("prep",)) -> list[Token]:
    """The objects of the prepositions (``deps`` children, lemma in ``preps`` when given) that
    hang off ``heads``, in order."""
    return [g for h in heads for p in h.children if p.dep_ in deps and (preps is None or p.lower_ in preps)
            for g in p.children if g.dep_ == "pobj"]


def _of_objects(t: Token) -> list[Token]:
    """Objects of "of" on a noun ("state of emergency", "25,000 tons of aid", "part of the plan")."""
    return _pobjs_under([t], ("of",))


def _partitive(t: Token) -> bool:
    """A quantity or partitive head ("tons", "part", "dozens", "a series"), looked through to its "of" object."""
    return (t.pos_ == "NUM" or t.lemma_.lower() in PARTITIVES or t.lower_ in PARTITIVES
            or any(c.dep_ == "nummod" for c in t.children))


def _prep_objects(prep: Token) -> list[Token]:
    """Objects of a preposition, following "out of" / "away from" chains and gerunds."""
    out = []
    for g in prep.children:
        if g.dep_ in ("pobj", "pcomp"):
            out.append(g)
            out.extend(g.conjuncts)
        elif g.dep_ == "prep":  # "out of", "away from"
            out.extend(_prep_objects(g))
    return out


class _View:
    """Per-sentence cache of the parse facts the constraints read (children, objects ...)."""

    __slots__ = ("_kids", "_memo")

    def __init__(self) -> None:
        self._kids: dict[int, list[Token]] = {}
        self._memo: dict[tuple[int, str], set[str]] = {}

    def kids(self, t: Token) -> list[Token]:
        k = self._kids.get(t.i)
        if k is None:
            k = self._kids[t.i] = list(t.children)
        return k

    def objects(self, t: Token) -> list[Token]:
        """Direct objects (or passive subject / attribute) and their conjuncts; through an
        object that is a quantity or partitive, its "of" objects too ("25,000 tons of aid",
        "the state of emergency"; but "a pledge of aid" stays a pledge)."""
        kids = self.kids(t)
        passive = any(c.dep_ == "auxpass" for c in kids)
        objs = [c for c in kids if c.dep_ in OBJECT_LIKE or (c.dep_ == "nsubjpass" and passive)]
        objs += [cc for o in objs for cc in o.conjuncts]
        objs += [g for o in objs if _partitive(o) for g in _of_objects(o)]
        return objs

    def _words_of(self, t: Token, kind: str) -> set[str]:
        key = (t.i, kind)
        got = self._memo.get(key)
        if got is not None:
            return got
        kids = self.kids(t)
        if kind == "prt":
            got = _words(c for c in kids if _is_particle(c))
        elif kind == "prep":
            got = _words(c for c in kids if c.dep_ in ("prep", "agent", "dative") or _is_particle(c))
            # "called for Burma to institute reforms": "for" is the mark of the clause
            got |= _words(m for c in kids if c.dep_ in ("advcl", "ccomp") for m in c.children if m.dep_ == "mark")
        elif kind == "obj":
            objs = self.objects(t)
            got = _words(objs) | _words(m for o in objs for m in o.children if m.dep_ in ("compound", "amod"))
        elif kind == "pobj":
            pobjs = [g for c in kids if c.dep_ in ("prep", "agent") for g in _prep_objects(c)]
            got = _words(pobjs) | _words(m for p in pobjs for m in p.children if m.dep_ in ("compound", "amod"))
        elif kind == "mod":
            heads = [t, *self.objects(t)]
            got = _words(m for h in heads for m in h.children
                         if m.dep_ in ("compound", "amod", "advmod", "npadvmod", "nmod"))
        else:
            got = set()
        self._memo[key] = got
        return got

    def holds(self, token: Token, kind: str, values: frozenset[str]) -> bool:
        if kind in ("xcomp", "ccomp"):
            return _complement(token, kind) is not None
        if kind == "passive":
            return any(c.dep_ in ("auxpass", "nsubjpass") for c in self.kids(token))
        if kind == "stative":  # "is opposed to", "were engaged in": a passive form without agent
            kids = self.kids(token)
            return any(c.dep_ == "nsubjpass" for c in kids) and not any(c.dep_ == "agent" for c in kids)
        return not values.isdisjoint(self._words_of(token, kind))


def _holds(token: Token, kind: str, values: frozenset[str]) -> bool:
    """Whether one constraint holds for ``token`` (see docs/lexicon.md)."""
    return _View().holds(token, kind, values)


def _has_to(verb: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children)


def _is_complement_clause(c: Token, nominal: bool) -> bool:
    if c.pos_ not in ("VERB", "AUX"):
        return False
    marks = {m.lower_ for m in c.children if m.dep_ == "mark"}
    if c.dep_ in ("xcomp", "ccomp"):
        return True
    if nominal and c.dep_ == "acl":  # "an offer to mediate", "its demand that Israel ease ..."
        return _has_to(c) or "that" in marks
    return c.dep_ == "advcl" and _has_to(c) and "for" in marks  # "called for Burma to institute reforms"


def _complement(token: Token, kind: str = "") -> Token | None:
    """The verb complement a frame trigger governs: its xcomp/ccomp ("agreed to meet"), a
    to-infinitive hanging off its object ("called on X to withdraw"), or, for a noun, a
    clause completing it ("an offer to mediate", "the demand that Israel withdraw")."""
    nominal = token.pos_ in ("NOUN", "PROPN", "ADJ")
    for c in token.children:
        if kind:
            if c.dep_ == kind and c.pos_ in ("VERB", "AUX"):
                return c
        elif _is_complement_clause(c, nominal):
            return c
    if kind:
        return None
    if nominal and token.dep_ in OBJECT_LIKE:
        # "reiterated its demand that Israel ease ...": the clause hangs off the noun's verb
        for c in token.head.children:
            if c.dep_ == "ccomp" and c.i > token.i and c.pos_ in ("VERB", "AUX"):
                return c
    # "call on X to withdraw": the infinitive hangs off the preposition's object
    for c in token.children:
        if c.dep_ in ("prep", "dobj"):
            for g in c.subtree:
                if (g.dep_ in ("xcomp", "acl", "relcl") and g.pos_ == "VERB" and g.i != token.i and _has_to(g)):
                    return g
    return None


def _coded_complement(comp: Token, codes: dict[int, str]) -> Token | None:
    """The coded token a frame's complement stands for: the complement itself, or, when its
    verb is uncoded ("hold talks", "resume negotiations"), the coded noun it governs."""
    if comp.i in codes:
        return comp
    for c in comp.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):  # "resume shelling", "begin to withdraw"
            inner = _coded_complement(c, codes)
            if inner is not None:
                return inner
        if c.dep_ in OBJECT_LIKE:
            for o in (c, *_of_objects(c)):
                if o.i in codes:
                    return o
        if c.dep_ == "prep" and c.lower_ not in ADJUNCT_PREPS:
            for g in _prep_objects(c):
                if g.i in codes:
                    return g
    return None


def _nominal_complement(token: Token, codes: dict[int, str]) -> Token | None:
    """The first coded nominal (or gerund) a frame trigger governs: its objects and their
    "of" objects ("demanded the release of ..."), then the objects of its prepositions and
    gerunds after them ("asked the EU for aid", "accused Ukraine of shelling", "pledge of
    aid"). None when nothing it governs is coded."""
    for c in token.children:
        if c.dep_ in OBJECT_LIKE:
            for o in (c, *c.conjuncts, *_of_objects(c)):
                if o.i in codes:
                    return o
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ not in ADJUNCT_PREPS:
            for g in _prep_objects(c):
                if g.i in codes:
                    return g
                if g.dep_ == "pcomp":
                    inner = _coded_complement(g, codes)
                    if inner is not None:
                        return inner
    return None


def _governed_nouns(verb: Token, view: _View) -> list[Token]:
    """Nominals a verb takes as arguments: objects (and their "of" objects: "a series of
    airstrikes"), a passive subject, and objects of its non-adjunct prepositions."""
    out = list(view.objects(verb))
    for c in view.kids(verb):
        if c.dep_ == "prep" and c.lower_ not in ADJUNCT_PREPS:
            for g in _prep_objects(c):
                if g.dep_ == "pobj":
                    out.append(g)
                    out.extend(_of_objects(g))
    return out


def _generic(code: str) -> str:
    """The family a code stands for: a root-level code ("190") stands for its root ("19")."""
    return code[:2] if len(code) == 3 and code.endswith("0") else code


def _refines(noun_code: str, verb_code: str) -> bool:
    return noun_code != verb_code and len(noun_code) >= len(verb_code) and noun_code.startswith(_generic(verb_code))


def is_negated(token: Token) -> bool:
    """True when the trigger (or the auxiliary chain it heads) carries a negation."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.pos_ in ("NOUN", "PROPN"):
        return any(c.dep_ == "det" and c.lower_ in ("no",) for c in token.children)
    return False


# -- clause marking -----------------------------------------------------------------------------


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause a trigger belongs to: itself, or the verb a nominal trigger is
    the subject or object of ("talks will resume")."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "acomp") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    return tok


def _auxes(verb: Token) -> list[Token]:
    """Auxiliaries of a verb, a subject-less conjunct inheriting those of its head ("will meet and sign")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not aux and verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        aux = [c for c in verb.head.children if c.dep_ in ("aux", "auxpass")]
    return aux


def _clause_negated(verb: Token) -> bool:
    if is_negated(verb):
        return True
    return verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children) and is_negated(verb.head)


def _clause_cue(lexicon: Lexicon, tok: Token, reported: bool) -> Cue | None:
    """The first cue (frames.tsv order) that marks the trigger's clause."""
    if not lexicon.cues:
        return None
    verb = _clause_verb(tok)
    aux = {a.lower_ for a in _auxes(verb)}
    t = verb
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    gov_words: tuple[str, ...] = ()
    if t.dep_ == "xcomp" and t.head.i != t.i:
        gov_words = (t.head.lemma_.lower(), t.head.lower_)
    for cue in lexicon.cues:
        if cue.where.endswith("_reported") and not reported:
            continue
        if cue.where.startswith("aux") and not cue.words.isdisjoint(aux):
            return cue
        if cue.where.startswith("governor") and not cue.words.isdisjoint(gov_words):
            return cue
    return None


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
        kids = list(t.children)
        passive = any(c.dep_ == "auxpass" for c in kids)
        if passive:
            agents = [g for c in kids if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents
        else:
            subj = [_gerund_subject(c) for c in kids if c.dep_ in SUBJECT_DEPS]
            if subj:
                return subj
        if t.dep_ in ("relcl", "acl") and not passive:
            # "the troops who attacked"; "issued a statement demanding ..." -> the issuer
            if t.head.dep_ in OBJECT_LIKE and t.head.head.pos_ in ("VERB", "AUX"):
                return [t.head, *_subject_tokens(t.head.head)]
            return [t.head]
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            if t.dep_ == "xcomp":
                # object control: "urged Seoul to resume" -> Seoul resumes
                objs = [c for c in t.head.children if c.dep_ in OBJECT_DEPS]
                if objs:
                    return objs
                # raising passive: "China is expected to send" -> China sends
                head_kids = list(t.head.children)
                if any(c.dep_ == "auxpass" for c in head_kids) and not any(c.dep_ == "agent" for c in head_kids):
                    subj = [c for c in head_kids if c.dep_ == "nsubjpass"]
                    if subj:
                        return subj
            t = t.head
            continue
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            # a gerund under a verb's preposition: "resorted to throwing stones" -> who resorted
            t = t.head.head
            continue
        if (t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.lower_ == "of"
                and t.head.head.dep_ in OBJECT_DEPS and t.head.head.head.pos_ in ("VERB", "AUX")):
            # a gerund under the verb's object: "began the process of returning X" -> who began
            t = t.head.head.head
            continue
        break
    return []


def _gerund_subject(subj: Token) -> Token:
    """The noun of a misparsed participle subject: in "The Red Cross operating in Syria
    said ..." the parser may make "operating" the subject, with "Cross" as its own."""
    if subj.tag_ == "VBG":
        for c in subj.children:
            if c.dep_ == "nsubj" and c.i < subj.i and c.pos_ in ("NOUN", "PROPN"):
                return c
    return subj


def _target_tokens(trigger: Token, slot: str, exclude: set[int], code: str = "") -> list[Token]:
    """Target head tokens of a trigger for a lexicon target slot (see docs/lexicon.md)."""
    children = list(trigger.children)
    if slot == "none":
        return []
    if slot == "recipient":  # "X received weapons from Y": the subject receives
        return [t for t in _subject_tokens(trigger) if t.i not in exclude]
    if slot.startswith("prep:"):
        prep = slot[5:]
        return _pobjs_under([trigger], (prep,))
    out: list[Token] = []
    if slot == "auto" and code[:2] in RECIPIENT_FIRST:
        preps = RECIPIENT_FIRST[code[:2]]
        out += [c for c in children if c.dep_ == "dative" and c.pos_ != "ADP"]
        out += [g for c in children if c.dep_ in ("prep", "dative") and c.lower_ in preps for g in _pobjs(c)]
    if slot == "auto" and code[:2] in FORCE_ROOTS:
        # "launched artillery fire against the camps": force names its target with "against"
        # before its direct object, which is often the weapon
        objs = [c for c in children if c.dep_ in OBJECT_DEPS]
        out += _objects_of_preps(children, ("against",))
        out += [g for o in objs for g in _objects_of_preps(list(o.children), ("against",))]
    late: list[Token] = []
    if slot in ("auto", "dobj"):
        patients = [c for c in children if c.dep_ in OBJECT_DEPS]
        if len(patients) > 1:
            # a second "object" after a comma is a misparsed apposition ("held talks with X on
            # Tuesday, the first delegation to visit ..."): it is tried last
            commas = [c.i for c in children if c.dep_ == "punct" and c.text == "," and c.i > trigger.i]
            late = [o for o in patients[1:] if any(trigger.i < k < o.i for k in commas)]
            patients = [o for o in patients if o not in late]
        if any(c.dep_ == "auxpass" for c in children):
            patients = [c for c in children if c.dep_ == "nsubjpass"] + patients
        out += patients
    if slot in ("auto", "dative"):
        out += [c for c in children if c.dep_ == "dative" and c.pos_ != "ADP"]
        out += [g for c in children if c.dep_ == "dative" and c.pos_ == "ADP" for g in c.children if g.dep_ == "pobj"]
    if slot == "auto":
        out += _objects_of_preps(children, TARGET_PREPS)
        objects = [c for c in children if c.dep_ in OBJECT_DEPS]
        # "met her counterpart" / "talks with X" on a nominal object: look one level down
        for o in objects:
            out += _objects_of_preps(list(o.children), TARGET_PREPS)
        # "rejected an offer from Kabul", "denied accusations by Amnesty": the object's author
        out += _pobjs_under(objects, ("from", "by"), ("prep", "agent"))
        if trigger.pos_ in ("NOUN", "PROPN"):  # "the release of prisoners", "condemnation of Russia"
            out += _of_objects(trigger)
    if slot in ("auto", "dobj"):
        # a patient that is a thing, not an actor, may name whose it is: "attacked the homes
        # of villagers", "a camp for Congolese refugees was shelled" (after the prepositions:
        # "condolences to the United States for the death of three diplomats")
        out += _pobjs_under(patients, ("of", "for"))
    out += late
    # the source's own things ("withdrew its troops from Lebanon") are the target only last
    out.sort(key=_possessed)
    return [t for t in out if t.i not in exclude]


def _objects_of_preps(children: list[Token], preps: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions among ``children``, in the order of ``preps``."""
    found = [(preps.index(c.lower_), g) for c in children if c.dep_ == "prep" and c.lower_ in preps
             for g in _pobjs(c)]
    found.sort(key=lambda x: x[0])
    return [g for _, g in found]


def _pobjs(prep: Token) -> list[Token]:
    """A preposition's objects; for one the parser left bare, the subject of the clause right
    after it ("granted asylum to five officers holed up in ...", with "officers" parsed as the
    subject of "holed")."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    if objs or prep.i + 1 >= len(prep.doc):
        return objs
    nxt = prep.doc[prep.i + 1]
    subj = next((t for t in prep.doc[prep.i + 1:min(len(prep.doc), prep.i + 8)]
                 if t.dep_ in ("nsubj", "nsubjpass") and t.left_edge.i == nxt.i), None)
    if subj is not None and subj.head.head.i == prep.head.i and subj.head.dep_ in CLAUSE_DEPS:
        return [subj]
    return []


def _generic_actor(m: Mention) -> bool:
    """A mention with neither country nor named organisation ("people", "the two countries")."""
    return not m.country and (not m.code or len(m.code) <= 3)


def _own_forces(doc: Doc, m: Mention) -> bool:
    """Whether a mention is the source's own people or things, which a deploy/withdraw/aid
    event moves rather than targets: "its troops", "their envoys" (a pronoun possessor), or
    forces with neither country nor name ("mobilized reservists", "sent troops to X")."""
    if _possessed(doc[m.head]):
        return True
    return _generic_actor(m) and bool(m.sectors) and set(m.sectors) <= FORCE_SECTORS


def _possessed(t: Token) -> bool:
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children)


def _fallback_target_tokens(trigger: Token) -> list[Token]:
    """Where a target is looked for when the trigger's own slots hold no actor: the subject
    and objects of its reported clause ("said NATO would ..."), then, in order, the nominals
    of the trigger's own clause after it ("lifted a curfew in Montenegro", "an investigation
    into crimes by Croat forces"), not looking into other clauses."""
    out: list[Token] = []
    for c in trigger.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            out += [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass", *OBJECT_LIKE)]
    for t in trigger.subtree:
        if t.i <= trigger.i or t.dep_ not in FALLBACK_TARGET_DEPS:
            continue
        h, ok = t, True
        while h.i != trigger.i:
            if h.dep_ in CLAUSE_DEPS or (h.dep_ == "conj" and h.pos_ in ("VERB", "AUX")):
                ok = False
                break
            h = h.head
        if ok:
            out.append(t)
    return out


def _attack_source_tokens(verb: Token) -> list[Token]:
    """Source of a passive act of force with no "by" agent, from the attack it happened in:
    "were killed in an Israeli air strike", "died in shelling by government forces"."""
    kids = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in kids) or any(c.dep_ == "agent" for c in kids):
        return []
    out: list[Token] = []
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            for noun in c.children:
                if noun.dep_ == "pobj" and noun.pos_ in ("NOUN", "PROPN"):
                    out += [m for m in noun.children if m.dep_ in ("poss", "compound", "amod", "nmod")]
                    out += _pobjs_under([noun], ("by",))
    return out


def _clause_target_tokens(trigger: Token, inner: Token | None, code: str) -> list[Token]:
    """Targets found in another clause, for two kinds of event only: a threat's condition
    names who must comply ("threatened to strike unless Israel rescinded ..." -> Israel), and
    a protest's purpose or participle clause names what it is against ("began a hunger strike
    to protest Sweden's decision", "demonstrated, calling for independence from Iraq"), as
    the purpose of force names whom it is used on ("opened fire to disperse the crowd")."""
    out: list[Token] = []
    if code.startswith("13"):
        for root in (trigger, inner):
            if root is None:
                continue
            for t in root.subtree:
                if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in t.children):
                    out += [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
    elif code[:2] in PURPOSE_TARGET_ROOTS:
        clauses = [c for c in trigger.children if c.dep_ in ("advcl", "xcomp", "acl")]
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.pos_ in ("VERB", "AUX"):
            clauses += [c for c in trigger.head.children if c.dep_ in ("advcl", "xcomp")]  # "began a strike to ..."
        for c in clauses:
            if c.pos_ not in ("VERB", "AUX"):
                continue
            # a protest's purpose or participle clause; force only states its purpose
            # ("opened fire to disperse the demonstrators")
            if code.startswith("14") or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                out += [o for o in c.children if o.dep_ in OBJECT_DEPS]
                out += _fallback_target_tokens(c)
    return out


def _pronoun_subject(doc: Doc, tokens: list[Token], mentions: list[Mention]) -> bool:
    """Whether the source found is a personal pronoun (resolved or not)."""
    if mentions:
        return all(m.end - m.start == 1 and doc[m.start].pos_ == "PRON" for m in mentions)
    return bool(tokens) and tokens[0].pos_ == "PRON" and tokens[0].lower_ not in ("who", "which", "that")


def _noun_source_tokens(noun: Token, from_is_agent: bool = True) -> list[Token]:
    """Source of a nominal trigger, in order of preference: possessor / nationality modifier,
    "by"/"from" agent, else the subject of the verb the noun is an argument of.
    ``from_is_agent`` is False where "from" names the place left ("the withdrawal of forces
    from Panama"): then only "by" is an agent."""
    agents = ("by", "from") if from_is_agent else ("by",)
    out = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    out += _pobjs_under([noun], agents)
    head = noun.head
    if head.i != noun.i and head.pos_ in ("VERB", "AUX") and noun.dep_ in (*OBJECT_LIKE, "nsubjpass", "acomp"):
        out += _subject_tokens(head)
    elif (head.i != noun.i and head.dep_ == "prep" and head.lower_ not in ADJUNCT_PREPS
          and head.head.pos_ in ("VERB", "AUX")):
        out += _subject_tokens(head.head)
    elif (head.i != noun.i and head.dep_ == "prep" and head.head.dep_ == "acomp"
          and head.head.lemma_.lower() in CULPABLE_ADJECTIVES):
        # "Sudan's government is responsible for mass killings": who is to blame did it
        out += _subject_tokens(head.head.head)
    elif head.i != noun.i and head.dep_ == "prep" and head.lower_ == "of" and head.head.dep_ in OBJECT_LIKE:
        # "carried out a series of airstrikes"
        gov = head.head.head
        if gov.pos_ in ("VERB", "AUX"):
            out += _subject_tokens(gov)
    return out


# -- the matcher -----------------------------------------------------------------------


class EventMatcher:
    """Find events in a parsed Doc whose actors have been resolved.

    Args:
        lexicon: the trigger lexicon (defaults to the packaged one).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self._last: tuple[Doc, list[int]] | None = None  # the last Doc and its candidate tokens
        self._pos_ids = frozenset(IDS[p] for p in POS_CLASSES)

    def _candidates(self, doc: Doc) -> list[int]:
        """Indices of the Doc's tokens whose lemma or lower-case form is a trigger lemma (with a
        verb/noun part of speech): computed once per Doc from its token array."""
        if self._last is not None and self._last[0] is doc:
            return self._last[1]
        hashes, pos_ids = self.lexicon.lemma_hashes, self._pos_ids
        idx = [i for i, (pos, lemma, lower) in enumerate(doc.to_array([POS, LEMMA, LOWER]).tolist())
               if pos in pos_ids and (lemma in hashes or lower in hashes)]
        self._last = (doc, idx)
        return idx

    def __call__(self, doc: Doc) -> list[RawEvent]:
        events: list[RawEvent] = []
        for sent in doc.sents:
            events.extend(self.sentence_events(doc, sent))
        return events

    def sentence_events(self, doc: Doc, sent: Span, traces: list[Trace] | None = None) -> list[RawEvent]:
        """Events of one sentence, root-most trigger first (ties: the more specific code);
        when ``traces`` is given, record why each trigger fired or not."""
        lexicon = self.lexicon
        view = _View()
        matched: dict[int, Entry] = {}
        cands = self._candidates(doc)
        for i in cands[bisect_left(cands, sent.start):bisect_left(cands, sent.end)]:
            tok = doc[i]
            if not lexicon._ranked_for(tok):
                continue
            entry = lexicon.match(tok, view)
            if entry is not None:
                matched[tok.i] = entry
            elif traces is not None:
                traces.append(Trace(tok, None, "lemma in lexicon but no entry's constraints hold"))
        if not matched:
            return []
        depth = {i: _depth(doc[i]) for i in matched}
        consumed: dict[int, str] = {}  # token -> why it is not an event of its own
        codes: dict[int, str] = {}
        refined: set[int] = set()  # codes refined by a complement or a governed noun
        speech_with_content: set[int] = set()
        marked_speech: dict[int, tuple[Cue, Token]] = {}  # speech verb -> cue and clause
        recoded: set[tuple[int, str]] = set()
        inner_of: dict[int, Token] = {}  # a frame trigger -> the coded complement folded into it
        speech_of_noun: dict[int, int] = {}  # a coded noun -> the speech verb whose object it is
        # complements first (deepest tokens first) so frames and verbs can read their codes
        for i in sorted(matched, key=lambda i: (-depth[i], -i)):  # later first on a tie: a complement follows its frame
            tok, entry = doc[i], matched[i]
            code = entry.code
            if entry.frame:
                comp = _complement(tok)
                inner = _coded_complement(comp, codes) if comp is not None else None
                if inner is None:
                    inner = _nominal_complement(tok, codes)
                if inner is not None:
                    folded = lexicon.frame_code(entry.frame, codes[inner.i])
                    if folded:
                        code = folded
                        refined.add(i)
                        inner_of[i] = inner
                        consumed[inner.i] = "folded into its governing frame trigger"
                    elif matched[inner.i].pos == "noun" and inner.i not in consumed:
                        consumed[inner.i] = "argument of its governing frame trigger"
            elif entry.pos == "verb":
                for noun in _governed_nouns(tok, view):
                    if noun.i not in codes or noun.i in consumed or matched[noun.i].pos != "noun":
                        continue
                    ncode = codes[noun.i]
                    if code == SPEECH_CODE and ncode != SPEECH_CODE:
                        speech_of_noun[noun.i] = i  # "announced sanctions": the sanctions are the event
                        continue
                    consumed[noun.i] = "folded into the verb that governs it"
                    if _refines(ncode, code):
                        code = ncode
                        refined.add(i)
            codes[i] = code
        out: list[RawEvent] = []
        for i in sorted(matched):
            tok, entry = doc[i], matched[i]
            if i in consumed:
                if traces is not None:
                    traces.append(Trace(tok, entry, consumed[i]))
                continue
            code = codes[i]
            speaker = _speech_governor(tok, matched)
            cue = _clause_cue(lexicon, tok, speaker is not None) if code != SPEECH_CODE else None
            negated = is_negated(tok) or (tok.pos_ in ("VERB", "AUX") and _clause_negated(tok))
            marked = None
            if cue is not None:
                marked = lexicon.frame_code(CUE_NEGATED_FRAME if negated else cue.frame, code)
            if negated and marked is None:
                if traces is not None:
                    traces.append(Trace(tok, entry, "negated: no event"))
                continue
            source_of: Token | None = None
            addressee: Token | None = None
            if marked is not None:
                if cue is not None and cue.frame in SUBJECT_TARGET_FRAMES and speaker is not None:
                    source_of, addressee = speaker, tok  # "X said Y must withdraw": X demands of Y
                code = marked
                refined.add(i)
            elif code == SPEECH_CODE:
                comp = _complement(tok, "ccomp")
                cue = _clause_cue(lexicon, comp, True) if comp is not None and not is_negated(comp) else None
                if cue is not None and cue.code:
                    # a marked reported clause ("said Y must comply"): coded as the cue's code
                    # below, unless the clause holds an event of its own
                    marked_speech[i] = (cue, comp)
            if i in inner_of:
                inner_code = codes.get(inner_of[i].i, "")
            else:  # a frame whose coded complement did not fold ("refused to deploy troops in X")
                comp = _complement(tok) if entry.frame else None
                inner_code = codes.get(comp.i, "") if comp is not None else ""
            evs = self._events_for(doc, tok, entry, code, view, i in refined, source_of, addressee,
                                   inner_of.get(i), speaker, inner_code, codes[i])
            if not evs:
                if traces is not None:
                    traces.append(Trace(tok, entry, "no source or target actor found"))
                continue
            for ev in evs:
                ev.speaker = speaker
                ev.depth = depth[i]
            if speaker is not None:
                speech_with_content.add(speaker.i)
            if i in speech_of_noun:
                speech_with_content.add(speech_of_noun[i])
            out.extend(evs)
            if traces is not None:
                why = f"event {code}" + (f" ({cue.frame} cue, {cue.origin})" if code != codes[i] and cue else "")
                traces.append(Trace(tok, entry, why, evs))
        # a speech verb whose reported clause holds an event is subordinate to it; one whose
        # marked clause holds none takes the cue's code ("Germany said Turkey must comply": 100)
        kept = []
        triggered = {e.trigger.i for e in out}
        for e in out:
            i = e.trigger.i
            if e.code != SPEECH_CODE:
                kept.append(e)
            elif i in speech_with_content and not (i in marked_speech and marked_speech[i][1].i not in triggered):
                continue
            elif i in marked_speech and (i, e.code) not in recoded:
                cue, comp = marked_speech[i]
                recoded.add((i, e.code))
                evs = self._events_for(doc, e.trigger, e.entry, cue.code or e.code, view, True, None, comp)
                for ev in evs:
                    ev.speaker, ev.depth = e.speaker, e.depth
                kept.extend(evs)
                if traces is not None:
                    traces.append(Trace(e.trigger, e.entry, f"event {cue.code} ({cue.frame} cue, {cue.origin})", evs))
            elif (i, e.code) not in recoded:
                kept.append(e)
        if traces is not None:
            for e in out:
                if e.code == SPEECH_CODE and e.trigger.i in speech_with_content:
                    for tr in traces:
                        if tr.token is e.trigger:
                            tr.outcome = "statement folded: its reported clause holds an event"
        # what was said is the news: an event in a folded speech verb's reported clause ranks
        # at the speech verb's depth, before that verb's other dependents ("X renewed its
        # appeal, the minister said, slamming ...": the appeal comes first)
        # ("Italy announced a suspension of flights": the suspension ranks at "announced"); an
        # event in a temporal or causal side clause ("after X shot down a jet") is background
        def rank(e: RawEvent) -> tuple:
            s = e.speaker
            if s is not None and s.i in speech_with_content:
                promoted = depth[s.i]
            elif e.trigger.i in speech_of_noun:
                promoted = depth[speech_of_noun[e.trigger.i]]
            else:
                promoted = e.depth
            return (promoted, _background(e.trigger), e.depth, -len(e.code), -e.entry.specificity, e.trigger.i)

        kept.sort(key=rank)
        return kept

    def _events_for(self, doc: Doc, tok: Token, entry: Entry, code: str, view: _View, refined: bool,
                    source_of: Token | None = None, addressee: Token | None = None,
                    inner: Token | None = None, speaker: Token | None = None,
                    inner_code: str = "", role_code: str = "") -> list[RawEvent]:
        """The events of one trigger: its source and target mentions paired up.

        ``source_of``: take the source from this verb's subject instead (the speaker of a
        reported demand); ``addressee``: take the target from this clause's subject first
        ("X said Y must withdraw": Y is asked); ``inner``: the coded complement folded into a
        frame trigger, whose own target is the frame's when the trigger has none; ``speaker``:
        the speech verb whose reported clause holds the trigger (a pronoun subject is the
        speaker: "Hungary said it will support ..."); ``inner_code``: the code of the frame's
        coded complement; ``role_code``: the code of the action itself before an intent or
        threat cue recoded it ("will send troops to X" is still a sending), which decides
        where the target is looked for."""
        role_code = role_code or code
        if addressee is not None:
            src_tokens = _subject_tokens(source_of if source_of is not None else tok)
        elif entry.target == "recipient":  # the giver is the object of "from"
            # on the verb ("received weapons from Iran") or on its object, where the parser
            # often hangs it ("received assurances from the government")
            heads = [tok, *(c for c in tok.children if c.dep_ in OBJECT_DEPS), *_pobjs_under([tok])]
            src_tokens = _pobjs_under(heads, ("from",))
        elif entry.stative:  # "Israel is opposed to ...": the passive subject holds the stance
            src_tokens = [c for c in tok.children if c.dep_ == "nsubjpass"] or _subject_tokens(tok)
        elif entry.pos == "verb":
            src_tokens = _subject_tokens(tok)
        else:
            src_tokens = _noun_source_tokens(tok, "from" not in RECIPIENT_FIRST.get(role_code[:2], ()))
        sources = _first_mention(doc, src_tokens)
        if not sources and entry.pos == "verb" and role_code[:2] in FORCE_ROOTS:
            # "were killed in Israeli tank shelling": whose attack it was, when no agent is named
            sources = _first_mention(doc, _attack_source_tokens(tok))
        if speaker is not None and source_of is None and _pronoun_subject(doc, src_tokens, sources):
            # "X said it would ...": the pronoun is the speaker; report the named speaker
            said = _first_mention(doc, _subject_tokens(speaker))
            if said and (not sources or {m.code for m in sources} == {m.code for m in said}):
                sources = said
        src_idx = {t.i for m in sources for t in doc[m.start:m.end]}
        if addressee is not None:
            # "told Japan's prime minister that Japan must act": the one told is asked
            # (a named or national actor: "told reporters that ..." asks the clause's subject)
            told = [m for m in _first_mention(doc, [c for c in source_of.children if c.dep_ in ("dative", "dobj")])
                    if not _generic_actor(m)] if source_of is not None else []
            tgt_tokens = [t for t in _subject_tokens(addressee) if t.i not in src_idx]
            targets = told or _first_mention(doc, [*tgt_tokens, *_target_tokens(addressee, "auto", src_idx)])
        else:
            targets = _first_mention(doc, _target_tokens(tok, entry.target, src_idx, role_code))
            if entry.frame and not targets:
                comp = _complement(tok)
                cand: list[Token] = []
                if comp is not None:
                    if entry.frame in SUBJECT_TARGET_FRAMES:
                        cand += [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
                    cand += _target_tokens(comp, "auto", src_idx, inner_code or role_code)
                if inner is not None and inner is not comp:
                    cand += _target_tokens(inner, "auto", src_idx, inner_code or role_code)
                    if inner.pos_ in ("VERB", "AUX"):
                        cand += [c for c in inner.children if c.dep_ in OBJECT_LIKE]
                targets = _first_mention(doc, [t for t in cand if t.i not in src_idx])
        own_things = role_code[:2] in RECIPIENT_FIRST  # "withdrew its troops": the source's own forces are no target
        if own_things:
            targets = [t for t in targets if not _own_forces(doc, t)]
        reciprocal = len(sources) > 1 and code.startswith(RECIPROCAL_PREFIXES)
        if not targets and entry.target != "none" and not reciprocal:
            spans = {(s.start, s.end) for s in sources}
            # a frame looks inside its complement even when that did not fold ("agreed to lift
            # embargoes on sales to Iran")
            comp = _complement(tok) if inner is None and entry.frame else None
            roots = [inner] if inner is not None else [tok, comp] if comp is not None else [tok]
            for t in (t for r in roots for t in _fallback_target_tokens(r)):
                if t.i in src_idx:
                    continue
                found = [m for m in mentions_for(doc, t) if (m.start, m.end) not in spans
                         and not (own_things and _own_forces(doc, m))]
                if found:
                    targets = found
                    break
        if not targets and entry.target != "none" and not reciprocal:
            spans = {(s.start, s.end) for s in sources}
            for t in _clause_target_tokens(tok, inner, code):
                found = [m for m in mentions_for(doc, t) if (m.start, m.end) not in spans and t.i not in src_idx]
                if found:
                    targets = found
                    break
        # the same mention is never its own target ("South Korea ... its counterpart" are two)
        spans = {(s.start, s.end) for s in sources}
        targets = [t for t in targets if (t.start, t.end) not in spans]
        if not any(m.code for m in (*sources, *targets)):
            return []  # no coded actor: nothing to say who did what to whom
        rule = entry.describe()
        conf = _confidence(entry, code, refined, bool(sources), bool(targets))
        pairs: list[tuple[Mention | None, Mention | None]] = []
        if (len(sources) > 1 and code.startswith(RECIPROCAL_PREFIXES)
                and all(_generic_actor(t) for t in targets)):
            if len(sources) == 2:
                # reciprocal: "X and Y met" -> X->Y and Y->X
                pairs = [(sources[0], sources[1]), (sources[1], sources[0])]
            else:
                # multilateral ("X, Y and Z met"): one event per participant, no target
                pairs = [(s, None) for s in sources]
                rule += " [multilateral]"
            targets = []
        else:
            for s in sources or [None]:
                for t in targets or [None]:
                    pairs.append((s, t))
        return [RawEvent(trigger=tok, entry=entry, code=code, source=s, target=t, rule=rule, confidence=conf)
                for s, t in pairs]


def _confidence(entry: Entry, code: str, refined: bool, has_source: bool, has_target: bool) -> float:
    """How sure the coder is: grows with the evidence behind the final code (constraints the
    entry checked, a complement or governed noun that refined it, how deep the code is in
    the CAMEO tree) and with the arguments found."""
    level = cameo.lookup(code).level if cameo.is_code(code) else 2
    conf = 0.5 + 0.1 * min(entry.specificity, 2) + (0.1 if refined else 0.0) + 0.05 * max(0, level - 2)
    conf += 0.1 if has_source and has_target else (0.0 if has_source else -0.05)
    return round(max(0.3, min(0.95, conf)), 2)


def _background(tok: Token) -> bool:
    """Whether a trigger sits in a temporal or causal side clause ("one day after a jet shot
    down a helicopter", "because the army shelled the town"): background to the main event."""
    t = tok
    for _ in range(6):
        if t.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in t.children)
        if t.head.i == t.i or t.dep_ in ("ccomp", "xcomp", "relcl", "parataxis"):
            return False
        t = t.head
    return False


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _speech_governor(tok: Token, matched: dict[int, Entry]) -> Token | None:
    """The speech verb (a matched 010-class trigger) whose reported clause contains ``tok``:
    "X did Y, officials said", "said that ...", "issued a statement demanding ..."."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return None
        if t.dep_ in ("ccomp", "parataxis", "acl"):
            h = t.head
            e = matched.get(h.i)
            if e is not None and e.code == SPEECH_CODE:
                if e.pos == "noun" and h.dep_ in OBJECT_LIKE:
                    g = matched.get(h.head.i)
                    if g is not None and g.code == SPEECH_CODE:
                        return h.head  # the verb whose object the statement is
                return h
        t = t.head
    return None


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once."""
    return Lexicon()
