"""The support log (app.logbook): where it is, what it records, that it turns over, and that the command line and
the window write it; the one data folder; moving the sample copies of earlier versions."""

from __future__ import annotations

import logging
import sys

import pytest

from app import cli, logbook


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data folder of the test's own (on Linux, where Qt puts it too: $XDG_DATA_HOME/Circle of Need)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "xdg data"))
    logbook.stop()
    yield tmp_path / "xdg data" / "Circle of Need"
    logbook.stop()


def read_log(data) -> str:
    return (data / "Logs" / "circle-of-need.log").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "darwin", reason="the macOS data folder is not under XDG_DATA_HOME")
def test_the_data_folder_has_the_applications_name_once(data):
    assert logbook.data_folder() == data
    assert logbook.log_folder() == data / "Logs"


def test_nothing_is_written_before_start_and_events_are_after(data, capsys):
    logbook.record("open", path="C:/Cartes – é/Wigan.needmap")  # not started: nowhere, not even stderr
    assert not data.exists() and capsys.readouterr().err == ""
    path = logbook.start(data)
    assert path == data / "Logs" / "circle-of-need.log" and logbook.start(data) == path  # once per process
    logbook.record("open", path="C:/Cartes – é/Wigan.needmap", read_only=False)
    logbook.problem("Wigan.needmap is damaged")
    text = read_log(data)
    assert f"INFO start version='{logbook.version()}'" in text
    assert "INFO open path='C:/Cartes – é/Wigan.needmap' read_only=False" in text
    assert "WARNING Wigan.needmap is damaged" in text
    logbook.stop()
    logbook.record("save-as", path="x")
    assert "save-as" not in read_log(data)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_uncaught_error_is_logged_with_its_traceback_also_from_a_thread(data):
    import threading

    before = threading.excepthook
    logbook.start(data)
    try:
        raise KeyError("no such stage")
    except KeyError:
        logbook.error(*sys.exc_info())

    def broken() -> None:
        raise ValueError("in a thread")

    thread = threading.Thread(target=broken)
    thread.start()
    thread.join()
    text = read_log(data)
    assert "ERROR uncaught KeyError: 'no such stage'" in text and "Traceback (most recent call last)" in text
    assert "ERROR uncaught ValueError: in a thread" in text and 'raise ValueError("in a thread")' in text
    logbook.stop()
    assert threading.excepthook is before  # the hook it replaced is back


def test_the_log_turns_over_and_keeps_a_few_old_files(data, monkeypatch):
    monkeypatch.setattr(logbook, "MAX_BYTES", 2_000)
    logbook.start(data)
    for number in range(200):
        logbook.record("export", number=number, path="report.xlsx")
    files = sorted(p.name for p in (data / "Logs").iterdir())
    assert files == ["circle-of-need.log", "circle-of-need.log.1", "circle-of-need.log.2", "circle-of-need.log.3"]
    assert all((data / "Logs" / name).stat().st_size <= 2_100 for name in files)
    assert "number=199" in read_log(data)


def test_an_unwritable_folder_leaves_the_program_without_a_log(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    assert logbook.start(blocker) is None and logbook.log_file() is None


def test_the_command_line_logs_each_command_and_what_went_wrong(data, monkeypatch, tmp_path, capsys):
    missing = tmp_path / "Cartes – é" / "missing.needmap"
    monkeypatch.setattr(sys, "argv", ["circle-of-need", "check", str(missing)])
    assert cli.run() == 1
    text = read_log(data)
    assert f"command name='check' arguments=['check', '{missing}']" in text
    assert "WARNING check:" in text and "missing.needmap" in text
    assert "circle-of-need:" in capsys.readouterr().err  # the user's one line is unchanged
    assert logbook.log_file() is None  # stopped at the end


def test_the_command_line_logs_a_bug_with_its_traceback_and_still_raises_it(data, monkeypatch):
    def bug():
        raise ZeroDivisionError("division by zero in the sentence")

    monkeypatch.setattr(cli, "main", bug)
    with pytest.raises(ZeroDivisionError):
        cli.run()
    text = read_log(data)
    assert "ERROR uncaught ZeroDivisionError" in text and "def bug" not in text and "in bug" in text


def test_worker_processes_are_sent_to_their_work_before_the_command_line_is_read(monkeypatch):
    order = []
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "freeze_support", lambda: order.append("freeze_support"))
    monkeypatch.setattr(logbook, "start", lambda *a: order.append("log"))
    monkeypatch.setattr(cli, "main", lambda: order.append("command line") or 0)
    assert cli.run() == 0
    assert order == ["freeze_support", "log", "command line"]


def test_version_is_the_installed_packages(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as stopped:
        cli.main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"circle-of-need {version('circle-of-need')}"


@pytest.mark.skipif(sys.platform == "darwin", reason="the macOS data folder is not under XDG_DATA_HOME")
def test_the_window_and_the_command_line_share_one_data_folder(qapp, data):
    from PySide6.QtCore import QCoreApplication

    from app import main

    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    try:
        main.application()
        assert main.data_folder() == logbook.data_folder() == data  # not “Circle of Need/Circle of Need”
        assert not qapp.windowIcon().isNull()
        assert {s.width() for s in qapp.windowIcon().availableSizes()} >= {16, 32, 48, 256}
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])


def test_the_window_logs_an_uncaught_error_and_still_says_it_plainly(data, capsys):
    from app.main import error_hook

    logbook.start(data)
    said = []
    hook = error_hook(lambda: None, lambda parent, text: said.append(text))
    try:
        raise AttributeError("'NoneType' object has no attribute 'path'")
    except AttributeError:
        hook(*sys.exc_info())
    assert said == ["Something went wrong: 'NoneType' object has no attribute 'path'. Your map is saved."]
    assert "Traceback" in capsys.readouterr().err
    text = read_log(data)
    assert "ERROR uncaught AttributeError" in text and "Traceback (most recent call last)" in text


def test_earlier_sample_copies_move_to_the_one_data_folder_with_open_recent(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from app import file_actions as files
    from app.main import move_old_samples

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    data = tmp_path / "Circle of Need"
    old = data / "Circle of Need" / "Samples"
    old.mkdir(parents=True)
    (old / "greater-manchester.needmap").write_bytes(b"the user's edited copy")
    files.remember(old / "greater-manchester.needmap")
    assert move_old_samples(data) == data / "Samples"
    assert (data / "Samples" / "greater-manchester.needmap").read_bytes() == b"the user's edited copy"
    assert files.recent_files() == [str(data / "Samples" / "greater-manchester.needmap")]
    assert files.last_map() == str(data / "Samples" / "greater-manchester.needmap")
    assert move_old_samples(data) is None  # once


def test_the_log_is_quiet_on_stderr_when_not_started(capsys):
    logging.getLogger(logbook.LOGGER).error("nobody listening")
    assert capsys.readouterr().err == ""
