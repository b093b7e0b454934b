"""Start-up of the window: the QApplication (names, high-DPI), then the map asked for, the last map,
or the welcome page."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

ORGANISATION = APPLICATION = "Circle of Need"


def application() -> QApplication:
    """The one QApplication, made with the names QSettings and QStandardPaths use."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setApplicationDisplayName(APPLICATION)
    return app


def open_window(path: str | None = None, sample: str | None = None):
    """The main window on `path`, on a fresh copy of `sample`, or on the last map (else the welcome page)."""
    from app import file_actions as files
    from app.main_window import MainWindow

    window = MainWindow()
    if sample:
        window.open_sample(sample)
    elif path:
        window.open_path(path)
    else:
        last = files.last_map()
        if last and Path(last).is_file():
            window.open_path(last)
    return window


def run_window(path: str | None = None, sample: str | None = None) -> int:
    app = application()
    window = open_window(path, sample)
    window.show()
    return app.exec()
