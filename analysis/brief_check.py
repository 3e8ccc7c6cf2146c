"""Checking a brief: every number and date in it, judged against what the sources say.

Every number and date is read with the qualifier before it ("nearly 2,000", "by 12 December 2020") into bounds,
and compared with the figures and events whose words surround it:

    supported     some source's claim implies the brief's (the brief's range contains the source's range)
    overstated    the brief gives the source's number, or an overlapping one, more strongly or precisely
                  ("5,600 dead" where the source says "more than 5,600"; "on 11 December" for an event the
                  source only says was reported on, or happened by, 11 December)
    contradicted  the figures or events the words point to all exclude the brief's number or date, or a
                  day-precision account of the same event excludes the brief's date
    unsupported   nothing in the data counts or dates what the brief states, the sentence names nothing in the
                  data, or the brief names a claimant (an actor or publisher) who made no such claim

Which figures: a time unit ("44-day", "six weeks") picks durations in that unit, ranked by the words they share
with the sentence (numbers, their units and qualifiers are compared by value, never as words, so "at least five
years" is no closer to "five years" than "5 years" is); accounts of the same occurrence one word short of the best
are kept too, so every source's figure for it can support the brief. Otherwise `QUANTITY_WORDS` near the number
(dead, wounded, missing, peacekeepers, soldiers...) pick the quantity, and side words (Armenian, both sides...) and
population words (soldiers, civilians) must agree too. A count of people with neither side nor population words is
a total ("3,000 people were killed"), so it is compared with the both-sides figures (those of the whole population
first), never with one side's. Vague plurals are read by `VAGUE_AMOUNTS`: "hundreds" as 200 to 999 and "thousands"
as 2,000 to 9,999 (a single hundred or thousand is "a hundred"; "dozens" and "tens of thousands" are the data's own
qualifiers).

Which events: those sharing the most words with the sentence (kind, title, places, actors, claimant), plus
sources' publication dates, and the as-of dates of the figures a number in the same sentence points at ("as of 12
December, more than 5,600 had died"; never "it lasted 45 days, starting on 28 September", whose date is the
start's); a sentence sharing no word with any of them is unsupported. "As of D" reads as "by D".
An event's date is the window `timeline.account_windows` gives it: an event known only from a report on D, or as
happening by D, may have happened on any day up to D. Where the brief says it was reported ("reported",
"announced", "statement" near the date) the date is compared with when it was reported instead.

Who said it: an actor (name or alias) or a publisher the sentence attributes a claim to ("the Russian Defence
Ministry said", "according to Meduza") must be the claimant or publisher of a fact that supports it.

Ignored: footnote definitions and markers, citations, links, code, list numbering, everything under a
Sources/References/Bibliography/Notes heading, and numbers in headings that count nothing ("## 2. The war").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import citations, dates, quantities, schema, statistics, timeline
from analysis.loading import Dataset

VERDICTS = ["supported", "overstated", "contradicted", "unsupported"]
CHECK_COLUMNS = ["line", "column", "text", "type", "reading", "verdict", "matched", "sources", "note"]

# Words that say what a number counts, strongest first: "2,783 soldiers were killed" counts deaths.
QUANTITY_WORDS: dict[str, list[str]] = {
    "deaths": ["dead", "killed", "deaths", "death", "died", "die", "fatalities", "lives", "toll", "lost"],
    "wounded": ["wounded", "injured", "injuries", "injury"],
    "missing": ["missing", "whereabouts"],
    "displaced": ["displaced", "refugees", "fled"],
    "bodies_unidentified": ["bodies", "unidentified"],
    "peacekeepers": ["peacekeepers", "peacekeeper", "peacekeeping"],
    "armoured_vehicles": ["armoured", "armored", "carriers"],
    "motor_vehicles": ["motor", "automobile"],
    "military_vehicles": ["vehicles", "vehicle"],
    "settlements": ["villages", "village", "settlements", "settlement"],
    "troops": ["soldiers", "troops", "servicemen", "fighters", "personnel", "forces"],
}
SIDE_WORDS: dict[str, list[str]] = {
    "armenia": ["armenian", "armenia", "armenia's", "artsakh", "karabakh's"],
    "azerbaijan": ["azerbaijani", "azerbaijan", "azerbaijan's"],
    "russia": ["russian", "russia", "russia's"],
    "turkey": ["turkish", "turkey"],
}
POPULATION_WORDS: dict[str, list[str]] = {
    "military": ["soldiers", "troops", "servicemen", "fighters", "military", "personnel", "forces"],
    "civilian": ["civilians", "civilian"],
    "foreign_fighters": ["mercenaries", "syrian"],
}
# Vague plurals the data's qualifiers do not cover, as the checker reads them. Deliberately not in
# `quantities.QUALIFIER_RULES` (the data's vocabulary): no source figure is stored as "hundreds". "Hundreds"
# starts at two hundred as "dozens" starts at two dozen; each ends below the next order of magnitude.
VAGUE_AMOUNTS: dict[str, tuple[float, float]] = {
    "hundreds of thousands": (200_000, 999_999),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
}
# Words near a date that say the brief dates a report, not the event reported. Not "said" or "according to":
# "according to the ministry, a violation occurred on 11 December" still dates the violation.
REPORT_WORDS = frozenset({"reported", "report", "reports", "reporting", "announced", "announcement", "statement"})
# Verbs that attribute a claim to the actor or publisher named just before them ("the ministry said").
_ATTRIBUTION_VERBS = (r"(?:has\s+|had\s+|have\s+)?(?:said|says|say|reported|reports|claimed|claims|announced|"
                      r"stated|states|told|confirmed|confirms|counted|counts|estimated|estimates|put)")
# Words that mean the same thing when matching a sentence to an event or a duration.
SYNONYMS = {"fighting": "war", "hostilities": "war", "conflict": "war", "began": "start", "broke": "start",
            "started": "start", "begins": "start", "begin": "start", "beginning": "start", "starting": "start",
            "starts": "start", "ended": "end", "ceasefire": "truce", "violated": "violation",
            "violating": "violation", "deal": "agreement", "signed": "agreement", "deployed": "deployment",
            "deploy": "deployment", "deploys": "deployment", "killed": "deaths", "dead": "deaths",
            "died": "deaths", "returned": "handover", "handed": "handover", "return": "handover",
            "peacekeeping": "peacekeepers", "peacekeeper": "peacekeepers"}
_STOPWORD_TEXT = """the a an and or of in on at by to for from with was were is are be been had has have that this
which who its their his her as into after before since until than more less over under about nearly some said says
also other another both side sides people reported according early mid late january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday sunday"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())  # month and day names too: dates are compared by value, not words
PEOPLE_COUNTS = {"deaths", "wounded", "missing", "displaced"}  # the quantities whose population words can pick
DATE_PREPOSITIONS = {"by": "by", "until": "by", "before": "before", "after": "after", "since": "since"}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_COUNT_NOUNS = r"(?:people|soldiers|troops|servicemen|peacekeepers|civilians|fighters|vehicles|villages|dead)"
DATE_PATTERNS = [  # most specific first; a text span is read by the first pattern that matches it
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}\.\d{1,2}\.\d{4}\b",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?(?![\w])",
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?![\w])",
    rf"\b(?i:early|mid|late)[-\s]{_MONTH}(?:\s+\d{{4}})?(?![\w])",
    rf"\b{_MONTH}(?:\s+\d{{4}})?(?![\w])",
    r"\b(?:the\s+)?\d{3}0s\b",
    # A bare year, unless it counts something ("1960 servicemen").
    rf"\b(?:1[89]\d\d|20\d\d)\b(?![-,.]?\d)(?!\s+{_COUNT_NOUNS})",
]

_QUALIFIERS = "|".join(re.escape(q) for q in sorted(quantities.QUALIFIER_SYNONYMS, key=len, reverse=True))
_SMALL = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_PHRASES = "|".join(re.escape(p) for p in sorted(quantities.NUMBER_PHRASES, key=len, reverse=True))
_VAGUE = "|".join(re.escape(p) for p in sorted(VAGUE_AMOUNTS, key=len, reverse=True))
NUMBER_PATTERN = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIERS})\s+)?"
    rf"(?P<number>(?:{_PHRASES})\b|dozens\b|tens of thousands\b|(?:{_VAGUE})\b|decades\b(?:-long\b)?"
    rf"|(?<![\w.,-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\w]|[.,]\d)"
    rf"|\b(?:{_SMALL})(?:[\s-]+(?:and[\s-]+)?(?:{_SMALL}|hundred|thousand|million))*\b(?:[\s-]+(?:hundred|thousand|million)\b)?)"
    rf"(?P<unit>[\s-](?:days?|weeks?|months?|years?)\b(?:-long\b)?)?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n\s*\n")
_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}\s[^\n]*$")
_WORD = re.compile(r"[a-z][a-z']*")


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
    ]
    for pattern in patterns:
        text = re.sub(pattern, blank, text, flags=re.DOTALL if pattern.startswith(r"\A") else 0)
    # A reference list states no claims: blank from its heading to the next heading of the same level or above.
    return re.sub(r"(?ims)^#{1,6}\s*(sources|references|bibliography|notes)\s*$.*?(?=^#{1,6}\s|\Z)", blank, text)


# ---------------------------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    """A number or date found in a brief: where, the words as written, and the range they allow."""

    start: int
    end: int
    text: str
    type: str  # "number" or "date"
    low: float  # -inf / inf for open ends; for dates, the day's proleptic ordinal (date.toordinal)
    high: float
    low_strict: bool
    high_strict: bool
    reading: str
    value: float | None = None
    unit: str = ""


def find_mentions(text: str, reference: pd.Timestamp) -> list[Mention]:
    """Every date, then every number outside the dates, in a masked brief, in reading order."""
    found: list[Mention] = []
    taken = np.zeros(len(text) + 1, dtype=bool)
    for pattern in DATE_PATTERNS:
        for match in re.finditer(pattern, text):
            if taken[match.start():match.end()].any():
                continue
            try:
                # "Dec. 11" -> "Dec 11"; a year-less date is the latest such day by the reference date.
                interval = dates.resolve_expression(re.sub(r"(?<=[A-Za-z])\.", "", match[0]), reference)
            except ValueError:
                continue
            taken[match.start():match.end()] = True
            found.append(_date_mention(text, match, interval))
    for match in NUMBER_PATTERN.finditer(text):
        if taken[match.start("number"):match.end("number")].any():
            continue
        number, unit = match["number"].lower(), (match["unit"] or "")
        if number == "one" and not unit:  # "one of", "one attack": a pronoun or article, rarely a claim
            continue
        if re.sub(r"\s+", " ", number) in VAGUE_AMOUNTS:
            found.append(_vague_mention(match))
            continue
        try:
            quantity = quantities.parse_quantity(match[0])
        except ValueError:
            continue
        found.append(Mention(match.start(), match.end(), match[0], "number",
                             -np.inf if quantity.low is None else quantity.low,
                             np.inf if quantity.high is None else quantity.high,
                             quantity.low_strict, quantity.high_strict, quantity.to_words(with_unit=True),
                             quantity.value, quantity.unit))
    return sorted(found, key=lambda m: m.start)


def _vague_mention(match: re.Match) -> Mention:
    """ "Thousands of civilians": the range `VAGUE_AMOUNTS` gives, whatever qualifier precedes it ("some")."""
    words = re.sub(r"\s+", " ", match["number"].lower())
    low, high = VAGUE_AMOUNTS[words]
    return Mention(match.start("number"), match.end("number"), match["number"], "number", low, high, False, False,
                   f"{words} (read as {low:,.0f} to {high:,.0f})")


def _date_mention(text: str, match: re.Match, interval: dates.DateInterval) -> Mention:
    before = re.findall(r"[A-Za-z]+", text[max(0, match.start() - 12):match.start()])
    relation = DATE_PREPOSITIONS.get(before[-1].lower(), "on") if before else "on"
    if [w.lower() for w in before[-2:]] == ["as", "of"]:  # "as of 12 December": a count up to that day
        relation = "by"
    low, high = _day(interval.earliest), _day(interval.latest)
    low, high = {"by": (-np.inf, high), "before": (-np.inf, low - 1), "after": (high + 1, np.inf),
                 "since": (low, np.inf)}.get(relation, (low, high))
    reading = str(interval) if relation == "on" else f"{relation} {interval}"
    return Mention(match.start(), match.end(), match[0], "date", low, high, False, False, reading)


def _day(ts: pd.Timestamp) -> float:
    return float(pd.Timestamp(ts).toordinal())


_EPOCH_ORDINAL = pd.Timestamp("1970-01-01").toordinal()


def _days(stamps: pd.Series) -> pd.Series:
    """Timestamps as day ordinals (like `_day`), the timeline's open ends as -inf / inf."""
    days = ((stamps.dt.normalize() - pd.Timestamp("1970-01-01")).dt.days + _EPOCH_ORDINAL).astype(float)
    return days.mask(stamps <= timeline.OPEN_START, -np.inf).mask(stamps >= timeline.OPEN_END, np.inf)


# ---------------------------------------------------------------------------------------------- facts


def number_facts(data: Dataset) -> pd.DataFrame:
    """Every figure as bounds (open = ±inf) with strictness, its words, claimant and the words around it."""
    f = statistics.figures_with_bounds(data).reindex(data.figures.index)
    out = pd.DataFrame({
        "fact_id": f.index, "source_id": f["source_id"].astype(str),
        "quantity": f["quantity"].astype(str), "side": f["side"].astype(str),
        "population": f["population"].astype("string").fillna(""), "unit": f["unit"].astype(str),
        "low": f["low"].astype(float).fillna(-np.inf), "high": f["high"].astype(float).fillna(np.inf),
        "low_strict": f["low_strict"], "high_strict": f["high_strict"],
        "value": f["value"].astype(float),
        "claim": f["words"],
        "claimant_id": f["claimant_id"].astype(object), "claimant": f["claimant"], "publisher": f["publisher"],
        "occurrence": f["event_id"].map(data.events["occurrence_id"]).astype(object),
    }, index=f.index)
    event_titles = f["event_id"].map(data.events["title"]).fillna("")
    # Numbers and their units and qualifiers are compared by value, never as words: "at least five years" must not
    # make one source's figure a better match for "five years" than another's "5 years".
    out["text"] = (f["scope"].fillna("") + " " + f["value_text"] + " " + event_titles).str.replace(
        NUMBER_PATTERN, " ", regex=True)
    return out


def date_facts(data: Dataset) -> pd.DataFrame:
    """Every dated thing as a range of days: events, figures' as-of dates and publications.

    `low`/`high` are the days on which the thing may have happened; `report_low`/`report_high` the days on
    which it was reported (the same, except for what is only known from a report).
    """
    tl = timeline.build_timeline(data).reindex(data.events.index)
    happened = timeline.account_windows(tl)
    # The report's own window: the same shared rule, read as if the report date were the event's.
    reported = timeline.account_windows(tl.assign(date_refers_to="occurrence"))
    actor_words, place_words = _words_by_id(data.actors), _words_by_id(data.places)
    claimants = tl["claimant_id"].map(actor_words).fillna("")
    actors, places = _names(tl["actor_ids"], actor_words), _names(tl["place_ids"], place_words)
    events = pd.DataFrame({
        "table": "events", "fact_id": tl.index, "source_id": tl["source_id"].astype(str),
        "occurrence": tl["occurrence_id"].astype(object), "precision": tl["date_precision"].astype(str),
        "low": _days(happened["window_start"]), "high": _days(happened["window_end"]),
        "report_low": _days(reported["window_start"]), "report_high": _days(reported["window_end"]),
        "claimant_id": tl["claimant_id"].astype(object), "claimant": tl["claimant"], "publisher": tl["publisher"],
        "text": tl["kind"].astype(str).str.replace("_", " ") + " " + tl["title"] + " " + places + " " + actors
        + " " + claimants,
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
        "occurrence": event.map(tl["occurrence_id"]).astype(object), "precision": "day",
        "low": as_of.where(on_event_day, -np.inf), "high": as_of,
        "report_low": as_of.where(~up_to, -np.inf), "report_high": as_of,
        "claimant_id": f["claimant_id"].astype(object), "claimant": f["claimant"], "publisher": f["publisher"],
        "text": f["quantity"].astype(str).map(lambda q: " ".join(QUANTITY_WORDS.get(q, [q])))
        + " " + f["scope"].fillna(""),
    })
    s = data.sources[data.sources["date_published"].notna()]
    published = _days(s["date_published"])
    sources = pd.DataFrame({
        "table": "sources", "fact_id": s.index, "source_id": s.index, "occurrence": None, "precision": "day",
        "low": published, "high": published, "report_low": published, "report_high": published,
        "claimant_id": None, "claimant": s["publisher"].astype(str), "publisher": s["publisher"].astype(str),
        "text": "published " + s["publisher"],
    })
    # Dates are whole days, so every bound is inclusive.
    return pd.concat([events, figures, sources], ignore_index=True).assign(low_strict=False, high_strict=False)


def _words_by_id(table: pd.DataFrame) -> pd.Series:
    """Name and aliases of each actor or place, by id."""
    return table["name"] + " " + table["aliases"].fillna("").str.replace("|", " ", regex=False)


def _names(id_lists: pd.Series, words: pd.Series) -> pd.Series:
    """For each '|'-separated list of ids, the words of all of them joined ('' for none)."""
    exploded = id_lists.fillna("").str.split("|").explode()
    joined = exploded.map(words).dropna().groupby(level=0).agg(" ".join)
    return joined.reindex(id_lists.index, fill_value="")


def words_of(text: str) -> set[str]:
    """Content words, lower case, synonyms folded, so a sentence and a row can be compared."""
    found = {w.strip("'") for w in _WORD.findall(text.lower().replace("’", "'"))}
    found = {w[:-2] if w.endswith("'s") else w for w in found}
    return {SYNONYMS.get(w, w) for w in found if len(w) > 2 and w not in STOPWORDS}


def _word_table(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (fact, word), so scoring a sentence against every fact is one isin and a groupby."""
    table = pd.DataFrame({"fact": facts.index, "word": facts["text"].map(lambda t: sorted(words_of(t)))})
    return table.explode("word").dropna()


def _scores(word_table: pd.DataFrame, context: set[str], index: pd.Index) -> pd.Series:
    hits = word_table[word_table["word"].isin(context)]
    return hits.groupby("fact").size().reindex(index, fill_value=0)


# ---------------------------------------------------------------------------------------------- claimants


def _claimant_pattern(data: Dataset) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """A pattern for an actor or publisher a claim is attributed to, and each name's (kind, id) by lower case."""
    actors = data.actors
    names = (actors["name"] + "|" + actors["aliases"].fillna("")).str.split("|").explode()
    names = names[names.str.strip() != ""].str.strip()
    known = {name.lower(): ("actor", actor_id) for actor_id, name in names.items()}
    known |= {p.lower(): ("publisher", p) for p in data.sources["publisher"].dropna().astype(str)}
    name = "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True))
    pattern = re.compile(
        rf"\baccording\s+to\s+(?:the\s+)?(?P<a>{name})\b"
        rf"|\b(?P<b>{name})(?:'s)?\s+{_ATTRIBUTION_VERBS}\b"
        rf"|\b(?:said|says)\s+(?:the\s+)?(?P<c>{name})\b",
        re.IGNORECASE)
    return pattern, known


def _named_claimants(sentence_text: str, pattern: re.Pattern, known: dict[str, tuple[str, str]]) -> list[str]:
    """The actors and publishers the sentence says made a claim, as written."""
    found = [m["a"] or m["b"] or m["c"] for m in pattern.finditer(sentence_text)]
    return list(dict.fromkeys(" ".join(n.split()) for n in found if " ".join(n.split()).lower() in known))


def _by_named(matched: pd.DataFrame, named: list[str], known: dict[str, tuple[str, str]]) -> pd.Series:
    """Which facts were claimed by one of the named actors, or published by one of the named publishers."""
    keys = [known[n.lower()] for n in named]
    actor_ids = [i for kind, i in keys if kind == "actor"]
    publishers = [i for kind, i in keys if kind == "publisher"]
    return matched["claimant_id"].isin(actor_ids) | matched["publisher"].isin(publishers)


# ---------------------------------------------------------------------------------------------- comparison


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


def _window(text: str, m: Mention, before: int = 6, after: int = 8) -> tuple[set[str], str]:
    """Words just before and after a mention, within its sentence (and the sentence itself).

    A heading is a sentence of its own: it neither reaches into the text below nor takes words from it.
    """
    start, end = _sentence(text, m)
    sentence_text = text[start:end]
    following = text[m.end:end]
    following = NUMBER_PATTERN.split(following, maxsplit=1)[0] if NUMBER_PATTERN.search(following) else following
    near = (_WORD.findall(text[start:m.start].lower().replace("’", "'"))[-before:]
            + _WORD.findall(following.lower().replace("’", "'"))[:after])
    return set(near), sentence_text


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


def _in_heading(text: str, m: Mention) -> bool:
    line_start = text.rfind("\n", 0, m.start) + 1
    return _HEADING.match(text, line_start) is not None


def _detect(near: set[str], vocabulary: dict[str, list[str]]) -> list[str]:
    return [key for key, words in vocabulary.items() if near & set(words)]


def _number_candidates(m: Mention, near: set[str], sentence_text: str, facts: pd.DataFrame,
                       word_table: pd.DataFrame) -> tuple[pd.DataFrame, str, bool]:
    """The figures a number may be compared with, why, and whether they were named precisely enough to
    contradict it."""
    if m.unit in quantities.TIME_UNITS:
        durations = facts[(facts["quantity"] == "duration") & (facts["unit"] == m.unit)]
        # The sentence's words without its numbers, as the figures' words are kept (see `number_facts`).
        scores = _scores(word_table, words_of(NUMBER_PATTERN.sub(" ", sentence_text)), durations.index)
        chosen = _best_matches(durations, scores)
        return (chosen, f"duration in {m.unit}", True) if len(chosen) else (durations, f"duration in {m.unit}", False)
    counted = _detect(near, QUANTITY_WORDS)
    if not counted:
        return facts.iloc[0:0], "", False
    quantity = counted[0]
    if quantity == "military_vehicles" and not near & {"military"}:
        chosen = facts[facts["quantity"].str.endswith("_vehicles")]  # plain "vehicles" may be any kind
    else:
        chosen = facts[facts["quantity"] == quantity]
    what = quantity.replace("_", " ")
    sides = ["both"] if {"both", "sides"} <= near else _detect(near, SIDE_WORDS)
    populations = _detect(near, POPULATION_WORDS) if quantity in PEOPLE_COUNTS else []
    if quantity in PEOPLE_COUNTS and not sides and not populations:
        # "3,000 people were killed" is a total: one side's figure, or one population's, is only a part of it.
        chosen = chosen[chosen["side"] == "both"]
        whole = chosen[chosen["population"].isin(["all", ""])]
        chosen, what = (whole if len(whole) else chosen), f"{what}, both sides"
    if len(sides) == 1:
        chosen, what = chosen[chosen["side"] == sides[0]], f"{what}, side {sides[0]}"
    if len(populations) == 1:
        chosen, what = chosen[chosen["population"] == populations[0]], f"{what}, {populations[0]}"
    return chosen[~chosen["unit"].isin(quantities.TIME_UNITS)], what, True


def _judge(m: Mention, candidates: pd.DataFrame, pointed: bool) -> tuple[str, pd.DataFrame]:
    """The verdict and the facts behind it."""
    if candidates.empty:
        return "unsupported", candidates
    supporting = candidates[contains(m, candidates)]
    if len(supporting):
        return "supported", supporting
    # "5,600" for "more than 5,600", or "over six weeks" for "six weeks", shares no value with the source's range
    # but gives the source's own number more strongly: overstated, not contradicted.
    same_number = candidates["value"].eq(m.value) if "value" in candidates and m.value is not None else None
    if same_number is not None and same_number.any():
        return "overstated", candidates[same_number]
    overlapping = overlaps(m, candidates)
    if overlapping.any():
        return "overstated", candidates[overlapping]
    return ("contradicted" if pointed else "unsupported"), candidates


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


def _day_precise_contradiction(m: Mention, matched: pd.DataFrame, when: pd.DataFrame) -> pd.DataFrame:
    """Day-precision accounts of the occurrences `matched` dates that exclude the brief's date: where a source
    gives the day, a date the coarser accounts allow is still the wrong day."""
    # Only events are accounts of an occurrence: a figure's as-of date is not the date of the event it belongs to.
    occurrences = set(matched.loc[matched["table"] == "events", "occurrence"])
    accounts = when[(when["table"] == "events") & when["occurrence"].isin(occurrences) & (when["precision"] == "day")]
    return accounts[~overlaps(m, accounts)]


def _disagreement(facts: pd.DataFrame, matched: pd.DataFrame) -> str:
    """Other claims about the same measure (quantity, side, population, unit and occurrence) by any source."""
    if matched.empty or "claim" not in matched:
        return ""
    keys = ["quantity", "side", "population", "unit"]
    same = facts.merge(matched[keys].drop_duplicates(), on=keys).set_index("fact_id", drop=False)
    occurrences = set(matched["occurrence"].dropna())
    same = same[same["occurrence"].isna() | same["occurrence"].isin(occurrences) | (not occurrences)]
    claims = same.groupby(["claim", "low", "high"], sort=True)["source_id"].agg(
        lambda s: ", ".join(sorted(set(s))))
    if len(claims) < 2:
        return ""
    lows, highs = claims.index.get_level_values("low"), claims.index.get_level_values("high")
    # Claims that cannot all be true differ; claims that overlap differ only in how precisely they are put.
    lead = "sources differ" if lows.max() > highs.min() else "sources differ in wording"
    return f"{lead}: " + "; ".join(f"{claim} ({who})" for (claim, _, _), who in claims.items())


def check_brief(text: str, data: Dataset) -> pd.DataFrame:
    """One row per number or date in a brief (columns `CHECK_COLUMNS`), judged against every source's data."""
    masked = mask(text)
    reference = max(data.events["start_date"].max(), data.sources["date_published"].max())
    numbers, when = number_facts(data), date_facts(data)
    number_words, date_words = _word_table(numbers), _word_table(when)
    claimant_pattern, known = _claimant_pattern(data)
    line_starts = np.array([0] + [i + 1 for i, c in enumerate(text) if c == "\n"])
    mentions = find_mentions(masked, reference)
    # The figures each sentence's numbers point at: a figure's as-of date can only be what a date in the same
    # sentence is about ("by 12 December more than 5,600 had died"), never a date the sentence gives for
    # something else ("it lasted 45 days, starting on 28 September").
    counted: dict[tuple[int, int], tuple] = {}
    pointed_figures: dict[tuple[int, int], set[str]] = {}
    for m in mentions:
        if m.type == "number":
            near, sentence_text = _window(masked, m)
            # A heading's number is a section or list number unless it says what it counts ("## 44 days").
            if _in_heading(masked, m) and not m.unit and not _detect(near, QUANTITY_WORDS):
                continue
            candidates, what, pointed = _number_candidates(m, near, sentence_text, numbers, number_words)
            counted[(m.start, m.end)] = candidates, what, pointed
            if pointed:
                pointed_figures.setdefault(_sentence(masked, m), set()).update(candidates.index)
    rows = []
    for m in mentions:
        near, sentence_text = _window(masked, m)
        if m.type == "number":
            if (m.start, m.end) not in counted:
                continue
            candidates, what, pointed = counted[(m.start, m.end)]
            verdict, matched = _judge(m, candidates, pointed)
            note = _disagreement(numbers, matched) if verdict == "supported" else _why(verdict, what, matched)
            reading = f"{m.reading} ({what})" if what else m.reading
        else:
            # A brief that says the event was reported dates the report; otherwise it dates the event. The verb
            # may stand further from the date than a quantity word from its number ("reported X in Y on D").
            reported = _window(masked, m, before=12)[0] & REPORT_WORDS
            dated = when.assign(low=when["report_low"], high=when["report_high"]) if reported else when
            about = pointed_figures.get(_sentence(masked, m), set())
            dated = dated[(dated["table"] != "figures") | dated["fact_id"].isin(about)]
            scores = _scores(date_words, words_of(sentence_text), dated.index)
            candidates = _best_matches(dated, scores)
            verdict, matched = _judge(m, candidates, not candidates.empty)
            if verdict == "overstated":
                wrong_day = _day_precise_contradiction(m, matched, dated)
                if len(wrong_day):
                    verdict, matched = "contradicted", wrong_day
            note = "" if verdict == "supported" else _why(verdict, "events", matched, dated=True)
            reading = m.reading
        named = _named_claimants(sentence_text, claimant_pattern, known)
        if named and verdict in ("supported", "overstated"):
            own = _by_named(matched, named, known)
            if own.any():
                matched = matched[own]
            else:
                verdict, note = "unsupported", _not_their_claim(named, matched)
        line = int(np.searchsorted(line_starts, m.start, side="right"))
        rows.append({
            "line": line, "column": m.start - int(line_starts[line - 1]) + 1, "text": m.text, "type": m.type,
            "reading": reading, "verdict": verdict,
            "matched": "" if verdict == "unsupported" else ", ".join(matched["fact_id"].astype(str)),
            "sources": "" if verdict == "unsupported" else ", ".join(dict.fromkeys(matched["source_id"])),
            "note": note,
        })
    return pd.DataFrame(rows, columns=CHECK_COLUMNS).astype({"line": "int64", "column": "int64"})


def _not_their_claim(named: list[str], matched: pd.DataFrame) -> str:
    """Who made the claim the brief attributes to someone else."""
    who = matched.groupby("claimant", sort=True)["fact_id"].agg(lambda ids: ", ".join(ids.astype(str)))
    return (f"not claimed by {' or '.join(named)} in the data; claimed by "
            + "; ".join(f"{claimant} ({ids})" for claimant, ids in who.items()))


def _why(verdict: str, what: str, matched: pd.DataFrame, dated: bool = False) -> str:
    if verdict == "unsupported":
        if not what:
            return "no quantity words nearby (dead, wounded, peacekeepers, soldiers, days...)"
        if dated:  # a dated sentence that names anything is judged against it, so it named nothing
            return "the sentence names nothing in the data"
        return f"no figure or event in the data for {what}"
    if dated:
        shown = [f"{r.fact_id}: {_day_range(r.low, r.high)}" for r in matched.head(5).itertuples()]
    else:
        shown = [f"{r.fact_id}: {r.claim}" for r in matched.head(5).itertuples()]
    if verdict == "overstated":
        return "the source says " + "; ".join(shown)
    if dated and matched["table"].eq("events").all() and matched["precision"].eq("day").all():
        sources = ", ".join(dict.fromkeys(matched["source_id"]))
        return f"day-precision accounts ({sources}) say " + "; ".join(shown)
    return "the data says " + "; ".join(shown)


def _day_range(low: float, high: float) -> str:
    def day(x: float) -> str:
        return dates.format_date(pd.Timestamp.fromordinal(int(x)), "day")

    if low == high:
        return day(low)
    if np.isinf(low):
        return f"by {day(high)}" if not np.isinf(high) else "undated"
    return f"since {day(low)}" if np.isinf(high) else f"{day(low)} to {day(high)}"


REPORT_FORMATS = ["table", "csv", "markdown"]


def tally(report: pd.DataFrame) -> str:
    """How many numbers and dates got each verdict, on one line."""
    counts = report["verdict"].value_counts().reindex(VERDICTS, fill_value=0)
    return ", ".join(f"{n} {v}" for v, n in counts.items())


def format_table(report: pd.DataFrame) -> str:
    """The check as a plain-text table, each row's note in full below it (keyed by line:column), and a tally.

    Nothing is cut: the notes, which can be long ("sources differ: ..."), are listed under the table rather
    than squeezed into a column.
    """
    if report.empty:
        return "No numbers or dates found."
    where = report["line"].astype(str) + ":" + report["column"].astype(str)
    table = report.assign(where=where)[["where", "verdict", "text", "reading", "sources"]].to_string(index=False)
    noted = report["note"].astype(str) != ""
    notes = ("\n\nNotes:\n" + "\n".join(where[noted].str.ljust(where[noted].str.len().max()) + "  "
                                        + report.loc[noted, "note"].astype(str))) if noted.any() else ""
    return table + notes + "\n\n" + tally(report)


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
