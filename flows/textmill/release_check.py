"""Validate a published release folder: what `textmill validate RELEASE_DIR` checks.

A downloaded release is checked on its own, without the Delta tables that produced it:

1. every file listed in `manifest.json` exists and has the sha256 and row count the manifest says
   (catches corruption in transit and edits that did not update the manifest);
2. every table file fits its schema in `schemas/` at the schema version the manifest names:
   column names, logical types, nullability (`validate.check_schema`), and its key is unique;
3. the expectation suites in `expectations/` pass on the file's content.

(2) and (3) catch content broken *behind an honest checksum*: a file rewritten and re-hashed into
the manifest, with mojibake in the text, a null text, a dropped column or a duplicate key.
The files are read as written (no cast to the schema), so a wrong type is seen as it is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from textmill.errors import ConfigError
from textmill.schema import TABLES, load_schema

CHECKS = ("checksum", "rows", "schema", "key", "expectations")


@dataclass(frozen=True)
class CheckResult:
    table: str
    check: str  # one of CHECKS
    passed: bool
    detail: str


def is_release_folder(path: str | Path) -> bool:
    return (Path(path) / "manifest.json").is_file()


def check_release(folder: str | Path) -> list[CheckResult]:
    """All checks of a release folder, in table then CHECKS order (ConfigError if it is no release)."""
    from textmill.release import file_sha256
    from textmill.validate import check_schema, validate_table

    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        files = {f["table"]: f for f in manifest["files"]}
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ConfigError(f"{folder} has no readable manifest.json with a 'files' list: is it a release folder? ({exc})") from exc
    results: list[CheckResult] = []
    for table in TABLES:
        entry = files.get(table)
        if entry is None:
            results.append(CheckResult(table, "checksum", False, "not listed in manifest.json"))
            continue
        path = folder / entry["path"]
        if not path.is_file():
            results.append(CheckResult(table, "checksum", False, f"{entry['path']} is missing"))
            continue
        actual = file_sha256(path)
        results.append(CheckResult(table, "checksum", actual == entry["sha256"],
                                   "sha256 matches manifest" if actual == entry["sha256"] else f"sha256 {actual[:16]}… != manifest {entry['sha256'][:16]}…"))
        try:
            data = pq.read_table(path)
        except (pa.ArrowException, OSError) as exc:
            results.append(CheckResult(table, "schema", False, f"unreadable Parquet: {exc}"))
            continue
        results.append(CheckResult(table, "rows", data.num_rows == entry["rows"], f"{data.num_rows:,} rows (manifest: {entry['rows']:,})"))
        errors = check_schema(table, data, entry.get("schema_version"))
        results.append(CheckResult(table, "schema", not errors, "; ".join(errors) or f"fits schemas/{table}.v{entry.get('schema_version', '?')}"))
        results.append(_key_check(table, data))
        report = validate_table(table, data)
        failed = [o for o in report.outcomes if not o.success]
        detail = (f"{len(report.outcomes) - len(failed)}/{len(report.outcomes)} expectations passed"
                  + "".join(f"; {o.expectation}({o.column or ''}): {o.error or f'{o.unexpected_count} unexpected'}" for o in failed))
        results.append(CheckResult(table, "expectations", not failed, detail))
    return results


def _key_check(table: str, data: pa.Table) -> CheckResult:
    key = list(load_schema(table).key)
    missing = [k for k in key if k not in data.column_names]
    if missing:
        return CheckResult(table, "key", False, f"key column(s) {missing} missing")
    if data.num_rows == 0:
        return CheckResult(table, "key", True, f"({', '.join(key)}) unique")
    counts = data.select(key).group_by(key).aggregate([([], "count_all")])
    dups = counts.filter(pc.greater(counts["count_all"], 1))
    if dups.num_rows:
        example = {k: dups[k][0].as_py() for k in key}
        return CheckResult(table, "key", False, f"{dups.num_rows:,} duplicate key value(s), e.g. {example}")
    return CheckResult(table, "key", True, f"({', '.join(key)}) unique")


def render_results(results: list[CheckResult]) -> str:
    """A fixed-width text table: one line per check, failures marked."""
    widths = [max(len(r.table) for r in results) if results else 5, max([len(c) for c in CHECKS] + [len(r.check) for r in results]), 6]
    head = f"{'table':<{widths[0]}}  {'check':<{widths[1]}}  {'result':<{widths[2]}}  detail"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(f"{r.table:<{widths[0]}}  {r.check:<{widths[1]}}  {'ok' if r.passed else 'FAILED':<{widths[2]}}  {r.detail}")
    n_failed = sum(not r.passed for r in results)
    lines.append("")
    lines.append("all checks passed" if not n_failed else f"{n_failed} of {len(results)} checks FAILED")
    return "\n".join(lines)


def results_json(results: list[CheckResult]) -> list[dict]:
    return [asdict(r) for r in results]
