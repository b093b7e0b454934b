"""The quick-entry grammar and the forgiving name look-ups (no Qt)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.quick_entry import (
    find_agency, find_item, find_item_to_add, guess_category, parse, tidy,
)
from models.vocabulary import CATEGORY, LEVEL


def _key(graph, kind, name):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


@pytest.mark.parametrize("line, kind, item, holder, text", [
    ("Live birth data @Maternity services", "add", "Live birth data", "Maternity services", ""),
    ("  Live   birth data  @ Maternity  ", "add", "Live birth data", "Maternity", ""),
    ("Live birth data", "add", "Live birth data", "", ""),
    ("Live birth data @Maternity: find new families", "add", "Live birth data", "Maternity", "find new families"),
    ("!Live birth data: no sharing agreement with the trust", "block", "Live birth data", "",
     "no sharing agreement with the trust"),
    ("! Live birth data", "block", "Live birth data", "", ""),
    ("+Live birth data", "accessible", "Live birth data", "", ""),
    ("~Live birth data: the Bolton lead", "partial", "Live birth data", "", "the Bolton lead"),
    (">Live birth data: ask the trust's Caldicott guardian (local)", "action", "Live birth data", "",
     "ask the trust's Caldicott guardian"),
])
def test_lines_say_what_they_ask_for(line, kind, item, holder, text):
    entry = parse(line)
    assert (entry.kind, entry.item, entry.holder, entry.text) == (kind, item, holder, text)


@pytest.mark.parametrize("reason, category", [
    ("no legal gateway for sharing", "legal"),
    ("the law does not allow it", "legal"),
    ("needs the family's consent", "consent"),
    ("the IT system cannot match the identifier", "technical"),
    ("it is not shared", "organisational"),  # "it" is not IT
    ("no staff time to extract it", "resource"),
    ("only available months in arrears by ward", "currency"),
    ("only by SOA", "currency"),
    ("it has never shared with anyone", "cultural"),
    ("the trust is not willing", "cultural"),
    ("no sharing agreement with the trust", "organisational"),
])
def test_the_category_is_guessed_from_the_words(reason, category):
    assert guess_category(reason) == category
    entry = parse(f"!X: {reason}")
    assert (entry.category, entry.category_given) == (category, False)


def test_a_category_tag_overrides_the_guess_and_a_wrong_one_says_the_choices():
    entry = parse("!X: no staff time [legal]")
    assert (entry.kind, entry.category, entry.category_given, entry.text) == ("block", "legal", True, "no staff time")
    assert parse("!X: anything [tech]").category == "technical"
    assert parse("!X: anything [Currency/granularity]").category == "currency"
    wrong = parse("!X: anything [purple]")
    assert wrong.kind == "error" and "[legal]" in wrong.hint and "purple" in wrong.hint


@pytest.mark.parametrize("tag, level", [("(local)", "local"), ("(gm)", "gm"), ("(GM)", "gm"),
                                         ("(Greater Manchester)", "gm"), ("(national)", "national")])
def test_an_action_level_is_read_from_its_tag(tag, level):
    entry = parse(f">Live birth data: ask the trust {tag}")
    assert (entry.kind, entry.text, entry.level, entry.level_given) == ("action", "ask the trust", level, True)


def test_an_action_without_a_level_is_local_and_other_brackets_stay_in_the_step():
    entry = parse(">X: ask (the trust) first")
    assert (entry.level, entry.level_given, entry.text) == ("local", False, "ask (the trust) first")
    assert parse(">X: ask the trust (and the CCG)").text == "ask the trust (and the CCG)"


@pytest.mark.parametrize("line, mode, minutes", [
    ("timer 10", "set", 10), ("Timer 2.5", "set", 2.5), ("timer 90s", "set", 1.5), ("timer 5 min", "set", 5),
    ("timer", "toggle", 0), ("timer reset", "reset", 0),
])
def test_timer_lines(line, mode, minutes):
    entry = parse(line)
    assert (entry.kind, entry.text, entry.minutes) == ("timer", mode, minutes)


def test_an_item_whose_name_starts_with_timer_is_an_item():
    assert parse("Timeliness of data @ONS").kind == "add"
    assert parse("Timer logs").kind == "add"


@pytest.mark.parametrize("line", ["", "   ", "@Maternity", "Live birth @", "A @B @C", "!", "+", ">X", ">X: (gm)",
                                  "!X: [legal]", "timer 0", "timer 10000", "timer 5 parsecs"])
def test_bad_lines_are_errors_with_a_hint(line):
    entry = parse(line)
    assert entry.kind == "error"
    assert len(entry.hint) > 15 and entry.hint.endswith((".", ")"))


@pytest.mark.parametrize("line", ["?", "help", " ? "])
def test_help(line):
    assert parse(line).kind == "help"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_parse_never_raises_and_always_answers(text):
    entry = parse(text)
    assert entry.kind in ("add", "block", "accessible", "partial", "action", "remove", "timer", "help", "error")
    if entry.kind == "error":
        assert entry.hint
    if entry.kind in ("add", "block", "accessible", "partial", "action", "remove"):
        assert entry.item and entry.item == tidy(entry.item)
    if entry.kind == "block" and entry.text:
        assert entry.category in CATEGORY.values
    if entry.kind == "action":
        assert entry.level in LEVEL.values and entry.text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from("!+~>@:?[]() "), st.text(alphabet=st.sampled_from("ab !+~>@:[]()\t\n\x00é"), max_size=30))
def test_parse_never_raises_on_grammar_characters(mark, rest):
    entry = parse(mark + rest)
    assert entry.kind == "error" and entry.hint or entry.kind != "error"


def test_names_match_in_any_case_and_spacing(sample_graph):
    births = _key(sample_graph, "item", "Live birth notifications")
    match = find_item(sample_graph, "  live  BIRTH notifications ")
    assert (match.key, match.how, match.hint) == (births, "exact", "")


def test_punctuation_in_a_name_need_not_be_typed(sample_graph):
    police = _key(sample_graph, "item", "Police call-outs to family addresses")
    assert find_item(sample_graph, "Police call outs").key == police  # the hyphen left out
    assert find_item(sample_graph, "police call-outs to family addresses").how == "exact"


def test_a_unique_start_or_a_near_miss_is_accepted_and_said(sample_graph):
    births = _key(sample_graph, "item", "Live birth notifications")
    start = find_item(sample_graph, "live bir")
    assert (start.key, start.how) == (births, "prefix") and "Live birth notifications" in start.hint
    typo = find_item(sample_graph, "Live brith notifcations")
    assert (typo.key, typo.how) == (births, "close") and "Live birth notifications" in typo.hint


def test_a_start_shared_by_several_names_asks_for_more(sample_graph):
    match = find_item(sample_graph, "School")
    assert match.key is None and match.how == "ambiguous" and "type more" in match.hint


def test_an_unknown_name_is_not_found(sample_graph):
    match = find_item(sample_graph, "Weather forecasts")
    assert match.key is None and match.how == "none" and "Weather forecasts" in match.hint


def test_the_stage_shown_wins_a_tie():
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node(("stage", 1), kind="stage", name="Identification")
    for ident, name in ((1, "School attendance"), (2, "School exclusions")):
        graph.add_node(("item", ident), kind="item", name=name)
    graph.add_edge(("stage", 1), ("item", 2), kind="needs")
    assert find_item(graph, "school", ("stage", 1)).key == ("item", 2)
    assert find_item(graph, "school").key is None


def test_adding_reuses_a_near_miss_but_never_a_mere_start(sample_graph):
    births = _key(sample_graph, "item", "Live birth notifications")
    assert find_item_to_add(sample_graph, "Live birth notification").key == births
    assert find_item_to_add(sample_graph, "Live birth").key is None
    assert find_item_to_add(sample_graph, "Live birth notifs").key is None  # not alike enough to be a typo


def test_agencies_match_by_name_short_name_or_start(sample_graph):
    maternity = _key(sample_graph, "agency", "Maternity services (NHS trusts)")
    assert find_agency(sample_graph, "maternity services (nhs trusts)").key == maternity
    assert find_agency(sample_graph, "Maternity").key == maternity
    assert find_agency(sample_graph, "Matern").key == maternity
    assert find_agency(sample_graph, "The Met Office").key is None


@pytest.mark.parametrize("typed, name, how", [
    ("Free school meals eligibility", "Free school meals eligibility", "exact"),
    ("free school meals", "Free school meals eligibility", "exact"),  # its first words, as a cut name shows
    ("Free school meals elig…", "Free school meals eligibility", "exact"),
    ("Free schol meals", "Free school meals eligibility", "close"),  # a typo: asked about first
    ("Agency spend on each cohort famly", "Agency spend on each cohort family", "close"),
])
def test_a_removal_takes_the_name_as_shown_and_marks_a_typo(sample_graph, typed, name, how):
    from models.quick_entry import find_item_to_remove

    stage = _key(sample_graph, "stage", "Evaluation of impact")
    found = find_item_to_remove(sample_graph, typed, stage)
    assert (found.key, found.how) == (_key(sample_graph, "item", name), how)


def test_a_removal_finds_nothing_outside_the_circle_or_too_far_off(sample_graph):
    from models.quick_entry import find_item_to_remove

    stage = _key(sample_graph, "stage", "Evaluation of impact")
    assert find_item_to_remove(sample_graph, "Live birth notifications", stage).key is None  # another stage's
    assert find_item_to_remove(sample_graph, "Weather", stage).key is None
    assert find_item_to_remove(sample_graph, "School att", stage).how == "ambiguous"  # attainment, attendance
