"""The real development pages of ``../shared/eval/realpages/`` (see its README): reading a set,
writing its pages as the JSONL records ``textmill curate`` reads, and the shared scorer
(``score_pages.py``). Used by the line classifier's training script and bench/realpages.py, so
both feed the pipeline the same records and score them the same way. Not pipeline logic: it is
left out of the code fingerprint."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
from pathlib import Path


def read_pages(path: Path, limit: int | None = None) -> list[dict]:
    """The pages of one gzipped JSONL set (the first ``limit`` when given)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def read_metadata_gold(realpages: Path) -> list[dict]:
    """The metadata annotations (``metadata_dev.jsonl``: id, title, date, authors per page)."""
    text = (realpages / "metadata_dev.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def pages_by_id(path: Path, wanted: set[str]) -> dict[str, dict]:
    """The pages of one gzipped JSONL set whose id is in ``wanted``, by id."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {page["id"]: page for page in map(json.loads, fh) if page["id"] in wanted}


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzipped the same way every time (no mtime, no file name): committed files."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    return buf.getvalue()


def write_records(pages: list[dict], field: str, out: Path) -> None:
    """One JSONL record per page: ``id``, the content as ``field`` (``text`` or ``html``) and
    the ``url`` when the page has one (textmill groups site templates by its host)."""
    with out.open("w", encoding="utf-8") as fh:
        for page in pages:
            record = {"id": str(page["id"]), field: page.get(field) or ""}
            if page.get("url"):
                record["url"] = page["url"]
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def load_scorer(shared: Path):
    """``../shared/eval/score_pages.py`` as a module (standard library only)."""
    spec = importlib.util.spec_from_file_location("score_pages", shared / "eval" / "score_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
