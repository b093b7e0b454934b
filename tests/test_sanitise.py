"""The one sanitiser: text stays text, invalid characters go, long text is visibly cut, sheet names are safe."""

import io
import warnings

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.sanitise import CELL_LIMIT, clean, looks_like_formula, sheet_name
from exports.xlsx import Book


def test_control_characters_surrogates_and_non_characters_are_removed():
    assert clean("a\x00b\x07c\x1fd\ufffee\uffff\ud800f") == "abcdef"


def test_tab_and_line_breaks_are_kept_with_cr_as_lf():
    assert clean("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne"


def test_long_text_is_cut_with_a_visible_marker():
    text = "x" * 40_000
    cut = clean(text)
    assert len(cut) <= CELL_LIMIT
    left_off = 40_000 - cut.index("…")
    assert cut.endswith(f"… [cut: {left_off:,} more characters]")
    assert clean("y" * CELL_LIMIT) == "y" * CELL_LIMIT


def test_astral_characters_count_twice_towards_the_limit():
    cut = clean("😀" * 20_000)
    assert len(cut.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert "[cut:" in cut


def test_formula_like_text_is_recognised():
    for text in ("=1+1", "+44 161", "-2", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\")"):
        assert looks_like_formula(text)
    assert not looks_like_formula("Live births")


def test_sheet_names_are_safe_short_and_unique():
    taken: set[str] = set()
    first = sheet_name("Stage: a/b\\c?d*e[f]g", taken)
    assert not set("/\\?*[]:") & set(first)
    long = sheet_name("x" * 50, taken)
    again = sheet_name("X" * 50, taken)
    assert len(long) <= 31 and len(again) <= 31 and long.casefold() != again.casefold()
    assert sheet_name("   ", taken) == "Sheet"
    assert sheet_name("'quoted'", taken) == "quoted"


def _round_trip(value: str):
    out = io.BytesIO()
    book = Book(out)
    sheet = book.sheet("Test", [20])
    sheet.row(value)
    book.close()
    out.seek(0)
    return openpyxl.load_workbook(out)["Test"]["A1"]


def test_formula_text_is_stored_as_quoted_text():
    cell = _round_trip('=HYPERLINK("http://evil","x")')
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil","x")'
    assert cell.quotePrefix


hostile = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("=+-@\t\r\n\x00\x01\x0b\x1f\ufffe\uffff\ud800abcאבג؟😀 ")), max_size=60),
    st.builds(lambda head, n: head + "x" * n, st.sampled_from(["=", "+", "-", "@", "\t", "a"]),
              st.integers(32_000, 40_000)),
)


@settings(max_examples=60, deadline=None)
@given(hostile)
def test_any_text_reloads_as_the_same_text_or_visibly_cut(text):
    cell = _round_trip(text)
    expected = clean(text)
    if expected == "":
        assert cell.value in (None, "")
        return
    assert cell.data_type == "s"
    assert cell.value == expected
    assert cell.quotePrefix == looks_like_formula(expected)
    if len(text) > CELL_LIMIT:
        assert "[cut:" in cell.value


def test_any_map_title_makes_a_running_head_excel_accepts():
    """XlsxWriter drops a page header over 255 characters, or one asking for pictures it does not have (&G)."""
    for title in ("Health & Care", "R&G pilots", "&[Picture]", "😀" * 200, "&" * 300, "=1+1"):
        out = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a header XlsxWriter refuses is only a warning
            book = Book(out, title)
            book.sheet("Test", [20]).row("x")
            book.close()
        out.seek(0)
        header = openpyxl.load_workbook(out)["Test"].oddHeader.left.text
        assert header and header.replace("&&", "&").replace("\u200b", "").startswith(clean(title, 80)[:40])
