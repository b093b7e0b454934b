"""The diagram panel: stage and locality pickers, the circle view, the legend, and the diagram's
actions (add, rename, remove, mark access, blockage, action, zoom, reset layout) with their keys."""

from __future__ import annotations

import networkx as nx
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from models import analysis
from models.graph import nodes_of
from models.vocabulary import ACCESS
from views.diagram_dialogs import ActionDialog, AddItemDialog, AddStageDialog, BlockageDialog
from views.diagram_items import NodeItem
from views.diagram_scene import CircleScene
from views.diagram_view import DiagramView
from views.intents import Intent, cut_at_word
from views.legend import LegendWidget
from views.locality_picker import JOURNEY, LocalityPicker, StagePicker

STATUS_KEYS = {"accessible": "Ctrl+1", "partial": "Ctrl+2", "blocked": "Ctrl+3", "unknown": "Ctrl+4"}


class DiagramPanel(QWidget):
    """Everything about the diagram. Emits intents; `sync(graph, change)` keeps it in step."""

    intent = Signal(object)
    node_selected = Signal(object)

    def __init__(self, graph: nx.DiGraph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.editable = True
        self.dialog = None  # the form open now, if any (tests fill it in)
        self.scene = CircleScene(graph, self)
        self.view = DiagramView(self.scene, self)
        self.view.menu_for = self.show_menu
        self.legend = LegendWidget(self)
        self.stage_picker = StagePicker(graph, self)
        self.locality_picker = LocalityPicker(graph, self)
        self.scene.intent.connect(self.intent)
        self.scene.node_selected.connect(self.node_selected)
        self.scene.node_selected.connect(lambda _k: self._enable())
        self.stage_picker.stage_changed.connect(self._stage_picked)
        self.locality_picker.locality_changed.connect(self._locality_picked)
        self._known_stages = {key[1] for key in nodes_of(graph, "stage")}  # a stage not among them is new
        self._make_actions()
        self._lay_out()
        self._refresh_pickers()
        self._enable()

    # ---- building ------------------------------------------------------------------------------

    def _action(self, text: str, slot, keys=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(text.replace("&", "").replace("…", "").replace(" ", "_").lower())
        if keys is not None:
            action.setShortcuts(keys if isinstance(keys, list) else QKeySequence.keyBindings(keys)
                                if isinstance(keys, QKeySequence.StandardKey) else [QKeySequence(keys)])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip or text.replace("&", "").replace("…", ""))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.add_stage_action = a("Add &stage…", self.ask_add_stage, "Ctrl+Shift+N")
        self.add_item_action = a("&Add data item to this stage…", self.ask_add_item, "Ins")
        self.rename_action = a("Re&name…", self.rename_selected, "F2")
        self.remove_action = a("&Remove", self.remove_selected, QKeySequence.StandardKey.Delete,
                               "Remove the selected node (a data item leaves this stage; if no other stage needs "
                               "it, it leaves the map)")
        self.toggle_need_action = a("Make essential / useful", self.toggle_need, "Ctrl+E")
        self.blockage_action = a("Add &blockage…", self.ask_blockage, "Ctrl+B",
                                 "Say why the selected data item cannot be had in the locality shown: the "
                                 "blockage is recorded and the item marked blocked there")
        self.access_actions = {s: a(f"Mark {ACCESS.label(s).lower()}", lambda _=False, s=s: self.mark_access(s),
                                    STATUS_KEYS[s]) for s in ACCESS.values}
        self.zoom_in_action = a("Zoom &in", lambda: self.view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn)
        self.zoom_in_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)
                                         + [QKeySequence("Ctrl+=")])
        self.zoom_out_action = a("Zoom &out", lambda: self.view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut)
        self.fit_action = a("&Fit to window", self.view.fit, "Ctrl+0")
        self.reset_action = a("Reset &layout", self.reset_layout, "Ctrl+Shift+R",
                              "Put every node of this circle back where the layout puts it")
        self.journey_action = a("Whole &journey", self.toggle_journey, "Ctrl+J")
        self.journey_action.setCheckable(True)
        self.next_action = a("&Next stage", lambda: self.step_stage(1), "Ctrl+PgDown")
        self.previous_action = a("&Previous stage", lambda: self.step_stage(-1), "Ctrl+PgUp")

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        for text, picker in (("&Stage:", self.stage_picker), ("L&ocality:", self.locality_picker)):
            label = QLabel(text)
            label.setBuddy(picker)
            bar.addWidget(label)
            bar.addWidget(picker)
            bar.addSpacing(12)
        bar.addStretch(1)
        for action in (self.add_item_action, self.reset_action, self.zoom_out_action, self.zoom_in_action,
                       self.fit_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(action.toolTip())
            bar.addWidget(button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(bar)
        outer.addWidget(self.view, 1)
        outer.addWidget(self.legend)  # a strip under the diagram: the diagram keeps the width

    # ---- keeping in step -----------------------------------------------------------------------

    def sync(self, graph: nx.DiGraph, change) -> None:
        self.graph = graph
        follow = self.stage_to_follow(graph, change)
        self.scene.sync(graph, change)
        self.locality_picker.sync(graph, change)
        self._known_stages = {key[1] for key in nodes_of(graph, "stage")}
        if follow is not None and self.scene.journey:
            circle = self.scene.circle_rect(follow)
            if not circle.isEmpty():
                self.view.ensureVisible(circle, 10, 10)
        elif follow is not None:
            self._stage_picked(follow)  # the stage the edit (or its undo) touched, fitted
            return
        self._refresh_pickers()
        self._enable()
        if change.kind == "reloaded" and self.view.auto_fit:
            self.view.fit()

    def stage_to_follow(self, graph: nx.DiGraph, change) -> int | None:
        """The stage an edit (an undo, a redo) was about, when it is not the one shown: a new stage, else the
        stage whose circle it changed. None to stay where the user is (the edit is in the circle shown, or
        in no circle)."""
        if change.kind == "reloaded":
            return None
        order = [key[1] for key in nodes_of(graph, "stage")]
        new = [ident for ident in order if ident not in self._known_stages]
        if new:
            return new[-1]
        shown = self.scene.stage_id
        stages = {key[1] for key in change.updated if key[0] == "stage" and key in graph}
        stages |= {view for view, _key in change.positions if ("stage", view) in graph}
        if shown in stages:
            return None
        items = {key for key in change.updated | change.removed if key[0] == "item"}
        for key in change.updated:  # a blockage, or an action on one, is about its data item
            if key[0] == "action" and key in graph:
                key = ("blockage", graph.nodes[key].get("blockage_id"))
            if key[0] == "blockage" and key in graph:
                items.add(("item", graph.nodes[key]["item_id"]))
        if items & self.scene.drawn_keys(shown):
            return None
        if stages:
            return min(stages, key=order.index)
        return next((ident for ident in order for item in items
                     if item in graph and graph.has_edge(("stage", ident), item)), None)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.scene.set_editable(editable)
        self._enable()

    def _refresh_pickers(self) -> None:
        self.stage_picker.sync(self.graph, None, JOURNEY if self.scene.journey else self.scene.stage_id)
        self.journey_action.setChecked(self.scene.journey)
        self.legend.set_all_localities(self.scene.locality is None)
        if self.locality_picker.current != self.scene.locality:  # shown by someone else: say it everywhere
            self.show_locality(self.scene.locality)

    def _stage_picked(self, value: object) -> None:
        if value == JOURNEY:
            self.scene.show_journey(True)
        else:
            self.scene.show_stage(value)
        self._after_shown()

    def _locality_picked(self, locality: object) -> None:
        self.scene.set_locality(locality)
        self._after_shown()

    def show_locality(self, locality: object) -> None:
        """Show `locality` (None: all) as if it were picked: the picker, the scene and whoever listens
        to the picker (the inspector) all follow."""
        picker = self.locality_picker
        picker.choose(locality)
        picker.current = picker.currentData()
        picker.locality_changed.emit(picker.current)

    def _after_shown(self) -> None:
        self._refresh_pickers()
        self.view.fit()
        self._enable()

    def toggle_journey(self) -> None:
        self._stage_picked(JOURNEY if not self.scene.journey else self.scene.stage_id)

    def step_stage(self, step: int) -> None:
        stages = [k[1] for k in self.scene.stages()]
        if not stages:
            return
        index = stages.index(self.scene.stage_id) if self.scene.stage_id in stages else 0
        self._stage_picked(stages[max(0, min(len(stages) - 1, index + step))])

    def select_node(self, key) -> None:
        self.scene.select_node(key)
        self._refresh_pickers()
        self._enable()

    # ---- what the selection allows -------------------------------------------------------------

    def _target(self) -> NodeItem | None:
        return self.scene.selected_node()

    def _enable(self) -> None:
        node = self._target()
        kind = node.key[0] if node is not None else None
        has_stage = self.scene.stage_id is not None
        edit = self.editable
        self.add_stage_action.setEnabled(edit)
        self.add_item_action.setEnabled(edit and has_stage)
        self.rename_action.setEnabled(edit and node is not None)
        self.remove_action.setEnabled(edit and node is not None)
        self.toggle_need_action.setEnabled(edit and kind == "item")
        self.blockage_action.setEnabled(edit and kind == "item")
        for action in self.access_actions.values():
            action.setEnabled(edit and kind == "item" and self.scene.locality is not None)
        self.reset_action.setEnabled(edit and has_stage)

    # ---- the edits (each one intent, one undo step) --------------------------------------------

    def _stage_of(self, node: NodeItem | None) -> int | None:
        return node.view if node is not None else self.scene.stage_id

    def ask_add_stage(self) -> AddStageDialog | None:
        if not self.editable:
            return None
        self.dialog = AddStageDialog(self.graph, self, lambda v: self.intent.emit(Intent("add", "stage", None, v)))
        self.dialog.open()
        return self.dialog

    def ask_add_item(self, stage_id: int | None = None) -> AddItemDialog | None:
        stage_id = stage_id if isinstance(stage_id, int) and not isinstance(stage_id, bool) \
            else self._stage_of(self._target())
        if stage_id is None or not self.editable:
            return None
        stage_name = analysis.name(self.graph, ("stage", stage_id))
        self.dialog = AddItemDialog(self.graph, stage_name, self, lambda v: self._add_item(stage_id, v))
        self.dialog.open()
        return self.dialog

    def _add_item(self, stage_id: int, values: dict) -> None:
        known = {self.graph.nodes[k]["name"].casefold(): k[1] for k in self.graph if k[0] == "item"}
        agencies = {self.graph.nodes[k]["name"].casefold(): k[1] for k in self.graph if k[0] == "agency"}
        need = {"purpose": values["purpose"], "priority": values["priority"]}
        item_id = known.get(values["name"].casefold())
        if item_id is not None:
            self.intent.emit(Intent("add", "need", (stage_id, item_id), need))
            return
        extra = {}
        if values["holder"]:
            holder_id = agencies.get(values["holder"].casefold())
            extra = {"holder_id": holder_id} if holder_id is not None else {"holder_name": values["holder"]}
        # A new data item in a stage: the application makes it one undo step (see app.intents).
        self.intent.emit(Intent("add", "need", (stage_id, None), {"name": values["name"], **extra, **need}))

    def rename_selected(self) -> None:
        node = self._target()
        if node is not None and self.editable:
            self.start_rename(node)

    def start_rename(self, node: NodeItem):
        edit = self.view.start_rename(node)
        edit.done.connect(lambda text, key=node.key: self._rename(key, text))
        return edit

    def _rename(self, key, text: str) -> None:
        if key in self.graph and text.strip() != self.graph.nodes[key].get("name"):
            self.intent.emit(Intent("edit", key[0], key[1], {"name": text}))

    def remove_selected(self) -> None:
        node = self._target()
        if node is not None and self.editable:
            self.remove(node)

    def remove(self, node: NodeItem) -> None:
        kind, ident = node.key
        if kind == "item" and len(analysis.stages_needing(self.graph, node.key)) > 1:
            self.intent.emit(Intent("remove", "need", (node.view, ident)))
        else:
            self.intent.emit(Intent("remove", kind, ident))

    def toggle_need(self) -> None:
        node = self._target()
        if node is None or node.key[0] != "item":
            return
        need = self.graph.get_edge_data(("stage", node.view), node.key) or {}
        wanted = "useful" if need.get("priority") == "essential" else "essential"
        self.intent.emit(Intent("edit", "need", (node.view, node.key[1]), {"priority": wanted}))

    def mark_access(self, status: str, node: NodeItem | None = None) -> None:
        node = node or self._target()
        locality = self.scene.locality
        if node is None or node.key[0] != "item" or locality is None:
            return
        self.intent.emit(Intent("set", "access", (node.key[1], locality[1]), {"status": status}))

    def ask_blockage(self, node: NodeItem | None = None) -> BlockageDialog | None:
        node = node if isinstance(node, NodeItem) else self._target()
        if node is None or node.key[0] != "item" or not self.editable:
            return None
        locality = self.scene.locality
        item_id = node.key[1]

        def add(values: dict) -> None:
            details = {"category": values["category"], "reason": values["reason"]}
            if locality is None:  # all localities shown: a national blockage; each locality's access stays
                self.intent.emit(Intent("add", "blockage", None, {"item_id": item_id, "locality_id": None,
                                                                  **details}))
            else:  # the blockage and the item marked blocked there: one step (see app.intents)
                self.intent.emit(Intent("block", "item", (item_id, locality[1]),
                                        {**details, "everywhere": values["everywhere"]}))

        where = analysis.name(self.graph, locality) if locality else None
        status = analysis.status(self.graph, node.key, locality) if locality else None
        self.dialog = BlockageDialog(analysis.name(self.graph, node.key), where, self, add, status)
        self.dialog.open()
        return self.dialog

    def ask_action(self, blockage) -> ActionDialog | None:
        if blockage not in self.graph or not self.editable:
            return None

        def add(values: dict) -> None:
            self.intent.emit(Intent("add", "action", None, {"blockage_id": blockage[1], **values}))

        self.dialog = ActionDialog(self.graph.nodes[blockage]["reason"], self, add)
        self.dialog.open()
        return self.dialog

    def reset_layout(self) -> None:
        node = self._target()
        stage_id = self._stage_of(node)
        if stage_id is not None:
            self.intent.emit(Intent("reset", "layout", stage_id))

    # ---- the context menu ----------------------------------------------------------------------

    def build_menu(self, node: NodeItem | None) -> QMenu:
        """The actions for a node (or for the circle, on empty space)."""
        if node is not None and not node.isSelected():
            self.scene.select_node(node.key if self.scene.node_at(node.key, node.view) is node else None)
            self.scene.clearSelection()
            node.setSelected(True)
        elif node is None:
            self.scene.clearSelection()
        menu = QMenu(self)
        menu.addAction(self.add_item_action)
        if node is not None:
            menu.addAction(self.rename_action)
        if node is not None and node.key[0] == "item":
            locality = self.scene.locality
            where = analysis.name(self.graph, locality) if locality else None
            marks = menu.addMenu(f"Mark access in {where}" if where else "Mark access (choose a locality first)")
            marks.setEnabled(bool(where) and self.editable)
            for status in ACCESS.values:
                marks.addAction(self.access_actions[status])
            menu.addAction(self.toggle_need_action)
            menu.addAction(self.blockage_action)
            blockages = analysis.blockages_of(self.graph, node.key, self.scene.locality)
            if blockages:
                actions = menu.addMenu("Add action to unblock")
                actions.setEnabled(self.editable)
                for blockage in blockages:
                    reason = self.graph.nodes[blockage]["reason"]
                    text = cut_at_word(reason, 60)
                    act = actions.addAction(text)
                    act.triggered.connect(lambda _=False, b=blockage: self.ask_action(b))
        menu.addSeparator()
        if node is not None:
            menu.addAction(self.remove_action)
        menu.addAction(self.reset_action)
        menu.addAction(self.journey_action)
        menu.addAction(self.fit_action)
        return menu

    def show_menu(self, node: NodeItem | None, where: QPoint) -> None:
        self.build_menu(node).popup(where)
