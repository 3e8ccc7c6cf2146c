"""The field dictionary: every column defined once, feeding both datapackage.json and the loader's validation.

A table lists only its column names; what a column means, its type and its constraints live in `FIELDS`.
`python -m analysis datapackage` writes `data/datapackage.json` from here (a test keeps it in sync).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from analysis import atomic, paths
from analysis.quantities import QUALIFIER_WORDS

ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
ID_LIST_PATTERN = r"^[a-z0-9][a-z0-9.-]*(\|[a-z0-9][a-z0-9.-]*)*$"
LIST_SEPARATOR = "|"

DATE_PRECISIONS = ["day", "week", "part of month", "month", "year", "decade"]
DATE_BASES = ["stated", "resolved", "derived", "publication"]
BOUND_QUALIFIERS = ["by", "before", "after", "since"]  # a date that bounds the event, not the day it happened
DATE_QUALIFIERS = ["on", *BOUND_QUALIFIERS]
DATE_REFERS_TO = ["occurrence", "report", "plan"]
# Which stage of an event a date marks, where the source names one: an agreement is signed, announced and put in
# force at moments that may fall on different days ("signed late on 9 November", "in force from 00:00 Moscow time
# on 10 November"). Empty: the event as a whole.
DATE_STAGES = ["signed", "announced", "in force"]
# How start_time is meant: empty for that minute; "about" within an hour either side; "night" at night, around the
# midnight on either side of the date (18:00 the evening before to 06:00 the morning after; with a start_time, about
# that time).
TIME_QUALIFIERS = ["about", "night"]
DERIVED_DIRECTIONS = ["before", "after"]
QUANTITIES = [
    "deaths", "wounded", "missing", "displaced", "bodies_unidentified", "troops", "peacekeepers",
    "armoured_vehicles", "motor_vehicles", "military_vehicles", "settlements", "areas", "territory", "duration",
    "military_hardware",
]
# Quantities whose scope lies inside another's: every armoured vehicle is a military vehicle, every military
# vehicle a piece of military hardware, every peacekeeper one of the troops. Figures of nested scopes bound each
# other one way (150 pieces of hardware allow dozens of vehicles, not 200); the checks compare them as bounds.
QUANTITY_WITHIN: dict[str, str] = {
    "armoured_vehicles": "military_vehicles",
    "motor_vehicles": "military_vehicles",
    "military_vehicles": "military_hardware",
    "peacekeepers": "troops",
}
# Counts that only grow as time passes (the dead and wounded of a war): a later count below an earlier one cannot
# be explained by its date. Other counts (troops, the missing, the displaced) may go either way.
CUMULATIVE_QUANTITIES = ["deaths", "wounded"]
# Kinds of event that are one incident (an attack, an ambush, a clash): a figure whose event is of one of these
# counts that incident alone ("four troops killed in the ambush"), so it is compared only with other accounts of
# the same occurrence, never with the war's tolls, and is no rival estimate of them. A kind added to kinds.csv for
# one incident belongs here too.
INCIDENT_KINDS = ["attack", "ambush", "clash", "shelling", "strike", "ceasefire_violation"]
SIDES = ["armenia", "azerbaijan", "both", "russia", "turkey", "united_states", "france", "none", "unspecified"]
POPULATIONS = ["military", "civilian", "foreign_fighters", "all"]
UNITS = ["people", "vehicles", "settlements", "areas", "percent", "bodies", "days", "weeks", "months", "years",
         "items"]
# The qualifier vocabulary; the bounds each implies are computed by `analysis.quantities.bounds`.
QUALIFIERS = [
    "exact", "more than", "at least", "nearly", "about", "up to", "fewer than", "dozens",
    "tens of thousands", "decades", "estimate",
]
AS_OF_BASES = ["stated", "resolved", "publication", "period_end"]
# Bases whose as_of is only a bound: the figure holds by that date ("by 12 December 2020"), not on it.
AS_OF_UP_TO = ["publication", "period_end"]
# A dataset is an event data set (UCDP GED, ACLED) imported whole: each row of its file is one excerpt.
SOURCE_TYPES = ["news", "primary_document", "encyclopedia", "dataset"]
ACTOR_TYPES = ["state", "armed_forces", "government_body", "person", "organisation", "media", "group"]
PLACE_TYPES = ["country", "region", "district", "settlement", "corridor", "city", "line"]


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type, meaning and constraints."""

    type: str
    description: str
    enum: list[str] | None = None
    pattern: str | None = None
    minimum: float | None = None
    format: str | None = None
    is_list: bool = False  # a LIST_SEPARATOR-joined list of ids

    def descriptor(self, name: str, required: bool, unique: bool) -> dict:
        constraints: dict = {}
        if required:
            constraints["required"] = True
        if unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = self.enum
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        out = {"name": name, "type": self.type, "description": self.description}
        if self.format:
            out["format"] = self.format
        if constraints:
            out["constraints"] = constraints
        return out


FIELDS: dict[str, Field] = {
    # identifiers
    "source_id": Field("string", "Identifier of a source document.", pattern=ID_PATTERN),
    "event_id": Field("string", "Identifier of one source's account of an event.", pattern=ID_PATTERN),
    "figure_id": Field("string", "Identifier of one stated quantity.", pattern=ID_PATTERN),
    "span_id": Field("string", "Identifier of a span of time built from events.", pattern=ID_PATTERN),
    "actor_id": Field("string", "Identifier of an actor.", pattern=ID_PATTERN),
    "place_id": Field("string", "Identifier of a place.", pattern=ID_PATTERN),
    "occurrence_id": Field(
        "string", "The real-world event that this account describes; accounts of one event from "
        "several sources share it.", pattern=ID_PATTERN),
    # sources
    "publisher": Field("string", "Who published the document."),
    "title": Field("string", "Title as published, or a short title of our own for events."),
    "date_published": Field("date", "Date of publication; empty where it was not captured.", format="%Y-%m-%d"),
    "date_published_note": Field("string", "How the publication date is known, or why it is empty."),
    "url": Field("string", "Address of the document; may be empty.", pattern=r"^https?://\S+$"),
    "date_accessed": Field("date", "Date the archived copy was taken; empty where not recorded.",
                           format="%Y-%m-%d"),
    "language": Field("string", "BCP 47 language tag of the text.", pattern=r"^[a-z]{2}(-[A-Z]{2})?$"),
    "source_type": Field("string", "Kind of document.", enum=SOURCE_TYPES),
    "archive_path": Field("string", "Path of the archived text, relative to the archive folder (../shared)."),
    "archive_sha256": Field("string", "SHA-256 of the archived text.", pattern=r"^[0-9a-f]{64}$"),
    "licence": Field("string", "Licence of the text where one applies."),
    # vocabularies
    "kind": Field("string", "Kind of event (see kinds.csv).", pattern=r"^[a-z_]+$"),
    "description": Field("string", "What the term means."),
    "name": Field("string", "Name in English."),
    "aliases": Field("string", "Other spellings used by sources, separated by '|'."),
    "actor_type": Field("string", "What sort of actor this is.", enum=ACTOR_TYPES),
    "side": Field("string", "The party an actor belongs to, or whose people a figure counts ('none': the figure "
                  "counts no party's people; 'unspecified': the source does not say whose).", enum=SIDES),
    "place_type": Field("string", "What sort of place this is.", enum=PLACE_TYPES),
    "parent_id": Field("string", "The place that contains this one.", pattern=ID_PATTERN),
    "part_of": Field("string", "The actor this one is an organ of and speaks for (a ministry, army or head of "
                     "state for its state).", pattern=ID_PATTERN),
    # events
    "start_date": Field("date", "Date of the event, or first day of its precision interval.", format="%Y-%m-%d"),
    "end_date": Field("date", "Last date of a stated span; empty for a point event.", format="%Y-%m-%d"),
    "date_precision": Field("string", "Precision of the date: the date stands for the whole day, week (Monday "
                            "to Sunday), part of a month (1-10, 11-20, 21-end: 'early', 'mid', 'late'), month, "
                            "year or decade that starts there.", enum=DATE_PRECISIONS),
    "date_qualifier": Field("string", "How the date bounds the event: on it, by it (inclusive), "
                            "before it (exclusive), after or since it.", enum=DATE_QUALIFIERS),
    "start_time": Field("string", "Local time of day where the source gives one (HH:MM).",
                        pattern=r"^([01]\d|2[0-3]):[0-5]\d$"),
    "time_zone": Field("string", "IANA time zone of start_time, as the source names it.",
                       pattern=r"^[A-Za-z_]+/[A-Za-z_]+$"),
    "time_qualifier": Field("string", "How start_time is meant: empty for that minute; 'about' for within an hour "
                            "either side; 'night' for at night, around the midnight on either side of the date "
                            "(18:00 the evening before to 06:00 the morning after; with a start_time, about that "
                            "time).", enum=TIME_QUALIFIERS),
    "date_stage": Field("string", "The stage of the event the date marks, where the source names one ('signed', "
                        "'announced', 'in force'); empty for the event as a whole.", enum=DATE_STAGES),
    "date_refers_to": Field("string", "Whether the date is when it happened, when it was reported, or when "
                            "the source says it was planned to happen.", enum=DATE_REFERS_TO),
    "date_basis": Field("string", "How the date was obtained: stated in full; resolved from a relative "
                        "expression against the publication date; derived from another fact; or, "
                        "undated in the source, the publication date (reported by then).",
                        enum=DATE_BASES),
    "date_expression": Field("string", "The words of the source the date comes from."),
    "derived_from_event_id": Field("string", "For a derived date: the event it is counted from.",
                                   pattern=ID_PATTERN),
    "derived_with_figure_id": Field("string", "For a derived date: the duration figure counted.",
                                    pattern=ID_PATTERN),
    "derived_direction": Field("string", "For a derived date: before or after the anchor event.",
                               enum=DERIVED_DIRECTIONS),
    "first_since_event_id": Field(
        "string", "The source calls this the first event of its kind and claimant since that event.",
        pattern=ID_PATTERN),
    "place_ids": Field("string", "Places of the event, separated by '|'.", pattern=ID_LIST_PATTERN,
                       is_list=True),
    "actor_ids": Field("string", "Actors taking part, separated by '|'.", pattern=ID_LIST_PATTERN,
                       is_list=True),
    "claimant_id": Field("string", "Who asserted it; empty where the source says it in its own voice.",
                         pattern=ID_PATTERN),
    "excerpt": Field("string", "Verbatim passage of the source that supports the row; separate passages "
                     "are joined by ' […] '.", pattern=r"^\s*\S[\s\S]*$"),
    "notes": Field("string", "Curator's note: what was inferred and how."),
    # figures
    "quantity": Field("string", "What is counted or measured.", enum=QUANTITIES),
    "population": Field("string", "Whose people or things a figure counts.", enum=POPULATIONS),
    "value": Field("number", "The number as stated, in `unit`; empty for words such as 'dozens'.",
                   minimum=0),
    "unit": Field("string", "Unit of value, low and high.", enum=UNITS),
    "qualifier": Field("string", "The qualifier as the source words it, in lower case ('exact' where there is "
                       "none): a rule name or the source's own word for it ('almost', 'over', 'some'), which "
                       "analysis.quantities.rule_for maps to its rule.", enum=QUALIFIER_WORDS),
    "value_text": Field("string", "The words of the source that give the number (they occur in the excerpt)."),
    "low": Field("number", "Lowest value the qualifier allows (for 'estimate', the low the source states); "
                 "empty when open-ended.", minimum=0),
    "high": Field("number", "Highest value the qualifier allows (for 'estimate', the high the source states); "
                  "empty when open-ended.", minimum=0),
    "scope": Field("string", "What the figure counts, in words (e.g. 'soldiers of both sides')."),
    "as_of": Field("date", "Date the figure refers to or was reported by.", format="%Y-%m-%d"),
    "as_of_basis": Field("string", "How as_of was obtained.", enum=AS_OF_BASES),
    "as_of_expression": Field("string", "The words of the source that as_of comes from."),
    "total_of": Field("string", "Figures this one is stated to add up, separated by '|'.",
                      pattern=ID_LIST_PATTERN, is_list=True),
    # spans
    "start_event_id": Field("string", "Event whose date starts the span.", pattern=ID_PATTERN),
    "end_event_id": Field("string", "Event whose date ends the span.", pattern=ID_PATTERN),
    "duration_figure_id": Field("string", "Figure stating the length of the span.", pattern=ID_PATTERN),
}

# Foreign keys: a column name maps to the table and key it refers to. A column of that name refers there in
# every table that has it (lists refer element by element).
REFERENCES: dict[str, tuple[str, str]] = {
    "source_id": ("sources", "source_id"),
    "kind": ("kinds", "kind"),
    "claimant_id": ("actors", "actor_id"),
    "actor_ids": ("actors", "actor_id"),
    "place_ids": ("places", "place_id"),
    "parent_id": ("places", "place_id"),
    "part_of": ("actors", "actor_id"),
    "event_id": ("events", "event_id"),
    "derived_from_event_id": ("events", "event_id"),
    "first_since_event_id": ("events", "event_id"),
    "start_event_id": ("events", "event_id"),
    "end_event_id": ("events", "event_id"),
    "derived_with_figure_id": ("figures", "figure_id"),
    "duration_figure_id": ("figures", "figure_id"),
    "total_of": ("figures", "figure_id"),
}


@dataclass(frozen=True)
class Table:
    """A table: its columns in order, which are required, and its primary key."""

    name: str
    description: str
    columns: list[str]
    required: set[str] = field(default_factory=set)
    primary_key: str = ""

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def foreign_keys(self) -> dict[str, tuple[str, str]]:
        """Columns of this table that refer to another table's key (the key itself excluded)."""
        return {c: REFERENCES[c] for c in self.columns if c in REFERENCES and c != self.primary_key}


TABLES: dict[str, Table] = {t.name: t for t in [
    Table("sources", "One row per source document.",
          ["source_id", "publisher", "title", "date_published", "date_published_note", "url",
           "date_accessed", "language", "source_type", "licence", "archive_path", "archive_sha256"],
          {"source_id", "publisher", "title", "date_published_note", "language", "source_type"},
          "source_id"),
    Table("kinds", "Controlled vocabulary of event kinds.", ["kind", "description"],
          {"kind", "description"}, "kind"),
    Table("actors", "People, states, forces and bodies named by the sources.",
          ["actor_id", "name", "actor_type", "side", "aliases", "part_of"],
          {"actor_id", "name", "actor_type", "side"}, "actor_id"),
    Table("places", "Places named by the sources, one id per place whatever the spelling.",
          ["place_id", "name", "place_type", "parent_id", "aliases"],
          {"place_id", "name", "place_type"}, "place_id"),
    Table("events", "One row per source's account of an event.",
          ["event_id", "occurrence_id", "start_date", "end_date", "date_precision", "date_qualifier",
           "start_time", "time_zone", "time_qualifier", "date_refers_to", "date_stage", "date_basis",
           "date_expression",
           "derived_from_event_id", "derived_with_figure_id", "derived_direction", "first_since_event_id",
           "kind", "title", "place_ids", "actor_ids", "claimant_id", "source_id", "excerpt", "notes"],
          {"event_id", "occurrence_id", "start_date", "date_precision", "date_qualifier", "date_refers_to",
           "date_basis", "kind", "title", "source_id", "excerpt"},
          "event_id"),
    Table("figures", "One row per stated quantity, as a claim of its claimant reported by its source.",
          ["figure_id", "quantity", "side", "population", "value", "unit", "qualifier", "value_text",
           "low", "high", "scope", "as_of", "as_of_basis", "as_of_expression", "event_id", "total_of",
           "claimant_id", "source_id", "excerpt", "notes"],
          {"figure_id", "quantity", "side", "unit", "qualifier", "value_text", "scope", "source_id",
           "excerpt"},
          "figure_id"),
    Table("spans", "Spans of time drawn on timelines, each built from a start event and an end event or a "
          "stated duration.",
          ["span_id", "title", "kind", "start_event_id", "end_event_id", "duration_figure_id", "source_id",
           "excerpt"],
          {"span_id", "title", "kind", "start_event_id", "source_id", "excerpt"}, "span_id"),
]}


def table_schema(table: Table) -> dict:
    """The Frictionless Table Schema of one table."""
    schema: dict = {
        "fields": [FIELDS[c].descriptor(c, c in table.required, False) for c in table.columns],
        "missingValues": [""],
        "primaryKey": [table.primary_key],
    }
    fks = [
        {"fields": [col], "reference": {"resource": ("" if ref == table.name else ref), "fields": [key]}}
        for col, (ref, key) in table.foreign_keys().items()
        if not FIELDS[col].is_list
    ]
    if fks:
        schema["foreignKeys"] = fks
    return schema


def datapackage_descriptor() -> dict:
    """The whole Data Package descriptor, deterministic (tables in a fixed order)."""
    return {
        "profile": "tabular-data-package",
        "name": "nagorno-karabakh-2020",
        "title": "The 2020 Nagorno-Karabakh war and its aftermath: events and figures as their sources state them",
        "description": "Every row names its source and carries the verbatim excerpt that supports it. "
                       "Lists of ids in one cell are separated by '|'; the analysis package checks their "
                       "references. Bounds (low, high) follow the qualifier rules of analysis.quantities.",
        "licenses": [{"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution Share-Alike 4.0"}],
        "resources": [
            {
                "name": t.name,
                "path": t.path,
                "profile": "tabular-data-resource",
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(t),
            }
            for t in TABLES.values()
        ],
    }


def render_datapackage() -> str:
    return json.dumps(datapackage_descriptor(), indent=2, ensure_ascii=False) + "\n"


def write_datapackage(data_dir: Path = paths.DATA_DIR) -> Path:
    """Write datapackage.json into `data_dir` atomically and return its path."""
    target = Path(data_dir) / "datapackage.json"
    atomic.write_text(target, render_datapackage())
    return target


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR, help="data folder (default: bundled)")


def run_command(args: argparse.Namespace) -> int:
    print(write_datapackage(args.data))
    return 0
