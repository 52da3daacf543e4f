"""Commit a run's staged rows to the Delta tables: one MERGE per table, `documents` last.

The run's commits form one logical commit (see `recovery`): each carries the run id, and the run
is complete only when `runlog.record_run` appends its row afterwards. `documents` (with `rejects`,
the "this input is done" marker that `known.known_inputs` reads) is committed last, so even a
reader ignoring the protocol never sees a document whose other rows are missing.

Accounting rule (DESIGN: every input ends in exactly one place): an input processed into a document
replaces its old document/paragraph/removed rows and leaves the rejects table; an input rejected in
this run leaves the other three tables. Inputs that vanished from the landing folder are not deleted.
"""

from __future__ import annotations

from typing import Callable, Sequence

from textmill.clusters import drop_known_minhash, settle_clusters
from textmill.dedup import DedupConfig
from textmill.runlog import accounting, run_summary
from textmill.schema import INTERNAL_TABLES, TABLES, load_schema
from textmill.staging import ShardSummary, staged
from textmill.tables import all_versions, merge_rows

# Commit order: pipeline state, then the data tables, then the input-is-done markers.
COMMIT_ORDER = ("minhash", "template_lines", "removed", "paragraphs", "rejects", "documents")
assert sorted(COMMIT_ORDER) == sorted(TABLES + INTERNAL_TABLES)


def commit_run(tables_dir: str, staging_dir: str, summaries: Sequence[ShardSummary], run_metadata: dict,
               dedup: DedupConfig = DedupConfig(), on_step: Callable[[str], None] = lambda step: None) -> dict:
    """Merge the staged rows into the tables; rows stream from the staged files into delta-rs.
    Call under the tables lock (`runscope.open_run`). `on_step` hears where it is (progress)."""
    accounting(summaries)  # fails before any commit
    processed = sorted({i for s in summaries for i in s.processed_ids})
    rejected = sorted({i for s in summaries for i in s.rejected_ids})
    on_step("duplicate clusters")
    files = {t: staged(staging_dir, t) for t in COMMIT_ORDER}
    files["minhash"] = drop_known_minhash(tables_dir, files["minhash"])
    # the corpus pass: final clusters of the staged rows, and the older rows they change
    settled = settle_clusters(tables_dir, files["paragraphs"], files["minhash"], set(processed) | set(rejected), dedup)
    owners = {
        "documents": rejected,
        "paragraphs": processed + rejected,
        "removed": processed + rejected,
        "rejects": processed,
        "minhash": [],
        "template_lines": processed + rejected,
    }
    on_step("committing the tables")
    versions = {}
    for table in COMMIT_ORDER:
        source = files[table]
        replace = settled.staged if table == "paragraphs" else None
        rows = source.reader(replace) if source.num_rows else load_schema(table).arrow.empty_table()
        updates = settled.changes if table == "paragraphs" else None
        versions[table] = merge_rows(tables_dir, table, rows, owners[table], {**run_metadata, "textmill.step": table}, updates)
    summary = run_summary(summaries, {t: versions[t] for t in TABLES + INTERNAL_TABLES}, all_versions(tables_dir))
    summary["reclustered_paragraphs"] = settled.changes.num_rows
    summary["near_duplicate_index_mb"] = round(settled.index_bytes / 2**20, 1)
    return summary
