"""Between processing and commit: validate a shard's rows, quarantine failures, stage them as Parquet.

Validation runs per shard so that memory stays bounded by the shard size. A document whose row, or
any of whose paragraph/removed rows, fails the schema or an expectation suite is moved whole to the
rejects table (stage `validate`, reason `invalid_row`, the failed expectations in the message):
analysts never see half a document. Staged files are written with the explicit schema to a
temporary path and renamed, so a retried task never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmill.pipeline import ShardResult, TemplatePass
from textmill.schema import TABLES, SchemaMismatch, load_schema
from textmill.tables import rows_to_table

ROW_TABLES = ("documents", "paragraphs", "removed")


@dataclass
class ShardSummary:
    """What a shard task hands to the commit step: counts and ids, never the rows themselves."""

    index: int
    n_inputs: int
    n_bytes: int
    rows: dict[str, int]
    processed_ids: list[str]  # documents (re)written by this run
    rejected_ids: list[str]  # inputs that ended in rejects in this run
    unchanged_ids: list[str]
    removed_by_rule: Counter = field(default_factory=Counter)
    rejects_by_reason: Counter = field(default_factory=Counter)
    repairs_by_fix: Counter = field(default_factory=Counter)
    validation: dict[str, dict] = field(default_factory=dict)  # table -> {rows, failed_expectations, quarantined}


def quarantine(result: ShardResult) -> dict[str, dict]:
    """Validate the shard's rows in place; move failing documents to rejects. Returns per-table stats."""
    from textmill.validate import validate_table

    bad: dict[str, list[str]] = {}
    stats: dict[str, dict] = {}
    cast: dict[str, pa.Table] = {}
    for table in ROW_TABLES:
        rows, cast[table] = _rows_inside_schema(getattr(result, table), table, bad)
        setattr(result, table, rows)
        report = validate_table(table, cast[table], engine="arrow")  # no GX import per worker (rowchecks)
        failed = sorted(report.failed_rows())
        failed_names = sorted({o.expectation + (f"({o.column})" if o.column else "") for o in report.outcomes if not o.success})
        stats[table] = {"rows": len(rows), "failed_expectations": failed_names, "schema_errors": list(report.schema_errors)}
        for i in failed:
            bad.setdefault(rows[i]["doc_id"], []).extend(f"{table}: {n}" for n in failed_names)
    report = validate_table("rejects", rows_to_table(result.rejects, load_schema("rejects")), engine="arrow")
    stats["rejects"] = {"rows": len(result.rejects), "schema_errors": list(report.schema_errors),
                        "failed_expectations": sorted(o.expectation for o in report.outcomes if not o.success)}
    if bad:
        _move_to_rejects(result, bad)
    else:
        result.arrow = cast  # the rows as validated: stage_shard writes these instead of casting again
    for table in ROW_TABLES:
        stats[table]["quarantined_documents"] = len(bad)
    result.validation = stats
    return stats


def _rows_inside_schema(rows: list[dict], table: str, bad: dict[str, list[str]]) -> tuple[list[dict], pa.Table]:
    """The rows that can be cast to the schema, and their Arrow table. Rows that cannot (a null in
    a non-nullable column, a value out of range) would make the whole shard fail; find them one by
    one (only when the fast path fails) and quarantine their documents instead."""
    schema = load_schema(table)
    try:
        return rows, rows_to_table(rows, schema)
    except SchemaMismatch:
        pass
    kept = []
    for row in rows:
        try:
            rows_to_table([row], schema)
            kept.append(row)
        except SchemaMismatch as exc:
            bad.setdefault(row["doc_id"], []).append(f"{table}: schema: {exc}")
    return kept, rows_to_table(kept, schema)


def _move_to_rejects(result: ShardResult, bad: dict[str, list[str]]) -> None:
    from textmill.pipeline import reject_row
    from textmill.ingest import Rejected

    docs = {d["doc_id"]: d for d in result.documents}
    for doc_id, reasons in sorted(bad.items()):
        doc = docs[doc_id]
        rej = Rejected(doc["source_key"], doc["source_uri"], "validate", "invalid_row",
                       "failed expectations: " + "; ".join(sorted(set(reasons))), doc["source_id"], doc["source_sha256"])
        result.rejects.append(reject_row(rej, doc["pipeline_fingerprint"]))
        result.rejects_by_reason["invalid_row"] += 1
    result.documents = [d for d in result.documents if d["doc_id"] not in bad]
    for table in ("paragraphs", "removed"):
        kept = [r for r in getattr(result, table) if r["doc_id"] not in bad]
        if table == "removed":
            result.removed_by_rule = Counter(r["rule"] for r in kept)
        setattr(result, table, kept)


def stage_shard(result: ShardResult, staging_dir: str | os.PathLike, index: int) -> ShardSummary:
    """Write the shard's rows as `<staging>/<table>/shard-<index>.parquet` (explicit schema).

    Also trims this shard's first-pass template_lines rows to the documents that were written (a
    record rejected in the second pass owns no template lines). The shard's minhash rows are
    distinct already (pipeline.minhash_rows).
    """
    rows = {}
    for table in TABLES + ("minhash",):
        data = result.arrow[table] if table in result.arrow else rows_to_table(getattr(result, table), load_schema(table))
        rows[table] = data.num_rows
        _write_staged(data, staging_dir, table, index)
    lines_file = Path(staging_dir) / "template_lines" / f"shard-{index:05d}.parquet"
    if lines_file.exists():
        lines = pq.read_table(lines_file, schema=load_schema("template_lines").arrow)
        kept = lines.filter(pc.is_in(lines["doc_id"], value_set=pa.array([d["doc_id"] for d in result.documents], pa.string())))
        lines_file.unlink()
        _write_staged(kept, staging_dir, "template_lines", index)
    return ShardSummary(
        index=index, n_inputs=result.n_inputs, n_bytes=result.n_bytes, rows=rows,
        processed_ids=[d["doc_id"] for d in result.documents], rejected_ids=[r["reject_id"] for r in result.rejects],
        unchanged_ids=list(result.unchanged), removed_by_rule=result.removed_by_rule,
        rejects_by_reason=result.rejects_by_reason, repairs_by_fix=result.repairs_by_fix,
        validation=result.validation,
    )


def stage_template_pass(part: TemplatePass, staging_dir: str | os.PathLike, index: int) -> TemplatePass:
    """Stage the first pass's template_lines rows, prepared records and read records; return only
    the counts.

    The prepared and read records go to a private pickle in the staging folder (same code, same
    run, removed with the folder): pass 2 of the same shard reads them instead of reading,
    decoding, extracting and repairing its inputs again."""
    _write_staged(rows_to_table(part.rows, load_schema("template_lines")), staging_dir, "template_lines", index)
    folder = Path(staging_dir) / "prepared"
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"shard-{index:05d}.pickle"
    tmp = final.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(FirstPass(part.prepared, part.records), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, final)
    return TemplatePass(counts=part.counts, n_docs=part.n_docs, rows=[], doc_ids=part.doc_ids)


@dataclass(frozen=True)
class FirstPass:
    """What pass 2 of a shard takes over from its pass 1 (see pipeline.process_shard)."""

    prepared: dict = field(default_factory=dict)
    records: list | None = None  # None: pass 2 reads the files itself


def load_first_pass(staging_dir: str | os.PathLike, index: int) -> FirstPass:
    """Pass-1 results of one shard (empty if pass 1 staged none), deleted once read."""
    path = Path(staging_dir) / "prepared" / f"shard-{index:05d}.pickle"
    if not path.exists():
        return FirstPass()
    with open(path, "rb") as f:
        first = pickle.load(f)  # noqa: S301 - written by this run's own pass 1, never external data
    path.unlink()
    return first


def _write_staged(data: pa.Table, staging_dir: str | os.PathLike, table: str, index: int) -> None:
    if not data.num_rows:
        return
    folder = Path(staging_dir) / table
    folder.mkdir(parents=True, exist_ok=True)
    write_parquet_atomically(data, folder / f"shard-{index:05d}.parquet")


def write_parquet_atomically(data: pa.Table, path: Path) -> None:
    """Write to a temporary file next to ``path``, then rename: a retried or killed task never
    leaves a half-written staged file (a rename within one folder is atomic)."""
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(data, tmp)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Staged:
    """The staged files of one table: streamed into the Delta MERGE, never concatenated in memory."""

    table: str
    files: tuple[Path, ...]

    @property
    def num_rows(self) -> int:
        return sum(pq.read_metadata(f).num_rows for f in self.files)

    def read_columns(self, columns: list[str]) -> pa.Table:
        schema = load_schema(self.table).arrow
        if not self.files:
            return schema.empty_table().select(columns)
        return pa.concat_tables(pq.read_table(f, columns=columns, schema=schema) for f in self.files)

    def reader(self, replace: pa.Table | None = None) -> pa.RecordBatchReader:
        """The staged rows file after file in batches (never all in memory). With `replace`
        (one row per staged row, in this order), its columns take the place of the staged ones
        (the cluster pass's final clusters of the staged paragraphs)."""
        schema = load_schema(self.table).arrow
        replaced = [] if replace is None else [(schema.get_field_index(c), schema.field(c)) for c in replace.column_names]

        def batches():
            offset = 0
            for f in self.files:
                for batch in pq.ParquetFile(f).iter_batches(batch_size=STREAM_BATCH_ROWS):
                    if replaced:
                        columns = list(batch.columns)
                        for (i, field), name in zip(replaced, replace.column_names):
                            columns[i] = replace[name].slice(offset, batch.num_rows).combine_chunks().cast(field.type)
                        batch = pa.RecordBatch.from_arrays(columns, schema=schema)
                    offset += batch.num_rows
                    yield batch
            if replace is not None and offset != replace.num_rows:
                raise ValueError(f"{self.table}: {replace.num_rows} replacement rows for {offset} staged rows")

        return pa.RecordBatchReader.from_batches(schema, batches())


STREAM_BATCH_ROWS = 10_000  # rows per batch streamed from a staged file into a MERGE


def staged(staging_dir: str | os.PathLike, table: str) -> Staged:
    return Staged(table, tuple(sorted((Path(staging_dir) / table).glob("shard-*.parquet"))))


STAGING_FOLDER = "staging"  # under the tables root's control folder: <tables>/.textmill/staging/<run id>/


def run_staging_dir(tables_dir: str | os.PathLike, run_id: str) -> Path:
    """A run's staging folder, created empty: under the tables root (workers see it wherever they
    see the tables) and named by the run id, so a dead run's folder is found and removed."""
    from textmill.runlock import control_dir

    path = control_dir(tables_dir) / STAGING_FOLDER / run_id
    path.mkdir(parents=True, exist_ok=False)
    return path


def remove_dead_staging(tables_dir: str | os.PathLike, live_run_id: str) -> list[str]:
    """Remove the staging folders of every run but `live_run_id` (call under the tables lock:
    only the lock holder stages, so any other folder is a dead run's). Returns their run ids."""
    import shutil

    from textmill.runlock import CONTROL_FOLDER

    root = Path(tables_dir) / CONTROL_FOLDER / STAGING_FOLDER
    dead = sorted(p.name for p in root.iterdir() if p.name != live_run_id) if root.is_dir() else []
    for name in dead:
        shutil.rmtree(root / name, ignore_errors=True)
    return dead
