"""Cross-table checks of a tables folder: what `textmill validate TABLES` adds to the suites, and
what `release` refuses to publish.

Each table can pass its own expectation suite while the set is broken (a kill between two table
commits used to leave `documents` without `paragraphs`). Checked here:

- `exists`: every data table of the folder is a Delta table (a mistyped folder is a failure, not an
  empty dataset that passes);
- `complete_runs`: no commit of a run that died before its runs row (`recovery`): its rows
  reached some tables and not others. A run in progress (it holds the tables lock) is not a
  failure: readers see the settled versions, without it;
- `paragraph_count`: every document has as many paragraphs as its `n_paragraphs` says;
- `paragraph_documents` / `removed_documents`: every paragraph and removed line belongs to a
  document;
- `one_place`: no input is both a document and a reject (every input ends in exactly one place).

The row checks read the settled snapshot (`recovery.settled_versions`), ids only.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from textmill.errors import ConfigError
from textmill.recovery import pending_commits, settled_versions
from textmill.release_check import CheckResult
from textmill.runlock import is_locked
from textmill.schema import TABLES
from textmill.tables import read_table, table_path

N_EXAMPLES = 3  # offending ids quoted per failed check


class InconsistentTables(ConfigError):
    """The tables contradict each other: nothing is published from them."""


def check_tables(tables_dir: str | Path) -> list[CheckResult]:
    """Existence, run completeness and cross-table row checks of a tables folder."""
    results = [CheckResult(t, "exists", Path(table_path(tables_dir, t), "_delta_log").is_dir(),
                           "Delta table" if Path(table_path(tables_dir, t), "_delta_log").is_dir() else f"no Delta table at {table_path(tables_dir, t)}")
               for t in TABLES]
    results.append(_runs_check(tables_dir))
    results.extend(cross_table_checks(tables_dir, settled_versions(tables_dir, TABLES)))
    return results


def refuse_inconsistent(tables_dir: str | Path, snapshot: dict[str, int | None]) -> None:
    """Raise InconsistentTables when the snapshot's tables contradict each other."""
    failed = [r for r in cross_table_checks(tables_dir, snapshot) if not r.passed]
    if failed:
        raise InconsistentTables("refusing to publish inconsistent tables: " + "; ".join(f"{r.table} {r.check}: {r.detail}" for r in failed)
                                 + " (run `textmill validate` on the tables, fix or re-curate the inputs)")


def cross_table_checks(tables_dir: str | Path, snapshot: dict[str, int | None]) -> list[CheckResult]:
    def ids(table: str, column: str) -> pa.Array:
        return read_table(tables_dir, table, columns=[column], version=snapshot.get(table))[column].combine_chunks()

    docs = read_table(tables_dir, "documents", columns=["doc_id", "n_paragraphs"], version=snapshot.get("documents"))
    doc_ids = docs["doc_id"].combine_chunks()
    para_docs = ids("paragraphs", "doc_id")
    counts = pa.table({"doc_id": para_docs}).group_by("doc_id").aggregate([([], "count_all")])
    joined = docs.join(counts, "doc_id", join_type="left outer")
    have = pc.fill_null(joined["count_all"], 0)
    wrong = joined.filter(pc.not_equal(pc.cast(joined["n_paragraphs"], pa.int64()), have))
    results = [_result("documents", "paragraph_count", wrong["doc_id"], f"{docs.num_rows:,} documents have their n_paragraphs paragraphs",
                       "document(s) whose paragraphs do not match n_paragraphs")]
    for table in ("paragraphs", "removed"):
        owners = para_docs if table == "paragraphs" else ids("removed", "doc_id")
        orphans = pc.unique(owners.filter(pc.invert(pc.is_in(owners, value_set=doc_ids))))
        results.append(_result(table, f"{table}_documents", orphans, f"every {table} row belongs to a document", f"doc_id(s) of {table} rows that are not documents"))
    rejects = ids("rejects", "reject_id")
    both = doc_ids.filter(pc.is_in(doc_ids, value_set=rejects))
    results.append(_result("rejects", "one_place", both, "no input is both a document and a reject", "input(s) both a document and a reject"))
    return results


def _runs_check(tables_dir) -> CheckResult:
    pending = pending_commits(tables_dir)
    if not pending:
        return CheckResult("runs", "complete_runs", True, "every commit belongs to a complete run")
    runs = sorted({p.run_id for p in pending})
    where = "; ".join(f"{r}: {', '.join(sorted({p.table for p in pending if p.run_id == r}))}" for r in runs)
    if is_locked(tables_dir):
        return CheckResult("runs", "complete_runs", True, f"a run is in progress ({where}); its rows are not visible yet")
    return CheckResult("runs", "complete_runs", False, f"run(s) died before completing, their rows are in some tables only ({where}); "
                                                       "the next `textmill curate` on these tables rolls them back and redoes their inputs")


def _result(table: str, check: str, bad: pa.Array, ok: str, failed: str) -> CheckResult:
    if len(bad) == 0:
        return CheckResult(table, check, True, ok)
    examples = ", ".join(str(v) for v in bad[:N_EXAMPLES].to_pylist())
    return CheckResult(table, check, False, f"{len(bad):,} {failed}, e.g. {examples}")
