"""Feature matrix of a page's DOM blocks (one row per block of :func:`textmill.htmlblocks.dom.dom_blocks`).

The block's own shape (length, words, link share, stopword density of the page's language,
punctuation, capitals, digits, repetition on the page), where it sits in the DOM (its tag, the
tags and class/id token groups of its ancestors, depth), trafilatura's verdict (is the block in
trafilatura's extracted text), the same few features of the two blocks before and after, and
its position (relative, distance to the nearest block trafilatura kept, share of trafilatura's
text before it, windows of trafilatura's verdicts). Column order is :data:`FEATURES`, the
model's feature order.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from textmill.htmlblocks.dom import CLASS_GROUPS, FLAG_NAMES, Block

# The block's own element, grouped (h1..h6 are one heading group)
TAG_GROUPS = (
    ("tag_p", {"p"}), ("tag_div", {"div", "section", "article", "main", "body"}), ("tag_li", {"li", "dd", "dt"}),
    ("tag_h", {"h1", "h2", "h3", "h4", "h5", "h6"}), ("tag_cell", {"td", "th", "tr", "table"}), ("tag_br", {"br"}),
    ("tag_quote", {"blockquote", "pre"}), ("tag_caption", {"figcaption", "caption", "figure"}), ("tag_title", {"title"}),
    ("tag_form", {"form", "option", "button", "label", "summary"}),
    ("tag_chrome", {"header", "footer", "nav", "aside", "address"}),
)
_TAG_COL = {t: i for i, (_, tags) in enumerate(TAG_GROUPS) for t in tags}
_END_PUNCT = tuple(".!?:;\"”»'’)…")
_DATE_RE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b")
_COPYRIGHT_RE = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")

OWN = (
    "log_chars", "n_words", "link_share", "stop_density", "ends_sentence", "comma_rate", "frac_digit",
    "frac_upper", "frac_titlecase", "mean_word_len", "has_date", "has_copyright", "n_repeats", "depth", "traf_kept",
    *(name for name, _ in TAG_GROUPS), *FLAG_NAMES, *(f"own_{name}" for name, _ in CLASS_GROUPS),
)
_O = {name: i for i, name in enumerate(OWN)}
CONTEXT = ("traf_kept", "log_chars", "link_share", "stop_density", "tag_p", "tag_h", "in_li")
OFFSETS = (-2, -1, 1, 2)
POSITION = ("rel_position", "index", "n_blocks", "dist_traf_kept", "before_first_kept", "after_last_kept",
            "traf_chars_before", "traf_chars_after", "traf_window3", "traf_window10", "link_window3",
            "stop_window3", "page_traf_share")
FEATURES = OWN + tuple(f"{c}@{o:+d}" for o in OFFSETS for c in CONTEXT) + POSITION


def _char_counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Digits, capitals and letters per text, counted over the page's code points at once
    (numpy; this runs on every block of every page). Capitals and letters of the scripts with
    case are counted by ranges (Latin, Greek, Cyrillic): a feature, not a Unicode database."""
    joined = "\x00".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    block = np.cumsum(cp == 0)
    n = len(texts)
    digit = (cp >= 48) & (cp <= 57)
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7)) \
        | ((cp >= 0x391) & (cp <= 0x3A9)) | ((cp >= 0x400) & (cp <= 0x42F))
    lower = ((cp >= 97) & (cp <= 122)) | ((cp >= 0xDF) & (cp <= 0xFF) & (cp != 0xF7)) \
        | ((cp >= 0x3B1) & (cp <= 0x3C9)) | ((cp >= 0x430) & (cp <= 0x45F))
    # other letters (other scripts, Latin Extended): everything above Latin-1 that is not punctuation
    other = (cp > 0xFF) & ~((cp >= 0x2000) & (cp <= 0x2BFF)) & ~((cp >= 0x3000) & (cp <= 0x303F))
    letters = upper | lower | (other & ~upper & ~lower)
    count = lambda mask: np.bincount(block[mask], minlength=n)[:n].astype(np.float64)  # noqa: E731
    return count(digit), count(upper), count(letters)


def _text_rows(texts: list[str], stoplist: frozenset[str]) -> np.ndarray:
    """(texts x 11): log chars, words, stopword density, ends a sentence, commas per word,
    digit share, capital share of letters, title-case share of words, mean word length, has
    a date, has a copyright sign."""
    digits, uppers, letters = _char_counts(texts)
    rows = []
    for text in texts:
        toks = _WORD_RE.findall(text)
        n_words = len(toks) or 1
        rows.append((
            len(toks), sum(map(stoplist.__contains__, map(str.lower, toks))) / n_words,
            text.endswith(_END_PUNCT), text.count(",") / n_words,
            sum(map(str.isupper, [t[0] for t in toks])) / n_words, sum(map(len, toks)) / n_words,
            _DATE_RE.search(text) is not None, _COPYRIGHT_RE.search(text) is not None,
        ))
    words = np.array(rows, dtype=np.float64).reshape(len(texts), 8)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    return np.column_stack([
        np.log1p(chars), words[:, 0], words[:, 1], words[:, 2], words[:, 3], digits / np.maximum(chars, 1),
        uppers / np.maximum(letters, 1), words[:, 4], words[:, 5], words[:, 6], words[:, 7],
    ])


def _bits(mask: int, n: int) -> list[float]:
    return [float((mask >> i) & 1) for i in range(n)]


def _window_mean(x: np.ndarray, k: int) -> np.ndarray:
    c = np.concatenate([[0.0], np.cumsum(x)])
    i = np.arange(len(x))
    lo, hi = np.maximum(i - k, 0), np.minimum(i + k + 1, len(x))
    return (c[hi] - c[lo]) / (hi - lo)


def block_features(blocks: list[Block], traf_kept: np.ndarray, stoplist: frozenset[str]) -> np.ndarray:
    """(blocks x FEATURES) for one page; ``traf_kept`` says which blocks trafilatura kept."""
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    repeats = Counter(b.text for b in blocks)
    n_flags, n_groups = len(FLAG_NAMES), len(CLASS_GROUPS)
    group_shift = n_flags - n_groups  # class groups follow the tag flags in the masks
    text = _text_rows([b.text for b in blocks], stoplist)
    rows = []
    for b, kept in zip(blocks, traf_kept):
        tags = [0.0] * len(TAG_GROUPS)
        col = _TAG_COL.get(b.tag)
        if col is not None:
            tags[col] = 1.0
        rows.append((
            b.link_chars / max(len(b.text), 1), float(repeats[b.text] - 1), float(b.depth), float(kept), *tags,
            *_bits(b.path_mask, n_flags), *_bits(b.own_mask >> group_shift, n_groups),
        ))
    rest = np.array(rows, dtype=np.float64)
    # in the order of OWN: log_chars, n_words, link_share, the other text columns, then the rest
    own = np.column_stack([text[:, :2], rest[:, :1], text[:, 2:], rest[:, 1:]])
    context = []
    cols = own[:, [_O[c] for c in CONTEXT]]
    for o in OFFSETS:
        shifted = np.full((n, len(CONTEXT)), -1.0)  # -1: no block there (the page edge)
        if o < 0:
            shifted[-o:] = cols[:o]
        else:
            shifted[:-o] = cols[o:]
        context.append(shifted)
    kept = own[:, _O["traf_kept"]]
    chars = np.expm1(own[:, _O["log_chars"]])
    idx = np.arange(n, dtype=np.float64)
    kept_idx = np.flatnonzero(kept)
    if len(kept_idx):
        first, last = kept_idx[0], kept_idx[-1]
        pos = np.searchsorted(kept_idx, idx)
        left = kept_idx[np.clip(pos - 1, 0, len(kept_idx) - 1)]
        right = kept_idx[np.clip(pos, 0, len(kept_idx) - 1)]
        dist = np.minimum(np.abs(idx - left), np.abs(idx - right))
    else:
        first, last, dist = n, -1, np.full(n, float(n))
    kept_chars = chars * kept
    total = kept_chars.sum() or 1.0
    before = (np.cumsum(kept_chars) - kept_chars) / total
    position = np.column_stack([
        idx / max(n - 1, 1), idx, np.full(n, float(n)), dist, (idx < first).astype(float), (idx > last).astype(float),
        before, 1.0 - before - kept_chars / total, _window_mean(kept, 3), _window_mean(kept, 10),
        _window_mean(own[:, _O["link_share"]], 3), _window_mean(own[:, _O["stop_density"]], 3),
        np.full(n, float(kept_chars.sum() / max(chars.sum(), 1.0))),
    ])
    return np.column_stack([own, *context, position])
