"""Rule passes over the units of one document (see :mod:`textmill.segment`, steps 2, 3, 5):
line rules and metadata lines, lists and comment sections, duplicates, the title, list
groups, and the furniture at the tail of the article."""

from __future__ import annotations

import re

from textmill import metadata as md
from textmill.boilerplate import (
    CLOSING_QUOTES,
    NON_TITLE_ENDINGS,
    ends_sentence,
    is_about_header,
    is_appeal,
    is_bio,
    is_comment_header,
    is_heading_like,
    is_list_header,
    is_list_item,
    is_toc_header,
    line_rule,
)
from textmill.segment.model import ARTICLE_ROLES, META_RULES, SegmentConfig, SourceHint
from textmill.segment.units import _is_prose, _Unit
from textmill.stopwords import words
from textmill.templates import TemplateStats, normalise_line

_WORD_RE = re.compile(r"\w+")  # words of a line and of the page's title (their overlap)


# ----------------------------------------------------------------- rule passes
def _apply_line_rules(units: list[_Unit], hint: SourceHint, cfg: SegmentConfig,
                      templates: TemplateStats | None, stoplist: frozenset[str]) -> None:
    bp = cfg.boilerplate
    for u in units:
        text = u.text
        rule = line_rule(text, bp.max_phrase_words)
        if rule:
            u.kind, u.rule = "drop", rule
        elif md.parse_byline(text, max_words=cfg.max_byline_words):
            u.kind = "byline"
        elif md.is_caption(text):
            u.kind = "caption"
        elif templates is not None and templates.is_template(hint.source_group, text):
            u.kind, u.rule = "drop", "template_line"
    _mark_name_bylines(units)
    _mark_standalone_dateline(units)
    _mark_box_neighbours(units, cfg)
    # After the article has started: a comment-section header makes the rest comments; a
    # related-links header makes the lines up to the next prose paragraph its link list.
    # A table of contents (header + the article's subheads) may sit above the first paragraph.
    seen_prose = 0  # prose paragraphs so far
    in_list = ""  # rule of the list being dropped, "" when not in a list
    for i, u in enumerate(units):
        long_prose = _is_prose(u, bp.length_low)
        seen_prose += long_prose
        if long_prose or (in_list and u.kind == "" and _subhead_after_box(units, i, cfg)):
            in_list = ""
        if in_list and u.kind == "":
            u.kind, u.rule = "drop", in_list
        if seen_prose and u.kind == "drop" and is_comment_header(u.text) and (
                seen_prose >= bp.comment_tail_min_prose_before or _comments_follow(units, i, bp)):
            for v in units[i + 1 :]:
                v.kind, v.rule = "drop", u.rule
            break
        if u.kind == "drop" and ((seen_prose and u.rule == "related_links" and is_list_header(u.text))
                                 or (u.rule == "table_of_contents" and is_toc_header(u.text))):
            in_list = u.rule


def _comments_follow(units: list[_Unit], i: int, bp) -> bool:
    """Whether the comment-section header at ``i`` starts the comments: a comment's metadata
    ('Jane says:', 'Reply', a date line, a commenter's byline; not another header) comes before
    ``bp.comment_tail_max_prose`` prose paragraphs do. A comment count or tab near the top
    ('99 COMMENTS', 'Comments' / 'Add a Comment' above the article) is followed by the
    article's paragraphs instead; only that line is dropped. FP risk: a first comment of
    that many paragraphs before its author line is kept as text until a later header."""
    prose = 0
    for v in units[i + 1 :]:
        if v.kind == "byline" or (v.kind == "drop" and (
                v.rule == "metadata_date" or (v.rule == "comment_section" and not is_comment_header(v.text)))):
            return True  # (a second header, '+ Add your comment', is no comment's metadata)
        prose += _is_prose(v, bp.length_low)
        if prose >= bp.comment_tail_max_prose:
            return False
    return True


def _mark_standalone_dateline(units: list[_Unit]) -> None:
    """A dateline on a line of its own ('Reykjavik (AFP)') right above the first prose
    paragraph is the ``dateline`` (not a title, not a heading). Only the first such line."""
    for i, u in enumerate(units):
        if _is_prose(u, 70):
            return  # the article has started: a later 'PLACE (AGENCY)' line is something else
        if u.kind == "" and md.parse_dateline_line(u.text):
            u.kind = "dateline"
            return


def _mark_box_neighbours(units: list[_Unit], cfg: SegmentConfig) -> None:
    """Lines that belong to a promo box next to them (same block, no blank line between):
    the teaser right after an ad label ('Sponsored' / 'Try our meal planner free →') and a
    box title right before a promo line ('Get the morning briefing' / '... in your inbox').
    Only short, non-sentence lines. FP risk: a subhead glued to a promo blurb below it."""
    for i, u in enumerate(units):
        if u.kind != "drop" or u.rule not in ("advertisement", "promo"):
            continue
        if u.rule == "advertisement" and len(words(u.text)) <= 3 and i + 1 < len(units):
            v = units[i + 1]
            if v.kind == "" and v.block == u.block and len(v.text) < cfg.boilerplate.length_low:
                v.kind, v.rule = "drop", "advertisement"
        if u.rule == "promo" and i:
            v = units[i - 1]
            if v.kind == "" and v.block == u.block and is_heading_like(v.text, cfg.boilerplate):
                v.kind, v.rule = "drop", "promo"


def _subhead_after_box(units: list[_Unit], i: int, cfg: SegmentConfig) -> bool:
    """A heading-like line in a new block right after a related/TOC box, directly followed by
    prose, is the article's next subhead, not the box's last item. FP risk: a box whose last
    item stands alone in its own block right before a paragraph is kept as a heading."""
    u = units[i]
    nxt = units[i + 1] if i + 1 < len(units) else None
    return (i > 0 and u.block != units[i - 1].block and is_heading_like(u.text, cfg.boilerplate)
            and nxt is not None and _is_prose(nxt, cfg.boilerplate.length_low))


def _mark_name_bylines(units: list[_Unit]) -> None:
    """Bare-name bylines ('Dana Whitfield' / 'Staff writer', 'BETH CARRAWAY' / 'Ledger
    correspondent', 'Priya Lal and Sam Whitcombe', 'Claire Dumas avec AFP'): an author line
    (:func:`textmill.metadata.author_line_names`) is a byline when a date line, a byline or a
    byline label is next to it; a byline label next to a byline belongs to it. Before the
    first prose paragraph; up to four units after it (below a standfirst) only next to a date
    line, where a desk label ('Redazione') next to a date line counts too. FP risk: a two-word
    menu item right above a date line ("Local News" / "March 3, 2025") becomes a byline (it was page furniture: the article text is unchanged)."""
    first_prose = next((i for i, u in enumerate(units) if _is_prose(u, 70)), len(units))

    def dated(v: _Unit | None) -> bool:
        return v is not None and (v.kind == "byline" or (v.kind == "drop" and v.rule == "metadata_date")
                                  or (v.kind == "" and len(v.text.split()) <= 12 and bool(md.find_dates(v.text))))

    # a standfirst can sit between the headline and the byline: a name (or a desk label such as
    # 'Redazione') next to a date line is still a byline up to four units further down
    for i in range(min(len(units), first_prose + 4)):
        u = units[i]
        if u.kind or not (md.author_line_names(u.text) or (i >= first_prose and md.is_byline_label(u.text))):
            continue
        prev = units[i - 1] if i else None
        nxt = units[i + 1] if i + 1 < len(units) else None
        date_next_to_it = any(v is not None and v.kind == "drop" and v.rule == "metadata_date" for v in (prev, nxt))
        if i >= first_prose and not date_next_to_it:
            continue  # below a standfirst, only a line next to a date line is a byline
        if dated(prev) or dated(nxt) or (nxt is not None and nxt.kind == "" and md.is_byline_label(nxt.text)):
            u.kind = "byline"
    for i in range(first_prose):
        u = units[i]
        if u.kind == "" and md.is_byline_label(u.text) and i and units[i - 1].kind == "byline":
            u.kind = "byline"


_QUOTES = "\"'“‘«„»‚"


def _mark_duplicates(units: list[_Unit], cfg: SegmentConfig) -> None:
    """Keep one of each repeated caption and of each exactly repeated paragraph.

    A caption and a copy of it with a credit glued on ("... 2016.PHOTO: REUTERS") are the
    same caption: the longest version (the one carrying the credit) is kept, the others are
    removed as duplicate_caption. A repeated non-caption paragraph keeps its first copy; a
    block contained in a longer block nearby (a pull quote) is removed as duplicate_paragraph.
    FP risk: a one-sentence paragraph that an adjacent paragraph happens to repeat verbatim.
    """
    keys = [normalise_line(u.text) for u in units]
    for j, u in enumerate(units):
        if u.kind == "drop" or len(keys[j]) < 20:
            continue
        group = [j] + [
            i for i in range(max(0, j - cfg.duplicate_window), j)
            if units[i].kind != "drop" and (keys[i].startswith(keys[j]) or keys[j].startswith(keys[i]))
        ]
        if len(group) > 1 and any(units[i].kind == "caption" for i in group):
            keep = max(group, key=lambda i: (len(keys[i]), -i))
            for i in group:
                if i == keep:
                    units[i].kind = "caption"
                else:
                    units[i].kind, units[i].rule = "drop", "duplicate_caption"
    # Exact repeats anywhere keep the first copy, except subheads: a table of contents above
    # the article repeats them, and the copy in the text (the last one) is the heading. A
    # block contained in a longer one goes (a pull quote repeating a sentence of the
    # article): nearby for any block, anywhere for a quoted sentence of 6 to 40 words.
    seen: dict[str, int] = {}
    for j, u in enumerate(units):
        if u.kind == "drop":
            continue
        subhead = is_heading_like(u.text, cfg.boilerplate) and len(words(u.text)) >= 2
        if len(keys[j]) < 30 and not subhead:
            continue
        if keys[j] in seen:
            if subhead:
                first = units[seen[keys[j]]]
                if first.kind != "drop":
                    first.kind, first.rule = "drop", "table_of_contents"
                seen[keys[j]] = j
            else:
                u.kind, u.rule = "drop", "duplicate_paragraph"
            continue
        seen[keys[j]] = j
        if len(keys[j]) < 30:
            continue
        quote = u.text[:1] in _QUOTES and ends_sentence(u.text) and 6 <= len(words(u.text)) <= 40
        lo, hi = (0, len(units)) if quote else (max(0, j - cfg.duplicate_window), min(len(units), j + cfg.duplicate_window + 1))
        if any(i != j and units[i].kind != "drop" and len(keys[i]) > len(keys[j]) and keys[j] in keys[i]
               for i in range(lo, hi)):
            u.kind, u.rule = "drop", "duplicate_paragraph"


def _is_title_like(text: str, cfg: SegmentConfig) -> bool:
    n = len(words(text))
    return 2 <= n <= cfg.max_title_words and not text.rstrip(CLOSING_QUOTES + " ").endswith(NON_TITLE_ENDINGS)


# "Photographs by Daniel Osei", "Updated 2 hours ago": credits and times, not headlines
_CREDIT_OR_DATE_RE = re.compile(
    r"^(?:photo\w*|pictures?|images?|illustrations?|video|words|text|graphics?)\s+(?:by|von|par|por|di|door)\s"
    r"|\bago\b|\d{1,2}:\d{2}", re.IGNORECASE)


def _not_a_headline(text: str) -> bool:
    """Title-shaped lines that are not headlines: a line of half numbers ('4.8 from 212
    votes', 'LIVE SCORES: Okafor 6-4 3-6 ...'), a credit ('Photographs by ...') or a time.
    FP risk: a headline made mostly of numbers ('UK GDP 0.3% in Q2 2025') is skipped."""
    toks = text.split()
    digits = sum(1 for t in toks if any(c.isdigit() for c in t))
    return (digits >= 2 and digits * 2 >= len(toks)) or _CREDIT_OR_DATE_RE.search(text) is not None


_REPEATED_RULES = ("duplicate_paragraph", "table_of_contents")


def _pick_title(units: list[_Unit], prose: list[bool], hint: SourceHint, cfg: SegmentConfig,
                stoplist: frozenset[str]) -> int | None:
    """Index of the title unit (:func:`_title_candidate`), or None. On HTML input whose page
    names a title that no line equals, the candidate must share ``cfg.min_title_hint_overlap``
    of its words with it: the document's title is the page's anyway, and a line unlike it is
    a lede or a later subhead the title search reached. Through ``textmill curate`` on
    trafilatura's 990 snippet pages: 24 more must-keep snippets kept at 0.5 (14 at 0.3, 30 at
    0.7), no more must-drop ones; at 0.7 headline variants ('Ear Candy allert' for 'Ear Candy!')
    become body lines, so the default is half the line's words."""
    t = _title_candidate(units, prose, hint, cfg, stoplist)
    if t is not None and not hint.title:
        t = _headline_over_section(units, prose, hint, cfg, t)
    if t is None or not hint.title or hint.source_format != "html" or \
            normalise_line(units[t].text) == normalise_line(hint.title):
        return t
    title_words = {w.casefold() for w in _WORD_RE.findall(hint.title)}
    line_words = [w.casefold() for w in _WORD_RE.findall(units[t].text)]
    overlap = sum(w in title_words for w in line_words) / max(len(line_words), 1)
    return t if overlap >= cfg.min_title_hint_overlap else None


def _headline_over_section(units: list[_Unit], prose: list[bool], hint: SourceHint, cfg: SegmentConfig,
                           t: int) -> int:
    """A chosen title of at most ``md.SECTION_NAME_WORDS`` words that the URL's slug names
    ('Paxlovid' on /krankheiten/coronavirus/paxlovid-id212627/, 'Privatkredit' on
    /privatkredit/privatkredit-zinsen/) is often the page's section or breadcrumb name: the
    title-like line right above the article (:func:`_headline_slot`) wins when it holds the
    same slug words and more ('Paxlovid: Grünes Licht für neues Corona-Medikament'). FP risk:
    a short headline above a longer subhead that repeats its words."""
    slug = md.slug_words(hint.url)
    named = md.slug_named_words(units[t].text, slug)
    if not named or len(words(units[t].text)) > md.SECTION_NAME_WORDS:
        return t
    h = _headline_slot(units, prose, cfg)
    if h is None or h == t or len(words(units[h].text)) <= len(words(units[t].text)):
        return t
    return h if named <= md.slug_named_words(units[h].text, named) else t


def _headline_slot(units: list[_Unit], prose: list[bool], cfg: SegmentConfig) -> int | None:
    """The unit where a page prints its headline: the last one before the first prose block,
    past its byline, date, caption and template lines, when it is a one-line title-like unit."""
    first_prose = next((i for i, u in enumerate(units) if u.kind == "" and prose[i]), len(units))
    j = first_prose - 1
    while j >= 0 and (_is_meta_line(units[j]) or units[j].kind == "caption"
                      or (units[j].kind == "drop" and units[j].rule in META_RULES)):
        j -= 1
    if j < 0:
        return None
    return j if _is_headline_line(units[j], cfg) else None


def _is_headline_line(u: _Unit, cfg: SegmentConfig) -> bool:
    """A one-line, title-like unit that is not a counter or credit: what a headline looks like
    (undecided, or dropped only as a repeat of the printed headline)."""
    return ((u.kind == "" or u.rule in _REPEATED_RULES) and len(u.lines) == 1 and _is_title_like(u.text, cfg)
            and not _not_a_headline(u.text))


def _title_candidate(units: list[_Unit], prose: list[bool], hint: SourceHint, cfg: SegmentConfig,
                     stoplist: frozenset[str]) -> int | None:
    """Index of the title unit, or None.

    The hinted title wins when it is in the text; then the line that best matches the URL's
    headline slug (:func:`textmill.metadata.slug_match`, when it is evidence). Otherwise candidates are the title-like
    units of the last run of such units before the first prose block (see below); the best
    scores min(words, 8) + 3 if it contains a stopword (menu items rarely do), ties going
    to the earlier unit. FP risk: a long
    unpunctuated menu line before the real title can win; the title is not article text,
    so this costs role accuracy, not article text.
    """
    free = [i for i, u in enumerate(units) if u.kind == ""]
    if hint.title:
        want = normalise_line(hint.title)
        for i in free:
            if normalise_line(units[i].text) == want:
                return i
    slug = md.slug_words(hint.url)
    if slug:  # the line the URL's slug names (metadata.titles): the headline, wherever it is
        # a headline printed twice (kicker box and article, or the article and a list of
        # popular posts) has one copy dropped as a duplicate or as a table-of-contents line
        candidates = [i for i, u in enumerate(units) if u.kind == "" or u.rule in _REPEATED_RULES]
        scored = [(md.slug_match(units[i].text, slug), -i) for i in candidates
                  if len(units[i].lines) == 1 and 0 < len(units[i].text.split()) <= cfg.max_title_words]
        best = max(scored, default=(0.0, 0))
        if best[0] >= md.SLUG_STRONG_MATCH:
            return -best[1]
    else:
        best = (0.0, 0)
    first_prose = next((i for i in free if prose[i]), len(units))
    above = _headline_above_byline(units, cfg, first_prose)
    if above is not None:
        return above
    if best[0] >= md.SLUG_MIN_MATCH:
        return -best[1]
    # Runs of title-like lines, broken by navigation/widgets or by other undecided lines;
    # metadata (bylines, dates, captions) does not break a run. The title is in the last
    # run before the article: site name and tagline sit in an earlier run, above the menu.
    runs: list[list[int]] = [[]]
    for i in range(first_prose):
        u = units[i]
        if u.kind == "" and _is_title_like(u.text, cfg):
            if _not_a_headline(u.text):
                continue  # a vote count, a score ticker, a photo credit: skipped, not a break
            runs[-1].append(i)
        elif u.kind == "" or (u.kind == "drop" and u.rule not in META_RULES):
            if runs[-1]:
                runs.append([])
    run = next((r for r in reversed(runs) if r), [])
    best, best_score = None, -1
    for i in run:
        toks = words(units[i].text)
        score = min(len(toks), 8) + (3 if any(w in stoplist for w in toks) else 0)
        if score > best_score:
            best, best_score = i, score
    return best


def _is_meta_line(u: _Unit) -> bool:
    """A byline or a date line: what a page prints right under its headline."""
    return u.kind == "byline" or (u.kind == "drop" and u.rule == "metadata_date")


HEADER_CATEGORY_GAP = 3  # units under a headline where a line between metadata lines is its header's


def _headline_above_byline(units: list[_Unit], cfg: SegmentConfig, first_prose: int) -> int | None:
    """The title-like line right above a byline or date line ('Headline' / 'By X' / '3. Mai
    2022'), the last such before the article starts (the first prose block): a page prints its
    headline there. FP risk: a list of teasers each followed by its date, after the article's
    own header, where the last teaser wins. A line between two metadata lines within
    ``HEADER_CATEGORY_GAP`` units of such a headline is the header's category list, not a
    later headline. Two title-like lines stacked above the byline (headline and standfirst)
    are left to the runs of :func:`_pick_title`."""
    found = None
    for i in range(min(first_prose, len(units) - 1)):
        u = units[i]
        if _is_headline_line(u, cfg) and _is_meta_line(units[i + 1]) \
                and not (i and units[i - 1].kind == "" and _is_title_like(units[i - 1].text, cfg)):
            if found is not None and i - found <= HEADER_CATEGORY_GAP and _is_meta_line(units[i - 1]):
                continue  # 'Headline / von X / Blog, Vegan / 21. Januar 2022': categories inside its header
            found = i  # (a title-like line above it too: headline and standfirst, the runs decide)
    return found


def _colon_list_items(units: list[_Unit], classes: list[str], cfg: SegmentConfig) -> set[int]:
    """Indices of list items that lost their bullets (HTML <li> as plain lines): a run of 2+
    kept heading-like units right after a kept paragraph ending in ':'. They are body, not
    subheads. FP risk: a paragraph ending in ':' followed by two bare subheads in a row."""
    out: set[int] = set()
    for i, u in enumerate(units):
        if not (u.kind == "" and classes[i] == "good" and u.text.endswith(":")):
            continue
        j = i + 1
        while j < len(units) and units[j].kind == "" and classes[j] == "good" and is_heading_like(units[j].text, cfg.boilerplate):
            j += 1
        if j - i - 1 >= 2:
            out.update(range(i + 1, j))
    return out


def _list_groups(units: list[_Unit]) -> list[int | None]:
    """Group id per unit: runs of 2+ consecutive list items ('- ', '• ', '1. ') of one block
    (or of adjacent blocks) form a group, judged together by the classifier."""
    groups: list[int | None] = [None] * len(units)
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and units[j].kind == "" and is_list_item(units[j].text) and (
                j == i or units[j].block - units[j - 1].block <= 1):
            j += 1
        if j - i >= 2:
            # the line introducing the list ("Check these points:") is judged with it
            start = i - 1 if i and units[i - 1].kind == "" and units[i - 1].text.endswith(":") else i
            for k in range(start, j):
                groups[k] = i
        i = max(j, i + 1)
    return groups


def _trim_tail(units: list[_Unit], cfg: SegmentConfig) -> None:
    """Drop the furniture that sits after the article's last real paragraph.

    Walking back from the last kept paragraph: an author note ('Kim Sorensen is Statehouse
    Report's health care reporter.', or any paragraph opening with a byline author's name and
    a verb) is author_bio; a reader appeal, promotion or disclaimer is promo; a heading with
    no text after it is page_footer; an 'About X' header with the paragraph(s) after it is
    author_bio. The walk stops at the first paragraph that is none of these, so the same
    phrases inside the article are never touched. FP risk: an article whose real last
    paragraph is about a reporter ("Jane Doe is a reporter who was freed ...") loses it.
    """
    authors = tuple(a for u in units if u.kind == "byline"
                    for a in ((md.parse_byline(u.text) or _NO_BYLINE).authors or md.author_line_names(u.text)))
    kept = [i for i, u in enumerate(units) if u.kind in ARTICLE_ROLES]
    while kept:
        j = kept[-1]
        u = units[j]
        if u.kind == "heading":
            rule = "page_footer"
        elif is_bio(u.text, authors):
            rule = "author_bio"
        elif is_appeal(u.text):
            rule = "promo"
        else:
            about = next((k for k in reversed(kept[-4:-1]) if is_about_header(units[k].text)), None)
            if about is None:
                return
            for k in kept[kept.index(about):]:
                units[k].kind, units[k].rule = "drop", "author_bio"
            del kept[kept.index(about):]
            continue
        u.kind, u.rule = "drop", rule
        kept.pop()


_NO_BYLINE = md.Byline((), None, None)
