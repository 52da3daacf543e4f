"""Build the committed metadata gold for the real-page gate from ../shared/eval/realpages/.

    .venv/bin/python tests/cases/realpages_metadata/make_subset.py [--shared ../shared] [--check]

The pages are those of tests/cases/realpages_snippets/ (100 of trafilatura's evaluation pages,
chosen by a hash of their id) that trafilatura's authors annotated with metadata in
``metadata_dev.jsonl`` (title, author, date; Apache-2.0, see LICENSE-trafilatura and README.md).
Writes ``gold.jsonl`` (one annotation per page, in id order) and ``text_pages.jsonl.gz`` (the
same pages as plain text, every visible block a line: the records ``textmill curate`` reads
for the plain-text path). Deterministic (gzip mtime 0): the gate checks the committed files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from textmill.models.devpages import gzip_bytes, pages_by_id, read_metadata_gold

HERE = Path(__file__).resolve().parent
SNIPPETS_SUBSET = HERE.parent / "realpages_snippets" / "gold.jsonl"  # the ids of the snippet subset


def build(shared: Path) -> tuple[str, bytes]:
    realpages = shared / "eval" / "realpages"
    subset = {json.loads(line)["id"] for line in SNIPPETS_SUBSET.read_text(encoding="utf-8").split("\n") if line.strip()}
    gold = sorted((g for g in read_metadata_gold(realpages) if g["id"] in subset), key=lambda g: g["id"])
    pages = pages_by_id(realpages / "snippets.jsonl.gz", {g["id"] for g in gold})
    texts = {i: {"id": p["id"], "url": p["url"], "text": p["text"]} for i, p in pages.items()}
    gold_text = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold)
    records = "".join(json.dumps(texts[g["id"]], ensure_ascii=False) + "\n" for g in gold)
    return gold_text, gzip_bytes(records.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[3] / "shared")
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    gold, texts = build(args.shared)
    if args.check:
        same = (HERE / "gold.jsonl").read_text(encoding="utf-8") == gold and (HERE / "text_pages.jsonl.gz").read_bytes() == texts
        print("committed metadata gold is up to date" if same else "committed metadata gold differs from a fresh build")
        return 0 if same else 1
    (HERE / "gold.jsonl").write_text(gold, encoding="utf-8")
    (HERE / "text_pages.jsonl.gz").write_bytes(texts)
    print(f"wrote {gold.count(chr(10))} annotated pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
