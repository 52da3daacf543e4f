"""What the extractor's structure says about a block (HTML input; see :mod:`textmill.segment`).

Plain text has only its words. An extracted HTML page also says which block is a table row,
a list item, a heading or a quote, and which is (almost) all link text
(:attr:`textmill.html.ExtractedHtml.structure`). The extractor has already cut the page down
to its main content, so inside that content:

- a link block (a menu entry, a related headline) is not article text: it is dropped as
  ``navigation`` before the article's first paragraph and ``related_links`` after it;
- a table row or a list item is article structure (a market table, the steps of a how-to,
  a line-up): its class is at least 'neargood', and the plain-text rules for page furniture
  that looks like it (``data_line``, ``navigation``) are not applied to it;
- a block whose words alone look like boilerplate (names and numbers: a result, a line-up)
  is 'short' at worst: judged by its neighbours instead of dropped;
- the end of the extracted text is the end of the article, not page chrome, so it counts
  as good context (in plain text, document edges are bad context, as in jusText).

Phrase rules (share bars, cookie notices, comment headers, ...), site templates, bylines and
captions still apply to every block: widgets inside the article container stay droppable.
FP risk: a list of plain-text (unlinked) related headlines inside the article container is
kept when no related-links header announces it.
"""

from __future__ import annotations

from textmill.segment.model import SegmentConfig
from textmill.segment.units import _is_prose, _Unit

# Plain-text rules for things that look like table rows or menus; a real table row or list
# item of the extracted article is exempt from them.
_ROW_RULES = frozenset({"data_line", "navigation", "related_links"})
_STRUCTURE_FLOOR = {"row": "neargood", "item": "neargood", "cell": "neargood"}


def line_tags(lines: list[str], structure: tuple[str, ...]) -> dict[int, str] | None:
    """Line number -> extractor tag, or None when the structure does not match the text's
    non-blank lines one to one (then the text is treated as plain text)."""
    numbers = [no for no, line in enumerate(lines, start=1) if line.strip()]
    if not structure or len(numbers) != len(structure):
        return None
    return dict(zip(numbers, structure))


def text_table_tags(table_rows: tuple[int, ...], n_lines: int) -> dict[int, str] | None:
    """Plain text: line number -> 'row' for the rows of a tab-separated table
    (``SourceHint.table_rows``), None when there is none. They get the same treatment as
    the rows of an HTML table."""
    return {no: "row" for no in table_rows if 1 <= no <= n_lines} or None


def _is_link_block(u: _Unit, cfg: SegmentConfig) -> bool:
    # a whole linked sentence of prose length is still prose (a linked standfirst)
    return u.tag.endswith("+link") and not _is_prose(u, cfg.boilerplate.length_low)


def apply_structure_rules(units: list[_Unit], cfg: SegmentConfig) -> None:
    """Drop link blocks; lift the plain-text row/menu rules off real table rows and items."""
    seen_prose = False
    for u in units:
        base = u.tag.removesuffix("+link")
        if u.kind == "" and _is_link_block(u, cfg):
            u.kind, u.rule = "drop", "related_links" if seen_prose else "navigation"
        elif (u.kind == "drop" and u.rule in _ROW_RULES and base == u.tag and base in _STRUCTURE_FLOOR
              and (seen_prose or u.rule != "navigation")):
            # a menu laid out as a table above the article stays navigation
            u.kind, u.rule = "", ""
        seen_prose = seen_prose or _is_prose(u, cfg.boilerplate.length_low)


def class_floors(units: list[_Unit]) -> list[str | None]:
    """Lowest context-free class per unit (None: no floor) for :func:`classify_blocks`."""
    return [(_STRUCTURE_FLOOR.get(u.tag, "short") if u.tag and not u.tag.endswith("+link") else None) for u in units]


def is_structure_item(u: _Unit) -> bool:
    """A table row or list item of the extracted article: body, never a subhead."""
    return u.tag.removesuffix("+link") in _STRUCTURE_FLOOR
