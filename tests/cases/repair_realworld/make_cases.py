"""Regenerate tests/cases/repair_realworld/cases.json: real defects in real pages, labelled.

    .venv/bin/python tests/cases/repair_realworld/make_cases.py   # needs ../shared/eval/realpages/

Mined from ../shared/eval/realpages/ (see its README): lines of the pages' ``text`` field with
mojibake, U+FFFD, stray ``?`` or box characters. Each case is one line, or the sentence around
the defect, of at most MAX_CHARS characters:

* snippets.jsonl.gz: trafilatura's evaluation pages (adbar/trafilatura tests/evaldata.json,
  Apache-2.0; see NOTICE in this folder): most cases.
* dev_raw.jsonl.gz (CleanEval, Dragnet): research benchmarks whose pages may not be
  redistributed; only a short snippet around each defect is kept.

Labels (``expected``): where the damage is one layer of UTF-8 read as windows-1252 (sloppy: C1
bytes kept), the mechanical inverse of that reading, checked by eye; otherwise written by hand in
LABELS (what the author typed, judged from the page and the bytes). Lines whose lost character
cannot be known ("B�te" is "Bête", but nothing in the bytes says so) are kept with the truth as
the label: a repair that cannot know fails them, which is the honest score. Negatives are clean
lines from the same pages with the characters a repair rule could misread (dashes, quotes,
accented capitals, ©, ®, emoji, Cyrillic, CJK): they must come out unchanged, whitespace folded.
No case is taken from ftfy's test files.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE.parents[2].parent / "shared" / "eval" / "realpages"
MAX_CHARS = 240
MAX_PER_PAGE = 14
MAX_NEGATIVES_PER_PAGE = 1
MAX_NEGATIVES = 120

SUSPECT_RE = re.compile(
    "[ÃÂâÐÑÅÄ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]|\ufffd"
    "|√[§πº©]|[├┤┼╨╤║░▒]|(?<=[a-z])\\?(?=[a-z]{1,3}\\b)|ï¿½|Ã|â€"
)
RISKY_RE = re.compile("[ÂÃÄÅâ–—‚„©®™´√±×°µ\u2500-\u259f\u0400-\u04ff\u0370-\u03ff\u3040-\u9fff\U0001F300-\U0001FAFF]")

# Hand labels: (page id, start of the line) -> expected text. Lines not listed are labelled by
# the mechanical inverse (see the docstring), or skipped when there is none.
LABELS = {
    ("trafilatura_eval:Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html", "SÅ\ufffdUCHAJ"): "SŁUCHAJ",
    ("trafilatura_eval:Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html", "W â€žNaszym"):
        "W „Naszym Dzienniku” jest dostępne pismo, które można skierować do prezydenta RP z prośbą „o zainteresowanie się sprawą nękania Fundacji Lux Veritatis”.",
    ("trafilatura_eval:Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html", "OgÃ³lnopolska kampania"): "Ogólnopolska kampania „Łączą nas Drzewa”",
    ("trafilatura_eval:Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html", "5 maja 2021 11:00"): "5 maja 2021 11:00/przez Łukasz Brzeziński",
    # the site cut "papierosów" inside its "ó" ("papierosÃ..."): what it should show is unclear
    ("trafilatura_eval:Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html", "Ukraina: Szyrokyne – kurort, ktÃ³ry po wybuchu wojny w Donbasie nie nadaje... "): None,
    ("cleaneval:final:114", "Glass: La Belle"): "Glass: La Belle et la Bête / Riesman, Philip Glass Ensemble",
    ("cleaneval:final:429", "He told me:"): "He told me: “My orders were to shoot you dead. I would have been charged with murder. "
        "Then I would have spent seven years in prison. I was going to come out definitely. But when do you think you would "
        "have come out of your grave?”",
    ("cleaneval:final:429", "\ufffdgShoot him"): "“Shoot him … shoot him. Kill him. He has stopped our money from coming. Kill him!” That is all I remember hearing.",
    ("cleaneval:final:429", "I remember him saying"): "I remember him saying: “Who do you think you are? You think you are gold? I will call a towing vehicle at your own expense!”",
    ("cleaneval:final:429", "At around 8.30 pm"): None,  # the quote closes past the snippet: skipped
    ("cleaneval:final:429", "\ufffd¨\ufffd¨\ufffd@Go"): None,  # arrows and an ideographic space: unknowable from the snippet
    ("cleaneval:final:183", "Reclusive Leftist"): None,  # the lost character is unknowable
    ("cleaneval:final:334", "Globalization, ya gotta"): "NEGATIVE",  # "FÃS" is Portuguese: clean
}


def _sloppy_inverse(line: str) -> str | None:
    """UTF-8 read as windows-1252 (C1 bytes kept as C1 characters), undone; None if it is not."""
    try:
        raw = bytes(ord(c) if ord(c) < 0x100 else c.encode("cp1252")[0] for c in line)
        fixed = raw.decode("utf-8")
    except (UnicodeError, ValueError):
        return None
    return fixed if fixed != line else None


_RUN_RE = re.compile("[^\x00-\x7f\\s]{2,}")


def _runwise_inverse(line: str) -> str | None:
    """A line mixing correct text with mojibake: each run of non-ASCII characters that is one
    layer of UTF-8 read as windows-1252 undone, the others kept (checked by eye: see LABELS)."""
    fixed = line
    for _ in range(3):  # double and triple encodings are undone one layer at a time
        again = _RUN_RE.sub(lambda m: _sloppy_inverse(m.group(0)) or m.group(0), fixed)
        if again == fixed:
            break
        fixed = again
    return fixed if fixed != line else None


def _label_for(page: str, line: str):
    for (pid, start), label in LABELS.items():
        if pid == page and line.startswith(start):
            return True, label
    return False, None


def _snippet(line: str, at: int) -> str:
    """The sentence around position ``at``, at most MAX_CHARS characters."""
    if len(line) <= MAX_CHARS:
        return line
    starts = [m.end() for m in re.finditer(r"[.!?] ", line[:at])]
    start = starts[-1] if starts else max(0, at - MAX_CHARS // 2)
    ends = [m.end() for m in re.finditer(r"[.!?](?: |$)", line[at:])]
    end = at + ends[0] if ends and at + ends[0] - start <= MAX_CHARS else start + MAX_CHARS
    return line[start:end].strip()


def _pages():
    for name, source in (("snippets.jsonl.gz", "trafilatura_eval"), ("dev_raw.jsonl.gz", "cleaneval/dragnet")):
        with gzip.open(PAGES / name, "rt", encoding="utf-8") as handle:
            for raw in handle:
                page = json.loads(raw)
                yield name, source, page


def build() -> list[dict]:
    cases, seen = [], set()
    per_page: dict[str, int] = defaultdict(int)
    negatives: dict[str, int] = defaultdict(int)
    for name, _source, page in _pages():
        for line in (page.get("text") or "").split("\n"):
            line = line.strip()
            if len(line) < 8 or line in seen or "http" in line:
                continue
            seen.add(line)
            match = SUSPECT_RE.search(line)
            origin = {"page": page["id"], "file": name, "url": page.get("url")}
            if match is None:
                if (name == "snippets.jsonl.gz" and RISKY_RE.search(line) and 20 <= len(line) <= MAX_CHARS
                        and "\xad" not in line and "&" not in line and negatives[page["id"]] < MAX_NEGATIVES_PER_PAGE
                        and sum(negatives.values()) < MAX_NEGATIVES):
                    negatives[page["id"]] += 1
                    cases.append({"label": f"neg-{page['id'].split(':')[-1][:40]}-{negatives[page['id']]}",
                                  "kind": "negative", "input": line, "expected": line, **origin})
                continue
            listed, label = _label_for(page["id"], line)
            if per_page[page["id"]] >= MAX_PER_PAGE and not listed:
                continue
            if listed and label is None:
                continue
            text = _snippet(line, match.start())
            if label == "NEGATIVE":
                expected, kind = text, "negative"
            elif listed:
                expected, kind = label, "hand_labelled"
            else:
                expected, kind = _sloppy_inverse(text), "utf8_as_cp1252"
                if expected is None:
                    expected, kind = _runwise_inverse(text), "partial"
                if expected is None:
                    continue
            per_page[page["id"]] += 1
            cases.append({"label": f"{page['id'].split(':')[-1][:40]}-{per_page[page['id']]}", "kind": kind,
                          "input": text, "expected": expected, **origin})
    return cases


def main() -> None:
    cases = build()
    out = {"description": __doc__.split("\n\n")[0] + " Regenerate with make_cases.py; see its docstring for sources, "
           "licences and how the labels were made.", "cases": cases}
    (HERE / "cases.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    kinds = defaultdict(int)
    for c in cases:
        kinds[c["kind"]] += 1
    print(f"{len(cases)} cases {dict(kinds)} -> {HERE / 'cases.json'}")


if __name__ == "__main__":
    main()
