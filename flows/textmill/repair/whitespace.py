"""Whitespace, invisible characters and line separators.

Every function is pure: text in, ``(text, count)`` out. They work on a whole document whose line
separators are already "\\n" and never touch "\\n" itself, so line numbers survive.
"""

from __future__ import annotations

import re
import unicodedata

# Everything str.splitlines() breaks on, so "lines before" counted the Python way equals "lines
# after". One exception, because it is far more common than a real NEL: U+0085 is also the
# continuation byte 0x85 of UTF-8 mojibake read as latin-1 ("Ã\x85" is "Å", "å\x85\x8b" is "克").
# A NEL right after a UTF-8 lead byte (as latin-1: Â-ô), or after lead + continuation(s), is left
# for ftfy, which decodes the sequence; if ftfy cannot, control_chars removes it (no line break).
LINE_SEPARATORS_RE = re.compile(
    "\r\n|[\r\v\f\x1c\x1d\x1e\u2028\u2029]"
    "|(?<![\xc2-\xf4])(?<![\xe0-\xf4][\x80-\xbf])(?<![\xf0-\xf4][\x80-\xbf][\x80-\xbf])\x85"
)


# Any character LINE_SEPARATORS_RE could match: a plain character class is scanned far faster
# than that alternation with lookbehinds, and most text has none of them.
_ANY_SEPARATOR_RE = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_OTHER_SEPARATORS_RE = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\u2028\u2029]")
# C1 characters other than NEL: their presence says the text is cp1252 read as latin-1.
_OTHER_C1_RE = re.compile("[\x80-\x84\x86-\x9f]")


def normalize_line_separators(text: str) -> tuple[str, int]:
    """Each of \\r\\n, \\r, \\v, \\f, FS/GS/RS, NEL, U+2028, U+2029 becomes exactly one "\\n".

    These end a line for every consumer that uses splitlines(). Exceptions, where NEL (U+0085) is
    not a line break but mojibake left for ftfy: a NEL inside a UTF-8 sequence read as latin-1
    (see LINE_SEPARATORS_RE), and a NEL on a line that holds other C1 characters (cp1252 quotes and
    dashes read as latin-1: there 0x85 is "…"). For such input the line count is one less than
    str.splitlines() says. Trade-off: a lone NEL with no other C1 evidence ("Wait\\x85 what")
    still becomes a line break.
    """
    if not _ANY_SEPARATOR_RE.search(text):
        return text, 0
    if "\x85" not in text or not _OTHER_C1_RE.search(text):
        return LINE_SEPARATORS_RE.subn("\n", text)
    out, total, start = [], 0, 0
    for match in list(_OTHER_SEPARATORS_RE.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        segment = text[start:end]
        if "\x85" in segment and _OTHER_C1_RE.search(segment):
            out.append(segment)  # cp1252 line: its NELs are ellipses
        else:
            segment, n = LINE_SEPARATORS_RE.subn("\n", segment)
            out.append(segment)
            total += n
        if match:
            out.append("\n")
            total += match.group() != "\n"
            start = match.end()
    return "".join(out), total


# NBSP and its narrow / figure cousins: the usual leftovers of HTML "&nbsp;".
NBSP_RE = re.compile("[\xa0\u202f\u2007]")
# The other horizontal spaces (tab, en/em/thin/hair spaces, ideographic space, ...).
SPACE_VARIANTS_RE = re.compile("[\t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]")
MULTI_SPACE_RE = re.compile("  +")
# Leading indentation is trim_spaces' business: with trimming off, runs after a non-space only.
INNER_MULTI_SPACE_RE = re.compile("(?<=[^ \n]) {2,}")


def normalize_nbsp(text: str) -> tuple[str, int]:
    """NBSP, narrow NBSP and figure space -> " ".

    Trade-off: the no-break intent (``10\xa0km``) is lost; the pipeline wants plain words.
    """
    return NBSP_RE.subn(" ", text)


def normalize_space_variants(text: str) -> tuple[str, int]:
    """Tabs and Unicode space variants (U+2000-200A, U+3000 ...) -> " ".

    Trade-off: tab-aligned tables lose their alignment (they are not news prose anyway).
    """
    return SPACE_VARIANTS_RE.subn(" ", text)


def collapse_spaces(text: str, keep_indent: bool = False) -> tuple[str, int]:
    """Runs of two or more spaces -> one space. Never joins words: a run stays one space.

    ``keep_indent`` leaves runs at the start of a line alone (used when trimming is off).
    """
    return (INNER_MULTI_SPACE_RE if keep_indent else MULTI_SPACE_RE).subn(" ", text)


def trim_spaces(text: str) -> tuple[str, int]:
    """Leading and trailing spaces of each line removed.

    Trade-off: indentation is lost (code blocks, poetry); in news text it carries no meaning.
    """
    # A substring pre-check, then a per-line strip: a regex anchored on every space is 10x slower.
    if not (" \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " "):
        return text, 0
    lines = text.split("\n")
    stripped = [line.strip(" ") for line in lines]
    return "\n".join(stripped), sum(a != b for a, b in zip(lines, stripped))


# Always invisible and meaningless in prose: ZWSP, word joiner, invisible operators, BOM,
# Mongolian vowel separator (deprecated as a space).
ZERO_WIDTH_RE = re.compile("[\u200b\u2060-\u2064\ufeff\u180e]")
# ZWNJ / ZWJ carry meaning between two non-ASCII characters (Persian, Indic scripts, emoji
# sequences); next to ASCII, a space, or a line edge they are debris.
JOINERS_RE = re.compile("(?<![^\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f])")


def remove_zero_width(text: str) -> tuple[str, int]:
    """Remove zero-width characters; keep ZWJ/ZWNJ between two non-ASCII characters.

    Trade-off: a ZWNJ between a Latin letter and a Persian one (mixed-script word) is removed.
    """
    text, n = ZERO_WIDTH_RE.subn("", text)
    m = 0
    if "\u200c" in text or "\u200d" in text:
        text, m = JOINERS_RE.subn("", text)
    return text, n + m


def remove_soft_hyphens(text: str) -> tuple[str, int]:
    """Remove U+00AD: a hyphenation hint, invisible when rendered, breaks search and hashing."""
    n = text.count("\xad")
    return (text.replace("\xad", ""), n) if n else (text, 0)


# C0 controls except tab and newline (the separators are gone by now), DEL, C1 controls.
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def remove_control_chars(text: str) -> tuple[str, int]:
    """Remove stray control characters.

    Runs after ftfy, which reads C1 controls as the cp1252 punctuation they usually stand for;
    what is left here has no printable meaning. Bidi marks (U+200E/F, U+202A-E) are kept.
    """
    return CONTROL_RE.subn("", text)


def normalize_nfc(text: str) -> tuple[str, int]:
    """NFC normalisation; the count is the number of lines that changed.

    No false positives in the Unicode sense (NFC is canonical equivalence); it does replace
    a few compatibility-looking characters with their canonical twins (e.g. Ω OHM SIGN -> Ω).
    """
    if unicodedata.is_normalized("NFC", text):
        return text, 0
    new = unicodedata.normalize("NFC", text)
    changed = sum(a != b for a, b in zip(text.split("\n"), new.split("\n"), strict=True))
    return new, changed
