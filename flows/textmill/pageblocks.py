"""Every visible text block of an HTML page, so that what the extractor drops is recorded too.

trafilatura keeps the main text and silently drops the rest of the page (menus, footers, asides,
comments). To keep the promise that every removed line is in the `removed` table with a rule,
`page_blocks` lists the page's visible text blocks in document order (one per paragraph-like
element, scripts/styles/hidden elements excluded) and `dropped_blocks` returns those that do not
occur in the extracted text: they become `removed` rows with stage `extract` and rule
`html_extractor`, numbered by block.

Matching is on normalised text (case-folded, whitespace collapsed): a block counts as kept when it
is a substring of the extracted text or when 80% of its words' 3-grams occur there (the extractor
may trim or re-join a block). Trade-off: a short block whose words happen to occur in the article
("Share") is counted as kept, so it is not listed as dropped.
"""

from __future__ import annotations

import re

_BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote", "pre",
    "figcaption", "caption", "header", "footer", "nav", "aside", "section", "article", "address", "main",
    "form", "ul", "ol", "dl", "table", "tr", "figure", "title", "body", "option", "button", "label", "summary",
})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"})
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def page_blocks(html: str) -> list[str]:
    """Visible text blocks of the page in order (empty list if the markup cannot be parsed)."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    title = root.findtext(".//title")
    out: list[str] = [_WS.sub(" ", title).strip()] if title and title.strip() else []
    current: list[str] = []

    def flush() -> None:
        text = _WS.sub(" ", "".join(current)).strip()
        if text:
            out.append(text)
        current.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", ""):
            return
        block = tag in _BLOCK_TAGS or tag == "br"
        if block:
            flush()
        if isinstance(el.tag, str) and el.text:
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    body = root.find(".//body")
    walk(body if body is not None else root)
    flush()
    return out


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def dropped_blocks(blocks: list[str], extracted_text: str, min_coverage: float = 0.8) -> list[tuple[int, str]]:
    """(1-based block number, text) of the blocks that do not occur in `extracted_text`."""
    kept = _norm(extracted_text)
    kept_grams = None
    dropped = []
    for number, block in enumerate(blocks, start=1):
        norm = _norm(block)
        if not norm or norm in kept:
            continue
        words = norm.split()
        if len(words) >= 3:
            if kept_grams is None:
                kw = kept.split()
                kept_grams = {tuple(kw[i:i + 3]) for i in range(len(kw) - 2)}
            grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
            if sum(g in kept_grams for g in grams) >= min_coverage * len(grams):
                continue
        dropped.append((number, block))
    return dropped
