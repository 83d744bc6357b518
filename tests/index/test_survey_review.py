"""The review queue of flagged survey answers (issue #15): accept counts, reject keeps out,
a decision is final (409), reviewers of the flag's region only; the page and the API."""

import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyFlag
from cxflow.index.services import intake, review
from tests.helpers import api_error, error_fields, item_ids, page_html, page_text, survey_body

NIGHT = dt.datetime(2026, 11, 18, 20, 30, tzinfo=dt.UTC)  # 23:30 in Moscow, a Wednesday


def flagged(office, *, comment=None, minutes=0) -> SurveyFlag:
    """A kiosk answer sent at night to an office open by day: flagged off_hours."""
    office.opening_hours = "пн-пт 09:00-18:00"
    body = survey_body(comment=comment) if comment else survey_body(q1=1 + minutes % 10)
    response = intake.receive(
        office,
        body,
        device=f"kiosk-{office.id}-{minutes}",
        kiosk=True,
        now=NIGHT + dt.timedelta(minutes=minutes),
    )
    db.session.commit()
    return response.flag


@pytest.fixture
def flag52(world):
    return flagged(world.office52, comment="Всё понравилось")


def test_accept_counts_the_answer_and_records_the_decision(world, flag52):
    assert flag52.reasons == ["off_hours"] and not flag52.response.counted
    review.decide(world.regional_coordinator, flag52, "accept", "  Клиент пришёл к закрытию ")
    db.session.commit()
    assert flag52.status == "accepted" and flag52.response.counted
    assert flag52.decided_by_id == world.regional_coordinator.id
    assert flag52.decided_at is not None and flag52.comment == "Клиент пришёл к закрытию"


def test_reject_keeps_the_answer_out(world, flag52):
    review.decide(world.federal_consultant, flag52, "reject")
    db.session.commit()
    assert flag52.status == "rejected" and not flag52.response.counted


def test_a_decided_flag_cannot_be_decided_again_and_the_first_decision_stands(world, flag52, api):
    review.decide(world.regional_coordinator, flag52, "reject", "Ночью офис закрыт")
    db.session.commit()
    reviewer = api.as_(world.admin)
    response = reviewer.post(
        f"/api/v1/survey-flags/{flag52.id}/decision", json={"decision": "accept"}
    )
    assert "отклонён" in api_error(response, 409, "conflict")["message"]  # the first decision
    db.session.expire_all()
    flag = db.session.get(SurveyFlag, flag52.id)
    assert flag.status == "rejected" and flag.comment == "Ночью офис закрыт"
    assert flag.decided_by_id == world.regional_coordinator.id and not flag.response.counted


def test_a_bad_decision_is_422_naming_decision(world, flag52, api):
    reviewer = api.as_(world.regional_coordinator)
    url = f"/api/v1/survey-flags/{flag52.id}/decision"
    assert "decision" in error_fields(reviewer.post(url, json={"decision": "maybe"}))
    assert "decision" in error_fields(reviewer.post(url, json={}))
    assert "comment" in error_fields(
        reviewer.post(url, json={"decision": "accept", "comment": "x" * 2001})
    )
    db.session.expire_all()
    assert db.session.get(SurveyFlag, flag52.id).status == "pending"


@pytest.mark.parametrize("role", ["working_group_member", "manager"])
def test_only_reviewers_decide(world, flag52, api, role):
    response = api.as_(getattr(world, role)).post(
        f"/api/v1/survey-flags/{flag52.id}/decision", json={"decision": "accept"}
    )
    assert response.status_code == 403
    assert api.get("/api/v1/survey-flags").status_code == 403


def test_another_regions_coordinator_gets_404(world, flag52, api):
    other = api.as_(world.coordinator74)
    response = other.post(f"/api/v1/survey-flags/{flag52.id}/decision", json={"decision": "accept"})
    assert response.status_code == 404
    assert other.get("/api/v1/survey-flags").json == {"items": [], "total": 0}


def test_the_api_lists_flags_by_region_and_status(world, api):
    first = flagged(world.office52, minutes=1)
    second = flagged(world.office52, minutes=2)
    other = flagged(world.office74, minutes=3)
    consultant = api.as_(world.federal_consultant)
    listed = consultant.get("/api/v1/survey-flags?region_code=52&status=pending")
    assert item_ids(listed) == [first.id, second.id]
    item = listed.json["items"][0]
    assert {k: item[k] for k in ("response_id", "office_id", "reasons", "status")} == {
        "response_id": first.response_id,
        "office_id": world.office52.id,
        "reasons": ["off_hours"],
        "status": "pending",
    }
    decided = consultant.post(
        f"/api/v1/survey-flags/{first.id}/decision", json={"decision": "accept", "comment": "ок"}
    )
    assert decided.status_code == 200 and decided.json["status"] == "accepted"
    assert decided.json["decided_by"] == world.federal_consultant.full_name
    assert item_ids(consultant.get("/api/v1/survey-flags?status=pending")) == [
        second.id,
        other.id,
    ]
    assert item_ids(consultant.get("/api/v1/survey-flags?status=accepted")) == [first.id]
    assert "status" in error_fields(consultant.get("/api/v1/survey-flags?status=maybe"))


def test_the_queue_page_shows_pending_flags_in_words_and_local_time(world, client, auth):
    flag = flagged(world.office52, comment="Спасибо")
    world.r52.timezone = "Asia/Yekaterinburg"  # 20:30 UTC is 01:30 the next day there
    db.session.commit()
    auth.login(world.regional_coordinator, language="ru")
    text = page_text(page_html(client, "/surveys/flags"))
    assert world.office52.name in text
    assert "вне часов работы ЦЗН" in text
    assert "19.11.2026 01:30" in text
    assert "q1 8" in text and "q4 да" in text and "q12 нет" in text and "q13 да/9" in text
    assert "device" not in text.lower() and flag.response.device_hash not in text


def test_the_page_decides_with_a_comment_and_returns_to_the_list(world, client, auth):
    flag = flagged(world.office52)
    auth.login(world.regional_coordinator)
    response = client.post(
        f"/surveys/flags/{flag.id}/decision",
        data={"decision": "reject", "comment": "Тест кнопки", "next": "/surveys/flags?status=all"},
    )
    assert response.status_code == 302 and response.location.endswith("/surveys/flags?status=all")
    db.session.expire_all()
    flag = db.session.get(SurveyFlag, flag.id)
    assert flag.status == "rejected" and flag.comment == "Тест кнопки"
    again = client.post(f"/surveys/flags/{flag.id}/decision", data={"decision": "accept"})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(SurveyFlag, flag.id).status == "rejected"
    text = page_text(page_html(client, "/surveys/flags?status=rejected"))
    assert "Тест кнопки" in text and world.regional_coordinator.full_name in text


def test_the_page_is_for_reviewers_only(world, client, auth):
    flag = flagged(world.office52)
    auth.login(world.working_group_member)
    assert client.get("/surveys/flags").status_code == 403
    assert (
        client.post(f"/surveys/flags/{flag.id}/decision", data={"decision": "accept"}).status_code
        == 403
    )
    assert client.get("/surveys/flags?status=nope").status_code in (403, 404)


def test_a_federal_reviewer_filters_by_region(world, client, auth):
    flagged(world.office52, minutes=1)
    flagged(world.office74, minutes=2)
    auth.login(world.federal_consultant)
    text = page_text(page_html(client, f"/surveys/flags?region_id={world.r74.id}"))
    assert world.office74.name in text and world.office52.name not in text
    assert client.get("/surveys/flags?status=nope").status_code == 404


def test_the_queue_runs_the_same_queries_for_2_and_12_flags(world, client, auth, count_queries):
    auth.login(world.federal_consultant)
    for minutes in range(2):
        flagged(world.office52, minutes=minutes)
    with count_queries() as few:
        page_html(client, "/surveys/flags")
    for minutes in range(2, 12):
        flagged(world.office52 if minutes % 2 else world.office74, minutes=minutes)
    with count_queries() as many:
        page_html(client, "/surveys/flags")
    assert few["n"] == many["n"]


def test_of_two_reviewers_deciding_at_once_the_second_gets_a_conflict(world, flag52):
    from cxflow.core.errors import ConflictError

    # another reviewer's decision lands between our read (pending) and our write
    db.session.execute(
        sa.update(SurveyFlag)
        .where(SurveyFlag.id == flag52.id)
        .values(status="accepted", decided_by_id=world.admin.id)
        .execution_options(synchronize_session=False)
    )
    assert flag52.status == "pending"  # what this reviewer read
    with pytest.raises(ConflictError):
        review.decide(world.regional_coordinator, flag52, "reject", "поздно")
    assert flag52.status == "accepted" and flag52.decided_by_id == world.admin.id
