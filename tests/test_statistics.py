"""Statistics keep the source's words and carry bounds through every derivation."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import quantities, statistics


@pytest.fixture(scope="module")
def table(data):
    return statistics.figures_with_bounds(data)


def test_tidy_table_keeps_words_and_open_bounds(table):
    deaths = table.loc["an-deaths-total"]
    assert deaths["words"] == "more than 5,600" and deaths["value_text"] == "more than 5,600"
    assert deaths["low"] == 5600 and pd.isna(deaths["high"]) and deaths["high_open"] and deaths["low_strict"]
    assert pd.isna(deaths["best"]), "'more than 5,600' excludes 5,600, so it is no best estimate"
    peacekeepers = table.loc["an-peacekeepers"]
    assert (peacekeepers["low"], peacekeepers["high"], peacekeepers["words"]) == (1800, 2000, "nearly 2,000")
    assert table.loc["an-parade-vehicles", "words"] == "dozens"
    assert table.loc["an-wounded-fighters", "claimant"] == "Nagorno-Karabakh forces"


def test_deaths_per_day_of_fighting_carries_the_open_bound(data):
    rate = statistics.rate_per_day(data, "an-deaths-total", "an-war")
    assert rate.low == pytest.approx(5600 / 44) and rate.high is None and rate.low_strict
    assert rate.to_words() == "more than 127.2 people per day"


def test_ratio_between_figures(data):
    ratio = statistics.ratio(data, "an-parade-troops", "an-peacekeepers")
    assert ratio.low == pytest.approx(3000 / 2000) and ratio.high is None


def test_compatible_total_refuses_mixed_quantities(table):
    with pytest.raises(ValueError, match="different quantity"):
        statistics.compatible_total(table, ["an-deaths-total", "an-wounded-fighters"])
    with pytest.raises(ValueError, match="more than once"):
        statistics.compatible_total(table, ["an-parade-troops", "an-parade-troops"])
    with pytest.raises(ValueError, match="alternative claims"):
        statistics.compatible_total(table, ["meduza-am-deaths", "wiki-am-deaths"])
    with pytest.raises(ValueError, match="already counted"):
        statistics.compatible_total(table, ["bbc-deaths-total", "bbc-am-deaths"])
    parts = statistics.compatible_total(table, ["bbc-am-deaths", "bbc-az-deaths", "bbc-civilian-deaths"])
    assert (parts.low, parts.high) == (2425 + 2783 + 143, None), "'at least 143' leaves the sum open"
    assert parts.to_words() == "at least 5,351"


def test_claims_and_comparison(table):
    deaths = statistics.claims(table, "deaths")
    assert set(deaths["quantity"]) == {"deaths"}
    compared = statistics.compare_claims(table)
    assert "duration" not in set(compared["quantity"])
    single = compared[compared["claims"] == 1]
    assert (single["spread_low"] == 0).all() and (single["spread_high"] == 0).all()


def test_latest_claims_one_per_claimant_side_population(table):
    latest = statistics.latest_claims(table)
    assert not latest.duplicated(["quantity", "side", "population", "claimant"]).any()
    assert latest["as_of"].notna().all()


def _words_one_by_one(figures: pd.DataFrame) -> list[str]:
    """The reference `statistics._words` must equal: `quantities.describe` called for each row."""
    return [quantities.describe(None if pd.isna(v) else float(v), q, u if u in quantities.TIME_UNITS else None)
            for v, q, u in zip(figures["value"], figures["qualifier"], figures["unit"], strict=True)]


def test_words_by_column_equal_describe_row_by_row(data):
    whole = [0, 1, 2, 9, 10, 44, 1960, 2000, 5600, 12345678]
    fractions = [0.5, 1.5, 6.286, 63.3, 127.25, 2999.96]
    rows = [(v, q, u) for v in whole + fractions
            for q in ["exact", "exactly", "more than", "over", "nearly", "almost", "about", "up to", "fewer than",
                      "estimate", "an estimated", "at least"]
            for u in ["people", "days", "weeks", "years", "vehicles"]]
    rows += [(None, q, u) for q in ["dozens", "tens of thousands", "decades"] for u in ["people", "years", "days"]]
    made = pd.DataFrame(rows, columns=["value", "qualifier", "unit"]).astype(
        {"value": "Float64", "qualifier": "category", "unit": "category"})
    for figures in (made, made.iloc[::-1], data.figures, made.astype({"qualifier": "str", "unit": "str"})):
        assert statistics._words(figures).tolist() == _words_one_by_one(figures)
    assert statistics._words(made).dtype == "str"
    with pytest.raises(ValueError, match="needs a value"):
        statistics._words(pd.DataFrame({"value": [None], "qualifier": ["more than"], "unit": ["people"]}))
