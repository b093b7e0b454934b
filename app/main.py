"""Start-up of the window: the QApplication (names, high-DPI), then the map asked for, the last map,
or the welcome page."""

from __future__ import annotations

import importlib
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

# The graph (networkx, some 300 modules) is loaded before Qt: once PySide6 is loaded it reads the
# source of every module imported after it, looking for its `__feature__` switches (~90 ms here).
import models.graph  # noqa: F401  isort: skip
from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import logbook

APPLICATION = "Circle of Need"
# No organisation name: QStandardPaths would put the user's data in “Circle of Need/Circle of Need”. The
# settings are unaffected: they are always read as QSettings("Circle of Need", "Circle of Need").
ORGANISATION = ""
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_folder() -> Path:
    """The app's icon rendered at each size: beside the program in the installed app, packaging/icons in the
    source tree."""
    bundled = getattr(sys, "_MEIPASS", None)
    return Path(bundled) / "icons" if bundled else Path(__file__).resolve().parent.parent / "packaging" / "icons"


def app_icon() -> QIcon:
    """The circle of need (a ring of dots around a centre) at every size drawn; empty where none are."""
    icon = QIcon()
    for size in ICON_SIZES:
        png = icon_folder() / f"circle-of-need-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def application() -> QApplication:
    """The one QApplication, made with the names QSettings and QStandardPaths use, and the app's icon."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setApplicationDisplayName(APPLICATION)
    QGuiApplication.setDesktopFileName("circle-of-need")  # Linux: the .desktop entry, whose icon the desktop shows
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def data_folder() -> Path:
    """The user's data folder (samples, the log), as Qt names it; the same as logbook.data_folder()."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def move_old_samples(data: Path) -> Path | None:
    """Earlier versions kept the user's sample copies in “Circle of Need/Circle of Need/Samples”: move that
    folder to “Circle of Need/Samples” once (nothing is moved when the new one exists), so the user's own
    copy of the sample, with their edits, still opens. Returns the new folder when it moved."""
    old, new = data / APPLICATION / "Samples", data / "Samples"
    if not old.is_dir() or new.exists():
        return None
    try:
        old.rename(new)
    except OSError:  # a sample open in another, older, window: left where it is, still in Open recent
        return None
    logbook.record("moved samples", from_folder=str(old), to_folder=str(new))
    from app import file_actions as files

    def moved(path: str) -> str:
        return str(new / Path(path).relative_to(old)) if Path(path).is_relative_to(old) else path

    settings = files.settings()  # Open recent and the last map follow the move
    settings.setValue(files.RECENT_KEY, [moved(p) for p in files.recent_files()])
    if files.last_map():
        settings.setValue(files.LAST_KEY, moved(files.last_map()))
    return new


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
        logbook.error(kind, error, tb)
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
    logbook.start(data_folder())  # already started by the command line, in the same folder
    move_old_samples(data_folder())
    logbook.record("window", path=path, sample=sample)
    shown: list[QWidget] = []
    sys.excepthook = error_hook(lambda: shown[0] if shown else None)
    window = open_window(path, sample)
    shown.append(window)
    window.show()
    _load_storage_in_background()
    check = os.environ.get(CHECK_VARIABLE)
    if check and window.document is not None:
        QTimer.singleShot(0, lambda: check_install(window, Path(check)))
    return app.exec()


# ---- checking an installation ----------------------------------------------------------------
# For IT, after installing: `CIRCLE_OF_NEED_CHECK=FOLDER circle-of-need --sample greater-manchester` opens the
# window on the sample, writes its report into FOLDER as File ▸ Export report does (a worker process started
# as the report starts its own), closes the window and exits 0 when all of that worked, else 1.
CHECK_VARIABLE = "CIRCLE_OF_NEED_CHECK"


def _worker_answers() -> None:
    """Run in a worker process started as the report's are: it only has to start and end."""


def check_install(window, folder: Path) -> None:
    import multiprocessing

    from app.report_export import ReportExport
    from views.report_dialog import ReportChoice

    worker = multiprocessing.get_context("spawn").Process(target=_worker_answers)  # as the window's report does
    worker.start()
    worker.join()
    target = folder / f"{window.document.store.path.stem} report.xlsx"
    export = ReportExport(window, window.document)
    export.start(ReportChoice(str(target), None, None, None))

    def done() -> None:
        written = target.is_file()
        logbook.record("check", worker_exit=worker.exitcode, report=str(target), written=written)
        print(f"worker process: {'started and ended' if worker.exitcode == 0 else f'failed ({worker.exitcode})'}")
        print(f"report: {f'written to {target}' if written else 'not written'}", flush=True)
        window.close()
        QApplication.instance().exit(0 if written and worker.exitcode == 0 else 1)

    if export.job is None:
        done()
    else:
        export.job.finished.connect(_InThisThread(window, done).call)  # not in the job's thread


class _InThisThread(QObject):
    """A slot of an object of this thread: a signal from another thread calls `function` here."""

    def __init__(self, parent: QObject, function: Callable[[], None]) -> None:
        super().__init__(parent)
        self.function = function

    @Slot()
    def call(self) -> None:
        self.function()
