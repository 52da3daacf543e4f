"""HTML pages end to end through extraction, repair and segmentation: what the extractor's
structure (table rows, list items, link blocks, element boundaries) changes.

Cases are data: tests/cases/boilerplate/html_documents.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from doccase import check_document_case

from textmill.html import extract_html
from textmill.pipeline import html_hint
from textmill.repair import repair_text
from textmill.segment import SegmentConfig, SourceHint, segment_document

CASES = json.loads((Path(__file__).parents[1] / "cases" / "boilerplate" / "html_documents.json").read_text(encoding="utf-8"))


def _segment(html: str, structure: bool = True, line_model: bool = True):
    extracted = extract_html(html, url="https://ledger.example/a")
    hint = html_hint(extracted, "ledger.example")
    if not structure:
        hint = SourceHint("html", "ledger.example", title=hint.title)
    return extracted, segment_document(repair_text(extracted.text), hint, SegmentConfig(line_model=line_model))


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c["label"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else [])
    for c in CASES["cases"]])
def test_html_document_case(case):
    _, doc = _segment(case["html"])
    check_document_case(doc, case)


def test_structure_tags_one_per_block():
    case = next(c for c in CASES["cases"] if c["label"] == "table_rows_and_closing_list_are_article_text")
    extracted, _ = _segment(case["html"])
    blocks = extracted.text.split("\n\n")
    assert len(blocks) == len(extracted.structure)
    tag = dict(zip(blocks, extracted.structure))
    assert tag["FTSE 100 | 8,412.30 | +0.4%"] == "row"
    assert tag["What to watch"] == "head"
    assert tag["Bank of Japan policy decision, Friday"] == "item"


def test_link_blocks_are_marked():
    case = next(c for c in CASES["cases"] if c["label"] == "linked_related_headlines_inside_article_are_dropped")
    extracted, _ = _segment(case["html"])
    tag = dict(zip(extracted.text.split("\n\n"), extracted.structure))
    assert tag["Oil majors lift dividends as profits climb"] == "p+link"
    assert not tag["Bond yields edged lower. The yield on the 10-year German Bund fell two basis points to 2.51% ahead of Thursday's inflation figures, which are expected to show a slowdown."].endswith("+link")


def test_without_structure_the_table_is_lost():
    """The same page read as plain text (no structure), by the rules alone: the old behaviour,
    which the structure rules fix -- this keeps the test above from passing for another reason.
    (The line classifier, which reads the rules' verdicts as features, keeps these rows.)"""
    case = next(c for c in CASES["cases"] if c["label"] == "table_rows_and_closing_list_are_article_text")
    _, doc = _segment(case["html"], structure=False, line_model=False)
    assert "FTSE 100 | 8,412.30 | +0.4%" not in doc.article_text()


def test_structure_that_does_not_match_the_text_is_ignored():
    text = "A headline here\n\nA first paragraph of the article that is long enough to count as prose on its own, said officials.\n"
    hint = SourceHint("html", "x", structure=("head",))  # one tag for two blocks
    doc = segment_document(text, hint)
    assert doc == segment_document(text, SourceHint("html", "x"))
