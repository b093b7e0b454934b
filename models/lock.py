"""The edit lock beside a map: one program at a time edits a map, on this computer or across a shared folder.

The lock is the operating system's own lock on a small file beside the map (`.~lock.NAME#`, as LibreOffice
names its own), held for as long as the map is open for editing. Taking it is one atomic step, so two programs
starting at the same instant never both get it; and it ends with the program that held it however that ends
(closed, crashed, killed, the computer switched off), so a lock left behind is never mistaken for a live one
and no program has to guess whether another is still running. The file's text says who holds it (user,
computer, since when) for the message the next user reads.

A lock whose text names another computer is respected even when this computer can take the file's lock:
some network file systems do not pass locks between computers. If that computer crashed, its user (or anyone
sure the map is no longer open there) deletes the lock file; the message says which.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
from pathlib import Path

from models.errors import MapInUse

# Where the operating system's lock sits in the file on Windows, where a locked range cannot be read: well past
# the text saying who holds it, so that the next user's program can still read that.
_REGION = 1 << 20

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _REGION, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _REGION, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# Maps open for editing in this program: a second window on the same file is offered read-only.
_held: dict[Path, int] = {}
ANOTHER_WINDOW = "another window of Circle of Need"


def lock_path(path: Path) -> Path:
    """The lock file beside a map, named as LibreOffice names its own."""
    return path.with_name(f".~lock.{path.name}#")


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", "replace").split("\n", 1)[0]


def _who(text: str) -> tuple[str, str] | None:
    """(who, computer) from a lock's text, "user,computer,process,since"; None for an empty or foreign text."""
    parts = text.split(",", 3)
    if len(parts) != 4 or not parts[1]:
        return None
    user, host, _pid, when = parts
    return f"{user} on {host} (since {when.strip()})", host


def holder(path: Path) -> str | None:
    """Who holds the map open for editing, or None when nobody does."""
    if path in _held:
        return ANOTHER_WINDOW
    try:
        fd = os.open(lock_path(path), os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return None  # no lock file (or none this user may open): nobody has it here
    try:
        if _try_lock(fd):
            _unlock(fd)
            held, text = False, _read(fd)
        else:
            held, text = True, _read(fd)
    finally:
        os.close(fd)
    who = _who(text)
    if who and who[1] != socket.gethostname():
        return who[0]
    return (who[0] if who else "someone") if held else None


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def take(path: Path) -> None:
    """Take the edit lock on the map at `path`, or raise MapInUse saying who has it (or why it can't be had)."""
    if path in _held:
        raise _in_use(path, ANOTHER_WINDOW)
    lock = lock_path(path)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as e:
            raise MapInUse(f"{path.name} cannot be opened for editing: its folder is not writable "
                           f"({e.strerror}). You can open it read-only.") from None
        if not _try_lock(fd):
            who = _who(_read(fd))
            os.close(fd)
            raise _in_use(path, who[0] if who else "someone")
        if _same_file(fd, lock):
            break
        # The holder closed the map and removed the file between our opening it and locking it: a new file.
        _unlock(fd)
        os.close(fd)
    who = _who(_read(fd))
    if who and who[1] != socket.gethostname():
        _unlock(fd)
        os.close(fd)
        raise _in_use(path, who[0], f" If you are sure it is no longer open there, delete the file {lock.name} "
                                    "beside the map and try again.")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    stamp = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    line = f"{user},{socket.gethostname()},{os.getpid()},{stamp}\n".encode()
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, line)
    except OSError:  # the lock itself is held: only the text saying who holds it is missing
        pass
    _held[path] = fd


def release(path: Path) -> None:
    """Let go of the edit lock on `path` and remove its file (where no other program has it open)."""
    fd = _held.pop(path, None)
    if fd is None:
        return
    lock = lock_path(path)
    # Removed while still held (where the system allows it), so no program can take the lock of a file that is
    # about to go; one that opened it just before finds it gone once it has the lock, and opens the new one.
    removed = False
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
    with contextlib.suppress(OSError):
        lock.unlink()
        removed = True
    with contextlib.suppress(OSError):
        _unlock(fd)
    os.close(fd)
    if not removed:  # Windows removes no open file: removed now it is closed, unless another program has it open
        with contextlib.suppress(OSError):
            lock.unlink()


def _in_use(path: Path, who: str, advice: str = "") -> MapInUse:
    return MapInUse(f"{path.name} is already open for editing by {who}. You can open it read-only.{advice}")
