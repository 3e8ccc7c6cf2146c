"""Every excerpt occurs verbatim in its source's archived text, after the archive's checksum is verified."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import archives, paths
from analysis.loading import load

DATA = load()
ARCHIVED = DATA.sources[DATA.sources["archive_path"].notna()]


@pytest.mark.parametrize("source_id", list(ARCHIVED.index))
def test_archive_checksum_matches(source_id):
    row = ARCHIVED.loc[source_id]
    path = paths.ARCHIVE_DIR / row["archive_path"]
    if archives.read_archive(path, row["archive_sha256"]) is None:
        pytest.skip(f"archive of {source_id} not present at {path}; excerpts of this source are not verified")


@pytest.mark.parametrize("table", archives.EXCERPT_TABLES)
def test_every_excerpt_occurs_in_its_archive(table):
    problems, missing = archives.verify_archives(DATA)
    if missing:
        pytest.skip(f"archives not present for {missing}; their excerpts are not verified")
    assert problems.empty, problems.to_string()
    assert len(getattr(DATA, table)) > 0


def test_every_source_row_with_data_is_archived():
    used = set(DATA.events["source_id"]) | set(DATA.figures["source_id"])
    assert used <= set(ARCHIVED.index), "a source with rows has no archive to verify its excerpts"


def test_a_changed_excerpt_and_a_wrong_checksum_are_named(editable):
    if not (paths.ARCHIVE_DIR / ARCHIVED.loc["meduza-2020-12-03", "archive_path"]).exists():
        pytest.skip("the Meduza archive is not present here")
    paraphrase = "On November 17 Armenia reported 2,425 Armenian soldiers dead."
    line = editable.set("figures", "meduza-am-deaths", "excerpt", paraphrase)
    sha_line = editable.set("sources", "bbc-55174211", "archive_sha256", "0" * 64)
    problems, _ = archives.verify_archives(load(editable.folder))
    assert ((problems["field"] == "excerpt") & (problems["line"] == line)).any()
    assert ((problems["field"] == "archive_sha256") & (problems["line"] == sha_line)).any()
    run = subprocess.run([sys.executable, "-m", "analysis", "summary", "--data", str(editable.folder)],
                         capture_output=True, text=True, cwd=paths.REPO_DIR)
    assert run.returncode == 1 and f"figures.csv, line {line}, field 'excerpt'" in run.stdout + run.stderr
