"""The line classifier's bulk features: the same answers as the plain per-text definitions
(str methods, ``re.search`` per text, one page at a time), and batches that do not change them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from textmill.segment import SourceHint, rule_pass, segment_document, segment_documents
from textmill.segment import linefeatures as lf
from textmill.segment.learned import load_model

REPO = Path(__file__).resolve().parents[2]

# Characters that matter to the features: cased and uncased letters, digits of other scripts,
# separators, commas, spaces of several kinds, the NUL used between texts, final sigma, dotted I,
# and characters outside the Basic Multilingual Plane (emoji, a math letter, an Aegean digit).
ALPHABET = st.sampled_from(list("aZ ,.|»/>:-()[]@©1209\t\u00a0\u2003\x00_éÉßİΣσςΟ٣²Ⅷ\u0301") + ["😀", "𝐀", "𐄇"])
TEXTS = st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=12)
# Texts that reach the furniture patterns: words around dates, times, counters and links
PIECES = st.sampled_from(["May 3", "mai 2012", "MÄRZ 5", "12/3/19", "1999", "2005x", "10:42", "9 pm", "9pm",
                          "(2)", "[12]", "4 comments", "http://", "www.", "@x", ".com", ".org", "a.net", "(c)",
                          "©", "x", " ", "Ja", "dec", "\x00", "1", "e-mail", "ſep 3"])
FURNITURE = st.lists(st.lists(PIECES, max_size=6).map("".join), min_size=1, max_size=10)


def _plain_text_row(s: str) -> tuple[float, ...]:
    """The definitions the bulk columns must reproduce, one text at a time."""
    toks = s.split()
    n, letters, tokens = len(s), sum(map(str.isalpha, s)), len(toks)
    return (sum(map(str.isdigit, s)) / max(n, 1), sum(map(str.isupper, s)) / max(letters, 1),
            sum(t[0].isupper() for t in toks) / max(tokens, 1), float(sum(c in "|»«·•›‹/>" for c in s)),
            float(s.count(",")), (n - sum(map(str.isspace, s))) / max(tokens, 1))


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_character_columns_equal_the_str_methods(texts):
    cols = lf._text_columns(texts)
    names = ("frac_digit", "frac_upper", "frac_titlecase", "n_separators", "n_commas", "mean_word_len")
    got = np.column_stack([cols[name] for name in names])
    assert np.array_equal(got, np.array([_plain_text_row(t) for t in texts]))


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_word_tokens_equal_findall_per_text(texts):
    tokens, counts = lf.word_tokens(texts)
    expected = [re.findall(r"\w+", t.lower()) for t in texts]
    assert list(counts) == [len(e) for e in expected]
    assert tokens.to_pylist() == [w for e in expected for w in e]
    lines = lf.joined_tokens(tokens, counts).to_pylist()
    assert lines == ["".join(w + " " for w in e) for e in expected]


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_lowered_texts_equal_each_text_lowered(texts):
    # one str.lower for all texts (a final sigma, a dotted I that lowers to two characters)
    lowered, starts = lf.lowered_texts(texts)
    assert [lowered[a:b - 1] for a, b in zip(starts[:-1], starts[1:])] == [t.lower() for t in texts]
    assert lf._lowered_array(texts).to_pylist() == [t.lower() + "\x00" for t in texts]


@settings(max_examples=150, deadline=None)
@given(FURNITURE)
def test_pattern_columns_equal_a_search_per_text(texts):
    """Arrow's RE2 on all texts at once answers as Python's re (ASCII classes) on each text."""
    cols = lf._pattern_columns(texts)
    # the digit patterns run only on the texts with a digit: the same answers
    prefiltered = lf._pattern_columns(texts, lf._text_columns(texts)["frac_digit"] > 0)
    for name, pattern in lf._PATTERNS:
        reference = re.compile(pattern, re.ASCII)
        expected = [float(reference.search(t.lower()) is not None) for t in texts]
        assert list(cols[name]) == expected and list(prefiltered[name]) == expected, name


def test_pattern_columns_find_furniture_and_not_prose():
    cols = lf._pattern_columns(["June 2007 (2)", "Posted at 10:42 pm", "12 Comments", "Follow @textmill",
                                "© 2024 Example", "The council voted to approve it."])
    assert [cols["has_date"][0], cols["has_counter"][0], cols["has_time"][1], cols["has_counter"][2]] == [1, 1, 1, 1]
    assert [cols["has_link"][3], cols["has_copyright"][4], cols["has_date"][4]] == [1, 1, 1]
    assert not any(cols[name][5] for name, _ in lf._PATTERNS)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("aZ .,:;!?…\"'”’»)]」』。 -1É")), max_size=30))
def test_heading_like_equals_the_rules_definition(text):
    # the line classifier reads the heading shape from the block features' word count and first
    # capital: they must be the words and first letter is_heading_like reads
    from textmill.boilerplate import BoilerplateConfig, features, heading_shape, is_heading_like

    bp = BoilerplateConfig()
    f = features(text, frozenset())
    assert heading_shape(text, f.n_words, f.starts_upper, bp) == is_heading_like(text, bp)


def _pages():
    texts = sorted(p.read_text(encoding="utf-8") for p in (REPO / "seeds").glob("*.txt"))
    texts += ["Home | News\nShort line\n" + "The council voted to approve the budget on Tuesday. " * 3,
              "Only a menu\nContact", "Σ ΟΔΟΣ\n" + "Η βουλή ψήφισε τον προϋπολογισμό την Τρίτη, είπαν. " * 3]
    return [(t, SourceHint(url=f"https://site{i % 2}.example/a/{i}")) for i, t in enumerate(texts)]


def test_a_batch_gives_each_page_the_features_it_has_alone():
    ruled = [rule_pass(t, h) for t, h in _pages()]
    pages = [r.page for r in ruled if r.page is not None]
    together = lf.page_features(pages)
    alone = np.vstack([lf.page_features([p]) for p in pages])
    assert np.array_equal(together, alone)
    model = load_model()
    texts = [v.text for p in pages for v in p.views]
    bounds = lf.bounds_of([len(p.views) for p in pages])
    p_together = model.predict(together, texts, bounds)
    p_alone = np.concatenate([model.predict(lf.page_features([p]), [v.text for v in p.views]) for p in pages])
    assert np.array_equal(p_together, p_alone)


def test_segment_documents_equals_segment_document_one_by_one():
    docs = _pages()
    assert segment_documents(docs) == [segment_document(t, h) for t, h in docs]


def test_empty_and_unit_less_pages_in_a_batch():
    docs = [("", None), ("\n\n", None), _pages()[0]]
    assert segment_documents(docs) == [segment_document(t, h) for t, h in docs]
    assert lf.page_features([]).shape == (0, len(lf.FEATURES))
