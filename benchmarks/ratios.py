"""Each step of issue 14 against its reference, measured in the same run: median, spread and the ratio to the goal.

    python benchmarks/ratios.py [--sizes 1e5 1e6] [--steps load snapshot statistics checks report chart cite]
                                [--repeats 3] [--out benchmarks/out/ratios.csv]

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
  three), with the results compared; goal 1.5x.
- checks: `checks.run_checks` and its `checks.summarise` (the comparisons, kept as ids and numbers, and the few
  rows the summary quotes, worded), against the load of the same folder; goal 2x.
- report: `python -m analysis report` (every report, as many at a time as `reports.default_jobs()`), against
  starting one kernel per report, one after another, and importing pandas, matplotlib and analysis in it;
  goal 1.3x. The note adds the CPU seconds of both process trees and the load average at the end.
- chart: `charts.timeline_chart` of 10^4 events; goal under 2 s.
- cite: `python -m analysis cite an-deaths-total`, against `python -c "import pandas"`; goal 1.2x.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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


# ---------------------------------------------------------------------------------------------- children


def _peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child(kind: str, data: Path, cache: Path, rounds: int = 3) -> dict:
    """One measurement in this (fresh) process; returns seconds and peak MiB."""
    os.environ["ANALYSIS_CACHE_DIR"] = str(cache)
    if kind == "parse":
        import pyarrow.csv as pa_csv

        began = time.perf_counter()
        tables = [pa_csv.read_csv(data / name) for name in ("events.csv", "figures.csv")]
        return {"seconds": time.perf_counter() - began, "rows": sum(t.num_rows for t in tables)}
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

    began = time.perf_counter()
    dataset = loading.load(data)
    loaded = time.perf_counter() - began
    if kind in {"load", "snapshot"}:
        return {"seconds": loaded}
    if kind == "checks":
        from analysis import checks

        began = time.perf_counter()
        checks.summarise(checks.run_checks(dataset))  # only the rows the summary quotes are worded
        return {"seconds": time.perf_counter() - began, "load_seconds": loaded}
    if kind == "statistics":
        return statistics_against_duckdb(dataset, rounds)
    raise ValueError(kind)


def statistics_against_duckdb(dataset, rounds: int = 3) -> dict:
    """The four statistics and their DuckDB equivalent, alternating in one process, with the results compared."""
    import duckdb
    import numpy as np

    from analysis import statistics as stats

    def ours():
        table = stats.figures_with_bounds(dataset)
        return table, stats.compare_claims(table), stats.latest_claims(table), stats.stated_totals(table)

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
    # Checked after the timing, not timed: the timed queries stay those of the earlier measurements.
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

    mine, duck = [], []
    for _ in range(rounds):
        began = time.perf_counter()
        result = ours()
        mine.append(time.perf_counter() - began)
        began = time.perf_counter()
        reference = theirs()
        duck.append(time.perf_counter() - began)
    table, compared, latest, totals = result
    ref_table, ref_compare, ref_latest, ref_totals = reference

    def numbers(frame, columns):
        return frame[columns].astype("float64").to_numpy()

    keys = ["quantity", "side", "population", "unit", "incident"]
    counts = ["claims", "lowest_low", "highest_low", "lowest_high", "highest_high"]
    ours_compare = compared.assign(**{k: compared[k].astype("str") for k in keys}).sort_values(keys)
    ref_compare = ref_compare.sort_values(keys)
    ref_claimants = con.execute(sql_claimants).df().sort_values(keys)
    totals = totals.sort_values("figure_id")
    differ = [name for name, equal in [
        ("figures_with_bounds order", list(table["figure_id"]) == list(ref_table["figure_id"])),
        ("figures_with_bounds bounds", np.allclose(numbers(table, ["low", "high", "best"]),
                                                   numbers(ref_table, ["low", "high", "best"]), equal_nan=True)),
        ("latest_claims", sorted(latest["figure_id"]) == list(ref_latest["figure_id"])),
        ("compare_claims", np.allclose(numbers(ours_compare, counts), numbers(ref_compare, counts), equal_nan=True)),
        ("compare_claims claimants", list(ours_compare["claimants"]) == list(ref_claimants["claimants"])),
        ("stated_totals", list(totals["figure_id"]) == list(ref_totals["figure_id"]) and np.allclose(
            numbers(totals, ["sum_low", "sum_high"]), numbers(ref_totals, ["sum_low", "sum_high"]), equal_nan=True)),
    ] if not equal]
    return {"seconds": statistics_median(mine), "reference_seconds": statistics_median(duck),
            "spread": [min(mine), max(mine)], "reference_spread": [min(duck), max(duck)], "differ": differ}


def statistics_median(values: list[float]) -> float:
    return statistics.median(values)


# ---------------------------------------------------------------------------------------------- parent


def _child(kind: str, data: Path, cache: Path, timeout: float, rounds: int = 3) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--data", str(data), "--cache",
               str(cache), "--rounds", str(rounds)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        return {"note": f"stopped after {timeout:g} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"note": "failed: " + (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return json.loads(lines[-1])


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


def measure_sized(step: str, folder: Path, repeats: int, timeout: float) -> list[dict]:
    rows = int(folder.name.split("-")[-1])
    with tempfile.TemporaryDirectory(prefix="ratios-cache-") as tmp:
        warm = Path(tmp) / "warm"
        if step == "load":
            mine, theirs = [], []
            for i in range(repeats):
                theirs.append(_child("parse", folder, Path(tmp) / f"unused-{i}", timeout))
                cold = Path(tmp) / f"cold-{i}"
                mine.append(_child("load", folder, cold, timeout))
                shutil.rmtree(cold, ignore_errors=True)
            time_row = _summary("load", rows, mine, theirs)
            memory = dict(time_row, step="load memory", this_s="", this_spread="", reference_s="",
                          reference_spread="", goal=GOALS["load memory"])
            if time_row["this_mib"] and time_row["reference_mib"]:
                memory["ratio"] = round(time_row["this_mib"] / time_row["reference_mib"], 2)
                memory["meets"] = "yes" if memory["ratio"] <= memory["goal"] else "no"
            return [time_row, memory]
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
            result = _child("statistics", folder, warm, timeout * 3, rounds=max(repeats, 3))
            if "note" in result:
                return [_summary(step, rows, [result], [])]
            row = _summary("statistics", rows, [result], [result], reference_key="reference_seconds")
            row["this_spread"] = "{:.3f}-{:.3f}".format(*result["spread"])
            row["reference_spread"] = "{:.3f}-{:.3f}".format(*result["reference_spread"])
            row["note"] = ("results equal" if not result["differ"] else "RESULTS DIFFER: " + ", ".join(result["differ"])
                           ) + " (texts other than claimants not compared)"
            return [row]
    raise ValueError(step)


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


def measure_cite(repeats: int, timeout: float) -> list[dict]:
    mine, theirs = [], []
    installed = _as_installed()
    cite = [sys.executable, "-m", "analysis", "cite", "an-deaths-total"]
    _wall(cite, timeout, base=installed)  # warm-up: writes the bytecode cache and the data snapshot
    for _ in range(repeats):
        theirs.append(_wall([sys.executable, "-c", "import pandas"], timeout, base=installed))
        mine.append(_wall(cite, timeout, base=installed))
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "analysis", "cite", "an-deaths-total"],
                             capture_output=True, text=True, cwd=REPO).stderr
    note = "imports matplotlib" if "matplotlib" in imports else "no matplotlib imported"
    return [_summary("cite", "", mine, theirs, note=note)]


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

    results: list[dict] = []

    def emit(rows: list[dict]) -> None:
        for row in rows:
            results.append(row)
            print(f"{row['step']:<12} {row['rows']!s:>10}  {row['this_s']!s:>8} s vs {row['reference_s']!s:>8} s"
                  f"  ratio {row['ratio']!s:>6} (goal {row['goal']}x) {row['meets']:<3} {row['note']}", flush=True)

    previous: dict[str, tuple[int, int]] = {}  # step -> rows and the largest peak MiB measured there
    for size in sorted(int(float(s)) for s in args.sizes):
        folder = None
        for step in [s for s in args.steps if s in SIZED]:
            rows, peak = previous.get(step, (0, 0))
            need = peak * size / rows if rows else 0  # scaled linearly from the last size: swapping helps nobody
            if need > available_mib() * 0.8:
                emit([dict(dict.fromkeys(FIELDS, ""), step=step, rows=size,
                           note=f"skipped: would need about {need / 1024:,.0f} GiB (measured {peak:,} MiB at "
                                f"{rows:,} rows), {available_mib() / 1024:,.0f} GiB available")])
                continue
            if folder is None:
                folder, generated = bench_scale.data_folder(size, args.data_root)
                if generated:
                    print(f"generated {size:,} rows in {generated:.1f} s: {folder}", flush=True)
            measured = measure_sized(step, folder, args.repeats, args.timeout)
            emit(measured)
            peaks = [int(r[k]) for r in measured for k in ("this_mib", "reference_mib") if r[k] != ""]
            if peaks:
                previous[step] = (size, max(peaks))
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
