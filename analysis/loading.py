"""Load the curated tables as typed DataFrames, validated against the field dictionary on the way in.

Validation is lazy, as in pandera: every failure in every table is collected and reported at once, each
naming the file, the line, the field, the value found and what was expected. A CSV syntax error is reported
and the problems that may only follow from it (references to ids on a row that could not be read, rows after a
quote that runs on) are held back and counted, not listed. Excerpts are verified against the archived texts
where those are present (`analysis.archives`).

The CSV files are parsed by pyarrow and every check runs on Arrow or NumPy columns. A folder that passed is kept
as a validated Parquet snapshot (`analysis.snapshots`), so loading unchanged data again is a read.

>>> data = load()                      # the bundled data folder
>>> data.figures.loc["an-deaths-total", "value_text"]
'more than 5,600'
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import operator
import sys
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import archives, paths, snapshots
from analysis.archives import EXCERPT_SEPARATOR, FAILURE_COLUMNS  # noqa: F401 - part of this module's interface
from analysis.schema import FIELDS, ID_PATTERN, LIST_SEPARATOR, REFERENCES, TABLES, Table

SHOWN_FAILURES = 50
# The first and last day a date column can hold: datetime64[us] covers years 1 to 9999 and far beyond, so an
# event of 1066 loads (datetime64[ns] stopped at 1677).
DATE_UNIT = "us"
DATE_SHAPE = r"^\d{4}-\d{2}-\d{2}$"
NUMBER_SHAPE = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"  # digits: no inf, nan, hex or thousands separators
INTEGER_SHAPE = r"^[+-]?\d+$"
TEXT = pa.large_string()


class UnknownValueError(ValueError):
    """A value given to a notebook names nothing in the data (a typo); the report runner prints only this message."""


class DataValidationError(ValueError):
    """Raised with every failure found; `.failures` is a DataFrame (file, line, field, value, expected).

    `.held_back` says which problems were not listed because they may only follow from a CSV syntax error.
    """

    def __init__(self, failures: pd.DataFrame, held_back: list[str] | None = None):
        self.failures = failures.reset_index(drop=True)
        self.held_back = list(held_back or [])
        super().__init__(self._message())

    def _message(self) -> str:
        rows = self.failures.head(SHOWN_FAILURES)
        lines = [
            f"{r.file}" + (f", line {r.line}" if pd.notna(r.line) else "")
            + (f", field '{r.field}'" if isinstance(r.field, str) and r.field else "")
            + (f": found {r.value!r}; expected " if r.value is not None and pd.notna(r.value) else ": expected ")
            + f"{r.expected}"
            for r in rows.itertuples()
        ]
        more = len(self.failures) - len(rows)
        if more > 0:
            lines.append(f"... and {more} more")
        lines += [f"(held back: {note})" for note in self.held_back]
        return f"{len(self.failures)} problem(s) in the data:\n  " + "\n  ".join(lines)


@dataclass(frozen=True)
class Dataset:
    """All tables of one data folder, typed and indexed by their primary keys.

    `archives` says which sources' excerpts were verified against their archived text, and in which folder.
    """

    sources: pd.DataFrame
    kinds: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    events: pd.DataFrame
    figures: pd.DataFrame
    spans: pd.DataFrame
    data_dir: Path
    archives: archives.ArchiveStatus | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("data_dir", "archives")}


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    """One CSV as read: every column as Arrow text ('' for empty), the line each row starts on, and what went
    wrong structurally. Columns parsed by the field checks are kept in `parsed` for the rules and the typing."""

    table: Table
    file: str
    columns: dict[str, pa.Array]
    lines: np.ndarray
    failures: list[pd.DataFrame] = field(default_factory=list)
    absent: set[str] = field(default_factory=set)  # columns missing from the header (not checked row by row)
    unreadable: bool = False  # rows could not be read: ids they hold are unknown
    read_until: int | None = None  # the file could not be read past this line
    parsed: dict[str, np.ndarray] = field(default_factory=dict)
    known: dict[str, np.ndarray] = field(default_factory=dict)  # rows whose id exists in the table referred to
    # The primary key's dictionary codes (in order of first appearance), hashed once with the references to it.
    key_codes: np.ndarray | None = None
    _present: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def present(self, name: str) -> np.ndarray:
        """Which rows have a value in the column (computed once per column)."""
        if name not in self._present:
            self._present[name] = _present(self.columns[name])
        return self._present[name]


class _NeedsCare(Exception):
    """The fast reader saw signs of trouble (or multi-line rows): read the file with the careful reader."""


def read_raw(data_dir: Path, table: Table,
             facts: snapshots.FileFacts | Callable[[], snapshots.FileFacts] | None = None) -> RawTable:
    """Read one CSV as text, with the line each row starts on and every structural failure found.

    pyarrow parses it; where anything looks wrong (a row of the wrong width, a quote left open, bytes that are not
    UTF-8, rows spanning lines) the file is read again by Python's strict csv reader, which names the line.
    """
    path = Path(data_dir) / table.path
    file = str(path)
    if not path.is_file():
        return _unread(table, file, _failure(file, None, None, None, f"the file {table.path} to exist"))
    if facts is None:
        facts = snapshots.facts_for([path])[path]
    if path.stat().st_size == 0:
        return _unread(table, file, _failure(file, 1, None, "an empty file (0 bytes)",
                                             "a header line naming the columns: " + ",".join(table.columns)))
    try:
        header, columns, lines = _read_fast(path, table, facts)
        failures, read_until = [], None
    except (_NeedsCare, pa.ArrowInvalid):
        header, columns, lines, failures, read_until = _read_carefully(path)
    raw = RawTable(table, file, {}, lines, failures, read_until=read_until, unreadable=bool(failures))
    if header is None:
        raw.failures.append(_failure(file, 1, None, None, "a header line naming the columns: "
                                     + ",".join(table.columns)))
        raw.unreadable = True
        header = []
    doubled = sorted({c for c in header if header.count(c) > 1})
    raw.failures += [_failure(file, 1, c, c, "each column once in the header") for c in doubled]
    raw.failures += [_failure(file, 1, c, None, "this column in the header") for c in table.columns
                     if c not in header]
    raw.failures += [_failure(file, 1, c, c, f"only the columns {table.columns}") for c in header
                     if c not in table.columns]
    empty = pc.fill_null(pa.nulls(len(lines), TEXT), "")
    for name in table.columns:
        raw.columns[name] = columns.get(name, empty)
        if name not in header:
            raw.absent.add(name)
    return raw


def _read_fast(path: Path, table: Table, facts: snapshots.FileFacts | Callable[[], snapshots.FileFacts]):
    """pyarrow's parse; raises _NeedsCare where the file's facts (counted while it was parsed, by another thread)
    or skipped rows show trouble."""
    import pyarrow.csv as pa_csv  # here, not at the top: a load from the snapshot (`cite`) parses no CSV

    skipped = []

    def skip(row) -> str:
        skipped.append(row)
        return "skip"

    # One thread per file: `load` parses the files side by side already, and Arrow's own threads cost CPU without
    # saving time on two cores (events.csv at 10^5 rows: 0.13 s of CPU in one thread, 0.20 s in Arrow's pool).
    parsed = pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(use_threads=False),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
        convert_options=pa_csv.ConvertOptions(column_types={c: TEXT for c in table.columns},
                                              strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    rows = parsed.num_rows
    facts = facts() if callable(facts) else facts
    if facts.quotes % 2:  # every quote opens, closes or doubles another: an odd count is a quote gone wrong
        raise _NeedsCare
    if skipped or facts.newlines != rows + int(facts.ends_with_newline):  # bad rows, blank or multi-line rows
        raise _NeedsCare
    header = parsed.column_names
    if len(set(header)) != len(header):
        raise _NeedsCare
    chunked = {name: parsed.column(name) for name in header}
    del parsed
    columns = {}
    for name in header:  # one column at a time, its chunks let go as soon as it is whole: the peak is one column
        column = chunked.pop(name)
        columns[name] = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return header, columns, np.arange(2, rows + 2, dtype=np.int64)


def _read_carefully(path: Path):
    """Python's strict csv reader over the whole file: slow, but it knows the line of every problem."""
    file, raw = str(path), path.read_bytes()
    failures, read_until = [], None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        failures.append(_failure(file, line, None, repr(raw[error.start:error.start + 4]),
                                 f"UTF-8 text (byte {error.start} is not UTF-8; save the file as UTF-8)"))
        read_until = line
        text = raw[:raw.rfind(b"\n", 0, error.start) + 1].decode("utf-8-sig", errors="replace")
    physical = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows, lines, ended = None, [], [], 0
    while True:
        start = ended + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            reason = ("a closing quote: the quoted value opened here runs to the end of the file"
                      if "end of data" in str(error) else
                      f"a well-formed CSV row ({error}): a quoted value ends with a quote then a comma or the end "
                      "of the line, and a quote inside a value is doubled")
            failures.append(_failure(file, start, None, _line_text(physical, start), reason))
            read_until = start if read_until is None else min(read_until, start)
            break
        ended = reader.line_num
        if not row:
            continue
        if header is None:
            header = row
            continue
        if len(row) != len(header):
            if ended > start:  # a quote opened in this row ran on over the lines that follow
                failures.append(_failure(
                    file, start, None, _line_text(physical, start),
                    f"a well-formed CSV row of {len(header)} fields; read as one row, lines {start} to {ended} "
                    f"give {len(row)}: a quote opened on line {start} is probably not closed"))
                read_until = start
                break
            failures.append(_failure(file, start, None, _line_text(physical, start),
                                     f"a well-formed CSV row of {len(header)} fields, as in the header; "
                                     f"found {len(row)}"))
            continue
        if ended == start and physical[start - 1].count('"') % 2:  # a stray quote that stayed on its line
            failures.append(_failure(file, start, None, _line_text(physical, start),
                                     "a well-formed CSV row: a quote inside a value is doubled, and the value "
                                     "itself quoted"))
            continue
        rows.append(row)
        lines.append(start)
    if header is None:
        return None, {}, np.zeros(0, dtype=np.int64), failures, read_until
    columns = {name: pa.array([row[i] for row in rows], TEXT) for i, name in enumerate(header)}
    return header, columns, np.array(lines, dtype=np.int64), failures, read_until


def _line_text(physical: list[str], line: int, width: int = 100) -> str:
    text = physical[line - 1].rstrip("\r") if line <= len(physical) else ""
    return text if len(text) <= width else text[:width] + "…"


def _unread(table: Table, file: str, failure: pd.DataFrame) -> RawTable:
    empty = pa.array([], TEXT)
    return RawTable(table, file, dict.fromkeys(table.columns, empty), np.zeros(0, dtype=np.int64), [failure],
                    absent=set(table.columns), unreadable=True)


# ---------------------------------------------------------------------------------------------- checks

@functools.cache
def _no_failures() -> pd.DataFrame:
    """The empty failure table, built once when a check first needs it (built at import, it cost `cite` 1.3 ms)."""
    return pd.DataFrame(columns=FAILURE_COLUMNS)


def _failure(file: str, line, field, value, expected: str) -> pd.DataFrame:
    return pd.DataFrame([{"file": file, "line": line, "field": field, "value": value, "expected": expected}],
                        columns=FAILURE_COLUMNS)


def _failures(raw: RawTable, mask: np.ndarray, field: str,
              expected: str | Callable[[np.ndarray], list[str]]) -> pd.DataFrame:
    """Failures for the rows where `mask` is true; `expected` is a string, or words for the failing rows only."""
    rows = np.flatnonzero(mask)
    if not len(rows):
        return _no_failures()
    return pd.DataFrame({"file": raw.file, "line": raw.lines[rows], "field": field,
                         "value": raw.columns[field].take(rows).to_pylist(),
                         "expected": expected(rows) if callable(expected) else expected}, columns=FAILURE_COLUMNS)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return _no_failures()
    return pd.concat(frames, ignore_index=True)


def _mask(values) -> np.ndarray:
    """An Arrow boolean result as a NumPy mask (null counts as false)."""
    return pc.fill_null(values, False).to_numpy(zero_copy_only=False)


def _present(values: pa.Array) -> np.ndarray:
    return _mask(pc.greater(pc.binary_length(values), 0))


def parse_dates(values: pa.Array, present: np.ndarray | None = None) -> np.ndarray:
    """YYYY-MM-DD text to datetime64[D], NaT where empty or not a real day of years 1 to 9999.

    Arrow's strict ISO cast first (it refuses '2020-12-5' and '2020-02-30'); where any value fails it, each value
    is taken apart to find which.
    """
    present = _present(values) if present is None else present
    days = np.full(len(values), np.datetime64("NaT", "D"))
    rows = np.flatnonzero(present)
    try:
        cast = pc.cast(values if len(rows) == len(values) else values.take(rows), pa.date32())
        days[rows] = cast.to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        days = _parse_dates_one_by_one(values)
    return np.where(days >= np.datetime64("0001-01-01"), days, np.datetime64("NaT", "D"))


def _parse_dates_one_by_one(values: pa.Array) -> np.ndarray:
    shaped = _mask(pc.match_substring_regex(values, DATE_SHAPE))
    safe = pc.if_else(pa.array(shaped), values, "1970-01-01")
    year, month, day = (pc.cast(pc.utf8_slice_codeunits(safe, a, b), pa.int64()).to_numpy()
                        for a, b in ((0, 4), (5, 7), (8, 10)))
    valid = shaped & (month >= 1) & (month <= 12) & (day >= 1)
    months = ((year - 1970) * 12 + np.where(valid, month, 1) - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + np.where(valid, day, 1) - 1
    valid &= days.astype("datetime64[M]") == months  # the 31st of a 30-day month rolls over: refused
    return np.where(valid, days, np.datetime64("NaT", "D"))


def parse_numbers(values: pa.Array, integer: bool = False, present: np.ndarray | None = None) -> np.ndarray:
    """Numbers written in digits to float64, NaN where empty, not a number, or not finite (inf, nan, 1e999)."""
    present = _present(values) if present is None else present
    rows = np.flatnonzero(present)
    numbers = np.full(len(values), np.nan)
    try:
        if integer:
            raise pa.ArrowInvalid("integers are checked by shape")
        numbers[rows] = pc.cast(values if len(rows) == len(values) else values.take(rows), pa.float64()).to_numpy()
        shaped = present
    except pa.ArrowInvalid:
        shaped = _mask(pc.match_substring_regex(values, INTEGER_SHAPE if integer else NUMBER_SHAPE))
        numbers = pc.cast(pc.if_else(pa.array(shaped), values, "0"), pa.float64()).to_numpy()
    return np.where(shaped & np.isfinite(numbers), numbers, np.nan)


def _fast_pattern(pattern: str) -> str:
    """The same test with less scanning: a trailing `[\\s\\S]*$` matches any rest, so RE2 may stop early."""
    return pattern.removesuffix(r"[\s\S]*$")


def check_fields(raw: RawTable) -> pd.DataFrame:
    """Every field's type and constraints, as declared in the field dictionary; parsed dates, numbers and
    vocabulary codes are kept in `raw.parsed` for the rules and the typing.

    Run after `check_references`: an id found in the table it refers to matches that table's key pattern, so only
    the other ids are matched against the pattern.
    """
    found = []
    table = raw.table
    for name in table.columns:
        if name in raw.absent:
            continue  # reported once, as a missing column
        spec, values = FIELDS[name], raw.columns[name]
        present = raw.present(name)
        if name in table.required:
            found.append(_failures(raw, ~present, name, "a value (the field is required)"))
        if spec.type == "date":
            raw.parsed[name] = parse_dates(values, present)
            found.append(_failures(raw, present & np.isnat(raw.parsed[name]), name,
                                   "a date as YYYY-MM-DD (a real day, years 0001 to 9999)"))
        elif spec.type in {"number", "integer"}:
            raw.parsed[name] = parse_numbers(values, spec.type == "integer", present)
            found.append(_failures(raw, present & np.isnan(raw.parsed[name]), name,
                                   f"a {spec.type} in digits, such as 1200 or 2.5 (not inf or nan)"))
            if spec.minimum is not None:
                found.append(_failures(raw, raw.parsed[name] < spec.minimum, name,
                                       f"a number >= {spec.minimum:g}"))
        if spec.enum:
            raw.parsed[name] = _codes(values, spec.enum)
            found.append(_failures(raw, present & (raw.parsed[name] < 0), name, f"one of {spec.enum}"))
        if spec.pattern:
            unchecked = present & ~raw.known.get(name, False)
            rows = np.flatnonzero(unchecked)
            matches = np.ones(len(raw), dtype=bool)
            if len(rows):
                given = values if len(rows) == len(raw) else values.take(rows)
                if spec.pattern != ID_PATTERN or not _all_ids(given):  # RE2 names the rows that fail
                    matches[rows] = _mask(pc.match_substring_regex(given, _fast_pattern(spec.pattern)))
            found.append(_failures(raw, ~matches, name, f"text matching {spec.pattern}"))
    key = table.primary_key
    if key not in raw.absent:
        found.append(_failures(raw, _duplicated(raw.columns[key], raw.key_codes) & raw.present(key), key,
                               "a unique id (this id is used by an earlier line)"))
    return _concat(found)


# The bytes an id may hold (ID_PATTERN: a lower-case letter or digit, then those, '.' and '-'), by byte value.
_ID_BYTES = np.zeros(256, dtype=bool)
_ID_BYTES[[*b"abcdefghijklmnopqrstuvwxyz0123456789"]] = True
_ID_FIRST_BYTES = _ID_BYTES.copy()
_ID_BYTES[[*b".-"]] = True


def _all_ids(values: pa.Array) -> bool:
    """Whether every value matches ID_PATTERN, judged on the column's bytes at once: each value is not empty, each
    byte one an id may hold, each first byte a letter or digit. RE2 matched each value in turn: 12 ms for 10^5 ids
    against 1 ms; where this says no, the regex finds which."""
    if not len(values) or values.null_count or not pa.types.is_large_string(values.type):
        return False
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[values.offset:values.offset + len(values) + 1]
    if not (offsets[1:] > offsets[:-1]).all():
        return False
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    return bool(_ID_FIRST_BYTES[data[offsets[:-1]]].all() and _ID_BYTES[data[offsets[0]:offsets[-1]]].all())


def _codes(values: pa.Array, categories: list[str]) -> np.ndarray:
    """Each value's position among `categories` (int16), -1 where it is not one of them (or empty)."""
    positions = pc.index_in(values, value_set=pa.array(categories, TEXT))
    return pc.fill_null(positions, -1).to_numpy(zero_copy_only=False).astype(np.int16)


def _hashable(values: pa.Array, size: int | None = None) -> pa.Array:
    """Arrow hashes 32-bit-offset strings faster than large ones (measured 0.58 s against 0.98 s for is_in over
    10^6 ids); ids are short, so they fit. `size`: the bytes of all the arrays to be hashed together."""
    return values.cast(pa.string()) if (values.nbytes if size is None else size) < 2**31 - 2**20 else values


def _duplicated(values: pa.Array, codes: np.ndarray | None = None) -> np.ndarray:
    """Whether each value occurred on an earlier row (hash-encoded by Arrow, first positions by NumPy); `codes`,
    where given, are the values' dictionary codes in order of first appearance (`_references_to` made them)."""
    if codes is None:
        values = _hashable(values)
        if len(pc.unique(values)) == len(values):  # the usual case, and cheaper than encoding
            return np.zeros(len(values), dtype=bool)
        codes = pc.dictionary_encode(values).indices.to_numpy()
    elif not len(codes) or codes.max() + 1 == len(codes):  # as many distinct codes as rows: no repeats
        return np.zeros(len(codes), dtype=bool)
    repeated = np.ones(len(codes), dtype=bool)
    repeated[np.unique(codes, return_index=True)[1]] = False
    return repeated


def check_references(raws: dict[str, RawTable], pool: ThreadPoolExecutor | None = None
                     ) -> tuple[pd.DataFrame, list[str]]:
    """Every id that refers to another table exists there (lists element by element).

    References into a table with rows that could not be read are held back: the id may be on such a row.
    Returns the failures and a note for each group held back.
    """
    targets = sorted(set(REFERENCES.values()))
    results = list(pool.map(lambda ref: _references_to(raws, *ref), targets) if pool else
                   (_references_to(raws, *ref) for ref in targets))
    return _concat([f for found, _ in results for f in found]), [note for _, held in results for note in held]


def _references_to(raws: dict[str, RawTable], target: str, key: str) -> tuple[list[pd.DataFrame], list[str]]:
    """The references to one table's key: one hash lookup for every column that refers to it."""
    found, held = [], []
    referring = [(name, column) for name, table in TABLES.items() for column, ref in table.foreign_keys().items()
                 if ref == (target, key) and column not in raws[name].absent]
    # Every column that refers to this key in one lookup: Arrow hashes the known ids once, not per column.
    pieces = []
    for name, column in referring:
        values = raws[name].columns[column]
        if FIELDS[column].is_list:
            lists = pc.split_pattern(values, LIST_SEPARATOR)
            pieces.append((pc.list_flatten(lists), pc.list_parent_indices(lists).to_numpy()))
        else:
            pieces.append((values, None))
    # The key and every reference to it in one dictionary encoding (codes in order of first appearance, the key
    # first): a reference is known where its code is one the key's rows have, and the key's own codes say whether
    # it repeats (`check_fields`). Arrow hashes the key once, where is_in and unique hashed it once each, and
    # encoding beat is_in's lookups (10^5 event ids and the figures' references to them: 34 ms against 43 + 24 ms).
    ids = raws[target].columns[key]
    size = ids.nbytes + sum(items.nbytes for items, _ in pieces)
    codes = pc.dictionary_encode(pa.concat_arrays(
        [_hashable(ids, size)] + [_hashable(items, size) for items, _ in pieces])).indices.to_numpy()
    raws[target].key_codes = codes[:len(ids)]
    if not pieces:
        return found, held
    items = pa.concat_arrays([items for items, _ in pieces])
    unknown = _present(items) & (codes[len(ids):] > (codes[:len(ids)].max() if len(ids) else -1))
    bounds = np.cumsum([0] + [len(items) for items, _ in pieces])
    for (name, column), (items, owner), start, stop in zip(referring, pieces, bounds[:-1], bounds[1:],
                                                           strict=True):
        raw, bad = raws[name], unknown[start:stop]
        if owner is None:
            mask, expected = bad, f"an id that exists in {target}.csv"
            raw.known[column] = raw.present(column) & ~bad
        else:
            mask = np.zeros(len(raw), dtype=bool)
            mask[owner[bad]] = True

            def expected(rows, items=items, owner=owner, bad=bad, target=target) -> list[str]:
                names = pd.Series(items.filter(pa.array(bad)).to_pylist(), index=owner[bad])
                words = names.groupby(level=0).agg(", ".join)
                return [f"ids that exist in {target}.csv (unknown: {words[row]})" for row in rows]
        if raws[target].unreadable or key in raws[target].absent:
            if mask.any():
                held.append(f"{int(mask.sum())} reference(s) from {name}.csv '{column}' to ids missing in "
                            f"{target}.csv, which has rows that could not be read (the ids may be there)")
            continue
        found.append(_failures(raw, mask, column, expected))
    return found, held


def _quoted_in_excerpt(raw: RawTable, *columns: str) -> list[np.ndarray]:
    """For each column, whether its non-empty words fail to occur verbatim in the row's excerpt (a failure mask).

    `str.__contains__` mapped over the rows that have words, in C: at 10^5 rows 0.05 s, against 0.57 s for
    np.strings.find on StringDType (the conversion dominates) and 0.17 s on padded byte arrays. The excerpts are
    turned into Python strings once for all the columns.
    """
    masks = [np.zeros(len(raw), dtype=bool) for _ in columns]
    wanted = [c for c in columns if not {c, "excerpt"} & raw.absent]
    rows = {c: np.flatnonzero(raw.present(c)) for c in wanted}
    union = np.flatnonzero(np.logical_or.reduce([raw.present(c) for c in wanted] or [np.zeros(len(raw), bool)]))
    if not len(union):
        return masks
    excerpts = raw.columns["excerpt"]
    excerpts = (excerpts if len(union) == len(raw) else excerpts.take(union)).to_pylist()
    for mask, column in zip(masks, columns, strict=True):
        if column not in rows or not len(rows[column]):
            continue
        where = np.searchsorted(union, rows[column])
        words = raw.columns[column]
        words = (words if len(where) == len(raw) else words.take(rows[column])).to_pylist()
        haystacks = excerpts if len(where) == len(union) else list(map(excerpts.__getitem__, where.tolist()))
        inside = np.fromiter(map(operator.contains, haystacks, words), dtype=bool, count=len(words))
        mask[rows[column][~inside]] = True
    return masks


def check_rules(raws: dict[str, RawTable], archive_dir: Path | None = None,
                pool: ThreadPoolExecutor | None = None) -> pd.DataFrame:
    """Rules across fields: bounds follow the qualifier, values are the numbers their words state, spans run
    forwards, derived dates say how, archive paths stay inside the archives folder. Run after `check_fields` (the
    rules use its parsed columns)."""
    jobs = [(event_rules, raws["events"]), (figure_rules, raws["figures"]),
            (lambda sources: source_rules(sources, archive_dir), raws["sources"])]
    results = pool.map(lambda job: job[0](job[1]), jobs) if pool else (rule(raw) for rule, raw in jobs)
    return _concat(list(results))


def _text(raw: RawTable, column: str) -> np.ndarray:
    return raw.columns[column].to_numpy(zero_copy_only=False) if len(raw) else np.array([], dtype=object)


def _is_one_of(raw: RawTable, column: str, words: list[str]) -> np.ndarray:
    return _mask(pc.is_in(raw.columns[column], value_set=pa.array(words, TEXT)))


def event_rules(events: RawTable) -> pd.DataFrame:
    """Spans run forwards, dates sit on the first day of their precision, derived and resolved dates say how."""
    found = []
    have, is_one_of = RawTable.present, _is_one_of
    if not events.absent & {"start_date", "end_date", "date_precision"}:
        start, end = events.parsed["start_date"], events.parsed["end_date"]
        found.append(_failures(events, end < start, "end_date", "a date on or after start_date"))
        months = start.astype("datetime64[M]")
        day = (start - months.astype("datetime64[D]")).astype(np.int64) + 1
        month = months.astype(np.int64) % 12 + 1
        year = start.astype("datetime64[Y]").astype(np.int64) + 1970
        weekday = (start.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 0 is Monday: 1970-01-01 was a Thursday
        misaligned = ~np.isnat(start) & (
            (is_one_of(events, "date_precision", ["week"]) & (weekday != 0))
            | (is_one_of(events, "date_precision", ["part of month"]) & ~np.isin(day, [1, 11, 21]))
            | (is_one_of(events, "date_precision", ["month"]) & (day != 1))
            | (is_one_of(events, "date_precision", ["year"]) & ((day != 1) | (month != 1)))
            | (is_one_of(events, "date_precision", ["decade"]) & ((day != 1) | (month != 1) | (year % 10 != 0))))
        found.append(_failures(events, misaligned, "start_date",
                               "the first day of the week (a Monday), part of month (1, 11, 21), month, year or "
                               "decade that date_precision names"))
    derived = is_one_of(events, "date_basis", ["derived"])
    for column in ["derived_from_event_id", "derived_with_figure_id", "derived_direction"]:
        found.append(_failures(events, derived & ~have(events, column), column,
                               "a value, because date_basis is 'derived'"))
        found.append(_failures(events, ~derived & have(events, column), column,
                               "no value, because date_basis is not 'derived'"))
    needs_words = is_one_of(events, "date_basis", ["resolved", "derived"])
    found.append(_failures(events, needs_words & ~have(events, "date_expression"), "date_expression",
                           "the source's words the date was resolved or derived from"))
    found.append(_failures(events, have(events, "start_time") != have(events, "time_zone"), "time_zone",
                           "a time zone exactly when start_time is given"))
    found.append(_failures(events, _quoted_in_excerpt(events, "date_expression")[0], "date_expression",
                           "words that occur verbatim in the excerpt"))

    return _concat(found)


def figure_rules(figures: RawTable) -> pd.DataFrame:
    """Bounds follow the qualifier's rule; the value is the number its words state; the words of the value and of
    the date occur in the excerpt."""
    from analysis import quantities  # local: quantities is pure and light, but loading must not need it first

    found = []
    have, is_one_of, text = RawTable.present, _is_one_of, _text
    if not figures.absent & {"value", "low", "high", "qualifier"}:
        low, high, value = (figures.parsed[c] for c in ("low", "high", "value"))
        found.append(_failures(figures, low > high, "low", "a low bound not above the high bound"))
        # Only rows whose value and qualifier passed their own checks can be held to the rule. A qualifier may be
        # the source's own word ("almost"); `quantities.rule_for` names the rule it follows.
        wordy = sorted(w for w in quantities.QUALIFIER_WORDS
                       if not quantities.QUALIFIER_RULES[quantities.rule_for(w)].takes_value)
        qualified = is_one_of(figures, "qualifier", quantities.QUALIFIER_WORDS)
        stated = have(figures, "value")
        usable = qualified & ~(value < 0) & (~stated | ~np.isnan(value))
        ruled = usable & (stated == ~is_one_of(figures, "qualifier", wordy))
        found.append(_failures(figures, usable & ~ruled, "value",
                               f"a value exactly when the qualifier is not one of {wordy}"))
        # An estimate's bounds are its source's own (UCDP GED's low and high): no rule gives them, so they are only
        # held to their order around the value; an open bound is one the source does not state.
        rules = quantities.QUALIFIER_RULES
        estimated = is_one_of(figures, "qualifier", [w for w in quantities.QUALIFIER_WORDS
                                                     if rules[quantities.rule_for(w)].stated_bounds])
        found.append(_failures(figures, ruled & estimated & (low > value), "low",
                               "a low estimate not above the value (the best estimate)"))
        found.append(_failures(figures, ruled & estimated & (high < value), "high",
                               "a high estimate not below the value (the best estimate)"))
        rows = np.flatnonzero(ruled)
        qualifiers = pc.dictionary_encode(figures.columns["qualifier"].take(rows))
        implied = quantities.rule_bounds(value[rows], qualifiers.indices.to_numpy(), qualifiers.dictionary.to_pylist())
        for column, stored, bound in zip(["low", "high"], [low, high], implied, strict=True):
            expected = np.full(len(figures), np.nan)
            expected[rows] = bound
            readable = ~have(figures, column) | ~np.isnan(stored)  # an unreadable bound was reported already
            differs = ruled & ~estimated & readable & ((np.isnan(stored) != np.isnan(expected))
                                                       | (~np.isnan(stored) & (stored != expected)))

            def words(rows, expected=expected) -> list[str]:
                shown = ["empty (open-ended)" if np.isnan(v) else f"{v:g}" for v in expected[rows]]
                qualifier, stated = text(figures, "qualifier")[rows], text(figures, "value")[rows]
                return [f"'{s}', the bound that '{q}' implies for the value {v or '(none)'}"
                        for s, q, v in zip(shown, qualifier, stated, strict=True)]

            found.append(_failures(figures, differs, column, words))
    if not figures.absent & {"value", "value_text", "unit"}:
        found.append(_value_as_worded(figures))
    columns = ["value_text", "as_of_expression"]
    for column, missing in zip(columns, _quoted_in_excerpt(figures, *columns), strict=True):
        found.append(_failures(figures, missing, column, "words that occur verbatim in the excerpt"))

    return _concat(found)


def _value_as_worded(figures: RawTable) -> pd.DataFrame:
    """The value is the number its value_text states ("four of its troops": 4), in the figure's unit ("six weeks"
    in days: 42); words that state no number to be read alone ("dozens", "between 10 and 20") are not held to it.

    Each distinct text is read once (`_stated_numbers`): event data repeats its small counts a lot."""
    from analysis import quantities

    value = figures.parsed["value"]
    rows = np.flatnonzero(~np.isnan(value) & figures.present("value_text"))
    if not len(rows):
        return _no_failures()
    texts = figures.columns["value_text"]
    encoded = pc.dictionary_encode(texts if len(rows) == len(figures) else texts.take(rows))
    numbers, stated_units = _stated_numbers(encoded.dictionary)
    code = encoded.indices.to_numpy()
    units = _codes(figures.columns["unit"], quantities.TIME_UNITS)[rows]
    factor = _UNIT_FACTORS[stated_units[code] + 1, units + 1]  # NaN: units no exact factor converts
    expected = np.full(len(figures), np.nan)
    expected[rows] = numbers[code] * factor
    differs = ~np.isnan(expected) & ~np.isclose(value, expected, rtol=1e-12, atol=0)

    def words(failing: np.ndarray) -> list[str]:
        at = np.searchsorted(rows, failing)
        stated, named = numbers[code[at]], stated_units[code[at]]
        worded, unit = (figures.columns[c].take(failing).to_pylist() for c in ("value_text", "unit"))
        return [f"{_digits(e)}, the number value_text {t!r} states"
                + (f" ({_digits(s)} {quantities.TIME_UNITS[n]}, in {u})" if n >= 0 and e != s else "")
                for e, t, s, n, u in zip(expected[failing], worded, stated, named, unit,
                                         strict=True)]

    return _failures(figures, differs, "value", words)


def _exact_factors() -> np.ndarray:
    """Factors from a unit of time the words name (row: none, then TIME_UNITS) to a figure's unit (column: not a
    unit of time, then TIME_UNITS); NaN where no exact factor converts ("six months" has no exact number of days)."""
    from analysis.quantities import TIME_UNITS

    size = len(TIME_UNITS) + 1
    factors = np.full((size, size), np.nan)
    factors[0, :] = 1  # the words name no unit: the number is in the figure's own
    factors[np.arange(1, size), np.arange(1, size)] = 1
    for named, unit, factor in [("weeks", "days", 7), ("years", "months", 12)]:
        factors[TIME_UNITS.index(named) + 1, TIME_UNITS.index(unit) + 1] = factor
    return factors


_UNIT_FACTORS = _exact_factors()


def _stated_numbers(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The number each text states (`quantities.number_in`; NaN where none is read) and the position in TIME_UNITS of
    the unit of time it names (-1 for none).

    A text with one group of digits and no number word is read by one Arrow regex over all such texts; only the
    rest, few (words such as "four", "a hundred"), are read one by one."""
    from analysis import quantities

    numbers = np.full(len(texts), np.nan)
    units = np.full(len(texts), -1, dtype=np.int64)
    wordy = _mask(pc.match_substring_regex(texts, quantities.NUMBER_WORDS_PATTERN))
    is_plain = ~wordy & _mask(pc.match_substring_regex(texts, quantities.PLAIN_NUMBER))
    plain = np.flatnonzero(is_plain)
    if len(plain):
        # One group of digits each: the number is the digits left when all else is dropped. (Extracting the group
        # with PLAIN_NUMBER itself took 0.6 s for the 87,000 distinct texts of 10^6 rows; this, 0.04 s.)
        shaped = texts.take(plain)
        numbers[plain] = pc.cast(pc.replace_substring_regex(shaped, "[^0-9]+", ""), pa.float64()).to_numpy()
        unit_words = list(quantities.UNIT_WORDS)
        named = _codes(pc.utf8_lower(pc.extract_regex(shaped, quantities.PLAIN_UNIT).field("unit")), unit_words)
        plural = np.array([quantities.TIME_UNITS.index(quantities.UNIT_WORDS[w]) for w in unit_words])
        units[plain] = np.where(named >= 0, plural[np.maximum(named, 0)], -1)
    digits = _mask(pc.match_substring_regex(texts, "[0-9]"))
    for i in np.flatnonzero((wordy | digits) & ~is_plain):
        quantity = quantities.number_in(texts[int(i)].as_py())
        if quantity is not None:
            numbers[i] = quantity.value
            units[i] = quantities.TIME_UNITS.index(quantity.unit) if quantity.unit in quantities.TIME_UNITS else -1
    return numbers, units


def _digits(number: float) -> str:
    """A number as the value field holds it: digits without separators ("2783", "1500000", "2.5")."""
    return f"{number:.15g}"


def source_rules(sources: RawTable, archive_dir: Path | None = None) -> pd.DataFrame:
    """A checksum exactly when there is an archive, whose path stays inside the archives folder."""
    found = []
    have, text = RawTable.present, _text
    unchecked = have(sources, "archive_path") != have(sources, "archive_sha256")
    found.append(_failures(sources, unchecked, "archive_sha256", "a checksum exactly when archive_path is given"))
    outside = archives.outside_folder(pd.Series(text(sources, "archive_path"), dtype=object)).to_numpy()
    found.append(_failures(sources, outside, "archive_path",
                           f"a path inside the archives folder {paths.archive_dir(archive_dir)}: relative, "
                           "without '..'"))
    return _concat(found)


def _held_back(raws: dict[str, RawTable], failures: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Hold back the problems on lines past where a file stopped being readable (a quote ran on, bytes not UTF-8);
    syntax errors themselves are always shown."""
    notes = []
    for raw in raws.values():
        if raw.read_until is None:
            continue
        later = (failures["file"] == raw.file) & (pd.to_numeric(failures["line"]) > raw.read_until)
        if later.any():
            notes.append(f"{int(later.sum())} problem(s) past line {raw.read_until} of {raw.file}")
            failures = failures[~later]
        notes.append(f"{raw.file} was not read past line {raw.read_until}: rows after it are checked once it is "
                     "fixed")
    return failures, notes


# ---------------------------------------------------------------------------------------------- typing


def typed_arrow(raw: RawTable, kinds: list[str]) -> pa.Table:
    """Validated text to typed Arrow columns: timestamps, float64, category codes (int16), text with nulls.

    This is what a snapshot stores; `to_frame` turns it into the pandas frame that `load` returns.
    """
    arrays = {"line": pa.array(raw.lines, pa.int64())}
    for name in raw.table.columns:
        spec, values = FIELDS[name], raw.columns[name]
        if spec.type == "date":
            arrays[name] = pa.array(raw.parsed[name].astype(f"datetime64[{DATE_UNIT}]"), pa.timestamp(DATE_UNIT),
                                    from_pandas=True)
        elif spec.type in {"number", "integer"}:
            arrays[name] = pa.array(raw.parsed[name], pa.float64(), from_pandas=True)
        elif spec.enum:
            arrays[name] = pa.array(raw.parsed[name], pa.int16())
        elif name == "kind":
            arrays[name] = pa.array(_codes(values, kinds), pa.int16())
        else:  # the same text with empty cells marked missing: a validity bitmap over the same buffers
            present = raw.present(name)
            validity = pa.py_buffer(np.packbits(present, bitorder="little"))
            arrays[name] = pa.LargeStringArray.from_buffers(len(values), values.buffers()[1], values.buffers()[2],
                                                            validity, offset=values.offset)
    # The kinds' own names, in order, for the categories of every `kind` column (the codes alone do not say).
    return pa.table(arrays).replace_schema_metadata({"kinds": json.dumps(kinds)})


def to_frame(typed: pa.Table, table: Table, kinds: list[str]) -> pd.DataFrame:
    """The pandas frame of one typed table: datetime64[us] dates, Float64 numbers, categoricals for vocabularies,
    str text (Arrow-backed, NaN for empty), the `line` column, indexed by the primary key."""
    out = {"line": typed.column("line").to_numpy()}
    for name in table.columns:
        spec, column = FIELDS[name], typed.column(name)
        if spec.type == "date":
            out[name] = column.to_numpy().astype(f"datetime64[{DATE_UNIT}]", copy=False)
        elif spec.type in {"number", "integer"}:
            out[name] = pd.array(column, dtype="Float64" if spec.type == "number" else "Int64")
        elif spec.enum or name == "kind":
            out[name] = pd.Categorical.from_codes(column.to_numpy(), categories=spec.enum or kinds, validate=False)
        else:
            out[name] = pd.array(column, dtype="str")
    frame = pd.DataFrame(out, copy=False)
    frame.index = pd.Index(frame[table.primary_key].array)
    return frame


# ---------------------------------------------------------------------------------------------- loading


def load(data_dir: Path | str | None = None, *, archives_dir: Path | str | None = None,
         cache: bool = True) -> Dataset:
    """Read, validate and type every table of a data folder (default: the bundled `data/`), and verify every
    excerpt whose archived text is present in `archives_dir` (default `paths.archive_dir()`).

    Raises DataValidationError listing every problem found, with file, line, field and expectation. With `cache`,
    a folder that passed is kept as a validated Parquet snapshot and unchanged data is read back from it.
    """
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    folder = paths.archive_dir(archives_dir)
    if not data_dir.is_dir():
        raise DataValidationError(_failure(str(data_dir), None, None, None,
                                           "a data folder holding " + ", ".join(t.path for t in TABLES.values())))
    files = {name: data_dir / table.path for name, table in TABLES.items()}
    existing = [path for path in files.values() if path.is_file()]

    def key_of(facts: dict[Path, snapshots.FileFacts]) -> str:
        return snapshots.key_of([f"{name} {facts[path].sha256 if path in facts else '-'}"
                                 for name, path in files.items()])

    def from_snapshot(key: str) -> Dataset | None:
        stored = snapshots.read(key, list(TABLES)) if cache else None
        if stored is None:
            return None
        kinds = json.loads(stored["kinds"].schema.metadata[b"kinds"])
        frames = {name: to_frame(stored[name], table, kinds) for name, table in TABLES.items()}
        status, state, record = _verified(frames, data_dir, folder, key)
        if record is not None:
            snapshots.write_status(key, state, record)
        return Dataset(**frames, data_dir=data_dir, archives=status)

    known = snapshots.facts_for(existing, compute=False)  # from the record of file hashes: no reading
    if len(known) == len(existing) and (dataset := from_snapshot(key_of(known))) is not None:
        return dataset
    # Two threads: Arrow's kernels release the GIL, so the events and the figures are checked side by side; a
    # third hashes the files meanwhile (hashlib and NumPy release it too).
    largest_first = sorted(existing, key=lambda path: -path.stat().st_size)
    with ThreadPoolExecutor(2) as pool, ThreadPoolExecutor(1) as hasher:
        hashing = {path: hasher.submit(lambda path=path: snapshots.facts_for([path])[path]) for path in largest_first}
        reading = {name: pool.submit(read_raw, data_dir, TABLES[name],
                                     hashing[files[name]].result if files[name] in hashing else None)
                   for name in sorted(TABLES, key=lambda name: largest_first.index(files[name])
                                      if files[name] in hashing else -1)}
        raws = {name: reading[name].result() for name in TABLES}
        key = key_of({path: future.result() for path, future in hashing.items()})
        if len(known) < len(existing) and (dataset := from_snapshot(key)) is not None:
            return dataset  # files just written with content already validated (a copy, a checkout)
        problems = [f for raw in raws.values() for f in raw.failures]
        references, held = check_references(raws, pool)
        problems += list(pool.map(check_fields, raws.values()))
        problems += [references, check_rules(raws, folder, pool)]
    failures, notes = _held_back(raws, _concat(problems))
    if len(failures) or notes or held:
        if len(failures) and folder.is_dir():  # so that a typo in an excerpt is not taken for one in a field
            notes.append(f"the excerpts' check against the archived texts in {folder}, which runs once these are "
                         "fixed")
        raise DataValidationError(failures, held + notes)
    kinds = raws["kinds"].columns["kind"].to_pylist()
    typed = {name: typed_arrow(raw, kinds) for name, raw in raws.items()}
    del raws
    frames = {name: to_frame(typed[name], table, kinds) for name, table in TABLES.items()}
    status, state, record = _verified(frames, data_dir, folder, None)
    if cache:  # written while the caller starts on the data: at 10^6 rows the write costs about half a parse
        snapshots.write(key, typed, {state: record}, background=True)
    return Dataset(**frames, data_dir=data_dir, archives=status)


def _verified(frames: dict[str, pd.DataFrame], data_dir: Path, folder: Path, key: str | None
              ) -> tuple[archives.ArchiveStatus, str, dict | None]:
    """Verify the excerpts against the archives in `folder` unless this snapshot was verified against the same
    archive texts before (their sha256s are the record's key); raise DataValidationError on a failure.

    Returns the status, the key of the archives' state, and the record to store (None if it was stored already).
    """
    sources = frames["sources"]
    archived = sources[sources["archive_path"].notna()]
    located = [folder / p for p in archived["archive_path"]]
    facts = snapshots.facts_for(located)
    state = snapshots.key_of([str(folder.resolve())] + [
        f"{s} {facts[p].sha256 if p in facts else '-'}" for s, p in zip(archived.index, located, strict=True)])
    if key is not None and (record := snapshots.read_status(key, state)) is not None:
        return archives.ArchiveStatus(folder, tuple(record["verified"]), tuple(record["missing"])), state, None
    tables = {name: (str(data_dir / f"{name}.csv"), frames[name]) for name in archives.EXCERPT_TABLES}
    failures, status = archives.verify_excerpts(sources, str(data_dir / "sources.csv"), tables, folder)
    if len(failures):
        raise DataValidationError(failures)
    return status, state, {"verified": list(status.verified), "missing": list(status.missing)}


def load_sources(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The sources table of a validated data folder."""
    return load(data_dir).sources


def load_events(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The events table of a validated data folder."""
    return load(data_dir).events


def load_figures(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The figures table of a validated data folder."""
    return load(data_dir).figures


def load_for_command(data_dir: Path | str | None) -> Dataset | None:
    """`load` for a command line: on invalid data, print every problem to stderr and return None."""
    try:
        return load(data_dir)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return None


def known_values(data: Dataset) -> dict[str, list[str]]:
    """What a filter may name, by filter: ids and vocabularies of the data (claimants by id, name or publisher)."""
    from analysis.schema import QUANTITIES, SIDES

    return {
        "kinds": list(data.kinds["kind"]),
        "sources": list(data.sources["source_id"]),
        "claimants": sorted({*data.actors["actor_id"], *data.actors["name"], *data.sources["publisher"]}),
        "events": list(data.events["event_id"]),
        "figures": list(data.figures["figure_id"]),
        "spans": list(data.spans["span_id"]),
        "quantities": QUANTITIES,
        "sides": SIDES,
    }


def require_known(data: Dataset, **values: Iterable[str] | Mapping[str, object] | None) -> None:
    """Raise ValueError naming every given value the data does not have, with close matches, so that a typo in a
    notebook parameter stops the run instead of filtering everything away. Keywords: see `known_values`; a value
    may be a mapping of notebook parameter to its value(s), and the message then names the parameters to set
    (a default that names the curated data's ids, run on an imported folder, says which to change).

    >>> require_known(load(), kinds=["ceasfire"])
    Traceback (most recent call last):
    analysis.loading.UnknownValueError: unknown kinds: 'ceasfire' (did you mean 'ceasefire'?)
    """
    known = known_values(data)
    problems, parameters = [], []
    for name, given in values.items():
        if name not in known:
            raise TypeError(f"require_known() has no filter {name!r}; it knows {sorted(known)}")
        named = given.items() if isinstance(given, Mapping) else [(None, given)]
        unknown = []
        for parameter, chosen in named:
            chosen = [chosen] if isinstance(chosen, str) or chosen is None else list(chosen)
            missing = [value for value in chosen if value is not None and value not in known[name]]
            if missing and parameter is not None:
                parameters.append(parameter)
            unknown += [(f"{parameter} " if parameter else "") + f"{value!r}"
                        + _suggestion(str(value), known[name], name) for value in missing]
        if unknown:
            problems.append(f"unknown {name}: " + "; ".join(unknown))
    if problems:
        hint = (f". Set {', '.join(dict.fromkeys(parameters))} (-p NAME=VALUE) to values of this data"
                if parameters else "")
        raise UnknownValueError("; ".join(problems) + hint)


def _suggestion(value: str, known: list[str], name: str) -> str:
    import difflib

    close = [k for k in known if k.startswith(value)][:3] or difflib.get_close_matches(value, known, n=3)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else f" (no such {name} in the data)"


def split_ids(values: pd.Series) -> pd.Series:
    """'a|b' cells to one row per id (index repeated), empty cells dropped."""
    return values.dropna().str.split(LIST_SEPARATOR, regex=False).explode()


def positions(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """The row position in `keys` (a column of unique ids) of each of `values`, -1 where it has none.

    One pass over `keys` with an Arrow hash of the distinct `values`. A search of a pandas index of string ids
    (`.loc`, `.reindex`, `.map`) would build that index's hash table of Python strings first: about a second and
    100 MB per million ids, for each new index."""
    code, distinct = pd.factorize(values)
    found = np.full(len(distinct), -1)
    if len(distinct):
        column = pa.array(keys.array)  # the array, not the Series: pyarrow's probe of a Series searches its index
        wanted = pa.array(np.asarray(distinct, dtype=object), type=column.type)
        where = pc.index_in(column, value_set=wanted).fill_null(-1).to_numpy()
        hit = np.flatnonzero(where >= 0)
        found[where[hit]] = hit
    return np.where(code >= 0, found[code], -1)


def id_ranks(ids: pd.Series) -> np.ndarray:
    """Each id's place in sorted order (ties in order of appearance), by Arrow: UTF-8 bytes sort as code points,
    so the order is Python's, without a Python string per id."""
    # The array, not the Series: pyarrow probes a Series for attributes, which pandas looks up in its index.
    return pc.rank(pa.array(ids.array), sort_keys="ascending", tiebreaker="first").to_numpy()


def day_keys(days: pd.Series) -> np.ndarray:
    """Datetimes as integers that sort as sort_values sorts them (missing last), for `np.lexsort`."""
    return np.where(days.isna().to_numpy(), np.iinfo(np.int64).max, days.to_numpy().view("int64"))


def lookup(values: pd.Series, table: pd.Series) -> pd.api.extensions.ExtensionArray:
    """`values.map(table)` as an array of `table`'s dtype, for a long column of few distinct values (source ids,
    units): each distinct value is looked up once, then taken by its code (missing where `table` has none)."""
    code, distinct = pd.factorize(values)
    return table.reindex(distinct).array.take(code, allow_fill=True)  # code -1: a missing value


# ---------------------------------------------------------------------------------------------- CLI


def summary(data: Dataset) -> str:
    """A plain-text summary: counts per table, then every event and every figure with its source."""
    counts = "\n".join(f"  {name:8} {len(frame):>6} rows" for name, frame in data.tables().items())
    events = data.events.sort_values(["start_date", "event_id"])
    # An event over several days shows its range ("2020-09-28 to 2020-09-30"), as `cite` does: its first day alone
    # would state a day the data do not. date(): zero-padded for any year (strftime is not).
    when = [f"{d.date()} to {e.date()}" if pd.notna(e) and e != d else str(d.date())
            for d, e in zip(events["start_date"], events["end_date"], strict=True)]
    width = max((len(w) for w in when), default=10)
    event_lines = "\n".join(
        f"  {i:30} {w:{width}} {p:13} {k:19} {t}  [{s}]"
        for i, w, p, k, t, s in zip(events["event_id"], when, events["date_precision"],
                                    events["kind"], events["title"], events["source_id"], strict=True)
    )
    figures = data.figures.sort_values(["quantity", "figure_id"])
    figure_lines = "\n".join(
        f"  {i:26} {q:19} {v}: {s}  [{src}]"
        for i, q, v, s, src in zip(figures["figure_id"], figures["quantity"], figures["value_text"],
                                   figures["scope"], figures["source_id"], strict=True)
    )
    return (f"Data folder {data.data_dir}: valid.\n{counts}\n\n"
            f"Events (id, date or first to last day, precision, kind, title, source):\n{event_lines}\n\n"
            f"Figures (id, quantity, as stated: scope, source):\n{figure_lines}")


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data/)")


def run_command(args: argparse.Namespace) -> int:
    """`summary`: 0 and the summary for valid data; 1 and every problem otherwise (validating is its job).

    Excerpts are checked against the archived texts where those are present (`--archives DIR`, default
    `../shared`); the last line says how many were checked and names the folder.
    """
    data = load_for_command(args.data)
    if data is None:
        return 1
    print(summary(data))
    print(f"\nArchives: {data.archives.describe()}.")
    return 0


# ---------------------------------------------------------------------------------------------- combining

# Tables that name things rather than state them: the same row may come from several folders.
VOCABULARY_TABLES = ("kinds", "actors", "places")


def combine(datasets: Iterable[Dataset]) -> Dataset:
    """Several loaded data folders as one Dataset: the curated claims with imported event data, say.

    Sources, events, figures and spans keep their ids, which must be unique across the folders; a vocabulary row
    (kind, actor, place) found in several folders is kept once where the rows agree. Anything else raises
    DataValidationError naming each folder's file, line and id. `data_dir` is the first folder; each row's
    `line` stays its line in its own folder's CSV.

    >>> both = combine([load(), load("imported/ged")])     # doctest: +SKIP
    """
    datasets = list(datasets)
    if not datasets:
        raise ValueError("combine() needs at least one Dataset")
    if len(datasets) == 1:
        return datasets[0]
    frames, problems = {}, []
    for name, table in TABLES.items():
        parts = [getattr(d, name) for d in datasets]
        folder = np.repeat(np.array([str(d.data_dir) for d in datasets], dtype=object), [len(p) for p in parts])
        combined = pd.concat(parts).assign(_folder=folder)
        if name in VOCABULARY_TABLES:  # one row per distinct content (the line may differ)
            combined = combined[~combined.drop(columns=["line", "_folder"]).duplicated()]
        repeated = combined[combined[table.primary_key].duplicated(keep=False)]
        if len(repeated):
            where = repeated.groupby(table.primary_key)["_folder"].agg(lambda f: " and ".join(dict.fromkeys(f)))
            kind = "with different content in" if name in VOCABULARY_TABLES else "in"
            problems.append(pd.DataFrame({
                "file": repeated["_folder"] + f"/{table.path}", "line": repeated["line"].to_numpy(),
                "field": table.primary_key, "value": repeated[table.primary_key].to_numpy(),
                "expected": (f"an id that no other data folder uses (it is {kind} "
                             + repeated[table.primary_key].map(where) + ")").to_numpy()}, columns=FAILURE_COLUMNS))
        frames[name] = combined.drop(columns="_folder")
    failures = _concat(problems)
    if len(failures):
        raise DataValidationError(failures)
    kinds = list(frames["kinds"]["kind"])
    for name, table in TABLES.items():  # categoricals as `typed` makes them, over the union of the kinds
        for column in table.columns:
            if FIELDS[column].enum:
                frames[name][column] = pd.Categorical(frames[name][column], categories=FIELDS[column].enum)
            elif column == "kind":
                frames[name][column] = pd.Categorical(frames[name][column], categories=kinds)
    return Dataset(**frames, data_dir=datasets[0].data_dir)


def load_all_for_command(data_dirs: Iterable[Path | str | None]) -> Dataset | None:
    """`load_for_command` for one or several folders (`--data A --data B`), combined; None after printing every
    problem to stderr. A folder named twice is read once."""
    folders = {(Path(f) if f is not None else paths.DATA_DIR).resolve(): f for f in (list(data_dirs) or [None])}
    loaded = [load_for_command(folder) for folder in folders.values()]  # a folder given twice counts once
    if any(data is None for data in loaded):
        return None
    try:
        return combine(loaded)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return None
