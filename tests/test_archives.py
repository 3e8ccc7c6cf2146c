"""Every excerpt occurs verbatim in its source's archived text, after the archive's checksum is verified; every
command that loads data refuses an excerpt that is not, and names the archives folder it looked in."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest

from analysis import archives, paths
from analysis.loading import DataValidationError, load

DATA = load()
ARCHIVED = DATA.sources[DATA.sources["archive_path"].notna()]
HADRUT = "an-violation-hadrut"  # its excerpt is a verbatim sentence of the seed article


def _run(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "analysis", *arguments], capture_output=True, text=True,
                          cwd=paths.REPO_DIR, env={**os.environ, **(env or {})})


def _needs(source_id: str) -> None:
    if not (paths.ARCHIVE_DIR / ARCHIVED.loc[source_id, "archive_path"]).exists():
        pytest.skip(f"the archive of {source_id} is not present in {paths.ARCHIVE_DIR}")


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
    assert set(DATA.archives.verified) == set(ARCHIVED.index), "load itself verified every archived source"


def test_every_source_row_with_data_is_archived():
    used = set(DATA.events["source_id"]) | set(DATA.figures["source_id"])
    assert used <= set(ARCHIVED.index), "a source with rows has no archive to verify its excerpts"


def test_a_changed_excerpt_and_a_wrong_checksum_are_refused_by_load(editable):
    _needs("meduza-2020-12-03")
    paraphrase = "On November 17 Armenia reported 2,425 Armenian soldiers dead."
    line = editable.set("figures", "meduza-am-deaths", "excerpt", paraphrase)
    sha_line = editable.set("sources", "bbc-55174211", "archive_sha256", "0" * 64)
    with pytest.raises(DataValidationError) as caught:
        load(editable.folder, cache=False)
    problems = caught.value.failures
    hit = problems[(problems["field"] == "excerpt") & (problems["line"] == line)]
    assert hit["expected"].str.contains(str(paths.ARCHIVE_DIR), regex=False).all() and len(hit) == 1
    assert ((problems["field"] == "archive_sha256") & (problems["line"] == sha_line)).any()
    run = _run("summary", "--data", str(editable.folder))
    assert run.returncode == 1 and f"figures.csv, line {line}, field 'excerpt'" in run.stderr


@pytest.mark.parametrize("command", [["cite", HADRUT, "--style", "markdown"], ["check"],
                                     ["brief", "check", "README.md"], ["summary"]])
def test_every_command_refuses_to_quote_a_changed_excerpt(editable, command):
    _needs("asia-news-2020-12-12")
    excerpt = editable.rows("events")[[r["event_id"] for r in editable.rows("events")].index(HADRUT)]["excerpt"]
    line = editable.set("events", HADRUT, "excerpt", excerpt.replace("Hadrut", "Shusha"))
    run = _run(*command, "--data", str(editable.folder))
    assert run.returncode != 0, run.stdout
    assert "Shusha" not in run.stdout, "the changed excerpt was quoted"
    assert f"events.csv, line {line}, field 'excerpt'" in run.stderr
    assert str(paths.ARCHIVE_DIR) in run.stderr, "the message names the folder the archive was read from"


def test_archives_folder_from_the_option_or_the_environment(editable, tmp_path):
    _needs("asia-news-2020-12-12")
    excerpt = editable.rows("events")[[r["event_id"] for r in editable.rows("events")].index(HADRUT)]["excerpt"]
    editable.set("events", HADRUT, "excerpt", excerpt.replace("Hadrut", "Shusha"))
    elsewhere = tmp_path / "no-archives-here"
    elsewhere.mkdir()
    for run in (_run("summary", "--data", str(editable.folder), "--archives", str(elsewhere)),
                _run("summary", "--data", str(editable.folder), env={paths.ARCHIVES_ENV: str(elsewhere)})):
        assert run.returncode == 0, run.stderr
        assert f"not present in {elsewhere}, so not verified: " in run.stdout
        assert "asia-news-2020-12-12" in run.stdout.rsplit("not verified", 1)[1]
    # The archives can be moved with the data: a copy of them verifies again, and refuses the change.
    import shutil

    copy = tmp_path / "archives"
    shutil.copytree(paths.ARCHIVE_DIR, copy)
    run = _run("cite", HADRUT, "--data", str(editable.folder), "--archives", str(copy))
    assert run.returncode != 0 and str(copy) in run.stderr
    assert _run("cite", HADRUT, "--archives", str(tmp_path / "missing")).returncode == 2


@pytest.mark.parametrize("archive_path", ["/etc/hostname", "../../../etc/hostname", "seeds/../../x.txt",
                                          "C:\\Windows\\win.ini"])
def test_an_archive_path_leaving_the_archives_folder_is_refused(editable, archive_path):
    line = editable.set("sources", "meduza-2020-12-03", "archive_path", archive_path)
    with pytest.raises(DataValidationError) as caught:
        load(editable.folder, cache=False)
    problems = caught.value.failures
    hit = problems[(problems["field"] == "archive_path") & (problems["line"] == line)]
    assert len(hit) == 1 and "inside the archives folder" in hit.iloc[0]["expected"], problems.to_string()


def test_passages_are_found_as_whole_lines_or_inside_them():
    lines = [f"{i},event {i},\"a quoted, field\",{i * 7}" for i in range(50_000)]
    raw = ("\r\n".join(lines) + "\r\n").encode()
    wanted = pa.array(lines[::7] + ["event 12,\"a quoted", "not in the file", lines[3] + "x", "event 49999,"],
                      pa.large_string())
    found = archives.passages_found(wanted, raw)
    assert found[: len(lines[::7])].all()
    assert list(found[len(lines[::7]):]) == [True, False, False, True]
    assert found.dtype == np.bool_
