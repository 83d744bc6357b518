"""Builders of index data for the tests of the index pages, API, rules and verification:
survey answers of an office, a region's period with its chosen indicators, checklists."""

import datetime as dt

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyResponse
from cxflow.index.services import checklists, periods
from cxflow.index.services.checklists import ItemInput

START, END = dt.date(2022, 4, 25), dt.date(2022, 5, 6)  # the 2022 pilot's window (L314)
BEFORE = (dt.date(2021, 10, 1), dt.date(2021, 12, 31))  # a baseline period


def answers(**overrides) -> dict:
    """A full answer set, every scale at 5 (not positive) unless overridden."""
    base = {f"q{n}": 5 for n in (1, 2, 3, 5, 6, 7, 8, 9, 10, 11)}
    base |= {
        "q4": "no",
        "q12": {"used": False, "score": None},
        "q13": {"used": False, "score": None},
        "q14": "office",
        "q15": {"office": None, "website": None, "social": None, "contact_center": None},
    }
    if "q15" in overrides:  # one channel's scale, the others left blank
        overrides["q15"] = base["q15"] | overrides["q15"]
    return base | overrides


def respond(office, n, day=START, respondent="seeker", counted=True, **overrides) -> None:
    """`n` answers of `office` received on `day`."""
    db.session.add_all(
        SurveyResponse(
            office=office,
            region_id=office.region_id,
            respondent=respondent,
            questionnaire_key="survey-2022",
            questionnaire_version=1,
            answers=answers(**overrides),
            profile={},
            received_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
            received_on=day,
            device_hash="d" * 64,
            answers_hash="a" * 64,
            counted=counted,
        )
        for _ in range(n)
    )
    db.session.flush()


def period(region, keys=(), start=START, end=END):
    """The region's period of these dates with `keys` chosen."""
    return periods.choose(region, start, end, list(keys))


def fill(office, found_period, key, codes=(), values=None, user=None):
    """The office's checklist of `key` with `codes` implemented, each with a link."""
    items = [ItemInput(code, True, f"https://czn.example/{key}/{code}") for code in codes]
    return checklists.save(office, found_period, key, items, values, user)
