"""Briefs: render a Jinja2 Markdown template with figures and events from the data, and check a brief's numbers.

Rendering: placeholders call the data by id and are filled with `citations` words and a citation:

    {{ figure("an-deaths-total") }}      a figure in words, cited     {{ amount("an-deaths-total") }}  "more than 5,600"
    {{ event("an-violation-hadrut") }}   an event in words, cited     {{ ref("an-parade") }}           the citation only
    {{ cite("an-parade") }}              either, in words, cited      {{ x | sentence }}               capital first

Footnotes (style "markdown"), a references block for pandoc, or a source list (style "plain") are appended.

Checking (`check_brief`): every number and date in a brief is read with the qualifier before it ("nearly
2,000", "by 12 December 2020") into bounds, and compared with the figures and events whose words surround it:

    supported     some source's claim implies the brief's (the brief's range contains the source's range)
    overstated    the brief gives the source's number, or an overlapping one, more strongly or precisely
                  ("5,600 dead" where the source says "more than 5,600"; "on 12 December" for "by 12 December")
    contradicted  the figures or events the words point to all exclude the brief's number or date
    unsupported   nothing in the data counts or dates what the brief states

Which figures: a time unit ("44-day", "six weeks") picks durations in that unit, ranked by the words they share
with the sentence; otherwise `QUANTITY_WORDS` near the number (dead, wounded, missing, peacekeepers, soldiers...)
pick the quantity, and side words (Armenian, both sides...) and population words (soldiers, civilians) must
agree too. Which events: those sharing the most words with the sentence (kind, title, places, actors, claimant),
plus figures' as-of dates and sources' publication dates. Ignored: footnote definitions and markers, citations,
links, code, list numbering, and everything under a Sources/References/Bibliography/Notes heading.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import atomic, citations, dates, quantities
from analysis.loading import Dataset, load, load_for_command

BRIEF_STYLES = ["markdown", "pandoc", "plain"]
SAMPLE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "sample_brief.md.j2"
VERDICTS = ["supported", "overstated", "contradicted", "unsupported"]
CHECK_COLUMNS = ["line", "column", "text", "type", "reading", "verdict", "matched", "sources", "note"]


class BriefError(ValueError):
    """A template that cannot be rendered; the message names the template, the line and the placeholder."""


# ============================================================================================== rendering


@dataclass
class _Renderer:
    """The functions a template calls; remembers the ids cited, in order, for the notes at the end."""

    data: Dataset
    style: str
    cited: list[str]

    def _check(self, identifier: str, table: str, placeholder: str) -> None:
        frame = getattr(self.data, table)
        if identifier not in frame.index:
            other = "events" if table == "figures" else "figures"
            if identifier in getattr(self.data, other).index:
                raise BriefError(f"{placeholder}: {identifier!r} is in {other}, not {table}; use "
                                 f"{'event' if other == 'events' else 'figure'}() or cite()")
            raise BriefError(f"{placeholder}: {citations.unknown_id(identifier, self.data)}")

    def cite(self, identifier: str) -> str:
        if identifier not in self.data.figures.index and identifier not in self.data.events.index:
            raise BriefError(f'cite("{identifier}"): {citations.unknown_id(identifier, self.data)}')
        self.cited.append(identifier)
        return citations.cite(identifier, self.style, self.data)

    def figure(self, identifier: str) -> str:
        self._check(identifier, "figures", f'figure("{identifier}")')
        return self.cite(identifier)

    def event(self, identifier: str) -> str:
        self._check(identifier, "events", f'event("{identifier}")')
        return self.cite(identifier)

    def amount(self, identifier: str) -> str:
        self._check(identifier, "figures", f'amount("{identifier}")')
        return citations.amount_words(self.data.figures.loc[identifier])

    def ref(self, identifier: str) -> str:
        """The citation alone: a footnote marker, a pandoc key or "(Publisher, date)"."""
        try:
            row = citations.row_of(identifier, self.data)
        except citations.UnknownIdError as error:
            raise BriefError(f'ref("{identifier}"): {error}') from None
        self.cited.append(identifier)
        if self.style == "markdown":
            return f"[^{identifier}]"
        if self.style == "pandoc":
            return f"[@{row['source_id']}]"
        source = self.data.sources.loc[row["source_id"]]
        return f"({source['publisher']}, {citations.published(source)})"

    def notes(self) -> str:
        """What follows the brief: footnote definitions, a pandoc references block or a source list."""
        if not self.cited:
            return ""
        if self.style == "markdown":
            return "\n" + citations.footnotes(self.cited, self.data) + "\n"
        if self.style == "pandoc":
            return "\n## References\n\n::: {#refs}\n:::\n"
        source_ids = dict.fromkeys(citations.row_of(i, self.data)["source_id"] for i in self.cited)
        return "\n## Sources\n\n" + "\n".join(f"- {citations.reference(s, self.data)}" for s in source_ids) + "\n"


def sentence(text: str) -> str:
    """The first letter in capitals, the rest untouched (Jinja's `capitalize` would lower the rest)."""
    return text[:1].upper() + text[1:]


def render_brief(template_path: Path | str, data: Dataset | None = None, style: str = "markdown") -> str:
    """Render a brief template (Jinja2, StrictUndefined) with the data, notes appended. Deterministic.

    Raises BriefError naming the template, the line and the placeholder of an unknown id or undefined name.
    """
    import jinja2  # here, not at the top: `cite` imports this module's neighbours and must stay light

    if style not in BRIEF_STYLES:
        raise ValueError(f"unknown brief style {style!r}; expected one of {BRIEF_STYLES}")
    template_path = Path(template_path)
    data = load() if data is None else data
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_path.parent), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters["sentence"] = sentence
    renderer = _Renderer(data, style, [])
    env.globals.update(figure=renderer.figure, event=renderer.event, cite=renderer.cite, amount=renderer.amount,
                       ref=renderer.ref)
    try:
        template = env.get_template(template_path.name)
        body = template.render()
    except jinja2.TemplateSyntaxError as error:
        raise BriefError(f"{template_path}, line {error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound:
        raise BriefError(f"{template_path}: no such template") from None
    except (BriefError, jinja2.UndefinedError, citations.UnknownIdError) as error:
        line = _template_line(error, template.filename)
        text = template_path.read_text(encoding="utf-8").splitlines()
        where = f", line {line}: {text[line - 1].strip()}" if line and line <= len(text) else ""
        raise BriefError(f"{template_path}{where}\n  {error}") from None
    return body.rstrip("\n") + "\n" + renderer.notes()


def _template_line(error: BaseException, filename: str | None) -> int | None:
    """The template line an error was raised from: Jinja maps template frames to the template's lines."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    return frames[-1].lineno if frames else None


# ============================================================================================== checking

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
# Words that mean the same thing when matching a sentence to an event or a duration.
SYNONYMS = {"fighting": "war", "hostilities": "war", "conflict": "war", "began": "start", "broke": "start",
            "started": "start", "begins": "start", "ended": "end", "ceasefire": "truce", "violated": "violation",
            "violating": "violation", "deal": "agreement", "signed": "agreement", "deployed": "deployment",
            "deploy": "deployment", "deploys": "deployment", "killed": "deaths", "dead": "deaths",
            "died": "deaths", "returned": "handover", "handed": "handover", "return": "handover"}
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
NUMBER_PATTERN = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIERS})\s+)?"
    rf"(?P<number>(?:{_PHRASES})\b|dozens\b|tens of thousands\b|decades\b(?:-long\b)?"
    rf"|(?<![\w.,-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\w]|[.,]\d)"
    rf"|\b(?:{_SMALL})(?:[\s-]+(?:and[\s-]+)?(?:{_SMALL}|hundred|thousand|million))*\b(?:[\s-]+(?:hundred|thousand|million)\b)?)"
    rf"(?P<unit>[\s-](?:days?|weeks?|months?|years?)\b(?:-long\b)?)?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n\s*\n")
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


def _date_mention(text: str, match: re.Match, interval: dates.DateInterval) -> Mention:
    before = re.findall(r"[A-Za-z]+", text[max(0, match.start() - 12):match.start()])
    relation = DATE_PREPOSITIONS.get(before[-1].lower(), "on") if before else "on"
    low, high = _day(interval.earliest), _day(interval.latest)
    low, high = {"by": (-np.inf, high), "before": (-np.inf, low - 1), "after": (high + 1, np.inf),
                 "since": (low, np.inf)}.get(relation, (low, high))
    reading = str(interval) if relation == "on" else f"{relation} {interval}"
    return Mention(match.start(), match.end(), match[0], "date", low, high, False, False, reading)


def _day(ts: pd.Timestamp) -> float:
    return float(pd.Timestamp(ts).toordinal())


# ---------------------------------------------------------------------------------------------- facts


def number_facts(data: Dataset) -> pd.DataFrame:
    """Every figure as bounds (open = ±inf) with strictness and the words that describe it."""
    f = data.figures
    rules = f["qualifier"].astype(str).map(quantities.QUALIFIER_RULES)
    out = pd.DataFrame({
        "fact_id": f.index, "source_id": f["source_id"].astype(str),
        "quantity": f["quantity"].astype(str), "side": f["side"].astype(str),
        "population": f["population"].astype("string").fillna(""), "unit": f["unit"].astype(str),
        "low": f["low"].astype(float).fillna(-np.inf), "high": f["high"].astype(float).fillna(np.inf),
        "low_strict": rules.map(lambda r: r.low_strict).astype(bool),
        "high_strict": rules.map(lambda r: r.high_strict).astype(bool),
        "value": f["value"].astype(float),
        "claim": f.apply(citations.amount_words, axis=1),
        "occurrence": f["event_id"].map(data.events["occurrence_id"]).astype(object),
    }, index=f.index)
    event_titles = f["event_id"].map(data.events["title"]).fillna("")
    out["text"] = f["scope"].fillna("") + " " + f["value_text"] + " " + event_titles
    return out


def date_facts(data: Dataset) -> pd.DataFrame:
    """Every dated thing as a range of days: events (by their qualifier), figures' as-of dates, publications."""
    e = data.events
    bounds = dates.precision_bounds(e["start_date"], e["date_precision"].astype(str))
    ends = dates.precision_bounds(e["end_date"].fillna(e["start_date"]), e["date_precision"].astype(str))
    first = bounds["earliest"].map(_day)
    last = ends["latest"].map(_day)
    qualifier = e["date_qualifier"].astype(str)
    low = first.where(qualifier.isin(["on", "since"]), -np.inf).where(qualifier != "after", last + 1)
    high = last.where(qualifier.isin(["on", "by"]), np.inf).where(qualifier != "before", first - 1)
    actor_words, place_words = _words_by_id(data.actors), _words_by_id(data.places)
    claimants = e["claimant_id"].map(actor_words).fillna("")
    actors, places = _names(e["actor_ids"], actor_words), _names(e["place_ids"], place_words)
    events = pd.DataFrame({
        "fact_id": e.index, "source_id": e["source_id"].astype(str), "low": low, "high": high,
        "text": e["kind"].astype(str).str.replace("_", " ") + " " + e["title"] + " " + places + " " + actors
        + " " + claimants,
    })
    f = data.figures[data.figures["as_of"].notna()]
    as_of = f["as_of"].map(_day)
    by = f["as_of_basis"].isin(["publication", "period_end"])
    figures = pd.DataFrame({
        "fact_id": f.index, "source_id": f["source_id"].astype(str),
        "low": as_of.where(~by, -np.inf), "high": as_of,
        "text": f["quantity"].astype(str).map(lambda q: " ".join(QUANTITY_WORDS.get(q, [q])))
        + " " + f["scope"].fillna(""),
    })
    s = data.sources[data.sources["date_published"].notna()]
    sources = pd.DataFrame({
        "fact_id": s.index, "source_id": s.index, "low": s["date_published"].map(_day),
        "high": s["date_published"].map(_day), "text": "published " + s["publisher"],
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


# ---------------------------------------------------------------------------------------------- comparison


def _contains(m: Mention, f: pd.DataFrame) -> pd.Series:
    """Whether the brief's range contains each fact's range: the fact's claim implies the brief's."""
    low_ok = (f["low"] > m.low) | ((f["low"] == m.low) & (not m.low_strict or f["low_strict"]))
    high_ok = (f["high"] < m.high) | ((f["high"] == m.high) & (not m.high_strict or f["high_strict"]))
    return low_ok & high_ok


def _overlaps(m: Mention, f: pd.DataFrame) -> pd.Series:
    below = (f["high"] < m.low) | ((f["high"] == m.low) & (f["high_strict"] | m.low_strict))
    above = (f["low"] > m.high) | ((f["low"] == m.high) & (f["low_strict"] | m.high_strict))
    return ~below & ~above


def _window(text: str, m: Mention, before: int = 6, after: int = 8) -> tuple[set[str], str]:
    """Words just before and after a mention, within its sentence (and the sentence itself)."""
    start = max([s.end() for s in _SENTENCE_END.finditer(text, 0, m.start)] or [0])
    end_match = _SENTENCE_END.search(text, m.end)
    end = end_match.start() if end_match else len(text)
    sentence_text = text[start:end]
    following = text[m.end:end]
    following = NUMBER_PATTERN.split(following, maxsplit=1)[0] if NUMBER_PATTERN.search(following) else following
    near = (_WORD.findall(text[start:m.start].lower().replace("’", "'"))[-before:]
            + _WORD.findall(following.lower().replace("’", "'"))[:after])
    return set(near), sentence_text


def _detect(near: set[str], vocabulary: dict[str, list[str]]) -> list[str]:
    return [key for key, words in vocabulary.items() if near & set(words)]


def _number_candidates(m: Mention, near: set[str], sentence_text: str, facts: pd.DataFrame,
                       word_table: pd.DataFrame) -> tuple[pd.DataFrame, str, bool]:
    """The figures a number may be compared with, why, and whether they were named precisely enough to
    contradict it."""
    if m.unit in quantities.TIME_UNITS:
        durations = facts[(facts["quantity"] == "duration") & (facts["unit"] == m.unit)]
        scores = _scores(word_table, words_of(sentence_text), durations.index)
        best = scores.max() if len(scores) else 0
        chosen = durations[scores == best] if best > 0 else durations
        return chosen, f"duration in {m.unit}", best > 0
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
    if len(sides) == 1:
        chosen, what = chosen[chosen["side"] == sides[0]], f"{what}, side {sides[0]}"
    populations = _detect(near, POPULATION_WORDS) if quantity in PEOPLE_COUNTS else []
    if len(populations) == 1:
        chosen, what = chosen[chosen["population"] == populations[0]], f"{what}, {populations[0]}"
    return chosen[~chosen["unit"].isin(quantities.TIME_UNITS)], what, True


def _judge(m: Mention, candidates: pd.DataFrame, pointed: bool) -> tuple[str, pd.DataFrame]:
    """The verdict and the facts behind it."""
    if candidates.empty:
        return "unsupported", candidates
    supporting = candidates[_contains(m, candidates)]
    if len(supporting):
        return "supported", supporting
    same_number = candidates["value"].eq(m.value) if "value" in candidates and m.value is not None else False
    overlapping = candidates[_overlaps(m, candidates) | same_number]
    if len(overlapping):
        # The figures whose number the brief repeats are the ones it overstates; else those it overlaps.
        repeated = candidates[same_number] if isinstance(same_number, pd.Series) and same_number.any() else None
        return "overstated", overlapping if repeated is None else repeated
    return ("contradicted" if pointed else "unsupported"), candidates


def _disagreement(facts: pd.DataFrame, matched: pd.DataFrame, candidates: pd.DataFrame) -> str:
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
    line_starts = np.array([0] + [i + 1 for i, c in enumerate(text) if c == "\n"])
    rows = []
    for m in find_mentions(masked, reference):
        near, sentence_text = _window(masked, m)
        if m.type == "number":
            candidates, what, pointed = _number_candidates(m, near, sentence_text, numbers, number_words)
            verdict, matched = _judge(m, candidates, pointed)
            note = _disagreement(numbers, matched, candidates) if verdict == "supported" else ""
            if verdict != "supported":
                note = _why(verdict, what, matched)
            reading = f"{m.reading} ({what})" if what else m.reading
        else:
            scores = _scores(date_words, words_of(sentence_text), when.index)
            best = scores.max() if len(scores) else 0
            # The events the sentence names best, and those one word short of them: a close second is often
            # the same event in another source's words.
            candidates = when[scores >= max(best - 1, 1)] if best > 0 else when
            verdict, matched = _judge(m, candidates, best > 0)
            note = "" if verdict == "supported" else _why(verdict, "events", matched, dated=True)
            reading = m.reading
        line = int(np.searchsorted(line_starts, m.start, side="right"))
        rows.append({
            "line": line, "column": m.start - int(line_starts[line - 1]) + 1, "text": m.text, "type": m.type,
            "reading": reading, "verdict": verdict,
            "matched": "" if verdict == "unsupported" else ", ".join(matched["fact_id"].astype(str)),
            "sources": "" if verdict == "unsupported" else ", ".join(dict.fromkeys(matched["source_id"])),
            "note": note,
        })
    return pd.DataFrame(rows, columns=CHECK_COLUMNS).astype({"line": "int64", "column": "int64"})


def _why(verdict: str, what: str, matched: pd.DataFrame, dated: bool = False) -> str:
    if verdict == "unsupported":
        if not what:
            return "no quantity words nearby (dead, wounded, peacekeepers, soldiers, days...)"
        return f"no figure or event in the data for {what}" if not dated else "no event in the data on that date"
    if dated:
        shown = [f"{r.fact_id}: {_day_range(r.low, r.high)}" for r in matched.head(5).itertuples()]
    else:
        shown = [f"{r.fact_id}: {r.claim}" for r in matched.head(5).itertuples()]
    lead = "the source says" if verdict == "overstated" else "the data says"
    return f"{lead} " + "; ".join(shown)


def _day_range(low: float, high: float) -> str:
    def day(x: float) -> str:
        return dates.format_date(pd.Timestamp.fromordinal(int(x)), "day")

    if low == high:
        return day(low)
    if np.isinf(low):
        return f"by {day(high)}" if not np.isinf(high) else "undated"
    return f"since {day(low)}" if np.isinf(high) else f"{day(low)} to {day(high)}"


def format_table(report: pd.DataFrame) -> str:
    """The check as a plain-text table and a one-line tally."""
    if report.empty:
        return "No numbers or dates found."
    shown = report.assign(where=report["line"].astype(str) + ":" + report["column"].astype(str))
    table = shown[["where", "verdict", "text", "reading", "sources", "note"]].to_string(index=False, max_colwidth=70)
    tally = report["verdict"].value_counts().reindex(VERDICTS, fill_value=0)
    return table + "\n\n" + ", ".join(f"{n} {v}" for v, n in tally.items())


# ============================================================================================== command line


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    render = actions.add_parser("render", help="render a brief template into Markdown")
    render.add_argument("template", type=Path, help="a Jinja2 Markdown template, e.g. " + str(SAMPLE_TEMPLATE.name))
    render.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    render.add_argument("--style", choices=BRIEF_STYLES, default="markdown", help="citations (default: markdown)")
    check = actions.add_parser("check", help="check every number and date of a brief against the data")
    check.add_argument("file", type=Path, help="a Markdown or text brief")
    for sub in (render, check):
        sub.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data/)")


def run_command(args: argparse.Namespace) -> int:
    path = args.template if args.action == "render" else args.file
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    data = load_for_command(args.data)
    if data is None:
        return 2
    if args.action == "render":
        try:
            text = render_brief(path, data, args.style)
        except BriefError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        if args.output is None:
            sys.stdout.write(text)
        else:
            print(atomic.write_text(args.output, text))
        return 0
    report = check_brief(path.read_text(encoding="utf-8"), data)
    print(format_table(report))
    return 0 if report["verdict"].eq("supported").all() else 1
