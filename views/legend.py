"""The legend beside the diagram: what the shapes, letters, colours, lines and badges mean."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.vocabulary import ACCESS, ACCESS_LETTER
from views.diagram_items import (
    BADGE_FONT, HOLDER_EDGE, HOLDER_FILL, INK, SPOKE, STAGE_FILL, font, paint_status,
)

ROW = 27
_TEXT = font(13)
_TITLE = font(13, bold=True)
_LETTER = font(12, bold=True)


class LegendWidget(QWidget):
    """A fixed key; `set_all_localities` adds the line explaining “7/10 can access”."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_localities = True
        self.setAccessibleName("Legend")
        self.setAccessibleDescription(
            "Access: " + "; ".join(f"{ACCESS_LETTER[s]} {ACCESS.label(s)}" for s in ACCESS.values)
            + ". Solid line: essential; dashed line: useful. Dark badge: a blockage is recorded."
        )
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def set_all_localities(self, value: bool) -> None:
        self.all_localities = value
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, str]]:
        entries = [("status:" + s, ACCESS.label(s)) for s in ACCESS.values]
        entries += [("badge", "Blockage recorded"), ("essential", "Essential need"), ("useful", "Useful need"),
                    ("holder", "Holder of the data"), ("stage", "Stage")]
        if self.all_localities:
            entries.append(("count", "Localities that can access"))
        return entries

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(232, 30 + ROW * len(self.rows()) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        painter.setPen(INK)
        painter.setFont(_TITLE)
        painter.drawText(QRectF(12, 6, self.width() - 16, 22), Qt.AlignmentFlag.AlignVCenter, "Legend")
        y = 30.0
        for what, label in self.rows():
            centre = QPointF(28, y + ROW / 2)
            painter.save()
            painter.translate(centre)
            self._symbol(painter, what)
            painter.restore()
            painter.setPen(INK)
            painter.setFont(_TEXT)
            painter.drawText(QRectF(52, y, self.width() - 62, ROW), Qt.AlignmentFlag.AlignVCenter, label)
            y += ROW
        painter.end()

    def _symbol(self, painter: QPainter, what: str) -> None:
        if what.startswith("status:"):
            paint_status(painter, what.split(":")[1], size=10, letter_font=_LETTER)
        elif what == "badge":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawRoundedRect(QRectF(-12, -9, 24, 18), 4, 4)
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(BADGE_FONT)
            painter.drawText(QRectF(-12, -9, 24, 18), Qt.AlignmentFlag.AlignCenter, "!")
        elif what in ("essential", "useful"):
            pen = QPen(SPOKE, 2.6 if what == "essential" else 2.0,
                       Qt.PenStyle.SolidLine if what == "essential" else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(-18, 0), QPointF(18, 0))
        elif what == "holder":
            painter.setPen(QPen(HOLDER_EDGE, 1.5))
            painter.setBrush(HOLDER_FILL)
            painter.drawRoundedRect(QRectF(-18, -10, 36, 20), 5, 5)
        elif what == "stage":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STAGE_FILL)
            painter.drawEllipse(QPointF(0, 0), 12, 12)
        elif what == "count":
            painter.setPen(QColor("#4A5561"))
            painter.setFont(_TEXT)
            painter.drawText(QRectF(-22, -10, 44, 20), Qt.AlignmentFlag.AlignCenter, "7/10")
