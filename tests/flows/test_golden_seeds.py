"""The seeds' paragraphs and removed lines, as `textmill curate` writes them, against the
hand-reviewed golden file.

Regenerate with ``.venv/bin/python tests/golden/make_seeds_golden.py`` and review the diff by
hand against the raw seeds before accepting it.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"  # tests/golden


def _maker():
    spec = importlib.util.spec_from_file_location("make_seeds_golden", GOLDEN_DIR / "make_seeds_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seeds_match_golden() -> None:
    maker = _maker()
    expected = (GOLDEN_DIR / "seeds_paragraphs.jsonl").read_text(encoding="utf-8")
    actual = maker.dumps(maker.build_rows())
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "now", n=1))
        raise AssertionError("seeds output changed; review, then regenerate:\n" + diff[:6000])


def test_golden_has_the_seed_defects_removed_or_lifted() -> None:
    rows = [json.loads(line) for line in (GOLDEN_DIR / "seeds_paragraphs.jsonl").read_text(encoding="utf-8").splitlines()]
    article = [r["text"] for r in rows if r.get("role") in ("heading", "body")]
    for defect in ("Leave a Reply", "Print Friendly, PDF & Email", "Kaynak/Source:", "15/07/2016 21:13 by admin",
                   "Pence says he believes Obama born in US", "PHOTO: REUTERS", "□", "\\$", "14.07.2016"):
        assert not any(defect in t for t in article), defect
    rules = {(r["file"][:3], r["rule"]) for r in rows if "rule" in r}
    assert {("000", "source_footer"), ("001", "signoff"), ("002", "related_links"), ("002", "comment_section"),
            ("003", "duplicate_caption"), ("004", "widget"), ("000", "metadata_date")} <= rules
    files = {r["file"] for r in rows}
    assert all(any(r["file"] == f and r.get("role") == "title" for r in rows) for f in files) and len(files) == 5
