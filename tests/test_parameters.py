"""Notebook parameters: reading the `parameters` cell, converting values, and checking them before a run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest

from analysis.parameters import (
    Parameter,
    ParameterError,
    Setting,
    absolute_paths,
    check_parameters,
    coerce,
    is_date_bound,
    parse_parameters_source,
    read_parameters,
    resolve,
)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.fixture(scope="module")
def toy() -> dict[str, Parameter]:
    return read_parameters(FIXTURES / "toy.ipynb")


def test_read_parameters_gives_names_defaults_types_and_help_in_order(toy):
    assert list(toy) == ["output_dir", "title", "top_n", "scale", "show_table", "regions", "date_from",
                         "date_to"]
    assert (toy["top_n"].default, toy["top_n"].type, toy["top_n"].help) == (3, int, "how many values")
    assert (toy["scale"].default, toy["scale"].type_name) == (1.5, "float")
    assert (toy["show_table"].default, toy["show_table"].type_name) == (True, "bool")
    assert toy["regions"].default == ["Stepanakert", "Shusha"]
    assert toy["regions"].type_name == "list[str]"
    assert toy["output_dir"].type_name == "any" and toy["output_dir"].nullable
    # The date-window convention: ISO strings, None allowed for an open end.
    assert toy["date_from"].type_name == "str | None"
    assert toy["date_from"].default == "2020-09-27"


def test_read_parameters_uses_only_the_tagged_cell(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("before = 1"),
        nbformat.v4.new_code_cell("inside = 2", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("after = 3"),
    ])
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, path)
    assert list(read_parameters(path)) == ["inside"]
    notebook.cells[1].metadata = {}
    nbformat.write(notebook, path)
    assert read_parameters(path) == {}


def test_parse_handles_annotations_multiline_values_and_computed_defaults():
    found = parse_parameters_source(
        "import os\n"
        "region: str | None = None  # a region or all\n"
        "limit: Optional[int] = 5\n"
        "ids: list[int] = []\n"
        "names = [\n    'a',\n    'b',\n]  # several lines\n"
        "home = os.getcwd()\n"
        "a = b = 0.5\n"
    )
    assert list(found) == ["region", "limit", "ids", "names", "home", "a", "b"]
    assert (found["region"].type, found["region"].nullable) == (str, True)
    assert found["region"].help == "a region or all"
    assert found["limit"].type_name == "int | None"
    assert found["ids"].type_name == "list[int]"
    assert (found["names"].default, found["names"].help) == (["a", "b"], "several lines")
    assert not found["home"].literal and found["home"].type is None and found["home"].default == "os.getcwd()"
    assert found["a"].default == found["b"].default == 0.5


def test_parse_rejects_a_cell_that_is_not_python():
    with pytest.raises(ValueError, match="not plain Python"):
        parse_parameters_source("%matplotlib inline\nx = 1", origin="n.ipynb")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("top_n", "5", 5),
    ("top_n", " 12 ", 12),
    ("scale", "2", 2.0),
    ("scale", "0.25", 0.25),
    ("show_table", "no", False),
    ("show_table", "TRUE", True),
    ("show_table", "0", False),
    ("title", "None", "None"),  # a plain string parameter cannot be None, so this is just text
    ("title", "", ""),
    ("regions", "Aghdam, Fuzuli", ["Aghdam", "Fuzuli"]),
    ("regions", '["Aghdam, east", "Fuzuli"]', ["Aghdam, east", "Fuzuli"]),
    ("regions", "", []),
    ("date_from", "2020-10-01", "2020-10-01"),
    ("date_from", "None", None),
    ("date_to", "null", None),
    ("output_dir", "7", 7),  # default None: JSON when it parses
    ("output_dir", "reports/x", "reports/x"),  # ... else the string
])
def test_coerce_command_line_text_by_the_default_type(toy, name, text, expected):
    value = coerce(toy[name], text, text=True)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("top_n", "5.5", "expected an int"),
    ("top_n", "None", "cannot be None"),
    ("top_n", "true", "expected an int"),
    ("scale", "a lot", "expected a number"),
    ("show_table", "maybe", "expected a bool"),
    ("regions", "[1, 2]", "of str"),
    ("regions", "[unclosed", "not valid JSON"),
])
def test_coerce_rejects_text_that_does_not_fit(toy, name, text, expected):
    with pytest.raises(ParameterError, match=expected):
        coerce(toy[name], text, text=True)


def test_a_date_bound_of_the_wrong_type_says_an_iso_date_is_expected(toy):
    with pytest.raises(ParameterError, match="^expected an ISO date YYYY-MM-DD or None$"):
        coerce(toy["date_from"], 20200927)


def test_coerce_typed_values_from_yaml(toy):
    assert coerce(toy["scale"], 2) == 2.0
    assert coerce(toy["date_to"], dt.date(2020, 10, 1)) == "2020-10-01"  # YAML reads unquoted dates
    assert coerce(toy["date_to"], None) is None
    assert coerce(toy["top_n"], "4") == 4  # a quoted number in YAML still fits
    with pytest.raises(ParameterError, match="expected an int"):
        coerce(toy["top_n"], True)  # bool is an int subclass, but not a count
    with pytest.raises(ParameterError, match="expected a string"):
        coerce(toy["title"], 5)
    with pytest.raises(ParameterError, match="cannot be None"):
        coerce(toy["title"], None)
    with pytest.raises(ParameterError, match="of str"):
        coerce(toy["regions"], ["a", 1])


def test_dict_parameters_take_json():
    declared = parse_parameters_source("colours = {'war': 'red'}")
    assert coerce(declared["colours"], '{"war": "black"}', text=True) == {"war": "black"}
    with pytest.raises(ParameterError, match="JSON object"):
        coerce(declared["colours"], "war=black", text=True)


def test_date_bounds_are_named_by_convention():
    assert all(map(is_date_bound, ["date_from", "date_to", "war_date_from", "war_date_to"]))
    assert not any(map(is_date_bound, ["start_date", "date", "update_to", "date_from_x"]))


def test_check_reports_every_problem_at_once_naming_report_parameter_value_and_expectation(toy):
    problems = check_parameters("timeline", toy, [
        Setting("top_nn", "5", "-p", text=True),
        Setting("scale", "lots", "reports.yml"),
        Setting("date_from", "2020-11-01", "-p", text=True),
        Setting("date_to", "2020-10-01", "reports.yml"),
    ], reserved=["output_dir"])
    assert len(problems) == 3, problems
    unknown, wrong_type, window = problems
    assert "report 'timeline'" in unknown and "'top_nn'" in unknown and "'5'" in unknown
    assert "did you mean 'top_n'" in unknown and "declares: output_dir, title, top_n" in unknown
    assert "'scale' = 'lots' (from reports.yml): expected a number (default 1.5)" in wrong_type
    assert "date_from = '2020-11-01' (from -p) is after date_to = '2020-10-01' (from reports.yml)" in window
    assert "report 'timeline'" in window


def test_check_accepts_good_values_and_one_day_windows(toy):
    values, problems = resolve("t", toy, [
        Setting("top_n", "5", "-p", text=True),
        Setting("date_from", "2020-10-01", "-p", text=True),
        Setting("date_to", dt.date(2020, 10, 1), "reports.yml"),
    ], reserved=["output_dir"])
    assert problems == []
    assert values == {"top_n": 5, "date_from": "2020-10-01", "date_to": "2020-10-01"}


def test_later_settings_override_earlier_ones(toy):
    settings = [Setting("top_n", 2, "reports.yml"), Setting("top_n", "7", "-p", text=True)]
    values, _ = resolve("t", toy, settings)
    assert values == {"top_n": 7}


def test_a_reversed_window_from_overriding_one_end_is_caught(toy):
    # The other end is the notebook's own default (date_to = 2020-11-10).
    [problem] = check_parameters("t", toy, [Setting("date_from", "2020-12-01", "-p", text=True)])
    assert "empty date window" in problem and "(from the notebook's default)" in problem


@pytest.mark.parametrize("value", ["2020/10/01", "1 October 2020", "2020-13-01", "2020-10-01T00:00"])
def test_check_wants_iso_dates(toy, value):
    [problem] = check_parameters("t", toy, [Setting("date_to", value, "-p", text=True)])
    assert f"'date_to' = {value!r}" in problem and "expected an ISO date YYYY-MM-DD or None" in problem


def test_prefixed_date_windows_are_checked_too():
    declared = parse_parameters_source("war_date_from = '2020-09-27'\nwar_date_to = '2020-11-10'\n")
    [problem] = check_parameters("t", declared, [Setting("war_date_to", "2020-09-01", "-p", text=True)])
    assert "war_date_from = '2020-09-27'" in problem and "war_date_to = '2020-09-01'" in problem


def test_the_runner_owned_parameter_must_be_declared_and_cannot_be_set():
    declared = parse_parameters_source("top_n = 3")
    [missing] = check_parameters("t", declared, [], reserved=["output_dir"])
    assert "does not declare 'output_dir'" in missing
    declared = parse_parameters_source("output_dir = None")
    [owned] = check_parameters("t", declared, [Setting("output_dir", "/x", "-p", text=True)],
                               reserved=["output_dir"])
    assert "set by the runner" in owned


def test_a_literal_annotation_fixes_the_allowed_values():
    found = parse_parameters_source(
        "from typing import Literal\n"
        'color_by: Literal["kind", "claimant"] = "kind"  # colour events by\n'
        "level: typing.Literal[1, 2, 3] = 2\n"
        'mode: Literal["a", "b"] | None = None\n'
    )
    assert (found["color_by"].choices, found["color_by"].type, found["color_by"].nullable) == (
        ("kind", "claimant"), str, False)
    assert found["color_by"].type_name == "'kind' | 'claimant'"
    assert coerce(found["color_by"], "claimant", text=True) == "claimant"
    with pytest.raises(ParameterError, match="expected one of 'kind', 'claimant'$"):
        coerce(found["color_by"], "side", text=True)
    with pytest.raises(ParameterError, match="cannot be None"):
        coerce(found["color_by"], None)
    assert coerce(found["level"], "3", text=True) == 3
    with pytest.raises(ParameterError, match="expected one of 1, 2, 3"):
        coerce(found["level"], 4)
    assert found["mode"].nullable and coerce(found["mode"], None) is None
    assert found["mode"].type_name == "'a' | 'b' | None"


def test_a_value_outside_the_fixed_set_is_reported_before_the_run():
    declared = parse_parameters_source('color_by: Literal["kind", "claimant"] = "kind"\n')
    problems = check_parameters("timeline", declared, [Setting("color_by", "colour", "-p", text=True)])
    assert problems == ["report 'timeline': parameter 'color_by' = 'colour' (from -p): expected one of 'kind', "
                        "'claimant' (default 'kind')"]


def test_a_path_annotation_marks_a_file_or_folder_that_travels_as_text():
    found = parse_parameters_source(
        "from pathlib import Path\n"
        "import pathlib\n"
        "store: Path | None = None  # a folder\n"
        "template: pathlib.Path = 'brief.md'  # a file\n"
        "label: str | None = None  # not a path\n")
    assert (found["store"].path, found["store"].type, found["store"].nullable) == (True, str, True)
    assert found["store"].type_name == "Path | None" and found["template"].type_name == "Path"
    assert found["template"].path and not found["label"].path
    assert coerce(found["store"], Path("my/folder")) == "my/folder"  # from Python, a Path is welcome
    assert coerce(found["store"], "None", text=True) is None


def test_relative_paths_are_made_absolute_against_the_folder_their_origin_means(tmp_path):
    declared = parse_parameters_source("from pathlib import Path\nstore: Path | None = None\n"
                                       "other: Path | None = None\nname = 'imported/ged'\nnone: Path | None = None\n")
    values = {"store": "imported/ged", "other": "../up/./there", "name": "imported/ged", "none": None}
    origins = {"store": "-p", "other": "reports.yml", "name": "-p", "none": "-p"}
    made = absolute_paths(declared, values, origins, {"-p": tmp_path / "cwd", "reports.yml": tmp_path / "repo"})
    assert made == {"store": str(tmp_path / "cwd" / "imported" / "ged"), "other": str(tmp_path / "up" / "there"),
                    "name": "imported/ged", "none": None}
    assert absolute_paths(declared, {"store": "/abs/x"}, {"store": "-p"}, {"-p": tmp_path}) == {"store": "/abs/x"}
