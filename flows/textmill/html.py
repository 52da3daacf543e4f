"""HTML input: trafilatura's structured extraction, flattened to blocks for the text pipeline.

``extract_html`` turns one HTML page into plain text with one block per paragraph, heading,
list item, quote or table row, blocks separated by a blank line, plus the page metadata:
title, date and authors weighed from the page's own candidates by
:mod:`textmill.metadata.htmlmeta` (trafilatura's values are its fallbacks), site name, language. The text then goes
through the same stages as a .txt input (repair, then ``textmill.segment.segment_document``),
so bylines, captions and related links that trafilatura keeps are still judged by our role
classifier.

Why we walk trafilatura's XML body instead of using its ``text`` output: ``text`` separates
blocks with a single newline, which erases the difference between a paragraph break and a
line break inside a paragraph (``<br>``); the segmenter needs that difference to rejoin and
to find headings. Here a ``<br>`` becomes a space and every block ends with a blank line.

Structure: ``ExtractedHtml.structure`` names trafilatura's element for each block (p, head,
item, quote, row, ...) and marks link blocks ('+link': at least ``LINK_SHARE`` of the block is
link text). Links are extracted only for that mark; the text is the same as without them. The
segmenter uses it (:mod:`textmill.segment.structure`): table rows and list items of the article
are content, link blocks are menus and related headlines.

Determinism: no network, no file date. trafilatura's ``filedate`` is the run's date and is
dropped; its date search is given a fixed ``max_date`` (``HtmlConfig.max_date``) instead of
"today", so the same page gives the same date whatever day it is processed. Trade-off: a page
dated after ``max_date`` gets no date.

Failures are never a silent ``None``: ``HtmlExtractionError`` carries a reason code
(``unparseable_html``: not HTML at all or the parser/extractor broke; ``no_text``: parsed, but no
main text was found) that the caller records as a reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from textmill.errors import RecordError
from textmill.ingest import url_host
from textmill.metadata.htmlmeta import page_metadata

__all__ = ["ExtractedHtml", "HtmlConfig", "HtmlExtractionError", "extract_html"]


class HtmlExtractionError(RecordError):
    """A page from which no article text could be extracted (a per-record reject, not fatal).

    A RecordError of stage ``extract``, so every caller that turns record errors into rejects
    handles it (it used to be a ValueError of its own, and a page of only ``<script>`` stopped
    the whole run where a handler read the wrong attribute)."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__("extract", reason_code, message)

    @property
    def reason_code(self) -> str:
        return self.reason


@dataclass(frozen=True)
class HtmlConfig:
    """Options of the HTML extraction stage (defaults = trafilatura's balanced mode).

    - ``favor_precision`` (False): trafilatura drops more borderline blocks. We leave it off
      because our own classifier runs after extraction and can still drop boilerplate, while a
      sentence lost here is lost for good.
    - ``favor_recall`` (False): keeps more borderline blocks (more widgets leak through).
    - ``include_tables`` (True): table rows become blocks (``cell | cell``); tables in news pages
      are mostly data that belongs to the article.
    - ``max_date`` ("2099-12-31"): upper bound for date extraction, fixed so that output does not
      depend on the day of the run (trafilatura's default is today).
    """

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    max_date: str = "2099-12-31"


@dataclass(frozen=True)
class ExtractedHtml:
    """Main text and metadata of one page. ``published_date`` is trafilatura's raw string
    (normalised later by the metadata stage); every field but ``text`` may be None/empty."""

    text: str
    title: str | None
    published_date: str | None
    authors: tuple[str, ...]
    url: str | None
    sitename: str | None
    language: str | None
    # where title, date and authors came from (:mod:`textmill.metadata.htmlmeta`): 'h1',
    # 'meta og:title', 'json-ld datePublished', 'htmldate', ... (None: no value)
    metadata_source: tuple[tuple[str, str | None], ...] = ()
    agency: str | None = None  # an agency named as the author (JSON-LD / meta author)
    # trafilatura's element for each block of ``text`` (blocks = its non-blank lines, in
    # order): p, head, item, quote, code, cell, row (a table row), text (loose text of a
    # container); with '+link' when the block is (almost) all link text (``LINK_SHARE``).
    structure: tuple[str, ...] = ()
    # the parsed page (lxml), for the DOM-block classifier (textmill.htmlblocks): the page is
    # parsed once; trafilatura works on its own copy, so this tree is the page as served
    tree: object = field(default=None, compare=False, repr=False)


# Leaf blocks of trafilatura's internal XML: each becomes one block of output text.
_LEAF_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "cell"})
# Containers that are walked, never output as one block (a <quote> holding <p>s is one of them).
_BLOCK_TAGS = _LEAF_BLOCKS | frozenset({"list", "table", "row", "div", "body", "quote", "graphic"})
_WS = re.compile(r"\s+")
# A block is a link block ('+link') when links hold at least this share of its characters:
# a menu entry or a related headline, not a sentence with a link in it.
LINK_SHARE = 0.8
_AUTHOR_SPLIT = re.compile(r"\s*;\s*")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")


def _inline(element) -> tuple[str, int]:
    """Text of an element and its inline children (a line break, ``<lb/>``, counts as a
    space) and how many of its characters are link text (inside ``<ref>``)."""
    parts = [element.text or ""]
    linked = len((element.text or "").strip()) if element.tag == "ref" else 0
    for child in element:
        if child.tag == "lb":
            parts.append(" ")
        elif child.tag not in ("list", "table", "graphic"):  # nested structures are separate blocks
            text, child_linked = _inline(child)
            parts.append(text)
            linked += len(text) if element.tag == "ref" or child.tag == "ref" else child_linked
        parts.append(child.tail or "")
    return _WS.sub(" ", "".join(parts)).strip(), linked


def _tagged(text: str, linked: int, tag: str) -> tuple[str, str]:
    """(text, tag), the tag marked '+link' when links hold at least LINK_SHARE of the text."""
    return text, tag + "+link" if linked >= LINK_SHARE * len(text) else tag


def _has_block_children(element) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element)


def _blocks(element, out: list[tuple[str, str]]) -> None:
    """Depth-first: one output block per leaf block, table row or list item."""
    tag = element.tag
    if tag == "ref" and not _has_block_children(element):  # a bare link between blocks
        text, _ = _inline(element)
        if text:
            out.append((text, "text+link"))
        return
    if tag == "row":
        if any(_has_block_children(cell) for cell in element):
            # a layout table (the article inside a <td>): each cell holds blocks, not a value;
            # joining it inline would glue paragraphs together ("homeownersPress release")
            for cell in element:
                _container(cell, out)
            return
        cells = [_inline(cell) for cell in element]
        line = " | ".join(c for c, _ in cells if c)
        if line:
            out.append(_tagged(line, sum(n for _, n in cells), "row"))
        return
    if tag in _LEAF_BLOCKS and not (tag == "quote" and _has_block_children(element)):
        text, linked = _inline(element)
        if text:
            out.append(_tagged(text, linked, tag))
        # a list nested in an item, or a table in a cell, follows as its own blocks
        for child in element:
            if child.tag in ("list", "table"):
                _blocks(child, out)
        return
    _container(element, out)


def _container(element, out: list[tuple[str, str]]) -> None:
    """Loose text of a container, then each child as its own block(s), then the tails."""
    if element.text and element.text.strip() and element.tag not in ("graphic",):
        out.append((_WS.sub(" ", element.text).strip(), "text"))
    for child in element:
        _blocks(child, out)
        if child.tail and child.tail.strip():
            out.append((_WS.sub(" ", child.tail).strip(), "text"))


def _language(tree, detected: str | None) -> str | None:
    """trafilatura's language if any, else the page's declared ``<html lang>`` primary subtag."""
    for value in (detected, tree.get("lang"), tree.get("xml:lang")):
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def extract_html(html: str, url: str | None = None, config: HtmlConfig | None = None) -> ExtractedHtml:
    """Extract the main text (comments excluded) and metadata of an HTML page.

    Raises ``HtmlExtractionError`` (``unparseable_html`` or ``no_text``); never returns None.
    False positives/negatives are trafilatura's: a page whose article is split across unusual
    containers can lose paragraphs (recall), and widgets inside the article container are kept
    for our classifier to drop (precision).
    """
    # Imported here so that importing textmill stays fast for runs without HTML input.
    import trafilatura
    from trafilatura.utils import load_html

    config = config or HtmlConfig()
    if not isinstance(html, str):
        raise TypeError(f"extract_html expects str, got {type(html).__name__}: decode bytes first")
    if not html.strip():
        raise HtmlExtractionError("unparseable_html", "empty input")
    try:
        tree = load_html(html)
        if tree is None and "<" in html:
            # trafilatura refuses a page without <html> whose body parses to one element (its
            # "dubious HTML" check); real pages are served like that (a bare <pre> or <div>):
            # parsed as the body of a document they extract as any other page
            tree = load_html(f"<html><body>{html}</body></html>")
    except Exception as exc:  # lxml raises several unrelated types on garbage; all mean the same here
        raise HtmlExtractionError("unparseable_html", f"{type(exc).__name__}: {exc}") from exc
    if tree is None:
        raise HtmlExtractionError("unparseable_html", "input does not parse as an HTML document")
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=config.include_tables,
            include_images=False,
            include_formatting=False,
            include_links=True,  # only to mark link blocks; the text is the same without
            favor_precision=config.favor_precision,
            favor_recall=config.favor_recall,
            with_metadata=True,
            date_extraction_params={
                "original_date": True,
                "extensive_search": True,
                "max_date": config.max_date,
            },
        )
    except Exception as exc:  # trafilatura internals on malformed trees: a reject, never a crash
        raise HtmlExtractionError("unparseable_html", f"extraction failed: {type(exc).__name__}: {exc}") from exc
    blocks: list[tuple[str, str]] = []
    if doc is not None and doc.body is not None:
        _blocks(doc.body, blocks)
    if not any(b.strip() for b, _ in blocks):
        # trafilatura found no main text (its heuristics want a few prose paragraphs in
        # containers it knows): its baseline, every paragraph-like block of the page, is the
        # starting point instead, and the DOM-block classifier and the segmenter judge it
        blocks = _baseline_blocks(tree)
        doc = doc or _NO_METADATA
    text = "\n\n".join(b for b, _ in blocks)
    if not text.strip():
        raise HtmlExtractionError("no_text", "no main text found (page too short or only boilerplate)")
    authors = tuple(a for a in _AUTHOR_SPLIT.split(doc.author or "") if a)
    # doc.filedate is deliberately not read: it is the date of the run. trafilatura's title,
    # date (htmldate's search) and author are the fallbacks of our own candidate weighing.
    meta = page_metadata(tree, url_host(doc.url or url), doc.title or None, doc.date or None, authors,
                         doc.sitename or None)
    return ExtractedHtml(
        text=text,
        title=meta.title,
        published_date=meta.published_date.isoformat() if meta.published_date else None,
        authors=meta.authors,
        url=doc.url or url,
        sitename=meta.site_name or doc.sitename or None,
        language=_language(tree, doc.language),
        structure=tuple(tag for _, tag in blocks),
        metadata_source=(("title", meta.title_source), ("published_date", meta.date_source),
                         ("authors", meta.authors_source)),
        agency=meta.agency,
        tree=tree,
    )


# what extract_html reads of trafilatura's document when it returned none (its baseline was used)
_NO_METADATA = SimpleNamespace(title=None, date=None, author=None, sitename=None, url=None, language=None)


def _baseline_blocks(tree) -> list[tuple[str, str]]:
    """The blocks of trafilatura's ``baseline`` (on a copy: it cleans the tree in place)."""
    import copy

    from trafilatura import baseline

    try:
        body, _, _ = baseline(copy.deepcopy(tree))
    except Exception:  # noqa: BLE001 - the fallback of a fallback: nothing found is a no_text reject
        return []
    out: list[tuple[str, str]] = []
    _blocks(body, out)
    return out
