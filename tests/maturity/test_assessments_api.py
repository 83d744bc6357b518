"""The self-assessment API (API.md "Maturity self-assessment"): the checklist, filling in with
scores, blocks and next steps, the history with its order and changes, calibration, bad input
(422 naming the item, nothing stored), roles and region isolation (404)."""

import io

import pytest

from cxflow.core.extensions import db
from cxflow.maturity.models.assessments import MaturityAnswer, MaturityAssessment
from tests.helpers import api_error, count_rows, error_fields, xlsx_sheet

# A region early on its way: (1 + 0 + 1) + 2 + ((2 + 1) + 1 + 0 + 1) = 2 + 2 + 5 = 9
ANSWERS = [
    {"item": "profiles", "answer": "one", "evidence_url": "https://szn52.example/profiles"},
    {"item": "routes", "answer": "none"},
    {"item": "feedback", "answer": "sources_1_2"},
    {"item": "committee", "answer": "regular"},
    {"item": "training", "answer": ["leaders_intro", "trainings"]},
    {"item": "events", "answer": "irregular"},
    {"item": "knowledge_bank", "answer": "none"},
    {"item": "motivation", "answer": "code_only"},
]
BEST = {
    "profiles": "five_plus",
    "routes": "five_plus",
    "feedback": "sources_5_plus",
    "committee": "monthly",
    "training": ["leaders_intro", "all_staff_intro", "masters", "trainings", "case_based"],
    "events": "six_a_year",
    "knowledge_bank": "monthly",
    "motivation": "code_system_working",
}


def body(**fields) -> dict:
    return {
        "filled_on": "2026-11-20",
        "filled_by": "Иванова А. П., начальник отдела",
        "conclusion": "Система в начале пути.",
        "answers": ANSWERS,
    } | fields


def post(api, region, **fields):
    return api.post(f"/api/v1/regions/{region.id}/maturity-assessments", json=body(**fields))


def created(api, region, **fields) -> dict:
    response = post(api, region, **fields)
    assert response.status_code == 201, response.json
    return response.json


def with_answer(item: str, value) -> list[dict]:
    return [a | {"answer": value} if a["item"] == item else a for a in ANSWERS]


def test_the_checklist_lists_items_codes_and_points(world, api):
    checklist = api.as_(world.manager).get("/api/v1/maturity/checklist").json
    assert (checklist["key"], checklist["version"], checklist["max_score"]) == (
        "checklist-2022",
        1,
        30,
    )
    assert [b["max"] for b in checklist["blocks"]] == [9, 3, 18]
    items = {i["code"]: i for i in checklist["items"]}
    assert list(items) == list(BEST)
    assert items["training"]["multiple"] is True
    assert {o["code"]: o["points"] for o in items["events"]["options"]} == {
        "irregular": 1,
        "twice_a_year": 2,
        "four_a_year": 3,
        "six_a_year": 4,
        "none": 0,
    }


def test_a_filled_checklist_is_scored_by_block_with_next_steps(world, api):
    result = created(api.as_(world.regional_coordinator), world.r52)
    assert result["score"] == 9 and result["max_score"] == 30
    assert result["blocks"] == {
        "analysis": {"score": 2, "max": 9},
        "improvement": {"score": 2, "max": 3},
        "environment": {"score": 5, "max": 18},
    }
    assert (result["filled_by"], result["filled_on"]) == (
        "Иванова А. П., начальник отдела",
        "2026-11-20",
    )
    assert (result["checklist_key"], result["checklist_version"]) == ("checklist-2022", 1)
    answers = {a["item"]: a for a in result["answers"]}
    assert answers["training"]["answer"] == ["leaders_intro", "trainings"]
    assert answers["training"]["points"] == 3
    assert answers["profiles"]["evidence_url"] == "https://szn52.example/profiles"
    steps = {(s["item"], s["option"]): s["gain"] for s in result["next_steps"]}
    assert steps[("profiles", "three_plus")] == 1 and steps[("routes", "one")] == 1
    assert steps[("committee", "monthly")] == 1
    assert {o for i, o in steps if i == "training"} == {"all_staff_intro", "masters", "case_based"}
    assert result["change"] is None and result["calibration"] is None


def test_the_short_form_of_answers_is_accepted(world, api):
    result = created(api.as_(world.regional_coordinator), world.r52, answers=BEST)
    assert result["score"] == 30
    assert result["next_steps"] == []


def test_history_is_newest_first_by_date_then_creation_with_changes(world, api):
    api.as_(world.regional_coordinator)
    first = created(api, world.r52, filled_on="2026-03-01")
    later_same_day = created(api, world.r52, filled_on="2026-06-01", answers=BEST)
    earlier_same_day = created(api, world.r52, filled_on="2026-06-01")  # created after
    back_dated = created(
        api, world.r52, filled_on="2026-01-15", answers=with_answer("routes", "one")
    )
    listing = api.get(f"/api/v1/regions/{world.r52.id}/maturity-assessments").json
    assert listing["total"] == 4
    assert [i["id"] for i in listing["items"]] == [
        earlier_same_day["id"],
        later_same_day["id"],
        first["id"],
        back_dated["id"],
    ]
    changes = [i["change"] for i in listing["items"]]
    assert changes == [9 - 30, 30 - 9, 9 - 10, None]
    assert listing["items"][1]["block_changes"] == {
        "analysis": 7,
        "improvement": 1,
        "environment": 13,
    }
    page = api.get(f"/api/v1/regions/{world.r52.id}/maturity-assessments?per_page=1&page=2")
    assert [i["change"] for i in page.json["items"]] == [21]


@pytest.mark.parametrize(
    "answers, field",
    [
        (with_answer("profiles", "seven"), "answers.profiles"),
        (with_answer("committee", ["monthly"]), "answers.committee"),
        (with_answer("training", "masters"), "answers.training"),
        ([*ANSWERS, {"item": "events", "answer": "none"}], "answers.events"),
        (ANSWERS[:-1], "answers.motivation"),
        ([*ANSWERS, {"item": "budget", "answer": "yes"}], "answers.budget"),
        (with_answer("training", ["masters", "astrology"]), "answers.training"),
    ],
    ids=[
        "unknown code",
        "list for one",
        "string for list",
        "duplicate",
        "missing",
        "unknown item",
        "unknown code in list",
    ],
)
def test_bad_answers_are_422_naming_the_item_and_nothing_is_stored(world, api, answers, field):
    response = post(api.as_(world.regional_coordinator), world.r52, answers=answers)
    error = api_error(response, 422, "validation_error")
    assert list(error["fields"]) == [field]
    assert count_rows(MaturityAssessment) == 0 and count_rows(MaturityAnswer) == 0


def test_header_errors_are_named_together_with_item_errors(world, api):
    response = post(
        api.as_(world.regional_coordinator),
        world.r52,
        filled_by="  ",
        filled_on="2099-01-01",
        answers=with_answer("events", 3),
    )
    assert set(error_fields(response)) == {"filled_by", "filled_on", "answers.events"}
    assert count_rows(MaturityAssessment) == 0


def test_evidence_is_a_web_link_or_a_file(world, api, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    api.as_(world.regional_coordinator)
    answers = [
        a | ({"evidence_url": "file:///etc/passwd"} if a["item"] == "routes" else {})
        for a in ANSWERS
    ]
    fields = error_fields(post(api, world.r52, answers=answers))
    assert list(fields) == ["answers.routes.evidence_url"]
    result = created(api, world.r52)
    response = api.post(
        f"/api/v1/maturity-assessments/{result['id']}/answers/profiles/evidence",
        data={"file": (io.BytesIO(b"%PDF-1.4 protocol"), "Протокол рабочей группы.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    assert response.json["evidence_url"] == ""
    assert response.json["evidence_file"]["name"] == "Протокол рабочей группы.pdf"
    download = api.get(response.json["evidence_file"]["url"])
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    bad = api.post(
        f"/api/v1/maturity-assessments/{result['id']}/answers/profiles/evidence",
        data={"file": (io.BytesIO(b"MZ\x90\x00"), "virus.pdf")},
        content_type="multipart/form-data",
    )
    assert list(error_fields(bad)) == ["file"]


def test_a_consultant_calibrates_and_sees_the_differences(world, api):
    assessment = created(api.as_(world.regional_coordinator), world.r52)
    own = {a["item"]: a["answer"] for a in ANSWERS}
    theirs = own | {"committee": "irregular", "training": ["leaders_intro"]}
    response = api.as_(world.federal_consultant).post(
        f"/api/v1/maturity-assessments/{assessment['id']}/calibration",
        json={"answers": theirs, "comment": "Заседания нерегулярны."},
    )
    assert response.status_code == 201, response.json
    result = response.json
    assert result["score"] == 9 - 1 - 1
    assert result["blocks"]["improvement"] == {"score": 1, "max": 3}
    assert result["differences"] == [
        {
            "item": "committee",
            "number": 4,
            "self": "regular",
            "consultant": "irregular",
            "self_points": 2,
            "consultant_points": 1,
        },
        {
            "item": "training",
            "number": 5,
            "self": ["leaders_intro", "trainings"],
            "consultant": ["leaders_intro"],
            "self_points": 3,
            "consultant_points": 2,
        },
    ]
    detail = api.get(f"/api/v1/maturity-assessments/{assessment['id']}").json
    assert detail["calibration"]["id"] == result["id"]
    assert detail["score"] == 9  # the region's own score is unchanged


def test_calibration_is_checked_like_the_assessment_and_is_the_consultants(world, api):
    assessment = created(api.as_(world.regional_coordinator), world.r52)
    url = f"/api/v1/maturity-assessments/{assessment['id']}/calibration"
    own = {a["item"]: a["answer"] for a in ANSWERS}
    assert api_error(api.post(url, json={"answers": own}), 403, "forbidden")
    api.as_(world.federal_consultant)
    response = api.post(url, json={"answers": own | {"training": "masters"}})
    assert list(error_fields(response)) == ["answers.training"]


def test_roles_may_read_but_only_the_coordinator_fills_in(world, api):
    created(api.as_(world.regional_coordinator), world.r52)
    for user in (world.working_group_member, world.manager):
        api.as_(user)
        assert api.get(f"/api/v1/regions/{world.r52.id}/maturity-assessments").json["total"] == 1
        assert api_error(post(api, world.r52), 403, "forbidden")
    assert post(api.as_(world.admin), world.r52).status_code == 201
    assert api_error(post(api.as_(world.federal_consultant), world.r52), 403, "forbidden")


def test_another_regions_assessments_are_not_found(world, api):
    assessment = created(api.as_(world.regional_coordinator), world.r52)
    api.as_(world.coordinator74)
    assert api_error(
        api.get(f"/api/v1/regions/{world.r52.id}/maturity-assessments"), 404, "not_found"
    )
    assert api_error(post(api, world.r52), 404, "not_found")
    assert api_error(api.get(f"/api/v1/maturity-assessments/{assessment['id']}"), 404, "not_found")
    evidence = f"/api/v1/maturity-assessments/{assessment['id']}/answers/profiles/evidence"
    assert api.post(evidence, data={}, content_type="multipart/form-data").status_code == 404
    for export in ("xlsx", "pdf"):
        url = f"/api/v1/maturity-assessments/{assessment['id']}/export.{export}"
        assert api_error(api.get(url), 404, "not_found")
    assert count_rows(MaturityAssessment) == 1
    assert post(api, world.r74).status_code == 201
    assert api.get(f"/api/v1/regions/{world.r74.id}/maturity-assessments").json["total"] == 1
    db.session.rollback()


def test_the_exports_are_in_the_api_too(world, api):
    assessment = created(api.as_(world.regional_coordinator), world.r52)
    api.as_(world.manager)
    sheet = xlsx_sheet(api.get(f"/api/v1/maturity-assessments/{assessment['id']}/export.xlsx"))
    assert sheet["B2"].value == "52 Нижегородская область"
    response = api.get(f"/api/v1/maturity-assessments/{assessment['id']}/export.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {
        "/api/v1/maturity/checklist",
        "/api/v1/regions/{region_id}/maturity-assessments",
        "/api/v1/maturity-assessments/{assessment_id}",
        "/api/v1/maturity-assessments/{assessment_id}/calibration",
        "/api/v1/maturity-assessments/{assessment_id}/answers/{item}/evidence",
        "/api/v1/maturity-assessments/{assessment_id}/export.xlsx",
        "/api/v1/maturity-assessments/{assessment_id}/export.pdf",
    } <= set(paths)
    post_body = paths["/api/v1/regions/{region_id}/maturity-assessments"]["post"]
    assert "201" in post_body["responses"]
