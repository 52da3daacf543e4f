"""Build the second held-out boilerplate/role set from its annotated sources.

    .venv/bin/python tests/cases/boilerplate_heldout2/make_heldout2.py          # write txt/, html/, gold.jsonl
    .venv/bin/python tests/cases/boilerplate_heldout2/make_heldout2.py --check  # exit 1 if files differ

Every page is written once, in ``sources/*.page``: a few ``@key value`` header lines, then one
line per rendered page line, ``label | text``. Content labels (``title``, ``byline``,
``dateline``, ``caption``, ``heading``, ``body``, ``item`` = list item, ``row`` = table row with
`` | `` between cells) become gold paragraphs; every other label (``nav``, ``consent``,
``related``, ``comment``, ...) is boilerplate of that kind. ``{{PLACE (AGENCY)}} – text`` at the
start of a body line is an inline dateline: one page line, two gold paragraphs. ``@chrome NAME``
inserts the labelled block NAME of the page's site from ``sources/sites.src`` (shared site
navigation and footers, as on real sites). ``~`` forces a blank line.

From each source the script writes ``txt/<id>.txt`` (the page as scraped plain text) and, for
pages with ``@html STYLE``, ``html/<id>.html`` in one of the markup styles (semantic, divsoup,
tables, amp; the third set added wordpress, newsroom and blogger), plus one gold record per
rendered page in ``gold.jsonl`` (format of tests/cases/boilerplate_eval/README.md). ``@formats
html`` renders a source as HTML only. ``bquote`` lines are body text quoted in the article
(``<blockquote>`` in HTML). Output is deterministic: same sources, same bytes.

Other sets reuse this script with their own folder: ``build(root)``, ``generated_on_disk(root)``,
``main(argv, root)`` (tests/cases/boilerplate_heldout3/make_heldout3.py).
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

CONTENT = ("title", "byline", "dateline", "caption", "heading", "body", "item", "row", "bquote")
BODY_LABELS = ("item", "row", "bquote")  # content labels whose gold role is body
ARTICLE_ROLES = {"heading", "body"}  # article text = headings + body paragraphs
HTML_GOLD_ROLES = {"title", "dateline", "heading", "body"}  # bylines/captions: metadata in HTML
# consecutive lines with one of these labels are not separated by a blank line in "blank" spacing
TIGHT = {"item", "row", "nav", "crumb", "related", "tags", "share", "footer", "menu", "comment",
         "sidebar", "consent", "promo", "widget"}
STYLES = ("semantic", "divsoup", "tables", "amp", "wordpress", "newsroom", "blogger")
# markup around the article: opened before the first content line, closed after the last one,
# then the after-article container (comments, related, footers) and the end of the page
ARTICLE_OPEN = {"semantic": '<main id="main"><article class="post">',
                "divsoup": '<div id="page-wrap"><div class="col-main"><div class="article-body entry-content">',
                "tables": '<table width="760" class="layout"><tr><td class="content" valign="top">',
                "amp": '<main><article class="amp-article">',
                "wordpress": '<div id="content" class="site-content"><div id="primary" class="content-area">'
                             '<main id="main" class="site-main"><article id="post-2291" class="post type-post '
                             'status-publish format-standard hentry category-uncategorized">',
                "newsroom": '<main class="page-main"><article class="story" itemscope '
                            'itemtype="https://schema.org/NewsArticle">',
                "blogger": '<div class="blog-posts hfeed"><div class="date-outer"><div class="post hentry">'
                           '<div class="post-body entry-content" id="post-body-7781">'}
ARTICLE_CLOSE = {"semantic": "</article>", "divsoup": "</div>", "tables": "</td>", "amp": "</article>",
                 "wordpress": "</article>", "newsroom": "</article>", "blogger": "</div></div>"}
AFTER_OPEN = {"semantic": '<div class="after-article">', "divsoup": '</div><div class="col-side">',
              "tables": '<td class="side" valign="top">', "amp": '<div class="after">',
              "wordpress": '<div class="after-entry">', "newsroom": '<section class="below-story">',
              "blogger": '<div class="post-footer-area">'}
PAGE_CLOSE = {"semantic": "</div></main>", "divsoup": "</div></div>", "tables": "</td></tr></table>",
              "amp": "</div></main>", "wordpress": "</div></main></div></div>", "newsroom": "</section></main>",
              "blogger": "</div></div></div>"}

_LINE_RE = re.compile(r"^([a-z][a-z0-9_-]*)\s*\|\s?(.*)$")
_INLINE_DATELINE_RE = re.compile(r"^\{\{(.+?)\}\}\s*[–—-]?\s*")
_NUMBERED_RE = re.compile(r"^\d+[.)]\s+")
_BULLET_RE = re.compile(r"^[•·\-*]\s+")


@dataclass
class Line:
    label: str
    text: str  # annotated text (inline dateline braces still in)
    blank_before: bool = False


@dataclass
class Page:
    doc_id: str
    header: dict
    lines: list[Line] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.header["lang"]


def _parse_sites(path: Path) -> dict[tuple[str, str], list[Line]]:
    blocks: dict[tuple[str, str], list[Line]] = {}
    site = block = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("@site "):
            site = raw.split(None, 1)[1].strip()
        elif raw.startswith("@block "):
            block = raw.split(None, 1)[1].strip()
            blocks[(site, block)] = []
        else:
            m = _LINE_RE.match(raw)
            if not m or m.group(1) in CONTENT:
                raise ValueError(f"{path.name}: site chrome must be labelled boilerplate: {raw!r}")
            blocks[(site, block)].append(Line(m.group(1), m.group(2)))
    return blocks


def parse_page(path: Path, sites: dict) -> Page:
    page = Page(path.stem, {})
    in_header = True
    blank = False
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("#") or (not raw.strip() and in_header):
            continue
        if in_header and raw.startswith("@") and not raw.startswith("@chrome"):
            key, _, value = raw[1:].partition(" ")
            page.header[key.strip()] = value.strip()
            continue
        in_header = False
        if not raw.strip():
            continue
        if raw.strip() == "~":
            blank = True
            continue
        if raw.startswith("@chrome "):
            key = (page.header["site"], raw.split(None, 1)[1].strip())
            for i, line in enumerate(sites[key]):
                page.lines.append(Line(line.label, line.text, blank and i == 0))
            blank = False
            continue
        m = _LINE_RE.match(raw)
        if not m:
            raise ValueError(f"{path.name}:{n}: not 'label | text': {raw!r}")
        page.lines.append(Line(m.group(1), m.group(2).rstrip(), blank))
        blank = False
    for key in ("lang", "genre", "site", "url"):
        if key not in page.header:
            raise ValueError(f"{path.name}: missing @{key}")
    if sum(1 for line in page.lines if line.label == "title") != 1:
        raise ValueError(f"{path.name}: exactly one title line expected")
    return page


def _split_dateline(text: str) -> tuple[str | None, str]:
    """(inline dateline, rest) of an annotated body line, and the text as it shows on the page."""
    m = _INLINE_DATELINE_RE.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end():]


def _page_text(line: Line) -> str:
    text = line.text.replace("{{", "").replace("}}", "")
    if line.label == "row":
        text = "\t".join(cell.strip() for cell in text.split(" | "))
    return text


# ----------------------------------------------------------------------------- plain text


def render_txt(page: Page) -> tuple[str, list[tuple[str, str, int]], list[dict]]:
    """Page text, gold paragraphs (role, text, line number), removed lines (line_no, kind, text)."""
    spacing = page.header.get("spacing", "blank")
    out: list[str] = []
    if page.header.get("leading_blank"):
        out.append("")
    paragraphs: list[tuple[str, str, int]] = []
    removed: list[dict] = []
    prev = None
    for line in page.lines:
        if out and (line.blank_before or (spacing == "blank" and not (prev and prev.label == line.label
                                                                     and line.label in TIGHT))):
            out.append("")
        text = _page_text(line)
        out.append(text)
        line_no = len(out)
        if line.label in CONTENT:
            role = "body" if line.label in BODY_LABELS else line.label
            dateline, rest = _split_dateline(line.text) if role == "body" else (None, line.text)
            if dateline:
                paragraphs.append(("dateline", dateline, line_no))
                paragraphs.append(("body", rest, line_no))
            else:
                paragraphs.append((role, text, line_no))
        else:
            removed.append({"line_no": line_no, "kind": line.label, "text": text})
        prev = line
    return "\n".join(out) + "\n", paragraphs, removed


# ----------------------------------------------------------------------------- html

_E = htmlmod.escape


def _links(items: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f'<li{attr}><a href="/{_slug(t)}">{_E(t)}</a></li>' for t in items)


def _slug(text: str) -> str:
    return re.sub(r"\W+", "-", text.lower()).strip("-")[:40] or "x"


def _split_items(text: str) -> list[str]:
    for sep in (" | ", " › ", " > ", " · ", " / "):
        if sep in text:
            return [t.strip() for t in text.split(sep) if t.strip()]
    return [text]


def _boiler_html_new(kind: str, texts: list[str], style: str) -> str | None:
    """Markup of the styles added for the third set where it differs from the defaults below."""
    paras = "\n".join(f"<p>{_E(t)}</p>" for t in texts)
    if kind == "comment" and style == "wordpress":
        items = "\n".join(f'<li class="comment"><article class="comment-body"><div class="comment-content">'
                          f"<p>{_E(t)}</p></div></article></li>" for t in texts)
        return f'<div id="comments" class="comments-area"><ol class="comment-list">{items}</ol></div>'
    if kind == "comment" and style == "blogger":
        items = "\n".join(f'<li class="comment"><div class="comment-block"><p class="comment-content">{_E(t)}</p>'
                          "</div></li>" for t in texts)
        return f'<div class="comments" id="comments"><div class="comments-content"><ol>{items}</ol></div></div>'
    if kind in ("sidebar", "widget") and style in ("wordpress", "blogger"):
        head, rest = (texts[0], texts[1:]) if len(texts) > 1 else ("", texts)
        h = f'<h2 class="widget-title">{_E(head)}</h2>' if head else ""
        return f'<aside class="widget widget_{kind}">{h}<ul>{_links(rest)}</ul></aside>'
    if kind == "footer" and style in ("wordpress", "newsroom", "blogger"):
        return f'<footer id="colophon" class="site-footer"><div class="site-info">{paras}</div></footer>'
    if kind == "readmore" and style == "newsroom":  # "Read more:" lines in the story body, as CMS embeds write them
        return "\n".join(f'<p class="related-inline"><a href="/{_slug(t)}">{_E(t)}</a></p>' for t in texts)
    if kind in ("newsletter", "promo", "paywall") and style == "newsroom":
        return (f'<aside class="{kind}-box" data-component="{kind}">{paras}<form action="/subscribe">'
                '<input type="email" name="email"><button type="submit">OK</button></form></aside>')
    return None


def _boiler_html(kind: str, texts: list[str], style: str) -> str:
    """Markup of a run of boilerplate lines of one kind, as the style's CMS would write it."""
    new = _boiler_html_new(kind, texts, style) if style in STYLES[4:] else None
    if new is not None:
        return new
    if kind in ("nav", "menu"):
        items = [i for t in texts for i in _split_items(t)]
        if style == "tables":
            return '<table class="menu"><tr>' + "\n".join(f'<td><a href="/{_slug(i)}">{_E(i)}</a></td>' for i in items) + "</tr></table>"
        tag = "nav" if style in ("semantic", "amp", "wordpress", "newsroom") else 'div class="menu-main"'
        return f"<{tag}><ul>{_links(items, 'menu-item')}</ul></{tag.split()[0]}>"
    if kind == "crumb":
        items = [i for t in texts for i in _split_items(t)]
        return f'<nav class="breadcrumb" aria-label="breadcrumb"><ol>{_links(items)}</ol></nav>'
    if kind in ("related", "sidebar", "widget"):
        head, rest = (texts[0], texts[1:]) if len(texts) > 1 else ("", texts)
        h = f"<h3>{_E(head)}</h3>" if head else ""
        if style == "semantic":
            return f'<aside class="{kind}">{h}<ul>{_links(rest)}</ul></aside>'
        if style == "tables":
            return f'<table class="{kind}"><tr><td>{h}' + "\n".join(f'<a href="/{_slug(t)}">{_E(t)}</a><br>' for t in rest) + "</td></tr></table>"
        return f'<div class="{kind}-box">{h}<ul>{_links(rest, "rel-link")}</ul></div>'
    if kind in ("tags", "share"):
        items = [i for t in texts for i in _split_items(t)]
        return f'<div class="{kind}"><ul>{_links(items)}</ul></div>'
    if kind == "comment":
        inner = "\n".join(f'<div class="comment-body"><p>{_E(t)}</p></div>' for t in texts)
        if style == "semantic":
            return f'<section id="comments" class="comments">{inner}</section>'
        if style == "amp":
            return f'<amp-list class="comments"><div>{inner}</div></amp-list>'
        return f'<div id="comments" class="cmt-list">{inner}</div>'
    if kind == "ad":
        if style == "amp":
            return '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/a">' + "\n".join(
                f'<div placeholder>{_E(t)}</div>' for t in texts) + "</amp-ad>"
        return '<div class="ad-slot">' + "\n".join(f'<span class="ad-label">{_E(t)}</span>' for t in texts) + "</div>"
    if kind == "consent":
        return '<div id="cookie-consent" class="cookie-banner" role="dialog">' + "\n".join(
            f"<p>{_E(t)}</p>" for t in texts) + "</div>"
    if kind == "pullquote":
        tag = "blockquote" if style == "semantic" else "div"
        return f'<{tag} class="pullquote">' + "\n".join(f"<p>{_E(t)}</p>" for t in texts) + f"</{tag}>"
    if kind in ("date", "timestamp", "updated"):
        return "\n".join(f'<time class="published">{_E(t)}</time>' for t in texts)
    if kind == "footer" and style == "semantic":
        return '<footer class="site-footer">' + "\n".join(f"<p>{_E(t)}</p>" for t in texts) + "</footer>"
    cls = f"{kind}-box" if style == "divsoup" else kind
    return f'<div class="{cls}">' + "\n".join(f"<p>{_E(t)}</p>" for t in texts) + "</div>"


def _content_html(label: str, texts: list[str], style: str) -> tuple[str, list[str]]:
    """Markup of a run of content lines and the gold texts it yields for HTML."""
    if label == "item":
        numbered = all(_NUMBERED_RE.match(t) for t in texts)
        clean = [_NUMBERED_RE.sub("", t) if numbered else _BULLET_RE.sub("", t) for t in texts]
        tag = "ol" if numbered else "ul"
        return f"<{tag}>" + "\n".join(f"<li>{_E(t)}</li>" for t in clean) + f"</{tag}>", clean
    if label == "row":
        rows = [[c.strip() for c in t.split(" | ")] for t in texts]
        body = "\n".join("<tr>" + "\n".join(f"<td>{_E(c)}</td>" for c in r) + "</tr>" for r in rows)
        return f'<table class="data">{body}</table>', [" | ".join(r) for r in rows]
    if label == "bquote":
        shown = [t.replace("{{", "").replace("}}", "") for t in texts]
        return "<blockquote>" + "\n".join(f"<p>{_E(t)}</p>" for t in shown) + "</blockquote>", shown
    if style in STYLES[4:]:
        return "\n".join(_content_html_new(label, t.replace("{{", "").replace("}}", ""), style) for t in texts), texts
    out, gold = [], []
    for t in texts:
        shown = t.replace("{{", "").replace("}}", "")
        gold.append(t)
        if label == "title":
            out.append(f"<h1>{_E(shown)}</h1>" if style != "tables" else f'<h1 class="hd"><font size="5">{_E(shown)}</font></h1>')
        elif label == "heading":
            out.append({"divsoup": f'<div class="subhead"><h2>{_E(shown)}</h2></div>',
                        "tables": f"<h3>{_E(shown)}</h3>"}.get(style, f"<h2>{_E(shown)}</h2>"))
        elif label == "byline":
            out.append(f'<p class="byline"><span class="author">{_E(shown)}</span></p>')
        elif label == "caption":
            img = "amp-img" if style == "amp" else "img"
            close = "</amp-img>" if style == "amp" else ""
            out.append(f'<figure><{img} src="/img/{_slug(shown)}.jpg" width="800" height="450" alt="">{close}'
                       f"<figcaption>{_E(shown)}</figcaption></figure>")
        elif label == "dateline":
            out.append(f'<p class="dateline">{_E(shown)}</p>')
        else:
            out.append(f"<p>{_E(shown)}</p>" if style != "divsoup" else f'<div class="text-block"><p>{_E(shown)}</p></div>')
    return "\n".join(out), gold


def _content_html_new(label: str, shown: str, style: str) -> str:
    """Markup of one title, heading, byline, caption, dateline or body line in the third set's styles."""
    e = _E(shown)
    img = f'<img src="/img/{_slug(shown)}.jpg" width="800" height="450" alt="" loading="lazy">'
    if label == "title":
        return {"wordpress": f'<header class="entry-header"><h1 class="entry-title">{e}</h1></header>',
                "newsroom": f'<header class="story-header"><h1 class="story-headline" itemprop="headline">{e}</h1></header>',
                "blogger": f'<h3 class="post-title entry-title">{e}</h3>'}[style]
    if label == "heading":
        return f"<b>{e}</b><br />" if style == "blogger" else f"<h2>{e}</h2>"
    if label == "byline":
        return {"wordpress": f'<div class="entry-meta"><span class="byline"><span class="author vcard">{e}</span></span></div>',
                "newsroom": f'<div class="story-meta"><span class="story-byline" itemprop="author">{e}</span></div>',
                "blogger": f'<div class="post-header"><span class="post-author vcard">{e}</span></div>'}[style]
    if label == "caption":
        if style == "blogger":
            return (f'<table class="tr-caption-container" align="center"><tr><td><a href="/img/{_slug(shown)}.jpg">{img}'
                    f'</a></td></tr><tr><td class="tr-caption">{e}</td></tr></table>')
        return f'<figure class="wp-block-image">{img}<figcaption>{e}</figcaption></figure>' if style == "wordpress" else (
            f'<figure class="story-image"><picture>{img}</picture><figcaption class="caption">{e}</figcaption></figure>')
    if label == "dateline":
        return f'<p class="dateline"><strong>{e}</strong></p>'
    return f"{e}<br />\n<br />" if style == "blogger" else f"<p>{e}</p>"


def _head(page: Page, title: str, style: str) -> str:
    h = page.header
    meta = [f'<meta charset="utf-8"><title>{_E(title)} | {_E(h.get("sitename", h["site"]))}</title>',
            f'<link rel="canonical" href="{_E(h["url"])}">',
            f'<meta property="og:title" content="{_E(title)}">',
            f'<meta property="og:site_name" content="{_E(h.get("sitename", h["site"]))}">']
    if h.get("published_date"):
        meta.append(f'<meta property="article:published_time" content="{h["published_date"]}T08:00:00Z">')
    if h.get("authors"):
        meta.append(f'<meta name="author" content="{_E(h["authors"].replace(";", ","))}">')
    if style == "amp":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
              "datePublished": h.get("published_date", ""),
              "author": [{"@type": "Person", "name": a.strip()} for a in h.get("authors", "").split(";") if a.strip()]}
        meta.append('<script async src="https://cdn.ampproject.org/v0.js"></script>')
        meta.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
        meta.append("<style amp-custom>body{font-family:serif}</style>")
    return "<head>" + "\n".join(meta) + "</head>"


def render_html(page: Page) -> tuple[str, list[tuple[str, str]]]:
    """Full HTML page in the page's style and its gold paragraphs (role, text)."""
    style = page.header["html"]
    if style not in STYLES:
        raise ValueError(f"{page.doc_id}: unknown html style {style!r}")
    # group consecutive lines of one label into runs
    runs: list[tuple[str, list[str]]] = []
    for line in page.lines:
        if runs and runs[-1][0] == line.label and line.label not in ("body", "heading", "caption"):
            runs[-1][1].append(line.text)
        else:
            runs.append((line.label, [line.text]))
    content_idx = [i for i, (label, _) in enumerate(runs) if label in CONTENT]
    first, last = content_idx[0], content_idx[-1]
    parts: list[str] = []
    gold: list[tuple[str, str]] = []
    title = next(line.text for line in page.lines if line.label == "title")
    for i, (label, texts) in enumerate(runs):
        if i == first:
            parts.append(ARTICLE_OPEN[style])
        if label in CONTENT:
            markup, texts_gold = _content_html(label, texts, style)
            parts.append(markup)
            for t in texts_gold:
                role = "body" if label in BODY_LABELS else label
                dateline, rest = _split_dateline(t) if role == "body" else (None, t)
                if dateline:
                    gold += [("dateline", dateline), ("body", rest)]
                elif role in HTML_GOLD_ROLES:
                    gold.append((role, t))
        else:
            parts.append(_boiler_html(label, [_page_text(Line(label, t)) for t in texts], style))
        if i == last:
            parts.append(ARTICLE_CLOSE[style])
            # the rest of the page (comments, related, footers) sits outside the article element
            parts.append(AFTER_OPEN[style])
    parts.append(PAGE_CLOSE[style])
    html_attr = f'lang="{page.lang}"' + (" ⚡" if style == "amp" else "")
    body = "\n".join(parts)
    # analytics and consent-manager scripts, as on nearly every real page: text an extractor must skip
    scripts = ("<script>window.dataLayer=window.dataLayer||[];dataLayer.push({'pageType':'article',"
               f"'section':'{page.header['genre']}'}});</script>")
    tail = '<script src="/static/js/cmp.min.js" defer></script>'
    if style == "amp":
        scripts, tail = "", '<amp-analytics type="gtag" data-credentials="include"></amp-analytics>'
    doc = (f"<!DOCTYPE html>\n<html {html_attr}>\n{_head(page, title, style)}\n<body>\n{scripts}\n{body}\n"
           f"{tail}\n</body>\n</html>\n")
    return doc, gold


# ----------------------------------------------------------------------------- gold


def _metadata(page: Page, title: str) -> dict:
    h = page.header
    return {"title": title,
            "published_date": h.get("published_date") or None,
            "authors": [a.strip() for a in h.get("authors", "").split(";") if a.strip()],
            "dateline": h.get("dateline") or None,
            "agency": h.get("agency") or None}


def _record(page: Page, fmt: str, paragraphs: list[dict], extra: dict) -> dict:
    title = next(p["text"] for p in paragraphs if p["role"] == "title") if any(
        p["role"] == "title" for p in paragraphs) else ""
    article = "\n\n".join(p["text"] for p in paragraphs if p["role"] in ARTICLE_ROLES)
    h = page.header
    rec = {"kind": "doc", "label": f"{fmt}/{page.doc_id}", "input": f"{fmt}/{page.doc_id}.{fmt}",
           "record_id": None, "format": fmt, "source_format": fmt, "url": h["url"], "source_group": h["site"],
           "lang": page.lang, "genre": h["genre"], "html_style": h.get("html") if fmt == "html" else None,
           "article_text": article, "paragraphs": paragraphs}
    rec.update(extra)
    rec["metadata"] = _metadata(page, title)
    return rec


def load_pages(root: Path = HERE) -> list[Page]:
    sources = root / "sources"
    sites = _parse_sites(sources / "sites.src")
    return [parse_page(p, sites) for p in sorted(sources.glob("*.page"))]


def build(root: Path = HERE) -> dict[str, bytes]:
    """Every generated file of the set in ``root`` (path relative to that folder -> bytes)."""
    files: dict[str, bytes] = {}
    records = []
    for page in load_pages(root):
        if page.header.get("formats") == "html":
            continue
        text, paragraphs, removed = render_txt(page)
        files[f"txt/{page.doc_id}.txt"] = text.encode("utf-8")
        pars = [{"role": r, "text": t, "lines": [n]} for r, t, n in paragraphs]
        records.append(_record(page, "txt", pars, {"removed": removed}))
    for page in load_pages(root):
        if page.header.get("html"):
            doc, gold = render_html(page)
            files[f"html/{page.doc_id}.html"] = doc.encode("utf-8")
            boiler = [{"kind": line.label, "text": _page_text(line)} for line in page.lines if line.label not in CONTENT]
            records.append(_record(page, "html", [{"role": r, "text": t} for r, t in gold], {"boilerplate": boiler}))
    files["gold.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    return files


def generated_on_disk(root: Path = HERE) -> dict[str, bytes]:
    paths = [root / "gold.jsonl", *sorted((root / "txt").glob("*")), *sorted((root / "html").glob("*"))]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def diff(fresh: dict[str, bytes], disk: dict[str, bytes]) -> list[str]:
    return sorted({k for k in fresh.keys() | disk.keys() if fresh.get(k) != disk.get(k)})


def main(argv: list[str] | None = None, root: Path = HERE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    fresh = build(root)
    if args.check:
        bad = diff(fresh, generated_on_disk(root))
        for name in bad:
            print(f"differs: {name}", file=sys.stderr)
        return 1 if bad else 0
    for sub in ("txt", "html"):
        (root / sub).mkdir(exist_ok=True)
        for old in (root / sub).glob("*"):
            if f"{sub}/{old.name}" not in fresh:
                old.unlink()
    for name, data in fresh.items():
        (root / name).write_bytes(data)
    n_txt = sum(1 for k in fresh if k.startswith("txt/"))
    n_html = sum(1 for k in fresh if k.startswith("html/"))
    print(f"wrote {n_txt} txt pages, {n_html} html pages, gold.jsonl")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
