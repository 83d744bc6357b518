"""Survey statistics for staff (issue #15): counts per day and respondent type, flagged
answers out of the counts until accepted, the region's offices, periods, access, queries."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.index.models.surveys import FlagStatus, SurveyFlag, SurveyResponse
from cxflow.index.services import stats
from tests import factories
from tests.helpers import error_fields, page_html, page_text, survey_body


def add(office, day, respondent="seeker", n=1, flag=None):
    """`n` answers of `office` received on `day`; `flag` a FlagStatus for flagged ones (not
    counted unless accepted)."""
    for _ in range(n):
        response = SurveyResponse(
            office=office,
            region_id=office.region_id,
            respondent=respondent,
            questionnaire_key="survey-2022",
            questionnaire_version=1,
            answers={},
            profile={},
            received_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
            received_on=day,
            device_hash="d" * 64,
            answers_hash="a" * 64,
            counted=flag in (None, FlagStatus.accepted),
        )
        db.session.add(response)
        if flag is not None:
            db.session.add(
                SurveyFlag(
                    response=response,
                    office=office,
                    region_id=office.region_id,
                    reasons=["burst"],
                    status=flag,
                )
            )
    db.session.commit()


def today(world):
    return stats.today_in(world.r52)


def office_api(office, **query):
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/offices/{office.id}/survey-stats" + (f"?{args}" if args else "")


def region_api(region, **query):
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/regions/{region.id}/survey-stats" + (f"?{args}" if args else "")


# --- the service and the API -------------------------------------------------------------------


def test_the_office_counts_per_day_and_respondent_with_zero_days(world, api):
    day = today(world)
    add(world.office52, day, "seeker", 9)
    add(world.office52, day, "employer", 3)
    add(world.office52, day - dt.timedelta(days=2), "seeker", 2)
    add(world.office52, day - dt.timedelta(days=40), "seeker", 5)  # before the default period
    add(world.office74, day, "seeker", 4)  # another office
    body = api.as_(world.manager).get(office_api(world.office52)).json
    assert body["office_id"] == world.office52.id
    assert len(body["by_day"]) == 30  # every day of the default period, zeros included
    assert body["by_day"][0]["date"] == (day - dt.timedelta(days=29)).isoformat()
    assert body["by_day"][-1] == {"date": day.isoformat(), "seeker": 9, "employer": 3}
    assert body["by_day"][-2] == {
        "date": (day - dt.timedelta(days=1)).isoformat(),
        "seeker": 0,
        "employer": 0,
    }
    assert body["by_day"][-3]["seeker"] == 2
    assert body["total"] == {"seeker": 11, "employer": 3}
    assert body["flagged_pending"] == 0
    assert body["minimum"] == 10


def test_an_explicit_period_and_the_configured_minimum(world, api, app):
    app.config["SURVEY_MIN_RESPONSES"] = 25
    add(world.office52, dt.date(2026, 3, 1), "employer", 2)
    add(world.office52, dt.date(2026, 3, 3), "seeker", 1)
    body = (
        api.as_(world.manager)
        .get(office_api(world.office52, **{"from": "2026-03-01", "to": "2026-03-03"}))
        .json
    )
    assert [(d["date"], d["seeker"], d["employer"]) for d in body["by_day"]] == [
        ("2026-03-01", 0, 2),
        ("2026-03-02", 0, 0),
        ("2026-03-03", 1, 0),
    ]
    assert body["minimum"] == 25
    assert body["period"] == {"from": "2026-03-01", "to": "2026-03-03"}


def test_flagged_answers_are_left_out_until_accepted(world, api):
    day = today(world)
    add(world.office52, day, "seeker", 2)
    add(world.office52, day, "seeker", 3, flag=FlagStatus.pending)
    add(world.office52, day, "employer", 1, flag=FlagStatus.rejected)
    api.as_(world.manager)
    body = api.get(office_api(world.office52)).json
    assert body["total"] == {"seeker": 2, "employer": 0}
    assert body["flagged_pending"] == 3
    # A reviewer accepts one: it is counted and no longer pending.
    flag = db.session.scalars(
        db.select(SurveyFlag).where(SurveyFlag.status == FlagStatus.pending)
    ).first()
    flag.status = FlagStatus.accepted
    flag.response.counted = True
    db.session.commit()
    body = api.get(office_api(world.office52)).json
    assert body["total"] == {"seeker": 3, "employer": 0}
    assert body["flagged_pending"] == 2
    region = api.get(region_api(world.r52)).json["items"][0]
    assert region["total"] == {"seeker": 3, "employer": 0} and region["flagged_pending"] == 2


def test_a_burst_from_intake_is_flagged_and_not_counted(world, api, client, app):
    app.config["SURVEY_BURST_COUNT"] = 2
    for _ in range(4):
        response = client.post(
            f"/api/v1/surveys/{world.office52.survey_token}/responses", json=survey_body()
        )
        assert response.status_code == 201
    body = api.as_(world.manager).get(office_api(world.office52)).json
    assert body["total"]["seeker"] + body["flagged_pending"] == 4
    assert body["flagged_pending"] >= 1
    assert body["total"]["seeker"] == 2


def test_the_region_lists_every_office_by_name_with_zeros(world, api):
    day = today(world)
    quiet = factories.OfficeFactory(region=world.r52, name="А-ЦЗН без ответов")
    busy = factories.OfficeFactory(region=world.r52, name="Я-ЦЗН")
    db.session.commit()
    add(busy, day, "seeker", 8)
    add(busy, day, "employer", 4)
    add(world.office52, day, "employer", 1)
    add(world.office74, day, "seeker", 50)
    body = api.as_(world.regional_coordinator).get(region_api(world.r52)).json
    assert [i["office_name"] for i in body["items"]] == [
        "А-ЦЗН без ответов",
        "ЦЗН Нижнего Новгорода",
        "Я-ЦЗН",
    ]
    assert body["total"] == 3
    by_id = {i["office_id"]: i for i in body["items"]}
    assert by_id[quiet.id] == {
        "office_id": quiet.id,
        "office_name": "А-ЦЗН без ответов",
        "total": {"seeker": 0, "employer": 0},
        "flagged_pending": 0,
        "below_minimum": True,
    }
    assert by_id[busy.id]["total"] == {"seeker": 8, "employer": 4}
    assert by_id[busy.id]["below_minimum"] is False


BAD_PERIODS = [
    ({"from": "2026-03-10", "to": "2026-03-01"}, {"from", "to"}),  # reversed
    ({"from": "2025-01-01", "to": "2026-03-01"}, {"from", "to"}),  # longer than 366 days
    ({"from": "01.03.2026"}, {"from"}),
    ({"to": "2026-02-30"}, {"to"}),
]


@pytest.mark.parametrize(("query", "fields"), BAD_PERIODS)
def test_a_bad_period_is_422_naming_from_and_to(world, api, query, fields):
    api.as_(world.manager)
    for url in (office_api(world.office52, **query), region_api(world.r52, **query)):
        assert set(error_fields(api.get(url))) == fields, url


def test_a_year_is_accepted():
    assert (
        len(
            stats.period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), today=dt.date(2026, 1, 1)).days
        )
        == 366
    )


def test_another_region_is_404_and_every_role_of_the_region_reads(world, api):
    for role in (
        "admin",
        "federal_consultant",
        "regional_coordinator",
        "working_group_member",
        "manager",
    ):
        api.as_(getattr(world, role))
        assert api.get(office_api(world.office52)).status_code == 200, role
        assert api.get(region_api(world.r52)).status_code == 200, role
    api.as_(world.coordinator74)
    assert api.get(office_api(world.office52)).status_code == 404
    assert api.get(region_api(world.r52)).status_code == 404
    assert api.get(office_api(world.office74)).status_code == 200
    assert api.get("/api/v1/offices/999999/survey-stats").status_code == 404
    api.headers = {}
    assert api.get(office_api(world.office52)).status_code == 401


# --- the pages -----------------------------------------------------------------------------------


def test_the_office_page_shows_today_big_a_chart_and_the_same_numbers_as_a_table(
    world, client, auth
):
    day = today(world)
    add(world.office52, day, "seeker", 9)
    add(world.office52, day, "employer", 3)
    add(world.office52, day - dt.timedelta(days=1), "seeker", 1, flag=FlagStatus.pending)
    auth.login(world.manager)
    html = page_html(client, f"/offices/{world.office52.id}/surveys")
    text = page_text(html)
    assert "Сегодня: 12 ответов (9 соискателей, 3 работодателя)" in text
    assert 'id="survey-chart"' in html and "data-chart=" in html and "survey-stats.js" in html
    assert "<script>" not in html  # the CSP forbids inline scripts
    assert f"{day:%d.%m.%Y}" in text  # ДД.ММ.ГГГГ
    table = html.split('id="survey-days"')[1].split("</table>")[0]
    assert table.count("<tr>") == 32  # the header, 30 days, the total
    assert "минимум в 10 достигнут" in text  # 12 counted, minimum 10
    assert 'id="flagged-pending">1<' in html


def test_the_office_page_says_the_minimum_is_cxflows_default(world, client, auth):
    auth.login(world.manager)
    text = page_text(page_html(client, f"/offices/{world.office52.id}/surveys"))
    assert "а не норма методики" in text and "ниже минимума в 10" in text


def test_a_bad_period_on_the_pages_is_a_form_error_at_the_field(world, client, auth):
    auth.login(world.regional_coordinator)
    for url in (
        f"/offices/{world.office52.id}/surveys?from=2026-03-10&to=2026-03-01",
        f"/regions/{world.r52.id}/surveys?from=2026-03-10&to=2026-03-01",
    ):
        html = page_html(client, url, status=422)
        assert 'id="period-from-error"' in html and 'id="period-to-error"' in html
        assert 'aria-invalid="true"' in html and 'value="2026-03-10"' in html
    html = page_html(client, f"/offices/{world.office52.id}/surveys?from=x", status=422)
    assert 'id="period-from-error"' in html and 'id="today-count"' in html


def test_the_region_page_sorts_by_column_and_marks_offices_below_the_minimum(world, client, auth):
    day = today(world)
    busy = factories.OfficeFactory(region=world.r52, name="Б-ЦЗН")
    db.session.commit()
    add(busy, day, "seeker", 12)
    add(world.office52, day, "employer", 2)
    auth.login(world.working_group_member)
    html = page_html(client, f"/regions/{world.r52.id}/surveys")
    assert html.index("Б-ЦЗН") < html.index("ЦЗН Нижнего Новгорода")
    assert f"/offices/{busy.id}/surveys" in html
    # below the minimum: highlighted and said in words, not by colour alone
    row = html.split(f'data-office="{world.office52.id}"')[1].split("</tr>")[0]
    assert row.startswith(' class="table-warning"') and "⚠" in row and "да" in row
    html = page_html(client, f"/regions/{world.r52.id}/surveys?sort=-total&from={day}")
    assert html.index("Б-ЦЗН") < html.index("ЦЗН Нижнего Новгорода")
    html = page_html(client, f"/regions/{world.r52.id}/surveys?sort=total")
    assert html.index("ЦЗН Нижнего Новгорода") < html.index("Б-ЦЗН")
    assert 'aria-sort="ascending"' in html
    assert "sort=-total" in html  # clicking again reverses
    page_html(client, f"/regions/{world.r52.id}/surveys?sort=nonsense")


def test_the_landing_page_sends_regional_staff_to_their_region(world, client, auth):
    auth.login(world.manager)
    response = client.get("/surveys")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/regions/{world.r52.id}/surveys")


def test_the_landing_page_lists_every_region_for_federal_roles(world, client, auth):
    add(world.office74, stats.federal_today(), "seeker", 3)
    auth.login(world.federal_consultant)
    html = page_html(client, "/surveys")
    row = html.split('data-region="74"')[1].split("</tr>")[0]
    assert ">3<" in row
    assert 'data-region="52"' in html
    assert "Опросы клиентов" in html  # the navigation entry


def test_pages_of_another_region_are_404(world, client, auth):
    auth.login(world.coordinator74)
    page_html(client, f"/offices/{world.office52.id}/surveys", status=404)
    page_html(client, f"/regions/{world.r52.id}/surveys", status=404)
    page_html(client, f"/offices/{world.office74.id}/surveys")


@pytest.mark.parametrize(
    "role",
    ["admin", "federal_consultant", "regional_coordinator", "working_group_member", "manager"],
)
def test_every_role_reads_the_pages_of_its_region(world, client, auth, role):
    auth.login(getattr(world, role))
    page_html(client, f"/offices/{world.office52.id}/surveys")
    page_html(client, f"/regions/{world.r52.id}/surveys")
    assert client.get("/surveys").status_code in (200, 302)


def test_the_pages_need_sign_in(world, client):
    assert client.get(f"/offices/{world.office52.id}/surveys").status_code == 302
    assert client.get("/surveys").status_code == 302


# --- queries -------------------------------------------------------------------------------------


def test_the_queries_do_not_grow_with_offices_or_answers(world, client, auth, api, query_counts):
    day = today(world)

    def grow(n):
        for k in range(n):
            office = factories.OfficeFactory(region=world.r52)
            db.session.commit()
            add(office, day - dt.timedelta(days=k), "seeker", n)
            add(office, day, "employer", 1, flag=FlagStatus.pending)
        add(world.office52, day, "seeker", n)

    auth.login(world.regional_coordinator)
    pages = [
        f"/offices/{world.office52.id}/surveys",
        f"/regions/{world.r52.id}/surveys",
        f"/regions/{world.r52.id}/surveys?sort=-flagged",
    ]
    small, large = query_counts(client.get, pages, grow, growth=(2, 12))
    assert large == small
    auth.logout()
    auth.login(world.federal_consultant)
    small, large = query_counts(client.get, ["/surveys"], grow, growth=(2, 12))
    assert large == small
    api.as_(world.regional_coordinator)
    urls = [office_api(world.office52), region_api(world.r52)]
    small, large = query_counts(api.get, urls, grow, growth=(2, 12))
    assert large == small
