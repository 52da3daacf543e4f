"""Tab-separated tables in plain text: found before repair, kept as article rows by the segmenter."""

from __future__ import annotations

from textmill.pipeline import text_hint
from textmill.repair import repair_text
from textmill.segment import segment_document
from textmill.texttables import tab_table_rows, table_row_numbers

PROSE = [
    "European stocks ended mixed on Wednesday as a jump in crude prices lifted oil and gas producers while technology shares fell.",
    "",
    "Brent crude climbed 2.8% to $81.22 a barrel after an unexpected fall in US inventories and reports of halted production.",
    "",
]
TABLE = ["Index\tClose\tChange", "FTSE 100\t8,412.30\t+0.4%", "DAX\t18,203.55\t-0.3%"]
AFTER = ["", "Bond yields edged lower. The yield on the 10-year German Bund fell two basis points to 2.51% ahead of the inflation figures."]


def test_rows_need_two_cells_and_a_run_of_two():
    lines = ["Name:\tKerry", "", "a\tb", "c\td", "e\t", "\tf\tg", "x"]
    assert tab_table_rows(lines) == [2, 3]  # "e<TAB>" has one cell; "<TAB>f<TAB>g" is a run of one
    assert tab_table_rows(["Name:\tKerry"]) == []  # a lone label line is not a table
    assert tab_table_rows(["a\tb", "", "c\td"]) == []  # rows must be adjacent


def test_line_numbers_count_lines_as_repair_does():
    raw = "Title\r\n\r\nIndex\tClose\r\nDAX\t18,203.55\r\n"
    assert table_row_numbers(raw) == (3, 4)
    repaired = repair_text(raw).split("\n")
    assert repaired[2] == "Index Close" and repaired[3] == "DAX 18,203.55"
    assert table_row_numbers("no tabs at all\nhere") == ()


def test_table_in_the_article_is_kept_as_body():
    raw = "\n".join(["Stocks close mixed as oil rally lifts energy shares", ""] + PROSE + TABLE + AFTER)
    doc = segment_document(repair_text(raw), text_hint(raw, "txt", "ledger.example"))
    article = doc.article_text()
    for row in ("Index Close Change", "FTSE 100 8,412.30 +0.4%", "DAX 18,203.55 -0.3%"):
        assert row in article
        assert next(p for p in doc.paragraphs if p.text == row).role == "body"


def test_same_rows_without_tabs_are_ticker_lines():
    """Control: the rows with spaces instead of tabs are dropped as data lines, as before --
    so the test above passes because of the tabs."""
    raw = "\n".join(["Stocks close mixed as oil rally lifts energy shares", ""] + PROSE
                    + [r.replace("\t", " ") for r in TABLE] + AFTER)
    doc = segment_document(repair_text(raw), text_hint(raw, "txt", "ledger.example"))
    assert "FTSE 100 8,412.30 +0.4%" not in doc.article_text()
