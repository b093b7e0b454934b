"""Small forms opened from the diagram: add a data item to a stage, add a blockage, add an action.

Each is opened non-blocking (`open()`) and hands its values to a callback when accepted, so the
diagram stays live and tests can fill them in with the keyboard. OK waits until what the map would
refuse (a blank or over-long name, a stage name already used, an item the stage already needs) is
put right, with the reason under the fields: a refused form would close and lose what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget,
)

from models.cleaning import NAME_LIMIT
from models.graph import nodes_of
from models.vocabulary import CATEGORY, LEVEL, PRIORITY


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None, on_accept: Callable[[dict], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_accept = on_accept
        self.accepted.connect(lambda: self._on_accept(self.values()))
        self.setMinimumWidth(460)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Why OK is not available")
        self.hint.setStyleSheet("color: #8A4B00;")
        self._rules: list[Callable[[], str]] = []

    def finish(self) -> None:
        self.form.addRow(self.hint)
        self.form.addRow(self.buttons)
        self._check()

    def require(self, edit: QLineEdit, what: str, limit: int | None = None,
                taken: Callable[[str], str] | None = None) -> None:
        """`edit` must not be blank (OK waits, quietly: the placeholder says what to type), nor longer
        than `limit`, nor a name `taken` says why it cannot have."""
        def problem() -> str:
            text = " ".join(edit.text().split())
            if not text:
                return " "
            if limit is not None and len(text) > limit:
                return f"{what} is {len(text):,} characters long; keep it under {limit}."
            return taken(text) if taken else ""

        self._rules.append(problem)
        edit.textChanged.connect(self._check)

    def _check(self) -> None:
        problem = next((p for p in (rule() for rule in self._rules) if p), "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        self.hint.setText(problem.strip())
        self.hint.setVisible(bool(problem.strip()))

    def line(self, label: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        self.form.addRow(label, edit)
        return edit

    def combo(self, label: str, accessible: str, entries: list[tuple[str, object]], editable: bool = False) -> QComboBox:
        box = QComboBox()
        box.setEditable(editable)
        box.setAccessibleName(accessible)
        for text, data in entries:
            box.addItem(text, data)
        self.form.addRow(label, box)
        return box

    def values(self) -> dict:
        raise NotImplementedError


class AddItemDialog(_Form):
    """A data item for a stage: a new name or one already in the map, its holder (new or known)."""

    def __init__(self, graph: nx.DiGraph, stage_name: str, parent: QWidget | None,
                 on_accept: Callable[[dict], None]) -> None:
        super().__init__(f"Add a data item to “{stage_name}”", parent, on_accept)
        self.graph = graph
        items = [(graph.nodes[k]["name"], k[1]) for k in nodes_of(graph, "item")]
        self.name = self.combo("&Data item:", "Data item name", [("", None)] + items, editable=True)
        self.name.lineEdit().setPlaceholderText("a new name, or one already in the map")
        agencies = [(graph.nodes[k]["name"], k[1]) for k in nodes_of(graph, "agency")]
        self.holder = self.combo("&Held by:", "Holder", [("", None)] + agencies, editable=True)
        self.holder.lineEdit().setPlaceholderText("an agency, or a new one (may be left blank)")
        self.priority = self.combo("&Priority:", "Priority", [(PRIORITY.label(v), v) for v in PRIORITY.values])
        self.purpose = self.line("&Why it is needed:", "Purpose")
        stage = next((k for k in nodes_of(graph, "stage") if graph.nodes[k]["name"] == stage_name), None)
        needed = {graph.nodes[k]["name"].casefold() for k in graph.successors(stage) if k[0] == "item"} \
            if stage is not None else set()
        self.require(self.name.lineEdit(), "The data item name", NAME_LIMIT,
                     lambda text: f"“{stage_name}” already needs “{text}”." if text.casefold() in needed else "")
        self.holder.lineEdit().textChanged.connect(self._check)
        self._rules.append(self._holder_problem)
        self.finish()

    def _holder_problem(self) -> str:
        text = " ".join(self.holder.currentText().split())
        return f"The holder's name is {len(text):,} characters long; keep it under {NAME_LIMIT}." \
            if len(text) > NAME_LIMIT else ""

    def values(self) -> dict:
        return {"name": self.name.currentText().strip(), "holder": self.holder.currentText().strip(),
                "priority": self.priority.currentData(), "purpose": self.purpose.text().strip()}


class BlockageDialog(_Form):
    """Why a data item is blocked: category, reason, and whether it is blocked everywhere."""

    def __init__(self, item_name: str, locality_name: str | None, parent: QWidget | None,
                 on_accept: Callable[[dict], None]) -> None:
        super().__init__(f"Add a blockage to “{item_name}”", parent, on_accept)
        self.category = self.combo("&Category:", "Blockage category", [(CATEGORY.label(v), v) for v in CATEGORY.values])
        self.reason = self.line("&Reason:", "Reason")
        self.reason.setPlaceholderText("why the data cannot be had")
        self.require(self.reason, "The reason")
        self.everywhere = QCheckBox("Blocked in every locality (a national blockage)")
        self.everywhere.setAccessibleName("Blocked in every locality")
        self.everywhere.setChecked(locality_name is None)
        self.everywhere.setEnabled(locality_name is not None)
        if locality_name:
            self.everywhere.setToolTip(f"Leave unticked to record it for {locality_name} only")
        self.form.addRow("", self.everywhere)
        self.finish()

    def values(self) -> dict:
        return {"category": self.category.currentData(), "reason": self.reason.text().strip(),
                "everywhere": self.everywhere.isChecked()}


class ActionDialog(_Form):
    """What would unblock a blockage: the step, its level and who owns it."""

    def __init__(self, reason: str, parent: QWidget | None, on_accept: Callable[[dict], None]) -> None:
        super().__init__("Add an action", parent, on_accept)
        self.setToolTip(f"To unblock: {reason}")
        self.step = self.line("&Step:", "Step")
        self.step.setPlaceholderText("what would unblock access")
        self.require(self.step, "The step")
        self.level = self.combo("&Level:", "Action level", [(LEVEL.label(v), v) for v in LEVEL.values])
        self.owner = self.line("&Owner (body):", "Owning body")
        self.finish()

    def values(self) -> dict:
        return {"step": self.step.text().strip(), "level": self.level.currentData(),
                "owner_body": self.owner.text().strip()}


class AddStageDialog(_Form):
    """A new stage of the journey: its name and its aim."""

    def __init__(self, graph: nx.DiGraph, parent: QWidget | None, on_accept: Callable[[dict], None]) -> None:
        super().__init__("Add a stage", parent, on_accept)
        self.name = self.line("&Stage:", "Stage name")
        used = {graph.nodes[k]["name"].casefold() for k in nodes_of(graph, "stage")}
        self.require(self.name, "The stage name", NAME_LIMIT,
                     lambda text: f"There is already a stage called “{text}”." if text.casefold() in used else "")
        self.aim = self.line("&Aim (to …):", "Aim")
        self.aim.setPlaceholderText("e.g. accurately identify families")
        self.finish()

    def values(self) -> dict:
        return {"name": self.name.text().strip(), "aim": self.aim.text().strip()}
