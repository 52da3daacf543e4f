"""Delta Lake I/O for the four tables, always through the explicit schemas in `schemas/`.

- `ensure_table` creates an empty table with the declared schema (never inferred from data).
- `merge_rows` upserts rows on the table key and deletes rows of the given documents that the new
  run no longer produces, in ONE Delta commit per table; with nothing to change it commits nothing,
  so an idempotent rerun leaves every table version unchanged.
- `read_table` reads the current snapshot without pyarrow filters (after MERGE, delta-rs may write
  `string_view` columns that break filtered pyarrow reads) and conforms it back to the schema; its
  Parquet reads go through Arrow's native local file system, never a Python one (see
  `_arrow_local_files`: a Python file system made the CLI abort at exit).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import pyarrow as pa

from textmill.schema import TABLES, SchemaMismatch, TableSchema, conform, load_schema

# deltalake's Rust code allocates with its own jemalloc, which keeps freed pages for reuse ("dirty",
# then "muzzy") for 10 s by default and returns them only when it allocates again: after each
# table's MERGE the command kept ~20-70 MB of the finished MERGE (bench/commit_memory.py, 30 MB
# of rows: peak 351 -> 285 MB with immediate return). Read once, when deltalake is first loaded
# (lazily, after this module): a user's own setting wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

KEY_PREDICATES = {
    "documents": "t.doc_id = s.doc_id",
    "paragraphs": "t.paragraph_id = s.paragraph_id",
    "removed": "t.doc_id = s.doc_id AND t.stage = s.stage AND t.line_no = s.line_no",
    "rejects": "t.reject_id = s.reject_id",
    "minhash": "t.text_hash = s.text_hash",
    "template_lines": "t.doc_id = s.doc_id AND t.line_key = s.line_key",
}
# Column that says which input a row belongs to: used to delete rows of inputs that were redone.
OWNER_COLUMN = {"documents": "doc_id", "paragraphs": "doc_id", "removed": "doc_id", "rejects": "reject_id", "template_lines": "doc_id"}
# Tables whose rows are content-addressed: an existing key already holds the same value.
INSERT_ONLY = ("minhash",)


def table_path(tables_dir: str | Path, table: str) -> str:
    return str(Path(tables_dir) / table)


def ensure_table(tables_dir: str | Path, table: str):
    from deltalake import DeltaTable

    path = table_path(tables_dir, table)
    if DeltaTable.is_deltatable(path):
        return DeltaTable(path)
    schema = load_schema(table)
    Path(path).mkdir(parents=True, exist_ok=True)
    # The schema version lives in the commit metadata: delta-rs rejects unknown table properties.
    return DeltaTable.create(path, schema=schema.arrow, mode="ignore", name=table, description=schema.description,
                             commit_properties=_commit({"textmill.schema_version": schema.version}))


def rows_to_table(rows: Sequence[Mapping], schema: TableSchema) -> pa.Table:
    """Build an Arrow table from row dicts WITH the declared schema (no inference)."""
    return conform(pa.Table.from_pylist(list(rows), schema=_nullable(schema.arrow)), schema)


def _nullable(schema: pa.Schema) -> pa.Schema:
    # from_pylist checks nullability itself with an unhelpful message; conform() checks it with ours
    return pa.schema([f.with_nullable(True) for f in schema], metadata=schema.metadata)


def merge_rows(tables_dir: str | Path, table: str, rows: pa.Table | pa.RecordBatchReader, replace_owners: Iterable[str] = (),
               metadata: Mapping | None = None, column_updates: pa.Table | None = None) -> int | None:
    """Upsert `rows` on the table key; delete target rows owned by `replace_owners` that `rows` lacks;
    set the non-key columns of `column_updates` (key + some columns) on existing rows. ONE commit.

    `rows` is a Table (conformed here) or a RecordBatchReader already in the schema (streamed).
    `column_updates` lets one MERGE also re-settle older rows (duplicate clusters changed by this
    run's paragraphs) instead of a second commit: its rows travel in the same source, flagged.

    Returns the new Delta version, or None when there was nothing to commit.
    """
    owners = sorted(set(replace_owners))
    schema = load_schema(table)
    updates = column_updates if column_updates is not None and column_updates.num_rows else None
    if isinstance(rows, pa.Table):
        if rows.num_rows == 0 and not owners and updates is None:
            return None
        rows = conform(rows, schema)
    elif rows.schema != schema.arrow:  # a stream (staged files) must already be in the table schema
        raise SchemaMismatch(f"{table}: staged stream schema differs from schemas/: {rows.schema} vs {schema.arrow}")
    if updates is not None:
        rows = _with_column_updates(rows, updates, schema.arrow)
    dt = ensure_table(tables_dir, table)
    merger = dt.merge(
        source=rows, predicate=KEY_PREDICATES[table], source_alias="s", target_alias="t",
        commit_properties=_commit(metadata or {}),
    )
    full_row = {} if updates is None else {"predicate": f"NOT s.{_UPDATE_ONLY}", "except_cols": [_UPDATE_ONLY]}
    if updates is not None:
        changed = [c for c in updates.column_names if c not in schema.key]
        merger = merger.when_matched_update(updates={c: f"s.{c}" for c in changed}, predicate=f"s.{_UPDATE_ONLY}")
    if table not in INSERT_ONLY:
        merger = merger.when_matched_update_all(**full_row)
    merger = merger.when_not_matched_insert_all(**full_row)
    if owners:
        merger = merger.when_not_matched_by_source_delete(predicate=f"t.{OWNER_COLUMN[table]} IN ({_sql_list(owners)})")
    merger.execute()
    release_freed_memory()  # a MERGE's buffers, freed: the next table's MERGE starts from the base
    return dt.version()


_UPDATE_ONLY = "_textmill_update_only"  # source flag of column_updates rows (never written)


def _with_column_updates(rows: pa.Table | pa.RecordBatchReader, updates: pa.Table, schema: pa.Schema) -> pa.RecordBatchReader:
    """One MERGE source: the full rows (flag false), then the update rows (flag true, the columns
    they do not set null). Fields become nullable in the source only; the target keeps its schema."""
    source = pa.schema([f.with_nullable(True) for f in schema] + [pa.field(_UPDATE_ONLY, pa.bool_(), False)])
    full = rows if isinstance(rows, pa.RecordBatchReader) else rows.to_reader()
    n = updates.num_rows
    tail = pa.table([updates[f.name] if f.name in updates.column_names else pa.nulls(n, f.type) for f in schema]
                    + [pa.array([True] * n, pa.bool_())], schema=source)

    def batches():
        for batch in full:
            yield pa.RecordBatch.from_arrays(list(batch.columns) + [pa.array([False] * batch.num_rows, pa.bool_())], schema=source)
        yield from tail.to_batches()

    return pa.RecordBatchReader.from_batches(source, batches())


def release_freed_memory() -> None:
    """Hand memory freed by a finished shard task or MERGE back to the kernel: glibc's malloc keeps
    freed heap pages (a shard's Python rows, texts, numpy buffers) for reuse, and Arrow's mimalloc
    pool its freed segments, so a worker's PSS stays at its biggest shard's peak plus fragmentation
    instead of its models plus the next shard (measured: ~30-80 MB per worker after a 7 MB shard;
    the command kept ~50 MB after the paragraphs MERGE). A no-op without glibc; milliseconds."""
    import ctypes
    import ctypes.util

    pa.default_memory_pool().release_unused()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        trim = getattr(libc, "malloc_trim", None)
    except OSError:
        trim = None
    if trim is not None:
        trim(0)


def _commit(metadata: Mapping):
    from deltalake import CommitProperties

    return CommitProperties(custom_metadata={k: v if isinstance(v, str) else json.dumps(v, sort_keys=True) for k, v in metadata.items()})


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def read_table(tables_dir: str | Path, table: str, columns: Sequence[str] | None = None, version: int | None = None) -> pa.Table:
    """Current (or `version`) snapshot of a table, conformed to its schema; empty if it does not exist.
    With `columns`, only those columns are read from storage (ids and hashes, not the texts)."""
    from deltalake import DeltaTable

    schema = load_schema(table)
    path = table_path(tables_dir, table)
    columns = None if columns is None else list(columns)
    if not DeltaTable.is_deltatable(path):
        data = schema.arrow.empty_table()
        return data if columns is None else data.select(columns)
    dt = DeltaTable(path, version=version)
    return conform(dt.to_pyarrow_table(columns=columns, filesystem=_arrow_local_files(path)), schema, columns)


def scan_table(tables_dir: str | Path, table: str, columns: Sequence[str] | None = None,
               batch_rows: int = 100_000) -> Iterator[pa.Table]:
    """The current snapshot of a table in pieces of at most `batch_rows` rows, each conformed to
    the schema (nothing if the table does not exist): for passes over a table that must not
    hold it whole in memory."""
    from deltalake import DeltaTable

    schema = load_schema(table)
    path = table_path(tables_dir, table)
    if not DeltaTable.is_deltatable(path):
        return
    dataset = DeltaTable(path).to_pyarrow_dataset(filesystem=_arrow_local_files(path))
    names = None if columns is None else list(columns)
    for batch in dataset.to_batches(columns=names, batch_size=batch_rows):
        if batch.num_rows:
            yield conform(pa.Table.from_batches([batch]), schema, names)


def _arrow_local_files(table_dir: str):
    """Arrow's own (C++) local file system rooted at the table, for reading its Parquet files.

    deltalake's default is a Python file system (pyarrow PyFileSystem over DeltaStorageHandler):
    Arrow's I/O threads then hold Python buffers and take the GIL to free them, and one still
    freeing a buffer when the interpreter finalizes is made to exit mid-unwind by Python, which
    std::terminate()s the process ("terminate called without an active exception", exit 134,
    after a complete run: issue 14). Native reads never touch Python from Arrow's threads."""
    from pyarrow import fs

    return fs.SubTreeFileSystem(str(Path(table_dir).resolve()), fs.LocalFileSystem())


def sorted_by_key(data: pa.Table, table: str) -> pa.Table:
    """Rows in key order: the canonical order for releases and comparisons."""
    keys = load_schema(table).key
    return data.sort_by([(k, "ascending") for k in keys]) if data.num_rows else data


def append_rows(tables_dir: str | Path, table: str, rows: pa.Table, metadata: Mapping | None = None) -> int:
    """Append rows (log tables only: no key check)."""
    from deltalake import write_deltalake

    dt = ensure_table(tables_dir, table)
    write_deltalake(dt, conform(rows, load_schema(table)), mode="append", commit_properties=_commit(metadata or {}))
    return dt.version()


def table_version(tables_dir: str | Path, table: str) -> int | None:
    from deltalake import DeltaTable

    path = table_path(tables_dir, table)
    return DeltaTable(path).version() if DeltaTable.is_deltatable(path) else None


def all_versions(tables_dir: str | Path) -> dict[str, int | None]:
    return {t: table_version(tables_dir, t) for t in TABLES}


def table_history(tables_dir: str | Path, table: str) -> list[dict]:
    """The table's commit infos, newest first, each with its `version` and custom metadata."""
    from deltalake import DeltaTable

    path = table_path(tables_dir, table)
    return DeltaTable(path).history() if DeltaTable.is_deltatable(path) else []


def restore_version(tables_dir: str | Path, table: str, version: int, metadata: Mapping) -> int:
    """Make `version`'s snapshot the current one again (a new RESTORE commit; history is kept)."""
    from deltalake import DeltaTable

    dt = DeltaTable(table_path(tables_dir, table))
    dt.restore(version, commit_properties=_commit(metadata))
    return dt.version()
