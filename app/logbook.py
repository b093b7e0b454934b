"""The support log: what the program did and every error no one caught, with its traceback, in a small
rotating file in the user's data folder, for whoever helps a user (IT, the team). No Qt here: the command
line uses it too.

    start()                      once, when the program starts (the window passes Qt's own data folder)
    record("open", path=...)     one line per event: start, open, save-as, export…
    error(kind, error, tb)       an uncaught error and its traceback (the user sees a plain message)

Until `start` is called nothing is written anywhere (tests, and code used as a library, stay quiet).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

APPLICATION = "Circle of Need"
DISTRIBUTION = "circle-of-need"
LOGGER = "circle_of_need"
FOLDER = "Logs"
FILE_NAME = "circle-of-need.log"
MAX_BYTES = 1_000_000  # about a year of ordinary use in one file
BACKUPS = 3  # circle-of-need.log.1 … .3: at most 4 MB in all

_log = logging.getLogger(LOGGER)
_log.addHandler(logging.NullHandler())  # never Python's last-resort printing on stderr
_log.propagate = False
_log.setLevel(logging.INFO)
_started: list[tuple[RotatingFileHandler, object]] = []  # the handler and the threading hook it replaced


def version() -> str:
    """The installed version (the package's metadata; a frozen build carries a copy of it)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def data_folder() -> Path:
    """The user's data folder for the app, where Qt's QStandardPaths.AppDataLocation puts it (the app has no
    organisation name, so one folder): %APPDATA%\\Circle of Need, ~/Library/Application Support/Circle of Need,
    $XDG_DATA_HOME/Circle of Need (~/.local/share/Circle of Need)."""
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".local" / "share")
    return Path(base) / APPLICATION


def log_folder(data: Path | None = None) -> Path:
    return (data or data_folder()) / FOLDER


def log_file() -> Path | None:
    """The file being written, or None before `start` (or when it could not be opened)."""
    return Path(_started[0][0].baseFilename) if _started else None


class _SharedRotatingFile(RotatingFileHandler):
    """Another copy of the program (a second window, a command) may be writing the same file; on Windows it
    cannot be renamed while it is open there. Then the file grows a little longer and is turned over later."""

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()


def start(data: Path | None = None) -> Path | None:
    """Write the log from now on into `data`/Logs (default: `data_folder()`); says which version started.
    Once per process: a second call returns the same file. When the folder cannot be written (a full or
    read-only disk) the program goes on without a log and None is returned."""
    if _started:
        return log_file()
    folder = log_folder(data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _SharedRotatingFile(folder / FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                      encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(levelname)s %(message)s"))
    _log.addHandler(handler)
    _started.append((handler, threading.excepthook))
    threading.excepthook = _thread_error
    frozen = " (installed app)" if getattr(sys, "frozen", False) else ""
    record("start", version=version() + frozen, python=sys.version.split()[0], platform=sys.platform)
    return log_file()


def stop() -> None:
    """Stop writing the log (the end of the program, or of a test)."""
    while _started:
        handler, hook = _started.pop()
        threading.excepthook = hook
        _log.removeHandler(handler)
        handler.close()


def record(event: str, **details: object) -> None:
    """One line: the event and its details, e.g. record("open", path="C:/Maps/Wigan.needmap", read_only=False)
    gives `open path='C:/Maps/Wigan.needmap' read_only=False`."""
    words = " ".join(f"{key}={value!r}" for key, value in details.items())
    if words:
        _log.info("%s %s", event, words)
    else:
        _log.info("%s", event)


def problem(words: str) -> None:
    """Something the user was told went wrong that is not a bug (a damaged file, a map in use…)."""
    _log.warning("%s", words)


def error(kind: type[BaseException], value: BaseException, tb) -> None:
    """An error no one caught, with its traceback."""
    _log.error("uncaught %s: %s", kind.__name__, value, exc_info=(kind, value, tb))


def _thread_error(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit and args.exc_value is not None:
        error(args.exc_type, args.exc_value, args.exc_traceback)
    previous = _started[0][1] if _started else threading.__excepthook__
    previous(args)
