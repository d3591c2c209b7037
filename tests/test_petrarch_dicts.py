"""Tests of the PETRARCH/TABARI dictionary importer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsevents import petrarch_dicts
from newsevents.actors import ActorResolver, mentions_for
from newsevents.nlp import load_nlp

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "petrarch" / "production_dicts"

ACTORS = """# my actors
RUTH_NKOSI_  # a made-up minister
+MINISTER_NKOSI_
\t[ZAFGOV 090101-131231]
\t[ZAFOPP >140101]
\t[ZAFELI]
KAROO_VALLEY_FRONT [ZAFREB]
"""
AGENTS = """!PERSON! = MAN, MEN, WOMAN, WOMEN
FERRY!PERSON! [~AGR]
HARBOUR_PILOT {HARBOUR_PILOTS} [~BUS]
"""


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.mark.parametrize(("text", "expected"), [
    ("090101", dt.date(2009, 1, 1)),
    ("750101", dt.date(1975, 1, 1)),
    ("20150630", dt.date(2015, 6, 30)),
])
def test_petrarch_dicts_parse_date(text, expected):
    assert petrarch_dicts.parse_date(text) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("ZAFGOV >140101", ("ZAFGOV", dt.date(2014, 1, 1), None)),
    ("ZAFGOV <140101", ("ZAFGOV", None, dt.date(2013, 12, 31))),
    ("ZAFGOV 090101-131231", ("ZAFGOV", dt.date(2009, 1, 1), dt.date(2013, 12, 31))),
    ("---", None),
])
def test_petrarch_dicts_parse_code(cell, expected):
    assert petrarch_dicts.parse_code(cell, "x") == expected


@pytest.mark.parametrize(("published", "code"), [
    ("2010-06-01", "ZAFGOV"), ("2016-06-01", "ZAFOPP"), ("2000-01-01", "ZAFELI"),
])
def test_petrarch_dicts_date_restricted_actors(nlp, tmp_path, published, code):
    path = tmp_path / "my.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    doc = nlp("Ruth Nkosi criticised the Karoo Valley Front.")
    ActorResolver([path])(doc, published=published)
    assert [m.code for m in mentions_for(doc, doc[1])] == [code]
    assert [m.code for m in mentions_for(doc, doc[6])] == ["ZAFREB"]


def test_petrarch_dicts_agents(tmp_path):
    path = tmp_path / "my.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    names, roles = petrarch_dicts.load(path)
    terms = {t: r.sectors for t, r in roles}
    assert names == []
    assert terms["ferryman"] == ("AGR",) and terms["ferrywomen"] == ("AGR",)
    assert terms["harbour pilots"] == ("BUS",)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/eval/petrarch/production_dicts not present")
def test_petrarch_dicts_phoenix_files(nlp):
    names, _ = petrarch_dicts.load(SHARED / "Phoenix.Countries.actors.txt")
    assert len(names) > 10000
    _, roles = petrarch_dicts.load(SHARED / "Phoenix.agents.txt")
    assert len(roles) > 1000
    resolver = ActorResolver([SHARED / "Phoenix.Countries.actors.txt", SHARED / "Phoenix.agents.txt"])
    for published, code in (("1999-01-01", "AFGELI"), ("2005-01-01", "AFGGOV")):
        doc = nlp("Hamid Karzai met farmers.")
        resolver(doc, published=published)
        assert mentions_for(doc, doc[1])[0].code == code
        assert mentions_for(doc, doc[3])[0].code == "AGR"
