"""Delta I/O: explicit schemas, one commit per merge, no commit when nothing changes, owner deletes."""

from __future__ import annotations

import pyarrow as pa

from textmill.schema import load_schema
from textmill.tables import merge_rows, read_table, rows_to_table, table_history, table_version


def _removed(doc, line, rule="widget"):
    return {"doc_id": doc, "stage": "segment", "line_no": line, "text": f"line {line}", "rule": rule}


def test_merge_upserts_deletes_owned_rows_and_skips_empty_commits(tmp_path):
    schema = load_schema("removed")
    a, b = "a" * 16, "b" * 16
    v = merge_rows(tmp_path, "removed", rows_to_table([_removed(a, 1), _removed(a, 2), _removed(b, 1)], schema), metadata={"run": "r1"})
    assert v == 1 and read_table(tmp_path, "removed").num_rows == 3
    # document a is redone: it now has only line 2 (changed rule); line 1 must go, b is untouched
    v = merge_rows(tmp_path, "removed", rows_to_table([_removed(a, 2, "signoff")], schema), replace_owners=[a])
    rows = sorted((r["doc_id"], r["line_no"], r["rule"]) for r in read_table(tmp_path, "removed").to_pylist())
    assert rows == [(a, 2, "signoff"), (b, 1, "widget")] and v == 2
    assert merge_rows(tmp_path, "removed", rows_to_table([], schema)) is None
    assert table_version(tmp_path, "removed") == 2


def test_read_missing_table_is_empty_with_schema(tmp_path):
    data = read_table(tmp_path, "paragraphs")
    assert data.num_rows == 0 and data.schema == load_schema("paragraphs").arrow


def test_one_merge_upserts_rows_and_sets_columns_of_other_rows(tmp_path):
    schema = load_schema("removed")
    a, b = "a" * 16, "b" * 16
    merge_rows(tmp_path, "removed", rows_to_table([_removed(a, 1), _removed(a, 2)], schema))
    updates = pa.table({"doc_id": [a], "stage": ["segment"], "line_no": pa.array([2], pa.int32()), "rule": ["signoff"]})
    v = merge_rows(tmp_path, "removed", rows_to_table([_removed(b, 1)], schema), metadata={"textmill.run_id": "r2"}, column_updates=updates)
    rows = sorted((r["doc_id"][0], r["line_no"], r["rule"], r["text"]) for r in read_table(tmp_path, "removed").to_pylist())
    assert rows == [("a", 1, "widget", "line 1"), ("a", 2, "signoff", "line 2"), ("b", 1, "widget", "line 1")] and v == 2
    assert table_history(tmp_path, "removed")[0]["textmill.run_id"] == "r2"  # one commit, with the run id
    assert read_table(tmp_path, "removed").schema == schema.arrow  # the source's flag column is never written


def test_insert_only_table_keeps_the_first_value(tmp_path):
    schema = load_schema("minhash")
    merge_rows(tmp_path, "minhash", rows_to_table([{"text_hash": "h1", "band_keys": [1, 2]}], schema))
    merge_rows(tmp_path, "minhash", rows_to_table([{"text_hash": "h1", "band_keys": [9, 9]}, {"text_hash": "h2", "band_keys": [3]}], schema))
    rows = sorted((r["text_hash"], r["band_keys"]) for r in read_table(tmp_path, "minhash").to_pylist())
    assert rows == [("h1", [1, 2]), ("h2", [3])]


def test_reading_some_columns_gives_those_columns_of_the_full_read(tmp_path):
    schema = load_schema("removed")
    merge_rows(tmp_path, "removed", rows_to_table([_removed("a" * 16, 1), _removed("b" * 16, 2, "signoff")], schema))
    columns = ["rule", "doc_id"]  # not in schema order: the order asked for
    part = read_table(tmp_path, "removed", columns=columns)
    assert part.column_names == columns
    assert part.schema == pa.schema([schema.arrow.field(c) for c in columns])
    assert part.sort_by("doc_id").to_pylist() == read_table(tmp_path, "removed").select(columns).sort_by("doc_id").to_pylist()
    assert read_table(tmp_path / "none", "removed", columns=columns).column_names == columns
