"""Property tests: corruption undone exactly, clean text untouched, idempotence, line structure.

Clean material: the five seed articles after repair (real news paragraphs) plus multilingual
sentences. Bounded max_examples and deadline=None keep the whole file to a few seconds.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ftfy

from textmill.repair import RepairConfig, explain_repair, repair_text
from textmill.repair.encoding import _ftfy_config, ftfy_fix_and_explain
from textmill.repair.corrupt import CHARACTER_DAMAGE, ENCODING_DAMAGE, corrupt
from textmill.repair.whitespace import normalize_line_separators

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# database=None: tests write nothing into the source tree (no .hypothesis/ folder).
def idempotent(once: str) -> bool:
    """``repair_text(once) == once``, but for one documented exception: a U+FFFD that the first
    repair kept for a character its input proved unknown ("ðŸ“� Regulamento") looks, to a second
    repair, like a lost dash between two words and may become one."""
    twice = repair_text(once)
    if twice == once:
        return True
    return len(twice) == len(once) and all(a == b or (a == "\ufffd" and b == "\u2014") for a, b in zip(once, twice))


SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

MULTILINGUAL = [
    "Le ministre fran\u00e7ais a d\u00e9clar\u00e9 que la tr\u00eave \u00e9tait fragile.",
    "Die Gespr\u00e4che \u00fcber eine Waffenruhe sind gescheitert, sagte der Au\u00dfenminister.",
    "T\u00fcrkiye D\u0131\u015fi\u015fleri Bakan\u0131 \u00c7avu\u015fo\u011flu a\u00e7\u0131klama yapt\u0131.",
    "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0421\u0435\u0440\u0433\u0435\u0439 \u041b\u0430\u0432\u0440\u043e\u0432 \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0435\u0440\u0440\u0438.",
    "\u7f8e\u56fd\u56fd\u52a1\u537f\u514b\u91cc\u5728\u83ab\u65af\u79d1\u4f1a\u89c1\u4e86\u666e\u4eac\u3002",
    "Jos\u00e9 Mu\u00f1oz met Fran\u00e7ois Hollande in Z\u00fcrich \u2014 and it\u2019s over.",
]


def _clean_paragraphs() -> list[str]:
    paras = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in repair_text(path.read_text(encoding="utf-8")).split("\n"):
            if len(line) > 20:
                paras.append(line)
    return paras + MULTILINGUAL


PARAGRAPHS = _clean_paragraphs()

@SETTINGS
@given(
    st.sampled_from(PARAGRAPHS),
    st.lists(st.sampled_from(sorted(CHARACTER_DAMAGE)), unique=True, max_size=4),
    st.sampled_from(sorted(ENCODING_DAMAGE)),
)
def test_corruption_is_undone_exactly(paragraph: str, steps: list[str], encoding: str) -> None:
    broken = corrupt(paragraph, steps, encoding)
    assert repair_text(broken) == paragraph


@SETTINGS
@given(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6), st.sampled_from(["\n", "\n\n"]))
def test_clean_text_never_changed(paragraphs: list[str], joiner: str) -> None:
    text = joiner.join(paragraphs)
    assert repair_text(text) == text


WORDS = [w for p in PARAGRAPHS for w in p.split(" ")]


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_clean_word_salad_never_changed(words: list[str]) -> None:
    # Real words from real paragraphs in random order: no new sequences of damage can appear.
    text = " ".join(words)
    assert repair_text(text) == text


TRICKY = st.sampled_from(
    list("ab ?.,\u25a1\ufffd\\$%&_#;\u2019\u201c\u201d\"'\xa0\u200b\u200c\xad\t\r\n\x85\u2028\x0b\x00\x9d")
    + ["\u00c3", "\u00a9", "\u00e2\u20ac\u2122", "&amp;", "&#8217;", "don", "t", "s", "I", "O", "B", "e\u0301", "1"]
)


@SETTINGS
@given(st.lists(TRICKY, max_size=40).map("".join))
def test_idempotent_and_line_count_on_hostile_text(text: str) -> None:
    once = repair_text(text)
    assert idempotent(once)
    # Line count: every separator is one "\n" (NELs inside mojibake sequences excepted).
    assert once.count("\n") == normalize_line_separators(text)[0].count("\n")


@SETTINGS
@given(st.text(max_size=200))
def test_idempotent_on_arbitrary_unicode(text: str) -> None:
    assert idempotent(repair_text(text))


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.lists(TRICKY, max_size=40).map("".join)))
def test_fast_path_changes_nothing(text: str) -> None:
    assert repair_text(text) == repair_text(text, RepairConfig(fast_path=False))


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PARAGRAPHS),
            st.lists(st.sampled_from(sorted(CHARACTER_DAMAGE)), unique=True, max_size=2),
            st.sampled_from(sorted(ENCODING_DAMAGE)),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["\n", "\n\n", "\r\n", " \n"]),
)
def test_fast_path_reports_the_same_fixes_on_mixed_documents(parts, joiner: str) -> None:
    # Clean and broken paragraphs in one document: the fast path repairs only the lines some fix
    # could change, and must give the same text and the same fix counts as repairing every line.
    text = joiner.join(corrupt(p, steps, enc) if steps or enc != "none" else p for p, steps, enc in parts)
    assert explain_repair(text) == explain_repair(text, RepairConfig(fast_path=False))


@SETTINGS
@given(
    st.one_of(
        st.text(max_size=120),
        st.lists(TRICKY, max_size=30).map("".join),
        st.tuples(st.sampled_from(PARAGRAPHS), st.sampled_from(sorted(ENCODING_DAMAGE))).map(lambda pe: corrupt(pe[0], [], pe[1])),
    ),
    st.booleans(),
)
def test_ftfy_without_its_confirming_round_is_ftfy(text: str, ligatures: bool) -> None:
    # Steps compared as a set: ftfy's extra round can record a no-op step twice ("\x80\x9d").
    config = _ftfy_config(True, ligatures, False, False)
    ours, theirs = ftfy_fix_and_explain(text, config), ftfy.fix_and_explain(text, config)
    assert (ours[0], set(ours[1])) == (theirs.text, set(theirs.explanation))


RUSSIAN_WORDS = (
    "министр иностранных россии сергей лавров встретился керри москве четверг обсудить"
    " ситуацию сирии путин кремль вашингтон перемирие жизнь щука ёлка"
).split()


@SETTINGS
@given(
    st.lists(st.sampled_from(RUSSIAN_WORDS), min_size=3, max_size=12, unique=True),
    st.sampled_from([str.lower, str.capitalize, str.upper]),
    st.sampled_from([("cp1251", "latin-1"), ("cp1251", "cp1252"), ("koi8_r", "latin-1")]),
)
def test_legacy_cyrillic_code_pages_are_undone(words: list[str], case, codecs: tuple[str, str]) -> None:
    # Not UTF-8 mojibake: Russian stored in a legacy code page and read as Latin-1 (ftfy leaves it).
    # Words of four letters or more: very short lines are left alone by design (too little evidence).
    sentence = case(" ".join(words)) + "."
    broken = sentence.encode(codecs[0]).decode(codecs[1])
    assert repair_text(broken) == sentence
