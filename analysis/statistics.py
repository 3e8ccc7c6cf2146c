"""Figures with their bounds: tidy tables by side, claimant and date, claim comparisons, totals and rates.

What a source said (value, qualifier, words) stays in its columns; what we derive (bounds arithmetic, rates,
spreads) is computed here and never written back.

>>> from analysis import load
>>> table = figures_with_bounds(load())
>>> table.loc["an-deaths-total", "words"]
'more than 5,600'
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import quantities
from analysis.loading import Dataset, split_ids
from analysis.quantities import Quantity
from analysis.schema import AS_OF_UP_TO
from analysis.timeline import claimant_names, spans

CASUALTY_QUANTITIES = ["deaths", "wounded", "missing", "displaced", "bodies_unidentified"]
FORCE_QUANTITIES = ["peacekeepers", "troops", "armoured_vehicles", "motor_vehicles", "military_vehicles"]


def figures_with_bounds(data: Dataset) -> pd.DataFrame:
    """One tidy row per figure: the words as stated, low/best/high, open ends, claimant and publisher.

    `best` is the stated value only where the words include it ("more than 5,600" excludes 5,600, so has none).
    """
    figures = data.figures
    rules = quantities.rule_for(figures["qualifier"]).astype("object").map(quantities.QUALIFIER_RULES)
    low_strict = rules.map(lambda rule: rule.low_strict).astype(bool)
    high_strict = rules.map(lambda rule: rule.high_strict).astype(bool)
    words = _words(figures)
    table = pd.DataFrame({
        "figure_id": figures["figure_id"],
        "quantity": figures["quantity"],
        "side": figures["side"],
        "population": figures["population"],
        "unit": figures["unit"],
        "value": figures["value"],
        "qualifier": figures["qualifier"],
        "value_text": figures["value_text"],
        "words": words,
        "low": figures["low"],
        "best": figures["value"].where(~(low_strict | high_strict)),  # as Quantity.stated does
        "high": figures["high"],
        "low_strict": low_strict,
        "high_strict": high_strict,
        "high_open": figures["high"].isna(),
        "scope": figures["scope"],
        "as_of": figures["as_of"],
        "as_of_basis": figures["as_of_basis"],
        "claimant_id": figures["claimant_id"],
        "claimant": claimant_names(figures, data),
        "publisher": figures["source_id"].map(data.sources["publisher"]).astype("str"),
        "source_id": figures["source_id"],
        "event_id": figures["event_id"],
        "total_of": figures["total_of"],
    }, index=figures.index)
    return table.sort_values(["quantity", "side", "as_of", "figure_id"], kind="stable", na_position="last")


def _words(figures: pd.DataFrame) -> pd.Series:
    """Each figure in a careful writer's words, from its value and qualifier (one call per distinct pair)."""
    pairs = figures[["value", "qualifier", "unit"]].astype("object").drop_duplicates()
    time_units = set(quantities.TIME_UNITS)
    described = {
        (v, q, u): quantities.describe(None if pd.isna(v) else float(v), q, u if u in time_units else None)
        for v, q, u in pairs.itertuples(index=False)
    }
    keys = pd.Series(list(zip(figures["value"].astype("object"), figures["qualifier"].astype("object"),
                              figures["unit"].astype("object"), strict=True)), index=figures.index)
    return keys.map(described).astype("str")


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
    """Each claimant's figures for one quantity by as-of date, ready for the estimates chart."""
    columns = ["figure_id", "as_of", "claimant", "side", "population", "low", "high", "best", "qualifier",
               "value_text", "words", "high_open", "publisher", "source_id", "scope"]
    return claims(figures_with_bounds(data), quantity)[columns].sort_values(
        ["claimant", "side", "as_of", "figure_id"], kind="stable", na_position="last")


def latest_claims(table: pd.DataFrame) -> pd.DataFrame:
    """The latest dated figure of each claimant for each quantity, side and population."""
    dated = table[table["as_of"].notna()]
    order = dated.sort_values(["as_of", "figure_id"], kind="stable")
    keys = ["quantity", "side", "population", "claimant"]
    return order.drop_duplicates(keys, keep="last").sort_values(keys, kind="stable")


def compare_claims(table: pd.DataFrame) -> pd.DataFrame:
    """Claims side by side per quantity, side and population: how many, by whom, the range and the spread.

    Durations are left out: two durations of one unit usually measure different things (see `checks`).
    `spread_low`/`spread_high` bound the gap between the highest and the lowest claim: at least the highest
    low minus the lowest high (never below 0), at most the highest high minus the lowest low (open if any
    claim is open-ended).
    """
    keys = ["quantity", "side", "population", "unit"]
    table = table[table["quantity"] != "duration"]  # durations of different things; the checks compare them
    grouped = table.assign(
        open_high=table["high"].isna(),
        as_of_text=table["as_of"].dt.strftime("%Y-%m-%d").fillna("undated"),
    ).groupby(keys, observed=True, dropna=False)
    out = grouped.agg(
        claims=("figure_id", "size"),
        claimants=("claimant", lambda s: "; ".join(sorted(set(s)))),
        figures=("words", lambda s: "; ".join(s)),
        as_of=("as_of_text", lambda s: "; ".join(s)),
        lowest_low=("low", "min"),
        highest_low=("low", "max"),
        lowest_high=("high", "min"),
        highest_high=("high", "max"),
        any_open=("open_high", "any"),
    )
    single = out["claims"] == 1  # one claim has no spread, whatever its own range
    out["spread_low"] = (out["highest_low"] - out["lowest_high"]).clip(lower=0).mask(single, 0)
    out["spread_high"] = (out["highest_high"] - out["lowest_low"]).mask(out["any_open"]).mask(single, 0)
    return out.reset_index()


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
    totals = table[table["total_of"].notna()]
    parts = split_ids(totals["total_of"])
    rows = table.loc[parts.to_numpy()]
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
    as_of = (by + table["as_of"].dt.strftime("%d %b %Y").str.lstrip("0")).fillna("undated")
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
