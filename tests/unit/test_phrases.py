"""Phrase data (flows/textmill/phrases/*.json): every language file has the same keys, every
entry compiles, and the cheap prefix filter never hides a line that the full pattern matches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from textmill import phrases
from textmill.stopwords import words

FILES = sorted(Path(phrases.__file__).parent.glob("*.json"))
WORD_LISTS = {"connectors", "widget_words", "consent_terms", "bio_roles"}


def test_languages_beyond_english() -> None:
    assert {"en", "de", "fr", "es", "it", "pt", "nl"} <= set(phrases.languages())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_has_every_key_and_entries_compile(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    reference = json.loads((path.parent / "en.json").read_text(encoding="utf-8"))
    assert set(data) == set(reference) and data["language"] == path.stem
    for key, values in data.items():
        if key.startswith("_") or key == "language":
            continue
        assert values and all(isinstance(v, str) and v for v in values), (path.stem, key)
        if key in WORD_LISTS:
            assert all(v == v.lower() and " " not in v for v in values), (path.stem, key)
        else:
            for v in values:
                re.compile(v, re.IGNORECASE)


# Lines that hold a phrase of the contained categories, in several languages: the prefix
# filter must let each of them through (a filter that is too strict silently drops rules).
CONTAINED = [
    ("promo", "Please consider becoming a sustaining member of the station."),
    ("promo", "Nos journalistes ont besoin de vous : faites un don dès aujourd'hui."),
    ("promo", "Únete a nuestro canal de WhatsApp para recibir las noticias del día."),
    ("promo", "Die wichtigsten Meldungen jeden Morgen in Ihrem Postfach."),
    ("disclaimers", "Dieser Artikel enthält Affiliate-Links zu Online-Händlern."),
    ("disclaimers", "Questo articolo contiene link di affiliazione."),
    ("disclaimers", "This material is for informational purposes only."),
    ("cookie_terms", "Utilizamos cookies para mejorar la experiencia."),
]


@pytest.mark.parametrize("key,line", CONTAINED, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CONTAINED)])
def test_prefix_filter_lets_matching_lines_through(key: str, line: str) -> None:
    assert phrases.contains_regex(key).search(line), "the phrase data no longer covers this line"
    assert phrases.may_contain(key, words(line))


def test_prefix_filter_rejects_plain_prose() -> None:
    prose = words("The council approved the budget after a long debate on Tuesday evening.")
    assert not phrases.may_contain("disclaimers", prose) and not phrases.may_contain("cookie_terms", prose)


def test_every_entry_of_the_filtered_keys_yields_a_trigger() -> None:
    for key in ("promo", "disclaimers", "cookie_terms", "ads"):
        trig = phrases.triggers(key)
        assert trig is not None and all(t == t.lower() and 1 <= len(t) <= 4 for t in trig), key
