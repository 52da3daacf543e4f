"""Train the line classifier (``line_classifier.json``) on real pages; deterministic.

    .venv/bin/python -m textmill.models.train_line_classifier [--shared ../shared] [--cv-only]
        [--cache DIR]    (needs the ``train`` extra: pip install 'textmill[train]')

Data: the development pages of ``../shared/eval/realpages/`` (CleanEval and Dragnet pages with
their annotators' article text: ``dev_raw`` as plain text, ``dev_html`` through the HTML path).
Each page goes through the pipeline's own code up to the classifier, as ``textmill curate``
runs it (ingest -> extract/repair -> site-template pass over the whole set -> rule passes:
:func:`textmill.segment.unit_table`), and each unit is labelled from the gold:

- article text (1): its word sequence occurs in the gold article text, and it has at least
  :data:`MIN_WORDS` words or is a whole gold paragraph;
- boilerplate (0): its word sequence does not occur in the gold;
- otherwise (a short unit whose words happen to occur in the gold: "Home", "Sport") the unit
  is not used: the gold cannot tell.
Metadata units (title, byline, dateline, caption) and hard-rule drops are not decided by the
model and are left out. A unit weighs sqrt(words): the score counts word shingles.

Validation: 5 folds by site (URL host; no site in two folds); per fold the model is trained on
the other four and the held-out pages' kept text is scored with the shared shingle metric
(heading + body as the pipeline would keep them). The final model is trained on all pages with
the same parameters and the threshold that maximised the cross-validated F1.

Deterministic: one thread, fixed seed, LightGBM's deterministic mode; the same data give the
same model bytes (tested on a small sample in tests/unit/test_line_model.py).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import math
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from textmill.segment.learned import FEATURES, HARD_RULES, META_KINDS, MODEL_FILE, LineModel

MIN_WORDS = 4
FOLDS = 5
SEED = 20261201
PARAMS = {
    "objective": "binary", "learning_rate": 0.08, "num_leaves": 31, "max_depth": 7,
    "min_data_in_leaf": 40, "feature_fraction": 0.8, "lambda_l2": 1.0, "seed": SEED,
    "deterministic": True, "num_threads": 1, "force_row_wise": True, "verbose": -1,
}
ROUNDS = 250
SETS = {"raw": ("dev_raw.jsonl.gz", "text"), "html": ("dev_html.jsonl.gz", "html")}
HERE = Path(__file__).resolve().parent


def _norm(text: str, word_re) -> str:
    toks = word_re.findall((text or "").lower())
    return " " + " ".join(toks) + " " if toks else ""


def label_units(texts: list[str], gold_paragraphs: list[str]) -> np.ndarray:
    """1 article text, 0 boilerplate, -1 cannot tell (see the module docstring)."""
    import re

    word_re = re.compile(r"\w+")
    gold = _norm(" ".join(gold_paragraphs), word_re)
    whole = {_norm(p, word_re) for p in gold_paragraphs}
    out = np.full(len(texts), -1, dtype=np.int8)
    for i, t in enumerate(texts):
        n = _norm(t, word_re)
        if not n:
            continue
        if n not in gold:
            out[i] = 0
        elif n.count(" ") - 1 >= MIN_WORDS or n in whole:
            out[i] = 1
    return out


def page_units(pages: list[dict], field: str) -> list[tuple[dict, list, np.ndarray]]:
    """(page, unit views, feature matrix) of every page that becomes units, through the
    pipeline's own ingest, preparation, template pass and rule passes."""
    from textmill.commit import template_stats
    from textmill.config import PipelineConfig
    from textmill.ingest import discover, stable_id
    from textmill.pipeline import template_keys_of_files
    from textmill.segment import unit_table

    config = PipelineConfig()
    with tempfile.TemporaryDirectory(prefix="textmill-train-") as tmp:
        path = Path(tmp) / "pages.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for p in pages:
                rec = {"id": str(p["id"]), field: p.get(field) or ""}
                if p.get("url"):
                    rec["url"] = p["url"]
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        files = discover([str(path)]).files
        first = template_keys_of_files(files, config)
        templates = template_stats(str(Path(tmp) / "no-tables"), [first])
        key_of = {stable_id(f"{files[0].key}#{p['id']}"): p for p in pages}
        out = []
        for doc_id, prepared in first.prepared.items():
            views, X = unit_table(prepared.text, prepared.hint, config.segment, templates)
            out.append((key_of[doc_id], views, X))
    return out


def build_dataset(shared: Path, sets: list[str], cache: Path | None) -> list[dict]:
    """Every page's units: texts, the rules' kinds, whether the model decides them, labels and
    features. ``cache`` (a folder) keeps them per set between runs of this script while
    experimenting; the cache is keyed by the pipeline fingerprint."""
    pages_out = []
    for name in sets:
        if cache is not None:
            from textmill.config import PipelineConfig
            import pickle

            cached = cache / f"{name}-{PipelineConfig().fingerprint()}.pickle"
            if cached.exists():
                pages_out += pickle.loads(cached.read_bytes())
                continue
            start = len(pages_out)
        file, field = SETS[name]
        with gzip.open(shared / "eval" / "realpages" / file, "rt", encoding="utf-8") as fh:
            pages = [json.loads(line) for line in fh if line.strip()]
        print(f"{name}: {len(pages)} pages -> units", file=sys.stderr)
        for page, views, X in page_units(pages, field):
            texts = [v.text for v in views]
            y = label_units(texts, page["gold_paragraphs"])
            decided = np.array([not (v.kind in META_KINDS or (v.kind == "drop" and v.rule in HARD_RULES)) for v in views], dtype=bool)
            host = urlsplit(page.get("url") or "").hostname or str(page["id"])
            pages_out.append({"set": name, "id": str(page["id"]), "source": page.get("source", "?"), "host": host,
                              "texts": texts, "kinds": [v.kind for v in views], "decided": decided, "y": y, "X": X,
                              "gold": page["gold_paragraphs"]})
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(pickle.dumps(pages_out[start:]))
    return pages_out


def fold_of(host: str) -> int:
    return int(hashlib.sha256(host.encode()).hexdigest(), 16) % FOLDS


def stack(pages: list[dict]):
    rows = [(p["X"][m], p["y"][m], np.sqrt(np.maximum([len(t.split()) for t in np.array(p["texts"], dtype=object)[m]], 1)))
            for p in pages if (m := p["decided"] & (p["y"] >= 0)).any()]
    X = np.concatenate([r[0] for r in rows])
    y = np.concatenate([r[1] for r in rows]).astype(np.float64)
    w = np.concatenate([r[2] for r in rows]).astype(np.float64)
    return X, y, w


def train(X, y, w):
    import lightgbm as lgb

    names = [f"f{i}" for i in range(X.shape[1])]  # FEATURES holds the names; LightGBM's must be plain
    data = lgb.Dataset(X, label=y, weight=w, feature_name=names,
                       free_raw_data=False, params={"verbose": -1, "seed": SEED})
    return lgb.train(PARAMS, data, num_boost_round=ROUNDS)


def export(booster, threshold: float) -> dict:
    """The trees as flat arrays for :class:`textmill.segment.learned.LineModel`."""
    dump = booster.dump_model()
    feature, split, left, right, value, roots = [], [], [], [], [], []
    depth = 0

    def add(node: dict, level: int) -> int:
        nonlocal depth
        idx = len(feature)
        feature.append(0), split.append(0.0), left.append(idx), right.append(idx), value.append(0.0)
        if "leaf_value" in node:
            value[idx] = node["leaf_value"]
            depth = max(depth, level)
            return idx
        if node["decision_type"] != "<=":
            raise ValueError(f"unsupported split {node['decision_type']}")
        feature[idx], split[idx] = node["split_feature"], node["threshold"]
        left[idx] = add(node["left_child"], level + 1)
        right[idx] = add(node["right_child"], level + 1)
        return idx

    for tree in dump["tree_info"]:
        roots.append(add(tree["tree_structure"], 0))
    return {"format": "textmill-trees-1", "features": list(FEATURES), "threshold": threshold, "base_score": 0.0,
            "depth": depth, "roots": roots,
            "nodes": {"feature": feature, "threshold": split, "left": left, "right": right, "value": value}}


def kept_text(page: dict, keep: np.ndarray) -> str:
    """The heading + body text the pipeline would keep with these verdicts."""
    out = []
    for text, kind, decided, k in zip(page["texts"], page["kinds"], page["decided"], keep):
        if (k if decided else kind in ("body", "heading")):
            out.append(text)
    return "\n".join(out)


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_pages", shared / "eval" / "score_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_scores(scorer, pages: list[dict], keeps: list[np.ndarray]) -> dict:
    rows = []
    for page, keep in zip(pages, keeps):
        tp, fp, fn = scorer.shingle_counts(kept_text(page, keep), "\n".join(page["gold"]))
        rows.append({"source": page["set"] + "/" + page["source"], "empty": False, "tp": tp, "fp": fp, "fn": fn, "lp": None, "lr": None})
    out = {"all": scorer.summarize_paragraph_docs(rows)}
    for src in sorted({r["source"] for r in rows}):
        out[src] = scorer.summarize_paragraph_docs([r for r in rows if r["source"] == src])
    return out


def cross_validate(pages, scorer, thresholds):
    probs = [None] * len(pages)
    for k in range(FOLDS):
        train_pages = [p for p in pages if fold_of(p["host"]) != k]
        test_idx = [i for i, p in enumerate(pages) if fold_of(p["host"]) == k]
        booster = train(*stack(train_pages))
        model = LineModel(export(booster, 0.5))
        for i in test_idx:
            probs[i] = model.predict(pages[i]["X"])
        print(f"fold {k}: {len(train_pages)} train pages, {len(test_idx)} held out", file=sys.stderr)
    results = {}
    for t in thresholds:
        results[t] = page_scores(scorer, pages, [p >= t for p in probs])
    rules = page_scores(scorer, pages, [np.array([k in ("body", "heading") for k in p["kinds"]]) for p in pages])
    return results, rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared")
    parser.add_argument("--cv-only", action="store_true", help="report cross-validation, do not write the model")
    parser.add_argument("--out", type=Path, default=HERE / MODEL_FILE)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--cache", type=Path, default=None, help="keep the extracted units here between runs")
    args = parser.parse_args(argv)
    pages = build_dataset(args.shared, args.sets.split(","), args.cache)
    scorer = load_scorer(args.shared)
    thresholds = (0.3, 0.4, 0.5, 0.6)
    cv, rules = cross_validate(pages, scorer, thresholds)
    fmt = lambda s: f"P={s['shingle_p']:.3f} R={s['shingle_r']:.3f} F1={s['shingle_f1']:.3f} (n={s['docs']})"  # noqa: E731
    print("rules alone (same units):")
    for src, s in rules.items():
        print(f"  {src:<22} {fmt(s)}")
    for t in thresholds:
        print(f"model, threshold {t}, 5-fold by site:")
        for src, s in cv[t].items():
            print(f"  {src:<22} {fmt(s)}")
    best = max(thresholds, key=lambda t: (cv[t]["all"]["shingle_f1"], -t))
    print(f"best threshold {best}: F1 {cv[best]['all']['shingle_f1']:.4f}")
    if args.cv_only:
        return 0
    X, y, w = stack(pages)
    booster = train(X, y, w)
    spec = export(booster, best)
    model = LineModel(spec)
    diff = np.abs(model.predict(X[:5000]) - booster.predict(X[:5000])).max()
    if diff > 1e-9:
        raise SystemExit(f"exported trees disagree with LightGBM by {diff}")
    spec["training"] = {"pages": len(pages), "units": int(len(y)), "seed": SEED, "params": PARAMS, "rounds": ROUNDS,
                        "cv_f1": {t: round(cv[t]["all"]["shingle_f1"], 4) for t in thresholds}}
    args.out.write_text(json.dumps(spec, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(spec['roots'])} trees, depth {spec['depth']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
