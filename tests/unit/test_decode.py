"""The decode stage: labelled byte-level cases (tests/cases/decode/cases.json) and properties."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmill.decode import DecodeConfig, Decoded, Undecodable, charset_from_content_type, decode, declared_charset

CASES = json.loads((Path(__file__).resolve().parents[1] / "cases" / "decode" / "cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_byte_case(case: dict) -> None:
    result = decode(base64.b64decode(case["input_base64"]), content_type=case.get("content_type"))
    if "reason" in case:
        assert isinstance(result, Undecodable) and result.reason == case["reason"]
        return
    assert isinstance(result, Decoded), result
    assert result.text == case["expected"]
    assert result.encoding in case["encodings"]
    if case["negative"]:  # valid text in its own encoding: nothing repaired or replaced
        assert result.fixes == ()


def test_case_inventory() -> None:
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels))
    kinds = {c["kind"] for c in CASES}
    assert {"bom", "utf16_nobom", "utf8", "utf8_damaged", "legacy", "declared", "refused"} <= kinds
    assert sum(c.get("negative", False) for c in CASES) >= 30


def test_report_counts_repaired_and_replaced_sequences() -> None:
    result = decode("Kerry — ".encode() + b"it\x92s \xe2\x82 done \x9d.")
    assert (result.encoding, result.method, result.repaired, result.replaced) == ("utf_8", "utf8_repaired", 1, 2)
    assert result.text == "Kerry — it’s \ufffd done \ufffd." and result.fixes == (("invalid_bytes", 3),)


def test_hints() -> None:
    assert charset_from_content_type("text/html; charset=ISO-8859-1") == "cp1252"
    assert charset_from_content_type("text/html") is None
    assert declared_charset(b'<html><head><meta http-equiv="content-type" content="text/html; charset=KOI8-R">') == "koi8_r"
    assert declared_charset(b'<?xml version="1.0" encoding="windows-1251"?><rss>') == "cp1251"
    assert declared_charset(b"<meta charset=no-such-charset>") is None


def test_unknown_detector_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="detector"):
        DecodeConfig(detector="magic")


# Text a news file holds: letters, digits, punctuation, symbols and spaces of any script (no
# controls: those make binary data), one or more lines.
_TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\ufeff"), min_size=1, max_size=200)
_LINES = st.lists(_TEXT, min_size=1, max_size=4).map("\n".join).filter(lambda t: t.strip())
# Bytes that are invalid wherever they are inserted between two characters.
_INVALID = st.sampled_from([0x80, 0x85, 0x92, 0x93, 0x94, 0x96, 0x97, 0x9D, 0xA0, 0xBF, 0xC0, 0xC1, 0xC3, 0xE2, 0xE9, 0xF0, 0xF5, 0xFE, 0xFF])
_CP1252_PUNCTUATION = st.sampled_from([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99])


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_valid_utf8_always_decodes_to_the_same_text(text: str) -> None:
    result = decode(text.encode("utf-8"))
    assert isinstance(result, Decoded) and result.text == text and result.encoding == "utf_8" and result.fixes == ()


def _insert(text: str, positions: list[int], junk: list[int]) -> bytes:
    """UTF-8 of ``text`` with one junk byte before each character index in ``positions``."""
    out = bytearray()
    at = dict(zip(positions, junk))
    for i, ch in enumerate(text + "\0"):
        if i in at:
            out.append(at[i])
        if i < len(text):
            out += ch.encode("utf-8")
    return bytes(out)


def _is_k_insertion(original: str, decoded: str, k: int) -> bool:
    """``decoded`` is ``original`` with at most ``k`` characters inserted (nothing else changed)."""
    if not 0 <= len(decoded) - len(original) <= k:
        return False
    it = iter(decoded)
    return all(ch in it for ch in original)


@st.composite
def _damaged(draw, junk_bytes):
    text = draw(_LINES)
    k = draw(st.integers(1, min(5, len(text) + 1)))
    positions = draw(st.lists(st.integers(0, len(text)), min_size=k, max_size=k, unique=True))
    return text, positions, [draw(junk_bytes) for _ in positions]


@settings(max_examples=300, deadline=None)
@given(_damaged(_INVALID))
def test_k_invalid_bytes_change_at_most_k_characters(damaged) -> None:
    """When the text has at least k multi-byte characters (so it is still mostly UTF-8) or none
    (then a single-byte code page reads every byte as one character)."""
    text, positions, junk = damaged
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F)
    if 0 < multibyte < len(positions):
        return  # the next test covers this mixture with cp1252 bytes; see its docstring
    result = decode(_insert(text, positions, junk))
    assert isinstance(result, Decoded)
    assert _is_k_insertion(text, result.text, len(positions))


@settings(max_examples=300, deadline=None)
@given(_damaged(_CP1252_PUNCTUATION))
def test_pasted_cp1252_punctuation_changes_only_those_characters(damaged) -> None:
    """Any number of lone cp1252 quotes and dashes in UTF-8 text with at least one multi-byte
    character: UTF-8 wins and each byte becomes its cp1252 character."""
    text, positions, junk = damaged
    if all(ord(ch) < 0x80 for ch in text):
        text += "\u2014"
    result = decode(_insert(text, positions, junk))
    assert isinstance(result, Decoded) and result.encoding == "utf_8"
    assert _is_k_insertion(text, result.text, len(positions))
    assert result.repaired == len(positions) and result.replaced == 0
