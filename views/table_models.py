"""Table models over the map's graph, one per tab: they read the graph lazily and turn edits into intents.

A model never writes the map. `setData` emits `intent` with a views.intents.Intent and returns False;
the value shown changes only when the edit has been carried out and `sync` hears about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from models.analysis import status
from models.graph import nodes_of
from models.vocabulary import (
    ACCESS, ACCESS_COLOUR, ACCESS_INK, ACCESS_LETTER, ACTION_STATUS, AGREEMENT_TIER, CATEGORY, GRANULARITY, LEVEL,
    NATURE, VOLUME, Choices,
)
from views.intents import Intent

SortRole = Qt.ItemDataRole.UserRole + 1
OptionsRole = Qt.ItemDataRole.UserRole + 2  # [(stored value, label)] for a combo-box editor
KeyRole = Qt.ItemDataRole.UserRole + 3  # the node key of the row

NodeKey = tuple[str, int]
Index = QModelIndex | QPersistentModelIndex
YES_NO = (("yes", "Yes"), ("no", "No"), ("", "Not known"))
NODE_KINDS = ("stage", "item", "agency", "locality", "blockage", "action")


def yes_no_label(value: bool | None) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def node_name(graph: nx.DiGraph, key: NodeKey | None) -> str:
    return graph.nodes[key].get("name", "") if key is not None and key in graph else ""


def blockage_label(graph: nx.DiGraph, key: NodeKey) -> str:
    """A blockage in words: “Live births — Wigan: reason”."""
    if key not in graph:
        return ""
    node = graph.nodes[key]
    where = node_name(graph, ("locality", node["locality_id"])) if node["locality_id"] else "All localities"
    reason = node["reason"] if len(node["reason"]) <= 60 else node["reason"][:59] + "…"
    return f"{node_name(graph, ('item', node['item_id']))} — {where}: {reason}"


def options_of(graph: nx.DiGraph, kind: str, none_label: str | None = None) -> list[tuple[Any, str]]:
    """Every node of a kind as (id, label), for a combo box; `none_label` offers a blank first."""
    label = blockage_label if kind == "blockage" else node_name
    found = [(key[1], label(graph, key)) for key in nodes_of(graph, kind)]
    return ([("", none_label)] if none_label is not None else []) + found


def remove_rows(model: QAbstractTableModel, keys: list, rows: list[int]) -> None:
    """Take rows out of a model's key list, a run of neighbouring rows at a time, last first."""
    runs: list[list[int]] = []
    for row in sorted(rows, reverse=True):
        if runs and runs[-1][0] == row + 1:
            runs[-1][0] = row
        else:
            runs.append([row, row])
    for first, last in runs:
        model.beginRemoveRows(QModelIndex(), first, last)
        del keys[first:last + 1]
        model.endRemoveRows()


@dataclass(frozen=True)
class Column:
    """One column of a node table: how to show, sort and edit one attribute."""

    header: str
    field: str | None = None  # the attribute an edit sets; None: read-only
    show: Callable[[nx.DiGraph, dict], str] | None = None
    edit_value: Callable[[Any], Any] | None = None  # the stored value as the editor holds it
    options: Callable[[nx.DiGraph], list[tuple[Any, str]]] | None = None
    sort: Callable[[nx.DiGraph, dict], Any] | None = None
    tip: str = ""

    def text(self, graph: nx.DiGraph, node: dict) -> str:
        if self.show is not None:
            return self.show(graph, node)
        value = node.get(self.field)
        return "" if value is None else str(value)


def text(field: str, header: str, tip: str = "") -> Column:
    return Column(header, field, tip=tip)


def choice(field: str, header: str, choices: Choices, nullable: bool = True) -> Column:
    options = ([("", "Not set")] if nullable else []) + list(choices.labels.items())
    return Column(header, field, show=lambda g, n: choices.label(n.get(field)),
                  edit_value=lambda v: v or "", options=lambda g: options,
                  sort=lambda g, n: choices.values.index(n[field]) if n.get(field) in choices.values else -1)


def yes_no(field: str, header: str) -> Column:
    return Column(header, field, show=lambda g, n: yes_no_label(n.get(field)),
                  edit_value=lambda v: "" if v is None else ("yes" if v else "no"), options=lambda g: list(YES_NO),
                  sort=lambda g, n: {True: 0, False: 1, None: 2}[n.get(field)])


def number(field: str, header: str) -> Column:
    return Column(header, field, edit_value=lambda v: "" if v is None else str(v),
                  sort=lambda g, n: -1 if n.get(field) is None else n[field])


def date(field: str, header: str) -> Column:
    return Column(header, field, show=lambda g, n: date_text(n.get(field)), edit_value=date_text,
                  sort=lambda g, n: n.get(field) or dt.date.min, tip="Type a date like 31/03/2026; blank for none.")


def reference(field: str, header: str, kind: str, none_label: str | None = None) -> Column:
    label = blockage_label if kind == "blockage" else node_name

    def show(graph: nx.DiGraph, node: dict) -> str:
        ident = node.get(field)
        return none_label or "" if ident is None else label(graph, (kind, ident))

    return Column(header, field, show=show, edit_value=lambda v: "" if v is None else v,
                  options=lambda g: options_of(g, kind, none_label), sort=lambda g, n: show(g, n).casefold())


def computed(header: str, show: Callable[[nx.DiGraph, dict], Any], tip: str = "") -> Column:
    return Column(header, None, show=lambda g, n: str(show(g, n)), sort=show, tip=tip)


def _count(graph: nx.DiGraph, node: dict, edge: str, incoming: bool = False) -> int:
    key = (node["kind"], node["id"])
    edges = graph.pred[key] if incoming else graph.adj[key]
    return sum(1 for data in edges.values() if data["kind"] == edge)


def _access_counts(graph: nx.DiGraph, node: dict, wanted: str) -> int:
    """Data items with that access in the locality; unknown counts those with no record too."""
    key = ("locality", node["id"])
    if wanted == "unknown":
        known = sum(1 for data in graph.pred[key].values() if data["kind"] == "access" and data["status"] != "unknown")
        return sum(1 for k in graph if k[0] == "item") - known
    return sum(1 for data in graph.pred[key].values() if data["kind"] == "access" and data["status"] == wanted)


class NodeTableModel(QAbstractTableModel):
    """Rows are the nodes of one kind (node keys), columns their attributes."""

    intent = Signal(object)
    kind = ""
    reads: frozenset[str] = frozenset()  # other kinds whose changes can alter what this table shows
    ordered = False  # rows follow the journey order (stages): a reordering resets the model

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.graph = nx.DiGraph()
        self.keys: list[NodeKey] = []
        self._row: dict[NodeKey, int] = {}
        self.columns: list[Column] = []
        self.read_only = False

    # ---- building ----

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        raise NotImplementedError

    def reset(self, graph: nx.DiGraph) -> None:
        self.beginResetModel()
        self.graph = graph
        self.columns = self.make_columns(graph)
        self.keys = nodes_of(graph, self.kind)
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row = {key: row for row, key in enumerate(self.keys)}

    def row_of(self, key: NodeKey) -> int:
        return self._row.get(key, -1)

    def key_at(self, row: int) -> NodeKey | None:
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def row_text(self, row: int) -> str:
        """Everything a row shows, for the filter."""
        node = self.graph.nodes[self.keys[row]]
        return " ".join(column.text(self.graph, node) for column in self.columns)

    # ---- following the map ----

    def columns_changed(self, graph: nx.DiGraph, change: Any) -> bool:
        """Whether the change alters the columns themselves (then the model is reset)."""
        return False

    def sync(self, graph: nx.DiGraph, change: Any) -> None:
        """Redo only the rows the change names; other kinds it reads refresh the cells in place."""
        if graph is not self.graph or self.columns_changed(graph, change):
            self.reset(graph)
            return
        touched = change.updated | change.removed
        gone = [self._row[k] for k in touched if k[0] == self.kind and k not in graph and k in self._row]
        if len(gone) > 200:  # a locality with its hundreds of blockages: one reset beats row by row
            self.reset(graph)
            return
        remove_rows(self, self.keys, gone)
        self._reindex()
        present = [k for k in change.updated if k[0] == self.kind and k in graph]
        new = []
        if any(k not in self._row for k in present):
            new = [k for k in nodes_of(graph, self.kind) if k not in self._row and k in change.updated]
        if new:
            start = len(self.keys)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self.keys.extend(new)
            self._reindex()
            self.endInsertRows()
        if self.ordered and self.keys != nodes_of(graph, self.kind):
            self.reset(graph)
            return
        last = self.columnCount() - 1
        if last < 0 or not self.keys:
            return
        if any(k[0] in self.reads for k in touched):
            rows = self.rows_reading(graph, touched)
            if rows is None:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, last))
                return
            present = list({*present, *(self.keys[r] for r in rows)})
        for key in present:
            row = self._row.get(key, -1)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def rows_reading(self, graph: nx.DiGraph, touched: frozenset[NodeKey]) -> list[int] | None:
        """The rows that show something of the touched nodes of other kinds; None: maybe all."""
        return None

    # ---- Qt model ----

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.tip or column.header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].field and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.keys) or index.column() >= len(self.columns):
            return None
        key = self.keys[index.row()]
        if key not in self.graph:
            return None
        node, column = self.graph.nodes[key], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(self.graph, node)
        if role == Qt.ItemDataRole.EditRole:
            value = node.get(column.field) if column.field else None
            return column.edit_value(value) if column.edit_value else ("" if value is None else value)
        if role == SortRole:
            return column.sort(self.graph, node) if column.sort else column.text(self.graph, node).casefold()
        if role == OptionsRole:
            return column.options(self.graph) if column.options and column.field else None
        if role == KeyRole:
            return key
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.read_only or not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if not column.field or self.data(index, Qt.ItemDataRole.EditRole) == value:
            return False
        if column.options is not None and value == "":
            value = None
        self.intent.emit(Intent("edit", self.kind, self.keys[index.row()][1], {column.field: value}))
        return False  # the graph changes only once the edit is carried out; sync shows it


class StageTableModel(NodeTableModel):
    kind = "stage"
    ordered = True

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        return [
            computed("Order", lambda g, n: n["position"] + 1, "Where the stage comes in the family's journey"),
            text("name", "Stage"),
            text("aim", "Aim", "The aim phrase used in sentences, e.g. “accurately identify families”"),
            computed("Data items needed", lambda g, n: _count(g, n, "needs"), "How many data items this stage needs"),
        ]


class ItemTableModel(NodeTableModel):
    """Data items, with one tick column per stage saying whether that stage needs the item."""

    kind = "item"
    reads = frozenset({"agency"})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.stages: list[NodeKey] = []
        self.first_stage_column = 0

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        self.stages = nodes_of(graph, "stage")
        fixed = [
            text("name", "Data item"),
            reference("holder_id", "Held by", "agency", "No holder"),
            yes_no("personal", "Personal data"),
            choice("nature", "Kind of data", NATURE),
            choice("volume", "Form of sharing", VOLUME),
            text("identifier", "Identifier", "e.g. NHS number, NINO, UPRN, council reference"),
            choice("granularity", "Granularity", GRANULARITY),
            number("months_in_arrears", "Months in arrears"),
            text("update_frequency", "Update frequency"),
            yes_no("pseudonymised_ok", "Pseudonymised data would do"),
            text("legal_basis", "Legal basis"),
            yes_no("consent_needed", "Consent needed"),
            choice("agreement_tier", "Agreement tier", AGREEMENT_TIER),
            text("agreement_reference", "Agreement reference"),
            text("description", "Description"),
        ]
        self.first_stage_column = len(fixed)
        needed = [computed(f"Needed at: {node_name(graph, s)}", self._needed_text(s),
                           f"Tick if “{node_name(graph, s)}” needs this data item") for s in self.stages]
        return fixed + needed

    @staticmethod
    def _needed_text(stage: NodeKey) -> Callable[[nx.DiGraph, dict], str]:
        return lambda g, n: "needed" if g.has_edge(stage, ("item", n["id"])) else ""

    def stage_at(self, column: int) -> NodeKey | None:
        at = column - self.first_stage_column
        return self.stages[at] if 0 <= at < len(self.stages) else None

    def columns_changed(self, graph: nx.DiGraph, change: Any) -> bool:
        if not any(k[0] == "stage" for k in change.updated | change.removed):
            return False
        if nodes_of(graph, "stage") != self.stages:
            return True
        names = [c.header for c in self.columns[self.first_stage_column:]]
        if names != [f"Needed at: {node_name(graph, s)}" for s in self.stages]:
            self.columns = self.make_columns(graph)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.first_stage_column, len(self.columns) - 1)
        if self.keys:  # a need added or dropped: the tick columns
            self.dataChanged.emit(self.index(0, self.first_stage_column),
                                  self.index(len(self.keys) - 1, len(self.columns) - 1))
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.stage_at(index.column()) is not None:
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not self.read_only:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        stage = self.stage_at(index.column()) if index.isValid() else None
        if stage is not None and index.row() < len(self.keys):
            needed = self.graph.has_edge(stage, self.keys[index.row()])
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if needed else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "Needed" if needed else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[index.column()].tip
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        stage = self.stage_at(index.column()) if index.isValid() else None
        if stage is None:
            return super().setData(index, value, role)
        if self.read_only or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self.keys[index.row()]
        wanted = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if wanted == self.graph.has_edge(stage, item):
            return False
        self.intent.emit(Intent("add" if wanted else "remove", "need", (stage[1], item[1]), {}))
        return False


class AgencyTableModel(NodeTableModel):
    kind = "agency"
    reads = frozenset({"item"})

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        return [
            text("name", "Agency"),
            text("short_name", "Short name"),
            text("sector", "Sector"),
            text("contact", "Named contact", "Someone who can answer questions about the data"),
            computed("Data items held", lambda g, n: _count(g, n, "held_by", incoming=True)),
        ]


class LocalityTableModel(NodeTableModel):
    kind = "locality"
    reads = frozenset({"item"})

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        counts = [computed(f"{ACCESS_LETTER[s]} {ACCESS.label(s)}", self._counter(s),
                           f"How many data items are {ACCESS.label(s).lower()} here"
                           + (" (nobody has said, or it is not known)" if s == "unknown" else ""))
                  for s in ACCESS.values]
        return [text("name", "Locality"), *counts]

    @staticmethod
    def _counter(wanted: str) -> Callable[[nx.DiGraph, dict], int]:
        return lambda g, n: _access_counts(g, n, wanted)


class BlockageTableModel(NodeTableModel):
    kind = "blockage"
    reads = frozenset({"item", "locality", "action"})

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        return [
            reference("item_id", "Data item", "item"),
            reference("locality_id", "Locality", "locality", "All localities"),
            choice("category", "Category", CATEGORY, nullable=False),
            text("reason", "Reason"),
            text("evidence", "Evidence"),
            computed("Actions", lambda g, n: _count(g, n, "unblocks", incoming=True),
                     "How many actions would unblock it"),
        ]


    def rows_reading(self, graph: nx.DiGraph, touched: frozenset[NodeKey]) -> list[int] | None:
        if any(k[0] == "action" and k not in graph for k in touched):
            return None  # a removed action's blockage is no longer known: count again everywhere
        items = {i for k, i in touched if k == "item"}
        localities = {i for k, i in touched if k == "locality"}
        blockages = {graph.nodes[k]["blockage_id"] for k in touched if k[0] == "action"}
        nodes = graph.nodes
        return [row for row, key in enumerate(self.keys) if key in graph and (
            nodes[key]["item_id"] in items or nodes[key]["locality_id"] in localities or key[1] in blockages)]


class ActionTableModel(NodeTableModel):
    kind = "action"
    reads = frozenset({"item", "locality", "blockage"})

    def make_columns(self, graph: nx.DiGraph) -> list[Column]:
        return [
            reference("blockage_id", "Blockage", "blockage"),
            text("step", "Step", "What would unblock access"),
            choice("level", "Level", LEVEL, nullable=False),
            text("owner_body", "Owning body"),
            text("owner_person", "Owner"),
            choice("status", "Status", ACTION_STATUS, nullable=False),
            date("due", "Due"),
        ]

    def rows_reading(self, graph: nx.DiGraph, touched: frozenset[NodeKey]) -> list[int] | None:
        if any(k[0] == "locality" for k in touched):
            return None  # a blockage's locality is one lookup away; localities change rarely
        items = {i for k, i in touched if k == "item"}
        blockages = {k for k in touched if k[0] == "blockage"}
        found = []
        for row, key in enumerate(self.keys):
            if key not in graph:
                continue
            blockage = ("blockage", graph.nodes[key]["blockage_id"])
            if blockage in blockages or (blockage in graph and graph.nodes[blockage]["item_id"] in items):
                found.append(row)
        return found


class AccessGridModel(QAbstractTableModel):
    """Data item × locality: each cell an access status shown as a letter on its colour.

    Cells are read from the graph only when Qt asks for them, so 400 × 152 stays quick."""

    intent = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.graph = nx.DiGraph()
        self.items: list[NodeKey] = []
        self.localities: list[NodeKey] = []
        self._row: dict[NodeKey, int] = {}
        self.read_only = False
        self._fills = {s: QBrush(QColor(c)) for s, c in ACCESS_COLOUR.items()}
        self._ink = {s: QBrush(QColor(c)) for s, c in ACCESS_INK.items()}
        self._bold = QFont()
        self._bold.setBold(True)

    def reset(self, graph: nx.DiGraph) -> None:
        self.beginResetModel()
        self.graph = graph
        self.items = nodes_of(graph, "item")
        self.localities = nodes_of(graph, "locality")
        self._row = {key: row for row, key in enumerate(self.items)}
        self.endResetModel()

    def row_of(self, key: NodeKey) -> int:
        return self._row.get(key, -1)

    def key_at(self, row: int) -> NodeKey | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_text(self, row: int) -> str:
        return node_name(self.graph, self.items[row])

    def sync(self, graph: nx.DiGraph, change: Any) -> None:
        touched = change.updated | change.removed
        localities = [k for k in touched if k[0] == "locality"]
        if graph is not self.graph or (localities and set(nodes_of(graph, "locality")) != set(self.localities)):
            self.reset(graph)  # a locality added or removed: the columns change
            return
        if localities:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.localities) - 1))
        gone = [self._row[k] for k in touched if k[0] == "item" and k not in graph and k in self._row]
        remove_rows(self, self.items, gone)
        self._row = {k: r for r, k in enumerate(self.items)}
        new = [k for k in nodes_of(graph, "item") if k not in self._row and k in change.updated]
        if new:
            start = len(self.items)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self.items.extend(new)
            self._row = {k: r for r, k in enumerate(self.items)}
            self.endInsertRows()
        last = len(self.localities) - 1
        for key in change.updated:
            row = self._row.get(key, -1)
            if row >= 0 and last >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.localities)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        keys = self.localities if orientation == Qt.Orientation.Horizontal else self.items
        if 0 <= section < len(keys) and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return node_name(self.graph, keys[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self.read_only else flags | Qt.ItemFlag.ItemIsEditable

    def status_at(self, index: Index) -> str:
        return status(self.graph, self.items[index.row()], self.localities[index.column()])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items) or index.column() >= len(self.localities):
            return None
        item, locality = self.items[index.row()], self.localities[index.column()]
        if item not in self.graph or locality not in self.graph:
            return None
        edge = self.graph.get_edge_data(item, locality)
        value = edge["status"] if edge else "unknown"
        if role == Qt.ItemDataRole.DisplayRole:
            return ACCESS_LETTER[value]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._fills[value]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._ink[value]
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            said = ""
            if edge and (edge.get("said_by") or edge.get("said_on")):
                said = f" (said by {edge.get('said_by') or 'someone'}"
                said += f" on {date_text(edge['said_on'])})" if edge.get("said_on") else ")"
            return f"{node_name(self.graph, item)} in {node_name(self.graph, locality)}: {ACCESS.label(value)}{said}"
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SortRole:
            return ACCESS.values.index(value)
        if role == OptionsRole:
            return [(v, f"{ACCESS_LETTER[v]}  {label}") for v, label in ACCESS.labels.items()]
        if role == KeyRole:
            return item
        return None

    def set_status(self, index: Index, value: str) -> None:
        """Ask for a cell's status to change (from the editor or a key typed on the cell)."""
        if self.read_only or not index.isValid() or value == self.status_at(index):
            return
        item, locality = self.items[index.row()], self.localities[index.column()]
        self.intent.emit(Intent("set", "access", (item[1], locality[1]), {"status": value}))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.EditRole and value in ACCESS.values:
            self.set_status(index, value)
        return False


MODELS: dict[str, type[NodeTableModel]] = {
    "stage": StageTableModel, "item": ItemTableModel, "agency": AgencyTableModel,
    "locality": LocalityTableModel, "blockage": BlockageTableModel, "action": ActionTableModel,
}
