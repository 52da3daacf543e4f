"""The plain-text title: every title candidate of a page weighed together by a small linear scorer.

The rules of :mod:`textmill.segment.passes` each look at one kind of evidence in turn (the
line the URL's slug names, the line above a byline or date line, the last run of title-like
lines before the article) and the first that fires decides. On real pages the right line is
usually among the candidates but another one wins (81 of 120 plain-text title misses on the 415
development pages). Here every candidate unit of the page (one line, undecided or dropped only
as a repeat, at most ``max_title_words`` words) gets a feature row (:data:`FEATURES`: position
relative to the first prose paragraph and to byline/date lines, headline shape, overlap with
the URL slug and with the lede, repetition on the page, and the rules' own picks *as features*)
and the highest ``row @ weights`` wins (ties: the earlier unit).

The weights are data (``textmill/models/title_scorer.json``, fitted by
``textmill/models/train_title_scorer.py`` on the development pages, cross-validated by site; its
README entry has the recipe and scores); they are part of the pipeline fingerprint like every
package file. HTML input keeps its page title (the hint): the scorer decides only when the page
names none, and only for a text with its URL (what it was fitted on). ``[segment] title_model =
false`` leaves the choice to the rules.
"""

from __future__ import annotations

import bisect
import json
import math
from functools import lru_cache
from importlib import resources

import numpy as np

from textmill import metadata as md
from textmill.boilerplate import is_heading_like
from textmill.metadata.titles import is_site_name
from textmill.segment.model import SegmentConfig, SourceHint
from textmill.segment.passes import (
    _REPEATED_RULES,
    _headline_above_byline,
    _headline_slot,
    _is_meta_line,
    _is_title_like,
    _not_a_headline,
    _pick_title,
)
from textmill.segment.units import _Unit
from textmill.stopwords import words
from textmill.templates import normalise_line

MODEL_FILE = "title_scorer.json"
LEDE_UNITS = 2  # prose units after the title zone whose words a headline tends to repeat
CONTENT_WORD_CHARS = 4  # shorter words (and stopwords) say nothing about the topic

FEATURES = (
    "rule_pick",  # the rules' choice (passes._pick_title)
    "above_byline",  # passes._headline_above_byline: right above a byline / date line
    "headline_slot",  # passes._headline_slot: the last title-like line before the article
    "before_prose",  # above the first prose paragraph
    "last_before_prose",  # no other candidate between it and the first prose paragraph
    "candidates_to_prose",  # log1p(candidates between it and the first prose paragraph)
    "units_after_prose",  # log1p(units below the first prose paragraph; 0 above it)
    "next_meta",  # the next unit is a byline or date line
    "prev_meta",  # the previous unit is one
    "meta_within_3",  # a byline or date line at most three units below
    "slug_jaccard",  # metadata.slug_match with the URL's slug
    "slug_coverage",  # share of the slug's words the line holds
    "slug_strong",  # slug_jaccard >= metadata.SLUG_STRONG_MATCH
    "lede_overlap",  # share of its content words in the first prose paragraphs
    "words_norm",  # min(words, 20) / 20
    "words_le2",
    "words_ge15",
    "has_stopword",
    "title_like",  # passes._is_title_like (2..max words, no sentence-like ending)
    "heading_like",
    "ends_stop",  # ends with '.', ':' or ','
    "ends_question",  # '?' or '!'
    "capital_share",  # share of words opening with a capital
    "all_caps",
    "starts_lower",
    "has_separator",  # ' | ', ' - ', ': ' ... a site name or kicker may be glued on
    "digit_share",  # share of tokens holding a digit
    "has_date",
    "not_headline",  # passes._not_a_headline: a counter, credit or time
    "repeated",  # dropped as a repeat (duplicate / table-of-contents copy) or printed twice
    "in_longer_line",  # another line of the page holds it and more ('Headline | Site')
    "holds_candidate",  # it holds another candidate and more (kicker + headline)
    "site_name",  # the line is the site's name (metadata.titles.is_site_name on the host)
    "page_position",  # index / units
    "first_candidate",
)


@lru_cache(maxsize=1)
def load_weights() -> np.ndarray | None:
    """The shipped weights, in :data:`FEATURES` order (None when the file is absent). A file
    written for other features is a fatal error: the code and the data disagree."""
    try:
        raw = resources.files("textmill.models").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE} was fitted on other features; refit it with "
                         "textmill/models/train_title_scorer.py")
    return np.asarray(data["weights"], dtype=np.float64)


def candidates(units: list[_Unit], cfg: SegmentConfig) -> list[int]:
    """Units a title may be: one line of 1 to ``max_title_words`` words, undecided or dropped
    only as a repeat of the printed headline."""
    return [i for i, u in enumerate(units)
            if (u.kind == "" or u.rule in _REPEATED_RULES) and len(u.lines) == 1
            and 0 < len(u.text.split()) <= cfg.max_title_words]


def _content_words(text: str, stoplist: frozenset[str]) -> set[str]:
    return {w for w in words(text) if len(w) >= CONTENT_WORD_CHARS and w not in stoplist}


def _separated(text: str) -> bool:
    return any(sep in text for sep in (" | ", " - ", " – ", " — ", ": ", " :: ", " » ", " · "))


def _holding_another(keys: list[str]) -> set[str]:
    """The keys of ``keys`` (distinct, none holding "\n") that hold another, shorter one: each
    key searched for in all of them joined by "\n" (C), one step per key holding it, instead of
    a test of every pair of keys."""
    joined = "\n".join(keys)
    holders: set[str] = set()
    for key in keys:
        at = joined.find(key)
        while at >= 0:
            start = joined.rfind("\n", 0, at) + 1
            end = joined.find("\n", at)
            end = len(joined) if end < 0 else end
            if end - start > len(key):  # another, longer key holds it
                holders.add(joined[start:end])
            at = joined.find(key, end + 1)
    return holders


def feature_rows(units: list[_Unit], prose: list[bool], hint: SourceHint, cfg: SegmentConfig,
                 stoplist: frozenset[str], cands: list[int]) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate of ``cands``."""
    free = [i for i, u in enumerate(units) if u.kind == ""]
    first_prose = next((i for i in free if prose[i]), len(units))
    rule = _pick_title(units, prose, hint, cfg, stoplist)
    above = _headline_above_byline(units, cfg, first_prose)
    slot = _headline_slot(units, prose, cfg)
    slug = md.slug_words(hint.url)
    keys = md.site_keys((), hint.source_group)
    lede_units = [i for i in free if i >= first_prose and prose[i]][:LEDE_UNITS]
    lede = set().union(*(_content_words(units[i].text, stoplist) for i in lede_units)) if lede_units else set()
    norm = [normalise_line(u.text) for u in units]
    counts: dict[str, int] = {}
    for k in norm:
        counts[k] = counts.get(k, 0) + 1
    cand_norm = {norm[i] for i in cands if norm[i]}
    # in_longer_line in one C search per candidate, not a Python loop over the page's lines: a
    # key never holds "\n" (normalise_line collapses whitespace), so in the page's distinct keys
    # joined by it, a key occurs more than once exactly when a longer key holds it
    joined = "\n".join(counts)
    holders = _holding_another(sorted(cand_norm))
    before = [i for i in cands if i < first_prose]
    n_units = max(len(units), 1)
    rows = np.zeros((len(cands), len(FEATURES)), dtype=np.float64)
    for r, i in enumerate(cands):
        u = units[i]
        text = u.text
        toks = words(text)
        n = len(toks)
        raw = text.split()
        nxt = units[i + 1] if i + 1 < len(units) else None
        prv = units[i - 1] if i else None
        cw = _content_words(text, stoplist)
        jac = md.slug_match(text, slug)
        key = norm[i]
        to_prose = len(before) - bisect.bisect_right(before, i) if i < first_prose else 0  # `before` ascends
        caps = [t for t in raw if t[:1].isalpha()]
        rows[r] = (
            i == rule,
            i == above,
            i == slot,
            i < first_prose,
            i < first_prose and to_prose == 0,
            math.log1p(to_prose),
            math.log1p(max(0, i - first_prose)),
            nxt is not None and _is_meta_line(nxt),
            prv is not None and _is_meta_line(prv),
            any(_is_meta_line(v) for v in units[i + 1 : i + 4]),
            jac,
            len(md.slug_named_words(text, slug)) / len(slug) if slug else 0.0,
            jac >= md.SLUG_STRONG_MATCH,
            len(cw & lede) / len(cw) if cw else 0.0,
            min(n, 20) / 20,
            n <= 2,
            n >= 15,
            any(w in stoplist for w in toks),
            _is_title_like(text, cfg),
            is_heading_like(text, cfg.boilerplate),
            text.rstrip().endswith((".", ":", ",")),
            text.rstrip().endswith(("?", "!")),
            sum(t[0].isupper() for t in caps) / len(caps) if caps else 0.0,
            any(c.isalpha() for c in text) and text.upper() == text,
            text[:1].islower(),
            _separated(text),
            sum(any(c.isdigit() for c in t) for t in raw) / max(len(raw), 1),
            bool(md.find_dates(text)) if any(c.isdigit() for c in text) else False,
            _not_a_headline(text),
            u.rule in _REPEATED_RULES or counts.get(key, 0) > 1,
            bool(key) and joined.count(key) > 1,
            key in holders,
            is_site_name(text, keys) if keys else False,
            i / n_units,
            r == 0,
        )
    return rows


def choose_title(units: list[_Unit], prose: list[bool], hint: SourceHint, cfg: SegmentConfig,
                 stoplist: frozenset[str]) -> int | None:
    """Index of the title unit: the rules' choice (:func:`textmill.segment.passes._pick_title`)
    when the page names its title, has no URL or the scorer is off, else the best-scored
    candidate. The weights were fitted on pages with their URL (slug and site features); on a
    text without one the rules keep the project's labelled sets' titles (four of them, invented
    pages without URL, lost their title or a subhead's role to the scorer)."""
    weights = load_weights() if cfg.title_model and not hint.title and hint.url else None
    if weights is None:
        return _pick_title(units, prose, hint, cfg, stoplist)
    cands = candidates(units, cfg)
    if not cands:
        return None
    scores = feature_rows(units, prose, hint, cfg, stoplist, cands) @ weights
    return cands[int(np.argmax(scores))]  # argmax: the first of equal scores, the earlier unit
