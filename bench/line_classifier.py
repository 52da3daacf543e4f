"""What the line classifier costs: CPU-seconds per MB of plain text, segmentation with and without it.

    .venv/bin/python bench/line_classifier.py [--pages N] [--batch DOCS] [--repeat K] [--shared ../shared]
                                              [--real dev_raw snippets] [--save OUT.npz | --check OUT.npz]

Two inputs: the bench corpus (news-like pages of ``bench/corpus.py``, generated into a temporary
folder) and, when ``../shared`` is there, the first N plain-text development pages
(``eval/realpages/dev_raw.jsonl.gz``; ``--real`` for other sets, e.g. the snippet pages' text).
Each is segmented by ``textmill.segment.segment_documents`` (what a shard runs: the rule passes
per document, the classifier over a batch of documents) with ``[segment] line_model`` off and on, K times each in turn; the best time of each is kept
(``time.process_time``: this process's CPU, so other load on the machine counts less than in wall
time). The difference is the classifier's cost. Prints units per MB too: the cost is per unit, and
web pages with many short lines have more units per MB than articles.

``--save`` writes what the classifier gives on both inputs (each unit's feature row, probability
and verdict, each document's segmentation) instead of timing; ``--check`` recomputes them with the
code on ``PYTHONPATH`` and fails on any difference, to the last bit. A change meant to make the
classifier cheaper, not different, is checked so: ``--save`` with the old code (e.g. ``git
archive`` of the base commit's ``flows/`` on ``PYTHONPATH``), ``--check`` with the new.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textmill.models.devpages import read_pages
import numpy as np

from textmill.segment import SegmentConfig, SourceHint, learned, rule_pass, segment_documents, unit_table
from textmill.segment.linefeatures import bounds_of, page_features

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


def outputs(docs: list[tuple[str, str | None]], batch: int) -> dict[str, np.ndarray]:
    """What the classifier gives on ``docs``, batch by batch as :func:`measure` runs them: the
    feature rows (``X``), probabilities (``p``) and verdicts (``keep``) of every unit, and a digest
    of each document's segmentation (paragraphs, removed lines with their rules, metadata)."""
    model = learned.load_model()
    cfg = SegmentConfig(line_model=True)
    xs, ps, keeps, digests = [], [], [], []
    for i in range(0, len(docs), batch):
        chunk = [(t, SourceHint(url=u)) for t, u in docs[i:i + batch]]
        pages = [r.page for r in (rule_pass(t, h, cfg) for t, h in chunk) if r.page is not None]
        X = page_features(pages)
        texts = [v.text for p in pages for v in p.views]
        bounds = bounds_of([len(p.views) for p in pages])
        xs.append(X)
        ps.append(model.predict(X, texts, bounds))
        keeps.append(model.keep(X, texts, bounds))
        digests += [hashlib.sha256(repr(d).encode("utf-8")).hexdigest() for d in segment_documents(chunk, cfg)]
    return {"X": np.vstack(xs), "p": np.concatenate(ps), "keep": np.concatenate(keeps), "docs": np.array(digests)}


def compare(name: str, got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> bool:
    same = True
    for key, ref in want.items():
        new = got[key]
        equal = new.shape == ref.shape and (new.view(np.uint8) == ref.view(np.uint8)).all() if key != "docs" \
            else new.shape == ref.shape and (new == ref).all()
        if not equal:
            differ = int((new != ref).sum()) if new.shape == ref.shape else "shape"
            print(f"  {name} {key}: DIFFERENT ({differ} of {ref.size})")
        same = same and bool(equal)
    print(f"{name}: {len(want['docs'])} documents, {len(want['p'])} units: {'identical' if same else 'DIFFERENT'}")
    return same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300, help="development pages and bench-corpus pages to use")
    ap.add_argument("--batch", type=int, default=150, help="documents per classifier batch")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--real", nargs="+", default=["dev_raw"],
                    help="sets of real pages in the shared realpages folder whose 'text' to use (snippets too)")
    what = ap.add_mutually_exclusive_group()
    what.add_argument("--save", type=Path, help="write the classifier's outputs here (no timing)")
    what.add_argument("--check", type=Path, help="compare the classifier's outputs with a --save file")
    args = ap.parse_args(argv)
    learned.load_model()  # loaded once per worker in a run; not part of the per-MB cost
    inputs = {"bench": ("bench corpus (news-like)", bench_corpus(args.pages))}
    for name in args.real:
        path = args.shared / "eval" / "realpages" / f"{name}.jsonl.gz"
        if path.exists():
            pages = [(p["text"], p.get("url")) for p in read_pages(path, args.pages) if p.get("text")]
            inputs[name] = (f"real pages, plain text ({name})", pages)
        else:
            print(f"({path} not found: real pages skipped)")
    if args.save:
        np.savez_compressed(args.save, **{f"{key}.{k}": v for key, (_, docs) in inputs.items()
                                          for k, v in outputs(docs, args.batch).items()})
        return 0
    if args.check:
        with np.load(args.check) as saved:
            want = {key: {k.split(".", 1)[1]: saved[k] for k in saved.files if k.startswith(key + ".")}
                    for key in inputs}
        same = [compare(name, outputs(docs, args.batch), want[key]) for key, (name, docs) in inputs.items()]
        return 0 if all(same) else 1
    for name, docs in inputs.values():
        measure(name, docs, args.batch, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
