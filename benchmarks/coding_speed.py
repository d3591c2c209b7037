"""Speed of the coding stage alone, on Docs that are already parsed, on one core.

Parses ../shared/corpora/voa_stories.jsonl (the bundled examples when ../shared is absent)
once with the Coder's pipeline minus its last component (the coding component), then times

  (a) ``EventMatcher.sentence_events`` over every sentence, with the actor mentions already
      resolved (the event coder alone);
  (b) ``coder.component.code_doc(doc)``: actors + places + events + dates + factuality
      (the whole coding stage).

Each is run ``--repeat`` times and the best run is reported, one ``name value`` line per
metric (sentences/s); every run of (b) starts from Docs without cached results, as each
article is coded once in a real run. ``--profile N`` also prints the N most expensive
functions of (b) under cProfile (cumulative time), to find hot spots.

Usage: python benchmarks/coding_speed.py [--repeat 3] [--profile 25] [--articles N]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def texts(limit: int = 0) -> list[tuple[str, str | None]]:
    """(text, published) of the corpus articles, normalised as ingest does."""
    from newsevents.ingest import normalize_text, read_inputs

    voa = SHARED / "corpora" / "voa_stories.jsonl"
    if voa.exists():
        recs = [json.loads(line) for line in voa.read_text(encoding="utf-8").splitlines() if line.strip()]
        out = [(normalize_text(r["text"]), (r.get("published") or "")[:10] or None) for r in recs]
    else:
        out = [(a.text, a.published) for a in read_inputs([ROOT / "examples" / "articles"]) if hasattr(a, "text")]
    return out[:limit] if limit else out


def parse_all(coder, items: list[tuple[str, str | None]]) -> list:
    """Docs parsed by every pipeline component except the coding component."""
    docs = []
    for text, published in items:
        doc = coder.nlp.make_doc(text)
        doc.user_data["article"] = {"id": None, "published": published, "dateline": None}
        for _, proc in coder.nlp.pipeline:
            if proc is not coder.component:
                doc = proc(doc)
        docs.append(doc)
    return docs


def _best(fn, repeat: int, setup=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    ap.add_argument("--profile", type=int, default=0, help="print the N top functions of the coding stage")
    ap.add_argument("--articles", type=int, default=0, help="use only the first N articles")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    from newsevents import Coder

    coder = Coder()
    items = texts(args.articles)
    t0 = time.perf_counter()
    docs = parse_all(coder, items)
    parse_s = time.perf_counter() - t0
    sents = [(doc, s) for doc in docs for s in doc.sents]
    n = len(sents)
    comp = coder.component
    for doc in docs:  # mentions resolved once, as the coding component does first
        comp.resolver(doc, published=doc.user_data["article"]["published"])
    matcher = comp.matcher

    def run_events() -> None:
        for doc, sent in sents:
            matcher.sentence_events(doc, sent)

    def reset() -> None:
        # each article is coded once in a real run: drop what an earlier run cached on the
        # Doc, and the per-Doc caches the stages keep for the latest Doc
        from newsevents import actors, factuality

        for doc in docs:
            for key in [k for k in doc.user_data if k != "article"]:
                del doc.user_data[key]
        factuality._info.clear()
        actors._doc_tokens.clear()
        matcher._last = None

    def run_stage() -> None:
        for doc in docs:
            comp.code_doc(doc)

    events_s = _best(run_events, args.repeat)
    stage_s = _best(run_stage, args.repeat, setup=reset)
    print(f"articles {len(docs)}")
    print(f"sentences {n}")
    print(f"parse_sentences_per_s {n / parse_s:.0f}")
    print(f"events_sentences_per_s {n / events_s:.0f}")
    print(f"coding_stage_sentences_per_s {n / stage_s:.0f}")
    if args.profile:
        reset()
        prof = cProfile.Profile()
        prof.enable()
        run_stage()
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(args.profile)
        print(buf.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
