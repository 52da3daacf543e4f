"""Encoding repair: HTML entities and mojibake (ftfy), with a fast path for clean lines.

ftfy does the mojibake work; what we add is (1) a gate that sends only lines that *could* hold
mojibake to ftfy, which is where the speed comes from, and (2) mapping ftfy's explanation to our
fix names.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import LIGATURES
from ftfy.fixes import fix_latin_ligatures

from . import codepages
from .config import RepairConfig

# A line is sent to ftfy only if it has a character outside this set. Why the set is safe: UTF-8
# mojibake read as latin-1/cp1252 always contains the lead byte as a Latin-1 letter (Â-ô), and as
# MacRoman it needs a letter-like continuation character; ESC (terminal codes), C1 controls,
# ligatures and surrogates are outside too. So ASCII plus this typography can never be mojibake.
# Typography that is never part of mojibake and that no repair rule rewrites (core.py's quiet
# lines use it too).
SAFE_TYPOGRAPHY = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u20ac\u00a3"
_SAFE_CHARS = "\t\n\x20-\x7e\xa0" + SAFE_TYPOGRAPHY
UNSAFE_RE = re.compile(f"[^{_SAFE_CHARS}]")

# Entities need the ';' (html.unescape also accepts "&copy" without one, which would turn the URL
# query "?a=1&copy=2" into "©=2").
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A line that shows markup (a tag) or an entity right after '=' / inside a URL is code or HTML
# quoted on purpose: its entities are left alone.
MARKUP_LINE_RE = re.compile(r"<[A-Za-z/!]|=&|https?://\S*&")


def _unescape_one(match: re.Match[str]) -> str:
    entity = match.group(0)
    decoded = html.unescape(entity)
    # ftfy also accepts upper-case names (&EACUTE;); html does not. Try the lower-case name for
    # names that are all upper case, as ftfy does.
    if decoded == entity and entity[1:-1].isupper() and entity[1].isalpha():
        decoded = html.unescape(entity.lower())
        if decoded != entity.lower() and len(decoded) == 1:
            decoded = decoded.upper()
        elif decoded == entity.lower():
            decoded = entity
    return decoded


def decode_html_entities(text: str) -> tuple[str, int]:
    """Decode HTML entities line by line, repeated until stable (``&amp;amp;`` -> ``&``).

    Trade-off: an article *about* HTML that writes ``&amp;`` in prose (no tag on the line) gets it
    decoded. Lines with tags, ``=&`` or URLs with ``&`` are skipped entirely.
    """
    if "&" not in text:
        return text, 0
    total = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "&" not in line or ";" not in line or MARKUP_LINE_RE.search(line):
            continue
        for _ in range(4):  # &amp;amp;amp;lt; is about as deep as real pages go
            new, n = ENTITY_RE.subn(_unescape_one, line)
            if new == line:
                break
            total += n
            line = new
        lines[i] = line
    return "\n".join(lines), total


# ftfy explanation steps -> our fix names. Every encode/decode/transcode step is mojibake repair.
_FTFY_APPLY_NAMES = {
    "fix_latin_ligatures": "ligatures",
    "fix_character_width": "character_width",
    "uncurl_quotes": "uncurl_quotes",
    "remove_terminal_escapes": "terminal_escapes",
    "fix_surrogates": "surrogates",
    "decode_inconsistent_utf8": "mojibake",
}


# ftfy's ligature fix is a str.translate of every line it sees, a tenth of its time on broken text.
# On the fast path it runs only where a ligature is, before ftfy or in what ftfy decoded.
_LIGATURE_RE = re.compile("[" + "".join(map(chr, sorted(LIGATURES))) + "]")


@lru_cache(maxsize=16)
def _ftfy_config(fix_encoding: bool, ligatures: bool, width: bool, uncurl: bool) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=False,  # ours: needs the ';' and skips markup lines
        remove_terminal_escapes=True,
        fix_encoding=fix_encoding,
        fix_latin_ligatures=ligatures,
        fix_character_width=width,
        uncurl_quotes=uncurl,
        fix_line_breaks=False,  # ours: one separator -> one "\n", line count preserved
        fix_surrogates=True,
        remove_control_chars=False,  # ours, after mojibake repair
        normalization=None,  # ours, last
        explain=True,
    )


# The fixers ftfy.fix_and_explain runs after its encoding step, in its order (ftfy 6.3.1).
_FTFY_FIXERS = ("fix_c1_controls", "fix_latin_ligatures", "fix_character_width", "uncurl_quotes",
                "fix_line_breaks", "fix_surrogates", "remove_terminal_escapes", "remove_control_chars")


def ftfy_fix_and_explain(text: str, config: ftfy.TextFixerConfig) -> tuple[str, list[ftfy.ExplanationStep]]:
    """``ftfy.fix_and_explain`` (for our configs: no HTML unescaping, no normalization) without its
    confirming round.

    ftfy repeats [encoding fix to its fixpoint, then the other fixers] until a whole round changes
    nothing. When the fixers change nothing after an encoding fix, the next round is certain to
    change nothing too (same text, same deterministic steps), yet costs a badness scan and all
    the fixers again: a quarter of its time on broken text. Same text and the same steps, as a
    set (ftfy's extra round can record a no-op step twice); fix counts use step names only (tested).
    """
    steps: list[ftfy.ExplanationStep] = []
    while True:
        start = text
        text, encoding_steps = ftfy.fix_encoding_and_explain(text, config)
        steps.extend(encoding_steps)
        after_encoding = text
        for name in _FTFY_FIXERS:
            if getattr(config, name):
                fixed = ftfy.FIXERS[name](text)
                if fixed != text:
                    steps.append(ftfy.ExplanationStep("apply", name))
                    text = fixed
        if text == after_encoding or text == start:
            return text, steps


# UTF-8 mojibake of the lost-character marks themselves, which ftfy's heuristic finds too
# short to call bad ("force â–¡ from"): map back to the mark so the lost_dash rule sees it.
_MARK_MOJIBAKE_RE = re.compile("\u00e2\u2013\u00a1|\u00e2\x96\u00a1|\u00ef\u00bf\u00bd")
_MARKS = {"\u00e2\u2013\u00a1": "\u25a1", "\u00e2\x96\u00a1": "\u25a1", "\u00ef\u00bf\u00bd": "\ufffd"}


# "Â" + NBSP inside capitals is the UTF-8 NBSP read as windows-1252 for ftfy, but in romanised
# Japanese and in Portuguese / French capitals it is a real "Â" before a no-break space
# ("MISUTÂ AJIKKO"). When one such "Â" on a short line (a name, a label) is the only thing ftfy
# would change, there is no evidence of mojibake: the line is kept. A headline with several, or
# a longer line ("US OFFERS TO COOPERATE WITHÂ RUSSIA"), is mojibake. Trade-off: a short
# capitalised label whose only damage is one NBSP ("BREAKINGÂ NEWS") keeps its "Â".
_CAPS_A_NBSP_RE = re.compile("(?<=[A-Z])\u00c2(?=\xa0[A-Z])")
_CAPS_A_MAX_WORDS = 3


def fix_mojibake(text: str, config: RepairConfig, only_bad: bool = False) -> tuple[str, Counter[str]]:
    """Run ftfy's fixers on each line that could hold mojibake; count lines changed per fix.

    Trade-off: whatever ftfy misreads, we misread (rare: clean text that looks exactly like
    mojibake). The fast path only skips lines that cannot be mojibake, so it changes no output.
    """
    counts: Counter[str] = Counter()
    fast = config.fast_path_applies
    if fast and not UNSAFE_RE.search(text):
        return text, counts
    cfg = _ftfy_config(
        config.fix_encoding, config.fix_latin_ligatures, config.fix_character_width, config.uncurl_quotes
    )
    # Without ligatures in the line, ftfy runs without its ligature fix; one it decoded is fixed after.
    late_ligatures = fast and config.fix_latin_ligatures
    cfg_late = _ftfy_config(config.fix_encoding, False, config.fix_character_width, config.uncurl_quotes)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line or (fast and not UNSAFE_RE.search(line)):
            continue
        # Repeat passes: ftfy already ran to its own fixpoint; only a line that our removals
        # turned into mojibake-looking text (ftfy's first test, is_bad) needs it again.
        if only_bad and not is_bad(line):
            continue
        names: set[str] = set()
        work = line
        if config.fix_encoding and config.fix_legacy_cyrillic:
            # Before ftfy, which would read "Â " (cp1251 "В ") as a UTF-8 NBSP and mangle the line.
            lines[i], n = codepages.fix_legacy_cyrillic(line)
            if n:
                counts["legacy_cyrillic"] += 1
                continue
        if config.fix_encoding and config.fix_lost_bytes:
            work, n = codepages.restore_lost_quote_byte(work)
            m = 0
            if "\ufffd" in work:
                work, m = codepages.restore_lost_l_stroke(work)
            if n or m:
                names.add("lost_byte")
        line_cfg = cfg_late if late_ligatures and not _LIGATURE_RE.search(work) else cfg
        fixed, steps = ftfy_fix_and_explain(work, line_cfg)
        if line_cfg is cfg_late and _LIGATURE_RE.search(fixed):
            fixed, steps = fix_latin_ligatures(fixed), [*steps, ftfy.ExplanationStep("apply", "fix_latin_ligatures")]
        if config.fix_encoding and config.fix_lost_bytes:
            # The same line with its lossy sequences held as unknown characters: kept only when
            # ftfy reads it exactly as the plain line (a noncharacter can stop ftfy decoding).
            marked, n = codepages.mark_lossy_sequences(work)
            if n:
                fixed_marked, steps_marked = ftfy_fix_and_explain(marked, cfg)  # rare: no late-ligature shortcut
                if fixed_marked.replace(codepages.UNKNOWN_CHAR, "\ufffd") == fixed:
                    fixed, steps = fixed_marked, [*steps_marked, ftfy.ExplanationStep("apply", "lossy_sequence")]
        if (len(_CAPS_A_NBSP_RE.findall(work)) == 1 and len(work.split()) <= _CAPS_A_MAX_WORDS
                and _CAPS_A_NBSP_RE.sub("", work) == fixed):
            fixed = work  # "MISUTÂ AJIKKO": ftfy's only change was a real Â (see _CAPS_A_NBSP_RE)
        if config.fix_encoding and _MARK_MOJIBAKE_RE.search(fixed):
            fixed = _MARK_MOJIBAKE_RE.sub(lambda m: _MARKS[m.group(0)], fixed)
            steps = [*steps, ftfy.ExplanationStep("apply", "mark_mojibake")]
        if fixed != work:
            names.update(
                _FTFY_APPLY_NAMES.get(step.parameter, "mojibake") if step.action == "apply" else "mojibake"
                for step in steps
            )
        # What ftfy cannot do (codepages.py): the lost "à" only on lines it left alone, so its
        # output is never second-guessed; runs of code-page mojibake also on lines it changed
        # (it decodes some DOS code-page runs and leaves others: "“But this morningΓÇÖs").
        elif config.fix_encoding and config.fix_lost_bytes:
            fixed, n = codepages.restore_a_grave(fixed)
            if n:
                names.add("lost_byte")
        if config.fix_encoding and config.fix_lost_bytes:
            fixed, n = codepages.redecode_runs(fixed)
            if n:
                names.add("mojibake")
        # A "fix" that adds or removes a line break would shift line numbers: refuse it.
        if fixed == line or "\n" in fixed:
            continue
        lines[i] = fixed
        counts.update(names)
    return "\n".join(lines), counts
