"""Dates as people type them in the UK, stored as UTC, shown in the event's zone.

Typed dates are day first (3/12/2026 is 3 December) and never silently swapped; a time the clocks
skip or show twice is an error that says so; years run from 2000 to 2100, which every event of
ours falls in and every time zone converts to UTC without overflow.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import CoprodError, quote
from .text import whole_number

DEFAULT_TZ = "Europe/London"
ACCEPTED_FORMS = "3/12/2026 10:00, 3 Dec 2026 10am or 2026-12-03T10:00"
DAY_FORMS = "17/12/2026 or 17 Dec 2026"
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_TYPED = 64  # the longest date anyone types; longer is refused unread
_PROBE_DEFAULTS = (datetime(1901, 1, 1), datetime(1904, 2, 2))
# Numeric dates as typed, to check their month before dateutil swaps day and month where the
# month cannot be one: day first (3/12/2026, 3-12-26, 3/12), year first (2026-12-03, 20261203).
_DAY_FIRST = re.compile(r"(?<![\d:/.-])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})"
                        r"(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\d:/])")
_YEAR_FIRST = (
    re.compile(r"(?<![\d:/.-])(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d:])"),
    re.compile(r"(?<![\d:/.-])(?P<year>\d{4})(?P<month>\d\d)(?P<day>\d\d)(?![\d:])"),
)
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d\d)(?=\s*[ap]\.?m\b)", re.IGNORECASE)  # 10.30am
# Repeat rules: the parts of RFC 5545's RRULE (not dateutil's extras, such as BYEASTER), at most
# daily (an impossible SECONDLY rule kept dateutil busy for over two minutes) and at most 260
# sessions (five years of weekly sessions).
RULE_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO",
              "BYMONTH", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND", "WKST")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_OCCURRENCES = 260
MAX_INTERVAL = 100
MAX_RULE = 200
_RULE_TEXT = re.compile(r"[ -~]*")  # printable ASCII, so what dateutil's messages quote of it is too
_UNTIL = re.compile(r"(?P<date>\d{8})(?:T(?P<time>\d{6})(?P<utc>Z)?)?")
# dateutil only gives up on a rule that never matches (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) at
# the year 9999, seconds of work from now. So rules run on a calendar moved this many years on,
# a whole number of 400-year Gregorian cycles (the same dates on the same weekdays), where 9999
# is at most four centuries away; what they make is moved back.
_CALENDAR_SHIFT = 7600


class AmbiguousTime(CoprodError):
    """A time the clocks show twice, when they go back. `candidates` holds both moments, the
    earlier first, so a form can ask which was meant; typing the offset says which."""

    def __init__(self, message: str, candidates: tuple[datetime, datetime]):
        super().__init__(message)
        self.candidates = candidates


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:  # OSError: "Europe" is a folder
        raise CoprodError(
            f"Unknown time zone {quote(name)}. Use a name such as Europe/London or Europe/Dublin.",
            field="tz") from error


def utcnow() -> datetime:
    return datetime.now(UTC)


def _refuse_month_first(text: str) -> None:
    """1/13/2027 is refused: dateutil would read it as 13 January, as it does whenever a number
    cannot be a month, so a US-style date would be read one way or the other by its numbers.
    The first numeric date is the one checked: 10.30.00 after it is a time."""
    match = next((m for m in _DAY_FIRST.finditer(text) if m["year"] or m["sep"] == "/"), None)
    if match and int(match["day"]) <= 12 < int(match["month"]) <= 31:  # 10.30 and 10-12 are not dates
        swapped = "/".join(part for part in (match["month"], match["day"], match["year"]) if part)
        raise CoprodError(f"In {quote(text)}, {int(match['month'])} is not a month: dates are day "
                          f"first, e.g. {swapped}.")
    for pattern in _YEAR_FIRST:
        match = pattern.search(text)
        if match and int(match["day"]) <= 12 < int(match["month"]) <= 31:
            day, month = int(match["day"]), int(match["month"])
            raise CoprodError(f"In {quote(text)}, {month} is not a month: a date that starts with "
                              f"the year is year-month-day, e.g. {match['year']}-{day:02d}-{month:02d}.")


def _read(text: str, wanted: str, forms: str) -> tuple[datetime, datetime]:
    """dateutil's reading of `text`, twice, with different defaults: a part of the date that
    differs between the two was not typed."""
    from dateutil import parser as dateparser  # only typed dates need it: the desk starts without

    _refuse_month_first(text)
    yearfirst = any(pattern.search(text) for pattern in _YEAR_FIRST)  # else 2026-12-03 is 12 March
    readable = _DOTTED_TIME.sub(r"\1:\2", text)  # dateutil reads 10.30am as 10:00
    try:
        with warnings.catch_warnings():  # "10:00 EST": refuse rather than silently ignore
            warnings.simplefilter("error", dateparser.UnknownTimezoneWarning)
            first, second = (
                dateparser.parse(readable, dayfirst=not yearfirst, yearfirst=yearfirst, default=default)
                for default in _PROBE_DEFAULTS)
            first.utcoffset()  # an offset of a day or more ("+25:00") is refused only when used
    except dateparser.UnknownTimezoneWarning as error:
        raise CoprodError(
            f"{quote(text)} names a time zone that is not understood. Give the time in the "
            "event's own zone, e.g. 3/12/2026 10:00.") from error
    except (ValueError, OverflowError) as error:
        raise CoprodError(f"Cannot read {quote(text)} as {wanted}. Try {forms}.") from error
    return first, second


def in_range(moment: datetime) -> datetime:
    """A datetime given directly (not typed) is held to the same years as a typed one."""
    _check_year(moment.year, f"{moment:%d/%m/%Y}")
    return moment


def _check_year(year: int, what: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CoprodError(f"{what} is in {year}: dates run from {FIRST_YEAR} to {LAST_YEAR}.")


def parse_when(text: str, tz: str | None = None, *, now: datetime | None = None) -> datetime:
    """A UK-typed date and time, as an aware datetime in `tz`.

    `now` (or "now") is accepted for scans typed in late; a bare time with no date is refused,
    because a course runs over many days and guessing the day would file data wrongly. A time
    with an offset ("25/10/2026 01:30 +01:00") is that moment; one without is on the zone's
    clock, so a time the clocks skip or show twice is refused (AmbiguousTime for the latter).
    """
    text = (text or "").strip()
    if len(text) > MAX_TYPED:
        raise CoprodError(f"That date is too long to be a date. Try {ACCEPTED_FORMS}.")
    zoneinfo = zone(tz)
    if text.lower() == "now":
        return (now or utcnow()).astimezone(zoneinfo)
    if not text:
        raise CoprodError(f"No date given. Try {ACCEPTED_FORMS}.")
    first, second = _read(text, "a date and time", ACCEPTED_FORMS)
    if (first.month, first.day) != (second.month, second.day):
        raise CoprodError(f"{quote(text)} has no date. Give the day too, e.g. {ACCEPTED_FORMS}.")
    if first.year != second.year:  # no year typed: this year
        first = first.replace(year=(now or utcnow()).astimezone(zoneinfo).year)
    _check_year(first.year, quote(text))
    if first.tzinfo is not None:
        return first.astimezone(zoneinfo)
    return _on_the_clock(first.replace(tzinfo=zoneinfo), zoneinfo, text)


def _on_the_clock(moment: datetime, zoneinfo: ZoneInfo, text: str) -> datetime:
    """`moment` (a wall-clock time in `zoneinfo`), if the zone's clocks show it exactly once."""
    from dateutil import tz as dateutil_tz

    if not dateutil_tz.datetime_exists(moment):
        change, changed = _clock_change(moment, zoneinfo)
        raise CoprodError(
            f"{quote(text)} does not exist in {zoneinfo.key}: the clocks go forward from {change:%H:%M} "
            f"to {changed:%H:%M} on {day(change)}. Give a time before {change:%H:%M} or from "
            f"{changed:%H:%M}.")
    if dateutil_tz.datetime_ambiguous(moment):
        change, changed = _clock_change(moment, zoneinfo)
        earlier, later = moment.replace(fold=0), moment.replace(fold=1)
        raise AmbiguousTime(
            f"{quote(text)} happens twice in {zoneinfo.key}: the clocks go back from {change:%H:%M} to "
            f"{changed:%H:%M} on {day(change)}. Say which with its offset: {_with_offset(earlier)} "
            f"({earlier.tzname()}, the first time) or {_with_offset(later)} ({later.tzname()}, the second).",
            (earlier, later))
    return moment


def _clock_change(moment: datetime, zoneinfo: ZoneInfo) -> tuple[datetime, datetime]:
    """The clock change that skips or repeats `moment`, as naive wall-clock times: when the
    clocks change, and what they change to. The two readings of `moment` (fold 0 and 1) fall
    either side of the change; halving the seconds between them finds it (zoneinfo keeps no list
    of changes to look up)."""
    low, high = sorted(moment.replace(fold=fold).timestamp() for fold in (0, 1))
    low, high = math.floor(low), math.ceil(high)
    old = _offset(low, zoneinfo)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _offset(middle, zoneinfo) == old else (low, middle)
    change = datetime.fromtimestamp(high, UTC).replace(tzinfo=None)
    return change + old, change + _offset(high, zoneinfo)


def _offset(timestamp: int, zoneinfo: ZoneInfo) -> timedelta:
    return datetime.fromtimestamp(timestamp, zoneinfo).utcoffset() or timedelta(0)


def day(moment: date, *, year: bool = True) -> str:
    """Wed 6 Jan 2027 (or Wed 6 Jan)."""
    return f"{moment:%a} {moment.day} {moment:%b}" + (f" {moment:%Y}" if year else "")


def _with_offset(moment: datetime) -> str:
    """As typed to name one moment: "25/10/2026 01:30 +01:00"."""
    return f"{moment:%d/%m/%Y %H:%M} {moment.isoformat()[-6:]}"


def parse_day(text: str) -> date:
    """A UK-typed calendar date such as 17/12/2026 or 17 Dec 2026."""
    text = (text or "").strip()
    if not text or len(text) > MAX_TYPED:
        raise CoprodError(f"Cannot read {quote(text)} as a date. Try {DAY_FORMS}.")
    first, second = _read(text, "a date", DAY_FORMS)
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise CoprodError(f"{quote(text)} is not a whole date. Try {DAY_FORMS}.")
    _check_year(first.year, quote(text))
    return first.date()


def check_span(starts: datetime, ends: datetime) -> None:
    if ends <= starts:
        raise CoprodError(
            f"The end ({ends:%d/%m/%Y %H:%M}) must be after the start ({starts:%d/%m/%Y %H:%M}).",
            field="ends")


def to_db(moment: datetime) -> str:
    """UTC text with fixed width, so that text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to to_db")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> datetime:
    """The stored form back as an aware UTC datetime. (fromisoformat reads it in a fifth of a
    microsecond, strptime in twenty: attendance reads every check-in's time, often more than once.)"""
    return datetime.fromisoformat(text)


def local(text_or_moment: str | datetime, tz: str | None) -> datetime:
    moment = from_db(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return moment.astimezone(zone(tz))


def show(text_or_moment: str | datetime, tz: str | None, *, with_date: bool = True) -> str:
    """Human form in the event's zone: "Thu 3 Dec 2026 10:00" or "10:00"."""
    moment = local(text_or_moment, tz)
    return moment.strftime(f"%a {moment.day} %b %Y %H:%M") if with_date else moment.strftime("%H:%M")


def expand_repeat(
    rule: str, starts: datetime, ends: datetime, except_days: Collection[date] = ()
) -> list[tuple[datetime, datetime]]:
    """Occurrences of an RFC 5545 rule, in local wall-clock time (10:00 stays 10:00 across
    the clock changes), without the excepted days. A rule is refused, in words, unless it
    repeats daily or less often, ends (COUNT or UNTIL, not both) and makes 1 to 260 sessions
    from `starts`, all by the end of 2100."""
    from dateutil import rrule  # only a repeat rule needs it: the desk starts without

    parts = _rule_parts(rule, starts.tzinfo)
    _check_year(starts.year, f"The first session ({day(starts)})")
    wall_start = starts.replace(tzinfo=None)
    try:
        recurrence = rrule.rrulestr(_rule_text(parts), dtstart=_shift(wall_start, _CALENDAR_SHIFT))
        walls = [_shift(wall, -_CALENDAR_SHIFT) for wall in islice(recurrence, MAX_OCCURRENCES + 1)]
    except (ValueError, TypeError, OverflowError) as error:
        raise _rule_error(rule, f"cannot be read ({str(error)[:80]}). Use RFC 5545 form, "
                                'e.g. "FREQ=WEEKLY;COUNT=6"') from error
    if not walls:
        raise _rule_error(rule, f"makes no sessions from {day(wall_start)}")
    if len(walls) > MAX_OCCURRENCES:
        raise _rule_error(rule, f"makes more than {MAX_OCCURRENCES} sessions: end it sooner")
    if walls[-1].year > LAST_YEAR or len(walls) < int(parts.get("COUNT", 0)):
        raise _rule_error(rule, f"runs past {LAST_YEAR}: dates run from {FIRST_YEAR} to {LAST_YEAR}")
    duration, skipped = ends - starts, set(except_days)
    return [
        (wall.replace(tzinfo=starts.tzinfo), (wall + duration).replace(tzinfo=starts.tzinfo))
        for wall in walls
        if wall.date() not in skipped
    ]


def _rule_error(rule: str, problem: str) -> CoprodError:
    return CoprodError(f"The repeat rule {quote(rule)} {problem}.", field="repeat")


def _rule_parts(rule: str, zoneinfo: tzinfo | None) -> dict[str, str]:
    """The NAME=VALUE parts of a repeat rule, upper-cased, with COUNT and INTERVAL as plain
    numbers and UNTIL as a wall-clock time in `zoneinfo`; refused in words if they cannot make
    a course's sessions."""
    text = rule.strip()
    text = text[len("RRULE:"):] if text.upper().startswith("RRULE:") else text
    if len(text) > MAX_RULE or not _RULE_TEXT.fullmatch(text):
        raise _rule_error(rule, 'is not a repeat rule: use RFC 5545 form, e.g. "FREQ=WEEKLY;COUNT=6"')
    parts: dict[str, str] = {}
    for part in filter(None, (part.strip() for part in text.upper().split(";"))):
        name, _, value = (piece.strip() for piece in part.partition("="))
        if name not in RULE_PARTS or not value:
            raise _rule_error(rule, f"has {quote(part)}, which is not NAME=VALUE with a name from "
                                    f"{', '.join(RULE_PARTS)}")
        if name in parts:
            raise _rule_error(rule, f"gives {name} twice")
        parts[name] = value
    if parts.get("FREQ") not in FREQUENCIES:
        raise _rule_error(rule, f"needs FREQ set to {', '.join(FREQUENCIES[:-1])} or {FREQUENCIES[-1]}: "
                                "sessions repeat at most daily")
    _check_rule_ends(rule, parts)
    for name, high in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_OCCURRENCES)):
        if name in parts:
            number = whole_number(parts[name], f"repeat rule's {name}", low=1, high=high, key="repeat")
            parts[name] = str(number)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until(rule, parts["UNTIL"], zoneinfo)
    return parts


def _check_rule_ends(rule: str, parts: dict[str, str]) -> None:
    if "COUNT" in parts and "UNTIL" in parts:
        raise _rule_error(rule, "has both COUNT and UNTIL: give one (RFC 5545 allows one or the other)")
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise _rule_error(rule, 'never ends: add COUNT or UNTIL, e.g. "FREQ=WEEKLY;COUNT=6"')


def _until(rule: str, value: str, zoneinfo: tzinfo | None) -> str:
    """UNTIL as a wall-clock time on the shifted calendar (see _CALENDAR_SHIFT). A date alone
    takes in the whole day; a time in UTC (…Z, as RFC 5545 has it) is put on the zone's clock."""
    not_a_date = _rule_error(rule, "has an UNTIL that is not a date such as 20270131 or 20270131T120000Z")
    match = _UNTIL.fullmatch(value)
    if not match:
        raise not_a_date
    try:
        until = datetime.strptime(match["date"] + (match["time"] or "235959"), "%Y%m%d%H%M%S")
    except ValueError:
        raise not_a_date from None
    if match["utc"]:
        until = until.replace(tzinfo=UTC).astimezone(zoneinfo).replace(tzinfo=None)
    if not FIRST_YEAR <= until.year <= LAST_YEAR:
        raise _rule_error(rule, f"runs until {until.year}: dates run from {FIRST_YEAR} to {LAST_YEAR}")
    return f"{_shift(until, _CALENDAR_SHIFT):%Y%m%dT%H%M%S}"


def _rule_text(parts: dict[str, str]) -> str:
    return ";".join(f"{name}={value}" for name, value in parts.items())


def _shift(moment: datetime, years: int) -> datetime:
    return moment.replace(year=moment.year + years)
