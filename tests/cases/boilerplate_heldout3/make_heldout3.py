"""Build the third held-out boilerplate/role set from its annotated sources.

    .venv/bin/python tests/cases/boilerplate_heldout3/make_heldout3.py          # write txt/, html/, gold.jsonl
    .venv/bin/python tests/cases/boilerplate_heldout3/make_heldout3.py --check  # exit 1 if files differ

The source format and the rendering are those of the second set's generator
(tests/cases/boilerplate_heldout2/make_heldout2.py, which documents them); this script runs that
generator on this folder (sources/ -> txt/, html/, gold.jsonl) and re-exports its functions with
this folder as the root.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "quality"))  # gatekit.load_script: import a script by path

from gatekit import load_script  # noqa: E402

v2 = load_script(HERE.parent / "boilerplate_heldout2" / "make_heldout2.py", "make_heldout2")
diff, parse_page, render_txt, render_html = v2.diff, v2.parse_page, v2.render_txt, v2.render_html


def load_pages():
    return v2.load_pages(HERE)


def build() -> dict[str, bytes]:
    return v2.build(HERE)


def generated_on_disk() -> dict[str, bytes]:
    return v2.generated_on_disk(HERE)


def main(argv: list[str] | None = None) -> int:
    return v2.main(argv, HERE)


if __name__ == "__main__":
    raise SystemExit(main())
