"""The corpus pass for duplicate clusters: the staged paragraphs against the paragraphs table.

Runs once per run, before the commit, under the tables lock (so the clusters it reads are the
ones the commit lands on). It settles the final dup_cluster / is_first_in_cluster of the staged
paragraphs (applied to their rows as they stream into the MERGE: `Staged.reader`) and the changes
for existing rows; the commit writes both in the one paragraphs MERGE of the run.

Everything here is Arrow columns and numpy arrays (`dedup.cluster_columns`), never one Python
object per paragraph or band key: its memory is the run's near-duplicate index (ids, text
hashes and band keys of the staged paragraphs, and the stored ones they touch), reported by
`Settled.index_bytes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmill.dedup import DedupConfig, cluster_columns
from textmill.schema import load_schema
from textmill.staging import Staged, write_parquet_atomically
from textmill.tables import read_table, scan_table

CLUSTER_COLUMNS = ("dup_cluster", "is_first_in_cluster")
CHANGE_SCHEMA = pa.schema([("paragraph_id", pa.string()), ("dup_cluster", pa.string()), ("is_first_in_cluster", pa.bool_())])


@dataclass(frozen=True)
class Settled:
    """The cluster pass's result: `staged` holds the final CLUSTER_COLUMNS of the staged
    paragraph rows, in the order `Staged.reader` streams them; `changes` the existing rows whose
    cluster changed (CHANGE_SCHEMA); `index_bytes` the near-duplicate index's Arrow and numpy
    memory at its peak (what the issue's memory bound excepts and asks to report)."""

    staged: pa.Table
    changes: pa.Table
    index_bytes: int = 0


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


def settle_clusters(tables_dir: str, paragraphs: Staged, minhash: Staged, replaced: set[str], dedup: DedupConfig) -> Settled:
    """Near-duplicate clusters for the staged paragraphs, incrementally against the table.

    Only the existing clusters a staged paragraph can touch take part: those whose texts share a
    band key with a staged text, or equal a staged text, or lost a member because its document is
    redone. Existing clusters are kept joined (a cluster is not split when one of its members goes
    away: known limitation).
    """
    cols = ["paragraph_id", "doc_id", "text_hash", "dup_cluster", "is_first_in_cluster"]
    existing = read_table(tables_dir, "paragraphs", columns=cols)
    gone = pc.is_in(existing["doc_id"], value_set=pa.array(sorted(replaced), pa.string()))
    clusters_of_gone = existing.filter(gone)["dup_cluster"].combine_chunks()
    existing = existing.filter(pc.invert(gone)).drop_columns(["doc_id"])
    new = paragraphs.read_columns(["paragraph_id", "text_hash"])
    if new.num_rows == 0 and len(clusters_of_gone) == 0:
        return Settled(pa.table({c: pa.array([], load_schema("paragraphs").arrow.field(c).type) for c in CLUSTER_COLUMNS}),
                       CHANGE_SCHEMA.empty_table())
    bands = minhash.read_columns(["text_hash", "band_keys"])
    near = _existing_sharing_bands(tables_dir, bands["band_keys"])
    # staged texts that the table already has keep their stored band keys (via `near`) or join by exact match
    bands = pa.concat_tables([bands, near])
    touched_hashes = pc.unique(pa.chunked_array([near["text_hash"].combine_chunks(), new["text_hash"].combine_chunks()], pa.string()))
    touched_clusters = pc.unique(pa.chunked_array([
        existing.filter(pc.is_in(existing["text_hash"], value_set=touched_hashes))["dup_cluster"].combine_chunks(),
        clusters_of_gone,
    ], pa.string()))
    affected = existing.filter(pc.is_in(existing["dup_cluster"], value_set=touched_clusters))
    del existing
    ids = pa.chunked_array([new["paragraph_id"].combine_chunks(), affected["paragraph_id"].combine_chunks()], pa.string())
    hashes = pa.chunked_array([new["text_hash"].combine_chunks(), affected["text_hash"].combine_chunks()], pa.string())
    index_bytes = new.nbytes + bands.nbytes + affected.nbytes
    clusters, firsts = cluster_columns(ids, hashes, bands["text_hash"], bands["band_keys"], dedup,
                                       joined_hashes=affected["text_hash"],
                                       joined_groups=pc.index_in(affected["dup_cluster"], value_set=pc.unique(affected["dup_cluster"])))
    n = new.num_rows
    staged = pa.table([clusters.slice(0, n), firsts.slice(0, n)], names=list(CLUSTER_COLUMNS))
    old_clusters, old_firsts = affected["dup_cluster"].combine_chunks(), affected["is_first_in_cluster"].combine_chunks()
    new_clusters, new_firsts = clusters.slice(n), firsts.slice(n)
    changed = pc.or_(pc.not_equal(old_clusters, new_clusters), pc.not_equal(old_firsts, new_firsts))
    changes = pa.table([affected["paragraph_id"].combine_chunks(), new_clusters, new_firsts], schema=CHANGE_SCHEMA).filter(changed)
    return Settled(staged, changes, index_bytes + ids.nbytes + hashes.nbytes)


def _existing_sharing_bands(tables_dir: str, band_keys: pa.ChunkedArray) -> pa.Table:
    """(text_hash, band_keys) of the stored texts that share at least one band key with
    `band_keys`, scanned batch by batch (the minhash table is never read whole); the keys are
    looked up in one sorted numpy array (a hash set of millions of keys per batch is not)."""
    schema = load_schema("minhash").arrow
    hits, keys = [], None
    for batch in scan_table(tables_dir, "minhash"):
        if keys is None:
            keys = np.unique(pc.list_flatten(band_keys).to_numpy())
            if not len(keys):
                break
        flat = pc.list_flatten(batch["band_keys"]).to_numpy()
        at = np.minimum(np.searchsorted(keys, flat), len(keys) - 1)
        parents = pc.list_parent_indices(batch["band_keys"]).to_numpy()
        rows = np.unique(parents[keys[at] == flat])
        if len(rows):
            hits.append(batch.take(pa.array(rows)))
    return pa.concat_tables(hits).combine_chunks() if hits else schema.empty_table()
