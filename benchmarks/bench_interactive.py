"""First render of the interactive timeline with 10^4 synthetic events in headless Chromium, and the candidates.

    python benchmarks/bench_interactive.py                    # our chart at 10^2, 10^3, 10^4 events
    python benchmarks/bench_interactive.py --sizes 1e4 --compare /tmp/candidates/node_modules

Each size builds the synthetic data folder (`synthetic.py`, cached in benchmarks/out/), the timeline and spans,
and the standalone page (`InteractiveTimeline.page()`), then opens the page in Debian's Chromium (headless,
driven by Playwright, network blocked) `--runs` times, each in a fresh page, and reports the median of:

- **rendered**: from the start of navigation to the chart's `analysis-timeline-rendered` mark (HTML and JSON
  parsed, lanes laid out, every item in view built as SVG);
- **painted**: to its `analysis-timeline-painted` mark (the frame after it, drawn);
- **zoom**: one redraw after zooming into a month (what a reader waits for on a wheel turn);
- **page**: the page's size in bytes; **build**: the Python seconds from the loaded data to the page.

`--compare DIR` also times minimal pages of the libraries we considered, with the same items (points and
bands, four lanes), from an npm `node_modules` folder holding them:

    npm install --prefix /tmp/candidates vis-timeline@8.5.4 vis-data@8.0.5 vega@6.4.0 vega-interpreter@2.3.2 \
        plotly.js-dist-min@4.1.2 @bokeh/bokehjs@3.10.0

Nothing is asserted: this is a measurement. Results go to stdout as Markdown and to benchmarks/out/interactive.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

OUT = Path(__file__).resolve().parent / "out"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_MARKS = """() => new Promise((resolve) => {
  const look = () => {
    const painted = performance.getEntriesByName('analysis-timeline-painted')[0];
    if (!painted) { setTimeout(look, 10); return; }
    resolve([performance.getEntriesByName('analysis-timeline-rendered')[0].startTime, painted.startTime]);
  };
  look();
})"""
_ZOOM = """() => {
  const chart = window.analysisTimeline.charts[0], v = chart.state.view, mid = (v[0] + v[1]) / 2;
  const t0 = performance.now();
  chart.state.view = [mid - 15 * 864e5, mid + 15 * 864e5];
  chart.render();
  return performance.now() - t0;
}"""


def build_page(rows: int, folder: Path) -> tuple[str, float, int]:
    """The standalone page for `rows` synthetic events (data cached in `folder`); its Python build seconds, items."""
    import synthetic

    from analysis import interactive, loading, timeline

    data_dir = folder / f"data-{rows}"
    if not (data_dir / ".complete").exists():
        synthetic.write_folder(data_dir, rows)
        (data_dir / ".complete").write_text(f"{rows}\n")
    data = loading.load(data_dir)
    began = time.perf_counter()
    built = timeline.build_timeline(data)
    chart = interactive.interactive_timeline(built, timeline.spans(data, built), data, title=f"{rows:,} events")
    page = chart.page()
    return page, time.perf_counter() - began, len(chart.config["items"])


def open_page(browser, path: Path, script: str) -> dict:
    """Open `path` with the network blocked; the numbers `script` returns, and errors the page logged."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else route.abort())
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        values = page.evaluate(script)
        zoom = page.evaluate(_ZOOM) if script is _MARKS else None
    finally:
        page.close()
    return {"values": values, "zoom": zoom, "errors": errors}


# ---------------------------------------------------------------------------------------------- candidates

_DONE = "requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now(); }, 0));"
_WAIT = """() => new Promise((resolve) => {
  const look = () => window.__painted ? resolve([window.__rendered, window.__painted]) : setTimeout(look, 10);
  look();
})"""


def candidate_pages(items: list[dict], modules: Path) -> dict[str, str]:
    """Minimal pages drawing `items` (points and bands in four lanes) with each candidate library."""
    def read(relative: str) -> str:
        return (modules / relative).read_text(encoding="utf-8")

    lanes = ["G0", "G1", "G2", "G3"]
    rows = [{"id": i, "t": item["start"], "t2": item["end"] if item.get("mark") in ("band", "span") else None,
             "g": lanes[i % 4], "label": item["title"]} for i, item in enumerate(items)]
    data = json.dumps(rows)
    pages = {}
    vis_items = json.dumps([{"id": r["id"], "start": r["t"], "end": r["t2"], "type": "range" if r["t2"] else "point",
                             "content": "", "group": r["g"]} for r in rows])
    pages["vis-timeline 8.5.4"] = f"""<!doctype html><meta charset=utf-8>
<style>{read('vis-timeline/styles/vis-timeline-graph2d.min.css')}</style><div id=v></div>
<script>{read('vis-timeline/standalone/umd/vis-timeline-graph2d.min.js')}</script><script>
const items = new vis.DataSet({vis_items});
const groups = new vis.DataSet({json.dumps([{"id": g, "content": g} for g in lanes])});
const chart = new vis.Timeline(document.getElementById('v'), items, groups, {{stack: true, maxHeight: 800}});
chart.once('changed', () => {{ window.__rendered = performance.now(); {_DONE} }});
</script>"""
    interpreter = read("vega-interpreter/build/vega-interpreter.js").replace(
        "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';",
        "const { ascending, isString, DisallowedObjectProperties } = vega;").replace(
        "export { expression as expressionInterpreter };", "window.vegaInterpreter = expression;")
    spec = {"width": 1000, "height": 600, "autosize": "none", "data": [{"name": "items", "values": "@DATA@"}],
            "scales": [{"name": "x", "type": "time", "domain": {"data": "items", "field": "t"}, "range": "width"},
                       {"name": "y", "type": "band", "domain": lanes, "range": "height"}],
            "axes": [{"orient": "bottom", "scale": "x"}],
            "marks": [{"type": "rect", "from": {"data": "items"}, "encode": {"update": {
                "x": {"scale": "x", "field": "t"}, "x2": {"signal": "datum.t2 ? scale('x', datum.t2) : width"},
                "y": {"scale": "y", "field": "g"}, "height": {"value": 6}, "fill": {"value": "#0072B2"},
                "opacity": {"signal": "datum.t2 ? 0.3 : 0"}}}},
                {"type": "symbol", "from": {"data": "items"}, "encode": {"update": {
                    "x": {"scale": "x", "field": "t"}, "y": {"scale": "y", "field": "g", "band": 0.5},
                    "fill": {"value": "#D55E00"}, "size": {"value": 40}, "tooltip": {"field": "label"}}}}]}
    pages["Vega 6.4.0 (canvas, CSP-safe interpreter)"] = f"""<!doctype html><meta charset=utf-8><div id=v></div>
<script>{read('vega/build/vega.min.js')}</script><script>{interpreter}</script><script>
const spec = {json.dumps(spec).replace('"@DATA@"', data)};
new vega.View(vega.parse(spec, null, {{ast: true}}), {{expr: vegaInterpreter, renderer: 'canvas', container: '#v'}})
  .runAsync().then(() => {{ window.__rendered = performance.now(); {_DONE} }});
</script>"""
    pages["Plotly.js 4.1.2"] = f"""<!doctype html><meta charset=utf-8><div id=v style="width:1000px;height:600px"></div>
<script>{read('plotly.js-dist-min/plotly.min.js')}</script><script>
const P = {data};
Plotly.newPlot('v', [{{type: 'scatter', mode: 'markers', x: P.map(p => new Date(p.t)), y: P.map(p => p.g),
  text: P.map(p => p.label)}}], {{}}).then(() => {{ window.__rendered = performance.now(); {_DONE} }});
</script>"""
    pages["BokehJS 3.10.0"] = f"""<!doctype html><meta charset=utf-8><div id=v></div>
<script>{read('@bokeh/bokehjs/build/js/bokeh.min.js')}</script>
<script>{read('@bokeh/bokehjs/build/js/bokeh-api.min.js')}</script><script>
const P = {data}, plt = Bokeh.Plotting;
const fig = plt.figure({{width: 1000, height: 600, x_axis_type: 'datetime', y_range: {json.dumps(lanes)},
  tools: 'xpan,xwheel_zoom,hover'}});
fig.scatter({{x: P.map(q => q.t), y: P.map(q => q.g), size: 8}});
plt.show(fig, '#v').then(() => {{ window.__rendered = performance.now(); {_DONE} }});
</script>"""
    return pages


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1e2", "1e3", "1e4"], help="synthetic events (rows)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per measurement (median reported)")
    parser.add_argument("--compare", type=Path, default=None, metavar="NODE_MODULES",
                        help="also time the candidate libraries found in this node_modules folder")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            rows = int(float(size))
            page, build, count = build_page(rows, OUT)
            path = OUT / f"interactive-{rows}.html"
            path.write_text(page, encoding="utf-8")
            runs = [open_page(browser, path, _MARKS) for _ in range(args.runs)]
            errors = sorted({e for run in runs for e in run["errors"]})
            results.append({"chart": "analysis (ours)", "rows": rows, "items": count, "bytes": len(page.encode()),
                            "build_s": round(build, 2),
                            "rendered_ms": round(statistics.median(r["values"][0] for r in runs)),
                            "painted_ms": round(statistics.median(r["values"][1] for r in runs)),
                            "zoom_ms": round(statistics.median(r["zoom"] for r in runs)), "errors": errors})
            print(_row(results[-1]), flush=True)
            if args.compare is not None:
                from analysis import interactive, loading, timeline

                data = loading.load(OUT / f"data-{rows}")
                built = timeline.build_timeline(data)
                items = interactive.event_items(built, data).to_dict("records")
                for name, html in candidate_pages(items, args.compare).items():
                    candidate = OUT / f"candidate-{name.split()[0].lower()}-{rows}.html"
                    candidate.write_text(html, encoding="utf-8")
                    runs = [open_page(browser, candidate, _WAIT) for _ in range(args.runs)]
                    results.append({"chart": name, "rows": rows, "items": len(items), "bytes": len(html.encode()),
                                    "build_s": "",
                                    "rendered_ms": round(statistics.median(r["values"][0] for r in runs)),
                                    "painted_ms": round(statistics.median(r["values"][1] for r in runs)),
                                    "zoom_ms": "", "errors": sorted({e for r in runs for e in r["errors"]})})
                    print(_row(results[-1]), flush=True)
        browser.close()
    (OUT / "interactive.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("\n| chart | events | page | first render (painted) | zoom redraw | Python build |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(_row(r))
    return 0


def _row(r: dict) -> str:
    zoom = f"{r['zoom_ms']} ms" if r["zoom_ms"] != "" else ""
    build = f"{r['build_s']} s" if r["build_s"] != "" else ""
    note = f" (errors: {'; '.join(r['errors'])})" if r["errors"] else ""
    return (f"| {r['chart']}{note} | {r['rows']:,} | {r['bytes'] / 1e6:.2f} MB | {r['rendered_ms'] / 1000:.2f} s "
            f"({r['painted_ms'] / 1000:.2f} s) | {zoom} | {build} |")


if __name__ == "__main__":
    raise SystemExit(main())
