"""Synthetic corruption for tests and benchmarks: the damage repair must undo exactly.

Each step is something a real pipeline does to news text: a transcoder that writes ``?`` or
U+FFFD for characters it cannot represent, a font without a dash glyph (``□``), a Markdown
exporter that escapes ``$``, HTML ``&nbsp;``, hyphenation hints and zero-width debris, padded
lines, and finally UTF-8 bytes decoded with the wrong codec. Deterministic: no randomness here,
callers choose the steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CONTRACTION_RE = re.compile(r"(?<=[A-Za-z])\u2019(?=(?:s|re|ve|ll|d)\b)|(?<=n)\u2019(?=t\b)|(?<=\bI)\u2019(?=m\b)")
_LONG_WORD_RE = re.compile(r"[A-Za-z]{6,}")


def lose_apostrophes(text: str, mark: str = "?") -> str:
    """Contraction/possessive apostrophes ``’`` -> ``mark``."""
    return _CONTRACTION_RE.sub(mark, text)


def lose_dashes(text: str, mark: str = "\u25a1") -> str:
    """Spaced em dashes -> ``mark``."""
    return text.replace(" \u2014 ", f" {mark} ")


def escape_dollars(text: str) -> str:
    """``$5`` -> ``\\$5`` (Markdown/LaTeX export)."""
    return re.sub(r"\$(?=\d)", r"\\$", text)


def nbsp_spaces(text: str, every: int = 3) -> str:
    """Every ``every``-th space -> NBSP."""
    parts = text.split(" ")
    return "".join(p + ("\xa0" if i % every == 0 else " ") for i, p in enumerate(parts[:-1])) + parts[-1]


def invisibles(text: str) -> str:
    """A soft hyphen and a ZWSP inside the first long word, a BOM at the start of each line."""
    m = _LONG_WORD_RE.search(text)
    if m:
        i = m.start() + 3
        text = text[:i] + "\xad" + text[i : i + 1] + "\u200b" + text[i + 1 :]
    return "\n".join("\ufeff" + line for line in text.split("\n"))


def pad_spaces(text: str) -> str:
    """Double spaces after commas, padded line ends, CRLF line endings."""
    return "\r\n".join("  " + line.replace(", ", ",  ") + " \t" for line in text.split("\n"))


def mojibake(text: str, codec: str = "cp1252", times: int = 1) -> str:
    """UTF-8 bytes decoded with ``codec``, ``times`` times. Raises UnicodeDecodeError when the
    codec cannot decode the bytes (that damage cannot happen to this text)."""
    for _ in range(times):
        text = text.encode("utf-8").decode(codec)
    return text


def legacy_misread(text: str, stored: str = "cp1251", read: str = "cp1252") -> str:
    """Text stored in a legacy code page and read through another one (Cyrillic cp1251 read as
    windows-1252: "Привет" -> "Ïðèâåò"). Raises UnicodeError when ``stored`` cannot hold the text
    or ``read`` cannot read the bytes (that damage cannot happen to this text)."""
    return text.encode(stored).decode(read)


def partial_mojibake(text: str, codec: str = "cp1252") -> str:
    """Only the second half of each line (from the space nearest its middle) is UTF-8 read as
    ``codec``: a line stitched together from two sources, or a template around a broken field."""
    lines = []
    for line in text.split("\n"):
        cut = line.find(" ", len(line) // 2)
        lines.append(line if cut < 0 else line[:cut] + mojibake(line[cut:], codec))
    return "\n".join(lines)


CHARACTER_DAMAGE: dict[str, Callable[[str], str]] = {
    "apostrophe_q": lambda t: lose_apostrophes(t, "?"),
    "apostrophe_fffd": lambda t: lose_apostrophes(t, "\ufffd"),
    "dash_box": lambda t: lose_dashes(t, "\u25a1"),
    "dash_fffd": lambda t: lose_dashes(t, "\ufffd"),
    "escape": escape_dollars,
    "nbsp": nbsp_spaces,
    "pad": pad_spaces,
    "invisibles": invisibles,
}
ENCODING_DAMAGE: dict[str, Callable[[str], str]] = {
    "none": lambda t: t,
    "cp1252": lambda t: mojibake(t, "cp1252", 1),
    "cp1252x2": lambda t: mojibake(t, "cp1252", 2),
    "latin1": lambda t: mojibake(t, "latin-1", 1),
    "macroman": lambda t: mojibake(t, "mac_roman", 1),
    "cp437": lambda t: mojibake(t, "cp437", 1),
    "cp1251_as_cp1252": legacy_misread,
    "partial": partial_mojibake,
}


def corrupt(text: str, steps: list[str] | tuple[str, ...], encoding: str = "none") -> str:
    """Apply character damage ``steps`` in order, then ``encoding`` damage (skipped when the codecs
    cannot hold or read the bytes)."""
    for step in steps:
        text = CHARACTER_DAMAGE[step](text)
    try:
        return ENCODING_DAMAGE[encoding](text)
    except UnicodeError:
        return text
