"""The edit lock: atomic (never two editors, however many start at once), released by the system when its
program ends however it ends, and never taken from a live program."""

from __future__ import annotations

import multiprocessing
import os
import queue
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from models import lock
from models.errors import MapInUse
from models.lock import lock_path
from models.store import MapStore

PROGRAMS = 10
ROUNDS = 20  # × PROGRAMS = 200 simultaneous starts


def _start_at_once(folder: str, barrier, won) -> None:
    """One program: in each round, tries to take the round's map at the same instant as the others."""
    for round_ in range(ROUNDS):
        path = Path(folder) / f"map{round_}.needmap"
        barrier.wait()
        try:
            lock.take(path)
        except MapInUse:
            taken = False
        else:
            taken = True
            won.put((round_, os.getpid()))
        barrier.wait()  # every program has tried before the winner lets go
        if taken:
            lock.release(path)


def test_two_hundred_simultaneous_starts_never_make_two_editors(tmp_path):
    context = multiprocessing.get_context("spawn")  # as on Windows and in the window
    barrier, won = context.Barrier(PROGRAMS), context.Queue()
    programs = [context.Process(target=_start_at_once, args=(str(tmp_path), barrier, won)) for _ in range(PROGRAMS)]
    for program in programs:
        program.start()
    for program in programs:
        program.join(timeout=300)
    assert [p.exitcode for p in programs] == [0] * PROGRAMS
    winners: dict[int, list[int]] = {}
    while True:
        try:
            round_, pid = won.get(timeout=1)
        except queue.Empty:
            break
        winners.setdefault(round_, []).append(pid)
    assert {r: len(pids) for r, pids in winners.items()} == {r: 1 for r in range(ROUNDS)}
    assert not list(tmp_path.glob(".~lock.*"))  # each winner removed its lock on closing


HOLD = """
import sys, time
from models.store import MapStore
store = MapStore.open(sys.argv[1])
print("open", flush=True)
time.sleep(600)
"""


def _hold_open(path: Path) -> subprocess.Popen:
    root = Path(__file__).resolve().parents[1]
    program = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], cwd=root, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(root)})
    assert program.stdout.readline().strip() == "open"
    return program


def test_a_live_editor_keeps_the_map_and_a_killed_one_lets_go_at_once(tmp_path):
    path = tmp_path / "m.needmap"
    MapStore.create(path).close()
    program = _hold_open(path)
    try:
        with pytest.raises(MapInUse, match=f"on {socket.gethostname()}.*read-only"):
            MapStore.open(path)
        assert lock.holder(path.absolute())
    finally:
        program.kill()  # no chance to remove its lock file
        program.wait()
    assert lock_path(path).exists()
    assert lock.holder(path.absolute()) is None
    MapStore.open(path).close()  # taken over: the system released the dead program's lock
    assert not lock_path(path).exists()


def test_a_lock_naming_a_running_program_of_this_computer_is_not_trusted_without_the_systems_lock(tmp_path):
    """A stale lock whose process number now belongs to another program (here: this test itself) is stale: the
    lock is the system's, not a guess from a process number, which on Windows cannot be tested with a signal."""
    path = tmp_path / "m.needmap"
    MapStore.create(path).close()
    lock_path(path).write_text(f"someone,{socket.gethostname()},{os.getppid()},01/01/2026 10:00\n")
    store = MapStore.open(path)
    assert lock.holder(path.absolute()) == lock.ANOTHER_WINDOW
    store.close()


def test_a_lock_held_by_this_program_on_a_removed_file_is_not_trusted(tmp_path, monkeypatch):
    """A program that opened the lock file just before its holder closed the map and removed it must not edit
    beside the next program to open the map: it takes the new file's lock instead."""
    path = (tmp_path / "m.needmap").absolute()
    MapStore.create(path).close()
    stale = lock_path(path)
    stale.write_text("")
    real_try = lock._try_lock
    swapped = []

    def try_lock(fd: int) -> bool:
        if not swapped:  # the holder removes the file and another program makes a new one, before our lock
            swapped.append(True)
            stale.unlink()
            stale.write_text("")
        return real_try(fd)

    monkeypatch.setattr(lock, "_try_lock", try_lock)
    lock.take(path)
    try:
        mine = lock._held[path]
        assert (os.fstat(mine).st_ino, os.fstat(mine).st_dev) == (os.stat(stale).st_ino, os.stat(stale).st_dev)
    finally:
        lock.release(path)
