"""Readers: find inputs, plan shards, turn bytes into records with stable keys.

Every input ends in exactly one place. A reader yields either a `RawRecord` (decoded text or HTML
ready for the pipeline) or a `Rejected` (stage, reason code, message) for the same stable key; it
never raises for one bad input and never drops one silently.

Source keys are stable across machines and working directories: `<input folder name>/<path inside
it>` for files found under a folder given on the command line, `<parent folder name>/<file name>`
for a file given directly (so `seeds/` and `seeds/a.txt` give the same key `seeds/a.txt`), plus
`#<id>` for a JSONL record. Files nested deeper than the folder given get the folder-relative path.
A file name that is not valid UTF-8 keeps its bytes: each invalid byte is written `%XX` in keys and
URIs (`escape_name`), so the key is valid text and stays the same on every run.

Discovery lists what it does not read, with a reason (`Discovery.skipped`): hidden names (a leading
dot, e.g. `..hidden.txt`), dangling links, symlink loops, links to folders (not followed, as
before: a link could point back up the tree), other special files, unreadable folders. A file that
vanishes or cannot be opened between discovery and reading becomes a reject (`vanished`,
`unreadable`), never an exception that stops the shard.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import glob
import gzip
import hashlib
import io
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import urlsplit

from textmill.decode import DecodeConfig, Undecodable, decode
from textmill.errors import ConfigError, UnreadableInput

FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".jsonl.gz": "jsonl"}


@dataclass(frozen=True)
class IngestConfig:
    """Limits for reading raw inputs.

    max_file_bytes: a .txt/.html file (or one JSONL line) larger than this is rejected as
        `too_large` without being read into memory (default 20 MB: far above any real article,
        below what would blow a worker's memory).
    min_text_chars: decoded text shorter than this (after stripping) is `empty`.
    (How bytes become text, and when they are binary: `textmill.decode.DecodeConfig`, [decode].)
    """

    max_file_bytes: int = 20_000_000
    min_text_chars: int = 1


@dataclass(frozen=True)
class LineRange:
    """A run of whole lines of an uncompressed JSONL file: one shard's part of a big file
    (`textmill.shardplan`). `start`/`end` are byte offsets (`start` is 0 or just after a
    newline, `end` is the next range's start or the file's size); `first_line` is the line
    number of the line at `start`, and `seen_before` the record ids of this range that a line
    before `start` already uses, so that a range is read exactly as the lines of a whole-file
    read (rejects keyed `L<n>`, `duplicate_id`). `file_size` is the file's size when the ranges
    were cut: a file that changed since is read whole by its first range (see `_read_jsonl`)."""

    start: int
    end: int
    file_size: int
    first_line: int = 1
    seen_before: frozenset[str] = frozenset()


@dataclass(frozen=True)
class InputFile:
    path: str  # absolute path
    key: str  # stable source key of the file
    format: str  # txt | html | jsonl
    size: int  # bytes to read: the file's, or its line range's
    group: str  # folder key: the fallback source group for template statistics
    range: LineRange | None = None  # a part of a big JSONL file (None: the whole file)


@dataclass(frozen=True)
class RawRecord:
    source_key: str
    source_uri: str
    source_format: str
    source_sha256: str
    encoding: str
    content: str  # decoded text, or HTML markup when is_html
    is_html: bool
    source_group: str
    source_id: str | None = None
    url: str | None = None
    title: str | None = None
    # what the decode stage repaired in the bytes ((fix name, count) pairs, for `repairs`)
    decode_fixes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Rejected:
    source_key: str
    source_uri: str
    stage: str
    reason: str
    message: str
    record_key: str | None = None
    source_sha256: str | None = None


@dataclass(frozen=True)
class Discovery:
    files: tuple[InputFile, ...]
    ignored: tuple[str, ...]  # files inside given folders that are not an input format
    missing: tuple[str, ...]  # arguments that matched nothing
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason): not read (SKIP_REASONS)


# Why discovery did not read a path inside a given folder (listed in the run summary).
SKIP_REASONS = {
    "hidden": "name starts with '.'",
    "dangling_link": "symbolic link to nothing",
    "symlink_loop": "symbolic link that resolves to itself",
    "linked_folder": "symbolic link to a folder (not followed)",
    "not_a_regular_file": "a device, socket or pipe",
    "unreadable_folder": "folder cannot be listed",
    "unreadable": "its file status cannot be read",
    "vanished": "deleted while the folder was searched",
}


def escape_name(name: str) -> str:
    """A path as valid text: bytes that were not UTF-8 (surrogate-escaped by os) become `%XX`."""
    if not any("\udc80" <= c <= "\udcff" for c in name):
        return name
    return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c for c in name)


def input_format(path: str) -> str | None:
    name = path.lower()
    for ext in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(ext):
            return FORMATS[ext]
    return None


def discover(paths: Sequence[str]) -> Discovery:
    """Expand files, folders (recursively) and globs into a sorted, de-duplicated list of inputs.

    A file given directly with an unknown extension is a fatal ConfigError (the user asked for it);
    inside folders, other files (READMEs, images) are listed as ignored.
    """
    found: dict[str, InputFile] = {}
    ignored: list[str] = []
    missing: list[str] = []
    skipped: list[tuple[str, str]] = []
    for arg in paths:
        if is_url(arg):
            _discover_url(arg, found, ignored, missing)
            continue
        matches = sorted(glob.glob(arg, recursive=True)) if glob.has_magic(arg) else [arg]
        matches = [m for m in matches if os.path.exists(m)]
        if not matches:
            missing.append(arg)
            continue
        for match in matches:
            p = Path(match).resolve()
            if p.is_dir():
                for sub, size, reason in _walk(p):
                    if reason is not None:
                        skipped.append((escape_name(str(sub)), reason))
                        continue
                    rel = escape_name(sub.relative_to(p).as_posix())
                    name = escape_name(p.name)
                    _add(found, ignored, str(sub), f"{name}/{rel}", f"{name}/{Path(rel).parent.as_posix()}".rstrip("/."), size)
            else:
                if input_format(p.name) is None:
                    raise ConfigError(f"{match}: not an input format (use {', '.join(sorted(FORMATS))})")
                parent = escape_name(p.parent.name)
                _add(found, ignored, str(p), f"{parent}/{escape_name(p.name)}", parent, p.stat().st_size)
    return Discovery(tuple(sorted(found.values(), key=lambda f: f.key)), tuple(sorted(ignored)), tuple(missing),
                     tuple(sorted(skipped)))


def _walk(root: Path) -> Iterator[tuple[Path, int, str | None]]:
    """(path, size, None) for every regular file under `root` (links to files included), and
    (path, 0, reason) for every entry not read. Links to folders are not followed (no loops)."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            yield folder, 0, "unreadable_folder"
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                yield path, 0, "hidden"
                continue
            try:
                info = os.stat(path)  # follows links
            except FileNotFoundError:
                yield path, 0, "dangling_link" if entry.is_symlink() else "vanished"
                continue
            except OSError as exc:
                yield path, 0, "symlink_loop" if exc.errno == errno.ELOOP else "unreadable"
                continue
            if stat.S_ISDIR(info.st_mode):
                if entry.is_symlink():
                    yield path, 0, "linked_folder"
                else:
                    folders.append(path)
            elif stat.S_ISREG(info.st_mode):
                yield path, info.st_size, None
            else:
                yield path, 0, "not_a_regular_file"


def _add(found: dict, ignored: list, location: str, key: str, group: str, size: int) -> None:
    """Record one discovered file (a local path or an fsspec URL) under its stable key, or
    list it as ignored when it is not an input format."""
    fmt = input_format(location)
    if fmt is None:
        ignored.append(escape_name(location))
        return
    found.setdefault(key, InputFile(location, key, fmt, int(size), group))


def is_url(path: str) -> bool:
    """An fsspec URL (s3://, gs://, memory://, ...); plain paths and file:// stay local."""
    return "://" in path and not path.startswith("file://")


def _discover_url(arg: str, found: dict, ignored: list, missing: list) -> None:
    """Folders, files and globs on any fsspec filesystem, with the same keys as local paths."""
    import posixpath

    import fsspec

    fs, root = fsspec.core.url_to_fs(arg)
    protocol = arg.split("://", 1)[0]
    matches = sorted(fs.glob(root)) if glob.has_magic(root) else ([root] if fs.exists(root) else [])
    if not matches:
        missing.append(arg)
        return
    for match in matches:
        match = match.rstrip("/")
        if fs.isdir(match):
            name = posixpath.basename(match)
            for sub, info in sorted(fs.find(match, detail=True).items()):
                rel = posixpath.relpath(sub, match)
                if any(part.startswith(".") for part in rel.split("/")):
                    continue
                parent = posixpath.dirname(rel)
                _add(found, ignored, f"{protocol}://{sub.lstrip('/')}" if protocol == "memory" else f"{protocol}://{sub}",
                         f"{name}/{rel}", f"{name}/{parent}" if parent else name, info["size"])
        else:
            if input_format(match) is None:
                raise ConfigError(f"{arg}: not an input format (use {', '.join(sorted(FORMATS))})")
            parent = posixpath.basename(posixpath.dirname(match))
            _add(found, ignored, arg if not glob.has_magic(root) else f"{protocol}://{match}",
                     f"{parent}/{posixpath.basename(match)}", parent, fs.size(match))


def open_input(path: str):
    """A binary file object for a local path or an fsspec URL.

    A file gone since discovery or one that cannot be opened raises UnreadableInput (a reject);
    other OSErrors propagate: transient I/O is retried by the task."""
    try:
        if is_url(path):
            import fsspec

            return fsspec.open(path, "rb").open()
        return open(path.removeprefix("file://"), "rb")
    except FileNotFoundError as exc:
        raise UnreadableInput("read", "vanished", f"the file was removed after discovery: {exc.strerror}") from exc
    except (PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        raise UnreadableInput("read", "unreadable", f"cannot open the file: {type(exc).__name__}: {exc.strerror}") from exc


def url_host(url: str | None) -> str | None:
    """The host name of ``url`` (lower-cased by urlsplit), or None: no URL, no host, or a URL
    urlsplit refuses ('http://[bad': an invalid IPv6 literal), which is a record's bad field,
    not a reason to stop the run."""
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stable_id(source_key: str) -> str:
    """Document id: 16 hex digits of sha256 of the source key (not of the content)."""
    return hashlib.sha256(source_key.encode("utf-8")).hexdigest()[:16]


def read_file(f: InputFile, config: IngestConfig | None = None, decode_config: DecodeConfig | None = None) -> Iterator[RawRecord | Rejected]:
    """Yield the records of one input file (one for .txt/.html, one per line for .jsonl)."""
    config = config or IngestConfig()
    if f.format == "jsonl":
        yield from _read_jsonl(f, config)
        return
    reject = _rejecter(f.key, escape_name(f.path))
    if f.size > config.max_file_bytes:
        yield reject("read", "too_large", f"{f.size} bytes is over the {config.max_file_bytes}-byte limit (IngestConfig.max_file_bytes)")
        return
    try:
        with open_input(f.path) as stream:
            data = stream.read()
    except UnreadableInput as exc:
        yield reject(exc.stage, exc.reason, exc.message)
        return
    digest = sha256_hex(data)
    decoded = decode(data, decode_config)
    if isinstance(decoded, Undecodable):
        yield reject("decode", decoded.reason, decoded.message, sha=digest)
        return
    if len(decoded.text.strip()) < config.min_text_chars:
        yield reject("read", "empty", "the file holds no text", sha=digest)
        return
    yield RawRecord(
        source_key=f.key, source_uri=escape_name(f.path), source_format=f.format, source_sha256=digest, encoding=decoded.encoding,
        content=decoded.text, is_html=f.format == "html", source_group=f.group, decode_fixes=decoded.fixes,
    )


def _rejecter(key: str, uri: str):
    def reject(stage: str, reason: str, message: str, *, record_key: str | None = None, sha: str | None = None, sub_key: str | None = None) -> Rejected:
        return Rejected(sub_key or key, uri, stage, reason, message, record_key, sha)

    return reject


def _read_jsonl(f: InputFile, config: IngestConfig) -> Iterator[RawRecord | Rejected]:
    """The records of a JSONL file, or of one of its line ranges (`InputFile.range`): a range
    yields exactly what a whole-file read yields for its lines."""
    reject = _rejecter(f.key, escape_name(f.path))
    part = f.range
    try:
        handle = open_input(f.path)
    except UnreadableInput as exc:
        if part is None or part.start == 0:  # the file's one reject, from its first range
            yield reject(exc.stage, exc.reason, exc.message)
        return
    if part is not None and handle.seek(0, io.SEEK_END) != part.file_size:
        handle.close()
        if part.start:  # changed since its ranges were cut: the first range reads it whole
            return
        yield from _read_jsonl(dataclasses.replace(f, range=None), config)
        return
    seen: set[str] = set(part.seen_before) if part else set()
    try:
        with handle, (gzip.GzipFile(fileobj=handle, mode="rb") if f.path.endswith(".gz") else contextlib.nullcontext(handle)) as raw:
            if part is not None:
                raw = LineWindow(raw, part.start, part.end)
            stream = io.BufferedReader(raw) if not isinstance(raw, io.BufferedReader) else raw
            for line_no, line in enumerate(bounded_lines(stream, config.max_file_bytes), start=part.first_line if part else 1):
                if line is None:
                    rk = f"L{line_no}"
                    yield reject("read", "too_large", f"line {line_no} is over the {config.max_file_bytes}-byte limit", record_key=rk, sub_key=f"{f.key}#{rk}")
                    continue
                if not line.strip():
                    continue  # blank lines between records are not records
                yield _jsonl_record(f, line, line_no, seen, reject)
    except (gzip.BadGzipFile, EOFError) as exc:
        yield reject("read", "corrupt_archive", f"cannot read the gzip stream: {exc}")


class LineWindow(io.RawIOBase):
    """The bytes `start` to `end` of a seekable binary file, as a stream of their own."""

    def __init__(self, raw, start: int, end: int) -> None:
        super().__init__()
        raw.seek(start)
        self._raw, self._left = raw, end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(min(len(buffer), self._left)) if self._left > 0 else b""
        buffer[:len(data)] = data
        self._left -= len(data)
        return len(data)


def record_id(line: bytes) -> str | None:
    """The id a JSONL line claims for its file (None: a blank or malformed line, no usable id):
    a later line with the same id is a `duplicate_id` (what `_jsonl_record` adds to `seen`)."""
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return _usable_id(obj.get("id")) if isinstance(obj, dict) else None


def _usable_id(rid) -> str | None:
    if rid is None or (isinstance(rid, str) and not rid.strip()) or isinstance(rid, (dict, list, bool)):
        return None
    return str(rid)


def bounded_lines(stream, limit: int) -> Iterator[bytes | None]:
    """Yield lines, or None for a line longer than `limit` (skipped without holding it in memory).
    One item per line: the reader numbers records by it, and the shard planner counts with it."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _jsonl_record(f: InputFile, line: bytes, line_no: int, seen: set[str], reject) -> RawRecord | Rejected:
    digest = sha256_hex(line.rstrip(b"\r\n"))
    line_key = f"L{line_no}"
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return reject("parse", "malformed_json", f"line {line_no}: {exc}", record_key=line_key, sha=digest, sub_key=f"{f.key}#{line_key}")
    if not isinstance(obj, dict):
        return reject("parse", "malformed_json", f"line {line_no}: a record must be a JSON object, got {type(obj).__name__}", record_key=line_key, sha=digest, sub_key=f"{f.key}#{line_key}")
    rid = _usable_id(obj.get("id"))
    if rid is None:
        return reject("parse", "missing_field", f"line {line_no}: record has no usable 'id'", record_key=line_key, sha=digest, sub_key=f"{f.key}#{line_key}")
    key = f"{f.key}#{rid}"
    if rid in seen:
        return reject("parse", "duplicate_id", f"line {line_no}: id {rid!r} already used earlier in this file", record_key=f"{rid}@{line_key}", sha=digest, sub_key=f"{key}@{line_key}")
    seen.add(rid)
    text, html = obj.get("text"), obj.get("html")
    content = text if isinstance(text, str) and text.strip() else html if isinstance(html, str) and html.strip() else None
    if content is None:
        return reject("parse", "missing_field", f"record {rid!r} has neither a non-empty 'text' nor 'html' string", record_key=rid, sha=digest, sub_key=key)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    title = obj.get("title") if isinstance(obj.get("title"), str) and obj.get("title").strip() else None
    host = url_host(url)
    return RawRecord(
        source_key=key, source_uri=escape_name(f.path), source_format="jsonl", source_sha256=digest, encoding="utf_8",
        content=content, is_html=content is not text, source_group=host or f.group, source_id=rid, url=url, title=title,
    )
