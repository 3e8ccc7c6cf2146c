"""Charts: the plotted artists are where the data puts them, labels never overlap, files are byte-stable."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Polygon, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from analysis import charts, schema, statistics, timeline  # noqa: E402


@pytest.fixture(scope="module")
def frames(data):
    return {"timeline": timeline.build_timeline(data), "spans": timeline.spans(data),
            "figures": statistics.figures_with_bounds(data), "claims": statistics.claims_over_time(data)}


def _by_gid(fig, prefix: str, kind=None) -> dict:
    """The artists (of a type) whose gid starts with `prefix`, by gid."""
    return {a.get_gid(): a for a in fig.findobj(kind) if str(a.get_gid()).startswith(prefix)}


def _boxes(fig, artists) -> list:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def _assert_no_overlap(boxes, others=()) -> None:
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    for a, b in itertools.product(boxes, others):
        assert not a.overlaps(b), (a, b)


def _assert_readable_layout(fig) -> None:
    """Labels (events and spans) meet neither each other nor any marker, sit inside the figure, above the axis."""
    labels = list(_by_gid(fig, "label:", Text).values()) + list(_by_gid(fig, "spanlabel:", Text).values())
    markers = list(_by_gid(fig, "event:", Line2D).values())
    label_boxes, marker_boxes = _boxes(fig, labels), _boxes(fig, markers)
    _assert_no_overlap(label_boxes, marker_boxes)
    figure_box = fig.bbox
    axis_bottom = min(ax.get_window_extent().y0 for ax in fig.axes)
    for box in label_boxes:
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 and box.y1 <= figure_box.y1
        assert box.y0 > axis_bottom, "a label reaches down to the date axis"


def test_timeline_labels_every_event_without_overlap(frames):
    events = frames["timeline"]
    fig = charts.timeline_chart(events, frames["spans"], day_anchor="an-war-start", title="Timeline")
    labels = _by_gid(fig, "label:", Text)
    assert set(labels) == {f"label:{e}" for e in events["event_id"]}
    assert "The war begins" in labels["label:an-war-start"].get_text()
    assert "day 77" in labels["label:an-rumod-statement"].get_text()
    assert "reported" in labels["label:an-violation-hadrut"].get_text()
    _assert_readable_layout(fig)


def test_sixty_events_in_one_week_still_do_not_overlap(frames):
    base = frames["timeline"].loc[["an-rumod-statement"]]
    days = pd.Timestamp("2020-12-07") + pd.to_timedelta(np.arange(60) % 7, unit="D")
    crowded = pd.concat([base] * 60, ignore_index=True).assign(
        event_id=[f"e{i:02d}" for i in range(60)], title=[f"Synthetic event number {i} with a longer title"
                                                           for i in range(60)],
        start=days, earliest=days, latest=days)
    crowded.index = crowded["event_id"].to_numpy()
    fig = charts.timeline_chart(crowded)
    assert len(fig.axes) == 1, "a week needs no broken axis"
    assert len(_by_gid(fig, "label:", Text)) == 60
    assert fig.get_figheight() > 6, "the figure grows to fit the labels"
    _assert_readable_layout(fig)


def _many_events(frames, count: int) -> pd.DataFrame:
    """`count` events over the war, copies of the curated ones (every kind and precision), each with its own id."""
    events = frames["timeline"]
    events = events[events["earliest"] >= pd.Timestamp("2020-09-01")]
    rows = pd.concat([events] * (count // len(events) + 1), ignore_index=True).head(count)
    shift = pd.to_timedelta(np.arange(count) % 40, unit="D")
    rows = rows.assign(event_id=[f"e{i:05d}" for i in range(count)], start=rows["start"] + shift,
                       earliest=rows["earliest"] + shift, latest=rows["latest"] + shift,
                       title=[f"Event {i}" for i in range(count)])
    rows.index = rows["event_id"].to_numpy()
    return rows.sort_values(["earliest", "event_id"], kind="stable")


def test_thousands_of_events_label_at_most_max_labels_and_draw_the_rest_as_marks(frames, tmp_path):
    events = _many_events(frames, 3000)
    fig = charts.timeline_chart(events, max_labels=40)
    labels = _by_gid(fig, "label:", Text)
    assert len(labels) == 40
    labelled = events.loc[[gid.removeprefix("label:") for gid in labels]]
    assert set(labelled["kind"].astype(str)) == set(events["kind"].astype(str)), "every kind gets a label"
    # The rest are marks (days) or lines (coarser dates) in one row per kind, one artist each.
    marks = _by_gid(fig, "unlabelled:", Line2D)
    lines = _by_gid(fig, "unlabelled-interval:")
    day = (events["date_precision"].astype(str) == "day") & events["end"].isna()
    unlabelled = ~events.index.isin(labelled.index)
    assert sum(len(m.get_xdata()) for m in marks.values()) == (day & unlabelled).sum()
    assert sum(len(c.get_segments()) for c in lines.values()) == (~day & unlabelled).sum()
    notes = [t.get_text().replace("\n", " ") for t in fig.texts]
    assert any("2,960 of 3,000 events are drawn unlabelled" in n and "at least one of every kind" in n
               for n in notes), notes
    # Fewer labels than kinds: the note says how many kinds got one, never "every kind".
    kinds = events["kind"].astype(str).nunique()
    few = charts.timeline_chart(events, max_labels=3)
    assert len(_by_gid(few, "label:", Text)) == 3
    few_notes = " ".join(t.get_text().replace("\n", " ") for t in few.texts)
    assert f"are one each of 3 of the {kinds} kinds" in few_notes and "every kind" not in few_notes
    _assert_readable_layout(fig)
    # The same picture, byte for byte, on a rerun.
    first = charts.save_chart(fig, tmp_path / "a", ["png"])[0].read_bytes()
    again = charts.save_chart(charts.timeline_chart(events, max_labels=40), tmp_path / "b", ["png"])[0].read_bytes()
    assert first == again


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_max_labels_must_be_a_whole_number_of_zero_or_more(frames, bad):
    with pytest.raises(ValueError, match=f"max_labels must be a whole number of 0 or more.*not {re.escape(repr(bad))}"):
        charts.timeline_chart(frames["timeline"], max_labels=bad)


def test_label_priority_spreads_labels_over_kinds_and_time(frames):
    events = _many_events(frames, 500)
    group = events["kind"].astype(str)
    priority = charts.label_priority(events, group, sorted(set(group)))
    assert sorted(priority) == list(range(len(events)))
    kinds = group.nunique()
    assert group[priority < kinds].nunique() == kinds, "one of every kind before a second of any"
    same = events[(group == group.iloc[0]) & (events["date_precision"].astype(str) == "day")]
    positions = np.argsort(np.argsort(priority[same.index].to_numpy(), kind="stable"), kind="stable")
    first, second = np.flatnonzero(positions == 0)[0], np.flatnonzero(positions == 1)[0]
    assert first == 0, "the first of a kind in time is its first label"
    assert len(same) / 4 <= second <= 3 * len(same) / 4, "its second label is from the middle of its events"
    assert (priority[same.index] < priority[events.index.difference(same.index)[
        (group[events.index.difference(same.index)] == group.iloc[0]).to_numpy()]].min()).all(), \
        "events dated to the day come before coarser ones of the kind"


def test_a_small_timeline_is_labelled_whole_and_without_a_note(frames):
    events = frames["timeline"]
    assert len(events) <= charts.MAX_LABELS
    fig = charts.timeline_chart(events, frames["spans"])
    assert len(_by_gid(fig, "label:", Text)) == len(events)
    assert not _by_gid(fig, "unlabelled")
    assert not any("unlabelled" in t.get_text() for t in fig.texts)
    every = charts.timeline_chart(_many_events(frames, 90), max_labels=None)
    assert len(_by_gid(every, "label:", Text)) == 90


def test_the_1990s_get_their_own_panel_at_their_own_scale(frames):
    fig = charts.timeline_chart(frames["timeline"], frames["spans"])
    old, recent = fig.axes[0], fig.axes[1]
    assert mdates.num2date(old.get_xlim()[1]).year < 2002
    assert mdates.num2date(recent.get_xlim()[0]).year == 2020
    assert "1990s" in _by_gid(fig, "label:", Text)["label:an-war-1990s"].get_text()


def test_month_precision_is_a_bracket_over_the_month_labelled_as_the_month(frames):
    fig = charts.timeline_chart(frames["timeline"], frames["spans"])
    bracket = _by_gid(fig, "bracket:an-territory-claimed", Line2D)["bracket:an-territory-claimed"]
    xs = bracket.get_xdata()
    assert min(xs) == pytest.approx(mdates.date2num(pd.Timestamp("2020-11-01")), abs=0.6)
    assert max(xs) == pytest.approx(mdates.date2num(pd.Timestamp("2020-12-01")), abs=0.6)
    assert "Nov 2020" in _by_gid(fig, "label:an-territory-claimed", Text)["label:an-territory-claimed"].get_text()
    assert "1 Nov" not in _by_gid(fig, "label:an-territory-claimed", Text)["label:an-territory-claimed"].get_text()


def test_spans_are_drawn_where_the_data_puts_them(frames):
    spans = frames["spans"]
    fig = charts.timeline_chart(frames["timeline"], spans)
    war = _by_gid(fig, "span:an-war:solid", Rectangle)
    (bar,) = war.values()
    assert bar.get_x() == pytest.approx(mdates.date2num(spans.loc["an-war", "start"]))
    assert bar.get_x() + bar.get_width() == pytest.approx(mdates.date2num(spans.loc["an-war", "end"]))
    # "the 1990s": the whole decade is hatched as the uncertain start, not drawn as a solid 1 January 1990
    hatched = _by_gid(fig, "span:an-armenian-control:start:0", Rectangle)["span:an-armenian-control:start:0"]
    assert hatched.get_x() == pytest.approx(mdates.date2num(pd.Timestamp("1990-01-01")))
    assert hatched.get_x() + hatched.get_width() == pytest.approx(mdates.date2num(pd.Timestamp("2000-01-01")))
    assert hatched.get_hatch()
    # an open end ("at least five years") fades and ends in an arrowhead; a closed one is not drawn that way
    assert _by_gid(fig, "span:an-peacekeeping-mandate:open-end", Polygon)
    assert not _by_gid(fig, "span:an-war:open-end")


def test_spans_outside_the_window_are_left_out(frames):
    events = frames["timeline"]
    december = events[events["earliest"] >= pd.Timestamp("2020-12-05")]
    fig = charts.timeline_chart(december, frames["spans"])
    drawn = {gid.split(":")[1] for gid in _by_gid(fig, "span:")}
    assert "an-war" not in drawn and "an-armenian-control" not in drawn, "they end before the window starts"
    assert "an-peacekeeping-mandate" in drawn, "the open mandate runs through December"
    _assert_readable_layout(fig)


def test_source_line_names_each_source_shown_with_its_date(data, frames):
    events = frames["timeline"]
    shown = events[events["source_id"].isin(["asia-news-2020-12-12", "bbc-55174211"])]
    line = charts.source_line(shown, data.sources, {"kind": ["attack", "clash"]})
    assert line.startswith("Sources: Asia News, 12 December 2020; BBC News, date not captured.")
    assert line.endswith("Filters: kind = attack, clash.")
    fig = charts.timeline_chart(shown, sources=data.sources, filters="claimant = Asia News")
    assert any(t.get_text().replace("\n", " ") == charts.source_line(shown, data.sources, "claimant = Asia News")
               for t in fig.texts)


def test_open_ended_figure_has_no_right_cap_and_ranges_end_where_the_words_do(frames):
    figures = frames["figures"]
    fig = charts.figures_chart(figures[figures["unit"] == "people"])
    assert _by_gid(fig, "open-end:an-deaths-total", Polygon), "an arrowhead for 'more than 5,600'"
    assert not any(isinstance(c, ErrorbarContainer) for ax in fig.axes for c in ax.containers)
    caps = [ln for ax in fig.axes for ln in ax.lines if ln.get_marker() in ("|", "_", 0, 1, 2, 3)]
    assert not caps
    value = _by_gid(fig, "value:an-deaths-total", Line2D)["value:an-deaths-total"]
    assert value.get_markerfacecolor() == "white", "5,600 itself is excluded by 'more than'"
    nearly = _by_gid(fig, "range:an-peacekeepers", Rectangle)["range:an-peacekeepers"]
    assert (nearly.get_x(), nearly.get_x() + nearly.get_width()) == (1800, 2000)
    assert not _by_gid(fig, "open-end:an-peacekeepers")
    label = _by_gid(fig, "label:an-deaths-total", Text)["label:an-deaths-total"].get_text()
    assert "“more than 5,600”" in label and "Asia News" in label


def test_figures_of_different_units_or_populations_never_share_an_axis(frames):
    figures = frames["figures"]
    fig = charts.figures_chart(figures)
    panels = [ax for ax in fig.axes if ax.get_xlabel()]
    populations = figures["population"].astype("object").fillna("unstated")
    assert len(panels) == len(set(zip(figures["unit"].astype(str), populations, strict=True)))
    for ax in panels:
        ids = [t.get_gid().removeprefix("label:") for t in ax.texts if str(t.get_gid()).startswith("label:")]
        assert figures.loc[ids, "unit"].astype(str).nunique() == 1
        assert populations[ids].nunique() == 1
        assert ax.get_xlabel().split(" (")[0].split(":")[0] == str(figures.loc[ids[0], "unit"])
        assert ax.get_xscale() == "linear" or "log scale" in ax.get_xlabel()


def _axes_of(fig, gid: str):
    return next(ax for ax in fig.axes for artist in [*ax.lines, *ax.patches, *ax.texts] if artist.get_gid() == gid)


def test_civilians_and_soldiers_get_panels_of_their_own(frames):
    """Two open-ended civilian counts no longer stretch the soldiers' axis to 7,500 (nor the reverse)."""
    figures = frames["figures"]
    fig = charts.figures_chart(figures[figures["quantity"] == "deaths"])
    soldiers, civilians = _axes_of(fig, "label:bbc-am-deaths"), _axes_of(fig, "label:wiki-civilian-deaths")
    assert soldiers is not civilians
    assert soldiers.get_xlabel() == "people: soldiers" and civilians.get_xlabel() == "people: civilians"
    assert civilians.get_xlim()[1] < 500, "at least 185 civilians: an axis to a few hundred"
    assert soldiers.get_xlim()[1] < 7_000, "the soldiers' axis ends near the largest soldiers' figure"
    estimates = charts.estimates_chart(frames["claims"])
    assert _axes_of(estimates, "value:meduza-am-deaths") is not _axes_of(estimates, "range:meduza-civilian-deaths")


def _marker_styles(fig, sides: pd.Series) -> dict[str, set]:
    found: dict[str, set] = {}
    for gid, line in _by_gid(fig, "value:", Line2D).items():
        side = sides[gid.removeprefix("value:")]
        found.setdefault(side, set()).add((line.get_color(), line.get_marker()))
    return found


def test_a_side_has_one_colour_and_one_marker_in_every_chart(frames):
    figures, claims = frames["figures"], frames["claims"]
    sides = figures["side"].astype(str)
    charts_drawn = [charts.figures_chart(figures[figures["quantity"] == "deaths"]),
                    charts.figures_chart(figures[figures["quantity"].isin(["wounded", "missing"])]),
                    charts.figures_chart(figures[figures["quantity"].isin(["peacekeepers", "troops"])]),
                    charts.estimates_chart(claims)]
    seen: dict[str, set] = {}
    for fig in charts_drawn:
        for side, styles in _marker_styles(fig, sides).items():
            seen.setdefault(side, set()).update(styles)
    assert {"armenia", "azerbaijan", "both", "russia"} <= set(seen)
    for side, styles in seen.items():
        expected = charts.SIDE_STYLES[side]
        assert styles == {(expected["color"], expected["marker"])}, side
    pairs = [(style["color"], style["marker"]) for style in charts.SIDE_STYLES.values()]
    assert len(set(pairs)) == len(pairs) and len({c for c, _ in pairs}) == len(pairs), "sides differ in colour"
    assert set(charts.SIDE_STYLES) == set(schema.SIDES)


def test_each_estimate_stands_at_its_own_as_of_date(frames):
    claims = frames["claims"]
    fig = charts.estimates_chart(claims)
    dated = claims[claims["as_of"].notna()]
    for figure_id, row in dated.iterrows():
        artists = {**_by_gid(fig, f"value:{figure_id}", Line2D), **_by_gid(fig, f"range:{figure_id}", Rectangle),
                   **_by_gid(fig, f"open-end:{figure_id}", Polygon)}
        assert artists, figure_id
        for artist in artists.values():
            if isinstance(artist, Line2D):
                x = artist.get_xdata()[0]
            elif isinstance(artist, Rectangle):
                x = artist.get_x() + artist.get_width() / 2
            else:
                x = artist.get_xy()[:-1, 0].mean()  # a closed path repeats its first vertex
            assert x == pytest.approx(mdates.date2num(row["as_of"]), abs=1e-9), (figure_id, "shares no date")


def test_estimates_sharing_a_date_stand_side_by_side_within_a_day(frames):
    claims = frames["claims"]
    one = claims.loc[["bbc-am-deaths"]]
    day = one["as_of"].iat[0]
    crowd = pd.concat([one.assign(claimant=name, figure_id=f"c{i}", side=side)
                       for i, (name, side) in enumerate([("A", "armenia"), ("B", "azerbaijan"), ("C", "both")])])
    crowd.index = crowd["figure_id"].to_numpy()
    fig = charts.estimates_chart(pd.concat([crowd, claims.loc[["meduza-az-deaths"]]]))
    xs = {gid: line.get_xdata()[0] for gid, line in _by_gid(fig, "value:", Line2D).items()}
    shared = [xs[f"value:c{i}"] for i in range(3)]
    assert len(set(shared)) == 3, "side by side, so no marker hides another"
    assert all(abs(x - mdates.date2num(day)) < 0.5 for x in shared), "and each within its own day"
    assert xs["value:meduza-az-deaths"] == mdates.date2num(claims.loc["meduza-az-deaths", "as_of"])


def test_estimates_chart_notes_one_estimate_and_the_undated_left_out(frames):
    claims = frames["claims"]
    one = charts.estimates_chart(claims.loc[["an-deaths-total"]])
    assert any("One estimate so far" in t.get_text() for t in one.texts)
    assert _by_gid(one, "open-end:an-deaths-total", Polygon)
    many = charts.estimates_chart(claims)
    undated = claims["as_of"].isna().sum()
    assert undated and any(f"{undated} estimates without an as-of date left out" in t.get_text() for t in many.texts)
    plotted = set(_by_gid(many, "value:", Line2D)) | set(_by_gid(many, "range:", Rectangle))
    assert {g.split(":")[1] for g in plotted} <= set(claims.index[claims["as_of"].notna()])


def test_text_is_at_least_8_points_and_categories_differ_in_shape(frames):
    fig = charts.timeline_chart(frames["timeline"], frames["spans"])
    assert min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text()) >= 8
    styles = charts.category_styles([f"k{i}" for i in range(40)])
    assert len({(s["color"], s["marker"]) for s in styles.values()}) == 40
    assert fig.get_figwidth() == pytest.approx(6.3)


RENDER = """
import matplotlib; matplotlib.use("Agg")
import sys
from analysis import charts, load, timeline
data = load()
fig = charts.timeline_chart(timeline.build_timeline(data), timeline.spans(data), data.sources)
charts.save_chart(fig, sys.argv[1])
"""


def test_files_are_byte_identical_across_renders_and_processes(frames, data, tmp_path):
    def render(stem):
        fig = charts.timeline_chart(frames["timeline"], frames["spans"], data.sources)
        return charts.save_chart(fig, tmp_path / stem)

    first, second = render("a"), render("b")
    assert [p.suffix for p in first] == [".png", ".svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    subprocess.run([sys.executable, "-c", RENDER, str(tmp_path / "c")], check=True)
    for a, suffix in zip(first, [".png", ".svg"], strict=True):
        assert a.read_bytes() == (tmp_path / f"c{suffix}").read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "2020-12" not in svg.split("<metadata>")[1].split("</metadata>")[0]
    assert not list(tmp_path.glob(".*.tmp")), "no temporary files left behind"


def test_charts_draw_into_a_given_axes(frames):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.3, 3))
    ax = fig.add_axes((0.05, 0.3, 0.9, 0.6))
    assert charts.timeline_chart(frames["timeline"], frames["spans"], ax=ax) is fig
    assert ax in fig.axes and len(fig.axes) == 2, "the given axes is the latest panel; the 1990s panel is added"
    _assert_readable_layout(fig)
    fig2 = Figure(figsize=(6.3, 8))
    ax2 = fig2.add_axes((0.05, 0.2, 0.9, 0.7))
    figures = frames["figures"]
    chosen = figures[figures["unit"].isin(["people", "vehicles"]) & (figures["population"] == "military")]
    assert charts.figures_chart(chosen, ax=ax2) is fig2
    assert len(fig2.axes) == 2, "one panel for the soldiers, one for the vehicles"


def test_filters_that_leave_nothing_give_a_chart_that_says_so(data, frames):
    empty_timeline = charts.timeline_chart(frames["timeline"].iloc[:0], frames["spans"], data.sources,
                                           filters={"kinds": ["picnic"]})
    empty_figures = charts.figures_chart(frames["figures"].iloc[:0], sources=data.sources, filters="quantity = none")
    texts = [t.get_text() for t in empty_timeline.texts] + [t.get_text() for t in empty_figures.texts]
    assert "No events match the filters." in texts and "No figures match the filters." in texts
    assert "Filters: kinds = picnic." in texts and "Filters: quantity = none." in texts


def test_a_planned_date_is_hollow_and_says_planned(frames):
    events = frames["timeline"]
    planned = events[events["date_refers_to"] == "plan"]
    assert len(planned), "the BBC reports a parade planned for 10 December"
    fig = charts.timeline_chart(planned, filters="planned")
    labels = [t.get_text().replace("\n", " ") for t in _by_gid(fig, "label:", Text).values()]
    assert all("planned for" in label for label in labels), labels
    markers = [a for a in fig.findobj(Line2D) if str(a.get_gid()).startswith("event:")]
    assert markers and all(m.get_markerfacecolor() == "white" for m in markers)


def test_a_deadline_is_hollow_and_keeps_its_bound_in_the_label(frames):
    # "Kalbajar returned to Azerbaijan before 15 November": a trial reader saw a filled marker, which the legend
    # says is the day it happened, and a label without the "before".
    events = frames["timeline"]
    bounded = events[events["date_qualifier"].isin(["by", "before"]) & (events["date_basis"] != "publication")
                     & (events["date_refers_to"] == "occurrence")]
    assert len(bounded), "the statements set handover deadlines"
    fig = charts.timeline_chart(bounded, filters="deadlines")
    labels = [t.get_text().replace("\n", " ") for t in _by_gid(fig, "label:", Text).values()]
    assert labels and all(" · by " in label or " · before " in label for label in labels), labels
    markers = [a for a in fig.findobj(Line2D) if str(a.get_gid()).startswith("event:")]
    assert markers and all(m.get_markerfacecolor() == "white" for m in markers)
    legend = [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else [
        t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert any("a bound ('by', 'before', 'after')" in " ".join(text.split()) for text in legend), legend


def test_a_kind_keeps_its_colour_whatever_else_is_shown(frames):
    events, spans = frames["timeline"], frames["spans"]

    def colour_of_war(fig):
        return next(a.get_facecolor() for gid, a in _by_gid(fig, "span:an-war:solid", Rectangle).items())

    every = charts.timeline_chart(events, spans)
    few = charts.timeline_chart(events[events["kind"].isin(["war_start", "parade"])], spans)
    assert colour_of_war(every) == colour_of_war(few)


def test_an_as_of_date_that_is_only_a_bound_says_by(frames):
    figures = frames["figures"]
    fig = charts.figures_chart(figures[figures["quantity"] == "deaths"])
    labels = {gid: t.get_text().replace("\n", " ") for gid, t in _by_gid(fig, "label:", Text).items()}
    by_end_of_month = next(text for gid, text in labels.items() if "bbc-am-deaths" in gid)
    assert "by 30" in by_end_of_month, "'last month' is as of the end of November at the latest"
    on_the_day = next(text for gid, text in labels.items() if "meduza-am-deaths" in gid)
    assert "by " not in on_the_day and "17" in on_the_day


def test_a_span_cut_by_the_date_window_is_marked_and_says_so(frames):
    events = frames["timeline"]
    november = events[events["earliest"] >= pd.Timestamp("2020-11-01")]
    fig = charts.timeline_chart(november, frames["spans"])
    assert _by_gid(fig, "span:an-war:before:0", Polygon), "an arrowhead where the war runs off the left edge"
    labels = {gid: t.get_text().replace("\n", " ") for gid, t in _by_gid(fig, "spanlabel:", Text).items()}
    assert labels["spanlabel:an-war"].endswith("(starts before the chart)")
    assert "(starts before the chart)" in labels["spanlabel:an-armenian-control"], "the 1990s control"
    assert labels["spanlabel:mfa-peacekeeping-mandate"].endswith("(ends after the chart)")
    assert _by_gid(fig, "span:mfa-peacekeeping-mandate:continues", Polygon)
    whole = charts.timeline_chart(events, frames["spans"])
    assert not _by_gid(whole, "span:an-war:before") and not _by_gid(whole, "span:an-armenian-control:before")
    assert not any("before the chart" in t.get_text() for t in _by_gid(whole, "spanlabel:", Text).values())


def _legend_labels(fig) -> list[str]:
    return [t.get_text().replace("\n", " ") for legend in fig.legends for t in legend.get_texts()]


def _legend_hatches(fig) -> list[str]:
    return [h.get_hatch() for legend in fig.legends for h in legend.legend_handles
            if isinstance(h, Rectangle) and h.get_hatch()]


@pytest.mark.parametrize("which", ["timeline", "november", "deaths", "forces", "estimates"])
def test_every_hatch_fade_and_arrowhead_has_its_legend_entry(frames, which):
    events, figures = frames["timeline"], frames["figures"]
    fig = {"timeline": lambda: charts.timeline_chart(events, frames["spans"]),
           "november": lambda: charts.timeline_chart(events[events["earliest"] >= pd.Timestamp("2020-11-01")],
                                                     frames["spans"]),
           "deaths": lambda: charts.figures_chart(figures[figures["quantity"] == "deaths"]),
           "forces": lambda: charts.figures_chart(figures[figures["unit"] == "vehicles"]),
           "estimates": lambda: charts.estimates_chart(frames["claims"])}[which]()
    drawn = [a for ax in fig.axes for a in ax.patches]
    labels = " | ".join(_legend_labels(fig))
    if any(p.get_hatch() for p in drawn):
        assert _legend_hatches(fig), f"a hatch without its legend entry: {labels}"
    else:
        assert not _legend_hatches(fig), "a legend entry for a hatch the chart does not draw"
    fades = any("open-end" in str(p.get_gid()) for p in drawn)
    assert fades == ("fading, arrowhead" in labels), labels
    edges = any(str(p.get_gid()).split(":")[-2:-1] in (["before"], ["continues"]) for p in drawn)
    assert edges == ("arrowhead at the chart's edge" in labels), labels
    assert which not in ("deaths", "forces", "estimates") or "hatched bar: no number stated" in labels


def test_markers_are_never_cut_at_the_axis_edge(frames):
    figures = frames["figures"]
    small = charts.figures_chart(figures[figures["quantity"].isin(["wounded", "missing"])])
    timeline_fig = charts.timeline_chart(frames["timeline"], frames["spans"])
    estimates = charts.estimates_chart(frames["claims"])
    for fig in (small, timeline_fig, estimates):
        fig.canvas.draw()
        markers = [*_by_gid(fig, "value:", Line2D).values(), *_by_gid(fig, "event:", Line2D).values()]
        assert markers
        for marker in markers:
            box = marker.get_window_extent(fig.canvas.get_renderer())
            inside = marker.axes.bbox.x0 <= box.x0 and box.x1 <= marker.axes.bbox.x1 and (
                marker.axes.bbox.y0 <= box.y0 and box.y1 <= marker.axes.bbox.y1)
            assert not marker.get_clip_on() or inside, marker.get_gid()
            assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, marker.get_gid()
    three = _by_gid(small, "value:an-wounded-fighters", Line2D)["value:an-wounded-fighters"]
    assert three.get_xdata()[0] == 3 and not three.get_clip_on(), "'three' at the axis' zero is drawn whole"


def _lonely_lines(text: str) -> list[str]:
    """Lines of a wrapped text that hold one word (punctuation such as '·' is no word)."""
    return [line for line in text.split("\n") if sum(any(c.isalnum() for c in w) for w in line.split()) == 1]


def test_wrapping_leaves_no_word_alone_on_a_line():
    fig = charts._new_figure()
    for text in ["hollow: date reported or planned", "The war · 27 Sep 2020 – 10 Nov 2020",
                 "Russia deploys nearly 2,000 peacekeepers · reported by 12 December"]:
        # As wide as all but the last word: a greedy wrap would leave that word alone on the second line.
        width = charts._text_width(fig, text.rsplit(" ", 1)[0]) + 0.5
        wrapped = charts._wrap(fig, text, width)
        assert wrapped.count("\n") == 1, "two lines, as few as fit"
        assert not _lonely_lines(wrapped), wrapped
        assert wrapped.replace("\n", " ") == text
        assert max(charts._text_width(fig, line) for line in wrapped.split("\n")) <= width


def test_chart_labels_leave_no_word_alone_and_do_not_repeat_themselves(frames):
    figures = frames["figures"]
    events = frames["timeline"]
    drawn = [charts.figures_chart(figures[figures["quantity"].isin(["deaths", "troops", "peacekeepers"])]),
             charts.estimates_chart(frames["claims"]),
             charts.timeline_chart(events[events["earliest"] >= pd.Timestamp("2020-09-01")], frames["spans"])]
    for fig in drawn:
        texts = [t.get_text() for t in fig.findobj(Text)] + [t.get_text() for lg in fig.legends
                                                            for t in lg.get_texts()]
        for text in texts:
            assert not _lonely_lines(text) or "\n" not in text, text
    labels = [t.get_text().replace("\n", " ") for t in _by_gid(drawn[0], "label:", Text).values()]
    repeated = [label for label in labels if re.search(r"(\w+)” \1\b", label, re.IGNORECASE)]
    assert not repeated
    assert any(label.startswith("“3,825 troops” lost by Armenia") for label in labels)
    assert charts.without_repeat("2,000 Russian peacekeepers", "Russian peacekeepers to be deployed") == \
        "to be deployed"
    assert charts.without_repeat("more than 5,600", "dead on both sides") == "dead on both sides"


def test_the_source_line_speaks_in_words(data, frames):
    line = charts.source_line(frames["timeline"].head(2), data.sources,
                              {"from": "2020-11-01", "kinds": ["war_start", "territory_change"],
                               "sources": ["asia-news-2020-12-12"], "one account per event": True})
    assert line.endswith("Filters: from = 1 November 2020; kinds = war start, territory change; "
                         "sources = Asia News; one account per event.")


def test_data_text_is_shown_as_written_never_as_mathtext(frames):
    """A '$' in a title once made the timeline report fail (mathtext); now every text is literal."""
    hostile = r"Costs $5 and $6, $\frac{1}{$ *bold* a|b <script>"
    events = frames["timeline"].head(3).assign(title=hostile)
    figures = frames["figures"]
    drawn = [charts.timeline_chart(events, title=hostile),
             charts.figures_chart(figures.head(2).assign(scope=hostile), title=hostile),
             charts.estimates_chart(frames["claims"].assign(claimant=hostile), title=hostile)]
    for fig in drawn:
        fig.canvas.draw()  # mathtext would raise a ParseException here
        texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
        assert texts and all(not t.get_parse_math() for t in texts)
        assert any(t.get_text().replace("\n", " ") == hostile for t in texts)


def test_color_by_must_be_kind_or_claimant(frames):
    with pytest.raises(ValueError, match="color_by must be one of 'kind', 'claimant', not 'side'"):
        charts.timeline_chart(frames["timeline"], color_by="side")
