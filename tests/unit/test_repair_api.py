"""The public contract of textmill.repair on whole seed documents."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from textmill.repair import RepairConfig, RepairResult, explain_repair, repair_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_documents_keep_lines_and_are_stable(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    result = explain_repair(raw)
    assert result.text.count("\n") == raw.count("\n")
    assert repair_text(result.text) == result.text
    assert "\xa0" not in result.text and "\u25a1" not in result.text and "\\$" not in result.text


def test_seed_defects_repaired_and_typography_kept() -> None:
    s000, s002 = repair_text(_seed("000")), repair_text(_seed("002"))
    assert "WASHINGTON (AP) \u2014 Frustrated" in s000
    assert "Saudi Arabia \u2014 whose" in s000
    assert "another $439 million" in s000
    assert "told CNN.\n" in s002 + "\n" and "CNN.?" not in s002
    assert "\nLast-ditch effort?\n" in s002 and "\nGreater cooperation?\n" in s002
    assert "didn\u2019t" in s002 and "\u201cIt could use" in s002  # curly stays curly


def test_explain_reports_sorted_positive_counts() -> None:
    result = explain_repair(_seed("000"))
    assert isinstance(result, RepairResult)
    assert result.fixes == (("backslash_escape", 2), ("lost_dash", 3))
    assert result.as_dict() == {"backslash_escape": 2, "lost_dash": 3} and result.changed
    assert explain_repair("clean.").fixes == ()


def test_config_is_frozen_with_safe_defaults() -> None:
    config = RepairConfig()
    assert config.uncurl_quotes is False and config.fix_character_width is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.lost_dash = False  # type: ignore[misc]
    assert repair_text("\u201cquoted\u201d", RepairConfig(uncurl_quotes=True)) == '"quoted"'


def test_bytes_are_refused_with_a_message() -> None:
    with pytest.raises(TypeError, match="decode bytes"):
        repair_text(b"bytes")  # type: ignore[arg-type]
