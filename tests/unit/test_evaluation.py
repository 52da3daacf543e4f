"""The shingle metric and role alignment on hand-computed examples (tests/cases/boilerplate_eval/metric_cases.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalkit.metric import align_roles, role_accuracy, score_document, score_set, shingles

CASES = json.loads(
    (Path(__file__).parents[1] / "cases" / "boilerplate_eval" / "metric_cases.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES["documents"], ids=[c["label"] for c in CASES["documents"]])
def test_document_score(case):
    score = score_document(case["predicted"], case["gold"], label=case["label"])
    assert (score.tp, score.fp, score.fn) == (case["tp"], case["fp"], case["fn"])
    assert score.precision == pytest.approx(case["precision"], abs=1e-9)
    assert score.recall == pytest.approx(case["recall"], abs=1e-9)


@pytest.mark.parametrize("case", CASES["sets"], ids=[c["label"] for c in CASES["sets"]])
def test_set_score_is_f1_of_averages(case):
    result = score_set(case["label"], [score_document(p, g) for p, g in case["documents"]])
    assert result.precision == pytest.approx(case["precision"], abs=1e-9)
    assert result.recall == pytest.approx(case["recall"], abs=1e-9)
    assert result.f1 == pytest.approx(case["f1"], abs=1e-9)


@pytest.mark.parametrize("case", CASES["roles"], ids=[c["label"] for c in CASES["roles"]])
def test_role_alignment(case):
    predicted = [tuple(p) for p in case["predicted"]]
    gold = [tuple(g) for g in case["gold"]]
    aligned = align_roles(predicted, gold)
    assert aligned == [tuple(a) for a in case["aligned"]]
    accuracy = {r.role: r.accuracy for r in role_accuracy(aligned)}
    assert accuracy == pytest.approx(case["accuracy"])


def test_shingles_are_a_multiset_of_four_grams():
    assert shingles("a b c d a b c d") == {"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}
    assert shingles("") == {}


def test_empty_set_scores_zero_not_error():
    empty = score_set("empty", [])
    assert (empty.precision, empty.recall, empty.f1, empty.role_accuracy) == (0.0, 0.0, 0.0, 0.0)
