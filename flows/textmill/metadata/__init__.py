"""Document metadata lifted out of text lines: dates, bylines/authors, datelines, agencies.

All functions are pure and look at one line (or one string) at a time; deciding *which*
line of a document is the byline or the dateline is the job of :mod:`textmill.segment`.

Date rule (stated once, used everywhere): numeric dates are read **day first** (European
``14.07.2016`` = 14 July) unless that is impossible (``07/14/2016`` has no month 14, so it is
read month first). ``2016-07-14`` is ISO (year, month, day). Month-name dates need no rule.
A date without a year (``Aug 1``) takes the year from context (other dated lines in the same
document); without context it is no date at all (we never guess the current year).

False-positive trade-offs are noted per function. Month names and agency names are data
tables (:mod:`.dates`, :mod:`.agencies`); phrase lists come from :mod:`textmill.phrases`.
"""

from __future__ import annotations

from textmill.metadata.accounts import HOSTED_BLOG_DOMAINS, blog_account
from textmill.metadata.agencies import AGENCIES, AGENCY_RE, agency_name, find_agency
from textmill.metadata.bylines import (
    PLACEHOLDER_AUTHORS,
    Byline,
    author_line_names,
    byline_near_line,
    is_byline_label,
    looks_like_name,
    parse_byline,
    parse_signoff,
    split_authors,
)
from textmill.metadata.copyright import page_copyright_holder
from textmill.metadata.titles import (
    SECTION_NAME_WORDS,
    SLUG_MIN_MATCH,
    SLUG_STRONG_MATCH,
    site_keys,
    slug_match,
    slug_named_words,
    slug_words,
    strip_site_name,
)
from textmill.metadata.dates import (
    MONTHS,
    PUBLICATION_DATES,
    DateMatch,
    date_led_line,
    date_near_line,
    find_dates,
    is_date_line,
    parse_date,
    plausible_publication_date,
    url_date,
)
from textmill.metadata.places import (
    NOT_PLACES,
    Dateline,
    is_caption,
    parse_dateline,
    parse_dateline_line,
    photo_credit,
)

__all__ = [
    "AGENCIES", "AGENCY_RE", "HOSTED_BLOG_DOMAINS", "blog_account", "MONTHS", "NOT_PLACES", "PLACEHOLDER_AUTHORS",
    "Byline", "DateMatch", "Dateline", "PUBLICATION_DATES", "date_led_line",
    "agency_name", "author_line_names", "find_agency", "find_dates", "is_byline_label", "is_caption", "is_date_line",
    "looks_like_name", "page_copyright_holder", "parse_byline", "parse_date", "parse_dateline", "parse_dateline_line", "parse_signoff", "photo_credit", "plausible_publication_date",
    "SECTION_NAME_WORDS", "SLUG_MIN_MATCH", "SLUG_STRONG_MATCH", "slug_named_words", "byline_near_line", "date_near_line", "url_date", "site_keys", "slug_match", "slug_words", "split_authors", "strip_site_name",
]
