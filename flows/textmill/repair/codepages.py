"""Encoding damage ftfy leaves alone: legacy Cyrillic code pages and bytes lost on the way.

ftfy only undoes *UTF-8* read through the wrong code page. Two in-the-wild kinds are outside
that, and each rule here is narrow enough to be safe on clean text (tested on negative cases):

* Russian / Ukrainian text stored as windows-1251 or KOI8-R and read as Latin-1 / windows-1252
  ("Ïðèâåò" / "ðÒÉ×ÅÔ" for "Привет"): a single-byte to single-byte confusion, no UTF-8 involved.
* A UTF-8 sequence that lost one byte: the 0x9D of a right double quote that windows-1252 leaves
  undefined (dropped, or replaced by U+FFFD), and the 0xA0 of "à" that became a plain space.

Every function is pure, line-local (no rule crosses "\\n") and returns ``(text, count)``.
"""

from __future__ import annotations

import math
import re

# --- legacy Cyrillic code pages ---------------------------------------------------------------

# Cyrillic letters of windows-1251 / KOI8-R land on these Latin-1 characters: the letters
# U+00C0-U+00FF (with × and ÷), plus Ё/ё (cp1251 0xA8/0xB8 -> ¨ ¸; KOI8-R 0xB3/0xA3 -> ³ £).
_CYR_LATIN = "\u00c0-\u00ff\u00a8\u00b8\u00a3\u00b3"
_WORD_RE = re.compile(f"[A-Za-z{_CYR_LATIN}]+")
_SUSPECT_RUN_RE = re.compile("[\u00c0-\u00ff]{3}")
_ALL_LATIN1_WORD_RE = re.compile(f"[{_CYR_LATIN}]+")
# Everything outside ASCII, these characters and NBSP: the line is not a legacy Cyrillic
# misreading. NBSP is allowed because it is NBSP (0xA0) in windows-1251 too: a scraped line keeps
# it between the misread words ("Ìèíèñòð\xa0Ñåðãåé"); it is carried over as it is (KOI8-R
# would read the byte as a box-drawing character).
_FOREIGN_RE = re.compile(f"[^\x00-\x7f\xa0{_CYR_LATIN}]")


def _good_case(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


# Russian letter frequencies (per mille of running text, rounded): the right code page gives
# letters with a high total, the wrong one scatters them (the two tables share no byte-to-letter
# pairs). "Frequent" letters are those above 2%.
_FREQ = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё", (
    110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 16, 16, 14, 12, 10, 9, 7, 6, 5,
    4, 3, 3, 1, 1)))
_LOG_FREQ = {c: math.log(f / 1000) for c, f in _FREQ.items()}  # log probability of each letter
_LOG_FREQ_UNSEEN = math.log(0.5 / 1000)  # Ukrainian / Belarusian letters (і ї є ґ ў): rarer than any above
_FREQUENT_CYRILLIC = frozenset(c for c, f in _FREQ.items() if f >= 20) | {c.upper() for c, f in _FREQ.items() if f >= 20}


def fix_legacy_cyrillic(line: str) -> tuple[str, int]:
    """windows-1251 or KOI8-R text read as Latin-1 -> Cyrillic, for one line (runs before ftfy).

    Fires only when (1) every non-ASCII character is one a Cyrillic letter maps to, (2) no word
    mixes ASCII letters with Latin-1 letters (real French, German, Portuguese ... words always
    do: "été", "Straße", "SÃO"), (3) the Latin-1-only words are long enough (one of five or more
    letters, or two with one of four), and (4) a code page turns them into Cyrillic words of
    normal case (KOI8-R read as Latin-1 inverts the case of every letter) whose letters are
    mostly the frequent Russian ones; the code page with more frequent (then lowercase) letters
    wins. Very short lines ("Ñ ìèð.") are left alone: too little evidence.
    Trade-off: a line of Latin-1 "words" without any ASCII letter inside them (a list of
    accented letters such as "ÀÉÎÕÜ ÑÇ") could be read as Russian; condition (4) rejects most.
    UTF-8 mojibake never qualifies: its continuation bytes read as Latin-1 are C1 controls or
    symbols (© ¼ ¤ ...), outside the accepted characters, except ¨ ¸ £ ³.
    """
    if not _SUSPECT_RUN_RE.search(line) or _FOREIGN_RE.search(line):
        return line, 0
    latin1_words = []
    for word in _WORD_RE.findall(line):
        if _ALL_LATIN1_WORD_RE.fullmatch(word):
            latin1_words.append(word)
        elif not word.isascii():
            return line, 0  # an ASCII letter inside a Latin-1 word: a real Latin-script word
    lengths = sorted(map(len, latin1_words), reverse=True)
    if not lengths or not (lengths[0] >= 5 or (len(lengths) >= 2 and lengths[0] >= 4 and lengths[1] >= 2)):
        return line, 0
    try:
        raw = line.encode("latin-1")
    except UnicodeEncodeError:
        return line, 0
    best, best_score = line, (-math.inf, 0)
    for codec in ("cp1251", "koi8_r"):
        candidate = raw.decode(codec, errors="replace")
        if "\ufffd" in candidate:
            continue
        if "\xa0" in line:  # single-byte code pages: characters line up one to one
            candidate = "".join("\xa0" if was == "\xa0" else now for was, now in zip(line, candidate))
        words = [w for w in re.findall(r"[^\W\d_]+", candidate) if not w.isascii()]
        if not words or not all("\u0400" <= c <= "\u04ff" for w in words for c in w):
            continue
        letters = sum(map(len, words))
        frequent = sum(c in _FREQUENT_CYRILLIC for w in words for c in w)
        # Most words in normal case and most letters frequent ones, or this code page is wrong.
        if sum(map(_good_case, words)) * 4 < len(words) * 3 or frequent * 2 < letters:
            continue
        # The likelier reading by letter frequencies (the mean log probability of its letters,
        # so that a reading with more letters is not favoured: a rare letter costs more than a
        # frequent one gains, so "ЛТЕНМШ" loses to "кремль" although its frequencies sum to
        # more; bytes 0xC0-0xDF alone are cp1251 capitals and KOI8-R lowercase at once). Ties
        # (short lines) go to the reading with more lowercase: Russian prose is mostly
        # lowercase, and KOI8-R read as Latin-1 inverts the case.
        score = (sum(_LOG_FREQ.get(c.lower(), _LOG_FREQ_UNSEEN) for w in words for c in w) / letters,
                 sum(c.islower() for w in words for c in w))
        if score > best_score:
            best, best_score = candidate, score
    return best, int(best is not line)


# --- UTF-8 sequences that lost a byte ----------------------------------------------------------

# "â€" (E2 80 as windows-1252) whose third byte is gone: dropped (followed by a space, end or
# punctuation) or replaced by U+FFFD or "?" (a transcoder's mark for the byte it could not map:
# "â€?" is the whole quote, not a quote and a question mark). With an unclosed “ / â€œ earlier in the line it was the
# 0x9D of ”. The byte is put back (as the C1 character sloppy windows-1252 reads it) so that ftfy
# decodes the whole line.
_LOST_9D_RE = re.compile("\u00e2\u20ac(?:\ufffd|\\?(?=[\\s.,;:!)]|$)|(?=[\\s.,;:!?)]|$))")
_OPENERS = ("\u201c", "\u00e2\u20ac\u0153")
# The low opening quote of Polish, German, Czech („…”), as mojibake "â€ž" or itself, counted only
# at the start of a word: inside double-encoded text "â€ž" is the tail of another character
# ("Ã™â€ž" is the Arabic "ل").
_LOW_OPENER_RE = re.compile("(?:^|(?<=[\\s(]))(?:\u201e|\u00e2\u20ac\u017e)")


def restore_lost_quote_byte(line: str) -> tuple[str, int]:
    """``“Hello,â€� he said`` / ``the â€œbestâ€ role`` / ``the â€œbestâ€? role`` -> the 0x9D of
    ``”`` put back (pre-ftfy).

    Trade-off: "â€" + U+FFFD or + space could also be the mojibake of another E2 80 xx character
    (U+2010 hyphen, a zero-width joiner, † when 0xA0 became a space); with an unclosed opening
    quote in the same line the right double quote is by far the likeliest, and without one the
    rule does not fire. A real question mark after a quote whose 0x9D was dropped ("did he say
    â€œyesâ€?") loses its "?": a question mark outside the closing quote is the rarer case.
    """
    if "\u00e2\u20ac" not in line:
        return line, 0
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        before = line[: match.start()]
        opened = sum(before.count(o) for o in _OPENERS) + len(_LOW_OPENER_RE.findall(before))
        closed = before.count("\u201d") + before.count("\u00e2\u20ac\x9d")
        if opened <= closed:
            return match.group(0)
        count += 1
        return "\u00e2\u20ac\x9d"

    line = _LOST_9D_RE.sub(fix, line)
    return line, count


# "Ł" is C5 81 and windows-1252 has no 0x81: Polish read as cp1252 shows "Å�" for it. Other
# C5 xx characters with an undefined second byte (ō ŏ Ő ŝ) are rare, so with other Polish
# mojibake on the line (ł ś ą ę ż ź ń ć) the byte is put back.
_POLISH_MOJIBAKE_RE = re.compile("\u00c5[\u201a\u203a\u00bc\u00ba\u201e]|\u00c4[\u2026\u2122\u2021]")
_LOST_L_STROKE_RE = re.compile("\u00c5\ufffd")


def restore_lost_l_stroke(line: str) -> tuple[str, int]:
    """``Å�ukasz BrzeziÅ„ski`` -> the 0x81 of ``Ł`` put back (pre-ftfy), only on a line with
    other Polish mojibake. Trade-off: a lost ō / ŏ / Ő / ŝ on such a line becomes Ł."""
    if "\u00c5\ufffd" not in line or not _POLISH_MOJIBAKE_RE.search(line):
        return line, 0
    return _LOST_L_STROKE_RE.subn("\u00c5\x81", line)


# A UTF-8 sequence read as windows-1252 whose last byte was lost to U+FFFD ("ðŸ“�" for 📍, "Ã�"
# for Á): the character is unknown, and ftfy rightly makes it one U+FFFD. It was a whole other
# character, so the lost-dash and lost-quote rules must not read that U+FFFD as a lost dash or
# quote: it is held as UNKNOWN_CHAR (a Unicode noncharacter, never in real text) until the end
# of the repair, then written as U+FFFD.
UNKNOWN_CHAR = "\ufdd0"
_CP1252_CONT = "".join(bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0))
_LOSSY_RE = re.compile(f"[\u00c2-\u00f4][{re.escape(_CP1252_CONT)}]{{0,2}}\ufffd")


def mark_lossy_sequences(line: str) -> tuple[str, int]:
    """``ðŸ“� Regulamento`` -> UNKNOWN_CHAR + `` Regulamento`` (pre-ftfy, after
    restore_lost_quote_byte has put back the 0x9D of a closing quote it could prove).

    Trade-off: none in clean text (a Latin-1 letter, up to two cp1252 symbols and U+FFFD in a row
    is damage whatever it was); the character stays unknown.
    """
    if "\ufffd" not in line:
        return line, 0
    return _LOSSY_RE.subn(UNKNOWN_CHAR, line)


# "à" is C3 A0 in UTF-8; read as windows-1252 the A0 is an NBSP, which scrapers often turn into
# a plain space (and then collapse). "Ã" as a word on its own or glued after a lowercase letter
# is never a real Portuguese / Vietnamese capital (those stand in capitalised words: "SÃO",
# "IRMÃ E", "NGÃ BA").
_A_GRAVE_RE = re.compile(
    "(?<=[a-z\u00df-\u00ff])\u00c3(?= )"  # voilÃ le
    "|(?<=[a-z\u00df-\u00ff,;] )\u00c3(?= (?:[a-z\u00e0-\u00ff]|[A-Z][a-z]))"  # allé Ã Paris
)


def restore_a_grave(line: str) -> tuple[str, int]:
    """``allé Ã Paris`` / ``voilÃ le`` -> ``à`` (post-ftfy, for lines ftfy left alone).

    Trade-off: a text that writes a capital "Ã" alone between lowercase words (an article about
    mojibake, a list of letters) gets "à". Capitalised Portuguese and Vietnamese are untouched.
    """
    if "\u00c3" not in line:
        return line, 0
    return _A_GRAVE_RE.subn("\u00e0", line)


# --- UTF-8 read through a code page ftfy does not try, or whose result it finds too mild -------------

# UTF-8 bytes read as MacRoman ("Universit√§t", "–ü–∏—Ç—å"), as a DOS code page ("Per├║",
# "╨Я╤А╨╕"), or as KOI8-R ("п÷я─п╦"); and windows-1252 runs that ftfy's heuristic leaves in a
# line it finds too mild or mixed ("siÄ™" for "się" next to correct text). Every one of these code pages maps all of 0x80-0xFF to
# non-ASCII characters, so each UTF-8 character becomes a run of 2-4 non-ASCII characters: a
# maximal run of non-ASCII characters is re-encoded and decoded as UTF-8 as a whole, or not at all.
REDECODE_CODECS = ("cp1252", "mac_roman", "cp437", "cp850", "cp866", "koi8_r")
_NON_ASCII_RUN_RE = re.compile("[^\x00-\x7f\s]{2,}")
_BOX_DRAWING_RE = re.compile("[\u2500-\u259f]")
# Letters that a two-byte UTF-8 sequence decodes to in real text (Latin-1 and Latin Extended-A
# letters, Romanian ș ț, Greek, Cyrillic, Hebrew, Arabic); obsolete or rare ones (ſ, ĸ, ŉ, the
# rest of Latin Extended-B) are the signature of a coincidence ("┼┐" is C5 BF, "ſ"; "«É" is
# C7 83, "ǃ"), as are combining marks and other scripts.
_RARE_LETTERS = frozenset("\u017f\u0138\u0149")


def _plausible(char: str) -> bool:
    import unicodedata

    code = ord(char)
    category = unicodedata.category(char)
    if category[0] == "L":
        if char in _RARE_LETTERS:
            return False
        return (0xC0 <= code <= 0x17F or 0x218 <= code <= 0x21B or 0x386 <= code <= 0x3CE or 0x400 <= code <= 0x45F or 0x490 <= code <= 0x491
                or 0x5D0 <= code <= 0x5EA or 0x620 <= code <= 0x64A or 0x3040 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7A3)
    if category[0] in "PS":
        return any(low <= code <= high for low, high in _PLAUSIBLE_SYMBOLS)
    # NBSP and the invisibles that pasted text carries (soft hyphen, zero widths, BOM): the
    # whitespace fixes remove or normalise them next
    return code in (0xA0, 0xAD, 0x2060, 0xFEFF) or 0x200B <= code <= 0x200F


# Symbols and punctuation real text has: Latin-1 (° © « »), general punctuation (’ “ — …),
# currency, letterlike (™ №), arrows and maths, geometric shapes (■ ● □, the lost-dash box),
# misc symbols and dingbats (☺ ✓), CJK punctuation, U+FFFD (a lost character, for the
# lost-character rules), emoji.
_PLAUSIBLE_SYMBOLS = ((0xA1, 0xBF), (0x2010, 0x205E), (0x20A0, 0x20C0), (0x2100, 0x2150), (0x2190, 0x22FF),
                      (0x25A0, 0x25FF), (0x2600, 0x27BF), (0x3000, 0x303F), (0xFF01, 0xFF65), (0xFFFD, 0xFFFD),
                      (0x1F000, 0x1FAFF))


_BELOW_GREEK_RE = re.compile("[\\x00-\u036f]")


def _is_word(run: str) -> bool:
    """A run of Cyrillic or Greek letters in one case pattern ("только", "Москве") is a word,
    not mojibake (in cp866 it re-decodes to "⮫쪮"): mojibake mixes symbols or box drawing into
    the letters ("╨Я", "п÷") or flips case ("тАЬ"). Latin letter runs are not exempt: "ÔÇØ" is
    cp850 mojibake of ”, and a clean Latin word is never all non-ASCII."""
    return run.isalpha() and not _BELOW_GREEK_RE.search(run) and (run.islower() or run.isupper() or run.istitle())


def _non_latin(char: str) -> bool:
    return char.isalpha() and ord(char) >= 0x370


def _redecode_run(line: str, start: int, end: int, codec: str) -> str | None:
    """The UTF-8 reading of ``line[start:end]`` through ``codec``, or None when it is not one."""
    try:
        decoded = line[start:end].encode(codec).decode("utf-8")
    except UnicodeError:
        return None
    if not all(ord(c) >= 0x80 and _plausible(c) for c in decoded):
        return None
    # One lone CJK/Hangul character from three bytes is a coincidence of a letter and two
    # quotes ("é’’" reads as "钒"): mojibake of East Asian text comes in runs of several.
    if len(decoded) == 1 and 0x2E80 <= ord(decoded) <= 0xD7FF:
        return None
    # A Cyrillic or Greek letter glued to an ASCII letter is a coincidence ("Paris—école" would
    # give "Parisюcole"): real words do not mix scripts.
    before, after = line[start - 1 : start], line[end : end + 1]
    if (before.isascii() and before.isalpha() and _non_latin(decoded[0])) or (
        after.isascii() and after.isalpha() and _non_latin(decoded[-1])
    ):
        return None
    return decoded


def _shown_as(codec: str, low: int, high: int) -> str:
    return re.escape("".join(bytes([b]).decode(codec, errors="ignore") for b in range(low, high + 1)))


_SEQUENCE_START_RE = {
    codec: re.compile(f"[{_shown_as(codec, 0xC2, 0xF4)}][{_shown_as(codec, 0x80, 0xBF)}]") for codec in REDECODE_CODECS
}


_ANY_SEQUENCE_START_RE = re.compile("|".join(f"(?:{r.pattern})" for r in _SEQUENCE_START_RE.values()))


def _in_word(line: str, start: int, end: int) -> bool:
    return line[start - 1 : start].isalpha() or line[end : end + 1].isalpha()


def redecode_runs(line: str) -> tuple[str, int]:
    """``Universit√§t`` -> ``Universität``, ``–ü–∏—Ç—å`` -> ``Пить``, ``Per├║`` -> ``Perú``,
    ``\uf8ffüòä`` -> 😊 (post-ftfy: what its heuristic does not call bad, or cannot decode).

    One code page per line: the one of REDECODE_CODECS that re-decodes the most runs. A run
    is replaced only as a whole, only by characters real text uses (``_plausible``), and never
    into a non-Latin letter glued to an ASCII letter. A line whose box-drawing characters are not
    all explained this way is a drawing, and is left alone ("├┤a┼┐a").
    Trade-off: a clean run of two or more symbols that happens to spell a UTF-8 letter in one of
    these code pages ("√§" never does in prose; a dash glued to an accented capital, "–Ü", can)
    is decoded.
    """
    runs = [m.span() for m in _NON_ASCII_RUN_RE.finditer(line)
            if _ANY_SEQUENCE_START_RE.match(m.group()) and not _is_word(m.group())]
    if not runs:
        return line, 0
    best, best_count = line, 0
    for codec in REDECODE_CODECS:
        starts = _SEQUENCE_START_RE[codec]
        # A run can only be this code page's mojibake if it starts with a lead byte followed by
        # a continuation byte, as that code page shows them: one regex test per run, no encoding.
        candidates = [span for span in runs if starts.match(line, span[0])]
        if not candidates:
            continue
        fixed = {span: text for span in candidates if (text := _redecode_run(line, *span, codec)) is not None}
        # A two-character run that decodes to one character standing alone ("√π" is maths, not
        # "ù") counts only when the line has stronger evidence: a run inside a word, one that
        # gives a word, or one of three or four characters (a 3- or 4-byte sequence: "‚Äî").
        if not any(len(text) > 1 or end - start > 2 or _in_word(line, start, end) for (start, end), text in fixed.items()):
            continue
        # windows-1252 pairs are what ftfy judged and left: "SÅ…" and "AHÅ™" are Swedish and a
        # product name. Two or more on one line ("sprzeciwiajÄ… siÄ™") are mojibake, and so is
        # one pair of letters inside a word that no language writes ("Åšrodowa": Å before š), or
        # a pair with letters on both sides ("chÅ“ur": no word holds a quote mark).
        if codec == "cp1252" and len(fixed) < 2 and all(end - start < 3 for start, end in fixed):
            if not all((line[start:end].isalpha() and _in_word(line, start, end))
                       or (line[start - 1 : start].isalpha() and line[end : end + 1].isalpha()) for start, end in fixed):
                continue
        if len(fixed) <= best_count:
            continue
        pieces, last = [], 0
        for (start, end), text in sorted(fixed.items()):
            pieces += [line[last:start], text]
            last = end
        new = "".join(pieces) + line[last:]
        if _BOX_DRAWING_RE.search(line) and _BOX_DRAWING_RE.search(new):
            continue  # box drawing this code page does not explain
        best, best_count = new, len(fixed)
    return best, best_count
