"""Event data held against the record: imported event data sets (UCDP GED, ACLED) by week and by side, and each
curated claim beside the event data's total for the same side, population and window.

Event data (rows of a source of type `dataset`, see `analysis.importers`) count one event each; a claim ("2,425
soldiers killed") counts many. So event data are compared in aggregate, never figure by figure: the events of a
window are summed, with the bounds their dates allow:

- best and low: the best and low estimates of the events that lie wholly inside the window;
- high: the high estimates of every event that may fall in it (an event dated only to its month counts towards
  every week of that month); open where one of them states no high (a part of a GED total, an ACLED count).

    >>> weekly = deaths_per_week(data, "2020-09-27", "2020-11-10")          # doctest: +SKIP
    >>> compare_claims(data, "2020-09-27", "2020-11-10")[["claim", "event data", "verdict"]]  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import numpy as np
import pandas as pd

from analysis import dates, markup, quantities, statistics
from analysis.checks import BOUNDS_ALLOW_BOTH, CONSISTENT, CONTRADICTS, DIFFER_SCOPE, NOT_CHECKABLE
from analysis.citations import BELLIGERENT_SIDES
from analysis.importers import count_name
from analysis.loading import Dataset, lookup
from analysis.quantities import range_contains, ranges_overlap

# Whose deaths an event-data figure counts, from its population: "all" is the event's total.
PARTS = {"all": "every side, civilians included", "military": "one side's fighters", "civilian": "civilians",
         "": "deaths of unknown status"}
BELLIGERENTS_OR_ANY = ("both", "unspecified")  # sides that do not name one party
ALL_SIDES = "all"  # the side of `totals_by_side`'s row of every event's total
EVENT_FIGURE_COLUMNS = ["figure_id", "event_id", "source_id", "side", "population", "counted", "best", "low", "high",
                        "earliest", "latest"]


def is_event_data(frame: pd.DataFrame, data: Dataset) -> pd.Series:
    """Whether each row (event or figure) comes from an imported event data set."""
    return pd.Series(lookup(frame["source_id"], data.sources["source_type"].astype("str")) == "dataset",
                     index=frame.index, dtype=bool)


def data_set_of(sources: pd.DataFrame) -> pd.Series:
    """Each event data source's data set, named by its newest export's source id: a newer ACLED export imported
    over an older one is a source of its own (the events it kept cite the older file) but the same data set, so
    its events are summed together, never as two data sets."""
    imported = sources[sources["source_type"] == "dataset"]
    family = imported["publisher"].astype(str) + "\u0001" + imported["title"].astype(str)
    newest = pd.Series(imported.index, index=imported.index).groupby(family.to_numpy()).transform("last")
    return newest.astype(object)


def event_figures(data: Dataset, sources: list[str] | None = None) -> pd.DataFrame:
    """Every death count of the event data, one row per figure, with the days its event's date allows.

    Columns: figure_id, event_id, source_id, side, population ("" where not stated), counted (the party or group
    counted), best, low, high (NaN: not stated), earliest, latest. Pass it as `rows` to the functions below to
    compute it once.
    """
    # Masks as arrays: a boolean Series on an index of a million string ids makes pandas hash that index first.
    figures = data.figures[(is_event_data(data.figures, data) & (data.figures["quantity"] == "deaths")).to_numpy()]
    if sources is not None:
        figures = figures[figures["source_id"].isin(sources)]
    if figures.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EVENT_FIGURE_COLUMNS[:6]}
                            | {c: pd.Series(dtype=float) for c in ("best", "low", "high")}
                            | {c: pd.Series(dtype="datetime64[ns]") for c in ("earliest", "latest")})
    # Dates and actors per event (fewer than figures), then given to each of its figures.
    events = data.events.loc[pd.unique(figures["event_id"])]
    start = dates.precision_bounds(events["start_date"], events["date_precision"])
    ranged = events["end_date"].notna()
    end = dates.precision_bounds(events.loc[ranged, "end_date"], events.loc[ranged, "date_precision"])
    latest = start["latest"].copy()
    latest[ranged] = end["latest"]
    population = figures["population"].astype("object").fillna("")
    fighters = population == "military"
    # A side's count names its party: GED's side A is the event's first actor, side B its second.
    actors = events.loc[pd.unique(figures.loc[fighters, "event_id"]), "actor_ids"].fillna("")
    first = second = pd.Series(dtype=object)
    if len(actors):
        first, rest = actors.str.partition("|")[0], actors.str.partition("|")[2]
        second = rest.str.partition("|")[0]
    is_b = figures["figure_id"].str.endswith(".deaths-b")
    party = figures["event_id"].map(first).where(~is_b, figures["event_id"].map(second))
    party = party.map(data.actors["name"]).where(fighters)
    counted = population.map(PARTS).where(~fighters, party.fillna("one side's fighters"))
    return pd.DataFrame({
        "figure_id": figures["figure_id"].to_numpy(), "event_id": figures["event_id"].to_numpy(),
        "source_id": figures["source_id"].map(data_set_of(data.sources)).to_numpy(),  # the data set's newest export
        "side": figures["side"].astype(str).to_numpy(),
        "population": population.to_numpy(), "counted": counted.to_numpy(),
        "best": figures["value"].to_numpy(dtype=float, na_value=np.nan),
        "low": figures["low"].to_numpy(dtype=float, na_value=np.nan),
        "high": figures["high"].to_numpy(dtype=float, na_value=np.nan),
        "earliest": figures["event_id"].map(start["earliest"]).to_numpy(),
        "latest": figures["event_id"].map(latest).to_numpy(),
    })


def _window(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A window's first and last day, an open end (None, NaT) as far as timestamps go."""
    return (pd.Timestamp.min if start is None or pd.isna(start) else pd.Timestamp(start),
            pd.Timestamp.max if end is None or pd.isna(end) else pd.Timestamp(end))


def window_totals(rows: pd.DataFrame, start, end, by: list[str]) -> pd.DataFrame:
    """events, events_maybe, best, low and high of `rows` (from `event_figures`) per group of `by`, for one
    window (None: an open end); a low or high that some counted figure does not state is NaN (open)."""
    start, end = _window(start, end)
    inside = (rows["earliest"] >= start) & (rows["latest"] <= end)
    maybe = (rows["latest"] >= start) & (rows["earliest"] <= end)
    flagged = rows[by].assign(
        in_event=rows["event_id"].where(inside), maybe_event=rows["event_id"].where(maybe & ~inside),
        best=rows["best"].where(inside, 0.0), low=rows["low"].where(inside, 0.0),
        low_open=inside & rows["low"].isna(), high=rows["high"].where(maybe, 0.0),
        high_open=maybe & rows["high"].isna())
    out = flagged.groupby(by, sort=True, dropna=False).agg(
        events=("in_event", "nunique"), events_maybe=("maybe_event", "nunique"), best=("best", "sum"),
        low=("low", "sum"), low_open=("low_open", "any"), high=("high", "sum"), high_open=("high_open", "any"))
    out["low"] = out["low"].mask(out["low_open"])
    out["high"] = out["high"].mask(out["high_open"])
    return out.drop(columns=["low_open", "high_open"])


def window_sums(rows: pd.DataFrame, start, end) -> dict:
    """`window_totals` of all `rows` together, as a dict."""
    totals = window_totals(rows.assign(_all=0), start, end, ["_all"])
    if totals.empty:
        return {"events": 0, "events_maybe": 0, "best": 0.0, "low": 0.0, "high": 0.0}
    found = totals.iloc[0]
    return {"events": int(found["events"]), "events_maybe": int(found["events_maybe"]),
            "best": float(found["best"]), "low": float(found["low"]), "high": float(found["high"])}


def deaths_per_week(data: Dataset, date_from=None, date_to=None, sources: list[str] | None = None,
                    rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Deaths per Monday-to-Sunday week of the window, per event data set: best, low and high (see the module).

    An event of the window dated within a single week counts in it; one dated more loosely (a month, a span of
    days across a Sunday) is on no week's best or low: it counts only towards the high of each week it may fall
    in, `events_maybe` says how many such events there are, and `best_maybe` sums their best estimates, each whole
    in every such week (so `best_maybe` never adds up over weeks: `left_off_the_line` gives their total).
    """
    totals = event_figures(data, sources) if rows is None else rows
    totals = totals[totals["population"] == "all"]
    columns = ["source_id", "week", "events", "events_maybe", "best", "low", "high", "best_maybe"]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    start, end = _window(date_from, date_to)
    totals = totals[(totals["latest"] >= start) & (totals["earliest"] <= end)]  # may fall in the window
    first = _monday(totals["earliest"].min() if date_from is None else pd.Timestamp(date_from))
    last = _monday(totals["latest"].max() if date_to is None else pd.Timestamp(date_to))
    weeks = pd.date_range(first, last, freq="7D")
    week_of = {"start": _monday(totals["earliest"]), "end": _monday(totals["latest"])}
    # On a week's line: dated within that one week, and wholly inside the window (as every sum of the report).
    one_week = (week_of["start"] == week_of["end"]) & (totals["earliest"] >= start) & (totals["latest"] <= end)
    inside = totals[one_week].assign(week=week_of["start"][one_week])
    sums = inside.groupby(["source_id", "week"]).agg(
        events=("event_id", "nunique"), best=("best", "sum"), low=("low", "sum"),
        low_missing=("low", lambda v: v.isna().any()))
    # Every week an event may fall in: its weeks, from the first to the last (an exploded range, no loop).
    spans = ((week_of["end"] - week_of["start"]).dt.days // 7 + 1).astype(int)
    loose = np.repeat((~one_week).to_numpy(), spans)
    maybe = totals.loc[totals.index.repeat(spans)].assign(
        week=np.repeat(week_of["start"].to_numpy(), spans) + pd.to_timedelta(
            7 * _counts_within(spans.to_numpy()), unit="D"), loose=loose)
    maybe = maybe.assign(best_maybe=maybe["best"].where(loose, 0.0))
    highs = maybe.groupby(["source_id", "week"]).agg(
        high=("high", "sum"), high_missing=("high", lambda v: v.isna().any()),
        events_maybe=("loose", "sum"), best_maybe=("best_maybe", "sum"))
    grid = pd.MultiIndex.from_product([sorted(totals["source_id"].unique()), weeks], names=["source_id", "week"])
    table = sums.reindex(grid).join(highs.reindex(grid))
    table["events"] = table["events"].fillna(0).astype(int)
    table["events_maybe"] = table["events_maybe"].fillna(0).astype(int)
    table["best"] = table["best"].fillna(0.0)
    table["best_maybe"] = table["best_maybe"].fillna(0.0)
    table["low"] = table["low"].fillna(0.0).mask(table["low_missing"].fillna(False).astype(bool))
    table["high"] = table["high"].fillna(0.0).mask(table["high_missing"].fillna(False).astype(bool))
    return table.reset_index()[columns]


def left_off_the_line(data: Dataset, date_from=None, date_to=None, sources: list[str] | None = None,
                      rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """What `deaths_per_week`'s line leaves out, per event data set: `best` the best estimate of every event wholly
    inside the window (as `totals_by_side`), `best_left_off` and `events_left_off` the part of it in events dated
    more loosely than one week, which no week's line holds; `events_maybe` the events that may, but need not, fall
    in the window (in no total, only in the highs)."""
    totals = event_figures(data, sources) if rows is None else rows
    totals = totals[totals["population"] == "all"]
    columns = ["source_id", "best", "events", "best_left_off", "events_left_off", "events_maybe"]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    loose = (_monday(totals["earliest"]) != _monday(totals["latest"])).to_numpy()
    every = window_totals(totals, date_from, date_to, ["source_id"])
    off = window_totals(totals[loose], date_from, date_to, ["source_id"]).reindex(every.index)
    return pd.DataFrame({"best": every["best"], "events": every["events"], "best_left_off": off["best"].fillna(0.0),
                         "events_left_off": off["events"].fillna(0).astype(int),
                         "events_maybe": every["events_maybe"]}).reset_index()[columns]


def left_off_words(left_off: pd.DataFrame, sources: pd.DataFrame, hatched: Collection[str] = ()) -> list[str]:
    """One sentence per event data set of `left_off_the_line` whose weekly line leaves deaths out, with the
    number ("... 190 of the 1,224 deaths in the window (16%, best estimates) are in 2 events dated more loosely
    than one week ..."), and one for the events that may fall in the window; none where nothing is left out.
    `hatched`: the data sets whose band is the hatched one of `charts.weekly_deaths_chart` (no high stated)."""
    said = []
    for row in left_off.itertuples(index=False):  # one per data set: a handful
        publisher = str(sources.loc[row.source_id, "publisher"])
        band = ("the hatched band adds each whole to" if row.source_id in hatched
                else "the band's high counts each whole in")
        if row.best_left_off > 0:
            events = f"{row.events_left_off:,} event" + ("" if row.events_left_off == 1 else "s")
            said.append(f"{publisher}: {row.best_left_off:,.0f} of the {row.best:,.0f} deaths in the window "
                        f"({row.best_left_off / row.best:.0%}, {count_name(publisher)}s) are in {events} dated more "
                        "loosely than one week (a span of days across a Sunday, a month, a year): on no week's line; "
                        f"{band} every week it may fall in.")
        if row.events_maybe > 0:
            one = row.events_maybe == 1
            said.append(f"{publisher}: {row.events_maybe:,} more event{'' if one else 's'} may fall in the window, "
                        f"but need not: {'it is' if one else 'they are'} in no total; {band} every week it may "
                        "fall in.")
    return said


def totals_by_side(data: Dataset, date_from=None, date_to=None, sources: list[str] | None = None,
                   rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The event data's deaths in the window by whom they count (every death, side "all"; each side's party,
    civilians, unknown), with the range their dates and stated bounds allow (see the module; a part of a GED total
    states no bounds)."""
    rows = event_figures(data, sources) if rows is None else rows
    columns = ["source_id", "side", "population", "counted", "events", "events_maybe", "best", "low", "high"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    # Every event's total is one row, side "all", whatever side its figure names (GED's dyadic events say "both",
    # its one-sided violence and ACLED "unspecified"): the total the claims of every death are held against.
    rows = rows.assign(side=rows["side"].where(rows["population"] != "all", ALL_SIDES))
    table = window_totals(rows, date_from, date_to, ["source_id", "side", "population", "counted"]).reset_index()
    order = table["population"].map({"all": 0, "military": 1, "civilian": 2, "": 3})
    return table.assign(_o=order).sort_values(["source_id", "_o", "side", "counted"]).drop(columns="_o")[
        columns].reset_index(drop=True)


def compare_claims(data: Dataset, date_from=None, date_to=None, quantity: str = "deaths",
                   table: pd.DataFrame | None = None, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each curated claim of `quantity` beside each event data set's total for the same side, population and window.

    The window runs from `date_from` to the claim's as-of date (or `date_to`, whichever is earlier): a count made on
    17 November is held against the events up to 17 November. Which event data count what the claim counts:
    a total of every side ("both", population all or unstated) against the events' totals; soldiers of one side
    against the deaths of the parties on that side; soldiers of both sides against every party's; civilians of
    both or unstated sides against the civilians. Event data do not say whose civilians they count, so a claim
    about one side's civilians, a claim that counts one incident (an ambush's dead, `statistics.incidents`), and
    anything else, is "not checkable".

    Verdicts follow `checks.totals_against_claims`'s rule: the claim's words allow every value the event data
    allow (consistent); the event data count fewer (differ by scope: an event data set counts only the deaths its
    sources tie to an event); the ranges overlap (bounds allow both); the event data count more (contradicts).
    `table` is `statistics.figures_with_bounds(data)` where the caller has it.
    """
    if table is None:  # the claims' table only: event data figures are many and summed below instead
        table = statistics.figures_with_bounds(dataclasses.replace(data, figures=claims_only(data.figures, data)))
    claims = table[(~is_event_data(table, data) & (table["quantity"] == quantity)).to_numpy()]  # as in event_figures
    rows = event_figures(data) if rows is None else rows
    columns = ["figure_id", "claim", "claimant", "side", "population", "as_of", "source_id", "event data",
               "window", "events", "events_maybe", "best", "low", "high", "event data words", "verdict", "why"]
    found = []
    for source_id, per_source in rows.groupby("source_id"):  # one event data set at a time (a handful)
        title = str(data.sources.loc[source_id, "title"])
        count = count_name(data.sources.loc[source_id, "publisher"])
        for figure_id, claim in claims.iterrows():  # the curated claims, tens: never the event rows
            found.append(_compare_one(figure_id, claim, per_source, source_id, title, date_from, date_to, count))
    if not found:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(found)[columns].reset_index(drop=True)


def _counterpart(claim: pd.Series, rows: pd.DataFrame) -> tuple[pd.DataFrame | None, str]:
    side, population = str(claim["side"]), claim["population"]
    population = "all" if pd.isna(population) else str(population)
    any_side = side in BELLIGERENTS_OR_ANY
    if population == "all":
        if any_side:
            return rows[rows["population"] == "all"], "every death in the events"
        return None, "the event data do not tie every death to one side (only the parties' own fighters)"
    if population == "military":
        fighters = rows[rows["population"] == "military"]
        whose = BELLIGERENT_SIDES.get(side, f"on the {side} side")
        if any_side:
            return fighters, "the fighters of every party"
        mine = fighters[fighters["side"] == side]
        if mine.empty and len(fighters):  # the data count fighters, but no party was put on this side
            return None, (f"no party of the event data is {whose}: an actor the import left 'unspecified' can be "
                          "put there with `import --side NAME=SIDE`")
        return mine, f"the fighters of the parties {whose}"
    if population == "civilian":
        if any_side:
            return rows[rows["population"] == "civilian"], "the civilians killed"
        return None, "the event data do not say whose civilians were killed"
    return None, f"the event data count no {population.replace('_', ' ')} apart"


def _compare_one(figure_id, claim, rows, source_id, title, date_from, date_to, count="best estimate") -> dict:
    end = pd.Timestamp(date_to) if date_to is not None else pd.NaT
    if pd.notna(claim["as_of"]) and (pd.isna(end) or claim["as_of"] < end):
        end = claim["as_of"]
    start = pd.Timestamp(date_from) if date_from is not None else pd.NaT
    window = _window_words(start, end)
    counterpart, what = _counterpart(claim, rows)
    if counterpart is not None and counterpart.empty:  # in no window: the data set never counts them apart
        counted = "; ".join(PARTS[p] for p in sorted(set(rows["population"])) if p in PARTS)
        counterpart, what = None, (f"the event data do not count {what} apart (their counts: {counted})" if counted
                                   else "the event data count no deaths")
    if pd.notna(claim.get("incident")):  # one incident's dead are no war-wide toll (`statistics.incidents`)
        counterpart, what = None, (f"the claim counts one incident ({claim['incident']}); the event data are summed "
                                   "over a window, never matched to one incident")
    out = {"figure_id": figure_id, "claim": claim["words"], "claimant": claim["claimant"], "side": claim["side"],
           "population": claim["population"], "as_of": claim["as_of"], "source_id": source_id,
           "event data": title, "window": window}
    if counterpart is None or (pd.notna(start) and pd.notna(end) and end < start):
        why = what if counterpart is None else "the claim's as-of date is before the window"
        return {**out, "events": 0, "events_maybe": 0, "best": np.nan, "low": np.nan, "high": np.nan,
                "event data words": "", "verdict": NOT_CHECKABLE, "why": why}
    sums = window_sums(counterpart, start, end)
    if sums["events"] + sums["events_maybe"] == 0:  # said as such, not as "an estimated zero (low zero, ...)"
        return {**out, **sums, "event data words": "no event in the window", "verdict": NOT_CHECKABLE,
                "why": f"no event in the window counts {what}"}
    # A count the event data give without bounds (GED's deaths of side A or B, say) is their best estimate and
    # nothing wider: open bounds would let any claim overlap it ("bounds allow both" for 2,425 against 30).
    best_only = pd.isna(sums["low"]) or pd.isna(sums["high"])
    held = counterpart.assign(low=counterpart["low"].fillna(counterpart["best"]),
                              high=counterpart["high"].fillna(counterpart["best"])) if best_only else counterpart
    judged = window_sums(held, start, end) if best_only else sums
    words = _words(sums)
    verdict = _verdict(claim, judged)
    why = what + (f"; the event data give this count without bounds, so their {count} stands for them"
                  if best_only else "")
    if pd.isna(claim["as_of"]) and verdict in (CONTRADICTS, DIFFER_SCOPE):
        verdict, why = _undated_verdict(claim, held, verdict, why)
    return {**out, **sums, "event data words": words, "verdict": verdict, "why": why}


def _undated_verdict(claim: pd.Series, held: pd.DataFrame, verdict: str, why: str) -> tuple[str, str]:
    """An undated claim's window is unknown, so only what holds for every window stands: the event data of all
    dates counting fewer than the claim (no shorter window counts more). Counting more depends on the window."""
    anywhen = window_sums(held, None, None)  # every event of the data set, whatever its date
    if verdict == DIFFER_SCOPE and _verdict(claim, anywhen) == DIFFER_SCOPE:
        return verdict, (f"{why}; the claim is undated, but whatever its window, the event data count at most "
                         f"{anywhen['high']:,.0f} (all their events, of any date)")
    return NOT_CHECKABLE, f"{why}; the claim is undated, so the window may not be its own"


def _verdict(claim: pd.Series, sums: dict) -> str:
    """`checks.totals_against_claims`'s rule, the claim in the place of the stated total."""
    def bound(value) -> float:
        return float(value) if pd.notna(value) else np.nan

    stated = pd.DataFrame({"low": [bound(claim["low"])], "high": [bound(claim["high"])],
                           "low_strict": [bool(claim["low_strict"])], "high_strict": [bool(claim["high_strict"])]})
    found = pd.DataFrame({"low": [bound(sums["low"])], "high": [bound(sums["high"])], "low_strict": [False],
                          "high_strict": [False]})
    below = pd.notna(found["high"].iat[0]) and pd.notna(stated["low"].iat[0]) and (
        found["high"].iat[0] < stated["low"].iat[0]
        or (found["high"].iat[0] == stated["low"].iat[0] and stated["low_strict"].iat[0]))
    if range_contains(stated, found).iat[0]:
        return CONSISTENT
    if below:
        return DIFFER_SCOPE
    if ranges_overlap(stated, found).iat[0]:
        return BOUNDS_ALLOW_BOTH
    return CONTRADICTS


def _words(sums: dict) -> str:
    low = None if pd.isna(sums["low"]) else sums["low"]
    high = None if pd.isna(sums["high"]) else sums["high"]
    low = None if low is not None and low > sums["best"] else low
    high = None if high is not None and high < sums["best"] else high
    amount = quantities.describe(sums["best"], "estimate", low=low, high=high)
    maybe = f" and {sums['events_maybe']:,} more that may fall in it" if sums["events_maybe"] else ""
    return f"{amount} in {sums['events']:,} events{maybe}"


def _window_words(start, end) -> str:
    """"from 27 September 2020 to 10 November 2020", "up to 12 December 2020", "(all of them)"."""
    day = {name: None if pd.isna(v) else dates.format_date(v, "day") for name, v in (("start", start), ("end", end))}
    if day["start"] and day["end"]:
        return f"from {day['start']} to {day['end']}"
    if day["end"]:
        return f"up to {day['end']}"
    return f"from {day['start']}" if day["start"] else "(all of them)"


def _monday(values):
    if isinstance(values, pd.Series):
        return values.dt.normalize() - pd.to_timedelta(values.dt.day_of_week, unit="D")
    return pd.Timestamp(values).normalize() - pd.Timedelta(days=pd.Timestamp(values).day_of_week)


def _counts_within(spans: np.ndarray) -> np.ndarray:
    """0, 1, ..., n-1 for each n in `spans`, concatenated: the position of each exploded row in its group."""
    ends = np.cumsum(spans)
    return np.arange(ends[-1]) - np.repeat(ends - spans, spans) if len(spans) else np.zeros(0, dtype=int)


# ---------------------------------------------------------------------------------------------- checks


CHECK = "event data"


def check_claims(data: Dataset, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """`compare_claims` as rows of `checks.run_checks`: every claim of deaths held against each event data set up
    to the claim's as-of date (the imported events define the window's start)."""
    from analysis.checks import COLUMNS  # the table's columns, as every check gives them

    compared = compare_claims(data, table=table)
    if compared.empty:
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame({
        "check": CHECK,
        "subject": compared["figure_id"],
        "stated": compared["claim"] + " (" + compared["figure_id"] + ", " + compared["claimant"] + ")",
        "derived": compared["event data words"].where(compared["event data words"] != "", "(no counterpart)"),
        "verdict": compared["verdict"],
        "sources": data.figures.loc[compared["figure_id"], "source_id"].to_numpy() + " vs " + compared["source_id"],
        "detail": compared["why"] + "; the events " + compared["window"],
    }, columns=COLUMNS)


def claims_only(figures: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """The figures that are claims, not single events of an event data set (which `check_claims` sums instead)."""
    single = is_event_data(figures, data)
    return figures[~single.to_numpy()] if single.any() else figures  # no copy where there is nothing to leave out



# ---------------------------------------------------------------------------------------------- words


def introduction(data: Dataset, date_from=None, date_to=None) -> str:
    """Markdown naming each event data set in `data` (title, access date, checksum) with its events in the window,
    or saying plainly that no event data was given."""
    imported = data.sources[data.sources["source_type"] == "dataset"]
    if imported.empty:
        return ("**No event data given.** Import a UCDP GED or ACLED export (`python -m analysis import ged FILE "
                "--out DIR`) and run this report with `-p event_data=DIR`; until then its charts and tables are "
                "empty, and `make report` skips it.")
    window = _window_words(pd.Timestamp(date_from) if date_from else pd.NaT,
                           pd.Timestamp(date_to) if date_to else pd.NaT)
    events = data.events[is_event_data(data.events, data)]
    data_set = data_set_of(data.sources)
    lines = []
    for newest, exports in imported.groupby(data_set.reindex(imported.index).to_numpy(), sort=False):
        source = exports.loc[newest]  # one line per data set, its exports named
        accessed = ("accessed " + dates.format_date(source["date_accessed"], "day")
                    if pd.notna(source["date_accessed"]) else "access date not recorded")
        count = int(events["source_id"].isin(exports.index).sum())
        files = "; ".join(f"file {markup.escape_markdown(e['archive_path'])}, sha256 `{e['archive_sha256'][:16]}…`"
                          for _, e in exports.iterrows())
        older = f" ({len(exports)} exports, the newest last; events it did not change cite the older)" \
            if len(exports) > 1 else ""
        lines.append(f"- **{markup.escape_markdown(source['title'])}** ({markup.escape_markdown(source['publisher'])}, "
                     f"{accessed}; {files}){older}: "
                     f"{count:,} events.")
    return f"Event data, held against the curated claims for the events {window}:\n\n" + "\n".join(lines)


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """A table of this module as a reader sees it: counts as whole numbers, a bound or population not stated in
    words, an undated claim as undated (the CSV keeps the numbers)."""
    out = table.copy()
    for column in ("best", "low", "high"):
        if column in out:
            out[column] = out[column].round().astype("Int64").astype("object").where(out[column].notna(),
                                                                                     "not stated")
    if "as_of" in out:
        out["as_of"] = pd.to_datetime(out["as_of"]).dt.strftime("%Y-%m-%d").fillna("undated")
    if "population" in out:  # a claim that names no population ("more than 5,600 dead")
        out["population"] = out["population"].astype("object").where(out["population"].notna(), "not stated")
    return out


# Whose deaths a row of `totals_by_side` counts, in words, by population ("military": the party's fighters).
WHOSE = {"all": "every death in the events (every side, civilians included)", "civilian": "civilians",
         "": "deaths of unknown status"}


def by_side_for_reading(table: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """`totals_by_side` as a reader reads it: the data set by its title, whose deaths and which side in words, the
    counts under plain headers (the estimate named as its publisher names it: UCDP's best, ACLED's conservative)."""
    from analysis.charts import side_words  # the charts' words for a side (charts, and matplotlib, loaded here only)

    publishers = table["source_id"].map(sources["publisher"])
    names = sorted({count_name(p) for p in publishers.dropna()})
    estimate = names[0] if len(names) == 1 else "estimate (" + "; ".join(names) + ")" if names else "estimate"
    population = table["population"].astype(str)
    whose = population.map(WHOSE).where(population != "military", "fighters of " + table["counted"].astype(str))
    side = table["side"].astype(str)
    out = pd.DataFrame({
        "event data": table["source_id"].map(sources["title"]),
        "whose deaths": whose,
        "side": side.map(side_words).where(side != ALL_SIDES, "every side"),
        "events in the window": table["events"],
        "more events that may fall in it (high only)": table["events_maybe"],
        estimate: table["best"], "low": table["low"], "high": table["high"]})
    return shown(out.rename(columns={estimate: "best"})).rename(columns={"best": estimate})


# The claims table's columns under the headers a reader reads.
CLAIM_HEADERS = {"figure_id": "claim id", "claim": "claim", "claimant": "claimant", "side": "side",
                 "population": "population", "as_of": "as of", "event data": "event data", "window": "window",
                 "event data words": "the event data count", "verdict": "verdict", "why": "why"}


def claims_for_reading(compared: pd.DataFrame) -> pd.DataFrame:
    """`compare_claims` as a reader reads it: the columns of `CLAIM_HEADERS` under their plain headers, a side in
    words, an undated claim as undated."""
    from analysis.charts import POPULATION_WORDS, side_words

    out = shown(compared)[list(CLAIM_HEADERS)]
    out["side"] = out["side"].astype(str).map(side_words)
    population = out["population"].astype(str)
    out["population"] = population.map(POPULATION_WORDS).fillna(population.str.replace("_", " "))
    out["event data words"] = out["event data words"].where(out["event data words"] != "")  # none: a dash
    return out.rename(columns=CLAIM_HEADERS)
