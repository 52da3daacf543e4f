"""Build the held-out boilerplate/role evaluation set from its hand-annotated sources.

    .venv/bin/python tests/cases/boilerplate_heldout/make_heldout.py          # rewrite txt/, html/, gold
    .venv/bin/python tests/cases/boilerplate_heldout/make_heldout.py --check  # exit 1 if files differ

The documents were written by hand (see README.md); this script only turns each annotated source
``src/*.ann`` into (a) the rendered plain-text page ``txt/<id>.txt``, (b) for sources marked
``html: <style>``, a full HTML page ``html/<id>.html`` with the same article, and (c) one gold
record per page in ``heldout_gold.jsonl``. Deterministic: same sources, same bytes.

Source format (one file per document)
-------------------------------------
Header lines ``key: value`` up to a line ``---``: ``id``, ``lang``, ``site`` (host, also the
template group), ``kind`` (news, wire, blog, press, local), ``html`` (optional: ``semantic``,
``wp`` or ``soup``, the markup style of the HTML twin), optional ``date``, ``authors`` (``;``
separated), ``agency``.

Then the page, line by line. An empty line is an empty line of the page. Every other line is
``TAG TEXT``; the page line is TEXT, and TAG is the hand label:

- ``t`` title, ``y`` byline, ``c`` caption, ``h`` heading, ``b`` body;
- ``b+`` body text that continues the previous body paragraph (a sentence split by a blank line:
  the gold joins the two with a space);
- ``D`` a body paragraph that starts with a dateline: the page shows ``DATELINE — text`` with the
  two parts separated in the source by ``⟂`` (not printed); gold = a ``dateline`` paragraph (the
  part before ``⟂``, trailing dash removed) and a ``body`` paragraph (the rest);
- ``x:KIND`` boilerplate, not a paragraph (KIND = nav, crumb, cookie, share, newsletter, ad,
  related, mostread, tags, bio, comment, footer, date, dupcap, pull, signoff, promo, dek, toc,
  misc).

Gold: ``article_text`` = heading and body paragraphs joined by blank lines; ``paragraphs`` = every
labelled paragraph with its role. For HTML twins the gold paragraphs are title, dateline, heading
and body only (the convention of tests/cases/boilerplate_eval/README.md: bylines and captions come
out of HTML extraction as metadata or not at all); ``article_text`` is the same as for the text page.
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
GOLD = HERE / "heldout_gold.jsonl"
MARK = "⟂"
ROLE_TAGS = {"t": "title", "y": "byline", "c": "caption", "h": "heading", "b": "body"}
ARTICLE_ROLES = ("heading", "body")
HTML_ROLES = ("title", "dateline", "heading", "body")


def parse(path: Path) -> tuple[dict, list[tuple[str, str]]]:
    """(header, [(tag, text)]) of one annotated source; an empty line is ("", "")."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path.name}: no '---' line after the header")
    header = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    lines = []
    for n, line in enumerate(body.splitlines(), 1):
        if not line.strip():
            lines.append(("", ""))
            continue
        tag, _, rest = line.partition(" ")
        if tag not in ROLE_TAGS and tag not in ("b+", "D") and not tag.startswith("x:"):
            raise ValueError(f"{path.name}:{n}: unknown tag {tag!r}")
        if (MARK in rest) != (tag == "D"):
            raise ValueError(f"{path.name}:{n}: {MARK} belongs on D lines only, once")
        lines.append((tag, rest.strip()))
    while lines and lines[-1] == ("", ""):
        lines.pop()
    return header, lines


def page_text(lines: list[tuple[str, str]]) -> str:
    return "\n".join(text.replace(MARK, "") for _, text in lines) + "\n"


def paragraphs(lines: list[tuple[str, str]]) -> list[dict]:
    """Gold paragraphs (role, text) in page order."""
    out: list[dict] = []
    for tag, text in lines:
        if not tag or tag.startswith("x:"):
            continue
        if tag == "b+":
            if not out or out[-1]["role"] != "body":
                raise ValueError(f"b+ without a body paragraph before it: {text[:40]}")
            out[-1]["text"] += " " + text
        elif tag == "D":
            dateline, _, body = text.partition(MARK)
            out.append({"role": "dateline", "text": dateline.strip().rstrip("—–-.").strip()})
            out.append({"role": "body", "text": body.strip()})
        else:
            out.append({"role": ROLE_TAGS[tag], "text": text})
    return out


def boilerplate(lines: list[tuple[str, str]]) -> list[dict]:
    return [{"kind": tag[2:], "text": text} for tag, text in lines if tag.startswith("x:")]


# ----------------------------------------------------------------------------- HTML twin
# Regions: everything before the title is page header; after the last article paragraph comes
# the page tail. Boilerplate inside the article stays inside the article element, as on real
# pages (share bars, ads, pull quotes, inline "Related" boxes).
_TAIL_CONTAINERS = {
    "semantic": {"related": ("aside", "related"), "mostread": ("aside", "most-read"),
                 "comment": ("section", "comments"), "footer": ("footer", "site-footer")},
    "wp": {"related": ("div", "jp-relatedposts"), "mostread": ("div", "widget widget_top-posts"),
           "comment": ("div", "comments-area"), "footer": ("div", "site-info")},
    # soup: neutral class names, as on older CMS templates (nothing says "comments" or "related")
    "soup": {"related": ("div", "box b2"), "mostread": ("div", "box b3"),
             "comment": ("div", "box b4"), "footer": ("div", "bottom")},
}
_LIST_KINDS = {"nav", "crumb", "related", "mostread", "tags", "footer", "share"}


def _esc(text: str) -> str:
    return htmlmod.escape(text, quote=False)


def _group(lines):
    """Consecutive non-empty lines of the same tag (boilerplate kinds, or bullet body lines)."""
    groups: list[tuple[str, list[str]]] = []
    for tag, text in lines:
        if not tag:
            continue
        key = tag
        if tag == "b" and text[:1] in "•·-*–":
            key = "bullet"
        if groups and groups[-1][0] == key and (key.startswith("x:") or key == "bullet"):
            groups[-1][1].append(text)
        else:
            groups.append((key, [text]))
    return groups


def _render_group(key: str, texts: list[str], style: str) -> str:
    if key == "t":
        return f"<h1 class=\"entry-title\">{_esc(texts[0])}</h1>"
    if key == "y":
        return f"<p class=\"byline\"><span class=\"author\">{_esc(texts[0])}</span></p>"
    if key == "c":
        return f"<figure><img src=\"/img/photo.jpg\" alt=\"\"><figcaption>{_esc(texts[0])}</figcaption></figure>"
    if key == "h":
        return f"<h2>{_esc(texts[0])}</h2>"
    if key in ("b", "b+"):
        return f"<p>{_esc(texts[0])}</p>"
    if key == "D":
        return f"<p>{_esc(texts[0].replace(MARK, ''))}</p>"
    if key == "bullet":
        items = "".join(f"<li>{_esc(t.lstrip('•·-*– ').strip())}</li>" for t in texts)
        return f"<ul>{items}</ul>"
    kind = key[2:]
    if kind == "date":
        return f"<time datetime=\"\">{_esc(texts[0])}</time>"
    if kind == "pull":
        return f"<blockquote class=\"pullquote\"><p>{_esc(texts[0])}</p></blockquote>"
    if kind == "dupcap":
        return f"<div class=\"gallery-caption\">{_esc(texts[0])}</div>"
    if kind == "comment":
        inner = "".join(f"<p>{_esc(t)}</p>" for t in texts)
        return f"<div class=\"{'item' if style == 'soup' else 'comment-body'}\">{inner}</div>"
    if kind in _LIST_KINDS:
        items = "".join(f"<li><a href=\"#\">{_esc(t)}</a></li>" for t in texts)
        tag = "nav" if kind in ("nav", "crumb") and style != "soup" else "div"
        return f"<{tag} class=\"{kind}\"><ul>{items}</ul></{tag}>"
    inner = "".join(f"<p>{_esc(t)}</p>" for t in texts)
    return f"<div class=\"{kind}\">{inner}</div>"


def page_html(header: dict, lines: list[tuple[str, str]]) -> str:
    style = header["html"]
    title = next(text for tag, text in lines if tag == "t")
    tagged = [(i, tag) for i, (tag, _) in enumerate(lines) if tag]
    first = next(i for i, tag in tagged if tag == "t")
    last = max(i for i, tag in tagged if tag in ("b", "b+", "D", "h", "c"))
    head_part, art_part, tail_part = lines[:first], lines[first:last + 1], lines[last + 1:]
    # b+ (a sentence split by a blank line in the text page) is one paragraph in HTML
    merged: list[tuple[str, str]] = []
    for tag, text in art_part:
        if tag == "b+":
            prev = len(merged) - 1
            while merged[prev][0] == "":
                prev -= 1
            merged[prev] = (merged[prev][0], merged[prev][1] + " " + text)
        else:
            merged.append((tag, text))
    lang = header.get("lang", "en")
    site = header["site"]
    out = ["<!DOCTYPE html>", f"<html lang=\"{lang}\">", "<head>", "<meta charset=\"utf-8\">",
           f"<title>{_esc(title)} | {_esc(site)}</title>",
           "<script>window.dataLayer=window.dataLayer||[];</script>",
           "<style>.ad{min-height:250px}</style>", "</head>", "<body>"]
    header_html = "".join(_render_group(k, t, style) for k, t in _group(head_part))
    article_html = "\n".join(_render_group(k, t, style) for k, t in _group(merged))
    tail, footer = [], []
    for key, texts in _group(tail_part):
        kind = key[2:] if key.startswith("x:") else key
        box = _TAIL_CONTAINERS[style].get(kind)
        inner = _render_group(key, texts, style)
        # soup pages (older CMS layouts) keep comments and boxes in the story's own container,
        # only the page footer sits outside it
        target = footer if style == "soup" and kind == "footer" else tail
        target.append(f"<{box[0]} class=\"{box[1]}\">{inner}</{box[0]}>" if box else inner)
    tail_html = "\n".join(tail)
    if style == "semantic":
        out += [f"<header class=\"site-header\">{header_html}</header>", "<main>",
                f"<article class=\"story\">\n{article_html}\n</article>", tail_html, "</main>"]
    elif style == "wp":
        out += [f"<div id=\"masthead\" class=\"site-header\">{header_html}</div>",
                "<div id=\"content\" class=\"site-content\"><div id=\"primary\">",
                f"<article class=\"post type-post\"><div class=\"entry-content\">\n{article_html}\n</div></article>",
                tail_html, "</div></div>"]
    else:  # soup: no semantic elements at all, layout by divs
        out += [f"<div class=\"top\">{header_html}</div>", "<div class=\"wrap\"><div class=\"col-main\">",
                f"<div class=\"txt\">\n{article_html}\n{tail_html}\n</div>", "</div></div>", *footer]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- gold
def _metadata(header: dict, pars: list[dict]) -> dict:
    meta = {"title": next((p["text"] for p in pars if p["role"] == "title"), None),
            "dateline": next((p["text"] for p in pars if p["role"] == "dateline"), None)}
    if header.get("date"):
        meta["published_date"] = header["date"]
    if header.get("authors"):
        meta["authors"] = [a.strip() for a in header["authors"].split(";")]
    if header.get("agency"):
        meta["agency"] = header["agency"]
    return meta


def _html_paragraph(paragraph: dict) -> dict:
    """A list item has no bullet character in HTML (the <li> is the bullet)."""
    return {"role": paragraph["role"], "text": paragraph["text"].lstrip("•·-*– ")}


def build() -> tuple[list[dict], dict[str, str]]:
    """(gold records, {relative path: file content}) for every source."""
    records, files = [], {}
    for path in sorted(SRC.glob("*.ann")):
        header, lines = parse(path)
        doc_id, site = header["id"], header["site"]
        if path.stem != doc_id:
            raise ValueError(f"{path.name}: id {doc_id!r} differs from the file name")
        pars = paragraphs(lines)
        article = "\n\n".join(p["text"] for p in pars if p["role"] in ARTICLE_ROLES)
        n_body = sum(p["role"] == "body" for p in pars)
        common = {"language": header["lang"], "kind_of_page": header["kind"],
                  "url": f"https://{site}/{doc_id}", "article_text": article}
        files[f"txt/{doc_id}.txt"] = page_text(lines)
        records.append({"kind": "doc", "label": f"{doc_id}.txt", "input": f"txt/{doc_id}.txt",
                        "record_id": None, "format": "txt", "source_format": "txt", "source_group": site,
                        **common, "n_body": n_body, "paragraphs": pars,
                        "boilerplate": boilerplate(lines), "metadata": _metadata(header, pars)})
        if header.get("html"):
            files[f"html/{doc_id}.html"] = page_html(header, lines)
            records.append({"kind": "doc", "label": f"{doc_id}.html", "input": f"html/{doc_id}.html",
                            "record_id": None, "format": "html", "source_format": "html",
                            # own group: the twin repeats the text page's lines, which a real
                            # crawl would not; one group would make them look like site templates
                            "source_group": f"{site}#html", **common, "n_body": n_body,
                            "paragraphs": [_html_paragraph(p) for p in pars if p["role"] in HTML_ROLES],
                            "boilerplate": boilerplate(lines), "metadata": _metadata(header, pars)})
    gold = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    files["heldout_gold.jsonl"] = gold
    return records, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    _, files = build()
    if args.check:
        bad = [rel for rel, content in files.items()
               if not (HERE / rel).is_file() or (HERE / rel).read_text(encoding="utf-8") != content]
        for rel in bad:
            print(f"differs: {rel}", file=sys.stderr)
        return 1 if bad else 0
    for rel, content in files.items():
        (HERE / rel).parent.mkdir(parents=True, exist_ok=True)
        (HERE / rel).write_text(content, encoding="utf-8")
    print(f"wrote {len(files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
