"""Throughput and memory of the whole pipeline against bare spaCy parsing, in one invocation.

Runs, over the same texts with the same model, batch size and ``n_process``:
  (a) bare spaCy ``nlp.pipe`` (the parser's speed limit),
  (b) the full newsevents job without storage (``Coder.run``: read the JSONL, code),
  (c) the same with DuckDB storage (a fresh temporary database, batched writes),
each in a fresh subprocess so peak memory is measured per run, and prints words/s,
articles/s, events/s, memory and the ratios b/a and c/a. Memory: ``peak_rss_sum_mb`` adds the
main process's peak RSS to n times the largest worker's (an upper bound that counts the
model pages the forked workers share once per process); ``peak_pss_mb`` is the sampled peak
of the whole process tree's proportional set size (shared pages counted once: the memory the
run really holds). Also times
``newsevents --help`` and the model load.

Corpus: ../shared/corpora/voa_stories.jsonl repeated to at least --articles articles
(the bundled examples when ../shared is absent).

Usage: python benchmarks/throughput.py [--articles 200] [--n-process 1 2] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus(n: int) -> list[dict]:
    voa = SHARED / "corpora" / "voa_stories.jsonl"
    if voa.exists():
        base = [json.loads(line) for line in voa.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        from newsevents.ingest import read_inputs

        base = [{"id": a.id, "text": a.text, "published": a.published}
                for a in read_inputs([ROOT / "examples" / "articles"]) if hasattr(a, "text")]
    out = []
    while len(out) < n:
        for rec in base:
            out.append({"id": f"{rec['id']}-{len(out)}", "text": rec["text"], "published": rec.get("published")})
            if len(out) >= n:
                break
    return out


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and its direct children (Linux /proc), in MB:
    shared pages (the forked workers share the model) are counted once in total."""
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            pids.append(int(stat.parent.name))
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class _PeakSampler(threading.Thread):
    """Samples the process tree's PSS every 0.2 s and keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        if not Path("/proc/self/smaps_rollup").exists():
            return
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, _tree_pss_mb(os.getpid()))


def _worker(mode: str, path: str, n_process: int, batch_size: int) -> None:
    """Run one measurement in this (fresh) process and print a JSON result line."""
    from newsevents.ingest import normalize_text
    from newsevents.models import Article

    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    articles = [Article(id=r["id"], text=normalize_text(r["text"]), published=(r.get("published") or "")[:10] or None)
                for r in records]
    words = sum(len(a.text.split()) for a in articles)
    sampler = _PeakSampler()
    sampler.start()
    t_load = time.perf_counter()
    n_events = 0
    if mode == "spacy":
        from newsevents.nlp import load_nlp

        nlp = load_nlp()
        load_s = time.perf_counter() - t_load
        t0 = time.perf_counter()
        for _ in nlp.pipe((a.text for a in articles), n_process=n_process, batch_size=batch_size):
            pass
    else:
        from newsevents.coder import Coder

        coder = Coder()
        load_s = time.perf_counter() - t_load
        store = None
        if mode == "store":
            from newsevents.store import Store

            store = Store(Path(tempfile.mkdtemp()) / "bench.duckdb")
        t0 = time.perf_counter()
        # the product's own path: read the JSONL, skip nothing, code, write in batches
        stats = coder.run([path], store=store, n_process=n_process)
        n_events = stats.events
        if store is not None:
            store.close()
    secs = time.perf_counter() - t0
    sampler.stop.set()
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "seconds": secs, "articles": len(articles), "words": words,
                      "events": n_events, "load_s": load_s, "peak_rss_mb": peak_self,
                      "peak_rss_children_mb": peak_children, "peak_pss_tree_mb": sampler.peak}))


def run(mode: str, path: str, n_process: int, batch_size: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", mode, path, str(n_process), str(batch_size)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsevents.cli", "--help"], capture_output=True, check=True)
    print(f"cli_help_s {time.perf_counter() - t0:.2f}")

    texts = corpus(args.articles)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for rec in texts:
            fh.write(json.dumps(rec) + "\n")
        path = fh.name
    try:
        for n in args.n_process:
            res = {mode: run(mode, path, n, args.batch_size) for mode in ("spacy", "pipeline", "store")}
            for mode, r in res.items():
                rss = r["peak_rss_mb"] + (n * r["peak_rss_children_mb"] if n > 1 else 0)  # upper bound: main + n workers
                print(f"n_process={n} {mode:8s} words/s {r['words'] / r['seconds']:9.0f}  "
                      f"articles/s {r['articles'] / r['seconds']:6.2f}  events/s {r['events'] / r['seconds']:7.1f}  "
                      f"peak_rss_sum_mb {rss:6.0f}  peak_pss_mb {r['peak_pss_tree_mb']:6.0f}  load_s {r['load_s']:.2f}")
            a = res["spacy"]["seconds"]
            print(f"n_process={n} ratio_b_over_a {a / res['pipeline']['seconds']:.3f}")
            print(f"n_process={n} ratio_c_over_a {a / res['store']['seconds']:.3f}")
    finally:
        os.unlink(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
