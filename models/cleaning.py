"""Turning what a user typed into values the map accepts, or an error saying what to fix."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from models.errors import InvalidInput

NAME_LIMIT = 200
TEXT_LIMIT = 100_000

# Invisible characters that pasting brings in and no file format wants: C0 controls other than
# tab and line breaks, DEL, lone surrogates and the two non-characters U+FFFE/U+FFFF.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def clean_text(value: object, what: str, limit: int = TEXT_LIMIT) -> str:
    """Free text: invisible characters removed, ends trimmed, at most `limit` characters."""
    if value is None:
        return ""
    text = _INVISIBLE.sub("", str(value)).strip()
    if len(text) > limit:
        raise InvalidInput(f"The {what} is {len(text):,} characters long; the most a map keeps is {limit:,}.")
    return text


def clean_name(value: object, what: str) -> str:
    """A name: one line, not blank, at most NAME_LIMIT characters."""
    name = _SPACES.sub(" ", clean_text(value, f"{what} name", TEXT_LIMIT))
    name = unicodedata.normalize("NFC", name)
    if not name:
        raise InvalidInput(f"A {what} needs a name; type one in.")
    if len(name) > NAME_LIMIT:
        raise InvalidInput(
            f"The {what} name is {len(name):,} characters long; keep it under {NAME_LIMIT} "
            "and put the rest in its description."
        )
    return name


def name_key(name: str) -> str:
    """The one form in which names are compared, for stored names and every name a user types (an option, a
    line on the wall, a workbook): invisible characters dropped, Unicode composed and compatibility forms
    unified (a combining accent is the accented letter), white space collapsed, case folded (any script)."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", str(name)))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width spaces, joiners, marks
    return " ".join(text.split()).casefold()


def clean_date(value: object, what: str) -> dt.date | None:
    """A date given as a date, ISO text (2026-03-31) or British text (31/03/2026); blank for none."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = clean_text(value, what, 40)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInput(f"“{text}” is not a date for the {what}; write it like 31/03/2026.")


def clean_yes_no(value: object, what: str) -> bool | None:
    """Yes, no, or not known (None)."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("", "not known", "unknown", "?"):
        return None
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise InvalidInput(f"The {what} must be yes, no or left blank, not “{value}”.")


def clean_months(value: object, what: str) -> int | None:
    """A whole number of months from 0 to 240, or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) or isinstance(value, bool) else value
    except ValueError:
        raise InvalidInput(f"The {what} must be a whole number of months, not “{value}”.") from None
    if isinstance(number, bool) or not 0 <= number <= 240:
        raise InvalidInput(f"The {what} must be between 0 and 240 months, not {value}.")
    return number
