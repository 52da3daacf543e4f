"""HTML: a learned classifier over the page's DOM blocks, with trafilatura's verdict as one feature.

trafilatura's extracted text is the starting point (it keeps the page's structure: headings,
list items, table rows, link blocks, which the segmenter's roles read). Every visible DOM block
of the page (:mod:`.dom`, the page parsed once) is matched against it (:mod:`.match`), described
by its features (:mod:`.features`) and given a probability of being article text by the shipped
model (:mod:`.model`). Then:

- an extracted block of ``SPLIT_MIN_WORDS`` words or more is first cut into the page blocks it
  holds (:func:`_split_long`: a page of ``<br>`` lines that trafilatura returned as one paragraph),
  so that the verdicts below and the segmenter act on its parts;
- a block trafilatura left out comes back when p >= the model's ``restore_threshold``: it is
  inserted after the extracted block that the last kept block before it sits in (DOM order),
  tagged from its own element (``head``, ``item``, ``quote``, ``cell``, ``p``; ``+link`` when
  links hold most of it) so that the segmenter judges it as it judges trafilatura's blocks;
- an extracted block is dropped when every DOM block in it has p < ``drop_threshold``
  (recorded with rule ``html_block_classifier``), unless the page would be left with less
  than :data:`MIN_KEPT_SHARE` of trafilatura's words: then none of them is made (a page the
  model would gut keeps trafilatura's blocks; on the dev pages these were the article body
  dropped and a byline or a menu line kept, and most such pages ended in ``rejects``; where
  trafilatura took comments or teasers the model drops them and restores the article, which
  keeps the page above the floor);
- every other block trafilatura left out is recorded with rule ``html_extractor`` (the model
  agreed with the drop).
Nothing is lost silently: each left-out block is one ``removed`` row (stage ``extract``, line
number = the DOM block's 1-based number). The page title (block 1 when present) is never
restored: the metadata stage has it.

The segmenter and its line classifier still run on the result (a restored block can still be
dropped there by a phrase, template or context rule, and is recorded there).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from textmill.htmlblocks.dom import dom_blocks
from textmill.htmlblocks.features import block_features
from textmill.htmlblocks.match import _WORD, match_blocks
from textmill.htmlblocks.model import load_model

__all__ = ["PageDecision", "assemble", "decide_page", "page_features", "page_stoplist"]

# A restored block's tag for the segmenter, from its own element (see textmill.html's tags)
_TAG_OF = {"h1": "head", "h2": "head", "h3": "head", "h4": "head", "h5": "head", "h6": "head", "li": "item",
           "dd": "item", "dt": "item", "blockquote": "quote", "pre": "code", "td": "cell", "th": "cell"}
LINK_SHARE = 0.8  # as textmill.html.LINK_SHARE: a block (almost) all link text is a link block
# the page's stoplist is guessed from the start of trafilatura's text: a few paragraphs tell the
# language as well as the whole page, at a fraction of the cost (the guess counts every token)
STOPLIST_CHARS = 2000
# the model's verdicts may not leave less than this share of trafilatura's words (module docstring)
MIN_KEPT_SHARE = 0.2
# an extracted block of at least this many words is cut into the page blocks it holds (see
# _split_long): longer than nearly every real paragraph, so what is cut is a run of <br> lines
# or of elements that trafilatura returned as one paragraph
SPLIT_MIN_WORDS = 300
# trafilatura's blocks of these kinds are never cut (a table row's cells are one line of the table)
UNSPLIT_TAGS = ("row", "cell")
CUT_MAX_GAP = 10  # words of trafilatura's text that no page block holds, skipped when cutting (_cuts)
EXTRACTOR_RULE = "html_extractor"
MODEL_RULE = "html_block_classifier"


@dataclass(frozen=True)
class PageDecision:
    text: str  # the blocks kept, separated by a blank line (as textmill.html's text)
    structure: tuple[str, ...]  # one tag per block of ``text``
    drops: tuple[tuple[int, str, str], ...]  # (DOM block number, text, rule) of every left-out block
    restored: int  # blocks brought back


def page_stoplist(text: str, language: str | None = None) -> frozenset[str]:
    """Stopwords of the page's language (``language``, else guessed from the extracted text)."""
    from textmill.stopwords import guess_stoplist

    return _stoplist(language or guess_stoplist(text[:STOPLIST_CHARS]))


@lru_cache(maxsize=64)
def _stoplist(language: str) -> frozenset[str]:
    from textmill.stopwords import get_stoplist

    return get_stoplist(language)  # built from jusText's file on each call: kept per language here


def page_features(tree, extracted_blocks: list[str], stoplist: frozenset[str]):
    """(DOM blocks, trafilatura's kept mask, anchors, feature matrix) of one parsed page."""
    blocks = dom_blocks(tree)
    kept, anchor = match_blocks([b.text for b in blocks], extracted_blocks)
    return blocks, kept, anchor, block_features(blocks, kept, stoplist)


def _tag(block) -> str:
    base = _TAG_OF.get(block.tag, "p")
    return base + "+link" if block.link_chars >= LINK_SHARE * len(block.text) else base


def decide_page(tree, text: str, structure: tuple[str, ...], stoplist: frozenset[str],
                use_model: bool = True) -> PageDecision:
    """The page's blocks after the model's verdicts (see the module docstring). ``tree`` is
    the parsed page, ``text``/``structure`` trafilatura's extraction (textmill.html)."""
    extracted = text.split("\n\n")
    if len(extracted) != len(structure):  # tags unknown: the segmenter treats the text as plain
        structure = ()
    blocks, kept, anchor, X = page_features(tree, extracted, stoplist)
    model = load_model() if use_model else None
    if model is None or not blocks:
        return assemble(extracted, structure, blocks, kept, anchor, None, 1.0, 0.0)
    return assemble(extracted, structure, blocks, kept, anchor, model.predict(X), model.restore_threshold,
                    model.drop_threshold)


def assemble(extracted: list[str], structure: tuple[str, ...], blocks, kept: np.ndarray, anchor: np.ndarray,
             p: np.ndarray | None, restore_threshold: float, drop_threshold: float) -> PageDecision:
    """trafilatura's blocks with the verdicts ``p`` applied (None: trafilatura's text as is)."""
    n = len(blocks)
    if p is None:
        p = np.where(kept, 1.0, 0.0)
    elif n and structure:
        extracted, structure, anchor = _split_long(extracted, structure, blocks, anchor)
    is_title = np.array([b.tag == "title" for b in blocks], dtype=bool)
    restore = ~kept & (p >= restore_threshold) & ~is_title if n else np.zeros(0, dtype=bool)
    # an extracted block goes when all DOM blocks anchored in it are confidently not article text
    best = np.full(len(extracted), -1.0)
    first_block = np.full(len(extracted), -1, dtype=np.int64)
    for i in np.flatnonzero(anchor >= 0):
        j = anchor[i]
        best[j] = max(best[j], p[i])
        if first_block[j] < 0:
            first_block[j] = i
    drop_extracted = (best >= 0) & (best < drop_threshold)
    words = np.array([len(b.split()) for b in extracted], dtype=np.float64)
    restored_words = sum(len(blocks[i].text.split()) for i in np.flatnonzero(restore))
    # the model never empties or guts a page: trafilatura's blocks stand
    if drop_extracted.all() or words[~drop_extracted].sum() + restored_words < MIN_KEPT_SHARE * words.sum():
        drop_extracted[:] = False
    # where a restored block goes: after the extracted block of the last kept block before it
    running = np.maximum.accumulate(np.where(anchor >= 0, anchor, -1)) if n else anchor
    inserted: dict[int, list[int]] = {}
    for i in np.flatnonzero(restore):
        inserted.setdefault(int(running[i]), []).append(int(i))
    tags = structure if structure else ("",) * len(extracted)
    out_text, out_tags, drops = [], [], []

    def add_restored(j: int) -> None:
        for i in inserted.get(j, []):
            out_text.append(blocks[i].text)
            out_tags.append(_tag(blocks[i]))

    add_restored(-1)
    for j, (block, tag) in enumerate(zip(extracted, tags)):
        if drop_extracted[j]:
            drops.append((int(first_block[j]) + 1, block, MODEL_RULE))
        else:
            out_text.append(block)
            out_tags.append(tag)
        add_restored(j)
    drops += [(i + 1, b.text, EXTRACTOR_RULE) for i, b in enumerate(blocks) if not kept[i] and not restore[i]]
    drops.sort()
    return PageDecision("\n\n".join(out_text), tuple(out_tags) if structure else (), tuple(drops), int(restore.sum()))


def _split_long(extracted: list[str], structure: tuple[str, ...], blocks, anchor: np.ndarray
                ) -> tuple[list[str], tuple[str, ...], np.ndarray]:
    """trafilatura's blocks, each one of at least ``SPLIT_MIN_WORDS`` words cut into the page
    blocks it holds (its block elements and ``<br>`` lines, each tagged from its own element),
    and the DOM blocks' anchors into the new list.

    Why: trafilatura returns a page written as ``<br>`` lines in one element (or a run of
    elements it joined) as one paragraph of hundreds or thousands of words, header and menu
    lines included. The model's verdicts cannot act on its parts (a block goes only when all
    of it is boilerplate), and the segmenter sees one huge line, which a header rule or the
    line classifier then drops whole, article and all (on the dev pages: blocks of 470 to 2,200
    words, each most of its page's article). The block's own text is cut where its page blocks
    start (:func:`_cuts`: nothing of trafilatura's text is lost or reordered), never a table
    row or cell (``UNSPLIT_TAGS``). False positive risk: a long paragraph with line
    breaks inside sentences becomes several blocks; the segmenter rejoins a sentence
    continued in lower case."""
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(anchor >= 0):
        members.setdefault(int(anchor[i]), []).append(int(i))
    out_text: list[str] = []
    out_tags: list[str] = []
    new_index = np.zeros(len(extracted), dtype=np.int64)  # first new block of each old one
    part_of: dict[int, int] = {}  # DOM block -> new block
    for j, (text, tag) in enumerate(zip(extracted, structure)):
        new_index[j] = len(out_text)
        cuts = (_cuts(text, members.get(j, []), blocks)
                if len(text.split()) >= SPLIT_MIN_WORDS and not tag.startswith(UNSPLIT_TAGS) else [])
        if not cuts:
            for i in members.get(j, []):
                part_of[i] = len(out_text)
            out_text.append(text)
            out_tags.append(tag)
            continue
        for (start, i), (end, _) in zip(cuts, cuts[1:] + [(len(text), -1)]):
            part_of[i] = len(out_text)
            out_text.append(text[start:end].strip())
            out_tags.append(_tag(blocks[i]))
    if len(out_text) == len(extracted):
        return extracted, structure, anchor
    # a DOM block anchored in a cut block but not one of its parts (its words occur inside
    # another part: 'Home' in a menu line) points at the cut block's first part
    new_anchor = np.array([part_of.get(i, new_index[a] if a >= 0 else -1) for i, a in enumerate(anchor)],
                          dtype=np.int64)
    return out_text, tuple(out_tags), new_anchor


def _cuts(text: str, ids: list[int], blocks) -> list[tuple[int, int]]:
    """Where each of the DOM blocks ``ids`` (in order) starts in ``text``: (character offset,
    block), the first at 0; [] when fewer than two are found. A block's words must follow the
    previous block's within ``CUT_MAX_GAP`` words (trafilatura keeps a little text the walk does
    not: ``<?php`` in a code sample); one whose words do not is skipped (it was anchored here
    because its words occur inside the text: 'Home' in a menu line)."""
    tokens = [(m.start(), m.group().casefold()) for m in _WORD.finditer(text)]
    words = [w for _, w in tokens]
    out, pos = [], 0
    for i in ids:
        want = [w.casefold() for w in _WORD.findall(blocks[i].text)]
        if not want:
            continue
        for start in range(pos, min(pos + CUT_MAX_GAP, len(words) - len(want)) + 1):
            if words[start:start + len(want)] == want:
                out.append((tokens[start][0] if out else 0, i))
                pos = start + len(want)
                break
    return out if len(out) >= 2 and pos >= len(words) - CUT_MAX_GAP else []
