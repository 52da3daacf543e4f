"""The repair pipeline: ordered pure fixes, repeated until stable, each counted by name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from . import codepages, lost, whitespace
from .config import RepairConfig, RepairResult
from .encoding import SAFE_TYPOGRAPHY, decode_html_entities, fix_mojibake

Fix = Callable[[str], tuple[str, int]]

# A line made only of these characters is left as it is by every fix, so the fast path hands the
# fixes only the other lines. Why each is quiet: printable ASCII cannot be mojibake and is NFC,
# minus the three marks a rule looks for ("?" lost quote / stray mark, "\\" escape, "&" entity);
# the typography is ftfy's safe set (encoding.SAFE_TYPOGRAPHY; tab and NBSP are not quiet: the
# space rules rewrite them). Spaces are quiet alone; a run of two or a space at a line edge is not
# (checked with plain substring tests, which are much faster than a regex alternation).
_QUIET_CHARS = r"\x20-\x25\x27-\x3e\x40-\x5b\x5d-\x7e" + SAFE_TYPOGRAPHY
_LOUD_CHAR_RE = re.compile(rf"[^\n{_QUIET_CHARS}]")  # escapes read by re: "\x5d" is "]"


def _loud_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line some fix could change (see _QUIET_CHARS), in order.

    Found from the positions of loud characters and space runs in the whole text (each scan runs
    in C), so a long clean article costs a few scans, not a regex call per line."""
    positions = [m.start() for m in _LOUD_CHAR_RE.finditer(text)]
    for needle in ("  ", " \n", "\n "):
        at = text.find(needle)
        while at >= 0:
            positions.append(at if needle[0] == " " else at + 1)
            at = text.find(needle, at + 2)
    if text[:1] == " ":
        positions.append(0)
    if text[-1:] == " ":
        positions.append(len(text) - 1)
    spans: list[tuple[int, int]] = []
    end = -1
    for at in sorted(positions):
        if at <= end:
            continue  # on the line already taken
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        spans.append((text.rfind("\n", 0, at) + 1, end))
    return spans


def _fix_list(config: RepairConfig) -> list[tuple[str, Fix]]:
    """The fixes after mojibake repair, in order. Why this order:

    invisibles before spaces (a removed ZWSP can leave two spaces to collapse), spaces before the
    lost-character rules (they look for " □ " with plain spaces), NFC last (earlier fixes can
    produce decomposed sequences only from decomposed input, but NFC is cheap to run last).
    """
    fixes: list[tuple[str, Fix]] = []
    if config.remove_zero_width:
        fixes.append(("zero_width", whitespace.remove_zero_width))
    if config.remove_soft_hyphens:
        fixes.append(("soft_hyphen", whitespace.remove_soft_hyphens))
    if config.remove_control_chars:
        fixes.append(("control_chars", whitespace.remove_control_chars))
    if config.normalize_spaces:
        fixes.append(("nbsp", whitespace.normalize_nbsp))
        fixes.append(("space_variants", whitespace.normalize_space_variants))
    # Trim before collapsing: then every remaining run is inside a line and a plain literal
    # regex finds it (fast); without trimming, runs that indent a line are kept.
    if config.trim_spaces:
        fixes.append(("trim_spaces", whitespace.trim_spaces))
    if config.collapse_spaces:
        keep_indent = not config.trim_spaces
        fixes.append(("collapse_spaces", lambda t: whitespace.collapse_spaces(t, keep_indent)))
    if config.sjis_punctuation:
        # Before the quote rules, which would pair the U+FFFD marks as lost quotes.
        fixes.append(("sjis_punctuation", lost.restore_sjis_punctuation))
    if config.lost_quote:
        # Before the dash rule: "Kerry□s" is an apostrophe, not a dash.
        fixes.append(("lost_quote", lambda t: lost.restore_lost_quotes(t, config.apostrophe)))
    if config.lost_dash:
        fixes.append(("lost_dash", lambda t: lost.restore_lost_dashes(t, config.dash)))
    if config.stray_question_mark:
        fixes.append(("stray_question_mark", lost.remove_stray_question_marks))
    if config.backslash_escape:
        fixes.append(("backslash_escape", lost.unescape_backslashes))
    if config.nfc:
        fixes.append(("nfc", whitespace.normalize_nfc))
    return fixes


def _one_pass(text: str, config: RepairConfig, counts: Counter[str], repeat: bool = False) -> str:
    entities = 0
    if config.html_entities:
        # Before ftfy: an entity can hide mojibake ("&Atilde;&copy;") and ftfy works on characters.
        text, entities = decode_html_entities(text)
        if entities:
            counts["html_entities"] += entities
    # ftfy repeats its own fixes until stable; a repeat pass needs it only on lines our removals
    # made look bad again (or that gained decoded entities). This halves the cost on broken text.
    text, ftfy_counts = fix_mojibake(text, config, only_bad=repeat and not entities)
    counts.update(ftfy_counts)
    for name, fix in _fix_list(config):
        text, n = fix(text)
        if n:
            counts[name] += n
    return text


def _repair_lines(text: str, config: RepairConfig, counts: Counter[str]) -> str:
    """The fix list on lines whose separators are already "\\n", repeated until stable."""
    original = text
    text = _one_pass(text, config, counts)
    # Repeat until stable, but only on the lines the last pass changed: every fix is line-local
    # (no rule looks across "\n"), so unchanged lines are already stable. This keeps the
    # confirming pass almost free on long, mostly clean documents.
    previous = original
    for _ in range(max(1, config.max_passes) - 1):
        if text == previous:
            break
        old_lines, new_lines = previous.split("\n"), text.split("\n")
        changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
        again = _one_pass("\n".join(new_lines[i] for i in changed), config, counts, repeat=True)
        again = again.split("\n")
        previous = text
        for i, line in zip(changed, again, strict=True):
            new_lines[i] = line
        text = "\n".join(new_lines)
    if codepages.UNKNOWN_CHAR in text:  # held apart from the lost-character rules until now
        text = text.replace(codepages.UNKNOWN_CHAR, "\ufffd")
    return text


def explain_repair(text: str, config: RepairConfig | None = None) -> RepairResult:
    """Repair ``text`` (a whole document) and report which fixes fired, how often.

    The line structure is kept: every line separator (\\r\\n, \\r, \\v, \\f, NEL, U+2028, U+2029,
    FS/GS/RS) becomes exactly one "\\n" and no fix joins or splits lines, so
    ``len(text.splitlines()) == len(result.text.splitlines())`` up to a trailing empty line.
    One exception to idempotence: a U+FFFD kept for a character the input proved unknown (a UTF-8
    sequence that lost its last byte, "ðŸ“� Regulamento") is, in the output, indistinguishable
    from a lost dash between two words, and a second repair may make it one.
    Within a line, leading and trailing whitespace is stripped (news text: indentation carries no
    meaning; set ``trim_spaces=False`` to keep it). Clean text comes back unchanged, and
    ``repair_text(repair_text(x)) == repair_text(x)``.
    """
    if not isinstance(text, str):
        raise TypeError(f"repair expects str, got {type(text).__name__}: decode bytes in ingest first")
    config = config or RepairConfig()
    counts: Counter[str] = Counter()
    text, n = whitespace.normalize_line_separators(text)
    if n:
        counts["line_separators"] += n
    if config.fast_path_applies:
        # Every fix is line-local, so quiet lines (most of a clean article) skip the whole list.
        spans = _loud_spans(text)
        fixed = _repair_lines("\n".join(text[a:b] for a, b in spans), config, counts).split("\n") if spans else []
        pieces, done = [], 0
        for (start, end), line in zip(spans, fixed, strict=True):
            pieces += [text[done:start], line]
            done = end
        pieces.append(text[done:])
        return RepairResult(text="".join(pieces), fixes=tuple(sorted(counts.items())))
    text = _repair_lines(text, config, counts)
    return RepairResult(text=text, fixes=tuple(sorted(counts.items())))


def repair_text(text: str, config: RepairConfig | None = None) -> str:
    """Repaired text only; see :func:`explain_repair` for the contract."""
    return explain_repair(text, config).text
