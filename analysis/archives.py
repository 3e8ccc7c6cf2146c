"""Archived source texts: check each archive against its sha256 and find every excerpt in it.

The archives live in one folder (`paths.archive_dir()`: `--archives DIR`, $ANALYSIS_ARCHIVES, or `../shared`
beside the repository). `analysis.load` verifies every excerpt whose archive is present there and refuses data
with an excerpt that is not verbatim; where an archive is missing its excerpts are reported as not verified,
never as verified (`ArchiveStatus`).

Verification scales to an event-data file registered as an archive (hundreds of MB, an excerpt per line): each
passage is first looked up among the archive's whole lines (one hash join), and only the rest are searched
for as substrings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EXCERPT_SEPARATOR = " […] "
EXCERPT_TABLES = ("events", "figures", "spans")
FAILURE_COLUMNS = ["file", "line", "field", "value", "expected"]


@dataclass(frozen=True)
class ArchiveStatus:
    """Which sources' excerpts were verified against their archived text, and in which folder."""

    folder: Path
    verified: tuple[str, ...] = ()  # checksum matched and every excerpt was found
    missing: tuple[str, ...] = ()  # the archive is not in `folder`: excerpts not verified

    def describe(self) -> str:
        """One sentence for a reader: how many texts were checked, and which were not present, naming the folder."""
        if not self.folder.is_dir():
            return (f"the archives folder {self.folder} does not exist, so no excerpt was verified "
                    "(--archives DIR or ANALYSIS_ARCHIVES names another)")
        text = f"{len(self.verified)} source text(s) in {self.folder} checked against their sha256 and excerpts"
        if self.missing:
            text += f"; not present in {self.folder}, so not verified: {', '.join(self.missing)}"
        return text


def outside_folder(archive_paths: pd.Series) -> pd.Series:
    """Whether each archive_path would leave the archives folder: absolute ('/etc/hostname', 'C:\\x') or with a
    '..' part ('../../..'). Empty paths are not outside."""
    def leaves(text: str) -> bool:  # one call per source document, a handful
        parts = [PurePosixPath(text), PureWindowsPath(text)]
        return any(p.is_absolute() or p.anchor or ".." in p.parts for p in parts)

    return archive_paths.fillna("").map(lambda text: bool(text) and leaves(text)).astype(bool)


def read_archive(path: Path, sha256: str) -> bytes | None:
    """The archive's bytes if its checksum is `sha256`; None if the file is missing. Raises on a mismatch."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise ValueError(f"the sha256 of {path}, which is {digest}")
    return raw


def passages(excerpts: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Each verbatim passage of each excerpt (passages are joined by ' […] ') and the position of its excerpt."""
    split = pc.split_pattern(excerpts, EXCERPT_SEPARATOR)
    return pc.list_flatten(split), pc.list_parent_indices(split).to_numpy()


def passages_found(found_in: pa.Array, raw: bytes) -> np.ndarray:
    """Whether each passage occurs verbatim in the archived text `raw` (UTF-8 bytes).

    Whole lines first: a hash lookup among the text's lines (an event-data file registered as an archive has an
    excerpt per line), then a substring search for the passages that are parts of lines.
    """
    text = pa.LargeStringArray.from_buffers(1, pa.py_buffer(np.array([0, len(raw)], dtype=np.int64)),
                                            pa.py_buffer(raw))
    lines = pc.utf8_rtrim(pc.list_flatten(pc.split_pattern(text, "\n")), characters="\r")
    found = pc.is_in(found_in, value_set=lines).to_numpy(zero_copy_only=False)
    rest = np.flatnonzero(~found)
    if len(rest):
        decoded = raw.decode("utf-8")
        # str.__contains__ mapped in C: measured faster than np.strings.find, which copies the text per call
        found[rest] = np.fromiter(map(decoded.__contains__, found_in.take(rest).to_pylist()), bool, len(rest))
    return found


def verify_excerpts(sources: pd.DataFrame, sources_file: str, tables: dict[str, tuple[str, pd.DataFrame]],
                    folder: Path) -> tuple[pd.DataFrame, ArchiveStatus]:
    """Every problem found (a checksum that differs, an excerpt not in its archive) in the loader's failure format,
    and the status of each archived source. `sources` has source_id, archive_path, archive_sha256 and line;
    `tables` maps a table name to its file and a frame with source_id, excerpt and line."""
    problems, texts, missing = [], {}, []
    archived = sources[sources["archive_path"].notna() & (sources["archive_path"] != "")]
    for source_id, archive_path, sha256, line in zip(archived["source_id"], archived["archive_path"],
                                                    archived["archive_sha256"], archived["line"], strict=True):
        path = folder / archive_path  # one per source document
        try:
            raw = read_archive(path, sha256)
        except ValueError as error:
            problems.append({"file": sources_file, "line": line, "field": "archive_sha256", "value": sha256,
                             "expected": str(error)})
            continue
        if raw is None:
            missing.append(source_id)
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append({"file": sources_file, "line": line, "field": "archive_path", "value": archive_path,
                             "expected": f"a UTF-8 text file at {path} (byte {error.start} is not UTF-8)"})
            continue
        texts[source_id] = (raw, path)
    for file, frame in tables.values():
        if not texts or not len(frame):
            continue
        parts, parent = passages(_arrow(frame["excerpt"]))
        owner = _arrow(frame["source_id"]).take(parent)
        code = pc.fill_null(pc.index_in(owner, value_set=pa.array(list(texts), pa.large_string())), -1).to_numpy()
        order = np.argsort(code, kind="stable")
        bounds = np.searchsorted(code[order], np.arange(len(texts) + 1))
        for i, (source_id, (raw, path)) in enumerate(texts.items()):
            rows = order[bounds[i]:bounds[i + 1]]
            found = passages_found(parts.take(rows), raw)
            for row in np.unique(parent[rows[~found]]):  # the failures only
                problems.append({"file": file, "line": int(frame["line"].iloc[row]), "field": "excerpt",
                                 "value": frame["excerpt"].iloc[row],
                                 "expected": f"verbatim passages of {source_id}'s archived text {path}"})
    status = ArchiveStatus(Path(folder), tuple(sorted(texts)), tuple(sorted(missing)))
    return pd.DataFrame(problems, columns=FAILURE_COLUMNS), status


def _arrow(column: pd.Series) -> pa.Array:
    """A text column as one Arrow large_string array (zero-copy for pandas' Arrow-backed strings)."""
    array = pa.array(column, type=pa.large_string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def verify_archives(data, archive_dir: Path | str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """`verify_excerpts` for a loaded Dataset: the problems and the ids of sources whose archive is not present
    (in `archive_dir`, default `paths.archive_dir()`)."""
    from analysis import paths

    folder = paths.archive_dir(archive_dir)
    tables = {name: (str(data.data_dir / f"{name}.csv"), getattr(data, name)) for name in EXCERPT_TABLES}
    problems, status = verify_excerpts(data.sources, str(data.data_dir / "sources.csv"), tables, folder)
    return problems, list(status.missing)
