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
from models.quick_entry import guess_category
from models.vocabulary import ACCESS, CATEGORY, LEVEL, PRIORITY


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
        # A title bar cuts a long title mid-word: the window's title is short, the stage is named in the form.
        super().__init__("Add a data item", parent, on_accept)
        self.question = QLabel(f"A data item that “{stage_name}” needs")
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.form.addRow(self.question)
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
    """Why a data item cannot be had, asked for the locality shown: category and reason, and whether the
    blockage holds in every locality. Its words say what OK will do: with one locality shown, record the
    blockage for it and mark the item blocked there (one undo step); with all localities shown, record
    it for every locality and leave each locality's access as it is."""

    def __init__(self, item_name: str, locality_name: str | None, parent: QWidget | None,
                 on_accept: Callable[[dict], None], status: str | None = None) -> None:
        if locality_name:
            title = f"Why can't {locality_name} access “{item_name}”?"
        else:
            title = f"What blocks “{item_name}” in every locality?"
        super().__init__("Add a blockage", parent, on_accept)  # the question, whole, is in the form
        self.item_name, self.locality_name, self.status = item_name, locality_name, status
        self.question = QLabel(title)
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.form.addRow(self.question)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        self.effect.setAccessibleName("What OK does")
        self.effect.setContentsMargins(0, 0, 0, 8)
        self.form.addRow(self.effect)
        self.reason = self.line("&Reason:", "Reason")
        self.reason.setPlaceholderText(f"why {locality_name} cannot have it" if locality_name
                                       else "why no locality can have it")
        self.require(self.reason, "The reason")
        # The category follows the words of the reason (as on the wall) until one is chosen.
        self.category = self.combo("&Category:", "Blockage category",
                                   [(CATEGORY.label(v), v) for v in CATEGORY.values])
        self.category.setCurrentIndex(self.category.findData(guess_category("")))
        self._category_chosen = False
        self.category.activated.connect(self._chose_category)
        self.reason.textChanged.connect(self._guess_category)
        self.everywhere = QCheckBox(f"Blocked in every locality, not only {locality_name} (a national blockage)"
                                    if locality_name else "Blocked in every locality")
        self.everywhere.setAccessibleName("Blocked in every locality")
        self.everywhere.setChecked(locality_name is None)
        self.everywhere.setVisible(locality_name is not None)  # all localities shown: the words say it
        self.everywhere.toggled.connect(self._say_effect)
        self.form.addRow("", self.everywhere)
        self._say_effect()
        self.finish()

    def _chose_category(self) -> None:
        self._category_chosen = True

    def _guess_category(self, text: str) -> None:
        if not self._category_chosen:
            self.category.setCurrentIndex(self.category.findData(guess_category(text)))

    def _say_effect(self) -> None:
        item, here = f"“{self.item_name}”", self.locality_name
        if not here:
            text = ("All localities are shown, so the blockage is recorded for every locality (a national "
                    "blockage). Each locality's access stays as it is: to mark the item blocked in one, "
                    "pick that locality first.")
        else:
            scope = "every locality (a national blockage)" if self.everywhere.isChecked() else here
            if self.status == "blocked":
                text = f"OK records the blockage for {scope}; {item} is already marked blocked in {here}."
            else:
                now = f" (it is {ACCESS.label(self.status).lower()} now)" if self.status else ""
                text = f"OK records the blockage for {scope} and marks {item} blocked in {here}{now}."
            if self.everywhere.isChecked():
                text += " Access in the other localities stays as it is."
            if self.status != "blocked":
                text += " One step: Ctrl+Z takes both back."
        self.effect.setText(text)

    def values(self) -> dict:
        return {"category": self.category.currentData(), "reason": self.reason.text().strip(),
                "everywhere": self.everywhere.isChecked()}


class ActionDialog(_Form):
    """What would unblock a blockage: the step, its level and who owns it."""

    def __init__(self, reason: str, parent: QWidget | None, on_accept: Callable[[dict], None]) -> None:
        super().__init__("Add an action", parent, on_accept)
        self.setToolTip(f"To unblock: {reason}")
        self.question = QLabel(f"To unblock: {reason}")
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-weight: bold;")
        self.form.addRow(self.question)
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
