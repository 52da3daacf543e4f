"""The expectation suites of `expectations/`, evaluated on Arrow columns without Great Expectations.

Why a second evaluator: the shard tasks validate every shard before staging it, and GX costs
~4 s to import in every worker process plus 0.1-0.3 s of metric-graph building per call, more
than the checks themselves (a 6 MB shard spent 6.7 of its 23.6 CPU-seconds there). The suites stay
GX files, and GX stays the engine of `textmill validate` and of release validation (whole tables);
here the same expectations are computed column-wise with `pyarrow.compute` and give the same
:class:`textmill.validate.ExpectationOutcome` values (rows, counts, examples) as GX on pandas:
`tests/unit/test_validate.py` runs every labelled violation case through both and compares the
reports. A suite with an expectation type not listed in :data:`CHECKS` is run by GX instead
(`supports` says so), so adding a new kind of check to a suite never silently skips it.

GX semantics kept here: column-map expectations skip nulls (NaN counts as null in a float
column); uniqueness flags every member of a duplicate group; regular expressions are Python's
`re.search` (what GX's pandas engine runs; RE2 in Arrow differs on `\\s`, `\\w` and `$`), computed
once per distinct value; pair expectations skip rows per `ignore_row_if` (default: both missing);
compound uniqueness skips rows whose columns are all missing; the type check reads the dtype of
the pandas view that GX would see.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from textmill.errors import ConfigError

N_EXAMPLES = 5  # = textmill.validate.N_EXAMPLES (GX's partial_unexpected_count there)


@lru_cache(maxsize=16)
def suite_expectations(path: str) -> tuple[tuple[str, str], ...]:
    """(type, kwargs as JSON) of every expectation in a suite file, in file order (cached per path)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read expectation suite {path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("expectations"), list):
        raise ConfigError(f"expectation suite {path} must be a JSON object with an 'expectations' list")
    return tuple((str(e.get("type")), json.dumps(e.get("kwargs") or {}, sort_keys=True)) for e in raw["expectations"])


def supports(expectations) -> bool:
    """True when every expectation type is one this module evaluates (and none is `mostly`-relaxed)."""
    return all(kind in CHECKS and "mostly" not in json.loads(kwargs) for kind, kwargs in expectations)


def evaluate(kind: str, kwargs: dict, data: pa.Table):
    """(success, unexpected_count, examples, row_indices) of one expectation on `data`."""
    return CHECKS[kind](data, **{k: v for k, v in kwargs.items() if k not in _IGNORED_KWARGS})


# --- column-map expectations: a boolean "unexpected" mask over the non-null rows ------------


def _map_result(values: pa.ChunkedArray, unexpected: np.ndarray, example=None):
    rows = np.flatnonzero(unexpected)
    if example is None:
        examples = tuple(_as_pandas(values).take(pa.array(rows[:N_EXAMPLES])).to_pylist()) if len(rows) else ()
    else:
        examples = tuple(example(int(i)) for i in rows[:N_EXAMPLES])
    return not len(rows), len(rows), examples, tuple(int(i) for i in rows)


def _as_pandas(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """The values as GX's pandas view holds them: an integer column with nulls becomes float64."""
    return col.cast(pa.float64()) if pa.types.is_integer(col.type) and col.null_count else col


def _not_null(col: pa.ChunkedArray) -> np.ndarray:
    nulls = pc.is_null(col, nan_is_null=True)
    return ~np.asarray(nulls.to_numpy(zero_copy_only=False), dtype=bool)


def _mask(array) -> np.ndarray:
    """A boolean Arrow result as numpy, nulls as False."""
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _values_not_null(data, column):
    col = data.column(column)
    return _map_result(col, ~_not_null(col))


def _values_unique(data, column):
    col = data.column(column)
    present = _not_null(col)
    return _map_result(col, present & _duplicated([col], present))


def _duplicated(columns, present: np.ndarray) -> np.ndarray:
    """Rows whose values (across `columns`) occur more than once among the `present` rows; a null
    equals a null (as in pandas' `duplicated`, which GX runs)."""
    codes = np.stack([_codes(c) for c in columns], axis=1)[present]
    out = np.zeros(len(present), dtype=bool)
    if len(codes):
        _, inverse, counts = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
        out[np.flatnonzero(present)] = counts[inverse.reshape(-1)] > 1
    return out


def _codes(col: pa.ChunkedArray) -> np.ndarray:
    """One integer per row, equal for equal values; nulls get their own code."""
    encoded = pc.dictionary_encode(col).combine_chunks()
    return pc.fill_null(encoded.indices.cast(pa.int64()), len(encoded.dictionary)).to_numpy()


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _regex_mask(col: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """re.search per distinct value (dictionary-encoded: ids and hashes repeat rarely, languages and
    rules often), broadcast back to the rows; nulls give False."""
    search = _regex(pattern).search
    encoded = pc.dictionary_encode(col.cast(pa.string()) if not pa.types.is_string(col.type) else col).combine_chunks()
    hits = np.fromiter((search(v) is not None for v in encoded.dictionary.to_pylist()), dtype=bool,
                       count=len(encoded.dictionary))
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(encoded.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    out = np.zeros(len(encoded), dtype=bool)
    out[valid] = hits[indices[valid].astype(np.int64)]
    return out


def _values_match_regex(data, column, regex):
    col = data.column(column)
    return _map_result(col, _not_null(col) & ~_regex_mask(col, regex))


def _values_not_match_regex(data, column, regex):
    col = data.column(column)
    return _map_result(col, _not_null(col) & _regex_mask(col, regex))


def _values_in_set(data, column, value_set):
    col = data.column(column)
    inside = _mask(pc.is_in(col, value_set=pa.array(value_set, col.type)))
    return _map_result(col, _not_null(col) & ~inside)


def _values_between(data, column, min_value=None, max_value=None, strict_min=False, strict_max=False):
    if min_value is None and max_value is None:
        raise ConfigError(f"expect_column_values_to_be_between on {column!r}: min_value and max_value cannot both be None")
    col = data.column(column)
    bad = np.zeros(len(col), dtype=bool)
    for bound, strict, ok in ((min_value, strict_min, (pc.greater, pc.greater_equal)),
                              (max_value, strict_max, (pc.less, pc.less_equal))):
        if bound is not None:
            bad |= ~_mask(ok[0 if strict else 1](col, _scalar(bound, col.type)))
    return _map_result(col, _not_null(col) & bad, _date_iso(col) if pa.types.is_temporal(col.type) else None)


def _scalar(bound, arrow_type: pa.DataType) -> pa.Scalar:
    if pa.types.is_date(arrow_type) and isinstance(bound, str):
        return pa.scalar(dt.date.fromisoformat(bound[:10]), arrow_type)
    if pa.types.is_integer(arrow_type) and isinstance(bound, float) and not bound.is_integer():
        return pa.scalar(bound, pa.float64())
    return pa.scalar(bound).cast(pa.float64() if pa.types.is_floating(arrow_type) else arrow_type)


def _date_iso(col):
    return lambda i: col[i].as_py().isoformat()


def _pair_a_greater_than_b(data, column_A, column_B, or_equal=False, ignore_row_if="both_values_are_missing"):
    a, b = data.column(column_A), data.column(column_B)
    a_present, b_present = _not_null(a), _not_null(b)
    considered = (a_present & b_present) if ignore_row_if == "either_value_is_missing" else (a_present | b_present)
    ok = _mask((pc.greater_equal if or_equal else pc.greater)(a, b))
    va, vb = _as_pandas(a), _as_pandas(b)
    return _map_result(a, considered & ~ok, lambda i: [va[i].as_py(), vb[i].as_py()])


def _compound_unique(data, column_list, ignore_row_if="all_values_are_missing"):
    cols = [data.column(c) for c in column_list]
    present = np.zeros(data.num_rows, dtype=bool)
    for c in cols:
        present |= _not_null(c)
    if ignore_row_if == "any_value_is_missing":
        present = np.logical_and.reduce([_not_null(c) for c in cols])
    bad = present & _duplicated(cols, present)
    views = [_as_pandas(c) for c in cols]
    return _map_result(cols[0], bad, lambda i: {name: c[i].as_py() for name, c in zip(column_list, views)})


def _values_in_type_list(data, column, type_list):
    dtype = str(data.column(column).slice(0, 0).to_pandas().dtype) if not data.column(column).null_count \
        else str(data.column(column).to_pandas().dtype)
    success = dtype in type_list
    return success, 0, () if success else (dtype,), ()


# Keys that do not change a result: GX's own bookkeeping, and result-format options
_IGNORED_KWARGS = {"batch_id", "result_format", "catch_exceptions", "meta"}

CHECKS = {
    "expect_column_values_to_not_be_null": _values_not_null,
    "expect_column_values_to_be_unique": _values_unique,
    "expect_column_values_to_match_regex": _values_match_regex,
    "expect_column_values_to_not_match_regex": _values_not_match_regex,
    "expect_column_values_to_be_in_set": _values_in_set,
    "expect_column_values_to_be_between": _values_between,
    "expect_column_pair_values_a_to_be_greater_than_b": _pair_a_greater_than_b,
    "expect_compound_columns_to_be_unique": _compound_unique,
    "expect_column_values_to_be_in_type_list": _values_in_type_list,
}
