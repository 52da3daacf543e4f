"""Commit a run's staged rows to the Delta tables: one MERGE per table, nothing when nothing changed.

Accounting rule (DESIGN: every input ends in exactly one place): an input processed into a document
replaces its old document/paragraph/removed rows and leaves the rejects table; an input rejected in
this run leaves the other three tables. Inputs that vanished from the landing folder are not deleted.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from textmill.dedup import DedupConfig, assign_clusters
from textmill.pipeline import TemplatePass
from textmill.templates import TemplateConfig, TemplateStats
from textmill.schema import INTERNAL_TABLES, TABLES
from textmill.staging import ShardSummary, read_staged
from textmill.tables import all_versions, merge_rows, read_table, update_columns


def known_inputs(tables_dir: str) -> dict[str, tuple[str | None, str]]:
    """id -> (source_sha256, pipeline_fingerprint) of every input the tables already account for."""
    known: dict[str, tuple[str | None, str]] = {}
    for table, id_col in (("documents", "doc_id"), ("rejects", "reject_id")):
        data = read_table(tables_dir, table, columns=[id_col, "source_sha256", "pipeline_fingerprint"])
        for rid, sha, fp in zip(*(data[c].to_pylist() for c in data.column_names)):
            known[rid] = (sha, fp)
    return known


def template_stats(tables_dir: str, parts: Sequence[TemplatePass], config: TemplateConfig | None = None) -> TemplateStats:
    """Site-template statistics over the whole corpus: the template_lines table (minus the
    documents this run redoes) plus this run's first-pass counts.

    Aggregation runs in Arrow and only keys seen in at least `min_docs` documents reach Python, so
    memory follows the number of template candidates, not of documents.
    """
    cfg = config or TemplateConfig()
    run_ids = pa.array(sorted({i for p in parts for i in p.doc_ids}), pa.string())
    existing = read_table(tables_dir, "template_lines")
    docs = read_table(tables_dir, "documents", columns=["doc_id", "source_group"])
    if len(run_ids):
        existing = existing.filter(pc.invert(pc.is_in(existing["doc_id"], value_set=run_ids)))
        docs = docs.filter(pc.invert(pc.is_in(docs["doc_id"], value_set=run_ids)))
    run_counts = [(g, k, n) for p in parts for g, c in p.counts.items() for k, n in c.items()]
    counted = pa.concat_tables(promote_options="permissive", tables=[
        existing.group_by(["source_group", "line_key"]).aggregate([("doc_id", "count")]).rename_columns(["source_group", "line_key", "n"]),
        pa.table({"source_group": pa.array([g for g, _, _ in run_counts], pa.string()),
                  "line_key": pa.array([k for _, k, _ in run_counts], pa.string()),
                  "n": pa.array([n for _, _, n in run_counts], pa.int64())}),
    ])
    totals = counted.group_by(["source_group", "line_key"]).aggregate([("n", "sum")])
    totals = totals.filter(pc.greater_equal(totals["n_sum"], cfg.min_docs))
    counts: dict[str, Counter] = {}
    for g, k, n in zip(*(totals[c].to_pylist() for c in ("source_group", "line_key", "n_sum"))):
        counts.setdefault(g, Counter())[k] = n
    n_docs: Counter = Counter()
    for g, n in zip(*(docs.group_by("source_group").aggregate([("doc_id", "count")])[c].to_pylist() for c in ("source_group", "doc_id_count"))):
        n_docs[g] += n
    for p in parts:
        n_docs.update(p.n_docs)
    return TemplateStats.from_counts(counts, n_docs, cfg)


def commit_run(tables_dir: str, staging_dir: str, summaries: Sequence[ShardSummary], run_metadata: dict,
               dedup: DedupConfig = DedupConfig()) -> dict:
    processed = sorted({i for s in summaries for i in s.processed_ids})
    rejected = sorted({i for s in summaries for i in s.rejected_ids})
    staged = {t: read_staged(staging_dir, t) for t in TABLES + INTERNAL_TABLES}
    staged["minhash"] = _unique_by(staged["minhash"], "text_hash")
    # first-pass rows of records that the second pass rejected do not belong to any document
    lines = staged["template_lines"]
    staged["template_lines"] = lines.filter(pc.is_in(lines["doc_id"], value_set=pa.array(processed, pa.string())))
    staged["paragraphs"], existing_changes = _settle_clusters(tables_dir, staged, set(processed) | set(rejected), dedup)
    owners = {
        "documents": rejected,
        "paragraphs": processed + rejected,
        "removed": processed + rejected,
        "rejects": processed,
        "minhash": [],
        "template_lines": processed + rejected,
    }
    versions = {}
    for table in TABLES + INTERNAL_TABLES:
        versions[table] = merge_rows(tables_dir, table, staged[table], owners[table], run_metadata)
    # Older paragraphs whose cluster or first-member flag changed because of this run's rows.
    reclustered = update_columns(tables_dir, "paragraphs", existing_changes, ["dup_cluster", "is_first_in_cluster"],
                                 {**run_metadata, "textmill.step": "recluster"})
    if reclustered is not None:
        versions["paragraphs"] = reclustered
    summary = _summary(summaries, versions, all_versions(tables_dir))
    summary["reclustered_paragraphs"] = existing_changes.num_rows
    return summary


def _unique_by(data: pa.Table, column: str) -> pa.Table:
    if data.num_rows == 0:
        return data
    _, first_index = np.unique(np.asarray(data[column].to_pylist(), dtype=object), return_index=True)
    return data.take(pa.array(np.sort(first_index)))


def _settle_clusters(tables_dir: str, staged: dict[str, pa.Table], replaced: set[str], dedup: DedupConfig) -> tuple[pa.Table, pa.Table]:
    """Near-duplicate clusters and first members over the whole table (surviving rows + staged).

    Returns the staged paragraphs with final dup_cluster / is_first_in_cluster, and the
    (paragraph_id, dup_cluster, is_first_in_cluster) rows of existing paragraphs that must change.
    Memory: four short columns of the paragraphs table plus the band keys, not the text.
    """
    paragraphs = staged["paragraphs"]
    cols = ["paragraph_id", "doc_id", "text_hash", "dup_cluster", "is_first_in_cluster"]
    existing = read_table(tables_dir, "paragraphs", columns=cols)
    if existing.num_rows and replaced:
        existing = existing.filter(pc.invert(pc.is_in(existing["doc_id"], value_set=pa.array(sorted(replaced), pa.string()))))
    if paragraphs.num_rows == 0 and not replaced:
        return paragraphs, existing.select(["paragraph_id", "dup_cluster", "is_first_in_cluster"]).slice(0, 0)
    bands = {h: k for h, k in zip(*(read_table(tables_dir, "minhash")[c].to_pylist() for c in ("text_hash", "band_keys")))}
    bands.update(zip(*(staged["minhash"][c].to_pylist() for c in ("text_hash", "band_keys"))))
    ids = paragraphs["paragraph_id"].to_pylist() + existing["paragraph_id"].to_pylist()
    hashes = paragraphs["text_hash"].to_pylist() + existing["text_hash"].to_pylist()
    clusters, firsts = assign_clusters(ids, hashes, bands, dedup)
    n = paragraphs.num_rows
    paragraphs = paragraphs.set_column(paragraphs.schema.get_field_index("dup_cluster"), paragraphs.schema.field("dup_cluster"), pa.array(clusters[:n], pa.string()))
    paragraphs = paragraphs.set_column(paragraphs.schema.get_field_index("is_first_in_cluster"), paragraphs.schema.field("is_first_in_cluster"), pa.array(firsts[:n], pa.bool_()))
    old_c, old_f = existing["dup_cluster"].to_pylist(), existing["is_first_in_cluster"].to_pylist()
    changed = [i for i in range(existing.num_rows) if (old_c[i], old_f[i]) != (clusters[n + i], firsts[n + i])]
    changes = pa.table({
        "paragraph_id": pa.array([existing["paragraph_id"][i].as_py() for i in changed], pa.string()),
        "dup_cluster": pa.array([clusters[n + i] for i in changed], pa.string()),
        "is_first_in_cluster": pa.array([firsts[n + i] for i in changed], pa.bool_()),
    })
    return paragraphs, changes


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
