"""Site template statistics: candidates, thresholds, groups, and use inside segment_document."""

from __future__ import annotations

from textmill.segment import SourceHint, segment_document
from textmill.templates import (
    TemplateConfig,
    TemplateCounter,
    TemplateStats,
    is_candidate,
    normalise_line,
    template_keys,
)

PROSE = "The council approved a new budget for the parks on Tuesday after a long debate that divided the city."


def _doc(i: int, footer: str = "Example Gazette Weekly Edition") -> str:
    return "\n\n".join([
        f"Story number {i} about the city parks budget",
        f"The council approved budget number {i} for the parks on Tuesday evening, ending a debate that had lasted for months and divided residents.",
        "Officials said the money would pay for new playgrounds and longer opening hours, and that work would begin in spring.",
        footer,
        PROSE,  # syndicated prose shared by every document: never a template
    ])


def test_candidates_are_short_non_prose_lines() -> None:
    assert is_candidate("Example Gazette Weekly Edition")
    assert is_candidate("Comments are closed.")  # a short sentence: at most 4 words
    assert not is_candidate(PROSE)
    assert not is_candidate("")
    assert not is_candidate(" ".join(["word"] * 16))


def test_keys_normalise_digits_case_and_edges() -> None:
    assert normalise_line("© 2016 Example News |") == normalise_line("© 2017 EXAMPLE NEWS")
    assert template_keys("Short line\n\n" + PROSE) == {"short line"}


def test_template_needs_min_docs_and_share_per_group() -> None:
    counter = TemplateCounter()
    for i in range(10):
        counter.add("site-a", _doc(i))
    counter.add("site-b", _doc(99))
    stats = counter.stats()
    assert stats.is_template("site-a", "Example Gazette Weekly Edition")
    assert stats.is_template("site-a", "  example gazette weekly edition ")
    assert not stats.is_template("site-b", "Example Gazette Weekly Edition")  # one document only
    assert not stats.is_template("site-a", PROSE)  # shared prose is syndication, not template
    assert not stats.is_template("unknown", "Example Gazette Weekly Edition")


def test_titles_differ_per_document_so_they_are_not_templates() -> None:
    counter = TemplateCounter()
    for i, word in enumerate(["parks", "roads", "schools", "bridges"]):
        counter.add("site", f"Council debates {word}\n\n{PROSE}")
    assert not counter.stats().is_template("site", "Council debates roads")


def test_share_threshold() -> None:
    counts = {"g": {"rare footer": 3, "common footer": 8}}
    stats = TemplateStats.from_counts(counts, {"g": 20}, TemplateConfig(min_docs=3, min_share=0.3))
    assert stats.is_template("g", "Common footer") and not stats.is_template("g", "Rare footer")


def test_counter_merge_equals_one_pass() -> None:
    a, b, whole = TemplateCounter(), TemplateCounter(), TemplateCounter()
    for i in range(6):
        (a if i % 2 else b).add("g", _doc(i))
        whole.add("g", _doc(i))
    a.merge(b)
    assert a.counts == whole.counts and a.n_docs == whole.n_docs


def test_segment_drops_template_lines_with_rule() -> None:
    counter = TemplateCounter()
    for i in range(5):
        counter.add("site", _doc(i))
    text = _doc(7)
    doc = segment_document(text, SourceHint(source_group="site"), templates=counter.stats())
    assert [r.rule for r in doc.removed if r.text == "Example Gazette Weekly Edition"] == ["template_line"]
    assert PROSE in doc.article_text()
    plain = segment_document(text)  # without statistics the line is judged by the classifier
    assert all(r.rule != "template_line" for r in plain.removed)
