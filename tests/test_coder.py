"""The Coder API: code, pipe, run, explain; one failing article does not end a run."""

from __future__ import annotations

import json

import pytest

from newsevents import Coder, Event
from newsevents.errors import CodingError
from newsevents.models import Article
from newsevents.store import Store


def test_coder_code_text_and_article(coder):
    events = coder.code("France condemned Iran on Monday.", published="2025-01-08")
    assert events and all(isinstance(e, Event) for e in events)
    art = Article(id="fixed-id", text="France condemned Iran on Monday.", published="2025-01-08")
    assert {e.article_id for e in coder.code(art)} == {"fixed-id"}


def test_coder_event_ids_stable(coder):
    text = "Chinese coast guard ships rammed a Philippine vessel near Scarborough Shoal on Sunday."
    assert [e.event_id for e in coder.code(text)] == [e.event_id for e in coder.code(text)]


def test_coder_pipe_keeps_input_order(coder):
    texts = [f"{c} condemned Iran on Monday." for c in ("France", "Germany", "Japan", "Canada")]
    out = list(coder.pipe(texts))
    assert [o.events[0].source.country for o in out] == ["FRA", "DEU", "JPN", "CAN"]
    assert all(o.error is None and o.sentences == 1 for o in out)


def test_coder_explain_lists_tokens_actors_triggers(coder):
    info = coder.explain("Russia threatened to impose sanctions on Georgia.")
    assert {"tokens", "actors", "triggers", "events"} <= info.keys()
    assert any(a["code"] == "RUS" for a in info["actors"])
    assert any(t["entry"] and "lexicon.tsv" in t["entry"] for t in info["triggers"])


@pytest.fixture
def fragile_coder(monkeypatch):
    c = Coder()
    real = c.component.matcher.sentence_events

    def boom(doc, sent, traces=None):
        if "BOOM" in sent.text:
            raise RuntimeError("simulated stage bug")
        return real(doc, sent, traces)

    monkeypatch.setattr(c.component.matcher, "sentence_events", boom)
    return c


def test_coder_failing_article_reported_rest_coded(fragile_coder, tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "ok1", "text": "France condemned Iran on Monday."},
            {"id": "bad", "text": "BOOM. Germany praised Japan."},
            {"id": "ok2", "text": "Japan praised Canada on Tuesday."}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "e.duckdb") as store:
        stats = fragile_coder.run([src], store=store)
        stored = {e["article_id"] for e in store.events()}
    assert stats.coded == 2 and stored == {"ok1", "ok2"}
    assert [(s.source, "simulated stage bug" in s.reason) for s in stats.skipped] == [("article bad", True)]
    with pytest.raises(CodingError, match="simulated stage bug"):
        fragile_coder.code("BOOM.")
