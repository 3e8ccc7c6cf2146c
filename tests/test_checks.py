"""Consistency checks: the bundled data passes, and planted contradictions are caught."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys

import fixture_sources
import numpy as np
import pandas as pd
import pytest
from conftest import EditableData

from analysis import checks, loading, paths, quantities, statistics, timeline


@pytest.fixture(scope="module")
def table(data):
    return checks.worded(checks.run_checks(data))


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


def _with_exact(data: loading.Dataset, figure_id: str, value: float) -> loading.Dataset:
    """The data with an exact value planted in one figure (value, low and high together, as the qualifier rule
    requires), after loading: the loader refuses a value that its value_text does not state."""
    figures = data.figures.copy()
    figures.loc[figure_id, ["value", "low", "high"]] = value
    return dataclasses.replace(data, figures=figures)


def _checked(folder):
    return checks.worded(checks.run_checks(loading.load(folder)))


def test_planted_wrong_weekday_is_caught(editable):
    editable.set("events", "an-parade", "start_date", "2020-12-09")
    editable.set("figures", "an-parade-troops", "as_of", "2020-12-09")
    row = _row(_checked(editable.folder), "resolved date", "an-parade")
    assert row["verdict"] == checks.CONTRADICTS and "10 December 2020" in row["derived"]


def test_a_date_expression_the_resolver_cannot_read_says_which_forms_it_reads(data):
    # A trial user's "to November 25" came back "not one the resolver understands", with nothing to go on.
    tl = timeline.build_timeline(data)
    tl.loc[tl["event_id"] == "an-parade", "date_expression"] = "a fortnight hence"
    row = _row(checks.worded(checks.resolved_dates(tl, data.sources)), "resolved date", "an-parade")
    assert row["verdict"] == checks.NOT_CHECKABLE
    assert "'a fortnight hence'" in row["derived"] and "understood forms:" in row["derived"]
    assert "a weekday" in row["derived"] and "a full date" in row["derived"]


def test_planted_wrong_duration_is_caught(data):
    row = _row(checks.worded(checks.run_checks(_with_exact(data, "an-war-length-weeks", 9))), "duration",
               "an-war-length-weeks ~ an-war")
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
    # The CSV on stdout is rows only (a trial user's `> checks.csv` ended in the summary lines); they go to stderr.
    rows = pd.read_csv(io.StringIO(ok.stdout))
    assert set(rows["verdict"]) <= set(checks.VERDICTS), "no summary line read as a row"
    assert "consistent" in ok.stderr


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


def test_planted_claim_that_breaks_a_stated_total_is_caught(data):
    table = checks.worded(checks.run_checks(_with_exact(data, "bbc-az-deaths", 2283)))
    row = _row(table, "stated total", "bbc-deaths-total")
    assert row["verdict"] == checks.CONTRADICTS and "4,708" in row["derived"]


def test_stated_mandates_are_compared_across_sources(table):
    mandates = table[(table["check"] == "figures agree") & table["subject"].str.startswith("duration of mandate")]
    seed = mandates[mandates["stated"].str.contains("an-mandate-years")].iloc[0]
    assert seed["verdict"] == checks.WITHIN_PRECISION, "'at least five years' allows the statement's 5 years"
    weeks = table[(table["check"] == "figures agree") & table["stated"].str.contains("meduza-war-length-weeks")]
    assert weeks.iloc[0]["verdict"] == checks.WITHIN_PRECISION, "'six weeks' vs 'more than six weeks' literally differ"


def test_planted_mandate_change_is_caught(data):
    table = checks.worded(checks.run_checks(_with_exact(data, "pm-mandate-years", 3)))
    row = table[(table["check"] == "figures agree") & table["stated"].str.contains("pm-mandate-years")].iloc[0]
    assert row["verdict"] == checks.CONTRADICTS


def test_a_later_lower_count_is_not_excused_by_its_date(data):
    # 30 November, after Meduza's 2,425 of 17 November; 2,100 is not round enough to be read as 2,425 rounded
    table = checks.worded(checks.run_checks(_with_exact(data, "bbc-am-deaths", 2100)))
    row = table[(table["check"] == "figures agree") & table["stated"].str.contains("meduza-am-deaths")].iloc[0]
    assert row["verdict"] == checks.CONTRADICTS


def test_a_data_folder_with_one_source_checks_without_crashing(editable):
    figures = [r for r in editable.rows("figures") if r["source_id"] == "wikipedia-casualties"]
    editable.write("figures", figures)
    for table in ("events", "spans"):  # Wikipedia reports no events: header only
        path = editable.folder / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    table = checks.worded(checks.run_checks(loading.load(editable.folder)))
    assert list(table.columns) == checks.COLUMNS and checks.contradictions(table).empty


# ---------------------------------------------------------------------------------------------- sources from outside
# Sources written for these tests (tests/fixtures/sources/) added to a copy of the data as a curator would.


def _check_cli(folder, *options):
    return subprocess.run([sys.executable, "-m", "analysis", "check", "--data", str(folder), *options],
                          capture_output=True, text=True, cwd=paths.REPO_DIR)


def _figure_row(table, figure_id, check="figures agree"):
    rows = table[(table["check"] == check) & table["stated"].str.contains(f"({figure_id},", regex=False)]
    assert len(rows) == 1, (figure_id, table[table["check"] == check]["stated"].tolist())
    return rows.iloc[0]


def test_parade_reports_that_only_touch_at_3000_contradict(editable):
    fixture_sources.add_parade_reports(editable)
    table = _checked(editable.folder)
    almost = _figure_row(table, "parade-diaspora-troops")
    assert almost["verdict"] == checks.CONTRADICTS, "'almost 3,000' and 'more than 3,000' share no number"
    assert almost["stated"].startswith("almost 3,000"), "the source's word, not 'nearly'"
    assert "both are roundings near 3,000" in almost["detail"] and "'almost 3,000'" in almost["detail"]
    for agreeing in ("parade-agency-troops", "parade-daily-troops"):
        assert _figure_row(table, agreeing)["verdict"] == checks.CONSISTENT
    hardware = _row(table, "nested scopes", "victory-parade")
    assert hardware["verdict"] == checks.DIFFER_SCOPE, "150 pieces of hardware allow dozens of vehicles"
    assert "dozens of military vehicles" in hardware["stated"] and "about 150 military hardware" in hardware["derived"]
    run = _check_cli(editable.folder)
    assert run.returncode == 1
    assert "contradiction(s): figures agree troops/azerbaijan/military/people" in run.stdout


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory):
    """One pair of figures per case, each pair its own subject (troops of a side and population the data does not
    otherwise count), from two sources on one date; the case number is in the figure ids."""
    folder = tmp_path_factory.mktemp("boundaries") / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    editable = EditableData(folder)
    for source_id in ("boundary-a", "boundary-b"):
        editable.append("sources", {"source_id": source_id, "publisher": source_id, "title": source_id,
                                    "date_published_note": "Written for the test.", "language": "en",
                                    "source_type": "news"})
    subjects = [(side, population) for side in ("france", "united_states", "turkey", "russia", "none")
                for population in ("military", "civilian", "foreign_fighters", "all")]
    for number, (first, second, *_) in enumerate(BOUNDARY_CASES):
        side, population = subjects[number]
        for (words, value), source_id, suffix in ((first, "boundary-a", "a"), (second, "boundary-b", "b")):
            low, high = quantities.bounds(value, words)
            text = words if value is None else f"{words} {value:,}"
            cell = (lambda v: "" if v is None else f"{v:g}")  # noqa: E731
            editable.append("figures", {
                "figure_id": f"case-{number}-{suffix}", "quantity": "troops", "side": side, "population": population,
                "value": cell(value), "unit": "people", "qualifier": words, "value_text": text, "low": cell(low),
                "high": cell(high), "scope": "troops", "as_of": "2020-12-10", "as_of_basis": "stated",
                "source_id": source_id, "excerpt": text})
    return checks.worded(checks.run_checks(loading.load(folder)))


# Pairs whose bounds meet at one number under the qualifier rule, each side of the boundary: a shared number allows
# both, an excluded one leaves them apart (and the detail says both are roundings near it). A bare number is read
# as a rounding; "exactly" is not. The last field: whether the ranges touch without sharing a number.
BOUNDARY_CASES = [
    (("almost", 3000), ("more than", 3000), checks.CONTRADICTS, True),
    (("almost", 3000), ("at least", 3000), checks.BOUNDS_ALLOW_BOTH, False),
    (("up to", 3000), ("over", 3000), checks.CONTRADICTS, True),
    (("up to", 3000), ("at least", 3000), checks.BOUNDS_ALLOW_BOTH, False),
    (("fewer than", 3000), ("at least", 3000), checks.CONTRADICTS, True),
    (("just under", 3000), ("no fewer than", 3000), checks.CONTRADICTS, True),
    (("fewer than", 3000), ("up to", 3000), checks.WITHIN_PRECISION, False),
    (("fewer than", 3000), ("exactly", 3000), checks.CONTRADICTS, True),
    (("fewer than", 3000), ("exact", 3000), checks.WITHIN_PRECISION, False),  # a bare 3,000 may be 2,600 rounded
    (("more than", 2783), ("exact", 2783), checks.CONTRADICTS, True),
    (("more than", 2780), ("exact", 2780), checks.WITHIN_PRECISION, False),  # 2,780 may be 2,784 rounded to tens
    (("dozens", None), ("fewer than", 24), checks.CONTRADICTS, True),
    (("dozens", None), ("up to", 24), checks.BOUNDS_ALLOW_BOTH, False),
    (("dozens", None), ("at least", 100), checks.CONTRADICTS, False),  # 99 and 100: apart, not touching
    (("dozens", None), ("at least", 99), checks.BOUNDS_ALLOW_BOTH, False),
    (("tens of thousands", None), ("under", 20000), checks.CONTRADICTS, True),
    (("about", 1000), ("over", 1100), checks.CONTRADICTS, True),
    (("about", 1000), ("at least", 1100), checks.BOUNDS_ALLOW_BOTH, False),
    (("nearly", 2000), ("exact", 1960), checks.WITHIN_PRECISION, False),
]


@pytest.mark.parametrize("number", range(len(BOUNDARY_CASES)))
def test_bounds_that_touch_are_tested_on_both_sides(boundaries, number):
    first, second, expected, touching = BOUNDARY_CASES[number]
    row = _figure_row(boundaries, f"case-{number}-b")
    assert f"(case-{number}-a," in row["derived"]
    assert row["verdict"] == expected, (first, second, row["detail"])
    assert ("both are roundings near" in row["detail"]) == touching, row["detail"]


def test_one_voice_must_agree_with_itself_whatever_the_dates(editable):
    fixture_sources.add_encyclopedia_losses(editable)
    table = _checked(editable.folder)
    pair = table[(table["check"] == "figures agree") & table["stated"].str.contains("encyclopedia-am-deaths,")
                 & table["derived"].str.contains("encyclopedia-am-deaths-all,")]
    assert len(pair) == 1 and pair.iloc[0]["verdict"] == checks.CONTRADICTS, "3,825 and 14,000 in one voice"
    assert "its own voice" in pair.iloc[0]["detail"]
    outlier = _figure_row(table, "encyclopedia-am-deaths-all")
    assert outlier["verdict"] == checks.OUTLIER and "2 times the highest dated claim" in outlier["detail"]
    near = table[(table["check"] == "figures agree") & table["stated"].str.startswith("3,825 (encyclopedia-am-deaths,")
                 & table["derived"].str.contains("bbc-am-deaths")]
    assert near.iloc[0]["verdict"] == checks.NOT_CHECKABLE, "undated, and within twice the dated 2,425"
    assert _check_cli(editable.folder).returncode == 1


def _plant(editable, figure_id, source_id, value, words="exact", *, side="france", quantity="deaths", as_of="",
           claimant_id="", population="military"):
    low, high = quantities.bounds(value, words)
    text = f"{value:,}" if words == "exact" else f"{words} {value:,}"
    editable.append("figures", {
        "figure_id": figure_id, "quantity": quantity, "side": side, "population": population, "value": f"{value:g}",
        "unit": "people", "qualifier": words, "value_text": text, "low": f"{low:g}",
        "high": "" if high is None else f"{high:g}", "scope": "planted", "as_of": as_of,
        "as_of_basis": "stated" if as_of else "", "claimant_id": claimant_id, "source_id": source_id,
        "excerpt": text})


def test_voices_claimants_and_counts_that_only_grow(editable):
    for source_id in ("voice-a", "voice-b", "voice-c"):
        editable.append("sources", {"source_id": source_id, "publisher": source_id, "title": source_id,
                                    "date_published_note": "Written for the test.", "language": "en",
                                    "source_type": "news"})
    # One source reporting two claimants' different counts does not contradict itself.
    _plant(editable, "two-claims-am", "voice-a", 2425, side="france", claimant_id="armenia")
    _plant(editable, "two-claims-az", "voice-a", 5000, side="france", claimant_id="azerbaijan")
    # One claimant on one date, in two sources, must agree; the reference (latest) is a third figure.
    _plant(editable, "same-day-1", "voice-a", 1003, side="turkey", quantity="troops", as_of="2020-11-01",
           claimant_id="am-mod")
    _plant(editable, "same-day-2", "voice-b", 1411, side="turkey", quantity="troops", as_of="2020-11-01",
           claimant_id="am-mod")
    _plant(editable, "same-day-latest", "voice-c", 1200, "about", side="turkey", quantity="troops",
           as_of="2020-12-01")
    # A death toll only grows: one claimant's lower toll on a later date contradicts, whatever the reference.
    _plant(editable, "toll-early", "voice-a", 900, side="russia", as_of="2020-11-01", claimant_id="az-mod")
    _plant(editable, "toll-later", "voice-b", 700, side="russia", as_of="2020-11-20", claimant_id="az-mod")
    _plant(editable, "toll-primary", "voice-c", 950, "about", side="russia", as_of="2020-12-01")
    # Troops may leave: "more than 2,000" in November and "fewer than 1,500" in December differ by their dates.
    _plant(editable, "troops-early", "voice-a", 2000, "more than", side="france", quantity="troops",
           as_of="2020-11-01")
    _plant(editable, "troops-later", "voice-b", 1500, "fewer than", side="france", quantity="troops",
           as_of="2020-12-01")
    table = _checked(editable.folder)
    two_claims = _figure_row(table, "two-claims-az")
    assert two_claims["verdict"] == checks.NOT_CHECKABLE and "two-claims-am" in two_claims["derived"]
    same_day = table[table["stated"].str.contains(r"\(same-day-\d,") & table["derived"].str.contains(r"\(same-day-\d,")]
    assert same_day["verdict"].tolist() == [checks.CONTRADICTS]
    assert "the same claimant (Armenian Defence Ministry), on the same date" in same_day.iloc[0]["detail"]
    toll = table[table["stated"].str.contains("(toll-", regex=False) & table["derived"].str.contains("(toll-early,",
                                                                                                     regex=False)]
    assert toll["verdict"].tolist() == [checks.CONTRADICTS] and "a count that only grows" in toll.iloc[0]["detail"]
    assert _figure_row(table, "troops-early")["verdict"] == checks.DIFFER_AS_OF


def test_the_bundled_outlier_is_flagged_but_does_not_fail_check(table):
    row = _figure_row(table, "wiki-az-missing")
    assert row["verdict"] == checks.OUTLIER and "under half the lowest dated claim for this subject (100)" in row[
        "detail"]
    strict = subprocess.run([sys.executable, "-m", "analysis", "check", "--strict"], capture_output=True, text=True,
                            cwd=paths.REPO_DIR)
    assert strict.returncode == 1 and "1 outlier(s) to review: six (wiki-az-missing, Azerbaijan)" in strict.stdout


def _agreement_rows(table):
    return table[(table["check"] == "accounts agree") & (table["subject"] == "agreement")]


def _pair(rows, stated_id, derived_id):
    found = rows[rows["stated"].str.contains(f"({stated_id})", regex=False)
                 & rows["derived"].str.contains(f"({derived_id})", regex=False)]
    assert len(found) == 1, (stated_id, derived_id, rows[["stated", "derived"]].to_string())
    return found.iloc[0]


def test_signed_around_midnight_and_in_force_at_moscow_midnight_agree(editable):
    fixture_sources.add_agreement_reports(editable, "agreement-timeline")
    rows = _agreement_rows(_checked(editable.folder))
    across = _pair(rows, "agreement-timeline-signed", "agreement-timeline-in-force")
    assert across["verdict"] == checks.WITHIN_PRECISION, across["detail"]
    assert "signed 9 November 2020 at night" in across["stated"]
    assert "in force 10 November 2020 at 00:00 (Europe/Moscow)" in across["derived"]
    assert "read in any zone (UTC-12 to UTC+14) against Europe/Moscow time" in across["detail"]
    assert _pair(rows, "meduza-agreement", "agreement-timeline-signed")["verdict"] == checks.BOUNDS_ALLOW_BOTH
    assert _check_cli(editable.folder).returncode == 0


def test_concluded_on_november_9_does_not_contradict_10_november(editable):
    fixture_sources.add_agreement_reports(editable, "agreement-timeline", "agreement-concluded")
    rows = _agreement_rows(_checked(editable.folder))
    assert not (rows["verdict"] == checks.CONTRADICTS).any(), rows.to_string()
    dated = _pair(rows, "agreement-concluded-signed", "mfa-agreement")
    assert dated["verdict"] == checks.DIFFER_SCOPE and "signed vs the event as a whole" in dated["detail"]
    night = _pair(rows, "meduza-agreement", "agreement-concluded-signed")  # 'On the night of November 10'
    assert night["verdict"] == checks.BOUNDS_ALLOW_BOTH
    assert _check_cli(editable.folder).returncode == 0


@pytest.mark.parametrize("stage", ["signed", ""])
def test_a_wrong_agreement_date_still_contradicts(editable, stage):
    fixture_sources.add_agreement_reports(editable, "agreement-wrong-date")
    editable.set("events", "agreement-wrong-date-signed", "date_stage", stage)
    rows = _agreement_rows(_checked(editable.folder))
    wrong = rows[rows["stated"].str.contains("agreement-wrong-date") | rows["derived"].str.contains(
        "agreement-wrong-date")]
    assert (wrong["verdict"] == checks.CONTRADICTS).any(), wrong.to_string()
    run = _check_cli(editable.folder)
    assert run.returncode == 1 and "accounts agree agreement" in run.stdout


@pytest.mark.parametrize(("start_date", "start_time", "time_zone", "when", "expected"), [
    ("2020-11-09", "", "", "on 9 November 2020", checks.WITHIN_PRECISION),  # 9 November somewhere west of Moscow
    ("2020-11-10", "", "", "on 10 November 2020", checks.WITHIN_PRECISION),
    # ends by 12:00 UTC on 9 November, even at UTC-12; starts at 10:00 UTC on 10 November, even at UTC+14
    ("2020-11-08", "", "", "on 8 November 2020", checks.CONTRADICTS),
    ("2020-11-11", "", "", "on 11 November 2020", checks.CONTRADICTS),
    ("2020-11-09", "16:00", "America/New_York", "at 16:00 New York time on 9 November 2020",
     checks.CONSISTENT),  # 21:00 UTC, the same minute
    ("2020-11-09", "23:00", "Europe/Moscow", "at 23:00 Moscow time on 9 November 2020",
     checks.CONTRADICTS),  # an hour early, to the minute
])
def test_a_time_in_a_named_zone_against_a_date_in_any_zone(editable, tmp_path, start_date, start_time, time_zone,
                                                           when, expected):
    # A report written for the test (its excerpts are verified against its archived text like any other).
    archives = fixture_sources.archives_with_bundled(tmp_path / "archives")
    excerpt = f"The ceasefire took effect {when}."
    source_id = fixture_sources.add_written_source(editable, archives, "ceasefire-report",
                                                   f"Ceasefire report\n\n{excerpt}\n", "Wire service (written)")
    editable.append("events", {
        "event_id": "planted-ceasefire", "occurrence_id": "ceasefire", "start_date": start_date,
        "date_precision": "day", "date_qualifier": "on", "start_time": start_time, "time_zone": time_zone,
        "date_refers_to": "occurrence", "date_stage": "in force", "date_basis": "stated", "kind": "ceasefire",
        "title": "Ceasefire", "source_id": source_id, "excerpt": excerpt})
    data = loading.load(editable.folder, archives_dir=archives)
    assert source_id in data.archives.verified
    row = _pair(checks.worded(checks.run_checks(data)), "planted-ceasefire", "mfa-ceasefire")
    assert row["verdict"] == expected, row["detail"]


def test_an_unknown_time_zone_is_named_with_its_line(editable):
    line = editable.set("events", "mfa-ceasefire", "time_zone", "Europe/Atlantis")
    run = _check_cli(editable.folder)
    assert run.returncode == 2 and not run.stdout
    assert f"events.csv, line {line}, field 'time_zone': found 'Europe/Atlantis'; expected an IANA time zone" in (
        run.stderr)


def test_two_dates_without_a_zone_stay_a_day_apart(editable):
    editable.set("events", "an-agreement", "start_date", "2020-11-09")
    editable.set("events", "an-agreement", "date_basis", "stated")
    row = _pair(_checked(editable.folder), "an-agreement", "mfa-agreement")
    assert row["verdict"] == checks.CONTRADICTS


@pytest.mark.parametrize(("value", "words", "expected"), [
    (200, "more than", checks.CONTRADICTS),  # more vehicles than pieces of hardware
    (100, "about", checks.DIFFER_SCOPE),  # 90 to 110 vehicles within 135 to 165 pieces
    (140, "about", checks.BOUNDS_ALLOW_BOTH),  # 126 to 154: some readings fit, some do not
])
def test_nested_scopes_bound_one_way(editable, tmp_path, value, words, expected):
    # The parade daily's "About 150 units of military hardware" bounds every count of the parade's vehicles: the
    # seed's "dozens", and a count from a report written for the test.
    archives = fixture_sources.archives_with_bundled(tmp_path / "archives")
    fixture_sources.add_parade_reports(editable)
    excerpt = f"The parade in Baku on 10 December 2020 involved {words} {value} military vehicles."
    text = f"Parade report\n\n{excerpt}\n"
    source_id = fixture_sources.add_written_source(editable, archives, "parade-report", text, "Wire service (written)")
    fixture_sources.add_figure(editable, "planted-vehicles", source_id, excerpt, quantity="military_vehicles",
                               side="azerbaijan", value=value, qualifier=words, value_text=f"{words} {value}",
                               unit="vehicles", as_of="2020-12-10", as_of_basis="stated", event_id="an-parade",
                               scope="military vehicles in the victory parade", text=text)
    data = loading.load(editable.folder, archives_dir=archives)
    assert {source_id, "parade-daily"} <= set(data.archives.verified)
    rows = checks.worded(checks.run_checks(data))
    rows = rows[(rows["check"] == "nested scopes") & (rows["subject"] == "victory-parade")]
    assert rows["derived"].str.contains("(parade-daily-hardware,", regex=False).all(), rows.to_string()
    verdict = rows.set_index(rows["stated"].str.extract(r"\((\S+),", expand=False))["verdict"]
    assert verdict.to_dict() == {"planted-vehicles": expected, "an-parade-vehicles": checks.DIFFER_SCOPE}, (
        rows.to_string())


def test_account_words_once_per_distinct_date_equal_the_words_row_by_row(data):
    """`_account_words` words each distinct combination once; the words must be those of each account alone."""
    from analysis import dates, moments, timeline

    tl = timeline.build_timeline(data)
    tl = pd.concat([tl, tl.iloc[::-1].set_axis(tl.index + "-again")])  # repeated combinations, another order
    qualifier = tl["date_qualifier"].astype("str")
    prefix = qualifier.where(qualifier != "on", "").where(tl["date_refers_to"] != "report", "reported by")
    prefix = prefix.where(~((tl["date_refers_to"] == "report") & (qualifier == "on")), "reported on")
    expected = (tl["date_stage"].astype("object").fillna("") + " " + prefix + " "
                + dates.format_dates(tl["earliest"], tl["date_precision"]) + moments.time_words(tl))
    expected = expected.str.strip().str.replace("  ", " ", regex=False)
    got = checks._account_words(tl)
    assert got.tolist() == expected.tolist() and (got.index == tl.index).all()
    assert any(" at " in words for words in got) and any(words.startswith("reported") for words in got)


# ---------------------------------------------------------------------------------------------- kept as ids and numbers


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    """The bundled data with the test sources that give every kind of row: contradictions, an outlier, nested
    scopes, one voice disagreeing with itself, times in named zones."""
    folder = tmp_path_factory.mktemp("varied") / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    editable = EditableData(folder)
    fixture_sources.add_parade_reports(editable)
    fixture_sources.add_encyclopedia_losses(editable)
    fixture_sources.add_agreement_reports(editable, "agreement-timeline", "agreement-concluded")
    return checks.run_checks(loading.load(folder))


def test_wording_some_rows_gives_the_words_of_wording_them_all(varied):
    everything = checks.worded(varied)
    assert list(everything.columns) == checks.COLUMNS and len(everything) == len(varied)
    assert (everything.index == pd.RangeIndex(len(varied))).all()
    assert set(everything["check"]) >= {"figures agree", "accounts agree", "resolved date", "derived date",
                                        "nested scopes", "duration"}
    assert {checks.CONTRADICTS, checks.OUTLIER} <= set(everything["verdict"])
    for rows in (varied.table["verdict"] == checks.CONTRADICTS, np.arange(len(varied)) % 3 == 1):
        pd.testing.assert_frame_equal(checks.worded(varied, rows), everything[np.asarray(rows)])
    positions = np.array([len(varied) - 1, 0, 5, 0])  # any order, even twice: the words come in that order
    pd.testing.assert_frame_equal(checks.worded(varied, positions), everything.iloc[positions])
    pd.testing.assert_frame_equal(checks.worded(varied, slice(3, 9)), everything.iloc[3:9])
    assert checks.worded(varied, np.zeros(len(varied), dtype=bool)).empty


def test_the_comparisons_are_kept_as_ids_and_numbers(varied):
    assert list(varied.table.columns) == ["check", "verdict", "part", "at"]
    assert (varied.table["part"] == varied.table["check"].cat.codes).all()  # a part per check, in CHECKS' order
    # The checks with a row per figure or event keep positions, codes and flags; only the checks of a few rows per
    # thousand keep the words they wrote.
    for check in ["resolved date", "derived date", "accounts agree", "figures agree"]:
        rows = varied.parts[checks.CHECKS.index(check)].rows
        assert rows.columns.intersection(checks.WORDS).empty, check
        assert all(dtype.kind in "iub" or str(dtype) == "category" for dtype in rows.dtypes), (check, rows.dtypes)


def _counting(found, asked):
    """`found` with each part's wording recording how many rows it was asked for."""
    def counted(word):
        def inner(rows):
            asked.append(len(rows))
            return word(rows)
        return inner
    return checks.Checks(found.table, tuple(checks.Part(p.rows, counted(p.word)) for p in found.parts))


def test_summary_and_contradictions_word_only_the_rows_they_show(varied):
    table = checks.worded(varied)
    asked = []
    assert checks.summarise(_counting(varied, asked)) == checks.summarise(table)
    assert 0 < sum(asked) <= 8 * len(checks.VERDICTS) < len(varied)
    asked.clear()
    pd.testing.assert_frame_equal(checks.contradictions(_counting(varied, asked)), checks.contradictions(table))
    assert sum(asked) == (table["verdict"] == checks.CONTRADICTS).sum()
    figures = checks.select(varied, varied.table["check"] == "figures agree")
    assert checks.summarise(figures) == checks.summarise(table[table["check"] == "figures agree"])


@pytest.mark.parametrize("output", ["csv", "markdown"])
def test_check_writes_the_same_bytes_a_chunk_at_a_time(varied, monkeypatch, capsys, output):
    import argparse

    monkeypatch.setattr(checks, "run_checks", lambda data: varied)
    args = argparse.Namespace(data=[paths.DATA_DIR], format=output, only=None, strict=False)
    checks.run_command(args)
    whole = capsys.readouterr()
    monkeypatch.setattr(checks, "_CHUNK", 7)  # every part split across chunks
    checks.run_command(args)
    chunked = capsys.readouterr()
    assert chunked.out == whole.out and chunked.err == whole.err
    table = checks.worded(varied)
    if output == "csv":
        assert whole.out == table.to_csv(index=False)
    else:
        rows = [line for line in whole.out.splitlines() if line.startswith("| ")]
        assert len(rows) == len(table) + 1 and "contradiction(s)" in whole.out  # the header and each row


def test_comparison_groups_are_the_words_of_each_figures_columns(data):
    from analysis import statistics

    figures = statistics.figures_with_bounds(data)
    group = checks.comparison_groups(figures, data)
    expected = figures["quantity"].astype("str")
    for key in ["side", "population", "unit"]:
        expected = expected + "/" + figures[key].astype("object").fillna("-").astype("str")
    # A figure of one incident (an attack's wounded) is grouped with the other accounts of that occurrence only.
    expected = expected.where(figures["incident"].isna(), expected + " in " + figures["incident"])
    counts = figures["quantity"] != "duration"
    assert group[counts].tolist() == expected[counts].tolist()
    assert group["an-wounded-fighters"] == "wounded/armenia/military/people in attack-wounded-2020-12-12"
    assert group["an-mandate-years"] == "duration of mandate from agreement/years"
    assert group[~counts].isna().any(), "a duration that measures no span is compared with nothing"


# ---------------------------------------------------------------------------------------------- one incident
# A figure that counts one incident (its event an attack, an ambush, a clash) is no rival of the war's tolls.

WAR_TOLLS = ["meduza-az-deaths", "bbc-az-deaths", "wiki-az-deaths"]  # Azerbaijan's military dead of the whole war


@pytest.mark.parametrize("as_of", ["2020-11-26", "2020-12-14"])  # the ambush's day, or the day it was published
def test_the_dead_of_one_ambush_are_not_compared_with_the_wars_tolls(editable, as_of):
    fixture_sources.add_ambush_reports(editable, as_of)
    table = _checked(editable.folder)
    mentions = table[table["stated"].str.contains("ambush-wion-az-deaths", regex=False)
                     | table["derived"].str.contains("ambush-wion-az-deaths", regex=False)]
    assert not mentions["stated"].str.cat(mentions["derived"]).str.contains("|".join(WAR_TOLLS)).any(), mentions
    assert not mentions["verdict"].isin([checks.CONTRADICTS, checks.DIFFER_AS_OF]).any(), mentions
    # Compared with nothing, and saying so: one row, not checkable, in its own group.
    row = _figure_row(table, "ambush-wion-az-deaths")
    assert row["verdict"] == checks.NOT_CHECKABLE
    assert row["subject"] == "deaths/azerbaijan/military/people in ambush-2020-11-26"
    assert row["derived"] == "no other account of ambush-2020-11-26 counts this (not compared)"
    assert "counts one incident (ambush-2020-11-26)" in row["detail"]
    # The war's own comparisons are those of the curated data, the ambush no part of them.
    war = table[(table["check"] == "figures agree") & (table["subject"] == "deaths/azerbaijan/military/people")]
    assert sorted(war["verdict"].astype(str)) == [checks.CONSISTENT, checks.NOT_CHECKABLE]
    totals = table[table["check"] == "total against claims"]
    assert not totals["derived"].str.contains("ambush-wion", regex=False).any(), "no part of a war-wide total"
    run = _check_cli(editable.folder)
    assert run.returncode == 0 and "contradiction" not in run.stdout, run.stdout


def test_two_accounts_of_one_ambush_are_compared_with_each_other(editable):
    fixture_sources.add_ambush_reports(editable, second=5)
    table = _checked(editable.folder)
    rows = table[(table["check"] == "figures agree") & (table["subject"].str.endswith(" in ambush-2020-11-26"))]
    assert len(rows) == 1, rows  # one account against the other (the group's reference), once
    row = rows.iloc[0]
    assert row["subject"] == "deaths/azerbaijan/military/people in ambush-2020-11-26"
    assert {"(ambush-wion-az-deaths,", "(ambush-other-az-deaths,"} == {
        words for words in ("(ambush-wion-az-deaths,", "(ambush-other-az-deaths,")
        if words in row["stated"] or words in row["derived"]}
    assert row["verdict"] == checks.CONTRADICTS, "four and five dead in one ambush, both counted that day"
    assert _check_cli(editable.folder).returncode == 1


def test_a_curated_figure_of_one_attack_says_it_is_compared_with_nothing(table):
    row = _figure_row(table, "an-wounded-fighters")
    assert row["subject"] == "wounded/armenia/military/people in attack-wounded-2020-12-12"
    assert row["verdict"] == checks.NOT_CHECKABLE and row["derived"].endswith("(not compared)")
    assert row["sources"] == "asia-news-2020-12-12"


def test_a_count_no_other_source_gives_says_it_rests_on_one_source(data, table):
    row = _figure_row(table, "bbc-displaced")
    assert row["verdict"] == checks.NOT_CHECKABLE
    assert row["derived"] == "no other figure of displaced/both/civilian/people (not compared)"
    assert "rests on this source alone" in row["detail"] and row["sources"] == "bbc-55174211"
    # A second source's figure of the same measure: the row becomes a comparison between the two.
    figures = data.figures.copy()
    figures.loc["wiki-civilians-missing", ["quantity", "side"]] = ["displaced", "both"]
    compared = checks.worded(checks.run_checks(dataclasses.replace(data, figures=figures)))
    rows = compared[(compared["check"] == "figures agree")
                    & (compared["subject"] == "displaced/both/civilian/people")]
    assert len(rows) == 1 and not rows["derived"].str.contains("not compared").any(), rows
    assert {rows.iloc[0]["stated"].split(" (")[1].split(",")[0],
            rows.iloc[0]["derived"].split(" (")[1].split(",")[0]} == {"bbc-displaced", "wiki-civilians-missing"}


def test_every_count_is_compared_or_says_it_is_not(data, table):
    figures_agree = table[table["check"] == "figures agree"]
    named = figures_agree["stated"].str.cat(figures_agree["derived"], sep=" ").str.findall(r"\(([a-z0-9-]+),")
    shown = {figure_id for ids in named for figure_id in ids}
    grouped = checks.comparison_groups(statistics.figures_with_bounds(data), data)
    counts = grouped[grouped.notna() & ~grouped.str.startswith("duration of ")]
    assert set(counts.index) <= shown, set(counts.index) - shown


def test_a_duration_no_span_measures_says_it_is_not_compared(data, table):
    row = _row(table, "duration", "meduza-one-week")
    assert row["verdict"] == checks.NOT_CHECKABLE and row["stated"] == "one week"
    assert row["derived"] == "no span's dates and no other source measure this (not compared)"
    assert "spans.csv" in row["detail"]
    # Durations a span's dates measure, or that another source's length of the same span repeats, have no such row.
    lone = table[(table["check"] == "duration") & table["derived"].str.endswith("(not compared)")]
    for measured in ("an-war-length-weeks", "an-war-length-days", "an-mandate-years", "pm-mandate-years"):
        assert measured not in set(lone["subject"]), measured
    # A span from the war's end to Armenia's report measures the week: the row becomes a comparison.
    spans = pd.concat([data.spans, pd.DataFrame([{
        "span_id": "meduza-report-wait", "title": "From the end of the war to Armenia's toll", "kind": "war",
        "start_event_id": "meduza-war-end", "end_event_id": "meduza-am-report",
        "duration_figure_id": "meduza-one-week", "source_id": "meduza-2020-12-03", "excerpt": "one week", "line": 99}
    ]).set_index("span_id", drop=False)])
    measured = checks.worded(checks.run_checks(dataclasses.replace(data, spans=spans.astype(data.spans.dtypes))))
    rows = measured[(measured["check"] == "duration") & measured["subject"].str.startswith("meduza-one-week")]
    assert len(rows) == 1 and rows.iloc[0]["subject"] == "meduza-one-week ~ meduza-report-wait", rows
    assert rows.iloc[0]["verdict"] == checks.CONSISTENT, "10 to 17 November is one week"


def test_one_document_that_dates_one_count_and_not_the_other_is_not_read_as_one_moment(data):
    """A report's "90,000 at the start" (undated) and "some 36,989 as of 30 June 2021" are two moments: not a
    contradiction (a user's trial); two undated counts of one voice still must agree."""
    figures = data.figures
    early = figures.loc[["meduza-az-deaths"]].rename(index={"meduza-az-deaths": "meduza-az-deaths-early"})
    early = early.assign(figure_id="meduza-az-deaths-early", value=2000.0, low=2000.0, high=2000.0, as_of=pd.NaT)
    both = dataclasses.replace(data, figures=pd.concat([figures, early]).astype(figures.dtypes))
    table = checks.worded(checks.run_checks(both))
    rows = table[(table["check"] == "figures agree") & table["stated"].str.contains("meduza-az-deaths-early")]
    assert not rows.empty and (rows["verdict"] == checks.NOT_CHECKABLE).all(), rows
    # Both undated: one voice of one document at one time, which cannot give two counts.
    undated = both.figures.copy()
    undated.loc["meduza-az-deaths", "as_of"] = pd.NaT
    table = checks.worded(checks.run_checks(dataclasses.replace(both, figures=undated)))
    pair = table[table["stated"].str.contains("meduza-az-deaths") & table["derived"].str.contains("meduza-az-deaths")]
    assert (pair["verdict"] == checks.CONTRADICTS).any(), pair


# ---------------------------------------------------------------------------------------------- moments
# A count of another date never hides how the accounts of one moment compare (a user's trial: a January toll of
# 3,360 hid that three reports of November's 2,425 agreed, comparing each with the 3,360 alone).


def _add_sources(editable, *source_ids):
    for source_id in source_ids:
        editable.append("sources", {"source_id": source_id, "publisher": source_id, "title": source_id,
                                    "date_published_note": "Written for the test.", "language": "en",
                                    "source_type": "news"})


def _between(table, first, second):
    """The figures agree rows that compare the figures `first` and `second`, either way round."""
    rows = table[table["check"] == "figures agree"]
    ids = rows["stated"].str.extract(r"\(([a-z0-9-]+),")[0] + " " + rows["derived"].str.extract(r"\(([a-z0-9-]+),")[0]
    return rows[ids.isin([f"{first} {second}", f"{second} {first}"]).to_numpy()]


def _two_accounts_and_a_later_count(editable, second: int):
    """Two sources' counts of 17 November 2020 (1,234 and `second`) and a third's of 13 January 2021, checked."""
    _add_sources(editable, "moment-a", "moment-b", "moment-c")
    _plant(editable, "moment-first", "moment-a", 1234, side="france", as_of="2020-11-17")
    _plant(editable, "moment-second", "moment-b", second, side="france", as_of="2020-11-17")
    _plant(editable, "moment-later", "moment-c", 1789, side="france", as_of="2021-01-13")
    return _checked(editable.folder)


def test_two_agreeing_accounts_of_one_date_stay_agreed_beside_a_later_count(editable):
    table = _two_accounts_and_a_later_count(editable, 1234)
    agreed = _between(table, "moment-first", "moment-second")
    assert agreed["verdict"].tolist() == [checks.CONSISTENT], agreed
    assert "as of 2020-11-17 vs 2020-11-17" in agreed.iloc[0]["detail"]
    for earlier in ("moment-first", "moment-second"):
        assert _between(table, earlier, "moment-later")["verdict"].tolist() == [checks.DIFFER_AS_OF], earlier
    group = table[(table["check"] == "figures agree") & (table["subject"] == "deaths/france/military/people")]
    assert len(group) == 3, group  # each pair once, no more


def test_two_accounts_of_one_date_that_disagree_contradict_beside_a_later_count(editable):
    table = _two_accounts_and_a_later_count(editable, 1367)
    assert _between(table, "moment-first", "moment-second")["verdict"].tolist() == [checks.CONTRADICTS]
    assert _between(table, "moment-first", "moment-later")["verdict"].tolist() == [checks.DIFFER_AS_OF]
    run = _check_cli(editable.folder)
    assert run.returncode == 1 and "contradiction(s): figures agree deaths/france/military/people" in run.stdout


def test_a_later_count_hides_no_agreement_between_earlier_dates(editable):
    """The trial's shape: 2,425 of 17 November twice, the same 2,425 reported by 30 November, 3,360 in January."""
    _add_sources(editable, "moment-a", "moment-b", "moment-c", "moment-d")
    _plant(editable, "moment-first", "moment-a", 1234, side="france", as_of="2020-11-17")
    _plant(editable, "moment-second", "moment-b", 1234, side="france", as_of="2020-11-17")
    _plant(editable, "moment-repeated", "moment-c", 1234, side="france", as_of="2020-11-30")
    _plant(editable, "moment-later", "moment-d", 1789, side="france", as_of="2021-01-13")
    table = _checked(editable.folder)
    assert _between(table, "moment-first", "moment-second")["verdict"].tolist() == [checks.CONSISTENT]
    # The 30 November report against the first account of 17 November, the next earlier date.
    repeated = _between(table, "moment-first", "moment-repeated")
    assert repeated["verdict"].tolist() == [checks.CONSISTENT]
    assert repeated.iloc[0]["stated"].startswith("1,234 (moment-first,"), "the earlier stated, the later derived"
    for earlier in ("moment-first", "moment-second", "moment-repeated"):
        assert _between(table, earlier, "moment-later")["verdict"].tolist() == [checks.DIFFER_AS_OF], earlier
    # A toll that only grows: a lower count on the later of the two November dates contradicts that date's neighbour.
    editable.set("figures", "moment-repeated", "value", "1187")
    for column, value in (("low", "1187"), ("high", "1187"), ("value_text", "1,187"), ("excerpt", "1,187")):
        editable.set("figures", "moment-repeated", column, value)
    table = _checked(editable.folder)
    assert _between(table, "moment-first", "moment-repeated")["verdict"].tolist() == [checks.CONTRADICTS]


def test_undated_accounts_that_agree_say_so_beside_a_dated_count(editable):
    _add_sources(editable, "moment-a", "moment-b", "moment-c", "moment-d")
    _plant(editable, "moment-undated", "moment-a", 1234, side="france")
    _plant(editable, "moment-undated-too", "moment-b", 1234, side="france")
    _plant(editable, "moment-undated-other", "moment-c", 2345, side="france")
    _plant(editable, "moment-dated", "moment-d", 1789, side="france", as_of="2021-01-13")
    table = _checked(editable.folder)
    assert _between(table, "moment-undated", "moment-undated-too")["verdict"].tolist() == [checks.CONSISTENT]
    # Undated figures that differ say nothing of each other: each is not checkable against the dated count already.
    assert _between(table, "moment-undated", "moment-undated-other").empty
    assert _between(table, "moment-undated-other", "moment-dated")["verdict"].tolist() == [checks.NOT_CHECKABLE]


def test_a_big_group_is_compared_by_moments_not_in_all_pairs(data):
    """40 counts on four dates (ten sources each, in their own voices): each against the group's reference and its
    date's first account, each date's first account against the next later date's; 68 rows, not 780 pairs."""
    figures = data.figures
    template = figures.loc[["meduza-am-deaths"]]
    days = pd.to_datetime(["2020-11-01", "2020-11-10", "2020-11-20", "2020-12-01"]).as_unit("us")
    counts = [1013.0, 2027.0, 3041.0, 4058.0]  # a toll that grows, in numbers too exact to be read as roundings
    rows = pd.concat([template.assign(
        figure_id=f"grown-{n:02d}", side="france", source_id=f"grown-source-{n % 10}", claimant_id=pd.NA,
        value=counts[n // 10], low=counts[n // 10], high=counts[n // 10], as_of=days[n // 10],
    ).set_axis([f"grown-{n:02d}"]) for n in range(40)])
    grown = dataclasses.replace(data, figures=pd.concat([figures, rows]).astype(figures.dtypes))
    table = checks.worded(checks.run_checks(grown))
    group = table[(table["check"] == "figures agree") & (table["subject"] == "deaths/france/military/people")]
    assert len(group) == 39 + 3 * 9 + 2, len(group)
    same_day = group["detail"].str.extract(r"as of (\S+) vs (\S+)$").pipe(lambda d: d[0] == d[1])
    assert (group.loc[same_day, "verdict"] == checks.CONSISTENT).all() and same_day.sum() == 4 * 9
    assert (group.loc[~same_day, "verdict"] == checks.DIFFER_AS_OF).all()
