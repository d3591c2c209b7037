"""Tests of the NLP pipeline and its gazetteer entity ruler."""

from __future__ import annotations

import time

import pytest

from newsevents.nlp import RULER, load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def test_nlp_ruler_runs_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index(RULER) < names.index("ner")


@pytest.mark.parametrize(("text", "span", "label", "code"), [
    ("Emirati officials met Filipino diplomats.", "Emirati", "NORP", "ARE"),
    ("Aid reached Cabo Verde and Eswatini.", "Eswatini", "GPE", "SWZ"),
    ("The Houthis fired at a ship.", "Houthis", "ORG", "YEMREBHUT"),
    ("The IAEA sent inspectors.", "IAEA", "ORG", "IGOUNOIAE"),
])
def test_nlp_gazetteer_entities(nlp, text, span, label, code):
    doc = nlp(text)
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents[span] == (label, code)


def test_nlp_loads_once_and_fast():
    load_nlp.cache_clear()
    t0 = time.perf_counter()
    first = load_nlp()
    assert time.perf_counter() - t0 < 5.0
    assert load_nlp() is first
