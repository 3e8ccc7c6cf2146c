"""Event data sets in: a UCDP GED or ACLED export as a data folder of the package's own model.

    python -m analysis import ged GEDEvent_v23_1.csv --out imported/ged --country Azerbaijan --from 2020-09-27
    python -m analysis import acled acled-export.csv --out imported/acled --country Armenia --country Azerbaijan

Every row of the export becomes one event and its death counts become figures, so timelines, statistics,
charts, checks and citations work on them unchanged. The export itself is the source (type `dataset`: publisher,
version, access date, sha256), and each row's excerpt is the row as it stands in the file, so the excerpt check
verifies every imported fact against the archived export (`archive_path` is the export's file name, relative to
the archive folder). The first line of each row's `notes` is how `cite` names it: "UCDP GED 23.1, event 376126,
citing Reuters, 11 February 1992".

The mapping follows the publishers' codebooks:

- GED: `type_of_violence` gives the kind; `side_a`/`side_b` the actors (by UCDP actor id); `date_prec` the
  date precision (1 the day; 2 a span of 2 to 6 days, kept as date_start to date_end; 3 the week, 4 the month,
  5 the year: the days date_start to date_end, GED's earliest and latest possible days, or the Monday-to-Sunday
  weeks, months or years they fill whole); `where_prec`
  which place is known (1-2 the named place, 3 the second-order division, 4 the first-order division, 5 and
  7 the area described, 6 the country). Figures: all deaths as `best` with the `low` and `high` UCDP gives
  (qualifier `estimate`), and the deaths of side A, side B, civilians and of unknown status where non-zero,
  each a best estimate for which UCDP states no bounds.
- ACLED: the event type gives the kind and the sub-event type the title; `actor1`, `actor2` and their associated
  actors the actors; `time_precision` 1 the day, 2 the week (ACLED dates an event known only to a week or weekend
  to its middle: the Monday-to-Sunday week that holds `event_date`), 3 the month (ACLED's codebook: known only
  to a month, dated to its middle, or to its first or last day where the source says the beginning or end);
  `geo_precision` 1-2 the named location, 3 its first-order division. `fatalities`, where non-zero, is a figure
  whose scope carries ACLED's own caution: its counts are conservative estimates.

Sides: an actor named as a state's government or forces ("Government of Armenia", "Military Forces of
Azerbaijan (2003-)") takes that state's side where the side vocabulary has it; any other actor's side is
"unspecified" unless the caller names it (`sides={"Republic of Artsakh": "armenia"}`, `--side NAME=SIDE`).

Bad input (a missing or renamed column, a row with the wrong number of fields, a death count that is not a whole
number, low above best, an unknown code, a country name other than the one the other rows with its country code
give, a UCDP actor id with a second name) raises `DataValidationError` naming the file, line and column; nothing is
written. Output is written to a temporary folder, validated by `analysis.load`, then renamed into place.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import hashlib
import io
import itertools
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import atomic, paths
from analysis.loading import FAILURE_COLUMNS, Dataset, DataValidationError, load
from analysis.schema import SIDES, TABLES, write_datapackage

CHUNK_ROWS = 100_000  # rows read, checked and mapped at a time: bounds memory on exports of millions of rows
MAX_PROBLEMS = 1_000  # a file that is wrong throughout stops being read once this many problems are found

GED_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]
# GED columns no event, figure, place, actor or citation is made from (older and newer releases differ in them:
# the *_dset_id columns came with the UCDP dataset ids); a file without them imports the same.
GED_OPTIONAL = frozenset({
    "relid", "year", "active_year", "code_status", "conflict_dset_id", "conflict_name", "dyad_dset_id",
    "dyad_new_id", "side_a_dset_id", "side_b_dset_id", "number_of_sources", "source_original", "where_coordinates",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country_id", "region", "event_clarity", "gwnoa", "gwnob",
})
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
GED_PUBLISHER = "Uppsala Conflict Data Program (UCDP)"
ACLED_PUBLISHER = "Armed Conflict Location & Event Data (ACLED)"
# What each publisher calls the count it gives for an event, as the chart and the checks name it. UCDP publishes a
# best estimate (with a low and a high for the total); ACLED calls its fatalities conservative estimates, no best.
COUNT_NAMES = {GED_PUBLISHER: "best estimate", ACLED_PUBLISHER: "conservative estimate"}
GED_DEATHS = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"]

# kind -> description, as each codebook defines its categories (kinds.csv of an imported folder).
GED_KINDS = {
    "1": ("state_based_conflict", "Armed force between two organised parties, at least one of them the government "
                                  "of a state, over government or territory (UCDP GED: state-based conflict)."),
    "2": ("non_state_conflict", "Armed force between two organised armed groups, neither of them the government "
                                "of a state (UCDP GED: non-state conflict)."),
    "3": ("one_sided_violence", "Armed force used deliberately by a government or an organised group against "
                                "civilians (UCDP GED: one-sided violence)."),
}
ACLED_KINDS = {
    "Battles": ("battle", "Armed clashes between organised armed groups (ACLED: battles)."),
    "Explosions/Remote violence": ("remote_violence", "Shelling, air or drone strikes, missiles, mines and other "
                                                      "explosions (ACLED: explosions/remote violence)."),
    "Violence against civilians": ("violence_against_civilians", "Violence by an organised armed group against "
                                                                 "unarmed civilians (ACLED)."),
    "Protests": ("protest", "A public demonstration (ACLED: protests)."),
    "Riots": ("riot", "A violent demonstration or mob violence (ACLED: riots)."),
    "Strategic developments": ("strategic_development", "A politically important event that is not violence, "
                                                        "such as an agreement or a change of territory "
                                                        "(ACLED: strategic developments)."),
}
# The date precision each code names, with what the codebook says the code means (kept in the row's notes).
GED_DATE_PRECISIONS = {
    "1": ("day", "GED date_prec 1: the exact date is known"),
    "2": ("day", "GED date_prec 2: the event happened between date_start and date_end (two to six days)"),
    "3": ("week", "GED date_prec 3: only the week is known; recorded as date_start to date_end, the earliest and "
                  "latest days GED gives, or as the Monday-to-Sunday week(s) where these fill them whole"),
    "4": ("month", "GED date_prec 4: only the month is known (or a period of 8 to 30 days); recorded as date_start "
                   "to date_end, the earliest and latest days GED gives, or as the month(s) where these fill them "
                   "whole"),
    "5": ("year", "GED date_prec 5: only the year is known (or a period of more than 30 days); recorded as "
                  "date_start to date_end, the earliest and latest days GED gives, or as the year(s) where these "
                  "fill them whole"),
}
ACLED_DATE_PRECISIONS = {
    "1": ("day", "ACLED time_precision 1: the source gives the day"),
    "2": ("week", "ACLED time_precision 2: the source gives only the week or weekend, and ACLED dates the event to "
                  "its middle; recorded as the Monday-to-Sunday week that holds event_date"),
    "3": ("month", "ACLED time_precision 3: the source gives only the month, and ACLED dates the event to its "
                   "middle, or to its first or last day where the source says the beginning or end"),
}
GED_PLACES = {  # where_prec -> what the place named is, in the codebook's words
    "1": "GED where_prec 1: the exact location", "2": "GED where_prec 2: an area around the named location",
    "3": "GED where_prec 3: only the second-order administrative division is known",
    "4": "GED where_prec 4: only the first-order administrative division is known",
    "5": "GED where_prec 5: a part of the country, or a point between named places",
    "6": "GED where_prec 6: only the country is known",
    "7": "GED where_prec 7: over water or in international airspace",
}
ACLED_PLACES = {
    "1": "ACLED geo_precision 1: the named town", "2": "ACLED geo_precision 2: an area near the named location",
    "3": "ACLED geo_precision 3: only the larger region is known; recorded as its first-order division",
}
# ACLED's actor types (inter1, inter2), as codes or, in exports since 2024, as words.
ACLED_ACTOR_TYPES = {"1": "armed_forces", "state forces": "armed_forces", "8": "organisation",
                     "external/other forces": "organisation"}
# A state's own name -> its side in the vocabulary, for actors named as that state's government or forces.
STATE_SIDES = {"armenia": "armenia", "azerbaijan": "azerbaijan", "russia": "russia", "russia (soviet union)": "russia",
               "russian federation": "russia", "turkey": "turkey", "turkiye": "turkey", "türkiye": "turkey",
               "united states": "united_states", "united states of america": "united_states", "france": "france"}
_STATE_ACTOR = re.compile(r"^(?:government|military forces|police forces|armed forces) of (?P<state>.+?)"
                          r"(?: \(\d{4}-(?:\d{4})?\))?$", re.IGNORECASE)
_GED_DATE = r"\d{4}-\d{2}-\d{2}(?: 00:00:00(?:\.0+)?)?"
_COUNT = r"\d+(?:\.0+)?"  # a whole number, as the exports write it ("12", or "12.0" from some tools)


# ============================================================================================== reading


def count_name(publisher: str) -> str:
    """What an event data set's publisher calls its count of one event: 'best estimate' unless it says otherwise."""
    return COUNT_NAMES.get(str(publisher), "best estimate")


@dataclass
class Problems:
    """Bad input found so far, in the loader's failure format; reading stops after `MAX_PROBLEMS`."""

    file: str
    frames: list[pd.DataFrame] = field(default_factory=list)
    count: int = 0

    def add(self, lines: Iterable, column: str | list[str] | None, values: Iterable | None, expected) -> None:
        """Problems of `lines`: one `column` for all, or each line's own."""
        frame = pd.DataFrame({"file": self.file, "line": list(lines), "field": column,
                              "value": None if values is None else list(values), "expected": expected},
                             columns=FAILURE_COLUMNS)
        if len(frame):
            self.frames.append(frame)
            self.count += len(frame)

    def check(self, frame: pd.DataFrame, bad: pd.Series, column: str, expected) -> pd.Series:
        """Record the rows of `frame` where `bad` holds (file line = index); returns `bad`."""
        bad = bad.fillna(True).astype(bool)
        if bad.any():
            shown = expected[bad] if isinstance(expected, pd.Series) else expected
            self.add(frame.index[bad], column, frame.loc[bad, column], shown)
        return bad

    @property
    def full(self) -> bool:
        return self.count >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        if self.frames:
            # In the file's order, whichever check found them (a whole-file check, for duplicate ids or country
            # names, runs after the rows'); problems of no one line (an option's value) last.
            failures = pd.concat(self.frames, ignore_index=True)
            failures = failures.sort_values(["file", "line"], kind="stable", na_position="last", key=lambda v: (
                pd.to_numeric(v, errors="coerce") if v.name == "line" else v)).reset_index(drop=True)
            if self.full:
                failures = pd.concat([failures, pd.DataFrame(
                    [{"file": self.file, "line": None, "field": None, "value": None,
                      "expected": f"(stopped reading after {MAX_PROBLEMS} problems)"}])], ignore_index=True)
            raise DataValidationError(failures)


@dataclass
class CodedNames:
    """Each row's (code, name) pair, as a number per distinct pair (millions of rows cost little), to find a code the
    file gives two names: a country_id with two countries, a UCDP actor id with two actors."""

    pairs: dict[str, int] = field(default_factory=dict)  # code + "\x1f" + name -> its number
    rows: list[tuple[np.ndarray, np.ndarray, str]] = field(default_factory=list)  # per chunk: numbers, lines, field

    def note(self, codes: pd.Series, names: pd.Series, column: str) -> None:
        """The rows' codes and names (indexed by file line), read from `column`."""
        keys = codes + "\x1f" + names
        for key in pd.unique(keys):
            self.pairs.setdefault(key, len(self.pairs))
        self.rows.append((keys.map(self.pairs).to_numpy(np.int64), codes.index.to_numpy(), column))

    def report(self, problems: Problems, noun: str, what: str, code_words: Callable[[str], str]) -> None:
        """Every row whose name is not the one most rows with its code give ('Azerbaijan', the country the 6 other
        rows with country_id 373 give); where names tie, each row of the code ("one country name for iso 31; the
        file gives 'Azerbaijan' (1 row), 'Georgia' (1 row)"). `code_words(code)` names a code in the messages."""
        if not self.rows:
            return
        pairs = pd.Series(list(self.pairs)).str.split("\x1f", n=1, expand=True).set_axis(["code", "name"], axis=1)
        numbers = np.concatenate([n for n, _, _ in self.rows])
        pairs["rows"] = np.bincount(numbers, minlength=len(pairs))
        pairs = pairs[(pairs["code"] != "") & (pairs["rows"] > 0)]
        named = pairs.groupby("code")["name"].transform("size")
        pairs = pairs[named > 1].sort_values(["code", "rows", "name"], ascending=[True, False, True])
        if pairs.empty:
            return
        top = pairs.groupby("code").head(1).set_index("code")
        tied = pairs.groupby("code")["rows"].transform(lambda n: (n == n.max()).sum() > 1)
        counted = pairs["rows"].astype(str) + np.where(pairs["rows"] == 1, " row", " rows")
        listed = ("'" + pairs["name"] + "' (" + counted + ")").groupby(pairs["code"]).agg(", ".join)
        others = top["rows"].astype(str) + np.where(top["rows"] == 1, " other row", " other rows")
        wrong = pairs[tied | (pairs["name"] != pairs["code"].map(top["name"]))]
        said = wrong["code"].map(code_words)
        expected = np.where(
            tied.reindex(wrong.index), f"one {noun} for " + said + "; the file gives " + wrong["code"].map(listed),
            "'" + wrong["code"].map(top["name"]) + f"', {what} the " + wrong["code"].map(others) + " with " + said
            + " give")
        lines = np.concatenate([line for _, line, _ in self.rows])
        columns = np.concatenate([np.full(len(n), column, dtype=object) for n, _, column in self.rows])
        hit = np.isin(numbers, wrong.index.to_numpy())
        said = pd.Series(expected, index=wrong.index)
        problems.add(lines[hit], columns[hit].tolist(), pairs["name"].reindex(numbers[hit]).tolist(),
                     said.reindex(numbers[hit]).tolist())


@dataclass(frozen=True)
class Chunk:
    """Rows of an export: `frame` holds the layout's columns as text, `excerpts` each row as it stands in the file;
    both are indexed by the row's (first) line in the file."""

    frame: pd.DataFrame
    excerpts: pd.Series


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def read_header(path: Path, layout: list[str], problems: Problems, dataset: str,
                optional: Iterable[str] = ()) -> list[str]:
    """The file's column names; every column of `layout` but the `optional` ones must be there (a missing or
    renamed one is named, and the columns read listed once)."""
    with open(path, "rb") as handle:
        first = handle.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    header = pd.read_csv(io.StringIO(first), header=None, dtype=str, keep_default_na=False).iloc[0].tolist() \
        if first else []
    needed = [c for c in layout if c not in set(optional)]
    for number, column in enumerate(c for c in needed if c not in header):
        unknown = [c for c in header if c not in layout]
        close = [c for c in unknown if column in c or c in column] or difflib.get_close_matches(
            column, unknown, n=1, cutoff=0.5)
        renamed = f" (is {close[0]!r} it, renamed?)" if close else ""
        columns = f"; the {len(needed)} columns of the {dataset} layout it reads are: {', '.join(needed)}" \
            if number == 0 else ""
        problems.add([1], column, [None], f"the {dataset} column {column!r} in the header{renamed}{columns}")
    return header


def read_chunks(path: Path, header: list[str], problems: Problems, *, rows: int = CHUNK_ROWS,
                progress: bool = False, label: str = "") -> Iterator[Chunk]:
    """The data rows of a CSV export in chunks, each row checked for its number of fields.

    Lines are read as bytes (the progress bar counts them), a quoted field may run over several lines, and a row
    whose field count is not the header's is reported with its line and left out.
    """
    from tqdm import tqdm  # here: the CLI's other commands need not import it

    width = len(header)
    with open(path, "rb") as handle, tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc=label,
                                          disable=not progress, file=sys.stderr, leave=False) as bar:
        bar.update(len(handle.readline()))
        line = 2
        while not problems.full:
            lines = list(itertools.islice(handle, rows))
            if not lines:
                break
            while sum(chunk.count(b'"') for chunk in lines) % 2:  # a quoted field runs on past the chunk
                more = handle.readline()
                if not more:
                    break
                lines.append(more)
            block = b"".join(lines)
            bar.update(len(block))
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError as error:
                bad_line = line + block[:error.start].count(b"\n")
                problems.add([bad_line], None, None, f"UTF-8 text ({error.reason} at byte {error.start})")
                return
            chunk = _records(block, text, line, width, problems)
            line += len(lines)
            if chunk is not None:
                yield chunk


def _records(block: bytes, text: str, first_line: int, width: int, problems: Problems) -> Chunk | None:
    """One chunk as rows: which line breaks end a row (those outside quotation marks) and how many fields each row
    has (separators outside quotation marks, plus one) come from the quote parity over the bytes, with numpy: no
    loop and no regular expression over rows. Then the rows are parsed by pandas' C reader."""
    raw = np.frombuffer(block, dtype=np.uint8)
    quoted = (np.cumsum(raw == ord('"')) & 1).astype(bool)  # after an odd number of '"': inside a quoted field
    separators = np.cumsum((raw == ord(",")) & ~quoted)
    breaks = np.flatnonzero(raw == ord("\n"))
    lines = text.split("\n")
    line_ends = breaks
    if text.endswith("\n"):
        lines.pop()
    else:  # the file's last line, without a line break
        line_ends = np.append(breaks, len(raw) - 1)
    ends_row = ~quoted[line_ends]
    numbers = first_line + np.arange(len(lines))
    if not ends_row[-1]:
        ends_row[-1] = True
        problems.add([numbers[np.flatnonzero(np.append(True, ends_row[:-2]))[-1]]], None, None,
                     "a closing quotation mark (a quoted field runs to the end of the file)")
    starts = np.append(True, ends_row[:-1])
    records = pd.Series(lines, index=numbers, dtype=object)
    if not ends_row.all():  # a quoted field spans lines: join them into one row
        records = records.groupby(np.cumsum(starts) - 1).agg("\n".join).set_axis(numbers[starts])
    row_ends = line_ends[ends_row]
    if (raw[row_ends[row_ends > 0] - 1] == ord("\r")).any():  # Windows line ends
        records = records.str.removesuffix("\r")
    commas = np.diff(np.append(0, separators[row_ends]))
    fields = pd.Series(commas + 1, index=records.index)
    blank = records.isin(["", "\r"]).to_numpy()  # blank lines, as CSV readers skip them
    wrong = (fields != width).to_numpy() & ~blank
    if wrong.any():
        problems.add(records.index[wrong], None, None,
                     f"{width} fields, as the header has; found " + fields[wrong].astype(str) + " fields")
    records = records[~wrong & ~blank]
    if records.empty:
        return None
    frame = pd.read_csv(io.StringIO("\n".join(records)), header=None, names=range(width), dtype=str,
                        keep_default_na=False, na_filter=False, engine="c", skip_blank_lines=False)
    frame.index = records.index
    return Chunk(frame, records)


# ============================================================================================== naming


# Latin letters NFKD does not take apart into an ASCII letter and marks, each as the ASCII it is romanised with.
# Azerbaijani ə is 'a' (as in Ganja, Barda, Tartar, Kalbajar for Gəncə, Bərdə, Tərtər, Kəlbəcər); letters with marks
# (ş, ç, ğ, ö, ü, ...) lose the marks through NFKD ('Şuşa' -> 'susa'), as ids made before this table kept them.
TRANSLITERATION = str.maketrans({
    "ə": "a", "Ə": "A", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG", "þ": "th", "Þ": "TH", "ß": "ss", "æ": "ae",
    "Æ": "AE", "œ": "oe", "Œ": "OE",
})


def slugs(names: pd.Series) -> pd.Series:
    """Names as id parts: ASCII, lower case, words joined by '-' ('Şuşa district' -> 'susa-district', 'Bərdə rayon'
    -> 'barda-rayon'; a letter with no ASCII romanisation in `TRANSLITERATION` or NFKD is left out)."""
    plain = (names.astype(str).str.translate(TRANSLITERATION).str.normalize("NFKD").str.encode("ascii", "ignore")
             .str.decode("ascii"))
    slug = plain.str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    return slug.where(slug != "", "unnamed")


@dataclass
class Registry:
    """Stable ids for named things across chunks and imports: the same key always gets the same id, a new key
    whose readable id is taken gets '-2', '-3', ... (first come, first served, so the file order decides)."""

    ids: dict[tuple, str] = field(default_factory=dict)
    frames: list[pd.DataFrame] = field(default_factory=list)
    _taken: set[str] = field(default_factory=set)

    def seed(self, keys: pd.DataFrame, ids: pd.Series, rows: pd.DataFrame) -> None:
        """Known keys with their ids and rows (an earlier import's vocabulary)."""
        self.ids.update(zip(keys.itertuples(index=False, name=None), ids, strict=True))
        self._taken.update(ids)
        self.frames.append(rows.assign(_id=ids.to_numpy()))

    def assign(self, keys: pd.DataFrame, readable: Callable[[pd.DataFrame], pd.Series],
               rows: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.Series:
        """The id of each row of `keys`, new keys named `readable(new keys)` and described by `rows(new keys)`.
        Work is per distinct key, with column operations; only ids already taken are numbered one by one."""
        columns = list(keys.columns)
        distinct = keys.drop_duplicates(columns)
        tuples = list(distinct.itertuples(index=False, name=None))
        new = distinct[[key not in self.ids for key in tuples]]
        if len(new):
            ids = readable(new).astype(object)
            clash = ids.duplicated() | ids.isin(self._taken)
            for position in np.flatnonzero(clash.to_numpy()):  # rare: names that read the same
                base, n = ids.iat[position], 2
                while f"{base}-{n}" in self._taken or f"{base}-{n}" in set(ids):
                    n += 1
                ids.iat[position] = f"{base}-{n}"
            self.seed(new[columns], ids, rows(new[columns]))
        found = distinct.assign(_id=[self.ids[key] for key in tuples])
        return pd.Series(keys.merge(found[[*columns, "_id"]], on=columns, how="left")["_id"].to_numpy(),
                         index=keys.index, dtype=object)

    def frame(self, columns: list[str], key: str) -> pd.DataFrame:
        rows = pd.concat(self.frames) if self.frames else pd.DataFrame(columns=[*columns, "_id"])
        rows = rows.assign(**{key: rows["_id"]}).drop_duplicates(key)
        return rows.reindex(columns=columns, fill_value="").sort_values(key, kind="stable")  # columns it lacks: empty


def side_of(names: pd.Series, sides: Mapping[str, str]) -> pd.Series:
    """Each actor's side: the caller's mapping, else the state a government or its forces belong to, else
    'unspecified' (the data set does not place the actor on a side of the vocabulary)."""
    state = names.str.extract(_STATE_ACTOR)["state"].str.lower()
    side = names.map(dict(sides)).astype(object)
    side = side.where(side.notna(), state.map(STATE_SIDES).astype(object))
    return side.where(side.notna(), "unspecified")


# ============================================================================================== options


@dataclass(frozen=True)
class Options:
    """What to import and how to describe it (the command line's options)."""

    conflicts: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    date_from: pd.Timestamp | None = None
    date_to: pd.Timestamp | None = None
    version: str | None = None
    accessed: str | None = None
    sides: Mapping[str, str] = field(default_factory=dict)
    progress: bool = False

    @classmethod
    def of(cls, conflicts=None, countries=None, date_from=None, date_to=None, version=None, accessed=None,
           sides=None, progress=None) -> Options:
        unknown = sorted(set((sides or {}).values()) - set(SIDES))
        if unknown:
            raise ValueError(f"unknown sides {unknown}; expected one of {SIDES}")
        for name, value in (("date_from", date_from), ("date_to", date_to), ("accessed", accessed)):
            if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {value!r}")
        window = [None if v is None else pd.Timestamp(str(v)) for v in (date_from, date_to)]
        if None not in window and window[0] > window[1]:
            raise ValueError(f"the window runs backwards: from {date_from} to {date_to}")
        return cls(tuple(str(c) for c in conflicts or ()), tuple(countries or ()), *window, version,
                   None if accessed is None else str(accessed), dict(sides or {}),
                   sys.stderr.isatty() if progress is None else progress)


def _require_values(found: pd.Series, wanted: tuple[str, ...], what: str, path: Path, column: str,
                    problems: Problems, exact: bool = False) -> None:
    """A filter value that no row of the file has is a typo, not an empty import: name it and its neighbours.
    `exact`: the value must be written as the file writes it (an actor's name given to --side)."""
    known = sorted(set(found))
    fold = (lambda v: v) if exact else str.casefold
    for value in wanted:
        if fold(value) not in {fold(k) for k in known}:
            close = _close_names(value, known)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            problems.add([None], column, [value], f"a {what} that occurs in {path.name}{hint}")


def _close_names(value: str, known: list[str]) -> list[str]:
    """Up to three of `known` that hold `value`, or else read most like it."""
    return [k for k in known if value.casefold() in k.casefold()][:3] or difflib.get_close_matches(value, known, n=3)


def _require_actors(seen: Mapping[str, set], wanted: Iterable[str], path: Path, problems: Problems) -> None:
    """A --side name no row writes, named with the field(s) its likely meaning stands in: a side-B actor's typo is
    no 'side_a' problem. `seen`: each actor column -> the names it holds."""
    known = sorted(set().union(*seen.values()))
    for value in wanted:
        if value in known:
            continue
        close = _close_names(value, known)
        where = {name: [c for c in seen if name in seen[c]] for name in close}
        columns = [c for c in seen if any(c in w for w in where.values())] or list(seen)
        hint = "; did you mean " + ", ".join(f"{name!r} ({' and '.join(where[name])})" for name in close) + "?" \
            if close else ""
        problems.add([None], _either(columns), [value], f"an actor's name as {_either(list(seen))} write it in "
                                                        f"{path.name} (--side takes it exactly){hint}")


def _either(words: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return " or ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


# ============================================================================================== output


class FolderWriter:
    """Appends each table's rows to `<folder>/<table>.csv` as chunks arrive (header written once)."""

    def __init__(self, folder: Path):
        self.folder, self.started = Path(folder), set()

    def write(self, table: str, frame: pd.DataFrame) -> None:
        columns = TABLES[table].columns
        path = self.folder / TABLES[table].path
        frame = frame.reindex(columns=columns).astype(object).fillna("")
        with open(path, "a", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False, header=table not in self.started, lineterminator="\n")
        self.started.add(table)

    def finish(self) -> None:
        for table in TABLES:
            if table not in self.started:
                self.write(table, pd.DataFrame(columns=TABLES[table].columns))
        write_datapackage(self.folder)


def _existing_import(out: Path, publisher: str) -> str:
    """'' for a new or empty folder; 'same' for an earlier import of the same data set; else raise: an import never
    replaces a folder it did not write (the curated data, say)."""
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return ""
    sources = out / TABLES["sources"].path
    if out.is_dir() and sources.exists():
        found = pd.read_csv(sources, dtype=str, keep_default_na=False)
        if len(found) and {"source_type", "publisher"} <= set(found.columns) \
                and (found["source_type"] == "dataset").all():
            if (found["publisher"] == publisher).all():
                return "same"
            raise ValueError(f"{out} holds an import of {found['publisher'].iloc[0]}; import {publisher} into "
                             f"another folder and give both to --data")
    raise ValueError(f"{out} exists and is not a folder this command wrote (its sources are not event data sets); "
                     f"give a new folder")


def _write_folder(out: Path, fill: Callable[[FolderWriter], None], progress: bool = False) -> Dataset:
    """Fill a temporary folder beside `out`, validate it with `load`, then rename it into place."""
    out = Path(out)
    with atomic.replacing_dir(out) as work:
        writer = FolderWriter(work)
        fill(writer)
        writer.finish()
        if progress:
            print(f"checking the new folder with analysis.load before it replaces {out} ...", file=sys.stderr)
        data = load(work)
    return dataclasses.replace(data, data_dir=out)


def _source_row(source_id: str, publisher: str, title: str, note: str, url: str, path: Path, sha256: str,
                options: Options) -> pd.DataFrame:
    return pd.DataFrame([{
        "source_id": source_id, "publisher": publisher, "title": title, "date_published": "",
        "date_published_note": note, "url": url, "date_accessed": options.accessed or "", "language": "en",
        "source_type": "dataset", "licence": "", "archive_path": path.name, "archive_sha256": sha256,
    }])


def _kinds(kinds: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(list(kinds.values()), columns=["kind", "description"]).sort_values("kind")


def _day(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d").fillna("")


def _first_of(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """The first day of the day, week (Monday), month or year named by each row's precision."""
    monday = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    month = dates.dt.to_period("M").dt.start_time
    year = dates.dt.to_period("Y").dt.start_time
    return dates.where(precision == "day", monday.where(precision == "week",
                                                        month.where(precision == "month", year)))


def _dates(start: pd.Series, end: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """start_date and end_date at a precision: the units holding start and end, end empty when they are one."""
    first, last = _first_of(start, precision), _first_of(end, precision)
    return _day(first), _day(last.where(last != first))


def _as_of(start: pd.Series, end: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A count of one event holds on its day where that is known, else by the last day its date allows."""
    last = end.where(precision == "day", _period_end(_first_of(end, precision), precision))
    on_the_day = (precision == "day") & (start == end)
    return _day(last), pd.Series(np.where(on_the_day, "stated", "period_end"), index=start.index)


def _period_end(first: pd.Series, precision: pd.Series) -> pd.Series:
    week = first + pd.Timedelta(days=6)
    month = first + pd.offsets.MonthEnd(0)
    year = first + pd.offsets.YearEnd(0)
    return first.where(precision == "day", week.where(precision == "week", month.where(precision == "month", year)))


def _in_window(start: pd.Series, end: pd.Series, options: Options) -> pd.Series:
    keep = pd.Series(True, index=start.index)
    if options.date_from is not None:
        keep &= end >= options.date_from
    if options.date_to is not None:
        keep &= start <= options.date_to
    return keep


def _cited_dates(values: pd.Series) -> pd.Series:
    """'2020-10-05;2020-10-06' as '5 October 2020; 6 October 2020' (text that is not a date stays as it is; a date
    given twice is written once)."""
    one = ~values.str.contains(";", regex=False)
    out = _date_words(values.where(one, "")).where(one)
    if (~one).any():  # several dates: the rare rows, split apart and joined back
        parts = values[~one].str.split(";").explode().str.strip()
        words = _date_words(parts)
        words = words[words != ""].reset_index().drop_duplicates().set_index(words.index.name or "index")
        out[~one] = words.iloc[:, 0].groupby(level=0).agg("; ".join)
    return out.fillna("")


def _date_words(values: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(values.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    words = (parsed.dt.day.astype("Int64").astype(str) + " " + parsed.dt.month_name() + " "
             + parsed.dt.year.astype("Int64").astype(str))
    return words.where(parsed.notna(), values.str.strip())


# ============================================================================================== GED


def ged(path: Path | str, out: Path | str | None = None, *, conflicts: Iterable[str | int] | None = None,
        countries: Iterable[str] | None = None, date_from: str | None = None, date_to: str | None = None,
        version: str | None = None, accessed: str | None = None, sides: Mapping[str, str] | None = None,
        progress: bool | None = False) -> Dataset:
    """Import a UCDP GED export (the CSV as UCDP publishes it) into the data folder `out`; returns its Dataset.

    Filters: `conflicts` (conflict_new_id), `countries` (country), and a window: events whose dates overlap
    [date_from, date_to]. `version` ("23.1") defaults to the one in the file name (GEDEvent_v23_1.csv). Without
    `out` the folder is written to a temporary folder that is removed once loaded.

    >>> data = ged("GEDEvent_v23_1.csv", "imported/ged", countries=["Azerbaijan"])    # doctest: +SKIP
    """
    return ged_import(path, out, conflicts=conflicts, countries=countries, date_from=date_from, date_to=date_to,
                      version=version, accessed=accessed, sides=sides, progress=progress)[0]


def ged_import(path: Path | str, out: Path | str | None = None, *, conflicts: Iterable[str | int] | None = None,
               countries: Iterable[str] | None = None, date_from: str | None = None, date_to: str | None = None,
               version: str | None = None, accessed: str | None = None, sides: Mapping[str, str] | None = None,
               progress: bool | None = False) -> tuple[Dataset, dict[str, int]]:
    """`ged`, also returning the rows read and the rows each filter removed (see `describe_rows`)."""
    options = Options.of(conflicts, countries, date_from, date_to, version, accessed, sides, progress)
    return _import(Path(path), out, options, _GedImport)


def acled(path: Path | str, out: Path | str | None = None, *, countries: Iterable[str] | None = None,
          date_from: str | None = None, date_to: str | None = None, version: str | None = None,
          accessed: str | None = None, sides: Mapping[str, str] | None = None,
          deleted: Iterable[str] | None = None, progress: bool | None = False) -> Dataset:
    """Import an ACLED export (the layout since March 2023) into the data folder `out`; returns its Dataset.

    Over an earlier ACLED import in `out`, the newer export updates the events whose `timestamp` changed, adds new
    ones and keeps the rest; `deleted` (ACLED's list of deleted event ids) removes events. `acled_import` also
    returns what changed.
    """
    return acled_import(path, out, countries=countries, date_from=date_from, date_to=date_to, version=version,
                        accessed=accessed, sides=sides, deleted=deleted, progress=progress)[0]


def _import(path: Path, out: Path | str | None, options: Options, kind: type[_Import]
            ) -> tuple[Dataset, dict[str, int]]:
    if out is None:
        with tempfile.TemporaryDirectory(prefix="import-") as folder:
            return _import(path, Path(folder) / "data", options, kind)
    job = kind(path, options)
    job.prepare()
    _existing_import(Path(out), job.publisher)  # refuses to replace a folder it did not write
    return _write_folder(Path(out), job.run, options.progress), job.rows


def describe_rows(rows: Mapping[str, int], options: Options) -> str:
    """'43 rows read, 39 kept; removed in turn: 3 outside the window 2020-09-27 to 2020-11-10, 1 outside the
    countries Azerbaijan, Armenia': where every row of the export went."""
    removed = {name: rows.get(name, 0) for name in ("window", "conflict", "country")}
    kept = rows.get("read", 0) - sum(removed.values())
    text = f"{rows.get('read', 0):,} rows read, {kept:,} kept"
    window = " to ".join(_day(pd.Series([d])).iat[0] if d is not None else "any day"
                         for d in (options.date_from, options.date_to))
    filters = {"window": (options.date_from, options.date_to) != (None, None), "conflict": bool(options.conflicts),
               "country": bool(options.countries)}
    what = {"window": f"outside the window {window}",
            "conflict": "outside the conflicts " + ", ".join(options.conflicts),
            "country": "outside the countries " + ", ".join(options.countries)}
    given = [f"{removed[name]:,} {what[name]}" for name, on in filters.items() if on]
    return text + ("; removed in turn: " + ", ".join(given) if given else " (no filter given)") + "."


class _Import:
    """One export read into a folder: subclasses know its layout and mapping."""

    dataset = ""
    publisher = ""
    layout: list[str] = []
    optional: frozenset[str] = frozenset()  # columns of the layout the mapping does not read: they may be absent

    def __init__(self, path: Path, options: Options):
        self.path, self.options = Path(path), options
        if not self.path.is_file():
            raise FileNotFoundError(f"no such file: {self.path}")
        self.problems = Problems(str(self.path))
        self.places = Registry()
        self.actors = Registry()
        # Rows read, and rows each filter removed of those the filters before it kept (read = kept + removed).
        self.rows = {"read": 0, "window": 0, "conflict": 0, "country": 0}
        self.country_names = CodedNames()

    place_prefix = ""
    country_code = ""  # the column that codes the country (GED's country_id, ACLED's iso)

    def prepare(self) -> None:
        """Header, checksum and source row: everything known before the rows are read."""
        self.header = read_header(self.path, self.layout, self.problems, self.dataset, self.optional)
        self.problems.raise_if_any()
        self.sha256 = sha256_of(self.path)
        archived = paths.archive_dir() / self.path.name
        if archived.is_file() and archived.resolve() != self.path.resolve() and sha256_of(archived) != self.sha256:
            # The export's file name is its archive path: the check of every excerpt would fail on the other file.
            raise ValueError(f"the archives folder holds another {self.path.name} ({archived}, a different sha256) "
                             f"than the file imported; an export is archived under its own name, so give the new "
                             f"file a name of its own ({self.path.stem}-corrected{self.path.suffix}) or replace the "
                             f"archived copy")

    def run(self, writer: FolderWriter) -> None:
        for chunk in read_chunks(self.path, self.header, self.problems, progress=self.options.progress,
                                 label=f"import {self.path.name}"):
            frame = chunk.frame.set_axis(self.header, axis=1).reindex(columns=self.layout, fill_value="")
            tables = self.chunk(frame, chunk.excerpts)
            if tables and not self.problems.frames:
                for name, table in tables.items():
                    writer.write(name, table.sort_index(kind="stable"))
        self.after_reading()
        self.problems.raise_if_any()
        writer.write("sources", self.source())
        writer.write("kinds", _kinds(self.kinds))
        writer.write("actors", self.actor_table())
        writer.write("places", self.places.frame(TABLES["places"].columns, "place_id"))

    def actor_table(self) -> pd.DataFrame:
        return self.actors.frame(TABLES["actors"].columns, "actor_id")

    def after_reading(self) -> None:
        """Checks that need the whole file (unique ids, filter values that matched nothing)."""

    # ---- helpers shared by both layouts

    def filtered(self, frame: pd.DataFrame, bad: pd.Series, in_window: pd.Series) -> pd.Series:
        """The rows to import: good rows inside the window, the conflicts and the countries; counts what each
        filter removed."""
        self.rows["read"] += len(frame)
        self.note_countries(frame)
        keep = ~bad
        stages = [("window", in_window)]
        if self.options.conflicts:
            stages.append(("conflict", frame["conflict_new_id"].isin(self.options.conflicts)))
        if self.options.countries:
            stages.append(("country", frame["country"].str.casefold().isin(
                [c.casefold() for c in self.options.countries])))
        for name, passes in stages:
            self.rows[name] += int((keep & ~passes).sum())
            keep &= passes
        return keep

    def note_countries(self, frame: pd.DataFrame) -> None:
        """Remember each row's country code and name (to hold the names against the codes once all is read)."""
        if frame[self.country_code].eq("").all():
            return  # an older GED release without country_id: nothing to hold the names against
        self.country_names.note(frame[self.country_code].str.strip(), frame["country"], "country")

    def check_countries(self) -> None:
        """A row whose country name is not the one the other rows with its code give is bad input: filtered by
        name, it would vanish silently; unfiltered, it would make a country of its own."""
        self.country_names.report(self.problems, "country name", "the country", lambda code: f"{self.country_code} "
                                                                                           f"{code}")

    def check_codes(self, frame: pd.DataFrame, column: str, codes: Iterable[str], meaning: str) -> pd.Series:
        codes = list(codes)
        return self.problems.check(frame, ~frame[column].isin(codes), column,
                                   f"one of the codes {', '.join(codes)} ({meaning})")

    def check_counts(self, frame: pd.DataFrame, columns: list[str]) -> pd.Series:
        bad = pd.Series(False, index=frame.index)
        for column in columns:
            bad |= self.problems.check(frame, ~frame[column].str.fullmatch(_COUNT), column,
                                       "a whole number of deaths (0 or more)")
        return bad

    def place_ids(self, levels: list[tuple[str, pd.Series]], leaf: pd.Series) -> pd.Series:
        """The id of each row's place: a chain of places (each level a (place_type, names) pair, the parent of the
        next; an empty name is skipped), and per row the level its place is (`leaf`); where that level has no
        name, the deepest named level above it."""
        parent = pd.Series("", index=leaf.index, dtype=object)
        chosen = pd.Series("", index=leaf.index, dtype=object)
        for depth, (place_type, names) in enumerate(levels):
            present = names != ""
            keys = pd.DataFrame({"parent": parent[present], "name": names[present], "type": place_type})
            ids = self.places.assign(keys, lambda new: new["parent"].where(
                new["parent"] != "", self.place_prefix) + "." + slugs(new["name"]), lambda new: pd.DataFrame({
                "name": new["name"], "place_type": new["type"], "parent_id": new["parent"], "aliases": ""}))
            parent = parent.mask(present, ids.reindex(parent.index))
            chosen = chosen.mask(leaf == depth, parent)
        return chosen


class _GedImport(_Import):
    dataset = "UCDP GED"
    publisher = GED_PUBLISHER
    layout = GED_COLUMNS
    optional = GED_OPTIONAL
    kinds = {code: kind for code, kind in GED_KINDS.items()}
    place_prefix = "ged"
    country_code = "country_id"

    def prepare(self) -> None:
        super().prepare()
        version = self.options.version or _ged_version(self.path.name)
        if version is None:
            raise ValueError(f"cannot tell the GED version from the file name {self.path.name!r}; give it "
                             f"(--version 23.1)")
        self.version = version
        self.source_id = "ucdp-ged-" + slugs(pd.Series([version])).iloc[0].replace("-", ".")
        self.ids: list[pd.DataFrame] = []
        self.names: list[pd.DataFrame] = []
        self.seen = {"country": set(), "side_a": set(), "side_b": set()}
        self.actor_names = CodedNames()  # UCDP's actor ids with the names the rows give them
        self.conflicts: list[pd.Series] = []  # per chunk: rows per (conflict_new_id, conflict_name)

    def source(self) -> pd.DataFrame:
        how = "given on the command line" if self.options.version else "read from the file name"
        return _source_row(
            self.source_id, self.publisher, f"UCDP Georeferenced Event Dataset (GED) Global version {self.version}",
            f"Release date not recorded by the import; the version, {self.version}, was {how}. "
            + ged_references(self.version), "https://ucdp.uu.se/downloads/", self.path, self.sha256, self.options)

    def chunk(self, frame: pd.DataFrame, excerpts: pd.Series) -> dict[str, pd.DataFrame] | None:
        problems = self.problems
        bad = problems.check(frame, ~frame["id"].str.fullmatch(r"\d+"), "id", "a whole number (UCDP's event id)")
        bad |= self.check_codes(frame, "type_of_violence", GED_KINDS, "1 state-based, 2 non-state, 3 one-sided")
        bad |= self.check_codes(frame, "date_prec", GED_DATE_PRECISIONS, "the GED codebook's date precisions")
        bad |= self.check_codes(frame, "where_prec", GED_PLACES, "the GED codebook's location precisions")
        for column in ("side_a_new_id", "side_b_new_id", "conflict_new_id"):
            bad |= problems.check(frame, ~frame[column].str.fullmatch(r"\d+"), column, "a whole number (a UCDP id)")
        dates = {}
        for column in ("date_start", "date_end"):
            shaped = frame[column].str.fullmatch(_GED_DATE)
            dates[column] = pd.to_datetime(frame[column].str.slice(0, 10).where(shaped), format="%Y-%m-%d",
                                           errors="coerce")
            bad |= problems.check(frame, ~shaped, column, "a date as YYYY-MM-DD 00:00:00.000")
            bad |= problems.check(frame, shaped & dates[column].isna(), column,
                                  "a day the calendar has (a month 01-12 and a day that month has)")
        start, end = dates["date_start"], dates["date_end"]
        bad |= problems.check(frame, end < start, "date_end", "a date on or after date_start")
        bad |= self.check_counts(frame, GED_DEATHS)
        deaths = {c: pd.to_numeric(frame[c].where(~bad), errors="coerce") for c in GED_DEATHS}
        best_text = "the best estimate (" + frame["best"] + ")"
        bad |= problems.check(frame, deaths["low"] > deaths["best"], "low", "a low estimate not above " + best_text)
        bad |= problems.check(frame, deaths["high"] < deaths["best"], "high",
                              "a high estimate not below " + best_text)
        self.ids.append(pd.DataFrame({"id": frame["id"], "line": frame.index}))
        self.conflicts.append(frame.groupby(["conflict_new_id", "conflict_name"], sort=False).size())
        self.seen["country"] |= set(frame["country"])
        for column in ("side_a", "side_b"):
            self.seen[column] |= set(frame[column])
            self.actor_names.note(frame[f"{column}_new_id"], frame[column], column)
        keep = self.filtered(frame, bad, _in_window(start, end, self.options))
        if not keep.any() or problems.frames:
            return None
        frame, excerpts = frame[keep], excerpts[keep]
        return self.tables(frame, excerpts, start[keep], end[keep], {c: v[keep] for c, v in deaths.items()})

    def after_reading(self) -> None:
        ids = pd.concat(self.ids, ignore_index=True) if self.ids else pd.DataFrame(columns=["id", "line"])
        again = ids[ids["id"].duplicated()]
        self.problems.add(again["line"], "id", again["id"], "a unique event id (an earlier line has it)")
        self.require_conflicts()
        # One UCDP actor id, one name, in one file: a second name is an edit of the file or two actors under one id,
        # and either would put deaths on the wrong party; so it stops the import, as a country its code denies does.
        self.actor_names.report(self.problems, "actor name", "the name", lambda code: f"UCDP actor id {code}")
        _require_values(pd.Series(sorted(self.seen["country"])), self.options.countries, "country", self.path,
                        "country", self.problems)
        self.check_countries()
        _require_actors({c: self.seen[c] for c in ("side_a", "side_b")}, self.options.sides, self.path,
                        self.problems)

    def require_conflicts(self) -> None:
        """A --conflict id no row has is named with the conflicts the file does have, by name: ids that merely
        read alike ('999' and '299') are unrelated conflicts, so no 'did you mean' by likeness."""
        counts = pd.concat(self.conflicts).groupby(level=[0, 1]).sum() if self.conflicts else pd.Series(
            dtype=int, index=pd.MultiIndex.from_tuples([], names=["conflict_new_id", "conflict_name"]))
        found = set(counts.index.get_level_values(0))
        missing = [c for c in self.options.conflicts if c not in found]
        if not missing:
            return
        rows = counts.rename("rows").reset_index()
        # Each id once, with the name most of its rows give, most rows first (then by id, as a number).
        rows["total"] = rows.groupby("conflict_new_id")["rows"].transform("sum")
        rows["number"] = pd.to_numeric(rows["conflict_new_id"], errors="coerce")
        rows = rows.sort_values(["total", "number", "rows"], ascending=[False, True, False], kind="stable")
        rows = rows.drop_duplicates("conflict_new_id")
        words = (rows["conflict_new_id"] + rows["conflict_name"].map(lambda n: f" {n!r}" if n else "")
                 + " (" + rows["total"].map("{:,}".format) + np.where(rows["total"] == 1, " row)", " rows)"))
        listed = words.head(10).tolist()  # the conflicts of one file: a handful, or thousands in a full release
        more = f", and {len(words) - 10:,} more" if len(words) > 10 else ""
        held = f"; the file's conflicts, most rows first: {', '.join(listed)}{more}" if listed else ""
        for number, value in enumerate(missing):  # the file's conflicts listed once
            self.problems.add([None], "conflict_new_id", [value], f"a conflict id (conflict_new_id) that occurs in "
                              f"{self.path.name}" + (held if number == 0 else " (its conflicts are listed above)"))

    def tables(self, frame, excerpts, start, end, deaths) -> dict[str, pd.DataFrame]:
        event_id = "ged-" + frame["id"]
        precision = _ged_precision(frame["date_prec"], start, end)
        start_date, end_date = _dates(start, end, precision)
        kind = frame["type_of_violence"].map({k: v[0] for k, v in GED_KINDS.items()})
        # Actors by UCDP's own actor ids (one name each: `after_reading` stops the import on a second).
        self.names.append(pd.concat([frame[["side_a_new_id", "side_a"]].set_axis(["uid", "name"], axis=1),
                                     frame[["side_b_new_id", "side_b"]].set_axis(["uid", "name"], axis=1)])
                          .drop_duplicates())
        actor_ids = {side: "ucdp-actor-" + frame[f"side_{side}_new_id"] for side in ("a", "b")}
        places = self.place_ids(
            [("country", frame["country"]), ("region", frame["adm_1"]), ("district", frame["adm_2"]),
             ("settlement", frame["where_description"].where(frame["where_prec"].isin(["1", "2"]), "")),
             ("region", frame["where_description"].where(frame["where_prec"] == "5", ""))],
            frame["where_prec"].map(self.PLACE_LEVEL))
        # Over water or in the air: a place of its own, filed under the country the row gives (the airspace over a
        # country is in it); the notes say so, as open waters are in none.
        water = frame["where_prec"] == "7"
        if water.any():
            country = self.place_ids([("country", frame.loc[water, "country"])], pd.Series(0, index=frame.index[water]))
            keys = pd.DataFrame({"parent": country, "name": frame.loc[water, "where_description"], "type": "region"})
            places[water] = self.places.assign(keys, lambda new: new["parent"].where(
                new["parent"] != "", self.place_prefix) + "." + slugs(new["name"]), lambda new: pd.DataFrame({
                    "name": new["name"], "place_type": "region", "parent_id": new["parent"], "aliases": ""}))
        citation = ("UCDP GED " + self.version + ", event " + frame["id"])
        office = frame["source_office"].where(frame["source_office"] != "", frame["source_article"])
        cited = (office.str.replace(";", "; ", regex=False).str.replace(r"\s+", " ", regex=True).str.strip()
                 + (", " + _cited_dates(frame["source_date"])).where(frame["source_date"] != "", ""))
        citation = citation + (", citing " + cited).where(cited != "", "")
        notes = (citation + "\n" + frame["date_prec"].map({k: v[1] for k, v in GED_DATE_PRECISIONS.items()})
                 + " (" + frame["date_start"].str.slice(0, 10) + " to " + frame["date_end"].str.slice(0, 10) + "). "
                 + frame["where_prec"].map(GED_PLACES) + ": " + frame["where_description"] + "."
                 + (" Filed under " + frame["country"] + ", the country the row gives; international waters and "
                    "airspace lie in no country.").where(water & (frame["country"] != ""), ""))
        events = pd.DataFrame({
            "event_id": event_id, "occurrence_id": event_id, "start_date": start_date, "end_date": end_date,
            "date_precision": precision, "date_qualifier": "on", "date_refers_to": "occurrence",
            "date_basis": "stated", "kind": kind,
            "title": frame["dyad_name"] + (", " + frame["where_description"]).where(
                frame["where_description"] != "", ""),
            "place_ids": places, "actor_ids": actor_ids["a"] + "|" + actor_ids["b"], "source_id": self.source_id,
            "excerpt": excerpts, "notes": notes})
        return {"events": events, "figures": self._figures(frame, events, start, end, precision, deaths, citation)}

    # where_prec -> the level of the place chain (country, adm_1, adm_2, named place, described area) it names
    PLACE_LEVEL = {"1": 3, "2": 3, "3": 2, "4": 1, "5": 4, "6": 0, "7": -1}

    def actor_table(self) -> pd.DataFrame:
        """One actor per UCDP actor id: the name it has first in the file, the others as aliases."""
        names = pd.concat(self.names).drop_duplicates() if self.names else pd.DataFrame(columns=["uid", "name"])
        first = names.drop_duplicates("uid")
        others = names[names.duplicated("uid")].groupby("uid")["name"].agg("|".join)  # renamed actors: a few
        name = first["name"]
        return pd.DataFrame({
            "actor_id": "ucdp-actor-" + first["uid"], "name": name,
            "actor_type": np.where(name.str.startswith("Government of"), "state", "group"),
            "side": side_of(name, self.options.sides), "aliases": first["uid"].map(others).astype(object).fillna(""),
        }).sort_values("actor_id")

    def _figures(self, frame, events, start, end, precision, deaths, citation) -> pd.DataFrame:
        as_of, basis = _as_of(start, end, precision)
        dyadic = frame["type_of_violence"] != "3"
        actor_sides = {s: side_of(frame[f"side_{s}"], self.options.sides) for s in ("a", "b")}
        common = {"quantity": "deaths", "unit": "people", "qualifier": "estimate", "as_of": as_of,
                  "as_of_basis": basis, "event_id": events["event_id"], "source_id": self.source_id,
                  "excerpt": events["excerpt"], "notes": citation}
        parts = [pd.DataFrame({**common, "figure_id": events["event_id"] + ".deaths",
                               "side": np.where(dyadic, "both", "unspecified"), "population": "all",
                               "value": frame["best"], "value_text": frame["best"], "low": frame["low"],
                               "high": frame["high"],
                               "scope": "deaths in this event on every side, civilians included (UCDP's best, low "
                                        "and high estimates)"})]
        one_sided = frame["type_of_violence"] == "3"
        for column, suffix, side, population, scope in (
            ("deaths_a", "a", actor_sides["a"], "military", "deaths of side A (" + frame["side_a"] + ")"),
            ("deaths_b", "b", actor_sides["b"].where(~one_sided, "unspecified"),
             np.where(one_sided, "civilian", "military"), "deaths of side B (" + frame["side_b"] + ")"),
            ("deaths_civilians", "civilians", "unspecified", "civilian", "civilians killed"),
            ("deaths_unknown", "unknown", "unspecified", "", "deaths of unknown status"),
        ):
            counted = deaths[column] > 0
            if not counted.any():
                continue
            rows = pd.DataFrame({**common, "figure_id": events["event_id"] + ".deaths-" + suffix, "side": side,
                                 "population": population, "value": frame[column], "value_text": frame[column],
                                 "scope": scope + " in this event (UCDP's best estimate; it gives no low or high "
                                                  "for a part of the total)"})
            parts.append(rows[counted])
        return pd.concat(parts).sort_index(kind="stable")  # each event's figures together, in file order


def _ged_precision(codes: pd.Series, start: pd.Series, end: pd.Series) -> pd.Series:
    """Each row's date precision: date_prec's week, month or year where GED's date_start..date_end fill those
    units whole, else the days date_start..date_end themselves (GED's earliest and latest possible days, narrower
    than the units that hold them: widened, an event inside a window would only 'may fall' in it)."""
    precision = codes.map({k: v[0] for k, v in GED_DATE_PRECISIONS.items()})
    coarse = precision.isin(["week", "month", "year"])
    whole = (start == _first_of(start, precision)) & (end == _period_end(_first_of(end, precision), precision))
    return precision.mask(coarse & ~whole, "day")


# The articles to cite with GED, as published (checked against RePEc's records of the journal): the one that
# introduces the data set, and the annual article on a release's data where that was checked. A release missing
# here gets the first, and is told to look for its own on UCDP's download page; no reference is guessed.
GED_ARTICLE = ("Sundberg, Ralph & Erik Melander (2013), 'Introducing the UCDP Georeferenced Event Dataset', Journal "
               "of Peace Research 50(4): 523-532, doi:10.1177/0022343313484347")
GED_RELEASE_ARTICLES = {
    "23.1": "Davies, Shawn, Therése Pettersson & Magnus Öberg (2023), 'Organized violence 1989–2022, and the return "
            "of conflict between states', Journal of Peace Research 60(4): 691-708, doi:10.1177/00223433231185169",
}


def ged_references(version: str) -> str:
    """What to cite with a GED release, for its source's note (and so its BibTeX and CSL-JSON entries)."""
    release = GED_RELEASE_ARTICLES.get(version)
    if release is None:
        return (f"Cite it with the article that introduces GED, {GED_ARTICLE}; and any article UCDP's download page "
                f"names for release {version}.")
    return (f"Cite it with the article that introduces GED, {GED_ARTICLE}; and the article on release {version}'s "
            f"data, {release}.")


def _ged_version(name: str) -> str | None:
    """'GEDEvent_v23_1.csv' -> '23.1'; 'ged231.csv' -> '23.1'."""
    match = re.search(r"ged\D*?(\d{2})[._-]?(\d+)", name, re.IGNORECASE)
    return f"{match[1]}.{match[2]}" if match else None


# ============================================================================================== ACLED


class _AcledImport(_Import):
    dataset = "ACLED"
    publisher = ACLED_PUBLISHER
    layout = ACLED_COLUMNS
    kinds = ACLED_KINDS
    place_prefix = "acled"
    country_code = "iso"

    def prepare(self) -> None:
        super().prepare()
        self.source_id = "acled-" + (slugs(pd.Series([self.options.version])).iloc[0] if self.options.version
                                     else self.sha256[:12])
        self.ids: list[pd.DataFrame] = []
        self.seen = {"country": set(), "actor1": set(), "actor2": set(), "assoc_actor_1": set(), "assoc_actor_2": set()}
        self.timestamps: list[pd.Series] = []

    def source(self) -> pd.DataFrame:
        title = "ACLED data export" + (f" ({self.options.version})" if self.options.version else "")
        return _source_row(
            self.source_id, self.publisher, title,
            "Export date not recorded by the import; each event's citation gives its own ACLED timestamp. ACLED's "
            "terms of use forbid redistributing its data.", "https://acleddata.com/", self.path, self.sha256,
            self.options)

    def seed(self, old: Dataset) -> None:
        """Keep the ids an earlier import gave to places and actors."""
        places = old.places.assign(parent_id=old.places["parent_id"].fillna(""),
                                   aliases=old.places["aliases"].fillna(""), type=old.places["place_type"].astype(str))
        self.places.seed(places[["parent_id", "name", "type"]].set_axis(["parent", "name", "type"], axis=1),
                         places["place_id"], places[["name", "place_type", "parent_id", "aliases"]].astype(object))
        actors = old.actors.assign(aliases=old.actors["aliases"].fillna(""))
        self.actors.seed(actors[["name"]], actors["actor_id"],
                         actors[["name", "actor_type", "side", "aliases"]].astype(object))

    def chunk(self, frame: pd.DataFrame, excerpts: pd.Series) -> dict[str, pd.DataFrame] | None:
        problems = self.problems
        bad = problems.check(frame, ~frame["event_id_cnty"].str.fullmatch(r"[A-Za-z0-9]+"), "event_id_cnty",
                             "an ACLED event id (letters and digits, e.g. ARM1234)")
        day = pd.to_datetime(frame["event_date"], format="%Y-%m-%d", errors="coerce")
        day = day.fillna(pd.to_datetime(frame["event_date"], format="%d %B %Y", errors="coerce"))
        bad |= problems.check(frame, day.isna(), "event_date", "a date as YYYY-MM-DD or '5 October 2020'")
        bad |= self.check_codes(frame, "time_precision", ACLED_DATE_PRECISIONS, "ACLED's time precisions")
        bad |= self.check_codes(frame, "geo_precision", ACLED_PLACES, "ACLED's location precisions")
        bad |= self.check_codes(frame, "event_type", ACLED_KINDS, "ACLED's event types")
        bad |= self.check_counts(frame, ["fatalities"])
        bad |= problems.check(frame, ~frame["timestamp"].str.fullmatch(r"\d+"), "timestamp",
                              "a whole number (ACLED's Unix timestamp)")
        bad |= problems.check(frame, frame["actor1"] == "", "actor1", "a named actor")
        self.ids.append(pd.DataFrame({"id": frame["event_id_cnty"], "line": frame.index}))
        self.seen["country"] |= set(frame["country"])
        for column in ("actor1", "actor2"):
            self.seen[column] |= set(frame[column])
        for column in ("assoc_actor_1", "assoc_actor_2"):  # ';'-separated lists of names
            self.seen[column] |= set(frame[column].str.split(";").explode().str.strip())
        precision = frame["time_precision"].map({k: v[0] for k, v in ACLED_DATE_PRECISIONS.items()})
        first = _first_of(day, precision.fillna("day"))
        keep = self.filtered(frame, bad, _in_window(first, _period_end(first, precision.fillna("day")), self.options))
        if not keep.any() or problems.frames:
            return None
        frame, excerpts, day = frame[keep], excerpts[keep], day[keep]
        self.timestamps.append(pd.Series(frame["timestamp"].to_numpy(),
                                         index="acled-" + frame["event_id_cnty"].str.lower()))
        return self.tables(frame, excerpts, day)

    def after_reading(self) -> None:
        ids = pd.concat(self.ids, ignore_index=True) if self.ids else pd.DataFrame(columns=["id", "line"])
        again = ids[ids["id"].str.lower().duplicated()]
        self.problems.add(again["line"], "event_id_cnty", again["id"], "a unique event id (an earlier line has it)")
        _require_values(pd.Series(sorted(self.seen["country"])), self.options.countries, "country", self.path,
                        "country", self.problems)
        self.check_countries()
        _require_actors({c: self.seen[c] - {""} for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")},
                        self.options.sides, self.path, self.problems)

    def tables(self, frame, excerpts, day) -> dict[str, pd.DataFrame]:
        event_id = "acled-" + frame["event_id_cnty"].str.lower()
        precision = frame["time_precision"].map({k: v[0] for k, v in ACLED_DATE_PRECISIONS.items()})
        start_date, _ = _dates(day, day, precision)
        # Actors, then each row's list of them: actor1, actor2, and the associated actors (";"-separated).
        assoc = {n: frame[f"assoc_actor_{n}"] for n in (1, 2)}
        listed = pd.Series(pd.unique(pd.concat(assoc.values())), dtype=object)
        listed = listed[listed != ""].reset_index(drop=True)
        one_by_one = listed.str.split(";").explode().str.strip().rename("name").reset_index()  # distinct lists only
        named = pd.concat([frame[["actor1", "inter1"]].set_axis(["name", "inter"], axis=1),
                           frame[["actor2", "inter2"]].set_axis(["name", "inter"], axis=1),
                           one_by_one[["name"]].assign(inter="")])
        named = named[named["name"] != ""]
        types = named.drop_duplicates("name").set_index("name")["inter"].str.lower().map(ACLED_ACTOR_TYPES)
        ids = self.actors.assign(named[["name"]], lambda new: "acled." + slugs(new["name"]), lambda new: pd.DataFrame({
            "name": new["name"], "side": side_of(new["name"], self.options.sides), "aliases": "",
            "actor_type": new["name"].map(types).astype(object).fillna("group")}))
        id_of = dict(zip(named["name"], ids, strict=True))
        listed_ids = (one_by_one.assign(id=one_by_one["name"].map(id_of)).drop_duplicates(["index", "id"])
                      .groupby("index")["id"].agg("|".join))  # per distinct list of associated actors
        by_list = dict(zip(listed, listed_ids.reindex(range(len(listed))).fillna(""), strict=True))
        parts = [frame["actor1"].map(id_of), *(names.map(lookup).astype(object).fillna("") for names, lookup in (
            (frame["actor2"], id_of), (assoc[1], by_list), (assoc[2], by_list)))]
        actor_ids = parts[0]
        for part in parts[1:]:
            actor_ids = actor_ids + ("|" + part).where(part != "", "")
        actor_ids = _first_mentions(actor_ids)
        places = self.place_ids(
            [("country", frame["country"]), ("region", frame["admin1"]), ("district", frame["admin2"]),
             ("district", frame["admin3"]), ("settlement", frame["location"].where(frame["geo_precision"] != "3", ""))],
            pd.Series(np.where(frame["geo_precision"] == "3", 1, 4), index=frame.index))
        kind = frame["event_type"].map({k: v[0] for k, v in ACLED_KINDS.items()})
        updated = pd.to_datetime(frame["timestamp"].astype("int64"), unit="s").dt.strftime("%Y-%m-%d")
        citation = ("ACLED, event " + frame["event_id_cnty"] + " (as updated " + updated + ")"
                    + (", citing " + frame["source"]).where(frame["source"] != "", ""))
        notes = (citation + "\n" + frame["time_precision"].map({k: v[1] for k, v in ACLED_DATE_PRECISIONS.items()})
                 + " (" + frame["event_date"] + "). " + frame["geo_precision"].map(ACLED_PLACES) + ": "
                 + frame["location"] + ". ACLED timestamp " + frame["timestamp"] + ".")
        title = frame["sub_event_type"] + ": " + frame["actor1"] + (" and " + frame["actor2"]).where(
            frame["actor2"] != "", "")
        events = pd.DataFrame({
            "event_id": event_id, "occurrence_id": event_id, "start_date": start_date, "end_date": "",
            "date_precision": precision, "date_qualifier": "on", "date_refers_to": "occurrence",
            "date_basis": "stated", "kind": kind, "title": title, "place_ids": places, "actor_ids": actor_ids,
            "source_id": self.source_id, "excerpt": excerpts, "notes": notes})
        as_of, basis = _as_of(day, day, precision)
        counted = pd.to_numeric(frame["fatalities"]) > 0
        figures = pd.DataFrame({
            "figure_id": event_id + ".fatalities", "quantity": "deaths", "side": "unspecified", "population": "all",
            "value": frame["fatalities"], "unit": "people", "qualifier": "estimate",
            "value_text": frame["fatalities"], "low": "", "high": "",
            "scope": "fatalities in this event as ACLED codes them: a conservative estimate from the reports it "
                     "draws on, which ACLED warns are often the least reliable part of them",
            "as_of": as_of, "as_of_basis": basis, "event_id": event_id, "source_id": self.source_id,
            "excerpt": excerpts, "notes": citation})[counted]
        return {"events": events, "figures": figures}


def _first_mentions(lists: pd.Series) -> pd.Series:
    """'a|b|a' -> 'a|b': ids named twice in one row kept at their first mention, column by column (rows hold a few)."""
    wide = lists.str.split("|", expand=True).fillna("")
    for j in range(1, wide.shape[1]):
        seen = pd.Series(False, index=wide.index)
        for k in range(j):
            seen |= wide[j] == wide[k]
        wide[j] = wide[j].where(~seen, "")
    out = wide[0]
    for j in range(1, wide.shape[1]):
        out = out + ("|" + wide[j]).where(wide[j] != "", "")
    return out


def acled_import(path: Path | str, out: Path | str | None = None, *, countries: Iterable[str] | None = None,
                 date_from: str | None = None, date_to: str | None = None, version: str | None = None,
                 accessed: str | None = None, sides: Mapping[str, str] | None = None,
                 deleted: Iterable[str] | None = None, progress: bool | None = False
                 ) -> tuple[Dataset, pd.DataFrame]:
    """`acled`, also returning what changed: one row per event added, updated, deleted (event_id, change, detail)."""
    options = Options.of(None, countries, date_from, date_to, version, accessed, sides, progress)
    path = Path(path)
    if out is None:
        with tempfile.TemporaryDirectory(prefix="import-") as folder:
            return acled_import(path, Path(folder) / "data", countries=countries, date_from=date_from,
                                date_to=date_to, version=version, accessed=accessed, sides=sides, deleted=deleted,
                                progress=progress)
    out = Path(out)
    job = _AcledImport(path, options)
    job.prepare()
    old = load(out) if _existing_import(out, job.publisher) == "same" else None
    removed = {f"acled-{i.strip().lower()}" for i in deleted or () if i.strip()}
    if old is None and not removed:
        data = _write_folder(out, job.run, options.progress)
        change = _changes(pd.DataFrame({"event_id": data.events.index, "change": "added", "detail": ""}))
        change.attrs["rows"] = job.rows
        return data, change
    if old is not None:
        if (old.sources["archive_sha256"] == job.sha256).any():
            raise ValueError(f"{out} already holds this export (sha256 {job.sha256})")
        if (old.sources["source_id"] == job.source_id).any():
            raise ValueError(f"{out} already holds another export as {job.source_id}; give this one another "
                             f"--version")
        job.seed(old)
    changes: list[pd.DataFrame] = []

    def merge(writer: FolderWriter) -> None:
        staged = Path(writer.folder) / ".new"
        staged.mkdir()
        new_writer = FolderWriter(staged)
        job.run(new_writer)
        new_writer.finish()
        new = {name: _read_table(staged, name) for name in TABLES}
        before = {name: _raw(old, name) for name in TABLES} if old is not None else {
            name: new[name].iloc[:0] for name in TABLES}
        merged, change = merge_acled(before, new, pd.concat(job.timestamps) if job.timestamps else pd.Series(),
                                     removed)
        changes.append(change)
        for name, table in merged.items():
            writer.write(name, table)
        shutil.rmtree(staged)

    data = _write_folder(out, merge, options.progress)
    changes[0].attrs["rows"] = job.rows  # the export's rows: read, and removed by each filter
    return data, changes[0]


def _read_table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(Path(folder) / TABLES[name].path, dtype=str, keep_default_na=False, na_filter=False)


def _raw(data: Dataset, name: str) -> pd.DataFrame:
    """A loaded table back as the text of its CSV (empty cells '')."""
    return _read_table(data.data_dir, name)


_TIMESTAMP = re.compile(r"ACLED timestamp (\d+)\.")
COMPARED = ["start_date", "date_precision", "kind", "title", "place_ids", "actor_ids"]


def merge_acled(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame], timestamps: pd.Series,
                deleted: set[str]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """An older ACLED import updated by a newer export (tables as CSV text): events whose timestamp changed
    are replaced, new ones added, the others kept; `deleted` ids are removed. Returns the tables and the changes
    (event_id, change, detail: the fields that changed, "fatalities 3 -> 5")."""
    old_events, new_events = old["events"].set_index("event_id", drop=False), new["events"].set_index("event_id",
                                                                                                     drop=False)
    old_stamp = old_events["notes"].str.extract(_TIMESTAMP)[0]
    common = old_events.index.intersection(new_events.index)
    updated = common[old_stamp[common].to_numpy() != timestamps.reindex(common).to_numpy()]
    added = new_events.index.difference(old_events.index)
    take_new = added.union(updated).difference(pd.Index(sorted(deleted)))
    keep_old = old_events.index.difference(take_new).difference(pd.Index(sorted(deleted)))
    events = pd.concat([old_events.loc[keep_old], new_events.loc[take_new]]).sort_index()
    figures = pd.concat([old["figures"][old["figures"]["event_id"].isin(keep_old)],
                         new["figures"][new["figures"]["event_id"].isin(take_new)]]).sort_values("figure_id")
    sources = pd.concat([old["sources"], new["sources"]]).drop_duplicates("source_id")
    sources = sources[sources["source_id"].isin(events["source_id"])]
    vocab = {}
    for name, key, column in (("actors", "actor_id", "actor_ids"), ("places", "place_id", "place_ids")):
        rows = pd.concat([new[name], old[name]]).drop_duplicates(key).set_index(key, drop=False)
        used = set(events[column].str.split("|").explode())
        while name == "places":  # a place is kept with every place that contains it
            parents = set(rows.loc[rows.index.isin(used), "parent_id"]) - {""} - used
            if not parents:
                break
            used |= parents
        vocab[name] = rows[rows.index.isin(used)].sort_index()
    kinds = pd.concat([new["kinds"], old["kinds"]]).drop_duplicates("kind").sort_values("kind")
    change = _describe_changes(old_events, new_events, old["figures"], new["figures"], added.difference(
        pd.Index(sorted(deleted))), updated.difference(pd.Index(sorted(deleted))),
        old_events.index.union(new_events.index).intersection(pd.Index(sorted(deleted))), old_stamp, timestamps)
    tables = {"sources": sources, "kinds": kinds, "actors": vocab["actors"], "places": vocab["places"],
              "events": events.reset_index(drop=True), "figures": figures, "spans": old["spans"].iloc[:0]}
    # in the export, with the timestamp already held
    change.attrs["unchanged"] = len(common.difference(updated).difference(pd.Index(sorted(deleted))))
    change.attrs["kept"] = len(keep_old) - change.attrs["unchanged"]  # held before, not in this export
    # A deleted id neither held nor exported is a typo or another export's: named, never silently dropped.
    change.attrs["not_found"] = sorted(set(deleted) - set(old_events.index) - set(new_events.index))
    return tables, change


def _describe_changes(old_events, new_events, old_figures, new_figures, added, updated, deleted, old_stamp,
                      timestamps) -> pd.DataFrame:
    def fatalities(figures):
        return figures.set_index("event_id")["value"]

    before, after = old_events.loc[updated, COMPARED], new_events.loc[updated, COMPARED]
    before = before.assign(fatalities=fatalities(old_figures).reindex(updated).fillna("0"))
    after = after.assign(fatalities=fatalities(new_figures).reindex(updated).fillna("0"))
    differs = before.ne(after)
    detail = pd.Series("", index=updated, dtype=object)
    for column in before.columns:  # a loop over the compared fields, not over events
        changed = differs[column]
        detail[changed] += "; " + column + " " + before.loc[changed, column] + " -> " + after.loc[changed, column]
    stamps = (" (timestamp " + old_stamp.reindex(updated).fillna("?") + " -> "
              + timestamps.reindex(updated).astype(str) + ")")
    detail = (detail.str.removeprefix("; ").replace("", "no field of ours changed") + stamps)
    return _changes(pd.concat([
        pd.DataFrame({"event_id": added, "change": "added", "detail": ""}),
        pd.DataFrame({"event_id": updated, "change": "updated", "detail": detail.to_numpy()}),
        pd.DataFrame({"event_id": deleted, "change": "deleted", "detail": ""}),
    ]))


def _changes(frame: pd.DataFrame) -> pd.DataFrame:
    order = {"added": 0, "updated": 1, "deleted": 2}
    return frame.assign(_o=frame["change"].map(order)).sort_values(["_o", "event_id"]).drop(columns="_o") \
        .reset_index(drop=True)


def read_deleted(path: Path | str) -> list[str]:
    """ACLED event ids from a deletions file: a CSV with an `event_id_cnty` column, or one id per line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if "event_id_cnty" in first:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)["event_id_cnty"].tolist()
    return [line.strip() for line in text.splitlines() if line.strip()]


# ============================================================================================== command line


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    kinds = parser.add_subparsers(dest="dataset", required=True)
    for name, what in (("ged", "a UCDP GED export (GEDEvent_v23_1.csv)"),
                       ("acled", "an ACLED export (the 31-column layout since March 2023)")):
        sub = kinds.add_parser(name, help=f"import {what}")
        sub.add_argument("file", type=Path, help=what)
        sub.add_argument("--out", type=Path, required=True, help="data folder to write (replaced whole for GED; "
                                                                  "updated for ACLED)")
        if name == "ged":
            sub.add_argument("--conflict", action="extend", nargs="+", default=[], metavar="ID",
                             help="keep these conflicts (conflict_new_id)")
        sub.add_argument("--country", action="extend", nargs="+", default=[], metavar="NAME",
                         help="keep events in these countries")
        sub.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="keep events that end on or after")
        sub.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="keep events that start on or before")
        sub.add_argument("--version", help="the release, e.g. 23.1 (GED: read from the file name by default)")
        sub.add_argument("--accessed", metavar="YYYY-MM-DD", help="the day the export was downloaded")
        sub.add_argument("--side", action="append", default=[], metavar="NAME=SIDE",
                         help="put an actor on a side of the vocabulary, e.g. 'Republic of Artsakh=armenia'; the "
                              f"sides: {', '.join(SIDES)}")
        if name == "acled":
            sub.add_argument("--deleted", type=Path, metavar="FILE",
                             help="ACLED's list of deleted event ids (a CSV with event_id_cnty, or one per line)")


def run_command(args: argparse.Namespace) -> int:
    """`import ged|acled`: 0 and a summary on success; 2 and every problem (file, line, column) otherwise."""
    try:
        sides = dict(_side_option(value) for value in args.side)
        common = {"countries": args.country, "date_from": args.date_from, "date_to": args.date_to,
                  "version": args.version, "accessed": args.accessed, "sides": sides, "progress": None}
        if args.dataset == "ged":
            data, rows = ged_import(args.file, args.out, conflicts=args.conflict, **common)
            changes = None
        else:
            deleted = read_deleted(args.deleted) if args.deleted else None
            data, changes = acled_import(args.file, args.out, deleted=deleted, **common)
            rows = changes.attrs["rows"]
    except DataValidationError as error:
        print(f"error: nothing was written.\n{error}", file=sys.stderr)
        return 2
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}; nothing was written.", file=sys.stderr)
        return 2
    source = data.sources[data.sources["archive_path"] == Path(args.file).name].iloc[0]
    print(f"Imported {args.file} ({source['title']}, sha256 {source['archive_sha256']}) into {args.out}, which "
          f"now holds {len(data.events):,} events and {len(data.figures):,} figures: valid.")
    print(describe_rows(rows, Options.of(getattr(args, "conflict", None), args.country, args.date_from, args.date_to)))
    if changes is not None:
        counts = changes["change"].value_counts()
        print(", ".join(f"{int(counts.get(c, 0)):,} {c}" for c in ("added", "updated", "deleted"))
              + (f"; {changes.attrs['unchanged']:,} unchanged (same timestamp) and {changes.attrs['kept']:,} kept "
                 "from before (not in this export)" if "unchanged" in changes.attrs else "") + ".")
        shown = changes[changes["change"] != "added"]
        for row in shown.head(50).itertuples(index=False):  # what a reader can take in; the rest is counted
            print(f"  {row.change:8} {row.event_id}" + (f": {row.detail}" if row.detail else ""))
        if len(shown) > 50:
            print(f"  ... and {len(shown) - 50:,} more")
        missing = changes.attrs.get("not_found", [])
        if missing:
            print(f"{len(missing):,} deleted id(s) neither in the folder nor in this export, so nothing was removed "
                  f"for them: {', '.join(missing[:20])}" + (" ..." if len(missing) > 20 else ""))
    unsided = unsided_actors(data)
    if len(unsided):
        shown = ", ".join(f"{row.Index} ({row.events:,} event{'s' * (row.events != 1)}, {row.deaths:,.0f} deaths "
                          "in them)"
                          for row in unsided.head(5).itertuples())
        more = f", and {len(unsided) - 5:,} more" if len(unsided) > 5 else ""
        print(f"On no side ('unspecified'), so no claim about one side's dead counts theirs: {shown}{more}. Put an "
              f"actor on a side with --side NAME=SIDE ({', '.join(SIDES)}).")
    archived = paths.archive_dir() / Path(args.file).name
    if archived.is_file() and sha256_of(archived) == source["archive_sha256"]:
        print(f"The archive folder ({paths.archive_dir()}) holds this export: summary verifies every excerpt "
              "against it.")
    else:
        print(f"Verify the excerpts against the export with the archives beside it: put {Path(args.file).name} in "
              f"the archive folder ({paths.archive_dir()}).")
    return 0


def unsided_actors(data: Dataset) -> pd.DataFrame:
    """The imported actors left on no side (civilians aside, who take none), most events first: name, events, deaths
    (the sum of their events' total counts), so that a party forgotten by --side is seen before its dead go missing."""
    actors = data.actors[(data.actors["side"].astype(str) == "unspecified")
                         & ~data.actors["name"].astype(str).str.startswith("Civilians")]
    named = data.events["actor_ids"].astype(str).str.split("|").explode()
    named = named[named.isin(actors.index)]
    totals = data.figures[data.figures["population"].astype(str) == "all"].groupby("event_id")["value"].sum()
    found = pd.DataFrame({"actor_id": named.to_numpy(), "deaths": totals.reindex(named.index).fillna(0).to_numpy()})
    out = found.groupby("actor_id").agg(events=("deaths", "size"), deaths=("deaths", "sum"))
    out.index = actors.loc[out.index, "name"].astype(str).to_numpy()
    return out.sort_values(["events", "deaths"], ascending=False, kind="stable")


def _side_option(value: str) -> tuple[str, str]:
    name, sep, side = value.rpartition("=")
    if not sep or not name:
        raise ValueError(f"--side {value!r}: expected NAME=SIDE, e.g. 'Republic of Artsakh=armenia'")
    return name.strip(), side.strip()
