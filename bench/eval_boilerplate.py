"""Score boilerplate removal and paragraph roles on the labelled evaluation sets.

    .venv/bin/python bench/eval_boilerplate.py [--worst N] [--config FILE] [--gold FILE --inputs DIR]

Default sets (tests/cases/boilerplate_eval/): ``seeds`` (the five seed articles annotated by
hand), ``synthetic txt`` and ``synthetic html`` (pages from bench/corpus.py with known
boilerplate; JSONL records count under the format of their content). For each set: shingle
precision / recall (per document, averaged) and F1 of the two averages, then per-role accuracy
(share of gold paragraphs of a role that got that role; ``removed`` = not kept at all).
Each set is curated by the flow `textmill curate` runs, into a temporary tables folder, and
scored from the paragraphs table (bench/evalkit: the metric and the driver, shared with the
quality gates in tests/quality).
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
from evalkit.driver import DocResult, evaluate_records, load_gold, prefect_api, summarize  # noqa: E402
from evalkit.metric import SetScore  # noqa: E402

EVAL_DIR = REPO / "tests" / "cases" / "boilerplate_eval"


def default_sets(config: str | None = None) -> list[tuple[SetScore, list[DocResult]]]:
    """(score, per-document results) for seeds, synthetic txt and synthetic html."""
    out = []
    seeds = load_gold(EVAL_DIR / "seeds_gold.jsonl")
    results = evaluate_records(seeds, REPO, config_path=config)
    out.append((summarize("seeds", results), results))
    synthetic = load_gold(EVAL_DIR / "synthetic_gold.jsonl")
    # one run over all synthetic inputs (template statistics see every page of a site), split after
    results = evaluate_records(synthetic, EVAL_DIR / "synthetic", config_path=config)
    for fmt in ("txt", "html"):
        part = [r for r, g in zip(results, synthetic) if g["format"] == fmt]
        out.append((summarize(f"synthetic {fmt}", part), part))
    return out


def format_table(sets: list[tuple[SetScore, list[DocResult]]]) -> str:
    lines = [f"{'set':<16}{'docs':>5}{'P':>8}{'R':>8}{'F1':>8}{'roles':>8}  per-role accuracy (n)"]
    for score, _ in sets:
        roles = "  ".join(f"{r.role}={r.accuracy:.2f}({r.n})" for r in score.roles)
        lines.append(f"{score.name:<16}{len(score.docs):>5}{score.precision:>8.3f}{score.recall:>8.3f}"
                     f"{score.f1:>8.3f}{score.role_accuracy:>8.3f}  {roles}")
    lines.append("")
    lines.append("role confusions (gold -> predicted: count)")
    for score, _ in sets:
        conf = [f"{r.role}->{p}:{c}" for r in score.roles for p, c in r.confusions]
        lines.append(f"  {score.name:<16}{', '.join(conf) or '-'}")
    return "\n".join(lines)


def format_worst(sets: list[tuple[SetScore, list[DocResult]]], n: int) -> str:
    """The n lowest-F1 documents per set, with the paragraphs leaked (kept but not gold) and missed."""
    out = []
    for score, results in sets:
        for r in sorted(results, key=lambda r: (r.score.f1, r.score.label))[:n]:
            out.append(f"--- {score.name} {r.score.label} P={r.score.precision:.3f} R={r.score.recall:.3f}"
                       + (f" error={r.error}" if r.error else ""))
            gold = set(r.gold_text.split("\n\n"))
            pred = set(r.predicted_text.split("\n\n"))
            out += [f"  + leaked: {p[:110]}" for p in sorted(pred - gold)]
            out += [f"  - missed: {g[:110]}" for g in sorted(gold - pred)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="show the N worst documents per set")
    parser.add_argument("--config", default=None, help="textmill config (TOML) for the runs")
    parser.add_argument("--gold", type=Path, help="score another gold file (from bench/corpus.py --gold)")
    parser.add_argument("--inputs", type=Path, help="folder the gold file's inputs are relative to")
    args = parser.parse_args(argv)
    with prefect_api():
        sets = _score(args)
    print(format_table(sets))
    if args.worst:
        print()
        print(format_worst(sets, args.worst))
    return 0


def _score(args) -> list[tuple[SetScore, list[DocResult]]]:
    if args.gold:
        records = load_gold(args.gold)
        results = evaluate_records(records, args.inputs or args.gold.parent, config_path=args.config)
        sets = [(summarize(f"{args.gold.stem} {fmt}", part), part) for fmt in ("txt", "html")
                if (part := [r for r, g in zip(results, records) if g["format"] == fmt])]
        return sets
    return default_sets(args.config)


if __name__ == "__main__":
    raise SystemExit(main())
