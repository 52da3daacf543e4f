"""Language detectors compared on real-page snippets: accuracy and CPU per call (issue 11).

    python bench/language.py [--snippets ../shared/eval/realpages/snippets.jsonl.gz]

The truth is the page's own `<html lang=...>` attribute, for pages whose language is one of the
configured languages (SignalsConfig.languages); every "with" snippet (text that must be in the
article) of 20+ characters is one labelled case (a page's attribute can be wrong for a quoted
snippet: both detectors are scored against the same labels). Each detector runs through
textmill.signals.detect_language, as the pipeline calls it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

from textmill.signals import DEFAULT_LANGUAGES, LANGUAGE_DETECTORS, detect_language

ROOT = Path(__file__).resolve().parents[1]
_LANG_ATTR = re.compile(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})")


def cases(path: Path, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            found = _LANG_ATTR.search(page["html"][:5000])
            if not found or found.group(1).lower() not in languages:
                continue
            out.extend((s, found.group(1).lower()) for s in page.get("with") or [] if len(s) >= 20)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snippets", default=str(ROOT.parent / "shared/eval/realpages/snippets.jsonl.gz"))
    args = parser.parse_args()
    labelled = cases(Path(args.snippets), DEFAULT_LANGUAGES)
    print(f"{len(labelled)} snippets: " + ", ".join(f"{k} {n}" for k, n in Counter(l for _, l in labelled).most_common()))
    for detector in LANGUAGE_DETECTORS:
        detect_language("A sentence to load the model before timing.", detector=detector)
        start = time.process_time()
        found = [detect_language(text, detector=detector) for text, _ in labelled]
        cpu = time.process_time() - start
        right = sum(f == truth for f, (_, truth) in zip(found, labelled))
        abstained = sum(f is None for f in found)
        print(f"{detector:9} accuracy {right / len(labelled):.3f} ({right}/{len(labelled)}), null {abstained}, "
              f"{1e6 * cpu / len(labelled):.0f} µs CPU per call")


if __name__ == "__main__":
    main()
