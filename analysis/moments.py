"""The moment an account of an event names: its days, narrowed by a time of day and placed in a time zone.

Dates in the data are days. Some sources also give the hour ("00:00 Moscow time"), an approximate hour ("around
23:00"), or only the night ("on the night of November 10"), and a moment near midnight falls on different calendar
days in different time zones: 00:00 Moscow time on 10 November is 21:00 on 9 November in London. `account_moments`
turns each account into a window of minutes:

- a day without a time: the whole day, 00:00 to 23:59 (by, before, after, since and report dates open one side,
  as `timeline.account_windows` says);
- a start_time: that minute; with time_qualifier "about", within `ABOUT` either side;
- time_qualifier "night" without a start_time: from 18:00 the evening before the date to 06:00 the morning after
  (`NIGHT`), which holds both readings of "the night of 10 November" (into the 10th, or starting on it); with a
  start_time, within `ABOUT` of it;
- with a time_zone the window is converted to UTC; without one its zone is unknown.

`comparable` puts two windows on one clock: both zoned, in UTC; both without a zone, as they stand (sources dating
one event are read in one calendar, so 9 and 10 November stay a day apart); one of each, the one without a zone
widened to every zone in use (`ZONE_SPREAD`, UTC-12 to UTC+14), so that "9 November" can name the same moment as
00:00 Moscow time on 10 November, and "12 November" cannot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import timeline

ABOUT = pd.Timedelta(hours=1)  # "around 23:00": 22:00 to 00:00
NIGHT = (pd.Timedelta(hours=-6), pd.Timedelta(hours=30))  # 18:00 the evening before to 06:00 the morning after
MINUTE = pd.Timedelta(minutes=1)
# The earliest and latest offsets from UTC in use: a day in an unknown zone starts up to 14 hours before that day
# starts in UTC (Kiribati, UTC+14) and ends up to 12 hours after it ends (UTC-12).
ZONE_SPREAD = (pd.Timedelta(hours=14), pd.Timedelta(hours=12))


def account_moments(tl: pd.DataFrame) -> pd.DataFrame:
    """Each account's window as minutes: columns start, end (inclusive; UTC where zoned, else local) and zoned.

    `tl` is `timeline.build_timeline(data)`. Open ends stay `timeline.OPEN_START`/`OPEN_END`. Raises
    TimeZoneError naming the line of an event whose time_zone is not an IANA zone.
    """
    windows = timeline.account_windows(tl)
    open_start, open_end = windows["window_start"] == timeline.OPEN_START, windows["window_end"] == timeline.OPEN_END
    start = windows["window_start"]
    end = (windows["window_end"] + pd.Timedelta(days=1) - MINUTE).where(~open_end, timeline.OPEN_END)
    qualifier = tl["date_qualifier"]  # compared with words as it is (a categorical's codes, not a string per row)
    time_qualifier = tl["time_qualifier"].astype("object")
    day = (tl["date_precision"] == "day") & tl["end_date"].isna()
    at = day & tl["start_time"].notna()
    clock = tl["start_date"].copy()  # the stated minute; only the rows that state one are converted
    # Durations in the dates' own unit (microseconds): a nanosecond Series would pull a sum into nanoseconds, which
    # end before the year 1678.
    duration = f"timedelta64[{tl['start_date'].dt.unit}]"
    clock[at] = tl.loc[at, "start_date"] + pd.to_timedelta(tl.loc[at, "start_time"] + ":00").astype(duration)
    tolerance = pd.Series(pd.Timedelta(0), index=tl.index, dtype=duration).mask(
        time_qualifier.isin(["about", "night"]), ABOUT)
    reported = tl["date_refers_to"] == "report"
    # A stated minute narrows the side(s) of the window the date qualifier leaves closed.
    on = at & (qualifier == "on") & ~reported
    start = start.mask(on | (at & (qualifier == "since")), clock - tolerance).mask(
        at & (qualifier == "after") & ~reported, clock + tolerance + MINUTE)
    end = end.mask(on | (at & ((qualifier == "by") | reported)), clock + tolerance).mask(
        at & (qualifier == "before"), clock - tolerance - MINUTE)
    night = day & (time_qualifier == "night") & ~at & (qualifier == "on") & ~reported
    start = start.mask(night, tl["start_date"] + NIGHT[0])
    end = end.mask(night, tl["start_date"] + NIGHT[1] - MINUTE)
    zoned = tl["time_zone"].notna()
    for zone in tl.loc[zoned, "time_zone"].unique():  # one conversion per zone named, not per row
        rows = tl["time_zone"] == zone
        start = start.mask(rows & ~open_start, _to_utc(start[rows & ~open_start], zone, tl, earliest=True))
        end = end.mask(rows & ~open_end, _to_utc(end[rows & ~open_end], zone, tl, earliest=False))
    return pd.DataFrame({"start": start, "end": end, "zoned": zoned.astype(bool)}, index=tl.index)


def comparable(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Two aligned frames of moments (start, end, zoned) on one clock, and where a zone was unknown on one side
    only (there the side without a zone is widened by `ZONE_SPREAD`; open ends stay open)."""
    mixed = a["zoned"] != b["zoned"]

    def widened(frame: pd.DataFrame) -> pd.DataFrame:
        rows = mixed & ~frame["zoned"]
        start = frame["start"].mask(rows & (frame["start"] != timeline.OPEN_START), frame["start"] - ZONE_SPREAD[0])
        end = frame["end"].mask(rows & (frame["end"] != timeline.OPEN_END), frame["end"] + ZONE_SPREAD[1])
        return frame.assign(start=start, end=end)

    return widened(a), widened(b), mixed


def time_words(tl: pd.DataFrame) -> pd.Series:
    """" at 00:00 (Europe/Moscow)", " at about 23:00", " at night" for each account; "" where no time is given."""
    words = pd.Series("", index=tl.index)
    timed = tl["start_time"].notna() | tl["time_qualifier"].notna()
    if not timed.any():
        return words
    rows = tl[timed]  # the words are built for the few accounts that give a time
    time_qualifier = rows["time_qualifier"].astype("object")
    about = pd.Series(np.where(time_qualifier.isin(["about", "night"]), "about ", ""), index=rows.index)
    clock = (about + rows["start_time"] + (" (" + rows["time_zone"] + ")").fillna("")).fillna("")
    night = time_qualifier == "night"
    words[timed] = (" at " + clock).where(clock != "", "").mask(night, " at night" + (", " + clock).where(
        clock != "", ""))
    return words


class TimeZoneError(ValueError):
    """A time_zone that is not an IANA zone; the message names the events.csv lines and the value."""


def _to_utc(local: pd.Series, zone: str, tl: pd.DataFrame, earliest: bool) -> pd.Series:
    """Local wall-clock times in `zone` as naive UTC. A repeated hour (clocks going back) takes its earlier
    instant for a window's start and its later for its end; a skipped hour moves forward."""
    try:
        aware = local.dt.tz_localize(zone, ambiguous=np.full(len(local), earliest), nonexistent="shift_forward")
    except (KeyError, ValueError) as error:  # zoneinfo raises KeyError subclasses for unknown zones
        lines = ", ".join(str(line) for line in tl.loc[tl["time_zone"] == zone, "line"].head(5))
        raise TimeZoneError(f"events.csv, line {lines}, field 'time_zone': found {zone!r}; expected an IANA time "
                            f"zone such as 'Europe/Moscow' ({error})") from None
    return aware.dt.tz_convert("UTC").dt.tz_localize(None).astype(local.dtype)
