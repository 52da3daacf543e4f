"""Deterministic synthetic news corpus with KNOWN boilerplate, for evaluation and throughput.

    python bench/corpus.py OUT_DIR --docs N [--format txt|html|jsonl|mixed] [--seed S]
                           [--gold GOLD.jsonl] [--bad K] [--target-mb MB] [--seeds DIR]

Every page is built from real article paragraphs (taken from seeds/*.txt) plus injected
boilerplate whose position and role we know: nav menus, cookie notices, share/print/comment
widgets, related-headline lists, "READ MORE" lines, subscribe boxes, source footers, copyright
lines, sign-offs, bylines, date lines, photo captions with credits (sometimes duplicated, once
without and once with the credit), advertisement markers, author bios (prose-like), comments,
hard-wrapped paragraphs (one site), and site-template lines that repeat on every page of the same
site. Output layout: ``OUT_DIR/<host>/<id>.txt|.html`` (one folder per site, so "same folder"
grouping finds the templates) and ``OUT_DIR/records-NNNNN.jsonl`` (records with id, url, title,
and text or html).

``--gold`` writes one JSON line per document: the gold article text (heading + body paragraphs
joined by a blank line), the gold paragraphs with roles, the injected boilerplate and metadata.
For HTML the gold paragraphs hold title, dateline, heading and body only: byline, date and caption come
out of trafilatura as metadata (or not at all), so they are not text roles there.
``--bad K`` adds K broken inputs (cycled: empty file, binary file, latin-1 bytes, truncated html,
malformed jsonl line, record without text), listed in the gold file with ``"kind": "bad"``.

Same arguments, same bytes: one seeded ``random.Random``, no clock, sorted inputs.
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import random
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))  # bench/ is a folder of scripts, not a package

from corpus_pools import (  # noqa: E402
    ADS, AGENCIES, BIOS, CITIES, COMMENTS, CREDITS, PEOPLE, PHOTO_ACTIONS, RELATED, SITES, Site, make_heading, make_title,
)
_TERMINAL = re.compile(r"[.!?\"”’)]$")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def load_articles(seeds_dir: Path) -> list[tuple[str, list[str]]]:
    """(title, body paragraphs) per seed file. A body paragraph is a line of >= 15 words that
    starts upper case (or with a quote) and ends like a sentence, and is not a caption (no photo
    credit, not a prefix of another line). Strict on purpose: a stray widget in the pool would
    poison the gold."""
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        title, body = lines[0], []
        for line in lines[1:]:
            words = line.split()
            if (len(words) >= 15 and _TERMINAL.search(line) and not line[0].islower()
                    and "photo" not in line.lower() and not line.startswith("By ")
                    and not any(o != line and o.startswith(line) for o in lines)):
                body.append(line.replace("\u25a1", "\u2014").replace("\\$", "$"))
        if len(body) >= 4:
            articles.append((title, body))
    if not articles:
        raise SystemExit(f"no usable article paragraphs in {seeds_dir}")
    return articles


@dataclass
class Doc:
    doc_id: str
    site: Site
    title: str
    date_iso: str
    date_text: str
    authors: list[str]
    agency: str | None
    blocks: list[tuple[str, str]]  # (role or "boilerplate:<kind>", text) in page order, txt view
    caption: tuple[str, str] | None  # (caption, credit)
    related: list[str]
    dateline: str | None = None  # "PLACE (AGENCY)" prefixed to the first body paragraph

    def rendered_blocks(self, with_title: bool = True) -> list[tuple[str, str]]:
        """Blocks as they appear on the page: the dateline glued to the first body paragraph."""
        out, first = [], True
        for role, text in self.blocks:
            if role == "title" and not with_title:
                continue
            if role == "body" and first:
                first = False
                if self.dateline:
                    text = f"{self.dateline} \u2014 {text}"
            out.append((role, text))
        return out

    def gold_paragraphs(self) -> list[tuple[str, str]]:
        """Kept paragraphs with roles: the dateline is its own paragraph before the first body one."""
        out, first = [], True
        for role, text in self.blocks:
            if role.startswith("boilerplate:"):
                continue
            if role == "body" and first:
                first = False
                if self.dateline:
                    out.append(("dateline", self.dateline))
            out.append((role, text))
        return out


def _date(rng: random.Random, site: Site) -> tuple[str, str]:
    y, m, d = rng.choice([2015, 2016, 2017]), rng.randint(1, 12), rng.randint(1, 28)
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    text = site.date_format.format(y=y, m=m, d=d, hh=hh, mm=mm, month=MONTHS[m - 1], mon=MONTHS[m - 1][:3])
    return f"{y:04d}-{m:02d}-{d:02d}", text


def make_doc(rng: random.Random, index: int, articles) -> Doc:
    site = rng.choice(SITES)
    _, paragraphs = rng.choice(articles)
    k = rng.randint(4, min(12, len(paragraphs)))
    start = rng.randint(0, len(paragraphs) - k)
    body = list(paragraphs[start : start + k])
    title = make_title(rng)
    date_iso, date_text = _date(rng, site)
    agency = rng.choice(AGENCIES) if rng.random() < 0.6 else None
    authors = rng.sample(PEOPLE, rng.choice([1, 1, 2])) if rng.random() < 0.7 else []
    if agency and rng.random() < 0.5:
        dateline = f"{rng.choice(CITIES).upper()} ({agency})"  # rendered as "PLACE (AGENCY) — " + body[0]
    else:
        dateline = None
    blocks: list[tuple[str, str]] = []
    bp = lambda kind, text: blocks.append((f"boilerplate:{kind}", text))  # noqa: E731
    if rng.random() < 0.7:
        bp("nav", site.nav_text())
    if rng.random() < 0.3:
        bp("cookie", site.cookie)
    if site.slogan:
        bp("template", site.slogan)
    blocks.append(("title", title))
    if rng.random() < 0.5:
        bp("date", date_text)  # a date line is metadata (published_date), not a paragraph
    if authors:
        names = " and ".join(authors) if rng.random() < 0.5 else " and ".join(a.upper() for a in authors)
        blocks.append(("byline", f"By {names}" + (f", {agency}" if agency and rng.random() < 0.5 else "")))
    if rng.random() < 0.4:
        bp("share", site.share)
    caption = None
    if rng.random() < 0.5:
        caption = (f"{rng.choice(PEOPLE)} {rng.choice(PHOTO_ACTIONS)} in {rng.choice(CITIES)} "
                   f"on {MONTHS[int(date_iso[5:7]) - 1]} {int(date_iso[8:])}, {date_iso[:4]}.",
                   rng.choice(CREDITS).format(name=rng.choice(PEOPLE)))
        if rng.random() < 0.4:  # the same caption twice, once without its credit (seed 003)
            bp("duplicate_caption", caption[0])
        blocks.append(("caption", f"{caption[0]} {caption[1]}"))
    related = rng.sample(RELATED, rng.randint(2, 5))
    middle = rng.randint(1, len(body) - 1)
    headings = set(rng.sample(range(1, len(body)), min(len(body) - 1, rng.choice([0, 0, 1, 2, 3]))))
    for i, paragraph in enumerate(body):
        if i in headings:
            blocks.append(("heading", make_heading(rng)))
        if i == middle:
            roll = rng.random()
            if roll < 0.25:
                bp("read_more", f"READ MORE: {related[0]}")
            elif roll < 0.45:
                bp("subscribe", site.subscribe)
            elif roll < 0.6:
                bp("ad", rng.choice(ADS))
        blocks.append(("body", paragraph))
    if agency and rng.random() < 0.3:
        bp("signoff", f"- {agency}")
    if authors and rng.random() < 0.25:  # prose-like boilerplate: the hard case for a classifier
        bp("author_bio", rng.choice(BIOS).format(name=authors[0], city=rng.choice(CITIES)))
    if rng.random() < 0.3:
        bp("source", rng.choice(["Source: {a}", "Kaynak/Source: {a}", "Source:"]).format(a=agency or site.name))
    if rng.random() < 0.5:
        bp("share", site.share)
    if rng.random() < 0.5:
        bp("related", "\n".join(([site.related_label] if rng.random() < 0.5 else []) + related))
    if rng.random() < 0.2:
        bp("comments", "\n".join(["Leave a Reply", *rng.sample(COMMENTS, 3)]))
    bp("copyright", site.copyright.format(y=date_iso[:4]))
    if rng.random() < 0.7:
        bp("footer", site.footer)
    return Doc(f"{site.slug}-{index:06d}", site, title, date_iso, date_text, authors, agency,
               blocks, caption, related, dateline)


def render_txt(doc: Doc, with_title: bool = True) -> str:
    sep, width = doc.site.separator, doc.site.wrap
    return sep.join(textwrap.fill(text, width, break_on_hyphens=False) if width and role == "body" else text
                    for role, text in doc.rendered_blocks(with_title)) + "\n"


def _e(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def render_html(doc: Doc) -> str:
    s, out = doc.site, []
    meta = [f'<meta property="og:site_name" content="{_e(s.name)}">',
            f'<meta property="article:published_time" content="{doc.date_iso}T08:00:00Z">']
    if doc.authors:
        meta.append(f'<meta name="author" content="{_e("; ".join(doc.authors))}">')
    head = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(doc.title)} | {_e(s.name)}'
            f'</title>{"".join(meta)}</head>\n<body>')
    out.append(head)
    kinds = {role.split(":", 1)[1] for role, _ in doc.blocks if role.startswith("boilerplate:")}
    if "cookie" in kinds:
        out.append(f'<div class="cookie-banner"><p>{_e(s.cookie)}</p><button>Accept</button></div>')
    out.append(f'<header><div class="logo">{_e(s.name)}</div><nav><ul>'
               + "".join(f'<li><a href="/{_e(i.lower().replace(" ", "-"))}">{_e(i)}</a></li>' for i in s.nav) + "</ul></nav></header>")
    out.append("<main><article>")
    for role, text in doc.rendered_blocks():
        if role == "title":
            out.append(f"<h1>{_e(text)}</h1>")
        elif role == "byline":
            out.append(f'<div class="meta"><span class="byline">{_e(text)}</span> '
                       f'<time datetime="{doc.date_iso}">{_e(doc.date_text)}</time></div>')
        elif role == "caption" and doc.caption:
            out.append(f'<figure><img src="/img/{doc.doc_id}.jpg" alt=""><figcaption>{_e(doc.caption[0])} '
                       f'<span class="credit">{_e(doc.caption[1])}</span></figcaption></figure>')
        elif role == "heading":
            out.append(f"<h2>{_e(text)}</h2>")
        elif role == "body":
            out.append(f"<p>{_e(text)}</p>")
        elif role == "boilerplate:read_more":
            out.append(f'<p class="read-more"><a href="/related/1">{_e(text)}</a></p>')
        elif role == "boilerplate:subscribe":
            out.append(f'<div class="newsletter"><p>{_e(s.subscribe)}</p><form><input type="email"></form></div>')
        elif role == "boilerplate:ad":
            out.append(f'<div class="ad-slot"><span>{_e(text)}</span></div>')
        elif role == "boilerplate:author_bio":
            out.append(f'<div class="author-bio"><p>{_e(text)}</p></div>')
        elif role == "boilerplate:share":
            items = s.share.split(" | ") if " | " in s.share else [s.share]
            out.append('<div class="share">' + " ".join(f'<a href="#">{_e(w)}</a>' for w in items) + "</div>")
    out.append("</article>")
    out.append(f'<aside class="related"><h3>{_e(s.related_label)}</h3><ul>'
               + "".join(f'<li><a href="/story/{i}">{_e(h)}</a></li>' for i, h in enumerate(doc.related)) + "</ul></aside>")
    for role, text in doc.blocks:
        if role == "boilerplate:comments":
            out.append('<section id="comments" class="comments"><h3>Leave a Reply</h3>' + "".join(
                f'<div class="comment"><p>{_e(c)}</p></div>' for c in text.split("\n")[1:]) + "</section>")
    out.append("</main>")
    out.append("<footer><ul>" + "".join(f'<li><a href="/p/{i}">{_e(x)}</a></li>' for i, x in enumerate(s.footer.split(" | ")))
               + f"</ul><p>{_e(s.copyright.format(y=doc.date_iso[:4]))}</p></footer>\n</body></html>\n")
    return "\n".join(out)


def gold_record(doc: Doc, fmt: str, source_format: str, rel_input: str, record_id: str | None,
                title_in_text: bool = True) -> dict:
    paragraphs = [{"role": r, "text": t} for r, t in doc.gold_paragraphs()]
    if fmt == "html":
        paragraphs = [p for p in paragraphs if p["role"] in ("title", "dateline", "heading", "body")]
    elif not title_in_text:
        paragraphs = [p for p in paragraphs if p["role"] != "title"]
    return {
        "kind": "doc", "label": doc.doc_id, "input": rel_input, "record_id": record_id,
        "format": fmt, "source_format": source_format, "url": f"https://{doc.site.host}/news/{doc.doc_id}",
        "source_group": doc.site.host,
        "article_text": "\n\n".join(p["text"] for p in paragraphs if p["role"] in ("heading", "body")),
        "paragraphs": paragraphs,
        "boilerplate": [{"kind": r.split(":", 1)[1], "text": t} for r, t in doc.blocks if r.startswith("boilerplate:")],
        "metadata": {"title": doc.title, "published_date": doc.date_iso, "authors": doc.authors, "agency": doc.agency},
    }


def write_bad(out: Path, k: int, rng: random.Random) -> list[dict]:
    """K broken inputs, cycling through the kinds; each listed with what the pipeline should do."""
    bad_dir, records = out / "bad", []
    bad_dir.mkdir(parents=True, exist_ok=True)
    kinds = ["empty", "binary", "latin1", "truncated_html", "malformed_jsonl", "record_without_text"]
    for i in range(k):
        kind = kinds[i % len(kinds)]
        name = f"bad-{i:04d}-{kind}" + {"truncated_html": ".html", "malformed_jsonl": ".jsonl",
                                        "record_without_text": ".jsonl"}.get(kind, ".txt")
        path = bad_dir / name
        if kind == "empty":
            path.write_bytes(b"")
        elif kind == "binary":
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)))
        elif kind == "latin1":
            path.write_bytes("Caf\u00e9 in Z\u00fcrich: the m\u00e9nage of na\u00efve r\u00e9sum\u00e9s.\n\n"
                             "Le ministre a d\u00e9clar\u00e9 que la r\u00e9forme \u00e9tait pr\u00eate.\n".encode("latin-1"))
        elif kind == "truncated_html":
            path.write_text('<!DOCTYPE html>\n<html><head><title>Cut off</title></head><body><article><h1>Cut', "utf-8")
        elif kind == "malformed_jsonl":
            good = json.dumps({"id": f"bad-{i}-ok", "url": "https://bad.example/ok", "title": "Fine",
                               "text": "This record is fine and has enough words to be a short paragraph of text."})
            path.write_text(good + "\n" + '{"id": "bad-broken", "text": "unterminated\n', "utf-8")
        else:
            path.write_text(json.dumps({"id": f"bad-{i}-notext", "url": "https://bad.example/x", "title": "No text"}) + "\n", "utf-8")
        expect = "decode" if kind == "latin1" else "reject"
        records.append({"kind": "bad", "label": name, "input": f"bad/{name}", "bad_kind": kind, "expect": expect})
    return records


def generate(out: Path, docs: int, fmt: str, seed: int, bad: int = 0, target_mb: float | None = None,
             seeds_dir: Path = REPO / "seeds", records_per_file: int = 500) -> list[dict]:
    """Write the corpus into ``out`` and return the gold records (docs then bad inputs)."""
    rng = random.Random(seed)
    articles = load_articles(seeds_dir)
    out.mkdir(parents=True, exist_ok=True)
    gold, written, jsonl_buffer, jsonl_files = [], 0, [], 0
    limit = int(target_mb * 1_000_000) if target_mb else None

    def flush() -> None:
        nonlocal jsonl_files, written
        if jsonl_buffer:
            data = "".join(jsonl_buffer)
            (out / f"records-{jsonl_files:05d}.jsonl").write_text(data, encoding="utf-8")
            written += len(data.encode("utf-8"))
            jsonl_files += 1
            jsonl_buffer.clear()

    i = 0
    while (i < docs) if limit is None else (written + sum(len(x) for x in jsonl_buffer) < limit):
        doc = make_doc(rng, i, articles)
        this = rng.choice(["txt", "html", "jsonl"]) if fmt == "mixed" else fmt
        if this in ("txt", "html"):
            rel = f"{doc.site.host}/{doc.doc_id}.{this}"
            data = render_txt(doc) if this == "txt" else render_html(doc)
            (out / doc.site.host).mkdir(exist_ok=True)
            (out / rel).write_text(data, encoding="utf-8")
            written += len(data.encode("utf-8"))
            gold.append(gold_record(doc, this, this, rel, None))
        else:
            as_html = rng.random() < 0.3
            record = {"id": doc.doc_id, "url": f"https://{doc.site.host}/news/{doc.doc_id}", "title": doc.title}
            with_title = rng.random() < 0.7
            if as_html:
                record["html"] = render_html(doc)
            else:
                record["text"] = render_txt(doc, with_title=with_title)
            jsonl_buffer.append(json.dumps(record, ensure_ascii=False) + "\n")
            gold.append(gold_record(doc, "html" if as_html else "txt", "jsonl", f"records-{jsonl_files:05d}.jsonl",
                                    doc.doc_id, with_title or as_html))
            if len(jsonl_buffer) >= records_per_file:
                flush()
        i += 1
    flush()
    return gold + write_bad(out, bad, rng)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--docs", type=int, default=100, help="number of documents (ignored with --target-mb)")
    parser.add_argument("--format", choices=["txt", "html", "jsonl", "mixed"], default="mixed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gold", type=Path, help="write gold labels (JSONL) to this file")
    parser.add_argument("--bad", type=int, default=0, help="add this many broken inputs under OUT_DIR/bad/")
    parser.add_argument("--target-mb", type=float, help="generate until about this many MB are written")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="folder of seed articles (*.txt)")
    args = parser.parse_args(argv)
    gold = generate(args.out_dir, args.docs, args.format, args.seed, args.bad, args.target_mb, args.seeds)
    if args.gold:
        args.gold.parent.mkdir(parents=True, exist_ok=True)
        with args.gold.open("w", encoding="utf-8") as fh:
            for record in gold:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    n_docs = sum(1 for g in gold if g["kind"] == "doc")
    print(f"wrote {n_docs} documents and {len(gold) - n_docs} bad inputs to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
