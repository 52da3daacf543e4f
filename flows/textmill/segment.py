"""Paragraphs, roles and document metadata from repaired plain text.

Entry point: :func:`segment_document`. Steps (each decision is a keep, or a drop with a
rule name; the text of a kept paragraph is always an exact join of input lines):

1. lines -> blocks (blank-line separated) -> units: one unit per line, except a hard-wrapped
   block (consistent line lengths, lines ending mid-sentence) or a line continued in lower
   case, which stay joined. A sentence split across a blank line (previous unit has no
   terminal punctuation, next starts lower-case) is rejoined.
2. context-free rules per unit (:func:`textmill.boilerplate.line_rule`), site template lines
   (:class:`textmill.templates.TemplateStats`), bylines and captions
   (:mod:`textmill.metadata`), repeated captions/paragraphs (kept once);
3. the title: the hinted title if it is in the text, else the first title-like line before
   the first good block (preferring lines with a stopword: navigation words have none);
4. jusText-style classification of everything else (:func:`classify_blocks`), then roles:
   heading-like kept blocks are ``heading``, the rest ``body``; a dateline prefix on the first
   body paragraph becomes its own ``dateline`` paragraph.

Invariant (tested): every non-blank input line is in exactly one paragraph's line range or
has exactly one :class:`RemovedLine` (the dateline line is in two ranges: dateline + body).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from textmill import metadata as md
from textmill.boilerplate import (
    NON_TITLE_ENDINGS,
    BoilerplateConfig,
    classify_blocks,
    context_free_class,
    ends_sentence,
    features,
    is_comment_header,
    is_heading_like,
    is_list_header,
    line_rule,
)
from textmill.stopwords import get_stoplist, guess_stoplist, stopword_density, words
from textmill.templates import TemplateStats, normalise_line

# Drop rules for metadata lines: they do not separate a title from the article below it.
META_RULES = frozenset({"metadata_date", "template_line"})
ROLES = ("title", "byline", "dateline", "caption", "heading", "body")
ARTICLE_ROLES = frozenset({"heading", "body"})


@dataclass(frozen=True)
class SourceHint:
    """What is known about where the document came from."""

    source_format: str = "txt"  # "txt" | "html" | "jsonl"
    source_group: str = ""  # site/host/folder key, for template statistics
    title: str | None = None  # title given by the record or HTML metadata, if any
    published_date: str | None = None  # raw date string given by metadata, if any
    authors: tuple[str, ...] = ()  # authors given by metadata, if any


@dataclass(frozen=True)
class Paragraph:
    position: int  # 0-based order among kept paragraphs (all roles)
    role: str  # one of ROLES
    text: str  # lines of the block joined with one space
    line_start: int  # 1-based line numbers in the input text (inclusive)
    line_end: int


@dataclass(frozen=True)
class RemovedLine:
    line_no: int  # 1-based line number in the input text
    text: str
    rule: str  # snake_case rule name


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None
    published_date: dt.date | None
    authors: tuple[str, ...]
    dateline: str | None  # place, e.g. "WASHINGTON", "Moscow"
    agency: str | None  # "AP", "AFP", "Reuters", "CNN", ...


@dataclass(frozen=True)
class SegmentedDocument:
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedLine, ...]
    metadata: DocumentMetadata

    def article_text(self) -> str:
        """Heading + body paragraph texts joined by a blank line."""
        return "\n\n".join(p.text for p in self.paragraphs if p.role in ARTICLE_ROLES)


@dataclass(frozen=True)
class SegmentConfig:
    """Options of :func:`segment_document`.

    language: stoplist language (jusText name or ISO 639-1 code); None guesses it per
        document from the stoplists (slower by ~1 ms; unreliable under ~20 words).
    boilerplate: block classifier thresholds (see BoilerplateConfig).
    rejoin_split_sentences: rejoin a sentence split by a blank line. FP risk: a heading
        without punctuation followed by a paragraph starting in lower case is merged.
    max_title_words: a longer first line is prose, not a title.
    max_byline_words: a longer line is never a byline.
    wrap_width: blocks whose lines are all at most this long and similar in length, and
        mostly end mid-sentence, are hard-wrapped paragraphs (joined into one unit).
    duplicate_window: a caption repeated within this many units is kept once.
    min_document_stop_density: below this share of stopwords in the whole document (no
        stoplist fits it), stopword density is ignored and blocks are judged by length and
        punctuation alone (weaker against navigation, but keeps e.g. CJK text). 0 disables.
    """

    language: str | None = None
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    rejoin_split_sentences: bool = True
    max_title_words: int = 30
    max_byline_words: int = 15
    wrap_width: int = 100
    duplicate_window: int = 6
    min_document_stop_density: float = 0.05


# ------------------------------------------------------------------------- units
@dataclass
class _Unit:
    lines: list[tuple[int, str]]  # (1-based line number, stripped text)
    kind: str = ""  # "" (undecided) | "drop" | "title" | "byline" | "caption" | "body" | "heading"
    rule: str = ""  # drop rule

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.lines)

    @property
    def start(self) -> int:
        return self.lines[0][0]


def _starts_lower(s: str) -> bool:
    """Starts with a lower-case letter (after opening quotes/brackets): a continuation."""
    s = s.lstrip("\"'“‘«([")
    return bool(s) and s[0].isalpha() and s[0].islower()


def _is_wrapped(block: list[tuple[int, str]], width: int) -> bool:
    """A hard-wrapped paragraph: 3+ lines, all but the last of similar length (>= 70 % of the
    longest, which is 50..``width`` chars), most ending mid-sentence, and at least one line
    continuing in lower case. A list of headlines has similar lengths too, but every line
    starts upper-case; it stays split."""
    if len(block) < 3:
        return False
    lengths = [len(t) for _, t in block[:-1]]
    if not 50 <= max(lengths) <= width or min(lengths) < 0.7 * max(lengths):
        return False
    open_ends = sum(1 for _, t in block[:-1] if not ends_sentence(t))
    lower_starts = sum(1 for _, t in block[1:] if _starts_lower(t))
    return open_ends * 2 > len(block) - 1 and lower_starts >= 1


def _units(lines: list[str], cfg: SegmentConfig) -> list[_Unit]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for no, raw in enumerate(lines, start=1):
        s = raw.strip()
        if s:
            blocks[-1].append((no, s))
        elif blocks[-1]:
            blocks.append([])
    units: list[_Unit] = []
    for block in (b for b in blocks if b):
        if _is_wrapped(block, cfg.wrap_width):
            group = [_Unit(list(block))]
        else:
            group = []
            for no, s in block:
                prev = group[-1] if group else None
                if prev and not ends_sentence(prev.lines[-1][1]) and _starts_lower(s) and not line_rule(s):
                    prev.lines.append((no, s))  # a line continued in lower case
                else:
                    group.append(_Unit([(no, s)]))
        # sentence split by a blank line: previous block ends mid-sentence, this starts lower
        if (
            cfg.rejoin_split_sentences
            and units
            and group
            and not ends_sentence(units[-1].text)
            and not units[-1].text.endswith(":")
            and _starts_lower(group[0].text)
            and not line_rule(units[-1].text)
            and not line_rule(group[0].text)
        ):
            units[-1].lines.extend(group.pop(0).lines)
        units.extend(group)
    return units


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
    # After the article has started: a comment-section header makes the rest comments; a
    # related-links header makes the lines up to the next prose paragraph its link list.
    seen_prose = in_list = False
    for i, u in enumerate(units):
        long_prose = u.kind == "" and len(u.text) >= bp.length_low and ends_sentence(u.text)
        seen_prose = seen_prose or long_prose
        in_list = in_list and not long_prose
        if in_list and u.kind == "":
            u.kind, u.rule = "drop", "related_links"
        if seen_prose and u.kind == "drop" and is_comment_header(u.text):
            for v in units[i + 1 :]:
                v.kind, v.rule = "drop", u.rule
            break
        if seen_prose and u.kind == "drop" and u.rule == "related_links" and is_list_header(u.text):
            in_list = True


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
    # Exact repeats anywhere keep the first copy; a nearby block contained in another one (a
    # pull quote repeating a sentence of the article) goes, the longer block stays.
    seen: set[str] = set()
    for j, u in enumerate(units):
        if u.kind == "drop" or len(keys[j]) < 30:
            continue
        if keys[j] in seen:
            u.kind, u.rule = "drop", "duplicate_paragraph"
            continue
        seen.add(keys[j])
        lo, hi = max(0, j - cfg.duplicate_window), min(len(units), j + cfg.duplicate_window + 1)
        if any(i != j and units[i].kind != "drop" and len(keys[i]) > len(keys[j]) and keys[j] in keys[i]
               for i in range(lo, hi)):
            u.kind, u.rule = "drop", "duplicate_paragraph"


def _is_title_like(text: str, cfg: SegmentConfig) -> bool:
    n = len(words(text))
    return 2 <= n <= cfg.max_title_words and not text.rstrip("\"'”’»)]」』 ").endswith(NON_TITLE_ENDINGS)


def _pick_title(units: list[_Unit], prose: list[bool], hint: SourceHint, cfg: SegmentConfig,
                stoplist: frozenset[str]) -> int | None:
    """Index of the title unit, or None.

    The hinted title wins when it is in the text. Otherwise candidates are the title-like
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
    first_prose = next((i for i in free if prose[i]), len(units))
    # Runs of title-like lines, broken by navigation/widgets or by other undecided lines;
    # metadata (bylines, dates, captions) does not break a run. The title is in the last
    # run before the article: site name and tagline sit in an earlier run, above the menu.
    runs: list[list[int]] = [[]]
    for i in range(first_prose):
        u = units[i]
        if u.kind == "" and _is_title_like(u.text, cfg):
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


# ----------------------------------------------------------------- entry point
def segment_document(
    text: str,
    hint: SourceHint | None = None,
    config: SegmentConfig | None = None,
    templates: TemplateStats | None = None,
) -> SegmentedDocument:
    """Split repaired text into role-labelled paragraphs, removed lines and metadata."""
    hint = hint or SourceHint()
    cfg = config or SegmentConfig()
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    stoplist = get_stoplist(cfg.language or guess_stoplist(text))
    if cfg.min_document_stop_density and stopword_density(text, stoplist) < cfg.min_document_stop_density:
        # No stoplist fits (a script without spaces, a language jusText has no list for):
        # density says nothing here, so blocks are judged by length and punctuation only.
        cfg = replace(cfg, boilerplate=replace(cfg.boilerplate, stopwords_low=0.0, stopwords_high=0.0))
    units = _units(lines, cfg)
    _apply_line_rules(units, hint, cfg, templates, stoplist)
    _mark_duplicates(units, cfg)

    def classify() -> list[str]:
        # Units decided by a rule (widgets, metadata) are transparent to their neighbours:
        # an inline "Advertisement" or share bar must not make the next paragraph look like
        # it sits among boilerplate.
        fixed: list[str | None] = ["skip" if u.kind else None for u in units]
        return classify_blocks([u.text for u in units], stoplist, cfg.boilerplate, fixed)

    classes = classify()
    # The title zone ends at the first block that is prose on its own (context-free): a
    # title-like line promoted by its neighbours must not end the zone before itself.
    prose = [u.kind == "" and not _is_title_like(u.text, cfg)
             and context_free_class(features(u.text, stoplist), cfg.boilerplate) in ("good", "neargood")
             for u in units]
    t = _pick_title(units, prose, hint, cfg, stoplist)
    if t is not None:
        units[t].kind = "title"
        classes = classify()  # the title is metadata: transparent to its neighbours
    kept = [i for i, u in enumerate(units) if u.kind == "" and classes[i] == "good"]
    first_kept, last_kept = (kept[0], kept[-1]) if kept else (len(units), -1)
    after_related = False
    for i, u in enumerate(units):
        if u.kind == "drop":
            after_related = after_related or u.rule == "related_links"
            continue
        if u.kind:
            continue
        if classes[i] == "good":
            u.kind = "heading" if is_heading_like(u.text, cfg.boilerplate) else "body"
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
    return _assemble(units, hint, text)


def _assemble(units: list[_Unit], hint: SourceHint, text: str) -> SegmentedDocument:
    paras: list[tuple[str, str, int, int]] = []
    removed: list[RemovedLine] = []
    place = agency_dl = None
    first_body = next((i for i, u in enumerate(units) if u.kind == "body"), None)
    for i, u in enumerate(units):
        if u.kind == "drop":
            removed.extend(RemovedLine(no, s, u.rule) for no, s in u.lines)
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
    meta = _metadata(units, hint, text, place, agency_dl)
    return SegmentedDocument(paragraphs, tuple(removed), meta)


def _metadata(units: list[_Unit], hint: SourceHint, text: str, place: str | None,
              agency_dl: str | None) -> DocumentMetadata:
    years = Counter(d.date.year for d in md.find_dates(text) if d.has_year and d.date)
    year = years.most_common(1)[0][0] if years else None
    title = hint.title or next((u.text for u in units if u.kind == "title"), None)
    first_body = next((i for i, u in enumerate(units) if u.kind in ("body", "heading")), len(units))
    header_dates: list[dt.date] = []
    other_dates: list[dt.date] = []
    authors: list[str] = []
    byline_agency = signoff_agency = credit_agency = None
    in_list = False  # dates inside related-links lists or comments belong to other pages
    for i, u in enumerate(units):
        s = u.text
        date = None
        in_list = (in_list or u.rule in ("related_links", "comment_section")) and u.kind in ("drop", "")
        if u.kind == "byline":
            b = md.parse_byline(s, context_year=year)
            if b:
                authors.extend(b.authors)
                byline_agency = byline_agency or b.agency
                date = b.date
        elif u.kind == "drop" and u.rule == "metadata_date" and not in_list:
            date = md.parse_date(s, year)
        elif u.kind == "drop" and u.rule == "signoff":
            signoff_agency = signoff_agency or md.parse_signoff(s)[1]
        elif u.kind == "caption":
            credit_agency = credit_agency or md.photo_credit(s) or None
        if date:
            (header_dates if i < first_body else other_dates).append(date)
    published = md.parse_date(hint.published_date, year) if hint.published_date else None
    published = published or next(iter(header_dates + other_dates), None)
    return DocumentMetadata(
        title=title,
        published_date=published,
        authors=tuple(hint.authors) or tuple(dict.fromkeys(authors)),
        dateline=place,
        agency=agency_dl or byline_agency or signoff_agency or credit_agency,
    )
