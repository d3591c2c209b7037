"""End-to-end CLI tests on a real DuckDB file with the real spaCy model."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from newsevents.cli import EXIT_STRICT_SKIPPED, main
from newsevents.store import Store

EVENT_FIELDS = {
    "event_id", "article_id", "sentence_index", "sentence", "sentence_start", "sentence_end", "source", "target",
    "action", "cameo", "cameo_root", "quad_class", "pentaclass", "goldstein", "plover", "date", "date_precision",
    "date_source", "location", "factuality", "attributed_to", "quote", "confidence",
}


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory, examples_dir):
    db = tmp_path_factory.mktemp("db") / "events.duckdb"
    result = CliRunner().invoke(main, ["code", str(examples_dir), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    return db


def test_cli_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for cmd in ("code", "events", "export", "explain", "geoparse"):
        assert cmd in result.output


def test_cli_code_jsonl_fields_and_offsets(runner, examples_dir):
    result = runner.invoke(main, ["code", str(examples_dir), "--no-db", "--format", "jsonl", "--out", "-", "-q"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) >= 20
    from newsevents.ingest import read_inputs

    texts = {a.id: a.text for a in read_inputs([examples_dir]) if hasattr(a, "text")}
    for rec in lines:
        assert EVENT_FIELDS <= rec.keys()
        text = texts[rec["article_id"]]
        assert text[rec["sentence_start"]:rec["sentence_end"]] == rec["sentence"]
        assert text[rec["action"]["start"]:rec["action"]["end"]] == rec["action"]["text"]
        for side in ("source", "target"):
            if rec[side]:
                assert text[rec[side]["start"]:rec[side]["end"]] == rec[side]["text"]
    roots = {rec["cameo_root"] for rec in lines}
    assert len(roots) >= 6, roots


def test_cli_code_stdin_jsonl(runner):
    line = json.dumps({"id": "a1", "text": "Japan condemned North Korea on Tuesday for firing two missiles.",
                       "published": "2025-03-06"})
    result = runner.invoke(main, ["code", "-", "--no-db", "--format", "jsonl", "--out", "-", "-q"], input=line + "\n")
    assert result.exit_code == 0, result.output
    recs = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert recs and all(r["article_id"] == "a1" for r in recs)
    condemn = [r for r in recs if r["action"]["text"] == "condemned"]
    assert condemn and condemn[0]["source"]["country"] == "JPN" and condemn[0]["target"]["country"] == "PRK"
    assert condemn[0]["date"] == "2025-03-04"


def test_cli_rerun_adds_nothing(runner, coded_db, examples_dir):
    with Store(coded_db, read_only=True) as store:
        before = store.stats()
    result = runner.invoke(main, ["code", str(examples_dir), "--db", str(coded_db), "-q"])
    assert result.exit_code == 0, result.output
    assert "coded 0" in result.output and "unchanged" in result.output
    with Store(coded_db, read_only=True) as store:
        after = store.stats()
    assert before["events"] > 0
    assert (after["articles"], after["events"]) == (before["articles"], before["events"])


def test_cli_changed_article_replaces_events(runner, tmp_path):
    db = tmp_path / "e.duckdb"
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": "France condemned Iran on Monday.", "published": "2025-01-08"}) + "\n")
    assert runner.invoke(main, ["code", str(src), "--db", str(db), "-q"]).exit_code == 0
    src.write_text(json.dumps({"id": "x1", "text": "France praised Iran on Monday.", "published": "2025-01-08"}) + "\n")
    assert runner.invoke(main, ["code", str(src), "--db", str(db), "-q"]).exit_code == 0
    with Store(db, read_only=True) as store:
        events = store.events()
    assert [e["action"]["text"] for e in events] == ["praised"]


def test_cli_bad_files_reported_and_strict(runner, tmp_path, examples_dir):
    d = tmp_path / "in"
    shutil.copytree(examples_dir, d)
    (d / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (d / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["code", str(d), "--no-db", "-q", "--format", "jsonl", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "blob.txt" in result.output and "binary" in result.output
    assert "empty.txt" in result.output and "empty" in result.output
    strict = runner.invoke(main, ["code", str(d), "--no-db", "-q", "--strict", "--out", str(tmp_path / "o2")])
    assert strict.exit_code == EXIT_STRICT_SKIPPED


def test_cli_events_filters(runner, coded_db):
    result = runner.invoke(main, ["events", "--db", str(coded_db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    all_recs = [json.loads(x) for x in result.stdout.splitlines()]
    assert all_recs
    root = all_recs[0]["cameo_root"]
    result = runner.invoke(main, ["events", "--db", str(coded_db), "--format", "jsonl", "--code", root])
    sub = [json.loads(x) for x in result.stdout.splitlines()]
    assert sub and all(r["cameo"].startswith(root) for r in sub) and len(sub) <= len(all_recs)


def test_cli_events_missing_db_is_clean_error(runner, tmp_path):
    result = runner.invoke(main, ["events", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 1 and "no database" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "gdelt", "plover"])
def test_cli_export_formats(runner, coded_db, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(main, ["export", "--db", str(coded_db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "gdelt":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
        assert rows and all(len(r) == 61 for r in rows)


def test_cli_explain_reports_entry_and_reason(runner):
    result = runner.invoke(main, ["explain", "Pakistan did not attack India.", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert not [e for e in info["events"] if e["cameo_root"] == "19"]
    assert any("negated" in t["outcome"] for t in info["triggers"])
    result = runner.invoke(main, ["explain", "Pakistan attacked India."])
    assert result.exit_code == 0 and "lexicon.tsv" in result.output


def test_cli_geoparse_examples(runner, examples_dir):
    result = runner.invoke(main, ["geoparse", str(examples_dir), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    recs = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert recs and all({"article_id", "text", "start", "end", "name", "country", "lat", "lon"} <= r.keys()
                        for r in recs)


def test_cli_n_process_2_gives_same_events(runner, examples_dir, tmp_path):
    outs = []
    for n in ("1", "2"):
        out = tmp_path / f"n{n}.jsonl"
        result = runner.invoke(main, ["code", str(examples_dir), "--no-db", "-q", "--n-process", n,
                                      "--format", "jsonl", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] and outs[0] == outs[1]
