"""The learned line classifier: is a unit article text, given itself and its context?

The rule passes and the jusText-style classifier of :mod:`textmill.segment` decide first; this
model then sees each unit with those decisions *as features* (which rule fired, the context-free
and smoothed jusText classes, what the rules kept around it) plus the unit's own shape (length,
stopword density, punctuation, capitals, digits, dates and counters, repetition in the page,
position, HTML structure tag) and the same for its neighbours. It answers keep or drop; it
never edits text, and a unit it drops is recorded with rule ``classifier`` (a unit the rules
dropped and it keeps becomes body or heading again). Rules a per-page model cannot learn stay
verdicts (:data:`HARD_RULES`: site templates, repeated captions and paragraphs, sign-offs) and
metadata roles (title, byline, dateline, caption) are never touched.

The model is data (``textmill/models/line_classifier.json``): gradient-boosted trees trained
by ``textmill/models/train_line_classifier.py`` (its README has the data, seed and
cross-validated scores), evaluated here with numpy over all units of a document at once, so
the runtime needs no learning library. Its sha256 is part of the pipeline fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from textmill.boilerplate import context_free_class, features, is_heading_like, is_list_item

MODEL_FILE = "line_classifier.json"

# Drops that stay drops whatever the model says: they rest on evidence outside the unit's page
# context (other documents of the site, an earlier copy on the page, a wire sign-off).
HARD_RULES = frozenset({"template_line", "duplicate_caption", "duplicate_paragraph", "signoff"})
META_KINDS = frozenset({"title", "byline", "dateline", "caption"})
ARTICLE_KINDS = frozenset({"body", "heading"})

# Rule groups as features (a rule name is a hint, not a verdict, for everything but HARD_RULES)
_JUSTEXT_RULES = frozenset({"page_header", "page_footer", "low_content"})
_RULE_GROUPS = (
    ("rule_justext", _JUSTEXT_RULES),
    ("rule_related", frozenset({"related_links", "table_of_contents", "navigation"})),
    ("rule_comments", frozenset({"comment_section", "comment_header", "commenter"})),
    ("rule_tail", frozenset({"author_bio", "promo"})),
)
_CLASS_RANK = {"good": 0, "neargood": 1, "short": 2, "bad": 3, "skip": 4}
_TAGS = ("head", "item", "row", "quote")

_DATE_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)[a-zé]*\.?\s+\d"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b", re.IGNORECASE)
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b", re.IGNORECASE)
_COUNTER_RE = re.compile(r"\(\d+\)|\[\d+\]|\b\d+\s+(?:comments?|replies|views|kommentare|commentaires)\b", re.IGNORECASE)
_LINKISH_RE = re.compile(r"https?://|www\.|@\w|\.com\b|\.org\b|\.net\b", re.IGNORECASE)
_SEPARATORS = frozenset("|»«·•›‹/>")

# One row of :func:`unit_features` per unit; the order is the model's feature order.
OWN_FEATURES = (
    "log_chars", "n_words", "stop_density", "ends_sentence", "starts_upper", "sentence_shaped",
    "frac_digit", "frac_upper", "frac_titlecase", "n_separators", "n_commas", "mean_word_len",
    "n_lines", "is_list_item", "is_heading_like", "has_date", "has_time", "has_counter", "has_link",
    "has_copyright", "n_repeats", "cf_class", "js_good", "rules_keep", "rules_drop", "is_meta",
    *(name for name, _ in _RULE_GROUPS), "rule_other",
    *(f"tag_{t}" for t in _TAGS), "tag_link", "tag_any",
)
_CONTEXT = ("log_chars", "stop_density", "ends_sentence", "rules_keep", "is_heading_like", "js_good", "tag_link")
_OFFSETS = (-2, -1, 1, 2)
POSITION_FEATURES = (
    "rel_position", "index", "index_from_end", "n_units", "before_first_kept", "after_last_kept",
    "dist_kept", "kept_chars_before", "kept_chars_after", "window_keep", "window_stop", "page_stop_density",
)
FEATURES = (
    OWN_FEATURES
    + tuple(f"{name}@{o:+d}" for o in _OFFSETS for name in _CONTEXT)
    + POSITION_FEATURES
)
_COL = {name: i for i, name in enumerate(OWN_FEATURES)}


@dataclass(frozen=True)
class UnitView:
    """What the classifier reads of one unit (see :class:`textmill.segment.units._Unit`)."""

    text: str
    n_lines: int
    kind: str  # the rules' decision: "drop", "body", "heading", "title", "byline", ...
    rule: str
    tag: str
    js_class: str  # the smoothed jusText class ("good"/"bad"/"skip")


def _own_row(u: UnitView, stoplist: frozenset[str], bp, repeats: int) -> list[float]:
    s = u.text
    f = features(s, stoplist)
    letters = [c for c in s if c.isalpha()]
    toks = s.split()
    rule_flags = [float(u.kind == "drop" and u.rule in names) for _, names in _RULE_GROUPS]
    base_tag = u.tag.removesuffix("+link")
    return [
        math.log1p(f.n_chars), float(f.n_words), f.stop_density, float(f.ends_sentence), float(f.starts_upper),
        float(f.sentence_shaped),
        sum(c.isdigit() for c in s) / max(len(s), 1),
        sum(c.isupper() for c in letters) / max(len(letters), 1),
        sum(t[:1].isupper() for t in toks) / max(len(toks), 1),
        float(sum(c in _SEPARATORS for c in s)), float(s.count(",")),
        sum(len(t) for t in toks) / max(len(toks), 1),
        float(u.n_lines), float(is_list_item(s)), float(is_heading_like(s, bp)),
        float(_DATE_RE.search(s) is not None), float(_TIME_RE.search(s) is not None),
        float(_COUNTER_RE.search(s) is not None), float(_LINKISH_RE.search(s) is not None),
        float("©" in s or "(c)" in s.lower()), float(repeats),
        float(_CLASS_RANK[context_free_class(f, bp)]), float(u.js_class == "good"),
        float(u.kind in ARTICLE_KINDS), float(u.kind == "drop"), float(u.kind in META_KINDS),
        *rule_flags, float(u.kind == "drop" and not any(rule_flags)),
        *(float(base_tag == t) for t in _TAGS), float(u.tag.endswith("+link")), float(bool(u.tag)),
    ]


def unit_features(views: list[UnitView], stoplist: frozenset[str], bp) -> np.ndarray:
    """Feature matrix (units x :data:`FEATURES`) of one document's units."""
    n = len(views)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    repeats = Counter(v.text for v in views)
    own = np.array([_own_row(v, stoplist, bp, repeats[v.text] - 1) for v in views], dtype=np.float64)
    context = []
    for o in _OFFSETS:
        shifted = np.zeros((n, len(_CONTEXT)))
        cols = own[:, [_COL[c] for c in _CONTEXT]]
        if o < 0:
            shifted[-o:] = cols[:o]
            shifted[:-o, 0] = -1.0  # no neighbour: log_chars -1 marks the page edge
        else:
            shifted[:-o] = cols[o:]
            shifted[n - o:, 0] = -1.0
        context.append(shifted)
    keep = own[:, _COL["rules_keep"]]
    chars = np.expm1(own[:, _COL["log_chars"]])
    idx = np.arange(n, dtype=np.float64)
    kept_idx = np.flatnonzero(keep)
    if len(kept_idx):
        first, last = kept_idx[0], kept_idx[-1]
        dist = np.abs(idx[:, None] - kept_idx[None, :]).min(axis=1)
    else:
        first, last, dist = n, -1, np.full(n, float(n))
    kept_chars = chars * keep
    total_kept = kept_chars.sum() or 1.0
    before = (np.cumsum(kept_chars) - kept_chars) / total_kept
    stop = own[:, _COL["stop_density"]]
    weights = np.maximum(chars, 1.0)
    position = np.column_stack([
        idx / max(n - 1, 1), idx, n - 1 - idx, np.full(n, float(n)), (idx < first).astype(float),
        (idx > last).astype(float), dist, before, 1.0 - before - kept_chars / total_kept,
        _window_mean(keep, _WINDOW), _window_mean(stop, _WINDOW),
        np.full(n, float((stop * weights).sum() / weights.sum())),
    ])
    return np.column_stack([own, *context, position])


_WINDOW = 5  # units on each side for the window features


def _window_mean(x: np.ndarray, k: int) -> np.ndarray:
    """Mean of x over the units i-k..i+k that exist (the window shrinks at the page edges)."""
    c = np.concatenate([[0.0], np.cumsum(x)])
    i = np.arange(len(x))
    lo, hi = np.maximum(i - k, 0), np.minimum(i + k + 1, len(x))
    return (c[hi] - c[lo]) / (hi - lo)


class LineModel:
    """Gradient-boosted trees as flat arrays; ``predict`` walks every tree for every row at once.

    Each node has a feature, a threshold and two children; a leaf is a node whose children are
    itself, so ``depth`` steps of "go left when x <= threshold" end on every tree's leaf."""

    def __init__(self, spec: dict):
        if tuple(spec["features"]) != FEATURES:
            raise ValueError("line model was trained on other features; retrain it "
                             "(python -m textmill.models.train_line_classifier)")
        self.threshold = float(spec["threshold"])
        self.base = float(spec["base_score"])
        nodes = spec["nodes"]  # columns: feature, threshold, left, right, value
        self.feature = np.array(nodes["feature"], dtype=np.intp)
        self.split = np.array(nodes["threshold"], dtype=np.float64)
        self.left = np.array(nodes["left"], dtype=np.intp)
        self.right = np.array(nodes["right"], dtype=np.intp)
        self.value = np.array(nodes["value"], dtype=np.float64)
        self.roots = np.array(spec["roots"], dtype=np.intp)
        self.depth = int(spec["depth"])

    def margin(self, X: np.ndarray) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        rows = np.arange(len(X))[:, None]
        node = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        for _ in range(self.depth):
            go_left = X[rows, self.feature[node]] <= self.split[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.base + self.value[node].sum(axis=1)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability that each row is article text."""
        return 1.0 / (1.0 + np.exp(-self.margin(X)))

    def keep(self, X: np.ndarray) -> np.ndarray:
        return self.predict(X) >= self.threshold


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


def model_fingerprint() -> str:
    try:
        return hashlib.sha256(model_bytes()).hexdigest()
    except FileNotFoundError:
        return "none"
