"""Corpus-level repeated-line statistics: site template lines (two passes over a run).

Pass 1: for each document, :func:`template_keys` gives the normalised keys of its short,
non-prose lines (candidates); the caller counts, per source group (site / URL host / folder),
in how many documents each key occurs (:class:`TemplateCounter` does this and merges runs).
Pass 2: :class:`TemplateStats` says a line is template boilerplate when its key occurs in at
least ``min_docs`` documents *and* at least ``min_share`` of the group's documents.

Only non-prose lines are candidates, so a long prose paragraph shared by many documents
(syndicated wire copy) is never a template line: it is content, deduplicated elsewhere.
False-positive trade-off: a short recurring subhead a site uses in most articles ("What's
next") is dropped as template; raising ``min_share`` keeps it but keeps thin templates too.
Groups smaller than ``min_docs`` documents never yield templates.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from textmill.boilerplate import ends_sentence
from textmill.stopwords import words


@dataclass(frozen=True)
class TemplateConfig:
    """max_words: longer lines are never template candidates (prose-length).
    min_docs: a key must occur in at least this many documents of the group.
    min_share: ... and in at least this share of the group's documents.
    short_sentence_words: a line ending in . ! ? is prose unless it has at most this many
        words ("Comments are closed." is a template; a one-line sentence of news is not).
    """

    max_words: int = 15
    min_docs: int = 3
    min_share: float = 0.3
    short_sentence_words: int = 4


_DIGITS_RE = re.compile(r"\d+")


def normalise_line(line: str) -> str:
    """Key of a line: NFKC, case-folded, digit runs -> '0', whitespace collapsed,
    surrounding punctuation stripped ("© 2016 Site" and "© 2017 Site" share a key)."""
    s = unicodedata.normalize("NFKC", line).casefold()
    s = _DIGITS_RE.sub("0", s)
    # whitespace runs -> " " (as re.sub(r"\s+", " ", s)) but for whitespace at the ends, which the strip below removes
    # anyway (str.split and \s agree on what is whitespace); 1.6x faster on paragraphs
    s = " ".join(s.split())
    return s.strip(" \t.,;:|-–—•·*#>\"'“”‘’()[]")


def is_candidate(line: str, cfg: TemplateConfig = TemplateConfig()) -> bool:
    """Short and not prose (see :class:`TemplateConfig`)."""
    s = line.strip()
    n = len(words(s))
    if n == 0 or n > cfg.max_words:
        return False
    return not ends_sentence(s) or n <= cfg.short_sentence_words


def template_keys(text: str, config: TemplateConfig | None = None) -> set[str]:
    """Normalised keys of the candidate (short, non-prose) lines of one document."""
    cfg = config or TemplateConfig()
    keys = (normalise_line(ln) for ln in text.splitlines() if is_candidate(ln, cfg))  # each line normalised once
    return {k for k in keys if k}


@dataclass
class TemplateCounter:
    """Mutable accumulator for pass 1; ``counts``/``n_docs`` are plain dicts that can be
    stored between runs (e.g. as a table) and merged with :meth:`merge`."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    n_docs: Counter[str] = field(default_factory=Counter)

    def add(self, source_group: str, text: str, config: TemplateConfig | None = None) -> None:
        self.counts.setdefault(source_group, Counter()).update(template_keys(text, config))
        self.n_docs[source_group] += 1

    def add_keys(self, source_group: str, keys: Iterable[str]) -> None:
        self.counts.setdefault(source_group, Counter()).update(set(keys))
        self.n_docs[source_group] += 1

    def merge(self, other: "TemplateCounter") -> None:
        for group, c in other.counts.items():
            self.counts.setdefault(group, Counter()).update(c)
        self.n_docs.update(other.n_docs)

    def stats(self, config: TemplateConfig | None = None) -> "TemplateStats":
        return TemplateStats.from_counts(self.counts, self.n_docs, config)


@dataclass(frozen=True)
class TemplateStats:
    """Per-group template keys (immutable; build with :meth:`from_counts`)."""

    templates: Mapping[str, frozenset[str]]
    config: TemplateConfig = TemplateConfig()

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[str, Mapping[str, int]],
        n_docs: Mapping[str, int],
        config: TemplateConfig | None = None,
    ) -> "TemplateStats":
        cfg = config or TemplateConfig()
        out: dict[str, frozenset[str]] = {}
        for group, keys in counts.items():
            n = n_docs.get(group, 0)
            if n < cfg.min_docs:
                continue
            out[group] = frozenset(k for k, c in keys.items() if c >= cfg.min_docs and c / n >= cfg.min_share)
        return cls(out, cfg)

    def is_template(self, source_group: str, line: str) -> bool:
        """True if ``line`` is a non-prose line recurring across the group's documents."""
        keys = self.templates.get(source_group)
        if not keys or not is_candidate(line, self.config):
            return False
        return normalise_line(line) in keys
