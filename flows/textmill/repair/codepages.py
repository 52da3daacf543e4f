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

import re

# --- legacy Cyrillic code pages ---------------------------------------------------------------

# Cyrillic letters of windows-1251 / KOI8-R land on these Latin-1 characters: the letters
# U+00C0-U+00FF (with × and ÷), plus Ё/ё (cp1251 0xA8/0xB8 -> ¨ ¸; KOI8-R 0xB3/0xA3 -> ³ £).
_CYR_LATIN = "\u00c0-\u00ff\u00a8\u00b8\u00a3\u00b3"
_WORD_RE = re.compile(f"[A-Za-z{_CYR_LATIN}]+")
_SUSPECT_RUN_RE = re.compile("[\u00c0-\u00ff]{3}")
_ALL_LATIN1_WORD_RE = re.compile(f"[{_CYR_LATIN}]+")
# Everything outside ASCII and these characters: the line is not a legacy Cyrillic misreading.
_FOREIGN_RE = re.compile(f"[^\x00-\x7f{_CYR_LATIN}]")


def _good_case(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


# Russian letter frequencies (per mille of running text, rounded): the right code page gives
# letters with a high total, the wrong one scatters them (the two tables share no byte-to-letter
# pairs). "Frequent" letters are those above 2%.
_FREQ = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё", (
    110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 16, 16, 14, 12, 10, 9, 7, 6, 5,
    4, 3, 3, 1, 1)))
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
    best, best_score = line, (0, 0)
    for codec in ("cp1251", "koi8_r"):
        candidate = raw.decode(codec, errors="replace")
        if "\ufffd" in candidate:
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", candidate) if not w.isascii()]
        if not words or not all("\u0400" <= c <= "\u04ff" for w in words for c in w):
            continue
        letters = sum(map(len, words))
        frequent = sum(c in _FREQUENT_CYRILLIC for w in words for c in w)
        # Most words in normal case and most letters frequent ones, or this code page is wrong.
        if sum(map(_good_case, words)) * 4 < len(words) * 3 or frequent * 2 < letters:
            continue
        # Ties (short lines) go to the reading with more lowercase: Russian prose is mostly
        # lowercase, and KOI8-R read as Latin-1 inverts the case.
        score = (sum(_FREQ.get(c.lower(), 0) for w in words for c in w), sum(c.islower() for w in words for c in w))
        if score > best_score:
            best, best_score = candidate, score
    return best, int(best is not line)


# --- UTF-8 sequences that lost a byte ----------------------------------------------------------

# "â€" (E2 80 as windows-1252) whose third byte is gone: dropped (followed by a space, end or
# punctuation) or replaced by U+FFFD. With an unclosed “ / â€œ earlier in the line it was the
# 0x9D of ”. The byte is put back (as the C1 character sloppy windows-1252 reads it) so that ftfy
# decodes the whole line.
_LOST_9D_RE = re.compile("\u00e2\u20ac(?:\ufffd|(?=[\\s.,;:!?)]|$))")
_OPENERS = ("\u201c", "\u00e2\u20ac\u0153")


def restore_lost_quote_byte(line: str) -> tuple[str, int]:
    """``“Hello,â€� he said`` / ``the â€œbestâ€ role`` -> the 0x9D of ``”`` put back (pre-ftfy).

    Trade-off: "â€" + U+FFFD or + space could also be the mojibake of another E2 80 xx character
    (U+2010 hyphen, a zero-width joiner, † when 0xA0 became a space); with an unclosed opening
    quote in the same line the right double quote is by far the likeliest, and without one the
    rule does not fire.
    """
    if "\u00e2\u20ac" not in line:
        return line, 0
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        before = line[: match.start()]
        opened = sum(before.count(o) for o in _OPENERS)
        closed = before.count("\u201d") + before.count("\u00e2\u20ac\x9d")
        if opened <= closed:
            return match.group(0)
        count += 1
        return "\u00e2\u20ac\x9d"

    line = _LOST_9D_RE.sub(fix, line)
    return line, count


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


# --- single characters ftfy does not detect -----------------------------------------------------

# MacRoman reads the UTF-8 lead byte F0 of every emoji as the Apple logo U+F8FF (private use),
# which ftfy's badness heuristic does not flag ("Nice \uf8ffüòä"). CP437 reads the lead bytes
# C2-DF as box-drawing characters ("Dise├▒ado"): glued between letters they are never drawing.
_MACROMAN_EMOJI_RE = re.compile("\uf8ff[^\\s\uf8ff]{3}")
_CP437_LEAD = "".join(bytes([b]).decode("cp437") for b in range(0xC2, 0xE0))
_CP437_CONT = "".join(bytes([b]).decode("cp437") for b in range(0x80, 0xC0))
_BOX_RE = re.compile("[\u2500-\u25ff]")
_CP437_PAIR_RE = re.compile(f"(?<=[A-Za-z])[{re.escape(_CP437_LEAD)}][{re.escape(_CP437_CONT)}]")


def _redecode(match: re.Match[str], codec: str, ok) -> str:
    try:
        decoded = match.group(0).encode(codec).decode("utf-8")
    except UnicodeError:
        return match.group(0)
    return decoded if len(decoded) == 1 and ok(decoded) else match.group(0)


def fix_undetected_sequences(line: str) -> tuple[str, int]:
    """MacRoman emoji (``\uf8ffüòä`` -> 😊) and CP437 letters glued to letters (``Per├║`` -> Perú).

    Post-ftfy, on lines it left alone. Trade-off: the Apple logo followed by three MacRoman
    characters that happen to spell a UTF-8 emoji tail, or a box-drawing pair glued after a letter
    that decodes to a letter, would be decoded; neither occurs in drawing or prose.
    """
    count = 0
    if "\uf8ff" in line:
        new = _MACROMAN_EMOJI_RE.sub(lambda m: _redecode(m, "mac_roman", lambda c: ord(c) >= 0x10000), line)
        count += new != line
        line = new
    if _BOX_RE.search(line):
        new = _CP437_PAIR_RE.sub(lambda m: _redecode(m, "cp437", str.isalpha), line)
        count += sum(a != b for a, b in zip(line, new)) if len(new) == len(line) else 1
        line = new
    return line, count
