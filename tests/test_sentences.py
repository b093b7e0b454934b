"""The sentence the leadership group reads: grammar for none, one and many; reasons; missing actions."""

import pytest

from models import services as sv
from models.graph import build_graph
from models.sentences import clause, join, map_sentences, noun, stage_sentence, stage_sentences


def test_lists_are_joined_the_british_way():
    assert join([]) == ""
    assert join(["x"]) == "x"
    assert join(["x", "y", "z"], "or") == "x, y or z"
    # An item with an “and” of its own: a comma before the last “and” keeps the items apart.
    assert join(["tenancy status and rent arrears", "health visits"]) == "tenancy status and rent arrears, and health visits"
    assert join(["x", "y"]) == "x and y"
    assert join(["x", "y", "z"]) == "x, y and z"


def test_phrases_fit_inside_a_sentence():
    assert clause("The trust has no agreement.") == "the trust has no agreement"
    assert clause("HMRC has no gateway") == "HMRC has no gateway"
    assert clause("To agree a Tier 2 agreement", ("to ",)) == "agree a Tier 2 agreement"
    assert clause("Wigan Council refuses") == "Wigan Council refuses"
    assert noun("Live birth notifications") == "live birth notifications"
    assert noun("HMRC income") == "HMRC income"
    assert noun("Jobcentre Plus claims") == "Jobcentre Plus claims"


@pytest.fixture
def two_localities(empty_store):
    s = empty_store
    holder = sv.add_agency(s, "Maternity services").created[1]
    births = sv.add_item(s, "Live birth notifications", holder_id=holder).created[1]
    income = sv.add_item(s, "HMRC income").created[1]
    police = sv.add_item(s, "Police call-outs").created[1]
    for item in (births, income, police):
        sv.need_item(s, 1, item)
    return s, births, income, police


def sentence(store, stage=1, locality=1):
    graph = build_graph(store)
    return stage_sentence(graph, ("stage", stage), None if locality is None else ("locality", locality))


def test_no_items_yet(empty_store):
    assert sentence(empty_store) == "To accurately identify families we have not yet listed the data we need."


def test_everything_accessible(two_localities):
    s, births, income, police = two_localities
    for item in (births, income, police):
        sv.set_access(s, item, 1, "accessible")
    assert sentence(s) == ("To accurately identify families we need HMRC income, live birth notifications and "
                           "police call-outs; we can access all of them.")


def test_one_blocked_item_with_reason_and_action(two_localities):
    s, births, income, police = two_localities
    sv.set_access(s, births, 1, "accessible")
    sv.set_access(s, police, 1, "accessible")
    sv.set_access(s, income, 1, "blocked")
    blockage = sv.add_blockage(s, income, None, "legal", "There is no legal gateway for councils.").created[1]
    sv.add_action(s, blockage, "Agree a gateway with HMRC", "national", "HMRC", due="31/03/2012")
    assert sentence(s) == (
        "To accurately identify families we need HMRC income, live birth notifications and police call-outs; "
        "we cannot access HMRC income because there is no legal gateway for councils; "
        "to unblock access we need to agree a gateway with HMRC (HMRC, by 31 March 2012).")


def test_several_blocked_items_each_with_its_reason_and_one_without_action(two_localities):
    s, births, income, police = two_localities
    for item in (births, income):
        sv.set_access(s, item, 1, "blocked")
    sv.set_access(s, police, 1, "partial")
    b1 = sv.add_blockage(s, births, 1, "cultural", "the trust has never shared it").created[1]
    sv.add_blockage(s, income, 1, "legal", "there is no gateway")
    sv.add_action(s, b1, "invite the trust to the pilot board", "local", "Bolton Council")
    text = sentence(s)
    assert "we cannot access HMRC income because there is no gateway" in text
    assert "we cannot access live birth notifications because the trust has never shared it" in text
    assert "we can only partly access police call-outs" in text
    assert "no action to unblock access to HMRC income has been agreed yet" in text
    assert ("to unblock access to live birth notifications we need to invite the trust to the pilot board "
            "(Bolton Council)") in text
    assert text.endswith(".") and ".;" not in text and "  " not in text


def test_done_actions_are_not_asked_for_again(two_localities):
    s, births, _, _ = two_localities
    sv.set_access(s, births, 1, "blocked")
    blockage = sv.add_blockage(s, births, 1, "legal", "there is no agreement").created[1]
    done = sv.add_action(s, blockage, "visit the trust", status="done").created[1]
    assert "the actions agreed to unblock access to live birth notifications are done, yet it is still blocked" \
        in sentence(s)
    sv.add_action(s, blockage, "sign the agreement", owner_body="Bolton Council")
    text = sentence(s)
    assert "to unblock access we need to sign the agreement (Bolton Council)" in text and "visit" not in text
    sv.edit_action(s, done, status="agreed")
    assert "we need to visit the trust and sign the agreement (Bolton Council)" in sentence(s)


def test_a_step_naming_a_thing_to_have_is_not_made_a_thing_to_do(two_localities):
    s, births, _, _ = two_localities
    sv.set_access(s, births, 1, "blocked")
    blockage = sv.add_blockage(s, births, 1, "legal", "there is no agreement").created[1]
    sv.add_action(s, blockage, "DWP data sharing agreement", owner_body="DWP")
    assert "to unblock access we need DWP data sharing agreement (DWP)." in sentence(s)
    sv.add_action(s, blockage, "Agree a gateway with the trust")
    sv.add_action(s, blockage, "A signed Tier 2 agreement")
    # Things first, then what to do after one “to”; a step starting with a verb keeps its “to”.
    assert ("we need DWP data sharing agreement (DWP), a signed Tier 2 agreement and to agree a gateway with "
            "the trust.") in sentence(s)


def test_a_very_long_reason_is_shortened_inside_the_sentence(two_localities):
    s, births, income, _ = two_localities
    sv.set_access(s, births, 1, "blocked")
    sv.set_access(s, income, 1, "blocked")
    sv.add_blockage(s, births, 1, "legal", "x" * 40_000)
    b = sv.add_blockage(s, income, 1, "legal", "there is no gateway").created[1]
    sv.add_action(s, b, "ask HMRC")
    text = sentence(s)
    assert "x" * 600 + "…" in text and "x" * 601 not in text
    assert "to unblock access to HMRC income we need to ask HMRC;" in text


def test_blocked_without_a_reason_says_so(two_localities):
    s, births, _, _ = two_localities
    sv.set_access(s, births, 1, "blocked")
    assert "we cannot access live birth notifications, and nobody has yet recorded why" in sentence(s)


def test_across_localities_names_where(two_localities):
    s, births, income, police = two_localities
    sv.set_access(s, births, 2, "blocked")  # Bury
    sv.set_access(s, births, 10, "blocked")  # Wigan
    sv.set_access(s, births, 1, "accessible")
    sv.add_blockage(s, births, 2, "legal", "the trust's advice differs")
    sv.add_blockage(s, births, 10, "legal", "the trust's advice differs")
    for loc in range(1, 11):
        sv.set_access(s, income, loc, "blocked")
    sv.add_blockage(s, income, None, "legal", "there is no gateway")
    text = sentence(s, locality=None)
    assert "we cannot access live birth notifications in Bury and Wigan because the trust's advice differs;" in text
    assert "we cannot access HMRC income in any locality because there is no gateway" in text
    sv.add_blockage(s, births, 10, "cultural", "the trust has never shared it")
    text = sentence(s, locality=None)
    assert ("we cannot access live birth notifications in Bury and Wigan because the trust has never shared it "
            "(Wigan), and because the trust's advice differs (Bury and Wigan);") in text
    assert "we do not yet know whether we can access police call-outs" in text


def test_the_stage_aim_leads_and_a_missing_aim_falls_back_to_the_name(two_localities):
    s, *_ = two_localities
    sv.edit_stage(s, 1, aim="to find the families most in need")
    assert sentence(s).startswith("To find the families most in need we need ")
    sv.edit_stage(s, 1, aim="")
    assert sentence(s).startswith("For Identification of need we need ")


def test_every_sample_sentence_is_well_formed(sample_graph):
    localities = [k for k in sample_graph if k[0] == "locality"]
    for locality in [None, *localities]:
        for stage, text in map_sentences(sample_graph, locality):
            assert text.startswith("To ") and text.endswith(".")
            assert ".;" not in text and ";;" not in text and " ," not in text and "  " not in text
            assert "we need " in text


def test_the_statement_names_the_biggest_gaps_and_counts_the_rest(two_localities):
    from models.graph import nodes_of
    from models.statements import stage_statement

    s, births, income, police = two_localities
    graph = build_graph(s)
    places = nodes_of(graph, "locality")
    assert stage_statement(graph, ("stage", 1), places) == (
        "To accurately identify families we need 3 data items, and nothing blocks any of them in any locality.")
    for loc in range(1, 11):
        sv.set_access(s, income, loc, "blocked")
    sv.add_blockage(s, income, None, "legal", "there is no legal gateway for HMRC")
    sv.set_access(s, births, 10, "blocked")
    graph = build_graph(s)
    text = stage_statement(graph, ("stage", 1), places)
    assert text.startswith("To accurately identify families we need HMRC income, live birth notifications and "
                           "1 other data item; we cannot access HMRC income in every locality because there is "
                           "no legal gateway for HMRC; we cannot access live birth notifications in Wigan, and "
                           "nobody has yet recorded why;")
    assert text.endswith("no action to unblock access has been agreed yet.")
    assert len(text.split()) <= 85
    assert stage_statement(graph, ("stage", 2), places) == (
        "To design the right support for each family we have not yet listed the data we need.")


# ---- on a map written from the 2011 report --------------------------------------------------


@pytest.fixture
def three(tmp_path):
    from models.graph import build_graph
    from tests.report_map import make_report_map

    store = make_report_map(tmp_path / "three.needmap")
    graph = build_graph(store)
    store.close()
    return graph


def _key(graph, kind, name):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


def test_partly_accessible_data_keeps_its_reasons_and_actions(three):
    identify = _key(three, "stage", "Identification of need")
    wigan = _key(three, "locality", "Wigan")
    text = stage_sentence(three, identify, wigan)
    assert ("we can only partly use DWP out-of-work benefits because only at SOA level, six months in arrears"
            in text)
    assert ("to improve access to DWP out-of-work benefits we need to send pilots monthly person-level benefit "
            "data (DWP, by 30 April 2012)") in text
    across = stage_sentence(three, identify)
    assert "we can only partly use school attainment in Bolton and Bury because 9–12 months in arrears, ward level" \
        in across
    assert "to improve access to school attainment we need to release provisional results each term" in across
    for place in [None, *[k for k in three if k[0] == "locality"]]:  # the report's fast path says the same
        assert stage_sentences(three, identify, [place]) == [stage_sentence(three, identify, place)]


def test_the_sentence_says_which_needs_are_essential(three):
    identify = _key(three, "stage", "Identification of need")
    assert stage_sentence(three, identify).startswith(
        "To accurately identify families we need DWP out-of-work benefits, HMRC income and live birth "
        "notifications, and it would help to have school attainment;")
    evaluate = _key(three, "stage", "Evaluation of impact")  # all essential: no split
    assert stage_sentence(three, evaluate).startswith(
        "To show the difference the support makes we need DWP out-of-work benefits and school attainment;")


def test_a_partly_accessible_item_with_no_action_says_so(three):
    design = _key(three, "stage", "Design of support")
    text = stage_sentence(three, design, _key(three, "locality", "Wigan"))
    assert "we can only partly use anti-social behaviour incidents because only incidents at the family's own " \
           "address are passed on" in text
    assert text.endswith("no action to improve access to anti-social behaviour incidents has been agreed yet.")


def test_a_locality_with_no_reason_and_a_reason_with_no_action_are_said(tmp_path):
    from models.graph import build_graph
    from models.interchange import import_map
    from tests.report_map import report_map_document

    document = report_map_document()
    document["blockages"] = [b for b in document["blockages"] if b["id"] != 2]  # Wigan's live births: no reason
    document["actions"] = [a for a in document["actions"] if a["blockage"] != 2]
    document["blockages"].append({"id": 9, "data_item": "HMRC income", "locality": "Bury", "category": "technical",
                                  "reason": "Bury's systems cannot take HMRC's file format"})
    store = import_map(document, tmp_path / "m.needmap")
    graph = build_graph(store)
    store.close()
    identify = _key(graph, "stage", "Identification of need")
    text = stage_sentence(graph, identify)
    assert ("we cannot access live birth notifications in Bury and Wigan because the trust's lawyers say the "
            "mother's consent is needed, and nobody has yet recorded why in Wigan") in text
    assert ("to unblock access to HMRC income we need to create a legal gateway for HMRC income data (HMRC, by "
            "31 March 2012), and an action has yet to be agreed for “Bury's systems cannot take HMRC's file "
            "format”") in text
    assert stage_sentences(graph, identify, [None]) == [text]
