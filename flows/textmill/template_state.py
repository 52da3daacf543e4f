"""Site-template statistics over the whole corpus: the template_lines table plus this run's pass 1.

Read under the tables lock (the statistics a run's documents are classified with are those of the
tables it commits to: no other run commits in between).
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from textmill.pipeline import TemplatePass
from textmill.tables import read_table
from textmill.templates import TemplateConfig, TemplateStats


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
