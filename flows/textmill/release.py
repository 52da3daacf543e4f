"""Releases: freeze the current table snapshots into an immutable, checksummed Parquet folder.

`<releases>/<version>/` holds one Parquet file per table (rows in key order, written with the
explicit schema, so the bytes depend only on the content), `manifest.json`, the dataset card
`README.md`, `CHANGELOG.md` against the previous release and the validation report. The folder is
built under a temporary name (`.tmp-<id>`) and renamed into place; `<releases>/LATEST` names the
newest version. A release reads every table at its settled version (whole curate runs only:
`recovery.settled_versions`) and refuses tables that contradict each other (`consistency`). It
holds the releases folder's lock (`runlock`, crash-safe) while it builds, so a `.tmp-*` folder
found then is a dead release's and is removed; `list_releases` sees only published versions.

Identity: a release's content is the sha256 of its table files. Publishing the same content again
reports the release that already holds it; publishing different content under an existing version
is refused. With no `--version`, the version is the UTC date (`2026.11.22`), then `2026.11.22.2`...
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from textmill.config import PIPELINE_VERSION
from textmill.errors import ConfigError
from textmill.schema import TABLES, load_schema
from textmill.consistency import refuse_inconsistent
from textmill.recovery import settled_versions
from textmill.runlock import folder_lock
from textmill.tables import read_table, sorted_by_key

VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")


# Parquet for readers: zstd; column statistics and the page index (min/max per page, so duckdb,
# polars and Arrow readers skip pages); content-defined page boundaries (pyarrow >= 21), so that a
# release that changes a few documents shares most data pages, byte for byte, with the previous
# one (bench/release_dedup.py measures it). Fixed settings: identical content, identical bytes.
PARQUET_OPTIONS = {"compression": "zstd", "write_page_index": True, "use_content_defined_chunking": True}
# Columns without min/max statistics: long free text, whose min/max pyarrow would copy whole into
# the footer and page index (a few KB per page) and that no reader filters on by range.
NO_STATISTICS = {"text", "message"}
# Dictionary encoding stays on (pyarrow's default). Measured with bench/release_dedup.py (60k
# documents, 710k paragraphs; the next release edits one document and adds one): with content-
# defined chunking 23.1% of the new release's bytes are shared with the previous one (13.8 MB new
# of 17.9 MB), without it 6.9% (15.8 MB new of 17.0 MB). Turning dictionaries off for ids, hashes
# and text raised the shared share to 45.8% but the files to 25.3 MB, for the same 13.7 MB new.
# Rows per row group, per table: ~64-128 MB of uncompressed data per group at typical row sizes
# (documents ~5 KB with their text, paragraphs ~600 B, removed and rejects ~200 B), the size
# readers parallelise and skip on; a count of rows, not bytes, so the layout depends only on content.
ROW_GROUP_ROWS = {"documents": 20_000, "paragraphs": 200_000, "removed": 500_000, "rejects": 500_000}


class ReleaseRefused(ConfigError):
    """Publishing would overwrite an existing release with different content."""


def file_sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def list_releases(releases_dir: str | os.PathLike) -> list[str]:
    """Published versions, oldest first (by the time recorded in their manifests): folders named
    like a version whose manifest names that version. A release being built (`.tmp-*`, hidden) or
    any other folder is not one."""
    root = Path(releases_dir)
    if not root.is_dir():
        return []
    found = []
    for manifest in root.glob("*/manifest.json"):
        name = manifest.parent.name
        if name.startswith(".") or not VERSION_PATTERN.match(name):
            continue
        try:
            data = json.loads(manifest.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        if data.get("version") == name:
            found.append((data.get("released_at", ""), name))
    return [v for _, v in sorted(found)]


WORK_PREFIX = ".tmp-"  # a release being built: <releases>/.tmp-<id>/, renamed into place when done
LOCK_WAIT_SECONDS = 600.0  # a release waits this long for another release of the same folder


def _remove_dead_work(root: Path) -> list[str]:
    """Remove build folders of dead releases (call under the releases lock: only the holder builds)."""
    dead = sorted(p.name for p in root.glob(WORK_PREFIX + "*") if p.is_dir())
    for name in dead:
        shutil.rmtree(root / name, ignore_errors=True)
    return dead


def read_manifest(releases_dir: str | os.PathLike, version: str) -> dict:
    return json.loads((Path(releases_dir) / version / "manifest.json").read_text())


def latest_version(releases_dir: str | os.PathLike) -> str | None:
    """The version named in `<releases_dir>/LATEST` (None when nothing was published)."""
    latest = Path(releases_dir) / "LATEST"
    return latest.read_text().strip() if latest.is_file() else None


def resolve_release(releases_dir: str | os.PathLike, name: str) -> tuple[Path, str]:
    """A release named by version, "latest", or its folder -> (folder, version); ConfigError if none."""
    if name == "latest":
        version = latest_version(releases_dir)
        if version is None:
            raise ConfigError(f"no release in {releases_dir}: run `textmill release` first")
        name = version
    for folder in (Path(releases_dir) / name, Path(name)):
        if (folder / "manifest.json").is_file():
            return folder, json.loads((folder / "manifest.json").read_text())["version"]
    known = ", ".join(list_releases(releases_dir)) or "none"
    raise ConfigError(f"no release {name!r} in {releases_dir} (published: {known}) and no release folder at that path")


def release_summaries(releases_dir: str | os.PathLike) -> list[dict]:
    """One row per release, oldest first: version, released_at, rows per table, latest flag."""
    latest = latest_version(releases_dir)
    rows = []
    for version in list_releases(releases_dir):
        manifest = read_manifest(releases_dir, version)
        rows.append({"version": version, "released_at": manifest.get("released_at", ""), "latest": version == latest,
                     "rows": {f["table"]: f["rows"] for f in manifest["files"]}})
    return rows


def _content_key(files: list[dict]) -> dict[str, str]:
    """A release's identity: table -> sha256 of its file (a manifest's "files" entries)."""
    return {f["table"]: f["sha256"] for f in files}


def publish_release(tables_dir: str, releases_dir: str, version: str | None = None, today: dt.date | None = None) -> dict:
    """Publish the current tables. Returns {version, status: published|unchanged, path, manifest}."""
    root = Path(releases_dir)
    root.mkdir(parents=True, exist_ok=True)
    if version is not None and not VERSION_PATTERN.match(version):
        raise ConfigError(f"release version {version!r} is not valid: use letters, digits, '.', '_' or '-'")
    with folder_lock(root, "release", LOCK_WAIT_SECONDS):
        _remove_dead_work(root)
        work = root / f"{WORK_PREFIX}{uuid.uuid4().hex}"
        work.mkdir()
        try:
            return _publish(tables_dir, root, work, version, today)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _publish(tables_dir: str, root: Path, work: Path, version: str | None, today: dt.date | None) -> dict:
    """Build the release in `work` from the tables' settled snapshot and rename it into place."""
    snapshot = settled_versions(tables_dir, TABLES)
    refuse_inconsistent(tables_dir, snapshot)
    files, tables = _write_tables(tables_dir, work, snapshot)
    content = _content_key(files)
    existing = list_releases(root)
    for v in reversed(existing):
        old = read_manifest(root, v)
        if _content_key(old["files"]) == content and (version is None or version == v):
            return {"version": v, "status": "unchanged", "path": str(root / v), "manifest": old}
    if version is None:
        version = _next_date_version(root, today or dt.datetime.now(dt.timezone.utc).date())
    elif (root / version).exists():
        raise ReleaseRefused(f"release {version} already exists with different content; releases are immutable: choose a new --version")
    previous = existing[-1] if existing else None
    manifest = _manifest(version, files, snapshot, previous)
    _write_docs(work, manifest, tables, root, previous)
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(work, root / version)
    (root / "LATEST.tmp").write_text(version + "\n")
    os.replace(root / "LATEST.tmp", root / "LATEST")
    return {"version": version, "status": "published", "path": str(root / version), "manifest": manifest}


def _next_date_version(root: Path, day: dt.date) -> str:
    base = day.strftime("%Y.%m.%d")
    if not (root / base).exists():
        return base
    n = 2
    while (root / f"{base}.{n}").exists():
        n += 1
    return f"{base}.{n}"


def _write_tables(tables_dir: str, work: Path, snapshot: dict[str, int | None]) -> tuple[list[dict], dict[str, pa.Table]]:
    files, tables = [], {}
    for table in TABLES:
        data = sorted_by_key(read_table(tables_dir, table, version=snapshot[table]), table)
        path = work / f"{table}.parquet"
        write_release_file(data, path, table)
        tables[table] = data
        files.append({"table": table, "path": f"{table}.parquet", "rows": data.num_rows,
                      "bytes": path.stat().st_size, "sha256": file_sha256(path),
                      "schema_version": load_schema(table).version})
    return files, tables


def write_release_file(data: pa.Table, path: Path, table: str, **overrides) -> None:
    """Write one release table with PARQUET_OPTIONS (`overrides`: for benchmarks comparing settings)."""
    statistics = [c for c in data.column_names if c not in NO_STATISTICS]
    options = {"row_group_size": ROW_GROUP_ROWS[table], "write_statistics": statistics, **PARQUET_OPTIONS, **overrides}
    pq.write_table(data, path, **options)


def _manifest(version: str, files: list[dict], snapshot: dict[str, int | None], previous: str | None) -> dict:
    return {
        "version": version,
        "released_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "pipeline_version": PIPELINE_VERSION,
        "previous_version": previous,
        "delta_table_versions": snapshot,
        "files": files,
    }


def _write_docs(work: Path, manifest: dict, tables: dict[str, pa.Table], root: Path, previous: str | None) -> None:
    from textmill.card import dataset_card, languages
    from textmill.charts import render_all
    from textmill.report import report_html
    from textmill.croissant import croissant_json, provenance
    from textmill.diff import changelog_markdown, diff_releases, first_release_markdown
    from textmill.validate import render_report_markdown, validate_table

    reports = [validate_table(t, tables[t]) for t in TABLES]
    (work / "validation.json").write_text(json.dumps([r.to_dict() for r in reports], indent=2, sort_keys=True, default=str) + "\n")
    (work / "validation.md").write_text(render_report_markdown(reports))
    manifest["validation"] = {r.table: r.success for r in reports}
    manifest["provenance"] = provenance(tables, manifest["pipeline_version"])
    (work / "croissant.json").write_text(croissant_json(manifest, languages(tables["documents"]), manifest["provenance"]))
    if previous:
        changelog = changelog_markdown(diff_releases(root / previous, work, previous, manifest["version"]))
    else:
        changelog = first_release_markdown(manifest["version"], tables)
    (work / "CHANGELOG.md").write_text(changelog)
    (work / "charts").mkdir()
    charts = render_all(tables)
    for chart, png in charts:
        (work / "charts" / f"{chart.name}.png").write_bytes(png)
    (work / "report.html").write_text(report_html(manifest, tables, reports, charts), encoding="utf-8")
    (work / "README.md").write_text(dataset_card(manifest, tables, reports))
