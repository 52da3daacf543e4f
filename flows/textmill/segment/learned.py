"""The learned line classifier: is a unit article text, given itself and its context?

The rule passes and the jusText-style classifier of :mod:`textmill.segment` decide first; this
model then sees each unit with those decisions *as features* (which rule fired, the context-free
and smoothed jusText classes, what the rules kept around it) plus the unit's own shape (length,
stopword density, punctuation, capitals, digits, dates and counters, repetition in the page,
position, HTML structure tag) and the same for its neighbours. It answers keep or drop; it
never edits text, and a unit it drops is recorded with rule ``classifier`` (a unit the rules
dropped and it keeps becomes body or heading again). Rules a per-page model cannot learn stay
verdicts (every rule but the context rules of :data:`SOFT_RULES`: phrases, site templates,
repeated captions and paragraphs, sign-offs) and metadata roles (title, byline, dateline,
caption) are never touched.

The model is data (``textmill/models/line_classifier.json``): gradient-boosted trees trained
by ``textmill/models/train_line_classifier.py`` (its README has the data, seed and
cross-validated scores), evaluated here with numpy over all units of a batch of documents at
once (the features: :mod:`textmill.segment.linefeatures`), so the runtime needs no learning
library. Its bytes are part of the pipeline fingerprint (textmill.config.code_fingerprint).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from textmill.segment.linefeatures import (  # noqa: F401 - the model's features, re-exported
    COLUMN,
    FEATURES,
    PageUnits,
    UnitView,
    bounds_of,
    joined_tokens,
    page_cumsum,
    page_features,
    page_index,
    page_units,
    shift_within,
    unit_features,
    window_mean,
    word_tokens,
)
from textmill.segment.model import ARTICLE_ROLES

MODEL_FILE = "line_classifier.json"

# Drops the model may undo: the ones decided by context and position (jusText's smoothing, the
# page header and footer, lists of links, everything after a comment-section header). A drop by
# any other rule stays a drop: it rests on explicit evidence, a phrase of a widget, cookie notice
# or date line (whose date becomes the document's), or on what the page cannot show (other
# documents of the site, an earlier copy on the page, a wire sign-off).
SOFT_RULES = frozenset({"page_header", "page_footer", "low_content", "related_links", "table_of_contents",
                        "comment_section", "navigation", "data_line"})

# Learned from the training pages' labels (shipped in the model file): log-odds of article text
# for words and for whole short lines seen on at least a few different sites.
LEXICON_FEATURES = ("lex_mean", "lex_min", "lex_max", "lex_known", "line_logodds", "line_known")
STAGE2_OFFSETS = (-3, -2, -1, 1, 2, 3)
# The second stage reads the first stage's probabilities around each unit (a learned smoothing).
STAGE2_FEATURES = ("p1", *(f"p1@{o:+d}" for o in STAGE2_OFFSETS), "p1_window3", "p1_window10", "p1_max_before",
                   "p1_max_after", "p1_share_before", "p1_share_after")
# What the first stage reads of the units around each one beyond :data:`FEATURES`: their lexicon
# scores, wider windows, and the run of short lines the unit is in (menus, link lists, widgets
# come as runs of short lines; article text as runs of sentences)
CONTEXT_OFFSETS = (-2, -1, 1, 2)
_LEXICON_CONTEXT = ("lex_mean", "line_logodds", "line_known")
CONTEXT_WINDOWS = (3, 10)
SHORT_WORDS = 6  # a unit of at most this many words without a sentence end is a short line
CONTEXT_FEATURES = (
    *(f"{name}@{o:+d}" for o in CONTEXT_OFFSETS for name in _LEXICON_CONTEXT),
    *(f"{name}_window{k}" for k in CONTEXT_WINDOWS for name in ("lex_mean", "line_logodds", "ends_sentence", "log_chars")),
    "short_run", "run_position", "page_short_share", "page_lex_mean",
    # comment headers ("Jim October 31, 2012 at 1:07 pm"): a short unit with a date and a clock
    # time, above the unit or two above it, and how many the page has before, after and in all
    # (a comment section is a run of them; the comment_header rule misses many)
    "comment_header", "comment_header@-1", "comment_header@-2", "comment_headers_before",
    "comment_headers_after", "comment_headers_page",
    # the input kind: the share of the page's units with an extractor's tag (HTML input: nearly
    # all; plain text: none, or its table rows), so the trees can split the HTML pages' and the
    # plain-text pages' habits apart instead of averaging them
    "page_tagged_share",
)
COMMENT_HEADER_WORDS = 15  # a comment header (name, date, time) has at most this many words
_WORD_RE = re.compile(r"\w+")
MAX_LINE_WORDS = 6  # whole-line log-odds only for short lines (menu entries, widget labels)
CHUNK_ROWS = 256  # trees walk this many units at a time: the node arrays stay in cache (measured: 256 to 4096 rows, 256 fastest)


def normalise_line(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def lexicon_features(texts: Sequence[str], words: dict[str, float], lines: dict[str, float]) -> np.ndarray:
    """(units x LEXICON_FEATURES): mean/min/max log-odds of the unit's distinct words that the
    lexicon knows, their share of its distinct words, and the log-odds of the whole line when
    it is a known short line. One tokenisation per unit; the rest on all units' words at once
    (Arrow's dictionary encoding numbers the words, numpy groups them by unit)."""
    n = len(texts)
    out = np.zeros((n, len(LEXICON_FEATURES)))
    tokens, counts = word_tokens(texts)
    if not len(tokens):
        return out
    encoded = tokens.dictionary_encode()
    vocab = encoded.dictionary
    # words numbered in sorted order, not as first seen: the pairs below are then ordered by
    # unit and word whatever other units share the batch, and so are the float sums over them
    in_order = pc.sort_indices(vocab).to_numpy()
    rank = np.empty(len(vocab), dtype=np.int64)
    rank[in_order] = np.arange(len(vocab))
    ids = rank[encoded.indices.to_numpy()]
    # distinct (unit, word) pairs, in order of unit then word
    keys = np.sort(np.repeat(np.arange(n, dtype=np.int64), counts) * len(vocab) + ids)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    pair_unit = keys // len(vocab)
    value = _lexicon_values(vocab, words)[in_order][keys % len(vocab)]
    known = ~np.isnan(value)
    distinct = np.bincount(pair_unit, minlength=n)
    ku, kv = pair_unit[known], value[known]
    n_known = np.bincount(ku, minlength=n)
    has = n_known > 0
    total = np.bincount(ku, weights=kv, minlength=n)
    low = np.zeros(n)
    high = np.zeros(n)
    if len(ku):  # the known pairs are grouped by unit: reduce each group
        group = np.flatnonzero(np.concatenate([[True], ku[1:] != ku[:-1]]))
        low[ku[group]], high[ku[group]] = np.minimum.reduceat(kv, group), np.maximum.reduceat(kv, group)
    out[has, 0] = total[has] / n_known[has]
    out[has, 1], out[has, 2] = low[has], high[has]
    out[has, 3] = n_known[has] / distinct[has]
    # whole short lines: each unit's words joined ("privacy policy "), looked up at once
    short = np.flatnonzero((counts > 0) & (counts <= MAX_LINE_WORDS))
    line_keys, line_values = _lexicon_arrays(lines, spaced=True)
    where = pc.index_in(joined_tokens(tokens, counts).take(pa.array(short)), value_set=line_keys)
    found = where.is_valid().to_numpy(zero_copy_only=False)
    out[short[found], 4] = line_values[where.drop_null().to_numpy()]
    out[short[found], 5] = 1.0
    return out


def _lexicon_values(vocab: pa.Array, words: dict[str, float]) -> np.ndarray:
    """The log-odds of each word of ``vocab`` (NaN for a word the lexicon does not know)."""
    keys, values = _lexicon_arrays(words)
    where = pc.index_in(vocab, value_set=keys).to_numpy(zero_copy_only=False)
    return np.where(np.isnan(where), np.nan, values[np.nan_to_num(where).astype(np.int64)])


# the lexicons' arrays: the lexicons in use are few (the shipped model's, or one training
# fold's), so their arrays are built once, not on every batch
_LEXICON_ARRAYS: dict = {}  # (id of the dict, spaced) -> (the dict, Arrow array of its keys, numpy values)


def _lexicon_arrays(entries: dict[str, float], spaced: bool = False) -> tuple[pa.Array, np.ndarray]:
    """The keys of ``entries`` as an Arrow array (each followed by a space when ``spaced``, as
    :func:`~textmill.segment.linefeatures.joined_tokens` writes lines) and their values."""
    cached = _LEXICON_ARRAYS.get((id(entries), spaced))
    if cached is None or cached[0] is not entries:
        if len(_LEXICON_ARRAYS) > 8:
            _LEXICON_ARRAYS.clear()
        keys = [k + " " for k in entries] if spaced else list(entries)
        cached = (entries, pa.array(keys, type=pa.string()),
                  np.fromiter(entries.values(), dtype=np.float64, count=len(entries)))
        _LEXICON_ARRAYS[(id(entries), spaced)] = cached
    return cached[1], cached[2]


def first_stage_input(X: np.ndarray, texts: Sequence[str], words: dict[str, float], lines: dict[str, float],
                      bounds: np.ndarray | None = None) -> np.ndarray:
    """What the first stage reads: X, the lexicon features and :func:`context_features`."""
    L = lexicon_features(texts, words, lines)
    return np.column_stack([X, L, context_features(X, L, bounds)])


def stage2_features(p1: np.ndarray, bounds: np.ndarray | None = None) -> np.ndarray:
    """The second stage's view of the first stage's probabilities, page by page (``bounds``:
    :func:`~textmill.segment.linefeatures.bounds_of` of the pages' sizes; one page if None)."""
    n = len(p1)
    bounds = bounds_of([n]) if bounds is None else bounds
    page = page_index(bounds)
    cols = [p1] + [shift_within(p1, o, page, -1.0) for o in STAGE2_OFFSETS]  # -1: the page edge
    kept = (p1 >= 0.5).astype(np.float64)
    first = bounds[:-1][page]
    seen = (np.arange(n) - first + 1).astype(np.float64)
    seen_after = (bounds[1:][page] - np.arange(n)).astype(np.float64)
    cum = np.cumsum(kept)
    kept_before = cum - np.concatenate([[0.0], cum])[first]
    kept_after = np.concatenate([[0.0], cum])[bounds[1:][page]] - cum + kept
    cols += [window_mean(p1, 3, bounds, page), window_mean(p1, 10, bounds, page),
             _running_max(p1, bounds), _running_max(p1[::-1], (bounds[-1] - bounds[::-1]))[::-1],
             kept_before / seen, kept_after / seen_after]
    return np.column_stack(cols)


def context_features(X: np.ndarray, L: np.ndarray, bounds: np.ndarray | None = None) -> np.ndarray:
    """:data:`CONTEXT_FEATURES` of each unit, page by page (X: :data:`FEATURES`; L: its
    :func:`lexicon_features`; ``bounds`` as for :func:`stage2_features`)."""
    n = len(X)
    bounds = bounds_of([n]) if bounds is None else bounds
    page = page_index(bounds)
    lex = {name: L[:, LEXICON_FEATURES.index(name)] for name in ("lex_mean", "line_logodds", "line_known")}
    cols = [shift_within(lex[name], o, page, 0.0) for o in CONTEXT_OFFSETS for name in _LEXICON_CONTEXT]
    own = {**lex, "ends_sentence": X[:, COLUMN["ends_sentence"]], "log_chars": X[:, COLUMN["log_chars"]]}
    cols += [window_mean(own[name], k, bounds, page) for k in CONTEXT_WINDOWS
             for name in ("lex_mean", "line_logodds", "ends_sentence", "log_chars")]
    short = (X[:, COLUMN["n_words"]] <= SHORT_WORDS) & (X[:, COLUMN["ends_sentence"]] <= 0)
    # runs of units that are all short or all not, within a page
    change = np.ones(n, dtype=bool)
    change[1:] = (short[1:] != short[:-1]) | (page[1:] != page[:-1])
    run = np.cumsum(change) - 1
    run_start = np.flatnonzero(change)
    length = np.bincount(run, minlength=len(run_start)).astype(np.float64)
    signed = np.where(short, 1.0, -1.0) * np.log1p(length[run])  # + a run of short lines, - of others
    position = (np.arange(n) - run_start[run]) / np.maximum(length[run] - 1, 1)
    sizes = np.maximum(np.diff(bounds), 1).astype(np.float64)
    share = np.bincount(page, weights=short.astype(np.float64), minlength=len(sizes)) / sizes
    page_lex = np.bincount(page, weights=lex["lex_mean"], minlength=len(sizes)) / sizes
    cols += [signed, position, share[page], page_lex[page]]
    header = ((X[:, COLUMN["n_words"]] <= COMMENT_HEADER_WORDS) & (X[:, COLUMN["has_date"]] > 0)
              & (X[:, COLUMN["has_time"]] > 0)).astype(np.float64)
    before = page_cumsum(header, bounds)[np.arange(n) + page]  # the page's headers before the unit
    in_page = np.bincount(page, weights=header, minlength=len(sizes))[page]
    tagged = np.bincount(page, weights=X[:, COLUMN["tag_any"]], minlength=len(sizes)) / sizes
    cols += [header, shift_within(header, -1, page, 0.0), shift_within(header, -2, page, 0.0), before,
             in_page - before - header, in_page, tagged[page]]
    return np.column_stack(cols) if n else np.zeros((0, len(CONTEXT_FEATURES)))


def _running_max(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Maximum of x so far within each page (a few numpy calls per page)."""
    out = np.empty_like(x)
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        out[a:b] = np.maximum.accumulate(x[a:b])
    return out


def decided_by_model(kind: str, rule: str) -> bool:
    """Whether the model has the last word on a unit the rules gave ``kind`` / ``rule``."""
    return kind in ARTICLE_ROLES or (kind == "drop" and rule in SOFT_RULES)


class Trees:
    """Gradient-boosted trees, walked for every row and every tree at once, level by level.

    The spec's nodes (a feature, a threshold and two children each; a leaf is a node whose
    children are itself) are laid out as complete binary trees of ``depth`` levels: level d
    holds 2**d nodes of every tree, tree by tree, so from node i of level d a row goes to node
    2i ("x <= threshold") or 2i + 1 of level d + 1, and no child has to be read. A leaf above
    the last level stands for a complete subtree whose nodes all send a row left (threshold
    +inf) and whose leaves all hold its value; a NaN, which goes right everywhere as in the
    spec's trees, ends on the same value. Same margins as walking the spec's nodes, to the
    last bit (the leaf values are summed the same way); measured: a fifth less CPU."""

    MAX_DEPTH = 12  # complete trees of this depth: 4,096 leaves a tree (LightGBM's here: 7)

    def __init__(self, spec: dict):
        nodes = spec["nodes"]
        feature, split = nodes["feature"], nodes["threshold"]
        left, right, value = nodes["left"], nodes["right"], nodes["value"]
        self.depth = depth = int(spec["depth"])
        if depth > self.MAX_DEPTH:
            raise ValueError(f"trees of depth {depth}: at most {self.MAX_DEPTH} are laid out complete")
        n_trees = len(spec["roots"])
        features = [np.zeros((n_trees, 2 ** d), dtype=np.intp) for d in range(depth)]
        splits = [np.full((n_trees, 2 ** d), np.inf) for d in range(depth)]
        leaves = np.zeros((n_trees, 2 ** depth))
        for t, root in enumerate(spec["roots"]):
            todo = [(root, 0, 0)]  # (node, level, place in the level)
            while todo:
                node, d, i = todo.pop()
                if left[node] == node:
                    span = 2 ** (depth - d)
                    leaves[t, i * span:(i + 1) * span] = value[node]
                    continue
                features[d][t, i], splits[d][t, i] = feature[node], split[node]
                todo += [(left[node], d + 1, 2 * i), (right[node], d + 1, 2 * i + 1)]
        self.features = [f.ravel() for f in features]
        self.splits = [t.ravel() for t in splits]
        self.leaves = leaves.ravel()
        self.n_trees = n_trees

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        margin = np.empty(len(X))
        for a in range(0, len(X), CHUNK_ROWS):
            margin[a:a + CHUNK_ROWS] = self._margin(X[a:a + CHUNK_ROWS])
        return 1.0 / (1.0 + np.exp(-margin))

    def _margin(self, X: np.ndarray) -> np.ndarray:
        flat = X.ravel()
        row_start = (np.arange(len(X)) * X.shape[1])[:, None]
        node = np.broadcast_to(np.arange(self.n_trees), (len(X), self.n_trees))  # level 0: each tree's root
        for feature, split in zip(self.features, self.splits):
            go_right = ~(flat.take(row_start + feature.take(node)) <= split.take(node))
            node = 2 * node + go_right
        return self.leaves.take(node).sum(axis=1)


class LineModel:
    """Two stages of trees: the first on the unit features and the lexicon, the second on those
    plus the first stage's probabilities around the unit."""

    def __init__(self, spec: dict):
        if tuple(spec["features"]) != FEATURES or tuple(spec.get("context_features", ())) != CONTEXT_FEATURES:
            raise ValueError("line model was trained on other features; retrain it "
                             "(python -m textmill.models.train_line_classifier)")
        # Two thresholds: a unit the rules kept stays when p >= threshold; a unit a context rule
        # dropped comes back only when p >= restore_threshold (higher: a menu line brought back
        # costs more than a sentence left out, and the rules' drop is evidence too)
        self.threshold = float(spec["threshold"])
        self.restore_threshold = float(spec.get("restore_threshold", spec["threshold"]))
        self.words = spec["lexicon"]["words"]
        self.lines = spec["lexicon"]["lines"]
        self.stage1 = Trees(spec["stage1"])
        self.stage2 = Trees(spec["stage2"])

    def predict(self, X: np.ndarray, texts: Sequence[str], bounds: np.ndarray | None = None) -> np.ndarray:
        """Probability that each unit is article text (X: :func:`page_features` of the units
        whose texts are ``texts``; ``bounds``: where each page's units start, one page if None)."""
        if not len(X):
            return np.zeros(0)
        X1 = first_stage_input(X, texts, self.words, self.lines, bounds)
        p1 = self.stage1.predict(X1)
        return self.stage2.predict(np.column_stack([X1, stage2_features(p1, bounds)]))

    def keep(self, X: np.ndarray, texts: Sequence[str], bounds: np.ndarray | None = None) -> np.ndarray:
        return verdicts(self.predict(X, texts, bounds), X, self.threshold, self.restore_threshold)


def verdicts(p: np.ndarray, X: np.ndarray, threshold: float, restore_threshold: float) -> np.ndarray:
    """Keep (True) or drop for each unit from its probability ``p``: a unit the rules kept (the
    ``rules_keep`` column of ``X``) needs ``threshold``, one they dropped ``restore_threshold``."""
    kept_by_rules = X[:, COLUMN["rules_keep"]] > 0 if len(X) else np.zeros(0, dtype=bool)
    return p >= np.where(kept_by_rules, threshold, restore_threshold)


@lru_cache(maxsize=1)
def model_bytes() -> bytes:
    return resources.files("textmill.models").joinpath(MODEL_FILE).read_bytes()


@lru_cache(maxsize=1)
def load_model() -> LineModel | None:
    """The shipped model, or None when the package has none yet (the rules decide alone)."""
    try:
        data = model_bytes()
    except FileNotFoundError:
        return None
    return LineModel(json.loads(data))
