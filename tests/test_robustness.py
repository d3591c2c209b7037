"""Robustness of ``newsevents code`` run as a real process: SIGKILL mid-run and rerun,
two runs on one database, and a folder of bad input files.

Each test starts the command line in a subprocess (``python -m newsevents.cli``) on
generated articles and checks the DuckDB file afterwards with :class:`Store`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsevents.cli import EXIT_STRICT_SKIPPED
from newsevents.coder import WRITE_BATCH
from newsevents.ingest import MAX_CHARS
from newsevents.ingest import _settings as ingest_settings
from newsevents.store import Store

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
N_ARTICLES = 70  # two full write batches of 32 and a last one of 6

COUNTRIES = ["France", "Japan", "Brazil", "Kenya", "India", "Egypt", "Canada", "Turkey", "Chile", "Vietnam",
             "Poland", "Nigeria"]


def _article(i: int) -> str:
    """A short wire-style article with a header; names, numbers and dates vary with ``i``."""
    a = COUNTRIES[i % len(COUNTRIES)]
    b = COUNTRIES[(i * 5 + 3) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(i + 1) % len(COUNTRIES)]
    return (
        f"title: Border talks number {i} between {a} and {b}\npublished: 2024-05-{1 + i % 28:02d}\n\n"
        f"The foreign minister of {a} met her counterpart from {b} on Tuesday, officials said.\n\n"
        f"{a} condemned {b} for border incident number {i} and demanded an apology.\n\n"
        f"{b} later accused {a} of violating the ceasefire, according to a government statement.\n\n"
        "Both governments agreed to hold further talks next month in the capital."
    )


def _write_articles(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"art{i:03d}.txt"
        path.write_text(_article(i), encoding="utf-8")
        paths.append(path)
    return paths


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "newsevents.cli", *(str(a) for a in args)]


ENV = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _stored(db: Path) -> dict[str, set[str]]:
    """Check the database is consistent and return ``{article_id: {event_id, ...}}``.

    Consistent: every article's ``n_events`` equals its stored events, no event without its
    article, no event id twice.
    """
    with Store(db, read_only=True) as store:
        con = store.con
        mismatched = con.execute(
            """SELECT a.article_id, a.n_events, coalesce(e.n, 0) FROM articles a
               LEFT JOIN (SELECT article_id, count(*) AS n FROM events GROUP BY 1) e USING (article_id)
               WHERE a.n_events <> coalesce(e.n, 0)"""
        ).fetchall()
        assert mismatched == [], f"articles stored without all their events: {mismatched}"
        orphans = con.execute(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
        n_events, n_ids = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        assert n_events == n_ids
        out: dict[str, set[str]] = {
            aid: set() for (aid,) in con.execute("SELECT article_id FROM articles").fetchall()
        }
        for aid, eid in con.execute("SELECT article_id, event_id FROM events").fetchall():
            out[aid].add(eid)
    return out


@pytest.fixture(scope="module")
def articles_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("robust") / "articles"
    _write_articles(folder, N_ARTICLES)
    return folder


@pytest.fixture(scope="module")
def clean_run(coder, articles_dir, tmp_path_factory) -> dict[str, set[str]]:
    """Events of one uninterrupted run into a fresh database (in-process, same Coder.run)."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    with Store(db) as store:
        stats = coder.run([articles_dir], store=store)
    assert stats.coded == N_ARTICLES and not stats.skipped
    stored = _stored(db)
    assert len(stored) == N_ARTICLES and sum(map(len, stored.values())) == stats.events > N_ARTICLES
    return stored


def _wait_for(condition, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the run ended (status {proc.returncode}) before {what}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.01)


def test_robustness_sigkill_mid_run_then_rerun_stores_each_article_once(tmp_path, articles_dir, clean_run):
    db = tmp_path / "crash.duckdb"
    Store(db).close()  # created and checkpointed: from now on a WAL appears only when a batch commits
    wal = Path(f"{db}.wal")
    with open(tmp_path / "run1.err", "w") as err:
        proc = subprocess.Popen(_cli("code", articles_dir, "--db", db, "-q"), env=ENV, stderr=err)
        try:
            sizes: list[int] = []

            def first_batch_committed() -> bool:  # the WAL exists and has not grown for 0.2 s
                sizes.append(wal.stat().st_size if wal.exists() else 0)
                return len(sizes) > 20 and sizes[-1] > 0 and sizes[-1] == sizes[-21]

            _wait_for(first_batch_committed, proc, 60, "first committed batch")
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    after_kill = _stored(db)
    assert 0 < len(after_kill) < N_ARTICLES
    assert len(after_kill) % WRITE_BATCH == 0, "an article batch was committed in part"
    for aid, events in after_kill.items():
        assert events == clean_run[aid]

    rerun = subprocess.run(_cli("code", articles_dir, "--db", db, "-q"), env=ENV, capture_output=True, check=False,
                           text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"coded {N_ARTICLES - len(after_kill)}, unchanged {len(after_kill)}, skipped 0" in rerun.stderr
    assert _stored(db) == clean_run


def test_robustness_concurrent_run_fails_fast_naming_the_lock(tmp_path, articles_dir, clean_run):
    """DuckDB lets one process write a file: while one run holds the database, a second run
    must stop at once (before loading the model) with a message naming the file and the lock,
    and the first run must finish untouched."""
    db = tmp_path / "shared.duckdb"
    first = subprocess.Popen(_cli("code", articles_dir, "--db", db, "-q"), env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(db.exists, first, 60, "database file")  # the first run holds the write lock
        t0 = time.monotonic()
        second = subprocess.run(_cli("code", articles_dir, "--db", db, "-q"), env=ENV, capture_output=True, check=False,
                                text=True, timeout=60)
        second_s = time.monotonic() - t0
        first_still_running = first.poll() is None
        first_err = first.communicate(timeout=120)[1]
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, first_err
    assert first_still_running, "the first run ended before the second one had tried the lock"
    message = second.stderr.strip()
    assert second.returncode == 1, message
    assert str(db) in message and "locked" in message and f"PID {first.pid}" in message, message
    assert "Traceback" not in message
    assert second_s < 5, f"the second run took {second_s:.1f} s to report the lock"
    assert _stored(db) == clean_run


# --------------------------------------------------------------------------- bad input

_NOT_UTF8 = b"The minister said the talks were useful. " + bytes(range(0x80, 0x100)) * 4
_HUGE_MB = 20


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write a folder of good and bad inputs; return ``{item: expected reason}`` for the bad."""
    _write_articles(folder, 2)
    (folder / "one_bad_byte.txt").write_bytes(_article(7).encode().replace(b"officials", b"offi\xffcials"))
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    (folder / "latin1.txt").write_bytes(_NOT_UTF8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n\u3000\n")
    paragraph = " ".join(_article(i).split("\n\n", 1)[1] for i in range(5)) + "\n\n"
    with open(folder / "huge.txt", "w", encoding="utf-8") as fh:
        fh.writelines(paragraph for _ in range(_HUGE_MB * 2**20 // len(paragraph) + 1))
    with open(folder / "huge.html", "w", encoding="utf-8") as fh:
        fh.write("<html><body><article>")
        html_limit = ingest_settings()["max_html_bytes"]  # a little more than HTML may hold
        fh.writelines(f"<p>{paragraph}</p>" for _ in range((html_limit + 2**20) // len(paragraph) + 1))
        fh.write("</article></body></html>")
    body = _article(11).split("\n\n", 1)[1].split("\n\n")
    (folder / "broken.html").write_text(
        "<html><head><title>Talks resume</title><body><div class='story'><p>" + body[0]
        + "<p>" + body[1] + "<b><i>" + body[2] + "</b></i><div><p>" + body[3] + "</span></td>",
        encoding="utf-8",
    )
    (folder / "garbage.html").write_text("<<<>>> </div></span><script>var x = '<p>';</script>")
    good = {"id": "feed-1", "text": body[0] + " " + body[1], "published": "2024-06-02"}
    lines = [
        json.dumps(good),
        '{"id": "feed-2", "text": "France condemned',
        "[1, 2, 3]",
        json.dumps({**good, "id": "feed-4", "text": body[2]}),
        '{"id": "feed-5", "text": "Japan met Brazil.", "n": ' + "9" * 5000 + "}",
        '{"id": "feed-6", "title": "no body"}',
    ]
    with open(folder / "feed.jsonl", "wb") as fh:
        fh.write("\n".join(lines).encode() + b"\n" + _NOT_UTF8 + b"\n")
    (folder / "french.txt").write_text(
        "Le ministre des Affaires étrangères de la France a rencontré son homologue japonais mardi à "
        "Paris, et les deux pays ont condamné les essais de missiles de la Corée du Nord.",
        encoding="utf-8",
    )
    (folder / "chinese.txt").write_text("日本外务大臣周二在首尔会见了韩国外长，双方同意恢复安全磋商。", encoding="utf-8")
    (folder / "punct.txt").write_text("!!! ??? ... --- ;;; (( )) [[ ]] ***\n\n“” — …", encoding="utf-8")
    (folder / "emoji.txt").write_text("🔥🔥 🌍🕊️ 👍🏽👍 🇫🇷🤝🇯🇵", encoding="utf-8")
    return {
        "image.txt": "binary file",
        "photo.jpg": "unsupported file type .jpg",
        "latin1.txt": "not valid UTF-8 text",
        "empty.txt": "empty",
        "blank.txt": "empty",
        "huge.txt": "too large (",  # characters, checked below against MAX_CHARS
        "huge.html": "too large (",
        "garbage.html": "no article text found in HTML",
        "feed.jsonl:2": "invalid JSON",
        "feed.jsonl:3": "expected a JSON object, got list",
        "feed.jsonl:5": "invalid JSON",
        "feed.jsonl:6": "no text",
        "feed.jsonl:7": "not valid UTF-8 text",
        "french.txt": "not English",
        "chinese.txt": "not English (mostly non-Latin script",
        "punct.txt": "no words",
        "emoji.txt": "no words",
    }


def _run_measured(cmd: list[str], err_path: Path) -> tuple[int, float, int]:
    """Run ``cmd``; return (exit status, seconds, peak RSS in MiB) of that one process."""
    t0 = time.monotonic()
    with open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.monotonic() - t0, usage.ru_maxrss // 1024


def test_robustness_bad_inputs_reported_per_item_rest_coded(tmp_path):
    folder = tmp_path / "inbox"
    expected = _bad_inputs(folder)
    db = tmp_path / "bad.duckdb"
    status, seconds, rss_mib = _run_measured(_cli("code", folder, "--db", db, "-q"), tmp_path / "run.err")
    summary = (tmp_path / "run.err").read_text(encoding="utf-8")
    assert status == 0, summary
    assert "Traceback" not in summary
    skipped = {}
    for line in summary.splitlines():
        if line.startswith("  skipped "):
            item, _, reason = line[len("  skipped "):].partition(": ")
            skipped[item.removeprefix(f"{folder}/")] = reason
    assert skipped.keys() == expected.keys(), summary
    for item, reason in expected.items():
        assert skipped[item].startswith(reason), (item, skipped[item])
    n_chars = int(skipped["huge.txt"].split("(")[1].split()[0])
    assert n_chars > _HUGE_MB * 10**6 and f"> {MAX_CHARS}" in skipped["huge.txt"]
    assert skipped["feed.jsonl:2"].startswith("invalid JSON: ") and len(skipped["feed.jsonl:2"]) > 20

    # the rest is coded: the good files, the recovered HTML, the file with one bad byte, two JSONL lines
    stored = _stored(db)
    assert {"feed-1", "feed-4"} <= stored.keys() and len(stored) == 6
    assert all(events for events in stored.values())
    assert f"articles read {len(stored) + len(expected)}: coded {len(stored)}," in summary
    print(f"bad-input run: {seconds:.1f} s, peak RSS {rss_mib} MiB")
    assert seconds < 60 and rss_mib < 1500, (seconds, rss_mib)

    strict = subprocess.run(_cli("code", folder, "--db", db, "-q", "--strict"), env=ENV, capture_output=True, check=False,
                            text=True, timeout=120)
    assert strict.returncode == EXIT_STRICT_SKIPPED, strict.stderr
    assert f"unchanged {len(stored)}, skipped {len(expected)}" in strict.stderr
    assert _stored(db) == stored


def test_robustness_readme_documents_exit_statuses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Exit status of `newsevents code`"):][:400]
    for status, meaning in (("0", "success"), ("1", "error"), (str(EXIT_STRICT_SKIPPED), "--strict")):
        assert f"`{status}`" in section and meaning in section, section
