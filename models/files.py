"""Files the product writes for people: written under a temporary name beside the target, then moved
into place, so a failure leaves no half file and never destroys an earlier one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from models.errors import MapStorageError

# Files people open in a spreadsheet, which holds them locked on Windows while they are open.
SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".csv"}


def share_like_any_file(path: str | os.PathLike[str]) -> None:
    """Give a finished temporary file the permissions any new file of the user's gets: mkstemp makes it
    private (0600) and os.replace keeps that, so colleagues on a shared drive could not open it."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_beside(target: str | os.PathLike[str], write: Callable[[str], None], suffix: str = ".part") -> Path:
    """Call `write(temporary path)` for a file in the target's folder, then put it in the target's place."""
    target = Path(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=suffix, dir=target.parent)
    except FileNotFoundError:
        raise FileNotFoundError(f"There is no folder “{target.parent}” to write {target.name} in; "
                                "create it first or choose another.") from None
    except PermissionError:
        raise PermissionError(f"The folder “{target.parent}” cannot be written to; choose another.") from None
    os.close(handle)
    try:
        write(temporary)
        share_like_any_file(temporary)
        try:
            os.replace(temporary, target)
        except PermissionError:  # Windows refuses to replace a file another program holds open
            raise MapStorageError(held_open(target)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def held_open(target: Path) -> str:
    """What a user reads when the finished file cannot take the place of one another program holds."""
    which = " (Excel?)" if target.suffix.lower() in SPREADSHEETS else ""
    return f"“{target.name}” is open in another program{which}: close it there and try again."
