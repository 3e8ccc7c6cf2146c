"""Tables as a reader sees them on a report page (the CSV keeps the values)."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd

from analysis import outputs


def test_missing_values_whole_numbers_and_dates_read_as_a_person_writes_them():
    # A trial reader met 'NaN', '<NA>', 'NaT' and '1400.0' in the report tables.
    frame = pd.DataFrame({
        "spread": [1400.0, np.nan, 123.0],
        "day": pd.array([1, pd.NA, 45], dtype="Int64"),
        "share": [0.5, 0.25, np.nan],
        "published": pd.to_datetime(["2020-12-12", None, "2020-11-10"]),
        "words": pd.array(["more than 5,600", pd.NA, "dozens"], dtype="string"),
        "open": [True, False, True],
    }, index=pd.Index(["a", "b", "c"], name="figure_id"))
    shown = outputs.for_reading(frame)
    assert shown["spread"].tolist() == ["1,400", "—", "123"]
    assert shown["day"].tolist() == ["1", "—", "45"]
    assert shown["share"].tolist()[:2] == [0.5, 0.25] and shown["share"].iat[2] == "—", "fractions keep their digits"
    assert shown["published"].tolist() == ["2020-12-12", "—", "2020-11-10"]
    assert shown["words"].tolist() == ["more than 5,600", "—", "dozens"]
    assert shown["open"].tolist() == [True, False, True]
    assert frame["spread"].iat[0] == 1400.0, "the frame itself is left as it was"


def test_a_column_that_repeats_the_index_is_shown_once():
    frame = pd.DataFrame({"event_id": ["x", "y"], "title": ["A", "B"]}, index=pd.Index(["x", "y"], name="event_id"))
    assert list(outputs.for_reading(frame).columns) == ["title"]
    unnamed = frame.rename_axis(None)  # the ids as an unnamed index and again as a column: once, named
    shown = outputs.for_reading(unnamed)
    assert list(shown.columns) == ["title"] and shown.index.name == "event_id"
    other = frame.assign(event_id=["x", "z"])  # not a repeat: kept
    assert list(outputs.for_reading(other).columns) == ["event_id", "title"]


def test_numbers_among_words_in_one_column_are_worded_like_the_others():
    frame = pd.DataFrame({"high": pd.Series([2425, "open", 3825.0, None], dtype=object),
                          "id": pd.Series(["900001", "b", "c", "d"], dtype=object)})
    shown = outputs.for_reading(frame)
    assert shown["high"].tolist() == ["2,425", "open", "3,825", "—"]
    assert shown["id"].tolist() == ["900001", "b", "c", "d"], "digits written as text stay as written"


def test_a_time_of_day_is_kept():
    frame = pd.DataFrame({"at": pd.to_datetime(["2020-11-09 21:00", "2020-11-10 00:00"])})
    assert outputs.for_reading(frame)["at"].tolist() == list(frame["at"])


def test_the_docstring_example_holds():
    assert doctest.testmod(outputs).failed == 0


def test_show_figure_writes_each_format_and_shows_the_written_png_at_the_figures_size(tmp_path):
    from matplotlib.figure import Figure

    from analysis import charts

    figure = Figure(figsize=(6.3, 2.0))
    figure.add_subplot().plot([0, 1, 2], [2, 0, 1])
    shown = outputs.show_figure(figure, tmp_path, "line", ["png", "svg"])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["line.png", "line.svg"]
    png, metadata = shown._repr_png_()
    assert png == (tmp_path / "line.png").read_bytes() == charts.chart_bytes(figure, "png"), "shown as written"
    assert (tmp_path / "line.svg").read_bytes() == charts.chart_bytes(figure, "svg")
    assert metadata == {"width": 630}, "the 200-dpi image shown at the figure's size, as the inline backend shows it"
    assert repr(shown) == repr(figure) == "<Figure size 630x200 with 1 Axes>"
    # Exploring a notebook (no folder) writes nothing and shows the same picture; so does a run without PNG files.
    elsewhere = tmp_path / "none"
    elsewhere.mkdir()
    assert outputs.show_figure(figure, None, "line")._repr_png_()[0] == png
    assert outputs.show_figure(figure, elsewhere, "line", ["svg"])._repr_png_()[0] == png
    assert [path.name for path in elsewhere.iterdir()] == ["line.svg"]


def test_a_column_every_row_shares_is_said_once_above_the_table():
    # Trial 24's claims table repeated the data set's long title and the window in every row.
    frame = pd.DataFrame({"claim": ["2,425", "2,783"], "event data": ["UCDP <GED> 23.1"] * 2,
                          "window": ["27 Sep to 10 Nov", "27 Sep to 9 Nov"]})
    table = outputs.reading_table(frame, shared=["event data", "window"])
    assert list(table.frame.columns) == ["claim", "window"]  # the windows differ: kept
    page = table._repr_html_()
    assert page.startswith("<p><strong>event data</strong>: UCDP &lt;GED&gt; 23.1</p>"), page[:80]
    assert repr(table).startswith("event data: UCDP <GED> 23.1\n")
    # One row, or none, is a table whose columns all "agree": nothing is taken out.
    assert list(outputs.reading_table(frame.head(1), shared=["event data"]).frame.columns) == list(frame.columns)
