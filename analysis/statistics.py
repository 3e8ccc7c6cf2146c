"""Figures with their bounds: tidy tables by side, claimant and date, claim comparisons, totals and rates.

What a source said (value, qualifier, words) stays in its columns; what we derive (bounds arithmetic, rates,
spreads) is computed here and never written back.

>>> from analysis import load
>>> table = figures_with_bounds(load())
>>> table.loc["an-deaths-total", "words"]
'more than 5,600'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.extensions import ExtensionArray

from analysis import dates, quantities
from analysis.loading import Dataset, split_ids
from analysis.quantities import Quantity
from analysis.schema import AS_OF_UP_TO, INCIDENT_KINDS
from analysis.timeline import claimant_names, spans

CASUALTY_QUANTITIES = ["deaths", "wounded", "missing", "displaced", "bodies_unidentified"]
PerRow = TypeVar("PerRow", pd.Series, pd.DataFrame)

FORCE_QUANTITIES = ["peacekeepers", "troops", "armoured_vehicles", "motor_vehicles", "military_vehicles"]


def figures_with_bounds(data: Dataset) -> pd.DataFrame:
    """One tidy row per figure: the words as stated, low/best/high, open ends, claimant and publisher.

    `best` is the stated value only where the words include it ("more than 5,600" excludes 5,600, so has none).
    """
    figures = data.figures
    # Sorted first, on integer codes and the ids alone; then each column is taken once, in that order.
    order = _sort_order(figures, ["quantity", "side", "as_of"], "figure_id")
    rows = _take(figures[["figure_id", "quantity", "side", "population", "unit", "value", "qualifier", "value_text",
                          "low", "high", "scope", "as_of", "as_of_basis", "as_of_expression", "event_id",
                          "total_of"]], order)
    rows.index = _index_in_order(figures, order, rows["figure_id"])
    # Ids of claimants and sources repeat: they and the names they give are taken from their distinct pairs.
    sourced = _per_distinct(figures[["claimant_id", "source_id"]], lambda pairs: pairs.assign(
        claimant=claimant_names(pairs, data),
        publisher=pairs["source_id"].map(data.sources["publisher"]).astype("str")), order)
    # The rule of each distinct qualifier, then taken per row by its code.
    code, distinct = pd.factorize(rows["qualifier"], use_na_sentinel=False)
    rules = [quantities.QUALIFIER_RULES[name] for name in quantities.rule_for(pd.Series(np.asarray(distinct, object)))]
    low_strict = pd.Series(np.array([rule.low_strict for rule in rules], dtype=bool)[code], index=rows.index)
    high_strict = pd.Series(np.array([rule.high_strict for rule in rules], dtype=bool)[code], index=rows.index)
    return pd.DataFrame({
        "figure_id": rows["figure_id"],
        "quantity": rows["quantity"],
        "side": rows["side"],
        "population": rows["population"],
        "unit": rows["unit"],
        "value": rows["value"],
        "qualifier": rows["qualifier"],
        "value_text": rows["value_text"],
        "words": _words(rows),
        "low": rows["low"],
        "best": rows["value"].where(~(low_strict | high_strict)),  # as Quantity.stated does
        "high": rows["high"],
        "low_strict": low_strict,
        "high_strict": high_strict,
        "high_open": rows["high"].isna(),
        "scope": rows["scope"],
        "as_of": rows["as_of"],
        "as_of_basis": rows["as_of_basis"],
        "as_of_expression": rows["as_of_expression"],
        "claimant_id": sourced["claimant_id"].array,
        "claimant": sourced["claimant"].array,
        "publisher": sourced["publisher"].array,
        "source_id": sourced["source_id"].array,
        "event_id": rows["event_id"],
        "incident": incidents(rows["event_id"], data.events),
        "total_of": rows["total_of"],
    }, index=rows.index)


def incidents(event_ids: pd.Series, events: pd.DataFrame) -> pd.Series:
    """For each figure's event id, the occurrence it counts alone: the `occurrence_id` of an event of one of
    `schema.INCIDENT_KINDS` (an attack, an ambush, a clash); <NA> for any other event, or none. A figure of one
    incident is compared only with other accounts of that occurrence, never with the war's totals."""
    one = np.flatnonzero(events["kind"].isin(INCIDENT_KINDS).to_numpy(dtype=bool))  # two columns taken, not the frame
    occurrences = events["occurrence_id"].astype("str").array.take(one)
    found = np.full(len(event_ids), -1)
    if len(one):
        # Arrow hashes the incident events' ids and probes the figures': no hash table of every figure's id.
        ids = pa.array(event_ids.array)
        where = pc.index_in(ids, value_set=pa.array(events["event_id"].array.take(one)).cast(ids.type))
        found = where.fill_null(-1).to_numpy()
    return pd.Series(occurrences.take(found, allow_fill=True), index=event_ids.index, dtype="str", name="incident")


def _take(frame: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """`frame.take(order)` without its index, two columns at a time: at 10^6 rows the random reads of the text
    columns are most of `figures_with_bounds`, and Arrow's take lets go of the GIL."""
    arrays = [frame[name].array for name in frame]
    with ThreadPoolExecutor(2) as pool:
        taken = list(pool.map(lambda array: array.take(order), arrays))
    return pd.DataFrame(dict(zip(frame.columns, taken, strict=True)), copy=False)


def _index_in_order(figures: pd.DataFrame, order: np.ndarray, ids_in_order: pd.Series) -> pd.Index:
    """`figures.index.take(order)`; an index that is the figure ids (as `load` makes it) is the ids already taken."""
    index = figures.index
    if index.dtype == ids_in_order.dtype and index.equals(pd.Index(figures["figure_id"].array)):
        return pd.Index(ids_in_order.array, name=index.name)
    return index.take(order)


def _sort_order(frame: pd.DataFrame, by: list[str], ids: str) -> np.ndarray:
    """Positions of `frame`'s rows sorted by the columns `by`, then by the text column `ids`, missing values last:
    the order of `frame.sort_values([*by, ids], kind="stable", na_position="last")`.

    The ids (often all distinct) are sorted once by Arrow; the rest is one stable sort of `_ranks(frame[by])`.
    """
    order = pc.array_sort_indices(pa.array(frame[ids].array), null_placement="at_end").to_numpy()
    rank = _ranks(frame[by])
    return order[np.argsort(rank[order], kind="stable")]


def _ranks(frame: pd.DataFrame) -> np.ndarray:
    """One integer per row that orders the rows as sorting on all the frame's columns does, missing values last;
    a categorical column in the order of its categories, as pandas sorts it."""
    rank = np.zeros(len(frame), dtype=np.int64)
    for name in frame:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            code, size = column.cat.codes.to_numpy(dtype=np.int64), len(column.cat.categories)
        else:
            code, distinct = pd.factorize(column, sort=True)
            size = len(distinct)
        rank = rank * (size + 1) + np.where(code < 0, size, code)  # missing (-1) after every value
        if rank.max(initial=0) >= 2**31:  # renumbered densely, so that the next column cannot overflow
            rank, _ = pd.factorize(rank, sort=True)
    return rank


def _per_distinct(frame: pd.DataFrame, compute: Callable[[pd.DataFrame], PerRow], order: np.ndarray | None = None
                  ) -> PerRow:
    """`compute(frame)`, a Series or DataFrame with a row per row of `frame`, computed on the distinct rows alone
    (missing values alike) and taken back for the rows at the positions `order` (all, by default), numbered 0 to n-1.
    """
    number, one = _distinct_rows(frame)
    return compute(frame.iloc[one]).reset_index(drop=True).take(number if order is None else number[order])


def _distinct_rows(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's number among the frame's distinct rows (missing values alike), and the position of one row
    with each number."""
    number, _ = pd.factorize(_ranks(frame))
    one = np.zeros(number.max(initial=-1) + 1, dtype=np.int64)
    one[number] = np.arange(len(frame))  # any row of a number will do: they are alike
    return number, one


def _words(figures: pd.DataFrame) -> pd.Series:
    """Each figure in a careful writer's words: `quantities.describe` of its value, qualifier and unit of time or
    share ("six weeks", "nearly 50%"), worded by `_words_by_column` once per distinct (value, qualifier, unit)."""
    unit = figures["unit"]
    words = _per_distinct(pd.DataFrame({
        "value": figures["value"].to_numpy(dtype=float, na_value=np.nan),
        "qualifier": figures["qualifier"],
        "unit": unit.where(unit.isin(quantities.SPOKEN_UNITS)),
    }), _words_by_column)
    return pd.Series(words.array, index=figures.index)


def _words_by_column(figures: pd.DataFrame) -> pd.Series:
    """Each figure's words (see `_words`), put together by column.

    A whole number with a qualifier that takes one reads as the qualifier's words, then the number with its unit
    ("more than 5,600", "six weeks"), whatever way the qualifier rounds: those are put together by column from the
    words of each distinct number and unit. The rest (fractions, vague amounts, estimates) are described once per
    distinct value, qualifier and unit.
    """
    value = figures["value"].to_numpy(dtype=float, na_value=np.nan)
    qualifier = figures["qualifier"].astype("object").to_numpy()
    unit = figures["unit"].astype("object")
    # Only a unit of time or a share is worded: a count's noun is the sentence's ("5,600 people").
    unit = unit.where(unit.isin(quantities.SPOKEN_UNITS), None).to_numpy()
    prefix = {}
    for words in pd.unique(qualifier[pd.notna(qualifier)]):
        try:
            rule = quantities.QUALIFIER_RULES[quantities.rule_for(words)]
        except ValueError:
            continue  # `describe` raises its own error below
        if rule.takes_value and not rule.stated_bounds:
            stated = " ".join(words.split())  # the source's own words, as `describe` writes them
            prefix[words] = "" if stated == "exact" else stated + " "
    prefixes = pd.Series(qualifier, dtype="object").map(prefix).to_numpy()
    with np.errstate(invalid="ignore"):
        whole = pd.notna(prefixes) & np.isfinite(value) & (value >= 0) & (value == np.floor(value))
    plain = whole & pd.isna(unit)  # no unit of time to word
    timed = whole & ~plain
    out = np.empty(len(figures), dtype=object)
    out[plain] = prefixes[plain] + _whole_numbers(value[plain])
    out[timed] = prefixes[timed] + _described(value[timed], np.full(timed.sum(), "exact", dtype=object), unit[timed])
    out[~whole] = _described(value[~whole], qualifier[~whole], unit[~whole])
    return pd.Series(out, index=figures.index, dtype="str")


def _whole_numbers(values: np.ndarray) -> np.ndarray:
    """Whole numbers as `quantities.describe` writes them: "three" up to nine, then digits with separators
    ("5,600"); worded once per distinct number."""
    distinct, at = np.unique(values, return_inverse=True)
    words = [quantities.describe(float(v), "exact") if v < 10 else f"{int(v):,}" for v in distinct]
    return np.array(words, dtype=object)[at] if len(words) else np.empty(0, dtype=object)


def _described(value: np.ndarray, qualifier: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """`quantities.describe` for each row, called once per distinct (value, qualifier, unit)."""
    if not len(value):
        return np.empty(0, dtype=object)
    frame = pd.DataFrame({"value": value, "qualifier": qualifier, "unit": unit})
    code = frame.groupby(["value", "qualifier", "unit"], sort=False, dropna=False).ngroup().to_numpy()
    first = ~frame.duplicated().to_numpy()
    words = np.empty(code.max() + 1, dtype=object)
    words[code[first]] = [quantities.describe(None if pd.isna(v) else float(v), q, None if pd.isna(u) else u)
                          for v, q, u in frame[first].itertuples(index=False, name=None)]
    return words[code]


def claims(table: pd.DataFrame, quantity: str | None = None, *, sides: Iterable[str] | None = None,
           claimants: Iterable[str] | None = None, populations: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows of `figures_with_bounds` for one quantity (and sides, claimants, populations), in date order."""
    keep = pd.Series(True, index=table.index)
    if quantity is not None:
        keep &= table["quantity"] == quantity
    if sides is not None:
        keep &= table["side"].isin(list(sides))
    if claimants is not None:
        wanted = list(claimants)
        keep &= table["claimant_id"].isin(wanted) | table["claimant"].isin(wanted)
    if populations is not None:
        keep &= table["population"].isin(list(populations))
    return table[keep].sort_values(["side", "population", "as_of", "figure_id"], kind="stable", na_position="last")


def claims_over_time(data: Dataset, quantity: str = "deaths") -> pd.DataFrame:
    """Each claimant's figures for one quantity by as-of date, ready for the estimates chart (which leaves out the
    counts of one incident, `incident` not empty: they are no estimates of the war's count)."""
    columns = ["figure_id", "as_of", "claimant", "side", "population", "low", "high", "best", "qualifier",
               "value_text", "words", "high_open", "publisher", "source_id", "scope", "incident"]
    return claims(figures_with_bounds(data), quantity)[columns].sort_values(
        ["claimant", "side", "as_of", "figure_id"], kind="stable", na_position="last")


def left_out(table: pd.DataFrame, shown: Iterable[str]) -> str:
    """What a report that shows only the quantities `shown` leaves out of `table`, in words, "" for nothing: the
    quantities by name, each with its count, so that no name is made a plural it is not ("1 areas"):

    >>> left_out(pd.DataFrame({"quantity": ["deaths", "displaced", "duration", "duration"]}), ["deaths"])
    '3 figures of duration (2) and displaced (1)'
    >>> left_out(pd.DataFrame({"quantity": ["deaths", "areas"]}), ["deaths"])
    '1 figure of areas'
    """
    counts = table.loc[~table["quantity"].isin(list(shown)), "quantity"].astype("str").str.replace("_", " ")
    counts = counts.value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    if counts.empty:
        return ""
    parts = [quantity if len(counts) == 1 else f"{quantity} ({n:,})" for quantity, n in counts.items()]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{counts.sum():,} figure{'' if counts.sum() == 1 else 's'} of {listed}"


def latest_claims(table: pd.DataFrame) -> pd.DataFrame:
    """The latest dated figure of each claimant for each quantity, side and population, and incident: a count of
    one incident (`incidents`) is never a claimant's latest word on the war's count."""
    keys = ["quantity", "side", "population", "incident", "claimant"]
    # Picked on the columns that decide; the table's rows are taken once, at the end.
    dated = np.flatnonzero(table["as_of"].notna().to_numpy())
    decide = table[[*keys, "as_of", "figure_id"]].iloc[dated]
    group = _ranks(decide[keys])  # in the order of the keys
    day = _ranks(decide[["as_of"]])
    # Of the figures on each group's latest day (usually one), the one with the last id, as a sort would pick.
    latest = np.flatnonzero(day == pd.Series(day).groupby(group).transform("max").to_numpy())
    order = latest[_sort_order(decide.iloc[latest].assign(group=group[latest]), ["group"], "figure_id")]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = group[order][1:] != group[order][:-1]
    return table.iloc[dated[order[last]]]


def compare_claims(table: pd.DataFrame) -> pd.DataFrame:
    """Claims side by side per quantity, side and population: how many, by whom, the range and the spread.

    Durations are left out: two durations of one unit usually measure different things (see `checks`). A
    figure of one incident (its `incident`, see `incidents`) is no rival estimate of the war's count: it is set
    beside the other accounts of that incident only, in a row of its own (`incident` empty: the war-wide row).
    `spread_low`/`spread_high` bound the gap between the highest and the lowest claim: at least the highest
    low minus the lowest high (never below 0), at most the highest high minus the lowest low (open if any
    claim is open-ended).
    """
    keys = ["quantity", "side", "population", "unit", "incident"]
    # Only the columns read; durations are of different things (the checks compare them).
    claims = table.loc[(table["quantity"] != "duration").to_numpy(),
                       [*keys, "figure_id", "low", "high", "claimant", "words", "as_of"]]
    grouped = claims.assign(open_high=claims["high"].isna()).groupby(keys, observed=True, dropna=False)
    out = grouped.agg(
        claims=("figure_id", "size"),
        lowest_low=("low", "min"),
        highest_low=("low", "max"),
        lowest_high=("high", "min"),
        highest_high=("high", "max"),
        any_open=("open_high", "any"),
    )
    group = grouped.ngroup().to_numpy()  # numbered in the order of `out`
    claimant, names = pd.factorize(claims["claimant"], sort=True)
    pairs = np.unique(group * len(names) + claimant)  # each group's claimants once each, in alphabetical order
    out.insert(1, "claimants", _joined(pairs // max(len(names), 1), len(out), names.take(pairs % max(len(names), 1))))
    out.insert(2, "figures", _joined(group, len(out), claims["words"].array))
    out.insert(3, "as_of", _joined(group, len(out), _per_distinct(
        claims[["as_of"]], lambda days: dates.iso_days(days["as_of"])).array))
    single = out["claims"] == 1  # one claim has no spread, whatever its own range
    out["spread_low"] = (out["highest_low"] - out["lowest_high"]).clip(lower=0).mask(single, 0)
    out["spread_high"] = (out["highest_high"] - out["lowest_low"]).mask(out["any_open"]).mask(single, 0)
    return out.reset_index()


def _joined(group: np.ndarray, groups: int, texts: ExtensionArray | pd.Index) -> ExtensionArray:
    """The texts of each group (numbered 0 to groups - 1) joined with "; ", in their order within the group."""
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(groups + 1))  # where each group starts, then the end
    values = pa.chunked_array(pa.array(texts)).take(order).combine_chunks()
    lists = pa.LargeListArray.from_arrays(pa.array(starts, pa.int64()), values)
    return pd.array(pc.binary_join(lists, pa.scalar("; ", values.type)).to_pylist(), dtype="str")


def quantity_of(table: pd.DataFrame, figure_id: str) -> Quantity:
    """The figure as a `Quantity` that carries its bounds through arithmetic."""
    if figure_id not in table.index:
        raise KeyError(f"unknown figure id {figure_id!r}")
    row = table.loc[figure_id]
    value = None if pd.isna(row["value"]) else float(row["value"])
    return Quantity.stated(value, str(row["qualifier"]), str(row["unit"]))


def compatible_total(table: pd.DataFrame, figure_ids: Iterable[str]) -> Quantity:
    """Sum of figures that count the same thing in the same unit, without counting any figure twice.

    A sum of "at least" figures is itself "at least". Raises ValueError naming the figures that do not fit:
    different quantities or units, a figure given twice, two claims for the same side and population (they are
    alternative counts of one thing, not parts), a figure together with a total that already includes it.
    """
    ids = list(figure_ids)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"{repeated} given more than once")
    rows = table.loc[ids]
    alternatives = rows[rows.duplicated(["side", "population"], keep=False)]
    if len(alternatives):
        raise ValueError("alternative claims for the same side and population cannot be added: "
                         + ", ".join(f"{i} ({s}, {p})" for i, s, p in zip(
                             alternatives.index, alternatives["side"], alternatives["population"], strict=True)))
    for column in ("quantity", "unit"):
        if rows[column].astype("str").nunique() > 1:
            raise ValueError(f"cannot add figures of different {column}: "
                             + ", ".join(f"{i} ({v})" for i, v in zip(ids, rows[column], strict=True)))
    included = set(split_ids(rows["total_of"]))
    if included & set(ids):
        raise ValueError(f"{sorted(included & set(ids))} already counted in a total among {ids}")
    return sum((quantity_of(table, figure_id) for figure_id in ids), start=Quantity.exact(0, str(rows["unit"].iloc[0])))


def stated_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Each figure stated as a total of others, beside the sum of its parts with bounds carried.

    Summed for all totals at once, as `compatible_total` would: an open bound leaves the sum open, an excluded
    bound excludes it. A total that `compatible_total` refuses is handed to it, so it raises its own error.
    """
    totals = table[table["total_of"].notna().to_numpy()]
    parts = split_ids(totals["total_of"])
    rows = table.iloc[_positions(table.index, parts)]
    frame = pd.DataFrame({
        "total": parts.index, "part": parts.to_numpy(),
        "quantity": rows["quantity"].astype("str").to_numpy(), "unit": rows["unit"].astype("str").to_numpy(),
        "low": rows["low"].to_numpy(dtype=float, na_value=np.nan),
        "high": rows["high"].to_numpy(dtype=float, na_value=np.nan),
        "low_strict": rows["low_strict"].to_numpy(dtype=bool), "high_strict": rows["high_strict"].to_numpy(dtype=bool),
    })
    frame["high_open"] = frame["high"].isna()
    nested = split_ids(rows["total_of"].set_axis(pd.Index(parts.index)))  # ids inside a part that is a total
    grouped = frame.groupby("total", sort=False)
    refused = set(grouped[["quantity", "unit"]].nunique().gt(1).any(axis=1).loc[lambda s: s].index) | set(
        nested.index[pd.MultiIndex.from_arrays([nested.index, nested.to_numpy()]).isin(
            pd.MultiIndex.from_frame(frame[["total", "part"]]))])
    for total_id in refused:  # raises, naming the figures that do not fit
        compatible_total(table, parts.loc[[total_id]].tolist())
    sums = grouped.agg(low=("low", "sum"), high=("high", "sum"), high_open=("high_open", "any"),
                       low_strict=("low_strict", "any"), high_strict=("high_strict", "any"), unit=("unit", "first"))
    sums["high"] = sums["high"].mask(sums["high_open"])
    sums = sums.reindex(totals.index)
    return pd.DataFrame({
        "figure_id": totals["figure_id"],
        "stated": totals["words"],
        "stated_low": totals["low"],
        "stated_high": totals["high"],
        "stated_low_strict": totals["low_strict"],
        "stated_high_strict": totals["high_strict"],
        "parts": totals["total_of"],
        "sum_low": sums["low"].tolist(),
        "sum_high": sums["high"].tolist(),
        "sum_low_strict": sums["low_strict"].astype(bool).tolist(),
        "sum_high_strict": sums["high_strict"].astype(bool).tolist(),
        "sum_words": bounds_words(sums).tolist(),
    }, index=totals.index)


def _positions(index: pd.Index, labels: pd.Series) -> np.ndarray:
    """Where each of a few `labels` is in a long `index` of texts (KeyError naming those it lacks).

    Arrow hashes the labels and looks every entry of the index up among them: `.loc` would first build pandas' hash
    table of the whole index, which for 10^6 ids takes longer than the rest of `stated_totals`.
    """
    code, distinct = pd.factorize(labels)
    entries = pa.array(index)
    found = pc.index_in(entries, value_set=pa.array(distinct).cast(entries.type)).fill_null(-1).to_numpy()
    rows = np.flatnonzero(found >= 0)
    position = np.full(len(distinct), -1, dtype=np.int64)
    position[found[rows]] = rows
    if (position < 0).any():
        raise KeyError(f"{list(distinct[position < 0])} not in the index")
    return position[code]


def bounds_words(sums: pd.DataFrame) -> pd.Series:
    """Words for sums of quantities (columns low, high, low_strict, high_strict, unit; NaN is open), one
    `Quantity.to_words` call per distinct row."""
    columns = ["low", "high", "low_strict", "high_strict", "unit"]
    distinct = sums[columns].drop_duplicates()
    distinct["words"] = [
        Quantity(None if pd.isna(low) else low, None, None if pd.isna(high) else high, unit, low_strict,
                 high_strict).to_words()
        for low, high, low_strict, high_strict, unit in distinct.itertuples(index=False, name=None)
    ]
    return pd.Series(sums[columns].merge(distinct, on=columns, how="left")["words"].to_numpy(), index=sums.index,
                     dtype="str")


def rate_wanted(data: Dataset, figure_id: str | None, span_id: str | None) -> bool:
    """Whether a rate per day is asked for: False where `figure_id` is None or "" (the rate left out). Raises
    UnknownValueError naming the parameters to set where the figure or the span is not in the data (the
    casualties report's defaults name the curated data's, which an imported folder does not have)."""
    from analysis.loading import UnknownValueError, _suggestion

    if not figure_id:
        return False
    problems = []
    figures, known_spans = list(data.figures["figure_id"]), list(data.spans["span_id"])
    def close(value: str, known: list[str], name: str) -> str:  # "(did you mean ...?)", or nothing
        words = _suggestion(value, known, name)
        return words if "did you mean" in words else ""

    if figure_id not in figures:
        problems.append(f"rate_figure {figure_id!r} is no figure of the data{close(figure_id, figures, 'figures')}")
    if not span_id:
        problems.append("rate_span is not set")
    elif span_id not in known_spans:
        problems.append(f"rate_span {span_id!r} is no span of the data"
                        + (close(span_id, known_spans, "spans") if known_spans else " (it has no spans)"))
    if problems:
        raise UnknownValueError("; ".join(problems) + ". Set -p rate_figure=FIGURE -p rate_span=SPAN (a figure "
                                "and a span of this data), or -p rate_figure=None to leave the rate out.")
    return True


def rate_per_day(data: Dataset, figure_id: str, span_id: str) -> Quantity:
    """A figure divided by the length of a span in days, with bounds (e.g. deaths per day of fighting)."""
    table = figures_with_bounds(data)
    span = spans(data).loc[span_id]
    shortest = (span["end"] - span["start_latest"]).days
    longest = (span["end_latest"] - span["start"]).days
    days = Quantity(float(shortest), None, None if span["end_open"] else float(longest), "days")
    if shortest == longest:
        days = Quantity.exact(float(shortest), "days")
    return quantity_of(table, figure_id).per_day(days)


def ratio(data: Dataset, numerator_id: str, denominator_id: str) -> Quantity:
    """One figure divided by another with bounds carried: low = low / high, high = high / low."""
    table = figures_with_bounds(data)
    return quantity_of(table, numerator_id).ratio(quantity_of(table, denominator_id))


def figures_table(table: pd.DataFrame) -> pd.DataFrame:
    """Figures as a reader sees them: the source's words, the bounds they allow, who claimed and who reported."""
    # An as-of date that is only a bound ("by the end of last month") says so.
    by = table["as_of_basis"].astype("object").isin(AS_OF_UP_TO).map({True: "by ", False: ""})
    # At the precision of the source's words: "as of June 2021" is June 2021, never the 1 June it is stored as.
    precision = (dates.stated_moment_precisions(table["as_of_expression"]) if "as_of_expression" in table
                 else pd.Series("day", index=table.index))
    day = table["as_of"].dt.strftime("%d %b %Y").str.lstrip("0")
    for coarser, pattern in (("month", "%b %Y"), ("year", "%Y")):
        if precision.eq(coarser).any():
            day = day.where(precision.ne(coarser), table["as_of"].dt.strftime(pattern))
    as_of = (by + day).fillna("undated")
    return pd.DataFrame({
        "quantity": table["quantity"].astype("str"),
        "side": table["side"].astype("str"),
        "population": table["population"].astype("object").fillna("").astype("str"),
        "as stated": table["value_text"],
        "low": table["low"].round().astype("Int64"),  # the qualifier rule rounds bounds to whole numbers
        "high": table["high"].round().astype("Int64").astype("object").where(table["high"].notna(), "open"),
        "claimed by": table["claimant"],
        "reported by": table["publisher"],
        "as of": as_of,
        "figure_id": table["figure_id"],
    }, index=table.index)
