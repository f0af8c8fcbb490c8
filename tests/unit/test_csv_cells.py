"""Every CSV the service writes neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from api.service.report_columns import Column, neutralised, write_csv


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_is_written_as_text(start: str) -> None:
    """OWASP CSV injection: =, +, -, @, tab and carriage return start formulas; an apostrophe
    first makes the spreadsheet show the text."""
    assert neutralised(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


def test_an_ordinary_cell_is_unchanged() -> None:
    """Text that cannot start a formula is written as it is."""
    assert neutralised("home visit, 2 children") == "home visit, 2 children"


def test_write_csv_neutralises_every_cell_it_writes() -> None:
    """The one CSV writer the command line and the API share applies it to each cell."""
    stream = io.StringIO()
    write_csv(stream, ["=1+1", "ok"], [Column("why", "why", lambda row: row)], str)
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [["why"], ["'=1+1"], ["ok"]]
