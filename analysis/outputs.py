"""Files a notebook writes into its output folder: tables as CSV, charts as PNG and SVG, text.

Every function does nothing and returns nothing useful when `output_dir` is None, so a notebook explored
interactively writes no files; the report runner passes a folder. Writes are atomic.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import atomic


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
