"""Headlines: a page title without its site name, and the choice among title candidates.

A page ``<title>`` (and often ``og:title``) is ``headline | Site``; the headline is what the
reader sees above the article and what the documents table keeps. Site names are found from
the page itself (``og:site_name``, JSON-LD publisher, the URL host) and, for plain text, from
the affixes several pages of a site share (:class:`textmill.templates.TemplateStats`).
Rules are data here (separators, limits), stated once; both the HTML and the plain-text path
use :func:`strip_site_name`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# separators between a headline and a site name / section ('Headline | Site', 'Site - Headline')
_SEPARATOR_RE = re.compile(r"\s+(?:[|–—\-:•·»«~/]|::|\|\|)\s+|\s*[|»«•·]\s*")
_WORD_RE = re.compile(r"\w+")
_BREADCRUMB_RE = re.compile(r"\s+[>»›]\s+")
# a segment is a site name when its letters are in the site's names or host ("Helge.at" in
# helge.at, "Stylegart" in stylegart.de); only affixes this short can be one
MAX_SITE_WORDS = 8


def words_of(text: str | None) -> list[str]:
    return _WORD_RE.findall((text or "").lower())


def squash(text: str) -> str:
    return "".join(words_of(text))


# German umlauts as a host spells them ('schweizerjaeger.ch' for 'Schweizer Jäger',
# 'nalas-loewenseiten.info' for 'Nalas Löwenseiten'); other accents are dropped (_fold)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def spellings(squashed: str) -> set[str]:
    """A squashed name as written, with its umlauts transliterated (other accents dropped) and
    with all its accents dropped: how a host or another page may spell it ('schweizerjäger',
    'schweizerjaeger', 'schweizerjager')."""
    return {squashed, _fold(squashed.translate(_UMLAUTS)), _fold(squashed)}


def site_keys(site_names: Iterable[str | None], host: str | None) -> tuple[str, ...]:
    """Squashed spellings a site-name segment may match: each name, the host without 'www.'
    and its first label ('helgeat', 'helge')."""
    keys = {k for n in site_names if n and squash(n) for k in spellings(squash(n))}
    if host:
        h = host.lower().removeprefix("www.")
        keys |= {squash(h), squash(h.split(".")[0])}
    return tuple(k for k in keys if len(k) >= 2)


def is_site_name(segment: str, keys: Sequence[str], exact: bool = False) -> bool:
    """'Helge.at', 'Die PARTEI Lübeck', 'STERN.de', 'selbst.de': a segment whose squashed
    letters equal a site key, or (unless ``exact``) contain it / are contained in it (long
    enough to be safe), in any of its spellings (:func:`spellings`: 'Schweizer Jäger Online'
    on schweizerjaeger.ch). Authors are checked ``exact``: 'Daniel Lemire' writes on lemire.me.
    Through curate on the 415 dev pages: one more HTML title right, nothing else changed."""
    s = squash(segment)
    if not s or len(segment.split()) > MAX_SITE_WORDS:
        return False
    if exact:  # as written: 'KleineGrüneMonster' on kleinegruenemonster.wordpress.com is the blogger
        return s in keys
    forms = spellings(s)
    return any(f == k or (len(k) >= 4 and (k in f or (len(f) >= 4 and f in k))) for f in forms for k in keys)


def strip_site_name(title: str | None, keys: Sequence[str], affixes: Iterable[str] = ()) -> str | None:
    """``'Warum Wien ... ist - Helge.at'`` -> ``'Warum Wien ... ist'``: leading and trailing
    segments that name the site (``keys``) or are an affix the site's pages share (``affixes``,
    compared as words) are cut at their separator; the headline itself is never cut away
    whole. FP risk: a headline ending ' - Berlin' on berlin.de loses 'Berlin'."""
    if not title:
        return title
    title = " ".join(title.split())
    crumbs = _BREADCRUMB_RE.split(title)
    if len(crumbs) >= 3 and words_of(crumbs[-1]):  # 'Site > Artikel > Headline': a breadcrumb
        title = crumbs[-1].strip()
    shared = {" ".join(words_of(a)) for a in affixes if a}
    changed = True
    while changed:
        changed = False
        parts = _split_once(title)
        if parts is None:
            break
        for head, sep_tail in parts:
            keep, cut = head, sep_tail
            if not words_of(keep):
                continue
            if is_site_name(cut, keys) or " ".join(words_of(cut)) in shared:
                title, changed = keep, True
                break
    return title


def _split_once(title: str) -> list[tuple[str, str]] | None:
    """(kept, cut) pairs for the last and the first separator of ``title``."""
    seps = list(_SEPARATOR_RE.finditer(title))
    if not seps:
        return None
    last, first = seps[-1], seps[0]
    out = [(title[: last.start()].strip(), title[last.end():].strip())]
    out.append((title[first.end():].strip(), title[: first.start()].strip()))
    return out


def agrees(a: str | None, b: str | None) -> bool:
    """Two candidates name the same headline: one's words are a prefix/suffix of (or equal
    to) the other's, or they share at least ``AGREE_SHARE`` of the shorter one's words."""
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb:
        return False
    sa, sb = " ".join(wa), " ".join(wb)
    if sa == sb or sb.startswith(sa + " ") or sb.endswith(" " + sa) or sa.startswith(sb + " ") or sa.endswith(" " + sb):
        return True
    short, other = (wa, set(wb)) if len(wa) <= len(wb) else (wb, set(wa))
    return len(short) >= 3 and sum(w in other for w in short) >= AGREE_SHARE * len(short)


AGREE_SHARE = 0.7


# ------------------------------------------------------------------ the URL's headline slug
# News and blog URLs carry the headline as a slug ('/2014/03/warum-wien-zu-blod-fur-eine-
# staufreie-mahu-ist/'): in plain text without markup, the line whose words best match the
# slug is the headline. Words are compared accent-folded ('blöd' = 'blod' in a slug).
SLUG_MIN_WORDS = 2  # a slug of fewer words ('/index', '/p/123') says nothing
SLUG_MIN_MATCH = 0.25  # Jaccard of line and slug words below which the slug is no evidence
SLUG_STRONG_MATCH = 0.5  # at or above: the slug's line wins over the page's layout
_SLUG_EXT_RE = re.compile(r"\.(?:html?|php\d?|aspx?|jsp|cms)$", re.IGNORECASE)
_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.lower()).replace("ß", "ss")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug_words(url: str | None) -> frozenset[str]:
    """Folded letter words of the URL's longest path segment ('warum', 'wien', ...); empty when
    it has fewer than ``SLUG_MIN_WORDS`` (an id, 'index.html')."""
    if not url:
        return frozenset()
    from urllib.parse import unquote, urlsplit

    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return frozenset()
    best: list[str] = []
    for segment in path.split("/"):
        found = [_fold(w) for w in _LETTERS_RE.findall(_SLUG_EXT_RE.sub("", segment))]
        if len(found) > len(best):
            best = found
    return frozenset(best) if len(set(best)) >= SLUG_MIN_WORDS else frozenset()


# a slug-named title this short may be the page's section or breadcrumb name ('Paxlovid'),
# not its headline: segment.passes looks for a longer headline holding the same slug words
SECTION_NAME_WORDS = 3


def slug_named_words(line: str, slug: frozenset[str]) -> frozenset[str]:
    """The slug's words the line holds (folded)."""
    return frozenset(_fold(w) for w in _LETTERS_RE.findall(line)) & slug


def slug_match(line: str, slug: frozenset[str]) -> float:
    """Jaccard similarity of the line's folded words and the slug's (0 without a slug)."""
    if not slug:
        return 0.0
    found = {_fold(w) for w in _LETTERS_RE.findall(line)}
    return len(found & slug) / len(found | slug) if found else 0.0
