"""What a notebook shows and writes: tables as a reader reads them, and files in its output folder (tables as
CSV, charts as PNG and SVG, text).

Every save function does nothing and returns nothing useful when `output_dir` is None, so a notebook explored
interactively writes no files; the report runner passes a folder. Writes are atomic. The CSV keeps the values;
`for_reading` is only for the table shown on the page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import atomic

NOT_GIVEN = "—"  # a missing value on the page: not 'NaN', '<NA>' or 'NaT'


def save_table(frame: pd.DataFrame, output_dir: str | Path | None, name: str) -> Path | None:
    """Write `frame` as `<output_dir>/<name>.csv` (UTF-8, LF, ISO dates, no index); None if no folder."""
    if output_dir is None:
        return None
    text = frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return atomic.write_text(Path(output_dir) / f"{name}.csv", text)


def save_text(text: str, output_dir: str | Path | None, filename: str) -> Path | None:
    """Write `text` as `<output_dir>/<filename>`; None if no folder."""
    if output_dir is None:
        return None
    return atomic.write_text(Path(output_dir) / filename, text)


def save_figure(figure, output_dir: str | Path | None, name: str,
                formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Write a chart as `<output_dir>/<name>.<format>` for each format; [] if no folder."""
    if output_dir is None:
        return []
    from analysis.charts import save_chart  # matplotlib only when a chart is actually saved

    return save_chart(figure, Path(output_dir) / name, tuple(formats))


class ShownChart:
    """A chart as a notebook shows it: the PNG `save_figure` writes (200 dpi), displayed at the figure's own size.

    The page then holds the very image of the report folder, drawn once, instead of a second drawing by the inline
    backend; its text form is the figure's.
    """

    def __init__(self, png: bytes, width: int, text: str):
        self.png, self.width, self.text = png, width, text

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        return self.png, {"width": self.width}  # the height follows: a narrow page scales the image as a whole

    def __repr__(self) -> str:
        return self.text


def show_figure(figure, output_dir: str | Path | None, name: str,
                formats: Sequence[str] = ("png", "svg")) -> ShownChart:
    """`save_figure`, then the chart for the notebook to show: the written PNG itself (drawn in memory when no
    folder is given or PNG is not among `formats`), so that every format is drawn once.

    Make it a cell's last expression: `outputs.show_figure(figure, output_dir, "deaths", figure_formats)`.
    """
    from analysis.charts import chart_bytes  # matplotlib only when a chart is drawn

    drawn = {fmt: chart_bytes(figure, fmt) for fmt in formats} if output_dir is not None else {}
    for fmt, content in drawn.items():
        atomic.write_bytes(Path(output_dir) / f"{name}.{fmt}", content)
    png = drawn["png"] if "png" in drawn else chart_bytes(figure, "png")
    width = round(figure.get_figwidth() * figure.dpi)  # CSS pixels, as the inline backend shows a figure
    return ShownChart(png, width, repr(figure))


class ReadingTable:
    """A table as the page shows it (`reading_table`): one header line of plain words, no row numbers, every value
    escaped; its text form is the same table as text."""

    def __init__(self, frame: pd.DataFrame, shared: dict[str, str] | None = None):
        self.frame = frame
        self.shared = shared or {}  # columns taken out because every row has the same value: header -> value

    def _repr_html_(self) -> str:
        # to_html escapes <, > and &, and marks the table tex2jax_ignore where the notebook sets pandas'
        # display.html.use_mathjax to False (as every notebook here does): a "$" in the data is never typeset.
        above = "".join(f"<p><strong>{html.escape(header)}</strong>: {html.escape(value)}</p>"
                        for header, value in self.shared.items())
        return above + self.frame.to_html(index=False, border=0)

    def __repr__(self) -> str:
        above = "".join(f"{header}: {value}\n" for header, value in self.shared.items())
        return above + self.frame.to_string(index=False)


def reading_table(frame: pd.DataFrame, headers: dict[str, str] | None = None,
                  missing: str = NOT_GIVEN, shared: Sequence[str] = ()) -> ReadingTable:
    """`for_reading(frame)` shown without row numbers or an index line, its columns (those of `headers`, in its
    order, when given) under the headers' plain words. Of the `shared` columns, one whose every row (two or more)
    says the same is said once above the table instead. Make it a cell's last expression."""
    shown = for_reading(frame.reset_index(drop=True), missing)
    if headers is not None:
        shown = shown[list(headers)].rename(columns=headers)
    same = [c for c in shared if len(shown) > 1 and shown[c].nunique(dropna=False) == 1]
    return ReadingTable(shown.drop(columns=same), {c: str(shown[c].iloc[0]) for c in same})


def for_reading(frame: pd.DataFrame, missing: str = NOT_GIVEN) -> pd.DataFrame:
    """`frame` as a reader sees it: whole numbers without '.0' and with thousands separators ("1,400"), dates at
    midnight as YYYY-MM-DD, a missing value as a dash; a column that repeats the index names it instead.

    >>> for_reading(pd.DataFrame({"n": [1400.0, None]}))["n"].tolist()
    ['1,400', '—']
    """
    out = frame.copy()
    index = out.index.astype(str).to_numpy()
    # Row numbers (a default RangeIndex) are no ids: a column of 0, 1, 2 (or a one-row 0) is data, kept as such.
    row_numbers = isinstance(out.index, pd.RangeIndex) and out.index.name is None
    repeats = [] if row_numbers else [c for c in out.columns if (out[c].astype(str).to_numpy() == index).all()]
    if repeats and out.index.name in (None, repeats[0]):  # the ids once, as the index, under the column's name
        out = out.drop(columns=repeats[0]).rename_axis(repeats[0])
    for column in out.columns:
        values = out[column]
        known = values.dropna()
        if pd.api.types.is_bool_dtype(values):
            continue
        if values.dtype == object:  # numbers among words ("2425" beside "open"): the numbers worded
            number = known.map(type).isin([int, float, np.int64, np.float64])
            known = known[number]
        if (pd.api.types.is_numeric_dtype(values) or values.dtype == object) and len(known) and (
                known.astype(float) == known.astype(float).round()).all():
            words = {v: f"{v:,.0f}" for v in pd.unique(known)}  # each distinct number worded once
            out[column] = values.astype(object).map(words).where(values.index.isin(known.index), values)
        elif pd.api.types.is_datetime64_any_dtype(values) and (known == known.dt.normalize()).all():
            out[column] = values.dt.strftime("%Y-%m-%d")
        out[column] = out[column].astype(object).where(values.notna(), missing)
    return out
