"""Every figure a report's table shows is traced, on the same page, to the verbatim passage that supports it."""

from __future__ import annotations

import dataclasses
import html as html_module
import re

import pandas as pd
import pytest

from analysis import citations, excerpts, statistics
from tests.test_markup import HOSTILE


def _visible(fragment: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _rows(page: str) -> dict[str, str]:
    """Each body row's figure id (its row header) and its excerpt cell, as HTML."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return {_visible(th): cells[-1] for th, cells in
            ((re.search(r"<th>(.*?)</th>", row, re.S).group(1), re.findall(r"<td>(.*?)</td>", row, re.S))
             for row in re.findall(r"<tr>(.*?)</tr>", body, re.S))}


def _notes(page: str) -> dict[str, str]:
    """Each note's anchor and its text as a reader sees it."""
    return {anchor: _visible(item) for anchor, item in re.findall(r'<li id="([^"]+)">(.*?)</li>', page, re.S)}


def _own(data, passages: dict[str, tuple[str, str, str]], publisher: str = "Daily Example",
         title: str = "Our own report") -> tuple[pd.DataFrame, object]:
    """A table and a data set of our own: figure id -> (words, passage, source id)."""
    ids = list(passages)
    figures = pd.DataFrame({"figure_id": ids, "value_text": [v[0] for v in passages.values()],
                            "excerpt": [v[1] for v in passages.values()],
                            "source_id": [v[2] for v in passages.values()]}, index=pd.Index(ids, name="figure_id"))
    source_ids = sorted({v[2] for v in passages.values()})
    sources = pd.DataFrame({"publisher": publisher, "title": title,
                            "date_published": pd.to_datetime(["2021-03-04"] * len(source_ids))},
                           index=pd.Index(source_ids, name="source_id"))
    table = pd.DataFrame({"as stated": figures["value_text"].to_numpy(), "figure_id": ids}, index=ids)
    return table, dataclasses.replace(data, figures=figures, sources=sources)


def test_every_figure_of_a_table_links_to_its_passage_quoted_whole_with_its_source(data):
    table = statistics.figures_with_bounds(data)
    table = statistics.figures_table(table[table["quantity"].isin(["deaths", "wounded", "missing", "peacekeepers"])])
    page = excerpts.figures_with_excerpts(table, data, "casualties")._repr_html_()
    rows, notes = _rows(page), _notes(page)
    assert sorted(rows) == sorted(table["figure_id"])
    for figure_id, cell in rows.items():
        figure = data.figures.loc[figure_id]
        assert f"<mark>{html_module.escape(figure['value_text'])}</mark>" in cell, "the figure's words, marked"
        anchor = re.search(r'href="#([^"]+)"', cell).group(1)
        note = notes[anchor]
        assert citations.quoted_excerpt(figure["excerpt"]) in note, "the passage whole, verbatim"
        assert data.sources.loc[figure["source_id"], "publisher"] in note and figure_id in note
        assert data.sources.loc[figure["source_id"], "title"] in note
    assert len(notes) == len(set(notes)) < len(rows), "figures that quote one passage share its note"


def test_a_long_passage_is_cut_at_spaces_around_the_words_and_a_short_one_is_whole(data):
    long = ("The harbour office counted the boats at dawn and again at dusk, and by the evening it reported "
            "exactly forty-two fishing boats moored along the eastern quay, while the western quay stood empty "
            "for the whole of the week that followed.")
    short = "Nine ferries sailed."
    table, own = _own(data, {"f-boats": ("forty-two fishing boats", long, "s1"),
                             "f-ferries": ("Nine ferries", short, "s1")})
    shown = excerpts.figures_with_excerpts(table, own, "t", context=30)
    rows = _rows(shown._repr_html_())
    boats = _visible(rows["f-boats"])
    assert boats.startswith("… ") and boats.endswith("… [1]")
    kept = boats.removeprefix("… ").removesuffix(" … [1]")
    assert kept in long, "what is kept is the passage's own words, in order"
    before, after = kept.split("forty-two fishing boats")
    assert len(before) <= 30 and len(after) <= 30
    assert f" {kept.split()[0]}" in long and f"{kept.split()[-1]} " in long, "cut between words, never inside one"
    assert _visible(rows["f-ferries"]) == "Nine ferries sailed. [2]"
    assert "<mark>Nine ferries</mark> sailed." in rows["f-ferries"]
    assert f"“{long}”" in _notes(shown._repr_html_())["t-excerpt-1"]
    assert "Daily Example, “Our own report”, 4 March 2021" in repr(shown), "the text form names the source too"


def test_notes_are_numbered_in_the_order_the_table_first_quotes_them(data):
    one, two = "Three bridges were closed on Monday.", "Four roads and two tunnels reopened."
    table, own = _own(data, {"a": ("Four roads", two, "s1"), "b": ("Three bridges", one, "s2"),
                             "c": ("two tunnels", two, "s1")})
    page = excerpts.figures_with_excerpts(table, own, "roads")._repr_html_()
    rows, notes = _rows(page), _notes(page)
    assert [_visible(rows[i])[-3:] for i in "abc"] == ["[1]", "[2]", "[1]"]
    assert list(notes) == ["roads-excerpt-1", "roads-excerpt-2"]
    assert "(figures a, c)" in notes["roads-excerpt-1"] and "(figure b)" in notes["roads-excerpt-2"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_data_text_in_the_excerpts_and_their_sources_is_shown_as_written(data, hostile):
    passage = f"Before {hostile} the council counted 12 lamps {hostile} after."
    table, own = _own(data, {"lamps": (f"12 lamps {hostile}", passage, "s1")}, publisher=f"Pub {hostile}",
                      title=f"Title {hostile}")
    table["as stated"] = f"12 lamps {hostile}"
    page = excerpts.figures_with_excerpts(table, own, "lamps")._repr_html_()
    assert "<script" not in page and "<img" not in page and "<a href=\"javascript" not in page
    assert f"“{passage}”" in _notes(page)["lamps-excerpt-1"]
    assert f"Pub {hostile}, “Title {hostile}”" in _notes(page)["lamps-excerpt-1"]
    assert f"<mark>{html_module.escape(f'12 lamps {hostile}')}</mark>" in _rows(page)["lamps"]
    assert f"12 lamps {hostile}" in _visible(page.split("<tbody>")[1])


def test_the_same_table_gives_the_same_bytes(data):
    table = statistics.figures_table(statistics.figures_with_bounds(data))
    first = excerpts.figures_with_excerpts(table, data, "all")
    second = excerpts.figures_with_excerpts(table.copy(), data, "all")
    assert first._repr_html_() == second._repr_html_() and repr(first) == repr(second)
