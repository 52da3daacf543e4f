"""The people-only author diagnostic of evalkit.metadata_metric (beside the issue's author metric)."""

from __future__ import annotations

import json

from evalkit.metadata_metric import PEOPLE_LABELS, norm_words, score_people


def test_people_only_score_uses_the_labels_and_counts_no_person_pages_apart():
    people = {"mixed": ["Anna Berg"], "desk": []}
    pairs = [
        ({"id": "plain", "author": "Jan Kurz"}, {"authors": ["Jan Kurz"]}),  # right
        ({"id": "mixed", "author": "Anna Berg, NDR"}, {"authors": ["Anna Berg"]}),  # right: NDR is no person
        ({"id": "mixed2", "author": "Anna Berg, NDR"}, {"authors": ["Anna Berg"]}),  # unlabelled: wrong
        ({"id": "desk", "author": "Redaktion"}, {"authors": []}),  # no person, none given
        ({"id": "none", "author": None}, {"authors": ["X Y"]}),  # no gold: not scored here
    ]
    score = score_people(pairs, people)
    assert (score.n, score.no_person, score.no_person_right) == (3, 1, 1)
    assert score.accuracy == 2 / 3


def test_no_person_page_given_a_name_is_not_right():
    score = score_people([({"id": "desk", "author": "Redaktion"}, {"authors": ["Redaktion"]})], {"desk": []})
    assert (score.no_person, score.no_person_right) == (1, 0)


def test_committed_labels_only_keep_names_of_the_gold_value():
    raw = json.loads(PEOPLE_LABELS.read_text(encoding="utf-8"))
    assert raw
    # each label's people are words of the gold value (a label removes, never invents)
    for pid, entry in raw.items():
        gold = norm_words(entry["gold"] if isinstance(entry["gold"], str) else " ".join(entry["gold"]))
        assert all(norm_words(person) in gold for person in entry["people"]), pid
        assert entry["not_people"]
