"""The loader gives typed frames and refuses bad data with file, line, field and expectation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import loading


def test_bundled_data_loads_typed(data):
    events, figures = data.events, data.figures
    assert pd.api.types.is_datetime64_any_dtype(events["start_date"])
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    assert isinstance(figures["qualifier"].dtype, pd.CategoricalDtype)
    assert str(figures["value"].dtype) == "Float64"
    assert events.index.is_unique and figures.index.is_unique
    deaths = figures.loc["an-deaths-total"]
    assert (deaths["value"], deaths["qualifier"], deaths["low"]) == (5600, "more than", 5600)
    assert pd.isna(deaths["high"]), "'more than' leaves the high bound open"


def test_load_functions_and_other_folder(editable):
    assert len(loading.load_events(editable.folder)) == len(loading.load_events())
    assert set(loading.load_sources(editable.folder).index) >= {"asia-news-2020-12-12"}
    assert "an-peacekeepers" in loading.load_figures(editable.folder).index


def test_every_event_and_figure_names_a_source_and_excerpt(data):
    for frame in (data.events, data.figures, data.spans):
        assert frame["source_id"].notna().all()
        assert frame["excerpt"].str.strip().str.len().gt(0).all()


def _problems(folder) -> pd.DataFrame:
    with pytest.raises(loading.DataValidationError) as caught:
        loading.load(folder)
    return caught.value.failures


BAD_CELLS = [
    pytest.param("events", "an-parade", "start_date", "2020-13-40", "YYYY-MM-DD", id="malformed date"),
    pytest.param("events", "an-parade", "start_date", "2020-12-5", "YYYY-MM-DD", id="unpadded date"),
    pytest.param("events", "an-parade", "kind", "picnic", "kinds.csv", id="unknown kind"),
    pytest.param("figures", "an-wounded-fighters", "value", "-3", ">= 0", id="negative count"),
    pytest.param("figures", "an-wounded-fighters", "value", "three", "a number", id="non-numeric count"),
    pytest.param("figures", "an-peacekeepers", "source_id", "no-such-source", "sources.csv",
                 id="figure missing source"),
    pytest.param("events", "an-war-start", "derived_from_event_id", "no-such-event", "events.csv",
                 id="event pointing at missing event"),
    pytest.param("figures", "an-deaths-total", "event_id", "no-such-event", "events.csv",
                 id="figure pointing at missing event"),
    pytest.param("figures", "an-peacekeepers", "low", "2500", "not above the high", id="low above high"),
    pytest.param("events", "an-parade", "end_date", "2020-12-01", "on or after start_date", id="end before start"),
    pytest.param("events", "an-parade", "excerpt", "", "required", id="empty excerpt"),
    pytest.param("figures", "an-parade-troops", "excerpt", "   ", "matching", id="blank excerpt"),
    pytest.param("events", "an-parade", "actor_ids", "azerbaijan|nobody", "nobody", id="unknown actor in list"),
    pytest.param("figures", "an-peacekeepers", "low", "1700", "nearly", id="bound against the qualifier rule"),
    pytest.param("figures", "an-peacekeepers", "value_text", "about 2,000", "verbatim", id="words not in excerpt"),
    pytest.param("events", "an-war-1990s", "start_date", "1994-01-01", "first day", id="decade not aligned"),
]


@pytest.mark.parametrize(("table", "key", "column", "value", "expected"), BAD_CELLS)
def test_bad_cell_is_named_with_file_line_and_field(editable, table, key, column, value, expected):
    line = editable.set(table, key, column, value)
    problems = _problems(editable.folder)
    hit = problems[(problems["field"] == column) & (problems["line"] == line)]
    assert len(hit) >= 1, problems
    assert hit["file"].str.endswith(f"{table}.csv").all()
    assert hit["expected"].str.contains(expected, regex=False).any(), hit["expected"].tolist()
    message = str(loading.DataValidationError(problems))
    assert f"{table}.csv, line {line}, field '{column}'" in message


def test_duplicated_id_names_the_second_line(editable):
    rows = editable.rows("figures")
    duplicate = dict(rows[0])
    line = editable.append("figures", duplicate)
    problems = _problems(editable.folder)
    hit = problems[(problems["field"] == "figure_id") & (problems["line"] == line)]
    assert hit["expected"].str.contains("unique").all() and len(hit) == 1


def test_every_problem_is_reported_at_once(editable):
    editable.set("events", "an-parade", "start_date", "yesterday")
    editable.set("figures", "an-peacekeepers", "unit", "furlongs")
    editable.set("sources", "meduza-2020-12-03", "url", "not a url")
    problems = _problems(editable.folder)
    assert {"start_date", "unit", "url"} <= set(problems["field"])
    assert problems["file"].str.endswith(("events.csv", "figures.csv", "sources.csv")).all()


def test_malformed_csv_row_is_named(editable):
    path = editable.folder / "kinds.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "parade,too,many,fields")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _problems(editable.folder)
    row = problems.iloc[0]
    assert row["file"].endswith("kinds.csv") and row["line"] == 4
    assert "well-formed" in row["expected"]


def test_missing_column_and_missing_file(editable):
    (editable.folder / "spans.csv").unlink()
    rows = editable.rows("places")
    editable.write("places", [{k: v for k, v in row.items() if k != "place_type"} for row in rows])
    problems = _problems(editable.folder)
    assert problems["expected"].str.contains("spans.csv to exist").any()
    assert ((problems["field"] == "place_type") & (problems["line"] == 1)).any()


def test_derived_date_must_say_how(editable):
    line = editable.set("events", "an-war-start", "derived_with_figure_id", "")
    problems = _problems(editable.folder)
    hit = problems[(problems["line"] == line) & (problems["field"] == "derived_with_figure_id")]
    assert hit["expected"].str.contains("derived").any()


def test_summary_lists_every_event_and_figure(data):
    text = loading.summary(data)
    assert "valid" in text
    for title in data.events["title"]:
        assert title in text
    for words in data.figures["value_text"]:
        assert words in text


@pytest.mark.parametrize(("command", "code"), [(["summary"], 1), (["check"], 2), (["cite", "an-parade"], 2),
                                                (["sources"], 2)])
def test_commands_report_invalid_data_with_file_line_and_field(editable, command, code):
    import subprocess
    import sys

    from analysis import paths

    line = editable.set("events", "an-parade", "start_date", "Thursday")
    run = subprocess.run([sys.executable, "-m", "analysis", *command, "--data", str(editable.folder)],
                         capture_output=True, text=True, cwd=paths.REPO_DIR)
    assert run.returncode == code
    assert f"events.csv, line {line}, field 'start_date'" in run.stdout + run.stderr


def test_a_missing_data_folder_is_one_clear_problem(tmp_path):
    problems = _problems(tmp_path / "nowhere")
    assert len(problems) == 1 and problems.iloc[0]["expected"].startswith("a data folder holding sources.csv")


def test_an_estimate_keeps_its_stated_bounds_and_must_lie_inside_them(editable):
    editable.set("figures", "meduza-am-deaths", "qualifier", "estimate")
    editable.set("figures", "meduza-am-deaths", "low", "2000")
    line = editable.set("figures", "meduza-am-deaths", "high", "")
    figure = loading.load(editable.folder).figures.loc["meduza-am-deaths"]
    assert (figure["low"], figure["value"]) == (2000, 2425) and pd.isna(figure["high"]), "no rule rewrites them"
    editable.set("figures", "meduza-am-deaths", "high", "2400")
    problems = _problems(editable.folder)
    assert problems[["line", "field"]].values.tolist() == [[line, "high"]], problems
    assert problems["expected"].str.contains("not below the value").all()


def test_a_week_starts_on_a_monday(editable):
    editable.set("events", "an-parade", "date_precision", "week")
    line = editable.set("events", "an-parade", "start_date", "2020-12-10")  # a Thursday
    problems = _problems(editable.folder)
    hit = problems[(problems["line"] == line) & (problems["field"] == "start_date")]
    assert hit["expected"].str.contains("a Monday").all() and len(hit) == 1
    editable.set("events", "an-parade", "start_date", "2020-12-07")
    assert loading.load(editable.folder).events.loc["an-parade", "date_precision"] == "week"



def _one_new_account(editable) -> Path:
    """The editable copy turned into another folder: the same vocabulary, one new source with one event and one
    figure of a kind the bundled data does not have."""
    editable.write("sources", [{**editable.rows("sources")[0], "source_id": "other-source"}])
    editable.write("events", [{**editable.rows("events")[0], "event_id": "other-event", "occurrence_id": "other",
                               "derived_from_event_id": "", "derived_with_figure_id": "", "derived_direction": "",
                               "date_basis": "stated", "kind": "other_kind", "source_id": "other-source"}])
    editable.write("figures", [{**editable.rows("figures")[0], "figure_id": "other-figure",
                                "event_id": "other-event", "source_id": "other-source"}])
    spans = editable.folder / "spans.csv"
    spans.write_text(spans.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    editable.append("kinds", {"kind": "other_kind", "description": "A kind only the other folder has."})
    return editable.folder


def test_combine_joins_folders_and_keeps_shared_vocabulary_once(data, editable):
    both = loading.combine([data, loading.load(_one_new_account(editable))])
    assert len(both.events) == len(data.events) + 1 and len(both.figures) == len(data.figures) + 1
    assert len(both.actors) == len(data.actors) and len(both.places) == len(data.places), "shared rows kept once"
    assert list(both.events["kind"].cat.categories)[-1] == "other_kind"
    assert both.events.loc["other-event", "kind"] == "other_kind"
    assert both.figures.dtypes.equals(data.figures.dtypes) and both.data_dir == data.data_dir


def test_combine_refuses_an_id_two_folders_use(data, editable):
    editable.set("places", "baku", "name", "Baki")  # a shared vocabulary row that no longer agrees
    with pytest.raises(loading.DataValidationError) as raised:
        loading.combine([data, loading.load(editable.folder)])
    failures = raised.value.failures
    assert set(failures["value"]) == {*data.sources.index, *data.events.index, *data.figures.index,
                                      *data.spans.index, "baku"}
    baku = failures[failures["value"] == "baku"]
    assert len(baku) == 2 and baku["expected"].str.contains("different content in").all()
    assert baku["file"].str.endswith("places.csv").all() and str(editable.folder) in baku["expected"].iloc[0]
