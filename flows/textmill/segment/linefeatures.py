"""The line classifier's features, computed in bulk for the units of many documents at once.

What the model reads of each unit (:data:`FEATURES`; the model itself is in
:mod:`textmill.segment.learned`): its own shape (length, words, stopword density of its page's
language, terminal punctuation, capitals, digits, separators, dates, clock times, counters,
links, repetitions on the page), the rules' decisions as features, the HTML extractor's tag, the
same for its neighbours, and its position on the page.

Why in bulk: a page has a hundred short units and a shard thousands of pages, so anything done
per unit in Python costs more than the model. Character statistics are read from one code-point
array of all units' texts joined (a lookup table gives each code point's class, with exactly
the answers of ``str.isdigit`` / ``isupper`` / ``isalpha`` / ``isspace``); the pattern flags
come from one Arrow (RE2) call per pattern over all units; neighbours and positions are
segmented numpy operations over document boundaries. What stays per unit is one cached lookup
of the rules' block features.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from textmill.boilerplate import context_free_class, features, heading_shape, is_list_item
from textmill.segment.model import ARTICLE_ROLES

META_KINDS = frozenset({"title", "byline", "dateline", "caption"})

# Rule groups as features (a rule name is a hint to the model)
_JUSTEXT_RULES = frozenset({"page_header", "page_footer", "low_content"})
_RULE_GROUPS = (
    ("rule_justext", _JUSTEXT_RULES),
    ("rule_related", frozenset({"related_links", "table_of_contents", "navigation"})),
    ("rule_comments", frozenset({"comment_section", "comment_header", "commenter"})),
    ("rule_tail", frozenset({"author_bio", "promo"})),
)
_CLASS_RANK = {"good": 0, "neargood": 1, "short": 2, "bad": 3, "skip": 4}
_TAGS = ("head", "item", "row", "quote")

# Patterns of page furniture: dates, clock times, counters ("(2)", "12 comments"), links. They are
# RE2 patterns run by Arrow on the lower-cased texts (one call per pattern for all units, no
# Python per unit): RE2's \b, \d and \w are ASCII-only (as Python's with re.ASCII), and the
# whitespace class is spelled out, so a Python reference with re.ASCII gives the same answers.
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|"
           r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)")
_SPACE = r"[ \t\n\r\f\v]"
_PATTERNS = (
    # a month name and a number, a numeric date, or a year
    ("has_date", r"\b(?:" + _MONTHS + r"[a-zé]*\.?" + _SPACE + r"+\d|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|(?:19|20)\d{2}\b)"),
    ("has_time", r"\b\d{1,2}:\d{2}\b|\b\d{1,2}" + _SPACE + r"?(?:am|pm)\b"),
    ("has_counter", r"\(\d+\)|\[\d+\]|\b\d+" + _SPACE + r"+(?:comments?|replies|views|kommentare|commentaires)\b"),
    ("has_link", r"https?://|www\.|@\w|\.com\b|\.org\b|\.net\b"),
    ("has_copyright", r"©|\(c\)"),
)
_SEPARATORS = "|»«·•›‹/>"
_JOIN = "\x00"  # between units in the joined text: not a word character, nor a space

# One row per unit; the order is the model's feature order.
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
COLUMN = {name: i for i, name in enumerate(OWN_FEATURES)}
WINDOW = 5  # units on each side for the window features


class UnitView(NamedTuple):
    """What the classifier reads of one unit (see :class:`textmill.segment.units._Unit`); a
    named tuple, not a frozen dataclass: one is made for every unit of every page, and a
    dataclass's frozen ``__init__`` costs a third of the line features' per-unit Python."""

    text: str
    n_lines: int
    kind: str  # the rules' decision: "drop", "body", "heading", "title", "byline", ...
    rule: str
    tag: str
    js_class: str  # the smoothed jusText class ("good"/"bad"/"skip")


@dataclass(frozen=True)
class PageUnits:
    """One document's units and the rules' block features of each (:func:`page_units`)."""

    views: Sequence[UnitView]
    rule_rows: np.ndarray  # units x RULE_COLUMNS


RULE_COLUMNS = ("log_chars", "n_words", "stop_density", "ends_sentence", "starts_upper", "sentence_shaped",
                "is_list_item", "is_heading_like", "cf_class")


def page_units(views: Sequence[UnitView], stoplist: frozenset[str], bp) -> PageUnits:
    """A document's units with the rules' block features of each, read from the caches of the
    rule passes that just computed them (so call it right after them: a batch of many pages
    would outgrow the caches). ``stoplist`` and ``bp`` (the block classifier's thresholds) are
    the ones in effect for this document."""
    rank = _CLASS_RANK
    rows = [(math.log1p(f.n_chars), f.n_words, f.stop_density, f.ends_sentence, f.starts_upper, f.sentence_shaped,
             is_list_item(v.text), heading_shape(v.text, f.n_words, f.starts_upper, bp), rank[context_free_class(f, bp)])
            for v, f in zip(views, [features(v.text, stoplist) for v in views])]
    return PageUnits(views, np.array(rows, dtype=np.float64).reshape(len(views), len(RULE_COLUMNS)))


def bounds_of(sizes: Sequence[int]) -> np.ndarray:
    """Start offsets of consecutive groups of ``sizes`` units, plus the total at the end."""
    return np.concatenate([[0], np.cumsum(np.asarray(sizes, dtype=np.int64))])


def page_index(bounds: np.ndarray) -> np.ndarray:
    """For every unit, the index of its page (bounds: :func:`bounds_of`)."""
    return np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))


def unit_features(views: Sequence[UnitView], stoplist: frozenset[str], bp) -> np.ndarray:
    """Feature matrix (units x :data:`FEATURES`) of one document's units."""
    return page_features([page_units(views, stoplist, bp)])


def page_features(pages: Sequence[PageUnits]) -> np.ndarray:
    """Feature matrix (units x :data:`FEATURES`) of the units of ``pages``, in order: the same
    rows as :func:`unit_features` of each page, computed for all of them at once."""
    bounds = bounds_of([len(p.views) for p in pages])
    n = int(bounds[-1])
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    views = [v for p in pages for v in p.views]
    texts = [v.text for v in views]
    columns = _text_columns(texts)
    columns.update(_pattern_columns(texts, columns["frac_digit"] > 0))
    rule_rows = np.vstack([p.rule_rows for p in pages])
    columns.update({name: rule_rows[:, i] for i, name in enumerate(RULE_COLUMNS)})
    columns.update(_view_columns(views))
    columns["n_repeats"] = _repeats(pages, n)
    own = np.column_stack([columns[name] for name in OWN_FEATURES])
    page = page_index(bounds)
    context = [_shifted(own[:, [COLUMN[c] for c in _CONTEXT]], o, page) for o in _OFFSETS]
    return np.column_stack([own, *context, _position(own, bounds, page)])


# ------------------------------------------------------------------ per-unit columns
# bit of each character class in a code point's flags (np.unpackbits reads bit 7 first)
_DIGIT, _UPPER, _ALPHA, _SPACE, _SEPARATOR, _COMMA, _WORD = 128, 64, 32, 16, 8, 4, 2


def _char_flags(ch: str) -> int:
    # _WORD: what ``\w`` matches in a str pattern (sre: alphanumeric or the underscore)
    return ((_DIGIT if ch.isdigit() else 0) | (_UPPER if ch.isupper() else 0) | (_ALPHA if ch.isalpha() else 0)
            | (_SPACE if ch.isspace() else 0) | (_SEPARATOR if ch in _SEPARATORS else 0) | (_COMMA if ch == "," else 0)
            | (_WORD if ch.isalnum() or ch == "_" else 0))


@lru_cache(maxsize=1)
def _bmp_flags() -> np.ndarray:
    """Class bits of every code point of the Basic Multilingual Plane (built once per process:
    65,536 calls of the str methods, ~30 ms)."""
    return np.fromiter((_char_flags(chr(cp)) for cp in range(0x10000)), dtype=np.uint8, count=0x10000)


def _code_point_flags(joined: str | np.ndarray) -> np.ndarray:
    """The class bits of each code point of ``joined`` (a str, or its code points)."""
    cps = joined if isinstance(joined, np.ndarray) else np.frombuffer(
        joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    flags = _bmp_flags()[np.minimum(cps, 0xFFFF)]
    astral = np.flatnonzero(cps > 0xFFFF)  # emoji, historic scripts: rare, looked up one by one
    if len(astral):
        flags[astral] = [_char_flags(chr(cp)) for cp in cps[astral].tolist()]
    return flags


def _text_columns(texts: list[str]) -> dict[str, np.ndarray]:
    """Character statistics of each text: shares of digits, upper-case letters and title-case
    tokens, separators, commas, mean token length (tokens: ``str.split()``)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = bounds_of(lengths + 1)[:-1]  # each text is followed by one _JOIN (flags 0)
    flags = _code_point_flags(_JOIN.join(texts) + _JOIN)
    gap = (flags & _SPACE) > 0  # spaces, and the joins: they separate tokens too
    gap[starts + lengths] = True
    token_start = ~gap
    token_start[1:] &= gap[:-1]
    digits, upper, alpha, spaces, separators, commas = (
        _per_text((flags & bit) > 0, starts) for bit in (_DIGIT, _UPPER, _ALPHA, _SPACE, _SEPARATOR, _COMMA))
    tokens = _per_text(token_start, starts)
    title_tokens = _per_text(token_start & ((flags & _UPPER) > 0), starts)
    n = lengths.astype(np.float64)
    return {
        "frac_digit": digits / np.maximum(n, 1),
        "frac_upper": upper / np.maximum(alpha, 1),
        "frac_titlecase": title_tokens / np.maximum(tokens, 1),
        "n_separators": separators,
        "n_commas": commas,
        "mean_word_len": (n - spaces) / np.maximum(tokens, 1),
    }


def _per_text(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many code points of each text are set in ``mask`` (over the joined texts; text i
    runs from ``starts[i]`` to the next start, its _JOIN included, which is never set: no
    text's span is empty)."""
    if not len(starts):
        return np.zeros(0)
    return np.add.reduceat(mask, starts, dtype=np.int64).astype(np.float64)


def lowered_texts(texts: Sequence[str]) -> tuple[str, np.ndarray]:
    """All texts lower-cased and joined, each followed by one ``_JOIN``, and where each starts
    in that string (plus its length at the end). One ``str.lower`` for all: the same as each
    text lowered on its own, since ``_JOIN`` is neither cased nor case-ignorable (a final sigma
    is judged within its own text). A character that lowers to two (``İ``) moves the texts
    after it; then each text is lowered on its own to find where it starts."""
    joined = (_JOIN.join(texts) + _JOIN) if texts else ""
    lowered = joined.lower()
    if len(lowered) == len(joined):
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    else:
        lengths = np.fromiter((len(t.lower()) for t in texts), dtype=np.int64, count=len(texts))
    return lowered, bounds_of(lengths + 1)


def utf8_widths(cps: np.ndarray) -> np.ndarray:
    """How many UTF-8 bytes each code point takes (1 to 4)."""
    return 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000)


def word_tokens(texts: Sequence[str]) -> tuple[pa.StringArray, np.ndarray]:
    """The ``\\w+`` tokens of each text lower-cased, all in one Arrow array, and how many are
    each text's. No Python string per token: the tokens are cut from the UTF-8 bytes of all
    texts lowered and joined, where the code points' classes say a word starts and ends (``\\w``
    of a str pattern: alphanumeric or the underscore; tested against ``re.findall``)."""
    lowered, starts = lowered_texts(texts)
    cps = np.frombuffer(lowered.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = (_code_point_flags(cps) & _WORD) > 0
    edge = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    first, end = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)  # [first, end) of each token
    counts = np.diff(np.searchsorted(first, starts)).astype(np.int64)
    # a lone surrogate is 3 bytes, as "surrogatepass" writes it: never inside a token, which
    # holds word characters only
    width = utf8_widths(cps)
    offset = bounds_of(width)
    data = np.frombuffer(lowered.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    token_bytes = data[np.repeat(word, width)]
    token_offsets = bounds_of(offset[end] - offset[first]).astype(np.int32)
    tokens = pa.StringArray.from_buffers(len(first), pa.py_buffer(token_offsets), pa.py_buffer(token_bytes))
    return tokens, counts


def joined_tokens(tokens: pa.StringArray, counts: np.ndarray) -> pa.StringArray:
    """Each text's tokens (:func:`word_tokens`) joined by single spaces, each token followed
    by one space (so ``"privacy policy "``; a text without tokens gives ``""``)."""
    offsets = np.frombuffer(tokens.buffers()[1], dtype=np.int32, count=len(tokens) + 1, offset=tokens.offset * 4)
    data = np.frombuffer(tokens.buffers()[2], dtype=np.uint8) if len(tokens) else np.zeros(0, dtype=np.uint8)
    lengths = np.diff(offsets).astype(np.int64)
    out = np.full(int(lengths.sum()) + len(tokens), 0x20, dtype=np.uint8)
    token_start = bounds_of(lengths + 1)  # in ``out``: each token and its space
    # every byte of token j moves j places (the spaces before it)
    out[np.arange(int(lengths.sum())) + np.repeat(np.arange(len(tokens)), lengths)] = data[offsets[0]:offsets[-1]]
    text_offsets = token_start[bounds_of(counts)].astype(np.int32)
    return pa.StringArray.from_buffers(len(counts), pa.py_buffer(text_offsets), pa.py_buffer(out))


# patterns that cannot match a text without an ASCII digit (each of their alternatives has \d):
# they run only on the texts that have a digit
_DIGIT_PATTERNS = frozenset({"has_date", "has_time", "has_counter"})


def _pattern_columns(texts: list[str], has_digit: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """1.0 for each text holding a match of each furniture pattern (on its lower-cased text),
    else 0.0. ``has_digit`` (optional): which texts have a digit (any ``str.isdigit``
    character: the ASCII ones among them), to run the digit patterns on those only."""
    lowered = _lowered_array(texts)
    with_digit = np.flatnonzero(has_digit) if has_digit is not None else None
    out = {}
    for name, pattern in _PATTERNS:
        if name in _DIGIT_PATTERNS and with_digit is not None:
            column = np.zeros(len(texts))
            if len(with_digit):
                found = pc.match_substring_regex(lowered.take(pa.array(with_digit)), pattern)
                column[with_digit] = found.to_numpy(zero_copy_only=False)
        else:
            column = pc.match_substring_regex(lowered, pattern).to_numpy(zero_copy_only=False).astype(np.float64)
        out[name] = column
    return out


def _codes(values, n: int) -> tuple[np.ndarray, list[str]]:
    """Each value's number (in order of first appearance) and the distinct values: a column
    of a few distinct strings, read once, then looked up with numpy."""
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(x, len(index)) for x in values), dtype=np.intp, count=n)
    return codes, list(index)


def _lowered_array(texts: list[str]) -> pa.LargeStringArray:
    """Each text lower-cased and followed by its ``_JOIN``, as an Arrow array cut from the UTF-8
    bytes of all of them (:func:`lowered_texts`: one ``str.lower``). The trailing NUL changes
    no pattern's answer: none matches a NUL or reads the end of a text (``$``), and ``\\b``
    sees a NUL as it sees the end."""
    lowered, starts = lowered_texts(texts)
    data = lowered.encode("utf-8")  # strict, as pa.array of the texts was: a lone surrogate is an error
    offsets = bounds_of(utf8_widths(np.frombuffer(lowered.encode("utf-32-le"), dtype=np.uint32)))[starts]
    return pa.LargeStringArray.from_buffers(len(texts), pa.py_buffer(offsets), pa.py_buffer(data))


def _view_columns(views: list[UnitView]) -> dict[str, np.ndarray]:
    """The rules' decision, rule group and HTML tag of each unit, as 0/1 columns."""
    n = len(views)
    kind, kinds = _codes((v.kind for v in views), n)
    rule, rules = _codes((v.rule for v in views), n)
    tag, tags = _codes((v.tag for v in views), n)

    def column(codes: np.ndarray, distinct: list[str], test) -> np.ndarray:
        return np.array([test(x) for x in distinct], dtype=np.float64).reshape(-1)[codes] if n else np.zeros(0)

    dropped = column(kind, kinds, lambda k: k == "drop")
    out = {
        "n_lines": np.fromiter((v.n_lines for v in views), dtype=np.float64, count=n),
        "js_good": np.fromiter((v.js_class == "good" for v in views), dtype=bool, count=n).astype(np.float64),
        "rules_keep": column(kind, kinds, lambda k: k in ARTICLE_ROLES),
        "rules_drop": dropped,
        "is_meta": column(kind, kinds, lambda k: k in META_KINDS),
    }
    grouped = np.zeros(n)
    for name, names in _RULE_GROUPS:
        flag = dropped * column(rule, rules, lambda r: r in names)
        out[name], grouped = flag, np.maximum(grouped, flag)
    out["rule_other"] = dropped * (1.0 - grouped)
    out.update({f"tag_{t}": column(tag, tags, lambda x: x.removesuffix("+link") == t) for t in _TAGS})
    out["tag_link"] = column(tag, tags, lambda x: x.endswith("+link"))
    out["tag_any"] = column(tag, tags, lambda x: x != "")
    return out


def _repeats(pages: Sequence[PageUnits], n: int) -> np.ndarray:
    """How many other units of the same page have the same text."""
    out = np.empty(n)
    i = 0
    for p in pages:
        counts = Counter(v.text for v in p.views)
        out[i:i + len(p.views)] = [counts[v.text] - 1 for v in p.views]
        i += len(p.views)
    return out


# ------------------------------------------------------------- neighbours, position
def _neighbours(offset: int, page: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(whether each unit has a unit ``offset`` places away on its page, that unit's index)."""
    n = len(page)
    src = np.arange(n) + offset
    ok = (src >= 0) & (src < n)
    ok[ok] = page[src[ok]] == page[ok]
    return ok, src[ok]


def shift_within(x: np.ndarray, offset: int, page: np.ndarray, fill: float) -> np.ndarray:
    """``x`` of the unit ``offset`` places away on the same page (``fill`` past its edges)."""
    out = np.full(x.shape, fill, dtype=np.float64)
    ok, src = _neighbours(offset, page)
    out[ok] = x[src]
    return out


def _shifted(cols: np.ndarray, offset: int, page: np.ndarray) -> np.ndarray:
    out = np.zeros(cols.shape)
    ok, src = _neighbours(offset, page)
    out[ok] = cols[src]
    out[~ok, 0] = -1.0  # no neighbour: log_chars -1 marks the page edge
    return out


def page_cumsum(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Running sum of x restarting at every page, with a 0 before each page's first unit:
    ``out[i + page]`` is the sum of the page's units before i. One cumsum per page, so the
    sums are the same whatever other pages share the batch (a float sum depends on its order)."""
    out = np.zeros(len(x) + len(bounds) - 1)
    for p, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
        np.cumsum(x[a:b], out=out[a + p + 1:b + p + 1])
    return out


def window_mean(x: np.ndarray, k: int, bounds: np.ndarray, page: np.ndarray) -> np.ndarray:
    """Mean of x over the units i-k..i+k of the same page (the window shrinks at its edges)."""
    c = page_cumsum(x, bounds)
    i = np.arange(len(x))
    lo = np.maximum(i - k, bounds[page])
    hi = np.minimum(i + k + 1, bounds[page + 1])
    return (c[hi + page] - c[lo + page]) / (hi - lo)


def _position(own: np.ndarray, bounds: np.ndarray, page: np.ndarray) -> np.ndarray:
    start, size = bounds[page], np.diff(bounds)[page].astype(np.float64)
    idx = (np.arange(len(page)) - start).astype(np.float64)
    keep = own[:, COLUMN["rules_keep"]]
    chars = np.expm1(own[:, COLUMN["log_chars"]])
    kept = keep > 0
    n_pages = len(bounds) - 1
    # first and last kept unit of each page (n / -1 when it has none)
    first = np.full(n_pages, np.inf)
    last = np.full(n_pages, -1.0)
    np.minimum.at(first, page[kept], idx[kept])
    np.maximum.at(last, page[kept], idx[kept])
    first = np.where(np.isinf(first), np.diff(bounds), first)[page]
    last = last[page]
    dist = _distance_to_kept(idx, kept, page, size)
    kept_chars = chars * keep
    cum = page_cumsum(kept_chars, bounds)
    spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))
    total_kept = np.array([kept_chars[a:b].sum() or 1.0 for a, b in spans])[page]
    before = (cum[np.arange(len(page)) + page + 1] - kept_chars) / total_kept
    stop = own[:, COLUMN["stop_density"]]
    weights = np.maximum(chars, 1.0)
    page_stop = np.array([(stop[a:b] * weights[a:b]).sum() / weights[a:b].sum() for a, b in spans])[page]
    return np.column_stack([
        idx / np.maximum(size - 1, 1), idx, size - 1 - idx, size, (idx < first).astype(float),
        (idx > last).astype(float), dist, before, 1.0 - before - kept_chars / total_kept,
        window_mean(keep, WINDOW, bounds, page), window_mean(stop, WINDOW, bounds, page), page_stop,
    ])


def _distance_to_kept(idx: np.ndarray, kept: np.ndarray, page: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Distance to the nearest kept unit of the same page (the page's size when it has none)."""
    n = len(idx)
    pos = np.arange(n)
    prev = np.where(kept, pos, -1)
    prev = np.maximum.accumulate(prev)
    nxt = np.where(kept, pos, n)
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    far = np.full(n, np.inf)
    ok_prev = (prev >= 0) & (page[np.maximum(prev, 0)] == page)
    ok_next = (nxt < n) & (page[np.minimum(nxt, n - 1)] == page)
    d_prev = np.where(ok_prev, pos - prev, far)
    d_next = np.where(ok_next, nxt - pos, far)
    d = np.minimum(d_prev, d_next)
    return np.where(np.isinf(d), size, d).astype(np.float64)
