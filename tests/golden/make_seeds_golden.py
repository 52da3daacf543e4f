"""Regenerate tests/golden/seeds_paragraphs.jsonl from seeds/*.txt, through `textmill curate`.

The seeds are curated by the flow the CLI runs (bench/evalkit/driver.py: the one driver), into a
temporary tables folder; the rows are read back from the tables. One JSON line per kept
paragraph {file, position, role, text}, then one per removed line {file, line_no, rule, text},
file by file in name order.

Usage: .venv/bin/python tests/golden/make_seeds_golden.py   (writes the file atomically)
The golden file is reviewed by hand against the raw seeds after every regeneration; the test
tests/flows/test_golden_seeds.py rebuilds the rows the same way and diffs them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).with_name("seeds_paragraphs.jsonl")


def build_rows(seed_dir: Path = SEEDS) -> list[dict]:
    """Curate the seeds (a Prefect API must be available) and return the golden rows."""
    from evalkit.driver import curate
    from textmill.tables import read_table

    with tempfile.TemporaryDirectory(prefix="textmill-golden-") as tmp:
        tables = str(Path(tmp) / "tables")
        curate([str(p) for p in sorted(seed_dir.glob("*.txt"))], tables, runner="thread")
        docs = read_table(tables, "documents", columns=["doc_id", "source_uri"]).to_pylist()
        file_of = {d["doc_id"]: Path(d["source_uri"]).name for d in docs}
        paragraphs = read_table(tables, "paragraphs", columns=["doc_id", "position", "role", "text"]).to_pylist()
        removed = read_table(tables, "removed", columns=["doc_id", "line_no", "rule", "text"]).to_pylist()
    rows: list[dict] = []
    for name in sorted(file_of.values()):
        rows += [{"file": name, "position": p["position"], "role": p["role"], "text": p["text"]}
                 for p in sorted(paragraphs, key=lambda p: p["position"]) if file_of[p["doc_id"]] == name]
        rows += [{"file": name, "line_no": r["line_no"], "rule": r["rule"], "text": r["text"]}
                 for r in sorted(removed, key=lambda r: r["line_no"]) if file_of[r["doc_id"]] == name]
    return rows


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from evalkit.driver import prefect_api

    with prefect_api():
        rows = build_rows()
    tmp = GOLDEN.with_suffix(".jsonl.tmp")
    tmp.write_text(dumps(rows), encoding="utf-8")
    os.replace(tmp, GOLDEN)
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
