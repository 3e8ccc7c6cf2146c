"""Figures beside the verbatim passages that support them, as a report's tables show them.

`figures_with_excerpts` turns a table of figures (`statistics.figures_table`) into the table a reader sees, with
one more column, "excerpt": the source's passage around the figure's words (which occur verbatim in it: the
loader checks), those words marked, cut at spaces to about `context` characters either side with "…" where it is
cut, and a note number. The numbered notes under the table quote each passage whole, with its source named
(publisher, title, date published) and the figures it supports; figures that quote one passage share its note.
Every piece of data text is HTML-escaped; the same table and data give the same bytes.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis import dates, markup, outputs
from analysis.citations import quoted_excerpt
from analysis.loading import Dataset

ELLIPSIS = "…"  # where a shortened passage is cut; the passage's own elisions are " […] "
# The excerpt column stays a column of a wide table: wrapped within a measure, the figure's words marked; the
# notes read as a list of quotations under it. Scoped by class, so that no other table on the page changes.
STYLE = """<style scoped>
table.with-excerpts td:last-child { min-width: 13em; max-width: 24em; }
table.with-excerpts mark { background: #fff0a8; color: inherit; padding: 0 0.1em; }
table.with-excerpts a.excerpt-note { white-space: nowrap; text-decoration: none; }
p.excerpt-notes-title { margin: 0.8em 0 0.2em; }
ol.excerpt-notes { font-size: 0.92em; margin-top: 0; padding-left: 2.4em; }
ol.excerpt-notes li { margin-bottom: 0.35em; }
ol.excerpt-notes .excerpt-source { color: #555; }
</style>"""


class ExcerptedTable:
    """A figures table with its excerpt column and notes: HTML for the page, text for a console."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def figures_with_excerpts(table: pd.DataFrame, data: Dataset, name: str, *, context: int = 50) -> ExcerptedTable:
    """`table` (one row per figure, with `figure_id`) as the reader sees it, each figure traced to its excerpt.

    `name` makes the notes' anchors unique on the page (two tables, two names); `context` is how many characters
    of the passage are kept, at most, on either side of the figure's words.
    """
    ids = pd.Series(table["figure_id"].astype("str").to_numpy(), dtype="str")  # positions, not labels, from here
    figures = data.figures.reindex(pd.Index(ids)).reset_index(drop=True)
    passage = _one_line(figures["excerpt"].fillna(""))
    before, marked, after = _around(passage, _one_line(figures["value_text"].fillna("")), context)

    # One note per distinct passage of a source, numbered in the order the table first quotes it.
    code, _ = pd.factorize(figures["source_id"].astype("str") + "\x1f" + passage)
    number = pd.Series(code + 1, dtype="int64").astype("str")
    first = ~pd.Series(code).duplicated()
    notes = _notes(figures[first], passage[first], ids, code, data)
    anchor = f"{_anchor_name(name)}-excerpt-"

    reading = outputs.for_reading(table)
    shown = pd.DataFrame({markup.escape_html(column): _html(reading[column].astype("str")).to_numpy()
                          for column in reading.columns},
                         index=pd.Index(_html(pd.Series(reading.index.astype("str"))).to_numpy(),
                                        name=markup.escape_html(reading.index.name) if reading.index.name else None))
    marks = ("<mark>" + _html(marked) + "</mark>").where(marked != "", "")
    links = '<a class="excerpt-note" href="#' + anchor + number + '">[' + number + "]</a>"
    shown["excerpt"] = (_html(before) + marks + _html(after) + " " + links).to_numpy()
    items = ('<li id="' + anchor + notes["number"] + '">' + _html(notes["quoted"]) + ' <span class="excerpt-source">— '
             + _html(notes["source"]) + " (" + _html(notes["figures"]) + ")</span></li>")
    html = (f"<div>\n{STYLE}\n" + shown.to_html(escape=False, classes="with-excerpts", border=0) + "\n"
            + '<p class="excerpt-notes-title"><strong>Excerpts</strong>, each quoted whole from its source:</p>\n'
            + '<ol class="excerpt-notes">\n' + "\n".join(items) + "\n</ol>\n</div>")

    text_table = reading.assign(excerpt=(before + marked + after + " [" + number + "]").to_numpy())
    text_notes = ("[" + notes["number"] + "] " + notes["quoted"] + " — " + notes["source"]
                  + " (" + notes["figures"] + ")")
    return ExcerptedTable(html, text_table.to_string() + "\n\n" + "\n".join(text_notes))


def _notes(first: pd.DataFrame, passage: pd.Series, ids: pd.Series, code: np.ndarray, data: Dataset) -> pd.DataFrame:
    """Per distinct passage, in order: its number, the passage quoted whole, its source in words, and the figures
    that quote it."""
    sources = data.sources.reindex(pd.Index(first["source_id"].astype("str"))).reset_index(drop=True)
    published = dates.format_dates(sources["date_published"], pd.Series("day", index=sources.index))
    supported = ids.groupby(code, sort=True).agg(", ".join).reset_index(drop=True)
    return pd.DataFrame({
        "number": pd.Series(np.arange(1, len(sources) + 1)).astype("str"),
        "quoted": passage.map(quoted_excerpt).astype("str").reset_index(drop=True),  # as the footnotes quote
        "source": (sources["publisher"].fillna("").astype("str") + ", “" + sources["title"].fillna("").astype("str")
                   + "”, " + published.where(published != "", "n.d.")),
        "figures": ("figure" + pd.Series(np.where(supported.str.contains(", "), "s ", " ")) + supported),
    })


def _around(passage: pd.Series, words: pd.Series, context: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The passage as three parts: what comes before the figure's words (at most `context` characters, cut at a
    space), the words, and what follows (likewise). Words not found (none given) leave the passage unmarked."""
    text = passage.to_numpy(dtype=np.dtypes.StringDType())
    sought = words.to_numpy(dtype=np.dtypes.StringDType())
    at = np.strings.find(text, sought)
    found = (at >= 0) & (np.strings.str_len(sought) > 0)
    start = np.where(found, at, 0)
    end = start + np.where(found, np.strings.str_len(sought), 0)
    index = passage.index
    before = pd.Series(np.strings.slice(text, 0, start), index=index, dtype="str")
    marked = pd.Series(np.strings.slice(text, start, end), index=index, dtype="str")
    after = pd.Series(np.strings.slice(text, end, None), index=index, dtype="str")
    # The longest tail (head) of at most `context` characters that starts (ends) at a space; a part no longer
    # than that stays whole.
    before = before.str.replace(rf"^(?=.{{{context + 1},}}$).*?\s(?=.{{0,{context}}}$)", f"{ELLIPSIS} ", regex=True)
    after = after.str.replace(rf"^(?=.{{{context + 1},}}$)(.{{0,{context}}})\s.*$", rf"\1 {ELLIPSIS}", regex=True)
    return before, marked, after


def _one_line(texts: pd.Series) -> pd.Series:
    """Runs of whitespace as one space, as the footnotes quote a passage (its words are never changed)."""
    return texts.astype("str").str.replace(r"\s+", " ", regex=True).str.strip()


def _html(texts: pd.Series) -> pd.Series:
    return markup.escape_html_column(texts.astype("str"))


def _anchor_name(name: str) -> str:
    """`name` as a fragment of an element id: letters, digits and '-' only."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-") or "table"
