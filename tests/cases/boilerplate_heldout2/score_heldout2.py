"""Scores of the second held-out set, broken down by format, language, genre and HTML style.

    .venv/bin/python tests/cases/boilerplate_heldout2/score_heldout2.py [--worst N]

Same driver and metric as bench/eval_boilerplate.py (bench/evalkit: one `textmill curate` run over
the whole set so that site-template statistics see every page of a site, then split). Prints shingle
precision / recall / F1 per group, per-role accuracy per format and, with --worst, the paragraphs
leaked and missed in the N lowest-F1 documents of each format; with --baselines, the same metric
for trafilatura alone on the HTML pages and jusText on both formats (txt lines wrapped as <p>),
for context. Read-only: writes nothing. Other sets reuse it with their folder: ``main(argv, root)``
(tests/cases/boilerplate_heldout3/score_heldout3.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "bench"))  # evalkit: the metric and the one evaluation driver

from evalkit.driver import evaluate_records, load_gold, prefect_api, summarize  # noqa: E402


_JUSTEXT_STOPLISTS = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
                      "pt": "Portuguese", "nl": "Dutch"}


def print_baselines(records: list[dict], root: Path = HERE) -> None:
    """Shingle scores of off-the-shelf extractors on the same pages and gold (no repair, no roles)."""
    import html

    import justext
    import trafilatura

    from evalkit.metric import score_document, score_set

    scores: dict[str, list] = {"trafilatura html": [], "justext html": [], "justext txt": []}
    for r in records:
        raw = (root / r["input"]).read_text(encoding="utf-8")
        if r["format"] == "html":
            out = trafilatura.extract(raw, include_comments=False, include_tables=True) or ""
            scores["trafilatura html"].append(score_document(out, r["article_text"], r["label"]))
        else:  # plain text: every non-empty line is a paragraph for jusText
            raw = "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in raw.split("\n") if x.strip()) + "</body></html>"
        pars = justext.justext(raw.encode("utf-8"), justext.get_stoplist(_JUSTEXT_STOPLISTS[r["lang"]]))
        kept = "\n\n".join(p.text for p in pars if not p.is_boilerplate)
        scores[f"justext {r['format']}"].append(score_document(kept, r["article_text"], r["label"]))
    for name, docs in scores.items():
        s = score_set(name, docs)
        print(f"baseline {name:<19}{len(docs):>5}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")


def main(argv: list[str] | None = None, root: Path = HERE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="show the N worst documents per format")
    parser.add_argument("--baselines", action="store_true", help="also score trafilatura and jusText alone")
    args = parser.parse_args(argv)
    records = load_gold(root / "gold.jsonl")
    if args.baselines:
        print_baselines(records, root)
    with prefect_api():
        results = evaluate_records(records, root)
    pairs = list(zip(results, records))
    print(f"{'group':<28}{'docs':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for fmt in ("txt", "html"):
        part = [(r, g) for r, g in pairs if g["format"] == fmt]
        groups = [(fmt, part)]
        for key in ("lang", "genre", "html_style"):
            for value in sorted({g[key] for _, g in part if g.get(key)}):
                groups.append((f"{fmt} {key}={value}", [(r, g) for r, g in part if g.get(key) == value]))
        for name, group in groups:
            s = summarize(name, [r for r, _ in group])
            print(f"{name:<28}{len(group):>5}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
        s = summarize(fmt, [r for r, _ in part])
        print(f"  roles {fmt}: overall {s.role_accuracy:.3f}  " + "  ".join(
            f"{r.role}={r.accuracy:.2f}({r.correct}/{r.n})" for r in s.roles))
        print("  confusions: " + ", ".join(f"{r.role}->{p}:{c}" for r in s.roles for p, c in r.confusions))
    if args.worst:
        for fmt in ("txt", "html"):
            part = sorted((r for r, g in pairs if g["format"] == fmt), key=lambda r: (r.score.f1, r.score.label))
            for r in part[: args.worst]:
                print(f"--- {r.score.label} P={r.score.precision:.3f} R={r.score.recall:.3f}")
                gold, pred = set(r.gold_text.split("\n\n")), set(r.predicted_text.split("\n\n"))
                print("\n".join(f"  + leaked: {p[:120]}" for p in sorted(pred - gold)))
                print("\n".join(f"  - missed: {g[:120]}" for g in sorted(gold - pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
