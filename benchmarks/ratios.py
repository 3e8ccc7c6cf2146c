"""Each step of issue 14 against its reference, measured in the same run: median, spread and the ratio to the goal.

    python benchmarks/ratios.py [--sizes 1e5 1e6] [--steps load snapshot statistics checks report chart cite]
                                [--repeats 3] [--out benchmarks/out/ratios.csv] [--cache-root DIR]
                                [--statistics-children auto|one|two]

Every measurement runs in a fresh child process (so peak memory is that child's own), and a step and its
reference alternate (step, reference, step, reference, ...) so that a busy machine slows both alike. Seconds
are measured inside the child around the work alone (imports excluded), except for `cite` and `report`, whose
reference is the start-up itself, measured as wall time of the whole command, with Python's bytecode cache as
a user has it (after a warm-up run; see `_as_installed`).

- load: `analysis.load` of a folder with a cold cache (read, validate, type, write the snapshot), against
  `pyarrow.csv.read_csv` of events.csv and figures.csv; goal 3x the time and 2.5x the peak memory.
- snapshot: `analysis.load` of the same folder again (it reads the validated snapshot), against
  `pyarrow.parquet.read_table` of the snapshot's files; goal 1.5x.
- statistics: `figures_with_bounds`, `compare_claims`, `latest_claims`, `stated_totals`, against the same
  aggregations in DuckDB SQL over the loaded frames, alternating in one child (`--repeats` rounds, at least
  three), with the results compared; goal 1.5x. Where one child with both is predicted not to fit in memory
  (or with `--statistics-children two`), ours and DuckDB's run in children of their own, child after child,
  each writing its results to Parquet for a third child to compare.

The steps of a size after the first cold load read its snapshot from one warm cache (`--cache-root` keeps it
across runs). A child is stopped when the machine's available memory falls under 3 GiB.
- checks: `checks.run_checks` and its `checks.summarise` (the comparisons, kept as ids and numbers, and the few
  rows the summary quotes, worded), against the load of the same folder; goal 2x.
- report: `python -m analysis report` (every report, as many at a time as `reports.default_jobs()`), against
  starting one kernel per report, one after another, and importing pandas, matplotlib and analysis in it;
  goal 1.3x. The note adds the CPU seconds of both process trees and the load average at the end.
- chart: `charts.timeline_chart` of 10^4 events; goal under 2 s.
- cite: `python -m analysis cite an-deaths-total`, against `python -c "import pandas"`; goal 1.2x. The note adds
  the CPU seconds of both, and, where valgrind is installed, the ratio of the instructions each executes (which,
  unlike seconds, the machine's load does not move).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))  # run as a script: the generator sits beside it

STEPS = ["load", "snapshot", "statistics", "checks", "report", "chart", "cite"]
SIZED = {"load", "snapshot", "statistics", "checks"}
GOALS = {"load": 3.0, "load memory": 2.5, "snapshot": 1.5, "statistics": 1.5, "checks": 2.0, "report": 1.3,
         "chart": 2.0, "cite": 1.2}
FIELDS = ["step", "rows", "this_s", "this_spread", "reference_s", "reference_spread", "ratio", "goal", "meets",
          "this_mib", "reference_mib", "note"]
CHART_EVENTS = 10_000
# Peak MiB of the statistics child (load from the snapshot, ours and DuckDB) per MB of the folder's CSV, to
# predict a size run first: 2,332 MiB for 467 MB at 10^6 (at 10^7, 16,687 MiB for 4,760 MB: 3.5; the larger is
# kept, as a margin). Alone, each side needed at most SPLIT_SHARE of the prediction (10^7: ours 10,940 MiB,
# DuckDB 12,200 MiB, predicted together 23,800).
STATISTICS_MIB_PER_CSV_MB = 5.0
SPLIT_SHARE = 0.6


# ---------------------------------------------------------------------------------------------- children


def _peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child(kind: str, data: Path, cache: Path, rounds: int = 3) -> dict:
    """One measurement in this (fresh) process; returns seconds and peak MiB."""
    os.environ["ANALYSIS_CACHE_DIR"] = str(cache)
    if kind == "parse":
        import pyarrow.csv as pa_csv

        began, cpu = time.perf_counter(), time.process_time()
        tables = [pa_csv.read_csv(data / name) for name in ("events.csv", "figures.csv")]
        return {"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu,
                "rows": sum(t.num_rows for t in tables)}
    if kind == "statistics-compare":
        return {"differ": _results_differ(*(_read_results(cache / "results" / side) for side in ("ours", "duckdb")))}
    if kind == "parquet":
        import pandas  # noqa: F401 - read_table imports it for pandas metadata; the load child has it too
        import pyarrow.parquet as pq

        files = sorted(cache.glob("snapshots/*/*.parquet"))
        if not files:
            raise SystemExit("no snapshot to read: run the load first")
        began = time.perf_counter()
        for file in files:
            pq.read_table(file)
        return {"seconds": time.perf_counter() - began}
    from analysis import loading

    began, cpu = time.perf_counter(), time.process_time()
    dataset = loading.load(data)
    loaded = time.perf_counter() - began
    if kind in {"load", "snapshot"}:  # CPU of all threads, the snapshot written in the background excluded
        return {"seconds": loaded, "cpu": time.process_time() - cpu}
    if kind == "checks":
        from analysis import checks

        began = time.perf_counter()
        checks.summarise(checks.run_checks(dataset))  # only the rows the summary quotes are worded
        return {"seconds": time.perf_counter() - began, "load_seconds": loaded}
    if kind == "statistics":
        return statistics_against_duckdb(dataset, rounds)
    if kind in {"statistics-ours", "statistics-duckdb"}:
        return statistics_alone(kind.split("-")[1], dataset, rounds, cache / "results")
    raise ValueError(kind)


def _ours(dataset):
    """Our four statistics, as one callable."""
    from analysis import statistics as stats

    def ours():
        table = stats.figures_with_bounds(dataset)
        return table, stats.compare_claims(table), stats.latest_claims(table), stats.stated_totals(table)

    return ours


def _duckdb(dataset):
    """The same aggregations in DuckDB SQL over the loaded frames: the timed callable, and the claimants query
    (checked after the timing, not timed: the timed queries stay those of the earlier measurements)."""
    import duckdb

    con = duckdb.connect()
    figures = dataset.figures.assign(qualifier=dataset.figures["qualifier"].astype("str"),
                                     quantity=dataset.figures["quantity"].astype("str"),
                                     side=dataset.figures["side"].astype("str"),
                                     population=dataset.figures["population"].astype("str"),
                                     unit=dataset.figures["unit"].astype("str"),
                                     # pandas sorts vocabularies in their declared order, not alphabetically
                                     quantity_order=dataset.figures["quantity"].cat.codes,
                                     side_order=dataset.figures["side"].cat.codes)
    con.register("figures", figures.reset_index(drop=True))
    con.register("sources", dataset.sources.reset_index(drop=True)[["source_id", "publisher"]])
    con.register("actors", dataset.actors.reset_index(drop=True)[["actor_id", "name"]])
    con.register("events", dataset.events.reset_index(drop=True)[["event_id", "occurrence_id"]].assign(
        kind=dataset.events["kind"].astype("str").to_numpy()))
    incident_kinds = ", ".join(f"'{k}'" for k in __import__("analysis.schema", fromlist=["x"]).INCIDENT_KINDS)
    strict = ", ".join(f"('{q}', {str(r.low_strict or r.high_strict).lower()})"
                       for q, r in __import__("analysis.quantities", fromlist=["x"]).QUALIFIER_RULES.items())
    sql_table = f"""
        CREATE OR REPLACE TEMP TABLE t AS
        SELECT f.figure_id, f.quantity, f.side, f.population, f.unit, f.low, f.high, f.as_of, f.claimant_id,
               CASE WHEN r.strict THEN NULL ELSE f.value END AS best, f.high IS NULL AS high_open,
               coalesce(a.name, s.publisher) AS claimant, s.publisher,
               CASE WHEN e.kind IN ({incident_kinds}) THEN e.occurrence_id END AS incident
        FROM figures f JOIN sources s USING (source_id) LEFT JOIN actors a ON a.actor_id = f.claimant_id
        LEFT JOIN events e ON e.event_id = f.event_id
        JOIN (VALUES {strict}) r(qualifier, strict) ON r.qualifier = f.qualifier
        ORDER BY f.quantity_order, f.side_order, f.as_of NULLS LAST, f.figure_id"""
    sql_compare = """
        SELECT quantity, side, population, unit, incident, count(*) AS claims,
               min(low) AS lowest_low, max(low) AS highest_low, min(high) AS lowest_high,
               max(high) AS highest_high, bool_or(high_open) AS any_open
        FROM t WHERE quantity <> 'duration' GROUP BY ALL ORDER BY ALL"""
    sql_claimants = """
        SELECT quantity, side, population, unit, incident,
               string_agg(DISTINCT claimant, '; ' ORDER BY claimant) AS claimants
        FROM t WHERE quantity <> 'duration' GROUP BY ALL ORDER BY ALL"""
    sql_latest = """
        SELECT figure_id FROM (SELECT figure_id, row_number() OVER (
                                   PARTITION BY quantity, side, population, incident, claimant
                                   ORDER BY as_of DESC, figure_id DESC) AS n FROM t WHERE as_of IS NOT NULL)
        WHERE n = 1 ORDER BY figure_id"""
    sql_totals = """
        SELECT f.figure_id, coalesce(sum(p.low), 0) AS sum_low,
               CASE WHEN bool_or(p.high IS NULL) THEN NULL ELSE sum(p.high) END AS sum_high
        FROM figures f, unnest(string_split(f.total_of, '|')) AS u(part) JOIN figures p ON p.figure_id = u.part
        WHERE f.total_of IS NOT NULL GROUP BY f.figure_id ORDER BY f.figure_id"""

    def theirs():
        con.execute(sql_table)
        return (con.execute("SELECT figure_id, low, high, best FROM t").df(), con.execute(sql_compare).df(),
                con.execute(sql_latest).df(), con.execute(sql_totals).df())

    return theirs, lambda: con.execute(sql_claimants).df()


KEYS = ["quantity", "side", "population", "unit", "incident"]
COUNTS = ["claims", "lowest_low", "highest_low", "lowest_high", "highest_high"]


def _comparable(result, claimants=None) -> dict:
    """The parts of a result that are compared, as plain frames (text and float64), ordered alike."""
    table, compared, latest, totals = result

    def numbers(frame, columns):
        return {c: frame[c].astype("float64").to_numpy() for c in columns}

    if claimants is None:  # ours: the claimants are a column of compare_claims
        claimants = compared
    compared = compared.assign(**{k: compared[k].astype("str") for k in KEYS}).sort_values(KEYS)
    claimants = claimants.assign(**{k: claimants[k].astype("str") for k in KEYS}).sort_values(KEYS)
    totals = totals.sort_values("figure_id")
    import pandas as pd

    def text(values):
        return (values if isinstance(values, pd.Series) else pd.Series(values)).astype("str").array

    return {
        "table": pd.DataFrame({"figure_id": text(table["figure_id"]), **numbers(table, ["low", "high", "best"])}),
        "compare": pd.DataFrame({**{k: text(compared[k]) for k in KEYS}, **numbers(compared, COUNTS)}),
        "claimants": pd.DataFrame({"claimants": text(claimants["claimants"])}),
        "latest": pd.DataFrame({"figure_id": text(sorted(latest["figure_id"]))}),
        "totals": pd.DataFrame({"figure_id": text(totals["figure_id"]),
                                **numbers(totals, ["sum_low", "sum_high"])}),
    }


def _results_differ(ours: dict, theirs: dict) -> list[str]:
    """The names of the results that differ between our comparable results and DuckDB's."""
    import numpy as np

    def same(a, b):  # text columns equal row by row, missing values alike
        return len(a) == len(b) and bool((a.fillna("\0").to_numpy() == b.fillna("\0").to_numpy()).all())

    def close(a, b, columns):
        return all(np.allclose(a[c].to_numpy("float64"), b[c].to_numpy("float64"), equal_nan=True) for c in columns)

    return [name for name, equal in [
        ("figures_with_bounds order", same(ours["table"]["figure_id"], theirs["table"]["figure_id"])),
        ("figures_with_bounds bounds", close(ours["table"], theirs["table"], ["low", "high", "best"])),
        ("latest_claims", same(ours["latest"]["figure_id"], theirs["latest"]["figure_id"])),
        ("compare_claims", len(ours["compare"]) == len(theirs["compare"])
         and close(ours["compare"], theirs["compare"], COUNTS)),
        ("compare_claims claimants", same(ours["claimants"]["claimants"], theirs["claimants"]["claimants"])),
        ("stated_totals", same(ours["totals"]["figure_id"], theirs["totals"]["figure_id"])
         and close(ours["totals"], theirs["totals"], ["sum_low", "sum_high"])),
    ] if not equal]


def _write_results(folder: Path, results: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in results.items():
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / f"{name}.parquet")


def _read_results(folder: Path) -> dict:
    import pyarrow.parquet as pq

    return {path.stem: pq.read_table(path).to_pandas() for path in sorted(folder.glob("*.parquet"))}


def statistics_against_duckdb(dataset, rounds: int = 3) -> dict:
    """The four statistics and their DuckDB equivalent, alternating in one process, with the results compared."""
    ours = _ours(dataset)
    theirs, claimants = _duckdb(dataset)
    mine, duck = [], []
    for _ in range(rounds):
        began = time.perf_counter()
        result = ours()
        mine.append(time.perf_counter() - began)
        began = time.perf_counter()
        reference = theirs()
        duck.append(time.perf_counter() - began)
    differ = _results_differ(_comparable(result), _comparable(reference, claimants()))
    return {"seconds": statistics_median(mine), "reference_seconds": statistics_median(duck),
            "spread": [min(mine), max(mine)], "reference_spread": [min(duck), max(duck)], "differ": differ}


def statistics_alone(side: str, dataset, rounds: int, results: Path) -> dict:
    """Our statistics or DuckDB's alone in this process (`rounds` runs), their comparable results written to
    `results/side` for the parent's comparison: for sizes where both in one process would not fit."""
    if side == "ours":
        run, claimants = _ours(dataset), None
    else:
        run, claimants = _duckdb(dataset)
    seconds, result = [], None
    for _ in range(rounds):
        result = None  # the last round's frames go before the next round makes its own
        began = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - began)
    _write_results(results / side, _comparable(result, claimants() if claimants else None))
    return {"seconds": statistics_median(seconds), "spread": [min(seconds), max(seconds)]}


def statistics_median(values: list[float]) -> float:
    return statistics.median(values)


# ---------------------------------------------------------------------------------------------- parent


MIN_AVAILABLE_MIB = 3 * 1024  # a child is stopped when the machine has less than this left: others share it


def _child(kind: str, data: Path, cache: Path, timeout: float, rounds: int = 3) -> dict:
    """Run one measurement in a fresh process; stopped (with a note) past `timeout` or when the machine's
    available memory falls under MIN_AVAILABLE_MIB (no swap here: the kernel would kill something else)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--data", str(data), "--cache",
               str(cache), "--rounds", str(rounds)]
    began, lowest = time.perf_counter(), available_mib()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True,
                                   env={**os.environ, "PYTHONHASHSEED": "0"})
        try:
            while process.poll() is None:
                lowest = min(lowest, available_mib())
                if lowest < MIN_AVAILABLE_MIB:
                    return {"note": f"stopped: the machine had {lowest:,} MiB available"}
                if time.perf_counter() - began > timeout:
                    return {"note": f"stopped after {timeout:g} s"}
                time.sleep(0.5)
        finally:  # stopped, or the run itself interrupted: no child outlives it
            if process.poll() is None:
                process.kill()
                process.wait()
        out.seek(0)
        err.seek(0)
        lines, errors = out.read().strip().splitlines(), err.read().strip().splitlines()
    if process.returncode != 0 or not lines:
        return {"note": "failed: " + (errors or [f"exit {process.returncode}"])[-1]}
    return {**json.loads(lines[-1]), "lowest_available_mib": lowest}


def _as_installed() -> dict[str, str]:
    """The environment a user runs commands in: with Python's bytecode cache. A sandbox that sets
    PYTHONDONTWRITEBYTECODE makes every run compile the package from source (0.1-0.2 s of `cite`), which no
    installed or once-run checkout pays; start-up steps are measured without it, after a warm-up run."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _wall(command: list[str], timeout: float, env: dict | None = None, base: dict | None = None) -> dict:
    """Wall seconds of a command, and the CPU seconds of its process tree (children it waited for included)."""
    began, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO,
                              env={**(os.environ if base is None else base), **(env or {})})
    except subprocess.TimeoutExpired:
        return {"note": f"stopped after {timeout:g} s"}
    seconds, after = time.perf_counter() - began, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        return {"note": "failed: " + (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"seconds": seconds, "cpu": cpu, "stdout": done.stdout}


def _summary(step: str, rows, mine: list[dict], theirs: list[dict], goal_key: str | None = None, note: str = "",
             reference_key: str = "seconds") -> dict:
    failed = [r["note"] for r in mine + theirs if "note" in r]
    row = dict.fromkeys(FIELDS, "")
    row.update(step=step, rows=rows, note="; ".join(sorted(set(failed))) or note)
    ours = [r["seconds"] for r in mine if "seconds" in r]
    refs = [r[reference_key] for r in theirs if reference_key in r]
    if ours:
        row.update(this_s=round(statistics.median(ours), 3), this_spread=f"{min(ours):.3f}-{max(ours):.3f}")
        row["this_mib"] = max(r.get("peak_mib", 0) for r in mine) or ""
    if refs:
        row.update(reference_s=round(statistics.median(refs), 3), reference_spread=f"{min(refs):.3f}-{max(refs):.3f}")
        row["reference_mib"] = max(r.get("peak_mib", 0) for r in theirs) or ""
    goal = GOALS.get(goal_key or step)
    if ours and refs:
        row["ratio"] = round(row["this_s"] / row["reference_s"], 2)
    elif ours and step == "chart":
        row["ratio"] = ""
    row["goal"] = goal
    value = row["ratio"] if row["ratio"] != "" else (row["this_s"] if step == "chart" and ours else "")
    row["meets"] = "" if value == "" else ("yes" if value <= goal else "no")
    return row


def measure_sized(step: str, folder: Path, repeats: int, timeout: float, warm: Path,
                  split_statistics: str = "") -> list[dict]:
    """One sized step; `warm` is the cache folder whose snapshot the snapshot, statistics and checks steps read
    (written by the first cold load that needs it, and shared by the steps of a size). With `split_statistics`
    (a note saying why), our statistics and DuckDB's run in separate children."""
    rows = int(folder.name.split("-")[-1])
    with tempfile.TemporaryDirectory(prefix="ratios-cache-") as tmp:
        if step == "load":
            mine, theirs = [], []
            for i in range(repeats):
                theirs.append(_child("parse", folder, Path(tmp) / f"unused-{i}", timeout))
                # The last cold load's cache is the warm one: its snapshot serves the other steps.
                cold = warm if i == repeats - 1 and not _has_snapshot(warm) else Path(tmp) / f"cold-{i}"
                mine.append(_child("load", folder, cold, timeout))
                if cold != warm:
                    shutil.rmtree(cold, ignore_errors=True)
            time_row = _summary("load", rows, mine, theirs)
            if not time_row["note"]:
                time_row["note"] = _cpu_note(mine, theirs)
            memory = dict(time_row, step="load memory", this_s="", this_spread="", reference_s="",
                          reference_spread="", goal=GOALS["load memory"])
            if time_row["this_mib"] and time_row["reference_mib"]:
                memory["ratio"] = round(time_row["this_mib"] / time_row["reference_mib"], 2)
                memory["meets"] = "yes" if memory["ratio"] <= memory["goal"] else "no"
            return [time_row, memory]
        if not _has_snapshot(warm):
            first = _child("load", folder, warm, timeout)  # writes the snapshot (and the file-hash record)
            if "note" in first:
                return [_summary(step, rows, [first], [])]
        if step == "snapshot":
            mine, theirs = [], []
            for _ in range(repeats):
                theirs.append(_child("parquet", folder, warm, timeout))
                mine.append(_child("snapshot", folder, warm, timeout))
            return [_summary("snapshot", rows, mine, theirs)]
        if step == "checks":
            results, loads = [], []
            for i in range(repeats):  # alternating, as the other steps do
                results.append(_child("checks", folder, warm, timeout))
                cold = Path(tmp) / f"cold-{i}"
                loads.append(_child("load", folder, cold, timeout))
                shutil.rmtree(cold, ignore_errors=True)
            return [_summary("checks", rows, results, loads, note="reference: the cold load of the same folder")]
        if step == "statistics":
            rounds = max(repeats, 3)
            if split_statistics:
                return [_statistics_split(rows, folder, warm, repeats, rounds, timeout, split_statistics)]
            result = _child("statistics", folder, warm, timeout * 3, rounds=rounds)
            if "note" in result:
                return [_summary(step, rows, [result], [])]
            row = _summary("statistics", rows, [result], [result], reference_key="reference_seconds")
            row["this_spread"] = "{:.3f}-{:.3f}".format(*result["spread"])
            row["reference_spread"] = "{:.3f}-{:.3f}".format(*result["reference_spread"])
            row["note"] = _equal_note(result["differ"])
            return [row]
    raise ValueError(step)


def _cpu_note(mine: list[dict], theirs: list[dict]) -> str:
    """The CPU seconds (all threads) of both sides, medians: what the step costs whatever else runs."""
    ours, refs = ([r["cpu"] for r in runs if "cpu" in r] for runs in (mine, theirs))
    if not ours or not refs:
        return ""
    ours, refs = statistics.median(ours), statistics.median(refs)
    return f"CPU {ours:.2f} s vs {refs:.2f} s ({ours / refs:.2f}x); load average {os.getloadavg()[0]:.1f}"


def _equal_note(differ: list[str]) -> str:
    return ("results equal" if not differ else "RESULTS DIFFER: " + ", ".join(differ)
            ) + " (texts other than claimants not compared)"


def _has_snapshot(cache: Path) -> bool:
    return any(cache.glob("snapshots/*/complete"))


def _statistics_split(rows: int, folder: Path, warm: Path, repeats: int, rounds: int, timeout: float,
                      why: str) -> dict:
    """Our statistics and DuckDB's each in its own child (each loads the snapshot), child after child
    (ours, DuckDB, ours, ...), `rounds` timed runs in each; their results, written to Parquet in the cache's
    `results` folder, compared in a third child."""
    mine, theirs = [], []
    shutil.rmtree(warm / "results", ignore_errors=True)
    try:
        for _ in range(repeats):
            for side, runs in (("ours", mine), ("duckdb", theirs)):
                runs.append(_child(f"statistics-{side}", folder, warm, timeout * 3, rounds=rounds))
        row = _summary("statistics", rows, mine, theirs)
        if row["note"]:
            return row
        row["this_spread"] = "{:.3f}-{:.3f}".format(*_spread(mine))
        row["reference_spread"] = "{:.3f}-{:.3f}".format(*_spread(theirs))
        compared = _child("statistics-compare", folder, warm, timeout)
    finally:
        shutil.rmtree(warm / "results", ignore_errors=True)
    row["note"] = (_equal_note(compared["differ"]) if "differ" in compared else compared["note"]) + (
        f"; ours and DuckDB in separate children, alternating ({rounds} runs in each): {why}")
    return row


def _spread(runs: list[dict]) -> tuple[float, float]:
    return min(r["spread"][0] for r in runs), max(r["spread"][1] for r in runs)


REPORT_FLOOR = """
import sys
from jupyter_client.manager import start_new_kernel
code = "import pandas, matplotlib, matplotlib.pyplot, analysis, analysis.charts, analysis.statistics"
for _ in range(int(sys.argv[1])):
    manager, client = start_new_kernel(kernel_name="python3")
    client.execute_interactive(code, timeout=300)
    client.stop_channels()
    manager.shutdown_kernel(now=True)
"""


def measure_report(repeats: int, timeout: float) -> list[dict]:
    sys.path.insert(0, str(REPO))

    from analysis import reports as runner

    # The floor starts a kernel for each report that runs: one skipped for want of a parameter starts none.
    plans = runner.plan_reports(runner.select_reports(runner.load_config(REPO / "reports.yml")))
    reports = sum(runner.skipped(plan, REPO / "reports") is None for plan in plans)
    mine, theirs = [], []
    installed = _as_installed()
    with tempfile.TemporaryDirectory(prefix="ratios-report-") as tmp:
        _wall([sys.executable, "-c", REPORT_FLOOR, "1"], timeout, base=installed)  # warm-up: bytecode written
        for i in range(repeats):
            theirs.append(_wall([sys.executable, "-c", REPORT_FLOOR, str(reports)], timeout, base=installed))
            mine.append(_wall([sys.executable, "-m", "analysis", "report", "--reports-dir", f"{tmp}/r{i}"], timeout,
                              {"ANALYSIS_CACHE_DIR": f"{tmp}/cache"}, base=installed))
    # On a shared machine wall time follows the other work; CPU seconds (the whole process tree's) say what
    # the step itself costs, and how much a second core can take of it.
    cpu = [statistics.median([r["cpu"] for r in runs if "cpu" in r] or [float("nan")]) for runs in (mine, theirs)]
    return [_summary("report", reports, mine, theirs,
                     note=f"{reports} reports run ({len(plans) - reports} skipped), {runner.default_jobs()} at a "
                          f"time; reference: {reports} kernels started one after another; CPU {cpu[0]:.1f} s "
                          f"vs {cpu[1]:.1f} s ({cpu[0] / cpu[1]:.2f}x); load average {os.getloadavg()[0]:.1f}")]


CHART = """
import sys, time
from analysis import charts, loading, timeline
data = loading.load(sys.argv[1])
tl = timeline.build_timeline(data).head(int(sys.argv[2]))
began = time.perf_counter()
charts.timeline_chart(tl, timeline.spans(data).head(0))
print('{"seconds": %f}' % (time.perf_counter() - began))
"""


def measure_chart(root: Path, timeout: float) -> list[dict]:
    import bench_scale

    folder, _ = bench_scale.data_folder(CHART_EVENTS, root)
    began = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", CHART, str(folder), str(CHART_EVENTS)], capture_output=True,
                              text=True, timeout=timeout, cwd=REPO)
        result = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {
            "note": "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]}
    except subprocess.TimeoutExpired:
        result = {"note": f"stopped after {timeout:g} s (started {time.perf_counter() - began:.0f} s before)"}
    return [_summary("chart", CHART_EVENTS, [result], [], note="goal: under 2 s")]


def _instructions(command: list[str], base: dict, timeout: float) -> int | None:
    """The instructions a command executes, counted by valgrind's callgrind; None where valgrind is not installed
    or the count fails. Unlike seconds, a count is the same on a busy machine as on a quiet one, so a difference
    of a few per cent shows. String hashing is seeded, so that a count repeats to a few thousand instructions in
    1.5 billion (another environment moves it by a few million); one count takes about a minute."""
    if shutil.which("valgrind") is None:
        return None
    try:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                              capture_output=True, text=True, timeout=timeout, cwd=REPO,
                              env={**base, "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        return None
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if done.returncode == 0 and found else None


def measure_cite(repeats: int, timeout: float) -> list[dict]:
    mine, theirs = [], []
    installed = _as_installed()
    cite = [sys.executable, "-m", "analysis", "cite", "an-deaths-total"]
    pandas = [sys.executable, "-c", "import pandas"]
    _wall(cite, timeout, base=installed)  # warm-up: writes the bytecode cache and the data snapshot
    for _ in range(repeats):
        theirs.append(_wall(pandas, timeout, base=installed))
        mine.append(_wall(cite, timeout, base=installed))
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "analysis", "cite", "an-deaths-total"],
                             capture_output=True, text=True, cwd=REPO).stderr
    note = "imports matplotlib" if "matplotlib" in imports else "no matplotlib imported"
    # Start-up is a fraction of a second: on a shared machine its wall time moves more than the gap measured.
    cpu = [statistics.median([r["cpu"] for r in runs if "cpu" in r] or [float("nan")]) for runs in (mine, theirs)]
    note += f"; CPU {cpu[0]:.3f} s vs {cpu[1]:.3f} s ({cpu[0] / cpu[1]:.2f}x); load average {os.getloadavg()[0]:.1f}"
    counts = [_instructions(command, installed, timeout) for command in (cite, pandas)]
    if None not in counts:
        note += f"; instructions {counts[0] / counts[1]:.3f}x ({counts[0] / 1e6:,.0f} M vs {counts[1] / 1e6:,.0f} M)"
    return [_summary("cite", "", mine, theirs, note=note)]


def _folder(size: int, root: Path) -> Path:
    """The synthetic folder of `size` rows, generated if missing."""
    import bench_scale

    folder, generated = bench_scale.data_folder(size, root)
    if generated:
        print(f"generated {size:,} rows in {generated:.1f} s: {folder}", flush=True)
    return folder


def _csv_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.glob("*.csv")) / 1e6


def available_mib() -> int:
    """MemAvailable of this machine (Linux), in MiB."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) // 1024
    return 1 << 30


def markdown(rows: list[dict]) -> str:
    lines = ["| step | rows | this project, s (spread) | reference, s (spread) | ratio | goal | meets | peak MiB "
             "(this / reference) | note |", "|---|---:|---:|---:|---:|---:|---|---:|---|"]
    for r in rows:
        rows_text = f"{r['rows']:,}" if isinstance(r["rows"], int) else str(r["rows"])
        this = f"{r['this_s']} ({r['this_spread']})" if r["this_s"] != "" else ""
        ref = f"{r['reference_s']} ({r['reference_spread']})" if r["reference_s"] != "" else ""
        mib = f"{r['this_mib']} / {r['reference_mib']}" if r["this_mib"] != "" or r["reference_mib"] != "" else ""
        lines.append(f"| {r['step']} | {rows_text} | {this} | {ref} | {r['ratio']} | {r['goal']}x | {r['meets']} "
                     f"| {mib} | {r['note']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1e5", "1e6"], help="rows of events and of figures")
    parser.add_argument("--steps", nargs="+", default=STEPS, choices=STEPS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per child")
    parser.add_argument("--chart-timeout", type=float, default=120)
    parser.add_argument("--data-root", type=Path, default=HERE / "out", help="where generated folders are kept")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "ratios.csv")
    parser.add_argument("--statistics-children", choices=["auto", "one", "two"], default="auto",
                        help="our statistics and DuckDB's in one child, or each in its own (auto: two only where "
                             "one child with both is predicted not to fit in memory)")
    parser.add_argument("--cache-root", type=Path, default=None,
                        help="keep each size's warm cache (its validated snapshot) here, to reuse across runs "
                             "(default: a temporary folder removed at the end)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = child(args.child, args.data, args.cache, args.rounds)
        result["peak_mib"] = _peak_mib()
        print(json.dumps(result))
        return 0

    import bench_scale

    # A run stopped with SIGTERM unwinds, so the child it waits on is stopped too (see `_child`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results: list[dict] = []

    def emit(rows: list[dict]) -> None:
        for row in rows:
            results.append(row)
            print(f"{row['step']:<12} {row['rows']!s:>10}  {row['this_s']!s:>8} s vs {row['reference_s']!s:>8} s"
                  f"  ratio {row['ratio']!s:>6} (goal {row['goal']}x) {row['meets']:<3} {row['note']}", flush=True)

    previous: dict[str, tuple[int, int]] = {}  # step -> rows and the largest peak MiB measured there
    for size in sorted(int(float(s)) for s in args.sizes):
        folder = None
        # One warm cache per size: the first cold load writes the snapshot the later steps read.
        warm_root = (args.cache_root or Path(tempfile.mkdtemp(prefix="ratios-warm-"))).resolve()
        warm = warm_root / f"warm-{size}"
        try:
            for step in [s for s in args.steps if s in SIZED]:
                rows, peak = previous.get(step, (0, 0))
                need = peak * size / rows if rows else 0  # scaled linearly from the last size: swapping helps nobody
                split = ""
                if step == "statistics" and args.statistics_children == "two":
                    split, need = "asked for (--statistics-children two)", 0
                elif step == "statistics" and args.statistics_children == "one":
                    need = 0  # asked for: run it, stopped by `_child` if the machine runs short of memory
                elif step == "statistics":
                    if not need:  # a first size: from the size of its CSV files
                        folder = folder or _folder(size, args.data_root)
                        need = STATISTICS_MIB_PER_CSV_MB * _csv_mb(folder)
                    # Alone, each side holds the loaded data and its own work: about half the two together.
                    if need > available_mib() * 0.8 and need * SPLIT_SHARE <= available_mib() * 0.8:
                        split = (f"together they would need about {need / 1024:,.0f} GiB, "
                                 f"{available_mib() / 1024:,.0f} GiB available")
                        need = 0
                if need > available_mib() * 0.8:
                    emit([dict(dict.fromkeys(FIELDS, ""), step=step, rows=size,
                               note=f"skipped: would need about {need / 1024:,.0f} GiB (measured {peak:,} MiB at "
                                    f"{rows:,} rows), {available_mib() / 1024:,.0f} GiB available")])
                    continue
                folder = folder or _folder(size, args.data_root)
                measured = measure_sized(step, folder, args.repeats, args.timeout, warm, split)
                emit(measured)
                peaks = [int(r[k]) for r in measured for k in ("this_mib", "reference_mib") if r[k] != ""]
                if peaks:
                    # Apart, the two children's peaks added up say what one child would need together.
                    previous[step] = (size, sum(peaks) if split else max(peaks))
        finally:
            if args.cache_root is None:
                shutil.rmtree(warm_root, ignore_errors=True)
    if "report" in args.steps:
        emit(measure_report(args.repeats, args.timeout))
    if "chart" in args.steps:
        emit(measure_chart(args.data_root, args.chart_timeout))
    if "cite" in args.steps:
        emit(measure_cite(max(args.repeats, 5), args.timeout))
    bench_scale.write_csv(args.out, FIELDS, results)
    print("\n" + markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
