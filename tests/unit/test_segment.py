"""segment_document: the coverage/substring/position invariants on the seeds, on the labelled
documents and on generated texts, plus the behaviours the seeds need."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textmill.repair import repair_text
from textmill.segment import ROLES, SegmentConfig, SegmentedDocument, SourceHint, segment_document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DOC_CASES = [
    case
    for name in ("documents.json", "pages.json")
    for case in json.loads((ROOT / "tests/cases/boilerplate" / name).read_text(encoding="utf-8"))["cases"]
]


def check_invariants(text: str, doc: SegmentedDocument) -> None:
    lines = text.split("\n")
    covered: dict[int, int] = {}
    for p in doc.paragraphs:
        assert p.role in ROLES
        assert 1 <= p.line_start <= p.line_end <= len(lines)
        for no in range(p.line_start, p.line_end + 1):
            if lines[no - 1].strip():
                covered[no] = covered.get(no, 0) + 1
        # exact join of the input lines (a dateline split keeps a prefix / suffix of the line)
        joined = " ".join(ln.strip() for ln in lines[p.line_start - 1 : p.line_end] if ln.strip())
        if p.role == "dateline":
            assert p.line_start == p.line_end and joined.startswith(p.text)
        else:
            assert joined.endswith(p.text) and (joined == p.text or p.line_start in dateline_lines(doc))
    removed = [r.line_no for r in doc.removed]
    assert len(removed) == len(set(removed)), "a line removed twice"
    for r in doc.removed:
        assert r.rule and r.rule == r.rule.lower() and " " not in r.rule
        assert lines[r.line_no - 1].strip() == r.text
        assert r.line_no not in covered, f"line {r.line_no} both kept and removed"
    for no, count in covered.items():
        assert count == 1 or (count == 2 and no in dateline_lines(doc)), f"line {no} in {count} paragraphs"
    for no, ln in enumerate(lines, start=1):
        if ln.strip():
            assert no in covered or no in removed, f"line {no} lost silently: {ln!r}"
    assert [p.position for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    for p in doc.paragraphs:
        assert p.text and p.text == p.text.strip()
        if p.line_start in dateline_lines(doc):  # the separator belongs to neither part
            assert not p.text.startswith(("—", "–", "-", ":")) and not p.text.endswith(("—", "–", "-", ":"))


def dateline_lines(doc: SegmentedDocument) -> set[int]:
    return {p.line_start for p in doc.paragraphs if p.role == "dateline"}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_invariants(path: Path) -> None:
    text = repair_text(path.read_bytes().decode("utf-8"))
    check_invariants(text, segment_document(text))


@pytest.mark.parametrize("case", DOC_CASES, ids=lambda c: c["label"])
def test_document_case_invariants(case: dict) -> None:
    text = "\n".join(case["lines"])
    check_invariants(text, segment_document(text))


_line = st.one_of(
    st.sampled_from([
        "", "", "Share", "Leave a Reply", "- AP", "14.07.2016", "By JANE DOE, Associated Press",
        "WASHINGTON (AP) — Officials said on Monday that the talks would resume next week in Geneva.",
        "Moscow: The talks began on Thursday and are expected to last for several days at least.",
        "the sentence goes on in lower case after a break.", "Aleppo blocked", "Related stories",
        "Kerry said the plan was the last chance for a deal with Russia on the ceasefire in Syria.",
        "A caption of a photo. (AP Photo/Alex Brandon)", "A caption of a photo.", "   ", "\t",
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=60),
)


# no deadline and no too_slow health check: under CI load data generation is slow, not wrong
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=25))
def test_invariants_hold_on_generated_texts(lines: list[str]) -> None:
    text = "\n".join(lines)
    check_invariants(text, segment_document(text, config=SegmentConfig(language="en")))


def _seed(prefix: str) -> tuple[str, SegmentedDocument]:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    text = repair_text(path.read_bytes().decode("utf-8"))
    return text, segment_document(text)


def test_dateline_split_keeps_dash_out() -> None:
    _, doc = _seed("000")
    dl, body = doc.paragraphs[4], doc.paragraphs[5]
    assert (dl.role, dl.text, body.role) == ("dateline", "WASHINGTON (AP)", "body")
    assert body.text.startswith("Frustrated by months") and dl.line_start == body.line_start


def test_sentence_split_by_blank_line_is_rejoined() -> None:
    _, doc = _seed("001")
    p = next(p for p in doc.paragraphs if "The official," in p.text)
    assert "The official, who spoke on condition" in p.text and p.line_end == p.line_start + 2


def test_one_paragraph_per_line() -> None:
    _, doc = _seed("004")
    body = [p for p in doc.paragraphs if p.role == "body"]
    assert len(body) == 16 and all(p.line_start == p.line_end for p in body)


def test_article_text_is_heading_and_body_only() -> None:
    _, doc = _seed("002")
    article = doc.article_text()
    assert "Aleppo blocked" in article and "Leave a Reply" not in article
    assert "Kerry tries for Syria deal" not in article  # the title is not article text
    assert article.split("\n\n") == [p.text for p in doc.paragraphs if p.role in ("heading", "body")]


def test_empty_and_blank_input() -> None:
    for text in ("", "\n\n  \n"):
        doc = segment_document(text)
        assert doc.paragraphs == () and doc.removed == () and doc.metadata.title is None


def test_language_config_accepts_iso_codes_and_rejects_unknown() -> None:
    text = "\n".join(DOC_CASES[0]["lines"])
    assert segment_document(text, config=SegmentConfig(language="en")) == segment_document(text)
    with pytest.raises(ValueError, match="no stopword list"):
        segment_document(text, config=SegmentConfig(language="klingon"))


def test_source_hint_title_is_used_even_when_absent_from_text() -> None:
    doc = segment_document("A body sentence that is long enough to be kept as prose by the classifier, surely.",
                           SourceHint(title="Record title"))
    assert doc.metadata.title == "Record title" and [p.role for p in doc.paragraphs] == ["body"]


@pytest.mark.parametrize(("first_line", "hint_format", "is_title"), [
    ("Council approves the harbour budget", "html", True),  # the page's title, word for word
    ("Council approves harbour budget after long debate", "html", True),  # a variant: 4 of 7 words in it
    ("Residents packed the town hall on Tuesday night", "html", False),  # a lede, not the page's title
    ("Residents packed the town hall on Tuesday night", "txt", True),  # plain text: the rule is HTML's
])
def test_html_title_line_must_resemble_the_title_the_page_names(first_line, hint_format, is_title) -> None:
    text = (f"{first_line}\n\nThe council voted on Tuesday to approve the budget for the harbour, and members "
            "said the plan would repair the old pier before the summer season begins.")
    hint = SourceHint(hint_format, "courier.example", title="Council approves the harbour budget | Courier")
    doc = segment_document(text, hint)
    assert (doc.paragraphs[0].role == "title") is is_title, [(p.role, p.text[:40]) for p in doc.paragraphs]
    assert doc.metadata.title == "Council approves the harbour budget | Courier"  # the page's title either way
