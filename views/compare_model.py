"""The item × locality matrix as a Qt table model, its rotated locality header and the status cell painter.

Rows are stage headings followed by the items of that stage's circle (models.compare.matrix_groups);
columns are localities. The vertical header carries the item names, so they stay put while the
localities scroll sideways (the frozen item column)."""

from __future__ import annotations

import math

import networkx as nx
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from models.analysis import STATUSES, holder, name, status
from models.compare import MatrixFilter, cell_text, matrix_groups, variation_score
from models.graph import nodes_of
from models.sentences import plural
from models.change import NodeKey
from models.vocabulary import ACCESS, ACCESS_COLOUR, ACCESS_INK, ACCESS_LETTER

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # (item key, locality key) of a cell, None on a stage heading
GROUP_FILL = QColor("#DCE4EE")
INK = QColor("#1F2A44")
Index = QModelIndex | QPersistentModelIndex


class MatrixModel(QAbstractTableModel):
    """Read-only: edits leave the view as intents, and come back through `refresh_items` / `rebuild`."""

    def __init__(self, graph: nx.DiGraph, parent=None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.wanted = MatrixFilter()
        self.by_variation = False
        self.localities: list[NodeKey] = []
        self.rows: list[tuple[str, NodeKey | None, str]] = []  # ("group", stage, title) / ("item", item, stage title)
        self._row_of: dict[NodeKey, list[int]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._compute()

    # ---- building ---------------------------------------------------------------------------

    def _compute(self) -> None:
        graph = self.graph
        self.localities = nodes_of(graph, "locality")
        self.rows, self._row_of = [], {}
        for group in matrix_groups(graph, self.wanted, self.by_variation, self.localities):
            self.rows.append(("group", group.stage, group.title))
            for item in group.items:
                self._row_of.setdefault(item, []).append(len(self.rows))
                self.rows.append(("item", item, group.title))

    def rebuild(self, graph: nx.DiGraph | None = None) -> None:
        """Everything afresh (a reload, new localities, a new filter)."""
        self.beginResetModel()
        if graph is not None:
            self.graph = graph
        self._compute()
        self.endResetModel()

    def relayout(self, graph: nx.DiGraph) -> None:
        """Rows re-filtered or re-sorted after an edit, keeping the scroll position and selection."""
        self.layoutAboutToBeChanged.emit()
        old = {i: self.rows[i] for i in range(len(self.rows))}
        persistent = self.persistentIndexList()
        self.graph = graph
        self._compute()
        place = {}
        for n, row in enumerate(self.rows):
            place.setdefault((row[0], row[1], row[2]), n)
        for index in persistent:
            new = place.get(old.get(index.row(), ("", None, "")))
            self.changePersistentIndex(index, self.index(new, index.column()) if new is not None else QModelIndex())
        self.layoutChanged.emit()

    def refresh_items(self, graph: nx.DiGraph, items: set[NodeKey]) -> None:
        """Redraw the rows of these items (their access, reasons or actions changed)."""
        self.graph = graph
        last = len(self.localities) - 1
        for item in items:
            for row in self._row_of.get(item, []):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def set_filter(self, wanted: MatrixFilter, by_variation: bool) -> None:
        self.wanted, self.by_variation = wanted, by_variation
        self.rebuild()

    # ---- reading ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.localities)

    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self.rows) and self.rows[row][0] == "group"

    def cell(self, index: Index) -> tuple[NodeKey, NodeKey] | None:
        if not index.isValid() or self.is_group(index.row()) or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()][1], self.localities[index.column()]

    def status_at(self, index: Index) -> str | None:
        key = self.cell(index)
        if key is None:
            return None
        edge = self.graph.adj[key[0]].get(key[1])
        return edge["status"] if edge else "unknown"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == STATUS_ROLE:  # the painter's one question, answered first: it is asked for every visible cell
            row = index.row()
            if not 0 <= row < len(self.rows) or self.rows[row][0] == "group":
                return None
            edge = self.graph.adj[self.rows[row][1]].get(self.localities[index.column()])
            return edge["status"] if edge else "unknown"
        if not index.isValid():
            return None
        if self.is_group(index.row()):
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(GROUP_FILL)
            return None
        state = self.status_at(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            letter = ACCESS_LETTER[state]
            if role == Qt.ItemDataRole.AccessibleTextRole:
                item, locality = self.cell(index)
                return f"{name(self.graph, item)}, {name(self.graph, locality)}: {ACCESS.label(state)}"
            return letter
        if role == STATUS_ROLE:
            return state
        if role == KEY_ROLE:
            return self.cell(index)
        if role == Qt.ItemDataRole.ToolTipRole:
            item, locality = self.cell(index)
            return cell_text(self.graph, item, locality) + "\n\nClick, or press A, P, B or U, to change it."
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.localities):
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return name(self.graph, self.localities[section])
            return None
        if not 0 <= section < len(self.rows):
            return None
        kind, key, _ = self.rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == "group":
                return self.rows[section][2]
            return "   " + name(self.graph, key)
        if role == Qt.ItemDataRole.FontRole and kind == "group":
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and kind == "group":
            return QBrush(GROUP_FILL)
        if role == Qt.ItemDataRole.ToolTipRole and kind == "item":
            spread, kinds, with_access = variation_score(self.graph, key, self.localities)
            held = name(self.graph, holder(self.graph, key)) or "no holder recorded"
            fully = sum(status(self.graph, key, loc) == "accessible" for loc in self.localities)
            # Fully accessible only, as the report counts; partly accessible said apart.
            return (f"{name(self.graph, key)}\nHeld by {held}\nAccessible in {fully} of "
                    f"{plural(len(self.localities), 'locality')}, partly accessible in {with_access - fully}; "
                    f"{spread} to learn from each other.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self.is_group(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# ---- painting -------------------------------------------------------------------------------


def status_path(state: str, size: float) -> QPainterPath:
    """The same shapes as the diagram: circle accessible, diamond partial, octagon blocked, dashed circle unknown."""
    path = QPainterPath()
    if state == "partial":
        s = size * 1.15
        path.addPolygon(QPolygonF([QPointF(0, -s), QPointF(s, 0), QPointF(0, s), QPointF(-s, 0), QPointF(0, -s)]))
    elif state == "blocked":
        path.addPolygon(QPolygonF([QPointF(size * math.cos(math.pi / 8 + n * math.pi / 4),
                                           size * math.sin(math.pi / 8 + n * math.pi / 4)) for n in range(9)]))
    else:
        path.addEllipse(QPointF(0, 0), size, size)
    return path


class StatusDelegate(QStyledItemDelegate):
    """A cell: the status shape in its colour with its letter, so it reads in greyscale too."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._letter = QFont()
        self._letter.setBold(True)
        self._letter.setPixelSize(10)
        self._pens = {s: QPen(QColor(ACCESS_COLOUR[s]).darker(130), 1.2) for s in STATUSES}
        self._pens["unknown"] = QPen(QColor(ACCESS_COLOUR["unknown"]), 1.4, Qt.PenStyle.DashLine)
        self._fills = {s: QColor(ACCESS_COLOUR[s]) for s in STATUSES}
        self._fills["unknown"] = QColor("#F2F2F2")
        self._paths = {s: status_path(s, 8.0) for s in STATUSES}
        self._symbols: dict[tuple[str, float], QPixmap] = {}

    def _symbol(self, state: str, ratio: float) -> QPixmap:
        """Each status drawn once per screen density; painting a cell is then one pixmap copy (152 columns
        scroll smoothly)."""
        key = (state, ratio)
        if key not in self._symbols:
            pixmap = QPixmap(int(20 * ratio), int(20 * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(10, 10)
            painter.setPen(self._pens[state])
            painter.setBrush(self._fills[state])
            painter.drawPath(self._paths[state])
            painter.setPen(QColor(ACCESS_INK[state]))
            painter.setFont(self._letter)
            painter.drawText(QRectF(-8, -8, 16, 16), Qt.AlignmentFlag.AlignCenter, ACCESS_LETTER[state])
            painter.end()
            self._symbols[key] = pixmap
        return self._symbols[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if painter is None:
            return
        state = index.data(STATUS_ROLE)
        rect = option.rect
        if state is None:
            painter.fillRect(rect, GROUP_FILL)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        painter.drawPixmap(rect.left() + (rect.width() - 20) // 2, rect.top() + (rect.height() - 20) // 2,
                           self._symbol(state, painter.device().devicePixelRatioF() if painter.device() else 1.0))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(26, 24)


class RotatedHeader(QHeaderView):
    """Locality names written upwards, so 152 narrow columns keep readable headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultSectionSize(26)
        self.setMinimumSectionSize(20)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHighlightSections(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        model = self.model()
        longest = 0
        if model is not None:
            metrics = self.fontMetrics()
            count = min(model.columnCount(), 400)
            longest = max((metrics.horizontalAdvance(str(model.headerData(n, Qt.Orientation.Horizontal) or ""))
                           for n in range(count)), default=0)
        return QSize(hint.width(), min(max(longest + 16, 40), 150))

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if painter is None or not rect.isValid():
            return
        model = self.model()
        text = str(model.headerData(logical_index, Qt.Orientation.Horizontal) or "") if model else ""
        painter.save()
        painter.fillRect(rect, self.palette().button())
        painter.setPen(self.palette().mid().color())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setPen(self.palette().buttonText().color())
        painter.translate(rect.left() + rect.width() / 2, rect.bottom() - 6)
        painter.rotate(-90)
        metrics = self.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 10)
        painter.drawText(QRectF(0, -rect.width() / 2, rect.height() - 10, rect.width()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        painter.restore()
