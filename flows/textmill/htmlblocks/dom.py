"""Every visible text block of an HTML page, in order, with what the DOM says about it.

One walk over the parsed tree (lxml, parsed once per page). A block is the text between two
block boundaries (a block element opening or closing, or a ``<br>``), as
:func:`textmill.pageblocks.page_blocks` has always cut a page; the page ``<title>`` is block 0
when there is one. For each block the walk also records, as plain numbers for
:mod:`textmill.htmlblocks.features`:

- ``tag``: the innermost block element holding the text (``p``, ``li``, ``h2``, ``td``, ...;
  ``br`` when a line break started it);
- ``link_chars``: how many of its characters are inside ``<a>``;
- ``depth``: how deep that element sits;
- ``path_mask``: bit flags of the element and its ancestors: their tags (inside ``nav``,
  ``footer``, ``li``, ``table``, ``article``, ...) and the class/id token groups of
  :data:`CLASS_GROUPS` (``menu``, ``comment``, ``share``, ``content``, ...);
- ``own_mask``: the same flags of the element alone (its own class and id).

Scripts, styles, ``hidden`` and ``display:none`` elements are not visible and not walked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote", "pre",
    "figcaption", "caption", "header", "footer", "nav", "aside", "section", "article", "address", "main",
    "form", "ul", "ol", "dl", "table", "tr", "figure", "title", "body", "option", "button", "label", "summary",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"})

# Ancestor tags that say where a block sits (one flag each).
PATH_TAGS = ("nav", "header", "footer", "aside", "form", "li", "table", "article", "main", "a", "h", "p",
             "blockquote", "figure", "select", "section")
# Class/id token groups: a token (split on non-letters, lower-cased) starting with one of the
# prefixes sets the group's flag. The boilerpipe/dragnet idea: sites name their containers.
CLASS_GROUPS = (
    ("cls_nav", ("nav", "menu", "breadcrumb", "pagination", "pager", "crumb")),
    ("cls_footer", ("foot", "bottom", "copyright", "legal")),
    ("cls_header", ("head", "masthead", "topbar", "top", "logo", "brand")),
    ("cls_side", ("side", "widget", "rail", "aside", "column", "sidebar")),
    ("cls_comment", ("comment", "reply", "respond", "discus", "disqus")),
    ("cls_share", ("share", "social", "sharing", "follow", "facebook", "twitter", "print", "email")),
    ("cls_related", ("related", "recommend", "popular", "trending", "teaser", "more", "promo", "list")),
    ("cls_ad", ("ad", "ads", "advert", "sponsor", "banner", "dfp", "outbrain", "taboola")),
    ("cls_meta", ("tag", "categor", "meta", "byline", "author", "date", "time", "info", "caption")),
    ("cls_form", ("cookie", "consent", "newsletter", "subscribe", "signup", "login", "search", "form")),
    ("cls_content", ("article", "story", "post", "entry", "content", "body", "text", "main", "blog", "news")),
    ("cls_title", ("title", "headline", "heading")),
)
FLAG_NAMES = tuple(f"in_{t}" for t in PATH_TAGS) + tuple(name for name, _ in CLASS_GROUPS)
_TAG_BIT = {t: 1 << i for i, t in enumerate(PATH_TAGS)}
_TAG_BIT.update({f"h{k}": _TAG_BIT["h"] for k in range(1, 7)})
_GROUP_BITS = [(1 << (len(PATH_TAGS) + i), prefixes) for i, (_, prefixes) in enumerate(CLASS_GROUPS)]
_TOKEN = re.compile(r"[a-z]+")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    text: str  # whitespace collapsed
    tag: str
    link_chars: int
    depth: int
    path_mask: int
    own_mask: int


_class_cache: dict[str, int] = {}


def class_mask(value: str) -> int:
    """Flags of the class/id groups named by an attribute value (cached: sites repeat them)."""
    mask = _class_cache.get(value)
    if mask is None:
        mask = 0
        for token in _TOKEN.findall(value.lower()):
            for bit, prefixes in _GROUP_BITS:
                if token.startswith(prefixes):
                    mask |= bit
        if len(_class_cache) < 100_000:
            _class_cache[value] = mask
    return mask


def _hidden(el) -> bool:
    return el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", "")


def dom_blocks(root) -> list[Block]:
    """Visible blocks of a parsed page (an lxml element: the document root), in order.

    One pass of lxml's ``iterwalk`` (start/end events; skipped subtrees are not entered) rather
    than a recursive walk: this runs on every element of every page."""
    from lxml import etree

    title = root.findtext(".//title")
    out: list[Block] = []
    if title and title.strip():
        out.append(Block(_WS.sub(" ", title).strip(), "title", 0, 1, 0, 0))
    body = root.find(".//body")
    body = body if body is not None else root
    parts: list[str] = []
    linked = 0  # characters of `parts` inside <a>
    after_br = False  # the text being collected follows a <br>
    # per open element: (tag, depth, path_mask, own_mask, inside <a>); blocks: open block elements
    open_: list[tuple[str, int, int, int, bool]] = [("", 0, 0, 0, False)]
    blocks: list[tuple[str, int, int, int, bool]] = [("body", 1, 0, 0, False)]
    tag_bit, block_tags = _TAG_BIT, BLOCK_TAGS

    def add(text: str, in_link: bool) -> None:
        nonlocal linked
        parts.append(text)
        if in_link:
            linked += len(text.strip())

    def flush() -> None:
        nonlocal linked
        if parts:
            text = _WS.sub(" ", "".join(parts)).strip()
            if text:
                tag, depth, path, own, _ = blocks[-1]
                out.append(Block(text, "br" if after_br else tag, min(linked, len(text)), depth, path, own))
            parts.clear()
        linked = 0

    walker = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if event in ("comment", "pi"):  # not text, but the text after it is
            if el.tail:
                add(el.tail, open_[-1] is not None and open_[-1][4])
            continue
        if event == "start":
            if not isinstance(tag, str) or tag in SKIP_TAGS or _hidden(el):
                walker.skip_subtree()
                open_.append(None)  # its end event still comes: nothing to close
                continue
            _, depth, path, _, in_link = open_[-1]
            own = 0
            cls, ident = el.get("class"), el.get("id")
            if cls:
                own = class_mask(cls)
            if ident:
                own |= class_mask(ident)
            path |= own | tag_bit.get(tag, 0)
            in_link = in_link or tag == "a"
            entry = (tag, depth + 1, path, own, in_link)
            open_.append(entry)
            if tag == "br":
                flush()
                after_br = True
            elif tag in block_tags:
                flush()
                after_br = False
                blocks.append(entry)
            if el.text and tag != "br":
                add(el.text, in_link)
            continue
        entry = open_.pop()
        if entry is None:
            pass
        elif entry[0] in block_tags:
            flush()
            after_br = False
            blocks.pop()
        if el is not body and el.tail:
            add(el.tail, open_[-1] is not None and open_[-1][4])
    flush()
    return out
