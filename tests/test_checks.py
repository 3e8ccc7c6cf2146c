"""Consistency checks: the bundled data passes, and planted contradictions are caught."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import checks, loading, paths


@pytest.fixture(scope="module")
def table(data):
    return checks.run_checks(data)


def test_bundled_data_has_no_contradiction(table):
    assert checks.contradictions(table).empty, checks.render_table(checks.contradictions(table))
    assert set(table["verdict"].dropna()) <= set(checks.VERDICTS)


def _row(table, check, subject):
    rows = table[(table["check"] == check) & (table["subject"] == subject)]
    assert len(rows) == 1, (check, subject, table[table["check"] == check]["subject"].tolist())
    return rows.iloc[0]


def test_seed_facts_are_checked_against_their_derivations(table):
    assert _row(table, "derived date", "an-war-start")["verdict"] == checks.CONSISTENT
    assert _row(table, "resolved date", "an-parade")["derived"] == "10 December 2020"
    weeks = _row(table, "duration", "an-war-length-weeks ~ an-war")
    assert weeks["verdict"] == checks.WITHIN_PRECISION, "six weeks is 42 days; the war lasted 44"
    control = _row(table, "duration", "an-armenian-control-years ~ an-armenian-control")
    assert control["verdict"] == checks.WITHIN_PRECISION
    assert _row(table, "first since", "an-violation-hadrut")["verdict"] == checks.CONSISTENT
    assert _row(table, "resolved date", "an-war-start-month")["verdict"] == checks.CONSISTENT, "late September"


def _set_exact(editable, figure_id: str, value: str) -> None:
    """Plant an exact value: value, low and high together, as the qualifier rule requires."""
    for column in ("value", "low", "high"):
        editable.set("figures", figure_id, column, value)


def _checked(folder):
    return checks.run_checks(loading.load(folder))


def test_planted_wrong_weekday_is_caught(editable):
    editable.set("events", "an-parade", "start_date", "2020-12-09")
    editable.set("figures", "an-parade-troops", "as_of", "2020-12-09")
    row = _row(_checked(editable.folder), "resolved date", "an-parade")
    assert row["verdict"] == checks.CONTRADICTS and "10 December 2020" in row["derived"]


def test_planted_wrong_duration_is_caught(editable):
    _set_exact(editable, "an-war-length-weeks", "9")
    row = _row(_checked(editable.folder), "duration", "an-war-length-weeks ~ an-war")
    assert row["verdict"] == checks.CONTRADICTS


def test_planted_derivation_error_is_caught(editable):
    editable.set("events", "an-war-start", "start_date", "2020-09-28")
    table = _checked(editable.folder)
    assert _row(table, "derived date", "an-war-start")["verdict"] == checks.CONTRADICTS


def test_planted_earlier_violation_breaks_first_since(editable):
    row = next(r for r in editable.rows("events") if r["event_id"] == "an-violation-hadrut")
    editable.append("events", {**row, "event_id": "an-violation-earlier", "occurrence_id": "violation-earlier",
                               "start_date": "2020-11-20", "date_basis": "stated", "date_expression": "",
                               "first_since_event_id": ""})
    row = _row(_checked(editable.folder), "first since", "an-violation-hadrut")
    assert row["verdict"] == checks.CONTRADICTS and "an-violation-earlier" in row["derived"]


def test_cli_exits_non_zero_on_a_contradiction(editable):
    editable.set("events", "an-war-start", "start_date", "2020-09-28")
    run = subprocess.run([sys.executable, "-m", "analysis", "check", "--data", str(editable.folder)],
                         capture_output=True, text=True, cwd=paths.REPO_DIR)
    assert run.returncode == 1 and "contradiction" in run.stdout
    ok = subprocess.run([sys.executable, "-m", "analysis", "check", "--format", "csv"],
                        capture_output=True, text=True, cwd=paths.REPO_DIR)
    assert ok.returncode == 0 and ok.stdout.startswith("check,subject,stated,derived,verdict")


def test_cross_source_facts_are_checked(table):
    by_words = _row(table, "accounts agree", "handover-aghdam")
    assert by_words["verdict"] == checks.BOUNDS_ALLOW_BOTH, "'by 20 November' and 'before 20 November' differ"
    assert "by 20 November 2020" in by_words["stated"] and "before 20 November 2020" in by_words["derived"]
    peacekeepers = table[(table["check"] == "figures agree") & table["subject"].str.startswith("peacekeepers/")]
    verdicts = dict(zip(peacekeepers["stated"].str.extract(r"\((\S+),")[0], peacekeepers["verdict"], strict=True))
    assert verdicts["an-peacekeepers"] == checks.WITHIN_PRECISION, "nearly 2,000 allows 1,960"
    assert verdicts["bbc-peacekeepers"] == checks.WITHIN_PRECISION, "a round 2,000 allows 1,960"
    total = _row(table, "stated total", "bbc-deaths-total")
    assert total["verdict"] == checks.CONSISTENT and "5,208" in total["derived"], "5,208 is 'over 5,000'"
    seed = _row(table, "total against claims", "an-deaths-total")
    assert seed["verdict"] == checks.DIFFER_SCOPE, "more than 5,600 counts more than the claimants' 5,208"
    undated = table[table["stated"].str.contains("wiki-am-deaths")].iloc[0]
    assert undated["verdict"] == checks.NOT_CHECKABLE, "Wikipedia's revision date was not captured"


def test_planted_handover_deadline_change_is_caught(editable):
    editable.set("events", "mfa-handover-aghdam", "start_date", "2020-11-25")
    row = _row(_checked(editable.folder), "accounts agree", "handover-aghdam")
    assert row["verdict"] == checks.CONTRADICTS


def test_planted_claim_that_breaks_a_stated_total_is_caught(editable):
    _set_exact(editable, "bbc-az-deaths", "2283")
    table = _checked(editable.folder)
    row = _row(table, "stated total", "bbc-deaths-total")
    assert row["verdict"] == checks.CONTRADICTS and "4,708" in row["derived"]


def test_stated_mandates_are_compared_across_sources(table):
    mandates = table[(table["check"] == "figures agree") & table["subject"].str.startswith("duration of mandate")]
    seed = mandates[mandates["stated"].str.contains("an-mandate-years")].iloc[0]
    assert seed["verdict"] == checks.WITHIN_PRECISION, "'at least five years' allows the statement's 5 years"
    weeks = table[(table["check"] == "figures agree") & table["stated"].str.contains("meduza-war-length-weeks")]
    assert weeks.iloc[0]["verdict"] == checks.WITHIN_PRECISION, "'six weeks' vs 'more than six weeks' literally differ"


def test_planted_mandate_change_is_caught(editable):
    _set_exact(editable, "pm-mandate-years", "3")
    table = _checked(editable.folder)
    row = table[(table["check"] == "figures agree") & table["stated"].str.contains("pm-mandate-years")].iloc[0]
    assert row["verdict"] == checks.CONTRADICTS


def test_a_later_lower_count_is_not_excused_by_its_date(editable):
    # 30 November, after Meduza's 2,425 of 17 November; 2,100 is not round enough to be read as 2,425 rounded
    _set_exact(editable, "bbc-am-deaths", "2100")
    table = _checked(editable.folder)
    row = table[(table["check"] == "figures agree") & table["stated"].str.contains("meduza-am-deaths")].iloc[0]
    assert row["verdict"] == checks.CONTRADICTS


def test_a_data_folder_with_one_source_checks_without_crashing(editable):
    figures = [r for r in editable.rows("figures") if r["source_id"] == "wikipedia-casualties"]
    editable.write("figures", figures)
    for table in ("events", "spans"):  # Wikipedia reports no events: header only
        path = editable.folder / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    table = checks.run_checks(loading.load(editable.folder))
    assert list(table.columns) == checks.COLUMNS and checks.contradictions(table).empty
