"""Archived source texts: check each archive against its sha256 and find every excerpt in it.

The archives live beside the repository (`../shared/`); where one is missing here its excerpts are reported as
not verified, never as verified.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.loading import EXCERPT_SEPARATOR, FAILURE_COLUMNS, Dataset

EXCERPT_TABLES = ("events", "figures", "spans")


def read_archive(path: Path, sha256: str) -> str | None:
    """The archive's text if its checksum is `sha256`; None if the file is missing. Raises on a mismatch."""
    if not path.exists():
        return None
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise ValueError(f"the archive at {path} has sha256 {digest}")
    return raw.decode("utf-8")


def passages(frame: pd.DataFrame) -> pd.Series:
    """One row per verbatim passage of each excerpt (passages are joined by ' […] '), indexed by row id."""
    return frame["excerpt"].str.split(EXCERPT_SEPARATOR, regex=False).explode()


def excerpts_found(passages: pd.Series, text: str) -> pd.Series:
    """Whether each passage occurs verbatim in `text` (one vectorised search, the text not copied per row)."""
    strings = np.dtypes.StringDType()
    found = np.strings.find(np.array([text], dtype=strings), passages.to_numpy(dtype=strings)) >= 0
    return pd.Series(found, index=passages.index, dtype=bool)


def verify_archives(data: Dataset, archive_dir: Path = paths.ARCHIVE_DIR) -> tuple[pd.DataFrame, list[str]]:
    """Every problem found (a checksum that differs, an excerpt not in its archive) in the loader's failure
    format, and the ids of sources whose archive is not present, whose excerpts are therefore not verified."""
    problems, missing, texts = [], [], {}
    archived = data.sources[data.sources["archive_path"].notna()]
    for source_id, row in archived.iterrows():  # one per source document, a handful
        try:
            texts[source_id] = read_archive(Path(archive_dir) / row["archive_path"], row["archive_sha256"])
        except ValueError as error:
            problems.append({"file": str(data.data_dir / "sources.csv"), "line": row["line"],
                             "field": "archive_sha256", "value": row["archive_sha256"], "expected": f"{error}"})
            continue
        if texts[source_id] is None:
            missing.append(source_id)
    for table in EXCERPT_TABLES:
        frame = getattr(data, table)
        parts = passages(frame)
        source = pd.Series(parts.index.map(frame["source_id"]), index=parts.index)
        for source_id, text in texts.items():
            if text is None:
                continue
            found = excerpts_found(parts[source == source_id], text)
            for row_id in found[~found].index.unique():  # the failures only
                problems.append({"file": str(data.data_dir / f"{table}.csv"), "line": frame.loc[row_id, "line"],
                                 "field": "excerpt", "value": frame.loc[row_id, "excerpt"],
                                 "expected": f"verbatim passages of {source_id}'s archived text"})
    return pd.DataFrame(problems, columns=FAILURE_COLUMNS), sorted(missing)
