"""Terminal tables fit the terminal (issue 11): wrapped to the width the terminal reports,
full width when piped or written to a file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matrank.reports.render import TABLE_WIDTH, display_width, text_table, wrap_cell

HEADERS = ["Rank", "ID", "Material", "Category", "Gov C"]
ROWS = [[1, "silicon-wafer-large", "Large-diameter (300 mm) silicon wafers", "先进半导体及芯片制造材料", 0.7505],
        [2, "photoresist-krf-arf", "KrF / ArF photoresist", "semiconductor", 0.7784]]


def test_full_width_without_a_terminal():
    assert TABLE_WIDTH.get() is None
    lines = text_table(HEADERS, ROWS).splitlines()
    assert len(lines) == 2 + len(ROWS)
    assert "Large-diameter (300 mm) silicon wafers" in lines[2]


def test_wrapped_to_the_terminal_and_nothing_lost():
    token = TABLE_WIDTH.set(60)
    try:
        text = text_table(HEADERS, ROWS)
    finally:
        TABLE_WIDTH.reset(token)
    assert all(display_width(line) <= 60 for line in text.splitlines())
    assert len(text.splitlines()) > 2 + len(ROWS)
    assert "0.7505" in text and "0.7784" in text                  # numbers are never wrapped
    # a wrapped cell continues on the next lines of its column
    lines = text.splitlines()
    assert "silicon-wafer-" in lines[2] and "large" in lines[3]
    assert "Large-diameter" in lines[2] and "(300 mm)" in lines[3] and "silicon wafers" in lines[4]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab -中文"), max_size=60), st.integers(min_value=2, max_value=30))
def test_a_wrapped_cell_keeps_every_character_and_fits(text, width):
    lines = wrap_cell(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
