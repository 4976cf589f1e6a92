"""Dates as people type them in the UK, stored as UTC, shown in the event's zone."""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import CoprodError

DEFAULT_TZ = "Europe/London"
ACCEPTED_FORMS = "3/12/2026 10:00, 3 Dec 2026 10am or 2026-12-03T10:00"
MAX_OCCURRENCES = 260
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_PROBE_DEFAULTS = (datetime(1901, 1, 1), datetime(1904, 2, 2))


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CoprodError(
            f"Unknown time zone {name!r}. Use a name such as Europe/London or Europe/Dublin.",
            field="tz") from error


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _parse(text: str, default: datetime) -> datetime:
    from dateutil import parser as dateparser  # only typed dates need it: the desk starts without

    try:
        with warnings.catch_warnings():  # "10:00 EST": refuse rather than silently ignore
            warnings.simplefilter("error", dateparser.UnknownTimezoneWarning)
            if _ISO_DATE.match(text):  # dayfirst would read 2026-12-03 as 12 March
                return dateparser.parse(text, yearfirst=True, dayfirst=False, default=default)
            return dateparser.parse(text, dayfirst=True, default=default)
    except dateparser.UnknownTimezoneWarning as error:
        raise CoprodError(
            f"{text!r} names a time zone that is not understood. Give the time in the "
            "event's own zone, e.g. 3/12/2026 10:00.") from error
    except (ValueError, OverflowError) as error:
        raise CoprodError(f"Cannot read {text!r} as a date and time. Try {ACCEPTED_FORMS}.") from error


def parse_when(text: str, tz: str | None = None, *, now: datetime | None = None) -> datetime:
    """A UK-typed date and time, as an aware datetime in `tz`.

    `now` (or "now") is accepted for scans typed in late; a bare time with no date is refused,
    because a course runs over many days and guessing the day would file data wrongly.
    """
    text = (text or "").strip()
    if len(text) > 64:
        raise CoprodError(f"That date is too long to be a date. Try {ACCEPTED_FORMS}.")
    zoneinfo = zone(tz)
    if text.lower() == "now":
        return (now or utcnow()).astimezone(zoneinfo)
    if not text:
        raise CoprodError(f"No date given. Try {ACCEPTED_FORMS}.")
    first, second = (_parse(text, default) for default in _PROBE_DEFAULTS)
    if (first.month, first.day) != (second.month, second.day):
        raise CoprodError(f"{text!r} has no date. Give the day too, e.g. {ACCEPTED_FORMS}.")
    if first.year != second.year:  # no year typed: this year
        first = first.replace(year=(now or utcnow()).astimezone(zoneinfo).year)
    if first.tzinfo is not None:
        return first.astimezone(zoneinfo)
    return first.replace(tzinfo=zoneinfo)


def parse_day(text: str) -> date:
    """A UK-typed calendar date such as 17/12/2026 or 17 Dec 2026."""
    text = (text or "").strip()
    if not text or len(text) > 64:
        raise CoprodError(f"Cannot read {text[:64]!r} as a date. Try 17/12/2026 or 17 Dec 2026.")
    try:
        first, second = (_parse(text, default) for default in _PROBE_DEFAULTS)
    except CoprodError as error:
        raise CoprodError(f"Cannot read {text!r} as a date. Try 17/12/2026 or 17 Dec 2026.") from error
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise CoprodError(f"{text!r} is not a whole date. Try 17/12/2026 or 17 Dec 2026.")
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
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def local(text_or_moment: str | datetime, tz: str | None) -> datetime:
    moment = from_db(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return moment.astimezone(zone(tz))


def show(text_or_moment: str | datetime, tz: str | None, *, with_date: bool = True) -> str:
    """Human form in the event's zone: "Thu 3 Dec 2026 10:00" or "10:00"."""
    moment = local(text_or_moment, tz)
    return moment.strftime(f"%a {moment.day} %b %Y %H:%M") if with_date else moment.strftime("%H:%M")


def expand_repeat(
    rule: str, starts: datetime, ends: datetime, except_days: list[date] = ()
) -> list[tuple[datetime, datetime]]:
    """Occurrences of an RFC 5545 rule, in local wall-clock time (10:00 stays 10:00 across
    the clock changes), without the excepted days."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    from dateutil import rrule  # only a repeat rule needs it: the desk starts without

    wall_start = starts.replace(tzinfo=None)
    try:
        recurrence = rrule.rrulestr(text, dtstart=wall_start)
    except (ValueError, TypeError) as error:
        raise CoprodError(
            f"Cannot read the repeat rule {rule!r} ({error}). "
            'Use RFC 5545 form, e.g. "FREQ=WEEKLY;COUNT=6".', field="repeat") from error
    occurrences = []
    for wall in recurrence.xafter(wall_start - timedelta(seconds=1), count=MAX_OCCURRENCES + 1, inc=True):
        occurrences.append(wall)
    if len(occurrences) > MAX_OCCURRENCES:
        raise CoprodError(
            f"The repeat rule makes more than {MAX_OCCURRENCES} sessions. Add COUNT or UNTIL, "
            'e.g. "FREQ=WEEKLY;COUNT=6".', field="repeat")
    skipped = set(except_days)
    duration = ends - starts
    tzinfo = starts.tzinfo
    return [
        (wall.replace(tzinfo=tzinfo), (wall + duration).replace(tzinfo=tzinfo))
        for wall in occurrences
        if wall.date() not in skipped
    ]
