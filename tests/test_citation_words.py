"""`cite`'s words say no more than the source: shares with "%", terms only where a text sets them, "as of" where a
source states the moment, and places an agreement or report is about rather than in. Built on a displacement report
written for these tests (an agency's counts, as a user adds one), besides the bundled data."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import brief_check, citations, loading, quantities, statistics
from tests import fixture_sources

# A displacement update in the manner of an agency's report, in our own words, with a count as of a stated day, a
# count at the start, a count as of a month and a share.
REPORT_TEXT = (
    "Displacement update: Armenia (written for the tests)\n\n"
    "As of 30 June 2021, some 36,989 people displaced by the autumn 2020 fighting remained in Armenia, "
    "of 90,000 at the start of the displacement.\n"
    "As of June 2021, 1,250 of them lived in collective centres.\n"
    "Nearly 50% of the territory of Hadrut district changed hands.\n")
NOW = "As of 30 June 2021, some 36,989 people displaced by the autumn 2020 fighting remained in Armenia, of 90,000 " \
      "at the start of the displacement."
CENTRES = "As of June 2021, 1,250 of them lived in collective centres."
SHARE = "Nearly 50% of the territory of Hadrut district changed hands."
REPORT = "displacement-update"


def _with_report(editable, tmp_path, source_type: str = "primary_document", **release: str) -> loading.Dataset:
    """The bundled data plus the displacement report (an agency's text: a primary document, not an agreement);
    `release` changes the columns of the report's own release event."""
    archives = fixture_sources.archives_with_bundled(tmp_path / "archives")
    fixture_sources.add_written_source(editable, archives, REPORT, REPORT_TEXT, "Refugee agency (written)",
                                       date="2021-07-15", date_note="Dated in the test's own text.",
                                       source_type=source_type)
    # The report's own release: a statement in its own voice on its publication day, as a curator may record it.
    editable.append("events", {"event_id": "du-release", "occurrence_id": "du-release", "start_date": "2021-07-15",
                               "date_precision": "day", "date_qualifier": "by", "date_refers_to": "report",
                               "date_basis": "publication", "kind": "statement", "title": "Displacement update",
                               "source_id": REPORT, "excerpt": NOW, "place_ids": "armenia", **release})
    add = fixture_sources.add_figure
    add(editable, "du-displaced-now", REPORT, NOW, quantity="displaced", side="armenia", value=36989, qualifier="some",
        value_text="some 36,989", population="", scope="people displaced by the fighting still in Armenia",
        text=REPORT_TEXT, as_of="2021-06-30", as_of_basis="stated", as_of_expression="As of 30 June 2021",
        event_id="du-release")
    add(editable, "du-displaced-start", REPORT, NOW, quantity="displaced", side="armenia", value=90000,
        qualifier="exact", value_text="90,000", population="", scope="people displaced at the start",
        text=REPORT_TEXT, event_id="du-release")
    add(editable, "du-centres", REPORT, CENTRES, quantity="displaced", side="armenia", value=1250, qualifier="exact",
        value_text="1,250", population="", scope="displaced people in collective centres", text=REPORT_TEXT,
        as_of="2021-06-01", as_of_basis="stated", as_of_expression="As of June 2021", event_id="du-release")
    add(editable, "du-territory-share", REPORT, SHARE, quantity="territory", side="none", value=50,
        qualifier="nearly", value_text="Nearly 50%", unit="percent", population="",
        scope="share of Hadrut district's territory that changed hands", text=REPORT_TEXT, as_of="2021-07-15",
        as_of_basis="publication", event_id="du-release")
    return loading.load(editable.folder, archives_dir=archives)


@pytest.fixture
def report(editable, tmp_path) -> loading.Dataset:
    return _with_report(editable, tmp_path)


# ---------------------------------------------------------------------------------------------- 1. shares


def test_a_share_is_written_with_its_sign_and_its_number_in_digits():
    assert quantities.describe(50, "nearly", "percent") == "nearly 50%"
    assert quantities.describe(5, "exact", "percent") == "5%"  # never "five%"
    assert quantities.describe(72, "about", "percent") == "about 72%"
    assert quantities.Quantity.stated(50, "nearly", "percent").to_words() == "nearly 50%"  # a share needs its sign
    assert quantities.Quantity.stated(50, "nearly", "percent").to_words(with_unit=True) == "nearly 50%"
    assert quantities.Quantity.stated(5600, "more than", "people").to_words() == "more than 5,600"  # counts: no unit
    assert "percent" in quantities.WORDED_UNITS and set(quantities.WORDED_UNITS) <= set(quantities.SPOKEN_UNITS)
    back = quantities.parse_quantity("nearly 50%", "people")  # the words read back as the share they state
    assert (back.unit, back.low, back.high, back.qualifier) == ("percent", 45, 50, "nearly")


def test_cite_writes_a_share_with_its_sign(data, report):
    assert citations.words("meduza-territory-share", data).startswith("nearly 50% of the territory (")
    assert citations.amount_words(data.figures.loc["meduza-territory-share"]) == "nearly 50%"
    words = citations.words("du-territory-share", report)
    assert "nearly 50% of the territory" in words and "percent" not in words, words


def test_a_share_of_people_is_a_share_of_them(report):
    row = report.figures.loc["du-centres"].copy()
    row["unit"], row["value"], row["low"], row["high"] = "percent", 4.0, 4.0, 4.0
    words = citations.figure_words(row, report)
    assert "4% of people" in words and "four" not in words, words


def test_reports_and_brief_check_notes_write_a_share_with_its_sign(data, report):
    table = statistics.figures_with_bounds(report)
    assert table.loc["du-territory-share", "words"] == "nearly 50%"
    assert table.loc["du-displaced-now", "words"] == "some 36,989"  # a count's noun is the sentence's
    assert statistics.figures_with_bounds(data).loc["meduza-territory-share", "words"] == "nearly 50%"
    checked = brief_check.check_text("Nearly half of Nagorno-Karabakh's territory was handed over to Azerbaijan.\n",
                                     brief_check.Knowledge.of(data))
    assert checked.loc[0, "reading"].startswith("nearly 50%"), checked.loc[0, "reading"]
    assert "percent" not in " ".join(checked[["reading", "note", "fix"]].astype(str).to_numpy().ravel())


# ---------------------------------------------------------------------------------------------- 2. terms


def test_an_agencys_report_counts_it_does_not_provide(report):
    """A primary document that is no agreement's text (a refugee agency's update) reports what it counted."""
    assert not citations.sets_terms(REPORT, report)
    for identifier in ["du-displaced-now", "du-displaced-start", "du-centres", "du-territory-share"]:
        assert not citations.stipulates(report.figures.loc[identifier], report), identifier
        assert "provided for" not in citations.cite(identifier, data=report), identifier
    assert citations.words("du-displaced-start", report) == "90,000 people were displaced on the Armenian side"
    assert "provided for" not in citations.words("du-release", report)


def test_the_agreements_own_text_provides_for_its_terms(data):
    for source_id in ["pm-armenia-2020-11-10", "mfa-azerbaijan-2020-11-10"]:
        assert citations.sets_terms(source_id, data)
    for source_id in ["asia-news-2020-12-12", "meduza-2020-12-03", "bbc-55174211", "wikipedia-casualties"]:
        assert not citations.sets_terms(source_id, data), source_id
    assert citations.words("pm-peacekeepers", data) == "the document provided for 1,960 Russian peacekeepers"
    assert citations.words("pm-handover-lachin", data).startswith("the document provided for a handover")
    assert not citations.stipulates(data.events.loc["pm-agreement"], data)  # the agreement itself was reached
    # A newspaper's account of the same terms reports them.
    assert citations.words("bbc-peacekeepers", data) == "2,000 Russian peacekeepers"


def test_a_joint_statement_sets_terms_but_not_counts(editable, tmp_path):
    """Recorded as the parties' own joint statement, the update would set terms; its counts of the displaced (a
    happening) and its count as of a stated day still are counts."""
    data = _with_report(editable, tmp_path, actor_ids="armenia|azerbaijan", date_refers_to="occurrence",
                        date_qualifier="on", date_basis="stated")
    assert citations.sets_terms(REPORT, data)
    assert citations.words("du-territory-share", data) == "the document provided for nearly 50% of the territory"
    for identifier in ["du-displaced-now", "du-displaced-start"]:
        assert "provided for" not in citations.words(identifier, data), identifier


def test_one_partys_statement_sets_no_terms(editable, tmp_path):
    data = _with_report(editable, tmp_path, actor_ids="armenia", date_refers_to="occurrence", date_qualifier="on",
                        date_basis="stated")
    assert not citations.sets_terms(REPORT, data)
    assert "provided for" not in citations.words("du-territory-share", data)


# ---------------------------------------------------------------------------------------------- 3. as-of dates


def test_a_count_as_of_a_stated_day_reads_as_of_it(report):
    """ "As of 30 June 2021, some 36,989 ...": a count at that moment, published on 15 July; neither a deadline
    ("by") nor the day it was reported."""
    assert citations.words("du-displaced-now", report) == (
        "some 36,989 people were displaced on the Armenian side as of 30 June 2021")


def test_a_count_as_of_a_month_names_the_month_not_its_first_day(report):
    words = citations.words("du-centres", report)
    assert words.endswith(" as of June 2021") and "1 June" not in words, words


@pytest.mark.parametrize("basis", ["publication", "period_end", "resolved"])
def test_the_sources_as_of_wins_over_how_the_date_was_recorded(report, basis):
    """However a curator recorded the basis, the source's own "as of" is a moment, not a bound to read "by"."""
    row = report.figures.loc["du-displaced-now"].copy()
    row["as_of_basis"] = basis
    assert citations.figure_words(row, report).endswith(" as of 30 June 2021")
    row["as_of"], row["as_of_expression"] = pd.Timestamp("2021-06-30"), "As of June 2021"
    assert citations.figure_words(row, report).endswith(" as of June 2021")


def test_a_publication_date_or_a_periods_end_still_bounds(data, report):
    assert citations.words("du-territory-share", report).endswith("by 15 July 2021")  # the publication date
    assert "by 30 November 2020" in citations.words("bbc-am-deaths", data)  # the end of "last month"
    assert "by 10 November 2020" in citations.words("bbc-az-deaths", data)  # "between 27 September and 10 November"
    # A report of that day is still "as reported on" it; a count of an occurrence that day "on" it.
    assert citations.words("meduza-am-deaths", data).endswith(", as reported on 17 November 2020")
    assert "on 10 December 2020" in citations.words("an-parade-troops", data)


def test_a_stated_day_with_no_report_that_day_is_the_day_the_count_refers_to(report):
    """A day the source gives for its count, with no report of that day, is not "as reported on" it."""
    row = report.figures.loc["du-displaced-now"].copy()
    row["as_of_expression"] = "30 June 2021"
    assert citations.figure_words(row, report).endswith(" as of 30 June 2021")
    assert "reported" not in citations.figure_words(row, report)


# ---------------------------------------------------------------------------------------------- 4. places


def test_an_agreement_is_about_its_place_not_signed_in_it(data):
    assert citations.words("an-agreement", data) == (
        "on 10 November 2020 an agreement concerning Nagorno-Karabakh was reached")
    assert citations.words("meduza-agreement", data) == (
        "on the night of 10 November 2020 an agreement concerning Nagorno-Karabakh was signed")
    # What happened at a place still happened in it, even when a report of it is what the source gives.
    assert citations.words("an-violation-hadrut", data).endswith("reported a ceasefire violation in Hadrut district")
    # Along a line and a corridor, not in them (a user's trial: "in the Line of contact").
    assert "a deployment of forces along the line of contact in Nagorno-Karabakh and the Lachin corridor" in (
        citations.words("pm-deployment", data))


def test_a_statement_or_report_is_about_its_place(data, report):
    assert citations.words("du-release", report) == "by 15 July 2021 a statement concerning Armenia was made"
    row = data.events.loc["meduza-am-report"].copy()
    row["place_ids"] = "nagorno-karabakh"
    assert citations.event_words(row, data) == ("on 17 November 2020 casualty figures concerning Nagorno-Karabakh "
                                                "were published, according to the Armenian Defence Ministry")


@pytest.mark.parametrize("place_ids, words", [
    ("hin-tager|khtsaberd|hadrut", "in Hin Tager and Khtsaberd in Hadrut district"),
    ("hadrut|nagorno-karabakh|nagorno-karabakh", "in Hadrut district in Nagorno-Karabakh"),
    ("nagorno-karabakh|hadrut", "in Hadrut district in Nagorno-Karabakh"),
    ("hin-tager|hadrut|nagorno-karabakh", "in Hin Tager in Hadrut district, Nagorno-Karabakh"),
    ("hin-tager|nagorno-karabakh", "in Hin Tager in Nagorno-Karabakh"),  # a container two levels up
    ("line-of-contact|nagorno-karabakh", "along the line of contact in Nagorno-Karabakh"),  # its name says it
    ("hin-tager|khtsaberd|hadrut|aghdam", "in Hin Tager and Khtsaberd in Hadrut district and Aghdam district"),
    ("hin-tager|khtsaberd", "in Hin Tager and Khtsaberd"),
])
def test_nested_places_are_said_once(data, place_ids, words):
    row = data.events.loc["an-fighting-villages"].copy()
    row["place_ids"] = place_ids
    said = citations.event_words(row, data)
    assert said == f"by 12 December 2020 Armenian officials reported fighting {words}", said


def test_a_place_whose_name_names_its_region_is_not_followed_by_it_again(data):
    """A user's place named "Hadrut, Nagorno-Karabakh" listed with Nagorno-Karabakh: the region is said once."""
    own = pd.DataFrame({"name": ["Hadrut, Nagorno-Karabakh"], "place_type": ["district"], "parent_id": [pd.NA]},
                       index=pd.Index(["hadrut-town"], name=data.places.index.name))
    places = pd.concat([data.places, own.astype({c: data.places[c].dtype for c in own.columns})])
    with_own = dataclasses.replace(data, places=places)
    row = data.events.loc["an-agreement"].copy()
    row["place_ids"] = "hadrut-town|nagorno-karabakh"
    assert citations.event_words(row, with_own) == (
        "on 10 November 2020 an agreement concerning Hadrut, Nagorno-Karabakh was reached")


def test_the_reports_table_gives_a_stated_month_not_its_first_day(report):
    """The casualties report's "as of" column wrote "1 Jun 2021" for "As of June 2021": a day no source gave."""
    table = statistics.figures_table(statistics.figures_with_bounds(report))
    as_of = dict(zip(table["figure_id"], table["as of"], strict=True))
    assert as_of["du-centres"] == "Jun 2021", as_of
    assert as_of["du-displaced-now"] == "30 Jun 2021"
