"""Dates as sources give them: with a precision, relative to the publication date, and durations between them.

A date is an interval of days (`DateInterval`): "November 2020" is 1-30 November, "late September" is 21-30
September, "the 1990s" is 1990-1999. Arithmetic on dates respects that precision, so a check never demands
more of a date than its source said.

    >>> str(resolve_expression("Earlier on Saturday", "2020-12-12"))
    '12 December 2020'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

import numpy as np
import pandas as pd

from analysis.quantities import TIME_UNITS, Quantity, parse_quantity

DateLike = pd.Timestamp | str | _date  # anything pd.Timestamp() reads as a day

# Precisions an interval may have: schema.DATE_PRECISIONS plus the two that only expressions produce.
INTERVAL_PRECISIONS = ["day", "week", "part of month", "month", "year", "decade"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
MONTHS: dict[str, int] = (
    {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
    | {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
    | {"sept": 9}
)
WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
# Days of the month as ordinal words ("the tenth of November", "the twenty-seventh of September").
_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
ORDINAL_DAYS: dict[str, int] = (
    {word: i for i, word in enumerate(_ORDINAL_UNITS, 1)}
    | {word: i for i, word in enumerate(["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                                         "sixteenth", "seventeenth", "eighteenth", "nineteenth"], 10)}
    | {"twentieth": 20, "thirtieth": 30}
    | {f"{tens}{sep}{word}": base + i for tens, base in (("twenty", 20), ("thirty", 30))
       for i, word in enumerate(_ORDINAL_UNITS, 1) if base + i <= 31 for sep in ("-", " ")}
)
ORDINAL_DAY_PATTERN = "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True))
# Parts of a month as first and last day; "late" runs to the month's end whatever its length.
PARTS_OF_MONTH: dict[str, tuple[int, int]] = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}

DATE_FORMS = [
    "a weekday ('on Saturday': the latest on or before the reference, the reference day included)",
    "'today', 'yesterday', 'this/last week', 'this/last month', 'this/last year'",
    "a time from the reference ('a week ago', 'two days ago', 'a fortnight ago', 'a week ago today'; 'a week from "
    "today', 'a week today'; 'this Friday': that day of the reference's Monday-to-Sunday week)",
    "'early/mid/late <Month> [year]'", "'<Month> [year]'", "a year ('1994')", "a decade ('the 1990s')",
    "a day and month ('December 11', '27 September', 'the tenth of November'; the latest on or before the "
    "reference)",
    "a full date ('10 November 2020', 'November 10, 2020', '10.11.2020' as DD.MM.YYYY, '2020-11-10')",
    "a night's two days ('9-10 November [2020]', 'Nov 9-10': the second day, with time_qualifier night)",
]
# Leading words that place an event relative to a date without changing which date it is (the relation
# itself belongs in the events table's date_qualifier).
_LEADING_WORDS = re.compile(
    r"^(earlier|later|on|in|since|by|before|after|until|from|during|the (night|morning|afternoon|evening) of)\s+")

# Words with which a source states the moment its count holds at: "As of 30 June 2021", "as at the end of June".
STATED_MOMENT = re.compile(r"^\s*(?:as\s+(?:of|at)|correct\s+as\s+(?:of|at))\b", re.IGNORECASE)

# How far a stated duration may be from the dates and still agree "within the stated precision":
# a writer who says "six weeks" means 5.5 to 6.5 weeks; "44 days" means 44 days.
DURATION_TOLERANCE: dict[str, float] = {"days": 0.0, "weeks": 0.5, "months": 0.5, "years": 0.5}
CONSISTENT = "consistent"
WITHIN_PRECISION = "within the stated precision"
CONTRADICTS = "contradicts"


@dataclass(frozen=True)
class DateInterval:
    """The whole day, week, part of a month, month, year or decade a source's date stands for (inclusive)."""

    earliest: pd.Timestamp
    latest: pd.Timestamp
    precision: str

    def __post_init__(self) -> None:
        earliest, latest = pd.Timestamp(self.earliest).normalize(), pd.Timestamp(self.latest).normalize()
        if self.precision not in INTERVAL_PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}; expected one of {INTERVAL_PRECISIONS}")
        if (earliest, latest) != _unit_bounds(earliest, self.precision):
            raise ValueError(f"{earliest.date()}..{latest.date()} is not one whole {self.precision}")
        object.__setattr__(self, "earliest", earliest)
        object.__setattr__(self, "latest", latest)

    def __str__(self) -> str:
        return _words(self.earliest, self.precision)

    @property
    def days(self) -> int:
        """Number of days in the interval (31 for a month of 31 days)."""
        return (self.latest - self.earliest).days + 1

    def contains(self, other: DateInterval | DateLike) -> bool:
        """Whether a day, or every day of another interval, falls inside this one."""
        if isinstance(other, DateInterval):
            return self.earliest <= other.earliest and other.latest <= self.latest
        return self.earliest <= pd.Timestamp(other).normalize() <= self.latest

    def overlaps(self, other: DateInterval) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest


def interval_of(date: DateLike, precision: str) -> DateInterval:
    """The interval of that precision containing the date: interval_of("2020-11-01", "month") is all November."""
    if precision not in INTERVAL_PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; expected one of {INTERVAL_PRECISIONS}")
    return DateInterval(*_unit_bounds(pd.Timestamp(date).normalize(), precision), precision)


def format_date(date: DateLike, precision: str) -> str:
    """The date in the words of its precision: "11 December 2020", "November 2020", "2020", "the 1990s"."""
    return str(interval_of(date, precision))


def stated_moment_precisions(expressions: pd.Series) -> pd.Series:
    """The precision of each as-of date a source states in words ("as of June 2021": month), "day" where the words
    state no moment or name a day; each distinct expression is read once."""
    stated = expressions.dropna().astype(str)
    stated = stated[stated.str.match(STATED_MOMENT)]
    precision = {}
    for words in stated.unique():
        try:
            precision[words] = resolve_expression(STATED_MOMENT.sub("", words)).precision
        except ValueError:  # relative or unread words: the stored day stands
            precision[words] = "day"
    return expressions.astype("object").map(precision).fillna("day").astype(str)


def format_dates(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """`format_date` for whole columns (one call per distinct date and precision); "" where no date."""
    frame = pd.DataFrame({"date": pd.to_datetime(dates), "precision": precisions.astype("object")})
    known = frame.dropna()
    # Integer codes for the distinct (date, precision) pairs, not a tuple per row.
    code = known.groupby(["date", "precision"], sort=False).ngroup().to_numpy()
    first = ~known.duplicated().to_numpy()
    words = np.empty(code.max() + 1 if len(code) else 0, dtype=object)
    words[code[first]] = [format_date(d, p) for d, p in known[first].itertuples(index=False)]
    return pd.Series(words[code], index=known.index, dtype="str").reindex(frame.index).fillna("").astype("str")


def iso_days(values: pd.Series, missing: str = "undated") -> pd.Series:
    """Dates as "2020-11-10" (`missing` where none), each distinct date formatted once."""
    code, distinct = pd.factorize(values, use_na_sentinel=False)
    words = pd.Series(distinct).dt.strftime("%Y-%m-%d").fillna(missing).to_numpy(dtype=object)
    return pd.Series(words[code], index=values.index, dtype="str")


def precision_bounds(dates: pd.Series, precisions: pd.Series) -> pd.DataFrame:
    """`interval_of` for whole columns: a frame with datetime columns earliest and latest (NaT for no date).

    A stored date should be the first day of its interval; rows where `earliest != date` are misaligned.
    """
    dates = pd.to_datetime(dates).dt.normalize()
    # Each row's precision as an integer code (a categorical column gives its codes at once); only the distinct
    # precisions are read as strings.
    code, names = pd.factorize(precisions)
    names = [str(name) for name in names]
    dated = dates.notna().to_numpy()
    stated = np.unique(code[dated])
    unknown = sorted({names[c] for c in stated if c >= 0} - set(INTERVAL_PRECISIONS))
    if unknown or (stated < 0).any():
        raise ValueError(f"unknown precisions {unknown or ['<NA>']}; expected one of {INTERVAL_PRECISIONS}")
    # Many rows share a date and precision: the bounds are computed once per distinct pair, then taken per row.
    pair = pd.DataFrame({"date": dates.to_numpy(), "code": code}).groupby(["date", "code"], sort=False, dropna=False)
    pair_code = pair.ngroup().to_numpy()
    first = np.unique(pair_code, return_index=True)[1]
    bounds = _precision_bounds(dates.iloc[first].reset_index(drop=True), code[first], names, dated[first])
    return pd.DataFrame({column: bounds[column].to_numpy()[pair_code] for column in ("earliest", "latest")},
                        index=dates.index)


def _precision_bounds(dates: pd.Series, code: np.ndarray, names: list[str], dated: np.ndarray) -> pd.DataFrame:
    """`precision_bounds` of normalised dates whose precisions are `code`s into `names`."""
    day, year = dates.dt.day, dates.dt.year
    month_start = dates - pd.to_timedelta(day - 1, unit="D")
    month_end = month_start + pd.to_timedelta(dates.dt.days_in_month - 1, unit="D")
    part_first = ((day - 1).clip(upper=20) // 10) * 10 + 1  # 1, 11 or 21
    part_last = (part_first + 9).where(part_first < 21, dates.dt.days_in_month)  # "late" runs to the end
    decade = year // 10 * 10
    candidates = {  # every precision computed for every row, then picked per row: no loop over rows
        "day": (dates, dates),
        "week": (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D"),
                 dates + pd.to_timedelta(6 - dates.dt.day_of_week, unit="D")),
        "part of month": (month_start + pd.to_timedelta(part_first - 1, unit="D"),
                          month_start + pd.to_timedelta(part_last - 1, unit="D")),
        "month": (month_start, month_end),
        "year": (_ymd(year, 1, 1), _ymd(year, 12, 31)),
        "decade": (_ymd(decade, 1, 1), _ymd(decade + 9, 12, 31)),
    }
    out = pd.DataFrame({"earliest": pd.NaT, "latest": pd.NaT}, index=dates.index, dtype=dates.dtype)
    for precision, (earliest, latest) in candidates.items():  # rows picked by code, with NumPy masks
        rows = (code == (names.index(precision) if precision in names else -2)) & dated
        out.loc[rows, "earliest"] = earliest[rows]
        out.loc[rows, "latest"] = latest[rows]
    return out


def resolve_expression(expression: str, reference: DateLike | None = None) -> DateInterval:
    """The interval a date expression names, relative ones resolved against `reference` (the publication date).

    Case-insensitive; leading words such as "Earlier", "on", "in", "since" are ignored. Forms: `DATE_FORMS`.

    >>> str(resolve_expression("last month", "2020-12-12"))
    'November 2020'
    """
    text = _normalise(expression)
    ref = None if reference is None else pd.Timestamp(reference).normalize()

    def need_reference() -> pd.Timestamp:
        if ref is None:
            raise ValueError(f"{expression!r} is relative and needs a reference date (the publication date)")
        return ref

    def month_start(month: str, year: str | None) -> pd.Timestamp:
        if year:
            return pd.Timestamp(int(year), MONTHS[month], 1)
        # The latest such month starting on or before the reference; the reference's own month counts.
        ref = need_reference()
        return pd.Timestamp(ref.year if MONTHS[month] <= ref.month else ref.year - 1, MONTHS[month], 1)

    def day(year: int, month: int, day_of_month: int) -> DateInterval:
        try:
            return interval_of(pd.Timestamp(year, month, day_of_month), "day")
        except ValueError:
            raise ValueError(f"{expression!r} is not a valid date") from None

    months = "|".join(MONTHS)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return day(int(m[3]), int(m[2]), int(m[1]))
    if (m := re.fullmatch(rf"(\d{{1,2}}) (?:of )?({months})(?:,? (\d{{4}}))?", text)) or (
            m := re.fullmatch(rf"({months}) (\d{{1,2}})(?:,? (\d{{4}}))?", text)):
        day_of_month, month = (int(m[1]), MONTHS[m[2]]) if m[1].isdigit() else (int(m[2]), MONTHS[m[1]])
        if m[3]:
            return day(int(m[3]), month, day_of_month)
        return _latest_day(month, day_of_month, need_reference(), expression)
    if m := re.fullmatch(rf"(\d{{1,2}}) ?[-–] ?(\d{{1,2}}) ({months})(?:,? (\d{{4}}))?", text):
        # "the night of 9-10 November": a night is recorded on the day it ends, with time_qualifier night.
        if int(m[2]) != int(m[1]) + 1:
            raise ValueError(f"{expression!r}: a range of days other than one night's two (9-10 November) has no "
                             "one date; record its first day with date_qualifier 'from', or each day as an event")
        return resolve_expression(f"{m[2]} {m[3]}" + (f" {m[4]}" if m[4] else ""), reference)
    if m := re.fullmatch(rf"(early|mid|late)[- ]({months})(?: (\d{{4}}))?", text):
        start = month_start(m[2], m[3])
        return interval_of(start + pd.Timedelta(days=PARTS_OF_MONTH[m[1]][0] - 1), "part of month")
    if m := re.fullmatch(rf"({months})(?: (\d{{4}}))?", text):
        return interval_of(month_start(m[1], m[2]), "month")
    if m := re.fullmatch(r"(\d{4})", text):
        return interval_of(pd.Timestamp(int(m[1]), 1, 1), "year")
    if m := re.fullmatch(r"(?:the )?(\d{3}0)s", text):
        return interval_of(pd.Timestamp(int(m[1]), 1, 1), "decade")
    if text in WEEKDAYS:
        ref = need_reference()
        return interval_of(ref - pd.Timedelta(days=(ref.weekday() - WEEKDAYS[text]) % 7), "day")
    spans = {"day": 1, "days": 1, "week": 7, "weeks": 7, "fortnight": 14, "fortnights": 14}
    counts = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
    if m := re.fullmatch(r"(a|one|two|three|four|five|six|seven|\d{1,2}) (days?|weeks?|fortnights?) "
                         r"(ago(?: today)?|from today|today)", text):
        amount = (int(m[1]) if m[1].isdigit() else counts[m[1]]) * spans[m[2]]
        ref = need_reference()  # "a week today" is a week from today, as "a week from today"
        return interval_of(ref + pd.Timedelta(days=-amount if m[3].startswith("ago") else amount), "day")
    if (m := re.fullmatch(r"this (\w+day)", text)) and m[1] in WEEKDAYS:
        return interval_of(need_reference() + pd.Timedelta(days=WEEKDAYS[m[1]] - need_reference().weekday()), "day")
    relative = {
        "today": (0, "day"), "yesterday": (-1, "day"),
        "this week": (0, "week"), "last week": (-1, "week"),
        "this month": (0, "month"), "last month": (-1, "month"),
        "this year": (0, "year"), "last year": (-1, "year"),
    }
    if text in relative:
        steps, unit = relative[text]
        ref = need_reference()
        anchor = {"day": ref + pd.Timedelta(days=steps), "week": ref + pd.Timedelta(weeks=steps),
                  "month": ref.replace(day=1) + pd.DateOffset(months=steps),
                  "year": ref.replace(month=1, day=1) + pd.DateOffset(years=steps)}[unit]
        return interval_of(anchor, unit)
    raise ValueError(f"cannot resolve date expression {expression!r}; understood forms: {'; '.join(DATE_FORMS)}")


def parse_duration(text: str) -> Quantity:
    """A stated duration as a Quantity in days, weeks, months or years: "six weeks", "44-day", "decades-long".

    >>> parse_duration("more than a quarter of a century").to_words()
    'more than 25 years'
    """
    quantity = parse_quantity(re.sub(r"^\s*(in|during|lasting)\s+", "", text, flags=re.IGNORECASE))
    if quantity.unit not in TIME_UNITS:
        raise ValueError(f"{text!r} is not a duration: it names no unit of time ({TIME_UNITS})")
    return quantity


def add_duration(date: DateLike, amount: float, unit: str) -> pd.Timestamp:
    """The date `amount` units later (earlier if negative); months and years follow the calendar.

    2020-11-10 + 5 years = 2025-11-10; a day that does not exist is clipped (31 Jan + 1 month = 29 Feb 2020).
    """
    ts = pd.Timestamp(date).normalize()
    if unit in ("days", "weeks"):
        return ts + pd.Timedelta(days=_whole(amount * (7 if unit == "weeks" else 1), unit))
    if unit in ("months", "years"):
        return ts + pd.DateOffset(months=_whole(amount * (12 if unit == "years" else 1), unit))
    raise ValueError(f"unknown unit {unit!r}; expected one of {TIME_UNITS}")


def shift_dates(dates: pd.Series, amounts: pd.Series, units: pd.Series, directions: pd.Series) -> pd.Series:
    """`add_duration` for whole columns, each amount counted "before" or "after" its date.

    Re-derives dates such as "44 days before 10 November 2020" (27 September 2020). Missing inputs give NaT.
    """
    dates = pd.to_datetime(dates).dt.normalize()
    units, directions = units.astype("string"), directions.astype("string")
    for name, column, allowed in (("units", units, TIME_UNITS), ("directions", directions, ["before", "after"])):
        unknown = sorted(set(column.dropna()) - set(allowed))
        if unknown:
            raise ValueError(f"unknown {name} {unknown}; expected one of {allowed}")
    signed = pd.to_numeric(amounts).astype(float) * directions.map({"after": 1.0, "before": -1.0}).astype(float)
    days = signed * units.map({"days": 1.0, "weeks": 7.0}).astype(float)
    months = signed * units.map({"months": 1.0, "years": 12.0}).astype(float)
    for steps, unit in ((days, "days"), (months, "months")):
        fractional = steps.notna() & (steps != steps.round())
        if fractional.any():
            raise ValueError(f"a shift must be a whole number of {unit}: rows {list(steps.index[fractional])}")
    out = dates + pd.to_timedelta(days, unit="D")
    by_month = months.notna() & dates.notna()
    if by_month.any():
        start, steps = dates[by_month], months[by_month].astype(int)
        total = start.dt.year * 12 + start.dt.month - 1 + steps  # months since year 0
        first = _ymd(total // 12, total % 12 + 1, 1)
        # The same day of the month, clipped to the month's last day like pd.DateOffset.
        day = np.minimum(start.dt.day, first.dt.days_in_month)
        out[by_month] = first + pd.to_timedelta(day - 1, unit="D")
    return out


def days_between(start: DateLike | pd.Series, end: DateLike | pd.Series) -> int | pd.Series:
    """end - start in whole days, for two dates (an int) or Series of dates (an Int64 Series, <NA> if missing)."""
    if isinstance(start, pd.Series) or isinstance(end, pd.Series):
        start, end = _day_or_days(start), _day_or_days(end)
        return (end - start).dt.days.astype("Int64")
    return (pd.Timestamp(end).normalize() - pd.Timestamp(start).normalize()).days


def duration_in(start: DateLike, end: DateLike, unit: str) -> float:
    """The time from start to end in days, weeks, months or years (negative if end is earlier).

    Months and years count whole calendar units, then the fraction of the next one:
    duration_in("2020-11-10", "2025-11-10", "years") == 5.0.
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if unit not in TIME_UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {TIME_UNITS}")
    if end < start:
        return -duration_in(end, start, unit)
    days = (end - start).days
    if unit in ("days", "weeks"):
        return days / (7 if unit == "weeks" else 1)
    per_unit = 12 if unit == "years" else 1
    whole = ((end.year - start.year) * 12 + end.month - start.month) // per_unit
    if add_duration(start, whole, unit) > end:  # the day of the month has not come round yet
        whole -= 1
    anchor, following = add_duration(start, whole, unit), add_duration(start, whole + 1, unit)
    return whole + (end - anchor).days / (following - anchor).days


def durations_in(starts: pd.Series, ends: pd.Series, units: pd.Series) -> pd.Series:
    """`duration_in` for whole columns, each row in its own unit (float; NaN where a date is missing)."""
    starts, ends = pd.to_datetime(starts).dt.normalize(), pd.to_datetime(ends).dt.normalize()
    units = units.astype("string")
    backwards = ends < starts  # measured the other way round, then negated, as duration_in does
    first, last = starts.where(~backwards, ends), ends.where(~backwards, starts)
    days = (last - first).dt.days.astype(float)
    out = days / units.map({"days": 1.0, "weeks": 7.0}).astype(float)
    calendar = units.isin(["months", "years"]).fillna(False) & first.notna() & last.notna()
    if calendar.any():
        f, l_, u = first[calendar], last[calendar], units[calendar]
        per_unit = u.map({"months": 1, "years": 12}).astype(int)
        whole = ((l_.dt.year - f.dt.year) * 12 + l_.dt.month - f.dt.month) // per_unit
        after = pd.Series("after", index=f.index)
        whole = whole - (shift_dates(f, whole, u, after) > l_).astype(int)  # the day has not come round yet
        anchor, following = shift_dates(f, whole, u, after), shift_dates(f, whole + 1, u, after)
        out[calendar] = whole + (l_ - anchor).dt.days / (following - anchor).dt.days
    return out.where(~backwards, -out)


def duration_verdicts(stated: pd.DataFrame, shortest: pd.Series, longest: pd.Series) -> pd.Series:
    """`duration_matches` for whole columns: `stated` has low, high (NaN = open), low_strict, high_strict and
    unit; `shortest` and `longest` are the durations the dates allow, in each row's unit."""
    tolerance = stated["unit"].astype("string").map(DURATION_TOLERANCE).astype(float)

    def clears(against_low: pd.Series, against_high: pd.Series, widen: pd.Series) -> pd.Series:
        low, high = stated["low"].astype(float), stated["high"].astype(float)
        low_ok = low.isna() | np.where(stated["low_strict"], against_low > low - widen, against_low >= low - widen)
        high_ok = high.isna() | np.where(stated["high_strict"], against_high < high + widen,
                                         against_high <= high + widen)
        return pd.Series(low_ok & high_ok, index=stated.index)

    consistent = clears(shortest, longest, tolerance * 0)
    within = clears(longest, shortest, tolerance)
    return pd.Series(np.select([consistent, within], [CONSISTENT, WITHIN_PRECISION], CONTRADICTS),
                     index=stated.index)


def days_between_intervals(start: DateInterval, end: DateInterval) -> tuple[int, int]:
    """The fewest and most days from a day of `start` to a day of `end`.

    From late September 2020 to 10 November 2020: (41, 50).
    """
    return (end.earliest - start.latest).days, (end.latest - start.earliest).days


def duration_matches(stated: Quantity, start: DateInterval, end: DateInterval) -> str:
    """Whether a stated duration agrees with the dates it spans: `CONSISTENT`, `WITHIN_PRECISION` or `CONTRADICTS`.

    The dates allow durations from (latest start to earliest end) to (earliest start to latest end), measured in
    the stated unit. CONSISTENT: every one of them satisfies the words taken literally (44 days from 27 September
    to 10 November; "more than six weeks"). WITHIN_PRECISION: some of them do once each bound of the words is
    widened by `DURATION_TOLERANCE` (half a week, month or year; days are exact): "six weeks" (5.5-6.5 weeks)
    for 44 days, "44 days" against late September, "more than a quarter of a century" from the 1990s to
    November 2020. CONTRADICTS otherwise. An excluded bound stays excluded when widened.
    """
    if stated.unit not in TIME_UNITS:
        raise ValueError(f"a duration must be in one of {TIME_UNITS}, got {stated.unit!r}")
    shortest = duration_in(start.latest, end.earliest, stated.unit)
    longest = duration_in(start.earliest, end.latest, stated.unit)
    # Every duration fits when the shortest clears the low bound and the longest the high bound; some
    # duration fits when the longest clears the low bound and the shortest the high bound.
    if _clears(stated, shortest, longest, tolerance=0.0):
        return CONSISTENT
    if _clears(stated, longest, shortest, tolerance=DURATION_TOLERANCE[stated.unit]):
        return WITHIN_PRECISION
    return CONTRADICTS


# ---- helpers ----

def _normalise(expression: str) -> str:
    text = re.sub(r"[\u2010-\u2013]", "-", expression.lower())
    text = re.sub(r"\s+", " ", text.strip().strip(".,;:"))
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)  # "December 11th" -> "December 11"
    text = re.sub(r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.", r"\1", text)  # "Nov. 17"
    while (stripped := _LEADING_WORDS.sub("", text)) != text:
        text = stripped
    text = re.sub(rf"\b(?:the )?({ORDINAL_DAY_PATTERN})\b", lambda w: str(ORDINAL_DAYS[w[1]]), text)
    text = re.sub(r"^the (?=\d)|(?<=[a-z]) the (?=\d)", " ", text).strip()  # "November the 10th"
    # "Nov 9-10", "November 9-10, 2020": a month first, then the night's two days
    return re.sub(r"^([a-z]+)\.? (\d{1,2}) ?- ?(\d{1,2})(,? \d{4})?$", r"\2-\3 \1\4", text)


def _unit_bounds(ts: pd.Timestamp, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the unit of `precision` that contains the (normalised) day `ts`."""
    if precision == "day":
        return ts, ts
    if precision == "week":  # Monday to Sunday
        monday = ts - pd.Timedelta(days=ts.weekday())
        return monday, monday + pd.Timedelta(days=6)
    if precision == "part of month":
        first, last = next(span for span in PARTS_OF_MONTH.values() if ts.day <= span[1])
        return ts.replace(day=first), ts.replace(day=min(last, ts.days_in_month))
    if precision == "month":
        return ts.replace(day=1), ts.replace(day=ts.days_in_month)
    if precision == "year":
        return pd.Timestamp(ts.year, 1, 1), pd.Timestamp(ts.year, 12, 31)
    decade = ts.year // 10 * 10
    return pd.Timestamp(decade, 1, 1), pd.Timestamp(decade + 9, 12, 31)


def _words(ts: pd.Timestamp, precision: str) -> str:
    month_year = f"{MONTH_NAMES[ts.month - 1]} {ts.year}"
    if precision == "day":
        return f"{ts.day} {month_year}"
    if precision == "week":
        return f"the week of {ts.day} {month_year}"
    if precision == "part of month":
        part = next(name for name, (first, _) in PARTS_OF_MONTH.items() if first == ts.day)
        return f"{part}-{month_year}" if part == "mid" else f"{part} {month_year}"
    if precision == "month":
        return month_year
    if precision == "year":
        return str(ts.year)
    return f"the {ts.year}s"


def _latest_day(month: int, day_of_month: int, reference: pd.Timestamp, expression: str) -> DateInterval:
    """The latest `day_of_month` of `month` on or before the reference (29 February looks back to a leap year)."""
    for year in range(reference.year, reference.year - 8, -1):
        try:
            candidate = pd.Timestamp(year, month, day_of_month)
        except ValueError:
            continue
        if candidate <= reference:
            return interval_of(candidate, "day")
    raise ValueError(f"{expression!r} is not a valid date")


def _ymd(years: pd.Series, months: pd.Series | int, days: pd.Series | int) -> pd.Series:
    """Dates from year, month and day columns (vectorised)."""
    return pd.to_datetime(pd.DataFrame({"year": years, "month": months, "day": days}, index=years.index))


def _whole(amount: float, unit: str) -> int:
    if amount != round(amount):
        raise ValueError(f"a shift must be a whole number of {unit}, got {amount}")
    return int(round(amount))


def _day_or_days(value: DateLike | pd.Series) -> pd.Timestamp | pd.Series:
    if isinstance(value, pd.Series):
        return pd.to_datetime(value).dt.normalize()
    return pd.Timestamp(value).normalize()


def _clears(stated: Quantity, against_low: float, against_high: float, tolerance: float) -> bool:
    """Whether `against_low` is within the stated low bound and `against_high` within the high bound, each
    bound widened by `tolerance` (an excluded bound stays excluded)."""
    low_ok = stated.low is None or (
        against_low > stated.low - tolerance if stated.low_strict else against_low >= stated.low - tolerance)
    high_ok = stated.high is None or (
        against_high < stated.high + tolerance if stated.high_strict else against_high <= stated.high + tolerance)
    return low_ok and high_ok
