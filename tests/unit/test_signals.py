"""Per-paragraph signals on short texts with known answers."""

from __future__ import annotations

import pytest

from textmill.config import SignalsConfig
from textmill.signals import LANGUAGE_DETECTORS, count_sentences, detect_language, paragraph_signals, stopwords, text_hash, words


def test_counts_and_ratios():
    s = paragraph_signals("The talks in Moscow are scheduled. All signs augur poorly for a breakthrough.")
    assert s.n_words == 13 and s.n_sentences == 2 and s.ends_with_punct
    assert s.language == "en" and 0.3 < s.stopword_ratio < 0.8
    assert 0.7 < s.frac_alpha < 0.9 and s.frac_upper == pytest.approx(3 / 62, abs=0.01)


def test_heading_has_no_terminal_punctuation():
    s = paragraph_signals("High stakes for Moscow")
    assert not s.ends_with_punct and s.n_sentences == 1 and s.language == "en"
    assert paragraph_signals("Aleppo blocked").language is None  # under 20 characters: too short to tell


@pytest.mark.parametrize("detector", LANGUAGE_DETECTORS)
@pytest.mark.parametrize("text, expected", [
    ("Der Außenminister traf sich am Donnerstag mit seinem russischen Amtskollegen in Moskau.", "de"),
    ("Le secrétaire d'État a rencontré jeudi son homologue russe à Moscou pour parler de la Syrie.", "fr"),
    ("El secretario de Estado se reunió el jueves con su homólogo ruso en Moscú.", "es"),
    ("Госсекретарь США встретился в четверг с российским коллегой в Москве.", "ru"),
    ("The talks in Moscow are scheduled\nfewer than three weeks before the deadline.", "en"),  # lines joined
])
def test_language_detection(text, expected, detector):
    assert detect_language(text, detector=detector) == expected


def test_language_is_one_of_the_configured_languages():
    german = "Der Außenminister traf sich am Donnerstag mit seinem russischen Amtskollegen in Moskau."
    assert detect_language(german, ("en", "fr")) in ("en", "fr")  # the closest candidate, never "de"
    assert detect_language("12345 67890 12345 67890") is None  # no letters
    with pytest.raises(ValueError, match="detector"):
        SignalsConfig(detector="cld3")


def test_text_hash_ignores_case_quotes_and_spacing_only():
    assert text_hash("“Hello,”  he said.") == text_hash('"hello," he said.')
    assert text_hash("Hello, he said.") != text_hash("Hello, she said.")


def test_sentence_counter_keeps_abbreviations_together():
    assert count_sentences("The U.S. and Russia met. Kerry spoke.") == 2
    assert count_sentences("") == 0
    assert words("U.S.-backed rebels don’t") == ["U", "S", "backed", "rebels", "don’t"]


def test_stopwords_per_language():
    assert "the" in stopwords("en") and "der" in stopwords("de") and stopwords(None) == frozenset()
