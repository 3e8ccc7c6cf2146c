"""Charts an analyst can paste into a brief: a timeline, stated figures with their honest ranges, estimates over time.

Every chart takes DataFrames (from `analysis.timeline` and `analysis.statistics`) and an optional `ax`, and
returns the Figure. Without `ax` the chart is 16 cm wide (6.3 in) and as tall as its content needs; the
layout is computed in points, so labels never overlap. `save_chart` writes byte-identical PNG and SVG files.

    >>> fig = timeline_chart(build_timeline(data), spans(data), data.sources)   # doctest: +SKIP
    >>> save_chart(fig, "reports/figures/timeline")                                # doctest: +SKIP
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from analysis import atomic, dates, quantities
from analysis.importers import count_name
from analysis.schema import AS_OF_UP_TO, BOUND_QUALIFIERS, POPULATIONS, SIDES

STYLE_FILE = Path(__file__).with_name("brief.mplstyle")
WIDTH_IN = 6.3  # 16 cm, the column width of a brief
DPI = 200
MARGIN_IN = 0.15
LABEL_PT = 8.0  # the smallest text on a chart
LINE_PT = LABEL_PT * 1.25
# Okabe-Ito without yellow; shapes and hatches carry the same distinction in greyscale.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"]
MARKERS = ["o", "s", "D", "P", "X", "h", "p", "*"]  # no triangles: they would read as arrowheads
HATCHES = ["", "////", "....", "xxxx", "\\\\\\\\"]
GREY, LIGHT = "#555555", "#BBBBBB"
DAY = 1.0  # one day in matplotlib date units
_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": "analysis.charts"},
             "pdf": {"CreationDate": None, "Creator": "analysis.charts", "Producer": None}}


# ------------------------------------------------------------------------------------------------ style


@contextmanager
def brief_style() -> Iterator[None]:
    """Apply the shared style (`brief.mplstyle`) inside the block."""
    with mpl.rc_context(fname=STYLE_FILE):
        yield


SIDE_WORDS = {"armenia": "Armenian side", "azerbaijan": "Azerbaijani side", "both": "both sides",
              "russia": "Russian side", "turkey": "Turkish side", "united_states": "American side",
              "france": "French side", "none": "no side", "unspecified": "side not stated"}
POPULATION_WORDS = {"military": "soldiers", "civilian": "civilians", "foreign_fighters": "foreign fighters",
                    "all": "everyone"}
UNSTATED = "unstated"  # the population of a figure whose source does not say whose people it counts
# One colour and one shape per side, the same in every chart of every report: a reader who learnt that the
# Armenian side is a vermilion circle never has to learn it again. Every side of the vocabulary has its pair.
SIDE_STYLES = {side: {"color": color, "marker": marker} for side, color, marker in [
    ("armenia", "#D55E00", "o"), ("azerbaijan", "#0072B2", "s"), ("both", "#009E73", "D"),
    ("russia", "#CC79A7", "P"), ("turkey", "#E69F00", "X"), ("united_states", "#56B4E9", "h"),
    ("france", "#000000", "p"), ("none", "#555555", "*"), ("unspecified", "#999999", "d")]}
assert set(SIDE_STYLES) == set(SIDES), "every side of the vocabulary needs its colour and shape"


def side_style(side: object) -> dict:
    """The colour and marker of a side (a side outside the vocabulary is drawn like 'side not stated')."""
    return SIDE_STYLES.get(str(side), SIDE_STYLES["unspecified"])


def side_words(side: object) -> str:
    return SIDE_WORDS.get(str(side), str(side).replace("_", " "))


def _side_key(sides: pd.Series) -> list[Line2D]:
    """Legend entries for the sides shown, in the vocabulary's order, each with its colour and marker."""
    present = set(sides.astype(str))
    ordered = [side for side in SIDE_STYLES if side in present] + sorted(present - set(SIDE_STYLES))
    return [Line2D([], [], ls="none", marker=side_style(side)["marker"], color=side_style(side)["color"],
                   label=side_words(side)) for side in ordered]


def category_styles(values: Sequence[str]) -> dict[str, dict]:
    """A colour and marker for each value, in order; 7 colours x 8 shapes stay distinct for 56 values."""
    return {v: {"color": PALETTE[i % len(PALETTE)], "marker": MARKERS[i % len(MARKERS)],
                "hatch": HATCHES[i % len(HATCHES)]} for i, v in enumerate(values)}


def _populations(frame: pd.DataFrame) -> pd.Series:
    """Each row's population, UNSTATED where the source does not say whose people it counts."""
    if "population" not in frame:
        return pd.Series(UNSTATED, index=frame.index, dtype="object")
    return frame["population"].astype("object").where(frame["population"].notna(), UNSTATED).astype(str)


def _population_order(values: Sequence[str]) -> list[str]:
    """Populations in the vocabulary's order, then any other, UNSTATED last."""
    known = [p for p in POPULATIONS if p in set(values)]
    return known + sorted(set(values) - set(known) - {UNSTATED}) + ([UNSTATED] if UNSTATED in set(values) else [])


def _panel_label(unit: str, population: str, several: bool) -> str:
    """The axis label of a panel: the unit, and whose people it counts when the chart has several."""
    unit = unit.replace("_", " ")
    if not several:
        return unit
    whose = POPULATION_WORDS.get(population, "population not stated" if population == UNSTATED
                                 else population.replace("_", " "))
    return f"{unit}: {whose}"


def save_chart(fig: Figure, path_stem: str | Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Write the figure as `path_stem.<format>` (PNG at 200 dpi), atomically and byte-identical for the same input."""
    return [atomic.write_bytes(Path(f"{path_stem}.{fmt}"), chart_bytes(fig, fmt)) for fmt in formats]


def chart_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure as one file format (PNG at 200 dpi), the same bytes for the same input: what `save_chart` writes."""
    buffer = io.BytesIO()
    with brief_style():  # the SVG hash salt and font type are read at save time
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=_METADATA.get(fmt))
    return buffer.getvalue()


def short_date(date: pd.Timestamp, precision: str) -> str:
    """A date at its precision, briefly: "12 Dec 2020", "Nov 2020", "2020", "1990s" (no-break spaces)."""
    ts = pd.Timestamp(date)
    forms = {"day": f"{ts.day}\u00a0{ts:%b}\u00a0{ts.year}", "month": f"{ts:%b}\u00a0{ts.year}", "year": f"{ts.year}",
             "decade": f"{ts.year // 10 * 10}s"}
    return forms.get(precision) or dates.format_date(ts, precision)


def source_line(frame: pd.DataFrame, sources: pd.DataFrame | None = None,
                filters: str | Mapping[str, object] | None = None) -> str:
    """'Source: <publisher>, <date>; ...' for the sources of the rows shown, then the filters applied, in words."""
    ids = pd.unique(frame["source_id"].astype(str))
    if sources is None:
        # Rows without a publisher (spans) fall back to their source id.
        names = pd.unique(frame["publisher"].fillna(frame["source_id"]).astype(str)) if "publisher" in frame else ids
        parts = list(names)
    else:
        shown = sources.loc[ids].sort_values(["date_published", "publisher"], na_position="last")
        published = [dates.format_date(d, "day") if pd.notna(d) else "date not captured"
                     for d in shown["date_published"]]
        accessed = [f", accessed {dates.format_date(d, 'day')}" if pd.notna(d) else "" for d in shown["date_accessed"]]
        parts = [f"{p}, {d}{a}" for p, d, a in zip(shown["publisher"], published, accessed, strict=True)]
    text = ("Sources: " if len(parts) > 1 else "Source: ") + "; ".join(parts) + "."
    if isinstance(filters, Mapping):
        filters = "; ".join(k if v is True else f"{k} = {', '.join(_filter_words(x, sources) for x in _items(v))}"
                            for k, v in filters.items())  # a switched-on filter reads as its name
    return text + (f" Filters: {filters}." if filters else "")


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple | set) else [value]


def _filter_words(value: object, sources: pd.DataFrame | None) -> str:
    """A filter value as a reader says it: a source by its publisher, an ISO date in words, an id without '_'."""
    text = str(value)
    if sources is not None and text in sources.index:
        return str(sources.loc[text, "publisher"])
    if _ISO_DAY.fullmatch(text):
        return dates.format_date(pd.Timestamp(text), "day")
    return text.replace("_", " ")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# ------------------------------------------------------------------------------------------------ layout


def _new_figure(height_in: float = 4.0) -> Figure:
    fig = Figure(figsize=(WIDTH_IN, height_in))
    FigureCanvasAgg(fig)  # a renderer for measuring text, without pyplot's global state
    return fig


def _renderer(fig: Figure):
    """The figure's renderer, for measuring text; a bare Figure gets an Agg canvas first."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


# Text widths measured once per process: a renderer call costs 1-3 ms (matplotlib 3.11 shapes the text), and
# labels, legends and source lines of every chart measure the same words again and again. The key holds
# everything the width depends on: the text, its size, the dpi and the font settings in force.
_FONT_SETTINGS = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.style", "font.variant",
                  "font.weight", "font.stretch", "text.hinting", "text.hinting_factor", "text.kerning_factor")
_WIDTHS: dict[tuple, float] = {}


def _text_width(fig: Figure, text: str, size: float = LABEL_PT) -> float:
    """Width in points of one line of text in the current font."""
    key = (text, size, fig.dpi, *(str(mpl.rcParams[name]) for name in _FONT_SETTINGS))
    if key not in _WIDTHS:
        renderer = _renderer(fig)
        width, _, _ = renderer.get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
        if len(_WIDTHS) > 100_000:  # a long-lived kernel drawing many charts: start again rather than grow
            _WIDTHS.clear()
        _WIDTHS[key] = width * 72 / fig.dpi
    return _WIDTHS[key]


def _wrap(fig: Figure, text: str, width_pt: float, size: float = LABEL_PT) -> str:
    """Wrap to a width in points, measured with the renderer: no line is one word alone where that can be
    avoided, then as few lines as fit, then lines as even as they can be. A no-break space keeps a date whole.
    """
    if "\n" in text:  # paragraphs wrap on their own
        return "\n".join(_wrap(fig, paragraph, width_pt, size) for paragraph in text.split("\n"))
    tokens = text.split(" ")
    widths = np.array([_text_width(fig, token, size) for token in tokens])
    space = _text_width(fig, "a a", size) - 2 * _text_width(fig, "a", size)
    lonely = np.array([_is_one_word(token) for token in tokens])
    limit = width_pt - 1  # room for kerning, which the sum of word widths leaves out
    count = len(tokens)
    # best[i]: (lines of one word, lines, raggedness) of the best wrap of tokens[:i]; lexicographic sums.
    best: list[tuple[int, int, float]] = [(0, 0, 0.0)] + [(count + 1, count + 1, np.inf)] * count
    cut = [0] * (count + 1)
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            line = widths[start:end].sum() + space * (end - start - 1)
            if line > limit and end - start > 1:
                break  # longer lines only get wider; a single token wider than the line stands alone
            one_word = end - start == 1 and lonely[start] and count > 1
            ragged = 0.0 if end == count else ((limit - line) / limit) ** 2
            cost = (best[start][0] + one_word, best[start][1] + 1, best[start][2] + ragged)
            if cost < best[end]:
                best[end], cut[end] = cost, start
    lines, end = [], count
    while end > 0:
        lines.append(" ".join(tokens[cut[end]:end]))
        end = cut[end]
    return "\n".join(reversed(lines)).replace("\u00a0", " ")


def _is_one_word(token: str) -> bool:
    """True when a token holds one word (no-break spaces join words; punctuation such as '·' is no word)."""
    return sum(any(ch.isalnum() for ch in part) for part in token.split("\u00a0")) <= 1


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _skyline(lefts: np.ndarray, rights: np.ndarray, heights: np.ndarray, gap: float = 6.0) -> np.ndarray:
    """Top of each box, boxes taken in the given order: the highest place where it meets no box placed before.

    Deterministic, and no two boxes overlap: a box only shares height with boxes it clears sideways by `gap`.
    """
    tops = np.zeros(len(lefts))
    for i in range(len(lefts)):
        beside = (lefts[:i] < rights[i] + gap) & (rights[:i] + gap > lefts[i])  # placed boxes in the way
        above, below = tops[:i][beside], tops[:i][beside] + heights[:i][beside]
        for y in np.sort(np.concatenate([[0.0], below])):
            if not ((above < y + heights[i]) & (below > y)).any():
                tops[i] = y
                break
    return tops


def _footer(fig: Figure, anchor: Axes, handles: list, notes: Sequence[str], source: str, below_pt: float,
            left_in: float = MARGIN_IN) -> float:
    """Legend, notes and source line under `anchor`, from `below_pt` under its bottom; returns the bottom in points."""
    width_pt = (WIDTH_IN - 2 * MARGIN_IN) * 72
    y = below_pt
    if handles:
        labels = [h.get_label().replace("\n", " ") for h in handles]
        best = None
        for ncol in range(1, min(len(handles), 4) + 1):  # the shortest legend that fits the width
            for h, label in zip(handles, labels, strict=True):
                h.set_label(_wrap(fig, label, width_pt / ncol - 40))
            legend = fig.legend(handles=handles, loc="upper left", ncols=ncol, handlelength=1.8,
                                columnspacing=1.2, borderaxespad=0, borderpad=0, handletextpad=0.5)
            box = legend.get_window_extent(_renderer(fig))
            legend.remove()
            if box.width * 72 / fig.dpi <= width_pt and (best is None or box.height < best[1]):
                best = (ncol, box.height)
        ncol = best[0] if best else 1
        for h, label in zip(handles, labels, strict=True):
            h.set_label(_wrap(fig, label, width_pt / ncol - 40))
        legend = fig.legend(handles=handles, loc="upper left", ncols=ncol, handlelength=1.8, columnspacing=1.2,
                            borderaxespad=0, borderpad=0, handletextpad=0.5)
        box = legend.get_window_extent(_renderer(fig))
        legend.set_bbox_to_anchor((0, 0), transform=_under(anchor, y, left_in))
        y += box.height * 72 / fig.dpi + 6
    for text, colour in [*((n, "#222222") for n in notes), (source, GREY)]:
        if text:
            wrapped = _wrap(fig, text, width_pt)
            fig.text(0, 0, wrapped, transform=_under(anchor, y, left_in), va="top", ha="left", fontsize=LABEL_PT,
                     color=colour, linespacing=1.25)
            y += _lines(wrapped) * LINE_PT + 4
    return y


def _under(anchor: Axes, below_pt: float, left_in: float):
    """Origin `below_pt` points under `anchor` (y=1: above its top), `left_in` inches from the figure's left edge."""
    fig = anchor.figure
    return (blended_transform_factory(fig.transFigure, anchor.transAxes)
            + ScaledTranslation(left_in, -below_pt / 72, fig.dpi_scale_trans))


def _left_in(given: Axes | None) -> float:
    """Where titles, legends and source lines start: the margin, or the left edge of the caller's axes."""
    return MARGIN_IN if given is None else given.get_position().x0 * given.figure.get_figwidth()


def _stack(fig: Figure, panels: list[tuple[list[Axes], list[float], float]], top_in: float,
           bottom_in: float, gap_in: float) -> None:
    """Place rows of panels top to bottom, each (axes, width fractions, height in inches); size the figure."""
    height = top_in + sum(h for _, _, h in panels) + gap_in * (len(panels) - 1) + bottom_in
    fig.set_size_inches(WIDTH_IN, height)
    usable = WIDTH_IN - 2 * MARGIN_IN
    y = height - top_in
    for axes, fractions, h in panels:
        y -= h
        x = MARGIN_IN
        between = 0.12 if len(axes) > 1 else 0
        for ax, fraction in zip(axes, fractions, strict=True):
            w = fraction * (usable - between * (len(axes) - 1))
            ax.set_position([x / WIDTH_IN, y / height, w / WIDTH_IN, h / height])
            x += w + between
        y -= gap_in


def _open_end(ax: Axes, start: float, stop: float, across: float, thickness: float, color: str, *,
              vertical: bool = False, steps: int = 24, gid: str = "open-end") -> None:
    """A bar fading out from `start` to `stop` and an arrowhead there: the bound is open, the value may go further."""
    edges = np.linspace(start, stop, steps + 1)
    for i in range(steps):
        a, b = edges[i], edges[i + 1]
        xy, w, h = (across - thickness / 2, a), thickness, b - a
        if not vertical:
            xy, w, h = (a, across - thickness / 2), b - a, thickness
        ax.add_patch(Rectangle(xy, w, h, color=color, alpha=0.8 * (1 - i / steps) + 0.08, lw=0, gid=f"{gid}-{i}"))
    head = _pt_to_data(ax, 7, "y" if vertical else "x")
    tip = [(stop, across - thickness), (stop, across + thickness), (stop + head, across)]
    ax.add_patch(Polygon([(q, p) for p, q in tip] if vertical else tip, closed=True, color=color, lw=0, gid=gid))


def _pt_to_data(ax: Axes, pt: float, axis: str = "x") -> float:
    """Data units along an axis for a length in points."""
    box = ax.get_position()
    if axis == "x":
        low, high = ax.get_xlim()
        length = box.width * ax.figure.get_figwidth() * 72
    else:
        low, high = ax.get_ylim()
        length = box.height * ax.figure.get_figheight() * 72
    return pt * (high - low) / length


def _date_axis(ax: Axes, width_in: float, weeks: int | None = None) -> None:
    """Dates on the x axis; a chart of `weeks` Monday-to-Sunday weeks (up to half a year) ticks on Mondays, the
    weeks' own edges, not on the 1st, 8th, 15th of the month."""
    most = max(3, int(width_in * 1.6))
    locator = mdates.AutoDateLocator(minticks=2, maxticks=most)
    if weeks is not None and weeks <= 26:
        locator = mdates.WeekdayLocator(byweekday=mdates.MO, interval=max(1, -(-weeks // most)))
    ax.xaxis.set_major_locator(locator)
    # Day ticks carry their month ("8 Nov", not "08"); the year goes in the offset.
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
        locator, show_offset=True, formats=["%Y", "%b", "%-d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%-d %b", "%H:%M", "%H:%M", "%H:%M"],
        offset_formats=["", "%Y", "%Y", "%d %b %Y", "%d %b %Y", "%d %b %Y %H:%M"]))


def _title(fig: Figure, anchor: Axes, title: str | None, left_in: float = MARGIN_IN) -> float:
    """The title above `anchor`, left-aligned and wrapped to the chart width; returns its height in inches."""
    if not title:
        return 0.1
    wrapped = _wrap(fig, title, (WIDTH_IN - 2 * MARGIN_IN) * 72, 10)
    fig.text(0, 1, wrapped, transform=_under(anchor, -8, left_in),
             va="bottom", ha="left", fontsize=10, fontweight="bold")
    return _lines(wrapped) * 12.5 / 72 + 0.25


def _break_marks(axes: list[Axes]) -> None:
    """'//' on the x axis where one panel ends and the next begins: the axis is broken there."""
    mark = {"marker": [(-1, -2), (1, 2)], "markersize": 7, "linestyle": "none", "color": GREY, "mec": GREY,
            "mew": 1, "clip_on": False}
    for left, right in zip(axes[:-1], axes[1:], strict=True):
        left.plot([1], [0], transform=left.transAxes, **mark)
        right.plot([0], [0], transform=right.transAxes, **mark)


# ------------------------------------------------------------------------------------------------ timeline

MAX_BREAKS = 2
COLOR_BY = ("kind", "claimant")  # what timeline_chart can colour events by
MARKER_PT = 6.0
SPAN_BAR_PT = 7.0
MAX_LABELS = 60  # labels a static timeline shows by default: about a page of a brief
STRIP_PT = 7.0  # one row of unlabelled marks


def event_extents(events: pd.DataFrame) -> pd.DataFrame:
    """x0, x1 (date numbers) each event covers: a day-precision date is a point, a coarser one its whole interval."""
    point = (events["date_precision"].astype(str) == "day").to_numpy()
    x0 = mdates.date2num(events["earliest"])
    x1 = np.where(point, x0, mdates.date2num(events["latest"]) + DAY)
    x1 = np.fmax(x1, mdates.date2num(events["end"]))  # an event with a stated end runs to it
    return pd.DataFrame({"x0": x0, "x1": x1, "point": point & np.isnan(mdates.date2num(events["end"]))},
                        index=events.index)


def panel_ranges(extents: pd.DataFrame) -> list[tuple[float, float]]:
    """Date ranges of the timeline's panels: one, or one more for each break in the axis (at most two).

    A stretch without events breaks the axis when it is longer than all the time the other events cover,
    so a 1990s war beside 2020 events gets a panel at its own scale instead of squashing 2020 into a line.
    """
    ordered = extents.sort_values(["x0", "x1"], kind="stable")
    lows, reach = ordered["x0"].to_numpy(), np.maximum.accumulate(ordered["x1"].to_numpy())
    gaps = np.clip(lows[1:] - reach[:-1], 0, None)
    total, cuts = reach[-1] - lows[0], []
    for i in np.argsort(-gaps, kind="stable")[:MAX_BREAKS]:
        if gaps[i] > 30 and gaps[i] > total - gaps[cuts].sum() - gaps[i]:
            cuts.append(i)
    cuts = sorted(cuts)
    starts = [lows[0], *(lows[i + 1] for i in cuts)]
    ends = [*(reach[i] for i in cuts), reach[-1]]
    return [(a - max(0.04 * (b - a), DAY), b + max(0.04 * (b - a), DAY)) for a, b in zip(starts, ends, strict=True)]


def _place_labels(fig: Figure, glyph0: np.ndarray, glyph1: np.ndarray, labels: list[str], widths: np.ndarray,
                  max_label: float) -> pd.DataFrame:
    """Where each label goes beside its glyph (all in points): right, else left, else under it, wrapped to fit."""
    rows = []
    for g0, g1, label, width in zip(glyph0, glyph1, labels, widths, strict=True):
        text = _wrap(fig, label, min(max_label, width - 4))
        w = max(_text_width(fig, line) for line in text.split("\n"))
        right, left = width - g1 - 4, g0 - 4
        side = "right" if w <= right else "left" if w <= left else None
        if side is None and max(right, left) >= 70:  # narrow the label to the roomier side
            side = "right" if right >= left else "left"
            text = _wrap(fig, label, max(right, left))
            w = max(_text_width(fig, line) for line in text.split("\n"))
        if side is None:
            side, text = "below", _wrap(fig, label, width - 4)
            w = max(_text_width(fig, line) for line in text.split("\n"))
        tx = {"right": g1 + 4, "left": g0 - 4 - w, "below": min(max(g0, 2), width - 2 - w)}[side]
        lines = _lines(text) + (side == "below")
        rows.append((text, side, tx, w, lines * LINE_PT + 3, min(g0 - 2, tx), max(g1 + 2, tx + w)))
    return pd.DataFrame(rows, columns=["text", "side", "tx", "w", "height", "left", "right"])


def _event_labels(events: pd.DataFrame, day_anchor: str | None, labelled: np.ndarray | None = None) -> list[str]:
    """'<title> · <date at its precision>', saying when the date is only a report date, and the day of the war;
    for the `labelled` events only (the day of the war counts from an anchor among all of them)."""
    day = None
    if day_anchor is not None:
        from analysis.timeline import day_of_war, day_words

        day = day_words(events, day_of_war(events, day_anchor))
    if labelled is not None:
        events, day = events[labelled], None if day is None else day[labelled]
    when = pd.Series([short_date(d, p) for d, p in zip(events["start"], events["date_precision"].astype(str),
                                                      strict=True)], index=events.index)
    ends = pd.Series([short_date(d, "day") if pd.notna(d) else "" for d in events["end"]], index=events.index)
    when = (when + " – " + ends).where(ends != "", when)
    when = ("by " + when).where(events["date_basis"].astype(str) == "publication", when)
    bound = _dated_by_a_bound(events) & (events["date_basis"].astype(str) != "publication")
    when = (events["date_qualifier"].astype(str) + " " + when).where(bound, when)  # "before 15 Nov 2020"
    when = ("reported " + when).where(events["date_refers_to"].astype(str) == "report", when)
    when = ("planned for " + when).where(events["date_refers_to"].astype(str) == "plan", when)
    if day is not None:
        text = day.astype(str).str.replace(" ", "\u00a0")  # "41 to 43" stays on one line
        plural = text.str.contains("\u00a0to\u00a0")
        when = (when + np.where(plural, " ·\u00a0days\u00a0", " ·\u00a0day\u00a0") + text).where(day.notna(), when)
    return list(events["title"] + " ·\u00a0" + when)  # the dot goes with the date onto its line


def timeline_chart(timeline: pd.DataFrame, spans: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                   *, color_by: str = "kind", day_anchor: str | None = None, ax: Axes | None = None,
                   title: str | None = None, filters: str | Mapping[str, object] | None = None,
                   max_labels: int | None = MAX_LABELS) -> Figure:
    """Events as markers (a bracket over the interval where the date is only a month, year or decade) with
    labels that never overlap, spans as bars, the axis broken where a long empty stretch would squash the rest.

    Labels are packed into rows beside their markers, measured with the renderer; the figure grows to fit.
    Given `ax`, it becomes the latest panel (earlier panels are added to its left) and the figure grows.
    With more than `max_labels` events (None: no limit) only that many are labelled, chosen by `label_priority`
    (every kind, or claimant, before any gets a second, each spread over time); the rest are small marks in a
    strip of one row per kind under the labels, and a note says how many. The interactive timeline labels all.
    """
    if color_by not in COLOR_BY:
        raise ValueError(f"color_by must be one of {', '.join(map(repr, COLOR_BY))}, not {color_by!r}")
    if max_labels is not None and (isinstance(max_labels, bool) or not isinstance(max_labels, int | np.integer)
                                   or max_labels < 0):
        raise ValueError(f"max_labels must be a whole number of 0 or more, or None for no limit, not {max_labels!r}")
    with brief_style():
        if timeline.empty:
            return _nothing_to_draw("events", ax, title, timeline, sources, filters)
        events = timeline.sort_values(["earliest", "event_id"], kind="stable")
        spans = spans.sort_values(["start", "span_id"], kind="stable") if spans is not None else None
        extents = event_extents(events)
        ranges = panel_ranges(extents)
        if spans is not None:  # a span outside every panel has nothing to draw and no source to name
            ext = span_extents(spans)
            ends = np.where(ext["open"], np.inf, ext["x1"])
            spans = spans[np.any([(ext["x0"] < b) & (ends > a) for a, b in ranges], axis=0)]
        share = np.array([((extents["x0"] >= a) & (extents["x0"] <= b)).sum() for a, b in ranges], dtype=float)
        fractions = np.maximum(share / share.sum(), 0.25)
        fractions = list(fractions / fractions.sum())
        fig, axes = _panels(ax, fractions)
        widths = [a.get_position().width * fig.get_figwidth() * 72 for a in axes]

        # Colours and shapes by kind (spans included) or by claimant.
        if color_by == "kind":
            kinds = set(events["kind"].astype(str)) | (set(spans["kind"].astype(str)) if spans is not None else set())
            order = [k for k in events["kind"].cat.categories if k in kinds] if hasattr(events["kind"], "cat") \
                else sorted(kinds)
            names = {k: k.replace("_", " ") for k in order}
            # Styles from the whole vocabulary, so a kind looks the same in every chart, whatever else is shown.
            vocabulary = list(events["kind"].cat.categories) if hasattr(events["kind"], "cat") else order
            styles = category_styles(vocabulary + [k for k in order if k not in vocabulary])
        else:
            order = list(pd.unique(events[color_by].astype(str)))
            names = {k: k for k in order}
            styles = category_styles(order)
        group = events[color_by].astype(str)

        # Events: glyph extents in points within their panel, labels beside them, rows by first fit.
        panel = np.searchsorted([a for a, _ in ranges], extents["x0"].to_numpy(), side="right") - 1
        lo, hi = np.array(ranges)[panel, 0], np.array(ranges)[panel, 1]
        scale = np.array(widths)[panel] / (hi - lo)
        g0 = (extents["x0"].to_numpy() - lo) * scale - np.where(extents["point"], MARKER_PT / 2, 0)
        g1 = (extents["x1"].to_numpy() - lo) * scale + np.where(extents["point"], MARKER_PT / 2, 0)
        labelled = np.ones(len(events), dtype=bool)
        if max_labels is not None and len(events) > max_labels:
            labelled = (label_priority(events, group, order) < max_labels).to_numpy()
        placed = _place_labels(fig, g0[labelled], g1[labelled], _event_labels(events, day_anchor, labelled),
                               np.array(widths)[panel][labelled], max_label=330)
        placed["panel"], placed["glyph0"], placed["glyph1"] = panel[labelled], g0[labelled], g1[labelled]
        placed["top"] = 0.0
        for p in range(len(axes)):  # each panel packed on its own, in order of time
            mine = np.flatnonzero(placed["panel"].to_numpy() == p)
            placed.loc[mine, "top"] = 4 + _skyline(*(placed[c].to_numpy()[mine] for c in ("left", "right", "height")))
        events_bottom = (placed["top"] + placed["height"]).max() if len(placed) else 4
        unlabelled_groups = set(pd.unique(group[~labelled]))
        strip_rows = [k for k in order if k in unlabelled_groups]
        strip_top = events_bottom + 4
        if strip_rows:
            events_bottom = strip_top + len(strip_rows) * STRIP_PT
        notes = [] if labelled.all() else [_unlabelled_note(int((~labelled).sum()), len(events), color_by,
                                                            group.nunique(), group[labelled].nunique())]

        # Spans: one row each under the events, packed where they do not meet.
        span_rows = _span_layout(fig, spans, ranges, widths) if spans is not None and len(spans) else None
        spans_height = 0 if span_rows is None else span_rows["bottom"].max() + 4
        height_pt = events_bottom + (8 if span_rows is not None else 0) + spans_height + 4

        drawn = set(pd.unique(group))
        legend_handles = [Line2D([], [], ls="none", color=styles[k]["color"], marker=styles[k]["marker"],
                                 label=names[k]) for k in order if k in drawn]
        if spans is not None and color_by == "kind":
            span_kinds = set(spans["kind"].astype(str))
            legend_handles += [Patch(facecolor=styles[k]["color"], alpha=0.85, label=f"{names[k]} (span)")
                               for k in order if k in span_kinds]
        legend_handles += _timeline_key(events, spans, ranges)
        shown = pd.concat([events[["source_id"]], spans[["source_id"]] if spans is not None else None])
        if "publisher" in events:
            shown = shown.assign(publisher=shown["source_id"].map(
                events.drop_duplicates("source_id").set_index("source_id")["publisher"]))
        _fit_height(fig, axes, ax, height_pt, title, legend_handles, source_line(shown, sources, filters), notes)

        for p, (a, (x_lo, x_hi)) in enumerate(zip(axes, ranges, strict=True)):
            a.set_xlim(x_lo, x_hi)
            a.set_ylim(height_pt, 0)  # y in points, downwards from the top
            a.grid(axis="x", zorder=0)
            a.set_axisbelow(True)
            _date_axis(a, widths[p] / 72)
            mine = placed["panel"].to_numpy() == p
            _draw_events(a, events[labelled][mine], placed[mine], styles, group[labelled][mine],
                         (x_hi - x_lo) / widths[p])
            if strip_rows:
                rest = ~labelled & (panel == p)
                _draw_strip(a, extents[rest], group[rest], strip_rows, styles, strip_top)
            if span_rows is not None:
                _draw_spans(a, p, spans, span_rows, styles if color_by == "kind" else None, events_bottom + 8,
                            (x_hi - x_lo) / widths[p])
        _break_marks(axes)
    return fig


def label_priority(events: pd.DataFrame, group: pd.Series, order: Sequence[str]) -> pd.Series:
    """Rank of each event for a label (0 first): the first of every group (kind or claimant, in `order`) before
    the second of any; within a group, events dated to the day before coarser ones, each in an order that
    spreads over them in time (the first, the median, the quartiles, ...).

    >>> events = pd.DataFrame({"kind": ["a", "a", "a", "b"], "date_precision": ["year", "day", "day", "day"]})
    >>> label_priority(events, events["kind"], ["a", "b"]).tolist()
    [3, 0, 2, 1]
    """
    coarse = (events["date_precision"].astype(str) != "day").to_numpy()
    group = group.reset_index(drop=True)
    tiers = group.groupby([group, pd.Series(coarse)], sort=False)  # events come in order of time
    position, count = tiers.cumcount().to_numpy(), tiers.transform("size").to_numpy()
    bits = max(int(np.ceil(np.log2(max(count.max(), 2)))), 1)
    # Van der Corput order: position i of a group goes in round bit-reverse(i); rounds of 2^k fill the gaps.
    reversed_bits = np.zeros(len(position), dtype=np.int64)
    for b in range(bits):
        reversed_bits |= ((position >> b) & 1) << (bits - 1 - b)
    within = pd.Series(reversed_bits + (coarse << bits)).groupby(group.to_numpy(), sort=False).rank(
        method="first").to_numpy() - 1
    rank_of = {k: i for i, k in enumerate(order)}
    keys = pd.DataFrame({"within": within, "group": group.map(rank_of).to_numpy(), "row": np.arange(len(group))})
    ranked = keys.sort_values(["within", "group", "row"], kind="stable").index.to_numpy()
    priority = np.empty(len(group), dtype=np.int64)
    priority[ranked] = np.arange(len(group))
    return pd.Series(priority, index=events.index)


def _unlabelled_note(unlabelled: int, total: int, color_by: str, groups: int, labelled_groups: int) -> str:
    """The note under a timeline that labels only some events: how many are not, and how the others were chosen."""
    what = "kind" if color_by == "kind" else "claimant"
    which = (f"include at least one of every {what}" if labelled_groups == groups else
             f"are one each of {labelled_groups:,} of the {groups:,} {what}s (in the legend's order)")
    return (f"{unlabelled:,} of {total:,} events are drawn unlabelled, as small marks in one row per {what} under "
            f"the labels (a line where the date is coarser than a day); the labelled {total - unlabelled:,} {which}, "
            "those dated to the day first, spread over time. The interactive timeline labels every event.")


def _draw_strip(ax: Axes, extents: pd.DataFrame, group: pd.Series, rows: list[str], styles: dict,
                top: float) -> None:
    """Unlabelled events, one row per group: a small mark on a day, a thin line over a coarser date's interval
    (a point would claim a day the source does not give); one artist per row and drawing convention."""
    x0, x1, point = (extents[c].to_numpy() for c in ("x0", "x1", "point"))
    for r, key in enumerate(rows):
        mine, style, y = (group == key).to_numpy(), styles[key], top + (r + 0.5) * STRIP_PT
        if (mine & point).any():
            ax.plot(x0[mine & point], np.full((mine & point).sum(), y), ls="none", marker=style["marker"], ms=3.0,
                    mew=0, color=style["color"], alpha=0.5, clip_on=False, gid=f"unlabelled:{key}")
        if (mine & ~point).any():
            spans = np.stack([np.column_stack([x0[mine & ~point], np.full((mine & ~point).sum(), y)]),
                              np.column_stack([x1[mine & ~point], np.full((mine & ~point).sum(), y)])], axis=1)
            ax.add_collection(LineCollection(spans, colors=style["color"], linewidths=1.0, alpha=0.25,
                                             gid=f"unlabelled-interval:{key}"))


TICKS_PT = 30.0  # tick labels and the date offset under an x axis


def _panels(ax: Axes | None, fractions: list[float]) -> tuple[Figure, list[Axes]]:
    """Side-by-side axes for the panels; a given `ax` is split, keeping it as the last (latest) panel."""
    if ax is None:
        fig = _new_figure()
        axes = [fig.add_axes((0, 0, 1, 1)) for _ in fractions]
        _stack(fig, [(axes, fractions, 2.0)], 0.1, 0.5, 0)  # provisional height: this fixes the widths
        return fig, axes
    fig, box = ax.figure, ax.get_position()
    gap = 0.12 / fig.get_figwidth()
    usable, x, axes = box.width - gap * (len(fractions) - 1), box.x0, []
    for fraction in fractions[:-1]:
        axes.append(fig.add_axes((x, box.y0, fraction * usable, box.height)))
        x += fraction * usable + gap
    ax.set_position((x, box.y0, fractions[-1] * usable, box.height))
    return fig, [*axes, ax]


def _fit_height(fig: Figure, axes: list[Axes], given: Axes | None, height_pt: float, title: str | None,
                handles: list, source: str, notes: Sequence[str] = ()) -> float:
    """Title, legend and source line around the axes, and a figure tall enough; returns the axes height in points."""
    left = _left_in(None if given is None else axes[0])
    top = _title(fig, axes[0], title, left)
    bottom = _footer(fig, axes[0], handles, notes, source, TICKS_PT, left)
    if given is None:
        widths = np.array([a.get_position().width for a in axes])
        _stack(fig, [(axes, list(widths / widths.sum()), height_pt / 72)], top, bottom / 72 + 0.08, 0)
        return height_pt
    have = given.get_position().height * fig.get_figheight() * 72
    if have < height_pt:  # grow the caller's figure until the axes are tall enough
        fig.set_size_inches(fig.get_figwidth(), fig.get_figheight() * height_pt / have)
    return max(have, height_pt)


def _draw_events(ax: Axes, events: pd.DataFrame, placed: pd.DataFrame, styles: dict, group: pd.Series,
                 per_pt: float) -> None:
    lo = ax.get_xlim()[0]
    # Hollow: the date is not when it happened (a report date, a date it was planned for, a deadline or bound).
    reported = (events["date_refers_to"].astype(str).isin(["report", "plan"]) | _dated_by_a_bound(events)).to_numpy()
    for i, (event_id, key) in enumerate(zip(events["event_id"], group, strict=True)):
        row, style = placed.iloc[i], styles[key]
        y = row["top"] + 1 + LINE_PT / 2
        x0, x1 = lo + (row["glyph0"]) * per_pt, lo + row["glyph1"] * per_pt
        face = "white" if reported[i] else style["color"]
        if row["glyph1"] - row["glyph0"] > MARKER_PT + 0.01:  # an interval: a bracket over it
            ax.plot([x0, x0, x1, x1], [y - 3.5, y, y, y - 3.5], color=style["color"], lw=1.3,
                    solid_joinstyle="miter", gid=f"bracket:{event_id}")
            ax.plot([(x0 + x1) / 2], [y], ls="none", marker=style["marker"], ms=MARKER_PT - 1, color=style["color"],
                    mfc=face, clip_on=False, gid=f"event:{event_id}")
        else:  # never clipped: a marker at the panel's edge is drawn whole
            ax.plot([(x0 + x1) / 2], [y], ls="none", marker=style["marker"], ms=MARKER_PT, color=style["color"],
                    mfc=face, mew=1.1, clip_on=False, gid=f"event:{event_id}")
        ty = row["top"] + 1 + (LINE_PT if row["side"] == "below" else 0)
        ax.text(lo + row["tx"] * per_pt, ty, row["text"], ha="left", va="top", fontsize=LABEL_PT, linespacing=1.1,
                gid=f"label:{event_id}")


def _span_when(spans: pd.DataFrame) -> pd.Series:
    """'27 Sep 2020 – 10 Nov 2020', or '10 Nov 2020 – at least 10 Nov 2025 (end open)'."""
    start = [short_date(d, p) for d, p in zip(spans["start"], spans["start_precision"], strict=True)]
    end = [short_date(d, p) for d, p in zip(spans["end"], spans["end_precision"], strict=True)]
    when = pd.Series(start, index=spans.index) + " – " + pd.Series(end, index=spans.index)
    return when.where(~spans["end_open"], pd.Series(start, index=spans.index) + " – at least "
                      + pd.Series(end, index=spans.index) + " (end open)")


def span_extents(spans: pd.DataFrame) -> pd.DataFrame:
    """x (date numbers) of each span's parts: start interval, solid part, end interval (coarse dates hatched)."""
    coarse_start = (spans["start_precision"] != "day").to_numpy()
    coarse_end = (spans["end_precision"] != "day").to_numpy()
    start, start_last = mdates.date2num(spans["start"]), mdates.date2num(spans["start_latest"]) + DAY
    end, end_last = mdates.date2num(spans["end"]), mdates.date2num(spans["end_latest"]) + DAY
    return pd.DataFrame({"x0": start, "solid0": np.where(coarse_start, start_last, start), "solid1": end,
                         "x1": np.where(coarse_end, end_last, end), "coarse_start": coarse_start,
                         "coarse_end": coarse_end, "open": spans["end_open"].to_numpy()}, index=spans.index)


def _span_layout(fig: Figure, spans: pd.DataFrame, ranges: list, widths: list[float]) -> pd.DataFrame:
    """For each span: its row, top and label (text, panel, x in points), packed so no two meet.

    A span the chart cuts off says so in its label: "(starts before the chart)", "(ends after the chart)".
    """
    ext = span_extents(spans)
    lo, hi = np.array(ranges).T
    before = ext["x0"] < lo[0]
    after = ~ext["open"] & (ext["x1"] > hi[-1])
    cut = np.select([before & after, before, after], [" (starts before and ends after the chart)",
                                                      " (starts before the chart)", " (ends after the chart)"], "")
    labels = spans["title"] + " ·\u00a0" + _span_when(spans) + cut
    width = np.array(widths)
    ends: dict[tuple[int, int], float] = {}
    out = []
    for i, span_id in enumerate(spans.index):
        x0, x1 = ext["x0"].iat[i], np.inf if ext["open"].iat[i] else ext["x1"].iat[i]
        v0 = (np.clip(x0, lo, hi) - lo) / (hi - lo) * width
        v1 = (np.clip(x1, lo, hi) - lo) / (hi - lo) * width
        visible = np.flatnonzero((x0 < hi) & (x1 > lo))
        home = visible[np.argmax((v1 - v0)[visible])]
        text = _wrap(fig, labels.iat[i], width[home] - 4)
        w = max(_text_width(fig, line) for line in text.split("\n"))
        tx = min(max(v0[home], 0), width[home] - w - 2)
        occupied = {p: (v0[p], v1[p]) for p in visible}
        occupied[home] = (min(v0[home], tx), max(v1[home], tx + w))
        row = 0
        while any(ends.get((p, row), -np.inf) + 6 > left for p, (left, _) in occupied.items()):
            row += 1
        for p, (_, right) in occupied.items():
            ends[(p, row)] = right
        out.append((span_id, row, text, home, tx, _lines(text) * LINE_PT + SPAN_BAR_PT + 6))
    rows = pd.DataFrame(out, columns=["span_id", "row", "text", "home", "tx", "height"]).set_index("span_id")
    row_height = rows.groupby("row")["height"].max()
    rows["top"] = (row_height.cumsum() - row_height).reindex(rows["row"]).to_numpy()
    rows["bottom"] = rows["top"] + rows["height"]
    return rows.join(ext)


def _draw_spans(ax: Axes, panel: int, spans: pd.DataFrame, rows: pd.DataFrame, styles: dict | None,
                offset: float, per_pt: float) -> None:
    lo, hi = ax.get_xlim()
    for span_id, kind in zip(spans.index, spans["kind"].astype(str), strict=True):
        r = rows.loc[span_id]
        if not (r["x0"] < hi and (r["open"] or r["x1"] > lo)):
            continue
        color = styles[kind]["color"] if styles else GREY
        top = offset + r["top"]
        bar = top + _lines(r["text"]) * LINE_PT + 2 + SPAN_BAR_PT / 2
        if r["home"] == panel:
            ax.text(lo + r["tx"] * per_pt, top + 1, r["text"], ha="left", va="top", fontsize=LABEL_PT,
                    linespacing=1.1, gid=f"spanlabel:{span_id}")
        y0, tag = bar - SPAN_BAR_PT / 2, f"span:{span_id}"
        if r["coarse_start"]:
            ax.add_patch(Rectangle((r["x0"], y0), r["solid0"] - r["x0"], SPAN_BAR_PT, facecolor=color, alpha=0.35,
                                   hatch="////", edgecolor=color, lw=0, gid=f"{tag}:start:{panel}"))
        head = _pt_to_data(ax, 7)
        if panel == 0 and r["x0"] < lo:  # begins before the chart: an arrowhead at its left edge
            ax.add_patch(Polygon([(lo + head, bar - SPAN_BAR_PT), (lo + head, bar + SPAN_BAR_PT), (lo, bar)],
                                 color=color, lw=0, gid=f"{tag}:before:{panel}"))
        if r["open"]:
            edge = hi - _pt_to_data(ax, 9)
            fade = min(r["solid1"] + 0.15 * (hi - lo), edge) if r["solid1"] < edge else None
            solid_end = r["solid1"] if fade is not None else edge - 0.15 * (hi - lo)
            ax.add_patch(Rectangle((r["solid0"], y0), solid_end - r["solid0"], SPAN_BAR_PT, color=color, alpha=0.85,
                                   lw=0, gid=f"{tag}:solid:{panel}"))
            _open_end(ax, solid_end, fade if fade is not None else edge, bar, SPAN_BAR_PT, color,
                      gid=f"{tag}:open-end:{panel}")
            continue
        ax.add_patch(Rectangle((r["solid0"], y0), r["solid1"] - r["solid0"], SPAN_BAR_PT, color=color, alpha=0.85,
                               lw=0, gid=f"{tag}:solid:{panel}"))
        if r["coarse_end"]:
            ax.add_patch(Rectangle((r["solid1"], y0), r["x1"] - r["solid1"], SPAN_BAR_PT, facecolor=color,
                                   alpha=0.35, hatch="////", edgecolor=color, lw=0, gid=f"{tag}:end:{panel}"))
        if r["x1"] > hi > r["x0"]:  # runs on past this panel: say so with an arrowhead at the edge
            ax.add_patch(Polygon([(hi - head, bar - SPAN_BAR_PT), (hi - head, bar + SPAN_BAR_PT), (hi, bar)],
                                 color=color, lw=0, gid=f"{tag}:continues:{panel}"))


def _dated_by_a_bound(events: pd.DataFrame) -> pd.Series:
    """Events the source dates only by a bound ("by 15 November", "before 15 November"): the day drawn is the
    bound, not the day it happened, so the marker is hollow like a report's or a plan's."""
    if "date_qualifier" not in events:
        return pd.Series(False, index=events.index)
    return events["date_qualifier"].astype(str).isin(BOUND_QUALIFIERS)


def _timeline_key(events: pd.DataFrame, spans: pd.DataFrame | None, ranges: list[tuple[float, float]]) -> list:
    """Legend entries for every drawing convention the chart uses, hatches, fades and arrowheads included."""
    key = []
    refers = events["date_refers_to"].astype(str)
    bound = _dated_by_a_bound(events)
    if refers.isin(["report", "plan"]).any() or bound.any():
        meaning = {"report": "reported", "plan": "planned"}
        said = [meaning[r] for r in ("report", "plan") if (refers == r).any()]
        said += ["a bound ('by', 'before', 'after')"] if bound.any() else []
        label = "hollow: date " + " or ".join(said) + ", not the day it happened"
        key.append(Line2D([], [], ls="none", marker="o", color=GREY, mfc="white", label=label))
    if (events["date_precision"].astype(str) != "day").any():
        key.append(Line2D([], [], color=GREY, lw=1.3, label="bracket: date known to the month, year or decade"))
    if spans is None or spans.empty:
        return key
    ext = span_extents(spans)
    lo, hi = np.array(ranges).T

    def shown(start: pd.Series, stop: pd.Series) -> bool:
        """Whether any part [start, stop) lies in a panel."""
        return bool(np.any([(start < b) & (stop > a) for a, b in zip(lo, hi, strict=True)]))

    hatched = shown(ext["x0"].where(ext["coarse_start"]), ext["solid0"].where(ext["coarse_start"])) or shown(
        ext["solid1"].where(ext["coarse_end"] & ~ext["open"]), ext["x1"].where(ext["coarse_end"] & ~ext["open"]))
    if hatched:
        key.append(Patch(facecolor=LIGHT, hatch="////", edgecolor=GREY, lw=0,
                         label="hatched: span start or end known only to the month, year or decade"))
    if ext["open"].any():
        key.append(Patch(facecolor=LIGHT, lw=0, label="fading, arrowhead: end not stated, only a lower bound"))
    closed = ~ext["open"]
    runs_on = np.any([closed & (ext["x0"] < b) & (ext["x1"] > b) for b in hi]) or bool((ext["x0"] < lo[0]).any())
    if runs_on:
        key.append(Line2D([], [], ls="none", marker=">", color=GREY, ms=7,
                          label="arrowhead at the chart's edge: the span runs on beyond it"))
    return key


# ------------------------------------------------------------------------------------------------ figures

ROW_BAR_PT = 8.0
FILLED, HOLLOW, BAR, HATCHED, FADING = "filled", "hollow", "bar", "hatched", "fading"


def _range_key(used: set[str], bound: str = "upper") -> list:
    """Legend entries for the marks a range chart draws, only those in `used`, in one order."""
    entries = {
        FILLED: Line2D([], [], ls="none", marker="o", color=GREY, label="the number stated"),
        HOLLOW: Line2D([], [], ls="none", marker="o", color=GREY, mfc="white",
                       label="hollow: the number itself excluded"),
        BAR: Patch(facecolor=LIGHT, edgecolor=GREY, lw=0.6, label="bar: the range the words allow"),
        HATCHED: Patch(facecolor=LIGHT, edgecolor=GREY, lw=0.6, hatch="////",
                       label="hatched bar: no number stated, only the range the words allow"),
        FADING: Patch(facecolor=LIGHT, lw=0, label=f"fading, arrowhead: no {bound} bound stated"),
    }
    return [entry for name, entry in entries.items() if name in used]


def _marks(rows: pd.DataFrame, stated: pd.Series) -> pd.DataFrame:
    """Which marks each row gets: a marker (filled or hollow) for the number stated, a bar, a hatched bar
    (a range without a number) or a fade (no upper bound)."""
    has_value = stated.notna()
    high = rows["high"].astype(float)
    excluded = has_value & (((rows["low_strict"].astype(bool)) & (stated == rows["low"]))
                            | (rows.get("high_strict", False) & (stated == high)))
    is_range = ~rows["high_open"].astype(bool) & (high > rows["low"].astype(float))
    # An estimate whose source states no bounds (no low, no high) is its number alone: no bar, no fade.
    fading = rows["high_open"].astype(bool) & rows["low"].notna()
    return pd.DataFrame({FILLED: has_value & ~excluded, HOLLOW: excluded, BAR: is_range & has_value,
                         HATCHED: is_range & ~has_value, FADING: fading}, index=rows.index)


def _used(marks: pd.DataFrame) -> set[str]:
    return {name for name in marks.columns if marks[name].any()}


def _who(frame: pd.DataFrame) -> pd.Series:
    """'Asia News', or 'Armenian Defence Ministry via Meduza' when the source reports someone else's claim."""
    via = frame["claimant"] + " via " + frame["publisher"]
    return via.where(frame["claimant"] != frame["publisher"], frame["publisher"])


_PUNCTUATION = "\"'“”‘’„«»()[],.;:!?"


def without_repeat(said: str, scope: str) -> str:
    """`scope` without the words that repeat the end of the words `said`, so a label reads “3,825 troops” lost
    by Armenia, not “3,825 troops” troops lost by Armenia.

    >>> without_repeat("2,000 Russian peacekeepers", "Russian peacekeepers to be deployed")
    'to be deployed'
    """
    ends = [word.strip(_PUNCTUATION).lower() for word in str(said).split()]
    words = str(scope).split()
    starts = [word.strip(_PUNCTUATION).lower() for word in words]
    for k in range(min(len(ends), len(words)), 0, -1):
        if ends[-k:] == starts[:k]:
            return " ".join(words[k:])
    return str(scope)


def _needs_log(top: np.ndarray) -> bool:
    """Log scale only when linear would leave most rows under 1% of the axis (too small to see)."""
    return bool((top < 0.01 * top.max()).mean() > 0.5 and (top > 0).all())


def _vertical_panels(ax: Axes | None, count: int) -> tuple[Figure, list[Axes]]:
    if ax is None:
        fig = _new_figure()
        return fig, [fig.add_axes((0, 0, 1, 1)) for _ in range(count)]
    return ax.figure, [ax, *(ax.figure.add_axes(ax.get_position().bounds) for _ in range(count - 1))]


def figures_chart(figures: pd.DataFrame, ax: Axes | None = None, *, sources: pd.DataFrame | None = None,
                  title: str | None = None, filters: str | Mapping[str, object] | None = None) -> Figure:
    """Each stated figure as the range its words allow, labelled in the source's words and by its claimant.

    One panel per unit and population (soldiers, civilians, ...): counts of the same people share an axis, so
    sizes compare honestly; no axis mixes units, and a few open-ended civilian counts never squash the soldiers.
    Axes are linear from zero, log only when most rows would be too small to see (then labelled). Each side
    has its own colour and shape (`SIDE_STYLES`), the same in every chart. An open bound ("more than 5,600")
    fades out to the right with an arrowhead; there are no error bars. Given `ax`, its area is split.
    """
    with brief_style():
        if figures.empty:
            return _nothing_to_draw("figures", ax, title, figures, sources, filters)
        rows = figures.assign(_unit=figures["unit"].astype(str), _population=_populations(figures),
                              _top=figures["high"].fillna(figures["low"]).fillna(figures["value"]))
        order = {p: i for i, p in enumerate(_population_order(list(rows["_population"])))}
        rows = rows.assign(_population_rank=rows["_population"].map(order))
        rows = rows.sort_values(["_unit", "_population_rank", "quantity", "side", "_top"],
                                ascending=[True, True, True, True, False], kind="stable")
        panels = list(dict.fromkeys(zip(rows["_unit"], rows["_population"], strict=True)))
        several = {unit: sum(u == unit for u, _ in panels) > 1 for unit, _ in panels}
        fig, axes = _vertical_panels(ax, len(panels))
        width_pt = (WIDTH_IN - 2 * MARGIN_IN) * 72
        bound = rows["as_of_basis"].astype("object").isin(AS_OF_UP_TO) if "as_of_basis" in rows else [False] * len(rows)
        as_of = [f", {'by ' if b else ''}{short_date(d, 'day')}" if pd.notna(d) else ""
                 for d, b in zip(rows["as_of"], bound, strict=True)]
        scope = [without_repeat(v, c) for v, c in zip(rows["value_text"], rows["scope"].fillna(""), strict=True)]
        labels = [_wrap(fig, text, width_pt - 4) for text in
                  "“" + rows["value_text"] + "” " + pd.Series(scope, rows.index) + " — " + _who(rows)
                  + pd.Series(as_of, rows.index)]
        heights = pd.Series([_lines(t) * LINE_PT + ROW_BAR_PT + 8 for t in labels], index=rows.index)
        marks = _marks(rows, rows["value"])
        keys = list(zip(rows["_unit"], rows["_population"], strict=True))
        mine = [np.array([k == panel for k in keys]) for panel in panels]
        panel_pt = [heights[m].sum() + 4 for m in mine]
        top = _title(fig, axes[0], title, _left_in(ax))
        handles = _side_key(rows["side"]) + _range_key(_used(marks))
        bottom = _footer(fig, axes[-1], handles, [], source_line(rows, sources, filters), TICKS_PT,
                         _left_in(ax))
        _place_vertical(fig, axes, ax, panel_pt, top, bottom)
        for a, (unit, population), m, height in zip(axes, panels, mine, panel_pt, strict=True):
            _draw_figures(a, rows[m], [t for t, keep in zip(labels, m, strict=True) if keep], heights[m],
                          marks[m], _panel_label(unit, population, several[unit]), height)
    return fig


def _place_vertical(fig: Figure, axes: list[Axes], given: Axes | None, heights_pt: list[float], top: float,
                    bottom_pt: float) -> None:
    """Stack panels top to bottom with room for each one's ticks and axis label."""
    if given is None:
        _stack(fig, [([a], [1.0], h / 72) for a, h in zip(axes, heights_pt, strict=True)], top,
               bottom_pt / 72 + 0.08, 0.5)
        return
    x0, y0, w, h = given.get_position().bounds
    gap = 0.5 / fig.get_figheight()
    scale = (h - gap * (len(axes) - 1)) / sum(heights_pt)
    y = y0 + h
    for a, height in zip(axes, heights_pt, strict=True):
        y -= height * scale
        a.set_position((x0, y, w, height * scale))
        y -= gap


def _draw_figures(ax: Axes, rows: pd.DataFrame, labels: list[str], heights: pd.Series, marks: pd.DataFrame,
                  xlabel: str, height_pt: float) -> None:
    top = np.nan_to_num(rows["_top"].to_numpy(dtype=float))
    log = _needs_log(top)
    x_max = top.max() * (1.35 if rows["high_open"].any() else 1.1) or 1
    ax.set_xscale("log" if log else "linear")
    ax.set_xlim((top.min() / 2 if log else 0), x_max * (2 if log else 1))
    ax.set_ylim(height_pt, 0)
    if not log:
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=8, integer=True))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(xlabel + (" (log scale)" if log else ""), loc="right")
    ax.grid(axis="x", zorder=0)
    ax.set_axisbelow(True)
    lo_x, hi_x = ax.get_xlim()
    y = 4.0
    for (figure_id, r), text, h in zip(rows.iterrows(), labels, heights, strict=True):
        style, mark = side_style(r["side"]), marks.loc[figure_id]
        ax.text(lo_x, y, text, ha="left", va="top", fontsize=LABEL_PT, linespacing=1.1, gid=f"label:{figure_id}")
        bar = y + _lines(text) * LINE_PT + 2 + ROW_BAR_PT / 2
        low = float(r["low"]) if pd.notna(r["low"]) else np.nan  # no low: an estimate whose source states none
        if mark[FADING]:
            _open_end(ax, low, hi_x / (1.12 if log else 1) - _pt_to_data(ax, 9) * (not log), bar, ROW_BAR_PT,
                      style["color"], gid=f"open-end:{figure_id}")
        elif mark[BAR] or mark[HATCHED]:
            ax.add_patch(Rectangle((low, bar - ROW_BAR_PT / 2), float(r["high"]) - low, ROW_BAR_PT,
                                   facecolor=style["color"], alpha=0.35, edgecolor=style["color"], lw=0.8,
                                   hatch="////" if mark[HATCHED] else None, gid=f"range:{figure_id}"))
        if mark[FILLED] or mark[HOLLOW]:  # the number as stated; hollow where the words exclude it
            ax.plot([float(r["value"])], [bar], ls="none", marker=style["marker"], ms=MARKER_PT + 1,
                    color=style["color"], mfc="white" if mark[HOLLOW] else style["color"], mew=1.3, zorder=4,
                    clip_on=False, gid=f"value:{figure_id}")  # whole, even at zero
        y += h


# ------------------------------------------------------------------------------------------------ estimates

LINESTYLES = ["-", "--", ":", "-."]


def _nothing_to_draw(what: str, ax: Axes | None, title: str | None, frame: pd.DataFrame,
                     sources: pd.DataFrame | None, filters: str | Mapping[str, object] | None) -> Figure:
    """A chart that says plainly that the filters left nothing, with its title and filters, instead of failing."""
    fig, axes = _panels(ax, [1.0])
    axes[0].set_xticks([])
    height_pt = 60.0 if ax is None else axes[0].get_position().height * fig.get_figheight() * 72
    source = source_line(frame, sources, filters) if len(frame) else (
        f"Filters: {filters}." if isinstance(filters, str) else source_line(frame, None, filters).split(". ", 1)[-1])
    _fit_height(fig, axes, ax, height_pt, title, [], source, [f"No {what} match the filters."])
    return fig


def estimates_chart(claims: pd.DataFrame, ax: Axes | None = None, *, sources: pd.DataFrame | None = None,
                    title: str | None = None, filters: str | Mapping[str, object] | None = None) -> Figure:
    """Each claimant's estimate for each side at its as-of date: x the date, y the range its words allow.

    One panel per population (soldiers, civilians, ...), all on one time axis. Each side has its colour and
    shape (`SIDE_STYLES`), the same as in every other chart; each claimant's figures for a side are joined by
    a line and named at its last point. Every estimate stands at its own date; only estimates sharing a date
    are set side by side, by less than a day. An open bound fades upwards with an arrowhead. Claims without
    an as-of date are left out, and so are counts of one incident (`incident`, see `statistics.incidents`: "four
    troops killed in the ambush" is no estimate of the war's dead); a note under the chart says how many.
    """
    with brief_style():
        one_incident = (claims["incident"].notna() if "incident" in claims
                        else pd.Series(False, index=claims.index)).to_numpy(dtype=bool)
        war_wide = claims[~one_incident]
        dated = war_wide[war_wide["as_of"].notna()].sort_values(["as_of", "figure_id"], kind="stable")
        dated = dated.assign(_population=_populations(dated), _side=dated["side"].astype(str))
        populations = _population_order(list(dated["_population"])) or [UNSTATED]
        fig, axes = _vertical_panels(ax, len(populations))
        notes = []
        if len(dated) == 1:
            notes.append("One estimate so far.")
        elif dated["claimant"].nunique() == 1:
            notes.append("One claimant so far.")
        if len(dated) < len(war_wide):
            n = len(war_wide) - len(dated)
            notes.append(f"{n} estimate{'s' if n > 1 else ''} without an as-of date left out.")
        if one_incident.any():
            n = int(one_incident.sum())
            notes.append(f"{n} count{'s' if n > 1 else ''} of one incident left out (not estimates of the whole).")
        if dated.empty:
            notes.append("No dated estimates to show.")
        rules = quantities.QUALIFIER_RULES
        strict = dated.assign(  # the one rule of what the words exclude, where the frame does not carry it
            low_strict=dated.get("low_strict", dated["qualifier"].map({q: r.low_strict for q, r in rules.items()})),
            high_strict=dated.get("high_strict", dated["qualifier"].map({q: r.high_strict for q, r in rules.items()})),
        ).fillna({"low_strict": False, "high_strict": False})
        # The number drawn: the lower bound of an open range, else the best; an estimate without bounds: its best.
        stated = dated["low"].where(dated["high_open"].astype(bool) & dated["low"].notna(), dated["best"]).astype(float)
        marks = _marks(strict, stated)
        handles = _side_key(dated["_side"]) + _range_key(_used(marks))
        if ax is None:
            heights = [(190.0 if len(populations) == 1 else 130.0)] * len(populations)
        else:
            heights = [1.0] * len(populations)
        top = _title(fig, axes[0], title, _left_in(ax))
        bottom = _footer(fig, axes[-1], handles, notes, source_line(claims, sources, filters), TICKS_PT, _left_in(ax))
        _place_vertical(fig, axes, ax, heights, top, bottom)
        if ax is None:  # room on the left for the value labels
            for a in axes:
                x0, y0, w, h = a.get_position().bounds
                a.set_position((x0 + 0.55 / WIDTH_IN, y0, w - 0.55 / WIDTH_IN, h))
        if dated.empty:
            for a in axes:
                a.set_xticks([])
            return fig
        x = pd.Series(mdates.date2num(dated["as_of"]), index=dated.index)
        pad = max(0.06 * (x.max() - x.min()), 5 * DAY)
        unit = str(dated["unit"].iat[0]) if "unit" in dated else "people"
        for a, population in zip(axes, populations, strict=True):
            mine = (dated["_population"] == population).to_numpy()
            a.set_xlim(x.min() - pad, x.max() + pad)
            _draw_estimates(a, dated[mine], marks[mine], stated[mine], x[mine],
                            _panel_label(unit, population, len(populations) > 1))
    return fig


def _draw_estimates(a: Axes, rows: pd.DataFrame, marks: pd.DataFrame, stated: pd.Series, x: pd.Series,
                    ylabel: str) -> None:
    """One population's estimates: ranges, stated numbers, a line per claimant and side, claimants named."""
    top = rows["high"].fillna(rows["low"]).fillna(rows["best"]).astype(float).to_numpy()
    a.set_ylim(0, top.max() * (1.3 if rows["high_open"].any() else 1.12) or 1)
    a.tick_params(axis="y", left=True, labelleft=True)
    a.spines["left"].set_visible(True)
    a.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=5, integer=True))
    a.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    a.set_ylabel(ylabel)
    a.grid(axis="y", zorder=0)
    a.set_axisbelow(True)
    _date_axis(a, a.get_position().width * a.figure.get_figwidth())
    # Estimates that share a date stand side by side, within less than a day; every other one at its date.
    side_rank = {s: i for i, s in enumerate(SIDE_STYLES)}
    order = rows.assign(_rank=rows["_side"].map(side_rank).fillna(len(side_rank))).sort_values(
        ["as_of", "_rank", "claimant", "figure_id"], kind="stable")
    position = order.groupby("as_of").cumcount()
    sharing = order.groupby("as_of")["figure_id"].transform("size")
    step = np.minimum(_pt_to_data(a, 9), 0.9 * DAY / np.maximum(sharing - 1, 1))
    dodge = ((position - (sharing - 1) / 2) * step).reindex(rows.index)
    xs = x + dodge
    thickness = _pt_to_data(a, 6)
    for figure_id, r in rows.iterrows():
        style, mark, xi = side_style(r["_side"]), marks.loc[figure_id], xs[figure_id]
        low = float(r["low"]) if pd.notna(r["low"]) else np.nan  # no low: an estimate whose source states none
        if mark[FADING]:
            _open_end(a, low, a.get_ylim()[1] - _pt_to_data(a, 9, "y"), xi, thickness, style["color"],
                      vertical=True, gid=f"open-end:{figure_id}")
        elif mark[BAR] or mark[HATCHED]:
            a.add_patch(Rectangle((xi - thickness / 2, low), thickness, float(r["high"]) - low,
                                  facecolor=style["color"], alpha=0.35, edgecolor=style["color"], lw=0.8,
                                  hatch="////" if mark[HATCHED] else None, gid=f"range:{figure_id}"))
        if mark[FILLED] or mark[HOLLOW]:
            a.plot([xi], [stated[figure_id]], ls="none", marker=style["marker"], ms=MARKER_PT + 1, mew=1.3,
                   color=style["color"], mfc="white" if mark[HOLLOW] else style["color"], zorder=4,
                   clip_on=False, gid=f"value:{figure_id}")
    # A line through each claimant's numbers for one side, the claimant named at its last estimate.
    series = rows["claimant"].astype(str) + "\u00a0|\u00a0" + rows["_side"]
    level = stated.fillna(rows["low"].astype(float))
    ends = []
    for side, keys in series.groupby(rows["_side"], sort=False):
        for k, key in enumerate(pd.unique(keys)):
            points = (series == key).to_numpy()
            color = side_style(side)["color"]
            if points.sum() > 1:
                a.plot(xs[points], level[points], color=color, lw=1, ls=LINESTYLES[k % len(LINESTYLES)],
                       zorder=3, gid=f"series:{key}")
            last = rows.index[points][-1]
            ends.append((str(rows.loc[last, "claimant"]), xs[last], float(level[last]), color, key))
    _name_series(a, rows, xs, level, ends)


def _name_series(a: Axes, rows: pd.DataFrame, xs: pd.Series, level: pd.Series, ends: list) -> None:
    """Each series' claimant written beside its last point, where it meets no marker, bar or other name."""
    fig = a.figure
    box = a.get_position()
    width, height = box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72
    (x_lo, x_hi), (y_lo, y_hi) = a.get_xlim(), a.get_ylim()

    def to_pt(xv, yv):
        return (np.asarray(xv) - x_lo) / (x_hi - x_lo) * width, (np.asarray(yv) - y_lo) / (y_hi - y_lo) * height

    px, py = to_pt(xs.to_numpy(), level.to_numpy())
    _, low = to_pt(xs.to_numpy(), rows["low"].astype(float).to_numpy())
    _, high = to_pt(xs.to_numpy(), rows["high"].astype(float).fillna(y_hi).to_numpy())
    # Obstacles, (left, bottom, right, top) in points: markers, and the bars of ranges and open ends.
    taken = [(x - 5, y - 5, x + 5, y + 5) for x, y in zip(px, py, strict=True)]
    taken += [(x - 4, lo, x + 4, hi) for x, lo, hi in zip(px, low, high, strict=True) if hi > lo]
    placed = []
    for name, xv, yv, color, key in sorted(ends, key=lambda e: (e[1], e[2])):
        x0, y0 = to_pt(xv, yv)
        w, h = _text_width(fig, name) + 2, LINE_PT
        choices = [(side, dy) for dy in (0, 1, -1, 2, -2, 3, -3) for side in (1, -1)]
        for side, dy in choices:
            left = x0 + 8 if side > 0 else x0 - 8 - w
            bottom = y0 - h / 2 + dy * h
            candidate = (left, bottom, left + w, bottom + h)
            inside = left >= 0 and left + w <= width and bottom >= 0 and bottom + h <= height
            if inside and not any(_meets(candidate, other) for other in taken + placed):
                break
        else:
            side, left, bottom = 1, min(x0 + 8, width - w), min(max(y0 - h / 2, 0), height - h)
            candidate = (left, bottom, left + w, bottom + h)
        placed.append(candidate)
        a.text(x_lo + left / width * (x_hi - x_lo), y_lo + (bottom + h / 2) / height * (y_hi - y_lo), name,
               ha="left", va="center", fontsize=LABEL_PT, color=color, gid=f"claimant:{key}")


def _meets(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# ------------------------------------------------------------------------------------------------ event data

EVENT_ROW_PT = 22.0  # one row of marks per kind of event


def event_data_chart(timeline: pd.DataFrame, ax: Axes | None = None, *, sources: pd.DataFrame | None = None,
                     title: str | None = None, filters: str | Mapping[str, object] | None = None,
                     date_from=None, date_to=None) -> Figure:
    """Events of an event data set at their date precision, one row per kind: a dot on the day where the day is
    known, a bar over every day the date allows where it is not (a span of days, a week, a month, a year).

    Marks without labels, drawn one collection per kind, so thousands of events stay fast and legible; `timeline`
    is `timeline.build_timeline` (earliest, latest, kind, source_id). A note says how many events are drawn;
    `date_from`/`date_to` bound the axis (a date that allows days beyond it runs off the edge).
    """
    with brief_style():
        if timeline.empty:
            return _nothing_to_draw("events", ax, title, timeline, sources, filters)
        vocabulary = list(timeline["kind"].cat.categories) if hasattr(timeline["kind"], "cat") else sorted(
            set(timeline["kind"].astype(str)))
        kinds = [k for k in vocabulary if (timeline["kind"].astype(str) == k).any()]
        styles = category_styles(vocabulary)  # a kind keeps its colour and shape in every chart
        fig, axes = _panels(ax, [1.0])
        a = axes[0]
        one_day = (timeline["earliest"] == timeline["latest"]).to_numpy()
        handles = [Line2D([], [], color=styles[k]["color"], marker=styles[k]["marker"], ls="none",
                          label=k.replace("_", " ")) for k in kinds]
        handles.append(Patch(facecolor=LIGHT, edgecolor="none", label="a date known only to a span, week, month or "
                                                                       "year: every day it allows"))
        notes = [f"{len(timeline):,} events, {int(one_day.sum()):,} of them dated to one day."]
        height_pt = max(70.0, EVENT_ROW_PT * len(kinds)) if ax is None else 0
        _fit_height(fig, axes, ax, height_pt, title, handles, source_line(timeline, sources, filters), notes)
        start = mdates.date2num(timeline["earliest"])
        stop = mdates.date2num(timeline["latest"]) + DAY
        row = timeline["kind"].astype(str).map({k: i for i, k in enumerate(kinds)}).to_numpy()
        y = row + ((np.arange(len(timeline)) % 5) - 2) * 0.12  # a fixed spread, so marks on one day stay apart
        for i, kind in enumerate(kinds):
            mine = row == i
            bars = mine & ~one_day
            if bars.any():
                a.barh(y[bars], stop[bars] - start[bars], left=start[bars], height=0.1, color=styles[kind]["color"],
                       alpha=0.35, linewidth=0, gid=f"spans:{kind}")
            dots = mine & one_day
            if dots.any():
                a.plot(start[dots] + DAY / 2, y[dots], ls="none", marker=styles[kind]["marker"], ms=3.5,
                       color=styles[kind]["color"], alpha=0.8, mew=0, gid=f"days:{kind}")
        a.set_ylim(len(kinds) - 0.5, -0.5)
        a.set_yticks(range(len(kinds)), [k.replace("_", " ") for k in kinds])
        a.tick_params(axis="y", left=False, labelleft=True)
        a.set_xlim(start.min() - 2 * DAY if date_from is None else mdates.date2num(pd.Timestamp(date_from)),
                   stop.max() + 2 * DAY if date_to is None else mdates.date2num(pd.Timestamp(date_to)) + DAY)
        _date_axis(a, WIDTH_IN)
        if ax is None:  # room on the left for the kinds
            width = max(_text_width(fig, k.replace("_", " ")) for k in kinds) / 72 + 0.1
            x0, y0, w, h = a.get_position().bounds
            a.set_position((x0 + width / WIDTH_IN, y0, w - width / WIDTH_IN, h))
    return fig


def weekly_deaths_chart(weekly: pd.DataFrame, ax: Axes | None = None, *, sources: pd.DataFrame | None = None,
                        title: str | None = None, filters: str | Mapping[str, object] | None = None,
                        left_off: pd.DataFrame | None = None) -> Figure:
    """Deaths per week from event data (`event_data.deaths_per_week`): the best estimates as a stepped line and the
    band from the low to the high estimates; where a week's high is not stated, its band fades to the top with an
    arrow, as an open bound does in every chart here. One series per event data set. A data set that states no
    high at all (ACLED) gets a hatched band instead: the line plus the events dated more loosely than one week that
    may fall in the week, each whole. `left_off` (`event_data.left_off_the_line`) puts the deaths no week's line
    holds into the notes, with their number."""
    with brief_style():
        if weekly.empty:
            return _nothing_to_draw("weeks", ax, title, weekly, sources, filters)
        keys = list(pd.unique(weekly["source_id"].astype(str)))
        styles = category_styles(keys)
        names = {k: str(sources.loc[k, "publisher"]) if sources is not None and k in sources.index else k
                 for k in keys}
        counts = {k: count_name(names[k]) for k in keys}  # ACLED's are conservative estimates, UCDP's best
        fig, axes = _panels(ax, [1.0])
        a = axes[0]
        counted = weekly[(weekly["events"] + weekly["events_maybe"]) > 0]  # weeks with an event in them
        unbounded = [k for k in keys if counted.loc[counted["source_id"].astype(str) == k, "high"].isna().all()]
        bounded = weekly[~weekly["source_id"].astype(str).isin(unbounded)]
        maybe = (weekly["best_maybe"] if "best_maybe" in weekly else pd.Series(0.0, index=weekly.index)).fillna(0.0)
        loose = {k: bool((maybe[weekly["source_id"].astype(str) == k] > 0).any()) for k in keys}
        handles, notes = [], []
        for k in keys:
            handles.append(Line2D([], [], color=styles[k]["color"], lw=1.5, label=f"{counts[k]} ({names[k]})"))
            if k not in unbounded:
                handles.append(Patch(facecolor=styles[k]["color"], alpha=0.3,
                                     label="from the low to the high estimates"))
            elif loose[k]:
                handles.append(Patch(facecolor="none", hatch="////", edgecolor=styles[k]["color"], lw=0,
                                     label="plus the events dated more loosely that may fall in the week, each whole"))
        if left_off is not None:  # the number left off each line, said
            from analysis.event_data import left_off_words

            known = sources if sources is not None else pd.DataFrame(
                {"publisher": keys}, index=pd.Index(keys, name="source_id"))
            notes.extend(left_off_words(left_off[left_off["source_id"].astype(str).isin(keys)], known,
                                        hatched=[k for k in unbounded if loose[k]]))
        elif (bounded["events_maybe"] > 0).any():
            notes.append("Events dated more loosely than one week (a span over two weeks, a month, a year) count "
                         "only towards the high of each week they may fall in.")
        for k in unbounded:  # no week has a stated high: one note, not an arrow on every week
            notes.append(f"{names[k]} states no low or high: its line is its {counts[k]}s alone"
                         + (", and its events dated more loosely than one week are not in it."
                            if left_off is None and loose[k] else "."))
        if bounded["high"].isna().any():
            notes.append("An arrow: the high of that week is not stated (an event in it states no high).")
        height_pt = 170.0 if ax is None else 0
        _fit_height(fig, axes, ax, height_pt, title, handles, source_line(weekly, sources, filters), notes)
        if ax is None:  # room on the left for the counts and their label
            x0, y0, w, h = a.get_position().bounds
            a.set_position((x0 + 0.6 / WIDTH_IN, y0, w - 0.6 / WIDTH_IN, h))
        top = float(pd.concat([weekly["high"], weekly["best"] + maybe]).max())
        a.set_ylim(0, max(top, 1.0) * 1.15)
        for k in keys:
            rows = weekly[weekly["source_id"].astype(str) == k].sort_values("week")
            x = mdates.date2num(rows["week"])
            edges = np.append(x, x[-1] + 7 * DAY)
            low = rows["low"].fillna(0).astype(float).to_numpy()
            high = rows["high"].astype(float).to_numpy()
            color = styles[k]["color"]
            stated = ~np.isnan(high)
            a.fill_between(edges, np.append(low, low[-1]), np.append(np.where(stated, high, low), 0),
                           step="post", color=color, alpha=0.3, linewidth=0, gid=f"band:{k}")
            a.stairs(rows["best"].astype(float).to_numpy(), edges, color=color, lw=1.5, baseline=None,
                     gid=f"best:{k}")
            if k in unbounded:
                if loose[k]:  # the possible: each loosely dated event whole in every week it may fall in, hatched
                    best = rows["best"].astype(float).to_numpy()
                    plus = best + maybe.loc[rows.index].to_numpy()
                    a.fill_between(edges, np.append(best, best[-1]), np.append(plus, plus[-1]), step="post",
                                   facecolor="none", hatch="////", edgecolor=color, linewidth=0,
                                   gid=f"maybe:{k}")
                continue
            for position in np.flatnonzero(~stated):
                _open_end(a, float(low[position]), a.get_ylim()[1] - _pt_to_data(a, 9, "y"),
                          x[position] + 3.5 * DAY, 3 * DAY, color, vertical=True, gid=f"open-high:{k}")
        a.set_xlim(x.min() - DAY, x.max() + 8 * DAY)
        a.tick_params(axis="y", left=True, labelleft=True)
        a.spines["left"].set_visible(True)
        a.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))  # whole deaths: no tick at 2.5 read "2"
        a.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        a.set_ylabel("deaths per week")
        a.grid(axis="y", zorder=0)
        a.set_axisbelow(True)
        _date_axis(a, WIDTH_IN, weeks=len(pd.unique(weekly["week"])))
    return fig


# The interactive timeline lives in its own module (HTML and a script, no matplotlib); it is offered here too.
from analysis.interactive import interactive_timeline  # noqa: E402, F401
