"""Which DOM blocks are in trafilatura's extracted text, and next to which of its blocks.

Matching is on normalised text (case-folded words): a DOM block is kept by trafilatura when its
words occur in the extracted text, or when at least ``min_coverage`` of its word 3-grams do (the
extractor may trim or re-join a block). Trade-off: a short block whose words happen to occur in
the article ("Share") counts as kept. The anchor of a kept block is the extracted block its
words start in (so a block the classifier brings back can be put in the right place); a block
matched by 3-grams only has no anchor (-1).
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_COVERAGE = 0.8


def norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def match_blocks(blocks: list[str], extracted_blocks: list[str], min_coverage: float = MIN_COVERAGE
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(kept, anchor) per DOM block: kept by the extractor (bool) and the index of the
    extracted block it starts in (-1: none or unknown). A block without words is 'kept'
    (nothing of it can be lost) and has no anchor."""
    starts, pieces, offset = [], [], 0
    for b in extracted_blocks:
        nb = norm(b)
        starts.append(offset)
        pieces.append(nb)
        offset += len(nb) + 1
    kept_text = " " + " ".join(pieces) + " "  # padded: a block matches whole words only
    kept_grams = None
    kept = np.zeros(len(blocks), dtype=bool)
    anchor = np.full(len(blocks), -1, dtype=np.int64)
    for i, block in enumerate(blocks):
        nb = norm(block)
        if not nb:
            kept[i] = True
            continue
        pos = kept_text.find(f" {nb} ")
        if pos >= 0:
            kept[i], anchor[i] = True, bisect_right(starts, pos) - 1
            continue
        words = nb.split()
        if len(words) >= 3:
            if kept_grams is None:
                kw = kept_text.split()
                kept_grams = set(zip(kw, kw[1:], kw[2:]))  # the 3-grams, as tuple(kw[j:j + 3]) for each j
            grams = list(zip(words, words[1:], words[2:]))
            kept[i] = sum(g in kept_grams for g in grams) >= min_coverage * len(grams)
    return kept, anchor
