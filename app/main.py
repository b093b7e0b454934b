"""Start-up of the window: the QApplication (names, high-DPI), then the map asked for, the last map,
or the welcome page."""

from __future__ import annotations

import importlib
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

# The graph (networkx, some 300 modules) is loaded before Qt: once PySide6 is loaded it reads the
# source of every module imported after it, looking for its `__feature__` switches (~90 ms here).
import models.graph  # noqa: F401  isort: skip
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

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
    """The main window on `path`, on the user's copy of `sample` (made the first time), or on the last map
    (else the welcome page)."""
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


def unexpected_error_text(error: BaseException) -> str:
    """What a user reads about a bug: one plain line, and that their work is safe (every edit is
    committed as it is made)."""
    lines = [ln.strip() for ln in str(error).splitlines() if ln.strip()]
    line = lines[0] if lines else type(error).__name__
    if len(line) > 200:
        line = line[:199] + "…"
    return f"Something went wrong: {line.rstrip('.')}. Your map is saved."


def _show_unexpected(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, "Something went wrong", text)


def error_hook(parent: Callable[[], QWidget | None],
               show: Callable[[QWidget | None, str], None] = _show_unexpected):
    """A sys.excepthook for the window: an exception no one caught (in a slot, say) is logged with
    its traceback on stderr and said in a plain message box, so the app never fails silently."""
    busy = []

    def hook(kind, error, tb) -> None:
        traceback.print_exception(kind, error, tb, file=sys.stderr)
        if issubclass(kind, KeyboardInterrupt) or busy:
            return
        busy.append(True)  # an error while saying the error is only logged
        try:
            show(parent(), unexpected_error_text(error))
        except Exception:  # noqa: BLE001 — the message box itself failed: the traceback above is logged
            traceback.print_exc(file=sys.stderr)
        finally:
            busy.clear()

    return hook


def _load_storage_in_background() -> None:
    """SQLAlchemy takes half a second to load and is needed only for the first edit: load it while the
    user looks at the map. Plain imports are safe from a thread (each module has its import lock)."""
    def load() -> None:
        for name in ("sqlalchemy.orm", "sqlalchemy.dialects.sqlite", "models.entities"):
            importlib.import_module(name)

    threading.Thread(target=load, name="load-storage", daemon=True).start()


def run_window(path: str | None = None, sample: str | None = None) -> int:
    app = application()
    shown: list[QWidget] = []
    sys.excepthook = error_hook(lambda: shown[0] if shown else None)
    window = open_window(path, sample)
    shown.append(window)
    window.show()
    _load_storage_in_background()
    return app.exec()
