"""Render the app's icon (packaging/icons/circle-of-need.svg, the one source) to the PNG sizes the window and the
Linux desktop use, a Windows .ico and a macOS .icns. Run after changing the SVG: `make icons`."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FOLDER = Path(__file__).resolve().parent / "icons"
SOURCE = FOLDER / "circle-of-need.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs one
    pngs = {size: render(size) for size in (*PNG_SIZES, 1024)}
    for size in PNG_SIZES:
        (FOLDER / f"circle-of-need-{size}.png").write_bytes(pngs[size])
    largest = Image.open(io.BytesIO(pngs[1024]))
    largest.save(FOLDER / "circle-of-need.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(FOLDER / "circle-of-need.icns")
    print(f"Wrote {len(PNG_SIZES)} PNGs, circle-of-need.ico and circle-of-need.icns in {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
