"""Configuration and result types of the repair stage.

One frozen config object for the stage (ftfy's ``TextFixerConfig`` habit): every option has a safe
default and states the trade-off it controls. Defaults never change clean text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RepairConfig:
    """Options of :func:`textmill.repair.repair_text`. Every rule can be switched off.

    Encoding repair (ftfy):
      fix_encoding: True. Undo mojibake (UTF-8 read as cp1252 / latin-1 / MacRoman / cp1251 ...,
          double and triple encodings, C1 controls that stand for cp1252 punctuation). ftfy is
          conservative; its rare false positive is clean text that *looks* like mojibake
          (e.g. a literal "Ã©" in an article about mojibake).
      html_entities: True. Decode ``&amp;``, ``&#8217;``, ``&nbsp;`` ... (``;`` required, repeated
          until stable so ``&amp;amp;`` becomes ``&``). Lines that look like markup or code (contain
          ``<tag`` or ``=`` right before the entity) are left alone, so an HTML snippet quoted in an
          article is not rewritten.
      fix_lost_bytes: True. A UTF-8 sequence that lost one byte on the way, which ftfy leaves alone:
          "â€" whose 0x9D (undefined in windows-1252) was dropped or became U+FFFD, with an unclosed
          opening quote earlier in the line -> "”"; "Ã" whose 0xA0 byte became a space, standing
          alone or glued after a lowercase letter ("allé Ã Paris") -> "à". Capitalised
          Portuguese / Vietnamese ("SÃO", "IRMÃ E") is not touched; its false positive is a
          literal "Ã" between lowercase words. Also single sequences ftfy's heuristic misses:
          MacRoman emoji (the Apple-logo lead byte) and CP437 letters glued to letters ("Per├║").
      fix_legacy_cyrillic: True. windows-1251 / KOI8-R Cyrillic read as Latin-1 ("Ïðèâåò" ->
          "Привет"), which ftfy does not try (it is not UTF-8 mojibake). Fires only on lines whose
          non-ASCII words are all made of Latin-1 letters with no ASCII letter inside (real
          Latin-script words always mix), long enough, and that decode to normal-case Cyrillic made
          mostly of frequent Russian letters; false positive: a line listing accented letters as
          words ("ÀÉÎÕÜ ÑÇ"); misses: very short lines (one or two short words).
      fix_latin_ligatures: True. ``ﬁ`` -> ``fi``: PDF extraction artefact; never wanted in news text.
      fix_character_width: False. Fullwidth -> halfwidth (``Ａ`` -> ``A``). Off: fullwidth forms are
          legitimate in CJK text, and ftfy's version also rewrites halfwidth katakana.
      uncurl_quotes: False. Curly -> straight quotes. Off: it damages clean typography.

    Characters lost outright (our own context rules; ftfy cannot do these):
      lost_dash: True. ``□`` / U+FFFD between two words (``WASHINGTON (AP) □ Frustrated``) -> dash.
          Lines that start with ``□`` are treated as checklists and left alone.
      dash: "—". The dash that is restored (news style: em dash).
      lost_quote: True. ``?`` / U+FFFD / ``□`` standing for an apostrophe inside a contraction or
          possessive (``don?t``, ``Kerry?s``, ``O?Brien``) -> ``’``; ``?quoted?`` pairs -> ``“quoted”``.
      apostrophe: "’". The lost character was non-ASCII (an ASCII ``'`` is never lost in transcoding),
          so the curly apostrophe is the faithful restoration.
      sjis_punctuation: True. English typed on a Japanese system and read as windows-1252: the
          Shift-JIS quotes lose their 0x81 lead byte and show as U+FFFD + letter
          (``�gShoot him�h``) -> ``“Shoot him”`` (also ``�c`` -> ``…``, ``�f`` -> ``’``), only on
          lines that hold both quotes.
      stray_question_mark: True. ``?`` glued after ``.`` or ``,`` at a word end (``told CNN.?``) is
          removed, or becomes ``”`` when the line has an unclosed ``“``. ``etc.?``, ``U.S.?`` and other
          abbreviations are kept (a real question ending in an abbreviation).
      backslash_escape: True. Markup escapes ``\\$5``, ``50\\%``, ``AT\\&T``, ``snake\\_case``, ``\\#1``.
          A line with any other backslash (paths, regexes, LaTeX, ``\\n``) is code: left alone.

    Whitespace and invisibles (leading whitespace is stripped too: this is news text, indentation
    carries no meaning; turn ``trim_spaces`` off for text where it does):
      normalize_spaces: True. NBSP and the other Unicode space variants and tabs -> " ".
      collapse_spaces: True. Runs of spaces -> one space.
      trim_spaces: True. Leading and trailing spaces of every line removed.
      remove_zero_width: True. ZWSP, word joiner, BOM removed; ZWJ / ZWNJ only when not between two
          non-ASCII characters (they are meaningful in Persian, Indic scripts and emoji sequences).
      remove_soft_hyphens: True. U+00AD removed (invisible hyphenation hint).
      remove_control_chars: True. Stray C0 / C1 controls and DEL removed (after ftfy had its chance
          to read C1 controls as cp1252 punctuation).
      nfc: True. Unicode NFC normalisation.

    Line separators are always normalised to "\\n" (one separator -> one "\\n", so line numbers
    are preserved); this is part of the stage's contract, not an option.

    Engine:
      fast_path: True. Lines whose characters cannot form mojibake (ASCII plus common typography)
          skip ftfy. Output is identical either way (tested); False only for benchmarks and tests.
      max_passes: 3. The whole fix list repeats until the text is stable (idempotence), at most this
          many times.
    """

    fix_encoding: bool = True
    html_entities: bool = True
    fix_lost_bytes: bool = True
    fix_legacy_cyrillic: bool = True
    fix_latin_ligatures: bool = True
    fix_character_width: bool = False
    uncurl_quotes: bool = False
    lost_dash: bool = True
    dash: str = "\u2014"
    lost_quote: bool = True
    apostrophe: str = "\u2019"
    sjis_punctuation: bool = True
    stray_question_mark: bool = True
    backslash_escape: bool = True
    normalize_spaces: bool = True
    collapse_spaces: bool = True
    trim_spaces: bool = True
    remove_zero_width: bool = True
    remove_soft_hyphens: bool = True
    remove_control_chars: bool = True
    nfc: bool = True
    fast_path: bool = True
    max_passes: int = 3

    @property
    def fast_path_applies(self) -> bool:
        """Whether lines of ASCII plus safe typography may skip work (ftfy, and in core the whole
        fix list). Not when uncurling quotes: curly quotes are in the safe set, so every line
        needs ftfy then."""
        return self.fast_path and not self.uncurl_quotes


@dataclass(frozen=True)
class RepairResult:
    """Repaired text plus the fixes that fired.

    ``fixes`` holds ``(fix name, times fired)`` pairs, sorted by name, only fixes that fired. Counts
    are occurrences (characters replaced, runs collapsed, entities decoded), except ``mojibake``,
    ``nfc`` and the other ftfy steps, which count lines changed.
    """

    text: str
    fixes: tuple[tuple[str, int], ...]

    @property
    def changed(self) -> bool:
        """True when any fix fired."""
        return bool(self.fixes)

    def as_dict(self) -> dict[str, int]:
        """The fixes as a plain dict (for the documents table's ``repairs`` column)."""
        return dict(self.fixes)
