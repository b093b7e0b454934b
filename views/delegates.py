"""Cell editors for the tables: a combo box wherever the model offers choices, a line edit otherwise."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from views.table_models import OptionsRole

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of the labels users read when the model offers `OptionsRole`;
    a choice is committed as soon as it is picked, so one click or key sets a status."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        options = index.data(OptionsRole)
        if options is None:
            editor = QLineEdit(parent)
            editor.setFrame(False)
            editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or ""))
            return editor
        combo = QComboBox(parent)
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or ""))
        for value, label in options:
            combo.addItem(label, value)
        combo.activated.connect(lambda _=0, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            at = editor.findData(value)
            editor.setCurrentIndex(at if at >= 0 else 0)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)
