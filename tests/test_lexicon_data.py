"""Checks on the packaged event lexicon data: data/lexicon.tsv and data/frames.tsv.

Format rules come from docs/lexicon.md; the sentences at the end are written for the
project and check that the entries fire through the real coder (spaCy model included).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "data"
VALUED_KINDS = {"prt", "prep", "obj", "pobj", "mod"}
BARE_KINDS = {"xcomp", "ccomp", "passive", "stative"}
FRAMES = {"intent", "appeal", "demand", "threaten", "refuse", "reject", "deny", "accuse", "praise"}
TARGET = re.compile(r"^(auto|dobj|dative|none|recipient|prep:[a-z]+)$")
WORD = re.compile(r"^[a-z0-9][a-z0-9.']*$")
CUE_WORD = re.compile(r"^'?[a-z]+$")  # contracted auxiliaries are tokens of their own: 'll, 'd
# the CAMEO roots a frame may produce: appeal -> 02 (113 "rally opposition" for calls to
# protest or sanction), intent -> 03 (13 for conflictual intents, which CAMEO codes as threats), ...
FRAME_ROOTS = {
    "appeal": {"02", "11"},
    "intent": {"03", "13"},
    "demand": {"10"},
    "threaten": {"13"},
    "refuse": {"01", "12"},
    "reject": {"01", "12"},
    "deny": {"01"},
    "accuse": {"11"},
    "praise": {"05"},
}


def _rows(name: str) -> list[tuple[int, list[str]]]:
    out = []
    for n, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((n, line.split("\t")))
    return out


def _cameo_codes() -> set[str]:
    lines = (DATA / "cameo.tsv").read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[0] for line in lines[1:] if line.strip()}


def _constraints(spec: str) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for part in spec.split():
        kind, _, values = part.partition("=")
        out.append((kind, tuple(values.split("|")) if values else ()))
    return out


LEXICON = _rows("lexicon.tsv")
FRAME_ROWS = [(n, cols) for n, cols in _rows("frames.tsv") if cols[0] != "cue"]
CUE_ROWS = [(n, cols) for n, cols in _rows("frames.tsv") if cols[0] == "cue"]
CUE_WHERE = {"aux", "aux_reported", "governor", "governor_reported"}


def test_lexicon_data_codes_exist():
    known = _cameo_codes()
    unknown = [(n, cols[0]) for n, cols in LEXICON if cols[0] not in known]
    unknown += [(n, cols[2]) for n, cols in FRAME_ROWS if len(cols) > 2 and cols[2] not in known]
    assert not unknown, f"codes missing from cameo.tsv (line, code): {unknown}"


def test_lexicon_data_columns_well_formed():
    problems = []
    for n, cols in LEXICON:
        cols = cols + [""] * (6 - len(cols))
        _code, pos, lemmas, cons, frame, target = cols[:6]
        if len(cols) > 6:
            problems.append((n, "more than 6 columns"))
        if pos not in ("verb", "noun"):
            problems.append((n, f"pos {pos!r}"))
        for lemma in lemmas.split("|"):
            if not WORD.match(lemma):
                problems.append((n, f"lemma {lemma!r} (lower case, one spaCy token)"))
        for kind, values in _constraints(cons):
            if kind in BARE_KINDS and values:
                problems.append((n, f"{kind} takes no value"))
            elif kind in VALUED_KINDS and not values:
                problems.append((n, f"{kind} needs values"))
            elif kind not in BARE_KINDS | VALUED_KINDS:
                problems.append((n, f"unknown constraint {kind!r}"))
            problems += [(n, f"{kind} value {v!r}") for v in values if not WORD.match(v)]
        if frame and frame not in FRAMES:
            problems.append((n, f"frame {frame!r}"))
        if target and not TARGET.match(target):
            problems.append((n, f"target {target!r}"))
    assert not problems, problems


def test_lexicon_data_no_duplicate_lines():
    seen: dict[str, int] = {}
    dups = []
    for n, cols in LEXICON + FRAME_ROWS:
        key = "\t".join(c.strip() for c in cols if c.strip())
        if key in seen:
            dups.append((seen[key], n, key))
        seen[key] = n
    assert not dups, dups


def test_lexicon_data_no_conflicting_entries():
    # the loader keys entries by (pos, lemma, constraints, frame): a second line with the
    # same key but another code would silently replace the first
    by_key: dict[tuple, set[str]] = defaultdict(set)
    for _, cols in LEXICON:
        cols = cols + [""] * (6 - len(cols))
        cons = tuple(sorted((k, tuple(sorted(v))) for k, v in _constraints(cols[3])))
        for lemma in cols[2].split("|"):
            by_key[(cols[1], lemma, cons, cols[4])].add(cols[0])
    conflicts = {k: v for k, v in by_key.items() if len(v) > 1}
    assert not conflicts, conflicts


def test_lexicon_data_covers_most_codes_and_all_roots():
    codes = {cols[0] for _, cols in LEXICON}
    assert len(codes) >= 250, f"only {len(codes)} distinct codes"
    assert {c[:2] for c in codes} == {f"{r:02d}" for r in range(1, 21)}


def test_lexicon_data_frames_referenced_have_rows():
    used = {cols[4] for _, cols in LEXICON if len(cols) > 4 and cols[4]}
    defined = {cols[0] for _, cols in FRAME_ROWS}
    assert used, "no frame triggers in the lexicon"
    assert used <= defined, f"frames without rows in frames.tsv: {used - defined}"


def test_lexicon_data_frame_rows_well_formed():
    known = _cameo_codes()
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for n, cols in FRAME_ROWS:
        if len(cols) != 3:
            problems.append((n, "expected frame<TAB>complement<TAB>code"))
            continue
        frame, prefix, code = cols
        if frame not in FRAMES:
            problems.append((n, f"frame {frame!r}"))
            continue
        if not prefix.isdigit() or not any(c.startswith(prefix) for c in known):
            problems.append((n, f"complement prefix {prefix!r} matches no CAMEO code"))
        if code[:2] not in FRAME_ROOTS[frame]:
            problems.append((n, f"{frame} yields {code}, outside roots {sorted(FRAME_ROOTS[frame])}"))
        if seen.get((frame, prefix), code) != code:
            problems.append((n, f"{frame} {prefix} given two codes"))
        seen[(frame, prefix)] = code
    assert not problems, problems


def test_lexicon_data_cue_rows_well_formed():
    known = _cameo_codes()
    problems = []
    for n, cols in CUE_ROWS:
        if len(cols) not in (4, 5):
            problems.append((n, "expected cue<TAB>where<TAB>frame<TAB>words[<TAB>code]"))
            continue
        where, frame, words = cols[1:4]
        if where not in CUE_WHERE:
            problems.append((n, f"where {where!r}"))
        if frame not in FRAMES:
            problems.append((n, f"frame {frame!r}"))
        problems += [(n, f"cue word {w!r}") for w in words.split("|") if not CUE_WORD.match(w)]
        if len(cols) == 5 and (cols[4] not in known or cols[4][:2] not in FRAME_ROOTS[frame]):
            problems.append((n, f"code {cols[4]!r} for frame {frame}"))
    assert CUE_ROWS, "no clause cues in frames.tsv"
    assert not problems, problems


def test_lexicon_data_loads_in_the_coder():
    from newsevents.events import Lexicon

    lexicon = Lexicon()
    assert lexicon.codes == {cols[0] for _, cols in LEXICON}
    assert lexicon.frame_code("threaten", "1951") == "1384"
    assert lexicon.frame_code("appeal", "0874") == "0256"
    assert [(c.where, c.frame) for c in lexicon.cues] == [(cols[1], cols[2]) for _, cols in CUE_ROWS]


# (sentence, a CAMEO code the sentence's events must include)
SENTENCES = [
    ("Germany said on Monday that the situation remained difficult.", "010"),
    ("Russia declined comment on the report.", "011"),
    ("Japan expressed deep concern over the missile launch.", "012"),
    ("Brazil expressed optimism about the trade talks.", "013"),
    ("India is considering a proposal to buy Russian oil.", "014"),
    ("Hamas claimed responsibility for the rocket attack.", "015"),
    ("Iran denied involvement in the attack on the tanker.", "016"),
    ("The Chinese ambassador laid a wreath at the war memorial in Seoul.", "017"),
    ("Canada offered condolences to Turkey after the earthquake.", "018"),
    ("The UN called for a ceasefire in Yemen.", "0256"),
    ("Iraq called for the release of the Turkish hostages.", "0253"),
    ("Kenya appealed to Britain for aid.", "023"),
    ("Norway pledged humanitarian aid to Syria.", "0333"),
    ("Turkey offered mediation between Russia and Ukraine.", "039"),
    ("Pakistan accepted an invitation from China.", "036"),
    ("The Chinese foreign minister met his Indian counterpart in New Delhi.", "040"),
    ("The US president spoke by telephone with the Turkish president.", "041"),
    ("The Japanese prime minister visited Australia on Tuesday.", "042"),
    ("Qatar mediated between Israel and Hamas.", "045"),
    ("Serbia and Kosovo held talks in Brussels.", "046"),
    ("France praised Morocco for its reforms.", "051"),
    ("Japan apologized to South Korea.", "055"),
    ("Egypt and Israel signed a peace treaty.", "057"),
    ("Jordan and Britain held joint military exercises.", "062"),
    ("Colombia extradited a drug trafficker to the United States.", "063"),
    ("The European Union sent humanitarian aid to Sudan.", "073"),
    ("The United States sent weapons to Ukraine.", "072"),
    ("Germany granted asylum to a Russian journalist.", "075"),
    ("Iran released two French prisoners.", "0841"),
    ("Afghanistan lifted the curfew in Kabul.", "0813"),
    ("The United States lifted sanctions on Venezuela.", "085"),
    ("Russia withdrew its troops from Kherson.", "0874"),
    ("Ukraine launched an investigation into the killings.", "091"),
    ("Greece demanded the return of the marbles from Britain.", "1053"),
    ("China condemned the Japanese decision.", "111"),
    ("Israel accused Hezbollah of aggression.", "1123"),
    ("Israel rejected the Egyptian peace proposal.", "127"),
    ("Russia vetoed the resolution on Syria.", "129"),
    ("Turkey threatened sanctions against Sweden.", "1312"),
    ("Russia issued an ultimatum to Ukraine.", "139"),
    ("Iranian students demonstrated against the government in Tehran.", "141"),
    ("Kenyan doctors went on strike.", "143"),
    ("French rioters clashed with police in Paris.", "145"),
    ("Russia deployed troops along the border with Ukraine.", "154"),
    ("China held military exercises near Taiwan.", "150"),
    ("Canada expelled two Indian diplomats.", "161"),
    ("The United States imposed sanctions on Iran.", "163"),
    ("Mali expelled the UN peacekeeping mission.", "1661"),
    ("Belarusian police arrested the opposition leader.", "173"),
    ("Hungary deported fifty Afghan migrants.", "174"),
    ("The Myanmar army cracked down on protesters.", "175"),
    ("North Korean hackers hacked the Sony network.", "176"),
    ("Nigerian gunmen kidnapped two Chinese engineers.", "181"),
    ("Al-Shabaab detonated a car bomb in Mogadishu.", "1832"),
    ("A Taliban suicide bomber blew himself up in Kabul.", "1831"),
    ("Israeli jets bombed a warehouse in Gaza.", "195"),
    ("Russian artillery shelled Kharkiv.", "194"),
    ("Israeli soldiers opened fire on Palestinian protesters.", "193"),
    ("Russia annexed Crimea.", "192"),
    ("Azerbaijan violated the ceasefire with Armenia.", "196"),
    ("ISIS massacred hundreds of Yazidis.", "202"),
    ("Syria used chemical weapons against civilians.", "2041"),
    # frames: the complement's own event refines the frame trigger's code (frames.tsv)
    ("Britain urged Russia to withdraw its troops from Georgia.", "0256"),
    ("Pakistan agreed to hold talks with India.", "036"),
    ("North Korea threatened to attack South Korea.", "1384"),
    ("Serbia refused to extradite the suspects to Croatia.", "1213"),
    ("Iran threatened to impose sanctions on Britain.", "1312"),
]


@pytest.mark.parametrize(("text", "code"), SENTENCES, ids=[c for _, c in SENTENCES])
def test_lexicon_data_entries_fire(coder, text, code):
    codes = [e.cameo for e in coder.code(text)]
    assert code in codes, f"{text!r}: expected {code}, coded {codes}"


def test_lexicon_data_sentences_span_all_roots():
    assert {code[:2] for _, code in SENTENCES} == {f"{r:02d}" for r in range(1, 21)}


# (sentence, main event's CAMEO code, its source, its target): the source and target are
# matched against the actor's country or its full code; None: no target is checked.
# General wire phrasings whose main event was missing or wrong, so their actors were too.
MAIN_EVENTS = [
    # permission: "allow / let X do Y" (0833), a bare "allowed X" (080), plans and refusals of it
    ("Myanmar's junta let two Japanese journalists leave the country.", "0833", "MMR", "JPN"),
    ("Iraq allowed Iranian pilgrims to visit Karbala.", "080", "IRQ", "IRN"),
    ("Turkey will allow thousands of Syrian refugees to return home.", "0343", "TUR", "SYR"),
    ("Israel will not allow Palestinian workers to enter Jerusalem.", "1233", "ISR", "PSE"),
    ("Hungary gave permission to Ukraine to use its airspace.", "0833", "HUN", "UKR"),
    ("Malian rebels let free two Swiss hostages held since March, officials said.", "0841", "MLI", "CHE"),
    # hosting and mediating with a light verb
    ("The Kenyan president gave a warm welcome to the Ugandan foreign minister.", "043", "KEN", "UGA"),
    ("Algeria undertook a mediation mission between Mali and the Tuareg rebels.", "045", "DZA", "MLI"),
    ("Qatar launched a mediation effort between Sudan and Chad.", "045", "QAT", "SDN"),
    ("The IAEA dispatched inspectors to Iran on Monday.", "0862", "IGOUNOIAE", "IRN"),
    # travel warnings reduce relations; warnings and reminders issued to someone
    ("The British Foreign Office advised against travel to Mali.", "160", "GBR", "MLI"),
    ("Germany issued a travel warning for Egypt.", "160", "DEU", "EGY"),
    ("The German chancellor issued a stern warning to Russia.", "130", "DEU", "RUS"),
    ("The French president issued a reminder to Syria that it must respect the truce.", "100", "FRA", "SYR"),
    # "wants X to ..." appeals to X; "concluded that X must ..." demands of X
    ("The Polish president wants Germany to pay reparations.", "025", "POL", "DEU"),
    ("Washington wants Pakistan to do more against militants.", "020", "USA", "PAK"),
    ("The African Union concluded that Sudan must withdraw its troops.", "106", "IGOAFRAU", "SDN"),
    # receiving assurances: the giver is the source
    ("The Syrian rebels received assurances from the Turkish government.", "030", "TUR", "SYR"),
    ("Belarusian opposition activists began collecting signatures against the president.", "140", "BLR", None),
    ("Indian troops remained on alert along the border on Sunday.", "152", "IND", None),
    ("Kenyan troops engaged Somali militants in a fierce gunbattle.", "193", "KEN", "SOM"),
    ("Pakistan's supreme court opened a hearing into the killing of journalists.", "090", "PAK", None),
    ("China reiterated its opposition to the arms sales to Taiwan.", "110", "CHN", "TWN"),
]


def _is(actor, expected: str) -> bool:
    return actor is not None and expected in (actor.country, actor.code)


@pytest.mark.parametrize(("text", "code", "source", "target"), MAIN_EVENTS, ids=[t[:40] for t, *_ in MAIN_EVENTS])
def test_lexicon_data_main_event_and_actors(coder, text, code, source, target):
    events = coder.code(text)
    assert events, f"{text!r}: no event"
    main = events[0]
    seen = [(e.cameo, e.source and e.source.code, e.target and e.target.code) for e in events]
    assert main.cameo == code, f"{text!r}: main event {main.cameo}, expected {code}; events {seen}"
    assert _is(main.source, source), f"{text!r}: source {main.source}, expected {source}"
    if target is not None:
        assert _is(main.target, target), f"{text!r}: target {main.target}, expected {target}"


@pytest.mark.parametrize("text", [
    "The Kenyan opposition held a rally in Nairobi.",  # the opposition (a party) is no disapproval
    "The Thai opposition boycotted the parliament session in Bangkok.",
])
def test_lexicon_data_opposition_party_is_no_disapproval(coder, text):
    codes = [e.cameo for e in coder.code(text)]
    assert codes, f"{text!r}: no event"
    assert "110" not in codes, f"{text!r}: coded {codes}"
