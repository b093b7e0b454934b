"""Killed at any moment (SIGKILL, no chance to tidy up), a program editing a map loses no edit it had said was
saved, and leaves a map that opens sound, for editing and for reading. `make soak` runs 300 kills."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from models.graph import build_graph
from models.store import MapStore
from kill_editor import KINDS

KILLS = int(os.environ.get("CIRCLE_OF_NEED_KILLS", "30"))
ROOT = Path(__file__).resolve().parents[1]
EDITOR = Path(__file__).with_name("kill_editor.py")


def _saved(graph, n: int) -> bool:
    """Is edit `n` of tests/kill_editor.py in the map?"""
    nodes = graph.nodes
    items = {d["name"]: k for k, d in graph.nodes(data=True) if k[0] == "item"}
    item = items.get(f"Item {n - n % KINDS}")
    kind = n % KINDS
    if kind == 5:
        return any(d.get("name") == f"Stage {n}" for k, d in graph.nodes(data=True) if k[0] == "stage")
    if item is None:
        return False
    if kind == 0:
        return True
    if kind == 1:
        return graph.has_edge(item, ("locality", 1)) and graph.edges[item, ("locality", 1)]["status"] == "blocked"
    blockages = [b for b in graph.pred[item] if b[0] == "blockage"]
    if kind == 2:
        return any(nodes[b]["reason"] == f"Reason {n}" for b in blockages)
    if kind == 3:
        return any(nodes[a]["step"] == f"Step {n}" for b in blockages for a in graph.pred[b] if a[0] == "action")
    return nodes[item]["description"] == f"Description {n}"


def test_no_saved_edit_is_lost_however_the_program_is_killed(empty_store, tmp_path):
    path = Path(empty_store.path)
    empty_store.close()
    rng = random.Random(2011)
    said: list[int] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(KILLS):
        start = run * KINDS * 20_000  # each run's names are its own (an edit saved but not yet said may be in the map)
        editor = subprocess.Popen([sys.executable, str(EDITOR), str(path), str(start)], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, text=True)
        assert editor.stdout.readline().startswith("saved")  # editing has begun
        time.sleep(rng.uniform(0.0, 0.15))  # then killed at any moment of an edit
        editor.kill()
        out, _ = editor.communicate()
        lines = [int(line.split()[1]) for line in out.splitlines() if line.startswith("saved")]
        said += lines
    store = MapStore.open(path)  # for editing: the lock and any half-written edit are taken over
    assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    graph = build_graph(store)
    store.close()
    lost = [n for n in said if not _saved(graph, n)]
    assert not lost and len(said) > KILLS


def test_a_killed_editor_leaves_a_map_every_command_reads(empty_store, capsys):
    from app.cli import main

    path = Path(empty_store.path)
    empty_store.close()
    editor = subprocess.Popen([sys.executable, str(EDITOR), str(path), "0"], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    for _ in range(20):
        editor.stdout.readline()
    editor.kill()
    editor.communicate()
    assert main(["check", str(path)]) == 0 and main(["summary", str(path)]) == 0
    assert "damaged" not in capsys.readouterr().err
