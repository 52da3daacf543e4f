"""Line/block boilerplate classifier for plain text: keep, or drop with a rule name.

Two layers, both pure and both *deciding only* (they never edit text):

1. :func:`line_rule` -- context-free rules for one line: widget and share phrases,
   advertisement labels, comment-section headers and commenter lines, related-links and
   table-of-contents headers, cookie notices and consent buttons, copyright, reader appeals
   and subscription asks (promo), affiliate / medical / wire disclaimers, box-score rows,
   navigation bars, source footers, sign-offs, date-only lines. Returns a snake_case rule
   name or None. The phrases are data, one JSON file per language in
   :mod:`textmill.phrases` (en, de, fr, es, it, pt, nl; all applied to every page).
   :func:`is_bio`, :func:`is_appeal`, :func:`is_about_header` serve the tail pass of
   :mod:`textmill.segment` (author notes and appeals after the last paragraph).
2. :func:`classify_blocks` -- a jusText-style classifier over the remaining blocks: each
   block gets a context-free class from its length and stopword density (per language,
   see :mod:`textmill.stopwords`), then short and near-good blocks are judged by their
   neighbours (a short block between good blocks is good; between bad ones, bad); the
   items of one list are judged together.

Trade-offs: phrases are only matched on *short* lines (whole-line phrases up to 12 words,
contained appeal/disclaimer phrases up to 40/60 words), so prose that mentions "share" or
"comments" is never dropped by a phrase, at the cost of missing long widget blurbs (the
tail pass in segment catches those after the last paragraph). The jusText thresholds
(70/200 chars, 0.30/0.32 stopword density) are jusText's defaults for English; languages
with small stoplists may need lower density thresholds (``BoilerplateConfig``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from textmill.boilerplate.lines import (
    ends_sentence,
    is_about_header,
    is_appeal,
    is_bio,
    is_comment_header,
    is_list_header,
    is_toc_header,
    line_rule,
)
from textmill.stopwords import stopword_density, words

__all__ = [
    "CLOSING_QUOTES", "NON_TITLE_ENDINGS", "BlockFeatures", "BoilerplateConfig",
    "classify_blocks", "context_free_class", "ends_sentence", "features", "is_about_header", "is_appeal",
    "heading_shape", "is_bio", "is_comment_header", "is_heading_like", "is_list_header", "is_list_item", "is_toc_header",
    "line_rule", "smooth",
]


@dataclass(frozen=True)
class BoilerplateConfig:
    """Options of the block classifier (defaults = jusText's, tuned on English news).

    length_low: blocks shorter than this (chars) are 'short' and judged by context.
    length_high: a block needs more than this many chars to be 'good' on its own.
    stopwords_low / stopwords_high: stopword-density bounds for 'neargood' / 'good'.
        Lowering them keeps more name-heavy prose and also more navigation.
    max_phrase_words: widget/comment/related phrases are only matched on lines of at
        most this many words (longer lines are prose that merely mentions the words).
    short_sentences_neargood: a short block that is a complete sentence (terminal
        punctuation, enough stopwords) counts as 'neargood' instead of 'short', so a
        one-line quote at the end of an article survives (jusText would drop it).
    max_heading_words: a heading-like block has at most this many words.
    prose_rescue_density: a complete sentence (terminal punctuation, upper-case start, 8+
        words) whose stopword density is below ``stopwords_low`` but at least this value
        is 'neargood' (kept unless both neighbours are bad) instead of 'bad': name-heavy
        news sentences ("Carter told CNN's Christiane Amanpour Wednesday ...") survive
        next to body paragraphs. FP risk: a punctuated footer blurb next to the last body
        paragraph is kept.
    comment_tail_min_prose_before / comment_tail_max_prose: a comment-section header
        ('Comments', '12 Kommentare') after at least ``comment_tail_min_prose_before`` prose
        paragraphs makes the rest of the page comments; after fewer (a teaser above a
        comment count or a 'Comments' tab at the top of the page) only when a comment's
        metadata (author line, date, 'Reply') comes before ``comment_tail_max_prose`` prose
        paragraphs do: there the article's paragraphs follow the header.
    unpunctuated_neargood: jusText makes a medium-length (``length_low``..``length_high``)
        block with enough stopwords 'neargood' even without terminal punctuation; off here,
        such a block (a site tagline, a newsletter teaser title) is 'short' and judged by
        its neighbours, because a neargood tagline above the article makes the menu items
        between it and the article 'good'. FP risk: a body paragraph that lost its final
        full stop is judged by context (kept between body paragraphs, as it normally is).
    """

    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_phrase_words: int = 12
    short_sentences_neargood: bool = True
    max_heading_words: int = 12
    prose_rescue_density: float = 0.15
    unpunctuated_neargood: bool = False
    comment_tail_min_prose_before: int = 2
    comment_tail_max_prose: int = 3


# ------------------------------------------------------------------ block classifier
@dataclass(frozen=True)
class BlockFeatures:
    n_chars: int
    n_words: int
    stop_density: float
    ends_sentence: bool
    starts_upper: bool
    sentence_shaped: bool = False  # ends a sentence, holds one inside, or is a list item


_INNER_SENTENCE_RE = re.compile(r"[.!?][\"'”’»)]*\s+[\"'“‘«(]?[A-ZÀ-Þ]")
_BULLET_RE = re.compile(r"^(?:[-–•·*▪●◦‣]\s+|\d{1,2}[.)]\s+\S)")


def is_list_item(text: str, numbered: bool = True) -> bool:
    """'- item', '• item' (and with ``numbered``, '1. item', '2) item'): a list item."""
    m = _BULLET_RE.match(text)
    return m is not None and (numbered or not m.group(0)[0].isdigit())


@lru_cache(maxsize=8192)  # a document classifies its blocks twice (before/after the title)
def features(text: str, stoplist: frozenset[str]) -> BlockFeatures:
    s = text.strip()
    first = next((c for c in s if c.isalpha()), "")
    end = ends_sentence(s)
    shaped = end or _INNER_SENTENCE_RE.search(s) is not None or is_list_item(s)
    return BlockFeatures(len(s), len(words(s)), stopword_density(s, stoplist), end, first.isupper(), shaped)


def is_heading_like(text: str, cfg: BoilerplateConfig) -> bool:
    """Short, starts upper-case, no full stop at the end (a '?' or ':' is fine): a subhead.

    FP risk: a one-line exclamation or question in the body ("Why?") is also heading-like;
    harmless for the article text (headings belong to it), only the role differs.
    """
    s = text.strip()
    first = next((c for c in s if c.isalpha()), "")
    return heading_shape(s, len(words(s)), first.isupper(), cfg)


def heading_shape(text: str, n_words: int, starts_upper: bool, cfg: BoilerplateConfig) -> bool:
    """:func:`is_heading_like` from a unit's word count and whether its first letter is a
    capital, for callers that have them already (the line classifier's block features)."""
    return (0 < n_words <= cfg.max_heading_words and starts_upper
            and not text.strip().rstrip(CLOSING_QUOTES).endswith(NON_TITLE_ENDINGS))


# A title or subhead does not end like a sentence or a clause (a '?' or '!' is fine), once the
# closing quotes and brackets after its last word are set aside.
NON_TITLE_ENDINGS = (".", ",", ";", ":", "…", "。", "，", "；", "：")
CLOSING_QUOTES = "\"'”’»)]」』"


def context_free_class(f: BlockFeatures, cfg: BoilerplateConfig) -> str:
    """'good' | 'neargood' | 'short' | 'bad' from length and stopword density (jusText)."""
    if f.n_chars < cfg.length_low:
        if (
            cfg.short_sentences_neargood
            and f.ends_sentence
            and f.n_words >= 4
            and f.stop_density >= cfg.stopwords_low
        ):
            return "neargood"
        return "short"
    if f.stop_density >= cfg.stopwords_high and f.n_chars > cfg.length_high:
        return "good"
    if f.stop_density >= cfg.stopwords_low:
        # an unpunctuated medium block (a tagline, a menu blurb) is not prose on its own
        return "neargood" if f.sentence_shaped or cfg.unpunctuated_neargood else "short"
    if f.ends_sentence and f.starts_upper and f.n_words >= 8 and f.stop_density >= cfg.prose_rescue_density:
        return "neargood"
    return "bad"


def _neighbour(classes: list[str], i: int, step: int, ignore_neargood: bool, end: str = "bad") -> str:
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        j += step
    # document edges count as bad context (jusText); ``end`` is the context after the last block
    return end if step > 0 else "bad"


def smooth(classes: list[str], end: str = "bad") -> list[str]:
    """jusText context rules. Input classes: good/neargood/short/bad, or 'skip' for blocks
    that are transparent to context (metadata blocks decided elsewhere). Output: each
    non-skip block becomes good or bad. ``end`` is the context after the last block: 'bad'
    for a whole page, 'good' for an extractor's main text (which ends where the article does)."""
    out = list(classes)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        prev = _neighbour(classes, i, -1, True)
        nxt = _neighbour(classes, i, 1, True, end)
        if prev == nxt:
            out[i] = prev
        elif (prev == "bad" and _neighbour(classes, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour(classes, i, 1, False, end) == "neargood"
        ):
            out[i] = "good"
        else:
            out[i] = "bad"
    for i, c in enumerate(classes):
        if c != "neargood":
            continue
        both_bad = _neighbour(classes, i, -1, True) == "bad" and _neighbour(classes, i, 1, True, end) == "bad"
        out[i] = "bad" if both_bad else "good"
    return out


_RANK = ("good", "neargood", "short", "bad")


def classify_blocks(
    texts: list[str],
    stoplist: frozenset[str],
    cfg: BoilerplateConfig = BoilerplateConfig(),
    fixed: list[str | None] | None = None,
    groups: list[int | None] | None = None,
    floors: list[str | None] | None = None,
    end: str = "bad",
) -> list[str]:
    """Final class per block: 'good' or 'bad' (or 'skip').

    ``fixed[i]`` pre-decides a block: 'bad' (dropped by a rule: bad context for its
    neighbours) or 'skip' (metadata such as a byline or caption: transparent to context);
    None lets the classifier decide from ``texts[i]``. ``groups[i]`` (optional) puts blocks
    into groups that are judged together (the items of one list): every block of a group
    gets the best context-free class of the group, so a short last item ("- Cash") stays
    with the long items of its list; a group that starts with an intro line ending in ':'
    right after prose is at least 'neargood' (a list of short items closing an article).

    ``floors[i]`` (optional) is the lowest context-free class block i may get (extracted
    HTML: a table row is at least 'neargood', any other non-link block at least 'short', see
    :mod:`textmill.segment.structure`); ``end`` is the context after the last block ('bad'
    as in jusText for a whole page, 'good' for an extractor's main text).

    Heading promotion (as jusText does for <h*>): a heading-like short block after the first
    prose block and directly followed by a good block is raised to 'neargood', so a subhead
    between two body paragraphs is kept, while menu items above the article and a run of
    title-like lines with no body after it (related headlines at the end) are not.
    """
    fixed = fixed or [None] * len(texts)
    cf = [f if f else context_free_class(features(t, stoplist), cfg) for t, f in zip(texts, fixed)]
    if floors:
        cf = [c if f or not floor or _RANK.index(c) <= _RANK.index(floor) else floor
              for c, f, floor in zip(cf, fixed, floors)]
    if groups:
        best: dict[int, str] = {}
        for c, g in zip(cf, groups):
            if g is not None and c != "skip":
                best[g] = min(best.get(g, "bad"), c, key=_RANK.index)
        # a list introduced by a line ending in ':' right after prose continues that prose
        for g in best:
            first = groups.index(g)
            before = next((c for c in reversed(cf[:first]) if c != "skip"), "bad")
            if texts[first].rstrip().endswith(":") and before in ("good", "neargood") and best[g] in ("short", "bad"):
                best[g] = "neargood"
        cf = [best[g] if g is not None and c != "skip" else c for c, g in zip(cf, groups)]
    promoted = list(cf)
    seen_prose = False
    for i, t in enumerate(texts):
        if cf[i] in ("good", "neargood"):
            seen_prose = True
        # only inside the article (after its first prose block), and only when the very next
        # non-skip block is good: a menu item before the article or a headline in a list of
        # related links is not a subhead.
        if seen_prose and not fixed[i] and cf[i] in ("short", "bad") and is_heading_like(t, cfg):
            nxt = next((c for c in cf[i + 1 :] if c != "skip"), "bad")
            if nxt == "good":
                promoted[i] = "neargood"
    if "good" not in promoted:
        # A document with no block long enough to be 'good' (a short wire item, a JSONL
        # record of two sentences): accept complete sentences instead of dropping it all.
        promoted = ["good" if c == "neargood" else c for c in promoted]
    return smooth(promoted, end)
