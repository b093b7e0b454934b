"""The Help menu: Keyboard shortcuts, Guide (the README), Show log folder, About Circle of Need.

`install_help_menu(window)` adds it to any QMainWindow. The window's shortcuts are read from the window's own
actions when the list is opened, so the list is never out of date; the wall's are views.workshop's WALL_KEYS.
Views import nothing of `app`: the version and the log folder are worked out here as app.logbook does (tested
to agree).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

LICENCE = "MIT licence"
LOG_FOLDER = "Logs"  # app.logbook.FOLDER, in the data folder
# The wall's keys that are not actions of the window (views.workshop.WALL_KEYS has the wall's own letters).
WALL_START = [("F5", "put the map on the wall, from the first stage"),
              ("Shift+F5", "put the map on the wall, from the stage shown")]
BAR_KEYS = [("Enter", "carry out the line typed (one undo step)"),
            ("Ctrl+Z  Ctrl+Shift+Z", "undo / redo on the map"),
            ("↑ ↓", "earlier lines typed"),
            ("F1  ?", "the quick-entry grammar")]


def readme_path() -> Path:
    """README.md: beside the program in the installed app, at the top of the source tree otherwise."""
    bundled = getattr(sys, "_MEIPASS", None)
    return Path(bundled) / "README.md" if bundled else Path(__file__).resolve().parent.parent / "README.md"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("circle-of-need")
    except PackageNotFoundError:
        return "0+unknown"


def log_folder() -> Path:
    """Where the log is written: the data folder's Logs (app.logbook)."""
    return Path(_folder(QStandardPaths.StandardLocation.AppDataLocation)) / LOG_FOLDER


def _keys(action: QAction) -> str:
    return "  ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def window_shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what) for every action of the window and its panes that has a shortcut, by its menu text."""
    seen: set[tuple[str, str]] = set()
    found = []
    for action in window.findChildren(QAction):
        keys = _keys(action)
        what = action.text().replace("&", "").rstrip("…").strip()
        if keys and what and (keys, what) not in seen:
            seen.add((keys, what))
            found.append((keys, what))
    return sorted(found, key=lambda pair: pair[1].casefold())


def wall_shortcuts() -> list[tuple[str, str]]:
    from views.workshop import WALL_KEYS

    return WALL_START + BAR_KEYS + list(WALL_KEYS)


def shortcuts_html(window: QWidget) -> str:
    def table(title: str, rows: list[tuple[str, str]]) -> str:
        body = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(w)}</td></tr>" for k, w in rows)
        return f"<h3>{html.escape(title)}</h3><table cellspacing='0' cellpadding='3'>{body}</table>"

    return (table("The window", window_shortcuts(window))
            + table("Workshop mode (the wall)", wall_shortcuts()))


def _folder(location: QStandardPaths.StandardLocation) -> str:
    return QStandardPaths.writableLocation(location)


def about_text() -> str:
    data = Path(_folder(QStandardPaths.StandardLocation.AppDataLocation))
    settings = _settings_place()
    rows = [("Version", version()), ("Licence", LICENCE),
            ("Your maps", f"wherever you save them (Documents is offered first); the sample copy in {data / 'Samples'}"),
            ("Settings", settings), ("Log", str(log_folder()))]
    body = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return ("<h3>Circle of Need</h3><p>Map the data each stage of a family's journey needs, who holds it, where it "
            f"is blocked and who must act.</p><table cellpadding='3'>{body}</table>")


def _settings_place() -> str:
    from PySide6.QtCore import QSettings

    where = QSettings("Circle of Need", "Circle of Need").fileName()
    return f"the Windows registry, {where}" if where.startswith("\\HKEY") else where


def _text_dialog(parent: QWidget, title: str, name: str) -> tuple[QDialog, QTextBrowser]:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.resize(760, 620)
    browser = QTextBrowser(dialog)
    browser.setOpenExternalLinks(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    return dialog, browser


def show_shortcuts(window: QMainWindow) -> QDialog:
    dialog, browser = _text_dialog(window, "Keyboard shortcuts", "shortcuts")
    browser.setHtml(shortcuts_html(window))
    dialog.show()
    return dialog


def show_guide(window: QMainWindow) -> QDialog:
    dialog, browser = _text_dialog(window, "Circle of Need guide", "guide")
    try:
        browser.setMarkdown(readme_path().read_text(encoding="utf-8"))
    except OSError:
        browser.setPlainText("The guide is not in this installation; it is the README of Circle of Need.")
    dialog.show()
    return dialog


def show_log_folder() -> bool:
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_about(window: QMainWindow) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About Circle of Need", about_text(),
                      QMessageBox.StandardButton.Close, window)
    box.setObjectName("about")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    icon = window.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.show()
    return box


def install_help_menu(window: QMainWindow) -> None:
    """Help ▸ Keyboard shortcuts, Guide, Show log folder, About Circle of Need, at the end of the menu bar."""
    menu = window.menuBar().addMenu("&Help")
    menu.setObjectName("help_menu")
    window.help_menu = menu

    def add(text: str, name: str, slot, keys: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setStatusTip(text.replace("&", "").replace("…", ""))
        if keys is not None:
            action.setShortcuts(keys)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    add("&Keyboard shortcuts…", "help_shortcuts", lambda: show_shortcuts(window))
    add("&Guide…", "help_guide", lambda: show_guide(window), QKeySequence.StandardKey.HelpContents)
    add("Show &log folder", "help_log_folder", show_log_folder)
    menu.addSeparator()
    about = add("&About Circle of Need…", "help_about", lambda: show_about(window))
    about.setMenuRole(QAction.MenuRole.AboutRole)
