"""Datelines ('WASHINGTON (AP) —') and photo captions / credits of one line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from textmill import phrases
from textmill.metadata.agencies import _AGENCY_ALT, _SPELLING, agency_name, find_agency
from textmill.metadata.bylines import _DASH
from textmill.metadata.dates import _MONTH_ALT

# -------------------------------------------------------------------------- datelines
_SEP = rf"(?:\s*\.?{_DASH}\s*|\s*:\s+)"  # "—", " - ", ".-" (EFE), " -- " (press wires), ": "
_AGENCY_PAREN = rf"\((?P<agency>{_AGENCY_ALT})\)"
_CAPS_PLACE = r"(?P<caps>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][A-Za-z.]+){0,2})"
_TITLE_PLACE = r"(?P<title>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})"
# optional date after the place: "Oct 2", "May 20, 2025", "12 mar"
_DL_DATE = rf"(?:\s*,?\s*(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\.?\s+(?:{_MONTH_ALT})\.?(?:\s+\d{{4}})?))"
_DATELINE_RE = re.compile(
    rf"^(?P<prefix>(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_DL_DATE}?"
    rf"(?:\s*{_AGENCY_PAREN})?(?:\s*/(?P<wire>[A-Z][\w .&-]{{1,30}})/)?)(?P<sep>{_SEP})(?P<body>\S.*)$"
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


def parse_dateline_line(line: str) -> Dateline | None:
    """A dateline on a line of its own, as some wire pages print it above the first paragraph:
    ``Reykjavik (AFP)``, ``WASHINGTON (AP) —``, ``PARIS, 3 March (Reuters)``. The agency is
    required (a bare place name on its own line is a menu item or a heading)."""
    s = line.strip()
    if len(s.split()) > 8:
        return None
    d = parse_dateline(s.rstrip(" -–—―:") + " — This Body Text Stands In")
    if d is None or d.agency is None or d.place is None:
        return None
    return Dateline(d.prefix, d.place, d.agency, len(s))


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
        if ":" not in m.group("sep") and not agency and not m.group("wire"):
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
    rf"|\b(?:{_AGENCY_ALT}|EPA(?:-EFE)?|AAP|KEYSTONE|SIPA|ABACA)\s*/\s*[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}}\s*$"  # REUTERS/James Carter, EPA/JANE DOE
    rf"|\b(?:PHOTOS?|Photos?|Foto|Images?|Pictures?)\s*[:/]\s*(?:{_AGENCY_ALT})\s*$"  # Foto: dpa, Photo/afp
    r"|\(?(?:Photo by [^)]{0,60}/)?(?:Getty Images|Shutterstock|AFP via Getty Images|EPA|Pool)\)?\s*$"
    r"|\bImage copyright\b"
)
_CAPTION_START_RE = re.compile(
    r"^(?:Image caption|Media caption|Image source|Caption\s*:|"
    r"In this (?:\w+ )*(?:\d{1,2}, \d{4},? )?(?:photo|image|picture|file photo|handout|"
    r"frame grab|video|still)\b|FILE\s*[-–—]|FILE PHOTO\b|Pictured\s*:|"
    # a gallery item: "1 of 12", "Photo 3 of 9:", "Bild 2/8"
    r"(?i:(?:photo|image|picture|slide|bild|foto|imagen|immagine)\s+)?\d{1,3}\s*(?:of|/|von|de|sur|di|van)\s*\d{1,3}"
    r"(?:\s*[:.–—-]\s*|\s+)(?=[A-ZÀ-Þ\"“‘'])|"
    r"(?i:photo|image|picture|slide|bild|foto|imagen|immagine)\s+\d{1,3}\s*(?:of|/|von|de|sur|di|van)\s*\d{1,3}\s*$)",
)


_CAP = r"(?-i:[A-ZÀ-ÖØ-ÞĀ-Ž])[\w.'’-]*"  # a capitalised word (case-sensitive inside IGNORECASE)
# A credit after the caption's last sentence: "... Foto: Jana Hinrichs", "... (WLKS photo)",
# "... Sentinel photo by Renee Lutz", "... © Hanna Reyes / Slow Routes", "... Courtesy of the
# Harwood Museum of Art", "... | PHOTO : NAME / PAPER", "... Daniel Osei for The Coastal Monitor",
# "... (Valley Police/PA)" (a source and an agency or paper abbreviation, in brackets).
# Where a credit may start: after a sentence end or an opening bracket / bar (tried in order,
# each with one anchored match: much cheaper than searching the whole pattern everywhere).
_CREDIT_START_RE = re.compile(r"(?<=[.!?”\"»)\]])\s*|\s*[(|\[]\s*")
_CREDIT_TAIL_RE = re.compile(
    rf"(?P<credit>"
    rf"(?:{_CAP}\s+){{0,3}}(?:file\s+)?{phrases.alternation('credit_words')}(?:\s+(?:by|von|par|por|de|di|door))?"
    rf"(?:\s*[:©/]\s*|\s+)(?:the\s+|l[ae]\s+|el\s+|der\s+)?(?:{_CAP}|\w\.)[^!?]{{0,70}}"  # label + name: "Foto: Jana Hinrichs", "Photo © Jan Kowalski"
    rf"|(?:{_CAP}\s+){{0,3}}(?:file\s+)?{phrases.alternation('credit_words')}\)?"  # "(WLKS photo)", "Ledger file photo"
    rf"|©\s*(?!\d{{4}})\S[^!?]{{0,70}}"  # "© NAME / AFP" (not "© 2025 Site": a copyright line)
    rf"|{_CAP}(?:\s+{_CAP}){{1,3}}\s+(?:/|for|für|pour|para|per)\s+(?:the\s+)?{_CAP}(?:\s+(?:{_CAP}|of|de|du|der)){{0,5}}"
    rf"|(?<=\()(?:{_CAP}\s+){{0,3}}{_CAP}\s*/\s*(?-i:[A-Z]{{2,6}}|{_AGENCY_ALT})(?=\))"  # "(Valley Police/PA)"
    rf"|(?<=\[)(?:{_CAP}\s+){{0,3}}{_CAP}\s*/\s*{_CAP}(?:\s+{_CAP}){{0,3}}(?=\])"  # "[Jane Doe/Al Jazeera]"
    rf")\s*[)\]]?\s*$",
    re.IGNORECASE,
)


def _credit_tail_match(tail: str) -> re.Match[str] | None:
    """Leftmost credit start in ``tail`` from which ``_CREDIT_TAIL_RE`` matches to the end."""
    for start in _CREDIT_START_RE.finditer(tail):
        m = _CREDIT_TAIL_RE.match(tail, start.end())
        if m:
            return m
    return None


def _credit_tail(line: str) -> bool:
    """The line ends with a photo credit after its last sentence (see ``_CREDIT_TAIL_RE``).
    The credit part has at most 14 words and no sentence end, and the line is a caption-sized
    text (<= 80 words) whose credit is not the whole line unless the line starts with a credit
    label. FP risk: a body paragraph ending in "... said Jane Doe / Reuters" (no full stop at
    the end) reads as a caption."""
    if len(line.split()) > 80:
        return False
    m = _credit_tail_match(line[-_CREDIT_SPAN:])
    if not m:
        return False
    credit = m.group("credit")
    if len(credit.split()) > 14 or re.search(r"[.!?]\s+[a-z]", credit) or credit.rstrip(") ").endswith((".", "!", "?")) and not re.search(r"\b\w\.$", credit.rstrip(") ")):
        return False
    words_ = [w for w in re.findall(r"[^\W\d_][\w'’-]*", credit)]
    return bool(words_) and any(w[0].isupper() for w in words_)


_CREDIT_SPAN = 200  # chars at the end of a line that can hold a credit
# every alternative of _CREDIT_RE holds one of these (a cheap test before the regex)
_CREDIT_KEYS = ("photo", "foto", "image", "picture", "getty", "shutterstock", "epa", "pool", "/")


def photo_credit(line: str) -> str | None:
    """The agency of a photo credit in ``line`` ('' if a credit names no known agency);
    None when the line has no credit at all. Credits other than ``(AP Photo/...)`` must end
    the line ("Photos: The week in pictures Watch: ..." is a teaser list, not a credit)."""
    # credits sit at the end of the line: search its tail only (long body lines are common)
    tail = line[-_CREDIT_SPAN:]
    low = tail.lower()
    m = _CREDIT_RE.search(tail) if any(k in low for k in _CREDIT_KEYS) else None
    if not m:
        if not _credit_tail(line):
            return None
        m = _credit_tail_match(tail)
    return find_agency(tail[m.start() :]) or ""


@lru_cache(maxsize=8192)
def is_caption(line: str) -> bool:
    """A photo caption: carries a photo credit or starts like one ("In this ... photo").
    FP risk: a body sentence quoting "Photo: ..." is read as a caption."""
    return photo_credit(line) is not None or _CAPTION_START_RE.match(line.strip()) is not None
