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
cross-validated scores), evaluated here with numpy over all units of a document at once, so
the runtime needs no learning library. Its bytes are part of the pipeline fingerprint (textmill.config.code_fingerprint).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from textmill.boilerplate import context_free_class, features, is_heading_like, is_list_item
from textmill.segment.model import ARTICLE_ROLES

MODEL_FILE = "line_classifier.json"

# Drops the model may undo: the ones decided by context and position (jusText's smoothing, the
# page header and footer, lists of links, everything after a comment-section header). A drop by
# any other rule stays a drop: it rests on explicit evidence, a phrase of a widget, cookie notice
# or date line (whose date becomes the document's), or on what the page cannot show (other
# documents of the site, an earlier copy on the page, a wire sign-off).
SOFT_RULES = frozenset({"page_header", "page_footer", "low_content", "related_links", "table_of_contents",
                        "comment_section", "navigation", "data_line"})
META_KINDS = frozenset({"title", "byline", "dateline", "caption"})

# Rule groups as features (a rule name is a hint to the model; only SOFT_RULES drops are its to undo)
_JUSTEXT_RULES = frozenset({"page_header", "page_footer", "low_content"})
_RULE_GROUPS = (
    ("rule_justext", _JUSTEXT_RULES),
    ("rule_related", frozenset({"related_links", "table_of_contents", "navigation"})),
    ("rule_comments", frozenset({"comment_section", "comment_header", "commenter"})),
    ("rule_tail", frozenset({"author_bio", "promo"})),
)
_CLASS_RANK = {"good": 0, "neargood": 1, "short": 2, "bad": 3, "skip": 4}
_TAGS = ("head", "item", "row", "quote")

# Patterns of page furniture: dates, clock times, counters ("(2)", "12 comments"), links
_DATE_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)[a-zé]*\.?\s+\d"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b", re.IGNORECASE)
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b", re.IGNORECASE)
_COUNTER_RE = re.compile(r"\(\d+\)|\[\d+\]|\b\d+\s+(?:comments?|replies|views|kommentare|commentaires)\b", re.IGNORECASE)
_LINKISH_RE = re.compile(r"https?://|www\.|@\w|\.com\b|\.org\b|\.net\b", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(r"©|\(c\)", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"[|»«·•›‹/>]")

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
# Learned from the training pages' labels (shipped in the model file): log-odds of article text
# for words and for whole short lines seen on at least a few different sites.
LEXICON_FEATURES = ("lex_mean", "lex_min", "lex_max", "lex_known", "line_logodds", "line_known")
STAGE2_OFFSETS = (-3, -2, -1, 1, 2, 3)
# The second stage reads the first stage's probabilities around each unit (a learned smoothing).
STAGE2_FEATURES = ("p1", *(f"p1@{o:+d}" for o in STAGE2_OFFSETS), "p1_window3", "p1_window10", "p1_max_before",
                   "p1_max_after", "p1_share_before", "p1_share_after")
_WORD_RE = re.compile(r"\w+")
MAX_LINE_WORDS = 6  # whole-line log-odds only for short lines (menu entries, widget labels)


def normalise_line(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def lexicon_features(texts: list[str], words: dict[str, float], lines: dict[str, float]) -> np.ndarray:
    """(units x LEXICON_FEATURES): mean/min/max word log-odds, share of known words, and the
    log-odds of the whole line when it is a known short line."""
    out = np.zeros((len(texts), len(LEXICON_FEATURES)))
    for i, t in enumerate(texts):
        toks = _WORD_RE.findall(t.lower())
        vals = [words[w] for w in set(toks) if w in words]
        if vals:
            out[i, :4] = (sum(vals) / len(vals), min(vals), max(vals), len(vals) / len(set(toks)))
        if 0 < len(toks) <= MAX_LINE_WORDS:
            key = " ".join(toks)
            if key in lines:
                out[i, 4:] = (lines[key], 1.0)
    return out


def stage2_features(p1: np.ndarray) -> np.ndarray:
    n = len(p1)
    cols = [p1]
    for o in STAGE2_OFFSETS:
        shifted = np.full(n, -1.0)  # -1: no unit there (the page edge)
        if o < 0:
            shifted[-o:] = p1[:o]
        else:
            shifted[:-o] = p1[o:]
        cols.append(shifted)
    kept = (p1 >= 0.5).astype(np.float64)
    seen = np.arange(1, n + 1, dtype=np.float64)
    cols += [_window_mean(p1, 3), _window_mean(p1, 10), np.maximum.accumulate(p1),
             np.maximum.accumulate(p1[::-1])[::-1], np.cumsum(kept) / seen, (np.cumsum(kept[::-1]) / seen)[::-1]]
    return np.column_stack(cols)


def decided_by_model(kind: str, rule: str) -> bool:
    """Whether the model has the last word on a unit the rules gave ``kind`` / ``rule``."""
    return kind in ARTICLE_ROLES or (kind == "drop" and rule in SOFT_RULES)


@dataclass(frozen=True)
class UnitView:
    """What the classifier reads of one unit (see :class:`textmill.segment.units._Unit`)."""

    text: str
    n_lines: int
    kind: str  # the rules' decision: "drop", "body", "heading", "title", "byline", ...
    rule: str
    tag: str
    js_class: str  # the smoothed jusText class ("good"/"bad"/"skip")


def _text_row(s: str) -> tuple[float, ...]:
    """Character and pattern statistics of one text (compiled regexes and C string methods:
    no Python loop over characters, this runs on every unit of every page)."""
    toks = s.split()
    n, letters, tokens = len(s), sum(map(str.isalpha, s)), len(toks)
    return (
        sum(map(str.isdigit, s)) / max(n, 1), sum(map(str.isupper, s)) / max(letters, 1),
        sum(t[0].isupper() for t in toks) / max(tokens, 1), float(len(_SEPARATOR_RE.findall(s))), float(s.count(",")),
        (n - sum(map(str.isspace, s))) / max(tokens, 1),
        float(_DATE_RE.search(s) is not None), float(_TIME_RE.search(s) is not None),
        float(_COUNTER_RE.search(s) is not None), float(_LINKISH_RE.search(s) is not None),
        float(_COPYRIGHT_RE.search(s) is not None),
    )


def _own_row(u: UnitView, stoplist: frozenset[str], bp, repeats: int) -> dict[str, float]:
    """The features of one unit that come from the rules and the block classifier."""
    f = features(u.text, stoplist)
    row = {
        "log_chars": math.log1p(f.n_chars), "n_words": f.n_words, "stop_density": f.stop_density,
        "ends_sentence": f.ends_sentence, "starts_upper": f.starts_upper, "sentence_shaped": f.sentence_shaped,
        "n_lines": u.n_lines, "is_list_item": is_list_item(u.text), "is_heading_like": is_heading_like(u.text, bp),
        "n_repeats": repeats, "cf_class": _CLASS_RANK[context_free_class(f, bp)], "js_good": u.js_class == "good",
        "rules_keep": u.kind in ARTICLE_ROLES, "rules_drop": u.kind == "drop", "is_meta": u.kind in META_KINDS,
    }
    flags = [u.kind == "drop" and u.rule in names for _, names in _RULE_GROUPS]
    row.update({name: flag for (name, _), flag in zip(_RULE_GROUPS, flags)})
    row["rule_other"] = u.kind == "drop" and not any(flags)
    base_tag = u.tag.removesuffix("+link")
    row.update({f"tag_{t}": base_tag == t for t in _TAGS})
    row["tag_link"], row["tag_any"] = u.tag.endswith("+link"), bool(u.tag)
    return row


_TEXT_COLUMNS = ("frac_digit", "frac_upper", "frac_titlecase", "n_separators", "n_commas", "mean_word_len",
                 "has_date", "has_time", "has_counter", "has_link", "has_copyright")
_ROW_COLUMNS = tuple(name for name in OWN_FEATURES if name not in _TEXT_COLUMNS)


def unit_features(views: list[UnitView], stoplist: frozenset[str], bp) -> np.ndarray:
    """Feature matrix (units x :data:`FEATURES`) of one document's units."""
    n = len(views)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    repeats = Counter(v.text for v in views)
    rows = [_own_row(v, stoplist, bp, repeats[v.text] - 1) for v in views]
    text_rows = np.array([_text_row(v.text) for v in views], dtype=np.float64)
    columns = {name: text_rows[:, i] for i, name in enumerate(_TEXT_COLUMNS)}
    columns.update({name: np.array([r[name] for r in rows], dtype=np.float64) for name in _ROW_COLUMNS})
    own = np.column_stack([columns[name] for name in OWN_FEATURES])
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


class Trees:
    """Gradient-boosted trees as flat arrays; ``margin`` walks every tree for every row at once.

    Each node has a feature, a threshold and two children; a leaf is a node whose children are
    itself, so ``depth`` steps of "go left when x <= threshold" end on every tree's leaf."""

    def __init__(self, spec: dict):
        nodes = spec["nodes"]
        self.feature = np.array(nodes["feature"], dtype=np.intp)
        self.split = np.array(nodes["threshold"], dtype=np.float64)
        self.left = np.array(nodes["left"], dtype=np.intp)
        self.right = np.array(nodes["right"], dtype=np.intp)
        self.value = np.array(nodes["value"], dtype=np.float64)
        self.roots = np.array(spec["roots"], dtype=np.intp)
        self.depth = int(spec["depth"])

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row."""
        if not len(X):
            return np.zeros(0)
        flat = np.ascontiguousarray(X, dtype=np.float64).ravel()
        row_start = (np.arange(len(X)) * X.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        for _ in range(self.depth):
            go_left = flat.take(row_start + self.feature.take(node)) <= self.split.take(node)
            node = np.where(go_left, self.left.take(node), self.right.take(node))
        return 1.0 / (1.0 + np.exp(-self.value[node].sum(axis=1)))


class LineModel:
    """Two stages of trees: the first on the unit features and the lexicon, the second on those
    plus the first stage's probabilities around the unit."""

    def __init__(self, spec: dict):
        if tuple(spec["features"]) != FEATURES:
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

    def predict(self, X: np.ndarray, texts: list[str]) -> np.ndarray:
        """Probability that each unit is article text (X: :func:`unit_features` of ``texts``)."""
        if not len(X):
            return np.zeros(0)
        X1 = np.column_stack([X, lexicon_features(texts, self.words, self.lines)])
        p1 = self.stage1.predict(X1)
        return self.stage2.predict(np.column_stack([X1, stage2_features(p1)]))

    def keep(self, X: np.ndarray, texts: list[str]) -> np.ndarray:
        return verdicts(self.predict(X, texts), X, self.threshold, self.restore_threshold)


def verdicts(p: np.ndarray, X: np.ndarray, threshold: float, restore_threshold: float) -> np.ndarray:
    """Keep (True) or drop for each unit from its probability ``p``: a unit the rules kept (the
    ``rules_keep`` column of ``X``) needs ``threshold``, one they dropped ``restore_threshold``."""
    kept_by_rules = X[:, _COL["rules_keep"]] > 0 if len(X) else np.zeros(0, dtype=bool)
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
