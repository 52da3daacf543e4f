"""`textmill.load`: read a table of a published release (plain Parquet, checksum-verified)."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq

from textmill.errors import ConfigError
from textmill.schema import TABLES, load_schema


def load(table: str, release: str = "latest", releases_dir: str = "data/releases", verify: bool = True) -> pa.Table:
    """Return `table` of `release` ("latest" = the version named in `<releases_dir>/LATEST`).

    With `verify`, the file's sha256 is checked against the release manifest first.
    """
    from textmill.release import file_sha256, resolve_release

    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
    folder, _ = resolve_release(releases_dir, release)
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = next(f for f in manifest["files"] if f["table"] == table)
    path = folder / entry["path"]
    if verify and file_sha256(path) != entry["sha256"]:
        raise ConfigError(f"{path} does not match the sha256 in its manifest: the release was modified")
    return pq.read_table(path, schema=load_schema(table, entry.get("schema_version")).arrow)
