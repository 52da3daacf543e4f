"""Tables in plain text: the rows of a table copied out of a browser.

A page's rendered text (``innerText``, what a copy-paste or a headless scraper gives) puts
a tab between the cells of a table row. Menus, tickers and prose are not rendered with tabs,
so tab-separated rows are a reliable table signal, which the segmenter uses
(:mod:`textmill.segment.structure`: the rows are article table rows, as in HTML). Repair
turns the tabs into spaces, so the rows are found in the text *before* repair (repair keeps
every line on its line number) and handed over as line numbers (``SourceHint.table_rows``).

A row is a line with 2+ non-empty tab-separated cells; a table is a run of 2+ adjacent rows
(a lone 'Name:<TAB>Kerry' line is a label, not a table, and its tab becomes a space).
"""

from __future__ import annotations


def _is_row(line: str) -> bool:
    return "\t" in line and sum(1 for cell in line.split("\t") if cell.strip()) >= 2


def tab_table_rows(lines: list[str]) -> list[int]:
    """0-based indexes of the lines that are rows of a tab-separated table, in order."""
    rows = [_is_row(line) for line in lines]
    out: list[int] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and rows[j]:
            j += 1
        if j - i >= 2:
            out.extend(range(i, j))
        i = max(j, i + 1)
    return out


def table_row_numbers(raw_text: str) -> tuple[int, ...]:
    """1-based line numbers of the table rows of an unrepaired text, counted as repair counts
    lines (every line separator is one line break)."""
    if "\t" not in raw_text:
        return ()
    from textmill.repair.whitespace import normalize_line_separators

    text, _ = normalize_line_separators(raw_text)
    return tuple(i + 1 for i in tab_table_rows(text.split("\n")))
