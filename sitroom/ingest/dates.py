"""Publication dates as ISO `YYYY-MM-DD`, from the forms news archives use.

The common forms (ISO 8601, RFC 2822 as in RSS, `26-FEB-1987` as in Reuters, Unix timestamps)
are read directly; only the rest goes to dateparser, which costs milliseconds a call and would
dominate the ingest of a large archive.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from typing import Any

from ..errors import InputError

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[- ]([A-Za-z]{3})[- ](\d{4})")
# Earliest and latest plausible publication years for a number read as a Unix timestamp.
_TIMESTAMP_YEARS = (1971, 2100)


def iso_date(value: Any) -> str | None:
    """`value` as `YYYY-MM-DD`; None for an empty value; `InputError` when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return dt.date(*value[:3]).isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _timestamp(value)
    return _text_date(str(value).strip())


def _text_date(text: str) -> str:
    for reader in (_iso, _day_month_year, _rfc2822):
        found = reader(text)
        if found:
            return found
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    if parsed is None:
        raise InputError(f"cannot read publication date {text!r}")
    return parsed.date().isoformat()


def _iso(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _day_month_year(text: str) -> str | None:
    match = _DAY_MONTH_YEAR.match(text)
    if not match:
        return None
    try:
        return dt.datetime.strptime(" ".join(match.groups()), "%d %b %Y").date().isoformat()
    except ValueError:
        return None


def _rfc2822(text: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _timestamp(value: float) -> str:
    seconds = value / 1000 if value > 1e11 else value  # milliseconds, as JavaScript writes them
    day = dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    if not _TIMESTAMP_YEARS[0] <= day.year <= _TIMESTAMP_YEARS[1]:
        raise InputError(f"cannot read publication date {value!r}")
    return day.isoformat()
