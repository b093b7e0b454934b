"""Pickers above the diagram: which stage (or the whole journey) and which locality (or all) is shown."""

from __future__ import annotations

import networkx as nx
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from models.graph import nodes_of

JOURNEY = "journey"


class _KeyCombo(QComboBox):
    """A combo box whose entries carry node keys; refilled only when the names or order change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumContentsLength(14)
        self._entries: list[tuple[str, object]] = []

    def fill(self, entries: list[tuple[str, object]], current: object) -> None:
        if entries != self._entries:
            self.blockSignals(True)
            self.clear()
            for text, data in entries:
                self.addItem(text, data)
            self._entries = entries
            self.blockSignals(False)
        self.choose(current)

    def choose(self, data: object) -> None:
        for index, (_, value) in enumerate(self._entries):
            if value == data:
                if index != self.currentIndex():
                    self.blockSignals(True)
                    self.setCurrentIndex(index)
                    self.blockSignals(False)
                return


class LocalityPicker(_KeyCombo):
    """One locality, or all of them (the diagram then shows how many can access each item)."""

    locality_changed = Signal(object)  # a locality key, or None for all localities

    def __init__(self, graph: nx.DiGraph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Locality shown")
        self.setToolTip("The locality whose access the diagram shows, or all localities")
        self.current: tuple[str, int] | None = None
        self.currentIndexChanged.connect(self._picked)
        self.sync(graph, None)

    def sync(self, graph: nx.DiGraph, change) -> None:
        localities = nodes_of(graph, "locality")
        if self.current not in localities:
            self.current = None
        entries = [(f"All localities ({len(localities)})", None)]
        entries += [(graph.nodes[k]["name"], k) for k in localities]
        self.fill(entries, self.current)

    def _picked(self, index: int) -> None:
        self.current = self.itemData(index)
        self.locality_changed.emit(self.current)


class StagePicker(_KeyCombo):
    """A stage's circle, or the whole journey."""

    stage_changed = Signal(object)  # a stage id, or JOURNEY

    def __init__(self, graph: nx.DiGraph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Stage shown")
        self.setToolTip("The stage whose circle of need is shown, or the whole journey")
        self.currentIndexChanged.connect(lambda i: self.stage_changed.emit(self.itemData(i)))
        self.sync(graph, None, None)

    def sync(self, graph: nx.DiGraph, change, current: object) -> None:
        stages = nodes_of(graph, "stage")
        entries = [(f"{n + 1}. {graph.nodes[k]['name']}", k[1]) for n, k in enumerate(stages)]
        entries.append(("Whole journey", JOURNEY))
        self.fill(entries, current)
