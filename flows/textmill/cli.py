"""`textmill` command line: curate, release, validate, stats.

Exit codes (README "Exit codes"): 0 success; 1 a failed run (one last line says why, after the
traceback) or failed validation; 2 a fatal usage or configuration problem (bad arguments, config,
schema files, a refused release: one line saying what to do). A per-record problem never stops a
run (it is a row in the rejects table).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from pathlib import Path

from textmill.errors import ConfigError

DEFAULT_TABLES = "data/tables"
DEFAULT_RELEASES = "data/releases"
EXIT_OK, EXIT_FAILED, EXIT_FATAL = 0, 1, 2  # argparse exits 2 on usage errors itself


def _prefect_env() -> None:
    # Offline, quiet defaults for the ephemeral Prefect server; a user's own settings win.
    os.environ.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@contextlib.contextmanager
def prefect_api(wait: bool = True, announce: bool = True):
    """Use the configured Prefect API, or start ONE temporary server for this command.

    Without an API URL, Prefect starts an ephemeral server per process, and every process-pool
    worker would start its own (seconds each). With the URL set, the workers report to ours.
    Yields a function that returns once the API answers: with ``wait=False`` the caller does
    other start-up work (importing the flows, ~1-4 s) while the server boots (~3-10 s) and calls
    it before the first flow run; with ``wait=True`` it has been called already. When no API
    URL can be configured anywhere, the server is started before Prefect is even imported.
    """
    from textmill.prefect_server import TemporaryServer, api_url_may_be_configured

    server = None if api_url_may_be_configured() else TemporaryServer()
    try:
        with _api_url_for_every_thread(server):  # before Prefect's import when the server is ours
            from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

            if server is None:
                if get_current_settings().api.url:
                    yield lambda: None
                    return
                server = TemporaryServer()
            timeout = int(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))

            def ready() -> None:
                if announce and not server.is_ready:  # as Prefect's own server says (a second such line would be a worker's own)
                    print(f"textmill: using a temporary Prefect server on {server.api_url}", file=sys.stderr, flush=True)
                server.wait_ready(timeout)

            with _api_url_for_every_thread(server), temporary_settings(updates={PREFECT_API_URL: server.api_url}):
                if wait:
                    ready()
                try:
                    yield ready
                finally:
                    if server.is_ready:
                        _drain_prefect_workers()
    finally:
        if server is not None:
            server.stop()


@contextlib.contextmanager
def _api_url_for_every_thread(server):
    """The temporary server's URL as PREFECT_API_URL in the environment (and in Prefect's global
    settings when Prefect is imported already) while the command runs. `temporary_settings` sets
    it for the current thread's context only: the process-pool runner's message-forwarding
    thread did not see it and started a second temporary server of its own (~12 CPU-s and
    ~200 MB on a 10 MB run), and the workers' logs and events went there."""
    if server is None or os.environ.get("PREFECT_API_URL") == server.api_url:
        yield
        return
    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    _refresh_prefect_settings()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before
        _refresh_prefect_settings()


def _refresh_prefect_settings() -> None:
    if "prefect.context" in sys.modules:  # not imported yet: Prefect reads the environment on import
        sys.modules["prefect.context"].refresh_global_settings_context()


def _drain_prefect_workers() -> None:
    """Send queued logs and events while the server is still up (else each retries for a minute)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=10)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textmill", description="Raw scraped news text -> curated, versioned paragraph dataset.")
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("curate", help="process raw .txt/.html/.jsonl inputs into the Delta tables")
    c.add_argument("paths", nargs="+", help="files, folders or globs")
    c.add_argument("--tables", default=DEFAULT_TABLES, help=f"tables folder (default {DEFAULT_TABLES})")
    c.add_argument("--config", default=None, help="TOML config file (see textmill.config)")
    c.add_argument("--json", action="store_true", help="print the run summary as JSON")
    c.add_argument("--quiet", action="store_true", help="no progress display or log lines on stderr (the summary is still printed)")

    r = sub.add_parser("release", help="publish the current tables as an immutable Parquet release")
    r.add_argument("--version", default=None, help="release version (default: UTC date, e.g. 2026.11.22)")
    r.add_argument("--tables", default=DEFAULT_TABLES)
    r.add_argument("--releases", default=DEFAULT_RELEASES)

    v = sub.add_parser("validate", help="validate a tables folder or a release folder against schemas/ and expectations/")
    v.add_argument("path", nargs="?", default=None, help="a tables folder or a release folder (default: --tables)")
    v.add_argument("--tables", default=DEFAULT_TABLES)
    v.add_argument("--json", action="store_true", help="print the results as JSON")

    s = sub.add_parser("stats", help="row counts and breakdowns of the current tables")
    s.add_argument("--tables", default=DEFAULT_TABLES)
    _add_release_commands(sub)
    return parser


def _add_release_commands(sub) -> None:
    """The analyst's commands on published releases: list and compare."""
    ls = sub.add_parser("releases", help="list published releases (versions, dates, row counts; latest marked)")
    ls.add_argument("--releases", default=DEFAULT_RELEASES)
    d = sub.add_parser("diff", help="compare two releases by doc_id: documents, roles, rules, reasons, schema")
    d.add_argument("old", help="older release: a version in --releases, 'latest', or a release folder")
    d.add_argument("new", help="newer release: a version in --releases, 'latest', or a release folder")
    d.add_argument("--releases", default=DEFAULT_RELEASES)
    d.add_argument("--json", action="store_true", help="print the diff as JSON")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"curate": _curate, "release": _release, "validate": _validate, "stats": _stats,
                "releases": _releases, "diff": _diff}[args.command](args)
    except ConfigError as exc:
        print(f"textmill: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except Exception as exc:  # a failed run: the traceback for the developer, the last line for the user
        traceback.print_exc()
        print(f"textmill: error: {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _curate(args) -> int:
    _prefect_env()
    from textmill import progress

    mode = progress.choose_mode(args.quiet)
    if mode != "lines":  # a progress bar (or silence) instead of Prefect's per-task lines; a user's level wins
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The temporary server boots (~3-10 s) while the library and the flows are imported; a bad
    # config or input argument still fails fast, before the server is used (and it is stopped).
    with progress.installed(mode), prefect_api(wait=False, announce=mode != "off") as ready:
        from textmill.config import load_config
        from textmill.ingest import discover
        from textmill.shardplan import plan_shards

        config = load_config(args.config)
        found = discover(args.paths)
        from textmill.flows import curate_flow, task_runner

        n_shards = len(plan_shards(found.files, config.run.shard_bytes, config.run.shard_files, workers=config.run.max_workers))
        flow = curate_flow.with_options(task_runner=task_runner(config.run, n_shards))
        ready()
        summary = flow(paths=list(args.paths), tables_dir=args.tables, config_path=args.config)
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True, default=str))
    else:
        print(format_curate_summary(summary, args.tables))
    return 0


def format_curate_summary(summary: dict, tables_dir: str) -> str:
    from textmill.tables import read_table

    totals = {t: read_table(tables_dir, t, columns=[c]).num_rows for t, c in
              (("documents", "doc_id"), ("paragraphs", "paragraph_id"), ("removed", "doc_id"), ("rejects", "reject_id"))}
    lines = [
        f"curate: {summary['inputs']} input(s) seen in {summary['shards']} shard(s); "
        f"{summary['documents']} document(s) written, {summary['unchanged']} unchanged, {summary['rejects']} rejected",
        f"tables in {tables_dir}: documents={totals['documents']} paragraphs={totals['paragraphs']} "
        f"removed={totals['removed']} rejects={totals['rejects']}",
    ]
    if summary["removed_by_rule"]:
        lines.append("removed lines by rule (this run): " + ", ".join(f"{k}={v}" for k, v in summary["removed_by_rule"].items()))
    if summary["rejects_by_reason"]:
        lines.append("rejects by reason (this run): " + ", ".join(f"{k}={v}" for k, v in summary["rejects_by_reason"].items()))
    failed = {t: v["failed_expectations"] for t, v in summary.get("validation", {}).items() if v["failed_expectations"]}
    if failed:
        lines.append("validation failures (rows quarantined to rejects): " + json.dumps(failed))
    accounted = summary.get("accounting")
    if accounted:
        lines.append("accounting: {inputs_seen} seen = {documents_written} documents + {rejects_written} rejects + "
                     "{unchanged_skipped} unchanged".format(**accounted))
    not_read = [s for s in summary.get("skipped_files", []) if s["reason"] != "not_an_input_format"]
    if not_read:
        lines.append(f"skipped {len(not_read)} path(s) while searching folders: "
                     + ", ".join(f"{Path(s['path']).name} ({s['reason']})" for s in not_read[:5]))
    if summary.get("ignored_files"):
        lines.append(f"ignored {len(summary['ignored_files'])} file(s) that are not .txt/.html/.jsonl: " + ", ".join(Path(p).name for p in summary["ignored_files"][:5]))
    for arg in summary.get("missing", []):
        lines.append(f"warning: nothing matches {arg}")
    return "\n".join(lines)


def _release(args) -> int:
    _prefect_env()
    from textmill.flows import release_flow

    with prefect_api():
        result = release_flow(tables_dir=args.tables, releases_dir=args.releases, version=args.version)
    if result["status"] == "unchanged":
        print(f"release: the latest release {result['version']} already holds exactly this content ({result['path']}); nothing published")
    else:
        files = result["manifest"]["files"]
        print(f"release {result['version']} published at {result['path']}: " + ", ".join(f"{f['table']}={f['rows']}" for f in files))
    return 0


def _validate(args) -> int:
    from textmill.release_check import is_release_folder

    path = args.path or args.tables
    if is_release_folder(path):
        return _validate_release(path, args.json)
    if not Path(path).is_dir():
        raise ConfigError(f"{path} is neither a tables folder nor a release folder (one with manifest.json)")
    return _validate_tables(path, args.json)


def _validate_tables(path: str, as_json: bool) -> int:
    """The expectation suites on the settled snapshot of every table, then the cross-table checks."""
    from textmill.consistency import check_tables
    from textmill.recovery import settled_versions
    from textmill.release_check import render_results, results_json
    from textmill.schema import TABLES
    from textmill.tables import read_table
    from textmill.validate import render_report_markdown, validate_table

    snapshot = settled_versions(path, TABLES)
    reports = [validate_table(t, read_table(path, t, version=snapshot[t])) for t in TABLES]
    checks = check_tables(path)
    if as_json:
        print(json.dumps([r.to_dict() for r in reports] + [{"consistency": results_json(checks)}], indent=2, sort_keys=True, default=str))
    else:
        print(render_report_markdown(reports))
        print(render_results(checks))
    return EXIT_OK if all(r.success for r in reports) and all(c.passed for c in checks) else EXIT_FAILED


def _validate_release(path: str, as_json: bool) -> int:
    from textmill.release_check import check_release, render_results, results_json

    results = check_release(path)
    print(json.dumps(results_json(results), indent=2) if as_json else render_results(results))
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


def _releases(args) -> int:
    from textmill.release import release_summaries

    rows = release_summaries(args.releases)
    if not rows:
        print(f"no release in {args.releases}: run `textmill release` first")
        return 0
    from textmill.schema import TABLES

    head = ["", "version", "released_at", *TABLES]
    table = [["*" if r["latest"] else "", r["version"], r["released_at"], *[f"{r['rows'].get(t, 0):,}" for t in TABLES]] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *table)]
    for line in [head, *table]:
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths)).rstrip())
    print("* = latest")
    return 0


def _diff(args) -> int:
    from textmill.diff import changelog_markdown, diff_releases
    from textmill.release import resolve_release

    (old_dir, old_version), (new_dir, new_version) = resolve_release(args.releases, args.old), resolve_release(args.releases, args.new)
    diff = diff_releases(old_dir, new_dir, old_version, new_version)
    print(json.dumps(diff, indent=2, sort_keys=True, ensure_ascii=False) if args.json else changelog_markdown(diff))
    return 0


def _stats(args) -> int:
    import pyarrow.compute as pc

    from textmill.tables import read_table

    paras = read_table(args.tables, "paragraphs", columns=["role"])
    removed = read_table(args.tables, "removed", columns=["rule"])
    rejects = read_table(args.tables, "rejects", columns=["reason"])
    docs = read_table(args.tables, "documents", columns=["doc_id"])
    print(f"documents: {docs.num_rows}  paragraphs: {paras.num_rows}  removed: {removed.num_rows}  rejects: {rejects.num_rows}")
    for name, table, col in (("roles", paras, "role"), ("removed by rule", removed, "rule"), ("rejects by reason", rejects, "reason")):
        if table.num_rows:
            counts = {d["values"]: d["counts"] for d in pc.value_counts(table[col]).to_pylist()}
            print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
