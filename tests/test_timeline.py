"""Timeline: order, intervals at their precision, day numbers, spans, filters and phases."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import timeline


@pytest.fixture(scope="module")
def tl(data):
    return timeline.build_timeline(data)


def test_sorted_by_earliest_day_with_month_precision_as_whole_month(tl):
    assert tl["earliest"].is_monotonic_increasing
    month = tl.loc["an-territory-claimed"]
    assert (month["earliest"], month["latest"]) == (pd.Timestamp("2020-11-01"), pd.Timestamp("2020-11-30"))
    decade = tl.loc["an-war-1990s"]
    assert (decade["earliest"].year, decade["latest"]) == (1990, pd.Timestamp("1999-12-31"))


def test_claimant_falls_back_to_the_publisher(tl):
    assert tl.loc["an-violation-hadrut", "claimant"] == "Russian Defence Ministry"
    assert tl.loc["an-parade", "claimant"] == "Asia News"  # the source's own voice


def test_day_of_war_counts_the_anchor_as_day_one(tl):
    days = timeline.day_of_war(tl, "an-war-start")
    assert days["an-war-start"] == 1 and days["an-agreement"] == 45  # 44 days of fighting, then the agreement
    assert days["an-parade"] == 75
    assert pd.isna(days["an-territory-claimed"]), "a month has no single day number"
    with pytest.raises(KeyError, match="no-such-event"):
        timeline.day_of_war(tl, "no-such-event")


def test_days_between_respects_precision(tl):
    assert timeline.days_between_events(tl, "an-war-start", "an-agreement") == (44, 44)
    low, high = timeline.days_between_events(tl, "an-war-1990s", "an-territory-claimed")
    assert low < 25 * 365.25 < high


def test_spans_from_end_event_or_duration(data):
    table = timeline.spans(data)
    war = table.loc["an-war"]
    assert (war["start"], war["end"]) == (pd.Timestamp("2020-09-27"), pd.Timestamp("2020-11-10"))
    assert not war["end_open"]
    mandate = table.loc["an-peacekeeping-mandate"]
    assert mandate["end"] == pd.Timestamp("2025-11-10") and mandate["end_open"], "'at least five years' is open"
    control = table.loc["an-armenian-control"]
    assert (control["start_precision"], control["end_precision"]) == ("decade", "month")


def test_filters(tl):
    window = timeline.filter_events(tl, date_from="2020-12-10", date_to="2020-12-11", sources=["asia-news-2020-12-12"])
    assert set(window.index) == {"an-parade", "an-violation-hadrut"}
    assert set(timeline.filter_events(tl, date_from="2020-12-10", date_to="2020-12-11")["occurrence_id"]) == {
        "victory-parade", "victory-parade-plan", "violation-hadrut-2020-12-11"}
    month = timeline.filter_events(tl, date_from="2020-11-15", date_to="2020-11-20")
    assert "an-territory-claimed" in month.index, "a month-precision date overlaps any window inside the month"
    assert set(timeline.filter_events(tl, kinds=["accusation"])["kind"]) == {"accusation"}
    assert {"an-accusation-armenia", "an-accusation-azerbaijan"} <= set(
        timeline.filter_events(tl, kinds=["accusation"]).index)
    assert "an-aliyev-meeting" in timeline.filter_events(tl, actors=["france"]).index
    by_name = timeline.filter_events(tl, claimants=["Russian Defence Ministry"])
    assert set(by_name.index) == set(timeline.filter_events(tl, claimants=["ru-mod"]).index) != set()


def test_phases(tl):
    phase = timeline.assign_phase(tl, "an-war-start", "an-agreement")
    assert phase["an-war-1990s"] == "pre-war"
    assert phase["an-war-start"] == "war"
    assert phase["an-agreement"] == "post-agreement"
    assert phase["an-territory-claimed"] == "spans phases", "November 2020 straddles the agreement"


def test_one_account_per_occurrence_prefers_the_precise_date(tl):
    one = timeline.one_per_occurrence(tl)
    assert one["occurrence_id"].is_unique
    war_start = one[one["occurrence_id"] == "war-start"].iloc[0]
    assert war_start["date_precision"] == "day" and war_start["start"] == pd.Timestamp("2020-09-27")
    assert war_start["date_basis"] != "derived", "a date a source states beats one we derived"
    assert war_start["source_dated"], "the BBC's '27 September' cannot be checked: its publication date is unknown"
    assert "an-war-start-month" not in one.index


def test_select_spans_by_source_and_one_per_occurrence(data):
    table = timeline.spans(data)
    seed = timeline.select_spans(table, data, sources=["asia-news-2020-12-12"])
    assert set(seed["source_id"]) == {"asia-news-2020-12-12"} and len(seed) == 3
    one = timeline.select_spans(table, data, one_per_occurrence=True)
    starts = data.spans.loc[one.index, "start_event_id"].map(data.events["occurrence_id"])
    assert not pd.DataFrame({"kind": one["kind"], "start": starts}).duplicated().any()
    mandates = one[one["kind"] == "mandate"]
    assert (mandates["source_id"].map(data.sources["source_type"]) == "primary_document").all()


def test_timeline_order_and_preferred_accounts_are_those_of_sorting_by_their_keys(data):
    """The sorts by position (ids ranked by Arrow, `np.lexsort`) give sort_values' order, ties included."""
    tl = timeline.build_timeline(data)
    assert tl.index.tolist() == tl.sort_values(["earliest", "latest", "event_id"], kind="stable").index.tolist()
    shuffled = tl.sample(frac=1, random_state=1)
    ranks = pd.DataFrame({
        "precision": shuffled["date_precision"].astype("str").map(timeline._PRECISION_RANK),
        "basis": shuffled["date_basis"].astype("str").map(timeline._BASIS_RANK),
        "undated_source": ~shuffled["source_dated"],
        "source": shuffled["source_type"].map(timeline._SOURCE_RANK),
        "event_id": shuffled["event_id"]})
    expected = ranks.sort_values(list(ranks.columns), kind="stable").index
    assert shuffled.index[timeline.account_preference(shuffled)].tolist() == expected.tolist()
