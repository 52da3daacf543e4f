"""Commit a run's staged rows to the Delta tables: one MERGE per table, nothing when nothing changed.

Accounting rule (DESIGN: every input ends in exactly one place): an input processed into a document
replaces its old document/paragraph/removed rows and leaves the rejects table; an input rejected in
this run leaves the other three tables. Inputs that vanished from the landing folder are not deleted.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from textmill.schema import TABLES
from textmill.staging import ShardSummary, read_staged
from textmill.tables import all_versions, first_in_cluster, merge_rows, read_table


def known_inputs(tables_dir: str) -> dict[str, tuple[str | None, str]]:
    """id -> (source_sha256, pipeline_fingerprint) of every input the tables already account for."""
    known: dict[str, tuple[str | None, str]] = {}
    for table, id_col in (("documents", "doc_id"), ("rejects", "reject_id")):
        data = read_table(tables_dir, table, columns=[id_col, "source_sha256", "pipeline_fingerprint"])
        for rid, sha, fp in zip(*(data[c].to_pylist() for c in data.column_names)):
            known[rid] = (sha, fp)
    return known


def merge_template_counts(parts: Sequence[tuple[dict[str, Counter], Counter]]):
    from textmill.templates import TemplateStats

    counts: dict[str, Counter] = {}
    n_docs: Counter = Counter()
    for part_counts, part_docs in parts:
        for group, c in part_counts.items():
            counts.setdefault(group, Counter()).update(c)
        n_docs.update(part_docs)
    return TemplateStats.from_counts(counts, n_docs)


def commit_run(tables_dir: str, staging_dir: str, summaries: Sequence[ShardSummary], run_metadata: dict) -> dict:
    processed = sorted({i for s in summaries for i in s.processed_ids})
    rejected = sorted({i for s in summaries for i in s.rejected_ids})
    staged = {t: read_staged(staging_dir, t) for t in TABLES}
    staged["paragraphs"] = _settle_clusters(tables_dir, staged["paragraphs"], replaced=set(processed) | set(rejected))
    owners = {
        "documents": rejected,
        "paragraphs": processed + rejected,
        "removed": processed + rejected,
        "rejects": processed,
    }
    versions = {}
    for table in TABLES:
        versions[table] = merge_rows(tables_dir, table, staged[table], owners[table], run_metadata)
    return _summary(summaries, versions, all_versions(tables_dir))


def _settle_clusters(tables_dir: str, staged: pa.Table, replaced: set[str]) -> pa.Table:
    """Set is_first_in_cluster on the staged paragraphs against the whole table.

    The first member of a cluster is its smallest paragraph_id over the table's surviving rows plus
    the staged ones. (An existing first member that loses its place keeps a stale flag until its own
    document is redone: logged as a known limitation in the dataset card.)
    """
    if staged.num_rows == 0:
        return staged
    existing = read_table(tables_dir, "paragraphs", columns=["paragraph_id", "doc_id", "dup_cluster"])
    if existing.num_rows:
        keep = pc.invert(pc.is_in(existing["doc_id"], value_set=pa.array(sorted(replaced), pa.string())))
        existing = existing.filter(keep)
    ids = pa.concat_arrays([staged["paragraph_id"].combine_chunks(), existing["paragraph_id"].combine_chunks()])
    clusters = pa.concat_arrays([staged["dup_cluster"].combine_chunks(), existing["dup_cluster"].combine_chunks()])
    flags = first_in_cluster(ids, clusters).slice(0, staged.num_rows)
    idx = staged.schema.get_field_index("is_first_in_cluster")
    return staged.set_column(idx, staged.schema.field(idx), flags)


def _summary(summaries: Sequence[ShardSummary], committed: dict, versions: dict) -> dict:
    removed, rejects, repairs = Counter(), Counter(), Counter()
    rows = Counter()
    validation: dict[str, dict] = {}
    for s in summaries:
        removed.update(s.removed_by_rule)
        rejects.update(s.rejects_by_reason)
        repairs.update(s.repairs_by_fix)
        rows.update(s.rows)
        for table, v in s.validation.items():
            agg = validation.setdefault(table, {"rows": 0, "failed_expectations": set()})
            agg["rows"] += v.get("rows", 0)
            agg["failed_expectations"].update(v.get("failed_expectations", []))
    return {
        "inputs": sum(s.n_inputs for s in summaries),
        "bytes": sum(s.n_bytes for s in summaries),
        "shards": len(summaries),
        "documents": rows["documents"],
        "paragraphs": rows["paragraphs"],
        "removed_lines": rows["removed"],
        "rejects": rows["rejects"],
        "unchanged": sum(len(s.unchanged_ids) for s in summaries),
        "removed_by_rule": dict(sorted(removed.items())),
        "rejects_by_reason": dict(sorted(rejects.items())),
        "repairs_by_fix": dict(sorted(repairs.items())),
        "validation": {t: {"rows": v["rows"], "failed_expectations": sorted(v["failed_expectations"])} for t, v in sorted(validation.items())},
        "committed_versions": committed,
        "table_versions": versions,
    }


def summary_markdown(summary: dict) -> str:
    lines = [
        "# textmill curate run",
        "",
        f"- inputs seen: {summary['inputs']} ({summary['bytes']:,} bytes in {summary['shards']} shard(s))",
        f"- new or changed documents: {summary['documents']}, paragraphs: {summary['paragraphs']}",
        f"- unchanged (skipped): {summary['unchanged']}",
        f"- rejects: {summary['rejects']}",
        f"- removed lines: {summary['removed_lines']}",
        "",
        "| removed by rule | lines |",
        "| --- | ---: |",
        *[f"| {k} | {v} |" for k, v in summary["removed_by_rule"].items()],
        "",
        "| rejects by reason | inputs |",
        "| --- | ---: |",
        *[f"| {k} | {v} |" for k, v in summary["rejects_by_reason"].items()],
    ]
    return "\n".join(lines) + "\n"
