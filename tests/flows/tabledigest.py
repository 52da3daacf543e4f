"""Test-only: what two tables folders are compared by (content, not files)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from textmill.schema import INTERNAL_TABLES, TABLES
from textmill.tables import read_table, sorted_by_key


def digests(tables: Path) -> dict[str, str]:
    """sha256 of every table's rows in key order (content, not files)."""
    out = {}
    for table in TABLES + INTERNAL_TABLES:
        rows = sorted_by_key(read_table(tables, table), table).to_pylist()
        out[table] = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
    return out
