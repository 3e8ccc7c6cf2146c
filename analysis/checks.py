"""Consistency checks: every stated fact that can also be derived from other data, against its derivation.

`run_checks` compares and keeps each comparison as ids and numbers (`Checks`); `worded` words the rows to show or
write as one table: check, subject, stated, derived, verdict, sources, detail. Contradictions are reported, never
fixed. `python -m analysis check` prints the table and exits 1 when anything contradicts (with --strict, also when
an outlier is to review).

Verdicts (`VERDICTS`), from agreement to conflict:
- consistent: the stated fact and its derivation agree exactly;
- within the stated precision: they agree at the precision of the words ("six weeks" for 44 days; a
  month-precision date containing the day another account gives; a round "2,000" for 1,960);
- bounds allow both: two claims differ, but the ranges their words allow overlap;
- differ by as-of date: two counts differ and were made on different dates, in the direction the count can
  change (a death toll only grows; troops and the missing may go either way);
- differ by scope: they count or date different things (vehicles within hardware, the signing and the entry into
  force), so one bounds the other only one way, or not at all;
- not checkable: a needed fact is missing (say, a publication date that was not captured, or the date of one of
  two counts from different sources);
- outlier to review: an undated count more than `OUTLIER_FACTOR` times the highest dated count of its subject, or
  under the lowest divided by it; not proof of an error, but not to pass unseen;
- contradicts: no reading of the words lets both be true, including ranges that only touch ("almost 3,000" and
  "more than 3,000") and figures of one document, or one claimant on one date, that disagree.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import dates, loading, moments, quantities, statistics, timeline
from analysis.dates import CONSISTENT, CONTRADICTS, WITHIN_PRECISION
from analysis.loading import Dataset, day_keys, id_ranks, lookup, positions, split_ids
from analysis.markup import escape_markdown
from analysis.quantities import range_contains, ranges_overlap
from analysis.schema import CUMULATIVE_QUANTITIES, QUANTITY_WITHIN

BOUNDS_ALLOW_BOTH = "bounds allow both"
DIFFER_AS_OF = "differ by as-of date"
DIFFER_SCOPE = "differ by scope"
NOT_CHECKABLE = "not checkable"
OUTLIER = "outlier to review"
VERDICTS = [CONSISTENT, WITHIN_PRECISION, BOUNDS_ALLOW_BOTH, DIFFER_AS_OF, DIFFER_SCOPE, NOT_CHECKABLE, OUTLIER,
            CONTRADICTS]
CHECKS = ["resolved date", "derived date", "duration", "accounts agree", "first since", "stated total",
          "figures agree", "nested scopes", "total against claims", "event data"]
COLUMNS = ["check", "subject", "stated", "derived", "verdict", "sources", "detail"]
WORDS = ["subject", "stated", "derived", "sources", "detail"]  # the columns `worded` writes from ids and numbers
# Each verdict's code (its position in VERDICTS): the checks with a row per figure or event compute verdicts as
# these small integers, not as a string per row.
CODE = {verdict: np.int8(code) for code, verdict in enumerate(VERDICTS)}
UNREAD = ["title", "excerpt", "notes", "place_ids", "actor_ids"]  # the events' columns no check reads


@dataclasses.dataclass(frozen=True, eq=False)  # frames do not compare as a bool
class Part:
    """The comparisons of one check: `rows` holds each one's verdict and the row positions, ids and numbers it is
    worded from; `word` turns some of those rows into the `WORDS` columns."""

    rows: pd.DataFrame
    word: Callable[[pd.DataFrame], pd.DataFrame]


@dataclasses.dataclass(frozen=True, eq=False)  # frames do not compare as a bool
class Checks:
    """Comparisons kept as ids and numbers. `table` has one row per comparison: its `check` and `verdict`, and
    where its ids and numbers are (`part`, an index into `parts`, and `at`, a row of that part's `rows`).
    `worded(checks, rows)` words the rows to show or write."""

    table: pd.DataFrame
    parts: tuple[Part, ...]

    def __len__(self) -> int:
        return len(self.table)


def run_checks(data: Dataset) -> Checks:
    """Every check on one data set, in a stable order, as ids and numbers: `worded` words them."""
    from analysis import event_data  # here: it builds on this module's verdicts

    figures = statistics.figures_with_bounds(data)
    claims = event_data.claims_only(figures, data)  # an event data set's events are summed, not compared one by one
    # The checks of figures first, then those of the timeline: the timeline is not yet built while the largest
    # check, figures agree, runs. The table keeps the order of CHECKS.
    by_figures = [stated_totals(claims), figures_agree(claims, data), nested_scopes(claims, data),
                  totals_against_claims(claims),
                  _found(event_data.CHECK, event_data.check_claims(data, figures)[["verdict", *WORDS]], _as_is)]
    # The timeline without the events' long texts, which no check reads (sorting the timeline would copy them).
    tl = timeline.build_timeline(dataclasses.replace(data, events=data.events.drop(columns=UNREAD)))
    by_events = [resolved_dates(tl, data.sources), derived_dates(tl, data.figures), durations(tl, data, figures),
                 accounts_agree(tl), first_since(tl)]
    return joined(by_events + by_figures)


def worded(checks: Checks, rows=None) -> pd.DataFrame:
    """The comparisons in words, one row each with `COLUMNS`, for `rows` of `checks.table` (a boolean mask,
    positions or a slice; all by default), in that order and with the table's index."""
    table = checks.table
    if rows is not None:
        table = table.iloc[rows.to_numpy(dtype=bool) if isinstance(rows, pd.Series) else rows]
    part, at = table["part"].to_numpy(), table["at"].to_numpy()
    order = np.argsort(part, kind="stable")  # each part words its own rows, then they go back in table order
    pieces = [checks.parts[p].word(checks.parts[p].rows.iloc[at[part == p]]) for p in np.unique(part)]
    words = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame({c: [] for c in WORDS})
    words = words.iloc[np.argsort(order, kind="stable")]
    return pd.DataFrame({
        "check": table["check"].astype("str").to_numpy(),
        **{c: words[c].to_numpy() for c in ["subject", "stated", "derived"]},
        "verdict": table["verdict"].array,  # a categorical of VERDICTS
        **{c: words[c].to_numpy() for c in ["sources", "detail"]},
    }, index=table.index).astype({c: "str" for c in COLUMNS if c != "verdict"})


def select(checks: Checks, rows) -> Checks:
    """The comparisons of `rows` of `checks.table` (a boolean mask), still as ids and numbers."""
    return Checks(checks.table[rows], checks.parts)


def joined(found: list[Checks]) -> Checks:
    """Several checks' comparisons as one `Checks`, in the order given."""
    tables, parts = [], []
    for one in found:
        tables.append(one.table.assign(part=(one.table["part"] + len(parts)).astype(np.int16)))
        parts.extend(one.parts)
    return Checks(pd.concat(tables, ignore_index=True), tuple(parts))


def contradictions(checks: Checks | pd.DataFrame) -> pd.DataFrame:
    """The comparisons that contradict, worded (of a `Checks`, only they are worded)."""
    if isinstance(checks, Checks):
        return worded(checks, checks.table["verdict"] == CONTRADICTS)
    return checks[checks["verdict"] == CONTRADICTS]


def _found(check: str, rows: pd.DataFrame, word: Callable[[pd.DataFrame], pd.DataFrame]) -> Checks:
    """One check's comparisons: `rows` has a `verdict` column and whatever `word` reads to word them."""
    rows = rows.reset_index(drop=True)
    verdict = rows["verdict"]  # `CODE`s, or verdicts in words from the checks that word as they compare
    rows["verdict"] = (pd.Categorical.from_codes(verdict.to_numpy(), categories=VERDICTS)
                       if pd.api.types.is_integer_dtype(verdict.dtype) else pd.Categorical(verdict, VERDICTS))
    table = pd.DataFrame({
        "check": pd.Categorical.from_codes(np.full(len(rows), CHECKS.index(check), dtype=np.int8), categories=CHECKS),
        "verdict": rows["verdict"],
        "part": np.zeros(len(rows), dtype=np.int16),
        "at": np.arange(len(rows)),
    })
    return Checks(table, (Part(rows, word),))


def _kept(check: str, **columns) -> Checks:
    """A check worded as it compares, for the checks of a few rows per thousand figures or events (or fewer), whose
    words cost little: `columns` are `COLUMNS` but `check`."""
    return _found(check, _frame(check=check, **columns)[["verdict", *WORDS]], _as_is)


def _none(check: str) -> Checks:
    """A check that found nothing to compare."""
    return _found(check, pd.DataFrame({c: pd.Series([], dtype="str") for c in ["verdict", *WORDS]}), _as_is)


def _as_is(rows: pd.DataFrame) -> pd.DataFrame:
    return rows


def _combined(*columns: np.ndarray) -> np.ndarray:
    """One code per distinct combination of integer columns, numbered in order of first appearance (as
    groupby(sort=False).ngroup() numbers groups), by hashing integers rather than grouping rows."""
    code = pd.factorize(columns[0])[0]
    for column in columns[1:]:
        other = pd.factorize(column)[0]
        code = pd.factorize(code * np.int64(other.max(initial=-1) + 1) + other)[0]
    return code


def _frame(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns, columns=COLUMNS).astype({c: "str" for c in COLUMNS if c != "verdict"})


def _interval_verdict(recorded_earliest, recorded_latest, other_earliest, other_latest) -> np.ndarray:
    """Equal intervals are consistent; one inside the other agree within precision; overlapping ones allow
    both readings; disjoint ones contradict. As `CODE`s."""
    equal = (recorded_earliest == other_earliest) & (recorded_latest == other_latest)
    nested = ((recorded_earliest <= other_earliest) & (other_latest <= recorded_latest)) | (
        (other_earliest <= recorded_earliest) & (recorded_latest <= other_latest))
    overlap = (recorded_earliest <= other_latest) & (other_earliest <= recorded_latest)
    return _select([equal, nested, overlap], [CONSISTENT, WITHIN_PRECISION, BOUNDS_ALLOW_BOTH], CONTRADICTS)


def _select(conditions: list, verdicts: list[str], otherwise: str) -> np.ndarray:
    """`np.select` of verdicts, as `CODE`s."""
    return np.select([np.asarray(c, dtype=bool) for c in conditions], [CODE[v] for v in verdicts],
                     CODE[otherwise]).astype(np.int8)


# ---------------------------------------------------------------------------------------------- dates


def resolved_dates(tl: pd.DataFrame, sources: pd.DataFrame) -> Checks:
    """Dates resolved from words ("on Thursday", "last month") re-resolved against the publication date."""
    tl = tl.reset_index(drop=True)  # by position (a search of an index of string ids builds a hash table of them)
    at = np.flatnonzero((tl["date_basis"] == "resolved").to_numpy(dtype=bool))
    rows = tl.iloc[at]
    intervals, _ = _resolved(rows, sources)
    found = np.array([isinstance(i, dates.DateInterval) for i in intervals], dtype=bool)
    earliest = pd.Series([i.earliest if ok else pd.NaT for i, ok in zip(intervals, found, strict=True)],
                         index=rows.index, dtype="datetime64[us]")
    latest = pd.Series([i.latest if ok else pd.NaT for i, ok in zip(intervals, found, strict=True)],
                       index=rows.index, dtype="datetime64[us]")
    verdict = _interval_verdict(rows["earliest"], rows["latest"], earliest, latest)
    verdict = np.where(found, verdict, CODE[NOT_CHECKABLE])
    return _found("resolved date", pd.DataFrame({"verdict": verdict, "at": at}),
                  functools.partial(_resolved_words, tl=tl, sources=sources))


def _resolved(rows: pd.DataFrame, sources: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """Each row's date expression resolved against its source's publication date: a `DateInterval`, or why not
    (a string), resolved once per distinct expression and date; and the publication dates."""
    published = pd.Series(lookup(rows["source_id"], sources["date_published"]), index=rows.index,
                          dtype=sources["date_published"].dtype)
    pair = pd.DataFrame({"e": rows["date_expression"].to_numpy(), "p": published.to_numpy()})
    code = pair.groupby(["e", "p"], sort=False, dropna=False).ngroup().to_numpy()
    first = np.unique(code, return_index=True)[1]
    resolved = np.empty(len(first), dtype=object)
    for n, (expression, reference) in enumerate(pair.iloc[first].itertuples(index=False)):
        if pd.isna(reference):
            resolved[n] = "publication date not captured"
            continue
        try:
            resolved[n] = dates.resolve_expression(expression, reference)
        except ValueError as error:  # its message lists the forms the resolver reads: the user can reword
            resolved[n] = str(error)
    return resolved[code], published


def _resolved_words(found: pd.DataFrame, tl: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    rows = tl.iloc[found["at"].to_numpy()]
    intervals, published = _resolved(rows, sources)
    return _frame(
        subject=rows["event_id"],
        stated=("'" + rows["date_expression"] + "', recorded as "
                + dates.format_dates(rows["earliest"], rows["date_precision"])),
        derived=pd.Series([str(i) for i in intervals], index=rows.index),
        sources=rows["source_id"],
        detail="resolved against the publication date " + published.dt.strftime("%Y-%m-%d").fillna("(none)"),
    )[WORDS]


def derived_dates(tl: pd.DataFrame, figures: pd.DataFrame) -> Checks:
    """Dates derived from an anchor event and a duration ("44 days ... that began") re-derived by code."""
    tl = tl.reset_index(drop=True)  # by position, as in `resolved_dates`
    at = np.flatnonzero((tl["date_basis"] == "derived").to_numpy(dtype=bool))
    rows = tl.iloc[at]
    recomputed = _rederived(rows, tl, figures)
    verdict = np.where(recomputed == rows["start"], CODE[CONSISTENT], CODE[CONTRADICTS])
    return _found("derived date", pd.DataFrame({"verdict": verdict, "at": at}),
                  functools.partial(_derived_words, tl=tl, figures=figures))


def _at(column: pd.Series, at: np.ndarray, index: pd.Index) -> pd.Series:
    """`column`'s values at row positions `at` (missing at -1), on `index`."""
    return column.reset_index(drop=True).reindex(at).set_axis(index)


def _rederived(rows: pd.DataFrame, tl: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    anchor = positions(tl["event_id"], rows["derived_from_event_id"])
    span_by = positions(figures["figure_id"], rows["derived_with_figure_id"])
    return dates.shift_dates(
        _at(tl["start"], anchor, rows.index),
        _at(figures["value"], span_by, rows.index),
        _at(figures["unit"], span_by, rows.index).astype("str"),
        rows["derived_direction"].astype("str"),
    )


def _derived_words(found: pd.DataFrame, tl: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    rows = tl.iloc[found["at"].to_numpy()]
    value_text = _at(figures["value_text"], positions(figures["figure_id"], rows["derived_with_figure_id"]),
                     rows.index)
    return _frame(
        subject=rows["event_id"],
        stated=rows["start"].dt.strftime("%d %B %Y").str.lstrip("0"),
        derived=_rederived(rows, tl, figures).dt.strftime("%d %B %Y").str.lstrip("0"),
        sources=rows["source_id"],
        detail=value_text + " " + rows["derived_direction"].astype("str") + " " + rows["derived_from_event_id"],
    )[WORDS]


def accounts_agree(tl: pd.DataFrame) -> Checks:
    """Accounts of one occurrence, each against the most precise account of the same stage (signed, announced,
    in force, or none named: the event as a whole), and each stage's most precise account against the other
    stages' (`timeline.one_per_occurrence` picks the most precise).

    Dates are compared as moments (`analysis.moments`): a stated time narrows a day, a time zone places it, and a
    date without a zone is read in any zone against a time in a named one. Different stages of one event are
    different moments ("signed on 9 November" and "in force from 10 November"), so their dates bound nothing: where
    they cannot coincide they differ by scope, never contradict.
    """
    tl = tl.reset_index(drop=True)  # by position, as in `resolved_dates`
    stage = tl["date_stage"].astype("object").fillna("")
    # Everything by position in `tl` and integer codes for the groups (an occurrence's accounts of one stage), so
    # that each lookup is a take rather than a search of an index of strings.
    occurrence = pd.factorize(tl["occurrence_id"])[0]
    stage_code, stages = pd.factorize(stage)
    codes = pd.factorize(occurrence * np.int64(len(stages) + 1) + stage_code)[0]
    preferred = timeline.account_preference(tl)  # each group's first account in this order is its reference
    firsts = preferred[np.unique(codes[preferred], return_index=True)[1]]
    reference_of_group = np.empty(len(firsts), dtype=np.intp)
    reference_of_group[codes[firsts]] = firsts
    account = np.arange(len(tl))
    reference_at = reference_of_group[codes]
    is_reference = reference_at == account
    # Within a stage, each account against the stage's reference; across stages, each stage's reference against
    # every other stage's reference of the occurrence (a handful: signed, announced, in force, the event as a whole).
    references = pd.DataFrame({"at": account[is_reference], "stage": stage.to_numpy()[is_reference],
                               "occurrence": occurrence[is_reference]})
    across = references.merge(references, on="occurrence", suffixes=("", "_other"))
    across = across[across["stage"] > across["stage_other"]]
    mine_at = np.concatenate([account[~is_reference], across["at"].to_numpy(dtype=np.intp)])
    theirs_at = np.concatenate([reference_at[~is_reference], across["at_other"].to_numpy(dtype=np.intp)])
    if not len(mine_at):
        return _none("accounts agree")
    moments_of = moments.account_moments(tl)
    mine = moments_of.iloc[mine_at].reset_index(drop=True)
    theirs = moments_of.iloc[theirs_at].reset_index(drop=True)
    mine, theirs, mixed = moments.comparable(mine, theirs)
    verdict = _interval_verdict(mine["start"], mine["end"], theirs["start"], theirs["end"])
    # Differently worded bounds ("by 15 November" and "before 15 November") differ, yet both can hold.
    words = pd.factorize(tl["date_qualifier"])[0]  # -1 (none stated) matches nothing
    same_words = (words[mine_at] == words[theirs_at]) & (words[mine_at] >= 0)
    verdict = np.where(same_words | (verdict == CODE[CONTRADICTS]), verdict, CODE[BOUNDS_ALLOW_BOTH])
    # Two deadlines are terms, not windows: they must name the same last day, give or take the by/before wording.
    last_day = _deadline_last_day(tl).to_numpy()
    other_last, ref_last = pd.Series(last_day[mine_at]), pd.Series(last_day[theirs_at])
    both_deadlines = other_last.notna() & ref_last.notna()
    start = tl["start"].to_numpy()
    wording_only = (start[mine_at] == start[theirs_at]) & ~same_words
    deadline_verdict = _select([other_last == ref_last, wording_only], [CONSISTENT, BOUNDS_ALLOW_BOTH], CONTRADICTS)
    verdict = np.where(both_deadlines, deadline_verdict, verdict)
    other_stage = stage_code[mine_at] != stage_code[theirs_at]
    verdict = np.where(other_stage & (verdict == CODE[CONTRADICTS]), CODE[DIFFER_SCOPE], verdict)
    rows = pd.DataFrame({"verdict": verdict, "i": mine_at, "j": theirs_at, "mixed": mixed.to_numpy()})
    return _found("accounts agree", rows, functools.partial(_account_rows, tl=tl))


def _account_rows(found: pd.DataFrame, tl: pd.DataFrame) -> pd.DataFrame:
    """The words of `accounts_agree`'s comparisons: accounts at positions i and j of `tl`."""
    mine_at, theirs_at = found["i"].to_numpy(), found["j"].to_numpy()
    columns = ["event_id", "occurrence_id", "source_id", "time_zone", "date_stage"]
    others = tl[columns].iloc[mine_at].reset_index(drop=True)
    reference = tl[columns].iloc[theirs_at].reset_index(drop=True)
    my_stage = pd.Series(others["date_stage"].astype("object").fillna("").to_numpy())
    their_stage = pd.Series(reference["date_stage"].astype("object").fillna("").to_numpy())
    other_stage = my_stage != their_stage
    shown = np.unique(np.concatenate([mine_at, theirs_at]))  # each account worded once
    describe = _account_words(tl.iloc[shown]).to_numpy()
    mine_words = pd.Series(describe[np.searchsorted(shown, mine_at)])
    their_words = pd.Series(describe[np.searchsorted(shown, theirs_at)])
    detail = pd.Series("each account's date window against the most precise account", index=others.index)
    detail = detail.mask(~other_stage & (my_stage != ""), detail + " of when it was " + my_stage)
    whole = "the event as a whole"
    detail = detail.mask(other_stage, "different stages of one event (" + my_stage.replace("", whole) + " vs "
                         + their_stage.replace("", whole) + "), which may fall on different days")
    zone = reference["time_zone"].fillna(others["time_zone"])
    detail = detail.mask(found["mixed"].to_numpy(), detail + "; a date without a time zone is read in any zone "
                         "(UTC-12 to UTC+14) against " + zone.fillna("") + " time")
    return _frame(
        subject=others["occurrence_id"],
        stated=mine_words + " (" + others["event_id"] + ")",
        derived=their_words + " (" + reference["event_id"] + ")",
        sources=others["source_id"] + " vs " + reference["source_id"],
        detail=detail,
    )[WORDS]


def _deadline_last_day(tl: pd.DataFrame) -> pd.Series:
    """For a stated deadline ("by 20 November", "before 20 November"), the last day it allows; else NaT."""
    qualifier = tl["date_qualifier"]
    deadline = qualifier.isin(["by", "before"]) & (tl["date_refers_to"] == "occurrence") & (
        tl["date_basis"] != "publication")
    last = tl["latest"].mask(qualifier == "before", tl["earliest"] - pd.Timedelta(days=1))
    return last.where(deadline)


def _account_words(tl: pd.DataFrame) -> pd.Series:
    """"signed 10 November 2020 at night", "in force 10 November 2020 at 00:00 (Europe/Moscow)", "reported by ...".

    Worded once per distinct combination of the columns the words come from (many accounts share a date), then
    taken for every account by its code."""
    columns = ["date_stage", "date_qualifier", "date_refers_to", "earliest", "date_precision", "start_time",
               "time_qualifier", "time_zone"]
    code = tl.groupby(columns, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    first_at = np.unique(code, return_index=True)[1]  # the first account of each code, in code order
    distinct = tl[columns].iloc[first_at]
    qualifier = distinct["date_qualifier"].astype("str")
    reported = distinct["date_refers_to"] == "report"
    prefix = qualifier.where(qualifier != "on", "").where(~reported, "reported by")
    prefix = prefix.where(~(reported & (qualifier == "on")), "reported on")
    prefix = distinct["date_stage"].astype("object").fillna("") + " " + prefix
    words = (prefix + " " + dates.format_dates(distinct["earliest"], distinct["date_precision"])
             + moments.time_words(distinct)).str.strip().str.replace("  ", " ", regex=False)
    return pd.Series(words.to_numpy(dtype=object)[code], index=tl.index, dtype="str")


def first_since(tl: pd.DataFrame) -> Checks:
    """"The first X since Y": no event of that kind and claimant ends between Y's date and this one's start.

    One as-of merge finds, for each such event, the last event of its kind and claimant that ends before it
    begins; linear in the events, where pairing each subject with its whole group would be quadratic.
    """
    tl = tl.reset_index(drop=True)  # by position, as in `resolved_dates`
    at = np.flatnonzero(tl["first_since_event_id"].notna().to_numpy(dtype=bool))
    if not len(at):
        return _none("first since")
    rows = tl.iloc[at]
    # One interval per occurrence (all its accounts), so no account of this event counts as an earlier one; kind,
    # claimant and occurrence as integer codes.
    kind = pd.factorize(tl["kind"])[0]
    claimant = pd.factorize(tl["claimant_id"].fillna("").astype("str"))[0]
    group = kind * np.int64(claimant.max(initial=-1) + 2) + claimant
    occurrence = pd.factorize(group * np.int64(len(tl) + 1) + pd.factorize(tl["occurrence_id"])[0])[0]
    firsts = np.unique(occurrence, return_index=True)[1]  # each occurrence's first account
    spans = pd.DataFrame({"earliest": tl["earliest"].to_numpy(), "latest": tl["latest"].to_numpy()}).groupby(
        occurrence, sort=True).agg(earliest=("earliest", "min"), latest=("latest", "max"))
    ends = pd.DataFrame({"group": group[firsts], "latest": spans["latest"].to_numpy(), "earlier_at": firsts})
    ends = ends.iloc[np.lexsort((id_ranks(tl["event_id"].iloc[firsts]), day_keys(ends["latest"])))]
    since = positions(tl["event_id"], rows["first_since_event_id"])
    subjects = pd.DataFrame({"group": group[at], "earliest": spans["earliest"].to_numpy()[occurrence[at]],
                             "subject": np.arange(len(at)), "since": _at(tl["start"], since, rows.index).to_numpy()})
    nearest = pd.merge_asof(subjects.sort_values("earliest"), ends, left_on="earliest", right_on="latest",
                            by="group", allow_exact_matches=False, direction="backward").set_index("subject")
    earlier = nearest["earlier_at"].where(nearest["latest"] >= nearest["since"]).reindex(np.arange(len(at)))
    earlier = earlier.to_numpy(dtype=float, na_value=np.nan)
    found = pd.Series(tl["event_id"].to_numpy(dtype=object)[np.nan_to_num(earlier).astype(np.intp)],
                      index=rows.index, dtype="str").where(~np.isnan(earlier))
    return _kept(
        "first since",
        subject=rows["event_id"],
        stated="first " + rows["kind"].astype("str") + " reported by " + rows["claimant"] + " since "
        + rows["first_since_event_id"],
        derived=found.fillna("no earlier one in the data").where(found.isna(), "earlier: " + found),
        verdict=pd.Series(np.where(found.isna(), CONSISTENT, CONTRADICTS), index=rows.index),
        sources=rows["source_id"],
        detail="the last event of the same kind and claimant before this one, if it ends after the anchor's date",
    )


def durations(tl: pd.DataFrame, data: Dataset, figures: pd.DataFrame) -> Checks:
    """Each stated duration against the span it measures: the span's own duration figure, and any duration
    attached to an account of the span's starting event. Only spans that end at an event are used: a span
    whose end is computed from the duration would prove nothing."""
    tl, figures = tl.reset_index(drop=True), figures.reset_index(drop=True)  # by position, as in `resolved_dates`
    span_table = timeline.spans(data, tl)
    span_table = span_table[span_table["end_basis"] == "event"]
    stated = figures[((figures["quantity"] == "duration") & figures["event_id"].notna()).to_numpy(dtype=bool)]
    stated = stated.assign(occurrence_id=_at(tl["occurrence_id"], positions(tl["event_id"], stated["event_id"]),
                                             stated.index))
    starting = data.spans.loc[span_table.index, "start_event_id"]
    span_table = span_table.assign(occurrence_id=_at(tl["occurrence_id"], positions(tl["event_id"], starting),
                                                     span_table.index))
    by_occurrence = stated.reset_index(drop=True).merge(span_table.reset_index(drop=True), on="occurrence_id",
                                                        suffixes=("", "_span"))
    by_own_figure = stated.reset_index(drop=True).merge(
        span_table.reset_index(drop=True).drop(columns="occurrence_id"), left_on="figure_id",
        right_on="duration_figure_id", suffixes=("", "_span"))
    pairs = pd.concat([by_occurrence, by_own_figure], ignore_index=True).drop_duplicates(["figure_id", "span_id"])
    lone = _lone_durations(figures, data, pairs["figure_id"])
    if pairs.empty:
        return _found("duration", lone, _as_is)
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
    measured = _frame(
        check="duration",
        subject=pairs["figure_id"] + " ~ " + pairs["span_id"],
        stated=pairs["value_text"],
        derived=derived,
        verdict=verdicts,
        sources=pairs["source_id"] + " vs " + pairs["source_id_span"],
        detail="the span's dates at their precision, measured in the stated unit",
    )[["verdict", *WORDS]]
    return _found("duration", pd.concat([measured, lone], ignore_index=True), _as_is)


def _lone_durations(figures: pd.DataFrame, data: Dataset, compared: pd.Series) -> pd.DataFrame:
    """A row `not checkable` for each duration compared with nothing: no span's dates measure it (`compared` are
    the figures `durations` holds against a span) and no other source's figure gives the same span's length."""
    at = np.flatnonzero((figures["quantity"] == "duration").to_numpy(dtype=bool))
    lengths = figures.iloc[at]
    group = _comparison_codes(lengths.set_axis(lengths["figure_id"]), data)[0]  # its span is looked up by id
    shared = (group >= 0) & (np.bincount(group + 1)[group + 1] > 1)  # -1, no group, counts as its own bin
    lone = lengths[~shared & ~lengths["figure_id"].isin(compared).to_numpy()]
    return _frame(
        check="duration",
        subject=lone["figure_id"],
        stated=lone["value_text"],
        derived=pd.Series("no span's dates and no other source measure this (not compared)", index=lone.index),
        verdict=NOT_CHECKABLE,
        sources=lone["source_id"],
        detail="a duration of " + lone["scope"].astype("str") + "; a length is checked only against a span "
        "(spans.csv: the events it runs from and to) or another source's length of the same span",
    )[["verdict", *WORDS]]


def _amounts(shortest: pd.Series, longest: pd.Series) -> pd.Series:
    """"6.286" where the dates fix the duration, "20.8 to 30.9" where their precision leaves a range."""
    def shown(values: pd.Series, decimals: int) -> pd.Series:
        return values.round(decimals).astype(str).str.replace(r"\.0$", "", regex=True)

    return shown(shortest, 3).where(np.isclose(shortest, longest), shown(shortest, 1) + " to " + shown(longest, 1))


# ---------------------------------------------------------------------------------------------- figures


def _ranges(frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """The low/high/strictness columns of `frame` (named with `prefix`) as the frame the range tests take."""
    return pd.DataFrame({name: frame[prefix + name] for name in ("low", "high", "low_strict", "high_strict")})


def stated_totals(figures: pd.DataFrame) -> Checks:
    """A figure the source calls a total of others, against the sum of those others with bounds carried."""
    # Only the totals and their parts are handed on: the statistics look parts up by id, and a search of the
    # figures' whole index of string ids would build a hash table of them all.
    total = figures["total_of"].notna().to_numpy(dtype=bool)
    at = positions(figures["figure_id"], split_ids(figures["total_of"][total]))
    figures = figures.iloc[np.union1d(np.flatnonzero(total), at[at >= 0])]
    totals = statistics.stated_totals(figures)
    if totals.empty:
        return _none("stated total")
    stated, summed = _ranges(totals, "stated_"), _ranges(totals, "sum_")
    # "over 5,000" as the total of 2,425 and 2,783: the sum, 5,208, is one of the values the words allow.
    verdict = np.select([range_contains(stated, summed), ranges_overlap(stated, summed)],
                        [CONSISTENT, BOUNDS_ALLOW_BOTH], CONTRADICTS)
    return _kept(
        "stated total",
        subject=totals["figure_id"],
        stated=totals["stated"],
        derived=totals["sum_words"] + " (" + totals["parts"].str.replace("|", " + ") + ")",
        verdict=verdict,
        sources=totals["figure_id"].map(figures["source_id"]),
        detail="the source says this figure adds up the others",
    )


# An undated figure more than OUTLIER_FACTOR times the largest dated claim for its subject, or under 1/OUTLIER_FACTOR
# of the smallest, is an outlier to review: it cannot be placed in time, so nothing it contradicts is certain, but
# it is too far from every dated count to pass unseen.
OUTLIER_FACTOR = 2.0


def rounded_ranges(figures: pd.DataFrame) -> pd.DataFrame:
    """The range each figure's words allow, widened by the rounding a bare round number implies: "2,000" reads as
    1,500 to 2,500 and "1,960" as 1,955 to 1,965, either end included. Only a number stated without any qualifier
    (`exact`) is widened; "exactly 2,000", "more than 2,000" and "almost 2,000" keep their bounds, so "almost 3,000"
    and "more than 3,000" stay apart. A bare duration is read at half its unit either way, as
    `dates.duration_matches` reads it."""
    value = figures["value"].to_numpy(dtype=float, na_value=np.nan)
    bare = (figures["qualifier"] == "exact").to_numpy(dtype=bool)
    magnitude = np.ones(len(figures))
    with np.errstate(invalid="ignore"):
        for power in (10.0, 100.0, 1000.0):  # trailing zeros: 1,960 -> 10; 2,000 -> 1,000
            magnitude = np.where((value % power == 0) & (value >= power), power, magnitude)
    half = np.where(bare & (magnitude > 1), magnitude / 2, 0.0)
    tolerance = np.nan_to_num(lookup(figures["unit"], pd.Series(dates.DURATION_TOLERANCE)).astype(float))
    half = np.where(bare & (figures["quantity"] == "duration").to_numpy(dtype=bool), tolerance, half)
    widened = half > 0
    return pd.DataFrame({"low": figures["low"] - half, "high": figures["high"] + half,
                         "low_strict": figures["low_strict"] & ~widened,
                         "high_strict": figures["high_strict"] & ~widened}, index=figures.index)


def comparison_groups(figures: pd.DataFrame, data: Dataset) -> pd.Series:
    """What each figure is compared with: the same quantity, side, population and unit; for a figure of one
    incident (`statistics.incidents`: its event is an attack, an ambush, a clash), only those of the same
    occurrence ("deaths/azerbaijan/military/people in ambush-2020-11-26"), never the war's tolls; for a duration,
    the other stated lengths of the same kind of span from the same event ("at least five years" and "5 years",
    both the mandate from the agreement). <NA> for a duration that measures no span."""
    code, words = _comparison_codes(figures, data)
    return pd.Series(words[code], index=figures.index, dtype="str").where(code >= 0)


def _incidents(figures: pd.DataFrame, data: Dataset) -> pd.Series:
    """The figures' `incident` column (`statistics.figures_with_bounds` has it), else found from the events."""
    if "incident" in figures:
        return figures["incident"]
    return statistics.incidents(figures["event_id"], data.events)


def _comparison_codes(figures: pd.DataFrame, data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """`comparison_groups` as an integer code per figure (-1 for none) and the words of each code: the figures are
    grouped by their columns' codes, and only the first figure of each group is worded."""
    keys = ["quantity", "side", "population", "unit"]
    figures = figures[[*keys, "event_id"]].assign(incident=_incidents(figures, data))
    keys = [*keys, "incident"]
    duration = (figures["quantity"] == "duration").to_numpy(dtype=bool)
    measured = data.spans[data.spans["duration_figure_id"].notna()]
    starting = _at(data.events["occurrence_id"], positions(data.events["event_id"], measured["start_event_id"]),
                   measured.index)
    span_of = pd.Series(
        ("duration of " + measured["kind"].astype("str") + " from " + starting.astype("str")).to_numpy(),
        index=measured["duration_figure_id"].to_numpy(), dtype="str")
    span_of = span_of[~span_of.index.duplicated()]
    span_words = (span_of.reindex(figures.index[duration]) + "/"
                  + figures["unit"][duration].astype("str")).to_numpy(dtype=object)
    span = np.full(len(figures), -1)
    span[duration] = pd.factorize(span_words)[0]  # a duration's group is its span's words; -1 for no span
    by = [np.where(duration, 0, pd.factorize(figures[key], use_na_sentinel=False)[0]) for key in keys]
    grouped = ~duration | (span >= 0)
    code = np.full(len(figures), -1)
    code[grouped] = _combined(*(column[grouped] for column in [*by, span]))
    first = np.unique(code, return_index=True)[1][1 if (code < 0).any() else 0:]
    named = figures[keys].iloc[first]
    words = named[keys[0]].astype("str")
    for key in keys[1:-1]:
        words = words + "/" + named[key].astype("object").fillna("-").astype("str")
    words = words.where(named["incident"].isna(), words + " in " + named["incident"]).to_numpy(dtype=object)
    spans = np.full(len(figures), None, dtype=object)
    spans[duration] = span_words
    at_duration = duration[first]
    words[at_duration] = spans[first[at_duration]]
    return code, words


def figures_agree(figures: pd.DataFrame, data: Dataset) -> Checks:
    """Figures of one `comparison_groups` group: each against the group's reference figure (a primary document's
    if there is one, else the latest dated); each against the reference of its moment (the figures of its as-of
    date, or the undated ones), so that a count of another date never hides how accounts of one moment compare;
    each moment's reference against the previous date's; and, wherever one voice gives several (`_voice_pairs`),
    each against the others of that voice, which must agree unless their dates explain the difference (only the
    disagreements of a voice are listed; its agreements are implied). About two rows a figure, never all pairs.
    An undated figure far outside every dated claim (`OUTLIER_FACTOR`) is an outlier to review. A count that no
    other figure shares a group with (no other source gives it; for a figure of one incident, no other account of
    the incident) is compared with nothing, and says so: a row `not checkable`, never silence."""
    group, groups = _comparison_codes(figures, data)
    # The figures compared (at these positions in `figures`) as numbers and codes (`_figure_facts`), their group as
    # an integer code (`g`); pairs are positions in this pool until they are kept, so each lookup is a take.
    at = np.flatnonzero(group >= 0)
    pool = _figure_facts(figures, data, at).assign(g=group[at])
    # One order gives every reference: by group, the latest date first (undated last), a primary document's figure
    # first, then by figure id. A moment (one group's figures of one as-of date, or its undated ones) is a run of
    # it, whose first figure is the moment's reference; the group's reference is its first primary document's
    # figure, else its first figure (so it is also its moment's reference).
    as_of = pool["as_of"].to_numpy().view("int64")
    undated = pool["as_of"].isna().to_numpy()
    latest_first = np.where(undated, np.iinfo(np.int64).max, -as_of)
    g, primary = pool["g"].to_numpy(), pool["primary"].to_numpy()
    ranked = np.lexsort((pool["id_rank"].to_numpy(), ~primary, latest_first, g))
    g_ranked, time_ranked = g[ranked], latest_first[ranked]
    starts = _run_starts(g_ranked, time_ranked)
    moment_reference = ranked[starts]  # each moment's reference, in ranked order
    moment_of = np.empty(len(pool), dtype=np.intp)
    moment_of[ranked] = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(ranked)]))
    first = ranked[_run_starts(g_ranked)]
    primary_first = ranked[primary[ranked]]
    primary_first = primary_first[_run_starts(g[primary_first])]
    reference_of = np.zeros(len(groups), dtype=np.intp)
    reference_of[g[first]] = first
    reference_of[g[primary_first]] = primary_first
    mine, reference = np.arange(len(pool)), reference_of[g]
    other = mine != reference
    pairs = pd.DataFrame({"i": mine[other], "j": reference[other], "g": g[other], "kind": np.int8(-1)})
    # Within a moment, each figure against the moment's reference, unless that is the group's (compared above).
    in_moment = moment_reference[moment_of]
    by_moment = (in_moment != mine) & (in_moment != reference)
    # Each dated moment's reference (the earlier) against the next later moment's of its group, unless one of them
    # is the group's reference (the other is compared with it above).
    later, earlier = moment_reference[:-1], moment_reference[1:]
    chained = ((g[later] == g[earlier]) & ~undated[earlier] & (later != reference_of[g[later]])
               & (earlier != reference_of[g[earlier]]))
    # Where one voice gave both figures of a pair, the voice's pair stands for it (its words name the voice), so a
    # pair is found in the voices by its figures' positions alone, not by hashing pairs: one compared with the group's
    # reference is not listed twice; one of a moment (a figure and its moment's reference) or of two neighbouring
    # moments (their references) is listed as these are; of the rest only disagreements are.
    voices = _voice_pairs(pool)
    vi, vj = voices["i"].to_numpy(), voices["j"].to_numpy()
    with_reference = (vi == reference[vi]) | (vj == reference[vi])  # one voice's figures share a group
    moment_i, moment_j = moment_of[vi], moment_of[vj]
    leads_i, leads_j = vi == moment_reference[moment_i], vj == moment_reference[moment_j]
    of_moment = (moment_i == moment_j) & (leads_i | leads_j)
    neighbours = leads_i & leads_j & (np.abs(moment_i - moment_j) == 1) & ~undated[vi] & ~undated[vj]
    voices, as_extra = voices[~with_reference], (of_moment | neighbours)[~with_reference]
    spoken = np.zeros(len(pool), dtype=bool)  # each moment pair by its figure, each neighbours' by the earlier one
    spoken[np.where(leads_i, vj, vi)[of_moment & ~with_reference]] = True
    spoken_earlier = np.zeros(len(pool), dtype=bool)
    spoken_earlier[np.where(moment_i > moment_j, vi, vj)[neighbours & ~with_reference]] = True
    by_moment &= ~spoken
    chained &= ~spoken_earlier[earlier]
    extra = pd.DataFrame({
        "i": np.concatenate([mine[by_moment], earlier[chained]]),
        "j": np.concatenate([in_moment[by_moment], later[chained]]),
        "g": np.concatenate([g[by_moment], g[earlier[chained]]]),
        "kind": np.repeat(np.array([MOMENT, EARLIER], dtype=np.int8), [by_moment.sum(), chained.sum()])})
    outliers = _outliers(pool)
    pairs = pairs.assign(verdict=_figure_verdicts(pairs, pool, outliers))
    extra = extra.assign(verdict=_figure_verdicts(extra, pool, outliers))
    verdict = _figure_verdicts(voices, pool, outliers.iloc[:0])
    # Two undated figures that do not agree say nothing: each is already held against the group's reference.
    extra = extra[~np.isin(extra["verdict"].to_numpy(), [CODE[NOT_CHECKABLE], CODE[OUTLIER]])]
    listed = np.where(as_extra, verdict != CODE[NOT_CHECKABLE], verdict == CODE[CONTRADICTS])
    voices = voices[listed].assign(verdict=verdict[listed])
    # A count alone in its group is compared with nothing: no other source counts the same thing (a figure of one
    # incident is kept out of the war's groups). It gets a row that says so, never silence. A duration alone in
    # its group is left to `durations`, which may hold it against a span's dates.
    alone = (np.bincount(g, minlength=len(groups))[g] == 1) & pool["count"].to_numpy()
    lone = mine[alone]
    rows = pd.concat([pairs, extra, pd.DataFrame({"i": lone, "j": lone, "g": g[alone], "kind": np.int8(ALONE),
                                                  "verdict": CODE[NOT_CHECKABLE]}), voices], ignore_index=True)
    rows = rows.assign(i=at[rows["i"].to_numpy()], j=at[rows["j"].to_numpy()])  # positions in `figures`
    return _found("figures agree", rows, functools.partial(_figure_rows, figures=figures, groups=groups,
                                                           outlier=outliers.set_axis(at[outliers.index])))


def _run_starts(*columns: np.ndarray) -> np.ndarray:
    """Where each run of equal values (in all `columns` at once) begins, for columns already sorted."""
    changed = np.zeros(len(columns[0]), dtype=bool)
    changed[:1] = True
    for column in columns:
        changed[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(changed)


def _figure_facts(figures: pd.DataFrame, data: Dataset, at: np.ndarray) -> pd.DataFrame:
    """What `figures_agree` compares of the figures at positions `at`, as numbers and codes in a frame indexed by
    position in `at`: bounds (low, high, NaN for none; low_strict, high_strict), the same widened by rounding
    (`rounded_` ones, `rounded_ranges`), as_of, whether it is a count (not a duration) and one that only grows
    (cumulative), its source and claimant as codes (claimant -1: the source's own voice), whether the source is a
    primary document, and its figure id's rank in sorted order."""
    figures = figures[["figure_id", "quantity", "unit", "value", "qualifier", "low", "high", "low_strict",
                       "high_strict", "as_of", "source_id", "claimant_id"]].iloc[at]  # only the columns read
    rounded = rounded_ranges(figures)
    source, sources = pd.factorize(figures["source_id"])
    quantity = figures["quantity"]
    return pd.DataFrame({
        **{name: frame[column].to_numpy(dtype=float, na_value=np.nan) if column in ("low", "high")
           else frame[column].to_numpy(dtype=bool)
           for frame, prefix in ((figures, ""), (rounded, "rounded_"))
           for column in ("low", "high", "low_strict", "high_strict") for name in [prefix + column]},
        "as_of": figures["as_of"].to_numpy(),
        "count": (quantity != "duration").to_numpy(dtype=bool),
        "cumulative": quantity.isin(CUMULATIVE_QUANTITIES).to_numpy(dtype=bool),
        "source": source,
        "claimant": pd.factorize(figures["claimant_id"])[0],
        "primary": (data.sources["source_type"].reindex(sources).astype("str") == "primary_document").to_numpy()[
            source],
        "id_rank": id_ranks(figures["figure_id"]),
    })


def _figure_verdicts(pairs: pd.DataFrame, facts: pd.DataFrame, outlier: pd.Series) -> np.ndarray:
    """`_pair_verdicts` of a million pairs at a time (each takes a frame of facts per side)."""
    size = 1 << 20
    return np.concatenate([np.empty(0, dtype=np.int8)] + [
        _pair_verdicts(pairs.iloc[start:start + size], facts, outlier) for start in range(0, len(pairs), size)])


def _pair_verdicts(pairs: pd.DataFrame, facts: pd.DataFrame, outlier: pd.Series) -> np.ndarray:
    """The verdict (a `CODE`) for each pair (rows i, j of `facts`, `_figure_facts`) of figures of one subject.

    In order: the same range is consistent; one inside the other agrees within the precision of the vaguer words
    ("nearly 2,000" allows 1,960); ranges that share a value allow both, and so do a bare round number's rounding
    and the other's range; otherwise the difference needs an explanation. A missing date leaves it not checkable
    (an outlier to review if `outlier` says how far it is), except within one voice of one document, which
    speaks at one time; two dates explain it if the count can change that way (a death toll only grows); nothing
    else does, and they contradict, even where the ranges touch at one number ("almost 3,000" and "more than
    3,000")."""
    # NumPy arrays of the columns read, taken for each side (a frame's take and Series arithmetic cost more).
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    columns = ["as_of", "count", "cumulative", "source", "claimant"] + [
        prefix + name for prefix in ("", "rounded_") for name in ("low", "high", "low_strict", "high_strict")]
    mine = {column: facts[column].to_numpy()[i] for column in columns}
    theirs = {column: facts[column].to_numpy()[j] for column in columns}
    rounded = [{name: side["rounded_" + name] for name in ("low", "high", "low_strict", "high_strict")}
               for side in (mine, theirs)]
    same_high = (mine["high"] == theirs["high"]) | (np.isnan(mine["high"]) & np.isnan(theirs["high"]))  # or open
    same = ((mine["low"] == theirs["low"]) & same_high
            & (mine["low_strict"] == theirs["low_strict"]) & (mine["high_strict"] == theirs["high_strict"]))
    nested = range_contains(mine, theirs) | range_contains(theirs, mine)
    overlap = ranges_overlap(mine, theirs)
    rounded_overlap = ranges_overlap(*rounded)
    counts = mine["count"]  # a duration has no count date to explain a difference
    mine_undated, theirs_undated = np.isnat(mine["as_of"]), np.isnat(theirs["as_of"])
    undated = counts & (mine_undated | theirs_undated)
    # One voice of one document (the same claimant, or the source's own voice, in one source) speaks at one time,
    # unless it dates one count and not the other ("90,000 at the start", "36,989 as of 30 June 2021").
    one_document = ((mine["source"] == theirs["source"]) & (mine["claimant"] == theirs["claimant"])
                    & (mine_undated == theirs_undated))
    # Counts that only grow: a difference is explained by the dates only if the later count is the higher one.
    later_is_higher = np.where(mine["as_of"] > theirs["as_of"], mine["low"] >= theirs["high"],  # False if open
                               theirs["low"] >= mine["high"])
    dated_apart = counts & ~undated & (mine["as_of"] != theirs["as_of"]) & (~mine["cumulative"] | later_is_higher)
    verdict = _select([same, nested, overlap, rounded_overlap, undated & ~one_document, dated_apart],
                      [CONSISTENT, WITHIN_PRECISION, BOUNDS_ALLOW_BOTH, WITHIN_PRECISION, NOT_CHECKABLE, DIFFER_AS_OF],
                      CONTRADICTS)
    unchecked = verdict == CODE[NOT_CHECKABLE]
    far = np.zeros(len(verdict), dtype=bool)  # looked up only where the verdict leaves it to review
    far[unchecked] = np.isin(pairs["i"].to_numpy()[unchecked], outlier.index.to_numpy())
    return np.where(far, CODE[OUTLIER], verdict)


# The voices `_voice_pairs` pairs figures by, as its column `kind` codes them (-1: a pair with the group's reference;
# `ALONE`: a count that nothing else is compared with, paired with itself; `MOMENT`: a pair with the reference of
# the figure's moment; `EARLIER`: a moment's reference with the next later moment's).
VOICE_KINDS = ["source", "claimant", "source growth", "claimant growth"]
ALONE, MOMENT, EARLIER = -2, -3, -4


def _figure_rows(pairs: pd.DataFrame, figures: pd.DataFrame, groups: np.ndarray, outlier: pd.Series) -> pd.DataFrame:
    """The words of `figures_agree`'s comparisons: pairs (positions i, j in `figures`, group code g, voice `kind`)
    and their verdicts; `groups` names each group code and `outlier` says how far each outlier is (`_outliers`)."""
    pairs = pairs.reset_index(drop=True)
    verdict = pairs["verdict"].astype("str")
    used = figures[["figure_id", "words", "low", "high", "as_of", "claimant", "source_id"]]
    mine = used.iloc[pairs["i"]].set_axis(pairs.index)
    theirs = used.iloc[pairs["j"]].set_axis(pairs.index)
    detail = "as of " + dates.iso_days(mine["as_of"]) + " vs " + dates.iso_days(theirs["as_of"])
    derived = theirs["words"] + " (" + theirs["figure_id"] + ", " + theirs["claimant"] + ")"
    alone = (pairs["kind"] == ALONE).to_numpy()
    if alone.any():
        incident = figures["incident"].iloc[pairs["i"]].set_axis(pairs.index).where(alone)
        of_incident = incident.notna().to_numpy()
        subject = pd.Series(groups[pairs["g"].to_numpy()], index=pairs.index)
        derived = derived.mask(alone, "no other figure of " + subject + " (not compared)")
        derived = derived.mask(of_incident, "no other account of " + incident + " counts this (not compared)")
        day = dates.iso_days(mine["as_of"], missing="")
        dated = ("; as of " + day).where(day != "", "")
        detail = detail.mask(alone, "no other source in the data gives this quantity for this side and population, "
                             "so it rests on this source alone" + dated)
        detail = detail.mask(of_incident, "counts one incident (" + incident + "), so it is compared only with other "
                             "accounts of it, never with the war's totals; as of " + dates.iso_days(mine["as_of"]))
    voiced = (pairs["kind"] >= 0).to_numpy()
    if voiced.any():
        detail = detail.mask(voiced, _voice_words(pairs[voiced], figures) + "; " + detail)
    far = verdict == OUTLIER
    if far.any():
        how_far = pd.Series(outlier.reindex(pairs.loc[far, "i"]).to_numpy(), index=far[far].index)
        detail = detail.mask(far, detail + "; undated, and " + how_far + ": review it")
    # Touching ranges: no common number, yet each is a rounding of the same one; say so, so a reader can judge.
    shared = theirs["low"].where(mine["high"] == theirs["low"], mine["low"].where(theirs["high"] == mine["low"]))
    touching = (verdict == CONTRADICTS) & shared.notna()
    if touching.any():
        near = shared[touching].astype(float).map(lambda v: f"{v:,.0f}")
        detail = detail.mask(touching, detail + "; '" + mine["words"] + "' and '" + theirs["words"]
                             + "' allow no common number: both are roundings near " + near
                             + ", one from each side, so as worded they cannot both be true")
    return _frame(
        subject=pd.Series(groups[pairs["g"].to_numpy()], index=pairs.index),
        stated=mine["words"] + " (" + mine["figure_id"] + ", " + mine["claimant"] + ")",
        derived=derived,
        sources=(mine["source_id"] + " vs " + theirs["source_id"]).mask(alone, mine["source_id"]),
        detail=detail,
    )[WORDS]


def _voice_pairs(pool: pd.DataFrame) -> pd.DataFrame:
    """Pairs (rows i, j of `figures_agree`'s pool, `_figure_facts`; group code g; kind, a code of
    `VOICE_KINDS`) that must agree because one voice gave both: one source in its own voice or for one claimant, on
    one date or undated (one document speaks at one time); one claimant in any source on one date; and, for a count
    that only grows, a voice's figure against the highest of its earlier ones ("source growth", "claimant growth").
    A source that reports two claimants' figures is two voices.

    Linear in the figures: ranges that each share a value with the one of highest low bound and the one of lowest
    high bound share a value with each other (intervals pairwise overlap iff all do), so each figure is paired with
    those two only. Sets and keys are integer codes, not strings.
    """
    at, g = np.arange(len(pool), dtype=np.int32), pool["g"].to_numpy().astype(np.int32)  # 4 bytes a row suffice
    t, dated = pool["as_of"].to_numpy().view("int64"), pool["as_of"].notna().to_numpy()
    claimant, source = pool["claimant"].to_numpy(), pool["source"].to_numpy()  # claimant -1: the source's own voice
    # Each figure speaks in its source's voice (for its claimant, or in its own) and, where it names one, in its
    # claimant's: `rows` of the pool, each with its voice as kind (0 source, 1 claimant), who and for whom.
    speaks = np.flatnonzero(claimant >= 0)
    rows = np.concatenate([np.arange(len(pool)), speaks])
    kind = np.repeat(np.array([0, 1], dtype=np.int8), [len(pool), len(speaks)])
    who = np.concatenate([source, claimant[speaks]])
    whom = np.concatenate([claimant, np.full(len(speaks), -1)])

    voiced = (kind == 0) | dated[rows]  # a claimant is one voice only on one date
    r = rows[voiced]
    key = _combined(g[r], kind[voiced], who[voiced], whom[voiced], t[r])
    pairs = []  # (i, j, g, kind) arrays, each figure against its voice's extremes (not against itself)
    for bound, sign in (("low", -1), ("high", 1)):  # the highest low bound, the lowest high bound
        value = pool[f"rounded_{bound}"].to_numpy()[r]
        value = np.where(np.isnan(value), np.inf, value) if bound == "high" else value  # no high bound: open
        # By key, then bound (a missing low last), a strict bound first, then as they come (lexsort is stable).
        order = np.lexsort((~pool[f"rounded_{bound}_strict"].to_numpy()[r], sign * value, key))
        first = order[np.unique(key[order], return_index=True)[1]]  # each key's extreme, in key order
        extreme = at[r][first][key]
        other = extreme != at[r]
        pairs.append((at[r][other], extreme[other], g[r][other], kind[voiced][other]))
    del key, order, first, extreme, other

    # Growth: each dated figure of a count that only grows against the highest low bound of its voice's earlier dates.
    grows = dated[rows] & pool["cumulative"].to_numpy()[rows]
    r = rows[grows]
    growing = pd.DataFrame({"i": at[r], "g": g[r], "t": t[r], "low": pool["rounded_low"].to_numpy()[r],
                            "key": _combined(g[r], kind[grows], who[grows], whom[grows]),
                            "kind": kind[grows] + np.int8(2)})  # "source growth", "claimant growth"
    best_of_day = growing.sort_values(["key", "t", "low"], ascending=[True, True, False], kind="stable")
    best_of_day = best_of_day.drop_duplicates(["key", "t"])
    running = best_of_day["low"].groupby(best_of_day["key"]).cummax()
    best_of_day = best_of_day.assign(
        running_i=best_of_day["i"].where(best_of_day["low"] >= running).groupby(best_of_day["key"]).ffill())
    best_of_day = best_of_day.assign(j=best_of_day.groupby("key")["running_i"].shift(1))
    later = growing.merge(best_of_day[["key", "t", "j"]], on=["key", "t"]).dropna(subset=["j"])

    later = later[(later["i"] != later["j"]).to_numpy()]
    pairs.append((later["i"].to_numpy(), later["j"].to_numpy(dtype=np.int32), later["g"].to_numpy(),
                  later["kind"].to_numpy()))
    i, j, g, kind = (np.concatenate(column) for column in zip(*pairs, strict=True))
    del pairs
    unordered = np.minimum(i, j).astype(np.int64) * len(pool) + np.maximum(i, j)
    keep = ~pd.Series(unordered).duplicated().to_numpy()  # one row per pair
    return pd.DataFrame({"i": i[keep], "j": j[keep], "g": g[keep], "kind": kind[keep]})


def _voice_words(voices: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """Which voice a pair shares, in words: "one voice of one source (bbc-55174211, its own voice), undated"."""
    mine = figures[["claimant", "claimant_id", "source_id", "as_of"]].iloc[voices["i"]].set_axis(voices.index)
    spoken = mine["claimant"].where(mine["claimant_id"].notna(), "its own voice")
    source = "one voice of one source (" + mine["source_id"] + ", " + spoken + ")"
    claimant = "the same claimant (" + mine["claimant"] + ")"
    words = source.where((voices["kind"] % 2 == 0).to_numpy(), claimant)
    when = pd.Series(np.where(mine["as_of"].isna(), ", undated", ", on the same date"), index=voices.index)
    return words + when.where((voices["kind"] < 2).to_numpy(), ": a count that only grows")


def _outliers(pool: pd.DataFrame) -> pd.Series:
    """For each undated count entirely above OUTLIER_FACTOR times the highest dated claim of its group (none of
    them open-ended), or entirely below the lowest dated claim divided by it, how far it is in words; by row of
    the pool, only for those far ones."""
    counts = pool[pool["count"]]
    dated = counts[counts["as_of"].notna()]
    highest = dated["high"].astype(float).fillna(np.inf).groupby(dated["g"]).max()
    lowest = dated["low"].astype(float).groupby(dated["g"]).min()
    undated = counts[counts["as_of"].isna()]
    top, bottom = undated["g"].map(highest).astype(float), undated["g"].map(lowest).astype(float)
    above = (undated["low"].astype(float) > OUTLIER_FACTOR * top).fillna(False)
    below = (undated["high"].astype(float) < bottom / OUTLIER_FACTOR).fillna(False)
    far = (above | below).to_numpy(dtype=bool)
    undated, top, bottom, above, below = (x[far] for x in (undated, top, bottom, above, below))
    number = lambda values: values.map(lambda v: "" if pd.isna(v) else f"{v:,.0f}").astype("str")  # noqa: E731
    how_far = pd.Series("", index=undated.index).mask(
        above, f"more than {OUTLIER_FACTOR:g} times the highest dated claim for this subject (" + number(top) + ")")
    fraction = "half" if OUTLIER_FACTOR == 2 else f"1/{OUTLIER_FACTOR:g} of"
    how_far = how_far.mask(below, f"under {fraction} the lowest dated claim for this subject (" + number(bottom) + ")")
    return pd.Series(how_far.to_numpy(), index=undated.index.to_numpy(), dtype="str")


def nested_scopes(figures: pd.DataFrame, data: Dataset) -> Checks:
    """Figures of nested scopes counted at one event (`schema.QUANTITY_WITHIN`): the narrower count cannot exceed
    the wider. Each figure is compared with the reference figure (primary document first, then the latest) of
    every wider scope for the same occurrence, side and population.

    The wider count bounds the narrower from above: where every value of the narrower lies at or below every
    value of the wider they differ by scope ("dozens of military vehicles" and "about 150 pieces of military
    hardware"); where some do, the bounds allow both; where none do, they contradict.
    """
    wider: dict[str, list[str]] = {}
    for quantity in QUANTITY_WITHIN:
        chain, parent = [], QUANTITY_WITHIN[quantity]
        while parent is not None:
            chain.append(parent)
            parent = QUANTITY_WITHIN.get(parent)
        wider[quantity] = chain
    wider_scopes = list(QUANTITY_WITHIN.values())
    figures = figures.reset_index(drop=True)  # by position, as in `resolved_dates`
    scoped = figures.loc[(figures["quantity"].isin([*wider, *wider_scopes]) & figures["event_id"].notna()).to_numpy(
        dtype=bool), ["figure_id", "quantity", "side", "population", "event_id", "source_id", "as_of"]]
    if not scoped["quantity"].isin(list(wider)).any() or not scoped["quantity"].isin(wider_scopes).any():
        return _none("nested scopes")  # nothing narrower, or nothing wider to hold it against
    occurrence = _at(data.events["occurrence_id"], positions(data.events["event_id"], scoped["event_id"]),
                     scoped.index)
    pool = scoped[occurrence.notna()].assign(
        at=scoped.index[occurrence.notna()], occurrence=occurrence.dropna(),
        population_key=scoped["population"].astype("object").fillna("-"), quantity_key=scoped["quantity"].astype("str"),
        primary=lookup(scoped["source_id"], data.sources["source_type"].astype("str")) == "primary_document")
    keys = ["occurrence", "side", "population_key"]
    narrow = pool[pool["quantity_key"].isin(list(wider))]
    narrow = narrow.assign(wider_key=narrow["quantity_key"].map(wider)).explode("wider_key")
    as_of = pool["as_of"].to_numpy().view("int64")
    latest_first = np.where(pool["as_of"].isna().to_numpy(), np.iinfo(np.int64).max, -as_of)
    references = pool.iloc[np.lexsort((id_ranks(pool["figure_id"]), latest_first,
                                       ~pool["primary"].to_numpy()))].drop_duplicates([*keys, "quantity_key"])
    pairs = narrow[[*keys, "wider_key", "at"]].astype({"side": "str"}).merge(
        references[[*keys, "quantity_key", "at"]].astype({"side": "str"}).rename(
            columns={"quantity_key": "wider_key", "at": "wider_at"}), on=[*keys, "wider_key"])
    if pairs.empty:
        return _none("nested scopes")
    mine, theirs = figures.iloc[pairs["at"].to_numpy()], figures.iloc[pairs["wider_at"].to_numpy()]
    inner, outer = rounded_ranges(mine).set_axis(pairs.index), rounded_ranges(theirs).set_axis(pairs.index)
    too_many = outer["high"].notna() & ((inner["low"] > outer["high"]) | (
        (inner["low"] == outer["high"]) & (inner["low_strict"] | outer["high_strict"])))
    all_fit = inner["high"].notna() & (inner["high"] <= outer["low"])
    verdict = np.select([too_many.to_numpy(dtype=bool), all_fit.to_numpy(dtype=bool)], [CONTRADICTS, DIFFER_SCOPE],
                        BOUNDS_ALLOW_BOTH)
    noun = {q: q.replace("_", " ") for q in [*wider, *QUANTITY_WITHIN.values()]}

    def counted(rows: pd.DataFrame) -> pd.Series:  # "about 150 military hardware", "dozens of military vehicles"
        vague = quantities.rule_for(rows["qualifier"]).isin(
            [q for q, rule in quantities.QUALIFIER_RULES.items() if not rule.takes_value])
        return (rows["words"] + np.where(vague, " of ", " ") + rows["quantity"].astype("str").map(noun) + " ("
                + rows["figure_id"] + ", " + rows["claimant"] + ")")

    return _kept(
        "nested scopes",
        subject=pairs["occurrence"].to_numpy(),
        stated=counted(mine).to_numpy(),
        derived=counted(theirs).to_numpy(),
        verdict=verdict,
        sources=mine["source_id"].to_numpy() + " vs " + theirs["source_id"].to_numpy(),
        detail=("every one of the " + mine["quantity"].astype("str").map(noun) + " counts among the "
                + pairs["wider_key"].map(noun).to_numpy() + ", so the first count cannot exceed the second").to_numpy(),
    )


def totals_against_claims(figures: pd.DataFrame) -> Checks:
    """A both-sides total against the claimants' own figures of the same quantity up to its date.

    The parts are the latest claim per side and population on or before the total's date: every population for
    a total of all people, soldiers only for a total whose population the source does not state (the narrowest
    reading). They may not be all there is, so they bound the total from below only: a total below their sum
    contradicts; a total above it differs by scope. A total of one incident is held only against parts of the
    same incident, and a war's total only against war-wide parts (`statistics.incidents`).
    """
    figures = figures.reset_index(drop=True)  # by position, as in `resolved_dates`
    all_people = figures["population"].isna() | (figures["population"] == "all")
    dated = figures["as_of"].notna()
    is_total = ((figures["side"] == "both") & all_people & dated).to_numpy(dtype=bool)
    totals = figures[is_total]
    # Parts only of a quantity and unit some total counts in (as integer codes: no string per figure).
    quantity, unit = pd.factorize(figures["quantity"])[0], pd.factorize(figures["unit"])[0]
    counted = quantity * np.int64(unit.max(initial=-1) + 2) + unit
    part = ((figures["side"] != "both") & (figures["population"] != "all") & dated).to_numpy(dtype=bool) & np.isin(
        counted, counted[is_total])
    pool = figures.loc[part, ["quantity", "unit", "incident", "side", "population", "as_of", "figure_id", "low",
                              "high", "low_strict", "high_strict", "source_id"]]  # what a part is matched, summed by
    if totals.empty or pool.empty:
        return _none("total against claims")
    # The latest part per (total, side, population), found for all totals at once by an as-of merge (ties on
    # as_of go to the last figure_id, as a sort by as_of and figure_id keeping the last would).
    keys = ["quantity", "unit", "incident"]

    def keyed(rows: pd.DataFrame) -> pd.DataFrame:  # the keys as text, "-" for a war-wide figure's incident
        return rows.assign(**{k: rows[k].astype("object").fillna("-").astype("str") for k in keys})

    pool = keyed(pool).assign(population=pool["population"].astype("object").fillna("-").astype("str"),
                              side=pool["side"].astype("str"))
    wanted = keyed(totals[["figure_id", "as_of", *keys]]).rename(
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
        return _none("total against claims")
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
    return _kept(
        "total against claims",
        subject=stated["figure_id"].to_numpy(),
        stated=stated["words"].to_numpy(),
        derived=(words + " (" + summed["ids"] + ")").to_numpy(),
        verdict=verdict,
        sources=(stated["source_id"].to_numpy() + " vs " + summed["sources"]).to_numpy(),
        detail=("latest claim per side and population up to " + stated["as_of"].dt.strftime("%Y-%m-%d")).to_numpy(),
    )


def summarise(checks: Checks | pd.DataFrame) -> str:
    """A Markdown paragraph per verdict group: what agrees, what differs and why, what contradicts. Of a `Checks`,
    only the rows quoted are worded."""
    verdicts = checks.table["verdict"] if isinstance(checks, Checks) else checks["verdict"]
    counts = verdicts.value_counts()
    agree = int(counts.get(CONSISTENT, 0) + counts.get(WITHIN_PRECISION, 0))
    lines = [f"**{len(checks)} facts checked.** {agree} agree with their derivation or with the other sources "
             f"({int(counts.get(WITHIN_PRECISION, 0))} of them only at the precision of the words)."]
    explained = {  # (for one, for several)
        BOUNDS_ALLOW_BOTH: ("differs, but the ranges the words allow overlap",
                            "differ, but the ranges their words allow overlap"),
        DIFFER_AS_OF: ("differs, and was counted on a different date or is undated",
                       "differ, and were counted on different dates or are undated"),
        DIFFER_SCOPE: ("differs because it counts a different thing", "differ because they count different things"),
        NOT_CHECKABLE: ("cannot be checked", "cannot be checked"),
        OUTLIER: ("is undated and far from every dated count of its subject: review it",
                  "are undated and far from every dated count of their subject: review them"),
        CONTRADICTS: ("**contradicts**: no reading of the words lets both be true",
                      "**contradict**: no reading of the words lets both be true"),
    }
    missing = " (a needed fact is missing: a publication date, or another source's figure or a span to compare it with)"
    for verdict, (one, several) in explained.items():
        at = np.flatnonzero((verdicts == verdict).to_numpy(dtype=bool))
        if not len(at):
            continue
        meaning = (one if len(at) == 1 else several) + (missing if verdict == NOT_CHECKABLE else "")
        rows = worded(checks, at[:8]) if isinstance(checks, Checks) else checks.iloc[at[:8]]
        # The data's words, escaped: a '*' or '<' in a title is shown as written, never as markup.
        items = "; ".join((rows["stated"] + " against " + rows["derived"]).map(escape_markdown))
        more = f" (and {len(at) - 8} more)" if len(at) > 8 else ""
        lines.append(f"- {len(at)} {meaning}: {items}{more}.")
    if not counts.get(CONTRADICTS, 0):
        lines.append("- Nothing contradicts.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- CLI


def render_table(checks: pd.DataFrame, width: int | None = None) -> str:
    """The checks as a plain-text table fitted to `width` (the terminal's), long cells wrapped, never cut."""
    from analysis import markup

    rows = checks.astype("str").to_numpy().tolist()
    return markup.text_table(rows, list(checks.columns), width=width or markup.terminal_width(), title_columns=2)


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--data", type=Path, action="append", default=None,
                        help="data folder; repeat it to judge several together, e.g. the curated claims and "
                             "imported event data (default: the bundled data/)")
    parser.add_argument("--format", choices=["table", "csv", "markdown"], default="table")
    parser.add_argument("--only", choices=sorted(CHECKS), action="append", help="show only these checks (repeatable)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 on outliers to review too, not only on contradictions")


def run_command(args: argparse.Namespace) -> int:
    data = loading.load_all_for_command(args.data or [None])
    if data is None:
        return 2
    try:
        found = run_checks(data)
    except moments.TimeZoneError as error:  # the loader takes any Area/Place; only the zone database knows them
        print(f"{data.data_dir}/{error}", file=sys.stderr)
        return 2
    if args.only:
        found = select(found, found.table["check"].isin(args.only))
    if args.format == "csv":  # worded a chunk at a time: the rows' words are never all in memory at once
        print(",".join(COLUMNS))  # the header to_csv writes
        for rows in _chunks(found):
            print(rows.to_csv(index=False, header=False), end="")
    elif args.format == "markdown":
        print("| " + " | ".join(COLUMNS) + " |\n" + "|" + "---|" * len(COLUMNS))
        for rows in _chunks(found):
            print(_markdown(rows))
    else:
        print(render_table(worded(found)))
    from analysis.markup import terminal_width, wrap

    width = terminal_width()
    summary = sys.stderr if args.format == "csv" else sys.stdout  # `> checks.csv` holds the rows, nothing else
    verdicts = found.table["verdict"]
    counts = verdicts.value_counts().reindex(VERDICTS).dropna().astype(int)
    print("\n" + wrap(", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n), width), file=summary)
    outliers = [words for rows in _chunks(found, verdicts == OUTLIER) for words in rows["stated"]]
    if outliers:
        print(wrap(f"{len(outliers)} outlier(s) to review: " + "; ".join(outliers), width), file=summary)
    contradicting = [words for rows in _chunks(found, verdicts == CONTRADICTS)
                     for words in rows["check"] + " " + rows["subject"]]
    if contradicting:
        print(wrap(f"{len(contradicting)} contradiction(s): " + "; ".join(contradicting), width), file=summary)
    return 1 if contradicting or (args.strict and outliers) else 0


def _chunks(found: Checks, rows: pd.Series | None = None):
    """`worded` of `rows` of `found.table` (all by default), `_CHUNK` rows at a time."""
    at = np.arange(len(found)) if rows is None else np.flatnonzero(rows.to_numpy(dtype=bool))
    for start in range(0, len(at), _CHUNK):
        yield worded(found, at[start:start + _CHUNK])


_CHUNK = 100_000  # rows worded at a time for a CSV or Markdown table


def _markdown(checks: pd.DataFrame) -> str:
    """The rows of a worded table as Markdown table rows (without the header)."""
    cells = checks.astype("str").apply(lambda c: c.str.replace("|", "\\|"))
    return "\n".join(("| " + cells.agg(" | ".join, axis=1) + " |").tolist())
