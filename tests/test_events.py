"""Event coding constructions, with sentences written for the project."""

from __future__ import annotations

import pytest

from newsevents.errors import LexiconError
from newsevents.events import EventMatcher, Lexicon


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


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # prt / prep constraints accept particles parsed as adverbs
        ("The general stepped down on Friday.", "0831"),
        ("The rebels pulled back from the town.", "0874"),
        # pobj sees compound modifiers ("war crimes") and follows "out of"
        ("The court charged the commander with war crimes.", "1124"),
        ("The army pulled its troops out of the border region.", "0874"),
        # obj looks through quantity heads and "of" on the object
        ("Japan sent 5,000 tons of rice to North Korea.", "070"),
        ("Egypt lifted the state of emergency in Sinai.", "0814"),
        # frames: the first coded complement, past an uncoded object; gerunds after of/for
        ("Russia asked the European Union for aid.", "023"),
        ("Russia accused Ukraine of shelling the power plant.", "1123"),
        ("Russia blamed Ukraine for attacking the dam.", "1123"),
        # noun complements: to-infinitive and "of"
        ("Turkey made an offer to mediate between Russia and Ukraine.", "039"),
        ("Norway announced a pledge of aid to Syria.", "033"),
        ("Gunmen took five Chinese engineers hostage in Nigeria.", "181"),
        # "call for X to ...": the clause's mark is the preposition
        ("The ministers called for Myanmar to release the detained journalists.", "0253"),
        # a noun frame whose clause hangs off the noun's verb
        ("The union repeated its demand that Israel ease restrictions on Palestinian workers.", "1051"),
    ],
)
def test_events_constraint_and_frame_reach(coder, text, code):
    codes = [e.cameo for e in _events(coder, text)]
    assert code in codes, codes


@pytest.mark.parametrize(
    ("text", "trigger", "code", "folded"),
    [
        # a nominal trigger governed by a coded verb folds into it: one event
        ("The United States imposed sanctions on Iran.", "imposed", "163", "sanctions"),
        ("China condemned the attack on the embassy.", "condemned", "111", "attack"),
        # the noun's more specific code of the verb's family refines the verb's
        ("Turkish jets launched an air strike on Kurdish positions in Iraq.", "launched", "195", "strike"),
    ],
)
def test_events_nominal_folds_into_governing_verb(coder, text, trigger, code, folded):
    events = _events(coder, text)
    assert {e.action["text"] for e in events} == {trigger}, [(e.action["text"], e.cameo) for e in events]
    assert events[0].cameo == code
    assert folded not in {e.action["text"] for e in events}


def test_events_held_talks_is_one_reciprocal_event_pair(coder):
    events = _events(coder, "Serbia and Kosovo held talks in Brussels.")
    assert [(e.action["text"], e.cameo) for e in events] == [("held", "046"), ("held", "046")]
    assert {(e.source.country, e.target.country) for e in events} == {("SRB", "KSV"), ("KSV", "SRB")}


def test_events_light_verb_without_entry_gives_noun_event_with_verb_subject(coder):
    events = _events(coder, "Israeli jets carried out airstrikes on Gaza.")
    assert len(events) == 1 and events[0].cameo_root == "19"
    assert events[0].source.country == "ISR"


@pytest.mark.parametrize(
    ("text", "code", "source", "target"),
    [
        # future cooperation -> intent (03x), future conflict -> threat (13x)
        ("Iran will release the French prisoners next week.", "0353", "IRN", None),
        ("Russia will attack Ukraine.", "1384", "RUS", "UKR"),
        ("China is expected to send aid to Laos.", "033", "CHN", "LAO"),
        # a negated plan is a refusal
        ("Iran will not release the French prisoners.", "1243", "IRN", None),
        # "X said Y must ...": X demands of Y (coded complement, and uncoded)
        ("Germany said on Monday that Turkey must withdraw its troops.", "106", "DEU", "TUR"),
        ("Germany said Turkey must comply.", "100", "DEU", "TUR"),
    ],
)
def test_events_modal_and_future_marking(coder, text, code, source, target):
    events = _events(coder, text)
    found = [(e.cameo, e.source and e.source.country, e.target and e.target.country) for e in events]
    assert any(c == code and s == source and (target is None or t == target) for c, s, t in found), found


def test_events_future_event_has_planned_factuality(coder):
    e = _events(coder, "Iran will release the French prisoners next week.")[0]
    assert e.factuality == "planned"


def test_events_reciprocal_three_participants_one_event_each(coder):
    events = _events(coder, "China, Russia and Iran met in Tehran.")
    assert sorted(e.source.country for e in events) == ["CHN", "IRN", "RUS"]
    assert all(e.target is None for e in events)


def test_events_self_target_only_for_the_same_mention(coder):
    events = _events(coder, "South Korea's president met South Korean opposition leaders.")
    e = next(e for e in events if e.cameo_root == "04")
    assert e.source.country == "KOR" and e.target is not None and e.target.country == "KOR"
    assert e.source.start != e.target.start


def test_events_conjoined_arguments_give_one_event_each(coder):
    events = _events(coder, "Japan condemned North Korea and China.")
    assert {(e.source.country, e.cameo, e.target.country) for e in events} == {
        ("JPN", "111", "PRK"), ("JPN", "111", "CHN")}


def test_events_several_events_per_sentence_root_most_first(coder):
    events = _events(coder, "Canada expelled two Russian diplomats and recalled its ambassador from Moscow.")
    assert [e.action["text"] for e in events][:2] == ["expelled", "recalled"]
    assert {e.cameo_root for e in events} == {"16"}


def test_events_sentence_events_ordered_by_tree_depth(coder):
    doc = coder.nlp.make_doc("Japan condemned the launch after North Korean troops attacked a South Korean post.")
    for _, proc in coder.nlp.pipeline:
        if proc is not coder.component:
            doc = proc(doc)
    coder.component.resolver(doc)
    matcher = EventMatcher()
    events = matcher.sentence_events(doc, next(iter(doc.sents)))
    depths = [e.depth for e in events]
    assert depths == sorted(depths) and events[0].trigger.text == "condemned", [
        (e.trigger.text, e.depth) for e in events]


def test_events_statement_speaker_source_addressee_target(coder):
    events = _events(coder, "The Japanese foreign minister told the Chinese ambassador that talks should resume soon.")
    told = [e for e in events if e.action["text"] == "told"]
    assert told and told[0].source.country == "JPN" and told[0].target.country == "CHN"


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
    ("option", "name", "line", "message"),
    [
        # lexicon rows
        ("paths", "bad.tsv", "9999\tverb\tfoo\t\t\t\n", "unknown CAMEO code"),
        ("paths", "bad.tsv", "010\tadverb\tfoo\t\t\t\n", "pos must be"),
        ("paths", "bad.tsv", "010\tverb\tfoo\tcolour=red\t\t\n", "unknown constraint"),
        # clause-cue rows of a frames file
        ("frames_paths", "frames.tsv", "cue\tsomewhere\tintent\twill\n", "cue position must be"),
        ("frames_paths", "frames.tsv", "cue\taux\tintent\n", "expected cue"),
        ("frames_paths", "frames.tsv", "cue\taux\tdemand\tmust\t9999\n", "unknown CAMEO code"),
    ],
)
def test_events_bad_user_file_names_file_and_line(tmp_path, option, name, line, message):
    path = tmp_path / name
    path.write_text("# comment\n" + line, encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"{name}:2: .*{message}"):
        Lexicon(**{option: [path]})


def test_events_gerund_under_preposition_takes_the_verbs_subject(coder):
    events = coder.code("Palestinian protesters resorted to throwing stones at Israeli soldiers.")
    thrown = [e for e in events if e.action["text"] == "throwing"]
    assert thrown and thrown[0].source.country == "PSE" and thrown[0].target.country == "ISR"


@pytest.mark.parametrize(
    ("text", "code", "source", "target"),
    [
        ("The United States helped Ukraine after the floods.", "070", "USA", "UKR"),
        ("Britain presented evidence against Russia on Monday.", "112", "GBR", "RUS"),
        ("The opposition pushed the government for early elections.", "100", "OPP", "GOV"),
    ],
)
def test_events_help_evidence_and_pressing_for(coder, text, code, source, target):
    assert (code, source, target) in {(e.cameo, e.source and e.source.code, e.target and e.target.code)
                                      for e in coder.code(text)}


@pytest.mark.parametrize(
    ("text", "code", "source", "target"),
    [
        ("Ukraine received aid from Japan.", "070", "JPN", "UKR"),
        ("The rebels received weapons from Iran last year.", "072", "IRN", "REB"),
    ],
)
def test_events_recipient_slot_reverses_roles(coder, text, code, source, target):
    found = {(e.cameo, e.source and (e.source.country or e.source.code), e.target and e.target.code)
             for e in coder.code(text)}
    assert (code, source, target) in found, found


def test_events_reported_clause_ranks_before_the_speech_verbs_other_dependents(coder):
    # "said" folds into the reported renewal of the appeal; the trailing "criticising ..."
    # hangs off "said" itself, so without the promotion it would come first
    events = _events(coder, "Spain renewed its appeal to Morocco to return the migrants, the Spanish "
                            "interior minister said, criticising what he called a lack of cooperation.")
    assert events[0].cameo_root == "02", [(e.cameo, e.action) for e in events]
    assert (events[0].source.country, events[0].target.country) == ("ESP", "MAR")


@pytest.mark.parametrize(
    ("text", "root", "target"),
    [
        # the forces moved are the source's own: the target is where they go
        ("Britain mobilized army reservists for a possible war against Iran.", "15", "IRN"),
        ("Israel strengthened its forces in Syria.", "15", "SYR"),
        # a refused deployment keeps the deployment's target slots
        ("Austria refused to deploy troops in Bosnia.", "12", "BIH"),
        # "from" names the place left, not the agent of the withdrawal
        ("Russia completed the withdrawal of its forces from Moldova.", "08", "MDA"),
    ],
)
def test_events_own_forces_are_not_the_target(coder, text, root, target):
    events = _events(coder, text)
    main = events[0]
    assert main.cameo_root == root, [(e.cameo, e.action) for e in events]
    assert main.target is not None and main.target.country == target, main.target


def test_events_withdrawal_from_a_country_is_not_its_act(coder):
    events = _events(coder, "Russia completed the withdrawal of its forces from Moldova.")
    assert all(e.source is None or e.source.country != "MDA" for e in events), events


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # the one told is asked
        ("The Chinese president told his Japanese counterpart that Japan must apologise.", "JPNGOV"),
        # reporters are told, but the clause's subject is asked
        ("The Chinese president told reporters that Japan must apologise.", "JPN"),
    ],
)
def test_events_told_addressee_is_the_target_of_a_reported_demand(coder, text, target):
    events = _events(coder, text)
    assert any(e.cameo_root == "10" and e.target is not None and e.target.code == target for e in events), \
        [(e.cameo, e.target) for e in events]


def test_events_misparsed_participle_subject_gives_its_noun(coder):
    # the parser makes "operating" the subject of "said", with "Cross" as its own subject
    events = _events(coder, "The Red Cross operating in Syria said Turkish and Russian forces must "
                            "ensure security to allow food to reach the needy.")
    assert any(e.cameo_root == "10" and e.source is not None and e.source.code == "NGOIRC" for e in events), \
        [(e.cameo, e.source) for e in events]


@pytest.mark.parametrize(("constraint", "source"), [("stative", "BRA"), ("passive", None)])
def test_events_stative_constraint_makes_the_passive_subject_the_actor(tmp_path, constraint, source):
    from newsevents import Coder

    lex = tmp_path / "mine.tsv"
    lex.write_text(f"code\tpos\tlemma\tconstraints\tframe\ttarget\n110\tverb\tantagonize\t{constraint}\t\t\n",
                   encoding="utf-8")
    events = Coder(lexicons=[lex]).code("Brazil is antagonized over the Argentine proposal.")
    main = [e for e in events if e.cameo == "110"]
    assert main, events
    assert (main[0].source.country if main[0].source else None) == source


@pytest.mark.parametrize(
    ("text", "root", "source", "target"),
    [
        # a threat's condition names who must comply
        ("Russia threatened to stop the talks if the United States deploys new missiles in Europe.",
         "13", "RUS", "USA"),
        ("Farmers in Kenya threatened to block the border unless the Ugandan government cut its tariffs.",
         "13", "KEN", "UGA"),
        # a protest's purpose clause names what it is against
        ("Turkish students began a hunger strike on Monday to protest against Germany's decision to deport them.",
         "14", "TUR", "DEU"),
        ("Venezuelan students in Caracas blocked a road to show their anger at the Colombian government.",
         "14", "VEN", "COL"),
        # stative passives: the passive subject holds the stance or does the deed
        ("Israel is opposed to French mediation in the talks.", "11", "ISR", "FRA"),
        ("Serbian forces were engaged in ethnic cleansing in Kosovo.", "20", "SRB", "KSV"),
        # the giver hangs on the received thing
        ("Armenian protesters received assurances from the Georgian government.", "03", "GEO", "ARM"),
        # withdrawn peacekeepers are the source's own: the target is the place left
        ("Belgium withdrew its peacekeepers from Kosovo.", "16", "BEL", "KSV"),
        # force names its target in its purpose clause
        ("Egyptian police opened fire to disperse Sudanese demonstrators on Monday.", "19", "EGY", "SDN"),
        # who is responsible for a deed did it
        ("The Serbian government is responsible for mass killings in Kosovo.", "20", "SRB", "KSV"),
        # a gerund under the verb's object: "began the process of ..." -> who began
        ("Malaysian authorities have begun the process of deporting the migrants to Myanmar.", "17", "MYS", None),
        # pressure from X: X demands of the subject
        ("The Egyptian president faces pressure from Washington to free the activists.", "10", "USA", "EGY"),
        ("Japan came under pressure from China over the visit.", "10", "CHN", "JPN"),
        # a passive act of force with no agent: whose attack it happened in
        ("Four Syrian soldiers were killed in Israeli tank shelling on Friday.", "19", "ISR", "SYR"),
        ("Three Kurdish fighters were killed in an air strike by Turkish forces.", "19", "TUR", None),
        # a preposition the parser left bare: its object parsed as the next clause's subject
        (("Peru has granted diplomatic asylum to five Panamanian army officers holed up in a "
          "diplomatic residence since last month's invasion."), "07", "PER", "PAN"),
        # a frame whose complement did not fold still finds its target inside it
        ("The African Union has agreed to set up a monitoring office in Khartoum.", "03", None, "SDN"),
        # force names its target with "against" before its direct object, often the weapon
        ("Vietnamese forces launched artillery against Cambodian troops.", "19", "VNM", "KHM"),
        # the addressee comes before whose loss it was
        (("The Indian prime minister on Saturday expressed condolences to Nepal for the death of "
          "three Chinese climbers ."), "01", "IND", "NPL"),
        # a patient that is a thing names whose it is
        ("A camp for Congolese refugees was attacked by Burundian militiamen.", "19", "BDI", "COD"),
    ],
)
def test_events_targets_from_conditions_purposes_and_stative_passives(coder, text, root, source, target):
    events = _events(coder, text)
    found = [(e.cameo_root, e.source and e.source.country, e.target and e.target.country) for e in events]
    assert (root, source, target) in found, found


@pytest.mark.parametrize(
    ("text", "root"),
    [
        # the announced suspension ranks at "announced"; the side clause is background
        (("Italy announced a suspension of flights to Serbia on Monday, a day after Serbian jets "
          "shot down a helicopter."), "16"),
        # a temporal side clause does not outrank the main clause's noun event
        (("Turkey renewed its appeal to Belgium to extradite the suspect after Belgian police "
          "arrested him."), "02"),
    ],
)
def test_events_side_clause_events_are_background(coder, text, root):
    events = _events(coder, text)
    assert events and events[0].cameo_root == root, [(e.cameo, e.action) for e in events]


def test_events_frame_noun_folds_a_clause_hanging_off_its_verb(coder):
    # "reiterated its demand that X ease ...": the clause hangs off "reiterated", at the same
    # depth as "demand"; it still folds into the demand (1051), with no asserted easing left
    events = _events(coder, "The United Nations reiterated its demand today that Iran ease restrictions "
                            "on the movement of foreign ships .")
    assert events[0].cameo == "1051", [(e.cameo, e.action) for e in events]
    assert (events[0].source.code, events[0].target.country) == ("IGOUNO", "IRN")
    assert not any(e.cameo.startswith("08") for e in events)


def test_events_object_after_a_comma_is_tried_last(coder):
    # the parser makes "delegation" a second object of "held"
    text = ("French National Assembly president Jean Moreau held talks with leaders of Romania 's new "
            "government on Tuesday , the first high level Western delegation to visit Bucharest .")
    events = _events(coder, text)
    assert events[0].cameo_root == "04" and events[0].target.code == "ROUGOV", \
        [(e.cameo, e.target) for e in events]
