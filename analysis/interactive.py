"""The interactive timeline: zoom from the 1990s to one night, every item with its words, its excerpt and its source.

`interactive_timeline(timeline, spans, data)` returns an object that Jupyter displays (`_repr_html_`) and whose
HTML the report pages embed beside the static chart. It draws what `charts.timeline_chart` draws, with the same
colours and markers per kind, side and claimant: a day as a point, a coarser date ("late September", a month,
a year, a decade) as a band over the days it allows, a time with its zone at its instant, report and plan dates
hollow, span ends known only to the month hatched, and an end that is not stated ("for at least five years")
fading out to the edge of the view with an arrow, never to a made-up date. Lanes go by kind, side or claimant;
filters by kind, claimant, source and date window, and a search box; the view is kept in the URL.

The drawing is a small script of our own (`static/timeline.js`, no library: see the README for the measurements
that chose it) that reads the data from a JSON block and builds SVG with DOM calls, so data text is only ever
set as text. It fetches nothing. Its bytes never change, so a page allows exactly it by its hash
(`content_security_policy`); the data goes in a `<script type="application/json">` block that never runs.

    >>> chart = interactive_timeline(build_timeline(data), spans(data), data)     # doctest: +SKIP
    >>> chart                        # in Jupyter: the chart; chart.page() is a standalone offline HTML page
"""

from __future__ import annotations

import hashlib
import json
import zoneinfo
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import atomic, citations, dates
from analysis.loading import Dataset
from analysis.markup import escape_html
from analysis.page_script import (  # noqa: F401 - SCRIPT and the policy are also this module's, as before
    SCRIPT,
    SCRIPT_ELEMENT,
    SCRIPT_HASH,
    STATIC_DIR,
    content_security_policy,
)
from analysis.schema import BOUND_QUALIFIERS

STYLE = (STATIC_DIR / "timeline.css").read_text(encoding="utf-8")
GROUP_BY = ("kind", "side", "claimant")
FALLBACK = ("The interactive timeline needs JavaScript. In Jupyter it appears once the cell has run (or the "
            "notebook is trusted); the static chart shows the same events.")
DAY_MS = 86_400_000
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def embed_json(value: object) -> str:
    """`value` as JSON that can stand inside a `<script>` element: no `</script>`, `<!--` or line separators.

    >>> embed_json({"title": "</script><!-- \u2028"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escaped in _JSON_ESCAPES.items():  # each is a string escape in JSON, so the value is unchanged
        text = text.replace(character, escaped)
    return text


# ------------------------------------------------------------------------------------------------ items


def _ms(values: pd.Series) -> pd.Series:
    """Milliseconds since 1970-01-01 UTC of naive (UTC) datetimes; <NA> for NaT."""
    stamps = pd.to_datetime(values)
    ms = stamps.to_numpy(dtype="datetime64[ms]").astype("int64")
    return pd.Series(ms, index=values.index, dtype="Int64").where(stamps.notna().to_numpy())


def _instants(frame: pd.DataFrame) -> pd.Series:
    """The UTC instant (ms) of each event with a time and a zone ("00:00 Europe/Moscow"); <NA> elsewhere.

    One conversion per distinct date, time and zone; an unknown zone name is an error naming it."""
    timed = frame[frame["start_time"].notna() & frame["time_zone"].notna()]
    keys = timed[["start_date", "start_time", "time_zone"]].astype("str").drop_duplicates()
    instants = {}
    for day, time, zone in keys.itertuples(index=False):
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {zone!r} (expected an IANA name such as 'Europe/Moscow')") from None
        local = datetime.fromisoformat(f"{day[:10]}T{time}").replace(tzinfo=tz)
        instants[(day, time, zone)] = int(local.timestamp() * 1000)
    keyed = pd.Series(list(zip(*(timed[c].astype("str") for c in ("start_date", "start_time", "time_zone")),
                               strict=True)), index=timed.index, dtype="object")
    return keyed.map(instants).reindex(frame.index).astype("Int64")


def _utc_words(ms: int) -> str:
    moment = pd.Timestamp(ms, unit="ms")
    return f"{moment:%H:%M} UTC on {dates.format_date(moment.normalize(), 'day')}"


def _event_words(events: pd.DataFrame, data: Dataset) -> pd.Series:
    """Each event's date in the words `cite` uses ("on 27 September 2020 (44 days before ..., as the source
    counts)"), worked out once per distinct date and derivation."""
    columns = ["start_date", "end_date", "date_precision", "date_qualifier", "start_time", "time_zone",
               "date_basis", "derived_from_event_id", "derived_with_figure_id", "derived_direction"]
    keys = events[columns].astype("object").where(events[columns].notna(), None)
    distinct = keys.drop_duplicates()
    # A plain mapping per distinct row: the citation functions only read its fields (a Series costs 1 ms).
    words = {tuple(row): citations.event_date_words(dict(zip(columns, row, strict=True)))
             + citations.derivation_words(dict(zip(columns, row, strict=True)), data)
             for row in distinct.itertuples(index=False)}
    return pd.Series([words[tuple(row)] for row in keys.itertuples(index=False)], index=events.index, dtype="object")


def _figure_lines(figures: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """Each figure as a reader should quote it: “<words as stated>” <scope>, <claimant> (via <source>)."""
    from analysis.charts import without_repeat

    publisher = figures["source_id"].map(data.sources["publisher"]).astype("str")
    claimant = figures["claimant_id"].map(data.actors["name"])
    who = (claimant + " via " + publisher).where(claimant.notna(), publisher)
    scope = pd.Series([without_repeat(v, s) for v, s in zip(figures["value_text"], figures["scope"].fillna(""),
                                                             strict=True)], index=figures.index, dtype="object")
    text = "“" + figures["value_text"].astype("str") + "”" + (" " + scope).where(scope != "", "") + ", " + who
    return pd.DataFrame({"id": figures.index.astype("str"), "text": text,
                         "paste": "{{ figure(\"" + figures.index.astype("str") + "\") }}"}, index=figures.index)


def _figures_by(key: pd.Series, lines: pd.DataFrame) -> dict[str, list[dict]]:
    """Figure lines grouped by `key` (an event id per figure, or none), in figure order."""
    grouped: dict[str, list[dict]] = {}
    for k, line in zip(key.reindex(lines.index), lines[["id", "text", "paste"]].to_dict("records"), strict=True):
        if pd.notna(k):
            grouped.setdefault(str(k), []).append(line)
    return grouped


def _shown_account(event_ids: pd.Series, shown: pd.DataFrame, data: Dataset) -> pd.Series:
    """The shown account each figure goes with: its own event where that is shown, else the shown account of the
    same occurrence ("one account per event" hides the Asia News account that carries "more than 5,600"; its
    figures then go on the account shown, each line still naming its source), else none."""
    occurrence_of = data.events["occurrence_id"].astype("object")
    occurrence_of = occurrence_of.where(occurrence_of.notna(), pd.Series(data.events.index, index=data.events.index))
    shown_occurrence = occurrence_of.reindex(shown.index)
    account = pd.Series(shown.index, index=shown_occurrence.to_numpy())
    account = account[~account.index.duplicated()]
    pooled = event_ids.map(occurrence_of).map(account)
    return event_ids.where(event_ids.isin(shown.index), pooled)


def event_items(timeline: pd.DataFrame, data: Dataset, day_anchor: str | None = None) -> pd.DataFrame:
    """One row per event account, with where and how the chart draws it and what its card says.

    `start`/`end` (ms, UTC) are the interval the date allows: a day from its 00:00 to the next, a month from its
    first day to the end of its last; an event with a time and a zone is an instant ("mark" "instant"). Days are
    "day" marks, coarser dates and events with an end date "band" marks."""
    from analysis.timeline import day_of_war, day_words, timeline_table

    events = timeline
    instants = _instants(events)
    start = _ms(events["earliest"]).where(instants.isna(), instants)
    end = (_ms(events["latest"]) + DAY_MS).where(instants.isna(), instants)
    precision = events["date_precision"].astype("str")
    mark = pd.Series(np.where(instants.notna(), "instant",
                              np.where((precision == "day") & events["end_date"].isna(), "day", "band")),
                     index=events.index)
    label = events["title"].astype("str") + " · " + timeline_table(events)["date"]
    if day_anchor is not None:
        day = day_words(events, day_of_war(events, day_anchor))
        plural = day.astype("str").str.contains(" to ")
        label = (label + np.where(plural, " · days ", " · day ") + day.astype("str")).where(day.notna(), label)
    refers = events["date_refers_to"].astype("str")
    notes = pd.Series([[] for _ in range(len(events))], index=events.index, dtype="object")
    notes = notes.where(refers != "report", pd.Series(
        [["The date is when it was reported; when it happened is not stated."]] * len(events), index=events.index))
    notes = notes.where(refers != "plan", pd.Series(
        [["The date is when it was planned for; the source does not say it happened."]] * len(events),
        index=events.index))
    utc = instants.dropna().map(lambda ms: [f"That instant is {_utc_words(int(ms))}."])
    notes = notes.where(instants.isna(), utc.reindex(events.index))
    side = events["claimant_id"].map(data.actors["side"]).astype("object").fillna("none")
    by_event = _figures_by(_shown_account(data.figures["event_id"], events, data), _figure_lines(data.figures, data))
    return pd.DataFrame({
        "id": events.index.astype("str"),
        "type": "event",
        "title": events["title"].astype("str"),
        "kind": events["kind"].astype("str"),
        "side": side.astype("str"),
        "claimant": events["claimant"].astype("str"),
        "claimant_is_source": events["claimant_id"].isna(),
        "source": events["source_id"].astype("str"),
        "start": start,
        "end": end,
        "mark": mark,
        "hollow": refers.isin(["report", "plan"]) | events["date_qualifier"].astype(str).isin(
            BOUND_QUALIFIERS),  # a bound ("before 15 November") is not the day it happened
        "when": _event_words(events, data),
        "notes": notes,
        "label": label,
        "excerpt": events["excerpt"].astype("str"),
        "figures": [by_event.get(i, []) for i in events.index],
        "paste": [[f'{{{{ event("{i}") }}}}'] for i in events.index],
    }, index=events.index)


def span_items(spans: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """One row per span: where its solid part and its imprecise ends lie, and whether its end is open.

    `solid0`..`solid1` is the part the dates make certain; a start or end known only to the month (or year,
    decade) is hatched over that interval; an open end ("for at least five years") has `open` true and its
    `solid1` at the least it can be, from where the chart fades it out to the edge of the view."""
    coarse_start = spans["start_precision"].astype("str") != "day"
    coarse_end = spans["end_precision"].astype("str") != "day"
    start, end = _ms(spans["start"]), _ms(spans["end"])
    solid0 = (_ms(spans["start_latest"]) + DAY_MS).where(coarse_start, start)
    end_latest = (_ms(spans["end_latest"]) + DAY_MS).where(coarse_end, end)
    start_words = dates.format_dates(spans["start"], spans["start_precision"])
    end_words = dates.format_dates(spans["end"], spans["end_precision"])
    length = spans["duration_figure_id"].map(data.figures["value_text"])
    closed = "from " + start_words + " to " + end_words
    open_ = ("from " + start_words + ", for “" + length.fillna("") + "”: no end stated, at least until "
             + end_words)
    figures = data.figures[data.figures.index.isin(spans["duration_figure_id"].dropna())]
    by_figure = _figures_by(pd.Series(figures.index, index=figures.index), _figure_lines(figures, data))
    events = data.spans.reindex(spans.index)
    paste = [[f'{{{{ event("{s}") }}}}'] + ([f'{{{{ event("{e}") }}}}'] if pd.notna(e) else [])
             + ([f'{{{{ figure("{f}") }}}}'] if pd.notna(f) else [])
             for s, e, f in zip(events["start_event_id"], events["end_event_id"], spans["duration_figure_id"],
                                strict=True)]
    publisher = spans["source_id"].map(data.sources["publisher"]).astype("str")
    when = closed.where(~spans["end_open"].astype(bool), open_)
    return pd.DataFrame({
        "id": spans.index.astype("str"),
        "type": "span",
        "title": spans["title"].astype("str"),
        "kind": spans["kind"].astype("str"),
        "side": "none",
        "claimant": publisher,
        "claimant_is_source": True,
        "source": spans["source_id"].astype("str"),
        "start": start,
        "end": end_latest.where(~spans["end_open"].astype(bool), end),
        "solid0": solid0,
        "solid1": end,
        "open": spans["end_open"].astype(bool),
        "coarse_start": coarse_start,
        "coarse_end": coarse_end & ~spans["end_open"].astype(bool),
        "mark": "span",
        "hollow": False,
        "when": when,
        "notes": [[] for _ in range(len(spans))],
        "label": spans["title"].astype("str") + " · " + when,
        "excerpt": spans["excerpt"].astype("str"),
        "figures": [by_figure.get(str(f), []) for f in spans["duration_figure_id"]],
        "paste": paste,
    }, index=spans.index)


def initial_view(items: pd.DataFrame) -> list[int]:
    """The first view: every event, or, where a stretch without events is longer than all the time the others
    cover (the 1990s war beside 2020), the events after it, as the static chart's last panel; the rest is a
    click ("◀ 1 earlier") or a zoom away."""
    events = items[items["type"] == "event"]
    pool = events if len(events) else items
    if pool.empty:
        now = 0
        return [now - 30 * DAY_MS, now + 30 * DAY_MS]
    right = pool["solid1"].where(pool["type"] == "span", pool["end"]) if "solid1" in pool else pool["end"]
    ordered = pd.DataFrame({"a": pool["start"].astype("int64"), "b": right.astype("int64")}).sort_values(["a", "b"])
    lows, reach = ordered["a"].to_numpy(), np.maximum.accumulate(ordered["b"].to_numpy())
    first = lows[0]
    if len(lows) > 1:
        gaps = np.clip(lows[1:] - reach[:-1], 0, None)
        i = int(np.argmax(gaps))
        if gaps[i] > 30 * DAY_MS and gaps[i] > (reach[-1] - lows[0]) - gaps[i]:
            first = lows[i + 1]
    last = int(reach[-1])
    margin = max((last - first) * 0.04, DAY_MS)
    return [int(first - margin), int(last + margin)]


# ------------------------------------------------------------------------------------------------ the chart


class InteractiveTimeline:
    """The interactive timeline: `_repr_html_` for Jupyter, `html()` to embed, `page()` / `save()` for a file."""

    def __init__(self, config: Mapping[str, object]):
        self.config = dict(config)

    def __repr__(self) -> str:
        items = self.config["items"]
        spans = sum(item["type"] == "span" for item in items)
        return (f"<InteractiveTimeline: {len(items) - spans} events, {spans} spans, lanes by "
                f"{self.config['group_by']}>")

    def html(self) -> str:
        """The chart as an HTML fragment: its style, a note for readers without scripts, its data, its script."""
        title = self.config.get("title")
        heading = f'<div class="tl-title">{escape_html(title)}</div>' if title else ""
        return (f'<div class="analysis-timeline" id="{escape_html(self.config["uid"])}">'
                f'<style>{STYLE}</style>{heading}'
                f'<p class="analysis-timeline-fallback">{escape_html(FALLBACK)}</p>'
                f'<script type="application/json" class="analysis-timeline-data">{embed_json(self.config)}</script>'
                f"{SCRIPT_ELEMENT}</div>")

    def _repr_html_(self) -> str:
        return self.html()

    def page(self) -> str:
        """A standalone HTML page that opens offline: the chart, its script allowed by hash, nothing fetched."""
        from analysis.reports import CONTENT_SECURITY_POLICY

        body = self.html()
        title = escape_html(self.config.get("title") or "Timeline")
        policy = escape_html(content_security_policy(CONTENT_SECURITY_POLICY, body))
        return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
                f'</head>\n<body style="margin: 1em;">\n{body}\n</body>\n</html>\n')

    def save(self, path: str | Path) -> Path:
        """Write `page()` to `path` atomically."""
        return atomic.write_text(Path(path), self.page())


def _styles(items: pd.DataFrame, timeline: pd.DataFrame) -> tuple[dict, dict]:
    """Colour, marker and label of every kind, side and claimant shown, as the static charts give them."""
    from analysis.charts import SIDE_STYLES, category_styles, side_style, side_words

    kinds = set(items["kind"])
    vocabulary = (list(timeline["kind"].cat.categories) if isinstance(timeline["kind"].dtype, pd.CategoricalDtype)
                  else sorted(kinds))
    kind_styles = category_styles(vocabulary + sorted(kinds - set(vocabulary)))
    # Claimants in the static chart's order (events by date), then the publishers of spans not among them.
    by_date = timeline.sort_values(["earliest", "event_id"], kind="stable")["claimant"].astype("str")
    claimants = list(pd.unique(pd.concat([by_date, items.loc[items["type"] == "span", "claimant"]])))
    claimant_styles = category_styles(claimants)
    sides = [s for s in SIDE_STYLES if s in set(items["side"])] + sorted(set(items["side"]) - set(SIDE_STYLES))

    def entry(style: Mapping[str, str], label: str) -> dict:
        return {"color": style["color"], "marker": style["marker"], "label": label}

    styles = {
        "kind": {k: entry(kind_styles[k], k.replace("_", " ")) for k in kind_styles if k in kinds},
        "side": {s: entry(side_style(s), side_words(s)) for s in sides},
        "claimant": {c: entry(claimant_styles[c], c) for c in claimants},
    }
    order = {"kind": [k for k in kind_styles if k in kinds], "side": sides, "claimant": claimants}
    return styles, order


def _checklist(values: pd.Series, labels: Mapping[str, str] | None = None, order: list[str] | None = None) -> list:
    counts = values.value_counts()
    keys = order if order is not None else sorted(counts.index)
    return [{"key": k, "label": (labels or {}).get(k, k), "count": int(counts[k])} for k in keys if k in counts]


def interactive_timeline(timeline: pd.DataFrame, spans: pd.DataFrame | None, data: Dataset, *,
                         group_by: str = "kind", title: str | None = None, day_anchor: str | None = None,
                         key: str = "timeline") -> InteractiveTimeline:
    """The interactive timeline of `timeline` (from `timeline.build_timeline`, filtered as you like) and `spans`
    (from `timeline.spans`, or None), with words, figures and sources from `data`.

    `group_by` ("kind", "side" or "claimant") sets the first lanes (a control switches them); `day_anchor` adds
    "day N" to labels as in the static chart; `key` names the chart in the URL (`#timeline.view=...`)."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(map(repr, GROUP_BY))}, not {group_by!r}")
    parts = [event_items(timeline, data, day_anchor)]
    if spans is not None and len(spans):
        parts.append(span_items(spans, data))
    items = pd.concat(parts) if len(parts) > 1 else parts[0]
    items = items.assign(_order=np.arange(len(items))).sort_values(["start", "_order"], kind="stable")
    items = items.drop(columns="_order")
    styles, order = _styles(items, timeline)
    used = items["source"].unique()
    sources = data.sources.loc[sorted(used)]
    published = [dates.format_date(d, "day") if pd.notna(d) else "date not captured" for d in sources["date_published"]]
    # Only web addresses become links: a javascript: or data: address in the data must never run (as in `cite`).
    urls = [str(u) if pd.notna(u) and str(u).lower().startswith(("http://", "https://")) else ""
            for u in sources["url"]]
    source_table = {str(i): {"publisher": str(p), "title": str(t), "published": w, "url": u}
                    for i, p, t, w, u in zip(sources.index, sources["publisher"], sources["title"], published, urls,
                                             strict=True)}
    records = [{k: _plain(v) for k, v in row.items() if not _missing(v)} for row in items.to_dict("records")]
    config = {
        "key": key, "title": title, "group_by": group_by, "view": initial_view(items),
        "styles": styles, "order": order, "sources": source_table,
        "filters": {
            "kinds": _checklist(items["kind"], {k: v["label"] for k, v in styles["kind"].items()}, order["kind"]),
            "claimants": _checklist(items["claimant"], order=order["claimant"]),
            "sources": _checklist(items["source"], {k: f"{v['publisher']}, {v['published']}"
                                                    for k, v in source_table.items()}),
        },
        "items": records,
    }
    config["uid"] = "analysis-tl-" + hashlib.sha256(embed_json(config).encode("utf-8")).hexdigest()[:12]
    return InteractiveTimeline(config)


def _missing(value: object) -> bool:
    """Left out of an item's JSON, where the script reads absence as no: None, NaN, False, an empty list."""
    if isinstance(value, list | dict | str):
        return len(value) == 0 and not isinstance(value, str)
    return value is None or value is False or value is np.False_ or pd.isna(value)


def _plain(value: object) -> object:
    """A JSON-ready value: numpy and pandas scalars as Python ones."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if float(value).is_integer() else float(value)
    return value
