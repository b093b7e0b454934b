"""The .needmap file: opening with every refusal a user can meet, migrations, locking, Save As.

One SQLite file per map, a rollback journal with synchronous=FULL (never WAL: the map file alone, once
closed, is the whole map; a copy torn by being taken during a save is found by the full integrity check on
opening), foreign keys on, our own `application_id`, the schema version in `user_version`.

While a map is open for editing its journal is kept (journal_mode=PERSIST) rather than deleted after
each commit: creating and deleting the journal file cost 15 ms of file-system work per edit here, keeping
it costs 3 ms. A kept journal is invalidated at each commit, so the map file alone still holds every
edit; on close the journal goes back to DELETE, which removes the file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from models import lock, soundness
from models.errors import MapFileError, MapInUse, MapStorageError, ReadOnlyMap
from models.files import share_like_any_file
from models.vocabulary import DEFAULT_STAGES, GREATER_MANCHESTER

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

APPLICATION_ID = 0x436F4E64  # "CoNd"
SCHEMA_VERSION = 4
EXTENSION = ".needmap"
_SQLITE_HEADER = b"SQLite format 3\x00"
_READONLY_ROLLBACK = 776  # SQLITE_READONLY_ROLLBACK: a crashed edit to roll back, and the file opened read-only


def _upgrade_1_to_2(conn: Connection) -> None:
    """Version 2 keeps where users dragged nodes, and who said an access status and when."""
    from models.entities import Position

    Position.__table__.create(conn)
    conn.exec_driver_sql("ALTER TABLE access ADD COLUMN said_by TEXT NOT NULL DEFAULT ''")
    conn.exec_driver_sql("ALTER TABLE access ADD COLUMN said_on DATE")


def _upgrade_2_to_3(conn: Connection) -> None:
    """Version 3 keeps each item's place in a stage's circle; the places follow the item ids, the order
    version 2 drew them in, so every circle looks as it did."""
    conn.exec_driver_sql("ALTER TABLE need ADD COLUMN place INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("UPDATE need SET place = item_id")


def _upgrade_3_to_4(conn: Connection) -> None:
    """Version 4 keeps snapshots: the whole map as it stood when a user marked it as reported."""
    from models.entities import MapSnapshot

    MapSnapshot.__table__.create(conn)


# user_version → the step that lifts a map from it to the next version.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _upgrade_1_to_2, 2: _upgrade_2_to_3, 3: _upgrade_3_to_4}


def _read_header(path: Path) -> tuple[int, int]:
    """Check the file is one of our maps from its header alone; return (user_version, application_id)."""
    if not path.exists():
        raise MapFileError(f"There is no file at {path}. Check the name and folder.")
    if path.is_dir():
        raise MapFileError(f"{path} is a folder, not a map file.")
    if not path.is_file():
        raise MapFileError(f"{path} is not a map file (it is a device or other special file).")
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise MapFileError(f"{path.name} cannot be read: {e.strerror}.") from None
    if not header:
        raise MapFileError(f"{path.name} is empty: it is not a map. Open a .needmap file made by Circle of Need.")
    if not header.startswith(_SQLITE_HEADER) or len(header) < 100:
        raise MapFileError(
            f"{path.name} is not a Circle of Need map (it is not a database file at all). "
            "Open a .needmap file made by Circle of Need."
        )
    user_version, application_id = struct.unpack(">I", header[60:64])[0], struct.unpack(">I", header[68:72])[0]
    if application_id != APPLICATION_ID:
        raise MapFileError(
            f"{path.name} is a database of another application, not a Circle of Need map. It was not changed."
        )
    if user_version > SCHEMA_VERSION:
        raise MapFileError(
            f"{path.name} was made by a newer version of Circle of Need (file version {user_version}, "
            f"this version reads up to {SCHEMA_VERSION}). Update Circle of Need to open it. It was not changed."
        )
    if user_version < 1:
        raise MapFileError(f"{path.name} is damaged: it has no map version. It was not changed.")
    if 2 in header[18:20]:  # the file's read and write versions: 2 is a write-ahead log beside the file
        raise MapFileError(f"{path.name} uses a write-ahead log, which a Circle of Need map never does: another "
                           "program has changed it, and part of it may be in a file beside it. It was not changed.")
    return user_version, application_id


class MapStore:
    """An open map file: one SQLite connection. Opening and drawing read it directly (`reading()`), so
    the window starts without loading SQLAlchemy; edits go through SQLAlchemy (`write()`, one
    transaction each), which is loaded on first use and shares the same connection."""

    def __init__(self, path: Path, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        mode = "ro" if read_only else "rw"
        # isolation_level=None: we say BEGIN ourselves (SQLAlchemy's SQLite transaction recipe, below), so
        # DDL is transactional too and a failed migration leaves nothing half done.
        self.connection = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True,
                                          check_same_thread=False, isolation_level=None)
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA busy_timeout=2000")  # a writer elsewhere takes ms; longer freezes the window
        if not read_only:
            self.connection.execute("PRAGMA journal_mode=PERSIST")
            self.connection.execute("PRAGMA synchronous=FULL")

    @cached_property
    def engine(self) -> Engine:
        """SQLAlchemy over this store's one connection (loaded only when first needed)."""
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import StaticPool

        engine = create_engine("sqlite://", creator=lambda: self.connection, poolclass=StaticPool)
        event.listen(engine, "begin", _begin)
        return engine

    @cached_property
    def _writer(self) -> Engine:
        return self.engine.execution_options(begin="IMMEDIATE")

    # ---- opening and creating -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], read_only: bool = False, examine: bool = False) -> MapStore:
        """Open a map, refusing (and never touching) anything that is not a map we can read. `examine`: open a
        map whose values may break the rules, for `check` to list what is wrong (read-only)."""
        path = Path(path).absolute()
        version, _ = _read_header(path)
        if not read_only:
            lock.take(path)
        try:
            store = cls(path, read_only)
            try:
                store._check_readable()
                if version < SCHEMA_VERSION:
                    store._upgrade_copy(version) if read_only else store._upgrade(version)
                if not examine:
                    store._check_sound()
            except BaseException:
                store._dispose()
                raise
        except BaseException:
            if not read_only:
                lock.release(path)
            raise
        return store

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        title: str = "",
        area: str = "Greater Manchester",
        programme: str = "",
        defaults: bool = True,
    ) -> MapStore:
        """Make a new map file (never over an existing file) and open it for editing."""
        path = Path(path).absolute()
        if path.suffix.lower() != EXTENSION:
            raise MapFileError(f"A map's file name ends in {EXTENSION}, e.g. {path.stem}{EXTENSION}.")
        if path.exists():
            raise MapFileError(f"There is already a file at {path}; choose another name.")
        if not path.parent.is_dir():
            raise MapFileError(f"The folder {path.parent} does not exist.")
        # Built under a temporary name, then moved into place: a failure leaves no half map.
        fd, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.unlink(temp)
        try:
            con = sqlite3.connect(temp, isolation_level=None)
            try:
                con.execute(f"PRAGMA application_id={APPLICATION_ID}")
                con.execute("PRAGMA journal_mode=DELETE")
            finally:
                con.close()
            from models.entities import Base, Locality, MapInfo, Stage

            builder = cls(Path(temp), read_only=False)
            try:
                with builder.engine.begin() as conn:
                    Base.metadata.create_all(conn)
                    conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
                with builder.write() as session:
                    session.add(MapInfo(id=1, title=title or path.stem, area=area, programme=programme, notes=""))
                    if defaults:
                        for n, (name, aim) in enumerate(DEFAULT_STAGES):
                            session.add(Stage(name=name, aim=aim, position=n))
                        session.add_all(Locality(name=name) for name in GREATER_MANCHESTER)
            finally:
                builder._dispose()
            if path.exists():
                raise MapFileError(f"There is already a file at {path}; choose another name.")
            os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        return cls.open(path)

    def _check_readable(self) -> None:
        try:
            # The full check, not the quick one: a copy taken while the map was being saved (a sync client
            # copying a few KB at a time) can hold rows its indexes do not, which only the full check finds.
            # 37 ms on a national map (12 for the quick check).
            verdict = self.connection.execute("PRAGMA integrity_check(1)").fetchone()[0]
            tables = {row[0] for row in self.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as e:
            if self.read_only and getattr(e, "sqlite_errorcode", None) == _READONLY_ROLLBACK:
                self._read_rolled_back_copy()
                return self._check_readable()
            raise MapFileError(f"{self.path.name} is damaged and cannot be read ({e}). It was not changed.") from None
        if verdict != "ok":
            first = verdict.replace("*** in database main ***", "").strip().splitlines()[0]
            raise MapFileError(f"{self.path.name} is damaged ({first}). It was not changed. If it is a copy, it may be "
                               "a copy taken while the map was being saved: copy the original again once it is "
                               "closed (or use File ▸ Save As, which always makes a whole copy).")
        missing = {"map_info", "stage", "data_item", "locality"} - tables
        if missing:
            raise MapFileError(f"{self.path.name} is damaged: it lacks part of a map ({', '.join(sorted(missing))}).")

    def _check_sound(self) -> None:
        """Refuse a map holding what Circle of Need never writes (models.soundness), before anything reads it."""
        with self.reading() as conn:
            found = soundness.problems(conn)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise MapFileError(f"{self.path.name} holds what Circle of Need never writes: {found[0]}{more}. It was "
                               f"not changed; `circle-of-need check` lists everything wrong in it.")

    def _read_rolled_back_copy(self) -> None:
        """Read a map left by a program that crashed mid-edit as it was before that edit, without changing it.

        The crashed edit's undoing is in the journal beside the map; SQLite rolls it back when the map is next
        opened for editing, but a reader (opened read-only: the map may be another user's, its editor may come
        back) cannot. So the map and its journal are copied into a private folder, the copy is opened there (the
        edit rolled back in the copy), and that is read into memory; the folder is removed."""
        self.connection.close()
        journal = self.path.with_name(self.path.name + "-journal")
        with tempfile.TemporaryDirectory(prefix="circle-of-need-", ignore_cleanup_errors=True) as folder:
            copy = Path(folder) / "map.needmap"
            try:
                shutil.copyfile(self.path, copy)
                shutil.copyfile(journal, copy.with_name(copy.name + "-journal"))
            except OSError as e:
                raise MapFileError(f"{self.path.name} was left half-saved by a program that stopped, and it "
                                   f"cannot be read ({e.strerror}). Open it for editing to finish putting it "
                                   "right.") from None
            rolled_back = sqlite3.connect(copy, isolation_level=None)
            memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            try:
                rolled_back.backup(memory)
            finally:
                rolled_back.close()
        self.connection = memory
        memory.execute("PRAGMA foreign_keys=ON")

    def _migrate(self, version: int) -> None:
        """Every step of the ladder from `version` to this one, in one transaction."""
        with self._writer.begin() as conn:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _upgrade_copy(self, version: int) -> None:
        """Read an older map without changing it: a private copy in memory, upgraded there, is what is read."""
        memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        with self.reading():
            self.connection.backup(memory)
        self.connection.close()
        self.connection = memory
        memory.execute("PRAGMA foreign_keys=ON")
        try:
            self._migrate(version)
        except Exception as e:
            raise MapFileError(f"{self.path.name} could not be read as this version reads maps "
                               f"({getattr(e, 'orig', e)}). It was not changed.") from None

    def _upgrade(self, version: int) -> None:
        """Lift an older map to this version: a backup copy first, then every step in one transaction."""
        backup = self.path.with_name(f"{self.path.stem}.v{version}-backup{EXTENSION}")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.stem}.v{version}-backup-{n}{EXTENSION}")
        self.copy_to(backup)
        try:
            self._migrate(version)
        except Exception as e:
            raise MapFileError(
                f"{self.path.name} could not be upgraded from version {version} ({getattr(e, 'orig', e)}); "
                f"it was left as it was, and a copy is at {backup.name}."
            ) from None

    # ---- reading and writing --------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent read of the whole map, on the plain SQLite connection (quick, and needs no
        SQLAlchemy): one transaction, always ended."""
        with self._plain_errors("read"):
            self.connection.execute("BEGIN")
            try:
                yield self.connection
            finally:
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read of the whole map through SQLAlchemy (for queries built with it)."""
        with self._plain_errors("read"), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One edit: a session in one immediate transaction, committed on success, rolled back on error."""
        if self.read_only:
            raise ReadOnlyMap(f"{self.path.name} is open read-only; open it for editing to make changes.")
        from sqlalchemy.orm import Session

        with self._plain_errors("saved"), Session(self._writer, expire_on_commit=False, autoflush=True) as session, \
                session.begin():
            yield session

    @contextlib.contextmanager
    def _plain_errors(self, doing: str) -> Iterator[None]:
        """The file system's and SQLite's refusals, in words; the transaction was rolled back."""
        try:
            yield
        except Exception as e:
            if not isinstance(getattr(e, "orig", e), sqlite3.Error):  # SQLAlchemy keeps the driver's error in .orig
                raise
            detail = str(getattr(e, "orig", e)).lower()
            name = self.path.name
            if "locked" in detail or "busy" in detail:
                message = (f"{name} is busy: another program is writing to it. Nothing was changed; "
                           "try again in a moment.")
            elif "full" in detail:
                message = f"There is no room left on the disk for {name}. Nothing was changed; free some space."
            elif "readonly" in detail or "read-only" in detail:
                message = f"{name} cannot be written (the file or its folder is read-only). Nothing was changed."
            else:
                message = f"{name} could not be {doing} ({getattr(e, 'orig', e)}). Nothing was changed."
            raise MapStorageError(message) from None

    def copy_to(self, target: str | os.PathLike[str]) -> None:
        """Copy the whole map through SQLite's backup API (safe while it is open)."""
        target = Path(target).absolute()
        fd, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            destination = sqlite3.connect(temp)
            try:
                self.connection.backup(destination)
            finally:
                destination.close()
            share_like_any_file(temp)
            os.replace(temp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)

    def save_as(self, target: str | os.PathLike[str]) -> MapStore:
        """Copy to a new file and return that file opened for editing; this store is closed."""
        target = Path(target).absolute()
        if target == self.path:
            return self
        if lock.holder(target):
            raise MapInUse(f"{target.name} is open elsewhere; choose another name.")
        self.copy_to(target)
        self.close()
        return MapStore.open(target)

    def _dispose(self) -> None:
        """Let go of the file; a kept journal is removed (journal_mode back to DELETE)."""
        if not self.read_only:
            with contextlib.suppress(sqlite3.Error):  # closing must not fail; the journal is harmless if kept
                self.connection.execute("PRAGMA journal_mode=DELETE")
        if "engine" in self.__dict__:
            self.engine.dispose()
        self.connection.close()

    def close(self) -> None:
        self._dispose()
        if not self.read_only:
            lock.release(self.path)
            self.read_only = True  # a closed store accepts no more edits


def _begin(conn: Connection) -> None:
    """SQLAlchemy's SQLite transaction recipe: BEGIN said by us (IMMEDIATE for edits)."""
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('begin', '')}")
