"""Labelled repair cases from tests/cases/repair/*.json; the label is the test id.

Each case: ``input`` must repair to ``expected``; ``fixes`` (optional) is a subset of the counts
``explain_repair`` must report; ``config`` (optional) overrides RepairConfig fields; ``xfail``
(optional) names a known failure, run as strict xfail. Files whose name starts with ``negative``
hold text that must come out unchanged, so their cases must have expected == input.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textmill.repair import RepairConfig, explain_repair, repair_text
from textmill.repair.whitespace import normalize_line_separators

from test_repair_properties import idempotent  # sibling test module (rootdir-relative import)

CASE_DIR = Path(__file__).resolve().parents[1] / "cases" / "repair"


def _load() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CASE_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            cases.append((path.stem, case))
    return cases


CASES = _load()


def _param(file_stem: str, case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
    return pytest.param(file_stem, case, id=f"{file_stem}:{case['label']}", marks=marks)


@pytest.mark.parametrize(("file_stem", "case"), [_param(s, c) for s, c in CASES])
def test_case(file_stem: str, case: dict) -> None:
    config = RepairConfig(**case.get("config", {}))
    result = explain_repair(case["input"], config)
    assert result.text == case["expected"]
    fired = dict(result.fixes)
    for name, count in case.get("fixes", {}).items():
        assert fired.get(name) == count, (name, fired)
    # Every labelled input: idempotent (but for the documented unknown-character exception, see
    # test_repair_properties.idempotent), line count kept, fixes sorted and positive.
    if config == RepairConfig():
        assert idempotent(result.text)
    else:
        assert repair_text(result.text, config) == result.text
    # Line breaks as the separator stage defines them (NELs that are mojibake excepted); no later
    # fix may add or remove one.
    breaks = normalize_line_separators(case["input"])[0].count("\n")
    assert result.text.count("\n") == breaks
    assert list(result.fixes) == sorted(result.fixes) and all(n > 0 for _, n in result.fixes)


def test_case_file_inventory() -> None:
    """The issue's floor: >= 250 cases, >= 80 negative, unique labels, negatives really unchanged."""
    labels = [c["label"] for _, c in CASES]
    assert len(labels) == len(set(labels)), "duplicate labels"
    negatives = [c for stem, c in CASES if stem.startswith("negative")]
    assert all(c["input"] == c["expected"] for c in negatives)
    assert len(CASES) >= 250
    assert len(negatives) >= 80
