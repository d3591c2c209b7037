"""Tests for newsevents.store: writes, transactions, filters, locking and crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from newsevents.errors import StoreError, StoreLocked
from newsevents.models import Actor, Article, Event, Location, stable_id
from newsevents.store import EVENT_COLUMNS, Store, flatten_event

SRC = Path(__file__).resolve().parents[1] / "src"

ACTORS = {
    "USAGOV": Actor("the US government", 0, 17, "USAGOV", "USA", ["GOV"], "United States"),
    "USA": Actor("Washington", 0, 10, "USA", "USA", [], "United States"),
    "CHNGOV": Actor("Beijing", 0, 7, "CHNGOV", "CHN", ["GOV"], "China"),
    "CHNMIL": Actor("the Chinese navy", 0, 16, "CHNMIL", "CHN", ["MIL"], "China"),
    "RUS": Actor("Russia", 0, 6, "RUS", "RUS", [], "Russia"),
    "IGOUNO": Actor("the UN", 0, 6, "IGOUNO", None, ["IGO"], "United Nations"),
}


def make_event(
    article_id: str,
    index: int,
    source: str | None,
    target: str | None,
    cameo: str,
    date: str | None,
    goldstein: float = 1.0,
) -> Event:
    """A hand-built event; actors are looked up in ACTORS by code."""
    return Event(
        event_id=stable_id(article_id, str(index), cameo),
        article_id=article_id,
        sentence_index=index,
        sentence=f"Sentence number {index} of {article_id}.",
        sentence_start=index * 40,
        sentence_end=index * 40 + 30,
        source=ACTORS[source] if source else None,
        target=ACTORS[target] if target else None,
        action={"text": "met", "start": 5, "end": 8},
        cameo=cameo,
        cameo_root=cameo[:2],
        cameo_name=None,
        quad_class=1,
        pentaclass=1,
        goldstein=goldstein,
        plover={"type": "CONSULT", "mode": "visit"},
        date=date,
        date_precision="day" if date else None,
        date_source="published" if date else None,
        location=Location("Geneva", "CHE", 46.2, 6.14, 2660646, "city", "GE", "Geneva", 20, 26),
        factuality="asserted",
        attributed_to={"text": "officials", "start": 30, "end": 39, "anonymous": True},
        confidence=0.8,
        is_root_event=index == 0,
    )


def make_article(article_id: str, text: str = "Some text about diplomacy.") -> Article:
    return Article(
        id=article_id,
        text=text,
        title=f"Title {article_id}",
        published="2024-03-01",
        url=f"https://news.example/{article_id}",
        source="test",
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "events.duckdb") as s:
        yield s


# Labelled events for the filter tests: label -> (source, target, cameo, date)
FILTER_EVENTS = {
    "us_cn_consult": ("USAGOV", "CHNGOV", "040", "2024-01-10"),
    "cn_us_threat": ("CHNMIL", "USA", "138", "2024-02-15"),
    "us_ru_fight": ("USA", "RUS", "190", "2024-03-20"),
    "ru_un_appeal": ("RUS", "IGOUNO", "020", "2024-03-31"),
    "un_cn_assault": ("IGOUNO", "CHNMIL", "193", "2024-04-01"),
    "undated_cn": ("CHNGOV", None, "0233", None),
}


@pytest.fixture
def filled(store: Store) -> Store:
    by_article: dict[str, list[Event]] = {}
    for i, (label, (src, tgt, cameo, date)) in enumerate(FILTER_EVENTS.items()):
        art = f"a{i % 3}"
        ev = make_event(art, i, src, tgt, cameo, date, goldstein=2.0 - i)
        ev.rule = label  # the label travels in the record
        by_article.setdefault(art, []).append(ev)
    for art, events in by_article.items():
        store.write_article(make_article(art, f"text of {art}"), events)
    return store


def labels(records: list[dict]) -> set[str]:
    return {r["rule"] for r in records}


def test_store_write_statuses_added_unchanged_replaced(store: Store) -> None:
    art = make_article("x1", "Original text.")
    events = [
        make_event("x1", 0, "USAGOV", "CHNGOV", "040", "2024-01-01"),
        make_event("x1", 1, "CHNGOV", "USAGOV", "042", "2024-01-02"),
    ]
    assert not store.has_article("x1", art.text_hash)
    assert store.write_article(art, events) == "added"
    assert store.has_article("x1", art.text_hash)
    assert store.write_article(art, events) == "unchanged"
    changed = make_article("x1", "Corrected text.")
    assert not store.has_article("x1", changed.text_hash)
    new_events = [make_event("x1", 3, "RUS", "USA", "111", "2024-01-05")]
    assert store.write_article(changed, new_events) == "replaced"
    assert store.events(article_id="x1") == [e.to_dict() for e in new_events]
    n_events, text_hash = store.con.execute(
        "SELECT n_events, text_hash FROM articles WHERE article_id = 'x1'"
    ).fetchone()
    assert (n_events, text_hash) == (1, changed.text_hash)


def test_store_records_roundtrip_exactly(store: Store) -> None:
    events = [
        make_event("r1", i, "USAGOV", "CHNMIL", code, f"2024-05-0{i + 1}")
        for i, code in enumerate(["0233", "190", "057"])
    ]
    events[1].location = None
    events[2].quote = {"text": "We will respond", "start": 3, "end": 18, "speaker": {"text": "Beijing", "start": 0, "end": 7}}
    store.write_article(make_article("r1"), events)
    assert store.events(article_id="r1") == [e.to_dict() for e in events]
    cameo = [r[0] for r in store.con.execute("SELECT cameo FROM events ORDER BY sentence_index").fetchall()]
    assert cameo == ["0233", "190", "057"]  # leading zeros kept


def test_store_flatten_has_every_column() -> None:
    flat = flatten_event(make_event("f1", 0, "USAGOV", None, "040", "2024-02").to_dict())
    assert list(flat) == [name for name, _ in EVENT_COLUMNS]
    assert str(flat["event_date"]) == "2024-02-01"
    assert flat["source_sectors"] == "GOV" and flat["target_code"] is None


def test_store_failed_write_rolls_back_new_article(store: Store) -> None:
    ev = make_event("bad", 0, "USA", "RUS", "190", "2024-01-01")
    with pytest.raises(StoreError, match="bad"):
        store.write_article(make_article("bad"), [ev, ev])  # duplicate event id: insert fails
    assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_store_failed_replace_keeps_old_version(store: Store) -> None:
    old = make_article("k1", "old text")
    old_events = [make_event("k1", 0, "USA", "RUS", "190", "2024-01-01")]
    store.write_article(old, old_events)
    ev = make_event("k1", 5, "CHNGOV", "USA", "040", "2024-01-02")
    with pytest.raises(StoreError):
        store.write_article(make_article("k1", "new text"), [ev, ev])
    assert store.has_article("k1", old.text_hash)
    assert store.events(article_id="k1") == [e.to_dict() for e in old_events]


def test_store_rejects_event_of_other_article(store: Store) -> None:
    with pytest.raises(StoreError, match="belongs to article other"):
        store.write_article(make_article("mine"), [make_event("other", 0, "USA", "RUS", "190", None)])
    assert store.stats()["articles"] == 0


def test_store_write_many_keeps_good_articles_when_one_fails(store: Store) -> None:
    good1 = (make_article("g1"), [make_event("g1", 0, "USA", "RUS", "190", "2024-01-01")])
    bad_ev = make_event("b1", 0, "USA", "RUS", "190", "2024-01-01")
    bad = (make_article("b1"), [bad_ev, bad_ev])
    good2 = (make_article("g2"), [make_event("g2", 0, "RUS", "USA", "111", "2024-01-02")])
    assert store.write_many([good1, good2]) == ["added", "added"]
    with pytest.raises(StoreError, match="b1"):
        store.write_many([(make_article("g3"), []), bad])
    ids = {r[0] for r in store.con.execute("SELECT article_id FROM articles").fetchall()}
    assert ids == {"g1", "g2", "g3"}


def test_store_write_many_same_article_twice(store: Store) -> None:
    a, b = make_article("d1", "first"), make_article("d1", "second")
    ev_b = make_event("d1", 1, "USA", "RUS", "190", None)
    assert store.write_many([(a, [make_event("d1", 0, "USA", "RUS", "190", None)]), (b, [ev_b])]) == [
        "added",
        "replaced",
    ]
    assert store.has_article("d1", b.text_hash)
    assert store.events(article_id="d1") == [ev_b.to_dict()]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, set(FILTER_EVENTS)),
        ({"actor": "USA"}, {"us_cn_consult", "cn_us_threat", "us_ru_fight"}),
        ({"actor": "usagov"}, {"us_cn_consult"}),
        ({"actor": "CHN"}, {"us_cn_consult", "cn_us_threat", "un_cn_assault", "undated_cn"}),
        ({"actor": "IGO"}, {"ru_un_appeal", "un_cn_assault"}),
        ({"dyad": "USA:CHN"}, {"us_cn_consult"}),
        ({"dyad": "CHN:USA"}, {"cn_us_threat"}),
        ({"dyad": "CHN:*"}, {"cn_us_threat", "undated_cn"}),
        ({"dyad": ":CHNMIL"}, {"un_cn_assault"}),
        ({"code": "19"}, {"us_ru_fight", "un_cn_assault"}),
        ({"code": "02"}, {"ru_un_appeal", "undated_cn"}),
        ({"code": "0233"}, {"undated_cn"}),
        ({"since": "2024-03-20"}, {"us_ru_fight", "ru_un_appeal", "un_cn_assault"}),
        ({"until": "2024-02-15"}, {"us_cn_consult", "cn_us_threat"}),
        ({"since": "2024-02-01", "until": "2024-03-31"}, {"cn_us_threat", "us_ru_fight", "ru_un_appeal"}),
        ({"actor": "RUS", "code": "19"}, {"us_ru_fight"}),
        ({"article_id": "a1"}, {"cn_us_threat", "un_cn_assault"}),
    ],
)
def test_store_event_filters(filled: Store, filters: dict, expected: set[str]) -> None:
    assert labels(filled.events(**filters)) == expected
    assert labels(list(filled.iter_events(batch_size=2, **filters))) == expected


def test_store_events_ordered_and_limited(filled: Store) -> None:
    records = filled.events()
    dates = [r["date"] for r in records]
    assert dates == sorted(dates, key=lambda d: (d is None, d or ""))
    assert filled.events(limit=2) == records[:2]
    assert list(filled.iter_events(limit=3, batch_size=1)) == records[:3]


@pytest.mark.parametrize(("filters", "message"), [({"since": "March"}, "since"), ({"dyad": "USA"}, "dyad")])
def test_store_bad_filter_raises(filled: Store, filters: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        filled.events(**filters)


def test_store_stats_and_queries(filled: Store) -> None:
    stats = filled.stats()
    assert stats["articles"] == 3 and stats["events"] == len(FILTER_EVENTS)
    assert stats["by_root"]["19"] == 2 and sum(stats["by_root"].values()) == len(FILTER_EVENTS)
    assert (stats["first_event_date"], stats["last_event_date"]) == ("2024-01-10", "2024-04-01")
    series = filled.goldstein_series("CHN:USA", freq="month")
    assert series == [{"period": "2024-02-01", "events": 1, "goldstein_mean": 1.0, "goldstein_sum": 1.0}]
    quarterly = filled.goldstein_series("*:*", freq="quarter")
    assert [q["period"] for q in quarterly] == ["2024-01-01", "2024-04-01"]
    first_quarter = [r["goldstein"] for r in filled.events(until="2024-03-31")]
    assert quarterly[0]["events"] == len(first_quarter) == 4
    assert quarterly[0]["goldstein_sum"] == pytest.approx(sum(first_quarter))
    assert quarterly[0]["goldstein_mean"] == pytest.approx(sum(first_quarter) / 4)
    top = filled.top_actors(2)
    assert top[0]["events"] >= top[1]["events"]
    counts = {r["code"]: r["events"] for r in filled.top_actors(50)}
    assert counts["IGOUNO"] == 2 and counts["USA"] == 2
    with pytest.raises(ValueError, match="freq"):
        filled.goldstein_series("USA:CHN", freq="fortnight")


def test_store_articles_meta(filled: Store) -> None:
    meta = filled.articles_meta(["a0"])
    assert list(meta) == ["a0"]
    assert meta["a0"]["url"] == "https://news.example/a0" and meta["a0"]["published"] == "2024-03-01"
    assert "text" not in meta["a0"]
    assert filled.article("a0")["text"] == "text of a0"
    assert filled.article("nope") is None


def test_store_persists_and_read_only(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "p.duckdb"
    with Store(path) as s:
        s.write_article(make_article("p1"), [make_event("p1", 0, "USA", "RUS", "190", "2024-01-01")])
    with Store(path, read_only=True) as s:
        assert len(s.events()) == 1
        with pytest.raises(StoreError):
            s.write_article(make_article("p2"), [])


def test_store_memory_database() -> None:
    with Store(":memory:") as s:
        assert s.write_article(make_article("m1"), []) == "added"
        assert s.stats()["articles"] == 1


def test_store_not_a_duckdb_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a DuckDB database") as info:
        Store(path)
    assert not isinstance(info.value, StoreLocked)
    assert str(path) in str(info.value)


def test_store_other_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 0"):
        Store(path)


def _python(script: str) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return [sys.executable, "-c", textwrap.dedent(script)], env


def test_store_locked_by_other_process(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    cmd, env = _python(f"""
        import sys, time
        from newsevents.store import Store
        s = Store({str(path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
    """)
    holder = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        for read_only in (False, True):
            with pytest.raises(StoreLocked) as info:
                Store(path, read_only=read_only)
            message = str(info.value)
            assert str(path) in message and f"PID {holder.pid}" in message and "--db" in message
    finally:
        holder.communicate("done\n", timeout=30)
    with Store(path) as s:  # the lock is gone with the process
        assert s.stats()["articles"] == 0


WRITER = """
    import sys
    from newsevents.models import Article, Event
    from newsevents.store import Store
    n_articles = int(sys.argv[1])
    with Store(sys.argv[2]) as store:
        for i in range(n_articles):
            art = Article(id=f"art{{i}}", text=f"article number {{i}} " * 50)
            events = [
                Event(event_id=f"art{{i}}-{{k}}", article_id=art.id, sentence_index=k, sentence="s",
                      sentence_start=0, sentence_end=1, source=None, target=None,
                      action={{"text": "x", "start": 0, "end": 1}}, cameo="190", cameo_root="19",
                      cameo_name=None, quad_class=4, pentaclass=4, goldstein=-10.0,
                      plover={{"type": "ASSAULT", "mode": None}}, date="2024-01-01")
                for k in range(1 + i % 7)
            ]
            status = store.write_article(art, events)
            print(i, status, flush=True)
"""


def test_store_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.duckdb"
    n_articles = 400
    cmd, env = _python(WRITER.format())
    proc = subprocess.Popen([*cmd, str(n_articles), str(path)], env=env, stdout=subprocess.PIPE, text=True)
    for _ in range(40):  # let it commit some articles, then kill it mid-way
        line = proc.stdout.readline()
        assert line, "writer ended early"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Store(path) as s:
        done = s.stats()["articles"]
        assert 40 <= done < n_articles
        mismatched = s.con.execute(
            """SELECT a.article_id FROM articles a LEFT JOIN
               (SELECT article_id, count(*) AS n FROM events GROUP BY 1) e USING (article_id)
               WHERE a.n_events <> coalesce(e.n, 0)"""
        ).fetchall()
        assert mismatched == []
        orphans = s.con.execute(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0

    rerun = subprocess.run(
        [*cmd, str(n_articles), str(path)], env=env, capture_output=True, text=True, timeout=300, check=True
    )
    statuses = [line.split()[1] for line in rerun.stdout.splitlines()]
    assert statuses.count("unchanged") == done and statuses.count("added") == n_articles - done
    with Store(path, read_only=True) as s:
        assert s.stats()["articles"] == n_articles
        assert s.stats()["events"] == sum(1 + i % 7 for i in range(n_articles))


def test_store_duckdb_file_is_plain_duckdb(tmp_path: Path) -> None:
    """Other tools can read the file: the tables are plain DuckDB tables."""
    path = tmp_path / "plain.duckdb"
    with Store(path) as s:
        s.write_article(make_article("q1"), [make_event("q1", 0, "USA", "RUS", "190", "2024-01-01")])
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT cameo, source_code, record->>'$.event_id' FROM events").fetchone()
        assert row[:2] == ("190", "USA") and row[2] == stable_id("q1", "0", "190")
    finally:
        con.close()
