"""Data types and options of :mod:`textmill.segment` (no logic)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from textmill.boilerplate import BoilerplateConfig

# Drop rules for metadata lines: they do not separate a title from the article below it.
META_RULES = frozenset({"metadata_date", "template_line", "duplicate_caption"})
ROLES = ("title", "byline", "dateline", "caption", "heading", "body")
ARTICLE_ROLES = frozenset({"heading", "body"})


@dataclass(frozen=True)
class SourceHint:
    """What is known about where the document came from."""

    source_format: str = "txt"  # "txt" | "html" | "jsonl"
    source_group: str = ""  # site/host/folder key, for template statistics
    title: str | None = None  # title given by the record or HTML metadata, if any
    url: str | None = None  # the page's URL, if known (its slug names the headline)
    published_date: str | None = None  # raw date string given by metadata, if any
    authors: tuple[str, ...] = ()  # authors given by metadata, if any
    # where the given title / published_date / authors came from ('h1', 'meta og:title',
    # 'record title', ...): (field, source) pairs, kept in documents.metadata_source
    metadata_source: tuple[tuple[str, str | None], ...] = ()
    agency: str | None = None  # agency named as the author by the page's metadata
    # HTML only: the extractor's element for each non-blank line of the text, in order
    # (``textmill.html.ExtractedHtml.structure``: p, head, item, quote, row, ..., '+link' for
    # link blocks). Empty for plain text, or when it does not match the lines (then unused).
    structure: tuple[str, ...] = ()
    # Plain text: 1-based line numbers of tab-separated table rows, found before repair
    # turned the tabs into spaces (textmill.texttables.table_row_numbers).
    table_rows: tuple[int, ...] = ()


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
    # field -> where its value came from: a page field ('h1', 'json-ld datePublished', ...),
    # 'record title', or 'line N' (1-based line of the text); absent when there is no value
    source: tuple[tuple[str, str], ...] = ()


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
    min_title_hint_overlap: HTML input whose page names its title (h1, og:title, <title>) and
        that title is not a line of the text: a line is the title only when at least this share
        (default half) of its words are in the page's title (else it stays a line to judge: a lede, a later
        subhead; the document's title is the page's either way).
    max_byline_words: a longer line is never a byline.
    wrap_width: blocks whose lines are all at most this long and similar in length, and
        mostly end mid-sentence, are hard-wrapped paragraphs (joined into one unit).
    duplicate_window: a caption repeated within this many units is kept once.
    min_document_stop_density: below this share of stopwords in the whole document (no
        stoplist fits it), stopword density is ignored and blocks are judged by length and
        punctuation alone (weaker against navigation, but keeps e.g. CJK text). 0 disables.
    line_model: after the rules, the learned line classifier (:mod:`textmill.segment.learned`)
        has the last word on every unit that is not metadata or a hard rule's drop. Off, the
        rules and the jusText-style classifier decide alone (measured lower on real pages; see
        textmill/models/README.md).
    html_block_model: HTML input: the learned DOM-block classifier (:mod:`textmill.htmlblocks`)
        brings back page blocks trafilatura left out and drops extracted blocks it is sure are
        not article text, before segmentation. Off, trafilatura's extracted text is segmented
        as it is (measured lower on real pages: textmill/models/README.md).
    html_plain_retry_min_words: HTML input that the segmenter leaves with no heading or body
        paragraph is segmented once more as plain text (without trafilatura's block structure:
        a page whose article is a list of links loses every block to the link rules) when its
        text has at least this many words (default 100: below, such a page is a menu or a stub,
        and what the retry keeps is mostly boilerplate). 0 retries every such page.
    title_model: plain text (no title named by the page or the record): the title line is the
        best of all candidates by the fitted title scorer (:mod:`textmill.segment.titlescore`).
        Off, the first title rule that fires decides (measured lower on real pages:
        textmill/models/README.md).
    """

    language: str | None = None
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    rejoin_split_sentences: bool = True
    max_title_words: int = 30
    min_title_hint_overlap: float = 0.5
    max_byline_words: int = 15
    wrap_width: int = 100
    duplicate_window: int = 6
    min_document_stop_density: float = 0.05
    line_model: bool = True
    html_block_model: bool = True
    html_plain_retry_min_words: int = 100
    title_model: bool = True
