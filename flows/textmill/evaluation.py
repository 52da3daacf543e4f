"""Scoring kept article text against labelled gold: the shingle metric and per-role accuracy.

Pure functions, no I/O, so that the quality gate (tests/quality) and the benchmark script
(bench/eval_boilerplate.py) compute exactly the same numbers.

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

Runner (second half of the module): ``load_gold`` reads a gold JSONL file,
``evaluate_records`` runs html -> repair -> segment on its inputs (site-template statistics
over the whole set first, as a run does) and scores each document, ``summarize`` gives the
``SetScore``. The gold file format is described in tests/cases/boilerplate_eval/README.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MISSING",
    "SHINGLE_SIZE",
    "DocResult",
    "DocScore",
    "RoleScore",
    "SetScore",
    "align_roles",
    "evaluate_records",
    "load_gold",
    "prepare",
    "role_accuracy",
    "score_document",
    "score_set",
    "shingles",
    "summarize",
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


# ----------------------------------------------------------------------------- running a gold set
# The runner below ties the metric to the pipeline stages (html -> repair -> segment). Stage
# modules are imported inside the functions so that the metric above stays importable alone
# (and cheap: trafilatura is only loaded when a gold set is actually run).


@dataclass(frozen=True)
class DocResult:
    """One evaluated document: its score, role pairs (gold, predicted), and the texts compared."""

    score: DocScore
    aligned: tuple[tuple[str, str], ...]
    predicted_text: str
    gold_text: str
    error: str | None = None  # reason code when the input could not be extracted


def _read_input(record: dict, base_dir, cache: dict) -> tuple[str, dict]:
    """Raw content (text or html) of a gold record and the JSONL record it came from, if any."""
    path = Path(base_dir) / record["input"]
    if record.get("record_id") is None:
        return path.read_text(encoding="utf-8"), {}
    if path not in cache:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        cache[path] = {row["id"]: row for row in rows}
    row = cache[path][record["record_id"]]
    return row.get("html") or row.get("text") or "", row


def prepare(record: dict, base_dir, cache: dict | None = None):
    """Input of one gold record up to (repaired text, SourceHint), or an HtmlExtractionError."""
    from textmill.html import extract_html
    from textmill.pipeline import html_hint, text_hint
    from textmill.repair import repair_text

    raw, row = _read_input(record, base_dir, {} if cache is None else cache)
    group = record.get("source_group") or str(record["input"]).rsplit("/", 1)[0]
    if record["format"] == "html":
        extracted = extract_html(raw, url=record.get("url") or row.get("url"))
        return repair_text(extracted.text), html_hint(extracted, group)
    return repair_text(raw), text_hint(raw, record.get("source_format", "txt"), group, row.get("title"))


def evaluate_records(records: Sequence[dict], base_dir, use_templates: bool = True) -> list[DocResult]:
    """Run html -> repair -> segment on every gold record (two passes: site-template statistics
    over the whole set first, as a pipeline run does) and score the kept article text."""
    from textmill.html import HtmlExtractionError
    from textmill.segment import segment_document
    from textmill.templates import TemplateCounter

    cache: dict = {}
    prepared = []
    for record in records:
        try:
            prepared.append(prepare(record, base_dir, cache))
        except HtmlExtractionError as exc:
            prepared.append(exc)
    templates = None
    if use_templates:
        counter = TemplateCounter()
        for item in prepared:
            if not isinstance(item, Exception):
                counter.add(item[1].source_group, item[0])
        templates = counter.stats()
    results = []
    for record, item in zip(records, prepared):
        gold_text = record["article_text"]
        gold_pars = [(p["role"], p["text"]) for p in record["paragraphs"]]
        if isinstance(item, Exception):
            aligned = tuple((role, MISSING) for role, _ in gold_pars)
            results.append(DocResult(score_document("", gold_text, record["label"]), aligned, "", gold_text,
                                     getattr(item, "reason_code", type(item).__name__)))
            continue
        text, hint = item
        doc = segment_document(text, hint, templates=templates)
        predicted = doc.article_text()
        pred_pars = [(p.role, p.text) for p in doc.paragraphs]
        results.append(DocResult(score_document(predicted, gold_text, record["label"]),
                                 tuple(align_roles(pred_pars, gold_pars)), predicted, gold_text))
    return results


def summarize(name: str, results: Sequence[DocResult]) -> SetScore:
    """SetScore of evaluated documents (shingle P/R/F1 and per-role accuracy)."""
    return score_set(name, [r.score for r in results], role_accuracy(a for r in results for a in r.aligned))


def load_gold(path) -> list[dict]:
    """Gold records of a JSONL file (bad-input entries, ``kind == "bad"``, are skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [r for r in (json.loads(line) for line in lines if line.strip()) if r.get("kind", "doc") == "doc"]
