"""Text repair: mojibake and lost characters, explained.

Public API::

    from textmill.repair import RepairConfig, RepairResult, repair_text, explain_repair

ftfy handles encoding mojibake, and ``codepages`` adds what ftfy leaves alone (legacy Cyrillic
code pages read as Latin-1, UTF-8 sequences that lost a byte, MacRoman emoji, CP437 letters);
our own context rules restore characters that were lost outright
(``□`` / U+FFFD for a dash, ``?`` for an apostrophe or quote, stray ``?`` after punctuation,
markup backslash escapes) and normalise whitespace and invisibles, line by line, without ever
joining or splitting lines. Every fix is a pure function with a name; ``explain_repair`` reports
how often each fired (these names go to the documents table's ``repairs`` column).
"""

from .config import RepairConfig, RepairResult
from .core import explain_repair, repair_text

__all__ = ["RepairConfig", "RepairResult", "explain_repair", "repair_text"]
