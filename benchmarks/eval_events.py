"""Event-coding accuracy on the development gold sets in ../shared/eval/.

1. CAMEO-manual sentences (``cameo_manual_pentaclass.tsv``): each sentence is coded as its
   own article; the prediction is the sentence's main event (see :func:`main_event`); no
   event is a miss. Prints coverage, accuracy (misses count as wrong), accuracy on covered
   sentences, macro-F1 over the five classes (misses count against recall) and the confusion
   matrix.
2. PLOVER gold records (``plover_gsr.json``): PLOVER type accuracy of the main event (old
   type names mapped as ../shared/README.md says).

Usage: python benchmarks/eval_events.py [--shared DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from newsevents import Coder
from newsevents.models import Event

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CLASSES = (0, 1, 2, 3, 4)


def main_event(events: list[Event]) -> Event | None:
    """The text's main event: the first event of its first sentence with events.

    The coder lists a sentence's events root-most trigger first (the trigger highest in the
    dependency tree; ties: the more specific code), so the first is the main clause's event.
    A speech verb whose reported clause holds an event has already been folded into that
    event; a statement that remains is the main event when its trigger is the root-most.
    """
    if not events:
        return None
    first = min(e.sentence_index for e in events)
    return next(e for e in events if e.sentence_index == first)


def _code_all(coder: Coder, texts: list[str]) -> list[list[Event]]:
    return [coded.events for coded in coder.pipe(texts)]


def eval_pentaclass(coder: Coder, shared: Path, show_errors: int = 0) -> dict[str, float]:
    rows = [line.rstrip("\n").split("\t") for line in (shared / "eval" / "cameo_manual_pentaclass.tsv")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    texts, gold = [r[0] for r in rows], [int(r[1]) for r in rows]
    preds: list[int | None] = []
    errors = []
    for text, g, events in zip(texts, gold, _code_all(coder, texts), strict=True):
        ev = main_event(events)
        p = ev.pentaclass if ev else None
        preds.append(p)
        if p != g:
            errors.append((g, p, ev.cameo if ev else None, text))
    n = len(gold)
    covered = [i for i, p in enumerate(preds) if p is not None]
    correct = sum(1 for g, p in zip(gold, preds, strict=True) if g == p)
    f1s = []
    for c in CLASSES:
        tp = sum(1 for g, p in zip(gold, preds, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, preds, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, preds, strict=True) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    confusion = Counter(zip(gold, preds, strict=True))
    print("confusion (rows gold 0-4, columns predicted 0-4 and none):", file=sys.stderr)
    for g in CLASSES:
        print(f"  {g}: " + " ".join(f"{confusion[(g, p)]:4d}" for p in (*CLASSES, None)), file=sys.stderr)
    for g, p, code, text in errors[:show_errors]:
        print(f"  gold {g} pred {p} ({code}): {text}", file=sys.stderr)
    return {
        "events_sentences": n,
        "events_coverage": len(covered) / n,
        "events_pentaclass_accuracy": correct / n,
        "events_pentaclass_accuracy_covered": (sum(1 for i in covered if preds[i] == gold[i]) / len(covered)
                                                if covered else 0.0),
        "events_pentaclass_macro_f1": sum(f1s) / len(f1s),
    }


def eval_plover(coder: Coder, shared: Path) -> dict[str, float]:
    records = [r for r in json.loads((shared / "eval" / "plover_gsr.json").read_text(encoding="utf-8"))
               if r.get("event") and r["event"] != "DOCUMENT" and r.get("text")]
    texts = [r["text"] for r in records]
    correct = covered = 0
    for rec, events in zip(records, _code_all(coder, texts), strict=True):
        gold = OLD_PLOVER.get(rec["event"], rec["event"])
        ev = main_event([e for e in events if e.plover.get("type")]) or main_event(events)
        if ev is not None:
            covered += 1
            correct += ev.plover.get("type") == gold
    n = len(records)
    return {"plover_records": n, "plover_coverage": covered / n, "plover_type_accuracy": correct / n}


def evaluate(shared: Path = SHARED, show_errors: int = 0) -> dict[str, float]:
    coder = Coder()
    return {**eval_pentaclass(coder, shared, show_errors), **eval_plover(coder, shared)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder (default: beside the repo)")
    ap.add_argument("--errors", type=int, default=0, help="print the first N misclassified sentences")
    args = ap.parse_args()
    if not (args.shared / "eval").is_dir():
        print(f"skipped: {args.shared}/eval not found (the dev gold sets live in ../shared/)")
        return 0
    for key, value in evaluate(args.shared, args.errors).items():
        print(f"{key} {value:.3f}" if isinstance(value, float) else f"{key} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
