"""Delta I/O: explicit schemas, one commit per merge, no commit when nothing changes, owner deletes."""

from __future__ import annotations

import pyarrow as pa

from textmill.schema import load_schema
from textmill.tables import first_in_cluster, merge_rows, read_table, rows_to_table, table_version


def _removed(doc, line, rule="widget"):
    return {"doc_id": doc, "line_no": line, "text": f"line {line}", "rule": rule}


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


def test_first_in_cluster_marks_smallest_id():
    ids = pa.array(["b-0001", "a-0003", "c-0000", "a-0001"])
    clusters = pa.array(["x", "x", "y", "z"])
    assert first_in_cluster(ids, clusters).to_pylist() == [False, True, True, True]
