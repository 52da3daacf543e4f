"""Score a labelled gold set by curating its inputs with the flow ``textmill curate`` runs.

One driver (STYLE 13): the gold set's input files go through ``textmill.flows.curate_flow``
with the pipeline's configuration into a fresh tables folder, and the kept paragraphs are read
back from the ``paragraphs`` table. Nothing here calls a stage function, so a gate measures
what ships: site-template statistics, both passes, staging and validation included. A page
that ends in ``rejects`` scores as an empty prediction (its reason is kept in ``DocResult.error``).

The flow needs a Prefect API: a test harness (tests/conftest.py), or :func:`prefect_api`
(the CLI's own temporary server) in a script.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evalkit.metric import (
    MISSING,
    DocScore,
    SetScore,
    align_roles,
    role_accuracy,
    score_document,
    score_set,
)

ARTICLE_ROLES = ("heading", "body")


@dataclass(frozen=True)
class DocResult:
    """One evaluated document: its score, role pairs (gold, predicted), and the texts compared."""

    score: DocScore
    aligned: tuple[tuple[str, str], ...]
    predicted_text: str
    gold_text: str
    error: str | None = None  # reject reason when the input did not become a document


def load_gold(path) -> list[dict]:
    """Gold records of a JSONL file (bad-input entries, ``kind == "bad"``, are skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [r for r in (json.loads(line) for line in lines if line.strip()) if r.get("kind", "doc") == "doc"]


def prefect_api():
    """The CLI's Prefect context (a temporary server unless an API URL is configured)."""
    from textmill.cli import _prefect_env, prefect_api as cli_prefect_api

    _prefect_env()
    return cli_prefect_api()


def curate(paths: Sequence[str], tables_dir: str, config_path: str | None = None, runner: str | None = None) -> dict:
    """Run the curate flow as ``textmill curate PATHS --tables TABLES [--config C]`` does.
    ``runner`` overrides ``[run] runner`` only (it does not change table content: tested)."""
    from textmill.config import load_config
    from textmill.flows import curate_flow, task_runner

    run = load_config(config_path).run
    if runner:
        run = dataclasses.replace(run, runner=runner)
    flow = curate_flow.with_options(task_runner=task_runner(run))
    return flow(paths=[str(p) for p in paths], tables_dir=str(tables_dir), config_path=config_path)


def curated_documents(tables_dir: str) -> tuple[dict, dict]:
    """What a curate run wrote, keyed by (source_uri, source_id): paragraphs as (role, text) in
    position order for documents, and the reason for rejects."""
    from textmill.tables import read_table

    docs = read_table(tables_dir, "documents", columns=["doc_id", "source_uri", "source_id"]).to_pylist()
    key_of = {d["doc_id"]: (d["source_uri"], d["source_id"]) for d in docs}
    paragraphs: dict[tuple, list[tuple[int, str, str]]] = {key: [] for key in key_of.values()}
    for p in read_table(tables_dir, "paragraphs", columns=["doc_id", "position", "role", "text"]).to_pylist():
        paragraphs[key_of[p["doc_id"]]].append((p["position"], p["role"], p["text"]))
    ordered = {key: [(role, text) for _, role, text in sorted(rows)] for key, rows in paragraphs.items()}
    rejects = {}
    for r in read_table(tables_dir, "rejects", columns=["source_uri", "record_key", "reason"]).to_pylist():
        rejects[(r["source_uri"], r["record_key"])] = r["reason"]
    return ordered, rejects


def _key(record: dict, base_dir: Path) -> tuple[str, str | None]:
    return str((base_dir / record["input"]).resolve()), record.get("record_id")


def evaluate_records(records: Sequence[dict], base_dir, tables_dir: str | None = None, config_path: str | None = None,
                     runner: str | None = "thread") -> list[DocResult]:
    """Curate every input file the gold ``records`` name (one run over all of them, so template
    statistics see every page of a site) and score each record's kept heading + body text."""
    base_dir = Path(base_dir)
    inputs = sorted({_key(r, base_dir)[0] for r in records})
    with tempfile.TemporaryDirectory(prefix="textmill-eval-") as tmp:
        tables = tables_dir or str(Path(tmp) / "tables")
        curate(inputs, tables, config_path, runner)
        documents, rejects = curated_documents(tables)
    results = []
    for record in records:
        key = _key(record, base_dir)
        gold_text = record["article_text"]
        gold_pars = [(p["role"], p["text"]) for p in record["paragraphs"]]
        if key not in documents:
            error = rejects.get(key, "missing")
            aligned = tuple((role, MISSING) for role, _ in gold_pars)
            results.append(DocResult(score_document("", gold_text, record["label"]), aligned, "", gold_text, error))
            continue
        pred_pars = documents[key]
        predicted = "\n\n".join(text for role, text in pred_pars if role in ARTICLE_ROLES)
        results.append(DocResult(score_document(predicted, gold_text, record["label"]),
                                 tuple(align_roles(pred_pars, gold_pars)), predicted, gold_text))
    return results


def summarize(name: str, results: Sequence[DocResult]) -> SetScore:
    """SetScore of evaluated documents (shingle P/R/F1 and per-role accuracy)."""
    return score_set(name, [r.score for r in results], role_accuracy(a for r in results for a in r.aligned))
