"""textmill.html.extract_html: structure kept as blank-line blocks, metadata, clear errors, determinism."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from textmill.html import ExtractedHtml, HtmlExtractionError, extract_html

CASES = json.loads(
    (Path(__file__).parents[1] / "cases" / "boilerplate_eval" / "html_cases.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES["pages"], ids=[c["label"] for c in CASES["pages"]])
def test_page_segments_and_metadata(case):
    result = extract_html(case["html"], url=case["url"])
    for segment in case["keep"]:
        assert segment in result.text, segment
    for segment in case["gone"]:
        assert segment not in result.text, segment
    assert result.title == case["title"]
    assert result.published_date == case["published_date"]
    assert result.authors == tuple(case["authors"])
    assert result.sitename == case["sitename"]
    assert result.language == case["language"]


@pytest.mark.parametrize("case", CASES["errors"], ids=[c["label"] for c in CASES["errors"]])
def test_failures_raise_with_reason_code(case):
    with pytest.raises(HtmlExtractionError) as info:
        extract_html(case["html"])
    assert info.value.reason_code == case["reason_code"]
    assert info.value.message


def test_blocks_are_separated_by_one_blank_line_and_br_joins():
    page = CASES["pages"][0]
    text = extract_html(page["html"], url=page["url"]).text
    blocks = text.split("\n\n")
    assert all(b and b == b.strip() and "\n" not in b for b in blocks)
    # <br> inside a paragraph does not split it
    assert any(b.startswith("When Secretary") and b.endswith("top the agenda.") for b in blocks)


def test_deterministic_and_no_filedate():
    page = CASES["pages"][0]
    first = extract_html(page["html"], url=page["url"])
    assert extract_html(page["html"], url=page["url"]) == first
    assert "filedate" not in {f.name for f in dataclasses.fields(ExtractedHtml)}


def test_bytes_are_refused_with_a_clear_message():
    with pytest.raises(TypeError, match="decode"):
        extract_html(b"<html></html>")  # type: ignore[arg-type]


def test_layout_table_cells_keep_their_paragraphs_apart():
    """An article laid out inside a <td> holds blocks, not a value: its paragraphs must not be glued
    into one line ("homeownersPress release"); a data table still gives one 'a | b' line per row."""
    page = ("<html><head><title>Grants open</title></head><body><table><tr><td>"
            "<h1>Flood grants of up to 7,500 pounds open to homeowners</h1><p>Press release</p>"
            "<p>Homeowners whose properties flooded during the storm can now apply for grants to make their buildings more resilient.</p>"
            "<p>The scheme, funded by central government, will pay for flood doors, non-return valves and raised sockets.</p>"
            "<table><tr><td>Sandby</td><td>212 homes</td></tr><tr><td>Westcliff</td><td>128 homes</td></tr></table>"
            "<p>Applications are open until the end of May, the council said in a statement on Monday.</p>"
            "</td></tr></table></body></html>")
    blocks = extract_html(page).text.split("\n\n")
    assert "Press release" in blocks
    assert any(b.startswith("Homeowners whose properties flooded") and b.endswith("more resilient.") for b in blocks)
    assert not any("homeownersPress" in b or "resilient.The" in b for b in blocks)
    assert "Sandby | 212 homes" in blocks and "Westcliff | 128 homes" in blocks


def test_a_fragment_without_html_tag_is_parsed_as_a_body():
    # trafilatura's load_html refuses a page whose markup is one element without <html>
    # (cleaneval serves pages like that: a bare <pre>); it is parsed as a document body
    page = ("<pre>\nAugust meets the Cult\nAugust enters from the street outside and looks around the long room.\n"
            "The scent of a sandalwood-like incense assaults the senses as one enters the main room.\n</pre>")
    result = extract_html(page)
    assert "sandalwood-like incense" in result.text and "August meets the Cult" in result.text


def test_no_main_text_from_trafilatura_falls_back_to_its_baseline(monkeypatch):
    import trafilatura

    page = ("<html><head><title>High pressure</title></head><body><p>1. brandenburg sand</p>"
            "<p>The meadows tipped in green should serve as a pattern here for figures, but the landscape "
            "does not know anything.</p></body></html>")
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)  # as on such real pages
    result = extract_html(page)
    assert result.text.split("\n\n") == ["1. brandenburg sand", "The meadows tipped in green should serve as a "
                                         "pattern here for figures, but the landscape does not know anything."]
    assert result.title == "High pressure"  # the page's own metadata still read
    monkeypatch.setattr("textmill.html._baseline_blocks", lambda tree: [])
    with pytest.raises(HtmlExtractionError) as info:
        extract_html(page)
    assert info.value.reason_code == "no_text"
