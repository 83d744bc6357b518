"""Office opening hours (issue #15): the parser, the office form and API naming
`opening_hours`, and the off-hours flag they drive through `intake.receive`."""

import datetime as dt

import pytest

from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.services import intake
from cxflow.orgs.opening_hours import is_open, parse
from tests.helpers import error_fields, page_html, page_text, survey_body

NINE, SIX_PM = dt.time(9), dt.time(18)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("", {}),
        (None, {}),
        (" ; \n ", {}),
        ("пн-пт 09:00-18:00", dict.fromkeys(range(5), (NINE, SIX_PM))),
        ("Mon-Fri 9:00-18:00", dict.fromkeys(range(5), (NINE, SIX_PM))),
        ("ПН – ПТ 09:00 – 18:00", dict.fromkeys(range(5), (NINE, SIX_PM))),
        (
            "пн-пт 09:00-18:00; сб 10:00-14:00",
            dict.fromkeys(range(5), (NINE, SIX_PM)) | {5: (dt.time(10), dt.time(14))},
        ),
        ("вс 00:00-23:59", {6: (dt.time(0), dt.time(23, 59))}),
        (
            "sat 10:00-14:00\nsun 11:00-13:00",
            {5: (dt.time(10), dt.time(14)), 6: (dt.time(11), dt.time(13))},
        ),
    ],
)
def test_hours_parse_in_russian_and_english(app, text, hours):
    assert parse(text) == hours


@pytest.mark.parametrize(
    "text",
    [
        "пн-пт",  # no time
        "09:00-18:00",  # no day
        "пн-пт 24:00-25:00",
        "пн-пт 09:60-18:00",
        "пн-пт 18:00-09:00",  # closes before it opens
        "пн 09:00-09:00",
        "пт-пн 09:00-18:00",  # a range backwards
        "xx 09:00-18:00",
        "понедельник 09:00-18:00",
        "пн-пт 9-18",
        "пн-пт 09:00-18:00; сб",
    ],
)
def test_bad_hours_name_the_field(app, text):
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert list(caught.value.fields) == ["opening_hours"]


def test_is_open_includes_the_opening_minute_not_the_closing_one(app):
    hours = parse("пн-пт 09:00-18:00")
    monday = dt.datetime(2026, 11, 16)
    assert is_open(hours, monday.replace(hour=9))
    assert not is_open(hours, monday.replace(hour=18))
    assert not is_open(hours, monday.replace(hour=8, minute=59))
    assert not is_open(hours, dt.datetime(2026, 11, 21, 12))  # Saturday


# --- the office form and API -------------------------------------------------------------------


def test_the_api_sets_and_checks_opening_hours(world, api):
    admin = api.as_(world.admin)
    url = f"/api/v1/offices/{world.office52.id}"
    version = admin.get(url).json["version"]
    bad = admin.patch(url, json={"opening_hours": "пн-пт 18:00-09:00", "version": version})
    assert "opening_hours" in error_fields(bad)
    good = admin.patch(url, json={"opening_hours": " пн-пт 09:00-18:00 ", "version": version})
    assert good.status_code == 200 and good.json["opening_hours"] == "пн-пт 09:00-18:00"
    created = admin.post(
        "/api/v1/offices",
        json={"region_id": world.r52.id, "name": "ЦЗН Кстово", "opening_hours": "mon 25:00-26:00"},
    )
    assert "opening_hours" in error_fields(created)
    created = admin.post("/api/v1/offices", json={"region_id": world.r52.id, "name": "ЦЗН Кстово"})
    assert created.status_code == 201 and created.json["opening_hours"] == ""


def test_the_office_form_names_bad_hours_and_the_page_shows_them(world, client, auth):
    auth.login(world.regional_coordinator)
    url = f"/offices/{world.office52.id}/edit"
    data = {"name": world.office52.name, "address": "", "version": world.office52.version}
    bad = client.post(url, data=data | {"opening_hours": "каждый день"})
    assert bad.status_code == 422
    assert 'id="opening_hours"' in bad.text and "is-invalid" in bad.text
    saved = client.post(url, data=data | {"opening_hours": "пн-пт 08:00-17:00; сб 09:00-13:00"})
    assert saved.status_code == 302
    text = page_text(page_html(client, f"/offices/{world.office52.id}"))
    assert "пн-пт 08:00-17:00; сб 09:00-13:00" in text


# --- the off-hours flag ------------------------------------------------------------------------

# 16.11.2026 is a Monday; Moscow is UTC+3.
INSIDE = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)  # 12:00 in Moscow
OUTSIDE = dt.datetime(2026, 11, 16, 16, 30, tzinfo=dt.UTC)  # 19:30 in Moscow


def received(office, now, *, kiosk=True):
    response = intake.receive(
        office, survey_body(), device=f"d{now.isoformat()}", kiosk=kiosk, now=now
    )
    db.session.commit()
    return response


def test_a_kiosk_answer_outside_the_hours_is_flagged(world):
    world.office52.opening_hours = "пн-пт 09:00-18:00"
    response = received(world.office52, OUTSIDE)
    assert response.flag.reasons == ["off_hours"] and not response.counted


def test_a_kiosk_answer_inside_the_hours_is_not(world):
    world.office52.opening_hours = "пн-пт 09:00-18:00"
    response = received(world.office52, INSIDE)
    assert response.flag is None and response.counted


def test_hours_are_read_in_the_regions_time_zone(world):
    world.office52.opening_hours = "пн-пт 09:00-18:00"
    world.r52.timezone = "Asia/Vladivostok"  # 09:00 UTC is 19:00 there
    assert received(world.office52, INSIDE).flag.reasons == ["off_hours"]


def test_no_hours_set_never_flags(world):
    world.office52.opening_hours = ""
    assert received(world.office52, OUTSIDE).flag is None


def test_an_answer_not_from_a_kiosk_is_never_off_hours(world):
    world.office52.opening_hours = "пн-пт 09:00-18:00"
    assert received(world.office52, OUTSIDE, kiosk=False).flag is None
