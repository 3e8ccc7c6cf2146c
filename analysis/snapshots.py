"""Validated snapshots: a data folder, once loaded and validated, is kept as Parquet so that loading it again is a read.

A snapshot is keyed by the sha256 of every CSV of the folder and of the package's own code (a changed rule
re-validates), so an edited file is never served from the cache. Which archive texts its excerpts were verified
against is recorded beside it, keyed by their sha256 too. The cache folder (`paths.cache_dir()`, gitignored) is
safe to delete at any time: the next load validates again and writes a new snapshot.

Hashing a large CSV costs a read of it, so each file's facts (sha256, size, line and quote counts) are kept by
path, size, modification time and inode, as git does, and trusted only for files last modified more than
`RACY_SECONDS` before they were hashed (a file changed twice within the clock's resolution is hashed again).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from analysis import atomic, paths

FORMAT = 1  # bump when the snapshot layout changes
KEEP = 6  # snapshots kept; the least recently used beyond this are removed
RACY_SECONDS = 2.0
CHUNK = 2**20


@dataclass(frozen=True)
class FileFacts:
    """What one pass over a file tells: its checksum, and counts the CSV reader uses to spot quoting trouble."""

    sha256: str
    size: int
    newlines: int
    quotes: int
    ends_with_newline: bool


def _facts_of(path: Path) -> FileFacts:
    # One buffer of CHUNK bytes read into again and again, and one for the comparisons: the bytes stay in the
    # processor's cache between hashing and counting, and no fresh memory is touched per chunk (16 MiB chunks read
    # into new bytes cost 0.53 s of CPU for 265 MB; this, 0.40 s).
    digest, size, newlines, quotes, last = hashlib.sha256(), 0, 0, 0, b""
    buffer = bytearray(CHUNK)
    view, octets, equal = memoryview(buffer), np.frombuffer(buffer, dtype=np.uint8), np.empty(CHUNK, dtype=bool)
    with open(path, "rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])
            size += read
            newlines += int(np.count_nonzero(np.equal(octets[:read], ord("\n"), out=equal[:read])))
            quotes += int(np.count_nonzero(np.equal(octets[:read], ord('"'), out=equal[:read])))
            last = bytes(view[read - 1:read])
    return FileFacts(digest.hexdigest(), size, newlines, quotes, last == b"\n")


def facts_for(files: list[Path], compute: bool = True) -> dict[Path, FileFacts]:
    """FileFacts of each existing file, from the stat-keyed record where it can be trusted; the others are read
    and hashed (or, with `compute=False`, left out)."""
    record_path = paths.cache_dir() / "file-facts.json"
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    out, changed = {}, False
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        name, stamp = str(path.resolve()), [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = record.get(name)
        if known and known.get("stamp") == stamp:
            out[path] = FileFacts(**known["facts"])
            continue
        if not compute:
            continue
        hashed_at = time.time_ns()
        out[path] = _facts_of(path)
        if hashed_at - stat.st_mtime_ns > RACY_SECONDS * 1e9:
            record[name] = {"stamp": stamp, "facts": asdict(out[path])}
            changed = True
    if changed:
        record = {name: entry for name, entry in record.items() if Path(name).exists()}
        _quietly(lambda: atomic.write_text(record_path, json.dumps(record, sort_keys=True)))
    return out


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """sha256 of the package's source and the versions of the libraries that parse and type the data."""
    if not _FINGERPRINT:
        import numpy
        import pandas

        digest = hashlib.sha256(f"{FORMAT} {pandas.__version__} {pa.__version__} {numpy.__version__}".encode())
        for source in sorted(paths.PACKAGE_DIR.glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def key_of(parts: list[str]) -> str:
    """A snapshot key from the code fingerprint and the given parts (table names and their files' sha256)."""
    return hashlib.sha256("\n".join([code_fingerprint(), *parts]).encode()).hexdigest()[:32]


def _folder(key: str) -> Path:
    return paths.cache_dir() / "snapshots" / key


def read(key: str, names: list[str]) -> dict[str, pa.Table] | None:
    """The snapshot's tables, or None when there is none (or it cannot be read: the caller then validates)."""
    wait()
    folder = _folder(key)
    if not (folder / "complete").exists():
        return None
    try:
        tables = {name: _read_parquet(folder / f"{name}.parquet") for name in names}
    except (OSError, pa.ArrowException):
        return None
    _quietly(lambda: os.utime(folder))  # recently used: kept when older ones are pruned
    return tables


def _read_parquet(path: Path) -> pa.Table:
    """read_table for large files (its dataset reader decodes in parallel); Arrow's Parquet reader itself for
    small ones, which spares `cite` importing pyarrow.dataset (30 ms) and pyarrow.parquet, whose pyarrow.fs
    brings ssl and the cloud file systems (12-20 ms), to read a few kilobytes."""
    if path.stat().st_size > 2**20:
        import pyarrow.parquet as pq

        return pq.read_table(path)
    return read_small_parquet(path)


def read_small_parquet(path: Path) -> pa.Table:
    """What `pyarrow.parquet.ParquetFile(path).read()` gives, in one thread, through the reader it wraps
    (`pyarrow._parquet`, not a public module: should it change, the public one is used)."""
    try:
        from pyarrow._parquet import ParquetReader

        reader = ParquetReader()
        reader.open(str(path))
        return reader.read_all(None, use_threads=False)
    except (ImportError, AttributeError, TypeError):
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).read()


def write(key: str, tables: dict[str, pa.Table], statuses: dict[str, dict] | None = None,
          background: bool = False) -> None:
    """Store validated tables under `key` (atomically: a whole snapshot or none) with the archive verifications
    that passed (`write_status`); errors only skip the cache.

    With `background`, a thread writes it while the caller goes on (the tables are immutable Arrow data); the
    interpreter waits for it before exiting, and `wait()` (called by every `read`) waits for it sooner.
    """
    import pyarrow.parquet as pq  # in the caller's thread: the writer may run while the interpreter exits

    def store() -> None:
        final = _folder(key)
        if (final / "complete").exists():
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{key}.", suffix=".tmp"))
        try:
            # Plain encoding: ids and excerpts are unique, so dictionary pages would be built only to be dropped.
            # One file after another: no executor, which would refuse work once the interpreter is exiting.
            for name, table in tables.items():
                pq.write_table(table, tmp / f"{name}.parquet", use_dictionary=False)
            for state, status in (statuses or {}).items():
                (tmp / f"archives-{state}.json").write_text(json.dumps(status, sort_keys=True), encoding="utf-8")
            (tmp / "complete").write_text("", encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)  # an incomplete one left by a killed process
            os.rename(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(final.parent)

    if background:
        thread = threading.Thread(target=_quietly, args=(store,), name=f"snapshot-{key}")
        _PENDING.append(thread)
        thread.start()
    else:
        _quietly(store)


_PENDING: list[threading.Thread] = []


def wait() -> None:
    """Wait for the snapshots being written in the background."""
    while _PENDING:
        _PENDING.pop().join()


def read_status(key: str, state: str) -> dict | None:
    """What was verified against the archives in `state` (see `write_status`), or None if not done yet."""
    try:
        return json.loads((_folder(key) / f"archives-{state}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_status(key: str, state: str, status: dict) -> None:
    """Record that the snapshot's excerpts passed verification against archives in `state` (their sha256s)."""
    folder = _folder(key)
    if folder.exists():
        _quietly(lambda: atomic.write_text(folder / f"archives-{state}.json", json.dumps(status, sort_keys=True)))


def _prune(root: Path) -> None:
    """Keep the KEEP most recently used snapshots, and drop what a killed writer left behind (an hour old)."""
    folders = [p for p in root.iterdir() if p.is_dir()]
    stale = [p for p in folders if p.name.startswith(".") and time.time() - p.stat().st_mtime > 3600]
    snapshots = sorted((p for p in folders if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime,
                       reverse=True)
    for old in stale + snapshots[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def _quietly(action) -> None:
    """Run a cache write; a cache that cannot be written (read-only, full disk) only costs speed."""
    with contextlib.suppress(OSError, pa.ArrowException):
        action()
