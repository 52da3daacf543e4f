"""The runs log and the run summary: counts, accounting check, the row that completes a run.

Appending a run's row to `runs` is the commit point of the run (see `recovery`): it is written
last, after every table commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from typing import Sequence

from textmill.config import PIPELINE_VERSION
from textmill.errors import AccountingError
from textmill.schema import load_schema
from textmill.staging import ShardSummary
from textmill.tables import append_rows, rows_to_table


def record_run(tables_dir: str, run_id: str, started_at: dt.datetime, inputs: Sequence[str], files: Sequence,
               fingerprint: str, summary: dict) -> int:
    """Append the run's row to the runs log (also for runs that changed nothing)."""
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.key):
        digest.update(f"{f.key}\t{f.size}\n".encode())
    row = {
        "run_id": run_id, "started_at": started_at, "finished_at": dt.datetime.now(dt.timezone.utc),
        "pipeline_version": PIPELINE_VERSION, "pipeline_fingerprint": fingerprint, "inputs": list(inputs),
        "input_fingerprint": digest.hexdigest(), "n_inputs": summary["inputs"], "n_documents_written": summary["documents"],
        "n_unchanged": summary["unchanged"], "n_rejects_written": summary["rejects"],
        "n_paragraphs_written": summary["paragraphs"], "n_removed_written": summary["removed_lines"],
        "summary_json": json.dumps(summary, sort_keys=True, default=str),
    }
    return append_rows(tables_dir, "runs", rows_to_table([row], load_schema("runs")), {"textmill.run_id": run_id})


def accounting(summaries: Sequence[ShardSummary]) -> dict[str, int]:
    """Inputs seen against where they went, for the run: every input is a document written, a
    reject written or skipped as unchanged. Raises AccountingError on a mismatch, before anything
    is committed (an input lost or counted twice is a bug, never a success)."""
    counts = {"inputs_seen": sum(s.n_inputs for s in summaries),
              "documents_written": sum(len(s.processed_ids) for s in summaries),
              "rejects_written": sum(len(s.rejected_ids) for s in summaries),
              "unchanged_skipped": sum(len(s.unchanged_ids) for s in summaries)}
    accounted = counts["documents_written"] + counts["rejects_written"] + counts["unchanged_skipped"]
    if accounted != counts["inputs_seen"]:
        raise AccountingError(f"{counts['inputs_seen']} input(s) seen but {accounted} accounted for "
                              f"({counts['documents_written']} documents + {counts['rejects_written']} rejects + "
                              f"{counts['unchanged_skipped']} unchanged): nothing was committed")
    return counts


def run_summary(summaries: Sequence[ShardSummary], committed: dict, versions: dict) -> dict:
    removed, rejects, repairs = Counter(), Counter(), Counter()
    rows = Counter()
    validation: dict[str, dict] = {}
    for s in summaries:
        removed.update(s.removed_by_rule)
        rejects.update(s.rejects_by_reason)
        repairs.update(s.repairs_by_fix)
        rows.update(s.rows)
        for table, v in s.validation.items():
            agg = validation.setdefault(table, {"rows": 0, "failed_expectations": set()})
            agg["rows"] += v.get("rows", 0)
            agg["failed_expectations"].update(v.get("failed_expectations", []))
    return {
        "inputs": sum(s.n_inputs for s in summaries),
        "bytes": sum(s.n_bytes for s in summaries),
        "shards": len(summaries),
        "documents": rows["documents"],
        "paragraphs": rows["paragraphs"],
        "removed_lines": rows["removed"],
        "rejects": rows["rejects"],
        "unchanged": sum(len(s.unchanged_ids) for s in summaries),
        "removed_by_rule": dict(sorted(removed.items())),
        "rejects_by_reason": dict(sorted(rejects.items())),
        "repairs_by_fix": dict(sorted(repairs.items())),
        "validation": {t: {"rows": v["rows"], "failed_expectations": sorted(v["failed_expectations"])} for t, v in sorted(validation.items())},
        "accounting": accounting(summaries),
        "committed_versions": committed,
        "table_versions": versions,
    }


def summary_markdown(summary: dict) -> str:
    lines = [
        "# textmill curate run",
        "",
        f"- inputs seen: {summary['inputs']} ({summary['bytes']:,} bytes in {summary['shards']} shard(s))",
        f"- new or changed documents: {summary['documents']}, paragraphs: {summary['paragraphs']}",
        f"- unchanged (skipped): {summary['unchanged']}",
        f"- rejects: {summary['rejects']}",
        f"- removed lines: {summary['removed_lines']}",
        f"- skipped while discovering: {len(summary.get('skipped_files', []))} (see below)",
        "",
        "| removed by rule | lines |",
        "| --- | ---: |",
        *[f"| {k} | {v} |" for k, v in summary["removed_by_rule"].items()],
        "",
        "| rejects by reason | inputs |",
        "| --- | ---: |",
        *[f"| {k} | {v} |" for k, v in summary["rejects_by_reason"].items()],
        "",
        "| skipped path | reason |",
        "| --- | --- |",
        *[f"| {s['path']} | {s['reason']} |" for s in summary.get("skipped_files", [])],
    ]
    return "\n".join(lines) + "\n"
