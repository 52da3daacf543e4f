"""Quality gate on real pages: 100 of trafilatura's annotated evaluation pages (Apache-2.0,
tests/cases/realpages_snippets/, chosen by a hash of their ids), curated by the flow
``textmill curate`` runs, scored with the snippet metric (text that must be kept, text that must
be gone). Minimums in tests/cases/realpages_snippets/minimums.json.

LOWERING A MINIMUM IS A REVIEWED CHANGE: it accepts a quality regression on real pages.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from evalkit.driver import curate
from evalkit.metric import score_snippets

SET_DIR = Path(__file__).resolve().parents[1] / "cases" / "realpages_snippets"
MINIMUMS = json.loads((SET_DIR / "minimums.json").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "realpages" / "snippets.jsonl.gz"


@pytest.fixture(scope="module")
def kept_texts(tmp_path_factory, prefect_harness):
    from textmill.tables import read_table

    work = tmp_path_factory.mktemp("realpages")
    inputs = work / "snippets.jsonl"
    inputs.write_bytes(gzip.decompress((SET_DIR / "pages.jsonl.gz").read_bytes()))
    curate([str(inputs)], str(work / "tables"), runner="thread")
    docs = read_table(str(work / "tables"), "documents", columns=["doc_id", "source_id"]).to_pylist()
    source_of = {d["doc_id"]: d["source_id"] for d in docs}
    paragraphs = read_table(str(work / "tables"), "paragraphs", columns=["doc_id", "position", "role", "text"]).to_pylist()
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


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/eval/realpages (the full snippet set)")
def test_committed_subset_is_what_the_generator_makes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_subset", SET_DIR / "make_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--shared", str(SHARED.parents[2]), "--check"]) == 0
