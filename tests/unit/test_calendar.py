"""Working-day arithmetic against known dates of the Russian production calendar."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxflow.calendar import services
from cxflow.calendar.models import CalendarOverride
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from tests.factories import RegionFactory

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-01-09", False),  # moved from Saturday 03.01.2026
        ("2026-01-12", True),  # the first working day of 2026
        ("2026-03-09", False),  # 8 March fell on a Sunday
        ("2026-05-11", False),  # 9 May fell on a Saturday
        ("2026-12-31", False),  # moved from Sunday 04.01.2026
        ("2027-02-20", True),  # a working Saturday (transfer to 22.02.2027)
        ("2027-02-22", False),
        ("2024-04-27", True),  # a working Saturday
        ("2026-11-21", False),  # an ordinary Saturday
    ],
)
def test_known_days(app, day, working):
    assert services.is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-11-23", 1, "2026-11-23"),  # a working start date is day 1
        ("2026-11-21", 1, "2026-11-23"),  # a Saturday start: the next working day
        ("2025-12-26", 5, "2026-01-13"),  # over the New Year holidays and the moved 31.12.2025
        ("2026-01-01", 1, "2026-01-12"),
        ("2026-01-01", 247, "2026-12-30"),  # 2026 has 247 working days
        ("2026-01-01", 248, "2027-01-11"),  # year boundary
        ("2027-02-19", 2, "2027-02-20"),  # the working Saturday counts
        ("2026-03-06", 2, "2026-03-10"),  # 9 March is off
    ],
)
def test_add_working_days(app, start, days, expected):
    assert services.add_working_days(D(start), days) == D(expected)


@pytest.mark.parametrize("days", [0, -3, 100_000])
def test_add_working_days_rejects_bad_counts(app, days):
    with pytest.raises(ValidationError) as exc:
        services.add_working_days(D("2026-01-01"), days)
    assert "days" in exc.value.fields


def test_overrides_national_and_regional(app):
    region, other = RegionFactory(), RegionFactory()
    db.session.add_all(
        [
            CalendarOverride(day=D("2026-11-24"), is_working=False, note="national"),
            CalendarOverride(day=D("2026-11-25"), is_working=False, region=region),
            CalendarOverride(day=D("2026-11-28"), is_working=True, region=region),  # a Saturday
        ]
    )
    db.session.flush()
    assert services.add_working_days(D("2026-11-23"), 2) == D("2026-11-25")
    assert services.add_working_days(D("2026-11-23"), 2, other.id) == D("2026-11-25")
    assert services.add_working_days(D("2026-11-23"), 2, region.id) == D("2026-11-26")
    assert services.add_working_days(D("2026-11-23"), 4, region.id) == D("2026-11-28")
    assert services.is_working_day(D("2026-11-28"), region.id)
    assert not services.is_working_day(D("2026-11-28"))


def test_regional_override_beats_national(app):
    region = RegionFactory()
    db.session.add_all(
        [
            CalendarOverride(day=D("2026-11-24"), is_working=False),
            CalendarOverride(day=D("2026-11-24"), is_working=True, region=region),
        ]
    )
    db.session.flush()
    assert services.is_working_day(D("2026-11-24"), region.id)
    assert not services.is_working_day(D("2026-11-24"))


def test_many_overrides_widen_the_search_window(app):
    # Every day of two months off: the answer lies beyond the first search horizon.
    start = D("2026-06-01")
    db.session.add_all(
        CalendarOverride(day=start + dt.timedelta(days=i), is_working=False) for i in range(61)
    )
    db.session.flush()
    assert services.add_working_days(start, 3) == D("2026-08-05")


def test_national_exceptions_lists_moved_days(app):
    days = {day: (working, name) for day, working, name in services.national_exceptions(2027)}
    assert days[D("2027-02-20")] == (True, "")
    assert days[D("2027-02-22")][0] is False
    assert days[D("2027-01-01")] == (False, "Новогодние каникулы")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 6, 30)),
    days=st.integers(min_value=1, max_value=120),
)
def test_result_is_the_nth_working_day(app, start, days):
    result = services.add_working_days(start, days)
    assert services.is_working_day(result)
    counted = sum(
        services.is_working_day(start + dt.timedelta(days=i))
        for i in range((result - start).days + 1)
    )
    assert counted == days
