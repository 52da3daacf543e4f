"""Title, publication date and authors of an HTML page: candidates from the page, weighed.

Candidates and their order are data (``TITLE_META``, ``DATE_META``, ``AUTHOR_META`` below);
every value comes back with the name of the field it came from (``metadata_source``).

- Title: the article's headline. An ``<h1>`` (outside navigation, header logo, sidebars) that
  agrees with a meta title (``og:title``, JSON-LD ``headline``, ``twitter:title``, ``<title>``,
  each without its site name) is the headline as the reader sees it; else an ``<h2>`` that
  agrees; else the first such ``<h1>`` that is not the site name; else the first meta title
  without its site name (:func:`textmill.metadata.titles.strip_site_name`).
- Date: the publication date as the page declares it (``article:published_time`` and its
  siblings, JSON-LD ``datePublished``, the first ``<time datetime>`` outside comments and
  'updated' stamps), else the fallback the caller gives (trafilatura's htmldate search, which
  also reads the URL path and the visible text).
- Authors: people named by JSON-LD ``author`` (Person), ``<meta name=author>`` and its
  siblings, else the fallback (trafilatura's author search), else the person holding the
  page's copyright (``© 2019 Sven Schreivogel``), else a hosted blog's account. Placeholders,
  the site's own name and agencies are not authors (agencies are returned apart, for ``agency``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass

from textmill.metadata.accounts import blog_account
from textmill.metadata.agencies import agency_name
from textmill.metadata.bylines import _DEGREE_RE, PLACEHOLDER_AUTHORS, looks_like_name, parse_byline
from textmill.metadata.copyright import is_notice, is_person_name, page_copyright_holder
from textmill.metadata.dates import _TIME_RE, WEEKDAY_RE, find_dates, parse_date, plausible_publication_date
from textmill.metadata.timezones import host_zone, local_day, page_offset
from textmill.metadata.titles import agrees, is_site_name, site_keys, strip_site_name, words_of

# meta elements, in order of trust: (attribute, value) pairs
TITLE_META = (("property", "og:title"), ("name", "og:title"), ("name", "twitter:title"), ("property", "twitter:title"))
DATE_META = (
    ("property", "article:published_time"), ("name", "article:published_time"), ("property", "og:published_time"),
    ("property", "og:article:published_time"),
    ("itemprop", "datePublished"), ("name", "date"), ("name", "pubdate"), ("name", "publishdate"),
    ("name", "publish-date"), ("name", "parsely-pub-date"), ("name", "sailthru.date"), ("name", "dc.date.issued"),
    ("name", "DC.date.issued"), ("name", "dcterms.date"), ("name", "DC.date"), ("name", "dc.date"),
)
AUTHOR_META = (("name", "author"), ("property", "article:author"), ("name", "parsely-author"),
               ("name", "sailthru.author"), ("name", "dc.creator"), ("name", "DC.creator"), ("itemprop", "author"))
SITE_META = (("property", "og:site_name"), ("name", "application-name"), ("name", "publisher"))
# containers whose headings are the site's, not the article's (class / id / tag words)
_CHROME_RE = re.compile(r"logo|brand|site-?title|site-?name|masthead|menu|navbar|nav\b|sidebar|widget|footer|"
                        r"breadcrumb|related|teaser|comment|cookie|modal|popup", re.IGNORECASE)
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_LAYOUT_RE = re.compile(r"\b(?:no|one|two|has|with|without|left|right|full)-(?:sidebars?|widgets?|menu)\b", re.IGNORECASE)
# <time> elements that are not the publication date
_NOT_PUBLISHED_RE = re.compile(r"updat|modif|comment|reply", re.IGNORECASE)
_ISO_DAY_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_ARTICLE_TYPES_RE = re.compile(r"article|posting|blog|report|newsarticle|webpage|recipe|review|video|event", re.IGNORECASE)
# "View all posts by X", "Zum Profil von X", "Autor: X": label words before a name in author fields
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:view all posts by|all posts by|posts by|posted by|written by|zum profil von|profil von|artikel von|"
    r"beitrag von|erstellt von|veröffentlicht von|geschrieben von|verfasst von|publicado por|escrito por|"
    r"publié par|écrit par|pubblicato da|scritto da|pressemitteilung von|interview|author|autor|auteur|autore|autora|"
    r"text|by|von|par|por|di|door)(?:\s*:?\s+|\s*:?$)",  # a label alone ('Artikel von', 'Von') leaves nothing
    re.IGNORECASE)
# a photo credit in a byline element ('Foto: Ingo Schneider') names the photographer
_CREDIT_PART_RE = re.compile(r"^(?:foto|fotos|photo|photos|bild|bilder|image|images|illustration|grafik|video|quelle|"
                             r"source)\s*:", re.IGNORECASE)
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:[,;|/&]|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
# words left around a date stamp in a byline element ('am', 'on', 'le', 'um', 'Uhr')
_STAMP_WORDS_RE = re.compile(r"\s(?:am|um|on|at|le|el|il|uhr|stand)(?=\s*(?:[,:]|$))", re.IGNORECASE)
# comment widgets print 'X says:' / 'X sagt:' / 'X dit :' above each comment
_SAYS_RE = re.compile(r"\s(?:says|said|sagt|schreibt|dit|dice)\s*:?$", re.IGNORECASE)
MAX_HEADLINE_WORDS = 40
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    title_source: str | None = None
    published_date: dt.date | None = None
    date_source: str | None = None
    authors: tuple[str, ...] = ()
    authors_source: str | None = None
    agency: str | None = None
    site_name: str | None = None


def _text(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _meta(tree, pairs) -> list[tuple[str, str]]:
    """(source name, content) of the meta elements named by ``pairs``, in that order."""
    out = []
    for attr, value in pairs:
        for el in tree.xpath(f"//meta[@{attr}=$v]", v=value):
            content = " ".join((el.get("content") or el.get("datetime") or "").split())
            if content:
                out.append((f"meta {value}", content))
    return out


def _json_ld(tree) -> list[dict]:
    """Every JSON object of the page's JSON-LD scripts (``@graph`` members flattened)."""
    out: list[dict] = []

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            out.append(node)
            if "@graph" in node:
                walk(node["@graph"])

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other candidates still count
    return out


def _types(node: dict) -> str:
    t = node.get("@type", "")
    return " ".join(t) if isinstance(t, list) else str(t)


def _ld_values(objects: list[dict], key: str) -> list:
    """Values of ``key`` in article-like JSON-LD objects first, then in any object."""
    first = [o[key] for o in objects if key in o and _ARTICLE_TYPES_RE.search(_types(o))]
    return first + [o[key] for o in objects if key in o and not _ARTICLE_TYPES_RE.search(_types(o))]


def _chrome_words(element) -> str:
    """Class and id of ``element`` without page-layout modifiers ('one-sidebar', 'has-sidebar'
    on the wrapper of the whole page say where a sidebar is, not that this is one)."""
    return _LAYOUT_RE.sub(" ", f"{element.get('class', '')} {element.get('id', '')}")


def _in_chrome(element) -> bool:
    for anc in element.iterancestors():
        if anc.tag in _CHROME_TAGS:
            return True
        if _CHROME_RE.search(_chrome_words(anc)):
            return True
    return bool(_CHROME_RE.search(_chrome_words(element)))


_EMPHASIS_TAGS = frozenset({"b", "strong", "em", "i", "u", "mark", "abbr", "sup", "sub"})  # not <br>: it ends a kicker


def _headline_text(heading) -> str:
    """Text of a heading without its kicker: an ``<h1>`` made of several elements
    ('<span>Olympische Spiele in Paris</span><span>Getränke per Schiff ...</span>', a date
    and the headline) is read as its longest part, the headline. The text after a child
    element is a part too ('<span>27.01.2022</span>MineralölINFO November 2021',
    '<span>Wurmkiste</span> Wurmkiste selber bauen'); a heading with inline emphasis
    ('<b>Ehezoff</b> der Pochers eskaliert', a text going on in lower case after an element)
    is one sentence, read whole."""
    children = [child for child in heading if isinstance(child.tag, str)]
    if any(child.tag in _EMPHASIS_TAGS or (child.tail or "").lstrip()[:1].islower() for child in children):
        return _text(heading)
    parts = [" ".join((heading.text or "").split())] + [_text(child) for child in children] + [
        " ".join((child.tail or "").split()) for child in children]
    parts = [p for p in parts if words_of(p)]
    if len(parts) >= 2:
        return max(parts, key=lambda p: len(words_of(p)))
    return _text(heading)


def _headings(tree, tag: str, keys) -> list[str]:
    out = []
    for el in tree.iter(tag):
        text = _headline_text(el)
        n = len(words_of(text))
        if 0 < n <= MAX_HEADLINE_WORDS and not _in_chrome(el) and not is_site_name(text, keys):
            out.append(text)
    return out


def _site_names(tree, objects: list[dict]) -> list[str]:
    names = [c for _, c in _meta(tree, SITE_META)]
    for pub in _ld_values(objects, "publisher"):
        for p in pub if isinstance(pub, list) else [pub]:
            if isinstance(p, dict) and isinstance(p.get("name"), str):
                names.append(p["name"])
    for o in objects:
        if "WebSite" in _types(o) and isinstance(o.get("name"), str):
            names.append(o["name"])
    return names


def choose_title(tree, objects: list[dict], keys, fallback: str | None) -> tuple[str | None, str | None]:
    metas = [(src, strip_site_name(c, keys)) for src, c in _meta(tree, TITLE_META)]
    metas += [("json-ld headline", strip_site_name(h, keys)) for h in _ld_values(objects, "headline") if isinstance(h, str)]
    titles = [_text(t) for t in tree.iter("title")][:1]
    metas += [("title", strip_site_name(t, keys)) for t in titles if t]
    if fallback:
        metas.append(("trafilatura title", strip_site_name(fallback, keys)))
    metas = [(s, m) for s, m in metas if m and words_of(m)]
    h1s, h2s = _headings(tree, "h1", keys), _headings(tree, "h2", keys)[:10]
    for tag, heads in (("h1", h1s), ("h2", h2s)):
        for h in heads:
            if any(agrees(h, m) for _, m in metas):
                return h, tag
    if h1s:
        return h1s[0], "h1"
    return (metas[0][1], metas[0][0]) if metas else (None, None)


def _day(value, offset=None, zone=None) -> dt.date | None:
    """The day of a declared date: a timestamp's day where the page's readers are
    (:mod:`textmill.metadata.timezones`), else a date written in words or digits. None for a
    day no page was published on (``1970-01-01``, ``0001-01-01``: CMS placeholders), so that the
    page's next declared date is tried."""
    if not isinstance(value, str) or not value.strip():
        return None
    if _ISO_DAY_RE.match(value):
        day = local_day(value, offset, zone)
    else:
        day = local_day(value, offset, zone) or parse_date(value)
    return day if plausible_publication_date(day) else None


def _page_stamps(tree, objects: list[dict]) -> list[str]:
    """Every machine timestamp the page declares (meta dates, JSON-LD dates, ``<time>``):
    the offset it writes them in is the site's time zone."""
    stamps = [c for _, c in _meta(tree, DATE_META)] + [el.get("datetime") or "" for el in tree.xpath("//time[@datetime]")]
    for key in ("datePublished", "dateModified", "dateCreated"):
        stamps += [v for v in _ld_values(objects, key) if isinstance(v, str)]
    return stamps


def choose_date(tree, objects: list[dict], fallback: str | None, host: str | None = None) -> tuple[dt.date | None, str | None]:
    offset, zone = page_offset(_page_stamps(tree, objects)), host_zone(host)
    for src, content in _meta(tree, DATE_META):
        d = _day(content, offset, zone)
        if d:
            return d, src
    for value in _ld_values(objects, "datePublished"):
        d = _day(value, offset, zone)
        if d:
            return d, "json-ld datePublished"
    for el in tree.xpath("//time[@datetime]"):
        where = " ".join(f"{a.get('class', '')} {a.get('id', '')} {a.get('itemprop', '')}" for a in [el, *el.iterancestors()])
        if _NOT_PUBLISHED_RE.search(where):
            continue
        d = _day(el.get("datetime"), offset, zone)
        if d:
            return d, "time"
        break  # only the first dated <time>: later ones belong to comments, related posts, archives
    d = _day(fallback)
    return (d, "htmldate") if d else (None, None)


def clean_author_names(value: str, keys) -> tuple[tuple[str, ...], str | None]:
    """An author field -> (person names, agency). Placeholders and the site's name go."""
    # JSON-LD written with HTML entities ('Redacci&oacute;n'): json.loads leaves them
    value = " ".join((html.unescape(value) if "&" in value else value).split())
    if value.lower().startswith(("http://", "https://")):
        return (), None
    for m in reversed(find_dates(value)):  # 'Bo2man am 29.12.2010, 13:36 Uhr': the stamp is no name
        value = value[: m.start] + " , " + value[m.end :]
    value = _TIME_RE.sub(" , ", value)
    value = WEEKDAY_RE.sub(" , ", value)
    value = _STAMP_WORDS_RE.sub(" , ", value)
    stripped = strip_site_name(value, keys)
    if stripped != value and stripped and looks_like_name(stripped):
        value = stripped  # 'unocero - Alberto Ávila': the site's name goes, the person stays
    names, agency = [], None
    for part in _AUTHOR_SPLIT_RE.split(value):
        if _CREDIT_PART_RE.match(part.strip()):
            continue
        part = _AUTHOR_PREFIX_RE.sub("", part.strip(" .:-–—()")).strip(" .:-–—()")
        if not part or not words_of(part) or _DEGREE_RE.fullmatch(part):
            continue
        if _SAYS_RE.search(part):
            return (), agency  # 'Art Edwards says': a comment's author, not the article's
        canon = agency_name(part)
        if canon:
            agency = agency or canon
            continue
        part = _without_site_suffix(part, keys)
        if part.lower() in PLACEHOLDER_AUTHORS or len(part.split()) > MAX_NAME_WORDS:
            continue
        if is_site_name(part, keys, exact=True) and not is_person_name(part):
            continue  # 'Stylegart' is the site; 'Pamela Anderson' on her own site is still a person
        names.append(part)
    return tuple(dict.fromkeys(names)), agency


# desk words a CMS appends to a person's name with the site's ('Adam Aaronson PhillyVoice Staff')
_DESK_WORDS = frozenset("staff writer reporter redaktion team".split())


def _without_site_suffix(part: str, keys) -> str:
    """'Adam Aaronson PhillyVoice Staff' -> 'Adam Aaronson', 'Matthias herrpfleger' (on
    herrpfleger.de) -> 'Matthias': what follows a person's name, when it is desk words
    (``_DESK_WORDS``) and/or the site's name (matched exactly,
    :func:`textmill.metadata.titles.is_site_name`), goes. A value that is no name before
    them stays whole ('Support Team', 'N-Land Redaktion': a desk, judged as one). FP risk: a
    person whose surname is the site's whole host label ('Daniel Lemire' on lemire.me) loses
    it unless the name is still name-shaped (two capitalised words are kept)."""
    words = part.split()
    for k in range(1, len(words)):
        head, tail = " ".join(words[:k]), words[k:]
        if k == 1 and looks_like_name(" ".join(words)):
            continue  # 'Daniel Lemire': a whole name, not a first name and the host
        while tail and tail[-1].lower() in _DESK_WORDS:
            tail = tail[:-1]
        if (not tail or is_site_name(" ".join(tail), keys, exact=True)) and (
                looks_like_name(head) or (k == 1 and head[:1].isupper() and head.isalpha())):
            return head
    return part


def _ld_authors(objects: list[dict]) -> list[str]:
    out = []
    for value in _ld_values(objects, "author"):
        for a in value if isinstance(value, list) else [value]:
            if isinstance(a, str):
                out.append(a)
            elif isinstance(a, dict) and isinstance(a.get("name"), str) and "Organization" not in _types(a):
                out.append(a["name"])
        if out:
            break  # the first article object's authors, not those of embedded items
    return out


# byline elements of the page, in order of trust: rel=author links, itemprop=author, class
# 'author' / 'autor' / 'auteur' / 'byline'
_AUTHOR_ELEMENTS = (
    ("element rel author", '//*[@rel="author"]'),
    ("element itemprop author", '//*[@itemprop="author"]'),
    ("element class author", '//*[contains(@class, "author") or contains(@class, "autor") or contains(@class, "auteur")]'),
    ("element class byline", '//*[contains(@class, "byline")]'),
)
# links to an author page ('/author/jil-schuller'): weaker evidence (a link 'Zur Artikelübersicht'
# can go there too), tried after the generic search
_AUTHOR_LINKS = (("element author link", '//a[contains(@href, "/author/") or contains(@href, "/autor/")'
                  ' or contains(@href, "/auteur/") or contains(@href, "/autoren/") or contains(@href, "/authors/")]'),)
_AUTHOR_ELEMENT_WORDS = 8  # a byline element longer than this is a bio box, not a name ...
_BYLINE_ELEMENT_WORDS = 16  # ... unless it opens with a 'By' word ('Von A, B und C, NDR')
_BY_OPENING_RE = re.compile(r"^(?:by|von|par|por|di|door|text|autor(?:en)?|author)\b", re.IGNORECASE)


def _element_authors(tree, keys, elements=_AUTHOR_ELEMENTS) -> tuple[tuple[str, ...], str | None, str | None]:
    """(names, source, agency) of the first byline element outside comments and related lists
    whose text names someone (a 'By' label element or a placeholder is passed over)."""
    agency = None
    for source, xpath in elements:
        for el in tree.xpath(xpath):
            if el.tag in ("meta", "link") or _in_chrome(el):
                continue
            text = _text(el)
            n = len(text.split())
            if not n or n > (_BYLINE_ELEMENT_WORDS if _BY_OPENING_RE.match(text) else _AUTHOR_ELEMENT_WORDS):
                continue
            names, ag = clean_author_names(text, keys)
            agency = agency or ag
            if names:
                return names, source, agency
    return (), None, agency


# a byline printed under the headline without a class that says so ('von Alexander Rosenkranz',
# '06.11.2023 13:30 von Olga', 'Par Matthieu Hy le 07 Mai 2020'): the first of the elements
# after the article's <h1> that reads as a byline with a 'By' word (metadata.bylines.parse_byline)
HEADER_BYLINE_ELEMENTS = 30  # elements after the <h1> searched: the article's header, not its body
HEADER_STAMP_ELEMENTS = 2  # elements with text after the <h1> where a 'DATE Name' stamp is its byline


def _header_byline(tree, keys) -> tuple[str, ...]:
    h1 = next((el for el in tree.iter("h1") if words_of(_text(el)) and not _in_chrome(el)), None)
    if h1 is None:
        return ()
    seen = 0  # elements with text after the <h1>
    for el in h1.xpath("following::*")[:HEADER_BYLINE_ELEMENTS]:
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "h1") or _in_chrome(el):
            continue
        text = _text(el)
        if not text or len(text.split()) > _BYLINE_ELEMENT_WORDS:
            continue
        seen += 1
        # a 'By' word or label; a bare stamp opening with its date only right under the headline
        # ('11.12.2019 - Amelie Loevenich'): further down it is too often a teaser's, and a name
        # before a date there is often an event's ('Tag der Pressefreiheit am 3. Mai')
        b = parse_byline(text)
        if (b is None or not b.authors) and seen <= HEADER_STAMP_ELEMENTS and text[:1].isdigit():
            b = parse_byline(text, name_stamps=True)
        if b is not None and b.authors:
            names, _ = clean_author_names("; ".join(b.authors), keys)
            if names:
                return names
    return ()


def choose_authors(tree, objects: list[dict], keys, fallback: tuple[str, ...]):
    """(names, source, agency): the first source naming someone, in order JSON-LD author,
    author meta elements, byline elements of the page, the generic search's fallback."""
    candidates = [("json-ld author", a) for a in _ld_authors(objects)] + _meta(tree, AUTHOR_META)
    agency = None
    for src in dict.fromkeys(s for s, _ in candidates):
        names: list[str] = []
        for s, value in candidates:
            if s == src:
                n, ag = clean_author_names(value, keys)
                names.extend(n)
                agency = agency or ag
        if names:
            return tuple(dict.fromkeys(names)), src, agency
    names, src, ag = _element_authors(tree, keys)
    agency = agency or ag
    if names:
        return names, src, agency
    names = []
    # a generic search that picked up a comment widget ('Stephangoeldi Said', 'On') is no evidence
    for value in (() if any(_SAYS_RE.search(" " + v.strip()) for v in fallback) else fallback):
        n, ag = clean_author_names(value, keys)
        names.extend(n)
        agency = agency or ag
    if names:
        return tuple(dict.fromkeys(names)), "trafilatura author", agency
    names = _header_byline(tree, keys)
    if names:
        return names, "byline after h1", agency
    names, src, ag = _element_authors(tree, keys, _AUTHOR_LINKS)
    return names, src, agency or ag


def _with_copyright(found, tree, keys, host: str | None):
    """The person holding the page's copyright (:mod:`textmill.metadata.copyright`) when no
    source names anyone: the footer of a one-person site."""
    if found[0]:
        return found
    notices = [_text(el) for el in tree.iter() if isinstance(el.tag, str) and el.tag not in ("script", "style")
               and is_notice("".join(el.xpath("text()")))]
    holder = page_copyright_holder(notices, keys, host)
    return ((holder[0],), "copyright", found[2]) if holder else found


def _with_account(found, host: str | None):
    """The hosted blog's account (:mod:`textmill.metadata.accounts`) when no source names anyone."""
    names, src, agency = found
    account = None if names else blog_account(host)
    return ((account,), "url account", agency) if account else found


def page_metadata(tree, host: str | None, fallback_title: str | None = None, fallback_date: str | None = None,
                  fallback_authors: tuple[str, ...] = (), fallback_site: str | None = None) -> PageMetadata:
    """Weigh the page's candidates (see the module docstring); ``fallback_*`` are the values
    of a generic search (trafilatura's), used where the page declares nothing."""
    objects = _json_ld(tree)
    sites = _site_names(tree, objects) + ([fallback_site] if fallback_site else [])
    keys = site_keys(sites, host)
    title, title_src = choose_title(tree, objects, keys, fallback_title)
    date, date_src = choose_date(tree, objects, fallback_date, host)
    authors, authors_src, agency = _with_account(_with_copyright(choose_authors(tree, objects, keys, fallback_authors), tree, keys, host),
                                                 host)
    return PageMetadata(title, title_src, date, date_src, authors, authors_src, agency, sites[0] if sites else None)
