"""One name folding (models.cleaning.name_key) for the names a map stores and every name a user types."""

from __future__ import annotations

import openpyxl
import pytest

from app.cli import main
from models import services
from models.cleaning import name_key
from models.errors import InvalidInput

COMPOSED, DECOMPOSED = "Salford Café", "Salford Cafe\u0301"  # the same name, typed two ways


def test_names_alike_once_folded_are_one_name():
    assert name_key(COMPOSED) == name_key(DECOMPOSED) == name_key("  salford  CAFÉ\u200b ")
    assert name_key("École records") == name_key("éCOLE RECORDS")
    assert name_key("Bolton") != name_key("Bury")


@pytest.mark.parametrize("stored, typed", [(COMPOSED, DECOMPOSED), ("École records", "éCOLE RECORDS")])
def test_a_second_name_alike_once_folded_is_refused(empty_store, stored, typed):
    services.add_locality(empty_store, stored)
    with pytest.raises(InvalidInput, match=f"There is already a locality called “{stored}”"):
        services.add_locality(empty_store, typed)


def test_the_refusal_reads_in_plain_words(empty_store):
    services.add_agency(empty_store, "Ofsted")
    with pytest.raises(InvalidInput, match="There is already an agency called “Ofsted”"):
        services.add_agency(empty_store, "OFSTED")


def test_a_locality_typed_with_a_combining_accent_is_found_by_the_command_line(empty_store, tmp_path):
    services.add_locality(empty_store, COMPOSED)
    empty_store.close()
    out = tmp_path / "r.xlsx"
    assert main(["report", str(empty_store.path), "-o", str(out), "--locality", DECOMPOSED]) == 0
    assert openpyxl.load_workbook(out)["For decision"]["A2"].value.endswith(f"Covers {COMPOSED}.")
