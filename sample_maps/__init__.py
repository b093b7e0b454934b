"""The sample maps users open on first start, kept as interchange JSON (text, diffable)."""

from pathlib import Path

FOLDER = Path(__file__).parent


def names() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.json"))


def sample_path(name: str) -> Path:
    """The JSON of a sample map by its name (e.g. greater-manchester)."""
    path = FOLDER / f"{name}.json"
    if not path.is_file():
        from models.errors import MapFileError

        raise MapFileError(f"There is no sample called “{name}”; the samples are: {', '.join(names())}.")
    return path
