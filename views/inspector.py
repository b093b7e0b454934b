"""The inspector: a form for the one stage, data item, agency, locality, blockage or action selected.

Leaving a field (or picking from a list) asks for that one field to change, as an intent; the form
shows what the map holds once `sync` hears the change, so a refused edit falls back to the saved value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QScrollArea,
    QVBoxLayout, QWidget,
)

from models.analysis import actions_of, blockages_of, needed_items, owner_of, stages_needing
from models.vocabulary import (
    ACCESS, ACCESS_COLOUR, ACCESS_INK, ACCESS_LETTER, ACTION_STATUS, AGREEMENT_TIER, CATEGORY, GRANULARITY, LEVEL, NATURE,
    PRIORITY, VOLUME,
)
from views.intents import Intent
from views.table_models import (
    Column, choice, date, date_text, node_name, number, reference, text, yes_no,
)

NodeKey = tuple[str, int]
TITLES = {"stage": "Stage", "item": "Data item", "agency": "Agency", "locality": "Locality",
          "blockage": "Blockage", "action": "Action"}


def breakable(text: str, longest: int = 24) -> str:
    """Text for a wrapping label in a narrow dock: a zero-width space after every `longest` characters
    of a word that long, so an unbroken run (a pasted reference, say) wraps instead of widening the dock."""
    return re.sub(rf"\S{{{longest}}}(?=\S)", lambda m: m.group(0) + "\u200b", text)


class TextBox(QPlainTextEdit):
    """Several lines of text; Tab moves on, and leaving the box finishes the edit."""

    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


@dataclass
class Field:
    """One attribute on a form: the column that knows its values, and the widget that edits it."""

    column: Column
    label: str
    widget: QWidget
    options: Callable[[nx.DiGraph], list[tuple[Any, str]]] | None = None

    def stored(self, node: dict) -> Any:
        value = node.get(self.column.field)
        return self.column.edit_value(value) if self.column.edit_value else ("" if value is None else value)

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        return w.toPlainText().strip() if isinstance(w, TextBox) else w.text().strip()

    def modified(self) -> bool:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.isModified()
        return w.document().isModified() if isinstance(w, TextBox) else False

    def show(self, graph: nx.DiGraph, node: dict) -> None:
        w, value = self.widget, self.stored(node)
        if isinstance(w, QComboBox):
            w.blockSignals(True)
            w.clear()
            for option, label in (self.options(graph) if self.options else []):
                w.addItem(label, option)
            at = w.findData(value)
            w.setCurrentIndex(at if at >= 0 else 0)
            w.blockSignals(False)
        elif isinstance(w, TextBox):
            w.setPlainText(str(value))
            w.document().setModified(False)
        else:
            w.setText(str(value))
            w.setCursorPosition(0)  # a long value shows its beginning, not its end
            w.setModified(False)

    def set_read_only(self, read_only: bool) -> None:
        if isinstance(self.widget, QComboBox):
            self.widget.setEnabled(not read_only)
        else:
            self.widget.setReadOnly(read_only)


COMBO_MAX_WIDTH = 460  # a choice wider than this (a blockage's whole sentence) is cut in the box


def _combo(parent: QWidget) -> QComboBox:
    """A combo box as wide as its longest choice, up to the form's width (InspectorWidget sets the
    maximum as the dock is resized; the layout's minimum is bounded by it): in a narrow dock its row
    goes under its label (the form's WrapLongRows) rather than cutting the name short, and the form
    never grows past the dock. The full text of a choice that is still cut is in the tooltip."""
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMaximumWidth(COMBO_MAX_WIDTH)
    combo.currentTextChanged.connect(combo.setToolTip)
    return combo


LONG = {"description", "aim", "legal_basis", "reason", "evidence", "step"}


def _specs(kind: str) -> list[tuple[Column, str]]:
    """The attributes of each kind, in form order, with the labels users read."""
    if kind == "stage":
        return [(text("name", "Name"), "Name"), (text("aim", "Aim"), "Aim (used in sentences)")]
    if kind == "agency":
        return [(text("name", "Name"), "Name"), (text("short_name", "Short name"), "Short name"),
                (text("sector", "Sector"), "Sector"), (text("contact", "Named contact"), "Named contact")]
    if kind == "locality":
        return [(text("name", "Name"), "Name")]
    if kind == "item":
        return [
            (text("name", ""), "Name"), (text("description", ""), "Description"),
            (reference("holder_id", "", "agency", "No holder"), "Held by"),
            (yes_no("personal", ""), "Personal data"),
            (choice("nature", "", NATURE), "Kind of data"),
            (choice("volume", "", VOLUME), "Form of sharing"),
            (text("identifier", ""), "Identifier"),
            (choice("granularity", "", GRANULARITY), "Granularity"),
            (number("months_in_arrears", ""), "Months in arrears"),
            (text("update_frequency", ""), "Update frequency"),
            (yes_no("pseudonymised_ok", ""), "Pseudonymised data would do"),
            (text("legal_basis", ""), "Legal basis or gateway"),
            (yes_no("consent_needed", ""), "Consent needed"),
            (choice("agreement_tier", "", AGREEMENT_TIER), "Agreement tier"),
            (text("agreement_reference", ""), "Agreement reference"),
        ]
    if kind == "blockage":
        return [
            (reference("item_id", "", "item"), "Data item"),
            (reference("locality_id", "", "locality", "All localities"), "Locality"),
            (choice("category", "", CATEGORY, nullable=False), "Category"),
            (text("reason", ""), "Reason"), (text("evidence", ""), "Evidence"),
        ]
    if kind == "action":
        return [
            (reference("blockage_id", "", "blockage"), "Blockage"), (text("step", ""), "Step"),
            (choice("level", "", LEVEL, nullable=False), "Level"),
            (text("owner_body", ""), "Owning body"), (text("owner_person", ""), "Owner (a person)"),
            (choice("status", "", ACTION_STATUS, nullable=False), "Status"),
            (date("due", ""), "Due date"),
        ]
    raise KeyError(kind)


class Pages(QWidget):
    """One page shown at a time, sized to that page (a QStackedWidget is as tall as its tallest page,
    which leaves short forms floating in space)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, page)
        page.setVisible(self._current is None)
        self._current = self._current or page

    def setCurrentWidget(self, page: QWidget) -> None:
        if page is not self._current:
            if self._current is not None:
                self._current.hide()
            page.show()
            self._current = page

    def currentWidget(self) -> QWidget | None:
        return self._current


class NodeForm(QWidget):
    """The form of one kind: its fields, and a few read-only lines about what hangs off the node."""

    def __init__(self, kind: str, commit: Callable[[Field], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.layout_ = QFormLayout(self)
        # A narrow dock needs every pixel for the names: fields run edge to edge (a row too wide goes
        # under its label), the labels are set in a little.
        self.layout_.setContentsMargins(0, 4, 0, 4)
        self.layout_.setHorizontalSpacing(4)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: list[Field] = []
        for column, label in _specs(kind):
            if column.options is not None:
                widget: QWidget = _combo(self)
            elif column.field in LONG:
                widget = TextBox(self)
            else:
                widget = QLineEdit(self)
            if column.tip and isinstance(widget, QLineEdit):
                widget.setPlaceholderText(column.tip)
            widget.setAccessibleName(label)
            field = Field(column, label, widget, column.options)
            self.fields.append(field)
            self.layout_.addRow(f"{label}:", widget)
            self.layout_.labelForField(widget).setContentsMargins(4, 0, 0, 0)
            if isinstance(widget, QComboBox):
                widget.activated.connect(lambda _=0, f=field: commit(f))
            elif isinstance(widget, TextBox):
                widget.editing_finished.connect(lambda f=field: commit(f))
            else:
                widget.editingFinished.connect(lambda f=field: commit(f))
        if kind == "item":
            for f in self.fields:
                if f.column.field == "months_in_arrears":
                    f.widget.setPlaceholderText("a whole number, e.g. 3")
        self.notes: dict[str, QLabel] = {}

    def note(self, name: str, label: str, full_width: bool = False) -> QLabel:
        """A read-only line of the form (what a stage needs, an item's blockages…)."""
        widget = QLabel(self)
        widget.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        widget.setWordWrap(True)
        widget.setTextFormat(Qt.TextFormat.PlainText)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                       | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        widget.setAccessibleName(label)
        if full_width:  # long lists read better across the whole form
            heading = QLabel(f"{label}:", self)
            heading.setBuddy(widget)
            self.layout_.addRow(heading)
            self.layout_.addRow(widget)
        else:
            self.layout_.addRow(f"{label}:", widget)
        self.notes[name] = widget
        return widget

    def say(self, name: str, text: str) -> None:
        """Set a read-only line; long unbroken names wrap rather than widen the dock."""
        self.notes[name].setText(breakable(text))


class InspectorWidget(QWidget):
    """Shows and edits the selected node; every change leaves as an intent."""

    intent = Signal(object)  # a views.intents.Intent

    def __init__(self, graph: nx.DiGraph | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph if graph is not None else nx.DiGraph()
        self.key: NodeKey | None = None
        self.locality: NodeKey | None = None
        self.read_only = False
        self.title = QLabel("Nothing selected", self)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.title.setAccessibleName("Selected")
        self.title.setContentsMargins(4, 0, 4, 0)
        self.stack = Pages(self)
        self.empty = QLabel("Select a stage, data item, agency, locality, blockage or action to see its details.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self.empty)
        self.forms: dict[str, NodeForm] = {}
        for kind in TITLES:
            form = NodeForm(kind, self._commit, self)
            self.forms[kind] = form
            self.stack.addWidget(form)
        self._build_notes()
        self.scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)

    def _build_notes(self) -> None:
        self.forms["stage"].note("needs", "Data items needed")
        self.forms["agency"].note("held", "Data items held")
        self.forms["locality"].note("counts", "Access here")
        self.forms["blockage"].note("actions", "Actions", full_width=True)
        item = self.forms["item"]
        item.note("stages", "Needed at")
        self.access_box = QGroupBox("Access", item)
        box = QFormLayout(self.access_box)
        self.access_status = _combo(self.access_box)
        self.access_status.setAccessibleName("Access status in this locality")
        for value, label in ACCESS.labels.items():
            self.access_status.addItem(f"{ACCESS_LETTER[value]}  {label}", value)
        self.said_by = QLineEdit(self.access_box)
        self.said_by.setAccessibleName("Who said so")
        self.said_on = QLineEdit(self.access_box)
        self.said_on.setAccessibleName("When they said so")
        self.said_on.setPlaceholderText("e.g. 31/03/2026")
        box.addRow("Status:", self.access_status)
        box.addRow("Said by:", self.said_by)
        box.addRow("Said on:", self.said_on)
        self.no_locality = QLabel("Pick a locality in the diagram to see and set access there.", self.access_box)
        self.no_locality.setWordWrap(True)
        box.addRow(self.no_locality)
        item.layout_.addRow(self.access_box)
        self.access_status.activated.connect(lambda _=0: self._commit_access())
        self.said_by.editingFinished.connect(self._commit_access)
        self.said_on.editingFinished.connect(self._commit_access)
        item.note("blockages", "Blockages and actions", full_width=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and watched is self.scroll.viewport():
            self._fit_combos(watched.width())
        return super().eventFilter(watched, event)

    def _fit_combos(self, room: int) -> None:
        """No combo box wider than the form has room for (else the form would scroll sideways)."""
        for form in self.forms.values():
            margins = form.layout_.contentsMargins()  # a row under its label still counts the spacing
            spare = margins.left() + margins.right() + form.layout_.horizontalSpacing()
            widest = max(120, min(COMBO_MAX_WIDTH, room - spare))
            for field in form.fields:
                if isinstance(field.widget, QComboBox) and field.widget.maximumWidth() != widest:
                    field.widget.setMaximumWidth(widest)

    # ---- showing ----

    def show_node(self, key: NodeKey | None) -> None:
        """Show the form of a node (None, or a node no longer in the map: nothing)."""
        if key != self.key:
            self._commit_pending()
        if key is None or key not in self.graph or key[0] not in self.forms:
            self.key = None
            self.title.setText("Nothing selected")
            self.stack.setCurrentWidget(self.empty)
            return
        self.key = key
        form = self.forms[key[0]]
        node = self.graph.nodes[key]
        for field in form.fields:
            if not (field.widget.hasFocus() and field.modified()):  # never overwrite what is being typed
                field.show(self.graph, node)
        self._show_notes(key, form)
        name = node.get("name") or node.get("reason") or node.get("step") or ""
        self.title.setText(breakable(f"{TITLES[key[0]]}: {name}"))
        self.stack.setCurrentWidget(form)
        self.set_read_only(self.read_only)

    def set_locality(self, key: NodeKey | None) -> None:
        """The locality the diagram shows (None: all localities); the item form's access follows it."""
        self.locality = key
        if self.key is not None and self.key[0] == "item":
            self.show_node(self.key)

    def _show_notes(self, key: NodeKey, form: NodeForm) -> None:
        g = self.graph
        if key[0] == "stage":
            lines = [f"{node_name(g, i)} ({PRIORITY.label(g.edges[key, i]['priority']).lower()})"
                     for i in needed_items(g, key)]
            form.say("needs", "\n".join(lines) or "None yet")
        elif key[0] == "agency":
            held = sorted(node_name(g, i) for i, _a, d in g.in_edges(key, data=True) if d["kind"] == "held_by")
            form.say("held", "\n".join(held) or "None")
        elif key[0] == "locality":
            counts = {s: 0 for s in ACCESS.values}
            for _i, _l, d in g.in_edges(key, data=True):
                if d["kind"] == "access":
                    counts[d["status"]] += 1
            items = sum(1 for k in g if k[0] == "item")
            counts["unknown"] = items - sum(counts[s] for s in ("accessible", "partial", "blocked"))
            form.say("counts", "\n".join(f"{ACCESS_LETTER[s]} {ACCESS.label(s)}: {n}"
                                            for s, n in counts.items()))
        elif key[0] == "blockage":
            form.say("actions", "\n".join(f"• {self._action_line(a)}" for a in actions_of(g, key, True)) or "None yet")
        elif key[0] == "item":
            form.say("stages", ", ".join(node_name(g, s) for s in stages_needing(g, key)) or "No stage yet")
            self._show_access(key)
            lines = []
            for b in blockages_of(g, key, self.locality if self.locality in g else None):
                node = g.nodes[b]
                where = node_name(g, ("locality", node["locality_id"])) if node["locality_id"] else "All localities"
                lines.append(f"• {CATEGORY.label(node['category'])} ({where}): {node['reason']}")
                lines += [f"    → {self._action_line(a)}" for a in actions_of(g, b, True)]
            form.say("blockages", "\n".join(lines) or "None recorded")

    def _action_line(self, key: NodeKey) -> str:
        node = self.graph.nodes[key]
        owner = owner_of(node)
        due = f", due {date_text(node['due'])}" if node["due"] else ""
        return (f"{node['step']} [{LEVEL.label(node['level'])}, {ACTION_STATUS.label(node['status'])}"
                f"{', ' + owner if owner else ''}{due}]")

    def _show_access(self, item: NodeKey) -> None:
        shown = self.locality is not None and self.locality in self.graph
        for widget in (self.access_status, self.said_by, self.said_on):
            widget.setVisible(shown)
            label = self.access_box.layout().labelForField(widget)
            if label is not None:
                label.setVisible(shown)
        self.no_locality.setVisible(not shown)
        if not shown:
            self.access_box.setTitle("Access")
            return
        self.access_box.setTitle(f"Access in {node_name(self.graph, self.locality)}")
        edge = self.graph.get_edge_data(item, self.locality) or {}
        value = edge.get("status", "unknown")
        self.access_status.setCurrentIndex(self.access_status.findData(value))
        colour = ACCESS_COLOUR[value]
        self.access_status.setStyleSheet(f"QComboBox {{ background: {colour}; color: {ACCESS_INK[value]}; }}")
        self.said_by.setText(edge.get("said_by") or "")
        self.said_on.setText(date_text(edge.get("said_on")))

    # ---- editing ----

    def _commit(self, field: Field) -> None:
        key = self.key
        if self.read_only or key is None or key not in self.graph or field not in self.forms[key[0]].fields:
            return
        value = field.value()
        if value == field.stored(self.graph.nodes[key]):
            return
        if field.column.options is not None and value == "":
            value = None
        self.intent.emit(Intent("edit", key[0], key[1], {field.column.field: value}))
        if self.key == key and key in self.graph:  # refused: show the saved value again
            field.show(self.graph, self.graph.nodes[key])

    def _commit_access(self) -> None:
        key, locality = self.key, self.locality
        if self.read_only or key is None or key[0] != "item" or locality is None or locality not in self.graph:
            return
        edge = self.graph.get_edge_data(key, locality) or {}
        old = (edge.get("status", "unknown"), edge.get("said_by") or "", date_text(edge.get("said_on")))
        new = (self.access_status.currentData(), self.said_by.text().strip(), self.said_on.text().strip())
        if new == old:
            return
        self.intent.emit(Intent("set", "access", (key[1], locality[1]),
                                {"status": new[0], "said_by": new[1], "said_on": new[2] or None}))
        if self.key == key:
            self._show_access(key)

    def _commit_pending(self) -> None:
        """Keep what was typed in a field that has not been left yet, before the form changes."""
        if self.key is None or self.key[0] not in self.forms:
            return
        for field in self.forms[self.key[0]].fields:
            if field.modified():
                self._commit(field)

    # ---- following the map ----

    def sync(self, graph: nx.DiGraph, change: Any) -> None:
        """Refresh the form if the change touches the node shown (or what its form lists)."""
        replaced = graph is not self.graph
        self.graph = graph
        if self.key is None:
            return
        updated = getattr(change, "updated", None)
        removed = getattr(change, "removed", None)
        if replaced or updated is None or removed is None or self.key not in graph:
            self.show_node(self.key if self.key in graph else None)
            return
        if self.locality is not None and self.locality not in graph:
            self.locality = None
        if updated or removed:  # one form is cheap to refill, and it lists names of other nodes
            self.show_node(self.key)

    def set_read_only(self, read_only: bool) -> None:
        """Look but do not touch."""
        self.read_only = read_only
        for form in self.forms.values():
            for field in form.fields:
                field.set_read_only(read_only)
        self.access_status.setEnabled(not read_only)
        self.said_by.setReadOnly(read_only)
        self.said_on.setReadOnly(read_only)
