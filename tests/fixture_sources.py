"""Sources written for the tests (tests/fixtures/sources/, in our own words), added to a copy of the data the way
a curator adds one: the source row as `add-source` derives it, then events and figures whose bounds follow the
qualifier rule and whose excerpts are verbatim passages of the fixture text."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from analysis import add_source, paths, quantities

FIXTURE_SOURCES = Path(__file__).parent / "fixtures" / "sources"


def archives_with_fixtures(folder: Path) -> Path:
    """An archives folder holding every fixture text under sources/."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for text in FIXTURE_SOURCES.glob("*.txt"):
        shutil.copyfile(text, folder / "sources" / text.name)
    return folder


def archives_with_bundled(folder: Path) -> Path:
    """An archives folder of the test's own: a copy of every archived text the bundled sources.csv names (from
    `paths.archive_dir()`) and every fixture text, to which a test adds texts it writes (`add_written_source`)."""
    with open(paths.DATA_DIR / "sources.csv", newline="", encoding="utf-8") as handle:
        named = [row["archive_path"] for row in csv.DictReader(handle) if row["archive_path"]]
    missing = [a for a in named if not (paths.archive_dir() / a).is_file()]
    if missing:  # a checkout without ../shared: like the archive tests, skip and say why (CI has the archives)
        pytest.skip(f"the archived texts {missing} are not in {paths.archive_dir()}; this test copies them")
    for archive_path in named:
        (folder / archive_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.archive_dir() / archive_path, folder / archive_path)
    return archives_with_fixtures(folder)


def add_written_source(editable, archives: Path, source_id: str, text: str, publisher: str, **fields: str) -> str:
    """Archive `text`, written by the test, as sources/<source_id>.txt in `archives` and append its row to
    sources.csv as `add-source` would derive it; returns its id. Excerpts from it must be verbatim passages."""
    path = archives / "sources" / f"{source_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    row, _ = add_source.source_row(source_id=source_id, publisher=publisher, archive_path=f"sources/{path.name}",
                                   sha256=add_source.sha256_of(path), text=text, **fields)
    editable.append("sources", row)
    return source_id


def text_of(name: str) -> str:
    return (FIXTURE_SOURCES / f"{name}.txt").read_text(encoding="utf-8")


def add_fixture_source(editable, name: str, publisher: str, url: str = "", **fields: str) -> str:
    """Append the fixture text `name` to sources.csv as `add-source` would derive it; returns its id."""
    row, _ = add_source.source_row(source_id=name, publisher=publisher, archive_path=f"sources/{name}.txt",
                                   sha256=add_source.sha256_of(FIXTURE_SOURCES / f"{name}.txt"), text=text_of(name),
                                   url=url or None, **fields)
    editable.append("sources", row)
    return name


def add_event(editable, event_id: str, occurrence_id: str, start_date: str, source_id: str, excerpt: str, *,
              kind: str, title: str, **fields: str) -> None:
    """Append an account of an event; `excerpt` must be a verbatim passage of the source's text."""
    assert excerpt in text_of(source_id), f"not verbatim in {source_id}: {excerpt!r}"
    editable.append("events", {"event_id": event_id, "occurrence_id": occurrence_id, "start_date": start_date,
                               "date_precision": "day", "date_qualifier": "on", "date_refers_to": "occurrence",
                               "date_basis": "stated", "kind": kind, "title": title, "source_id": source_id,
                               "excerpt": excerpt, **fields})


def add_figure(editable, figure_id: str, source_id: str, excerpt: str, *, quantity: str, side: str, value: float | None,
               qualifier: str, value_text: str, unit: str = "people", population: str = "military",
               scope: str = "counted as the source says", text: str | None = None, **fields: str) -> None:
    """Append a figure with the bounds its qualifier implies; `value_text` must be in `excerpt`, a verbatim passage
    of the source's `text` (default: its fixture text)."""
    assert excerpt in (text or text_of(source_id)) and value_text in excerpt, (source_id, value_text)
    low, high = quantities.bounds(value, qualifier)
    cell = lambda v: "" if v is None else f"{v:g}"  # noqa: E731
    editable.append("figures", {"figure_id": figure_id, "quantity": quantity, "side": side, "population": population,
                                "value": cell(value), "unit": unit, "qualifier": qualifier, "value_text": value_text,
                                "low": cell(low), "high": cell(high), "scope": scope, "source_id": source_id,
                                "excerpt": excerpt, **fields})


def add_parade_reports(editable) -> None:
    """Three reports of the 10 December 2020 Baku parade, each an account of the bundled data's `victory-parade`
    occurrence with its troop count: "More than 3,000 personnel", "Almost 3,000 troops", "More than 3,000 troops",
    and the daily's "About 150 units of military hardware"."""
    add_fixture_source(editable, "parade-agency", "State news agency (fixture)")
    add_fixture_source(editable, "parade-diaspora", "Diaspora weekly (fixture)",
                       url="https://diaspora.example/news/2020/12/11/baku-parade")
    add_fixture_source(editable, "parade-daily", "Turkish daily (fixture)")
    reports = {
        "parade-agency": ("BAKU, 10 December 2020 - A military parade marking the end of the fighting was held in "
                          "the capital today. More than 3,000 personnel marched past the stand",
                          "More than 3,000 personnel", "more than"),
        "parade-diaspora": ("Almost 3,000 troops marched through the centre of Baku on Thursday, 10 December",
                            "Almost 3,000 troops", "almost"),
        "parade-daily": ("More than 3,000 troops took part in the parade held in Baku on 10 December.",
                         "More than 3,000 troops", "more than"),
    }
    # The agency states the year; the others give "10 December", resolved against their publication dates.
    dated = {"parade-agency": {}, "parade-diaspora": {"date_basis": "resolved", "date_expression": "10 December"},
             "parade-daily": {"date_basis": "resolved", "date_expression": "on 10 December"}}
    for source_id, (excerpt, words, qualifier) in reports.items():
        add_event(editable, f"{source_id}-parade", "victory-parade", "2020-12-10", source_id, excerpt, kind="parade",
                  title="Victory parade in Baku", actor_ids="azerbaijan", **dated[source_id])
        add_figure(editable, f"{source_id}-troops", source_id, excerpt, quantity="troops", side="azerbaijan",
                   value=3000, qualifier=qualifier, value_text=words, as_of="2020-12-10", as_of_basis="stated",
                   event_id=f"{source_id}-parade", scope="troops in the victory parade")
    hardware = ("About 150 units of military hardware were displayed, among them tanks, missile launchers, air "
                "defence systems and warships.")
    add_figure(editable, "parade-daily-hardware", "parade-daily", hardware, quantity="military_hardware",
               side="azerbaijan", value=150, qualifier="about", value_text="About 150 units of military hardware",
               unit="items", as_of="2020-12-10", as_of_basis="stated", event_id="parade-daily-parade",
               scope="units of military hardware displayed in the victory parade")


def add_agreement_reports(editable, *names: str) -> None:
    """Accounts of the bundled `agreement` occurrence from the fixture texts named (all by default):
    "agreement-timeline" (signed on 9 November around midnight; in force at 00:00 Moscow time on 10 November),
    "agreement-concluded" (concluded on November 9) and "agreement-wrong-date" (concluded on 12 November 2020)."""
    names = names or ("agreement-timeline", "agreement-concluded", "agreement-wrong-date")
    if "agreement-timeline" in names:
        add_fixture_source(editable, "agreement-timeline", "Weekly review (fixture)")
        signed = "The three leaders signed the statement on 9 November around midnight, after a day of telephone calls."
        add_event(editable, "agreement-timeline-signed", "agreement", "2020-11-09", "agreement-timeline", signed,
                  kind="agreement", title="The statement is signed", date_stage="signed", time_qualifier="night",
                  date_basis="resolved", date_expression="on 9 November")
        in_force = "It entered into force at 00:00 Moscow time on 10 November"
        add_event(editable, "agreement-timeline-in-force", "agreement", "2020-11-10", "agreement-timeline", in_force,
                  kind="agreement", title="The statement takes effect", date_stage="in force", start_time="00:00",
                  time_zone="Europe/Moscow", date_basis="resolved", date_expression="on 10 November")
    if "agreement-concluded" in names:
        add_fixture_source(editable, "agreement-concluded", "Monthly magazine (fixture)",
                           url="https://magazine.example/2020/11/25/a-fragile-peace")
        add_event(editable, "agreement-concluded-signed", "agreement", "2020-11-09", "agreement-concluded",
                  "The agreement was concluded on November 9, after Shusha had fallen.", kind="agreement",
                  title="The agreement is concluded", date_stage="signed", date_basis="resolved",
                  date_expression="on November 9")
    if "agreement-wrong-date" in names:
        add_fixture_source(editable, "agreement-wrong-date", "Digest (fixture)")
        add_event(editable, "agreement-wrong-date-signed", "agreement", "2020-11-12", "agreement-wrong-date",
                  "The ceasefire agreement was concluded on 12 November 2020", kind="agreement",
                  title="The agreement is concluded", date_stage="signed", date_expression="12 November 2020")


def add_encyclopedia_losses(editable) -> None:
    """An encyclopedia page that gives Armenia's military dead twice in its own voice, undated: 3,825 and 14,000."""
    add_fixture_source(editable, "encyclopedia-losses", "Encyclopedia (fixture)", source_type="encyclopedia")
    for figure_id, words, value in (("encyclopedia-am-deaths", "3,825 soldiers", 3825),
                                    ("encyclopedia-am-deaths-all", "14,000 Armenian soldiers", 14000)):
        excerpt = next(s for s in text_of("encyclopedia-losses").split(". ") if words in s)
        add_figure(editable, figure_id, "encyclopedia-losses", excerpt, quantity="deaths", side="armenia", value=value,
                   qualifier="exact", value_text=words, scope="Armenian soldiers killed in the war")


def add_ambush_reports(editable, as_of: str = "2020-11-26", second: float | None = None) -> None:
    """A trial user's real source, as they recorded it: Azerbaijan's "four of its troops" killed when Armenian
    fighters ambushed its forces on 26 November 2020 (WION, from Deutsche Welle, 14 December 2020), an account
    of kind attack of occurrence `ambush-2020-11-26`, the figure dated `as_of`. With `second`, another source's
    account of the same ambush counting `second` dead on the same day. The sources have no archived text."""
    sources = [("ambush-wion", "WION (from Deutsche Welle)")] + ([("ambush-other", "Other wire (test)")]
                                                                  if second is not None else [])
    for source_id, publisher in sources:
        editable.append("sources", {"source_id": source_id, "publisher": publisher, "title": f"{source_id} report",
                                    "date_published": "2020-12-14", "date_published_note": "Written for the test.",
                                    "language": "en", "source_type": "news"})
    excerpt = ("The Azerbaijani government says four of its troops were killed in Nagorno-Karabakh after a group of "
               "Armenian fighters ambushed its forces on November 26th.")
    accounts = [("ambush-wion", 4.0, "four of its troops", excerpt)]
    if second is not None:
        words = f"{second:g} Azerbaijani soldiers"
        accounts.append(("ambush-other", second, words, f"Armenian fighters killed {words} in an ambush on 26 "
                                                        "November."))
    for source_id, value, words, text in accounts:
        editable.append("events", {"event_id": f"{source_id}-ambush", "occurrence_id": "ambush-2020-11-26",
                                   "start_date": "2020-11-26", "date_precision": "day", "date_qualifier": "on",
                                   "date_refers_to": "occurrence", "date_basis": "stated", "kind": "attack",
                                   "title": "Armenian fighters ambush Azerbaijani forces", "claimant_id": "azerbaijan",
                                   "source_id": source_id, "excerpt": text})
        editable.append("figures", {"figure_id": f"{source_id}-az-deaths", "quantity": "deaths", "side": "azerbaijan",
                                    "population": "military", "value": f"{value:g}", "unit": "people",
                                    "qualifier": "exact", "value_text": words, "low": f"{value:g}",
                                    "high": f"{value:g}", "scope": "Azerbaijani troops killed in the ambush of 26 "
                                    "November", "as_of": as_of if source_id == "ambush-wion" else "2020-11-26",
                                    "as_of_basis": "stated", "event_id": f"{source_id}-ambush",
                                    "claimant_id": "azerbaijan", "source_id": source_id, "excerpt": text})
