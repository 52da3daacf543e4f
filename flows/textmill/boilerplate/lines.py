"""Context-free line rules (layer 1 of :mod:`textmill.boilerplate`): one line in, a rule
name or None out. Phrase data: :mod:`textmill.phrases`."""

from __future__ import annotations

import re
from functools import lru_cache

from textmill import metadata, phrases
from textmill.signals import ends_with
from textmill.stopwords import words

_TERMINALS = ".!?…。！？"
_CLOSERS = "\"'”’»)]」』"  # none of them a terminal: stripping them all leaves the terminal, if any


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? … or a CJK full stop (closing quotes/brackets allowed after it). (The
    regex ``[.!?…。！？][closers]*$`` searched the whole text: this reads its end only.)"""
    return ends_with(text, _TERMINALS, _CLOSERS)


# Phrase tables live in textmill/phrases/<lang>.json (all languages merged, see that package).
_WIDGET_WORDS = phrases.words("widget_words")
_CONNECTORS = phrases.words("connectors")
_M = phrases.matcher
_COMMENT_HEADER = _M("comment_headers")
_LIST_HEADER = _M("list_headers")
_TOC_HEADER = _M("toc_headers")
_ADS = _M("ads")
_WIDGETS = _M("widgets")
_APPEALS = (_M("promo", "contains"), _M("disclaimers", "contains"))
_RELATIVE = phrases.alternation("relative_time")
_COOKIE_RE = re.compile(
    rf"^(?=.*(?<!\w){phrases.alternation('cookie_terms')}(?!\w))"
    rf"(?=.*(?<!\w)(?:{'|'.join(sorted(phrases.words('consent_terms')))})(?!\w)).*$", re.IGNORECASE)
_ABOUT_RE = re.compile(rf"^{phrases.alternation('about_headers')}\W*$", re.IGNORECASE)
_BIO_RE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w.'’-]+\s+){1,3}?[A-ZÀ-Ý][\w.'’-]+,?\s+"  # a name of 2-4 capitalised words
    rf"(?:{phrases.alternation('bio_verbs')})", re.IGNORECASE)
_BIO_CONTACT_RE = re.compile(
    r"^(?:about the author\b.*|.*\b(?:(?:reach|contact|email|e-mail) (?:him|her|them|me) at|follow (?:him|her|them|me) on)\b.*"
    r"|.*\b(?:contact|reach|email|e-mail|write to)\b.*\b[\w.+-]+@[\w-]+\.[\w.]+.*)$", re.IGNORECASE)
_FINAL_SCORE_RE = re.compile(r"^(?:[A-Z][\w.'’&-]*\s+){1,4}\d{1,3},\s+(?:[A-Z][\w.'’&-]*\s+){1,4}\d{1,3}(?:\s*\(\w+\))?$")


def _plain(rx: str | re.Pattern[str], needles: tuple[str, ...] = ()) -> phrases.Matcher:
    """A code-side pattern (not phrase data) as a Matcher; ``needles``: substrings (lower
    case) of which every match holds one, tested before the regex."""
    return phrases.Matcher(re.compile(rx, re.IGNORECASE) if isinstance(rx, str) else rx, None, frozenset(), False, needles)


# (rule, matcher, max words of a line it may match). The word limit keeps prose that only
# mentions a phrase ("... would share more details ...") out of reach of the pattern.
_RULES: tuple[tuple[str, phrases.Matcher, int], ...] = (
    ("cookie_notice", phrases.Matcher(None, _COOKIE_RE, phrases.triggers("cookie_terms") or frozenset(), False), 60),
    ("cookie_notice", _M("consent_buttons"), 4),
    # "READ MORE: <headline>", "Lee también: <headline>": a teaser link with its label
    ("related_links", _M("teaser_labels", r"^{}\s*:\s*\S.*$"), 20),
    ("copyright", _plain(r"^(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*"
                         r"|.*\bmay not be (?:published|reproduced|redistributed)\b.*",
                         ("©", "(c)", "copyright", "rights reserved", "may not be")), 40),
    # comment metadata: "John Smith says:", "Klaus R. schreibt:", "Reply", "jkestrel · 3 months ago"
    ("comment_section", _M("comment_meta"), 8),
    ("comment_section", _plain(rf"^.{{1,40}}\s[·•|]\s+{_RELATIVE}\W*$", ("·", "•", "|")), 10),
    ("tags", _plain(r"^(?:tags?|topics?|filed under|categor(?:y|ies)|keywords|posted in|schlagworte|themen|mots-clés"
                    r"|étiquettes|etiquetas|temas|argomenti)\s*:.*|^(?:#[\w-]+\s*){2,}$", (":", "#")), 40),
    ("link", _plain(r"^(?:https?://|www\.)\S+$", ("http", "www.")), 40),
    # a page-feedback box with its buttons ("Is this page useful? Maybe | Yes ... | No ...")
    ("widget", _plain(r"^(?:is this page useful|was this (?:page|article) (?:useful|helpful)|war diese seite hilfreich"
                      r"|cette page vous a-t-elle été utile|¿(?:te|le) ha resultado útil)\?.*",
                      ("useful", "helpful", "hilfreich", "utile", "útil")), 30),
    ("author_bio", _plain(_BIO_CONTACT_RE, ("about the author", "@", "reach", "contact", "follow", "write to")), 40),
    ("advertisement", _ADS, 12),
    ("widget", _WIDGETS, 12),
    ("widget", _plain(r"^.*\b(?:sign up|subscribe|learn more|donate(?: now| today)?|read more)\W*$|.*\bnewsletters?\b.*",
                      ("sign up", "subscribe", "learn more", "donate", "read more", "newsletter")), 12),
    ("promo", _APPEALS[0], 40),
    ("disclaimer", _APPEALS[1], 60),
    ("data_line", _plain(_FINAL_SCORE_RE, (",",)), 10),
)
_SOURCE_FOOTER_RE = re.compile(
    r"^(?:sources?|kaynak|quelle|fuente|fonte|bron|źródło|источник|kilde|källa|lähde|forrás|zdroj)"
    r"(?:\s*/\s*\w+)*\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# a clock time, as live blogs print it next to (or instead of) a relative time
# ('14:05', '15.40 BST', '9.30am'; a bare '12.50' is a number, not a time)
_CLOCK_SUFFIX = r"\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h|bst|gmt|utc|cet|cest|mez|mesz|est|edt|cst|cdt|pst|pdt|ist)\b"
_CLOCK = rf"\d{{1,2}}(?::\d{{2}}(?:{_CLOCK_SUFFIX})?|[.h]\d{{2}}{_CLOCK_SUFFIX})"
_RELATIVE_TIME_RE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated|aktualisiert|mis à jour|actualizado|aggiornato)\s*:?\s*)?"
    rf"(?:{_RELATIVE}(?:\W+{_CLOCK})?|{_CLOCK})\W*$",
    re.IGNORECASE,
)
_NAV_SEP_RE = re.compile(r"\s(?:\||•|·|»|›|>|/|–)\s")
_NUMBER_RE = re.compile(r"^\d+(?:[.,:]\d+)?$")
_LIST_ITEM_RE = re.compile(r"^(?:[-–•·*▪●◦‣]\s+|\d{1,2}[.)]\s+)[^\W\d]")  # '1. Name ...', '• Name ...'


def _is_data_line(toks: list[str], s: str) -> bool:
    """A table row or box-score line ("Millbrook 7 3 0 7 — 17"): at least 4 numbers making
    up at least half of the tokens, and no sentence punctuation. FP risk: a list of figures
    written without a verb ("2019 2020 2021 2022") in a body; such rows are not prose."""
    nums = sum(1 for t in toks if _NUMBER_RE.match(t))
    return nums >= 4 and nums * 2 >= len(toks) and not ends_sentence(s) and not metadata.find_dates(s)


def _furniture(part: str) -> str | None:
    """'advertisement' / 'widget' when one segment of a separated line is page furniture
    on its own (a phrase, widget words only, or a number/time such as '7:42')."""
    p = part.strip()
    toks = words(p)
    if _ADS.test(p, toks):
        return "advertisement"
    if _WIDGETS.test(p, toks) or (toks and all(t in _WIDGET_WORDS or t in _CONNECTORS or t.isdigit() for t in toks)):
        return "widget"
    return None


@lru_cache(maxsize=16384)  # pure; segment asks about the same line in several passes
def line_rule(line: str, max_phrase_words: int = 12) -> str | None:
    """Context-free drop rule for one line, or None when the line may be content.

    Rules: widget, advertisement, comment_section, cookie_notice, related_links (header),
    table_of_contents (header), copyright, tags, link, author_bio, promo (reader appeals,
    subscription and donation asks), disclaimer (affiliate, medical, forward-looking, wire
    standards), data_line (box scores, table rows), navigation, source_footer, signoff,
    metadata_date, separator (a line without letters or digits). Phrases come from
    :mod:`textmill.phrases` (every language at once) and are only matched on short lines
    (``max_phrase_words``; copyright/bio/promo 40, cookie notices and disclaimers 60 words at
    the default of 12).
    """
    s = line.strip()
    if not s:
        return None
    toks = words(s)
    n = len(toks)
    if n <= 8 and _RELATIVE_TIME_RE.match(s):
        return "metadata_date"  # "Updated 2 hours ago": a date we cannot resolve offline
    if n <= 20 and metadata.is_date_line(s):  # a date line is short; skip the regexes on prose
        return "metadata_date"
    if n <= 30 and metadata.parse_signoff(s)[0]:
        return "signoff"
    m = _SOURCE_FOOTER_RE.match(s)
    if m and len(m.group("rest").split()) <= 6 and not ends_sentence(m.group("rest")):
        return "source_footer"
    if not any(c.isalnum() for c in s):
        return "separator"  # "* * *", "———", "___", a lone bullet: nothing to keep
    if n > 60 * max_phrase_words // 12:
        return None  # longer than every phrase rule's limit: prose
    # "More on this story" / "Comments" are section headers (they start a list or the
    # comment tail), not widgets, although they are made of widget words.
    if is_list_header(s):
        return "related_links"
    if is_toc_header(s):
        return "table_of_contents"
    if is_comment_header(s):
        return "comment_section"
    if n <= max_phrase_words and _ADS.test(s, toks):
        return "advertisement"
    if n <= max_phrase_words and all(t in _WIDGET_WORDS or t in _CONNECTORS for t in toks) and any(
        t in _WIDGET_WORDS for t in toks
    ):
        return "widget"
    for rule, m, limit in _RULES:
        # limits are scaled with max_phrase_words (12 by default); phrase matchers first ask
        # a cheap word-prefix filter (most lines hold none of their words)
        if n <= limit * max_phrase_words // 12 and m.test(s, toks):
            return rule
    if n <= max_phrase_words and _NAV_SEP_RE.search(s):
        # "Advertisement · Scroll to continue", "Listen • 7:42": every part is furniture
        parts = [p for p in _NAV_SEP_RE.split(s) if p.strip()]
        rules = [_furniture(p) for p in parts]
        if all(rules):
            return "advertisement" if "advertisement" in rules else "widget"
    # a numbered or bulleted row ('1. Tobias Lind (Westmere AC) 2:13:07') is a list item of
    # the article (results, rankings): left to the block classifier, which judges a list by
    # its neighbours, instead of being dropped as a ticker
    if n <= max_phrase_words and _is_data_line(toks, s) and not _LIST_ITEM_RE.match(s):
        return "data_line"
    if n <= max_phrase_words and len(_NAV_SEP_RE.findall(s)) >= 2 and not ends_sentence(s) \
            and not metadata.parse_byline(s):
        return "navigation"
    return None


def is_list_header(line: str) -> bool:
    """A bare 'Related' / 'More on this story' / 'Mehr zum Thema' header line: the short lines
    after it, up to the next prose paragraph, are its list of links."""
    toks = words(line)
    return len(toks) <= 8 and _LIST_HEADER.test(line.strip(), toks)


def is_toc_header(line: str) -> bool:
    """'Table of contents' / 'In this article' / 'Inhalt' / 'Sommaire': a list of the article's
    own subheads follows (the copies in the list are boilerplate, the subheads in the text
    are headings)."""
    toks = words(line)
    return len(toks) <= 5 and _TOC_HEADER.test(line.strip(), toks)


def is_comment_header(line: str) -> bool:
    """'Leave a Reply' / '3 Comments' / 'Kommentare' / '5 Gedanken zu „...“': after the
    article has started, the rest of the page is comments. (Comment metadata such as 'Jane
    says:' or 'Reply' is dropped line by line, never starts the tail.) A header that quotes
    the headline ('14 thoughts on "..."') may be as long as the headline."""
    toks = words(line)
    return len(toks) <= 30 and _COMMENT_HEADER.test(line.strip(), toks)


def is_about_header(line: str) -> bool:
    """'About the author' / 'About Hanna' / 'Über die Autorin': an about box follows."""
    return len(words(line)) <= 6 and not ends_sentence(line) and _ABOUT_RE.match(line.strip()) is not None


def is_bio(line: str, authors: tuple[str, ...] = ()) -> bool:
    """A third-person author note: 'Kim Sorensen is Statehouse Report's health care reporter.',
    'Luis Arredondo covers courts ...', or any paragraph that starts with a known author's
    name followed by a verb ('Dana Whitfield covers ...'). FP risk: a body paragraph about a
    reporter ("Jane Doe is a reporter who was detained ...") at the end of an article:
    callers only apply this to the tail of the article (after its last body paragraph)."""
    s = line.strip()
    if len(words(s)) > 80:
        return False
    if _BIO_RE.match(s):
        return True
    low = s.lower()
    return any(a and low.startswith(a.lower() + " ") and len(s) > len(a) + 8 for a in authors)


def is_appeal(line: str) -> bool:
    """A reader appeal, promotion or disclaimer phrase anywhere in a line of at most 80 words
    (used on the tail of the article, where such blurbs sit after the last paragraph)."""
    toks = words(line)
    return len(toks) <= 80 and any(m.test(line, toks) for m in _APPEALS)
