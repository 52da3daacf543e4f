"""Validation of table batches: Arrow schema checks plus Great Expectations suites.

Two layers, because they catch different things:

- `check_schema` compares an Arrow table with `schemas/<table>.v*.json` (column names, logical
  types, nulls in non-nullable columns). It is exact and cheap, and it is the only place that sees
  the real Arrow types: GE validates a pandas view in which a nullable int32 column with nulls
  becomes float64 and strings have pandas 3's `str` dtype (which GE 1.24's type expectations do
  not recognise).
- `validate_table` runs the suite stored in `expectations/<table>.json` (GE 1.x JSON, the format
  `ExpectationSuite.to_json_dict()` produces) on that pandas view, with a result format that
  returns the indices of unexpected rows, so the pipeline can quarantine exactly those rows (as
  rejects with reason `invalid_row`) instead of failing the whole run or hiding the problem.

Row indices are 0-based positions in the Arrow table that was passed in.

False-positive trade-offs: uniqueness failures flag *every* row of a duplicate group (GE cannot
know which one is right), so quarantining them drops all copies; a human decides. Column-map
expectations skip nulls, so nullability is enforced from the schema (`schema_not_nullable`
outcomes below), not by the suites, except for the keys.

Great Expectations is imported lazily (~3.5 s) and one ephemeral context (in memory: no files, no
network, analytics off) is created per process and reused. Uniqueness is checked per call: when the
pipeline validates shard by shard, duplicates across shards are only caught by the whole-table
validation at release time.

GE 1.24 API used: `ExpectationConfiguration(**item).to_domain_obj()` per suite entry, then
`ExpectationSuite(name=..., expectations=..., meta=...)`; `gx.get_context(mode="ephemeral")`;
`context.data_sources.get/add_pandas` -> `add_dataframe_asset` ->
`add_batch_definition_whole_dataframe` -> `get_batch(batch_parameters={"dataframe": df})` ->
`batch.validate(suite, result_format={"result_format": "COMPLETE", ...})`, reading
`result["unexpected_index_list"]`. A fixed cost of ~0.1-0.3 s per call is GE building its metric
graph in Python, so validate shards of thousands of rows, not single documents.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from textmill.errors import ConfigError
from textmill.schema import load_schema, project_folder

# Outcome name for rows holding nulls in a column that schemas/ declares non-nullable.
SCHEMA_NOT_NULLABLE = "schema_not_nullable"
# How many offending values an outcome keeps as examples (reports stay small and readable).
N_EXAMPLES = 5
_DATASOURCE = "textmill"
# GE's result format: COMPLETE is the level that returns the full unexpected_index_list; the
# index query string is switched off (for pandas it would spell out every failing index again).
_RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "partial_unexpected_count": N_EXAMPLES,
    "return_unexpected_index_query": False,
    "include_unexpected_rows": False,
}
# Keys GE adds to expectation kwargs during validation; ignored when matching results to the suite.
_RUNTIME_KWARGS = {"batch_id"}
_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")

_lock = threading.Lock()  # GE's context and fluent data sources are not documented as thread-safe
_context: Any = None


def expectations_dir() -> Path:
    """The project's `expectations/` folder (found like `schemas/`)."""
    return project_folder("expectations")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result on one table batch."""

    expectation: str  # GE expectation type, or `schema_not_nullable`
    column: str | None  # column, or "a,b" for pair/compound expectations; None for table-level
    success: bool
    unexpected_count: int
    unexpected_examples: tuple  # up to N_EXAMPLES offending values (JSON-able)
    row_indices: tuple[int, ...]  # all offending rows (row-level expectations only)
    error: str | None = None  # set when the expectation could not be evaluated (e.g. missing column)

    def to_dict(self) -> dict:
        return {
            "expectation": self.expectation,
            "column": self.column,
            "success": self.success,
            "unexpected_count": self.unexpected_count,
            "unexpected_examples": list(self.unexpected_examples),
            "n_rows_flagged": len(self.row_indices),
            "first_rows": list(self.row_indices[:20]),
            "error": self.error,
        }


@dataclass(frozen=True)
class TableReport:
    """Validation result of one table batch: schema errors plus expectation outcomes."""

    table: str
    n_rows: int
    success: bool
    outcomes: tuple[ExpectationOutcome, ...]
    schema_errors: tuple[str, ...]

    def failed_rows(self) -> set[int]:
        """Row indices that violate a row-level expectation (or hold nulls against the schema)."""
        rows: set[int] = set()
        for outcome in self.outcomes:
            if not outcome.success:
                rows.update(outcome.row_indices)
        return rows

    def to_dict(self) -> dict:
        """JSON-able and deterministic (suite order, sorted rows): for release validation reports."""
        return {
            "table": self.table,
            "n_rows": self.n_rows,
            "success": self.success,
            "n_failed_rows": len(self.failed_rows()),
            "schema_errors": list(self.schema_errors),
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


def load_suite(table: str, directory: str | Path | None = None):
    """Load `expectations/<table>.json` into a GE `ExpectationSuite` (ConfigError if missing/invalid).

    Also checks that every column the suite names exists in the table's schema, so a renamed column
    fails at load time with a clear message rather than as a GE exception deep in a run.
    """
    folder = Path(directory) if directory else expectations_dir()
    path = folder / f"{table}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read expectation suite {path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("expectations"), list):
        raise ConfigError(f"expectation suite {path} must be a JSON object with an 'expectations' list")
    _import_gx()
    from great_expectations.core import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    # Build each expectation ourselves: ExpectationSuite(**raw) logs and *drops* an invalid
    # expectation (unknown type, bad kwargs), which would silently remove a check.
    expectations = []
    for i, item in enumerate(raw["expectations"]):
        try:
            expectations.append(ExpectationConfiguration(**item).to_domain_obj())
        except Exception as exc:  # GE raises pydantic, TypeError and its own errors here
            detail = " ".join(str(exc).split())[:400] or type(exc).__name__  # pydantic errors span lines
            kind = item.get("type") if isinstance(item, dict) else None
            raise ConfigError(f"expectation suite {path}: expectation #{i} ({kind}) is invalid: {detail}") from exc
    try:
        rest = {k: raw[k] for k in ("name", "meta", "notes", "id", "suite_parameters") if k in raw}
        suite = ExpectationSuite(expectations=expectations, **rest)
    except Exception as exc:  # pydantic / marshmallow errors for a malformed suite header
        raise ConfigError(f"expectation suite {path} is invalid: {exc}") from exc
    if suite.name != table:
        raise ConfigError(f"expectation suite {path} is named {suite.name!r}; expected {table!r}")
    known = set(load_schema(table).names)
    for exp in suite.expectations:
        unknown = sorted(set(_columns(exp.configuration.kwargs)) - known)
        if unknown:
            raise ConfigError(f"expectation suite {path}: {exp.expectation_type} names columns {unknown} that are not in schemas/{table}")
    return suite


def check_schema(table_name: str, data: pa.Table, version: int | None = None) -> tuple[str, ...]:
    """Column names, logical types and nulls of `data` against schemas/ (empty tuple = fits);
    `version` = a schema version (a release's manifest names it), else the latest.

    Types are compared logically: string, large_string and string_view are equal (Delta reads after
    MERGE return string_view), as are the list variants. Extra columns are reported because
    `schema.conform` would drop them silently.
    """
    schema = load_schema(table_name, version)
    errors = []
    present = set(data.column_names)
    for col in schema.columns:
        if col.name not in present:
            errors.append(f"missing column {col.name!r} ({col.type})")
    for name in data.column_names:
        if name not in schema.names:
            errors.append(f"unexpected column {name!r} (not in schemas/{table_name}.v{schema.version}.json)")
    for field in schema.arrow:
        if field.name not in present:
            continue
        actual = data.schema.field(field.name).type
        if _logical(actual) != _logical(field.type):
            errors.append(f"column {field.name!r} has type {actual}, schema says {field.type}")
        nulls = data.column(field.name).null_count
        if not field.nullable and nulls:
            errors.append(f"column {field.name!r} is not nullable but has {nulls} null(s)")
    return tuple(errors)


def validate_table(table_name: str, data: pa.Table, directory: str | Path | None = None, engine: str = "gx") -> TableReport:
    """Check `data` against schemas/ and run the GE suite for `table_name` on it.

    ``engine="arrow"`` evaluates the suite with :mod:`textmill.rowchecks` (same outcomes, no GX
    import: the shard tasks' choice); a suite with a check it does not know runs on GX anyway."""
    schema_errors = check_schema(table_name, data)
    outcomes = list(_null_outcomes(table_name, data))
    arrow_suite = _arrow_suite(table_name, directory) if engine == "arrow" else None
    if arrow_suite is not None:
        outcomes.extend(_run_arrow_suite(arrow_suite, data))
    else:
        outcomes.extend(_run_suite(table_name, load_suite(table_name, directory), data))
    success = not schema_errors and all(o.success for o in outcomes)
    return TableReport(table_name, data.num_rows, success, tuple(outcomes), schema_errors)


def _arrow_suite(table: str, directory: str | Path | None):
    """The suite as (type, kwargs) pairs when rowchecks can run all of it, else None (GX runs it)."""
    from textmill import rowchecks

    path = (Path(directory) if directory else expectations_dir()) / f"{table}.json"
    expectations = rowchecks.suite_expectations(str(path))
    if not rowchecks.supports(expectations):
        return None
    known = set(load_schema(table).names)
    for kind, kwargs in expectations:
        unknown = sorted(set(_columns(json.loads(kwargs))) - known)
        if unknown:
            raise ConfigError(f"expectation suite {path}: {kind} names columns {unknown} that are not in schemas/{table}")
    return expectations


def _run_arrow_suite(expectations, data: pa.Table) -> list[ExpectationOutcome]:
    from textmill import rowchecks

    outcomes = []
    for kind, raw in expectations:
        kwargs = json.loads(raw)
        label = _column_label(kwargs)
        missing = [c for c in _columns(kwargs) if c not in data.column_names]
        if missing:  # reported, not raised (as GX reports a missing column)
            outcomes.append(ExpectationOutcome(kind, label, False, 0, (), (), f'Error: The column "{missing[0]}" in BatchData does not exist.'))
            continue
        success, count, examples, rows = rowchecks.evaluate(kind, kwargs, data)
        outcomes.append(ExpectationOutcome(kind, label, success, count, tuple(_jsonable(v) for v in examples), rows))
    return outcomes


def render_report_markdown(reports: Sequence[TableReport]) -> str:
    """A short human-readable report: one section per table, failures only."""
    lines = ["# Validation report", ""]
    for r in reports:
        passed = sum(o.success for o in r.outcomes)
        status = "passed" if r.success else "FAILED"
        lines.append(f"## {r.table}: {status}")
        lines.append("")
        lines.append(f"{r.n_rows} rows; {passed}/{len(r.outcomes)} checks passed; {len(r.failed_rows())} rows flagged.")
        for err in r.schema_errors:
            lines.append(f"- schema: {err}")
        failed = [o for o in r.outcomes if not o.success]
        if failed:
            lines += ["", "| expectation | column | unexpected | examples |", "|---|---|---|---|"]
            for o in failed:
                detail = f"error: {o.error}" if o.error else ", ".join(_short(v) for v in o.unexpected_examples)
                lines.append(f"| {o.expectation} | {o.column or ''} | {o.unexpected_count} | {detail} |")
        lines.append("")
    return "\n".join(lines)


# --- internals -------------------------------------------------------------------------------


def _import_gx():
    """Import great_expectations with analytics off and its progress bars/log chatter silenced."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"  # read at import/context creation: we run offline
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations

    return great_expectations


def _datasource():
    """The cached ephemeral context's pandas data source (get-or-create: add_pandas raises if it exists)."""
    global _context
    if _context is None:
        gx = _import_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        # tqdm bars on every validation would drown the CLI and Prefect logs
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        _context = context
    try:
        return _context.data_sources.get(_DATASOURCE)
    except KeyError:
        return _context.data_sources.add_pandas(_DATASOURCE)


def _batch_definition(table: str):
    source = _datasource()
    try:
        asset = source.get_asset(table)
    except LookupError:
        asset = source.add_dataframe_asset(table)
    try:
        return asset.get_batch_definition(table)
    except (KeyError, LookupError):
        return asset.add_batch_definition_whole_dataframe(table)


def _run_suite(table: str, suite, data: pa.Table) -> list[ExpectationOutcome]:
    # Only the columns the suite reads go to pandas: list/struct columns (authors, repairs) are
    # costly to convert and no expectation reads them. A missing column surfaces as a GE error.
    wanted = {c for exp in suite.expectations for c in _columns(exp.configuration.kwargs)}
    frame = data.select([c for c in data.column_names if c in wanted]).to_pandas()
    frame = frame.reset_index(drop=True)  # index labels = row positions in `data`
    with _lock:
        batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format=_RESULT_FORMAT)
    by_key = {_config_key(r.expectation_config.type, r.expectation_config.kwargs): r for r in result.results}
    outcomes = []
    for exp in suite.expectations:  # report in suite order: GE returns results in its own order
        cfg = exp.configuration
        res = by_key.get(_config_key(cfg.type, cfg.kwargs))
        if res is None:
            outcomes.append(ExpectationOutcome(cfg.type, _column_label(cfg.kwargs), False, 0, (), (), "no result returned"))
        else:
            outcomes.append(_outcome(cfg.type, cfg.kwargs, res))
    return outcomes


def _outcome(kind: str, kwargs: dict, res) -> ExpectationOutcome:
    r = res.result or {}
    rows = tuple(sorted(int(i) for i in r.get("unexpected_index_list") or ()))
    examples = tuple(_jsonable(v) for v in (r.get("partial_unexpected_list") or ())[:N_EXAMPLES])
    if not examples and not res.success and "observed_value" in r:
        examples = (_jsonable(r["observed_value"]),)  # table-level expectations: what was seen
    count = int(r.get("unexpected_count") or len(rows))
    return ExpectationOutcome(kind, _column_label(kwargs), bool(res.success), count, examples, rows, _error(res))


def _null_outcomes(table: str, data: pa.Table):
    """Rows with nulls in non-nullable columns, found on the Arrow table (GE skips nulls in most checks)."""
    for field in load_schema(table).arrow:
        if field.nullable or field.name not in data.column_names:
            continue
        col = data.column(field.name)
        if col.null_count:
            rows = pc.indices_nonzero(pc.is_null(col)).to_pylist()
            yield ExpectationOutcome(SCHEMA_NOT_NULLABLE, field.name, False, len(rows), (None,), tuple(rows))


def _error(res) -> str | None:
    info = res.exception_info or {}
    candidates = [info] + [v for v in info.values() if isinstance(v, dict)]
    for item in candidates:
        if item.get("raised_exception"):
            return str(item.get("exception_message") or "expectation raised an exception").splitlines()[0][:300]
    return None


def _columns(kwargs: dict) -> list[str]:
    cols = []
    for key in _COLUMN_KWARGS:
        value = kwargs.get(key)
        if isinstance(value, str):
            cols.append(value)
        elif isinstance(value, (list, tuple)):
            cols.extend(value)
    return cols


def _column_label(kwargs: dict) -> str | None:
    cols = _columns(kwargs)
    return ",".join(cols) if cols else None


def _config_key(kind: str, kwargs: dict) -> tuple[str, str]:
    clean = {k: v for k, v in kwargs.items() if k not in _RUNTIME_KWARGS}
    return kind, json.dumps(clean, sort_keys=True, default=str)


def _jsonable(value: Any) -> Any:
    """Numpy scalars, dates, tuples and NaN -> plain JSON values (reports must serialise)."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            value = str(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _short(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("|", "\\|")  # keep markdown table cells intact
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _logical(t: pa.DataType) -> pa.DataType:
    """Collapse physical variants (large/view strings and lists) to one logical type."""
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.string()
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t):
        return pa.binary()
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_list_view(t) or pa.types.is_large_list_view(t):
        return pa.list_(_logical(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(t.field(i).name, _logical(t.field(i).type)) for i in range(t.num_fields)])
    return t
