"""What the tables already account for: the inputs a run may skip as unchanged.

Read under the tables lock after recovery (`recovery.roll_back_incomplete`), so a row in
`documents` or `rejects` here belongs to a complete run: the input is finished, with all its rows
in every table.
"""

from __future__ import annotations

from textmill.tables import read_table

Known = dict[str, dict[str, tuple[str | None, str]]]


def known_inputs(tables_dir: str) -> Known:
    """{file key: {id: (source_sha256, pipeline_fingerprint)}} (a JSONL file holds many ids).

    Grouping by file lets the flow hand each shard task only its own part."""
    known: Known = {}
    for table, id_col in (("documents", "doc_id"), ("rejects", "reject_id")):
        data = read_table(tables_dir, table, columns=[id_col, "source_key", "source_sha256", "pipeline_fingerprint"])
        for rid, key, sha, fp in zip(*(data[c].to_pylist() for c in data.column_names)):
            known.setdefault(key.split("#", 1)[0], {})[rid] = (sha, fp)
    return known


def known_for_shard(known: Known, files) -> dict[str, tuple[str | None, str]]:
    return {rid: v for f in files for rid, v in known.get(f.key, {}).items()}
