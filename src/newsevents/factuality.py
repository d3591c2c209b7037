"""Factuality, attribution and quotations of events.

* :func:`factuality` — how the article presents the event: ``asserted``, ``reported``,
  ``planned``, ``hypothetical``, ``negated`` or ``uncertain``.
* :func:`attribution` — who asserts it, when someone other than the reporter does.
* :func:`quotes` / :func:`quote_for` — verbatim quoted passages and their speakers.

Everything is decided from the dependency parse of the trigger's sentence and the cue
word lists in ``data/factuality.yaml``; the cost is linear in the sentence length.

How factuality is decided: we walk from the trigger up its chain of governing words to
the sentence root.  Each step is a *link* (the dependency of the lower word, or
``prep:<word>`` across a preposition).  Cues come from

1. the trigger's own modifiers: modals (``will`` → planned, ``would/could/might`` →
   hypothetical, ``may`` → uncertain), negation (``not``, ``never``, ``no`` before a nominal
   trigger), hedging adverbs (``reportedly``), adjectives on a nominal trigger
   (``potential``, ``planned``, ``alleged``);
   and a conditional clause hanging from it ("... if the talks fail");
2. the same modifiers on governors the trigger is *tightly* bound to: an ``xcomp`` head
   ("will try to meet"), a subject-less conjunct head, the support verb of a nominal
   trigger ("did not hold talks", "talks will resume");
3. subordinating marks anywhere on the chain: ``if``/``unless`` → hypothetical,
   ``whether`` → uncertain (everything inside such a clause shares its status);
4. the lemma of a governor whose complement holds the trigger: ``deny``/``refuse`` →
   negated, ``threaten``/``urge``/``fear of`` → hypothetical, ``plan``/``agree``/``is
   scheduled to``/``is going to`` → planned, ``seem``/``suspect`` → uncertain, a reporting
   verb (``say``, ``report``, ``claim``) over the trigger's clause or ``according to`` →
   reported;
5. a quotation: an event inside a quote with a known speaker is reported.

Precedence when several cues fire: negated > hypothetical > planned > uncertain >
reported > asserted ("officials said talks will not resume" is negated).  ``might`` is
treated as hypothetical and ``may`` as uncertain.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from newsevents.datafiles import read_yaml
from newsevents.doccache import LatestDoc

__all__ = ["FACTUALITY_CLASSES", "attribution", "factuality", "quote_for", "quotes"]

FACTUALITY_CLASSES = ("asserted", "reported", "planned", "hypothetical", "negated", "uncertain")

Record = dict[str, Any]

_MAX_STEPS = 40
_FIRST_PERSON = frozenset({"i", "we"})
_QUOTES_KEY = "newsevents.quotes"
_SPEAKER_WINDOW = 20  # tokens between a quote and its reporting verb, at most
_INHERIT_GAP_CHARS = 120  # longest speaker clause between two quotes of one speaker

# which links let a governor's lemma decide the class of what is below it
_GOVERNOR_LINKS = {
    "negated": frozenset({"xcomp", "ccomp", "dobj", "pcomp", "acl", "nsubjpass"}),
    "hypothetical": frozenset({"xcomp", "ccomp", "dobj", "acl", "oprd"}),
    "planned": frozenset({"xcomp", "ccomp", "dobj", "acl", "nsubjpass", "oprd"}),
    "uncertain": frozenset({"xcomp", "ccomp", "nsubjpass"}),
    "reported": frozenset({"ccomp", "parataxis"}),
}
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


@dataclass(frozen=True, slots=True)
class _Cues:
    """One factuality class's cue lists (lowercase)."""

    modals: frozenset[str]
    particles: frozenset[str]
    determiners: frozenset[str]
    adverbs: frozenset[str]
    marks: frozenset[str]
    conditions: frozenset[str]
    governors: frozenset[str]
    progressive_governors: frozenset[str]
    modifiers: frozenset[str]
    date_words: frozenset[str]
    prepositions: frozenset[str]
    prep_governors: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    precedence: tuple[str, ...]
    classes: dict[str, _Cues]
    reporting_verbs: frozenset[str]
    according: frozenset[str]
    citing: frozenset[str]
    anon_phrases: tuple[str, ...]
    anon_heads: frozenset[str]
    anon_modifiers: frozenset[str]
    audience: frozenset[str]
    support_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    """The cue lists from ``data/factuality.yaml`` (loaded once)."""
    raw = read_yaml("factuality.yaml")

    def fs(values: Any) -> frozenset[str]:
        return frozenset(str(v).lower() for v in values or ())

    classes = {}
    for name in ("negated", "hypothetical", "planned", "uncertain", "reported"):
        section = raw.get(name) or {}
        classes[name] = _Cues(
            modals=fs(section.get("modals")),
            particles=fs(section.get("particles")),
            determiners=fs(section.get("determiners")),
            adverbs=fs(section.get("adverbs")),
            marks=fs(section.get("marks")),
            conditions=fs(section.get("conditions")),
            governors=fs(section.get("governors")) | fs(section.get("nouns")) | fs(section.get("verbs")),
            progressive_governors=fs(section.get("progressive_governors")),
            modifiers=fs(section.get("modifiers")),
            date_words=fs(section.get("date_words")),
            prepositions=fs(section.get("prepositions")),
            prep_governors={p: fs(v) for p, v in (section.get("prep_governors") or {}).items()},
        )
    anon = raw.get("anonymous") or {}
    return _Lexicon(
        precedence=tuple(raw["precedence"]),
        classes=classes,
        reporting_verbs=fs(raw["reported"]["verbs"]),
        according=fs(raw["reported"].get("according")),
        citing=fs(raw["reported"].get("citing")),
        anon_phrases=tuple(str(p).lower() for p in anon.get("phrases") or ()),
        anon_heads=fs(anon.get("heads")),
        anon_modifiers=fs(anon.get("modifiers")),
        audience=fs(raw.get("audience")),
        support_verbs=fs(raw.get("support_verbs")),
        occurrence_verbs=fs(raw.get("occurrence_verbs")),
    )


# --- what is read many times from one Doc ---------------------------------------------


class _DocInfo:
    """Facts about one Doc computed once and shared by every event of the article: its
    text (``Doc.text`` is rebuilt from the tokens on every access), token offsets, sentence
    starts, and the per-token results of the chain walks below."""

    __slots__ = ("_sent_starts", "_starts", "according", "anchors", "chains", "cues", "doc", "text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self._starts: list[int] | None = None
        self._sent_starts: list[int] | None = None
        self.chains: dict[int, list[_Step]] = {}
        self.anchors: dict[int, tuple[str, Token] | None] = {}
        self.cues: dict[int, frozenset[str]] = {}
        self.according: dict[int, Token | None] = {}

    @property
    def starts(self) -> list[int]:
        """Character offset of each token."""
        if self._starts is None:
            self._starts = self.doc.to_array(IDX).tolist() if len(self.doc) else []
        return self._starts

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token range ``(start, end)`` of the sentence holding token ``i`` (as ``Token.sent``)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents] or [0]
        sent_starts = self._sent_starts
        k = bisect.bisect_right(sent_starts, i) - 1
        end = sent_starts[k + 1] if k + 1 < len(sent_starts) else len(self.doc)
        return sent_starts[k], end


_info: LatestDoc[_DocInfo] = LatestDoc(_DocInfo)  # the :class:`_DocInfo` of the latest Doc


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Token range ``(start, end)`` of the sentence holding token ``i`` (``Token.sent``
    without building a Span; the sentence starts are read once per Doc).

    Args:
        doc: the parsed article.
        i: a token index.
    """
    return _info(doc).sent_bounds(i)


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per Doc and shared by the stages that code one article
    (``Doc.text`` joins every token's text anew on each access).

    Args:
        doc: the parsed article.
    """
    return _info(doc).text


# --- the chain of governing words ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Step:
    """One step up the chain: ``child`` hangs from ``gov`` by ``link``."""

    gov: Token
    child: Token
    link: str
    tight: bool


def _is_nominal(tok: Token) -> bool:
    return tok.pos_ in _NOMINAL_POS


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _is_tight(child: Token, gov: Token, link: str, lex: _Lexicon) -> bool:
    """Whether the governor's modals and negation apply to ``child`` too."""
    if link == "xcomp":
        return True
    if link == "conj":
        if _has_subject(child) or any(c.dep_ in ("aux", "auxpass") for c in child.children):
            return False
        return not any(
            c.dep_ == "cc" and c.lower_ in ("but", "yet") and gov.i < c.i < child.i for c in gov.children
        )
    if _is_nominal(child):
        lemma = gov.lemma_.lower()
        if link == "dobj":
            return lemma in lex.support_verbs
        if link == "nsubjpass":
            return lemma in lex.support_verbs or lemma in lex.occurrence_verbs
        if link in ("nsubj", "attr"):
            return lemma in lex.occurrence_verbs
    return False


def _chain(trigger: Token) -> list[_Step]:
    """The governing words of ``trigger`` up to the sentence root (prepositions skipped);
    computed once per token of a Doc."""
    chains = _info(trigger.doc).chains
    steps = chains.get(trigger.i)
    if steps is None:
        steps = chains[trigger.i] = _walk_chain(trigger)
    return steps


def _walk_chain(trigger: Token) -> list[_Step]:
    lex = _lexicon()
    steps: list[_Step] = []
    node, tight = trigger, True
    for _ in range(_MAX_STEPS):
        gov = node.head
        if gov.i == node.i:  # the root (Token objects are new on each access: compare indices)
            break
        link = node.dep_
        if link in ("pobj", "pcomp") and gov.dep_ in ("prep", "agent") and gov.head.i != gov.i:
            link = "prep:" + gov.lower_
            gov = gov.head
        tight = tight and _is_tight(node, gov, link, lex)
        steps.append(_Step(gov, node, link, tight))
        node = gov
    return steps


def _modifier_matches(c: Token, cl: _Cues, *, own_nominal: bool) -> bool:
    """Whether the child word ``c`` is a cue of class ``cl``."""
    dep, low = c.dep_, c.lower_
    if dep in ("aux", "auxpass"):
        return low in cl.modals
    if dep == "neg":
        return low in cl.particles
    if dep == "advmod":
        return low in cl.adverbs or low in cl.particles
    if dep == "mark":
        return low in cl.marks
    if dep == "advcl":  # "... if the talks fail"
        return bool(cl.conditions) and any(m.dep_ == "mark" and m.lower_ in cl.conditions for m in c.children)
    if dep in ("npadvmod", "prep", "tmod") and cl.date_words:  # "next week", "in the coming days"
        return any(t.ent_type_ in ("DATE", "TIME") and t.lower_ in cl.date_words for t in c.subtree)
    if not own_nominal:
        return False
    if dep == "det":
        return low in cl.determiners
    return dep in ("amod", "compound", "nmod") and low in cl.modifiers


def _local_cues(tok: Token, lex: _Lexicon, cues: set[str], *, own: bool) -> None:
    """Cues among ``tok``'s own modifiers (modals, negation, adverbs, adjectives, marks)."""
    own_nominal = own and _is_nominal(tok)
    for c in tok.children:
        for name, cl in lex.classes.items():
            if _modifier_matches(c, cl, own_nominal=own_nominal):
                cues.add(name)


def _governor_cues(step: _Step, lex: _Lexicon, cues: set[str]) -> None:
    """Cues from the lemma of a governing word ("threatened to", "denied that")."""
    lemma = step.gov.lemma_.lower()
    low = step.gov.lower_
    if step.link.startswith("prep:"):
        prep = step.link[5:]
        for name, cl in lex.classes.items():
            governors = cl.prep_governors.get(prep, ())
            # "without firing a shot", "fears of an attack"
            if prep in cl.prepositions or lemma in governors or low in governors:
                cues.add(name)
        return
    for name, cl in lex.classes.items():
        if step.link not in _GOVERNOR_LINKS[name]:
            continue
        if lemma in cl.governors or low in cl.governors:
            if name == "reported" and step.link == "dobj":
                continue
            cues.add(name)
        elif step.link == "xcomp" and lemma in cl.progressive_governors and step.gov.tag_ == "VBG":
            cues.add(name)
    # "is said to have attacked", "was reported to have fired": a passive reporting verb
    if step.link == "xcomp" and lemma in lex.reporting_verbs and _is_passive(step.gov):
        cues.add("reported")


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _according_to(tok: Token, lex: _Lexicon) -> Token | None:
    """The source noun of an "according to X" phrase hanging from ``tok`` (once per token)."""
    memo = _info(tok.doc).according
    if tok.i in memo:
        return memo[tok.i]
    found = memo[tok.i] = _find_according_to(tok, lex)
    return found


def _find_according_to(tok: Token, lex: _Lexicon) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in lex.according:
            for to in c.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
            for obj in c.children:  # "according to" parsed as one preposition
                if obj.dep_ == "pobj":
                    return obj
    return None


def _inverted_report(tok: Token, lex: _Lexicon) -> Token | None:
    """A reporting verb the parser hung *below* the event clause ("..., officials said")."""
    for c in tok.children:
        if (
            c.dep_ in ("parataxis", "ccomp", "advcl")
            and c.i > tok.i
            and c.lemma_.lower() in lex.reporting_verbs
            and _has_subject(c)
            and not any(g.dep_ in ("ccomp", "xcomp", "dobj") for g in c.children)
        ):
            return c
    return None


def _report_anchor(trigger: Token) -> tuple[str, Token] | None:
    """The nearest reporting element above the trigger: ``("verb", said)`` or
    ``("according", source noun)`` (computed once per trigger of a Doc)."""
    anchors = _info(trigger.doc).anchors
    if trigger.i in anchors:
        return anchors[trigger.i]
    found = anchors[trigger.i] = _find_report_anchor(trigger)
    return found


def _find_report_anchor(trigger: Token) -> tuple[str, Token] | None:
    lex = _lexicon()
    chain = _chain(trigger)
    nodes = [trigger] + [s.gov for s in chain]
    for i, node in enumerate(nodes):
        src = _according_to(node, lex)
        if src is not None:
            return "according", src
        if i == 0 or chain[i - 1].tight or chain[i - 1].link in ("ccomp", "conj"):
            inv = _inverted_report(node, lex)
            if inv is not None:
                return "verb", inv
        if i < len(chain):
            step = chain[i]
            lemma = step.gov.lemma_.lower()
            if step.link in _GOVERNOR_LINKS["reported"] and (
                lemma in lex.reporting_verbs or lemma in lex.classes["reported"].governors
            ):
                return "verb", step.gov
            if step.link == "acl" and lemma in lex.classes["reported"].governors and _is_nominal(step.gov):
                return "verb", step.gov
            if step.link.startswith("prep:") and lemma in lex.classes["reported"].prep_governors.get(
                step.link[5:], ()
            ):
                return "verb", step.gov
            if step.link == "xcomp" and lemma in lex.reporting_verbs and _is_passive(step.gov):
                return "verb", step.gov
    return None


def _cues(doc: Doc, trigger: Token) -> frozenset[str]:
    """Every factuality class some cue on the trigger's chain points to (once per trigger)."""
    memo = _info(doc).cues
    found = memo.get(trigger.i)
    if found is None:
        found = memo[trigger.i] = frozenset(_find_cues(doc, trigger))
    return found


def _find_cues(doc: Doc, trigger: Token) -> set[str]:
    lex = _lexicon()
    cues: set[str] = set()
    _local_cues(trigger, lex, cues, own=True)
    for step in _chain(trigger):
        if step.child.dep_ in ("relcl", "acl") and not _is_nominal(step.child) and step.gov != trigger:
            # a clause modifying a noun is presupposed: what is said about the noun above
            # ("demanded the release of prisoners held in ...") does not reach it
            _governor_cues(step, lex, cues)
            break
        if step.tight:
            _local_cues(step.gov, lex, cues, own=False)
        else:
            for c in step.gov.children:
                if c.dep_ == "mark":
                    for name, cl in lex.classes.items():
                        if c.lower_ in cl.marks:
                            cues.add(name)
        _governor_cues(step, lex, cues)
    if _report_anchor(trigger) is not None:
        cues.add("reported")
    else:
        q = _containing_quote(doc, trigger)
        if q is not None and q["speaker"] is not None:
            cues.add("reported")
    return cues


def factuality(doc: Doc, trigger: Token, negated: bool | None = None) -> str:
    """How the article presents the event whose trigger is ``trigger``.

    Args:
        doc: the parsed article.
        trigger: the event's trigger token (verb or event noun).
        negated: the caller's own negation decision; ``True`` forces ``negated``, ``False``
            ignores negation cues, ``None`` (default) detects negation here.

    Returns:
        One of ``asserted | reported | planned | hypothetical | negated | uncertain``; when
        several apply the first of negated > hypothetical > planned > uncertain > reported
        wins (see the module docstring).
    """
    if negated is True:
        return "negated"
    cues = _cues(doc, trigger)
    for name in _lexicon().precedence:
        if name in cues and not (negated is False and name == "negated"):
            return name
    return "asserted"


# --- attribution -----------------------------------------------------------------------


def _span_record(doc: Doc, start: int, end: int) -> Record:
    """``{text, start, end}`` for tokens ``start..end`` (exclusive), punctuation trimmed."""
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end:
        return {"text": "", "start": doc[start].idx, "end": doc[start].idx}
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return {"text": _info(doc).text[s:e], "start": s, "end": e}


def _np_tokens(tok: Token, exclude: Token | None = None) -> tuple[int, int]:
    """Token range of ``tok``'s phrase, cut before ``exclude``'s subtree if it is inside."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    if exclude is not None and start <= exclude.i < end:
        if exclude.i > tok.i:
            end = min(end, exclude.left_edge.i)
        else:
            start = max(start, exclude.right_edge.i + 1)
    return start, end


def _is_anonymous(doc: Doc, ranges: list[tuple[int, int]]) -> bool:
    """Whether the source phrase or the reporting verb's modifiers mark it as unnamed."""
    lex = _lexicon()
    for start, end in ranges:
        if start >= end:
            continue
        span = doc[start:end]
        text = " " + " ".join(t.lower_ for t in span).replace(" n't", "n't") + " "
        text = text.replace(" didn't ", " did not ")
        if any(p in text for p in lex.anon_phrases):
            return True
        for t in span:
            if t.lower_ in lex.anon_modifiers:
                return True
            if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in lex.anon_heads:
                return True
    return False


def _speaker_attribution(doc: Doc, quote: Record) -> Record:
    """The attribution record of a quote's speaker."""
    sp = quote["speaker"]
    span = doc.char_span(sp["start"], sp["end"], alignment_mode="expand")
    anon = _is_anonymous(doc, [(span.start, span.end)]) if span is not None else False
    return {"text": sp["text"], "start": sp["start"], "end": sp["end"], "anonymous": anon}


def attribution(doc: Doc, trigger: Token) -> Record | None:
    """Who asserts the event, when it is not the reporter.

    Args:
        doc: the parsed article.
        trigger: the event's trigger token.

    Returns:
        ``{text, start, end, anonymous}`` for the source phrase ("the South's military",
        "officials who asked not to be named"), with ``anonymous`` true only for explicitly
        unnamed sources (see ``anonymous`` in ``data/factuality.yaml``); ``None`` when the
        reporter asserts the event directly or the source is not named in the sentence.
    """
    anchor = _report_anchor(trigger)
    if anchor is None:
        q = _containing_quote(doc, trigger)
        if q is None or q["speaker"] is None:
            return None
        return _speaker_attribution(doc, q)
    kind, tok = anchor
    lex = _lexicon()
    if kind == "according":
        start, end = _np_tokens(tok)
        rec = _span_record(doc, start, end)
        rec["anonymous"] = _is_anonymous(doc, [(start, end)])
        return rec
    subj = _subject_of(tok, inverted=tok.i > trigger.i)
    if subj is None:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subj is None or subj.lower_ in ("it", "there"):
        return None
    if subj.lower_ in _FIRST_PERSON:
        # "we" / "I" inside a quotation stands for the quote's speaker
        q = _containing_quote(doc, trigger)
        if q is not None and q["speaker"] is not None and q["start"] <= subj.idx < q["end"]:
            return _speaker_attribution(doc, q)
    start, end = _np_tokens(subj, exclude=trigger)
    ranges = [(start, end)]
    # the reporting verb's own modifiers: "..., citing sources it did not name",
    # "speaking on condition of anonymity"
    for c in tok.children:
        if c.dep_ in ("advcl", "prep", "npadvmod", "advmod", "dobj") and not (
            c.left_edge.i <= trigger.i <= c.right_edge.i
        ):
            if c.dep_ == "dobj" and c.lemma_.lower() not in lex.anon_heads:
                continue
            ranges.append((c.left_edge.i, c.right_edge.i + 1))
    rec = _span_record(doc, start, end)
    rec["anonymous"] = _is_anonymous(doc, ranges)
    return rec


# --- quotations ------------------------------------------------------------------------

_QUOTE_CHARS = re.compile(r'["\u201c\u201d]|\n\s*\n')
_QUOTE_MARK = re.compile(r'["\u201c\u201d]')
_QUOTE_TOKENS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def _quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Character ranges inside quotation marks, each with a flag telling whether the quote
    was still open at a paragraph break.

    Curly quotes open with “ and close with ”; straight quotes toggle.  A quote still open
    at a paragraph break ends there (news style reopens each quoted paragraph).
    """
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        ch = m.group()
        if ch[0] not in '"\u201c\u201d':  # paragraph break
            if open_at is not None:
                spans.append((open_at, m.start(), True))
                open_at = None
        elif ch == "\u201c" or (ch == '"' and open_at is None):
            if open_at is not None:
                spans.append((open_at, m.start(), False))
            open_at = m.end()
        elif open_at is not None:  # ” or a closing straight quote
            spans.append((open_at, m.start(), False))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text), True))
    out = []
    for s, e, running in spans:
        raw = text[s:e]
        stripped = raw.rstrip().rstrip(",").rstrip()
        lead = len(raw) - len(raw.lstrip())
        s2, e2 = s + lead, s + len(stripped)
        if e2 > s2:
            out.append((s2, e2, running))
    return out


def _token_at(doc: Doc, starts: list[int], char: int) -> int:
    """Index of the token that contains (or follows) character ``char``."""
    i = bisect.bisect_right(starts, char) - 1
    return max(i, 0)


def _speaker_verb(doc: Doc, starts: list[int], s: int, e: int) -> Token | None:
    """The reporting verb next to the quote ``text[s:e]``.

    After the quote ("…,” she said) unless the quote ends its sentence with a period; else
    before it in the sentence that opens it (She said: “…”); else, for a quote that opens a
    sentence, the root of the previous sentence when that is a bare reporting clause
    ("…, told VOA. “…”").
    """
    lex = _lexicon()
    info = _info(doc)
    text = info.text
    first = _token_at(doc, starts, s)
    last = _token_at(doc, starts, max(e - 1, s))
    close = _QUOTE_MARK.search(text, e)
    close_at = close.start() if close is not None else e

    def is_reporting(t: Token) -> bool:
        return t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.reporting_verbs

    if text[e - 1] != ".":
        limit = min(len(doc), last + 1 + _SPEAKER_WINDOW)
        for i in range(last + 1, limit):
            t = doc[i]
            if t.idx <= close_at:
                continue
            if t.text in _QUOTE_TOKENS or (t.text in (".", ";") and t.idx > close_at + 1):
                break
            if is_reporting(t):
                return t
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
                break
    sent_start = info.sent_bounds(first)[0]
    lower = max(sent_start, first - 1 - _SPEAKER_WINDOW)
    for i in range(first - 1, lower - 1, -1):
        t = doc[i]
        if t.text in _QUOTE_TOKENS and i < first - 1:
            break
        if is_reporting(t):
            return t
    opens_sentence = all(doc[i].is_punct for i in range(sent_start, first))
    if opens_sentence and sent_start > 0:
        prev = doc[info.sent_bounds(sent_start - 1)[0] : sent_start]
        root = prev.root
        if (
            is_reporting(root)
            and not any(c.dep_ in ("ccomp", "xcomp", "parataxis") and c.i > root.i for c in root.children)
            and text[prev.start_char : prev.end_char].rstrip()[-1:] in (".", ":")
            and not any(t.text in _QUOTE_TOKENS for t in prev)
        ):
            return root
    return None


def _subject_of(verb: Token, *, inverted: bool, outside: tuple[int, int] | None = None) -> Token | None:
    """The subject of a reporting verb.

    Args:
        verb: the reporting verb.
        inverted: the verb follows what it reports ("..., warned the minister"); the parser
            sometimes makes such a subject the object, which is then taken instead.
        outside: a character range (a quote) the subject must not start in.
    """

    def ok(t: Token) -> bool:
        return outside is None or not (outside[0] <= t.idx < outside[1])

    subj = next((c for c in verb.children if c.dep_ == "nsubj" and ok(c)), None)
    if subj is None and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head is not verb:
        # "..., saying “…”": the speaker is the subject of the verb it hangs from
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj" and ok(c)), None)
    if subj is not None or not inverted:
        return subj
    audience = _lexicon().audience
    return next(
        (
            c
            for c in verb.rights
            if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "nsubj")
            and _is_nominal(c)
            and c.lemma_.lower() not in audience
        ),
        None,
    )


def _speaker_of(doc: Doc, verb: Token, quote_range: tuple[int, int]) -> Record | None:
    """``{text, start, end}`` of the reporting verb's subject, outside the quote."""
    qs, qe = quote_range
    subj = _subject_of(verb, inverted=verb.idx >= qe, outside=quote_range)
    if subj is None:
        return None
    rec = _span_record(doc, subj.left_edge.i, subj.right_edge.i + 1)
    if rec["start"] < qe and rec["end"] > qs:
        return None
    return rec if rec["text"] else None


def _inherit_speakers(doc: Doc, table: list[Record]) -> None:
    """Give speakerless quotes the speaker of a neighbouring quote they continue.

    Forward: a quote that follows a quote with a speaker in the same paragraph, with only
    that speaker's clause between them (“...,” she said. “...”).  Backward: a quote left
    open at a paragraph break continues in the quote that opens the next paragraph.
    """
    text = _info(doc).text
    for prev, cur in itertools.pairwise(table):
        if cur["speaker"] is not None or prev["speaker"] is None:
            continue
        gap = text[prev["end"] : cur["start"]]
        if "\n\n" in gap or len(gap) > _INHERIT_GAP_CHARS:
            continue
        verb_between = prev["verb"] is not None and prev["end"] <= doc[prev["verb"]].idx < cur["start"]
        adjacent = prev["inherited"] and len(gap.strip(' \u201c\u201d"')) <= 1
        if verb_between or adjacent:
            cur["speaker"] = dict(prev["speaker"])
            cur["inherited"] = True
    for prev, cur in reversed(list(itertools.pairwise(table))):
        if (
            prev["speaker"] is None
            and cur["speaker"] is not None
            and prev["running"]
            and not text[prev["end"] : cur["start"]].strip(' \n\u201c"')
        ):
            prev["speaker"] = dict(cur["speaker"])
            prev["inherited"] = True


def _quote_table(doc: Doc) -> list[Record]:
    """All quotes of ``doc`` with the index of their reporting verb (cached on the Doc)."""
    cached = doc.user_data.get(_QUOTES_KEY)
    if cached is not None:
        return cached
    info = _info(doc)
    starts, text = info.starts, info.text
    table: list[Record] = []
    if starts:
        for s, e, running in _quote_spans(text):
            verb = _speaker_verb(doc, starts, s, e)
            speaker = _speaker_of(doc, verb, (s, e)) if verb is not None else None
            table.append(
                {
                    "text": text[s:e],
                    "start": s,
                    "end": e,
                    "speaker": speaker,
                    "verb": verb.i if verb is not None else None,
                    "inherited": False,
                    "running": running,
                }
            )
        _inherit_speakers(doc, table)
    doc.user_data[_QUOTES_KEY] = table
    return table


def _public(q: Record) -> Record:
    sp = q["speaker"]
    return {"text": q["text"], "start": q["start"], "end": q["end"], "speaker": dict(sp) if sp else None}


def quotes(doc: Doc) -> list[Record]:
    """Verbatim quoted passages of the article.

    Args:
        doc: the parsed article (straight ``"`` and curly ``“ ”`` quotes are recognised; a
            quote may run across sentences and ends at the latest at a paragraph break).

    Returns:
        One ``{text, start, end, speaker}`` per quote in text order: ``text`` is the passage
        without the marks (a trailing comma dropped), ``start``/``end`` its offsets in
        ``doc.text``, ``speaker`` ``{text, start, end}`` of the subject of the adjacent
        reporting verb or ``None``.  Computed once per Doc (cached in ``doc.user_data``).
    """
    return [_public(q) for q in _quote_table(doc)]


def _containing_quote(doc: Doc, trigger: Token) -> Record | None:
    pos = trigger.idx
    for q in _quote_table(doc):
        if q["start"] <= pos < q["end"]:
            return q
    return None


def quote_for(doc: Doc, trigger: Token) -> Record | None:
    """The quote an event comes with.

    Args:
        doc: the parsed article.
        trigger: the event's trigger token.

    Returns:
        The quote containing the trigger, else the quote the trigger introduces when it
        is the reporting verb next to a quote ("“…,” she warned"), else ``None``.
    """
    q = _containing_quote(doc, trigger)
    if q is None:
        q = next((q for q in _quote_table(doc) if q["verb"] == trigger.i), None)
    return _public(q) if q is not None else None
