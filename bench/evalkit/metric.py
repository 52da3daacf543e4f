"""Scoring kept article text against labelled gold: the shingle metric and per-role accuracy.

Pure functions, no I/O, so that the quality gates (tests/quality) and the benchmark scripts
(bench/eval_boilerplate.py) compute exactly the same numbers. Evaluation code lives outside the
library: what it measures is what ``textmill curate`` wrote (:mod:`evalkit.driver`).

Shingle metric (the one used by the article-extraction benchmarks this project compares itself
with, e.g. jusText ~0.79 and trafilatura ~0.90 shingle F1):
- tokens are runs of word characters (``\\w+``, Unicode-aware, case kept): punctuation, quote
  style, dashes and whitespace do not count, so a repaired quote or a re-wrapped line does not
  move the score, while every dropped or leaked word does;
- shingles are the runs of 4 consecutive tokens, counted as a multiset (a paragraph kept twice
  is penalised: its second copy is a false positive);
- a text with fewer than 4 tokens (but at least one) is one shingle of all its tokens, so a short
  gold text still counts;
- per document: precision = tp / (tp + fp), recall = tp / (tp + fn); both texts empty scores
  1/1 (correctly nothing), exactly one empty, or no overlap, scores 0/0;
- a set's precision and recall are the plain means over its documents, and its F1 is the
  harmonic mean of those two means (not the mean of per-document F1s).

Trade-off: the metric ignores order beyond 4 tokens and cannot tell which role a paragraph got;
per-role accuracy (``role_accuracy``) covers that part.

The runner (``evaluate_records``: curate a gold set's inputs, read the tables, score) is
:mod:`evalkit.driver`. The gold file format is described in tests/cases/boilerplate_eval/README.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "MISSING",
    "SHINGLE_SIZE",
    "DocScore",
    "RoleScore",
    "SetScore",
    "align_roles",
    "role_accuracy",
    "score_document",
    "score_set",
    "shingles",
    "tokenize",
]

SHINGLE_SIZE = 4
# \w is Unicode-aware in Python 3: letters and digits of every script count as word characters.
_TOKEN_RE = re.compile(r"\w+")

# Predicted role recorded when no kept paragraph matches a gold paragraph.
MISSING = "removed"


def tokenize(text: str | None) -> list[str]:
    """Split into word tokens (``\\w+``); punctuation and whitespace are dropped, case is kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter[str]:
    """Multiset of the runs of ``n`` consecutive tokens; one shingle when 0 < tokens < n."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([" ".join(tokens)])
    return Counter(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class DocScore:
    """Shingle counts and scores of one document."""

    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_document(predicted: str, gold: str, label: str = "", n: int = SHINGLE_SIZE) -> DocScore:
    """Shingle precision/recall of ``predicted`` article text against ``gold`` article text."""
    pred_sh, gold_sh = shingles(predicted, n), shingles(gold, n)
    tp = sum((pred_sh & gold_sh).values())
    fp = sum(pred_sh.values()) - tp
    fn = sum(gold_sh.values()) - tp
    if not pred_sh and not gold_sh:
        precision = recall = 1.0  # nothing to keep, nothing kept: correct
    elif tp == 0:
        precision = recall = 0.0
    else:
        precision, recall = tp / (tp + fp), tp / (tp + fn)
    return DocScore(label, tp, fp, fn, precision, recall)


@dataclass(frozen=True)
class RoleScore:
    """Accuracy of the role given to gold paragraphs of one gold role."""

    role: str
    n: int
    correct: int
    confusions: tuple[tuple[str, int], ...] = ()  # (predicted role, count), most frequent first

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0


@dataclass(frozen=True)
class SetScore:
    """Scores of one evaluation set (seeds, synthetic txt, ...)."""

    name: str
    docs: tuple[DocScore, ...]
    roles: tuple[RoleScore, ...] = field(default=())

    @property
    def precision(self) -> float:
        return sum(d.precision for d in self.docs) / len(self.docs) if self.docs else 0.0

    @property
    def recall(self) -> float:
        return sum(d.recall for d in self.docs) / len(self.docs) if self.docs else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def role_accuracy(self) -> float:
        """Micro-averaged role accuracy over all gold paragraphs of the set."""
        n = sum(r.n for r in self.roles)
        return sum(r.correct for r in self.roles) / n if n else 0.0

    def role(self, name: str) -> RoleScore | None:
        return next((r for r in self.roles if r.role == name), None)


def score_set(name: str, docs: Iterable[DocScore], roles: Iterable[RoleScore] = ()) -> SetScore:
    return SetScore(name, tuple(docs), tuple(roles))


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def align_roles(
    predicted: Sequence[tuple[str, str]],
    gold: Sequence[tuple[str, str]],
    min_similarity: float = 0.5,
) -> list[tuple[str, str]]:
    """Pair every gold paragraph with the role of its best-matching predicted paragraph.

    ``predicted`` and ``gold`` are sequences of ``(role, text)``. Similarity is the Dice
    coefficient of the token multisets, so a paragraph that was re-wrapped, repaired or had a
    credit appended still matches; below ``min_similarity`` the gold paragraph counts as
    ``"removed"``. Each predicted paragraph is used at most once (greedy, best pairs first,
    ties broken by position), so a duplicated caption kept twice does not earn two matches.
    Trade-off: a gold paragraph that the classifier split in two matches only its larger half
    (Dice >= 0.5 needs more than a third of the tokens), a merge of two gold paragraphs matches
    only the one that dominates it.
    """
    pred_tokens = [Counter(tokenize(text)) for _, text in predicted]
    gold_tokens = [Counter(tokenize(text)) for _, text in gold]
    pairs = []
    for gi, gt in enumerate(gold_tokens):
        for pi, pt in enumerate(pred_tokens):
            sim = _dice(gt, pt)
            if sim >= min_similarity:
                pairs.append((-sim, gi, pi))
    pairs.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return [
        (gold_role, predicted[matched[gi]][0] if gi in matched else MISSING)
        for gi, (gold_role, _) in enumerate(gold)
    ]


def role_accuracy(aligned: Iterable[tuple[str, str]]) -> tuple[RoleScore, ...]:
    """Per gold role: how many gold paragraphs got that role, and what they got instead."""
    by_role: dict[str, Counter[str]] = {}
    for gold_role, pred_role in aligned:
        by_role.setdefault(gold_role, Counter())[pred_role] += 1
    scores = []
    for role in sorted(by_role):
        counts = by_role[role]
        confusions = tuple(
            sorted(((r, c) for r, c in counts.items() if r != role), key=lambda rc: (-rc[1], rc[0]))
        )
        scores.append(RoleScore(role, sum(counts.values()), counts.get(role, 0), confusions))
    return tuple(scores)


# ------------------------------------------------------------------ snippet metric
# trafilatura's evaluation format: snippets that must be in the kept text ('with') and snippets
# that must not ('without'); a snippet counts as found when it is a substring of the kept text
# after collapsing whitespace. The same definition as ../shared/eval/score_pages.py.


def _collapse(text: str) -> str:
    return " ".join((text or "").split())


def snippet_counts(predicted: str, with_: Sequence[str], without: Sequence[str]) -> Counter[str]:
    """tp/fn over the 'with' snippets, fp/tn over the 'without' snippets of one page."""
    text = _collapse(predicted)
    counts: Counter[str] = Counter()
    for s in with_:
        counts["tp" if _collapse(s) in text else "fn"] += 1
    for s in without:
        counts["fp" if _collapse(s) in text else "tn"] += 1
    return counts


@dataclass(frozen=True)
class SnippetScore:
    """Micro-summed snippet counts of a set of pages."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def score_snippets(pages: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> SnippetScore:
    """(kept text, with, without) per page -> micro-summed SnippetScore."""
    total: Counter[str] = Counter()
    for predicted, with_, without in pages:
        total.update(snippet_counts(predicted, with_, without))
    return SnippetScore(total["tp"], total["fp"], total["fn"], total["tn"])
