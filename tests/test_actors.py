"""Tests of the actors stage: gazetteers, roles, people, coreference, compounds, user dictionaries."""

from __future__ import annotations

import pytest

from newsevents.actors import ActorResolver, Mention, mentions_for, role_table, split_code
from newsevents.errors import LexiconError
from newsevents.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def resolver():
    return ActorResolver()


def _actor_of(nlp, resolver, text: str, word: str, published: str | None = None) -> list[Mention]:
    doc = nlp(text)
    resolver(doc, published=published)
    tok = next(t for t in doc if t.text == word)
    return mentions_for(doc, tok)


@pytest.mark.parametrize(("text", "word", "code"), [
    ("Beijing rejected the proposal on Tuesday.", "Beijing", "CHNGOV"),
    ("The Kremlin denied the report.", "Kremlin", "RUSGOV"),
    ("The Pentagon announced new drills.", "Pentagon", "USAMIL"),
    ("Downing Street welcomed the vote.", "Street", "GBRGOV"),
    ("Pyongyang fired a missile over the sea.", "Pyongyang", "PRKGOV"),
    ("Cabo Verde signed the accord.", "Verde", "CPV"),
    ("NATO warned Moscow against escalation.", "NATO", "IGONAT"),
    ("The Houthis attacked a tanker.", "Houthis", "YEMREBHUT"),
    ("Amnesty International criticised the verdict.", "International", "NGOAMN"),
])
def test_actors_gazetteer_names(nlp, resolver, text, word, code):
    found = _actor_of(nlp, resolver, text, word)
    assert [m.code for m in found] == [code]
    assert found[0].resolved_by == "gazetteer"


@pytest.mark.parametrize(("text", "word", "code", "sectors"), [
    ("The Emirati delegation arrived late.", "delegation", "AREGOV", ["GOV"]),
    ("Filipino coast guard vessels shadowed the ship.", "vessels", "PHLMIL", ["MIL"]),
    ("The foreign minister of Japan left Manila.", "minister", "JPNGOV", ["GOV"]),
    ("Israel's army shelled the town.", "army", "ISRMIL", ["MIL"]),
    ("The U.S. defense secretary flew to Seoul.", "secretary", "USAGOVMIL", ["GOV", "MIL"]),
    ("Chinese police detained two men.", "police", "CHNCOP", ["COP"]),
    ("Kenyan lawmakers passed the bill.", "lawmakers", "KENLEG", ["LEG"]),
    ("A Turkish court jailed the editor.", "court", "TURJUD", ["JUD"]),
    ("Colombian rebels freed the hostages.", "rebels", "COLREB", ["REB"]),
    ("Thai protesters blocked the road.", "protesters", "THACVL", ["CVL"]),
    ("The Zambian opposition boycotted the vote.", "opposition", "ZMBOPP", ["OPP"]),
    ("A spokesman for the Indian foreign ministry declined to comment.", "spokesman", "INDGOV", ["GOV"]),
])
def test_actors_role_sectors_and_country(nlp, resolver, text, word, code, sectors):
    (m,) = _actor_of(nlp, resolver, text, word)
    assert (m.code, m.sectors) == (code, sectors)
    assert m.country == code[:3]


@pytest.mark.parametrize(("text", "word", "code"), [
    ("Gunmen stormed the hotel.", "Gunmen", "UAF"),
    ("Officials said the road was closed.", "Officials", "GOV"),
    ("A spokesman declined to comment.", "spokesman", "GOV"),
    ("Police arrested the driver.", "Police", "COP"),
])
def test_actors_unknown_country_is_never_guessed(nlp, resolver, text, word, code):
    (m,) = _actor_of(nlp, resolver, text, word)
    assert (m.code, m.country, m.resolved_by) == (code, None, "unknown_country")


@pytest.mark.parametrize(("text", "word"), [
    ("The Philippine typhoon destroyed thousands of homes.", "typhoon"),
    ("Chinese exports rose sharply in March.", "exports"),
])
def test_actors_non_political_heads_are_not_actors(nlp, resolver, text, word):
    assert _actor_of(nlp, resolver, text, word) == []


@pytest.mark.parametrize(("text", "word", "code", "name"), [
    ("Indonesian Foreign Minister Retno Marsudi met her counterpart.", "Marsudi", "IDNGOV", "Retno Marsudi"),
    ("Kenyan President William Ruto arrived in Addis Ababa.", "Ruto", "KENGOV", "William Ruto"),
    ("Ana Lopez, the defense minister of Peru, toured the base.", "Lopez", "PERGOVMIL", "Ana Lopez"),
])
def test_actors_people_with_titles(nlp, resolver, text, word, code, name):
    (m,) = _actor_of(nlp, resolver, text, word)
    assert (m.code, m.name, m.resolved_by) == (code, name, "title")


ARTICLE = ("Malaysian Foreign Minister Ahmad Karim met Vietnamese envoy Tran Minh in Hanoi on Monday. "
           "Karim said the talks were useful. Later he flew home, and the minister briefed reporters. "
           "The two agreed to meet again.")


@pytest.mark.parametrize(("word", "nth", "codes"), [
    ("Karim", 1, ["MYSGOV"]),   # surname
    ("he", 0, ["MYSGOV"]),      # pronoun subject
    ("minister", 0, ["MYSGOV"]),  # "the minister"
    ("two", 0, ["MYSGOV", "VNMGOV"]),  # "the two" -> both
])
def test_actors_coreference(nlp, resolver, word, nth, codes):
    doc = nlp(ARTICLE)
    resolver(doc)
    tok = [t for t in doc if t.text == word][nth]
    found = mentions_for(doc, tok)
    assert [m.code for m in found] == codes
    assert all(m.resolved_by == "coreference" for m in found)


def test_actors_bracketed_alias_names_the_same_person(nlp, resolver):
    doc = nlp("Li Wei (李伟), China's vice premier, met traders. Later 李伟 visited a port.")
    resolver(doc)
    later = [t for t in doc if t.text == "李伟"][-1]
    assert [m.code for m in mentions_for(doc, later)] == ["CHNGOV"]


@pytest.mark.parametrize(("text", "word", "codes"), [
    ("Ghana and Togo signed a border treaty.", "Ghana", ["GHA", "TGO"]),
    ("Hungarian and Slovak officials met in Vienna.", "officials", ["HUNGOV", "SVKGOV"]),
    ("The presidents of Chile and Peru met in Lima.", "presidents", ["CHLGOV", "PERGOV"]),
])
def test_actors_compound_actors(nlp, resolver, text, word, codes):
    assert [m.code for m in _actor_of(nlp, resolver, text, word)] == codes


def test_actors_stores_mentions_on_doc(nlp, resolver):
    doc = nlp("Ecuador recalled its ambassador.")
    mentions = resolver(doc)
    assert doc.user_data["mentions"] is mentions
    assert doc._.mentions is mentions
    actor = mentions[0].to_actor(doc)
    assert doc.text[actor.start:actor.end] == actor.text == "Ecuador"


@pytest.mark.parametrize(("published", "code"), [
    ("2019-05-01", "ZZZGOV"),
    ("2023-05-01", "ZZZOPP"),
    (None, "ZZZ"),
])
def test_actors_user_dictionary_csv_with_dates(nlp, tmp_path, published, code):
    path = tmp_path / "mine.csv"
    path.write_text("names,code,start,end\n"
                    "Maria Fontes|Fontes,ZZZ,,\n"
                    "Maria Fontes|Fontes,ZZZGOV,2018-01-01,2020-12-31\n"
                    "Maria Fontes|Fontes,ZZZOPP,2021-01-01,\n", encoding="utf-8")
    found = _actor_of(nlp, ActorResolver([path]), "Maria Fontes criticised the plan.", "Fontes", published)
    assert [(m.code, m.resolved_by) for m in found] == [(code, "user_dictionary")]


def test_actors_user_dictionary_yaml_overrides_gazetteer(nlp, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- names: [Jakarta, Djakarta]\n  code: IDNGOVEXE\n", encoding="utf-8")
    (m,) = _actor_of(nlp, ActorResolver([path]), "Jakarta protested the decision.", "Jakarta")
    assert (m.code, m.country, m.resolved_by) == ("IDNGOVEXE", "IDN", "user_dictionary")


@pytest.mark.parametrize("content", ["names,code\nAcme,\n", "name,cod\nAcme,ABC\n", "names,code\nX,B@D\n"])
def test_actors_user_dictionary_errors_name_the_file(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.csv"):
        ActorResolver([path])


@pytest.mark.parametrize(("code", "expected"), [
    ("USAGOVMIL", ("USA", ["GOV", "MIL"])),
    ("IGOUNO", (None, ["IGO", "UNO"])),
    ("CHN", ("CHN", [])),
])
def test_actors_split_code(code, expected):
    assert split_code(code) == expected


def test_actors_role_table_has_plurals():
    table = role_table()
    assert table[("troops",)].sectors == ("MIL",)
    assert table[("defense", "ministers")].sectors == ("GOV", "MIL")
    assert table[("gunmen",)].sectors == ("UAF",)


@pytest.mark.parametrize(("text", "word", "code"), [
    ("Norway's trade minister met her Chilean counterpart in Oslo.", "counterpart", "CHLGOV"),
    ("Spanish defence minister Pilar Ruiz called her Greek counterpart.", "counterpart", "GRCGOVMIL"),
    ("The Ghanaian president later spoke with his Ivorian counterpart.", "counterpart", "CIVGOV"),
    ("Ines Moreau met her Peruvian counterpart on Friday.", "counterpart", "PERGOV"),  # no sectors to borrow
])
def test_actors_counterpart_inherits_sectors_not_country(nlp, resolver, text, word, code):
    (m,) = _actor_of(nlp, resolver, text, word)
    assert m.code == code


@pytest.mark.parametrize(("text", "word", "code", "sectors"), [
    ("Leaders of the opposition alliance rejected the budget.", "Leaders", "OPP", ["OPP"]),
    ("UN Secretary-General Ana Souza urged restraint.", "Souza", "IGOUNO", ["IGO", "UNO"]),
    ("Archbishop Tomas Halik called for calm.", "Halik", "REL", ["REL"]),
    ("Red Cross officials suspended deliveries.", "officials", "NGOIRC", ["NGO", "IRC"]),
    ("Jordanian tanks crossed the river.", "tanks", "JORMIL", ["MIL"]),
    ("A former Bolivian president was arrested.", "president", "BOLELI", ["ELI"]),
    ("The ex-minister of Peru fled.", "minister", "PERELI", ["ELI"]),
    ("The pro-Iranian Hezbollah fired rockets.", "Hezbollah", "LBNREBHEZ", ["REB", "HEZ"]),
])
def test_actors_role_rules(nlp, resolver, text, word, code, sectors):
    (m,) = _actor_of(nlp, resolver, text, word)
    assert (m.code, m.sectors) == (code, sectors)


@pytest.mark.parametrize(("text", "word", "country"), [
    ("The Kurds of northern Syria demanded autonomy.", "Kurds", "SYR"),
    ("Ethnic Hungarians in Romania staged a rally.", "Hungarians", "ROU"),
    ("Ethnic Hungarians staged a rally.", "Hungarians", None),  # an ethnicity alone is no nationality
    ("Hungarians staged a rally in Vienna.", "Hungarians", "HUN"),
])
def test_actors_demonym_people_take_the_country_the_text_ties_them_to(nlp, resolver, text, word, country):
    (m,) = _actor_of(nlp, resolver, text, word)
    assert m.country == country


@pytest.mark.parametrize(("text", "word"), [
    ("An official Ugandan statement denied the claim.", "official"),  # adjective, not "an official"
    ("Police in Nairobi arrested two men.", "men"),  # "two men" is not "the two"
])
def test_actors_words_that_are_not_roles_here(nlp, resolver, text, word):
    assert _actor_of(nlp, resolver, text, word) == []


@pytest.mark.parametrize(("text", "word"), [
    ("Cyclone Freddy hit Malawi.", "Freddy"),
    ("Typhoon Mawar struck Guam.", "Mawar"),
    ("Brazilian planemaker Embraer sued Canada.", "Embraer"),
    ("Indian carmaker Tata Motors opened a plant in Kenya.", "Motors"),
    ("The Marburg virus reached Tanzania.", "virus"),
    ("Norwegian energy company Statkraft signed a deal with Chile.", "Statkraft"),
])
def test_actors_non_political_entities_are_never_coded(nlp, resolver, text, word):
    assert [m.code for m in _actor_of(nlp, resolver, text, word) if m.code] == []


def test_actors_capital_as_place_gives_country_only(nlp, resolver):
    (m,) = _actor_of(nlp, resolver, "A think tank in Nairobi published a report.", "tank")
    assert (m.code, m.country) == ("KENNGO", "KEN")


def test_actors_role_table_kinds_and_pos():
    table = role_table()
    assert table[("officials",)].noun_only
    assert table[("counterpart",)].kind == "counterpart"


def test_actors_orientation_is_not_nationality(nlp, resolver):
    (m,) = _actor_of(nlp, resolver, "The pro-Iranian Hezbollah fired rockets.", "Hezbollah")
    assert m.country == "LBN"
    (m,) = _actor_of(nlp, resolver, "An anti-Russia activist was jailed.", "activist")
    assert (m.code, m.country) == ("CVL", None)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Germany reminded Iraq that it must cooperate with the inspectors.", "it", "IRQ"),
        ("The United Nations said it would send more monitors.", "it", "IGOUNO"),
    ],
)
def test_actors_it_resolves_to_last_country_or_organisation(nlp, resolver, text, word, code):
    found = _actor_of(nlp, resolver, text, word)
    assert [m.code for m in found] == [code]
    assert found[0].resolved_by == "coreference" and found[0].antecedent is not None


@pytest.mark.parametrize("text", ["It is unclear whether Iran will attack.", "It seems that Chile agreed."])
def test_actors_expletive_it_is_not_an_actor(nlp, resolver, text):
    assert _actor_of(nlp, resolver, text, "It") == []


def test_actors_coreference_keeps_antecedent_span(nlp, resolver):
    text = "Indonesian Foreign Minister Retno Marsudi arrived on Monday. Marsudi said she would meet Chinese officials."
    doc = nlp(text)
    resolver(doc)
    she = next(m for m in mentions_for(doc, doc[[t.text for t in doc].index("she")]))
    actor = she.to_actor(doc)
    assert actor.refers_to and text[actor.refers_to["start"]:actor.refers_to["end"]] == actor.refers_to["text"]
    assert "Marsudi" in actor.refers_to["text"]
