"""Snapshots in the window: File ▸ Mark as reported… and File ▸ Snapshots… (each step undoable), the
Changes since dock (what changed since a snapshot, under its headings) and the diagram's Δ marks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models import snapshots as sn
from models.analysis import status
from models.graph import nodes_of
from models.store import MapStore
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401
from views.intents import Intent


def _names(store) -> list[str]:
    return [s.name for s in sn.list_snapshots(store)]


def _mark(qtbot, window, name: str):
    """File ▸ Mark as reported…, the name typed over the one suggested, OK: the form (still open if refused)."""
    window.mark_reported_action.trigger()
    dialog = window.snapshot_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog


def _rows(dialog) -> list[str]:
    return [dialog.table.topLevelItem(n).text(0) for n in range(dialog.table.topLevelItemCount())]


def _lines(window) -> list[str]:
    lines = window.changes.lines
    return [lines.item(n).text() for n in range(lines.count())] if lines.isVisibleTo(window.changes) else []


def _open_changes(qtbot, window) -> None:
    window.changes_action.trigger()
    qtbot.waitUntil(window.changes_dock.isVisible)


def test_mark_as_reported_takes_a_snapshot_as_one_undoable_step(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    window.mark_reported_action.trigger()
    dialog = window.snapshot_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.name.text() == f"PLG {sn.day_words(dt.date.today())}"  # the meeting of the day, suggested
    dialog.reject()

    _mark(qtbot, window, "PLG 5 December 2026")
    assert not window.snapshot_dialog.isVisible()
    assert _names(sample_store) == ["PLG 5 December 2026"]
    ident = sn.list_snapshots(sample_store)[0].id
    assert sn.snapshot_document(sample_store, ident)["data_items"]  # the whole map, as it stood
    assert window.undo_action.text() == "&Undo Mark as reported “PLG 5 December 2026”"

    qtbot.keyClick(window.diagram.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(sample_store) == []
    window.redo_action.trigger()
    assert [(s.id, s.name) for s in sn.list_snapshots(sample_store)] == [(ident, "PLG 5 December 2026")]


def test_a_refused_name_keeps_the_form_open_with_the_maps_reason(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    _mark(qtbot, window, "PLG 5 December 2026")
    window.mark_reported_action.trigger()
    assert window.snapshot_dialog.name.text() != "PLG 5 December 2026"  # a name still free is suggested
    window.snapshot_dialog.reject()

    dialog = _mark(qtbot, window, "plg 5 DECEMBER 2026")
    assert dialog.isVisible() and dialog.name.text() == "plg 5 DECEMBER 2026"
    assert dialog.hint.text() == "There is already a snapshot called “PLG 5 December 2026”; choose another name."
    dialog.name.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.hint.text().startswith("A snapshot needs a name")
    assert _names(sample_store) == ["PLG 5 December 2026"]
    assert window.document.undo_stack.count() == 1  # nothing refused reached the history
    assert not window.message_bar.isVisible()  # the form says it, not the window


def test_rename_and_delete_through_the_snapshots_dialog_each_undoable(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    sn.take_snapshot(sample_store, "Before the workshop", taken_at=dt.datetime(2026, 10, 3, 9))
    _mark(qtbot, window, "PLG November")
    window.snapshots_action.trigger()
    dialog = window.snapshots_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert _rows(dialog) == ["PLG November", "Before the workshop"]  # newest first

    dialog.select("PLG November")
    dialog.rename_button.click()
    form = dialog.name_dialog
    qtbot.waitUntil(form.isVisible)
    form.name.clear()
    qtbot.keyClicks(form.name, "before the WORKSHOP")
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert form.isVisible() and "already a snapshot called “Before the workshop”" in form.hint.text()
    form.name.clear()
    qtbot.keyClicks(form.name, "PLG 26 November 2026")
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not form.isVisible()
    assert _names(sample_store) == ["Before the workshop", "PLG 26 November 2026"]
    assert _rows(dialog) == ["PLG 26 November 2026", "Before the workshop"]
    window.undo_action.trigger()
    assert _names(sample_store) == ["Before the workshop", "PLG November"]
    assert _rows(dialog) == ["PLG November", "Before the workshop"]  # the open list follows the undo
    window.redo_action.trigger()
    assert _names(sample_store) == ["Before the workshop", "PLG 26 November 2026"]

    asked = []
    dialog.select("Before the workshop")
    dialog.confirm_delete = lambda name: asked.append(name) or False
    dialog.delete_button.click()
    assert asked == ["Before the workshop"] and len(_names(sample_store)) == 2  # not confirmed: kept
    before = sn.find_snapshot(sample_store, "Before the workshop")
    dialog.confirm_delete = lambda name: True
    dialog.delete_button.click()
    assert _names(sample_store) == ["PLG 26 November 2026"] and _rows(dialog) == ["PLG 26 November 2026"]
    window.undo_action.trigger()
    assert sn.find_snapshot(sample_store, before.id) == before  # the same id, name and time
    assert _rows(dialog) == ["PLG 26 November 2026", "Before the workshop"]


def _unblocked_item_on_show(window):
    """A data item drawn in the stage shown that is not blocked in the first locality, and that locality."""
    graph, scene = window.document.graph, window.diagram.scene
    locality = nodes_of(graph, "locality")[0]
    for (view, key) in scene.nodes:
        if view == scene.stage_id and key[0] == "item" and status(graph, key, locality) != "blocked":
            return key, locality
    raise AssertionError("no such item in the sample")


def test_changes_since_lists_what_changed_and_the_diagram_marks_it(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    _open_changes(qtbot, window)
    qtbot.waitUntil(lambda: window.changes.summary.text() == "No snapshot yet: File ▸ Mark as reported…")
    _mark(qtbot, window, "PLG 5 December 2026")
    qtbot.waitUntil(lambda: window.changes.summary.text().startswith("Nothing has changed since"))
    assert window.changes.summary.text() == (f"Nothing has changed since “PLG 5 December 2026” "
                                             f"({sn.day_words(dt.date.today())}).")
    assert window.changes.since.currentText() == "PLG 5 December 2026"

    graph, scene = window.document.graph, window.diagram.scene
    item, locality = _unblocked_item_on_show(window)
    name, place = graph.nodes[item]["name"], graph.nodes[locality]["name"]
    window.on_intent(Intent("set", "access", (item[1], locality[1]), {"status": "blocked"}))
    qtbot.waitUntil(lambda: "Newly blocked (1)" in _lines(window))
    lines = _lines(window)
    assert lines[lines.index("Newly blocked (1)") + 1].startswith(f"• {name}: now blocked in {place} (was ")
    node = scene.node_at(item, scene.stage_id)
    assert node.change.startswith("Δ Changed since “PLG 5 December 2026”:\n• now blocked in " + place)
    assert node.change in node.toolTip() and node.spec.tooltip in node.toolTip()
    assert not any(n.change for (v, k), n in scene.nodes.items() if k != item and hasattr(n, "change"))

    # A line about a data item selects it in the diagram.
    entry = window.changes.lines.item(lines.index("Newly blocked (1)") + 1)
    window.changes.lines.itemClicked.emit(entry)
    assert scene.selected_node() is node

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.changes.summary.text().startswith("Nothing has changed since"))
    assert node.change == "" and "Changed since" not in node.toolTip()
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: node.change != "")

    # Closed, the dock leaves the diagram unmarked; opened again, the marks are back.
    window.changes_dock.close()
    qtbot.waitUntil(lambda: node.change == "")
    _open_changes(qtbot, window)
    qtbot.waitUntil(lambda: node.change != "")


def test_the_changes_follow_the_snapshot_chosen(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    sn.take_snapshot(sample_store, "Before the workshop", taken_at=dt.datetime(2026, 10, 3, 9))
    item, locality = _unblocked_item_on_show(window)
    window.on_intent(Intent("set", "access", (item[1], locality[1]), {"status": "blocked"}))
    _mark(qtbot, window, "PLG 5 December 2026")
    _open_changes(qtbot, window)
    panel = window.changes
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Nothing has changed since “PLG 5 December 2026”"))
    assert [panel.since.itemText(n) for n in range(panel.since.count())] == ["PLG 5 December 2026",
                                                                               "Before the workshop"]
    panel.since.setCurrentIndex(1)
    panel.since.activated.emit(1)
    qtbot.waitUntil(lambda: "Newly blocked (1)" in _lines(window))
    assert window.diagram.scene.node_at(item, window.diagram.scene.stage_id).change
    # A new edit keeps the snapshot chosen.
    window.on_intent(Intent("set", "access", (item[1], locality[1]), {"status": "accessible"}))
    qtbot.waitUntil(lambda: "Newly blocked (1)" not in _lines(window))
    assert panel.since.currentText() == "Before the workshop"


def test_a_read_only_map_cannot_be_marked_as_reported(qtbot, app_settings, answers, sample_store):
    path = sample_store.path
    sample_store.close()
    window = make_window(qtbot, answers, MapStore.open(path, read_only=True))
    assert not window.mark_reported_action.isEnabled() and not window.snapshots_action.isEnabled()
    assert "open read-only" in window.mark_reported_action.statusTip()
    window.mark_as_reported()
    assert window.snapshot_dialog is None and "read-only" in window.message_bar.label.text()
    _open_changes(qtbot, window)  # what changed can still be read
    qtbot.waitUntil(lambda: window.changes.summary.text() == "No snapshot yet: File ▸ Mark as reported…")


def test_a_change_line_names_the_item_it_is_about():
    from models.snapshots import changes_between

    def document(items, access, blockages=()):
        return {"stages": [], "localities": [{"name": "Wigan"}, {"name": "Bury"}],
                "data_items": [{"name": n} for n in items], "needs": [],
                "access": [{"data_item": i, "locality": loc, "status": st} for i, loc, st in access],
                "blockages": list(blockages), "actions": []}

    before = document(["Births", "Births: live"], [("Births: live", "Wigan", "accessible")])
    after = document(["Births", "Births: live", "Deaths"], [("Births: live", "Wigan", "blocked"),
                                                            ("Births", "Bury", "accessible"),
                                                            ("Deaths", "Bolton", "blocked")])
    lines = {(line.kind, line.item, line.what) for line in changes_between(before, after, dt.date(2012, 1, 1))}
    assert ("blocked", "Births: live", "now blocked in Wigan (was accessible)") in lines
    assert ("known", "Births", "now known to be accessible in Bury") in lines
    assert ("item added", "Deaths", "added to the map") in lines
