"""Metadata parsing: labelled cases in tests/cases/metadata/*.json (dates, bylines, datelines,
and the document metadata of each seed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textmill import metadata as md
from textmill.repair import repair_text
from textmill.segment import SourceHint, segment_document

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases" / "metadata"


def _params(name: str) -> list:
    cases = json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]
    return [
        pytest.param(c, id=c["label"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else [])
        for c in cases
    ]


def _iso(d):
    return d.isoformat() if d else None


@pytest.mark.parametrize("case", _params("dates.json"))
def test_parse_date(case: dict) -> None:
    assert _iso(md.parse_date(case["input"], case.get("context_year"))) == case["expected"]


@pytest.mark.parametrize("case", _params("bylines.json"))
def test_parse_byline(case: dict) -> None:
    b = md.parse_byline(case["input"])
    got = None if b is None else {"authors": list(b.authors), "agency": b.agency, "date": _iso(b.date)}
    assert got == case["expected"]


@pytest.mark.parametrize("case", _params("datelines.json"))
def test_parse_dateline(case: dict) -> None:
    d = md.parse_dateline(case["input"])
    got = None if d is None else {
        "prefix": d.prefix, "place": d.place, "agency": d.agency, "body": case["input"][d.body_offset :]
    }
    assert got == case["expected"]
    if d is not None:  # the prefix is an exact substring at the start: the classifier never edits
        assert case["input"].startswith(d.prefix)


@pytest.mark.parametrize("case", _params("seeds.json"))
def test_seed_metadata(case: dict) -> None:
    text = repair_text((ROOT / "seeds" / case["file"]).read_bytes().decode("utf-8"))
    meta = segment_document(text).metadata
    for key, want in case["expected"].items():
        got = getattr(meta, key)
        got = _iso(got) if key == "published_date" else (list(got) if isinstance(got, tuple) else got)
        assert got == want, key


def test_is_date_line_rejects_sentences() -> None:
    assert md.is_date_line("14.07.2016")
    assert md.is_date_line("Thursday, July 14, 2016 10:00 am")
    assert not md.is_date_line("The talks began on July 14, 2016, in Moscow.")


def test_yearless_date_takes_year_from_other_dates_in_document() -> None:
    text = "Deadline passes for Syria talks\n\n14.07.2016\n\n" + (
        "Secretary of State John Kerry said on Aug 1 that Russia had failed to meet his deadline "
        "for playing a more constructive role in Syria, and that the talks had stalled."
    )
    doc = segment_document(text)
    assert doc.metadata.published_date.isoformat() == "2016-07-14"
    assert md.parse_date("Aug 1", 2016).isoformat() == "2016-08-01"
    assert md.parse_date("Aug 1") is None


def test_hint_overrides_text_metadata() -> None:
    text = "Some title of a story here\n\n14.07.2016\n\nBy Jane Doe\n\n" + "The body of the story is a sentence that goes on for a while and says things. " * 3
    hint = SourceHint(title="Given title", published_date="2016-07-20", authors=("A. Writer",))
    meta = segment_document(text, hint).metadata
    assert (meta.title, _iso(meta.published_date), meta.authors) == ("Given title", "2016-07-20", ("A. Writer",))
    meta = segment_document(text).metadata
    assert (meta.title, _iso(meta.published_date), meta.authors) == ("Some title of a story here", "2016-07-14", ("Jane Doe",))


def test_agency_names_are_canonical() -> None:
    assert md.agency_name("The Associated Press") == "AP"
    assert md.agency_name("Agence France-Presse") == "AFP"
    assert md.agency_name("REUTERS") == "Reuters"
    assert md.agency_name("Moscow") is None
    assert md.parse_signoff("- AP") == (True, "AP")
    assert md.photo_credit("Kerry speaks. (AP Photo/Alex Brandon)") == "AP"
    assert md.photo_credit("Kerry waves.PHOTO: REUTERS") == "Reuters"
    assert md.photo_credit("Kerry waves on his arrival.") is None


@pytest.mark.parametrize("case", _params("captions.json"))
def test_is_caption(case: dict) -> None:
    assert md.is_caption(case["input"]) is case["expected"]


def test_bare_name_and_byline_label_shapes() -> None:
    assert md.looks_like_name("Maël Le Goff") and md.looks_like_name("BETH CARRAWAY")
    assert not md.looks_like_name("Bikes & Walking") and not md.looks_like_name("Support the blog")
    assert not md.looks_like_name("Associated Press")  # an agency, not a person
    assert md.is_byline_label("Staff writer") and md.is_byline_label("Ledger correspondent")
    assert not md.is_byline_label("The reporter said the plan was dead.")


@pytest.mark.parametrize("case", _params("author_lines.json"))
def test_author_line_names(case: dict) -> None:
    assert list(md.author_line_names(case["input"])) == case["expected"]


@pytest.mark.parametrize("case", _params("dateline_lines.json"))
def test_parse_dateline_line(case: dict) -> None:
    d = md.parse_dateline_line(case["input"])
    got = None if d is None else {"prefix": d.prefix, "place": d.place, "agency": d.agency}
    assert got == case["expected"]


# --- document metadata from HTML pages and plain-text page heads ---------------------------------
@pytest.mark.parametrize("case", _params("html_pages.json"))
def test_html_page_metadata(case: dict) -> None:
    from trafilatura.utils import load_html

    from textmill.metadata.htmlmeta import page_metadata

    m = page_metadata(load_html(case["html"]), case["host"], case.get("fallback_title"), case.get("fallback_date"),
                      tuple(case.get("fallback_authors", ())))
    got = {"title": m.title, "title_source": m.title_source, "published_date": _iso(m.published_date),
           "date_source": m.date_source, "authors": list(m.authors), "authors_source": m.authors_source, "agency": m.agency}
    assert {k: got[k] for k in case["expected"]} == case["expected"]


@pytest.mark.parametrize("case", _params("text_heads.json"))
def test_text_head_metadata(case: dict) -> None:
    from urllib.parse import urlsplit

    from textmill.pipeline import text_hint

    hint = text_hint(case["text"], "jsonl", urlsplit(case["url"]).hostname, None, case["url"])
    seg = segment_document(repair_text(case["text"]), hint)
    m = seg.metadata
    got = {"title": m.title, "published_date": _iso(m.published_date), "authors": list(m.authors)}
    expected = dict(case["expected"])
    source = expected.pop("source", {})
    roles = expected.pop("roles", {})  # role -> texts of its paragraphs: roles follow the metadata
    assert {k: got[k] for k in expected} == expected
    assert {k: dict(m.source).get(k) for k in source} == source
    assert {r: [p.text for p in seg.paragraphs if p.role == r] for r in roles} == roles


@pytest.mark.parametrize("case", _params("copyright_lines.json"))
def test_copyright_holder(case: dict) -> None:
    from textmill.metadata.copyright import copyright_holder

    assert copyright_holder(case["input"], md.site_keys((), case["host"]), case["host"]) == case["expected"]


@pytest.mark.parametrize("case", _params("date_led_lines.json"))
def test_date_led_line(case: dict) -> None:
    assert _iso(md.date_led_line(case["input"])) == case["expected"]


def test_publication_date_bounds_are_the_documents_suites() -> None:
    # metadata drops dates outside PUBLICATION_DATES so that the suite never rejects a page for
    # its date: the two ranges must be one
    import json
    from pathlib import Path

    from textmill.metadata import PUBLICATION_DATES

    suite = json.loads((Path(__file__).resolve().parents[2] / "expectations" / "documents.json").read_text())
    (bounds,) = [e["kwargs"] for e in suite["expectations"]
                 if e["kwargs"].get("column") == "published_date" and "min_value" in e["kwargs"]]
    assert (bounds["min_value"], bounds["max_value"]) == tuple(d.isoformat() for d in PUBLICATION_DATES)
