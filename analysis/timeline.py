"""Timelines: events in order with the interval each date allows, spans, day-of-war numbers, filters and phases.

Every function takes frames and returns frames; nothing here reads files.

>>> from analysis import load
>>> tl = build_timeline(load())
>>> int(day_of_war(tl, "an-war-start").loc["an-agreement"])
45
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import dates
from analysis.loading import Dataset, day_keys, id_ranks, lookup, positions, split_ids
from analysis.schema import BOUND_QUALIFIERS

PHASES = ["pre-war", "war", "post-agreement", "spans phases"]
# Which account of an occurrence a one-row-per-occurrence timeline keeps: the most precise date, then the
# most direct way of knowing it (a date we computed last: "three weeks after" is rounder than it looks), then a
# source whose publication date is known (its relative dates can be checked), then a primary document over a
# report of it.
_PRECISION_RANK = {"day": 0, "week": 1, "part of month": 2, "month": 3, "year": 4, "decade": 5}
_BASIS_RANK = {"stated": 0, "resolved": 1, "publication": 2, "derived": 3}
_SOURCE_RANK = {"primary_document": 0, "news": 1, "encyclopedia": 2}


def claimant_names(frame: pd.DataFrame, data: Dataset) -> pd.Series:
    """Who asserted each row: the claimant's name, or the publisher where the source speaks in its own voice."""
    names = pd.Series(lookup(frame["claimant_id"], data.actors["name"]), index=frame.index, dtype="str",
                      name="claimant_id")
    publishers = pd.Series(lookup(frame["source_id"], data.sources["publisher"]), index=frame.index, dtype="str")
    return names.fillna(publishers).astype("str")


def build_timeline(data: Dataset) -> pd.DataFrame:
    """One row per event account, with `earliest`/`latest` (the days its date and precision allow), sorted.

    A month-precision date is the whole month; an event with an end date runs to the end of that date's unit.
    """
    events = data.events
    start = dates.precision_bounds(events["start_date"], events["date_precision"])
    end = dates.precision_bounds(events["end_date"], events["date_precision"])
    source = events["source_id"]
    frame = events.assign(
        start=events["start_date"],
        end=events["end_date"],
        earliest=start["earliest"],
        latest=end["latest"].fillna(start["latest"]),
        claimant=claimant_names(events, data),
        publisher=pd.Series(lookup(source, data.sources["publisher"]), index=events.index, dtype="str"),
        source_type=pd.Series(lookup(source, data.sources["source_type"].astype("str")), index=events.index,
                              dtype="str"),
        source_dated=pd.notna(lookup(source, data.sources["date_published"])),
    )
    # Sorted as by sort_values(["earliest", "latest", "event_id"], kind="stable"), with the ids ranked by Arrow
    # rather than compared as Python strings.
    order = np.lexsort((id_ranks(frame["event_id"]), day_keys(frame["latest"]), day_keys(frame["earliest"])))
    return frame.take(order)


# An open end of a date window: just outside the years 1 to 9999 that a date in the data may have (dates are
# datetime64[us], which reaches far beyond both).
OPEN_START = pd.Timestamp(np.datetime64("0000-01-01", "us"))
OPEN_END = pd.Timestamp(np.datetime64("10000-01-01", "us"))


def account_windows(timeline: pd.DataFrame) -> pd.DataFrame:
    """The days on which each account allows the event to have happened: window_start, window_end.

    "by 20 November" allows any day up to the 20th, "before" up to the 19th, "after" from the day after; a date
    that is when the event was reported (date_refers_to "report") allows any day up to it. An open end is
    OPEN_START or OPEN_END.
    """
    qualifier = timeline["date_qualifier"]  # compared with words as it is (a categorical's codes, not a string per row)
    earliest, latest = timeline["earliest"], timeline["latest"]
    up_to = qualifier.isin(["by", "before"]) | (timeline["date_refers_to"] == "report")
    window_start = earliest.mask(up_to, OPEN_START).mask(qualifier == "after", latest + pd.Timedelta(days=1))
    window_end = latest.mask(qualifier.isin(["after", "since"]), OPEN_END)
    window_end = window_end.mask(qualifier == "before", earliest - pd.Timedelta(days=1))
    return pd.DataFrame({"window_start": window_start, "window_end": window_end}, index=timeline.index)


def one_per_occurrence(timeline: pd.DataFrame) -> pd.DataFrame:
    """Keep one account of each real-world event: the most precise date, most directly known, from a source
    whose publication date is known, a primary document first."""
    best = timeline.iloc[account_preference(timeline)].drop_duplicates("occurrence_id", keep="first")
    return best.sort_values(["earliest", "latest", "event_id"], kind="stable")


def account_preference(timeline: pd.DataFrame) -> np.ndarray:
    """Row positions of `timeline`, the account `one_per_occurrence` keeps first: the most precise date, then the
    most directly known, from a source whose publication date is known, a primary document first; then by id."""
    keys = [id_ranks(timeline["event_id"]), _rank(timeline["source_type"], _SOURCE_RANK),
            (~timeline["source_dated"]).to_numpy(dtype=bool), _rank(timeline["date_basis"], _BASIS_RANK),
            _rank(timeline["date_precision"], _PRECISION_RANK)]
    return np.lexsort(keys)  # the last key first


def _rank(column: pd.Series, ranks: dict[str, int]) -> np.ndarray:
    """Each row's rank in `ranks` (after all of them where it has none), looked up once per distinct value."""
    code, values = pd.factorize(column, use_na_sentinel=False)
    return np.array([ranks.get(str(v), len(ranks)) for v in values], dtype=np.int64)[code]


def day_of_war(timeline: pd.DataFrame, anchor_event_id: str) -> pd.Series:
    """Day number of each event counted from the anchor's date (the anchor's day is day 1).

    <NA> where the event's date is coarser than a day, since a month has no single day number.
    """
    anchor = _row(timeline, anchor_event_id)
    days = dates.days_between(pd.Series(anchor["start"], index=timeline.index), timeline["start"]) + 1
    return days.where(timeline["date_precision"].astype("str") == "day").astype("Int64").rename("day_of_war")


def day_words(timeline: pd.DataFrame, days: pd.Series) -> pd.Series:
    """`day_of_war` as a reader reads it: "2", or "2 to 4" for an event over several days (its stated end); <NA>
    where it has no day number. `days` itself (whole numbers) where no event lasts several days."""
    last = days + dates.days_between(timeline["start"], timeline["end"].fillna(timeline["start"])).astype("Int64")
    if not (last > days).fillna(False).any():
        return days
    words = days.astype("string")
    return words.where(~(last > days).fillna(False), words + " to " + last.astype("string")).astype("object").where(
        days.notna(), pd.NA)


def days_between_events(timeline: pd.DataFrame, first_id: str, second_id: str) -> tuple[int, int]:
    """Fewest and most days from the first event to the second, as their date precisions allow."""
    first, second = _row(timeline, first_id), _row(timeline, second_id)
    return (second["earliest"] - first["latest"]).days, (second["latest"] - first["earliest"]).days


def filter_events(
    timeline: pd.DataFrame,
    *,
    date_from: str | pd.Timestamp | None = None,
    date_to: str | pd.Timestamp | None = None,
    kinds: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
    claimants: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Events whose date interval overlaps [date_from, date_to] and that match every list given.

    `actors` keeps events naming any of those actor ids; `claimants` matches claimant ids or names.
    """
    keep = pd.Series(True, index=timeline.index)
    if date_from is not None:
        keep &= timeline["latest"] >= pd.Timestamp(date_from)
    if date_to is not None:
        keep &= timeline["earliest"] <= pd.Timestamp(date_to)
    if kinds is not None:
        keep &= timeline["kind"].astype("str").isin(list(kinds))
    if actors is not None:
        named = split_ids(timeline["actor_ids"])
        keep &= timeline.index.isin(named[named.isin(list(actors))].index)
    if claimants is not None:
        wanted = list(claimants)
        keep &= timeline["claimant_id"].isin(wanted) | timeline["claimant"].isin(wanted)
    if sources is not None:
        keep &= timeline["source_id"].isin(list(sources))
    return timeline[keep]


def assign_phase(timeline: pd.DataFrame, war_start_id: str, agreement_id: str) -> pd.Series:
    """Phase of each event: before the war starts, during it, from the agreement on, or "spans phases".

    The agreement's own day counts as post-agreement (the ceasefire took effect at its first minute).
    """
    war_start = _row(timeline, war_start_id)["start"]
    agreement = _row(timeline, agreement_id)["start"]

    def phase_of(day: pd.Series) -> pd.Series:  # any year: no bins bounded by the datetime64[ns] range
        return pd.Series(np.select([day < war_start, day < agreement], PHASES[:2], PHASES[2]), index=day.index)

    first, last = phase_of(timeline["earliest"]), phase_of(timeline["latest"])
    phase = first.where(first == last, "spans phases")
    return pd.Series(pd.Categorical(phase, categories=PHASES), index=timeline.index, name="phase")


def spans(data: Dataset, built: pd.DataFrame | None = None) -> pd.DataFrame:
    """Spans (the war, a mandate, a period of control) with start and end dates and their precision.

    The end comes from the end event where there is one, else from the start plus the stated duration; an
    end only bounded below ("for at least five years") has `end_open` True. `built` is `build_timeline(data)` if
    the caller has it already.
    """
    table = data.spans
    timeline = (build_timeline(data) if built is None else built).reset_index(drop=True)
    # By position (a search of the timeline's index of string ids would build a hash table of them all).
    starts = positions(timeline["event_id"], table["start_event_id"])
    if (starts < 0).any():
        raise KeyError(f"unknown start_event_id {table['start_event_id'][starts < 0].tolist()}")
    start_rows = timeline.iloc[starts]
    end_rows = timeline.reindex(positions(timeline["event_id"], table["end_event_id"]))
    figures = data.figures.reset_index(drop=True).reindex(
        positions(data.figures["figure_id"], table["duration_figure_id"])).set_axis(table.index)
    by_duration = dates.shift_dates(
        pd.Series(start_rows["start"].to_numpy(), index=table.index),
        figures["value"],
        figures["unit"].astype("object"),
        pd.Series("after", index=table.index),
    )
    has_end_event = table["end_event_id"].notna()
    out = pd.DataFrame({
        "span_id": table["span_id"],
        "title": table["title"],
        "kind": table["kind"],
        "start": start_rows["start"].to_numpy(),
        "start_latest": start_rows["latest"].to_numpy(),
        "start_precision": start_rows["date_precision"].astype("str").to_numpy(),
        "end": pd.Series(end_rows["start"].to_numpy(), index=table.index).where(has_end_event, by_duration),
        "end_latest": pd.Series(end_rows["latest"].to_numpy(), index=table.index).where(has_end_event, by_duration),
        "end_precision": pd.Series(end_rows["date_precision"].astype("str").to_numpy(), index=table.index)
        .where(has_end_event, "day"),
        "end_basis": pd.Series("event", index=table.index).where(has_end_event, "duration"),
        "end_open": ~has_end_event & figures["high"].isna().to_numpy(),
        "duration_figure_id": table["duration_figure_id"],
        "source_id": table["source_id"],
        "excerpt": table["excerpt"],
    }, index=table.index)
    return out.sort_values(["start", "span_id"], kind="stable")


def select_spans(span_table: pd.DataFrame, data: Dataset, *, sources: Iterable[str] | None = None,
                 one_per_occurrence: bool = False) -> pd.DataFrame:
    """Spans from the given sources; with `one_per_occurrence`, one span per kind and starting event
    (a primary document's first), as `one_per_occurrence` does for events."""
    keep = span_table if sources is None else span_table[span_table["source_id"].isin(list(sources))]
    if one_per_occurrence:
        ranked = keep.assign(
            start_occurrence=data.spans.loc[keep.index, "start_event_id"].map(data.events["occurrence_id"]),
            source_rank=keep["source_id"].map(data.sources["source_type"]).astype("str").map(_SOURCE_RANK),
        ).sort_values(["source_rank", "span_id"], kind="stable")
        keep = ranked.drop_duplicates(["kind", "start_occurrence"]).drop(columns=["start_occurrence", "source_rank"])
    return keep.sort_values(["start", "span_id"], kind="stable")


def _row(timeline: pd.DataFrame, event_id: str) -> pd.Series:
    if event_id not in timeline.index:
        raise KeyError(f"unknown event id {event_id!r}; the timeline has {len(timeline)} events "
                       f"(e.g. {', '.join(list(timeline.index[:5]))})")
    return timeline.loc[event_id]


def timeline_table(timeline: pd.DataFrame, days: pd.Series | None = None, phases: pd.Series | None = None
                   ) -> pd.DataFrame:
    """The timeline as a reader sees it: the date at its precision, day and phase if given, who said it.

    A report date reads "reported 11 December 2020" and an undated one "reported by 12 December 2020".
    """
    words = dates.format_dates(timeline["start"], timeline["date_precision"])
    # An event over several days (GED's 28-30 September) reads as its range, as `cite` and the charts say it.
    ends = dates.format_dates(timeline["end"], timeline["date_precision"])
    words = (words + " to " + ends).where((ends != "") & (ends != words), words)
    qualifier = timeline["date_qualifier"].astype("str")
    reported = timeline["date_refers_to"] == "report"
    prefix = qualifier.where(qualifier.isin(BOUND_QUALIFIERS), "")
    prefix = prefix.mask(reported, ("reported " + prefix).str.strip())
    prefix = prefix.mask(timeline["date_refers_to"] == "plan", "planned for")
    time = (" " + timeline["start_time"] + " " + timeline["time_zone"]).fillna("")
    table = pd.DataFrame({"date": (prefix + " " + words).str.strip() + time}, index=timeline.index)
    if days is not None:
        table["day"] = day_words(timeline, days.reindex(timeline.index))
    if phases is not None:
        table["phase"] = phases.reindex(timeline.index)
    return table.assign(
        kind=timeline["kind"].astype("str"),
        event=timeline["title"],
        claimant=timeline["claimant"],
        source=timeline["publisher"],
        event_id=timeline["event_id"],
    )
