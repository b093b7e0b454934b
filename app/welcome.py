"""The page shown when no map is open: New, Open, Open sample and the recent maps."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app import file_actions as files


class WelcomePage(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        title = QLabel("Circle of Need")
        title.setStyleSheet("font-size: 28px; font-weight: bold; color: #1F2933;")
        intro = QLabel("Map the data each stage of a family's journey needs, who holds it, where it is blocked "
                       "and who must act to unblock it.")
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 15px; color: #4A5561;")
        buttons = QHBoxLayout()
        self.buttons = {}
        for text, slot in (("&New map…", window.new_map), ("&Open a map…", window.open_map),
                           ("Open the &sample map", window.open_sample)):
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", "").replace("…", ""))
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _=False, s=slot: s())
            buttons.addWidget(button)
            self.buttons[text.replace("&", "").replace("…", "")] = button
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent maps")
        self.recent.itemActivated.connect(lambda item: window.open_path(item.data(Qt.ItemDataRole.UserRole)))
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(16)
        self.recent_label = QLabel("Recent maps (Enter or double-click to open):")
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def refresh(self) -> None:
        self.recent.clear()
        for path in files.recent_files():
            item = QListWidgetItem(f"{Path(path).name}    {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        empty = self.recent.count() == 0
        self.recent.setVisible(not empty)
        self.recent_label.setVisible(not empty)
