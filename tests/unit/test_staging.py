"""Quarantine: a document whose rows break the schema or an expectation goes whole to rejects."""

from __future__ import annotations

from textmill.config import PipelineConfig
from textmill.ingest import discover
from textmill.pipeline import process_shard
from textmill.staging import quarantine


def _shard(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(
            f"Story {name} headline\n\nThe council voted on Tuesday to approve the budget for next year, officials said.\n\n"
            "Members said the plan would repair the old pier before the summer season begins.\n")
    return process_shard(discover([str(folder)]).files, PipelineConfig())


def test_valid_shard_is_untouched(tmp_path):
    result = _shard(tmp_path)
    stats = quarantine(result)
    assert len(result.documents) == 2 and not result.rejects
    assert stats["paragraphs"]["quarantined_documents"] == 0


def test_row_outside_the_schema_quarantines_its_whole_document(tmp_path):
    result = _shard(tmp_path)
    victim = result.documents[0]["doc_id"]
    next(p for p in result.paragraphs if p["doc_id"] == victim)["text"] = None  # non-nullable
    quarantine(result)
    assert [d["doc_id"] for d in result.documents] != [] and victim not in {d["doc_id"] for d in result.documents}
    assert victim not in {p["doc_id"] for p in result.paragraphs}
    (reject,) = result.rejects
    assert reject["reject_id"] == victim and reject["stage"] == "validate" and reject["reason"] == "invalid_row"
    assert "not nullable" in reject["message"]


def test_expectation_failure_quarantines_its_document(tmp_path):
    result = _shard(tmp_path)
    victim = result.documents[1]["doc_id"]
    next(p for p in result.paragraphs if p["doc_id"] == victim)["role"] = "sidebar"
    quarantine(result)
    assert {d["doc_id"] for d in result.documents} == {result.documents[0]["doc_id"]}
    assert [r["reject_id"] for r in result.rejects] == [victim] and "role" in result.rejects[0]["message"]


def _staged_rows(result, tmp_path, name):
    import pyarrow.parquet as pq

    from textmill.staging import stage_shard

    stage_shard(result, tmp_path / name, 0)
    return {t: pq.read_table(tmp_path / name / t / "shard-00000.parquet").to_pylist()
            for t in ("documents", "paragraphs") if (tmp_path / name / t / "shard-00000.parquet").exists()}


def test_staged_rows_are_the_rows_whether_or_not_quarantine_moved_a_document(tmp_path):
    """stage_shard reuses quarantine's Arrow tables only while they are the rows: after a document
    moved to rejects it casts the remaining rows again."""
    clean = _shard(tmp_path)
    quarantine(clean)
    assert set(clean.arrow) == {"documents", "paragraphs", "removed"}
    assert _staged_rows(clean, tmp_path, "clean")["paragraphs"] == clean.paragraphs

    dirty = _shard(tmp_path / "second")
    next(p for p in dirty.paragraphs if p["doc_id"] == dirty.documents[1]["doc_id"])["role"] = "sidebar"
    quarantine(dirty)
    assert dirty.arrow == {}
    staged = _staged_rows(dirty, tmp_path, "dirty")
    assert staged["documents"] == dirty.documents and len(staged["documents"]) == 1
    assert staged["paragraphs"] == dirty.paragraphs
