"""Line/block boilerplate classifier for plain text: keep, or drop with a rule name.

Two layers, both pure and both *deciding only* (they never edit text):

1. :func:`line_rule` -- context-free rules for one line: widget phrases (share / print /
   subscribe ...), comment-section and related-links headers, cookie notices, copyright,
   navigation bars, source footers, sign-offs, date-only lines. Returns a snake_case rule
   name or None.
2. :func:`classify_blocks` -- a jusText-style classifier over the remaining blocks: each
   block gets a context-free class from its length and stopword density (per language,
   see :mod:`textmill.stopwords`), then short and near-good blocks are judged by their
   neighbours (a short block between good blocks is good; between bad ones, bad).

Trade-offs: widget phrases are English-first data tables (extend per language); only
*short* lines are checked against them, so prose that mentions "share" or "comments" is never
dropped by a phrase, at the cost of missing long widget blurbs. The jusText thresholds
(70/200 chars, 0.30/0.32 stopword density) are jusText's defaults for English; languages
with small stoplists may need lower density thresholds (``BoilerplateConfig``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from textmill import metadata
from textmill.stopwords import stopword_density, words


@dataclass(frozen=True)
class BoilerplateConfig:
    """Options of the block classifier (defaults = jusText's, tuned on English news).

    length_low: blocks shorter than this (chars) are 'short' and judged by context.
    length_high: a block needs more than this many chars to be 'good' on its own.
    stopwords_low / stopwords_high: stopword-density bounds for 'neargood' / 'good'.
        Lowering them keeps more name-heavy prose and also more navigation.
    max_phrase_words: widget/comment/related phrases are only matched on lines of at
        most this many words (longer lines are prose that merely mentions the words).
    short_sentences_neargood: a short block that is a complete sentence (terminal
        punctuation, enough stopwords) counts as 'neargood' instead of 'short', so a
        one-line quote at the end of an article survives (jusText would drop it).
    max_heading_words: a heading-like block has at most this many words.
    prose_rescue_density: a complete sentence (terminal punctuation, upper-case start, 8+
        words) whose stopword density is below ``stopwords_low`` but at least this value
        is 'neargood' (kept unless both neighbours are bad) instead of 'bad': name-heavy
        news sentences ("Carter told CNN's Christiane Amanpour Wednesday ...") survive
        next to body paragraphs. FP risk: a punctuated footer blurb next to the last body
        paragraph is kept.
    """

    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_phrase_words: int = 12
    short_sentences_neargood: bool = True
    max_heading_words: int = 12
    prose_rescue_density: float = 0.15


# ------------------------------------------------------------------ line-level rules
_TERMINAL_RE = re.compile(r"[.!?…。！？](?:[\"'”’»)\]」』]*)$")


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? … or a CJK full stop (closing quotes/brackets allowed after it)."""
    return _TERMINAL_RE.search(text.rstrip()) is not None


# Lines made only of these words (and at least one not in _CONNECTORS) are share/print/nav
# widgets: "Print Friendly, PDF & Email", "Share on Facebook", "Tweet", "Read more".
_WIDGET_WORDS = frozenset(
    """share shares shared tweet tweets email e-mail mail print printer friendly pdf facebook twitter x
    linkedin whatsapp pinterest reddit telegram messenger flipboard tumblr vk copy link links save
    saved comment comments like likes follow subscribe subscribed newsletter newsletters sign log
    login logout register menu search home close more read next previous prev back top skip
    content main advertisement advertising ad ads sponsored story article page print-friendly
    rss feed bookmark send gmail sms permalink reply""".split()
)
_CONNECTORS = frozenset("on this to us up in the our a and or via of for by with &".split())

# Section headers: a comment-section header after the article makes the rest of the page
# comments; a related-links header makes the short lines after it a list of links.
_COMMENT_HEADER_RX = (
    r"^(?:leave a (?:reply|comment)|\d+\s+(?:comments?|responses?|replies)"
    r"|comments?(?:\s*\(\d+\))?|reader comments|comments are closed|(?:add|post|write|submit)"
    r" (?:a|your) (?:comment|reply)|join the (?:discussion|conversation)|(?:show|view|hide|load)"
    r" (?:all )?comments|be the first to comment.*|you must be logged in to post a comment.*"
    r"|your email address will not be published.*|required fields are marked.*"
    r"|cancel reply|(?:\d+ )?thoughts? on .{1,80})\W*$"
)
_LIST_HEADER_RX = (
    r"^(?:related(?: articles| stories| posts| news| content| coverage| topics"
    r"|(?: \w+)? links)?"
    r"|read (?:also|next)|see also|also read|more (?:from|on|stories|news|in)\b.*"
    r"|you (?:may|might) (?:also )?(?:like|be interested in).*|recommended(?: for you| stories)?"
    r"|trending(?: now)?|most (?:read|popular|viewed|shared)|popular (?:posts|stories|now)"
    r"|what to read next|further reading|don'?t miss|top stories|latest (?:news|stories))\W*$"
)
_COMMENT_HEADER_RE = re.compile(_COMMENT_HEADER_RX, re.IGNORECASE)
_LIST_HEADER_RE = re.compile(_LIST_HEADER_RX, re.IGNORECASE)

# (rule, pattern, max words of a line it may match). The word limit keeps prose that only
# mentions a phrase ("... would share more details ...") out of reach of the pattern.
_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = tuple(
    (rule, re.compile(rx, re.IGNORECASE), limit)
    for rule, rx, limit in (
        ("comment_section", _COMMENT_HEADER_RX, 12),
        ("cookie_notice", r"^(?=.*\bcookies?\b)(?=.*\b(?:use|uses|using|accept|consent|polic(?:y|ies)"
         r"|settings|manage|browsing|continu\w*|agree|experience|privacy|services|deliver|ok|got it"
         r"|learn more|allow|enable)\b).*$", 60),
        ("related_links", _LIST_HEADER_RX, 12),
        # "READ MORE: <headline>", "Watch: <headline>": a teaser link with its label
        ("related_links", r"^(?:read (?:more|also|next)|related|see also|also read|more|watch|video"
         r"|photos|gallery|listen|recommended|opinion|analysis|explainer|live)\s*:\s*\S.*$", 15),
        ("copyright", r"^(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*"
         r"|.*\bmay not be (?:published|reproduced|redistributed)\b.*", 40),
        # comment metadata: "John Smith says:", "Reply", "Report abuse"
        ("comment_section", r"^(?:.{1,40}\bsays:|reply(?: ↓)?|report(?: abuse| comment)?|flag|"
         r"\d+ (?:likes?|replies)|log in to (?:reply|comment)|newest first|oldest first|sort by .*)$", 8),
        ("tags", r"^(?:tags?|topics?|filed under|categor(?:y|ies)|keywords|posted in)\s*:.*", 40),
        ("link", r"^(?:https?://|www\.)\S+$", 40),
        ("author_bio", r"^(?:about the author\b.*|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} is an? (?:\w+ ){0,3}"
         r"(?:correspondent|reporter|writer|journalist|editor|columnist|contributor)\b.*"
         r"\b(?:based in|follow|covers|twitter|email)\b.*"
         r"|.*\b(?:(?:reach|contact|email|e-mail) (?:him|her|them|me) at|follow (?:him|her|them|me) on)\b.*"
         r"|.*\b(?:contact|reach|email|e-mail|write to)\b.*\b[\w.+-]+@[\w-]+\.[\w.]+.*)$", 40),
        ("widget", r"^(?:sign up|subscribe|get (?:our|the) \w+ newsletter|download (?:our|the) app"
         r"|follow us|click (?:here|to)\b|listen to (?:this|the) (?:article|story)|\d+\s*min(?:ute)?s? read"
         r"|(?:\d+\s+)?(?:shares?|views?|likes?)|image \d+ of \d+|\d+ (?:of|/) \d+|skip to .*"
         r"|continue reading.*|loading(?:\.\.\.)?|advertisement|scroll to continue.*|newsletter\b"
         r"|enter your e-?mail).*$|.*\bnewsletters?\b.*|.*\byour e-?mail address\b.*"
         r"|.*\b(?:sign up|subscribe|learn more|donate(?: now| today)?|read more)\W*$"
         r"|.*\b(?:advertisement|opens in (?:a )?new window|delivered to your inbox"
         r"|support (?:our|independent) journalism|become a (?:member|subscriber|supporter))\b.*", 12),
    )
)
_SOURCE_FOOTER_RE = re.compile(
    r"^(?:sources?|kaynak|quelle|fuente|fonte|bron|źródło|источник|kilde|källa|lähde|forrás|zdroj)"
    r"(?:\s*/\s*\w+)*\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_RELATIVE_TIME_RE = re.compile(
    r"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?(?:\d+|an?|one)\s+"
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\W*$",
    re.IGNORECASE,
)
_NAV_SEP_RE = re.compile(r"\s(?:\||•|·|»|›|>|/|–)\s")


def line_rule(line: str, max_phrase_words: int = 12) -> str | None:
    """Context-free drop rule for one line, or None when the line may be content.

    Rules: widget, comment_section, cookie_notice, related_links (header), copyright,
    tags, link, author_bio, navigation, source_footer, signoff, metadata_date, separator
    (a line without letters or digits). Phrases are
    only matched on short lines (``max_phrase_words``; copyright/bio 40, cookie notices 60
    words at the default of 12).
    """
    s = line.strip()
    if not s:
        return None
    toks = words(s)
    n = len(toks)
    if n <= 6 and _RELATIVE_TIME_RE.match(s):
        return "metadata_date"  # "Updated 2 hours ago": a date we cannot resolve offline
    if n <= 20 and metadata.is_date_line(s):  # a date line is short; skip the regexes on prose
        return "metadata_date"
    if n <= 30 and metadata.parse_signoff(s)[0]:
        return "signoff"
    m = _SOURCE_FOOTER_RE.match(s)
    if m and len(m.group("rest").split()) <= 6 and not ends_sentence(m.group("rest")):
        return "source_footer"
    if not n:
        return "separator"  # "* * *", "———", a lone bullet: no words, nothing to keep
    # "More on this story" / "Comments" are section headers (they start a list or the
    # comment tail), not widgets, although they are made of widget words.
    if is_list_header(s):
        return "related_links"
    if is_comment_header(s):
        return "comment_section"
    if n <= max_phrase_words and all(t in _WIDGET_WORDS or t in _CONNECTORS for t in toks) and any(
        t in _WIDGET_WORDS for t in toks
    ):
        return "widget"
    for rule, rx, limit in _RULES:
        # limits are scaled with max_phrase_words (12 by default)
        if n <= limit * max_phrase_words // 12 and rx.match(s):
            return rule
    if n <= max_phrase_words and len(_NAV_SEP_RE.findall(s)) >= 2 and not ends_sentence(s):
        return "navigation"
    return None


def is_list_header(line: str) -> bool:
    """A bare 'Related' / 'More on this story' / 'Most read' header line: the short lines
    after it, up to the next prose paragraph, are its list of links."""
    return len(words(line)) <= 6 and _LIST_HEADER_RE.match(line.strip()) is not None


def is_comment_header(line: str) -> bool:
    """'Leave a Reply' / '3 Comments' / 'Comments are closed' / 'Your email address will not
    be published': after the article has started, the rest of the page is comments. (Comment
    metadata such as 'Jane says:' or 'Reply' is dropped line by line, never starts the tail.)"""
    return len(words(line)) <= 12 and _COMMENT_HEADER_RE.match(line.strip()) is not None


# ------------------------------------------------------------------ block classifier
@dataclass(frozen=True)
class BlockFeatures:
    n_chars: int
    n_words: int
    stop_density: float
    ends_sentence: bool
    starts_upper: bool


@lru_cache(maxsize=8192)  # a document classifies its blocks twice (before/after the title)
def features(text: str, stoplist: frozenset[str]) -> BlockFeatures:
    s = text.strip()
    first = next((c for c in s if c.isalpha()), "")
    return BlockFeatures(len(s), len(words(s)), stopword_density(s, stoplist), ends_sentence(s), first.isupper())


def is_heading_like(text: str, cfg: BoilerplateConfig) -> bool:
    """Short, starts upper-case, no full stop at the end (a '?' or ':' is fine): a subhead.

    FP risk: a one-line exclamation or question in the body ("Why?") is also heading-like;
    harmless for the article text (headings belong to it), only the role differs.
    """
    s = text.strip()
    n = len(words(s))
    first = next((c for c in s if c.isalpha()), "")
    bare = s.rstrip("\"'”’»)]」』")
    return 0 < n <= cfg.max_heading_words and first.isupper() and not bare.endswith(NON_TITLE_ENDINGS)


# A title or subhead does not end like a sentence or a clause (a '?' or '!' is fine).
NON_TITLE_ENDINGS = (".", ",", ";", ":", "…", "。", "，", "；", "：")


def context_free_class(f: BlockFeatures, cfg: BoilerplateConfig) -> str:
    """'good' | 'neargood' | 'short' | 'bad' from length and stopword density (jusText)."""
    if f.n_chars < cfg.length_low:
        if (
            cfg.short_sentences_neargood
            and f.ends_sentence
            and f.n_words >= 4
            and f.stop_density >= cfg.stopwords_low
        ):
            return "neargood"
        return "short"
    if f.stop_density >= cfg.stopwords_high:
        return "good" if f.n_chars > cfg.length_high else "neargood"
    if f.stop_density >= cfg.stopwords_low:
        return "neargood"
    if f.ends_sentence and f.starts_upper and f.n_words >= 8 and f.stop_density >= cfg.prose_rescue_density:
        return "neargood"
    return "bad"


def _neighbour(classes: list[str], i: int, step: int, ignore_neargood: bool) -> str:
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        j += step
    return "bad"  # document edges count as bad context (jusText)


def smooth(classes: list[str]) -> list[str]:
    """jusText context rules. Input classes: good/neargood/short/bad, or 'skip' for blocks
    that are transparent to context (metadata blocks decided elsewhere). Output: each
    non-skip block becomes good or bad."""
    out = list(classes)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        prev = _neighbour(classes, i, -1, True)
        nxt = _neighbour(classes, i, 1, True)
        if prev == nxt:
            out[i] = prev
        elif (prev == "bad" and _neighbour(classes, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour(classes, i, 1, False) == "neargood"
        ):
            out[i] = "good"
        else:
            out[i] = "bad"
    for i, c in enumerate(classes):
        if c != "neargood":
            continue
        both_bad = _neighbour(classes, i, -1, True) == "bad" and _neighbour(classes, i, 1, True) == "bad"
        out[i] = "bad" if both_bad else "good"
    return out


def classify_blocks(
    texts: list[str],
    stoplist: frozenset[str],
    cfg: BoilerplateConfig = BoilerplateConfig(),
    fixed: list[str | None] | None = None,
) -> list[str]:
    """Final class per block: 'good' or 'bad' (or 'skip').

    ``fixed[i]`` pre-decides a block: 'bad' (dropped by a rule: bad context for its
    neighbours) or 'skip' (metadata such as a byline or caption: transparent to context);
    None lets the classifier decide from ``texts[i]``.

    Heading promotion (as jusText does for <h*>): a heading-like short block after the first
    prose block and directly followed by a good block is raised to 'neargood', so a subhead
    between two body paragraphs is kept, while menu items above the article and a run of
    title-like lines with no body after it (related headlines at the end) are not.
    """
    fixed = fixed or [None] * len(texts)
    cf = [f if f else context_free_class(features(t, stoplist), cfg) for t, f in zip(texts, fixed)]
    promoted = list(cf)
    seen_prose = False
    for i, t in enumerate(texts):
        if cf[i] in ("good", "neargood"):
            seen_prose = True
        # only inside the article (after its first prose block), and only when the very next
        # non-skip block is good: a menu item before the article or a headline in a list of
        # related links is not a subhead.
        if seen_prose and not fixed[i] and cf[i] in ("short", "bad") and is_heading_like(t, cfg):
            nxt = next((c for c in cf[i + 1 :] if c != "skip"), "bad")
            if nxt == "good":
                promoted[i] = "neargood"
    if "good" not in promoted:
        # A document with no block long enough to be 'good' (a short wire item, a JSONL
        # record of two sentences): accept complete sentences instead of dropping it all.
        promoted = ["good" if c == "neargood" else c for c in promoted]
    return smooth(promoted)
