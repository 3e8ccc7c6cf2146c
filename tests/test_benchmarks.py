"""The benchmark's synthetic data is valid and its script runs at a small size (no timing is asserted here)."""

from __future__ import annotations

import csv
import importlib.util
import sys

import pytest

from analysis import checks, loading, paths, statistics, timeline

BENCHMARKS = paths.REPO_DIR / "benchmarks"


def _module(name: str):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory) -> loading.Dataset:
    folder = _module("synthetic").write_folder(tmp_path_factory.mktemp("synthetic") / "data", 200)
    return loading.load(folder)


def test_generator_writes_a_folder_that_load_accepts(synthetic_data):
    assert len(synthetic_data.events) == len(synthetic_data.figures) == 200
    assert len(synthetic_data.spans) >= 1
    events = synthetic_data.events
    assert set(events["date_basis"].astype("str")) == {"stated", "resolved", "derived", "publication"}
    assert set(events["date_precision"].astype("str")) == {"day", "month", "year", "decade"}
    assert events.groupby("occurrence_id").size().between(2, 3).all()
    assert events["first_since_event_id"].notna().any()
    assert synthetic_data.figures["total_of"].notna().any()


def test_synthetic_data_runs_through_every_step(synthetic_data):
    tl = timeline.build_timeline(synthetic_data)
    assert len(timeline.spans(synthetic_data)) == len(synthetic_data.spans)
    table = statistics.figures_with_bounds(synthetic_data)
    assert len(statistics.stated_totals(table)) == synthetic_data.figures["total_of"].notna().sum()
    found = checks.run_checks(synthetic_data).table  # verdicts need no words
    verdicts = found.groupby("check")["verdict"].agg(lambda v: set(v.astype("str")))
    # The generator resolves and derives its own dates, so re-resolving and re-deriving them agrees.
    assert verdicts["resolved date"] == {checks.CONSISTENT}
    assert verdicts["derived date"] == {checks.CONSISTENT}
    assert len(tl) == 200


def test_script_runs_a_small_size(tmp_path):
    bench = _module("bench_scale")
    out = tmp_path / "results.csv"
    assert bench.main(["--sizes", "100", "--steps", "load", "checks", "--data-root", str(tmp_path),
                       "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["rows"], r["step"], r["note"]) for r in rows] == [("100", "load", ""), ("100", "checks", "")]
    assert all(float(r["seconds"]) >= 0 and int(r["peak_mib"]) > 0 for r in rows)
    assert (tmp_path / "data-100" / ".complete").exists()


def test_too_big_stops_a_size_predicted_to_overrun():
    bench = _module("bench_scale")
    last = {"checks": {"rows": 1_000_000, "seconds": 100.0, "load_seconds": 20.0, "peak_mib": 3000}}
    assert bench.too_big("checks", 10_000_000, last, timeout=600, memory_gib=20).startswith("skipped: predicted")
    assert bench.too_big("checks", 2_000_000, last, timeout=600, memory_gib=20) == ""
    failed_load = {"load": {"rows": 1, "note": "stopped after 600 s"}}
    assert "stopped" in bench.too_big("load", 10, failed_load, 600, 20)
    assert "load stopped" in bench.too_big("checks", 1, failed_load, 600, 20), "every step loads first"


def test_ratios_run_a_small_size_and_check_statistics_against_duckdb(tmp_path):
    pytest.importorskip("duckdb", reason="duckdb is in the test extra: pip install -e '.[test]'")
    ratios = _module("ratios")
    out = tmp_path / "ratios.csv"
    assert ratios.main(["--sizes", "200", "--steps", "load", "snapshot", "statistics", "checks", "--repeats", "1",
                        "--data-root", str(tmp_path), "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = {r["step"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"load", "load memory", "snapshot", "statistics", "checks"}
    for step in ("load", "snapshot", "statistics", "checks"):
        assert float(rows[step]["this_s"]) > 0 and float(rows[step]["reference_s"]) > 0, rows[step]
        assert float(rows[step]["ratio"]) > 0 and rows[step]["meets"] in {"yes", "no"}
    assert float(rows["load memory"]["ratio"]) > 0
    assert rows["statistics"]["note"].startswith("results equal"), rows["statistics"]["note"]


def test_ratios_compare_statistics_run_in_separate_children(tmp_path):
    """Where one child with both would not fit, ours and DuckDB's run apart and their results are still compared."""
    pytest.importorskip("duckdb", reason="duckdb is in the test extra: pip install -e '.[test]'")
    ratios = _module("ratios")
    out = tmp_path / "ratios.csv"
    assert ratios.main(["--sizes", "200", "--steps", "statistics", "--repeats", "1", "--statistics-children", "two",
                        "--data-root", str(tmp_path), "--cache-root", str(tmp_path / "cache"), "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert float(row["this_s"]) > 0 and float(row["reference_s"]) > 0 and float(row["ratio"]) > 0
    assert row["note"].startswith("results equal") and "separate children" in row["note"], row["note"]
    assert int(row["this_mib"]) > 0 and int(row["reference_mib"]) > 0, "each child's own peak"
    assert not (tmp_path / "cache" / "warm-200" / "results").exists(), "the compared results are removed"
    assert list((tmp_path / "cache" / "warm-200").glob("snapshots/*/complete")), "the warm cache was kept"


def test_ratios_statistics_results_differ_when_one_side_is_changed(tmp_path):
    """The comparison the statistics row reports names what differs."""
    pytest.importorskip("duckdb", reason="duckdb is in the test extra: pip install -e '.[test]'")
    ratios = _module("ratios")
    data = loading.load(_module("synthetic").write_folder(tmp_path / "data", 200), cache=False)
    ours = ratios._comparable(ratios._ours(data)())
    run, claimants = ratios._duckdb(data)
    theirs = ratios._comparable(run(), claimants())
    assert ratios._results_differ(ours, theirs) == []
    changed = {name: frame.copy() for name, frame in theirs.items()}
    changed["table"].loc[3, "low"] = 123456.0
    changed["latest"] = changed["latest"].iloc[1:]
    assert ratios._results_differ(ours, changed) == ["figures_with_bounds bounds", "latest_claims"]
