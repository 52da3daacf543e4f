"""Build the committed real-page subset (pages.jsonl.gz + gold.jsonl) from trafilatura's
evaluation snippets in ../shared/eval/realpages/snippets.jsonl.gz.

    .venv/bin/python tests/cases/realpages_snippets/make_subset.py [--shared ../shared] [--check]

The pages are real web pages collected and annotated by trafilatura's authors (adbar/trafilatura,
tests/evaldata.json, Apache-2.0: see LICENSE-trafilatura and README.md). The subset is chosen by
a hash of the page id (no look at the pages or at textmill's output): the N pages with the
smallest sha256(id). ``pages.jsonl.gz`` holds the JSONL records textmill curates
({id, url, html}); ``gold.jsonl`` the snippets that must be kept (``with``) and must be gone
(``without``), one line per page, readable and diffable. Deterministic (gzip mtime 0).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from textmill.models.devpages import gzip_bytes, read_pages

HERE = Path(__file__).resolve().parent
N_PAGES = 100


def build(shared: Path) -> tuple[bytes, str]:
    rows = read_pages(shared / "eval" / "realpages" / "snippets.jsonl.gz")
    chosen = sorted(rows, key=lambda r: hashlib.sha256(str(r["id"]).encode()).hexdigest())[:N_PAGES]
    chosen.sort(key=lambda r: str(r["id"]))
    pages = "".join(json.dumps({"id": r["id"], "url": r["url"], "html": r["html"]}, ensure_ascii=False) + "\n" for r in chosen)
    gold = "".join(json.dumps({"id": r["id"], "url": r["url"], "with": r["with"], "without": r["without"]}, ensure_ascii=False) + "\n"
                   for r in chosen)
    return gzip_bytes(pages.encode("utf-8")), gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[3] / "shared")
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    pages, gold = build(args.shared)
    if args.check:
        same = (HERE / "pages.jsonl.gz").read_bytes() == pages and (HERE / "gold.jsonl").read_text(encoding="utf-8") == gold
        print("committed subset is up to date" if same else "committed subset differs from a fresh build")
        return 0 if same else 1
    (HERE / "pages.jsonl.gz").write_bytes(pages)
    (HERE / "gold.jsonl").write_text(gold, encoding="utf-8")
    print(f"wrote {N_PAGES} pages ({len(pages) / 1e6:.1f} MB compressed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
