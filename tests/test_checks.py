"""`check`'s advice: what is unfinished or contradicts itself."""

from models import services as sv
from models.checks import check_map, check_store
from models.graph import build_graph


def test_a_sound_new_map_has_only_empty_stages_to_report(empty_store):
    assert check_store(empty_store) == []
    advice = check_map(build_graph(empty_store))
    assert len(advice) == 4 and all("needs no data items yet" in a for a in advice)


def test_unfinished_and_contradictory_entries_are_reported(empty_store):
    s = empty_store
    item = sv.add_item(s, "Police call-outs").created[1]
    sv.need_item(s, 1, item)
    sv.set_access(s, item, 1, "blocked")
    sv.set_access(s, item, 2, "accessible")
    blockage = sv.add_blockage(s, item, 2, "legal", "no agreement").created[1]
    sv.add_action(s, blockage, "agree one", status="dropped")
    advice = "\n".join(check_map(build_graph(s)))
    assert "Nobody is recorded as holding “Police call-outs”" in advice
    assert "“Police call-outs” are blocked in Bolton with no reason recorded" in advice
    assert "in Bury has no action to unblock it (its only actions were dropped)" in advice
    assert "recorded for Bury, but access there is marked accessible" in advice


def test_an_item_with_several_blockages_is_told_apart_by_its_reason(empty_store):
    s = empty_store
    item = sv.add_item(s, "HMRC income").created[1]
    sv.need_item(s, 1, item)
    sv.set_access(s, item, 1, "blocked")
    sv.add_blockage(s, item, 1, "legal", "no legal gateway for HMRC")
    sv.add_blockage(s, item, 1, "technical", "no secure link to HMRC " + "x" * 80)
    advice = check_map(build_graph(s))
    assert "The blockage of “HMRC income” in Bolton (“no legal gateway for HMRC”) has no action to unblock it." \
        in advice
    assert any(a.startswith("The blockage of “HMRC income” in Bolton (“no secure link to HMRC xxx") and "…”)" in a
               for a in advice)
    assert "“HMRC income” is blocked" not in "\n".join(advice)  # it has its reasons
