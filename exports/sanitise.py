"""The one sanitiser every user string passes before it reaches a workbook, and safe sheet names."""

from __future__ import annotations

import re

# Excel's limit on the characters in one cell.
CELL_LIMIT = 32_767
SHEET_NAME_LIMIT = 31

# Characters no xlsx reader accepts: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# XML readers turn CR and CRLF into LF when they load a cell, so we store LF: the text reads back intact.
_LINE_ENDS = re.compile("\r\n?")
# OWASP "CSV/formula injection": a cell starting with one of these is taken for a formula or a
# command by some spreadsheet programs, so such text is stored as text with a quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_FORBIDDEN = re.compile(r"[/\\?*\[\]:]")


def _utf16_length(text: str) -> int:
    # Excel counts UTF-16 code units: a character beyond the BMP (an emoji) counts twice.
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _cut(text: str, limit: int) -> str:
    """`text` cut to `limit` UTF-16 units, ending with a marker saying how much was left off."""
    if len(text) <= limit // 2 or _utf16_length(text) <= limit:
        return text
    kept, used = 0, 0
    # Reserve room for the marker at its longest (the count can never exceed the text's length).
    room = limit - len(f"… [cut: {len(text):,} more characters]")
    for kept, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > room:
            break
    return f"{text[:kept]}… [cut: {len(text) - kept:,} more characters]"


def clean(value: object, limit: int = CELL_LIMIT) -> str:
    """Any value as text a workbook can hold: invalid characters removed, line ends as LF,
    at most `limit` characters, the end visibly marked when cut."""
    if value.__class__ is str and len(value) <= limit >> 1 and value.isprintable():
        return value  # the common case, asked for every cell of a report: nothing to remove or cut
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Printable text has no control characters, line ends, surrogates or non-characters: nothing to remove.
    if not text.isprintable():
        text = _LINE_ENDS.sub("\n", _INVALID.sub("", text))
    return _cut(text, limit)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program could read `text` as a formula or command."""
    return text.startswith(FORMULA_STARTS)


def sheet_name(wanted: object, taken: set[str] | None = None) -> str:
    """A sheet name Excel accepts, built from `wanted`: no / \\ ? * [ ] :, not blank, no leading or
    trailing apostrophe, at most 31 characters, and unique (case-insensitively) among `taken`,
    to which it is added."""
    taken = taken if taken is not None else set()
    base = _SHEET_FORBIDDEN.sub(" ", clean(wanted, 10_000))
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Sheet"
    if base.casefold() == "history":  # reserved by Excel
        base = "History sheet"
    name, number = base[:SHEET_NAME_LIMIT].rstrip(), 1
    while name.casefold() in {t.casefold() for t in taken}:
        number += 1
        suffix = f" ({number})"
        name = base[:SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    taken.add(name)
    return name
