"""Per-language stopword lists (a thin wrapper over jusText's ~100 stoplists).

The boilerplate classifier measures *stopword density* (share of a block's words that are
function words), the feature jusText uses to tell prose from navigation. Nothing here is
English-only: a language is named either by jusText's stoplist name (``"English"``) or by an
ISO 639-1 code (``"en"``, as the language detector reports it), and :func:`guess_stoplist`
picks the best-fitting list for a text when the language is unknown.

False-positive trade-off of guessing: on very short texts (a handful of words) the guess is
unreliable, so :func:`guess_stoplist` falls back to English below ``min_words``; on long
texts mixing languages the majority language wins.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import justext
import numpy as np

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

# jusText names a few lists differently from the ISO 639 English names; map the ISO codes
# lingua reports for them. Every other code is resolved through lingua's language names.
_ISO_OVERRIDES = {
    "nb": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk",
    "sl": "Slovenian",
    "fa": "Persian",
    "ms": "Malay",
    "pa": "Western_Panjabi",
}


@lru_cache(maxsize=16384)  # the classifier asks for the tokens of one line several times
def words(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens (letters/digits, inner apostrophes kept), as a tuple."""
    return tuple(_WORD_RE.findall(text.lower()))


@lru_cache(maxsize=None)
def _names() -> frozenset[str]:
    return frozenset(justext.get_stoplists())


@lru_cache(maxsize=None)
def stoplist_name(language: str) -> str:
    """Resolve ``"en"``/``"EN"``/``"english"``/``"English"`` to a jusText stoplist name.

    Raises ValueError for a language jusText has no list for (a configuration error: the
    caller asked for a language we cannot serve, so we stop rather than guess silently).
    """
    names = _names()
    if language in names:
        return language
    by_lower = {n.lower(): n for n in names}
    if language.lower() in by_lower:
        return by_lower[language.lower()]
    code = language.lower()
    if code in _ISO_OVERRIDES:
        return _ISO_OVERRIDES[code]
    if len(code) == 2:
        try:  # lingua knows ISO codes -> English language names; import lazily (optional)
            from lingua import IsoCode639_1, Language

            lang = Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
            name = lang.name.title()
            if name in names:
                return name
        except (ImportError, AttributeError, ValueError) as exc:
            raise ValueError(f"no stopword list for language {language!r}") from exc
    raise ValueError(f"no stopword list for language {language!r}; known: jusText names or ISO 639-1 codes")


@lru_cache(maxsize=None)
def get_stoplist(language: str) -> frozenset[str]:
    """The stopword set for a language (see :func:`stoplist_name` for accepted names)."""
    return frozenset(w.lower() for w in justext.get_stoplist(stoplist_name(language)))


@dataclass(frozen=True)
class _VoteTable:
    """The stoplists as a matrix, for :func:`_vote`: ``names`` (alphabetical), ``row`` (word ->
    row of ``sets``: one row per distinct set of languages whose stoplist holds the word) and
    ``sets`` (rows x languages, 1.0 where the language's list holds the row's words)."""

    names: tuple[str, ...]
    row: dict[str, int]
    sets: np.ndarray


@lru_cache(maxsize=1)
def _vote_table() -> _VoteTable:
    """Built once per process (~0.2 s): the ~150k words of the ~100 lists share ~2,400 rows
    (2 MB), and the lists are read without being kept (get_stoplist keeps the ones a run uses)."""
    names = tuple(n for n in sorted(_names()) if n != "Simple_English")  # a subset of English: would only split English votes
    index: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        for w in {w.lower() for w in justext.get_stoplist(name)}:
            index.setdefault(w, []).append(k)
    rows: dict[tuple[int, ...], int] = {}
    row = {w: rows.setdefault(tuple(v), len(rows)) for w, v in index.items()}
    sets = np.zeros((len(rows), len(names)), dtype=np.float64)
    for langs, r in rows.items():
        sets[r, list(langs)] = 1.0
    return _VoteTable(names, row, sets)


def guess_stoplist(text: str, *, min_words: int = 20, fallback: str = "English", top: int = 100) -> str:
    """Name of the stoplist that covers the most word tokens of ``text``.

    Only the ``top`` most frequent distinct tokens vote (function words are the most
    frequent tokens of any text, so the vote is the same as over all tokens in practice,
    at a fraction of the cost); each votes with its count for every language whose list
    holds it; the list with most hits wins (ties: alphabetical, deterministic). Texts
    shorter than ``min_words`` words return ``fallback``. Trade-off: a text mixing two
    languages in equal parts may tip differently than a vote over all tokens.
    """
    counts = Counter(_WORD_RE.findall(text.lower()))
    return _vote(counts, min_words, fallback, top)


def _vote(counts: Counter[str], min_words: int, fallback: str, top: int) -> str:
    if sum(counts.values()) < min_words:
        return fallback
    table = _vote_table()
    rows, weights = [], []
    for tok, count in _most_common(counts, top):
        r = table.row.get(tok)
        if r is not None:
            rows.append(r)
            weights.append(count)
    if not rows:
        return fallback
    # one vote per token occurrence for each list holding the token: a weighted sum of the
    # tokens' rows (integer counts, exact in float64); argmax takes the first of equal
    # maxima, the alphabetically first name (``names`` is sorted)
    votes = np.asarray(weights, dtype=np.float64) @ table.sets[rows]
    return table.names[int(votes.argmax())]


def _most_common(counts: Counter[str], top: int) -> list[tuple[str, int]]:
    """``counts.most_common(top)`` (the same pairs in the same order: equal counts in first-seen
    order) with one stable numpy sort instead of heapq's Python loop over every token."""
    if len(counts) <= top:
        return counts.most_common()
    tokens = list(counts)
    values = np.fromiter(counts.values(), dtype=np.int64, count=len(tokens))
    order = np.argsort(-values, kind="stable")[:top].tolist()
    return [(tokens[i], counts[tokens[i]]) for i in order]


def document_stoplist(text: str, language: str | None = None) -> tuple[frozenset[str], float]:
    """(stoplist, stopword density of the whole text) with one tokenisation of the text:
    the stoplist of ``language``, or the guessed one (:func:`guess_stoplist`) when None."""
    counts = Counter(_WORD_RE.findall(text.lower()))
    stoplist = get_stoplist(language or _vote(counts, 20, "English", 100))
    n = sum(counts.values())
    return stoplist, (sum(c for t, c in counts.items() if t in stoplist) / n if n else 0.0)


def stopword_density(text: str, stoplist: frozenset[str]) -> float:
    """Share of word tokens of ``text`` that are in ``stoplist`` (0.0 for no words)."""
    tokens = words(text) if len(text) < 2000 else _WORD_RE.findall(text.lower())  # cache lines, not documents
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in stoplist) / len(tokens)
