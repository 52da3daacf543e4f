"""Table schemas as data: `schemas/<table>.v<version>.json` -> Arrow schemas.

The JSON files are the single source of truth for column names, Arrow types, nullability and
descriptions. Writers cast every batch to `TableSchema.arrow` before writing (deltalake silently
casts otherwise), and the dataset card's data dictionary is generated from the same files.

Type grammar: primitives (`string`, `bool`, `int32`, `int64`, `float64`, `date32`, `timestamp_utc`),
`list<T>`, and `struct<name:T,name:T>`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import pyarrow as pa

from textmill.errors import ConfigError

TABLES = ("documents", "paragraphs", "removed", "rejects")  # public: released and documented
INTERNAL_TABLES = ("minhash", "template_lines")  # pipeline state kept across runs, never released
LOG_TABLES = ("runs",)  # operational log: one row per run, appended

_PRIMITIVES = {
    "string": pa.string(),
    "bool": pa.bool_(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "date32": pa.date32(),
    "timestamp_utc": pa.timestamp("us", tz="UTC"),
}


def project_folder(name: str) -> Path:
    """A data folder of the project (`schemas`, `expectations`): next to `flows/` in a checkout,
    or a packaged copy `_<name>` inside the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / name, here / f"_{name}"):
        if candidate.is_dir():
            return candidate
    raise ConfigError(f"{name}/ folder not found next to {here.parent}; run from a checkout of textmill")


def schemas_dir() -> Path:
    """The project's `schemas/` folder."""
    return project_folder("schemas")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str


@dataclass(frozen=True)
class TableSchema:
    table: str
    version: int
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def arrow(self) -> pa.Schema:
        fields = [pa.field(c.name, parse_type(c.type), nullable=c.nullable) for c in self.columns]
        return pa.schema(fields, metadata={"textmill.table": self.table, "textmill.schema_version": str(self.version)})

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def parse_type(spec: str) -> pa.DataType:
    """Parse a type string from the schema files into an Arrow type (raises ConfigError)."""
    spec = spec.strip()
    if spec in _PRIMITIVES:
        return _PRIMITIVES[spec]
    if spec.startswith("list<") and spec.endswith(">"):
        return pa.list_(parse_type(spec[5:-1]))
    if spec.startswith("struct<") and spec.endswith(">"):
        fields = []
        for part in split_top_level(spec[7:-1]):
            name, _, sub = part.partition(":")
            if not sub:
                raise ConfigError(f"struct field without a type in {spec!r}")
            fields.append(pa.field(name.strip(), parse_type(sub)))
        return pa.struct(fields)
    raise ConfigError(f"unknown column type {spec!r} in schemas/: use one of {sorted(_PRIMITIVES)}, list<T>, struct<...>")


def split_top_level(body: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return [p for p in parts if p.strip()]


@lru_cache(maxsize=None)
def load_schema(table: str, version: int | None = None, directory: str | None = None) -> TableSchema:
    """Load `schemas/<table>.v<version>.json` (latest version when not given)."""
    folder = Path(directory) if directory else schemas_dir()
    if version is None:
        found = sorted(folder.glob(f"{table}.v*.json"), key=lambda p: int(p.stem.rsplit(".v", 1)[1]))
        if not found:
            raise ConfigError(f"no schema file for table {table!r} in {folder} (expected {table}.v1.json)")
        path = found[-1]
    else:
        path = folder / f"{table}.v{version}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read schema {path}: {exc}") from exc
    try:
        schema = TableSchema(
            table=raw["table"],
            version=int(raw["version"]),
            description=raw["description"],
            key=tuple(raw["key"]),
            columns=tuple(Column(c["name"], c["type"], bool(c["nullable"]), c["description"]) for c in raw["columns"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"schema {path} is malformed ({exc!r}): each needs table, version, description, key, columns") from exc
    schema.arrow  # parse every type now: a bad type is a fatal config error at load, not at write
    missing = set(schema.key) - set(schema.names)
    if missing:
        raise ConfigError(f"schema {path}: key columns {sorted(missing)} are not columns")
    return schema


def conform(table: pa.Table, schema: TableSchema, columns: Sequence[str] | None = None) -> pa.Table:
    """Select and cast `table` to the schema exactly (column order, types, nullability); with
    `columns`, to those columns of the schema only, in that order.

    Raises `SchemaMismatch` if a column is missing or a non-nullable column holds nulls, instead of
    letting the writer cast silently.
    """
    target = schema.arrow if columns is None else pa.schema([schema.arrow.field(c) for c in columns])
    missing = [n for n in target.names if n not in table.column_names]
    if missing:
        raise SchemaMismatch(f"{schema.table}: missing columns {missing}")
    columns = []
    for field in target:
        col = table.column(field.name)
        if not field.nullable and col.null_count:
            raise SchemaMismatch(f"{schema.table}.{field.name} is not nullable but has {col.null_count} nulls")
        try:
            columns.append(col.cast(field.type, safe=True))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise SchemaMismatch(f"{schema.table}.{field.name}: cannot cast {col.type} to {field.type}: {exc}") from exc
    return pa.Table.from_arrays(columns, schema=target)


class SchemaMismatch(ValueError):
    """Rows do not fit the declared table schema (a programming or data-contract error)."""
