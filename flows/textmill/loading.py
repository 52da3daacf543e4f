"""`textmill.load`: read a table of a published release (plain Parquet, checksum-verified).

Engines: "arrow" (a pyarrow Table, the default), "pandas" (a DataFrame with Arrow-backed dtypes,
so nullable ints stay ints and lists stay lists) and "polars" (a DataFrame). Every engine reads
the same verified file with the explicit schema from schemas/; pandas and polars are converted
from that Arrow table (zero-copy where the types allow), so all three see identical values.

Without textmill, the release files are plain Parquet:

    duckdb.sql("SELECT role, count(*) FROM 'data/releases/<version>/paragraphs.parquet' GROUP BY role")
    polars.read_parquet("data/releases/<version>/paragraphs.parquet")
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq

from textmill.errors import ConfigError
from textmill.schema import TABLES, load_schema

ENGINES = ("arrow", "pandas", "polars")


def load(table: str, release: str = "latest", releases_dir: str = "data/releases", verify: bool = True, engine: str = "arrow"):
    """Return `table` of `release` ("latest" = the version named in `<releases_dir>/LATEST`, or a
    version, or a release folder) as a pyarrow Table, a pandas or a polars DataFrame (`engine`).

    With `verify`, the file's sha256 is checked against the release manifest first.
    """
    from textmill.release import file_sha256, resolve_release

    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; engines are {', '.join(ENGINES)}")
    folder, _ = resolve_release(releases_dir, release)
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = next(f for f in manifest["files"] if f["table"] == table)
    path = folder / entry["path"]
    if verify and file_sha256(path) != entry["sha256"]:
        raise ConfigError(f"{path} does not match the sha256 in its manifest: the release was modified")
    data = pq.read_table(path, schema=load_schema(table, entry.get("schema_version")).arrow)
    return _convert(data, engine)


def _convert(data: pa.Table, engine: str):
    if engine == "pandas":
        import pandas as pd

        return data.to_pandas(types_mapper=pd.ArrowDtype)
    if engine == "polars":
        import polars as pl

        return pl.from_arrow(data)
    return data
