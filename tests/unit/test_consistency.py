"""Cross-table checks (`textmill validate TABLES`, `release`): missing tables, documents without
their paragraphs, orphan rows, an input in two places, a dead run's leftovers."""

from __future__ import annotations

import pytest

from textmill.cli import EXIT_FAILED, EXIT_FATAL, EXIT_OK, main
from textmill.config import PipelineConfig
from textmill.consistency import InconsistentTables, check_tables
from textmill.ingest import discover
from textmill.pipeline import process_shard
from textmill.release import publish_release
from textmill.schema import load_schema
from textmill.tables import ensure_table, merge_rows, rows_to_table

ARTICLE = ("Pier plan approved\n\nThe council voted on Tuesday to approve the budget for next year, officials said.\n\n"
           "Members said the plan would repair the old pier before the summer season begins.\n")


@pytest.fixture(scope="module")
def shard(tmp_path_factory):
    folder = tmp_path_factory.mktemp("consistency") / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Pier", "Bridge"), encoding="utf-8")
    (folder / "empty.txt").write_text(" ", encoding="utf-8")
    return process_shard(discover([str(folder)]).files, PipelineConfig())


def _write(tables, shard, *, paragraphs=None, rejects=None, run_id=None) -> None:
    rows = {"documents": shard.documents, "paragraphs": shard.paragraphs if paragraphs is None else paragraphs,
            "removed": shard.removed, "rejects": shard.rejects if rejects is None else rejects}
    for table, data in rows.items():
        ensure_table(tables, table)  # a curate run creates all four, empty or not
        merge_rows(tables, table, rows_to_table(data, load_schema(table)), metadata={"textmill.run_id": run_id} if run_id else {})


def _failed(tables) -> set[tuple[str, str]]:
    return {(r.table, r.check) for r in check_tables(tables) if not r.passed}


def test_consistent_tables_pass_and_validate_exits_0(tmp_path, shard):
    _write(tmp_path, shard)
    assert _failed(tmp_path) == set()
    assert main(["validate", str(tmp_path)]) == EXIT_OK


def test_a_missing_or_empty_tables_folder_fails(tmp_path):
    assert main(["validate", "--tables", str(tmp_path / "no-such-folder")]) == EXIT_FATAL
    assert {c for _, c in _failed(tmp_path)} == {"exists"} and main(["validate", str(tmp_path)]) == EXIT_FAILED


def test_a_document_without_its_paragraphs_fails_and_is_not_released(tmp_path, shard):
    keep = shard.documents[0]["doc_id"]
    _write(tmp_path, shard, paragraphs=[p for p in shard.paragraphs if p["doc_id"] == keep])
    assert _failed(tmp_path) == {("documents", "paragraph_count")}
    with pytest.raises(InconsistentTables, match="paragraph_count"):
        publish_release(str(tmp_path), str(tmp_path / "releases"))
    assert main(["release", "--tables", str(tmp_path), "--releases", str(tmp_path / "r2")]) == EXIT_FATAL


def test_orphan_paragraphs_and_an_input_in_two_places_fail(tmp_path, shard):
    orphan = dict(shard.paragraphs[0], doc_id="0" * 16, paragraph_id="0" * 16 + "-0000")
    twice = dict(shard.rejects[0], reject_id=shard.documents[0]["doc_id"])
    _write(tmp_path, shard, paragraphs=shard.paragraphs + [orphan], rejects=shard.rejects + [twice])
    assert _failed(tmp_path) == {("paragraphs", "paragraphs_documents"), ("rejects", "one_place")}


def test_rows_of_a_run_that_never_completed_fail(tmp_path, shard):
    _write(tmp_path, shard, run_id="dead-run")  # commits with a run id and no runs row: a killed run
    failed = [r for r in check_tables(tmp_path) if not r.passed]
    assert [(r.table, r.check) for r in failed] == [("runs", "complete_runs")] and "dead-run" in failed[0].detail
