"""Phrase data for page furniture, one JSON file per language (``en.json``, ``de.json``, ...).

The boilerplate rules (:mod:`textmill.boilerplate`) and the metadata parsers
(:mod:`textmill.metadata`) read their phrase lists from here, so that adding a language is a
data change, not a code change. All languages are merged: a page is judged by the phrases of
every language (pages mix languages: an English cookie banner on a German site), which is
safe because every phrase is matched either against a *whole short line* or, for the longer
"contains" categories, as a multi-word expression that does not occur in ordinary prose.

Keys (every entry is a case-insensitive regular-expression fragment unless it is a word list):

- ``connectors`` / ``widget_words`` (words): a short line made only of widget words and
  connectors ("Teilen mit", "Share on Facebook") is a widget.
- ``cookie_terms`` + ``consent_terms`` (a line containing one of each is a cookie notice);
  ``consent_buttons`` (whole line: "Alle akzeptieren", "Manage preferences").
- ``comment_headers`` (whole line: "17 comments", "Kommentare", "Laisser un commentaire");
  ``comment_meta`` (whole line: "Klaus R. schreibt:", "Reply"); ``relative_time`` ("vor 3
  Stunden", "3 months ago": also used for "name · 3 months ago" commenter lines).
- ``list_headers`` (whole line: "Mehr zum Thema", "Lire aussi"); ``teaser_labels`` (label
  before a colon: "Lee también: <headline>"); ``toc_headers`` ("Inhalt", "En este artículo").
- ``ads`` / ``widgets`` (whole line); ``promo`` (reader appeals, donation and subscription
  asks) and ``disclaimers`` (affiliate, medical, forward-looking, wire standards): *contained*
  in a line of limited length.
- ``about_headers`` ("About the author", "Über den Autor"); ``bio_roles`` (words) and
  ``bio_verbs`` (third-person "is a ... reporter", "covers", "schreibt über").
- ``credit_words`` (photo credit labels: "Foto", "Crédit photo", "Imagen", "Courtesy of").
- ``byline_labels`` (a line next to a byline that is part of it: "Staff writer", "Agencia
  EFE"); ``contributed`` ("... contributed to this report"); ``reviewed_by``.

False-positive trade-off: merging languages means a word that is furniture in one language
and prose in another could misfire; word lists are therefore only applied to short lines
made *entirely* of such words, and the contained categories are multi-word expressions.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict]:
    out = {}
    for path in sorted(HERE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["language"]] = data
    if not out:  # a packaging error, not a per-record problem: stop with a message
        raise RuntimeError(f"no phrase files in {HERE}; reinstall textmill with its package data")
    return out


def languages() -> tuple[str, ...]:
    """ISO 639-1 codes that have a phrase file."""
    return tuple(_tables())


@lru_cache(maxsize=None)
def entries(key: str) -> tuple[str, ...]:
    """All entries of ``key`` over every language, deduplicated, longest first (so that an
    alternation prefers the longer phrase)."""
    seen: dict[str, None] = {}
    for table in _tables().values():
        for entry in table.get(key, ()):
            seen.setdefault(entry, None)
    return tuple(sorted(seen, key=lambda e: (-len(e), e)))


@lru_cache(maxsize=None)
def words(key: str) -> frozenset[str]:
    """A word-list key as a set of lower-case words."""
    return frozenset(w.lower() for w in entries(key))


def alternation(key: str) -> str:
    """``(?:a|b|...)`` of the entries of ``key`` (regular-expression fragments)."""
    return "(?:" + "|".join(entries(key)) + ")"


@lru_cache(maxsize=None)
def line_regex(key: str) -> re.Pattern[str]:
    """Whole-line match: the entries of ``key`` with optional trailing punctuation/arrows."""
    return re.compile(rf"^\W*{alternation(key)}[\W_]*$", re.IGNORECASE)


@lru_cache(maxsize=None)
def contains_regex(key: str) -> re.Pattern[str]:
    """An entry of ``key`` anywhere in the line, starting at a word boundary."""
    return re.compile(rf"(?<!\w){alternation(key)}", re.IGNORECASE)
