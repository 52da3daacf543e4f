"""Boilerplate classifier: labelled line rules and whole-document keep/gone cases.

Case files: tests/cases/boilerplate/lines.json (line_rule) and documents.json (segments that
must be kept / gone, roles, removal rules, metadata), in trafilatura's evaldata style.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from doccase import check_document_case

from textmill.boilerplate import (
    BoilerplateConfig,
    classify_blocks,
    context_free_class,
    features,
    line_rule,
    smooth,
)
from textmill.segment import SourceHint, segment_document
from textmill.stopwords import get_stoplist

CASES = Path(__file__).resolve().parents[1] / "cases" / "boilerplate"


def _params(name: str) -> list:
    cases = json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]
    return [
        pytest.param(c, id=c["label"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else [])
        for c in cases
    ]


@pytest.mark.parametrize("case", _params("lines.json"))
def test_line_rule(case: dict) -> None:
    assert line_rule(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", _params("documents.json"))
def test_document_case(case: dict) -> None:
    hint = SourceHint(**case["hint"]) if case.get("hint") else None
    check_document_case(segment_document("\n".join(case["lines"]), hint), case)


@pytest.mark.parametrize("case", _params("pages.json"))
def test_realistic_page(case: dict) -> None:
    doc = segment_document("\n".join(case["lines"]))
    assert [p.text for p in doc.paragraphs if p.role in ("heading", "body")] == case["article"]
    assert doc.metadata.title == case["title"]


STOP = get_stoplist("English")
CFG = BoilerplateConfig()


def test_context_free_classes() -> None:
    prose = "The council approved the budget for the parks after a debate that had lasted for months and divided the residents of the city. " * 2
    assert context_free_class(features(prose, STOP), CFG) == "good"
    assert context_free_class(features("Home News Sport Weather", STOP), CFG) == "short"
    assert context_free_class(features("He said it was not the end of it.", STOP), CFG) == "neargood"
    names = "Barack Obama, Vladimir Putin, Sergei Lavrov, John Kerry, Ash Carter, Bashar Assad, Ben Rhodes, Mark Toner"
    assert context_free_class(features(names, STOP), CFG) == "bad"


def test_smooth_short_between_good_is_good_and_edges_are_bad() -> None:
    assert smooth(["good", "short", "good"]) == ["good", "good", "good"]
    assert smooth(["bad", "short", "bad"]) == ["bad", "bad", "bad"]
    assert smooth(["good", "short"]) == ["good", "bad"]
    assert smooth(["good", "skip", "short", "skip", "good"]) == ["good", "skip", "good", "skip", "good"]
    assert smooth(["bad", "neargood", "bad"]) == ["bad", "bad", "bad"]


def test_heading_promoted_only_before_good_block() -> None:
    body = "The council approved the budget for the parks after a debate that had lasted for months and divided the city. " * 2
    assert classify_blocks([body, "What happens next", body], STOP) == ["good"] * 3
    assert classify_blocks([body, "Mayor opens new library", "Budget vote delayed again"], STOP) == ["good", "bad", "bad"]


def test_fixed_blocks_are_respected() -> None:
    body = "The council approved the budget for the parks after a debate that had lasted for months and divided the city. " * 2
    out = classify_blocks([body, "x", body], STOP, fixed=[None, "skip", "bad"])
    assert out == ["good", "skip", "bad"]
