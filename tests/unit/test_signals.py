"""Per-paragraph signals on short texts with known answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from textmill.config import SignalsConfig
from textmill.signals import (LANGUAGE_DETECTORS, _letter_counts, count_sentences, detect_language, paragraph_signals,
                              paragraph_signals_many, stopwords, text_hash, words)


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


# Letters of several scripts and cases, titlecase, final sigma, dotted I, astral letters (math
# bold, Deseret upper and lower), an emoji, digits that are not decimal, punctuation, newlines.
_MIXED = "aZé ßİǅΣςЖж\U0001D400\U00010400\U00010428\U0001F600 1²½.,!\n"


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.text(alphabet=_MIXED, max_size=40), max_size=6), st.sampled_from([None, "en", "de"]))
def test_signals_in_bulk_equal_one_by_one(texts, hint):
    one_by_one = [paragraph_signals(t, language_hint=hint) for t in texts]
    memo: dict = {}
    assert paragraph_signals_many(texts, language_hint=hint, memo=memo) == one_by_one
    assert paragraph_signals_many(list(reversed(texts)), language_hint=hint, memo=memo) == one_by_one[::-1]  # from the memo


def test_letter_counts_follow_the_str_methods_on_surrogates_and_astral_characters():
    texts = ["a\ud800B", "\udfff", "", "Ab\U0001D400\U00010428", "ǅ1²"]
    assert _letter_counts(texts) == ([sum(c.isalpha() for c in t) for t in texts],
                                     [sum(c.isalpha() and c.isupper() for c in t) for t in texts])
