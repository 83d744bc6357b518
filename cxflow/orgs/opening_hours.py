"""An office's opening hours as people write them: «пн-пт 09:00-18:00; сб 10:00-14:00».

Parsed into weekday → (opens, closes); the survey's off-hours rule uses them (issue #15)."""

import datetime as dt
import re

from flask_babel import lazy_gettext as _l

from cxflow.core.errors import ValidationError

DAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
DAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PART = re.compile(
    r"^(?P<first>[a-zа-я]{2,3})(?:\s*[-–]\s*(?P<last>[a-zа-я]{2,3}))?\s+"
    r"(?P<opens>\d{1,2}:\d{2})\s*[-–]\s*(?P<closes>\d{1,2}:\d{2})$"
)

Hours = dict[int, tuple[dt.time, dt.time]]


def _day(name: str) -> int | None:
    for names in (DAYS, DAYS_EN):
        if name in names:
            return names.index(name)
    return None


def _time(text: str) -> dt.time | None:
    hours, minutes = map(int, text.split(":"))
    return dt.time(hours, minutes) if hours < 24 and minutes < 60 else None


def parse(text: str, field: str = "opening_hours") -> Hours:
    """Weekday (0 = Monday) → (opens, closes); an empty text is no hours at all."""
    hours: Hours = {}
    for part in filter(None, (p.strip().lower() for p in re.split(r"[;\n]", text or ""))):
        match = _PART.match(part)
        first = _day(match["first"]) if match else None
        last = _day(match["last"] or match["first"]) if match else None
        opens = _time(match["opens"]) if match else None
        closes = _time(match["closes"]) if match else None
        if None in (first, last, opens, closes) or first > last or opens >= closes:
            raise ValidationError(
                {field: _l("Write the hours as «пн-пт 09:00-18:00; сб 10:00-14:00».")}
            )
        hours.update({day: (opens, closes) for day in range(first, last + 1)})
    return hours


def is_open(hours: Hours, moment: dt.datetime) -> bool:
    """Whether `moment` (in the office's local time) falls within the hours."""
    opens_closes = hours.get(moment.weekday())
    return opens_closes is not None and opens_closes[0] <= moment.time() < opens_closes[1]
