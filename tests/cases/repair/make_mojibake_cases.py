"""Regenerate mojibake.json: clean sentences pushed through real encode/decode confusions.

Run: .venv/bin/python tests/cases/repair/make_mojibake_cases.py  (writes mojibake.json next to it).
The corruptions are the ones seen in scraped news: UTF-8 bytes read as cp1252, latin-1, MacRoman
or cp1251, twice or three times, and text HTML-escaped by a CMS. Known failures are listed by
label in KNOWN_FAILURES with the reason and become strict xfails.
"""

from __future__ import annotations

import json
from pathlib import Path

SENTENCES = {
    "dont": "If talks don\u2019t achieve a good agreement, we\u2019ll walk away.",
    "quotes": "\u201cWe have had some productive conversations,\u201d Obama said.",
    "emdash": "Obama and Putin told their diplomats to keep working \u2014 but the prospects aren\u2019t promising.",
    "ellipsis": "that would allow us both \u2026 to focus our attention on common enemies",
    "endash": "A landmark partial ceasefire \u2013 which did not include ISIS \u2013 has since collapsed.",
    "french": "Le ministre fran\u00e7ais des Affaires \u00e9trang\u00e8res a d\u00e9clar\u00e9 que la tr\u00eave \u00e9tait fragile.",
    "german": "Die Gespr\u00e4che \u00fcber eine Waffenruhe in Syrien sind gescheitert, sagte der Au\u00dfenminister.",
    "spanish": "El presidente espa\u00f1ol pidi\u00f3 una soluci\u00f3n pol\u00edtica \u00bfhabr\u00e1 acuerdo?",
    "portuguese": "A reuni\u00e3o em S\u00e3o Paulo terminou sem acordo sobre a elei\u00e7\u00e3o.",
    "turkish": "T\u00fcrkiye D\u0131\u015fi\u015fleri Bakan\u0131 \u00c7avu\u015fo\u011flu a\u00e7\u0131klama yapt\u0131.",
    "polish": "Minister spraw zagranicznych \u0141otwy i Polski spotkali si\u0119 w \u0141odzi.",
    "czech": "P\u0159edseda vl\u00e1dy \u0159ekl, \u017ee situace je v\u00e1\u017en\u00e1.",
    "names": "Jos\u00e9 Mu\u00f1oz met Fran\u00e7ois Hollande and Bj\u00f6rk in Z\u00fcrich.",
    "currency": "The euro rose to \u20ac1.12 while the pound fell to \u00a31.30.",
    "degrees": "Temperatures reached 45\u00b0C in Aleppo on Wednesday.",
    "russian": "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0438\u043d\u043e\u0441\u0442\u0440\u0430\u043d\u043d\u044b\u0445 \u0434\u0435\u043b \u0420\u043e\u0441\u0441\u0438\u0438 \u0421\u0435\u0440\u0433\u0435\u0439 \u041b\u0430\u0432\u0440\u043e\u0432 \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0435\u0440\u0440\u0438.",
    "greek": "\u039f \u03c5\u03c0\u03bf\u03c5\u03c1\u03b3\u03cc\u03c2 \u0395\u03be\u03c9\u03c4\u03b5\u03c1\u03b9\u03ba\u03ce\u03bd \u03c3\u03c5\u03bd\u03b1\u03bd\u03c4\u03ae\u03b8\u03b7\u03ba\u03b5 \u03bc\u03b5 \u03c4\u03bf\u03bd \u039a\u03ad\u03c1\u03b9.",
    "arabic": "\u0642\u0627\u0644 \u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 \u0625\u0646 \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0645\u0633\u062a\u0645\u0631\u0629.",
    "chinese": "\u7f8e\u56fd\u56fd\u52a1\u537f\u514b\u91cc\u5728\u83ab\u65af\u79d1\u4f1a\u89c1\u4e86\u666e\u4eac\u3002",
    "japanese": "\u30b1\u30ea\u30fc\u56fd\u52d9\u9577\u5b98\u306f\u30e2\u30b9\u30af\u30ef\u3067\u30d7\u30fc\u30c1\u30f3\u5927\u7d71\u9818\u3068\u4f1a\u8ac7\u3057\u305f\u3002",
    "emoji": "Crowds cheered \U0001f389 as the ceasefire began.",
    "trademark": "Apple\u2122 and Microsoft\u00ae shares rose 3\u00bd points.",
    "bullet": "\u2022 Russia pledged not to target US-backed rebels.",
    "accent_start": "\u00c9mile Zola and \u00c5ngstr\u00f6m walked into a caf\u00e9.",
}

# UTF-8 bytes read through the wrong single-byte codec (what a misconfigured scraper does).
ENCODINGS = {
    "cp1252": "cp1252",
    "latin1": "latin-1",
    "macroman": "mac_roman",
    "cp1251": "cp1251",
}


def _misread(text: str, codec: str, times: int = 1) -> str | None:
    for _ in range(times):
        try:
            text = text.encode("utf-8").decode(codec)
        except UnicodeDecodeError:
            return None  # this codec cannot represent those bytes: no such mojibake in the wild
    return text


# (macroman_x1_russian was one until codepages.redecode_runs: ftfy does not try MacRoman there)
KNOWN_FAILURES: dict[str, str] = {}


def build() -> list[dict]:
    cases = []
    for key, clean in SENTENCES.items():
        for name, codec in ENCODINGS.items():
            times_list = (1, 2, 3) if name == "cp1252" else (1, 2) if name == "latin1" else (1,)
            for times in times_list:
                broken = _misread(clean, codec, times)
                if broken is None or broken == clean:
                    continue
                if codec == "cp1251" and not any("\u0400" <= c <= "\u04ff" for c in clean):
                    continue  # Cyrillic codepage confusions are only realistic for Cyrillic text
                label = f"{name}_x{times}_{key}"
                case = {"label": label, "input": broken, "expected": clean}
                if label in KNOWN_FAILURES:
                    case["xfail"] = KNOWN_FAILURES[label]
                cases.append(case)
    return cases


def main() -> None:
    out = Path(__file__).with_name("mojibake.json")
    doc = {
        "description": "Generated by make_mojibake_cases.py: do not edit by hand. "
        "UTF-8 text misread through cp1252 (x1-x3), latin-1 (x1-x2), MacRoman, cp1251.",
        "cases": build(),
    }
    out.write_text(json.dumps(doc, ensure_ascii=True, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(doc['cases'])} cases to {out}")


if __name__ == "__main__":
    main()
