"""What the line classifier costs: CPU-seconds per MB of plain text, segmentation with and without it.

    .venv/bin/python bench/line_classifier.py [--pages N] [--batch DOCS] [--repeat K] [--shared ../shared]

Two inputs: the bench corpus (news-like pages of ``bench/corpus.py``, generated into a temporary
folder) and, when ``../shared`` is there, the first N plain-text development pages
(``eval/realpages/dev_raw.jsonl.gz``). Each is segmented by ``textmill.segment.segment_documents``
(what a shard runs: the rule passes per document, the classifier over a batch of documents) with
``[segment] line_model`` off and on, K times each in turn; the best time of each is kept
(``time.process_time``: this process's CPU, so other load on the machine counts less than in wall
time). The difference is the classifier's cost. Prints units per MB too: the cost is per unit, and
web pages with many short lines have more units per MB than articles.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textmill.models.devpages import read_pages
from textmill.segment import SegmentConfig, SourceHint, learned, segment_documents, unit_table

REPO = Path(__file__).resolve().parents[1]


def bench_corpus(n_docs: int) -> list[tuple[str, str | None]]:
    with tempfile.TemporaryDirectory(prefix="textmill-bench-") as tmp:
        subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), tmp, "--docs", str(n_docs),
                        "--format", "jsonl"], check=True, capture_output=True)
        docs = []
        for path in sorted(Path(tmp).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if record.get("text"):
                    docs.append((record["text"], record.get("url")))
    return docs


def measure(name: str, docs: list[tuple[str, str | None]], batch: int, repeat: int) -> None:
    mb = sum(len(t.encode("utf-8")) for t, _ in docs) / 1e6
    best = {False: float("inf"), True: float("inf")}
    for _ in range(repeat):
        for line_model in (False, True):
            cfg = SegmentConfig(line_model=line_model)
            start = time.process_time()
            for i in range(0, len(docs), batch):
                segment_documents([(t, SourceHint(url=u)) for t, u in docs[i:i + batch]], cfg)
            best[line_model] = min(best[line_model], time.process_time() - start)
    sample = docs[:100]
    units = sum(len(unit_table(t, SourceHint(url=u))[0]) for t, u in sample)
    units_per_mb = units / (sum(len(t.encode("utf-8")) for t, _ in sample) / 1e6)
    print(f"{name}: {len(docs)} documents, {mb:.2f} MB, ~{units_per_mb:,.0f} units per MB")
    print(f"  rules alone       {best[False] / mb:6.3f} CPU-s per MB")
    print(f"  rules + model     {best[True] / mb:6.3f} CPU-s per MB")
    print(f"  the model adds    {(best[True] - best[False]) / mb:6.3f} CPU-s per MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300, help="development pages and bench-corpus pages to use")
    ap.add_argument("--batch", type=int, default=150, help="documents per classifier batch")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args(argv)
    learned.load_model()  # loaded once per worker in a run; not part of the per-MB cost
    measure("bench corpus (news-like)", bench_corpus(args.pages), args.batch, args.repeat)
    dev = args.shared / "eval" / "realpages" / "dev_raw.jsonl.gz"
    if dev.exists():
        pages = [(p["text"], p.get("url")) for p in read_pages(dev, args.pages) if p.get("text")]
        measure("real pages, plain text (dev_raw)", pages, args.batch, args.repeat)
    else:
        print(f"({dev} not found: real pages skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
