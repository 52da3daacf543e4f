"""Dates in text lines (see the date rule in :mod:`textmill.metadata`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# ------------------------------------------------------------------------------- dates
# Month names: English, French, German, Spanish, Italian, Portuguese, Dutch (extend here).
# Names that are also common words elsewhere ("mars", "mai") only count inside a date shape
# (next to a day number), which the patterns below require anyway.
_MONTH_NAMES = [
    "january jan janvier janv januar jänner enero ene gennaio gen janeiro januari",
    "february feb février févr februar febrero febbraio fevereiro fev februari",
    "march mar mars märz marzo março maart mrt",
    "april apr avril abril aprile abr",
    "may mai mayo maggio maio mei mag",
    "june jun juin juni junio giugno junho giu",
    "july jul juillet juil juli julio luglio julho lug",
    "august aug août agosto augustus ago",
    "september sep sept septembre septiembre settembre setembro set",
    "october oct octobre okt oktober octubre ottobre outubro ott",
    "november nov novembre noviembre novembro",
    "december dec décembre déc dezember diciembre dicembre dezembro dez dic",
]
MONTHS: dict[str, int] = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_MONTH_ALT = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?"

_NUMERIC_RE = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.]\d)")
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Month-name dates: a generic "word number" / "number word" shape, the word checked against
# MONTHS in code (an alternation of ~80 month names in the pattern costs ~10x more time).
# a year may run into the next word ('August 19, 2019August 19, 2019', '15. April 2016Samstag': two
# stamps glued together), so it ends at a non-digit, not at a word boundary
# ... or into the next stamp's digits: a day ('2. Februar 20202. Februar 2020': published and
# updated glued together) or a time ('4 de mayo de 202200:00 hs'); a day-first date may start
# right after such a year (a year of this or the last century: not after any number, 'Nr. 12345 Mai')
_YEAR_END = r"(?:(?!\d)|(?=\d{1,2}(?:\.\s*[^\W\d_]|:\d{2})))"
_MDY_RE = re.compile(rf"\b([^\W\d_]{{3,10}})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}){_YEAR_END})?", re.IGNORECASE)
_DMY_RE = re.compile(
    rf"(?:\b|(?<=19\d\d|20\d\d))(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?([^\W\d_]{{3,10}})\b\.?"
    rf"(?:,?\s+(?:de\s+)?(\d{{4}}){_YEAR_END})?",
    re.IGNORECASE,
)
# time of day, optional am/pm and an UPPER-CASE zone ("21:13", "3:15 PM ET", "10:12 GMT+1")
_TIME = (
    r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[aApP]\.?[mM]\.?)?(?:\s*(?-i:[A-Z]{2,4}(?:[+-]\d{1,2})?))?"
    r"(?:\s*Uhr)?\b"
)
_TIME_RE = re.compile(_TIME, re.IGNORECASE)


_DIGIT_RE = re.compile(r"\d")
# weekday names (with the preposition before them) left in a stamp ('Isabella.DiBiase am Samstag')
WEEKDAY_RE = re.compile(
    r"\b(?:am|on|le|el|il)?\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonnabend|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)\b",
    re.IGNORECASE)


# A scraped page's publication date lies in the web's time and not far past the crawl: a date
# outside is an event the page writes about ("the WRNS was formed on 29 November 1917"), a
# birth date or a typo, and the next candidate is taken instead. The documents expectation
# suite holds the same bounds (tests/unit/test_metadata.py checks they agree): a date it would
# reject as invalid never reaches it, so a page is not rejected for its metadata.
PUBLICATION_DATES = (dt.date(1990, 1, 1), dt.date(2035, 12, 31))


def plausible_publication_date(date: dt.date | None) -> bool:
    """``date`` can be the publication date of a scraped page (see PUBLICATION_DATES)."""
    return date is not None and PUBLICATION_DATES[0] <= date <= PUBLICATION_DATES[1]


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
    if not _DIGIT_RE.search(text):
        return found  # every date shape has a day or year number: skip the regexes

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
        year_text = m.group(4)
        if len(year_text) == 4 and text[m.end():m.end() + 1] == ":":
            year_text = year_text[:2]  # 'macbacchi28.09.1912:44': a two-digit year glued to a time
        a, b, y = int(m.group(1)), int(m.group(3)), _year(year_text)
        day, month = (a, b) if b <= 12 else (b, a)  # day first unless impossible
        d = _mk(y, month, day)
        if d:
            found.append(DateMatch(m.start(), m.end(), d, True, month, day))
            taken.append(m.span())
    for rx, order in ((_MDY_RE, "md"), (_DMY_RE, "dm")):
        for m in rx.finditer(text):
            if m.group(1 if order == "md" else 2).lower() not in MONTHS or not free(*m.span()):
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


# ----------------------------------------------------------------- dates near the headline
# A page prints its publication date next to the headline: in the kicker or dateline above it
# or in the byline / date line below it. Lines in this window (lines above, lines below the
# title line) are searched nearest first, a line below before the line as far above; in a
# long line only its start can hold the date ('Red. / 31.10.2023 Die ehemalige ...').
NEAR_TITLE_ABOVE = 3
NEAR_TITLE_BELOW = 6
NEAR_TITLE_MAX_CHARS = 60
_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$|\D)")


def near_line_numbers(line_no: int, n_lines: int) -> list[int]:
    """1-based line numbers of the window around ``line_no``, nearest first (below first)."""
    order = []
    for k in range(1, max(NEAR_TITLE_ABOVE, NEAR_TITLE_BELOW) + 1):
        if k <= NEAR_TITLE_BELOW:
            order.append(line_no + k)
        if k <= NEAR_TITLE_ABOVE:
            order.append(line_no - k)
    return [n for n in order if 1 <= n <= n_lines]


def date_near_line(lines: list[str], line_no: int, context_year: int | None = None) -> tuple[dt.date, int] | None:
    """(date, 1-based line) of the first date in the window around line ``line_no`` (1-based)."""
    for n in near_line_numbers(line_no, len(lines)):
        head = lines[n - 1][:NEAR_TITLE_MAX_CHARS]
        d = parse_date(head, context_year)
        if d:
            return d, n
    return None


# A short line that opens with a full date ('10. September 2017', '21.01.2022 Aktuelle Meldung',
# 'Stand: 25.01.2022', 'Publiziert 02/02/2022 um 09:23 GMT', 'September 17, 2019 Helmut Rubik 0')
# is a date stamp wherever it stands: the plain-text path's last date source.
DATE_LED_MAX_CHARS = 90  # a longer line is prose that mentions a date
DATE_LED_MAX_OFFSET = 12  # the date starts within this many characters after the label words
DATE_LED_MAX_WORDS_AFTER = 6  # more words after the date make a sentence ('Am 19. Juni 2020 findet ...')
_STAMP_PART_SEP_RE = re.compile(r"\s*[⋅•·∙|]\s*")  # ... counted up to the stamp's next part
_DATE_LABELS_RE = re.compile(
    r"^\W{0,3}(?:(?:am|on|le|el|il|publiziert|veröffentlicht|erschienen|datum|stand|published|posted|publié|"
    r"publicado|pubblicato|date|fecha|data)\b[\s:]*){0,2}", re.IGNORECASE)


# 'Letzte Aktualisierung: 28.01.2022', 'Zuletzt geändert am 06.11.2023', 'Last updated: ...': an
# update stamp, read only when a page prints no other date (then it is the page's one date,
# and the annotated pages give it as the publication date)
_UPDATE_LABELS_RE = re.compile(
    r"^\W{0,3}(?:letzte\s+aktualisierung|zuletzt\s+(?:aktualisiert|geändert)|aktualisiert|last\s+updated|updated|"
    r"last\s+modified|mis\s+à\s+jour|actualizado|aggiornato)\b(?:\s+(?:am|on|le|el|il))?[\s:]*", re.IGNORECASE)


# the footer sentence of WordPress themes (Twenty Ten and its kin) in the languages of the phrase data
_POSTED_ON_RE = re.compile(
    r"^\W{0,3}(?:dieser\s+(?:beitrag|artikel|eintrag)\s+wurde\s+am|this\s+(?:entry|post)\s+was\s+(?:posted|published)\s+on|"
    r"cet?\s+(?:article|billet)\s+a\s+été\s+publié\s+le|esta\s+entrada\s+fue\s+publicada\s+el)\s", re.IGNORECASE)


def date_led_line(line: str, updated: bool = False) -> dt.date | None:
    """The first date with a year near the start of a short line (after label words such as
    'Stand:'; a year-less date before it is passed over: '3. Mai, 5. Juni 2020' gives 5 June);
    None for a longer line, a sentence, or when that date starts further in. ``updated``: the
    line must be an update stamp instead ('Letzte Aktualisierung: 28.01.2022'). A blog theme's
    'posted on' sentence is a stamp however long it is ('Dieser Beitrag wurde am 04/02/2020 von
    kj in Bundesgericht veröffentlicht.')."""
    posted = None if updated else _POSTED_ON_RE.match(line)
    if posted:
        m = next((m for m in find_dates(line) if m.date and m.has_year), None)
        return m.date if m and m.start <= posted.end() + DATE_LED_MAX_OFFSET else None
    if len(line) > DATE_LED_MAX_CHARS:
        return None
    if updated:
        label = _UPDATE_LABELS_RE.match(line)
        if not label:
            return None
        offset = label.end()
    else:
        offset = _DATE_LABELS_RE.match(line).end()
    for m in find_dates(line):
        if m.start > offset + DATE_LED_MAX_OFFSET:
            return None
        if m.date and m.has_year:
            after = _STAMP_PART_SEP_RE.split(line[m.end:].strip(), maxsplit=1)[0]  # '⋅ Email this post ⋅ ...'
            return m.date if len(after.split()) <= DATE_LED_MAX_WORDS_AFTER else None
    return None


def url_date(url: str | None) -> dt.date | None:
    """A date in the URL path ('/2019/08/02/json-parsing', '/2020-02-18/...')."""
    m = _URL_DATE_RE.search(url or "")
    return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
