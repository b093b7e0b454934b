"""The errors users read: every one says what is wrong and how to put it right."""


class MapError(Exception):
    """Base of every error the product reports to a user in words."""


class InvalidInput(MapError, ValueError):
    """A value a user gave is not acceptable (blank, duplicate, out of range…)."""


class NotFound(MapError, LookupError):
    """Something named by id or name is not in the map (perhaps removed meanwhile)."""


class MapFileError(MapError):
    """A file cannot be opened as a map; the file was left untouched."""


class MapInUse(MapFileError):
    """The map is open for editing elsewhere; it can still be opened read-only."""


class ReadOnlyMap(MapError):
    """An edit was tried on a map opened read-only."""


class MapStorageError(MapError):
    """The map file could not be read or written just now (locked by another program, disk full…)."""
