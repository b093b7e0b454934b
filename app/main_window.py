"""The main window: menus, the diagram, the docks (the sentence, tables, inspector, undo history, changes
since a snapshot), the title, the message bar, drag-and-drop of maps, recent files, read-only mode and
remembered layout."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QStackedWidget, QUndoView, QWidget

from app import file_actions as files
from app.borough_actions import install_borough_actions
from app.commands import RenameSnapshotCommand, delete_snapshot_command, take_snapshot_command, try_push
from app.document import Document
from app.intents import carry_out
from app.panes import WAITING, MessageBar, Workspaces, column_width, overlay_parent, placeholder
from app.welcome import WelcomePage
from app.workshop import install_workshop
from models import snapshots as snapshot_store
from models.change import Change
from models.errors import MapError
from models.graph import nodes_of
from models.store import MapStore
from views.diagram_panel import DiagramPanel
from views.intents import cut_at_word
from views.sentence_panel import SentencePanel

if TYPE_CHECKING:
    from views.changes_panel import ChangesPanel, SnapshotNameDialog, SnapshotsDialog
    from views.compare import CompareWidget
    from views.inspector import InspectorWidget
    from views.tables import TablesWidget


# Where the panes' layout is kept, and its version: a layout of the older arrangement (docks under the map) is
# not restored.
LAYOUT_KEY, LAYOUT_VERSION = "window/state", 2

# Change lines about a data item's access, or the item itself: its mark on the diagram says what changed.
MARKED = frozenset({"blocked", "unblocked", "improved", "worsened", "known", "no longer known", "item added"})


class MainWindow(QMainWindow):
    """One window, one open map at a time (or the welcome page)."""

    def __init__(self) -> None:
        super().__init__()
        self.document: Document | None = None
        self.diagram: DiagramPanel | None = None
        self.tables: TablesWidget | None = None
        self.inspector: InspectorWidget | None = None
        self.compare: CompareWidget | None = None
        self.asker = files.FileAsker(self)
        self.setAcceptDrops(True)
        room = self.screen().availableGeometry()  # a 1366×768 laptop gets a window that fits on it
        self.resize(min(1680, room.width() * 96 // 100), min(1000, room.height() * 94 // 100))
        self.welcome = WelcomePage(self)
        self.stack = QStackedWidget()  # the map's workspace: the welcome page, or the diagram
        self.stack.addWidget(self.welcome)
        # The map first: the middle of the window is the diagram; the tables and the comparison take the
        # middle in its place when the user switches to them (app.panes).
        self.workspaces = Workspaces(self.stack)
        self.workspaces.builders = {"tables": self._build_tables, "compare": self._build_compare}
        self.setCentralWidget(overlay_parent(self.workspaces))
        self.message_bar = MessageBar(self.centralWidget())  # over the map, never pushing it down
        self.undo_view = QUndoView()
        self.undo_view.setEmptyLabel("Opened map")
        self.undo_view.setAccessibleName("Undo history")
        # One column of panes beside the map, each a tab with the column's full height: the sentence (what
        # the users take to their leadership group) in front; the inspector comes forward when something
        # is selected and is built the first time it is shown.
        # Short titles: the column's tabs show them whole at a laptop's width.
        self.sentence_dock = self._dock("Sentence", "sentence")
        self.inspector_dock = self._dock("Inspector", "inspector")
        self.inspector_dock.visibilityChanged.connect(lambda shown: shown and self._build_inspector())
        self.history_dock = self._dock("History", "history")
        self.history_dock.setWidget(self.undo_view)
        # What changed since a snapshot: closed until asked for, and worked out only while it is open.
        self.changes_dock = self._dock("Changes", "changes")
        self._changes_panel: ChangesPanel | None = None  # built when the Changes pane is first opened
        self.changes_dock.hide()
        self.changes_dock.visibilityChanged.connect(self._changes_shown)
        self._since: int | None = None  # the snapshot compared with; None: the latest
        self._snapshot_documents: dict[int, dict] = {}  # a snapshot's content never changes: read once
        self._changes_due = QTimer(self)  # one refresh for the several Changes of one step
        self._changes_due.setSingleShot(True)
        self._changes_due.setInterval(0)
        self._changes_due.timeout.connect(self._refresh_changes)
        self.snapshot_dialog: SnapshotNameDialog | None = None  # Mark as reported's form, while open
        self.snapshots_dialog: SnapshotsDialog | None = None
        self._inspector_came_forward = False
        self.sentence = SentencePanel()
        self.sentence.copied.connect(self._sentence_copied)
        self.sentence_dock.setWidget(self.sentence)
        self._make_menus()
        install_borough_actions(self)
        install_workshop(self)
        self._restore_layout()
        self.show_map(None)

    # ---- building ------------------------------------------------------------------------------

    def _dock(self, title: str, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setAccessibleName(title)
        dock.setWidget(placeholder(title))
        dock.setMinimumWidth(240)  # the middle gives way before the column's tabs are cut
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _action(self, menu, text: str, slot, keys=None, name: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name or text.replace("&", "").replace("…", "").replace(" ", "_").lower())
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(keys)
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(text.replace("&", "").replace("…", ""))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file = bar.addMenu("&File")
        a = self._action
        self.new_action = a(file, "&New map…", self.new_map, QKeySequence.StandardKey.New)
        self.open_action = a(file, "&Open…", self.open_map, QKeySequence.StandardKey.Open)
        self.sample_action = a(file, "Open &sample", self.open_sample, "Ctrl+Shift+O")
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.save_as_action = a(file, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file.addSeparator()
        self.mark_reported_action = a(file, "&Mark as reported…", self.mark_as_reported, name="mark_as_reported")
        self.snapshots_action = a(file, "Snaps&hots…", self.manage_snapshots, name="snapshots")
        file.addSeparator()
        self.report_action = a(file, "Export &report…", self.export_report, "Ctrl+Shift+E")
        self.picture_action = a(file, "Export &picture…", self.export_picture, "Ctrl+Shift+P")
        file.addSeparator()
        self.close_action = a(file, "&Close map", self.close_map, QKeySequence.StandardKey.Close)
        self.quit_action = a(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.undo_action = a(self.edit_menu, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = a(self.edit_menu, "&Redo", self.redo, QKeySequence.StandardKey.Redo)
        self.edit_menu.addAction(self.sentence.copy_action)  # Ctrl+Shift+C, also while the panel is closed
        self.edit_menu.addSeparator()
        self.view_menu = bar.addMenu("&View")
        for action in self.workspaces.actions_.values():
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for dock in (self.sentence_dock, self.inspector_dock, self.history_dock, self.changes_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        if bar.isNativeMenuBar():  # a menu bar has no corner on macOS: the tabs go to the status bar
            self.statusBar().addPermanentWidget(self.workspaces.tabs)
        else:
            bar.setCornerWidget(self.workspaces.tabs, Qt.Corner.TopRightCorner)
        self.changes_action = self.changes_dock.toggleViewAction()
        self.changes_action.setText("&Changes since…")
        self.changes_action.setStatusTip("What changed since the map was marked as reported; the diagram marks "
                                         "the data items whose access changed with Δ")
        self.changes_action.triggered.connect(lambda on: on and self.changes_dock.raise_())
        self.next_pane_action = a(self.view_menu, "Next pa&ne", lambda: self.cycle_pane(1), "F6")
        self.previous_pane_action = a(self.view_menu, "Previous pane", lambda: self.cycle_pane(-1), "Shift+F6")
        self.view_menu.addSeparator()

    def _panes(self) -> list[QWidget]:
        """What F6 moves between: the workspace in front (the diagram, the welcome page, the tables or the
        comparison), then each pane in sight."""
        front = self.workspaces.currentWidget()
        if front is self.stack:
            front = self.diagram.view if self.diagram is not None else self.welcome
        panes: list[QWidget] = [front]
        for dock in (self.sentence_dock, self.inspector_dock, self.history_dock, self.changes_dock):
            if dock.widget() is not None and not dock.widget().visibleRegion().isEmpty():
                panes.append(dock.widget())
        return panes

    def cycle_pane(self, step: int) -> None:
        """Move the keyboard to the next (or previous) pane: its first control that takes focus."""
        panes, focus = self._panes(), QApplication.focusWidget()
        here = next((i for i, pane in enumerate(panes) if focus is not None
                     and (focus is pane or pane.isAncestorOf(focus))), -1)
        pane = panes[(here + step) % len(panes)]
        takers = [pane] + [w for w in pane.findChildren(QWidget) if w.isVisible()]
        target = next((w for w in takers if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()), pane)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in files.recent_files():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent maps").setEnabled(False)

    # ---- the open map --------------------------------------------------------------------------

    def show_map(self, store: MapStore | None) -> None:
        """Put a map (or, with None, the welcome page) in the window, closing the one shown before."""
        self._drop_document()
        if store is None:
            self.stack.setCurrentWidget(self.welcome)
            self.workspaces.show_workspace("map")
            self.welcome.refresh()
            self.undo_view.setStack(None)
            self.sentence.clear()
            if self._changes_panel is not None:
                self.changes.show_waiting(WAITING["Changes"])
            self._update_state()
            return
        document = Document(store, self)
        self.document = document
        document.changed.connect(self._changed)
        document.error.connect(self.show_message)
        document.notice.connect(self.show_notice)
        document.undo_stack.cleanChanged.connect(self._stack_changed)
        document.undo_stack.indexChanged.connect(self._stack_changed)
        self.diagram = DiagramPanel(document.graph)
        self.diagram.intent.connect(self.on_intent)
        self.diagram.node_selected.connect(self._diagram_selected)
        self.diagram.scene.shown_changed.connect(self._show_sentence)  # a stage, the journey or a locality
        self.stack.addWidget(self.diagram)
        self.stack.setCurrentWidget(self.diagram)
        self.message_bar.anchor = self.diagram.view  # a message covers the top of the circle, not its pickers
        self._install_diagram_actions()
        # The tables, the comparison and the inspector are built when first shown (the one in sight now).
        self.workspaces.show_workspace(self.workspaces.current)
        if not self.inspector_dock.visibleRegion().isEmpty():
            self._build_inspector()
        self.undo_view.setStack(document.undo_stack)
        self._show_sentence()
        self._refresh_changes()
        self._set_read_only(document.read_only)
        if not document.read_only:
            files.remember(store.path)
        self.message_bar.hide()
        self.statusBar().clearMessage()
        self._update_state()
        self.diagram.view.setFocus()

    def _build_tables(self) -> QWidget | None:
        """The tables, for the open map, built the first time they are shown."""
        if self.document is None or self.tables is not None:
            return None
        from views.tables import TablesWidget

        self.tables = TablesWidget(self.document.graph)
        self.tables.intent.connect(self.on_intent)
        self.tables.node_selected.connect(self._table_selected)
        self.diagram.locality_picker.locality_changed.connect(self.tables.set_locality)
        self.tables.set_locality(self.diagram.scene.locality)
        self.tables.set_read_only(self.document.read_only)
        return self.tables

    def _build_compare(self) -> QWidget | None:
        """The comparison is built when first shown for a map, not at start-up: most sessions never open it,
        and every map would otherwise pay for it before its window appears."""
        if self.document is None or self.compare is not None:
            return None
        from views.compare import CompareWidget

        self.compare = CompareWidget(self.document.graph)
        self.compare.intent.connect(self.on_intent)
        if hasattr(self.compare, "set_read_only"):
            self.compare.set_read_only(self.document.read_only)
        return self.compare

    def _build_inspector(self) -> None:
        if self.document is None or self.inspector is not None:
            return
        from views.inspector import InspectorWidget

        self.inspector = InspectorWidget(self.document.graph)
        self.inspector.intent.connect(self.on_intent)
        self.diagram.locality_picker.locality_changed.connect(self.inspector.set_locality)
        self.inspector.set_locality(self.diagram.scene.locality)
        self.inspector.set_read_only(self.document.read_only)
        node = self.diagram.scene.selected_node()
        if node is not None:
            self.inspector.show_node(node.key)
        self.inspector_dock.setWidget(self.inspector)

    def _stack_changed(self, *_args) -> None:
        self._update_state()

    def _set_read_only(self, read_only: bool) -> None:
        self.diagram.set_editable(not read_only)
        for widget in (self.tables, self.inspector, self.compare):
            if hasattr(widget, "set_read_only"):
                widget.set_read_only(read_only)

    def _drop_document(self) -> None:
        if self.document is None:
            return
        document, self.document = self.document, None
        # Nothing of the old map reaches the window once it is put away (nor a window already gone).
        for signal, slot in ((document.changed, self._changed), (document.error, self.show_message),
                             (document.notice, self.show_notice),
                             (document.undo_stack.cleanChanged, self._stack_changed),
                             (document.undo_stack.indexChanged, self._stack_changed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        old = self.inspector_dock.widget()
        self.inspector_dock.setWidget(placeholder(self.inspector_dock.windowTitle()))
        if old is not None:
            old.deleteLater()
        self.workspaces.clear()
        self.tables = self.inspector = self.compare = None
        self._changes_due.stop()
        self._since, self._snapshot_documents = None, {}
        for dialog in (self.snapshot_dialog, self.snapshots_dialog):  # they belong to the map put away
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        self.snapshot_dialog = self.snapshots_dialog = None
        self.message_bar.anchor = None
        if self.diagram is not None:
            self.stack.removeWidget(self.diagram)
            self.diagram.deleteLater()
            self.diagram = None
        self.undo_view.setStack(None)
        document.close()
        document.deleteLater()

    def _install_diagram_actions(self) -> None:
        """The diagram's actions in the Edit and View menus (rebuilt for each map)."""
        for menu in (self.edit_menu, self.view_menu):
            for action in menu.actions():
                if action.property("diagram"):
                    menu.removeAction(action)
        d = self.diagram
        edits = [d.add_stage_action, d.add_item_action, d.rename_action, d.remove_action, d.toggle_need_action, d.blockage_action,
                 *d.access_actions.values()]
        views = [d.journey_action, d.previous_action, d.next_action, d.zoom_in_action, d.zoom_out_action,
                 d.fit_action, d.reset_action]
        for menu, actions in ((self.edit_menu, edits), (self.view_menu, views)):
            for action in actions:
                action.setProperty("diagram", True)
                menu.addAction(action)

    def on_intent(self, intent) -> None:
        if self.document is not None:
            carry_out(self.document, intent)

    def _changed(self, change: Change) -> None:
        graph = self.document.graph
        for widget in (self.diagram, self.tables, self.inspector, self.compare):
            if widget is not None:
                widget.sync(graph, change)
        self._show_sentence()  # after the diagram: a stage removed has already given way to another
        if self._changes_open():
            self._changes_due.start()
        if self.snapshots_dialog is not None and self.snapshots_dialog.isVisible():
            self.snapshots_dialog.set_snapshots(snapshot_store.list_snapshots(self.document.store))
        if change.map_info or change.kind == "reloaded":
            self._update_state()
        self.message_bar.hide()  # an edit that went through: an earlier refusal no longer stands
        self.statusBar().clearMessage()

    def _show_sentence(self) -> None:
        """The sentence of the stage (or the journey) and locality the diagram shows."""
        if self.document is None or self.diagram is None:
            self.sentence.clear()
            return
        scene = self.diagram.scene
        stage = ("stage", scene.stage_id) if scene.stage_id is not None else None
        self.sentence.show_for(self.document.graph, stage, scene.locality, scene.journey)

    def _sentence_copied(self, _text: str) -> None:
        self.statusBar().showMessage(f"Copied the sentence ({self.sentence.title}): paste it where "
                                     "you need it.", 10_000)

    def _diagram_selected(self, key) -> None:
        if key is None:
            # Nothing selected: the sentence comes back to the front if the inspector only came forward for
            # the selection.
            if self._inspector_came_forward and self.sentence_dock.toggleViewAction().isChecked():
                self.sentence_dock.raise_()
            self._inspector_came_forward = False
            return
        self._bring_inspector(key)
        if self.tables is not None:
            self.tables.select_node(key)

    def _bring_inspector(self, key) -> None:
        """What is selected, in the inspector: its tab comes to the front of the column (unless the user
        closed the inspector), and the inspector is built if this is its first showing."""
        dock = self.inspector_dock
        if dock.toggleViewAction().isChecked() and dock.visibleRegion().isEmpty():
            self._inspector_came_forward = self._inspector_came_forward or not self.sentence_dock.visibleRegion() \
                .isEmpty()
            dock.raise_()
            self._build_inspector()
        if self.inspector is not None:
            self.inspector.show_node(key)

    def _table_selected(self, key) -> None:
        if key is None or self.diagram is None:
            return
        self.diagram.select_node(key)
        self._bring_inspector(key)

    def undo(self) -> None:
        if self.document is not None and self.document.undo_stack.canUndo():
            self.document.undo_stack.undo()

    def redo(self) -> None:
        if self.document is not None and self.document.undo_stack.canRedo():
            self.document.undo_stack.redo()

    def show_message(self, text: str) -> None:
        self.message_bar.show_message(text)
        self.statusBar().showMessage(text, 10_000)

    def show_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 20_000)

    def _update_state(self) -> None:
        document = self.document
        has_map = document is not None
        editable = has_map and not document.read_only
        stack = document.undo_stack if has_map else None
        self.undo_action.setEnabled(editable and stack.canUndo())
        self.redo_action.setEnabled(editable and stack.canRedo())
        self.undo_action.setText(f"&Undo {stack.undoText()}".rstrip() if stack else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}".rstrip() if stack else "&Redo")
        for action in (self.save_as_action, self.close_action, self.picture_action):
            action.setEnabled(has_map)
        self.report_action.setEnabled(has_map)
        refusal = f"{document.store.path.name} is open read-only; open it for editing to make changes." \
            if has_map and document.read_only else ""
        tips = {self.mark_reported_action: "Keep the map as it stands now, to see later what changed since "
                                           "(the snapshot is kept in the map)",
                self.snapshots_action: "The map's snapshots: rename or delete them"}
        for action, tip in tips.items():
            action.setEnabled(editable)
            action.setStatusTip(refusal or tip)
            action.setToolTip(refusal or tip)
        for name, action in self.borough_actions.items():
            action.setEnabled(editable if name == "fill_from_workbook" else has_map)
        self.borough_actions["merge_maps"].setEnabled(True)
        if not has_map:
            self.setWindowTitle("Circle of Need")
            self.setWindowFilePath("")
            return
        path = document.store.path
        title = document.graph.graph["map"].get("title") or path.stem
        read_only = " (read-only)" if document.read_only else ""
        self.setWindowTitle(f"{title} — {path.name}{read_only} — Circle of Need")
        self.setWindowFilePath(str(path))

    # ---- snapshots: marked as reported, and what changed since (models.snapshots) ---------------

    def _editable_or_say(self) -> bool:
        if self.document is None:
            return False
        if self.document.read_only:
            self.show_message(f"{self.document.store.path.name} is open read-only; open it for editing to "
                              "make changes.")
            return False
        return True

    def mark_as_reported(self) -> None:
        """Ask for a name (the meeting's, by default) and keep the map as it stands now: one undo step."""
        if not self._editable_or_say():
            return
        used = {s.name.casefold() for s in snapshot_store.list_snapshots(self.document.store)}
        name = base = f"PLG {snapshot_store.day_words(dt.date.today())}"
        number = 2
        while name.casefold() in used:
            name, number = f"{base} ({number})", number + 1
        if self.snapshot_dialog is not None:
            self.snapshot_dialog.deleteLater()
        from views.changes_panel import SnapshotNameDialog

        self.snapshot_dialog = SnapshotNameDialog(
            "Mark as reported", "Keep the map as it stands now, under the name of the meeting it goes to, to see "
            "later what changed since (View ▸ Changes since…).", name, self, self._take_snapshot)
        self.snapshot_dialog.open()

    def _take_snapshot(self, name: str) -> str:
        document = self.document
        if document is None:
            return "No map is open."
        words = " ".join(name.split())
        problem = try_push(document, take_snapshot_command(document, _cut(f"Mark as reported “{words}”"), name))
        if not problem:
            self.statusBar().showMessage(f"Marked as reported: “{words}”. View ▸ Changes since… shows what "
                                         "changes from now on; Edit ▸ Undo takes the snapshot back.", 15_000)
        return problem

    def manage_snapshots(self) -> None:
        """The map's snapshots, with Rename and Delete (each one undo step)."""
        if not self._editable_or_say():
            return
        if self.snapshots_dialog is None:
            from views.changes_panel import SnapshotsDialog

            self.snapshots_dialog = SnapshotsDialog(self, self._rename_snapshot, self._delete_snapshot)
        self.snapshots_dialog.set_snapshots(snapshot_store.list_snapshots(self.document.store))
        self.snapshots_dialog.show()
        self.snapshots_dialog.raise_()
        self.snapshots_dialog.activateWindow()

    def _snapshot_name(self, ident: int) -> str:
        found = [s.name for s in snapshot_store.list_snapshots(self.document.store) if s.id == ident]
        return found[0] if found else "?"

    def _rename_snapshot(self, ident: int, name: str) -> str:
        document = self.document
        if document is None:
            return "No map is open."
        text = _cut(f"Rename snapshot “{self._snapshot_name(ident)}” to “{' '.join(name.split())}”")
        return try_push(document, RenameSnapshotCommand(document, text, ident, name))

    def _delete_snapshot(self, ident: int) -> str:
        document = self.document
        if document is None:
            return "No map is open."
        text = _cut(f"Delete snapshot “{self._snapshot_name(ident)}”")
        return try_push(document, delete_snapshot_command(document, text, ident))

    @property
    def changes(self) -> ChangesPanel:
        """What changed since a snapshot: the Changes pane's widget, built the first time it is asked for."""
        if self._changes_panel is None:
            from views.changes_panel import ChangesPanel

            self._changes_panel = ChangesPanel()
            self._changes_panel.snapshot_chosen.connect(self._since_chosen)
            self._changes_panel.line_chosen.connect(self._table_selected)
            self.changes_dock.setWidget(self._changes_panel)
        return self._changes_panel

    def _changes_open(self) -> bool:
        """The Changes dock is open (in sight, or a tab behind another): its list and the diagram's marks
        are kept up to date only then."""
        return self.changes_action.isChecked()

    def _changes_shown(self, _visible: bool) -> None:
        if self._changes_open():
            self._changes_due.start()
        elif self.diagram is not None:
            self.diagram.scene.set_changes({})

    def _since_chosen(self, ident: int) -> None:
        latest = snapshot_store.latest_snapshot(self.document.store) if self.document is not None else None
        self._since = None if latest is not None and latest.id == ident else ident  # the latest: follow it
        self._refresh_changes()

    def _refresh_changes(self) -> None:
        """What changed since the snapshot chosen (the latest unless another was picked): the list, and
        the diagram's marks on the data items whose access changed."""
        self._changes_due.stop()
        if not self._changes_open():
            return
        document = self.document
        if document is None:
            self.changes.show_waiting(WAITING["Changes"])
            return
        marks: dict = {}
        try:
            found = snapshot_store.list_snapshots(document.store)
            if not found:
                from views.changes_panel import NO_SNAPSHOT

                self.changes.show_waiting(NO_SNAPSHOT)
            else:
                if self._since not in {s.id for s in found}:
                    self._since = None
                chosen = next(s for s in found if s.id == (self._since or found[-1].id))
                lines = self._lines_since(chosen)
                for kind, _words, key, rest in lines:
                    if kind in MARKED and key is not None:
                        marks.setdefault(key, []).append(rest)
                self.changes.show_changes(found, chosen.id, [(kind, words, key) for kind, words, key, _ in lines],
                                          marked=len(marks))
                marks = {key: _change_words(chosen.name, rests) for key, rests in marks.items()}
        except MapError as e:  # the file went away, or the snapshot was deleted elsewhere
            self.changes.show_waiting(str(e))
        if self.diagram is not None:
            self.diagram.scene.set_changes(marks)

    def _lines_since(self, snapshot) -> list[tuple[str, str, tuple | None, str]]:
        """The change lines since `snapshot`, each with the data item it is about (or None) and its words
        after the item's name."""
        from models.interchange import export_map

        document = self.document
        before = self._snapshot_documents.get(snapshot.id)
        if before is None:
            before = self._snapshot_documents[snapshot.id] = snapshot_store.snapshot_document(document.store,
                                                                                           snapshot.id)
        graph = document.graph
        lines = snapshot_store.changes_between(before, export_map(graph), dt.date.today(),
                                               since=snapshot.taken_at.date())
        items = {graph.nodes[key]["name"]: key for key in nodes_of(graph, "item")}
        return [(line.kind, line.words, items.get(line.item) if line.item else None, line.what or line.words)
                for line in lines]

    # ---- files (the work is in app.file_actions) -----------------------------------------------

    def open_path(self, path: str | Path) -> bool:
        store = files.open_store(path, self.asker)
        if store is None:
            if not Path(path).exists():
                files.forget(str(path))
            return False
        self.show_map(store)
        return True

    def open_map(self) -> None:
        path = self.asker.open_path()
        if path:
            self.open_path(path)

    def new_map(self) -> None:
        """The new map's form (title, area, localities), then where to save it: the user's documents folder
        unless they choose another."""
        from views.new_map_dialog import NewMapDialog

        if getattr(self, "new_map_dialog", None) is not None:
            self.new_map_dialog.deleteLater()
        self.new_map_dialog = NewMapDialog(self, self._create_map)
        self.new_map_dialog.open()

    def _create_map(self, values: dict) -> None:
        name = "".join(ch for ch in values["title"] if ch not in '<>:"/\\|?*').strip(" .") or "New map"
        path = self.asker.save_path("Save the new map as", str(files.documents_folder() / f"{name}.needmap"))
        if path:
            store = files.new_store(path, self.asker, values["title"], values["area"], values["localities"])
            if store is not None:
                self.show_map(store)

    def open_sample(self, name: str = "greater-manchester") -> None:
        """The user's own copy of a sample (made the first time), with what they did with it last time,
        as with any map: each open does not scatter their edits over new copies."""
        name = name if isinstance(name, str) else "greater-manchester"
        own = files.samples_folder() / f"{name}.needmap"
        if own.is_file():
            self.open_path(own)
            return
        try:
            store = files.copy_sample(name)
        except (MapError, OSError) as e:  # a file problem: say it, keep the window
            self.asker.problem("Cannot open the sample", str(e))
            return
        self.show_map(store)

    def save_as(self) -> None:
        if self.document is None:
            return
        path = self.asker.save_path("Save the map as", self.document.store.path.name)
        if not path:
            return
        target = Path(path) if path.lower().endswith(".needmap") else Path(path + ".needmap")
        try:
            if self.document.read_only:
                self.document.store.copy_to(target)
                store = MapStore.open(target)
            else:
                store = self.document.store.save_as(target)
        except (MapError, OSError, sqlite3.Error) as e:  # a file-level failure: tell the user, keep the map open
            self.asker.problem("Cannot save the map", str(e))
            return
        # The old store is closed; the graph and the undo history carry over to the new file (same ids).
        self.document.store = store
        files.remember(store.path)
        self._set_read_only(False)
        self._update_state()
        self.statusBar().showMessage(f"Saved as {store.path}", 10_000)

    def export_report(self) -> None:
        """The report's dialog for the open map (the same one again while it is open): the user chooses
        localities, stages and the file, and the report is written in the background (app.report_export)."""
        if self.document is None:
            return
        from app.report_export import ReportExport

        current = getattr(self, "report_export", None)
        if current is None or current.document is not self.document:
            if current is not None and not current.running:  # another map's: put it away
                current.dialog.close()
                current.dialog.deleteLater()
                current.deleteLater()
            self.report_export = current = ReportExport(self, self.document)
        current.show()

    def export_picture(self) -> None:
        if self.document is None or self.diagram is None:
            return
        from exports.pictures import save_picture as writer  # matplotlib is slow to load: only when asked
        scene = self.diagram.scene
        if scene.stage_id is None:
            self.show_message("There is no stage to draw: add a stage first.")
            return
        stage = ("stage", scene.stage_id)
        name = self.document.graph.nodes[stage]["name"]
        path = self.asker.save_path("Export a picture of this circle", f"{name}.png",
                                    "Pictures (*.png *.svg *.pdf)")
        if path:
            self._export(lambda: writer(self.document.graph, stage, path, scene.locality), "picture")

    def _export(self, write, what: str) -> None:
        """Write an export; a file-level failure or a refusal is said to the user, anything else is a bug
        and goes to the application's error handler."""
        self.statusBar().showMessage(f"Writing the {what}…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()  # the message and the cursor show before the work starts
        problem = None
        try:
            result = write()
        except (MapError, OSError) as e:
            problem = str(e)
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
        if problem is not None:
            self.asker.problem(f"Cannot export the {what}", problem)
            return
        where = getattr(result, "path", result)
        self.statusBar().showMessage(f"Exported the {what} to {where}", 10_000)

    def close_map(self) -> None:
        self.show_map(None)

    # ---- window events -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_map(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_map(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))

    @staticmethod
    def _dropped_map(event) -> str | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".needmap"):
                return url.toLocalFile()
        return None

    def _restore_layout(self) -> None:
        store = files.settings()
        geometry, state = store.value("window/geometry"), store.value(LAYOUT_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        # A layout saved before the map came first (docks under the diagram) is not restored: it left the map
        # a strip on a laptop.
        if isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION):
            return
        # First start: the map gets the middle and most of the width; the panes are tabs of one column.
        for dock in (self.inspector_dock, self.history_dock, self.changes_dock):
            self.tabifyDockWidget(self.sentence_dock, dock)
        self.changes_dock.hide()
        self.sentence_dock.raise_()
        QTimer.singleShot(0, self._first_sizes)

    def _first_sizes(self) -> None:
        self.resizeDocks([self.sentence_dock], [column_width(self.width())], Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = files.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue(LAYOUT_KEY, self.saveState(LAYOUT_VERSION))
        self._drop_document()
        super().closeEvent(event)


def _cut(text: str) -> str:
    """Undo history words: one line, a long name cut."""
    text = "".join(ch for ch in text if ch.isprintable())
    return cut_at_word(text, 120)


def _change_words(snapshot: str, rests: list[str], most: int = 6) -> str:
    """An item's mark's tooltip: what changed since the snapshot, one line each."""
    shown = [f"• {rest}" for rest in rests[:most]]
    if len(rests) > most:
        shown.append(f"… and {len(rests) - most} more (View ▸ Changes since…)")
    return "\n".join([f"Δ Changed since “{snapshot}”:", *shown])
