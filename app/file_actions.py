"""The File menu's work: new, open (read-only when in use), samples, recent files, Save As, exports.

Questions to the user (file names, "open read-only?") go through `ask_*` methods, so tests can
answer them without a modal dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from models.errors import MapError, MapFileError, MapInUse
from models.store import MapStore

MAP_FILTER = "Circle of Need maps (*.needmap)"
RECENT_KEY = "recent_files"
LAST_KEY = "last_map"
MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings("Circle of Need", "Circle of Need")


def recent_files() -> list[str]:
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or [] if v]


def remember(path: Path) -> None:
    entries = [str(path)] + [p for p in recent_files() if p != str(path)]
    store = settings()
    store.setValue(RECENT_KEY, entries[:MAX_RECENT])
    store.setValue(LAST_KEY, str(path))


def forget(path: str) -> None:
    store = settings()
    store.setValue(RECENT_KEY, [p for p in recent_files() if p != path])
    if store.value(LAST_KEY) == path:
        store.remove(LAST_KEY)


def last_map() -> str | None:
    value = settings().value(LAST_KEY)
    return str(value) if value else None


def samples_folder() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "Samples"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def unique_path(folder: Path, stem: str, suffix: str = ".needmap") -> Path:
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem} ({number}){suffix}"
        number += 1
    return path


def copy_sample(name: str) -> MapStore:
    """A fresh, writable copy of a sample map, in the application's data folder."""
    from models.interchange import import_map, read_json
    from sample_maps import sample_path

    source = sample_path(name)
    return import_map(read_json(source), unique_path(samples_folder(), name))


class FileAsker:
    """The questions file actions ask; replaced in tests."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open a map", _start_folder(), MAP_FILTER)
        return path or None

    def save_path(self, title: str, suggested: str, file_filter: str = MAP_FILTER) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, str(Path(_start_folder()) / suggested), file_filter)
        return path or None

    def read_only(self, message: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Map in use", message, parent=self.parent)
        button = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is button

    def problem(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)


def documents_folder() -> Path:
    """The user's documents folder (made if it is missing): where a new map is saved unless they choose
    otherwise."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _start_folder() -> str:
    """Where the file dialogs start: the folder of the last map, unless that is the app's own data folder (the
    sample's copy lives there, out of the user's sight), else the user's documents."""
    last = last_map()
    app_data = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    if last and Path(last).parent.is_dir() and not Path(last).parent.is_relative_to(app_data):
        return str(Path(last).parent)
    return str(documents_folder())


def open_store(path: str | Path, asker: FileAsker) -> MapStore | None:
    """Open a map for editing; when it is in use, offer it read-only; a file problem is shown, not raised."""
    try:
        return MapStore.open(path)
    except MapInUse as e:
        if not asker.read_only(f"{e}\n\nOpen it read-only? You can look but not change anything."):
            return None
        try:
            return MapStore.open(path, read_only=True)
        except MapError as again:
            asker.problem("Cannot open the map", str(again))
    except MapFileError as e:
        asker.problem("Cannot open the map", str(e))
    except MapError as e:
        asker.problem("Cannot open the map", str(e))
    except OSError as e:
        asker.problem("Cannot open the map", f"{Path(path).name}: {e.strerror or e}.")
    return None


def new_store(path: str | Path, asker: FileAsker, title: str = "", area: str = "Greater Manchester",
              localities: list[str] | None = None) -> MapStore | None:
    """A new map at `path`, with the default stages and `localities` (None: the ten Greater Manchester
    boroughs); a file problem is shown, not raised."""
    path = Path(path)
    if path.suffix.lower() != ".needmap":
        path = path.with_name(path.name + ".needmap")
    try:
        store = MapStore.create(path, title=title or path.stem, area=area)
    except (MapError, OSError) as e:
        asker.problem("Cannot create the map", str(e))
        return None
    if localities is not None:
        from models import services
        from models.graph import build_graph, nodes_of

        try:  # the map is new: nothing is recorded in the default boroughs yet
            graph = build_graph(store)
            wanted = {name.casefold() for name in localities}
            for key in nodes_of(graph, "locality"):
                if graph.nodes[key]["name"].casefold() not in wanted:
                    services.remove_locality(store, key[1])
            have = {graph.nodes[key]["name"].casefold() for key in nodes_of(graph, "locality")}
            for name in localities:
                if name.casefold() not in have:
                    services.add_locality(store, name)
        except MapError as e:
            asker.problem("Cannot set the new map's localities", str(e))
    return store
