"""Checking a brief: every number and date in it, judged against what the sources say.

A small pipeline of pure steps, each testable alone:

    find_mentions   every number and date, read with the qualifier before it into bounds ("nearly 2,000",
                    "by 12 December 2020", "six months" as 168 to 186 days)
    attach          each mention to the phrase that governs it: the noun phrase a number counts ("380 units of
                    motor vehicles"), its side ("2,783 Azerbaijani soldiers") and population, the duration's
                    subject ("six weeks of fighting"), the event a date belongs to ("the agreement of 10 November"),
                    whether a date is when something was said ("On 12 December, the forces said ...") and who is
                    said to have said it ("Azerbaijan said", "according to Meduza", "..., the ministry said")
    candidates      the facts the phrase names: figures of that quantity, side and population; durations of that
                    subject in any unit; events sharing the most words with the phrase; a claimant's own facts.
                    Only strong matches judge: a fact that shares with the sentence only what is counted and whose
                    ("soldiers", "Azerbaijan"), not what happened ("Turkey sent"), is set aside, and the mention is
                    unsupported with a note naming the closest fact
    judge           the verdict against those facts: contradicted only where every one disagrees (or one that
                    excludes it agrees with all that allow it), disputed where they disagree among themselves

Verdicts (`VERDICTS`); every one but "supported" is flagged, and `brief check` exits 1 on it:

    supported     some source's claim implies the brief's (the brief's range contains the source's range)
    disputed      supported by one source, but contradicted by another's figure for the same measure even allowing
                  each number its rounding ("dozens of civilians" against "at least 143"); `--allow-disputed`
                  lets the command pass. A sentence that attributes the figure ("Meduza reported") or dates the
                  count is about that claim, so other sources (or undated counts) do not dispute it.
    overstated    the brief gives the source's number without its qualifier ("5,600 dead" for "more than 5,600"),
                  or a range narrower than the source's but inside it ("some 3,000" for "more than 3,000"; "on
                  11 December" for an event known only to have been reported on 11 December)
    contradicted  the facts the words point to exclude the brief's number or date, above or below ("almost 3,000"
                  for "more than 3,000"); a side word that is not the figure's ("Azerbaijani peacekeepers")
    unsupported   nothing in the data counts or dates it, or the brief attributes it to someone who did not claim
                  it (the note says who did)

Ignored: footnote definitions and markers, citations, links, code, list numbering, everything under a
Sources/References/Bibliography/Notes heading, numbers in headings that count nothing ("## 2. The war"), and a
number word after "the" that counts nothing in the data ("the two sides", "the three leaders").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis import checks, citations, dates, event_data, quantities, schema, statistics, timeline
from analysis.loading import Dataset

VERDICTS = ["supported", "disputed", "overstated", "contradicted", "unsupported"]
FLAGGED = VERDICTS[1:]
CHECK_COLUMNS = ["line", "column", "text", "type", "reading", "verdict", "matched", "sources", "note", "fix"]

# Words that say what a number counts, most specific first: "2,783 soldiers were killed" counts deaths. The last,
# `troops`, is what plain people nouns count when nothing more specific is said ("3,000 soldiers marched").
QUANTITY_WORDS: dict[str, list[str]] = {
    "deaths": ["dead", "killed", "deaths", "death", "died", "die", "fatalities", "lives", "toll", "lost", "losses",
               "losing", "lose", "cost", "kia"],  # KIA: killed in action
    "wounded": ["wounded", "injured", "injuries", "injury", "hurt", "hospital", "hospitalised", "hospitalized",
                "wia"],
    "missing": ["missing", "whereabouts", "unaccounted", "mia"],
    "displaced": ["displaced", "refugees", "refugee", "refugee-like", "fled", "uprooted", "homes", "evacuees"],
    "bodies_unidentified": ["bodies", "unidentified"],
    "peacekeepers": ["peacekeepers", "peacekeeper", "peacekeeping", "contingent"],
    "armoured_vehicles": ["armoured", "armored", "carriers", "apc", "apcs"],
    "motor_vehicles": ["motor", "automobile"],
    "military_vehicles": ["vehicles", "vehicle"],
    "settlements": ["villages", "village", "settlements", "settlement"],
    "areas": ["areas", "districts", "regions"],
    "territory": ["territory", "half"],
    "troops": ["soldiers", "troops", "servicemen", "fighters", "personnel", "forces", "mercenaries"],
}
# Nouns for people: with one of these, the number counts people and the clause says what happened to them.
PEOPLE_NOUNS = frozenset({"people", "persons", "men", "civilians", "soldiers", "troops", "servicemen", "fighters",
                          "personnel", "forces", "mercenaries", "dead"})
SIDE_WORDS: dict[str, list[str]] = {
    "armenia": ["armenian", "armenia", "artsakh", "karabakh's", "nagorno-karabakh", "arm"],  # "ARM", "AZ", "RU": a
    "azerbaijan": ["azerbaijani", "azerbaijan", "az"],  # thread's shorthand
    "russia": ["russian", "russia", "ru"],
    "turkey": ["turkish", "turkey"],
}
POPULATION_WORDS: dict[str, list[str]] = {
    "military": ["soldiers", "troops", "servicemen", "fighters", "military", "personnel", "forces", "kia", "mia",
                 "wia"],
    "civilian": ["civilians", "civilian"],
    "foreign_fighters": ["mercenaries", "syrian"],
}
PEOPLE_COUNTS = {"deaths", "wounded", "missing", "displaced"}  # counts whose population words can pick
# Vague plurals the data's qualifiers do not cover, as the checker reads them. Deliberately not in
# `quantities.QUALIFIER_RULES` (the data's vocabulary): no source figure is stored as "hundreds". "Hundreds"
# starts at two hundred as "dozens" starts at two dozen; each ends below the next order of magnitude.
VAGUE_AMOUNTS: dict[str, tuple[float, float]] = {
    "hundreds of thousands": (200_000, 999_999),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
}
# Journalists' hedges beyond the data's own qualifier words (`quantities.QUALIFIER_SYNONYMS`), mapped to them.
BRIEF_QUALIFIERS: dict[str, str] = {
    "just under": "nearly", "just short of": "nearly", "close to": "nearly", "well over": "more than",
    "just over": "more than", "a little over": "more than", "passed": "more than", "topped": "more than",
    "exceeded": "more than", "no fewer than": "at least", "some": "about", "slightly over": "more than",
    "c.": "about", "ca.": "about", "approx.": "about", "~": "about",  # a situation report's short hedges
    "slightly more than": "more than", "a little more than": "more than", "just above": "more than",
    "north of": "more than", "upward of": "more than", "a shade over": "more than",  # a desk's idioms
    "south of": "fewer than", "shy of": "nearly", "just shy of": "nearly", "a shade under": "nearly",
    "in the region of": "about",
}
# Hedges that say a number is only a little above the one named: "just over 100" is not 143. They end where
# "about" does (10% above), as "nearly" starts 10% below.
JUST_ABOVE = frozenset({"just over", "a little over", "slightly over", "slightly more than", "a little more than",
                        "just above"})
# Whole phrases that name a share: "nearly half of the territory" is "nearly 50%".
SHARE_PHRASES = {"half": 50.0}
# Verbs that put a claim in someone's mouth ("the ministry said"); with a date in their clause they date the saying.
# Base forms, after a plural subject ("the Wikipedia contributors record just six"), but not "to give back".
_BASE_SAYING = frozenset({"record", "give", "count", "list", "estimate", "write", "cite"})
SAYING_VERBS = frozenset({
    "said", "says", "say", "reported", "reports", "report", "claimed", "claims", "announced", "announces",
    "stated", "states", "told", "confirmed", "confirms", "counted", "counts", "estimated", "estimates", "put",
    "cites", "cited",
    "puts", "acknowledged", "declared", "published", "noted", "listed", "lists", "issued", "writing",
    "wrote", "gives", "gave", "admits", "admitted", "acknowledges", "disclosed", "discloses", "revealed", "reveals",
    "alleged", "alleges", "asserted", "asserts", "insisted", "insists",
    "recorded", "records", "logged", "logs", "documented", "documents",  # an event data set's counts
    "notes", "writes", "observes", "observed", "mentions", "mentioned",  # an essay's verbs of its sources
    *_BASE_SAYING,
    "speaks", "refers", "describes",  # "the BBC speaks of two thousand peacekeepers"
    "released", "releases"})  # "the ministry released its toll on 3 December"
# The forms of those verbs that are never nouns ("said", "reported"; not "report", "claims").
_SAYING_PAST = "|".join(sorted(v for v in SAYING_VERBS if v.endswith("ed") or v in ("said", "says", "told", "wrote")))
# Words that give a count as what was reported ("Azerbaijan's reported dead", "the official toll").
AS_REPORTED_WORDS = frozenset({"reported", "announced", "official", "published", "declared"})
_AUXILIARIES = frozenset({"was", "were", "had", "been", "is", "are", "has", "have", "be", "being"})
# What may stand between an aside and its subject's verb: "Armenia, for its part, had already announced".
_VERB_ADVERBS = _AUXILIARIES | frozenset({"already", "also", "later", "then", "now", "previously", "earlier", "first",
                                          "initially", "subsequently", "only", "itself", "officially", "publicly"})
# Words that end the noun phrase after a number (a verb, a preposition other than "of", a conjunction).
_PHRASE_ENDS = _AUXILIARIES | SAYING_VERBS | frozenset({
    "in", "on", "at", "by", "from", "to", "for", "with", "during", "after", "before", "since", "into", "under",
    "than", "that", "who", "which", "as", "and", "or", "but", "while", "when", "against", "took", "marched", "rolled",
    "minus", "plus", "versus", "vs",
    "died", "killed", "remain", "remained", "make", "paraded", "went", "over", "ended", "began", "lasted", "until",
    "till", "whereas", "once", "if", "because", "although", "though"})
DATE_PREPOSITIONS = {"by": "by", "until": "by", "before": "before", "after": "after", "since": "since"}
# What a brief calls a source document, by its type ("the BBC article"); a title opening with a document noun
# names it too ("Statement by the President ...": "the 10 November statement").
DOCUMENT_TYPE_NOUNS: dict[str, list[str]] = {
    "news": ["article", "report", "story", "piece"],
    "primary_document": ["document", "text"],
    "encyclopedia": ["article", "entry", "page"],
}
DOCUMENT_NOUNS = frozenset({"statement", "declaration", "communique", "agreement", "report", "article", "document",
                            "text", "story", "piece", "entry", "page", "release", "announcement"})
# Words that name a span (spans.csv) by its kind: only these make two dates a period of it ("the war ran from D1
# to D2"); a kind not listed is named by its own word.
PERIOD_WORDS: dict[str, list[str]] = {
    "war": ["war", "fighting", "hostilities", "conflict"],
    "mandate": ["mandate", "mission", "stay"],
    "control": ["control", "controlled", "held", "hold"],
}
# Words that mean the same thing when matching a sentence to an event or a duration (keys after `_stem`).
SYNONYMS = {
    "fighting": "war", "hostility": "war", "hostilitie": "war", "conflict": "war", "fought": "war", "fight": "war",
    "began": "start", "broke": "start", "started": "start", "begin": "start", "beginning": "start",
    "starting": "start", "erupted": "start", "resumed": "start", "outbreak": "start", "renewed": "start",
    "ended": "end", "ending": "end", "halted": "end", "stopped": "end", "ceased": "end", "silent": "end",
    "ceasefire": "truce", "effect": "truce", "effective": "truce",  # "took effect": the truce's entry into force
    "violated": "violation", "violating": "violation", "breach": "violation",
    "expires": "expiry", "expire": "expiry", "expired": "expiry", "expiring": "expiry",
    "breaking": "violation", "broken": "violation", "breached": "violation", "breaching": "violation",
    "deal": "agreement", "accord": "agreement", "signed": "agreement",
    "agreed": "agreement", "struck": "agreement", "deployed": "deployment", "deploy": "deployment",
    "arrived": "deployment", "sent": "deployment", "killed": "death", "dead": "death", "died": "death",
    "returned": "handover", "handed": "handover", "passed": "handover", "transferred": "handover",
    "ceded": "handover", "return": "handover", "hand": "handover",
    "peacekeeping": "peacekeeper", "accused": "accusation", "accuse": "accusation", "accuses": "accusation",
    "attacked": "attack", "met": "meeting", "paraded": "parade", "threatened": "threaten", "warned": "threaten",
    "warning": "threaten", "extended": "extension", "renewed automatically": "extension", "renew": "extension",
    "renews": "extension", "withdraw": "withdrawal", "pull": "withdrawal", "regained": "claim",
    "regain": "claim", "claimed": "claim", "retook": "claim", "term": "mandate",
    "mod": "defence ministry",  # "the Azerbaijani MoD"
    "center": "centre", "kalbajar": "kelbajar", "gadrut": "hadrut", "defense": "defence", "armored": "armoured",
    "russian": "russia", "armenian": "armenia", "azerbaijani": "azerbaijan", "turkish": "turkey",
    "moscow-brokered": "broker", "brokered": "broker", "russian-brokered": "broker",
}
_STOPWORD_TEXT = """the a an and or of in on at by to for from with was were is are be been had has have that this
which who its their his her as into after before since until than more less over under about nearly some said says
also other another both side sides people reported according early mid late january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday sunday each
time day days week weeks month months year years"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())  # month and day names too: dates are compared by value, not words
# Days each unit of time can last: months and years vary, so "six months" is 168 to 186 days.
UNIT_DAYS: dict[str, tuple[float, float]] = {"days": (1, 1), "weeks": (7, 7), "months": (28, 31),
                                             "years": (365, 366)}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY = f"(?:{'|'.join(WEEKDAYS)})"
# A weekday before a date, in full or short as chronologies write it ("Fri 11 Dec", "Thurs. 10 December").
_WEEKDAY_BEFORE = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?)"
_COUNT_NOUNS = r"(?:people|soldiers|troops|servicemen|peacekeepers|civilians|fighters|vehicles|villages|dead)"
DATE_PATTERNS = [  # most specific first; a text span is read by the first pattern that matches it
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}\.\d{1,2}\.\d{4}\b",
    rf"\b\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?(?![\w])",  # a range of days: "9-10 November"
    rf"\b(?:{_WEEKDAY_BEFORE},?\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?(?![\w])",
    rf"\b{_MONTH}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}(?:,?\s+\d{{4}})?(?![\w])",  # "Nov 9-10"
    rf"\b(?:{_WEEKDAY_BEFORE},?\s+)?(?:(?i:the)\s+)?(?i:{dates.ORDINAL_DAY_PATTERN})\s+of\s+{_MONTH}(?:,?\s+\d{{4}})?(?![\w])",
    rf"\b(?:{_WEEKDAY_BEFORE},?\s+)?{_MONTH}\s+(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?|(?i:{dates.ORDINAL_DAY_PATTERN}))"
    rf"(?:,?\s+\d{{4}})?(?![\w-])",
    rf"\b(?i:early|mid|late)[-\s]{_MONTH}(?:\s+\d{{4}})?(?![\w])",
    # "the end of June 2021" is late June, not the end of something the data knows (the war's)
    rf"\b(?:(?i:the)\s+)?(?i:end|close|beginning|start|middle)\s+of\s+{_MONTH}(?:\s+\d{{4}})?(?![\w])",
    rf"\b{_MONTH}(?:\s+\d{{4}})?(?![\w])",
    r"\b(?:the\s+)?\d{3}0s\b",
    # A bare year, unless it counts something ("1960 servicemen").
    rf"\b(?:1[89]\d\d|20\d\d)\b(?![-,.:]?\d)(?!\s+{_COUNT_NOUNS})",
]
# "(1) ", "2) " opening a line, and a thread's "3/"
_ENUMERATOR = re.compile(r"[ \t]*(?:\(?(?P<n>\d{1,2})\)|(?P<t>\d{1,2})/(?:\d{1,2})?)[ \t]")
# A footnote's marker: "[12]" anywhere, or "(3)" closing a sentence ("... both sides (3).").
_FOOTNOTE = re.compile(r"\[\d{1,3}\]|\(\d{1,2}\)(?=\s*(?:[.;:!?]|$))", re.MULTILINE)
# "(Meduza, 2020)", "(BBC, 2020a, p. 3)", "(Asia News, 2020; Meduza, 2020)"
_CITATION_YEAR = re.compile(r"[a-z]?(?:,\s*(?:p|pp)\.\s*[\d-]+)?[);]")
# Dates relative to the day of writing: read only in a dated brief (front matter `date:`) or against a date the
# sentence gives for its own report ("Writing on 12 December, ... last month").
RELATIVE_DATE_PATTERN = (r"\b(?i:(?:a|one|two|three|four|five|six|seven|\d{1,2})\s+(?:days?|weeks?|fortnights?)\s+"
                         r"(?:ago(?:\s+today)?|from\s+today|today))\b"
                         rf"|\b(?i:this\s+){_WEEKDAY}\b"
                         rf"|\b(?:(?i:last|on)\s+)?{_WEEKDAY}\b"
                         r"|\b(?i:yesterday|today|overnight|(?:earlier\s+)?this\s+(?:week|month)|last\s+(?:week|month))\b")
TIME_WORDS = {"midnight": 0, "noon": 720, "midday": 720}  # times of day said in words, in minutes
TIME_PATTERN = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")

_ALL_QUALIFIERS = {**quantities.QUALIFIER_SYNONYMS, **BRIEF_QUALIFIERS}
_QUALIFIERS = "|".join(re.escape(q) for q in sorted(_ALL_QUALIFIERS, key=len, reverse=True))
_SMALL = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_PHRASES = "|".join(re.escape(p) for p in sorted([*quantities.NUMBER_PHRASES, *SHARE_PHRASES], key=len,
                                                  reverse=True))
_VAGUE = "|".join(re.escape(p) for p in sorted(VAGUE_AMOUNTS, key=len, reverse=True))
NUMBER_PATTERN = re.compile(
    rf"(?:(?:\b|(?=~))(?P<qualifier>{_QUALIFIERS})(?:\s+|(?<=~)))?"
    rf"(?P<number>(?:{_PHRASES})\b|dozens\b|tens of thousands\b|(?:{_VAGUE})\b|decades\b(?:-long\b)?"
    rf"|(?<![\w.,:-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:k)?(?![\w:]|[.,]\d)"  # "5.6k": 5,600
    rf"|\b(?:{_SMALL})(?:[\s-]+(?:and[\s-]+)?(?:{_SMALL}|hundred|thousand|million))*\b(?:[\s-]+(?:hundred|thousand|million)\b)?)"
    r"(?P<plus>(?<=[\dkK])\+)?"  # "3,000+", "3k+": more than 3,000
    rf"(?P<unit>[\s-](?:days?|weeks?|months?|years?|yrs?|wks?)\b(?:-long\b)?(?:'|’)?)?"
    r"(?P<postfix>\s+or\s+(?:more|over|fewer|less)\b)?",  # "143 or more": at least 143
    re.IGNORECASE,
)
# A full stop ends a sentence, but not the one of an abbreviated month ("Dec. 3: Baku admits ...") or "No.".
_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "St", "Mr", "Dr",
                  "approx", "Approx", "est", "Est", "ca"]  # "approx. 2.4k for Armenia" goes on
_SENTENCE_END = re.compile(r"(?:[!?;]|" + "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS) + r"\.)(?=\s|$)|\n\s*\n")
# Not the comma in "2,425" nor the colon in "00:00".
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|(?<!\d):|:(?!\d)|[;()\u2014]|\s[-\u2013]\s")
_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}\s[^\n]*$")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_WORD = re.compile(r"[a-z][a-z'-]*")


def mask(text: str) -> str:
    """The text with everything that is not a claim blanked out (same length, line breaks kept)."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match[0])

    patterns = [
        r"\A---\n.*?\n---\n",  # YAML front matter
        r"(?ms)^```.*?^```",  # fenced code
        r"`[^`\n]*`",
        r"(?m)^\[\^[^\]]+\]:.*(?:\n(?: {4}|\t).*)*",  # footnote definitions and their indented lines
        r"\[\^[^\]]+\]",  # footnote markers
        r"\[[^\]\n]*@[^\]\n]*\]",  # pandoc citations [@key]
        r"(?<![\w@])@[\w:.#$%&+?<>~/-]+",
        r"\]\([^)\n]*\)",  # link targets
        r"<[^>\n]+>",  # HTML tags and autolinks
        r"https?://\S+",
        r"(?m)^\s*\d+[.)](?=\s)",  # list numbering
        r"(?<=[A-Za-z] )\(\d{4}[a-z]?(?:,\s*pp?\.\s*[\d-]+)?\)",  # a narrative citation's year: "Meduza (2020) reports"
    ]
    for pattern in patterns:
        text = re.sub(pattern, blank, text, flags=re.DOTALL if pattern.startswith(r"\A") else 0)
    # A reference list states no claims: blank from its heading to the next heading of the same level or above.
    return re.sub(r"(?ims)^#{1,6}\s*(sources|references|bibliography|notes)\s*$.*?(?=^#{1,6}\s|\Z)", blank, text)


def brief_date(text: str) -> pd.Timestamp | None:
    """The brief's own date, from `date: YYYY-MM-DD` in its YAML front matter; None if it has none."""
    front = re.match(r"\A---\n(.*?)\n---\n", text, flags=re.DOTALL)
    found = re.search(r"(?m)^date:\s*['\"]?(\d{4}-\d{2}-\d{2})", front[1]) if front else None
    return pd.Timestamp(found[1]) if found else None


# ============================================================================================== 1. mentions


@dataclass(frozen=True)
class Mention:
    """A number, date or time found in a brief: where, the words as written, and the range they allow."""

    start: int
    end: int
    text: str
    type: str  # "number", "date" or "time"
    low: float  # -inf / inf for open ends; dates: the day's ordinal (date.toordinal); durations: days
    high: float
    low_strict: bool
    high_strict: bool
    reading: str
    value: float | None = None
    unit: str = ""
    exact: bool = False  # stated without a qualifier ("5,600", not "more than 5,600")
    rounded: bool = False  # an exact number that may be round ("2,000"), not "exactly 2,000"
    relation: str = "on"  # for dates: on, by, before, after, since; from / to for the ends of a period
    relative: bool = False  # a date read against the day of writing ("last Tuesday")
    period: tuple[float, float] | None = None  # the ends of a period ("between D1 and D2"): D1's first to D2's last day
    weekday: int | None = None  # a day of the week alone ("on Saturday" in an undated brief): Monday 0 to Sunday 6


# Nouns that a number labels rather than counts when it follows them ("point six", "paragraph 9", "Article 4").
LABEL_NOUNS = frozenset({"point", "paragraph", "para", "article", "clause", "section", "item", "chapter", "page",
                         "annex", "no",
                         "event", "id", "ged", "version"})  # an event data set's ids: "UCDP GED 23.1, event 376014"
_LABEL_BEFORE = re.compile(rf"(?i)\b(?:{'|'.join(sorted(LABEL_NOUNS))})\.?\s+\Z")


def find_mentions(text: str, reference: pd.Timestamp, dated: pd.Timestamp | None = None) -> list[Mention]:
    """Every date, time and number in a masked brief, in reading order.

    Year-less dates are the latest such day by `reference`; weekdays and "last month" are read only against
    `dated`, the brief's own date (or a report date the sentence gives, see `check_text`)."""
    found: list[Mention] = []
    taken = np.zeros(len(text) + 1, dtype=bool)
    patterns = [(p, False) for p in DATE_PATTERNS] + ([(RELATIVE_DATE_PATTERN, True)] if dated is not None else [])
    for pattern, relative in patterns:
        for match in re.finditer(pattern, text):
            if taken[match.start():match.end()].any():
                continue
            if pattern is DATE_PATTERNS[-1] and _CITATION_YEAR.match(text, match.end()) and \
                    re.search(r"\([^()]*,\s*\Z", text[:match.start()]):
                taken[match.start():match.end()] = True  # "(Meduza, 2020)": a citation's year, not a claim or count
                continue
            try:
                interval = _resolve(match[0], dated if relative else reference)
            except ValueError:
                continue
            taken[match.start():match.end()] = True
            found.append(_date_mention(text, match, interval, relative))
    found += _bare_days(text, found, taken, reference)
    if dated is None:  # no day of writing: a weekday still says which day of the week the event fell on
        for match in re.finditer(rf"\b(?:(?i:on)\s+)?({_WEEKDAY})\b", text):
            if not taken[match.start():match.end()].any():
                taken[match.start():match.end()] = True
                day = WEEKDAYS.index(match[1])
                found.append(Mention(match.start(), match.end(), match[0], "date", -np.inf, np.inf, False, False,
                                     f"a {match[1]} (the day of the week only)", weekday=day))
    for match in TIME_PATTERN.finditer(text):
        if not taken[match.start():match.end()].any():
            taken[match.start():match.end()] = True
            minutes = int(match[0].split(":")[0]) * 60 + int(match[0].split(":")[1])
            found.append(Mention(match.start(), match.end(), match[0], "time", minutes, minutes, False, False,
                                 match[0]))
    for match in re.finditer(rf"\b(?i:{'|'.join(TIME_WORDS)})\b", text):  # "at midnight Moscow time"
        if not taken[match.start():match.end()].any():
            taken[match.start():match.end()] = True
            minutes = TIME_WORDS[match[0].lower()]
            found.append(Mention(match.start(), match.end(), match[0], "time", minutes, minutes, False, False,
                                 f"{minutes // 60:02d}:{minutes % 60:02d}"))
    found = _periods(text, found, reference, dated)
    for match in NUMBER_PATTERN.finditer(text):
        if taken[match.start("number"):match.end("number")].any():
            continue
        if _LABEL_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue  # "point six of the statement", "Article 9": a label of a document's part, not a count
        if _FOOTNOTE.match(text, match.start() - 1) and match.start("number") == match.start():
            continue  # "... dead on both sides (1).", "[12]": a footnote's marker, not a count
        numbering = _ENUMERATOR.match(text, text.rfind("\n", 0, match.start()) + 1)
        if numbering and match.end("number") in (numbering.end("n"), numbering.end("t")):
            continue  # "(1) Azerbaijani MoD figures ...", "2) ...": a list's numbering, not a count
        if (match["qualifier"] or "").lower() == "over" and match["unit"] and re.match(r"\s+of\b", text[match.end():]):
            match = NUMBER_PATTERN.match(text, match.start("number"))  # "over 44 days of fighting": during them
        mention = _number_mention(match)
        if mention is not None:
            found.append(mention)
            taken[mention.start:mention.end] = True
    # "A week after the ceasefire", "a month later": a length said with the article, read as "one week" (the same
    # length of text, so the mention stands where the words do).
    for match in _ARTICLE_LENGTH.finditer(text):
        if taken[match.start():match.end()].any():
            continue
        mention = _number_mention(NUMBER_PATTERN.match("1" + match[0][1:]))
        if mention is not None:
            found.append(replace(mention, start=match.start(), end=match.end(), text=match[0]))
    return sorted(found, key=lambda m: m.start)


# A length with the article, where it is a time between two things: "a week after", "a month later".
_ARTICLE_UNIT = re.compile(r"[Aa] (?:day|week|month|year|decade)")  # "a week"
_ARTICLE_LENGTH = re.compile(rf"\b{_ARTICLE_UNIT.pattern}(?=\s+(?:after|before|later|earlier)\b)")


def _bare_days(text: str, found: list[Mention], taken: np.ndarray, reference: pd.Timestamp) -> list[Mention]:
    """ "Aghdam by 20 November, Kelbajar by the 15th": a day of the month alone takes its month (and year) from the
    nearest date of its sentence that names one; with none, it is no date."""
    days = []
    # "the 15th", or "the ninth" where no noun follows ("late on the ninth,", not "the first violation")
    bare = (rf"\b(?i:the)\s+(?:(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\b|{_MONTH}))"
            rf"|((?i:{dates.ORDINAL_DAY_PATTERN}))(?=\s*(?:[,.;:)\u2014]|$)|\s+(?:at|when)\b|\s+(and|or)\b))")
    for match in re.finditer(bare, text):
        if taken[match.start():match.end()].any():
            continue
        if match[3] and not re.search(r"\b(?i:by|until|before)\s+$", text[:match.start()]):
            continue  # "by the twentieth and Lachin by ...", not "the first and only violation"
        opening = max([e.end() for e in _SENTENCE_END.finditer(text, 0, match.start())] or [0])
        closing = _SENTENCE_END.search(text, match.end())
        end = closing.start() if closing else len(text)
        named = [m for m in found if m.type == "date" and opening <= m.start < end and re.search(_MONTH, m.text)]
        if not named:
            continue
        # The month of the date before it, as a reader takes it ("Aghdam by 20 November, Kelbajar by the 15th and
        # Lachin by 1 December"); else of the one after.
        preceding = sorted((m for m in named if m.start < match.start()), key=lambda m: m.start)
        nearest = preceding[-1] if preceding else min(named, key=lambda m: m.start)
        month, year = re.search(_MONTH, nearest.text)[0], re.search(r"\d{4}", nearest.text)
        try:
            day = match[1] or str(dates.ORDINAL_DAYS[match[2].lower()])
            interval = _resolve(f"{day} {month}" + (f" {year[0]}" if year else ""), reference)
        except ValueError:
            continue
        taken[match.start():match.end()] = True
        days.append(_date_mention(text, match, interval, False))
    return days + _paired_days(text, found, taken, reference)


# "from 6 to 8 November", "between 28 and 30 September", "on 9 or 10 November": the first day takes the month of
# the date it is paired with.
_PAIRED_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?=\s+(?:and|to|until|till|through|or)\s+)")


def _paired_days(text: str, found: list[Mention], taken: np.ndarray, reference: pd.Timestamp) -> list[Mention]:
    """A day number paired with a date of a later day in the same month is a date of that month, not a count."""
    days = []
    following = {m.start: m for m in found if m.type == "date" and re.match(r"(?:the\s+)?\d", m.text)}
    for match in _PAIRED_DAY.finditer(text):
        joint = re.match(r"\s+\w+\s+", text[match.end():])
        paired = following.get(match.end() + joint.end()) if joint else None
        if paired is None or taken[match.start():match.end()].any() or not paired.low > -np.inf:
            continue
        try:
            interval = _resolve(_in_month_of(match[1], paired.text), reference)
        except ValueError:
            continue
        if _day(interval.earliest) >= paired.low:
            continue  # "30 and 2 October" pairs no days of one month
        taken[match.start():match.end()] = True
        days.append(_date_mention(text, match, interval, False))
    return days


def _in_month_of(day: str, other: str) -> str:
    """ "6" paired with "8 November 2020" is "6 November 2020"; a day already with its month is left alone."""
    if not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", day) or not (month := re.search(_MONTH, other)):
        return day
    year = re.search(r"\d{4}", other)
    return f"{day} {month[0]}" + (f" {year[0]}" if year else "")


def _periods(text: str, found: list[Mention], reference: pd.Timestamp, dated: pd.Timestamp | None
             ) -> list[Mention]:
    """Two dates that bound one period ("between 27 September and 10 November", "from 27 September until
    10 November") are its start and its end (relation from / to), each the day it names."""
    dates_found = sorted((m for m in found if m.type == "date" and m.weekday is None), key=lambda m: m.start)
    ends: dict[int, Mention] = {}
    for first, second in zip(dates_found, dates_found[1:], strict=False):
        opening = re.search(r"\b(between|from)\s+$", text[max(0, first.start - 10):first.start], re.IGNORECASE)
        joint = re.fullmatch(r"\s*(and|to|until|till|through)\s+", text[first.end:second.start], re.IGNORECASE)
        if not opening or not joint or (opening[1].lower() == "between") != (joint[1].lower() == "and"):
            continue
        days = [_resolve(_in_month_of(first.text, second.text), dated if first.relative else reference),
                _resolve(second.text, dated if second.relative else reference)]
        low, high = _day(days[0].earliest), _day(days[1].latest)
        if high < low:
            continue
        for m, day, relation in ((first, days[0], "from"), (second, days[1], "to")):
            ends[m.start] = replace(m, low=_day(day.earliest), high=_day(day.latest), relation=relation,
                                    reading=f"{relation} {day}", period=(low, high))
    return [ends.get(m.start, m) if m.type == "date" else m for m in found]


@dataclass(frozen=True)
class _DayRange:
    """Consecutive whole days ("the night of 9-10 November"), which `dates.DateInterval` does not describe."""

    earliest: pd.Timestamp
    latest: pd.Timestamp

    def __str__(self) -> str:
        return f"{dates.format_date(self.earliest, 'day')} to {dates.format_date(self.latest, 'day')}"


def _resolve(words: str, reference: pd.Timestamp) -> dates.DateInterval | _DayRange:
    """A date expression as a day interval: "Dec. 11" -> "Dec 11", ordinals and weekday names dropped, a range of
    days ("9-10 November") spanning both, "last Tuesday" the Tuesday before the reference day."""
    words = re.sub(r"(?<=[A-Za-z])\.", "", words)
    words = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", words)
    words = re.sub(rf"^(?:the\s+)?{_WEEKDAY_BEFORE},?\s+(?=\S*\d|the|{_MONTH})|^(?i:the)\s+(?=\d)", "", words)
    words = re.sub(r"^([A-Za-z]+)\s+(\d{1,2}\s*[-–]\s*\d{1,2})\b,?", r"\2 \1", words)  # "Nov 9-10"
    if days := re.fullmatch(r"(\d{1,2})\s*[-–]\s*(\d{1,2})\s+(.+)", words):
        first = dates.resolve_expression(f"{days[1]} {days[3]}", reference)
        last = dates.resolve_expression(f"{days[2]} {days[3]}", reference)
        if last.latest < first.earliest:
            raise ValueError(f"{words!r}: the range ends before it starts")
        return _DayRange(first.earliest, last.latest)
    part = {"end": "late", "close": "late", "beginning": "early", "start": "early", "middle": "mid"}
    words = re.sub(r"^(?:(?i:the)\s+)?(end|close|beginning|start|middle)\s+of\s+",
                   lambda w: part[w[1].lower()] + " ", words, flags=re.IGNORECASE)
    if words.lower() == "overnight":  # a live blog's "Overnight, ...": the night into the day of writing
        return _DayRange(reference - pd.Timedelta(days=1), reference)
    if last := re.fullmatch(rf"(?i:last)\s+({_WEEKDAY})", words):  # before the day of writing, never that day
        return dates.resolve_expression(last[1], reference - pd.Timedelta(days=1))
    return dates.resolve_expression(re.sub(r"^(?i:on)\s+", "", words), reference)


_UNIT_SHORT = {"yr": "year", "yrs": "years", "wk": "week", "wks": "weeks"}


def _number_mention(match: re.Match) -> Mention | None:
    number, unit = match["number"].lower(), (match["unit"] or "").rstrip("'’")
    if re.fullmatch(r"[\d,.]+k", number):  # a thread's "5.6k", "~2k"
        number = f"{round(float(number[:-1].replace(',', '')) * 1000):,}"
    unit = re.sub(r"[a-z]+", lambda w: _UNIT_SHORT.get(w[0], w[0]), unit.lower())  # "5 yrs", "5-yr"
    if number == "one" and not unit:  # "one of", "one attack": a pronoun or article, rarely a claim
        return None
    words = re.sub(r"\s+", " ", number)
    qualifier = "more than" if match["plus"] else (match["qualifier"] or "").lower()  # "some 3,000+": more than
    if match["postfix"]:
        qualifier = "at least" if match["postfix"].split()[-1] in ("more", "over") else "up to"
    if words in VAGUE_AMOUNTS:  # "thousands of civilians": the range `VAGUE_AMOUNTS` gives, whatever hedges it
        low, high = VAGUE_AMOUNTS[words]
        return Mention(match.start("number"), match.end("number"), match["number"], "number", low, high, False,
                       False, f"{words} (read as {low:,.0f} to {high:,.0f})")
    canonical = _ALL_QUALIFIERS.get(re.sub(r"\s+", " ", qualifier), "")
    spoken = {"exact": "exactly", "more than": "more than", "at least": "at least", "nearly": "nearly",
              "about": "about", "up to": "up to", "fewer than": "fewer than"}.get(canonical, "")
    share = SHARE_PHRASES.get(words)
    try:
        quantity = (quantities.Quantity.stated(share, canonical or "exact", "percent") if share is not None
                    else quantities.parse_quantity(f"{spoken} {number}{unit}".strip()))
    except ValueError:
        return None
    low = -np.inf if quantity.low is None else quantity.low
    high = np.inf if quantity.high is None else quantity.high
    reading = quantity.to_words(with_unit=True)
    if re.sub(r"\s+", " ", qualifier) in JUST_ABOVE and quantity.value is not None:
        high = float(math.ceil(quantity.value * 1.1))
        reading = f"{reading}, at most {high:,.0f}"
    if quantity.unit in UNIT_DAYS:  # durations are compared in days, whatever unit each side used
        low, high = low * UNIT_DAYS[quantity.unit][0], high * UNIT_DAYS[quantity.unit][1]
    text = match[0].rstrip("'’")  # "six months' notice"
    return Mention(match.start(), match.start() + len(text), text, "number", low, high, quantity.low_strict,
                   quantity.high_strict, reading, quantity.value, quantity.unit,
                   exact=quantity.qualifier == "exact", rounded=quantity.qualifier == "exact" and not qualifier)


def _date_mention(text: str, match: re.Match, interval: dates.DateInterval | _DayRange, relative: bool
                  ) -> Mention:
    before = re.findall(r"[A-Za-z]+", text[max(0, match.start() - 12):match.start()])
    relation = DATE_PREPOSITIONS.get(before[-1].lower(), "on") if before else "on"
    if match[0].lower().startswith("the ") and not re.search(
            r"\d(?:st|nd|rd|th)?\s+of\s|^the\s+[a-z -]+\s+of\s|^the\s+\d{1,2}(?:st|nd|rd|th)$|^the\s+[a-z-]+$",
            match[0].lower()):
        relation = "on"  # "after the 10 November agreement": the preposition is the noun's; not "by the 15th of ..."
    if [w.lower() for w in before[-2:]] == ["as", "of"]:  # "as of 12 December": a count up to that day
        relation = "by"
    # "15 Nov: deadline for Armenia to return Aghdam", "the deadline of 20 November": a deadline is a "by".
    # A list labelled "Deadlines (trilateral statement): Aghdam — 20 Nov 2020; Kelbajar — 15 Nov 2020" too.
    line = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
    if re.match(r"\s*[:\u2014\u2013-]\s*(?:the\s+|a\s+)?deadline\b", text[match.end():], re.IGNORECASE) or \
            re.search(r"\bdeadline(?:\s+(?:of|was|is|fell\s+on|set\s+for))?\s*:?\s*$", text[:match.start()],
                      re.IGNORECASE) or re.match(r"\s*deadlines?\b[^:.]{0,40}:[^.]*$", line, re.IGNORECASE):
        relation = "by"
    low, high = _day(interval.earliest), _day(interval.latest)
    low, high = {"by": (-np.inf, high), "before": (-np.inf, low - 1), "after": (high + 1, np.inf),
                 "since": (low, np.inf)}.get(relation, (low, high))
    reading = str(interval) if relation == "on" else f"{relation} {interval}"
    return Mention(match.start(), match.end(), match[0], "date", low, high, False, False, reading,
                   relation=relation, relative=relative)


def _day(ts: pd.Timestamp) -> float:
    return float(pd.Timestamp(ts).toordinal())


_EPOCH_ORDINAL = pd.Timestamp("1970-01-01").toordinal()


def _days(stamps: pd.Series) -> pd.Series:
    """Timestamps as day ordinals (like `_day`), the timeline's open ends as -inf / inf."""
    days = ((stamps.dt.normalize() - pd.Timestamp("1970-01-01")).dt.days + _EPOCH_ORDINAL).astype(float)
    return days.mask(stamps <= timeline.OPEN_START, -np.inf).mask(stamps >= timeline.OPEN_END, np.inf)


# ============================================================================================== words


def _stem(word: str) -> str:
    """A plural folded to its singular, roughly ("accusations" -> "accusation"), possessives dropped."""
    word = word.replace("’", "'").strip("'-")
    word = word[:-2] if word.endswith("'s") else word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text: str) -> set[str]:
    """Content words, lower case, plurals and synonyms folded, so a sentence and a row can be compared."""
    return {SYNONYMS.get(w, w) for w in _stems(text)}


# Phrases read as one word: "fighting broke out" and "the first clashes" are an outbreak (a start), the war's or a
# later flare-up's, as "Fighting breaks out" in an event's title is.
_PHRASES = re.compile(r"\b(?:break|breaks|broke|breaking)\s+out\b|\bfirst\s+(?:clashes|clash|fighting|shots)\b")


def _stems(text: str) -> set[str]:
    """Content words as written, plurals folded but not synonyms."""
    found = {_stem(w) for w in _WORD.findall(_PHRASES.sub("outbreak", text.lower().replace("’", "'")))}
    return {w for w in found if len(w) > 2 and w not in STOPWORDS}


def _tokens(text: str) -> list[str]:
    """Words as written, lower case, curly apostrophes straightened."""
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _plain(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def _detect(words: list[str] | tuple[str, ...], vocabulary: dict[str, list[str]]) -> list[str]:
    """The keys of `vocabulary` whose words occur in `words`, plurals folded ("hospitals" is "hospital")."""
    plain = {_plain(w) for w in words} | {_stem(w) for w in words}  # a singular does not match a plural
    return [key for key, listed in vocabulary.items() if plain & set(listed)]


# ============================================================================================== 2. attach


@dataclass(frozen=True)
class Phrase:
    """A mention with the words that govern it in its sentence."""

    mention: Mention
    sentence: tuple[int, int]
    own: tuple[str, ...] = ()  # the noun phrase a number counts ("units of motor vehicles")
    after: tuple[str, ...] = ()  # the rest of its clause, up to the next number
    before: tuple[str, ...] = ()  # its clause before it, back to the previous number
    rest: tuple[str, ...] = ()  # every word of the sentence
    subject: tuple[str, ...] = ()  # for dates and durations: the words of the phrase it belongs to
    reported: bool = False  # a date of saying, not of what was said
    claimants: tuple[str, ...] = ()  # names of who is said to have said it, as written
    in_heading: bool = False
    reference: bool = False  # "the two sides": a number word that refers, not counts
    gap: Gap | None = None  # for a duration between two events: what they are
    earlier: tuple[str, ...] = ()  # the sentence's words before the mention
    leading: tuple[str, ...] = ()  # its clause's words before the mention
    # `before` and `earlier` without the names of who spoke: "The Syrian Observatory ... said" names no Syrians.
    before_unnamed: tuple[str, ...] = ()
    earlier_unnamed: tuple[str, ...] = ()
    quoted: bool = False  # inside quotation marks: the quoted words' own, not the quoting statement's
    since: tuple[str, ...] = ()  # its clause's words since the previous mention ("and Lachin by")
    # `earlier` without the asides that close before the mention: "The war, which ended with the deal of 10
    # November, killed ..." says what killed, not that the deal did.
    earlier_main: tuple[str, ...] = ()
    joined: tuple[str, ...] = ()  # the parts before it that ";" joins to its own ("143 killed ...; ... at least 185")
    after_main: tuple[str, ...] = ()  # `after` without a time it closes at ("had died by the time the ceasefire ...")
    reporters: tuple[str, ...] = ()  # a publisher relaying the claimant ("The BBC reported that SOHR had counted")


@dataclass(frozen=True)
class Gap:
    """A duration between two events a brief names: "<event> one day after <anchor>", "<event> two days before
    <anchor>", "... one week after that" (the anchor is the clause before), "Three weeks later, <event>" (the
    anchor is the sentence before)."""

    event: tuple[str, ...]
    anchor: tuple[str, ...]
    direction: str  # "after": the event follows the anchor; "before": it precedes it


@dataclass(frozen=True)
class _Attribution:
    position: int  # where the attributing words stand
    names: tuple[str, ...]
    trailing: bool  # ", the ministry said." closing the sentence
    according: bool = False  # "according to X" covers its whole sentence
    span: tuple[int, int] = (0, 0)  # where the name stands: its words say who spoke, not what was counted
    reach: int = 0  # a closing one covers from here: "the 2,425 dead that the ministry reported" only its clause


def attach(text: str, m: Mention, mentions: list[Mention], names: Names) -> Phrase:
    """The phrase that governs a mention: its sentence, clause, noun phrase, who said it, and what a date dates."""
    start, end = _sentence(text, m)
    clause_start = max([c.end() + start for c in _CLAUSE_END.finditer(text[start:m.start])] or [start])
    clause_end_match = _CLAUSE_END.search(text, m.end, end)
    clause_end = clause_end_match.start() if clause_end_match else end
    numbers = [o for o in mentions if o is not m and start <= o.start < end]
    previous = max([o.end for o in numbers if o.end <= m.start] or [clause_start])
    following = min([o.start for o in numbers if o.start >= m.end] or [clause_end])
    after_text = text[m.end:min(following, clause_end)]
    aside = _SAYING_ASIDE.match(text, clause_end) if following >= clause_end else None
    going_on = _tokens(text[aside.end():end])[:1] if aside else []
    if aside and going_on and (going_on[0] in _AUXILIARIES or going_on[0] in _PAST_FORMS
                               or going_on[0].endswith("ed")):
        # "A further 1,425 soldiers, the ministry said, were being treated in hospital": the clause goes on past
        # who said it.
        rest_end = _CLAUSE_END.search(text, aside.end(), end)
        rest_end = min(rest_end.start() if rest_end else end,
                       min([o.start for o in numbers if o.start >= aside.end()] or [end]))
        after_text += " " + text[aside.end():rest_end]
    after = _tokens(after_text)[:10]
    own = []
    for word in after:
        if word in _PHRASE_ENDS:
            break
        own.append(word)
    if own[:1] in (["its"], ["their"], ["his"], ["her"]) and len(own) > 1:
        own = []  # "the 2,783 its defence ministry announced": the subject of a clause, not what was counted
    if own[:2] in (["of", "whom"], ["of", "them"], ["of", "which"]):
        own = []  # "Russian peacekeepers, 2,000 of whom were sent": what is counted is named before
    before = _tokens(text[max(previous, clause_start):m.start])
    # "How long did the war last? Forty-four days, ...": an answer's first clause is about what its question asks.
    question = _question_before(text, start)
    asked = question if clause_start == start and previous <= clause_start else []
    before = asked + before
    sentence_text = text[start:end]
    # "Russian contingent: 1,960 troops, ...", "Missing: 187 ... (Wikipedia); more than 100 ..." (items after ";")
    opening = max([e.end() for e in _SENTENCE_END.finditer(text, 0, start) if e[0] != ";"] or [0])
    label = _LABEL.match(text, opening, end)
    # An item after ";" with a label of its own ("Azerbaijani military — missing in action: more than 100; wounded in
    # hospital: 1,245"): its label, after the list's head (what comes before a dash in the first label).
    item_open = max([c.end() for c in re.finditer(";", text[:m.start])] or [0])
    item_label = _LABEL.match(text, item_open, end) if item_open > opening else None
    if label and item_label and item_label.end() <= m.start and len(_tokens(item_label[1])) <= 6:
        head = re.split(r"\s[\u2014\u2013-]\s", label[1])[0]
        label = item_label
        before = (_tokens(head) if len(_tokens(head)) <= 3 else []) + before
    # Where a list item starts ("Kelbajar — 15 Nov 2020"): after ";" or a label's colon, not at a dash.
    item_start = max([c.end() for c in re.finditer(r"(?<!\d):|:(?!\d)|;", text[:m.start])] + [start])
    lead_span = (0, 0)
    if label and label.end() <= m.start and len(_tokens(label[1])) <= 6:
        # A list's label says what its items count; within an item the item's own words come first.
        before = _tokens(label[1]) + before
        lead_span = label.span(1)
    elif text[:clause_start].rstrip().endswith(":") and clause_start > start and previous <= clause_start:
        # "Azerbaijan published its military death toll for the first time: 2,783 soldiers": what comes after a
        # colon is what the clause before it announces.
        colon = len(text[:clause_start].rstrip()) - 1
        lead_start = max([c.end() for c in _CLAUSE_END.finditer(text, start, colon)] or [start])
        lead_span = (lead_start, colon)
        before = _tokens(text[lead_start:colon]) + before
    attributions = _attributions(sentence_text, names)
    if attributions:
        attributions = sorted(attributions + _gapped(text, (start, end), [m, *numbers], names),
                              key=lambda a: a.position)
    claimants = _claimants_of(m.start - start, attributions, sentence_text)
    subject, reported = (), False
    if m.type in ("date", "time"):
        subject, reported, verb = _date_governor(sentence_text, m.start - start, m.end - start, attributions)
        sayer = [a for a in attributions if a.position == verb]
        # "Writing on 12 December, Asia News said": the saying of the next clause, not one further on ("..., published
        # on 17 November, stood at 2,425 — fewer than the 2,783 Azerbaijan announced").
        later = [a for a in attributions if a.position > m.end - start
                 and len(_CLAUSE_END.findall(sentence_text, m.end - start, a.position)) <= 1
                 # not "on 7 November, before Baku had said anything": a saying in a clause of time is another's
                 and not _SUBORDINATORS & set(_tokens(sentence_text[m.end - start:a.position]))]
        if reported and sayer:  # the date is when this one said it
            claimants = sayer[0].names
        elif reported and not claimants and later:  # "Writing on 12 December, Asia News said"
            claimants = later[0].names
        # A citation's date, as `cite` writes it: "(Asia News, 12 December 2020)" is when Asia News said it.
        cited = [a for a in attributions if a.trailing and a.span[0] < m.start - start and m.end - start < a.span[1]
                 and sentence_text[a.span[0]:a.span[0] + 1] == "("]
        if cited and re.match(r"\s*\)", text[m.end:]):
            subject, reported, claimants = (), True, cited[0].names
    elif m.unit in UNIT_DAYS:
        subject = _duration_subject(m, own, after, before)
    gap = _gap(text, m, mentions, (start, end), (clause_start, clause_end)) if m.unit in UNIT_DAYS else None
    unnamed = list(text)
    for a in attributions:
        unnamed[start + a.span[0]:start + a.span[1]] = " " * (a.span[1] - a.span[0])
    # "With the Azerbaijani figures, the number ... rose to over 5,000", "Taken together with Armenia's count, ...":
    # an opening adjunct names what was added, not whose the count is.
    adjunct = _ADDED_TO.match(text, start, end)
    if adjunct and adjunct.end() <= m.start:
        unnamed[adjunct.start():adjunct.end()] = " " * (adjunct.end() - adjunct.start())
    unnamed_text = "".join(unnamed)
    line_start = text.rfind("\n", 0, m.start) + 1
    reference = (m.type == "number" and not m.unit and bool(re.fullmatch(r"[a-z -]+", m.text.lower()))
                 and (before[-1:] == ["the"]) and not _detect(own, QUANTITY_WORDS) and own[:1] != ["of"])
    # "the end of June": a part of a month, not an end the data knows; its words say nothing of what happened.
    plain = _MONTH_PART.sub(lambda w: " " * len(w[0]), text[:end])
    return Phrase(m, (start, end), tuple(own), tuple(after), tuple(before), tuple(question + _tokens(plain[start:end])),
                  tuple(subject), reported, claimants, _HEADING.match(text, line_start) is not None, reference,
                  gap, tuple(_tokens(plain[start:m.start])), tuple(_tokens(plain[clause_start:m.start])),
                  tuple(asked + _tokens(unnamed_text[lead_span[0]:lead_span[1]])
                        + _tokens(unnamed_text[max(previous, clause_start):m.start])),
                  tuple(_tokens(unnamed_text[start:m.start])),
                  any(q.start() <= m.start - start < q.end() for q in _QUOTATION.finditer(sentence_text)),
                  tuple(_tokens(plain[max([o.end for o in numbers if o.end <= m.start] + [item_start]):m.start])),
                  tuple(_tokens(_TIME_BOUND.sub(" ", _ASIDE.sub(lambda a: " " * len(a[0]), plain[start:m.start])))),
                  tuple(_tokens(plain[opening:start])), tuple(_tokens(_TIME_BOUND.sub(" ", after_text))[:10]),
                  reporters=_reporters_of(m.start - start, attributions, sentence_text, claimants, names))


def _reporters_of(position: int, attributions: list[_Attribution], sentence: str, claimants: tuple[str, ...],
                  names: Names) -> tuple[str, ...]:
    """ "The BBC reported that the Syrian Observatory had counted 541 ...": the publisher that relays the claimant,
    whose report must hold the figure too (a misattributed outlet was read as supported)."""
    before = [a for a in attributions if a.position < position and not a.according]
    if len(before) < 2 or before[-1].names != claimants:
        return ()
    outer, inner = before[-2], before[-1]
    relays = re.search(r"\bthat\b", sentence.lower()[outer.position:inner.position])
    publishers = [all(names.is_publisher(n) for n in a.names) for a in (outer, inner)]
    return outer.names if relays and publishers == [True, False] else ()


_SUBORDINATORS = frozenset({"before", "after", "until", "when", "while", "since", "whereas"})
_ADDED_TO = re.compile(r"\s*(?i:taken\s+together\s+with|together\s+with|along\s+with|with|combined\s+with)\b"
                       r"(?:[^,;:]|(?<=\d),(?=\d))*,")  # not the comma of "2,425"
# Who said it, set off by commas inside a clause: ", the ministry said,", ", according to the BBC,".
_SAYING_ASIDE = re.compile(rf",\s*(?:according\s+to\s+[^,;:]{{1,50}}|[^,;:]{{1,50}}?\s(?:{_SAYING_PAST}|added|noted)"
                           r"(?:\s+[A-Za-z]+){0,3}|(?:he|she|they|it)\s+(?:said|says|added))\s*,(?!\d)")
# A time a count closes at, named by an event: "by the time the ceasefire took hold", "between the outbreak of war
# on 27 September and the ceasefire of 10 November". It says when, not what was counted.
_TIME_BOUND = re.compile(r"(?i)\b(?:by\s+the\s+time|until|till|between\b[^,;:\u2014]*?\band)\b"
                         r"[^,;:\u2014]*")
# An aside about what comes before it: a non-restrictive relative clause (", which ended with the deal of Nov. 10,"),
# or words between two dashes ("— 44 days —"). Not the comma of "2,425".
_ASIDE = re.compile(r",\s+(?:which|who|whose)\b(?:[^,;]|(?<=\d),(?=\d))*,"
                    r"|\s[\u2014\u2013]\s[^\u2014\u2013;]*\s[\u2014\u2013]\s")
_MONTH_PART = re.compile(rf"\b(?i:end|close|beginning|start|middle)\s+of(?=\s+{_MONTH})")
# A list's label: "Russian contingent: ", "Civilians killed (both sides): "
_LABEL = re.compile(r"\s*((?:[^:;,.()]|\([^()]*\)){1,60}?):\s")
# A quotation: in double quotes, or in single quotes that stand outside words (not the apostrophe of "Russia's").
_QUOTATION = re.compile(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]|(?<![A-Za-z])['\u2018].*?['\u2019](?![A-Za-z])")


_GAP_WORDS = {"after": "after", "later": "after", "before": "before", "earlier": "before"}
_LENGTH_WORDS = frozenset({"for", "lasted", "lasting", "during", "over", "of", "spent", "across", "throughout"})
_BACK_REFERENCES = frozenset({"that", "this", "it", "then", "which"})


def _gap(text: str, m: Mention, mentions: list[Mention], sentence: tuple[int, int], clause: tuple[int, int]
         ) -> Gap | None:
    """The two events a duration lies between ("reported one day after the 10 November agreement"): the anchor is
    what follows "after"/"before" in its clause, or, for "after that" and "later", the clause before it (or the
    sentence before, where the duration opens its sentence); the event is the rest of its clause, or of its
    sentence where the clause holds nothing else."""
    following, preceding = _tokens(text[m.end:clause[1]]), _tokens(text[clause[0]:m.start])
    if following[:3] == ["to", "the", "day"] or following[:2] == ["or", "so"]:  # "one month to the day after"
        following = following[3 if following[0] == "to" else 2:]
    if preceding[-1:] == ["the"]:  # "during the six weeks before the agreement"
        preceding = preceding[:-1]
    if not following or following[0] not in _GAP_WORDS or preceding[-1:] and preceding[-1] in _LENGTH_WORDS:
        return None  # "fought for 44 days before the agreement" is how long the fighting lasted
    plain = _blanked(text, mentions)
    anchor: list[str] = following[1:]
    if following[0] in ("later", "earlier") or not words_of(" ".join(anchor)) or set(anchor) <= _BACK_REFERENCES:
        anchor_start, anchor_end = _previous_clause(text, sentence, clause[0])
        if anchor_start == anchor_end:
            return None
        cut = re.search(r"\b(?:after|before|later|earlier)\b", plain[anchor_start:anchor_end], re.IGNORECASE)
        anchor = _tokens(plain[anchor_start:anchor_start + cut.start() if cut else anchor_end])
    event = _tokens(plain[clause[0]:m.start])
    if not words_of(" ".join(event)):  # "One week after the end of the conflict, Armenia reported ..."
        event = _tokens(plain[clause[1]:sentence[1]])
    if not words_of(" ".join(event)):  # "... put its dead at 2,425 on 17 November, one week after the fighting ..."
        event = _tokens(plain[sentence[0]:clause[0]])
    if not words_of(" ".join(event)) or not words_of(" ".join(anchor)):
        return None
    acted = [w for w in event if words_of(w) & (EVENT_WORDS - BACKGROUND_EVENTS) or w in SAYING_VERBS
             or w in _PAST_FORMS or w.endswith(("ed", "ing"))]
    if not acted:  # "the toll two months after the ceasefire" says when the toll stood, not when anything happened
        return None
    return Gap(tuple(event), tuple(anchor), _GAP_WORDS[following[0]])


def _previous_clause(text: str, sentence: tuple[int, int], clause_start: int) -> tuple[int, int]:
    """Where the clause before a clause starts and ends; for a sentence's first clause, the sentence before."""
    if clause_start > sentence[0]:
        starts = [c.end() for c in _CLAUSE_END.finditer(text, sentence[0], clause_start - 1)]
        return max(starts or [sentence[0]]), clause_start - 1
    previous_end = max(sentence[0] - 1, 0)
    starts = [s.end() for s in _SENTENCE_END.finditer(text, 0, previous_end)]
    return max(starts or [0]), previous_end


def _blanked(text: str, mentions: list[Mention]) -> str:
    """The text with every number and date blanked, so that the words left say what happened."""
    chars = list(text)
    for o in mentions:
        chars[o.start:o.end] = " " * (o.end - o.start)
    return "".join(chars)


def _duration_subject(m: Mention, own: list[str], after: list[str], before: list[str]) -> tuple[str, ...]:
    """What a duration measures: "six weeks of fighting", "the 44-day war", "fought for 44 days", "one week after
    the end of the conflict" (the gap, named by what follows)."""
    if own[:1] == ["of"]:
        return tuple(own[1:])
    if re.search(r"-\w", m.text) and own:
        return tuple(own[:1])
    if before[-1:] == ["the"] and before[-2:-1] and before[-2] in _LENGTH_WORDS - {"of"}:
        before = before[:-1]  # "across the 44 days", "during the six weeks"
    if before[-1:] and before[-1] in _LENGTH_WORDS | {"in"}:
        # How long something lasted, whatever follows ("fought for 44 days before the agreement"); who fought says
        # nothing of which length ("Armenia and Azerbaijan fought for ...").
        return tuple(w for w in before if not words_of(w) & _WHOSE_WORDS)
    if after[:1] and after[0] in _GAP_WORDS:  # between what comes before and what after ("notice six months before
        return tuple(before[-3:]) + tuple(after)  # the term runs out")
    return ()


_GAPPED_NOUNS = frozenset({"entry", "tally", "count", "figure", "figures", "page", "summary", "compilation", "list",
                           "database", "own", "estimate"})


def _citing_date(text: str, m: Mention) -> bool:
    """Whether a date closes a citation of the reports an event data set cites, as `cite` writes it: "(...; UCDP GED
    23.1, event 376014, citing Reuters; AP, 11 October 2020)" dates the reports cited, not a claim to check."""
    if m.type != "date" or not re.match(r"\s*\)", text[m.end:]):
        return False
    depth, i = 0, m.start
    while i > 0 and depth >= 0:  # back to the bracket's own "("
        i -= 1
        depth += {")": 1, "(": -1}.get(text[i], 0)
    return depth < 0 and re.search(r"\bciting\b", text[i:m.start]) is not None


def _gapped(text: str, sentence: tuple[int, int], mentions: list[Mention], names: Names) -> list[_Attribution]:
    """Sayings whose verb is left out after one that has it: "the BBC counted at least 143 dead, the Wikipedia entry
    at least 185" (Wikipedia's), "the BBC says more than six weeks, Asia News six weeks"."""
    found = []
    for o in mentions:
        clause_start = max([c.end() for c in _CLAUSE_END.finditer(text, sentence[0], o.start)] or [sentence[0]])
        if clause_start == sentence[0] or text[clause_start - 1] != ",":
            continue
        tokens = _tokens(text[clause_start:o.start])
        name = names.resolve(tokens, prefix_only=True) if 0 < len(tokens) <= 5 else ""
        if not name:
            continue
        named = next(j for j in range(len(tokens) + 1) if Names.key(tokens[:j]) == name or j == len(tokens))
        rest = tokens[named:]
        if set(rest) <= DOCUMENT_NOUNS | _GAPPED_NOUNS:  # "the Wikipedia entry at least 185", not "Azerbaijan lost"
            position = clause_start - sentence[0]
            found.append(_Attribution(position, (name,), False, span=(position, o.start - sentence[0])))
    return found


def _question_before(text: str, start: int) -> list[str]:
    """The words of the question a sentence starting at `start` answers ("How many soldiers died? Over 5,000, ..."),
    or none where the sentence before is no question."""
    if not text[:start].rstrip().endswith("?"):
        return []
    end = len(text[:start].rstrip()) - 1
    opening = max([s.end() for s in _SENTENCE_END.finditer(text, 0, end)] or [0])
    return _tokens(text[opening:end])


def _sentence(text: str, m: Mention) -> tuple[int, int]:
    """Where the sentence holding a mention starts and ends; a heading is a sentence of its own."""
    start = max([s.end() for s in _SENTENCE_END.finditer(text, 0, m.start)] or [0])
    end_match = _SENTENCE_END.search(text, m.end)
    end = end_match.start() if end_match else len(text)
    for heading in _HEADING.finditer(text, start, end):
        if heading.end() <= m.start:
            start = heading.end()
        elif heading.start() >= m.end:
            end = min(end, heading.start())
        else:  # the mention is in this heading
            start, end = max(start, heading.start()), min(end, heading.end())
    return start, end


# A proper name just before a saying verb ("The ICRC reported", "Human Rights Watch said", "Reuters reported").
_UNKNOWN_SAYER = re.compile(r"(?:^|(?<=\s))(?:the\s+|The\s+)?((?:[A-Z][\w'’.&-]*\s+(?:(?:of|for|the|and|on)\s+)*)*"
                            r"[A-Z][\w'’.&-]*)\s+(?:(?:also|reportedly|later|then|has|have|had)\s+)*$")
# Capitalised words that open a sentence and say who without naming anyone ("Officials said").
_GENERIC_SAYERS = frozenset({"officials", "authorities", "witnesses", "residents", "sources", "analysts", "observers",
                             "experts", "reports", "media", "journalists", "critics", "diplomats", "they", "it", "he",
                             "she", "both", "each", "some", "many", "others", "locals", "all", "this", "these",
                             "we", "i", "you", "one"})  # "All told, ..."
UNKNOWN_NAME = "?"  # the key of a sayer the data does not know: "?" and the name as written


def _attributions(sentence: str, names: Names) -> list[_Attribution]:
    """Who the sentence says said something: "X said", "X's figures put", "according to (... by) X"."""
    found = []
    lower = sentence.lower().replace("’", "'")
    for verb in re.finditer(r"[a-z]+", lower):
        if verb[0] not in SAYING_VERBS or verb[0] == "writing":
            continue
        if verb[0] in _BASE_SAYING and (re.search(r"\bto\s+$", lower[:verb.start()])
                                        or re.match(r"\s+(?:back|up|way|in|out)\b", lower[verb.end():])):
            continue  # "obliged Armenia to give back three districts": no saying
        # The subject stands after the last clause break or saying verb: "Asia News said Azerbaijan had claimed".
        clause = re.split(rf"[,;:(]|\b(?:that|and|while|whereas|but)\b|\b(?:{_SAYING_PAST})\b",
                          lower[:verb.start()])[-1]
        subject = _tokens(clause)[-6:]
        offset = verb.start() - len(clause)
        if subject and Names.key([subject[-1], verb[0]]) in names.keys:  # "the United States", not a verb
            continue
        if subject and subject[-1].endswith("'s"):  # "Azerbaijan's reported dead": an adjective, not a saying
            continue
        if subject and words_of(subject[-1]) & (EVENT_WORDS | _ATTACK_WORDS):
            continue  # "Azerbaijani attacks reported on two villages": what was reported, not who reported it
        inverted = re.fullmatch(r"\s*([^,;:()]*?)\s*[.!?]?\s*", lower[verb.end():])
        if not subject and inverted and re.search(r",\s*$", lower[:verb.start()]):
            # A headline's closing "..., says Russian army": the name follows its verb and closes the sentence.
            named = _tokens(inverted[1])
            name = names.resolve(named, prefix_only=True) if len(named) <= 6 else ""
            if name:
                span = _name_span(inverted[1], verb.end() + inverted.start(1), name)
                found.append(_Attribution(verb.start(), (name,), True, span=span))
            continue
        name = names.resolve(subject) or _state_of_organ(subject, lower, names)
        parts = re.split(r"(,)", lower[:verb.start()])  # "Yerevan, for its part, reported ...": [.., ",", .., ","]
        if not name and set(_tokens(clause)) <= _VERB_ADVERBS and len(parts) >= 5 \
                and set(_tokens(parts[-1])) <= _VERB_ADVERBS \
                and 0 < len(_tokens(parts[-3])) <= 4 \
                and not set(_tokens(parts[-3])) & (_ORGAN_WORDS | PEOPLE_NOUNS | SAYING_VERBS):
            # "Yerevan, for its part, reported ...", "Wikipedia, citing official figures, puts ...": the subject
            # stands before the aside.
            name = names.resolve(_tokens(parts[-5])[-6:])
            if name:
                clause, offset = parts[-5], len("".join(parts[:-5]))
        if name:
            # "..., the forces said." closes the sentence; "..., the BBC reported, and ..." closes its part of it.
            rest = re.sub(r"^\s*,\s*citing\s+[^,;]*", "", lower[verb.end():])
            rest = _SAYING_DAY.sub("", rest)  # "..., the ministry said on Saturday." still closes the sentence
            trailing = (bool(re.search(r",\s*[^,]*$", lower[:verb.start()]))
                        and (not re.search(r"[a-z0-9]", rest) or bool(re.match(r"\s*[,;\u2014]", rest))))
            relative = re.search(r"\bthat\s*$", lower[:offset])  # "..., well above the 2,425 dead that X reported"
            reach = max([c.end() for c in _CLAUSE_END.finditer(lower[:offset])] or [0]) if relative else 0
            found.append(_Attribution(verb.start(), (name,), trailing or bool(relative),
                                      span=_name_span(clause, offset, name), reach=reach))
        elif unknown := _UNKNOWN_SAYER.search(sentence[offset:verb.start()]):
            # "The ICRC reported ...", "Human Rights Watch said ...": a sayer the data does not know. What the
            # sentence credits to it is not what the data's sources said (unless a source relays it).
            written, words = unknown[1], _tokens(unknown[1].lower())
            at_start = not sentence[:offset + unknown.start(1)].strip()
            generic = at_start and len(words) == 1 and words[0] in _GENERIC_SAYERS | STOPWORDS
            generic |= any(re.fullmatch(_MONTH, w) or w.lower() in STOPWORDS for w in written.split()[-1:])
            # Not a side's or an organ's shorthand ("RU MoD says", "Artsakh listed"): who that is, the data may know.
            known = _detect(words, SIDE_WORDS) or set(words) & (_ORGAN_WORDS | {"mod", "mfa", "wiki"})
            if not generic and not known:
                found.append(_Attribution(verb.start(), (UNKNOWN_NAME + written,), False,
                                          span=(offset + unknown.start(1), offset + unknown.end(1))))
    for aside in re.finditer(r"\(([^()]*)\)", lower):  # "(Wikipedia)", "(Armenian defence ministry, Nov. 17)"
        # "(Wikipedia)", "(Armenian defence ministry, Nov. 17)", "(Asia News, 2020; Meduza, 2020)"; not a description
        # that starts with a name ("(Russian peacekeepers deployed along the front line)", as `cite` words a scope).
        cited = [(names.resolve(tokens, prefix_only=True), tokens) for part in aside[1].split(";")
                 if (tokens := _tokens(re.split(r",(?!\d)", part)[0]))]  # not the comma of "2,783"
        cited_names = tuple(n for n, tokens in cited if n and (n + " ").startswith(Names.key(tokens) + " "))
        if cited_names and cited_names[0] == cited[0][0]:
            # It names the source of what comes before it, back to the previous aside or list item ("; ").
            start = max([m.end() for m in re.finditer(r"[;)]", lower[:aside.start()])] or [0])
            found.append(_Attribution(aside.start(), cited_names, True, span=(aside.start(), aside.end()),
                                      reach=start))
    # A caption's or fact box's label naming a publisher: "BBC: the parade involved more than 3,000 soldiers". (A
    # side's label, "Armenia: 2,425 dead", says whose losses, not who counted them.)
    label = re.match(r"\s*([a-z][\w .'&-]{0,40}?)\s*:\s", lower)
    if label and (tokens := _tokens(label[1])):
        name = names.resolve(tokens, prefix_only=True)
        if name and names.is_publisher(name) and Names.key(tokens) == name:
            found.append(_Attribution(label.start(1), (name,), False, span=label.span(1)))
    # "Wikipedia's tally of at least 185", "the BBC's figure of at least 143", "the ministry's 2,783": a count a
    # publisher or an organ gives (a state's "Azerbaijan's 2,783" says whose losses)
    for possessive in re.finditer(r"\b([a-z][a-z' -]*?)'s\s+(?:(?:(?:own|latest|official|final|running|later|"
                                  r"revised|updated|current|new)\s+)*(?:count|tally|estimate|figure|figures|toll|"
                                  r"total|compilation|numbers|reckoning|list|summary)\b|(?=\d))", lower):
        tokens = _tokens(possessive[1])[-6:]
        organ = bool(tokens[-1:]) and tokens[-1] in _ORGAN_WORDS  # "the ministry's": the one state's the sentence names
        name = names.resolve(tokens) or (_state_of_organ(tokens[-2:], lower, names) if organ else "")
        if name and (names.is_publisher(name) or names.keys[name][1] in names.counters or organ):
            found.append(_Attribution(possessive.start(), (name,), False,
                                      span=_name_span(possessive[1], possessive.start(1), name)))
    # A fact box's closing source: "Civilians killed (both sides): at least 185 — BBC News"
    closing = re.search(r"\s[\u2014\u2013-]\s*([a-z][^\u2014\u2013;,()]*?)\s*[.]?\s*$", lower)
    if closing:
        tokens = _tokens(closing[1])
        name = names.resolve(tokens, prefix_only=True) if 0 < len(tokens) <= 6 else ""
        if name and (name + " ").startswith(Names.key(tokens) + " "):
            start = max([m.end() for m in re.finditer(r"[;]", lower[:closing.start()])] or [0])
            found.append(_Attribution(closing.start(), (name,), True, span=closing.span(1), reach=start))
    # "according to X", "by X's count"
    for according in re.finditer(r"\b(?:according to|per)\b([^,;)]*)|\bby\b([^,;]*?)(?='s\s+(?:count|tally|"
                                 r"estimate)\b)", lower):
        group = 1 if according[1] is not None else 2
        tokens = _tokens(according[group])
        for i in range(len(tokens)):
            name = names.resolve(tokens[i:i + 6], prefix_only=True) or (
                _state_of_organ(tokens[i:i + 3], lower, names) if i == 0 else "")
            if name:
                found.append(_Attribution(according.start(), (name,), False, according=True,
                                          span=_name_span(according[group], according.start(group), name)))
                break
    return sorted(found, key=lambda a: a.position)


# The day a closing saying gives: "..., the ministry said on Saturday.", "..., officials said late on 12 December."
_SAYING_DAY = re.compile(
    rf"^\s*(?:(?:late|early|earlier|later)\s+)?(?:on|in|at)?\s*(?:the\s+)?(?:{_WEEKDAY.lower()}|yesterday|today|"
    rf"(?:last|this)\s+week|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?|[a-z]+\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)"
    r"(?:,?\s+\d{4})?(?=\s*[.!?]?\s*$)")


def _state_of_organ(subject: list[str], sentence: str, names: Names) -> str:
    """ "the ministry", "the defence ministry" in a sentence that names one side and nothing else that speaks: that
    state's key ("Azerbaijan's losses (2,783 killed, per the ministry)" is Azerbaijan's ministry); else ""."""
    if not set(subject) & _ORGAN_WORDS or not subject or subject[0] not in ("the", "its", "their"):
        return ""
    words = [CAPITALS.get(w, w) for w in _tokens(sentence)]
    sides = _detect(words, SIDE_WORDS)
    key = Names.key([sides[0]]) if len(sides) == 1 else ""
    return key if key in names.keys and names.keys[key][0] == "actor" else ""


def _name_span(text: str, offset: int, key: str) -> tuple[int, int]:
    """Where in `text` (which starts at `offset`) the words of a resolved name stand: the longest run of words with
    that key, else from the first word of the key to the end ("the Azerbaijani foreign ministry's text")."""
    words = list(_TOKEN.finditer(text.lower()))
    tokens = [w[0].replace("’", "'") for w in words]
    runs = [(i, j) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)
            if Names.key(tokens[i:j]) == key]
    if runs:
        i, j = max(runs, key=lambda ij: (ij[1] - ij[0], -ij[0]))
    else:
        firsts = [i for i, t in enumerate(tokens) if Names.key([t]) in key.split()]
        if not firsts:
            return (0, 0)
        i, j = firsts[0], len(tokens)
    return offset + words[i].start(), offset + words[j - 1].end()


def _claimants_of(position: int, attributions: list[_Attribution], sentence: str = "") -> tuple[str, ...]:
    """The attribution that covers a position: a closing one ("..., X said."), else the nearest before it (not across
    a contrast: "X put its toll at 2,425, whereas Azerbaijan's did not publish its 2,783 ..."), else an "according
    to X" anywhere in the sentence."""
    trailing = [a for a in attributions if a.trailing and a.position > position and a.reach <= position]
    if trailing:  # the first that closes a part after it: "A, X said, and B, Y said."
        return trailing[0].names
    contrast = max([c.end() for c in _CONTRAST.finditer(sentence.lower(), 0, position)] or [0])
    # Not a saying inside an aside that closed before it ("The statement, which Yerevan and Baku each published, ...").
    asides = [a.span() for a in _ASIDE.finditer(sentence) if a.end() <= position]
    earlier = [a for a in attributions if contrast <= a.position < position
               and not any(s <= a.position < e for s, e in asides)]
    if earlier:
        return earlier[-1].names
    according = [a for a in attributions if a.according]
    return according[0].names if according else ()


# Dates that say "now", not when something happened.
_PRESENT = re.compile(r"(?i)today|this\s+week|this\s+month")
_CONTRAST = re.compile(r"\b(?:whereas|by contrast|in contrast)\b")


def _date_governor(sentence: str, start: int, end: int, attributions: list[_Attribution]
                   ) -> tuple[tuple[str, ...], bool, int | None]:
    """The words of the event a date belongs to, whether it dates a saying, and where that saying's verb stands.

    "the agreement of 10 November" and "the 10 November agreement" date the agreement; "On 12 December, the
    forces said ..." (a date opening its sentence) and "the ministry reported ... on 11 December" date the saying,
    but "... wounded on 12 December, the forces said" and "said three fighters had been wounded on 12 December"
    date the wounding.
    """
    lower = sentence.lower().replace("’", "'")
    before, after = _tokens(lower[:start]), _tokens(lower[end:])
    # A pull-quote's source line ("“...” — Russian Defence Ministry statement, 12 December."): the day of the saying.
    source_line = re.search(r"[\u2014\u2013]\s*([^\u2014\u2013,;]*\b(?:statement|report|announcement|briefing|"
                            r"communiqu[eé]|release|interview))\s*,\s*$", lower[:start])
    if source_line and not after:
        return tuple(_tokens(source_line[1])), True, None
    of_noun = re.search(r"([a-z'-]+(?:\s+[a-z'-]+){0,2})\s+(?:of|dated)\s*$", lower[:start])
    if of_noun and not (set(_tokens(of_noun[1])) & _AUXILIARIES) and words_of(of_noun[1]) - {"night"}:
        return tuple(_tokens(of_noun[1])), bool(words_of(of_noun[1]) & {"report", "statement"}), None
    if (before[-1:] in (["the"], ["a"]) or re.match(r"(?i)the\s", sentence[start:end])) and after \
            and re.match(r"\s+[a-z]", lower[end:]) and words_of(after[0]):  # "the 10 November statement"
        return (after[0],), after[0] in ("statement", "report", "announcement"), None
    relative = re.search(r"([a-z'-]+(?:\s+[a-z'-]+){0,2})\s*,\s*(?:which|that)\s+([^,;()]*)$", lower[:start])
    if relative and not set(_tokens(relative[2])) & SAYING_VERBS and words_of(relative[1]):
        # "the statement, which took effect at 00:00 Moscow time on 10 November": the date is the antecedent's.
        return tuple(_tokens(relative[1]) + _tokens(relative[2])), False, None
    verbs = [(v.start(), v[0]) for v in re.finditer(r"[a-z]+", lower) if v[0] in SAYING_VERBS
             and not re.search(r"\ban\s+$", lower[:v.start()])]  # "an estimated 24": a hedge, not a saying
    before_verbs = [(p, v) for p, v in verbs if p < start]
    after_verbs = [(p, v) for p, v in verbs if p > end]
    # "a violation was reported on December 11 ..., the ministry said": the saying just before dates itself.
    if before_verbs and _tokens(lower[before_verbs[-1][0]:start])[1:] in (["on"], ["at"], []):
        return (), True, before_verbs[-1][0]
    trailing = [a.position for a in attributions if a.trailing]
    if trailing and trailing[-1] > end:  # "..., the forces said.": the date is the reported event's
        return (), False, None
    if before_verbs:
        between = _tokens(lower[before_verbs[-1][0]:start])[1:]
        # "reported since the conflict began on September 27": a later verb of what happened owns the date.
        happened = [w for w in between if words_of(w) & EVENT_WORDS and (w.endswith("ed") or w in _PAST_FORMS)]
        # "UCDP estimates that fighting on 28-30 September killed 85": the date is of what the clause says happened.
        happened += [w for w in between[1:] if between[0] == "that" and words_of(w) & EVENT_WORDS]
        # "UCDP counts an estimated 24 dead on 27 September": a count, not a report, dated by what happened
        counted = before_verbs[-1][1] in ("counts", "records", "lists", "logs", "documents") and set(between) & \
            (EVENT_WORDS | {"dead", "killed", "deaths", "wounded"})
        if not set(between) & _AUXILIARIES and len(between) <= 8 and not happened and not counted:
            return (), True, before_verbs[-1][0]
    opening = set(before) <= _OPENING_WORDS  # "On 12 December, ...", not "Fighting broke out on 27 September, ..."
    if after_verbs and opening:
        position, verb = after_verbs[0]
        between = _tokens(lower[end:position])
        if between[-1:] and between[-1] in _AUXILIARIES:  # "On 11 December a violation was reported": the saying
            between = between[:-1]
        closing = not re.search(r"[a-z0-9]", re.sub(r",\s*citing\s+[^,;]*$", "", lower[position + len(verb):]))
        if not set(between) & _AUXILIARIES and len(between) <= 10 and not closing:
            return (), True, position
    return (), False, None


# Irregular past forms of verbs of what happened ("the conflict began on ...").
_PAST_FORMS = frozenset({"began", "broke", "fought", "fell", "struck", "went", "came", "took", "won", "lost", "sent",
                         "made", "held"})

# Words that may stand before a date that opens its sentence ("On Saturday 12 December, ...").
_OPENING_WORDS = frozenset({"on", "in", "at", "by", "as", "of", "the", "early", "late", "until", "since",
                            # sentence adverbs and conjunctions: "Earlier, on 12 December, ... said"
                            "earlier", "later", "then", "meanwhile", "separately", "previously", "also", "and", "but",
                            "however", "yet", "so"})


# ============================================================================================== names


# Capitals that briefs name for their states' governments ("Baku's defence ministry", "Moscow reported").
CAPITALS = {"baku": "azerbaijan", "yerevan": "armenia", "moscow": "russia", "ankara": "turkey",
            "washington": "united-states", "paris": "france"}

# Words that make a name an organ of the state it names ("Armenia's government", "the Ministry of ... of Azerbaijan").
_ORGAN_WORDS = frozenset({"government", "authorities", "ministry", "officials", "military", "president", "army",
                          "office", "presidency"})


@dataclass(frozen=True)
class Names:
    """The actors and publishers a brief may name, by a spelling-free key, and the actors each speaks for."""

    keys: dict[str, tuple[str, str]]  # key -> ("actor", id) or ("publisher", publisher)
    display: dict[tuple[str, str], str]
    organs: dict[str, set[str]]  # actor id -> the actor and every actor that is (part of) part of it
    voices: dict[str, set[str]] = field(default_factory=dict)  # state id -> publishers that are its organs
    # Actors whose "X's count" is their claim (a ministry, an agency, a monitor); a state's or an army's "toll" is
    # the count of its dead, whoever gave it.
    counters: frozenset[str] = frozenset()

    @staticmethod
    def key(words: list[str] | tuple[str, ...]) -> str:
        """ "the Russian Defense Ministry's" and "Russia's defence ministry" share one key."""
        folded = [SYNONYMS.get(_stem(w), _stem(w)) for w in words if w not in ("the", "a", "an")]
        return " ".join(folded)

    def resolve(self, words: list[str], prefix_only: bool = False) -> str:
        """The longest known name at the end of `words` (or anywhere from the start, with `prefix_only`), or a
        state named before an organ word ("Armenia's government")."""
        words = [w for w in words if w]
        spans = sorted(((i, j) for i in range(len(words)) for j in range(len(words), i, -1)
                        if not prefix_only or i == 0), key=lambda ij: (ij[0] - ij[1], ij[0]))
        for i, j in spans:  # the longest known name inside the subject ("Wikipedia's figures")
            key = self.key(words[i:j])
            if key in self.keys:
                return key
        for i in range(len(words)):
            key = self.key(words[i:])
            if len(key.split()) >= 2:
                partial = [k for k in self.keys if k.startswith(key + " ")]  # "the Syrian Observatory"
                if len(partial) == 1:
                    return partial[0]
        if not prefix_only:
            for i in range(len(words) - 1):
                head = self.key(words[i:i + 1])
                if head in self.keys and self.keys[head][0] == "actor" and set(words[i + 1:]) & _ORGAN_WORDS:
                    return head
        return ""

    def is_publisher(self, key: str) -> bool:
        """Whether a key names a publisher (not an actor, nor a name the data does not know)."""
        return self.keys.get(key, ("",))[0] == "publisher"

    def shown(self, key: str) -> str:
        """How a note names a claimant: the data's name, or an unknown one as the brief wrote it."""
        return self.display[self.keys[key]] if key in self.keys else key.removeprefix(UNKNOWN_NAME)

    def accepts(self, key: str) -> tuple[set[str], set[str]]:
        """The claimant ids and publishers whose facts a claim attributed to `key` may rest on (none for a name the
        data does not know)."""
        if key not in self.keys:
            return set(), set()
        kind, value = self.keys[key]
        if kind == "publisher":
            return set(), {value}
        ids = self.organs.get(value, {value})
        return ids, {publisher for i in ids for publisher in self.voices.get(i, set())}


def names_of(data: Dataset) -> Names:
    actors = data.actors
    spellings = (actors["name"] + "|" + actors["aliases"].fillna("")).str.split("|").explode()
    spellings = spellings[spellings.str.strip() != ""].str.strip()
    keys: dict[str, tuple[str, str]] = {}
    for actor_id, name in spellings.items():
        keys.setdefault(Names.key(_tokens(name)), ("actor", actor_id))
    persons = set(actors.index[actors["actor_type"].astype(str) == "person"])
    for actor_id, name in spellings.items():  # "President Aliyev said": a person by surname, after every full name
        if actor_id in persons and len(_tokens(name)) > 1:
            keys.setdefault(Names.key(_tokens(name)[-1:]), ("actor", actor_id))
    for actor_id, name in spellings.items():  # "SOHR reported": a name of three or more words by its initials
        initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w'-]*", name))
        if len(initials) >= 3 and len(name.split()) >= 3:
            keys.setdefault(Names.key([initials.lower()]), ("actor", actor_id))
    for actor_id, name in spellings.items():  # "Turan said": an agency by its own name, after every full name
        short = re.sub(r"(?i)\s+(?:news\s+)?agency$", "", name)
        if short != name:
            keys.setdefault(Names.key(_tokens(short)), ("actor", actor_id))
    for publisher in data.sources["publisher"].dropna().astype(str):
        # "BBC News" as "the BBC"; "Uppsala Conflict Data Program (UCDP)" as "UCDP" and without its acronym too
        acronym = re.search(r"\(([A-Z][A-Za-z&]{1,9})\)\s*$", publisher)
        spellings_of = {publisher, re.sub(r"\s+News$", "", publisher), re.sub(r"\s*\([^()]*\)\s*$", "", publisher)}
        # An author-date citation's author: "(Wikipedia contributors, 2020)", "BBC staff (2020)"
        spellings_of |= {f"{spelling} {role}" for spelling in spellings_of for role in ("contributors", "staff")}
        for spelling in spellings_of | ({acronym[1]} if acronym else set()):
            keys.setdefault(Names.key(_tokens(spelling)), ("publisher", publisher))
    for capital, state in CAPITALS.items():  # "Baku said", "Moscow's statement": the state, by metonymy
        if state in actors.index:
            keys.setdefault(Names.key([capital]), ("actor", state))
    display = {("actor", i): n for i, n in actors["name"].items()} | {
        ("publisher", p): p for p in data.sources["publisher"].dropna().astype(str)}
    parent = actors["part_of"].dropna() if "part_of" in actors else pd.Series(dtype=str)
    organs: dict[str, set[str]] = {i: {i} for i in actors.index}
    for actor_id in actors.index:  # walk up: every actor speaks for its parent, and its parent's parent
        seen, current = {actor_id}, actor_id
        while current in parent.index and parent[current] not in seen:
            current = parent[current]
            seen.add(current)
            organs.setdefault(current, {current}).add(actor_id)
    # A state's unnamed "officials" or "authorities" may be any of its organs: "Armenian officials said" rests on
    # what its army or ministries said, and on the state's own claims.
    generic = actors.index[actors["name"].astype(str).str.contains(r"(?i)\b(?:officials|authorities)$")]
    for actor_id in generic[generic.isin(parent.index)]:
        state, seen = parent[actor_id], {actor_id}
        while state in parent.index and state not in seen:  # up to the top, as above
            seen.add(state)
            state = parent[state]
        organs[actor_id] = organs[actor_id] | organs.get(state, {state})
    # A publisher that is a state's organ ("Ministry of Foreign Affairs of the Republic of Azerbaijan") speaks for
    # it: "Azerbaijan's text puts the contingent at 1,960" is that ministry's document.
    states = spellings[spellings.index.isin(actors.index[actors["actor_type"].astype(str) == "state"])]
    state_keys = {f" {Names.key(_tokens(name))} ": actor_id for actor_id, name in states.items()}
    voices: dict[str, set[str]] = {}
    for publisher in data.sources["publisher"].dropna().astype(str).unique():
        words = _tokens(publisher)
        named = {actor_id for key, actor_id in state_keys.items() if key in f" {Names.key(words)} "}
        if len(named) == 1 and set(words) & _ORGAN_WORDS:
            voices.setdefault(named.pop(), set()).add(publisher)
    counting = actors["actor_type"].astype(str).isin(["government_body", "media", "organisation", "person"])
    return Names(keys, display, organs, voices, frozenset(actors.index[counting]))


# ============================================================================================== facts


def number_facts(data: Dataset) -> pd.DataFrame:
    """Every figure as bounds (open = ±inf, durations in days) with strictness, its words, claimant, the group of
    figures it can be compared with, and the rounding window its words allow."""
    f = statistics.figures_with_bounds(data).reindex(data.figures.index)
    low, high = f["low"].astype(float).fillna(-np.inf), f["high"].astype(float).fillna(np.inf)
    # A stated total is exactly the sum of the parts the source says it adds up ("over 5,000": 2,425 + 2,783).
    parts = f["total_of"].dropna().astype(str).str.split("|").explode()
    if len(parts):
        sums = pd.DataFrame({"low": parts.map(low), "high": parts.map(high)}).groupby(level=0).sum()
        low = low.where(~low.index.isin(sums.index), np.maximum(low, sums["low"].reindex(low.index)))
        high = high.where(~high.index.isin(sums.index), np.minimum(high, sums["high"].reindex(high.index)))
    rounded = checks.rounded_ranges(f.assign(low=low, high=high))
    window_low, window_high = rounded["low"], rounded["high"]
    unit = f["unit"].astype(str)
    per_low = unit.map(lambda u: UNIT_DAYS.get(u, (1, 1))[0]).astype(float)
    per_high = unit.map(lambda u: UNIT_DAYS.get(u, (1, 1))[1]).astype(float)
    group = checks.comparison_groups(data.figures, data).reindex(f.index)
    # Durations of one span compare across units (44 days and six weeks are both the war's length).
    group = group.str.replace(r"/(days|weeks|months|years)$", "", regex=True).fillna(pd.Series(f.index, f.index))
    out = pd.DataFrame({
        "fact_id": f.index, "source_id": f["source_id"].astype(str),
        "quantity": f["quantity"].astype(str), "side": f["side"].astype(str),
        "population": f["population"].astype("string").fillna(""), "unit": unit,
        "low": low * per_low, "high": high * per_high,
        "low_strict": f["low_strict"], "high_strict": f["high_strict"],
        "window_low": window_low.astype(float).fillna(-np.inf) * per_low,
        "window_high": window_high.astype(float).fillna(np.inf) * per_high,
        "value": f["value"].astype(float), "claim": f["words"], "scope": f["scope"].fillna(""), "as_of": f["as_of"],
        "dated": _counted_on(f, data.sources), "excerpt": data.figures["excerpt"].reindex(f.index),
        "as_of_basis": f["as_of_basis"].astype("string").fillna(""),
        "claimant_id": f["claimant_id"].astype(object), "claimant": f["claimant"], "publisher": f["publisher"],
        "occurrence": f["event_id"].map(data.events["occurrence_id"]).astype(object), "group": group,
        # What a dispute is over: one group, a side the source leaves unspecified read as a total of both.
        "measure": group.str.replace("/unspecified/", "/both/", regex=False),
    }, index=f.index)
    spans = data.spans.dropna(subset=["duration_figure_id"]).set_index("duration_figure_id")["kind"].astype(str)
    event_titles = f["event_id"].map(data.events["title"]).fillna("")
    # Numbers and their units and qualifiers are compared by value, never as words: "at least five years" must not
    # make one source's figure a better match for "five years" than another's "5 years".
    # A figure is named by the document that gives it too: "the trilateral statement provided for 1,690 servicemen"
    # is about the statement's 1,960 servicemen.
    document = f["source_id"].astype(str).map(_document_heads(data.sources)).fillna("")
    out["text"] = (f["scope"].fillna("") + " " + f["value_text"] + " " + event_titles + " "
                   + spans.reindex(f.index).fillna("") + " " + document).str.replace(NUMBER_PATTERN, " ", regex=True)
    out["kind"] = spans.reindex(f.index).fillna("")  # a duration of the war is about "the war" first
    out["voice"] = _root_actors(out["claimant_id"], data.actors)
    return out


def _counted_on(f: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """The day each count was of: its as-of date, else the day its source was published, else (a stated total in an
    undated source: the BBC's "over 5,000") the latest day of the parts it adds up."""
    dated = f["as_of"].fillna(f["source_id"].map(sources["date_published"]))
    parts = f["total_of"].dropna().astype(str).str.split("|").explode()
    latest = parts.map(dated).groupby(level=0).max() if len(parts) else pd.Series(dtype=dated.dtype)
    return dated.fillna(latest.reindex(dated.index))


def _root_actors(actor_ids: pd.Series, actors: pd.DataFrame) -> pd.Series:
    """The actor each one is an organ of, at the top (`part_of` followed up: a ministry's state); None stays None."""
    parent = actors["part_of"].dropna().astype(str) if "part_of" in actors else pd.Series(dtype=str)
    roots = actor_ids.astype(object)
    for _ in range(len(parent) + 1):  # a chain is at most as long as the parents listed
        up = roots.map(parent)
        if up.isna().all():
            break
        roots = up.where(up.notna() & (up != roots), roots)
    return roots


def _document_heads(sources: pd.DataFrame) -> pd.Series:
    """Each source's title's first word where it is a document noun ("Statement by the President ..."), else ""."""
    head = sources["title"].astype(str).str.extract(r"^\s*([A-Za-z]+)", expand=False).str.lower()
    return head.where(head.isin(DOCUMENT_NOUNS), "").fillna("")


def date_facts(data: Dataset) -> pd.DataFrame:
    """Every dated thing as a range of days: events, figures' as-of dates and publications.

    `low`/`high` are the days on which the thing may have happened; `report_low`/`report_high` the days on
    which it was reported (the same, except for what is only known from a report). `reports` lists the
    statements that report an event: events of a saying kind whose passage lies inside the event's own.
    """
    tl = timeline.build_timeline(data).reindex(data.events.index)
    happened = timeline.account_windows(tl)
    # The report's own window: the same shared rule, read as if the report date were the event's.
    reported = timeline.account_windows(tl.assign(date_refers_to="occurrence"))
    actor_words, place_words = _words_by_id(data.actors), _words_by_id(data.places)
    claimants = tl["claimant_id"].map(actor_words).fillna("")
    actors, places = _names(tl["actor_ids"], actor_words), _names(tl["place_ids"], place_words)
    kinds = tl["kind"].astype(str)
    events = pd.DataFrame({
        "table": "events", "fact_id": tl.index, "source_id": tl["source_id"].astype(str),
        "occurrence": tl["occurrence_id"].astype(object), "precision": tl["date_precision"].astype(str),
        "kind": kinds, "time": tl["start_time"].astype(object),
        # A deadline ("shall be returned by 20 November"): its day is the point of the words, not a bound alone.
        "deadline": tl["date_qualifier"].astype(str).isin(["by", "before"]) & tl["date_refers_to"].eq("occurrence"),
        "qualifier": tl["date_qualifier"].astype(str),
        "low": _days(happened["window_start"]), "high": _days(happened["window_end"]),
        "report_low": _days(reported["window_start"]), "report_high": _days(reported["window_end"]),
        "claimant_id": tl["claimant_id"].astype(object), "claimant": tl["claimant"], "publisher": tl["publisher"],
        "text": kinds.str.replace("_", " ") + " " + tl["title"] + " " + places + " " + actors + " " + claimants,
        "reports": _statements_in(data.events),
        "slack": _rounding_slack(data), "scope": tl["title"].astype(str),
    })
    f = statistics.figures_with_bounds(data)
    f = f[f["as_of"].notna()]
    as_of = _days(f["as_of"])
    up_to = f["as_of_basis"].astype(str).isin(schema.AS_OF_UP_TO)
    # A count is known to have happened on its as-of day only where that is the day its event happened (an
    # occurrence on that one day, not a report of it); otherwise only by then, as citations word it.
    event = f["event_id"].where(f["event_id"].isin(tl.index))
    on_event_day = (event.notna() & ~up_to
                    & event.map(tl["date_refers_to"]).eq("occurrence")
                    & ~event.map(tl["kind"]).astype(str).isin(citations.REPORT_KINDS)
                    & event.map(_days(happened["window_start"])).eq(as_of)
                    & event.map(_days(happened["window_end"])).eq(as_of))
    figures = pd.DataFrame({
        "table": "figures", "fact_id": f.index, "source_id": f["source_id"].astype(str),
        "occurrence": event.map(tl["occurrence_id"]).astype(object), "precision": "day", "kind": "",
        "time": None, "low": as_of.where(on_event_day, -np.inf), "high": as_of,
        "report_low": as_of.where(~up_to, -np.inf), "report_high": as_of,
        "claimant_id": f["claimant_id"].astype(object), "claimant": f["claimant"], "publisher": f["publisher"],
        "text": f["quantity"].astype(str).map(lambda q: " ".join(QUANTITY_WORDS.get(q, [q])))
        + " " + f["scope"].fillna(""), "reports": [[] for _ in range(len(f))], "scope": f["scope"].fillna(""),
    })
    s = data.sources[data.sources["date_published"].notna()]
    published = _days(s["date_published"])
    # A document is named by its type's nouns ("the Meduza article"), and by its title's first word where that is
    # a document noun ("Statement by the President ...": "the 10 November statement"), which weighs as a kind.
    head = _document_heads(s)
    sources = pd.DataFrame({
        "table": "sources", "fact_id": s.index, "source_id": s.index, "occurrence": None, "precision": "day",
        "kind": head, "time": None, "low": published, "high": published,
        "report_low": published, "report_high": published, "claimant_id": None,
        "claimant": s["publisher"].astype(str), "publisher": s["publisher"].astype(str),
        "text": "published " + head + " " + s["source_type"].astype(str).map(
            lambda t: " ".join(DOCUMENT_TYPE_NOUNS.get(t, []))),
        "reports": [[] for _ in range(len(s))], "scope": s["title"].astype(str),
    })
    # Dates are whole days, so every bound is inclusive.
    facts = pd.concat([events, figures, sources], ignore_index=True)
    return facts.assign(low_strict=False, high_strict=False, slack=facts["slack"].fillna(0.0))


def _rounding_slack(data: Dataset) -> pd.Series:
    """For each event, the days either side of its date that its working-out leaves open: a date derived from a
    round duration ("three weeks after the end of the war": 1 December) may lie half a week either way, as
    `dates.DURATION_TOLERANCE` reads round durations; 0 for a date the source states."""
    events, figures = data.events, data.figures
    figure = events["derived_with_figure_id"].where(events["date_basis"].astype(str).eq("derived"))
    unit = figure.map(figures["unit"]).astype(object)
    round_figure = figure.map(figures["qualifier"]).astype(object).eq("exact")
    days = unit.map(lambda u: dates.DURATION_TOLERANCE.get(u, 0.0) * UNIT_DAYS.get(u, (0, 0))[0]
                    if isinstance(u, str) else 0.0)
    return days.where(round_figure, 0.0).astype(float)


def period_facts(data: Dataset, when: pd.DataFrame) -> pd.DataFrame:
    """Every span (the war, a mandate, a period of control) with the words that name it, its start and end events,
    and the days its end allows (from its end event, or its start plus its stated length; open where that length
    is only a lower bound). `when` is `date_facts(data)`."""
    spans = timeline.spans(data)
    ends = when[when["table"] == "events"].set_index("fact_id")
    end_event = data.spans["end_event_id"].reindex(spans.index)
    by_duration = pd.DataFrame({"low": _days(spans["end"]), "high": _days(spans["end_latest"]).mask(
        spans["end_open"].astype(bool), np.inf)}, index=spans.index)
    kind = spans["kind"].astype(str)
    return pd.DataFrame({
        "span_id": spans.index, "source_id": spans["source_id"].astype(str), "kind": kind,
        "text": kind.map(lambda k: " ".join(PERIOD_WORDS.get(k, [k]))),
        "start_event": data.spans["start_event_id"].reindex(spans.index), "end_event": end_event,
        "end_low": end_event.map(ends["low"]).astype(float).fillna(by_duration["low"]),
        "end_high": end_event.map(ends["high"]).astype(float).fillna(by_duration["high"]),
        "duration_figure": spans["duration_figure_id"],
    }, index=spans.index)


def _statements_in(events: pd.DataFrame) -> list[list[str]]:
    """For each event, the saying events of the same source whose passage lies inside its own: the statement
    that reported it ("a statement from the Russian Defense Ministry said on Saturday" within the violation's)."""
    saying = events[events["kind"].astype(str).isin(citations.REPORT_KINDS)]
    pairs = events[["source_id", "excerpt"]].reset_index(names="event").merge(
        saying[["source_id", "excerpt"]].reset_index(names="statement"), on="source_id", suffixes=("", "_s"))
    pairs = pairs[(pairs["event"] != pairs["statement"])
                  & np.array([s in e for s, e in zip(pairs["excerpt_s"], pairs["excerpt"], strict=True)], bool)]
    grouped = pairs.groupby("event")["statement"].agg(list)
    return [grouped.get(e, []) for e in events.index]


def _words_by_id(table: pd.DataFrame) -> pd.Series:
    """Name and aliases of each actor or place, by id."""
    return table["name"] + " " + table["aliases"].fillna("").str.replace("|", " ", regex=False)


def _names(id_lists: pd.Series, words: pd.Series) -> pd.Series:
    """For each '|'-separated list of ids, the words of all of them joined ('' for none)."""
    exploded = id_lists.fillna("").str.split("|").explode()
    joined = exploded.map(words).dropna().groupby(level=0).agg(" ".join)
    return joined.reindex(id_lists.index, fill_value="")


def _word_table(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (fact, word as written), so scoring a sentence against every fact is one isin and a groupby.
    `word` is folded by `SYNONYMS`, `stem` is as written. A word that names the event's kind weighs two: "the
    agreement of 10 November" is the agreement, not an accusation of violating it."""
    kinds = facts["kind"].fillna("").astype(str).str.replace("_", " ") if "kind" in facts else ""
    table = pd.DataFrame({"fact": facts.index, "stem": facts["text"].map(lambda t: sorted(_stems(t))),
                          "kind": pd.Series(kinds, index=facts.index).map(words_of)})
    table = table.explode("stem").dropna(subset=["stem"])
    table["word"] = table["stem"].map(lambda w: SYNONYMS.get(w, w))
    # A one-word kind ("ceasefire") weighs 2, each word of a two-word kind ("ceasefire violation") 1.5.
    table["weight"] = [1 + 1 / len(k) if w in k else 1 for w, k in zip(table["word"], table["kind"], strict=True)]
    return table[["fact", "word", "stem", "weight"]].reset_index(drop=True)


def _scores(word_table: pd.DataFrame, words: Iterable[str], index: pd.Index) -> pd.Series:
    """How well some words name each fact: one point a word they share (synonyms folded), more for the fact's
    kind, but only where the kind is named by a word the fact has as written: "the decades-long conflict" names
    the conflict whose source says "conflict" as much as the war (kind "war") that "conflict" means too."""
    text = " ".join(words)
    folded, written = words_of(text), _stems(text)
    hits = word_table[word_table["word"].isin(folded)]
    literal = hits["stem"].isin(written).groupby([hits["fact"], hits["word"]]).transform("any")
    weight = hits["weight"].where(literal, 1.0)
    per_word = weight.groupby([hits["fact"], hits["word"]]).max()
    return per_word.groupby(level=0).sum().reindex(index, fill_value=0)


FLAGGED_BY_A_FIGURE = ("overstated", "contradicted", "disputed")


@dataclass
class Knowledge:
    """Everything the checker needs from a data set, built once: facts, their words, names, a reference date."""

    numbers: pd.DataFrame
    dates: pd.DataFrame
    periods: pd.DataFrame
    documents: pd.DataFrame  # sources: publisher, date_published (may be missing), date_published_note
    number_words: pd.DataFrame
    date_words: pd.DataFrame
    period_words: pd.DataFrame
    names: Names
    reference: pd.Timestamp
    single_event_counts: frozenset[str] = frozenset()  # an imported event data set's figures: one event each

    @classmethod
    def of(cls, data: Dataset) -> Knowledge:
        numbers, when = number_facts(data), date_facts(data)
        periods = period_facts(data, when)
        reference = max(data.events["start_date"].max(), data.sources["date_published"].max())
        documents = data.sources[["publisher", "date_published", "date_published_note"]]
        single = frozenset(data.figures.index[event_data.is_event_data(data.figures, data)].astype(str))
        return cls(numbers, when, periods, documents, _word_table(numbers), _word_table(when),
                   _word_table(periods), names_of(data), reference, single)


# ============================================================================================== 3. candidates


@dataclass(frozen=True)
class Candidates:
    """The facts a mention is compared with, what they are, and whether they were named precisely enough to
    contradict it."""

    facts: pd.DataFrame
    what: str
    pointed: bool
    wrong_side: str = ""  # the side the brief names where the data's figures are on another side
    weak: pd.DataFrame | None = None  # figures of the quantity set aside as about something else (for the note)
    one_side: pd.DataFrame | None = None  # where no side is named: each side's own figures, which only support
    one_event: bool = False  # an imported event data set's counts of the one event the sentence is about


def number_candidates(p: Phrase, k: Knowledge) -> Candidates:
    """Figures of the quantity, side and population the phrase names; durations of its subject."""
    facts = k.numbers
    m = p.mention
    if m.unit == "percent":  # "fewer than half of those displaced": a share, never a count of people
        facts = facts[facts["unit"] == "percent"]
    if m.unit in UNIT_DAYS:
        durations = facts[facts["quantity"] == "duration"]
        for context in (p.subject, p.before + p.own + p.after, p.rest):
            scores = _scores(k.number_words, context, durations.index)
            chosen = _best_matches(durations, scores)
            if len(chosen):
                # A duration of something the data does not know ("the five-year term" where no term is counted)
                # may be found by its sentence's other words, but not contradicted by what they name.
                nouns = [w for w in p.subject if w not in _LENGTH_WORDS | _BACK_REFERENCES]  # not "it lasted"
                named_elsewhere = context is not p.subject and bool(words_of(" ".join(nouns)))
                # "the toll two months after the ceasefire": a time after an event, when nothing is said to have
                # happened, is no length the data measures; it may be found, not refuted.
                unread_gap = (p.gap is None and p.after[:1] in (("after",), ("before",), ("later",), ("earlier",))
                              and not set(p.before[-1:]) & _LENGTH_WORDS)  # "held it for 15 years before": a length
                return Candidates(chosen, f"duration in {m.unit}", not named_elsewhere and not unread_gap)
        # Named nothing: every duration in the same unit, close enough to be overstated, never to contradict.
        return Candidates(durations[durations["unit"] == m.unit], f"duration in {m.unit}", False)
    quantity, why = _counted(p)
    if quantity is None:
        return Candidates(facts.iloc[0:0], why, False)
    if quantity == "military_vehicles" and "military" not in p.own + p.before:
        chosen = facts[facts["quantity"].str.endswith("_vehicles")]  # plain "vehicles" may be any kind
        if "other" in p.own:  # "380 armoured carriers and 90 other vehicles": the kinds not counted already
            counted_already = _detect(p.earlier, {q: w for q, w in QUANTITY_WORDS.items() if q != quantity})
            chosen = chosen[~chosen["quantity"].isin(counted_already)]
    else:  # plain people nouns ("1,960 military personnel") may count peacekeepers too, if the words say so
        chosen = facts[facts["quantity"].isin(["troops", "peacekeepers"] if quantity == "troops" else [quantity])]
    c = _sided(p, k, quantity, chosen)
    if c.facts.empty:  # nothing of that population or side: say what the data does count
        return replace(c, weak=_closest(p, k, chosen))
    # A weak match (figures that share with the sentence only what is counted and whose, not what happened: "Turkey
    # sent 1,500 Syrian fighters" and the troops at a parade) neither supports nor contradicts.
    hedge = set(_tokens(p.mention.text))  # "had passed 6,000": a qualifier, not a handing over
    # What happened is said before the number or in its own clause, not in a later clause about something else
    # ("a contingent of 1,960 servicemen ..., to stay for 5 years with automatic extensions").
    sentence = [w for w in p.earlier_main + p.after_main if w not in hedge]
    strong = _strong(k.number_words, c.facts.index, sentence, EVENT_WORDS - BACKGROUND_EVENTS,
                     named_only=quantity == "troops", kin=EVENT_KIN)
    framed = _without_frame(sentence)
    if not strong.any() and framed != sentence:
        sentence = framed  # what happens under the deal, where no figure of it names the deal
        strong = _strong(k.number_words, c.facts.index, sentence, EVENT_WORDS - BACKGROUND_EVENTS,
                         named_only=quantity == "troops", kin=EVENT_KIN)
    if m.unit == "percent":  # a share is judged only by a share of the same whole: a word beyond what is counted
        strong &= _strong(k.number_words, c.facts.index, sentence, EVENT_WORDS - BACKGROUND_EVENTS, named_only=True)
    if quantity == "troops":  # peacekeepers only by words of their own ("with small arms"), not "sent" alone
        of_their_own = _strong(k.number_words, c.facts.index, sentence, frozenset(), named_only=True)
        strong &= c.facts["quantity"].ne("peacekeepers").to_numpy() | of_their_own.to_numpy()
    if c.one_side is not None and len(c.one_side):
        c = replace(c, one_side=c.one_side[_strong(k.number_words, c.one_side.index, sentence,
                                                   EVENT_WORDS - BACKGROUND_EVENTS).to_numpy()])
    if not strong.any() and set(p.earlier) <= _OPENING_WORDS:
        # "More than 3,000 soldiers, dozens of military vehicles and a flyover featured in Azerbaijan's victory
        # parade": a list that opens the sentence is its subject, and the predicate after the list says what happened.
        sentence = [w for w in p.rest if w not in hedge]
        strong = _strong(k.number_words, c.facts.index, sentence, EVENT_WORDS - BACKGROUND_EVENTS,
                         named_only=quantity == "troops", kin=EVENT_KIN)
    if not strong.any():
        return Candidates(c.facts.iloc[0:0], c.what, False, weak=c.facts, one_side=c.one_side)
    happened = words_of(" ".join(sentence)) & (EVENT_WORDS - BACKGROUND_EVENTS)
    strong_sides = set(c.facts.loc[strong.to_numpy(), "side"])
    if not c.pointed and happened and len(strong_sides) == 1 and strong_sides <= set(SIDE_WORDS):
        # Two sides named ("Azerbaijan's victory parade, attended by Turkey's president, puts some 2,000 soldiers on
        # display"), but what happened is one side's alone: the count is that side's.
        c = replace(c, pointed=True, what=f"{c.what.split(',')[0]}, side {strong_sides.pop()}")
    # Every source's figure for a measure one of them matches strongly: each words the same count its own way
    # ("the agreement provides for 1,960": the agreement's own figure does not say "agreement", the BBC's does).
    measures = c.facts.loc[strong.to_numpy(), "measure"]
    return replace(c, facts=c.facts[c.facts["measure"].isin(measures)])


def _sided(p: Phrase, k: Knowledge, quantity: str, chosen: pd.DataFrame) -> Candidates:
    """Figures of a quantity narrowed to the population and side the phrase names."""
    what = quantity.replace("_", " ")
    side = _side(p)
    near = p.own + p.after + p.before_unnamed
    populations = _detect(near, POPULATION_WORDS) if quantity in PEOPLE_COUNTS | {"troops"} else []
    if not populations and not _detect(near + p.before, QUANTITY_WORDS) and quantity in PEOPLE_COUNTS:
        # "civilian deaths: at least 143 (BBC); Meduza says only 'dozens'": the part ";" joins it to says whose
        populations = _detect(p.joined, POPULATION_WORDS)
    if "foreign_fighters" in populations:  # "Syrian fighters" are foreign fighters, not the army's soldiers
        populations = ["foreign_fighters"]
    if len(populations) == 1:
        chosen, what = chosen[chosen["population"] == populations[0]], f"{what}, {populations[0]}"
    sided = chosen["side"].isin(["armenia", "azerbaijan", "russia", "turkey"]).any()
    totals = chosen[chosen["side"].isin(["both", "unspecified"])]
    sentence_sides = _sentence_sides(p) if side is None else []
    claimed = _detect(sorted(_claimant_words(p)), SIDE_WORDS)  # keys: "armenia", "azerbaijan"
    if side is None and not sentence_sides and quantity in PEOPLE_COUNTS and len(claimed) == 1 and sided:
        # "Armenia said ... it had counted 2,425 dead soldiers": a state's count of losses is its own side's, unless
        # only the total of both sides allows it.
        own = chosen[chosen["side"] == claimed[0]]
        if not len(own) or overlaps(p.mention, own).any() or not overlaps(p.mention, totals).any():
            side = claimed[0]
    if side is None and not sentence_sides and quantity in PEOPLE_COUNTS and sided \
            and {"its", "their"} & set(p.own + p.before[-4:]):
        # "Yerevan, for its part, had published its own toll of 2,425 dead", "its Defence Ministry announced that
        # 2,783 of its soldiers had died": the losses of whoever the sentence named first.
        possessors = _detect([CAPITALS.get(w, w) for w in p.earlier], SIDE_WORDS)
        if possessors:
            side = possessors[0]
    if len(sentence_sides) == 1:  # "Armenia's military death toll, published on ..., stood at 2,425"
        side = sentence_sides[0]
    elif sentence_sides and sided:
        # "Azerbaijan's dead exceeded Armenia's (2,783 against 2,425)": one of the sides named, or their total; which
        # one is not read, so the number can be found (supported) but never contradicted.
        chosen = chosen[chosen["side"].isin([*sentence_sides, "both", "unspecified"])]
        return Candidates(chosen, f"{what}, side {' or '.join(sentence_sides)} or both", False)
    if quantity in PEOPLE_COUNTS and side in (None, "both") and len(totals):
        # "3,000 people were killed" is a total: one side's figure is only a part of it; without population words
        # it is everyone's, not the soldiers' alone.
        whole = totals[totals["population"].isin(["all", ""])]
        # No side named at all: a total, though one side's own count (a sentence whose side an earlier one gives)
        # may still support it, never contradict it.
        one_side = chosen[~chosen.index.isin(totals.index)] if side is None else chosen.iloc[0:0]
        chosen, what = (whole if len(whole) and not populations else totals), f"{what}, both sides"
        return Candidates(chosen, what, True, one_side=one_side)
    elif side is not None and sided:
        on_side = chosen[chosen["side"] == side]
        # A side that is the count's own ("2,000 Azerbaijani peacekeepers", "Azerbaijan contributed 1,960 ...", "...
        # on the Armenian side") contradicts figures of another; one named further off ("Azerbaijan agreed to the
        # deployment of 1,960 ...") may not be the count's at all.
        own_side = side in _detect([*p.own, *p.before_unnamed[_after_target(p.before_unnamed):][-3:], *p.after],
                                   SIDE_WORDS)
        if on_side.empty and len(chosen) and own_side:
            return Candidates(chosen, f"{what}, side {side}", True, wrong_side=side)
        if len(on_side) or not len(chosen):  # a side named elsewhere ("Azerbaijan agreed to ...") may not be theirs
            chosen, what = on_side, f"{what}, side {side}"
    return Candidates(chosen, what, True)


# What every figure and date in the data is set in (the war, its start and end, its dead): naming it says nothing
# about which of them a sentence means.
BACKGROUND_EVENTS = frozenset({"war", "start", "end", "death"})
# Words that say what is counted and whose, not what happened: sharing only these is a weak match.
_WHOSE_WORDS = frozenset(words_of(" ".join(
    w for words in [*SIDE_WORDS.values(), *POPULATION_WORDS.values()] for w in words)
    + " " + " ".join(PEOPLE_NOUNS | SAYING_VERBS)) | {"around", "along", "between", "total", "figure", "number"})
_GENERIC_WORDS = _WHOSE_WORDS | words_of(" ".join(w for words in QUANTITY_WORDS.values() for w in words))


def _strong(word_table: pd.DataFrame, facts: pd.Index, words: Iterable[str], events: frozenset[str],
            named_only: bool = False, generic: frozenset[str] = _GENERIC_WORDS,
            kin: Mapping[str, tuple[str, ...]] | None = None) -> pd.Series:
    """Which facts match some words strongly: where the words name what happened (`events`, synonyms folded),
    the facts that share it or share some word beyond what is counted and whose (`_GENERIC_WORDS`); where they
    name nothing that happened, every fact. With `named_only` (plain "soldiers", which any figure of people may
    count), only facts that share such a word: the noun alone says nothing of which figure is meant."""
    folded = words_of(" ".join(words))
    happened = folded & events
    kindred = {other for w in happened for other in (kin or {}).get(w, ())}
    telling = happened | kindred | (folded - generic - EVENT_WORDS)
    if not happened and not named_only:
        return pd.Series(True, index=facts)
    return pd.Series(facts.isin(_sharing(word_table, telling)), index=facts)


_FRAME_NOUNS = frozenset({"deal", "agreement", "statement", "accord", "terms", "truce", "ceasefire", "declaration"})


def _without_frame(words: list[str]) -> list[str]:
    """The words without the document everything happens under ("Under the deal, Russia sends 90 armoured
    carriers"): what happened is the sending (the carriers were unsupported: no figure of them names the deal)."""
    drop = {i + j for i, w in enumerate(words) if w in ("under", "per") for j in (1, 2, 3)
            if i + j < len(words) and words[i + j] in _FRAME_NOUNS | {"the", "this", "that", "its", "their"}}
    return [w for i, w in enumerate(words) if i not in drop]


def _closest(p: Phrase, k: Knowledge, facts: pd.DataFrame) -> pd.DataFrame:
    """The figures of the quantity that share most words with the sentence, for a note saying what the data has."""
    if facts.empty:
        return facts
    scores = _scores(k.number_words, p.rest, facts.index)
    return facts[scores == scores.max()]


_COMPARED_FIGURE = re.compile(r"\b(?:higher|lower|larger|smaller|bigger|different|rival|competing)\s+"
                              r"(?:[a-z]+\s+)?(?:figure|count|toll|total|number|estimate|tally)\s+of$")


def _counted(p: Phrase) -> tuple[str | None, str]:
    """What a number counts: a specific quantity word in its noun phrase, else in its clause, else in its sentence;
    plain people nouns count troops. None (and why) when its noun phrase names something the data does not count."""
    specific = {k: v for k, v in QUANTITY_WORDS.items() if k != "troops"}
    own_quantities = _detect(p.own, specific)
    if own_quantities:
        return own_quantities[0], ""
    head = [w for w in p.own if w not in ("of", "its", "their", "the", "a", "his", "her", "more", "others", "other")
            and not _detect([w], SIDE_WORDS) and not _detect([w], POPULATION_WORDS)]
    people = bool(set(map(_plain, p.own)) & PEOPLE_NOUNS)
    if head and not people and not _detect(p.own + p.after, QUANTITY_WORDS):
        return None, f"no figure in the data counts {' '.join(p.own)}"
    # A number's own people noun ("and more than 3,000 soldiers") is not counted by its neighbour's quantity words
    # before "and" ("dozens of military vehicles and ..."); what follows it may still say what happened ("wounded").
    before = () if people and p.before[-1:] in (("and",), ("plus",)) else p.before
    # "killed 143 civilians ... and displaced tens of thousands": what follows "and" and a verb is another clause's
    # ("units of special equipment and motor vehicles" is one noun phrase).
    cut = next((i for i, w in enumerate(p.after[:-1]) if w in ("and", "but", "while", "whereas")
                and (p.after[i + 1].endswith("ed") or p.after[i + 1] in _PAST_FORMS | _AUXILIARIES)), len(p.after))
    for words in (p.after[:cut], before, p.after[cut:]):
        found = _detect(words, specific)
        if len(found) > 1 and words is before:  # the nearest before it: "deaths ... and the whereabouts of 21"
            found = next(f for n in range(1, len(before) + 1) if (f := _detect(before[-n:], specific)))
        if found:
            return found[0], ""
    if not before and p.before:
        # "The war killed 2,783 Azerbaijani soldiers and 2,425 Armenian soldiers": what happened to the first
        # conjunct's people happened to the second's (not "dozens of military vehicles and 3,000 soldiers").
        found = _detect(p.earlier, {q: QUANTITY_WORDS[q] for q in PEOPLE_COUNTS if q in QUANTITY_WORDS})
        if found:
            return found[0], ""
    if _COMPARED_FIGURE.search(" ".join(p.before)):
        # "..., whereas Wikipedia gives a higher figure of 2,906 troops": the measure of the count it is set against.
        found = _detect(p.earlier, specific)
        if found:
            return found[0], ""
    if _detect(p.own + p.after + p.before, {"troops": QUANTITY_WORDS["troops"]}):
        return "troops", ""
    found = _detect(p.rest, specific)  # a bare number ("Armenia's 2,425 and ...") takes its sentence's
    if found:
        return found[0], ""
    # "At least 143 civilians were killed, per the BBC; Wikipedia's running count is higher, at least 185": a
    # part after ";" that names nothing counts what the part before it counted.
    found = _detect(p.joined, QUANTITY_WORDS)
    if found:
        return found[0], ""
    return None, "no quantity words nearby (dead, wounded, peacekeepers, soldiers, days...)"


def _side(p: Phrase) -> str | None:
    """The side a count is of: "both sides" in its clause; a side word in its noun phrase; one side named before it
    in its clause ("Azerbaijan lost 2,783"); or "on the X side", "for X", "from X" after it."""
    clause = p.before + p.own + p.after
    if "both" in clause and ("sides" in clause or "side" in clause):
        return "both"
    own = _detect(p.own, SIDE_WORDS)
    if len(own) == 1:
        return own[0]
    compared = _detect(p.earlier, SIDE_WORDS) if _COMPARED_FIGURE.search(" ".join(p.before)) else []
    if len(compared) == 1:  # "Baku counted 2,783 ..., whereas Wikipedia gives a higher figure of 2,906": Baku's side
        return compared[0]
    right_after = _detect(p.after[1:2], SIDE_WORDS) if p.after[:1] == ("for",) else []
    if len(right_after) == 1:  # "2.8k for Azerbaijan and 2.4k for Armenia": its own "for", not its neighbour's
        return right_after[0]
    before = _detect(p.before[_after_target(p.before):], SIDE_WORDS)
    if len(before) == 1:
        return before[0]
    if p.before[-1:] and p.before[-1].removesuffix("'s") in CAPITALS and p.before[-1].endswith("'s"):
        return CAPITALS[p.before[-1].removesuffix("'s")]  # "Baku's 2,783": a capital's count is its state's
    after = " ".join(p.after)
    # "on the Armenian side", "for Azerbaijan", "on Armenia's side"
    found = re.search(r"\b(?:on the|from|for|on)\s+([a-z-]+)(?:'s\s+side\b)?", after)
    if found and found[0].startswith("on ") and not found[0].startswith("on the") and not found[0].endswith("side"):
        found = None  # "on 27 September", "on Armenia" alone: no side of the count
    later = _detect([found[1]], SIDE_WORDS) if found else []
    return later[0] if len(later) == 1 else None


def _sentence_sides(p: Phrase) -> list[str]:
    """The sides the sentence names before a number whose own clause names none, leaving out the names of who is
    said to have said it ("Armenia said ..." names the claimant, not the side counted) and who acted on what was
    counted ("Attacks from Azerbaijan against two villages")."""
    return _detect(p.earlier_unnamed[_after_target(p.earlier_unnamed):], SIDE_WORDS)


def _claimant_words(p: Phrase) -> set[str]:
    """The words of the names of who is said to have said it, as `Names.key` folds them: "The Syrian Observatory
    ... said" names no Syrians, "the Azerbaijani foreign ministry's text puts ..." no Azerbaijani count."""
    return {CAPITALS.get(w, w) for name in p.claimants for w in name.split()}  # "Baku" speaks for Azerbaijan


# Words after which a noun is what was acted on, not the actor named before them: "attacks from Azerbaijan against
# two villages" are not Azerbaijani villages. Only after an attack is named; "on", "at" and "into" right after it.
_TARGET_WORDS = frozenset({"against", "targeting", "targeted", "toward", "towards"})
_ATTACK_WORDS = frozenset({"attack", "assault", "strike", "shelling", "offensive", "raid", "fire", "advance",
                           "shelled", "bombed", "raided", "ambushed", "struck"})


def _after_target(words: tuple[str, ...]) -> int:
    """Where the words after the last target word start (0 where there is none)."""
    attacks = [bool(words_of(w) & _ATTACK_WORDS) for w in words]  # "(2,783 against 2,425)" compares, attacks none
    marks = [i + 1 for i, w in enumerate(words) if (w in _TARGET_WORDS and any(attacks[:i]))
             or (w in ("on", "at", "into") and i > 0 and attacks[i - 1])
             or (attacks[i] and w.endswith("ed"))]  # "Azerbaijani forces shelled two villages": their target
    return marks[-1] if marks else 0


# What happens in the data, as `words_of` folds it: a date's clause with one of these names the event it dates.
EVENT_WORDS = frozenset({"start", "end", "war", "truce", "violation", "agreement", "deployment", "death", "handover",
                         "accusation", "attack", "meeting", "parade", "threaten", "extension", "withdrawal", "claim"})


# Two words for one act, for what a number counts: Armenia "returns" the three areas its forces "pull out of" (not
# for dates: the forces' withdrawal alongside the deployment is not the handover of one district by its deadline).
EVENT_KIN = {"handover": ("withdrawal",), "withdrawal": ("handover",)}


def _event_phrase(leading: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a date's clause from just before its last event word to the date: "The war, which broke out on
    27 September", "the deal signed on the night of November 10", "return Kelbajar by 15 November and Lachin by
    1 December". Empty where the clause names no event ("Armenia had until 15 November to ...")."""
    marks = [i for i, w in enumerate(leading) if words_of(w) & EVENT_WORDS]
    return tuple(leading[max(marks[-1] - 3, 0):]) if marks else ()


def date_candidates(p: Phrase, k: Knowledge, pointed_figures: set[str]
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The dated facts a date is compared with, the table they were picked from (report windows where the date is
    when something was said), and the facts set aside as a weak match (the closest, for the note).

    A match is strong where the fact shares what the sentence says happened (its event words: "sent" is a
    deployment, "killed" a death), not only other words ("Azerbaijan", "fighters"); a weak match never judges."""
    when = k.dates
    if p.reported:
        when = when.assign(low=when["report_low"], high=when["report_high"])
    when = when[(when["table"] != "figures") | when["fact_id"].isin(pointed_figures)]
    chosen, words = when.iloc[0:0], p.rest
    if p.subject:
        chosen, words = _best_matches(when, _scores(k.date_words, p.subject, when.index)), p.subject
    if (chosen.empty and not p.reported and p.mention.relation in ("by", "before") and p.after[:1] == ("to",)
            and p.after[1:2] not in (("a",), ("an",), ("the",)) and words_of(" ".join(p.after[1:])) & EVENT_WORDS):
        # "gave Armenia until November 25th to return the Aghdam district and until December 1st to hand over
        # Lachin": what is due by the date follows it.
        due = p.after[:([*p.after, "and"].index("and"))]
        chosen, words = _best_matches(when, _scores(k.date_words, due, when.index)), due
    if chosen.empty and _apposed_to_gap(p):
        # "One week after the ceasefire, on 17 November, the ministry put ...": the date names the day the gap
        # leads to, so it dates what follows, not the ceasefire.
        following = p.rest[len(p.earlier):]
        chosen, words = _best_matches(when, _scores(k.date_words, following, when.index)), following
    near = _event_phrase(p.leading)
    if chosen.empty and near and not p.reported:
        chosen, words = _best_matches(when, _scores(k.date_words, near, when.index)), near
    if chosen.empty and not p.reported and words_of(" ".join(p.since)) - _GENERIC_WORDS and len(p.since) <= 4:
        # A list item ("... three areas: Aghdam by 20 November, Kelbajar by 15 November and Lachin by 1 December"):
        # its own few words say what its date is of, before the words of the rest of the sentence.
        chosen, words = _best_matches(when, _scores(k.date_words, p.since, when.index)), p.since
    if chosen.empty and not p.reported and set(p.leading) <= _OPENING_WORDS:
        # A date that governs a clause ("On Saturday, Armenia and Azerbaijan accused each other of breaching the
        # deal ...") dates its first event, not one named later in a relative clause.
        following = p.rest[len(p.earlier):]
        acts = [i for i, w in enumerate(following) if words_of(w) & (EVENT_WORDS - BACKGROUND_EVENTS)]
        if acts:  # with the words of what happened right after it ("ceasefire broken": a violation)
            end = acts[0] + 1
            while end < len(following) and end - acts[0] <= 2 and words_of(following[end]) & EVENT_WORDS:
                end += 1
            head = following[:end]
            chosen, words = _best_matches(when, _scores(k.date_words, head, when.index)), head
    if chosen.empty:
        chosen, words = _best_matches(when, _scores(k.date_words, p.rest, when.index)), p.rest
    elif chosen["occurrence"].nunique() > 1 and not p.subject:
        # Several events fit the date's own phrase ("due back ... by November 15" fits every handover): the rest
        # of the sentence tells them apart ("The Lachin district was due back ...").
        chosen = _best_matches(chosen, _scores(k.date_words, p.rest, chosen.index))
    happened = words_of(" ".join(words)) & EVENT_WORDS
    m = p.mention
    if happened and len(chosen) and m.relation == "on" and m.high - m.low >= 364:
        # A bare year or decade ("the 2020 war") agrees where any event of what happened falls in it.
        events = when[when["table"] == "events"]
        named = events[events.index.isin(_sharing(k.date_words, happened))]
        inside = named[contains(m, named)]
        if len(inside):
            return inside, when, when.iloc[0:0]
    if len(chosen) and not chosen["table"].eq("figures").any():
        # What was counted says what happened to whom ("wounded", "losses"); who they were does not.
        strong = _strong(k.date_words, chosen.index, words, EVENT_WORDS, named_only=True, generic=_WHOSE_WORDS)
        # Who did it is part of what happened: "Turkish troops were sent" is not the Russian deployment. The doer
        # is named before what happened ("Russian peacekeepers arrived in Nagorno-Karabakh": Russia).
        acts = [i for i, w in enumerate(words) if words_of(w) & EVENT_WORDS]
        doer = [w for w in words[max(acts[0] - 3, 0):acts[0]] if Names.key([w]) not in _claimant_words(p)
                ] if acts else []
        if _detect(doer, SIDE_WORDS):
            by_fact = k.date_words[k.date_words["fact"].isin(chosen.index)].groupby("fact")["stem"].agg(list)
            sides = by_fact.map(lambda stems: set(_detect(stems, SIDE_WORDS))).reindex(chosen.index)
            strong &= sides.map(lambda named: set(_detect(doer, SIDE_WORDS)) <= (named or set())).to_numpy()
        if not strong.any():
            return chosen.iloc[0:0], when, chosen  # "Turkey sent ... in October 2020": no sending in the data
        chosen = chosen[strong.to_numpy()]
    if p.reported and len(chosen):
        # A saying dates the report: the event's own report window, and the statements that reported it (not
        # where the saying is quoted: "'... was reported on December 12,' the ministry said" is the quoted report).
        linked = {s for reports in chosen["reports"] for s in reports} if not p.quoted else set()
        statements = when[when["fact_id"].isin(linked)]
        # A source that carries the fact reported it on the day it was published ("Azerbaijan's figures, reported
        # on 3 December": Meduza's report of that day), whoever released it first.
        carriers = when[(when["table"] == "sources") & when["source_id"].isin(set(chosen["source_id"]))]
        chosen = pd.concat([chosen, statements[~statements.index.isin(chosen.index)],
                            carriers[~carriers.index.isin(chosen.index)]])
    return chosen, when, when.iloc[0:0]


_GAP_UNITS = frozenset({"day", "days", "week", "weeks", "fortnight", "month", "months", "year", "years"})


def _apposed_to_gap(p: Phrase) -> bool:
    """Whether a date stands just after a clause that is a time after or before an event ("A week after the
    ceasefire, on 17 November, ...")."""
    if not set(p.leading) <= {"on", "at", "the"} or len(p.earlier) <= len(p.leading):
        return False
    clause = p.earlier[:len(p.earlier) - len(p.leading)][-8:]
    gaps = [i for i, w in enumerate(clause) if w in _GAP_WORDS]
    return bool(gaps) and bool(set(clause[:gaps[0]]) & _GAP_UNITS)


def _sharing(word_table: pd.DataFrame, words: set[str]) -> pd.Index:
    """The facts whose words (synonyms folded) include any of `words`."""
    return pd.Index(word_table.loc[word_table["word"].isin(words), "fact"].unique())


# Nouns of figures and documents: a number of them ("two official tolls") counts nothing the data counts.
# Plural only: "the 2,783 figure" is that figure's value.
_FIGURE_NOUNS = frozenset({"tolls", "figures", "counts", "tallies", "estimates", "sources", "accounts", "versions",
                           "numbers"})


def _after_length(p: Phrase) -> bool:
    """Whether a period's "between" or "from" follows a length ("the 44 days between 27 September and ...")."""
    opening = [i for i, w in enumerate(p.leading) if w in ("between", "from")]
    return bool(opening) and opening[-1] > 0 and p.leading[opening[-1] - 1] in _LENGTH_UNITS


_LENGTH_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})


def period_candidates(p: Phrase, k: Knowledge, pointed_figures: set[str], lengths: frozenset[str] = frozenset()
                      ) -> pd.DataFrame | None:
    """For an end of a period ("between D1 and D2"): the starts (for D1) or ends (for D2) of the spans the sentence
    names by their kind ("the war", "the mandate", "held"), else of the period a count it points at covers (a count
    as of a period's end, `as_of_basis` period_end, covers the span that ends that day: "2,783 soldiers killed
    between 27 September and 10 November"). None where it names no period: the two dates are then one window in
    which what the sentence names happened. `lengths`: the figures a length just before the period matched ("the
    forty-four days between D1 and D2" is the span of that length)."""
    periods = k.periods
    named = _best_matches(periods.assign(occurrence=None),
                          _scores(k.period_words, p.rest, periods.index))
    counts = k.numbers[k.numbers.index.isin(pointed_figures) & (k.numbers["as_of_basis"] == "period_end")]
    if named.empty and len(counts):
        ends_that_day = (periods["end_low"] == periods["end_high"]) & periods["end_low"].isin(_days(counts["as_of"]))
        named = periods[ends_that_day]
    if named.empty and _after_length(p):  # "the forty-four days between D1 and D2": the span that length is of
        named = periods[periods["duration_figure"].isin(lengths)]
    if named.empty:
        return None
    events = k.dates[k.dates["table"] == "events"]
    if p.mention.relation == "from":
        return events[events["fact_id"].isin(named["start_event"])]
    by_length = named[named["end_event"].isna()]  # a mandate ends when its stated length runs out
    lengths = pd.DataFrame({
        "table": "spans", "fact_id": by_length["duration_figure"], "source_id": by_length["source_id"],
        "occurrence": None, "precision": "day", "kind": "", "time": None, "deadline": False,
        "low": by_length["end_low"], "high": by_length["end_high"], "claimant_id": None, "claimant": None,
        "publisher": None, "low_strict": False, "high_strict": False}).set_axis("span " + by_length.index)
    as_of = k.dates[(k.dates["table"] == "figures") & k.dates["fact_id"].isin(counts.index)]
    parts = [events[events["fact_id"].isin(named["end_event"])], lengths, as_of.assign(low=as_of["high"])]
    return pd.concat([part for part in parts if len(part)])


def gap_candidates(gap: Gap, k: Knowledge) -> pd.DataFrame:
    """The days between the two events a gap names, worked out from their dates: for each pair of occurrences the
    words name, the fewest and most days from the anchor to the event (or from the event to the anchor, for
    "before"). Each occurrence is dated by the narrowest window all its accounts allow (their hull where they
    disagree), and by when it was said where its words say so ("was reported one day after ...")."""
    event, anchor = _occurrence_windows(gap.event, k), _occurrence_windows(gap.anchor, k)
    if event.empty or anchor.empty:
        return event.iloc[0:0]
    pairs = event.merge(anchor, how="cross", suffixes=("", "_anchor"))
    pairs = pairs[pairs["occurrence"] != pairs["occurrence_anchor"]]
    later, earlier = (("", "_anchor") if gap.direction == "after" else ("_anchor", ""))
    low = pairs[f"low{later}"] - pairs[f"high{earlier}"]
    high = pairs[f"high{later}"] - pairs[f"low{earlier}"]
    first, second = (pairs["when_anchor"], pairs["when"]) if gap.direction == "after" else (pairs["when"],
                                                                                            pairs["when_anchor"])
    return pd.DataFrame({
        "fact_id": pairs["ids_anchor"] + ", " + pairs["ids"], "source_id": pairs["sources_anchor"] + ", "
        + pairs["sources"], "low": low.to_numpy(), "high": high.to_numpy(),
        "claim": _gap_words(low, high) + " from " + first + " to " + second,
    })


def _occurrence_windows(words: tuple[str, ...], k: Knowledge) -> pd.DataFrame:
    """The occurrences the words name best (events only), each with the window all its accounts allow."""
    events = k.dates[k.dates["table"] == "events"]
    if not words_of(" ".join(words)) & EVENT_WORDS:  # "six months before the period expires": no event named
        return events.iloc[0:0].assign(ids="", sources="", when="")[["occurrence", "low", "high", "ids", "sources",
                                                                    "when"]]
    if set(words) & SAYING_VERBS:  # "was reported", "published its losses": when it was said
        events = events.assign(low=events["report_low"], high=events["report_high"])
    named = _best_matches(events, _scores(k.date_words, words, events.index))
    accounts = events[events["occurrence"].isin(named["occurrence"].dropna())]
    grouped = accounts.groupby("occurrence", sort=True)
    out = grouped.agg(low=("low", "max"), high=("high", "min"), hull_low=("low", "min"), hull_high=("high", "max"),
                      ids=("fact_id", ", ".join), sources=("source_id", lambda s: ", ".join(dict.fromkeys(s))))
    disagree = out["low"] > out["high"]
    out["low"], out["high"] = out["low"].mask(disagree, out["hull_low"]), out["high"].mask(disagree, out["hull_high"])
    out["when"] = [_day_range(lo, hi) for lo, hi in zip(out["low"], out["high"], strict=True)]
    return out.reset_index()[["occurrence", "low", "high", "ids", "sources", "when"]]


def _gap_words(low: pd.Series, high: pd.Series) -> pd.Series:
    def words(lo: float, hi: float) -> str:
        if lo == hi:
            return f"{lo:.0f} days"
        if np.isinf(lo):
            return f"at most {hi:.0f} days" if not np.isinf(hi) else "any number of days"
        return f"at least {lo:.0f} days" if np.isinf(hi) else f"{lo:.0f} to {hi:.0f} days"

    return pd.Series([words(lo, hi) for lo, hi in zip(low, high, strict=True)], index=low.index, dtype=object)


def _best_matches(facts: pd.DataFrame, scores: pd.Series) -> pd.DataFrame:
    """The facts a sentence names: those sharing the most words with it, and those one word short of them that
    are accounts of the same occurrences (a close second is often the same event, or the same figure, in another
    source's words; a different one that shares a word must not vouch for the brief). None if it names nothing."""
    best = scores.max() if len(scores) else 0
    if best <= 0:
        return facts.iloc[0:0]
    top = scores == best
    occurrences = set(facts.loc[top, "occurrence"].dropna())
    second = (scores == best - 1) & (facts["occurrence"].isna() | facts["occurrence"].isin(occurrences))
    return facts[top | (second & (best > 1))]


# ============================================================================================== 4. judge


def _ranges(frame: pd.DataFrame) -> pd.DataFrame:
    """low, high (NaN = open), low_strict, high_strict, as `quantities.ranges_overlap` reads them."""
    return pd.DataFrame({
        "low": frame["low"].astype(float).replace(-np.inf, np.nan),
        "high": frame["high"].astype(float).replace(np.inf, np.nan),
        "low_strict": frame["low_strict"].astype(bool), "high_strict": frame["high_strict"].astype(bool),
    }, index=frame.index)


def _mention_ranges(m: Mention, index: pd.Index) -> pd.DataFrame:
    """The mention's range repeated on every row of `index`, to compare with facts row by row."""
    row = pd.DataFrame({"low": m.low, "high": m.high, "low_strict": m.low_strict, "high_strict": m.high_strict},
                       index=index)
    return _ranges(row)


def contains(m: Mention, facts: pd.DataFrame) -> pd.Series:
    """Whether the brief's range contains each fact's range: the fact's claim implies the brief's."""
    return quantities.range_contains(_mention_ranges(m, facts.index), _ranges(facts))


def overlaps(m: Mention, facts: pd.DataFrame) -> pd.Series:
    """Whether the brief's range and each fact's share a value ("100" and "more than 100" do not)."""
    return quantities.ranges_overlap(_mention_ranges(m, facts.index), _ranges(facts))


@dataclass(frozen=True)
class Judgement:
    verdict: str
    matched: pd.DataFrame
    note: str = ""
    against: pd.DataFrame | None = None  # for "disputed": the facts that contradict
    wrong_side: str = ""  # for a side that is not the figures' own: the side the brief named


def judge_number(m: Mention, c: Candidates, dispute_pool: pd.DataFrame | None, as_reported: bool = False
                 ) -> Judgement:
    """supported / disputed / overstated / contradicted / unsupported for a number against its candidates.

    Figures in `dispute_pool` for the same measure that exclude it dispute it; with `as_reported` (the sentence
    gives the count as reported: "the reported dead") only those of another claimant do."""
    facts = c.facts
    if c.wrong_side:
        return Judgement("contradicted", facts, f"the data's {c.what.split(',')[0]} are {_sides(facts)}, not "
                         f"{c.wrong_side}: " + "; ".join(f"{r.fact_id}: {r.claim}" for r in facts.head(5).itertuples()),
                         wrong_side=c.wrong_side)
    if facts.empty:
        weak = c.weak if c.weak is not None else facts
        return Judgement("unsupported", facts, _closest_note(weak, dated=False) if len(weak)
                         else _unsupported_note(c))
    supporting = facts[contains(m, facts)]
    # Where no side is named, one side's own count supports only what some total allows too ("some 36,989" within
    # "tens of thousands"): "fewer than 3,000 people were killed" is a total, whatever one side lost.
    totals_allow = bool(overlaps(m, facts).any())
    # ... and only a count the brief's own number falls within ("up to 10,000" is no account of Armenia's 2,425).
    own = (c.one_side[(c.one_side["window_low"] <= m.value) & (m.value <= c.one_side["window_high"])]
           if c.one_side is not None and totals_allow and m.value is not None else facts.iloc[0:0])
    one_side = own[contains(m, own)]
    if not len(supporting) and len(one_side):  # "some 36,989 displaced people", a one-side report's count
        return Judgement("supported", one_side, f"a count of one side ({_sides(one_side)}); the sentence names no "
                         "side, and the total of both is another figure")
    near = own[overlaps(m, own)] if not len(supporting) else facts.iloc[0:0]
    if len(near) and _narrowest(near) < _narrowest(facts[overlaps(m, facts)]):
        return Judgement("overstated", near)  # one side's count, more precise than any total that allows it
    if len(supporting):
        if dispute_pool is not None:
            pool = dispute_pool[dispute_pool["measure"].isin(supporting["measure"])
                                & ~dispute_pool.index.isin(supporting.index)]
            if as_reported:  # "the reported dead": a claimant's own other count (Azerbaijan's 2,906 after its
                # ministry's 2,783) revises what it reported, not disputes it; the note still gives every count.
                pool = pool[~pool["voice"].isin(set(supporting["voice"].dropna()))]
            beyond = pool[~_windows_overlap(m, pool) & ~_dated_apart(supporting, pool)]
            if len(beyond):
                return Judgement("disputed", supporting, against=beyond)
        return Judgement("supported", supporting)
    overlapping = overlaps(m, facts)
    # "5,600" for "more than 5,600": the source's own number without its qualifier claims more than it says.
    dropped = facts["value"].eq(m.value) & m.exact if m.value is not None else pd.Series(False, facts.index)
    contradicting = facts[~overlapping & ~dropped]
    allowing = facts[overlapping]
    # Contradicted only where every figure for the measure disagrees: "around 200 civilians" is allowed by "at least
    # 143" and "at least 185" and excluded by "dozens", so the sources dispute it. Counts only: a duration's
    # candidates are the spans its words name, often several (the mandate, its notice period), not one measure.
    if len(contradicting) and len(allowing) and c.pointed and m.unit not in UNIT_DAYS:
        contradicting = contradicting[contradicting["measure"].isin(allowing["measure"])]
        # But a figure that excludes it and agrees with every one that allows it ("at least 185" with "at least
        # 143", against "143 civilians") makes the sources together exclude it.
        agreeing = contradicting[_agrees_with_all(contradicting, allowing)]
        if len(agreeing):
            return Judgement("contradicted", agreeing)
        if len(contradicting):
            j = Judgement("disputed", allowing, against=contradicting)
            return replace(j, note=_note(j, False).replace("supported by", "allowed by", 1))
    if len(contradicting):
        return Judgement("contradicted" if c.pointed else "unsupported", contradicting,
                         "" if c.pointed else _unsupported_note(c))
    return Judgement("overstated", facts[overlapping | dropped])


# Counts that only grow: a later, higher count is no contradiction of an earlier one, a later, lower one is.
CUMULATIVE = frozenset({"deaths", "wounded"})
LATER_COUNT_DAYS = 7


def _counted_later(j: Judgement, m: Mention, sentence_dates: list[Mention]) -> Judgement:
    """A count the sentence dates after every figure that excludes it ("over 6,100 military deaths by mid-January"
    against the BBC's early-December "over 5,000") is another moment's count: unsupported, not contradicted; for
    counts that only grow, only where the brief's is the higher."""
    # The earliest day a date allows ("December" holds a count of 10 December), its last where it only bounds ("by
    # mid-January").
    days = [d.low if np.isfinite(d.low) else d.high for d in sentence_dates]
    day = max((d for d in days if np.isfinite(d)), default=None)
    if day is None or j.matched.empty or m.value is None or "dated" not in j.matched:  # (a gap's: date facts)
        return j
    counted = _days(j.matched["dated"]).to_numpy()
    grows = j.matched["quantity"].isin(CUMULATIVE).to_numpy()
    higher = (m.low >= j.matched["high"]).to_numpy()
    # A week apart at least: a date worked out from "three weeks after" carries days of rounding, and news reports a
    # few days apart give the same count.
    if not (np.isfinite(counted).all() and (counted < day - LATER_COUNT_DAYS).all() and (higher | ~grows).all()):
        return j
    earlier = "; ".join(f"{r.fact_id}: {r.claim}, as of {dates.format_date(r.dated, 'day')}"
                        for r in j.matched.head(5).itertuples())
    return Judgement("unsupported", j.matched.iloc[0:0], "the data's counts of this are of earlier dates ("
                     f"{earlier}); nothing in the data counts it at the sentence's date")


def _narrowest(facts: pd.DataFrame) -> float:
    """The width of the narrowest range the facts' words allow ("some 36,989" is narrower than "tens of thousands")."""
    return float((facts["window_high"] - facts["window_low"]).min())


def _dated_apart(supporting: pd.DataFrame, pool: pd.DataFrame) -> pd.Series:
    """Which figures of `pool` one of the `supporting` figures' own sources gives for another moment ("90,000 at the
    start", "some 36,989 as of 30 June 2021": one report counting at two times), as `checks.figures_agree` reads one
    document that dates one count and not the other. Other sources' counts of other dates still dispute: the brief
    should say whose count it gives, and when."""
    as_of, supported_at = pool["as_of"], supporting["as_of"]
    other_moment = (as_of.isna() & supported_at.notna().any()) | (as_of.notna() & ~as_of.isin(supported_at.dropna()))
    return pool["source_id"].isin(supporting["source_id"]) & other_moment


def _agrees_with_all(facts: pd.DataFrame, others: pd.DataFrame) -> np.ndarray:
    """For each of `facts`, whether it agrees with every one of `others`, allowing each its rounding (their
    rounding windows overlap)."""
    low, high = facts["window_low"].to_numpy()[:, None], facts["window_high"].to_numpy()[:, None]
    meet = (others["window_high"].to_numpy()[None, :] >= low) & (others["window_low"].to_numpy()[None, :] <= high)
    return meet.all(axis=1)


def _windows_overlap(m: Mention, facts: pd.DataFrame) -> pd.Series:
    """Whether the brief's number and each fact agree allowing each its rounding (`checks.rounded_ranges`):
    "2,000" and 1,960 do, "dozens" and "at least 143" do not."""
    exact = m.rounded and m.value is not None
    magnitude = 1.0
    for power in (10.0, 100.0, 1000.0):
        if exact and m.value % power == 0 and m.value >= power:
            magnitude = power
    per = UNIT_DAYS.get(m.unit, (1, 1))
    half = (dates.DURATION_TOLERANCE.get(m.unit, 0.0) * per[0] if m.unit in UNIT_DAYS
            else (magnitude / 2 if exact and magnitude > 1 else 0.0))
    low, high = m.low - (half if exact else 0), m.high + (half if exact else 0)
    return (facts["window_high"] >= low) & (facts["window_low"] <= high)


def judge_date(m: Mention, candidates: pd.DataFrame, when: pd.DataFrame) -> Judgement:
    if candidates.empty:
        return Judgement("unsupported", candidates, "the sentence names nothing in the data")
    # Every account of an event the sentence names counts: "the 10th of November" is the agreement's day though
    # the account that shares most words says only "last month".
    named = set(candidates.loc[candidates["table"] == "events", "occurrence"])
    accounts = when[(when["table"] == "events") & when["occurrence"].isin(named) & ~when.index.isin(candidates.index)]
    candidates = pd.concat([candidates, accounts])
    deadlines = candidates[candidates["deadline"].fillna(False).astype(bool)] if "deadline" in candidates else []
    if m.relation in ("by", "before") and len(deadlines):
        # A deadline restated: "by 15 November" is another deadline than "by 20 November", not a weaker claim.
        same = deadlines[(deadlines["high"] - m.high).abs() <= 1]
        return Judgement("supported", same) if len(same) else Judgement("contradicted", deadlines)
    # A date worked out from a round duration is not day-precise evidence: a day within its rounding agrees with it.
    slack = candidates["slack"].fillna(0.0) if "slack" in candidates else pd.Series(0.0, candidates.index)
    rounded = (slack > 0) & (candidates["low"] - slack <= m.low) & (m.high <= candidates["high"] + slack)
    supporting = candidates[contains(m, candidates) | rounded]
    if len(supporting):
        return Judgement("supported", supporting, _rounding_note(m, supporting[rounded.reindex(supporting.index)]))
    overlapping = overlaps(m, candidates)
    if not overlapping.any():
        return Judgement("contradicted", candidates)
    # A day a day-precision account of the same event excludes is the wrong day, however coarse the others are
    # (a day worked out from a round duration is not one).
    matched = candidates[overlapping]
    occurrences = set(matched.loc[matched["table"] == "events", "occurrence"])
    accounts = when[(when["table"] == "events") & when["occurrence"].isin(occurrences) & (when["precision"] == "day")]
    slack = accounts["slack"].fillna(0.0)
    wrong_day = accounts[~overlaps(m, accounts.assign(low=accounts["low"] - slack, high=accounts["high"] + slack))]
    if len(wrong_day):
        return Judgement("contradicted", wrong_day)
    return Judgement("overstated", matched)


def _closest_note(weak: pd.DataFrame, dated: bool) -> str:
    """For a weak match: the closest facts in the data, which are about something else."""
    shown = "; ".join(f"{r.fact_id} ({_day_range(r.low, r.high) if dated else r.claim}: {r.what})"
                      for r in weak.assign(what=_what(weak)).head(3).itertuples())
    return f"nothing in the data for what the sentence names; closest in the data: {shown}, a different subject"


def _what(facts: pd.DataFrame) -> pd.Series:
    """A fact's own words without its numbers, for notes ("soldiers in the victory parade")."""
    return facts["scope"].fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()


def _rounding_note(m: Mention, rounded: pd.DataFrame) -> str:
    """What a day agreeing with a date worked out from a round duration rests on."""
    if rounded.empty:
        return ""
    shown = "; ".join(f"{r.fact_id}: {_day_range(r.low, r.high)} give or take {r.slack:g} days"
                      for r in rounded.head(3).itertuples())
    return f"{m.text} lies within the rounding of a date worked out from a round duration ({shown})"


_COMPARATIVES = frozenset({"fewer", "more", "less", "higher", "lower", "greater", "larger", "smaller", "bigger"})
DERIVED_NOTE = "worked out from the sentence's own figures"


def derived_kind(text: str, p: Phrase) -> str | None:
    """Whether a number compares two others rather than counting: a share ("about 40 per cent", "15%") or a
    difference ("over 350 fewer than ...", "358 more soldiers than ...")."""
    m = p.mention
    if m.unit:
        return None
    if re.match(r"\s*(?:%|per\s*cent\b|percent\b)", text[m.end:m.end + 12], re.IGNORECASE):
        return "share"
    if p.after[:1] and p.after[0] in _COMPARATIVES and "than" in p.after[1:4]:
        return "difference"
    if set(p.earlier) & {"gap", "difference", "margin"} and p.before[-1:] and p.before[-1] in ("is", "was", "of"):
        return "difference"  # "the gap between the two official tolls is 358"
    return None


def judge_derived(m: Mention, kind: str, others: list[Mention]) -> Judgement:
    """A share or difference against what the other figures of its sentence give (every pair, either way round:
    a - b; a / b - 1 and a / b as per cent), allowing an exact figure its rounding to the nearest whole number.
    Without two figures to work from, unsupported (a share the data states is judged before this, by `judge_number`)."""
    values = [o.value for o in others if o.value is not None and o.exact]
    pairs = [(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j and b]
    empty = pd.DataFrame({"fact_id": [], "source_id": [], "claim": []})
    if not pairs:
        return Judgement("unsupported", empty, f"no {kind} in the data matches it, and the sentence gives no two "
                         "figures to work it out from")
    worked = ([(a - b, f"{a:,.0f} - {b:,.0f} = {a - b:,.0f}") for a, b in pairs if a > b] if kind == "difference"
              else [(100 * (a / b - 1), f"{a:,.0f} / {b:,.0f} - 1 = {100 * (a / b - 1):.1f} per cent")
                    for a, b in pairs if a > b]
              + [(100 * a / b, f"{a:,.0f} / {b:,.0f} = {100 * a / b:.1f} per cent") for a, b in pairs])
    slack = 0.5 if m.exact else 0.0
    inside = [(v, words) for v, words in worked if m.low - slack <= v <= m.high + slack
              and not (m.low_strict and v <= m.low) and not (m.high_strict and v >= m.high)]
    shown = inside or worked
    facts = pd.DataFrame({"fact_id": "derived", "source_id": "this sentence", "claim": [w for _, w in shown]})
    return Judgement("supported" if inside else "contradicted", facts,
                     f"{DERIVED_NOTE}: " + "; ".join(w for _, w in shown))


def judge_weekday(m: Mention, candidates: pd.DataFrame, when: pd.DataFrame) -> Judgement:
    """A day of the week alone against the days the data gives, to the day, for the events the sentence names (all
    accounts of them): supported where one falls on that weekday, contradicted where none does."""
    named = set(candidates.loc[candidates["table"] == "events", "occurrence"].dropna())
    accounts = when[(when["table"] == "events") & when["occurrence"].isin(named) & ~when.index.isin(candidates.index)]
    facts = pd.concat([candidates, accounts])
    to_the_day = facts[(facts["low"] == facts["high"]) & np.isfinite(facts["low"].astype(float))]
    if to_the_day.empty:
        return Judgement("unsupported", to_the_day, "the data dates nothing the sentence names to the day, so the "
                         "day of the week cannot be checked")
    weekdays = to_the_day["low"].map(lambda day: pd.Timestamp.fromordinal(int(day)).day_of_week)
    on_it = to_the_day[weekdays == m.weekday]
    if len(on_it):
        return Judgement("supported", on_it)
    days = "; ".join(f"{r.fact_id}: {WEEKDAYS[w]} {_day_range(r.low, r.high)}"
                     for r, w in zip(to_the_day.head(4).itertuples(), weekdays.head(4), strict=True))
    return Judgement("contradicted", to_the_day, f"not a {WEEKDAYS[m.weekday]}: {days}")


def judge_gap(m: Mention, gaps: pd.DataFrame) -> Judgement:
    """A duration between two events against the days between their dates: supported where the words (a bare
    duration allowing its rounding, `dates.DURATION_TOLERANCE`: half a week, month or year; days are exact)
    contain every gap the dates allow, contradicted where they allow none, overstated in between."""
    half = dates.DURATION_TOLERANCE.get(m.unit, 0.0) * UNIT_DAYS[m.unit][0] if m.rounded else 0.0
    low, high = m.low - half, m.high + half
    inside = (gaps["low"] >= low) & (gaps["high"] <= high)
    apart = (gaps["high"] < low) | (gaps["low"] > high)
    verdict, shown = (("supported", inside) if inside.any() else ("contradicted", apart) if apart.any()
                      else ("overstated", pd.Series(True, index=gaps.index)))
    return Judgement(verdict, gaps[shown], "worked out from the dates: " + "; ".join(gaps.loc[shown, "claim"]))


def judge_time(m: Mention, candidates: pd.DataFrame, when: pd.DataFrame, days: list[float]) -> Judgement:
    """A time of day against the times of the events named, or else of the events on the sentence's day ("took
    effect at 00:00 on 10 November": the ceasefire)."""
    timed = candidates[candidates["time"].notna()] if "time" in candidates else candidates.iloc[0:0]
    if timed.empty and days:
        on_day = when[(when["table"] == "events") & when["time"].notna()]
        timed = on_day[pd.concat([(on_day["low"] <= d) & (on_day["high"] >= d) for d in days], axis=1).any(axis=1)]
    if timed.empty:
        return Judgement("unsupported", timed, "no time of day in the data for what the sentence names")
    minutes = timed["time"].astype(str).map(lambda t: int(t[:2]) * 60 + int(t[3:5]))
    same = timed[minutes == m.low]
    return Judgement("supported", same) if len(same) else Judgement("contradicted", timed)


def _same_number_elsewhere(note: str, m: Mention, numbers: pd.DataFrame) -> str:
    """An unmatched number that the data gives, as written, for something else: say what ("the 2,425 soldiers ...
    reported" is in the data as deaths), so that the fix is to say what it counts, not to add it again."""
    if m.value is None or m.unit:
        return note
    same = numbers[numbers["value"].eq(m.value) & numbers["unit"].eq("people")] if "unit" in numbers else numbers[:0]
    same = same[~same["fact_id"].astype(str).map(lambda i: f"{i} (" in note)]  # not those the note names already
    if same.empty:
        return note
    shown = "; ".join(f"{r.fact_id} ({r.claim}: {r.scope})" for r in same.head(3).itertuples())
    return f"{note}; the data has {m.value:,.0f} as {shown}: if that is what it counts, say so"


def _unsupported_note(c: Candidates) -> str:
    if not c.what:
        return "no quantity words nearby (dead, wounded, peacekeepers, soldiers, days...)"
    if c.what.startswith("no "):
        return c.what
    return f"no figure or event in the data for {c.what}"


# ============================================================================================== the check


def check_brief(text: str, data: Dataset) -> pd.DataFrame:
    """One row per number, date or time in a brief (columns `CHECK_COLUMNS`), judged against every source."""
    return check_text(text, Knowledge.of(data))


# How far after the data's last date a year-less date in an undated brief may fall: nothing in the data speaks of
# later days, so "November" is the last November the data can know, not the next one.
YEARLESS_AFTER = pd.Timedelta(days=31)


def check_text(text: str, k: Knowledge) -> pd.DataFrame:
    """`check_brief` with the data already prepared (`Knowledge.of`), for checking many briefs."""
    masked = mask(text)
    own_date = brief_date(text)
    # Undated, a year-less date is the latest such day up to a month after the data's last date ("17 December" is
    # 2020's, not 2019's; with a source of August 2021, "November" is still 2020's); a dated brief speaks of days up
    # to its date.
    mentions = find_mentions(masked, own_date or k.reference + YEARLESS_AFTER, own_date)
    mentions = _with_sentence_frames(masked, mentions, k, own_date)
    phrases = [attach(masked, m, mentions, k.names) for m in mentions if not _citing_date(masked, m)]
    line_starts = np.array([0] + [i + 1 for i, c in enumerate(text) if c == "\n"])
    # The figures each sentence's numbers point at: a figure's as-of date can only be what a date in the same
    # sentence is about ("by 12 December more than 5,600 had died"), never a date the sentence gives for
    # something else ("it lasted 45 days, starting on 28 September").
    counted: dict[int, Candidates] = {}
    pointed_figures: dict[tuple[int, int], set[str]] = {}
    lengths: dict[tuple[int, int], set[str]] = {}  # the figures each sentence's lengths of time matched
    dated_sentences = {p.sentence for p in phrases if p.mention.type == "date" and p.mention.weekday is None}
    # The single days each sentence says something happened on (not days of saying), and of those the days of an
    # attack ("the rocket strike on Barda on 28 October"): a count in its sentence is of that day's event.
    named_days: dict[tuple[int, int], set[float]] = {}
    attack_days: dict[tuple[int, int], set[float]] = {}
    for o in phrases:
        # A day, a few days ("28-30 September") or a period's end ("from 6 to 8 November"), named by the last day:
        # an event of several days is dated by its end.
        if o.mention.type == "date" and o.mention.relation in ("on", "to") and o.mention.high - o.mention.low < 7 \
                and not o.reported:
            named_days.setdefault(o.sentence, set()).add(o.mention.high)
            if set(o.leading + o.subject) & INCIDENT_WORDS:
                attack_days.setdefault(o.sentence, set()).add(o.mention.high)
    for i, p in enumerate(phrases):
        if p.mention.type != "number" or p.reference:
            continue
        if p.in_heading and not p.mention.unit and not _detect(p.own + p.after, QUANTITY_WORDS):
            continue  # a heading's number is a section or list number unless it says what it counts
        head = p.own[:p.own.index("of")] if "of" in p.own else p.own
        if not p.mention.unit and set(head) & _FIGURE_NOUNS:
            continue  # "the two official tolls", "three sources": figures or documents, not what they count
        c = _attributed(p, number_candidates(p, k), k)
        c = _of_one_day(p, _of_one_event(p, c, k, named_days.get(p.sentence, set())),
                        attack_days.get(p.sentence, set()))
        counted[i] = c
        if p.mention.unit in UNIT_DAYS and len(c.facts):  # lengths the data gives for it, not any of its unit
            lengths.setdefault(p.sentence, set()).update(c.facts.index[overlaps(p.mention, c.facts).to_numpy()])
        if c.pointed:
            pointed_figures.setdefault(p.sentence, set()).update(c.facts.index)
    rows = []
    for i, p in enumerate(phrases):
        m = p.mention
        fix_first = None
        if m.type == "number":
            if i not in counted:
                continue
            c = counted[i]
            pool = None if p.claimants or c.one_event else k.numbers
            if pool is not None and k.single_event_counts:  # one event's count disputes no other claim
                pool = pool[~pool["fact_id"].astype(str).isin(k.single_event_counts)]
            if pool is not None and p.sentence in dated_sentences:  # a dated count: undated ones cannot dispute it
                pool = pool[pool["as_of"].notna() | (pool["quantity"] == "duration")]
            kind = derived_kind(masked, p)
            gaps = gap_candidates(p.gap, k) if p.gap else None
            j = judge_gap(m, gaps) if gaps is not None and len(gaps) else None
            # A share the data states ("about 72%" of the displaced, "nearly half" of the territory) is judged by
            # it; one the data does not state is worked out from the sentence's own figures.
            shares = pd.concat([c.facts, c.one_side]) if c.one_side is not None else c.facts
            stated_shares = shares[shares["unit"] == "percent"] if kind == "share" else c.facts.iloc[0:0]
            if len(stated_shares):
                j = judge_number(m, replace(c, facts=stated_shares, one_side=None, pointed=True), pool)
            elif kind is not None:
                others = [o.mention for o in phrases if o.sentence == p.sentence and o.mention.type == "number"
                          and o.mention is not m and not o.mention.unit and derived_kind(masked, o) is None]
                j = judge_derived(m, kind, others)
            elif j is None or j.verdict == "overstated":  # the dates leave it open: the sources' stated gaps decide
                as_reported = bool(set(p.earlier + p.own) & AS_REPORTED_WORDS)
                j = (_misattributed(p, judge_number(m, c, pool, as_reported), c, k) if j is None or c.pointed
                     else j)
            j = _unrelayed(p, j, k)
            if j.verdict in FLAGGED_BY_A_FIGURE and len(j.matched) and not c.one_event and j.matched[
                    "fact_id"].astype(str).isin(k.single_event_counts).all():
                # One event's count supports a sentence about that event, but cannot refute a brief's number,
                # which may be a total ("ACLED recorded 102 deaths" came back "overstated, write five").
                j = Judgement("unsupported", j.matched.iloc[0:0], "only single events of an event data set count "
                              "this; their sums are in the event-data report and `check`")
            if j.verdict == "contradicted" and not j.wrong_side:
                j = _counted_later(j, m, [o.mention for o in phrases if o.sentence == p.sentence
                                          and o.mention.type == "date" and o.mention.weekday is None])
            if j.verdict == "supported" and not j.note and not c.one_event:
                # Other sources' claims for the measure; an event data set's single events are no such claim.
                others = k.numbers[~k.numbers["fact_id"].astype(str).isin(k.single_event_counts)]
                j = Judgement(j.verdict, j.matched, _disagreement(others, j.matched))
            if (j.verdict == "unsupported" and not j.note.startswith(("not claimed", "the data's counts"))
                    and (c.what.split(",")[0] in PEOPLE_COUNTS | {"troops", "peacekeepers"} or not c.what)):
                j = replace(j, note=_same_number_elsewhere(j.note or _note(j, False), m, k.numbers))
            fix_first = _closest_for_fix(j, p, k.number_words)
            reading = f"{m.reading} ({c.what})" if c.what and not c.what.startswith("no ") else m.reading
        elif m.relation in ("from", "to") and (
                bounds := period_candidates(p, k, pointed_figures.get(p.sentence, set()),
                                            frozenset(lengths.get(p.sentence, set())))) is not None:
            j = judge_date(m, bounds, k.dates)
            reading = m.reading
        else:
            if m.period is not None:  # names no period: the two dates are the window it happened in
                m = replace(m, low=m.period[0], high=m.period[1], relation="on", reading=_day_range(*m.period))
                p = replace(p, mention=m)
            candidates, when, weak = date_candidates(p, k, pointed_figures.get(p.sentence, set()))
            candidates = _attributed_dates(p, candidates, k, when)
            if isinstance(candidates, pd.DataFrame) and candidates.empty and len(weak):
                j = Judgement("unsupported", candidates, _closest_note(weak, dated=True))
            elif isinstance(candidates, Judgement):
                j = candidates
            else:
                days = [o.mention.low for o in phrases if o.sentence == p.sentence and o.mention.type == "date"
                        and o.mention.low == o.mention.high]
                j = (judge_time(m, candidates, when, days) if m.type == "time"
                     else judge_weekday(m, candidates, when) if m.weekday is not None
                     else judge_date(m, candidates, when))
                fix_first = _closest_for_fix(j, p, k.date_words)
                if (j.verdict == "contradicted" and m.relative and _PRESENT.fullmatch(m.text)
                        and np.isneginf(j.matched["low"].astype(float)).all()):
                    # "Today there are some 2,000 Russian peacekeepers": known "by 13 January", a state may still
                    # hold; the data says nothing of the day of writing, for or against.
                    known = "; ".join(f"{r.fact_id}: by {_day_range(r.high, r.high)}"
                                      for r in j.matched.head(3).itertuples())
                    j, fix_first = Judgement("unsupported", j.matched.iloc[0:0], f"the data knows it only by an "
                                             f"earlier day ({known}); nothing in it speaks of the day of writing"), None
            reading = m.reading
        if j.verdict == "unsupported" and _ARTICLE_UNIT.fullmatch(m.text):
            continue  # "a month after ...": an aside the dates do not decide, not a figure to cite
        line = int(np.searchsorted(line_starts, m.start, side="right"))
        rows.append({
            "line": line, "column": m.start - int(line_starts[line - 1]) + 1, "text": m.text, "type": m.type,
            "reading": reading, "verdict": j.verdict,
            "matched": "" if j.verdict == "unsupported" else ", ".join(j.matched["fact_id"].astype(str)),
            "sources": "" if j.verdict == "unsupported" else ", ".join(dict.fromkeys(j.matched["source_id"])),
            "note": j.note or _note(j, m.type != "number"),
            "fix": _fix(replace(j, matched=fix_first) if fix_first is not None else j, m),
        })
    return pd.DataFrame(rows, columns=CHECK_COLUMNS).astype({"line": "int64", "column": "int64"})


def _closest_for_fix(j: Judgement, p: Phrase, word_table: pd.DataFrame) -> pd.DataFrame | None:
    """For a contradiction by several facts, the one the sentence's words are closest to, which the fix names
    ("five ... ambushed": the ambush's four, not the war's 2,783); None where there is no choice to make."""
    if j.verdict != "contradicted" or j.wrong_side or len(j.matched) < 2 or j.matched.index.has_duplicates:
        return None
    matched = j.matched
    if p.mention.unit and "unit" in matched:  # "three years" is to be five years, not the notice's six months
        same_unit = matched[matched["unit"].astype(str) == p.mention.unit]
        matched = same_unit if len(same_unit) else matched
    closeness = _scores(word_table, p.rest, matched.index)
    return matched.loc[[closeness.idxmax()]]


def _with_sentence_frames(text: str, mentions: list[Mention], k: Knowledge, own_date: pd.Timestamp | None
                          ) -> list[Mention]:
    """In an undated brief, a sentence that dates its own report ("Writing on 12 December, ...", "In its report of
    Saturday 12 December, ...") is the frame for its relative dates ("last month", "last Thursday")."""
    if own_date is not None:
        return mentions
    extra: list[Mention] = []
    for sentence_start, sentence_end in {_sentence(text, m) for m in mentions if m.type == "date"}:
        sentence = text[sentence_start:sentence_end]
        frame = re.search(r"\b(?:writing|report|article|published|dated)\b\s+(?:on|of|dated)?\s*", sentence,
                          flags=re.IGNORECASE)
        inside = [m for m in mentions if m.type == "date" and sentence_start <= m.start < sentence_end
                  and m.high - m.low == 0 and m.weekday is None]
        if not frame or not inside:
            continue
        day = pd.Timestamp.fromordinal(int(inside[0].low))
        for found in find_mentions(sentence, day, day):
            if found.relative:
                extra.append(Mention(found.start + sentence_start, found.end + sentence_start, found.text,
                                     found.type, found.low, found.high, False, False, found.reading,
                                     relation=found.relation, relative=True))
    taken = [(m.start, m.end) for m in mentions if m.weekday is None]
    extra = [m for m in extra if not any(s < m.end and m.start < e for s, e in taken)]
    mentions = [m for m in mentions if not any(o.start < m.end and m.start < o.end for o in extra)]
    return sorted(mentions + extra, key=lambda m: m.start)


def _attributed(p: Phrase, c: Candidates, k: Knowledge) -> Candidates:
    """A figure the sentence attributes is judged against the named claimant's own figures (its organs count:
    a ministry speaks for its state) where it has any for that measure."""
    if not p.claimants or c.facts.empty or not c.pointed:
        return c
    ids, publishers = _accepted(p, k)
    own = c.facts["claimant_id"].isin(ids) | c.facts["publisher"].isin(publishers) | _relayed(c.facts, p, k)
    if own.any():
        return Candidates(c.facts[own], c.what, c.pointed, c.wrong_side)
    if _side(p) is None and not _detect(p.own + p.after + p.before_unnamed, POPULATION_WORDS):
        # "..., while the BBC gave a figure of at least 143": the sentence names no population, and the claimant's
        # own count of that quantity with that very number says which it means (its civilians).
        theirs = k.numbers[k.numbers["quantity"].isin(set(c.facts["quantity"]))
                           & (k.numbers["claimant_id"].isin(ids) | k.numbers["publisher"].isin(publishers))]
        same = theirs[theirs["value"].eq(p.mention.value)]
        if len(same):
            named = " or ".join(k.names.shown(n) for n in p.claimants)
            return Candidates(same, f"{c.what.split(',')[0]}, as {named} counts it", True)
    return c


_ESTIMATE_WORDS = frozenset({"estimate", "estimates", "estimated"})


def _of_one_event(p: Phrase, c: Candidates, k: Knowledge, days: set[float]) -> Candidates:
    """An imported event data set's count of one event judges a sentence about that event (its day, where the
    sentence names one, and a place or word of its own: "the rocket attack on Barda on 28 October killed 21
    civilians"), and nothing else: not a war's toll, whose measure it shares ("21" was contradicted by "dozens")."""
    if not k.single_event_counts or c.facts.empty:
        return c
    single = c.facts["fact_id"].astype(str).isin(k.single_event_counts).to_numpy()
    if not single.any():
        return c
    events = c.facts[single]
    # Named by a word of its own (its place, "rocket"), not by one most events share ("UCDP", "estimate").
    table = k.number_words[k.number_words["fact"].isin(events.index)]
    share = table.groupby("word")["fact"].nunique() / len(events)
    telling = words_of(" ".join(p.rest)) - _GENERIC_WORDS - EVENT_WORDS
    own = {w for w in telling if share.get(w, 0) and (share[w] <= 0.5 or len(events) <= 2)}
    named = events.index.isin(_sharing(table, own))
    if days:  # its day, and its own words where the sentence has any ("on 27 September" alone may do)
        named = (named | (not own)) & _days(events["dated"]).isin(days).to_numpy()
    if named.any():
        events = events[named]
        # A best estimate given without bounds (GED's deaths of one side or of civilians) is judged by its number,
        # and so is one a hedged number restates ("an estimated 24" for GED's best 24, low 20, high 30); an exact
        # "24" still says more than the estimate, unless the sentence calls it one ("killed 24, UCDP estimates").
        unbounded = np.isinf(events["low"]) & np.isinf(events["high"]) & events["value"].notna()
        hedged = not p.mention.exact or bool(_ESTIMATE_WORDS & set(p.rest))
        unbounded |= events["value"].eq(p.mention.value) & hedged
        events = events.assign(low=events["low"].mask(unbounded, events["value"]),
                               high=events["high"].mask(unbounded, events["value"]))
        allowing = overlaps(p.mention, events).to_numpy()
        # Several events that day ("on 11 October" in Ganja and in Stepanakert): the sentence's is one whose count
        # allows it, where one does.
        return Candidates(events[allowing] if allowing.any() else events, c.what, True, one_event=True)
    if not single.all():  # the sentence is about something else: the others judge it
        return replace(c, facts=c.facts[~single])
    return c  # only single events: found, never refuted (see `check_text`)


# Words of one attack (not "fighting", which may be the war).
INCIDENT_WORDS = frozenset({"attack", "attacks", "assault", "strike", "strikes", "shelling", "shelled", "raid",
                            "rocket", "rockets", "missile", "missiles", "ambush", "clash", "clashes", "drone",
                            "bombardment", "bombing", "airstrike"})


def _of_one_day(p: Phrase, c: Candidates, days: set[float]) -> Candidates:
    """A count of one attack on one day ("the shelling of Hadrut on 27 September killed two civilians") is judged
    by figures of that day, not by a war's toll: those are set aside as a different subject."""
    if not days or c.one_event or c.facts.empty or not c.what.startswith(tuple(CUMULATIVE)):
        return c
    that_day = _days(c.facts["dated"]).isin(days).to_numpy()
    if that_day.all():
        return c
    return replace(c, facts=c.facts[that_day], weak=c.facts[~that_day]) if that_day.any() else \
        Candidates(c.facts.iloc[0:0], c.what, False, weak=c.facts)


def _accepted(p: Phrase, k: Knowledge) -> tuple[set[str], set[str]]:
    ids: set[str] = set()
    publishers: set[str] = set()
    for name in p.claimants:
        more_ids, more_publishers = k.names.accepts(name)
        ids |= more_ids
        publishers |= more_publishers
    return ids, publishers


def _relayed(facts: pd.DataFrame, p: Phrase, k: Knowledge) -> pd.Series:
    """Facts whose excerpt names who the sentence says reported them: the BBC's "As well as the 2,783 soldiers
    killed ..., Turan news agency reported" is Turan's report of the ministry's figure."""
    if "excerpt" not in facts or facts.empty:
        return pd.Series(False, index=facts.index)
    said = {Names.key([v]) for v in SAYING_VERBS}
    # Only excerpts that hold the name's first word are read word by word (an event data set has many figures).
    firsts = {k.names.shown(n).split()[0].lower() for n in p.claimants}
    excerpts = facts["excerpt"].astype("string").str.lower().fillna("")
    holding = pd.Series(False, index=facts.index)
    for first in firsts:
        holding |= excerpts.str.contains(first, regex=False).to_numpy()
    if not holding.any():
        return holding
    folded = facts.loc[holding, "excerpt"].map(lambda e: f" {Names.key(_tokens(str(e).lower()))} ")
    # Named as the one who said it ("Turan news agency reported", "according to TASS", "TASS said"), not any mention
    # ("attacks from Azerbaijan").
    forms = [f" {key} {verb} " for key in p.claimants for verb in said] + [
        f" {lead} {key} " for key in p.claimants for lead in (Names.key(["according", "to"]), Names.key(["citing"]),
                                                                Names.key(["reported", "by"]))]
    return holding & folded.map(lambda text: any(form in text for form in forms)).reindex(facts.index,
                                                                                        fill_value=False).astype(bool)


def _unrelayed(p: Phrase, j: Judgement, k: Knowledge) -> Judgement:
    """A claimant's figure the sentence says a publisher reported ("The BBC reported that ... had counted 541") is
    unsupported where that publisher's sources do not give it; the note says whose do."""
    if not p.reporters or j.verdict not in ("supported", "overstated", "disputed") or j.matched.empty:
        return j
    publishers = {k.names.keys[n][1] for n in p.reporters if n in k.names.keys}
    if j.matched["publisher"].isin(publishers).any():
        return j
    return _not_claimed(" or ".join(k.names.shown(n) for n in p.reporters), j.matched, by="publisher")


def _not_claimed(named: str, facts: pd.DataFrame, by: str = "claimant") -> Judgement:
    """Unsupported: `named` did not give it in the data; the note says who did (`by` claimant or publisher), with
    the ids of their facts."""
    who = facts.groupby(by, sort=True)["fact_id"].agg(lambda s: ", ".join(s.astype(str)))
    return Judgement("unsupported", facts.iloc[0:0], f"not claimed by {named} in the data; claimed by "
                     + "; ".join(f"{name} ({ids})" for name, ids in who.items()))


def _misattributed(p: Phrase, j: Judgement, c: Candidates, k: Knowledge) -> Judgement:
    """An attributed figure the named claimant did not give: unsupported where someone else gave it, or where the
    claimant said nothing about it and the data does not contradict it (the note says who did say what)."""
    if not p.claimants or j.verdict == "unsupported" or j.matched.empty:
        return j
    ids, publishers = _accepted(p, k)
    own = j.matched["claimant_id"].isin(ids) | j.matched["publisher"].isin(publishers) | _relayed(j.matched, p, k)
    source_voice = j.matched["claimant_id"].isna() & ~j.matched["publisher"].isin(publishers)
    if own.all() and j.verdict == "supported":
        named_ids = {k.names.keys[n][1] for n in p.claimants if n in k.names.keys}
        speakers = j.matched.loc[~j.matched["claimant_id"].isin(named_ids) & j.matched["claimant_id"].notna(),
                                 "claimant"]  # "Azerbaijan said": its Defence Ministry did
        return Judgement(j.verdict, j.matched, f"claimed by {', '.join(dict.fromkeys(speakers))}" if len(speakers)
                         else "")
    if own.all() and j.verdict in ("overstated", "contradicted") and j.matched["value"].eq(p.mention.value).any():
        # "Exactly 2,000 ..., Reuters reported" where Reuters wrote "some 2,000": the claimant's own number with
        # another qualifier judges it, whoever else gave an exact 2,000 (a plan of November, not Reuters' count of
        # January). Another number ("the BBC reported 185" for its 143) is someone else's figure misattributed.
        return j
    if j.verdict == "supported" and source_voice.all() and p.mention.unit in UNIT_DAYS:
        return j  # a source's own words ("one week after the end of the conflict") are no one's claim to misname
    named = " or ".join(k.names.shown(n) for n in p.claimants)
    whole = number_candidates(p, k)
    others = judge_number(p.mention, whole, None) if not whole.facts.empty else j
    if others.verdict == "supported" and not (others.matched["claimant_id"].isin(ids)
                                              | others.matched["publisher"].isin(publishers)).any():
        return _not_claimed(named, others.matched)
    if not own.any() and j.verdict in ("supported", "overstated", "disputed"):
        return Judgement("unsupported", j.matched.iloc[0:0], f"nothing in the data from {named} on this; "
                         + _note(j, False))
    return j


def _attributed_dates(p: Phrase, candidates: pd.DataFrame, k: Knowledge, when: pd.DataFrame
                      ) -> pd.DataFrame | Judgement:
    """The date of a saying attributed to someone ("Meduza reported on 3 December") is that claimant's or
    publisher's; any other date in an attributed sentence is wrongly attributed only where the facts behind it
    are claims of someone else (not the sources' own voice)."""
    if not p.claimants:
        return candidates
    ids, publishers = _accepted(p, k)
    named_publishers = {k.names.keys[n][1] for n in p.claimants if k.names.is_publisher(n)}
    if p.reported and named_publishers:  # "Meduza reported on 3 December", "the BBC's report was published on ..."
        published = k.dates[(k.dates["table"] == "sources") & k.dates["publisher"].isin(named_publishers)]
        if len(published):
            return published
        undated = k.documents[k.documents["publisher"].isin(named_publishers)]
        return Judgement("unsupported", candidates.iloc[0:0], "the data records no publication date for "
                         + "; ".join(f"{i} ({r.publisher}): {r.date_published_note}" for i, r in undated.iterrows()))
    if candidates.empty:
        return candidates
    own = candidates["claimant_id"].isin(ids) | candidates["publisher"].isin(publishers)
    if own.any() and p.reported:
        return candidates[own]
    if p.reported and not own.any():
        # "the 2,783 Azerbaijan announced in December", "Dec. 3: Baku admits 2,783 troops killed": what the sayer
        # said that the sentence names. Only where the sentence gives a count the sayer gave: then its date is
        # when the sayer said that.
        theirs = when[when["claimant_id"].isin(ids) | when["publisher"].isin(publishers)]
        if (theirs["table"] == "figures").any():
            chosen = _best_matches(theirs, _scores(k.date_words, p.rest, theirs.index))
            if len(chosen):
                return chosen
    if own.any() or candidates["claimant_id"].isna().all():
        return candidates
    if not p.reported and candidates["claimant_id"].isna().any():
        # "per Russia's MoD, a violation was reported on Dec. 11, the first since the Nov. 10 deal": the deal's day
        # is the sources' own fact, no one's claim, whoever else accused whom of breaking it.
        return candidates[candidates["claimant_id"].isna()]
    named = " or ".join(k.names.shown(n) for n in p.claimants)
    return _not_claimed(named, candidates.dropna(subset=["claimant_id"]))


def _disagreement(facts: pd.DataFrame, matched: pd.DataFrame) -> str:
    """Other claims about the same measure by any source, where they are worded differently."""
    same = facts[facts["measure"].isin(matched["measure"])]
    claims = same.groupby(["claim", "window_low", "window_high"], sort=True)["source_id"].agg(
        lambda s: ", ".join(sorted(set(s))))
    if len(claims) < 2:
        return ""
    lows, highs = claims.index.get_level_values("window_low"), claims.index.get_level_values("window_high")
    # Claims that cannot all be true, even allowing each its rounding ("six weeks" for 44 days), differ; claims
    # that overlap differ only in how precisely they are put.
    lead = "sources differ" if lows.max() > highs.min() else "sources differ in wording"
    return f"{lead}: " + "; ".join(f"{claim} ({who})" for (claim, _, _), who in claims.items())


def _note(j: Judgement, dated: bool) -> str:
    if j.verdict == "supported" or j.matched.empty:
        return ""
    if dated:
        shown = [f"{r.fact_id}: {_fact_days(r.low, r.high, getattr(r, 'qualifier', ''))}"
                 + (f" give or take {r.slack:g} days" if getattr(r, "slack", 0) else "")
                 for r in j.matched.head(5).itertuples()]
    else:
        shown = [f"{r.fact_id}: {r.claim}" for r in j.matched.head(5).itertuples()]
    if j.verdict == "disputed":
        against = [f"{r.fact_id}: {r.claim}" for r in j.against.head(5).itertuples()]
        return (f"supported by {', '.join(dict.fromkeys(j.matched['source_id']))} ({'; '.join(shown)}); "
                f"contradicted by {', '.join(dict.fromkeys(j.against['source_id']))} ({'; '.join(against)})")
    if j.verdict == "overstated":
        return "the source says " + "; ".join(shown)
    if dated and j.matched["table"].eq("events").all() and j.matched["precision"].eq("day").all():
        sources = ", ".join(dict.fromkeys(j.matched["source_id"]))
        return f"day-precision accounts ({sources}) say " + "; ".join(shown)
    return "the data says " + "; ".join(shown)


def _sides(facts: pd.DataFrame) -> str:
    """The sides of some figures, in words: "armenia and azerbaijan"."""
    return " and ".join(sorted(set(facts["side"])))


def _fix(j: Judgement, m: Mention) -> str:
    """What to change, in one line."""
    if j.verdict == "supported":
        return ""
    first = j.matched.iloc[0] if len(j.matched) else None
    if j.verdict == "disputed":
        return (f"sources disagree on '{m.text}': say who gives it ('{first['claimant'] or first['publisher']} "
                f"said ...') and when, or give both figures")
    if j.verdict == "overstated":
        words = (first["claim"] if m.type == "number"
                 else _fact_days(first["low"], first["high"], first.get("qualifier", "")))
        return f"'{m.text}' says more than the source: write '{words}' as {first['source_id']} does"
    if j.verdict == "contradicted" and j.note.startswith(DERIVED_NOTE):
        return f"'{m.text}' does not follow from the sentence's figures: {first['claim']}"
    if j.wrong_side:  # the number may be right: name the side the sources give it for
        return (f"'{m.text}' is given for the wrong side: the sources give it for {_sides(j.matched)}, not "
                f"{j.wrong_side}")
    if j.verdict == "contradicted":
        words = (first["claim"] if m.type == "number" and "claim" in first
                 else _fact_days(first["low"], first["high"], first.get("qualifier", "")) if m.type == "date"
                 else str(first.get("time", "")))
        return f"'{m.text}' is wrong by the data: {first['source_id']} says {words}"
    if j.note.startswith("not claimed by"):
        return f"'{m.text}': attribute it to whoever did claim it ({j.note.split('; claimed by ', 1)[-1]})"
    if "; the data has " in j.note:  # the number is there for something else: say what it counts, don't add it
        elsewhere = j.note.split("; the data has ", 1)[1].split(" as ", 1)[1].rsplit(": if that is", 1)[0]
        return f"'{m.text}': the data gives this number as {elsewhere}; if that is it, say what it counts as they do"
    # Nothing matched: the figure may be in the data in words the checker did not tie to the sentence, so say what
    # was looked for rather than that no source says it.
    return (f"'{m.text}': nothing in the data was matched to it; check it against its source, then cite it (add it "
            "to the data) or remove it")


def _fact_days(low: float, high: float, qualifier: object = "") -> str:
    """A dated fact's days in its source's terms: "before 20 November 2020" stays that, not "by 19 November"."""
    if qualifier == "before" and np.isinf(low) and not np.isinf(high):
        return "before " + dates.format_date(pd.Timestamp.fromordinal(int(high) + 1), "day")
    return _day_range(low, high)


def _day_range(low: float, high: float) -> str:
    def day(x: float) -> str:
        return dates.format_date(pd.Timestamp.fromordinal(int(x)), "day")

    if low == high:
        return day(low)
    if np.isinf(low):
        return f"by {day(high)}" if not np.isinf(high) else "undated"
    return f"since {day(low)}" if np.isinf(high) else f"{day(low)} to {day(high)}"


# ============================================================================================== reports


REPORT_FORMATS = ["table", "csv", "markdown"]


def failed(report: pd.DataFrame, allow_disputed: bool = False) -> pd.Series:
    """Which rows make the brief fail: every verdict but supported (and disputed, if allowed)."""
    passing = ["supported", "disputed"] if allow_disputed else ["supported"]
    return ~report["verdict"].isin(passing)


def tally(report: pd.DataFrame) -> str:
    """How many numbers and dates got each verdict, on one line."""
    counts = report["verdict"].value_counts().reindex(VERDICTS, fill_value=0)
    return ", ".join(f"{n} {v}" for v, n in counts.items())


def problems(report: pd.DataFrame) -> str:
    """One line per flagged number or date: where, and what to change."""
    flagged = report[report["verdict"] != "supported"]
    return "\n".join(f"line {r.line}, column {r.column}: {r.verdict}: {r.fix}" for r in flagged.itertuples())


def format_table(report: pd.DataFrame) -> str:
    """The check as a plain-text table, each row's note in full below it (keyed by line:column), the problems
    one line each with what to change, and a tally."""
    if report.empty:
        return "No numbers or dates found."
    where = report["line"].astype(str) + ":" + report["column"].astype(str)
    table = report.assign(where=where)[["where", "verdict", "text", "reading", "sources"]].to_string(index=False)
    noted = report["note"].astype(str) != ""
    notes = ("\n\nNotes:\n" + "\n".join(where[noted].str.ljust(where[noted].str.len().max()) + "  "
                                        + report.loc[noted, "note"].astype(str))) if noted.any() else ""
    todo = problems(report)
    todo = f"\n\nTo change:\n{todo}" if todo else ""
    return table + notes + todo + "\n\n" + tally(report)


def format_report(report: pd.DataFrame, fmt: str = "table") -> str:
    """The check in one of `REPORT_FORMATS`: `format_table`, or every column (`CHECK_COLUMNS`) with full cells as
    CSV or a Markdown table (the tally after it; CSV has none, so that it stays one table)."""
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {REPORT_FORMATS}")
    if fmt == "table":
        return format_table(report)
    if fmt == "csv":
        return report.to_csv(index=False, lineterminator="\n")
    cells = report[CHECK_COLUMNS].astype(str).apply(
        lambda c: c.str.replace("|", "\\|", regex=False).str.replace("\n", " ", regex=False))
    lines = ["| " + " | ".join(CHECK_COLUMNS) + " |", "|" + "---|" * len(CHECK_COLUMNS)]
    if len(cells):
        lines += ("| " + cells.agg(" | ".join, axis=1) + " |").tolist()
    return "\n".join(lines) + "\n\n" + tally(report) + "\n"
