"""Document metadata lifted out of text lines: dates, bylines/authors, datelines, agencies.

All functions are pure and look at one line (or one string) at a time; deciding *which*
line of a document is the byline or the dateline is the job of :mod:`textmill.segment`.

Date rule (stated once, used everywhere): numeric dates are read **day first** (European
``14.07.2016`` = 14 July) unless that is impossible (``07/14/2016`` has no month 14, so it is
read month first). ``2016-07-14`` is ISO (year, month, day). Month-name dates need no rule.
A date without a year (``Aug 1``) takes the year from context (other dated lines in the same
document); without context it is no date at all (we never guess the current year).

False-positive trade-offs are noted per function. Month names and agency names are data
tables below (English first; extend per language) rather than logic.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------- agencies
# canonical name -> spellings (matched case-insensitively as whole words). Order matters
# only for overlapping spellings (longest first inside each alternation).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("the associated press", "associated press", "ap"),
    "AFP": ("agence france-presse", "agence france presse", "afp"),
    "Reuters": ("thomson reuters", "reuters"),
    "CNN": ("cnn",),
    "BBC": ("bbc news", "bbc"),
    "UPI": ("united press international", "upi"),
    "Bloomberg": ("bloomberg news", "bloomberg"),
    "dpa": ("deutsche presse-agentur", "dpa"),
    "EFE": ("efe",),
    "ANSA": ("ansa",),
    "Xinhua": ("xinhua",),
    "TASS": ("itar-tass", "tass"),
    "RIA Novosti": ("ria novosti",),
    "Anadolu": ("anadolu agency", "anadolu"),
    "Kyodo": ("kyodo news", "kyodo"),
    "PA": ("press association",),
    "IANS": ("ians",),
    "PTI": ("press trust of india", "pti"),
}
_SPELLING = {s: canon for canon, spellings in AGENCIES.items() for s in spellings}
_AGENCY_ALT = "(?i:" + "|".join(sorted((re.escape(s) for s in _SPELLING), key=len, reverse=True)) + ")"
AGENCY_RE = re.compile(rf"(?<![\w-])(?:{_AGENCY_ALT})(?![\w-])", re.IGNORECASE)
_AGENCY_ONLY_RE = re.compile(rf"^\W*(?:{_AGENCY_ALT})\W*$", re.IGNORECASE)


def agency_name(text: str) -> str | None:
    """Canonical agency for a string that *is* an agency name (``"Associated Press"`` -> AP)."""
    key = re.sub(r"\s+", " ", text.strip(" .,;:()[]-–—").lower())
    return _SPELLING.get(key)


def find_agency(text: str) -> str | None:
    """First agency named anywhere in ``text``. FP risk: 'AP' in running prose; call it
    only on short metadata-like lines (credits, bylines, sign-offs)."""
    m = AGENCY_RE.search(text)
    return _SPELLING[m.group(0).lower()] if m else None


# ------------------------------------------------------------------------------- dates
# Month names: English, French, German, Spanish, Italian, Portuguese, Dutch (extend here).
# Names that are also common words elsewhere ("mars", "mai") only count inside a date shape
# (next to a day number), which the patterns below require anyway.
_MONTH_NAMES = [
    "january jan janvier janv januar jänner enero ene gennaio gen janeiro januari",
    "february feb février févr februar febrero febbraio fevereiro fev februari",
    "march mar mars märz marzo março maart",
    "april apr avril abril aprile",
    "may mai mayo maggio maio mei",
    "june jun juin juni junio giugno junho",
    "july jul juillet juil juli julio luglio julho",
    "august aug août agosto augustus",
    "september sep sept septembre septiembre settembre setembro",
    "october oct octobre okt oktober octubre ottobre outubro",
    "november nov novembre noviembre novembro",
    "december dec décembre déc dezember diciembre dicembre dezembro dez",
]
MONTHS: dict[str, int] = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_MONTH_ALT = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?"

_NUMERIC_RE = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.]\d)")
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MDY_RE = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?", re.IGNORECASE
)
_DMY_RE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?({_MONTH_ALT})\b\.?(?:,?\s+(?:de\s+)?(\d{{4}})\b)?",
    re.IGNORECASE,
)
# time of day, optional am/pm and an UPPER-CASE zone ("21:13", "3:15 PM ET", "10:12 GMT+1")
_TIME = (
    r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[aApP]\.?[mM]\.?)?(?:\s*(?-i:[A-Z]{2,4}(?:[+-]\d{1,2})?))?"
    r"(?:\s*Uhr)?\b"
)
_TIME_RE = re.compile(_TIME, re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: dt.date | None  # None: a year-less date (``Aug 1``) with no context year
    has_year: bool
    month: int
    day: int


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 and len(text) == 2 else y  # two-digit years: 20xx


def find_dates(text: str, context_year: int | None = None) -> list[DateMatch]:
    """All date expressions in ``text`` (non-overlapping, in order).

    Numeric dates: day first unless impossible (see module docstring). Year-less month-name
    dates use ``context_year``; without it their ``date`` is None. FP risk: version numbers
    like ``1.2.2016``-shaped strings read as dates; scores (``3-1``) never match (no year).
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _ISO_RE.finditer(text):
        d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append(DateMatch(m.start(), m.end(), d, True, d.month, d.day))
            taken.append(m.span())
    for m in _NUMERIC_RE.finditer(text):
        if not free(*m.span()):
            continue
        a, b, y = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        day, month = (a, b) if b <= 12 else (b, a)  # day first unless impossible
        d = _mk(y, month, day)
        if d:
            found.append(DateMatch(m.start(), m.end(), d, True, month, day))
            taken.append(m.span())
    for rx, order in ((_MDY_RE, "md"), (_DMY_RE, "dm")):
        for m in rx.finditer(text):
            if not free(*m.span()):
                continue
            if order == "md":
                month, day, y = MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3)
            else:
                day, month, y = int(m.group(1)), MONTHS[m.group(2).lower()], m.group(3)
            # "may" is also a verb: a year-less "may 5" is only a date when capitalised.
            name = m.group(1) if order == "md" else m.group(2)
            if name.lower() == "may" and not y and not name[0].isupper():
                continue
            year = int(y) if y else context_year
            d = _mk(year, month, day) if year else None
            if year and d is None:
                continue  # "Feb 30": not a date
            if not (1 <= day <= 31):
                continue
            found.append(DateMatch(m.start(), m.end(), d, bool(y), month, day))
            taken.append(m.span())
    found.sort(key=lambda x: x.start)
    return found


def parse_date(text: str, context_year: int | None = None) -> dt.date | None:
    """The first resolvable date in ``text``, or None."""
    for m in find_dates(text, context_year):
        if m.date:
            return m.date
    return None


_DATE_NOISE_RE = re.compile(
    rf"(?:published|updated|last updated|posted|posted on|date|on|at|am|um|le|el|il|de|du|à|a|"
    rf"publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|aggiornato|"
    rf"{_WEEKDAY}|{_TIME}|[|,.:;/()\-–—•·]|\s)+",
    re.IGNORECASE,
)


def is_date_line(line: str) -> bool:
    """True if the line is only a date (+ time, weekday, 'Published'/'Updated' label).

    FP risk: none known for prose (a sentence always leaves words besides the date).
    """
    dates = find_dates(line)
    if not dates:
        return False
    rest = line
    for m in reversed(dates):
        rest = rest[: m.start] + " " + rest[m.end :]
    return _DATE_NOISE_RE.fullmatch(rest) is not None or rest.strip() == ""


# --------------------------------------------------------------------------- bylines
@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...]
    agency: str | None
    date: dt.date | None


# Author strings that are CMS placeholders, not people (dropped from authors).
PLACEHOLDER_AUTHORS = frozenset(
    "admin administrator editor editors staff webmaster guest user anonymous root "
    "staff writer staff reporter news desk web desk newsroom team redaktion".split(" ")
) | {"staff writer", "staff reporter", "news desk", "web desk", "editorial team", "web team"}

_BY = r"(?:written\s+by|posted\s+by|reported\s+by|story\s+by|words\s+by|by|von|par|por|di|door|av|af)"
_BY_RE = re.compile(rf"^(?:{_BY})\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_INNER_BY_RE = re.compile(rf"\b(?:{_BY})\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[a-z]{1,3}|van|von|de|da|del|der|bin|al-\w+)"
_NAME_RE = re.compile(rf"^[A-Z][\w'’.-]*(?:\s+{_NAME_WORD}){{0,4}}$")


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
        canon = agency_name(part)
        if canon:
            agency = agency or canon
            continue
        n = _clean_name(part)
        if n:
            names.append(n)
    return tuple(dict.fromkeys(names)), agency


def parse_byline(line: str, *, max_words: int = 15, context_year: int | None = None) -> Byline | None:
    """Recognise a byline line; None if the line is not one.

    Accepted shapes: ``By NAME[ and NAME][, AGENCY]``; ``DATE[ TIME] by NAME``;
    ``DATE, AGENCY``; ``AGENCY`` alone; ``NAME, AGENCY`` (a known agency is required). A ``By`` line must continue with capitalised
    name words ("By voicing his disappointment, ..." is prose, not a byline) and be short.
    FP risk: a short caption-less line "By Air Force One" reads as an author.
    """
    s = line.strip()
    if not s or len(s.split()) > max_words or s.endswith(("?", "!")):
        return None
    dates = find_dates(s, context_year)
    date = next((d.date for d in dates if d.date), None)
    rest = s
    for m in reversed(dates):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _TIME_RE.sub(" ", rest)
    m = _BY_RE.match(rest.strip(" ,|-–—•")) or (_INNER_BY_RE.search(rest) if dates else None)
    if m:
        authors, agency = split_authors(m.group("rest"))
        if not authors and not agency:
            # "by admin": a byline whose only author is a placeholder still counts when
            # the line also carries a date; otherwise it is prose ("By voicing ...").
            tail = m.group("rest").strip(" .,;:").lower()
            if not (dates and tail in PLACEHOLDER_AUTHORS):
                return None
        return Byline(authors, agency, date)
    leftover = re.sub(r"^[\s,|:;•·\-–—]+|[\s,|:;•·\-–—.]+$", "", rest)
    canon = agency_name(leftover) if leftover else None
    if canon:  # "July 13, 2016, The Associated Press" or a bare "Associated Press"
        return Byline((), canon, date)
    if leftover and len(leftover.split()) <= 8 and re.search(r"[,|]", leftover):
        authors, agency = split_authors(leftover)  # "Jane Doe, Reuters" / "Jane Doe | AFP"
        if agency and 1 <= len(authors) <= 3:
            return Byline(authors, agency, date)
    return None


# -------------------------------------------------------------------------- datelines
# DASH: em/en dash, hyphen, and U+25A1 (a dash lost in transcoding, seen before repair).
_DASH = r"[-–—―□]+"
_SEP = rf"(?:\s*{_DASH}\s*|\s*:\s+)"
_AGENCY_PAREN = rf"\((?P<agency>{_AGENCY_ALT})\)"
_CAPS_PLACE = r"(?P<caps>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][A-Za-z.]+){0,2})"
_TITLE_PLACE = r"(?P<title>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})"
_DATELINE_RE = re.compile(
    rf"^(?P<prefix>(?:{_CAPS_PLACE}|{_TITLE_PLACE})(?:\s*,?\s*(?:{_MONTH_ALT})\.?\s+\d{{1,2}})?"
    rf"(?:\s*{_AGENCY_PAREN})?)(?P<sep>{_SEP})(?P<body>\S.*)$"
)
# "(CNN) — The State Department ..." / "(CNN)The State ...": an agency tag without a place.
_AGENCY_ONLY_DATELINE_RE = re.compile(rf"^(?P<prefix>\({_AGENCY_ALT}\))\s*(?:{_DASH}\s*)?(?P<body>[A-Z\"“‘'].*)$")
# Title-case words that end in a colon at paragraph start but are labels, not places.
NOT_PLACES = frozenset(
    "update updated note editor editors watch read related breaking photo video source sources "
    "correction clarification opinion analysis comment warning exclusive live advertisement "
    "summary background context disclaimer transcript q a".split()
)


@dataclass(frozen=True)
class Dateline:
    prefix: str  # text kept as the dateline paragraph ("WASHINGTON (AP)")
    place: str | None  # "WASHINGTON"; None for an agency tag alone ("(CNN) — ...")
    agency: str | None
    body_offset: int  # index in the line where the body text starts


def parse_dateline(line: str) -> Dateline | None:
    """Split ``PLACE (AGENCY) — body`` / ``PLACE: body`` / ``(AGENCY) — body`` at the start
    of a paragraph.

    ALL-CAPS places take a dash or colon; title-case places ("Moscow: ...") only a colon
    and must not be a label word (``Update:``) nor followed by a lowercase body. FP risk:
    "Kerry: We will ..." (a speaker label in a transcript) reads as a dateline; call this
    only on the first body paragraph.
    """
    m = _DATELINE_RE.match(line)
    if not m:
        a = _AGENCY_ONLY_DATELINE_RE.match(line)
        if a and len(a.group("body").split()) >= 4:
            return Dateline(a.group("prefix"), None, agency_name(a.group("prefix")), a.start("body"))
        return None
    body = m.group("body")
    if not (body[0].isupper() or body[0] in "\"“‘'(") or len(body.split()) < 4:
        return None
    place = (m.group("caps") or m.group("title") or "").strip()
    agency = _SPELLING[m.group("agency").lower()] if m.group("agency") else None
    if m.group("title"):
        if ":" not in m.group("sep") and not agency:
            return None
        if place.lower() in NOT_PLACES:
            return None
    elif place.lower() in NOT_PLACES or agency_name(place):
        return None
    elif not agency and len(place) < 3:
        return None  # "US - Russia talks ...": a two-letter acronym is not a dateline place
    return Dateline(m.group("prefix").strip(), place, agency, m.start("body"))


# -------------------------------------------------------- credits, sign-offs, captions
_CREDIT_RE = re.compile(
    rf"\((?:{_AGENCY_ALT}|[A-Z][\w.&-]*)\s+Photos?(?:\s*/\s*[^)]+)?\)"  # (AP Photo/Alex Brandon)
    rf"|\b(?:PHOTOS?|Photos?|Images?|Pictures?)\s*(?:credit\s*)?(?::|by)\s*[A-Z][^.!?]{{0,40}}$"  # PHOTO: REUTERS
    rf"|\b{_AGENCY_ALT}\s*/\s*[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}}\s*$"  # REUTERS/James Carter
    r"|\(?(?:Photo by [^)]{0,60}/)?(?:Getty Images|Shutterstock|AFP via Getty Images|EPA|Pool)\)?\s*$"
    r"|\bImage copyright\b"
)
_CAPTION_START_RE = re.compile(
    r"^(?:Image caption|Media caption|Image source|Caption\s*:|"
    r"In this (?:\w+ )*(?:\d{1,2}, \d{4},? )?(?:photo|image|picture|file photo|handout|"
    r"frame grab|video|still)\b|FILE\s*[-–—]|FILE PHOTO\b|Pictured\s*:)",
)


def photo_credit(line: str) -> str | None:
    """The agency of a photo credit in ``line`` ('' if a credit names no known agency);
    None when the line has no credit at all. Credits other than ``(AP Photo/...)`` must end
    the line ("Photos: The week in pictures Watch: ..." is a teaser list, not a credit)."""
    m = _CREDIT_RE.search(line)
    if not m:
        return None
    return find_agency(line[m.start() :]) or ""


def is_caption(line: str) -> bool:
    """A photo caption: carries a photo credit or starts like one ("In this ... photo").
    FP risk: a body sentence quoting "Photo: ..." is read as a caption."""
    return photo_credit(line) is not None or _CAPTION_START_RE.match(line.strip()) is not None


_SIGNOFF_RE = re.compile(rf"^\s*(?:{_DASH}|\()\s*(?P<agency>{_AGENCY_ALT})\s*\)?\s*\.?\s*$", re.IGNORECASE)
_REPORTING_RE = re.compile(
    r"^\s*\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by\b.*$", re.IGNORECASE
)


def parse_signoff(line: str) -> tuple[bool, str | None]:
    """(is_signoff, agency). ``- AP`` / ``(Reuters)`` / ``Reporting by X; Editing by Y``."""
    m = _SIGNOFF_RE.match(line)
    if m:
        return True, _SPELLING[m.group("agency").lower()]
    if _REPORTING_RE.match(line) and len(line.split()) <= 30:
        return True, None
    return False, None
