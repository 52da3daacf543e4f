"""schemas/ are data: they parse, and writers conform rows to them exactly instead of casting silently."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from textmill.errors import ConfigError
from textmill.schema import TABLES, SchemaMismatch, conform, load_schema, parse_type


@pytest.mark.parametrize("table", TABLES)
def test_every_schema_loads_with_descriptions_and_key(table):
    schema = load_schema(table)
    assert schema.table == table and schema.version >= 1
    assert all(c.description.strip() for c in schema.columns)
    assert set(schema.key) <= set(schema.names)
    assert all(not schema.arrow.field(k).nullable for k in schema.key)
    assert len(set(schema.names)) == len(schema.names)


def test_type_grammar():
    assert parse_type("list<struct<fix:string,count:int32>>") == pa.list_(pa.struct([("fix", pa.string()), ("count", pa.int32())]))
    assert parse_type("date32") == pa.date32()
    with pytest.raises(ConfigError, match="unknown column type"):
        parse_type("varchar")


def test_bad_schema_file_is_a_fatal_config_error(tmp_path):
    (tmp_path / "documents.v1.json").write_text(json.dumps({"table": "documents", "version": 1, "description": "x", "key": ["nope"],
                                                            "columns": [{"name": "a", "type": "string", "nullable": False, "description": "d"}]}))
    with pytest.raises(ConfigError, match="key columns"):
        load_schema("documents", directory=str(tmp_path))
    (tmp_path / "removed.v1.json").write_text("{broken")
    with pytest.raises(ConfigError, match="cannot read schema"):
        load_schema("removed", directory=str(tmp_path))


def test_conform_orders_casts_and_refuses_nulls_and_lossy_casts():
    schema = load_schema("removed")
    rows = pa.table({"rule": ["widget"], "text": ["Share"], "line_no": pa.array([3], pa.int64()), "doc_id": ["a" * 16], "stage": ["segment"]})
    out = conform(rows, schema)
    assert out.schema == schema.arrow and out.column("line_no").type == pa.int32()
    with pytest.raises(SchemaMismatch, match="not nullable"):
        conform(rows.set_column(0, "rule", pa.array([None], pa.string())), schema)
    with pytest.raises(SchemaMismatch, match="cannot cast"):
        conform(rows.set_column(2, "line_no", pa.array([2**40], pa.int64())), schema)
    with pytest.raises(SchemaMismatch, match="missing columns"):
        conform(rows.drop(["text"]), schema)


def test_date_column_is_a_date_not_a_string():
    assert load_schema("documents").arrow.field("published_date").type == pa.date32()
    rows = pa.table({"d": [dt.date(2016, 7, 14)]})
    assert rows.column("d").type == pa.date32()
