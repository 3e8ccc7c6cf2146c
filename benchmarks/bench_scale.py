"""Wall time and peak memory of loading, the timeline, the statistics and the checks on synthetic data.

    python benchmarks/bench_scale.py [--sizes 1e4 1e5 1e6 1e7] [--steps load timeline statistics checks]
                                     [--out benchmarks/out/results.csv]

Each size gets a generated data folder under benchmarks/out/ (kept, so later runs reuse it) with that many
events and as many figures. Each step runs in a fresh child process that loads the folder and then runs the step,
so `peak MiB` is that child's maximum resident set (load included) and `seconds` is the step alone (for `load`,
the load itself). A child that passes --timeout or the --memory-gib address-space limit is stopped, and so is a
size whose run is predicted, from the previous size scaled linearly, to pass either: the table says which.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # run as a script: the generator sits beside it

STEPS = ["load", "timeline", "statistics", "checks"]
DEFAULT_SIZES = ["1e4", "1e5", "1e6", "1e7"]
FIELDS = ["rows", "step", "seconds", "peak_mib", "note"]


# ---------------------------------------------------------------------------------------------- child


def run_step(step: str, data_dir: Path) -> dict:
    """Load `data_dir`, run one step, and return its seconds and this process's peak memory."""
    from analysis import checks, loading, statistics, timeline

    began = time.perf_counter()
    data = loading.load(data_dir)
    loaded = time.perf_counter()
    if step == "timeline":
        tl = timeline.build_timeline(data)
        timeline.spans(data)
        timeline.filter_events(tl, date_from="2021-01-01", kinds=["attack", "clash"], actors=["actor-1"])
        timeline.assign_phase(tl, "e0", "e8")
        timeline.day_of_war(tl, "e0")
    elif step == "statistics":
        table = statistics.figures_with_bounds(data)
        statistics.compare_claims(table)
        statistics.latest_claims(table)
        statistics.stated_totals(table)
    elif step == "checks":
        checks.summarise(checks.run_checks(data))  # the comparisons, and the few rows a reader is shown, worded
    elif step != "load":
        raise ValueError(f"unknown step {step!r}; expected one of {STEPS}")
    done = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    seconds = loaded - began if step == "load" else done - loaded
    return {"seconds": round(seconds, 3), "load_seconds": round(loaded - began, 3), "peak_mib": round(peak_kib / 1024)}


def child_main(step: str, data_dir: Path, memory_gib: float) -> int:
    limit = int(memory_gib * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = run_step(step, data_dir)
    except MemoryError:
        print(json.dumps({"error": f"out of memory (address space limited to {memory_gib:g} GiB)"}))
        return 1
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------------------------------------- parent


def data_folder(rows: int, root: Path) -> tuple[Path, float]:
    """The cached data folder for `rows`, generated if missing; returns it and the seconds spent generating."""
    import synthetic

    folder = root / f"data-{rows}"
    marker = folder / ".complete"
    if marker.exists():
        return folder, 0.0
    began = time.perf_counter()
    synthetic.write_folder(folder, rows)
    marker.write_text(f"{rows}\n")
    return folder, time.perf_counter() - began


def measure(step: str, folder: Path, timeout: float, memory_gib: float) -> dict:
    """Run one step in a fresh child process; a note instead of numbers when it fails or runs too long."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--data", str(folder),
               "--memory-gib", str(memory_gib)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"note": f"stopped after {timeout:g} s"}
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if done.returncode != 0 or "error" in result:
        reason = result.get("error") or (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        return {"note": f"failed: {reason}"}
    return result


def too_big(step: str, rows: int, previous: dict[str, dict], timeout: float, memory_gib: float) -> str:
    """Why a step should not run at this size, judged from its last run scaled linearly; '' if it may run."""
    load = previous.get("load")
    if step != "load" and load is not None and "seconds" not in load:  # every step loads first
        return f"skipped: load {load['note']} at {load['rows']:,} rows"
    last = previous.get(step)
    if last is None:
        return ""
    if "note" in last and "seconds" not in last:
        return f"skipped: {last['note']} at {last['rows']:,} rows"
    factor = rows / last["rows"]
    seconds = (last["seconds"] + last.get("load_seconds", 0)) * factor
    mib = last["peak_mib"] * factor
    if seconds > timeout:
        return f"skipped: predicted {seconds:,.0f} s from {last['rows']:,} rows (limit {timeout:g} s)"
    if mib > memory_gib * 1024:
        return f"skipped: predicted {mib / 1024:,.1f} GiB from {last['rows']:,} rows (limit {memory_gib:g} GiB)"
    return ""


def markdown(results: list[dict]) -> str:
    lines = ["| rows | step | seconds | peak MiB | note |", "|---:|---|---:|---:|---|"]
    for r in results:
        seconds = f"{r['seconds']:.2f}" if r.get("seconds") != "" else ""
        lines.append(f"| {r['rows']:,} | {r['step']} | {seconds} | {r['peak_mib']} | {r['note']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=DEFAULT_SIZES, help="rows of events and of figures")
    parser.add_argument("--steps", nargs="+", default=STEPS, choices=STEPS)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.csv")
    parser.add_argument("--data-root", type=Path, default=HERE / "out", help="where generated folders are kept")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per step")
    parser.add_argument("--memory-gib", type=float, default=20, help="address space allowed per step")
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.data, args.memory_gib)

    results: list[dict] = []
    previous: dict[str, dict] = {}
    for rows in sorted(int(float(size)) for size in args.sizes):
        folder, generated = data_folder(rows, args.data_root)
        if generated:
            print(f"generated {rows:,} rows in {generated:.1f} s: {folder}", flush=True)
        for step in args.steps:
            skip = too_big(step, rows, previous, args.timeout, args.memory_gib)
            result = {"note": skip} if skip else measure(step, folder, args.timeout, args.memory_gib)
            result["rows"] = rows
            if not skip:
                previous[step] = result
            row = {"rows": rows, "step": step, "seconds": result.get("seconds", ""),
                   "peak_mib": result.get("peak_mib", ""), "note": result.get("note", "")}
            results.append(row)
            print(f"{rows:>12,} {step:<11} {row['seconds']!s:>9} s {row['peak_mib']!s:>7} MiB {row['note']}",
                  flush=True)
    write_csv(args.out, FIELDS, results)
    print("\n" + markdown(results))
    return 0


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    """The results as CSV (the folder made if need be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    sys.exit(main())
