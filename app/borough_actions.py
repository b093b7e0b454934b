"""File-menu work for analysts: borough input workbooks (write, fill in), merging borough maps, and the
comparison workbook. The work itself is Qt-free (exports/, models/); here are only the questions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.commands import push_all
from models.errors import MapError
from models.graph import nodes_of

if TYPE_CHECKING:
    from app.main_window import MainWindow

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"


def install_borough_actions(window: MainWindow) -> None:
    """Add the analysts' items to the File menu, after Export picture."""
    file_menu = window.file_menu
    anchor = window.picture_action
    items = [
        ("Export &comparison…", lambda: export_comparison(window), "export_comparison"),
        ("Write &borough input workbook…", lambda: write_borough_template(window), "write_borough_template"),
        ("&Fill in from borough workbook…", lambda: fill_from_workbook(window), "fill_from_workbook"),
        ("&Merge borough maps…", lambda: merge_maps(window), "merge_maps"),
    ]
    after = file_menu.actions()[file_menu.actions().index(anchor) + 1]
    window.borough_actions = {}
    for text, slot, name in items:
        action = window._action(file_menu, text, slot, name=name)
        file_menu.removeAction(action)
        file_menu.insertAction(after, action)
        window.borough_actions[name] = action


def _target(path: str, suffix: str) -> Path:
    return Path(path if path.lower().endswith(suffix) else path + suffix)


def _run(window: MainWindow, title: str, job) -> object | None:
    try:
        return job()
    except (MapError, OSError) as e:
        window.asker.problem(title, str(e))
    return None


def export_comparison(window: MainWindow) -> None:
    document = window.document
    if document is None:
        return
    path = window.asker.save_path("Export the locality comparison", f"{document.store.path.stem} comparison.xlsx",
                                  WORKBOOK_FILTER)
    if not path:
        return
    from exports.comparison import write_comparison

    written = _run(window, "Cannot export the comparison", lambda: write_comparison(document.graph,
                                                                                   _target(path, ".xlsx")))
    if written:
        window.statusBar().showMessage(f"Exported the comparison to {written}", 10_000)


def write_borough_template(window: MainWindow) -> None:
    """An input workbook for one locality to fill in and send back."""
    document = window.document
    if document is None:
        return
    graph = document.graph
    names = [graph.nodes[k]["name"] for k in nodes_of(graph, "locality")]
    if not names:
        window.show_message("This map has no localities yet: add one in the Localities table first.")
        return
    shown = window.diagram.scene.locality if window.diagram is not None else None
    current = names.index(graph.nodes[shown]["name"]) if shown in graph else 0
    name, ok = QInputDialog.getItem(window, "Borough input workbook", "For which locality?", names, current, False)
    if not ok:
        return
    path = window.asker.save_path("Write the input workbook", f"{name} input.xlsx", WORKBOOK_FILTER)
    if not path:
        return
    from exports.borough_template import write_template

    written = _run(window, "Cannot write the workbook", lambda: write_template(graph, name, _target(path, ".xlsx")))
    if written:
        window.statusBar().showMessage(f"Wrote {written}: send it to {name} to fill in.", 10_000)


def fill_from_workbook(window: MainWindow) -> None:
    """Read a filled-in borough workbook into the open map: checked whole first, then every edit it asks for
    as one undo step (all of it or nothing). Answers the map has changed since the workbook was written are
    overwritten only if the user says so, having seen each."""
    document = window.document
    if document is None:
        return
    if document.read_only:
        window.show_message(f"{document.store.path.name} is open read-only; open it for editing to fill it in.")
        return
    path, _ = QFileDialog.getOpenFileName(window, "Fill in from a borough workbook", "", WORKBOOK_FILTER)
    if not path:
        return
    from exports.borough_fill import FillConflict, read_borough_input

    try:
        plan = read_borough_input(path, document.graph)
    except FillConflict as conflict:
        if not _overwrite_newer(window, conflict):
            return
        plan = _run(window, "Cannot fill in the map",
                    lambda: read_borough_input(path, document.graph, overwrite_newer=True))
    except (MapError, OSError) as e:
        window.asker.problem("Cannot fill in the map", str(e))
        return
    if plan is None:
        return
    report = plan.report
    report.edits = [e.describe for e in plan.edits]
    if plan.edits and not push_all(document, f"Fill in {report.locality} from {Path(path).name}",
                                   fill_commands(document, plan.edits)):
        return
    window.statusBar().showMessage(report.summary(), 15_000)
    window.show_message(report.summary())


def _overwrite_newer(window: MainWindow, conflict) -> bool:
    """Ask before a workbook's answers replace answers the map has changed since it was written."""
    box = QMessageBox(QMessageBox.Icon.Question, "Newer answers in the map",
                      f"The map has changed {len(conflict.conflicts)} of these answers since the workbook was "
                      "written. Overwrite them with the workbook's answers?", parent=window)
    box.setDetailedText("\n".join(conflict.conflicts))
    overwrite = box.addButton("Overwrite newer answers", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is overwrite


def fill_commands(document, edits) -> list:
    """Makers of the undo commands that carry out a fill's plan (exports.borough_fill.Edit), in order: an action
    for a blockage its row adds takes that blockage's id once it has been made."""
    from app.commands import AccessCommand, AddCommand, EditCommand, services

    added: dict[int, AddCommand] = {}  # row → the command that added its blockage

    def maker(edit):
        def make():
            made = {"blockage": added[edit.row].created[1]} if edit.on_new_blockage else {}
            args = edit.arguments(made)
            if edit.service == "set_access":
                return AccessCommand(document, edit.describe, *args, **edit.values)
            service = getattr(services, edit.service)
            if edit.service.startswith("add_"):
                command = AddCommand(document, edit.describe, service, *args, **edit.values)
                if edit.service == "add_blockage":
                    added[edit.row] = command
                return command
            return EditCommand(document, edit.describe, service, args[0], edit.values)
        return make

    return [maker(edit) for edit in edits]


def merge_maps(window: MainWindow) -> None:
    """Bring several borough maps into one new map, then offer to open it."""
    paths, _ = QFileDialog.getOpenFileNames(window, "Choose the maps to merge (two or more)", "",
                                            "Circle of Need maps (*.needmap)")
    if not paths:
        return
    if len(paths) < 2:
        window.asker.problem("Merge borough maps", "Choose at least two maps to merge.")
        return
    output = window.asker.save_path("Save the merged map as", "Merged map.needmap")
    if not output:
        return
    from models.merge import merge_maps as merge

    report = _run(window, "Cannot merge the maps", lambda: merge(_target(output, ".needmap"), paths))
    if report is None:
        return
    box = QMessageBox(QMessageBox.Icon.Information, "Maps merged", report.lines()[0], parent=window)
    if len(report.lines()) > 1:
        box.setInformativeText("Look at these before relying on the merged map.")
        box.setDetailedText("\n".join(report.lines()[1:]))
    open_button = box.addButton("Open the merged map", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_button:
        window.open_path(report.output)
