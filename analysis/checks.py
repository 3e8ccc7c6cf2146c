"""Consistency checks: every stated fact that can also be derived from other data, against its derivation.

One table comes out: check, subject, stated, derived, verdict, sources, detail. Contradictions are reported,
never fixed. `python -m analysis check` prints the table and exits 1 when anything contradicts.

Verdicts (`VERDICTS`), from agreement to conflict:
- consistent: the stated fact and its derivation agree exactly;
- within the stated precision: they agree at the precision of the words ("six weeks" for 44 days; a
  month-precision date containing the day another account gives; a round "2,000" for 1,960);
- bounds allow both: two claims differ, but the ranges their words allow overlap;
- differ by as-of date: two counts differ and were made on different dates, or one is undated (counts grow);
- differ by scope: the derivation counts something else, so it bounds the claim only one way;
- not checkable: a needed fact is missing (say, a publication date that was not captured);
- contradicts: no reading of the words lets both be true.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import dates, loading, statistics, timeline
from analysis.dates import CONSISTENT, CONTRADICTS, WITHIN_PRECISION
from analysis.loading import Dataset, split_ids
from analysis.quantities import range_contains, ranges_overlap

BOUNDS_ALLOW_BOTH = "bounds allow both"
DIFFER_AS_OF = "differ by as-of date"
DIFFER_SCOPE = "differ by scope"
NOT_CHECKABLE = "not checkable"
VERDICTS = [CONSISTENT, WITHIN_PRECISION, BOUNDS_ALLOW_BOTH, DIFFER_AS_OF, DIFFER_SCOPE, NOT_CHECKABLE, CONTRADICTS]
COLUMNS = ["check", "subject", "stated", "derived", "verdict", "sources", "detail"]


def run_checks(data: Dataset) -> pd.DataFrame:
    """Every check on one data set, as one table in a stable order."""
    from analysis import event_data  # here: it builds on this module's verdicts

    tl = timeline.build_timeline(data)
    figures = statistics.figures_with_bounds(data)
    claims = event_data.claims_only(figures, data)  # an event data set's events are summed, not compared one by one
    parts = [
        resolved_dates(tl, data.sources),
        derived_dates(tl, data.figures),
        durations(tl, data, figures),
        accounts_agree(tl),
        first_since(tl),
        stated_totals(claims),
        figures_agree(claims, data),
        totals_against_claims(claims),
        event_data.check_claims(data, figures),
    ]
    found = [p for p in parts if len(p)]
    table = pd.concat(found, ignore_index=True) if found else _frame()
    table["verdict"] = pd.Categorical(table["verdict"], categories=VERDICTS)
    return table[COLUMNS]


def contradictions(checks: pd.DataFrame) -> pd.DataFrame:
    return checks[checks["verdict"] == CONTRADICTS]


def _frame(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns, columns=COLUMNS).astype({c: "str" for c in COLUMNS if c != "verdict"})


def _interval_verdict(recorded_earliest, recorded_latest, other_earliest, other_latest) -> pd.Series:
    """Equal intervals are consistent; one inside the other agree within precision; overlapping ones allow
    both readings; disjoint ones contradict."""
    equal = (recorded_earliest == other_earliest) & (recorded_latest == other_latest)
    nested = ((recorded_earliest <= other_earliest) & (other_latest <= recorded_latest)) | (
        (other_earliest <= recorded_earliest) & (recorded_latest <= other_latest))
    overlap = (recorded_earliest <= other_latest) & (other_earliest <= recorded_latest)
    return pd.Series(np.select([equal, nested, overlap], [CONSISTENT, WITHIN_PRECISION, BOUNDS_ALLOW_BOTH],
                               CONTRADICTS), index=recorded_earliest.index)


# ---------------------------------------------------------------------------------------------- dates


def resolved_dates(tl: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Dates resolved from words ("on Thursday", "last month") re-resolved against the publication date."""
    rows = tl[tl["date_basis"] == "resolved"]
    published = rows["source_id"].map(sources["date_published"])
    pairs = pd.DataFrame({"e": rows["date_expression"], "p": published}).drop_duplicates()
    resolved: dict = {}
    for expression, reference in pairs.itertuples(index=False):  # one call per distinct expression and date
        if pd.isna(reference):
            resolved[(expression, reference)] = "publication date not captured"
            continue
        try:
            resolved[(expression, reference)] = dates.resolve_expression(expression, reference)
        except ValueError:
            resolved[(expression, reference)] = "the expression is not one the resolver understands"
    intervals = [resolved[k] for k in zip(rows["date_expression"], published, strict=True)]
    found = [isinstance(i, dates.DateInterval) for i in intervals]
    earliest = pd.Series([i.earliest if ok else pd.NaT for i, ok in zip(intervals, found, strict=True)],
                         index=rows.index, dtype="datetime64[ns]")
    latest = pd.Series([i.latest if ok else pd.NaT for i, ok in zip(intervals, found, strict=True)],
                       index=rows.index, dtype="datetime64[ns]")
    verdict = _interval_verdict(rows["earliest"], rows["latest"], earliest, latest)
    verdict = verdict.where(pd.Series(found, index=rows.index), NOT_CHECKABLE)
    derived = pd.Series([str(i) for i in intervals], index=rows.index)
    return _frame(
        check="resolved date",
        subject=rows["event_id"],
        stated=("'" + rows["date_expression"] + "', recorded as "
                + dates.format_dates(rows["earliest"], rows["date_precision"])),
        derived=derived,
        verdict=verdict,
        sources=rows["source_id"],
        detail="resolved against the publication date " + published.dt.strftime("%Y-%m-%d").fillna("(none)"),
    )


def derived_dates(tl: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Dates derived from an anchor event and a duration ("44 days ... that began") re-derived by code."""
    rows = tl[tl["date_basis"] == "derived"]
    anchors = tl.reindex(rows["derived_from_event_id"])
    spans_by = figures.reindex(rows["derived_with_figure_id"])
    recomputed = dates.shift_dates(
        pd.Series(anchors["start"].to_numpy(), index=rows.index),
        pd.Series(spans_by["value"].to_numpy(), index=rows.index),
        pd.Series(spans_by["unit"].astype("str").to_numpy(), index=rows.index),
        rows["derived_direction"].astype("str"),
    )
    verdict = pd.Series(np.where(recomputed == rows["start"], CONSISTENT, CONTRADICTS), index=rows.index)
    return _frame(
        check="derived date",
        subject=rows["event_id"],
        stated=rows["start"].dt.strftime("%d %B %Y").str.lstrip("0"),
        derived=recomputed.dt.strftime("%d %B %Y").str.lstrip("0"),
        verdict=verdict,
        sources=rows["source_id"],
        detail=(spans_by["value_text"].to_numpy() + " " + rows["derived_direction"].astype("str") + " "
                + rows["derived_from_event_id"]),
    )


def accounts_agree(tl: pd.DataFrame) -> pd.DataFrame:
    """Accounts of one occurrence, each against the most precise account of it (by date window)."""
    best = timeline.one_per_occurrence(tl)
    reference_id = tl["occurrence_id"].map(best.set_index("occurrence_id")["event_id"])
    others = tl[tl["event_id"] != reference_id]
    if others.empty:
        return _frame()
    windows = timeline.account_windows(tl)
    start, end = windows["window_start"], windows["window_end"]
    ref = reference_id[others.index]
    verdict = _interval_verdict(start[others.index], end[others.index],
                                pd.Series(start[ref].to_numpy(), index=others.index),
                                pd.Series(end[ref].to_numpy(), index=others.index))
    # Differently worded bounds ("by 15 November" and "before 15 November") differ, yet both can hold.
    same_words = (others["date_qualifier"].astype("str").to_numpy()
                  == tl.loc[ref, "date_qualifier"].astype("str").to_numpy())
    verdict = verdict.where(same_words | (verdict == CONTRADICTS), BOUNDS_ALLOW_BOTH)
    # Two deadlines are terms, not windows: they must name the same last day, give or take the by/before wording.
    last_day = _deadline_last_day(tl)
    other_last, ref_last = last_day[others.index], pd.Series(last_day[ref].to_numpy(), index=others.index)
    both_deadlines = other_last.notna() & ref_last.notna()
    wording_only = (others["start"].to_numpy() == tl.loc[ref, "start"].to_numpy()) & ~same_words
    deadline_verdict = pd.Series(np.select(
        [other_last == ref_last, wording_only], [CONSISTENT, BOUNDS_ALLOW_BOTH], CONTRADICTS), index=others.index)
    verdict = verdict.where(~both_deadlines, deadline_verdict)
    describe = _account_words(tl)
    return _frame(
        check="accounts agree",
        subject=others["occurrence_id"],
        stated=describe[others.index] + " (" + others["event_id"] + ")",
        derived=pd.Series(describe[ref].to_numpy(), index=others.index) + " (" + ref + ")",
        verdict=verdict,
        sources=others["source_id"] + " vs " + pd.Series(tl.loc[ref, "source_id"].to_numpy(), index=others.index),
        detail="each account's date window against the most precise account",
    )


def _deadline_last_day(tl: pd.DataFrame) -> pd.Series:
    """For a stated deadline ("by 20 November", "before 20 November"), the last day it allows; else NaT."""
    qualifier = tl["date_qualifier"].astype("str")
    deadline = qualifier.isin(["by", "before"]) & (tl["date_refers_to"] == "occurrence") & (
        tl["date_basis"] != "publication")
    last = tl["latest"].mask(qualifier == "before", tl["earliest"] - pd.Timedelta(days=1))
    return last.where(deadline)


def _account_words(tl: pd.DataFrame) -> pd.Series:
    qualifier = tl["date_qualifier"].astype("str")
    prefix = qualifier.where(qualifier != "on", "").where(tl["date_refers_to"] != "report", "reported by")
    prefix = prefix.where(~((tl["date_refers_to"] == "report") & (qualifier == "on")), "reported on")
    return (prefix + " " + dates.format_dates(tl["earliest"], tl["date_precision"])).str.strip()


def first_since(tl: pd.DataFrame) -> pd.DataFrame:
    """"The first X since Y": no event of that kind and claimant ends between Y's date and this one's start.

    One as-of merge finds, for each such event, the last event of its kind and claimant that ends before it
    begins; linear in the events, where pairing each subject with its whole group would be quadratic.
    """
    rows = tl[tl["first_since_event_id"].notna()]
    if rows.empty:
        return _frame()
    # One interval per occurrence (all its accounts), so no account of this event counts as an earlier one.
    grouped = tl.assign(group=tl["kind"].astype("str") + "|" + tl["claimant_id"].fillna("").astype("str"))
    occurrences = grouped.groupby(["group", "occurrence_id"], sort=False, observed=True).agg(
        earliest=("earliest", "min"), latest=("latest", "max"), earlier_id=("event_id", "first")).reset_index()
    ends = occurrences.sort_values(["latest", "earlier_id"], kind="stable")
    own = grouped.loc[rows.index, ["group", "occurrence_id"]].merge(occurrences, on=["group", "occurrence_id"],
                                                                     how="left")
    subjects = pd.DataFrame({"group": own["group"].to_numpy(), "earliest": own["earliest"].to_numpy(),
                             "subject": rows["event_id"].to_numpy(),
                             "since": rows["first_since_event_id"].map(tl["start"]).to_numpy()}).sort_values("earliest")
    nearest = pd.merge_asof(subjects, ends[["group", "latest", "earlier_id"]], left_on="earliest", right_on="latest",
                            by="group", allow_exact_matches=False, direction="backward").set_index("subject")
    found = nearest["earlier_id"].where(nearest["latest"] >= nearest["since"]).reindex(rows["event_id"])
    found = pd.Series(found.to_numpy(), index=rows.index)
    return _frame(
        check="first since",
        subject=rows["event_id"],
        stated="first " + rows["kind"].astype("str") + " reported by " + rows["claimant"] + " since "
        + rows["first_since_event_id"],
        derived=found.fillna("no earlier one in the data").where(found.isna(), "earlier: " + found),
        verdict=pd.Series(np.where(found.isna(), CONSISTENT, CONTRADICTS), index=rows.index),
        sources=rows["source_id"],
        detail="the last event of the same kind and claimant before this one, if it ends after the anchor's date",
    )


def durations(tl: pd.DataFrame, data: Dataset, figures: pd.DataFrame) -> pd.DataFrame:
    """Each stated duration against the span it measures: the span's own duration figure, and any duration
    attached to an account of the span's starting event. Only spans that end at an event are used: a span
    whose end is computed from the duration would prove nothing."""
    span_table = timeline.spans(data, tl)
    span_table = span_table[span_table["end_basis"] == "event"]
    stated = figures[(figures["quantity"] == "duration") & figures["event_id"].notna()]
    stated = stated.assign(occurrence_id=stated["event_id"].map(tl["occurrence_id"]))
    span_table = span_table.assign(occurrence_id=data.spans.loc[span_table.index, "start_event_id"].map(
        tl["occurrence_id"]))
    by_occurrence = stated.reset_index(drop=True).merge(span_table.reset_index(drop=True), on="occurrence_id",
                                                        suffixes=("", "_span"))
    by_own_figure = stated.reset_index(drop=True).merge(
        span_table.reset_index(drop=True).drop(columns="occurrence_id"), left_on="figure_id",
        right_on="duration_figure_id", suffixes=("", "_span"))
    pairs = pd.concat([by_occurrence, by_own_figure], ignore_index=True).drop_duplicates(["figure_id", "span_id"])
    if pairs.empty:
        return _frame()
    start = dates.precision_bounds(pairs["start"], pairs["start_precision"])
    end = dates.precision_bounds(pairs["end"], pairs["end_precision"])
    unit = pairs["unit"].astype("str")
    shortest = dates.durations_in(start["latest"], end["earliest"], unit)
    longest = dates.durations_in(start["earliest"], end["latest"], unit)
    verdicts = dates.duration_verdicts(pairs[["low", "high", "low_strict", "high_strict"]].assign(unit=unit),
                                       shortest, longest)
    derived = (_amounts(shortest, longest) + " " + unit + " ("
               + dates.format_dates(pairs["start"], pairs["start_precision"]) + " to "
               + dates.format_dates(pairs["end"], pairs["end_precision"]) + ")")
    return _frame(
        check="duration",
        subject=pairs["figure_id"] + " ~ " + pairs["span_id"],
        stated=pairs["value_text"],
        derived=derived,
        verdict=verdicts,
        sources=pairs["source_id"] + " vs " + pairs["source_id_span"],
        detail="the span's dates at their precision, measured in the stated unit",
    )


def _amounts(shortest: pd.Series, longest: pd.Series) -> pd.Series:
    """"6.286" where the dates fix the duration, "20.8 to 30.9" where their precision leaves a range."""
    def shown(values: pd.Series, decimals: int) -> pd.Series:
        return values.round(decimals).astype(str).str.replace(r"\.0$", "", regex=True)

    return shown(shortest, 3).where(np.isclose(shortest, longest), shown(shortest, 1) + " to " + shown(longest, 1))


# ---------------------------------------------------------------------------------------------- figures


def _ranges(frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """The low/high/strictness columns of `frame` (named with `prefix`) as the frame the range tests take."""
    return pd.DataFrame({name: frame[prefix + name] for name in ("low", "high", "low_strict", "high_strict")})


def stated_totals(figures: pd.DataFrame) -> pd.DataFrame:
    """A figure the source calls a total of others, against the sum of those others with bounds carried."""
    totals = statistics.stated_totals(figures)
    if totals.empty:
        return _frame()
    stated, summed = _ranges(totals, "stated_"), _ranges(totals, "sum_")
    # "over 5,000" as the total of 2,425 and 2,783: the sum, 5,208, is one of the values the words allow.
    verdict = np.select([range_contains(stated, summed), ranges_overlap(stated, summed)],
                        [CONSISTENT, BOUNDS_ALLOW_BOTH], CONTRADICTS)
    return _frame(
        check="stated total",
        subject=totals["figure_id"],
        stated=totals["stated"],
        derived=totals["sum_words"] + " (" + totals["parts"].str.replace("|", " + ") + ")",
        verdict=verdict,
        sources=totals["figure_id"].map(figures["source_id"]),
        detail="the source says this figure adds up the others",
    )


def _rounding_window(figures: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Bounds widened by the rounding a round exact number implies: "2,000" reads as 1,500 to 2,500."""
    value = figures["value"].astype("Float64")
    exact = figures["qualifier"] == "exact"
    magnitude = pd.Series(1.0, index=figures.index)
    for power in (10.0, 100.0, 1000.0):  # trailing zeros: 1,960 -> 10; 2,000 -> 1,000
        magnitude = magnitude.mask((value % power == 0) & (value >= power * 1), power)
    half = (magnitude / 2).where(exact & (magnitude > 1), 0.0)
    # A stated duration is read at half its unit either way, as `dates.duration_matches` reads it.
    tolerance = figures["unit"].astype("str").map(dates.DURATION_TOLERANCE).astype("Float64")
    half = half.where(~(exact & (figures["quantity"] == "duration")), tolerance)
    return figures["low"] - half, figures["high"] + half


def comparison_groups(figures: pd.DataFrame, data: Dataset) -> pd.Series:
    """What each figure is compared with: the same quantity, side, population and unit; for a duration, the
    other stated lengths of the same kind of span from the same event ("at least five years" and "5 years",
    both the mandate from the agreement). <NA> for a duration that measures no span."""
    keys = ["quantity", "side", "population", "unit"]
    group = figures[keys[0]].astype("str")
    for key in keys[1:]:
        group = group + "/" + figures[key].astype("object").fillna("-").astype("str")
    measured = data.spans[data.spans["duration_figure_id"].notna()]
    span_of = pd.Series(
        ("duration of " + measured["kind"].astype("str") + " from "
         + measured["start_event_id"].map(data.events["occurrence_id"])).to_numpy(),
        index=measured["duration_figure_id"].to_numpy())
    span_of = span_of[~span_of.index.duplicated()]
    durations = span_of.reindex(figures.index) + "/" + figures["unit"].astype("str")
    return group.where(figures["quantity"] != "duration", durations)


def figures_agree(figures: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """Figures of one `comparison_groups` group, each against the group's reference figure: a primary
    document's if there is one, else the latest dated."""
    group = comparison_groups(figures, data)
    pool = figures[group.notna()].assign(
        source_type=lambda f: f["source_id"].map(data.sources["source_type"]).astype("str"),
        primary=lambda f: f["source_type"] == "primary_document",
        group=group.dropna(),
    )
    ranked = pool.sort_values(["primary", "as_of", "figure_id"], ascending=[False, False, True], na_position="last")
    reference = ranked.drop_duplicates("group").set_index("group")["figure_id"]
    pool = pool.assign(reference=pool["group"].map(reference))
    others = pool[pool["figure_id"] != pool["reference"]]
    if others.empty:
        return _frame()
    ref = figures.loc[others["reference"]].set_axis(others.index)
    low, high = _rounding_window(figures)
    o_low, o_high = low[others.index], high[others.index]
    r_low, r_high = low[others["reference"]].set_axis(others.index), high[others["reference"]].set_axis(others.index)
    same = ((others["low"] == ref["low"]) & (others["high"].fillna(-1) == ref["high"].fillna(-1))
            & (others["low_strict"] == ref["low_strict"]) & (others["high_strict"] == ref["high_strict"]))
    mine, theirs = _ranges(others), _ranges(ref)
    # One range inside the other: the vaguer words allow the more precise ("nearly 2,000" allows 1,960).
    nested = range_contains(mine, theirs) | range_contains(theirs, mine)
    # Literal overlap: a shared end point counts only if neither side excludes it ("more than 100" vs "100").
    overlap = ranges_overlap(mine, theirs)
    rounded_overlap = ((r_high.isna() | (o_low <= r_high)) & (o_high.isna() | (r_low <= o_high)))
    counts = others["quantity"] != "duration"  # a duration has no count date to explain a difference
    undated = counts & (others["as_of"].isna() | ref["as_of"].isna())
    # Counts grow: a difference is explained by the dates only if the later count is the higher one.
    later_is_higher = np.where(others["as_of"] > ref["as_of"], others["low"] >= ref["high"].fillna(np.inf),
                               ref["low"] >= others["high"].fillna(np.inf))
    dated_apart = counts & (others["as_of"] != ref["as_of"]) & later_is_higher
    verdict = np.select(
        [same, nested, overlap, rounded_overlap, undated, dated_apart],
        [CONSISTENT, WITHIN_PRECISION, BOUNDS_ALLOW_BOTH, WITHIN_PRECISION, NOT_CHECKABLE, DIFFER_AS_OF],
        CONTRADICTS)
    as_of_words = (others["as_of"].dt.strftime("%Y-%m-%d").fillna("undated") + " vs "
                   + ref["as_of"].dt.strftime("%Y-%m-%d").fillna("undated"))
    return _frame(
        check="figures agree",
        subject=others["group"],
        stated=others["words"] + " (" + others["figure_id"] + ", " + others["claimant"] + ")",
        derived=ref["words"] + " (" + ref["figure_id"] + ", " + ref["claimant"] + ")",
        verdict=verdict,
        sources=others["source_id"] + " vs " + ref["source_id"],
        detail="as of " + as_of_words,
    )


def totals_against_claims(figures: pd.DataFrame) -> pd.DataFrame:
    """A both-sides total against the claimants' own figures of the same quantity up to its date.

    The parts are the latest claim per side and population on or before the total's date: every population for
    a total of all people, soldiers only for a total whose population the source does not state (the narrowest
    reading). They may not be all there is, so they bound the total from below only: a total below their sum
    contradicts; a total above it differs by scope.
    """
    all_people = figures["population"].isna() | (figures["population"] == "all")
    totals = figures[(figures["side"] == "both") & all_people & figures["as_of"].notna()]
    pool = figures[(figures["side"] != "both") & (figures["population"] != "all") & figures["as_of"].notna()]
    if totals.empty or pool.empty:
        return _frame()
    # The latest part per (total, side, population), found for all totals at once by an as-of merge (ties on
    # as_of go to the last figure_id, as a sort by as_of and figure_id keeping the last would).
    keys = ["quantity", "unit"]
    pool = pool.assign(**{k: pool[k].astype("str") for k in keys}, population=pool["population"].astype("object")
                       .fillna("-").astype("str"), side=pool["side"].astype("str"))
    wanted = totals[["figure_id", "as_of", *keys]].astype({k: "str" for k in keys}).rename(
        columns={"figure_id": "total_id"}).assign(order=np.arange(len(totals)),
                                                   unstated=totals["population"].isna().to_numpy())
    wanted = wanted.merge(pool[[*keys, "side", "population"]].drop_duplicates(), on=keys)
    wanted = wanted[~wanted["unstated"] | (wanted["population"] == "military")]
    parts = pd.merge_asof(
        wanted.sort_values("as_of", kind="stable"),
        pool[[*keys, "side", "population", "as_of", "figure_id", "low", "high", "low_strict", "high_strict",
              "source_id"]].sort_values(["as_of", "figure_id"], kind="stable").rename(columns={"as_of": "part_as_of"}),
        left_on="as_of", right_on="part_as_of", by=[*keys, "side", "population"], direction="backward")
    parts = parts[parts["figure_id"].notna()]
    included = split_ids(totals.set_index("figure_id")["total_of"])
    parts = parts[~pd.MultiIndex.from_arrays([parts["total_id"], parts["figure_id"]]).isin(
        pd.MultiIndex.from_arrays([included.index, included.to_numpy()]))]
    if parts.empty:
        return _frame()
    parts = parts.sort_values(["order", "part_as_of", "figure_id"], kind="stable")
    parts = parts.assign(low_open=parts["low"].isna(), high_open=parts["high"].isna())
    summed = parts.groupby("order", sort=True).agg(
        low=("low", "sum"), high=("high", "sum"), low_open=("low_open", "any"), high_open=("high_open", "any"),
        low_strict=("low_strict", "any"), high_strict=("high_strict", "any"), ids=("figure_id", " + ".join))
    summed["low"] = summed["low"].astype(float).mask(summed["low_open"])  # an open bound in a sum leaves it open
    summed["high"] = summed["high"].astype(float).mask(summed["high_open"])
    sources = parts.drop_duplicates(["order", "source_id"]).sort_values(["order", "source_id"])
    summed["sources"] = sources.groupby("order")["source_id"].agg(", ".join)
    stated = totals.iloc[summed.index]
    unit = stated["unit"].astype("str").to_numpy()
    words = statistics.bounds_words(summed.assign(unit=unit))
    total_range = _ranges(stated).set_axis(summed.index)
    sum_range = _ranges(summed)
    # The parts may be incomplete: a sum below the total only says the total counts more than they do.
    below = (sum_range["high"].notna() & total_range["low"].notna()
             & (sum_range["high"] <= total_range["low"])).to_numpy()
    verdict = np.select(
        [range_contains(total_range, sum_range).to_numpy(), below, ranges_overlap(total_range, sum_range).to_numpy()],
        [CONSISTENT, DIFFER_SCOPE, BOUNDS_ALLOW_BOTH], CONTRADICTS)
    return _frame(
        check="total against claims",
        subject=stated["figure_id"].to_numpy(),
        stated=stated["words"].to_numpy(),
        derived=(words + " (" + summed["ids"] + ")").to_numpy(),
        verdict=verdict,
        sources=(stated["source_id"].to_numpy() + " vs " + summed["sources"]).to_numpy(),
        detail=("latest claim per side and population up to " + stated["as_of"].dt.strftime("%Y-%m-%d")).to_numpy(),
    )


def summarise(checks: pd.DataFrame) -> str:
    """A Markdown paragraph per verdict group: what agrees, what differs and why, what contradicts."""
    counts = checks["verdict"].value_counts()
    agree = int(counts.get(CONSISTENT, 0) + counts.get(WITHIN_PRECISION, 0))
    lines = [f"**{len(checks)} facts checked.** {agree} agree with their derivation or with the other sources "
             f"({int(counts.get(WITHIN_PRECISION, 0))} of them only at the precision of the words)."]
    explained = {
        BOUNDS_ALLOW_BOTH: "differ, but the ranges their words allow overlap",
        DIFFER_AS_OF: "differ, and were counted on different dates or are undated",
        DIFFER_SCOPE: "differ because they count different things",
        NOT_CHECKABLE: "cannot be checked (a needed fact, such as a publication date, is missing)",
        CONTRADICTS: "**contradict**: no reading of the words lets both be true",
    }
    for verdict, meaning in explained.items():
        rows = checks[checks["verdict"] == verdict]
        if rows.empty:
            continue
        items = "; ".join((rows["stated"] + " against " + rows["derived"]).head(8))
        more = f" (and {len(rows) - 8} more)" if len(rows) > 8 else ""
        lines.append(f"- {len(rows)} {meaning}: {items}{more}.")
    if not counts.get(CONTRADICTS, 0):
        lines.append("- Nothing contradicts.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- CLI


def render_table(checks: pd.DataFrame, width: int = 60) -> str:
    """The checks as an aligned plain-text table, long cells shortened."""
    shown = checks.astype("str").apply(lambda c: c.where(c.str.len() <= width, c.str.slice(0, width - 1) + "…"))
    return shown.to_string(index=False, justify="left")


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--data", type=Path, action="append", default=None,
                        help="data folder; repeat it to judge several together, e.g. the curated claims and "
                             "imported event data (default: the bundled data/)")
    parser.add_argument("--format", choices=["table", "csv", "markdown"], default="table")
    parser.add_argument("--only", choices=sorted({"resolved date", "derived date", "duration", "accounts agree",
                                                  "first since", "stated total", "figures agree",
                                                  "total against claims", "event data"}), action="append",
                        help="show only these checks (repeatable)")


def run_command(args: argparse.Namespace) -> int:
    data = loading.load_all_for_command(args.data or [None])
    if data is None:
        return 2
    checks = run_checks(data)
    if args.only:
        checks = checks[checks["check"].isin(args.only)]
    if args.format == "csv":
        print(checks.to_csv(index=False), end="")
    elif args.format == "markdown":
        print(_markdown(checks))
    else:
        print(render_table(checks))
    counts = checks["verdict"].value_counts().reindex(VERDICTS).dropna().astype(int)
    print("\n" + ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n))
    found = contradictions(checks)
    if len(found):
        print(f"{len(found)} contradiction(s): " + "; ".join(found["check"] + " " + found["subject"]))
        return 1
    return 0


def _markdown(checks: pd.DataFrame) -> str:
    cells = checks.astype("str").apply(lambda c: c.str.replace("|", "\\|"))
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ("| " + cells.agg(" | ".join, axis=1) + " |").tolist()
    return "\n".join(lines)

