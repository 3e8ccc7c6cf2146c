"""Uncertain quantities: a stated figure and its qualifier as low/best/high bounds, and the words for them.

Sources rarely give exact numbers ("more than 5,600 dead", "nearly 2,000 peacekeepers"). `bounds` is the
one rule that turns a value and its qualifier into the range the words allow; `Quantity` carries that range
through arithmetic and back into words without ever stating a figure more strongly than its source did.

    >>> Quantity.stated(5600, "more than", "people").to_words()
    'more than 5,600'
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class QualifierRule:
    """How one qualifier bounds a value v: low = v * low (or low itself when the words carry no value)."""

    description: str
    takes_value: bool
    low: float | None  # factor of v when takes_value, else a fixed bound; None = open-ended
    high: float | None
    low_strict: bool = False  # the bound itself is excluded ("more than 5,600" excludes 5,600)
    high_strict: bool = False
    unit: str | None = None  # the only unit the words can carry ("decades" are years)
    stated_bounds: bool = False  # low and high are the source's own numbers, not implied by the value


# The one table of qualifier rules; keys are schema.QUALIFIERS in order (a test keeps them in sync).
# Bounds are rounded outward to whole numbers (low down, high up) so rounding never narrows a range.
QUALIFIER_RULES: dict[str, QualifierRule] = {
    "exact": QualifierRule("exactly v: [v, v]", True, 1, 1),
    "more than": QualifierRule("more than v: (v, open), v excluded", True, 1, None, low_strict=True),
    "at least": QualifierRule("v or more: [v, open)", True, 1, None),
    "nearly": QualifierRule("close to v from below: [0.9v, v], low rounded down", True, 0.9, 1),
    "about": QualifierRule("within 10% of v: [0.9v, 1.1v], rounded outward", True, 0.9, 1.1),
    "up to": QualifierRule("v or fewer: [0, v]", True, 0, 1),
    "fewer than": QualifierRule("less than v: [0, v) (v excluded)", True, 0, 1, high_strict=True),
    "dozens": QualifierRule("no value; two dozen to 99: [24, 99]", False, 24, 99),
    "tens of thousands": QualifierRule("no value; [20,000, 99,999]", False, 20_000, 99_999),
    "decades": QualifierRule("no value, in years; [20, 99]", False, 20, 99, unit="years"),
    # An event data set's "best estimate" with the low and high estimates it publishes beside it (UCDP GED's
    # best/low/high): the bounds are the source's, so no rule computes them; only their order is checked.
    "estimate": QualifierRule("a best estimate v with the low and high its source states: [low, high] as "
                              "given, v inside them; a bound not stated is open", True, None, None,
                              stated_bounds=True),
}

# Words a source may use for a qualifier, mapped to the qualifier they mean. Matched longest first, so
# "no more than" is never read as "more than". "Some 2,000" is the journalists' "about 2,000".
QUALIFIER_SYNONYMS: dict[str, str] = {
    "exactly": "exact",
    "more than": "more than",
    "over": "more than",
    "in excess of": "more than",
    "upwards of": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "a minimum of": "at least",
    "nearly": "nearly",
    "almost": "nearly",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
    "just over": "more than",
    "well over": "more than",
    "just under": "fewer than",
    "close to": "about",
    "an estimated": "about",
}
# Every word a figure's `qualifier` may hold: the rule names, then the source's own words for them, so that data
# keeps the words the source used ("almost 3,000") and `rule_for` reads them as one rule ("nearly").
QUALIFIER_WORDS: list[str] = [*QUALIFIER_RULES, *(w for w in QUALIFIER_SYNONYMS if w not in QUALIFIER_RULES)]

# Which way a non-integer stated value may be rounded and leave the words true: "more than 127.34" is
# still true as "more than 127.3", "nearly 127.34" only as "nearly 127.4".
_ROUNDING = {"more than": "down", "at least": "down", "up to": "up", "fewer than": "up", "nearly": "up",
             "about": "nearest", "estimate": "nearest"}

TIME_UNITS = ["days", "weeks", "months", "years"]
# How a unit is written after its number where that is not its name: a share is "nearly 50%", never "nearly 50
# percent". The one home of a unit's written form: `describe` and `Quantity.to_words` write units through it, so
# `cite`, the figures' words in reports and the readings and notes of `brief check` all say "50%".
WORDED_UNITS: dict[str, str] = {"percent": "%"}
# Units a figure's words carry after the number: units of time ("six weeks") and shares ("50%"). A count's noun is
# the sentence's to say ("5,600 people"), so its unit is not written.
SPOKEN_UNITS: list[str] = [*TIME_UNITS, *WORDED_UNITS]
# Singular and plural spellings of the units a phrase may name.
UNIT_WORDS: dict[str, str] = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
}
_SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year", "people": "person",
             "vehicles": "vehicle", "settlements": "settlement", "bodies": "body"}

# Whole phrases that name a number (and sometimes its unit).
NUMBER_PHRASES: dict[str, tuple[float, str | None]] = {
    "a quarter of a century": (25, "years"),
    "half a century": (50, "years"),
    "a century": (100, "years"),
    "a decade": (10, "years"),
    "a fortnight": (2, "weeks"),
    "a dozen": (12, None),
    "a hundred": (100, None),
    "a thousand": (1000, None),
}

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | {w: 10 * i for i, w in enumerate(_TENS) if w}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_DIGITS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?")
# "5.600" is 5,600 in much of Europe and 5.6 in English: refuse rather than guess.
_AMBIGUOUS_DOT = re.compile(r"\d{1,3}\.\d{3}")

QUANTITY_FORMS = (
    "a number ('5,600', 'forty-four', 'a hundred'), optionally after a qualifier ('more than', 'over', "
    "'nearly', ...) and before a unit of time ('six weeks', '44-day'); 'a quarter of a century'; "
    "'dozens'; 'tens of thousands'; 'decades' or 'decades-long'"
)


def rule_for(words: str | pd.Series) -> str | pd.Series:
    """The rule a qualifier's words follow: the name of a `QUALIFIER_RULES` entry ("almost" -> "nearly").

    A string gives a string (ValueError for words no rule knows, listing those it does); a Series gives a Series
    of rule names, <NA> where the words are unknown (the loader reports those rows). Case and spacing are ignored.

    >>> rule_for("Almost")
    'nearly'
    """
    if isinstance(words, pd.Series):
        normalised = words.astype("string").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
        return normalised.map(pd.Series(_RULE_OF_WORDS, dtype="string")).astype("string")
    key = " ".join(str(words).lower().split())
    if key not in _RULE_OF_WORDS:
        raise ValueError(f"unknown qualifier {words!r}; expected one of {QUALIFIER_WORDS}")
    return _RULE_OF_WORDS[key]


def bounds(value: float | None, qualifier: str, *, low: float | None = None,
           high: float | None = None) -> tuple[float | None, float | None]:
    """The (low, high) a stated value and qualifier allow; None is open-ended. Rules: `QUALIFIER_RULES`.

    `low` and `high` are read only for a qualifier whose bounds the source states ("estimate"): they are
    checked (the value lies between them) and returned as given; every other qualifier's bounds come from its rule.

    >>> bounds(2000, "nearly")
    (1800.0, 2000.0)
    >>> bounds(12, "estimate", low=10, high=15)
    (10.0, 15.0)
    """
    rule = _rule(qualifier)
    if rule.stated_bounds:
        return _stated_bounds(value, qualifier, low, high)
    if rule.takes_value:
        if value is None or _is_missing(value):
            raise ValueError(f"qualifier {qualifier!r} needs a value ({rule.description})")
        if value < 0:
            raise ValueError(f"a stated value cannot be negative, got {value!r}")
        low = None if rule.low is None else float(math.floor(_scale(value, rule.low)))
        high = None if rule.high is None else float(math.ceil(_scale(value, rule.high)))
        return low, high
    if value is not None and not _is_missing(value):
        raise ValueError(f"qualifier {qualifier!r} takes no value, got {value!r} ({rule.description})")
    return (None if rule.low is None else float(rule.low)), (None if rule.high is None else float(rule.high))


def bounds_frame(values: pd.Series, qualifiers: pd.Series) -> pd.DataFrame:
    """`bounds` for whole columns: a frame with Float64 columns low and high (<NA> = open-ended). Qualifiers may be
    rule names or the source's own words (`rule_for`).

    Rows whose qualifier takes its bounds from the source ("estimate") have none here: no rule gives them.
    """
    values = pd.to_numeric(values).astype("Float64")
    words = qualifiers.astype("string")
    qualifiers = rule_for(words)
    unknown = sorted(set(words[qualifiers.isna() & words.notna()]))
    if words.isna().any():
        unknown.append("<NA>")
    if unknown:
        raise ValueError(f"unknown qualifiers {unknown}; expected one of {QUALIFIER_WORDS}")
    if (values < 0).any():
        raise ValueError(f"stated values cannot be negative: rows {list(values.index[values.fillna(0) < 0])}")
    out = pd.DataFrame({"low": pd.NA, "high": pd.NA}, index=values.index, dtype="Float64")
    for qualifier, rule in QUALIFIER_RULES.items():  # a loop over the vocabulary, not over rows
        rows = qualifiers == qualifier
        if not rows.any() or rule.stated_bounds:
            continue
        bad = rows & (values.isna() if rule.takes_value else values.notna())
        if bad.any():
            expected = "a value" if rule.takes_value else "no value"
            raise ValueError(f"qualifier {qualifier!r} needs {expected}: rows {list(values.index[bad])}")
        for column, factor, rounding in (("low", rule.low, np.floor), ("high", rule.high, np.ceil)):
            if factor is None:
                continue
            if rule.takes_value:
                out.loc[rows, column] = rounding(_scale(values[rows].astype(float), factor))
            else:
                out.loc[rows, column] = float(factor)
    return out


def rule_bounds(values: np.ndarray, codes: np.ndarray, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """`bounds_frame`'s low and high as float64 arrays (NaN: open, or stated by the source) for rows already checked
    against their rules, the qualifier of each row given as its position `codes` in `words`.

    NumPy over whole columns, each word's rule looked up once: the loader's check of every figure's bounds (at 10^5
    figures, 0.17 s in `bounds_frame`'s pandas columns even over distinct pairs; here a few milliseconds).
    """
    values = np.asarray(values, dtype=float)
    low, high = np.full(len(values), np.nan), np.full(len(values), np.nan)
    for code, word in enumerate(words):
        rule = QUALIFIER_RULES[rule_for(word)]
        if rule.stated_bounds:
            continue
        rows = np.flatnonzero(codes == code)
        for out, factor, rounding in ((low, rule.low, np.floor), (high, rule.high, np.ceil)):
            if factor is not None:
                out[rows] = rounding(_scale(values[rows], factor)) if rule.takes_value else float(factor)
    return low, high


# Ranges row by row, as `ranges_overlap` and `range_contains` read them: a frame, or NumPy arrays by column name.
Ranges = pd.DataFrame | Mapping[str, np.ndarray]


def ranges_overlap(a: Ranges, b: Ranges) -> pd.Series | np.ndarray:
    """Whether two ranges share a value, row by row. Each is a frame (or a mapping of NumPy arrays, for which the
    answer is an array) with low, high (<NA>/NaN = open) and low_strict, high_strict (the bound itself excluded);
    frames align on their index.

    "100" and "more than 100" do not overlap; "at least 100" and "100" do.
    """
    def below(low, low_strict, high, high_strict):  # low end of one range is not past the high end of the other
        return pd.isna(high) | pd.isna(low) | (low < high) | ((low == high) & ~low_strict & ~high_strict)

    return (below(a["low"], a["low_strict"], b["high"], b["high_strict"])
            & below(b["low"], b["low_strict"], a["high"], a["high_strict"])).astype(bool)


def range_contains(outer: Ranges, inner: Ranges) -> pd.Series | np.ndarray:
    """Whether every value of `inner` lies in `outer`, row by row (the same frames or mappings as `ranges_overlap`).

    "more than 5,000" contains "more than 5,600" and 5,208, but not 5,000.
    """
    low_ok = pd.isna(outer["low"]) | (~pd.isna(inner["low"]) & (
        (inner["low"] > outer["low"])
        | ((inner["low"] == outer["low"]) & (inner["low_strict"] | ~outer["low_strict"]))))
    high_ok = pd.isna(outer["high"]) | (~pd.isna(inner["high"]) & (
        (inner["high"] < outer["high"])
        | ((inner["high"] == outer["high"]) & (inner["high_strict"] | ~outer["high_strict"]))))
    both = low_ok & high_ok
    return both.fillna(False).astype(bool) if isinstance(both, pd.Series) else both.astype(bool)


@dataclass(frozen=True)
class Quantity:
    """An uncertain amount: low/high bounds (None = open), a best value inside them where one is known.

    `qualifier` and `value` keep the words as stated; quantities made by arithmetic have neither and are
    described from their bounds. `best` is the stated value only where the words allow it (not for
    "more than 5,600", which excludes 5,600).
    """

    low: float | None
    best: float | None
    high: float | None
    unit: str
    low_strict: bool = False
    high_strict: bool = False
    qualifier: str | None = None
    value: float | None = None

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")

    @classmethod
    def stated(cls, value: float | None, qualifier: str, unit: str, *, low: float | None = None,
               high: float | None = None) -> Quantity:
        """A figure as its source states it, e.g. `Quantity.stated(5600, "more than", "people")`.

        `low` and `high` are the source's own bounds, read only for "estimate" (see `bounds`):
        `Quantity.stated(12, "estimate", "people", low=10, high=15)`.
        """
        rule = _rule(qualifier)
        if rule.unit is not None and unit != rule.unit:
            raise ValueError(f"qualifier {qualifier!r} is in {rule.unit}, got unit {unit!r}")
        low, high = bounds(value, qualifier, low=low, high=high)
        best = None if value is None or rule.low_strict or rule.high_strict else float(value)
        return cls(low, best, high, unit, rule.low_strict, rule.high_strict, qualifier,
                   None if value is None else float(value))

    @classmethod
    def exact(cls, value: float, unit: str) -> Quantity:
        return cls.stated(value, "exact", unit)

    # Interval arithmetic: a bound built from an open bound is open; a bound built from an excluded bound
    # is excluded ("more than 5,600" + "at least 143" is "more than 5,743").
    def __add__(self, other: Quantity | float) -> Quantity:
        other = self._coerce(other)
        return Quantity(
            _add(self.low, other.low), _add(self.best, other.best), _add(self.high, other.high), self.unit,
            self.low_strict or other.low_strict, self.high_strict or other.high_strict)

    def __radd__(self, other: float) -> Quantity:  # lets sum() start from 0
        return self + other

    def __sub__(self, other: Quantity | float) -> Quantity:
        other = self._coerce(other)
        return Quantity(
            _sub(self.low, other.high), _sub(self.best, other.best), _sub(self.high, other.low), self.unit,
            self.low_strict or other.high_strict, self.high_strict or other.low_strict)

    def ratio(self, other: Quantity | float) -> Quantity:
        """self / other for non-negative amounts: low = low / other.high, high = high / other.low.

        A divisor bound that is open or zero leaves the matching bound open. The unit reads "people per day";
        dividing like units gives unit "ratio".
        """
        if not isinstance(other, Quantity):
            other = Quantity.exact(other, "")
        for q in (self, other):
            if q.low is None or q.low < 0:
                raise ValueError(f"ratio needs non-negative amounts, got low {q.low!r} ({q.to_words()})")
        if not other.unit:  # divided by a plain number
            unit = self.unit
        elif other.unit == self.unit:
            unit = "ratio"
        else:
            unit = f"{self.unit} per {_SINGULAR.get(other.unit, other.unit)}"
        return Quantity(
            _div(self.low, other.high), _div(self.best, other.best), _div(self.high, other.low), unit,
            self.low_strict or other.high_strict, self.high_strict or other.low_strict)

    __truediv__ = ratio

    def per_day(self, days: Quantity | float) -> Quantity:
        """A daily rate `self / days`; the period is a number of days or a Quantity in days or weeks."""
        if not isinstance(days, Quantity):
            days = Quantity.exact(days, "days")
        if days.unit == "weeks":  # a week is exactly seven days; months and years are not a fixed length
            days = Quantity(*(None if b is None else b * 7 for b in (days.low, days.best, days.high)), "days",
                            days.low_strict, days.high_strict)
        if days.unit != "days":
            raise ValueError(f"per_day needs a period in days or weeks, got {days.unit!r}")
        return self.ratio(days)

    def to_words(self, with_unit: bool | None = None) -> str:
        """The amount as a careful writer puts it: "more than 5,600", "at least five years", "nearly 50%", "dozens".

        Units of time, shares and rates are written out by default; counts are not, as the sentence names what is
        counted ("more than 5,600 dead"). Non-integers get one decimal place, rounded so the words stay true:
        a lower bound rounds down, an upper bound up, and an exact value that had to round reads "about".
        """
        if with_unit is None:
            with_unit = self.unit in SPOKEN_UNITS or " per " in self.unit
        unit = self.unit if with_unit and self.unit not in ("", "ratio") else None
        if self.qualifier is not None:
            return describe(self.value, self.qualifier, unit, low=self.low, high=self.high)
        return _describe_bounds(self, unit)

    def __str__(self) -> str:
        return self.to_words()

    def _coerce(self, other: Quantity | float) -> Quantity:
        if not isinstance(other, Quantity):
            return Quantity.exact(other, self.unit)
        if other.unit != self.unit:
            raise ValueError(f"cannot combine {self.unit!r} with {other.unit!r}")
        return other


def describe(value: float | None, qualifier: str, unit: str | None = None, *, low: float | None = None,
             high: float | None = None) -> str:
    """Words for a stated value and qualifier: describe(5600, "more than") == "more than 5,600".

    The qualifier is written in the words given, so a source's "almost 3,000" stays "almost 3,000" (bounds and
    rounding follow its rule, `rule_for`). The unit, when given, follows the number ("at least five years");
    "decades" already names its unit. An estimate names the bounds its source states:
    describe(12, "estimate", low=10, high=15) == "an estimated 12 (low 10, high 15)".
    """
    rule, name = _rule(qualifier), rule_for(qualifier)
    low, high = bounds(value, qualifier, low=low, high=high)  # validates the value against the qualifier
    digits = unit in WORDED_UNITS  # "5%", never "five%"
    if rule.stated_bounds:
        assert value is not None
        stated = [f"{bound_name} {_number_words(bound, rounding, digits)}" for bound_name, bound, rounding in
                  (("low", low, "down"), ("high", high, "up")) if bound is not None]
        estimate = _with_unit(f"an estimated {_number_words(value, _ROUNDING[name], digits)}", value, unit)
        return f"{estimate} ({', '.join(stated)})" if stated else estimate
    words = " ".join(qualifier.split())  # the source's own words ("almost"), as stored
    if not rule.takes_value:
        if name == "decades" or unit is None:
            return words
        return f"{words} of {unit}"
    assert value is not None
    if name == "exact":
        exact = _with_unit(_exact_words(value, digits), value, unit)
        # "exactly 2,425" keeps its word; a rounded exact value already reads "about ..."
        return exact if words == "exact" or exact.startswith("about ") else f"{words} {exact}"
    return _with_unit(f"{words} {_number_words(value, _ROUNDING[name], digits)}", value, unit)


def parse_number(text: str) -> float:
    """A number in digits or words: "5,600", "1960", "forty-four", "a hundred", "a quarter of a century"."""
    words = _normalise(text)
    if words in NUMBER_PHRASES:
        return float(NUMBER_PHRASES[words][0])
    if words in ("dozens", "tens of thousands", "decades", "hundreds", "thousands"):
        raise ValueError(f"{text!r} is not a number but a vague amount; parse it with parse_quantity")
    if _AMBIGUOUS_DOT.fullmatch(words):
        raise ValueError(f"{text!r} is ambiguous (5.600 means 5,600 in some styles, 5.6 in others)")
    if _DIGITS.fullmatch(words):
        return float(words.replace(",", ""))
    tokens = [t for t in re.split(r"[\s-]+", words) if t != "and"]
    if tokens and tokens[0] in ("a", "one") and len(tokens) > 1 and tokens[1] in _SCALES:
        tokens = ["one", *tokens[1:]]
    total, current, seen = 0.0, 0.0, False
    for token in tokens:
        if _DIGITS.fullmatch(token) and not seen:  # "2 million", "1.5 thousand"
            current, seen = float(token.replace(",", "")), True
        elif token in _WORD_VALUES and _can_follow(current, _WORD_VALUES[token]):
            current, seen = current + _WORD_VALUES[token], True
        elif token in _SCALES and seen:
            if _SCALES[token] == 100:
                current *= 100
            else:
                total, current = total + current * _SCALES[token], 0.0
        else:
            raise ValueError(f"{text!r} is not a number; understood: digits ('5,600', '1960'), number words "
                             f"('forty-four', 'two thousand', 'a hundred') and {sorted(NUMBER_PHRASES)}")
    if not seen:
        raise ValueError(f"{text!r} is not a number")
    return total + current


def parse_quantity(text: str, unit: str | None = None) -> Quantity:
    """A quantity phrase as a Quantity: "more than 5,600", "over 5,000", "at least five years", "44-day".

    `unit` is used when the words name no unit of time (counts: "people", "vehicles"); it defaults to "".
    """
    words = _normalise(text)
    words = re.sub(r"^for\s+(a\s+period\s+of\s+)?|^a\s+period\s+of\s+", "", words)
    qualifier = "exact"
    for synonym in sorted(QUALIFIER_SYNONYMS, key=len, reverse=True):
        if words.startswith(synonym + " "):
            qualifier, words = QUALIFIER_SYNONYMS[synonym], words[len(synonym) + 1:]
            break
    # A unit's sign, as `describe` writes it ("nearly 50%"), reads back as the unit.
    signed = next((name for name, sign in WORDED_UNITS.items() if words.endswith(sign)), None)
    if signed is not None:
        words = words[:-len(WORDED_UNITS[signed])].rstrip()
    vague = re.fullmatch(r"(dozens|tens of thousands|decades)(-long)?", words)
    if vague:
        if qualifier != "exact":
            raise ValueError(f"{text!r}: a qualifier before {vague[1]!r} is not understood")
        vague_unit = QUALIFIER_RULES[vague[1]].unit or unit or ""
        return Quantity.stated(None, vague[1], vague_unit)
    stated_unit = None
    for phrase, (number, phrase_unit) in NUMBER_PHRASES.items():
        if words == phrase or (phrase_unit and words == f"{phrase}-long"):
            value, stated_unit = number, phrase_unit
            break
    else:
        # A number, then optionally a unit of time: "six weeks", "44-day", "5-year-long".
        match = re.fullmatch(r"(.+?)(?:[\s-](day|days|week|weeks|month|months|year|years)(?:-long)?)?", words)
        try:
            value = parse_number(match[1] if match else "")
        except ValueError as error:
            raise ValueError(f"{text!r} is not a quantity; understood: {QUANTITY_FORMS}") from error
        stated_unit = UNIT_WORDS[match[2]] if match[2] else None
    return Quantity.stated(value, qualifier, stated_unit or signed or unit or "")


# ---- the number in a source's words ----

# Number words and scales, longest first so that "seventeen" is not read as "seven".
_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS[2:]], key=len, reverse=True))
_SCALE_WORD = "|".join(_SCALES)
# Amounts without a number ("dozens of", "thousands"), and words that change the number before them ("two dozen",
# "three times", "two thirds", "two and a half"): a text holding one of them states no number a value can be held to.
_VAGUE_WORDS = ["tens of thousands", "hundreds of thousands", "dozens", "scores", "hundreds", "thousands",
                "millions", "decades"]
_CHANGING_WORDS = ["dozen", "dozens", "score", "scores", "half", "halves", "third", "thirds", "quarter", "quarters",
                   "fifth", "fifths", "tenth", "tenths", "times", "hundred", "thousand", "million", "and a half",
                   "and a quarter", "point"]
_PHRASES = "|".join(re.escape(p) for p in sorted(NUMBER_PHRASES, key=len, reverse=True))
# One number in running text, after brief_check's NUMBER_PATTERN: digits ("2,783", "1.5 million", "44-day", not
# "44th" or "1960s"), number words ("four", "two hundred and fifty", "a hundred"), a phrase ("a quarter of a
# century") or a vague amount; then the unit of time the words name, and a word that would change the number.
# Matched case-insensitively; compiled on first use (see `_number_in_text`).
NUMBER_IN_TEXT_PATTERN = (
    rf"(?P<number>(?<![\w.,:-])(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?(?![\w:]|[.,][0-9])"
    rf"(?:[\s-]+(?:{_SCALE_WORD})\b)?"
    rf"|(?:\ba[\s-]+(?=(?:{_SCALE_WORD})\b)|\b)(?:{_NUMBER_WORD}|{_SCALE_WORD})"
    rf"(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}|{_SCALE_WORD}))*\b"
    rf"|\b(?:{_PHRASES})\b"
    rf"|\b(?P<vague>{'|'.join(_VAGUE_WORDS)})\b)"
    r"(?P<unit>[\s-](?:days?|weeks?|months?|years?)\b(?:-long\b)?)?"
    rf"(?P<changed>[\s-]+(?:{'|'.join(_CHANGING_WORDS)})\b)?"
)
# Every word NUMBER_IN_TEXT_PATTERN gives a meaning to: a text with none of them and one group of digits is read
# by PLAIN_NUMBER alone (`analysis.loading` does so on Arrow columns, with RE2, which has no lookbehind).
NUMBER_WORDS: list[str] = sorted({*_SMALL, *_TENS[2:], *_SCALES, *_VAGUE_WORDS, *_CHANGING_WORDS, "tens",
                                  *(w for p in NUMBER_PHRASES for w in p.split() if w not in ("a", "of"))})
NUMBER_WORDS_PATTERN = rf"(?i)\b(?:{'|'.join(NUMBER_WORDS)})\b"
# A text whose only digits are one whole number that NUMBER_IN_TEXT_PATTERN reads as it stands (not "5.6", "A10",
# "44th"); for a text without NUMBER_WORDS it reads what `number_in` reads: the digits, and the unit PLAIN_UNIT
# finds after.
PLAIN_NUMBER = (r"^(?:[^0-9]*[^\pL\pN_.,:-])?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
                r"(?:[^\pL\pN_:.,][^0-9]*|[.,][^0-9]*)?$")
PLAIN_UNIT = r"[0-9][\s\p{Z}-](?i:(?P<unit>days?|weeks?|months?|years?))(?:[^\pL\pN_]|$)"


def number_in(text: str) -> Quantity | None:
    """The one number a source's words state, exactly, with the unit of time they name ("" for none).

    "four of its troops" is 4, "the next 5-year periods" 5 years, "more than a quarter of a century" 25 years.
    None where the words state no number that can be read alone: none, a vague amount ("dozens"), two numbers
    ("between 10 and 20"), a bare "one" (an article as often as a count), an ordinal, or a number another word
    changes ("two dozen", "three times").
    """
    mentions = list(_number_in_text().finditer(text))
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    if mention["vague"] or mention["changed"] or (mention["number"].lower() == "one" and not mention["unit"]):
        return None
    if any(d.start() < mention.start() or d.end() > mention.end() for d in re.finditer(r"[0-9]+", text)):
        return None  # digits the number does not take in: "1960s", "44th", "A10"
    try:
        return parse_quantity(mention["number"] + (mention["unit"] or ""))
    except ValueError:
        return None


# ---- helpers ----

@functools.cache
def _number_in_text() -> re.Pattern[str]:
    """NUMBER_IN_TEXT_PATTERN compiled, once, when a number is first read from words: compiling it took 3 ms of
    every `import analysis.quantities`, which `cite` paid without reading any number."""
    return re.compile(NUMBER_IN_TEXT_PATTERN, re.IGNORECASE)


def _stated_bounds(value: float | None, qualifier: str, low: float | None,
                   high: float | None) -> tuple[float | None, float | None]:
    """The bounds a source states beside its best estimate, checked: present or open, the value between them."""
    if value is None or _is_missing(value):
        raise ValueError(f"qualifier {qualifier!r} needs a value (the best estimate)")
    low, high = (None if b is None or _is_missing(b) else float(b) for b in (low, high))
    if value < 0 or (low is not None and low < 0):
        raise ValueError(f"a stated value cannot be negative, got {value!r} (low {low!r})")
    if low is not None and low > value:
        raise ValueError(f"the low estimate {low:g} is above the best estimate {value:g}")
    if high is not None and high < value:
        raise ValueError(f"the high estimate {high:g} is below the best estimate {value:g}")
    return low, high


def _rule(qualifier: str) -> QualifierRule:
    return QUALIFIER_RULES[rule_for(qualifier)]


_RULE_OF_WORDS: dict[str, str] = {name: name for name in QUALIFIER_RULES} | QUALIFIER_SYNONYMS


def _is_missing(value: object) -> bool:
    return bool(pd.isna(value))


def _scale(value, factor: float):
    # Multiply by tenths exactly (2000 * 11 / 10 == 2200.0, whereas 2000 * 1.1 == 2200.0000000000005),
    # so rounding outward does not push a bound one past its true value.
    return value * round(factor * 10) / 10


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _sub(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _div(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _normalise(text: str) -> str:
    """Lower case, single spaces, plain hyphens, no trailing punctuation."""
    text = re.sub(r"[\u2010-\u2013]", "-", text.lower())
    return re.sub(r"\s+", " ", text.strip().strip(".,;:"))


def _can_follow(current: float, word_value: int) -> bool:
    # "forty-four" and "one hundred three" are numbers; "four forty" and "twenty twenty" are not.
    return current % 100 == 0 or (word_value < 10 and current % 10 == 0)


def _number_words(value: float, rounding: str, digits: bool = False) -> str:
    """"three", "5,600", "127.3": words for one to nine (digits for a number before a sign: "5%"), digits with
    separators from 10, one decimal place.

    `rounding` ("down", "up", "nearest") says which way a non-integer may move and still leave the words true.
    """
    if value == int(value):
        whole = int(value)
        return _SMALL[whole] if 0 <= whole <= 9 and not digits else f"{whole:,}"
    # The 1e-9 keeps float noise (63.3 * 10 == 632.9999...) from moving a value that needs no rounding.
    round_tenths = {"down": lambda x: math.floor(x + 1e-9), "up": lambda x: math.ceil(x - 1e-9),
                    "nearest": lambda x: math.floor(x + 0.5)}[rounding]
    rounded = round_tenths(value * 10) / 10
    return f"{int(rounded):,}" if rounded == int(rounded) else f"{rounded:,.1f}"


def _exact_words(value: float, digits: bool = False) -> str:
    number = _number_words(value, "nearest", digits)
    if number != _number_words(value, "down", digits) or number != _number_words(value, "up", digits):
        return "about " + number  # a rounded exact value is no longer exact
    return number


def _with_unit(words: str, value: float, unit: str | None) -> str:
    if unit is None:
        return words
    if unit in WORDED_UNITS:  # a sign, written close up: "nearly 50%"
        return f"{words}{WORDED_UNITS[unit]}"
    return f"{words} {_SINGULAR.get(unit, unit) if value == 1 else unit}"


def _describe_bounds(q: Quantity, unit: str | None) -> str:
    """Words for a quantity known only by its bounds (one made by arithmetic), every bound kept."""
    low, high = q.low, q.high
    digits = unit in WORDED_UNITS
    if low is not None and low == high:
        return _with_unit(_exact_words(low, digits), low, unit)
    if low is None and high is None:
        return "an unknown amount"
    low_words = high_words = ""
    if low is not None:
        low_words = ("more than " if q.low_strict else "at least ") + _number_words(low, "down", digits)
    if high is not None:
        high_words = ("fewer than " if q.high_strict else "up to ") + _number_words(high, "up", digits)
    if low_words and high_words:
        if q.low_strict or q.high_strict:
            words = f"{low_words} and {high_words.replace('up to', 'no more than')}"
        else:
            words = f"between {_number_words(low, 'down', digits)} and {_number_words(high, 'up', digits)}"
    else:
        words = low_words or high_words
    return _with_unit(words, low if high is None else high, unit)
