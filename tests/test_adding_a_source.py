"""Adding a source is a tested path: the README's walk-through, run as written on a source written for the test,
and `add-source`'s derivations (checksum, archive path, publication date, title) on their own."""

from __future__ import annotations

import csv
import io
import os
import shlex
import shutil
import subprocess
import sys

import fixture_sources
import pytest
from conftest import EditableData

from analysis import add_source, archives, checks, loading, paths

README = (paths.REPO_DIR / "README.md").read_text(encoding="utf-8")
GUIDE = README.split("## Adding a source, an event and a figure", 1)[1].split("\n## ", 1)[0]
MEDUZA = paths.ARCHIVE_DIR / "sources" / "meduza-2020-12-03.txt"


def _blocks(kind: str) -> list[str]:
    """The guide's code blocks of one kind, their list-item indentation removed."""
    return ["\n".join(line.strip() for line in block.split("```", 1)[0].splitlines())
            for block in GUIDE.split(f"```{kind}\n")[1:]]


def _commands() -> list[list[str]]:
    """The guide's commands, as argument lists after `python -m analysis` (continuation lines joined)."""
    lines = "\n".join(_blocks("sh")).replace("\\\n", " ").splitlines()
    return [shlex.split(line)[3:] for line in lines if line.strip().startswith(".venv/bin/python -m analysis")]


def _run(arguments: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *arguments], capture_output=True, text=True,
                          cwd=paths.REPO_DIR)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_guide_runs_as_written_on_a_new_source(tmp_path):
    """Step by step as the README says, with the fixture's values in place of Meduza's."""
    commands = _commands()
    assert [c[0] for c in commands] == ["add-source", "summary", "check"], "the guide's steps changed: update me"
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    archive_dir = tmp_path / "archives"
    incoming = tmp_path / "incoming" / "parade-diaspora.txt"  # outside the archives: add-source copies it in
    incoming.parent.mkdir()
    shutil.copyfile(fixture_sources.FIXTURE_SOURCES / "parade-diaspora.txt", incoming)
    ours = {"--publisher": "Diaspora weekly (fixture)", "--url": "https://diaspora.example/news/2020/12/11/parade"}

    # 1. Archive the text and add the source: the guide's options, our values.
    add = commands[0]
    options = [a for a in add[2:] if a.startswith("--")]
    assert options == list(ours), "the guide uses options this test does not fill: update me"
    run = _run(["add-source", str(incoming), *[x for o in options for x in (o, ours[o])], "--data", str(data),
                "--archives", str(archive_dir)])
    assert run.returncode == 0, run.stderr
    derived = [line for line in run.stdout.splitlines() if line.startswith("Derived ")]
    assert [d.split(":")[0].split(" 20")[0] for d in derived] == [
        line.split(":")[0].split(" 20")[0] for line in _blocks("text")[0].strip().splitlines()], "as the guide shows"
    assert "Derived publication date 2020-12-11: Date in the article's address (/2020/12/11/)." in derived
    row = _csv_rows((data / "sources.csv").read_text(encoding="utf-8"))[-1]
    assert row[0] == "parade-diaspora" and row[3] == "2020-12-11" and row[2] == "Baku marks its victory with a parade"
    assert row[-2] == "sources/parade-diaspora.txt" and (archive_dir / row[-2]).read_bytes() == incoming.read_bytes()
    assert row[-1] == add_source.sha256_of(incoming)

    # 2. An account of an event another source reports (the bundled data's parade), date resolved from the words.
    editable = EditableData(data)
    excerpt = "Almost 3,000 troops marched through the centre of Baku on Thursday, 10 December"
    fixture_sources.add_event(editable, "diaspora-parade", "victory-parade", "2020-12-10", "parade-diaspora",
                              excerpt, kind="parade", title="Victory parade in Baku", date_basis="resolved",
                              date_expression="10 December")
    # 3. A figure in the source's own words.
    fixture_sources.add_figure(editable, "diaspora-parade-troops", "parade-diaspora", excerpt, quantity="troops",
                               side="azerbaijan", value=3000, qualifier="almost", value_text="Almost 3,000 troops",
                               as_of="2020-12-10", as_of_basis="stated", event_id="diaspora-parade")

    # 4. Check: summary validates, the archive verifies, check finds the disagreement and exits 1.
    summary = _run([*commands[1], "--data", str(data)])
    assert summary.returncode == 0, summary.stderr
    problems, _ = archives.verify_archives(loading.load(data), archive_dir)
    assert problems.empty, problems.to_string()
    check = _run([*commands[2], "--data", str(data)])
    assert check.returncode == 1
    assert "contradiction(s): figures agree troops/azerbaijan/military/people" in check.stdout
    cite = _run(["cite", "diaspora-parade-troops", "--data", str(data)])
    assert cite.stdout.startswith("almost 3,000 troops"), cite.stdout


def test_the_guides_check_output_is_the_real_output(data):
    table = checks.worded(checks.run_checks(data))
    lines = _blocks("text")[-1].strip().splitlines()
    assert lines
    for line in lines:
        check, stated, derived, verdict = line.split(" | ")
        found = table[(table["check"] == check) & (table["stated"] == stated) & (table["derived"] == derived)]
        assert found["verdict"].tolist() == [verdict], line


@pytest.mark.skipif(not MEDUZA.exists(), reason=f"the archived Meduza text is not at {MEDUZA}")
def test_the_guides_add_source_reproduces_the_real_row(tmp_path):
    """The README's own command, on the real archive, gives the row in data/ (whose note adds what the curator
    knew) and the derivations the README shows."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    rows = _csv_rows((data / "sources.csv").read_text(encoding="utf-8"))
    real = next(r for r in rows if r[0] == "meduza-2020-12-03")
    (data / "sources.csv").write_text("".join(add_source.csv_line(dict(enumerate(r))) for r in rows if r is not real),
                                      encoding="utf-8")
    run = _run([*_commands()[0], "--data", str(data)])
    assert run.returncode == 0, run.stderr
    for line in _blocks("text")[0].strip().splitlines():
        assert line in run.stdout
    added = _csv_rows((data / "sources.csv").read_text(encoding="utf-8"))[-1]
    note = real.pop(4), added.pop(4)
    assert added == real
    assert note[0].startswith(note[1].rstrip(".")), note


# ---------------------------------------------------------------------------------------------- derivations


@pytest.mark.parametrize(("url", "expected"), [
    ("https://meduza.io/en/news/2020/12/03/azerbaijan-reports", "2020-12-03"),
    ("https://example.org/2020-11-10/statement", "2020-11-10"),
    ("https://www.primeminister.am/en/press-release/item/2020/11/10/Announcement/", "2020-11-10"),
    ("https://example.org/2020/13/03/story", None),  # no 13th month
    ("https://example.org/2020/02/30/story", None),  # no 30 February
    ("https://www.bbc.com/news/world-europe-55174211", None),
    (None, None),
])
def test_a_date_in_the_address(url, expected):
    found = add_source.date_from_url(url)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Press release 10 November 2020\n\nStatement by ...", "2020-11-10"),
    ("Statement by the leaders\n\n10.11.2020\n\nWe, ...", "2020-11-10"),
    ("BAKU, December 10, 2020 - A parade was held in the capital on Thursday before a large crowd of people.",
     "2020-12-10"),
    ("Title\n2020-12-03\nBody", "2020-12-03"),
    # A date inside the story is not a dateline, nor is a date without a year.
    ("Title\n\nThe agreement, which the two sides signed on 10 November 2020, ended six weeks of fighting.", None),
    ("Title\n\n10 December\n\nBody", None),
    ("Title\n\nOne\n\nTwo\n\nThree\n\nFour\n\n10 November 2020", None),  # past the first lines
])
def test_a_dateline(text, expected):
    found = add_source.date_from_dateline(text)
    assert (found.value if found else None) == expected


def test_dates_that_disagree_are_both_reported_and_neither_used():
    date, note = add_source.publication_date("https://example.org/2020/12/03/x", "Title\n4 December 2020\nBody")
    assert date == "" and "2020-12-03" in note and "2020-12-04" in note
    date, note = add_source.publication_date("https://example.org/2020/12/03/x", "Title\n3 December 2020\nBody")
    assert date == "2020-12-03" and "address" in note and "Dateline" in note
    assert add_source.publication_date(None, "Title\nBody") == (
        "", "Not captured: neither the address nor a dateline in the text gives a date.")


def test_the_title_is_the_first_line_that_is_not_a_dateline():
    assert add_source.title_from_text("Press release 10 November 2020\n\nStatement by X\n").value == "Statement by X"
    assert add_source.title_from_text("[Copied from the print edition]\nToll rises\nBody\n").value == "Toll rises", \
        "a bracketed editor's note is no headline"


def test_a_wire_datelines_note_quotes_the_dateline_not_the_story():
    """A user's trial: the note quoted the whole first paragraph as the "Dateline"."""
    found = add_source.date_from_dateline("Toll rises\nYEREVAN, 13 January 2021 (Reuters) - The number of Armenian "
                                          "servicemen killed in the war has risen again.\n")
    assert found.value == "2021-01-13" and found.how == "Dateline in the text: 'YEREVAN, 13 January 2021 (Reuters)'."


def test_a_date_given_by_hand_needs_a_note():
    with pytest.raises(ValueError, match="--date needs --date-note"):
        add_source.source_row(source_id="x", publisher="P", archive_path="sources/x.txt", sha256="0" * 64,
                              text="Title", date="2020-12-03")


@pytest.fixture
def folder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    return data


def test_a_bad_row_is_refused_naming_file_line_and_field(folder, tmp_path):
    text = tmp_path / "Bad Name.txt"
    text.write_text("A title\n\nBody\n", encoding="utf-8")
    before = (folder / "sources.csv").read_bytes()
    run = _run(["add-source", str(text), "--publisher", "P", "--data", str(folder), "--archives", str(tmp_path)])
    assert run.returncode == 2 and "source id 'bad name' does not match" in run.stderr
    run = _run(["add-source", str(text), "--id", "wikipedia-casualties", "--publisher", "P", "--language", "english",
                "--data", str(folder), "--archives", str(tmp_path / "a")])
    assert run.returncode == 1
    assert f"{folder / 'sources.csv'}, line 8, field 'language': found 'english'" in run.stderr
    assert "field 'source_id': found 'wikipedia-casualties'; expected an id not yet in sources.csv" in run.stderr
    assert (folder / "sources.csv").read_bytes() == before and not (tmp_path / "a").exists(), "nothing written"


def test_text_that_is_not_utf8_is_refused(folder, tmp_path):
    text = tmp_path / "latin.txt"
    text.write_bytes("Caf\xe9 report\n".encode("latin-1"))
    run = _run(["add-source", str(text), "--publisher", "P", "--data", str(folder), "--archives", str(tmp_path)])
    assert run.returncode == 2 and "not UTF-8 text" in run.stderr


def test_dry_run_writes_nothing_and_an_archived_text_is_never_overwritten(folder, tmp_path):
    archive_dir = tmp_path / "archives"
    text = tmp_path / "new-report.txt"
    text.write_text("New report\n\nBody\n", encoding="utf-8")
    before = (folder / "sources.csv").read_bytes()
    run = _run(["add-source", str(text), "--publisher", "P", "--data", str(folder), "--archives", str(archive_dir),
                "--dry-run"])
    assert run.returncode == 0 and run.stdout.splitlines()[-1].startswith("new-report,P,New report,,Not captured")
    assert (folder / "sources.csv").read_bytes() == before and not archive_dir.exists()
    (archive_dir / "sources").mkdir(parents=True)
    (archive_dir / "sources" / "new-report.txt").write_text("another text\n", encoding="utf-8")
    run = _run(["add-source", str(text), "--publisher", "P", "--data", str(folder), "--archives", str(archive_dir)])
    assert run.returncode == 2 and "exists and holds another text" in run.stderr
    assert (folder / "sources.csv").read_bytes() == before


def test_an_added_source_loads(folder, tmp_path):
    text = tmp_path / "statement.txt"
    text.write_text("Statement\n10.11.2020\nText.\n", encoding="utf-8")
    run = _run(["add-source", str(text), "--publisher", "Office", "--type", "primary_document", "--data",
                str(folder), "--archives", str(tmp_path / "archives")])
    assert run.returncode == 0, run.stderr
    source = loading.load(folder).sources.loc["statement"]
    assert str(source["date_published"].date()) == "2020-11-10"
    assert source["date_published_note"] == "Dateline in the text: '10.11.2020'."
    assert source["archive_path"] == "sources/statement.txt" and source["title"] == "Statement"


def test_the_archives_folder_comes_from_analysis_archives_as_for_every_command(folder, tmp_path):
    # A trial user set ANALYSIS_ARCHIVES and saw add-source archive into ../shared instead.
    text = tmp_path / "statement.txt"
    text.write_text("Statement\n10.11.2020\nText.\n", encoding="utf-8")
    archive_dir = tmp_path / "own-archives"
    run = subprocess.run([sys.executable, "-m", "analysis", "add-source", str(text), "--publisher", "Office",
                          "--data", str(folder)], capture_output=True, text=True, cwd=paths.REPO_DIR,
                         env={**os.environ, paths.ARCHIVES_ENV: str(archive_dir)})
    assert run.returncode == 0, run.stderr
    assert (archive_dir / "sources" / "statement.txt").read_text(encoding="utf-8") == text.read_text(encoding="utf-8")
    assert not (paths.ARCHIVE_DIR / "sources" / "statement.txt").exists()
