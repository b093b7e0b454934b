"""File ▸ New map's form: the map's title and area, and its localities — the ten Greater Manchester boroughs,
none yet (added later in the tables), or typed here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from models.cleaning import NAME_LIMIT
from models.vocabulary import GREATER_MANCHESTER
from views.diagram_dialogs import _Form

BOROUGHS, NONE, TYPED = "boroughs", "none", "typed"


def typed_names(text: str) -> list[str]:
    """Locality names typed one a line (or separated by commas), blanks and repeats dropped, in order."""
    names: list[str] = []
    seen: set[str] = set()
    for line in text.replace(",", "\n").splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class NewMapDialog(_Form):
    """Title, area and localities of a new map; `on_accept` gets {"title", "area", "localities"}."""

    def __init__(self, parent: QWidget | None, on_accept: Callable[[dict], None]) -> None:
        super().__init__("New map", parent, on_accept)
        self.title = self.line("&Title:", "Title of the map")
        self.title.setPlaceholderText("e.g. Troubled families pilot")
        self.require(self.title, "The title", NAME_LIMIT)
        self.area = self.line("&Area:", "Area the map covers")
        self.area.setText("Greater Manchester")
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.choice: dict[str, QRadioButton] = {}
        for key, text in ((BOROUGHS, "The ten &Greater Manchester boroughs"),
                          (NONE, "&None yet (add them later in Tables ▸ Localities)"),
                          (TYPED, "The&se, one a line:")):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.group.addButton(button)
            self.choice[key] = button
            column.addWidget(button)
        self.typed = QPlainTextEdit()
        self.typed.setAccessibleName("Localities, one a line")
        self.typed.setPlaceholderText("Leeds\nBradford\nWakefield")
        self.typed.setTabChangesFocus(True)
        self.typed.setFixedHeight(self.typed.fontMetrics().lineSpacing() * 5 + 12)
        column.addWidget(self.typed)
        self.form.addRow("&Localities:", choices)
        self.choice[BOROUGHS].setChecked(True)
        self.typed.setEnabled(False)
        self.choice[TYPED].toggled.connect(self._typed_chosen)
        self.typed.textChanged.connect(self._check)
        self._rules.append(self._typed_problem)
        self.finish()

    def _typed_chosen(self, on: bool) -> None:
        self.typed.setEnabled(on)
        if on:
            self.typed.setFocus()
        self._check()

    def _typed_problem(self) -> str:
        if not self.choice[TYPED].isChecked():
            return ""
        names = typed_names(self.typed.toPlainText())
        if not names:
            return "Type the localities, one a line, or choose another option."
        long = next((n for n in names if len(n) > NAME_LIMIT), None)
        return f"“{long[:40]}…” is too long for a locality's name; keep it under {NAME_LIMIT}." if long else ""

    def localities(self) -> list[str]:
        if self.choice[BOROUGHS].isChecked():
            return list(GREATER_MANCHESTER)
        if self.choice[NONE].isChecked():
            return []
        return typed_names(self.typed.toPlainText())

    def values(self) -> dict:
        return {"title": " ".join(self.title.text().split()), "area": " ".join(self.area.text().split()),
                "localities": self.localities()}
