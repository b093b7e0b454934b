"""Files the product writes for people: written under a temporary name, then moved into place."""

from __future__ import annotations

import os


def share_like_any_file(path: str | os.PathLike[str]) -> None:
    """Give a finished temporary file the permissions any new file of the user's gets: mkstemp makes it
    private (0600) and os.replace keeps that, so colleagues on a shared drive could not open it."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
