"""Load the curated tables as typed DataFrames, validated against the field dictionary on the way in.

Validation is lazy, as in pandera: every failure in every table is collected and reported at once, each
naming the file, the line (the header is line 1), the field, the value found and what was expected.

>>> data = load()                      # the bundled data folder
>>> data.figures.loc["an-deaths-total", "value_text"]
'more than 5,600'
"""

from __future__ import annotations

import argparse
import csv
import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.schema import FIELDS, LIST_SEPARATOR, TABLES, Table

EXCERPT_SEPARATOR = " […] "
FAILURE_COLUMNS = ["file", "line", "field", "value", "expected"]
SHOWN_FAILURES = 50


class DataValidationError(ValueError):
    """Raised with every failure found; `.failures` is a DataFrame (file, line, field, value, expected)."""

    def __init__(self, failures: pd.DataFrame):
        self.failures = failures.reset_index(drop=True)
        super().__init__(self._message())

    def _message(self) -> str:
        rows = self.failures.head(SHOWN_FAILURES)
        lines = [
            f"{r.file}" + (f", line {r.line}" if pd.notna(r.line) else "")
            + (f", field '{r.field}'" if r.field else "")
            + (f": found {r.value!r}; expected " if r.value is not None and pd.notna(r.value) else ": expected ")
            + f"{r.expected}"
            for r in rows.itertuples()
        ]
        more = len(self.failures) - len(rows)
        if more > 0:
            lines.append(f"... and {more} more")
        return f"{len(self.failures)} problem(s) in the data:\n  " + "\n  ".join(lines)


@dataclass(frozen=True)
class Dataset:
    """All tables of one data folder, typed and indexed by their primary keys."""

    sources: pd.DataFrame
    kinds: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    events: pd.DataFrame
    figures: pd.DataFrame
    spans: pd.DataFrame
    data_dir: Path

    def tables(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "data_dir"}


# ---------------------------------------------------------------------------------------------- reading


def read_raw(data_dir: Path, table: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one CSV as strings ('' for empty). Returns the frame and the structural failures found."""
    path = Path(data_dir) / table.path
    if not path.exists():
        return _empty(table), _failure_frame(str(path), None, None, None, f"the file {table.path} to exist")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8",
                          on_bad_lines="error")
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error) as error:
        return _empty(table), _failure_frame(str(path), _line_from(error), None, None,
                                             f"well-formed UTF-8 CSV ({error})")
    missing = [c for c in table.columns if c not in raw.columns]
    extra = [c for c in raw.columns if c not in table.columns]
    problems = [_failure_frame(str(path), 1, c, None, "this column in the header") for c in missing]
    problems += [_failure_frame(str(path), 1, c, c, f"only the columns {table.columns}") for c in extra]
    raw.index = pd.RangeIndex(2, len(raw) + 2, name="line")
    for column in missing:
        raw[column] = ""
    return raw[table.columns], _concat(problems)


def _line_from(error: Exception) -> int | None:
    text = str(error)
    marker = "line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(",")[0].split()[0]
        return int(digits) if digits.isdigit() else None
    return None


def _empty(table: Table) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in table.columns})


# ---------------------------------------------------------------------------------------------- checks


def _failure_frame(file: str, line, field, value, expected: str) -> pd.DataFrame:
    return pd.DataFrame([{"file": file, "line": line, "field": field, "value": value, "expected": expected}],
                        columns=FAILURE_COLUMNS)


def _failures(file: str, raw: pd.DataFrame, mask: pd.Series, field: str, expected) -> pd.DataFrame:
    """Failures for the rows where `mask` is true; `expected` is a string or a Series aligned to raw."""
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    hits = raw.loc[mask]
    expect = expected[mask] if isinstance(expected, pd.Series) else expected
    return pd.DataFrame({"file": file, "line": hits.index, "field": field,
                         "value": hits[field].to_numpy(), "expected": expect}, columns=FAILURE_COLUMNS)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def check_fields(raw: pd.DataFrame, table: Table, file: str) -> pd.DataFrame:
    """Every field's type and constraints, as declared in the field dictionary."""
    found = []
    for name in table.columns:
        spec, values = FIELDS[name], raw[name]
        present = values != ""
        if name in table.required:
            found.append(_failures(file, raw, ~present, name, "a value (the field is required)"))
        if spec.type == "date":
            parsed = pd.to_datetime(values.where(present), format="%Y-%m-%d", errors="coerce")
            shaped = values.str.fullmatch(r"\d{4}-\d{2}-\d{2}")  # strptime would also take 2020-12-5
            found.append(_failures(file, raw, present & (parsed.isna() | ~shaped), name, "a date as YYYY-MM-DD"))
        elif spec.type in {"number", "integer"}:
            parsed = pd.to_numeric(values.where(present), errors="coerce")
            found.append(_failures(file, raw, present & parsed.isna(), name, f"a {spec.type}"))
            if spec.minimum is not None:
                found.append(_failures(file, raw, parsed < spec.minimum, name, f"a number >= {spec.minimum:g}"))
        if spec.enum:
            found.append(_failures(file, raw, present & ~values.isin(spec.enum), name, f"one of {spec.enum}"))
        if spec.pattern:  # each distinct value matched once: ids are unique, but most columns repeat a lot
            codes, distinct = pd.factorize(values)
            matches = pd.Series(pd.Series(distinct).str.fullmatch(spec.pattern).to_numpy(dtype=bool)[codes],
                                index=values.index)
            found.append(_failures(file, raw, present & ~matches, name, f"text matching {spec.pattern}"))
    key = table.primary_key
    duplicated = raw[key].duplicated(keep="first") & (raw[key] != "")
    found.append(_failures(file, raw, duplicated, key, "a unique id (this id is used by an earlier line)"))
    return _concat(found)


def check_references(raws: dict[str, pd.DataFrame], files: dict[str, str]) -> pd.DataFrame:
    """Every id that refers to another table exists there (lists element by element)."""
    found = []
    for name, table in TABLES.items():
        raw = raws[name]
        for column, (target, key) in table.foreign_keys().items():
            known = raws[target][key]  # a Series: isin hashes it without a Python-level set
            values = raw[column]
            if FIELDS[column].is_list:
                items = values[values != ""].str.split(LIST_SEPARATOR, regex=False).explode()
                bad_items = items[~items.isin(known)]
                mask = raw.index.isin(bad_items.index)
                expected = pd.Series("", index=raw.index)
                missing = bad_items.groupby(level=0).agg(", ".join)
                expected.loc[missing.index] = "ids that exist in " + target + ".csv (unknown: " + missing + ")"
                found.append(_failures(files[name], raw, pd.Series(mask, index=raw.index), column, expected))
            else:
                mask = (values != "") & ~values.isin(known)
                found.append(_failures(files[name], raw, mask, column, f"an id that exists in {target}.csv"))
    return _concat(found)


def _quoted_in_excerpt(raw: pd.DataFrame, column: str, chunk: int = 10_000) -> pd.Series:
    """Whether each non-empty `column` occurs verbatim in the row's excerpt.

    In chunks: a fixed-width numpy string array pads every row to the longest excerpt, so one long excerpt
    would otherwise cost its length times the number of rows.
    """
    excerpts, words = raw["excerpt"].to_numpy(), raw[column].to_numpy()
    inside = np.concatenate([np.zeros(0, dtype=bool)] + [
        np.strings.find(excerpts[i:i + chunk].astype(str), words[i:i + chunk].astype(str)) >= 0
        for i in range(0, len(raw), chunk)])
    return (raw[column] == "") | pd.Series(inside, index=raw.index, dtype=bool)


def check_rules(raws: dict[str, pd.DataFrame], files: dict[str, str]) -> pd.DataFrame:
    """Rules across fields: bounds follow the qualifier, spans run forwards, derived dates say how."""
    from analysis import quantities  # local: quantities is pure and light, but loading must not need it first

    found = []
    events, figures = raws["events"], raws["figures"]
    ef, ff = files["events"], files["figures"]

    start = pd.to_datetime(events["start_date"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(events["end_date"], format="%Y-%m-%d", errors="coerce")
    found.append(_failures(ef, events, end < start, "end_date", "a date on or after start_date"))
    precision = events["date_precision"]
    misaligned = (
        ((precision == "week") & (start.dt.day_of_week != 0))
        | ((precision == "part of month") & ~start.dt.day.isin([1, 11, 21]))
        | ((precision == "month") & (start.dt.day != 1))
        | ((precision == "year") & ((start.dt.day != 1) | (start.dt.month != 1)))
        | ((precision == "decade") & ((start.dt.day != 1) | (start.dt.month != 1) | (start.dt.year % 10 != 0)))
    )
    found.append(_failures(ef, events, misaligned, "start_date",
                           "the first day of the week (a Monday), part of month (1, 11, 21), month, year or "
                           "decade that date_precision names"))
    derived = events["date_basis"] == "derived"
    for column in ["derived_from_event_id", "derived_with_figure_id", "derived_direction"]:
        found.append(_failures(ef, events, derived & (events[column] == ""), column,
                               "a value, because date_basis is 'derived'"))
        found.append(_failures(ef, events, ~derived & (events[column] != ""), column,
                               "no value, because date_basis is not 'derived'"))
    needs_words = events["date_basis"].isin(["resolved", "derived"])
    found.append(_failures(ef, events, needs_words & (events["date_expression"] == ""), "date_expression",
                           "the source's words the date was resolved or derived from"))
    found.append(_failures(ef, events, (events["start_time"] != "") != (events["time_zone"] != ""),
                           "time_zone", "a time zone exactly when start_time is given"))
    found.append(_failures(ef, events, ~_quoted_in_excerpt(events, "date_expression"), "date_expression",
                           "words that occur verbatim in the excerpt"))

    low = pd.to_numeric(figures["low"].where(figures["low"] != ""), errors="coerce")
    high = pd.to_numeric(figures["high"].where(figures["high"] != ""), errors="coerce")
    value = pd.to_numeric(figures["value"].where(figures["value"] != ""), errors="coerce")
    found.append(_failures(ff, figures, low > high, "low", "a low bound not above the high bound"))
    # Only rows whose value and qualifier passed their own checks can be held to the rule.
    wordy = sorted(q for q, rule in quantities.QUALIFIER_RULES.items() if not rule.takes_value)
    ruled = figures["qualifier"].isin(quantities.QUALIFIER_RULES) & ~(value < 0) & (
        value.notna() == ~figures["qualifier"].isin(wordy))
    found.append(_failures(ff, figures, ~ruled & figures["qualifier"].isin(quantities.QUALIFIER_RULES) & ~(value < 0),
                           "value", f"a value exactly when the qualifier is not one of {wordy}"))
    rule = quantities.bounds_frame(value[ruled], figures.loc[ruled, "qualifier"]).reindex(figures.index)
    # An estimate's bounds are its source's own ("estimate"): no rule gives them, the value must lie inside.
    stated = figures["qualifier"].isin([q for q, r in quantities.QUALIFIER_RULES.items() if r.stated_bounds])
    found.append(_failures(ff, figures, stated & (low > value), "low", "a low estimate not above the value"))
    found.append(_failures(ff, figures, stated & (high < value), "high", "a high estimate not below the value"))
    for column, stored in [("low", low), ("high", high)]:
        expected = rule[column].astype("Float64")
        differs = (stored.isna() != expected.isna()) | (stored.notna() & (stored != expected))
        differs &= ruled & ~stated
        shown = expected.astype("object").map(lambda v: "empty (open-ended)" if pd.isna(v) else f"{v:g}")
        text = ("'" + shown + "', the bound that '"
                + figures["qualifier"] + "' implies for the value " + figures["value"].replace("", "(none)"))
        found.append(_failures(ff, figures, differs.fillna(True), column, text))
    found.append(_failures(ff, figures, ~_quoted_in_excerpt(figures, "value_text"), "value_text",
                           "words that occur verbatim in the excerpt"))
    found.append(_failures(ff, figures, ~_quoted_in_excerpt(figures, "as_of_expression"), "as_of_expression",
                           "words that occur verbatim in the excerpt"))

    sources = raws["sources"]
    unchecked = (sources["archive_path"] != "") != (sources["archive_sha256"] != "")
    found.append(_failures(files["sources"], sources, unchecked, "archive_sha256",
                           "a checksum exactly when archive_path is given"))
    return _concat(found)


# ---------------------------------------------------------------------------------------------- typing


def typed(raw: pd.DataFrame, table: Table, kinds: list[str]) -> pd.DataFrame:
    """Validated strings to typed columns: datetimes, nullable numbers, categoricals for vocabularies."""
    out = {}
    for name in table.columns:
        spec, values = FIELDS[name], raw[name].replace("", None)
        if spec.type == "date":
            out[name] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[ns]")
        elif spec.type == "number":
            out[name] = pd.to_numeric(values).astype("Float64")
        elif spec.type == "integer":
            out[name] = pd.to_numeric(values).astype("Int64")
        elif spec.enum:
            out[name] = pd.Categorical(values, categories=spec.enum)
        elif name == "kind":
            out[name] = pd.Categorical(values, categories=kinds)
        else:
            out[name] = values.astype("str")
    frame = pd.DataFrame(out, index=raw.index)
    frame = frame.reset_index().set_index(table.primary_key, drop=False)
    frame.index.name = None
    return frame


def load(data_dir: Path | str | None = None) -> Dataset:
    """Read, validate and type every table of a data folder (default: the bundled `data/`).

    Raises DataValidationError listing every problem found, with file, line, field and expectation.
    """
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    if not data_dir.is_dir():
        raise DataValidationError(_failure_frame(str(data_dir), None, None, None,
                                                 "a data folder holding " + ", ".join(t.path for t in TABLES.values())))
    raws, files, problems = {}, {}, []
    for name, table in TABLES.items():
        files[name] = str(data_dir / table.path)
        raws[name], structural = read_raw(data_dir, table)
        problems.append(structural)
        problems.append(check_fields(raws[name], table, files[name]))
    problems.append(check_references(raws, files))
    problems.append(check_rules(raws, files))
    failures = _concat(problems)
    if len(failures):
        raise DataValidationError(failures)
    kinds = list(raws["kinds"]["kind"])
    frames = {name: typed(raws[name], table, kinds) for name, table in TABLES.items()}
    return Dataset(**frames, data_dir=data_dir)


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


def require_known(data: Dataset, **values: Iterable[str] | None) -> None:
    """Raise ValueError naming every given value the data does not have, with close matches, so that a typo in a
    notebook parameter stops the run instead of filtering everything away. Keywords: see `known_values`.

    >>> require_known(load(), kinds=["ceasfire"])
    Traceback (most recent call last):
    ValueError: unknown kinds: 'ceasfire' (did you mean 'ceasefire'?)
    """
    known = known_values(data)
    problems = []
    for name, given in values.items():
        if name not in known:
            raise TypeError(f"require_known() has no filter {name!r}; it knows {sorted(known)}")
        unknown = [f"{value!r}{_suggestion(str(value), known[name], name)}"
                   for value in (given or []) if value not in known[name]]
        if unknown:
            problems.append(f"unknown {name}: " + "; ".join(unknown))
    if problems:
        raise ValueError("; ".join(problems))


def _suggestion(value: str, known: list[str], name: str) -> str:
    close = [k for k in known if k.startswith(value)][:3] or difflib.get_close_matches(value, known, n=3)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else f" (no such {name} in the data)"


def split_ids(values: pd.Series) -> pd.Series:
    """'a|b' cells to one row per id (index repeated), empty cells dropped."""
    return values.dropna().str.split(LIST_SEPARATOR, regex=False).explode()


# ---------------------------------------------------------------------------------------------- CLI


def summary(data: Dataset) -> str:
    """A plain-text summary: counts per table, then every event and every figure with its source."""
    counts = "\n".join(f"  {name:8} {len(frame):>6} rows" for name, frame in data.tables().items())
    events = data.events.sort_values(["start_date", "event_id"])
    event_lines = "\n".join(
        f"  {i:30} {d:%Y-%m-%d} {p:13} {k:19} {t}  [{s}]"
        for i, d, p, k, t, s in zip(events["event_id"], events["start_date"], events["date_precision"],
                                    events["kind"], events["title"], events["source_id"], strict=True)
    )
    figures = data.figures.sort_values(["quantity", "figure_id"])
    figure_lines = "\n".join(
        f"  {i:26} {q:19} {v}: {s}  [{src}]"
        for i, q, v, s, src in zip(figures["figure_id"], figures["quantity"], figures["value_text"],
                                   figures["scope"], figures["source_id"], strict=True)
    )
    return (f"Data folder {data.data_dir}: valid.\n{counts}\n\nEvents (id, date, precision, kind, title, source):\n"
            f"{event_lines}\n\nFigures (id, quantity, as stated: scope, source):\n{figure_lines}")


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data/)")


def run_command(args: argparse.Namespace) -> int:
    """`summary`: 0 and the summary for valid data; 1 and every problem otherwise (validating is its job).

    Excerpts are also checked against the archived texts where those are present (`../shared/`).
    """
    from analysis import archives  # archives reads files; loading itself does not need it

    data = load_for_command(args.data)
    if data is None:
        return 1
    problems, missing = archives.verify_archives(data)
    print(summary(data))
    checked = len(data.sources) - len(missing) - int(data.sources["archive_path"].isna().sum())
    print(f"\nArchives: {checked} source text(s) checked against their sha256 and excerpts"
          + (f"; not present here, so not verified: {', '.join(missing)}" if missing else "") + ".")
    if len(problems):
        print(DataValidationError(problems), file=sys.stderr)
        return 1
    return 0
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
