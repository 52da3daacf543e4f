"""The plain-text title scorer (textmill.segment.titlescore): its weights file matches its
features, its fit is deterministic, and with the scorer off the rules choose. Its choices on
page heads are labelled cases in tests/cases/metadata/text_heads.json."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from textmill.models.train_title_scorer import choices_right, fit
from textmill.pipeline import text_hint
from textmill.segment import SegmentConfig, segment_document
from textmill.segment.titlescore import FEATURES, MODEL_FILE, load_weights

HEAD = ("Sie sind hier: Home » Europa » Deutschland » Emden\nEmden\n"
        "Emden ist vor allem als Hafenstadt an der Ems bekannt und für viele Besucher das Tor zur Region "
        "Ostfriesland, mit Kanälen, Museen und einer langen Geschichte.\n"
        "Die Stadt ist als friesischer Handelsort um das Jahr 800 entstanden und bis heute vom Hafen geprägt.\n")
URL = "https://www.reisen-example.de/europa/deutschland/emden-21416.html"


def test_weights_file_names_the_features_in_order():
    data = json.loads(resources.files("textmill.models").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert len(data["weights"]) == len(FEATURES) and np.all(np.isfinite(load_weights()))
    # its recipe records the honest estimate: the scorer beat the rules out of sample (by site)
    cv = data["recipe"]["cv_by_site"]
    assert cv["scorer"] > cv["rules"]


def _pages(seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    pages = []
    for k in range(30):
        X = rng.random((6, len(FEATURES)))
        right = np.zeros(6, dtype=bool)
        right[int(np.argmax(X[:, 3]))] = True  # the 'before_prose'-like column decides
        pages.append({"id": str(k), "host": f"h{k % 7}", "X": X, "right": right})
    return pages


def test_fit_is_deterministic_and_learns():
    a, b = fit(_pages(1), len(FEATURES)), fit(_pages(1), len(FEATURES))
    assert a.tobytes() == b.tobytes()
    assert np.mean(choices_right(_pages(2), a)) > 0.5  # far above the 1-in-6 of a guess


@pytest.mark.parametrize("title_model, title", [(True, "Emden"), (False, None)])
def test_scorer_decides_plain_text_titles_and_can_be_turned_off(title_model, title):
    # a one-word headline: the rules want two words or more; the scorer weighs the slug and position
    hint = text_hint(HEAD, "jsonl", "www.reisen-example.de", None, URL)
    assert segment_document(HEAD, hint, SegmentConfig(title_model=title_model)).metadata.title == title


def test_a_title_the_record_names_is_kept():
    hint = text_hint(HEAD, "jsonl", "www.reisen-example.de", "Emden an der Ems", URL)
    assert segment_document(HEAD, hint).metadata.title == "Emden an der Ems"
