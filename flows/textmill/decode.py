"""Bytes -> text: the decode stage, with a report of what it did.

Order of evidence (each step only runs when the ones before it did not settle the question):

1. A byte-order mark (UTF-8, UTF-32, UTF-16): the bytes say what they are.
2. UTF-16 / UTF-32 without a BOM, from the zero-byte pattern (a Windows tool's "Unicode" text).
3. Binary data (many control bytes) is refused.
4. Strict UTF-8.
5. UTF-8 with damage: when there are valid multi-byte sequences and either they are at least as
   many as the invalid ones or every invalid sequence stands alone (no invalid neighbour: legacy
   Cyrillic, Greek or CJK text has runs of them), the text is UTF-8 and each invalid sequence is
   repaired on its own, in context (a lone cp1252 punctuation byte such as 0x92 becomes ``’``, a
   lone Latin letter byte next to a letter or space becomes that letter), or replaced by U+FFFD;
   both are counted. A whole-document re-decode in a code page would turn every valid UTF-8
   character into mojibake.
6. A legacy code page: the charset declared by an HTTP-style ``Content-Type`` hint, else by the
   document itself (``<meta charset>``, ``<meta http-equiv>``, ``<?xml encoding>``), if it
   decodes the bytes; else a detector's guess. Lines that are valid UTF-8 with multi-byte
   characters stay UTF-8 (a UTF-8 paragraph pasted into a legacy file).

Thresholds and label tables are data in this module (``DecodeConfig``, ``LABEL_SUPERSETS``);
the stage is pure: same bytes and hints, same text and report.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Name of the count in ``documents.repairs``: invalid UTF-8 byte sequences repaired or replaced.
INVALID_BYTES_FIX = "invalid_bytes"


@dataclass(frozen=True)
class DecodeConfig:
    """Options of the decode stage.

    max_control_ratio: share of control bytes (NUL and other C0 controls except whitespace) above
        which the input is `binary` (default 1%: text has none, binaries have ~10%). Checked after
        the UTF-16/32 tests, whose NUL bytes are expected.
    min_utf8_share: valid multi-byte UTF-8 sequences / (valid + invalid sequences) at or above
        which undecodable bytes are read as UTF-8 with damage (default 0.5). Lower: legacy files
        with a few sequences that happen to be valid UTF-8 get read as damaged UTF-8; higher:
        mostly-UTF-8 files with a pasted cp1252 paragraph go to the code-page detector.
    min_utf16_zero_share: share of the 16-bit units whose high byte is zero (spaces, digits and
        Latin letters in UTF-16) needed to read BOM-less bytes as UTF-16 (default 0.05: a
        Cyrillic UTF-16 text still has its spaces; no 8-bit text has NULs, see max_control_ratio).
    sniff_bytes: how far into the document a ``<meta charset>`` is looked for (HTML says 1024;
        real pages put long scripts first, so 4096).
    detector: "chardet" (chardet 7) or "charset_normalizer". Measured on tests/cases/decode/
        (bench/decode.py): chardet 62 of 62, charset-normalizer 56 (2026-12-01).
    cp1252_prior: windows-1252 wins when the detector's confidence in it is at least this share of
        its best guess (default 0.75). On short Western text every Latin code page scores alike
        and the best is often wrong (cp1251 for French); on the cases, no non-Western text gave
        cp1252 more than 0.52 of the best. 0 always picks cp1252 when it is a candidate.
    """

    max_control_ratio: float = 0.01
    min_utf8_share: float = 0.5
    min_utf16_zero_share: float = 0.05
    sniff_bytes: int = 4096
    detector: str = "chardet"
    cp1252_prior: float = 0.75

    def __post_init__(self) -> None:
        if self.detector not in DETECTORS:
            raise ValueError(f"detector must be one of {sorted(DETECTORS)}, not {self.detector!r}")


@dataclass(frozen=True)
class Decoded:
    """What the decode stage made of the bytes, and how.

    encoding: normalised Python codec name (``utf_8``, ``utf_16_le``, ``cp1251``), the value of
        ``documents.encoding``.
    method: which step settled it: ``bom``, ``utf16_pattern``, ``utf8``, ``utf8_repaired``,
        ``declared``, ``detected``.
    repaired / replaced: invalid UTF-8 sequences decoded as the cp1252 character they stand for /
        replaced by U+FFFD (``utf8_repaired`` only).
    declared: the charset a hint or the document declared (normalised), used or not.
    """

    text: str
    encoding: str
    method: str
    repaired: int = 0
    replaced: int = 0
    declared: str | None = None

    @property
    def fixes(self) -> tuple[tuple[str, int], ...]:
        """Counts for ``documents.repairs`` (sorted by name, only those that fired)."""
        n = self.repaired + self.replaced
        return ((INVALID_BYTES_FIX, n),) if n else ()


@dataclass(frozen=True)
class Undecodable:
    reason: str  # empty | binary | undecodable
    message: str


# --- labels --------------------------------------------------------------------------------

# Declared labels that browsers (WHATWG Encoding) read as a superset: pages labelled latin-1 are
# really windows-1252 (its 0x80-0x9F are quotes and dashes), GB2312 pages use GBK characters.
LABEL_SUPERSETS = {
    "ascii": "cp1252", "iso8859_1": "cp1252", "latin_1": "cp1252", "iso8859_9": "cp1254",
    "iso8859_11": "cp874", "tis_620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949",
    "shift_jis": "cp932", "big5": "big5hkscs",
}
# WHATWG labels Python does not know by that name.
LABEL_ALIASES = {
    "x-sjis": "cp932", "windows-31j": "cp932", "windows-874": "cp874", "x-mac-roman": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic", "iso-8859-8-i": "iso8859_8", "ks_c_5601-1987": "cp949",
    "x-cp1251": "cp1251", "x-cp1252": "cp1252", "unicode-1-1-utf-8": "utf_8",
}


def normalize_label(label: str | None) -> str | None:
    """A declared charset label -> normalised Python codec name (or None if unknown)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    return LABEL_SUPERSETS.get(name, name)


_CONTENT_TYPE_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_META_CHARSET_RE = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)",
    re.IGNORECASE,
)


def charset_from_content_type(content_type: str | None) -> str | None:
    """``text/html; charset=ISO-8859-1`` -> ``cp1252`` (the WHATWG superset)."""
    match = _CONTENT_TYPE_CHARSET_RE.search(content_type or "")
    return normalize_label(match.group(1)) if match else None


def declared_charset(data: bytes, sniff_bytes: int = 4096) -> str | None:
    """The charset the document declares in its first ``sniff_bytes``: ``<meta charset>``,
    ``<meta http-equiv="Content-Type" content="...; charset=...">`` or ``<?xml encoding>``.
    A declared UTF-16 in a byte-oriented document is read as UTF-8 (as browsers do)."""
    match = _META_CHARSET_RE.search(data[:sniff_bytes])
    if not match:
        return None
    name = normalize_label((match.group(1) or match.group(2)).decode("ascii"))
    return "utf_8" if name and name.startswith("utf_16") else name


# --- UTF-8 with damage ------------------------------------------------------------------------

# A valid multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, <= U+10FFFF), a
# truncated prefix of one (one "maximal subpart", replaced as a unit as Python's decoder does),
# or any other single non-ASCII byte (invalid on its own).
_VALID = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_TRUNCATED = (
    rb"\xe0[\xa0-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]|\xed[\x80-\x9f]|\xf0[\x90-\xbf][\x80-\xbf]?"
    rb"|[\xf1-\xf3][\x80-\xbf]{1,2}|\xf4[\x80-\x8f][\x80-\xbf]?"
)
_TOKEN_RE = re.compile(_TRUNCATED + rb"|[\x80-\xff]")  # the invalid units, inside a run of invalid bytes
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
_ASCII_BYTES = bytes(range(0x80))
_SURROGATE_RUN_RE = re.compile("[\udc80-\udcff]+")
_SURROGATE_PAIRS_RE = re.compile("[\udc80-\udcff]{2,}")

# A lone invalid byte is most often one cp1252 character pasted into UTF-8 text. Its punctuation
# (0x80-0x9F: quotes, dashes, ellipsis, euro, trade mark) is taken as it is; a Latin-1 letter or
# symbol only when it stands alone (no invalid neighbour: a run of them is another code page) and
# is one that Western text uses. Anything else is unknown: U+FFFD.
_CP1252_LETTERS = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüý")
_CP1252_SYMBOLS = frozenset("\xa0¡£§©«®°±²³µ·º»¼½¾¿")


def _lone_byte(byte: int, before: int, after: int, alone: bool) -> str | None:
    """The cp1252 character an invalid byte stands for, or None (-> U+FFFD). ``before`` /
    ``after``: the neighbouring bytes (-1 at the edges); ``alone``: no invalid neighbour."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return None  # 0x81 0x8D 0x8F 0x90 0x9D: undefined in cp1252
    if byte < 0xA0:
        return char
    if not alone:
        return None
    if char in _CP1252_SYMBOLS:
        return char
    if char in _CP1252_LETTERS and (_is_ascii_letter(before) or _is_ascii_letter(after) or before in (-1, 0x20) or after in (-1, 0x20)):
        return char
    return None


def _is_ascii_letter(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def _utf8_evidence(data: bytes) -> tuple[int, int, bool]:
    """(valid multi-byte characters, invalid bytes, whether two invalid bytes are adjacent),
    from the decoder's own reading (C speed): each invalid byte becomes a lone surrogate."""
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(data) - len(text.encode("utf-8", errors="ignore"))
    ascii_chars = len(data) - len(data.translate(None, _ASCII_BYTES))
    valid = len(text) - ascii_chars - invalid
    return valid, invalid, any(_units(m.group()) > 1 for m in _SURROGATE_PAIRS_RE.finditer(text))


def _units(surrogates: str) -> int:
    """How many invalid units a run of invalid bytes is (a truncated sequence is one)."""
    return len(_TOKEN_RE.findall(surrogates.encode("utf-8", errors="surrogateescape")))


def decode_utf8_repairing(data: bytes) -> tuple[str, int, int]:
    """UTF-8 with each invalid sequence repaired in context: (text, repaired, replaced).

    Valid UTF-8 is never touched: every valid sequence decodes to its character, and an invalid
    sequence (a single byte, or the truncated start of a sequence, as one unit) becomes at most
    one character: its cp1252 reading (see ``_lone_byte``) or U+FFFD.
    Trade-off: a Latin-1 letter pasted in next to another one ("ção") becomes two U+FFFD, and a
    lead byte that lost its continuation before a space ("caf\xc3 ") is read as "Ã" (the repair
    stage's lost-byte rule knows "Ã " as the à whose 0xA0 became a space).
    """
    # The decoder does the valid part at C speed; each invalid byte becomes a lone surrogate,
    # and only those runs are looked at here.
    text = data.decode("utf-8", errors="surrogateescape")
    repaired = replaced = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal repaired, replaced
        raw = match.group().encode("utf-8", errors="surrogateescape")
        start, end = match.span()
        before = _neighbour(text, start - 1)
        after = _neighbour(text, end)
        tokens = _TOKEN_RE.findall(raw)
        out = []
        for token in tokens:
            char = _lone_byte(token[0], before, after, len(tokens) == 1) if len(token) == 1 else None
            if char is None:
                out.append("\ufffd")
                replaced += 1
            else:
                out.append(char)
                repaired += 1
        return "".join(out)

    return _SURROGATE_RUN_RE.sub(fix, text), repaired, replaced


def _neighbour(text: str, i: int) -> int:
    """The character at ``i`` as a byte value for ``_lone_byte``: ASCII as itself, anything
    else 0x80 (neither a letter nor a space), -1 past the edges."""
    if not 0 <= i < len(text):
        return -1
    code = ord(text[i])
    return code if code < 0x80 else 0x80


# --- UTF-16 / UTF-32 without a BOM ----------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf_8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf_32_le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf_32_be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf_16_le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf_16_be", "utf-16"),
)


def _wide_by_zeros(data: bytes, min_share: float) -> str | None:
    """UTF-32 / UTF-16 (LE or BE) from where the zero bytes are, or None.

    UTF-32 text has two zero bytes in every four for any BMP character; UTF-16 has a zero high
    byte for every space, digit and Latin letter, and a zero low byte almost never (few code
    points are multiples of 256). 8-bit text has no NUL at all.
    """
    sample = data[:8192]
    if len(sample) < 4 or 0 not in sample:
        return None
    if len(data) % 4 == 0:
        quads = len(sample) // 4
        for codec, hi in (("utf_32_le", (2, 3)), ("utf_32_be", (0, 1))):
            if all(sample[k::4].count(0) >= 0.9 * quads for k in hi):
                return codec
    if len(data) % 2:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= min_share * half and even * 10 <= odd:
        return "utf_16_le"
    if even >= min_share * half and odd * 10 <= even:
        return "utf_16_be"
    return None


# --- legacy code pages --------------------------------------------------------------------------

_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _ascii_compatible(codec: str) -> bool:
    """ASCII bytes mean ASCII in ``codec`` (not EBCDIC, UTF-7, ISO-2022 or UTF-16)."""
    try:
        return _ASCII_PROBE.decode(codec) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _single_byte(codec: str) -> bool:
    """Every byte is one character: an inserted byte can never swallow its neighbour."""
    try:
        return _ascii_compatible(codec) and len(bytes(range(0x80, 0x100)).decode(codec, errors="replace")) == 0x80
    except LookupError:
        return False


def _detect_chardet(data: bytes, single_byte_only: bool, cp1252_prior: float) -> str | None:
    import chardet

    # Our own supersets (LABEL_SUPERSETS), not chardet's: it also maps ISO-8859-2 to cp1250,
    # which reads the Czech "š" (0xB9) as "ą".
    results = chardet.detect_all(data[:DETECT_BYTES], prefer_superset=False, compat_names=False)
    candidates = [(normalize_label(r.get("encoding")), r.get("confidence") or 0.0) for r in results]
    candidates = [(name, conf) for name, conf in candidates
                  if name and _ascii_compatible(name) and (not single_byte_only or _single_byte(name))]
    if not candidates:
        return None
    best = candidates[0][1]
    # Short Western text gives every Latin code page a similar small confidence ("Le café est
    # très bon" comes out cp1251 first): the web's most common legacy page wins a near-tie.
    for name, conf in candidates:
        if name == "cp1252" and conf >= cp1252_prior * best:
            return name
    return candidates[0][0]


def _detect_charset_normalizer(data: bytes, single_byte_only: bool, cp1252_prior: float) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:DETECT_BYTES])
    best = matches.best()
    if best is None:
        return None
    # cp1252 wins a near-tie among Western single-byte readings (cp1250 would turn "déjà" into
    # "déjŕ" on short text).
    for preferred in ("cp1252", "latin_1", "iso8859_15"):
        for m in matches:
            if m.encoding == preferred and m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01:
                return normalize_label(m.encoding)
    for m in [best, *matches]:
        name = normalize_label(m.encoding)
        if name and _ascii_compatible(name) and (not single_byte_only or _single_byte(name)):
            return name
    return None


# The detectors read this much of a document: a few pages of text settle a code page, and
# detection time grows with the sample (the whole 20 MB would take seconds).
DETECT_BYTES = 65536

DETECTORS = {"chardet": _detect_chardet, "charset_normalizer": _detect_charset_normalizer}

# When no detector has an answer for bytes that are not UTF-8: the most common legacy code page
# on the web (its five undefined bytes become U+FFFD).
FALLBACK_CODEC = "cp1252"


def _decodes(data: bytes, codec: str | None) -> bool:
    if not codec:
        return False
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _decode_legacy(data: bytes, codec: str) -> str:
    """``codec`` for every line except those that are valid UTF-8 with multi-byte characters.
    (All supported legacy codecs are ASCII-compatible: "\\n" is a line break in each.)"""
    lines = data.split(b"\n")
    out = []
    for line in lines:
        if _HIGH_RUN_RE.search(line):
            try:
                out.append(line.decode("utf-8"))
                continue
            except UnicodeDecodeError:
                pass
        out.append(line.decode(codec, errors="replace"))
    return "\n".join(out)


# --- the stage ------------------------------------------------------------------------------------

_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHAR_RE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_ISOLATED_HIGH_RE = re.compile(rb"[\x80-\xff]{2}")


def decode(data: bytes, config: DecodeConfig | None = None, content_type: str | None = None) -> Decoded | Undecodable:
    """Decode raw bytes (a file, or one record's bytes); see the module docstring for the order.

    ``content_type``: an HTTP-style ``Content-Type`` value (``text/html; charset=...``) when the
    bytes came with one; it outranks a charset the document declares itself (as in browsers),
    and both only count when the bytes are not (mostly) UTF-8.
    """
    config = config or DecodeConfig()
    if not data.strip():
        return Undecodable("empty", "the file holds no text")
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(codec).removeprefix("\ufeff"), name, "bom"), config)
            except UnicodeDecodeError:
                return Undecodable("undecodable", f"starts with a {name} byte-order mark but is not valid {name}")
    wide = _wide_by_zeros(data, config.min_utf16_zero_share)
    if wide and _decodes(data, wide):
        result = _checked(Decoded(data.decode(wide), wide, "utf16_pattern"), config)
        if isinstance(result, Decoded):
            return result
    # Control bytes other than tab/newline/CR/FF/ESC almost never occur in text in any 8-bit or
    # UTF-8 encoding; more than max_control_ratio of them means binary data.
    controls = len(data) - len(data.translate(None, _BINARY_BYTES))
    if controls > len(data) * config.max_control_ratio:
        return Undecodable("binary", f"{controls} control bytes in {len(data)}: binary data, not text")
    try:
        # UTF-8 controls are the control bytes counted above: no second check.
        return Decoded(data.decode("utf-8"), "utf_8", "utf8")
    except UnicodeDecodeError:
        pass
    declared = charset_from_content_type(content_type) or declared_charset(data, config.sniff_bytes)
    valid, invalid, in_runs = _utf8_evidence(data)
    if valid:
        # Mostly UTF-8, or UTF-8 whose invalid bytes all stand alone (a pasted quote or letter):
        # legacy Cyrillic, Greek or CJK text has runs of them.
        if valid >= config.min_utf8_share * (valid + invalid) or not in_runs:
            text, repaired, replaced = decode_utf8_repairing(data)
            return Decoded(text, "utf_8", "utf8_repaired", repaired, replaced, declared)
    if declared and declared != "utf_8" and _decodes(data, declared):
        return _checked(Decoded(_decode_legacy(data, declared), declared, "declared", declared=declared), config)
    # Isolated non-ASCII bytes (never two in a row) cannot be a multi-byte code page.
    single_byte_only = not _ISOLATED_HIGH_RE.search(data)
    codec = DETECTORS[config.detector](data, single_byte_only, config.cp1252_prior) or FALLBACK_CODEC
    if not _decodes(data, codec) and not _single_byte(codec):
        return Undecodable("undecodable", f"no character encoding decodes these bytes into text (best guess {codec})")
    return _checked(Decoded(_decode_legacy(data, codec), codec, "detected", declared=declared), config)


def _checked(decoded: Decoded, config: DecodeConfig) -> Decoded | Undecodable:
    """Text with too many control characters is binary data that happened to decode."""
    text = decoded.text
    controls = sum(1 for _ in _CONTROL_CHAR_RE.finditer(text))
    if controls > len(text) * config.max_control_ratio:
        return Undecodable("binary", f"{controls} control characters in {len(text)}: binary data, not text")
    return decoded
