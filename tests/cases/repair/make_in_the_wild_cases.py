"""Regenerate in_the_wild.json: mojibake as it occurs in real text, of the kinds in ftfy's test suite.

Run: .venv/bin/python tests/cases/repair/make_in_the_wild_cases.py  (writes in_the_wild.json here).

ftfy's own test files are not available offline, so these cases are written from the kinds of
damage they cover (UTF-8 read as Windows-1252 / Latin-1 / MacRoman / Windows-1250/1251 / CP437,
double and triple layers, sloppy Windows-1252 with undefined bytes, partial mojibake next to
correct text, emoji and CJK, HTML entities in plain text, legacy Cyrillic code pages) plus
negative cases where a naive fixer would be wrong. The sentences are hand-written, news-like.

Inputs are NOT made with textmill.repair.corrupt: each case either states an explicit recipe that
this script applies (``codecs``: the UTF-8 bytes of ``expected`` decoded with each codec in turn,
"sloppy" = bytes a code page leaves undefined are kept as the same-numbered C1 character, as
Windows and browsers do), or is written by hand with a recipe string that says how (parts built
with ``M(...)`` below are mis-decoded by the same explicit recipe). Every case carries ``kind``
(for bench/repair_quality.py) and ``recipe``. Known failures of repair_text are listed in
KNOWN_FAILURES with the reason and become strict xfails.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path


def _keep_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    # Undefined byte in a Windows code page -> the C1 / Latin-1 character with the same number.
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("keep_byte", _keep_byte)

CODEC_NAMES = {
    "cp1252": "windows-1252 (sloppy)",
    "latin-1": "latin-1",
    "mac_roman": "MacRoman",
    "cp1251": "windows-1251 (sloppy)",
    "cp1250": "windows-1250 (sloppy)",
    "iso8859_2": "iso-8859-2",
    "cp1253": "windows-1253 (sloppy)",
    "cp1254": "windows-1254 (sloppy)",
    "cp437": "cp437",
}


def M(text: str, *codec_chain: str) -> str:
    """UTF-8 bytes of ``text`` decoded with each codec of ``codec_chain`` in turn (mojibake)."""
    for codec in codec_chain:
        text = text.encode("utf-8").decode(codec, errors="keep_byte")
    return text


def recipe_of(codec_chain: tuple[str, ...]) -> str:
    return " then ".join(f"utf-8 bytes read as {CODEC_NAMES[c]}" for c in codec_chain)


CASES: list[dict] = []


def case(label: str, kind: str, expected: str, *codec_chain: str, inp: str | None = None, recipe: str = "") -> None:
    """One case. With ``codec_chain`` the input is M(expected, *codec_chain); otherwise ``inp``
    and a hand-written ``recipe`` are required."""
    if codec_chain:
        assert inp is None
        inp, recipe = M(expected, *codec_chain), recipe or recipe_of(codec_chain)
    assert inp is not None and recipe, label
    if kind != "negative":
        assert inp != expected, label
    entry = {"label": f"wild_{label}", "kind": kind, "recipe": recipe, "input": inp, "expected": expected}
    if "\u00a0" in expected:
        # The original text has an NBSP: compare encoding repair alone, not textmill's (deliberate)
        # NBSP -> space normalisation.
        entry["config"] = {"normalize_spaces": False}
    CASES.append(entry)


def negative(label: str, text: str, why: str) -> None:
    case(label, "negative", text, inp=text, recipe=f"clean text, must stay unchanged: {why}")


W = "cp1252"
L = "latin-1"

# --- UTF-8 read as Windows-1252: the commonest mojibake on the web ---------------------------
K = "utf8_as_cp1252"
case("cp1252_curly_apostrophe", K, "It\u2019s the economy, stupid, and voters haven\u2019t forgotten.", W)
case("cp1252_curly_quotes", K, "\u201cWe will not back down,\u201d the minister told reporters.", W)
case("cp1252_more_responsible", K, "He urged Moscow to play a \u201cmore responsible\u201d role.", W)
case("cp1252_em_dash", K, "The talks \u2014 the third in two weeks \u2014 ended without a deal.", W)
case("cp1252_en_dash_range", K, "Scores from the 2015\u20132016 season, pages 12\u201318.", W)
case("cp1252_ellipsis", K, "And then\u2026 nothing happened for three days.", W)
case("cp1252_cafe", K, "Meet me at the caf\u00e9 near the Op\u00e9ra at noon.", W)
case("cp1252_pound", K, "Tickets cost \u00a345 and the programme \u00a35.", W)
case("cp1252_euro", K, "The fine was \u20ac2.4 billion, the largest ever.", W)
case("cp1252_nbsp_mid", K, "Population:\u00a012\u00a0million", W)
case("cp1252_spanish_tweet", K, "\u00a1Hola! \u00bfC\u00f3mo est\u00e1s? Ma\u00f1ana es el d\u00eda.", W)
case("cp1252_mas", K, "M\u00e1s informaci\u00f3n en nuestra p\u00e1gina web.", W)
case("cp1252_ultimo", K, "\u00daltimo minuto: el Gobierno anuncia nuevas medidas.", W)
case("cp1252_german_umlauts", K, "F\u00fcr gr\u00f6\u00dfere Gesch\u00e4fte \u00fcber 500 Euro gilt die Regel.", W)
case("cp1252_zuruck_caps", K, "RUF MICH ZUR\u00dcCK", W)
case("cp1252_french_accents", K, "\u00c0 la mani\u00e8re d\u2019un th\u00e9\u00e2tre, l\u2019\u00e9l\u00e8ve r\u00e9p\u00e8te.", W)
case("cp1252_turkish", K, "Beta Haber: H\u0131rs\u0131z\u0131 B\u00fcy\u00fc Korkuttu", W)
case("cp1252_istanbul", K, "\u0130stanbul\u2019da yo\u011fun kar ya\u011f\u0131\u015f\u0131 bekleniyor.", W)
case("cp1252_riga", K, "R\u012bga is the capital of Latvia.", W)
case("cp1252_polish", K, "Pozna\u0144 i \u0141\u00f3d\u017a: wybory samorz\u0105dowe.", W)
case("cp1252_trademark", K, "Microsoft\u00ae Windows\u2122 and Apple\u00a9 2016.", W)
case("cp1252_degrees", K, "Highs near 35\u00b0C, lows around 18\u00b0C.", W)
case("cp1252_checkmark", K, "\u2714 No problems found", W)
case("cp1252_heart", K, "He\u2019s Justin\u2764", W)
case("cp1252_bullet_list", K, "\u2022 Russia pledged support \u2022 Talks resume Monday", W)
case("cp1252_hebrew", K, "\u05d1\u05d4\u05d5\u05d3\u05e2\u05d4 \u05e0\u05de\u05e1\u05e8 \u05db\u05d9", W)
case("cp1252_arabic", K, "\u0627\u0639\u062f\u0627\u062f\u0627\u062a \u0627\u0644\u062d\u0633\u0627\u0628", W)
case("cp1252_greek", K, "\u0391\u03b8\u03ae\u03bd\u03b1, \u0395\u03bb\u03bb\u03ac\u03b4\u03b1", W)
case("cp1252_fraction", K, "Add \u00bd cup of sugar and \u00bc teaspoon of salt.", W)
case("cp1252_name_list", K, "Jos\u00e9 Mu\u00f1oz, Fran\u00e7ois Hollande, Bj\u00f6rk Gu\u00f0mundsd\u00f3ttir", W)
case("cp1252_guillemets", K, "Il a dit \u00ab non \u00bb \u00e0 la proposition.", W)
case("cp1252_quote_in_headline", K, "Putin Shuts the Door on US \u2018Last Try\u2019 for Cooperation", W)

# --- UTF-8 read as Latin-1: C1 control characters where cp1252 has punctuation ----------------
K = "utf8_as_latin1_c1"
case("latin1_apostrophe", K, "The Kremlin\u2019s object was to lull Washington.", L)
case("latin1_quotes", K, "\u201cIt is critical, obviously,\u201d Kerry said.", L)
case("latin1_em_dash", K, "Kerry maintained on Aug. 1 that Russia had failed \u2014 again.", L)
case("latin1_ellipsis_mid", K, "Wait for it\u2026 the results are in.", L)
case("latin1_german_quotes", K, "\u201eHandwerk bringt dich \u00fcberall hin\u201c: Von der Lehre bis nach Monaco", L)
case("latin1_euro", K, "Prices start at \u20ac9.99 per month.", L)
case("latin1_accented", K, "Le pr\u00e9sident fran\u00e7ais a \u00e9t\u00e9 r\u00e9\u00e9lu.", L)
case("latin1_capital_a_ring", K, "\u00c5ngstr\u00f6m and \u00c9mile met in \u00c5rhus.", L)
case("latin1_czech", K, "P\u0159edseda vl\u00e1dy \u0159ekl, \u017ee situace je v\u00e1\u017en\u00e1.", L)
case("latin1_trademark", K, "Kleenex\u2122 is a brand, not a noun.", L)
case("latin1_dagger", K, "Survived by his wife\u2020 and two sons.", L)
case(
    "latin1_then_c1_as_cp1252",
    K,
    "She said \u201cno\u201d and left.",
    inp="She said \u00e2\u0080\u009cno\u00e2\u0080\u009d and left.",
    recipe="utf-8 bytes read as latin-1 (C1 controls 0x80, 0x9c, 0x9d kept)",
)

# --- sloppy Windows-1252: bytes cp1252 leaves undefined (0x81 0x8d 0x8f 0x90 0x9d) ------------
K = "sloppy_cp1252"
case("sloppy_right_quote", K, "\u201cWe are close,\u201d an official said.", W)
case("sloppy_capital_a_acute", K, "\u00c1lvaro Uribe visit\u00f3 \u00c1frica.", W)
case("sloppy_capital_i_acute", K, "\u00cdndice de precios: \u00cdtem 4.", W)
case("sloppy_i_diaeresis_caps", K, "NA\u00cfVE ART", W)
case("sloppy_eth_caps", K, "GU\u00d0MUNDUR", W)
case("sloppy_y_acute", K, "\u00ddmir flew to Reykjav\u00edk.", W)
case("sloppy_o_macron", K, "T\u014dky\u014d and \u014csaka", W)
case("sloppy_russian", K, "\u0421\u043f\u0430\u0441\u0438\u0431\u043e, \u0441\u0435\u0441\u0442\u0440\u0430.", W)
case("sloppy_hindi", K, "\u0939\u093f\u0928\u094d\u0926\u0940 \u092d\u093e\u0937\u093e", W)
case("sloppy_l_stroke", K, "\u0141\u00f3d\u017a and \u0141eba", W)
case(
    "sloppy_lost_undefined_quote",
    K,
    "\u201cHello,\u201d he said.",
    inp="\u201cHello,\u00e2\u20ac\ufffd he said.",
    recipe="\u201d as utf-8 read as windows-1252; the undefined byte 0x9d became U+FFFD (lossy)",
)
case(
    "sloppy_dropped_undefined_byte",
    K,
    "the \u201cmore responsible\u201d role",
    inp="the \u00e2\u20ac\u0153more responsible\u00e2\u20ac role",
    recipe="utf-8 bytes read as strict windows-1252 with the undefined byte 0x9d dropped (lossy)",
)

# --- Two or three layers ----------------------------------------------------------------------
K = "multi_layer"
case("double_cp1252_apostrophe", K, "The Mona Lisa doesn\u2019t have eyebrows.", W, W)
case("double_cp1252_quotes", K, "\u201cNo comment,\u201d said the spokesman.", W, W)
case("double_cp1252_eacute", K, "Caf\u00e9 Society at the Th\u00e9\u00e2tre", W, W)
case("double_cp1252_pound", K, "Shares rose to \u00a312.50.", W, W)
case("double_cp1252_nbsp", K, "Total:\u00a0\u20ac40", W, W)
case("double_cp1252_dash", K, "Syria \u2014 and Assad \u2014 top the agenda.", W, W)
case("triple_cp1252_apostrophe", K, "Russia\u2019s top diplomat", W, W, W)
case("triple_cp1252_eacute", K, "R\u00e9sum\u00e9 attached.", W, W, W)
case("double_latin1", K, "Gr\u00fc\u00dfe aus M\u00fcnchen", L, L)
case("latin1_then_cp1252", K, "na\u00efve fa\u00e7ade", L, W)
case("cp1252_then_latin1", K, "It\u2019s \u00e9t\u00e9.", W, L)
case("double_cp1252_spanish", K, "Pa\u00eds Vasco, a\u00f1o 2016", W, W)
case("double_emoji", K, "Great game \U0001f44d", W, W)

# --- UTF-8 read as MacRoman -------------------------------------------------------------------
K = "macroman"
case("macroman_smurfs", K, "Le Schtroumpf Docteur conseille g\u00e2teaux et baies schtroumpfantes pour un r\u00e9gime \u00e9quilibr\u00e9.", "mac_roman")
case("macroman_apostrophe", K, "Kerry\u2019s latest bid failed.", "mac_roman")
case("macroman_quotes", K, "\u201cLast Try\u201d for cooperation", "mac_roman")
case("macroman_dash", K, "Moscow \u2014 and Washington \u2014 disagree.", "mac_roman")
case("macroman_umlauts", K, "\u00dcber M\u00fcnchen nach Z\u00fcrich", "mac_roman")
case("macroman_nbsp", K, "10\u00a0km north of Aleppo", "mac_roman")
case("macroman_spanish", K, "Se\u00f1or Mu\u00f1oz lleg\u00f3 a Bogot\u00e1.", "mac_roman")
case("macroman_euro", K, "It costs \u20ac20.", "mac_roman")
case("macroman_french", K, "L\u2019\u00e9t\u00e9 \u00e0 Qu\u00e9bec est tr\u00e8s chaud.", "mac_roman")

# --- UTF-8 read as other code pages -----------------------------------------------------------
K = "utf8_as_other_codepage"
case("cp1251_en_dash_tweet", K, "Blog Traffic Tip 2 \u2013 Broadcast Email Your Blog", "cp1251")
case("cp1251_curly_apostrophe", K, "S&P confirms UkrSibbank\u2019s \u201cB-\u201c rating", "cp1251")
case("cp1251_russian", K, "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430?", "cp1251")
case("cp1251_ukrainian", K, "\u041a\u0438\u0457\u0432 \u2014 \u0441\u0442\u043e\u043b\u0438\u0446\u044f \u0423\u043a\u0440\u0430\u0457\u043d\u0438.", "cp1251")
case("cp1251_futbol_hashtag", K, "\u0434\u043e\u0440\u043e\u0433\u0435 \u0418\u0437-\u043f\u043e\u0434 #\u0444\u0443\u0442\u0431\u043e\u043b", "cp1251")
case("cp1250_czech", K, "\u017dlu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy.", "cp1250")
case("cp1250_polish", K, "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144.", "cp1250")
case("cp1250_slovak_apostrophe", K, "Pre\u010do sa to stalo? \u201eNevieme,\u201c povedal.", "cp1250")
case("iso8859_2_hungarian", K, "\u00c1rv\u00edzt\u0171r\u0151 t\u00fck\u00f6rf\u00far\u00f3g\u00e9p", "iso8859_2")
case("cp1253_greek_apostrophe", K, "The Greek minister\u2019s speech was \u201cfirm\u201d.", "cp1253")
case("cp1254_turkish", K, "\u00c7ok g\u00fczel bir g\u00fcn, te\u015fekk\u00fcrler.", "cp1254")
case("cp437_spanish", K, "Dise\u00f1ado en Espa\u00f1a, fabricado en Per\u00fa.", "cp437")
case("cp437_curacao", K, "Cura\u00e7ao and Montr\u00e9al", "cp437")

# --- Legacy Cyrillic code pages read as Latin (not UTF-8 at all) ------------------------------
K = "legacy_cyrillic_as_latin"
RU = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u041a\u0430\u043a \u0434\u0435\u043b\u0430?"
RU2 = "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0438\u043d\u043e\u0441\u0442\u0440\u0430\u043d\u043d\u044b\u0445 \u0434\u0435\u043b \u0420\u043e\u0441\u0441\u0438\u0438 \u0421\u0435\u0440\u0433\u0435\u0439 \u041b\u0430\u0432\u0440\u043e\u0432"
case("cp1251_read_as_cp1252", K, RU, inp=RU.encode("cp1251").decode("cp1252"), recipe="windows-1251 bytes read as windows-1252")
case("cp1251_read_as_latin1_news", K, RU2, inp=RU2.encode("cp1251").decode("latin-1"), recipe="windows-1251 bytes read as latin-1")
case("koi8r_read_as_latin1", K, RU, inp=RU.encode("koi8_r").decode("latin-1"), recipe="koi8-r bytes read as latin-1")
case("koi8r_read_as_latin1_news", K, RU2, inp=RU2.encode("koi8_r").decode("latin-1"), recipe="koi8-r bytes read as latin-1")
# Lowercase KOI8-R and capital windows-1251 are the same bytes (0xC0-0xDF): only the letters'
# frequencies tell the two readings apart (found by the hypothesis property test).
RU3 = "\u043a\u0440\u0435\u043c\u043b\u044c \u0441\u0435\u0440\u0433\u0435\u0439 \u043f\u0435\u0440\u0435\u043c\u0438\u0440\u0438\u0435."
case("koi8r_lowercase_read_as_latin1", K, RU3, inp=RU3.encode("koi8_r").decode("latin-1"),
     recipe="koi8-r bytes read as latin-1 (all bytes 0xC0-0xDF: windows-1251 would read capitals)")
case("cp1251_capitals_read_as_latin1", K, RU3.upper(), inp=RU3.upper().encode("cp1251").decode("latin-1"),
     recipe="windows-1251 bytes read as latin-1 (all bytes 0xC0-0xDF: KOI8-R would read lowercase)")
case(
    "cp1251_read_as_cp1252_mixed_ascii",
    K,
    "Reuters: \u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440 \u041f\u0443\u0442\u0438\u043d \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0435\u0440\u0440\u0438 (14.07.2016)",
    inp="Reuters: \u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440 \u041f\u0443\u0442\u0438\u043d \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0435\u0440\u0440\u0438 (14.07.2016)".encode("cp1251").decode("cp1252"),
    recipe="windows-1251 bytes read as windows-1252 (ASCII parts unaffected)",
)

# --- Partial mojibake: broken and correct characters in the same line -------------------------
K = "partial_mixed"
case(
    "mixed_fixed_and_broken_apostrophes",
    K,
    "Kerry\u2019s deal and Lavrov\u2019s reply",
    inp=f"Kerry\u2019s deal and Lavrov{M(chr(0x2019), W)}s reply",
    recipe="second \u2019 only: utf-8 read as windows-1252 (first one correct: a CMS fixed half)",
)
case(
    "mixed_accented_name_and_broken_quote",
    K,
    "Jos\u00e9 said \u201cs\u00ed\u201d to the deal.",
    inp=f"Jos\u00e9 said {M(chr(0x201C), W)}s\u00ed{M(chr(0x201D), W)} to the deal.",
    recipe="curly quotes only: utf-8 read as windows-1252; accented letters correct",
)
case(
    "mixed_legit_accent_then_mojibake",
    K,
    "Bj\u00f6rk visited Z\u00fcrich and M\u00fcnchen.",
    inp="Bj\u00f6rk visited " + M("Z\u00fcrich and M\u00fcnchen", W) + ".",
    recipe="'Z\u00fcrich and M\u00fcnchen' utf-8 read as windows-1252; 'Bj\u00f6rk' correct",
)
case(
    "mixed_title_fine_body_broken",
    K,
    "Caf\u00e9 culture: the caf\u00e9 owners\u2019 view",
    inp="Caf\u00e9 culture: the " + M("caf\u00e9 owners\u2019", W) + " view",
    recipe="second half utf-8 read as windows-1252",
)
case(
    "mixed_curly_ok_dash_broken",
    K,
    "\u201cWe are ready\u201d \u2014 but not yet.",
    inp=f"\u201cWe are ready\u201d {M(chr(0x2014), W)} but not yet.",
    recipe="the em dash only: utf-8 read as windows-1252",
)
case(
    "mixed_latin1_one_word",
    K,
    "The d\u00e9but of Ren\u00e9e Fleming",
    inp="The d\u00e9but of " + M("Ren\u00e9e", L) + " Fleming",
    recipe="'Ren\u00e9e' utf-8 read as latin-1 (C1 free), 'd\u00e9but' correct",
)
case(
    "mixed_nbsp_as_space",
    K,
    "Prices rose 3\u00a0% in Paris.",
    inp="Prices rose 3\u00c2\u00a0% in Paris.",
    recipe="the NBSP only: utf-8 read as windows-1252",
)
case(
    "mixed_a_grave_nbsp_became_space",
    K,
    "Il est all\u00e9 \u00e0 Paris.",
    inp="Il est all\u00e9 \u00c3 Paris.",
    recipe="'\u00e0' utf-8 read as windows-1252, then its NBSP byte (0xA0) normalised to a plain space",
)
case(
    "mixed_voila_nbsp_space",
    K,
    "voil\u00e0 le travail",
    inp="voil\u00c3  le travail",
    recipe="'\u00e0' utf-8 read as windows-1252, NBSP (0xA0) turned into a space, original space kept",
)
case(
    "mixed_emoji_broken_text_fine",
    K,
    "Na\u00efve question \U0001f602",
    inp=f"Na\u00efve question {M(chr(0x1F602), W)}",
    recipe="the emoji only: utf-8 read as windows-1252",
)
case(
    "mixed_two_encodings_in_line",
    K,
    "\u00e9t\u00e9 and \u00fcber",
    inp=M("\u00e9t\u00e9", W) + " and " + M("\u00fcber", "mac_roman"),
    recipe="'\u00e9t\u00e9' utf-8 read as windows-1252, '\u00fcber' utf-8 read as MacRoman",
)
case(
    "mixed_single_and_double_layer",
    K,
    "don\u2019t and won\u2019t",
    inp=M("don\u2019t", W) + " and " + M("won\u2019t", W, W),
    recipe="'don\u2019t' one layer, 'won\u2019t' two layers of utf-8 read as windows-1252",
)
case(
    "mixed_lines_document",
    K,
    "Caf\u00e9 Noir\n\u201cOpen daily,\u201d says the owner.\nJos\u00e9 Mu\u00f1oz",
    inp=f"Caf\u00e9 Noir\n{M(chr(0x201C) + 'Open daily,' + chr(0x201D), W)} says the owner.\nJos\u00e9 Mu\u00f1oz",
    recipe="line 2's quotes utf-8 read as windows-1252; lines 1 and 3 correct",
)
case(
    "mixed_euro_and_pound",
    K,
    "\u20ac5 or \u00a34",
    inp=f"\u20ac5 or {M(chr(0xA3), W)}4",
    recipe="'\u00a3' utf-8 read as windows-1252; '\u20ac' correct",
)
case(
    "mixed_spanish_inverted",
    K,
    "\u00bfQu\u00e9 pas\u00f3? \u00a1Nadie sabe!",
    inp=f"\u00bfQu\u00e9 pas\u00f3? {M(chr(0xA1), W)}Nadie sabe!",
    recipe="'\u00a1' utf-8 read as windows-1252; the rest correct",
)

# --- Emoji and CJK ----------------------------------------------------------------------------
K = "emoji_cjk"
case("emoji_thumbs", K, "Great match today \U0001f44d", W)
case("emoji_laugh", K, "lol \U0001f602\U0001f602", W)
case("emoji_flag", K, "Go team \U0001f1fa\U0001f1f8!", W)
case("emoji_smiley_bmp", K, "Thanks \u263a", W)
case("emoji_heart_eyes_latin1", K, "Hi guys \U0001f60d", L)
case("emoji_zwj_family", K, "Family \U0001f468\u200d\U0001f469\u200d\U0001f467", W)
case("cjk_chinese", K, "\u4e2d\u6587\u65b0\u95fb\uff1a\u7f8e\u56fd\u56fd\u52a1\u537f\u514b\u91cc\u8bbf\u95ee\u83ab\u65af\u79d1\u3002", W)
case("cjk_japanese", K, "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3067\u3059\u3002", W)
case("cjk_korean", K, "\ud55c\uad6d\uc5b4 \ub274\uc2a4", W)
case("cjk_mixed_latin", K, "Sony \u30bd\u30cb\u30fc announced profits.", W)
case("cjk_chinese_latin1", K, "\u5317\u4eac\u5e02", L)
case("thai", K, "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22", W)
case("emoji_macroman", K, "Nice \U0001f60a", "mac_roman")

# --- HTML entities left in plain text ---------------------------------------------------------
K = "html_entities"
case("entity_amp", K, "Procter & Gamble and AT&T", inp="Procter &amp; Gamble and AT&amp;T", recipe="'&' HTML-escaped as &amp;")
case("entity_rsquo_numeric", K, "Russia\u2019s role", inp="Russia&#8217;s role", recipe="\u2019 as decimal entity &#8217;")
case("entity_hex", K, "It\u2019s \u201cfine\u201d", inp="It&#x2019;s &#x201C;fine&#x201D;", recipe="curly quotes as hex entities")
case("entity_eacute", K, "Caf\u00e9 de Flore", inp="Caf&eacute; de Flore", recipe="\u00e9 as named entity &eacute;")
case("entity_quot", K, "He said \"no\".", inp="He said &quot;no&quot;.", recipe="straight quotes as &quot;")
case("entity_lt_gt_prose", K, "Growth of <2% and >5%", inp="Growth of &lt;2% and &gt;5%", recipe="< and > as &lt; &gt; in prose")
case("entity_nbsp", K, "10\u00a0km", inp="10&nbsp;km", recipe="NBSP as &nbsp;")
case("entity_mdash", K, "Syria \u2014 again", inp="Syria &mdash; again", recipe="\u2014 as &mdash;")
case("entity_double_escaped", K, "Q&A session", inp="Q&amp;amp;A session", recipe="'&' HTML-escaped twice")
case("entity_double_escaped_numeric", K, "Kerry\u2019s visit", inp="Kerry&amp;#8217;s visit", recipe="&#8217; HTML-escaped again")
case("entity_upper_name", K, "\u00c9COLE", inp="&Eacute;COLE", recipe="\u00c9 as &Eacute;")
case("entity_euro", K, "\u20ac50", inp="&euro;50", recipe="\u20ac as &euro;")
case("entity_hellip_ndash", K, "1990\u20132000\u2026", inp="1990&ndash;2000&hellip;", recipe="dash and ellipsis as named entities")
case("entity_apos", K, "don't", inp="don&#39;t", recipe="ASCII apostrophe as &#39;")
case("entity_mixed_with_mojibake", K, "Caf\u00e9 & Bar \u2014 open", inp="Caf\u00c3\u00a9 &amp; Bar \u00e2\u20ac\u201d open", recipe="'&' as &amp;, \u00e9 and \u2014 utf-8 read as windows-1252")

# --- Negative: clean text a naive fixer would break -------------------------------------------
negative("neg_portuguese_sao_paulo", "S\u00c3O PAULO \u2014 A reuni\u00e3o em S\u00e3o Paulo", "legitimate \u00c3 in Portuguese capitals")
negative("neg_portuguese_irma", "A IRM\u00c3 E O IRM\u00c3O", "\u00c3 followed by a space is a Portuguese word end, not \u00e0")
negative("neg_portuguese_acao", "A\u00c7\u00c3O E REA\u00c7\u00c3O NO CORA\u00c7\u00c3O DO BRASIL", "Portuguese capitals")
negative("neg_portuguese_mae", "M\u00c3E, N\u00c3O! disse o menino.", "\u00c3 before E and O")
negative("neg_vietnamese_caps", "NG\u00c3 BA HU\u1ebe", "Vietnamese capital \u00c3 before a space")
negative("neg_vietnamese_ma_so", "M\u00c3 S\u1ed0 5: \u0110\u00e0 N\u1eb5ng, H\u00e0 N\u1ed9i", "Vietnamese")
negative("neg_vietnamese_sentence", "Ti\u1ebfng Vi\u1ec7t l\u00e0 ng\u00f4n ng\u1eef ch\u00ednh th\u1ee9c.", "Vietnamese")
negative("neg_french_a_circumflex", "L\u2019\u00e2ge du ch\u00e2teau \u00e0 P\u00e2ques, th\u00e9\u00e2tre et g\u00e2teau.", "French \u00e2")
negative("neg_french_caps", "\u00c0 L\u2019\u00c9COLE, \u00ab \u00c7A VA \u00bb ?", "French capitals and guillemets")
negative("neg_romanian_caps", "\u00ceNT\u00c2LNIRE LA BUCURE\u0218TI, ROM\u00c2NIA", "Romanian \u00c2 and \u00ce")
negative("neg_icelandic", "\u00de\u00f3r\u00f0ur \u00c6gisson og \u00d0\u00f3ra", "Icelandic \u00de \u00d0 \u00c6")
negative("neg_catalan_middle_dot", "La col\u00b7lecci\u00f3 de l\u2019Escola Pia", "Catalan l\u00b7l")
negative("neg_spanish_inverted", "\u00bfCu\u00e1l es tu n\u00famero? \u00a1Ol\u00e9!", "Spanish \u00bf \u00a1")
negative("neg_spanish_caps_ordinal", "ESPA\u00d1A, A\u00d1O NUEVO: 1\u00ba y 2\u00aa", "Spanish capitals and ordinals")
negative("neg_german_eszett", "Stra\u00dfe, Gr\u00fc\u00dfe, \u00c4RGER \u00dcBER \u00d6L", "German")
negative("neg_danish", "BL\u00c5B\u00c6RSYLTET\u00d8Y og r\u00f8dgr\u00f8d med fl\u00f8de", "Danish")
negative("neg_swedish_a_ring_ellipsis", "S\u00c5\u2026 vad h\u00e4nde sen?", "Swedish capital \u00c5 before an ellipsis")
negative("neg_hungarian", "\u00c1rv\u00edzt\u0171r\u0151 t\u00fck\u00f6rf\u00far\u00f3g\u00e9p", "Hungarian")
negative("neg_czech", "\u017dlu\u0165ou\u010dk\u00fd k\u016f\u0148", "Czech")
negative("neg_polish_caps", "\u0141\u00d3D\u0179, POZNA\u0143, GDA\u0143SK", "Polish capitals")
negative("neg_turkish", "\u0130stanbul\u2019da hava \u00e7ok g\u00fczel.", "Turkish")
negative("neg_bronte", "I\u2019m not such a fan of Charlotte Bront\u00eb\u2026\u201d", "\u00eb\u2026\u201d looks like a UTF-8 sequence")
negative("neg_swedish_product", "AH\u00c5\u2122, the new sofa from IKEA", "\u00c5\u2122 looks like a UTF-8 sequence")
negative("neg_ukrainian_caps", "\u0412\u0406\u041a\u0406 is Ukrainian for WIKI", "Cyrillic capitals")
negative("neg_russian", "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0421\u0435\u0440\u0433\u0435\u0439 \u041b\u0430\u0432\u0440\u043e\u0432 \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0435\u0440\u0440\u0438.", "Russian")
negative("neg_greek", "\u039f \u03c5\u03c0\u03bf\u03c5\u03c1\u03b3\u03cc\u03c2 \u0395\u03be\u03c9\u03c4\u03b5\u03c1\u03b9\u03ba\u03ce\u03bd \u03c3\u03c5\u03bd\u03b1\u03bd\u03c4\u03ae\u03b8\u03b7\u03ba\u03b5 \u03bc\u03b5 \u03c4\u03bf\u03bd \u039a\u03ad\u03c1\u03b9.", "Greek")
negative("neg_hebrew", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd", "Hebrew")
negative("neg_arabic", "\u0642\u0627\u0644 \u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 \u0625\u0646 \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0645\u0633\u062a\u0645\u0631\u0629.", "Arabic")
negative("neg_chinese", "\u7f8e\u56fd\u56fd\u52a1\u537f\u514b\u91cc\u5728\u83ab\u65af\u79d1\u4f1a\u89c1\u4e86\u666e\u4eac\u3002", "Chinese")
negative("neg_japanese", "\u30b1\u30ea\u30fc\u56fd\u52d9\u9577\u5b98\u306f\u30e2\u30b9\u30af\u30ef\u3067\u4f1a\u8ac7\u3057\u305f\u3002", "Japanese")
negative("neg_korean", "\ud55c\uad6d\uc5b4 \ub274\uc2a4", "Korean")
negative("neg_emoji", "Great match \U0001f44d\U0001f3fd \U0001f1fa\U0001f1f8 \U0001f468\u200d\U0001f469\u200d\U0001f467", "emoji with modifiers, flags, ZWJ")
negative("neg_kaomoji_table_flip", "(\u256f\u00b0\u25a1\u00b0\uff09\u256f\ufe35 \u253b\u2501\u253b", "kaomoji with \u00b0 and \u25a1")
negative("neg_shrug", "\u00af\\_(\u30c4)_/\u00af", "shrug with backslash")
negative("neg_math", "(-1/2)! = \u221a\u03c0, 2 \u00d7 3 \u2260 5, \u00b13\u00b0C, \u00bd + \u00bc", "math symbols")
negative("neg_currency", "$5, \u20ac6, \u00a37, \u00a58, \u20b99, \u20bd10, 2\u00a2", "currency signs")
negative("neg_copyright_line", "\u00a9 2016 Reuters\u2122. All rights reserved\u00ae.", "\u00a9 \u2122 \u00ae")
negative("neg_curly_and_straight", "\u201cIt\u2019s fine,\u201d he said. \"Really,\" she said, 'ok'.", "curly and straight quotes")
negative("neg_low_double_quote", "\u201eDas ist gut\u201c, sagte er. \u201aJa\u2018.", "German quotes")
negative("neg_guillemets_single", "\u2039Oui\u203a et \u00abNon\u00bb", "guillemets")
negative("neg_amp_in_names", "AT&T, R&D, Q&A and Johnson & Johnson", "bare ampersands")
negative("neg_url_with_entity_like_query", "https://example.com/?a=1&copy=2&reg=3", "URL query that looks like entities")
negative("neg_html_snippet", "Write <b>&amp;</b> in HTML for an ampersand.", "quoted markup keeps its entity")
negative("neg_a_circumflex_euro_price", "Le g\u00e2teau co\u00fbte 5 \u20ac.", "\u00e2 and \u20ac apart from each other")
negative("neg_degree_minutes", "51\u00b030\u203226\u2033N 0\u00b07\u203239\u2033W", "coordinates")
negative("neg_a_tilde_word_end_punct", "Ele disse: \u201cN\u00c3O!\u201d \u2014 e saiu.", "\u00c3 before O")
negative("neg_i_circumflex_french", "L\u2019\u00eele, ma\u00eetre, na\u00eet, a\u00een\u00e9", "French \u00ee")
negative("neg_o_circumflex", "H\u00d4TEL DU C\u00d4T\u00c9, h\u00f4pital", "\u00d4 capitals")
negative("neg_latin1_box_drawing", "\u250c\u2500\u2500\u2510\n\u2502ok\u2502\n\u2514\u2500\u2500\u2518", "box drawing lines")
negative("neg_nordic_names", "S\u00f8ren Kierkegaard, \u00c5se Kleveland, \u00d8ystein", "Nordic names")
negative("neg_tree_listing", "\u251c\u2500\u2500 src\n\u2502 \u2514\u2500\u2500 main.py", "box drawing (CP437 lead bytes) not glued to letters")
negative("neg_apple_logo", "\uf8ff Pay and \uf8ffTV+ launched.", "the Apple logo is not always a MacRoman emoji lead byte")
negative("neg_french_a_grave", "Il est all\u00e9 \u00e0 Paris, voil\u00e0 le travail.", "correct \u00e0")
negative("neg_portuguese_caps_in_lowercase", "o time do S\u00c3O PAULO venceu o CORINTHIANS", "\u00c3 inside a capitalised word")
negative("neg_letter_list", "Letters: \u00c0, \u00c9, \u00ce, \u00d5, \u00dc and \u00e0 \u00e9 \u00ee", "accented letters as one-letter words")
negative("neg_dagger_footnote", "\u201cYes,\u201d he said.\u2020 Survived by his wife\u2020.", "dagger footnote marks")
negative("neg_accented_caps_sequence", "\u00c9T\u00c9 \u00c0 L\u2019\u00ceLE", "accented capitals in a row")

# Known failures of repair_text (label -> reason): strict xfails in tests/unit/test_repair_cases.py.
KNOWN_FAILURES: dict[str, str] = {
    "wild_mixed_two_encodings_in_line": "two different code pages in one line: ftfy decodes the whole line with "
    "one of them and makes it worse (combining marks); no per-segment fallback yet",
}

# Characters that are invisible or control characters: written as \\u escapes in the JSON file.
_ESCAPE_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\xa0\xad\u200b-\u200f\u2028\u2029\u202f\ufeff]")


def build() -> list[dict]:
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels)), "duplicate labels"
    unknown = set(KNOWN_FAILURES) - set(labels)
    assert not unknown, unknown
    out = []
    for c in CASES:
        c = dict(c)
        if c["label"] in KNOWN_FAILURES:
            c["xfail"] = KNOWN_FAILURES[c["label"]]
        out.append(c)
    return out


def main() -> None:
    path = Path(__file__).with_name("in_the_wild.json")
    doc = {
        "description": "Generated by make_in_the_wild_cases.py: do not edit by hand. In-the-wild style mojibake "
        "(kinds as in ftfy's test suite) with per-case kind and recipe; kind 'negative' must stay unchanged.",
        "cases": build(),
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    text = _ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    assert json.loads(text) == doc
    path.write_text(text + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for c in doc["cases"]:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    print(f"wrote {len(doc['cases'])} cases to {path}: {kinds}")


if __name__ == "__main__":
    main()
