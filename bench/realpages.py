"""Article-text quality on real pages, through `textmill curate` exactly as a user runs it.

    .venv/bin/python bench/realpages.py [--sets raw,html,snippets] [--limit N] [--config FILE]
                                        [--keep DIR] [--shared ../shared]

For each set of ``../shared/eval/realpages/`` (see its README):
  raw       dev_raw.jsonl.gz   -> JSONL records {id, url, text}  (plain-text path)
  html      dev_html.jsonl.gz  -> JSONL records {id, url, html}  (HTML path)
  snippets  snippets.jsonl.gz  -> JSONL records {id, url, html}  (trafilatura's snippet set)
  snippets_text  snippets.jsonl.gz -> JSONL records {id, url, text}  (the same pages as plain text)
the pages are written to one JSONL file, curated by the ``textmill`` command of this venv into a
fresh tables folder, and the ``heading`` + ``body`` paragraphs are read back from the
``paragraphs`` table (joined to ``documents.source_id``) in ``position`` order. They are scored
with the shared ``score_pages.py`` (shingle P/R/F1 per source; the snippet metric for snippets).
A page that ended in ``rejects`` scores as an empty prediction. Nothing here re-implements a
pipeline stage: what is measured is what ``textmill curate`` wrote.

A script, not a test: the pages are not in the repository (the CleanEval/Dragnet ones may not be
redistributed), and the run takes minutes. ``--keep DIR`` keeps the inputs, tables and
predictions for inspection (``--worst N`` prints the N lowest-F1 pages with what leaked and what
was missed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textmill.models.devpages import load_scorer, read_pages, write_records

REPO = Path(__file__).resolve().parents[1]
SETS = {
    # name: (file, content field fed to textmill, gold file = the same file)
    "raw": ("dev_raw.jsonl.gz", "text"),
    "html": ("dev_html.jsonl.gz", "html"),
    "snippets": ("snippets.jsonl.gz", "html"),
    # the snippet pages' plain text (every visible block a line, as dev_raw): the plain-text path
    # on multilingual pages; the line classifier trains on them except the CI gate's pages
    "snippets_text": ("snippets.jsonl.gz", "text"),
}
ARTICLE_ROLES = ("heading", "body")


def curate(inputs: Path, tables: Path, config: Path | None) -> tuple[float, float]:
    """Run `textmill curate` as a subprocess; (wall seconds, CPU seconds of its process tree)."""
    cmd = [str(Path(sys.executable).parent / "textmill"), "curate", str(inputs), "--tables", str(tables)]
    if config:
        cmd += ["--config", str(config)]
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tables.parent)
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode != 0:
        sys.exit(f"textmill curate failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    print(proc.stdout.strip().splitlines()[0], file=sys.stderr)
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def predictions(tables: Path) -> dict[str, list[str]]:
    """source_id -> heading/body paragraph texts in position order, read from the tables."""
    import pyarrow.compute as pc

    from textmill.tables import read_table

    docs = read_table(str(tables), "documents", columns=["doc_id", "source_id"])
    source_of = dict(zip(docs["doc_id"].to_pylist(), docs["source_id"].to_pylist()))
    paras = read_table(str(tables), "paragraphs", columns=["doc_id", "position", "role", "text"])
    paras = paras.filter(pc.is_in(paras["role"], value_set=__import__("pyarrow").array(ARTICLE_ROLES)))
    paras = paras.sort_by([("doc_id", "ascending"), ("position", "ascending")])
    out: dict[str, list[str]] = {}
    for doc_id, text in zip(paras["doc_id"].to_pylist(), paras["text"].to_pylist()):
        out.setdefault(source_of[doc_id], []).append(text)
    return out


def worst_pages(scorer, pages: list[dict], preds: dict[str, list[str]], n: int) -> str:
    rows = []
    for page in pages:
        gold = page.get("gold_paragraphs")
        if not gold:
            continue
        pred = "\n".join(preds.get(str(page["id"]), []))
        tp, fp, fn = scorer.shingle_counts(pred, "\n".join(gold))
        p = scorer.doc_precision(tp, fp, fn)
        r = scorer.doc_recall(tp, fp, fn)
        rows.append((scorer._f1(p, r), str(page["id"]), page.get("source", "?"), p, r, pred, gold))
    out = []
    for f1, pid, source, p, r, pred, gold in sorted(rows)[:n]:
        out.append(f"--- {pid} ({source}) F1={f1:.3f} P={p:.3f} R={r:.3f}")
        gold_words = scorer.norm_words(" ".join(gold))
        pred_words = scorer.norm_words(pred)
        out += [f"  + leaked: {line[:120]}" for line in pred.splitlines() if scorer.norm_words(line) not in gold_words][:15]
        out += [f"  - missed: {g[:120]}" for g in gold if scorer.norm_words(g) not in pred_words][:15]
    return "\n".join(out)


def run_set(name: str, args, scorer, work: Path) -> dict:
    file, field = SETS[name]
    gold_path = args.shared / "eval" / "realpages" / file
    pages = read_pages(gold_path, args.limit)
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    inputs = folder / f"{name}.jsonl"
    write_records(pages, field, inputs)
    gold_subset = folder / "gold.jsonl"
    gold_subset.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    wall, cpu = curate(inputs, folder / "tables", args.config)
    preds = predictions(folder / "tables")
    pred_path = folder / "predictions.jsonl"
    with pred_path.open("w", encoding="utf-8") as fh:
        for page in pages:
            fh.write(json.dumps({"id": str(page["id"]), "paragraphs": preds.get(str(page["id"]), [])}, ensure_ascii=False) + "\n")
    result = scorer.score(str(pred_path), str(gold_subset))
    mb = inputs.stat().st_size / 1e6
    print(f"\n== {name}: {len(pages)} pages, {mb:.1f} MB, curate {wall:.1f} s wall, {cpu:.1f} CPU-s")
    for kind in ("paragraph", "snippet"):
        for src, s in result.get(kind, {}).items():
            print(scorer.format_line(kind, "ALL" if src == "all" else "  " + src, s))
    if args.worst:
        print(worst_pages(scorer, pages, preds, args.worst))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="raw,html,snippets", help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--config", type=Path, default=None, help="textmill config (TOML) for the runs")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder")
    parser.add_argument("--keep", type=Path, default=None, help="keep inputs, tables, predictions here")
    parser.add_argument("--worst", type=int, default=0, help="print the N lowest-F1 pages per set")
    parser.add_argument("--json", type=Path, default=None, help="write all scores to this file")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "realpages").is_dir():
        sys.exit(f"no real pages at {args.shared / 'eval' / 'realpages'} (use --shared)")
    scorer = load_scorer(args.shared)
    results = {}
    with tempfile.TemporaryDirectory(prefix="textmill-realpages-") as tmp:
        work = args.keep or Path(tmp)
        for name in args.sets.split(","):
            results[name] = run_set(name, args, scorer, work)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
