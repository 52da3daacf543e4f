"""Regenerate tests/cases/decode/cases.json: byte-level cases for textmill.decode.

    .venv/bin/python tests/cases/decode/make_cases.py

Each case is raw bytes (base64) with the text they must decode to and the encodings that count
as right (codecs that give the same text for these bytes are equivalent: Latin-1 text without
0x80-0x9F is cp1252 and iso8859_15 alike). ``content_type`` is an HTTP-style hint. ``reason``
instead of ``expected`` means the bytes must be refused with that reject reason.

The paragraphs below were written for this project (news-style, one per language); the byte
damage is what real files show: BOM-less UTF-16 from Windows tools, cp1252 punctuation pasted
into UTF-8, legacy code pages with and without a declaration, UTF-8 behind a wrong declaration.
Negative cases (``negative: true``) are valid text in a legacy encoding or UTF-16 that must be
read as it is, never "repaired" as damaged UTF-8.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[2] / "seeds" / "000_da570f2f14f4b68e.txt"

TEXTS = {
    "en": "WASHINGTON (AP) — Frustrated by months of stalled talks, Secretary of State John Kerry said on "
          "Wednesday that the United States was “ready to work” with Russia on a new cease-fire plan. "
          "Officials said the proposal, which would cost about €40 million, isn’t final yet.\n",
    "fr": "PARIS — Le gouvernement a présenté mercredi un projet de loi très attendu sur la réforme des "
          "retraites. « Nous irons jusqu’au bout », a déclaré la Première ministre devant l’Assemblée, "
          "où l’opposition dénonce une procédure accélérée. Les syndicats appellent à une grève générale "
          "dès la semaine prochaine.\n",
    "de": "BERLIN — Die Bundesregierung hat am Donnerstag ein Maßnahmenpaket für die Wirtschaft "
          "beschlossen. „Wir müssen jetzt handeln“, sagte der Minister vor Journalisten in Berlin. "
          "Die Opposition kritisierte die Pläne als zu spät und zu klein; die Gewerkschaften "
          "begrüßten dagegen die Förderung für Familien mit geringem Einkommen.\n",
    "es": "MADRID — El Gobierno español aprobó el martes una reforma de la ley de vivienda que limitará "
          "el precio del alquiler en las zonas más tensionadas. «Es un paso histórico», afirmó la "
          "ministra, mientras la oposición anunció que recurrirá la norma ante el Tribunal "
          "Constitucional. ¿Quién pagará la factura? preguntó un diputado.\n",
    "pt": "LISBOA — O Governo português anunciou nesta segunda-feira novas medidas de apoio às famílias "
          "afetadas pela inflação. A ministra da Habitação disse que as soluções serão aplicadas já no "
          "próximo mês e que a população não terá de esperar pela aprovação do orçamento.\n",
    "pl": "WARSZAWA — Rząd przyjął we wtorek projekt ustawy o ochronie zdrowia, który zakłada zwiększenie "
          "nakładów na szpitale powiatowe. Minister zdrowia powiedziała, że pieniądze trafią do placówek "
          "jeszcze w tym roku, a pacjenci odczują różnicę w ciągu kilku miesięcy.\n",
    "cs": "PRAHA — Vláda ve středu schválila návrh zákona o podpoře bydlení. Ministr pro místní rozvoj "
          "řekl, že nová pravidla začnou platit od příštího roku a pomohou hlavně mladým rodinám, "
          "které si dnes nemohou dovolit vlastní byt ani nájem ve velkých městech.\n",
    "ru": "МОСКВА — Правительство России в среду одобрило проект федерального бюджета на следующий год. "
          "Министр финансов заявил журналистам, что расходы на образование и здравоохранение вырастут, "
          "а дефицит бюджета останется в пределах прогноза. Депутаты рассмотрят документ в октябре.\n",
    "uk": "КИЇВ — Уряд України у вівторок затвердив план відновлення енергетичної інфраструктури. "
          "Міністр енергетики повідомив, що роботи на підстанціях тривають цілодобово, а більшість "
          "споживачів отримають світло вже цього тижня.\n",
    "el": "ΑΘΗΝΑ — Η κυβέρνηση ανακοίνωσε την Τετάρτη νέα μέτρα στήριξης για τα νοικοκυριά που "
          "πλήττονται από την ακρίβεια. Ο υπουργός Οικονομικών δήλωσε ότι οι πληρωμές θα ξεκινήσουν "
          "τον επόμενο μήνα και θα αφορούν περισσότερους από δύο εκατομμύρια πολίτες.\n",
    "tr": "ANKARA — Hükümet çarşamba günü asgari ücrete yüzde otuz zam yapıldığını açıkladı. Çalışma "
          "Bakanı, artışın ocak ayından itibaren geçerli olacağını ve işverenlere destek ödemesi "
          "yapılacağını söyledi. Sendikalar kararı yetersiz buldu.\n",
    "he": "ירושלים — הממשלה אישרה ביום רביעי את תקציב המדינה לשנה הבאה. שר האוצר אמר לעיתונאים כי "
          "ההוצאה על חינוך ובריאות תגדל, וכי הגירעון יישאר בתחום היעד שנקבע מראש.\n",
    "ar": "القاهرة — وافقت الحكومة يوم الأربعاء على مشروع موازنة العام المقبل. وقال وزير المالية "
          "للصحفيين إن الإنفاق على التعليم والصحة سيرتفع، وإن العجز سيبقى ضمن الحدود المتوقعة.\n",
    "ja": "東京 — 政府は水曜日、来年度の予算案を閣議決定した。財務大臣は記者団に対し、教育と医療への支出を"
          "増やす一方で、財政赤字は見通しの範囲内にとどまると述べた。国会での審議は来月始まる予定だ。\n",
    "zh": "北京 — 国务院周三通过了明年的预算草案。财政部长对记者表示，教育和医疗方面的支出将会增加，"
          "而财政赤字将保持在预期范围之内。全国人大将于下个月审议这份文件。\n",
    "zh_tw": "台北 — 行政院週三通過明年度總預算案。財政部長對記者表示，教育與醫療方面的支出將會增加，"
             "而財政赤字將維持在預期範圍之內。立法院將於下個月審議這份文件。\n",
    "ko": "서울 — 정부는 수요일 내년도 예산안을 국무회의에서 의결했다. 기획재정부 장관은 기자들에게 교육과 "
          "의료 분야 지출을 늘리는 한편 재정 적자는 전망 범위 안에서 관리하겠다고 밝혔다.\n",
}
SHORT_RU = "В Москве прошёл митинг.\n"


def _html(body: str, charset: str | None, how: str = "meta") -> str:
    head = {"meta": f'<meta charset="{charset}">',
            "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            None: ""}[how if charset else None]
    return f"<!DOCTYPE html>\n<html><head>{head}<title>News</title></head>\n<body><p>{body.strip()}</p></body></html>\n"


def _insert(data: bytes, at: int, junk: bytes) -> bytes:
    return data[:at] + junk + data[at:]


def _cases() -> list[dict]:
    cases: list[dict] = []

    def add(label, kind, data, expected, encodings, negative=False, content_type=None, note=None):
        case = {"label": label, "kind": kind, "input_base64": base64.b64encode(data).decode("ascii")}
        if content_type:
            case["content_type"] = content_type
        case.update({"expected": expected, "encodings": list(encodings), "negative": negative})
        if note:
            case["note"] = note
        cases.append(case)

    en = TEXTS["en"]
    # --- BOMs -------------------------------------------------------------------------------
    add("bom_utf8", "bom", b"\xef\xbb\xbf" + en.encode(), en, ["utf_8"])
    add("bom_utf16le", "bom", en.encode("utf-16"), en, ["utf_16_le"])
    add("bom_utf16be", "bom", b"\xfe\xff" + en.encode("utf-16-be"), en, ["utf_16_be"])
    add("bom_utf32le", "bom", b"\xff\xfe\x00\x00" + en.encode("utf-32-le"), en, ["utf_32_le"])
    add("bom_utf16le_russian", "bom", b"\xff\xfe" + TEXTS["ru"].encode("utf-16-le"), TEXTS["ru"], ["utf_16_le"])
    # --- UTF-16 / 32 without BOM (negatives: valid text to be read as it is) --------------------
    for lang in ("en", "de", "ru", "el"):
        t = TEXTS[lang]
        add(f"utf16le_nobom_{lang}", "utf16_nobom", t.encode("utf-16-le"), t, ["utf_16_le"], negative=True)
    add("utf16be_nobom_fr", "utf16_nobom", TEXTS["fr"].encode("utf-16-be"), TEXTS["fr"], ["utf_16_be"], negative=True)
    add("utf16le_nobom_seed", "utf16_nobom", SEED.read_text(encoding="utf-8").encode("utf-16-le"),
        SEED.read_text(encoding="utf-8"), ["utf_16_le"], negative=True, note="the seed article saved by a Windows tool as 'Unicode'")
    add("utf32le_nobom_en", "utf16_nobom", en.encode("utf-32-le"), en, ["utf_32_le"], negative=True)
    add("utf32be_nobom_ru", "utf16_nobom", TEXTS["ru"].encode("utf-32-be"), TEXTS["ru"], ["utf_32_be"], negative=True)
    # --- valid UTF-8 (negatives) --------------------------------------------------------------
    for lang in ("en", "ru", "ja", "zh", "ar"):
        add(f"utf8_{lang}", "utf8", TEXTS[lang].encode(), TEXTS[lang], ["utf_8"], negative=True)
    add("utf8_behind_latin1_meta", "utf8", _html(TEXTS["fr"], "iso-8859-1").encode(), _html(TEXTS["fr"], "iso-8859-1"),
        ["utf_8"], negative=True, note="valid UTF-8 wins over a wrong declaration")
    add("utf8_behind_cp1251_header", "utf8", TEXTS["de"].encode(), TEXTS["de"], ["utf_8"], negative=True,
        content_type="text/plain; charset=windows-1251")
    # --- UTF-8 with invalid bytes: per-sequence repair ---------------------------------------
    seed = SEED.read_bytes()
    seed_text = seed.decode("utf-8")
    add("seed_with_ff_fe_c3_28", "utf8_damaged", _insert(seed, 500, b"\xff\xfe\xc3\x28"),
        seed_text[:500] + "\ufffd\ufffd\ufffd(" + seed_text[500:], ["utf_8"],
        note="the issue's example: four invalid bytes must not turn the document into cp775")
    pasted = "He said \x93we are ready\x94 \x96 and the minister\x92s office agreed.\n".encode("latin-1")
    add("cp1252_quotes_in_utf8", "utf8_damaged", en.encode() + pasted,
        en + "He said “we are ready” – and the minister’s office agreed.\n", ["utf_8"])
    add("cp1252_quotes_in_utf8_line", "utf8_damaged",
        "Le café — “ouvert” dit-il, ".encode() + b"c\x92est l\x92heure \x85 d\xe9j\xe0 vu.\n",
        "Le café — “ouvert” dit-il, c’est l’heure … déjà vu.\n", ["utf_8"],
        note="more invalid bytes than valid sequences, all lone cp1252 characters")
    add("lone_latin1_letter_in_utf8", "utf8_damaged", TEXTS["de"].encode() + b"Caf\xe9 am Rathaus.\n",
        TEXTS["de"] + "Café am Rathaus.\n", ["utf_8"])
    add("truncated_sequence_in_utf8", "utf8_damaged", TEXTS["ru"].encode() + b"Cost: 5 \xe2\x82 per unit.\n",
        TEXTS["ru"] + "Cost: 5 \ufffd per unit.\n", ["utf_8"], note="a truncated euro sign: one U+FFFD")
    add("undefined_cp1252_byte_in_utf8", "utf8_damaged", en.encode() + b"Broken \x9d byte.\n",
        en + "Broken \ufffd byte.\n", ["utf_8"])
    add("cp1251_word_in_utf8", "utf8_damaged", TEXTS["en"].encode() + TEXTS["fr"].encode() + "Sign: ".encode() + "Да\n".encode("cp1251"),
        TEXTS["en"] + TEXTS["fr"] + "Sign: \ufffd\ufffd\n", ["utf_8"],
        note="a run of invalid bytes is another code page: unknown characters, not cp1252 letters")
    # --- legacy code pages, detected -----------------------------------------------------------
    legacy = [
        ("fr", "cp1252", ["cp1252"]), ("de", "cp1252", ["cp1252"]), ("es", "cp1252", ["cp1252"]),
        ("pt", "cp1252", ["cp1252", "iso8859_15", "iso8859_1", "latin_1"]),
        ("pl", "cp1250", ["cp1250"]), ("cs", "iso8859_2", ["iso8859_2"]),
        ("ru", "cp1251", ["cp1251"]), ("ru", "koi8_r", ["koi8_r"]), ("ru", "cp866", ["cp866"]),
        ("uk", "cp1251", ["cp1251"]), ("el", "cp1253", ["cp1253"]), ("el", "iso8859_7", ["iso8859_7", "cp1253"]),
        ("tr", "cp1254", ["cp1254"]), ("he", "cp1255", ["cp1255", "iso8859_8"]), ("ar", "cp1256", ["cp1256"]),
        ("ja", "shift_jis", ["cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213"]),
        ("ja", "euc_jp", ["euc_jp", "euc_jis_2004", "euc_jisx0213"]),
        ("zh", "gb18030", ["gb18030", "gbk", "gb2312"]), ("zh", "gbk", ["gb18030", "gbk", "gb2312"]),
        ("zh_tw", "big5", ["big5", "big5hkscs", "cp950"]), ("ko", "euc_kr", ["cp949", "euc_kr"]),
    ]
    for lang, codec, ok in legacy:
        text = TEXTS[lang]
        if lang not in ("ja", "zh", "zh_tw", "ko", "ar", "he", "el", "ru", "uk"):
            text = text.replace("€", "EUR")
        # The dash of the dateline: cp866 / ISO code pages have no em dash.
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            text = text.replace("—", "-")
            data = text.encode(codec)
        add(f"legacy_{lang}_{codec}", "legacy", data, text, ok, negative=True)
    for label, text in (("short_fr", "Le café est très bon à Paris."), ("short_fr_dash", "Café au lait, déjà vu, naïve façade — très bien."),
                        ("short_en_quotes", "He said “stop” – it’s a café."), ("short_de", "Die Straße ist schön.")):
        add(f"legacy_{label}_cp1252", "legacy", text.encode("cp1252"), text, ["cp1252"], negative=True,
            note="short Western text: the detector's near-tie goes to cp1252")
    # --- declared charsets -----------------------------------------------------------------------
    short = SHORT_RU
    add("meta_charset_short_cp1251", "declared", _html(short, "windows-1251").encode("cp1251"),
        _html(short, "windows-1251"), ["cp1251"], negative=True, note="too short to detect; the declaration decides")
    add("meta_http_equiv_koi8", "declared", _html(short, "koi8-r", "http-equiv").encode("koi8_r"),
        _html(short, "koi8-r", "http-equiv"), ["koi8_r"], negative=True)
    add("content_type_header_short_cp1251", "declared", short.encode("cp1251"), short, ["cp1251"], negative=True,
        content_type="text/plain; charset=windows-1251")
    add("content_type_outranks_meta", "declared", _html(short, "iso-8859-1").encode("cp1251"),
        _html(short, "iso-8859-1"), ["cp1251"], negative=True, content_type="text/html; charset=cp1251")
    latin = "Caf\u00e9 cr\u00e8me, 3 \u20ac.\n"
    add("meta_latin1_is_cp1252", "declared", _html(latin, "iso-8859-1").encode("cp1252"), _html(latin, "iso-8859-1"),
        ["cp1252"], negative=True, note="a page labelled latin-1 uses windows-1252's euro sign")
    add("meta_sjis_short", "declared", _html("東京で会議。", "Shift_JIS").encode("cp932"), _html("東京で会議。", "Shift_JIS"),
        ["cp932"], negative=True)
    add("wrong_meta_ignored", "declared", _html(TEXTS["ru"], "utf-16").encode("cp1251"), _html(TEXTS["ru"], "utf-16"),
        ["cp1251"], negative=True, note="utf-16 declared in a byte document means utf-8; not UTF-8: detected")
    # --- refused ----------------------------------------------------------------------------------
    cases.append({"label": "binary_png", "kind": "refused", "reason": "binary",
                  "input_base64": base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4).decode()})
    cases.append({"label": "empty_whitespace", "kind": "refused", "reason": "empty",
                  "input_base64": base64.b64encode(b" \n\t\n").decode()})
    cases.append({"label": "bad_utf16_bom", "kind": "refused", "reason": "undecodable",
                  "input_base64": base64.b64encode(b"\xff\xfeA\x00\x00\xd8B\x00").decode()})
    return cases


def main() -> None:
    out = {
        "description": "Byte-level decode cases (textmill.decode); regenerate with make_cases.py. input_base64: the raw "
                       "bytes; expected: the text; encodings: codec names that count as right; reason: a refused input.",
        "cases": _cases(),
    }
    (HERE / "cases.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(out['cases'])} cases -> {HERE / 'cases.json'}")


if __name__ == "__main__":
    main()
