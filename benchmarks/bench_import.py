"""Wall time and peak memory of importing GED- and ACLED-shaped exports, loading the folder, and the report's
statistics, at any size.

    python benchmarks/bench_import.py [--sizes 1e5 1e6] [--datasets ged acled] [--out benchmarks/out/import.csv]

Exports are generated (synthetic rows in the codebooks' layouts, never real data) under benchmarks/out/ and kept
for later runs. Each step runs in a fresh child process: `import` is `importers.ged`/`importers.acled` into a new
folder (reading, checking, mapping and writing, then the `load` that validates what was written); `load` is
`analysis.load` of that folder; `statistics` loads the curated data and the folder, combines them and runs what
the event-data report computes (`event_data.deaths_per_week`, `totals_by_side`, `compare_claims`).
`peak MiB` is the child's maximum resident set.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from analysis.importers import ACLED_COLUMNS, GED_COLUMNS  # noqa: E402  (the repository root is on the path now)

STEPS = ["import", "load", "statistics"]
DATASETS = ["ged", "acled"]
FIELDS = ["dataset", "rows", "step", "seconds", "cpu_seconds", "peak_mib", "events", "figures", "note"]
CHUNK = 200_000
FIRST, LAST = np.datetime64("1989-01-01"), np.datetime64("2023-12-31")


# ---------------------------------------------------------------------------------------------- exports


def _pick(rng: np.random.Generator, values: list[str], n: int, p: list[float] | None = None) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.choice(len(values), n, p=p)]


def _text(rng: np.random.Generator, prefix: str, n: int, vocabulary: int) -> np.ndarray:
    return (prefix + pd.Series(rng.integers(0, vocabulary, n)).astype(str)).to_numpy(dtype=object)


def ged_chunk(rng: np.random.Generator, first_id: int, n: int) -> pd.DataFrame:
    """n GED-shaped rows: every type of violence, date_prec and where_prec, deaths whose parts add up to best."""
    ids = np.arange(first_id, first_id + n)
    kind = rng.choice([1, 2, 3], n, p=[0.7, 0.15, 0.15])
    prec = rng.choice([1, 2, 3, 4, 5], n, p=[0.7, 0.1, 0.08, 0.08, 0.04])
    start = FIRST + rng.integers(0, int((LAST - FIRST).astype(int)) - 400, n).astype("timedelta64[D]")
    start = pd.Series(start)
    length = np.select([prec == 1, prec == 2, prec == 3], [rng.integers(0, 2, n), rng.integers(1, 6, n), 6], 0)
    end = start + pd.to_timedelta(length, unit="D")
    month = start.dt.to_period("M").dt.start_time
    year = start.dt.to_period("Y").dt.start_time
    start = start.where(prec < 4, month.where(prec == 4, year))
    end = end.where(prec < 4, (month + pd.offsets.MonthEnd(0)).where(prec == 4, year + pd.offsets.YearEnd(0)))
    parts = rng.poisson([3, 3, 1, 1], (n, 4)) * (rng.random((n, 4)) < 0.6)
    parts[kind == 3] = np.column_stack([np.zeros((kind == 3).sum(), int), np.zeros((kind == 3).sum(), int),
                                        rng.poisson(4, (kind == 3).sum()) + 1, np.zeros((kind == 3).sum(), int)])
    best = parts.sum(axis=1)
    low = best - rng.integers(0, 3, n).clip(max=best)
    high = best + rng.integers(0, 10, n)
    country = rng.integers(0, 60, n)
    side_a = rng.integers(2, 150, n)  # UCDP id 1 is the civilians (side B of one-sided rows)
    side_b = np.where(kind == 3, 1, rng.integers(150, 400, n))
    where_prec = rng.choice([1, 2, 3, 4, 5, 6, 7], n, p=[0.45, 0.2, 0.15, 0.12, 0.05, 0.02, 0.01])
    day = start.dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame({
        "id": ids, "relid": "SYN-" + pd.Series(ids).astype(str), "year": start.dt.year, "active_year": 1,
        "code_status": "Clear", "type_of_violence": kind, "conflict_dset_id": country * 10 + kind,
        "conflict_new_id": country * 10 + kind, "conflict_name": "Synthetic conflict " + pd.Series(country).astype(str),
        "dyad_dset_id": side_a * 1000 + side_b, "dyad_new_id": side_a * 1000 + side_b,
        "dyad_name": "Synthetic actor " + pd.Series(side_a).astype(str) + " - Synthetic actor "
                     + pd.Series(side_b).astype(str),
        "side_a_dset_id": side_a, "side_a_new_id": side_a, "side_a": "Synthetic actor " + pd.Series(side_a).astype(str),
        "side_b_dset_id": side_b, "side_b_new_id": side_b,
        "side_b": np.where(side_b == 1, "Civilians", "Synthetic actor " + pd.Series(side_b).astype(str)),
        "number_of_sources": rng.integers(1, 4, n),
        "source_article": "Synthetic Wire," + day + ',"Report ' + pd.Series(ids).astype(str) + ', with a comma"',
        "source_office": "Synthetic Wire", "source_date": day, "source_headline": _text(rng, "Headline ", n, 10_000),
        "source_original": "Synthetic reporter", "where_prec": where_prec,
        "where_coordinates": _text(rng, "Place ", n, 20_000), "where_description": _text(rng, "Place ", n, 20_000),
        "adm_1": "Province " + pd.Series(country * 20 + rng.integers(0, 20, n)).astype(str),
        "adm_2": np.where(rng.random(n) < 0.7, _text(rng, "District ", n, 5_000), ""),
        "latitude": rng.uniform(-40, 60, n).round(4), "longitude": rng.uniform(-20, 120, n).round(4),
        "geom_wkt": "POINT (1 2)", "priogrid_gid": rng.integers(1, 259200, n),
        "country": "Country " + pd.Series(country).astype(str), "country_id": 100 + country, "region": "Region",
        "event_clarity": 1, "date_prec": prec, "date_start": day + " 00:00:00.000",
        "date_end": end.dt.strftime("%Y-%m-%d") + " 00:00:00.000", "deaths_a": parts[:, 0], "deaths_b": parts[:, 1],
        "deaths_civilians": parts[:, 2], "deaths_unknown": parts[:, 3], "best": best, "high": high, "low": low,
        "gwnoa": 100 + country, "gwnob": "",
    })
    return frame[GED_COLUMNS]


ACLED_TYPES = {"Battles": "Armed clash", "Explosions/Remote violence": "Shelling/artillery/missile attack",
               "Violence against civilians": "Attack", "Protests": "Peaceful protest", "Riots": "Mob violence",
               "Strategic developments": "Agreement"}


def acled_chunk(rng: np.random.Generator, first_id: int, n: int) -> pd.DataFrame:
    """n ACLED-shaped rows: every event type and time_precision, fatalities mostly zero, notes of a sentence."""
    ids = np.arange(first_id, first_id + n)
    types = _pick(rng, list(ACLED_TYPES), n, [0.2, 0.15, 0.15, 0.35, 0.1, 0.05])
    date = pd.Series(FIRST + rng.integers(0, int((LAST - FIRST).astype(int)), n).astype("timedelta64[D]"))
    country = rng.integers(0, 60, n)
    actor1 = rng.integers(0, 3000, n)
    actor2 = rng.integers(0, 3000, n)
    fatalities = np.where(rng.random(n) < 0.4, rng.poisson(3, n), 0)
    frame = pd.DataFrame({
        "event_id_cnty": "SYN" + pd.Series(ids).astype(str), "event_date": date.dt.strftime("%d %B %Y"),
        "year": date.dt.year, "time_precision": rng.choice([1, 2, 3], n, p=[0.85, 0.1, 0.05]),
        "disorder_type": "Political violence", "event_type": types,
        "sub_event_type": pd.Series(types).map(ACLED_TYPES),
        "actor1": "Synthetic Forces " + pd.Series(actor1).astype(str) + " (2000-)",
        "assoc_actor_1": np.where(rng.random(n) < 0.2, "Synthetic Group A; Synthetic Group B", ""),
        "inter1": rng.choice(["State forces", "Rebel groups", "Protesters"], n),
        "actor2": np.where(rng.random(n) < 0.6, "Synthetic Forces " + pd.Series(actor2).astype(str) + " (2000-)", ""),
        "assoc_actor_2": "", "inter2": "", "interaction": "", "civilian_targeting": "", "iso": 100 + country,
        "region": "Region", "country": "Country " + pd.Series(country).astype(str),
        "admin1": "Province " + pd.Series(country * 20 + rng.integers(0, 20, n)).astype(str),
        "admin2": _text(rng, "District ", n, 5_000), "admin3": "", "location": _text(rng, "Town ", n, 30_000),
        "latitude": rng.uniform(-40, 60, n).round(4), "longitude": rng.uniform(-20, 120, n).round(4),
        "geo_precision": rng.choice([1, 2, 3], n, p=[0.7, 0.2, 0.1]),
        "source": "Synthetic Wire; Synthetic Daily", "source_scale": "National",
        "notes": "On the reported day, synthetic event " + pd.Series(ids).astype(str)
                 + ' happened, "as reported", with a comma, and ' + pd.Series(fatalities).astype(str) + " fatalities.",
        "fatalities": fatalities, "tags": "", "timestamp": 1_600_000_000 + ids,
    })
    return frame[ACLED_COLUMNS]


def export_file(dataset: str, rows: int, root: Path) -> Path:
    """The cached export for `rows` (written in chunks with pandas, no loop over rows)."""
    name = f"GEDEvent_v99_1-{rows}.csv" if dataset == "ged" else f"acled-{rows}.csv"
    path = root / name
    marker = path.with_suffix(".complete")
    if marker.exists():
        return path
    rng = np.random.default_rng(2020)
    make = ged_chunk if dataset == "ged" else acled_chunk
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for start in range(0, rows, CHUNK):
            make(rng, 1 + start, min(CHUNK, rows - start)).to_csv(handle, index=False, header=start == 0,
                                                                   lineterminator="\n")
    marker.write_text(f"{rows}\n")
    return path


# ---------------------------------------------------------------------------------------------- child


def run_step(step: str, dataset: str, export: Path, folder: Path) -> dict:
    from analysis import event_data, importers, loading

    began, cpu = time.perf_counter(), time.process_time()
    events = figures = 0
    if step == "import":
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        data = importers.ged(export, folder) if dataset == "ged" else importers.acled(export, folder)
        events, figures = len(data.events), len(data.figures)
    elif step == "load":
        data = loading.load(folder)
        events, figures = len(data.events), len(data.figures)
    elif step == "statistics":
        data = loading.combine([loading.load(), loading.load(folder)])
        began, cpu = time.perf_counter(), time.process_time()  # the statistics alone; the load is the step above
        rows = event_data.event_figures(data)
        event_data.deaths_per_week(data, "2020-01-01", "2020-12-31", rows=rows)
        event_data.totals_by_side(data, rows=rows)
        event_data.compare_claims(data, rows=rows)
        events, figures = len(data.events), len(data.figures)
    seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2), "peak_mib": round(peak),
            "events": events, "figures": figures}


def measure(step: str, dataset: str, export: Path, folder: Path, timeout: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--dataset", dataset,
               "--export", str(export), "--folder", str(folder)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        return {"note": f"stopped after {timeout:g} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"note": "failed: " + (done.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(lines[-1])


def markdown(results: list[dict]) -> str:
    lines = ["| data set | rows | step | seconds | CPU seconds | peak MiB | events | figures | note |",
             "|---|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(f"| {r['dataset']} | {r['rows']:,} | {r['step']} | {r['seconds']} | {r['cpu_seconds']} | "
                     f"{r['peak_mib']} | {r['events']:,} | {r['figures']:,} | {r['note']} |" if r["seconds"] != ""
                     else f"| {r['dataset']} | {r['rows']:,} | {r['step']} |  |  |  |  |  | {r['note']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1e5", "1e6"], help="rows of the export")
    parser.add_argument("--datasets", nargs="+", default=DATASETS, choices=DATASETS)
    parser.add_argument("--steps", nargs="+", default=STEPS, choices=STEPS)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "import.csv")
    parser.add_argument("--data-root", type=Path, default=HERE / "out", help="where exports and folders are kept")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per step")
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--dataset", choices=DATASETS, help=argparse.SUPPRESS)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_step(args.child, args.dataset, args.export, args.folder)))
        return 0
    args.data_root.mkdir(parents=True, exist_ok=True)
    results = []
    for dataset in args.datasets:
        for rows in sorted(int(float(size)) for size in args.sizes):
            began = time.perf_counter()
            export = export_file(dataset, rows, args.data_root)
            print(f"{dataset} export of {rows:,} rows ({export.stat().st_size / 2**20:,.0f} MiB) ready in "
                  f"{time.perf_counter() - began:.1f} s", flush=True)
            folder = args.data_root / f"imported-{dataset}-{rows}"
            for step in args.steps:
                result = measure(step, dataset, export, folder, args.timeout)
                row = {"dataset": dataset, "rows": rows, "step": step, "seconds": result.get("seconds", ""),
                       "cpu_seconds": result.get("cpu_seconds", ""), "peak_mib": result.get("peak_mib", ""),
                       "events": result.get("events", 0),
                       "figures": result.get("figures", 0), "note": result.get("note", "")}
                results.append(row)
                print(f"{dataset:6} {rows:>10,} {step:<10} {row['seconds']!s:>8} s ({row['cpu_seconds']!s:>8} s CPU) "
                      f"{row['peak_mib']!s:>6} MiB {row['note']}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(results, columns=FIELDS).to_csv(args.out, index=False, lineterminator="\n")
    print("\n" + markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
