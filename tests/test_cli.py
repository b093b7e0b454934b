"""The command line, run as users run it: exit codes, one-line errors, files left alone."""

import json
import subprocess
import sys

import pytest

from models.sentences import map_sentences


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_new_sample_then_summary_prints_every_stage(tmp_path, sample_graph):
    made = run("new", tmp_path / "demo.needmap", "--sample", "greater-manchester")
    assert made.returncode == 0, made.stderr
    summary = run("summary", tmp_path / "demo.needmap")
    assert summary.returncode == 0, summary.stderr
    for stage, sentence in map_sentences(sample_graph):
        assert sample_graph.nodes[stage]["name"] in summary.stdout
        assert sentence in summary.stdout
    wigan = run("summary", tmp_path / "demo.needmap", "--locality", "wigan")
    assert "— Wigan" in wigan.stdout
    assert "we cannot access live birth notifications because" in wigan.stdout


def test_export_then_import_gives_the_same_map(tmp_path):
    run("new", tmp_path / "a.needmap", "--sample", "greater-manchester")
    assert run("export", tmp_path / "a.needmap", "-o", tmp_path / "a.json").returncode == 0
    assert run("import", tmp_path / "a.json", tmp_path / "b.needmap").returncode == 0
    assert run("export", tmp_path / "b.needmap", "-o", tmp_path / "b.json").returncode == 0
    assert json.loads((tmp_path / "a.json").read_text()) == json.loads((tmp_path / "b.json").read_text())


def test_check_reports_a_sound_map_and_what_is_unfinished(tmp_path):
    run("new", tmp_path / "a.needmap", "--sample", "greater-manchester")
    result = run("check", tmp_path / "a.needmap")
    assert result.returncode == 0
    assert "is sound: 4 stages, 28 data items, 10 localities" in result.stdout
    assert "has no action to unblock it" in result.stdout


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n" + bytes(300), b"SQLite format 3\x00" + bytes(200)])
@pytest.mark.parametrize("command", ["summary", "check", "export"])
def test_bad_files_get_one_line_and_stay_byte_for_byte(tmp_path, content, command):
    bad = tmp_path / "bad.needmap"
    bad.write_bytes(content)
    extra = ["-o", tmp_path / "out.json"] if command == "export" else []
    result = run(command, bad, *extra)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("circle-of-need: ")
    assert "Traceback" not in result.stderr
    assert bad.read_bytes() == content
    assert not (tmp_path / "out.json").exists()


def test_a_missing_map_is_not_created(tmp_path):
    result = run("summary", tmp_path / "none.needmap")
    assert result.returncode == 1 and "There is no file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_file(tmp_path):
    (tmp_path / "a.needmap").write_text("mine")
    result = run("new", tmp_path / "a.needmap")
    assert result.returncode == 1 and "already a file" in result.stderr
    assert (tmp_path / "a.needmap").read_text() == "mine"


def test_unknown_locality_lists_the_known_ones(tmp_path):
    run("new", tmp_path / "a.needmap")
    result = run("summary", tmp_path / "a.needmap", "--locality", "Atlantis")
    assert result.returncode == 1 and "Bolton, Bury" in result.stderr


@pytest.mark.parametrize("command", ["new", "import", "export", "check", "summary"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage: circle-of-need " + command in result.stdout


def test_an_invalid_import_writes_nothing(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"format_version": 1, "stages": [{"name": ""}]}))
    result = run("import", tmp_path / "bad.json", tmp_path / "m.needmap")
    assert result.returncode == 1 and "stages entry 1" in result.stderr
    assert not (tmp_path / "m.needmap").exists()


def test_export_into_a_missing_folder_or_onto_a_folder_says_so(tmp_path):
    run("new", tmp_path / "a.needmap")
    for target, words in ((tmp_path / "nowhere" / "a.json", "does not exist"), (tmp_path, "is a folder")):
        result = run("export", tmp_path / "a.needmap", "-o", target)
        assert result.returncode == 1 and words in result.stderr and ".tmp" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.needmap"]


def test_a_report_or_picture_into_a_missing_folder_names_the_folder(tmp_path):
    run("new", tmp_path / "a.needmap", "--sample", "greater-manchester")
    for command, name, extra in (("report", "r.xlsx", ()), ("picture", "p.png", ("--stage", "Identification of need"))):
        result = run(command, tmp_path / "a.needmap", *extra, "-o", tmp_path / "nowhere" / name)
        assert result.returncode == 1, result.stderr
        assert f"There is no folder “{tmp_path / 'nowhere'}”" in result.stderr and ".part" not in result.stderr


def test_exported_json_is_readable_by_colleagues(tmp_path):
    run("new", tmp_path / "a.needmap")
    run("export", tmp_path / "a.needmap", "-o", tmp_path / "a.json")
    assert (tmp_path / "a.json").stat().st_mode & 0o044 == 0o044


def test_a_map_needs_its_extension(tmp_path):
    result = run("new", tmp_path / "map.txt")
    assert result.returncode == 1 and ".needmap" in result.stderr
    assert not (tmp_path / "map.txt").exists()


def test_a_device_is_not_called_a_folder():
    result = run("summary", "/dev/null")
    assert result.returncode == 1 and "not a map file" in result.stderr and "folder" not in result.stderr


def test_a_damaged_map_gets_one_plain_line(tmp_path):
    from models.store import MapStore

    MapStore.create(tmp_path / "m.needmap").close()
    data = bytearray((tmp_path / "m.needmap").read_bytes())
    data[4096:8192] = b"\xde\xad\xbe\xef" * 1024
    (tmp_path / "m.needmap").write_bytes(bytes(data))
    result = run("summary", tmp_path / "m.needmap")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "***" not in result.stderr


def test_asks_prints_the_ranked_asks_by_level_with_overdue_said(tmp_path, capsys):
    import datetime as dt

    from app.cli import main
    from models import asks
    from models.graph import build_graph
    from tests.report_map import make_report_map

    path = tmp_path / "three.needmap"
    store = make_report_map(path)
    graph = build_graph(store)
    store.close()
    assert main(["asks", str(path), "--level", "national"]) == 0
    out = capsys.readouterr().out
    national = asks.asks_at(graph, "national", dt.date.today())
    owners = [line.split("Owner: ")[1] for line in out.splitlines() if "Owner: " in line]
    assert owners == [a.owner for a in national]
    assert "Ask: Create a legal gateway for HMRC income data" in out
    assert "Due: 31 March 2012 — " in out and "Status: Proposed, overdue" in out
    assert "Due: 31 January 2099" in out and "Status: Proposed\n" in out  # not yet due: not overdue
    assert "GREATER MANCHESTER" not in out and "Live birth" not in out
    assert main(["asks", str(path), "--level", "local", "--locality", "wigan"]) == 0
    out = capsys.readouterr().out
    assert "asks for Wigan" in out and "Owner: Wigan Council" in out and "Bury Council" not in out
    assert "Learn from: Bolton and Bury, which can each access it in full" in out
    assert main(["asks", str(path), "--locality", "Nowhere"]) == 1
    assert "There is no locality called “Nowhere”" in capsys.readouterr().err


def test_summary_ends_with_the_first_asks_of_each_level(tmp_path, capsys):
    from app.cli import main
    from models import asks
    from models.graph import build_graph
    from tests.report_map import make_report_map

    path = tmp_path / "three.needmap"
    store = make_report_map(path)
    graph = build_graph(store)
    store.close()
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    national = out.split("The first asks of national bodies")[1].split("\n\n")[0].splitlines()[1:]
    expected = asks.asks_at(graph, "national")[:3]
    assert national == [f"  {n}. {asks.line(graph, a)} — {a.impact.words(graph)}" for n, a in enumerate(expected, 1)]
    assert "The first asks of Greater Manchester" in out and "No ask agreed yet: No ask" not in out
