"""Document metadata (title, date, authors) on annotated real pages, through `textmill curate`.

    .venv/bin/python bench/metadata.py [--inputs html,text] [--limit N] [--keep DIR]
                                       [--trafilatura] [--worst N] [--shared ../shared]

The 415 development pages of ``../shared/eval/realpages/metadata_dev.jsonl`` (trafilatura's
evaluation pages with their authors' title / date / author annotations) are joined by id to
their page in ``snippets.jsonl.gz`` and written as JSONL records, once as HTML ({id, url, html})
and once as plain text ({id, url, text}: every visible block a line). Each file is curated by
the ``textmill`` command of this venv (``bench/realpages.py``'s ``curate``) into a fresh tables
folder and ``title``, ``published_date``, ``authors`` (and ``metadata_source``) are read back
from the ``documents`` table. Scored by ``evalkit.metadata_metric`` (exact match of the words,
authors as sets; per field over the pages annotated with it, plus the count of values given on
pages without one). Nothing here re-implements a
pipeline stage. ``--trafilatura`` adds trafilatura's own ``extract_metadata`` on the HTML, the
reference the issue quotes. ``--worst N`` prints N wrong values per field and input.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from evalkit.metadata_metric import GOLD_KEY, FIELDS, field_matches, load_people_labels, score_metadata, score_people
from realpages import curate

from textmill.models.devpages import pages_by_id, read_metadata_gold, write_records

REPO = Path(__file__).resolve().parents[1]
INPUTS = {"html": "html", "text": "text"}  # input name -> content field of the snippet page


def load_pages(shared: Path, limit: int | None) -> tuple[list[dict], dict[str, dict]]:
    """(gold rows, id -> page with html and text)."""
    realpages = shared / "eval" / "realpages"
    gold = read_metadata_gold(realpages)
    gold = gold[:limit] if limit else gold
    return gold, pages_by_id(realpages / "snippets.jsonl.gz", {g["id"] for g in gold})


def predicted_metadata(tables: Path) -> dict[str, dict]:
    """source_id -> {title, date, authors, metadata_source} as the documents table holds them."""
    from textmill.tables import read_table

    docs = read_table(str(tables), "documents").to_pylist()
    return {d["source_id"]: {"title": d["title"], "date": d["published_date"], "authors": d["authors"],
                             "metadata_source": d.get("metadata_source")} for d in docs}


def trafilatura_metadata(pages: dict[str, dict]) -> dict[str, dict]:
    from trafilatura.metadata import extract_metadata

    out = {}
    for pid, page in pages.items():
        m = extract_metadata(page["html"], default_url=page.get("url"), extensive=True)
        authors = [a for a in (m.author or "").split("; ") if a] if m else []
        out[pid] = {"title": m.title if m else None, "date": m.date if m else None, "authors": authors}
    return out


def report(name: str, gold: list[dict], preds: dict[str, dict], worst: int) -> dict:
    score = score_metadata((g, preds.get(g["id"])) for g in gold)
    print(f"{name:<22} {score}")
    people = score_people(((g, preds.get(g["id"])) for g in gold), load_people_labels())
    print(f"{'':<22} {people}")
    if worst:
        for f in FIELDS:
            wrong = [g for g in gold if g.get(GOLD_KEY[f]) and not field_matches(g, preds.get(g["id"]) or {})[f]]
            print(f"  -- {f}: {len(wrong)} wrong")
            key = GOLD_KEY[f]
            for g in wrong[:worst]:
                p = preds.get(g["id"]) or {}
                value = p.get({"date": "date", "authors": "authors", "title": "title"}[f])
                # where this field's value came from ('h1', 'line 12', 'url account', ...)
                src = (p.get("metadata_source") or {}).get({"date": "published_date"}.get(f, f))
                print(f"     {g['id'][17:60]:<44} gold={g.get(key)!r:.70} got={value!r:.70} src={src!r}")
    return {"n": score.n, "accuracy": score.accuracy, "spurious": score.spurious,
            "authors_people": {"n": people.n, "accuracy": people.accuracy, "no_person": people.no_person,
                               "no_person_right": people.no_person_right}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", default="html,text", help="comma-separated: " + ",".join(INPUTS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N annotated pages")
    parser.add_argument("--config", type=Path, default=None, help="textmill config (TOML) for the runs")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder")
    parser.add_argument("--keep", type=Path, default=None, help="keep inputs and tables here")
    parser.add_argument("--trafilatura", action="store_true", help="also score trafilatura's extract_metadata")
    parser.add_argument("--worst", type=int, default=0, help="print N wrong values per field")
    parser.add_argument("--json", type=Path, default=None, help="write the scores to this file")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "realpages" / "metadata_dev.jsonl").is_file():
        sys.exit(f"no metadata_dev.jsonl under {args.shared / 'eval' / 'realpages'} (use --shared)")
    gold, pages = load_pages(args.shared, args.limit)
    ordered = [pages[g["id"]] for g in gold if g["id"] in pages]
    results = {}
    if args.trafilatura:
        results["trafilatura"] = report("trafilatura (HTML)", gold, trafilatura_metadata(pages), args.worst)
    with tempfile.TemporaryDirectory(prefix="textmill-metadata-") as tmp:
        work = args.keep or Path(tmp)
        for name in args.inputs.split(","):
            folder = work / name
            folder.mkdir(parents=True, exist_ok=True)
            inputs = folder / f"metadata_{name}.jsonl"
            write_records(ordered, INPUTS[name], inputs)
            curate(inputs, folder / "tables", args.config)
            results[name] = report(f"textmill ({name})", gold, predicted_metadata(folder / "tables"), args.worst)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
