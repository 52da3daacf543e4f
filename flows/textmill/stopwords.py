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
from functools import lru_cache

import justext

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


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """word -> languages whose stoplist contains it (built once, ~0.3 s). The ~150k words share
    one tuple per distinct set of languages, and the ~100 lists are read without being kept
    (get_stoplist keeps the ones a run uses): 34 MB per process instead of 52."""
    index: dict[str, list[str]] = {}
    for name in sorted(_names()):
        if name == "Simple_English":  # a subset of English: would only split English votes
            continue
        for w in {w.lower() for w in justext.get_stoplist(name)}:
            index.setdefault(w, []).append(name)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    return {w: shared.setdefault(tuple(v), tuple(v)) for w, v in index.items()}


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
    index = _index()
    votes: dict[str, int] = {}
    for tok, count in counts.most_common(top):
        for name in index.get(tok, ()):
            votes[name] = votes.get(name, 0) + count
    if not votes:
        return fallback
    best = max(votes.values())
    return min(n for n, v in votes.items() if v == best)


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
