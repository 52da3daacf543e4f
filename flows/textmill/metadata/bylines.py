"""Bylines and sign-offs: authors and agencies from one line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from textmill import phrases
from textmill.metadata.agencies import _AGENCY_ALT, _SPELLING, agency_name, find_agency
from textmill.metadata.dates import _DIGIT_RE, _TIME_RE, WEEKDAY_RE, find_dates, near_line_numbers
from textmill.stopwords import _WORD_RE, words

# DASH: em/en dash, hyphen, and U+25A1 (a dash lost in transcoding, seen before repair).
_DASH = r"[-–—―□]+"


# --------------------------------------------------------------------------- bylines
@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...]
    agency: str | None
    date: dt.date | None


# Author strings that are CMS placeholders, not people (dropped from authors).
PLACEHOLDER_AUTHORS = frozenset(
    "admin administrator editor editors staff webmaster guest user anonymous root "
    "staff writer staff reporter news desk web desk newsroom team redaktion "
    "wordpressadmin posted follow by text name author autor".split(" ")
) | {"staff writer", "staff reporter", "news desk", "web desk", "editorial team", "web team"}

# 'By' words, and label words that open a byline ('Post author By X', 'Autor: c1ph4',
# 'Veröffentlicht von X'); a bare label noun needs its colon ('Author interview' is no byline)
_BY_LABELS = (r"post\s+author(?:\s+by)?|(?:author|autor|auteur|autore|autora|text|texte)\s*:|veröffentlicht\s+von|"
              r"(?:ein\s+)?(?:artikel|beitrag)\s+von|eingestellt\s+von|"
              r"geschrieben\s+von|verfasst\s+von|erstellt\s+von|eingetragen\s+von|publié\s+par|écrit\s+par|"
              r"publicado\s+por|escrito\s+por|pubblicato\s+da|scritto\s+da")
_BY = (r"(?:written\s+by|posted\s+by|reported\s+by|story\s+by|words\s+by|" + _BY_LABELS +
       r"|by|von|par|por|di|door|av|af)")
_LABEL_RE = re.compile(rf"^(?:{_BY_LABELS})", re.IGNORECASE)
# a user name as a blog or forum prints it ('gizzmo', 'c1ph4', 'reineckefuchs'): one token
_HANDLE_RE = re.compile(r"^(?=[\w.-]*[^\W\d_])[\w][\w.-]{2,29}$")
_BY_RE = re.compile(rf"^(?:{_BY})\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_INNER_BY_RE = re.compile(rf"\b(?:{_BY})\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
# capital letters of the Latin scripts ('Ávila', 'Łukasz'), not only A-Z
_UPPER = "[" + re.escape("".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())) + "]"
_NAME_WORD = rf"(?:{_UPPER}[\w'’.-]*|[a-z]{{1,3}}|van|von|de|da|del|der|bin|al-\w+)"
_NAME_RE = re.compile(rf"^{_UPPER}[\w'’.-]*(?:\s+{_NAME_WORD}){{0,4}}$")
# 'Grant Tinsley, PhD': degrees and post-nominals after a comma are no second author
_DEGREE_RE = re.compile(r"(?:ph\.?\s?d|m\.?d|m\.?sc?|b\.?sc?|m\.?a|b\.?a|mba|rd|rn|cpt|dr|prof|jr|sr|ii|iii|esq)\.?", re.IGNORECASE)
# comment counts printed in a byline ('by Kay 24 Comments', 'von X Ein Kommentar')
_COMMENT_COUNT_RE = re.compile(
    r"\b(?:\d+|ein|eine|kein|keine|no|one)\s+(?:comments?|kommentare?|ergänzungen|réactions?|commentaires?|comentarios?|"
    r"commenti|reacties)\b", re.IGNORECASE)
# a byline's parts after the names ('by Barbara Russ / Kategorien: ...', '• Art by Koichi')
_PART_SEP_RE = re.compile(r"\s+(?:/|//|•|·|–|—)\s+")


def _clean_name(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" .,;:|-–—()")
    if not name or name.lower() in PLACEHOLDER_AUTHORS or agency_name(name):
        return None
    if not _NAME_RE.match(name):
        return None
    # ALL-CAPS names are title-cased ("BRADLEY KLAPPER" -> "Bradley Klapper"); mixed-case
    # names are kept as written. FP risk: "MCDONALD" -> "Mcdonald" (case information lost).
    if name.isupper():
        name = " ".join(w.capitalize() if len(w) > 1 else w for w in name.split(" "))
    return name


def split_authors(text: str) -> tuple[tuple[str, ...], str | None]:
    """``"BRADLEY KLAPPER and MATTHEW LEE, Associated Press"`` -> (names, agency)."""
    agency = None
    names: list[str] = []
    for part in re.split(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", text):
        if not part:
            continue
        if part.rstrip().endswith(":"):
            break  # 'By Daniel | Published: ...': a label; what follows is not a name
        if _DEGREE_RE.fullmatch(part.strip(" .")):
            continue  # 'Grant Tinsley, PhD' 
        canon = agency_name(part)
        if canon:
            agency = agency or canon
            continue
        n = _clean_name(part)
        if n:
            names.append(n)
    return tuple(dict.fromkeys(names)), agency


_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
_CONTRIBUTED_RE = re.compile(
    rf"^(?P<who>(?:[\w.'’-]+\s+){{1,8}}?)(?:also\s+)?{phrases.alternation('contributed')}\W*$", re.IGNORECASE)
_REVIEWED_RE = re.compile(rf"^{phrases.alternation('reviewed_by')}\s+\S.*$", re.IGNORECASE)
_BYLINE_LABEL_RE = phrases.line_regex("byline_labels")
_BYLINE_SEP_RE = re.compile(r"\s*[|·•]\s*")
_READ_TIME_RE = re.compile(r"^\d+\s*(?:min(?:ute)?s?\.?|mins?)\s*(?:read|lesezeit|de lecture|de lectura|di lettura)?$|^(?:lesezeit|temps de lecture)\s*:?\s*\d+.*$", re.IGNORECASE)
_DANGLING_RE = re.compile(r"(?:\s+(?:on|at|am|um|le|el|il|à|the|de|du))+\s*$", re.IGNORECASE)


def is_byline_label(line: str) -> bool:
    """'Staff writer', 'Ledger correspondent', 'BritNews24 News, Norfolk': a line that belongs
    to the byline next to it (callers check the neighbour: alone, 'Local News' is a menu item)."""
    s = line.strip()
    return 0 < len(s.split()) <= 5 and not s.endswith((".", "!", "?")) and _BYLINE_LABEL_RE.match(s) is not None


_PARTICLES = frozenset("de da del della der den van von la le du di dos das bin al ter ten y e st st.".split())


def looks_like_name(line: str) -> bool:
    """A bare person name: 2 to 4 words, each capitalised (or ALL CAPS), name particles
    allowed ('Maël Le Goff', 'BETH CARRAWAY'), no digits or sentence punctuation.
    FP risk: two-word menu items ('Local News') are name-shaped; callers require a byline
    context (a date line, a byline label or another byline next to it)."""
    s = line.strip()
    toks = s.split()
    if not 2 <= len(toks) <= 4 or any(c.isdigit() or c in "&|:;!?,()/@#" for c in s) or s.endswith("."):
        return False
    for i, t in enumerate(toks):
        core = t.strip(".'’-")
        if not core or not core[0].isalpha():
            return False
        if core.lower() in _PARTICLES and 0 < i < len(toks) - 1:
            continue
        if not core[0].isupper() or (len(core) > 1 and not (core[1:].islower() or core.isupper() or "-" in core or "'" in core or "’" in core)):
            return False
    return not agency_name(s)


# "X and Y", "X with Y", "X com Lusa", "X avec AFP": names (or an agency) joined in one line
_AUTHOR_JOIN_RE = re.compile(r"\s+(?:and|und|et|y|e|en|with|mit|avec|com|con|met|&)\s+", re.IGNORECASE)
# "... in Madrid", "... at Calder Park": where the reporter was, after the names
_AUTHOR_PLACE_RE = re.compile(r"\s+(?:in|at|en|em|à|a|aus|da|uit)\s+(?:[A-Z][\w'’.-]*\s*){1,3}$")


def author_line_names(line: str) -> tuple[str, ...]:
    """Authors of a byline without 'By' ('Priya Lal and Sam Whitcombe', 'Marta Kowalczyk,
    Markets Correspondent', 'Sara LINDGREN with Marco DÍAZ in Madrid', 'Claire Dumas avec
    AFP'), or () when the line is not one: one to three bare names (:func:`looks_like_name`)
    or agencies joined by and/with/avec/com ..., optionally followed by ', <byline label>'
    and by 'in/at <Place>'. At least one part must be a person's name. FP risk: 'Sport and
    Leisure' is not name-shaped (lower case is fine, but 'Leisure' alone is one word), while
    'Harbour Town and Millbrook Rovers' is; callers require a byline context (a date line or
    byline next to it, above the article)."""
    s = line.strip()
    if not s or len(s.split()) > 12 or s.endswith((".", "!", "?", ":")):
        return ()
    head, _, tail = s.partition(",")
    if tail and not (is_byline_label(tail) or agency_name(tail.strip())):
        return ()
    head = _AUTHOR_PLACE_RE.sub("", head)
    parts = _AUTHOR_JOIN_RE.split(head)
    if len(parts) > 3:
        return ()
    names = []
    for part in parts:
        if agency_name(part.strip()):
            continue
        if not looks_like_name(part):
            return ()
        names.append(_clean_name(part))
    return tuple(n for n in names if n)


def _contributor_byline(s: str) -> Byline | None:
    """'AP Business Writer Dee-Ann Durbin contributed to this report from Detroit.'"""
    m = _CONTRIBUTED_RE.match(s)
    if not m or not any(w[:1].isupper() for w in m.group("who").split()):
        return None
    return Byline((), find_agency(m.group("who")), None)


@lru_cache(maxsize=1)
def _byline_triggers() -> frozenset[str]:
    """Words (or 4-letter prefixes) of which a byline without a date holds at least one:
    the 'by' words, agency names, and the contributed / reviewed-by / label phrases."""
    out = {re.sub(r"\\s[*+]|[(?:)]|\\", " ", w).split()[0] for w in _BY.strip("(?:)").split("|")}
    out |= {next(w for w in _WORD_RE.findall(spelling) if w != "the") for spelling in _SPELLING}
    out |= {"reporting", "writing", "additional", "from", "staff"}
    for key in ("contributed", "reviewed_by"):
        out |= phrases.triggers(key) or set()
    return frozenset(w[:4] if len(w) > 4 else w for w in out)


@lru_cache(maxsize=8192)  # pure; segment asks about the same line in several passes
def parse_byline(line: str, *, max_words: int = 15, context_year: int | None = None,
                 name_stamps: bool = False) -> Byline | None:
    """Recognise a byline line; None if the line is not one.

    Accepted shapes: ``By NAME[ and NAME][, AGENCY]`` (an e-mail address after the name is
    ignored); ``DATE[ TIME] by NAME``; ``SITE | By NAME``; ``NAME · DATE · 6 min read``;
    ``DATE, AGENCY``; ``AGENCY`` alone; ``NAME, AGENCY`` (a known agency is required);
    ``Reporting by X; Editing by Y`` (authors: the reporters); ``Medically reviewed by X``
    and ``From staff reports`` (no authors); ``X contributed to this report`` (no authors).
    A ``By`` line must continue with capitalised name words ("By voicing his disappointment,
    ..." is prose, not a byline) and be short.
    With ``name_stamps``, also ``NAME DATE`` / ``DATE NAME`` stamps without a 'By'
    (:func:`_name_beside_date`): only for lines next to the headline, where a stamp line is
    the byline (elsewhere 'Pressemitteilung Aktuell 02. November 2021' is name-shaped too).
    FP risk: a short caption-less line "By Air Force One" reads as an author.
    """
    if len(line.split()) > 32 or "@" in line and len(_EMAIL_RE.sub(" ", line).split()) > 30:
        return None  # prose: no byline shape is this long (the cheap exit for most lines)
    if not _DIGIT_RE.search(line) and _byline_triggers().isdisjoint(phrases.word_keys(words(line))):
        return None  # no date, no 'by'-word, agency or label word: no byline shape can match
    s = (_EMAIL_RE.sub(" ", line) if "@" in line else line).strip()
    s = _GLUED_BY_RE.sub(r"\1 ", s) if _GLUED_BY_HINT_RE.search(s) else s
    s = _COMMENT_COUNT_RE.sub(" | ", s).strip(" |") if _DIGIT_RE.search(s) or "omm" in s.lower() else s
    if not s or s.endswith(("?", "!")):
        return None
    if len(s.split()) <= 30 and _REPORTING_RE.match(s):
        who = re.split(r";|\b(?:editing|writing|compiled|translated|additional)\b", _REPORTING_RE_BY.sub("", s, count=1), flags=re.I)[0]
        return Byline(split_authors(re.sub(r"\s+in\s+[A-Z][\w ]*$", "", who.strip(" ()")))[0], None, None)
    if len(s.split()) <= 25:
        contributed = _contributor_byline(s)
        if contributed:
            return contributed
    if len(s.split()) > max_words:
        return None
    if _REVIEWED_RE.match(s) or (is_byline_label(s) and s.lower().startswith(("from ", "staff and"))):
        return Byline((), None, None)
    dates = find_dates(s, context_year)
    date = next((d.date for d in dates if d.date), None)
    rest = s
    for m in reversed(dates):
        rest = rest[: m.start] + " " + rest[m.end :]
    if dates or _DIGIT_RE.search(rest):  # a time of day needs digits
        rest = _TIME_RE.sub(" ", rest).replace(" on  at ", " ")
    rest = _DANGLING_RE.sub("", WEEKDAY_RE.sub(" ", rest) if dates else rest)
    m = _BY_RE.match(rest.strip(" ,|-–—•")) or (
        _INNER_BY_RE.search(rest) if dates or re.search(r"[|·•]\s*(?:by|von|par|por)\b", rest, re.I) else None)
    if m:
        authors, agency = split_authors(_DANGLING_RE.sub("", _PART_SEP_RE.split(m.group("rest"), maxsplit=1)[0]))
        if not authors and not agency and (dates or _LABEL_RE.match(s)):
            # 'Veröffentlicht am 12. Juni 2017 von gizzmo', 'Autor: c1ph4': a user name, which
            # only a date or a label word makes a byline ('von oben' alone is prose)
            handle = _first_segment(_DANGLING_RE.sub("", m.group("rest")))
            if _HANDLE_RE.match(handle) and handle.lower() not in PLACEHOLDER_AUTHORS:
                authors = (handle,)
        if not authors and not agency:
            # "by admin": a byline whose only author is a placeholder still counts when
            # the line also carries a date; otherwise it is prose ("By voicing ...").
            tail = m.group("rest").strip(" .,;:").lower()
            if not (dates and tail in PLACEHOLDER_AUTHORS):
                return None
        return Byline(authors, agency, date)
    if dates and _BYLINE_SEP_RE.search(rest):  # "Ravi Menon · February 27, 2025 · 6 min read"
        parts = [p for p in _BYLINE_SEP_RE.split(rest) if p.strip(" ,") and not _READ_TIME_RE.match(p.strip(" ,"))]
        if len(parts) == 1 and looks_like_name(parts[0].strip(" ,")):
            return Byline((_clean_name(parts[0]) or parts[0].strip(" ,"),), None, date)
    if name_stamps and dates and len(s.split()) <= _NAME_DATE_MAX_WORDS:
        name = _name_beside_date(s, dates)
        if name:
            return Byline((name,), None, date)
    leftover = re.sub(r"^[\s,|:;•·\-–—]+|[\s,|:;•·\-–—.]+$", "", rest)
    canon = agency_name(leftover) if leftover else None
    if canon:  # "July 13, 2016, The Associated Press" or a bare "Associated Press"
        return Byline((), canon, date)
    if leftover and len(leftover.split()) <= 8 and re.search(r"[,|]", leftover):
        authors, agency = split_authors(leftover)  # "Jane Doe, Reuters" / "Jane Doe | AFP"
        if agency and 1 <= len(authors) <= 3:
            return Byline(authors, agency, date)
    return None


# a label glued to the name by a theme's hidden label span ('Veröffentlicht vonChris Jung')
_GLUED_BY_RE = re.compile(r"\b(veröffentlicht von|geschrieben von|posted by|published by|written by|publié par|"
                          r"publicado por)(?=[^\W\d_])", re.IGNORECASE)
_GLUED_BY_HINT_RE = re.compile(r"von|by|par|por", re.IGNORECASE)  # the cheap test before _GLUED_BY_RE
_NAME_DATE_MAX_WORDS = 12  # 'Bettina Kugler 19.10.2019, 05:00 Uhr': a stamp line, not a sentence
_STAMP_SEP_RE = re.compile(r"\s*(?:[|/•·∙,;]|\s[-–—]\s)\s*")
_ARTICLES = frozenset("the a an der die das ein eine le la les el los il lo un une".split())


def _name_beside_date(s: str, dates) -> str | None:
    """The person named right before or right after the date of a stamp line without a 'By'
    ('Swantje Bernsmann 11/08/2020 Feelings', '28. Jan. 2022 Paula Balov', 'Marie Merlet |
    lundi 9 décembre 2019 à 09h08'): the text up to the date (or from it to the next
    separator) when all of it is name-shaped (:func:`looks_like_name`) and does not open
    with an article ('The Guardian'). FP risk: a two-word place before a date ('New York,
    May 3') reads as a name."""
    def clean(part: str) -> str:
        part = _TIME_RE.sub(" ", WEEKDAY_RE.sub(" ", part))
        part = _STAMP_TAIL_RE.sub("", _STAMP_HEAD_RE.sub("", part.strip(" ,|/•·∙:;-–—@")))
        return _DANGLING_RE.sub("", part).strip(" ,|/•·∙:;-–—@")

    head = s[: dates[0].start].strip()
    if head.endswith(":"):
        return None  # 'Letzte Aktualisierung: 28.01.2022': a label, not a name
    before = clean(_STAMP_SEP_RE.split(head.strip(" ,|/•·;-–—"))[-1])
    # after the date: the first part with words left once the stamp's leftovers ('um 16:14 Uhr',
    # a comment counter '0') are gone ('23.06.2016 um 16:14 Uhr - Markus Reuter - 91 Ergänzungen')
    tail = s[dates[-1].end :]
    after = next((c for c in map(clean, _STAMP_SEP_RE.split(tail)) if c), "")
    if len(after.split()) >= 3 and tail[tail.find(after) + len(after):].lstrip().startswith(","):
        # a tag list follows the name, its first tag glued on ('16. Mai 2019 Markus Elsberger
        # Netzwerk, Windows'): the name is the words before the first tag
        after = after.rsplit(" ", 1)[0]
    for part in (before, after):
        if part and looks_like_name(part) and part.split()[0].lower() not in _ARTICLES:
            return _clean_name(part)
    return None


# leftovers of a stamp around the name: 'um'/'am'/'Uhr' before it, a bare counter or a
# 'Kommentare' link after it ('September 17, 2019 Helmut Rubik 0', '... Frau Sabienes Kommentare')
_STAMP_HEAD_RE = re.compile(r"^(?:(?:um|am|at|on|à|le|uhr)\b\s*)+", re.IGNORECASE)
_STAMP_TAIL_RE = re.compile(r"(?:\s+(?:\d{1,5}|comments?|kommentare?|commentaires?|comentarios?|commenti|reacties|"
                            r"antworten|replies|reply))+\s*$", re.IGNORECASE)


def _first_segment(rest: str) -> str:
    """The text up to the first separator of a byline ('c1ph4 // ~ Lesezeit' -> 'c1ph4')."""
    return re.split(r"\s*(?:[|•·,;]|//|\s-\s|\s–\s)\s*", rest.strip(), maxsplit=1)[0].strip(" .:")


_SIGNOFF_RE = re.compile(rf"^\s*(?:{_DASH}|\()\s*(?P<agency>{_AGENCY_ALT})\s*\)?\s*\.?\s*$", re.IGNORECASE)
_REPORTING_RE = re.compile(
    r"^\s*\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by\b.*$", re.IGNORECASE
)


_REPORTING_RE_BY = re.compile(r"^\W*(?:additional\s+)?(?:reporting|writing)\s+by\s+", re.IGNORECASE)


def parse_signoff(line: str) -> tuple[bool, str | None]:
    """(is_signoff, agency). ``- AP`` / ``(Reuters)``. (``Reporting by X; Editing by Y`` is a
    byline, see :func:`parse_byline`: it names the authors and is kept with role byline.)"""
    m = _SIGNOFF_RE.match(line)
    if m:
        return True, _SPELLING[m.group("agency").lower()]
    return False, None


def byline_near_line(lines: list[str], line_no: int, context_year: int | None = None) -> tuple[Byline, int] | None:
    """(byline, 1-based line) of the first byline naming people in the window around the
    title line ``line_no`` (``metadata.dates.near_line_numbers``): 'Por Rodrigo Mejías',
    '1.11.23 20:19 von Lars Sobiraj Lesezeit: 4 Min.'. Only lines of byline length count."""
    window = near_line_numbers(line_no, len(lines))
    for n in window:
        line = lines[n - 1].strip()
        b = parse_byline(line, context_year=context_year, name_stamps=True)
        if (b is None or not b.authors) and _GLUED_DATE_RE.search(line):
            b = parse_byline(_GLUED_DATE_RE.sub(" ", line), context_year=context_year, name_stamps=True)
        if b is not None and b.authors:
            return b, n
        names = split_byline_names(lines, n)
        if names:
            return Byline(names, None, None), n
    # a bare name under the headline ('Emmanuelle Ducros'): a byline without 'By'
    for n in window:
        if n > line_no and n - line_no <= BARE_NAME_BELOW:
            names = author_line_names(lines[n - 1])
            if names:
                return Byline(names, None, None), n
    return None


BARE_NAME_BELOW = 3  # lines under the headline where a bare name is read as its byline
# a name glued to the date after it by a theme's markup ('Nicole Collignon22. Februar 2020'):
# near the headline the stamp is read again with a space between them
_GLUED_DATE_RE = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}[./]\s?(?:\d|[^\W\d_]))")

# A byline printed over several lines, each part its own element ('By' / 'David Brand' / 'and' /
# 'Ramsey Khalifeh', 'Von' / 'Robert' / '-' / '31. Dezember 2019', 'by' / 'delta201'): a 'By'
# word alone on its line, then a name (or a user name) per line, joined by 'and' lines.
_BY_ALONE_RE = re.compile(r"^(?:by|von|par|por|di|door|text|autor(?:in)?|author)\s*:?$", re.IGNORECASE)
_JOIN_LINE_RE = re.compile(r"^(?:and|und|et|y|e|&)$", re.IGNORECASE)
SPLIT_BYLINE_NAMES = 3  # names read after the 'By' line at most


def split_byline_names(lines: list[str], n: int) -> tuple[str, ...]:
    """The names of a byline split over lines from the 1-based line ``n`` on (``n`` holds the
    'By' word alone), or (). FP risk: a 'Von' menu entry above a name-shaped line reads as a
    byline; callers look only next to the headline."""
    if not _BY_ALONE_RE.match(lines[n - 1].strip()):
        return ()
    names: list[str] = []
    k = n
    while k < len(lines) and len(names) < SPLIT_BYLINE_NAMES:
        part = lines[k].strip()
        name = _clean_name(part) if looks_like_name(part) or len(part.split()) == 1 else None
        if name is None and _HANDLE_RE.match(part) and part.lower() not in PLACEHOLDER_AUTHORS:
            name = part  # 'delta201': a user name
        if name is None:
            break
        names.append(name)
        if k + 1 < len(lines) and _JOIN_LINE_RE.match(lines[k + 1].strip()):
            k += 2
        else:
            break
    return tuple(dict.fromkeys(names))
