"""The shipped DOM-block model (``textmill/models/html_block_classifier.json``), evaluated with numpy.

Gradient-boosted trees trained by ``textmill/models/train_html_blocks.py`` (see
``textmill/models/README.md``: data, seed, cross-validated scores), walked by the same flat-array
evaluator as the line classifier (:class:`textmill.segment.learned.Trees`): no learning library
at run time. Two stages: the first on the block features, the second on those plus the first
stage's probabilities of the blocks around (a learned smoothing, as in the line model). Its bytes
are part of the pipeline fingerprint (:func:`textmill.config.code_fingerprint`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

from textmill.htmlblocks.features import FEATURES
from textmill.segment.learned import Trees

MODEL_FILE = "html_block_classifier.json"
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
STAGE2_FEATURES = ("p1", *(f"p1@{o:+d}" for o in CONTEXT_OFFSETS), "p1_window2", "p1_window5")


def stage2_features(p1: np.ndarray) -> np.ndarray:
    """The first stage's probabilities of the blocks around each block (-1: the page edge)."""
    n = len(p1)
    cols = [p1]
    for o in CONTEXT_OFFSETS:
        shifted = np.full(n, -1.0)
        if o < 0:
            shifted[-o:] = p1[:o]
        else:
            shifted[:-o] = p1[o:]
        cols.append(shifted)
    c = np.concatenate([[0.0], np.cumsum(p1)])
    i = np.arange(n)
    for k in (2, 5):
        lo, hi = np.maximum(i - k, 0), np.minimum(i + k + 1, n)
        cols.append((c[hi] - c[lo]) / (hi - lo))
    return np.column_stack(cols)


class BlockModel:
    """p(article text) per DOM block, and the two thresholds the verdicts use.

    ``restore_threshold``: a block trafilatura left out is brought back when p >= it.
    ``drop_threshold``: an extracted block is dropped when every DOM block in it has p below it
    (0 disables)."""

    def __init__(self, spec: dict):
        if tuple(spec["features"]) != FEATURES:
            raise ValueError("HTML block model was trained on other features; retrain it "
                             "(python -m textmill.models.train_html_blocks)")
        self.restore_threshold = float(spec["restore_threshold"])
        self.drop_threshold = float(spec["drop_threshold"])
        self.stage1 = Trees(spec["stage1"])
        self.stage2 = Trees(spec["stage2"])

    def predict(self, X: np.ndarray) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        p1 = self.stage1.predict(X)
        return self.stage2.predict(np.column_stack([X, stage2_features(p1)]))


@lru_cache(maxsize=1)
def load_model() -> BlockModel | None:
    """The shipped model, or None when the package has none (trafilatura decides alone)."""
    try:
        data = resources.files("textmill.models").joinpath(MODEL_FILE).read_bytes()
    except FileNotFoundError:
        return None
    return BlockModel(json.loads(data))
