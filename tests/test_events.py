"""Event coding constructions, with sentences written for the project."""

from __future__ import annotations

import pytest

from newsevents.errors import LexiconError
from newsevents.events import Lexicon


def _events(coder, text, published="2025-03-06"):
    return coder.code(text, published=published)


def _pairs(events):
    return {(e.source and e.source.country, e.cameo_root, e.target and e.target.country) for e in events}


@pytest.mark.parametrize(
    ("text", "source", "root", "target"),
    [
        # active voice, material conflict
        ("Israeli jets bombed a Hamas weapons depot in Gaza on Sunday.", "ISR", "19", None),
        # passive voice with a by-agent: the agent is the source
        ("Two Chinese diplomats were expelled by Canada on Friday.", "CAN", "16", "CHN"),
        # xcomp chain folded through the intent frame
        ("Iran agreed to hold talks with France next month.", "IRN", "03", "FRA"),
        # threaten + complement
        ("Russia threatened to impose sanctions on Georgia.", "RUS", "13", "GEO"),
        # appeal with object control: "called on X to ..."
        ("Germany called on Turkey to release the detained journalists.", "DEU", "02", "TUR"),
        # refusal
        ("Iran refused to meet the American envoy.", "IRN", "12", "USA"),
        # condemnation with a target
        ("Japan condemned North Korea for the launch.", "JPN", "11", "PRK"),
    ],
)
def test_events_constructions(coder, text, source, root, target):
    events = _events(coder, text)
    found = [(e.source and e.source.country, e.cameo_root, e.target and e.target.country) for e in events]
    assert any(s == source and r == root and (target is None or t == target) for s, r, t in found), found


def test_events_negation_blocks_event(coder):
    events = _events(coder, "Pakistan did not attack India.")
    assert not [e for e in events if e.cameo_root in ("18", "19", "20")]


def test_events_conjoined_verbs_give_two_events(coder):
    events = _events(coder, "Japan condemned the launch and urged North Korea to return to talks.")
    roots = {e.cameo_root for e in events if e.source and e.source.country == "JPN"}
    assert {"11", "02"} <= roots, roots


def test_events_reciprocal_meeting(coder):
    events = _events(coder, "China and Russia met in Beijing on Tuesday.")
    pairs = {(e.source.country, e.target.country) for e in events if e.cameo_root == "04" and e.source and e.target}
    assert {("CHN", "RUS"), ("RUS", "CHN")} <= pairs


def test_events_reported_content_coded_with_attribution(coder):
    events = _events(coder, "North Korea fired two ballistic missiles into the sea, the South's military said.")
    fire = [e for e in events if e.action["text"] == "fired"]
    assert fire and fire[0].source.country == "PRK"
    assert fire[0].factuality == "reported"
    assert fire[0].attributed_to and "military" in fire[0].attributed_to["text"]


def test_events_statement_with_addressee_and_quote(coder):
    text = 'The Chinese foreign minister told his Japanese counterpart: "We will defend our sovereignty."'
    events = _events(coder, text)
    told = [e for e in events if e.action["text"] == "told"]
    assert told, [e.cameo for e in events]
    assert told[0].source.country == "CHN" and told[0].target.country == "JPN"
    assert told[0].quote and told[0].quote["text"] == "We will defend our sovereignty."


def test_events_fields_from_cameo_table(coder):
    events = _events(coder, "Russian forces shelled the city of Kharkiv on Monday.")
    e = next(e for e in events if e.cameo_root == "19")
    assert e.quad_class == 4 and e.pentaclass == 4 and e.goldstein is not None and e.goldstein < 0
    assert e.plover["type"] == "ASSAULT"
    assert e.rule and "lexicon.tsv" in e.rule
    assert 0 < e.confidence <= 1


def test_events_user_lexicon_overrides(tmp_path):
    from newsevents import Coder

    lex = tmp_path / "mine.tsv"
    lex.write_text("code\tpos\tlemma\tconstraints\tframe\ttarget\n0233\tverb\tairlift\t\t\t\n", encoding="utf-8")
    coder = Coder(lexicons=[lex])
    events = coder.code("Canada airlifted food to Haiti on Monday.")
    assert any(e.cameo == "0233" for e in events)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("9999\tverb\tfoo\t\t\t\n", "unknown CAMEO code"),
        ("010\tadverb\tfoo\t\t\t\n", "pos must be"),
        ("010\tverb\tfoo\tcolour=red\t\t\n", "unknown constraint"),
    ],
)
def test_events_bad_user_lexicon_names_file_and_line(tmp_path, line, message):
    lex = tmp_path / "bad.tsv"
    lex.write_text("# comment\n" + line, encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"bad.tsv:2: .*{message}"):
        Lexicon(paths=[lex])
