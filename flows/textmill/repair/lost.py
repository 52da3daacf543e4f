"""Characters lost outright: context rules that ftfy cannot do.

When a scraper or a transcoder met a character it could not represent, it wrote ``?``, U+FFFD
(REPLACEMENT CHARACTER) or ``□`` (U+25A1, a "tofu" box) instead. The byte is gone, so no decoder
can bring it back; the context can. Each rule is pure (text in, ``(text, count)`` out), works on
one or more whole lines, never crosses a "\\n", and names its false-positive risk.
"""

from __future__ import annotations

import re

# Marks that stand for a lost character.
LOST = "?\ufffd\u25a1"
_LOST_CLASS = "[?\ufffd\u25a1]"

# --- lost dash ------------------------------------------------------------------------------

# A box / U+FFFD with a space on both sides and a non-space beyond: "(AP) □ Frustrated".
_SPACED_DASH_RE = re.compile("(?<=\\S )[\u25a1\ufffd](?= \\S)")
# Glued between two letters ("Arabia□whose"), after the apostrophe rule had its chance.
_GLUED_DASH_RE = re.compile("(?<=[^\\W\\d_])\u25a1(?=[^\\W\\d_])")
# A line that starts with a box (or has ballot boxes) is a checklist: its boxes are real.
_CHECKLIST_RE = re.compile("^ *[\u25a1\u2610\u2611\u2612\u25a0]|[\u2610\u2611\u2612]", re.MULTILINE)


# A dash does not follow a word that needs a complement (article, determiner, preposition) or a
# UI verb that names a symbol: "Press the □ button", "tick □ to agree" keep their box.
_NO_DASH_AFTER = frozenset("""a an the this that these those my your our his her its their each every no
    to of in on at for with by from into onto via per press click tap tick check select mark hit type
    le la les un une des du au aux der die das ein eine den dem el los las una al del il lo gli""".split())
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*$")
# Options after a label or between boxes: "Attending: □ Yes □ No", "Size: □ S □ M □ L".
_OPTION_LIST_RE = re.compile("(?::\s*\u25a1)|(?:\u25a1\s*\S+(?:\s+\S+)?\s+\u25a1)")


def _box_is_symbol(line: str, start: int) -> bool:
    before = _WORD_BEFORE_RE.search(line[:start])
    return bool(before) and before.group(1).casefold() in _NO_DASH_AFTER


def restore_lost_dashes(text: str, dash: str = "\u2014") -> tuple[str, int]:
    """``word □ word`` / ``word \ufffd word`` -> ``word — word``; ``word□word`` -> ``word—word``.

    Left alone: checklist lines (starting with a box, or containing ballot boxes ☐☑☒), option
    lists (a box after a colon, or boxes one or two words apart: "Attending: □ Yes □ No"), and a
    box after an article, determiner, preposition or UI verb ("Press the □ button"). Trade-off: a
    box used as a symbol after any other word ("the key □ opens it") still becomes a dash, and a
    real lost dash after "to" / "of" is missed (rare: a dash does not cut a phrase there).
    """
    if "\u25a1" not in text and "\ufffd" not in text:
        return text, 0
    total = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if ("\u25a1" not in line and "\ufffd" not in line) or _CHECKLIST_RE.search(line) or _OPTION_LIST_RE.search(line):
            continue
        count = 0

        def replace(match: re.Match[str], line: str = line) -> str:
            nonlocal count
            if match.group() == "\u25a1" and _box_is_symbol(line, match.start()):
                return match.group()
            count += 1
            return dash

        line = _SPACED_DASH_RE.sub(replace, line)
        line = _GLUED_DASH_RE.sub(replace, line)
        lines[i] = line
        total += count
    return "\n".join(lines), total


# --- lost quotes and apostrophes ------------------------------------------------------------

# Contractions and possessives: Kerry?s, don?t, we?re, they?ve, we?ll, I?d, I?m, O?Brien.
# The suffix must end the word and not be followed by URL-query characters ("php?s=1&t=2").
# Every pattern starts with the mark itself (lookbehinds after it): the regex engine then scans
# for a literal, which keeps clean text fast.
_END = r"(?![\w=&/])"
_APOSTROPHE_RE = re.compile(
    rf"{_LOST_CLASS}(?:"
    rf"(?<=[A-Za-z].)(?=(?:s|re|ve|ll|d){_END})"
    rf"|(?<=[A-Za-z]n.)(?=t{_END})"
    rf"|(?<=\bI.)(?=m{_END})"
    rf"|(?<=\bO.)(?=[A-Z][a-z])"
    rf"|(?<=[A-Z]{{2}}.)(?=S{_END})"  # KERRY?S (all caps)
    rf"|(?<=[A-Z]N.)(?=T{_END})"
    r")"
)

# ?quoted? -> “quoted”. The opener follows a line start, a space or an opening bracket/dash and is
# followed by a non-space; the closer follows a non-space and is followed by a space, punctuation
# or the line end. The span holds no other lost mark or quote and no line break.
_QUOTE_PAIR_RE = re.compile(
    "[?\ufffd](?<![^\\s(\\[\u2014\u2013][?\ufffd])"
    "([^\\s?\ufffd\u201c\u201d\"][^?\ufffd\u201c\u201d\"\n]{0,400}?)"
    "(?<!\\s)[?\ufffd](?=$|[\\s.,;:!)\\]\u2014\u2013])",
    re.MULTILINE,
)
# A lost opening quote at the start of a line before a capital: the first paragraph of a
# multi-paragraph quote has no closing quote ("?We will win. ..."). "?" never starts real prose.
_LINE_OPENER_RE = re.compile("^[?\ufffd](?=[A-Z\u201c])", re.MULTILINE)


def restore_lost_quotes(text: str, apostrophe: str = "\u2019") -> tuple[str, int]:
    """Lost apostrophes in contractions/possessives -> ``’``; ``?quoted?`` pairs -> ``“quoted”``.

    Trade-offs: a question mark glued to a word ending in a contraction-like suffix
    ("Who is Pierre?s" does not occur in edited prose, "page.php?s=1" is protected by the URL
    guard); a space-led ``?word ... word?`` pair in a line is read as a quotation ("is it ?fine?");
    a line starting with ``?`` and a capital is read as an opening quote.
    """
    if not any(mark in text for mark in LOST):
        return text, 0
    text, n_apo = _APOSTROPHE_RE.subn(apostrophe, text)
    text, n_pair = _QUOTE_PAIR_RE.subn(lambda m: f"\u201c{m.group(1)}\u201d", text)
    text, n_open = _LINE_OPENER_RE.subn("\u201c", text)
    return text, n_apo + 2 * n_pair + n_open


# --- Shift-JIS punctuation that lost its lead byte --------------------------------------------

# English typed on a Japanese system is Shift-JIS: its curly quotes are 81 67 / 81 68, the
# ellipsis 81 63, the apostrophe 81 66. Read as windows-1252 the 0x81 is undefined (U+FFFD) and
# the trail byte is an ASCII letter: "�gShoot him�h". With both quotes on the line the pattern is
# certain; the letters are put back as the punctuation they were.
_SJIS_PAIR_RE = re.compile("\ufffdg.*?\ufffdh")
_SJIS_PUNCTUATION = {"g": "\u201c", "h": "\u201d", "c": "\u2026", "f": "\u2019"}


def restore_sjis_punctuation(text: str) -> tuple[str, int]:
    """``�gShoot him �c now!�h`` -> ``“Shoot him … now!”`` on lines that hold both quotes.

    Trade-off: a line with a lost character before "g" and another before "h" in that order
    (two unrelated losses) is read as a Shift-JIS quotation.
    """
    if "\ufffdg" not in text:
        return text, 0
    total = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _SJIS_PAIR_RE.search(line):
            continue
        lines[i], n = re.subn("\ufffd([ghcf])", lambda m: _SJIS_PUNCTUATION[m.group(1)], line)
        total += n
    return "\n".join(lines), total


# --- stray question mark after final punctuation --------------------------------------------

# "told CNN.?" / "said,?" : a mark glued after '.' or ',' at the end of a word.
_STRAY_RE = re.compile("[?\ufffd](?<=[^\\s.][.,].)(?=$|\\s)", re.MULTILINE)
# A word ending in '.' that is an abbreviation: a real question can end with it ("in the U.S.?").
_ABBREV_RE = re.compile(
    r"(?:^|\s|\()(?:[A-Za-z](?:\.[A-Za-z])+|etc|vs|Inc|Ltd|Co|Corp|Jr|Sr|St|Mr|Mrs|Ms|Dr"
    r"|Gen|Gov|Sen|Rep|Prof|No|approx|[A-Z])$"
)


def remove_stray_question_marks(text: str) -> tuple[str, int]:
    """``told CNN.?`` -> ``told CNN.``; ``“We won.? he said`` -> ``“We won.” he said``.

    Only a mark glued to ``.`` or ``,`` that ends a word is touched: ``!?`` / ``?!`` and a question
    mark after a word stay. Trade-off: a real question whose last word is an unlisted abbreviation
    ("Did you see Smith Bros.?") loses its question mark; listed abbreviations and dotted initials
    ("U.S.?", "etc.?") are kept.
    """
    if "?" not in text and "\ufffd" not in text:
        return text, 0
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        start = match.start() - 1  # the '.' or ','
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if text[start] == "." and _ABBREV_RE.search(before):
            return match.group(0)
        count += 1
        # An unclosed curly quote earlier in the line: the mark was the closing quote.
        if before.count("\u201c") > before.count("\u201d"):
            return "\u201d"
        return ""

    text = _STRAY_RE.sub(fix, text)
    return text, count


# --- backslash escapes from markup ----------------------------------------------------------

_ESCAPE_RE = re.compile(r"\\(?:\$(?=\d)|(?<=\d\\)%|&|(?<=\w\\)_(?=\w)|(?<![^\s(]\\)#(?=\w))")
_ANY_BACKSLASH_RE = re.compile(r"\\.?")


def unescape_backslashes(text: str) -> tuple[str, int]:
    """Markdown/LaTeX escapes in prose: ``\\$439`` -> ``$439``, ``50\\%``, ``AT\\&T``, ``a\\_b``, ``\\#1``.

    Trade-off: only escapes in their prose context (``$`` before a digit, ``%`` after one, ``_``
    between word characters, ``#`` starting a word). A line with any other backslash (``C:\\Users``,
    ``\\d+``, ``\\n``, ``\\\\``, LaTeX commands) is treated as code and left alone entirely.
    """
    if "\\" not in text:
        return text, 0
    total = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "\\" not in line:
            continue
        escapes = len(_ESCAPE_RE.findall(line))
        if escapes == 0 or escapes != len(_ANY_BACKSLASH_RE.findall(line)):
            continue
        lines[i] = _ESCAPE_RE.sub(lambda m: m.group(0)[1:], line)
        total += escapes
    return "\n".join(lines), total
