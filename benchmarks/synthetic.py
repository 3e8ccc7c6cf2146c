"""Synthetic data folders that `analysis.load` accepts, at any size, written without loops over rows.

Events and figures come in blocks of 20 rows; everything a row refers to (its occurrence, a derived date's anchor,
a total's parts, a span's events) lies in its own block, so blocks can be built and written in chunks that keep
memory flat. Inside a block, by slot (row % 20):

- occurrences: slots 0-2, 3-4, 5-7, 8-9, 10-12, 13-14, 15-17, 18-19 are accounts of one real-world event, whose
  dates are drawn at random and sorted within the block;
- date basis: 11 slots stated, 5 resolved ("on Saturday", "yesterday", "on December 11", "last month", "in
  March" against the source's publication date), 1 derived (slot 15, from slot 0 or 18 and the duration figure of
  its own row), 3 publication ("by" the publication date);
- precision: mostly day; month, year and decade on a few slots;
- figures: one per event, counting something with a qualifier whose bounds come from `quantities.bounds_frame`;
  slot 15 is the derived date's duration, slot 18 a span's duration; in every tenth block slot 19 is a both-sides
  total of slots 16 and 17 (`total_of`); in every twentieth block slot 5 is "the first since" slot 0;
- spans: one per five blocks, from slot 0 to slot 8 (with its length in days), or from slot 0 for a stated number
  of years.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import quantities
from analysis.schema import TABLES

BLOCK = 20
CHUNK = 200_000  # rows written at a time; a multiple of BLOCK * 5 so spans never straddle chunks
FIRST_DAY, LAST_DAY = np.datetime64("2020-09-27"), np.datetime64("2021-12-31")
MONTHS = np.array(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"])
WEEKDAYS = np.array(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
KINDS = ["attack", "clash", "shelling", "ceasefire_violation", "statement", "accusation", "meeting", "agreement",
         "deployment", "territory_change", "parade", "war"]
SIDES = ["armenia", "azerbaijan"]
COUNTS = {"deaths": "people", "wounded": "people", "missing": "people", "displaced": "people",
          "troops": "people", "armoured_vehicles": "vehicles", "settlements": "settlements",
          "bodies_unidentified": "bodies"}
QUALIFIER_SHARES = {"exact": 0.50, "more than": 0.10, "at least": 0.10, "nearly": 0.08, "about": 0.10,
                    "up to": 0.05, "fewer than": 0.03, "dozens": 0.03, "tens of thousands": 0.01}
# slot -> (date basis, precision)
SLOTS = [("stated", "day"), ("resolved", "day"), ("publication", "day"), ("stated", "day"),
         ("resolved", "month"), ("stated", "day"), ("resolved", "day"), ("stated", "month"),
         ("stated", "day"), ("publication", "day"), ("stated", "day"), ("resolved", "day"),
         ("stated", "year"), ("stated", "day"), ("resolved", "month"), ("derived", "day"),
         ("stated", "day"), ("publication", "day"), ("stated", "day"), ("stated", "decade")]
N_SOURCES, N_ACTORS, N_PLACES = 300, 20, 20


def write_folder(folder: Path, rows: int, seed: int = 2020) -> Path:
    """Write all seven tables with `rows` events and `rows` figures (rounded up to a block) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    sources = _sources(rng)
    _small_tables(folder, sources)
    rows = -(-rows // BLOCK) * BLOCK
    for start in range(0, rows, CHUNK):
        stop = min(start + CHUNK, rows)
        events, figures, spans = _chunk(np.random.default_rng([seed, start]), start, stop, sources)
        for name, frame in (("events", events), ("figures", figures), ("spans", spans)):
            frame[TABLES[name].columns].to_csv(folder / f"{name}.csv", mode="w" if start == 0 else "a",
                                               header=start == 0, index=False, lineterminator="\n")
    return folder


def _ids(prefix: str, numbers: np.ndarray) -> pd.Series:
    return prefix + pd.Series(numbers).astype("str")


def _iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(days, unit="D")


def _whole(numbers: pd.Series) -> np.ndarray:
    """Whole numbers as text, '' where missing."""
    return numbers.astype("Int64").astype("str").fillna("").to_numpy()


def _sources(rng: np.random.Generator) -> pd.DataFrame:
    published = FIRST_DAY + np.linspace(0, (LAST_DAY - FIRST_DAY).astype(int) + 10, N_SOURCES).astype(int)
    numbers = np.arange(N_SOURCES)
    archived = numbers % 2 == 0
    return pd.DataFrame({
        "source_id": _ids("src-", numbers),
        "publisher": "Publisher " + pd.Series(numbers % 25).astype("str"),
        "title": "Synthetic report " + pd.Series(numbers).astype("str"),
        "date_published": _iso(published),
        "date_published_note": "Synthetic publication date.",
        "url": "https://example.org/reports/" + pd.Series(numbers).astype("str"),
        "date_accessed": "",
        "language": "en",
        "source_type": rng.choice(["news", "primary_document", "encyclopedia"], N_SOURCES, p=[0.8, 0.15, 0.05]),
        "licence": "",
        "archive_path": np.where(archived, "synthetic/" + pd.Series(numbers).astype("str") + ".txt", ""),
        "archive_sha256": np.where(archived, "0" * 64, ""),
        "published": published,
    })


def _small_tables(folder: Path, sources: pd.DataFrame) -> None:
    actors = np.arange(N_ACTORS)
    places = np.arange(N_PLACES)
    small = {
        "sources": sources,
        "kinds": pd.DataFrame({"kind": KINDS, "description": [f"Synthetic kind {k}." for k in KINDS]}),
        "actors": pd.DataFrame({
            "actor_id": _ids("actor-", actors), "name": "Actor " + pd.Series(actors).astype("str"),
            "actor_type": np.array(["state", "armed_forces", "government_body", "person"])[actors % 4],
            "side": np.array(["armenia", "azerbaijan", "russia", "none"])[actors % 4], "aliases": "", "part_of": ""}),
        "places": pd.DataFrame({
            "place_id": _ids("place-", places), "name": "Place " + pd.Series(places).astype("str"),
            "place_type": np.where(places < 2, "country", "settlement"),
            "parent_id": np.where(places < 2, "", "place-" + pd.Series(places % 2).astype("str")), "aliases": ""}),
    }
    for name, frame in small.items():
        frame[TABLES[name].columns].to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def _chunk(rng: np.random.Generator, start: int, stop: int,
           sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Events, figures and spans for rows start..stop (whole blocks)."""
    n = stop - start
    row = np.arange(start, stop)
    slot, block = row % BLOCK, row // BLOCK
    occurrence = (2 * slot) // 5  # 0..7 within the block
    # Eight occurrence dates per block, sorted so that slot 0 <= slot 8 <= slot 19 and spans run forwards.
    span_days = (LAST_DAY - FIRST_DAY).astype(int)
    days = np.sort(rng.integers(0, span_days, (n // BLOCK, 8)), axis=1)
    day = FIRST_DAY + days[(row - start) // BLOCK, occurrence]
    basis = np.array([b for b, _ in SLOTS])[slot]
    precision = np.array([p for _, p in SLOTS])[slot]

    # A source published on or shortly after the occurrence date.
    published = sources["published"].to_numpy()
    source = np.minimum(np.searchsorted(published, day) + rng.integers(0, 3, n), N_SOURCES - 1)
    pub = published[source]
    lag = (pub - day).astype(int)  # 0..~6 days

    # Resolved words, each resolving back to `day` (or its month) against the publication date.
    month_name = MONTHS[day.astype("datetime64[M]").astype(int) % 12]
    day_of_month = (day - day.astype("datetime64[M]")).astype(int) + 1
    weekday = WEEKDAYS[(day.astype(int) - 4) % 7]  # 1970-01-01 was a Thursday
    on_date = "on " + month_name + " " + day_of_month.astype(str)
    day_words = np.select(
        [lag == 0, lag == 1, (lag <= 6) & (row % 2 == 0)],
        ["today", "yesterday", "on " + weekday], on_date)
    months_apart = pub.astype("datetime64[M]").astype(int) - day.astype("datetime64[M]").astype(int)
    month_words = np.select([months_apart == 1, months_apart == 0], ["last month", "this month"], "in " + month_name)
    resolved_words = np.where(precision == "month", month_words, day_words)

    start_day = np.select(
        [basis == "publication", precision == "month", precision == "year", precision == "decade"],
        [pub, day.astype("datetime64[M]").astype("datetime64[D]"), day.astype("datetime64[Y]").astype("datetime64[D]"),
         np.full(n, np.datetime64("2020-01-01"))], day)
    end_day = np.where((slot == 18) & (row % 3 == 0), day + rng.integers(1, 6, n), np.datetime64("NaT"))

    # Derived dates: slot 15 counted from slot 0 (after) or slot 18 (before) with its own row's duration figure.
    after = block % 2 == 0
    anchor_row = np.where(after, row - 15, row + 3)
    anchor_day = FIRST_DAY + days[(row - start) // BLOCK, np.where(after, 0, 7)]
    derived_days = np.abs((day - anchor_day).astype(int))
    derived = basis == "derived"
    derived_words = np.char.add(derived_days.astype(str), np.where(after, " days after", " days before"))

    year = (day.astype("datetime64[Y]").astype(int) + 1970).astype(str)
    stated_words = np.select(
        [precision == "month", precision == "year", precision == "decade"],
        ["in " + month_name + " " + year, "in " + year, "in the 2020s"],
        "on " + day_of_month.astype(str) + " " + month_name + " " + year)
    expression = np.select([basis == "resolved", derived, basis == "stated"],
                           [resolved_words, derived_words, stated_words], "")
    qualifier = np.where(basis == "publication", "by",
                         rng.choice(["on", "by", "after", "since"], n, p=[0.94, 0.03, 0.02, 0.01]))
    qualifier = np.where(precision == "day", qualifier, "on")
    claimant = np.where(rng.random(n) < 0.6, "actor-" + rng.integers(0, N_ACTORS, n).astype(str), "")
    first_since = (slot == 5) & (block % 20 == 0)
    claimant = np.where(first_since, "actor-0", claimant)
    timed = (slot == 13) & (rng.random(n) < 0.3)
    kind = np.array(KINDS)[rng.integers(0, len(KINDS), n)]
    source_id = sources["source_id"].to_numpy()[source]
    event_id = _ids("e", row).to_numpy()
    places = "place-" + rng.integers(2, N_PLACES, n).astype(str)
    actors = "actor-" + rng.integers(0, N_ACTORS, n).astype(str)
    events = pd.DataFrame({
        "event_id": event_id,
        "occurrence_id": _ids("o", block * 8 + occurrence),
        "start_date": _iso(start_day),
        "end_date": np.where(np.isnat(end_day), "", _iso(end_day)),
        "date_precision": precision,
        "date_qualifier": qualifier,
        "start_time": np.where(timed, "14:30", ""),
        "time_zone": np.where(timed, "Asia/Baku", ""),
        "time_qualifier": np.where(timed & (row % 2 == 0), "about", ""),
        "date_refers_to": np.where(basis == "publication", "report", "occurrence"),
        "date_stage": np.where((kind == "agreement") & ~first_since, "signed", ""),
        "date_basis": basis,
        "date_expression": expression,
        "derived_from_event_id": np.where(derived, "e" + anchor_row.astype(str), ""),
        "derived_with_figure_id": np.where(derived, "f" + row.astype(str), ""),
        "derived_direction": np.where(derived, np.where(after, "after", "before"), ""),
        "first_since_event_id": np.where(first_since, "e" + (row - 5).astype(str), ""),
        "kind": np.where(first_since, "statement", kind),
        "title": "Synthetic account " + row.astype(str),
        "place_ids": np.where(row % 4 == 0, "", np.where(row % 4 == 1, places + "|place-0", places)),
        "actor_ids": np.where(row % 5 == 0, "", np.where(row % 5 == 1, actors + "|actor-1", actors)),
        "claimant_id": claimant,
        "source_id": source_id,
        "excerpt": "The forces reported " + pd.Series(expression) + " that fighting went on near the line, "
                   "according to a statement carried by the agency.",
        "notes": np.where(row % 7 == 0, "Synthetic row.", ""),
    })
    figures = _figures(rng, row, slot, block, derived_days, day, pub, basis, resolved_words,
                       claimant, source_id)
    spans = _spans(row, slot, block, source_id)
    return events, figures, spans


def _figures(rng: np.random.Generator, row: np.ndarray, slot: np.ndarray, block: np.ndarray,
             derived_days: np.ndarray, day: np.ndarray, pub: np.ndarray, basis: np.ndarray,
             resolved_words: np.ndarray, claimant: np.ndarray, source_id: np.ndarray) -> pd.DataFrame:
    """One figure per event row: counts with qualifiers, durations on slots 15 and 18, totals on slot 19."""
    n = len(row)
    quantity = np.array(list(COUNTS))[rng.integers(0, len(COUNTS), n)]
    qualifier = rng.choice(list(QUALIFIER_SHARES), n, p=list(QUALIFIER_SHARES.values()))
    value = np.round(np.exp(rng.uniform(0, np.log(20_000), n))).astype(float)
    side = np.array(SIDES)[rng.integers(0, 2, n)]
    population = rng.choice(["military", "civilian", ""], n, p=[0.5, 0.3, 0.2])

    # Every tenth block: slot 19 totals slots 16 and 17 (deaths, exact), a both-sides figure.
    total_block = block % 10 == 0
    in_total = total_block & np.isin(slot, [16, 17, 19])
    quantity = np.where(in_total, "deaths", quantity)
    qualifier = np.where(in_total, "exact", qualifier)
    side = np.where(in_total, np.where(slot == 16, "armenia", np.where(slot == 17, "azerbaijan", "both")), side)
    population = np.where(in_total, np.where(slot == 19, "all", "military"), population)
    value = np.where(in_total & (slot == 19), np.roll(value, 3) + np.roll(value, 2), value)  # rows 16 and 17
    unit = pd.Series(quantity).map(COUNTS).to_numpy()

    # Durations: slot 15 measures the derived date; slot 18 the span (days, or years for open spans).
    years = rng.integers(1, 6, n).astype(float)
    span_days = (day[np.arange(n) - 10] - day[np.arange(n) - 18]).astype(int)  # slot 8 minus slot 0 (slot 18 rows)
    is_span = (slot == 18) & (block % 5 == 0)
    open_span = is_span & (block % 10 == 5)
    duration = (slot == 15) | is_span
    quantity = np.where(duration, "duration", quantity)
    side = np.where(duration, "none", side)
    population = np.where(duration, "", population)
    unit = np.select([slot == 15, open_span, is_span], ["days", "years", "days"], unit)
    qualifier = np.select([slot == 15, open_span, is_span], ["exact", "at least", "exact"], qualifier)
    value = np.select([slot == 15, open_span, is_span], [derived_days, years, span_days], value)

    wordy = np.isin(qualifier, ["dozens", "tens of thousands"])
    value = np.where(wordy, np.nan, value)
    bounds = quantities.bounds_frame(pd.Series(value), pd.Series(qualifier))
    number = _whole(pd.Series(value))
    value_text = np.where(wordy, qualifier, np.where(qualifier == "exact", number, qualifier + " " + number))
    value_text = np.where(unit == "days", value_text + " days", np.where(unit == "years", value_text + " years",
                                                                        value_text))
    resolved_as_of = basis == "resolved"
    as_of_expression = np.where(resolved_as_of & (slot % 5 != 4), resolved_words, "")
    as_of = np.where(duration, "", np.where(as_of_expression != "", _iso(day), _iso(pub)))
    as_of_basis = np.where(duration, "", np.where(as_of_expression != "", "resolved", "publication"))
    total_of = np.where(in_total & (slot == 19), "f" + (row - 3).astype(str) + "|f" + (row - 2).astype(str), "")
    event_of = np.where(is_span, "e" + (row - 18).astype(str), "e" + row.astype(str))
    return pd.DataFrame({
        "figure_id": "f" + row.astype(str),
        "quantity": quantity,
        "side": side,
        "population": population,
        "value": number,
        "unit": unit,
        "qualifier": qualifier,
        "value_text": value_text,
        "low": _whole(bounds["low"]),
        "high": _whole(bounds["high"]),
        "scope": "synthetic " + pd.Series(quantity).str.replace("_", " "),
        "as_of": as_of,
        "as_of_basis": as_of_basis,
        "as_of_expression": as_of_expression,
        "event_id": event_of,
        "total_of": total_of,
        "claimant_id": claimant,
        "source_id": source_id,
        "excerpt": "Officials said " + pd.Series(value_text) + " were counted " + pd.Series(as_of_expression)
                   + ", according to the statement.",
        "notes": "",
    })


def _spans(row: np.ndarray, slot: np.ndarray, block: np.ndarray, source_id: np.ndarray) -> pd.DataFrame:
    """One span per five blocks: slot 0 to slot 8 with a length in days, or slot 0 for some years."""
    keep = (slot == 18) & (block % 5 == 0)
    first = row[keep] - 18
    open_span = block[keep] % 10 == 5
    return pd.DataFrame({
        "span_id": "s" + block[keep].astype(str),
        "title": "Synthetic span " + block[keep].astype(str),
        "kind": "war",
        "start_event_id": "e" + first.astype(str),
        "end_event_id": np.where(open_span, "", "e" + (first + 8).astype(str)),
        "duration_figure_id": "f" + row[keep].astype(str),
        "source_id": source_id[keep],
        "excerpt": "The fighting lasted, the agency said.",
    })
