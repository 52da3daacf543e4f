"""Regenerate seeds_gold.jsonl from the hand annotation below and the raw files in seeds/.

    .venv/bin/python tests/cases/boilerplate_eval/make_seeds_gold.py

The annotation is the hand-made part: for every non-empty line of every seed, its role
(title, byline, dateline, caption, heading, body) or ``None`` for a line that must be removed.
Lines listed together form one paragraph (a sentence split by a blank line is rejoined).
``FIXES`` are the hand corrections of characters the source lost or escaped (what a perfect
repair stage would output); the shingle metric ignores punctuation, so they do not move scores,
but they keep the gold readable.

Annotation decisions (the places where a reader could disagree):
- A standalone date line (``14.07.2016``) is metadata (published_date), removed as a
  paragraph; a credit line (``July 13, 2016, The Associated Press``) and
  ``15/07/2016 21:13 by admin`` (a CMS author) are ``byline``s.
- A dateline prefix on the first paragraph (``WASHINGTON (AP) —``, ``Moscow:``) is its own
  ``dateline`` paragraph (place and agency, without the dash); the body paragraph starts after
  it (``DATELINES``). This follows the role contract of textmill.segment.
- Seed 003 repeats each caption, once with ``PHOTO: REUTERS`` glued on: the gold keeps one
  caption per photo (the credited copy).
- Related headlines at the end of seed 002, ``Leave a Reply``, ``Print Friendly, PDF & Email``,
  ``Kaynak/Source:`` and the sign-off ``- AP`` are removed (the agency is metadata).
- Short question/phrase lines inside seed 002 (``Last-ditch effort?``) are ``heading``s.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).with_name("seeds_gold.jsonl")

# file -> list of (line numbers (1-based), role or None)
ANNOTATION: dict[str, list[tuple[tuple[int, ...], str | None]]] = {
    "000_da570f2f14f4b68e.txt": [
        ((2,), "title"),
        ((4,), None),  # date line: published_date metadata, not a paragraph
        ((6,), "byline"),  # date + agency credit line
        ((8,), "caption"),
        ((10,), "byline"),
        *(((n,), "body") for n in range(12, 47, 2)),
        ((48,), None),
    ],
    "001_a9b3127d8fad374b.txt": [
        ((3,), "title"),
        ((5,), "byline"),
        *(((n,), "body") for n in range(7, 31, 2)),
        ((31, 33), "body"),  # "The official," / blank line / "who spoke on condition ..."
        *(((n,), "body") for n in range(35, 56, 2)),
        ((57,), None),
    ],
    "002_66cf9ca88cf9de5f.txt": [
        ((1,), "title"),
        *(((n,), "heading" if n in (9, 29, 43, 51, 61, 71) else "body") for n in range(3, 82, 2)),
        ((83,), None),
        ((84,), None),
        ((86,), None),
    ],
    "003_cf0e0a1d2bf2e8c6.txt": [
        ((1,), "title"),
        ((3,), None),  # duplicate of line 4 without the credit
        ((4,), "caption"),
        ((5,), None),  # duplicate of line 6 without the credit
        ((6,), "caption"),
        *(((n,), "body") for n in range(8, 61, 2)),
    ],
    "004_d354f35dba9a0d15.txt": [
        ((1,), "title"),
        *(((n,), "body") for n in range(3, 19)),
        ((20,), None),
    ],
}

# file -> (line, dateline prefix as it appears, dateline paragraph text)
DATELINES = {
    "000_da570f2f14f4b68e.txt": (12, "WASHINGTON (AP) \u25a1 ", "WASHINGTON (AP)"),
    "001_a9b3127d8fad374b.txt": (7, "Moscow: ", "Moscow"),
    "003_cf0e0a1d2bf2e8c6.txt": (8, "MOSCOW (AFP) -\u00a0", "MOSCOW (AFP)"),
}

# Hand metadata (informational: not gated). None = not stated in the text.
METADATA = {
    "000_da570f2f14f4b68e.txt": {"published_date": "2016-07-14", "authors": ["Bradley Klapper", "Matthew Lee"],
                                 "dateline": "WASHINGTON", "agency": "AP"},
    "001_a9b3127d8fad374b.txt": {"published_date": "2016-07-15", "authors": [], "dateline": "Moscow", "agency": "AP"},
    "002_66cf9ca88cf9de5f.txt": {"published_date": None, "authors": [], "dateline": None, "agency": None},
    "003_cf0e0a1d2bf2e8c6.txt": {"published_date": "2016-07-14", "authors": [], "dateline": "MOSCOW", "agency": "AFP"},
    "004_d354f35dba9a0d15.txt": {"published_date": None, "authors": [], "dateline": None, "agency": None},
}

# Characters lost or escaped in the source, restored by hand: (wrong, right).
FIXES = [("\u25a1", "\u2014"), ("\\$", "$"), ("CNN.?", "CNN."), ("\u00a0", " ")]


def _fix(text: str) -> str:
    for wrong, right in FIXES:
        text = text.replace(wrong, right)
    return " ".join(text.split())


def build() -> list[dict]:
    records = []
    for name, entries in ANNOTATION.items():
        lines = (ROOT / "seeds" / name).read_text(encoding="utf-8").split("\n")
        annotated = sorted(n for numbers, _ in entries for n in numbers)
        non_empty = [i + 1 for i, line in enumerate(lines) if line.strip()]
        if annotated != non_empty:  # every non-empty line is decided exactly once
            raise SystemExit(f"{name}: annotation does not cover the non-empty lines exactly")
        paragraphs, removed = [], []
        for numbers, role in entries:
            raw = " ".join(lines[n - 1] for n in numbers)
            if name in DATELINES and numbers[0] == DATELINES[name][0]:
                line_no, prefix, dateline = DATELINES[name]
                if not raw.startswith(prefix):
                    raise SystemExit(f"{name}:{line_no}: dateline prefix {prefix!r} not found")
                paragraphs.append({"role": "dateline", "text": dateline, "lines": [line_no]})
                raw = raw[len(prefix):]
            text = _fix(raw)
            if role is None:
                removed.append({"line_no": numbers[0], "text": text})
            else:
                paragraphs.append({"role": role, "text": text, "lines": list(numbers)})
        title = next(p["text"] for p in paragraphs if p["role"] == "title")
        records.append({
            "label": "seed_" + name.split("_")[0],
            "input": f"seeds/{name}",
            "format": "txt",
            "source_format": "txt",
            "article_text": "\n\n".join(p["text"] for p in paragraphs if p["role"] in ("heading", "body")),
            "paragraphs": paragraphs,
            "removed": removed,
            "metadata": {"title": title, **METADATA[name]},
        })
    return records


if __name__ == "__main__":
    with OUT.open("w", encoding="utf-8") as fh:
        for record in build():
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")
