"""Quality gate for repair on real defects in real pages (tests/cases/repair_realworld/).

The cases are lines of real pages (trafilatura's evaluation set, a few CleanEval/Dragnet
sentences) with the mojibake, U+FFFD and lost punctuation they really have, labelled by hand
(see make_cases.py). It is a dev set: the repair rules of issue 10 were written while mining it.
Limits live in minimums.json beside the cases; lowering one is a reviewed change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gatekit import load_script

SET = Path(__file__).resolve().parents[2] / "tests" / "cases" / "repair_realworld"
LIMITS = json.loads((SET / "minimums.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def score():
    return load_script(SET / "score.py", "repair_realworld_score")


@pytest.fixture(scope="module")
def measured(score):
    assert LIMITS["fixer"] == score.GATED
    return score.measure(score.load_cases(), score.fixers(include_ftfy=False)[score.GATED])


def test_exact_rate_at_least_minimum(measured):
    assert measured["exact_rate"] >= LIMITS["exact_rate_min"], (
        f"exact {measured['exact_rate']:.4f} of {measured['broken_cases']} < {LIMITS['exact_rate_min']}; "
        "see `python tests/cases/repair_realworld/score.py --failures`")


def test_clean_lines_unchanged(measured):
    assert measured["negatives"] >= 100
    assert measured["negatives_changed"] <= LIMITS["negatives_changed_max"], (
        f"{measured['negatives_changed']} clean real lines changed; see score.py --failures")
