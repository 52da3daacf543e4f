"""Fit the plain-text title scorer (``title_scorer.json``) on annotated real pages; deterministic.

    .venv/bin/python -m textmill.models.train_title_scorer [--shared ../shared] [--cv-only]

Data: the 415 metadata development pages of ``../shared/eval/realpages/metadata_dev.jsonl``
(trafilatura's evaluation pages with their authors' title annotations) as plain text, every
visible block a line (their ``text`` in ``snippets.jsonl.gz``, with the page URL), as
``bench/metadata.py`` feeds them to ``textmill curate``. Each page goes through the pipeline's own
code up to the choice of the title (ingest -> repair -> site-template pass over the whole set ->
rule passes: :func:`textmill.segment.title_zone`); its candidates
(:func:`textmill.segment.titlescore.candidates`) get their feature rows, and a candidate is right
when its words, without the site's name (what the documents table would hold), are the gold
title's words (the issue's metric: lower case, ``\\w+`` runs).

Model: a conditional logit (a softmax over the candidates of a page, linear in the features),
fitted by L-BFGS on the log of the probability of the right candidates, with an L2 penalty
``L2`` fixed before looking at the scores. Pages with no right candidate (the gold title is not a
line of the text) do not train; they count as misses in every score.

Validation: 5 folds by site (URL host; no site in two folds, the fold function of
``train_line_classifier``); per fold the weights are fitted on the other four and the held-out
pages' choices scored, beside the rules' choice (:func:`textmill.segment.passes._pick_title`,
the ``rule_pick`` feature) on the same pages. The shipped weights are fitted on all pages.
Deterministic: the same pages give the same weights (rounded to 6 decimals).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from textmill.models.devpages import pages_by_id, read_metadata_gold, write_records

MODEL_PATH = Path(__file__).with_name("title_scorer.json")
L2 = 1.0  # penalty on the squared weights (fixed a priori: about one page's worth of loss)
FOLDS = 5


def zones(shared: Path) -> list[tuple[dict, object]]:
    """(gold row with 'url', title zone) of every annotated page that becomes units, through the
    pipeline's own ingest, preparation, template pass and rule passes."""
    from textmill.config import PipelineConfig
    from textmill.ingest import discover, stable_id
    from textmill.pipeline import template_keys_of_files
    from textmill.segment import title_zone
    from textmill.template_state import template_stats

    realpages = shared / "eval" / "realpages"
    gold = read_metadata_gold(realpages)
    pages = pages_by_id(realpages / "snippets.jsonl.gz", {g["id"] for g in gold})
    ordered = [pages[g["id"]] for g in gold if g["id"] in pages]
    gold_of = {g["id"]: g for g in gold}
    config = PipelineConfig()
    out = []
    with tempfile.TemporaryDirectory(prefix="textmill-titles-") as tmp:
        path = Path(tmp) / "pages.jsonl"
        write_records(ordered, "text", path)
        files = discover([str(path)]).files
        first = template_keys_of_files(files, config)
        templates = template_stats(str(Path(tmp) / "no-tables"), [first])
        key_of = {stable_id(f"{files[0].key}#{p['id']}"): p for p in ordered}
        for doc_id, prepared in first.prepared.items():
            page = key_of[doc_id]
            zone = title_zone(prepared.text, prepared.hint, config.segment, templates)
            out.append(({**gold_of[page["id"]], "url": page.get("url")}, zone))
    return out


def dataset(shared: Path) -> list[dict]:
    """Per page with a gold title: host, candidate rows, which candidates are right."""
    from textmill import metadata as md
    from textmill.metadata.titles import words_of
    from textmill.segment.titlescore import candidates, feature_rows

    rows = []
    for gold, z in zones(shared):
        if not gold.get("title"):
            continue
        cands = candidates(z.units, z.cfg)
        X = feature_rows(z.units, z.prose, z.hint, z.cfg, z.stoplist, cands) if cands else np.zeros((0, 0))
        keys = md.site_keys((), z.hint.source_group)
        want = words_of(gold["title"])
        right = np.array([words_of(md.strip_site_name(z.units[i].text, keys)) == want for i in cands], dtype=bool)
        rows.append({"id": gold["id"], "host": _host(gold.get("url")), "X": X, "right": right})
    return rows


def _host(url: str | None) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def fit(pages: list[dict], n_features: int, l2: float = L2) -> np.ndarray:
    """Weights maximising sum over pages of log P(right candidates) - l2 * |w|^2."""
    from scipy.optimize import minimize

    train = [(p["X"], p["right"]) for p in pages if p["right"].any()]

    def loss(w):
        total, grad = l2 * float(w @ w), 2 * l2 * w
        for X, right in train:
            s = X @ w
            s = s - s.max()
            e = np.exp(s)
            p = e / e.sum()
            pr = p[right].sum()
            total -= np.log(pr)
            grad = grad - (X[right].T @ (p[right] / pr) - X.T @ p)
        return total, grad

    res = minimize(loss, np.zeros(n_features), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return np.round(res.x, 6)


def choices_right(pages: list[dict], w: np.ndarray | None) -> list[bool]:
    """Per page, whether the chosen candidate is right (``w`` None: the rules' choice)."""
    from textmill.segment.titlescore import FEATURES

    rule = FEATURES.index("rule_pick")
    out = []
    for p in pages:
        if not len(p["right"]):
            out.append(False)
        elif w is None:
            picked = np.flatnonzero(p["X"][:, rule] > 0)
            out.append(bool(len(picked)) and bool(p["right"][picked[0]]))
        else:
            out.append(bool(p["right"][int(np.argmax(p["X"] @ w))]))
    return out


def cross_validate(pages: list[dict], n_features: int, l2: float = L2) -> dict:
    from textmill.models.train_line_classifier import fold_of

    folds = [fold_of(p["host"]) for p in pages]
    per_fold, model_right, rules_right = [], 0, 0
    for k in range(FOLDS):
        test = [p for p, f in zip(pages, folds) if f == k]
        w = fit([p for p, f in zip(pages, folds) if f != k], n_features, l2)
        m, r = sum(choices_right(test, w)), sum(choices_right(test, None))
        per_fold.append({"fold": k, "pages": len(test), "scorer": round(m / len(test), 4), "rules": round(r / len(test), 4)})
        model_right, rules_right = model_right + m, rules_right + r
    return {"pages": len(pages), "scorer": round(model_right / len(pages), 4),
            "rules": round(rules_right / len(pages), 4), "folds": per_fold}


def main(argv: list[str] | None = None) -> int:
    from textmill.segment.titlescore import FEATURES

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[4] / "shared")
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated scores only")
    args = parser.parse_args(argv)
    pages = dataset(args.shared)
    cv = cross_validate(pages, len(FEATURES))
    print(json.dumps(cv, indent=1), file=sys.stderr)
    if args.cv_only:
        return 0
    w = fit(pages, len(FEATURES))
    model = {"features": list(FEATURES), "weights": [float(x) for x in w],
             "recipe": {"data": "metadata_dev.jsonl pages as plain text (snippets.jsonl.gz)", "l2": L2,
                        "fit": "conditional logit, L-BFGS-B", "cv_by_site": cv,
                        "all_pages_right": round(sum(choices_right(pages, w)) / len(pages), 4)}}
    MODEL_PATH.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
