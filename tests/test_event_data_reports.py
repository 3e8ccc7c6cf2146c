"""The event-data report as a reader reads it (trial 24): its tables' headers and rows, what the weekly line leaves
out, and the pages of the other reports run on an imported folder."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import event_data, importers, loading, outputs, paths

FIXTURES = paths.REPO_DIR / "tests" / "fixtures"


@pytest.fixture(scope="module")
def ged(tmp_path_factory) -> loading.Dataset:
    out = tmp_path_factory.mktemp("ged") / "ged"
    return importers.ged(FIXTURES / "ged_fixture.csv", out, version="23.1", accessed="2024-01-10",
                         sides={"Republic of Artsakh": "armenia"})


@pytest.fixture(scope="module")
def acled(tmp_path_factory) -> loading.Dataset:
    return importers.acled(FIXTURES / "acled_fixture.csv", tmp_path_factory.mktemp("acled") / "acled",
                           accessed="2024-01-10")


@pytest.fixture(scope="module")
def with_ged(ged) -> loading.Dataset:
    return loading.combine([loading.load(), ged])


@pytest.fixture(scope="module")
def with_acled(acled) -> loading.Dataset:
    return loading.combine([loading.load(), acled])


WINDOW = ("2020-09-27", "2020-11-10")


def _html_rows(html: str) -> tuple[list[str], list[list[str]]]:
    """The header cells and the body rows' cells of one HTML table."""
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    cells = lambda part, tag: [c.strip() for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", part, re.S)]  # noqa: E731
    return cells(head, "th"), [cells(r, "td") for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


# ---------------------------------------------------------------------------------------- problem 10: tables


def test_the_total_of_every_death_is_one_row_and_it_is_the_total_the_claims_are_held_against(with_ged):
    # GED's totals name side "both" in dyadic events and "unspecified" in one-sided violence: the page showed two
    # rows, "both / all" and "unspecified / all", both labelled "every side", and the reader had to add them.
    by_side = event_data.totals_by_side(with_ged, *WINDOW)
    totals = by_side[by_side["population"] == "all"]
    assert len(totals) == 1
    compared = event_data.compare_claims(with_ged, *WINDOW).set_index("figure_id")
    claim = compared.loc["an-deaths-total"]  # "more than 5,600" dead on both sides, as of 12 December
    assert (totals["best"].iat[0], totals["low"].iat[0], totals["high"].iat[0]) == (
        claim["best"], claim["low"], claim["high"])
    # The one-sided violence (900004, 4; 900005, 10) is in it, beside the dyadic events.
    dyadic = 24 + 6 + 15 + 2 + 45 + 2 + 2
    assert (totals["best"].iat[0], totals["events"].iat[0]) == (dyadic + 4 + 10, 9)


def test_the_deaths_by_side_table_reads_in_plain_words_with_the_same_columns_for_ged_and_acled(with_ged, with_acled):
    tables = {}
    for name, data in (("ged", with_ged), ("acled", with_acled)):
        shown = event_data.by_side_for_reading(event_data.totals_by_side(data, *WINDOW), data.sources)
        tables[name] = shown
        assert not any("_" in c for c in shown.columns), list(shown.columns)
        assert shown["whose deaths"].iat[0] == "every death in the events (every side, civilians included)"
    columns = {name: list(t.columns) for name, t in tables.items()}
    # The estimate is named as its publisher names it; every other column is the same.
    assert columns["ged"][5] == "best estimate" and columns["acled"][5] == "conservative estimate"
    assert columns["ged"][:5] + columns["ged"][6:] == columns["acled"][:5] + columns["acled"][6:]
    ged = tables["ged"].set_index("whose deaths")
    assert ged.loc["fighters of Government of Armenia", "side"] == "Armenian side"
    assert ged.loc["civilians", ["best estimate", "low", "high"]].tolist() == [16, "not stated", "not stated"]


def test_a_table_on_the_page_has_one_header_line_no_row_numbers_and_escaped_text(with_acled):
    # ACLED's table had one row and a column of zeros (events_maybe): the zeros were taken for the row ids, so the
    # column became a second header line and the others slid one place left.
    by_side = event_data.totals_by_side(with_acled, *WINDOW)
    assert len(by_side) == 1 and by_side["events_maybe"].iat[0] == 0
    html = outputs.reading_table(event_data.by_side_for_reading(by_side, with_acled.sources))._repr_html_()
    headers, rows = _html_rows(html)
    assert html.count("<tr") == 2 and "<th>" not in html.split("<tbody>")[1], "no row numbers, no index line"
    assert headers[3:5] == ["events in the window", "more events that may fall in it (high only)"]
    assert len(rows) == 1 and len(rows[0]) == len(headers) and rows[0][4] == "0"
    marked = outputs.reading_table(pd.DataFrame({"title": ["<script>alert(1)</script> & $x$"]}))._repr_html_()
    assert "<script>" not in marked and "&lt;script&gt;" in marked and "$x$" in marked


def test_row_numbers_are_never_taken_for_ids():
    frame = pd.DataFrame({"events_maybe": [0], "best": [272.0]})
    shown = outputs.for_reading(frame)
    assert list(shown.columns) == ["events_maybe", "best"] and shown.index.name is None
    counted = pd.DataFrame({"n": [0, 1, 2], "word": ["a", "b", "c"]})  # equal to the row numbers, still data
    assert list(outputs.for_reading(counted).columns) == ["n", "word"]


def test_the_claims_table_has_plain_headers_and_the_claim_id_as_a_column(with_ged):
    compared = event_data.compare_claims(with_ged, *WINDOW)
    shown = event_data.claims_for_reading(compared)
    assert list(shown.columns) == ["claim id", "claim", "claimant", "side", "population", "as of", "event data",
                                   "window", "the event data count", "verdict", "why"]
    row = shown.set_index("claim id").loc["meduza-am-deaths"]
    assert (row["side"], row["population"], row["as of"]) == ("Armenian side", "soldiers", "2020-11-17")
    html = outputs.reading_table(shown)._repr_html_()
    assert ">as_of<" not in html and ">source_id<" not in html and ">events_maybe<" not in html
    assert len(_html_rows(html)[1]) == len(compared)


# ---------------------------------------------------------------------------------------- problem 6: the weekly line


def _chart_text(fig) -> str:
    from matplotlib.text import Text

    return " ".join(" ".join(t.get_text().split()) for t in fig.findobj(Text))


def test_the_weekly_line_says_how_many_deaths_it_leaves_out(with_ged):
    # Trial 24: the weekly best values added up to 1,034 of the page's 1,224; the 190 left out (a 3-day battle
    # across a Sunday, a month-only row) were not counted anywhere on the chart, and the note gave no number.
    import matplotlib.pyplot as plt

    from analysis import charts
    weekly = event_data.deaths_per_week(with_ged, *WINDOW)
    left_off = event_data.left_off_the_line(with_ged, *WINDOW).set_index("source_id")
    row = left_off.loc["ucdp-ged-23.1"]
    # 900003 (1-7 October, across Sunday 4 October; 15) and 900006 (October; 2) are inside the window, on no
    # week's line; the year-long 900007 may fall in the window, in no total.
    assert (row["best"], row["best_left_off"], row["events_left_off"], row["events_maybe"]) == (110, 17, 2, 1)
    assert weekly["best"].sum() + row["best_left_off"] == row["best"], "the line and what it leaves out: the total"
    by_side = event_data.totals_by_side(with_ged, *WINDOW)
    assert row["best"] == by_side.loc[by_side["population"] == "all", "best"].iat[0]
    fig = charts.weekly_deaths_chart(weekly, sources=with_ged.sources, left_off=left_off.reset_index())
    text = _chart_text(fig)
    plt.close(fig)
    assert ("17 of the 110 deaths in the window (15%, best estimates) are in 2 events dated more loosely than one "
            "week") in text, text
    assert "1 more event may fall in the window, but need not" in text


def test_an_event_known_only_to_its_month_is_drawn_in_the_weeks_it_may_fall_in_when_no_high_is_stated(with_acled):
    # ACLED states no low or high, so it had no band: its month-only events were drawn nowhere at all.
    import matplotlib.pyplot as plt

    from analysis import charts
    weekly = event_data.deaths_per_week(with_acled, *WINDOW)
    source = weekly["source_id"].iat[0]
    left_off = event_data.left_off_the_line(with_acled, *WINDOW)
    assert (left_off["best_left_off"].iat[0], left_off["events_left_off"].iat[0]) == (1, 1)  # FIX1003, October
    october = weekly.set_index("week")["best_maybe"]
    assert october.loc[pd.Timestamp("2020-10-12")] == 1 and october.loc[pd.Timestamp("2020-11-02")] == 0
    assert weekly["best_maybe"].sum() > left_off["best_left_off"].iat[0], "whole in each week: never summed"
    fig = charts.weekly_deaths_chart(weekly, sources=with_acled.sources, left_off=left_off)
    bands = [a for a in fig.findobj() if a.get_gid() == f"maybe:{source}"]
    text = _chart_text(fig)
    plt.close(fig)
    assert len(bands) == 1 and bands[0].get_hatch() == "////"
    assert "the hatched band adds each whole to every week it may fall in" in text
    assert "1 of the 11 deaths in the window (9%, conservative estimates) are in 1 event" in text
    assert "best estimate" not in text


def test_an_event_outside_the_window_is_on_no_weeks_line(with_ged):
    # 900011 (Saturday 1 August) lies outside a window from Sunday 2 August, in the first week shown (27 July to
    # 2 August): not on its line, as it is in no total of the window.
    weekly = event_data.deaths_per_week(with_ged, "2020-08-02", "2020-09-27").set_index("week")
    assert weekly.loc[pd.Timestamp("2020-07-27"), "best"] == 0
    assert event_data.deaths_per_week(with_ged, "2020-08-01", "2020-09-27").set_index("week").loc[
        pd.Timestamp("2020-07-27"), "best"] == 1
    assert weekly.loc[pd.Timestamp("2020-09-21"), "best"] == 24  # 900001 on 27 September, the window's last day


# ---------------------------------------------------------------------------------------- problem 9: day ranges


def test_an_event_over_several_days_shows_its_range_in_summary_and_the_timeline_table(ged):
    # Trial 24: `summary` listed GED's 28-30 September battle as "2020-09-28 day", and the timeline table as
    # "28 September 2020 · day 2", while `cite` and the chart labels gave the range.
    from analysis import charts, timeline

    lines = loading.summary(ged).splitlines()
    battle = next(line for line in lines if line.strip().startswith("ged-900002 "))
    assert "2020-09-28 to 2020-09-30 day" in battle, battle
    single = next(line for line in lines if line.strip().startswith("ged-900001 "))
    assert single.split()[1:3] == ["2020-09-27", "day"], "a one-day event keeps its one day"
    full = timeline.build_timeline(ged)
    days = timeline.day_of_war(full, "ged-900001")
    table = timeline.timeline_table(full, days).set_index("event_id")
    assert table.loc["ged-900002", ["date", "day"]].tolist() == ["28 September 2020 to 30 September 2020", "2 to 4"]
    assert table.loc["ged-900001", ["date", "day"]].tolist() == ["27 September 2020", "1"]
    labels = charts._event_labels(full, "ged-900001")
    assert any(label.endswith("28\u00a0Sep\u00a02020 – 30\u00a0Sep\u00a02020 ·\u00a0days\u00a02\u00a0to\u00a04")
               for label in labels), labels


def test_the_curated_timeline_keeps_its_whole_day_numbers(data):
    # No curated event states an end, so its day column stays whole numbers and its pages the same bytes.
    from analysis import timeline

    full = timeline.build_timeline(data)
    days = timeline.day_of_war(full, "an-war-start")
    assert timeline.timeline_table(full, days)["day"].dtype == days.dtype
    assert loading.summary(data).splitlines()[10].split()[1] == "1990-01-01"


def test_the_interactive_timeline_labels_a_range_of_days(ged):
    from analysis import interactive, timeline

    full = timeline.build_timeline(ged)
    items = interactive.event_items(full, ged, day_anchor="ged-900001")
    labels = " | ".join(items["label"].astype(str))
    assert "28 September 2020 to 30 September 2020 · days 2 to 4" in labels, labels
    assert "27 September 2020 · day 1" in labels


# ---------------------------------------------------------------------------------------- problem 13: casualties


def test_the_rate_can_be_left_out_and_an_absent_default_names_the_parameters_to_set(ged, data):
    # Trial 24: `report --only casualties -p data_dir=imported/ged` stopped on "unknown figures: 'an-deaths-total'",
    # and neither -p rate_figure=None nor an empty value could switch the rate off.
    from analysis import parameters, statistics

    declared = parameters.read_parameters(paths.NOTEBOOKS_DIR / "casualties.ipynb")
    assert parameters.coerce(declared["rate_figure"], "None", text=True) is None
    assert parameters.coerce(declared["rate_figure"], "", text=True) == ""
    assert statistics.rate_wanted(ged, None, None) is False and statistics.rate_wanted(ged, "", "an-war") is False
    assert statistics.rate_wanted(data, "an-deaths-total", "an-war") is True
    with pytest.raises(loading.UnknownValueError) as raised:
        statistics.rate_wanted(ged, "an-deaths-total", "an-war")
    message = str(raised.value)
    assert "rate_figure 'an-deaths-total' is no figure of the data" in message
    assert "rate_span 'an-war' is no span of the data (it has no spans)" in message
    assert "-p rate_figure=None to leave the rate out" in message
    with pytest.raises(loading.UnknownValueError, match="rate_span is not set"):
        statistics.rate_wanted(ged, "ged-900001.deaths", None)


@pytest.mark.slow
def test_the_casualties_report_runs_on_an_imported_folder_without_a_rate(tmp_path, ged):
    from analysis import reports

    results = reports.run_reports(paths.REPORTS_CONFIG, tmp_path / "out", ["casualties"],
                                  {"data_dir": str(ged.data_dir), "rate_figure": None})
    assert [r.status for r in results] == ["ok"], [r.message for r in results]
    page = (tmp_path / "out" / "casualties" / "casualties.html").read_text(encoding="utf-8")
    assert "Not computed: no figure was chosen" in page
    assert "from 1 source." in page, "one source, in the singular"


# ---------------------------------------------------------------------------------------- problem 14: page text


def test_counts_take_their_nouns_number():
    from analysis import markup, statistics

    assert [markup.counted(n, "source") for n in (0, 1, 2, 1224)] == ["0 sources", "1 source", "2 sources",
                                                                       "1,224 sources"]
    said = statistics.left_out(pd.DataFrame({"quantity": ["areas", "bodies_unidentified", "deaths"]}), ["deaths"])
    assert said == "2 figures of areas (1) and bodies unidentified (1)", said
    assert "1 areas" not in said and "1 bodies" not in said


def test_a_report_that_sets_its_title_heads_its_page_with_it():
    # Trial 24: the timeline-war page's heading repeated the timeline notebook's, not its own title.
    import types

    import nbformat

    from analysis import reports

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# The notebook's title\n\nIntro.")])
    titled = reports.with_title(notebook, types.SimpleNamespace(values={"title": "The war as *one* report tells it"}))
    assert titled.cells[0].source == "# The war as \\*one\\* report tells it\n\nIntro."
    assert notebook.cells[0].source.startswith("# The notebook's title"), "the notebook itself is left as it was"
    assert reports.with_title(notebook, types.SimpleNamespace(values={})).cells[0].source == notebook.cells[0].source


def test_a_skipped_report_says_its_folder_is_an_earlier_runs(tmp_path):
    # Trial 24: `make report` said "event-data: skipped" and left the earlier run's reports/event-data/ beside the
    # fresh reports, as if it were one of them. It is kept (it may be the only page of data no longer at hand).
    from analysis import reports

    config = tmp_path / "reports.yml"
    config.write_text(f"reports:\n  event-data:\n    notebook: {paths.NOTEBOOKS_DIR / 'event_data.ipynb'}\n"
                      f"    requires: [event_data]\n", encoding="utf-8")
    earlier = tmp_path / "out" / "event-data"
    earlier.mkdir(parents=True)
    (earlier / "event-data.html").write_text("<p>an earlier run</p>\n", encoding="utf-8")
    results = reports.run_reports(config, tmp_path / "out", None, {})
    assert [r.status for r in results] == ["skipped"] and results[0].kept_previous
    assert "is an earlier run's output, left as it was" in results[0].message
    assert "(skipped; earlier output kept)" in reports.format_summary(results, width=200)
    assert (earlier / "event-data.html").exists()


def test_a_default_the_data_lacks_names_the_parameter_to_set(ged):
    # The timeline report on an imported folder stopped on "unknown events: 'an-war-start'", naming no parameter.
    with pytest.raises(loading.UnknownValueError) as raised:
        loading.require_known(ged, events={"anchor_event": "an-war-start", "agreement_event": "ged-900001"})
    message = str(raised.value)
    assert message.startswith("unknown events: anchor_event 'an-war-start'")
    assert message.endswith("Set anchor_event (-p NAME=VALUE) to values of this data"), message
    loading.require_known(ged, events={"anchor_event": "ged-900001"}, kinds=[])  # known: nothing raised
