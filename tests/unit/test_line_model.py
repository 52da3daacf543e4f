"""The learned line classifier: its features on short inline texts, the tree evaluator against
LightGBM itself, deterministic training, and what the model may and may not overrule."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from textmill.segment import unit_table
from textmill.segment.learned import (
    CONTEXT_FEATURES,
    FEATURES,
    LEXICON_FEATURES,
    STAGE2_FEATURES,
    UnitView,
    bounds_of,
    context_features,
    lexicon_features,
    load_model,
    stage2_features,
    unit_features,
)
from textmill.stopwords import document_stoplist

REPO = Path(__file__).resolve().parents[2]
COL = {name: i for i, name in enumerate(FEATURES)}

PAGE = "\n".join([
    "Home | News | Sport | Contact",
    "Council approves the new harbour budget",
    "The council voted on Tuesday to approve the budget for next year, officials said after a long meeting.",
    "Members said the plan would repair the old pier before the summer season begins in June.",
    "June 2007 (2)",
    "Posted at 10:42 pm",
])


def test_unit_features_on_a_short_page():
    views, X = unit_table(PAGE)
    assert X.shape == (len(views), len(FEATURES)) and np.isfinite(X).all()
    row = {v.text: X[i] for i, v in enumerate(views)}
    archive, body = row["June 2007 (2)"], row[views[2].text]
    assert archive[COL["has_counter"]] == 1 and archive[COL["has_date"]] == 1
    assert body[COL["ends_sentence"]] == 1 and body[COL["stop_density"]] > 0.3
    assert row["Posted at 10:42 pm"][COL["has_time"]] == 1
    assert row["Home | News | Sport | Contact"][COL["n_separators"]] == 3
    # neighbours: the first unit has no unit before it (log_chars -1 marks the page edge)
    assert X[0, COL["log_chars@-1"]] == -1 and X[1, COL["log_chars@-1"]] == X[0, COL["log_chars"]]
    assert X[0, COL["rel_position"]] == 0 and X[-1, COL["rel_position"]] == 1


def test_repeats_and_metadata_kinds_are_features():
    stop, _ = document_stoplist("the council voted", "en")
    views = [UnitView("Share this", 1, "drop", "widget", "", "skip"), UnitView("Share this", 1, "drop", "widget", "", "skip"),
             UnitView("By Jane Doe", 1, "byline", "", "", "skip")]
    X = unit_features(views, stop, __import__("textmill.boilerplate", fromlist=["BoilerplateConfig"]).BoilerplateConfig())
    assert list(X[:, COL["n_repeats"]]) == [1, 1, 0]
    assert list(X[:, COL["is_meta"]]) == [0, 0, 1] and list(X[:, COL["rules_drop"]]) == [1, 1, 0]


def test_lexicon_and_stage2_features():
    L = lexicon_features(["Privacy Policy", "The council voted", ""], {"privacy": -3.0, "policy": -1.0, "council": 2.0},
                         {"privacy policy": -4.0})
    assert L.shape == (3, len(LEXICON_FEATURES))
    assert list(L[0]) == [-2.0, -3.0, -1.0, 1.0, -4.0, 1.0]
    assert L[1, 0] == 2.0 and L[1, 3] == pytest.approx(1 / 3) and L[1, 5] == 0
    assert not L[2].any()
    S = stage2_features(np.array([0.9, 0.1, 0.8]))
    assert S.shape == (3, len(STAGE2_FEATURES))
    assert S[0, 1 + 2] == -1  # p1@-1 of the first unit: the page edge
    assert S[1, 0] == 0.1 and S[2, STAGE2_FEATURES.index("p1_max_before")] == 0.9


def test_context_features_see_neighbours_runs_and_pages():
    # two pages: [menu, menu, menu, sentence] and [sentence]
    texts = ["Home", "Sport", "Privacy Policy", "The council voted on Tuesday to approve the budget.",
             "Members said the plan would repair the pier."]
    X = unit_features([UnitView(t, 1, "body", "", "", "good") for t in texts],
                      document_stoplist("the council voted", "en")[0],
                      __import__("textmill.boilerplate", fromlist=["BoilerplateConfig"]).BoilerplateConfig())
    L = lexicon_features(texts, {"council": 2.0, "privacy": -3.0}, {"privacy policy": -4.0})
    C = context_features(X, L, bounds_of([4, 1]))
    col = {name: i for i, name in enumerate(CONTEXT_FEATURES)}
    assert C.shape == (5, len(CONTEXT_FEATURES))
    assert C[1, col["line_logodds@+1"]] == -4.0 and C[3, col["line_logodds@+1"]] == 0  # the page ends at 4
    assert C[3, col["lex_mean@-1"]] == L[2, LEXICON_FEATURES.index("lex_mean")]
    assert C[0, col["short_run"]] == pytest.approx(np.log1p(3)) and C[3, col["short_run"]] == pytest.approx(-np.log1p(1))
    assert list(C[:3, col["run_position"]]) == [0, 0.5, 1]
    assert C[0, col["page_short_share"]] == 0.75 and C[4, col["page_short_share"]] == 0
    # a batch of pages gives each page what it gets alone
    alone = np.vstack([context_features(X[:4], L[:4]), context_features(X[4:], L[4:])])
    assert np.array_equal(C, alone)


def test_comment_header_and_input_kind_features():
    # one page: a sentence, two comments each under a "name, date, time" header; then an HTML page
    texts = ["The council voted on Tuesday to approve the budget.", "Jim October 31, 2012 at 1:07 pm",
             "Great article, thanks.", "Anna November 1, 2012 at 9:12 am", "I disagree.",
             "Members said the plan would repair the pier on March 3, 2012 at 10:00 after a long meeting of them all."]
    tags = ["", "", "", "", "", "p"]
    X = unit_features([UnitView(t, 1, "body", "", g, "good") for t, g in zip(texts, tags)],
                      document_stoplist("the council voted", "en")[0],
                      __import__("textmill.boilerplate", fromlist=["BoilerplateConfig"]).BoilerplateConfig())
    L = lexicon_features(texts, {"council": 2.0}, {"i disagree": 1.0})
    C = context_features(X, L, bounds_of([5, 1]))
    col = {name: i for i, name in enumerate(CONTEXT_FEATURES)}
    assert list(C[:, col["comment_header"]]) == [0, 1, 0, 1, 0, 0]  # the last has a date and time, but 20 words
    assert list(C[:, col["comment_header@-1"]]) == [0, 0, 1, 0, 1, 0]
    assert list(C[:, col["comment_header@-2"]]) == [0, 0, 0, 1, 0, 0]
    assert list(C[:, col["comment_headers_before"]]) == [0, 0, 1, 1, 2, 0]
    assert list(C[:, col["comment_headers_after"]]) == [2, 1, 1, 0, 0, 0]
    assert list(C[:, col["comment_headers_page"]]) == [2, 2, 2, 2, 2, 0]
    assert list(C[:, col["page_tagged_share"]]) == [0, 0, 0, 0, 0, 1]


def test_the_model_never_overrules_metadata_or_hard_rules():
    from textmill.segment import apply_line_model
    from textmill.segment.model import SegmentConfig
    from textmill.segment.units import _Unit

    units = [_Unit([(1, "By Jane Doe")], kind="byline"), _Unit([(2, "Menu")], kind="drop", rule="template_line"),
             _Unit([(3, "A sentence the rules dropped.")], kind="drop", rule="low_content"),
             _Unit([(4, "Subscribe now")], kind="body")]
    apply_line_model(units, [False, True, True, False], SegmentConfig())
    assert [(u.kind, u.rule) for u in units] == [("byline", ""), ("drop", "template_line"), ("body", ""), ("drop", "classifier")]


def test_shipped_model_loads_fast_and_is_small():
    import time

    from textmill.segment import learned

    path = REPO / "flows" / "textmill" / "models" / learned.MODEL_FILE
    assert path.stat().st_size < 5_000_000
    learned.load_model.cache_clear()
    start = time.process_time()
    model = load_model()
    assert model is not None and time.process_time() - start < 0.2
    spec = json.loads(path.read_text(encoding="utf-8"))
    assert tuple(spec["features"]) == FEATURES and 0 < spec["threshold"] < 1


def _small_pages():
    """Pages of the seeds with their hand-made gold, as the training script builds them."""
    from textmill.models.train_line_classifier import label_units

    gold = {json.loads(line)["input"]: json.loads(line) for line in
            (REPO / "tests/cases/boilerplate_eval/seeds_gold.jsonl").read_text(encoding="utf-8").splitlines()}
    pages = []
    for rel, record in sorted(gold.items()):
        views, X = unit_table((REPO / rel).read_text(encoding="utf-8"))
        texts = [v.text for v in views]
        pages.append({"host": rel, "texts": texts, "kinds": [v.kind for v in views], "X": X,
                      "decided": np.array([v.kind not in ("title", "byline", "dateline", "caption") for v in views]),
                      "y": label_units(texts, [p["text"] for p in record["paragraphs"] if p["role"] in ("heading", "body")])})
    return pages


def test_training_is_deterministic_and_the_trees_match_lightgbm():
    pytest.importorskip("lightgbm", reason="the train extra: pip install 'textmill[train]'")
    from textmill.models import train_line_classifier as T
    from textmill.segment.learned import Trees

    pages = _small_pages()
    first = json.dumps(T.fit(pages), sort_keys=True)
    assert json.dumps(T.fit(_small_pages()), sort_keys=True) == first
    X, y, w = T.stack(pages)
    rng = np.random.default_rng(0)
    X = np.vstack([X] * 8) + rng.normal(0, 0.05, (8 * len(X), X.shape[1]))  # enough rows for real splits
    booster = T.train(X, np.tile(y, 8), np.tile(w, 8))
    assert np.allclose(Trees(T.export(booster)).predict(X), booster.predict(X), atol=1e-9)


def _walk(spec: dict, X: np.ndarray) -> np.ndarray:
    """The spec's trees walked node by node, row by row: the definition Trees must reproduce."""
    nodes = spec["nodes"]
    margins = []
    for x in X:
        values = []
        for node in spec["roots"]:
            while nodes["left"][node] != node:
                node = nodes["left"][node] if x[nodes["feature"][node]] <= nodes["threshold"][node] else nodes["right"][node]
            values.append(nodes["value"][node])
        margins.append(np.array(values).sum())  # numpy's sum, as Trees sums a row's leaf values
    return 1.0 / (1.0 + np.exp(-np.array(margins)))


@pytest.mark.parametrize("model_file", ["line_classifier.json", "html_block_classifier.json"])
def test_trees_give_the_node_walk_to_the_last_bit(model_file):
    """Trees lays the shipped trees out level by level; on rows at, just off and far from the
    thresholds (and NaN) its probabilities are the plain walk's, bit for bit."""
    from textmill.segment.learned import CHUNK_ROWS, Trees

    spec = json.loads((REPO / "flows" / "textmill" / "models" / model_file).read_text(encoding="utf-8"))["stage1"]
    feature, threshold = np.array(spec["nodes"]["feature"]), np.array(spec["nodes"]["threshold"])
    rng = np.random.default_rng(7)
    n_rows = CHUNK_ROWS + 44  # a chunk and a part
    X = np.zeros((n_rows, int(feature.max()) + 1))
    for f in range(X.shape[1]):
        t = threshold[feature == f]
        X[:, f] = rng.choice(np.concatenate([t, np.nextafter(t, np.inf), np.nextafter(t, -np.inf), [0.0, -1.0, np.nan]]), n_rows)
    assert (Trees(spec).predict(X).view(np.uint64) == _walk(spec, X).view(np.uint64)).all()
