"""The event-data report as a reader reads it (trial 24): its tables' headers and rows, what the weekly line leaves
out, and the pages of the other reports run on an imported folder."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import event_data, importers, loading, outputs, paths

FIXTURES = paths.REPO_DIR / "tests" / "fixtures"


@pytest.fixture(scope="module")
def ged(tmp_path_factory) -> loading.Dataset:
    out = tmp_path_factory.mktemp("ged") / "ged"
    return importers.ged(FIXTURES / "ged_fixture.csv", out, version="23.1", accessed="2024-01-10",
                         sides={"Republic of Artsakh": "armenia"})


@pytest.fixture(scope="module")
def acled(tmp_path_factory) -> loading.Dataset:
    return importers.acled(FIXTURES / "acled_fixture.csv", tmp_path_factory.mktemp("acled") / "acled",
                           accessed="2024-01-10")


@pytest.fixture(scope="module")
def with_ged(ged) -> loading.Dataset:
    return loading.combine([loading.load(), ged])


@pytest.fixture(scope="module")
def with_acled(acled) -> loading.Dataset:
    return loading.combine([loading.load(), acled])


WINDOW = ("2020-09-27", "2020-11-10")


def _html_rows(html: str) -> tuple[list[str], list[list[str]]]:
    """The header cells and the body rows' cells of one HTML table."""
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    cells = lambda part, tag: [c.strip() for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", part, re.S)]  # noqa: E731
    return cells(head, "th"), [cells(r, "td") for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


# ---------------------------------------------------------------------------------------- problem 10: tables


def test_the_total_of_every_death_is_one_row_and_it_is_the_total_the_claims_are_held_against(with_ged):
    # GED's totals name side "both" in dyadic events and "unspecified" in one-sided violence: the page showed two
    # rows, "both / all" and "unspecified / all", both labelled "every side", and the reader had to add them.
    by_side = event_data.totals_by_side(with_ged, *WINDOW)
    totals = by_side[by_side["population"] == "all"]
    assert len(totals) == 1
    compared = event_data.compare_claims(with_ged, *WINDOW).set_index("figure_id")
    claim = compared.loc["an-deaths-total"]  # "more than 5,600" dead on both sides, as of 12 December
    assert (totals["best"].iat[0], totals["low"].iat[0], totals["high"].iat[0]) == (
        claim["best"], claim["low"], claim["high"])
    # The one-sided violence (900004, 4; 900005, 10) is in it, beside the dyadic events.
    dyadic = 24 + 6 + 15 + 2 + 45 + 2 + 2
    assert (totals["best"].iat[0], totals["events"].iat[0]) == (dyadic + 4 + 10, 9)


def test_the_deaths_by_side_table_reads_in_plain_words_with_the_same_columns_for_ged_and_acled(with_ged, with_acled):
    tables = {}
    for name, data in (("ged", with_ged), ("acled", with_acled)):
        shown = event_data.by_side_for_reading(event_data.totals_by_side(data, *WINDOW), data.sources)
        tables[name] = shown
        assert not any("_" in c for c in shown.columns), list(shown.columns)
        assert shown["whose deaths"].iat[0] == "every death in the events (every side, civilians included)"
    columns = {name: list(t.columns) for name, t in tables.items()}
    # The estimate is named as its publisher names it; every other column is the same.
    assert columns["ged"][5] == "best estimate" and columns["acled"][5] == "conservative estimate"
    assert columns["ged"][:5] + columns["ged"][6:] == columns["acled"][:5] + columns["acled"][6:]
    ged = tables["ged"].set_index("whose deaths")
    assert ged.loc["fighters of Government of Armenia", "side"] == "Armenian side"
    assert ged.loc["civilians", ["best estimate", "low", "high"]].tolist() == [16, "not stated", "not stated"]


def test_a_table_on_the_page_has_one_header_line_no_row_numbers_and_escaped_text(with_acled):
    # ACLED's table had one row and a column of zeros (events_maybe): the zeros were taken for the row ids, so the
    # column became a second header line and the others slid one place left.
    by_side = event_data.totals_by_side(with_acled, *WINDOW)
    assert len(by_side) == 1 and by_side["events_maybe"].iat[0] == 0
    html = outputs.reading_table(event_data.by_side_for_reading(by_side, with_acled.sources))._repr_html_()
    headers, rows = _html_rows(html)
    assert html.count("<tr") == 2 and "<th>" not in html.split("<tbody>")[1], "no row numbers, no index line"
    assert headers[3:5] == ["events in the window", "more events that may fall in it (high only)"]
    assert len(rows) == 1 and len(rows[0]) == len(headers) and rows[0][4] == "0"
    marked = outputs.reading_table(pd.DataFrame({"title": ["<script>alert(1)</script> & $x$"]}))._repr_html_()
    assert "<script>" not in marked and "&lt;script&gt;" in marked and "$x$" in marked


def test_row_numbers_are_never_taken_for_ids():
    frame = pd.DataFrame({"events_maybe": [0], "best": [272.0]})
    shown = outputs.for_reading(frame)
    assert list(shown.columns) == ["events_maybe", "best"] and shown.index.name is None
    counted = pd.DataFrame({"n": [0, 1, 2], "word": ["a", "b", "c"]})  # equal to the row numbers, still data
    assert list(outputs.for_reading(counted).columns) == ["n", "word"]


def test_the_claims_table_has_plain_headers_and_the_claim_id_as_a_column(with_ged):
    compared = event_data.compare_claims(with_ged, *WINDOW)
    shown = event_data.claims_for_reading(compared)
    assert list(shown.columns) == ["claim id", "claim", "claimant", "side", "population", "as of", "event data",
                                   "window", "the event data count", "verdict", "why"]
    row = shown.set_index("claim id").loc["meduza-am-deaths"]
    assert (row["side"], row["population"], row["as of"]) == ("Armenian side", "soldiers", "2020-11-17")
    html = outputs.reading_table(shown)._repr_html_()
    assert ">as_of<" not in html and ">source_id<" not in html and ">events_maybe<" not in html
    assert len(_html_rows(html)[1]) == len(compared)
