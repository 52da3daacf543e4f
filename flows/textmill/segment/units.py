"""Lines -> blocks -> units, and sentences split by a blank line rejoined (see the package
docstring of :mod:`textmill.segment`, step 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textmill import metadata as md
from textmill.boilerplate import ends_sentence, is_heading_like, is_list_item, line_rule
from textmill.segment.model import SegmentConfig

# ------------------------------------------------------------------------- units
@dataclass
class _Unit:
    lines: list[tuple[int, str]]  # (1-based line number, stripped text)
    kind: str = ""  # "" (undecided) | "drop" | "title" | "byline" | "dateline" | "caption" | "body" | "heading"
    rule: str = ""  # drop rule
    block: int = 0  # index of the blank-line separated block the unit starts in
    tag: str = ""  # HTML: the extractor's element of its first line (see .structure), else ""
    _text: str = field(default="", repr=False)  # join cache, valid while len(lines) == _n
    _n: int = field(default=-1, repr=False)

    @property
    def text(self) -> str:
        if self._n != len(self.lines):  # lines only ever grow (joins), so the length is a key
            self._text, self._n = " ".join(t for _, t in self.lines), len(self.lines)
        return self._text

    @property
    def start(self) -> int:
        return self.lines[0][0]


def _is_prose(u: _Unit, min_chars: int) -> bool:
    """An undecided unit that reads as a paragraph of prose on its own: at least ``min_chars``
    characters ending in a complete sentence (the start of the article, the end of a list)."""
    return u.kind == "" and len(u.text) >= min_chars and ends_sentence(u.text)


def _starts_lower(s: str) -> bool:
    """Starts with a lower-case letter (after opening quotes/brackets): a continuation."""
    s = s.lstrip("\"'“‘«([")
    return bool(s) and s[0].isalpha() and s[0].islower()


def _is_wrapped(block: list[tuple[int, str]], width: int) -> bool:
    """A hard-wrapped paragraph: 3+ lines, all but the last of similar length (>= 70 % of the
    longest, which is 50..``width`` chars), most ending mid-sentence, and at least one line
    continuing in lower case. A list of headlines has similar lengths too, but every line
    starts upper-case; it stays split."""
    if len(block) < 3:
        return False
    lengths = [len(t) for _, t in block[:-1]]
    if not 50 <= max(lengths) <= width or min(lengths) < 0.7 * max(lengths):
        return False
    open_ends = sum(1 for _, t in block[:-1] if not ends_sentence(t))
    lower_starts = sum(1 for _, t in block[1:] if _starts_lower(t))
    return open_ends * 2 > len(block) - 1 and lower_starts >= 1


_LIST_CLAUSE_RE = re.compile(r"[;,]\s*(?:and|or|und|oder|et|ou|y|o|e|en|of)$", re.IGNORECASE)
_INNER_SENTENCE_RE = re.compile(r"[.!?][\"'”’»)]*\s+[\"'“‘«(]?[A-ZÀ-Þ]")


def _ends_mid_sentence(text: str, stoplist: frozenset[str]) -> bool:
    """A paragraph cut in the middle of a sentence: no terminal punctuation, and it ends with a
    comma, a function word of the language ('die vielen', 'of the'), or a lower-case word
    after a complete sentence inside the same paragraph."""
    t = text.rstrip()
    if not t or ends_sentence(t) or t.endswith((":", ";", "?", "!")):
        return False
    if t.endswith(","):
        return True
    last = t.split()[-1].strip("\"'”’»)]")
    if not last:
        return False
    # A function word cannot end a sentence; a plain lower-case word can end a headline
    # ("... lose patience"), so it only counts in a paragraph that already holds a sentence.
    # (jusText's stoplists are frequency lists holding nouns such as "county": a capitalised
    # last word never counts)
    return last[0].islower() and (last in stoplist or _INNER_SENTENCE_RE.search(t) is not None)


# Extracted HTML: elements a sentence can run on across (a heading, list item or table row
# ends where its element does).
_PROSE_TAGS = frozenset({"p", "text", "quote"})


def _continues(prev: _Unit, nxt: _Unit, cfg: SegmentConfig, stoplist: frozenset[str]) -> bool:
    """Does ``nxt`` (first unit of a block) continue the sentence ``prev`` ends with?

    Lower-case continuation: always. Upper-case continuation (German nouns, names): only when
    ``prev`` is prose-length (a subhead is shorter), ends mid-sentence, is not a list item,
    and ``nxt`` starts with a letter and does not look like a heading or title. FP risk: a
    paragraph whose final full stop was lost in scraping, followed by a paragraph that
    starts with a noun, is merged (the text is all kept; only the paragraph break is lost).
    """
    a, b = prev.text, nxt.text
    if ends_sentence(a) or a.endswith((":", ";")) or _LIST_CLAUSE_RE.search(a) or line_rule(a) or line_rule(b) \
            or md.parse_byline(b) or md.is_caption(a):
        return False  # (a clause ending in '; and' closes a list item: the next item is its own)
    if prev.tag or nxt.tag:
        # extracted HTML: a paragraph boundary is the page's own, not a wrapping accident;
        # only a lower-case start across two prose elements is a split sentence
        return prev.tag in _PROSE_TAGS and nxt.tag in _PROSE_TAGS and _starts_lower(b)
    if _starts_lower(b):
        return True
    first = b.lstrip("\"'“‘«([")[:1]
    return (len(a) >= cfg.boilerplate.length_low and not is_list_item(a) and first.isalpha()
            and _ends_mid_sentence(a, stoplist) and not is_heading_like(b, cfg.boilerplate)
            and not is_list_item(b) and not md.is_caption(b))


def _units(lines: list[str], cfg: SegmentConfig, stoplist: frozenset[str] = frozenset(),
           tags: dict[int, str] | None = None) -> list[_Unit]:
    """Units of the text's lines; ``tags`` (extracted HTML: line number -> the extractor's
    element, see :mod:`.structure`) tags each unit with its first line's element."""
    tags = tags or {}
    blocks: list[list[tuple[int, str]]] = [[]]
    for no, raw in enumerate(lines, start=1):
        s = raw.strip()
        if s:
            blocks[-1].append((no, s))
        elif blocks[-1]:
            blocks.append([])
    units: list[_Unit] = []
    for k, block in enumerate(b for b in blocks if b):
        if _is_wrapped(block, cfg.wrap_width):
            group = [_Unit(list(block), block=k, tag=tags.get(block[0][0], ""))]
        else:
            group = []
            colon_list = False  # after 'The new rules will:', lower-case lines are list items
            for no, s in block:
                prev = group[-1] if group else None
                colon_list = colon_list or bool(prev and prev.lines[-1][1].endswith(":"))
                if (prev and not colon_list and not ends_sentence(prev.lines[-1][1]) and _starts_lower(s)
                        and not line_rule(s) and not line_rule(prev.lines[-1][1]) and not md.parse_byline(s)):
                    prev.lines.append((no, s))  # a line continued in lower case
                else:
                    group.append(_Unit([(no, s)], block=k, tag=tags.get(no, "")))
        # sentence split by a blank line: previous block ends mid-sentence (see _continues)
        if cfg.rejoin_split_sentences and units and group and _continues(units[-1], group[0], cfg, stoplist):
            units[-1].lines.extend(group.pop(0).lines)
        units.extend(group)
    return units
