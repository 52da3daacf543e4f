"""Paragraphs, roles and document metadata from repaired plain text.

Entry points: :func:`segment_document`, and :func:`segment_documents` for many documents (the
line classifier of step 6 runs once over all of them; a shard does the same in three calls:
:func:`rule_pass` per document, :func:`classify_pages` per batch, :func:`finish`). Steps (each decision is a keep, or a drop with a
rule name; the text of a kept paragraph is always an exact join of input lines):

1. lines -> blocks (blank-line separated) -> units (:mod:`.units`): one unit per line, except
   a hard-wrapped block or a line continued in lower case, which stay joined. A sentence split
   across a blank line is rejoined (lower-case continuation; or an upper-case one after a
   prose paragraph that ends mid-sentence: 'die vielen' / 'Baustellen im Netz.').
2. rule passes (:mod:`.passes`): context-free rules per unit
   (:func:`textmill.boilerplate.line_rule`, phrase data in every language), site template
   lines (:class:`textmill.templates.TemplateStats`), bylines (also bare names next to a date
   or a 'Staff writer' label) and captions (:mod:`textmill.metadata`); comment sections from
   their header to the end; related-links and table-of-contents lists; repeated captions and
   paragraphs (kept once; a repeated subhead keeps its last copy, the table-of-contents one
   goes);
3. the title: the hinted title if it is in the text, else the first title-like line before
   the first good block (preferring lines with a stopword: navigation words have none);
4. jusText-style classification of everything else (:func:`classify_blocks`; the items of a
   list are judged together), then roles: heading-like kept blocks are ``heading`` (bulleted
   and listed items are ``body``), the rest ``body``; a dateline prefix on the first body
   paragraph becomes its own ``dateline`` paragraph;
5. the tail of the article: author notes, reader appeals, disclaimers, 'About X' boxes and
   headings with nothing after them, after the last real paragraph, are dropped;
6. the learned line classifier (:mod:`.learned`, features in :mod:`.linefeatures`) has the
   last word on every unit that is not metadata or a hard rule's drop (``[segment] line_model``).

HTML input carries the extractor's structure (:mod:`.structure`): element boundaries are
real paragraph breaks, link blocks are dropped, table rows and list items are article
content, and the end of the extracted text is good context.

Invariant (tested): every non-blank input line is in exactly one paragraph's line range or
has exactly one :class:`RemovedLine` (the dateline line is in two ranges: dateline + body).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from textmill import metadata as md
from textmill.boilerplate import classify_blocks, context_free_class, features, is_heading_like, is_list_item
from textmill.ingest import url_host
from textmill.segment.model import (
    ARTICLE_ROLES,
    META_RULES,
    ROLES,
    DocumentMetadata,
    Paragraph,
    RemovedLine,
    SegmentConfig,
    SegmentedDocument,
    SourceHint,
)
from textmill.segment.passes import (
    _apply_line_rules,
    _colon_list_items,
    _is_title_like,
    _list_groups,
    _mark_duplicates,
    _trim_tail,
)
from textmill.segment.structure import (
    apply_structure_rules,
    class_floors,
    is_structure_item,
    line_tags,
    text_table_tags,
)
from textmill.segment.learned import decided_by_model, load_model
from textmill.segment.titlescore import choose_title
from textmill.segment.linefeatures import PageUnits, UnitView, bounds_of, page_features, page_units
from textmill.segment.units import _Unit, _units
from textmill.stopwords import document_stoplist
from textmill.templates import TemplateStats

__all__ = [
    "ARTICLE_ROLES",
    "META_RULES",
    "ROLES",
    "DocumentMetadata",
    "Paragraph",
    "RemovedLine",
    "SegmentConfig",
    "SegmentedDocument",
    "SourceHint",
    "RuledPage",
    "TitleZone",
    "classify_pages",
    "finish",
    "rule_pass",
    "segment_document",
    "segment_documents",
    "title_zone",
    "unit_table",
]

_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")


# ----------------------------------------------------------------- entry point
def segment_document(
    text: str,
    hint: SourceHint | None = None,
    config: SegmentConfig | None = None,
    templates: TemplateStats | None = None,
) -> SegmentedDocument:
    """Split repaired text into role-labelled paragraphs, removed lines and metadata."""
    ruled = rule_pass(text, hint, config, templates)
    classify_pages([ruled])
    return finish(ruled)


def segment_documents(docs, config: SegmentConfig | None = None,
                      templates: TemplateStats | None = None) -> list[SegmentedDocument]:
    """:func:`segment_document` of each ``(text, hint)`` of ``docs``, with the line classifier
    run once over all of them (the same result as one by one, at a fraction of the cost)."""
    ruled = [rule_pass(text, hint, config, templates) for text, hint in docs]
    classify_pages(ruled)
    return [finish(r) for r in ruled]


@dataclass
class RuledPage:
    """A document after the rule passes (:func:`rule_pass`), waiting for the line classifier
    (:func:`classify_pages`, many documents at once) and then :func:`finish`."""

    text: str
    hint: SourceHint
    config: SegmentConfig  # the effective config (thresholds may be relaxed for this document)
    units: list[_Unit]
    page: PageUnits | None  # what the classifier reads; None when it will not run


def rule_pass(text: str, hint: SourceHint | None = None, config: SegmentConfig | None = None,
              templates: TemplateStats | None = None) -> RuledPage:
    """Steps 1 to 5 of the module docstring for one document: every unit decided by the rules."""
    hint = hint or SourceHint()
    cfg = config or SegmentConfig()
    units, classes, stoplist, cfg = _rule_units(text, hint, cfg, templates)
    page = None
    if cfg.line_model and units and load_model() is not None:
        page = _classifier_input(units, classes, stoplist, cfg)
    return RuledPage(text, hint, cfg, units, page)


def classify_pages(pages: list[RuledPage]) -> None:
    """The line classifier's verdicts on the units of ``pages``, all at once (it is cheap per
    unit in bulk and costly per call), applied to their units."""
    todo = [p for p in pages if p.page is not None]
    if not todo:
        return
    model = load_model()
    X = page_features([p.page for p in todo])
    bounds = bounds_of([len(p.units) for p in todo])
    keep = model.keep(X, [v.text for p in todo for v in p.page.views], bounds)
    for p, a, b in zip(todo, bounds[:-1].tolist(), bounds[1:].tolist()):
        apply_line_model(p.units, keep[a:b], p.config)
        p.page = None  # decided: a second call leaves the page alone


def finish(page: RuledPage) -> SegmentedDocument:
    """Paragraphs, removed lines and metadata of a document whose units are all decided."""
    return _assemble(page.units, page.hint, page.text)


def unit_table(text: str, hint: SourceHint | None = None, config: SegmentConfig | None = None,
               templates: TemplateStats | None = None):
    """The units as the line classifier sees them (the rules' decisions, before the model) and
    their feature matrix: what the model is trained on (textmill/models/train_line_classifier.py)."""
    page = _classifier_input(*_rule_units(text, hint or SourceHint(), config or SegmentConfig(), templates))
    return list(page.views), page_features([page])


def _classifier_input(units: list[_Unit], classes: list[str], stoplist: frozenset[str], cfg: SegmentConfig) -> PageUnits:
    """What the classifier reads of the units: one definition for inference and for training."""
    views = [UnitView(u.text, len(u.lines), u.kind, u.rule, u.tag, c) for u, c in zip(units, classes)]
    return page_units(views, stoplist, cfg.boilerplate)


def apply_line_model(units: list[_Unit], keep, cfg: SegmentConfig) -> None:
    """The model's verdict on every unit it decides (:func:`~textmill.segment.learned.decided_by_model`):
    a kept unit that a context rule dropped becomes heading or body, a dropped article unit gets
    rule ``classifier``. A page where the model would keep no unit keeps the rules' decisions
    (its text is short or unusual; a reject would lose it whole)."""
    decided = [decided_by_model(u.kind, u.rule) for u in units]
    if not any(k for k, d in zip(keep, decided) if d):
        return  # the model never empties a page: when it would keep nothing, the rules decide
    for u, k, d in zip(units, keep, decided):
        if not d:
            continue
        if k and u.kind == "drop":
            heading = is_heading_like(u.text, cfg.boilerplate) and not is_list_item(u.text, numbered=False)
            u.kind, u.rule = ("heading" if heading else "body"), ""
        elif not k and u.kind in ARTICLE_ROLES:
            u.kind, u.rule = "drop", "classifier"


@dataclass
class TitleZone:
    """A document's units when its title is chosen (after the line rules, duplicates and the
    first jusText classes): what :func:`textmill.segment.titlescore.choose_title` reads, and
    what its weights are fitted on (textmill/models/train_title_scorer.py)."""

    units: list[_Unit]
    prose: list[bool]  # the unit is prose on its own (context-free): the title zone ends there
    hint: SourceHint
    cfg: SegmentConfig  # the effective config
    stoplist: frozenset[str]
    lists: list[int | None]
    structured: bool
    extracted: bool


def title_zone(text: str, hint: SourceHint, cfg: SegmentConfig, templates: TemplateStats | None) -> TitleZone:
    """Steps 1 and 2 of the module docstring: the units up to the choice of the title."""
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    stoplist, density = document_stoplist(text, cfg.language)
    if cfg.min_document_stop_density and density < cfg.min_document_stop_density:
        # No stoplist fits (a script without spaces, a language jusText has no list for):
        # density says nothing here, so blocks are judged by length and punctuation only.
        cfg = replace(cfg, boilerplate=replace(cfg.boilerplate, stopwords_low=0.0, stopwords_high=0.0))
    tags = line_tags(lines, hint.structure)
    extracted = tags is not None  # the text is an extractor's main text, tagged block by block
    tags = tags if extracted else text_table_tags(hint.table_rows, len(lines))
    structured = tags is not None
    units = _units(lines, cfg, stoplist, tags)
    _apply_line_rules(units, hint, cfg, templates, stoplist)
    if structured:
        apply_structure_rules(units, cfg)
    _mark_duplicates(units, cfg)
    # The title zone ends at the first block that is prose on its own (context-free): a
    # title-like line promoted by its neighbours must not end the zone before itself.
    prose = [u.kind == "" and not _is_title_like(u.text, cfg)
             and context_free_class(features(u.text, stoplist), cfg.boilerplate) in ("good", "neargood")
             for u in units]
    return TitleZone(units, prose, hint, cfg, stoplist, _list_groups(units), structured, extracted)


def _rule_units(text: str, hint: SourceHint, cfg: SegmentConfig, templates: TemplateStats | None):
    """Units with the rule system's decisions (passes, jusText classes, roles, tail), the final
    jusText class of each unit, the document's stoplist and the effective config."""
    zone = title_zone(text, hint, cfg, templates)
    units, lists, stoplist, cfg = zone.units, zone.lists, zone.stoplist, zone.cfg

    def classify() -> list[str]:
        # Units decided by a rule (widgets, metadata) are transparent to their neighbours:
        # an inline "Advertisement" or share bar must not make the next paragraph look like
        # it sits among boilerplate.
        fixed: list[str | None] = ["skip" if u.kind else None for u in units]
        return classify_blocks([u.text for u in units], stoplist, cfg.boilerplate, fixed, lists,
                               floors=class_floors(units) if zone.structured else None,
                               end="good" if zone.extracted else "bad")

    classes = classify()
    t = choose_title(units, zone.prose, hint, cfg, stoplist)
    if t is not None:
        units[t].kind, units[t].rule = "title", ""
        classes = classify()  # the title is metadata: transparent to its neighbours
    kept = [i for i, u in enumerate(units) if u.kind == "" and classes[i] == "good"]
    first_kept, last_kept = (kept[0], kept[-1]) if kept else (len(units), -1)
    after_related = False
    items = _colon_list_items(units, classes, cfg)
    for i, u in enumerate(units):
        if u.kind == "drop":
            after_related = after_related or u.rule == "related_links"
            continue
        if u.kind:
            continue
        if classes[i] == "good":
            # a bulleted item, or a numbered one inside a list, is body; a lone numbered
            # heading-like line ("1. Warm water, measured") is a numbered subhead
            heading = (is_heading_like(u.text, cfg.boilerplate) and lists[i] is None and i not in items
                       and not is_list_item(u.text, numbered=False) and not is_structure_item(u))
            u.kind = "heading" if heading else "body"
            after_related = False
            continue
        u.kind = "drop"
        if i < first_kept:
            u.rule = "page_header"
        elif after_related or (i > last_kept and is_heading_like(u.text, cfg.boilerplate)):
            u.rule = "related_links"
        elif i > last_kept:
            u.rule = "page_footer"
        else:
            u.rule = "low_content"
    _trim_tail(units, cfg)
    return units, classes, stoplist, cfg


def _assemble(units: list[_Unit], hint: SourceHint, text: str) -> SegmentedDocument:
    meta = _metadata(units, hint, text, None, None)
    _byline_follows_authors(units, dict(meta.source).get("authors"))
    paras: list[tuple[str, str, int, int]] = []
    removed: list[RemovedLine] = []
    place = agency_dl = None
    first_body = next((i for i, u in enumerate(units) if u.kind == "body"), None)
    for i, u in enumerate(units):
        if u.kind == "drop":
            removed.extend(RemovedLine(no, s, u.rule) for no, s in u.lines)
            continue
        if u.kind == "dateline":  # a dateline line of its own (see passes._mark_standalone_dateline)
            d = md.parse_dateline_line(u.text)
            if d and place is None:
                place, agency_dl = d.place, d.agency
            paras.append(("dateline", d.prefix if d else u.text, u.start, u.start))  # the trailing dash is not kept
            continue
        if i == first_body:
            d = md.parse_dateline(u.text)
            if d:
                place, agency_dl = d.place, d.agency
                paras.append(("dateline", d.prefix, u.start, u.start))
                paras.append(("body", u.text[d.body_offset :], u.start, u.lines[-1][0]))
                continue
        paras.append((u.kind, u.text, u.start, u.lines[-1][0]))
    paragraphs = tuple(Paragraph(k, role, t, a, b) for k, (role, t, a, b) in enumerate(paras))
    meta = replace(meta, dateline=place, agency=agency_dl or meta.agency)
    return SegmentedDocument(paragraphs, tuple(removed), meta)


def _byline_follows_authors(units: list[_Unit], authors_source: str | None) -> None:
    """The line the authors were read from ('line 12') is the byline paragraph: a stamp line
    next to the headline ('Bettina Kugler 19.10.2019, 05:00 Uhr') that a rule dropped as a
    date line or kept as body becomes ``byline``. Only a one-line unit: a multi-line body
    paragraph that happens to start with a name stays body."""
    if not authors_source or not authors_source.startswith("line "):
        return
    line = int(authors_source.removeprefix("line "))
    for u in units:
        if u.start == line and len(u.lines) == 1 and u.kind not in ("byline", "title"):
            u.kind, u.rule = "byline", ""
            return


def _first_date_stamp(units: list[_Unit]) -> tuple[dt.date, int] | None:
    """(date, line) of the first short line opening with a dated stamp ('Stand: 25.01.2022',
    :func:`textmill.metadata.date_led_line`) outside comment sections, else of the first
    update stamp ('Letzte Aktualisierung: 28.01.2022'): the last date sources."""
    for updated in (False, True):
        for u in units:
            if u.rule != "comment_section":
                for line_no, line in u.lines:  # line by line: a joined unit ('Name' + 'date') opens with a name
                    d = md.date_led_line(line, updated)
                    if md.plausible_publication_date(d):
                        return d, line_no
    return None


def _lines_with_year(text: str) -> list[str]:
    """The lines (``text.split("\\n")``) holding a 4-digit number, in order, each once: one
    search from line to line instead of one per line (most lines hold none)."""
    out = []
    m = _YEAR_RE.search(text)
    while m is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            out.append(text[start:])
            break
        out.append(text[start:end])
        m = _YEAR_RE.search(text, end + 1)  # the next line on
    return out


def _signature(units: list[_Unit], hint: SourceHint) -> tuple[tuple[str, ...], int] | None:
    """(names, line) of an author who signs an extracted HTML article: its last line is a bare
    name (:func:`textmill.metadata.author_line_names`) right after the last body paragraph
    ('... den Nachfolger zu ermitteln.' / 'Stefan Wasmer'). Only the extractor's main text:
    in a whole plain-text page the lines after the article are its footer, whose name-shaped
    lines are links ('Read More', 'Zum Download'; on the 415 dev pages 2 signatures right for 25
    footer lines taken). FP risk: a name-shaped last subhead with nothing under it."""
    if not hint.structure or len(units) < 2 or units[-2].kind != "body":
        return None
    u = units[-1]
    names = md.author_line_names(u.text) if len(u.lines) == 1 and u.kind in ("drop", "heading") else ()
    return (names, u.start) if names else None


def _metadata(units: list[_Unit], hint: SourceHint, text: str, place: str | None,
              agency_dl: str | None) -> DocumentMetadata:
    # only lines holding a 4-digit number can hold a dated year (find_dates is the costly part)
    years = Counter(d.date.year for ln in _lines_with_year(text) for d in md.find_dates(ln) if d.has_year and d.date)
    year = years.most_common(1)[0][0] if years else None
    given = dict(hint.metadata_source)
    source: dict[str, str] = {}
    title_unit = next((u for u in units if u.kind == "title"), None)
    if hint.title:
        title = hint.title
        source["title"] = given.get("title") or "record title"
    elif title_unit is not None:
        # the title line without the site's name ('Headline | Site'): see metadata.titles
        title = md.strip_site_name(title_unit.text, md.site_keys((), hint.source_group))
        source["title"] = f"line {title_unit.start}"
    else:
        title = None
    first_body = next((i for i, u in enumerate(units) if u.kind in ("body", "heading")), len(units))
    header_dates: list[tuple[dt.date, int]] = []
    other_dates: list[tuple[dt.date, int]] = []
    authors: list[str] = []
    author_lines: list[int] = []
    first_byline_names = 0  # how many names the first byline gave: later bylines are teasers' or comments'
    byline_agency = signoff_agency = credit_agency = None
    in_list = False  # dates inside related-links lists or comments belong to other pages
    for i, u in enumerate(units):
        s = u.text
        date = None
        in_list = (in_list or u.rule in ("related_links", "comment_section")) and u.kind in ("drop", "")
        if u.kind == "byline":
            b = md.parse_byline(s, context_year=year)
            names: tuple[str, ...] = ()
            if b:
                names = b.authors
                byline_agency = byline_agency or b.agency
                date = b.date
            else:  # a byline without 'By' ("Dana Whitfield", "Priya Lal and Sam Whitcombe")
                names = md.author_line_names(s)
            if names:
                first_byline_names = first_byline_names or len(names)
                authors.extend(names)
                author_lines.append(u.start)
        elif u.kind == "drop" and u.rule == "metadata_date" and not in_list:
            date = md.parse_date(s, year)
        elif u.kind == "drop" and u.rule == "signoff":
            signoff_agency = signoff_agency or md.parse_signoff(s)[1]
        elif u.kind == "caption":
            credit_agency = credit_agency or md.photo_credit(s) or None
        if md.plausible_publication_date(date):  # not a date the article writes about
            (header_dates if i < first_body else other_dates).append((date, u.start))
    published = md.parse_date(hint.published_date, year) if hint.published_date else None
    published = published if md.plausible_publication_date(published) else None
    lines = text.split("\n")
    near = md.date_near_line(lines, title_unit.start, year) if title_unit is not None else None
    near = near if near and md.plausible_publication_date(near[0]) else None
    url_date = md.url_date(hint.url)
    url_date = url_date if md.plausible_publication_date(url_date) else None
    near_byline = md.byline_near_line(lines, title_unit.start, year) if title_unit is not None else None
    if published:
        source["published_date"] = given.get("published_date") or "record date"
    elif near or header_dates:
        # the date printed next to the headline, else the first byline / date line above the article
        published, line = near or header_dates[0]
        source["published_date"] = f"line {line}"
    elif url_date:
        published, source["published_date"] = url_date, "url"
    elif other_dates:
        published, line = other_dates[0]
        source["published_date"] = f"line {line}"
    else:
        led = _first_date_stamp(units)
        if led:
            published, source["published_date"] = led[0], f"line {led[1]}"
    if hint.authors:
        final_authors = tuple(hint.authors)
        source["authors"] = given.get("authors") or "record authors"
    elif near_byline:  # the byline next to the headline, not one of a teaser further down
        final_authors = near_byline[0].authors
        source["authors"] = f"line {near_byline[1]}"
    else:
        final_authors = tuple(dict.fromkeys(authors[:first_byline_names]))
        signed = None if final_authors else _signature(units, hint)
        host = url_host(hint.url)
        holder = None if final_authors or signed else md.page_copyright_holder(
            lines, md.site_keys((), hint.source_group), host)
        account = None if final_authors or signed or holder else md.blog_account(host)
        if final_authors:
            source["authors"] = f"line {author_lines[0]}"
        elif signed:  # the name under the last paragraph ('Stefan Wasmer')
            final_authors, source["authors"] = signed[0], f"line {signed[1]}"
        elif holder:  # the footer's '© 2019 Sven Schreivogel' (metadata.copyright); no byline paragraph
            final_authors, source["authors"] = (holder[0],), f"copyright line {holder[1] + 1}"
        elif account:  # no byline: the hosted blog's account (metadata.accounts)
            final_authors, source["authors"] = (account,), "url account"
    return DocumentMetadata(
        title=title,
        published_date=published,
        authors=final_authors,
        dateline=place,
        agency=agency_dl or hint.agency or byline_agency or signoff_agency or credit_agency,
        source=tuple(source.items()),
    )
