"""`python -m analysis add-source FILE`: add a source document to a data folder, deriving what can be derived.

The text is archived (copied into the archives folder unless it is there already), its SHA-256 is computed, and
one row is appended to sources.csv: the archive path relative to the archives folder, the checksum, the title from
the text's first line unless one is given, and the publication date where the address (".../2020/12/03/...") or a
dateline near the top of the text ("Press release 10 November 2020", "10.11.2020") gives it, with a note saying
which. Nothing is guessed: a date that neither gives is left empty with a note saying so, a date given by hand
needs a note saying how it is known, and two that disagree are both reported and neither is used.

    python -m analysis add-source ../shared/sources/meduza-2020-12-03.txt --publisher Meduza \\
        --url https://meduza.io/en/news/2020/12/03/azerbaijan-reports-2-783-soldiers-killed-in-nagorno-karabakh
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import atomic, dates, loading, paths
from analysis.schema import FIELDS, ID_PATTERN, SOURCE_TYPES, TABLES

# A dateline is one of the first few lines of the text: short, or opening with a place ("BAKU, 10 December 2020").
DATELINE_LINES = 5
DATELINE_LENGTH = 60
_MONTH = "|".join(dates.MONTHS)
_FULL_DATE = re.compile(
    rf"\b(\d{{1,2}} (?:{_MONTH})\.?,? \d{{4}}|(?:{_MONTH})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})\b", re.IGNORECASE)
_PLACE_FIRST = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}, ")
_URL_DATE = re.compile(r"/((?:1[89]|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=/|$|[-_.?#])")


@dataclass(frozen=True)
class Derived:
    """A value worked out from the text or the address, and how."""

    value: str
    how: str


def date_from_url(url: str | None) -> Derived | None:
    """The date in an address such as https://example.org/news/2020/12/03/story, or None."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        day = pd.Timestamp(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return Derived(f"{day:%Y-%m-%d}", f"Date in the article's address (/{match[1]}/{match[2]}/{match[3]}/).")


def date_from_dateline(text: str) -> Derived | None:
    """The full date (with a year) of a dateline among the first `DATELINE_LINES` lines, or None.

    A dateline is a short line holding a date ("Press release 10 November 2020", "10.11.2020") or a line opening
    with a place and a date ("BAKU, December 10, 2020 - ..."); a date inside a sentence of the story is not one.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:DATELINE_LINES]
    for line in lines:
        day = _dateline_day(line)
        if day is not None:
            # A wire story's dateline runs into its first sentence ("YEREVAN, 13 January 2021 (Reuters) - The ..."):
            # quote the dateline only.
            date = _FULL_DATE.search(line)
            agency = re.match(r"\s*\([^()]{1,40}\)", line[date.end():])
            quoted = line[:date.end() + (agency.end() if agency else 0)] if _PLACE_FIRST.match(line) else line
            return Derived(day, f"Dateline in the text: '{quoted}'.")
    return None


def title_from_text(text: str) -> Derived | None:
    """The first non-empty line that is not a dateline: the headline in most archived copies."""
    # A line in square brackets is an editor's note on the copy ("[Archived 3 May 2021]"), not the headline.
    lines = (line.strip() for line in text.splitlines() if line.strip() and not re.fullmatch(r"\[.*\]", line.strip()))
    first = next((line for line in lines if _dateline_day(line) is None), "")
    return Derived(first, "the text's first line") if first and len(first) <= 300 else None


def _dateline_day(line: str) -> str | None:
    """The day (YYYY-MM-DD) a line gives if it is a dateline, else None."""
    match = _FULL_DATE.search(line)
    if not match:
        return None
    place = _PLACE_FIRST.match(line)
    if len(line) > DATELINE_LENGTH and not (place and match.start() == place.end()):
        return None
    try:
        day = dates.resolve_expression(match[1].replace(".,", ",").replace(". ", " "))
    except ValueError:
        return None
    return f"{day.earliest:%Y-%m-%d}" if day.precision == "day" else None


def publication_date(url: str | None, text: str) -> tuple[str, str]:
    """(date or "", note) from the address and the dateline: one, or both when they agree; empty when they
    disagree or neither gives one."""
    found = [d for d in (date_from_url(url), date_from_dateline(text)) if d is not None]
    values = {d.value for d in found}
    if len(values) == 1:
        return found[0].value, " ".join(d.how for d in found)
    if len(values) > 1:
        return "", ("Not captured: the sources of a date disagree (" + "; ".join(
            f"{d.value} from {d.how[0].lower()}{d.how[1:].rstrip('.')}" for d in found) + ").")
    return "", "Not captured: neither the address nor a dateline in the text gives a date."


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_row(*, source_id: str, publisher: str, archive_path: str, sha256: str, text: str, url: str | None = None,
               title: str | None = None, date: str | None = None, date_note: str | None = None,
               accessed: str | None = None, language: str = "en", source_type: str = "news",
               licence: str | None = None) -> tuple[dict[str, str], list[str]]:
    """The sources.csv row for a document, and what was derived (one line each, for the curator to check).

    Pure: no files are read or written. `date` needs `date_note` (how the date is known).
    """
    derived = []
    if date:
        if not date_note:
            raise ValueError("--date needs --date-note saying how the date is known (e.g. 'Dated 10.11.2020 in the "
                             "document.')")
        published, note = date, date_note
    else:
        published, note = publication_date(url, text)
        derived.append(f"publication date {published}: {note}" if published else f"publication date: {note}")
    if not title:
        found = title_from_text(text)
        if found is None:
            raise ValueError("the text has no first line to take a title from; give --title")
        title = found.value
        derived.append(f"title from {found.how}: {title}")
    row = {"source_id": source_id, "publisher": publisher, "title": title, "date_published": published,
           "date_published_note": note, "url": url or "", "date_accessed": accessed or "", "language": language,
           "source_type": source_type, "licence": licence or "", "archive_path": archive_path,
           "archive_sha256": sha256}
    return {column: row[column] for column in TABLES["sources"].columns}, derived


def csv_line(row: dict[str, str]) -> str:
    """One row as sources.csv writes it (quoted only where needed, '\\n' line end)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(list(row.values()))
    return out.getvalue()


def problems_with(row: dict[str, str], data_dir: Path) -> pd.DataFrame:
    """The loader's failures for the new row alone (types, patterns, vocabularies, required fields), plus an id
    already in sources.csv, in the loader's failure format. The row is checked as the loader reads it: appended
    to a copy of sources.csv in a temporary folder, so nothing is written until it passes."""
    path = Path(data_dir) / "sources.csv"
    existing = path.read_text(encoding="utf-8") if path.is_file() else ",".join(TABLES["sources"].columns)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "sources.csv").write_text(existing.rstrip("\n") + "\n" + csv_line(row), encoding="utf-8")
        raw = loading.read_raw(Path(folder), TABLES["sources"])
        found = pd.concat([*raw.failures, loading.check_fields(raw)], ignore_index=True)
    line = int(raw.lines[-1]) if len(raw) else 2
    # The loader's "a unique id" failure is said below in this command's words.
    found = found[(found["line"] == line) & ~found["expected"].astype(str).str.startswith("a unique id")]
    found = found.assign(file=str(path))
    if row["source_id"] in set(raw.columns["source_id"].to_pylist()[:-1]):
        taken = pd.DataFrame([[str(path), line, "source_id", row["source_id"], "an id not yet in sources.csv"]],
                             columns=loading.FAILURE_COLUMNS)
        found = pd.concat([found, taken], ignore_index=True) if len(found) else taken
    return found.reset_index(drop=True)


def archive_path_for(text_file: Path, archives: Path, source_id: str) -> str:
    """Where the text is (or will be) kept, relative to `archives`: where it lies if it is inside, else
    `sources/<source_id><suffix>`."""
    text_file, archives = Path(text_file).resolve(), Path(archives).resolve()
    if text_file.is_relative_to(archives):
        return text_file.relative_to(archives).as_posix()
    return f"sources/{source_id}{text_file.suffix or '.txt'}"


def archive(text_file: Path, archives: Path, archive_path: str) -> None:
    """Copy the text to `archives/archive_path` unless it is that file; refuse to overwrite a different text."""
    target = Path(archives) / archive_path
    if target.resolve() == Path(text_file).resolve():
        return
    if target.exists() and target.read_bytes() != Path(text_file).read_bytes():
        raise ValueError(f"{target} exists and holds another text; choose another --id or move the file")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(text_file, target)


# ---------------------------------------------------------------------------------------------- command line


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("file", type=Path, help="the archived text of the document (UTF-8)")
    parser.add_argument("--publisher", required=True, help="who published it, e.g. 'Meduza'")
    parser.add_argument("--id", dest="source_id", default=None,
                        help="source id (default: the file's name without its suffix)")
    parser.add_argument("--url", default=None, help="its address; a date in it (/2020/12/03/) is used")
    parser.add_argument("--title", default=None, help="title as published (default: the text's first line)")
    parser.add_argument("--date", default=None, help="publication date YYYY-MM-DD, where neither the address nor a "
                        "dateline gives it (needs --date-note)")
    parser.add_argument("--date-note", default=None, help="how the publication date is known")
    parser.add_argument("--accessed", default=None, help="date the copy was taken, YYYY-MM-DD")
    parser.add_argument("--language", default="en", help="BCP 47 language tag of the text (default: en)")
    parser.add_argument("--type", dest="source_type", choices=SOURCE_TYPES, default="news")
    parser.add_argument("--licence", default=None)
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR, help="data folder (default: the bundled data/)")
    parser.add_argument("--archives", type=Path, default=None,
                        help=f"archives folder the text is kept in (default: ${paths.ARCHIVES_ENV}, else "
                             f"{paths.ARCHIVE_DIR}, as every other command)")
    parser.add_argument("--dry-run", action="store_true", help="print the row; copy and write nothing")


def run_command(args: argparse.Namespace) -> int:
    def fail(message: str) -> int:
        print(f"error: {message}", file=sys.stderr)
        return 2

    if not args.file.is_file():
        return fail(f"{args.file}: no such file")
    if not (Path(args.data) / "sources.csv").is_file():
        return fail(f"{args.data}: not a data folder (no sources.csv)")
    source_id = args.source_id or args.file.stem.lower()
    if not re.fullmatch(ID_PATTERN, source_id):
        return fail(f"source id {source_id!r} does not match {FIELDS['source_id'].pattern}; give --id")
    try:
        text = args.file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return fail(f"{args.file}: not UTF-8 text ({error}); archive the text as UTF-8")
    archives = paths.archive_dir(args.archives)
    archive_path = archive_path_for(args.file, archives, source_id)
    try:
        row, derived = source_row(
            source_id=source_id, publisher=args.publisher, archive_path=archive_path, sha256=sha256_of(args.file),
            text=text, url=args.url, title=args.title, date=args.date, date_note=args.date_note,
            accessed=args.accessed, language=args.language, source_type=args.source_type, licence=args.licence)
    except ValueError as error:
        return fail(str(error))
    problems = problems_with(row, args.data)
    if len(problems):
        print(loading.DataValidationError(problems), file=sys.stderr)
        return 1
    for line in derived:
        print(f"Derived {line}")
    if args.dry_run:
        print(csv_line(row), end="")
        return 0
    try:
        archive(args.file, archives, archive_path)
    except ValueError as error:
        return fail(str(error))
    target = Path(args.data) / "sources.csv"
    existing = target.read_text(encoding="utf-8")
    atomic.write_text(target, existing + ("" if existing.endswith("\n") or not existing else "\n") + csv_line(row))
    print(f"Archived {archives / archive_path} (sha256 {row['archive_sha256']})")
    print(f"Added to {target}:")
    print(csv_line(row), end="")
    print("Next: add its events and figures, then run `python -m analysis summary` and `python -m analysis check`"
          f" with --data {args.data}.")
    return 0
