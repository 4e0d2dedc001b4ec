"""Publication dates given by sources (feeds, JSON fields, HTTP headers) -> datetime.

Event-time expressions inside article text are a different problem: see events/timex.py.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

MIN_YEAR, MAX_YEAR = 1900, 2100


def parse_date(value: object) -> datetime | None:
    """ISO 8601, RFC 2822 or a loose date string (via dateparser) -> naive UTC datetime.

    Returns None for anything unparseable or outside 1900-2100, never raises.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _plausible(naive_utc(value))
    if isinstance(value, date):
        return _plausible(datetime(value.year, value.month, value.day))
    if isinstance(value, (int, float)):
        try:
            return _plausible(datetime.fromtimestamp(float(value), tz=timezone.utc).replace(tzinfo=None))
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()[:100]
    for parser in (_iso, _rfc2822, _loose):
        parsed = parser(text)
        if parsed is not None:
            return _plausible(naive_utc(parsed))
    return None


def naive_utc(value: date | datetime | None) -> datetime | None:
    """How Marsad stores a moment: a naive datetime in UTC (a date becomes its midnight)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _plausible(value: datetime | None) -> datetime | None:
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return value


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _loose(text: str) -> datetime | None:
    import dateparser

    try:
        return dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # dateparser raises a variety of internal errors on odd input
        return None
