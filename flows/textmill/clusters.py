"""The corpus pass for duplicate clusters: the staged paragraphs against the paragraphs table.

Runs once per run, before the commit, under the tables lock (so the clusters it reads are the
ones the commit lands on). It rewrites the staged paragraph files with their final dup_cluster /
is_first_in_cluster and returns the changes for existing rows; the commit writes both in the one
paragraphs MERGE of the run.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmill.dedup import DedupConfig, assign_clusters
from textmill.schema import load_schema
from textmill.staging import Staged, write_parquet_atomically
from textmill.tables import read_table


def drop_known_minhash(tables_dir: str, source: Staged) -> Staged:
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


def settle_clusters(tables_dir: str, paragraphs: Staged, minhash: Staged, replaced: set[str], dedup: DedupConfig) -> pa.Table:
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
