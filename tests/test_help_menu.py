"""Help ▸ Keyboard shortcuts, Guide, Show log folder, About: on a bare main window and on the app's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTextBrowser
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401

from views import help_menu


@pytest.fixture
def window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    export = QAction("Export &report…", window)
    export.setShortcut(QKeySequence("Ctrl+Shift+E"))
    window.menuBar().addMenu("&File").addAction(export)
    help_menu.install_help_menu(window)
    return window


def actions(window) -> dict[str, QAction]:
    return {a.objectName(): a for a in window.help_menu.actions() if not a.isSeparator()}


def shown(qtbot, name: str, kind=QTextBrowser):
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: any(w.objectName() == name and w.isVisible() for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible())
    return dialog, dialog.findChild(kind)


def test_the_help_menu_is_last_with_its_four_entries(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Help"]
    assert list(actions(window)) == ["help_shortcuts", "help_guide", "help_log_folder", "help_about"]


def test_keyboard_shortcuts_lists_the_windows_actions_and_the_walls_keys(qtbot, window):
    actions(window)["help_shortcuts"].trigger()
    dialog, browser = shown(qtbot, "shortcuts")
    text = browser.toPlainText()
    assert "Ctrl+Shift+E" in text and "Export report" in text
    assert "blank the wall; any key brings it back" in text and "Shift+F5" in text
    dialog.close()


def test_the_shortcuts_of_the_apps_window_are_its_real_ones(qtbot, app_settings, answers):  # noqa: F811
    main = make_window(qtbot, answers)
    help_menu.install_help_menu(main)
    keys = {what: keys for keys, what in help_menu.window_shortcuts(main)}
    assert keys["Export report"] == "Ctrl+Shift+E" and keys["Next pane"] == "F6"
    assert keys["Open sample"] == "Ctrl+Shift+O"


def test_the_guide_is_the_readme(qtbot, window):
    actions(window)["help_guide"].trigger()
    dialog, browser = shown(qtbot, "guide")
    readme = help_menu.readme_path().read_text(encoding="utf-8")
    assert "Install" in readme
    assert browser.toPlainText().startswith("Circle of Need") and "Install" in browser.toPlainText()
    assert "##" not in browser.toPlainText()  # markdown, not its source
    dialog.close()


def test_show_log_folder_opens_the_log_folder_in_the_data_folder(qtbot, window, monkeypatch, tmp_path):
    from app import logbook

    opened = []
    monkeypatch.setattr(help_menu.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setattr(help_menu, "_folder", lambda location: str(tmp_path / "data é"))
    actions(window)["help_log_folder"].trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [logbook.log_folder(tmp_path / "data é")]
    assert (tmp_path / "data é" / "Logs").is_dir()


def test_about_says_the_version_licence_and_where_things_live(qtbot, window):
    from importlib.metadata import version

    from PySide6.QtWidgets import QLabel, QMessageBox

    actions(window)["help_about"].trigger()
    box, _ = shown(qtbot, "about", QLabel)
    assert isinstance(box, QMessageBox)
    text = box.text()
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert version("circle-of-need") in text and "MIT licence" in text
    assert str(Path(data) / "Logs") in text and "Settings" in text and "Samples" in text
    box.close()
