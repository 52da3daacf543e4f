"""Regenerate tests/golden/seeds_paragraphs.jsonl from seeds/*.txt.

Pipeline: read bytes -> decode UTF-8 -> textmill.repair.repair_text -> segment_document.
One JSON line per kept paragraph {file, position, role, text}, then one per removed line
{file, line_no, rule, text}, file by file in name order.

Usage: .venv/bin/python tests/golden/make_seeds_golden.py   (writes the file atomically)
The golden file is reviewed by hand against the raw seeds after every regeneration; the test
tests/unit/test_golden_seeds.py rebuilds the rows in memory and diffs them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).with_name("seeds_paragraphs.jsonl")


def build_rows(seed_dir: Path = SEEDS) -> list[dict]:
    from textmill.repair import repair_text
    from textmill.segment import segment_document

    rows: list[dict] = []
    for path in sorted(seed_dir.glob("*.txt")):
        doc = segment_document(repair_text(path.read_bytes().decode("utf-8")))
        rows += [{"file": path.name, "position": p.position, "role": p.role, "text": p.text} for p in doc.paragraphs]
        rows += [{"file": path.name, "line_no": r.line_no, "rule": r.rule, "text": r.text} for r in doc.removed]
    return rows


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main() -> None:
    sys.path.insert(0, str(ROOT / "flows"))
    tmp = GOLDEN.with_suffix(".jsonl.tmp")
    tmp.write_text(dumps(build_rows()), encoding="utf-8")
    os.replace(tmp, GOLDEN)
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
