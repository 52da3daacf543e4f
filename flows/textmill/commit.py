"""Commit a run's staged rows to the Delta tables: one MERGE per table, nothing when nothing changed.

Accounting rule (DESIGN: every input ends in exactly one place): an input processed into a document
replaces its old document/paragraph/removed rows and leaves the rejects table; an input rejected in
this run leaves the other three tables. Inputs that vanished from the landing folder are not deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from typing import Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmill.config import PIPELINE_VERSION
from textmill.dedup import DedupConfig, assign_clusters
from textmill.pipeline import TemplatePass
from textmill.templates import TemplateConfig, TemplateStats
from textmill.schema import INTERNAL_TABLES, TABLES, load_schema
from textmill.staging import ShardSummary, Staged, staged, write_parquet_atomically
from textmill.tables import all_versions, append_rows, merge_rows, read_table, rows_to_table, update_columns


def known_inputs(tables_dir: str) -> dict[str, dict[str, tuple[str | None, str]]]:
    """What the tables already account for, by input file key:
    {file key: {id: (source_sha256, pipeline_fingerprint)}} (a JSONL file holds many ids).

    Grouping by file lets the flow hand each shard task only its own part."""
    known: dict[str, dict[str, tuple[str | None, str]]] = {}
    for table, id_col in (("documents", "doc_id"), ("rejects", "reject_id")):
        data = read_table(tables_dir, table, columns=[id_col, "source_key", "source_sha256", "pipeline_fingerprint"])
        for rid, key, sha, fp in zip(*(data[c].to_pylist() for c in data.column_names)):
            known.setdefault(key.split("#", 1)[0], {})[rid] = (sha, fp)
    return known


def known_for_shard(known: dict[str, dict[str, tuple[str | None, str]]], files) -> dict[str, tuple[str | None, str]]:
    return {rid: v for f in files for rid, v in known.get(f.key, {}).items()}


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
    """Merge the staged rows into the tables; rows stream from the staged files into delta-rs."""
    processed = sorted({i for s in summaries for i in s.processed_ids})
    rejected = sorted({i for s in summaries for i in s.rejected_ids})
    files = {t: staged(staging_dir, t) for t in TABLES + INTERNAL_TABLES}
    files["minhash"] = _drop_known_minhash(tables_dir, files["minhash"])
    existing_changes = _settle_clusters(tables_dir, files["paragraphs"], files["minhash"], set(processed) | set(rejected), dedup)
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
        source = files[table]
        if source.num_rows:
            versions[table] = merge_rows(tables_dir, table, source.reader(), owners[table], run_metadata)
        else:
            versions[table] = merge_rows(tables_dir, table, load_schema(table).arrow.empty_table(), owners[table], run_metadata)
    # Older paragraphs whose cluster or first-member flag changed because of this run's rows.
    reclustered = update_columns(tables_dir, "paragraphs", existing_changes, ["dup_cluster", "is_first_in_cluster"],
                                 {**run_metadata, "textmill.step": "recluster"})
    if reclustered is not None:
        versions["paragraphs"] = reclustered
    summary = _summary(summaries, versions, all_versions(tables_dir))
    summary["reclustered_paragraphs"] = existing_changes.num_rows
    return summary


def _drop_known_minhash(tables_dir: str, source: Staged) -> Staged:
    """Keep one staged minhash row per text_hash across shards, and none the table already has
    (a MERGE source must not repeat a key). Rewrites the staged files in place, one at a time."""
    seen = read_table(tables_dir, "minhash", columns=["text_hash"])["text_hash"].combine_chunks()
    for f in source.files:
        data = pq.read_table(f, schema=load_schema("minhash").arrow)
        kept = data.filter(pc.invert(pc.is_in(data["text_hash"], value_set=seen)))
        seen = pa.concat_arrays([seen, kept["text_hash"].combine_chunks()])
        if kept.num_rows:
            write_parquet_atomically(kept, f)
        else:
            f.unlink()
    return Staged(source.table, tuple(f for f in source.files if f.exists()))


def _settle_clusters(tables_dir: str, paragraphs: Staged, minhash: Staged, replaced: set[str], dedup: DedupConfig) -> pa.Table:
    """Near-duplicate clusters for the staged paragraphs, incrementally against the table.

    Only the existing clusters a staged paragraph can touch are loaded into Python: those whose
    texts share a band key with a staged text, or equal a staged text, or lost a member because
    its document is redone. Existing clusters are kept joined (a cluster is not split when one of
    its members goes away: known limitation). The staged paragraph files are rewritten with their
    final dup_cluster / is_first_in_cluster; returns the changes for existing rows
    (paragraph_id, dup_cluster, is_first_in_cluster).
    """
    change_schema = pa.schema([("paragraph_id", pa.string()), ("dup_cluster", pa.string()), ("is_first_in_cluster", pa.bool_())])
    cols = ["paragraph_id", "doc_id", "text_hash", "dup_cluster", "is_first_in_cluster"]
    existing = read_table(tables_dir, "paragraphs", columns=cols)
    replaced_ids = pa.array(sorted(replaced), pa.string())
    gone = pc.is_in(existing["doc_id"], value_set=replaced_ids)
    clusters_of_gone = existing.filter(gone)["dup_cluster"]
    existing = existing.filter(pc.invert(gone))
    new = paragraphs.read_columns(["paragraph_id", "text_hash"])
    if new.num_rows == 0 and len(clusters_of_gone) == 0:
        return change_schema.empty_table()
    new_bands = minhash.read_columns(["text_hash", "band_keys"])
    bands = dict(zip(new_bands["text_hash"].to_pylist(), new_bands["band_keys"].to_pylist()))
    near = _existing_sharing_bands(tables_dir, {k for keys in bands.values() for k in keys})
    bands.update(near)
    # staged texts that the table already has keep their stored band keys via `near` or exact match
    touched_hashes = pa.array(sorted(set(near) | set(new["text_hash"].to_pylist())), pa.string())
    touched_clusters = pc.unique(pa.concat_arrays([
        existing.filter(pc.is_in(existing["text_hash"], value_set=touched_hashes))["dup_cluster"].combine_chunks(),
        clusters_of_gone.combine_chunks(),
    ]))
    affected = existing.filter(pc.is_in(existing["dup_cluster"], value_set=touched_clusters))
    joined: dict[str, list[str]] = {}
    for cluster, th in zip(affected["dup_cluster"].to_pylist(), affected["text_hash"].to_pylist()):
        joined.setdefault(cluster, []).append(th)
    ids = new["paragraph_id"].to_pylist() + affected["paragraph_id"].to_pylist()
    hashes = new["text_hash"].to_pylist() + affected["text_hash"].to_pylist()
    clusters, firsts = assign_clusters(ids, hashes, bands, dedup, joined=joined.values())
    n = new.num_rows
    _rewrite_clusters(paragraphs, clusters[:n], firsts[:n])
    old = list(zip(affected["dup_cluster"].to_pylist(), affected["is_first_in_cluster"].to_pylist()))
    changed = [i for i in range(affected.num_rows) if old[i] != (clusters[n + i], firsts[n + i])]
    return pa.table([
        pa.array([ids[n + i] for i in changed], pa.string()),
        pa.array([clusters[n + i] for i in changed], pa.string()),
        pa.array([firsts[n + i] for i in changed], pa.bool_()),
    ], schema=change_schema)


def _existing_sharing_bands(tables_dir: str, keys: set[int]) -> dict[str, list[int]]:
    """Band keys of stored texts that share at least one band key with `keys` (Arrow-side filter)."""
    if not keys:
        return {}
    table = read_table(tables_dir, "minhash")
    if table.num_rows == 0:
        return {}
    flat = pc.list_flatten(table["band_keys"])
    parents = pc.list_parent_indices(table["band_keys"])
    hit = pc.unique(pc.filter(parents, pc.is_in(flat, value_set=pa.array(sorted(keys), pa.int64()))))
    rows = table.take(hit)
    return dict(zip(rows["text_hash"].to_pylist(), rows["band_keys"].to_pylist()))


def _rewrite_clusters(paragraphs: Staged, clusters: list[str], firsts: list[bool]) -> None:
    schema = load_schema("paragraphs").arrow
    offset = 0
    for f in paragraphs.files:
        data = pq.read_table(f, schema=schema)
        n = data.num_rows
        data = data.set_column(schema.get_field_index("dup_cluster"), schema.field("dup_cluster"), pa.array(clusters[offset:offset + n], pa.string()))
        data = data.set_column(schema.get_field_index("is_first_in_cluster"), schema.field("is_first_in_cluster"), pa.array(firsts[offset:offset + n], pa.bool_()))
        offset += n
        write_parquet_atomically(data, f)


def record_run(tables_dir: str, run_id: str, started_at: dt.datetime, inputs: Sequence[str], files: Sequence,
               fingerprint: str, summary: dict) -> int:
    """Append the run's row to the runs log (also for runs that changed nothing)."""
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.key):
        digest.update(f"{f.key}\t{f.size}\n".encode())
    row = {
        "run_id": run_id, "started_at": started_at, "finished_at": dt.datetime.now(dt.timezone.utc),
        "pipeline_version": PIPELINE_VERSION, "pipeline_fingerprint": fingerprint, "inputs": list(inputs),
        "input_fingerprint": digest.hexdigest(), "n_inputs": summary["inputs"], "n_documents_written": summary["documents"],
        "n_unchanged": summary["unchanged"], "n_rejects_written": summary["rejects"],
        "n_paragraphs_written": summary["paragraphs"], "n_removed_written": summary["removed_lines"],
        "summary_json": json.dumps(summary, sort_keys=True, default=str),
    }
    return append_rows(tables_dir, "runs", rows_to_table([row], load_schema("runs")), {"textmill.run_id": run_id})


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
