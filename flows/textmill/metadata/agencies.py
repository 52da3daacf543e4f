"""News agencies: canonical names and their spellings (data), and lookups."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------- agencies
# canonical name -> spellings (matched case-insensitively as whole words). Order matters
# only for overlapping spellings (longest first inside each alternation).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("the associated press", "associated press", "ap"),
    "AFP": ("agence france-presse", "agence france presse", "agencia france presse", "afp"),
    "Reuters": ("thomson reuters", "reuters"),
    "CNN": ("cnn",),
    "BBC": ("bbc news", "bbc"),
    "UPI": ("united press international", "upi"),
    "Bloomberg": ("bloomberg news", "bloomberg"),
    "dpa": ("deutsche presse-agentur", "dpa"),
    "EFE": ("agencia efe", "efe"),
    "ANSA": ("ansa",),
    # the national agencies of the other languages with phrase data (pt, nl; es: Europa Press)
    "Lusa": ("agência lusa", "lusa"),
    "ANP": ("algemeen nederlands persbureau", "anp"),
    "Belga": ("belga",),
    "Europa Press": ("europa press",),
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
    key = " ".join(text.strip(" .,;:()[]-–—").lower().split())
    return _SPELLING.get(key)


def find_agency(text: str) -> str | None:
    """First agency named anywhere in ``text``. FP risk: 'AP' in running prose; call it
    only on short metadata-like lines (credits, bylines, sign-offs)."""
    m = AGENCY_RE.search(text)
    return _SPELLING[m.group(0).lower()] if m else None
