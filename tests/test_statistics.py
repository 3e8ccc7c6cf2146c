"""Statistics keep the source's words and carry bounds through every derivation."""

from __future__ import annotations

import numpy as np
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
    return [quantities.describe(None if pd.isna(v) else float(v), q, u if u in quantities.SPOKEN_UNITS else None)
            for v, q, u in zip(figures["value"], figures["qualifier"], figures["unit"], strict=True)]


def test_words_by_column_equal_describe_row_by_row(data):
    whole = [0, 1, 2, 9, 10, 44, 1960, 2000, 5600, 12345678]
    fractions = [0.5, 1.5, 6.286, 63.3, 127.25, 2999.96]
    rows = [(v, q, u) for v in whole + fractions
            for q in ["exact", "exactly", "more than", "over", "nearly", "almost", "about", "up to", "fewer than",
                      "estimate", "an estimated", "at least"]
            for u in ["people", "days", "weeks", "years", "vehicles", "percent"]]
    rows += [(None, q, u) for q in ["dozens", "tens of thousands", "decades"] for u in ["people", "years", "days"]]
    made = pd.DataFrame(rows, columns=["value", "qualifier", "unit"]).astype(
        {"value": "Float64", "qualifier": "category", "unit": "category"})
    for figures in (made, made.iloc[::-1], data.figures, made.astype({"qualifier": "str", "unit": "str"})):
        assert statistics._words(figures).tolist() == _words_one_by_one(figures)
    assert statistics._words(made).dtype == "str"
    with pytest.raises(ValueError, match="needs a value"):
        statistics._words(pd.DataFrame({"value": [None], "qualifier": ["more than"], "unit": ["people"]}))


# ------------------------------------------------------------------ the helpers that keep the statistics fast


def _tied_frame(rows: int = 400) -> pd.DataFrame:
    """Columns of every kind the statistics sort on, with many ties and missing values."""
    rng = np.random.default_rng(7)
    side = pd.Categorical(rng.choice(["b", "a", "c", None], rows), categories=["c", "a", "b"])  # not alphabetical
    day = pd.Series(pd.to_datetime("2020-10-01") + pd.to_timedelta(rng.integers(0, 5, rows), unit="D"))
    return pd.DataFrame({
        "side": side,
        "day": day.where(rng.random(rows) > 0.2),
        "value": pd.array(np.where(rng.random(rows) > 0.3, rng.integers(0, 4, rows), np.nan), dtype="Float64"),
        "name": pd.Series(rng.choice(["Ärzte", "zebra", "Alpha", "beta", None], rows), dtype="str"),
        "id": pd.Series([f"id-{i}" for i in rng.permutation(rows)], dtype="str"),
    })


def test_sort_order_is_the_order_sort_values_gives():
    frame = _tied_frame()
    for by in (["side"], ["side", "day"], ["value", "name", "side"], ["day", "value", "name", "side"]):
        expected = frame.reset_index(drop=True).sort_values([*by, "id"], kind="stable", na_position="last").index
        assert statistics._sort_order(frame, by, "id").tolist() == expected.tolist(), by


def test_ranks_order_rows_as_a_sort_and_never_overflow():
    frame = _tied_frame()
    rank = statistics._ranks(frame[["side", "day", "value", "name"]])
    expected = frame.sort_values(["side", "day", "value", "name"], kind="stable", na_position="last").index
    assert np.argsort(rank, kind="stable").tolist() == expected.tolist()
    # Six columns of up to 3,000 distinct values: the product of their sizes would pass 2^63 unless renumbered.
    rng = np.random.default_rng(1)
    many = pd.DataFrame({name: rng.integers(0, 3000, 3000) for name in "abcdef"})
    many.loc[::7, "a"] = many.loc[::7, "a"].iloc[0]  # ties on the first columns, decided by the later ones
    expected = many.sort_values(list("abcdef"), kind="stable").index
    assert np.argsort(statistics._ranks(many), kind="stable").tolist() == expected.tolist()


def test_per_distinct_computes_once_per_distinct_row_and_gives_each_row_its_value():
    frame = _tied_frame()[["side", "name"]]
    seen = []

    def label(rows: pd.DataFrame) -> pd.Series:
        seen.append(len(rows))
        return rows["side"].astype("str") + "/" + rows["name"].astype("str")

    expected = frame["side"].astype("str") + "/" + frame["name"].astype("str")
    assert statistics._per_distinct(frame, label).tolist() == expected.tolist()
    assert seen == [len(frame.drop_duplicates())], "computed on the distinct rows, missing values alike"
    order = np.array([5, 0, 5, 399])
    assert statistics._per_distinct(frame, label, order).tolist() == expected.iloc[order].tolist()


def test_joined_keeps_each_groups_order():
    texts = pd.array(["a", "b", "c", "d", "e"], dtype="str")
    assert statistics._joined(np.array([1, 0, 1, 2, 0]), 3, texts).tolist() == ["b; e", "a; c", "d"]
    assert statistics._joined(np.array([], dtype=int), 0, pd.array([], dtype="str")).dtype == "str"


def test_compare_claims_of_no_figures_is_an_empty_table_of_the_same_columns(table):
    empty = statistics.compare_claims(table.iloc[:0])
    full = statistics.compare_claims(table)
    assert len(empty) == 0 and list(empty.columns) == list(full.columns)
    assert (empty[["claimants", "figures", "as_of"]].dtypes == "str").all()


def test_positions_find_labels_and_name_the_missing():
    index = pd.Index(["x", "y", "z"], dtype="str")
    assert statistics._positions(index, pd.Series(["z", "x", "z"])).tolist() == [2, 0, 2]
    with pytest.raises(KeyError, match="'w'"):
        statistics._positions(index, pd.Series(["x", "w"]))
    assert statistics._positions(index, pd.Series([], dtype="object")).tolist() == [], "no parts, no types to match"


def test_index_in_order_reuses_the_ids_only_when_the_index_is_them(data):
    figures = data.figures
    order = np.arange(len(figures))[::-1]
    ids = figures["figure_id"].take(order)
    assert statistics._index_in_order(figures, order, ids).equals(figures.index.take(order))
    other = figures.set_axis(pd.RangeIndex(len(figures)))
    assert statistics._index_in_order(other, order, ids).tolist() == order.tolist()


def test_take_gives_every_column_in_the_order_asked(data):
    columns = ["figure_id", "quantity", "value", "as_of", "low_strict"]
    frame = statistics.figures_with_bounds(data)[columns]
    order = np.random.default_rng(3).permutation(len(frame))
    taken = statistics._take(frame, order)
    pd.testing.assert_frame_equal(taken, frame.take(order).reset_index(drop=True))


def test_latest_claims_pick_as_a_sort_by_day_then_id_would(data):
    table = statistics.figures_with_bounds(data)
    # Every figure given one of two days and shuffled: many ties on the latest day, broken by the last id.
    tied = table.assign(as_of=table["as_of"].notna().map({True: pd.Timestamp("2020-11-10"), False: pd.NaT}).where(
        np.arange(len(table)) % 3 > 0, pd.Timestamp("2020-11-09")).astype(table["as_of"].dtype)).sample(
        frac=1, random_state=2)
    keys = ["quantity", "side", "population", "incident", "claimant"]
    for frame in (table, tied):
        dated = frame[frame["as_of"].notna()]
        expected = dated.sort_values(["as_of", "figure_id"], kind="stable").drop_duplicates(keys, keep="last")
        expected = expected.sort_values(keys, kind="stable")
        pd.testing.assert_frame_equal(statistics.latest_claims(frame), expected)


@pytest.fixture(scope="module")
def ambush(tmp_path_factory):
    """The curated data and a trial user's figure of one incident: four Azerbaijani troops killed in one ambush
    on 26 November (an event of kind attack), with a second source's account of the same ambush (five)."""
    import shutil

    import fixture_sources
    from conftest import EditableData

    from analysis import loading, paths

    folder = tmp_path_factory.mktemp("ambush") / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    fixture_sources.add_ambush_reports(EditableData(folder), as_of="2020-12-14", second=5)
    return loading.load(folder)


def test_the_dead_of_one_ambush_stay_out_of_the_wars_spread(ambush, table):
    compared = statistics.compare_claims(statistics.figures_with_bounds(ambush))
    keys = ["quantity", "side", "population"]
    war = compared[(compared[keys] == ["deaths", "azerbaijan", "military"]).all(axis=1) & compared["incident"].isna()]
    assert len(war) == 1 and war["figures"].iat[0] == "2,783; 2,783; 2,906"
    assert (war["spread_low"].iat[0], war["spread_high"].iat[0]) == (123, 123), "2,906 - 2,783, not 2,783 - 4"
    curated = statistics.compare_claims(table)
    assert war.drop(columns="incident").reset_index(drop=True).equals(curated[
        (curated[keys] == ["deaths", "azerbaijan", "military"]).all(axis=1)].drop(columns="incident").reset_index(
        drop=True)), "the war's row is the curated data's"
    # The two accounts of the ambush are set beside each other, in a row of their own.
    one = compared[compared["incident"] == "ambush-2020-11-26"]
    assert len(one) == 1 and one["claims"].iat[0] == 2 and one["spread_low"].iat[0] == 1
    # The ambush's later four (14 December), even told by the ministry that gave the war's 2,783, is not its
    # latest word on the war's dead: a row of its own.
    table = statistics.figures_with_bounds(ambush)
    told = table["figure_id"].str.startswith("ambush-")
    latest = statistics.latest_claims(table.assign(claimant=table["claimant"].where(
        ~told, table.loc["meduza-az-deaths", "claimant"])))
    dead = latest[(latest["quantity"] == "deaths") & (latest["side"] == "azerbaijan")]
    assert dead.set_index("figure_id")["incident"].fillna("war-wide").to_dict() == {
        "ambush-wion-az-deaths": "ambush-2020-11-26", "meduza-az-deaths": "war-wide"}


def test_the_estimates_chart_leaves_out_the_dead_of_one_ambush(ambush):
    from analysis import charts

    claims = statistics.claims_over_time(ambush)
    assert claims.loc["ambush-wion-az-deaths", "incident"] == "ambush-2020-11-26"
    figure = charts.estimates_chart(claims)
    texts = [t.get_text() for t in figure.findobj(lambda artist: hasattr(artist, "get_text"))]
    assert any("2 counts of one incident left out" in text for text in texts), texts
    drawn = [str(artist.get_gid()) for artist in figure.findobj() if artist.get_gid()]
    assert any("meduza-az-deaths" in gid for gid in drawn), "the war's tolls are drawn"
    assert not any("ambush" in gid for gid in drawn), "nothing is drawn for the ambush"


def test_left_out_names_what_a_report_does_not_show():
    figures = pd.DataFrame({"quantity": ["deaths", "displaced", "military_vehicles", "displaced"]})
    assert statistics.left_out(figures, ["deaths"]) == "3 figures of displaced (2) and military vehicles (1)"
    assert statistics.left_out(figures, ["deaths", "military_vehicles"]) == "2 figures of displaced"
    assert statistics.left_out(figures, ["deaths", "displaced", "military_vehicles"]) == ""
