"""Figures and events in words, with a citation, and the sources as CSL-JSON or BibTeX.

`cite` never states a figure more strongly than its source: the amount is written from the stored value and
qualifier by `quantities.describe` ("more than 5,600", "nearly 2,000", "dozens"), dates at their stored
precision by `dates.format_date`, and a claim someone made is attributed to them.

    >>> cite("an-deaths-total")                                     # doctest: +SKIP
    'more than 5,600 people were killed on both sides by 12 December 2020 (dead on both sides in the 44 days
    of fighting; Asia News, 12 December 2020)'

The sentence grammar, one rule per part, so a sentence can be predicted from its row:

Figures, by what the quantity's grammar gives and where the figure comes from:
  with a predicate   ``[according to CLAIMANT, ]AMOUNT NOUN PREDICATE[ SIDE][ DATE]``, then ``(SCOPE)`` with the
                     citation: "three soldiers were wounded on the Armenian side, as reported on 12 December 2020".
  without one        a noun phrase whose scope follows the noun and says what the things are (attacked,
                     deployed, handed over), so nothing is implied beyond it: ``AMOUNT NOUN[ SIDE] (SCOPE)[,
                     according to CLAIMANT,][ DATE]``: "two settlements on the Armenian side (villages under
                     Nagorno-Karabakh control attacked), according to the Armenian army, by 12 December 2020".
                     With neither claimant nor date it is ``AMOUNT NOUN[ SIDE]`` and the scope stays with the
                     citation ("44 days (length of the fighting; Asia News, ...)"); see `scope_in_words`.
  a term             a term its source sets (`stipulates`: the source is an agreement's or its parties' joint
                     statement's own text, and the figure no count of what happened), with no date but the
                     document's own in the citation: ``[according to CLAIMANT, ]the document provided for AMOUNT
                     NOUN[ SIDE]``. Any other source's figure (an agency's report, a newspaper) is worded as above.
  AMOUNT     quantities.describe(value, qualifier); vague words take "of" ("dozens of military vehicles");
             durations carry their unit ("at least five years"), shares their sign (`quantities.WORDED_UNITS`),
             and what they are a share of follows with "of" ("nearly 50% of the territory").
  NOUN       `QUANTITY_GRAMMAR`: deaths, wounded, missing, displaced count people ("people", or "soldiers",
             "civilians", "foreign fighters" by population); troops, peacekeepers, vehicles, settlements and
             bodies name themselves; a duration is its unit. Singular for exactly one.
  PREDICATE  `QUANTITY_GRAMMAR`: "were killed", "were wounded", "were missing", "were displaced", "were
             awaiting identification"; none for troops, peacekeepers, vehicles, settlements, areas, territory
             and durations (what happened to those depends on the figure, so its scope says it).
  SIDE       "on both sides"; "on the Armenian side" / "on the Azerbaijani side" (the belligerents); another
             state's adjective before the noun ("Russian peacekeepers"); nothing for "none" or "unspecified".
  DATE       " as of D" where the source's words state the moment ("As of 30 June 2021"), D at the precision
             of those words ("as of June 2021", never the 1st); "by D" when as_of is the publication date or
             the end of a period (a bound, not a moment); "on D" only when it is the day the figure's event
             happened (an occurrence dated "on" that day, and not a report, statement or accusation: a toll
             reported on 17 November was not killed on 17 November); ", planned for D" when it is the day an
             event was planned for; ", as reported on D" when it is the day of the report the figure comes
             from; otherwise " as of D", the day the count refers to.
Events: ``DATE CLAIMANT VERB NOUN[ in PLACES]`` when the date is a report date (without a claimant:
  ``DATE NOUN was VERB[ in PLACES]``), VERB "made" for statements and accusations and "reported" otherwise;
  ``NOUN was planned[ in PLACES] for D[, according to CLAIMANT]`` when the date is when it was planned to
  happen ("to take place by D" for other qualifiers); otherwise ``DATE CLAUSE[ in PLACES][, according to
  CLAIMANT]``. A term its source sets (`stipulates`: any kind but an agreement, statement or report, in an
  agreement's own text) reads ``the document provided for NOUN[ in PLACES] DATE``, or ``DATE the document provided
  for NOUN[ in PLACES]`` when the date is the document's. NOUN and CLAUSE come from `KIND_GRAMMAR` ("a ceasefire
  violation" / "a ceasefire violation occurred").
  DATE       "on D" (day) or "in D" (month, year, decade) for date_qualifier "on"; "by D", "before D",
             "after D", "since D" otherwise; D at the stored precision, with "at HH:MM (zone)" if stored. A
             date from the publication date (date_basis "publication") always reads "by D". A derived date
             says how it was counted, from derived_with_figure_id's words, derived_direction and the date of
             derived_from_event_id: "on 27 September 2020 (44 days before 10 November 2020, as the source
             counts) the fighting began". A resolved date is the calendar form of the source's words ("on
             Saturday") and reads as it is.
  PLACES     each said once (`_places`): a place inside another listed one is named with it ("Hin Tager and
             Khtsaberd in Hadrut district"), a place another listed name already says is left out; corridors
             and lines take "the". An agreement, statement or report (`CONCERNING_KINDS`) is about its places,
             not in them: "an agreement concerning Nagorno-Karabakh was reached".
An empty claimant is the source's own voice and gets no attribution. Bodies, forces and organisations take
"the" ("the Russian Defence Ministry"); states, people, media and groups do not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import atomic, dates, quantities
from analysis.loading import Dataset, load, load_for_command
from analysis.markup import escape_html, escape_markdown
from analysis.schema import AS_OF_UP_TO

STYLES = ["plain", "markdown", "pandoc", "html"]
EXPORT_FORMATS = ["csl-json", "bibtex"]


@dataclass(frozen=True)
class Grammar:
    """How one quantity reads: the noun counted (by population where people are counted) and its predicate."""

    nouns: dict[str, str]  # population ("" = any) -> plural noun
    predicate: str = ""    # plural form; "were" becomes "was" for exactly one


_PEOPLE = {"": "people", "all": "people", "military": "soldiers", "civilian": "civilians",
           "foreign_fighters": "foreign fighters"}
QUANTITY_GRAMMAR: dict[str, Grammar] = {
    "deaths": Grammar(_PEOPLE, "were killed"),
    "wounded": Grammar(_PEOPLE, "were wounded"),
    "missing": Grammar(_PEOPLE, "were missing"),
    "displaced": Grammar(_PEOPLE, "were displaced"),
    "bodies_unidentified": Grammar({"": "bodies"}, "were awaiting identification"),
    "troops": Grammar({"": "troops"}),
    "peacekeepers": Grammar({"": "peacekeepers"}),
    "armoured_vehicles": Grammar({"": "armoured vehicles"}),
    "motor_vehicles": Grammar({"": "motor vehicles"}),
    "military_vehicles": Grammar({"": "military vehicles"}),
    "military_hardware": Grammar({"": "pieces of military hardware"}),
    "settlements": Grammar({"": "settlements"}),
    "areas": Grammar({"": "areas of territory"}),
    "territory": Grammar({"": "of the territory"}),  # a share: the amount carries its sign ("nearly 50% of ...")
    "duration": Grammar({"": ""}),  # the unit is the noun: "44 days"
}
_SINGULAR = {"people": "person", "soldiers": "soldier", "civilians": "civilian", "foreign fighters":
             "foreign fighter", "bodies": "body", "troops": "soldier", "peacekeepers": "peacekeeper",
             "armoured vehicles": "armoured vehicle", "motor vehicles": "motor vehicle",
             "military vehicles": "military vehicle", "pieces of military hardware": "piece of military hardware",
             "settlements": "settlement",
             "areas of territory": "area of territory"}
BELLIGERENT_SIDES = {"armenia": "on the Armenian side", "azerbaijan": "on the Azerbaijani side",
                     "both": "on both sides"}
SIDE_ADJECTIVES = {"russia": "Russian", "turkey": "Turkish", "united_states": "American", "france": "French"}

# kind -> (noun for "X reported NOUN", clause for an event as it happened).
KIND_GRAMMAR: dict[str, tuple[str, str]] = {
    "war_start": ("the start of hostilities", "the fighting began"),
    "war": ("a war", "a war was fought"),
    "agreement": ("an agreement", "an agreement was reached"),
    "ceasefire": ("a ceasefire", "a ceasefire took effect"),
    "ceasefire_violation": ("a ceasefire violation", "a ceasefire violation occurred"),
    "accusation": ("an accusation", "an accusation was made"),
    "attack": ("an attack", "an attack took place"),
    "clash": ("fighting", "fighting took place"),
    "statement": ("a statement", "a statement was made"),
    "meeting": ("a meeting", "a meeting took place"),
    "deployment": ("a deployment of forces", "forces were to be deployed"),
    "mandate": ("a mandate", "a mandate began"),
    "handover": ("a handover of territory", "territory was to be handed over"),
    "territory_change": ("a change of control of territory", "control of territory changed hands"),
    "control": ("control of territory", "territory was held"),
    "parade": ("a military parade", "a military parade was held"),
    "casualty_report": ("casualty figures", "casualty figures were published"),
    "establishment": ("the establishment of a body", "a body was established"),
    "stop_at_positions": ("the parties stopping at their positions", "the parties were to stop at their positions"),
    "withdrawal": ("a withdrawal of forces", "forces were to withdraw"),
    "war_end": ("the end of hostilities", "the fighting ended"),
    # Imported event data (analysis.importers): UCDP GED's types of violence and ACLED's event types.
    "state_based_conflict": ("state-based armed violence", "state-based armed violence took place"),
    "non_state_conflict": ("fighting between non-state armed groups", "non-state armed groups fought"),
    "one_sided_violence": ("one-sided violence against civilians", "armed force was used against civilians"),
    "battle": ("a battle", "armed groups clashed"),
    "remote_violence": ("an explosion or remote attack", "an explosion or remote attack took place"),
    "violence_against_civilians": ("violence against civilians", "civilians were attacked"),
    "protest": ("a protest", "a protest took place"),
    "riot": ("a riot", "a riot took place"),
    "strategic_development": ("a strategic development", "a strategic development took place"),
}
# date_stage -> what happened at that stage, after the kind's noun: "an agreement was signed".
STAGE_VERBS = {"signed": "was signed", "announced": "was announced", "in force": "took effect"}
# Kinds that are someone saying something: their day is when it was said, never when what it counts happened.
REPORT_KINDS = {"casualty_report", "statement", "accusation"}
# Kinds of event whose own text sets terms: an agreement, and a statement its parties make together (the trilateral
# statement of 10 November 2020). Only a source that is such a text provides for anything (`stipulates`); an
# agency's report or a newspaper counts and reports, whatever its source_type.
TERM_KINDS = {"agreement", "statement"}
# Kinds an agreement, statement or report is about, not in: "an agreement concerning Nagorno-Karabakh".
CONCERNING_KINDS = TERM_KINDS | REPORT_KINDS
# kind -> verb for "CLAIMANT VERB NOUN" where the event's date is a report date ("reported" otherwise).
REPORTING_VERBS = {"statement": "made", "accusation": "made"}
_THE = {"government_body", "armed_forces", "organisation"}  # actor types that take "the"
_THE_PLACES = {"corridor", "line"}  # place types that take "the"


class UnknownIdError(KeyError):
    """An id that is neither a figure nor an event; the message suggests close ids."""

    def __init__(self, identifier: str, suggestions: list[str]):
        self.identifier, self.suggestions = identifier, suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no figure or event has the id {identifier!r}{hint}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.args[0]


# ---------------------------------------------------------------------------------------------- words


def words(identifier: str, data: Dataset) -> str:
    """The sentence for a figure or event id, without citation or scope (see the module's grammar)."""
    if identifier in data.figures.index:
        return figure_words(data.figures.loc[identifier], data)
    if identifier in data.events.index:
        return event_words(data.events.loc[identifier], data)
    raise unknown_id(identifier, data)


def unknown_id(identifier: str, data: Dataset) -> UnknownIdError:
    """The error for an id that is not in the data, with up to three close ids (difflib)."""
    import difflib  # here: `cite`'s start-up pays only for what a citation uses

    known = [*data.figures.index, *data.events.index]
    return UnknownIdError(identifier, difflib.get_close_matches(identifier, known, n=3, cutoff=0.6))


def amount_words(row: pd.Series) -> str:
    """The stated amount in words, as strong as the source and no stronger: "more than 5,600", "dozens"."""
    value = None if pd.isna(row["value"]) else float(row["value"])
    # A duration's unit is its noun ("44 days"); a share's sign goes with its number ("nearly 50%"). A count's
    # noun is the sentence's ("5,600 people").
    unit = row["unit"] if row["quantity"] == "duration" or row["unit"] in quantities.WORDED_UNITS else None
    # An estimate names the low and high its source states; every other qualifier's bounds are its rule's.
    low, high = (None if pd.isna(row[b]) else float(row[b]) for b in ("low", "high"))
    return quantities.describe(value, str(row["qualifier"]), unit, low=low, high=high)


def figure_words(row: pd.Series, data: Dataset) -> str:
    """A figure row in words (see the module's grammar): a clause where the quantity has a predicate
    ("three soldiers were wounded"), a noun phrase with its scope where it has none, a provision where the
    source is a primary document."""
    grammar = _grammar(row)
    population = "" if pd.isna(row["population"]) else str(row["population"])
    noun = grammar.nouns.get(population, grammar.nouns.get("", ""))
    predicate = grammar.predicate
    one = bool(pd.notna(row["value"]) and row["value"] == 1)  # "one person was", "more than one person was"
    if one:
        noun, predicate = _SINGULAR.get(noun, noun), predicate.replace("were ", "was ", 1)
    side = str(row["side"])
    if side in SIDE_ADJECTIVES and noun:
        noun = f"{SIDE_ADJECTIVES[side]} {noun}"
    amount = amount_words(row)
    if row["unit"] in quantities.WORDED_UNITS and noun and not noun.startswith("of "):
        noun = f"of {noun}"  # a share of what is counted: "50% of civilians"
    rule = quantities.QUALIFIER_RULES[quantities.rule_for(str(row["qualifier"]))]
    phrase = amount if not noun else (f"{amount} of {noun}" if not rule.takes_value and not noun.startswith("of ")
                                      else f"{amount} {noun}")
    side_words = BELLIGERENT_SIDES.get(side, "")
    claimant = _claimant(row, data)
    according = f"according to {claimant}, " if claimant else ""
    if stipulates(row, data):
        # A document's terms: what it provides for, not what happened; its date is the citation's.
        return according + " ".join(p for p in ["the document provided for", phrase, side_words] if p)
    when = _figure_date(row, data)
    if predicate:
        return according + " ".join(p for p in [phrase, predicate, side_words] if p) + when
    # No verb to carry the claim: the scope says what the things are (attacked, deployed, handed over), so it
    # follows the noun, and attribution and date come after it.
    noun_phrase = " ".join(p for p in [phrase, side_words] if p)
    if not (claimant or when):
        return noun_phrase  # the scope ends the phrase, with the citation
    scope = f" ({row['scope']})" if scope_in_words(row, data) else ""
    # "..., according to the Armenian army, by 12 December 2020"; ", as reported on D" brings its own comma.
    attribution = f", according to {claimant}{',' if when.startswith(' ') else ''}" if claimant else ""
    return f"{noun_phrase}{scope}{attribution}{when}"


def _grammar(row: pd.Series) -> Grammar:
    return QUANTITY_GRAMMAR.get(str(row["quantity"]), Grammar({"": str(row["quantity"]).replace("_", " ")}))


def sets_terms(source_id: str, data: Dataset) -> bool:
    """Whether a source is the own text of an agreement or of its parties' joint statement: a primary document
    with an account, in its own voice, of an event of a `TERM_KINDS` kind on the day it was published (a statement
    naming two parties or more). An agency's report or a ministry's count is a primary document that sets none."""
    source = data.sources.loc[source_id]
    if source["source_type"] != "primary_document" or pd.isna(source["date_published"]):
        return False
    events = data.events[(data.events["source_id"] == source_id)]
    parties = events["actor_ids"].fillna("").str.count(r"\|") + events["actor_ids"].notna()
    own = (events["kind"].isin(TERM_KINDS) & events["claimant_id"].isna() & (events["date_precision"] == "day")
           & (events["start_date"] == source["date_published"]) & (events["date_refers_to"] == "occurrence")
           & ((events["kind"] != "statement") | (parties >= 2)))
    return bool(own.any())


def stipulates(row: pd.Series, data: Dataset) -> bool:
    """Whether a figure or event is a term its source sets ("the document provided for 1,960 peacekeepers"): the
    source is the text of an agreement or joint statement (`sets_terms`), and the row is not the agreement or a
    report itself, nor a count of what happened (a quantity with a predicate: killed, displaced) or a count at a
    moment the source states (an as_of other than the publication date)."""
    if not sets_terms(row["source_id"], data):
        return False
    if "kind" in row.index:  # an event
        return str(row["kind"]) not in CONCERNING_KINDS
    counted_at = pd.notna(row["as_of"]) and row["as_of_basis"] != "publication"
    return not _grammar(row).predicate and not counted_at


def scope_in_words(row: pd.Series, data: Dataset) -> bool:
    """Whether a figure's scope is part of its words (after the noun) rather than of its citation: for a
    figure with no predicate and an attribution or a date after the noun."""
    if pd.isna(row["scope"]) or _grammar(row).predicate or stipulates(row, data):
        return False
    return bool(_claimant(row, data)) or bool(_figure_date(row, data))


def _figure_date(row: pd.Series, data: Dataset) -> str:
    """The as-of date in words (see the module's grammar): "by D", "on D", ", planned for D", ", as reported on D"
    or " as of D"."""
    if pd.isna(row["as_of"]):
        return ""
    expression = "" if pd.isna(row.get("as_of_expression")) else str(row["as_of_expression"])
    if dates.STATED_MOMENT.match(expression):  # the source's own "as of": a count at that moment, no deadline
        return f" as of {as_of_date_words(row, data)}"
    day = dates.format_date(row["as_of"], "day")
    if row["as_of_basis"] in AS_OF_UP_TO:
        return f" by {day}"  # only a bound: the publication date, or the end of the period the count covers
    when = as_of_date_words(row, data)
    event_id = row["event_id"]
    if pd.notna(event_id) and event_id in data.events.index:
        event = data.events.loc[event_id]
        same_day = event["date_precision"] == "day" and event["start_date"] == row["as_of"]
        # A report's day is when the figure was stated, never when the counted thing happened.
        if (same_day and event["date_refers_to"] == "occurrence" and event["date_qualifier"] == "on"
                and event["kind"] not in REPORT_KINDS):
            return f" on {day}"
        if same_day and event["date_refers_to"] == "plan":
            return f", planned for {day}"
        if same_day and (event["kind"] in REPORT_KINDS or event["date_refers_to"] == "report"):
            return f", as reported on {day}"
    # The date the count refers to, as the source gives it: not when the counted thing happened, nor (with no
    # report of that day) when it was said.
    return f" as of {when}"


def as_of_date_words(row: pd.Series, data: Dataset) -> str:
    """A figure's as_of at the precision of the source's words for it: "30 June 2021" for "as of 30 June 2021",
    "June 2021" for "as of June 2021" (stored as a day of June, never to be read as that day); the day where the
    words give none that contains it."""
    expression = row.get("as_of_expression")
    precision = "day"
    # A bound's day is the end of what it bounds ("last month": by 30 November); a stated moment is as worded.
    if pd.notna(expression) and (row["as_of_basis"] not in AS_OF_UP_TO or dates.STATED_MOMENT.match(str(expression))):
        published = data.sources.loc[row["source_id"], "date_published"]
        try:
            named = dates.resolve_expression(dates.STATED_MOMENT.sub("", str(expression)),
                                             None if pd.isna(published) else published)
        except ValueError:  # words no rule resolves ("as of the end of June"): the stored day
            named = None
        if named is not None and named.contains(row["as_of"]):
            precision = named.precision
    return dates.format_date(row["as_of"], precision)


def event_words(row: pd.Series, data: Dataset) -> str:
    """An event row as a sentence, keyed on its kind, date, places and claimant (see the module's grammar)."""
    noun, clause = KIND_GRAMMAR.get(str(row["kind"]), (f"a {str(row['kind']).replace('_', ' ')}",
                                                        f"a {str(row['kind']).replace('_', ' ')} took place"))
    when = event_date_words(row) + derivation_words(row, data)
    places, along = _places(row, data)
    where = ("" if not places else f" {places}" if _LOCATIVE.match(places)
             else f" along {places}" if along else f" in {places}")
    if str(row["kind"]) in CONCERNING_KINDS and where.startswith(" in "):
        # An agreement, statement or report is about its places, not made in them: "an agreement concerning
        # Nagorno-Karabakh was reached" (it was signed in Moscow).
        about = f"{noun} concerning {places}"
        clause = about + clause[len(noun):] if clause.startswith(noun) else f"{clause} concerning {places}"
        noun, where = about, ""
    claimant = _claimant(row, data)
    according = f", according to {claimant}" if claimant else ""
    # An agreement's own text sets terms: it provides for things, it does not report them.
    if stipulates(row, data):
        if row["date_refers_to"] == "report":
            return f"{when} the document provided for {noun}{where}"
        return f"the document provided for {noun}{where} {when}"
    if row["date_refers_to"] == "report":
        verb = REPORTING_VERBS.get(str(row["kind"]), "reported")
        if claimant:
            return f"{when} {claimant} {verb} {noun}{where}"
        return f"{when} {noun} was {verb}{where}"
    if row["date_refers_to"] == "plan":
        # Planned, not known to have happened: "a military parade was planned for 10 December 2020".
        planned = (f"for {when.split(' ', 1)[1]}" if when.startswith(("on ", "in ")) and row["date_qualifier"] == "on"
                   else f"to take place {when}")
        return f"{noun} was planned{where} {planned}{according}"
    stage = row.get("date_stage")
    if pd.notna(stage) and str(stage) in STAGE_VERBS:  # the stage the date marks: "an agreement was signed"
        clause = f"{noun} {STAGE_VERBS[str(stage)]}"
    return f"{when} {clause}{where}{according}"


def event_date_words(row: pd.Series) -> str:
    """"on 11 December 2020", "in November 2020", "by 12 December 2020", at the stored precision.

    A date taken from the publication date (date_basis "publication") bounds the event, so it reads "by D"."""
    qualifier = str(row["date_qualifier"])
    if row["date_basis"] == "publication" and qualifier == "on":
        qualifier = "by"
    text = dates.format_date(row["start_date"], str(row["date_precision"]))
    if pd.notna(row["end_date"]):
        end = dates.format_date(row["end_date"], str(row["date_precision"]))
        text = f"from {text} to {end}"
        return text if qualifier == "on" else f"{qualifier} {text}"
    time_qualifier = row.get("time_qualifier")
    if time_qualifier == "night":
        text = f"the night of {text}"
    if pd.notna(row["start_time"]):
        about = "about " if time_qualifier in ("about", "night") else ""
        text += f"{',' if time_qualifier == 'night' else ''} at {about}{row['start_time']} ({row['time_zone']})"
    if qualifier == "on":
        return f"on {text}" if row["date_precision"] == "day" else f"in {text}"
    return f"{qualifier} {text}"


def derivation_words(row: pd.Series, data: Dataset) -> str:
    """How a derived date was counted: " (44 days before 10 November 2020, as the source counts)"; "" for a
    date the source states or that is the calendar form of its words."""
    if row["date_basis"] != "derived":
        return ""
    anchor_id, figure_id = row["derived_from_event_id"], row["derived_with_figure_id"]
    if anchor_id not in data.events.index or figure_id not in data.figures.index:
        return " (a date counted from another event)"
    anchor = data.events.loc[anchor_id]
    anchor_date = dates.format_date(anchor["start_date"], str(anchor["date_precision"]))
    length = str(data.figures.loc[figure_id, "value_text"])
    if length[:1].isupper() and length[1:2].islower():
        length = length[0].lower() + length[1:]  # "Three weeks" opening the source's sentence
    return f" ({length} {row['derived_direction']} {anchor_date}, as the source counts)"


def _claimant(row: pd.Series, data: Dataset) -> str:
    actor_id = row["claimant_id"]
    if pd.isna(actor_id) or actor_id not in data.actors.index:
        return ""
    return actor_name(actor_id, data)


def actor_name(actor_id: str, data: Dataset) -> str:
    actor = data.actors.loc[actor_id]
    return f"the {actor['name']}" if actor["actor_type"] in _THE else str(actor["name"])


# A place named with its own preposition ("near Ganja city", GED's where_description) takes no "in".
_LOCATIVE = re.compile(r"(?:near|outside|around|in|at|on|along|between|close to|north|south|east|west)\b",
                       re.IGNORECASE)


def _places(row: pd.Series, data: Dataset) -> tuple[str, bool]:
    """An event's places in words, each said once: a place inside another listed place (places.csv parent_id)
    names it as its container ("Hin Tager and Khtsaberd in Hadrut district", not "Hin Tager, Khtsaberd and
    Hadrut district"), and a place whose name another listed name already says is left out ("the line of contact
    in Nagorno-Karabakh", not "... in Nagorno-Karabakh and Nagorno-Karabakh"). With the words, whether every place
    said is a line or a corridor, which forces deploy along, not in."""
    if pd.isna(row["place_ids"]):
        return "", False
    places = data.places.reindex(list(dict.fromkeys(str(row["place_ids"]).split("|")))).dropna(subset=["name"])
    names = {str(pid): str(name) for pid, name in zip(places.index, places["name"], strict=True)}
    said = {pid for pid, name in names.items() if any(
        other != pid and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", names[other], re.IGNORECASE)
        for other in names)}
    listed = [pid for pid in names if pid not in said]
    # Each listed place's nearest listed container, up the parent chain (a place's own row may be missing).
    parents = data.places["parent_id"].dropna().astype(str).to_dict()

    def container(pid: str) -> str | None:
        seen, up = {pid}, parents.get(pid)
        while up is not None and up not in seen:
            if up in listed:
                return up
            seen.add(up)
            up = parents.get(up)
        return None

    kinds = places["place_type"].astype(str).to_dict()

    def named(pid: str) -> str:
        return f"the {names[pid]}" if kinds.get(pid) in _THE_PLACES else names[pid]

    def within(pid: str, seen: frozenset[str] = frozenset()) -> str:  # "Hadrut district, Nagorno-Karabakh"
        outer = container(pid)
        if outer is None or outer in seen:
            return named(pid)
        return f"{named(pid)}, {within(outer, seen | {pid})}"

    holders = {container(pid) for pid in listed}
    groups: dict[str | None, list[str]] = {}
    for pid in listed:
        if pid not in holders:  # a container is said after what it contains
            groups.setdefault(container(pid), []).append(named(pid))
    along = all(kinds.get(pid) in _THE_PLACES for pid in listed)
    return join_words([join_words(inner) + ("" if outer is None else f" in {within(outer)}")
                       for outer, inner in groups.items()]), along


def join_words(items: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


# ---------------------------------------------------------------------------------------------- citations


def row_of(identifier: str, data: Dataset) -> pd.Series:
    """The figure or event row of an id (UnknownIdError naming close ids otherwise)."""
    for frame in (data.figures, data.events):
        if identifier in frame.index:
            return frame.loc[identifier]
    raise unknown_id(identifier, data)


def published(source: pd.Series) -> str:
    return "n.d." if pd.isna(source["date_published"]) else dates.format_date(source["date_published"], "day")


def dataset_reference(row: pd.Series, source: pd.Series) -> str | None:
    """How a row of an imported event data set is cited: the first line of its notes, written by
    `analysis.importers` ("UCDP GED 23.1, event 376126, citing Reuters, 11 February 1992"); None for other sources."""
    if source["source_type"] != "dataset" or pd.isna(row["notes"]):
        return None
    return str(row["notes"]).split("\n", 1)[0]


def cite(identifier: str, style: str = "plain", data: Dataset | None = None) -> str:
    """A figure or event in words with its citation in `style` (one of `STYLES`).

    plain: "... (scope; Publisher, 12 December 2020)"; markdown: "... (scope)[^id]" (definitions from
    `footnotes`); pandoc: "... (scope) [@source_id]"; html: escaped text, the publisher linked to the URL.
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; expected one of {STYLES}")
    data = load() if data is None else data
    row = row_of(identifier, data)
    sentence = words(identifier, data)
    is_figure = identifier in data.figures.index
    # A figure's scope goes with the citation unless its words already carry it (see `scope_in_words`).
    scope = "" if not is_figure or pd.isna(row["scope"]) or scope_in_words(row, data) else str(row["scope"])
    source = data.sources.loc[row["source_id"]]
    when = published(source)
    from_dataset = dataset_reference(row, source)
    if style == "plain":
        reference = from_dataset or f"{source['publisher']}, {when}"
        return f"{sentence} ({scope + '; ' if scope else ''}{reference})"
    if style == "html":
        url = source["url"]
        publisher = escape_html(from_dataset or source["publisher"])
        # Only web addresses become links: a javascript: or data: URL in the data must not run in a reader.
        if pd.notna(url) and str(url).lower().startswith(("http://", "https://")):
            publisher = f'<a href="{escape_html(url)}">{publisher}</a>'
        lead = escape_html(scope) + "; " if scope else ""
        return f"{escape_html(sentence)} ({lead}{publisher}{'' if from_dataset else ', ' + escape_html(when)})"
    sentence, scope = escape_markdown(sentence), escape_markdown(scope)  # Markdown from here: data text as written
    in_brackets = f" ({scope})" if scope else ""
    if style == "markdown":
        return f"{sentence}{in_brackets}[^{identifier}]"
    return f"{sentence}{in_brackets} [@{row['source_id']}]"


QUOTATION_MARKS = "\"'“”‘’„‚«»‹›"


def quoted_excerpt(excerpt: str) -> str:
    """A verbatim excerpt as a footnote presents it, after "Excerpt: ": in “ ” unless it begins or ends with a
    quotation mark of its own, which added marks would double ("““A case of ..."); then as it stands, running
    to the end of the footnote. The excerpt's words are never changed; only its whitespace becomes one line."""
    excerpt = " ".join(str(excerpt).split())  # one line, so the definition stays one paragraph
    if excerpt[:1] in QUOTATION_MARKS or excerpt[-1:] in QUOTATION_MARKS:
        return excerpt
    return f"“{excerpt}”"


def footnote(identifier: str, data: Dataset) -> str:
    """The Markdown footnote definition for an id: source, date, address and, after "Excerpt: ", the verbatim
    excerpt (see `quoted_excerpt`)."""
    row = row_of(identifier, data)
    source = data.sources.loc[row["source_id"]]
    url = f", <{source['url']}>" if pd.notna(source["url"]) else ""
    lead = f"{escape_markdown(line)}; " if (line := dataset_reference(row, source)) else ""
    return (f"[^{identifier}]: {lead}{escape_markdown(source['publisher'])}, “{escape_markdown(source['title'])}”, "
            f"{published(source)}{url}. Excerpt: {escape_markdown(quoted_excerpt(row['excerpt']))}")


def footnotes(identifiers: list[str], data: Dataset | None = None) -> str:
    """Footnote definitions for ids in order of first mention, each once."""
    data = load() if data is None else data
    return "\n".join(footnote(i, data) for i in dict.fromkeys(identifiers))


def reference(source_id: str, data: Dataset) -> str:
    """One line of a plain bibliography: Publisher, “Title”, date, URL."""
    source = data.sources.loc[source_id]
    url = f", {source['url']}" if pd.notna(source["url"]) else ""
    return f"{escape_markdown(source['publisher'])}, “{escape_markdown(source['title'])}”, {published(source)}{url}."


# ---------------------------------------------------------------------------------------------- exports

CSL_TYPES = {"news": "article-newspaper", "primary_document": "document", "encyclopedia": "entry-encyclopedia"}


def _date_parts(value) -> dict | None:
    if pd.isna(value):
        return None
    ts = pd.Timestamp(value)
    return {"date-parts": [[int(ts.year), int(ts.month), int(ts.day)]]}


def to_csl_json(sources: pd.DataFrame) -> list[dict]:
    """CSL-JSON items, one per source, for `pandoc --citeproc` and reference managers; dates only when known."""
    items = []
    for source_id, s in sources.sort_index().iterrows():
        item: dict = {"id": str(source_id), "type": CSL_TYPES.get(str(s["source_type"]), "document"),
                      "title": str(s["title"])}
        # A newspaper or encyclopedia is the container of the article; a document's author is its office.
        if s["source_type"] == "primary_document":
            item["author"] = [{"literal": str(s["publisher"])}]
            item["publisher"] = str(s["publisher"])
        else:
            item["container-title"] = str(s["publisher"])
        if (issued := _date_parts(s["date_published"])) is not None:
            item["issued"] = issued
        else:
            item["note"] = str(s["date_published_note"])
        if pd.notna(s["url"]):
            item["URL"] = str(s["url"])
        if (accessed := _date_parts(s["date_accessed"])) is not None:
            item["accessed"] = accessed
        item["language"] = str(s["language"])
        if pd.notna(s["licence"]):
            item["license"] = str(s["licence"])
        items.append(item)
    return items


# biblatex's langid takes babel/polyglossia names, not BCP 47 tags.
BIBLATEX_LANGUAGES = {"en": "english", "ru": "russian", "fr": "french", "de": "german", "tr": "turkish"}
_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX specials escaped, so braces stay balanced."""
    return "".join(_BIBTEX_SPECIALS.get(c, c) for c in text)


def to_bibtex(sources: pd.DataFrame) -> str:
    """BibTeX (biblatex) entries keyed by source_id: @online where there is a URL, @misc otherwise."""
    entries = []
    for source_id, s in sources.sort_index().iterrows():
        fields = [
            # Double braces keep a corporate author whole and a title's capitals as written.
            ("author", "{" + bibtex_escape(str(s["publisher"])) + "}"),
            ("title", "{" + bibtex_escape(str(s["title"])) + "}"),
            ("organization", bibtex_escape(str(s["publisher"]))),
        ]
        if pd.notna(s["date_published"]):
            ts = pd.Timestamp(s["date_published"])
            fields += [("date", f"{ts:%Y-%m-%d}"), ("year", str(ts.year))]
        else:
            fields.append(("note", bibtex_escape(str(s["date_published_note"]))))
        if pd.notna(s["url"]):
            # Braces cannot be escaped inside url; percent-encoding them keeps the address valid.
            fields.append(("url", str(s["url"]).replace("{", "%7B").replace("}", "%7D")))
        if pd.notna(s["date_accessed"]):
            fields.append(("urldate", f"{pd.Timestamp(s['date_accessed']):%Y-%m-%d}"))
        if str(s["language"]) in BIBLATEX_LANGUAGES:
            fields.append(("langid", BIBLATEX_LANGUAGES[str(s["language"])]))
        entry_type = "online" if pd.notna(s["url"]) else "misc"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{entry_type}{{{source_id},\n{body}\n}}\n")
    return "\n".join(entries)


# ---------------------------------------------------------------------------------------------- command line


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data/)")
    if command == "cite":
        parser.add_argument("id", help="a figure or event id, e.g. an-deaths-total")
        parser.add_argument("--style", choices=STYLES, default="plain", help="citation style (default: plain)")
    else:
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csl-json",
                            help="export format (default: csl-json)")
        parser.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")


def run_command(args: argparse.Namespace) -> int:
    data = load_for_command(args.data)
    if data is None:
        return 2
    if args.command == "cite":
        try:
            text = cite(args.id, args.style, data)
        except UnknownIdError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        if args.style == "markdown":
            text += "\n\n" + footnotes([args.id], data)
        print(text)
        return 0
    if args.format == "csl-json":
        text = json.dumps(to_csl_json(data.sources), indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_bibtex(data.sources)
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(atomic.write_text(args.output, text))
    return 0
