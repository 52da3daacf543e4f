"""Prefect tasks and flows: thin wrappers that move shards between the library's functions.

The only module that imports prefect. Each task works on a whole shard (thousands of documents or
tens of MB), never on one document. The curate flow:

    discover -> plan shards -> [templates pass per shard] -> process shard (stage Parquet)
             -> (the worker processes exit) -> commit (cluster pass, one Delta MERGE per table,
             documents last) -> runs row -> summary artifact

Everything from reading the tables' state to the runs row runs under the tables lock, after
recovery of a dead run (runscope.open_run; README "Reliability").
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import logging
import os
import sys
import uuid

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from textmill import diagnostics
from textmill.commit import commit_run
from textmill.config import PipelineConfig, RunConfig, load_config
from textmill.errors import ConfigError
from textmill.ingest import InputFile, discover
from textmill.known import known_for_shard, known_inputs
from textmill.pipeline import process_shard, template_keys_of_files
from textmill.progress import current as current_progress
from textmill.runlog import record_run, summary_markdown
from textmill.runscope import open_run
from textmill.shardplan import number_ranges, plan_shards
from textmill.staging import load_first_pass, quarantine, stage_shard, stage_template_pass
from textmill.tables import release_freed_memory
from textmill.template_state import template_stats


@task(name="count-template-lines", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def count_templates_task(index: int, files: list[InputFile], config: PipelineConfig, known, staging_dir: str):
    counted = stage_template_pass(template_keys_of_files(files, config, known), staging_dir, index)
    release_freed_memory()  # the shard's read and prepared records are freed: give their pages back
    return counted


@task(name="process-shard", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def process_shard_task(index: int, files: list[InputFile], config: PipelineConfig, known, templates, staging_dir: str):
    first = load_first_pass(staging_dir, index)
    result = process_shard(files, config, known, templates, first.prepared, first.records)
    quarantine(result)
    summary = stage_shard(result, staging_dir, index)
    del first, result
    release_freed_memory()  # the worker's memory between shards: its models, not the last shard
    return summary


@task(name="commit-tables", retries=0, cache_policy=NO_CACHE)
def commit_task(tables_dir: str, staging_dir: str, summaries, run_metadata: dict, config: PipelineConfig):
    # No retries: a commit that failed midway is rolled back by the next run (recovery), never
    # re-applied on top of itself by a retry.
    return commit_run(tables_dir, staging_dir, summaries, run_metadata, config.dedup, on_step=current_progress().step)


def task_runner(run: RunConfig, n_shards: int | None = None):
    """Processes by default: shard work is CPU-bound Python, which threads cannot run in parallel.
    Both pools are bounded (Prefect's default thread pool is not). "dask" submits the same shard
    tasks to a Dask cluster: an existing one at ``run.dask_address``, else a temporary local
    cluster of ``max_workers`` single-threaded worker processes. A run of one shard (``n_shards``,
    when the caller planned them) has nothing to run in parallel: it runs on one thread of the
    flow's process instead of paying a worker process's start-up (~2 s CPU, ~150 MB)."""
    if run.runner == "process" and n_shards == 1:
        return ThreadPoolTaskRunner(max_workers=1)
    if run.runner == "thread":
        return ThreadPoolTaskRunner(max_workers=run.max_workers)
    if run.runner == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:  # an optional extra: a config error with the fix, not a traceback
            raise ConfigError("runner = 'dask' needs the dask extra: pip install 'textmill[dask]' "
                              "(or set [run] runner = 'process')") from exc
        if run.dask_address:
            return DaskTaskRunner(address=run.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": run.max_workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    return ProcessPoolTaskRunner(max_workers=run.max_workers, initializer=_end_worker_without_teardown)


def _end_worker_without_teardown() -> None:
    """Run once in each worker process as it starts: the handler registered here runs last at
    exit (atexit is last in, first out; Prefect registers its own when the first task runs, and
    multiprocessing flushes its queues before atexit). It shuts logging down and flushes the
    streams, as the skipped handlers would, then ends the process without the interpreter's
    teardown, which frees a worker's heap object by object: ~0.5-0.7 CPU-s per worker, for memory
    the kernel takes back at once. A pool worker's exit status is not read (workers exit when the
    pool shuts down; one that dies mid-task breaks the pool before this runs). With
    TEXTMILL_PROFILE_DIR set, the worker also profiles itself until it exits (diagnostics)."""
    atexit.register(_exit_now)
    diagnostics.start_worker_profile()
    _load_collections_without(WORKER_UNNEEDED_COLLECTIONS)


# Prefect collections a process-pool worker never uses: prefect_dask provides the Dask task runner,
# which only the flow's process builds. Prefect imports every installed collection in each worker
# when the first task's context is hydrated (its result store is a block) and has no setting to
# skip one: prefect_dask brings dask, distributed and pandas, 0.24-0.9 CPU-s and 22 MB per worker.
WORKER_UNNEEDED_COLLECTIONS = frozenset({"prefect_dask"})


def _load_collections_without(skipped: frozenset[str]) -> None:
    """Fill Prefect's collection cache with every installed collection but `skipped`, loaded as
    Prefect would (errors kept, not raised). A no-op if Prefect's cache moved or is filled."""
    from importlib.metadata import EntryPoints, entry_points

    from prefect._internal.plugins import collections

    if getattr(collections, "_collections", False) is not None or not hasattr(collections, "safe_load_entrypoints"):
        return
    wanted = EntryPoints(ep for ep in entry_points(group="prefect.collections") if ep.name not in skipped)
    collections._collections = collections.safe_load_entrypoints(wanted)


def _exit_now() -> None:
    diagnostics.dump_worker_profile()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@flow(name="textmill-curate", log_prints=False, task_runner=task_runner(RunConfig()))
def curate_flow(paths: list[str], tables_dir: str = "data/tables", config_path: str | None = None) -> dict:
    """Curate raw inputs at `paths` into the Delta tables under `tables_dir`; returns the run summary."""
    logger = get_run_logger()
    started_at = datetime.datetime.now(datetime.timezone.utc)
    run_id = str(uuid.uuid4())
    config = load_config(config_path)
    found = discover(paths)
    for arg in found.missing:
        logger.warning("nothing matches %s", arg)
    shards = plan_shards(found.files, config.run.shard_bytes, config.run.shard_files, workers=config.run.max_workers)
    shards = number_ranges(shards, config.ingest.max_file_bytes)  # big JSONL files' line ranges read as whole files
    logger.info("%d input files (%d ignored, %d skipped) in %d shard(s)", len(found.files), len(found.ignored), len(found.skipped), len(shards))
    progress = current_progress()
    progress.step(f"{len(found.files)} input files in {len(shards)} shard(s)")
    with _run_scope(tables_dir, run_id, config, logger) as scope:
        known = known_inputs(tables_dir)
        known_by_shard = [known_for_shard(known, s) for s in shards]  # both passes skip the same inputs
        staging = str(scope.staging)
        shard_bytes = [sum(f.size for f in s) for s in shards]
        with _shard_workers() as workers:
            counted = [workers.submit(count_templates_task.with_options(task_run_name=f"templates-{i:05d}"),
                                      {"index": i, "files": s, "config": config, "known": known_by_shard[i], "staging_dir": staging})
                       for i, s in enumerate(shards)]
            progress.start("templates", len(shards), sum(shard_bytes))
            passes = []
            for i, c in enumerate(counted):
                passes.append(c.result())
                progress.shard_done("templates", sum(passes[-1].n_docs.values()), shard_bytes[i])
            progress.step("template statistics")
            templates = template_stats(tables_dir, passes)
            futures = [workers.submit(process_shard_task.with_options(task_run_name=f"shard-{i:05d}"),
                                      {"index": i, "files": s, "config": config, "known": known_by_shard[i], "templates": templates,
                                       "staging_dir": staging})
                       for i, s in enumerate(shards)]
            summaries = []
            progress.start("shards", len(shards), sum(shard_bytes))
            for i, fut in enumerate(futures):
                summaries.append(fut.result())
                logger.info("shard %d/%d done: %d inputs", i + 1, len(futures), summaries[-1].n_inputs)
                progress.shard_done("shards", summaries[-1].n_inputs, shard_bytes[i])
            progress.step("stopping the workers")
        summary = _commit_and_record(tables_dir, scope, run_id, started_at, paths, found, summaries, config)
    progress.step("run complete")
    create_markdown_artifact(key="curate-summary", markdown=summary_markdown(summary), description="textmill curate run")
    return summary


@contextlib.contextmanager
def _shard_workers():
    """The task runner the two shard passes are submitted to (``runner.submit`` is what
    ``task.submit`` does with the flow's runner). With worker processes it is a fresh copy of
    the flow's runner, entered here and left when both passes are done: the workers (~400 MB
    each after a shard) exit before the commit, whose own memory grows with the run, instead of
    idling until the flow ends. Other runners are the flow's own (a Dask runner's temporary
    cluster is not started twice; threads hold nothing of their own)."""
    runner = FlowRunContext.get().task_runner
    if not isinstance(runner, ProcessPoolTaskRunner):
        yield runner
        return
    with runner.duplicate() as workers:
        yield workers


# --- the commit part: lock + recovery around the run, one logical commit, the runs row last ---


@contextlib.contextmanager
def _run_scope(tables_dir: str, run_id: str, config: PipelineConfig, logger):
    """The tables lock, recovery of a dead run and the run's staging folder (runscope.open_run)."""
    def waiting(holder: str) -> None:
        logger.warning("waiting for the tables lock of %s (%s)", tables_dir, holder)

    with open_run(tables_dir, run_id, config.run.lock_wait_seconds, waiting) as scope:
        for run in sorted({p.run_id for p in scope.rolled_back}):
            tables = sorted({p.table for p in scope.rolled_back if p.run_id == run})
            logger.warning("run %s died before completing: its commits to %s were rolled back; its inputs are redone", run, ", ".join(tables))
        if scope.removed_staging:
            logger.info("removed the staging folders of %d dead run(s)", len(scope.removed_staging))
        yield scope


def _commit_and_record(tables_dir: str, scope, run_id: str, started_at, paths, found, summaries, config: PipelineConfig) -> dict:
    """Commit every table, then append the runs row: the point where the run becomes complete."""
    metadata = {"textmill.run_id": run_id, "textmill.pipeline_fingerprint": config.fingerprint(), "textmill.inputs": paths}
    diagnostics.memory_report("before the commit")
    summary = commit_task(tables_dir, str(scope.staging), summaries, metadata, config)
    diagnostics.memory_report("after the commit")
    current_progress().step("recording the run")
    summary["run_id"] = run_id
    summary["ignored_files"] = list(found.ignored)
    summary["skipped_files"] = ([{"path": p, "reason": "not_an_input_format"} for p in found.ignored]
                                + [{"path": p, "reason": r} for p, r in found.skipped])
    summary["missing"] = list(found.missing)
    summary["recovered"] = {"rolled_back_runs": sorted({p.run_id for p in scope.rolled_back}),
                            "removed_staging": list(scope.removed_staging)}
    record_run(tables_dir, run_id, started_at, paths, found.files, config.fingerprint(), summary)
    return summary


@flow(name="textmill-release", log_prints=False)
def release_flow(tables_dir: str = "data/tables", releases_dir: str = "data/releases", version: str | None = None) -> dict:
    from textmill.release import publish_release

    result = publish_release(tables_dir, releases_dir, version)
    create_markdown_artifact(key="release", markdown=f"Release `{result['version']}`: {result['status']} at `{result['path']}`")
    return result
