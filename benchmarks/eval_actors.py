"""Evaluate actor coding: source/target precision, recall, F1 and country/sector accuracy.

Gold sets (development only, read from ``../shared/eval``):

- ``cameo_manual_spans.conll``: tokens tagged ``B-/I-S`` (source), ``B-/I-T`` (target),
  ``B-/I-R`` (reciprocal: both source and target);
- ``plover_gsr.json``: records with ``text`` and ``source``/``target`` lists of
  ``{actorText, code (ISO3), sector}`` (the ``DOCUMENT`` record is skipped); texts are
  normalised as the coder normalises them (a few have leading spaces or double spaces) so
  that character offsets agree.  A handful of gold codes are not country codes at all
  (``JAP``, ``ITL``, ``VTN``: neither ISO3 nor CAMEO, which use ``JPN``, ``ITA``, ``VNM``);
  country accuracy reads them as the country they plainly mean (``GOLD_CODE_TYPOS``), and a
  second line, ``..._country_accuracy_as_written``, scores them as written (as misses).

A predicted actor matches a gold span when they share a token (their character ranges
overlap).  Reciprocal (``R``) gold spans count as both sources and targets; since one
directed event A->B names both parties, an R span is recalled by a predicted actor on either
side (otherwise every correct directed event would lose half its recall).  A coreference
mention ("he") also matches through the mention it was resolved to (``Actor.refers_to``).  Precision counts predicted actors that match a gold span, recall counts gold
spans matched by a predicted actor.  Country accuracy compares, on matched pairs, the gold
code with the predicted country (or the first three letters of the code for IGO/NGO/IMG
actors); sector accuracy compares the gold sector's first three letters with the predicted
sectors (gold sectors that are empty or "***" are skipped).

Which events are scored (``--score``, both printed by default): the gold sets annotate one
event per sentence, so the default and headline numbers (``actors_*``) score the sentence's
*main event*, chosen exactly as ``benchmarks/eval_events.py`` chooses it (its
:func:`main_event`, imported from the file), together with the other events coded from the
same trigger word (a compound actor, "X and Y met", gives one event per actor).  This is the
fairer reading: the coder is asked the same question as the annotator ("who did the sentence's
event to whom?"), and actors of other, legitimately coded events in the sentence (a statement
verb, a second clause) are not counted as false positives.  The ``union`` lines
(``actors_union_*``) score every actor of every event of the sentence: an upper bound on
recall that charges every extra event's actors to precision.

Predictors (``--predictor``):

- ``coder`` (default when ``newsevents.coder`` imports): ``Coder().pipe(texts)``, the
  events' source and target actors;
- ``deps`` (interim, documented): the sentence's root verb (for a speech verb after its
  reported clause, that clause's verb: "X did Y, officials said"); source = the actors of its
  ``nsubj`` (or of the passive ``by`` agent), target = the actors of its ``dobj``/``dative``
  or of the object of ``with/to/against/on/at``; when the root has none, its ``xcomp``/
  ``ccomp`` clause's object, else that clause's subject ("said NATO would ..."). Actors come
  from :func:`newsevents.actors.mentions_for`.

The naive baseline ("the sentence's first token is the source", and the target) is
printed in the same run.  Output: one ``name value`` line per metric.

``--errors N`` prints, per set, the first N sentences whose predicted sources or targets
differ from the gold (gold spans, predicted spans with codes).

Usage: ``python benchmarks/eval_actors.py [--predictor coder|deps] [--score main|union|both]
[--actors FILE ...] [--limit N] [--errors N]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CONLL = SHARED / "eval" / "cameo_manual_spans.conll"
GSR = SHARED / "eval" / "plover_gsr.json"
# gold codes that are typos of a country code (neither ISO3 nor CAMEO) -> the code meant
GOLD_CODE_TYPOS = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
SPEECH_VERBS = {"say", "announce", "confirm", "report", "tell", "state", "add", "claim", "moan", "declare"}
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "into", "upon"}


@dataclass(slots=True)
class GoldActor:
    start: int
    end: int
    code: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Case:
    text: str
    sources: list[GoldActor]
    targets: list[GoldActor]
    reciprocal: list[GoldActor] = field(default_factory=list)  # R spans (also in sources and targets)


@dataclass(slots=True)
class Pred:
    start: int
    end: int
    country: str | None
    sectors: list[str]
    code: str | None = None
    refers_to: tuple[int, int] | None = None  # antecedent span of a coreference mention ("he")


# (sources, targets) of the main event and of all events of one sentence.
Sides = tuple[list[Pred], list[Pred]]


@dataclass(slots=True)
class Prediction:
    main: Sides
    union: Sides


# ------------------------------------------------------------------------- gold sets


def read_conll(path: Path) -> list[Case]:
    """Sentences of the span file, text joined with single spaces."""
    cases: list[Case] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        rows = [ln.rsplit(" ", 1) for ln in block.splitlines() if ln.strip()]
        if not rows:
            continue
        text, offsets = "", []
        for tok, _ in rows:
            if text:
                text += " "
            offsets.append((len(text), len(text) + len(tok)))
            text += tok
        spans: dict[str, list[GoldActor]] = {"S": [], "T": [], "R": []}
        cur: tuple[str, GoldActor] | None = None
        for (_, tag), (s, e) in zip(rows, offsets, strict=True):
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[0] != tag[2:])):
                cur = (tag[2:], GoldActor(s, e))
                spans.setdefault(tag[2:], []).append(cur[1])
            elif tag.startswith("I-") and cur is not None:
                cur[1].end = e
            else:
                cur = None
        cases.append(Case(text, spans["S"] + spans["R"], spans["T"] + spans["R"], spans["R"]))
    return cases


def _normalize(text: str) -> str:
    """The coder's text normalisation (``ingest.normalize_text``), else stripped whitespace."""
    try:
        from newsevents.ingest import normalize_text
    except ImportError:
        return " ".join(text.split())
    return normalize_text(text)


def read_gsr(path: Path) -> list[Case]:
    """PLOVER gold records (actor text located by its first occurrence in the text)."""
    cases: list[Case] = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        text = _normalize(rec["text"])  # the coder's offsets refer to the normalised text
        sides: list[list[GoldActor]] = []
        for key in ("source", "target"):
            out = []
            for a in rec.get(key) or []:
                if not isinstance(a, dict) or not a.get("actorText"):
                    continue
                at = text.find(_normalize(a["actorText"]))
                if at >= 0:
                    out.append(GoldActor(at, at + len(_normalize(a["actorText"])), a.get("code"), a.get("sector")))
            sides.append(out)
        cases.append(Case(text, sides[0], sides[1]))
    return cases


# ------------------------------------------------------------------------ predictors


def _actor_pred(actor) -> Pred:
    """Country of a prediction: its country, else the IGO/NGO/IMG prefix of its code."""
    country = actor.country
    if not country and actor.code and actor.code[:3] in {"IGO", "NGO", "IMG"}:
        country = actor.code[:3]
    ref = actor.refers_to
    return Pred(actor.start, actor.end, country, list(actor.sectors or []), actor.code,
                (ref["start"], ref["end"]) if ref else None)


def _load_main_event() -> Callable:
    """``main_event`` of benchmarks/eval_events.py (loaded from its file path)."""
    path = Path(__file__).resolve().parent / "eval_events.py"
    spec = importlib.util.spec_from_file_location("eval_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main_event


def _sides(events) -> Sides:
    srcs: list[Pred] = []
    tgts: list[Pred] = []
    for ev in events:
        for actor, out in ((ev.source, srcs), (ev.target, tgts)):
            if actor is not None and all((p.start, p.end) != (actor.start, actor.end) for p in out):
                out.append(_actor_pred(actor))
    return srcs, tgts


def coder_predictor(actors: list[str]) -> Callable[[list[str]], list[Prediction]]:
    from newsevents import Coder

    coder = Coder(actors=actors)
    main_event = _load_main_event()

    def predict(texts: list[str]) -> list[Prediction]:
        out = []
        for _, events, *_ in coder.pipe(texts):
            main = main_event(events)
            group = [e for e in events if main is not None and e.action["start"] == main.action["start"]
                     and e.cameo == main.cameo]
            out.append(Prediction(_sides(group), _sides(events)))
        return out

    return predict


def deps_predictor(actors: list[str]) -> Callable[[str], tuple[list[Pred], list[Pred]]]:
    from newsevents.actors import ActorResolver, mentions_for
    from newsevents.nlp import load_nlp

    nlp, resolver = load_nlp(), ActorResolver(actors)

    def to_preds(doc, mentions) -> list[Pred]:
        out = []
        for m in mentions:
            a = m.to_actor(doc)
            out.append(_actor_pred(a))
        return out

    def targets_of(doc, verb) -> list:
        for child in verb.children:
            if child.dep_ in {"dobj", "dative", "obj", "attr"}:
                found = mentions_for(doc, child)
                if found:
                    return found
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and (found := mentions_for(doc, obj)):
                        return found
        return []

    def predict_one(text: str) -> tuple[list[Pred], list[Pred]]:
        doc = nlp(text)
        resolver(doc)
        srcs, tgts = [], []
        for sent in doc.sents:
            root = sent.root
            if root.lemma_.lower() in SPEECH_VERBS:  # "X did Y, officials said": code the report
                report = next((c for c in root.children if c.dep_ == "ccomp"), None)
                subj = [c for c in report.children if c.dep_.startswith("nsubj")] if report is not None else []
                # "X did Y, officials said" codes the report; "X said he/Z would ..." keeps the speaker
                if subj and subj[0].pos_ != "PRON" and report.i < root.i:
                    root = report
            src: list = []
            for child in root.children:
                if child.dep_ in {"nsubj", "csubj"}:
                    src = mentions_for(doc, child)
                elif child.dep_ == "agent":
                    src = [m for obj in child.children for m in mentions_for(doc, obj)]
            tgt = targets_of(doc, root)
            if not tgt:
                for comp in root.children:
                    if comp.dep_ in {"xcomp", "ccomp"}:
                        tgt = targets_of(doc, comp)
                        if not tgt:
                            tgt = [m for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}
                                   for m in mentions_for(doc, c)]
                        if tgt:
                            break
            if not tgt:  # the first actor after the verb inside its clause ("aid for Romania")
                skip = {t.i for c in root.children if c.dep_ in {"nsubj", "csubj"} for t in c.subtree}
                for t in root.subtree:
                    if t.i > root.i and t.i not in skip and t.dep_ in {"pobj", "dobj", "nsubj", "appos"}:
                        found = [m for m in mentions_for(doc, t) if m not in src]
                        if found:
                            tgt = found
                            break
            if not tgt and len(src) > 1:  # "X and Y agreed": reciprocal, each is the other's target
                tgt = list(src)
            if root.dep_ == "ROOT" and any(c.dep_ == "nsubjpass" for c in root.children) and not src:
                tgt = tgt or [m for c in root.children if c.dep_ == "nsubjpass" for m in mentions_for(doc, c)]
            srcs += to_preds(doc, src)
            tgts += to_preds(doc, tgt)
        return srcs, tgts

    def predict(texts: list[str]) -> list[Prediction]:
        return [Prediction(sides, sides) for sides in map(predict_one, texts)]

    return predict


def baseline_predictor(texts: list[str]) -> list[Prediction]:
    """The naive baseline: the first token is the source (and the target)."""
    out = []
    for text in texts:
        end = text.find(" ")
        first = Pred(0, end if end > 0 else len(text), None, [])
        out.append(Prediction(([first], [first]), ([first], [first])))
    return out


# ------------------------------------------------------------------------- metrics


def _overlap(p: Pred, g: GoldActor) -> bool:
    if p.refers_to is not None and p.refers_to[0] < g.end and g.start < p.refers_to[1]:
        return True  # "he" resolved to "U.S. President George W. Bush": the gold span names the same actor
    return p.start < g.end and g.start < p.end


class Score:
    """Precision/recall counts plus country and sector agreement on matched pairs."""

    def __init__(self) -> None:
        self.pred = self.pred_ok = self.gold = self.gold_ok = 0
        self.country = self.country_ok = self.country_written = self.sector = self.sector_ok = 0

    def add(self, preds: list[Pred], golds: list[GoldActor], reciprocal: list[GoldActor] = (),
            other_side: list[Pred] = ()) -> None:
        """Count one sentence. A reciprocal gold span (both parties act on each other) is
        recalled by a predicted actor on either side (A->B names both parties)."""
        self.pred += len(preds)
        self.gold += len(golds)
        self.pred_ok += sum(1 for p in preds if any(_overlap(p, g) for g in golds))
        for g in golds:
            match = next((p for p in preds if _overlap(p, g)), None)
            if match is None and any(g is r for r in reciprocal):
                match = next((p for p in other_side if _overlap(p, g)), None)
            if match is None:
                continue
            self.gold_ok += 1
            if g.code:
                self.country += 1
                self.country_ok += (match.country or "") == GOLD_CODE_TYPOS.get(g.code, g.code)
                self.country_written += (match.country or "") == g.code
            if g.sector and g.sector != "***":
                self.sector += 1
                self.sector_ok += g.sector[:3].upper() in match.sectors

    def lines(self, prefix: str) -> list[str]:
        p = self.pred_ok / self.pred if self.pred else 0.0
        r = self.gold_ok / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out = [f"{prefix}_precision {p:.3f}", f"{prefix}_recall {r:.3f}", f"{prefix}_f1 {f:.3f}"]
        if self.country:
            out.append(f"{prefix}_country_accuracy {self.country_ok / self.country:.3f}")
            out.append(f"{prefix}_country_accuracy_as_written {self.country_written / self.country:.3f}")
        if self.sector:
            out.append(f"{prefix}_sector_accuracy {self.sector_ok / self.sector:.3f}")
        return out


def _show(text: str, items) -> str:
    parts = []
    for it in items:
        label = text[it.start:it.end]
        code = getattr(it, "code", None)
        parts.append(f"{label}={code}" if code else label)
    return "[" + "; ".join(parts) + "]"


def _wrong(preds: list[Pred], golds: list[GoldActor]) -> bool:
    return (any(not any(_overlap(p, g) for g in golds) for p in preds)
            or any(not any(_overlap(p, g) for p in preds) for g in golds)
            or any(g.code and (p.country or "") != g.code for g in golds for p in preds if _overlap(p, g)))


def evaluate(name: str, cases: list[Case], predictions: list[Prediction], mode: str,
             errors: int = 0) -> list[str]:
    """Metric lines for one set and one scoring mode (``main`` or ``union``)."""
    src, tgt = Score(), Score()
    shown = 0
    for case, pred in zip(cases, predictions, strict=True):
        ps, pt = pred.main if mode == "main" else pred.union
        src.add(ps, case.sources, case.reciprocal, pt)
        tgt.add(pt, case.targets, case.reciprocal, ps)
        if shown < errors and (_wrong(ps, case.sources) or _wrong(pt, case.targets)):
            shown += 1
            print(f"  {name} | {case.text}\n    gold S{_show(case.text, case.sources)} "
                  f"T{_show(case.text, case.targets)}\n    pred S{_show(case.text, ps)} T{_show(case.text, pt)}",
                  file=sys.stderr)
    return src.lines(f"{name}_source") + tgt.lines(f"{name}_target")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    has_coder = importlib.util.find_spec("newsevents.coder") is not None
    ap.add_argument("--predictor", choices=["coder", "deps"], default=None,
                    help="default: coder when newsevents.coder imports and builds, else deps")
    ap.add_argument("--score", choices=["main", "union", "both"], default="both",
                    help="score the main event's actors, every event's actors, or both (default)")
    ap.add_argument("--actors", nargs="*", default=[], help="user actor dictionaries (CSV/YAML/PETRARCH)")
    ap.add_argument("--limit", type=int, default=0, help="evaluate only the first N cases per set")
    ap.add_argument("--errors", type=int, default=0, help="print the first N mismatched sentences per set")
    args = ap.parse_args(argv)
    if not CONLL.is_file() or not GSR.is_file():
        print(f"skip: gold sets not found under {SHARED / 'eval'}", file=sys.stderr)
        return 0
    name = args.predictor or ("coder" if has_coder else "deps")
    try:
        predict = (coder_predictor if name == "coder" else deps_predictor)(args.actors)
    except Exception as exc:  # the coder is built by another stage; fall back while it is not ready
        if args.predictor:
            raise
        print(f"note: coder unavailable ({type(exc).__name__}: {exc}); using --predictor deps", file=sys.stderr)
        name, predict = "deps", deps_predictor(args.actors)
    print(f"predictor {name}")
    modes = ["main", "union"] if args.score == "both" else [args.score]
    for set_name, cases in (("conll", read_conll(CONLL)), ("gsr", read_gsr(GSR))):
        if args.limit:
            cases = cases[:args.limit]
        t0 = time.perf_counter()
        predictions = predict([c.text for c in cases])
        seconds = time.perf_counter() - t0
        for mode in modes:
            prefix = "actors" if mode == "main" else "actors_union"
            for line in evaluate(f"{prefix}_{set_name}", cases, predictions, mode,
                                 args.errors if mode == modes[0] else 0):
                print(line)
        print(f"actors_{set_name}_seconds {seconds:.1f}")
        for line in evaluate(f"baseline_{set_name}", cases, baseline_predictor([c.text for c in cases]), "main"):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
