"""The loader gives typed frames and refuses bad data with file, line, field and expectation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import loading, paths


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


def test_a_repeated_key_and_unknown_references_to_it_are_each_named_once(editable):
    # The key and the references to it are hashed together: a repeated event id is one problem on its second line,
    # a reference to it stays known, and an unknown id named by two figures is a problem on each of their lines.
    events, figures = editable.rows("events"), editable.rows("figures")
    repeated = editable.append("events", dict(events[1], event_id=events[0]["event_id"]))
    known = editable.set("figures", figures[0]["figure_id"], "event_id", events[0]["event_id"])
    unknown = [editable.set("figures", figures[i]["figure_id"], "event_id", "no-such-event") for i in (1, 2)]
    problems = _problems(editable.folder)
    in_events = problems[problems["file"].str.endswith("events.csv") & (problems["field"] == "event_id")]
    assert in_events["line"].tolist() == [repeated] and in_events["expected"].str.contains("unique").all()
    missing = problems[problems["expected"].str.contains("exists in events.csv", regex=False)]
    assert sorted(missing["line"]) == sorted(unknown) and known not in set(missing["line"])
    assert (missing["value"] == "no-such-event").all()


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


# ---------------------------------------------------------------------------------------------- bad input probes


def _only_syntax(problems: pd.DataFrame, file: str) -> pd.DataFrame:
    return problems[problems["file"].str.endswith(file)]


def _no_knock_on(caught: loading.DataValidationError, table: str) -> None:
    assert not caught.failures["expected"].str.contains(f"exists in {table}.csv", regex=False).any(), \
        caught.failures.to_string()


def _error(folder, **options) -> loading.DataValidationError:
    with pytest.raises(loading.DataValidationError) as caught:
        loading.load(folder, cache=False, **options)
    return caught.value


def test_an_empty_file_is_one_problem_and_its_knock_on_errors_are_held_back(editable):
    (editable.folder / "events.csv").write_bytes(b"")
    error = _error(editable.folder)
    assert len(error.failures) == 1, error.failures.to_string()
    row = error.failures.iloc[0]
    assert row["file"].endswith("events.csv") and row["line"] == 1 and "empty" in row["value"]
    assert "header line" in row["expected"]
    assert any("events.csv" in note and "could not be read" in note for note in error.held_back)
    assert "held back" in str(error)


def _rewrite_line(path, number: int, change) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_row_with_too_few_fields_is_named_without_knock_on_errors(editable):
    line = editable.set("events", "an-parade", "notes", "")  # a row other tables refer to
    fields = len(editable.rows("events")[0])  # as many as the header names, whatever columns the schema has now
    _rewrite_line(editable.folder / "events.csv", line, lambda text: text.rsplit(",", 1)[0])
    error = _error(editable.folder)
    hit = error.failures[(error.failures["line"] == line) & error.failures["file"].str.endswith("events.csv")]
    assert len(hit) == 1, error.failures.to_string()
    assert hit["expected"].str.endswith(f"well-formed CSV row of {fields} fields, as in the header; found {fields - 1}"
                                        ).all(), hit["expected"].tolist()
    _no_knock_on(error, "events")
    assert len(error.failures) == 1


def test_an_unterminated_quote_on_the_last_line_is_named(editable):
    path = editable.folder / "figures.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text.count("\n") + 1
    path.write_text(text[: text.rindex('"')] + "\n", encoding="utf-8")  # the closing quote of the last excerpt
    error = _error(editable.folder)
    syntax = _only_syntax(error.failures, "figures.csv")
    assert list(syntax["line"]) == [last] and "closing quote" in syntax.iloc[0]["expected"], error.failures
    _no_knock_on(error, "figures")


def test_one_stray_quote_is_reported_once_not_buried(editable):
    line = editable.set("events", "an-war-start", "title", "War starts")
    _rewrite_line(editable.folder / "events.csv", line, lambda text: text.replace(",War starts,", ',"War starts,'))
    error = _error(editable.folder)
    first = error.failures.iloc[0]
    assert first["file"].endswith("events.csv") and first["line"] == line, error.failures.to_string()
    assert "quote" in first["expected"]
    _no_knock_on(error, "events")
    assert len(error.failures) <= 2, error.failures.to_string()
    assert any(f"not read past line {line}" in note for note in error.held_back)


def test_bytes_that_are_not_utf8_are_named_with_their_line(editable):
    line = editable.set("events", "an-parade", "title", "Parade")
    _rewrite_line(editable.folder / "events.csv", line, lambda text: text)
    path = editable.folder / "events.csv"
    path.write_bytes(path.read_bytes().replace(b",Parade,", b",Parad\xe9,"))
    error = _error(editable.folder)
    first = error.failures.iloc[0]
    assert first["line"] == line and "UTF-8" in first["expected"], error.failures.to_string()
    _no_knock_on(error, "events")


@pytest.mark.parametrize("number", ["inf", "-inf", "nan", "NaN", "Infinity", "1e999"])
def test_numbers_that_are_not_finite_are_refused(editable, number):
    line = editable.set("figures", "an-deaths-total", "value", number)
    error = _error(editable.folder)
    hit = error.failures[(error.failures["line"] == line) & (error.failures["field"] == "value")]
    assert hit["expected"].str.contains("not inf or nan").any(), error.failures.to_string()


@pytest.mark.parametrize("date", ["2020-02-30", "0000-01-01", "2021-02-29", "10000-01-01", "2020-12-05 "])
def test_impossible_dates_are_refused(editable, date):
    line = editable.set("events", "an-parade", "start_date", date)
    error = _error(editable.folder)
    assert ((error.failures["line"] == line) & (error.failures["field"] == "start_date")).any()


def _chronicle(editable) -> None:
    """A source without an archive and accounts dated in 1066, in year 1 and in 9999."""
    editable.append("sources", {"source_id": "chronicle", "publisher": "A chronicle", "title": "Annals",
                                "date_published_note": "Not dated.", "language": "en", "source_type": "news"})
    base = {"date_precision": "day", "date_qualifier": "on", "date_refers_to": "occurrence", "date_basis": "stated",
            "kind": "war_start", "source_id": "chronicle"}
    for event_id, date, qualifier, excerpt in [
            ("hastings", "1066-10-14", "on", "The battle was fought on 14 October 1066."),
            ("first-day", "0001-01-01", "by", "It had happened by the first day of year one."),
            ("last-day", "9999-12-31", "after", "It will happen after the last day of 9999.")]:
        editable.append("events", {**base, "event_id": event_id, "occurrence_id": event_id, "start_date": date,
                                   "date_qualifier": qualifier, "title": event_id, "excerpt": excerpt})


def test_dates_of_any_year_load_and_flow_through_timeline_checks_and_cite(editable):
    from analysis import checks, citations, timeline

    _chronicle(editable)
    data = loading.load(editable.folder, cache=False)
    assert data.events.loc["hastings", "start_date"] == pd.Timestamp("1066-10-14")
    assert data.events.loc["first-day", "start_date"].year == 1
    assert data.events.loc["last-day", "start_date"].year == 9999
    tl = timeline.build_timeline(data)
    windows = timeline.account_windows(tl)
    assert windows.loc["first-day", "window_start"] == timeline.OPEN_START < windows.loc["first-day", "window_end"]
    assert windows.loc["last-day", "window_end"] == timeline.OPEN_END
    assert timeline.assign_phase(tl, "an-war-start", "an-agreement")["hastings"] == "pre-war"
    assert timeline.day_of_war(tl, "hastings")["an-war-start"] == (pd.Timestamp("2020-09-27")
                                                                  - pd.Timestamp("1066-10-14")).days + 1
    found = checks.run_checks(data)
    assert len(found) > 0
    assert "14 October 1066" in citations.words("hastings", data)


def test_a_dataset_says_which_archives_verified_its_excerpts(editable, tmp_path):
    data = loading.load(editable.folder, archives_dir=tmp_path, cache=False)
    assert data.archives.folder == tmp_path and data.archives.verified == ()
    assert set(data.archives.missing) == set(data.sources["archive_path"].dropna().index)
    assert f"not present in {tmp_path}" in data.archives.describe()


# ---------------------------------------------------------------------------------------------- snapshots


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(folder))
    return folder


def _same(left: loading.Dataset, right: loading.Dataset) -> None:
    for name, frame in left.tables().items():
        pd.testing.assert_frame_equal(frame, getattr(right, name), check_exact=True)
        assert frame.index.name == getattr(right, name).index.name


@pytest.mark.parametrize("content", [b"", b"a,b\n", b'x,"y\n', b'"q""uote",1\r\n' * 300_000 + b"no end,\""],
                         ids=["empty", "one line", "open quote", "several chunks, no newline at the end"])
def test_file_facts_are_those_of_the_whole_file(tmp_path, content):
    # Read a chunk at a time into one buffer: the checksum and the counts are those of all the bytes at once.
    import hashlib

    path = tmp_path / "file.csv"
    path.write_bytes(content)
    facts = loading.snapshots._facts_of(path)
    assert len(content) < loading.snapshots.CHUNK or len(content) > 2 * loading.snapshots.CHUNK
    assert facts == loading.snapshots.FileFacts(hashlib.sha256(content).hexdigest(), len(content), content.count(b"\n"),
                                                content.count(b'"'), content.endswith(b"\n"))


def test_a_second_load_reads_the_validated_snapshot(editable, cache, monkeypatch):
    first = loading.load(editable.folder)
    loading.snapshots.wait()  # it is written in the background
    assert len(list((cache / "snapshots").glob("*/events.parquet"))) == 1
    assert len(list((cache / "snapshots").glob("*/archives-*.json"))) == 1, "the verification is kept beside it"

    def no_reading(*args, **kwargs):
        raise AssertionError("unchanged data was validated again")

    monkeypatch.setattr(loading, "read_raw", no_reading)
    monkeypatch.setattr(loading.archives, "verify_excerpts", no_reading)
    second = loading.load(editable.folder)
    _same(first, second)
    assert second.archives == first.archives


def test_small_snapshot_files_read_as_pyarrow_parquet_reads_them(editable, cache):
    """Small files are read through pyarrow's Parquet reader itself (sparing `cite` pyarrow.parquet's imports):
    the same table, schema and metadata (the kinds) as `pyarrow.parquet.ParquetFile.read`."""
    import pyarrow.parquet as pq

    loading.load(editable.folder)
    loading.snapshots.wait()
    files = sorted((cache / "snapshots").glob("*/*.parquet"))
    assert {f.stem for f in files} == set(loading.TABLES)
    for file in files:
        lean, public = loading.snapshots.read_small_parquet(file), pq.ParquetFile(file).read()
        assert lean.equals(public) and lean.schema.equals(public.schema, check_metadata=True), file.name
        assert lean.num_rows > 0 or file.stem == "spans"


def test_an_edited_file_is_never_served_from_the_snapshot(editable, cache):
    loading.load(editable.folder)
    line = editable.set("figures", "an-deaths-total", "value", "inf")
    with pytest.raises(loading.DataValidationError) as caught:
        loading.load(editable.folder)
    assert (caught.value.failures["line"] == line).any()
    editable.set("figures", "an-deaths-total", "notes", "Edited.")
    editable.set("figures", "an-deaths-total", "value", "5600")
    assert loading.load(editable.folder).figures.loc["an-deaths-total", "notes"] == "Edited."


def test_a_snapshot_is_verified_again_against_other_archives(editable, cache, tmp_path):
    verified = loading.load(editable.folder)
    elsewhere = loading.load(editable.folder, archives_dir=tmp_path)
    assert elsewhere.archives.verified == () and elsewhere.archives.folder == tmp_path
    assert loading.load(editable.folder).archives == verified.archives


def test_a_deleted_cache_only_costs_a_validation(editable, cache):
    import shutil

    first = loading.load(editable.folder)
    loading.snapshots.wait()
    shutil.rmtree(cache)
    _same(first, loading.load(editable.folder))


# ---------------------------------------------------------------------------------------------- same as before


def _plain_pandas_load(folder) -> dict[str, pd.DataFrame]:
    """The frames as the loader typed them before it ran on Arrow: pandas reading every cell as text, then one
    conversion per column (dates now in microseconds, which reach the year 1)."""
    from analysis.schema import FIELDS, TABLES

    kinds = list(pd.read_csv(folder / "kinds.csv", dtype=str, keep_default_na=False)["kind"])
    frames = {}
    for name, table in TABLES.items():
        raw = pd.read_csv(folder / table.path, dtype=str, keep_default_na=False, na_filter=False)
        raw.index = pd.RangeIndex(2, len(raw) + 2, name="line")
        out = {}
        for column in table.columns:
            spec, values = FIELDS[column], raw[column].replace("", None)
            if spec.type == "date":
                out[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[us]")
            elif spec.type == "number":
                out[column] = pd.to_numeric(values).astype("Float64")
            elif spec.enum:
                out[column] = pd.Categorical(values, categories=spec.enum)
            elif column == "kind":
                out[column] = pd.Categorical(values, categories=kinds)
            else:
                out[column] = values.astype("str")
        frame = pd.DataFrame(out, index=raw.index).reset_index().set_index(table.primary_key, drop=False)
        frame.index.name = None
        frames[name] = frame
    return frames


def _synthetic_folder(tmp_path, rows: int):
    import importlib.util
    import sys

    benchmarks = paths.REPO_DIR / "benchmarks"
    sys.path.insert(0, str(benchmarks))
    try:
        spec = importlib.util.spec_from_file_location("synthetic", benchmarks / "synthetic.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(benchmarks))
    return module.write_folder(tmp_path / "synthetic", rows)


@pytest.mark.parametrize("folder", ["bundled", "synthetic"])
def test_load_gives_the_frames_a_plain_pandas_reading_gives(folder, tmp_path, cache):
    path = paths.DATA_DIR if folder == "bundled" else _synthetic_folder(tmp_path, 2_000)
    expected = _plain_pandas_load(path)
    for loaded in (loading.load(path), loading.load(path)):  # validated, then from the snapshot
        for name, frame in loaded.tables().items():
            pd.testing.assert_frame_equal(frame, expected[name], check_exact=True)


def test_a_value_over_several_lines_keeps_every_row_on_its_own_line(editable, tmp_path):
    editable.set("events", "an-parade", "notes", "First line of a note,\nsecond line.")
    data = loading.load(editable.folder, archives_dir=tmp_path, cache=False)
    text = (editable.folder / "events.csv").read_text(encoding="utf-8").split("\n")
    for event_id, line in data.events["line"].items():
        assert text[line - 1].startswith(event_id + ","), (event_id, line)
    assert data.events.loc["an-parade", "notes"] == "First line of a note,\nsecond line."


def test_the_snapshot_outlives_the_process_that_wrote_it(editable, cache):
    # Written in the background: a process that exits right after loading still leaves a whole snapshot, which the
    # next process (another command, the next notebook of a report) reads.
    import subprocess
    import sys

    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "analysis", "summary", "--data", str(editable.folder)],
                             capture_output=True, text=True, cwd=paths.REPO_DIR)
        assert run.returncode == 0, run.stderr
        assert [p.name for p in (cache / "snapshots").iterdir()] == [p.parent.name for p in
                                                                     (cache / "snapshots").glob("*/complete")]
    assert len(list((cache / "snapshots").glob("*/complete"))) == 1


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


def test_positions_and_lookup_are_what_an_index_search_gives():
    keys = pd.Series(["b", "a", "d", "c"], dtype="str", index=["x", "y", "z", "w"])
    values = pd.Series(["c", None, "zz", "b", "c"], dtype="str")
    assert loading.positions(keys, values).tolist() == [3, -1, -1, 0, 3]
    assert loading.positions(keys, values.iloc[:0]).tolist() == []
    table = pd.Series({"a": pd.Timestamp("2020-11-10"), "b": pd.NaT})
    found = loading.lookup(pd.Series(["a", "b", None, "q", "a"], dtype="str"), table)
    expected = pd.Series(["a", "b", None, "q", "a"], dtype="str").map(table)
    assert pd.Series(found).equals(expected.reset_index(drop=True)) and found.dtype == table.dtype


def test_field_problems_say_that_the_excerpts_are_checked_after_them(editable, tmp_path):
    """A typo inside an excerpt first shows as a field that no longer matches it (a user's trial took it for a
    wrong date_expression); the error says the excerpts' own check is still to come."""
    editable.set("events", "an-parade", "start_date", "2020-13-40")
    with pytest.raises(loading.DataValidationError) as caught:
        loading.load(editable.folder, archives_dir=tmp_path, cache=False)
    assert any("excerpts' check against the archived texts" in note for note in caught.value.held_back)
    assert "(held back: the excerpts' check" in str(caught.value)


# ---------------------------------------------------------------------------------------------- value and its words


def _worded_figure(editable, figure_id: str, value: str, value_text: str, *, qualifier: str = "exact",
                   unit: str = "people", low: str | None = None, high: str | None = None) -> int:
    """A figure quoting `value_text`, from a source without an archived text (its excerpt is not verified)."""
    if not any(row["source_id"] == "voice-a" for row in editable.rows("sources")):
        editable.append("sources", {"source_id": "voice-a", "publisher": "Voice A", "title": "Voice A",
                                    "date_published_note": "Written for the test.", "language": "en",
                                    "source_type": "news"})
    return editable.append("figures", {
        "figure_id": figure_id, "quantity": "deaths", "side": "azerbaijan", "population": "military",
        "value": value, "unit": unit, "qualifier": qualifier, "value_text": value_text,
        "low": value if low is None else low, "high": value if high is None else high, "scope": "planted",
        "source_id": "voice-a", "excerpt": f"Azerbaijan said {value_text} were killed in an ambush."})


def _value_problems(folder) -> pd.DataFrame:
    problems = _problems(folder)
    return problems[problems["field"] == "value"]


def test_a_value_its_number_words_do_not_state_is_named_with_file_line_and_field(editable):
    # A trial user's typo: 40 for "four of its troops" loaded, and `cite` said 40 soldiers were killed.
    line = _worded_figure(editable, "voice-ambush", "40", "four of its troops")
    problems = _value_problems(editable.folder)
    assert problems[["line", "value"]].values.tolist() == [[line, "40"]], problems
    assert problems["file"].str.endswith("figures.csv").all()
    message = str(loading.DataValidationError(problems))
    assert (f"figures.csv, line {line}, field 'value': found '40'; expected 4, the number value_text "
            "'four of its troops' states") in message


def _set_exact_value(editable, figure_id: str, value: str) -> int:
    """Give an exact figure another value (and the bounds its rule requires); the line it stands on."""
    for column in ("low", "high"):
        editable.set("figures", figure_id, column, value)
    return editable.set("figures", figure_id, "value", value)


def test_a_value_its_digits_do_not_state_is_named(editable):
    line = _set_exact_value(editable, "bbc-az-deaths", "2283")
    problems = _value_problems(editable.folder)
    assert problems[["line", "expected"]].values.tolist() == [
        [line, "2783, the number value_text '2,783 of its forces' states"]]


def test_every_wrong_value_is_reported_at_once_each_on_its_line(editable):
    words = _worded_figure(editable, "voice-words", "30", "two thousand")
    digits = _worded_figure(editable, "voice-digits", "500", "5,000+", qualifier="more than", high="")
    hyphen = _worded_figure(editable, "voice-days", "4", "a 44-day war", unit="days")
    problems = _value_problems(editable.folder)
    assert problems[["line", "expected"]].values.tolist() == [
        [words, "2000, the number value_text 'two thousand' states"],
        [digits, "5000, the number value_text '5,000+' states"],
        [hyphen, "44, the number value_text 'a 44-day war' states"]]


def test_a_value_its_words_state_loads_in_the_unit_of_the_figure(editable):
    for figure_id, value, text, unit in [("voice-a1", "4", "four of its troops", "people"),
                                         ("voice-a2", "2000", "two thousand", "people"),
                                         ("voice-a3", "100", "more than a hundred", "people"),
                                         ("voice-a4", "6", "six weeks", "weeks"),
                                         ("voice-a5", "42", "six weeks", "days"),
                                         ("voice-a6", "1500000", "1.5 million", "people")]:
        _worded_figure(editable, figure_id, value, text, unit=unit)
    figures = loading.load(editable.folder).figures
    assert figures.loc["voice-a5", "value"] == 42 and figures.loc["voice-a6", "value"] == 1_500_000
    line = _set_exact_value(editable, "voice-a5", "6")
    problems = _value_problems(editable.folder)
    assert problems[["line", "expected"]].values.tolist() == [
        [line, "42, the number value_text 'six weeks' states (6 weeks, in days)"]]


def test_words_that_state_no_number_alone_are_not_held_to_the_value(editable):
    _worded_figure(editable, "voice-vague", "30", "dozens of its troops", qualifier="about", low="27", high="33")
    _worded_figure(editable, "voice-range", "15", "between 10 and 20", qualifier="estimate", low="10", high="20")
    _worded_figure(editable, "voice-dozen", "24", "two dozen", unit="people")
    _worded_figure(editable, "voice-months", "180", "six months", unit="days")  # no exact number of days
    editable.set("figures", "meduza-territory-share", "value", "40")  # "nearly half": no number to compare
    editable.set("figures", "meduza-territory-share", "low", "36")
    editable.set("figures", "meduza-territory-share", "high", "40")
    figures = loading.load(editable.folder).figures
    assert figures.loc[["voice-vague", "voice-range", "voice-dozen", "voice-months"], "value"].tolist() == [
        30, 15, 24, 180]


def test_plain_digits_are_read_by_arrow_as_the_word_reader_reads_them(monkeypatch):
    import pyarrow as pa

    from analysis import quantities

    plain = ["2,783 of its forces", "44 days", "a 44-day war", "5,000+", "1960 servicemen", "5,000.", "5, said",
             "6 Months", "6\u00a0weeks", "5-year-long", "44 day_x", "(12)", "3 dayshift", "no digits here"]
    others = ["four of its troops", "the 44th day", "5.6", "A10 units", "1,2345", "x-5", "10-20", "2 million",
              "dozens", "12:30"]
    expected = [quantities.number_in(t) for t in plain + others]
    read, number_in = [], quantities.number_in
    monkeypatch.setattr(quantities, "number_in", lambda text: read.append(text) or number_in(text))
    numbers, units = loading._stated_numbers(pa.array(plain + others, pa.large_string()))
    assert read == others, "the texts with one group of digits and no number word are read in one go"
    assert [None if q is None else (q.value, q.unit) for q in expected] == [
        None if np.isnan(n) else (n, quantities.TIME_UNITS[u] if u >= 0 else "")
        for n, u in zip(numbers, units, strict=True)]


@pytest.mark.parametrize("ids", [["a", "an-war-start", "x9.2-b"], ["a", ""], ["-a"], [".a"], ["a b"], ["A"], ["aé"],
                                 ["a\n"], ["a|b"], ["ok", "fine", "Not"], ["a", "b", "c"][1:]])
def test_ids_judged_on_their_bytes_as_re2_judges_them(ids):
    # The bytes of a whole column say "all ids"; only then is RE2 spared, so the two must agree on that.
    import pyarrow as pa
    import pyarrow.compute as pc

    for values in (pa.array(ids, pa.large_string()), pa.array(["zz", *ids], pa.large_string()).slice(1)):
        by_regex = pc.all(pc.match_substring_regex(values, loading.ID_PATTERN)).as_py() and len(values) > 0
        assert loading._all_ids(values) == bool(by_regex)
