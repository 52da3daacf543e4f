"""The publication *day* of a machine timestamp, as the page's readers saw it.

Pages declare their date as an instant (``2022-05-04T00:44:52Z``, ``Wed, 04 May 2022 02:41:00
GMT``); the day printed on the page, and the one annotators write down, is that instant in
the site's own time zone (23:44 on 3 May in Brazil). A timestamp written with a non-zero
offset (``2022-05-03T23:37:37-04:00``) is already local: its day is the one written. Only a
UTC-marked instant (``Z``, ``+00:00``, ``GMT``, ``UTC``) is converted, to the page's zone:

1. the offset the page writes in its other timestamps (a site that writes ``-04:00`` in its
   ``<time>`` elements lives at -4), else
2. the zone of the host's country-code domain (``TLD_ZONES``; ``.com.bo`` counts as ``.bo``).

A page with neither (a ``.com`` writing only UTC) keeps the UTC day. FP risk: a CMS that
writes local time with a ``Z`` (wrongly) is moved by the zone's offset.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

# country-code domain -> IANA zone of (most of) its readers; countries spanning several zones
# (us, ru, au, ca) are left out: their UTC day is as good a guess as any
TLD_ZONES = {
    "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "li": "Europe/Vaduz",
    "it": "Europe/Rome", "fr": "Europe/Paris", "be": "Europe/Brussels", "nl": "Europe/Amsterdam",
    "lu": "Europe/Luxembourg", "es": "Europe/Madrid", "pl": "Europe/Warsaw", "cz": "Europe/Prague",
    "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "si": "Europe/Ljubljana", "hr": "Europe/Zagreb",
    "dk": "Europe/Copenhagen", "se": "Europe/Stockholm", "no": "Europe/Oslo", "fi": "Europe/Helsinki",
    "uk": "Europe/London", "ie": "Europe/Dublin", "pt": "Europe/Lisbon", "gr": "Europe/Athens",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "ua": "Europe/Kyiv", "tr": "Europe/Istanbul",
    "bo": "America/La_Paz", "br": "America/Sao_Paulo", "ar": "America/Argentina/Buenos_Aires",
    "cl": "America/Santiago", "pe": "America/Lima", "co": "America/Bogota", "ve": "America/Caracas",
    "uy": "America/Montevideo", "py": "America/Asuncion", "ec": "America/Guayaquil",
    "mx": "America/Mexico_City", "cu": "America/Havana", "do": "America/Santo_Domingo",
    "jp": "Asia/Tokyo", "cn": "Asia/Shanghai", "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei",
    "kr": "Asia/Seoul", "sg": "Asia/Singapore", "in": "Asia/Kolkata", "il": "Asia/Jerusalem",
    "nz": "Pacific/Auckland", "za": "Africa/Johannesburg",
}
# ISO instant: date, time, optional fraction, optional zone
_ISO_STAMP_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE)
_RFC_STAMP_RE = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}")
_UTC_MARKS = frozenset({"z", "utc", "gmt", "+00:00", "+0000", "-00:00", "-0000"})
# real offsets run from -12:00 to +14:00; a mark beyond (a template's "+99:99") is no offset
_MAX_OFFSET = dt.timedelta(hours=14)


def _offset(mark: str) -> dt.timedelta | None:
    """'+02:00' / '-0400' -> timedelta; UTC marks -> 0; None for a naive stamp."""
    if not mark:
        return None
    if mark.lower() in _UTC_MARKS:
        return dt.timedelta(0)
    sign = -1 if mark[0] == "-" else 1
    digits = mark[1:].replace(":", "")
    offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
    return offset if abs(offset) <= _MAX_OFFSET and int(digits[2:4]) < 60 else None


def parse_stamp(value: str) -> tuple[dt.datetime, dt.timedelta | None] | None:
    """(wall-clock time as written, its offset or None) of an ISO or RFC 2822 timestamp; a
    bare ISO day is midnight without offset. None for anything else."""
    m = _ISO_STAMP_RE.match(value)
    if m:
        y, mo, d, hh, mm, ss, zone = m.groups()
        try:
            when = dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError:
            return None
        return when, _offset(zone) if hh else None
    if _RFC_STAMP_RE.match(value):
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        off = parsed.utcoffset()
        return parsed.replace(tzinfo=None), off
    return None


def page_offset(stamps: Iterable[str]) -> dt.timedelta | None:
    """The most common non-zero offset the page writes in its timestamps (None: none)."""
    found = Counter()
    for value in stamps:
        parsed = parse_stamp(value) if isinstance(value, str) else None
        if parsed and parsed[1]:
            found[parsed[1]] += 1
    return found.most_common(1)[0][0] if found else None


@lru_cache(maxsize=64)
def _zone(name: str):
    """The zone from the pinned ``tzdata`` package, not the machine's /usr/share/zoneinfo: the
    same page gives the same day on every machine (zone rules change between releases)."""
    from importlib.resources import files
    from zoneinfo import ZoneInfo

    with files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as data:
        return ZoneInfo.from_file(data, key=name)


def host_zone(host: str | None):
    """The zone of the host's country-code domain ('www.eldeber.com.bo' -> La Paz), or None."""
    if not host:
        return None
    name = TLD_ZONES.get(host.lower().rstrip(".").rsplit(".", 1)[-1])
    return _zone(name) if name else None


def local_day(value: str, offset: dt.timedelta | None, zone=None) -> dt.date | None:
    """The day of timestamp ``value`` where the page's readers are: a UTC instant moved to
    ``offset`` (the page's own) or else ``zone`` (its domain's); any other stamp's day as
    written. None when ``value`` is no timestamp."""
    parsed = parse_stamp(value)
    if parsed is None:
        return None
    when, off = parsed
    if off is None or off:  # naive, or written in a local offset already
        return when.date()
    try:
        if offset is not None:
            return (when + offset).date()
        if zone is not None:
            return when.replace(tzinfo=dt.timezone.utc).astimezone(zone).date()
    except OverflowError:  # a placeholder at the calendar's edge ('0001-01-01T00:00:00Z')
        pass
    return when.date()
