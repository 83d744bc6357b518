"""The public survey endpoint: every question's validation, anonymity, tokens (issue #15)."""

import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from tests.helpers import survey_body


def url(office):
    return f"/api/v1/surveys/{office.survey_token}/responses"


def stored():
    return db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse))


@pytest.mark.parametrize("respondent", ["seeker", "employer"])
def test_a_complete_response_is_stored_with_its_questionnaire_version(world, client, respondent):
    response = client.post(url(world.office52), json=survey_body(respondent, comment=" Спасибо "))
    assert response.status_code == 201, response.json
    assert response.json["respondent"] == respondent
    row = db.session.get(SurveyResponse, response.json["id"])
    assert (row.questionnaire_key, row.questionnaire_version) == ("survey-2022", 1)
    assert row.office_id == world.office52.id and row.region_id == world.r52.id
    assert row.answers["q13"] == {"used": True, "score": 9}
    assert row.comment == "Спасибо" and row.counted


def test_nothing_identifying_is_stored(world, client):
    client.post(
        url(world.office52),
        json=survey_body(),
        headers={"User-Agent": "Kiosk-Browser/1.0"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    row = db.session.scalars(sa.select(SurveyResponse)).one()
    values = " ".join(str(getattr(row, c.key)) for c in SurveyResponse.__table__.columns)
    assert "198.51.100.7" not in values and "Kiosk" not in values
    assert len(row.device_hash) == 64


def test_an_unknown_or_rotated_token_is_404(world, client, app):
    old = url(world.office52)
    world.office52.survey_token = "rotated-token-0000"
    db.session.commit()
    assert client.post(old, json=survey_body()).status_code == 404
    assert client.post("/api/v1/surveys/nope/responses", json=survey_body()).status_code == 404
    assert stored() == 0


BAD = [
    ({"q1": 11}, "answers.q1"),
    ({"q1": 0}, "answers.q1"),
    ({"q1": "8"}, "answers.q1"),
    ({"q1": True}, "answers.q1"),
    ({"q1": None}, "answers.q1"),  # only q2, q3, q7 may be «not applicable»
    ({"q5": 7.5}, "answers.q5"),
    ({"q4": "maybe"}, "answers.q4"),
    ({"q12": {"used": False, "score": 5}}, "answers.q12"),
    ({"q12": {"used": True, "score": None}}, "answers.q12"),
    ({"q13": {"used": "yes", "score": 5}}, "answers.q13"),
    ({"q13": 7}, "answers.q13"),
    ({"q14": "telegram"}, "answers.q14"),
    ({"q14": ["office"]}, "answers.q14"),
    ({"q15": {"office": 12}}, "answers.q15.office"),
    ({"q15": {"fax": 5}}, "answers.q15.fax"),
    ({"q15": "all good"}, "answers.q15"),
    ({"q16": 5}, "answers.q16"),
    ({"q14_other": "x" * 2001}, "answers.q14_other"),
]


@pytest.mark.parametrize(("answers", "field"), BAD)
def test_a_bad_answer_is_422_naming_the_question_and_nothing_is_stored(
    world, client, answers, field
):
    response = client.post(url(world.office52), json=survey_body(**answers))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert stored() == 0


@pytest.mark.parametrize("question", [f"q{n}" for n in range(1, 15)])
def test_every_question_but_q15_is_required(world, client, question):
    body = survey_body()
    del body["answers"][question]
    response = client.post(url(world.office52), json=body)
    assert response.status_code == 422
    assert f"answers.{question}" in response.json["error"]["fields"]


def test_remote_clients_may_skip_comfort_transport_appearance(world, client):
    body = survey_body(q2=None, q3=None, q7=None, q15={})  # remark #15; q15 channels all unused
    assert client.post(url(world.office52), json=body).status_code == 201


def test_other_channel_and_follow_ups_keep_their_text(world, client):
    body = survey_body(q14="other", q14_other="Портал «Работа России»", q13_issue="Нет слотов")
    body["profile"] = {"ownership": "other", "ownership_other": "НКО", "size": "up_to_15"}
    body["profile"]["categories"] = ["none"]
    body["respondent"] = "employer"
    assert client.post(url(world.office52), json=body).status_code == 201
    row = db.session.scalars(sa.select(SurveyResponse)).one()
    assert row.answers["q14_other"] == "Портал «Работа России»"
    assert row.profile["ownership_other"] == "НКО"


PROFILE_BAD = [
    ("seeker", {"sex": "x", "age": "50_59", "categories": ["none"]}, "profile.sex"),
    ("seeker", {"sex": "male", "age": "51", "categories": ["none"]}, "profile.age"),
    ("seeker", {"sex": "male", "age": "50_59", "categories": []}, "profile.categories"),
    (
        "seeker",
        {"sex": "male", "age": "50_59", "categories": ["none", "disabled"]},
        "profile.categories",
    ),
    ("seeker", {"sex": "male", "age": "50_59"}, "profile.categories"),
    (
        "seeker",
        {"sex": "male", "age": "50_59", "categories": ["x"], "email": "a@b"},
        "profile.email",
    ),
    ("employer", {"ownership": "private", "size": "huge", "categories": ["none"]}, "profile.size"),
    (
        "employer",
        {"ownership": "state", "size": "up_to_15", "categories": ["none"]},
        "profile.ownership",
    ),
]


@pytest.mark.parametrize(("respondent", "profile", "field"), PROFILE_BAD)
def test_an_unknown_profile_code_is_422(world, client, respondent, profile, field):
    response = client.post(url(world.office52), json=survey_body(respondent, profile=profile))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_the_respondent_type_is_required(world, client):
    body = survey_body() | {"respondent": "visitor"}
    response = client.post(url(world.office52), json=body)
    assert response.status_code == 422 and "respondent" in response.json["error"]["fields"]


def test_a_burst_from_one_device_is_kept_but_flagged(world, client, app):
    app.config["SURVEY_BURST_COUNT"] = 2
    codes = [
        client.post(url(world.office52), json=survey_body(q1=n)).status_code for n in (1, 2, 3)
    ]
    assert codes == [201, 201, 201]
    flag = db.session.scalars(sa.select(SurveyFlag)).one()
    assert flag.reasons == ["burst"] and flag.status == "pending"
    assert not flag.response.counted


def test_identical_answers_in_a_row_are_flagged(world, client, app):
    for _ in range(3):
        client.post(url(world.office52), json=survey_body())
    flags = db.session.scalars(sa.select(SurveyFlag)).all()
    assert [f.reasons for f in flags] == [["identical"]]
