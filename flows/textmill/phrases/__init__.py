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
from dataclasses import dataclass
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
    """An entry of ``key`` anywhere in the line, as whole words."""
    return re.compile(rf"(?<!\w){alternation(key)}(?!\w)", re.IGNORECASE)


def _scan(rx: str, start: int = 0):
    """(index, char, group depth after it) of each structural character of the regex ``rx``
    from ``start``; escapes and character classes are skipped whole."""
    depth, i = 0, start
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = rx.index("]", i + 1) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        yield i, c, depth
        i += 1


def _close(rx: str, i: int) -> int:
    """Index of the ')' closing the group that opens at ``rx[i]``."""
    for index, c, depth in _scan(rx, i):
        if c == ")" and depth == 0:
            return index
    raise ValueError(f"unbalanced group in {rx!r}")


def _split_top(rx: str) -> list[str]:
    """The top-level alternatives of ``rx`` (split at '|' outside any group)."""
    parts, start = [], 0
    for index, c, depth in _scan(rx):
        if c == "|" and depth == 0:
            parts.append(rx[start:index])
            start = index + 1
    return parts + [rx[start:]]


def _first_words(rx: str) -> set[str] | None:
    """Lower-case prefixes (<= 4 chars) that the first word of any match of ``rx`` starts with;
    None when that cannot be told from the pattern (it then always has to run)."""
    if not rx:
        return None
    if rx.startswith("(?:"):
        end = _close(rx, 0)
        rest = rx[end + 1 :]
        optional = rest[:1] in ("?", "*")
        rest = rest[1:] if rest[:1] in ("?", "*", "+") else rest
        out: set[str] = set()
        for alt in _split_top(rx[3:end]):
            got = _first_words(alt.lstrip() + rest if alt.strip() else rest)
            if got is None:
                return None
            out |= got
        if optional:
            got = _first_words(rest.lstrip())
            if got is None:
                return None
            out |= got
        return out
    m = re.match(r"[^\W\d_][\w'’-]*", rx)
    if not m:
        return None
    word = m.group(0)
    if rx[m.end() : m.end() + 1] in ("?", "*", "{"):
        word = word[:-1]  # "réflexions?": the last letter is optional
    return {word.split("-")[0][:4].lower()}


def _anchor_word(rx: str) -> str | None:
    """The longest literal word (3+ letters) every match of ``rx`` must contain: a word of
    the pattern's top level, outside groups, classes and quantifiers; None if there is none."""
    flat, nxt = [], 0
    for i, c, depth in _scan(rx):
        if i > nxt:
            flat.append(" ")  # an escape or a character class ends a word
        flat.append(c if depth == 0 and c != ")" else " ")  # groups (and their brackets) are blanked
        nxt = i + 1
    if nxt < len(rx):
        flat.append(" ")
    text = "".join(flat)
    found = [m.group(0) if text[m.end() : m.end() + 1] != "?" else m.group(0)[:-1]  # "thoughts?": "thought"
             for m in re.finditer(r"[^\W\d_][\w'’-]{2,}", text)
             if text[m.end() : m.end() + 1] not in ("*", "{") and (m.start() == 0 or not text[m.start() - 1].isalnum())]
    # tokens split at hyphens ("e-mail" -> "e", "mail"): a hyphenated word anchors by its first part
    found = [w.split("-")[0] for w in found]
    return max(found, key=len).lower() if found else None


def _anchor_set(rx: str) -> set[str] | None:
    """Prefixes of the most selective required element of ``rx``: its longest top-level word,
    or a required top-level group of word alternatives ('(?:donation|gift)'), whichever has
    the longest shortest word; else the possible first words."""
    best: tuple[int, set[str]] | None = None
    anchor = _anchor_word(rx)
    if anchor:
        best = (len(anchor), {anchor[:4]})
    i = 0
    while i < len(rx):
        if rx.startswith("(?:", i):
            end = _close(rx, i)
            if rx[end + 1 : end + 2] not in ("?", "*"):
                # alternatives that are plain words, maybe with an optional last letter ("comments?")
                alts = [re.fullmatch(r"([^\W\d_][\w'’-]*?)(?:\w\?)?", a) for a in _split_top(rx[i + 3 : end])]
                if alts and all(alts):
                    score = min(len(a.group(1)) for a in alts)
                    if best is None or score > best[0]:
                        best = (score, {a.group(1).split("-")[0][:4].lower() for a in alts})
            i = end + 1
        else:
            i += 1 if rx[i] != "\\" else 2
    return best[1] if best and best[0] >= 3 else _first_words(rx)


@lru_cache(maxsize=None)
def triggers(key: str) -> frozenset[str] | None:
    """Prefix filter for the contained categories: a line can only hold an entry of ``key``
    if one of its words starts with one of these (<= 4-char) prefixes (of the entry's
    longest literal word, else of its possible first words). None: no filter."""
    out: set[str] = set()
    for entry in entries(key):
        got = _anchor_set(entry)
        if got is None:
            return None
        out |= got
    return frozenset(out)


def may_contain(key: str, tokens: tuple[str, ...]) -> bool:
    """Cheap test before a ``contains_regex(key)`` search: False means it cannot match."""
    trig = triggers(key)
    return trig is None or _hit(trig, tokens)


@dataclass(frozen=True)
class Matcher:
    """A phrase category compiled for speed: the entries whose words can be told from the
    pattern sit behind a word-prefix filter (most lines hold none of those words and skip
    the regex), the rest are always tried. ``test(line, tokens)`` is the same as matching
    one big alternation of all entries (``tokens``: the line's lower-case words)."""

    always: re.Pattern[str] | None
    filtered: re.Pattern[str] | None
    trig: frozenset[str]
    search: bool  # find anywhere (contains) instead of matching the whole line
    needles: tuple[str, ...] = ()  # if given, the lower-cased line must contain one of them

    def __post_init__(self) -> None:
        # one C-level scan for all needles instead of a Python loop over them
        needle_re = re.compile("|".join(map(re.escape, self.needles))) if self.needles else None
        object.__setattr__(self, "_needle_re", needle_re)

    def test(self, line: str, tokens: tuple[str, ...]) -> bool:
        if self._needle_re is not None and self._needle_re.search(line.lower()) is None:
            return False
        rx = self.always
        if rx is not None and (rx.search(line) if self.search else rx.match(line)):
            return True
        rx = self.filtered
        if rx is None or self.trig.isdisjoint(word_keys(tokens)):
            return False
        return (rx.search(line) if self.search else rx.match(line)) is not None


@lru_cache(maxsize=16384)
def word_keys(tokens: tuple[str, ...]) -> frozenset[str]:
    """The words of a line and their 4-letter prefixes (built once per line): a line can
    hold a filtered phrase only if this set meets the phrase's trigger set."""
    return frozenset(tokens) | frozenset(t[:4] for t in tokens)


def _hit(trig: frozenset[str], tokens: tuple[str, ...]) -> bool:
    return not trig.isdisjoint(word_keys(tokens))


@lru_cache(maxsize=None)
def matcher(key: str, template: str = "line") -> Matcher:
    """Matcher of ``key``: ``template`` "line" (whole line, trailing punctuation allowed),
    "contains" (whole words anywhere), or a pattern with ``{}`` for the alternation (matched
    at the start of the line, e.g. ``"^{}\\s*:\\s*\\S.*$"`` for "Label: headline")."""
    pattern = {"line": r"^\W*{}[\W_]*$", "contains": r"(?<!\w){}(?!\w)"}.get(template, template)
    always, filtered, trig = [], [], set()
    for entry in entries(key):
        got = _anchor_set(entry)
        if got is None:
            always.append(entry)
        else:
            filtered.append(entry)
            trig |= got

    def compile_(group: list[str]) -> re.Pattern[str] | None:
        return re.compile(pattern.format("(?:" + "|".join(group) + ")"), re.IGNORECASE) if group else None

    return Matcher(compile_(always), compile_(filtered), frozenset(trig), template == "contains")
