"""The legend under the diagram: a compact strip of small symbol + word pairs (shapes, letters, or the
share ring across all localities; lines, badges), wrapping onto a second row only when the diagram is narrow."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.vocabulary import ACCESS, ACCESS_LETTER
from views.diagram_items import (
    HOLDER_EDGE, HOLDER_FILL, INK, SPOKE, STAGE_FILL, font, paint_ring, paint_status,
)

ROW = 22  # height of a row of the strip
SYMBOL = 26  # width kept for a symbol
GAP = 12  # between one pair and the next
MARGIN = 8


RING_NOTE = ("ring: share of localities that can access (green), partly (orange), blocked (vermilion, striped), "
             "not known (grey, dashed); n/N can access in full")
RING_SAMPLE = {"accessible": 3, "partial": 1, "blocked": 1, "unknown": 1}  # the legend's small ring


class LegendWidget(QWidget):
    """A fixed key: in one locality the status shapes and letters; across all localities the pair
    explaining the share ring (views.diagram_items.paint_ring) instead, as no item shows a shape then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_localities = True
        self.setAccessibleName("Legend")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._describe()

    def set_all_localities(self, value: bool) -> None:
        if value == self.all_localities:
            return
        self.all_localities = value
        self._describe()
        self.updateGeometry()
        self.update()

    def _describe(self) -> None:
        key = (f"Each item's {RING_NOTE}" if self.all_localities else
               "Access: " + "; ".join(f"{ACCESS_LETTER[s]} {ACCESS.label(s)}" for s in ACCESS.values))
        self.setAccessibleDescription(
            key + ". Solid line and name in bold: essential; dashed line: useful. Dark badge !n: n blockages recorded.")

    def rows(self) -> list[tuple[str, str]]:
        if self.all_localities:
            entries = [("ring", RING_NOTE)]
        else:
            entries = [("status:" + s, ACCESS.label(s)) for s in ACCESS.values]
        entries += [("badge", "blockages recorded"), ("essential", "Essential (name in bold)"), ("useful", "Useful"),
                    ("holder", "Holder of the data"), ("stage", "Stage")]
        return entries

    def places(self, width: int) -> list[tuple[str, str, QPointF]]:
        """Each pair's top-left corner in a strip `width` wide: in one row, wrapping where it must."""
        metrics = QFontMetricsF(font(11))
        x, y, placed = float(MARGIN), 0.0, []
        for what, label in self.rows():
            wide = SYMBOL + 4 + metrics.horizontalAdvance(label)
            if x > MARGIN and x + wide > width - MARGIN:
                x, y = float(MARGIN), y + ROW
            placed.append((what, label, QPointF(x, y)))
            x += wide + GAP
        return placed

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        places = self.places(width)
        return int(places[-1][2].y() + ROW + 6) if places else ROW

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(600, self.heightForWidth(max(self.width(), 600)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(200, ROW + 6)

    def entry_rects(self) -> dict[str, QRectF]:
        """Where each pair is drawn (for tests and screen readers' sake: each has its own place)."""
        metrics = QFontMetricsF(font(11))
        return {what: QRectF(corner.x(), corner.y(), SYMBOL + 4 + metrics.horizontalAdvance(label), ROW)
                for what, label, corner in self.places(self.width())}

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        painter.setPen(QColor("#D5DAE0"))
        painter.drawLine(0, 0, self.width(), 0)
        for what, label, corner in self.places(self.width()):
            top = corner.y() + 3
            painter.save()
            painter.translate(QPointF(corner.x() + SYMBOL / 2, top + ROW / 2))
            self._symbol(painter, what)
            painter.restore()
            painter.setPen(INK)
            painter.setFont(font(11))
            painter.drawText(QRectF(corner.x() + SYMBOL + 4, top, max(400, self.width()), ROW),
                             Qt.AlignmentFlag.AlignVCenter, label)
        painter.end()

    def _symbol(self, painter: QPainter, what: str) -> None:
        if what.startswith("status:"):
            paint_status(painter, what.split(":")[1], size=8, letter_font=font(10, bold=True))
        elif what == "badge":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawRoundedRect(QRectF(-11, -7, 22, 14), 3, 3)
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(font(10, bold=True))
            painter.drawText(QRectF(-11, -7, 22, 14), Qt.AlignmentFlag.AlignCenter, "!n")
        elif what in ("essential", "useful"):
            pen = QPen(SPOKE, 2.6 if what == "essential" else 2.0,
                       Qt.PenStyle.SolidLine if what == "essential" else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(-13, 0), QPointF(13, 0))
        elif what == "holder":
            painter.setPen(QPen(HOLDER_EDGE, 1.5))
            painter.setBrush(HOLDER_FILL)
            painter.drawRoundedRect(QRectF(-13, -7, 26, 14), 4, 4)
        elif what == "stage":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STAGE_FILL)
            painter.drawEllipse(QPointF(0, 0), 8, 8)
        elif what == "ring":
            # Too small for n/N inside: the words beside it say what n/N is.
            paint_ring(painter, RING_SAMPLE, 10.5, line=0.8, width=0.45, text="")
