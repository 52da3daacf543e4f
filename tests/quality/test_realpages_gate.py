"""Quality gate on real pages: 100 of trafilatura's annotated evaluation pages (Apache-2.0,
tests/cases/realpages_snippets/, chosen by a hash of their ids), curated by the flow
``textmill curate`` runs, scored with the snippet metric (text that must be kept, text that must
be gone). Minimums in tests/cases/realpages_snippets/minimums.json.

Document metadata on the same run: the 46 of those pages that trafilatura's authors annotated
with title, date and author (tests/cases/realpages_metadata/), read from the documents table
of the HTML run and of a plain-text run of the same pages (``evalkit.metadata_metric``: exact
words, authors as sets). Minimums in tests/cases/realpages_metadata/minimums.json.

LOWERING A MINIMUM IS A REVIEWED CHANGE: it accepts a quality regression on real pages.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from evalkit.driver import curate
from evalkit.metadata_metric import FIELDS, score_metadata
from evalkit.metric import score_snippets

SET_DIR = Path(__file__).resolve().parents[1] / "cases" / "realpages_snippets"
MINIMUMS = json.loads((SET_DIR / "minimums.json").read_text(encoding="utf-8"))
META_DIR = Path(__file__).resolve().parents[1] / "cases" / "realpages_metadata"
META_MINIMUMS = json.loads((META_DIR / "minimums.json").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "realpages" / "snippets.jsonl.gz"


def _curated(tmp_path_factory, pages_gz: Path, name: str) -> Path:
    work = tmp_path_factory.mktemp(name)
    inputs = work / f"{name}.jsonl"
    inputs.write_bytes(gzip.decompress(pages_gz.read_bytes()))
    curate([str(inputs)], str(work / "tables"), runner="thread")
    return work / "tables"


def _documents_metadata(tables: Path) -> dict[str, dict]:
    from textmill.tables import read_table

    docs = read_table(str(tables), "documents", columns=["source_id", "title", "published_date", "authors", "metadata_source"])
    return {d["source_id"]: {"title": d["title"], "date": d["published_date"], "authors": d["authors"],
                             "metadata_source": d["metadata_source"]} for d in docs.to_pylist()}


@pytest.fixture(scope="module")
def html_tables(tmp_path_factory, prefect_harness):
    return _curated(tmp_path_factory, SET_DIR / "pages.jsonl.gz", "realpages")


@pytest.fixture(scope="module")
def kept_texts(html_tables):
    from textmill.tables import read_table

    docs = read_table(str(html_tables), "documents", columns=["doc_id", "source_id"]).to_pylist()
    source_of = {d["doc_id"]: d["source_id"] for d in docs}
    paragraphs = read_table(str(html_tables), "paragraphs", columns=["doc_id", "position", "role", "text"]).to_pylist()
    kept: dict[str, list[tuple[int, str]]] = {}
    for p in paragraphs:
        if p["role"] in ("heading", "body"):
            kept.setdefault(source_of[p["doc_id"]], []).append((p["position"], p["text"]))
    return {sid: "\n".join(t for _, t in sorted(rows)) for sid, rows in kept.items()}


@pytest.fixture(scope="module")
def gold():
    return [json.loads(line) for line in (SET_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("metric", ["precision", "recall", "f1"])
def test_snippet_scores_at_least_minimum(kept_texts, gold, metric):
    score = score_snippets((kept_texts.get(g["id"], ""), g["with"], g["without"]) for g in gold)
    measured, minimum = getattr(score, metric), MINIMUMS["snippets html"][metric]
    assert measured >= minimum, f"snippets html {metric}: {measured:.4f} < minimum {minimum} ({score})"


def test_every_page_is_accounted_for(kept_texts, gold):
    # a page with no kept text is a reject (e.g. no main text); there are few, and never a crash
    assert len(gold) == 100 and len(kept_texts) >= 95


@pytest.fixture(scope="module")
def metadata_gold():
    return [json.loads(line) for line in (META_DIR / "gold.jsonl").read_text(encoding="utf-8").split("\n") if line.strip()]


@pytest.fixture(scope="module")
def text_tables(tmp_path_factory, prefect_harness):
    return _curated(tmp_path_factory, META_DIR / "text_pages.jsonl.gz", "realpages_text")


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("kind", ["html", "text"])
def test_metadata_at_least_minimum(request, metadata_gold, kind, field):
    tables = request.getfixturevalue(f"{kind}_tables")
    predicted = _documents_metadata(tables)
    score = score_metadata((g, predicted.get(g["id"])) for g in metadata_gold)
    measured, minimum = score.accuracy[field], META_MINIMUMS[f"metadata {kind}"][field]
    assert measured >= minimum, f"metadata {kind} {field}: {measured:.4f} < minimum {minimum} ({score})"


def test_every_metadata_value_names_its_source(html_tables, text_tables):
    # analysts filter by metadata_source: a value without one (or a source without a value) is a bug
    for tables in (html_tables, text_tables):
        for doc in _documents_metadata(tables).values():
            source = doc["metadata_source"]
            assert (source["title"] is None) == (doc["title"] is None)
            assert (source["published_date"] is None) == (doc["date"] is None)
            assert (source["authors"] is None) == (not doc["authors"])


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/eval/realpages (the full snippet set)")
@pytest.mark.parametrize("set_dir", [SET_DIR, META_DIR], ids=["snippets", "metadata"])
def test_committed_subset_is_what_the_generator_makes(set_dir):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_subset", set_dir / "make_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--shared", str(SHARED.parents[2]), "--check"]) == 0
