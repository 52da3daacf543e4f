"""Decode quality and speed: the byte-level cases, per detector, and the speed of decode + repair.

    .venv/bin/python bench/decode.py [--mb 2] [--repeat 3]

Quality: every case of tests/cases/decode/cases.json through textmill.decode.decode, once per
detector (chardet 7, charset-normalizer): "text" = decoded text exact, "encoding" = also one of
the accepted codec names (refused cases: the right reject reason). Speed: decode + repair of
bench/repair.py's workloads (the seed articles as scraped, their corrupted paragraphs) as UTF-8
bytes, MB per CPU-second of this single-threaded process, best of --repeat; the load is printed too.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

from textmill.decode import DETECTORS, DecodeConfig, Decoded, decode
from textmill.repair import repair_text

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "decode" / "cases.json"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def score(config: DecodeConfig) -> tuple[dict[str, list[int]], list[str]]:
    """kind -> [n, text right, encoding right]; labels of the misses."""
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for case in json.loads(CASES.read_text(encoding="utf-8"))["cases"]:
        result = decode(base64.b64decode(case["input_base64"]), config, case.get("content_type"))
        row = by_kind[case["kind"]]
        row[0] += 1
        if "reason" in case:
            ok_text = ok_enc = not isinstance(result, Decoded) and result.reason == case["reason"]
        else:
            ok_text = isinstance(result, Decoded) and result.text == case["expected"]
            ok_enc = ok_text and result.encoding in case["encodings"]
        row[1] += ok_text
        row[2] += ok_enc
        if not ok_enc:
            got = result.encoding if isinstance(result, Decoded) else result.reason
            misses.append(f"{case['label']} ({got})")
    return by_kind, misses


def quality() -> None:
    for detector in sorted(DETECTORS):
        by_kind, misses = score(DecodeConfig(detector=detector))
        n = sum(r[0] for r in by_kind.values())
        text = sum(r[1] for r in by_kind.values())
        enc = sum(r[2] for r in by_kind.values())
        print(f"detector {detector}: {n} byte-level cases, text exact {100 * text / n:.1f} %, text + encoding {100 * enc / n:.1f} %")
        for kind, (k, t, e) in sorted(by_kind.items()):
            print(f"  {kind:<14} {k:>3}  text {t:>3}  encoding {e:>3}")
        if misses:
            print(f"  misses: {', '.join(misses)}")


def speed(mb: float, repeat: int) -> None:
    from repair import _mbps, workloads

    print(f"\ndecode + repair, MB of input bytes per CPU-second (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    for label, text in workloads(ROOT / "seeds", mb).items():
        data = text.encode()
        decode_only = _mbps(lambda d: decode(d), data, repeat)
        both = _mbps(lambda d: repair_text(decode(d).text), data, repeat)
        print(f"  {label:<20} decode {decode_only:8.1f} MB/cpu-s   decode + repair {both:6.2f} MB/cpu-s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    quality()
    if not args.no_speed:
        speed(args.mb, args.repeat)


if __name__ == "__main__":
    main()
