"""Every excerpt occurs verbatim in its source's archived text, after the archive's checksum is verified."""

from __future__ import annotations

import hashlib

import pytest

from analysis import paths
from analysis.loading import EXCERPT_SEPARATOR, load

DATA = load()
ARCHIVED = DATA.sources[DATA.sources["archive_path"].notna()]


def _archive_text(source_id: str) -> str:
    row = ARCHIVED.loc[source_id]
    path = paths.ARCHIVE_DIR / row["archive_path"]
    if not path.exists():
        pytest.skip(f"archive of {source_id} not present at {path}; excerpts of this source are not verified")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    assert digest == row["archive_sha256"], f"{path}: sha256 {digest} differs from sources.csv"
    return raw.decode("utf-8")


@pytest.mark.parametrize("source_id", list(ARCHIVED.index))
def test_archive_checksum_matches(source_id):
    _archive_text(source_id)


def _excerpt_rows():
    for table in ("events", "figures", "spans"):
        frame = getattr(DATA, table)
        for row_id, source_id, excerpt in zip(frame.index, frame["source_id"], frame["excerpt"], strict=True):
            if source_id in ARCHIVED.index:
                yield pytest.param(source_id, excerpt, id=f"{table}:{row_id}")


@pytest.mark.parametrize(("source_id", "excerpt"), list(_excerpt_rows()))
def test_excerpt_occurs_in_archive(source_id, excerpt):
    text = _archive_text(source_id)
    for passage in excerpt.split(EXCERPT_SEPARATOR):
        assert passage in text, f"not in {source_id}'s archive: {passage!r}"


def test_every_source_row_with_data_is_archived():
    used = set(DATA.events["source_id"]) | set(DATA.figures["source_id"])
    assert used <= set(ARCHIVED.index), "a source with rows has no archive to verify its excerpts"
